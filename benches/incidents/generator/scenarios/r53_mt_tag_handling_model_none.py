"""pretranslate (Python 3.12, asyncio with aiokafka and httpx; three pods on
EKS in eu-central-1, synced by Argo CD from `main`; team in Stockholm,
Bengaluru and Santiago) of Lingotide, a localization SaaS. When
import-service has taken new source strings from a customer's repository
(a GitHub or GitLab push webhook), pretranslate fills every target locale:
exact translation memory matches first, then machine translation by the
vendor Lexara (`POST /v2/translate`, batches of up to 50 segments,
`tag_handling=xml`). Placeholders (`{count}`, `%1$s`, `<b>`) are sent as
`<x id="n"/>` tags so the engine keeps them, and put back afterwards; a QA
step rejects a translation whose tags do not match the source's (it would
break the customer's app) and leaves the string to the translators in the
workbench. Projects with "auto-fill MT" count on the MT to complete a
locale within minutes; customers' CI waits for it (`lingotide pull
--require-complete`).

Thursday 5 November: at 08:33 UTC pretranslate 1.19.0 goes out (PT-418
protects iOS `%@`/`%lld` and float placeholders as tags too, in the very
placeholder code; PT-421 of the day before logs QA rejections per batch
with their reasons, the very warning of the incident; PT-424 asks Lexara
for informal Japanese and Korean; an lxml bump). At 09:00 Lexara starts
rolling out its new model lx-nmt-2026.10 to all language pairs, as its
changelog of 29 October said ("no API changes"): 20 % of requests, 50 %
from 09:08, all from 09:18. The new model drops or alters the `<x/>`
tags in about half the tagged segments into Japanese, Korean, Chinese and
Thai; every such translation fails QA ("MT QA rejected ... placeholder
mismatch"), those locales stop filling, Kumo Games' release build fails
and the translators' queues for them grow. The responses are all 200.

The on-call suspects the release and rolls it back in Argo CD at 09:44:
the warnings disappear (1.18.2 has no PT-421), the batch lines go on
showing qa_rejected; Priya sees that every rejecting batch says
model=lx-nmt-2026.10.2. Lexara's status page posts at 10:07 (67 minutes
after the first rejections), rolls the affected pairs back to
lx-nmt-2026.07.4 at 10:36 and resolves at 11:16. MT for the affected pairs
is paused from 10:21 to 10:41 (an admin flag), the rejected segments are
requeued from 10:55, and the release goes out again at 11:40. Nothing in
pretranslate caused it.

Sources: pretranslate (Python logging with the pod name, line format),
import-service (Go, logfmt), the egress Envoy's access log to Lexara
(JSON), workbench-api (pino JSON), Argo CD (logfmt), Lexara's status page
webhooks as the status relay received them (JSON), #inc-mt-quality
(Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, pino
from skeletons import chores, runbook

SERVICE = "pretranslate"
START, END = utc("2026-11-05 07:40:00"), utc("2026-11-05 11:50:00")
RELEASE = utc("2026-11-05 08:33:10")
ROLLOUT = utc("2026-11-05 09:00:00")
ROLLBACK = utc("2026-11-05 09:44:30")
PAUSE = utc("2026-11-05 10:21:10")
VENDOR_FIX = utc("2026-11-05 10:36:00")
UNPAUSE = utc("2026-11-05 10:41:30")
REQUEUE = utc("2026-11-05 10:55:20")
REDEPLOY = utc("2026-11-05 11:40:20")
OLD, NEW = "lx-nmt-2026.07.4", "lx-nmt-2026.10.2"
AFFECTED = {"ja", "ko", "zh-Hans", "zh-Hant", "th"}

PROJECTS = [
    ("kumo-games/hoshi-mobile", "kumo-games", ["de", "es", "fr", "ja", "ko", "pt-BR", "zh-Hans", "zh-Hant"], 1.6),
    ("rydo-eu/rider-app", "rydo", ["ar", "cs", "de", "es", "fr", "it", "nl", "pl", "pt-PT", "ro", "tr", "uk"], 1.4),
    ("tandemly/web", "tandemly", ["de", "es", "fr", "it", "ja", "pt-BR"], 1.0),
    ("nordpass/rail-app", "nordpass", ["da", "de", "fi", "nb", "sv"], 0.6),
    ("velora/shop-frontend", "velora", ["de", "es", "fr", "it", "ja", "ko", "nl", "pl", "th", "tr", "zh-Hans"], 1.2),
    ("lumen-learn/app", "lumen-learn", ["de", "es", "fr", "id", "ja", "ko", "pt-BR", "th", "vi", "zh-Hans", "zh-Hant"], 1.1),
    ("orbit-taxi/driver-app", "orbit-taxi", ["ar", "fr", "tr"], 0.5),
    ("brisk-fitness/app", "brisk-fitness", ["de", "es", "fr", "it", "ja"], 0.8),
    ("quarto/news-web", "quarto", ["de", "es", "fr"], 0.7),
    ("hoplite-games/arena", "hoplite-games", ["de", "es", "fr", "ja", "ko", "pt-BR", "ru", "th", "zh-Hans", "zh-Hant"], 1.0),
    ("mova-health/patient-app", "mova-health", ["de", "fr", "it", "nl"], 0.6),
    ("canto-music/app", "canto-music", ["es", "ja", "ko", "pt-BR"], 0.7),
    ("parkly/app", "parkly", ["de", "fr", "nl"], 0.5),
    ("fernhill-bank/mobile", "fernhill-bank", ["cy", "de", "fr"], 0.3),
    ("sprig-garden/app", "sprig-garden", ["de", "fr", "ja", "nl"], 0.4),
]
KEYS = ["checkout.items_left", "ride.eta_minutes", "profile.welcome_name", "cart.total_price", "notifications.unread_count", "quest.reward_coins",
        "onboarding.step_of", "settings.storage_used", "lesson.progress_percent", "order.delivery_window", "player.level_up", "inbox.new_messages",
        "booking.seats_left", "subscription.renews_on", "streak.days", "share.invite_friend", "error.retry_in_seconds", "search.results_for"]

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "pretranslate"
version = "1.18.2"
requires-python = ">=3.12"
dependencies = [
  "aiokafka==0.11.0",
  "httpx==0.28.0",
  "lxml==5.3.0",
  "pydantic==2.9.2",
  "pyyaml==6.0.2",
  "prometheus-client==0.21.0",
]

[project.optional-dependencies]
test = ["pytest==8.3.3", "respx==0.21.1"]
"""

