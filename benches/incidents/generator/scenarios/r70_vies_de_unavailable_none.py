"""ferrolink-market (Kotlin 1.9, Spring Boot 3.3, PostgreSQL 16; market-api
and market-worker from one repository on EKS, Argo CD syncing `deploy/prod`;
team in Eindhoven, Porto and Kraków) of Ferrolink B.V., a B2B marketplace
for industrial spare parts: suppliers' catalogue feeds, RFQs and quotes,
web orders, cXML PunchOut and X12/EDIFACT purchase orders over AS2 from
the plants' SAP systems. Ferrolink buys from the supplier and invoices the
buyer. For a buyer in another EU member state the invoice is reverse
charged, which the tax team (after a 2025 audit) allows only with a valid
VIES confirmation of the buyer's VAT number no older than 24 hours:
`VatGate` asks the EU's VIES service (SOAP checkVat) when an order is
created and the last confirmation for that number is older; if VIES cannot
answer, the order is held as VAT_PENDING (EDI: the 855 waits) and
`VatRecheckJob` tries again every 15 minutes. VIES itself only forwards
each request to the member state's own system, here the German
Bundeszentralamt für Steuern's.

Thursday 4 June 2026 (Corpus Christi, a working day in the north of
Germany, a holiday in the south): from 07:10 UTC the German system behind
VIES is unavailable. VIES answers every request for a DE number with the
fault MS_UNAVAILABLE; the other member states answer normally. From 07:29
orders of German buyers whose last confirmation is more than 24 hours old
are held, more of them as the morning goes on and yesterday's
confirmations expire one buyer after the other; German buyers get "held
for VAT verification" on their order confirmations and their SAP systems
no 855.

ferrolink-market 7.31.0 had been synced at 06:41 (FIN-311: checkVatApprox
with Ferrolink's own NL VAT number as requester, so each confirmation has
a consultation number for the auditors, the very VIES call; FIN-314: VIES
faults logged as warnings with the member state and the fault, the very
"VIES check failed" line that now fills the log; QT-241; spring-ws-core
4.0.12, the SOAP client). A short MS_UNAVAILABLE for Italy at 06:52 had
held four orders until the 07:00 recheck. The runbook (Wednesday) says VIES
errors mean Ferrolink is sending too many requests and to roll back first
after a deploy; the on-call rolls back to 7.30.2 at 07:58: the warnings
give way to 7.30.2's "held: buyer VAT number could not be verified", the
holds go on. A developer sees that every fault is MS_UNAVAILABLE and every
held order German; the team's vies-status probe (VIES's check-status) has
reported DE "Unavailable" on every run since 07:15 and the VIES website
says the German service is unavailable; the tax team will not allow
reverse charge on an older confirmation. DE answers again at 09:48, the 10:00 recheck releases
the held orders, 7.31.0 is synced again at 10:21. Nothing in
ferrolink-market caused it.

Sources: market-worker and market-api (Spring Boot console pattern with
the pod, line format), ingress-nginx access, the vies-status probe
(structlog JSON), the AS2 gateway (OpenAS2), Argo CD application
controller, #marketplace-ops (Slack export, JSON lines), Zendesk tickets
(JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "ferrolink-market"
START, END = utc("2026-06-04 05:40:00"), utc("2026-06-04 10:50:00")
REL_7310 = utc("2026-06-04 06:41:30")    # Argo sync of 7.31.0 succeeded
IT_BLIP = (utc("2026-06-04 06:52:10"), utc("2026-06-04 06:56:40"))
DE_DOWN = (utc("2026-06-04 07:10:25"), utc("2026-06-04 09:48:05"))
ROLLBACK = utc("2026-06-04 07:58:20")    # Argo rollback to 7.30.2
RESYNC = utc("2026-06-04 10:21:40")      # 7.31.0 again

POD_API_OLD = ["market-api-6d5c8b7f9-kq2wd", "market-api-6d5c8b7f9-x8mzr"]
POD_WORKER_OLD = ["market-worker-7b9f6c5d8-hn4tv", "market-worker-7b9f6c5d8-s2pqc"]
POD_API = ["market-api-8c7d9f6b5-b4nxl", "market-api-8c7d9f6b5-m7rkv"]
POD_WORKER = ["market-worker-5d8f7b6c9-fw3jz", "market-worker-5d8f7b6c9-q6ltd"]
POD_API_ROLL = ["market-api-6d5c8b7f9-c9vhp", "market-api-6d5c8b7f9-t3wqn"]
POD_WORKER_ROLL = ["market-worker-7b9f6c5d8-g5kxm", "market-worker-7b9f6c5d8-r8bnd"]
POD_API_AGAIN = ["market-api-8c7d9f6b5-d2jsq", "market-api-8c7d9f6b5-p5zcx"]
POD_WORKER_AGAIN = ["market-worker-5d8f7b6c9-k4mhw", "market-worker-5d8f7b6c9-v9ntg"]

# buyers: code, name, country, VAT number, channel weights (edi, web), share
BUYERS = [
    ("HALLBERGSTAHL", "Hallberg Stahl AG", "DE", "DE812004417", 9),
    ("OSTSEEPAPIER", "Ostsee Papier GmbH", "DE", "DE264190833", 7),
    ("RHEINGLAS", "Rheinglas Werke GmbH", "DE", "DE119847562", 6),
    ("WESERCHEM", "Weser Chemie GmbH & Co. KG", "DE", "DE301776209", 5),
    ("ELBEFOODS", "Elbe Foods GmbH", "DE", "DE278553014", 4),
    ("RUHRGUSS", "Ruhrguss GmbH", "DE", "DE124460987", 5),
    ("LAUSITZKRAFT", "Lausitz Kraftwerkservice GmbH", "DE", "DE287119640", 3),
    ("HARZKALK", "Harzkalk GmbH", "DE", "DE811390225", 3),
    ("EMSLANDSTAERKE", "Emsland Stärke GmbH", "DE", "DE117702431", 3),
    ("SAIMAABOARD", "Saimaa Board Oy", "FI", "FI24031776", 5),
    ("VISTULACEM", "Vistula Cement S.A.", "PL", "PL5260210843", 5),
    ("MEUSECHEM", "Meuse Chemicals NV", "BE", "BE0437281166", 5),
    ("TAJOFOODS", "Tajo Foods S.A.", "ES", "ESA28015865", 4),
    ("BRNOAUTO", "Brno Automotive a.s.", "CZ", "CZ25512897", 5),
    ("LOMBARDAPLAST", "Lombarda Plastica S.p.A.", "IT", "IT02238170164", 4),
    ("ALPENMILCH", "Alpenmilch eG", "AT", "ATU38211706", 3),
    ("LOIREMETAL", "Loire Métallurgie SAS", "FR", "FR41552081317", 4),
    ("VENETOCART", "Veneto Cartiere S.p.A.", "IT", "IT00840410243", 3),
    ("BRABANTPACK", "Brabant Verpakkingen B.V.", "NL", "NL805117462B01", 4),
    ("HUMBERREF", "Humber Refining Ltd", "GB", "GB239448112", 3),
]
EDI_BUYERS = {"HALLBERGSTAHL", "OSTSEEPAPIER", "RHEINGLAS", "RUHRGUSS", "WESERCHEM", "SAIMAABOARD", "VISTULACEM", "MEUSECHEM",
              "BRNOAUTO", "LOMBARDAPLAST", "HUMBERREF", "LOIREMETAL", "BRABANTPACK"}
SUPPLIERS = ["KESSLER", "BRIXHAM", "NORDA", "VALTEC", "OSTRAVA", "ELEKTRA", "MORETTI", "DUNMORE", "PILSKA", "HOLMQVIST", "FAURIEL",
             "BAUMANN", "LINDQVIST", "TORRENT", "GRAFTON", "VERHOEVEN", "SCHOLZ", "KOVAC"]
EU = {"DE", "FI", "PL", "BE", "ES", "CZ", "IT", "AT", "FR"}   # reverse charge from NL (NL buyers pay NL VAT; GB is outside)


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def weighted(rng, choices):
    total = sum(w for w, _ in choices)
    x = rng.uniform(0, total)
    for w, v in choices:
        x -= w
        if x <= 0:
            return v
    return choices[-1][1]


# ---------------------------------------------------------------------------
# the repository

BUILD = """import org.jetbrains.kotlin.gradle.tasks.KotlinCompile

plugins {
    id("org.springframework.boot") version "3.3.11"
    id("io.spring.dependency-management") version "1.1.7"
    id("com.google.cloud.tools.jib") version "3.4.5"
    kotlin("jvm") version "1.9.25"
    kotlin("plugin.spring") version "1.9.25"
}

group = "com.ferrolink"
version = "7.30.0"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

