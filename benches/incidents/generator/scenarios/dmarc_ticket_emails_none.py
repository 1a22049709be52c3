"""tickets-web (Python 3.12, Django 5.0 and Celery 5.4, Mollie for iDEAL
and cards, Amazon SES v2 for mail; web and worker Deployments in the
`tickets` namespace, released by a GitHub Actions workflow with Helm; team
in Amsterdam, Copenhagen, Madrid and Bengaluru): the ticket shop of the
Rijnhaven Museum in Rotterdam. A paid order's confirmation, with the
tickets as a PDF, goes out through SES as tickets@rijnhavenmuseum.nl. SES
signs it with Easy DKIM, whose three public keys are CNAME records
`<token>._domainkey.rijnhavenmuseum.nl` in the museum's zone; the envelope
sender is SES's own (amazonses.com), so DMARC (p=reject) passes on DKIM
alone. SES's bounce and delivery events reach the app through SNS and SQS
and are also archived by a Firehose.

On Wednesday 22 April the museum's IT team moves the zone from the
registrar's DNS to Cloudflare: Cloudflare's import finds the website,
Microsoft 365's MX, SPF, DMARC and selector1/selector2 records, but not the
SES tokens, which nobody lists. The nameservers are switched at 08:47 UTC.
As resolvers pick up the new delegation, receivers no longer find the DKIM
key: from about 09:12 Gmail rejects the confirmations ("550-5.7.26
Unauthenticated email from rijnhavenmuseum.nl is not accepted due to
domain's DMARC policy"), then Outlook ("550 5.7.509 Access denied, sending
domain ... does not pass DMARC verification"), Yahoo and iCloud; Dutch
ISPs that do not enforce DMARC still deliver. SES accepts every message, so
the app's send path logs nothing wrong; visitors arrive without tickets
and call. The SES bounce-rate alarm fires at 09:38. The on-call rolls back
the morning's release at 10:05 without effect. At 10:31 IT adds the three
CNAMEs in Cloudflare; rejections fade as receivers' negative caches expire.
Nothing in this repository caused it.

Decoys: the 08:41 release, 30 minutes before the onset, which ships a
calendar invite (.ics) attached to the confirmation, a change to the
confirmation's wording, a boto3 bump and the morning's commit that logs
each bounce's type, recipient domain and diagnostic (the bounce lines carry
its words); the rollback at 10:05; the repository's own email docs. App
(Django, Python logging), worker (Celery), SES events (Firehose JSON),
ingress-nginx access, Cloudflare audit log (JSON), CloudWatch alarms (SNS
JSON), deploy workflow (GitHub Actions with Helm), #tickets-oncall and
#it-changes (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import python_logging
from skeletons import chores, readme, runbook

SERVICE = "tickets-web"
START, END = utc("2026-04-22 07:20:00"), utc("2026-04-22 11:40:00")
DEPLOY = utc("2026-04-22 08:38:05")
NS_SWITCH = utc("2026-04-22 08:47:10")
ALARM = utc("2026-04-22 09:38:00")
ROLLBACK = utc("2026-04-22 10:04:40")
DKIM_ADDED = utc("2026-04-22 10:31:20")
DOMAIN = "rijnhavenmuseum.nl"
ACCOUNT = "481516234201"
DKIM_TOKENS = ["q3hvk7x2lmf5c4w9n6tzy8rbd1pjsg0e", "7tbw2nzq4kd6vxm1r8yhc3fgj5lps0ae", "mz5c8ry2ht6wq1kxv4bnd7jf3gl0sp9a"]

PROVIDERS = [  # domain share, enforcement start (minutes after 09:00), how it answers
    ("gmail.com", 41, 6, "gmail"),
    ("hotmail.com", 9, 14, "outlook"),
    ("outlook.com", 8, 14, "outlook"),
    ("live.nl", 3, 14, "outlook"),
    ("yahoo.com", 4, 21, "yahoo"),
    ("icloud.com", 7, 26, "icloud"),
    ("ziggo.nl", 8, None, None),
    ("kpnmail.nl", 6, None, None),
    ("xs4all.nl", 3, None, None),
    ("hetnet.nl", 2, None, None),
    ("web.de", 3, None, None),
    ("protonmail.com", 2, 33, "proton"),
    ("telenet.be", 4, None, None),
]

EMAILS_PY = '''import logging
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import boto3
from django.conf import settings
from django.template.loader import render_to_string

from tickets.pdf import render_tickets_pdf

log = logging.getLogger("tickets.emails")
ses = boto3.client("sesv2", region_name=settings.AWS_REGION)


def send_order_confirmation(order):
    msg = MIMEMultipart("mixed")
    msg["Subject"] = render_to_string("emails/confirmation_subject.txt", {"order": order}).strip()
    msg["From"] = settings.TICKETS_FROM_EMAIL
    msg["To"] = order.email
    body = MIMEMultipart("alternative")
    body.attach(MIMEText(render_to_string("emails/confirmation.txt", {"order": order}), "plain", "utf-8"))
    body.attach(MIMEText(render_to_string("emails/confirmation.html", {"order": order}), "html", "utf-8"))
    msg.attach(body)
    pdf = MIMEApplication(render_tickets_pdf(order), "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename=f"tickets-{order.reference}.pdf")
    msg.attach(pdf)
    resp = ses.send_email(
        FromEmailAddress=settings.TICKETS_FROM_EMAIL,
        Destination={"ToAddresses": [order.email]},
        Content={"Raw": {"Data": msg.as_bytes()}},
        ConfigurationSetName=settings.SES_CONFIGURATION_SET,
        EmailTags=[{"Name": "order", "Value": order.reference}],
    )
    log.info("confirmation sent order=%s message_id=%s", order.reference, resp["MessageId"])
    return resp["MessageId"]
'''

SES_EVENTS_PY = '''import json
import logging

from tickets.models import Order

log = logging.getLogger("tickets.ses_events")


def handle(notification):
    """One SES event from the SNS topic (via SQS)."""
    event = json.loads(notification["Message"])
    kind = event.get("eventType") or event.get("notificationType")
    order_ref = event["mail"].get("tags", {}).get("order", ["?"])[0]
    if kind == "Bounce":
        bounce = event["bounce"]
        Order.objects.filter(reference=order_ref).update(email_status="bounced")
        log.warning("SES bounce for order %s (%s)", order_ref, bounce["bounceType"])
    elif kind == "Complaint":
        Order.objects.filter(reference=order_ref).update(email_status="complained")
        log.warning("SES complaint for order %s", order_ref)
    return kind
'''

TASKS_PY = '''import json
import logging

import boto3
from celery import shared_task
from django.conf import settings

from tickets import emails, ses_events
from tickets.models import Order

log = logging.getLogger("tickets.tasks")
sqs = boto3.client("sqs", region_name=settings.AWS_REGION)


@shared_task(autoretry_for=(Exception,), retry_backoff=30, max_retries=5)
def send_order_confirmation(order_id):
    emails.send_order_confirmation(Order.objects.get(pk=order_id))


@shared_task
def poll_ses_events():
    kinds = {}
    while True:
        batch = sqs.receive_message(QueueUrl=settings.SES_EVENTS_QUEUE, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        messages = batch.get("Messages", [])
        if not messages:
            break
        for m in messages:
            kind = ses_events.handle(json.loads(m["Body"]))
            kinds[kind] = kinds.get(kind, 0) + 1
            sqs.delete_message(QueueUrl=settings.SES_EVENTS_QUEUE, ReceiptHandle=m["ReceiptHandle"])
    if kinds:
        log.info("SES events processed: %s", ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
'''

CONFIRMATION_TXT = """Dear visitor,

