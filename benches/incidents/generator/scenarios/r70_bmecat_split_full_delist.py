"""ferrolink-market (Kotlin 1.9, Spring Boot 3.3, PostgreSQL 16, OpenSearch;
two deployments from one repository, market-api and market-worker, on EKS,
Argo CD syncing `deploy/prod`; team in Eindhoven, Porto and Kraków) is
Ferrolink, a B2B marketplace for industrial spare parts: about 400
suppliers of bearings, drives, seals, pneumatics, valves and sensors sell to
the maintenance and purchasing departments of some 2,500 plants (steel and
paper mills, food, cement, chemicals, automotive). Suppliers upload their
catalogues to Ferrolink's SFTP server as BMEcat 2005 (or the csv template):
T_UPDATE_PRODUCTS deltas during the day, a full T_NEW_CATALOG weekly or
monthly. market-worker's FeedPoller picks up each file and FeedImporter
upserts its articles as ACTIVE listings. Buyers order through RFQs and
quotes in the web app, through cXML PunchOut from SAP Ariba, and through
X12 850 purchase orders over AS2 from their SAP systems; market-worker
matches each PO line to an active listing and answers with an 855.

Since 2024 `docs/suppliers/feeds.md` has told suppliers to split a
catalogue over 50 MB (the old upload limit) into parts named `_1of3`,
`_2of3`..., each a complete BMEcat document with the same CATALOG_ID and
version, "imported as they arrive". Kessler Antriebstechnik, the largest
supplier (61,724 articles), sends its weekly full catalogue every Monday
at 10:30 CET in three parts: bearings, drives and gear motors, linear
technology and sensors.

Thursday 5 February 2026, 10:40 UTC: CAT-412 "catalogue: delist listings
missing from a full catalogue". Full catalogues were only ever upserted,
so discontinued parts stayed listed; in January buyers ordered 312
discontinued parts and suppliers rejected the POs by phone. Now, after a
T_NEW_CATALOG file is imported, every ACTIVE listing of the supplier that
is not in that file is delisted ("Full catalogue: delisted N listings of
supplier X not in FILE"). The test imports one file. Shipped in 7.14.0
that afternoon; the week's single-file full catalogues (Brixham Seals,
Dunmore Motors) delist a handful of discontinued parts, as intended.

Monday 9 February, 08:57 UTC: release 7.15.0 (EDI-233: a PO line with no
active listing is now rejected at once with 855 line status IR instead
of going to the review queue, with the very "PO line rejected: no active
listing" warning; CAT-418 in the culprit's file: a feed file is imported
only once its size has been stable for 30 s; QT-203; jackson-dataformat-xml
2.18.2, which parses BMEcat). At 09:30 Kessler uploads its three parts
(the worker logs "still being written" for them, CAT-418). The 09:35 poll
imports them one after the other: at 09:37:03 CAT-412 delists the 37,713
listings not in part 1 (drives, linear, sensors and 7 discontinued
articles); at 09:38 part 2 relists the drives and delists the 24,018
bearings; at 09:39 part 3 relists linear and sensors and delists the
23,794 drives. From 09:37 PO lines, RFQ items, quote acceptances and
PunchOut carts for Kessler parts fail and product pages answer 410; from
09:39 only 13,912 of Kessler's listings are active.

The on-call suspects 7.15.0 (EDI-233's rejects, CAT-418's upload check, the
XML parser bump); the runbook (Friday) says listings missing after a feed
mean the supplier sent an incomplete catalogue, and to roll back first if
it starts after a deploy. Kessler is asked to resend; at 10:34 7.14.1 is
back, which holds CAT-412: the lines now go to the review queue ("PO line
held for review: no active listing"). Kessler's e-commerce manager says
Ferrolink shows 13,912 of 61,724 articles and that they sent three files as
every Monday; the culprit's author finds "Full catalogue: delisted 37713
listings of supplier KESSLER not in KESSLER_BMECAT_2026W07_1of3.xml" and the
two after it. CAT-421 (7.15.1, 11:52) delists a split catalogue only after
its last part, against all parts; `catalogue:relist` brings Kessler's
listings back at 12:01.

Sources: market-worker and market-api (Spring Boot console pattern with the
pod, line format), ingress-nginx access, the SFTP server (syslog RFC 3164:
sshd, internal-sftp), the AS2 gateway (OpenAS2), PostgreSQL, Argo CD
application controller, #marketplace-ops (Slack export, JSON lines),
Zendesk tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "ferrolink-market"
START, END = utc("2026-02-09 07:50:00"), utc("2026-02-09 12:45:00")
CULPRIT_AT = utc("2026-02-05 10:40:00")
REL_7150 = utc("2026-02-09 08:57:40")   # Argo sync of release 7.15.0 succeeded
ROLLBACK = utc("2026-02-09 10:34:10")   # Argo rollback to 7.14.1
FIX = utc("2026-02-09 11:52:30")        # 7.15.1 (CAT-421) live
RELIST = utc("2026-02-09 12:01:10")

POD_API = ["market-api-7c9d6f5b8-hx2lq", "market-api-7c9d6f5b8-r8wzt"]
POD_WORKER = ["market-worker-5f8b9c7d4-qm6tn", "market-worker-5f8b9c7d4-z4kfp"]
POD_API_ROLL = ["market-api-6b4f8d9c7-tn5vd", "market-api-6b4f8d9c7-wq7xm"]
POD_WORKER_ROLL = ["market-worker-7d6c5b9f8-j2xrc", "market-worker-7d6c5b9f8-p9hsl"]
POD_API_OLD = ["market-api-84d7c6f9b-bk3vn", "market-api-84d7c6f9b-sd8mf"]
POD_WORKER_OLD = ["market-worker-6c7f9d8b5-fl2pw", "market-worker-6c7f9d8b5-x7ncq"]
POD_API_FIX = ["market-api-59b8c7d6f-gm4rz", "market-api-59b8c7d6f-v6ktj"]
POD_WORKER_FIX = ["market-worker-8f7d6b5c9-c3wnh", "market-worker-8f7d6b5c9-t8qzd"]

# Kessler's three parts: (file, articles, first digit range of the part numbers)
KESSLER_PARTS = [("KESSLER_BMECAT_2026W07_1of3.xml", 24018, (10, 29), 49811532),
                 ("KESSLER_BMECAT_2026W07_2of3.xml", 23794, (40, 59), 51207348),
                 ("KESSLER_BMECAT_2026W07_3of3.xml", 13912, (70, 89), 28455921)]
KESSLER_ACTIVE_BEFORE = 61731   # 61,724 in this week's files + 7 discontinued

# supplier code, name, feed kind, country, share of PO lines, sku maker
SUPPLIERS = [
    ("KESSLER", "Kessler Antriebstechnik GmbH", "bmecat", "DE", 16),
    ("BRIXHAM", "Brixham Seals Ltd", "bmecat", "GB", 7),
    ("NORDA", "Norda Pneumatik AB", "bmecat", "SE", 8),
    ("VALTEC", "Valtec Valvole S.p.A.", "bmecat", "IT", 7),
    ("OSTRAVA", "Ostravské ložiska s.r.o.", "csv", "CZ", 6),
    ("ELEKTRA", "Elektra Sensorics B.V.", "bmecat", "NL", 6),
    ("MORETTI", "Moretti Riduttori S.r.l.", "bmecat", "IT", 5),
    ("DUNMORE", "Dunmore Motors Ltd", "csv", "IE", 5),
    ("PILSKA", "Pilska Pompy Sp. z o.o.", "csv", "PL", 5),
    ("HOLMQVIST", "Holmqvist Hydraulik Oy", "bmecat", "FI", 5),
    ("FAURIEL", "Fauriel Transmission SAS", "bmecat", "FR", 5),
    ("BAUMANN", "Baumann Dichtungstechnik GmbH", "bmecat", "DE", 5),
    ("LINDQVIST", "Lindqvist Filter AB", "csv", "SE", 4),
    ("TORRENT", "Torrent Industrial S.L.", "csv", "ES", 4),
    ("GRAFTON", "Grafton Couplings Ltd", "csv", "GB", 3),
    ("VERHOEVEN", "Verhoeven Kettingen B.V.", "bmecat", "NL", 3),
    ("SCHOLZ", "Scholz Elektromotoren GmbH", "bmecat", "DE", 3),
    ("KOVAC", "Kovač Ventili d.o.o.", "csv", "HR", 3),
]
SUPPLIER_IDS = {code: 100 + i * 7 for i, (code, *_rest) in enumerate(SUPPLIERS)}

# buyers: AS2 id, name, country, SAP PO counter start, share of POs
BUYERS = [
    ("HALLBERGSTAHL", "Hallberg Stahl AG", "DE", 4500198200, 9),
    ("OSTSEEPAPIER", "Ostsee Papier GmbH", "DE", 4500061400, 7),
    ("SAIMAABOARD", "Saimaa Board Oy", "FI", 4500377800, 6),
    ("VISTULACEM", "Vistula Cement S.A.", "PL", 4500120900, 6),
    ("MEUSECHEM", "Meuse Chemicals NV", "BE", 4500554100, 6),
    ("TAJOFOODS", "Tajo Foods S.A.", "ES", 4500088300, 5),
    ("BRNOAUTO", "Brno Automotive a.s.", "CZ", 4500231700, 6),
    ("HUMBERREF", "Humber Refining Ltd", "GB", 4500410200, 4),
    ("RHEINGLAS", "Rheinglas Werke GmbH", "DE", 4500149600, 5),
    ("LOMBARDAPLAST", "Lombarda Plastica S.p.A.", "IT", 4500302500, 4),
    ("GDANSKYARD", "Gdańsk Yard Services Sp. z o.o.", "PL", 4500073800, 3),
    ("NORRMINING", "Norrbotten Mining AB", "SE", 4500266100, 4),
    ("ALPENMILCH", "Alpenmilch eG", "AT", 4500019900, 3),
    ("LOIREMETAL", "Loire Métallurgie SAS", "FR", 4500455600, 4),
    ("TEESPOLY", "Tees Polymers Ltd", "GB", 4500134300, 3),
]

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
    id("org.springframework.boot") version "3.3.7"
    id("io.spring.dependency-management") version "1.1.6"
    id("com.google.cloud.tools.jib") version "3.4.4"
    kotlin("jvm") version "1.9.25"
    kotlin("plugin.spring") version "1.9.25"
}

group = "com.ferrolink"
version = "7.13.2"

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
    implementation("org.springframework.boot:spring-boot-starter-validation")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("com.fasterxml.jackson.dataformat:jackson-dataformat-xml:2.17.2")
    implementation("io.xlate:staedi:1.25.2")
    implementation("org.opensearch.client:opensearch-java:2.17.0")
    implementation("org.apache.sshd:sshd-sftp:2.14.0")
    implementation("org.flywaydb:flyway-core")
    implementation("org.flywaydb:flyway-database-postgresql")
    implementation("io.micrometer:micrometer-registry-prometheus")
    runtimeOnly("org.postgresql:postgresql:42.7.4")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.testcontainers:postgresql:1.20.4")
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
  flyway:
    enabled: true

ferrolink:
  feeds:
    incoming: /srv/feeds/incoming
    processed: /srv/feeds/processed
    poll-interval: 120s
    batch-size: 1000
  edi:
    as2-outbound: http://as2-gateway.edi.svc:4080/outbound
    review-queue: true
  quotes:
    rfq-validity: 30d
    reminder-after: 2d
  search:
    url: https://search.internal:9200
    index: listings-v7

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
"""

FEED_POLLER = """package com.ferrolink.market.catalogue

import org.slf4j.LoggerFactory
import org.springframework.beans.factory.annotation.Value
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import kotlin.io.path.name

/**
 * The SFTP server's chroots are mounted at ferrolink.feeds.incoming, one
 * directory per supplier. Files are imported in name order (so a split
 * catalogue's parts go 1of3, 2of3, 3of3) and moved to processed/.
 */
@Component
class FeedPoller(
    private val suppliers: SupplierRepository,
    private val importer: FeedImporter,
    @Value("\\${ferrolink.feeds.incoming}") private val incoming: Path,
    @Value("\\${ferrolink.feeds.processed}") private val processed: Path,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(fixedDelayString = "\\${ferrolink.feeds.poll-interval}")
    fun poll() {
        for (supplier in suppliers.withFeeds()) {
            val dir = incoming.resolve(supplier.feedDirectory)
            if (!Files.isDirectory(dir)) continue
            val files = Files.list(dir).use { s -> s.filter { it.name.endsWith(".xml") || it.name.endsWith(".csv") }.sorted().toList() }
            for (file in files) {
                log.info("Feed file picked up: supplier={} file={} size={}", supplier.code, file.name, Files.size(file))
                importer.import(supplier, file)
                Files.move(file, processed.resolve(supplier.feedDirectory).resolve(file.name), StandardCopyOption.REPLACE_EXISTING)
            }
        }
    }
}
"""