PLACEHOLDERS_V1 = '''"""Placeholders travel to the MT engine as XML tags (<x id="n"/>) with
tag_handling=xml, so the engine keeps them in place; restore() puts the
originals back. QA compares the tags of source and target."""

import re
from xml.sax.saxutils import escape

from lxml import etree

# ICU arguments, printf (%s, %d, %1$s) and inline HTML tags
PATTERN = re.compile(r"\\{[A-Za-z0-9_]+(?:,[^{}]*)?\\}|%(?:\\d+\\$)?[sd]|</?[a-z]+[^>]*>")


def protect(text):
    mapping, out, last = {}, [], 0
    for m in PATTERN.finditer(text):
        n = str(len(mapping) + 1)
        mapping[n] = m.group(0)
        out.append(escape(text[last:m.start()]))
        out.append(f'<x id="{n}"/>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out), mapping


def tag_ids(xml_text):
    root = etree.fromstring(f"<s>{xml_text}</s>".encode())
    return sorted(el.get("id") for el in root.iter("x"))


def restore(xml_text, mapping):
    root = etree.fromstring(f"<s>{xml_text}</s>".encode())
    parts = [root.text or ""]
    for el in root:
        parts.append(mapping.get(el.get("id"), ""))
        parts.append(el.tail or "")
    return "".join(parts)
'''

QA_V1 = '''"""Checks an MT result before it is saved as a suggestion (or, with
auto-fill MT, as the translation)."""

from pretranslate.placeholders import tag_ids


def check(source_xml, target_xml, max_length=None):
    """The reasons this target must not be used; empty when it is fine."""
    reasons = []
    try:
        if tag_ids(source_xml) != tag_ids(target_xml):
            reasons.append("placeholder mismatch")
    except Exception:
        reasons.append("invalid markup")
    if max_length and len(target_xml) > max_length * 3:
        reasons.append("over max length")
    return reasons
'''

JOBS_V1 = '''"""One import: TM first, then MT for what TM did not fill, then QA."""

import logging
import time

from pretranslate import placeholders, qa

log = logging.getLogger("pretranslate.jobs")
mtlog = logging.getLogger("pretranslate.mt")


async def run(job, tm, mt, store, cfg):
    started = time.monotonic()
    log.info("pretranslate job started import=%s project=%s strings=%d locales=%d", job.id, job.project, len(job.strings), len(job.locales))
    missing = await tm.fill(job)
    sent = rejected = 0
    for locale, strings in missing.items():
        for batch in chunks(strings, cfg.batch_segments):
            protected = [placeholders.protect(s.source) for s in batch]
            t0 = time.monotonic()
            result = await mt.translate(job.source_locale, locale, [p for p, _ in protected], formality=cfg.formality.get(locale))
            bad = 0
            for s, (src, mapping), tgt in zip(batch, protected, result.texts):
                reasons = qa.check(src, tgt, s.max_length)
                if reasons:
                    bad += 1
                    await store.to_review(job, s, locale, reasons)
                    continue
                await store.save_mt(job, s, locale, placeholders.restore(tgt, mapping), auto=job.auto_fill)
            sent += len(batch)
            rejected += bad
            mtlog.info("mt batch done vendor=lexara pair=%s>%s segments=%d tagged=%d chars=%d model=%s qa_rejected=%d took=%dms",
                       job.source_locale, locale, len(batch), sum(1 for _, m in protected if m), sum(len(p) for p, _ in protected),
                       result.model, bad, (time.monotonic() - t0) * 1000)
    log.info("pretranslate job done import=%s mt_segments=%d qa_rejected=%d took=%.1fs", job.id, sent, rejected, time.monotonic() - started)


def chunks(items, n):
    for i in range(0, len(items), n):
        yield items[i:i + n]
'''

LEXARA = '''"""Lexara MT: POST /v2/translate. The engine's model is in the
x-lexara-model response header; Lexara changes it without API changes."""

import httpx


class Result:
    def __init__(self, texts, model):
        self.texts, self.model = texts, model


class Lexara:
    def __init__(self, cfg, api_key):
        self.http = httpx.AsyncClient(base_url=cfg.endpoint, timeout=cfg.timeout_s,
                                      headers={"Authorization": f"Lexara-Auth-Key {api_key}"})

    async def translate(self, source, target, texts, formality=None):
        body = {"text": texts, "source_lang": source, "target_lang": target, "tag_handling": "xml"}
        if formality:
            body["formality"] = formality
        r = await self.http.post("/v2/translate", json=body)
        r.raise_for_status()
        return Result([t["text"] for t in r.json()["translations"]], r.headers.get("x-lexara-model", "unknown"))
'''

MT_YAML = """vendor: lexara
endpoint: https://api.lexara.ai
batch_segments: 50
timeout_s: 20
tag_handling: xml
formality: {}
"""

