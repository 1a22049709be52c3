"""collections (Kotlin, Spring Boot 3.3; three pods on EKS in eu-west-2,
deployed by a manual GitLab CI job that runs `helm upgrade`; billing team in
Bristol and Cardiff) of Brightwell Energy, a UK electricity and gas
retailer. It collects the monthly Direct Debits: it submits the Bacs
payment files through the company's Bacs bureau (Ledgerline) and each
morning reads the bureau's reports: ADDACS (mandate amendments) and ARUDD
(unpaid Direct Debits, with the paying bank's reason code). An unpaid Debit
with reason 0 (refer to payer) is re-presented after 7 days; reasons 1
(instruction cancelled), 5 (no account), 6 (no instruction) and B (account
closed) cancel the mandate, move the account to "pay on receipt of bill"
(without the Direct Debit discount) and the notifications service sends the
"Your Direct Debit has been cancelled" email at 07:00.

Tuesday 1 December is the biggest collection day of the month (41,900
Debits). Northmoor Building Society's payments platform, after a release of
its own on Monday night, does not find the Direct Debit Instructions of a
migrated range of accounts and returns 4,612 of Brightwell's Debits on
those accounts with reason 6 (no instruction); the accounts still hold
the mandates and Northmoor's members had paid on earlier months.

Wednesday 2 December: the bureau makes the ARUDD report for 1 December
available at 06:38 UTC; collections processes it at 06:40: 4,911 returns
where a normal day has 150-350, 4,612 from Northmoor's sort codes 08-71,
all reason 6; 4,598 mandates are cancelled. collections 3.8.0 had been
released at 06:12 (COL-519: the ARUDD parser accepts the bureau's v2.2
namespace; COL-512 of the day before, which logs unpaid Debits per bank and
reason; a Spring Boot bump). At 07:00 the cancellation emails go out and
the contact centre's queue fills; the on-call rolls 3.8.0 back at 07:52
(no change: the report is processed and the mandates are cancelled) and
the dunning job is paused at 07:58. At 08:44 the bureau relays Northmoor's
service notice (returned in error, Debits may be re-presented, mandates
are valid); the billing team reinstates the mandates from the ARUDD's
list at 09:20 and re-presents the Debits for 7 December. Nothing in
collections caused it.

Sources: collections (Spring Boot console, line format), notifications
(pino JSON), ingress-nginx access for the customer portal, the bureau's
report and notice feed (JSON), GitLab CI deploy jobs, #billing-incidents
(Teams export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import nginx_access, pino
from skeletons import chores, runbook

SERVICE = "collections"
START, END = utc("2026-12-02 05:00:00"), utc("2026-12-02 10:15:00")
RELEASE = utc("2026-12-02 06:12:40")
ARUDD_READY = utc("2026-12-02 06:38:20")
ARUDD_RUN = utc("2026-12-02 06:40:00") + dt.timedelta(milliseconds=412)
DUNNING = utc("2026-12-02 07:00:00")
ROLLBACK = utc("2026-12-02 07:52:30")
PAUSE = utc("2026-12-02 07:58:10")
NOTICE = utc("2026-12-02 08:44:00")
REINSTATE = utc("2026-12-02 09:20:15")
NORTHMOOR = 4612
OTHER = 299

# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    id("org.springframework.boot") version "3.3.5"
    id("io.spring.dependency-management") version "1.1.6"
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.spring") version "2.0.21"
}

group = "energy.brightwell"
version = "3.7.2"

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("com.fasterxml.jackson.dataformat:jackson-dataformat-xml")
    implementation("net.javacrumbs.shedlock:shedlock-spring:5.16.0")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
}
"""

ARUDD = """package energy.brightwell.collections.arudd

import energy.brightwell.collections.bureau.BureauClient
import energy.brightwell.collections.mandate.MandateService
import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/**
 * Reads the bureau's ARUDD report (Direct Debits the paying banks returned
 * unpaid) and acts on each return by its reason code, as the Bacs Service
 * User Guide says: 0 re-present, 1/5/6/B the instruction is gone, cancel
 * the mandate and ask the customer to set up a new one.
 */
@Component
class AruddProcessor(
    private val bureau: BureauClient,
    private val parser: AruddParser,
    private val mandates: MandateService,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(cron = "0 */5 5-11 * * *", zone = "Europe/London")
    fun poll() {
        val report = bureau.nextUnread("ARUDD") ?: return
        val returns = parser.parse(report.body)
        log.info("ARUDD report {} for {}: {} returns", report.id, report.processingDate, returns.size)
        returns.chunked(500).forEach { chunk ->
            var cancelled = 0
            var represent = 0
            chunk.forEach { r ->
                when (r.reason) {
                    "0" -> { mandates.scheduleRepresentation(r, days = 7); represent++ }
                    "1", "5", "6", "B" -> { mandates.cancelAfterReturn(r); cancelled++ }
                    else -> mandates.flagForReview(r)
                }
            }
            log.info("ARUDD chunk processed: {} returns, mandates cancelled: {}, re-presentations scheduled: {}", chunk.size, cancelled, represent)
        }
        bureau.markRead(report.id)
    }
}
"""