FEED_IMPORTER_V1 = """package com.ferrolink.market.catalogue

import org.slf4j.LoggerFactory
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Service
import org.springframework.transaction.annotation.Transactional
import java.nio.file.Path
import kotlin.io.path.name

/**
 * Imports one supplier feed file (BMEcat 2005, or the csv template) into the
 * supplier's listings. Articles are upserted by supplier SKU; an upserted
 * listing is ACTIVE (a delisted one comes back).
 */
@Service
class FeedImporter(
    private val bmecat: BmecatReader,
    private val csv: CsvFeedReader,
    private val listings: ListingRepository,
    private val search: SearchIndexer,
    @Value("\\${ferrolink.feeds.batch-size}") private val batchSize: Int,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Transactional
    fun import(supplier: Supplier, file: Path): ImportResult {
        val started = System.nanoTime()
        val doc = if (file.name.endsWith(".xml")) bmecat.read(file) else csv.read(file)
        var upserted = 0
        for (batch in doc.articles.chunked(batchSize)) {
            upserted += listings.upsert(supplier.id, batch)
        }
        search.reindexSupplier(supplier.id)
        val tookMs = (System.nanoTime() - started) / 1_000_000
        log.info(
            "Catalogue import finished: supplier={} file={} transaction={} articles={} upserted={} took={}ms",
            supplier.code, file.name, doc.transaction, doc.articles.size, upserted, tookMs,
        )
        return ImportResult(upserted = upserted, delisted = 0)
    }
}

data class ImportResult(val upserted: Int, val delisted: Int)
"""

LISTING_REPO_V1 = """package com.ferrolink.market.catalogue

import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Repository

@Repository
class ListingRepository(private val jdbc: JdbcTemplate) {

    /** Upserts a batch of articles as ACTIVE listings; returns the rows written. */
    fun upsert(supplierId: Long, articles: List<Article>): Int =
        jdbc.batchUpdate(
            \"\"\"
            INSERT INTO listing (supplier_id, supplier_sku, title, manufacturer, mpn, price, currency, pack_qty, status, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', now())
            ON CONFLICT (supplier_id, supplier_sku) DO UPDATE SET
              title = excluded.title, manufacturer = excluded.manufacturer, mpn = excluded.mpn,
              price = excluded.price, currency = excluded.currency, pack_qty = excluded.pack_qty,
              status = 'ACTIVE', delisted_at = NULL, updated_at = now()
            \"\"\".trimIndent(),
            articles.map { arrayOf(supplierId, it.sku, it.title, it.manufacturer, it.mpn, it.price, it.currency, it.packQty) },
        ).sum()

    fun findActive(supplierId: Long, sku: String): Listing? =
        jdbc.query(
            "SELECT * FROM listing WHERE supplier_id = ? AND supplier_sku = ? AND status = 'ACTIVE'",
            ListingRowMapper, supplierId, sku,
        ).firstOrNull()
}
"""

BMECAT_READER = """package com.ferrolink.market.catalogue

import com.fasterxml.jackson.dataformat.xml.XmlMapper
import org.springframework.stereotype.Component
import java.nio.file.Files
import java.nio.file.Path

/**
 * BMEcat 2005: the document's transaction is T_NEW_CATALOG (the supplier's
 * catalogue) or T_UPDATE_PRODUCTS / T_UPDATE_PRICES (changes). Articles are
 * read with StAX through jackson-dataformat-xml, one PRODUCT at a time.
 */
@Component
class BmecatReader(private val xml: XmlMapper) {
    fun read(file: Path): FeedDocument =
        Files.newInputStream(file).use { input -> BmecatStream(xml, input).readDocument() }
}

enum class Transaction { T_NEW_CATALOG, T_UPDATE_PRODUCTS, T_UPDATE_PRICES, CSV_DELTA }

data class FeedDocument(
    val transaction: Transaction,
    val catalogId: String?,
    val catalogVersion: String?,
    val articles: List<Article>,
)
"""

PO_HANDLER_V1 = """package com.ferrolink.market.edi

import com.ferrolink.market.catalogue.ListingRepository
import com.ferrolink.market.orders.OrderService
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

/**
 * X12 850 (004010/005010) from the AS2 gateway. Each PO1 line is matched to
 * an active listing by the supplier's part number (PO1 qualifier VP). A line
 * without one goes to the review queue; customer ops look at the queue
 * twice a day and the 855 for the PO waits until they have.
 */
@Component
class X12PurchaseOrderHandler(
    private val listings: ListingRepository,
    private val orders: OrderService,
    private val acks: AckSender,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun handle(po: PurchaseOrder850) {
        log.info("X12 850 received: control={} sender={} po={} lines={}", po.controlNumber, po.sender, po.number, po.lines.size)
        val matched = po.lines.map { line -> line to listings.findActive(line.supplierId, line.vendorPart) }
        val missing = matched.filter { it.second == null }
        if (missing.isNotEmpty()) {
            for ((line, _) in missing) {
                log.info("PO line held for review: no active listing for supplier part {} ({}), PO {} line {}",
                    line.vendorPart, line.supplierCode, po.number, line.number)
            }
            orders.holdForReview(po, missing.map { it.first })
            return
        }
        val order = orders.create(po, matched.map { it.first to it.second!! })
        val ack = acks.send855(po, order, emptyList())
        log.info("PO {} accepted: order {}, {} of {} lines, 855 sent (control {})", po.number, order.number, po.lines.size, po.lines.size, ack.controlNumber)
    }
}
"""

