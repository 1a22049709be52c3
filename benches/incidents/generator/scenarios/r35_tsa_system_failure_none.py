"""seal-service (Kotlin, Spring Boot on Kubernetes, deployed by a Jenkins job
running `helm upgrade`) of Quillsign, a SaaS e-signature platform: when the
last signer signs, it seals the envelope: flattens the PDF, appends the
audit-trail certificate, applies the platform's PAdES signature with an
RFC 3161 timestamp from Chronotrust's qualified timestamping authority
(TSA), stores the sealed PDF and emits envelope.completed, which the
webhook dispatcher delivers to customers' callbacks. A seal that fails is
retried three times, then requeued (5 min, doubling up to 20).

On Thursday 10 December at 10:17 UTC Chronotrust's TSA starts answering
most timestamp requests with PKIStatus rejection, failInfo systemFailure
("Service temporarily unavailable") and letting the rest time out: their
HSM cluster lost quorum after a planned firmware update. Every seal fails;
envelopes stay "completing", customers' envelope.completed callbacks stop
and downloads of sealed documents answer 409. Chronotrust's status page
says so at 10:58; their fix lands at 11:39 and the requeued seals drain by
noon. The QES team's signing service, which uses the same TSA, fails the
same way. Nothing in seal-service caused it.

seal-service 1.42.0 was deployed at 09:49, 28 minutes before: SEAL-402
changes the TSA request (SHA-512 message imprint, a nonce, certReq) and
cuts its timeout from 10 s to 4 s, with a Bouncy Castle bump and SEAL-398
(a commit of the day before that logs the TSA's PKIStatus, failInfo and
status string). Its seals succeed for half an hour. The on-call rolls back
to 1.41.3 at 10:36 (`helm rollback`): the seals fail alike, logged as
"timestamp request failed" without the TSA's answer. 1.42.0 is released
again at 12:06.

Sources: seal-service (Spring Boot, line format, Java stack traces),
webhook dispatcher (logfmt), ingress-nginx access, the platform's TSA
probe (logfmt), Jenkins console logs, Chronotrust's status feed (JSON),
#seal-oncall (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, spring
from skeletons import chores, runbook

SERVICE = "seal-service"
START, END = utc("2026-12-10 08:40:00"), utc("2026-12-10 12:25:00")
RELEASE = utc("2026-12-10 09:49:22")
OUT_START = utc("2026-12-10 10:17:31")
OUT_END = utc("2026-12-10 11:39:05")
STATUS_POST = utc("2026-12-10 10:58:40")
ROLLBACK = utc("2026-12-10 10:36:15")
RERELEASE = utc("2026-12-10 12:06:10")
TSA = "https://tsa.chronotrust.eu/tsr"

# ---------------------------------------------------------------------------
# the repository

TSA_CLIENT = '''package com.quillsign.seal.tsa

import org.bouncycastle.tsp.TimeStampRequestGenerator
import org.bouncycastle.tsp.TimeStampResponse
import org.bouncycastle.tsp.TimeStampToken
import org.slf4j.LoggerFactory
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

class TsaException(message: String, cause: Throwable? = null) : RuntimeException(message, cause)

/** RFC 3161 client for Chronotrust's qualified TSA. */
class TsaClient(private val props: TsaProperties) {
    private val log = LoggerFactory.getLogger(TsaClient::class.java)
    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()

    fun timestamp(digest: ByteArray): TimeStampToken {
        var last: Exception? = null
        for (attempt in 1..props.attempts) {
            try {
                return once(digest)
            } catch (e: Exception) {
                log.warn("timestamp request failed [attempt={}/{}]", attempt, props.attempts)
                last = e
            }
        }
        throw TsaException("timestamp request failed: ${last?.message}", last)
    }

    private fun once(digest: ByteArray): TimeStampToken {
        val req = TimeStampRequestGenerator().generate(props.digestOid, digest)
        val http = HttpRequest.newBuilder(URI(props.url)).timeout(props.timeout)
            .header("Content-Type", "application/timestamp-query")
            .POST(HttpRequest.BodyPublishers.ofByteArray(req.encoded)).build()
        val body = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray()).body()
        val resp = TimeStampResponse(body)
        resp.validate(req)
        return resp.timeStampToken ?: throw TsaException("TSP response status ${resp.status}")
    }
}
'''

APP_YML = '''server:
  port: 8080
seal:
  workers: 8
  requeue-backoff: 5m      # doubled per retry
  requeue-backoff-max: 20m
  tsa:
    url: https://tsa.chronotrust.eu/tsr
    digest-oid: 2.16.840.1.101.3.4.2.1   # SHA-256
    timeout: 10s
    attempts: 3
  storage:
    bucket: qs-sealed-documents-eu
management:
  endpoints.web.exposure.include: health,prometheus
'''

JENKINSFILE = '''pipeline {
  agent { label 'k8s-deploy' }
  stages {
    stage('Build') { steps { sh './gradlew --no-daemon build' } }
    stage('Image') { steps { sh 'docker build -t harbor.quillsign.internal/sign/seal-service:${VERSION} . && docker push harbor.quillsign.internal/sign/seal-service:${VERSION}' } }
    stage('Deploy') { steps { sh 'helm upgrade --install seal-service chart/ -n signing -f chart/values-prod.yaml --set image.tag=${VERSION} --wait --timeout 10m' } }
  }
}
'''


def build_repo():
    jonas = Person("Jonas Keller", "jonas.keller@quillsign.com", 60)
    aisha = Person("Aisha Bello", "aisha.bello@quillsign.com", 60)
    wei = Person("Wei Chen", "wei.chen@quillsign.com", 480)
    sofia = Person("Sofia Marin", "sofia.marin@quillsign.com", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# seal-service\n\nSeals completed envelopes: flattened PDF, audit-trail certificate, PAdES\nsignature with an RFC 3161 timestamp (Chronotrust), then envelope.completed.\n\n```\n./gradlew bootRun\n```\n\nDeployed by the Jenkins job `sign/seal-service-deploy` (helm, namespace `signing`).\n",
        "docs/runbook.md": runbook("seal-service", [
            ("SealBacklog", "Envelopes waiting to be sealed for over 10 min. Look at the seal failures:\nTSA, storage (S3) or PDF. Failed seals are requeued (5 min, doubling, at most 20)."),
            ("TsaProbeFailing", "The platform probe cannot get a timestamp from Chronotrust. Check\nstatus.chronotrust.eu; there is no second TSA configured (SEAL-311)."),
        ]),
        "build.gradle.kts": 'plugins {\n    kotlin("jvm") version "2.0.21"\n    id("org.springframework.boot") version "3.3.5"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    implementation("org.bouncycastle:bcpkix-jdk18on:1.78.1")\n    implementation("org.apache.pdfbox:pdfbox:3.0.3")\n    implementation("software.amazon.awssdk:s3:2.29.6")\n}\n',
        "src/main/kotlin/com/quillsign/seal/tsa/TsaClient.kt": TSA_CLIENT,
        "src/main/kotlin/com/quillsign/seal/tsa/TsaProperties.kt": 'package com.quillsign.seal.tsa\n\nimport java.time.Duration\n\ndata class TsaProperties(val url: String, val digestOid: String, val timeout: Duration, val attempts: Int)\n',
        "src/main/kotlin/com/quillsign/seal/SealJob.kt": 'package com.quillsign.seal\n\n// One completed envelope: flatten, append the audit certificate, sign\n// (PAdES-B-T), store, emit envelope.completed. Failures are requeued.\nclass SealJob(private val signer: PadesSigner, private val store: SealedStore, private val events: Events)\n',
        "src/main/kotlin/com/quillsign/seal/pades/PadesSigner.kt": 'package com.quillsign.seal.pades\n\n// Signs with the platform key and embeds the TSA token as signature timestamp.\nclass PadesSigner(private val tsa: com.quillsign.seal.tsa.TsaClient)\n',
        "src/main/kotlin/com/quillsign/seal/audit/AuditCertificate.kt": 'package com.quillsign.seal.audit\n\n// The audit-trail certificate: one row per event (sent, viewed, signed) with time and email.\nclass AuditCertificate\n',
        "src/main/resources/application.yml": APP_YML,
        "chart/values-prod.yaml": "replicaCount: 4\nresources:\n  requests: { cpu: 500m, memory: 1Gi }\n  limits: { memory: 2Gi }\n",
        "Jenkinsfile": JENKINSFILE,
    }
    repo.commit(utc("2026-12-04 08:30:00"), jonas, "seal-service: sealing worker, Chronotrust TSA client, helm chart, Jenkins deploy", files)
    repo.schedule(chores(random.Random(35201), SERVICE, [aisha, wei, sofia], utc("2026-12-04 09:00:00"), utc("2026-12-09 16:00:00"), 4))
    repo.commit(utc("2026-12-07 03:15:00"), wei, "audit certificate: signer IP address and user agent per event (SEAL-389)", {
        "src/main/kotlin/com/quillsign/seal/audit/AuditCertificate.kt": repo.files["src/main/kotlin/com/quillsign/seal/audit/AuditCertificate.kt"].replace("time and email", "time, email, IP address and user agent"),
    })
    repo.commit(utc("2026-12-08 13:10:00"), sofia, "pdf: flatten form fields before sealing (SEAL-392)", {
        "src/main/kotlin/com/quillsign/seal/SealJob.kt": repo.files["src/main/kotlin/com/quillsign/seal/SealJob.kt"] + "\n// Form fields are flattened first so a sealed PDF cannot be edited in a viewer (SEAL-392).\n",
    })
    old_release = repo.commit(utc("2026-12-09 09:40:00"), jonas, "chart: four replicas, 2Gi memory limit for 300-page documents", {
        "chart/values-prod.yaml": repo.files["chart/values-prod.yaml"],
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  workers: 8\n", "  workers: 8\n  max-pages: 600\n"),
    })
    repo.commit(utc("2026-12-09 14:20:00"), aisha, "tsa: log the TSA's PKIStatus, failInfo and status string on rejected requests (SEAL-398)\n\nA rejected timestamp was logged as 'timestamp request failed' without\nwhat the TSA answered; Chronotrust support asks for the failInfo.", {
        "src/main/kotlin/com/quillsign/seal/tsa/TsaClient.kt": repo.edit("src/main/kotlin/com/quillsign/seal/tsa/TsaClient.kt",
            '        return resp.timeStampToken ?: throw TsaException("TSP response status ${resp.status}")\n',
            '        val token = resp.timeStampToken\n        if (token == null) {\n            val msg = "TSA rejected timestamp request (PKIStatus ${statusName(resp.status)}, failInfo ${failInfoName(resp.failInfo)}): \\"${resp.statusString}\\""\n            log.warn("{} [tsa={}]", msg, props.url)\n            throw TsaException(msg)\n        }\n        return token\n'),
    })
    repo.commit(utc("2026-12-10 07:05:00"), bot, "fix(deps): update bouncycastle to v1.79", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "bcpkix-jdk18on:1.78.1", "bcpkix-jdk18on:1.79"),
    })
    repo.commit(utc("2026-12-10 08:55:00"), jonas, "tsa: SHA-512 message imprint, nonce and certReq; 4 s timeout (SEAL-402)\n\nThe eIDAS conformity assessment asks for SHA-512 imprints and a nonce\nchecked against the response. A TSA that hangs held a seal worker for\n30 s (3 x 10 s); 4 s is three times Chronotrust's p99.", {
        "src/main/kotlin/com/quillsign/seal/tsa/TsaClient.kt": repo.edit("src/main/kotlin/com/quillsign/seal/tsa/TsaClient.kt",
            "        val req = TimeStampRequestGenerator().generate(props.digestOid, digest)\n",
            "        val gen = TimeStampRequestGenerator().apply { setCertReq(true) }\n        val req = gen.generate(props.digestOid, digest, java.math.BigInteger(64, java.security.SecureRandom()))\n"),
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml",
            "    digest-oid: 2.16.840.1.101.3.4.2.1   # SHA-256\n    timeout: 10s\n", "    digest-oid: 2.16.840.1.101.3.4.2.3   # SHA-512 (SEAL-402)\n    timeout: 4s\n"),
    })
    head = repo.commit(utc("2026-12-10 09:20:00"), wei, "test: a TSA request carries a nonce and a SHA-512 imprint", {
        "src/test/kotlin/com/quillsign/seal/tsa/TsaClientTest.kt": 'package com.quillsign.seal.tsa\n\nimport org.junit.jupiter.api.Test\nimport kotlin.test.assertNotNull\n\nclass TsaClientTest {\n    @Test\n    fun `request has nonce and sha512 imprint`() {\n        val req = FakeTsa().lastRequestAfter { it.timestamp(ByteArray(64)) }\n        assertNotNull(req.nonce)\n    }\n}\n',
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# logs

PODS_NEW = ["seal-service-7d9f6c8b5-2xkqp", "seal-service-7d9f6c8b5-9vtzl", "seal-service-7d9f6c8b5-hq4mn", "seal-service-7d9f6c8b5-w8rjd"]
PODS_OLD = ["seal-service-5b8c4d7f9-4lmzs", "seal-service-5b8c4d7f9-c7pxk", "seal-service-5b8c4d7f9-kd2vn", "seal-service-5b8c4d7f9-t9bwh"]
CUSTOMERS = [("hartwell-legal", "https://api.hartwell-legal.com/esign/callback"), ("brightmoor", "https://hooks.brightmoor.com/quillsign"),
             ("oakfield-hr", "https://oakfieldhr.co.uk/integrations/qs/events"), ("nordvik-leasing", "https://erp.nordvik.no/qs-webhook"),
             ("castellan", "https://int.castellan-ins.com/esign/events"), ("pinecrest", "https://pinecrest-clinics.org/api/consent/webhook")]


def build_logs(rng, old_release, head):
    seal, hooks, ingress, probe, jenkins, status_log, chat = (
        Log("seal-service.log"), Log("webhook-dispatcher.log"), Log("ingress-nginx-access.log"), Log("tsa-probe.log"),
        Log("jenkins.log"), Log("chronotrust-status.log"), Log("chat.log"))
    failures, stats = [], {"sealed": [], "failed": []}
    versions = [(START, "1.41.3", old_release, 87), (RELEASE, "1.42.0", head, 88), (ROLLBACK, "1.41.3", old_release, 89), (RERELEASE, "1.42.0", head, 90)]

    def version(t):
        cur = versions[0]
        for v in versions:
            if v[0] + dt.timedelta(seconds=75) <= t:
                cur = v
        return cur

    def pid(t):
        return 1

    def thread(n):
        return f"seal-worker-{n}"

    # --- deploys: Jenkins console, helm, start lines
    def jk(t, text):
        jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")

    for when, ver, sha, rev in versions[1:]:
        if when == ROLLBACK:
            b = 214
            seq = [(0, f"Started by user Aisha Bello"), (0.2, "Running in Durability level: MAX_SURVIVABILITY"), (1.0, "[Pipeline] stage (Rollback)"),
                   (1.4, "+ helm rollback seal-service 87 -n signing --wait --timeout 10m"), (74.0, "Rollback was a success! Happy Helming!"),
                   (74.5, "+ kubectl -n signing rollout status deploy/seal-service"), (75.0, 'deployment "seal-service" successfully rolled out'), (75.3, "Finished: SUCCESS")]
            for s, text in seq:
                jk(when - dt.timedelta(seconds=1) + dt.timedelta(seconds=s), text)
        else:
            msg = "test: a TSA request carries a nonce and a SHA-512 imprint"
            seq = [(0, "Started by user Jonas Keller" if when == RELEASE else "Started by user Aisha Bello"), (0.3, "Running in Durability level: MAX_SURVIVABILITY"),
                   (2.0, "[Pipeline] stage (Checkout)"), (3.1, " > git fetch --tags --force --progress -- https://git.quillsign.internal/sign/seal-service.git +refs/heads/*:refs/remotes/origin/*"),
                   (4.0, f"Checking out Revision {sha} (refs/remotes/origin/main)"), (4.1, f'Commit message: "{msg}"'),
                   (5.0, "[Pipeline] stage (Build)"), (5.2, "+ ./gradlew --no-daemon build"), (92.0, "BUILD SUCCESSFUL in 1m 26s"),
                   (93.0, "[Pipeline] stage (Image)"), (118.0, f"{ver}: digest: sha256:{hexid(rng, 64)} size: 2418"),
                   (119.0, "[Pipeline] stage (Deploy)"), (119.2, f"+ helm upgrade --install seal-service chart/ -n signing -f chart/values-prod.yaml --set image.tag={ver} --wait --timeout 10m"),
                   (196.0, 'Release "seal-service" has been upgraded. Happy Helming!'), (196.1, "NAME: seal-service"), (196.2, "NAMESPACE: signing"),
                   (196.3, "STATUS: deployed"), (196.4, f"REVISION: {rev}"), (196.8, "Finished: SUCCESS")]
            for s, text in seq:
                jk(when - dt.timedelta(seconds=120) + dt.timedelta(seconds=s), text)
        pods = PODS_NEW if ver == "1.42.0" else PODS_OLD
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=8 + i * 14 + rng.random())
            seal.add(t, spring(t, "INFO", "main", "com.quillsign.seal.SealApplicationKt", f"Starting SealApplicationKt v{ver} using Java 21.0.5 with PID 1 (/app/seal-service.jar started by app in /app) [{pod}, git {sha[:8]}]"))
            t2 = t + dt.timedelta(seconds=9.4)
            seal.add(t2, spring(t2, "INFO", "main", "com.quillsign.seal.SealApplicationKt", f"Started SealApplicationKt in 9.412 seconds (process running for 10.31)"))

    # the routine Jenkins jobs: nightly dependency check
    jk(utc("2026-12-10 09:02:11"), "Started by timer")
    jk(utc("2026-12-10 09:02:58"), "[dependency-check] Found 1 vulnerability with CVSS >= 7.0 in pdfbox-3.0.3.jar (CVE-2024-XXXX suppressed until 2027-01-15)")
    jk(utc("2026-12-10 09:03:02"), "Finished: UNSTABLE")

    # --- seals
    def tsa_ok(t):
        return not (OUT_START <= t < OUT_END)

    backlog = []  # (due time, envelope)
    completed_events = []

    def attempt_seal(when, env, pages, retry):
        wait = min(5 * 2 ** retry, 20)
        _, ver, _, _ = version(when)
        new = ver == "1.42.0"
        timeout = 4.0 if new else 10.0
        n = rng.randint(1, 8)
        t = when + dt.timedelta(milliseconds=rng.randint(300, 1800) + pages * 25)
        if tsa_ok(t):
            took = rng.randint(120, 320)
            t += dt.timedelta(milliseconds=took)
            seal.add(t, spring(t, "INFO", thread(n), "com.quillsign.seal.SealJob", f"Sealed envelope {env}: {pages} pages + audit certificate, tsa {took} ms, {'sha512' if new else 'sha256'}{f' (retry {retry})' if retry else ''}"))
            stats["sealed"].append(t)
            completed_events.append(t + dt.timedelta(milliseconds=rng.randint(40, 400)))
            return
        for attempt in range(1, 4):
            if rng.random() < 0.7:
                t += dt.timedelta(milliseconds=rng.randint(60, 240))
                if new:
                    seal.add(t, spring(t, "WARN", thread(n), "com.quillsign.seal.tsa.TsaClient", f'TSA rejected timestamp request (PKIStatus rejection, failInfo systemFailure): "Service temporarily unavailable" [tsa={TSA}]'))
                    cause = "TSA rejected timestamp request (PKIStatus rejection, failInfo systemFailure): \"Service temporarily unavailable\""
                else:
                    cause = "TSP response status 2"
            else:
                t += dt.timedelta(seconds=timeout)
                cause = f"java.net.http.HttpTimeoutException: request timed out"
            seal.add(t, spring(t, "WARN", thread(n), "com.quillsign.seal.tsa.TsaClient", f"timestamp request failed [attempt={attempt}/3]"))
            failures.append(t)
        stats["failed"].append(t)
        first = cause if cause.startswith("TSA rejected") else f"timestamp request failed: {cause}"
        trace = (f"com.quillsign.seal.tsa.TsaException: {first}\n"
                 "\tat com.quillsign.seal.tsa.TsaClient.timestamp(TsaClient.kt:41)\n"
                 "\tat com.quillsign.seal.pades.PadesSigner.addSignatureTimestamp(PadesSigner.kt:141)\n"
                 "\tat com.quillsign.seal.pades.PadesSigner.sign(PadesSigner.kt:77)\n"
                 "\tat com.quillsign.seal.SealJob.run(SealJob.kt:63)\n"
                 "\tat com.quillsign.seal.SealWorker.handle(SealWorker.kt:38)\n"
                 "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)\n"
                 "\tat java.base/java.lang.Thread.run(Thread.java:1583)")
        if cause.startswith("java.net"):
            trace += "\nCaused by: java.net.http.HttpTimeoutException: request timed out\n\tat java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:950)\n\t... 6 common frames omitted"
        seal.add(t, spring(t, "ERROR", thread(n), "com.quillsign.seal.SealJob", f"Sealing failed for envelope {env}, requeued in {wait}m") + "\n" + trace)
        backlog.append((t + dt.timedelta(minutes=wait), env, pages, retry + 1))

    for w in poisson_times(rng, START, END, 5.5):
        attempt_seal(w, f"env_{hexid(rng, 10)}", rng.choice([1, 2, 3, 4, 6, 8, 12, 14, 22, 40]), 0)
    while backlog:
        backlog.sort()
        due, env, pages, retry = backlog.pop(0)
        if due < END:
            attempt_seal(due + dt.timedelta(seconds=rng.uniform(0, 20)), env, pages, retry)
    # one routine TSA hiccup, retried fine
    t = utc("2026-12-10 08:58:14")
    seal.add(t, spring(t, "WARN", "seal-worker-5", "com.quillsign.seal.tsa.TsaClient", "timestamp request failed [attempt=1/3]"))
    # routine PDF noise and an S3 retry
    for w in poisson_times(rng, START, END, 0.12):
        seal.add(w, spring(w, "WARN", thread(rng.randint(1, 8)), "org.apache.pdfbox.pdmodel.font.PDTrueTypeFont", f"Using fallback font LiberationSans for {rng.choice(['ArialMT', 'Calibri', 'TimesNewRomanPSMT', 'Helvetica-Light'])}"))
    for w in poisson_times(rng, START, END, 0.02):
        seal.add(w, spring(w, "ERROR", thread(rng.randint(1, 8)), "com.quillsign.seal.SealJob", f"Cannot seal envelope env_{hexid(rng, 10)}: document 2 is encrypted (owner password), marked for manual review"))
    for w in poisson_times(rng, START, END, 0.015):
        seal.add(w, spring(w, "WARN", thread(rng.randint(1, 8)), "com.quillsign.seal.store.SealedStore", "PutObject to qs-sealed-documents-eu throttled (503 SlowDown), retrying in 200 ms"))

    # --- webhook dispatcher: deliveries of envelope events to customers
    evs = [(t, "envelope.completed") for t in completed_events]
    evs += [(w, rng.choice(["recipient.viewed", "recipient.viewed", "recipient.signed", "envelope.sent", "envelope.sent", "envelope.declined"])) for w in poisson_times(rng, START, END, 11.0)]
    counts = {}
    for w, ev in evs:
        if w >= END:
            continue
        cust, url = rng.choice(CUSTOMERS)
        r = rng.random()
        if cust == "nordvik-leasing" and r < 0.4:
            hooks.add(w, logfmt(w, "warn", "delivery failed", event=ev, customer=cust, url=url, status=502, attempt=rng.randint(1, 5), next_retry="2m"))
        elif r < 0.01:
            hooks.add(w, logfmt(w, "warn", "delivery failed", event=ev, customer=cust, url=url, err="context deadline exceeded", attempt=1, next_retry="30s"))
        else:
            hooks.add(w, logfmt(w, "info", "delivered", event=ev, customer=cust, status=200, took_ms=rng.randint(40, 900), delivery=f"dlv_{hexid(rng, 12)}"))
        minute = w.replace(second=0, microsecond=0)
        counts.setdefault(minute, {}).setdefault(ev, 0)
        counts[minute][ev] += 1
    t = START.replace(second=0) + dt.timedelta(minutes=5)
    while t < END:
        window = {}
        for m in range(5):
            for ev, n in counts.get(t - dt.timedelta(minutes=m + 1), {}).items():
                window[ev] = window.get(ev, 0) + n
        hooks.add(t, logfmt(t, "info", "delivery summary", window="5m", **{k.replace(".", "_"): window.get(k, 0) for k in ["envelope.sent", "recipient.viewed", "recipient.signed", "envelope.completed", "envelope.declined"]}))
        t += dt.timedelta(minutes=5)

    # --- ingress: API and app traffic, with sealed-document downloads
    for w in poisson_times(rng, START, END, 6.0):
        k = rng.random()
        client = f"{rng.choice([52, 34, 18, 3, 35, 20])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if k < 0.3:
            broken = OUT_START + dt.timedelta(minutes=1) <= w < OUT_END + dt.timedelta(minutes=18)
            status = 409 if broken and rng.random() < 0.8 else 200
            size = 96 if status == 409 else rng.randint(90000, 4000000)
            rt = rng.uniform(0.01, 0.04) if status == 409 else rng.uniform(0.08, 0.9)
            ingress.add(w, nginx_access(w, client, "GET", f"/v1/envelopes/env_{hexid(rng, 10)}/documents/combined", status, size, rt, "quillsign-sdk-java/3.4.1", upstream_rt=rt - 0.002))
        elif k < 0.6:
            rt = rng.uniform(0.02, 0.15)
            ingress.add(w, nginx_access(w, client, "GET", f"/v1/envelopes/env_{hexid(rng, 10)}", 200, rng.randint(900, 4000), rt, rng.choice(["quillsign-sdk-node/5.2.0", "quillsign-sdk-python/4.0.2", "Zapier"]), upstream_rt=rt - 0.001))
        elif k < 0.97:
            rt = rng.uniform(0.2, 1.4)
            ingress.add(w, nginx_access(w, client, "POST", "/v1/envelopes", 201, rng.randint(400, 900), rt, rng.choice(["quillsign-sdk-node/5.2.0", "quillsign-sdk-java/3.4.1"]), upstream_rt=rt - 0.003))
        else:
            ingress.add(w, nginx_access(w, client, "POST", "/v1/envelopes", 422, 211, 0.031, "quillsign-sdk-python/4.0.2", upstream_rt=0.029))

    # --- the platform's TSA probe, every minute, both TSAs
    t = START + dt.timedelta(seconds=20)
    while t < END:
        if tsa_ok(t):
            probe.add(t, logfmt(t, "info", "tsa probe", tsa="chronotrust", url=TSA, status="granted", took_ms=rng.randint(110, 260), gen_time_skew_ms=rng.randint(-40, 40)))
        elif rng.random() < 0.7:
            probe.add(t, logfmt(t, "error", "tsa probe failed", tsa="chronotrust", url=TSA, status="rejection", fail_info="systemFailure", status_string="Service temporarily unavailable", took_ms=rng.randint(60, 200)))
        else:
            probe.add(t, logfmt(t, "error", "tsa probe failed", tsa="chronotrust", url=TSA, err="timeout after 10s", took_ms=10000))
        t2 = t + dt.timedelta(seconds=2)
        probe.add(t2, logfmt(t2, "info", "tsa probe", tsa="digistamp-backup", url="https://tsa.digistamp.example/rfc3161", status="granted", took_ms=rng.randint(240, 520), gen_time_skew_ms=rng.randint(-80, 80)))
        t += dt.timedelta(seconds=60)

    # --- Chronotrust's status page feed
    for when, state, text in ((utc("2026-12-10 07:00:00"), "scheduled", "Planned maintenance: HSM firmware update in the Frankfurt signing cluster, 07:00-09:00 UTC. No impact expected."),
                              (utc("2026-12-10 08:52:30"), "completed", "Planned maintenance: HSM firmware update completed."),
                              (STATUS_POST, "investigating", "Timestamping service degraded: RFC 3161 requests are failing with systemFailure or timing out. We are investigating."),
                              (utc("2026-12-10 11:21:05"), "identified", "Timestamping service degraded: the HSM cluster serving timestamp signing lost quorum; we are restoring it."),
                              (utc("2026-12-10 11:44:10"), "monitoring", "Timestamping service degraded: a fix was applied at 11:39 UTC; timestamps are being issued again."),
                              (utc("2026-12-10 12:15:00"), "resolved", "Timestamping service degraded: resolved.")):
        status_log.add(when, json.dumps({"updated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "component": "Qualified Timestamping (RFC 3161)", "status": state, "message": text}, ensure_ascii=False))

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC #seal-oncall {who}: {text}")

    say("2026-12-10 09:46:30", "Jonas Keller", f"releasing seal-service 1.42.0 ({head[:8]}): SEAL-402 sha512 imprint + nonce, tsa timeout 4s, bouncycastle 1.79, SEAL-398 logging")
    say("2026-12-10 09:58:10", "Jonas Keller", "1.42.0 out, seals fine, tsa ~180ms")
    say("2026-12-10 10:24:45", "alertmanager", "[FIRING:1] SealBacklog (waiting > 10m: 64)")
    say("2026-12-10 10:27:20", "Aisha Bello", "every seal fails at the timestamp: 'TSA rejected timestamp request (PKIStatus rejection, failInfo systemFailure)' or 4s timeouts. started 10:17, half an hour after 1.42.0 changed the TSA request")
    say("2026-12-10 10:30:05", "Jonas Keller", "could be the nonce or sha512 imprint, chronotrust's docs say both are supported. let's roll back and see")
    say("2026-12-10 10:34:50", "Aisha Bello", "rolling back to revision 87 (1.41.3)")
    say("2026-12-10 10:41:30", "Aisha Bello", "1.41.3 fails too: 'timestamp request failed: TSP response status 2' and 10s timeouts")
    say("2026-12-10 10:43:15", "Wei Chen", "tsa-probe (sha256, no nonce) has failed against chronotrust since 10:17 too; the digistamp probe is fine")
    say("2026-12-10 10:46:40", "Marek Nowak (QES team)", "qes-signing is getting systemFailure from tsa.chronotrust.eu since 10:17 as well. we opened a P1 with them")
    say("2026-12-10 10:52:00", "Dana Okafor (support)", "customers asking why completed envelopes have no final PDF and no envelope.completed callback")
    say("2026-12-10 10:59:30", "Wei Chen", "status.chronotrust.eu: 'Timestamping service degraded: RFC 3161 requests are failing with systemFailure'. they did an HSM firmware update this morning")
    say("2026-12-10 11:03:10", "Jonas Keller", "nothing to do on our side; seals requeue with backoff (max 20 min). SEAL-311 (second TSA) just got its priority back")
    say("2026-12-10 11:41:20", "Aisha Bello", "timestamps granted again since 11:39, backlog draining")
    say("2026-12-10 12:01:10", "Aisha Bello", "backlog empty, callbacks caught up")
    say("2026-12-10 12:03:40", "Jonas Keller", "re-releasing 1.42.0, it was never the problem")
    say("2026-12-10 12:10:30", "Jonas Keller", "1.42.0 out again, seals fine")
    return [seal, hooks, ingress, probe, jenkins, status_log, chat], failures, stats


def build(out_dir):
    rng = random.Random(35200)
    repo, old_release, head = build_repo()
    try:
        logs, failures, stats = build_logs(rng, old_release, head)
        onset = min(f for f in failures if f >= OUT_START).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset - RELEASE

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"seal_jobs.json": query_range([
            ({"job": "seal-service", "result": "failed"}, per_min(stats["failed"])),
            ({"job": "seal-service", "result": "sealed"}, per_min(stats["sealed"])),
        ], utc("2026-12-10 09:00:00"), END, 60)}
        return write_scenario(
            out_dir, name="r35-tsa-system-failure-none", service=SERVICE, onset=onset,
            description=f"""