RUNBOOK_ALERTS = [
    ("PretranslateLag", "Imports waiting for pretranslate for more than 10 minutes. Check the consumer lag of `strings.imported` and Lexara's latency in the egress dashboard."),
    ("LexaraErrors", "Lexara answers 5xx or 429. 429s are retried; for 5xx check https://status.lexara.ai and #vendor-lexara."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    freya = Person("Freya Lindqvist", "freya.lindqvist@lingotide.com", 60)
    priya = Person("Priya Natarajan", "priya.natarajan@lingotide.com", 330)
    tomas = Person("Tomás Oyarzún", "tomas.oyarzun@lingotide.com", -180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "pretranslate/__init__.py": "",
        "pretranslate/main.py": 'import asyncio\nimport logging.config\nimport os\n\nfrom pretranslate import consumer\n\nlogging.config.fileConfig(os.environ.get("LOGGING_CONFIG", "config/logging.ini"), defaults={"pod": os.environ.get("HOSTNAME", "local")})\nlog = logging.getLogger("pretranslate.main")\n\nif __name__ == "__main__":\n    log.info("starting pretranslate version=%s commit=%s", os.environ.get("VERSION", "dev"), os.environ.get("COMMIT", "none"))\n    asyncio.run(consumer.run())\n',
        "pretranslate/consumer.py": '"""Consumes strings.imported from Kafka, one job per import, four at a time per pod."""\n\nimport asyncio\n\nfrom aiokafka import AIOKafkaConsumer\n\nCONCURRENCY = 4\n\n\nasync def run():\n    consumer = AIOKafkaConsumer("strings.imported", group_id="pretranslate", enable_auto_commit=False)\n    await consumer.start()\n    sem = asyncio.Semaphore(CONCURRENCY)\n    ...\n',
        "pretranslate/jobs.py": JOBS_V1,
        "pretranslate/placeholders.py": PLACEHOLDERS_V1,
        "pretranslate/qa.py": QA_V1,
        "pretranslate/mt/__init__.py": "",
        "pretranslate/mt/lexara.py": LEXARA,
        "pretranslate/tm.py": '"""Translation memory: exact matches (same source, same key context) fill a\nlocale without MT; fuzzy matches are only shown to translators."""\n\nEXACT = 100\n\n\nclass TM:\n    def __init__(self, search):\n        self.search = search\n\n    async def fill(self, job):\n        hits = await self.search.lookup(job.project, job.strings, job.locales, min_score=EXACT)\n        return {loc: [s for s in job.strings if (s.key, loc) not in hits] for loc in job.locales}\n',
        "pretranslate/requeue.py": '"""python -m pretranslate.requeue --since ... --pairs ...: sends strings that\nfailed MT QA to MT again (ops tool)."""\n',
        "config/mt.yaml": MT_YAML,
        "config/logging.ini": "[loggers]\nkeys=root\n\n[handlers]\nkeys=stdout\n\n[formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=stdout\n\n[handler_stdout]\nclass=StreamHandler\nformatter=plain\nargs=(sys.stdout,)\n\n[formatter_plain]\nformat=%(asctime)s %(levelname)s [%(name)s] [pod=%(pod)s] %(message)s\n",
        "tests/test_placeholders.py": 'from pretranslate.placeholders import protect, restore\n\n\ndef test_roundtrip():\n    xml, mapping = protect("{count} rides left, <b>%s</b>")\n    assert xml == \'<x id="1"/> rides left, <x id="2"/><x id="3"/><x id="4"/>\'\n    assert restore(xml, mapping) == "{count} rides left, <b>%s</b>"\n',
        "tests/test_qa.py": 'from pretranslate.qa import check\n\n\ndef test_missing_tag():\n    assert check(\'<x id="1"/> left\', "left") == ["placeholder mismatch"]\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"python\", \"-m\", \"pretranslate.main\"]\n",
        "deploy/production/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pretranslate\n  namespace: l10n\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: pretranslate\n          image: 514238807651.dkr.ecr.eu-central-1.amazonaws.com/pretranslate\n          envFrom:\n            - secretRef: { name: lexara-api-key }\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - run: pip install .[test]\n      - run: pytest -q\n",
        "README.md": "# pretranslate\n\nFills new source strings in every target locale: translation memory\nfirst, then machine translation (Lexara), then QA. Triggered by\nimport-service's `strings.imported` events.\n\n## Running locally\n\n```\ndocker compose up -d kafka\nLEXARA_API_KEY=... python -m pretranslate.main\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-10-30 10:00:00"), freya, "pretranslate: TM, Lexara MT and QA for imported strings", files)
    crng = random.Random(53203)
    repo.schedule(chores(crng, SERVICE, [freya, priya], utc("2026-10-30 11:00:00"), utc("2026-10-30 17:00:00"), 2)
                  + chores(crng, SERVICE, [freya, tomas], utc("2026-11-02 09:00:00"), utc("2026-11-03 12:00:00"), 1))
    repo.commit(utc("2026-11-02 13:40:00"), priya, "tm: fill a locale from exact matches with the same key context (PT-402)", {
        "pretranslate/tm.py": sub(repo.files["pretranslate/tm.py"], "min_score=EXACT)", "min_score=EXACT, same_context=True)"),
    })
    repo.commit(utc("2026-11-02 16:10:00"), tomas, "ci: ruff and coverage", {
        ".github/workflows/ci.yml": sub(repo.files[".github/workflows/ci.yml"], "      - run: pytest -q\n", "      - run: pip install ruff==0.7.2 && ruff check .\n      - run: pytest -q --cov=pretranslate\n"),
    })
    repo.commit(utc("2026-11-03 09:05:00"), bot, "chore(deps): update dependency httpx to v0.28.1", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"httpx==0.28.0"', '"httpx==0.28.1"'),
    })
    tue = repo.commit(utc("2026-11-03 14:30:00"), freya, "docs: how we use Lexara (tag handling, models, limits)", {
        "docs/lexara.md": "# Lexara MT\n\n- `POST /v2/translate`, up to 50 segments a request, `tag_handling=xml`:\n  placeholders go as `<x id=\"n\"/>` and QA checks they all come back.\n- Lexara updates its models without API changes; the model that answered\n  is in the `x-lexara-model` header and in our `mt batch done` lines.\n  Model updates are announced in the changelog (docs.lexara.ai/changelog),\n  incidents on status.lexara.ai (the status relay posts them to\n  #vendor-lexara).\n- Rate limit: 60 requests/s per key; 429s are retried after 2 s.\n",
    })
    repo.commit(utc("2026-11-04 10:20:00"), priya, "qa: log MT QA rejections per batch with their reasons (PT-421)\n\nRejections were only a counter, so we could not tell a bad engine day\nfrom one customer's odd placeholders.", {
        "pretranslate/jobs.py": sub(repo.files["pretranslate/jobs.py"],
                                    'mtlog = logging.getLogger("pretranslate.mt")\n',
                                    'mtlog = logging.getLogger("pretranslate.mt")\nqalog = logging.getLogger("pretranslate.qa")\n',
                                    "            bad = 0\n",
                                    "            bad = 0\n            why = Counter()\n            first = None\n",
                                    "                if reasons:\n                    bad += 1\n",
                                    "                if reasons:\n                    bad += 1\n                    why.update(reasons)\n                    if first is None and \"placeholder mismatch\" in reasons:\n                        first = (s.key, len(mapping), len(placeholders.tag_ids(tgt)))\n",
                                    "                       result.model, bad, (time.monotonic() - t0) * 1000)\n",
                                    "                       result.model, bad, (time.monotonic() - t0) * 1000)\n            if bad:\n                qalog.warning(\"MT QA rejected %d of %d segments (pair=%s>%s model=%s): %s; first: key=%s source_tags=%s target_tags=%s\",\n                              bad, len(batch), job.source_locale, locale, result.model,\n                              \", \".join(f\"{r} ({n})\" for r, n in why.most_common()), *(first or (\"-\", \"-\", \"-\")))\n",
                                    "import logging\nimport time\n",
                                    "import logging\nimport time\nfrom collections import Counter\n"),
    })
    repo.commit(utc("2026-11-04 15:45:00"), tomas, "placeholders: protect iOS %@/%lld and float placeholders as tags too (PT-418)\n\nThey went to Lexara as text and came back as \"% @\" or translated\n(Velora's iOS strings).", {
        "pretranslate/placeholders.py": sub(repo.files["pretranslate/placeholders.py"],
                                            "# ICU arguments, printf (%s, %d, %1$s) and inline HTML tags\nPATTERN = re.compile(r\"\\{[A-Za-z0-9_]+(?:,[^{}]*)?\\}|%(?:\\d+\\$)?[sd]|</?[a-z]+[^>]*>\")",
                                            "# ICU arguments, printf (%s, %d, %1$s, %.2f, %lld), iOS %@ and inline HTML tags\nPATTERN = re.compile(r\"\\{[A-Za-z0-9_]+(?:,[^{}]*)?\\}|%(?:\\d+\\$)?(?:\\.\\d+)?(?:ll|l)?[sdfu@]|</?[a-z]+[^>]*>\")"),
        "tests/test_placeholders.py": repo.files["tests/test_placeholders.py"] + '\n\ndef test_ios_and_float():\n    xml, _ = protect("%@ paid %.2f for %lld items")\n    assert xml.count("<x ") == 3\n',
    })
    repo.commit(utc("2026-11-04 17:20:00"), freya, "runbook: MT QA rejections", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## MtQaRejectRate\n\nMore than 5 % of MT segments of a pair fail QA for 10 minutes. A jump\nright after a deploy is almost always our placeholder protection (June's\nPT-377 sent HTML entities as tags): roll back in Argo CD first, then look\nat the `MT QA rejected` lines. One customer's odd placeholders show as\none project only.\n",
    })
    repo.commit(utc("2026-11-05 06:10:00"), bot, "chore(deps): update dependency lxml to v5.3.2", {
        "pyproject.toml": sub(repo.files["pyproject.toml"], '"lxml==5.3.0"', '"lxml==5.3.2"'),
    })
    head = repo.commit(utc("2026-11-05 08:05:00"), priya, "mt: informal register for Japanese and Korean (PT-424)\n\nKumo Games and Canto asked for casual Japanese/Korean UI copy; Lexara's\nformality=prefer_less keeps working where a pair does not support it.", {
        "config/mt.yaml": sub(repo.files["config/mt.yaml"], "formality: {}\n", "formality:\n  ja: prefer_less\n  ko: prefer_less\n"),
        "pyproject.toml": sub(repo.files["pyproject.toml"], 'version = "1.18.2"', 'version = "1.19.0"'),
    })
    after = repo.commit(utc("2026-11-05 11:25:00"), freya, "runbook: check the model and Lexara's status before rolling back (PT-430)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "A jump\nright after a deploy is almost always our placeholder protection (June's\nPT-377 sent HTML entities as tags): roll back in Argo CD first, then look\nat the `MT QA rejected` lines.",
                               "First look\nat `model=` in the `mt batch done` lines: if the rejecting batches all\nname a model that the clean ones do not, it is Lexara (5 Nov: lx-nmt-2026.10\ndropped tags into ja/ko/zh/th); check status.lexara.ai and pause MT for the\npairs. A jump right after our deploy with the old model is our\nplaceholder protection (June's PT-377): roll back in Argo CD."),
    })
    return repo, {"tue": tue, "head": head, "after": after}