FEEDS_DOC = """# Supplier catalogue feeds

Suppliers upload to `sftp.ferrolink.eu` (one chroot each, key auth only).
market-worker polls every two minutes and imports the files in name order.

## Formats

- **BMEcat 2005** (preferred). `T_NEW_CATALOG` for the whole catalogue
  (weekly or monthly), `T_UPDATE_PRODUCTS` / `T_UPDATE_PRICES` for changes
  during the week.
- **csv template** (`ferrolink-csv-v3.xlsx`): changes only.

## Large catalogues

Files over 50 MB: split the catalogue into parts named
`<name>_1of3.xml`, `<name>_2of3.xml`, ..., each a complete BMEcat document
(header included) with the same CATALOG_ID and CATALOG_VERSION. Parts are
imported as they arrive; upload them in order.

## Prices

Net prices in the catalogue's currency; price breaks as
PRODUCT_PRICE lower_bound. Prices older than 90 days are flagged on the
listing.
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

## Feed import failed

`Catalogue import failed` with an XML error: ask the supplier to validate
against the BMEcat 2005 schema and upload again.
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
    maren = Person("Maren Vos", "maren.vos@ferrolink.eu", 60)
    tiago = Person("Tiago Ferreira", "tiago.ferreira@ferrolink.eu", 0)
    kasia = Person("Katarzyna Nowicka", "katarzyna.nowicka@ferrolink.eu", 60)
    joost = Person("Joost de Wit", "joost.dewit@ferrolink.eu", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "settings.gradle.kts": 'rootProject.name = "ferrolink-market"\n',
        "build.gradle.kts": BUILD,
        "gradle.properties": "org.gradle.jvmargs=-Xmx2g\nkotlin.code.style=official\n",
        "src/main/kotlin/com/ferrolink/market/MarketApplication.kt": "package com.ferrolink.market\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\nclass MarketApplication\n\nfun main(args: Array<String>) {\n    runApplication<MarketApplication>(*args)\n}\n",
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedPoller.kt": FEED_POLLER,
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt": FEED_IMPORTER_V1,
        "src/main/kotlin/com/ferrolink/market/catalogue/BmecatReader.kt": BMECAT_READER,
        "src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt": LISTING_REPO_V1,
        "src/main/kotlin/com/ferrolink/market/catalogue/SearchIndexer.kt": "package com.ferrolink.market.catalogue\n\nimport org.opensearch.client.opensearch.OpenSearchClient\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Component\n\n/** Listings changed since the last run go to the listings index; delisted ones are removed. */\n@Component\nclass SearchIndexer(private val client: OpenSearchClient, private val listings: ListingChanges) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun reindexSupplier(supplierId: Long) = listings.markDirty(supplierId)\n\n    fun flush() {\n        val changed = listings.takeDirty(5000)\n        if (changed.isEmpty()) return\n        client.bulk { b -> changed.fold(b) { acc, l -> acc.operations { op -> l.toOperation(op) } } }\n        log.info(\"Search index: {} listings reindexed ({} removed)\", changed.size, changed.count { !it.active })\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/catalogue/StockSync.kt": "package com.ferrolink.market.catalogue\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.scheduling.annotation.Scheduled\nimport org.springframework.stereotype.Component\n\n/** Suppliers' stock files (sku;qty;lead_days), every 15 minutes. */\n@Component\nclass StockSync(private val suppliers: SupplierRepository, private val stock: StockRepository) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    @Scheduled(cron = \"0 */15 * * * *\")\n    fun sync() {\n        for (supplier in suppliers.withStockFiles()) {\n            val rows = stock.fetch(supplier)\n            val updated = stock.apply(supplier.id, rows)\n            log.info(\"Stock sync {}: {} listings updated, {} SKUs without an active listing\", supplier.code, updated, rows.size - updated)\n        }\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/edi/X12PurchaseOrderHandler.kt": PO_HANDLER_V1,
        "src/main/kotlin/com/ferrolink/market/edi/AckSender.kt": "package com.ferrolink.market.edi\n\nimport org.springframework.stereotype.Component\n\n/** Builds the 855 (and the 997 for every functional group) and posts it to the AS2 gateway. */\n@Component\nclass AckSender(private val gateway: As2GatewayClient, private val x12: X12Writer) {\n    fun send855(po: PurchaseOrder850, order: Order, lineStatus: List<LineAck>): Interchange =\n        gateway.post(po.sender, x12.ack855(po, order, lineStatus))\n}\n\ndata class LineAck(val line: Int, val status: String)\n",
        "src/main/kotlin/com/ferrolink/market/edi/EdifactOrdersHandler.kt": "package com.ferrolink.market.edi\n\n/** EDIFACT ORDERS D.96A (Polish buyers' Comarch ERPs); answers ORDRSP. */\nclass EdifactOrdersHandler\n",
        "src/main/kotlin/com/ferrolink/market/quotes/RfqService.kt": "package com.ferrolink.market.quotes\n\nimport com.ferrolink.market.catalogue.ListingRepository\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Service\n\n@Service\nclass RfqService(private val listings: ListingRepository, private val rfqs: RfqRepository, private val props: QuoteProperties) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun create(buyer: Buyer, items: List<RfqItemRequest>): Rfq {\n        val (ok, refused) = items.partition { listings.findById(it.listingId)?.active == true }\n        refused.forEach { log.info(\"RFQ item refused: listing {} is not active\", it.listingId) }\n        val rfq = rfqs.save(Rfq.open(buyer, ok, props.rfqValidity))\n        log.info(\"RFQ {} created by buyer {}: {} items to {} suppliers\", rfq.number, buyer.code, ok.size, ok.map { it.supplierId }.distinct().size)\n        return rfq\n    }\n}\n",
        "src/main/kotlin/com/ferrolink/market/punchout/PunchOutController.kt": "package com.ferrolink.market.punchout\n\n/** cXML 1.2 PunchOutSetupRequest from SAP Ariba; the cart goes back as PunchOutOrderMessage. */\nclass PunchOutController\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": "<configuration>\n  <include resource=\"org/springframework/boot/logging/logback/defaults.xml\"/>\n  <include resource=\"org/springframework/boot/logging/logback/console-appender.xml\"/>\n  <root level=\"INFO\">\n    <appender-ref ref=\"CONSOLE\"/>\n  </root>\n</configuration>\n",
        "src/main/resources/db/migration/V41__listing_status.sql": "ALTER TABLE listing ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE';\nALTER TABLE listing ADD COLUMN delisted_at timestamptz;\nCREATE INDEX listing_supplier_status ON listing (supplier_id, status);\n",
        "src/test/kotlin/com/ferrolink/market/catalogue/FeedImporterTest.kt": "package com.ferrolink.market.catalogue\n\nimport org.junit.jupiter.api.Test\n\nclass FeedImporterTest : PostgresTest() {\n    @Test\n    fun `articles of a full catalogue are upserted as active listings`() {\n        val result = importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_full.xml\"))\n        assertEquals(3, result.upserted)\n        assertEquals(3, activeListings(\"ACME\"))\n    }\n}\n",
        "deploy/base/market-api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: market-api\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: market-api\n          image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod,api\n",
        "deploy/base/market-worker.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: market-worker\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: market-worker\n          image: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/ferrolink-market\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod,worker\n          volumeMounts:\n            - name: feeds\n              mountPath: /srv/feeds\n      volumes:\n        - name: feeds\n          persistentVolumeClaim:\n            claimName: sftp-feeds\n",
        "deploy/base/kustomization.yaml": "resources:\n  - market-api.yaml\n  - market-worker.yaml\n",
        "deploy/prod/kustomization.yaml": kustomization("7.13.2"),
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: '21'\n      - run: ./gradlew test\n  image:\n    if: startsWith(github.ref, 'refs/tags/v')\n    needs: test\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./gradlew jib -Djib.to.tags=${GITHUB_REF_NAME#v}\n",
        ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: gradle\n    directory: /\n    schedule:\n      interval: weekly\n      day: monday\n      time: \"07:00\"\n",
        "docs/suppliers/feeds.md": FEEDS_DOC,
        "docs/edi.md": "# EDI\n\nX12 850/855/856/997 (004010, 005010) and EDIFACT ORDERS/ORDRSP D.96A over\nAS2 (OpenAS2 in namespace `edi`). PO lines are matched to listings by the\nsupplier's part number (PO107 with PO106 = VP).\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# ferrolink-market\n\nFerrolink's marketplace: supplier catalogue feeds, RFQs and quotes,\ncXML PunchOut, EDI purchase orders. One image, two deployments\n(`market-api`, `market-worker`).\n\n## Running locally\n\n```\ndocker compose up -d postgres opensearch\n./gradlew bootRun --args='--spring.profiles.active=local,api,worker'\n```\n",
        "CHANGELOG.md": "# Changelog\n\n## 7.13.2\n\n- CAT-405 price breaks from PRODUCT_PRICE lower_bound\n",
    }
    repo.commit(utc("2026-02-02 08:30:00"), maren, "ferrolink-market 7.13.2", files)
    crng = random.Random(70106)
    repo.schedule(chores(crng, SERVICE, [maren, kasia], utc("2026-02-02 09:30:00"), utc("2026-02-04 16:00:00"), 2)
                  + chores(crng, SERVICE, [tiago], utc("2026-02-06 09:00:00"), utc("2026-02-06 15:00:00"), 1))
    repo.commit(utc("2026-02-03 10:15:00"), kasia, "edi: EDIFACT ORDERS D.96A for the Polish buyers (EDI-224)", {
        "src/main/kotlin/com/ferrolink/market/edi/EdifactOrdersHandler.kt": "package com.ferrolink.market.edi\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Component\n\n/** EDIFACT ORDERS D.96A (Polish buyers' Comarch ERPs); answers ORDRSP. Lines are matched like X12 PO1 lines. */\n@Component\nclass EdifactOrdersHandler(private val x12: X12PurchaseOrderHandler) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun handle(orders: EdifactOrders) {\n        log.info(\"EDIFACT ORDERS received: UNB {} from {}, order {}\", orders.interchangeRef, orders.sender, orders.number)\n        x12.handle(orders.toPurchaseOrder())\n    }\n}\n",
        "docs/edi.md": sub(repo.files["docs/edi.md"], "supplier's part number (PO107 with PO106 = VP).\n",
                           "supplier's part number (PO107 with PO106 = VP; in ORDERS, LIN/PIA with\nSA).\n"),
    })
    repo.commit(utc("2026-02-04 09:40:00"), maren, "quotes: RFQs valid for 14 days (was 30) (QT-188)\n\nSuppliers asked: steel surcharges change every two weeks.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "rfq-validity: 30d", "rfq-validity: 14d"),
    })
    culprit = repo.commit(CULPRIT_AT, tiago, "catalogue: delist listings missing from a full catalogue (CAT-412)\n\n"
                          "Full catalogues were only ever upserted, so a part a supplier dropped\n"
                          "stayed listed for good: in January buyers ordered 312 discontinued\n"
                          "parts and the suppliers rejected the POs by phone. A BMEcat\n"
                          "T_NEW_CATALOG is the supplier's whole assortment, so once one is\n"
                          "imported every ACTIVE listing of that supplier that was not in it is\n"
                          "delisted (status DELISTED, out of search, RFQs and PO matching).\n"
                          "Deltas (T_UPDATE_*, csv) are unchanged.", {
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt"],
            " * supplier's listings. Articles are upserted by supplier SKU; an upserted\n * listing is ACTIVE (a delisted one comes back).\n */\n",
            " * supplier's listings. Articles are upserted by supplier SKU; an upserted\n * listing is ACTIVE (a delisted one comes back).\n *\n"
            " * CAT-412: a T_NEW_CATALOG is the supplier's whole assortment, so after it\n * the supplier's active listings that were not in it are delisted.\n */\n",
            "        search.reindexSupplier(supplier.id)\n",
            "        var delisted = 0\n        if (doc.transaction == Transaction.T_NEW_CATALOG) {\n"
            "            delisted = listings.delistMissing(supplier.id, doc.articles.map { it.sku })\n"
            "            log.info(\"Full catalogue: delisted {} listings of supplier {} not in {}\", delisted, supplier.code, file.name)\n"
            "        }\n        search.reindexSupplier(supplier.id)\n",
            "        return ImportResult(upserted = upserted, delisted = 0)\n",
            "        return ImportResult(upserted = upserted, delisted = delisted)\n"),
        "src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt"],
            "    fun findActive(",
            "    /** Delists the supplier's ACTIVE listings whose SKU is not in skus; returns how many. */\n"
            "    fun delistMissing(supplierId: Long, skus: List<String>): Int =\n"
            "        jdbc.update(\n"
            "            \"UPDATE listing SET status = 'DELISTED', delisted_at = now(), updated_at = now() \" +\n"
            "                \"WHERE supplier_id = ? AND status = 'ACTIVE' AND NOT (supplier_sku = ANY(?))\",\n"
            "            supplierId, skus.toTypedArray(),\n"
            "        )\n\n    fun findActive("),
        "src/test/kotlin/com/ferrolink/market/catalogue/FeedImporterTest.kt": sub(
            repo.files["src/test/kotlin/com/ferrolink/market/catalogue/FeedImporterTest.kt"],
            "        assertEquals(3, activeListings(\"ACME\"))\n    }\n",
            "        assertEquals(3, activeListings(\"ACME\"))\n    }\n\n"
            "    @Test\n    fun `a full catalogue delists what it no longer has`() {\n"
            "        importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_full.xml\"))\n"
            "        val result = importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_full_without_a200.xml\"))\n"
            "        assertEquals(1, result.delisted)\n        assertEquals(listOf(\"A100\", \"A300\"), activeSkus(\"ACME\"))\n    }\n\n"
            "    @Test\n    fun `an update does not delist`() {\n"
            "        importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_full.xml\"))\n"
            "        val result = importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_update_a200_price.xml\"))\n"
            "        assertEquals(0, result.delisted)\n        assertEquals(3, activeListings(\"ACME\"))\n    }\n"),
        "docs/suppliers/feeds.md": sub(repo.files["docs/suppliers/feeds.md"],
                                       "  during the week.\n",
                                       "  during the week. Since CAT-412 a `T_NEW_CATALOG` replaces the\n  assortment: articles that are not in it are delisted.\n"),
    })
    r7140 = repo.commit(utc("2026-02-05 13:55:00"), maren, "release 7.14.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.13.2"', 'version = "7.14.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.14.0\n\n- CAT-412 full catalogues delist what they no longer contain\n- EDI-224 EDIFACT ORDERS D.96A\n- QT-188 RFQs valid for 14 days\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.14.0"),
    })
    repo.commit(utc("2026-02-06 09:20:00"), kasia, "quotes: Czech DIČ in the quote PDF footer (QT-199)", {
        "src/main/kotlin/com/ferrolink/market/quotes/QuotePdf.kt": "package com.ferrolink.market.quotes\n\n/** Quote PDF (OpenPDF). The footer shows the supplier's VAT number; CZ suppliers' as DIČ (QT-199). */\nclass QuotePdf\n",
    })
    r7141 = repo.commit(utc("2026-02-06 10:05:00"), maren, "release 7.14.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.14.0"', 'version = "7.14.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.14.1\n\n- QT-199 DIČ in Czech quote PDFs\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.14.1"),
    })
    repo.commit(utc("2026-02-06 13:40:00"), joost, "runbook: listings missing after a feed import, EDI lines without a listing", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Feed import failed\n",
                               "## Listings missing after a feed import\n\n"
                               "Buyers report parts \"no longer available\", PO lines or RFQ items\n"
                               "without an active listing, all from one supplier: in 2025 this was\n"
                               "the supplier's export every time (an ERP job that ran out of memory,\n"
                               "a file cut short by a dropped SFTP session). Look for the supplier's\n"
                               "upload in the SFTP server's log, ask the supplier to send the full\n"
                               "catalogue again, and tell customer ops. If it starts right after one\n"
                               "of our deploys, roll back first (see above), then look.\n\n"
                               "## Feed import failed\n"),
    })
    repo.commit(utc("2026-02-09 06:04:00"), bot, "Bump com.fasterxml.jackson.dataformat:jackson-dataformat-xml from 2.17.2 to 2.18.2", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], "jackson-dataformat-xml:2.17.2", "jackson-dataformat-xml:2.18.2"),
    })
    repo.commit(utc("2026-02-09 07:18:00"), tiago, "catalogue: import a feed file only once its size is stable for 30 s (CAT-418)\n\n"
                "Norda's 2 GB csv was picked up mid-upload on 27 January and imported\n"
                "half; the rest came with the next poll. Remember each file's size and\n"
                "import it when it has not changed for 30 s.", {
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt"],
            "    private val log = LoggerFactory.getLogger(javaClass)\n\n    @Transactional\n",
            "    private val log = LoggerFactory.getLogger(javaClass)\n    private val seen = ConcurrentHashMap<Path, Pair<Long, Instant>>()\n\n"
            "    /** CAT-418: true once the file's size has not changed for 30 s (the upload is done). */\n"
            "    fun ready(file: Path, now: Instant = Instant.now()): Boolean {\n"
            "        val size = Files.size(file)\n"
            "        val last = seen[file]\n"
            "        if (last == null || last.first != size) {\n"
            "            seen[file] = size to now\n"
            "            log.info(\"Feed file {} is still being written ({} bytes), next poll\", file.name, size)\n"
            "            return false\n"
            "        }\n"
            "        return Duration.between(last.second, now) >= Duration.ofSeconds(30)\n"
            "    }\n\n    @Transactional\n",
            "import java.nio.file.Path\n",
            "import java.nio.file.Files\nimport java.nio.file.Path\nimport java.time.Duration\nimport java.time.Instant\nimport java.util.concurrent.ConcurrentHashMap\n"),
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedPoller.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/FeedPoller.kt"],
            "            for (file in files) {\n",
            "            for (file in files.filter { importer.ready(it) }) {\n"),
    })
    repo.commit(utc("2026-02-09 07:46:00"), kasia, "edi: reject PO lines without an active listing at once, 855 line status IR (EDI-233)\n\n"
                "Buyers' SAP systems waited up to a day for the 855 while customer ops\n"
                "worked the review queue, and Hallberg and Rheinglas asked for an\n"
                "immediate answer. A line with no active listing is now rejected (IR)\n"
                "in the 855 and the rest of the PO is accepted; the review queue stays\n"
                "for lines with a price difference.", {
        "src/main/kotlin/com/ferrolink/market/edi/X12PurchaseOrderHandler.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/edi/X12PurchaseOrderHandler.kt"],
            " * an active listing by the supplier's part number (PO1 qualifier VP). A line\n * without one goes to the review queue; customer ops look at the queue\n * twice a day and the 855 for the PO waits until they have.\n",
            " * an active listing by the supplier's part number (PO1 qualifier VP). A line\n * without one is rejected at once with 855 line status IR (EDI-233); the\n * rest of the PO is accepted.\n",
            "        if (missing.isNotEmpty()) {\n            for ((line, _) in missing) {\n"
            "                log.info(\"PO line held for review: no active listing for supplier part {} ({}), PO {} line {}\",\n"
            "                    line.vendorPart, line.supplierCode, po.number, line.number)\n            }\n"
            "            orders.holdForReview(po, missing.map { it.first })\n            return\n        }\n"
            "        val order = orders.create(po, matched.map { it.first to it.second!! })\n        val ack = acks.send855(po, order, emptyList())\n"
            "        log.info(\"PO {} accepted: order {}, {} of {} lines, 855 sent (control {})\", po.number, order.number, po.lines.size, po.lines.size, ack.controlNumber)\n",
            "        for ((line, _) in missing) {\n"
            "            log.warn(\"PO line rejected: no active listing for supplier part {} ({}), PO {} line {}, 855 line status IR\",\n"
            "                line.vendorPart, line.supplierCode, po.number, line.number)\n        }\n"
            "        val accepted = matched.filter { it.second != null }.map { it.first to it.second!! }\n"
            "        val order = orders.create(po, accepted)\n"
            "        val ack = acks.send855(po, order, missing.map { LineAck(it.first.number, \"IR\") })\n"
            "        log.info(\"PO {} accepted: order {}, {} of {} lines, 855 sent (control {})\", po.number, order.number, accepted.size, po.lines.size, ack.controlNumber)\n"),
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    review-queue: true\n", "    review-queue: price-differences\n"),
    })
    repo.commit(utc("2026-02-09 08:02:00"), maren, "quotes: supplier lead time in working days on the quote (QT-203)", {
        "src/main/kotlin/com/ferrolink/market/quotes/LeadTime.kt": "package com.ferrolink.market.quotes\n\nimport java.time.DayOfWeek\nimport java.time.LocalDate\n\n/** QT-203: lead times are quoted in working days (Mon-Fri). */\nfun LocalDate.plusWorkingDays(days: Int): LocalDate {\n    var d = this\n    var left = days\n    while (left > 0) {\n        d = d.plusDays(1)\n        if (d.dayOfWeek != DayOfWeek.SATURDAY && d.dayOfWeek != DayOfWeek.SUNDAY) left--\n    }\n    return d\n}\n",
    })
    r7150 = repo.commit(utc("2026-02-09 08:31:00"), joost, "release 7.15.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.14.1"', 'version = "7.15.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.15.0\n\n- EDI-233 PO lines without an active listing rejected at once (855 IR)\n- CAT-418 feed files imported once their upload is done\n- QT-203 lead times in working days\n- jackson-dataformat-xml 2.18.2\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.15.0"),
    })
    fix = repo.commit(utc("2026-02-09 11:27:00"), tiago, "catalogue: delist a split full catalogue only after its last part (CAT-421)\n\n"
                      "CAT-412 took each T_NEW_CATALOG file as the whole assortment, but\n"
                      "docs/suppliers/feeds.md tells suppliers with more than 50 MB to split\n"
                      "it into parts _1ofN.._NofN. Kessler's weekly catalogue comes in three:\n"
                      "part 1 delisted parts 2 and 3 (37,713), part 2 delisted part 1, part\n"
                      "3 part 2, leaving 13,912 of 61,724 listings active this morning.\n"
                      "The SKUs of a part are kept in feed_part until all N parts of that\n"
                      "CATALOG_ID and version are in; then what is in none of them is\n"
                      "delisted. `catalogue:relist` brings back listings delisted since a\n"
                      "given time.", {
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt"],
            " * CAT-412: a T_NEW_CATALOG is the supplier's whole assortment, so after it\n * the supplier's active listings that were not in it are delisted.\n */\n",
            " * CAT-412: a T_NEW_CATALOG is the supplier's whole assortment, so after it\n * the supplier's active listings that were not in it are delisted.\n"
            " * CAT-421: a catalogue split into parts (NAME_1of3.xml ...) is the union of\n * its parts; nothing is delisted until the last part is in.\n */\n",
            "            delisted = listings.delistMissing(supplier.id, doc.articles.map { it.sku })\n"
            "            log.info(\"Full catalogue: delisted {} listings of supplier {} not in {}\", delisted, supplier.code, file.name)\n",
            "            val part = FeedParts.partOf(file.name)\n"
            "            if (part == null) {\n"
            "                delisted = listings.delistMissing(supplier.id, doc.articles.map { it.sku })\n"
            "                log.info(\"Full catalogue: delisted {} listings of supplier {} not in {}\", delisted, supplier.code, file.name)\n"
            "            } else {\n"
            "                parts.record(supplier.id, doc.catalogId, doc.catalogVersion, part, doc.articles.map { it.sku })\n"
            "                val all = parts.complete(supplier.id, doc.catalogId, doc.catalogVersion, part.of)\n"
            "                if (all == null) {\n"
            "                    log.info(\"Full catalogue part {} of {} of supplier {} imported, delisting after the last part\", part.n, part.of, supplier.code)\n"
            "                } else {\n"
            "                    delisted = listings.delistMissing(supplier.id, all)\n"
            "                    log.info(\"Full catalogue ({} parts): delisted {} listings of supplier {} not in any part\", part.of, delisted, supplier.code)\n"
            "                }\n"
            "            }\n",
            "    private val listings: ListingRepository,\n",
            "    private val listings: ListingRepository,\n    private val parts: FeedPartRepository,\n"),
        "src/main/kotlin/com/ferrolink/market/catalogue/FeedParts.kt": "package com.ferrolink.market.catalogue\n\n/** CAT-421: NAME_<n>of<m>.xml is part n of a catalogue split into m files. */\nobject FeedParts {\n    private val PART = Regex(\"_(\\\\d+)of(\\\\d+)\\\\.(xml|csv)$\", RegexOption.IGNORE_CASE)\n\n    data class Part(val n: Int, val of: Int)\n\n    fun partOf(fileName: String): Part? =\n        PART.find(fileName)?.let { m -> Part(m.groupValues[1].toInt(), m.groupValues[2].toInt()).takeIf { it.n in 1..it.of } }\n}\n",
        "src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt": sub(
            repo.files["src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt"],
            "    fun findActive(",
            "    /** CAT-421: listings of a supplier delisted since a time, back to ACTIVE (catalogue:relist). */\n"
            "    fun relistSince(supplierId: Long, since: java.time.Instant): Int =\n"
            "        jdbc.update(\n"
            "            \"UPDATE listing SET status = 'ACTIVE', delisted_at = NULL, updated_at = now() \" +\n"
            "                \"WHERE supplier_id = ? AND status = 'DELISTED' AND delisted_at >= ?\",\n"
            "            supplierId, java.sql.Timestamp.from(since),\n"
            "        )\n\n    fun findActive("),
        "src/main/resources/db/migration/V47__feed_part.sql": "CREATE TABLE feed_part (\n  supplier_id bigint NOT NULL,\n  catalog_id text NOT NULL,\n  catalog_version text NOT NULL,\n  part int NOT NULL,\n  skus text[] NOT NULL,\n  imported_at timestamptz NOT NULL DEFAULT now(),\n  PRIMARY KEY (supplier_id, catalog_id, catalog_version, part)\n);\n",
        "src/test/kotlin/com/ferrolink/market/catalogue/FeedImporterTest.kt": sub(
            repo.files["src/test/kotlin/com/ferrolink/market/catalogue/FeedImporterTest.kt"],
            "    @Test\n    fun `an update does not delist`() {\n",
            "    @Test\n    fun `a catalogue in three parts delists nothing until the last part`() {\n"
            "        importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_full.xml\"))\n"
            "        importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_2026W07_1of3.xml\"))\n"
            "        assertEquals(3, activeListings(\"ACME\"))\n"
            "        importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_2026W07_2of3.xml\"))\n"
            "        val last = importer.import(supplier(\"ACME\"), fixture(\"bmecat/acme_2026W07_3of3.xml\"))\n"
            "        assertEquals(0, last.delisted)\n        assertEquals(3, activeListings(\"ACME\"))\n    }\n\n"
            "    @Test\n    fun `an update does not delist`() {\n"),
    })
    r7151 = repo.commit(utc("2026-02-09 11:38:00"), joost, "release 7.15.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "7.15.0"', 'version = "7.15.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 7.15.1\n\n- CAT-421 a split full catalogue delists only after its last part\n"),
        "deploy/prod/kustomization.yaml": kustomization("7.15.1"),
    })
    repo._due(None)
    return repo, {"culprit": culprit, "r7140": r7140, "r7141": r7141, "r7150": r7150, "fix": fix, "r7151": r7151}


# ---------------------------------------------------------------------------
# logs


def utcf(text):
    """'2026-02-09 09:30:41.210' -> an aware UTC datetime with milliseconds."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def stamp_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def spring(pod, t, level, thread, logger, msg):
    """Spring Boot 3 console pattern as `kubectl logs --prefix`-style lines (pod first)."""
    return f"{pod} {stamp_ms(t)} {level:>5} 1 --- [ferrolink-market] [{thread[-15:]:>15}] {logger:<40} : {msg}"