PARSER = """package energy.brightwell.collections.arudd

import com.fasterxml.jackson.dataformat.xml.XmlMapper

data class UnpaidDebit(
    val reference: String,
    val sortCode: String,
    val accountNumber: String,
    val amountPence: Long,
    val reason: String,
    val originalDate: String,
)

class AruddParser(private val xml: XmlMapper) {
    private val ns = "http://bacs.co.uk/submissions"

    fun parse(body: String): List<UnpaidDebit> {
        val doc = xml.readTree(body)
        return doc.path("Data").path("ARUDD").path("Advice").path("OriginatingAccountRecords")
            .path("OriginatingAccountRecord").path("ReturnedDebitItem")
            .map {
                UnpaidDebit(
                    reference = it.path("ref").asText(),
                    sortCode = it.path("PayerAccount").path("sortCode").asText(),
                    accountNumber = it.path("PayerAccount").path("number").asText(),
                    amountPence = (it.path("valueOf").asText().toBigDecimal() * 100.toBigDecimal()).toLong(),
                    reason = it.path("returnCode").asText(),
                    originalDate = it.path("originalProcessingDate").asText(),
                )
            }
    }
}
"""

MANDATES = """package energy.brightwell.collections.mandate

import energy.brightwell.collections.arudd.UnpaidDebit
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Service

@Service
class MandateService(private val jdbc: JdbcTemplate, private val events: AccountEvents) {

    fun cancelAfterReturn(r: UnpaidDebit) {
        jdbc.update(
            "UPDATE mandates SET status = 'CANCELLED', cancelled_reason = ? WHERE reference = ? AND status = 'ACTIVE'",
            "ARUDD_" + r.reason, r.reference,
        )
        events.publish("mandate.cancelled", r.reference, mapOf("reason" to r.reason, "source" to "ARUDD"))
    }

    fun scheduleRepresentation(r: UnpaidDebit, days: Int) {
        jdbc.update(
            "INSERT INTO representations (reference, amount_pence, due_date) VALUES (?, ?, current_date + ?)",
            r.reference, r.amountPence, days,
        )
    }

    fun flagForReview(r: UnpaidDebit) {
        jdbc.update("INSERT INTO returns_review (reference, reason) VALUES (?, ?)", r.reference, r.reason)
    }
}
"""

APP_YAML = """spring:
  application:
    name: collections
  datasource:
    url: jdbc:postgresql://billing-db.brightwell.internal:5432/billing
    hikari:
      maximum-pool-size: 12
bureau:
  base-url: https://api.ledgerline.co.uk/v2
  service-user-number: "284117"
  submission-cutoff: "21:00"
dunning:
  cancellation-email:
    send-at: "08:00"
    template: dd_cancelled_v4
  failed-payment-email:
    send-at: "08:00"
    template: dd_unpaid_v3
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: eclipse-temurin:21-jdk
  script: ./gradlew test

build:
  stage: build
  script:
    - docker build -t $ECR/collections:$CI_COMMIT_SHORT_SHA .
    - docker push $ECR/collections:$CI_COMMIT_SHORT_SHA
  only: [main]

deploy-production:
  stage: deploy
  when: manual
  script:
    - helm upgrade --install collections chart/collections -n billing -f chart/collections/values-production.yaml --set image.tag=$CI_COMMIT_SHORT_SHA --wait
  only: [main]
"""