Quillsign's completed envelopes stop being sealed on Thursday 10
December from {onset.strftime('%H:%M:%S')} UTC: every seal fails at the RFC 3161
timestamp, so envelopes stay "completing", customers get no
envelope.completed callback and sealed-document downloads answer 409.
seal-service 1.42.0 (a changed TSA request, a shorter TSA timeout, a
Bouncy Castle bump) had been released at 09:49; the on-call rolled it
back at 10:36 without effect. Timestamps are granted again from 11:39;
1.42.0 is released again at 12:06.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "seal-service.log": r'<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>',
            },
            root_cause=[
                r"TSA rejected timestamp request",
                r"Timestamping service degraded",
            ],
            fix_files=[],
            explanation=f"""
No commit in seal-service caused this. Chronotrust's qualified TSA
failed from 10:17 to 11:39 UTC (its timestamp-signing HSM cluster lost
quorum after the morning's planned firmware update): timestamp requests
were answered with PKIStatus rejection, failInfo systemFailure ("Service
temporarily unavailable") or timed out, whatever the request looked
like. The platform's TSA probe (SHA-256, no nonce) failed the same way
from 10:17 while its probe of another TSA kept passing; the QES team's
service failed against the same TSA; Chronotrust's status page
("Timestamping service degraded") was posted at 10:58, 41 minutes late.
Seals were requeued with backoff and drained once timestamps were
granted again, with no change in seal-service. The right answer is that
nothing in this repository did it (fix_files is empty).
Decoys: the 1.42.0 release at 09:49, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(SEAL-402: SHA-512 imprint, nonce and certReq, TSA timeout 10 s -> 4 s;
the Bouncy Castle 1.79 bump; SEAL-398, which adds the "TSA rejected
timestamp request (PKIStatus ..., failInfo ...)" line), whose seals
succeed for half an hour; the rollback to 1.41.3 at 10:36, after which
seals fail alike as "timestamp request failed: TSP response status 2"
and 10 s timeouts; the test commit the release names; the audit
certificate, form flattening and chart commits of the week; one TSA
retry at 08:58, PDFBox font fallbacks, an encrypted document, S3
SlowDown retries, a customer's failing webhook endpoint (502), the
nightly dependency check's UNSTABLE build and Chronotrust's planned
maintenance notice.
""",
        )
    finally:
        repo.close()