def syslog(t, host, tag, pid, msg):
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}"


def pg(t, pid, level, msg, who="market@market"):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
    return f"{stamp} [{pid}] {who + ' ' if who else ''}{level}:  {msg}"


def as2(t, thread, logger, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} INFO  [{thread}] {logger} - {msg}"


def kessler_sku(rng, cat):
    lo, hi = {"bearing": (10, 29), "drive": (40, 59), "linear": (70, 89)}[cat]
    return f"K{rng.randint(lo, hi)}{rng.randint(0, 99999):05d}"


def other_sku(rng, code):
    n = rng.randint(0, 999999)
    return {
        "BRIXHAM": f"BX-{n % 90000 + 10000}-NBR", "NORDA": f"NP{n:06d}", "VALTEC": f"VT.{n % 9000 + 1000}.{n % 97:02d}",
        "OSTRAVA": f"OL-{n % 8000 + 6000}-2RS", "ELEKTRA": f"ES{n % 90000 + 10000}", "MORETTI": f"MR{n % 900 + 100}-{n % 60 + 5}",
        "DUNMORE": f"DM-{n % 700 + 100}L{n % 4 + 2}", "PILSKA": f"PP/{n % 900 + 100}/{n % 40 + 10}", "HOLMQVIST": f"HH{n:06d}",
        "FAURIEL": f"FT-{n % 99999:05d}", "BAUMANN": f"BD{n % 900000 + 100000}", "LINDQVIST": f"LF{n % 9000 + 1000}-{n % 9 + 1}",
        "TORRENT": f"TI-{n % 99999:05d}", "GRAFTON": f"GC{n % 9000 + 1000}", "VERHOEVEN": f"VK-{n % 99 + 1:02d}B-{n % 9 + 1}",
        "SCHOLZ": f"SE{n % 90000 + 10000}", "KOVAC": f"KV{n % 9000 + 1000}",
    }[code]


