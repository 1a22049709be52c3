"""invoice-renderer: settings move from a start-up read to an SSM GetParameter
call on every render; at the morning peak the account's SSM rate limit is hit
and renders fail with ThrottlingException. structlog JSON with botocore retry
lines, gunicorn access log, ALB access log. No deploy marker names a version."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, query_range, utc, write_scenario
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "invoice-renderer"
DEPLOY = utc("2026-11-20 10:12:20")
ONSET = utc("2026-11-20 10:31:05")

SETTINGS = '''"""Branding and tax settings, from SSM Parameter Store."""
import functools
import json

import boto3

_ssm = boto3.client("ssm", region_name="eu-west-1")
PREFIX = "/invoice-renderer/prod"


def _get(name):
    return _ssm.get_parameter(Name=f"{PREFIX}/{name}", WithDecryption=True)["Parameter"]["Value"]


@functools.lru_cache(maxsize=1)
def load():
    """Read once per process; a restart picks up changes."""
    return {
        "branding": json.loads(_get("branding")),
        "tax": json.loads(_get("tax")),
        "footer": _get("footer"),
    }
'''


def build_repo():
    clara = Person("Clara Jensen", "clara.jensen@ledgerly.io", 60)
    hugo = Person("Hugo Lefebvre", "hugo.lefebvre@ledgerly.io", 60)
    amir = Person("Amir Sadeghi", "amir.sadeghi@ledgerly.io", 210)
    repo = Repo()
    files = python_service(SERVICE, "renderer", "Renders invoice PDFs with the customer's branding.")
    files["renderer/settings.py"] = SETTINGS
    files["renderer/render.py"] = '"""HTML to PDF."""\nfrom weasyprint import HTML\n\nfrom renderer import settings, templates\n\n\ndef render(invoice):\n    cfg = settings.load()\n    html = templates.invoice(invoice, cfg["branding"], cfg["footer"])\n    return HTML(string=html).write_pdf()\n'
    files["templates/invoice.html"] = "<html><body><header>{{ branding.name }}</header>{% block lines %}{% endblock %}<footer>{{ footer }}</footer></body></html>\n"
    files["terraform/ssm.tf"] = 'resource "aws_ssm_parameter" "branding" {\n  name  = "/invoice-renderer/prod/branding"\n  type  = "String"\n  value = file("${path.module}/branding.json")\n}\n\nresource "aws_ssm_parameter" "tax" {\n  name  = "/invoice-renderer/prod/tax"\n  type  = "String"\n  value = file("${path.module}/tax.json")\n}\n'
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=6, memory="768Mi", cpu="1")
    files["docs/runbook.md"] = runbook(SERVICE, [("RenderErrors", "5xx above 1 %: check WeasyPrint memory and the SSM parameters.")])
    repo.commit(utc("2026-11-16 09:00:00"), hugo, "invoice-renderer: initial import", files)
    repo.schedule(chores(random.Random(2003), SERVICE, [clara, hugo, amir], utc("2026-11-16 09:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-18 11:20:00"), amir, "terraform: footer parameter", {
        "terraform/ssm.tf": repo.files["terraform/ssm.tf"] + '\nresource "aws_ssm_parameter" "footer" {\n  name  = "/invoice-renderer/prod/footer"\n  type  = "String"\n  value = "Ledgerly GmbH · Amtsgericht Berlin HRB 000000"\n}\n',
    })
    repo.commit(utc("2026-11-19 15:02:00"), hugo, "settings: type hints", {
        "renderer/settings.py": repo.edit("renderer/settings.py", "def _get(name):", "def _get(name: str) -> str:"),
    })
    repo.commit(utc("2026-11-19 17:45:00"), clara, "tests: PDF snapshot for a two-page invoice", {
        "tests/test_render.py": "from renderer.render import render\n\n\ndef test_two_pages(snapshot, invoice_fixture):\n    assert render(invoice_fixture(lines=60))[:4] == b'%PDF'\n",
    })
    repo.commit(utc("2026-11-20 08:40:00"), amir, "docs: who may change branding and how", {
        "docs/branding.md": "# Branding\n\nFinance edits `/invoice-renderer/prod/branding` through Terraform.\n",
    })
    culprit = repo.commit(utc("2026-11-20 09:34:00"), clara,
                          "settings: read from SSM on every render\n\nFinance changed the footer yesterday and had to wait for a restart.", {
                              "renderer/settings.py": repo.files["renderer/settings.py"].replace('''@functools.lru_cache(maxsize=1)
def load():
    """Read once per process; a restart picks up changes."""''', '''def load():
    """Read on every render so finance can change branding without a restart."""''').replace("import functools\n", ""),
                          })
    repo.commit(utc("2026-11-20 10:05:00"), hugo, "templates: German footer wording", {
        "templates/invoice.html": repo.edit("templates/invoice.html", "<footer>{{ footer }}</footer>", "<footer lang=\"de\">{{ footer }}</footer>"),
    })
    repo.commit(utc("2026-11-20 10:58:00"), amir, "ci: pin ubuntu-22.04 runner image", {
        ".github/workflows/ci.yml": repo.files[".github/workflows/ci.yml"].replace("actions/setup-python@v4", "actions/setup-python@v5"),
    })
    return repo, culprit


def build_logs(rng):
    app = Log("invoice-renderer.log")
    gunicorn = Log("gunicorn-access.log")
    alb = Log("alb-access.log")
    start, end = utc("2026-11-20 08:50:00"), utc("2026-11-20 11:20:00")
    pods = [f"invoice-renderer-7b{hexid(rng, 8)}-{hexid(rng, 5)}" for _ in range(6)]

    def sl(t, level, logger, event, **kw):
        body = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z", "level": level, "logger": logger, "event": event}
        body.update(kw)
        return json.dumps(body, separators=(", ", ": "))

    def rate(t):
        # Morning ramp: renders per minute.
        minutes = (t - start).total_seconds() / 60
        return 3 + 4 * min(1.0, minutes / 120)

    t = start
    while t < end:
        t = t + dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        if t >= end:
            break
        pod = rng.choice(pods)
        inv = f"INV-2026-{rng.randint(100000, 999999)}"
        client = ip(rng, "10.0")
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        throttled = t >= ONSET and rng.random() < min(0.7, 0.15 + (t - ONSET).total_seconds() / 3600)
        if throttled:
            for attempt in range(1, 5):
                app.add(t, sl(t, "debug", "botocore.retryhandler", f"Retry needed, retrying request after delay of: {rng.uniform(0.05, 0.4 * attempt):.3f}", pod=pod))
            app.add(t, sl(t, "error", "renderer.api", "render failed: An error occurred (ThrottlingException) when calling the GetParameter operation (reached max retries: 4): Rate exceeded", pod=pod, invoice=inv))
            took = 1.2 + rng.random()
            gunicorn.add(t, f'{client} - - [{stamp}] "POST /v1/invoices/{inv}/pdf HTTP/1.1" 500 53 "-" "ledgerly-billing/3.4" {int(took * 1e6)}')
            alb.add(t, _alb(rng, t, client, 500, took, f"/v1/invoices/{inv}/pdf"))
            continue
        took = ms(rng, 650) / 1000
        app.add(t, sl(t, "info", "renderer.render", f"rendered {inv} ({rng.randint(1, 6)} pages) in {int(took * 1000)}ms", pod=pod))
        gunicorn.add(t, f'{client} - - [{stamp}] "POST /v1/invoices/{inv}/pdf HTTP/1.1" 200 {rng.randint(40000, 400000)} "-" "ledgerly-billing/3.4" {int(took * 1e6)}')
        alb.add(t, _alb(rng, t, client, 200, took, f"/v1/invoices/{inv}/pdf"))
    emit(rng, app, start, end, 0.7, [
        (3, lambda t: sl(t, "info", "renderer.fonts", f"font cache warm ({rng.randint(38, 42)} faces)", pod=rng.choice(pods))),
        (2, lambda t: sl(t, "warning", "weasyprint", f"Ignored `page-break-inside: avoid` at {rng.randint(1, 90)}:{rng.randint(1, 40)}, unknown property.", pod=rng.choice(pods))),
        (1, lambda t: sl(t, "info", "renderer.cleanup", f"removed {rng.randint(0, 40)} temp files", pod=rng.choice(pods))),
        (2, lambda t: sl(t, "info", "renderer.storage", f"uploaded s3://ledgerly-invoices-prod/2026/11/INV-2026-{rng.randint(100000, 999999)}.pdf ({rng.randint(40, 400)} KiB)", pod=rng.choice(pods))),
        (1, lambda t: sl(t, "info", "renderer.queue", f"render queue depth {rng.randint(0, 12)}, oldest {rng.randint(0, 20)}s", pod=rng.choice(pods))),
        (1, lambda t: sl(t, "warning", "renderer.render", f"invoice INV-2026-{rng.randint(100000, 999999)} has {rng.randint(200, 900)} lines, rendering in chunks", pod=rng.choice(pods))),
        (1, lambda t: sl(t, "info", "renderer.fx", f"exchange rates refreshed ({rng.randint(30, 34)} currencies)", pod=rng.choice(pods))),
        (1, lambda t: sl(t, "warning", "renderer.fonts", "glyph missing in Inter for U+2011, falling back to DejaVu Sans", pod=rng.choice(pods))),
    ])
    emit(rng, gunicorn, start, end, 1.0, [(1, lambda t: f'{ip(rng, "10.42")} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "GET /healthz HTTP/1.1" 200 11 "-" "kube-probe/1.29" {rng.randint(400, 1500)}')])
    for i, pod in enumerate(pods):
        t = DEPLOY + dt.timedelta(seconds=12 * i)
        app.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} +0000] [1] [INFO] Starting gunicorn 21.2.0")
        app.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} +0000] [1] [INFO] Booting worker with pid: {rng.randint(7, 40)}")
    return [app, gunicorn, alb]


def _alb(rng, t, client, status, took, path):
    return (f"https {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z app/invoice-renderer-prod/5f1e2d3c4b5a6978 {client}:{rng.randint(30000, 60000)} "
            f"10.42.{rng.randint(1, 9)}.{rng.randint(2, 250)}:8000 0.000 {took:.3f} 0.000 {status} {status} 412 {rng.randint(53, 400000)} "
            f'"POST https://invoices.ledgerly.io:443{path} HTTP/1.1" "ledgerly-billing/3.4" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            f'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/invoice-renderer/6d0ecf831eec9f09 "Root=1-{hexid(rng, 8)}-{hexid(rng, 24)}"')


def build(out_dir):
    rng = random.Random(1120)
    repo, culprit = build_repo()
    try:
        start, end = utc("2026-11-20 08:50:00"), utc("2026-11-20 11:20:00")

        def ssm_calls(t):
            minutes = (t - start).total_seconds() / 60
            renders = (3 + 4 * min(1.0, minutes / 120)) / 60
            base = 2.1 + 0.3 * ((t.minute * 7) % 5) / 5
            return base + (3 * renders * 20 if t >= DEPLOY else 0.0)

        def throttles(t):
            return 0.0 if t < ONSET else 6 + 0.5 * (t.minute % 4) + (t - ONSET).total_seconds() / 400

        metrics = {
            "aws_ssm_call_count_per_second.json": query_range([({"service": "SSM", "operation": "GetParameter", "region": "eu-west-1"}, ssm_calls)], start, end, 60),
            "aws_ssm_throttle_count_per_second.json": query_range([({"service": "SSM", "operation": "GetParameter", "region": "eu-west-1"}, throttles)], start, end, 60),
        }
        return write_scenario(
            out_dir, name="cloud-api-throttling", service=SERVICE, onset=ONSET,
            description="""
Throttling by a cloud API. renderer/settings.py stops caching its SSM parameters and
calls GetParameter three times per render. The release goes out at 10:12 (no log
names its version); as the morning peak builds, the account's SSM GetParameter
rate is exceeded from 10:31 and renders fail with ThrottlingException after the
SDK's retries.
""",
            logs=build_logs(rng), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"ThrottlingException"],
            fix_files=["renderer/settings.py"],
            explanation="""
The culprit removes the lru_cache from settings.load() in renderer/settings.py.
Decoys: a same-file type-hint change the day before, a Terraform SSM parameter
change two days before, a template change shipped in the same release, CI after
the onset, docs, tests. The fix restores caching (with a TTL) in settings.py.
""",
        )
    finally:
        repo.close()
