"""speakcheck is the speech scoring service of Parlio, a language-learning
app (Berlin; courses in English, Spanish, French, German, Italian and
Portuguese; streaks, hearts and push reminders in other services). The app
uploads a learner's recording of a speaking exercise with the prompt's id;
speakcheck turns the prompt text into a scoring grammar (words, then phones
from the course's pronunciation lexicon, or from a letter-to-sound G2P model
for a word the lexicon does not have), runs goodness-of-pronunciation
scoring on the Triton GPU workers and returns a score per word. A compiled
grammar is cached in Redis per prompt and content revision, without a TTL,
so a prompt is compiled once, the first time any learner meets it; a failed
compile is cached for 5 minutes and the request is answered 422
prompt_unavailable (the app shows "We can't check this one right now" and
the exercise counts as skipped).

Thursday 10 September 2026, 10:47 CEST: SPK-412 (Hannah Vogel) changes
`speakcheck/text.py` from NFC to NFKD normalisation. The content team's new
authoring tool pastes prompts from the curriculum PDFs with no-break spaces
before French "?" and "!", ligatures (U+FB01 "fi") and full-width
punctuation; NFKD folds all of them, and the NBSP special case goes. But
NFKD also decomposes every precomposed letter: "été" becomes "e" U+0301 "t"
"e" U+0301. The lexicons are keyed in NFC, so every accented word misses the
lexicon, and the G2P models' grapheme sets have no combining marks: the
compile fails ("unknown grapheme U+0301 COMBINING ACUTE ACCENT"). The tests
use an English ligature and a French NBSP prompt without accents; every
prompt of the live courses had been compiled and cached long before, so
nothing fails on Thursday (3.17.0), Friday (3.17.1, SPK-415 in the same
file: zero-width spaces) or over the weekend.

Monday 14 September: 3.18.0 is synced at 06:14 UTC (SPK-418, the fr-FR
acoustic model v7 on Triton; SPK-420, which logs each grammar compile
failure at ERROR with the word and the error, the very line that fills the
log; a redis-py bump). At 07:00 UTC the content publisher's weekly release
2026.37 goes live: the autumn A2 units (French unit 9, Spanish unit 14,
German unit 6, Italian and Portuguese unit 5) and English unit 11 for
Spanish speakers, 1,284 prompts never compiled. From 07:01 every new
French, Spanish, German, Italian or Portuguese prompt with an accented
word fails to compile, and learners working through the new units get 422
on most speaking exercises; English prompts compile fine. The runbook (a
commit on Friday) reads prompt_unavailable after a content release as
malformed content and says to ask content to republish, after a speakcheck
release to roll back. Jonas (on call, paged at 07:33) suspects the new
French model and SPK-420, asks content to check the release (their lexicon
coverage check passed; the CMS stores NFC) and rolls back to 3.17.1 at
08:05 without effect (the failures are then the old "prompt preparation
failed" warning); content republishes French unit 9 at 08:21, no change.
Tomás reads the 3.18.0 error lines: the words are "e\\u0301te\\u0301", a
combining accent after the letter, which the CMS does not send; `git log
speakcheck/text.py` shows SPK-412. SPK-423 (NFKC, which folds the
compatibility characters and composes) is released as 3.18.1 and synced at
09:31; the failed prompts compile at their next request after the 5-minute
negative cache.

Sources: speakcheck (python-json-logger), ingress-nginx access, Triton
inference server (glog), the content publisher (line format), Argo CD
(logfmt), support tickets (Zendesk export, JSON lines), #speak-oncall
(Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, utc, write_scenario
from skeletons import chores, k8s_deployment, k8s_service, python_service, runbook

SERVICE = "speakcheck"
START, END = utc("2026-09-14 05:00:00"), utc("2026-09-14 10:30:00")
CEST = dt.timezone(dt.timedelta(hours=2))


def cest(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CEST).astimezone(dt.timezone.utc)


# ---------------------------------------------------------------------------
# the repository

TEXT_PY = '''"""Prompt text as the lexicons and the G2P models expect it: NFC (the
lexicons are keyed in NFC, as the CMS stores the prompts), lower case,
words split on white space with the punctuation around them stripped.
Apostrophes stay inside words (l'ete, don't); hyphenated words stay whole
(est-ce, peut-etre), the lexicons have them."""

import unicodedata

PUNCT = ".,;:!?\\u00a1\\u00bf\\"\\u00ab\\u00bb\\u201c\\u201d()\\u2026\\u2014\\u2013"
APOSTROPHES = {"\\u2019": "'", "\\u02bc": "'"}


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\\u00a0", " ").replace("\\u202f", " ")
    for fancy, plain in APOSTROPHES.items():
        text = text.replace(fancy, plain)
    return text


def words(text: str) -> list[str]:
    out = []
    for token in normalize(text).split():
        token = token.strip(PUNCT).casefold()
        if token:
            out.append(token)
    return out
'''

GRAMMAR_PY = '''"""A prompt's scoring grammar: its words and, per word, the phones the
learner should say. Phones come from the course's pronunciation lexicon or,
for a word the lexicon does not have (names, new words), from the
language's G2P model. Compiled once per prompt and content revision and
cached in Redis without a TTL; a failed compile is cached for 5 minutes."""

import json
import logging

from speakcheck import g2p, lexicon, text

log = logging.getLogger("speakcheck.grammar")
FAILED_TTL_S = 300


class PromptUnavailable(Exception):
    pass


def compile_prompt(lang, prompt_text):
    entries = []
    for word in text.words(prompt_text):
        phones = lexicon.lookup(lang, word)
        if phones is None:
            phones = g2p.phones(lang, word)
        entries.append({"word": word, "phones": phones})
    return {"lang": lang, "words": entries}


def get(redis, prompt):
    key = f"grammar:{prompt.id}:{prompt.rev}"
    cached = redis.get(key)
    if cached == b"FAILED":
        raise PromptUnavailable(prompt.id)
    if cached is not None:
        return json.loads(cached)
    try:
        grammar = compile_prompt(prompt.lang, prompt.text)
    except g2p.G2PError as err:
        log.warning("prompt preparation failed", extra={"prompt_id": prompt.id, "lang": prompt.lang, "error": type(err).__name__})
        redis.set(key, b"FAILED", ex=FAILED_TTL_S)
        raise PromptUnavailable(prompt.id) from err
    redis.set(key, json.dumps(grammar))
    log.info("grammar compiled", extra={"prompt_id": prompt.id, "lang": prompt.lang, "words": len(grammar["words"])})
    return grammar
'''

G2P_PY = '''"""Letter-to-sound for words the lexicon does not have: one ONNX model per
language, trained on the lexicon; its grapheme set is the lexicon's letters
(NFC), and a grapheme outside it cannot be read."""

import functools
import unicodedata

import onnxruntime

MODELS = "/models/g2p"


class G2PError(Exception):
    pass


@functools.lru_cache(maxsize=None)
def _model(lang):
    session = onnxruntime.InferenceSession(f"{MODELS}/{lang}.onnx")
    graphemes = session.get_modelmeta().custom_metadata_map["graphemes"]
    return session, {g: i for i, g in enumerate(graphemes)}


def phones(lang, word):
    session, index = _model(lang)
    ids = []
    for ch in word:
        if ch not in index:
            raise G2PError(f"unknown grapheme U+{ord(ch):04X} {unicodedata.name(ch, '?')} in {word!r} ({lang})")
        ids.append(index[ch])
    return session.run(None, {"graphemes": [ids]})[0][0].split()
'''

API_PY = '''import logging
import time

from fastapi import APIRouter, File, Form, HTTPException, UploadFile

from speakcheck import content, grammar, scoring
from speakcheck.state import redis

log = logging.getLogger("speakcheck.api")
router = APIRouter()


@router.post("/v2/score")
async def score(prompt_id: str = Form(...), audio: UploadFile = File(...)):
    started = time.monotonic()
    prompt = await content.prompt(prompt_id)
    try:
        g = grammar.get(redis, prompt)
    except grammar.PromptUnavailable:
        log.warning("score request rejected: prompt unavailable", extra={"prompt_id": prompt_id, "lang": prompt.lang})
        raise HTTPException(status_code=422, detail="prompt_unavailable")
    result = await scoring.score(g, await audio.read())
    log.info("scored", extra={"prompt_id": prompt_id, "lang": prompt.lang, "score": result.score,
                              "dur_ms": int((time.monotonic() - started) * 1000)})
    return result.as_json()
'''

SETTINGS_PY = '''import os
from dataclasses import dataclass

import yaml


@dataclass
class Settings:
    triton_url: str
    redis_url: str
    content_url: str
    models: dict
    triton_timeout_s: float

    @classmethod
    def load(cls):
        with open(os.environ.get("CONFIG_PATH", "config/production.yaml")) as handle:
            return cls(**yaml.safe_load(handle))
'''

CONFIG = """triton_url: triton.speak.svc.cluster.local:8001
redis_url: redis://speakcheck-redis:6379/0
content_url: http://content-api.content.svc.cluster.local
triton_timeout_s: 8.0
models:
  en: en-US-gop-v11
  es: es-ES-gop-v9
  fr: fr-FR-gop-v6
  de: de-DE-gop-v5
  it: it-IT-gop-v4
  pt: pt-BR-gop-v4
