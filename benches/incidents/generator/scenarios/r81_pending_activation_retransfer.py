"""pumphub (Kotlin, Spring Boot 3; OpenShift on the hospital's own cluster,
synced by Argo CD; a team of three in Clinical Informatics, Toronto time) is
Ashgrove Regional Health Centre's own glue around its 300 Aldana Veris smart
infusion pumps (258 Veris LVP large-volume pumps, 42 Veris SP syringe
pumps). The pumps talk over the clinical-device Wi-Fi to Veris Connect,
Aldana's device communication server (a Windows VM the vendor supports),
which holds their sessions, moves datasets to them, collects their event
logs and relays remote programs. pumphub decides which drug library each
care area runs and has Veris Connect send it (the library reconcile, every
two minutes), relays the EHR's bar-code auto-programming orders (IHE PIV,
RGV^O15 through the integration engine) to the pumps, pulls the pumps'
event logs for pharmacy's CQI reports and runs the nightly-and-morning
formulary sync that compares the pharmacy information system's products
with the library's entries.

A pump that receives a new library while it runs or waits for a patient
keeps it pending and activates it at its next power-up or when the nurse
accepts the install at a new patient; until then Veris Connect reports the
library as pending activation. The reconcile maps each pump to CURRENT
(runs the target), DELIVERED (holds it pending: nothing to send),
TRANSFERRING or NOT_CURRENT (send it). Veris Connect's API v2 called a
pending library DOWNLOADED; v3 calls it PENDING_ACTIVATION and v2 goes away
with Veris Connect 6.0 in May.

Thursday 26 March 2026, 15:47 EDT (19:47 UTC): PH-212 moves the device
list and the library status to API v3. The new mapping handles TRANSFERRING
and ACTIVE and sends everything else to NOT_CURRENT ("FAILED or unknown:
send it again"); the v2 branch for DOWNLOADED is gone and nothing maps
PENDING_ACTIVATION to DELIVERED. Its test covers ACTIVE and TRANSFERRING.
Shipped in 2.14.0 on Friday. Nothing shows while every pump runs v57 (the
library published on 18 March); a pump that comes back from biomed with an
old library gets v57, keeps it pending and is sent it again every few
minutes until the nurse installs it, which nobody notices.

Wednesday 1 April: at 13:20 EDT Maya deploys 2.15.0 (PH-231, which logs the
pump's active and pending library in the very "transfer queued" line;
PH-233, device listing 500 per page, in the culprit's file; PH-229 formulary
matching by DIN; PH-230, 1000 events per pull; Spring Boot 3.4.4). At 14:00
the weekly library, AGRHC-MASTER v58 (pharmacy's new norepinephrine 16
mg/250 mL concentration for the 4 mg vial shortage), is published. The
first round is as always: 32 transfers at a time, a few remote programs
rejected "pump busy" for ten minutes. It does not end: every pump that
received v58 and cannot install it yet (most of them infuse) is queued
again at the next reconcile, Veris Connect replaces the pending dataset
with the same one, its 40 workers stay busy with 32 transfers, and close to
a third of the bar-code auto-programming orders fail ("rejected by pump:
BUSY_DATASET_TRANSFER" or timed out after 30 s waiting for a worker) and
the nurses program by hand. The runbook (Monday) reads busy pumps as the
publish, timeouts as one unit's Wi-Fi and says to roll back after a release
or to ask pharmacy to roll back the library.

Arjun rolls back to 2.14.0 at 15:02 (the queued-transfer line loses its
states, nothing else changes); pharmacy declines to roll back v58 (every
pump would get v57 instead). Ben (clinical engineering) finds a 4W ICU pump
showing "New drug library received" again and again and Veris Connect's
transfer history for it; Maya reads "device holds ... pending activation,
replacing it" and the reconcile's "0 delivered", and recognises PH-212.
Distribution is paused at 15:41 (queued transfers cancelled; the failures
stop within two minutes); PH-236 (2.15.1) maps PENDING_ACTIVATION to
DELIVERED, deployed at 16:25, distribution resumed at 16:32: "0 not
current".

Sources: pumphub (logback, line format), Veris Connect (log4net, line
format), the pumps' event logs as pumphub archives them (JSON lines), the
integration engine's PIV and ADT routes (line format), Argo CD (logrus
text), #pumphub-oncall (Teams export, JSON lines), ServiceNow incidents
(JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario

SERVICE = "pumphub"
START, END = utc("2026-04-01 12:00:00"), utc("2026-04-01 21:30:00")
DEPLOY_2150 = utc("2026-04-01 17:20:40")
PUBLISH = utc("2026-04-01 18:00:04")
ROLLBACK = utc("2026-04-01 19:02:30")
PAUSE = utc("2026-04-01 19:41:10")
DEPLOY_2151 = utc("2026-04-01 20:25:20")
RESUME = utc("2026-04-01 20:32:05")
FORMULARY_RUN = utc("2026-04-01 12:30:00")

V56, V57, V58 = "AGRHC-MASTER v56", "AGRHC-MASTER v57", "AGRHC-MASTER v58"
SIZES = {V56: 2958848, V57: 2969600, V58: 2981376}
SIZES_SP = {V56: 1187840, V57: 1191936, V58: 1196032}
MAX_TRANSFERS = 32
WORKERS = 40

PKG = "src/main/kotlin/ca/ashgrove/pumphub"
TPKG = "src/test/kotlin/ca/ashgrove/pumphub"

# ---------------------------------------------------------------------------
# the repository

BUILD_GRADLE = """plugins {
    id("org.springframework.boot") version "3.4.3"
    id("io.spring.dependency-management") version "1.1.7"
    kotlin("jvm") version "2.1.10"
    kotlin("plugin.spring") version "2.1.10"
}

group = "ca.ashgrove"

java {
    toolchain { languageVersion = JavaLanguageVersion.of(21) }
}

repositories {
    maven { url = uri("https://nexus.ashgrove.local/repository/maven-public/") }
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("ca.uhn.hapi:hapi-structures-v26:2.5.1")
    implementation("org.jetbrains.kotlin:kotlin-reflect")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.jetbrains.kotlin:kotlin-test-junit5")
}

tasks.withType<Test> { useJUnitPlatform() }

springBoot { buildInfo() }
"""

PCE_MODELS_V2 = """package ca.ashgrove.pumphub.pce

import java.time.Instant

/** Veris Connect REST API v2, GET /api/v2/devices (one page). */
data class PceDevicePage(val items: List<PceDevice>, val page: Int, val totalPages: Int)

data class PceDevice(
    val serial: String,
    val model: String,              // "Veris LVP", "Veris SP"
    val firmware: String,
    val careArea: String?,
    val connected: Boolean,
    val accessPoint: String?,
    val activeDataset: String?,
    val pendingDataset: String?,
    val datasetStatus: String,      // ACTIVE, DOWNLOADING, DOWNLOADED, FAILED
    val lastSeen: Instant?,
)

data class PceTransfer(val id: Long, val serial: String, val dataset: String, val state: String)

data class PceJob(val id: Long, val serial: String, val type: String, val state: String, val detail: String?)
"""

PCE_MODELS_V3 = """package ca.ashgrove.pumphub.pce

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue
import java.time.Instant

/** Veris Connect REST API v3, GET /api/v3/devices (cursor pages). v2 is removed in Veris Connect 6.0. */
data class PceDevicePage(val items: List<PceDevice>, val nextCursor: String?)

data class PceDevice(
    val serial: String,
    val model: String,              // "Veris LVP", "Veris SP"
    val firmware: String,
    val careArea: String?,
    val connection: PceConnection,
    val library: PceDeviceLibrary,
)

data class PceConnection(val state: PceConnectionState, val accessPoint: String?, val lastSeen: Instant?)

enum class PceConnectionState { CONNECTED, DISCONNECTED, @JsonEnumDefaultValue UNKNOWN }

data class PceDeviceLibrary(val state: PceLibraryState, val active: PceDataset?, val pending: PceDataset?)

data class PceDataset(val name: String, val crc: String, val receivedAt: Instant?)

enum class PceLibraryState { ACTIVE, PENDING_ACTIVATION, TRANSFERRING, FAILED, @JsonEnumDefaultValue UNKNOWN }

data class PceTransfer(val id: Long, val serial: String, val dataset: String, val state: String)

data class PceJob(val id: Long, val serial: String, val type: String, val state: String, val detail: String?)
"""

PCE_CLIENT_V2 = """package ca.ashgrove.pumphub.pce

import ca.ashgrove.pumphub.library.LibraryDataset
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClient
import org.springframework.web.client.body

@Component
class PceDeviceClient(builder: RestClient.Builder, props: PceProperties) {
    private val http = builder
        .baseUrl(props.baseUrl)
        .defaultHeader("X-Api-Key", props.apiKey)
        .build()

    fun listDevices(): List<PceDevice> {
        val devices = mutableListOf<PceDevice>()
        var page = 0
        do {
            val body = http.get().uri("/api/v2/devices?page={page}&size=200", page).retrieve().body<PceDevicePage>()!!
            devices += body.items
            page++
        } while (page < body.totalPages)
        return devices
    }

    fun startTransfer(serial: String, dataset: LibraryDataset): PceTransfer =
        http.post().uri("/api/v2/devices/{serial}/dataset-transfers", serial)
            .body(mapOf("datasetId" to dataset.pceId))
            .retrieve().body<PceTransfer>()!!

    fun transfer(id: Long): PceTransfer =
        http.get().uri("/api/v2/dataset-transfers/{id}", id).retrieve().body<PceTransfer>()!!

    fun cancelTransfer(id: Long) {
        http.delete().uri("/api/v2/dataset-transfers/{id}", id).retrieve().toBodilessEntity()
    }

    fun remoteProgram(serial: String, channel: String, program: Map<String, Any>): PceJob =
        http.post().uri("/api/v2/devices/{serial}/channels/{channel}/remote-program", serial, channel)
            .body(program)
            .retrieve().body<PceJob>()!!

    fun job(id: Long): PceJob = http.get().uri("/api/v2/jobs/{id}", id).retrieve().body<PceJob>()!!
}
"""

LIBRARY_STATUS_V2 = """package ca.ashgrove.pumphub.library

import ca.ashgrove.pumphub.pce.PceDevice

/** Where a pump stands against the library its care area should run. */
enum class LibraryStatus {
    CURRENT, DELIVERED, TRANSFERRING, NOT_CURRENT, OFFLINE;

    companion object {
        /**
         * CURRENT: the pump runs the target library.
         * DELIVERED: the pump holds the target and activates it at its next
         * power-up or new patient; there is nothing to send.
         * TRANSFERRING: Veris Connect is sending it.
         * NOT_CURRENT: send it.
         */
        fun of(device: PceDevice, target: String): LibraryStatus {
            if (!device.connected) return OFFLINE
            return when (device.datasetStatus) {
                "DOWNLOADING" -> TRANSFERRING
                "DOWNLOADED" -> if (device.pendingDataset == target) DELIVERED else NOT_CURRENT
                "ACTIVE" -> if (device.activeDataset == target) CURRENT else NOT_CURRENT
                else -> NOT_CURRENT
            }
        }
    }
}
"""

LIBRARY_STATUS_TEST_V2 = """package ca.ashgrove.pumphub.library

