"""tap-processor (Kotlin, Spring Boot on Kubernetes, deployed by Buildkite
with helm) of Norhaven Transit's contactless ticketing: the validators on
buses and trams accept taps offline against a deny list they sync every
two minutes; tap-processor takes their tap batches, and for the first tap
of a card in a service day sends an account status inquiry (ASI, a
zero-amount authorisation) to the acquirer, Kestrel Payments. A declined
ASI puts the token on the deny list (reason=declined). A technical failure
is retried at +2 and +6 minutes; after three, the risk rule puts the token
on the deny list as unverified (first ride risk, an old rule).

On Tuesday 24 November at 07:41 UTC Kestrel loses its connection to the
Mastercard network in its EU region: Mastercard ASIs answer
refusalReasonCode 91 "Issuer or switch inoperative" or hang until the
client times out, until 08:57. Visa is fine. Mastercard riders' tokens are
denied as unverified from about 07:47 and refused at validators ("CARD
DENIED") in the morning peak. The bike-share team's Mastercard payments
through Kestrel fail too. Kestrel's status page posts at 08:22. Nothing in
tap-processor caused it.

tap-processor 2026.11.24.1 was deployed at 07:14, 27 minutes before: it
sends first-tap ASIs through Kestrel's v3 /payments API with the MTT
transit indicators, bumps kestrel-java to 4.0.0, shortens the ASI read
timeout and (a commit of the day before) logs Kestrel's resultCode and
refusalReason on failed ASIs. The on-call rolls it back at 08:06 without
effect (the old release logs "ASI failed ... issuer unavailable (91)"),
then switches off the unverified rule and clears those entries (08:19).
2026.11.24.1 is deployed again at 09:21.

Decoys: the 07:14 release (the ASI path, the SDK major bump, a timeout
change); the logging commit; the rollback; a test commit; routine ASI
declines (05 Do not honour, 54 Expired card) that deny tokens; Kafka
rebalances; Hikari warnings; validators offline."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, logfmt, spring
from skeletons import chores, readme, runbook

SERVICE = "tap-processor"
START, END = utc("2026-11-24 05:40:00"), utc("2026-11-24 10:05:00")
RELEASE = utc("2026-11-24 07:14:30")
OUT_START = utc("2026-11-24 07:41:37")
OUT_END = utc("2026-11-24 08:57:10")
ROLLBACK = utc("2026-11-24 08:06:05")
RULE_OFF = utc("2026-11-24 08:19:40")
STATUS_POST = utc("2026-11-24 08:22:15")
RERELEASE = utc("2026-11-24 09:21:00")

CLIENT_KT = '''package eu.norhaven.tix.auth

import java.net.http.HttpClient
import java.time.Duration

/** First-tap account status inquiry (zero-amount authorisation) at Kestrel. */
class AccountStatusClient(private val kestrel: KestrelClient, private val props: AuthProperties) {

    fun inquire(tap: Tap): AsiResult {
        val request = PaymentRequest(
            amount = Amount("EUR", 0),
            paymentMethod = tap.networkToken,
            shopperInteraction = "ContAuth",
            recurringProcessingModel = "UnscheduledCardOnFile",
        )
        val response = kestrel.payments(request, Duration.ofMillis(props.readTimeoutMs))
        return when (response.resultCode) {
            "Authorised" -> AsiResult.Verified(response.pspReference)
            "Refused" -> if (response.refusalReasonCode in TECHNICAL) AsiResult.Technical(response.refusalReasonCode)
                         else AsiResult.Declined(response.refusalReasonCode)
            else -> AsiResult.Technical(response.refusalReasonCode)
        }
    }

    companion object {
        /** Issuer or network unavailable: retry, do not decline the card. */
        val TECHNICAL = setOf("91", "96", "68")
    }
}
'''

RISK_KT = '''package eu.norhaven.tix.risk

/** First ride risk: a card whose first tap cannot be verified after
 *  maxAttempts goes on the deny list as unverified until an ASI succeeds. */
class RiskRules(private val props: RiskProperties, private val denylist: Denylist) {
    fun onTechnicalFailure(token: String, attempt: Int) {
        if (attempt >= props.maxAttempts && props.denyUnverified) {
            denylist.add(token, reason = "unverified")
        }
    }
}
'''

APP_YML = '''server:
  port: 8080
spring:
  kafka:
    consumer:
      group-id: tap-processor
      topics: validator-taps
tix:
  auth:
    kestrel-url: https://checkout-eu.kestrelpay.example
    merchant-account: NorhavenTransitEU
    read-timeout-ms: 5000
    retry-delays: [2m, 4m]
  risk:
    max-attempts: 3
    deny-unverified: true
'''


def build_repo():
    niamh = Person("Niamh Gallagher", "niamh.gallagher@norhaven-transit.ie", 0)
    jakub = Person("Jakub Wiśniewski", "jakub.wisniewski@norhaven-transit.ie", 60)
    sofia = Person("Sofía Herrera", "sofia.herrera@norhaven-transit.ie", 60)
    ravi = Person("Ravi Menon", "ravi.menon@norhaven-transit.ie", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme(SERVICE, "Norhaven Transit tap processing: validator tap batches from Kafka, first-tap\naccount status inquiries at Kestrel, risk rules and deny list entries.", "./gradlew bootRun"),
        "docs/runbook.md": runbook(SERVICE, [
            ("FirstTapAuthFailures", "More than 5 % of first-tap ASIs failing technically (not declines). Check\nKestrel's status page and the egress proxy; by scheme in the ASI summary."),
            ("DenylistGrowth", "Deny list deltas add more than 200 tokens in 10 minutes. If the reason is\nunverified, consider tix.risk.deny-unverified=false (ops-config) while it lasts."),
        ]),
        "build.gradle.kts": 'plugins {\n    kotlin("jvm") version "2.0.21"\n    id("org.springframework.boot") version "3.3.5"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    implementation("org.springframework.kafka:spring-kafka")\n    implementation("com.kestrelpay:kestrel-java:3.4.1")\n    runtimeOnly("org.postgresql:postgresql:42.7.4")\n}\n',
        "src/main/kotlin/eu/norhaven/tix/auth/AccountStatusClient.kt": CLIENT_KT,
        "src/main/kotlin/eu/norhaven/tix/auth/FirstTapAuthorizer.kt": 'package eu.norhaven.tix.auth\n\nimport org.slf4j.LoggerFactory\n\nclass FirstTapAuthorizer(private val client: AccountStatusClient, private val risk: RiskRules) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun authorize(tap: Tap, attempt: Int) {\n        when (val r = client.inquire(tap)) {\n            is AsiResult.Verified -> verified(tap)\n            is AsiResult.Declined -> declined(tap, r)\n            is AsiResult.Technical -> {\n                log.warn("ASI failed for {}: issuer unavailable ({})", tap.token, r.code)\n                risk.onTechnicalFailure(tap.token, attempt)\n                retryLater(tap, attempt)\n            }\n        }\n    }\n}\n',
        "src/main/kotlin/eu/norhaven/tix/risk/RiskRules.kt": RISK_KT,
        "src/main/kotlin/eu/norhaven/tix/denylist/Denylist.kt": 'package eu.norhaven.tix.denylist\n\n/** Entries go to the gateway, which publishes deltas to the validators. */\nclass Denylist(private val repo: DenylistRepository)\n',
        "src/main/resources/application.yml": APP_YML,
        "deploy/values-production.yaml": "replicas: 4\nimage:\n  repository: registry.norhaven-transit.ie/tap-processor\nresources:\n  requests: {cpu: 500m, memory: 1Gi}\n  limits: {memory: 1Gi}\negress:\n  kestrel: envoy-egress.platform:10000\n",
        ".buildkite/pipeline.yml": "steps:\n  - label: test\n    command: ./gradlew test\n  - block: deploy production\n  - label: deploy\n    command: helm upgrade --install tap-processor deploy/chart -f deploy/values-production.yaml --set image.tag=$BUILDKITE_COMMIT --wait\n    concurrency: 1\n    concurrency_group: tap-processor-prod\n",
    }
    repo.commit(utc("2026-11-18 10:30:00"), niamh, "tap-processor: tap batches, first-tap ASI, risk rules, deny list", files)
    repo.schedule(chores(random.Random(34201), SERVICE, [sofia, jakub, ravi], utc("2026-11-18 11:00:00"), utc("2026-11-23 17:00:00"), 4))
    repo.commit(utc("2026-11-19 14:10:00"), jakub, "taps: drop duplicate taps within 2 s on the same validator", {
        "src/main/kotlin/eu/norhaven/tix/taps/Dedup.kt": "package eu.norhaven.tix.taps\n\n/** Validators resend a batch when the ack is lost; the same tap within 2 s is one tap. */\nconst val DEDUP_WINDOW_MS = 2000L\n",
    })
    repo.commit(utc("2026-11-20 11:45:00"), sofia, "denylist: batch inserts, 500 per statement", {
        "src/main/kotlin/eu/norhaven/tix/denylist/Denylist.kt": repo.files["src/main/kotlin/eu/norhaven/tix/denylist/Denylist.kt"] + "\nconst val INSERT_BATCH = 500\n",
    })
    repo.commit(utc("2026-11-23 10:15:00"), ravi, "auth: log Kestrel's resultCode and refusal reason on failed ASIs (TIX-901)\n\nThe failure line had the code only; Kestrel support asks for the\npspReference and the refusal reason text.", {
        "src/main/kotlin/eu/norhaven/tix/auth/FirstTapAuthorizer.kt": repo.edit("src/main/kotlin/eu/norhaven/tix/auth/FirstTapAuthorizer.kt",
            '                log.warn("ASI failed for {}: issuer unavailable ({})", tap.token, r.code)\n',
            '                log.warn("ASI failed token={} scheme={} attempt={}/{} resultCode={} refusalReasonCode={} refusalReason=\\"{}\\" pspReference={}",\n                    tap.token, tap.scheme, attempt, MAX_ATTEMPTS, r.resultCode, r.code, r.reason, r.pspReference)\n'),
    })
    old_release = repo.commit(utc("2026-11-23 13:30:00"), sofia, "taps: metric for batches older than 10 minutes", {
        "src/main/kotlin/eu/norhaven/tix/taps/Dedup.kt": repo.files["src/main/kotlin/eu/norhaven/tix/taps/Dedup.kt"] + "\nconst val LATE_BATCH_MS = 600_000L\n",
    })
    repo.commit(utc("2026-11-23 16:05:00"), bot, "build(deps): bump com.kestrelpay:kestrel-java from 3.4.1 to 4.0.0", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "kestrel-java:3.4.1", "kestrel-java:4.0.0"),
    })
    repo.commit(utc("2026-11-24 06:48:00"), niamh, "auth: first-tap ASI through Kestrel v3 /payments with MTT indicators (TIX-902)\n\nMastercard and Visa want transit first-tap inquiries flagged as MTT\n(industryUsage=transit, merchant category 4111) from December. v3 of\nthe API carries the fields; kestrel-java 4 speaks v3. The read timeout\ngoes to 2.5 s: validators have long moved on by then and the retry\nhandles it.", {
        "src/main/kotlin/eu/norhaven/tix/auth/AccountStatusClient.kt": repo.edit("src/main/kotlin/eu/norhaven/tix/auth/AccountStatusClient.kt",
            '            recurringProcessingModel = "UnscheduledCardOnFile",\n',
            '            recurringProcessingModel = "UnscheduledCardOnFile",\n            industryUsage = "transit",\n            mcc = "4111",\n            additionalData = mapOf("transit.firstTap" to "true", "transit.mode" to tap.mode),\n'),
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    read-timeout-ms: 5000\n", "    read-timeout-ms: 2500\n    api-version: v3\n"),
    })
    head = repo.commit(utc("2026-11-24 07:02:00"), jakub, "test: MTT fields on first-tap ASI requests", {
        "src/test/kotlin/eu/norhaven/tix/auth/AccountStatusClientTest.kt": 'package eu.norhaven.tix.auth\n\nimport kotlin.test.Test\nimport kotlin.test.assertEquals\n\nclass AccountStatusClientTest {\n    @Test\n    fun `first tap carries the transit indicators`() {\n        val req = captured(inquire(tap(mode = "tram")))\n        assertEquals("transit", req.industryUsage)\n        assertEquals("4111", req.mcc)\n    }\n}\n',
    })
    repo.commit(utc("2026-11-24 08:18:30"), niamh, "ops: deny-unverified off while Kestrel's Mastercard authorisations fail", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    deny-unverified: true\n", "    deny-unverified: false\n"),
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# logs


def bk(t, level, text):
    return f"{t.astimezone(dt.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')} {level:<6} {text}"


def first_tap_rate(t):
    """First-tap ASIs per second by time of day (Dublin = UTC in November)."""
    h = t.hour + t.minute / 60
    if h < 6.0:
        return 0.12
    if h < 7.0:
        return 0.25 + 0.3 * (h - 6.0)
    if h < 9.0:
        return 0.55
    return 0.3


def build_logs(rng, old_release, head):
    app, envoy, gw, deploy, status, chat = (Log("tap-processor.log"), Log("egress-envoy.log"), Log("validator-gateway.log"),
                                           Log("buildkite-deploy.log"), Log("kestrel-status.log"), Log("chat.log"))
    failures, stats = [], {"ok": [], "fail": [], "declined": []}
    deny_adds = []  # (time, reason)
    versions = [(START, old_release, "2026.11.23.2", 5000), (RELEASE, head, "2026.11.24.1", 2500),
                (ROLLBACK, old_release, "2026.11.23.2", 5000), (RERELEASE, head, "2026.11.24.1", 2500)]

    def version(t):
        cur = versions[0]
        for v in versions:
            if v[0] + dt.timedelta(seconds=70) <= t:
                cur = v
        return cur

    pods = {}

    def pod_names(tag):
        if tag not in pods:
            rs = hexid(rng, 10)
            pods[tag] = [f"tap-processor-{rs}-{hexid(rng, 5)}" for _ in range(4)]
        return pods[tag]

    # --- deploys: buildkite-agent log, start lines
    for when, sha, tag, timeout in versions[1:]:
        build_no = {RELEASE: 1187, ROLLBACK: 1189, RERELEASE: 1190}[when]
        who = {RELEASE: "Niamh Gallagher", ROLLBACK: "Jakub Wiśniewski", RERELEASE: "Niamh Gallagher"}[when]
        lines = [
            (0, "INFO", f"Assigned job {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)} (build #{build_no}, step \"deploy\", unblocked by {who})"),
            (0.3, "INFO", f"Starting job ... build #{build_no} of norhaven/tap-processor, commit {sha}"),
            (2.1, "INFO", f"~~~ Preparing working directory: checked out {sha[:12]} (main)"),
            (2.4, "INFO", f"~~~ Running commands: helm upgrade --install tap-processor deploy/chart -f deploy/values-production.yaml --set image.tag={sha[:12]} --wait"),
            (88.2, "INFO", 'Release "tap-processor" has been upgraded. Happy Helming!'),
            (88.3, "INFO", f"NAMESPACE: ticketing   STATUS: deployed   REVISION: {57 + [RELEASE, ROLLBACK, RERELEASE].index(when)}"),
            (88.9, "INFO", f"Finished job (exit status 0), build #{build_no}"),
        ]
        if when == ROLLBACK:
            lines.insert(1, (0.2, "WARN", "Build #1189 is a rebuild of #1184 (2026.11.23.2), requested by Jakub Wiśniewski"))
        for s, level, text in lines:
            deploy.add(when + dt.timedelta(seconds=s), bk(when + dt.timedelta(seconds=s), level, text))
        for k, pod in enumerate(pod_names(tag + str(when))):
            st = when + dt.timedelta(seconds=20 + k * 16 + rng.uniform(0, 3))
            app.add(st, spring(st, "INFO", "main", "e.n.tix.TapProcessorApplicationKt", f"Starting TapProcessorApplicationKt v{tag} (commit {sha[:12]}) using Java 21.0.5 with PID 1 on {pod}"))
            app.add(st + dt.timedelta(seconds=5.2), spring(st + dt.timedelta(seconds=5.2), "INFO", "main", "e.n.tix.auth.KestrelConfiguration", f"Kestrel client {'4.0.0 api=v3' if timeout == 2500 else '3.4.1 api=v2'} merchantAccount=NorhavenTransitEU readTimeout={timeout}ms"))
            app.add(st + dt.timedelta(seconds=7.9), spring(st + dt.timedelta(seconds=7.9), "INFO", "main", "e.n.tix.TapProcessorApplicationKt", f"Started TapProcessorApplicationKt in {rng.uniform(7.5, 9.5):.3f} seconds (process running for {rng.uniform(8.5, 10.5):.3f})"))

    # --- first-tap ASIs
    t = START
    asis = []
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for w in poisson_times(rng, t, nxt, first_tap_rate(t) * 60):
            asis.append((w, "tk_" + hexid(rng, 20), "MASTERCARD" if rng.random() < 0.41 else "VISA", 1))
        t = nxt
    queue = sorted(asis)
    i = 0
    rule_on = True
    summary = {}
    while i < len(queue):
        w, tok, scheme, attempt = queue[i]
        i += 1
        _, sha, tag, timeout = version(w)
        thread = f"asi-worker-{rng.randint(1, 8)}"
        minute = w.replace(second=0, microsecond=0)
        summary.setdefault(minute, {"VISA": [0, 0], "MASTERCARD": [0, 0]})
        psp = hexid(rng, 16).upper()
        out = scheme == "MASTERCARD" and OUT_START <= w < OUT_END
        if out:
            hang = rng.random() < 0.3
            dur = timeout if hang else rng.randint(180, 900)
            done = w + dt.timedelta(milliseconds=dur)
            if hang:
                envoy.add(done, envoy_access(done, "POST", "/v3/payments" if timeout == 2500 else "/v2/payments", 504, "UT", "checkout-eu.kestrelpay.example:443", dur, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "checkout-eu.kestrelpay.example"))
            else:
                envoy.add(done, envoy_access(done, "POST", "/v3/payments" if timeout == 2500 else "/v2/payments", 200, "-", "checkout-eu.kestrelpay.example:443", dur, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "checkout-eu.kestrelpay.example"))
            if timeout == 2500:
                if hang:
                    msg = f"ASI failed token={tok} scheme={scheme} attempt={attempt}/3 resultCode=- refusalReasonCode=- refusalReason=\"java.net.http.HttpTimeoutException: request timed out\" pspReference=-"
                else:
                    msg = f"ASI failed token={tok} scheme={scheme} attempt={attempt}/3 resultCode=Refused refusalReasonCode=91 refusalReason=\"Issuer or switch inoperative\" pspReference={psp}"
            else:
                msg = f"ASI failed for {tok}: issuer unavailable ({'timeout' if hang else '91'})"
            app.add(done, spring(done, "WARN", thread, "e.n.tix.auth.FirstTapAuthorizer", msg))
            failures.append(done)
            stats["fail"].append(done)
            summary[minute][scheme][1] += 1
            if attempt < 3:
                delay = dt.timedelta(minutes=2 if attempt == 1 else 4, seconds=rng.uniform(0, 5))
                nw = done + delay
                j = i
                while j < len(queue) and queue[j][0] < nw:
                    j += 1
                queue.insert(j, (nw, tok, scheme, attempt + 1))
            else:
                on = not (done >= RULE_OFF)
                if on:
                    app.add(done, spring(done, "WARN", thread, "e.n.tix.risk.RiskRules", f"token {tok} unverified after 3 attempts, adding to deny list (reason=unverified)"))
                    deny_adds.append((done, "unverified"))
            continue
        dur = rng.randint(140, 520)
        done = w + dt.timedelta(milliseconds=dur)
        envoy.add(done, envoy_access(done, "POST", "/v3/payments" if timeout == 2500 else "/v2/payments", 200, "-", "checkout-eu.kestrelpay.example:443", dur, f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "checkout-eu.kestrelpay.example"))
        if rng.random() < 0.012:
            code, reason = rng.choice([("05", "Do not honour"), ("05", "Do not honour"), ("54", "Expired card"), ("62", "Restricted card"), ("14", "Invalid card number")])
            app.add(done, spring(done, "INFO", thread, "e.n.tix.auth.FirstTapAuthorizer", f"ASI declined token={tok} scheme={scheme} refusalReasonCode={code} refusalReason=\"{reason}\", adding to deny list (reason=declined)"))
            deny_adds.append((done, "declined"))
            stats["declined"].append(done)
        else:
            stats["ok"].append(done)
            summary[minute][scheme][0] += 1
    for minute, s in sorted(summary.items()):
        m = minute + dt.timedelta(seconds=60, milliseconds=rng.randint(5, 90))
        app.add(m, spring(m, "INFO", "scheduling-1", "e.n.tix.auth.AsiMetrics", f"ASI summary window=60s visa ok={s['VISA'][0]} failed={s['VISA'][1]} mastercard ok={s['MASTERCARD'][0]} failed={s['MASTERCARD'][1]}"))

    # --- routine app noise
    for w in poisson_times(rng, START, END, 0.03):
        app.add(w, spring(w, "WARN", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1", "o.a.k.c.c.internals.ConsumerCoordinator", f"[Consumer clientId=consumer-tap-processor-{rng.randint(1, 4)}, groupId=tap-processor] Offset commit failed on partition validator-taps-{rng.randint(0, 11)} at offset {rng.randint(8000000, 9000000)}: The coordinator is loading and hence can't process requests."))
    for w in poisson_times(rng, START, END, 0.015):
        app.add(w, spring(w, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool", f"HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={rng.randint(61, 95)}s{rng.randint(100, 999)}ms)."))
    for w in poisson_times(rng, START, END, 0.02):
        app.add(w, spring(w, "ERROR", f"taps-{rng.randint(1, 6)}", "e.n.tix.taps.TapBatchHandler", f"Tap batch from validator BUS-{rng.randint(1000, 2999)} rejected: sequence gap {rng.randint(2, 40)}, requesting resend"))

    # --- gateway: deny list deltas, taps, denied taps
    adds = sorted(deny_adds)
    unverified_added = [w for w, r in adds if r == "unverified"]
    version_no, entries, idx, last = 77310, 9321, 0, START
    t = START.replace(second=0) + dt.timedelta(minutes=1)
    while t < END:
        n_unv = n_dec = 0
        while idx < len(adds) and adds[idx][0] <= t:
            if adds[idx][1] == "unverified":
                n_unv += 1
            else:
                n_dec += 1
            idx += 1
        removed = rng.choice([0, 1, 1, 2])
        if last < RULE_OFF + dt.timedelta(minutes=3) <= t:
            removed += len([w for w in unverified_added if w <= t])
        version_no += 1
        entries += n_unv + n_dec - removed
        gw.add(t, logfmt(t, "info", "deny list delta published", version=version_no, added=n_unv + n_dec, added_unverified=n_unv, added_declined=n_dec, removed=removed, entries=entries))
        last = t
        t += dt.timedelta(seconds=120)
    t = START.replace(second=0)
    while t < END:
        h = t.hour + t.minute / 60
        load = 0.3 if h < 6.5 else (1.0 if h < 9.0 else 0.6)
        taps = int(rng.gauss(1400 * load, 40))
        unv = [w for w in unverified_added if w + dt.timedelta(minutes=3) <= t]
        if unv and t < RULE_OFF + dt.timedelta(minutes=6):
            den_unv = int(len(unv) * rng.uniform(0.04, 0.08))
        else:
            den_unv = 0
        den_other = rng.choice([0, 0, 1, 1, 2])
        gw.add(t + dt.timedelta(seconds=59), logfmt(t + dt.timedelta(seconds=59), "info", "tap batches received", window_s=60, validators=int(300 + 500 * load) - rng.randint(0, 12), taps=taps, denied_at_validator=den_unv + den_other, denied_unverified=den_unv))
        gw.add(t + dt.timedelta(seconds=30), logfmt(t + dt.timedelta(seconds=30), "info", "validator sync", online=int(300 + 500 * load) - rng.randint(0, 12), behind=rng.randint(0, 8)))
        t += dt.timedelta(minutes=1)
    for w in poisson_times(rng, START, END, 0.03):
        gw.add(w, logfmt(w, "warn", "validator offline", validator=f"BUS-{rng.randint(1000, 2999)}", last_seen_s=rng.randint(300, 2400), apn="norhaven.m2m"))

    # --- Kestrel status page
    for when, state, text in ((STATUS_POST, "investigating", "Mastercard authorisations degraded (EU): a share of Mastercard authorisation requests are refused with 91 or time out. Visa, Amex and local schemes are not affected."),
                              (utc("2026-11-24 08:48:30"), "identified", "Mastercard authorisations degraded (EU): connectivity between our Frankfurt processing site and the Mastercard network is impaired. Traffic is being moved to Amsterdam."),
                              (utc("2026-11-24 09:04:10"), "monitoring", "Mastercard authorisations degraded (EU): traffic moved to Amsterdam at 08:57 UTC; authorisation success rates are back to normal."),
                              (utc("2026-11-24 09:40:00"), "resolved", "Mastercard authorisations degraded (EU): resolved. Between 07:41 and 08:57 UTC Mastercard authorisations could fail with refusal reason 91 (Issuer or switch inoperative).")):
        status.add(when, json.dumps({"id": "kp-inc-20261124-01", "updated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "components": ["Authorisations - Mastercard (EU)"], "status": state, "message": text}, ensure_ascii=False))

    # --- chat (#tix-incidents)
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M')} {who}: {text}")

    say("2026-11-24 07:12:40", "Niamh Gallagher", f"deploying tap-processor 2026.11.24.1 ({head[:8]}): TIX-902 MTT indicators on first-tap ASIs, kestrel-java 4.0.0, TIX-901 logging")
    say("2026-11-24 07:20:05", "Niamh Gallagher", "out, ASIs on v3 look fine, success rate normal")
    say("2026-11-24 07:58:22", "alertmanager", "[FIRING:1] FirstTapAuthFailures tap-processor (technical failures 38% of first-tap ASIs)")
    say("2026-11-24 08:00:50", "Jakub Wiśniewski", "ASIs failing since ~07:41, refusalReasonCode=91 and timeouts. 27 min after the v3/MTT release and the kestrel-java 4 bump. rolling back to #1184")
    say("2026-11-24 08:03:30", "DenylistGrowth", "[FIRING:1] deny list deltas added 240 tokens in 10 minutes (reason=unverified)")
    say("2026-11-24 08:08:15", "Jakub Wiśniewski", "rolled back to 2026.11.23.2 (v2 API, 5 s timeout). still failing: 'ASI failed ... issuer unavailable (91)'")
    say("2026-11-24 08:11:02", "Customer care (Órla)", "riders refused at validators with CARD DENIED on the 46A and the Luas-line trams, all Mastercard as far as we can tell")
    say("2026-11-24 08:13:40", "Niamh Gallagher", "only Mastercard fails, Visa ASIs are 100% ok in the summary lines. that's not our request format")
    say("2026-11-24 08:15:55", "Pádraig (bike-share team)", "our Mastercard payments through Kestrel are failing with 91 since 07:40 too")
    say("2026-11-24 08:18:10", "Niamh Gallagher", "switching tix.risk.deny-unverified off and clearing the unverified entries so the validators stop refusing")
    say("2026-11-24 08:24:30", "Niamh Gallagher", "unverified entries removed in the delta, validators syncing. P1 open with Kestrel")
    say("2026-11-24 08:23:05", "Jakub Wiśniewski", "Kestrel status page: 'Mastercard authorisations degraded (EU)'")
    say("2026-11-24 08:58:40", "Jakub Wiśniewski", "Mastercard ASIs ok again since 08:57, retries draining")
    say("2026-11-24 09:19:30", "Niamh Gallagher", "re-deploying 2026.11.24.1, it was never the problem. deny-unverified back on after the postmortem")
    return [app, envoy, gw, deploy, status, chat], failures, stats


def build(out_dir):
    rng = random.Random(34200)
    repo, old_release, head = build_repo()
    try:
        logs, failures, stats = build_logs(rng, old_release, head)
        onset = min(failures).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset - RELEASE

        def per_min(series):
            series = sorted(series)
            import bisect
            return lambda t: bisect.bisect_right(series, t) - bisect.bisect_right(series, t - dt.timedelta(minutes=1))
        metrics = {"first_tap_asi.json": query_range([
            ({"job": "tap-processor", "result": "verified"}, per_min(stats["ok"])),
            ({"job": "tap-processor", "result": "technical_failure"}, per_min(stats["fail"])),
            ({"job": "tap-processor", "result": "declined"}, per_min(stats["declined"])),
        ], utc("2026-11-24 06:30:00"), END, 60)}
        return write_scenario(
            out_dir, name="r34-card-network-auth-outage-none", service=SERVICE, onset=onset,
            description=f"""