Thank you for your order {{ order.reference }} at the Rijnhaven Museum.

{% for ticket in order.tickets.all %}- {{ ticket.type_label }}, {{ ticket.slot.starts_at|date:"l j F, H:i" }}
{% endfor %}
Your tickets are attached as a PDF. Show them on your phone or on paper at
the entrance, at the time of your slot.

Rijnhaven Museum, Wilhelminakade 40, Rotterdam
"""

SETTINGS_PY = '''import os

from celery.schedules import crontab

DEBUG = False
ALLOWED_HOSTS = ["tickets.rijnhavenmuseum.nl"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.staticfiles", "tickets"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "tickets", "HOST": os.environ.get("DB_HOST"), "CONN_MAX_AGE": 60}}
AWS_REGION = "eu-west-1"
TICKETS_FROM_EMAIL = "Rijnhaven Museum <tickets@rijnhavenmuseum.nl>"
SES_CONFIGURATION_SET = "tickets-transactional"
SES_EVENTS_QUEUE = os.environ.get("SES_EVENTS_QUEUE")
MOLLIE_API_KEY = os.environ.get("MOLLIE_API_KEY")
CELERY_BROKER_URL = os.environ.get("REDIS_URL")
CELERY_BEAT_SCHEDULE = {"poll-ses-events": {"task": "tickets.tasks.poll_ses_events", "schedule": 120.0}}
LOGGING = {
    "version": 1,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
}
'''

VALUES_YAML = """image:
  repository: ghcr.io/rijnhaven/tickets-web
  tag: main
web:
  replicas: 3
  resources:
    requests: {cpu: 250m, memory: 384Mi}
worker:
  replicas: 2
  concurrency: 4
beat:
  enabled: true
ingress:
  host: tickets.rijnhavenmuseum.nl
env:
  SES_EVENTS_QUEUE: https://sqs.eu-west-1.amazonaws.com/481516234201/tickets-ses-events
"""

EMAIL_DOC = """# Email

Confirmations go out through Amazon SES (eu-west-1, configuration set
`tickets-transactional`) as `tickets@rijnhavenmuseum.nl`.

- The domain identity uses Easy DKIM: SES signs every message; the three
  public keys are CNAME records `<token>._domainkey.rijnhavenmuseum.nl` in
  the museum's DNS zone, which IT manages (not this repository). The tokens
  are on the identity's page in the SES console.
- The envelope sender is SES's default (amazonses.com), so SPF does not
  align; DMARC (p=reject) passes on DKIM.
- Bounces and complaints come back through SNS -> SQS
  (`tickets-ses-events`); `poll_ses_events` marks the order's
  `email_status`. The Firehose archive (`ses-events` bucket) has every event.
- SES puts the account under review above a 10 % bounce rate; the alarm is
  at 5 %.
