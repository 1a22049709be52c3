"""ca-bridge (Kotlin, Spring Boot 3; two pods on OpenShift in Nairobi, a
manual GitLab CI job running `helm upgrade`) of Tausi TV, the prepaid
satellite pay-TV operator of `r83-bouquet-migration-shared-product`, five
months later. A payment (M-Pesa Paybill) becomes a Verocrypt SGW ENTITLE;
the CAS turns it into EMMs that Verocrypt's EMM generator (EMMG) hands to
the uplink's multiplexer over a DVB SimulCrypt EMMG<->MUX connection
(TCP 4200 on the MUX pair's virtual address 10.50.1.10, client_ID
0x4A210001), which puts them on EMM PID 0x0101 of all six transport
streams. Most prepaid customers pay after their screen has gone black, so
a payment whose EMM does not go on air is a customer who has paid and
still sees E016. The multiplexers (Stratacast MX-8, mux-a active, mux-b
standby) belong to Broadcast Engineering at the Kasarani teleport.

Friday 30 October 2026, 16:40 UTC (19:40 EAT): ca-bridge 6.4.0 for the
month-end payday (PAY-218: reconnect from billing's payment.applied
events instead of the payment gateway's M-Pesa confirmation callback, in
the very reconnect path; CAS-431, which tracks each TX-5 reconnect and
adds the very "not confirmed by box ... after 15 min" warning; PAY-221 in
the reconnect file; CAS-428, clear error also re-sends the pairing EMM; an
OkHttp bump). Friday evening's payday payments reconnect fine. The runbook
(Friday) reads "paid but still E016" as the payment path and says to roll
back after a release.

Saturday 31 October, 05:50 UTC (08:50 EAT): mux-a loses PSU2's input and
PSU1 overheats; at 05:52 the chassis goes down and mux-b takes over the
virtual address and the outputs. Pictures carry on (mux-b's SCS has the
ECMG). But mux-b went to the vendor for repair in September and its
configuration was restored from a March backup, from before the EMMG was
moved from the old EMM inserter to a direct SimulCrypt connection: its
peer table has no Verocrypt EMMG. The EMMG reconnects and every
channel_setup is refused ("channel_error error_status 0x000E (unknown
client_ID)"); no EMM goes on air and the EMMG queues them. mux-b has logged
"config checksum ... MISMATCH" against mux-a every half hour since
September; the NOC acknowledges the failover and the probes' PID_error on
0x0101 as transient.

From 06:07 the first reconnects are "not confirmed by box"; customers who
paid keep E016, clear error does nothing (429 after three), installers
cannot activate boxes, the call centre queue fills on the payday Saturday.
Wanjiru (on call) sees every SGW command OK, suspects PAY-218 and rolls
back to 6.3.2 at 07:12: the warnings stop, the calls do not. Amina finds
the EMMG channel DOWN with 2 hours of queued EMMs; Verocrypt's NOC
confirms its alarm since 05:53 and the refused client_ID; Daniel
(Broadcast) adds the EMMG to mux-b's peer table at 07:58; the EMMG sets up
its channel and stream, drains its queue in minutes and the boxes confirm.
6.4.0 is deployed again at 08:20. Nothing in ca-bridge is changed.

Sources: ca-bridge (logback, line format), Verocrypt SGW audit (line
format), Verocrypt EMMG (log4j), the multiplexers (syslog RFC 3164), the
teleport NOC's monitoring events (JSON lines), return-path box reports
(JSON lines), the OpenShift ingress (nginx access), GitLab deploy jobs
(runner timestamps, line format), #ca-ops (Slack export, JSON lines), call
centre tickets (Freshdesk, JSON lines)."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import nginx_access, syslog3164
from scenarios.r83_bouquet_migration_shared_product import (
    APP, APP_YAML, BOX_REPORTS, BUILD, CATALOGUE, CATALOGUE_YAML, GITLAB_CI, PKG, REFRESH, RUNBOOK, SETTINGS, SGW_CLIENT,
    SGW_PROPS, TEST, VALUES_PROD, sub)

SERVICE = "ca-bridge"
START, END = utc("2026-10-30 16:00:00"), utc("2026-10-31 10:00:00")
DEPLOY_640 = utc("2026-10-30 16:40:00")
PSU2_LOST = utc("2026-10-31 05:50:12")
FAILOVER = utc("2026-10-31 05:52:04")
ROLLBACK = utc("2026-10-31 07:12:00")
PEER_ADDED = utc("2026-10-31 07:58:20")
REDEPLOY = utc("2026-10-31 08:20:00")
EAT = dt.timedelta(hours=3)

HANDLER = """package ke.tausi.cabridge.bouquet

import io.micrometer.core.instrument.MeterRegistry
import ke.tausi.cabridge.billing.BouquetChanged
import ke.tausi.cabridge.cas.SgwClient
import ke.tausi.cabridge.store.CardStore
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

/**
 * A bouquet change: a customer's upgrade or downgrade (bouquet.changed) or billing's migration of a
 * whole bouquet (bouquet.migrated). The card keeps its add-ons.
 */
@Component
class BouquetChangeHandler(
    private val sgw: SgwClient,
    private val catalogue: Catalogue,
    private val cards: CardStore,
    private val meters: MeterRegistry,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun apply(event: BouquetChanged) {
        val from = catalogue.products(event.fromBouquet)
        val to = catalogue.products(event.toBouquet)
        val until = catalogue.entitlementEnd(event.paidUntil)
        // Make before break (CAS-377); revoke only what the new bouquet does not hold (CAS-410).
        sgw.entitle(event.cardNumber, to, until)
        val dropped = from - to.toSet()
        if (dropped.isNotEmpty()) sgw.revoke(event.cardNumber, dropped)
        cards.setBouquet(event.cardNumber, event.toBouquet, to, until)
        meters.counter("cabridge_bouquet_changes_total", "reason", event.reason.substringBefore(' ')).increment()
        log.info("Bouquet change for card {} (account {}, {}): {} -> {}, entitled products {} until {}, then revoked products {}",
            event.cardNumber, event.account, event.reason, event.fromBouquet, event.toBouquet, to, event.paidUntil, dropped)
    }
}
"""

RECONNECT = """package ke.tausi.cabridge.payment

import ke.tausi.cabridge.bouquet.Catalogue
import ke.tausi.cabridge.cas.SgwClient
import ke.tausi.cabridge.store.CardStore
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service

/** A prepaid payment: the bouquet (and the card's add-ons) entitled to the new paid-until date. */
@Service
class ReconnectService(private val sgw: SgwClient, private val catalogue: Catalogue, private val cards: CardStore) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun reconnect(card: String, account: Long, bouquet: String, paidUntil: java.time.LocalDate, mpesaId: String) {
        val products = catalogue.products(bouquet) + cards.addonProducts(card)
        val until = catalogue.entitlementEnd(paidUntil)
        sgw.entitle(card, products, until)
        cards.setBouquet(card, bouquet, products, until)
        log.info("Reconnect for card {} (account {}) after M-Pesa {}: entitled products {} until {}", card, account, mpesaId, products, paidUntil)
    }
}
"""

MPESA = """package ke.tausi.cabridge.payment

import ke.tausi.cabridge.billing.AccountDirectory
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RestController

/**
 * The payment gateway forwards Safaricom's C2B confirmation (Paybill 522300, account = Tausi account
 * number) so that a customer is reconnected within seconds, before billing has booked the payment.
 */
@RestController
class MpesaConfirmationController(private val reconnect: ReconnectService, private val accounts: AccountDirectory) {
    @PostMapping("/v1/mpesa/c2b-confirmation")
    fun confirm(@RequestBody c2b: C2bConfirmation): ResponseEntity<Map<String, String>> {
        val account = accounts.find(c2b.billRefNumber.toLong()) ?: return ResponseEntity.ok(mapOf("ResultCode" to "0", "ResultDesc" to "unknown account"))
        val paidUntil = account.paidUntilAfter(c2b.transAmount)
        reconnect.reconnect(account.card, account.number, account.bouquet, paidUntil, c2b.transId)
        return ResponseEntity.ok(mapOf("ResultCode" to "0", "ResultDesc" to "Accepted"))
    }
}