repositories {
    mavenCentral()
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.springframework.boot:spring-boot-starter-web-services")
    implementation("org.springframework.ws:spring-ws-core:4.0.11")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("com.fasterxml.jackson.dataformat:jackson-dataformat-xml:2.19.0")
    implementation("io.xlate:staedi:1.25.2")
    implementation("org.opensearch.client:opensearch-java:2.22.0")
    implementation("org.flywaydb:flyway-core")
    implementation("org.flywaydb:flyway-database-postgresql")
    implementation("io.micrometer:micrometer-registry-prometheus")
    runtimeOnly("org.postgresql:postgresql:42.7.5")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.wiremock:wiremock-standalone:3.12.1")
}

tasks.withType<KotlinCompile> {
    kotlinOptions {
        freeCompilerArgs += "-Xjsr305=strict"
    }
}

tasks.withType<Test> {
    useJUnitPlatform()
}

jib {
    from.image = "eclipse-temurin:21-jre"
    to.image = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market"
}
"""

APPLICATION_YML = """spring:
  application:
    name: ferrolink-market
  datasource:
    url: jdbc:postgresql://market-db.internal:5432/market
    username: market
    hikari:
      maximum-pool-size: 20

ferrolink:
  feeds:
    incoming: /srv/feeds/incoming
    poll-interval: 120s
  edi:
    as2-outbound: http://as2-gateway.edi.svc:4080/outbound
  tax:
    seller-vat-number: NL853201947B01
    vies:
      url: https://ec.europa.eu/taxation_customs/vies/services/checkVatService
      timeout: 10s
      concurrency: 8
      busy-retries: 2
    confirmation-max-age: 24h
    recheck-every: 15m
  quotes:
    rfq-validity: 14d
"""

VIES_CLIENT_V1 = """package com.ferrolink.market.tax

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import org.springframework.ws.client.core.WebServiceTemplate
import org.springframework.ws.soap.client.SoapFaultClientException

/**
 * VIES checkVat (SOAP). VIES forwards each request to the member state's own
 * system and answers with a SOAP fault when it cannot: INVALID_INPUT,
 * SERVICE_UNAVAILABLE, MS_UNAVAILABLE, TIMEOUT, MS_MAX_CONCURRENT_REQ,
 * GLOBAL_MAX_CONCURRENT_REQ. The two *_CONCURRENT_REQ faults are retried.
 */
@Component
class ViesClient(private val ws: WebServiceTemplate, private val props: TaxProperties) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun check(vat: VatNumber): ViesResult {
        var attempt = 0
        while (true) {
            try {
                val resp = ws.marshalSendAndReceive(props.vies.url, CheckVat(vat.countryCode, vat.number)) as CheckVatResponse
                return ViesResult(valid = resp.valid, name = resp.name, consultation = null)
            } catch (e: SoapFaultClientException) {
                val fault = e.faultStringOrReason
                if (fault.endsWith("_CONCURRENT_REQ") && attempt < props.vies.busyRetries) {
                    attempt++
                    log.info("VIES busy ({}) for {}, retry {} of {} in 2 s", fault, vat.countryCode, attempt, props.vies.busyRetries)
                    Thread.sleep(2000)
                    continue
                }
                throw ViesUnavailable(vat.countryCode, fault)
            }
        }
    }
}

class ViesUnavailable(val countryCode: String, val fault: String) : RuntimeException("VIES: $fault for $countryCode")
"""

VAT_GATE_V1 = """package com.ferrolink.market.tax

import com.ferrolink.market.orders.Order
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import java.time.Clock
import java.time.Instant

/**
 * Reverse charge for an EU buyer outside NL needs a VIES confirmation of the
 * buyer's VAT number no older than ferrolink.tax.confirmation-max-age (tax
 * team, audit 2025-11). Without one the order is held as VAT_PENDING and
 * VatRecheckJob tries again.
 */
@Component
class VatGate(
    private val vies: ViesClient,
    private val confirmations: VatConfirmationRepository,
    private val props: TaxProperties,
    private val clock: Clock,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun admit(order: Order): Boolean {
        val buyer = order.buyer
        if (!buyer.reverseCharge) return true
        val last = confirmations.latest(buyer.vatNumber)
        if (last != null && last.at.isAfter(Instant.now(clock).minus(props.confirmationMaxAge))) return true
        return try {
            val result = vies.check(buyer.vatNumber)
            confirmations.save(buyer.vatNumber, result)
            log.info("VAT number of buyer {} ({}) verified, valid until {}", buyer.code, buyer.vatNumber.countryCode,
                Instant.now(clock).plus(props.confirmationMaxAge))
            result.valid
        } catch (e: ViesUnavailable) {
            log.info("Order {} held: buyer VAT number could not be verified", order.number)
            false
        }
    }
}
"""

RUNBOOK = """# ferrolink-market runbook

Owner: #marketplace-ops (Slack). Dashboards: Grafana › Marketplace.

## Deploying and rolling back

Release: bump `newTag` in `deploy/prod/kustomization.yaml` (the release
commit); Argo CD syncs `main`. Roll back with Argo CD's history (App
details › History and rollback), which turns automated sync off.

## EDI: 855 not sent / PO stuck

Check the AS2 gateway (`kubectl -n edi logs deploy/as2-gateway`) for MDN
errors. The review queue is in Back office › EDI › Review.

## Orders held VAT_PENDING