import ca.ashgrove.pumphub.pce.PceDevice
import kotlin.test.Test
import kotlin.test.assertEquals

class LibraryStatusTest {
    private fun pump(status: String, active: String?, pending: String? = null, connected: Boolean = true) =
        PceDevice("31A0001", "Veris LVP", "4.12.2", "ICU", connected, "4W-AP01", active, pending, status, null)

    @Test fun `runs the target`() = assertEquals(LibraryStatus.CURRENT, LibraryStatus.of(pump("ACTIVE", "AGRHC-MASTER v57"), "AGRHC-MASTER v57"))
    @Test fun `runs an older library`() = assertEquals(LibraryStatus.NOT_CURRENT, LibraryStatus.of(pump("ACTIVE", "AGRHC-MASTER v56"), "AGRHC-MASTER v57"))
    @Test fun `holds the target pending`() = assertEquals(LibraryStatus.DELIVERED, LibraryStatus.of(pump("DOWNLOADED", "AGRHC-MASTER v56", "AGRHC-MASTER v57"), "AGRHC-MASTER v57"))
    @Test fun `downloading`() = assertEquals(LibraryStatus.TRANSFERRING, LibraryStatus.of(pump("DOWNLOADING", "AGRHC-MASTER v56"), "AGRHC-MASTER v57"))
    @Test fun `offline`() = assertEquals(LibraryStatus.OFFLINE, LibraryStatus.of(pump("ACTIVE", "AGRHC-MASTER v56", connected = false), "AGRHC-MASTER v57"))
}
"""

RECONCILER = """package ca.ashgrove.pumphub.library

import ca.ashgrove.pumphub.pce.PceDeviceClient
import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import java.util.EnumMap

/** Every two minutes: which pumps need their care area's library, and have Veris Connect send it. */
@Component
class LibraryReconciler(
    private val pce: PceDeviceClient,
    private val targets: LibraryTargets,
    private val transfers: TransferRepository,
    private val distribution: DistributionSwitch,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(fixedDelayString = "\\${pumphub.library.reconcile-interval}")
    fun reconcile() {
        if (distribution.paused) {
            log.info("Library distribution paused since {} by {}; reconcile skipped", distribution.since, distribution.by)
            return
        }
        transfers.closeFinished(pce)
        val devices = pce.listDevices()
        val counts = EnumMap<LibraryStatus, Int>(LibraryStatus::class.java)
        var queued = 0
        for (device in devices) {
            val target = targets.forCareArea(device.careArea) ?: continue
            val status = LibraryStatus.of(device, target.name)
            counts.merge(status, 1, Int::plus)
            if (status == LibraryStatus.NOT_CURRENT && !transfers.isOpen(device.serial)) {
                transfers.open(device.serial, pce.startTransfer(device.serial, target))
                log.info("Queued library transfer {} to {} ({})", target.name, device.serial, device.careArea)
                queued++
            }
        }
        log.info(
            "Library reconcile: {} pumps, {} current, {} delivered, {} transferring, {} not current, {} offline; {} transfers queued, {} open",
            devices.size, counts[LibraryStatus.CURRENT] ?: 0, counts[LibraryStatus.DELIVERED] ?: 0,
            counts[LibraryStatus.TRANSFERRING] ?: 0, counts[LibraryStatus.NOT_CURRENT] ?: 0,
            counts[LibraryStatus.OFFLINE] ?: 0, queued, transfers.openCount(),
        )
    }
}
"""

FORMULARY_SYNC = """package ca.ashgrove.pumphub.formulary

import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/**
 * Compares the pharmacy information system's IV products (the PIS export) with
 * the drug library's entries and writes the discrepancy report the drug
 * library pharmacist reviews before each weekly library. Changes nothing in
 * the library itself: pharmacists build it in the Veris Library Editor.
 */
@Component
class FormularySync(
    private val pis: PisExportReader,
    private val library: LibraryEntries,
    private val map: FormularyMap,
    private val report: DiscrepancyReport,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(cron = "\\${pumphub.formulary.cron}", zone = "America/Toronto")
    fun run() {
        val products = pis.ivProducts()
        val entries = library.current()
        val unmatched = products.filter { p -> map.entryFor(p) == null && entries.none { it.genericName.equals(p.genericName, ignoreCase = true) } }
        report.write(products, entries, unmatched)
        log.info("Formulary sync: {} PIS IV products, {} library entries; {} products without a library entry", products.size, entries.size, unmatched.size)
    }
}
"""

APPLICATION_YML = """server:
  port: 8080
spring:
  application:
    name: pumphub
  datasource:
    url: jdbc:postgresql://pumphub-db.clinical.svc:5432/pumphub
    username: pumphub
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus

pumphub:
  pce:
    base-url: https://veris-connect.ashgrove.local:8443
    api: v2
    timeout: 10s
  library:
    reconcile-interval: 120000
    editor-export: /mnt/library-exports
  autoprog:
    confirm-timeout: 30s
  events:
    pull-interval: 30000
    batch-size: 500
  formulary:
    pis-export: /mnt/pis/iv-formulary.csv
    map: config/formulary-map.yaml
    cron: "0 30 8 * * *"
"""

FORMULARY_MAP = """# PIS product code -> Veris library entry, where the generic names differ.
# Owner: drug library pharmacist (H. Kowalczyk). Reviewed with each weekly library.
HEPA25250: "Heparin 25,000 units/250 mL"
INSREG100: "Insulin regular 100 units/100 mL"
NOREPI4: "Norepinephrine 4 mg/250 mL"
PROP1G100: "Propofol 1,000 mg/100 mL"
VANCO1G: "Vancomycin 1 g/250 mL"
"""

VALUES_PROD = """image:
  repository: registry.ashgrove.local/clinical/pumphub
  tag: "2.13.2"
replicas: 1          # one reconcile at a time; the scheduler is not clustered
resources:
  requests: { cpu: 250m, memory: 768Mi }
  limits: { memory: 768Mi }
env:
  SPRING_PROFILES_ACTIVE: prod
  PUMPHUB_PCE_BASE_URL: https://veris-connect.ashgrove.local:8443
secrets:
  - pumphub-db
  - pumphub-veris-api-key
"""

GITLAB_CI = """stages: [test, build, release]

test:
  stage: test
  image: eclipse-temurin:21-jdk
  script:
    - ./gradlew test

build:
  stage: build
  image: eclipse-temurin:21-jdk
  script:
    - ./gradlew bootBuildImage --imageName=registry.ashgrove.local/clinical/pumphub:$CI_COMMIT_SHORT_SHA
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

release:
  stage: release
  image: alpine/git
  script:
    - ./scripts/bump-values.sh "$CI_COMMIT_TAG"
  rules:
    - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/
"""

RUNBOOK = """# pumphub runbook

Owner: Clinical Informatics, #pumphub-oncall. Veris Connect is Aldana's
server (vendor support 1-888-555-0142, contract AGR-2291); clinical
engineering (biomed) owns the pumps.

## Library distribution

The weekly library is published on Wednesdays at 14:00 (pharmacy approves
it the day before in the Veris Library Editor). Pumps receive it over
Wi-Fi and install it at their next power-up or new patient.
`POST /admin/library/distribution/pause` stops the reconcile and cancels
queued transfers; `.../resume` starts it again.

## Pumps offline

A pump is offline when Veris Connect has no session with it. Pumps in clean
utility are switched off; check the unit's Wi-Fi with #wireless.
"""

RUNBOOK_AUTOPROG = """
## Auto-programming failures

Alert "Auto-program failure rate" fires above 10 % over 10 minutes.

- "rejected by pump: BUSY_DATASET_TRANSFER": the pump is receiving a
  library. Expected for 10-15 minutes after the Wednesday publish; the
  nurse programs by hand.
- "timed out after 30000 ms": the pump did not confirm in time. On one unit
  this is the unit's Wi-Fi coverage: ask #wireless for its access points.
- If failures start after a pumphub release, roll back first (Argo CD >
  pumphub > History and rollback) and tell #pumphub-oncall.