RUNBOOK_ALERTS = [
    ("BacsSubmissionLate", "The day's payment file is not submitted by 20:00. Check the bureau's API status and the submission job's log; the cut-off is 21:00 (bureau), after which the collection moves a day."),
    ("AruddReturnsHigh", "More than 1,000 unpaid Debits in one ARUDD. Look at the per-bank line: one bank with one reason is usually the bank. Pause the dunning job (`POST /admin/dunning/pause`) before 07:00 if in doubt."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    gwen = Person("Gwen Pritchard", "gwen.pritchard@brightwell.energy", 0)
    sam = Person("Sam Okafor", "sam.okafor@brightwell.energy", 0)
    rhian = Person("Rhian Evans", "rhian.evans@brightwell.energy", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    arudd = "src/main/kotlin/energy/brightwell/collections/arudd/AruddProcessor.kt"
    parser = "src/main/kotlin/energy/brightwell/collections/arudd/AruddParser.kt"
    files = {
        "build.gradle.kts": BUILD,
        arudd: ARUDD,
        parser: PARSER,
        "src/main/kotlin/energy/brightwell/collections/mandate/MandateService.kt": MANDATES,
        "src/main/resources/application.yaml": APP_YAML,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": "# collections\n\nDirect Debit collection for Brightwell Energy: payment files to the Bacs\nbureau (Ledgerline), and the bureau's ADDACS, AUDDIS and ARUDD reports\nback into mandates and payments.\n\n## Running locally\n\n```\ndocker compose up -d postgres bureau-stub\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-24 10:00:00"), gwen, "collections: Bacs submissions, ADDACS and ARUDD processing", files)
    repo.schedule(chores(random.Random(48201), SERVICE, [gwen, sam], utc("2026-11-24 11:00:00"), utc("2026-11-30 16:00:00"), 3))
    repo.commit(utc("2026-11-26 14:10:00"), sam, "submission: warn when the payment file's contra total differs from the sum of debits (COL-503)", {
        "docs/bacs.md": "# Bacs at Brightwell\n\n- Service user number 284117, bureau Ledgerline (API v2).\n- Payment files are submitted on day 1 by 21:00; debits are collected on\n  day 3; ARUDD for day 3 is available on day 4 from about 06:30.\n- ARUDD reason codes we act on: 0 re-present after 7 days; 1, 5, 6, B\n  cancel the mandate; anything else goes to the review queue.\n",
    })
    repo.commit(utc("2026-11-30 10:30:00"), bot, "fix(deps): update dependency net.javacrumbs.shedlock:shedlock-spring to v5.16.1", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "shedlock-spring:5.16.0", "shedlock-spring:5.16.1"),
    })
    prev = repo.commit(utc("2026-11-30 15:45:00"), rhian, "release 3.7.2", {
        "CHANGELOG.md": "# Changelog\n\n## 3.7.2\n\n- Contra total check on submission (COL-503)\n- shedlock 5.16.1\n",
    })
    repo.commit(utc("2026-12-01 11:25:00"), sam, "arudd: log unpaid debits per bank and reason code (COL-512)\n\nWhen a day's returns are high we look them up by sort code by hand; the\nsummary line tells at once whether it is one bank.", {
        arudd: sub(ARUDD,
                   '        log.info("ARUDD report {} for {}: {} returns", report.id, report.processingDate, returns.size)\n',
                   '        log.info("ARUDD report {} for {}: {} returns", report.id, report.processingDate, returns.size)\n'
                   '        returns.groupBy { Triple(banks.nameOf(it.sortCode), it.sortCode.take(5), it.reason) }\n'
                   '            .toList().sortedByDescending { it.second.size }\n'
                   '            .forEach { (key, items) ->\n'
                   '                val (bank, prefix, reason) = key\n'
                   '                log.warn("unpaid direct debits: bank=\\"{}\\" sort_code_prefix={} reason={} ({}) count={} amount_gbp={}",\n'
                   '                    bank, prefix, reason, ReasonCodes.describe(reason), items.size, items.sumOf { it.amountPence } / 100.0)\n'
                   '            }\n',
                   "    private val mandates: MandateService,\n) {",
                   "    private val mandates: MandateService,\n    private val banks: SortCodeDirectory,\n) {"),
    })
    repo.commit(utc("2026-12-01 14:05:00"), rhian, "dunning: send the cancellation and unpaid emails at 07:00 (COL-517)\n\nCustomers who call at 08:00 about a failed payment have not had the\nemail yet; the contact centre asked for it an hour earlier.", {
        "src/main/resources/application.yaml": repo.edit("src/main/resources/application.yaml", '    send-at: "08:00"\n    template: dd_cancelled_v4\n  failed-payment-email:\n    send-at: "08:00"\n', '    send-at: "07:00"\n    template: dd_cancelled_v4\n  failed-payment-email:\n    send-at: "07:00"\n'),
    })
    repo.commit(utc("2026-12-01 16:40:00"), sam, "arudd: accept the bureau's v2.2 report namespace (COL-519)\n\nLedgerline moves ARUDD and ADDACS reports to schema v2.2 on 7 December\n(their notice LL-2026-41): the namespace changes and returnDescription\nis added. Read both; the fields we use are the same.", {
        parser: sub(PARSER,
                    '    private val ns = "http://bacs.co.uk/submissions"\n',
                    '    // v2.1 until 7 December 2026, v2.2 after (Ledgerline notice LL-2026-41)\n    private val namespaces = setOf("http://bacs.co.uk/submissions", "http://bacs.co.uk/submissions/v2.2")\n',
                    '        val doc = xml.readTree(body)\n',
                    '        val doc = xml.readTree(body)\n        require(doc.path("xmlns").asText("http://bacs.co.uk/submissions") in namespaces) { "unknown ARUDD namespace" }\n'),
    })
    repo.commit(utc("2026-12-01 17:05:00"), bot, "fix(deps): update spring boot to v3.3.6", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'version "3.3.5"', 'version "3.3.6"'),
    })
    head = repo.commit(utc("2026-12-02 06:02:00"), rhian, "release 3.8.0", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'version = "3.7.2"', 'version = "3.8.0"'),
        "CHANGELOG.md": "# Changelog\n\n## 3.8.0\n\n- ARUDD: unpaid debits logged per bank and reason (COL-512)\n- Dunning emails at 07:00 (COL-517)\n- ARUDD: bureau schema v2.2 accepted (COL-519)\n- Spring Boot 3.3.6\n\n## 3.7.2\n\n- Contra total check on submission (COL-503)\n- shedlock 5.16.1\n",
    })
    repo.commit(utc("2026-12-02 10:05:00"), gwen, "runbook: a bank returning Debits in error (INC-1203)\n\nNorthmoor Building Society returned 4,612 of 1 December's Debits with\nreason 6 after a release of theirs; the mandates were valid.", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## A bank returns Debits in error\n\nOne bank, one reason, thousands of returns: pause dunning, ask the bureau\nfor a service notice, and do not act on the mandates until the bank has\nanswered. Reinstate from the ARUDD's list with\n`POST /admin/mandates/reinstate?report=<id>&sortCodePrefix=<nn-nn>`.\n",
    })
    return repo, {"head": head, "prev": prev}


# ---------------------------------------------------------------------------
# the morning