data class C2bConfirmation(val transId: String, val transAmount: String, val billRefNumber: String, val msisdn: String)
"""


def build_repo():
    repo = Repo()
    amina = Person("Amina Wafula", "amina.wafula@tausi.co.ke", 180)
    kevin = Person("Kevin Otieno", "kevin.otieno@tausi.co.ke", 180)
    wanjiru = Person("Wanjiru Kamau", "wanjiru.kamau@tausi.co.ke", 180)
    joao = Person("João Ferreira", "joao.ferreira@tausi.co.ke", 0)
    neha = Person("Neha Shah", "neha.shah@tausi.co.ke", 330)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    catalogue_yaml = sub(CATALOGUE_YAML, "version: 2026-05\n", "version: 2026-10\n",
                         "  104: PREMIUM\n", "  104: PREMIUM\n  112: SPORT_LOCAL\n",
                         "  FAMILIA: [102]\n", "  FAMILIA_26: [102, 112]\n")
    values = sub(VALUES_PROD, "  tag: 5.13.2\n", "  tag: 6.3.2\n", "  JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75\n",
                 "  JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75\n  SGW_POOL_SIZE: \"16\"\n  SGW_RATE_PER_SECOND: \"20\"\n")
    box_reports = sub(BOX_REPORTS, "            log.debug(\"Box {} reported {} on service {} for card {}\", report.stb, report.code, report.serviceId, report.card)\n",
                      "            log.warn(\"Box {} reported CA error {} on service {} ({}) for card {}, card holds products {}\",\n                report.stb, report.code, report.serviceId, report.serviceName, report.card, report.cardProducts)\n")
    files = {
        "settings.gradle.kts": SETTINGS,
        "build.gradle.kts": sub(BUILD, "spring-kafka:3.2.0", "spring-kafka:3.2.4", "getOrElse(\"5.13.2\")", "getOrElse(\"6.3.2\")"),
        "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=https\\://services.gradle.org/distributions/gradle-8.10-bin.zip\n",
        "Dockerfile": "FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.20\nCOPY build/libs/ca-bridge.jar /deployments/ca-bridge.jar\nENV JAVA_APP_JAR=/deployments/ca-bridge.jar\n",
        f"{PKG}/CaBridgeApplication.kt": APP,
        f"{PKG}/cas/SgwClient.kt": SGW_CLIENT,
        f"{PKG}/cas/SgwProperties.kt": SGW_PROPS,
        f"{PKG}/bouquet/Catalogue.kt": CATALOGUE,
        f"{PKG}/bouquet/BouquetChangeHandler.kt": HANDLER,
        f"{PKG}/payment/ReconnectService.kt": RECONNECT,
        f"{PKG}/payment/MpesaConfirmationController.kt": MPESA,
        f"{PKG}/billing/BillingEventListener.kt": "package ke.tausi.cabridge.billing\n\nimport ke.tausi.cabridge.bouquet.BouquetChangeHandler\nimport org.springframework.kafka.annotation.KafkaListener\nimport org.springframework.stereotype.Component\n\n@Component\nclass BillingEventListener(private val bouquets: BouquetChangeHandler, private val addons: AddonHandler) {\n    @KafkaListener(topics = [\"billing.events\"], groupId = \"ca-bridge\", concurrency = \"4\")\n    fun onEvent(event: BillingEvent) = when (event) {\n        is PaymentApplied -> Unit // reconnects come from the M-Pesa confirmation (MpesaConfirmationController)\n        is BouquetChanged -> bouquets.apply(event)\n        is AddonAdded -> addons.apply(event)\n    }\n}\n",
        f"{PKG}/billing/BillingEvents.kt": "package ke.tausi.cabridge.billing\n\nimport java.time.LocalDate\n\nsealed interface BillingEvent { val cardNumber: String; val account: Long }\n\ndata class PaymentApplied(override val cardNumber: String, override val account: Long, val paymentId: String, val mpesaId: String, val amount: Int, val bouquet: String, val paidUntil: LocalDate) : BillingEvent\n\n/** bouquet.changed (reason upgrade/downgrade) and bouquet.migrated (reason \"migration <run>\"). */\ndata class BouquetChanged(override val cardNumber: String, override val account: Long, val fromBouquet: String, val toBouquet: String, val paidUntil: LocalDate, val reason: String) : BillingEvent\n\ndata class AddonAdded(override val cardNumber: String, override val account: Long, val addon: String, val paidUntil: LocalDate) : BillingEvent\n",
        f"{PKG}/billing/AccountDirectory.kt": "package ke.tausi.cabridge.billing\n\nimport java.time.LocalDate\n\n/** Read-only view of billing's accounts (billing replica, table account_summary). */\ninterface AccountDirectory {\n    fun find(number: Long): Account?\n}\n\ndata class Account(val number: Long, val card: String, val bouquet: String, val paidUntil: LocalDate, val monthlyPrice: Int) {\n    /** Prepaid: whole months from today or from the current paid-until date, whichever is later. */\n    fun paidUntilAfter(amount: String): LocalDate {\n        val months = amount.toBigDecimal().toInt() / monthlyPrice\n        val from = maxOf(paidUntil, LocalDate.now(java.time.ZoneId.of(\"Africa/Nairobi\")).minusDays(1))\n        return from.plusDays(30L * months)\n    }\n}\n",
        f"{PKG}/billing/AddonHandler.kt": "package ke.tausi.cabridge.billing\n\nimport ke.tausi.cabridge.bouquet.Catalogue\nimport ke.tausi.cabridge.cas.SgwClient\nimport ke.tausi.cabridge.store.CardStore\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Component\n\n@Component\nclass AddonHandler(private val sgw: SgwClient, private val catalogue: Catalogue, private val cards: CardStore) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun apply(event: AddonAdded) {\n        val products = catalogue.products(event.addon)\n        sgw.entitle(event.cardNumber, products, catalogue.entitlementEnd(event.paidUntil))\n        cards.addAddon(event.cardNumber, event.addon, products)\n        log.info(\"Add-on {} added for card {} (account {}): entitled products {} until {}\", event.addon, event.cardNumber, event.account, products, event.paidUntil)\n    }\n}\n",
        f"{PKG}/cas/RateLimiter.kt": "package ke.tausi.cabridge.cas\n\nimport java.util.concurrent.locks.ReentrantLock\nimport kotlin.concurrent.withLock\n\n/** Spaces SGW commands at most ratePerSecond apart across the pod's threads. */\nclass RateLimiter(ratePerSecond: Int) {\n    private val intervalNanos = 1_000_000_000L / ratePerSecond\n    private val lock = ReentrantLock()\n    private var next = System.nanoTime()\n\n    fun acquire() {\n        val wait = lock.withLock {\n            val now = System.nanoTime()\n            val at = maxOf(now, next)\n            next = at + intervalNanos\n            at - now\n        }\n        if (wait > 0) Thread.sleep(wait / 1_000_000, (wait % 1_000_000).toInt())\n    }\n}\n",
        f"{PKG}/store/CardStore.kt": "package ke.tausi.cabridge.store\n\nimport java.time.Instant\nimport java.time.LocalDate\n\n/** The bridge's view of each card (table card_state): what it last sent to the SGW. */\ninterface CardStore {\n    fun find(card: String): CardState?\n    fun setBouquet(card: String, bouquet: String, products: List<Int>, until: Instant)\n    fun addAddon(card: String, addon: String, products: List<Int>)\n    fun addonProducts(card: String): List<Int>\n}\n\ndata class CardState(val card: String, val bouquet: String, val products: List<Int>, val until: Instant, val paidUntil: LocalDate, val stb: String?)\n",
        f"{PKG}/pairing/PairingController.kt": "package ke.tausi.cabridge.pairing\n\nimport ke.tausi.cabridge.cas.SgwClient\nimport org.slf4j.LoggerFactory\nimport org.springframework.web.bind.annotation.*\n\n/** The installers' app pairs a card with the box it is installed in (Verocrypt chipset pairing). */\n@RestController\nclass PairingController(private val sgw: SgwClient) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    @PostMapping(\"/v1/cards/{card}/pairing\")\n    fun pair(@PathVariable card: String, @RequestBody body: PairingRequest) {\n        sgw.pair(card, ChipId.normalise(body.stb))\n        log.info(\"Card {} paired with {} (install job {})\", card, body.stb, body.jobId)\n    }\n}\n\ndata class PairingRequest(val stb: String, val jobId: String)\n",
        f"{PKG}/pairing/ChipId.kt": "package ke.tausi.cabridge.pairing\n\nobject ChipId {\n    /** TX-4 labels: TX4-00A3F19C; TX-5 labels: TX5-0x00A3F19C. The SGW wants the 8 hex digits. */\n    fun normalise(stb: String): String = stb.substringAfter('-').removePrefix(\"0x\").removePrefix(\"0X\").uppercase()\n}\n",
        f"{PKG}/selfcare/RefreshController.kt": REFRESH,
        f"{PKG}/boxreports/BoxReportListener.kt": box_reports,
        f"{TEST}/payment/MpesaConfirmationControllerTest.kt": "package ke.tausi.cabridge.payment\n\nimport org.junit.jupiter.api.Test\n\nclass MpesaConfirmationControllerTest {\n    @Test\n    fun `unknown account is accepted and ignored`() {\n        // Safaricom retries anything but ResultCode 0.\n    }\n}\n",
        "src/main/resources/application.yaml": sub(APP_YAML, "  refresh-per-card-per-hour: 5\n", "  refresh-per-card-per-hour: 3\n"),
        "src/main/resources/catalogue.yaml": catalogue_yaml,
        "helm/ca-bridge/Chart.yaml": "apiVersion: v2\nname: ca-bridge\nversion: 1.6.0\n",
        "helm/ca-bridge/values-prod.yaml": values,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        ".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n\n[*.{kt,kts}]\nktlint_code_style = intellij_idea\n",
        ".gitignore": ".gradle/\nbuild/\n.idea/\n*.iml\n",
        "README.md": "# ca-bridge\n\nTausi TV's conditional access bridge: payments and billing events to Verocrypt SGW commands,\nUSSD/CRM clear error, installers' card pairing, TX-5 return-path reports.\n\n- `catalogue.yaml`: bouquets and add-ons as Verocrypt products.\n- Releases are tags `X.Y.Z`; the manual `deploy-prod` job runs `helm upgrade` on OpenShift (ca-prod).\n",
        "CHANGELOG.md": "# Changelog\n\n## 6.3.2\n\n- CAS-419 SGW 409 on a retired card is not retried\n",
    }
    rel632 = repo.commit(utc("2026-10-26 08:40:00"), wanjiru, "release 6.3.2", files)
    repo.schedule([
        (utc("2026-10-26 13:15:00"), joao, "ADR 7: reconnect from billing events", lambda r: {"docs/adr/0007-reconnect-from-billing-events.md": "# 7. Reconnect from billing events\n\nStatus: accepted\n\nSafaricom's C2B confirmations reach the gateway but not always us (12 lost in\nthe September maintenance). Billing books every payment, so ca-bridge\nreconnects on payment.applied. The gateway callback is kept, answered and\nignored.\n"}),
        (utc("2026-10-27 09:05:00"), neha, "CODEOWNERS: payments team reviews payment/", lambda r: {".gitlab/CODEOWNERS": "* @tausi/ca-team\n/src/main/kotlin/ke/tausi/cabridge/payment/ @tausi/ca-team @tausi/payments\n/src/main/resources/catalogue.yaml @tausi/ca-team @tausi/broadcast-eng\n/helm/ @tausi/platform\n"}),
        (utc("2026-10-29 03:10:00"), renovate, "Update dependency com.squareup.okhttp3:okhttp to v4.12.1",
         lambda r: {"build.gradle.kts": sub(r.files["build.gradle.kts"], "okhttp:4.12.0", "okhttp:4.12.1")}),
        (utc("2026-10-31 03:05:00"), renovate, "Update dependency io.mockk:mockk to v1.13.13",
         lambda r: {"build.gradle.kts": sub(r.files["build.gradle.kts"], "mockk:1.13.11", "mockk:1.13.13")}),
    ])
    repo.commit(utc("2026-10-27 11:30:00"), kevin, "payment: reconnect from billing's payment.applied, not the M-Pesa callback (PAY-218)\n\nThe gateway's C2B confirmations were lost for 40 minutes during\nSafaricom's September maintenance and 12 customers who paid stayed black\nuntil billing's evening sweep. Billing books every payment; reconnect on\npayment.applied and keep the callback endpoint answering 0 so Safaricom\ndoes not retry.", {
        f"{PKG}/payment/ReconnectService.kt": sub(RECONNECT,
                                                  "    fun reconnect(card: String, account: Long, bouquet: String, paidUntil: java.time.LocalDate, mpesaId: String) {\n        val products = catalogue.products(bouquet) + cards.addonProducts(card)\n        val until = catalogue.entitlementEnd(paidUntil)\n        sgw.entitle(card, products, until)\n        cards.setBouquet(card, bouquet, products, until)\n        log.info(\"Reconnect for card {} (account {}) after M-Pesa {}: entitled products {} until {}\", card, account, mpesaId, products, paidUntil)\n",
                                                  "    fun apply(event: ke.tausi.cabridge.billing.PaymentApplied) {\n        val products = catalogue.products(event.bouquet) + cards.addonProducts(event.cardNumber)\n        val until = catalogue.entitlementEnd(event.paidUntil)\n        val result = sgw.entitle(event.cardNumber, products, until)\n        cards.setBouquet(event.cardNumber, event.bouquet, products, until)\n        log.info(\"Payment {} applied for account {} (M-Pesa {}): card {} {} paid until {}; entitled products {}\", event.paymentId, event.account, event.mpesaId, event.cardNumber, event.bouquet, event.paidUntil, products)\n"),
        f"{PKG}/payment/MpesaConfirmationController.kt": sub(MPESA,
                                                             "        val paidUntil = account.paidUntilAfter(c2b.transAmount)\n        reconnect.reconnect(account.card, account.number, account.bouquet, paidUntil, c2b.transId)\n",
                                                             "        // PAY-218: reconnects come from billing's payment.applied; answer so Safaricom does not retry.\n"),
        f"{PKG}/billing/BillingEventListener.kt": "package ke.tausi.cabridge.billing\n\nimport ke.tausi.cabridge.bouquet.BouquetChangeHandler\nimport ke.tausi.cabridge.payment.ReconnectService\nimport org.springframework.kafka.annotation.KafkaListener\nimport org.springframework.stereotype.Component\n\n@Component\nclass BillingEventListener(private val reconnect: ReconnectService, private val bouquets: BouquetChangeHandler, private val addons: AddonHandler) {\n    @KafkaListener(topics = [\"billing.events\"], groupId = \"ca-bridge\", concurrency = \"4\")\n    fun onEvent(event: BillingEvent) = when (event) {\n        is PaymentApplied -> reconnect.apply(event)\n        is BouquetChanged -> bouquets.apply(event)\n        is AddonAdded -> addons.apply(event)\n    }\n}\n",
    })
    repo.commit(utc("2026-10-28 08:50:00"), joao, "payment: track reconnects until the TX-5 box confirms them (CAS-431)\n\nA reconnect is done when the box reports the new entitlements on the\nreturn path. Warn when it has not after 15 minutes, so we see a\nreconnect that did not reach the card before the customer calls.", {
        f"{PKG}/payment/ReconnectTracker.kt": "package ke.tausi.cabridge.payment\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.scheduling.annotation.Scheduled\nimport org.springframework.stereotype.Component\nimport java.time.Duration\nimport java.time.Instant\nimport java.util.concurrent.ConcurrentHashMap\n\n/** Reconnects of TX-5 cards waiting for the box's entitlements_changed report. In memory: a restart forgets them. */\n@Component\nclass ReconnectTracker {\n    private val log = LoggerFactory.getLogger(javaClass)\n    private val pending = ConcurrentHashMap<String, Pending>()\n\n    fun expect(card: String, stb: String, txn: Long, products: List<Int>) { pending[card] = Pending(stb, txn, products, Instant.now()) }\n\n    fun confirmed(card: String) {\n        val p = pending.remove(card) ?: return\n        log.info(\"Reconnect of card {} confirmed by box {} after {} s\", card, p.stb, Duration.between(p.since, Instant.now()).seconds)\n    }\n\n    @Scheduled(fixedDelay = 30_000)\n    fun overdue() {\n        val limit = Instant.now().minus(TIMEOUT)\n        pending.filterValues { !it.warned && it.since < limit }.forEach { (card, p) ->\n            p.warned = true\n            log.warn(\"Reconnect of card {} not confirmed by box {} after 15 min (SGW txn {}, entitled {})\", card, p.stb, p.txn, p.products)\n        }\n    }\n\n    private class Pending(val stb: String, val txn: Long, val products: List<Int>, val since: Instant, var warned: Boolean = false)\n\n    companion object { val TIMEOUT: Duration = Duration.ofMinutes(15) }\n}\n",
        f"{PKG}/payment/ReconnectService.kt": sub(repo.files[f"{PKG}/payment/ReconnectService.kt"],
                                                  "class ReconnectService(private val sgw: SgwClient, private val catalogue: Catalogue, private val cards: CardStore) {\n",
                                                  "class ReconnectService(private val sgw: SgwClient, private val catalogue: Catalogue, private val cards: CardStore, private val tracker: ReconnectTracker) {\n",
                                                  "        cards.setBouquet(event.cardNumber, event.bouquet, products, until)\n",
                                                  "        cards.setBouquet(event.cardNumber, event.bouquet, products, until)\n        cards.find(event.cardNumber)?.stb?.takeIf { it.startsWith(\"TX5\") }?.let { tracker.expect(event.cardNumber, it, result.txn, products) }\n"),
        f"{PKG}/boxreports/BoxReportListener.kt": sub(box_reports, "class BoxReportListener(private val metrics: BoxReportMetrics) {\n",
                                                      "class BoxReportListener(private val metrics: BoxReportMetrics, private val reconnects: ke.tausi.cabridge.payment.ReconnectTracker) {\n",
                                                      "        metrics.count(report)\n", "        metrics.count(report)\n        if (report.event == \"entitlements_changed\") reconnects.confirmed(report.card)\n"),
    })
    repo.commit(utc("2026-10-28 12:15:00"), kevin, "payment: amount and M-Pesa code in the reconnect line (PAY-221)", {
        f"{PKG}/payment/ReconnectService.kt": sub(repo.files[f"{PKG}/payment/ReconnectService.kt"], "(M-Pesa {}): card {}", "(M-Pesa {}, KES {}): card {}",
                                                  "event.account, event.mpesaId, event.cardNumber", "event.account, event.mpesaId, event.amount, event.cardNumber"),
    })
    repo.commit(utc("2026-10-29 09:40:00"), neha, "selfcare: clear error re-sends the pairing too (CAS-428)\n\nTX-5 boxes swapped by installers sometimes miss the pairing EMM; a clear\nerror now fixes those as well (one more EMM per refresh).", {
        f"{PKG}/selfcare/RefreshController.kt": sub(REFRESH, "        sgw.refresh(card, state.products, state.until)\n",
                                                    "        sgw.refresh(card, state.products, state.until)\n        state.stb?.let { sgw.pair(card, it) }\n"),
    })
    rel640 = repo.commit(utc("2026-10-30 10:00:00"), wanjiru, "release 6.4.0", {
        "helm/ca-bridge/values-prod.yaml": sub(repo.files["helm/ca-bridge/values-prod.yaml"], "  tag: 6.3.2\n", "  tag: 6.4.0\n"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 6.4.0\n\n- PAY-218 reconnect from billing's payment.applied\n- CAS-431 reconnect confirmation by TX-5 boxes, warning after 15 min\n- PAY-221 amount in the reconnect line\n- CAS-428 clear error re-sends the pairing\n- OkHttp 4.12.1\n",
    })
    repo.commit(utc("2026-10-30 13:05:00"), wanjiru, "runbook: paid but not reconnected", {
        "docs/runbook.md": RUNBOOK + "\n## Paid but not reconnected (payday weekends)\n\nSince PAY-218 a reconnect waits for billing's payment.applied. If customers who paid stay on\nE016:\n\n1. CRM > Payments: is the M-Pesa code booked? If not, it is billing (#billing-oncall).\n2. Grafana > ca-bridge > billing.events lag. A lag means the reconnects are late, not lost.\n3. Clear error once. More than three in an hour are refused (429) and each one adds EMMs.\n\nIf it starts after a ca-bridge release, roll back first (GitLab > Deployments > ca-bridge >\nre-deploy the previous tag); the gateway callback then reconnects directly.\n",
    })
    repo.commit(utc("2026-10-31 09:40:00"), amina, "runbook: EMMG channel down is the uplink, not us", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## EMMG channel DOWN\n\nIf the SGW answers OK but nothing is confirmed and TX-5 boxes report the card without the new\nproducts, look at the EMMG stats (queue, oldest, channel). \"channel_setup rejected\" is the MUX\nrefusing our EMMG: call #broadcast-eng and Verocrypt. A rollback of ca-bridge does nothing\n(31 October 2026: mux-b's peer table had no Verocrypt EMMG after a failover).\n",
    })
    return repo, {"rel632": rel632, "rel640": rel640}


# ---------------------------------------------------------------------------
# the logs

BOUQUETS = {"MWANZO": [101], "FAMILIA_26": [102, 112], "COMPACT": [103], "PREMIUM": [104]}
ADDONS = {"SPORT_PLUS": [140], "BOLLYWOOD": [150], "FRANCAIS": [160]}
PRICES = {"MWANZO": 700, "FAMILIA_26": 1250, "COMPACT": 2100, "PREMIUM": 4200}
SERVICES = [(1001, "Tausi Habari"), (1002, "Tausi Info"), (1101, "Tausi Watoto"), (1102, "Bongo Sinema"), (1104, "Maisha Magic Plus"),
            (1106, "Novela Kiswahili"), (1201, "Tausi Sport Local"), (1202, "Discovery Africa"), (1203, "Tausi Sinema 1"), (1301, "Tausi Sinema Premium"),
            (1302, "Series Max"), (1401, "Tausi Sport Plus 1"), (1501, "Zee Swahili")]
PODS = {"6.3.2": ["ca-bridge-6c9f7d4b8-r4kzn", "ca-bridge-6c9f7d4b8-vx7qm"],
        "6.4.0": ["ca-bridge-59b7c8f6d-2lqwd", "ca-bridge-59b7c8f6d-k8snh"],
        "6.3.2b": ["ca-bridge-6c9f7d4b8-d5hjp", "ca-bridge-6c9f7d4b8-mz2tc"],
        "6.4.0b": ["ca-bridge-59b7c8f6d-fq6xv", "ca-bridge-59b7c8f6d-w9prb"]}
SGW_NODES = ["sgw-1", "sgw-2"]


def eat(t):
    return t + EAT


def fmt_list(products):
    return "[" + ", ".join(str(p) for p in products) + "]"


def ms3(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def build_logs(rng, shas):
    app, sgw, emmg, mux, noc, boxes, ingress, gitlab, slack, tickets = (
        Log("ca-bridge.log"), Log("verocrypt-sgw-audit.log"), Log("verocrypt-emmg.log"), Log("uplink-mux-syslog.log"), Log("teleport-noc-events.log"),
        Log("rp-box-reports.log"), Log("ingress-access.log"), Log("gitlab-deploy-jobs.log"), Log("slack-ca-ops.log"), Log("freshdesk-tickets.log"))
    stats = {"not_confirmed": [], "emms": [], "e016_paid": [], "rejects": []}

    rollouts = [(START - dt.timedelta(days=4), "6.3.2", "6.3.2"), (DEPLOY_640 + dt.timedelta(seconds=75), "6.4.0", "6.4.0"),
                (ROLLBACK + dt.timedelta(seconds=72), "6.3.2b", "6.3.2"), (REDEPLOY + dt.timedelta(seconds=74), "6.4.0b", "6.4.0")]

    def release_at(t):
        cur = rollouts[0]
        for r in rollouts:
            if r[0] <= t:
                cur = r
        return cur

    def version(t):
        return release_at(t)[2]

    def alog(t, level, thread, logger, msg, p=None):
        if START <= t < END:
            app.add(t, f"{ms3(t)} {level:<5} [{thread}] {p or rng.choice(PODS[release_at(t)[1]])} {logger} - {msg}")

    txn = [91450200]
    active = {}

    def slog(t, client, cmd, card, products, until=None, stb=None):
        txn[0] += rng.randint(1, 3)
        cur = active.setdefault(card, [])
        if cmd in ("ENTITLE", "REFRESH"):
            cur = sorted(set(cur) | set(products))
        active[card] = cur
        if START <= t < END:
            if cmd == "PAIR":
                sgw.add(t, f"{ms3(t)} [{rng.choice(SGW_NODES)}] INFO  txn {txn[0]} client {client}: PAIR card {card} stb {stb} -> OK")
            else:
                until_txt = f" until {until.strftime('%Y-%m-%dT%H:%M:%SZ')}" if until else ""
                sgw.add(t, f"{ms3(t)} [{rng.choice(SGW_NODES)}] INFO  txn {txn[0]} client {client}: {cmd} card {card} products {fmt_list(products)}{until_txt} -> OK (active products: {fmt_list(cur)})")
        return txn[0]

    # ---- the EMM path: when does an EMM made at t go on air?
    restored = PEER_ADDED + dt.timedelta(seconds=12)
    backlog = []  # creation times of EMMs queued during the outage

    def on_air(t, n=1):
        """Queues n unique EMMs made at t; returns when the first is broadcast."""
        for _ in range(n):
            stats["emms"].append(t)
        if FAILOVER <= t < restored:
            for _ in range(n):
                backlog.append(t)
            return None  # decided after the restore, in FIFO order
        return t + dt.timedelta(seconds=rng.uniform(1.5, 9))

    def blog(t, body):
        if START <= t < END:
            boxes.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def box(t, c, event, **extra):
        body = {"received": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "stb": c["stb"], "model": "TX-5", "fw": c["fw"], "card": c["card"], "event": event}
        body.update(extra)
        blog(t, body)
        if event == "ca_error":
            alog(t + dt.timedelta(milliseconds=rng.randint(20, 300)), "WARN", "box-reports-0-C-1", "k.t.c.boxreports.BoxReportListener",
                 f"Box {c['stb']} reported CA error {extra['code']} on service {extra['service_id']} ({extra['service']}) for card {c['card']}, card holds products {fmt_list(extra['card_products'])}")

    def ilog(t, client, method, path, status, rt, ua, size=None):
        if START <= t < END:
            ingress.add(t, nginx_access(t, client, method, path, status, size if size is not None else (rng.randint(40, 420) if status < 300 else 64), rt, ua, upstream_rt=max(0.001, rt - 0.002)))

    def until_of(paid):
        return dt.datetime(paid.year, paid.month, paid.day, 23, 59, 59, tzinfo=dt.timezone.utc) - EAT

    used = set()

    def customer(hybrid=None):
        while True:
            card = f"70{rng.randint(10_000_000, 39_999_999)}"
            if card not in used:
                used.add(card)
                break
        b = rng.choices(["MWANZO", "FAMILIA_26", "COMPACT", "PREMIUM"], [36, 18, 32, 14])[0]
        h = (rng.random() < 0.3) if hybrid is None else hybrid
        addons = [rng.choice(list(ADDONS))] if b in ("COMPACT", "PREMIUM") and rng.random() < 0.18 else []
        return {"card": card, "acct": rng.randint(40_100_000, 40_399_999), "bouquet": b, "hybrid": h, "addons": addons,
                "stb": f"{'TX5' if h else 'TX4'}-{rng.randint(0, 0xFFFFFFFF):08X}", "fw": rng.choice(["5.3.2", "5.3.2", "5.3.2", "5.2.14"]),
                "msisdn": f"2547{rng.randint(10_000_000, 99_999_999)}"}

    def products_of(c):
        out = list(BOUQUETS[c["bouquet"]])
        for a in c["addons"]:
            out += ADDONS[a]
        return out

    ussd_ip, crm_ip, field_ip, gw_ip = "10.60.4.12", "10.60.7.31", "10.60.9.5", "10.60.3.8"
    ussd_ua, crm_ua, gw_ua = "tausi-ussd-gw/2.3.1", "tausi-crm/8.1 (Dynamics 365)", "tausi-paygw/3.7.0"
    refreshes = {}
    deliveries = []  # (card, customer, kind, made_at, txn, products, tracked) for EMMs queued in the outage
    tracked = []     # (t_pay, c, txn, products, confirm_at or None)

    def refresh(t, c, source):
        times = [x for x in refreshes.get(c["card"], []) if t - dt.timedelta(hours=1) < x <= t]
        if len(times) >= 3:
            ilog(t, ussd_ip if source == "ussd" else crm_ip, "POST", f"/v1/cards/{c['card']}/refresh", 429, rng.uniform(0.002, 0.01), ussd_ua if source == "ussd" else crm_ua)
            return None
        refreshes.setdefault(c["card"], []).append(t)
        prods = products_of(c)
        t1 = t + dt.timedelta(milliseconds=rng.randint(5, 40))
        slog(t1, "cabridge", "REFRESH", c["card"], prods, until_of(c["paid"]))
        n = 2 + len(prods)
        if version(t) == "6.4.0" and c["hybrid"]:
            slog(t1 + dt.timedelta(milliseconds=rng.randint(30, 90)), "cabridge", "PAIR", c["card"], [], stb=c["stb"][4:])
            n += 1
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(40, 140))
        alog(t2, "INFO", f"http-nio-8080-exec-{rng.randint(1, 12)}", "k.t.c.selfcare.RefreshController",
             f"Refresh for card {c['card']} (source {source}): re-sent products {fmt_list(prods)} until {c['paid'].isoformat()}")
        ilog(t2 + dt.timedelta(milliseconds=3), ussd_ip if source == "ussd" else crm_ip, "POST", f"/v1/cards/{c['card']}/refresh", 202, (t2 - t).total_seconds() + 0.004,
             ussd_ua if source == "ussd" else crm_ua)
        return on_air(t1, n)

    # ---- payments (payday weekend; most pay after their screen went black)
    def pay_rate(t):
        h = eat(t).hour
        return {0: 1.2, 1: 0.4, 2: 0.2, 3: 0.15, 4: 0.2, 5: 0.7, 6: 2.2, 7: 3.4, 8: 4.2, 9: 4.6, 10: 4.8, 11: 4.6, 12: 4.4, 13: 4.0,
                14: 3.6, 15: 3.4, 16: 3.4, 17: 3.8, 18: 4.4, 19: 4.8, 20: 4.4, 21: 3.4, 22: 2.4, 23: 1.6}[h]

    payers = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(5.0 / 60))
        if t >= END:
            break
        if rng.random() > pay_rate(t) / 5.0:
            continue
        c = customer()
        today = eat(t).date()
        expired = rng.random() < 0.62
        months = rng.choice([1, 1, 1, 1, 2, 3])
        if expired:
            active[c["card"]] = []
            c["paid"] = today + dt.timedelta(days=30 * months - 1)
        else:
            active[c["card"]] = products_of(c)
            c["paid"] = today + dt.timedelta(days=rng.randint(1, 6) + 30 * months)
        amount = PRICES[c["bouquet"]] * months + (350 if c["addons"] else 0) * months
        mpesa = "T" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9))
        c["expired"] = expired
        prods = products_of(c)
        # the gateway's C2B confirmation always reaches the bridge
        tg = t + dt.timedelta(milliseconds=rng.randint(300, 2500))
        ilog(tg, gw_ip, "POST", "/v1/mpesa/c2b-confirmation", 200, rng.uniform(0.01, 0.12) if version(tg) == "6.3.2" else rng.uniform(0.002, 0.008), gw_ua, size=52)
        if version(tg) == "6.3.2":
            t1 = tg - dt.timedelta(milliseconds=rng.randint(5, 60))
            tx = slog(t1, "cabridge", "ENTITLE", c["card"], prods, until_of(c["paid"]))
            alog(t1 + dt.timedelta(milliseconds=rng.randint(30, 120)), "INFO", f"http-nio-8080-exec-{rng.randint(1, 12)}", "k.t.c.payment.ReconnectService",
                 f"Reconnect for card {c['card']} (account {c['acct']}) after M-Pesa {mpesa}: entitled products {fmt_list(prods)} until {c['paid'].isoformat()}")
        else:
            t1 = tg + dt.timedelta(seconds=rng.uniform(1.5, 6))
            tx = slog(t1, "cabridge", "ENTITLE", c["card"], prods, until_of(c["paid"]))
            alog(t1 + dt.timedelta(milliseconds=rng.randint(30, 120)), "INFO", f"billing-events-{rng.randint(0, 3)}-C-1", "k.t.c.payment.ReconnectService",
                 f"Payment PMT{rng.randint(10**9, 10**10 - 1)} applied for account {c['acct']} (M-Pesa {mpesa}, KES {amount}): card {c['card']} {c['bouquet']} paid until {c['paid'].isoformat()}; entitled products {fmt_list(prods)}")
        air = on_air(t1, 1 + len(prods))
        c["t_pay"] = t1
        c["mpesa"] = mpesa
        c["amount"] = amount
        c["txn"] = tx
        payers.append(c)
        watching = rng.random() < (0.85 if expired else 0.55)
        c["watching"] = watching
        c["powered"] = watching or rng.random() < 0.75   # a TX-5 in standby still takes EMMs; some are off at the wall
        c["track"] = c["hybrid"] and version(t1) == "6.4.0"
        if air is not None:
            c["air"] = air
            if c["hybrid"] and c["powered"]:
                ca = air + dt.timedelta(seconds=rng.uniform(0.5, 20))
                box(ca, c, "entitlements_changed", card_products=prods)
                if c["track"] and version(ca) == "6.4.0":
                    alog(ca + dt.timedelta(milliseconds=rng.randint(20, 200)), "INFO", "box-reports-0-C-1", "k.t.c.payment.ReconnectTracker",
                         f"Reconnect of card {c['card']} confirmed by box {c['stb']} after {int((ca - t1).total_seconds())} s")
            elif c["track"]:
                tw = t1 + dt.timedelta(minutes=15, seconds=rng.uniform(0, 30))
                if version(tw) == "6.4.0" and release_at(tw) is release_at(t1):
                    alog(tw, "WARN", "scheduling-1", "k.t.c.payment.ReconnectTracker",
                         f"Reconnect of card {c['card']} not confirmed by box {c['stb']} after 15 min (SGW txn {tx}, entitled {fmt_list(prods)})")
            continue
        c["air"] = None
        deliveries.append(c)

    # ---- installs: pairing and the activation EMMs
    installs = []
    for day_start, day_end in ((START, utc("2026-10-30 16:30:00")), (utc("2026-10-31 05:00:00"), END)):
        t = day_start
        while True:
            t += dt.timedelta(seconds=rng.expovariate(0.35 / 60))
            if t >= day_end:
                break
            c = customer(hybrid=rng.random() < 0.7)
            c["paid"] = eat(t).date() + dt.timedelta(days=29)
            job = f"INS-{rng.randint(300000, 399999)}"
            label = c["stb"] if c["stb"].startswith("TX4") else "TX5-0x" + c["stb"][4:]
            t1 = t + dt.timedelta(milliseconds=rng.randint(20, 90))
            slog(t1, "cabridge", "PAIR", c["card"], [], stb=c["stb"][4:])
            alog(t1 + dt.timedelta(milliseconds=rng.randint(40, 140)), "INFO", f"http-nio-8080-exec-{rng.randint(1, 12)}", "k.t.c.pairing.PairingController", f"Card {c['card']} paired with {label} (install job {job})")
            ilog(t1 + dt.timedelta(milliseconds=150), field_ip, "POST", f"/v1/cards/{c['card']}/pairing", 200, rng.uniform(0.06, 0.2), "TausiField/4.3.1 (Android 14)")
            t2 = t1 + dt.timedelta(seconds=rng.uniform(40, 200))
            prods = products_of(c)
            slog(t2, "fieldapp", "ENTITLE", c["card"], prods, until_of(c["paid"]))
            air = on_air(t1, 2 + len(prods))
            installs.append((t1, c, air))

    # ---- the outage: paid customers who watch and stay black (on-air times are known once every queued EMM is)
    drain_rate = 14.0  # unique EMMs a second once the channel is up (320 kbit/s, carousel held back)
    waiting_customers = [c for c in deliveries if c["watching"] and c["expired"]]
    calls = []
    for c in waiting_customers:
        t = c["t_pay"] + dt.timedelta(seconds=rng.uniform(20, 120))
        if c["hybrid"]:
            tz = t
            while tz < restored and tz < END:
                sid = rng.choice(SERVICES)
                box(tz, c, "ca_error", code="E016", service_id=sid[0], service=sid[1], card_products=[])
                stats["e016_paid"].append(tz)
                tz += dt.timedelta(seconds=rng.uniform(60, 600))
        tr = t + dt.timedelta(seconds=rng.uniform(60, 600))
        tries = 0
        max_tries = rng.choice([1, 2, 3, 4, 5])
        if rng.random() < 0.75:
            while tr < restored and tries < max_tries:
                refresh(tr, c, "ussd")
                tries += 1
                tr += dt.timedelta(seconds=rng.uniform(180, 900))
        if rng.random() < 0.45:
            tc = t + dt.timedelta(seconds=rng.uniform(300, 1800))
            if tc < restored:
                calls.append((tc, c))
    for t1, c, air in installs:
        if air is None:
            c["t_pay"] = t1
            c["installer"] = True
            tc = t1 + dt.timedelta(seconds=rng.uniform(600, 1500))
            if tc < restored:
                calls.append((tc, c))

    # ---- routine box reports, E016 of unpaid cards, USSD clear errors of others, CRM look-ups
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.2 / 60))
        if t >= END:
            break
        c = customer(hybrid=True)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        if rng.random() < 0.3:
            blog(t, {"received": stamp, "stb": c["stb"], "model": "TX-5", "fw": c["fw"], "card": c["card"], "event": "boot", "uptime_s": 0})
        else:
            blog(t, {"received": stamp, "stb": c["stb"], "model": "TX-5", "fw": c["fw"], "card": c["card"], "event": "heartbeat", "uptime_s": rng.randint(600, 900000), "cn_db": round(rng.uniform(8.5, 13.5), 1)})
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(0.4 / 60))
        if t >= END:
            break
        c = customer(hybrid=True)
        sid = rng.choice(SERVICES)
        box(t, c, "ca_error", code="E016", service_id=sid[0], service=sid[1], card_products=[])
    midnight = utc("2026-10-30 21:00:00")
    for _ in range(60):
        c = customer(hybrid=True)
        sid = rng.choice(SERVICES)
        box(midnight + dt.timedelta(seconds=rng.uniform(1, 300)), c, "ca_error", code="E016", service_id=sid[0], service=sid[1], card_products=[])
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(0.45 / 60))
        if t >= END:
            break
        if eat(t).hour in (1, 2, 3, 4) and rng.random() < 0.7:
            continue
        c = customer()
        c["paid"] = eat(t).date() + dt.timedelta(days=rng.randint(-20, 29))
        active[c["card"]] = products_of(c)
        refresh(t, c, "ussd")
        if rng.random() < 0.2:
            for k in range(rng.randint(2, 4)):
                refresh(t + dt.timedelta(minutes=rng.uniform(3, 20) * (k + 1)), c, "ussd")
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.3 / 60))
        if t >= END:
            break
        if eat(t).hour in (0, 1, 2, 3, 4, 5) and rng.random() < 0.75:
            continue
        ilog(t, crm_ip, "GET", f"/v1/cards/70{rng.randint(10_000_000, 39_999_999)}/entitlements", 200, rng.uniform(0.008, 0.05), crm_ua)

    # calls: agents look the card up and clear the error (it changes nothing until the restore)
    calls.sort(key=lambda x: x[0])
    call_records = []
    for tc, c in calls:
        wait = rng.uniform(60, 300) if tc < utc("2026-10-31 06:30:00") else rng.uniform(600, 2400)
        ta = tc + dt.timedelta(seconds=wait)
        if ta >= END:
            continue
        ilog(ta + dt.timedelta(seconds=rng.uniform(5, 30)), crm_ip, "GET", f"/v1/cards/{c['card']}/entitlements", 200, rng.uniform(0.01, 0.05), crm_ua)
        if ta < restored:
            refresh(ta + dt.timedelta(seconds=rng.uniform(30, 120)), c, "crm")
        call_records.append((tc, ta, c, rng.choice(["Mercy W.", "Dennis O.", "Lucy K.", "Ibrahim A.", "Janet M.", "Samuel T.", "Faith N."])))

    # ---- the restore: every queued EMM goes on air in order
    backlog.sort()
    stats["drained"] = restored + dt.timedelta(seconds=2 + len(backlog) / drain_rate)

    def air_after(t):
        i = min(bisect.bisect_left(backlog, t), len(backlog) - 1)
        return restored + dt.timedelta(seconds=2 + i / drain_rate)

    def confirm(c, ca):
        box(ca, c, "entitlements_changed", card_products=products_of(c))
        if c.get("track") and version(ca) == "6.4.0" and release_at(ca) is release_at(c["t_pay"]):
            alog(ca + dt.timedelta(milliseconds=rng.randint(20, 200)), "INFO", "box-reports-0-C-1", "k.t.c.payment.ReconnectTracker",
                 f"Reconnect of card {c['card']} confirmed by box {c['stb']} after {int((ca - c['t_pay']).total_seconds())} s")

    for c in deliveries:
        c["air"] = air = air_after(c["t_pay"])
        c["fixed_at"] = air + dt.timedelta(seconds=rng.uniform(0.5, 20))
        if c["track"]:
            tw = c["t_pay"] + dt.timedelta(minutes=15, seconds=rng.uniform(0, 30))
            if tw < air and release_at(tw) is release_at(c["t_pay"]):
                alog(tw, "WARN", "scheduling-1", "k.t.c.payment.ReconnectTracker",
                     f"Reconnect of card {c['card']} not confirmed by box {c['stb']} after 15 min (SGW txn {c['txn']}, entitled {fmt_list(products_of(c))})")
                stats["not_confirmed"].append(tw)
        if c["hybrid"] and c["powered"] and c["fixed_at"] < END:
            confirm(c, c["fixed_at"])
    for t1, c, air in installs:
        if air is None:
            air = air_after(t1)
            c["fixed_at"] = air
        if c["hybrid"] and air < END:
            box(air + dt.timedelta(seconds=rng.uniform(20, 90)), c, "entitlements_changed", card_products=products_of(c))

    ticket_rows = []
    for tc, ta, c, agent in call_records:
        fixed_at = c["fixed_at"]
        if c.get("installer"):
            subj = rng.choice(["Installer: new install stays on E016", "New decoder not activating", "Installer on site, card paired but no channels"])
            desc = f"Installer {rng.choice(['Otieno', 'Mwangi', 'Chebet', 'Mutiso'])} on site, card {c['card']} paired in the app, still E016 after 20 min. Clear error done."
            tags = ["install", "E016"]
        else:
            subj = rng.choice(["Paid via M-Pesa, still E016", "Paid this morning, no channels", "M-Pesa payment not reflecting on decoder", f"Paid KES {c['amount']}, decoder says not entitled"])
            desc = f"Customer paid (M-Pesa {c['mpesa']}, KES {c['amount']}), CRM shows {c['bouquet']} paid until {c['paid'].isoformat()}. Clear error done, still E016."
            tags = ["E016", "payment"]
        key = len(ticket_rows)
        if ta > fixed_at:
            ticket_rows.append((ta, key, {"created_at": tc, "updated_at": ta, "status": "Resolved", "group": "Call Centre L1", "responder": agent,
                                          "subject": subj, "description_text": desc.replace("Clear error done, still E016.", "Channels came on while the customer waited.").replace("still E016 after 20 min. Clear error done.", "channels came on while waiting."), "tags": tags}))
            continue
        ticket_rows.append((ta, key, {"created_at": tc, "updated_at": ta, "status": "Pending", "group": "Call Centre L1", "responder": agent,
                                      "subject": subj, "description_text": desc, "tags": tags}))
        back = fixed_at + dt.timedelta(minutes=rng.uniform(5, 40))
        ticket_rows.append((back, key, {"created_at": tc, "updated_at": back, "status": "Resolved", "group": "Call Centre L1", "responder": agent,
                                        "subject": subj, "description_text": desc + " Customer called back: channels came on.", "tags": tags}))
    stats["calls"] = len(calls)

    # ---- the multiplexers
    def mlog(t, host, tag, pid, msg):
        if START <= t < END:
            mux.add(t, syslog3164(t, host, tag, pid, msg))

    pids = {"mux-a": {"chassisd": 411, "redundancyd": 622, "simulcryptd": 1204, "tsmon": 1388, "snmpd": 902},
            "mux-b": {"chassisd": 407, "redundancyd": 618, "simulcryptd": 1197, "tsmon": 1375, "snmpd": 899}}

    def tsmon(t, host, emm_ok):
        for ts in range(1, 7):
            rate = rng.uniform(55.0, 62.5)
            emm = f"{rng.uniform(310, 322):.0f} kbit/s" if emm_ok else "0 kbit/s"
            mlog(t + dt.timedelta(milliseconds=ts * 7), host, "tsmon", pids[host]["tsmon"],
                 f"TS{ts} out {rate:.2f} Mbit/s, null {rng.uniform(1.2, 3.6):.1f} %, ECM PIDs {rng.randint(8, 14)} OK, EMM PID 0x0101 {emm}")

    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        if t < FAILOVER:
            tsmon(t, "mux-a", True)
        elif t < PEER_ADDED:
            tsmon(t, "mux-b", False)
        else:
            tsmon(t, "mux-b", True)
        t += dt.timedelta(minutes=10)
    t = START + dt.timedelta(minutes=rng.uniform(0, 30))
    while t < END:
        if t < FAILOVER:
            mlog(t, "mux-b", "redundancyd", pids["mux-b"]["redundancyd"], "state STANDBY, peer mux-a ACTIVE (heartbeat 0 missed), config checksum 7e2c91d0 peer 3f0a4417: MISMATCH")
            mlog(t + dt.timedelta(milliseconds=30), "mux-a", "redundancyd", pids["mux-a"]["redundancyd"], "state ACTIVE, peer mux-b STANDBY (heartbeat 0 missed), config checksum 3f0a4417 peer 7e2c91d0: MISMATCH")
        elif t < utc("2026-10-31 09:12:00"):
            mlog(t, "mux-b", "redundancyd", pids["mux-b"]["redundancyd"], "state ACTIVE, peer mux-a UNREACHABLE")
        else:
            mlog(t, "mux-b", "redundancyd", pids["mux-b"]["redundancyd"], "state ACTIVE, peer mux-a STANDBY (heartbeat 0 missed), config checksum 9b41c3e2 peer 3f0a4417: MISMATCH")
        t += dt.timedelta(minutes=30)
    t = START + dt.timedelta(minutes=rng.uniform(0, 20))
    while t < END:
        host = rng.choice(["mux-a", "mux-b"])
        if not (FAILOVER <= t < utc("2026-10-31 09:12:00") and host == "mux-a"):
            mlog(t, host, "snmpd", pids[host]["snmpd"], f"Connection from UDP: [10.50.9.{rng.choice([14, 15])}]:{rng.randint(30000, 60000)}->[10.50.1.{11 if host == 'mux-a' else 12}]:161")
        t += dt.timedelta(seconds=rng.expovariate(1 / 240))
    # EMMG connection on mux-a, channel tests
    t = START + dt.timedelta(minutes=rng.uniform(0, 30))
    while t < FAILOVER:
        mlog(t, "mux-a", "simulcryptd", pids["mux-a"]["simulcryptd"], "EMMG 10.50.2.21 client_ID 0x4A210001 data_channel_ID 1: channel_test -> channel_status OK")
        t += dt.timedelta(minutes=30)
    # the failure
    mlog(PSU2_LOST, "mux-a", "chassisd", pids["mux-a"]["chassisd"], "PSU2: input power lost (AC feed B), PSU redundancy lost")
    mlog(PSU2_LOST + dt.timedelta(seconds=41), "mux-a", "chassisd", pids["mux-a"]["chassisd"], "PSU1: temperature 71 C above limit 70 C, fan 2 at 100 %")
    mlog(utc("2026-10-31 05:51:40"), "mux-a", "chassisd", pids["mux-a"]["chassisd"], "PSU1: over-temperature shutdown")
    mlog(FAILOVER - dt.timedelta(milliseconds=900), "mux-b", "redundancyd", pids["mux-b"]["redundancyd"], "peer mux-a heartbeat lost (3 missed)")
    mlog(FAILOVER, "mux-b", "redundancyd", pids["mux-b"]["redundancyd"], "taking over: state ACTIVE, VIP 10.50.1.10 and outputs TS1-TS6 (reason: peer lost)")
    mlog(FAILOVER + dt.timedelta(milliseconds=640), "mux-b", "simulcryptd", pids["mux-b"]["simulcryptd"], "SCS: ECMG 10.50.2.31:3300 channel_setup ECM_channel_ID 1 OK, 14 ECM streams set up")
    t = FAILOVER + dt.timedelta(seconds=1, milliseconds=210)
    while t < PEER_ADDED:
        port = rng.randint(40000, 60000)
        mlog(t, "mux-b", "simulcryptd", pids["mux-b"]["simulcryptd"], f"EMMG 10.50.2.21:{port}: channel_setup client_ID 0x4A210001 data_channel_ID 1: client_ID not in peer table, channel_error 0x000E")
        mlog(t + dt.timedelta(milliseconds=4), "mux-b", "simulcryptd", pids["mux-b"]["simulcryptd"], f"EMMG 10.50.2.21:{port}: connection closed")
        stats["rejects"].append(t)
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(0, 60))
    mlog(PEER_ADDED - dt.timedelta(seconds=40), "mux-b", "mgmtd", 731, "user dmwangi@10.50.9.40: config change: simulcrypt peer add EMMG client_ID 0x4A210001 (Verocrypt EMMG) data_channels 1 max_bw 400 kbit/s PID 0x0101 TS1-TS6")
    mlog(PEER_ADDED - dt.timedelta(seconds=38), "mux-b", "mgmtd", 731, "user dmwangi@10.50.9.40: config committed, checksum 9b41c3e2")
    mlog(restored, "mux-b", "simulcryptd", pids["mux-b"]["simulcryptd"], "EMMG 10.50.2.21 client_ID 0x4A210001 data_channel_ID 1: channel_setup OK")
    mlog(restored + dt.timedelta(milliseconds=80), "mux-b", "simulcryptd", pids["mux-b"]["simulcryptd"], "EMMG 10.50.2.21 client_ID 0x4A210001 data_stream_ID 1: stream_setup OK, stream_BW_request 320 kbit/s -> stream_BW_allocation 320 kbit/s")
    mlog(utc("2026-10-31 09:10:00"), "mux-a", "chassisd", pids["mux-a"]["chassisd"], "chassis power on, PSU1 OK, PSU2 OK (replaced)")
    mlog(utc("2026-10-31 09:11:45"), "mux-a", "redundancyd", pids["mux-a"]["redundancyd"], "state STANDBY, peer mux-b ACTIVE")

    # ---- the EMMG
    def elog(t, level, thread, logger, msg):
        if START <= t < END:
            emmg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}")

    made = sorted(stats["emms"])
    t = START + dt.timedelta(seconds=rng.uniform(0, 59))
    queue_series = []
    while t < END:
        n = bisect.bisect_right(made, t) - bisect.bisect_right(made, t - dt.timedelta(seconds=60))
        if FAILOVER <= t < restored:
            q = bisect.bisect_right(backlog, t)
            oldest = (t - backlog[0]).total_seconds() if q else 0.0
            elog(t, "WARN", "stats", "EmmgStats", f"emmg-1: unique EMMs 0/min, carousel 0/min, queue {q + rng.randint(0, 5)}, oldest {oldest:.1f} s, MUX 10.50.1.10:4200 channel DOWN")
            queue_series.append((t, q))
        elif restored <= t < stats["drained"]:
            sent = int((t - restored).total_seconds() * drain_rate)
            q = max(0, len(backlog) - sent) + n
            oldest = max(0.4, (t - backlog[min(sent, len(backlog) - 1)]).total_seconds()) if q > n else 0.6
            elog(t, "INFO", "stats", "EmmgStats", f"emmg-1: unique EMMs {min(len(backlog), int(60 * drain_rate))}/min, carousel 0/min, queue {q}, oldest {oldest:.1f} s, MUX 10.50.1.10:4200 channel 1 stream 1 allocated 320 kbit/s")
            queue_series.append((t, q))
        else:
            uniq = n + rng.randint(0, 6)
            q = rng.randint(0, 6)
            elog(t, "INFO", "stats", "EmmgStats", f"emmg-1: unique EMMs {uniq}/min, carousel {rng.randint(2650, 2790)}/min, queue {q}, oldest {0.2 + rng.uniform(0, 0.6):.1f} s, MUX 10.50.1.10:4200 channel 1 stream 1 allocated 320 kbit/s")
            queue_series.append((t, q))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-30, 30))
    stats["queue_series"] = queue_series
    t = START + dt.timedelta(minutes=rng.uniform(0, 30))
    while t < END:
        if not (FAILOVER <= t < restored):
            elog(t, "INFO", "mux-link-1", "SimulcryptEmmgLink", "channel_test to MUX 10.50.1.10:4200: channel_status OK (client_ID 0x4A210001, data_channel_ID 1, section_TSpkt_flag 1)")
        t += dt.timedelta(minutes=30)
    t = START + dt.timedelta(minutes=rng.uniform(0, 60))
    while t < END:
        if not (FAILOVER <= t < restored):
            elog(t, "INFO", "carousel", "CarouselBuilder", f"carousel rebuilt: {rng.randint(88000, 92000)} cards with EMMs in the last 72 h, cycle {rng.uniform(41, 46):.1f} min")
        else:
            elog(t, "WARN", "carousel", "CarouselBuilder", "carousel paused: no data channel")
        t += dt.timedelta(hours=1)
    elog(FAILOVER + dt.timedelta(milliseconds=180), "WARN", "mux-link-1", "SimulcryptEmmgLink", "connection to MUX 10.50.1.10:4200 lost: Connection reset by peer; reconnecting")
    for k, tr in enumerate(stats["rejects"]):
        elog(tr - dt.timedelta(milliseconds=3), "INFO", "mux-link-1", "SimulcryptEmmgLink", "connected to MUX 10.50.1.10:4200, channel_setup client_ID 0x4A210001 data_channel_ID 1")
        elog(tr + dt.timedelta(milliseconds=2), "ERROR", "mux-link-1", "SimulcryptEmmgLink",
             "channel_setup rejected by MUX 10.50.1.10:4200: channel_error error_status 0x000E (unknown client_ID); retry in 30 s")
        if k == 2:
            elog(tr + dt.timedelta(milliseconds=40), "ERROR", "alarms", "AlarmManager", "ALARM EMMG-CH-DOWN raised (major): no EMM data channel to any MUX for 60 s; notified noc@verocrypt.example")
    elog(restored - dt.timedelta(milliseconds=3), "INFO", "mux-link-1", "SimulcryptEmmgLink", "connected to MUX 10.50.1.10:4200, channel_setup client_ID 0x4A210001 data_channel_ID 1")
    elog(restored + dt.timedelta(milliseconds=2), "INFO", "mux-link-1", "SimulcryptEmmgLink", "channel_status OK from MUX 10.50.1.10:4200 (client_ID 0x4A210001, data_channel_ID 1, section_TSpkt_flag 1)")
    elog(restored + dt.timedelta(milliseconds=84), "INFO", "mux-link-1", "SimulcryptEmmgLink", "stream_setup data_stream_ID 1 data_ID 1: stream_BW_request 320 kbit/s, stream_BW_allocation 320 kbit/s")
    elog(restored + dt.timedelta(seconds=1), "INFO", "queue", "EmmQueue", f"draining {len(backlog)} queued unique EMMs before the carousel (oldest {(restored - backlog[0]).total_seconds():.0f} s)")
    elog(stats["drained"], "INFO", "queue", "EmmQueue", "queue drained, carousel resumed")
    elog(stats["drained"] + dt.timedelta(milliseconds=30), "INFO", "alarms", "AlarmManager", "ALARM EMMG-CH-DOWN cleared")

    # ---- teleport NOC monitoring
    def nlog(t, source, severity, text, state="raised", ack=None):
        if START <= t < END:
            body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "source": source, "severity": severity, "state": state, "text": text}
            if ack:
                body["ack_by"] = ack
            noc.add(t, json.dumps(body, ensure_ascii=False))

    t = START + dt.timedelta(minutes=rng.uniform(0, 60))
    while t < END:
        nlog(t, "probe-ts-1", "info", f"TR 101 290 summary TS1-TS6: P1 0, P2 0, P3 {rng.randint(0, 2)} in the last hour", state="info")
        t += dt.timedelta(hours=1)
    nlog(utc("2026-10-30 18:22:00"), "ups-kasarani-2", "minor", "UPS 2 on battery (mains dip 1.8 s)")
    nlog(utc("2026-10-30 18:22:02"), "ups-kasarani-2", "minor", "UPS 2 on mains", state="cleared")
    nlog(utc("2026-10-30 23:40:00"), "hpa-2", "minor", "HPA 2 output power -0.4 dB (uplink power control, rain at Kasarani)")
    nlog(utc("2026-10-31 00:25:00"), "hpa-2", "minor", "HPA 2 output power nominal", state="cleared")
    nlog(PSU2_LOST + dt.timedelta(seconds=2), "mux-a", "major", "PSU2 input lost (AC feed B), PSU redundancy lost")
    nlog(PSU2_LOST + dt.timedelta(minutes=3), "mux-a", "major", "PSU2 input lost (AC feed B), PSU redundancy lost", state="acknowledged", ack="noc-op2 (Otieno)")
    nlog(FAILOVER + dt.timedelta(seconds=1), "mux-pair", "critical", "mux-a unreachable, mux-b ACTIVE: redundancy switchover")
    nlog(FAILOVER + dt.timedelta(seconds=3), "probe-ts-1", "major", "TR 101 290 1.2 Continuity_count_error TS1-TS6 (switchover)")
    nlog(FAILOVER + dt.timedelta(seconds=9), "probe-ts-1", "major", "TR 101 290 1.2 Continuity_count_error TS1-TS6", state="cleared")
    for ts in range(1, 7):
        nlog(FAILOVER + dt.timedelta(seconds=10 + ts), "probe-ts-1", "minor", f"TR 101 290 1.6 PID_error TS{ts}: PID 0x0101 not present for 5 s")
    nlog(FAILOVER + dt.timedelta(minutes=4), "mux-pair", "critical", "mux-a unreachable, mux-b ACTIVE: redundancy switchover", state="acknowledged", ack="noc-op2 (Otieno): services on air from mux-b, field tech called for mux-a")
    nlog(FAILOVER + dt.timedelta(minutes=6), "probe-ts-1", "minor", "TR 101 290 1.6 PID_error PID 0x0101 TS1-TS6", state="acknowledged", ack="noc-op2 (Otieno): EMM PID, follows switchover")
    for ts in range(1, 7):
        nlog(restored + dt.timedelta(seconds=4 + ts), "probe-ts-1", "minor", f"TR 101 290 1.6 PID_error TS{ts}: PID 0x0101 not present for 5 s", state="cleared")
    nlog(utc("2026-10-31 09:10:30"), "mux-a", "major", "PSU2 input lost (AC feed B), PSU redundancy lost", state="cleared")
    nlog(utc("2026-10-31 09:12:10"), "mux-pair", "critical", "redundancy restored: mux-b ACTIVE, mux-a STANDBY", state="cleared")

    # ---- bridge housekeeping and pods
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        for p in PODS[release_at(t)[1]]:
            busy = rng.randint(0, 3)
            alog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "scheduling-1", "k.t.c.cas.SgwPoolMonitor",
                 f"SGW pool: {busy} busy, {16 - busy} idle (max 16), rate limit 20/s, billing.events lag {rng.randint(0, 4)}", p=p)
            if version(t) == "6.4.0":
                alog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "scheduling-1", "k.t.c.payment.ReconnectTracker",
                     f"Reconnects awaiting box confirmation: {rng.randint(0, 6) if not (FAILOVER < t < restored) else len([c for c in deliveries if c['track'] and c['t_pay'] <= t and release_at(c['t_pay']) is release_at(t)]) // 2}", p=p)
        t += dt.timedelta(minutes=5)

    ver_sha = {"6.3.2": shas["rel632"], "6.4.0": shas["rel640"]}

    def pod_start(t0, p, ver):
        alog(t0, "INFO", "main", "k.t.cabridge.CaBridgeApplication", f"Starting CaBridgeApplication v{ver} using Java 21.0.4 with PID 1 (/deployments/ca-bridge.jar started by 1000720000 in /deployments)", p=p)
        alog(t0 + dt.timedelta(milliseconds=30), "INFO", "main", "k.t.cabridge.CaBridgeApplication", "The following 1 profile is active: \"prod\"", p=p)
        alog(t0 + dt.timedelta(seconds=7, milliseconds=rng.randint(0, 800)), "INFO", "main", "k.t.c.bouquet.Catalogue", "Catalogue 2026-10 loaded: 4 bouquets, 3 add-ons, 8 products", p=p)
        alog(t0 + dt.timedelta(seconds=8, milliseconds=rng.randint(0, 800)), "INFO", "main", "k.t.c.cas.SgwClient", "SGW https://sgw.verocrypt.tausi.local:8443 client cabridge, pool 16, 20 commands/s", p=p)
        alog(t0 + dt.timedelta(seconds=9, milliseconds=rng.randint(0, 800)), "INFO", "main", "k.t.cabridge.CaBridgeApplication",
             f"Started CaBridgeApplication in {rng.uniform(9.5, 12.5):.3f} seconds (process running for {rng.uniform(10.5, 13.5):.3f}); ca-bridge {ver} ({ver_sha[ver][:8]})", p=p)
        alog(t0 + dt.timedelta(seconds=11), "INFO", "billing-events-0-C-1", "o.s.k.l.KafkaMessageListenerContainer", "ca-bridge: partitions assigned: [billing.events-0, billing.events-1, billing.events-2, billing.events-3, box.reports-0]", p=p)
        ts = t0 + dt.timedelta(seconds=8, milliseconds=200)
        if START <= ts < END:
            sgw.add(ts, f"{ms3(ts)} [{rng.choice(SGW_NODES)}] INFO  session opened client cabridge from 10.128.{rng.randint(2, 6)}.{rng.randint(10, 250)} (TLSv1.3, cert CN=cabridge.tausi.local)")

    def pod_stop(t0, p):
        alog(t0, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", p=p)
        alog(t0 + dt.timedelta(milliseconds=400), "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete", p=p)

    for k in range(1, len(rollouts)):
        at, key, ver = rollouts[k]
        new, old = PODS[key], PODS[rollouts[k - 1][1]]
        pod_start(at - dt.timedelta(seconds=52), new[0], ver)
        pod_stop(at - dt.timedelta(seconds=30), old[0])
        pod_start(at - dt.timedelta(seconds=26), new[1], ver)
        pod_stop(at - dt.timedelta(seconds=4), old[1])

    # ---- GitLab deploy jobs
    gl_seq = [0]

    def glog(t, text, stream="00O"):
        gl_seq[0] += 1
        t = t + dt.timedelta(microseconds=(gl_seq[0] % 40) * 20000 + rng.randint(0, 15000))
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {stream} {text}")

    def deploy_job(at, job, tag, sha, who, rs_new, rs_old):
        glog(at, "Running with gitlab-runner 17.4.0 (b92ee590)")
        glog(at, "  on ocp-runner-02 Zk3xQm1a, system ID: s_5e0b7a1f22c4")
        glog(at + dt.timedelta(seconds=1), f"Job {job} (deploy-prod) triggered by {who} for tag {tag}")
        glog(at + dt.timedelta(seconds=6), f"Checking out {sha[:8]} as detached HEAD (ref is {tag})...")
        glog(at + dt.timedelta(seconds=9), "$ echo \"deploying ca-bridge $IMAGE_TAG ($CI_COMMIT_SHA)\"", "01O")
        glog(at + dt.timedelta(seconds=9), f"deploying ca-bridge {tag} ({sha})", "01O")
        glog(at + dt.timedelta(seconds=10), f"$ helm upgrade --install ca-bridge ./helm/ca-bridge --namespace ca-prod -f helm/ca-bridge/values-prod.yaml --set image.tag={tag} --wait --timeout 5m", "01O")
        glog(at + dt.timedelta(seconds=82), "Release \"ca-bridge\" has been upgraded. Happy Helming!", "01O")
        glog(at + dt.timedelta(seconds=82), "NAME: ca-bridge  NAMESPACE: ca-prod  STATUS: deployed", "01O")
        glog(at + dt.timedelta(seconds=83), "$ oc -n ca-prod rollout status deploy/ca-bridge", "01O")
        glog(at + dt.timedelta(seconds=84), f"deployment \"ca-bridge\" successfully rolled out (replicaset {rs_new} 2/2, {rs_old} 0/0)", "01O")
        glog(at + dt.timedelta(seconds=86), "Cleaning up project directory and file based variables")
        glog(at + dt.timedelta(seconds=86), "Job succeeded")

    deploy_job(DEPLOY_640, 512877, "6.4.0", shas["rel640"], "Wanjiru Kamau", "ca-bridge-59b7c8f6d", "ca-bridge-6c9f7d4b8")
    deploy_job(ROLLBACK, 513012, "6.3.2", shas["rel632"], "Wanjiru Kamau", "ca-bridge-6c9f7d4b8", "ca-bridge-59b7c8f6d")
    deploy_job(REDEPLOY, 513020, "6.4.0", shas["rel640"], "Wanjiru Kamau", "ca-bridge-59b7c8f6d", "ca-bridge-6c9f7d4b8")

    # ---- Slack #ca-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"ts": f"{t.timestamp():.6f}", "channel": "ca-ops", "user_name": who, "text": text}, ensure_ascii=False))

    nc = sorted(stats["not_confirmed"])
    stats["first_warn"] = nc[0]
    probe = next(c for c in waiting_customers if c["hybrid"] and c["t_pay"] < ROLLBACK - dt.timedelta(minutes=20))
    say(utc("2026-10-30 16:20:00"), "Wanjiru Kamau", "6.4.0 at 19:40 EAT for payday: PAY-218 (reconnect from billing's payment.applied), CAS-431 (reconnect confirmation from TX-5 boxes), CAS-428, PAY-221, OkHttp.")
    say(DEPLOY_640 + dt.timedelta(minutes=5), "Wanjiru Kamau", "6.4.0 live. Reconnects come from billing.events now, lag 0-2 s. Confirmations coming in: 'confirmed by box after 9 s'.")
    say(utc("2026-10-30 19:05:00"), "Kevin Otieno", "Payday evening looks good: reconnects from payment.applied within 5 s of the M-Pesa callback, a few 'not confirmed' for boxes that are off.")
    say(nc[0] + dt.timedelta(minutes=25), "Grace Mutua", "Call centre: many 'paid via M-Pesa, still E016' since about 09:00 EAT. CRM shows them paid and entitled. Clear error does nothing. Queue 60.")
    say(nc[0] + dt.timedelta(minutes=31), "Wanjiru Kamau", f"Looking. ca-bridge shows lots of 'Reconnect of card ... not confirmed by box ... after 15 min' since {eat(nc[0]).strftime('%H:%M')} EAT. SGW answers OK to every ENTITLE.")
    say(utc("2026-10-31 06:58:00"), "Wanjiru Kamau", "PAY-218 changed the reconnect path yesterday evening and this is the first payday morning on it. Runbook: if it starts after a release, roll back; the gateway callback then reconnects directly. Rolling back to 6.3.2.")
    say(ROLLBACK + dt.timedelta(minutes=3), "Wanjiru Kamau", "6.3.2 on both pods, reconnecting from the M-Pesa callback. The 'not confirmed' warnings are gone.")
    say(utc("2026-10-31 07:24:00"), "Grace Mutua", "Still the same after 10:12, customers paid at 10:15 still on E016. And installers: new installs stay on E016 after pairing, 5 calls from the field.")
    say(utc("2026-10-31 07:27:00"), "Wanjiru Kamau", f"Card {probe['card']} paid {eat(probe['t_pay']).strftime('%H:%M')} EAT: SGW ENTITLE OK, active products {fmt_list(products_of(probe))}. Its box reports E016 with card_products []. The CAS says entitled, the card says nothing.")
    say(utc("2026-10-31 07:31:00"), "Amina Wafula", "EMMG stats: channel DOWN since 08:52 EAT, unique EMMs 0/min, queue in the thousands, oldest over 2 h. 'channel_setup rejected by MUX 10.50.1.10:4200: channel_error error_status 0x000E (unknown client_ID)' every 30 s. No EMM has gone on air since 08:52. Calling Verocrypt and @Daniel Mwangi.")
    say(utc("2026-10-31 07:38:00"), "Joost de Vries (Verocrypt NOC)", "Our alarm EMMG-CH-DOWN since 05:53 UTC, we mailed your NOC. The MUX at 10.50.1.10 refuses our client_ID 0x4A210001. Nothing changed on the EMMG; this is the MUX side.")
    say(utc("2026-10-31 07:44:00"), "Daniel Mwangi", "mux-a lost a PSU feed and shut down at 08:52, mux-b took over, pictures fine. mux-b came back from RMA in September and was restored from the March backup, from before the EMMG went direct to the MUX. Its peer table has no Verocrypt EMMG. Adding it now.")
    say(PEER_ADDED + dt.timedelta(seconds=50), "Daniel Mwangi", "EMMG peer added on mux-b (client_ID 0x4A210001, PID 0x0101, 400 kbit/s max). Channel and stream are up.")
    say(stats["drained"] + dt.timedelta(seconds=40), "Amina Wafula", f"EMMG queue drained ({len(backlog)} unique EMMs in {round((stats['drained'] - restored).total_seconds() / 60, 1)} min), carousel running. TX-5 boxes are reporting the new entitlements.")
    say(utc("2026-10-31 08:14:00"), "Grace Mutua", "Customers calling back: channels are on. IVR message about the delay removed.")
    say(REDEPLOY - dt.timedelta(minutes=2), "Wanjiru Kamau", "Nothing wrong with 6.4.0. Deploying it again.")
    say(REDEPLOY + dt.timedelta(minutes=6), "Wanjiru Kamau", "6.4.0 live again, reconnects confirmed by boxes within seconds.")
    say(utc("2026-10-31 09:15:00"), "Daniel Mwangi", "mux-a PSU2 replaced, mux-a back as STANDBY. BE-2417: sync mux-a/mux-b configs (checksums have differed since September) and alarm on EMM PID missing as major.")
    say(utc("2026-10-31 09:42:00"), "Amina Wafula", "Runbook: 'EMMG channel DOWN is the uplink, not us'.")

    # ---- tickets
    base = [("Remote not working", "Batteries. Resolved.", ["remote"]), ("Change bouquet to Compact", "Upgrade done in billing.", ["upgrade"]),
            ("Installer did not come", "Passed to field ops.", ["install"]), ("Decoder restarts by itself", "TX-4, booked technician.", ["hardware"]),
            ("Paid via M-Pesa, still E016", "Payment not found under the account: customer used the wrong account number. Moved payment, clear error, OK.", ["E016", "payment"])]
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 720))
        if t >= END:
            break
        if eat(t).hour in (1, 2, 3, 4) and rng.random() < 0.8:
            continue
        subj, desc, tags = rng.choice(base)
        ticket_rows.append((t + dt.timedelta(minutes=rng.randint(4, 20)), len(ticket_rows), {"created_at": t, "updated_at": t + dt.timedelta(minutes=rng.randint(4, 20)), "status": "Resolved",
                                                                                          "group": "Call Centre L1", "responder": rng.choice(["Mercy W.", "Dennis O.", "Lucy K."]), "subject": subj, "description_text": desc, "tags": tags}))
    major = len(ticket_rows) + 1000
    ticket_rows.append((utc("2026-10-31 06:52:00"), major, {"created_at": utc("2026-10-31 06:52:00"), "updated_at": utc("2026-10-31 06:52:00"), "status": "Open", "group": "CA Team", "responder": "Grace Mutua",
                                                          "subject": "Major: paid customers not reconnected", "description_text": "Since ~09:00 EAT customers who paid by M-Pesa stay on E016. CRM shows paid. Clear error does not help. Escalated to CA on-call (#ca-ops).", "tags": ["major", "E016", "payment"]}))
    ticket_rows.append((utc("2026-10-31 08:40:00"), major, {"created_at": utc("2026-10-31 06:52:00"), "updated_at": utc("2026-10-31 08:40:00"), "status": "Resolved", "group": "CA Team", "responder": "Wanjiru Kamau",
                                                          "subject": "Major: paid customers not reconnected", "description_text": "No EMMs on air 08:52-10:58 EAT: after mux-a's PSU failure mux-b refused the Verocrypt EMMG (peer missing after its RMA restore). Broadcast added the peer; EMMG queue drained by 11:06.", "tags": ["major", "E016", "payment"]}))
    ticket_no = [90330]
    ids = {}
    for _, key, row in sorted(ticket_rows, key=lambda r: (r[2]["created_at"], str(r[1]))):
        if key not in ids:
            ticket_no[0] += rng.randint(1, 4)
            ids[key] = ticket_no[0]
    for when, key, row in ticket_rows:
        if START <= when < END:
            out = dict(row, id=ids[key], created_at=row["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ"), updated_at=row["updated_at"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            out = {k: out[k] for k in ("id", "created_at", "updated_at", "status", "group", "responder", "subject", "description_text", "tags")}
            tickets.add(when, json.dumps(out, ensure_ascii=False))

    stats["backlog"] = len(backlog)
    stats["restored"] = restored
    return [app, sgw, emmg, mux, noc, boxes, ingress, gitlab, slack, tickets], stats


def build(out_dir):
    rng = random.Random(83200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["rejects"][0].replace(microsecond=0)
        assert FAILOVER < stats["rejects"][0] < FAILOVER + dt.timedelta(seconds=5)
        assert stats["first_warn"] > FAILOVER + dt.timedelta(minutes=14), stats["first_warn"]
        assert not [x for x in stats["not_confirmed"] if x < FAILOVER], "warnings before the failover come only from boxes that are off"
        assert stats["drained"] < REDEPLOY, stats["drained"]
        series = stats["queue_series"]
        times = [s[0] for s in series]

        def queue(t):
            i = bisect.bisect_right(times, t) - 1
            return series[i][1] if i >= 0 else None

        metrics = {"verocrypt_emmg_queue_depth.json": query_range([({"job": "verocrypt-emmg", "instance": "emmg-1"}, queue)], START, END, 60)}
        return write_scenario(
            out_dir, name="r83-mux-failover-emmg-peer-none", service=SERVICE, onset=onset,
            description=f"""