"""

TEST_TEXT = '''from speakcheck import text


def test_words_lower_case_without_punctuation():
    assert text.words("Where is the station?") == ["where", "is", "the", "station"]


def test_apostrophes_and_hyphens_stay_inside_words():
    assert text.words("Qu\\u2019est-ce que c\\u2019est ?") == ["qu'est-ce", "que", "c'est"]
'''


def build_repo():
    hannah = Person("Hannah Vogel", "hannah.vogel@parlio.app", 120)
    tomas = Person("Tomás Reyes", "tomas.reyes@parlio.app", 120)
    jonas = Person("Jonas Meyer", "jonas.meyer@parlio.app", 120)
    priya = Person("Priya Raman", "priya.raman@parlio.app", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    rng = random.Random(106001)

    files = python_service(SERVICE, "speakcheck", "Speech scoring for Parlio's speaking exercises", port=8000)
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        '"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "python-multipart==0.0.9", "redis==5.0.3", "tritonclient[grpc]==2.48.0", "onnxruntime==1.18.1", "python-json-logger==2.0.7"]')
    files["config/logging.ini"] = files["config/logging.ini"].replace(
        "[formatter_plain]\nformat=%(asctime)s %(levelname)s %(name)s: %(message)s\n",
        "[formatter_plain]\nclass=pythonjsonlogger.jsonlogger.JsonFormatter\nformat=%(asctime)s %(levelname)s %(name)s %(message)s\n")
    files.update({
        "speakcheck/settings.py": SETTINGS_PY,
        "speakcheck/text.py": TEXT_PY,
        "speakcheck/grammar.py": GRAMMAR_PY,
        "speakcheck/g2p.py": G2P_PY,
        "speakcheck/api.py": API_PY,
        "speakcheck/lexicon.py": '"""Pronunciation lexicons per course language, loaded from /models/lexicon/<lang>.tsv\n(word TAB phones), keys in NFC."""\n\nimport functools\n\n\n@functools.lru_cache(maxsize=None)\ndef _load(lang):\n    with open(f"/models/lexicon/{lang}.tsv", encoding="utf-8") as handle:\n        return dict(line.rstrip("\\n").split("\\t", 1) for line in handle)\n\n\ndef lookup(lang, word):\n    phones = _load(lang).get(word)\n    return phones.split() if phones else None\n',
        "config/production.yaml": CONFIG,
        "tests/test_text.py": TEST_TEXT,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8000, replicas=6, memory="1Gi", cpu="1", env={"CONFIG_PATH": "config/production.yaml"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8000),
        "k8s/kustomization.yaml": 'resources:\n  - deployment.yaml\n  - service.yaml\nimages:\n  - name: registry.internal/speakcheck\n    newName: ghcr.io/parlio/speakcheck\n    newTag: "3.16.2"\n',
        "CHANGELOG.md": "# Changelog\n\n## 3.16.2\n\n- Triton client keepalive.\n",
        "docs/runbook.md": runbook(SERVICE, [("SpeakcheckScoreLatencyHigh", "p95 of /v2/score over 2.5 s for 5 minutes. Check the Triton dashboard (GPU\nutilisation, queue time) and the speakcheck HPA."), ("SpeakcheckTritonUnavailable", "Triton answers UNAVAILABLE: a model failed to load or the GPU nodes\nare gone. `kubectl -n speak get pods -l app=triton`.")]),
        "speakcheck/__init__.py": '__version__ = "3.16.2"\n',
    })
    shas = {}
    repo.commit(cest("2026-09-03 10:12:00"), hannah, "speakcheck: score speaking exercises with per-word GOP on Triton", files)
    repo.schedule(chores(rng, SERVICE, [hannah, tomas, priya], cest("2026-09-03 12:00:00"), cest("2026-09-11 18:00:00"), 4))
    repo.commit(cest("2026-09-07 09:20:00"), bot, "chore(deps): update dependency fastapi to v0.110.3", {
        "pyproject.toml": repo.edit("pyproject.toml", '"fastapi==0.110.0"', '"fastapi==0.110.3"'),
    })
    repo.commit(cest("2026-09-08 14:41:00"), priya, "scoring: send the word boundaries to Triton as a second input (SPK-401)", {
        "speakcheck/scoring.py": '"""GOP scoring on Triton: the grammar\'s phones and the audio (16 kHz mono)\nin, a score per phone and word out."""\n\nimport numpy as np\nimport tritonclient.grpc.aio as grpcclient\n\nfrom speakcheck.state import settings\n\n\nasync def score(grammar, audio):\n    client = grpcclient.InferenceServerClient(settings.triton_url)\n    phones = np.array([" ".join(w["phones"]) for w in grammar["words"]], dtype=object)\n    bounds = np.cumsum([len(w["phones"]) for w in grammar["words"]]).astype(np.int32)\n    inputs = [grpcclient.InferInput("AUDIO", [len(audio)], "BYTES"), grpcclient.InferInput("PHONES", [len(phones)], "BYTES"),\n              grpcclient.InferInput("WORD_BOUNDS", [len(bounds)], "INT32")]\n    inputs[0].set_data_from_numpy(np.frombuffer(audio, dtype=np.uint8).astype(object))\n    inputs[1].set_data_from_numpy(phones)\n    inputs[2].set_data_from_numpy(bounds)\n    return await client.infer(settings.models[grammar["lang"]], inputs, client_timeout=settings.triton_timeout_s)\n',
    })
    shas["rel_3163"] = repo.commit(cest("2026-09-08 16:05:00"), priya, "release 3.16.3", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.16.2"', '"3.16.3"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.16.2"', 'newTag: "3.16.3"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.16.3\n\n- Word boundaries to Triton (SPK-401).\n- FastAPI 0.110.3.\n"),
    })
    # the culprit
    culprit = repo.commit(cest("2026-09-10 10:47:00"), hannah, "text: fold compatibility characters in prompt text (SPK-412)\n\nThe content team's new authoring tool pastes prompts from the curriculum\nPDFs: no-break spaces before French ? and !, narrow no-break spaces,\nligatures (U+FB01 'fi') and full-width punctuation. NFC leaves all of\nthem alone, so 'ﬁnd' misses the lexicon. NFKD folds every compatibility\ncharacter (NBSP to a space too), so the NBSP special case can go.", {
        "speakcheck/text.py": repo.edit("speakcheck/text.py",
                                        '''def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\\u00a0", " ").replace("\\u202f", " ")
''', '''def normalize(text: str) -> str:
    # NFKD folds the compatibility characters pasted from PDFs: NBSP and
    # narrow NBSP to a space, ligatures, full-width punctuation.
    text = unicodedata.normalize("NFKD", text)
'''),
        "tests/test_text.py": repo.files["tests/test_text.py"] + '''

def test_compatibility_characters_are_folded():
    assert text.words("\\ufb01nd the \\ufb02at") == ["find", "the", "flat"]
    assert text.words("Quelle heure est-il\\u00a0?") == ["quelle", "heure", "est-il"]
    assert text.words("Stop\\uff01") == ["stop"]
''',
    })
    shas["culprit"] = culprit
    repo.commit(cest("2026-09-10 14:20:00"), tomas, "tests: grammar compile with a lexicon fixture", {
        "tests/test_grammar.py": 'from speakcheck import grammar, lexicon\n\n\ndef test_lexicon_words_compile(monkeypatch):\n    monkeypatch.setattr(lexicon, "_load", lambda lang: {"where": "W EH R", "is": "IH Z"})\n    g = grammar.compile_prompt("en", "Where is")\n    assert [w["phones"] for w in g["words"]] == [["W", "EH", "R"], ["IH", "Z"]]\n',
    })
    shas["rel_3170"] = repo.commit(cest("2026-09-10 15:05:00"), hannah, "release 3.17.0", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.16.3"', '"3.17.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.16.3"', 'newTag: "3.17.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.17.0\n\n- Prompt text: compatibility characters folded (SPK-412).\n"),
    })
    repo.commit(cest("2026-09-11 09:58:00"), tomas, "text: strip zero-width spaces from prompts (SPK-415)\n\nTwo Portuguese prompts from the authoring tool carry U+200B between\nwords; split() keeps it inside the token.", {
        "speakcheck/text.py": repo.edit("speakcheck/text.py", '''    text = unicodedata.normalize("NFKD", text)
''', '''    text = unicodedata.normalize("NFKD", text)
    text = text.replace("\\u200b", "").replace("\\ufeff", "")
'''),
        "tests/test_text.py": repo.files["tests/test_text.py"] + '''

def test_zero_width_spaces_are_removed():
    assert text.words("bom\\u200b dia") == ["bom", "dia"]
''',
    })
    repo.commit(cest("2026-09-11 11:30:00"), jonas, "config: Triton client timeout 8 s -> 6 s", {
        "config/production.yaml": repo.edit("config/production.yaml", "triton_timeout_s: 8.0", "triton_timeout_s: 6.0"),
    })
    shas["rel_3171"] = repo.commit(cest("2026-09-11 14:12:00"), tomas, "release 3.17.1", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.17.0"', '"3.17.1"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.17.0"', 'newTag: "3.17.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.17.1\n\n- Zero-width spaces stripped from prompts (SPK-415).\n- Triton client timeout 6 s.\n"),
    })
    repo.commit(cest("2026-09-11 16:40:00"), jonas, "runbook: SpeakcheckPromptUnavailable", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## SpeakcheckPromptUnavailable

More than 2 % of score requests answered 422 prompt_unavailable: the
prompt's grammar could not be compiled, the app shows "We can't check this
one right now" and the exercise is skipped.

- After a content release (Mondays 07:00 UTC) this is almost always the
  content: a prompt with a typo, markup or a word neither the lexicon nor
  G2P can read. Ask #content-eng to check the release and republish the
  unit; the failed compile is retried after 5 minutes.
- If it starts after a speakcheck release, roll back.
- Do not flush the grammar cache: every prompt would be compiled again at
  once.
""",
    })
    repo.commit(cest("2026-09-11 17:05:00"), bot, "chore(deps): update dependency redis to v5.0.8", {
        "pyproject.toml": repo.edit("pyproject.toml", '"redis==5.0.3"', '"redis==5.0.8"'),
    })
    repo.commit(cest("2026-09-14 07:41:00"), tomas, "config: fr-FR acoustic model v7 (SPK-418)\n\nv7 is trained with the 2026 learner recordings; the offline eval's\ncorrelation with the raters is 0.81 (v6: 0.77).", {
        "config/production.yaml": repo.edit("config/production.yaml", "fr: fr-FR-gop-v6", "fr: fr-FR-gop-v7"),
    })
    repo.commit(cest("2026-09-14 07:52:00"), hannah, "grammar: log compile failures at ERROR with the word and the error (SPK-420)\n\nA failed compile was one warning with the exception's class; content\nasks which word it was every time.", {
        "speakcheck/grammar.py": repo.edit("speakcheck/grammar.py",
                                           '''        log.warning("prompt preparation failed", extra={"prompt_id": prompt.id, "lang": prompt.lang, "error": type(err).__name__})
''', '''        log.error("grammar compile failed", extra={"prompt_id": prompt.id, "lang": prompt.lang, "rev": prompt.rev,
                                                   "error": f"{type(err).__name__}: {err}"})
'''),
    })
    shas["rel_3180"] = repo.commit(cest("2026-09-14 08:06:00"), hannah, "release 3.18.0", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.17.1"', '"3.18.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.17.1"', 'newTag: "3.18.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.18.0\n\n- fr-FR acoustic model v7 (SPK-418).\n- Compile failures logged with the word (SPK-420).\n- redis 5.0.8.\n"),
    })
    shas["rollback"] = repo.commit(cest("2026-09-14 10:03:00"), jonas, "deploy: pin speakcheck 3.17.1 (rollback of 3.18.0, INC-0588)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.18.0"', 'newTag: "3.17.1"'),
    })
    repo.commit(cest("2026-09-14 11:14:00"), tomas, "text: NFKC instead of NFKD; the lexicons and G2P are NFC (SPK-423, INC-0588)\n\nNFKD decomposes every accented letter: 'été' became e + U+0301 + t + e +\nU+0301, which misses the lexicon and which G2P cannot read. Every new\nprompt with an accented word failed to compile from the content release\non; the old prompts were compiled before SPK-412. NFKC folds the same\ncompatibility characters and composes.", {
        "speakcheck/text.py": repo.edit("speakcheck/text.py", '''    # NFKD folds the compatibility characters pasted from PDFs: NBSP and
    # narrow NBSP to a space, ligatures, full-width punctuation.
    text = unicodedata.normalize("NFKD", text)
''', '''    # NFKC folds the compatibility characters pasted from PDFs (NBSP and
    # narrow NBSP to a space, ligatures, full-width punctuation) and, unlike
    # NFKD, composes: the lexicons and the G2P models are NFC (INC-0588).
    text = unicodedata.normalize("NFKC", text)
'''),
        "tests/test_text.py": repo.files["tests/test_text.py"] + '''

def test_accented_letters_stay_composed():
    assert text.words("L'\\u00e9t\\u00e9 est l\\u00e0.") == ["l'\\u00e9t\\u00e9", "est", "l\\u00e0"]
    assert text.words("Ma\\u00f1ana, Stra\\u00dfe") == ["ma\\u00f1ana", "stra\\u00dfe"]
''',
    })
    shas["rel_3181"] = repo.commit(cest("2026-09-14 11:22:00"), tomas, "release 3.18.1", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.18.0"', '"3.18.1"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.17.1"', 'newTag: "3.18.1"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.18.1\n\n- Prompt text NFKC (SPK-423, INC-0588).\n"),
    })
    return repo, shas



# ---------------------------------------------------------------------------
# the morning

LANGS = [(35, "en"), (22, "es"), (20, "fr"), (12, "de"), (6, "it"), (5, "pt")]
NEW_UNIT = {"en": "a2.u11", "es": "a2.u14", "fr": "a2.u9", "de": "a2.u6", "it": "a2.u5", "pt": "a2.u5"}
OLD_UNITS = {"en": ["a1.u4", "a2.u7", "a2.u10", "b1.u2"], "es": ["a1.u6", "a2.u11", "a2.u13", "b1.u3"],
             "fr": ["a1.u5", "a2.u4", "a2.u8", "b1.u1"], "de": ["a1.u3", "a1.u9", "a2.u5"],
             "it": ["a1.u2", "a1.u7", "a2.u4"], "pt": ["a1.u4", "a2.u2", "a2.u4"]}
# accented words in the new units' prompts, as NFC; the log shows them as NFKD
ACCENTED = {
    "fr": ["été", "très", "à", "déjà", "où", "français", "préféré", "fenêtre", "école", "célèbre", "garçon", "bientôt", "réveillé", "frère"],
    "es": ["mañana", "está", "también", "después", "película", "árbol", "sábado", "niño", "compañía", "rápido", "qué", "música"],
    "de": ["für", "schön", "möchte", "müde", "später", "Bäckerei", "fährt", "übermorgen", "Brötchen", "hören"],
    "it": ["città", "perché", "più", "caffè", "lunedì", "università"],
    "pt": ["não", "você", "irmã", "coração", "avó", "também", "lição"],
}
MARK = {"\u0301": "COMBINING ACUTE ACCENT", "\u0300": "COMBINING GRAVE ACCENT", "\u0302": "COMBINING CIRCUMFLEX ACCENT",
        "\u0303": "COMBINING TILDE", "\u0308": "COMBINING DIAERESIS", "\u0327": "COMBINING CEDILLA"}


def nfkd_word(word):
    import unicodedata
    return unicodedata.normalize("NFKD", word.casefold())


def first_mark(word):
    for i, ch in enumerate(word):
        if ch in MARK:
            return i, ch
    return None


def build_logs(rng, shas):
    app = Log("speakcheck.log")
    ingress = Log("ingress-nginx.log")
    triton = Log("triton.log")
    publisher = Log("content-publisher.log")
    argo = Log("argocd-speakcheck.log")
    tickets = Log("support-tickets.log")
    slack = Log("slack-speak-oncall.log")
    stats = {"first_failure": None, "compile_failures": 0, "rejected": 0}

    def U(text):
        return utc(f"2026-09-14 {text}" if text.count(":") == 2 else f"2026-09-14 {text}:00")

    SYNC_3180, SYNC_ROLLBACK, SYNC_3181 = U("06:14:07"), U("08:05:31"), U("09:31:12")
    RELEASE = U("07:00:00")

    def version_at(t):
        if t < SYNC_3180 + dt.timedelta(seconds=50):
            return "3.17.1", shas["rel_3171"]
        if t < SYNC_ROLLBACK + dt.timedelta(seconds=50):
            return "3.18.0", shas["rel_3180"]
        if t < SYNC_3181 + dt.timedelta(seconds=50):
            return "3.17.1", shas["rel_3171"]
        return "3.18.1", shas["rel_3181"]

    pod_gen = {}

    def pod_for(t):
        v, _ = version_at(t)
        key = (v, t >= SYNC_ROLLBACK)
        if key not in pod_gen:
            rs = hexid(rng, 9)
            pod_gen[key] = [f"speakcheck-{rs[:9]}-{hexid(rng, 5)}" for _ in range(6)]
        return rng.choice(pod_gen[key])

    def aj(t, level, logger, message, **fields):
        body = {"asctime": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", "levelname": level,
                "name": logger, "message": message}
        body.update(fields)
        app.add(t, json.dumps(body))

    def ing(t, method, path, status, size, rt, ua, upstream_ip):
        ingress.add(t, f'{ip(rng)} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {rng.randint(30000, 140000) if method == "POST" else rng.randint(300, 700)} {rt + 0.002:.3f} [speak-speakcheck-80] [] {upstream_ip}:8000 {size} {rt:.3f} {status} {hexid(rng, 32)}')

    def ip(r):
        return f"{r.choice(['10.60', '10.61', '10.62'])}.{r.randint(0, 63)}.{r.randint(2, 250)}"

    uas = ["Parlio/7.42.1 (iPhone; iOS 18.6.2; Scale/3.00)", "Parlio/7.42.1 (iPhone; iOS 17.7; Scale/3.00)",
           "Parlio/7.42.0 (Android 14; SM-S918B)", "Parlio/7.42.1 (Android 15; Pixel 8)", "Parlio/7.41.3 (Android 13; moto g54 5G)",
           "Parlio/7.42.1 (iPad; iPadOS 18.6; Scale/2.00)"]

    # --- start-up lines and Argo CD --------------------------------------------------
    def startup(t, version, sha):
        for i in range(6):
            s = t + dt.timedelta(seconds=8 + i * 9 + rng.uniform(0, 4))
            pod = pod_for(s + dt.timedelta(seconds=60))
            aj(s, "INFO", "uvicorn.error", "Started server process [1]", pod=pod)
            aj(s + dt.timedelta(seconds=1.2), "INFO", "speakcheck.main", f"starting speakcheck version={version} rev={sha[:7]}", pod=pod)
            aj(s + dt.timedelta(seconds=1.9), "INFO", "speakcheck.main", "grammar cache connected", pod=pod, redis="speakcheck-redis:6379", keys=rng.randint(181200, 181400))
            aj(s + dt.timedelta(seconds=2.1), "INFO", "uvicorn.error", "Application startup complete.", pod=pod)

    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=speakcheck"]
        for k, v in kv.items():
            parts.append(f'{k}={v}' if " " not in str(v) else f'{k}="{v}"')
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 2))
        al(t, "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "speak"})
    for sync, (ver, sha), hid in ((SYNC_3180, ("3.18.0", shas["rel_3180"]), 88), (SYNC_ROLLBACK, ("3.17.1", shas["rollback"]), 89), (SYNC_3181, ("3.18.1", shas["rel_3181"]), 90)):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "speak"})
        al(sync + dt.timedelta(seconds=1.3), "info", "Updating operation state. phase: Running -> Running, message: 'one or more tasks are running'", **{"dest-namespace": "speak"})
        al(sync + dt.timedelta(seconds=6.8), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=70.2), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "speak"})
        version = "3.17.1" if sync == SYNC_ROLLBACK else ver
        startup(sync, version, shas["rel_3171"] if sync == SYNC_ROLLBACK else sha)

    # --- Triton --------------------------------------------------------------------------------
    def tl(t, sev, src, msg):
        stamp = t.strftime("%m%d %H:%M:%S.") + f"{t.microsecond:06d}"
        triton.add(t, f"{sev}{stamp} 1 {src}] {msg}")

    t = SYNC_3180 + dt.timedelta(seconds=3.1)
    tl(t, "I", "model_repository_manager.cc:1337", "loading: fr-FR-gop-v7:1")
    tl(t + dt.timedelta(seconds=0.4), "I", "onnxruntime.cc:2812", "TRITONBACKEND_ModelInitialize: fr-FR-gop-v7 (version 1)")
    tl(t + dt.timedelta(seconds=6.7), "I", "onnxruntime.cc:2877", "TRITONBACKEND_ModelInstanceInitialize: fr-FR-gop-v7_0 (GPU device 0)")
    tl(t + dt.timedelta(seconds=9.2), "I", "model_lifecycle.cc:838", "successfully loaded 'fr-FR-gop-v7'")
    tl(t + dt.timedelta(seconds=61), "I", "model_lifecycle.cc:620", "successfully unloaded 'fr-FR-gop-v6' version 1")
    # the rollback pins 3.17.1's config, fr-FR v6 again
    t = SYNC_ROLLBACK + dt.timedelta(seconds=3.4)
    tl(t, "I", "model_repository_manager.cc:1337", "loading: fr-FR-gop-v6:1")
    tl(t + dt.timedelta(seconds=7.0), "I", "model_lifecycle.cc:838", "successfully loaded 'fr-FR-gop-v6'")
    t = SYNC_3181 + dt.timedelta(seconds=3.0)
    tl(t, "I", "model_repository_manager.cc:1337", "loading: fr-FR-gop-v7:1")
    tl(t + dt.timedelta(seconds=8.8), "I", "model_lifecycle.cc:838", "successfully loaded 'fr-FR-gop-v7'")
    for x in range(0, int((END - START).total_seconds()), 60):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 1))
        tl(t, "I", "metrics.cc:757", f"Collecting GPU metrics: gpu_utilization={rng.uniform(0.22, 0.61):.2f} gpu_memory_used_bytes={rng.randint(11800, 13900)}MiB")
    for t in poisson_times(rng, START, END, 0.08):
        tl(t, "W", "infer_handler.cc:812", f"grpc: stream for request {rng.randint(100000, 999999)} cancelled by client")

    # --- content publisher ----------------------------------------------------------------------
    def pl(t, comp, level, msg):
        publisher.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{comp}] {level} {msg}")

    for x in range(0, int((END - START).total_seconds()), 900):
        t = START + dt.timedelta(seconds=x + rng.uniform(3, 40))
        pl(t, "scheduler", "INFO", "next scheduled release 2026.37 at 2026-09-14T07:00:00Z (6 courses, 1284 prompts)" if t < RELEASE else "next scheduled release 2026.38 at 2026-09-21T07:00:00Z (0 courses, 0 prompts)")
    for t in poisson_times(rng, START, END, 0.35):
        pl(t, "drafts", "INFO", f"draft saved course={rng.choice(['fr', 'es', 'de', 'en', 'it', 'pt'])} unit=b1.u{rng.randint(1, 6)} prompt={rng.randint(100, 999)} author={rng.choice(['amelie.l', 'lucia.m', 'kerstin.b', 'owen.d'])}")
    pl(U("06:30:02"), "release", "INFO", "release 2026.37 validation: 1284 prompts, lexicon coverage 100.0% (fr 412, es 388, de 296, en 188), audio references 1284/1284, markup ok")
    pl(RELEASE + dt.timedelta(seconds=0.4), "release", "INFO", "publishing release 2026.37: fr a2.u9, es a2.u14, de a2.u6, it a2.u5, pt a2.u5, en a2.u11")
    pl(RELEASE + dt.timedelta(seconds=11.8), "release", "INFO", "release 2026.37 published: 1284 prompts live, CDN purge ok, content-api rev 2026.37.0")
    pl(U("08:21:14"), "release", "INFO", "republish fr a2.u9 requested by amelie.l (INC-0588): 76 prompts, rev 2026.37.1")
    pl(U("08:21:19"), "release", "INFO", "release 2026.37.1 published: 76 prompts live, CDN purge ok")

    # --- score requests ---------------------------------------------------------------------------
    new_prompts = {}
    for lang, unit in NEW_UNIT.items():
        plist = []
        for lesson in range(1, 7):
            for p in range(1, 9):
                pid = f"{lang}.{unit}.l{lesson}.p{p:02d}"
                bad = None
                if lang != "en" and rng.random() < 0.82:
                    bad = rng.choice(ACCENTED[lang])
                plist.append((pid, bad))
        new_prompts[lang] = plist
    last_fail = {}
    compiled = set()
    republished = {}

    def new_share(t):
        if t < RELEASE:
            return 0.0
        m = (t - RELEASE).total_seconds() / 60
        return 0.3 * (1 - pow(2.718, -m / 45))

    def rate(t):
        h = t.hour + t.minute / 60
        return 18 + 22 * min(1, max(0, (h - 5) / 3))

    times = []
    t = START
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        times.append(t)
    for t in times[:-1]:
        lang = None
        pick = rng.uniform(0, 100)
        for w, l in LANGS:
            pick -= w
            if pick <= 0:
                lang = l
                break
        lang = lang or "en"
        ua = rng.choice(uas)
        pod = pod_for(t)
        upstream = f"10.48.{rng.randint(2, 9)}.{rng.randint(2, 250)}"
        version, _ = version_at(t)
        fixed = t >= SYNC_3181 + dt.timedelta(seconds=50)
        if rng.random() < new_share(t):
            pid, bad = rng.choice(new_prompts[lang])
            rev = "2026.37.1" if lang == "fr" and t >= U("08:21:19") else "2026.37.0"
            key = (pid, rev)
            if bad and not fixed:
                if key not in last_fail or (t - last_fail[key]).total_seconds() > 300:
                    last_fail[key] = t
                    stats["compile_failures"] += 1
                    if stats["first_failure"] is None:
                        stats["first_failure"] = t
                    w = nfkd_word(bad)
                    i, mark = first_mark(w)
                    if version == "3.18.0":
                        aj(t, "ERROR", "speakcheck.grammar", "grammar compile failed", pod=pod, prompt_id=pid, lang=lang, rev=rev,
                           error=f"G2PError: unknown grapheme U+{ord(mark):04X} {MARK[mark]} in {w!r} ({lang})")
                    else:
                        aj(t, "WARNING", "speakcheck.grammar", "prompt preparation failed", pod=pod, prompt_id=pid, lang=lang, error="G2PError")
                stats["rejected"] += 1
                aj(t + dt.timedelta(milliseconds=rng.randint(3, 9)), "WARNING", "speakcheck.api", "score request rejected: prompt unavailable", pod=pod, prompt_id=pid, lang=lang)
                ing(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "POST", "/v2/score", 422, 34, rng.uniform(0.03, 0.09), ua, upstream)
                continue
            if bad and fixed and key in last_fail and (t - last_fail[key]).total_seconds() < 300:
                aj(t + dt.timedelta(milliseconds=4), "WARNING", "speakcheck.api", "score request rejected: prompt unavailable", pod=pod, prompt_id=pid, lang=lang)
                ing(t + dt.timedelta(milliseconds=40), "POST", "/v2/score", 422, 34, rng.uniform(0.03, 0.09), ua, upstream)
                continue
            if key not in compiled:
                compiled.add(key)
                aj(t, "INFO", "speakcheck.grammar", "grammar compiled", pod=pod, prompt_id=pid, lang=lang, words=rng.randint(3, 11))
        else:
            pid = f"{lang}.{rng.choice(OLD_UNITS[lang])}.l{rng.randint(1, 6)}.p{rng.randint(1, 8):02d}"
        roll = rng.random()
        if roll < 0.025:
            aj(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "WARNING", "speakcheck.api", "audio rejected: too short", pod=pod, prompt_id=pid, duration_ms=rng.randint(120, 480))
            ing(t + dt.timedelta(milliseconds=70), "POST", "/v2/score", 400, 28, rng.uniform(0.05, 0.1), ua, upstream)
            continue
        if roll < 0.031:
            aj(t + dt.timedelta(seconds=6.0), "WARNING", "speakcheck.scoring", "triton infer failed, retrying once", pod=pod, model=f"{lang}-gop", error="StatusCode.DEADLINE_EXCEEDED")
        dur = int(rng.lognormvariate(0, 0.35) * 620)
        score = max(5, min(100, int(rng.gauss(74, 15))))
        aj(t + dt.timedelta(milliseconds=dur), "INFO", "speakcheck.api", "scored", pod=pod, prompt_id=pid, lang=lang, score=score, dur_ms=dur)
        ing(t + dt.timedelta(milliseconds=dur + 3), "POST", "/v2/score", 200, rng.randint(900, 2400), dur / 1000, ua, upstream)
    # prompt metadata fetches by the app (cached at the CDN; a few reach the origin)
    for t in poisson_times(rng, START, END, 3.0):
        lang = rng.choice(["en", "es", "fr", "de"])
        ing(t, "GET", f"/v2/prompts/{lang}.{rng.choice(OLD_UNITS[lang])}.l{rng.randint(1, 6)}/reference", 200, rng.randint(3000, 9000), rng.uniform(0.004, 0.02), rng.choice(uas), f"10.48.{rng.randint(2, 9)}.{rng.randint(2, 250)}")

    # --- support tickets ---------------------------------------------------------------------
    def ticket(hm, tid, lang, subject, body, plat):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        tickets.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "id": tid, "channel": "in_app",
                                   "tags": ["speaking", lang, plat], "subject": subject, "description": body}, ensure_ascii=False))

    ticket("06:12", 418233, "en", "Streak freeze not applied", "I had a streak freeze but my 212 day streak reset this morning.", "ios")
    ticket("06:48", 418240, "es", "Audio doesn't play in stories", "The audio for the story about the market doesn't play.", "android")
    ticket("07:24", 418251, "fr", "Speaking exercises won't work in new unit", "Unit 9 just came out and every speaking exercise says 'We can't check this one right now'. Unit 8 works.", "ios")
    ticket("07:31", 418254, "es", "No puedo hacer los ejercicios de hablar", "En la unidad 14 todos los ejercicios de pronunciación dicen que no se pueden comprobar. Lo he intentado 10 veces.", "android")
    ticket("07:46", 418259, "de", "Sprechübungen Einheit 6", "Bei den neuen Sprechübungen kommt immer 'Das können wir gerade nicht prüfen'. Die alten gehen.", "ios")
    ticket("07:58", 418263, "fr", "Checkpoint blocked", "I can't pass the unit 9 checkpoint because it needs 3 speaking exercises and none of them can be checked.", "android")
    ticket("08:17", 418270, "pt", "Exercícios de fala", "Nenhum exercício de fala da unidade 5 funciona, mas o inglês funciona.", "ios")
    ticket("08:40", 418281, "fr", "still broken", "Speaking in unit 9 still broken, some sentences work (the ones without accents?)", "ios")
    ticket("09:05", 418288, "en", "Notifications at 3am", "I get the streak reminder at 3am since I moved to Toronto.", "android")

    # --- Slack #speak-oncall ----------------------------------------------------------------
    users = {"jonas.meyer": "U05JM2KQ1", "tomas.reyes": "U05TR8B3N", "hannah.vogel": "U04HV7C2P", "amelie.laurent": "U06AL3D9F",
             "priya.raman": "U06PR4E7K", "support-bot": "B02SUP7LX", "alertmanager": "B01ALM4RT"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "speak-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("06:15", "hannah.vogel", "3.18.0 synced: fr-FR v7 (SPK-418), compile failures logged with the word (SPK-420), redis 5.0.8")
    say("07:02", "amelie.laurent", "content release 2026.37 is live: fr u9, es u14, de u6, it/pt u5, en u11. validation was green (lexicon coverage 100%)")
    say("07:33", "alertmanager", "[FIRING] SpeakcheckPromptUnavailable: 6.8% of score requests answered 422 prompt_unavailable (5 min)")
    say("07:36", "jonas.meyer", "ack. 422s since 07:01, only on the new units, all 'grammar compile failed' from SPK-420's new line. runbook says content first. @amelie.laurent can you check the release? errors are in fr, es, de, it, pt. en u11 is fine")
    say("07:41", "jonas.meyer", "also: fr-FR v7 went out with 3.18.0 at 06:14. but es/de fail too and they didn't change")
    say("07:52", "amelie.laurent", "the release validated against the lexicons, 100% coverage, and the prompts are plain text in the CMS (NFC, I checked 'été' is U+00E9). nothing unusual in the markup. I can republish fr u9")
    say("07:58", "jonas.meyer", "runbook says roll back if after a release. 3.18.0 was 45 min before the content. rolling back to 3.17.1 (INC-0588)")
    say("08:08", "jonas.meyer", "3.17.1 synced at 08:05. same 422s, now logged as 'prompt preparation failed' without the detail. not 3.18.0")
    say("08:22", "amelie.laurent", "republished fr a2.u9 as 2026.37.1 (new rev, so new grammar keys)")
    say("08:29", "jonas.meyer", "republish didn't help, the new revs fail to compile as well")
    say("08:33", "support-bot", "9 tickets tagged speaking since 07:00 (fr 3, es 1, de 1, pt 1), 'can't check this one' on new units")
    say("08:41", "tomas.reyes", "looking at the 3.18.0 error lines from before the rollback: the word is \"e\\u0301te\\u0301\", 'unknown grapheme U+0301 COMBINING ACUTE ACCENT'. that's a decomposed é: e + combining accent. the CMS sends U+00E9, so we decompose it")
    say("08:47", "tomas.reyes", "text.py: unicodedata.normalize(\"NFKD\") since SPK-412 (3.17.0, Thursday). NFKD splits every accented letter, the lexicon keys are NFC and G2P has no combining marks. old prompts were compiled before Thursday and are cached, so only prompts compiled since then fail, i.e. today's release. the ticket that says 'the ones without accents' work is right")
    say("08:49", "hannah.vogel", "ugh, that was me. I wanted the NBSP and ligature folding; NFKC does that and composes. sorry")
    say("08:52", "jonas.meyer", "ok. @tomas.reyes NFKC as 3.18.1 on top of main (v7 stays). failed compiles retry after 5 min, no cache flush needed")
    say("09:23", "tomas.reyes", "3.18.1 released (SPK-423, NFKC + accented tests). Argo will pick it up")
    say("09:41", "jonas.meyer", "3.18.1 synced at 09:31, new prompts compiling, 422s gone since 09:37. resolving. postmortem INC-0588 tomorrow: a content-release fixture with accents in CI")
    say("09:44", "amelie.laurent", "thanks! we'll tell the learners who wrote in")
    return [app, ingress, triton, publisher, argo, tickets, slack], stats


def build(out_dir):
    rng = random.Random(106100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_failure"].replace(microsecond=0)
        assert utc("2026-09-14 07:00:00") < onset < utc("2026-09-14 07:05:00"), onset
        hours = int((onset - cest("2026-09-10 10:47:00")).total_seconds() // 60)
        age = f"{hours // 60} h {hours % 60:02d}"
        return write_scenario(
            out_dir, name="r106-prompt-text-nfkd", service=SERVICE, onset=onset,
            description=f"""
Parlio's speech scoring (speakcheck) answers 422 prompt_unavailable for
most speaking exercises of the new course units on Monday 14 September
2026, from {onset.strftime('%H:%M:%S')} UTC, a minute after the content team's weekly
release 2026.37 went live at 07:00 (French, Spanish, German, Italian and
Portuguese A2 units; English unit 11). speakcheck 3.18.0 had been synced
at 06:14 UTC; it was rolled back to 3.17.1 at 08:05 without effect, and
3.18.1 was synced at 09:31, after which the failures stopped. Times in the
content publisher's log are UTC.
""",
            logs=logs,
            line_formats={
                "content-publisher.log": r'<Date> <Time> \[<Component>\] <Level> <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'grammar compile failed',
                r'unknown grapheme',
            ],
            fix_files=["speakcheck/text.py"],
            explanation=f"""
SPK-412 ({shas['culprit'][:10]}, Thursday 10 September 10:47 CEST, in 3.17.0)
normalises prompt text with NFKD instead of NFC, to fold the no-break
spaces, ligatures and full-width punctuation the content team's authoring
tool pastes. NFKD also decomposes every accented letter ("été" becomes e,
U+0301, t, e, U+0301); the lexicons are keyed in NFC, so the word misses
the lexicon, and the G2P models have no combining marks, so the compile
fails: "grammar compile failed ... G2PError: unknown grapheme U+0301
COMBINING ACUTE ACCENT in 'e\\u0301te\\u0301'" ({stats['compile_failures']} compile failures, a
failed compile is cached for 5 minutes; {stats['rejected']} requests answered 422). Grammars
are cached per prompt without a TTL and every live prompt had been compiled
before Thursday, so nothing failed until release 2026.37 brought 1,284
prompts never compiled, {age} after the commit; English prompts compile,
the new French, Spanish, German, Italian and Portuguese prompts with an
accented word do not. SPK-423 (3.18.1) uses NFKC, which folds the same
characters and composes.
Decoys: release 3.18.0, synced {int((onset - utc('2026-09-14 06:14:07')).total_seconds() // 60)} minutes before the onset (SPK-418, the
fr-FR acoustic model v7, French being the first language reported; SPK-420,
which adds the very "grammar compile failed" error line that fills the
log; a redis-py bump), rolled back to 3.17.1, which holds the culprit,
without effect (the failures are then the old "prompt preparation failed"
warning); SPK-415, a harmless change to the culprit's file (zero-width
spaces) on Friday; the Triton timeout change; a runbook commit that reads
prompt_unavailable after a content release as malformed content and says to
ask content to republish, which they do without effect; the content
release itself, the trigger, whose validation passed; unrelated tickets
(a streak freeze, reminders at 3 a.m.).
""",
        )
    finally:
        repo.close()