# ---------------------------------------------------------------------------
# the morning


def build_logs(rng, shas):
    app, imp, envoy, wb, argo, status, slack = (Log("pretranslate.log"), Log("import-service.log"), Log("envoy-egress-lexara.log"),
                                                Log("workbench-api.log"), Log("argocd.log"), Log("lexara-status-relay.log"),
                                                Log("slack-inc-mt-quality.log"))
    stats = {"rej": [], "seg": [], "first": None, "rejected_segments": {}}

    pods_tue = ["pretranslate-6c9d7b8f5-2hqkz", "pretranslate-6c9d7b8f5-9wxtm", "pretranslate-6c9d7b8f5-lp4rn"]
    pods_thu = ["pretranslate-7f4b9c6d8-k8vzq", "pretranslate-7f4b9c6d8-r2jtn", "pretranslate-7f4b9c6d8-x5mwc"]
    pods_rb = ["pretranslate-6c9d7b8f5-bn7qd", "pretranslate-6c9d7b8f5-f3zsl", "pretranslate-6c9d7b8f5-v6hkp"]
    pods_re = ["pretranslate-5d8c7f9b4-c4gxw", "pretranslate-5d8c7f9b4-m9trk", "pretranslate-5d8c7f9b4-t2nvz"]
    epochs = [(utc("2026-11-03 15:12:00"), pods_tue, "1.18.2", shas["tue"]), (RELEASE, pods_thu, "1.19.0", shas["head"]),
              (ROLLBACK, pods_rb, "1.18.2", shas["tue"]), (REDEPLOY, pods_re, "1.19.0", shas["after"])]

    def epoch_at(t):
        cur = epochs[0]
        for e in epochs:
            if t >= e[0]:
                cur = e
        return cur

    def plog(t, level, logger, msg, pod=None):
        if START <= t < END:
            pod = pod or rng.choice(epoch_at(t)[1])
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            app.add(t, f"{stamp} {level} [{logger}] [pod={pod}] {msg}")

    for t0, pods, ver, sha in epochs[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=k * 11 + rng.uniform(0, 2))
            plog(t, "INFO", "pretranslate.main", f"starting pretranslate version={ver} commit={sha[:7]}", pod)
            plog(t + dt.timedelta(seconds=1.2), "INFO", "aiokafka.consumer.group_coordinator", "Joined group 'pretranslate' (generation 2{:03d}) with member_id aiokafka-0.11.0-{}".format(rng.randint(100, 999), hexid(rng, 8)), pod)
            plog(t + dt.timedelta(seconds=1.3), "INFO", "aiokafka.consumer.subscription_state", "Updated partition assignment: [TopicPartition(topic='strings.imported', partition={})]".format(k * 4), pod)

    def p_new(t, target):
        if t < ROLLOUT:
            return 0.0
        if target in AFFECTED and t >= VENDOR_FIX:
            return 0.0
        if t < ROLLOUT + dt.timedelta(minutes=8):
            return 0.2
        if t < ROLLOUT + dt.timedelta(minutes=18):
            return 0.5
        return 1.0

    def binom(n, p):
        return sum(1 for _ in range(n) if rng.random() < p)

    def envoy_line(t, status, dur, sent, received, flags="-"):
        if START <= t < END:
            envoy.add(t, json.dumps({"start_time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "method": "POST", "path": "/v2/translate",
                                     "protocol": "HTTP/1.1", "response_code": status, "response_flags": flags, "bytes_received": received, "bytes_sent": sent,
                                     "duration": dur, "upstream_service_time": str(max(1, dur - rng.randint(1, 6))), "x_forwarded_for": None,
                                     "user_agent": "python-httpx/0.28.1", "request_id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                                     "authority": "api.lexara.ai", "upstream_host": f"104.18.{rng.choice([22, 23])}.{rng.randint(10, 240)}:443",
                                     "upstream_cluster": "lexara_api"}, separators=(",", ":")))

    def ilog(t, level, msg, **kv):
        if START <= t < END:
            imp.add(t, logfmt(t, level, msg, **kv))

    def wlog(t, level, msg, **kv):
        if START <= t < END:
            wb.add(t, pino(t, level, msg, hostname=rng.choice(["workbench-api-85d9f7c6b-4mzpq", "workbench-api-85d9f7c6b-q7xkd"]), **kv))

    rejected_by_min = {}
    review_added = {}

    def mt_batch(t, pod, project, locale, n, code, requeue=False):
        """One Lexara request and its QA; returns (end time, rejected)."""
        model = NEW if rng.random() < p_new(t, locale) else OLD
        tagged = binom(n, 0.38 if code == "1.19.0" else 0.31)
        chars = sum(rng.randint(14, 90) for _ in range(n))
        dur = int(rng.uniform(350, 900) + n * rng.uniform(12, 30) * (1.6 if locale in AFFECTED else 1.0))
        te = t + dt.timedelta(milliseconds=dur)
        if rng.random() < 0.012:
            envoy_line(t, 429, rng.randint(3, 9), 96, chars + 220)
            plog(t + dt.timedelta(milliseconds=12), "WARNING", "pretranslate.mt.lexara", "lexara answered 429 Too Many Requests (pair=en>{}), retrying in 2.0s".format(locale), pod)
            t = t + dt.timedelta(seconds=2.02)
            te = t + dt.timedelta(milliseconds=dur)
        envoy_line(t, 200, dur, int(chars * (2.6 if locale in AFFECTED else 1.15)) + 180, chars + 220)
        if model == NEW and locale in AFFECTED:
            ph = binom(tagged, 0.46)
        else:
            ph = binom(tagged, 0.002)
        ln = binom(n, 0.003)
        bad = ph + ln
        plog(te, "INFO", "pretranslate.mt", f"mt batch done vendor=lexara pair=en>{locale} segments={n} tagged={tagged} chars={chars} model={model} qa_rejected={bad} took={dur}ms", pod)
        if bad and code == "1.19.0":
            reasons = []
            if ph:
                reasons.append(("placeholder mismatch", ph))
            if ln:
                reasons.append(("over max length", ln))
            reasons.sort(key=lambda r: -r[1])
            key = rng.choice(KEYS)
            if ph:
                st = rng.randint(1, 3)
                first = f"key={key} source_tags={st} target_tags={max(0, st - rng.choice([1, 1, 1, 2]) if rng.random() < 0.85 else st + 1)}"
            else:
                first = f"key={key} source_tags=- target_tags=-"
            plog(te + dt.timedelta(milliseconds=2), "WARNING", "pretranslate.qa",
                 f"MT QA rejected {bad} of {n} segments (pair=en>{locale} model={model}): {', '.join(f'{r} ({c})' for r, c in reasons)}; first: {first}", pod)
        if ph and model == NEW and stats["first"] is None and START <= te:
            stats["first"] = te
        m = te.replace(second=0, microsecond=0)
        rejected_by_min[(m, locale)] = rejected_by_min.get((m, locale), 0) + bad
        stats["seg"].append((te, locale, model, n, bad))
        if ph and not requeue and model == NEW and locale in AFFECTED:
            stats["rejected_segments"][locale] = stats["rejected_segments"].get(locale, 0) + ph
        review_added[(m, locale)] = review_added.get((m, locale), 0) + bad
        return te, bad

    # --- imports: webhook -> import-service -> pretranslate
    weights = [(w, i) for i, (_, _, _, w) in enumerate(PROJECTS)]
    total_w = sum(w for w, _ in weights)
    t = START - dt.timedelta(minutes=20)
    seq = 884100
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1.25 / 60.0))
        if t >= END:
            break
        pick = rng.uniform(0, total_w)
        for w, i in weights:
            pick -= w
            if pick <= 0:
                break
        repo, proj, locales, _ = PROJECTS[i]
        seq += rng.randint(1, 5)
        imp_id = f"imp_{seq}"
        provider = "gitlab" if proj in ("mova-health", "fernhill-bank", "quarto") else "github"
        delivery = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        ilog(t - dt.timedelta(seconds=rng.uniform(1.5, 6)), "info", "webhook received", provider=provider, event="push", repo=repo,
             ref=rng.choice(["refs/heads/main", "refs/heads/main", "refs/heads/develop", "refs/heads/release/" + rng.choice(["3.2", "4.0", "2026.11"])]), delivery=delivery)
        if rng.random() < 0.22:
            ilog(t - dt.timedelta(seconds=rng.uniform(0.5, 1.4)), "info", "push ignored: no string files changed", repo=repo, delivery=delivery)
            continue
        n = max(1, min(1400, int(rng.lognormvariate(3.7, 1.0))))
        ilog(t - dt.timedelta(seconds=rng.uniform(0.2, 1.0)), "info", "strings imported", project=proj, repo=repo, files=rng.randint(1, 4), new=n,
             changed=rng.randint(0, 12), removed=rng.randint(0, 3), import_id=imp_id)
        ilog(t - dt.timedelta(seconds=0.1), "info", "pretranslate requested", import_id=imp_id, locales=len(locales), topic="strings.imported")
        code = epoch_at(t)[2]
        pod = rng.choice(epoch_at(t)[1])
        tj = t + dt.timedelta(seconds=rng.uniform(0.2, 1.5))
        plog(tj, "INFO", "pretranslate.jobs", f"pretranslate job started import={imp_id} project={proj} strings={n} locales={len(locales)}", pod)
        exact = {loc: binom(n, 0.22) for loc in locales}
        tt = tj + dt.timedelta(milliseconds=rng.randint(80, 400))
        plog(tt, "INFO", "pretranslate.tm", f"tm lookup project={proj} strings={n} locales={len(locales)} exact={sum(exact.values())} took={int((tt - tj).total_seconds() * 1000)}ms", pod)
        sent = rej = 0
        cur = tt
        for loc in locales:
            todo = n - exact[loc]
            while todo > 0:
                b = min(50, todo)
                todo -= b
                if loc in AFFECTED and PAUSE <= cur < UNPAUSE:
                    plog(cur, "INFO", "pretranslate.mt", f"mt paused for pair en>{loc} (admin flag): {b} segments to review", pod)
                    stats["rejected_segments"][loc] = stats["rejected_segments"].get(loc, 0) + b
                    review_added[(cur.replace(second=0, microsecond=0), loc)] = review_added.get((cur.replace(second=0, microsecond=0), loc), 0) + b
                    continue
                cur, bad = mt_batch(cur + dt.timedelta(milliseconds=rng.randint(5, 60)), pod, proj, loc, b, code)
                sent += b
                rej += bad
        plog(cur + dt.timedelta(milliseconds=rng.randint(5, 40)), "INFO", "pretranslate.jobs",
             f"pretranslate job done import={imp_id} mt_segments={sent} qa_rejected={rej} took={(cur - tj).total_seconds():.1f}s", pod)

    # routine import-service noise
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ilog(tx, "warn", "webhook signature mismatch", provider="github", repo="marlo-pets/app-legacy", delivery=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", hint="secret rotated on the customer side?")
    for _ in range(5):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ilog(tx, "warn", "string file parse warning", project=rng.choice(["velora", "tandemly", "lumen-learn"]), file=rng.choice(["ios/Localizable.strings", "android/values/strings.xml", "web/locales/en.json"]), line=rng.randint(20, 900), reason="duplicate key, last one wins")

    # --- requeue of the rejected segments after Lexara's rollback
    total_requeue = sum(stats["rejected_segments"].values())
    stats["requeue_total"] = total_requeue
    rq_pod = pods_rb[0]
    plog(REQUEUE, "INFO", "pretranslate.requeue", f"requeue mt: {total_requeue} segments rejected by QA or held by the pause since 09:00:00 for pairs en>ja,en>ko,en>th,en>zh-Hans,en>zh-Hant (by freya.lindqvist)", rq_pod)
    cur = REQUEUE + dt.timedelta(seconds=2)
    left = dict(stats["rejected_segments"])
    for loc in sorted(left):
        todo = left[loc]
        while todo > 0:
            b = min(50, todo)
            todo -= b
            cur, _ = mt_batch(cur + dt.timedelta(milliseconds=rng.randint(400, 2600)), rq_pod, "requeue", loc, b, "1.18.2", requeue=True)
    plog(cur + dt.timedelta(seconds=1), "INFO", "pretranslate.requeue", f"requeue mt done: {total_requeue} segments sent, took {(cur - REQUEUE).total_seconds() / 60:.1f} min", rq_pod)
    stats["requeue_done"] = cur

    # --- workbench-api: translators and the review queues
    queue = {"de": 610, "es": 480, "fr": 540, "ja": 420, "ko": 260, "pt-BR": 300, "th": 90, "zh-Hans": 380, "zh-Hant": 120}
    translators = {loc: (2 if loc in ("th", "zh-Hant") else 5) for loc in queue}
    requeued = dict(stats["rejected_segments"])
    mm = START.replace(second=0, microsecond=0)
    while mm < END:
        for loc in queue:
            added = review_added.get((mm, loc), 0) + sum(rng.randint(0, 2) for _ in range(translators[loc]))
            done = sum(rng.randint(0, 2) for _ in range(translators[loc]))
            if loc in AFFECTED and REQUEUE <= mm <= stats["requeue_done"] + dt.timedelta(minutes=1):
                back = requeued.get(loc, 0)
                span = max(1, int((stats["requeue_done"] - REQUEUE).total_seconds() // 60) + 2)
                done += back // span + 1
            queue[loc] = max(0, queue[loc] + added - done)
        if mm.minute % 5 == 0:
            for loc in sorted(queue):
                wlog(mm + dt.timedelta(seconds=rng.uniform(0, 2)), "warn" if queue[loc] > 1000 else "info", "review queue", locale=loc, pending=queue[loc], translators_online=translators[loc])
        mm += dt.timedelta(minutes=1)
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(5.0 / 60.0))
        loc = rng.choice(list(queue))
        has_mt = not (loc in AFFECTED and ROLLOUT + dt.timedelta(minutes=5) <= t < UNPAUSE + dt.timedelta(minutes=30) and rng.random() < 0.55)
        proj = rng.choice([p for _, p, locs, _ in PROJECTS if loc in locs] or ["kumo-games"])
        rid = f"req-{rng.randint(1000, 99999):x}"
        wlog(t, "info", "segment opened", reqId=rid, project=proj, locale=loc, key=rng.choice(KEYS), mt_suggestion=has_mt, tm_best=rng.choice([0, 0, 62, 71, 78, 85, 91, 96]))
        if not has_mt:
            wlog(t + dt.timedelta(milliseconds=4), "info", "no machine suggestion for segment", reqId=rid, project=proj, locale=loc, reason="mt_qa_rejected" if t < PAUSE or t >= UNPAUSE else "mt_paused")
        if rng.random() < 0.6:
            t2 = t + dt.timedelta(seconds=rng.uniform(20, 240))
            wlog(t2, "info", "segment saved", reqId=f"req-{rng.randint(1000, 99999):x}", project=proj, locale=loc, status=rng.choice(["translated", "translated", "reviewed"]), edit_distance=rng.randint(0, 40))

    # --- Argo CD
    def alog(t, msg, level="info", **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/pretranslate"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "l10n", "time_ms": rng.randint(40, 160)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        alog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "l10n"}, **extra)
        alog(t + dt.timedelta(seconds=2), "apps/Deployment l10n/pretranslate configured", revision=sha)
        alog(t + dt.timedelta(seconds=41), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=42), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=15), shas["head"], 41)
    alog(ROLLBACK - dt.timedelta(seconds=17), f"Rollback to history ID 40 ({shas['tue']}); automated sync disabled", user="freya.lindqvist@lingotide.com")
    sync(ROLLBACK - dt.timedelta(seconds=15), shas["tue"], 42, auto=False, user="freya.lindqvist@lingotide.com")
    alog(REDEPLOY - dt.timedelta(seconds=17), "automated sync enabled", user="freya.lindqvist@lingotide.com")
    sync(REDEPLOY - dt.timedelta(seconds=15), shas["after"], 43)

    # --- Lexara status page webhooks, as the status relay received them
    def st(t, name, status_, impact, body, created):
        # the status relay takes Lexara's Statuspage webhooks, logs the fields it posts to #vendor-lexara
        rt = t + dt.timedelta(seconds=rng.uniform(2, 9))
        status.add(rt, json.dumps({"received_at": rt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rt.microsecond // 1000:03d}Z", "source": "status.lexara.ai",
                                   "page_id": "lx8k2m4q7v1n", "incident": name, "incident_created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                   "status": status_, "impact": impact, "updated_at": t.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "body": body,
                                   "shortlink": "https://stspg.io/lx" + hexid(rng, 5), "posted_to": "#vendor-lexara"}, ensure_ascii=False))

    mstart = utc("2026-11-05 07:00:00")
    st(utc("2026-11-05 07:44:12"), "Scheduled maintenance: account dashboard and billing portal", "completed", "none",
       "The scheduled maintenance has been completed. The translation API was not affected.", mstart)
    inc_created = utc("2026-11-05 10:07:40")
    st(inc_created, "Altered markup in translations with tag handling", "investigating", "minor",
       "We are investigating reports of XML tags being dropped or altered in translations with tag_handling=xml for some language pairs since the rollout of model lx-nmt-2026.10 began at 09:00 UTC. Requests succeed; affected translations may be missing placeholders.", inc_created)
    st(utc("2026-11-05 10:38:05"), "Altered markup in translations with tag handling", "monitoring", "minor",
       "We have rolled back EN to JA, KO, ZH-HANS, ZH-HANT and TH to model lx-nmt-2026.07.4. Translations requested between 09:00 and 10:36 UTC for these pairs with tag_handling=xml may have dropped or duplicated tags and should be requested again. Other pairs remain on lx-nmt-2026.10, which is not affected.", inc_created)
    st(utc("2026-11-05 11:16:30"), "Altered markup in translations with tag handling", "resolved", "none",
       "This incident has been resolved. We will publish a post-incident review.", inc_created)

    # --- Slack
    users = {"alertmanager": "B03ALRT4M", "freya.lindqvist": "U03FL6N2K", "priya.natarajan": "U02PN9R4T", "tomas.oyarzun": "U04TO1Y7H",
             "camille.roux (support)": "U05CR8P3J", "hina.sato (language services)": "U06HS2V5B"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "inc-mt-quality", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = stats["first"]
    say(RELEASE - dt.timedelta(minutes=4), "priya.natarajan", "merged PT-424 (informal ja/ko). Argo is syncing pretranslate 1.19.0: PT-418 placeholders for %@/%lld/floats, PT-421 QA rejection logging, lxml 5.3.2, formality for ja/ko")
    say(RELEASE + dt.timedelta(minutes=2), "priya.natarajan", "1.19.0 healthy, batches going through")
    say(utc("2026-11-05 09:14:20"), "alertmanager", "[FIRING:3] MtQaRejectRate pretranslate pair=en>ja|en>ko|en>zh-Hans qa rejected > 5% (10m)")
    say(utc("2026-11-05 09:17:05"), "freya.lindqvist", "ack. lots of 'MT QA rejected ... placeholder mismatch' for en>ja, en>ko, en>zh-Hans, en>th. this morning's release changed exactly the placeholder protection (PT-418)")
    say(utc("2026-11-05 09:21:40"), "priya.natarajan", "PT-418 only adds %@, %lld and floats. but PT-424 changes the request for ja and ko too (formality)")
    say(utc("2026-11-05 09:28:10"), "camille.roux (support)", "Kumo Games: their release build fails, `lingotide pull --require-complete ja` says 212 strings untranslated. normally MT fills them within minutes")
    say(utc("2026-11-05 09:35:30"), "freya.lindqvist", "the QA warnings only exist since PT-421 so I can't compare with yesterday. qa_rejected in the batch lines is ~0 for en>ja until 09:00 though, with 1.19.0 already running")
    say(ROLLBACK - dt.timedelta(minutes=2, seconds=30), "freya.lindqvist", "rolling back to Tuesday's 1.18.2 in Argo anyway, to take the release out of the picture")
    say(ROLLBACK + dt.timedelta(minutes=3), "freya.lindqvist", "1.18.2 running. warnings gone (no PT-421), but the batch lines still show qa_rejected for en>ja/ko/zh-Hans/zh-Hant/th at the same rate. not the release")
    say(utc("2026-11-05 09:52:15"), "priya.natarajan", f"every batch with qa_rejected>0 since 09:00 has model={NEW}; batches answered by {OLD} are clean, also for ja. Lexara's changelog of 29 Oct: 'lx-nmt-2026.10 rolls out gradually to all language pairs from 5 Nov 09:00 UTC, no API changes'")
    say(utc("2026-11-05 09:58:40"), "priya.natarajan", "opened Lexara support case LX-88213 with examples: '<x id=\"1\"/> 件のアイテム' comes back as '件のアイテム'")
    say(utc("2026-11-05 10:09:00"), "freya.lindqvist", "status.lexara.ai just posted: investigating 'XML tags being dropped or altered' with tag_handling=xml since the lx-nmt-2026.10 rollout")
    say(utc("2026-11-05 10:16:30"), "camille.roux (support)", "Lumen Learn and Hoplite asking too: Korean and Chinese not filling")
    say(PAUSE - dt.timedelta(seconds=20), "freya.lindqvist", "pausing MT for en>ja, ko, zh-Hans, zh-Hant, th (admin flag) so we stop spending characters on output we throw away; those segments go to the review queues")
    say(PAUSE + dt.timedelta(minutes=5), "hina.sato (language services)", "ja/ko/zh review queues are way up. asked the agencies for two more ja translators this morning, Kumo's release keys first")
    say(VENDOR_FIX + dt.timedelta(minutes=3), "freya.lindqvist", "Lexara: rolled back en→ja/ko/zh/th to lx-nmt-2026.07.4, translations from 09:00-10:36 should be requested again")
    say(UNPAUSE + dt.timedelta(seconds=40), "freya.lindqvist", f"unpaused. first batches en>ja model={OLD} qa_rejected=0")
    say(REQUEUE + dt.timedelta(seconds=30), "priya.natarajan", f"requeueing the {total_requeue} segments rejected or held since 09:00 (python -m pretranslate.requeue)")
    say(stats["requeue_done"] + dt.timedelta(minutes=1), "priya.natarajan", "requeue done. Kumo's ja is complete, their build is green")
    say(REDEPLOY - dt.timedelta(minutes=2), "freya.lindqvist", "re-enabling auto-sync, 1.19.0 goes out again (plus the runbook change). it was never the release")
    say(REDEPLOY + dt.timedelta(minutes=4), "freya.lindqvist", "postmortem Monday. ideas: alert on qa_rejected by model, canary pair per model change, and someone should read Lexara's changelog")
    stats["first_rej"] = first
    stats["rejected_by_min"] = rejected_by_min
    return [app, imp, envoy, wb, argo, status, slack], stats


def build(out_dir):
    rng = random.Random(53200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_rej"].replace(microsecond=0)
        assert utc("2026-11-05 09:00:00") <= onset <= utc("2026-11-05 09:04:00"), onset
        seg = stats["seg"]

        def ratio(pair):
            def fn(t):
                win = [(n, b) for te, loc, _, n, b in seg if loc == pair and t - dt.timedelta(minutes=10) < te <= t]
                n = sum(w[0] for w in win)
                return round(sum(w[1] for w in win) / n, 4) if n else None
            return fn

        def per_model(model):
            def fn(t):
                return sum(n for te, _, m, n, _ in seg if m == model and t - dt.timedelta(minutes=5) < te <= t)
            return fn

        metrics = {
            "pretranslate_mt_qa_rejected_ratio_10m.json": query_range(
                [({"job": "pretranslate", "pair": f"en>{p}"}, ratio(p)) for p in ("ja", "ko", "zh-Hans", "de", "fr", "es")], START, END, 60),
            "pretranslate_mt_segments_by_model_5m.json": query_range(
                [({"job": "pretranslate", "vendor": "lexara", "model": m}, per_model(m)) for m in (OLD, NEW)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r53-mt-tag-handling-model-none", service=SERVICE, onset=onset,
            description=f"""
Machine translation into Japanese, Korean, Chinese and Thai stops filling
customers' strings on Thursday 5 November: from {onset.strftime('%H:%M:%S')} UTC
pretranslate's QA rejects a large share of Lexara's translations for these
pairs (placeholder mismatch), the locales stay incomplete, a customer's
release build fails and the translators' review queues grow. A
pretranslate release had gone out at 08:33; a rollback at 09:44 did not
help. MT for the pairs was paused at 10:21 and resumed at 10:41; the
rejected segments were requeued from 10:55.
""",
            logs=logs, line_formats={"pretranslate.log": r'<Date> <Time> <Level> \[<Logger>\] \[pod=<Pod>\] <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'tags being dropped or altered',
                r'MT QA rejected .*placeholder mismatch',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Lexara began rolling out its model lx-nmt-2026.10
to all language pairs at 09:00 UTC, as its changelog of 29 October had
announced ("no API changes"); for English into Japanese, Korean, Chinese
and Thai the new model dropped or altered the <x id="n"/> tags that carry
placeholders in about half the tagged segments. Every request still
answered 200; pretranslate's QA rejected the translations ("MT QA
rejected ... (pair=en>ja model=lx-nmt-2026.10.2): placeholder mismatch
(...)", and in every version the "mt batch done ... model=lx-nmt-2026.10.2
qa_rejected=..." lines), while batches answered by lx-nmt-2026.07.4 stayed
clean. Lexara's status page said so at 10:07 ("XML tags being dropped or
altered in translations with tag_handling=xml"), 67 minutes after the
first rejections, and rolled the pairs back at 10:36. Nothing in this
repository is changed for it: MT was paused for the pairs with an admin
flag and the {stats['requeue_total']} rejected segments were requeued with the
existing requeue tool.
Decoys: the 08:33 release 1.19.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
PT-418 (more placeholder kinds protected as tags, in the very placeholder
code; more segments are tagged from 08:33), PT-421 of the day before
(adds the very "MT QA rejected" warning), PT-424 (formality for ja and
ko, in the requests to the very vendor, for two of the failing
languages) and an lxml bump (the library that parses the tags), rolled
back at 09:44 without effect (the warnings vanish, qa_rejected stays) and
synced again at 11:40; the runbook commit that says a jump in rejections
after a deploy is our placeholder protection; the docs commit about
Lexara; the httpx bump, the TM and CI commits; routine 429s from Lexara,
an odd over-max-length rejection, a customer's webhook with a rotated
secret and duplicate keys in string files.
""",
        )
    finally:
        repo.close()