- If pumps misbehave after a library publish, call the drug library
  pharmacist: pharmacy can republish the previous library.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    maya = Person("Maya Lindqvist", "maya.lindqvist@ashgrovehealth.ca", -240)
    arjun = Person("Arjun Sethi", "arjun.sethi@ashgrovehealth.ca", -240)
    chloe = Person("Chloé Tremblay", "chloe.tremblay@ashgrovehealth.ca", -240)
    ben = Person("Ben Okafor", "ben.okafor@ashgrovehealth.ca", -240)
    hannah = Person("Hannah Kowalczyk", "hannah.kowalczyk@ashgrovehealth.ca", -240)
    bot = Person("renovate[bot]", "renovate@ashgrove.local", 0)
    files = {
        "settings.gradle.kts": 'rootProject.name = "pumphub"\n',
        "gradle.properties": "version=2.13.2\nkotlin.code.style=official\n",
        "build.gradle.kts": BUILD_GRADLE,
        f"{PKG}/PumphubApplication.kt": "package ca.ashgrove.pumphub\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.context.properties.ConfigurationPropertiesScan\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\n@ConfigurationPropertiesScan\nclass PumphubApplication\n\nfun main(args: Array<String>) {\n    runApplication<PumphubApplication>(*args)\n}\n",
        f"{PKG}/pce/PceModels.kt": PCE_MODELS_V2,
        f"{PKG}/pce/PceDeviceClient.kt": PCE_CLIENT_V2,
        f"{PKG}/pce/PceProperties.kt": "package ca.ashgrove.pumphub.pce\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\nimport java.time.Duration\n\n@ConfigurationProperties(\"pumphub.pce\")\ndata class PceProperties(val baseUrl: String, val apiKey: String, val api: String = \"v2\", val timeout: Duration = Duration.ofSeconds(10))\n",
        f"{PKG}/library/LibraryStatus.kt": LIBRARY_STATUS_V2,
        f"{PKG}/library/LibraryReconciler.kt": RECONCILER,
        f"{PKG}/library/DistributionSwitch.kt": "package ca.ashgrove.pumphub.library\n\nimport org.springframework.jdbc.core.simple.JdbcClient\nimport org.springframework.stereotype.Component\nimport java.time.Instant\n\n/**\n * Admin pause for library distribution (POST /admin/library/distribution/pause | resume),\n * kept in the distribution_state table so that a restart or a rollback does not resume it.\n */\n@Component\nclass DistributionSwitch(private val db: JdbcClient) {\n    val paused: Boolean get() = state().paused\n    val since: Instant? get() = state().since\n    val by: String? get() = state().by\n\n    fun pause(user: String) = db.sql(\"update distribution_state set paused = true, since = now(), by_user = :u\").param(\"u\", user).update()\n    fun resume() = db.sql(\"update distribution_state set paused = false, since = null, by_user = null\").update()\n\n    private fun state() = db.sql(\"select paused, since, by_user from distribution_state\")\n        .query { rs, _ -> State(rs.getBoolean(1), rs.getTimestamp(2)?.toInstant(), rs.getString(3)) }.single()\n\n    private data class State(val paused: Boolean, val since: Instant?, val by: String?)\n}\n",
        f"{PKG}/autoprog/AutoProgramService.kt": "package ca.ashgrove.pumphub.autoprog\n\nimport ca.ashgrove.pumphub.pce.PceDeviceClient\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Service\nimport java.time.Duration\n\n/** RGV^O15 from the integration engine -> Veris Connect remote program -> the pump's confirmation. */\n@Service\nclass AutoProgramService(private val pce: PceDeviceClient, private val props: AutoProgramProperties) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun program(order: PivOrder): PivResult {\n        val job = pce.remoteProgram(order.pumpSerial, order.channel, order.toVerisProgram())\n        val done = JobWaiter(pce).await(job.id, props.confirmTimeout)\n        return when {\n            done == null -> PivResult.error(\"timed out after ${props.confirmTimeout.toMillis()} ms\")\n            done.state == \"CONFIRMED\" -> PivResult.ok()\n            else -> PivResult.error(\"rejected by pump: ${done.detail}\")\n        }\n    }\n}\n\ndata class AutoProgramProperties(val confirmTimeout: Duration = Duration.ofSeconds(30))\n",
        f"{PKG}/events/PumpEventCollector.kt": "package ca.ashgrove.pumphub.events\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.scheduling.annotation.Scheduled\nimport org.springframework.stereotype.Component\n\n/** Pulls the pumps' event logs from Veris Connect into the CQI archive. */\n@Component\nclass PumpEventCollector(private val source: VerisEventSource, private val archive: EventArchive) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    @Scheduled(fixedDelayString = \"\\${pumphub.events.pull-interval}\")\n    fun pull() {\n        val batch = source.since(archive.cursor())\n        archive.append(batch.events)\n        log.info(\"Pulled {} pump events from Veris Connect (cursor {})\", batch.events.size, batch.cursor)\n    }\n}\n",
        f"{PKG}/formulary/FormularySync.kt": FORMULARY_SYNC,
        f"{TPKG}/library/LibraryStatusTest.kt": LIBRARY_STATUS_TEST_V2,
        "src/main/resources/application.yml": APPLICATION_YML,
        "config/formulary-map.yaml": FORMULARY_MAP,
        "deploy/helm/pumphub/values-prod.yaml": VALUES_PROD,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# pumphub\n\nAshgrove Regional Health Centre's glue around the Aldana Veris infusion\npumps and Veris Connect: drug library distribution by care area, bar-code\nauto-programming (IHE PIV from the EHR through the integration engine),\nthe pumps' event logs for pharmacy's CQI reports, and the formulary sync\nthat checks the pharmacy information system's IV products against the\nlibrary.\n\nReleases are tags `vX.Y.Z`; Argo CD syncs `deploy/helm/pumphub` to the\n`clinical` namespace of ocp-prod. See `docs/runbook.md`.\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.13.2\n\n- PH-201 RGV^O15 with a weight-based dose: send the patient weight\n",
    }
    repo.commit(utc("2026-03-23 13:40:00"), maya, "pumphub 2.13.2", files)
    repo.schedule([
        (utc("2026-03-24 14:30:10"), arjun, "Add .editorconfig",
         lambda r: {".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n\n[*.{yml,yaml}]\nindent_size = 2\n"}),
        (utc("2026-03-27 15:20:00"), bot, "Update plugin org.jetbrains.kotlin.jvm to v2.1.20",
         lambda r: {"build.gradle.kts": r.files["build.gradle.kts"].replace('kotlin("jvm") version "2.1.10"', 'kotlin("jvm") version "2.1.20"').replace('kotlin("plugin.spring") version "2.1.10"', 'kotlin("plugin.spring") version "2.1.20"')}),
        (utc("2026-03-31 20:12:00"), chloe, "CODEOWNERS: pharmacy reviews config/formulary-map.yaml",
         lambda r: {".gitlab/CODEOWNERS": "* @clinical-informatics/pumphub\n/config/formulary-map.yaml @pharmacy/drug-library\n/deploy/ @clinical-informatics/pumphub @platform/openshift\n"}),
    ])
    repo.commit(utc("2026-03-23 18:05:00"), chloe, "formulary: count PIS products with no library entry (PH-205)", {
        f"{PKG}/formulary/FormularySync.kt": sub(repo.files[f"{PKG}/formulary/FormularySync.kt"],
                                                  "        report.write(products, entries, unmatched)\n",
                                                  "        report.write(products, entries, unmatched)\n        unmatched.take(10).forEach { log.info(\"PIS product {} ({}) has no library entry\", it.code, it.description) }\n"),
    })
    repo.commit(utc("2026-03-24 19:15:00"), arjun, "events: keep the last event sequence per pump (PH-208)\n\nA pump that reconnects after a day in clean utility uploads its whole\nbuffer; the archive kept duplicates.", {
        f"{PKG}/events/PumpEventCollector.kt": sub(repo.files[f"{PKG}/events/PumpEventCollector.kt"],
                                                    "        archive.append(batch.events)\n",
                                                    "        archive.append(batch.events.filter { it.seq > archive.lastSeq(it.serial) })\n"),
    })
    repo.commit(utc("2026-03-25 15:00:00"), hannah, "formulary: PIS NOREPI16 is the library's norepinephrine 16 mg/250 mL (PH-210)\n\nThe 4 mg/4 mL vials are short until June; ICU and CCU move to the double\nconcentration with library v58.", {
        "config/formulary-map.yaml": repo.files["config/formulary-map.yaml"].replace('NOREPI4: "Norepinephrine 4 mg/250 mL"\n', 'NOREPI4: "Norepinephrine 4 mg/250 mL"\nNOREPI16: "Norepinephrine 16 mg/250 mL"\n'),
    })
    # the culprit: API v3, and PENDING_ACTIVATION falls into the else branch
    culprit = repo.commit(utc("2026-03-26 19:47:00"), maya, "pce: device list and library status from Veris Connect API v3 (PH-212)\n\nVeris Connect 6.0 (May) removes the v2 device endpoints. v3 pages with a\ncursor and reports the connection and the library as objects.", {
        f"{PKG}/pce/PceModels.kt": PCE_MODELS_V3,
        f"{PKG}/pce/PceDeviceClient.kt": sub(PCE_CLIENT_V2,
                                             "        val devices = mutableListOf<PceDevice>()\n        var page = 0\n        do {\n            val body = http.get().uri(\"/api/v2/devices?page={page}&size=200\", page).retrieve().body<PceDevicePage>()!!\n            devices += body.items\n            page++\n        } while (page < body.totalPages)\n        return devices\n",
                                             "        val devices = mutableListOf<PceDevice>()\n        var cursor: String? = null\n        do {\n            val body = http.get().uri(\"/api/v3/devices?limit=200&cursor={cursor}\", cursor ?: \"\").retrieve().body<PceDevicePage>()!!\n            devices += body.items\n            cursor = body.nextCursor\n        } while (cursor != null)\n        return devices\n"),
        f"{PKG}/library/LibraryStatus.kt": sub(LIBRARY_STATUS_V2,
                                               "import ca.ashgrove.pumphub.pce.PceDevice\n",
                                               "import ca.ashgrove.pumphub.pce.PceConnectionState\nimport ca.ashgrove.pumphub.pce.PceDevice\nimport ca.ashgrove.pumphub.pce.PceLibraryState\n",
                                               "            if (!device.connected) return OFFLINE\n            return when (device.datasetStatus) {\n                \"DOWNLOADING\" -> TRANSFERRING\n                \"DOWNLOADED\" -> if (device.pendingDataset == target) DELIVERED else NOT_CURRENT\n                \"ACTIVE\" -> if (device.activeDataset == target) CURRENT else NOT_CURRENT\n                else -> NOT_CURRENT\n            }\n",
                                               "            if (device.connection.state != PceConnectionState.CONNECTED) return OFFLINE\n            val library = device.library\n            return when (library.state) {\n                PceLibraryState.TRANSFERRING -> TRANSFERRING\n                PceLibraryState.ACTIVE -> if (library.active?.name == target) CURRENT else NOT_CURRENT\n                else -> NOT_CURRENT   // FAILED or unknown: send it again\n            }\n"),
        f"{TPKG}/library/LibraryStatusTest.kt": """package ca.ashgrove.pumphub.library

import ca.ashgrove.pumphub.pce.PceConnection
import ca.ashgrove.pumphub.pce.PceConnectionState
import ca.ashgrove.pumphub.pce.PceDataset
import ca.ashgrove.pumphub.pce.PceDevice
import ca.ashgrove.pumphub.pce.PceDeviceLibrary
import ca.ashgrove.pumphub.pce.PceLibraryState
import kotlin.test.Test
import kotlin.test.assertEquals

class LibraryStatusTest {
    private fun pump(state: PceLibraryState, active: String?, connected: Boolean = true) = PceDevice(
        "31A0001", "Veris LVP", "4.12.2", "ICU",
        PceConnection(if (connected) PceConnectionState.CONNECTED else PceConnectionState.DISCONNECTED, "4W-AP01", null),
        PceDeviceLibrary(state, active?.let { PceDataset(it, "00000000", null) }, null),
    )

    @Test fun `runs the target`() = assertEquals(LibraryStatus.CURRENT, LibraryStatus.of(pump(PceLibraryState.ACTIVE, "AGRHC-MASTER v57"), "AGRHC-MASTER v57"))
    @Test fun `runs an older library`() = assertEquals(LibraryStatus.NOT_CURRENT, LibraryStatus.of(pump(PceLibraryState.ACTIVE, "AGRHC-MASTER v56"), "AGRHC-MASTER v57"))
    @Test fun `transferring`() = assertEquals(LibraryStatus.TRANSFERRING, LibraryStatus.of(pump(PceLibraryState.TRANSFERRING, "AGRHC-MASTER v56"), "AGRHC-MASTER v57"))
    @Test fun `failed transfer is sent again`() = assertEquals(LibraryStatus.NOT_CURRENT, LibraryStatus.of(pump(PceLibraryState.FAILED, "AGRHC-MASTER v56"), "AGRHC-MASTER v57"))
    @Test fun `offline`() = assertEquals(LibraryStatus.OFFLINE, LibraryStatus.of(pump(PceLibraryState.ACTIVE, "AGRHC-MASTER v56", connected = false), "AGRHC-MASTER v57"))
}
""",
        "src/main/resources/application.yml": sub(APPLICATION_YML, "    api: v2\n", "    api: v3\n"),
    })
    rel2140 = repo.commit(utc("2026-03-27 13:05:00"), maya, "release 2.14.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "version=2.13.2", "version=2.14.0"),
        "deploy/helm/pumphub/values-prod.yaml": sub(repo.files["deploy/helm/pumphub/values-prod.yaml"], 'tag: "2.13.2"', 'tag: "2.14.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.14.0\n\n- PH-212 Veris Connect API v3 for the device list and library status\n- PH-208 no duplicate events after a long disconnect\n- PH-205 discrepancy report lists unmatched PIS products\n- PH-210 NOREPI16 mapping\n",
    })
    repo.commit(utc("2026-03-30 14:40:00"), ben, "runbook: auto-programming failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_AUTOPROG,
    })
    repo.commit(utc("2026-03-30 18:10:00"), chloe, "formulary: match PIS products by DIN and concentration (PH-229)\n\nGeneric names differ for a third of the premixed bags (\"in D5W\",\n\"premix\"); the DIN and the concentration do not.", {
        f"{PKG}/formulary/FormularySync.kt": sub(repo.files[f"{PKG}/formulary/FormularySync.kt"],
                                                  "        val unmatched = products.filter { p -> map.entryFor(p) == null && entries.none { it.genericName.equals(p.genericName, ignoreCase = true) } }\n",
                                                  "        val unmatched = products.filter { p ->\n            map.entryFor(p) == null && entries.none { e ->\n                (e.din != null && e.din == p.din && e.concentration == p.concentration) ||\n                    e.genericName.equals(p.genericName, ignoreCase = true)\n            }\n        }\n"),
    })
    repo.commit(utc("2026-03-31 19:30:00"), arjun, "pce: list devices 500 at a time (PH-233)\n\nVeris Connect allows 500 per page; two requests instead of two hundred\nevery reconcile once the new LVPs arrive.", {
        f"{PKG}/pce/PceDeviceClient.kt": sub(repo.files[f"{PKG}/pce/PceDeviceClient.kt"], "/api/v3/devices?limit=200&cursor={cursor}", "/api/v3/devices?limit=500&cursor={cursor}"),
    })
    repo.commit(utc("2026-03-31 21:10:00"), bot, "Update dependency org.springframework.boot to v3.4.4", {
        "build.gradle.kts": repo.files["build.gradle.kts"].replace('id("org.springframework.boot") version "3.4.3"', 'id("org.springframework.boot") version "3.4.4"'),
    })
    repo.commit(utc("2026-04-01 13:05:00"), arjun, "events: pull 1000 events per request (PH-230)", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    batch-size: 500\n", "    batch-size: 1000\n"),
    })
    repo.commit(utc("2026-04-01 14:20:00"), maya, "library: log the pump's active and pending library when a transfer is queued (PH-231)\n\nBiomed asks which library a pump had when we sent it a new one.", {
        f"{PKG}/library/LibraryReconciler.kt": sub(repo.files[f"{PKG}/library/LibraryReconciler.kt"],
                                                    "                log.info(\"Queued library transfer {} to {} ({})\", target.name, device.serial, device.careArea)\n",
                                                    "                log.info(\n                    \"Library not current on {} ({}): active {}, pending {}, state {}; transfer queued\",\n                    device.serial, device.careArea, device.library.active?.name ?: \"none\",\n                    device.library.pending?.name ?: \"none\", device.library.state,\n                )\n"),
    })
    rel2150 = repo.commit(utc("2026-04-01 16:55:00"), maya, "release 2.15.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "version=2.14.0", "version=2.15.0"),
        "deploy/helm/pumphub/values-prod.yaml": sub(repo.files["deploy/helm/pumphub/values-prod.yaml"], 'tag: "2.14.0"', 'tag: "2.15.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.15.0\n\n- PH-231 active and pending library in the transfer log\n- PH-233 device list 500 per page\n- PH-229 formulary matching by DIN and concentration\n- PH-230 1000 events per pull\n- Spring Boot 3.4.4\n",
    })
    fix = repo.commit(utc("2026-04-01 19:58:00"), maya, "library: a library pending activation is delivered (PH-236)\n\nAPI v3 calls v2's DOWNLOADED PENDING_ACTIVATION; PH-212 let it fall into\nthe else branch, so every pump holding the target pending was sent it\nagain at each reconcile.", {
        f"{PKG}/library/LibraryStatus.kt": sub(repo.files[f"{PKG}/library/LibraryStatus.kt"],
                                               "                PceLibraryState.ACTIVE -> if (library.active?.name == target) CURRENT else NOT_CURRENT\n",
                                               "                PceLibraryState.ACTIVE -> if (library.active?.name == target) CURRENT else NOT_CURRENT\n                PceLibraryState.PENDING_ACTIVATION -> if (library.pending?.name == target) DELIVERED else NOT_CURRENT\n"),
        f"{TPKG}/library/LibraryStatusTest.kt": sub(repo.files[f"{TPKG}/library/LibraryStatusTest.kt"],
                                                    "    private fun pump(state: PceLibraryState, active: String?, connected: Boolean = true) = PceDevice(\n",
                                                    "    private fun pump(state: PceLibraryState, active: String?, connected: Boolean = true, pending: String? = null) = PceDevice(\n",
                                                    "        PceDeviceLibrary(state, active?.let { PceDataset(it, \"00000000\", null) }, null),\n",
                                                    "        PceDeviceLibrary(state, active?.let { PceDataset(it, \"00000000\", null) }, pending?.let { PceDataset(it, \"00000000\", null) }),\n",
                                                    "    @Test fun `offline`()",
                                                    "    @Test fun `holds the target pending`() = assertEquals(LibraryStatus.DELIVERED, LibraryStatus.of(pump(PceLibraryState.PENDING_ACTIVATION, \"AGRHC-MASTER v56\", pending = \"AGRHC-MASTER v57\"), \"AGRHC-MASTER v57\"))\n    @Test fun `holds an older library pending`() = assertEquals(LibraryStatus.NOT_CURRENT, LibraryStatus.of(pump(PceLibraryState.PENDING_ACTIVATION, \"AGRHC-MASTER v55\", pending = \"AGRHC-MASTER v56\"), \"AGRHC-MASTER v57\"))\n    @Test fun `offline`()"),
    })
    rel2151 = repo.commit(utc("2026-04-01 20:08:00"), maya, "release 2.15.1", {
        "gradle.properties": sub(repo.files["gradle.properties"], "version=2.15.0", "version=2.15.1"),
        "deploy/helm/pumphub/values-prod.yaml": sub(repo.files["deploy/helm/pumphub/values-prod.yaml"], 'tag: "2.15.0"', 'tag: "2.15.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.15.1\n\n- PH-236 a library pending activation counts as delivered\n",
    })
    repo.commit(utc("2026-04-01 21:05:00"), ben, "runbook: a pump that receives the same library again and again", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## The same library sent again\n\nVeris Connect's \"device holds ... pending activation, replacing it\" means\nwe sent a pump the library it already holds. Pause distribution first; a\nlibrary rollback by pharmacy would send every pump the previous one.\n",
    })
    return repo, {"culprit": culprit, "rel2140": rel2140, "rel2150": rel2150, "rel2151": rel2151, "fix": fix}