def build_logs(rng, shas):
    worker = Log("market-worker.log")
    api = Log("market-api.log")
    ingress = Log("ingress-nginx-access.log")
    sftp = Log("sftp-feeds.log")
    as2log = Log("as2-gateway.log")
    pglog = Log("postgresql.log")
    argo = Log("argocd-application-controller.log")
    slack = Log("slack-marketplace-ops.log")
    zendesk = Log("zendesk-tickets.log")
    stats = {"symptoms": [], "held": [], "rejected": [], "lines_ok": [], "lines_bad": [], "delists": {}, "rfq_refused": 0,
             "gone_410": 0, "punchout_dropped": 0}

    def version(t):
        if t < REL_7150:
            return "7.14.1"
        if t < ROLLBACK:
            return "7.15.0"
        if t < FIX:
            return "7.14.1"
        return "7.15.1"

    def wpods(t):
        return {"7.14.1": POD_WORKER_OLD if t < REL_7150 else POD_WORKER_ROLL, "7.15.0": POD_WORKER, "7.15.1": POD_WORKER_FIX}[version(t)]

    def apods(t):
        return {"7.14.1": POD_API_OLD if t < REL_7150 else POD_API_ROLL, "7.15.0": POD_API, "7.15.1": POD_API_FIX}[version(t)]

    def w(t, level, thread, logger, msg, pod=None):
        worker.add(t, spring(pod or rng.choice(wpods(t)), t, level, thread, logger, msg))

    def a(t, level, thread, logger, msg, pod=None):
        api.add(t, spring(pod or rng.choice(apods(t)), t, level, thread, logger, msg))

    def cat418(t):
        return version(t) in ("7.15.0", "7.15.1")

    # ---- SFTP uploads: (supplier, file, start, end, size, transaction, articles)
    uploads = []
    sftp_users = {code: (2001 + i, f"{rng.randint(31, 213)}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 250)}")
                  for i, (code, *_r) in enumerate(SUPPLIERS)}
    sftp_users["KESSLER"] = (2001, "193.27.14.88")
    t = START - dt.timedelta(minutes=6)
    seq = {code: rng.randint(40, 400) for code, *_r in SUPPLIERS}
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 150))
        code, _n, kind, _c, _s = weighted(rng, [(s[4], s) for s in SUPPLIERS if s[0] != "KESSLER"] + [(3, SUPPLIERS[0])])
        seq[code] += 1
        if kind == "bmecat":
            name = f"{code}_update_{t.strftime('%Y%m%d_%H%M%S')}.xml"
            txn = "T_UPDATE_PRODUCTS" if rng.random() < 0.7 else "T_UPDATE_PRICES"
        else:
            name = f"{code.lower()}_{t.strftime('%Y%m%d')}_{seq[code]:04d}.csv"
            txn = "CSV_DELTA"
        articles = max(1, int(rng.lognormvariate(4.6, 1.1)))
        size = articles * rng.randint(1900, 2400) if kind == "bmecat" else articles * rng.randint(180, 260)
        uploads.append((code, name, t, t + dt.timedelta(seconds=max(0.4, size / 900000)), size, txn, articles))
    brix = utc("2026-02-09 08:11:37")
    uploads.append(("BRIXHAM", "BRIXHAM_full_20260209.xml", brix, brix + dt.timedelta(seconds=11.2), 10384112, "T_NEW_CATALOG", 4812))
    k_times = [(utcf("2026-02-09 09:30:41.210"), utcf("2026-02-09 09:31:36.874")),
               (utcf("2026-02-09 09:31:38.402"), utcf("2026-02-09 09:32:41.115")),
               (utcf("2026-02-09 09:32:43.007"), utcf("2026-02-09 09:33:20.590"))]
    for (fname, arts, _rng, size), (s, e) in zip(KESSLER_PARTS, k_times):
        uploads.append(("KESSLER", fname, s, e, size, "T_NEW_CATALOG", arts))
    uploads.sort(key=lambda u: u[2])

    # sftp log for the uploads: one session per upload (Kessler: one for all three)
    sshd_pid = [41200]

    def session(code, ups):
        uid, addr = sftp_users[code]
        user = code.lower()
        sshd_pid[0] += rng.randint(3, 40)
        p, sp = sshd_pid[0], sshd_pid[0] + 2
        t0 = ups[0][2] - dt.timedelta(seconds=rng.uniform(0.8, 2.0))
        sftp.add(t0, syslog(t0, "sftp-feeds-01", "sshd", p, f"Accepted publickey for {user} from {addr} port {rng.randint(40000, 65000)} ssh2: ED25519 SHA256:{hexid(rng, 43)}"))
        sftp.add(t0, syslog(t0, "sftp-feeds-01", "sshd", p, f"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)"))
        t1 = t0 + dt.timedelta(seconds=0.3)
        sftp.add(t1, syslog(t1, "sftp-feeds-01", "internal-sftp", sp, f"session opened for local user {user} from [{addr}]"))
        for u in ups:
            sftp.add(u[2], syslog(u[2], "sftp-feeds-01", "internal-sftp", sp, f'open "/incoming/{u[1]}" flags WRITE,CREATE,TRUNCATE mode 0644'))
            sftp.add(u[3], syslog(u[3], "sftp-feeds-01", "internal-sftp", sp, f'close "/incoming/{u[1]}" bytes read 0 written {u[4]}'))
        te = ups[-1][3] + dt.timedelta(seconds=rng.uniform(0.2, 1.0))
        sftp.add(te, syslog(te, "sftp-feeds-01", "internal-sftp", sp, f"session closed for local user {user} from [{addr}]"))
        sftp.add(te, syslog(te, "sftp-feeds-01", "sshd", p, f"Received disconnect from {addr} port {rng.randint(40000, 65000)}:11: disconnected by user"))
        sftp.add(te, syslog(te, "sftp-feeds-01", "sshd", p, f"pam_unix(sshd:session): session closed for user {user}"))

    full_k = [u for u in uploads if u[0] == "KESSLER" and u[5] == "T_NEW_CATALOG"]
    for u in uploads:
        if u is full_k[0]:
            session("KESSLER", full_k)
        elif u not in full_k:
            session(u[0], [u])
    # scanners and a supplier with an old key
    for tt in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(70)):
        sshd_pid[0] += rng.randint(3, 30)
        addr = f"{rng.choice([45, 80, 92, 141, 185, 194, 218])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 250)}"
        user = rng.choice(["root", "admin", "ubuntu", "test", "oracle", "ftpuser", "git", "postgres"])
        msg = weighted(rng, [(5, f"Invalid user {user} from {addr} port {rng.randint(30000, 65000)}"),
                             (3, f"Connection closed by invalid user {user} {addr} port {rng.randint(30000, 65000)} [preauth]"),
                             (2, f"Received disconnect from {addr} port {rng.randint(30000, 65000)}:11: Bye Bye [preauth]")])
        sftp.add(tt, syslog(tt, "sftp-feeds-01", "sshd", sshd_pid[0], msg))
    for tt in (utc("2026-02-09 08:40:12"), utc("2026-02-09 10:40:19"), utc("2026-02-09 12:40:07")):
        sshd_pid[0] += 5
        sftp.add(tt, syslog(tt, "sftp-feeds-01", "sshd", sshd_pid[0], f"Connection closed by authenticating user grafton 51.148.90.12 port {rng.randint(30000, 65000)} [preauth]"))

    # ---- the feed poller: fixed delay 120 s after each poll
    kessler_state = {"delists": []}   # (time, part index)
    seen = {}                          # file -> (size seen, when) for CAT-418
    done = set()
    poll = START + dt.timedelta(seconds=37.4)
    search_dirty = []                  # (time, n changed, n removed)
    while poll < END:
        pod = wpods(poll)[0]
        cursor = poll + dt.timedelta(milliseconds=rng.randint(20, 90))
        present = [u for u in uploads if u[2] <= poll and u[1] not in done]
        present.sort(key=lambda u: (u[0], u[1]))
        ready = []
        for u in present:
            written = u[4] if u[3] <= poll else int(u[4] * (poll - u[2]).total_seconds() / (u[3] - u[2]).total_seconds())
            if cat418(poll):
                last = seen.get(u[1])
                if last is None or last[0] != written:
                    seen[u[1]] = (written, poll)
                    w(cursor, "INFO", "scheduling-1", "c.f.market.catalogue.FeedImporter", f"Feed file {u[1]} is still being written ({written} bytes), next poll", pod)
                    cursor += dt.timedelta(milliseconds=rng.randint(2, 9))
                    continue
                if (poll - last[1]).total_seconds() < 30:
                    continue
            elif u[3] > poll:
                continue   # 7.14.1 has no check, but nothing ever arrives mid-upload in this window except Kessler's
            ready.append(u)
        for u in ready:
            code, name, _s, _e, size, txn, arts = u
            w(cursor, "INFO", "scheduling-1", "c.f.market.catalogue.FeedPoller", f"Feed file picked up: supplier={code} file={name} size={size}", pod)
            if code == "KESSLER":
                took = rng.uniform(78000, 88000) * arts / 24000
            else:
                took = 40 + arts * rng.uniform(2.5, 4.5) + (rng.uniform(200, 600) if txn == "T_NEW_CATALOG" else 0)
            end = cursor + dt.timedelta(milliseconds=took)
            if rng.random() < 0.03 and txn != "T_NEW_CATALOG":
                w(end, "WARN", "scheduling-1", "c.f.market.catalogue.FeedImporter",
                  f"Feed {name}: {rng.randint(1, 4)} articles without PRODUCT_PRICE skipped", pod)
            delisted = 0
            if txn == "T_NEW_CATALOG":
                if code == "KESSLER":
                    k = [p[0] for p in KESSLER_PARTS].index(name)
                    delisted = [KESSLER_ACTIVE_BEFORE - KESSLER_PARTS[0][1], KESSLER_PARTS[0][1], KESSLER_PARTS[1][1]][k]
                    kessler_state["delists"].append((end, k))
                    stats["delists"][name] = (end, delisted)
                    upd_ms = rng.uniform(5200, 8900)
                    pt = end - dt.timedelta(milliseconds=rng.randint(300, 900))
                    pglog.add(pt, pg(pt, 30000 + rng.randint(0, 9999), "LOG", f"duration: {upd_ms:.3f} ms  execute S_{rng.randint(3, 40)}: UPDATE listing SET status = 'DELISTED', delisted_at = now(), updated_at = now() WHERE supplier_id = $1 AND status = 'ACTIVE' AND NOT (supplier_sku = ANY($2))"))
                    pglog.add(pt, pg(pt, 30000 + rng.randint(0, 9999), "DETAIL", f"parameters: $1 = '{SUPPLIER_IDS['KESSLER']}', $2 = '{{...{arts} elements...}}'"))
                else:
                    delisted = 9
                    stats["delists"][name] = (end, delisted)
                w(end, "INFO", "scheduling-1", "c.f.market.catalogue.FeedImporter",
                  f"Full catalogue: delisted {delisted} listings of supplier {code} not in {name}", pod)
                end += dt.timedelta(milliseconds=rng.randint(1, 4))
            w(end, "INFO", "scheduling-1", "c.f.market.catalogue.FeedImporter",
              f"Catalogue import finished: supplier={code} file={name} transaction={txn} articles={arts} upserted={arts} took={int(took)}ms", pod)
            search_dirty.append((end, arts + delisted, delisted))
            done.add(name)
            cursor = end + dt.timedelta(milliseconds=rng.randint(15, 60))
        poll = cursor + dt.timedelta(seconds=120)

    d_times = [None, None, None]
    for tt, k in kessler_state["delists"]:
        d_times[k] = tt
    assert all(d_times), d_times
    D1, D2, D3 = d_times
    stats["D"] = d_times

    def kessler_active(cat, t):
        if t < D1 or t >= RELIST:
            return True
        if t < D2:
            return cat == "bearing"
        if t < D3:
            return cat == "drive"
        return cat == "linear"

    # search index flushes: every 30 s, 5000 at a time
    backlog = []
    t = START + dt.timedelta(seconds=11)
    search_dirty.sort()
    relist_n = KESSLER_PARTS[0][1] + KESSLER_PARTS[1][1] + 7
    search_dirty.append((RELIST + dt.timedelta(seconds=2), relist_n, 0))
    search_dirty.sort()
    i = 0
    while t < END:
        while i < len(search_dirty) and search_dirty[i][0] <= t:
            backlog.append([search_dirty[i][1], search_dirty[i][2]])
            i += 1
        budget = 5000
        changed = removed = 0
        while backlog and budget > 0:
            take = min(budget, backlog[0][0])
            rem = min(take, backlog[0][1])
            changed += take
            removed += rem
            budget -= take
            backlog[0][0] -= take
            backlog[0][1] -= rem
            if backlog[0][0] <= 0:
                backlog.pop(0)
        changed += rng.randint(0, 3)
        if changed:
            w(t, "INFO", "search-flush-1", "c.f.market.catalogue.SearchIndexer", f"Search index: {changed} listings reindexed ({removed} removed)")
        t += dt.timedelta(seconds=30 + rng.uniform(0, 0.4))

    # ---- stock sync every 15 minutes
    t = utc("2026-02-09 08:00:00")
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(5, 60))
        for code, *_r in SUPPLIERS:
            tt += dt.timedelta(milliseconds=rng.randint(300, 2400))
            if code == "KESSLER":
                rows = 61730
                if tt < D1 or tt >= RELIST:
                    upd = 61724
                elif tt < D2:
                    upd = KESSLER_PARTS[0][1]
                elif tt < D3:
                    upd = KESSLER_PARTS[1][1]
                else:
                    upd = KESSLER_PARTS[2][1]
            else:
                rows = rng.randint(800, 30000)
                upd = rows - rng.randint(0, 12)
            if rng.random() < 0.02 and code != "KESSLER":
                w(tt, "WARN", "scheduling-1", "c.f.market.catalogue.StockSync", f"Stock sync {code}: stock file not fetched: Read timed out after 30000 ms, keeping the last one")
                continue
            w(tt, "INFO", "scheduling-1", "c.f.market.catalogue.StockSync", f"Stock sync {code}: {upd} listings updated, {rows - upd} SKUs without an active listing")
        t += dt.timedelta(minutes=15)

    # ---- listings used in orders: a stable popular set per supplier
    popular = {}
    for code, *_r in SUPPLIERS:
        if code == "KESSLER":
            popular[code] = [(kessler_sku(rng, cat), cat) for cat, n in (("bearing", 260), ("drive", 120), ("linear", 50)) for _ in range(n)]
        else:
            popular[code] = [(other_sku(rng, code), None) for _ in range(rng.randint(60, 160))]
    discontinued = {code: [other_sku(rng, code)] for code, *_r in SUPPLIERS if code != "KESSLER"}
    kessler_disc = [kessler_sku(rng, "bearing") for _ in range(3)]

    def lid(code, sku):
        if code == "KESSLER":
            return 30000000 + int(sku[1:])
        h = 0
        for ch in code + sku:
            h = (h * 131 + ord(ch)) % 19000000
        return 11000000 + h

    def pick_line():
        code = weighted(rng, [(s[4], s[0]) for s in SUPPLIERS])
        if code == "KESSLER":
            cat = weighted(rng, [(62, "bearing"), (28, "drive"), (10, "linear")])
            cands = [p for p in popular[code] if p[1] == cat]
            sku = rng.choice(cands)[0] if rng.random() < 0.995 else rng.choice(kessler_disc)
            return code, sku, cat
        if rng.random() < 0.005:
            return code, discontinued[code][0], None
        return code, rng.choice(popular[code])[0], None

    def line_active(code, sku, cat, t):
        if code == "KESSLER":
            if sku in kessler_disc:
                return t < D1
            return kessler_active(cat, t)
        return sku not in discontinued.get(code, [])

    # ---- EDI purchase orders (worker) and the AS2 gateway
    def po_rate(t):
        h = t.hour + t.minute / 60
        base = 2.4 if h < 8.5 else 3.1 if h < 11 else 2.6
        return base

    counters = {b[0]: b[3] + rng.randint(0, 400) for b in BUYERS}
    isa = [41200]
    ack_ctl = [3100]
    order_no = [104200]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(po_rate(t) / 60))
        if t >= END:
            break
        buyer, bname, bc, _start, _w = weighted(rng, [(b[4], b) for b in BUYERS])
        counters[buyer] += rng.randint(1, 5)
        po = counters[buyer]
        isa[0] += 1
        n = min(14, max(1, int(rng.lognormvariate(1.15, 0.6))))
        lines = [pick_line() for _ in range(n)]
        edifact = bc == "PL" and rng.random() < 0.8
        msgid = f"<{buyer}-{t.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}@{buyer.lower()}.as2>"
        size = 900 + 160 * n + rng.randint(0, 300)
        as2log.add(t, as2(t, f"http-nio-4080-exec-{rng.randint(1, 20)}", "o.o.p.AS2ReceiverModule",
                          f"received message {msgid} from {buyer} size={size}; MDN sent: processed"))
        t0 = t + dt.timedelta(milliseconds=rng.randint(60, 300))
        th = f"http-nio-8080-exec-{rng.randint(1, 12)}"
        pod = rng.choice(wpods(t0))
        if edifact:
            w(t0, "INFO", th, "c.f.m.edi.EdifactOrdersHandler", f"EDIFACT ORDERS received: UNB {isa[0] % 100000} from {buyer}, order {po}", pod)
            t0 += dt.timedelta(milliseconds=rng.randint(2, 10))
        w(t0, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler", f"X12 850 received: control={isa[0]:09d} sender={buyer} po={po} lines={n}", pod)
        t1 = t0 + dt.timedelta(milliseconds=rng.randint(25, 160) + 9 * n)
        missing = []
        for k, (code, sku, cat) in enumerate(lines, 1):
            ok = line_active(code, sku, cat, t1)
            (stats["lines_ok"] if ok else stats["lines_bad"]).append(t1)
            if not ok:
                missing.append((k, code, sku))
                if code == "KESSLER" and sku not in kessler_disc:
                    stats["symptoms"].append((t1, "po", buyer, po, sku))
        v = version(t1)
        if missing and v == "7.14.1":
            for k, code, sku in missing:
                w(t1, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler",
                  f"PO line held for review: no active listing for supplier part {sku} ({code}), PO {po} line {k}", pod)
                stats["held"].append((t1, buyer, po, code, sku))
            w(t1 + dt.timedelta(milliseconds=4), "INFO", th, "c.f.market.orders.OrderService",
              f"PO {po} of {buyer} held for review: {len(missing)} of {n} lines", pod)
            continue
        for k, code, sku in missing:
            w(t1, "WARN", th, "c.f.m.edi.X12PurchaseOrderHandler",
              f"PO line rejected: no active listing for supplier part {sku} ({code}), PO {po} line {k}, 855 line status IR", pod)
            stats["rejected"].append((t1, buyer, po, code, sku))
        order_no[0] += 1
        ack_ctl[0] += 1
        t2 = t1 + dt.timedelta(milliseconds=rng.randint(30, 140))
        w(t2, "INFO", th, "c.f.m.edi.X12PurchaseOrderHandler",
          f"PO {po} accepted: order FL-26-{order_no[0]}, {n - len(missing)} of {n} lines, 855 sent (control {ack_ctl[0]:09d})", pod)
        t3 = t2 + dt.timedelta(milliseconds=rng.randint(40, 200))
        out_id = f"<ferrolink-{t3.strftime('%Y%m%d%H%M%S%f')[:17]}-{hexid(rng, 8)}@as2.ferrolink.eu>"
        as2log.add(t3, as2(t3, "as2-sender-1", "o.o.p.AS2SenderModule",
                           f"sent message {out_id} to {buyer} size={700 + 90 * n + rng.randint(0, 200)} encrypted=aes256 signed=sha256"))
        t4 = t3 + dt.timedelta(milliseconds=rng.randint(150, 900))
        if rng.random() < 0.006:
            as2log.add(t4 + dt.timedelta(seconds=30), as2(t4 + dt.timedelta(seconds=30), "as2-sender-1", "o.o.p.AS2SenderModule",
                                                          f"MDN not received for {out_id} from {buyer} within 30 s, resend 1 of 3 scheduled"))
            t4 += dt.timedelta(seconds=rng.uniform(90, 140))
        as2log.add(t4, as2(t4, "as2-sender-1", "o.o.p.AS2SenderModule",
                           f"MDN received for {out_id} from {buyer}: automatic-action/MDN-sent-automatically; processed (MIC matched)"))

    # 997s and 856s the buyers' and suppliers' systems send: routine AS2 traffic
    for tt in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(260)):
        partner = rng.choice([b[0] for b in BUYERS] + ["KESSLER-EDI", "VALTEC-EDI", "NORDA-EDI"])
        as2log.add(tt, as2(tt, f"http-nio-4080-exec-{rng.randint(1, 20)}", "o.o.p.AS2ReceiverModule",
                           f"received message <{partner}-{tt.strftime('%Y%m%d%H%M%S')}-{rng.randint(100, 999)}@{partner.lower()}.as2> from {partner} size={rng.randint(380, 2600)}; MDN sent: processed"))

    # ---- market-api: RFQs, quotes, PunchOut, listing pages (and the ingress)
    rfq_no = [18800]
    quote_no = [41200]
    ips = {b[0]: f"{rng.choice([62, 77, 84, 91, 145, 185, 193, 212, 217])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(2, 250)}" for b in BUYERS}
    UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36 Edg/132.0.0.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15"]

    def ing(tt, client, method, path, status, size, rt, ua, reqlen=None):
        stamp = tt.strftime("%d/%b/%Y:%H:%M:%S +0000")
        up = f"10.42.{rng.randint(0, 3)}.{rng.randint(10, 250)}:8080"
        reqlen = reqlen or rng.randint(300, 900)
        ingress.add(tt, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "https://market.ferrolink.eu/" "{ua}" {reqlen} {rt:.3f} '
                        f'[marketplace-market-api-8080] [] {up} {size} {rt - 0.001:.3f} {status} {hexid(rng, 32)}')

    def api_rate(t):
        h = t.hour + t.minute / 60
        return 16 if h < 8.5 else 24 if h < 11 else 20

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(api_rate(t) / 60))
        if t >= END:
            break
        buyer = weighted(rng, [(b[4], b[0]) for b in BUYERS])
        client, ua = ips[buyer], rng.choice(UAS)
        th = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        kind = weighted(rng, [(34, "listing"), (26, "search"), (7, "rfq"), (5, "quote_submit"), (4, "quote_accept"), (5, "punchout"),
                              (10, "orders"), (6, "account"), (3, "login_fail")])
        if kind == "listing":
            code, sku, cat = pick_line()
            ok = line_active(code, sku, cat, t)
            rt = rng.uniform(0.018, 0.09)
            if ok:
                ing(t, client, "GET", f"/api/v2/listings/{lid(code, sku)}", 200, rng.randint(2400, 7800), rt, ua)
            else:
                ing(t, client, "GET", f"/api/v2/listings/{lid(code, sku)}", 410, 96, rt, ua)
                if code == "KESSLER" and sku not in kessler_disc:
                    stats["gone_410"] += 1
                    stats["symptoms"].append((t, "410", buyer, None, sku))
        elif kind == "search":
            q = rng.choice(["6205 2rs", "6308 c3", "gear motor 0.75 kw", "nbr o-ring 40x3", "solenoid valve 24v", "proximity sensor m18",
                            "v-belt spa 1250", "hydraulic filter", "chain 16b-1", "bearing 22216", "coupling rotex 28", "linear guide 20"])
            rt = rng.uniform(0.08, 0.5)
            ing(t, client, "GET", f"/api/v2/search?q={q.replace(' ', '+')}&page=1", 200, rng.randint(8000, 42000), rt, ua)
            if rt > 0.45 and rng.random() < 0.3:
                a(t, "WARN", th, "c.f.market.search.SearchController", f"Slow search: {int(rt * 1000) + rng.randint(900, 1500)} ms q=\"{q}\"")
        elif kind == "rfq":
            items = [pick_line() for _ in range(rng.randint(1, 6))]
            refused = [(c, s) for c, s, ca in items if not line_active(c, s, ca, t)]
            rfq_no[0] += 1
            ing(t, client, "POST", "/api/v2/rfqs", 201, rng.randint(600, 1400), rng.uniform(0.06, 0.2), ua, rng.randint(900, 3000))
            for c, s in refused:
                a(t, "INFO", th, "c.f.market.quotes.RfqService", f"RFQ item refused: listing {lid(c, s)} is not active")
                if c == "KESSLER" and s not in kessler_disc:
                    stats["rfq_refused"] += 1
                    stats["symptoms"].append((t, "rfq", buyer, None, s))
            ok = len(items) - len(refused)
            a(t + dt.timedelta(milliseconds=3), "INFO", th, "c.f.market.quotes.RfqService",
              f"RFQ RFQ-26-{rfq_no[0]} created by buyer {buyer}: {ok} items to {len({c for c, _s, _ca in items if (c, _s) not in refused})} suppliers")
        elif kind == "quote_submit":
            quote_no[0] += 1
            sup = weighted(rng, [(s[4], s[0]) for s in SUPPLIERS])
            ing(t, f"10.20.{rng.randint(0, 9)}.{rng.randint(2, 250)}", "POST", f"/api/v2/rfqs/RFQ-26-{rfq_no[0] - rng.randint(0, 300)}/quotes", 201,
                rng.randint(500, 1200), rng.uniform(0.05, 0.2), "Ferrolink Supplier Portal/4.2", rng.randint(1200, 4000))
            a(t, "INFO", th, "c.f.market.quotes.QuoteService",
              f"Quote Q-26-{quote_no[0]} submitted by supplier {sup} for RFQ-26-{rfq_no[0] - rng.randint(0, 300)}: {rng.randint(1, 6)} items, valid until 2026-02-23")
        elif kind == "quote_accept":
            code, sku, cat = pick_line()
            ok = line_active(code, sku, cat, t)
            qn = quote_no[0] - rng.randint(5, 900)
            if ok:
                order_no[0] += 1
                ing(t, client, "POST", f"/api/v2/quotes/Q-26-{qn}/accept", 200, rng.randint(700, 1500), rng.uniform(0.1, 0.3), ua)
                a(t, "INFO", th, "c.f.market.quotes.QuoteService", f"Quote Q-26-{qn} accepted by buyer {buyer}: order FL-26-{order_no[0]}")
            else:
                ing(t, client, "POST", f"/api/v2/quotes/Q-26-{qn}/accept", 409, 212, rng.uniform(0.03, 0.09), ua)
                a(t, "WARN", th, "c.f.market.quotes.QuoteService", f"Quote Q-26-{qn} cannot be accepted: listing {lid(code, sku)} ({code} {sku}) is not active")
                if code == "KESSLER" and sku not in kessler_disc:
                    stats["symptoms"].append((t, "quote", buyer, None, sku))
        elif kind == "punchout":
            sess = hexid(rng, 12)
            ing(t, client, "POST", "/punchout/cxml/setup", 200, rng.randint(900, 1300), rng.uniform(0.05, 0.15), "SAP Ariba cXML/1.2.060", rng.randint(2500, 4200))
            a(t, "INFO", th, "c.f.m.punchout.PunchOutController", f"PunchOut session {sess} started for buyer {buyer} (SAP Ariba)")
            t2 = t + dt.timedelta(seconds=rng.uniform(60, 420))
            items = [pick_line() for _ in range(rng.randint(1, 5))]
            dropped = [(c, s) for c, s, ca in items if not line_active(c, s, ca, t2)]
            for c, s in dropped:
                a(t2, "WARN", th, "c.f.m.punchout.PunchOutController", f"PunchOut cart item dropped: listing {lid(c, s)} is not active (session {sess})")
                if c == "KESSLER" and s not in kessler_disc:
                    stats["punchout_dropped"] += 1
                    stats["symptoms"].append((t2, "punchout", buyer, None, s))
            ing(t2, client, "POST", f"/punchout/cxml/checkout/{sess}", 200, rng.randint(1500, 5000), rng.uniform(0.08, 0.25), ua)
            a(t2, "INFO", th, "c.f.m.punchout.PunchOutController", f"PunchOut cart returned to {buyer}: {len(items) - len(dropped)} items (session {sess})")
        elif kind == "orders":
            ing(t, client, "GET", f"/api/v2/orders?status={rng.choice(['open', 'shipped', 'all'])}&page={rng.randint(1, 3)}", 200, rng.randint(3000, 20000), rng.uniform(0.04, 0.3), ua)
        elif kind == "account":
            ing(t, client, "GET", rng.choice(["/api/v2/me", "/api/v2/notifications", "/api/v2/addresses", "/api/v2/cost-centres"]), 200, rng.randint(300, 3000), rng.uniform(0.01, 0.05), ua)
        else:
            ing(t, client, "POST", "/api/v2/auth/login", 401, 64, rng.uniform(0.2, 0.35), ua)
            a(t, "WARN", th, "c.f.market.auth.LoginController", f"Login failed for {rng.choice(['j.kraus', 'p.nowak', 'm.lindgren', 'a.rossi', 's.bakker', 'e.dubois'])}@{buyer.lower()}.example: bad credentials")

    # hourly FX, order digest, RFQ expiry (worker); Hikari noise
    for h in range(7, 13):
        tt = utc(f"2026-02-09 {h:02d}:05:00") + dt.timedelta(milliseconds=rng.randint(10, 900))
        if START <= tt < END:
            w(tt, "INFO", "scheduling-1", "c.f.market.fx.ExchangeRates", "Exchange rates refreshed from ECB: 30 currencies, reference date 2026-02-06")
    t = utc("2026-02-09 07:50:00")
    while t < END:
        tt = t + dt.timedelta(milliseconds=rng.randint(10, 400))
        w(tt, "INFO", "scheduling-1", "c.f.market.quotes.RfqExpiry", f"RFQ expiry: {rng.randint(0, 14)} RFQs expired, {rng.randint(0, 40)} quote reminders queued")
        t += dt.timedelta(minutes=10)
    for _ in range(5):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        w(tt, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
          f"HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={rng.randint(61, 75)}s{rng.randint(100, 999)}ms).")
    for _ in range(4):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        sup = rng.choice(["VALTEC", "TORRENT", "KOVAC"])
        th = f"http-nio-8080-exec-{rng.randint(1, 40)}"
        a(tt, "WARN", th, "c.f.market.stock.LiveStockClient",
          f"Live stock check timed out for supplier {sup} after 5000 ms, showing the last stock file\n"
          f"java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n"
          f"\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n"
          f"\tat org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)\n"
          f"\tat com.ferrolink.market.stock.LiveStockClient.fetch(LiveStockClient.kt:58)\n\t... 41 common frames omitted")

    # ---- start-up lines at each rollout (pods of the new version ~70 s before Argo reports the sync)
    def startup(t0, pods, ver, profile, migrate=False):
        for k, pod in enumerate(pods):
            tt = t0 + dt.timedelta(seconds=k * 31 + rng.uniform(0, 3))
            log = worker if profile == "worker" else api
            def L(x, lvl, th, lg, msg):
                log.add(x, spring(pod, x, lvl, th, lg, msg))
            L(tt, "INFO", "main", "c.f.market.MarketApplicationKt", f"Starting MarketApplicationKt v{ver} using Java 21.0.5 with PID 1 (/app/classes started by root in /app)")
            L(tt + dt.timedelta(milliseconds=8), "INFO", "main", "c.f.market.MarketApplicationKt", f"The following 2 profiles are active: \"prod\", \"{profile}\"")
            L(tt + dt.timedelta(seconds=3.1), "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting...")
            L(tt + dt.timedelta(seconds=3.4), "INFO", "main", "com.zaxxer.hikari.pool.HikariPool", f"HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@{hexid(rng, 8)}")
            L(tt + dt.timedelta(seconds=3.4), "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.")
            if migrate and k == 0 and profile == "worker":
                L(tt + dt.timedelta(seconds=4.0), "INFO", "main", "o.f.core.internal.command.DbMigrate", "Migrating schema \"public\" to version \"47 - feed part\"")
                L(tt + dt.timedelta(seconds=4.2), "INFO", "main", "o.f.core.internal.command.DbMigrate", "Successfully applied 1 migration to schema \"public\", now at version v47 (execution time 00:00.071s)")
            else:
                L(tt + dt.timedelta(seconds=4.0), "INFO", "main", "o.f.core.internal.command.DbValidate", f"Successfully validated {47 if migrate else 46} migrations (execution time 00:00.094s)")
                L(tt + dt.timedelta(seconds=4.1), "INFO", "main", "o.f.core.internal.command.DbMigrate", f"Schema \"public\" is up to date. No migration necessary.")
            L(tt + dt.timedelta(seconds=9.6), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
            L(tt + dt.timedelta(seconds=9.8), "INFO", "main", "c.f.market.MarketApplicationKt", f"Started MarketApplicationKt in {rng.uniform(10.5, 13.5):.3f} seconds (process running for {rng.uniform(13.6, 15.2):.3f})")

    startup(REL_7150 - dt.timedelta(seconds=75), POD_API, "7.15.0", "api")
    startup(REL_7150 - dt.timedelta(seconds=73), POD_WORKER, "7.15.0", "worker")
    startup(ROLLBACK - dt.timedelta(seconds=72), POD_API_ROLL, "7.14.1", "api")
    startup(ROLLBACK - dt.timedelta(seconds=70), POD_WORKER_ROLL, "7.14.1", "worker")
    startup(FIX - dt.timedelta(seconds=74), POD_API_FIX, "7.15.1", "api", migrate=True)
    startup(FIX - dt.timedelta(seconds=71), POD_WORKER_FIX, "7.15.1", "worker", migrate=True)
    relist_t = RELIST
    w(relist_t, "INFO", "http-nio-8080-exec-3", "c.f.m.catalogue.RelistController",
      f"Relist: {relist_n} listings of supplier KESSLER delisted since 2026-02-09T09:30:00Z are active again (by tiago.ferreira)", POD_WORKER_FIX[0])
    pt = relist_t - dt.timedelta(milliseconds=600)
    pglog.add(pt, pg(pt, 38812, "LOG", f"duration: {rng.uniform(4100, 5200):.3f} ms  execute S_7: UPDATE listing SET status = 'ACTIVE', delisted_at = NULL, updated_at = now() WHERE supplier_id = $1 AND status = 'DELISTED' AND delisted_at >= $2"))

    # ---- PostgreSQL: checkpoints, autovacuum, a report query now and then
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        pglog.add(t, pg(t, 61, "LOG", "checkpoint starting: time", who=None))
        b = rng.randint(900, 7000)
        t2 = t + dt.timedelta(seconds=rng.uniform(150, 270))
        if D1 <= t < D1 + dt.timedelta(minutes=20) or RELIST <= t < RELIST + dt.timedelta(minutes=10):
            b = rng.randint(38000, 61000)
        pglog.add(t2, pg(t2, 61, "LOG", f"checkpoint complete: wrote {b} buffers ({b / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 6)} recycled; write={(t2 - t).total_seconds() - 0.5:.3f} s, sync=0.0{rng.randint(10, 99)} s, total={(t2 - t).total_seconds():.3f} s; sync files={rng.randint(40, 160)}, longest=0.0{rng.randint(10, 60)} s, average=0.001 s; distance={b * 8} kB, estimate={b * 8 + rng.randint(0, 9000)} kB; lsn=2E/{hexid(rng, 8).upper()}, redo lsn=2E/{hexid(rng, 8).upper()}", who=None))
        t += dt.timedelta(minutes=5)
    for _ in range(22):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pglog.add(tt, pg(tt, 30000 + rng.randint(0, 9999), "LOG", rng.choice([
            f"duration: {rng.uniform(1000, 2600):.3f} ms  execute S_{rng.randint(3, 40)}: SELECT o.buyer_id, date_trunc('month', o.created_at), sum(l.net_amount) FROM orders o JOIN order_line l ON l.order_id = o.id WHERE o.created_at >= $1 GROUP BY 1, 2",
            f"duration: {rng.uniform(1000, 1900):.3f} ms  execute <unnamed>: SELECT * FROM rfq WHERE status = 'OPEN' AND valid_until < now() FOR UPDATE SKIP LOCKED",
        ])))
    for tt, tbl, rem in [(utc("2026-02-09 08:31:12"), "quote_line", 812), (D3 + dt.timedelta(minutes=3, seconds=14), "listing", 85525),
                         (utc("2026-02-09 10:12:40"), "order_line", 1204), (RELIST + dt.timedelta(minutes=2, seconds=51), "listing", 47819)]:
        pglog.add(tt, pg(tt, 40000 + rng.randint(0, 9999), "LOG", f"automatic vacuum of table \"market.public.{tbl}\": index scans: 1\n"
                         f"\tpages: 0 removed, {rng.randint(20000, 90000)} remain, {rng.randint(2000, 30000)} scanned\n"
                         f"\ttuples: {rem} removed, {rng.randint(500000, 2400000)} remain, 0 are dead but not yet removable", who=None))
    for _ in range(6):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pglog.add(tt, pg(tt, 30000 + rng.randint(0, 9999), "LOG", "could not receive data from client: Connection reset by peer"))

    # ---- Argo CD
    def alog(tt, msg, **kv):
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(tt, f'time="{tt.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/market-prod {extra}'.rstrip())

    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "marketplace", "time_ms": rng.randint(40, 190)})
        t += dt.timedelta(minutes=3, seconds=rng.uniform(0, 1.5))

    def sync(tt, sha, hist, user=None, rollback_note=None):
        if rollback_note:
            alog(tt - dt.timedelta(seconds=84), rollback_note, user=user)
        who = {"user": user} if user else {}
        alog(tt - dt.timedelta(seconds=80), f"Initiated {'automated ' if not user else ''}sync to '{sha}'", **{"dest-namespace": "marketplace"}, **who)
        alog(tt - dt.timedelta(seconds=78), "apps/Deployment marketplace/market-api configured", revision=sha)
        alog(tt - dt.timedelta(seconds=78), "apps/Deployment marketplace/market-worker configured", revision=sha)
        alog(tt - dt.timedelta(seconds=1), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(tt, f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(REL_7150, shas["r7150"], 88)
    sync(ROLLBACK, shas["r7141"], 89, user="joost.dewit@ferrolink.eu",
         rollback_note=f"Rollback to history ID 87 ({shas['r7141']}); automated sync disabled")
    alog(FIX - dt.timedelta(seconds=95), "automated sync enabled", user="joost.dewit@ferrolink.eu")
    sync(FIX, shas["r7151"], 90)

    # ---- onset and the humans
    stats["symptoms"].sort()
    first = stats["symptoms"][0]
    stats["onset"] = first[0]
    rej_by_rollback = [r for r in stats["rejected"] if r[0] < ROLLBACK and r[3] == "KESSLER"]
    held_after = [h for h in stats["held"] if ROLLBACK <= h[0] < FIX and h[3] == "KESSLER"]
    buyers_rej = sorted({r[1] for r in rej_by_rollback})
    ex = next(r for r in rej_by_rollback if r[1] == "HALLBERGSTAHL") if any(r[1] == "HALLBERGSTAHL" for r in rej_by_rollback) else rej_by_rollback[0]

    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": "marketplace-ops", "ts": f"{tt.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    def ticket(tt, tid, prio, requester, org, subject, desc):
        zendesk.add(tt, json.dumps({"type": "ticket.created", "ticket": {"id": tid, "created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "priority": prio,
                                                                        "requester": requester, "organization": org, "subject": subject,
                                                                        "description": desc}}, ensure_ascii=False))

    onset = stats["onset"]
    n_rej_947 = len([r for r in stats["rejected"] if r[0] < utc("2026-02-09 09:53:00") and r[3] == "KESSLER"])
    say(utc("2026-02-09 07:58:10"), "maren.vos", "morning. 7.15.0 after the 09:45 standup: EDI-233, CAT-418, QT-203, jackson-xml bump")
    say(REL_7150 - dt.timedelta(minutes=8), "joost.dewit", "syncing 7.15.0: EDI-233 (lines without an active listing rejected at once with 855 IR, no more waiting on the review queue), CAT-418 (feed files imported once the upload is done), QT-203, jackson-dataformat-xml 2.18.2")
    say(REL_7150 + dt.timedelta(minutes=4), "joost.dewit", "7.15.0 healthy, api and worker. the review queue is empty, the 'still being written' lines are CAT-418")
    say(onset + dt.timedelta(minutes=11), "alertmanager", "[FIRING:1] EdiPoLinesRejected ferrolink-market: more than 5 PO lines rejected (IR) in 10m")
    say(onset + dt.timedelta(minutes=14), "sanne.bakker", f"Hallberg Stahl purchasing on the phone: their SAP got an 855 with lines rejected, Kessler bearings they order every week ({ex[4]})")
    say(onset + dt.timedelta(minutes=17), "joost.dewit", f"'PO line rejected: no active listing for supplier part' since {onset.strftime('%H:%M')}, {n_rej_947} lines so far, nearly all KESSLER. that warning is EDI-233, from this morning's release. before 7.15.0 those lines went to the review queue")
    say(onset + dt.timedelta(minutes=21), "katarzyna.nowicka", "not only EDI: Kessler product pages answer 410 and RFQs refuse Kessler items. the listings are DELISTED in the db")
    say(onset + dt.timedelta(minutes=24), "maren.vos", "Kessler uploaded their weekly catalogue at 10:30 (CET), three files. the worker logged 'still being written' for them, that's CAT-418 from this release, and the BMEcat parser was bumped in it too. partial file?")
    say(onset + dt.timedelta(minutes=29), "joost.dewit", "runbook: listings missing after a feed = the supplier's export, ask them to resend; if it starts right after a deploy, roll back first. the SFTP log has all three uploads closed normally though (49.8, 51.2 and 28.5 MB)")
    say(onset + dt.timedelta(minutes=33), "sanne.bakker", "asked Kessler's e-commerce team to send the catalogue again")
    say(ROLLBACK - dt.timedelta(minutes=7), "joost.dewit", f"{len(buyers_rej)} buyers with rejected lines now. rolling back to 7.14.1 as the runbook says, then we look")
    say(ROLLBACK + dt.timedelta(minutes=2), "joost.dewit", "7.14.1 back (Argo history 87, auto-sync off). lines for Kessler now 'PO line held for review', so at least no more IRs to buyers. the listings are still delisted")
    say(ROLLBACK + dt.timedelta(minutes=13), "sanne.bakker", "Kessler's e-commerce manager: Ferrolink shows 13,912 of their 61,724 articles. they sent the catalogue in three files like every Monday since 2024, KESSLER_BMECAT_2026W07_1of3, 2of3, 3of3, and they won't resend before they know why")
    d1, d2, d3 = stats["delists"][KESSLER_PARTS[0][0]], stats["delists"][KESSLER_PARTS[1][0]], stats["delists"][KESSLER_PARTS[2][0]]
    say(ROLLBACK + dt.timedelta(minutes=19), "tiago.ferreira", f"found it: 'Full catalogue: delisted {d1[1]} listings of supplier KESSLER not in KESSLER_BMECAT_2026W07_1of3.xml' at {d1[0].strftime('%H:%M:%S')}, then {d2[1]} at 2of3 and {d3[1]} at 3of3. that's CAT-412, mine, Thursday: every T_NEW_CATALOG file is taken as the whole assortment. docs/suppliers/feeds.md tells suppliers over 50 MB to split into parts")
    say(ROLLBACK + dt.timedelta(minutes=22), "joost.dewit", "and CAT-412 went out in 7.14.0 on Thursday, so the rollback kept it. Sanne: tell Kessler not to resend, it would do the same. Tiago: delist only after the last part, against all parts, and a relist for what was delisted today")
    say(ROLLBACK + dt.timedelta(minutes=27), "katarzyna.nowicka", "who else splits: NORDA (2 parts, Tuesdays), VALTEC (4 parts, first Monday of the month). no split full catalogue came in between Thursday and this morning. Brixham's single file today delisted 9, as intended")
    say(FIX - dt.timedelta(minutes=24), "tiago.ferreira", "CAT-421 up for review: parts _NofM are collected in feed_part, the delist runs after the last part against the union; single files as before. plus catalogue:relist")
    say(FIX - dt.timedelta(minutes=3), "joost.dewit", "7.15.1 = 7.15.0 + CAT-421, auto-sync back on")
    say(RELIST + dt.timedelta(minutes=1), "tiago.ferreira", f"relist done: {relist_n} Kessler listings active again (incl. 7 discontinued ones that part 1 delisted, next Monday's catalogue will delist those properly). search is catching up")
    n_held = len(held_after)
    say(RELIST + dt.timedelta(minutes=9), "sanne.bakker", f"review queue: {n_held} Kessler lines from the rollback window, releasing them to Kessler now. the {len(rej_by_rollback)} lines rejected with IR between {onset.strftime('%H:%M')} and {ROLLBACK.strftime('%H:%M')} went back to {len(buyers_rej)} buyers' SAPs, we're calling them to send those lines again")
    say(RELIST + dt.timedelta(minutes=24), "joost.dewit", "postmortem Wednesday. runbook entry was wrong for this one (not the supplier's export), and a note in feeds.md")
    ticket(utc("2026-02-09 08:14:21"), 58112, "low", "Inés Calvo", "Tajo Foods S.A.", "Delivery address on invoice", "The invoice for FL-26-103877 shows our old delivery address in Toledo.")
    ticket(onset + dt.timedelta(minutes=19), 58131, "high", "Frank Kühne", "Hallberg Stahl AG", "855 rejects Kessler bearings",
           f"Our SAP received order responses with lines rejected (IR) for Kessler bearings, e.g. {ex[4]} on PO {ex[2]}. We order these weekly from your catalogue. Please check urgently, line 3 is down for maintenance tomorrow.")
    ticket(onset + dt.timedelta(minutes=28), 58134, "normal", "Birgit Haas", "Ostsee Papier GmbH", "Kessler gear motor no longer available",
           "The Kessler gear motors in our favourites show 'no longer available' since this morning. Our RFQ for three of them could not be sent.")
    ticket(onset + dt.timedelta(minutes=41), 58139, "high", "Dr. Uwe Kessler-Brandt", "Kessler Antriebstechnik GmbH", "Our articles have disappeared",
           "Since this morning most of our articles are no longer visible on Ferrolink. We uploaded our weekly catalogue at 10:30 as always (three files).")
    ticket(ROLLBACK + dt.timedelta(minutes=4), 58146, "normal", "Miguel Ortega", "Tajo Foods S.A.", "PunchOut cart lost items",
           "Items from Kessler were removed from our PunchOut cart when we returned it to Ariba.")
    ticket(utc("2026-02-09 12:20:05"), 58160, "low", "Petra Nováková", "Brno Automotive a.s.", "Quote PDF language", "Can the quote PDF be in Czech?")
    return [worker, api, ingress, sftp, as2log, pglog, argo, slack, zendesk], stats


def build(out_dir):
    rng = random.Random(70100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        D1, D2, D3 = stats["D"]
        assert utc("2026-02-09 09:35:00") < D1 < D2 < D3 < utc("2026-02-09 09:45:00"), stats["D"]
        assert D1 <= stats["onset"] < D1 + dt.timedelta(minutes=3), (D1, stats["onset"])
        assert len([r for r in stats["rejected"] if r[3] == "KESSLER"]) >= 60
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        ok_t, bad_t = stats["lines_ok"], stats["lines_bad"]

        def rate(series):
            def fn(t):
                return sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)
            return fn

        def kessler(t):
            if t < D1 or t >= RELIST:
                return KESSLER_ACTIVE_BEFORE
            if t < D2:
                return KESSLER_PARTS[0][1]
            if t < D3:
                return KESSLER_PARTS[1][1]
            return KESSLER_PARTS[2][1]

        metrics = {
            "market_edi_po_lines_5m.json": query_range([({"job": "market-worker", "outcome": "matched"}, rate(ok_t)),
                                                        ({"job": "market-worker", "outcome": "no_active_listing"}, rate(bad_t))], START, END, 60),
            "market_listings_active.json": query_range([({"job": "market-worker", "supplier": "KESSLER"}, kessler)], START, END, 60),
        }
        fmt = r'<Pod> <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s*: <Content>'
        d = {name: v for name, v in stats["delists"].items()}
        return write_scenario(
            out_dir, name="r70-bmecat-split-full-delist", service=SERVICE, onset=onset,
            description=f"""
Ferrolink's buyers cannot order most of Kessler Antriebstechnik's parts on
Monday 9 February: from {onset.strftime('%H:%M:%S')} UTC EDI purchase order lines for
Kessler parts are rejected ("PO line rejected: no active listing"),
product pages answer 410 and RFQs and PunchOut carts drop Kessler items.
ferrolink-market 7.15.0 had been synced at 08:57; it was rolled back to
7.14.1 at 10:34 without effect (the lines went to the review queue
instead). 7.15.1 went out at 11:52 and Kessler's listings were relisted
at 12:01.
""",
            logs=logs,
            line_formats={"market-worker.log": fmt, "market-api.log": fmt},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'Full catalogue: delisted .*listings of supplier .*not in'],
            fix_files=["src/main/kotlin/com/ferrolink/market/catalogue/FeedImporter.kt",
                       "src/main/kotlin/com/ferrolink/market/catalogue/ListingRepository.kt"],
            explanation=f"""
The culprit is CAT-412 "catalogue: delist listings missing from a full
catalogue" ({shas['culprit'][:7]}, Thursday 5 February 10:40 UTC, {hours:.1f} h before the
onset), shipped in 7.14.0 that afternoon. After a BMEcat T_NEW_CATALOG
file is imported, FeedImporter delists every active listing of the
supplier that is not in that file. docs/suppliers/feeds.md tells
suppliers with catalogues over 50 MB to split them into parts _1of3,
_2of3 ..., and Kessler's weekly catalogue arrives in three on Monday
morning: part 1 delisted {d[KESSLER_PARTS[0][0]][1]} listings at {d[KESSLER_PARTS[0][0]][0].strftime('%H:%M:%S')} ("Full catalogue: delisted
{d[KESSLER_PARTS[0][0]][1]} listings of supplier KESSLER not in KESSLER_BMECAT_2026W07_1of3.xml"),
part 2 {d[KESSLER_PARTS[1][0]][1]} (the bearings of part 1), part 3 {d[KESSLER_PARTS[2][0]][1]} (the drives of part 2),
leaving 13,912 of 61,724 listings active. PO lines, RFQ items, quote
acceptances and PunchOut carts for Kessler parts fail from then on. The
fix (CAT-421, 7.15.1) collects a split catalogue's parts and delists only
after the last one, against all of them, in FeedImporter.kt, with a relist
in ListingRepository.kt.
Decoys: release 7.15.0, {round((onset - REL_7150).total_seconds() / 60)} minutes before the onset (EDI-233, which
adds the very "PO line rejected: no active listing" warning; CAT-418 in
the culprit's file, whose "still being written" lines for Kessler's files
come just before the onset; QT-203; the jackson-dataformat-xml bump that
parses BMEcat), rolled back to 7.14.1 at 10:34, which holds the culprit,
so only the line's wording changes ("PO line held for review"); the
runbook commit that blames the supplier's export and says to roll back
first; Brixham's single-file full catalogue at 08:12, which delists 9
listings as intended; QT-188, QT-199, EDI-224; routine stock-file and
live-stock timeouts, AS2 MDN resends, SSH scanners and slow report
queries.
""",
        )
    finally:
        repo.close()