VatRecheckJob retries every 15 minutes; they are released on their own.
Tax (#tax-ops) decides on anything held longer than a day.
"""


def kustomization(tag):
    return f"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: marketplace
resources:
  - ../base
images:
  - name: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market
    newTag: "{tag}"
"""


def build_repo():
    repo = Repo()
    maren = Person("Maren Vos", "maren.vos@ferrolink.eu", 120)
    tiago = Person("Tiago Ferreira", "tiago.ferreira@ferrolink.eu", 60)
    kasia = Person("Katarzyna Nowicka", "katarzyna.nowicka@ferrolink.eu", 120)
    joost = Person("Joost de Wit", "joost.dewit@ferrolink.eu", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "settings.gradle.kts": 'rootProject.name = "ferrolink-market"\n',
        "build.gradle.kts": BUILD,
        "gradle.properties": "org.gradle.jvmargs=-Xmx2g\nkotlin.code.style=official\n",
        "src/main/kotlin/com/ferrolink/market/MarketApplication.kt": "package com.ferrolink.market\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\nclass MarketApplication\n\nfun main(args: Array<String>) {\n    runApplication<MarketApplication>(*args)\n}\n",
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt": "package com.ferrolink.market.catalogue\n\n/**\n * Imports one supplier feed file (BMEcat 2005, or the csv template) into the\n * supplier's listings (CAT-412: a full catalogue delists what it no longer has;\n * CAT-418: only once the upload is done; CAT-421: split catalogues after the\n * last part).\n */\nclass FeedImporter\n",
        "src/main/kotlin/com/ferrolink/market/tax/ViesClient.kt": VIES_CLIENT_V1,
        "src/main/kotlin/com/ferrolink/market/tax/VatGate.kt": VAT_GATE_V1,
        "src/main/kotlin/com/ferrolink/market/tax/VatRecheckJob.kt": "package com.ferrolink.market.tax\n\nimport com.ferrolink.market.orders.OrderService\nimport org.slf4j.LoggerFactory\nimport org.springframework.scheduling.annotation.Scheduled\nimport org.springframework.stereotype.Component\n\n/** Orders held VAT_PENDING: one VIES check per buyer, then release or keep. */\n@Component\nclass VatRecheckJob(private val orders: OrderService, private val gate: VatGate) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    @Scheduled(cron = \"0 */15 * * * *\")\n    fun recheck() {\n        val held = orders.vatPending()\n        if (held.isEmpty()) return\n        val released = held.groupBy { it.buyer }.flatMap { (_, list) -> if (gate.admit(list.first())) list.onEach { orders.release(it) } else emptyList() }\n        log.info(\"VAT recheck: {} held orders, {} verified and released, {} still pending\", held.size, released.size, held.size - released.size)\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/tax/TaxProperties.kt": "package com.ferrolink.market.tax\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\nimport java.time.Duration\n\n@ConfigurationProperties(\"ferrolink.tax\")\ndata class TaxProperties(\n    val sellerVatNumber: String,\n    val vies: Vies,\n    val confirmationMaxAge: Duration,\n    val recheckEvery: Duration,\n) {\n    data class Vies(val url: String, val timeout: Duration, val concurrency: Int, val busyRetries: Int)\n}\n",
        "src/main/kotlin/com/ferrolink/market/orders/OrderService.kt": "package com.ferrolink.market.orders\n\nimport com.ferrolink.market.tax.VatGate\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Service\n\n@Service\nclass OrderService(private val orders: OrderRepository, private val gate: VatGate, private val events: OrderEvents) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun place(draft: OrderDraft): Order {\n        val order = orders.save(draft.toOrder())\n        if (!gate.admit(order)) {\n            orders.setStatus(order, OrderStatus.VAT_PENDING)\n            return order\n        }\n        events.placed(order)\n        return order\n    }\n\n    fun release(order: Order) {\n        orders.setStatus(order, OrderStatus.PLACED)\n        events.placed(order)\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/edi/X12PurchaseOrderHandler.kt": "package com.ferrolink.market.edi\n\nimport com.ferrolink.market.orders.OrderService\nimport com.ferrolink.market.orders.OrderStatus\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Component\n\n/** X12 850 from the AS2 gateway; the 855 goes out once the order is placed (not while VAT_PENDING). */\n@Component\nclass X12PurchaseOrderHandler(private val orders: OrderService, private val acks: AckSender) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun handle(po: PurchaseOrder850) {\n        log.info(\"X12 850 received: control={} sender={} po={} lines={}\", po.controlNumber, po.sender, po.number, po.lines.size)\n        val order = orders.place(po.toDraft())\n        if (order.status == OrderStatus.VAT_PENDING) {\n            log.info(\"PO {} held as {} ({}), 855 deferred\", po.number, order.number, order.status)\n            return\n        }\n        val ack = acks.send855(po, order)\n        log.info(\"PO {} accepted: order {}, {} lines, 855 sent (control {})\", po.number, order.number, po.lines.size, ack.controlNumber)\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/quotes/QuoteService.kt": "package com.ferrolink.market.quotes\n\n/** Quotes: submitted by suppliers against RFQs, accepted by buyers (an order). */\nclass QuoteService\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/wsdl/checkVatService.wsdl": "<!-- https://ec.europa.eu/taxation_customs/vies/checkVatService.wsdl (checkVat, checkVatApprox) -->\n",
        "src/test/kotlin/com/ferrolink/market/tax/ViesClientTest.kt": "package com.ferrolink.market.tax\n\nimport org.junit.jupiter.api.Test\n\nclass ViesClientTest : WireMockTest() {\n    @Test\n    fun `busy faults are retried`() {\n        stubFaults(\"MS_MAX_CONCURRENT_REQ\", \"MS_MAX_CONCURRENT_REQ\", ok = true)\n        assertTrue(client.check(VatNumber(\"IT\", \"02238170164\")).valid)\n    }\n\n    @Test\n    fun `member state unavailable is not retried`() {\n        stubFaults(\"MS_UNAVAILABLE\")\n        assertThrows<ViesUnavailable> { client.check(VatNumber(\"DE\", \"812004417\")) }\n    }\n}\n",
        "deploy/base/market-api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: market-api\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: market-api\n          image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod,api\n",
        "deploy/base/market-worker.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: market-worker\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: market-worker\n          image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod,worker\n",
        "deploy/base/vies-status-probe.yaml": "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: vies-status-probe\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: probe\n              image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/vies-status-probe:1.2.0\n              args: [\"--url\", \"https://ec.europa.eu/taxation_customs/vies/rest-api/check-status\"]\n",
        "deploy/base/kustomization.yaml": "resources:\n  - market-api.yaml\n  - market-worker.yaml\n  - vies-status-probe.yaml\n",
        "deploy/prod/kustomization.yaml": kustomization("7.30.0"),
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: '21'\n      - run: ./gradlew test\n  image:\n    if: startsWith(github.ref, 'refs/tags/v')\n    needs: test\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./gradlew jib -Djib.to.tags=${GITHUB_REF_NAME#v}\n",
        ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: gradle\n    directory: /\n    schedule:\n      interval: weekly\n      day: thursday\n      time: \"07:00\"\n",
        "docs/tax.md": "# Tax\n\nFerrolink B.V. (NL853201947B01) buys from the supplier and invoices the\nbuyer.\n\n- NL buyers: 21 % NL VAT.\n- EU buyers outside NL: reverse charge (art. 196 VAT Directive), only\n  with a VIES confirmation of the buyer's VAT number no older than 24 h\n  (tax team, audit 2025-11). Orders without one are VAT_PENDING.\n- Outside the EU: export, 0 %.\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# ferrolink-market\n\nFerrolink's marketplace: supplier catalogue feeds, RFQs and quotes,\ncXML PunchOut, EDI purchase orders, invoicing. One image, two\ndeployments (`market-api`, `market-worker`).\n\n## Running locally\n\n```\ndocker compose up -d postgres opensearch\n./gradlew bootRun --args='--spring.profiles.active=local,api,worker'\n```\n",
        "CHANGELOG.md": "# Changelog\n\n## 7.30.0\n\n- FIN-296 credit notes for partial returns\n",
    }
    repo.commit(utc("2026-05-29 08:20:00"), maren, "ferrolink-market 7.30.0", files)
    crng = random.Random(70206)
    repo.schedule(chores(crng, SERVICE, [maren, tiago], utc("2026-05-29 09:30:00"), utc("2026-06-02 15:00:00"), 2)
                  + chores(crng, SERVICE, [kasia], utc("2026-06-03 07:00:00"), utc("2026-06-03 12:00:00"), 1))
    repo.commit(utc("2026-06-01 09:40:00"), tiago, "edi: forward suppliers' 856 ship notices to the buyer (EDI-301)", {
        "src/main/kotlin/com/ferrolink/market/edi/ShipNoticeForwarder.kt": "package com.ferrolink.market.edi\n\n/** EDI-301: a supplier's 856 is mapped to the buyer's PO and sent on as the buyer's 856. */\nclass ShipNoticeForwarder\n",
    })
    r7301 = repo.commit(utc("2026-06-01 12:10:00"), maren, "release 7.30.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.30.0"', 'version = "7.30.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.30.1\n\n- EDI-301 856 ship notices forwarded to buyers\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.30.1"),
    })
    repo.commit(utc("2026-06-02 08:55:00"), kasia, "quotes: a supplier can withdraw a quote before it is accepted (QT-236)", {
        "src/main/kotlin/com/ferrolink/market/quotes/QuoteService.kt": "package com.ferrolink.market.quotes\n\n/** Quotes: submitted by suppliers against RFQs, accepted by buyers (an order), withdrawn by the supplier before that (QT-236). */\nclass QuoteService\n",
    })
    r7302 = repo.commit(utc("2026-06-02 13:30:00"), maren, "release 7.30.2", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.30.1"', 'version = "7.30.2"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.30.2\n\n- QT-236 quotes can be withdrawn\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.30.2"),
    })
    repo.commit(utc("2026-06-03 13:10:00"), joost, "runbook: VIES errors", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Orders held VAT_PENDING\n",
                               "## VIES errors\n\n"
                               "Orders held VAT_PENDING in numbers, VIES faults in the log: in 2025\n"
                               "it was us every time, sending too many checks at once after a cache\n"
                               "flush (MS_MAX_CONCURRENT_REQ, GLOBAL_MAX_CONCURRENT_REQ). Lower\n"
                               "`ferrolink.tax.vies.concurrency`; if it starts right after a deploy,\n"
                               "roll back first, then look.\n\n"
                               "## Orders held VAT_PENDING\n"),
    })
    repo.commit(utc("2026-06-03 14:40:00"), kasia, "tax: checkVatApprox with our VAT number as requester, keep the consultation number (FIN-311)\n\n"
                "The auditors want the VIES consultation number (requestIdentifier)\n"
                "for every reverse-charged invoice as proof that we checked. checkVat\n"
                "gives none; checkVatApprox does when the requester's own VAT number is\n"
                "sent (NL853201947B01). Stored with the confirmation and printed on the\n"
                "invoice.", {
        "src/main/kotlin/com/ferrolink/market/tax/ViesClient.kt": sub(
            VIES_CLIENT_V1,
            "                val resp = ws.marshalSendAndReceive(props.vies.url, CheckVat(vat.countryCode, vat.number)) as CheckVatResponse\n"
            "                return ViesResult(valid = resp.valid, name = resp.name, consultation = null)\n",
            "                val request = CheckVatApprox(vat.countryCode, vat.number, requesterCountryCode = \"NL\",\n"
            "                    requesterVatNumber = props.sellerVatNumber.removePrefix(\"NL\"))\n"
            "                val resp = ws.marshalSendAndReceive(props.vies.url, request) as CheckVatApproxResponse\n"
            "                return ViesResult(valid = resp.valid, name = resp.traderName, consultation = resp.requestIdentifier)\n",
            " * VIES checkVat (SOAP). VIES forwards",
            " * VIES checkVatApprox (SOAP) with Ferrolink as requester, so that every\n * confirmation has a consultation number (FIN-311). VIES forwards"),
        "src/main/kotlin/com/ferrolink/market/tax/VatGate.kt": sub(
            VAT_GATE_V1,
            "            log.info(\"VAT number of buyer {} ({}) verified, valid until {}\", buyer.code, buyer.vatNumber.countryCode,\n"
            "                Instant.now(clock).plus(props.confirmationMaxAge))\n",
            "            log.info(\"VAT number of buyer {} ({}) verified, consultation {}, valid until {}\", buyer.code, buyer.vatNumber.countryCode,\n"
            "                result.consultation, Instant.now(clock).plus(props.confirmationMaxAge))\n"),
        "src/main/resources/db/migration/V63__vat_confirmation_consultation.sql": "ALTER TABLE vat_confirmation ADD COLUMN consultation text;\n",
    })
    repo.commit(utc("2026-06-04 05:02:00"), bot, "Bump org.springframework.ws:spring-ws-core from 4.0.11 to 4.0.12", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], "spring-ws-core:4.0.11", "spring-ws-core:4.0.12"),
    })
    repo.commit(utc("2026-06-04 05:48:00"), kasia, "tax: log VIES faults with the member state and the fault (FIN-314)\n\n"
                "\"could not be verified\" did not say why; tax asked which member\n"
                "states fail and how often.", {
        "src/main/kotlin/com/ferrolink/market/tax/VatGate.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/tax/VatGate.kt"],
            "            log.info(\"Order {} held: buyer VAT number could not be verified\", order.number)\n",
            "            log.warn(\"VIES check failed for {} VAT number of buyer {}, fault {}: order {} held (VAT_PENDING)\",\n"
            "                e.countryCode, buyer.code, e.fault, order.number)\n"),
    })
    repo.commit(utc("2026-06-04 06:03:00"), maren, "quotes: show the quote's incoterm on the order confirmation (QT-241)", {
        "src/main/kotlin/com/ferrolink/market/quotes/Incoterms.kt": "package com.ferrolink.market.quotes\n\n/** QT-241: Incoterms 2020 codes shown on quotes and order confirmations. */\nenum class Incoterm { EXW, FCA, CPT, CIP, DAP, DPU, DDP }\n",
    })
    r7310 = repo.commit(utc("2026-06-04 06:24:00"), kasia, "release 7.31.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.30.2"', 'version = "7.31.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.31.0\n\n- FIN-311 VIES consultation numbers (checkVatApprox)\n- FIN-314 VIES faults logged with member state and fault\n- QT-241 incoterm on the order confirmation\n- spring-ws-core 4.0.12\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.31.0"),
    })
    repo.commit(utc("2026-06-04 10:38:00"), kasia, "runbook: VIES MS_UNAVAILABLE is the member state's own system", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Orders held VAT_PENDING\n",
                               "MS_UNAVAILABLE is not us: VIES cannot reach that member state's system\n"
                               "(4 June: Germany from 09:10 to 11:48 CEST). Check the vies-status-probe\n"
                               "log and https://ec.europa.eu/taxation_customs/vies/ before rolling\n"
                               "back; held orders are released by VatRecheckJob when it answers.\n\n"
                               "## Orders held VAT_PENDING\n"),
    })
    repo._due(None)
    return repo, {"r7301": r7301, "r7302": r7302, "r7310": r7310}