"""


def repo_files():
    return {
        "pyproject.toml": '[project]\nname = "tickets-web"\nversion = "3.8.0"\nrequires-python = ">=3.12"\ndependencies = [\n  "Django==5.0.4",\n  "celery[redis]==5.4.0",\n  "boto3==1.34.84",\n  "mollie-api-python==3.6.0",\n  "weasyprint==61.2",\n  "psycopg[binary]==3.1.18",\n  "gunicorn==22.0.0",\n]\n\n[project.optional-dependencies]\ntest = ["pytest==8.1.1", "pytest-django==4.8.0"]\n',
        "config/__init__.py": "",
        "config/settings.py": SETTINGS_PY,
        "config/celery.py": 'import os\n\nfrom celery import Celery\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\napp = Celery("tickets")\napp.config_from_object("django.conf:settings", namespace="CELERY")\napp.autodiscover_tasks()\n',
        "tickets/__init__.py": "",
        "tickets/emails.py": EMAILS_PY,
        "tickets/ses_events.py": SES_EVENTS_PY,
        "tickets/tasks.py": TASKS_PY,
        "tickets/models.py": 'from django.db import models\n\n\nclass Order(models.Model):\n    reference = models.CharField(max_length=20, unique=True)\n    email = models.EmailField()\n    status = models.CharField(max_length=12, default="open")\n    email_status = models.CharField(max_length=12, default="pending")\n    mollie_id = models.CharField(max_length=20, blank=True)\n    created_at = models.DateTimeField(auto_now_add=True)\n',
        "tickets/payments.py": 'import logging\n\nfrom django.conf import settings\nfrom django.http import HttpResponse\nfrom django.views.decorators.csrf import csrf_exempt\nfrom mollie.api.client import Client\n\nfrom tickets.models import Order\nfrom tickets.tasks import send_order_confirmation\n\nlog = logging.getLogger("tickets.payments")\nmollie = Client()\nmollie.set_api_key(settings.MOLLIE_API_KEY)\n\n\n@csrf_exempt\ndef mollie_webhook(request):\n    payment = mollie.payments.get(request.POST["id"])\n    order = Order.objects.get(mollie_id=payment.id)\n    if payment.is_paid() and order.status != "paid":\n        order.status = "paid"\n        order.save(update_fields=["status"])\n        send_order_confirmation.delay(order.pk)\n    log.info("mollie webhook %s status=%s order=%s", payment.id, payment.status, order.reference)\n    return HttpResponse(status=200)\n',
        "tickets/pdf.py": 'from django.template.loader import render_to_string\nfrom weasyprint import HTML\n\n\ndef render_tickets_pdf(order):\n    return HTML(string=render_to_string("tickets/pdf.html", {"order": order})).write_pdf()\n',
        "templates/emails/confirmation_subject.txt": "Your tickets for the Rijnhaven Museum ({{ order.reference }})\n",
        "templates/emails/confirmation.txt": CONFIRMATION_TXT,
        "templates/emails/confirmation.html": "<p>Dear visitor,</p>\n<p>Thank you for your order {{ order.reference }} at the Rijnhaven Museum. Your tickets are attached as a PDF.</p>\n",
        "templates/tickets/pdf.html": "<h1>Rijnhaven Museum</h1>\n{% for ticket in order.tickets.all %}<section><img src=\"{{ ticket.qr_data_uri }}\"><p>{{ ticket.type_label }} {{ ticket.slot.starts_at }}</p></section>{% endfor %}\n",
        "tests/test_emails.py": 'from unittest import mock\n\nfrom tickets import emails\n\n\ndef test_confirmation_has_the_pdf(order):\n    with mock.patch.object(emails.ses, "send_email", return_value={"MessageId": "x"}) as send:\n        emails.send_order_confirmation(order)\n    raw = send.call_args.kwargs["Content"]["Raw"]["Data"]\n    assert b"application/pdf" in raw\n',
        "chart/values-production.yaml": VALUES_YAML,
        "Dockerfile": "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"3\"]\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n  push:\n    branches: [main]\n    paths-ignore: ['docs/**']\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/rijnhaven/tickets-web:${{ github.sha }} . && docker push ghcr.io/rijnhaven/tickets-web:${{ github.sha }}\n      - run: helm upgrade tickets-web ./chart -n tickets -f chart/values-production.yaml --set image.tag=${{ github.sha }} --wait --timeout 5m\n",
        "docs/email.md": EMAIL_DOC,
        "README.md": readme(SERVICE, "The Rijnhaven Museum's ticket shop: time slots, Mollie payments, ticket PDFs and confirmation mail.", "pip install -e .[test]\npytest -q\npython manage.py runserver").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "The `deploy` workflow builds the image and runs `helm upgrade` on production; it is started by hand (or by a merge outside `docs/`)."),
    }


def build_repo():
    femke = Person("Femke de Boer", "femke.deboer@rijnhavenmuseum.nl", 120)
    lars = Person("Lars Nielsen", "lars.nielsen@rijnhavenmuseum.nl", 120)
    priya = Person("Priya Raman", "priya.raman@rijnhavenmuseum.nl", 330)
    mateo = Person("Mateo Ruiz", "mateo.ruiz@rijnhavenmuseum.nl", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("SESBounceRate", "The SES account's bounce rate is above 5 %. Look at the bounce diagnostics (Firehose archive or the worker's bounce lines): addresses that do not exist are normal, a rejection by policy from one provider is not."),
        ("MollieWebhookErrors", "Mollie retries a webhook for a day; check the web pods' errors and Mollie's status page."),
    ])
    repo.commit(utc("2026-04-15 08:40:00"), femke, "tickets-web: Django 5.0, Celery 5.4, SES v2", files)
    repo.schedule(chores(random.Random(21304), SERVICE, [femke, lars, priya, mateo], utc("2026-04-15 08:40:00"), utc("2026-04-20 17:00:00"), 4))
    repo.commit(utc("2026-04-16 13:15:00"), mateo, "payments: answer Mollie's webhook only after the order is saved", {
        "tickets/payments.py": repo.edit("tickets/payments.py", "    log.info(\"mollie webhook", "    # Mollie retries anything that is not 2xx; log every call.\n    log.info(\"mollie webhook"),
    })
    repo.commit(utc("2026-04-20 10:05:00"), femke, "docs: how confirmation mail is sent and signed", {"docs/email.md": EMAIL_DOC + "\nSee also the runbook's SESBounceRate.\n"})
    repo.commit(utc("2026-04-21 10:30:00"), mateo, "tickets: one page per time slot in the PDF", {
        "templates/tickets/pdf.html": "<h1>Rijnhaven Museum</h1>\n{% regroup order.tickets.all by slot as slots %}{% for slot in slots %}<section class=\"page\"><h2>{{ slot.grouper.starts_at|date:\"l j F, H:i\" }}</h2>{% for ticket in slot.list %}<img src=\"{{ ticket.qr_data_uri }}\"><p>{{ ticket.type_label }}</p>{% endfor %}</section>{% endfor %}\n",
    })
    repo.commit(utc("2026-04-21 14:10:00"), priya, "emails: attach the visit as a calendar invite (.ics)\n\nVisitors asked for it; the invite has the slot's start and end and the\nmuseum's address, and goes next to the PDF.", {
        "tickets/emails.py": repo.edit("tickets/emails.py", "    msg.attach(pdf)\n", "    msg.attach(pdf)\n    invite = MIMEText(render_visit_ics(order), \"calendar\", \"utf-8\")\n    invite.add_header(\"Content-Disposition\", \"attachment\", filename=\"visit.ics\")\n    msg.attach(invite)\n").replace(
            "from tickets.pdf import render_tickets_pdf\n", "from tickets.ics import render_visit_ics\nfrom tickets.pdf import render_tickets_pdf\n"),
        "tickets/ics.py": 'from icalendar import Calendar, Event\n\n\ndef render_visit_ics(order):\n    cal = Calendar()\n    cal.add("prodid", "-//Rijnhaven Museum//tickets//NL")\n    cal.add("version", "2.0")\n    slot = order.tickets.first().slot\n    event = Event()\n    event.add("summary", "Rijnhaven Museum")\n    event.add("dtstart", slot.starts_at)\n    event.add("dtend", slot.ends_at)\n    event.add("location", "Wilhelminakade 40, Rotterdam")\n    event.add("uid", f"{order.reference}@rijnhavenmuseum.nl")\n    cal.add_component(event)\n    return cal.to_ical().decode()\n',
        "pyproject.toml": repo.edit("pyproject.toml", '  "gunicorn==22.0.0",\n', '  "gunicorn==22.0.0",\n  "icalendar==5.0.12",\n'),
    })
    repo.commit(utc("2026-04-21 15:45:00"), lars, "tests: the confirmation carries the calendar invite", {
        "tests/test_emails.py": repo.files["tests/test_emails.py"] + '    assert b"text/calendar" in raw\n',
    })
    repo.commit(utc("2026-04-22 06:55:00"), bot, "Bump boto3 from 1.34.84 to 1.34.90\n\nBumps [boto3](https://github.com/boto/boto3) from 1.34.84 to 1.34.90.\n- [Release notes](https://github.com/boto/boto3/releases)\n- [Commits](https://github.com/boto/boto3/compare/1.34.84...1.34.90)", {
        "pyproject.toml": repo.edit("pyproject.toml", '"boto3==1.34.84"', '"boto3==1.34.90"'),
    })
    repo.commit(utc("2026-04-22 07:30:00"), femke, "ses: log each bounce's type, recipient domain and diagnostic\n\nLast week's alarm took an hour to explain: the app only logged the order.\nLog what SES tells us (type/subtype, status, the receiver's answer) and\nthe recipient's domain, not the address.", {
        "tickets/ses_events.py": repo.edit("tickets/ses_events.py", '        log.warning("SES bounce for order %s (%s)", order_ref, bounce["bounceType"])\n',
                                           '        for r in bounce["bouncedRecipients"]:\n            log.warning("SES bounce order=%s type=%s/%s domain=%s status=%s diagnostic=%r",\n                        order_ref, bounce["bounceType"], bounce["bounceSubType"], r["emailAddress"].rsplit("@", 1)[-1],\n                        r.get("status"), r.get("diagnosticCode"))\n'),
    })
    head = repo.commit(utc("2026-04-22 08:05:00"), lars, "emails: clearer wording in the confirmation (entrance, slot time)", {
        "templates/emails/confirmation.txt": repo.edit("templates/emails/confirmation.txt", "Your tickets are attached as a PDF. Show them on your phone or on paper at\nthe entrance, at the time of your slot.\n",
                                                       "Your tickets are attached as a PDF, and the visit as a calendar invite.\nShow the tickets on your phone or on paper at the main entrance on the\nWilhelminakade. You can come in from the start of your slot until 15\nminutes after it.\n"),
    })
    repo.commit(utc("2026-04-22 12:40:00"), mateo, "ops: resend_confirmations command for orders whose mail bounced\n\nFor this morning's DMARC rejections: resends to orders with\nemail_status=bounced in a time range, at most 5 a second.", {
        "tickets/management/__init__.py": "",
        "tickets/management/commands/__init__.py": "",
        "tickets/management/commands/resend_confirmations.py": 'import time\n\nfrom django.core.management.base import BaseCommand\nfrom django.utils.dateparse import parse_datetime\n\nfrom tickets.models import Order\nfrom tickets.tasks import send_order_confirmation\n\n\nclass Command(BaseCommand):\n    help = "Resend confirmations whose mail bounced between --since and --until."\n\n    def add_arguments(self, parser):\n        parser.add_argument("--since", required=True)\n        parser.add_argument("--until", required=True)\n\n    def handle(self, since, until, **_):\n        orders = Order.objects.filter(email_status="bounced", created_at__range=(parse_datetime(since), parse_datetime(until)))\n        for order in orders:\n            send_order_confirmation.delay(order.pk)\n            time.sleep(0.2)\n        self.stdout.write(f"queued {orders.count()} confirmations")\n',
    })
    previous = repo._git("rev-list", "-1", f"--before={int(utc('2026-04-21 09:00:00').timestamp())}", "HEAD")
    return repo, head, previous


# ---------------------------------------------------------------------------
# logs

def reject_p(provider_start, t):
    """Share of a provider's receivers that no longer find the DKIM key."""
    if provider_start is None:
        return 0.0
    begin = utc("2026-04-22 09:00:00") + dt.timedelta(minutes=provider_start)
    if t < begin:
        return 0.0
    rise = min(1.0, (t - begin).total_seconds() / 2400)
    if t > DKIM_ADDED:
        # negative answers cached up to the zone's SOA minimum (30 minutes)
        rise *= max(0.0, 1 - (t - DKIM_ADDED).total_seconds() / 1800)
    return rise


