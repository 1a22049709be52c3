"""rti-filer (Python 3.12, Celery 5.4 workers on RabbitMQ, httpx and lxml;
three worker pods and a beat pod on EKS in eu-west-2, installed by a
GitHub Actions workflow running `helm upgrade`; team in Leeds, Kraków and
Pune) of Paysmith, a B2B payroll SaaS for about 2,400 UK employers. When a
pay run is finalised, payrun-engine asks rti-filer to file the Full
Payment Submission (FPS) with HMRC: rti-filer builds the GovTalk message,
sends it to HMRC's Transaction Engine (`/submission`), polls (`/poll`)
until HMRC answers and reports the outcome back to payrun-engine, whose UI
shows "Accepted by HMRC" or "Rejected by HMRC (<error>)". The bank side is
separate: bank-files builds the Bacs Standard 18 files and submits them
through the Bacs bureau. Most customers are bureau clients: Paysmith files
as their agent with its one agent Government Gateway user. About 140
larger customers with their own payroll teams use Paysmith as software
and file with their own Government Gateway credentials ("self-filing",
the credentials in Vault under `rti/employers/<id>/gateway`); the
employer's filing profile in employers-api v1 says `sender: employer`.

Tuesday 26 May, 13:47 UTC: RTI-612 replaces `senders.py` with one
`SenderResolver` in `credentials.py` for FPS, EPS and EYU. It decides
self-filing from `filing_profile.self_filing`, the field of employers-api
v2 (which the admin UI uses); rti-filer reads v1, where the field is
`sender`. The tests build the profile in the v2 shape and pass. From the
evening release 4.18.0 (deployed at 19:05, the deploy names the release
commit after it) every submission goes out with the agent credentials.
For a bureau client nothing changes; a self-filing employer's FPS is
refused by the Government Gateway with error 1046 ("Authentication
Failure. The supplied user credentials failed validation for the
requested service."), because Paysmith's agent user is not authorised
for its PAYE scheme, unless the employer also happens to have authorised
Paysmith as its agent (Norvane, Thornbury).

Wednesday 27 May is input day for Friday's payday: the Bacs files must
reach Bacs today, and most FPS are filed today. HMRC's overnight
maintenance ends at 06:00 BST; autopilot pay runs (bureau clients) file
from 05:00 UTC, all accepted. 4.19.0 goes out at 05:52 (RTI-618 logs
HMRC's errors with number and text, the very error line of the
incident; RTI-615 polls at HMRC's PollInterval instead of every 5 s, in
the GovTalk client; RTI-616 keeps passwords out of reprs, in the
culprit's file; an lxml bump). From 06:24 the self-filers' own payroll
teams finalise their runs and each FPS comes back 1046; they retry and
open tickets. The runbook (Tuesday) reads 1046 as a client that removed
the agent authorisation, payroll software vendors' help pages say it can
be the Gateway having problems, HMRC had maintenance overnight and posts
an unrelated agent services issue at 07:12; the on-call rolls back to
4.18.0 at 07:34 without effect (the error line turns into 4.18.0's
generic "submission failed ... qualifier=error"). Marek sees
`sender=agent` in the submitting line of a self-filer and no Vault reads
of employers' Gateway credentials since the Tuesday deploy; his RTI-612
reads the v2 field. RTI-621 (4.19.1) goes out at 08:53, the rejected FPS
are resubmitted from 09:04 and accepted; nothing was filed late.

Sources: rti-filer workers and beat (Celery's log format through
`kubectl logs --prefix`, line format), payrun-engine (Go, logfmt),
bank-files (Spring Boot), the Istio egress gateway's access log to HMRC
(Envoy text format), Vault's audit log (JSON), the deploy workflow's
GitHub Actions logs, HMRC's service availability page as the status relay
saw it (JSON), #payroll-incidents (Slack export, JSON lines), Zendesk
tickets (JSON lines)."""

import base64
import datetime as dt
import hashlib
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, spring
from skeletons import chores

SERVICE = "rti-filer"
START, END = utc("2026-05-27 04:50:00"), utc("2026-05-27 10:10:00")
TUE_DEPLOY = utc("2026-05-26 19:05:40")   # 4.18.0 (holds RTI-612)
RELEASE = utc("2026-05-27 05:52:30")      # 4.19.0
ROLLBACK = utc("2026-05-27 07:34:10")     # helm rollback to 4.18.0
FIXED = utc("2026-05-27 08:53:20")        # 4.19.1 (RTI-621)
RESUBMIT = utc("2026-05-27 09:04:10")     # payroll ops resubmits the rejected FPS
AUTOPILOT = utc("2026-05-27 05:00:00")
DPS_RUN = utc("2026-05-27 05:30:00")
AGENT_USER = "638410271027"

# self-filing employers who finalise today: id, name, PAYE ref, employees, agent also authorised, finalise/retry times
SELF_FILERS = [
    ("emp_00231", "Calder Valley Care Homes Ltd", "475/CV20931", 612, False, ["06:24:05", "06:41:30", "07:12:40"]),
    ("emp_00388", "Pennine Foods Ltd", "961/PF77104", 1480, False, ["06:38:20", "06:55:10"]),
    ("emp_00412", "Brightwell Academies Trust", "120/BA31877", 930, False, ["06:44:50"]),
    ("emp_00503", "Aire & Wharfe Housing Association", "581/AW10452", 388, False, ["06:47:15", "07:50:30"]),
    ("emp_00517", "Norvane Logistics Ltd", "846/NL55120", 2210, True, ["06:58:40"]),
    ("emp_00622", "Harrowgate Building Supplies Ltd", "406/HG61208", 274, False, ["07:15:20"]),
    ("emp_00694", "Kestrel Engineering Ltd", "754/KE40913", 515, False, ["07:46:05", "07:47:50"]),
    ("emp_00731", "Saltaire Textiles Ltd", "210/ST88312", 196, False, ["07:58:30"]),
    ("emp_00802", "Thornbury Motor Group Ltd", "635/TM20177", 842, True, ["08:10:10"]),
    ("emp_00845", "Morland Hotels Ltd", "892/MH31540", 677, False, ["08:20:45"]),
    ("emp_00910", "Castleford Plastics Ltd", "321/CP72019", 351, False, ["09:12:30"]),
]

PLACES = ["Aire", "Bramley", "Calverley", "Denholme", "Elland", "Farsley", "Garforth", "Haworth", "Ilkley", "Keighley", "Linthwaite",
          "Meanwood", "Normanton", "Otley", "Pudsey", "Queensbury", "Rothwell", "Shipley", "Todmorden", "Wetherby", "Yeadon", "Baildon",
          "Batley", "Holmfirth", "Mirfield", "Ossett", "Rastrick", "Sowerby", "Thornton", "Horsforth", "Kirkstall", "Morley",
          "Saddleworth", "Slaithwaite", "Hebden", "Luddenden", "Stanbury", "Oakworth", "Wibsey", "Cleckheaton", "Heckmondwike", "Birstall"]
TRADES = ["Joinery Ltd", "Dental Practice", "Veterinary Group", "Accountants LLP", "Bakery Ltd", "Motors Ltd", "Nurseries Ltd",
          "Plumbing & Heating Ltd", "Pharmacy Ltd", "Solicitors LLP", "Electrical Ltd", "Print Works Ltd", "Garden Centre Ltd",
          "Roofing Ltd", "Lettings Ltd", "Physio Clinic Ltd", "Brewery Ltd", "Cleaning Services Ltd", "Fabrications Ltd",
          "Home Care Ltd", "Architects LLP", "Hair Studio Ltd", "Removals Ltd", "Opticians Ltd", "Scaffolding Ltd"]