# ---------------------------------------------------------------------------
# logs


def stamp_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def spring(pod, t, level, thread, logger, msg):
    """Spring Boot 3 console pattern, prefixed with the pod as `kubectl logs --prefix` shows it."""
    return f"{pod} {stamp_ms(t)} {level:>5} 1 --- [ferrolink-market] [{thread[-15:]:>15}] {logger:<40} : {msg}"


def as2(t, thread, logger, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} INFO  [{thread}] {logger} - {msg}"


def build_logs(rng, shas):
    worker = Log("market-worker.log")
    api = Log("market-api.log")
    ingress = Log("ingress-nginx-access.log")
    probe = Log("vies-status-probe.log")
    as2log = Log("as2-gateway.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-marketplace-ops.log")
    zendesk = Log("zendesk-tickets.log")
    stats = {"held": [], "held_de": [], "released": [], "faults": [], "verified": [], "first_de_hold": None}

    def version(t):
        if t < REL_7310:
            return "7.30.2"
        if t < ROLLBACK:
            return "7.31.0"
        if t < RESYNC:
            return "7.30.2"
        return "7.31.0"

    def wpods(t):
        if t < REL_7310:
            return POD_WORKER_OLD
        if t < ROLLBACK:
            return POD_WORKER
        if t < RESYNC:
            return POD_WORKER_ROLL
        return POD_WORKER_AGAIN

    def apods(t):
        if t < REL_7310:
            return POD_API_OLD
        if t < ROLLBACK:
            return POD_API
        if t < RESYNC:
            return POD_API_ROLL
        return POD_API_AGAIN

    def w(t, level, thread, logger, msg, pod=None):
        worker.add(t, spring(pod or rng.choice(wpods(t)), t, level, thread, logger, msg))

    def a(t, level, thread, logger, msg, pod=None):
        api.add(t, spring(pod or rng.choice(apods(t)), t, level, thread, logger, msg))

    buyers = {b[0]: b for b in BUYERS}
    # last VIES confirmation per reverse-charged buyer: yesterday, when its first order needed one
    last_ok = {}
    for code, _n, cc, _vat, _w in BUYERS:
        if cc in EU:
            last_ok[code] = utc("2026-06-03 05:10:00") + dt.timedelta(minutes=rng.uniform(0, 600))
    # German plants: the first order of yesterday that needed a check (a confirmation lasts 24 h)
    for code, when in (("RHEINGLAS", "07:13:52"), ("HALLBERGSTAHL", "07:21:40"), ("RUHRGUSS", "07:26:05"), ("OSTSEEPAPIER", "07:44:31"),
                       ("HARZKALK", "07:58:19"), ("WESERCHEM", "08:07:45"), ("ELBEFOODS", "08:33:02"), ("LAUSITZKRAFT", "09:16:27"),
                       ("EMSLANDSTAERKE", "10:22:48"), ("LOMBARDAPLAST", "06:52:41"), ("VENETOCART", "06:50:31")):
        last_ok[code] = utc(f"2026-06-03 {when}")

    def vies_fault(cc, t):
        if cc == "DE" and DE_DOWN[0] <= t < DE_DOWN[1]:
            return "MS_UNAVAILABLE"
        if cc == "IT" and IT_BLIP[0] <= t < IT_BLIP[1]:
            return "MS_UNAVAILABLE"
        return None

    consult = [0]

    def consultation():
        consult[0] += 1
        return "WAPI" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))

    def vies_check(t, code, th, logf, recheck=False, cc=None):
        """One VIES check for the buyer at t: logs as the running version does, returns (ok, fault, t_end).
        With cc given it is a registration's check: only the retries are logged here."""
        registration = cc is not None
        if not registration:
            _c, _n, cc, _vat, _w = buyers[code]
        tt = t
        attempt = 0
        while True:
            tt += dt.timedelta(milliseconds=rng.randint(120, 650))
            fault = vies_fault(cc, tt)
            if fault is None and cc in ("IT", "ES", "PL") and rng.random() < 0.22:
                fault = rng.choice(["MS_MAX_CONCURRENT_REQ", "MS_MAX_CONCURRENT_REQ", "GLOBAL_MAX_CONCURRENT_REQ"])
            if fault is None and rng.random() < 0.003:
                fault = "TIMEOUT"
            if fault and fault.endswith("_CONCURRENT_REQ") and attempt < 2:
                attempt += 1
                logf(tt, "INFO", th, "c.f.market.tax.ViesClient", f"VIES busy ({fault}) for {cc}, retry {attempt} of 2 in 2 s")
                tt += dt.timedelta(seconds=2)
                continue
            break
        if registration:
            stats["faults"].append((tt, cc, fault)) if fault else None
            return fault is None, fault, tt
        if fault is None:
            last_ok[code] = tt
            until = (tt + dt.timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if version(tt) == "7.31.0":
                logf(tt, "INFO", th, "c.f.market.tax.VatGate", f"VAT number of buyer {code} ({cc}) verified, consultation {consultation()}, valid until {until}")
            else:
                logf(tt, "INFO", th, "c.f.market.tax.VatGate", f"VAT number of buyer {code} ({cc}) verified, valid until {until}")
            stats["verified"].append((tt, cc))
            return True, None, tt
        stats["faults"].append((tt, cc, fault))
        return False, fault, tt

    def held_line(tt, th, logf, code, fault, order):
        cc = buyers[code][2]
        if version(tt) == "7.31.0":
            logf(tt, "WARN", th, "c.f.market.tax.VatGate", f"VIES check failed for {cc} VAT number of buyer {code}, fault {fault}: order {order} held (VAT_PENDING)")
        else:
            logf(tt, "INFO", th, "c.f.market.tax.VatGate", f"Order {order} held: buyer VAT number could not be verified")

    held = []   # [time, order, buyer, channel, extra]
    order_no = [118400]
    isa = [51800]
    ack_ctl = [7200]

    def gate(t, code, th, logf, order):
        cc = buyers[code][2]
        if cc not in EU:
            return True, t
        if last_ok[code] > t - dt.timedelta(hours=24):
            return True, t
        ok, fault, tt = vies_check(t, code, th, logf)
        if not ok:
            held_line(tt, th, logf, code, fault, order)
            stats["held"].append((tt, code, cc, fault))
            if cc == "DE" and stats["first_de_hold"] is None and tt >= DE_DOWN[0]:
                stats["first_de_hold"] = tt
        return ok, tt

    def send_855(tt, code, n, po, order):
        ack_ctl[0] += 1
        out_id = f"<ferrolink-{tt.strftime('%Y%m%d%H%M%S%f')[:17]}-{hexid(rng, 8)}@as2.ferrolink.eu>"
        t3 = tt + dt.timedelta(milliseconds=rng.randint(40, 200))
        as2log.add(t3, as2(t3, "as2-sender-1", "o.o.p.AS2SenderModule", f"sent message {out_id} to {code} size={700 + 90 * n + rng.randint(0, 200)} encrypted=aes256 signed=sha256"))
        t4 = t3 + dt.timedelta(milliseconds=rng.randint(150, 900))
        as2log.add(t4, as2(t4, "as2-sender-1", "o.o.p.AS2SenderModule", f"MDN received for {out_id} from {code}: automatic-action/MDN-sent-automatically; processed (MIC matched)"))
        return ack_ctl[0]

    # ---- orders: EDI POs (worker), web checkouts and quote acceptances, cXML OrderRequests (api)
    ips = {b[0]: f"{rng.choice([62, 77, 84, 91, 145, 185, 193, 212, 217])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 250)}" for b in BUYERS}
    UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:139.0) Gecko/20100101 Firefox/139.0",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 Edg/137.0.0.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15"]

    def ing(tt, client, method, path, status, size, rt, ua, reqlen=None):
        stamp = tt.strftime("%d/%b/%Y:%H:%M:%S +0000")
        up = f"10.42.{rng.randint(0, 3)}.{rng.randint(10, 250)}:8080"
        reqlen = reqlen or rng.randint(300, 900)
        ingress.add(tt, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "https://market.ferrolink.eu/" "{ua}" {reqlen} {rt:.3f} '
                        f'[marketplace-market-api-8080] [] {up} {size} {rt - 0.001:.3f} {status} {hexid(rng, 32)}')

    def load(t):
        h = t.hour + t.minute / 60
        return 0.55 if h < 6 else 0.8 if h < 6.5 else 1.0

    counters = {b[0]: 4500000000 + rng.randint(20000, 600000) for b in BUYERS}
    arrivals = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(3.0 * load(t) / 60))
        if t >= END:
            break
        arrivals.append((t, weighted(rng, [(b[4], b[0]) for b in BUYERS])))
    # two Italian plants that order every morning at this time
    arrivals += [(utc("2026-06-04 06:53:38") + dt.timedelta(milliseconds=412), "LOMBARDAPLAST"),
                 (utc("2026-06-04 06:55:02") + dt.timedelta(milliseconds=87), "VENETOCART")]
    arrivals.sort()
    for t, code in arrivals:
        cc = buyers[code][2]
        n = min(14, max(1, int(rng.lognormvariate(1.15, 0.6))))
        order_no[0] += 1
        order = f"FL-26-{order_no[0]}"
        channel = weighted(rng, [(6 if code in EDI_BUYERS else 0, "edi"), (3, "web"), (2, "quote"), (1 if cc in ("DE", "FR", "NL") else 0, "cxml")])
        if channel == "edi":
            counters[code] += rng.randint(1, 4)
            po = counters[code]
            isa[0] += 1
            msgid = f"<{code}-{t.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}@{code.lower()}.as2>"
            as2log.add(t, as2(t, f"http-nio-4080-exec-{rng.randint(1, 20)}", "o.o.p.AS2ReceiverModule",
                              f"received message {msgid} from {code} size={900 + 160 * n + rng.randint(0, 300)}; MDN sent: processed"))
            t0 = t + dt.timedelta(milliseconds=rng.randint(60, 300))
            th = f"http-nio-8080-exec-{rng.randint(1, 12)}"
            pod = rng.choice(wpods(t0))
            logf = lambda x, lv, tthread, lg, m, _pod=pod: w(x, lv, tthread, lg, m, _pod)
            w(t0, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler", f"X12 850 received: control={isa[0]:09d} sender={code} po={po} lines={n}", pod)
            ok, t1 = gate(t0 + dt.timedelta(milliseconds=rng.randint(20, 90)), code, th, logf, order)
            t1 += dt.timedelta(milliseconds=rng.randint(10, 60))
            if not ok:
                w(t1, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler", f"PO {po} held as {order} (VAT_PENDING), 855 deferred", pod)
                held.append([t1, order, code, "edi", (po, n)])
                continue
            ctl = send_855(t1, code, n, po, order)
            w(t1, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler", f"PO {po} accepted: order {order}, {n} lines, 855 sent (control {ctl:09d})", pod)
        else:
            th = f"http-nio-8080-exec-{rng.randint(1, 40)}"
            pod = rng.choice(apods(t))
            logf = lambda x, lv, tthread, lg, m, _pod=pod: a(x, lv, tthread, lg, m, _pod)
            ok, t1 = gate(t + dt.timedelta(milliseconds=rng.randint(20, 90)), code, th, logf, order)
            rt = (t1 - t).total_seconds() + rng.uniform(0.04, 0.12)
            amount = f"{rng.lognormvariate(6.2, 1.0):.2f}"
            if channel == "web":
                ing(t1, ips[code], "POST", "/api/v2/orders", 201 if ok else 202, rng.randint(800, 1600), rt, rng.choice(UAS), rng.randint(1500, 5000))
                a(t1, "INFO", th, "c.f.market.orders.OrderController", f"Order {order} placed by buyer {code}: {n} lines, {amount} EUR, status {'PLACED' if ok else 'VAT_PENDING'}", pod)
            elif channel == "quote":
                q = f"Q-26-{rng.randint(61000, 63900)}"
                ing(t1, ips[code], "POST", f"/api/v2/quotes/{q}/accept", 200 if ok else 202, rng.randint(700, 1500), rt, rng.choice(UAS))
                a(t1, "INFO", th, "c.f.market.quotes.QuoteService", f"Quote {q} accepted by buyer {code}: order {order}, status {'PLACED' if ok else 'VAT_PENDING'}", pod)
            else:
                payload = f"{t.strftime('%Y%m%d%H%M%S')}.{rng.randint(1000, 9999)}@{code.lower()}.ariba.com"
                ing(t1, f"216.109.{rng.randint(96, 111)}.{rng.randint(2, 250)}", "POST", "/punchout/cxml/order", 200, rng.randint(600, 900), rt, "SAP Ariba cXML/1.2.063", rng.randint(4000, 9000))
                a(t1, "INFO", th, "c.f.m.punchout.CxmlOrderController", f"cXML OrderRequest {payload} from buyer {code}: order {order}, {n} lines, status {'PLACED' if ok else 'VAT_PENDING'}", pod)
            if not ok:
                held.append([t1, order, code, channel, None])

    # ---- VatRecheckJob every 15 minutes (worker): one check per buyer, release or keep
    held.sort(key=lambda h: h[0])
    pending = []
    t = utc("2026-06-04 05:45:00")
    pending_series = []
    hi = 0
    while t < END:
        while hi < len(held) and held[hi][0] < t:
            pending.append(held[hi])
            hi += 1
        if pending:
            pod = wpods(t)[0]
            th = "scheduling-1"
            logf = lambda x, lv, tthread, lg, m, _pod=pod: w(x, lv, tthread, lg, m, _pod)
            tt = t + dt.timedelta(milliseconds=rng.randint(5, 80))
            released = []
            by_buyer = []
            for h in pending:
                if h[2] not in by_buyer:
                    by_buyer.append(h[2])
            for code in by_buyer:
                mine = [h for h in pending if h[2] == code]
                ok, fault, tt = vies_check(tt, code, th, logf, recheck=True)
                if ok:
                    for h in mine:
                        tt += dt.timedelta(milliseconds=rng.randint(15, 60))
                        if h[3] == "edi":
                            po, n = h[4]
                            ctl = send_855(tt, code, n, po, h[1])
                            w(tt, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler", f"PO {po} released after VAT verification: order {h[1]}, 855 sent (control {ctl:09d})", pod)
                        else:
                            w(tt, "INFO", th, "c.f.market.orders.OrderService", f"Order {h[1]} of buyer {code} released after VAT verification", pod)
                        released.append(h)
                        stats["released"].append((tt, h[1], code))
                else:
                    held_line(tt, th, logf, code, fault, mine[0][1])
            tt += dt.timedelta(milliseconds=rng.randint(5, 30))
            w(tt, "INFO", th, "c.f.market.tax.VatRecheckJob", f"VAT recheck: {len(pending)} held orders, {len(released)} verified and released, {len(pending) - len(released)} still pending", pod)
            pending = [h for h in pending if h not in released]
        pending_series.append((t, len(pending)))
        t += dt.timedelta(minutes=15)
    stats["pending_series"] = pending_series

    # ---- the vies-status probe (every 5 minutes)
    t = utc("2026-06-04 05:40:00")
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(2.0, 6.5))
        down = [cc for cc in ("DE", "IT") if vies_fault(cc, tt)]
        base = {"timestamp": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "logger": "vies_status_probe"}
        for cc in down:
            probe.add(tt, json.dumps({"event": "member state unavailable", "country": cc, "availability": "Unavailable", "level": "warning", **base}))
        probe.add(tt + dt.timedelta(milliseconds=2), json.dumps({"event": "vies status", "vow_available": True, "available": 27 - len(down),
                                                                 "unavailable": down, "took_ms": rng.randint(140, 480), "level": "info", **base}))
        t += dt.timedelta(minutes=5)

    # ---- routine worker lines: feeds, search, stock, RFQ expiry, FX
    t = START
    suppliers_w = SUPPLIERS
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 140))
        if t >= END:
            break
        sup = rng.choice(suppliers_w)
        name = f"{sup}_update_{t.strftime('%Y%m%d_%H%M%S')}.xml"
        arts = max(1, int(rng.lognormvariate(4.6, 1.1)))
        pod = wpods(t)[0]
        w(t, "INFO", "scheduling-1", "c.f.market.catalogue.FeedImporter", f"Feed file {name} is still being written ({arts * rng.randint(1900, 2400)} bytes), next poll", pod)
        t2 = t + dt.timedelta(seconds=120 + rng.uniform(0, 3))
        took = int(40 + arts * rng.uniform(2.5, 4.5))
        w(t2, "INFO", "scheduling-1", "c.f.market.catalogue.FeedPoller", f"Feed file picked up: supplier={sup} file={name} size={arts * 2100}", pod)
        w(t2 + dt.timedelta(milliseconds=took), "INFO", "scheduling-1", "c.f.market.catalogue.FeedImporter",
          f"Catalogue import finished: supplier={sup} file={name} transaction={rng.choice(['T_UPDATE_PRODUCTS', 'T_UPDATE_PRICES'])} articles={arts} upserted={arts} took={took}ms", pod)
        w(t2 + dt.timedelta(seconds=rng.uniform(5, 30)), "INFO", "search-flush-1", "c.f.market.catalogue.SearchIndexer", f"Search index: {arts + rng.randint(0, 4)} listings reindexed (0 removed)")
    t = utc("2026-06-04 05:45:00")
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(5, 60))
        for sup in SUPPLIERS:
            tt += dt.timedelta(milliseconds=rng.randint(300, 2400))
            rows = rng.randint(800, 62000)
            if rng.random() < 0.02:
                w(tt, "WARN", "scheduling-1", "c.f.market.catalogue.StockSync", f"Stock sync {sup}: stock file not fetched: Read timed out after 30000 ms, keeping the last one")
                continue
            w(tt, "INFO", "scheduling-1", "c.f.market.catalogue.StockSync", f"Stock sync {sup}: {rows - rng.randint(0, 12)} listings updated, {rng.randint(0, 12)} SKUs without an active listing")
        t += dt.timedelta(minutes=15)
    t = utc("2026-06-04 05:40:00")
    while t < END:
        w(t + dt.timedelta(milliseconds=rng.randint(10, 400)), "INFO", "scheduling-1", "c.f.market.quotes.RfqExpiry",
          f"RFQ expiry: {rng.randint(0, 14)} RFQs expired, {rng.randint(0, 40)} quote reminders queued")
        t += dt.timedelta(minutes=10)
    for h in range(6, 11):
        tt = utc(f"2026-06-04 {h:02d}:05:00") + dt.timedelta(milliseconds=rng.randint(10, 900))
        w(tt, "INFO", "scheduling-1", "c.f.market.fx.ExchangeRates", "Exchange rates refreshed from ECB: 30 currencies, reference date 2026-06-03")
    for _ in range(5):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        w(tt, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
          f"HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={rng.randint(61, 75)}s{rng.randint(100, 999)}ms).")

    # ---- routine api traffic: listings, search, RFQs, quotes, PunchOut, logins
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(20 * load(t) / 60))
        if t >= END:
            break
        code = weighted(rng, [(b[4], b[0]) for b in BUYERS])
        client, ua = ips[code], rng.choice(UAS)
        th = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        kind = weighted(rng, [(36, "listing"), (28, "search"), (7, "rfq"), (5, "quote_submit"), (5, "punchout"), (12, "orders"), (6, "account"), (2, "login_fail")])
        if kind == "listing":
            ing(t, client, "GET", f"/api/v2/listings/{rng.randint(11000000, 31999999)}", 200, rng.randint(2400, 7800), rng.uniform(0.018, 0.09), ua)
        elif kind == "search":
            q = rng.choice(["6205 2rs", "6308 c3", "gear motor 0.75 kw", "nbr o-ring 40x3", "solenoid valve 24v", "proximity sensor m18",
                            "v-belt spa 1250", "hydraulic filter", "chain 16b-1", "bearing 22216", "coupling rotex 28", "linear guide 20"])
            rt = rng.uniform(0.08, 0.5)
            ing(t, client, "GET", f"/api/v2/search?q={q.replace(' ', '+')}&page=1", 200, rng.randint(8000, 42000), rt, ua)
            if rt > 0.45 and rng.random() < 0.3:
                a(t, "WARN", th, "c.f.market.search.SearchController", f"Slow search: {int(rt * 1000) + rng.randint(900, 1500)} ms q=\"{q}\"")
        elif kind == "rfq":
            ing(t, client, "POST", "/api/v2/rfqs", 201, rng.randint(600, 1400), rng.uniform(0.06, 0.2), ua, rng.randint(900, 3000))
            k = rng.randint(1, 6)
            a(t, "INFO", th, "c.f.market.quotes.RfqService", f"RFQ RFQ-26-{rng.randint(31000, 33999)} created by buyer {code}: {k} items to {rng.randint(1, k)} suppliers")
        elif kind == "quote_submit":
            sup = rng.choice(SUPPLIERS)
            ing(t, f"10.20.{rng.randint(0, 9)}.{rng.randint(2, 250)}", "POST", f"/api/v2/rfqs/RFQ-26-{rng.randint(31000, 33999)}/quotes", 201,
                rng.randint(500, 1200), rng.uniform(0.05, 0.2), "Ferrolink Supplier Portal/4.6", rng.randint(1200, 4000))
            a(t, "INFO", th, "c.f.market.quotes.QuoteService", f"Quote Q-26-{rng.randint(61000, 63900)} submitted by supplier {sup} for RFQ-26-{rng.randint(31000, 33999)}: {rng.randint(1, 6)} items, valid until 2026-06-18")
        elif kind == "punchout":
            sess = hexid(rng, 12)
            ing(t, client, "POST", "/punchout/cxml/setup", 200, rng.randint(900, 1300), rng.uniform(0.05, 0.15), "SAP Ariba cXML/1.2.063", rng.randint(2500, 4200))
            a(t, "INFO", th, "c.f.m.punchout.PunchOutController", f"PunchOut session {sess} started for buyer {code} (SAP Ariba)")
        elif kind == "orders":
            ing(t, client, "GET", f"/api/v2/orders?status={rng.choice(['open', 'shipped', 'all'])}&page={rng.randint(1, 3)}", 200, rng.randint(3000, 20000), rng.uniform(0.04, 0.3), ua)
        elif kind == "account":
            ing(t, client, "GET", rng.choice(["/api/v2/me", "/api/v2/notifications", "/api/v2/addresses", "/api/v2/cost-centres"]), 200, rng.randint(300, 3000), rng.uniform(0.01, 0.05), ua)
        else:
            ing(t, client, "POST", "/api/v2/auth/login", 401, 64, rng.uniform(0.2, 0.35), ua)
            a(t, "WARN", th, "c.f.market.auth.LoginController", f"Login failed for {rng.choice(['j.kraus', 'p.nowak', 'm.lindgren', 'a.rossi', 's.bakker', 'e.dubois'])}@{code.lower()}.example: bad credentials")
    # new company accounts: the VAT number is checked in VIES at registration
    reg = [20410]
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 240))
        if t >= END:
            break
        cc = weighted(rng, [(30, "DE"), (12, "IT"), (9, "ES"), (9, "PL"), (8, "FR"), (6, "CZ"), (5, "AT"), (5, "BE"), (4, "RO"), (4, "HU"),
                            (3, "SE"), (3, "PT"), (2, "SK"), (2, "DK")])
        reg[0] += 1
        th = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        pod = rng.choice(apods(t))
        logf = lambda x, lv, tthread, lg, m, _pod=pod: a(x, lv, tthread, lg, m, _pod)
        ok, fault, t1 = vies_check(t, None, th, logf, cc=cc)
        ing(t1, f"{rng.choice([46, 79, 88, 93, 109, 151, 178, 188])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 250)}", "POST",
            "/api/v2/accounts", 201, rng.randint(400, 700), (t1 - t).total_seconds() + rng.uniform(0.05, 0.15), rng.choice(UAS), rng.randint(1200, 2400))
        if ok:
            a(t1, "INFO", th, "c.f.m.accounts.RegistrationService", f"Registration REG-{reg[0]}: company VAT number ({cc}) valid in VIES, account active", pod)
        else:
            a(t1, "INFO", th, "c.f.m.accounts.RegistrationService", f"Registration REG-{reg[0]}: company VAT number ({cc}) not checked (VIES {fault}), account waits for manual review", pod)

    # AS2 traffic that is not a PO (997s, 856s)
    for tt in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(240)):
        partner = rng.choice(sorted(EDI_BUYERS) + ["KESSLER-EDI", "VALTEC-EDI", "NORDA-EDI"])
        as2log.add(tt, as2(tt, f"http-nio-4080-exec-{rng.randint(1, 20)}", "o.o.p.AS2ReceiverModule",
                           f"received message <{partner}-{tt.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}@{partner.lower()}.as2> from {partner} size={rng.randint(380, 2600)}; MDN sent: processed"))

    # ---- start-up lines of each rollout
    def startup(t0, pods, ver, profile):
        for k, pod in enumerate(pods):
            tt = t0 + dt.timedelta(seconds=k * 31 + rng.uniform(0, 3))
            log = worker if profile == "worker" else api

            def L(x, lvl, th, lg, msg):
                log.add(x, spring(pod, x, lvl, th, lg, msg))
            L(tt, "INFO", "main", "c.f.market.MarketApplicationKt", f"Starting MarketApplicationKt v{ver} using Java 21.0.7 with PID 1 (/app/classes started by root in /app)")
            L(tt + dt.timedelta(milliseconds=8), "INFO", "main", "c.f.market.MarketApplicationKt", f"The following 2 profiles are active: \"prod\", \"{profile}\"")
            L(tt + dt.timedelta(seconds=3.1), "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting...")
            L(tt + dt.timedelta(seconds=3.4), "INFO", "main", "com.zaxxer.hikari.pool.HikariPool", f"HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@{hexid(rng, 8)}")
            L(tt + dt.timedelta(seconds=3.4), "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.")
            if ver == "7.31.0" and tt < ROLLBACK and k == 0 and profile == "worker":
                L(tt + dt.timedelta(seconds=4.0), "INFO", "main", "o.f.core.internal.command.DbMigrate", "Migrating schema \"public\" to version \"63 - vat confirmation consultation\"")
                L(tt + dt.timedelta(seconds=4.2), "INFO", "main", "o.f.core.internal.command.DbMigrate", "Successfully applied 1 migration to schema \"public\", now at version v63 (execution time 00:00.048s)")
            else:
                L(tt + dt.timedelta(seconds=4.0), "INFO", "main", "o.f.core.internal.command.DbValidate", f"Successfully validated {63 if ver == '7.31.0' else 62} migrations (execution time 00:00.091s)")
                L(tt + dt.timedelta(seconds=4.1), "INFO", "main", "o.f.core.internal.command.DbMigrate", "Schema \"public\" is up to date. No migration necessary.")
            L(tt + dt.timedelta(seconds=9.6), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
            L(tt + dt.timedelta(seconds=9.8), "INFO", "main", "c.f.market.MarketApplicationKt", f"Started MarketApplicationKt in {rng.uniform(10.5, 13.5):.3f} seconds (process running for {rng.uniform(13.6, 15.2):.3f})")

    startup(REL_7310 - dt.timedelta(seconds=75), POD_API, "7.31.0", "api")
    startup(REL_7310 - dt.timedelta(seconds=73), POD_WORKER, "7.31.0", "worker")
    startup(ROLLBACK - dt.timedelta(seconds=72), POD_API_ROLL, "7.30.2", "api")
    startup(ROLLBACK - dt.timedelta(seconds=70), POD_WORKER_ROLL, "7.30.2", "worker")
    startup(RESYNC - dt.timedelta(seconds=74), POD_API_AGAIN, "7.31.0", "api")
    startup(RESYNC - dt.timedelta(seconds=71), POD_WORKER_AGAIN, "7.31.0", "worker")

    # ---- Argo CD
    def alog(tt, msg, **kv):
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(tt, f'time="{tt.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/market-prod {extra}'.rstrip())

    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "marketplace", "time_ms": rng.randint(40, 190)})
        t += dt.timedelta(minutes=3, seconds=rng.uniform(0, 1.5))

    def sync(tt, sha, hist, user=None, note=None):
        if note:
            alog(tt - dt.timedelta(seconds=84), note, user=user)
        who = {"user": user} if user else {}
        alog(tt - dt.timedelta(seconds=80), f"Initiated {'automated ' if not user else ''}sync to '{sha}'", **{"dest-namespace": "marketplace"}, **who)
        alog(tt - dt.timedelta(seconds=78), "apps/Deployment marketplace/market-api configured", revision=sha)
        alog(tt - dt.timedelta(seconds=78), "apps/Deployment marketplace/market-worker configured", revision=sha)
        alog(tt - dt.timedelta(seconds=1), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(tt, f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(REL_7310, shas["r7310"], 141)
    sync(ROLLBACK, shas["r7302"], 142, user="joost.dewit@ferrolink.eu", note=f"Rollback to history ID 140 ({shas['r7302']}); automated sync disabled")
    alog(RESYNC - dt.timedelta(seconds=95), "automated sync enabled", user="joost.dewit@ferrolink.eu")
    sync(RESYNC, shas["r7310"], 143)

    # ---- the humans
    first = stats["first_de_hold"]
    de_held_by = lambda x: [h for h in stats["held"] if h[2] == "DE" and DE_DOWN[0] <= h[0] < x]
    it_held = [h for h in stats["held"] if h[2] == "IT" and IT_BLIP[0] <= h[0] < IT_BLIP[1]]
    released_10 = [r for r in stats["released"] if utc("2026-06-04 09:59:00") < r[0] < utc("2026-06-04 10:05:00")]
    de_buyers_10 = sorted({r[2] for r in released_10 if buyers[r[2]][2] == "DE"})

    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": "marketplace-ops", "ts": f"{tt.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    def ticket(tt, tid, prio, requester, org, subject, desc):
        zendesk.add(tt, json.dumps({"type": "ticket.created", "ticket": {"id": tid, "created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "priority": prio,
                                                                        "requester": requester, "organization": org, "subject": subject,
                                                                        "description": desc}}, ensure_ascii=False))

    say(REL_7310 - dt.timedelta(minutes=8), "katarzyna.nowicka", "syncing 7.31.0: FIN-311 (checkVatApprox with our NL number, so every VIES confirmation has a consultation number for the auditors), FIN-314 (VIES faults logged with member state and fault), QT-241, spring-ws-core 4.0.12")
    say(REL_7310 + dt.timedelta(minutes=5), "katarzyna.nowicka", "7.31.0 healthy, consultation numbers coming in ('verified, consultation WAPI...')")
    if it_held:
        say(IT_BLIP[0] + dt.timedelta(minutes=5), "tiago.ferreira", f"{len(it_held)} Italian order(s) held: 'VIES check failed for IT VAT number ..., fault MS_UNAVAILABLE'. FIN-314 doing its job, Italy drops out every other week")
        say(utc("2026-06-04 07:01:30"), "tiago.ferreira", "07:00 recheck released them")
    de_sorted = sorted(h[0] for h in stats["held"] if h[2] == "DE")
    alert_at = de_sorted[4] + dt.timedelta(minutes=10)
    assert alert_at < utc("2026-06-04 07:46:00"), alert_at
    say(alert_at, "alertmanager", "[FIRING:1] OrdersVatPending ferrolink-market: 5 or more orders VAT_PENDING for 10m")
    say(alert_at + dt.timedelta(minutes=2, seconds=30), "sanne.bakker", "Rheinglas and Hallberg purchasing on the phone: order confirmations say 'held for VAT verification' and their SAP has no 855 for this morning's POs")
    n_alert = len(de_held_by(alert_at + dt.timedelta(minutes=5)))
    say(alert_at + dt.timedelta(minutes=5), "katarzyna.nowicka", f"'VIES check failed for DE VAT number of buyer ..., fault MS_UNAVAILABLE' since {first.strftime('%H:%M')}, {n_alert} orders held, all German buyers. FIN-311 changed the VIES request this morning (checkVatApprox with our number as requester). could VIES refuse our requester?")
    say(alert_at + dt.timedelta(minutes=8, seconds=20), "joost.dewit", "runbook: VIES errors = we send too many checks at once; if it starts right after a deploy, roll back first. 7.31.0 went out an hour ago. rolling back to 7.30.2")
    say(alert_at + dt.timedelta(minutes=10, seconds=10), "tiago.ferreira", "it's MS_UNAVAILABLE, not MS_MAX_CONCURRENT_REQ, and FR, PL, CZ verify fine with the requester. but ok, roll back")
    say(ROLLBACK + dt.timedelta(minutes=3), "joost.dewit", "7.30.2 back (Argo history 140, auto-sync off). still holding German orders, and now the log only says 'held: buyer VAT number could not be verified', no fault")
    n_0815 = next((p for tt, p in stats["pending_series"] if tt == utc("2026-06-04 08:15:00")), 0)
    say(utc("2026-06-04 08:16:20"), "katarzyna.nowicka", f"08:15 recheck: {n_0815} held orders, nothing released")
    say(utc("2026-06-04 08:22:50"), "tiago.ferreira", "VIES web form by hand: any DE number gives 'Member State service unavailable. Please re-submit your request later.' FR, IT, PL, NL numbers fine")
    say(utc("2026-06-04 08:26:35"), "katarzyna.nowicka", "and the vies-status-probe CronJob says DE Unavailable on every run since 07:15 ('member state unavailable', country DE). before that all available except IT at 06:55")
    say(utc("2026-06-04 08:31:10"), "maren.vos", "so it's the German side of VIES, nothing of ours. can tax take yesterday's confirmations for today?")
    say(utc("2026-06-04 08:52:40"), "leonie.brandt (tax)", "no. 24 hours is what we told the auditors. keep them held, we release when VIES answers. BZSt has a notice on its site: the confirmation service is disrupted since 09:10 CEST")
    say(utc("2026-06-04 08:58:15"), "sanne.bakker", "customer ops is writing to the German buyers: orders received, the confirmation waits for a German tax authority outage")
    say(DE_DOWN[1] + dt.timedelta(minutes=3), "tiago.ferreira", "DE answers again since 09:48 (VIES form and the probe)")
    say(utc("2026-06-04 10:01:40"), "katarzyna.nowicka", f"10:00 recheck: {len(released_10)} held orders verified and released, 855s sent to {', '.join(b for b in de_buyers_10 if b in EDI_BUYERS)}")
    say(RESYNC - dt.timedelta(minutes=2), "joost.dewit", "the rollback did nothing, syncing 7.31.0 again, auto-sync on")
    say(utc("2026-06-04 10:39:30"), "katarzyna.nowicka", "runbook: MS_UNAVAILABLE section (it's the member state, check the probe before rolling back). postmortem Monday")
    ticket(utc("2026-06-04 06:05:44"), 71402, "low", "Petra Nováková", "Brno Automotive a.s.", "Quote PDF language", "Can the quote PDF be in Czech?")
    first_hb = min(h[0] for h in stats["held"] if h[1] == "HALLBERGSTAHL")
    ticket(first_hb + dt.timedelta(minutes=12, seconds=40), 71419, "high", "Frank Kühne", "Hallberg Stahl AG", "Order held for VAT verification?",
           "Our orders from this morning show 'held for VAT verification' and SAP has no order response. Our VAT number has not changed (DE812004417).")
    ticket(utc("2026-06-04 07:51:02"), 71423, "normal", "Jan Vogt", "Rheinglas Werke GmbH", "No order response",
           "PO 45001… sent at 09:20 has no order response yet. Usually within a minute.")
    ticket(utc("2026-06-04 08:40:37"), 71431, "normal", "Aylin Demir", "Weser Chemie GmbH & Co. KG", "Bestellung hängt",
           "Unsere Bestellung über den Warenkorb steht seit 9:30 auf 'Umsatzsteuer-ID wird geprüft'.")
    ticket(utc("2026-06-04 09:12:20"), 71438, "normal", "Thomas Reiners", "Ruhrguss GmbH", "Orders pending",
           "Three orders pending VAT check since this morning. Is there a problem with our VAT ID?")
    ticket(utc("2026-06-04 10:12:51"), 71447, "low", "Inés Calvo", "Tajo Foods S.A.", "Delivery address on invoice", "The invoice for FL-26-117902 shows our old delivery address in Toledo.")
    return [worker, api, ingress, probe, as2log, argo, slack, zendesk], stats


def build(out_dir):
    rng = random.Random(70200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_de_hold"].replace(microsecond=0)
        assert DE_DOWN[0] <= stats["first_de_hold"] < DE_DOWN[0] + dt.timedelta(minutes=25), stats["first_de_hold"]
        de_holds = [h for h in stats["held"] if h[2] == "DE"]
        assert len(de_holds) >= 40, len(de_holds)
        faults = stats["faults"]

        def pending(t):
            last = 0
            for tt, p in stats["pending_series"]:
                if tt <= t:
                    last = p
            return last

        def fault_rate(cc):
            def fn(t):
                return sum(1 for x, c, f in faults if c == cc and f == "MS_UNAVAILABLE" and t - dt.timedelta(minutes=5) < x <= t)
            return fn

        metrics = {
            "market_orders_vat_pending.json": query_range([({"job": "market-worker"}, pending)], START, END, 60),
            "market_vies_faults_5m.json": query_range([({"job": "market-worker", "member_state": "DE", "fault": "MS_UNAVAILABLE"}, fault_rate("DE")),
                                                       ({"job": "market-worker", "member_state": "IT", "fault": "MS_UNAVAILABLE"}, fault_rate("IT"))], START, END, 60),
        }
        fmt = r'<Pod> <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s*: <Content>'
        return write_scenario(
            out_dir, name="r70-vies-de-unavailable-none", service=SERVICE, onset=onset,
            description=f"""
Ferrolink's German buyers' orders are held on Thursday 4 June: from
{onset.strftime('%H:%M:%S')} UTC orders of German buyers are held as VAT_PENDING ("VIES
check failed ... held"), EDI purchase orders get no 855 and order
confirmations say "held for VAT verification". ferrolink-market 7.31.0,
which changed the VIES request, had been synced at 06:41; it was rolled
back to 7.30.2 at 07:58 without effect. The held orders were released by
the 10:00 recheck and 7.31.0 was synced again at 10:21.
""",
            logs=logs,
            line_formats={"market-worker.log": fmt, "market-api.log": fmt},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'MS_UNAVAILABLE', r'member state unavailable'],
            fix_files=[],
            explanation=f"""
No commit caused this. From 07:10 to 09:48 UTC the German system behind
the EU's VIES service was unavailable: every VIES check of a DE VAT number
was answered with the fault MS_UNAVAILABLE, while other member states
answered. Ferrolink reverse-charges EU buyers only with a VIES confirmation
no older than 24 hours, so German buyers' orders were held as VAT_PENDING
as their confirmations from the day before expired ({len(de_holds)} holds; the
recheck every 15 minutes failed alike), with no 855 for their EDI POs. The
vies-status probe reported "member state unavailable" for DE from 07:15
and the VIES website and the BZSt confirmed it. When DE answered again the
10:00 recheck released the orders; nothing in ferrolink-market was
changed (the runbook section afterwards is documentation).
Decoys: release 7.31.0, {round((onset - REL_7310).total_seconds() / 60)} minutes before the onset (FIN-311, which changes
the very VIES request to checkVatApprox with Ferrolink as requester;
FIN-314, which adds the very "VIES check failed ... fault" warning; QT-241;
the spring-ws-core bump, the SOAP client), rolled back to 7.30.2 at 07:58
without effect (the warning gives way to "held: buyer VAT number could
not be verified") and synced again at 10:21; the runbook commit that reads
VIES errors as our own request rate and says to roll back first; a short
MS_UNAVAILABLE for Italy at 06:52; routine MS_MAX_CONCURRENT_REQ retries,
stock-file timeouts and slow searches.
""",
        )
    finally:
        repo.close()