# ---------------------------------------------------------------------------
# the logs

# unit, care area, LVPs, SPs, AP prefix, APs, share of online pumps infusing
UNITS = [
    ("4W ICU", "ICU", 44, 20, "4W", 8, 0.85),
    ("4E CCU", "ICU", 26, 8, "4E", 6, 0.8),
    ("5N Medicine", "MED-SURG", 30, 0, "5N", 6, 0.6),
    ("5S Surgery", "MED-SURG", 28, 0, "5S", 6, 0.55),
    ("6N Oncology", "ONC", 34, 0, "6N", 6, 0.7),
    ("6S Medicine", "MED-SURG", 24, 0, "6S", 5, 0.55),
    ("7W Paediatrics", "PEDS", 18, 10, "7W", 4, 0.6),
    ("3 PACU", "PACU", 20, 4, "3P", 4, 0.5),
    ("2 Emergency", "ED", 22, 0, "2ED", 6, 0.45),
    ("1 Birthing", "OB", 12, 0, "1B", 3, 0.5),
]
DRUGS = {
    "ICU": [("Norepinephrine", "4 mg/250 mL", "mcg/min", (2, 30)), ("Propofol", "1,000 mg/100 mL", "mcg/kg/min", (10, 60)),
            ("Heparin", "25,000 units/250 mL", "units/h", (600, 1800)), ("Insulin regular", "100 units/100 mL", "units/h", (1, 12)),
            ("Fentanyl", "1,000 mcg/100 mL", "mcg/h", (25, 200)), ("Vasopressin", "20 units/100 mL", "units/min", (0.03, 0.04)),
            ("Dexmedetomidine", "400 mcg/100 mL", "mcg/kg/h", (0.2, 1.2)), ("Vancomycin", "1 g/250 mL", "mL/h", (125, 250)),
            ("Sodium chloride 0.9%", "1,000 mL", "mL/h", (20, 150))],
    "MED-SURG": [("Sodium chloride 0.9%", "1,000 mL", "mL/h", (50, 125)), ("Ringer's lactate", "1,000 mL", "mL/h", (75, 150)),
                 ("Cefazolin", "2 g/100 mL", "mL/h", (200, 200)), ("Piperacillin-tazobactam", "4.5 g/100 mL", "mL/h", (25, 200)),
                 ("Heparin", "25,000 units/250 mL", "units/h", (800, 1600)), ("Potassium chloride", "20 mmol/100 mL", "mmol/h", (10, 10)),
                 ("Vancomycin", "1 g/250 mL", "mL/h", (125, 250)), ("Hydromorphone PCA", "10 mg/50 mL", "mg/h", (0.2, 1))],
    "ONC": [("Sodium chloride 0.9%", "1,000 mL", "mL/h", (75, 150)), ("Ondansetron", "8 mg/50 mL", "mL/h", (200, 200)),
            ("Cyclophosphamide", "per protocol", "mL/h", (100, 250)), ("Paclitaxel", "per protocol", "mL/h", (100, 200)),
            ("Magnesium sulfate", "2 g/50 mL", "mL/h", (25, 50))],
    "PEDS": [("Dextrose 5% / NaCl 0.45%", "500 mL", "mL/h", (10, 60)), ("Morphine", "1 mg/mL syringe", "mcg/kg/h", (10, 40)),
             ("Ampicillin", "per dose", "mL/h", (30, 60))],
    "PACU": [("Ringer's lactate", "1,000 mL", "mL/h", (100, 250)), ("Phenylephrine", "10 mg/250 mL", "mcg/min", (20, 100)),
             ("Hydromorphone PCA", "10 mg/50 mL", "mg/h", (0.2, 1))],
    "ED": [("Sodium chloride 0.9%", "1,000 mL", "mL/h", (125, 999)), ("Heparin", "25,000 units/250 mL", "units/h", (1000, 1800)),
           ("Ceftriaxone", "2 g/100 mL", "mL/h", (200, 200)), ("Norepinephrine", "4 mg/250 mL", "mcg/min", (2, 15))],
    "OB": [("Oxytocin", "30 units/500 mL", "milliunits/min", (1, 20)), ("Ringer's lactate", "1,000 mL", "mL/h", (100, 125)),
           ("Magnesium sulfate", "20 g/500 mL", "g/h", (1, 2))],
}
ALARMS = [("OCCLUSION_DOWNSTREAM", 30), ("AIR_IN_LINE", 18), ("INFUSION_COMPLETE", 25), ("KVO_ACTIVE", 8), ("OCCLUSION_UPSTREAM", 6), ("BATTERY_LOW", 3)]


def at(hms):
    return utc(f"2026-04-01 {hms}")


def local(t):
    return t - dt.timedelta(hours=4)