OFFICES = ["120", "210", "321", "406", "475", "581", "635", "754", "846", "892", "951", "961"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "rti-filer"
version = "4.17.0"
requires-python = ">=3.12"
dependencies = [
  "celery[librabbitmq]==5.4.0",
  "httpx==0.27.2",
  "hvac==2.3.0",
  "lxml==5.3.0",
  "pydantic==2.9.2",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "respx==0.21.1"]
"""

CELERY_APP = '''import logging
import os

from celery import Celery
from celery.signals import worker_ready

from rti_filer import __version__

app = Celery("rti_filer", broker=os.environ["BROKER_URL"], include=["rti_filer.tasks"])
app.conf.update(
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    task_routes={"rti_filer.tasks.submit_fps": {"queue": "fps"}, "rti_filer.tasks.submit_eps": {"queue": "eps"},
                 "rti_filer.tasks.fetch_dps": {"queue": "dps"}},
    beat_schedule={
        "poll-outstanding": {"task": "rti_filer.tasks.poll_outstanding", "schedule": 300.0},
        "fetch-dps": {"task": "rti_filer.tasks.fetch_dps", "schedule": 86400.0},
    },
)


@worker_ready.connect
def ready(sender, **_):
    logging.getLogger("rti_filer").info("rti_filer %s (commit %s) ready, queues=fps,eps,dps", __version__, os.environ.get("COMMIT", "dev")[:7])
'''

SENDERS = '''"""Which Government Gateway credentials a submission goes out with.

Bureau clients: Paysmith's agent Gateway user (PAYE for Agents), the same
for every client, cached for five minutes. Self-filing employers
(`filing_profile.sender == "employer"` in employers-api v1): their own
Gateway user, from Vault, read for each submission."""

import time
from dataclasses import dataclass

from rti_filer import vault

AGENT_PATH = "rti/agent/gateway"
_agent = None
_agent_at = 0.0


@dataclass(frozen=True)
class Sender:
    kind: str
    user_id: str
    password: str


def sender_for(employer):
    global _agent, _agent_at
    if employer["filing_profile"]["sender"] == "employer":
        secret = vault.read(f"rti/employers/{employer['id']}/gateway")
        return Sender("employer", secret["user_id"], secret["password"])
    if _agent is None or time.monotonic() - _agent_at > 300:
        secret = vault.read(AGENT_PATH)
        _agent, _agent_at = Sender("agent", secret["user_id"], secret["password"]), time.monotonic()
    return _agent
'''

EMPLOYERS = '''"""employers-api v1 client.

GET /v1/employers/{id} ->
    {"id": "emp_00231", "name": "...", "paye_ref": "475/CV20931",
     "accounts_office_ref": "475PC00209318",
     "filing_profile": {"sender": "agent" | "employer", "eps_monthly": bool}}

GET /v1/payruns/{id} -> the finalised pay run with its employees' figures.
"""

import os

import httpx

_http = httpx.Client(base_url=os.environ.get("EMPLOYERS_API", "http://employers-api.payroll.svc"), timeout=10.0)


def get(employer_id):
    r = _http.get(f"/v1/employers/{employer_id}")
    r.raise_for_status()
    return r.json()


def payrun(payrun_id):
    r = _http.get(f"/v1/payruns/{payrun_id}", params={"include": "employees"})
    r.raise_for_status()
    return r.json()
'''

VAULT = '''"""KV v2 reads with the pod's Kubernetes service account."""

import os

import hvac

_client = None


def read(path):
    global _client
    if _client is None:
        _client = hvac.Client(url=os.environ["VAULT_ADDR"])
        with open("/var/run/secrets/kubernetes.io/serviceaccount/token") as f:
            _client.auth.kubernetes.login(role="rti-filer", jwt=f.read())
    return _client.secrets.kv.v2.read_secret_version(path=path, mount_point="secret")["data"]["data"]
'''

GOVTALK_CLIENT_V1 = '''"""HMRC Transaction Engine: the GovTalk document protocol.

submit -> acknowledgement (CorrelationID, PollInterval, ResponseEndPoint)
poll   -> acknowledgement again, or response, or error
delete -> removes the response from HMRC's side once we have it
"""

import time

import httpx
from lxml import etree

from rti_filer.govtalk import envelope

NS = {"gt": "http://www.govtalk.gov.uk/CM/envelope"}
POLL_EVERY = 5.0


class GovTalkError(Exception):
    def __init__(self, qualifier, correlation_id, errors):
        super().__init__(qualifier)
        self.qualifier = qualifier
        self.correlation_id = correlation_id
        self.errors = errors          # [(raised_by, number, type, text)]


class Outcome:
    def __init__(self, correlation_id, irmark, polls, seconds):
        self.correlation_id, self.irmark, self.polls, self.seconds = correlation_id, irmark, polls, seconds


class GovTalkClient:
    def __init__(self, cfg, log):
        self.cfg, self.log = cfg, log
        self.http = httpx.Client(timeout=cfg["timeout_s"], headers={"Content-Type": "text/xml"})

    def submit_and_wait(self, klass, keys, sender, body):
        started = time.monotonic()
        doc = envelope.build(klass, keys, sender, body, test=self.cfg["test_in_live"])
        ack = self._post(self.cfg["submission_url"], doc)
        correlation = ack.findtext(".//gt:CorrelationID", namespaces=NS)
        interval = float(ack.find(".//gt:ResponseEndPoint", namespaces=NS).get("PollInterval", "10"))
        self.log.info("GovTalk acknowledgement correlation=%s poll_interval=%ss", correlation, int(interval))
        polls = 0
        while True:
            time.sleep(POLL_EVERY)
            polls += 1
            reply = self._post(self.cfg["poll_url"], envelope.poll(klass, correlation))
            qualifier = reply.findtext(".//gt:Qualifier", namespaces=NS)
            if qualifier == "acknowledgement":
                continue
            self._post(self.cfg["submission_url"], envelope.delete(klass, correlation))
            if qualifier == "error":
                raise GovTalkError(qualifier, correlation, [
                    (e.findtext("gt:RaisedBy", namespaces=NS), e.findtext("gt:Number", namespaces=NS),
                     e.findtext("gt:Type", namespaces=NS), e.findtext("gt:Text", namespaces=NS))
                    for e in reply.iterfind(".//gt:GovTalkErrors/gt:Error", namespaces=NS)])
            irmark = reply.findtext(".//{*}IRmarkReceipt//{*}Message") or ""
            return Outcome(correlation, irmark, polls, time.monotonic() - started)

    def _post(self, url, doc):
        r = self.http.post(url, content=etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
        r.raise_for_status()
        return etree.fromstring(r.content)
'''

ENVELOPE = '''"""GovTalk envelopes for RTI (FPS, EPS) and the poll and delete requests."""

from lxml import etree

from rti_filer.irmark import add_irmark

GT = "http://www.govtalk.gov.uk/CM/envelope"


def _el(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{GT}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def build(klass, keys, sender, body, test=False):
    """keys: (tax office number, tax office reference) of the employer's PAYE scheme."""
    msg = etree.Element(f"{{{GT}}}GovTalkMessage", nsmap={None: GT})
    _el(msg, "EnvelopeVersion", "2.0")
    header = _el(msg, "Header")
    details = _el(header, "MessageDetails")
    _el(details, "Class", klass)
    _el(details, "Qualifier", "request")
    _el(details, "Function", "submit")
    _el(details, "CorrelationID")
    _el(details, "Transformation", "XML")
    if test:
        _el(details, "GatewayTest", "1")
    ida = _el(_el(header, "SenderDetails"), "IDAuthentication")
    _el(ida, "SenderID", sender.user_id)
    auth = _el(ida, "Authentication")
    _el(auth, "Method", "clear")
    _el(auth, "Value", sender.password)
    gtd = _el(msg, "GovTalkDetails")
    k = _el(gtd, "Keys")
    _el(k, "Key", keys[0], Type="TaxOfficeNumber")
    _el(k, "Key", keys[1], Type="TaxOfficeReference")
    channel = _el(_el(gtd, "ChannelRouting"), "Channel")
    _el(channel, "Product", "Paysmith Payroll")
    _el(msg, "Body").append(add_irmark(body))
    return msg


def poll(klass, correlation_id):
    msg = etree.Element(f"{{{GT}}}GovTalkMessage", nsmap={None: GT})
    _el(msg, "EnvelopeVersion", "2.0")
    details = _el(_el(msg, "Header"), "MessageDetails")
    _el(details, "Class", klass)
    _el(details, "Qualifier", "poll")
    _el(details, "Function", "submit")
    _el(details, "CorrelationID", correlation_id)
    _el(msg, "GovTalkDetails")
    _el(msg, "Body")
    return msg


def delete(klass, correlation_id):
    msg = poll(klass, correlation_id)
    msg.find(f".//{{{GT}}}Qualifier").text = "request"
    msg.find(f".//{{{GT}}}Function").text = "delete"
    return msg
'''

TASKS_V1 = '''"""Celery tasks: one FPS or EPS per task, filed with HMRC and reported
back to payrun-engine."""

from celery import shared_task
from celery.utils.log import get_task_logger

from rti_filer import employers, eps, fps, results, settings
from rti_filer.govtalk.client import GovTalkClient, GovTalkError
from rti_filer.senders import sender_for

log = get_task_logger(__name__)


def _keys(paye_ref):
    office, reference = paye_ref.split("/", 1)
    return office, reference


@shared_task(bind=True, name="rti_filer.tasks.submit_fps", max_retries=5)
def submit_fps(self, employer_id, payrun_id):
    employer = employers.get(employer_id)
    payrun = employers.payrun(payrun_id)
    sender = sender_for(employer)
    log.info("submitting FPS employer=%s paye_ref=%s period=%s employees=%d sender=%s gateway_user=%s",
             employer_id, employer["paye_ref"], payrun["tax_period"], len(payrun["employees"]), sender.kind, "*" * 8 + sender.user_id[-4:])
    client = GovTalkClient(settings.GOVTALK, log)
    try:
        outcome = client.submit_and_wait("HMRC-PAYE-RTI-FPS", _keys(employer["paye_ref"]), sender, fps.build(employer, payrun))
    except GovTalkError as err:
        log.warning("submission failed employer=%s kind=FPS correlation=%s qualifier=%s", employer_id, err.correlation_id, err.qualifier)
        results.report(payrun_id, "FPS", "rejected", errors=err.errors)
        return {"status": "rejected", "errors": [e[1] for e in err.errors]}
    except Exception as exc:  # network, 5xx: HMRC asks us to try again later
        raise self.retry(exc=exc, countdown=60)
    log.info("FPS accepted employer=%s correlation=%s irmark=%s polls=%d took=%.1fs",
             employer_id, outcome.correlation_id, outcome.irmark, outcome.polls, outcome.seconds)
    results.report(payrun_id, "FPS", "accepted", correlation_id=outcome.correlation_id)
    return {"status": "accepted", "correlation_id": outcome.correlation_id}


@shared_task(bind=True, name="rti_filer.tasks.submit_eps", max_retries=5)
def submit_eps(self, employer_id, tax_month):
    employer = employers.get(employer_id)
    sender = sender_for(employer)
    log.info("submitting EPS employer=%s paye_ref=%s tax_month=%s sender=%s", employer_id, employer["paye_ref"], tax_month, sender.kind)
    client = GovTalkClient(settings.GOVTALK, log)
    try:
        outcome = client.submit_and_wait("HMRC-PAYE-RTI-EPS", _keys(employer["paye_ref"]), sender, eps.build(employer, tax_month))
    except GovTalkError as err:
        log.warning("submission failed employer=%s kind=EPS correlation=%s qualifier=%s", employer_id, err.correlation_id, err.qualifier)
        results.report(None, "EPS", "rejected", errors=err.errors)
        return {"status": "rejected"}
    log.info("EPS accepted employer=%s correlation=%s took=%.1fs", employer_id, outcome.correlation_id, outcome.seconds)
    return {"status": "accepted"}
'''

SETTINGS = '''import os

import yaml

with open(os.environ.get("RTI_CONFIG", "config/production.yaml")) as f:
    _cfg = yaml.safe_load(f)

GOVTALK = _cfg["govtalk"]
DPS = _cfg["dps"]
'''

PROD_YAML = """govtalk:
  submission_url: https://transaction-engine.tax.service.gov.uk/submission
  poll_url: https://transaction-engine.tax.service.gov.uk/poll
  timeout_s: 30
  test_in_live: false
dps:
  url: https://dps.ws.hmrc.gov.uk/dpsauthentication/service
  # notices (P6, P9, SL1, SL2, PGL1, NOT) for every scheme we are agent for
  since_hours: 24
"""

VALUES = """image:
  repository: 204118570293.dkr.ecr.eu-west-2.amazonaws.com/rti-filer
  tag: latest
worker:
  replicas: 3
  concurrency: 8
  queues: fps,eps,dps
beat:
  replicas: 1
env:
  BROKER_URL: amqp://rti@rabbitmq.payroll.svc:5672//
  EMPLOYERS_API: http://employers-api.payroll.svc
  VAULT_ADDR: https://vault.platform.svc:8200
resources:
  requests: {cpu: 250m, memory: 512Mi}
  limits: {memory: 1Gi}
"""

DEPLOY_WORKFLOW = """name: deploy
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      action:
        description: upgrade or rollback
        default: upgrade
      revision:
        description: helm revision to roll back to
        required: false
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    permissions: {id-token: write, contents: read}
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::204118570293:role/gha-deploy-payroll
          aws-region: eu-west-2
      - run: aws eks update-kubeconfig --name payroll-prod
      - if: inputs.action != 'rollback'
        run: helm upgrade --install rti-filer deploy/helm/rti-filer -n payroll -f deploy/helm/values-production.yaml --set image.tag=${GITHUB_REF_NAME#v} --set-string commit=${GITHUB_SHA} --wait --timeout 10m
      - if: inputs.action == 'rollback'
        run: helm rollback rti-filer ${{ inputs.revision }} -n payroll --wait --timeout 10m
"""

RUNBOOK_V1 = """# rti-filer runbook

Owner: #team-rti. Dashboards: Grafana > Payroll > RTI filings.

## FpsBacklog

FPS waiting more than 15 minutes for a worker. Check the `fps` queue in
RabbitMQ and the workers' pods; HMRC's Transaction Engine answers slowly
on the 19th-22nd and on payday eves, so scale the workers rather than
shorten the poll.

## FpsRejected

HMRC refused an FPS. payrun-engine shows the error number to the
customer. 3001 is a data problem in the body (the payroll team fixes the
employee record and resubmits). For anything else check HMRC's service
availability page first.
"""

README = """# rti-filer

Files Real Time Information with HMRC for Paysmith payroll: the FPS of
each finalised pay run, EPS when an employer has something to claim, and
the daily DPS notices (tax codes, student loans) for our agent clients.

- GovTalk to HMRC's Transaction Engine, submit then poll (`rti_filer/govtalk`).
- Bureau clients go out with our agent Government Gateway user; self-filing
  customers with their own (see `rti_filer/senders.py`).
- Outcomes go back to payrun-engine, which shows them on the pay run.

## Running locally

```
docker compose up -d rabbitmq vault
pip install -e .[test] && pytest -q
RTI_CONFIG=config/test-in-live.yaml celery -A rti_filer.celery_app worker -Q fps,eps,dps
```

Releases are tagged `vN.N.N`; the deploy workflow runs `helm upgrade` on the
tag. Payday weeks: release before 07:00 or after 18:00 UK time.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Booth", "hannah.booth@paysmith.co.uk", 60)
    marek = Person("Marek Wójcik", "marek.wojcik@paysmith.co.uk", 120)
    priya = Person("Priya Raman", "priya.raman@paysmith.co.uk", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "rti_filer/__init__.py": '__version__ = "4.17.0"\n',
        "rti_filer/celery_app.py": CELERY_APP,
        "rti_filer/settings.py": SETTINGS,
        "rti_filer/tasks.py": TASKS_V1,
        "rti_filer/senders.py": SENDERS,
        "rti_filer/employers.py": EMPLOYERS,
        "rti_filer/vault.py": VAULT,
        "rti_filer/results.py": '"""Reports filing outcomes to payrun-engine (POST /v1/payruns/{id}/filings)."""\n\nimport os\n\nimport httpx\n\n_http = httpx.Client(base_url=os.environ.get("PAYRUN_ENGINE", "http://payrun-engine.payroll.svc"), timeout=10.0)\n\n\ndef report(payrun_id, kind, status, errors=(), correlation_id=None):\n    body = {"kind": kind, "status": status, "correlation_id": correlation_id,\n            "errors": [{"raised_by": r, "number": n, "type": t, "text": x} for r, n, t, x in errors]}\n    if payrun_id:\n        _http.post(f"/v1/payruns/{payrun_id}/filings", json=body).raise_for_status()\n',
        "rti_filer/fps.py": '"""The FPS body (FullPaymentSubmission, 26-27 schema) of a finalised pay run."""\n\nfrom lxml import etree\n\nNS = "http://www.govtalk.gov.uk/taxation/PAYE/RTI/FullPaymentSubmission/26-27/1"\n\n\ndef build(employer, payrun):\n    irenv = etree.Element(f"{{{NS}}}IRenvelope", nsmap={None: NS})\n    header = etree.SubElement(irenv, f"{{{NS}}}IRheader")\n    etree.SubElement(header, f"{{{NS}}}PeriodEnd").text = payrun["period_end"]\n    fps = etree.SubElement(irenv, f"{{{NS}}}FullPaymentSubmission")\n    etree.SubElement(fps, f"{{{NS}}}RelatedTaxYear").text = "26-27"\n    for emp in payrun["employees"]:\n        fps.append(_employee(emp))\n    return irenv\n\n\ndef _employee(emp):\n    el = etree.Element(f"{{{NS}}}Employee")\n    details = etree.SubElement(el, f"{{{NS}}}EmployeeDetails")\n    if emp.get("nino"):\n        etree.SubElement(details, f"{{{NS}}}NINO").text = emp["nino"]\n    name = etree.SubElement(details, f"{{{NS}}}Name")\n    etree.SubElement(name, f"{{{NS}}}Fore").text = emp["forename"]\n    etree.SubElement(name, f"{{{NS}}}Sur").text = emp["surname"]\n    return el\n',
        "rti_filer/eps.py": '"""The EPS body: recoverable statutory payments, no payment for period."""\n\nfrom lxml import etree\n\nNS = "http://www.govtalk.gov.uk/taxation/PAYE/RTI/EmployerPaymentSummary/26-27/1"\n\n\ndef build(employer, tax_month):\n    irenv = etree.Element(f"{{{NS}}}IRenvelope", nsmap={None: NS})\n    eps = etree.SubElement(irenv, f"{{{NS}}}EmployerPaymentSummary")\n    etree.SubElement(eps, f"{{{NS}}}RelatedTaxYear").text = "26-27"\n    return irenv\n',
        "rti_filer/irmark.py": '"""IRmark: base32 SHA-1 of the canonicalised Body, as HMRC computes it."""\n\nimport base64\nimport hashlib\n\nfrom lxml import etree\n\n\ndef add_irmark(body):\n    digest = hashlib.sha1(etree.tostring(body, method="c14n")).digest()\n    mark = etree.SubElement(body.find("{*}IRheader"), "IRmark", Type="generic")\n    mark.text = base64.b64encode(digest).decode()\n    return body\n',
        "rti_filer/govtalk/__init__.py": "",
        "rti_filer/govtalk/client.py": GOVTALK_CLIENT_V1,
        "rti_filer/govtalk/envelope.py": ENVELOPE,
        "config/production.yaml": PROD_YAML,
        "config/test-in-live.yaml": PROD_YAML.replace("test_in_live: false", "test_in_live: true"),
        "deploy/helm/values-production.yaml": VALUES,
        "deploy/helm/rti-filer/Chart.yaml": "apiVersion: v2\nname: rti-filer\nversion: 1.6.0\n",
        ".github/workflows/deploy.yml": DEPLOY_WORKFLOW,
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "tests/test_senders.py": 'from rti_filer import senders\n\n\ndef test_self_filing_employer_uses_own_credentials(monkeypatch):\n    monkeypatch.setattr(senders.vault, "read", lambda path: {"user_id": path, "password": "x"})\n    s = senders.sender_for({"id": "emp_1", "filing_profile": {"sender": "employer"}})\n    assert s.kind == "employer" and s.user_id == "rti/employers/emp_1/gateway"\n\n\ndef test_bureau_client_uses_agent(monkeypatch):\n    monkeypatch.setattr(senders.vault, "read", lambda path: {"user_id": path, "password": "x"})\n    assert senders.sender_for({"id": "emp_2", "filing_profile": {"sender": "agent"}}).kind == "agent"\n',
        "tests/test_envelope.py": 'from lxml import etree\n\nfrom rti_filer.govtalk import envelope\nfrom rti_filer.senders import Sender\n\n\ndef test_keys_are_the_paye_reference():\n    body = etree.fromstring("<IRenvelope><IRheader/></IRenvelope>")\n    msg = envelope.build("HMRC-PAYE-RTI-FPS", ("475", "CV20931"), Sender("agent", "1", "p"), body)\n    keys = [k.text for k in msg.iter("{*}Key")]\n    assert keys == ["475", "CV20931"]\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"celery\", \"-A\", \"rti_filer.celery_app\", \"worker\", \"-Q\", \"fps,eps,dps\", \"--concurrency\", \"8\"]\n",
        "README.md": README,
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 4.17.0\n\n- FPS: 2026-27 schema (RTI-590).\n- DPS: fetch SL2 and PGL1 notices too (RTI-593).\n",
    }
    repo.commit(utc("2026-05-20 09:30:00"), hannah, "rti-filer 4.17.0", files)
    crng = random.Random(58103)
    repo.schedule(chores(crng, SERVICE, [hannah, marek, priya], utc("2026-05-20 11:00:00"), utc("2026-05-22 16:00:00"), 3)
                  + chores(crng, SERVICE, [marek], utc("2026-05-26 07:00:00"), utc("2026-05-26 12:00:00"), 1))
    repo.commit(utc("2026-05-20 15:10:00"), marek, "fps: irregular payment indicator for zero-hours employees (RTI-598)\n\nEmployees on zero-hours contracts who are not paid in a period were\nreported as leavers by HMRC's side after three months.", {
        "rti_filer/fps.py": sub(repo.files["rti_filer/fps.py"], '    etree.SubElement(name, f"{{{NS}}}Sur").text = emp["surname"]\n',
                                '    etree.SubElement(name, f"{{{NS}}}Sur").text = emp["surname"]\n    if emp.get("irregular"):\n        etree.SubElement(el, f"{{{NS}}}IrrEmp").text = "yes"\n'),
    })
    repo.commit(utc("2026-05-21 10:25:00"), priya, "ci: ruff", {
        ".github/workflows/ci.yml": sub(repo.files[".github/workflows/ci.yml"], "      - run: pytest -q\n", "      - run: pip install ruff==0.7.4 && ruff check .\n      - run: pytest -q\n"),
    })
    repo.commit(utc("2026-05-22 08:50:00"), priya, "docs: GovTalk and the errors HMRC returns", {
        "docs/govtalk.md": "# GovTalk with HMRC\n\n- Submit to `/submission`, HMRC acknowledges with a CorrelationID and a\n  PollInterval (10 s in live); poll `/poll` until the qualifier is\n  `response` or `error`, then send a delete request.\n- The Gateway authenticates the SenderID/password against the Keys\n  (TaxOfficeNumber, TaxOfficeReference): the user must be the employer's\n  own Gateway user for that PAYE scheme, or an agent the employer has\n  authorised for it.\n- Errors we see: 1046 (authentication failure: wrong user or password, or\n  a user not enrolled/authorised for the scheme; payroll vendors' help\n  pages say it also shows up when the Gateway has problems), 1001 (schema),\n  2005 (duplicate), 3001 (business rules in the body, details in the\n  body's errors), 5000 (HMRC internal, retried).\n",
    })
    repo.commit(utc("2026-05-25 05:12:00"), bot, "chore(deps): update dependency pydantic to v2.9.3", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"pydantic==2.9.2"', '"pydantic==2.9.3"'),
    })
    repo.commit(utc("2026-05-26 11:05:00"), priya, "eps: NoPaymentForPeriod when a monthly scheme has no pay run (RTI-609)", {
        "rti_filer/eps.py": sub(repo.files["rti_filer/eps.py"], '    etree.SubElement(eps, f"{{{NS}}}RelatedTaxYear").text = "26-27"\n',
                                '    etree.SubElement(eps, f"{{{NS}}}RelatedTaxYear").text = "26-27"\n    if employer.get("no_payment_for_period"):\n        etree.SubElement(eps, f"{{{NS}}}NoPaymentForPeriod").text = "yes"\n'),
    })

    credentials = '''"""Government Gateway credentials for a submission (RTI-612).

Paysmith files as the employer's agent (PAYE for Agents: one Gateway user
for all our bureau clients) unless the employer files with its own Gateway
credentials (self-filing customers), which live in Vault under
rti/employers/<id>/gateway. FPS, EPS and EYU all ask this resolver, so the
choice of sender is made in one place."""

import time
from dataclasses import dataclass

from rti_filer import vault

AGENT_PATH = "rti/agent/gateway"


@dataclass(frozen=True)
class Sender:
    kind: str            # "agent" or "employer"
    user_id: str
    password: str


class SenderResolver:
    def __init__(self, agent_ttl=300.0):
        self.agent_ttl = agent_ttl
        self._agent = None
        self._agent_at = 0.0

    def for_employer(self, employer):
        profile = employer.get("filing_profile") or {}
        if profile.get("self_filing"):
            secret = vault.read(f"rti/employers/{employer['id']}/gateway")
            return Sender("employer", secret["user_id"], secret["password"])
        return self.agent()

    def agent(self):
        if self._agent is None or time.monotonic() - self._agent_at > self.agent_ttl:
            secret = vault.read(AGENT_PATH)
            self._agent = Sender("agent", secret["user_id"], secret["password"])
            self._agent_at = time.monotonic()
        return self._agent


resolver = SenderResolver()
'''
    tasks_612 = sub(repo.files["rti_filer/tasks.py"],
                    "from rti_filer.senders import sender_for\n", "from rti_filer.credentials import resolver\n",
                    "    sender = sender_for(employer)\n    log.info(\"submitting FPS", "    sender = resolver.for_employer(employer)\n    log.info(\"submitting FPS",
                    "    sender = sender_for(employer)\n    log.info(\"submitting EPS", "    sender = resolver.for_employer(employer)\n    log.info(\"submitting EPS")
    culprit = repo.commit(utc("2026-05-26 13:47:00"), marek, "credentials: one sender resolver for FPS, EPS and EYU (RTI-612)\n\nsenders.sender_for was copied into the EYU prototype with its own agent\ncache. Move the choice of Government Gateway user into\ncredentials.SenderResolver: self-filing employers get their own user\nfrom Vault, everyone else our agent user (cached for five minutes).", {
        "rti_filer/credentials.py": credentials,
        "rti_filer/senders.py": None,
        "rti_filer/tasks.py": tasks_612,
        "tests/test_senders.py": None,
        "tests/test_credentials.py": 'from rti_filer import credentials\n\n\ndef _vault(monkeypatch):\n    monkeypatch.setattr(credentials.vault, "read", lambda path: {"user_id": path, "password": "x"})\n\n\ndef test_self_filing_employer_uses_own_credentials(monkeypatch):\n    _vault(monkeypatch)\n    s = credentials.SenderResolver().for_employer({"id": "emp_1", "filing_profile": {"self_filing": True}})\n    assert s.kind == "employer" and s.user_id == "rti/employers/emp_1/gateway"\n\n\ndef test_bureau_client_uses_agent(monkeypatch):\n    _vault(monkeypatch)\n    assert credentials.SenderResolver().for_employer({"id": "emp_2", "filing_profile": {"self_filing": False}}).kind == "agent"\n\n\ndef test_agent_is_cached(monkeypatch):\n    calls = []\n    monkeypatch.setattr(credentials.vault, "read", lambda path: calls.append(path) or {"user_id": "a", "password": "x"})\n    r = credentials.SenderResolver()\n    r.agent(), r.agent()\n    assert calls == ["rti/agent/gateway"]\n',
        "tests/test_envelope.py": sub(repo.files["tests/test_envelope.py"], "from rti_filer.senders import Sender", "from rti_filer.credentials import Sender"),
        "README.md": sub(repo.files["README.md"], "(see `rti_filer/senders.py`)", "(see `rti_filer/credentials.py`)"),
    })
    repo.commit(utc("2026-05-26 14:32:00"), hannah, "runbook: error 1046", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 1046 Authentication Failure\n\nThe Gateway did not accept the sender for the employer's PAYE scheme.\nFor a bureau client this is nearly always the client removing our agent\nauthorisation (a new finance director tidying up HMRC online services):\nask payroll ops to get the client to re-authorise Paysmith, then\nresubmit. Payroll vendors' help pages say 1046 also comes from the\nGateway itself on bad days: if many clients get it at once, check HMRC's\nservice availability page and retry in an hour.\n",
    })
    rel418 = repo.commit(utc("2026-05-26 16:40:00"), hannah, "release 4.18.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.17.0"', 'version = "4.18.0"'),
        "rti_filer/__init__.py": '__version__ = "4.18.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.18.0\n\n- One sender resolver for FPS, EPS and EYU (RTI-612).\n- EPS: NoPaymentForPeriod (RTI-609).\n- FPS: irregular payment indicator (RTI-598).\n"),
    })
    repo.commit(utc("2026-05-27 04:20:00"), bot, "chore(deps): update dependency lxml to v5.3.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"lxml==5.3.0"', '"lxml==5.3.2"'),
    })
    repo.commit(utc("2026-05-27 04:41:00"), priya, "govtalk: poll at the PollInterval HMRC gives (RTI-615)\n\nWe polled every 5 s whatever the acknowledgement said; HMRC's SDS team\nwrote that we poll twice as often as asked on payday eves.", {
        "rti_filer/govtalk/client.py": sub(repo.files["rti_filer/govtalk/client.py"],
                                           "NS = {\"gt\": \"http://www.govtalk.gov.uk/CM/envelope\"}\nPOLL_EVERY = 5.0\n",
                                           "NS = {\"gt\": \"http://www.govtalk.gov.uk/CM/envelope\"}\nMIN_POLL = 2.0\n",
                                           "            time.sleep(POLL_EVERY)\n",
                                           "            time.sleep(max(MIN_POLL, interval))\n",
                                           "            if qualifier == \"acknowledgement\":\n                continue\n",
                                           "            if qualifier == \"acknowledgement\":\n                nxt = reply.find(\".//gt:ResponseEndPoint\", namespaces=NS)\n                if nxt is not None:\n                    interval = float(nxt.get(\"PollInterval\", interval))\n                continue\n"),
    })
    repo.commit(utc("2026-05-27 05:14:00"), priya, "tasks: log HMRC's errors with number, raised-by and text (RTI-618)\n\nThe qualifier alone says nothing; payroll ops asked us for the number\nand text HMRC sent every time a customer rings.", {
        "rti_filer/tasks.py": sub(repo.files["rti_filer/tasks.py"],
                                  "        log.warning(\"submission failed employer=%s kind=FPS correlation=%s qualifier=%s\", employer_id, err.correlation_id, err.qualifier)\n",
                                  "        for raised_by, number, kind, text in err.errors or [(\"-\", \"-\", \"-\", \"-\")]:\n            log.error(\"FPS rejected by HMRC employer=%s correlation=%s error=%s raised_by=%s type=%s: %s\",\n                      employer_id, err.correlation_id, number, raised_by, kind, text)\n"),
    })
    repo.commit(utc("2026-05-27 05:26:00"), marek, "credentials: keep Gateway passwords out of reprs and Sentry events (RTI-616)", {
        "rti_filer/credentials.py": sub(repo.files["rti_filer/credentials.py"],
                                        "import time\nfrom dataclasses import dataclass\n", "import time\nfrom dataclasses import dataclass, field\n",
                                        "    password: str\n", "    password: str = field(repr=False)\n"),
    })
    rel419 = repo.commit(utc("2026-05-27 05:40:00"), hannah, "release 4.19.0", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.18.0"', 'version = "4.19.0"'),
        "rti_filer/__init__.py": '__version__ = "4.19.0"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.19.0\n\n- Poll at HMRC's PollInterval (RTI-615).\n- Log HMRC's error number and text (RTI-618).\n- No passwords in reprs (RTI-616).\n- lxml 5.3.2.\n"),
    })
    fix = repo.commit(utc("2026-05-27 08:30:00"), marek, "credentials: self-filing is filing_profile.sender == \"employer\" (RTI-621)\n\nRTI-612 read filing_profile.self_filing, which is the employers-api v2\nfield; rti-filer reads v1, where the profile says sender: employer. Every\nself-filing employer's FPS went out with our agent Gateway user since\n4.18.0 and HMRC refused it with 1046 unless the employer had also\nauthorised us as agent. Tests now use the v1 profile.", {
        "rti_filer/credentials.py": sub(repo.files["rti_filer/credentials.py"], '        if profile.get("self_filing"):\n',
                                        '        # employers-api v1: "sender" is "agent" or "employer" (v2 calls it self_filing)\n        if profile.get("sender") == "employer":\n'),
        "tests/test_credentials.py": repo.files["tests/test_credentials.py"].replace('{"self_filing": True}', '{"sender": "employer"}').replace('{"self_filing": False}', '{"sender": "agent"}'),
    })
    rel4191 = repo.commit(utc("2026-05-27 08:44:00"), hannah, "release 4.19.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "4.19.0"', 'version = "4.19.1"'),
        "rti_filer/__init__.py": '__version__ = "4.19.1"\n',
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.19.1\n\n- Self-filing employers file with their own Gateway user again (RTI-621).\n"),
    })
    repo.commit(utc("2026-05-27 10:05:00"), hannah, "runbook: 1046 for self-filing employers (RTI-623)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "ask payroll ops to get the client to re-authorise Paysmith, then\nresubmit.",
                               "ask payroll ops to get the client to re-authorise Paysmith, then\nresubmit. For a self-filing employer, check `sender=` in the\n`submitting FPS` line first: it must be `employer` (27 May: RTI-612 sent\nthem all as `agent`)."),
    })
    return repo, {"culprit": culprit, "rel418": rel418, "rel419": rel419, "fix": fix, "rel4191": rel4191}


# ---------------------------------------------------------------------------
# the morning


def at_hms(text):
    return utc("2026-05-27 " + text)


def irmark(rng):
    return base64.b32encode(hashlib.sha1(hexid(rng, 24).encode()).digest()).decode()


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def build_logs(rng, shas):
    app, pre, bank, egress, vault, gha, status, slack, zd = (
        Log("rti-filer.log"), Log("payrun-engine.log"), Log("bank-files.log"), Log("istio-egress-hmrc.log"), Log("vault-audit.log"),
        Log("deploy-rti-filer.log"), Log("hmrc-service-availability.log"), Log("slack-payroll-incidents.log"), Log("zendesk-tickets.log"))
    stats = {"results": [], "first_1046": None, "rejected": []}

    def rs(n=10):
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))

    # helm rollback re-applies revision 87's pod template, so its pods come from 4.18.0's ReplicaSet again
    hashes = {"4.18.0": (rs(10), rs(10)), "4.19.0": (rs(10), rs(10)), "4.19.1": (rs(9), rs(10))}
    epochs = []
    for t0, ver, sha in ((TUE_DEPLOY, "4.18.0", shas["rel418"]), (RELEASE, "4.19.0", shas["rel419"]),
                         (ROLLBACK, "4.18.0", shas["rel418"]), (FIXED, "4.19.1", shas["rel4191"])):
        w, b = hashes[ver]
        epochs.append({"t0": t0, "ver": ver, "sha": sha, "workers": [f"rti-filer-worker-{w}-{rs(5)}" for _ in range(3)],
                       "beat": f"rti-filer-beat-{b}-{rs(5)}"})

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e["t0"] + dt.timedelta(seconds=35):
                cur = e
        return cur

    def stamp(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def clog(t, pod, level, proc, msg, container="worker"):
        if START <= t < END:
            app.add(t, f"[pod/{pod}/{container}] [{stamp(t)}: {level}/{proc}] {msg}")

    def tlog(t, pod, proc, task, tid, level, msg):
        clog(t, pod, level, proc, f"{task}[{tid}]: {msg}")

    def plog(t, level, msg, **kv):
        if START <= t < END:
            pre.add(t, logfmt(t, level, msg, **kv))

    def blog(t, level, logger, msg, thread="scheduling-1"):
        if START <= t < END:
            bank.add(t, spring(t, level, thread, logger, msg))

    def envoy(t, method, path, status, rx, tx, dur, authority="transaction-engine.tax.service.gov.uk", src=None):
        if START <= t < END:
            up = {"transaction-engine.tax.service.gov.uk": "145.253.{}.{}:443", "dps.ws.hmrc.gov.uk": "145.253.{}.{}:443"}[authority]
            host = up.format(rng.choice([41, 42]), rng.randint(10, 250))
            src = src or f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}"
            egress.add(t, f'[{t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond // 1000:03d}Z] "{method} {path} HTTP/1.1" {status} - via_upstream - "-" '
                          f'{rx} {tx} {dur} {max(1, dur - rng.randint(1, 4))} "{src}" "python-httpx/0.27.2" "{uuid(rng)}" "{authority}" "{host}" '
                          f'outbound|443||{authority} 10.42.9.{rng.randint(20, 40)}:{rng.randint(32768, 60999)} 10.42.9.17:8443 {src}:{rng.randint(32768, 60999)} '
                          f'{authority} -')

    def vlog(t, role, sa, path, op="read", remote=None, mount="kv"):
        if not (START <= t < END):
            return
        rid = uuid(rng)
        auth = {"client_token": "hmac-sha256:" + hexid(rng, 64), "accessor": "hmac-sha256:" + hexid(rng, 64), "display_name": f"kubernetes-payroll-{sa}",
                "policies": ["default", role], "token_policies": ["default", role],
                "metadata": {"role": role, "service_account_name": sa, "service_account_namespace": "payroll"}, "entity_id": hexid(rng, 8) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12), "token_type": "service"}
        remote = remote or f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}"
        req = {"id": rid, "operation": op, "mount_point": path.split("/")[0] + "/", "mount_type": mount, "namespace": {"id": "root"}, "path": path, "remote_address": remote, "remote_port": rng.randint(32768, 60999)}
        ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
        vault.add(t, json.dumps({"time": ts, "type": "request", "auth": auth, "request": req}, separators=(",", ":")))
        t2 = t + dt.timedelta(milliseconds=rng.randint(1, 6))
        ts2 = t2.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t2.microsecond:06d}Z"
        resp = {"mount_type": mount, "mount_running_plugin_version": "v0.20.0+builtin" if mount == "kv" else "v1.17.3+builtin.vault"}
        if mount == "kv":
            resp["data"] = {"data": "hmac-sha256:" + hexid(rng, 64), "metadata": {"created_time": "hmac-sha256:" + hexid(rng, 64), "version": "hmac-sha256:" + hexid(rng, 64)}}
        vault.add(t2, json.dumps({"time": ts2, "type": "response", "auth": auth, "request": req, "response": resp}, separators=(",", ":")))

    # --- pod starts (rolling updates) and shutdowns
    for i, e in enumerate(epochs):
        prev = epochs[i - 1] if i else None
        for k, pod in enumerate(e["workers"]):
            t = e["t0"] + dt.timedelta(seconds=k * 14 + rng.uniform(0, 2))
            clog(t, pod, "INFO", "MainProcess", f"Connected to amqp://rti:**@rabbitmq.payroll.svc:5672//")
            clog(t + dt.timedelta(milliseconds=40), pod, "INFO", "MainProcess", "mingle: searching for neighbors")
            clog(t + dt.timedelta(seconds=1.05), pod, "INFO", "MainProcess", f"mingle: sync with {2 if k else 3} nodes")
            clog(t + dt.timedelta(seconds=1.06), pod, "INFO", "MainProcess", "mingle: sync complete")
            clog(t + dt.timedelta(seconds=1.09), pod, "INFO", "MainProcess", f"rti_filer {e['ver']} (commit {e['sha'][:7]}) ready, queues=fps,eps,dps")
            clog(t + dt.timedelta(seconds=1.1), pod, "INFO", "MainProcess", f"celery@{pod} ready.")
            vlog(t + dt.timedelta(seconds=0.6), "rti-filer", "rti-filer", "auth/kubernetes/login", op="update", mount="kubernetes")
            if prev:
                old = prev["workers"][k]
                clog(t + dt.timedelta(seconds=3), old, "INFO", "MainProcess", "worker: Warm shutdown (MainProcess)")
        tb = e["t0"] + dt.timedelta(seconds=50)
        clog(tb, e["beat"], "INFO", "MainProcess", "beat: Starting...", container="beat")
        if prev:
            clog(tb - dt.timedelta(seconds=2), prev["beat"], "INFO", "MainProcess", "beat: Shutting down...", container="beat")

    # --- beat: poll-outstanding every 5 minutes
    t = START + dt.timedelta(seconds=rng.uniform(10, 290))
    while t < END:
        e = epoch_at(t)
        clog(t, e["beat"], "INFO", "MainProcess", "Scheduler: Sending due task poll-outstanding (rti_filer.tasks.poll_outstanding)", container="beat")
        pod = rng.choice(e["workers"])
        tid = uuid(rng)
        clog(t + dt.timedelta(milliseconds=12), pod, "INFO", "MainProcess", f"Task rti_filer.tasks.poll_outstanding[{tid}] received")
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        tlog(t + dt.timedelta(milliseconds=30), pod, proc, "rti_filer.tasks.poll_outstanding", tid, "INFO", "outstanding submissions: 0 older than 10 min")
        clog(t + dt.timedelta(milliseconds=52), pod, "INFO", proc, f"Task rti_filer.tasks.poll_outstanding[{tid}] succeeded in {rng.uniform(0.01, 0.05):.4f}s: None")
        t += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 40))

    agent_read = {}   # pod -> last agent read

    def sender_read(t, pod, employer_id, kind):
        h = int(hashlib.md5(pod.encode()).hexdigest(), 16)
        remote = f"10.42.{h % 5 + 1}.{h % 200 + 20}"
        if kind == "employer":
            vlog(t, "rti-filer", "rti-filer", f"secret/data/rti/employers/{employer_id}/gateway", remote=remote)
        elif pod not in agent_read or (t - agent_read[pod]).total_seconds() > 300:
            agent_read[pod] = t
            vlog(t, "rti-filer", "rti-filer", "secret/data/rti/agent/gateway", remote=remote)

    results_by_min = {}

    def file_fps(t0, emp, by, attempt=1, payrun_id=None, noise_3001=False):
        """One submit_fps task; returns the payrun id."""
        e = epoch_at(t0)
        ver = e["ver"]
        pod = rng.choice(e["workers"])
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        tid = uuid(rng)
        payrun_id = payrun_id or f"pr_{hexid(rng, 12)}"
        if attempt == 1:
            plog(t0, "info", "pay run finalised", employer=emp["id"], payrun=payrun_id, frequency=emp["freq"], tax_period=emp["period"],
                 payday="2026-05-29", employees=emp["n"], by=by)
            plog(t0 + dt.timedelta(milliseconds=rng.randint(20, 90)), "info", "bacs payment instructions queued", employer=emp["id"], payrun=payrun_id,
                 items=emp["n"], processing_day="2026-05-28")
            pending_bacs.append((t0, emp, payrun_id))
        else:
            plog(t0, "info", "filing resubmitted", employer=emp["id"], payrun=payrun_id, kind="FPS", by=by, attempt=attempt)
        plog(t0 + dt.timedelta(milliseconds=rng.randint(90, 160)), "info", "fps requested", employer=emp["id"], payrun=payrun_id, queue="fps", task_id=tid)
        tq = t0 + dt.timedelta(milliseconds=rng.randint(180, 900))
        clog(tq, pod, "INFO", "MainProcess", f"Task rti_filer.tasks.submit_fps[{tid}] received")
        fixed = t0 >= FIXED + dt.timedelta(seconds=35)
        kind = "employer" if (emp["self"] and fixed) else "agent"
        user = emp["gw"] if kind == "employer" else AGENT_USER
        ts = tq + dt.timedelta(milliseconds=rng.randint(60, 240))
        sender_read(ts - dt.timedelta(milliseconds=30), pod, emp["id"], kind)
        tlog(ts, pod, proc, "rti_filer.tasks.submit_fps", tid, "INFO",
             f"submitting FPS employer={emp['id']} paye_ref={emp['paye']} period={emp['period']} employees={emp['n']} sender={kind} gateway_user={'*' * 8 + user[-4:]}")
        size = 2200 + emp["n"] * rng.randint(1650, 1850)
        d = rng.randint(180, 700)
        envoy(ts + dt.timedelta(milliseconds=40), "POST", "/submission", 200, size, 1130, d)
        correlation = hexid(rng, 32).upper()
        tack = ts + dt.timedelta(milliseconds=40 + d + rng.randint(5, 30))
        tlog(tack, pod, proc, "rti_filer.tasks.submit_fps", tid, "INFO", f"GovTalk acknowledgement correlation={correlation} poll_interval=10s")
        rejected_auth = emp["self"] and not fixed and not emp["agent_ok"]
        ready = rng.uniform(3, 8) if rejected_auth else rng.uniform(8, 48) + emp["n"] / 400.0
        every = 5.0 if ver == "4.18.0" else 10.0
        polls = 0
        tp = tack
        while True:
            tp = tp + dt.timedelta(seconds=every, milliseconds=rng.randint(2, 40))
            polls += 1
            pd = rng.randint(60, 240)
            done = (tp - tack).total_seconds() >= ready
            envoy(tp, "POST", "/poll", 200, 640, 1400 if done and not rejected_auth else 1010, pd)
            if done:
                break
        tr = tp + dt.timedelta(milliseconds=rng.randint(80, 300))
        envoy(tr, "POST", "/submission", 200, 680, 780, rng.randint(60, 180))
        took = (tr - ts).total_seconds() + 0.05
        outcome = "accepted"
        if rejected_auth or noise_3001:
            outcome = "rejected"
            number = "1046" if rejected_auth else "3001"
            if ver == "4.18.0":
                tlog(tr + dt.timedelta(milliseconds=5), pod, proc, "rti_filer.tasks.submit_fps", tid, "WARNING",
                     f"submission failed employer={emp['id']} kind=FPS correlation={correlation} qualifier=error")
            elif rejected_auth:
                tlog(tr + dt.timedelta(milliseconds=5), pod, proc, "rti_filer.tasks.submit_fps", tid, "ERROR",
                     f"FPS rejected by HMRC employer={emp['id']} correlation={correlation} error=1046 raised_by=Gateway type=fatal: "
                     "Authentication Failure. The supplied user credentials failed validation for the requested service.")
            else:
                tlog(tr + dt.timedelta(milliseconds=5), pod, proc, "rti_filer.tasks.submit_fps", tid, "ERROR",
                     f"FPS rejected by HMRC employer={emp['id']} correlation={correlation} error=3001 raised_by=Department type=business: "
                     "The submission of this document has failed due to departmental specific business logic in the Body tag.")
            clog(tr + dt.timedelta(milliseconds=30), pod, "INFO", proc,
                 f"Task rti_filer.tasks.submit_fps[{tid}] succeeded in {took:.3f}s: {{'status': 'rejected', 'errors': ['{number}']}}")
            plog(tr + dt.timedelta(milliseconds=rng.randint(40, 90)), "warn", "filing status", employer=emp["id"], payrun=payrun_id, kind="FPS",
                 status="rejected", hmrc_error=number, correlation=correlation)
            if rejected_auth:
                if stats["first_1046"] is None:
                    stats["first_1046"] = tr + dt.timedelta(milliseconds=5)
                stats["rejected"].append((tr, emp["id"]))
        else:
            tlog(tr + dt.timedelta(milliseconds=5), pod, proc, "rti_filer.tasks.submit_fps", tid, "INFO",
                 f"FPS accepted employer={emp['id']} correlation={correlation} irmark={irmark(rng)} polls={polls} took={took:.1f}s")
            clog(tr + dt.timedelta(milliseconds=30), pod, "INFO", proc,
                 f"Task rti_filer.tasks.submit_fps[{tid}] succeeded in {took:.3f}s: {{'status': 'accepted', 'correlation_id': '{correlation}'}}")
            plog(tr + dt.timedelta(milliseconds=rng.randint(40, 90)), "info", "filing status", employer=emp["id"], payrun=payrun_id, kind="FPS",
                 status="accepted", correlation=correlation)
        m = tr.replace(second=0, microsecond=0)
        key = (m, outcome, kind)
        results_by_min[key] = results_by_min.get(key, 0) + 1
        stats["results"].append((tr, emp["id"], outcome, kind))
        return payrun_id

    # --- employers
    names = rng.sample([f"{p} {k}" for p in PLACES for k in TRADES], 300)
    bureau = []
    for i, name in enumerate(names):
        freq = rng.choices(["monthly", "weekly", "fortnightly", "four_weekly"], [70, 20, 5, 5])[0]
        bureau.append({"id": f"emp_{1000 + i * 7 + rng.randint(0, 6):05d}", "name": name,
                       "paye": f"{rng.choice(OFFICES)}/{rng.choice('ABCDEFGHJKLMNPRSTW')}{rng.choice('ABCDEFGHJKLMNPRSTW')}{rng.randint(1000, 99999)}",
                       "n": max(2, min(400, int(rng.lognormvariate(2.8, 0.9)))), "freq": freq, "period": "M02" if freq == "monthly" else "W08",
                       "self": False, "agent_ok": True, "gw": AGENT_USER})
    selfers = []
    for eid, name, paye, n, agent_ok, times in SELF_FILERS:
        selfers.append(({"id": eid, "name": name, "paye": paye, "n": n, "freq": "monthly", "period": "M02", "self": True, "agent_ok": agent_ok,
                         "gw": "".join(rng.choice("0123456789") for _ in range(12))}, times))
    pending_bacs = []

    # autopilot (bureau clients, small) at 05:00
    auto = rng.sample(bureau[:150], 64)
    plog(AUTOPILOT + dt.timedelta(milliseconds=220), "info", "autopilot: finalising scheduled pay runs", count=len(auto), payday="2026-05-29")
    t = AUTOPILOT + dt.timedelta(seconds=1)
    for emp in auto:
        t += dt.timedelta(seconds=rng.uniform(3, 22))
        file_fps(t, emp, "autopilot")
    # the 3001 noise: two bureau clients with a bad NINO, one retried after the fix of the record
    noisy = bureau[150:153]
    manual = bureau[153:]
    rng.shuffle(manual)
    mi = 0
    t = utc("2026-05-27 05:58:00")
    while t < END - dt.timedelta(minutes=4) and mi < len(manual):
        hour = t.hour + t.minute / 60
        rate = 0.35 if hour < 6.5 else 1.1 if hour < 9.0 else 0.75
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        emp = manual[mi]
        mi += 1
        by = rng.choice(["sophie.whitaker", "jordan.kaye", "amira.hussain", "liam.brennan", "chloe.dobson", "ops-bulk"])
        file_fps(t, emp, by)
    noise_at = [utc("2026-05-27 05:36:12"), utc("2026-05-27 06:12:40"), utc("2026-05-27 08:02:05")]
    for emp, tn in zip(noisy, noise_at):
        pr = file_fps(tn, emp, "liam.brennan", noise_3001=True)
        file_fps(tn + dt.timedelta(minutes=rng.randint(14, 25)), emp, "liam.brennan", attempt=2, payrun_id=pr)
    # self-filers and their retries
    self_payruns = {}
    for emp, times in selfers:
        for a, hms in enumerate(times, start=1):
            self_payruns[emp["id"]] = file_fps(at_hms(hms), emp, f"{emp['id']}-payroll-team", attempt=a, payrun_id=self_payruns.get(emp["id"]))
    # payroll ops resubmits the rejected ones after the fix
    t = RESUBMIT
    plog(RESUBMIT - dt.timedelta(seconds=3), "info", "bulk resubmit requested", kind="FPS", payruns=8, by="sophie.whitaker")
    for emp, times in selfers:
        if emp["agent_ok"] or emp["id"] == "emp_00910":
            continue
        t += dt.timedelta(seconds=rng.uniform(4, 40))
        file_fps(t, emp, "sophie.whitaker", attempt=len(times) + 1, payrun_id=self_payruns[emp["id"]])

    # EPS for a few bureau clients (SMP recovery), routine
    for k in range(6):
        te = START + dt.timedelta(seconds=rng.uniform(3600, (END - START).total_seconds() - 600))
        emp = rng.choice(bureau)
        e = epoch_at(te)
        pod = rng.choice(e["workers"])
        proc = f"ForkPoolWorker-{rng.randint(1, 8)}"
        tid = uuid(rng)
        clog(te, pod, "INFO", "MainProcess", f"Task rti_filer.tasks.submit_eps[{tid}] received")
        tlog(te + dt.timedelta(milliseconds=90), pod, proc, "rti_filer.tasks.submit_eps", tid, "INFO",
             f"submitting EPS employer={emp['id']} paye_ref={emp['paye']} tax_month=2 sender=agent")
        envoy(te + dt.timedelta(milliseconds=130), "POST", "/submission", 200, 1900, 1130, rng.randint(150, 400))
        corr = hexid(rng, 32).upper()
        tlog(te + dt.timedelta(milliseconds=600), pod, proc, "rti_filer.tasks.submit_eps", tid, "INFO", f"GovTalk acknowledgement correlation={corr} poll_interval=10s")
        tpp = te + dt.timedelta(seconds=(5 if e["ver"] == "4.18.0" else 10), milliseconds=600)
        envoy(tpp, "POST", "/poll", 200, 640, 1010, rng.randint(60, 200))
        tpp += dt.timedelta(seconds=(5 if e["ver"] == "4.18.0" else 10))
        envoy(tpp, "POST", "/poll", 200, 640, 1380, rng.randint(60, 200))
        envoy(tpp + dt.timedelta(milliseconds=200), "POST", "/submission", 200, 680, 780, rng.randint(60, 180))
        tlog(tpp + dt.timedelta(milliseconds=260), pod, proc, "rti_filer.tasks.submit_eps", tid, "INFO",
             f"EPS accepted employer={emp['id']} correlation={corr} took={(tpp - te).total_seconds():.1f}s")
        clog(tpp + dt.timedelta(milliseconds=280), pod, "INFO", proc, f"Task rti_filer.tasks.submit_eps[{tid}] succeeded in {(tpp - te).total_seconds():.3f}s: {{'status': 'accepted'}}")

    # DPS notices at 05:30 (agent)
    e = epoch_at(DPS_RUN)
    clog(DPS_RUN, e["beat"], "INFO", "MainProcess", "Scheduler: Sending due task fetch-dps (rti_filer.tasks.fetch_dps)", container="beat")
    pod = e["workers"][1]
    tid = uuid(rng)
    clog(DPS_RUN + dt.timedelta(milliseconds=14), pod, "INFO", "MainProcess", f"Task rti_filer.tasks.fetch_dps[{tid}] received")
    sender_read(DPS_RUN + dt.timedelta(milliseconds=40), pod, None, "agent")
    td = DPS_RUN + dt.timedelta(milliseconds=90)
    for kind_, n in (("P6", 988), ("P9", 0), ("SL1", 41), ("SL2", 6), ("PGL1", 9), ("PGL2", 2), ("NOT", 158)):
        envoy(td, "POST", "/dpsauthentication/service", 200, 1480, 900 + n * 820, rng.randint(300, 2400), authority="dps.ws.hmrc.gov.uk")
        td += dt.timedelta(seconds=rng.uniform(1.5, 4))
    tlog(td, pod, "ForkPoolWorker-3", "rti_filer.tasks.fetch_dps", tid, "INFO", "dps: 1204 notices since 2026-05-26T05:30:11Z (P6 988, P9 0, SL1 41, SL2 6, PGL1 9, PGL2 2, NOT 158)")
    clog(td + dt.timedelta(milliseconds=20), pod, "INFO", "ForkPoolWorker-3", f"Task rti_filer.tasks.fetch_dps[{tid}] succeeded in {(td - DPS_RUN).total_seconds():.3f}s: {{'notices': 1204}}")

    # routine worker noise
    for _ in range(14):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        e = epoch_at(tx)
        a, b = rng.sample(e["workers"], 2)
        clog(tx, a, "INFO", "MainProcess", f"missed heartbeat from celery@{b}")
    for _ in range(3):
        tx = START + dt.timedelta(seconds=rng.uniform(1800, (END - START).total_seconds()))
        e = epoch_at(tx)
        pod = rng.choice(e["workers"])
        tid = uuid(rng)
        tlog(tx, pod, f"ForkPoolWorker-{rng.randint(1, 8)}", "rti_filer.tasks.submit_fps", tid, "WARNING",
             "Retry in 60s: ReadTimeout('The read operation timed out')")

    # --- payrun-engine: its own traffic
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7.0 / 60.0 if t.hour >= 6 else 2.0 / 60.0))
        path, method = rng.choice([("/v1/payruns", "GET"), ("/v1/payruns/{id}", "GET"), ("/v1/payruns/{id}/payslips", "GET"),
                                   ("/v1/payruns/{id}/recalculate", "POST"), ("/v1/employers/{id}/employees", "GET"), ("/v1/payruns/{id}/approve", "POST")])
        plog(t, "info", "http request", method=method, route=path, status=rng.choice([200] * 30 + [404, 409]), dur_ms=rng.randint(8, 420),
             user=rng.choice(["sophie.whitaker", "jordan.kaye", "amira.hussain", "liam.brennan", "chloe.dobson", "api-key:ps_live_07"]))
    for _ in range(28):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        plog(tx, "info", "payslips published", employer=rng.choice(bureau)["id"], payrun=f"pr_{hexid(rng, 12)}", count=rng.randint(3, 300), portal="ess")
    for _ in range(7):
        tx = START + dt.timedelta(seconds=rng.uniform(3600, (END - START).total_seconds()))
        plog(tx, "warn", "pension contribution file rejected by provider", employer=rng.choice(bureau)["id"], provider=rng.choice(["nest", "peoples-pension", "smart-pension"]),
             reason=rng.choice(["member not found", "contribution period closed", "NI number mismatch"]))
    plog(utc("2026-05-27 06:20:03"), "info", "board", payday="2026-05-29", payruns_total=212, finalised=71, open=141)

    # --- bank-files: Bacs submissions every 30 minutes
    t = utc("2026-05-27 05:15:00")
    seq = 4410
    while t < END:
        due = [p for p in pending_bacs if p[0] < t - dt.timedelta(seconds=40)]
        for p in due:
            pending_bacs.remove(p)
        tt = t + dt.timedelta(seconds=rng.uniform(0.2, 2))
        vlog(tt - dt.timedelta(milliseconds=200), "bank-files", "bank-files", "secret/data/bacs/bureau-gateway")
        if due:
            items = sum(p[1]["n"] for p in due)
            pence = sum(p[1]["n"] * rng.randint(120000, 310000) for p in due)
            seq += 1
            blog(tt, "INFO", "c.p.bank.bacs.SubmissionBuilder", f"Bacs submission BS-{seq} built: files={len(due)} items={items} credits={items} value=£{pence / 100:,.2f} processing_day=2026-05-28")
            blog(tt + dt.timedelta(seconds=rng.uniform(2, 6)), "INFO", "c.p.bank.bacs.BureauClient", f"submitted BS-{seq} to bureau gateway: submission_id=SUB{rng.randint(10 ** 9, 10 ** 10)} status=ACCEPTED_FOR_PROCESSING")
            blog(tt + dt.timedelta(seconds=rng.uniform(180, 420)), "INFO", "c.p.bank.bacs.ReportPoller", f"input report for BS-{seq}: files accepted={len(due)} rejected=0 items={items}")
        else:
            blog(tt, "INFO", "c.p.bank.bacs.SubmissionBuilder", "no payment instructions due")
        t += dt.timedelta(minutes=30)
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        blog(tx, "WARN", "c.p.bank.modulus.ModulusChecker", f"modulus check failed sort_code={rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} employer={rng.choice(bureau)['id']}: account held back for review", thread="http-nio-8080-exec-" + str(rng.randint(1, 9)))

    # --- other Vault clients
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(2.2 / 60.0))
        which = rng.random()
        if which < 0.7:
            vlog(t, "payrun-engine", "payrun-engine", "transit/decrypt/payroll-pii", op="update", mount="transit")
        elif which < 0.74:
            vlog(t, "ess-portal", "ess-portal", "secret/data/ess/saml-signing")
        else:
            vlog(t, "payrun-engine", "payrun-engine", "sys/leases/renew", op="update", mount="system")

    # --- the deploy workflow
    def glog(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def run(t_pods, run_id, trigger, ref, sha, subject, revision, who, rollback_to=None):
        t = t_pods - dt.timedelta(seconds=58)
        glog(t, f"Requested labels: ubuntu-24.04")
        glog(t + dt.timedelta(seconds=0.3), f"Job defined at: paysmith/rti-filer/.github/workflows/deploy.yml@{ref}")
        glog(t + dt.timedelta(seconds=0.4), f"Waiting for a runner to pick up this job... (run {run_id}, {trigger} by {who})")
        glog(t + dt.timedelta(seconds=6), "##[group]Run actions/checkout@v4")
        glog(t + dt.timedelta(seconds=8), f"HEAD is now at {sha[:7]} {subject}")
        glog(t + dt.timedelta(seconds=8.1), "##[endgroup]")
        glog(t + dt.timedelta(seconds=9), "##[group]Run aws-actions/configure-aws-credentials@v4")
        glog(t + dt.timedelta(seconds=11), "Authenticated as assumedRoleId AROAS7KQ2XJ4N3EXAMPLE:GitHubActions")
        glog(t + dt.timedelta(seconds=11.1), "##[endgroup]")
        glog(t + dt.timedelta(seconds=12), "Updated context arn:aws:eks:eu-west-2:204118570293:cluster/payroll-prod in /home/runner/.kube/config")
        if rollback_to:
            glog(t + dt.timedelta(seconds=14), f"##[group]Run helm rollback rti-filer {rollback_to} -n payroll --wait --timeout 10m")
            glog(t_pods + dt.timedelta(seconds=46), "Rollback was a success! Happy Helming!")
        else:
            glog(t + dt.timedelta(seconds=14), f"##[group]Run helm upgrade --install rti-filer deploy/helm/rti-filer -n payroll -f deploy/helm/values-production.yaml --set image.tag={ref[1:]} --set-string commit={sha} --wait --timeout 10m")
            glog(t_pods + dt.timedelta(seconds=46), 'Release "rti-filer" has been upgraded. Happy Helming!')
            glog(t_pods + dt.timedelta(seconds=46.1), "NAME: rti-filer")
            glog(t_pods + dt.timedelta(seconds=46.2), f"LAST DEPLOYED: {(t_pods - dt.timedelta(seconds=1)).strftime('%a %b %d %H:%M:%S %Y')}")
            glog(t_pods + dt.timedelta(seconds=46.3), "NAMESPACE: payroll")
            glog(t_pods + dt.timedelta(seconds=46.4), "STATUS: deployed")
            glog(t_pods + dt.timedelta(seconds=46.5), f"REVISION: {revision}")
        glog(t_pods + dt.timedelta(seconds=46.6), "##[endgroup]")
        glog(t_pods + dt.timedelta(seconds=47), "Cleaning up orphan processes")

    run(TUE_DEPLOY, 15538104211, "push of tag v4.18.0", "v4.18.0", shas["rel418"], "release 4.18.0", 87, "hannah-booth")
    run(RELEASE, 15550277395, "push of tag v4.19.0", "v4.19.0", shas["rel419"], "release 4.19.0", 88, "hannah-booth")
    run(ROLLBACK, 15551980412, "workflow_dispatch (action=rollback revision=87)", "refs/heads/main", shas["rel419"], "release 4.19.0", 89, "hannah-booth", rollback_to=87)
    run(FIXED, 15553327960, "push of tag v4.19.1", "v4.19.1", shas["rel4191"], "release 4.19.1", 90, "hannah-booth")

    # --- HMRC service availability, as the status relay saw it
    def hm(t, title, state, body, published):
        status.add(t, json.dumps({"checked_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "https://www.gov.uk/government/publications/hmrc-service-availability",
                                  "entry": title, "state": state, "published": published, "body": body, "posted_to": "#payroll-incidents"}, ensure_ascii=False))

    hm(utc("2026-05-26 15:05:00"), "PAYE Online, RTI submissions: planned maintenance", "planned", "PAYE Online and RTI submissions through the Transaction Engine will be unavailable from 22:00 on Tuesday 26 May to 06:00 on Wednesday 27 May (UK time). Submissions sent during this time will be queued.", "2026-05-26")
    hm(utc("2026-05-27 05:03:00"), "PAYE Online, RTI submissions: planned maintenance", "completed", "The planned maintenance has been completed and services are available.", "2026-05-26")
    hm(utc("2026-05-27 07:12:00"), "Agent services account: sign-in problems", "investigating", "Some agents may be unable to sign in to their agent services account. Online services for employers are not affected. We are working to resolve this as quickly as possible.", "2026-05-27")
    hm(utc("2026-05-27 07:58:00"), "Agent services account: sign-in problems", "resolved", "This issue has been resolved.", "2026-05-27")

    write_chat(rng, slack, zd, stats, selfers)
    stats["by_min"] = results_by_min
    return [app, pre, bank, egress, vault, gha, status, slack, zd], stats


def write_chat(rng, slack, zd, stats, selfers):
    users = {"hannah.booth": "U04HB7K2M", "marek.wojcik": "U05MW3Q8T", "priya.raman": "U03PR9D1L", "sophie.whitaker (payroll ops)": "U02SW4N6C",
             "alertmanager": "B01ALRT7X"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "payroll-incidents", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = stats["first_1046"]
    m = dt.timedelta(minutes=1)
    accepted_before = sum(1 for tr, _, o, _ in stats["results"] if o == "accepted" and tr < first + 25 * m)
    say(RELEASE - 3 * m, "hannah.booth", "deploying rti-filer 4.19.0 before the payday runs: RTI-615 poll at HMRC's PollInterval (not every 5 s), RTI-618 HMRC error number and text in the logs, RTI-616 no Gateway passwords in reprs, lxml 5.3.2")
    say(RELEASE + 3.5 * m, "hannah.booth", "4.19.0 on all three workers, autopilot FPS still going through, all accepted")
    say(utc("2026-05-27 06:02:30"), "sophie.whitaker (payroll ops)", "morning, ops starting the Friday payday runs. 212 pay runs on the board, Bacs cut-off for Friday is tonight")
    say(first + 9 * m, "sophie.whitaker (payroll ops)", "Calder Valley Care Homes (self-filing) on the phone: their FPS came back 'Rejected by HMRC (1046)'. ZD 48213")
    say(first + 13 * m, "hannah.booth", "rti-filer has 'FPS rejected by HMRC employer=emp_00231 ... error=1046 raised_by=Gateway type=fatal: Authentication Failure. The supplied user credentials failed validation for the requested service.' Runbook: client removed our agent authorisation. But Calder files with its own Gateway user")
    say(first + 26 * m, "sophie.whitaker (payroll ops)", f"Pennine Foods, Brightwell and Aire & Wharfe now too. all self-filing, all 1046. bureau clients fine, {accepted_before} accepted this morning")
    say(first + 28 * m, "priya.raman", "IRIS's and BrightPay's help pages both say 1046 can be the Gateway itself having problems. HMRC had RTI maintenance until 06:00 BST. nothing open on the availability page though")
    say(first + 32 * m, "sophie.whitaker (payroll ops)", "Pennine's payroll manager rang HMRC's online services helpdesk: their user ID and password work and the PAYE scheme is enrolled on it")
    say(first + 40 * m, "priya.raman", "we get an acknowledgement and a CorrelationID every time, the 1046 comes on the first poll. egress to the Transaction Engine is all 200s")
    say(ROLLBACK - 5 * m, "hannah.booth", "Calder failed a third time at 07:12, Harrowgate at 07:15. only change this morning is 4.19.0, and RTI-615 changed how we poll the Transaction Engine. rolling back to 4.18.0 (helm revision 87) to take it out of the picture")
    say(utc("2026-05-27 07:13:30"), "priya.raman", "HMRC just posted 'Agent services account: sign-in problems'. says employers' online services not affected")
    say(ROLLBACK + 3 * m, "hannah.booth", "4.18.0 back on all workers")
    say(utc("2026-05-27 07:49:20"), "sophie.whitaker (payroll ops)", "Kestrel Engineering (self-filing) got 1046 twice, 07:46 and 07:48. after the rollback")
    say(utc("2026-05-27 07:52:10"), "hannah.booth", "confirmed, 4.18.0 logs 'submission failed employer=emp_00694 kind=FPS ... qualifier=error' (no number before RTI-618) and payrun-engine says hmrc_error=1046. so not 4.19.0. Norvane went through at 06:59 though, also self-filing")
    say(utc("2026-05-27 07:58:40"), "marek.wojcik", "the 'submitting FPS' line for Kestrel says sender=agent gateway_user=********1027. that's our agent user, Kestrel files with its own. every submission today says sender=agent. and Vault audit has no read of secret/data/rti/employers/* today, only rti/agent/gateway")
    say(utc("2026-05-27 08:03:20"), "marek.wojcik", "it's my RTI-612, yesterday 14:47 BST, in 4.18.0 since last night's deploy: SenderResolver looks at filing_profile.self_filing, which is the employers-api v2 name. we read v1, where it's sender: employer. so self-filers go out as our agent and HMRC refuses them unless they also authorised us as agent. Norvane and Thornbury have")
    say(utc("2026-05-27 08:05:00"), "sophie.whitaker (payroll ops)", "telling the self-filers to stop retrying, we'll resubmit for them. nobody is late, payday is Friday")
    say(utc("2026-05-27 08:31:10"), "marek.wojcik", "RTI-621 merged: resolver checks sender == \"employer\", tests use the v1 profile. @hannah.booth can you cut 4.19.1")
    say(FIXED + 2.5 * m, "hannah.booth", "4.19.1 on all workers")
    say(RESUBMIT - 1 * m, "marek.wojcik", "go ahead: 4.19.1 sends self-filers with their own Gateway users, the submitting line should say sender=employer and Vault should show reads of secret/data/rti/employers/...")
    say(RESUBMIT + 0.2 * m, "sophie.whitaker (payroll ops)", "bulk resubmit of the 8 rejected FPS from the ops console")
    say(utc("2026-05-27 09:14:40"), "sophie.whitaker (payroll ops)", "all 8 accepted. Castleford (self-filing) filed its first one at 09:12 and it went straight through")
    say(utc("2026-05-27 09:48:00"), "hannah.booth", "closing. PIR Thursday: contract test against employers-api v1, alert on 1046 by sender, runbook (RTI-623). 1046 looked like HMRC or the clients, it was us")

    def ticket(t, tid, org, subject, desc, prio="high", status="new"):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        zd.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": tid, "organization": org, "priority": prio, "status": status,
                              "via": rng.choice(["web", "phone"]), "group": "Payroll Support", "subject": subject, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-05-27 05:22:10"), 48201, "Otley Dental Practice", "P60 reprint for a leaver", "Can we have a copy of last year's P60 for an employee who left in March?", prio="low")
    ticket(first + 7 * m, 48213, "Calder Valley Care Homes Ltd", "FPS rejected - error 1046", "Our May FPS shows Rejected by HMRC (1046). We file with our own Gateway login, nothing has changed our side. Payday is Friday.", prio="urgent")
    ticket(utc("2026-05-27 06:46:30"), 48218, "Pennine Foods Ltd", "Error 1046 Authentication Failure on FPS", "Got 1046 when submitting the monthly FPS. Our Government Gateway password has not changed.", prio="urgent")
    ticket(utc("2026-05-27 06:49:50"), 48220, "Brightwell Academies Trust", "FPS won't submit", "Rejected by HMRC (1046). Same login as last month.", prio="high")
    ticket(utc("2026-05-27 07:10:05"), 48226, "Ilkley Hair Studio Ltd", "Employee can't log in to the portal", "One of our staff says the payslip portal doesn't accept her password.", prio="normal")
    ticket(utc("2026-05-27 07:19:40"), 48231, "Harrowgate Building Supplies Ltd", "HMRC rejected our FPS 1046", "Rejected with 1046. Is HMRC down? We have not changed our gateway credentials.", prio="urgent")
    ticket(utc("2026-05-27 07:48:30"), 48240, "Kestrel Engineering Ltd", "1046 again", "Tried twice, rejected both times with 1046.", prio="urgent")
    ticket(utc("2026-05-27 08:01:15"), 48244, "Saltaire Textiles Ltd", "FPS rejected 1046", "Our FPS was rejected by HMRC with error 1046.", prio="high")
    ticket(utc("2026-05-27 08:23:20"), 48249, "Morland Hotels Ltd", "Authentication failure on RTI", "FPS rejected: Authentication Failure 1046.", prio="high")
    ticket(utc("2026-05-27 08:40:00"), 48252, "Rothwell Bakery Ltd", "Pension file rejected", "NEST says the contribution period is closed for two of our staff.", prio="normal")
    ticket(utc("2026-05-27 09:30:00"), 48213, "Calder Valley Care Homes Ltd", "FPS rejected - error 1046", "Resolved: resubmitted by Paysmith, accepted by HMRC at 09:05. The rejection was caused by a change on our side, not your credentials.", prio="urgent", status="solved")


def build(out_dir):
    rng = random.Random(58100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_1046"].replace(microsecond=0)
        assert utc("2026-05-27 06:24:05") <= onset <= utc("2026-05-27 06:25:00"), onset
        culprit_at = utc("2026-05-26 13:47:00")
        by_min = stats["by_min"]

        def per5(outcome, kind):
            def fn(t):
                m = t.replace(second=0, microsecond=0)
                return sum(by_min.get((m - dt.timedelta(minutes=k), outcome, kind), 0) for k in range(5)) / 300.0
            return fn

        metrics = {
            "rti_fps_results_rate5m.json": query_range(
                [({"job": "rti-filer", "outcome": o, "sender": s}, per5(o, s)) for o in ("accepted", "rejected") for s in ("agent", "employer")],
                START, END, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        n_rej = len(stats["rejected"])
        return write_scenario(
            out_dir, name="r58-rti-sender-credentials", service=SERVICE, onset=onset,
            description=f"""
Self-filing employers' Full Payment Submissions are refused by HMRC on
Wednesday 27 May, input day for Friday's payday: from {onset.strftime('%H:%M:%S')} UTC
every FPS of a customer that files with its own Government Gateway
credentials comes back "Rejected by HMRC (1046)", {n_rej} times until 08:20,
while bureau clients' FPS are accepted. An rti-filer release had gone out
at 05:52; it was rolled back at 07:34 without effect. A fix went out at
08:53 and the rejected FPS were resubmitted from 09:04.
""",
            logs=logs,
            line_formats={"rti-filer.log": r'\[pod/<Pod>/<Container>\] \[<Date> <Time>: <Level>/<Process>\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Authentication Failure\. The supplied user credentials failed validation',
            ],
            fix_files=["rti_filer/credentials.py"],
            explanation=f"""
The culprit is RTI-612 ("credentials: one sender resolver for FPS, EPS
and EYU"), committed on Tuesday 26 May at 13:47 UTC and deployed in
4.18.0 at 19:05 (the deploy names the release commit after it),
{hours:.1f} hours before the onset. Its SenderResolver decides that an
employer files with its own Government Gateway user when
filing_profile.self_filing is true: that is the employers-api v2 field,
and rti-filer reads v1, where the profile says sender: employer. So
every self-filing employer's FPS goes out with Paysmith's agent user
("submitting FPS ... sender=agent gateway_user=********1027", and no
Vault read of secret/data/rti/employers/*/gateway), and the Gateway
refuses it: "error=1046 raised_by=Gateway type=fatal: Authentication
Failure. The supplied user credentials failed validation for the
requested service." (4.18.0 logs only "submission failed ...
qualifier=error"; payrun-engine has hmrc_error=1046), unless the
employer also authorised Paysmith as its agent (Norvane, Thornbury,
accepted). Bureau clients file as agent anyway, so only self-filers
fail, from the first that finalises its pay run. The fix (RTI-621)
checks sender == "employer" in credentials.py; a revert of the culprit
touches the same file.
Decoys: the 05:52 release 4.19.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (RTI-618,
which adds the very "FPS rejected by HMRC ... error=..." line; RTI-615,
the poll interval in the GovTalk client; RTI-616 to the culprit's file;
an lxml bump), rolled back at 07:34 to 4.18.0, which holds the culprit
(the error line goes back to "submission failed ... qualifier=error",
the rejections go on); the runbook commit that reads 1046 as a client
that removed the agent authorisation or as the Gateway having a bad day;
the docs commit on GovTalk errors; HMRC's overnight maintenance, ended
at 06:00 BST, and its unrelated agent services sign-in issue at 07:12;
the 4.18.0 release commit named by Tuesday's deploy; the EPS and FPS
commits (RTI-609, RTI-598); bot bumps; routine 3001 rejections for a bad
NI number, read timeouts, pension and modulus check warnings.
""",
        )
    finally:
        repo.close()
