"""speakcheck, Parlio's speech scoring service (the same service five weeks
after `r106-prompt-text-nfkd`), scores the speaking exercises of the
language-learning app on Triton GPU workers (a node pool of 8 to 12 L4
nodes). Push notifications are sent by other teams: the streak reminders by
the notifications service, campaigns by the growth team in Engagely, the
CRM, whose export of canvas events lands in the data lake.

Friday 16 October 2026: release 3.21.0 (SPK-471, a bounded in-process
scoring queue of 64 per pod that sheds with 503 when full, and its "scoring
queue full, shedding request" warning; SPK-468, es-ES acoustic model v10; a
tritonclient bump). Thursday a runbook section reads shedding after a
release as the queue bound set too tight and says to roll back. Sunday 15:32
UTC Jonas, on call, raises the HPA's minReplicas from 6 to 10 for the Sunday
evening peak (synced 15:36).

Sunday 18 October, 18:00 CEST (16:00 UTC): the growth team launches the
"Speak Up Week" canvas in Engagely. It was meant for a 5 % test cohort, in
each learner's local time, throttled to 40,000 pushes a minute; Mariam
duplicated last month's "Streak Saver" canvas, changed the message and the
deep link (straight into a speaking exercise) and left its audience ("All
active learners (30d)", 9.6 million), its delivery in the company's time
zone and its rate limit (none). Engagely sends 9.6 million pushes in six
minutes; learners open them and speak at once. Score requests rise sixfold
in three minutes, the pods' queues fill and from 16:01 speakcheck sheds
("scoring queue full, shedding request", 503), Triton refuses requests over
its queue bound ("Exceeds maximum queue size") and the cluster autoscaler
reaches the GPU pool's maximum of 12. Jonas, paged at 16:04, follows the
runbook and rolls back to 3.20.2 at 16:15 without effect (there is no bound
there: requests wait and time out after 6 s, 504 at the ingress). Tomás
sees that four in five score requests carry entry "push:speakup_w42", the
growth channel explains, Mariam stops the canvas at 16:27 (its 18:30
follow-up step is cancelled; the sends were over), the opens ebb, the
timeouts stop at about 16:35 and 3.21.0 is synced again at 16:52. Nothing in
speakcheck is changed; growth adds a rate limit to its canvas template.

Sources: speakcheck (python-json-logger), ingress-nginx access, Triton
(glog), cluster-autoscaler (klog), Engagely canvas events (line format),
Argo CD (logfmt), #speak-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, hexid, poisson_times, utc, write_scenario
from scenarios import r106_prompt_text_nfkd as sep

SERVICE = "speakcheck"
START, END = utc("2026-10-18 14:30:00"), utc("2026-10-18 18:00:00")
cest = sep.cest

QUEUE_PY = '''"""A bounded queue of scoring calls per pod (SPK-471): at most
MAX_INFLIGHT calls to Triton at a time and MAX_QUEUED waiting; a request
that finds the queue full is answered 503 at once instead of waiting for a
timeout (the app retries it after a few seconds or lets the learner skip)."""

import asyncio
import logging

log = logging.getLogger("speakcheck.queue")
MAX_INFLIGHT = 16
MAX_QUEUED = 64


class QueueFull(Exception):
    pass


class ScoringQueue:
    def __init__(self):
        self._slots = asyncio.Semaphore(MAX_INFLIGHT)
        self._waiting = 0

    async def run(self, call, prompt_id, entry):
        if self._waiting >= MAX_QUEUED:
            log.warning("scoring queue full, shedding request",
                        extra={"prompt_id": prompt_id, "entry": entry, "queued": self._waiting})
            raise QueueFull()
        self._waiting += 1
        try:
            async with self._slots:
                self._waiting -= 1
                return await call()
        except BaseException:
            if self._waiting and not self._slots.locked():
                self._waiting -= 1
            raise
'''

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: speakcheck
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: speakcheck
  minReplicas: 6
  maxReplicas: 24
  metrics:
    - type: Pods
      pods:
        metric:
          name: speakcheck_inflight_requests
        target:
          type: AverageValue
          averageValue: "10"
"""