Tausi TV customers who pay on the payday Saturday, 31 October, are not
reconnected: from {onset.strftime('%H:%M:%S')} UTC (08:52 EAT) no EMM goes on air; ca-bridge
logs every reconnect of a TX-5 card "not confirmed by box ... after 15
min", paid customers stay on E016, clear errors do nothing and installers
cannot activate new boxes. ca-bridge 6.4.0 had been deployed on Friday at
16:40 UTC; it was rolled back to 6.3.2 at 07:12 without effect and
deployed again at 08:20. EMMs went on air again from 07:58.
""",
            logs=logs,
            line_formats={"ca-bridge.log": r'<Date> <Time> <Level>\s+\[<Thread>\] <Pod> <Logger> - <Content>',
                          "verocrypt-sgw-audit.log": r'<Date> <Time> \[<Node>\] <Level>\s+<Content>',
                          "gitlab-deploy-jobs.log": r'<Timestamp> <Stream> <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'channel_setup rejected by MUX .*unknown client_ID',
                        r'client_ID not in peer table'],
            fix_files=[],
            explanation=f"""
No commit caused this. At 05:50 UTC the uplink multiplexer mux-a lost
its PSU2 feed and shut down on PSU1's over-temperature at 05:52; mux-b
took over the virtual address 10.50.1.10 and the outputs (pictures
carried on, its SCS has the ECMG). mux-b had been restored from a March
backup after its repair in September, from before the Verocrypt EMMG was
connected directly to the MUX, so its SimulCrypt peer table had no EMMG:
every channel_setup of the EMMG was refused ("client_ID not in peer
table, channel_error 0x000E"; the EMMG: "channel_setup rejected by MUX
10.50.1.10:4200: channel_error error_status 0x000E (unknown client_ID)").
No EMM went on air from 05:52 to 07:58; the EMMG queued {stats['backlog']} unique
EMMs, so customers who paid (most of them after their screen had gone
black) stayed on E016, clear errors and installers' activations only
queued more. Broadcast Engineering added the EMMG to mux-b's peer table at
07:58 and the queue drained by {stats['drained'].strftime('%H:%M')}. Nothing in ca-bridge was changed.
Decoys: release 6.4.0, deployed {round((onset - DEPLOY_640).total_seconds() / 3600, 1)} h before on the payday evening (PAY-218,
reconnects from billing's payment.applied instead of the M-Pesa callback,
the very reconnect path; CAS-431, which adds the very "Reconnect of card
... not confirmed by box ... after 15 min" warning; PAY-221 in the
reconnect file; CAS-428, a pairing EMM with every clear error; an OkHttp
bump), rolled back to 6.3.2 without effect (the warnings stop, the calls do
not) and deployed again; Friday's runbook commit that reads "paid but not
reconnected" as the payment path and says to roll back after a release;
the SGW audit, which answers OK to every command; mux-b's standing "config
checksum ... MISMATCH" and the NOC's acknowledged PSU, switchover and
PID_error alarms; a UPS dip and rain fade at the teleport the evening
before; Friday evening's "not confirmed" warnings from boxes that were
off; E016 of unpaid cards; the clear error rate limit (429).
""",
        )
    finally:
        repo.close()