def build_logs(rng, shas):
    pumphub, veris, pevents, engine, argocd, teams, snow = (
        Log("pumphub.log"), Log("veris-connect.log"), Log("pump-events.log"), Log("integration-engine.log"),
        Log("argocd-application-controller.log"), Log("teams-pumphub-oncall.log"), Log("servicenow-incidents.log"))
    stats = {"fail": [], "ok": [], "busy": [], "timeout": [], "xfer": [], "resend": [], "running": []}

    # ---- writers
    threads = {"reconcile": "scheduling-1", "events": "scheduling-1", "formulary": "scheduling-1"}

    def plog(t, level, thread, logger, msg):
        if START <= t < END:
            s = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            pumphub.add(t, f"{s} {level:<5} [{thread}] {logger} - {msg}")

    def vlog(t, thread, level, logger, msg):
        if START <= t < END:
            s = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            veris.add(t, f"{s} [{thread}] {level:<5} {logger} - {msg}")

    def elog(t, level, route, msg):
        if START <= t < END:
            s = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            engine.add(t, f"{s} {level:<5} [{route}] {msg}")

    seqs = {}
    pending_events = []

    def pev(t, pump, event, detail, **extra):
        if START <= t < END:
            pending_events.append((t, len(pending_events), pump, event, detail, extra))

    def flush_events():
        """the pump numbers its events in the order it logs them"""
        for t, _, pump, event, detail, extra in sorted(pending_events, key=lambda e: (e[0], e[1])):
            seqs[pump["serial"]] = seqs.get(pump["serial"], rng.randint(20000, 90000)) + 1
            body = {"deviceTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "serial": pump["serial"],
                    "model": pump["model"], "careArea": pump["area"], "unit": pump["unit"], "seq": seqs[pump["serial"]], "event": event, "detail": detail}
            body.update(extra)
            pevents.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    # ---- the fleet
    pumps = []
    used = []
    for unit, area, n_lvp, n_sp, ap, n_ap, busy_share in UNITS:
        for k in range(n_lvp + n_sp):
            lvp = k < n_lvp
            while True:
                serial = (f"31A{rng.randint(1000, 9999)}" if lvp else f"52S{rng.randint(1000, 9999)}")
                if serial not in used:
                    used.append(serial)
                    break
            pumps.append({
                "serial": serial, "model": "Veris LVP" if lvp else "Veris SP",
                "fw": ("4.12.2" if rng.random() < 0.8 else "4.11.8") if lvp else "2.6.1",
                "unit": unit, "area": area, "ap": f"{ap}-AP{rng.randint(1, n_ap):02d}", "busy_share": busy_share,
                "online": False, "infusing": False, "active": V57, "pending": None, "xfer": None,
                "open": False, "ip": f"10.64.{rng.randint(8, 11)}.{rng.randint(10, 250)}",
            })
    by_serial = {p["serial"]: p for p in pumps}
    # three pumps back from biomed with v56 this morning
    precursors = []
    for unit, t_on in (("6S Medicine", at("13:12:40")), ("5N Medicine", at("14:47:15")), ("4E CCU", at("17:02:30"))):
        p = next(x for x in pumps if x["unit"] == unit and x["model"] == "Veris LVP")
        p["active"] = V56
        p["precursor_on"] = t_on
        p["fresh"] = True   # its first program is a new patient: the pump offers the install
        p["hist"] = []
        precursors.append(p)

    # ---- event queue
    q = []
    seq_counter = [0]

    def push(t, kind, **data):
        seq_counter[0] += 1
        heapq.heappush(q, (t, seq_counter[0], kind, data))

    # power states: online at START with the unit's share; toggles through the day
    for p in pumps:
        if "precursor_on" in p:
            push(p["precursor_on"], "power_on", serial=p["serial"])
            # idle at the nurses' station until a nurse starts a program on it
            push(p["precursor_on"] + dt.timedelta(minutes=rng.uniform(28, 50)), "new_program", serial=p["serial"], sure=True)
            continue
        if rng.random() < 0.72:
            p["online"] = True
            p["infusing"] = rng.random() < p["busy_share"]
        p["hist"] = [(START - dt.timedelta(hours=1), p["online"])]
        t = START
        state = p["online"]
        while True:
            t = t + dt.timedelta(hours=rng.expovariate(1 / (20.0 if state else 8.0)))
            if t >= END:
                break
            push(t, "power_off" if state else "power_on", serial=p["serial"])
            state = not state
        # nurses' new programs (new patient, new bag): the moment a pending library can be installed
        t = START
        while True:
            t = t + dt.timedelta(hours=rng.expovariate(1 / (4.5 if p["busy_share"] > 0.7 else 3.0)))
            if t >= END:
                break
            push(t, "new_program", serial=p["serial"])

    # versions of pumphub over time (which reconcile logic and which log wording)
    def version(t):
        if t < DEPLOY_2150:
            return "2.14.0"
        if t < ROLLBACK:
            return "2.15.0"
        if t < DEPLOY_2151:
            return "2.14.0"
        return "2.15.1"

    restarts = [(DEPLOY_2150, "2.15.0", shas["rel2150"]), (ROLLBACK, "2.14.0", shas["rel2140"]), (DEPLOY_2151, "2.15.1", shas["rel2151"])]
    paused = {"on": False}
    target = {"lib": V57}
    xfers = {"running": [], "waiting": [], "next_id": rng.randint(88000, 88400), "done5": 0, "slots": list(range(1, MAX_TRANSFERS + 1))}

    def lib_state(p):
        if p["xfer"] is not None and p["xfer"]["state"] == "running":
            return "TRANSFERRING"
        if p["pending"]:
            return "PENDING_ACTIVATION"
        return "ACTIVE"

    def status(p, t):
        st = lib_state(p)
        if st == "TRANSFERRING":
            return "transferring"
        if st == "ACTIVE":
            return "current" if p["active"] == target["lib"] else "not current"
        # PENDING_ACTIVATION
        if version(t) == "2.15.1":
            return "delivered" if p["pending"] == target["lib"] else "not current"
        return "not current"   # PH-212: falls into the else branch

    def size(p, lib):
        return (SIZES if p["model"] == "Veris LVP" else SIZES_SP)[lib]

    def start_waiting(t):
        while xfers["waiting"] and len(xfers["running"]) < MAX_TRANSFERS:
            x = xfers["waiting"].pop(0)
            p = by_serial[x["serial"]]
            if not p["online"]:
                x["state"] = "failed"
                p["xfer"] = None
                vlog(t, "XFER-SCHED", "WARN", "Veris.Connect.Transfers.DatasetTransferService",
                     f"Dataset transfer {x['id']} to {p['serial']} not started: device not connected")
                continue
            if p["active"] == x["lib"]:
                x["state"] = "done"
                p["xfer"] = None
                p["open"] = False
                vlog(t, "XFER-SCHED", "INFO", "Veris.Connect.Transfers.DatasetTransferService",
                     f"Dataset transfer {x['id']} to {p['serial']} skipped: device already runs {x['lib']}")
                continue
            t = t + dt.timedelta(milliseconds=rng.randint(40, 260))
            x["state"] = "running"
            x["start"] = t
            xfers["running"].append(x)
            same_unit = len([r for r in xfers["running"] if by_serial[r["serial"]]["unit"] == p["unit"]])
            base = rng.uniform(58, 96) if p["model"] == "Veris LVP" else rng.uniform(26, 44)
            dur = base * (1 + 0.05 * (same_unit - 1)) * (1.25 if p["infusing"] else 1.0)
            x["dur"] = dur
            xfers["slots"].sort()
            x["slot"] = xfers["slots"].pop(0)
            x["thread"] = f"XFER-{x['slot']:02d}"
            msg = (f"Dataset transfer {x['id']} started: {x['lib']} ({size(p, x['lib']):,} bytes) to {p['serial']} "
                   f"({p['model']} fw {p['fw']}, AP {p['ap']})")
            if x["lib"] == V58:
                stats.setdefault("started58", []).append((t, p["serial"]))
            if p["pending"] == x["lib"]:
                msg += f"; device holds {x['lib']} pending activation, replacing it"
                stats["resend"].append((t, p["serial"]))
            vlog(t, x["thread"], "INFO", "Veris.Connect.Transfers.DatasetTransferService", msg)
            push(t + dt.timedelta(seconds=dur), "xfer_done", xid=x["id"])

    def queue_transfer(t, p):
        xfers["next_id"] += 1
        x = {"id": xfers["next_id"], "serial": p["serial"], "lib": target["lib"], "state": "waiting", "queued": t}
        p["xfer"] = x
        p["open"] = True
        xfers["waiting"].append(x)
        stats["xfer"].append((t, p["serial"]))
        start_waiting(t)
        if version(t) == "2.15.0":
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.library.LibraryReconciler",
                 f"Library not current on {p['serial']} ({p['area']}): active {p['active']}, pending {p['pending'] or 'none'}, state {lib_state(p)}; transfer queued")
        else:
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.library.LibraryReconciler",
                 f"Queued library transfer {target['lib']} to {p['serial']} ({p['area']})")

    def reconcile(t):
        if paused["on"]:
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.library.LibraryReconciler",
                 "Library distribution paused since 2026-04-01T19:41:10Z by mlindqvist; reconcile skipped")
            return
        counts = {"current": 0, "delivered": 0, "transferring": 0, "not current": 0, "offline": 0}
        queued = 0
        tt = t + dt.timedelta(milliseconds=rng.randint(300, 900))
        for p in pumps:
            if not p["online"]:
                counts["offline"] += 1
                continue
            s = status(p, t)
            counts[s] += 1
            if s == "not current" and not p["open"]:
                tt += dt.timedelta(milliseconds=rng.randint(20, 70))
                queue_transfer(tt, p)
                queued += 1
        start_waiting(tt)
        open_ = len([p for p in pumps if p["open"]])
        plog(tt + dt.timedelta(milliseconds=rng.randint(5, 30)), "INFO", "scheduling-1", "c.a.pumphub.library.LibraryReconciler",
             f"Library reconcile: {len(pumps)} pumps, {counts['current']} current, {counts['delivered']} delivered, {counts['transferring']} transferring, "
             f"{counts['not current']} not current, {counts['offline']} offline; {queued} transfers queued, {open_} open")

    # ---- auto-programming orders
    order_no = [rng.randint(4481000, 4489000)]
    msg_no = [rng.randint(120000, 180000)]

    def order_rate(t):
        h = local(t).hour + local(t).minute / 60
        pts = [(8, 3.0), (10, 3.4), (11, 2.0), (13, 1.8), (14, 2.6), (16, 2.2), (17, 3.0), (18, 2.6)]
        for (h0, r0), (h1, r1) in zip(pts, pts[1:]):
            if h0 <= h <= h1:
                return r0 + (r1 - r0) * (h - h0) / (h1 - h0)
        return 2.4

    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(3.4 / 60))
        if t >= END:
            break
        if rng.random() < order_rate(t) / 3.4:
            push(t, "autoprog")

    def autoprog(t):
        down = [b for a, b in blackout if a <= t < b]
        if down:
            elog(t, "WARN", "PIV_OUT", "pumphub.clinical.svc:8080 connection refused; RGV^O15 held for retry in 5 s")
            t = down[0] + dt.timedelta(seconds=rng.uniform(1, 5))
        cands = [p for p in pumps if p["online"]]
        weights = [3 if p["area"] in ("ICU", "ED") else (2 if p["area"] in ("ONC", "PACU") else 1) for p in cands]
        p = rng.choices(cands, weights)[0]
        order_no[0] += rng.randint(1, 9)
        msg_no[0] += 1
        drug, conc, unit_, (lo, hi) = rng.choice(DRUGS[p["area"]])
        dose = rng.uniform(lo, hi)
        dose_s = f"{dose:.2f}" if dose < 1 else (f"{dose:.1f}" if dose < 10 else f"{int(round(dose))}")
        ch = rng.choice("AB") if p["model"] == "Veris LVP" else "A"
        bed = rng.randint(1, 32)
        mid = f"PIV{msg_no[0]:08d}"
        elog(t, "INFO", "PIV_OUT", f"RGV^O15 {mid} order {order_no[0]} {drug} {conc} {dose_s} {unit_} -> pump {p['serial']} ch {ch} ({p['unit']} bed {bed}) sent to pumphub")
        t1 = t + dt.timedelta(milliseconds=rng.randint(20, 90))
        running = len(xfers["running"])
        jid = rng.randint(5500000, 5999999)
        vt = t1 + dt.timedelta(milliseconds=rng.randint(40, 160))
        thread = f"JOB-{rng.randint(1, 8):02d}"
        if p["xfer"] is not None and p["xfer"]["state"] == "running":
            lat = rng.uniform(1.2, 3.5)
            tr = t1 + dt.timedelta(seconds=lat)
            vlog(tr, thread, "WARN", "Veris.Connect.Jobs.RemoteProgramJob",
                 f"Remote program job {jid} for {p['serial']} channel {ch} rejected by device: BUSY_DATASET_TRANSFER (transfer {p['xfer']['id']})")
            plog(tr + dt.timedelta(milliseconds=rng.randint(10, 60)), "WARN", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
                 f"Auto-program {mid} order {order_no[0]} to {p['serial']} channel {ch} ({p['unit']}): rejected by pump: BUSY_DATASET_TRANSFER")
            elog(tr + dt.timedelta(milliseconds=rng.randint(60, 200)), "WARN", "PIV_OUT", f"ACK AE {mid} from pumphub: rejected by pump: BUSY_DATASET_TRANSFER; order returned to nurse for manual programming")
            stats["busy"].append(tr)
            stats["fail"].append(tr)
            manual(tr, p, drug, conc, dose_s, unit_, ch)
            return
        # waiting for a free worker: transfers hold 32 of the 40
        if running >= 28:
            wait = rng.lognormvariate(2.8, 0.5) * (running - 24) / 8
        elif running >= 16:
            wait = rng.lognormvariate(1.2, 0.6)
        else:
            wait = rng.uniform(0.0, 0.4)
        lat = wait + rng.uniform(1.6, 4.8)
        if lat > 30:
            tr = t1 + dt.timedelta(seconds=30, milliseconds=rng.randint(2, 30))
            vlog(tr + dt.timedelta(milliseconds=rng.randint(5, 40)), "REST-" + str(rng.randint(1, 16)), "WARN", "Veris.Connect.Jobs.JobQueue",
                 f"Remote program job {jid} for {p['serial']} channel {ch} cancelled by client after waiting {int(min(wait, 30) * 1000)} ms for a worker ({WORKERS}/{WORKERS} busy, {running} dataset transfers)")
            plog(tr, "WARN", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
                 f"Auto-program {mid} order {order_no[0]} to {p['serial']} channel {ch} ({p['unit']}): timed out after 30000 ms (Veris Connect job {jid} QUEUED)")
            elog(tr + dt.timedelta(milliseconds=rng.randint(60, 200)), "WARN", "PIV_OUT", f"ACK AE {mid} from pumphub: timed out after 30000 ms; order returned to nurse for manual programming")
            stats["timeout"].append(tr)
            stats["fail"].append(tr)
            manual(tr, p, drug, conc, dose_s, unit_, ch)
            return
        tr = t1 + dt.timedelta(seconds=lat)
        vlog(tr, thread, "INFO", "Veris.Connect.Jobs.RemoteProgramJob",
             f"Remote program job {jid} for {p['serial']} channel {ch}: confirmed by device in {int(lat * 1000)} ms")
        plog(tr + dt.timedelta(milliseconds=rng.randint(10, 60)), "INFO", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
             f"Auto-program {mid} order {order_no[0]} to {p['serial']} channel {ch} ({p['unit']}): confirmed by pump in {int(lat * 1000)} ms")
        elog(tr + dt.timedelta(milliseconds=rng.randint(60, 200)), "INFO", "PIV_OUT", f"ACK AA {mid} from pumphub in {lat + 0.1:.1f} s")
        stats["ok"].append(tr)
        ts = tr + dt.timedelta(seconds=rng.uniform(8, 40))
        new_patient(ts - dt.timedelta(seconds=5), p)
        pev(ts, p, "INFUSION_STARTED", f"channel {ch}: {drug} {conc} {dose_s} {unit_} (auto-programmed, order {order_no[0]})")
        p["infusing"] = True

    def new_patient(t, p):
        """a program on a pump that holds a pending library: at a new patient the pump offers the install"""
        receiving = p["xfer"] is not None and p["xfer"]["state"] == "running"
        if p["pending"] and not receiving and (p.pop("fresh", False) or rng.random() < 0.25):
            p["active"], p["pending"] = p["pending"], None
            pev(t, p, "DATASET_ACTIVATED", f"{p['active']} installed at new patient (accepted by user)")

    def manual(t, p, drug, conc, dose_s, unit_, ch):
        ts = t + dt.timedelta(seconds=rng.uniform(45, 150))
        new_patient(ts - dt.timedelta(seconds=20), p)
        pev(ts, p, "INFUSION_STARTED", f"channel {ch}: {drug} {conc} {dose_s} {unit_} (manual programming, drug library {p['active']})")
        p["infusing"] = True

    def online_at(p, t):
        state = False
        for when, on in p["hist"]:
            if when <= t:
                state = on
        return state

    # pump noise: alarms, limit alerts, infusions ending
    def pump_noise():
        for p in pumps:
            t = START + dt.timedelta(minutes=rng.uniform(0, 40))
            while t < END:
                if online_at(p, t) and rng.random() < p["busy_share"] + 0.1:
                    kind = rng.choices([a for a, _ in ALARMS], [w for _, w in ALARMS])[0]
                    ch = rng.choice("AB") if p["model"] == "Veris LVP" else "A"
                    if kind == "INFUSION_COMPLETE":
                        pev(t, p, "ALARM", f"channel {ch}: INFUSION_COMPLETE, volume infused {rng.randint(50, 1000)} mL")
                    elif kind == "BATTERY_LOW":
                        pev(t, p, "ALARM", f"BATTERY_LOW: {rng.randint(12, 19)} % remaining, on battery")
                    else:
                        pev(t, p, "ALARM", f"channel {ch}: {kind}")
                        pev(t + dt.timedelta(seconds=rng.uniform(8, 90)), p, "ALARM_CLEARED", f"channel {ch}: {kind} silenced and cleared")
                    if rng.random() < 0.12:
                        drug, conc, unit_, (lo, hi) = rng.choice(DRUGS[p["area"]])
                        pev(t + dt.timedelta(seconds=rng.uniform(100, 400)), p, "LIMIT_ALERT",
                            f"channel {ch}: {drug} {conc} soft max exceeded ({hi * 1.2:.1f} {unit_} > {hi} {unit_}); nurse override, reason 'per physician order'")
                t += dt.timedelta(minutes=rng.expovariate(1 / 38))

    # ---- run the simulation
    push(at("12:00:41"), "reconcile")
    t_pull = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t_pull < END:
        push(t_pull, "pull")
        t_pull += dt.timedelta(seconds=30, milliseconds=rng.randint(40, 400))
    t_vs = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t_vs < END:
        push(t_vs, "veris_stats")
        t_vs += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 30))
    push(PUBLISH, "publish")
    push(PAUSE, "pause")
    push(RESUME, "resume")
    for when, ver, sha in restarts:
        push(when, "restart", ver=ver, sha=sha)
    cursor = [rng.randint(91000000, 92000000)]
    events_since = [0]
    blackout = []

    while q:
        t, _, kind, data = heapq.heappop(q)
        if t >= END:
            break
        if kind == "reconcile":
            if any(a <= t < b for a, b in blackout):
                push(max(b for a, b in blackout if a <= t < b) + dt.timedelta(seconds=rng.uniform(20, 40)), "reconcile")
                continue
            reconcile(t)
            push(t + dt.timedelta(seconds=120, milliseconds=rng.randint(800, 2600)), "reconcile")
        elif kind == "xfer_done":
            x = next((r for r in xfers["running"] if r["id"] == data["xid"]), None)
            if x is None:
                continue
            xfers["running"].remove(x)
            p = by_serial[x["serial"]]
            if not p["online"]:
                vlog(t, x["thread"], "WARN", "Veris.Connect.Transfers.DatasetTransferService",
                     f"Dataset transfer {x['id']} to {p['serial']} failed: device disconnected after {rng.randint(100000, size(p, x['lib']) - 1000):,} of {size(p, x['lib']):,} bytes")
            else:
                p["pending"] = x["lib"]
                vlog(t, x["thread"], "INFO", "Veris.Connect.Transfers.DatasetTransferService",
                     f"Dataset transfer {x['id']} to {p['serial']} completed in {int(x['dur'])} s; device library state PENDING_ACTIVATION (active {p['active']}, pending {p['pending']})")
                pev(t + dt.timedelta(seconds=rng.uniform(0.3, 1.5)), p, "DATASET_RECEIVED",
                    f"{x['lib']} received and verified (CRC OK); pending activation at next power-up or new patient")
                xfers["done5"] += 1
            x["state"] = "done"
            xfers["slots"].append(x["slot"])
            p["xfer"] = None
            p["open"] = False   # pumphub closes finished transfers at its next reconcile
            start_waiting(t)
        elif kind == "power_on":
            p = by_serial[data["serial"]]
            if p["online"]:
                continue
            p["online"] = True
            p["hist"].append((t, True))
            p["infusing"] = False
            p["ap"] = p["ap"].split("-AP")[0] + f"-AP{rng.randint(1, 4):02d}"
            pev(t, p, "POWER_ON", f"self test passed; drug library {p['pending'] or p['active']}")
            if p["pending"]:
                p["active"], p["pending"] = p["pending"], None
                pev(t + dt.timedelta(seconds=rng.uniform(3, 9)), p, "DATASET_ACTIVATED", f"{p['active']} activated at power-up")
            vlog(t + dt.timedelta(seconds=rng.uniform(8, 20)), f"SESS-{rng.randint(1, 40):02d}", "INFO", "Veris.Connect.Sessions.DeviceSessionManager",
                 f"Device {p['serial']} connected ({p['model']} fw {p['fw']}, {p['ip']}, AP {p['ap']}); library {p['active']}")
        elif kind == "power_off":
            p = by_serial[data["serial"]]
            if not p["online"]:
                continue
            p["online"] = False
            p["hist"].append((t, False))
            p["infusing"] = False
            pev(t, p, "POWER_OFF", "powered off by user")
            vlog(t + dt.timedelta(seconds=rng.uniform(0.5, 3)), f"SESS-{rng.randint(1, 40):02d}", "INFO", "Veris.Connect.Sessions.DeviceSessionManager",
                 f"Device {p['serial']} disconnected: powered off")
            if p["xfer"] is not None and p["xfer"]["state"] == "waiting":
                xfers["waiting"].remove(p["xfer"])
                vlog(t + dt.timedelta(seconds=rng.uniform(3, 6)), "XFER-SCHED", "WARN", "Veris.Connect.Transfers.DatasetTransferService",
                     f"Dataset transfer {p['xfer']['id']} to {p['serial']} dropped from the queue: device not connected")
                p["xfer"] = None
                p["open"] = False
        elif kind == "new_program":
            p = by_serial[data["serial"]]
            if not p["online"]:
                continue
            receiving = p["xfer"] is not None and p["xfer"]["state"] == "running"
            if data.get("sure") and receiving:
                # the nurse waits for "Receiving drug library" to clear
                done_at = p["xfer"]["start"] + dt.timedelta(seconds=p["xfer"]["dur"])
                push(done_at + dt.timedelta(seconds=rng.uniform(4, 15)), "new_program", serial=p["serial"], sure=True)
                continue
            if p["pending"] and not receiving and (data.get("sure") or rng.random() < 0.85):
                p["active"], p["pending"] = p["pending"], None
                pev(t, p, "DATASET_ACTIVATED", f"{p['active']} installed at new patient (accepted by user)")
            p["infusing"] = True
        elif kind == "autoprog":
            autoprog(t)
        elif kind == "publish":
            target["lib"] = V58
            plog(t, "INFO", "scheduling-2", "c.a.pumphub.library.LibraryPublisher",
                 f"Publishing {V58} (approved 2026-03-31 by hkowalczyk, verified by dnguyen; 1,418 entries, {SIZES[V58]:,} bytes LVP / {SIZES_SP[V58]:,} bytes SP) "
                 "as the target of care areas ICU, MED-SURG, ONC, PEDS, PACU, ED, OB")
            vlog(t + dt.timedelta(milliseconds=rng.randint(200, 600)), "REST-03", "INFO", "Veris.Connect.Datasets.DatasetStore",
                 f"Dataset {V58} registered (CRC 7F3A21C9, LVP {SIZES[V58]:,} bytes, SP {SIZES_SP[V58]:,} bytes) by api-client pumphub")
        elif kind == "pause":
            paused["on"] = True
            cancelled = 0
            for x in list(xfers["waiting"]):
                xfers["waiting"].remove(x)
                by_serial[x["serial"]]["xfer"] = None
                by_serial[x["serial"]]["open"] = False
                cancelled += 1
            plog(t, "WARN", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.library.DistributionController",
                 f"Library distribution paused by mlindqvist; cancelled {cancelled} queued transfers, {len(xfers['running'])} running transfers left to finish")
            vlog(t + dt.timedelta(milliseconds=rng.randint(300, 900)), "REST-07", "INFO", "Veris.Connect.Transfers.DatasetTransferService",
                 f"{cancelled} queued dataset transfers cancelled by api-client pumphub")
            stats["cancelled"] = cancelled
        elif kind == "resume":
            paused["on"] = False
            plog(t, "INFO", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.library.DistributionController",
                 "Library distribution resumed by mlindqvist")
        elif kind == "restart":
            ver, sha = data["ver"], data["sha"]
            t0 = t
            plog(t0, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
            plog(t0 + dt.timedelta(milliseconds=rng.randint(200, 800)), "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete")
            up = t0 + dt.timedelta(seconds=rng.uniform(14, 22))
            plog(up, "INFO", "main", "c.a.pumphub.PumphubApplicationKt", f"Starting PumphubApplicationKt v{ver} using Java 21.0.6 with PID 1 (/workspace/BOOT-INF/classes started by 1000720000 in /workspace)")
            plog(up + dt.timedelta(milliseconds=rng.randint(30, 60)), "INFO", "main", "c.a.pumphub.PumphubApplicationKt", 'The following 1 profile is active: "prod"')
            plog(up + dt.timedelta(seconds=rng.uniform(3, 4)), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
            ready = up + dt.timedelta(seconds=rng.uniform(6, 8))
            plog(ready, "INFO", "main", "c.a.pumphub.PumphubApplicationKt", f"Started PumphubApplicationKt in {(ready - up).total_seconds() + 1.2:.3f} seconds (process running for {(ready - up).total_seconds() + 1.9:.3f})")
            plog(ready + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "main", "c.a.pumphub.StartupInfo",
                 f"pumphub {ver} (git {sha[:7]}) ready: Veris Connect https://veris-connect.ashgrove.local:8443 API v3, reconcile every 120 s")
            blackout.append((t0, ready))
            # open transfers survive in the database; nothing else changes
        elif kind == "pull":
            if any(a <= t < b for a, b in blackout):
                continue
            n = max(0, int(rng.gauss(events_since[0] if events_since[0] else 18, 4)))
            cursor[0] += n
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.events.PumpEventCollector", f"Pulled {n} pump events from Veris Connect (cursor {cursor[0]})")
        elif kind == "veris_stats":
            running = len(xfers["running"])
            waiting = len(xfers["waiting"])
            online = len([p for p in pumps if p["online"]])
            stats["running"].append((t, running, waiting))
            other = rng.randint(2, 6) + (int(running > 28) * rng.randint(3, 6))
            busy = min(WORKERS, running + other)
            if busy >= WORKERS:
                vlog(t, "MON-01", "WARN", "Veris.Connect.Diagnostics.WorkerPoolMonitor",
                     f"Worker pool exhausted: {WORKERS}/{WORKERS} busy ({running} dataset transfers, {busy - running} other), {rng.randint(6, 31)} jobs waiting; {waiting} dataset transfers queued")
            elif t.minute % 5 == 0:
                vlog(t, "MON-01", "INFO", "Veris.Connect.Diagnostics.WorkerPoolMonitor",
                     f"Sessions: {online} devices connected; workers {busy}/{WORKERS} busy ({running} dataset transfers); {waiting} dataset transfers queued; {xfers['done5']} completed in the last 5 min")
                xfers["done5"] = 0

    pump_noise()
    flush_events()

    # ---- the formulary sync at 08:30 local
    tf = FORMULARY_RUN + dt.timedelta(milliseconds=rng.randint(5, 90))
    plog(tf, "INFO", "scheduling-1", "c.a.pumphub.formulary.PisExportReader", "Reading PIS export /mnt/pis/iv-formulary.csv (written 2026-04-01T06:02:11-04:00, 2,341 rows)")
    for code, desc in (("NOREPI16INF", "norepinephrine 16 mg in 250 mL D5W (premix, ICU)"), ("ALTEP50", "alteplase 50 mg/50 mL"), ("CLEVI25", "clevidipine 25 mg/50 mL")):
        tf += dt.timedelta(milliseconds=rng.randint(100, 400))
        plog(tf, "INFO", "scheduling-1", "c.a.pumphub.formulary.FormularySync", f"PIS product {code} ({desc}) has no library entry")
    plog(tf + dt.timedelta(seconds=2), "INFO", "scheduling-1", "c.a.pumphub.formulary.FormularySync",
         "Formulary sync: 2,341 PIS IV products, 1,412 library entries; 3 products without a library entry")
    plog(tf + dt.timedelta(seconds=2, milliseconds=300), "INFO", "scheduling-1", "c.a.pumphub.formulary.DiscrepancyReport",
         "Discrepancy report written to /mnt/library-exports/reports/discrepancies-2026-04-01.csv for the drug library pharmacist")

    # ---- integration engine noise: ADT to pumphub (patient association), lab results elsewhere
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.2 / 60))
        if t >= END:
            break
        ev = rng.choices(["A01", "A02", "A03", "A08"], [2, 3, 2, 6])[0]
        mrn = rng.randint(1000000, 1999999)
        elog(t, "INFO", "ADT_OUT_PUMPHUB", f"ADT^{ev} {rng.randint(10**8, 10**9 - 1)} MRN {mrn} -> pumphub ACK AA")
    # ---- health probes, k8s noise in pumphub
    t = START + dt.timedelta(seconds=rng.uniform(0, 600))
    while t < END:
        plog(t, "INFO", "scheduling-1", "c.a.pumphub.pce.PceHealth", f"Veris Connect health: UP (version 5.4.2.1180, {len([p for p in pumps if p['online']])} sessions)")
        t += dt.timedelta(minutes=15, milliseconds=rng.randint(0, 900))

    # ---- Argo CD
    def alog(t, level, msg, **kv):
        if START <= t < END:
            s = t.strftime("%Y-%m-%dT%H:%M:%SZ")
            fields = " ".join(f'{k}={json.dumps(v) if (" " in str(v) or not str(v)) else v}' for k, v in kv.items())
            argocd.add(t, f'time="{s}" level={level} msg="{msg}" {fields}'.rstrip())

    def sync(t, sha, ver, who, rollback=False):
        alog(t - dt.timedelta(seconds=4), "info", "Initiated rollback" if rollback else "Initiated sync", application="openshift-gitops/pumphub", user=who, revision=sha)
        alog(t - dt.timedelta(seconds=3), "info", "Syncing", application="openshift-gitops/pumphub", revision=sha, dest_namespace="clinical")
        alog(t - dt.timedelta(seconds=2), "info", f"apps/Deployment/pumphub configured (image registry.ashgrove.local/clinical/pumphub:{ver})", application="openshift-gitops/pumphub")
        alog(t + dt.timedelta(seconds=30), "info", "Updated health status: Progressing -> Healthy", application="openshift-gitops/pumphub")
        alog(t + dt.timedelta(seconds=31), "info", "Sync operation to " + sha + " succeeded", application="openshift-gitops/pumphub", dest_namespace="clinical")

    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    while t < END:
        alog(t, "info", "Reconciliation completed", application="openshift-gitops/pumphub", dedup_ms=rng.randint(0, 3), diff_ms=rng.randint(4, 30), comparison_level=1, time_ms=rng.randint(60, 300))
        t += dt.timedelta(minutes=3, seconds=rng.randint(0, 10))
    sync(DEPLOY_2150, shas["rel2150"], "2.15.0", "mlindqvist")
    sync(ROLLBACK, shas["rel2140"], "2.14.0", "asethi", rollback=True)
    sync(DEPLOY_2151, shas["rel2151"], "2.15.1", "mlindqvist")

    # ---- Teams
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "pumphub-oncall",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    fails = sorted(stats["fail"])
    first_v58 = min(t for t, _ in stats["started58"])
    onset = next(f for f in fails if f >= first_v58)
    stats["onset"] = onset
    alert_at = None
    for f in fails:
        if f < PUBLISH + dt.timedelta(minutes=14):
            continue
        window = [x for x in fails if f - dt.timedelta(minutes=10) < x <= f]
        oks = [x for x in stats["ok"] if f - dt.timedelta(minutes=10) < x <= f]
        if len(window) / max(1, len(window) + len(oks)) > 0.10 and len(window) >= 5:
            alert_at = f + dt.timedelta(seconds=40)
            break
    stats["alert"] = alert_at
    p31 = max((p for p in pumps if p["unit"] == "4W ICU"), key=lambda p: len([r for r in stats["resend"] if r[1] == p["serial"] and r[0] < at("19:20:00")]))
    n31 = len([r for r in stats["resend"] if r[1] == p31["serial"] and r[0] < at("19:20:00")])
    stats["p31"] = (p31["serial"], n31)
    pre = precursors[0]
    pre_n = len([r for r in stats["resend"] if r[1] == pre["serial"] and r[0] < PUBLISH])
    stats["pre"] = (pre["serial"], pre_n)
    say(at("17:12:00"), "Maya Lindqvist", "Deploying pumphub 2.15.0 (PH-231 library states in the transfer log, PH-233, PH-229 DIN matching, PH-230, Boot 3.4.4).")
    say(DEPLOY_2150 + dt.timedelta(minutes=2), "Maya Lindqvist", "2.15.0 up, reconcile and auto-programming fine.")
    say(at("17:41:00"), "Hannah Kowalczyk", "Reminder: AGRHC-MASTER v58 goes out at 14:00 (norepinephrine 16 mg/250 mL for ICU and CCU, the 4 mg vials are short). Pharmacy starts sending the 16 mg bags tomorrow 08:00.")
    say(PUBLISH + dt.timedelta(minutes=1), "Maya Lindqvist", "v58 published, transfers running.")
    say(at("18:21:00"), "Ben Okafor", "Veris Connect still shows 32 transfers running and over a hundred queued. The v57 round was done in twelve minutes.")
    say(alert_at, "Grafana", "[FIRING:1] Auto-program failure rate (pumphub): above 10 % over 10 min")
    say(alert_at + dt.timedelta(minutes=3), "Arjun Sethi", "On it. Mix of 'rejected by pump: BUSY_DATASET_TRANSFER' and 'timed out after 30000 ms'. Runbook says busy is expected after the publish and timeouts are Wi-Fi, but it's every unit. And the log is full of the new 'Library not current on ... transfer queued' lines from 2.15.0.")
    say(alert_at + dt.timedelta(minutes=9), "Hannah Kowalczyk", "4W and 4E are calling pharmacy: they scan the bag and have to program by hand. Is it v58? We can republish v57 if you want, the runbook says so.")
    say(alert_at + dt.timedelta(minutes=12), "Maya Lindqvist", "Let's not republish: every pump would get v57 sent. @Arjun Sethi roll back 2.15.0 first, it went out 40 minutes before the publish.")
    say(at("18:52:20"), "Arjun Sethi", "Nursing supervisor OKs a rollback after the 14:45 med pass round; rolling back at 15:00.")
    say(ROLLBACK + dt.timedelta(minutes=1), "Arjun Sethi", "Rolled back to 2.14.0 (Argo history).")
    w0, w1 = ROLLBACK + dt.timedelta(minutes=2), ROLLBACK + dt.timedelta(minutes=14)
    nf = len([x for x in fails if w0 <= x < w1])
    no = len([x for x in stats["ok"] if w0 <= x < w1])
    stats["after_rb"] = nf / max(1, nf + no)
    say(w1, "Arjun Sethi", f"No change after the rollback: {nf} of {nf + no} auto-programs failed in the last 12 minutes, Veris Connect's pool at 40/40. The queued lines just lost their states.")
    say(at("19:20:30"), "Ben Okafor", f"On 4W, {p31['serial']} (bed 12) shows 'New drug library received' again and again since 14:00. Veris Connect's transfer history for it has v58 sent {n31} times. Same for the pumps around it.")
    say(at("19:24:10"), "Ben Okafor", f"And this morning {pre['serial']} on 6S, back from biomed with v56, got v57 {pre_n} times between 09:12 and when the nurse installed it.")
    say(at("19:28:40"), "Maya Lindqvist", "Veris Connect logs 'device holds AGRHC-MASTER v58 pending activation, replacing it' and our reconcile says '0 delivered' every time. LibraryStatus maps v3's PENDING_ACTIVATION to NOT_CURRENT: PH-212 (Thursday, in 2.14.0) dropped the DOWNLOADED branch and v3 renamed it. Every pump that can't install v58 yet gets it again at each reconcile. Pausing distribution now.")
    say(PAUSE + dt.timedelta(seconds=50), "Maya Lindqvist", f"Paused, {stats['cancelled']} queued transfers cancelled; the running ones finish in a minute or two.")
    say(PAUSE + dt.timedelta(minutes=6), "Arjun Sethi", "Veris Connect's pool back to ~5 busy, auto-programs confirming in 2-5 s again.")
    say(at("20:16:00"), "Maya Lindqvist", "2.15.1 (PH-236: PENDING_ACTIVATION with the target is DELIVERED) tagged, deploying 16:25, resume after.")
    say(RESUME + dt.timedelta(minutes=3), "Maya Lindqvist", "Distribution resumed on 2.15.1: '0 not current', the pending pumps count as delivered, nothing queued.")
    say(at("20:48:00"), "Hannah Kowalczyk", "Thanks. v58 stays; nurses install at the next new patient as usual.")

    # ---- ServiceNow
    def rec(t, body):
        snow.add(t, json.dumps(body, ensure_ascii=False))

    def ticket(t, number, state, short, desc, opened=None, group="Clinical Informatics - Pumps", caller="Service Desk"):
        rec(t, {"number": number, "sys_class_name": "incident", "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                "assignment_group": group, "caller_id": caller, "priority": "2 - High" if number in ("INC0412277",) else "3 - Moderate", "state": state, "short_description": short, "description": desc})

    ticket(at("13:48:20"), "INC0412251", "New", "Pump 31A screen cracked 5S", "Pump front panel cracked, sent to biomed.", group="Clinical Engineering", caller="5S Surgery")
    ticket(at("18:26:40"), "INC0412274", "New", "Auto-programming not working 4W ICU", "Nurses scan the bag, pump says 'remote program failed', program by hand. Several pumps.", caller="4W ICU charge nurse")
    ticket(at("18:38:10"), "INC0412277", "New", "Bar-code infusion programming failing on multiple units", "4W, 4E, ED report auto-programming failures since about 14:00.", caller="Nursing supervisor")
    ticket(at("18:57:00"), "INC0412281", "New", "Pumps keep showing 'new drug library received'", "6N: pumps show the library message again and again.", group="Clinical Engineering", caller="6N Oncology")
    ticket(at("20:40:00"), "INC0412277", "Resolved", "Bar-code infusion programming failing on multiple units",
           "pumphub sent the new library again and again to pumps that already held it (PH-212); distribution paused 15:41, fixed in 2.15.1. Auto-programming normal since 15:43.",
           opened=at("18:38:10"), caller="Nursing supervisor")
    ticket(at("20:41:30"), "INC0412274", "Resolved", "Auto-programming not working 4W ICU", "See INC0412277.", opened=at("18:26:40"), caller="4W ICU charge nurse")
    return [pumphub, veris, pevents, engine, argocd, teams, snow], stats


def build(out_dir):
    rng = random.Random(81100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert PUBLISH < stats["onset"] < PUBLISH + dt.timedelta(minutes=8), stats["onset"]
        assert stats["alert"] and stats["alert"] < ROLLBACK, stats["alert"]
        late = [f for f in stats["fail"] if f > PAUSE + dt.timedelta(minutes=4)]
        assert len(late) <= 2, late
        before = [f for f in stats["fail"] if f < PUBLISH]
        assert len(before) <= 3, before
        ok, fail = stats["ok"], stats["fail"]

        def per_min(src):
            def fn(t):
                return sum(1 for x in src if t - dt.timedelta(minutes=1) < x <= t)
            return fn

        def running(t):
            last = [r for r in stats["running"] if r[0] <= t]
            return last[-1][1] if last else 0

        metrics = {
            "pumphub_autoprogram_results_per_minute.json": query_range(
                [({"job": "pumphub", "outcome": "confirmed"}, per_min(ok)),
                 ({"job": "pumphub", "outcome": "busy"}, per_min(stats["busy"])),
                 ({"job": "pumphub", "outcome": "timeout"}, per_min(stats["timeout"]))], START, END, 60),
            "veris_connect_dataset_transfers_running.json": query_range(
                [({"job": "veris-connect-exporter", "instance": "veris-connect.ashgrove.local"}, running)], START, END, 60),
        }
        age_h = (stats["onset"] - utc("2026-03-26 19:47:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r81-pending-activation-retransfer", service=SERVICE, onset=onset,
            description=f"""
Ashgrove Regional Health Centre's bar-code auto-programming of its Veris
infusion pumps starts failing on Wednesday 1 April: from
{onset.strftime('%H:%M:%S')} UTC, right after the weekly drug library
(AGRHC-MASTER v58) was published at 18:00, remote programs are rejected
"BUSY_DATASET_TRANSFER" or time out after 30 s on every unit, and the
nurses program by hand. pumphub 2.15.0 had been deployed at 17:20; the
rollback to 2.14.0 at 19:02 did not help. Library distribution was paused
at 19:41; 2.15.1 went out at 20:25 and distribution resumed at 20:32.
""",
            logs=logs,
            line_formats={
                "pumphub.log": r'<Time> <Level>\s+\[<Thread>\] <Logger> - <Content>',
                "veris-connect.log": r'<Date> <Time> \[<Thread>\] <Level>\s+<Logger> - <Content>',
                "integration-engine.log": r'<Date> <Time> <Level>\s+\[<Route>\] <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'Library not current on .*state PENDING_ACTIVATION; transfer queued',
                        r'pending activation, replacing it'],
            fix_files=["src/main/kotlin/ca/ashgrove/pumphub/library/LibraryStatus.kt"],
            explanation=f"""
The culprit is PH-212 "pce: device list and library status from Veris
Connect API v3" ({shas['culprit'][:7]}, Thursday 26 March 19:47 UTC, {age_h:.1f} h
before the onset), shipped in 2.14.0 on Friday. Its new LibraryStatus
mapping handles TRANSFERRING and ACTIVE and sends every other state to
NOT_CURRENT; v2's DOWNLOADED branch (the target held pending: DELIVERED,
nothing to send) is gone, and v3 calls that state PENDING_ACTIVATION. After
the 18:00 publish of AGRHC-MASTER v58 every pump that received it and could
not install it yet (most infuse) was queued again at each reconcile
({len(stats['resend'])} transfers that replaced a pending v58 or v57 with
the same dataset, "device holds ... pending activation, replacing it"),
Veris Connect's workers stayed busy with 32 transfers, and
{len(stats['fail'])} auto-programs failed ("rejected by pump:
BUSY_DATASET_TRANSFER", "timed out after 30000 ms"). The reconcile reports
"0 delivered" throughout. Pausing distribution at 19:41 ended it; PH-236
(2.15.1) maps PENDING_ACTIVATION with the target to DELIVERED
(LibraryStatus.kt). Before the publish it already showed on pumps back from
biomed with v56 ({stats['pre'][0]}: v57 sent {stats['pre'][1]} times).
Decoys: 2.15.0, deployed 41 minutes before the onset (PH-231, which puts
the pump's active and pending library and state into the very "transfer
queued" line that fills the log; PH-233, devices 500 per page, in the
culprit's PceDeviceClient.kt; PH-229, formulary matching by DIN; PH-230,
1000 events per pull in application.yml; Spring Boot 3.4.4); the rollback to
2.14.0, which holds the culprit, without effect (only the wording changes);
the v58 library itself (pharmacy's new norepinephrine 16 mg/250 mL) and the
offer to republish v57; Monday's runbook commit that reads busy pumps as the
publish, timeouts as Wi-Fi and says to roll back after a release or to ask
pharmacy to roll back the library; the formulary sync's unmatched products
that morning; Hannah's NOREPI16 mapping.
""",
        )
    finally:
        repo.close()