def build_repo():
    repo, shas = sep.build_repo()
    hannah = Person("Hannah Vogel", "hannah.vogel@parlio.app", 120)
    tomas = Person("Tomás Reyes", "tomas.reyes@parlio.app", 120)
    jonas = Person("Jonas Meyer", "jonas.meyer@parlio.app", 120)
    priya = Person("Priya Raman", "priya.raman@parlio.app", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    repo.commit(cest("2026-09-15 10:20:00"), jonas, "docs: postmortem INC-0588 (new prompts failed to compile)", {
        "docs/postmortems/INC-0588.md": "# INC-0588: speaking exercises of the 2026.37 units unavailable\n\nSPK-412 normalised prompt text with NFKD, which decomposes accented\nletters; the lexicons and G2P are NFC. Only prompts compiled after the\nrelease failed, so the first content release found it, four days later.\nWe rolled back 3.18.0 first, which did not help. Fixed in 3.18.1.\n\nActions: a fixture with accented prompts in every language in CI.\n",
    })
    repo.commit(cest("2026-09-22 15:02:00"), tomas, "k8s: HPA on in-flight scoring requests", {"k8s/hpa.yaml": HPA,
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", "  - service.yaml\n", "  - service.yaml\n  - hpa.yaml\n")})
    shas["rel_3202"] = repo.commit(cest("2026-10-06 11:40:00"), tomas, "release 3.20.2", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.18.1"', '"3.20.2"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.18.1"', 'newTag: "3.20.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.20.2\n\n- HPA on in-flight requests.\n- Accented prompt fixtures (INC-0588).\n"),
    })
    repo.commit(cest("2026-10-13 16:25:00"), hannah, "scoring: bounded queue per pod, shed with 503 when full (SPK-471)\n\nUnder load every request waited for Triton until the 6 s timeout and\nthe app retried it: the retries kept the queue full. Shed at once when 64\nare waiting; the app shows 'try again' and the learner can skip.", {
        "speakcheck/queue.py": QUEUE_PY,
        "speakcheck/api.py": repo.edit("speakcheck/api.py", "    result = await scoring.score(g, await audio.read())\n",
                                       "    data = await audio.read()\n    try:\n        result = await QUEUE.run(lambda: scoring.score(g, data), prompt_id, entry)\n    except QueueFull:\n        raise HTTPException(status_code=503, detail=\"busy\")\n").replace(
            "from speakcheck.state import redis\n", "from speakcheck.queue import QueueFull, ScoringQueue\nfrom speakcheck.state import redis\n\nQUEUE = ScoringQueue()\n").replace(
            "async def score(prompt_id: str = Form(...), audio: UploadFile = File(...)):", "async def score(prompt_id: str = Form(...), audio: UploadFile = File(...), entry: str = Form(\"lesson\")):"),
    })
    repo.commit(cest("2026-10-14 10:05:00"), tomas, "config: es-ES acoustic model v10 (SPK-468)", {
        "config/production.yaml": repo.edit("config/production.yaml", "es: es-ES-gop-v9", "es: es-ES-gop-v10"),
    })
    repo.commit(cest("2026-10-15 14:48:00"), jonas, "runbook: SpeakcheckShedding", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## SpeakcheckShedding

More than 1 % of score requests answered 503 busy (SPK-471's queue bound).

- Right after a speakcheck release this is the bound set too tight or a
  slower model: roll back to the previous release, then look.
- Otherwise check the HPA (is it at maxReplicas?) and the Triton GPU pool
  (cluster-autoscaler; the pool's max is 12 nodes).
- The Sunday evening peak (18:00-21:00 CEST, streak savers) is the busiest
  hour of the week; raise minReplicas before it if needed.
""",
    })
    repo.commit(cest("2026-10-15 17:10:00"), bot, "chore(deps): update dependency tritonclient to v2.50.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"tritonclient[grpc]==2.48.0"', '"tritonclient[grpc]==2.50.0"'),
    })
    shas["rel_3210"] = repo.commit(cest("2026-10-16 16:12:00"), hannah, "release 3.21.0", {
        "speakcheck/__init__.py": repo.edit("speakcheck/__init__.py", '"3.20.2"', '"3.21.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.20.2"', 'newTag: "3.21.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 3.21.0\n\n- Bounded scoring queue, 503 when full (SPK-471).\n- es-ES acoustic model v10 (SPK-468).\n- tritonclient 2.50.0.\n"),
    })
    shas["hpa"] = repo.commit(cest("2026-10-18 17:32:00"), jonas, "k8s: HPA minReplicas 6 -> 10 for the Sunday evening peak", {
        "k8s/hpa.yaml": repo.edit("k8s/hpa.yaml", "minReplicas: 6", "minReplicas: 10"),
    })
    shas["rollback"] = repo.commit(cest("2026-10-18 18:13:00"), jonas, "deploy: pin speakcheck 3.20.2 (rollback of 3.21.0, INC-0617)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.21.0"', 'newTag: "3.20.2"'),
    })
    shas["again"] = repo.commit(cest("2026-10-18 18:50:00"), jonas, "deploy: speakcheck 3.21.0 again (INC-0617 was the Speak Up Week push)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.20.2"', 'newTag: "3.21.0"'),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the evening

def U(text):
    return utc(f"2026-10-18 {text}" if text.count(":") == 2 else f"2026-10-18 {text}:00")


LAUNCH = U("16:00:00")
MODELS = {"en": "en-US-gop-v11", "es": "es-ES-gop-v10", "fr": "fr-FR-gop-v7", "de": "de-DE-gop-v5", "it": "it-IT-gop-v4", "pt": "pt-BR-gop-v4"}
STOP = U("16:27:10")


def build_logs(rng, shas):
    app = Log("speakcheck.log")
    ingress = Log("ingress-nginx.log")
    triton = Log("triton.log")
    autoscaler = Log("cluster-autoscaler.log")
    engagely = Log("engagely-canvas-events.log")
    argo = Log("argocd-speakcheck.log")
    slack = Log("slack-speak-oncall.log")
    stats = {"first_shed": None, "shed": 0, "timeouts": 0}

    SYNC_HPA, SYNC_ROLLBACK, SYNC_AGAIN = U("15:36:18"), U("16:15:02"), U("16:52:40")

    def version_at(t):
        if SYNC_ROLLBACK + dt.timedelta(seconds=50) <= t < SYNC_AGAIN + dt.timedelta(seconds=50):
            return "3.20.2", shas["rel_3202"]
        return "3.21.0", shas["rel_3210"]

    pod_gen = {}

    def pod_for(t):
        v, _ = version_at(t)
        key = (v, t >= SYNC_AGAIN)
        if key not in pod_gen:
            rs = hexid(rng, 9)
            pod_gen[key] = [f"speakcheck-{rs}-{hexid(rng, 5)}" for _ in range(14)]
        n = 6 if t < SYNC_HPA + dt.timedelta(seconds=40) else (10 if t < LAUNCH + dt.timedelta(seconds=150) else 14)
        return rng.choice(pod_gen[key][:n])

    def aj(t, level, logger, message, **fields):
        body = {"asctime": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", "levelname": level,
                "name": logger, "message": message}
        body.update(fields)
        app.add(t, json.dumps(body))

    uas = ["Parlio/7.46.0 (iPhone; iOS 26.0.1; Scale/3.00)", "Parlio/7.46.0 (iPhone; iOS 18.7; Scale/3.00)",
           "Parlio/7.46.0 (Android 15; SM-S921B)", "Parlio/7.46.0 (Android 16; Pixel 9)", "Parlio/7.45.2 (Android 14; Redmi Note 13)",
           "Parlio/7.46.0 (iPad; iPadOS 26.0; Scale/2.00)"]

    def ing(t, method, path, status, size, rt, ua):
        client = f"{rng.choice(['10.60', '10.61', '10.62'])}.{rng.randint(0, 63)}.{rng.randint(2, 250)}"
        up = f"10.48.{rng.randint(2, 9)}.{rng.randint(2, 250)}:8000"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {rng.randint(30000, 140000) if method == "POST" else rng.randint(300, 700)} {rt + 0.002:.3f} [speak-speakcheck-80] [] {up} {size} {rt:.3f} {status} {hexid(rng, 32)}')

    # --- Argo CD ------------------------------------------------------------------------------
    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=speakcheck"]
        for k, v in kv.items():
            parts.append(f'{k}={v}')
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        al(START + dt.timedelta(seconds=x + rng.uniform(0, 2)), "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "speak"})
    for sync, sha, hid, restart in ((SYNC_HPA, shas["hpa"], 101, None), (SYNC_ROLLBACK, shas["rollback"], 102, ("3.20.2", shas["rel_3202"])),
                                    (SYNC_AGAIN, shas["again"], 103, ("3.21.0", shas["rel_3210"]))):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "speak"})
        al(sync + dt.timedelta(seconds=6.4), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=64.0 if restart else 31.0), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "speak"})
        if restart:
            for i in range(14):
                s = sync + dt.timedelta(seconds=9 + i * 4 + rng.uniform(0, 3))
                pod = pod_for(s + dt.timedelta(seconds=60))
                aj(s, "INFO", "uvicorn.error", "Started server process [1]", pod=pod)
                aj(s + dt.timedelta(seconds=1.1), "INFO", "speakcheck.main", f"starting speakcheck version={restart[0]} rev={restart[1][:7]}", pod=pod)
                aj(s + dt.timedelta(seconds=2.0), "INFO", "uvicorn.error", "Application startup complete.", pod=pod)
    for i in range(4):
        s = SYNC_HPA + dt.timedelta(seconds=12 + i * 5 + rng.uniform(0, 3))
        pod = pod_for(s + dt.timedelta(seconds=60))
        aj(s, "INFO", "uvicorn.error", "Started server process [1]", pod=pod)
        aj(s + dt.timedelta(seconds=1.1), "INFO", "speakcheck.main", f"starting speakcheck version=3.21.0 rev={shas['rel_3210'][:7]}", pod=pod)
        aj(s + dt.timedelta(seconds=2.0), "INFO", "uvicorn.error", "Application startup complete.", pod=pod)

    # --- Engagely canvas events -------------------------------------------------------------------
    def ev(t, canvas, name, level, msg):
        engagely.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z engagely canvas={canvas} \"{name}\" {level} {msg}")

    for hm, n in (("14:35:12", 41822), ("15:05:09", 38911), ("15:35:20", 44270), ("16:35:14", 47310), ("17:05:11", 52044), ("17:35:18", 49607)):
        ev(U(hm), "cv_31c07a", "Lesson nudge (hourly, local 09-21)", "INFO", f"step=push sent {n} pushes in 41 batches (rate limit 60000/min), bounced 212")
    ev(U("15:12:44"), "cv_8f2e19", "Speak Up Week", "INFO", "canvas duplicated from cv_5d7741 \"Streak Saver (Sept)\" by mariam.okafor@parlio.app")
    ev(U("15:21:02"), "cv_8f2e19", "Speak Up Week", "INFO", "step=push message edited by mariam.okafor@parlio.app: deep link parlio://practice/speaking?entry=push:speakup_w42")
    ev(U("15:24:37"), "cv_8f2e19", "Speak Up Week", "INFO", "canvas scheduled by mariam.okafor@parlio.app: start 2026-10-18 18:00 Europe/Berlin")
    ev(LAUNCH + dt.timedelta(seconds=0.41), "cv_8f2e19", "Speak Up Week", "INFO",
       "step=push launched: audience \"All active learners (30d)\" 9612448 users, delivery company time zone (Europe/Berlin), rate limit none")
    sent = 0
    for i in range(1, 8):
        t = LAUNCH + dt.timedelta(seconds=60 * i + rng.uniform(0, 2))
        if i < 7:
            k = int(9612448 * (0.19 if i < 6 else 0.05) + rng.randint(-4000, 4000))
            k = min(k, 9612448 - sent) if i < 6 else 9612448 - sent
            sent += k
            ev(t, "cv_8f2e19", "Speak Up Week", "INFO", f"step=push send progress: {sent} of 9612448 sent ({k} in the last minute), bounced {int(k * 0.011)}")
        else:
            ev(t, "cv_8f2e19", "Speak Up Week", "INFO", "step=push complete: 9612448 sent, 105737 bounced, next step \"Follow-up reminder\" at 2026-10-18 18:30 Europe/Berlin")
    ev(STOP, "cv_8f2e19", "Speak Up Week", "WARN", "canvas stopped by mariam.okafor@parlio.app: 1 pending step cancelled (\"Follow-up reminder\")")
    for t in poisson_times(rng, START, END, 0.5):
        ev(t, "cv_5d7741" if rng.random() < 0.5 else "cv_31c07a", "Streak Saver (Sept)" if rng.random() < 0.5 else "Lesson nudge (hourly, local 09-21)", "INFO",
           f"webhook delivery ok: {rng.randint(200, 1400)} events to s3://parlio-lake/engagely/currents/")

    # --- requests ---------------------------------------------------------------------------------
    def base_rate(t):
        h = t.hour + t.minute / 60
        return 34 + 13 * min(1, max(0, (h - 15) / 2.5))

    def push_rate(t):
        if t < LAUNCH + dt.timedelta(seconds=25):
            return 0.0
        m = (t - LAUNCH).total_seconds() / 60 - 0.4
        return 215 * (1 - math.exp(-m / 1.6)) * math.exp(-max(0, m - 5) / 20)

    def capacity(t):  # score requests a minute the pods and Triton take
        m = (t - LAUNCH).total_seconds() / 60
        nodes = 8 if m < 9 else min(12, 8 + int((m - 9) / 1.5))
        return nodes * 9.4

    # autoscaler and Triton
    def kl(log, t, sev, src, msg):
        log.add(t, f"{sev}{t.strftime('%m%d %H:%M:%S.')}{t.microsecond:06d}       1 {src}] {msg}")

    for x in range(0, int((END - START).total_seconds()), 10):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 0.3))
        if rng.random() < 0.25:
            kl(autoscaler, t, "I", "static_autoscaler.go:445", "No unschedulable pods")
    for i, hm in enumerate(["16:03:41", "16:05:02", "16:06:30", "16:08:01"]):
        t = U(hm)
        kl(autoscaler, t, "I", "klogx.go:87", f"Pod speak/triton-{hexid(rng, 9)}-{hexid(rng, 5)} is unschedulable")
        kl(autoscaler, t + dt.timedelta(seconds=0.2), "I", "orchestrator.go:185", f"Best option to resize: gpu-l4-pool")
        kl(autoscaler, t + dt.timedelta(seconds=0.3), "I", "orchestrator.go:220", f"Scale-up: setting group gpu-l4-pool size to {9 + i} instead of {8 + i} (max: 12)")
    for hm in ["16:10:12", "16:13:40", "16:17:05", "16:21:33", "16:25:02"]:
        kl(autoscaler, U(hm), "W", "orchestrator.go:146", "Scale-up: max size reached for group gpu-l4-pool (12); 3 pods remain unschedulable")
    for x in range(0, int((END - START).total_seconds()), 60):
        t = START + dt.timedelta(seconds=x + rng.uniform(0, 1))
        m = (t - LAUNCH).total_seconds() / 60
        util = rng.uniform(0.35, 0.62) if m < 0.5 or m > 42 else rng.uniform(0.96, 1.0)
        kl(triton, t, "I", "metrics.cc:757", f"Collecting GPU metrics: gpu_utilization={util:.2f} gpu_memory_used_bytes={rng.randint(11800, 14100)}MiB")

    entries = [(62, "lesson"), (20, "practice_hub"), (10, "push:streak_saver"), (8, "stories")]
    langs = ["en", "es", "es", "fr", "fr", "de", "it", "pt"]
    units = {"en": "a2.u11", "es": "a2.u15", "fr": "a2.u10", "de": "a2.u7", "it": "a2.u6", "pt": "a2.u6"}
    t = START
    while t < END:
        r = base_rate(t) + push_rate(t)
        t = t + dt.timedelta(seconds=rng.expovariate(r / 60))
        if t >= END:
            break
        if rng.random() < push_rate(t) / (base_rate(t) + push_rate(t)):
            entry = "push:speakup_w42"
        else:
            pick, entry = rng.uniform(0, 100), "lesson"
            for w, e in entries:
                pick -= w
                if pick <= 0:
                    entry = e
                    break
        lang = rng.choice(langs)
        pid = f"{lang}.{'speakup.w42' if entry == 'push:speakup_w42' else units[lang]}.l{rng.randint(1, 6)}.p{rng.randint(1, 8):02d}"
        pod = pod_for(t)
        ua = rng.choice(uas)
        version, _ = version_at(t)
        load = (base_rate(t) + push_rate(t)) / capacity(t)
        over = max(0.0, 1 - 1 / load) if load > 1 else 0.0
        if load > 0.8 and t > LAUNCH:
            over = min(1, over + 0.04)
        if rng.random() < over:
            if version == "3.21.0":
                stats["shed"] += 1
                if stats["first_shed"] is None:
                    stats["first_shed"] = t
                aj(t + dt.timedelta(milliseconds=rng.randint(2, 8)), "WARNING", "speakcheck.queue", "scoring queue full, shedding request", pod=pod, prompt_id=pid, entry=entry, queued=64)
                ing(t + dt.timedelta(milliseconds=15), "POST", "/v2/score", 503, 19, rng.uniform(0.008, 0.03), ua)
            else:
                stats["timeouts"] += 1
                aj(t + dt.timedelta(seconds=6.0), "WARNING", "speakcheck.scoring", "triton infer failed, retrying once", pod=pod, model=f"{lang}-gop", error="StatusCode.DEADLINE_EXCEEDED")
                aj(t + dt.timedelta(seconds=9.0), "ERROR", "speakcheck.api", "score failed: triton deadline exceeded", pod=pod, prompt_id=pid, entry=entry)
                ing(t + dt.timedelta(seconds=9.0), "POST", "/v2/score", 504, 160, 9.0, ua)
                if rng.random() < 0.4:
                    kl(triton, t + dt.timedelta(seconds=rng.uniform(0.5, 5)), "E", "dynamic_batch_scheduler.cc:301", f"Request for model '{MODELS[lang]}' version 1 rejected: Exceeds maximum queue size")
            continue
        if t > LAUNCH and load > 1 and rng.random() < 0.12:
            kl(triton, t, "E", "dynamic_batch_scheduler.cc:301", f"Request for model '{MODELS[lang]}' version 1 rejected: Exceeds maximum queue size")
            aj(t + dt.timedelta(milliseconds=40), "WARNING", "speakcheck.scoring", "triton infer failed, retrying once", pod=pod, model=f"{lang}-gop", error="StatusCode.UNAVAILABLE: Exceeds maximum queue size")
        if rng.random() < 0.022:
            aj(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "WARNING", "speakcheck.api", "audio rejected: too short", pod=pod, prompt_id=pid, duration_ms=rng.randint(120, 480))
            ing(t + dt.timedelta(milliseconds=70), "POST", "/v2/score", 400, 28, rng.uniform(0.05, 0.1), ua)
            continue
        dur = int(rng.lognormvariate(0, 0.35) * 640 * (1 + 3.5 * min(1.0, max(0.0, load - 0.7))))
        aj(t + dt.timedelta(milliseconds=dur), "INFO", "speakcheck.api", "scored", pod=pod, prompt_id=pid, lang=lang, entry=entry,
           score=max(5, min(100, int(rng.gauss(73, 15)))), dur_ms=dur)
        ing(t + dt.timedelta(milliseconds=dur + 3), "POST", "/v2/score", 200, rng.randint(900, 2400), dur / 1000, ua)
    for t in poisson_times(rng, START, END, 3.0):
        lang = rng.choice(langs)
        ing(t, "GET", f"/v2/prompts/{lang}.{units[lang]}.l{rng.randint(1, 6)}/reference", 200, rng.randint(3000, 9000), rng.uniform(0.004, 0.02), rng.choice(uas))

    # --- Slack ------------------------------------------------------------------------------------
    users = {"jonas.meyer": "U05JM2KQ1", "tomas.reyes": "U05TR8B3N", "hannah.vogel": "U04HV7C2P", "mariam.okafor": "U07MO2G8W",
             "alertmanager": "B01ALM4RT", "kofi.mensah (platform)": "U03KM9P1Z"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "speak-oncall", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("15:37", "jonas.meyer", "HPA minReplicas 6 -> 10 synced for the Sunday evening peak (last two Sundays p95 went over 2 s at 18:30 CEST)")
    say("16:04", "alertmanager", "[FIRING] SpeakcheckShedding: 9.4% of score requests answered 503 busy (2 min)")
    say("16:05", "alertmanager", "[FIRING] SpeakcheckScoreLatencyHigh: p95 of /v2/score 3.8 s (5 min)")
    say("16:07", "jonas.meyer", "ack. shedding since 16:01, 'scoring queue full' on every pod. HPA at 14 already, Triton GPU util 100%. 3.21.0 (Friday) brought the queue bound (SPK-471) and es-ES v10")
    say("16:11", "kofi.mensah (platform)", "cluster-autoscaler is adding L4 nodes to gpu-l4-pool, 8 -> 12, max reached at 16:10. 3 triton pods pending. we can't raise the max tonight without a quota request")
    say("16:12", "jonas.meyer", "runbook: shedding after a release -> roll back. rolling back to 3.20.2 (no bound), INC-0617")
    say("16:17", "jonas.meyer", "3.20.2 synced 16:15. no 503s now but 504s after 9 s instead, same volume. so the bound only made it visible")
    say("16:19", "tomas.reyes", "request volume is 5-6x a normal Sunday since 16:00 sharp. the entry field: ~80% of score requests since 16:01 are entry=push:speakup_w42. that's not one of ours. anyone know a 'Speak Up Week' push?")
    say("16:22", "mariam.okafor", "that's our Speak Up Week canvas in Engagely, launched 18:00 CEST. it should have gone to the 5% test cohort in local time... I duplicated Streak Saver and it kept its audience (all active learners, 9.6M) and no rate limit. it all went out by 16:06. so sorry")
    say("16:24", "jonas.meyer", "@mariam.okafor please stop the canvas, is there another step?")
    say("16:28", "mariam.okafor", "stopped at 18:27. the 18:30 follow-up reminder step is cancelled. the first step had already completed")
    say("16:41", "jonas.meyer", "opens ebbing, no 504s since 16:36. GPU pool stays at 12 for now")
    say("16:54", "jonas.meyer", "3.21.0 synced again at 16:52, no shedding. INC-0617: nothing to change in speakcheck. growth is adding a default rate limit to their canvas template and a review for audiences over 1M. follow-up for us: ask platform for GPU quota to 16")
    return [app, ingress, triton, autoscaler, engagely, argo, slack], stats


def build(out_dir):
    rng = random.Random(106200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_shed"].replace(microsecond=0)
        assert utc("2026-10-18 16:00:30") < onset < utc("2026-10-18 16:03:00"), onset
        return write_scenario(
            out_dir, name="r106-crm-push-blast-none", service=SERVICE, onset=onset,
            description=f"""
Parlio's speech scoring (speakcheck) sheds score requests with 503 from
{onset.strftime('%H:%M:%S')} UTC on Sunday 18 October 2026 (18:01 CEST), the Triton GPU
pool at 100 % and the cluster autoscaler at the pool's maximum; release
3.21.0 (Friday) brought the shedding queue, the HPA's minReplicas had been
raised at 15:36 UTC. Rolled back to 3.20.2 at 16:15 UTC without effect
(requests then time out, 504), 3.21.0 synced again at 16:52 after the load
ebbed. Times in Engagely's canvas events are UTC; the chat mentions CEST
(+02:00).
""",
            logs=logs,
            line_formats={
                "engagely-canvas-events.log": r'<Timestamp> engagely canvas=<Canvas> "<CanvasName>" <Level> <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'launched: audience .* rate limit none',
                r'push send progress',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The growth team's "Speak Up Week" canvas in
Engagely, duplicated from last month's Streak Saver, kept its audience
(all active learners, 9,612,448 users), its delivery in the company's time
zone and no rate limit ("step=push launched: audience ... rate limit
none"), and sent 9.6 million pushes with a deep link into a speaking
exercise between 16:00 and 16:06 UTC ("push send progress"). Learners opened
them at once: score requests rose about sixfold, four in five of them with
entry "push:speakup_w42"; the pods' queues filled ("scoring queue full,
shedding request", {stats['shed']} times), Triton refused requests over its queue
bound and the GPU pool reached its maximum of 12 nodes. After the rollback
the same requests timed out ({stats['timeouts']} 504s). The canvas was stopped at 16:27
(its follow-up step cancelled), the opens ebbed and the timeouts stopped
at 16:35;
nothing in speakcheck was changed.
Decoys: release 3.21.0, deployed two days before (SPK-471, the bounded
queue that adds the very "scoring queue full, shedding request" warning
that fills the log; SPK-468, es-ES acoustic model v10; a tritonclient
bump), rolled back to 3.20.2 without effect (504s instead of 503s) and
synced again; the HPA minReplicas change synced 25 minutes before the
onset; a runbook commit that reads shedding after a release as the bound
set too tight and says to roll back; the GPU pool's maximum, which the
autoscaler reaches (capacity, not the cause); the hourly lesson nudges and
streak saver pushes, rate limited as always.
""",
        )
    finally:
        repo.close()