def build_logs(rng, shas):
    app, notif, ingress, bureau, gitlab, teams = (Log("collections.log"), Log("notifications.log"), Log("ingress-nginx.log"),
                                                 Log("ledgerline-feed.log"), Log("gitlab-deploy.log"), Log("teams-billing-incidents.log"))
    stats = {"emails": [], "calls": []}

    def inwin(t):
        return START <= t < END

    epochs = [
        (utc("2026-11-30 16:20:00"), "collections-6b8f9c7d54-", ["2mwxq", "h7trk", "v9lpc"], "3.7.2"),
        (RELEASE, "collections-7c4d8b6f95-", ["4qzrn", "k2fhd", "x8mbw"], "3.8.0"),
        (ROLLBACK, "collections-6b8f9c7d54-", ["d5pgt", "n3wks", "r6yjq"], "3.7.2"),
    ]

    def epoch(t):
        cur = epochs[0]
        for e in epochs:
            if e[0] <= t:
                cur = e
        return cur

    def spring(t, level, thread, logger, msg, pod=None):
        if not inwin(t):
            return
        e = epoch(t)
        p = pod or (e[1] + e[2][1] if thread.startswith("scheduling") else e[1] + rng.choice(e[2]))
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        app.add(t, f"{p} {stamp} {level:>5} 1 --- [collections] [{thread:>15}] {logger:<40} : {msg}")

    # --- starts
    for e0, prefix, pods, ver in epochs[1:]:
        for k, pod in enumerate(pods):
            t0 = e0 - dt.timedelta(seconds=38 - k * 11)
            spring(t0, "INFO", "main", "e.b.collections.CollectionsApplicationKt", f"Starting CollectionsApplicationKt v{ver} using Java 21.0.5 with PID 1", prefix + pod)
            spring(t0 + dt.timedelta(seconds=2, milliseconds=300), "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.", prefix + pod)
            spring(t0 + dt.timedelta(seconds=9, milliseconds=120), "INFO", "main", "e.b.collections.CollectionsApplicationKt", f"Started CollectionsApplicationKt in 9.84 seconds (process running for 10.6)", prefix + pod)

    # --- routine work: payment file submission for 4 December at 05:30, ADDACS, card payments, mandate set-ups
    spring(utc("2026-12-02 05:30:02"), "INFO", "scheduling-1", "e.b.c.submission.SubmissionJob", "payment file for collection date 2026-12-04: 6,114 debits, 927,406.18 GBP, contra total matches")
    spring(utc("2026-12-02 05:30:09"), "INFO", "scheduling-1", "e.b.c.bureau.BureauClient", "submission 8841207 accepted by Ledgerline: status=RECEIVED, processing day 2026-12-02")
    spring(utc("2026-12-02 05:46:31"), "INFO", "scheduling-1", "e.b.c.bureau.BureauClient", "submission 8841207: Bacs input report received, status=ACCEPTED, 6,114 items")
    for when, name in [(utc("2026-12-02 06:35:00") + dt.timedelta(milliseconds=880), "ADDACS"), (utc("2026-12-02 06:35:02"), "AUDDIS")]:
        spring(when, "INFO", "scheduling-1", "e.b.c.addacs.AddacsProcessor" if name == "ADDACS" else "e.b.c.auddis.AuddisProcessor",
               f"{name} report LL-{name}-20261202-284117 for 2026-12-01: {rng.randint(90, 160) if name == 'ADDACS' else rng.randint(3, 12)} items")
    for when in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(700)):
        x = rng.random()
        ref = f"BW{rng.randint(10000000, 99999999)}"
        if x < 0.45:
            spring(when, "INFO", f"http-nio-8080-exec-{rng.randint(1, 20)}", "e.b.c.mandate.MandateController", f"mandate set up: reference={ref} channel={rng.choice(['portal', 'app', 'phone'])} payment_day={rng.choice([1, 1, 1, 8, 15, 22, 28])}")
        elif x < 0.75:
            spring(when, "INFO", f"http-nio-8080-exec-{rng.randint(1, 20)}", "e.b.c.card.CardPaymentWebhook", f"card payment succeeded: account={rng.randint(3000000, 3999999)} amount_gbp={rng.uniform(20, 400):.2f} psp_ref=pi_{hexid(rng, 24)}")
        elif x < 0.82:
            spring(when, "WARN", f"http-nio-8080-exec-{rng.randint(1, 20)}", "e.b.c.card.CardPaymentWebhook", f"card payment failed: account={rng.randint(3000000, 3999999)} decline_code={rng.choice(['insufficient_funds', 'do_not_honor', 'expired_card'])}")
        elif x < 0.95:
            spring(when, "INFO", f"http-nio-8080-exec-{rng.randint(1, 20)}", "e.b.c.schedule.ScheduleController", f"payment schedule recalculated: account={rng.randint(3000000, 3999999)} monthly_gbp={rng.uniform(40, 260):.2f} reason={rng.choice(['annual_review', 'customer_request', 'tariff_change'])}")
        else:
            spring(when, "WARN", f"http-nio-8080-exec-{rng.randint(1, 20)}", "e.b.c.mandate.ModulusCheck", f"bank details rejected: sort code {rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} fails the modulus check")
    t = START
    while t < ARUDD_READY:
        spring(t + dt.timedelta(milliseconds=rng.randint(2, 60)), "INFO", "scheduling-1", "e.b.c.arudd.AruddProcessor", "ARUDD poll: no unread report")
        t += dt.timedelta(minutes=5)

    # --- the ARUDD run
    spring(ARUDD_RUN, "INFO", "scheduling-1", "e.b.c.bureau.BureauClient", "report LL-ARUDD-20261202-284117 downloaded: 1,842,113 bytes")
    total = NORTHMOOR + OTHER
    spring(ARUDD_RUN + dt.timedelta(seconds=2), "INFO", "scheduling-1", "e.b.c.arudd.AruddProcessor", f"ARUDD report LL-ARUDD-20261202-284117 for 2026-12-01: {total} returns")
    groups = [("Northmoor Building Society", "08-71", "6", "no instruction", NORTHMOOR)]
    rest = OTHER
    for bank, prefix in [("Barclays", "20-45"), ("Lloyds", "30-94"), ("NatWest", "60-17"), ("HSBC", "40-11"), ("Santander", "09-01"), ("Nationwide", "07-01"), ("Monzo", "04-00"), ("Halifax", "11-01"), ("Starling", "60-83")]:
        for reason, desc in [("0", "refer to payer"), ("1", "instruction cancelled"), ("B", "account closed")]:
            n = max(0, int(rest * rng.uniform(0.01, 0.08))) if reason == "0" else rng.randint(0, 3)
            if n:
                groups.append((bank, prefix, reason, desc, n))
    other_sum = sum(g[4] for g in groups[1:])
    groups.append(("Barclays", "20-45", "0", "refer to payer", OTHER - other_sum)) if OTHER > other_sum else None
    merged = {}
    for bank, prefix, reason, desc, n in groups:
        merged[(bank, prefix, reason, desc)] = merged.get((bank, prefix, reason, desc), 0) + n
    lines = sorted(merged.items(), key=lambda kv: -kv[1])
    cancelled_total = 0
    for (bank, prefix, reason, desc), n in lines:
        amount = n * rng.uniform(95, 140)
        spring(ARUDD_RUN + dt.timedelta(seconds=2, milliseconds=40), "WARN", "scheduling-1", "e.b.c.arudd.AruddProcessor",
               f'unpaid direct debits: bank="{bank}" sort_code_prefix={prefix} reason={reason} ({desc}) count={n} amount_gbp={amount:.2f}')
    t = ARUDD_RUN + dt.timedelta(seconds=3)
    left = total
    cancel_left = NORTHMOOR - 14 + sum(n for (b, p, r, d), n in lines if r in "15B" and b != "Northmoor Building Society")
    rep_left = sum(n for (b, p, r, d), n in lines if r == "0")
    while left > 0:
        size = min(500, left)
        c = min(cancel_left, int(size * cancel_left / left + 0.5))
        rp = min(rep_left, int(size * rep_left / left + 0.5))
        t += dt.timedelta(seconds=rng.uniform(6, 11))
        spring(t, "INFO", "scheduling-1", "e.b.c.arudd.AruddProcessor", f"ARUDD chunk processed: {size} returns, mandates cancelled: {c}, re-presentations scheduled: {rp}")
        left -= size
        cancel_left -= c
        rep_left -= rp
        cancelled_total += c
    stats["cancelled"] = cancelled_total
    spring(t + dt.timedelta(milliseconds=300), "INFO", "scheduling-1", "e.b.c.arudd.AruddProcessor", "14 returns sent to review: mandate already cancelled or not found")
    arudd_done = t + dt.timedelta(milliseconds=500)
    spring(arudd_done, "INFO", "scheduling-1", "e.b.c.bureau.BureauClient", "report LL-ARUDD-20261202-284117 marked read")
    stats["arudd_done"] = arudd_done

    # --- dunning: 07:00 (COL-517), emails queued to notifications in pages until paused
    spring(DUNNING + dt.timedelta(seconds=1), "INFO", "scheduling-2", "e.b.c.dunning.DunningJob", f"dunning run: {cancelled_total} cancellation emails (dd_cancelled_v4), {sum(n for (b, p, r, d), n in lines if r == '0')} unpaid emails (dd_unpaid_v3)")
    queued = 0
    t = DUNNING + dt.timedelta(seconds=3)
    while queued < cancelled_total and t < PAUSE:
        n = min(200, cancelled_total - queued)
        queued += n
        spring(t, "INFO", "scheduling-2", "e.b.c.dunning.DunningJob", f"dunning page queued: {n} dd_cancelled_v4, {queued}/{cancelled_total}")
        t += dt.timedelta(seconds=rng.uniform(50, 70))
    stats["queued"] = queued
    spring(PAUSE, "WARN", "http-nio-8080-exec-3", "e.b.c.dunning.DunningAdminController", f"dunning paused by gwen.pritchard: {cancelled_total - queued} cancellation emails held")
    spring(REINSTATE, "INFO", "http-nio-8080-exec-7", "e.b.c.mandate.MandateAdminController", f"reinstate requested by gwen.pritchard: report=LL-ARUDD-20261202-284117 sortCodePrefix=08-71 reason=6")
    spring(REINSTATE + dt.timedelta(seconds=41), "INFO", "http-nio-8080-exec-7", "e.b.c.mandate.MandateAdminController", f"mandates reinstated: {NORTHMOOR - 14}, re-presentations scheduled for 2026-12-07: {NORTHMOOR - 14}")
    spring(REINSTATE + dt.timedelta(minutes=6), "INFO", "http-nio-8080-exec-2", "e.b.c.dunning.DunningAdminController", "dunning resumed by gwen.pritchard: held emails for reinstated mandates dropped")

    # --- notifications (pino JSON)
    npods = ["notifications-5d9b7c8f4-j2kqp", "notifications-5d9b7c8f4-t6xwm"]
    sent = []
    t = DUNNING + dt.timedelta(seconds=5)
    left = queued
    while left > 0:
        n = min(rng.randint(40, 70), left)
        left -= n
        sent.append((t, n))
        notif.add(t, pino(t, "info", "email batch sent", pid=1, hostname=rng.choice(npods), template="dd_cancelled_v4", count=n, provider="postmark", queue_ms=rng.randint(200, 4000)))
        t += dt.timedelta(seconds=rng.uniform(10, 16))
    for when in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(900)):
        tpl = rng.choice(["bill_ready_v7", "bill_ready_v7", "payment_received_v2", "smart_booking_v3", "meter_reading_reminder_v2", "password_reset_v1"])
        notif.add(when, pino(when, "info", "email sent", pid=1, hostname=rng.choice(npods), template=tpl, to_domain=rng.choice(["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com"]), message_id=hexid(rng, 24)))
    for _ in range(35):
        when = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        notif.add(when, pino(when, "warn", "email bounced", pid=1, hostname=rng.choice(npods), bounce_type=rng.choice(["HardBounce", "SoftBounce"]), template=rng.choice(["bill_ready_v7", "dd_unpaid_v3", "payment_received_v2"])))
    for t, n in sent:
        for _ in range(int(n * 0.011)):
            w = t + dt.timedelta(seconds=rng.uniform(5, 60))
            notif.add(w, pino(w, "warn", "email bounced", pid=1, hostname=rng.choice(npods), bounce_type=rng.choice(["HardBounce", "SoftBounce"]), template="dd_cancelled_v4"))
    stats["sent"] = sent

    # --- ingress: customer portal and app traffic; after the emails people look at their payments and set up DDs again
    uas = ["BrightwellApp/4.18.2 (iPhone; iOS 18.1)", "BrightwellApp/4.18.2 (Android 15; Pixel 8)", "BrightwellApp/4.17.0 (Android 14; SM-A546B)",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"]

    def emails_recent(t):
        return sum(n for w, n in sent if t - dt.timedelta(minutes=40) < w <= t)

    t = START
    while t < END:
        hour = (t - START).total_seconds() / 3600
        base = 4 + 11 * min(1.0, max(0.0, hour - 1.5) / 3)
        surge = emails_recent(t) / 45
        rate = base + surge
        t += dt.timedelta(seconds=rng.expovariate(rate / 60.0))
        x = rng.random()
        acct = rng.randint(3000000, 3999999)
        surge_share = surge / rate
        if x < surge_share * 0.5:
            path, method, status, size, rtm = f"/api/v1/accounts/{acct}/payments?limit=12", "GET", 200, rng.randint(2000, 6000), 0.06
        elif x < surge_share * 0.8:
            path, method, status, size, rtm = f"/api/v1/accounts/{acct}/direct-debit", "GET", 200, rng.randint(400, 900), 0.04
        elif x < surge_share:
            path, method, status, size, rtm = f"/api/v1/accounts/{acct}/direct-debit/mandate", "POST", rng.choice([201, 201, 201, 422]), rng.randint(200, 600), 0.35
        else:
            path, method, status, size, rtm = rng.choice([
                (f"/api/v1/accounts/{acct}/usage?granularity=day&from=2026-11-01", "GET", 200, rng.randint(3000, 12000), 0.12),
                (f"/api/v1/accounts/{acct}/bills?limit=6", "GET", 200, rng.randint(1500, 5000), 0.05),
                (f"/api/v1/accounts/{acct}/balance", "GET", 200, rng.randint(200, 400), 0.02),
                (f"/api/v1/accounts/{acct}/meter-readings", "POST", 201, 180, 0.09),
                ("/api/v1/auth/token", "POST", rng.choice([200, 200, 200, 401]), 640, 0.08),
                (f"/api/v1/accounts/{acct}/tariff", "GET", 200, rng.randint(900, 1800), 0.03),
            ])
        rt = max(0.002, rng.lognormvariate(0, 0.45) * rtm)
        ingress.add(t, nginx_access(t, f"{rng.randint(31, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", method, path, status, size, rt, rng.choice(uas), upstream_rt=rt - 0.001))

    # --- Ledgerline's report and notice feed
    def feed(t, kind, **kv):
        body = {"id": f"evt_{hexid(rng, 20)}", "created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "type": kind, "service_user_number": "284117"}
        body.update(kv)
        bureau.add(t, json.dumps(body, separators=(",", ":")))

    feed(utc("2026-12-02 05:30:08"), "submission.received", submission_id="8841207", items=6114)
    feed(utc("2026-12-02 05:46:30"), "submission.input_report", submission_id="8841207", status="ACCEPTED", items=6114)
    feed(utc("2026-12-02 06:31:40"), "report.available", report_type="ADDACS", report_id="LL-ADDACS-20261202-284117", processing_date="2026-12-01")
    feed(utc("2026-12-02 06:31:44"), "report.available", report_type="AUDDIS", report_id="LL-AUDDIS-20261202-284117", processing_date="2026-12-01")
    feed(ARUDD_READY, "report.available", report_type="ARUDD", report_id="LL-ARUDD-20261202-284117", processing_date="2026-12-01", items=total)
    feed(utc("2026-12-02 05:12:00"), "service.notice", severity="info", title="Scheduled maintenance 5 December 22:00-23:30", body="The Ledgerline portal will be unavailable; API submissions are queued.")
    feed(NOTICE, "service.notice", severity="major", title="Northmoor Building Society: Direct Debits returned in error (processing date 1 December)",
         body="Northmoor Building Society has informed Bacs that Direct Debits due on 1 December 2026 to accounts with sort codes 08-71-xx were returned unpaid in error with ARUDD reason code 6 (no instruction) following a change to its payments platform. The Direct Debit Instructions remain valid. Service users may re-present the affected Debits; Northmoor asks that mandates are not cancelled.")
    feed(utc("2026-12-02 09:55:00"), "service.notice", severity="info", title="Northmoor Building Society: update", body="Northmoor has corrected its platform; Direct Debits presented from 2 December are processed normally.")

    # --- GitLab deploy jobs
    def job(t0, job_id, sha, action_lines):
        t = t0
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O Running with gitlab-runner 17.5.3 (12030cf4) on k8s-runner-billing {hexid(rng, 8)}")
        t += dt.timedelta(seconds=4)
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O Job {job_id}: deploy-production, ref main, commit {sha[:8]}, triggered by {action_lines[0]}")
        for line, secs in action_lines[1:]:
            t += dt.timedelta(seconds=secs, milliseconds=rng.randint(0, 900))
            gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 01O {line}")
        t += dt.timedelta(seconds=1)
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O Job succeeded")

    job(RELEASE - dt.timedelta(seconds=84), 8841733, shas["head"], ["Rhian Evans", (f"$ helm upgrade --install collections chart/collections -n billing -f chart/collections/values-production.yaml --set image.tag={shas['head'][:8]} --wait", 3),
                                                                ("Release \"collections\" has been upgraded. Happy Helming!", 76), ("NAME: collections", 0), ("NAMESPACE: billing", 0), ("STATUS: deployed", 0), ("REVISION: 58", 0)])
    job(ROLLBACK - dt.timedelta(seconds=70), 8842190, shas["prev"], ["Gwen Pritchard (retry of job 8790412)", (f"$ helm upgrade --install collections chart/collections -n billing -f chart/collections/values-production.yaml --set image.tag={shas['prev'][:8]} --wait", 3),
                                                                     ("Release \"collections\" has been upgraded. Happy Helming!", 63), ("NAME: collections", 0), ("NAMESPACE: billing", 0), ("STATUS: deployed", 0), ("REVISION: 59", 0)])

    # --- Teams
    users = {"alertmanager": "Alertmanager", "rhian.evans": "Rhian Evans", "gwen.pritchard": "Gwen Pritchard", "sam.okafor": "Sam Okafor",
             "leanne.morgan (contact centre)": "Leanne Morgan", "tom.hale (payments ops)": "Tom Hale"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "billing-incidents",
                                 "from": {"user": {"displayName": users[who]}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    say(RELEASE - dt.timedelta(minutes=3), "rhian.evans", "deploying collections 3.8.0 (ARUDD per-bank logging, dunning at 07:00, bureau schema v2.2, Boot 3.3.6)")
    say(RELEASE + dt.timedelta(minutes=2), "rhian.evans", "3.8.0 is up, ADDACS at 06:35 looked normal")
    say(arudd_done + dt.timedelta(minutes=1, seconds=20), "alertmanager", f"[FIRING:1] AruddReturnsHigh billing/collections {total} unpaid Direct Debits in LL-ARUDD-20261202-284117")
    say(arudd_done + dt.timedelta(minutes=6), "rhian.evans", "looking. 4.9k returns for the 1st, a normal 1st is ~300. most of them one line: Northmoor Building Society, reason 6, 4,612")
    say(DUNNING + dt.timedelta(minutes=19), "tom.hale (payments ops)", "Northmoor is a small building society, reason 6 = no instruction. did we send them the wrong originator number or something? the file on the 27th was accepted")
    say(utc("2026-12-02 07:34:00"), "leanne.morgan (contact centre)", "queue is 140 deep, all 'you cancelled my direct debit' after the 7am email, they say their bank shows the mandate. what do we tell them?")
    say(utc("2026-12-02 07:41:00"), "gwen.pritchard", "COL-519 changed how we read the ARUDD this morning. could we be reading another service user's returns, or the reason field from the wrong element? rolling back to 3.7.2 to be safe")
    say(ROLLBACK + dt.timedelta(minutes=2), "gwen.pritchard", "3.7.2 back. the report is already processed and the mandates are cancelled, so nothing changes. checked the raw XML: 4,612 ReturnedDebitItem with returnCode 6, sort codes 08-71, our SUN. the parser read it right")
    say(PAUSE + dt.timedelta(seconds=20), "gwen.pritchard", f"dunning paused, {stats['queued']} cancellation emails already gone, the rest held")
    say(utc("2026-12-02 08:12:00"), "tom.hale (payments ops)", "rang Ledgerline, they've had the same from two other service users this morning, all Northmoor, all reason 6. they are asking Northmoor via Bacs")
    say(NOTICE + dt.timedelta(minutes=3), "tom.hale (payments ops)", "Ledgerline service notice: Northmoor returned 1 Dec debits in error after a platform change, mandates are valid, we may re-present")
    say(NOTICE + dt.timedelta(minutes=8), "leanne.morgan (contact centre)", "thanks, giving agents a script: bank error at Northmoor, your Direct Debit is still in place, nothing to do")
    say(REINSTATE + dt.timedelta(minutes=2), "gwen.pritchard", f"reinstated {NORTHMOOR - 14} mandates from the ARUDD list, re-presenting on 7 Dec. apology email to the ones who got the cancellation going out at 10:30 via comms")
    say(utc("2026-12-02 09:36:00"), "sam.okafor", "redeploying 3.8.0 later today, it wasn't that. runbook note for a bank's error incoming")
    say(utc("2026-12-02 10:06:00"), "gwen.pritchard", "INC-1203 closed on our side. postmortem item: don't cancel mandates on a single bank's mass reason 6 without a look")
    return [app, notif, ingress, bureau, gitlab, teams], stats


def build(out_dir):
    rng = random.Random(48200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = (ARUDD_RUN + dt.timedelta(seconds=2)).replace(microsecond=0)
        sent = stats["sent"]
        mstart = utc("2026-12-02 05:00:00")
        metrics = {
            "collections_arudd_returns_total.json": query_range(
                [({"job": "collections", "reason": r}, (lambda t, n=n: n if t >= stats["arudd_done"] else 0)) for r, n in [("6", NORTHMOOR), ("0", OTHER - 12), ("B", 7), ("1", 5)]],
                mstart, END, 60),
            "notifications_emails_sent_per_min.json": query_range(
                [({"job": "notifications", "template": "dd_cancelled_v4"}, lambda t: sum(n for w, n in sent if t - dt.timedelta(minutes=1) < w <= t))],
                mstart, END, 60),
            "contact_centre_queue_depth.json": query_range(
                [({"job": "genesys-exporter", "queue": "billing"}, lambda t: max(3, int(4 + 150 * max(0.0, min(1.0, (t - utc('2026-12-02 07:08:00')).total_seconds() / 1500)) * (1.0 if t < NOTICE + dt.timedelta(minutes=15) else max(0.1, 1 - (t - NOTICE - dt.timedelta(minutes=15)).total_seconds() / 2400)))) if t >= utc('2026-12-02 07:00:00') else 2 + (t.minute % 3))],
                mstart, END, 60),
        }
        return write_scenario(
            out_dir, name="r48-building-society-arudd-none", service=SERVICE, onset=onset,
            description=f"""
Brightwell Energy cancels {stats['cancelled']} customers' Direct Debit mandates on
Wednesday 2 December: at {onset.strftime('%H:%M:%S')} UTC collections processes the bureau's
ARUDD report for 1 December's collection with {NORTHMOOR + OTHER} unpaid Debits (a
normal day has 150-350), {NORTHMOOR} of them from one building society with
reason 6 (no instruction). At 07:00 the "Your Direct Debit has been
cancelled" emails go out and the contact centre's queue fills. collections
3.8.0 had been released at 06:12; rolling it back at 07:52 changed nothing.
The dunning job is paused at 07:58 and the mandates are reinstated at
09:20.
""",
            logs=logs, line_formats={"collections.log": r'<Pod> <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s+: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"unpaid direct debits: bank=.*reason=",
                r"Direct Debits returned in error",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Northmoor Building Society's payments platform,
after a change of its own, returned Brightwell's Direct Debits of 1
December on its sort codes 08-71 unpaid with ARUDD reason code 6 (no
instruction) although the instructions were in place ({NORTHMOOR} of them;
"unpaid direct debits: bank="Northmoor Building Society"
sort_code_prefix=08-71 reason=6 (no instruction) count={NORTHMOOR}"). collections
did what the Bacs rules and its runbook say for reason 6: it cancelled the
mandates, and the dunning job sent the cancellation emails. Ledgerline's
service notice at 08:44 ("Northmoor Building Society: Direct Debits
returned in error") confirms it; the mandates are reinstated through an
admin endpoint, not a code change (a runbook note follows).
Decoys: collections 3.8.0 released at 06:12, 27 minutes before the onset,
with COL-519 (the ARUDD parser accepts the bureau's v2.2 namespace, in the
very file that reads the returns), COL-512 (adds the very "unpaid direct
debits" summary line, so the line is new today), COL-517 (the dunning
emails at 07:00 instead of 08:00, which is why customers had them before
the contact centre opened) and a Spring Boot bump; rolled back at 07:52
without effect; the contra total check of the week before; the shedlock
bump; Ledgerline's maintenance notice for 5 December; routine card
declines, modulus check failures and email bounces.
""",
        )
    finally:
        repo.close()