Norhaven Transit riders with Mastercard cards are refused at validators
("CARD DENIED") on Tuesday 24 November in the morning peak. From
{onset.strftime('%H:%M:%S')} UTC the first-tap account status inquiries tap-processor sends
to the acquirer (Kestrel) fail for Mastercard cards (refusal reason 91 or
timeouts); after three attempts the risk rule puts each token on the deny
list as unverified. tap-processor 2026.11.24.1 (MTT indicators through
Kestrel's v3 API, kestrel-java 4.0.0) had been deployed at 07:14; it was
rolled back at 08:06 without effect. The unverified rule was switched off
at 08:19; Mastercard ASIs succeed again from 08:57.

Sources: tap-processor (Spring Boot), Envoy egress access log, validator
gateway (logfmt), buildkite-agent deploy log, Kestrel's status page feed
(JSON) and #tix-incidents (chat export).
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"Issuer or switch inoperative",
                r"Mastercard authorisations degraded",
            ],
            fix_files=[],
            explanation=f"""
No commit in tap-processor caused this. Kestrel Payments lost connectivity
between its Frankfurt processing site and the Mastercard network from
07:41 to 08:57 UTC: Mastercard authorisations answered refusal reason 91
"Issuer or switch inoperative" or hung, whatever the client sent. Visa
ASIs kept succeeding (the ASI summary lines), the old release failed the
same way after the rollback ("issuer unavailable (91)"), the bike-share
team's Mastercard payments through Kestrel failed too, and Kestrel's
status page ("Mastercard authorisations degraded (EU)") was posted at
08:22, 41 minutes late. The risk rule that denies unverified tokens after
three technical failures (unchanged for months) turned that into refusals
at the validators; switching it off was mitigation, not a fix. The right
answer is that nothing in this repository did it (fix_files is empty).
Decoys: tap-processor 2026.11.24.1 at 07:14, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(TIX-902: first-tap ASIs through Kestrel's v3 API with MTT indicators,
read timeout 5 s -> 2.5 s) with the kestrel-java 4.0.0 bump; TIX-901, the
day before, which logs refusalReasonCode and refusalReason on failed ASIs
(new in that release); the rollback at 08:06 without effect; the test
commit; the ops commit that turns deny-unverified off; routine declines
(05, 54, 62, 14) that deny tokens; Kafka offset commit warnings, Hikari
housekeeper warnings, tap batch sequence gaps, validators offline.
""",
        )
    finally:
        repo.close()