def diagnostic(kind, rng, when):
    if kind == "gmail":
        return ("5.7.26", f"smtp; 550-5.7.26 Unauthenticated email from {DOMAIN} is not accepted due to domain's DMARC policy. Please contact the administrator of {DOMAIN} domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection {hexid(rng, 12)}si{rng.randint(1000000, 9999999)}.{rng.randint(10, 999)} - gsmtp")
    if kind == "outlook":
        return ("5.7.509", f"smtp; 550 5.7.509 Access denied, sending domain [{DOMAIN.upper()}] does not pass DMARC verification and has a DMARC policy of reject. [AM{rng.randint(0, 9)}PR0{rng.randint(1, 9)}MB{rng.randint(1000, 9999)}.eurprd0{rng.randint(1, 9)}.prod.outlook.com {when.strftime('%Y-%m-%dT%H:%M:%S.')}{when.microsecond // 1000:03d}Z 08DC{hexid(rng, 12).upper()}]")
    if kind == "yahoo":
        return ("5.7.9", "smtp; 554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes")
    if kind == "icloud":
        return ("5.7.1", "smtp; 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137")
    return ("5.7.1", "smtp; 550 5.7.1 Email rejected per DMARC policy for rijnhavenmuseum.nl")


def build_logs(rng, head, previous):
    web = Log("tickets-web.log")
    worker = Log("tickets-worker.log")
    ses_log = Log("ses-events.log")
    ingress = Log("ingress-nginx.log")
    cf = Log("cloudflare-audit.log")
    alarms = Log("cloudwatch-alarms.log")
    deploy = Log("deploy.log")
    chat = Log("chat.log")
    stats = {"sent": [], "rejected": [], "bounced": []}

    web_pods_old = [f"tickets-web-6f8d5b7c9-{s}" for s in ("lq2vz", "t8kxn", "c4hpw")]
    web_pods_new = [f"tickets-web-84c7f9d6b-{s}" for s in ("m3rtq", "x9wbn", "g6zkd")]
    web_pods_back = [f"tickets-web-6f8d5b7c9-{s}" for s in ("p7nvc", "w2jkr", "h5dxs")]
    worker_old = ["ForkPoolWorker-1", "ForkPoolWorker-2", "ForkPoolWorker-3", "ForkPoolWorker-4"]
    new_from = DEPLOY + dt.timedelta(seconds=200)
    back_from = ROLLBACK + dt.timedelta(seconds=50)

    def version_at(t):
        if t < new_from or t >= back_from:
            return "old"
        return "new"

    def web_pod(t):
        if t < new_from:
            return rng.choice(web_pods_old)
        if t < back_from:
            return rng.choice(web_pods_new)
        return rng.choice(web_pods_back)

    def wlog(t, level, logger, msg, pod=None):
        web.add(t, f"{pod or web_pod(t)} {python_logging(t, level, logger, msg)}")

    def celery(t, level, proc, msg):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        worker.add(t, f"[{stamp}: {level}/{proc}] {msg}")

    def ses_event(t, body):
        ses_log.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def ua():
        return rng.choice([
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        ])

    def access(t, client, method, path, status, size, agent, rt, pod_ip):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "-" "{agent}" {rng.randint(300, 900)} {rt:.3f} [tickets-tickets-web-80] [] {pod_ip}:8000 {size} {rt - 0.001:.3f} {status} {hexid(rng, 32)}')

    pod_ips = {}
    for i, name in enumerate(web_pods_old + web_pods_new + web_pods_back):
        pod_ips[name] = f"10.12.{i % 3}.{31 + i * 7}"

    # ---- orders: paid at Mollie, webhook, confirmation mail through SES
    def order_rate(t):
        h = t.hour + t.minute / 60
        return 1.4 + 1.6 * min(1.0, max(0.0, (h - 7.3) / 2.5))

    order_no = [118_090]
    bounced_orders = []
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(order_rate(t) / 60))
        if t >= END:
            break
        order_no[0] += 1
        ref = f"RM-2026-{order_no[0]}"
        tr = "tr_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(10))
        client = f"{rng.choice([84, 86, 145, 213, 77, 62])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        pod = web_pod(t)
        access(t - dt.timedelta(seconds=rng.uniform(20, 90)), client, "POST", "/checkout/", 302, 0, ua(), rng.uniform(0.09, 0.4), pod_ips[pod])
        wh = t
        access(wh, f"35.{rng.choice([157, 205])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "POST", "/payments/mollie/webhook/", 200, 0, "Mollie.nl HTTP client/1.0", rng.uniform(0.05, 0.2), pod_ips[pod])
        wlog(wh, "INFO", "tickets.payments", f"mollie webhook {tr} status=paid order={ref}", pod)
        task = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        r = wh + dt.timedelta(milliseconds=rng.randint(20, 300))
        celery(r, "INFO", "MainProcess", f"Task tickets.tasks.send_order_confirmation[{task}] received")
        proc = rng.choice(worker_old)
        s = r + dt.timedelta(milliseconds=rng.randint(600, 1900))
        mid = f"0102018f{hexid(rng, 8)}-{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}-000000"
        celery(s, "INFO", proc, f"tickets.emails: confirmation sent order={ref} message_id={mid}")
        celery(s + dt.timedelta(milliseconds=3), "INFO", proc, f"Task tickets.tasks.send_order_confirmation[{task}] succeeded in {(s - r).total_seconds() + 0.004:.3f}s: None")
        stats["sent"].append(s)
        domain = rng.choices([p[0] for p in PROVIDERS], weights=[p[1] for p in PROVIDERS])[0]
        prov = next(p for p in PROVIDERS if p[0] == domain)
        local = rng.choice("abcdefghijklmnoprstvwyz") + "***"
        rcpt = f"{local}@{domain}"
        mail = {"timestamp": s.strftime("%Y-%m-%dT%H:%M:%S.") + f"{s.microsecond // 1000:03d}Z", "source": "Rijnhaven Museum <tickets@rijnhavenmuseum.nl>",
                "sourceArn": f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/{DOMAIN}", "sendingAccountId": ACCOUNT, "messageId": mid, "destination": [rcpt],
                "tags": {"ses:configuration-set": ["tickets-transactional"], "ses:from-domain": [DOMAIN], "order": [ref]}}
        ses_event(s + dt.timedelta(milliseconds=40), {"eventType": "Send", "mail": mail, "send": {}})
        d = s + dt.timedelta(milliseconds=rng.randint(700, 3800))
        mta = f"a{rng.randint(1, 9)}-{rng.randint(10, 99)}.smtp-out.eu-west-1.amazonses.com"
        if rng.random() < reject_p(prov[2], d):
            status, diag = diagnostic(prov[3], rng, d)
            stats["rejected"].append(d)
            bounced_orders.append((d, ref, "Permanent", "General", domain, status, diag))
            ses_event(d, {"eventType": "Bounce", "bounce": {"feedbackId": f"0102018f{hexid(rng, 8)}-{hexid(rng, 8)}-000000", "bounceType": "Permanent", "bounceSubType": "General",
                                                           "bouncedRecipients": [{"emailAddress": rcpt, "action": "failed", "status": status, "diagnosticCode": diag}],
                                                           "timestamp": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z", "reportingMTA": f"dns; {mta}"}, "mail": mail})
        elif rng.random() < 0.02:
            if rng.random() < 0.5:
                diag = "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser - gsmtp" if domain == "gmail.com" else "smtp; 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown"
                bounced_orders.append((d, ref, "Permanent", "General", domain, "5.1.1", diag))
                ses_event(d, {"eventType": "Bounce", "bounce": {"feedbackId": f"0102018f{hexid(rng, 8)}-{hexid(rng, 8)}-000000", "bounceType": "Permanent", "bounceSubType": "General",
                                                               "bouncedRecipients": [{"emailAddress": rcpt, "action": "failed", "status": "5.1.1", "diagnosticCode": diag}],
                                                               "timestamp": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z", "reportingMTA": f"dns; {mta}"}, "mail": mail})
            else:
                diag = "Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html"
                bounced_orders.append((d, ref, "Permanent", "Suppressed", domain, "5.1.1", diag))
                ses_event(d, {"eventType": "Bounce", "bounce": {"feedbackId": f"0102018f{hexid(rng, 8)}-{hexid(rng, 8)}-000000", "bounceType": "Permanent", "bounceSubType": "Suppressed",
                                                               "bouncedRecipients": [{"emailAddress": rcpt, "action": "failed", "status": "5.1.1", "diagnosticCode": diag}],
                                                               "timestamp": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z", "reportingMTA": "dns; amazonses.com"}, "mail": mail})
        else:
            smtp = {"gmail": f"250 2.0.0 OK  {int(d.timestamp())} {hexid(rng, 12)}si{rng.randint(1000000, 9999999)}.{rng.randint(10, 999)} - gsmtp",
                    "outlook": f"250 2.6.0 <{mid}@eu-west-1.amazonses.com> [InternalId={rng.randint(10**12, 10**13)}, Hostname=AM{rng.randint(0, 9)}PR0{rng.randint(1, 9)}MB{rng.randint(1000, 9999)}.eurprd0{rng.randint(1, 9)}.prod.outlook.com] {rng.randint(90000, 200000)} bytes in 0.{rng.randint(100, 999)}, 3.{rng.randint(100, 999)} KB/sec Queued mail for delivery"}.get(prov[3] or "", f"250 2.0.0 Ok: queued as {hexid(rng, 11).upper()}")
            ses_event(d, {"eventType": "Delivery", "mail": mail, "delivery": {"timestamp": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z", "processingTimeMillis": int((d - s).total_seconds() * 1000),
                                                                               "recipients": [rcpt], "smtpResponse": smtp, "reportingMTA": mta}})
        # visitors without a mail look for their order on the site
        if rng.random() < 0.6 and reject_p(prov[2], d) > 0 and bounced_orders and bounced_orders[-1][1] == ref:
            for k in range(rng.randint(1, 3)):
                v = d + dt.timedelta(minutes=rng.uniform(4, 40))
                if v < END:
                    p2 = web_pod(v)
                    access(v, client, "GET", f"/bestelling/{ref}/", 200, rng.randint(5200, 7400), ua(), rng.uniform(0.04, 0.15), pod_ips[p2])

    # ---- SES events back through SQS: the beat task every minute
    bounced_orders.sort()
    t = START + dt.timedelta(seconds=rng.randint(2, 50))
    i = 0
    while t < END:
        beat = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        celery(t, "INFO", "Beat", "Scheduler: Sending due task poll-ses-events (tickets.tasks.poll_ses_events)")
        celery(t + dt.timedelta(milliseconds=30), "INFO", "MainProcess", f"Task tickets.tasks.poll_ses_events[{beat}] received")
        proc = rng.choice(worker_old)
        kinds = {}
        now = t + dt.timedelta(milliseconds=rng.randint(200, 900))
        while i < len(bounced_orders) and bounced_orders[i][0] <= t:
            d, ref, btype, sub, domain, status, diag = bounced_orders[i]
            i += 1
            kinds["Bounce"] = kinds.get("Bounce", 0) + 1
            if version_at(now) == "new":
                celery(now, "WARNING", proc, f"tickets.ses_events: SES bounce order={ref} type={btype}/{sub} domain={domain} status={status} diagnostic={diag!r}")
            else:
                celery(now, "WARNING", proc, f"tickets.ses_events: SES bounce for order {ref} ({btype})")
            stats["bounced"].append(now)
        if kinds:
            celery(now + dt.timedelta(milliseconds=5), "INFO", proc, "tickets.tasks: SES events processed: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
        celery(now + dt.timedelta(milliseconds=9), "INFO", proc, f"Task tickets.tasks.poll_ses_events[{beat}] succeeded in {(now - t).total_seconds() + 0.009:.3f}s: None")
        t += dt.timedelta(seconds=120)

    # ---- web pods starting with each release; other routes
    for names, start_t, version in ((web_pods_new, DEPLOY + dt.timedelta(seconds=150), head), (web_pods_back, ROLLBACK + dt.timedelta(seconds=14), previous)):
        for k, name in enumerate(names):
            st = start_t + dt.timedelta(seconds=16 * k + rng.uniform(0, 3))
            web.add(st, f"{name} [{st.strftime('%Y-%m-%d %H:%M:%S')} +0000] [1] [INFO] Starting gunicorn 22.0.0")
            web.add(st, f"{name} [{st.strftime('%Y-%m-%d %H:%M:%S')} +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)")
            for w in range(3):
                web.add(st, f"{name} [{st.strftime('%Y-%m-%d %H:%M:%S')} +0000] [{7 + w}] [INFO] Booting worker with pid: {7 + w}")
            wlog(st + dt.timedelta(seconds=1), "INFO", "tickets.apps", f"tickets-web ready version={version[:7]}", name)
        ws = start_t + dt.timedelta(seconds=40)
        worker.add(ws, f"[{ws.strftime('%Y-%m-%d %H:%M:%S,')}{ws.microsecond // 1000:03d}: INFO/MainProcess] Connected to redis://tickets-redis:6379/0")
        worker.add(ws, f"[{ws.strftime('%Y-%m-%d %H:%M:%S,')}{ws.microsecond // 1000:03d}: INFO/MainProcess] celery@tickets-worker-{'84c7f9d6b' if version == head else '6f8d5b7c9'}-{hexid(rng, 5)} ready.")
    for t in poisson_times(rng, START, END, 3.5):
        path, size = rng.choice([("/", 18233), ("/tentoonstellingen/havenlicht/", 24410), ("/tickets/", 21870), ("/tickets/slots/?date=2026-04-2" + str(rng.randint(2, 9)), 3120), ("/static/css/site.4b1c.css", 48112)])
        pod = web_pod(t)
        access(t, f"{rng.choice([84, 86, 145, 213, 77])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "GET", path, 200, size, ua(), rng.uniform(0.01, 0.12), pod_ips[pod])

    # ---- Cloudflare audit log: the zone move by IT
    actor = {"id": hexid(rng, 32), "email": "joris.smit@rijnhavenmuseum.nl", "type": "user", "ip": "145.53.110.18"}
    owner = {"id": hexid(rng, 32)}
    zone_id = hexid(rng, 32)

    def cf_event(t, action, rtype, metadata, who=actor, interface="UI", info=""):
        body = {"id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "action": {"type": action, "result": True, "info": info},
                "actor": who, "interface": interface, "owner": owner, "resource": {"type": rtype, "id": zone_id if rtype == "zone" else hexid(rng, 32)},
                "when": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "metadata": metadata, "newValue": "", "oldValue": ""}
        cf.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    t = utc("2026-04-22 07:56:42")
    cf_event(t, "add", "zone", {"zone_name": DOMAIN, "plan": "Free Website"})
    imported = [
        ("A", DOMAIN, "185.199.110.42"), ("A", f"www.{DOMAIN}", "185.199.110.42"), ("CNAME", f"tickets.{DOMAIN}", "k8s-ingress-prod-2f1c9b.elb.eu-west-1.amazonaws.com"),
        ("MX", DOMAIN, f"rijnhavenmuseum-nl.mail.protection.outlook.com"), ("TXT", DOMAIN, "v=spf1 include:spf.protection.outlook.com include:amazonses.com -all"),
        ("TXT", DOMAIN, "MS=ms48211937"), ("TXT", f"_dmarc.{DOMAIN}", "v=DMARC1; p=reject; rua=mailto:dmarc-reports@rijnhavenmuseum.nl; adkim=r; aspf=r"),
        ("CNAME", f"autodiscover.{DOMAIN}", "autodiscover.outlook.com"), ("CNAME", f"selector1._domainkey.{DOMAIN}", "selector1-rijnhavenmuseum-nl._domainkey.rijnhaven.onmicrosoft.com"),
        ("CNAME", f"selector2._domainkey.{DOMAIN}", "selector2-rijnhavenmuseum-nl._domainkey.rijnhaven.onmicrosoft.com"), ("CNAME", f"shop.{DOMAIN}", "shops.myshopify.com"),
        ("TXT", DOMAIN, "google-site-verification=Qe4r1uX7yZ0kH3vT9bN2mW5sJ8aL6cD"),
    ]
    t += dt.timedelta(seconds=48)
    for rtype, name, content in imported:
        cf_event(t, "create", "DNS_record", {"zone_name": DOMAIN, "name": name, "type": rtype, "content": content, "ttl": 1, "proxied": False, "source": "scan"},
                 who={"id": "", "email": "", "type": "system", "ip": ""}, interface="API", info="DNS record imported by scan")
        t += dt.timedelta(milliseconds=rng.randint(40, 400))
    t = utc("2026-04-22 08:02:15")
    cf_event(t, "update", "DNS_record", {"zone_name": DOMAIN, "name": f"tickets.{DOMAIN}", "type": "CNAME", "content": "k8s-ingress-prod-2f1c9b.elb.eu-west-1.amazonaws.com", "ttl": 300, "proxied": False})
    cf_event(utc("2026-04-22 08:04:51"), "update", "zone_setting", {"zone_name": DOMAIN, "setting": "ssl", "value": "full_strict"})
    cf_event(utc("2026-04-22 09:01:37"), "update", "zone", {"zone_name": DOMAIN, "status": "active", "previous_status": "pending"},
             who={"id": "", "email": "", "type": "system", "ip": ""}, interface="", info="nameservers verified, zone active")
    t = DKIM_ADDED
    for tok in DKIM_TOKENS:
        cf_event(t, "create", "DNS_record", {"zone_name": DOMAIN, "name": f"{tok}._domainkey.{DOMAIN}", "type": "CNAME", "content": f"{tok}.dkim.amazonses.com", "ttl": 1, "proxied": False})
        t += dt.timedelta(seconds=rng.randint(25, 50))

    # ---- CloudWatch alarm (SES reputation)
    def alarm(t, state, old, reason):
        msg = {"AlarmName": "ses-bounce-rate-5pct", "AlarmDescription": "SES account bounce rate above 5% (account review at 10%)", "AWSAccountId": ACCOUNT,
               "AlarmConfigurationUpdatedTimestamp": "2025-11-03T10:12:44.118+0000", "NewStateValue": state, "NewStateReason": reason,
               "StateChangeTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + "412+0000", "Region": "EU (Ireland)", "AlarmArn": f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:ses-bounce-rate-5pct",
               "OldStateValue": old, "Trigger": {"MetricName": "Reputation.BounceRate", "Namespace": "AWS/SES", "StatisticType": "Statistic", "Statistic": "AVERAGE", "Period": 300, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 0.05}}
        alarms.add(t, json.dumps({"Type": "Notification", "MessageId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                                  "TopicArn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:tickets-alerts", "Subject": f"{state}: \"ses-bounce-rate-5pct\" in EU (Ireland)",
                                  "Message": json.dumps(msg, separators=(",", ":")), "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + "455Z"}, separators=(",", ":")))
    alarm(ALARM, "ALARM", "OK", "Threshold Crossed: 1 datapoint [0.0712 (22/04/26 09:33:00)] was greater than the threshold (0.05).")
    alarm(utc("2026-04-22 11:22:00"), "OK", "ALARM", "Threshold Crossed: 1 datapoint [0.0461 (22/04/26 11:17:00)] was not greater than the threshold (0.05).")

    # ---- deploys (GitHub Actions, helm)
    def gha(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    t0 = DEPLOY - dt.timedelta(seconds=150)
    gha(t0, f"##[group]Run docker build -t ghcr.io/rijnhaven/tickets-web:{head} . && docker push ghcr.io/rijnhaven/tickets-web:{head}")
    gha(t0 + dt.timedelta(seconds=141), f"{head}: digest: sha256:{hexid(rng, 64)} size: 2417")
    gha(t0 + dt.timedelta(seconds=142), "##[endgroup]")
    gha(DEPLOY, f"##[group]Run helm upgrade tickets-web ./chart -n tickets -f chart/values-production.yaml --set image.tag={head} --wait --timeout 5m")
    gha(DEPLOY + dt.timedelta(seconds=208), "Release \"tickets-web\" has been upgraded. Happy Helming!")
    gha(DEPLOY + dt.timedelta(seconds=208), "NAME: tickets-web")
    gha(DEPLOY + dt.timedelta(seconds=208), "LAST DEPLOYED: Wed Apr 22 08:38:06 2026")
    gha(DEPLOY + dt.timedelta(seconds=208), "NAMESPACE: tickets")
    gha(DEPLOY + dt.timedelta(seconds=208), "STATUS: deployed")
    gha(DEPLOY + dt.timedelta(seconds=208), "REVISION: 42")
    gha(DEPLOY + dt.timedelta(seconds=209), "##[endgroup]")
    r0 = ROLLBACK
    gha(r0, "##[group]Run helm rollback tickets-web 41 -n tickets --wait --timeout 5m")
    gha(r0 + dt.timedelta(seconds=96), "Rollback was a success! Happy Helming!")
    gha(r0 + dt.timedelta(seconds=97), "##[endgroup]")

    # ---- chat
    def say(t, channel, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #{channel} <{who}> {text}")
    say(utc("2026-04-22 07:49:10"), "it-changes", "Joris Smit", "reminder: today we move the rijnhavenmuseum.nl DNS from the registrar to Cloudflare. Switch of nameservers around 10:45 (CEST). Website, mail (M365) and the ticket shop should not notice anything")
    say(utc("2026-04-22 08:07:30"), "it-changes", "Joris Smit", "zone is in Cloudflare, records imported and compared with the old zone: A, CNAMEs, MX, SPF, DMARC, M365 DKIM all there")
    say(utc("2026-04-22 08:33:20"), "tickets-oncall", "Femke de Boer", f"deploying {head[:7]}: calendar invite in the confirmation, new confirmation wording, boto3 bump, bounce diagnostics in the worker log")
    say(utc("2026-04-22 08:43:02"), "tickets-oncall", "Femke de Boer", "deployed, test order RM-TEST-5521 got its mail with the .ics")
    say(NS_SWITCH + dt.timedelta(seconds=40), "it-changes", "Joris Smit", "nameservers switched at the registrar. Propagation can take a few hours")
    say(utc("2026-04-22 09:34:15"), "tickets-oncall", "Sanne (front desk)", "third visitor this half hour at the desk without tickets in their mail, they paid (iDEAL). we print them from the back office")
    say(ALARM + dt.timedelta(seconds=20), "tickets-oncall", "aws-notifications", "ALARM: ses-bounce-rate-5pct in EU (Ireland)")
    say(utc("2026-04-22 09:44:50"), "tickets-oncall", "Femke de Boer", "looking. SES accepts everything, then Gmail and Outlook bounce. Since about 09:10, half an hour after our deploy. The .ics is new in this release")
    say(utc("2026-04-22 09:57:10"), "tickets-oncall", "Mateo Ruiz", "SES puts the account under review at 10% bounces, we are at 7%. Roll back?")
    say(ROLLBACK - dt.timedelta(seconds=30), "tickets-oncall", "Femke de Boer", "rolling back to revision 41 (Monday's release)")
    say(utc("2026-04-22 10:16:40"), "tickets-oncall", "Femke de Boer", "rollback done at 10:06, still bounces from gmail and outlook on the new orders")
    say(utc("2026-04-22 10:19:05"), "tickets-oncall", "Lars Nielsen", "@Joris did anything change in DNS today? these are authentication failures")
    say(utc("2026-04-22 10:23:30"), "tickets-oncall", "Joris Smit", "the zone moved to Cloudflare this morning (see #it-changes). checking the mail records")
    say(utc("2026-04-22 10:30:55"), "tickets-oncall", "Joris Smit", "adding three records for Amazon SES that were in the old zone but not in the import")
    say(utc("2026-04-22 11:08:20"), "tickets-oncall", "Femke de Boer", "bounces stopping. we'll resend the confirmations that bounced since 09:00. INC-41, postmortem with IT on Friday")
    return [web, worker, ses_log, ingress, cf, alarms, deploy, chat], stats


def build(out_dir):
    rng = random.Random(21300)
    repo, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, head, previous)
        onset = min(stats["rejected"]).replace(microsecond=0)

        def per5(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=300) < x <= t)
            return fn

        sent, rej = per5(stats["sent"]), per5(stats["rejected"])
        metrics = {
            "ses_events_per_5m.json": query_range([
                ({"configuration_set": "tickets-transactional", "event": "send"}, sent),
                ({"configuration_set": "tickets-transactional", "event": "bounce"}, per5([x for x in stats["rejected"]])),
            ], START, END, 60),
            "ses_reputation_bounce_rate.json": query_range([({"account": ACCOUNT, "region": "eu-west-1"}, lambda t: round(0.011 + 0.9 * (rej(t) / max(1, sent(t))) * 0.09, 4))], START, END, 300),
        }
        return write_scenario(
            out_dir, name="dmarc-ticket-emails-none", service=SERVICE, onset=onset,
            description=f"""
Visitors do not get their tickets by mail. From {onset.strftime('%H:%M')} UTC on 22 April more and
more confirmation mails bounce (Gmail first, then Outlook, Yahoo and
iCloud); SES accepts every message and the worker logs them as sent.
Visitors arrive at the desk without tickets; the SES bounce-rate alarm
fires at 09:38. tickets-web was released at 08:41 (calendar invite in the
confirmation) and rolled back at 10:05, without effect. The bounces fade
after 10:35.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"is not accepted due to domain.s DMARC policy",
                        r"does not pass DMARC verification and has a DMARC policy of reject"],
            fix_files=[],
            explanation=f"""
Nothing in tickets-web's repository caused it. The museum's IT team moved
the rijnhavenmuseum.nl zone to Cloudflare, whose import did not find the
three Easy DKIM CNAMEs (`<token>._domainkey`) that SES's signatures need;
the nameservers were switched at 08:47. As receivers' resolvers followed
the new delegation they found no DKIM key, SPF does not align (SES's own
envelope sender) and DMARC (p=reject) failed: Gmail answers "550-5.7.26
Unauthenticated email from ... is not accepted due to domain's DMARC
policy", Outlook "550 5.7.509 Access denied, sending domain ... does not
pass DMARC verification and has a DMARC policy of reject", then Yahoo and
iCloud; Dutch ISPs that do not enforce DMARC keep delivering. The SES
events and the worker's bounce lines show it; the Cloudflare audit log
shows the import without the SES records, the zone going active at 09:01
and the three CNAMEs added at 10:31, after which the bounces fade.
Decoys: the 08:41 release, {int((onset - (DEPLOY + dt.timedelta(seconds=208))).total_seconds() // 60)} minutes before the onset, with the
calendar invite attached to the confirmation, the new wording, a boto3
bump and the morning's commit that logs each bounce's type, domain, status
and diagnostic (the bounce lines carry its words, and go back to the old
form after the rollback); the rollback at 10:05, which changes nothing;
the email docs; the normal bounces (unknown users, suppression list); the
resend command committed after the incident; chores.
""",
        )
    finally:
        repo.close()
