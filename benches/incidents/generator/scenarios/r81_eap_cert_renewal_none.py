"""pumphub (Kotlin, Spring Boot 3; OpenShift, Argo CD; Clinical Informatics,
Toronto time) is Ashgrove Regional Health Centre's glue around its 300
Aldana Veris infusion pumps (the same system as
`r81-pending-activation-retransfer`, nine months later): it decides which
drug library each care area runs, relays the EHR's bar-code
auto-programming orders (RGV^O15 through the integration engine) to the
pumps through Veris Connect, Aldana's device communication server, pulls
the pumps' event logs and watches which pumps Veris Connect can reach.

The pumps join the clinical-device SSID AGH-MedDev with 802.1X EAP-TLS:
their client certificates come from Aldana's device CA; the RADIUS server
is the hospital's Cisco ISE (ise-psn01 behind wlc-c9800-01, floors 1-4;
ise-psn02 behind wlc-c9800-02, floors 5-7), run by the Network Access team.
A Veris pump checks ISE's EAP certificate against the trust list in its
network profile, which biomed loaded with the Veris configuration tool in
2019: only "Ashgrove Root CA". ISE's session timeout on AGH-MedDev is 8
hours with re-authentication, and the pumps do a full EAP-TLS handshake at
every roam (their radios have no fast roaming), every power-up and every
re-authentication.

ISE's EAP certificate (issued by Ashgrove Issuing CA 1 under Ashgrove Root
CA) expires on Sunday 3 January 2027. Thursday 31 December 2026: at 09:31
EST Maya deploys pumphub 2.21.0 (PH-305: a pump is offline after 3 missed
heartbeats instead of 5, in application.yml; PH-307, which adds the very
"Pump ... offline: no heartbeat ... last AP" warning; PH-308: answer the
engine at once when the pump is not connected; a HAPI bump). At 10:04 and
10:06 EST Farah (Network Access) binds the renewed certificate to EAP
Authentication on ise-psn01 and ise-psn02 (standard change CHG0048812),
issued by the new Ashgrove Issuing CA G2 under Ashgrove Root CA G2, which
laptops, phones and badges got by GPO and Intune in 2025. Every pump that
authenticates from then on rejects it ("12520 EAP-TLS failed SSL/TLS
handshake because the client rejected the ISE local-certificate"): first
the pumps that roam (ED, PACU, transports) or are switched on, then,
through the morning, every pump whose 8-hour session comes up for
re-authentication. The controller drops them, excludes them for 60 s after
three failures, the pump retries with a growing back-off; Veris Connect
loses their heartbeats, pumphub marks them offline and the auto-programming
orders for them are answered "pump not connected". The pumps keep infusing;
nurses program and chart by hand. The runbook (Tuesday) reads pumps going
offline as a unit's Wi-Fi, an AP or a pumphub release and says to roll back
after a release; the wireless team upgraded the 4W and 4E access points the
night before.

Arjun rolls back to 2.20.2 at 11:21 (the warning loses its AP and comes
150 s later; the pumps stay offline). Ben (clinical engineering) finds the
pumps on 4W showing "Network: authentication failed" with full signal;
Daniel (wireless) finds the pumps' MACs failing 802.1X and excluded on both
controllers while badges and laptops join, and ISE's 12520 for every
host/VERIS-... since 10:04. Farah confirms the certificate change and that
the pumps' profile trusts only the old root, and binds the old certificate
(valid until Sunday) to EAP again at 12:37-12:38. The pumps reconnect at
their next retry, within about ten minutes. Biomed will push the G2 root
to the pumps' network profile through Veris Connect on Saturday before the
new certificate goes back; 2.21.0 is deployed again at 13:32. Nothing in
pumphub is changed.

Sources: pumphub (logback, line format), Veris Connect (log4net, line
format), Cisco ISE (syslog, line format), the wireless controllers (Catalyst
9800, syslog RFC 3164), the integration engine's PIV and ADT routes (line
format), Argo CD (logrus text), #pumphub-oncall (Teams export, JSON lines),
ServiceNow incidents and change records (JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario

SERVICE = "pumphub"
START, END = utc("2026-12-31 12:00:00"), utc("2026-12-31 19:30:00")
DEPLOY_2210 = utc("2026-12-31 14:31:10")
CERT_NEW = {"ise-psn01": utc("2026-12-31 15:04:30"), "ise-psn02": utc("2026-12-31 15:06:10")}
ROLLBACK = utc("2026-12-31 16:21:40")
CERT_OLD = {"ise-psn01": utc("2026-12-31 17:37:50"), "ise-psn02": utc("2026-12-31 17:38:40")}
REDEPLOY = utc("2026-12-31 18:32:00")
LIB = "AGRHC-MASTER v97"

PKG = "src/main/kotlin/ca/ashgrove/pumphub"
TPKG = "src/test/kotlin/ca/ashgrove/pumphub"

# ---------------------------------------------------------------------------
# the repository

BUILD_GRADLE = """plugins {
    id("org.springframework.boot") version "3.5.8"
    id("io.spring.dependency-management") version "1.1.7"
    kotlin("jvm") version "2.2.20"
    kotlin("plugin.spring") version "2.2.20"
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

CONNECTION_MONITOR = """package ca.ashgrove.pumphub.connection

import ca.ashgrove.pumphub.pce.PceConnectionState
import ca.ashgrove.pumphub.pce.PceDeviceClient
import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import java.time.Duration
import java.time.Instant

/**
 * Which pumps Veris Connect can reach. A pump whose heartbeat Veris Connect
 * has not seen for `offline-after` polls is offline: auto-programming orders
 * for it are answered at once and the unit's dashboard shows it grey.
 */
@Component
class ConnectionMonitor(private val pce: PceDeviceClient, private val props: ConnectionProperties) {
    private val log = LoggerFactory.getLogger(javaClass)
    private val missed = mutableMapOf<String, Int>()
    private val offlineSince = mutableMapOf<String, Instant>()

    fun isOffline(serial: String) = offlineSince.containsKey(serial)

    @Scheduled(fixedDelayString = "\\${pumphub.connection.poll-interval}")
    fun poll() {
        val now = Instant.now()
        for (device in pce.listDevices()) {
            val connected = device.connection.state == PceConnectionState.CONNECTED
            if (connected) {
                missed.remove(device.serial)
                offlineSince.remove(device.serial)?.let {
                    log.info("Pump {} back online after {} min (AP {})", device.serial, Duration.between(it, now).toMinutes(), device.connection.accessPoint)
                }
                continue
            }
            if (device.connection.poweredOff) continue
            val n = missed.merge(device.serial, 1, Int::plus)!!
            if (n == props.offlineAfter) {
                offlineSince[device.serial] = now
                log.info("Pump {} disconnected from Veris Connect ({} missed heartbeats)", device.serial, n)
            }
        }
    }
}
"""

AUTOPROG = """package ca.ashgrove.pumphub.autoprog

import ca.ashgrove.pumphub.connection.ConnectionMonitor
import ca.ashgrove.pumphub.pce.PceDeviceClient
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service
import java.time.Duration

/** RGV^O15 from the integration engine -> Veris Connect remote program -> the pump's confirmation. */
@Service
class AutoProgramService(
    private val pce: PceDeviceClient,
    private val connections: ConnectionMonitor,
    private val props: AutoProgramProperties,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun program(order: PivOrder): PivResult {
        val job = pce.remoteProgram(order.pumpSerial, order.channel, order.toVerisProgram())
        val done = JobWaiter(pce).await(job.id, props.confirmTimeout)
        return when {
            done == null -> PivResult.error("timed out after ${props.confirmTimeout.toMillis()} ms")
            done.state == "CONFIRMED" -> PivResult.ok()
            else -> PivResult.error("rejected by pump: ${done.detail}")
        }
    }
}

data class AutoProgramProperties(val confirmTimeout: Duration = Duration.ofSeconds(30))
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
    api: v3
    timeout: 10s
  library:
    reconcile-interval: 120000
    editor-export: /mnt/library-exports
  connection:
    poll-interval: 30000
    offline-after: 5
  autoprog:
    confirm-timeout: 30s
  events:
    pull-interval: 30000
    batch-size: 1000
  formulary:
    pis-export: /mnt/pis/iv-formulary.csv
    map: config/formulary-map.yaml
    cron: "0 30 8 * * *"
"""

RUNBOOK = """# pumphub runbook

Owner: Clinical Informatics, #pumphub-oncall. Veris Connect is Aldana's
server (vendor support 1-888-555-0142, contract AGR-2291); clinical
engineering (biomed) owns the pumps; the Wi-Fi and ISE belong to Network
Services (#wireless).

## Library distribution

The weekly library is published on Wednesdays at 14:00. Pumps install it
at their next power-up or new patient. `POST /admin/library/distribution/pause`
stops the reconcile. Veris Connect's "device holds ... pending activation,
replacing it" means we sent a pump the library it already holds (PH-236).

## Auto-programming failures

Alert "Auto-program failure rate" fires above 10 % over 10 minutes.
"rejected by pump: BUSY_DATASET_TRANSFER": the pump is receiving a library.
"""

RUNBOOK_OFFLINE = """
## Pumps offline

Alert "Pumps offline" fires when more than 20 powered-on pumps have no
Veris Connect session for 10 minutes.

- A few pumps on one unit: the unit's Wi-Fi. Ask #wireless to check the
  unit's access points (coverage, a failed AP, a change the night before).
  Pumps in elevators and stairwells drop for a minute or two during
  transports; that is normal.
- Many pumps everywhere: check Veris Connect (service running, sessions on
  its dashboard). If it started after a pumphub release, roll back first
  (Argo CD > pumphub > History and rollback) and tell #pumphub-oncall.
- Pumps keep infusing when offline; nurses program by hand and chart the
  infusion manually until the pump is back.
"""

FORMULARY_SYNC = """package ca.ashgrove.pumphub.formulary

import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/** Compares the PIS IV products with the library's entries for the drug library pharmacist. */
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
        val unmatched = products.filter { p ->
            map.entryFor(p) == null && entries.none { e ->
                (e.din != null && e.din == p.din && e.concentration == p.concentration) ||
                    e.genericName.equals(p.genericName, ignoreCase = true)
            }
        }
        report.write(products, entries, unmatched)
        log.info("Formulary sync: {} PIS IV products, {} library entries; {} products without a library entry", products.size, entries.size, unmatched.size)
    }
}
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    maya = Person("Maya Lindqvist", "maya.lindqvist@ashgrovehealth.ca", -300)
    arjun = Person("Arjun Sethi", "arjun.sethi@ashgrovehealth.ca", -300)
    chloe = Person("Chloé Tremblay", "chloe.tremblay@ashgrovehealth.ca", -300)
    ben = Person("Ben Okafor", "ben.okafor@ashgrovehealth.ca", -300)
    bot = Person("renovate[bot]", "renovate@ashgrove.local", 0)
    files = {
        "settings.gradle.kts": 'rootProject.name = "pumphub"\n',
        "gradle.properties": "version=2.20.2\nkotlin.code.style=official\n",
        "build.gradle.kts": BUILD_GRADLE,
        f"{PKG}/PumphubApplication.kt": "package ca.ashgrove.pumphub\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.context.properties.ConfigurationPropertiesScan\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\n@ConfigurationPropertiesScan\nclass PumphubApplication\n\nfun main(args: Array<String>) {\n    runApplication<PumphubApplication>(*args)\n}\n",
        f"{PKG}/pce/PceModels.kt": "package ca.ashgrove.pumphub.pce\n\nimport com.fasterxml.jackson.annotation.JsonEnumDefaultValue\nimport java.time.Instant\n\n/** Veris Connect REST API v3, GET /api/v3/devices (cursor pages). */\ndata class PceDevicePage(val items: List<PceDevice>, val nextCursor: String?)\n\ndata class PceDevice(\n    val serial: String,\n    val model: String,\n    val firmware: String,\n    val careArea: String?,\n    val connection: PceConnection,\n    val library: PceDeviceLibrary,\n)\n\ndata class PceConnection(val state: PceConnectionState, val accessPoint: String?, val lastSeen: Instant?, val poweredOff: Boolean = false)\n\nenum class PceConnectionState { CONNECTED, DISCONNECTED, @JsonEnumDefaultValue UNKNOWN }\n\ndata class PceDeviceLibrary(val state: PceLibraryState, val active: PceDataset?, val pending: PceDataset?)\n\ndata class PceDataset(val name: String, val crc: String, val receivedAt: Instant?)\n\nenum class PceLibraryState { ACTIVE, PENDING_ACTIVATION, TRANSFERRING, FAILED, @JsonEnumDefaultValue UNKNOWN }\n\ndata class PceJob(val id: Long, val serial: String, val type: String, val state: String, val detail: String?)\n",
        f"{PKG}/connection/ConnectionMonitor.kt": CONNECTION_MONITOR,
        f"{PKG}/connection/ConnectionProperties.kt": "package ca.ashgrove.pumphub.connection\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\n\n@ConfigurationProperties(\"pumphub.connection\")\ndata class ConnectionProperties(val pollInterval: Long = 30000, val offlineAfter: Int = 5)\n",
        f"{PKG}/autoprog/AutoProgramService.kt": AUTOPROG,
        f"{PKG}/formulary/FormularySync.kt": FORMULARY_SYNC,
        f"{PKG}/events/PumpEventCollector.kt": "package ca.ashgrove.pumphub.events\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.scheduling.annotation.Scheduled\nimport org.springframework.stereotype.Component\n\n/** Pulls the pumps' event logs from Veris Connect into the CQI archive. */\n@Component\nclass PumpEventCollector(private val source: VerisEventSource, private val archive: EventArchive) {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    @Scheduled(fixedDelayString = \"\\${pumphub.events.pull-interval}\")\n    fun pull() {\n        val batch = source.since(archive.cursor())\n        archive.append(batch.events.filter { it.seq > archive.lastSeq(it.serial) })\n        log.info(\"Pulled {} pump events from Veris Connect (cursor {})\", batch.events.size, batch.cursor)\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        f"{TPKG}/connection/ConnectionMonitorTest.kt": "package ca.ashgrove.pumphub.connection\n\nimport kotlin.test.Test\nimport kotlin.test.assertFalse\nimport kotlin.test.assertTrue\n\nclass ConnectionMonitorTest {\n    @Test fun `offline after the configured misses`() {\n        val monitor = FakeVeris.monitor(offlineAfter = 5)\n        repeat(4) { FakeVeris.miss(\"31A0001\"); monitor.poll() }\n        assertFalse(monitor.isOffline(\"31A0001\"))\n        FakeVeris.miss(\"31A0001\"); monitor.poll()\n        assertTrue(monitor.isOffline(\"31A0001\"))\n    }\n}\n",
        "deploy/helm/pumphub/values-prod.yaml": "image:\n  repository: registry.ashgrove.local/clinical/pumphub\n  tag: \"2.20.2\"\nreplicas: 1          # one reconcile at a time; the scheduler is not clustered\nresources:\n  requests: { cpu: 250m, memory: 768Mi }\n  limits: { memory: 768Mi }\nenv:\n  SPRING_PROFILES_ACTIVE: prod\n  PUMPHUB_PCE_BASE_URL: https://veris-connect.ashgrove.local:8443\nsecrets:\n  - pumphub-db\n  - pumphub-veris-api-key\n",
        ".gitlab-ci.yml": "stages: [test, build, release]\n\ntest:\n  stage: test\n  image: eclipse-temurin:21-jdk\n  script:\n    - ./gradlew test\n\nbuild:\n  stage: build\n  image: eclipse-temurin:21-jdk\n  script:\n    - ./gradlew bootBuildImage --imageName=registry.ashgrove.local/clinical/pumphub:$CI_COMMIT_SHORT_SHA\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n\nrelease:\n  stage: release\n  image: alpine/git\n  script:\n    - ./scripts/bump-values.sh \"$CI_COMMIT_TAG\"\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# pumphub\n\nAshgrove Regional Health Centre's glue around the Aldana Veris infusion\npumps and Veris Connect: drug library distribution by care area, bar-code\nauto-programming (IHE PIV from the EHR through the integration engine),\nthe pumps' connections and event logs, and the formulary sync.\n\nReleases are tags `vX.Y.Z`; Argo CD syncs `deploy/helm/pumphub` to the\n`clinical` namespace of ocp-prod. See `docs/runbook.md`.\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.20.2\n\n- PH-296 library publish waits for the pharmacist's second verification\n",
    }
    repo.commit(utc("2026-12-21 15:10:00"), maya, "pumphub 2.20.2", files)
    repo.schedule([
        (utc("2026-12-22 20:40:00"), chloe, "gitignore: build/ and .gradle/",
         lambda r: {".gitignore": r.files.get(".gitignore", "") + "build/\n.gradle/\n*.iml\n"}),
        (utc("2026-12-28 15:30:00"), arjun, "docs: Veris Connect 6.0 upgrade notes",
         lambda r: {"docs/veris-connect-6.md": "# Veris Connect 6.0\n\nPlanned for February. v2 endpoints are gone (we use v3 since 2.14.0).\nThe device session protocol and the pumps' network profiles do not change.\n"}),
    ])
    repo.commit(utc("2026-12-21 19:40:00"), chloe, "formulary: year-end discrepancy report for P&T (PH-298)", {
        f"{PKG}/formulary/FormularySync.kt": sub(repo.files[f"{PKG}/formulary/FormularySync.kt"],
                                                  "        report.write(products, entries, unmatched)\n",
                                                  "        report.write(products, entries, unmatched)\n        if (java.time.LocalDate.now().monthValue == 12) report.writeYearEnd(products, entries)\n"),
    })
    repo.commit(utc("2026-12-22 14:05:00"), arjun, "events: CQI export of soft-limit overrides per care area (PH-301)", {
        f"{PKG}/events/CqiExport.kt": "package ca.ashgrove.pumphub.events\n\nimport org.springframework.stereotype.Component\n\n/** Monthly CQI export for pharmacy: soft-limit overrides and hard-limit stops per care area and drug. */\n@Component\nclass CqiExport(private val archive: EventArchive) {\n    fun overrides(month: java.time.YearMonth) = archive.limitAlerts(month)\n        .groupBy { it.careArea to it.drug }\n        .map { (key, alerts) -> CqiRow(key.first, key.second, alerts.count { it.overridden }, alerts.count { it.hardStop }) }\n}\n",
    })
    repo.commit(utc("2026-12-23 16:30:00"), bot, "Update dependency org.springframework.boot to v3.5.9", {
        "build.gradle.kts": repo.files["build.gradle.kts"].replace('id("org.springframework.boot") version "3.5.8"', 'id("org.springframework.boot") version "3.5.9"'),
    })
    repo.commit(utc("2026-12-29 14:50:00"), ben, "runbook: pumps offline", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_OFFLINE,
    })
    repo.commit(utc("2026-12-29 18:20:00"), arjun, "connection: a pump is offline after 3 missed heartbeats, not 5 (PH-305)\n\nNurses scan a pump that has been gone for two minutes and wait 30 s for\nthe timeout; 90 s is enough for a transport through the elevators.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    offline-after: 5\n", "    offline-after: 3\n"),
    })
    repo.commit(utc("2026-12-30 15:10:00"), maya, "connection: warn with the last access point when a pump goes offline (PH-307)\n\nBiomed and the wireless team want the AP to find dead spots.", {
        f"{PKG}/connection/ConnectionMonitor.kt": sub(repo.files[f"{PKG}/connection/ConnectionMonitor.kt"],
                                                      "                log.info(\"Pump {} disconnected from Veris Connect ({} missed heartbeats)\", device.serial, n)\n",
                                                      "                log.warn(\n                    \"Pump {} ({}) offline: no heartbeat from Veris Connect for {} s, last AP {}\",\n                    device.serial, device.careArea, n * props.pollInterval / 1000, device.connection.accessPoint ?: \"unknown\",\n                )\n"),
    })
    repo.commit(utc("2026-12-30 17:40:00"), chloe, "autoprog: answer the engine at once when the pump is not connected (PH-308)\n\nThe nurse waited 30 s for a timeout we could have predicted.", {
        f"{PKG}/autoprog/AutoProgramService.kt": sub(repo.files[f"{PKG}/autoprog/AutoProgramService.kt"],
                                                     "    fun program(order: PivOrder): PivResult {\n",
                                                     "    fun program(order: PivOrder): PivResult {\n        if (connections.isOffline(order.pumpSerial)) {\n            log.warn(\"Auto-program {} to {}: pump not connected to Veris Connect\", order.messageId, order.pumpSerial)\n            return PivResult.error(\"pump not connected to Veris Connect\")\n        }\n"),
    })
    repo.commit(utc("2026-12-30 19:05:00"), bot, "Update dependency ca.uhn.hapi:hapi-structures-v26 to v2.6.0", {
        "build.gradle.kts": repo.files["build.gradle.kts"].replace("hapi-structures-v26:2.5.1", "hapi-structures-v26:2.6.0"),
    })
    rel2210 = repo.commit(utc("2026-12-31 13:55:00"), maya, "release 2.21.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "version=2.20.2", "version=2.21.0"),
        "deploy/helm/pumphub/values-prod.yaml": sub(repo.files["deploy/helm/pumphub/values-prod.yaml"], 'tag: "2.20.2"', 'tag: "2.21.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 2.21.0\n\n- PH-305 offline after 3 missed heartbeats\n- PH-307 offline warning with the last access point\n- PH-308 immediate answer for a pump that is not connected\n- PH-301 CQI export of overrides\n- PH-298 year-end discrepancy report\n- HAPI 2.6.0, Spring Boot 3.5.9\n",
    })
    repo.commit(utc("2026-12-31 19:05:00"), ben, "runbook: pumps offline after an ISE certificate change", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf pumps everywhere go offline one after another and ISE shows \"12520\nEAP-TLS failed SSL/TLS handshake because the client rejected the ISE\nlocal-certificate\" for host/VERIS-..., the pumps do not trust ISE's EAP\ncertificate: their network profile trusts only the CA list loaded by\nbiomed. A rollback of pumphub does not help; Network Access must bind a\ncertificate the pumps trust.\n",
    })
    return repo, {"rel2210": rel2210, "base": repo.shas[0]}


# ---------------------------------------------------------------------------
# the logs

# unit, care area, LVPs, SPs, AP prefix, APs, controller, roams per hour while on
UNITS = [
    ("4W ICU", "ICU", 44, 20, "4W", 8, "wlc-c9800-01", 0.03),
    ("4E CCU", "ICU", 26, 8, "4E", 6, "wlc-c9800-01", 0.03),
    ("5N Medicine", "MED-SURG", 30, 0, "5N", 6, "wlc-c9800-02", 0.06),
    ("5S Surgery", "MED-SURG", 28, 0, "5S", 6, "wlc-c9800-02", 0.08),
    ("6N Oncology", "ONC", 34, 0, "6N", 6, "wlc-c9800-02", 0.04),
    ("6S Medicine", "MED-SURG", 24, 0, "6S", 5, "wlc-c9800-02", 0.06),
    ("7W Paediatrics", "PEDS", 18, 10, "7W", 4, "wlc-c9800-02", 0.05),
    ("3 PACU", "PACU", 20, 4, "3P", 4, "wlc-c9800-01", 0.5),
    ("2 Emergency", "ED", 22, 0, "2ED", 6, "wlc-c9800-01", 0.6),
    ("1 Birthing", "OB", 12, 0, "1B", 3, "wlc-c9800-01", 0.05),
]
PSN = {"wlc-c9800-01": "ise-psn01", "wlc-c9800-02": "ise-psn02"}
WLC_IP = {"wlc-c9800-01": "10.20.0.11", "wlc-c9800-02": "10.20.0.12"}
PSN_IP = {"ise-psn01": "10.20.4.21", "ise-psn02": "10.20.4.22"}
DRUGS = ["Norepinephrine 4 mg/250 mL", "Heparin 25,000 units/250 mL", "Propofol 1,000 mg/100 mL", "Sodium chloride 0.9% 1,000 mL",
         "Vancomycin 1 g/250 mL", "Piperacillin-tazobactam 4.5 g/100 mL", "Insulin regular 100 units/100 mL", "Ringer's lactate 1,000 mL",
         "Fentanyl 1,000 mcg/100 mL", "Oxytocin 30 units/500 mL", "Cefazolin 2 g/100 mL", "Hydromorphone PCA 10 mg/50 mL"]
BACKOFF = [60, 120, 240, 480, 900]


def at(hms):
    return utc(f"2026-12-31 {hms}")


def local(t):
    return t - dt.timedelta(hours=5)


def build_logs(rng, shas):
    pumphub, veris, ise, wlc, engine, argocd, teams, snow = (
        Log("pumphub.log"), Log("veris-connect.log"), Log("ise-psn.log"), Log("wlc-syslog.log"),
        Log("integration-engine.log"), Log("argocd-application-controller.log"), Log("teams-pumphub-oncall.log"),
        Log("servicenow.log"))
    stats = {"fail_auth": [], "pass_auth": [], "offline": [], "autoprog_fail": [], "autoprog_ok": [], "connected": []}

    # ---- writers
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

    def hdr(t):
        return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"

    ise_seq = {"ise-psn01": rng.randint(1800000, 1900000), "ise-psn02": rng.randint(2400000, 2500000)}
    ise_sess = {"ise-psn01": rng.randint(510000000, 519000000), "ise-psn02": rng.randint(610000000, 619000000)}
    # ISE's configuration version goes up with each admin change: the import and the EAP binding on each node, and the revert
    imports = {psn: CERT_NEW[psn] - dt.timedelta(seconds=rng.randint(30, 50)) for psn in CERT_NEW}
    changes = sorted(list(imports.values()) + list(CERT_NEW.values()) + list(CERT_OLD.values()))

    def cfgv(t):
        return 412 + len([c for c in changes if c <= t])

    deferred = {"ise": [], "wlc": []}

    def ise_line(t, psn, category, code, severity, body):
        if START <= t < END:
            deferred["ise"].append((t, len(deferred["ise"]), psn, category, code, severity, body))

    wlc_seq = {"wlc-c9800-01": rng.randint(300000, 400000), "wlc-c9800-02": rng.randint(500000, 600000)}

    def wlog(t, ctrl, msg):
        if START <= t < END:
            deferred["wlc"].append((t, len(deferred["wlc"]), ctrl, msg))

    def flush():
        """both number their messages in the order they send them"""
        for t, _, psn, category, code, severity, body in sorted(deferred["ise"], key=lambda e: (e[0], e[1])):
            ise_seq[psn] += rng.randint(1, 3)
            lt = local(t)
            stamp = lt.strftime("%Y-%m-%d %H:%M:%S.") + f"{lt.microsecond // 1000:03d} -05:00"
            ise.add(t, f"{hdr(t)} {psn} {category} {ise_seq[psn]:010d} 1 0 {stamp} {rng.randint(10**9, 2 * 10**9):010d} {code} {severity} {body}")
        for t, _, ctrl, msg in sorted(deferred["wlc"], key=lambda e: (e[0], e[1])):
            wlc_seq[ctrl] += 1
            lt = local(t)
            wlc.add(t, f"{hdr(t)} {ctrl} {wlc_seq[ctrl]}: {lt.strftime('%b')} {lt.day:>2} {lt.strftime('%H:%M:%S.')}{lt.microsecond // 1000:03d} EST: {msg}")

    def dot(mac):
        h = mac.replace(":", "")
        return f"{h[0:4]}.{h[4:8]}.{h[8:12]}"

    def dash(mac):
        return mac.replace(":", "-").upper()

    def bssid(ap):
        n = sum(ord(c) for c in ap)
        return f"a46c.2a{n % 256:02x}.{(n * 7) % 65536:04x}"

    # ---- the fleet
    pumps = []
    used = []
    for unit, area, n_lvp, n_sp, ap, n_ap, ctrl, roam in UNITS:
        for k in range(n_lvp + n_sp):
            lvp = k < n_lvp
            while True:
                serial = (f"31A{rng.randint(1000, 9999)}" if lvp else f"52S{rng.randint(1000, 9999)}")
                if serial not in used:
                    used.append(serial)
                    break
            pumps.append({
                "serial": serial, "model": "Veris LVP" if lvp else "Veris SP", "fw": ("4.14.1" if lvp else "2.7.0"),
                "unit": unit, "area": area, "ap_prefix": ap, "n_ap": n_ap, "ap": f"{ap}-AP{rng.randint(1, n_ap):02d}",
                "ctrl": ctrl, "roam": roam, "mac": "00:25:df:" + ":".join(f"{rng.randint(0, 255):02x}" for _ in range(3)),
                "ip": f"10.64.{rng.randint(8, 11)}.{rng.randint(10, 250)}",
                "on": False, "assoc": False, "session": False, "fails": 0, "retry_k": 0, "hist": [],
                "reported": None,
            })
    by_serial = {p["serial"]: p for p in pumps}

    q = []
    counter = [0]

    def push(t, kind, **data):
        counter[0] += 1
        heapq.heappush(q, (t, counter[0], kind, data))

    def cert_new(psn, t):
        return CERT_NEW[psn] <= t < CERT_OLD[psn]

    for p in pumps:
        if rng.random() < 0.72:
            p["on"] = True
            p["assoc"] = True
            p["session"] = True
            p["hist"].append((START - dt.timedelta(hours=1), True))
            last_auth = START - dt.timedelta(seconds=rng.uniform(0, 28800))
            push(last_auth + dt.timedelta(seconds=28800), "reauth", serial=p["serial"])
        t = START
        state = p["on"]
        while True:
            t = t + dt.timedelta(hours=rng.expovariate(1 / (20.0 if state else 8.0)))
            if t >= END:
                break
            push(t, "power_off" if state else "power_on", serial=p["serial"])
            state = not state
        t = START
        while True:
            t = t + dt.timedelta(hours=rng.expovariate(p["roam"]))
            if t >= END:
                break
            push(t, "roam", serial=p["serial"])

    # ---- pumphub versions
    def version(t):
        if t < DEPLOY_2210:
            return "2.20.2"
        if t < ROLLBACK:
            return "2.21.0"
        if t < REDEPLOY:
            return "2.20.2"
        return "2.21.0"

    blackout = []

    def down(t):
        return any(a <= t < b for a, b in blackout)

    # ---- authentication: a full EAP-TLS at power-up, roam and re-authentication
    def authenticate(t, p, why):
        psn = PSN[p["ctrl"]]
        ise_sess[psn] += rng.randint(1, 40)
        sess = f"{psn}/{ise_sess[psn]}/{rng.randint(1000000, 9999999)}"
        audit = "".join(rng.choice("0123456789ABCDEF") for _ in range(24))
        user = f"host/VERIS-{p['serial']}"
        common = (f"ConfigVersionId={cfgv(t)}, Device IP Address={WLC_IP[p['ctrl']]}, DestinationIPAddress={PSN_IP[psn]}, DestinationPort=1812, "
                  f"UserName={user}, Protocol=Radius, NetworkDeviceName={p['ctrl']}, User-Name={user}, NAS-IP-Address={WLC_IP[p['ctrl']]}, "
                  f"Called-Station-ID={bssid(p['ap']).replace('.', '').upper()[:2]}-{bssid(p['ap']).replace('.', '').upper()[2:4]}-{bssid(p['ap']).replace('.', '').upper()[4:6]}-"
                  f"{bssid(p['ap']).replace('.', '').upper()[6:8]}-{bssid(p['ap']).replace('.', '').upper()[8:10]}-{bssid(p['ap']).replace('.', '').upper()[10:12]}:AGH-MedDev, "
                  f"Calling-Station-ID={dash(p['mac'])}, NAS-Port-Type=Wireless - IEEE 802.11, AcsSessionID={sess}, SelectedAccessService=MedDev EAP-TLS")
        t_done = t + dt.timedelta(milliseconds=rng.randint(180, 900))
        if cert_new(psn, t):
            ise_line(t_done, psn, "CISE_Failed_Attempts", "5400", "NOTICE",
                     f"Failed-Attempt: Authentication failed, {common}, RequestLatency={rng.randint(40, 260)}, "
                     "FailureReason=12520 EAP-TLS failed SSL/TLS handshake because the client rejected the ISE local-certificate, "
                     "Step=11001, Step=11017, Step=15049, Step=15008, Step=11507, Step=12500, Step=12625, Step=11006, Step=11001, Step=11018, "
                     "Step=12502, Step=12800, Step=12805, Step=12806, Step=12807, Step=12808, Step=12810, Step=12811, Step=12520, "
                     "NetworkDeviceGroups=Location#All Locations#Main Campus, NetworkDeviceGroups=Device Type#All Device Types#WLC, "
                     f"EapAuthentication=EAP-TLS, TLSVersion=TLSv1.2, Location=Location#All Locations#Main Campus, Device Type=Device Type#All Device Types#WLC, "
                     f"Called-Station-SSID=AGH-MedDev, EndPointMACAddress={dash(p['mac'])}, ")
            wlog(t_done + dt.timedelta(milliseconds=rng.randint(5, 60)), p["ctrl"],
                 f"%DOT1X-5-FAIL: Chassis 1 R0/0: sessmgrd: Authentication failed for client ({dot(p['mac'])}) with reason (Cred Fail) on Interface "
                 f"capwap_9000{rng.randint(10, 99):04x} AuditSessionID {audit} Username: {user}")
            stats["fail_auth"].append((t_done, p["serial"], why))
            p["fails"] += 1
            p["assoc"] = False
            if p["session"]:
                # the pump loses its network; Veris Connect notices when the heartbeats stop
                p["session"] = False
                p["lost_at"] = t_done
                push(t_done + dt.timedelta(seconds=rng.uniform(60, 95)), "hb_timeout", serial=p["serial"], lost=t_done)
            if p["fails"] % 3 == 0:
                wlog(t_done + dt.timedelta(milliseconds=rng.randint(80, 300)), p["ctrl"],
                     f"%CLIENT_EXCLUSION_SERVER-5-ADD_TO_EXCLUSIONLIST_REASON: Chassis 1 R0/0: wncd: Client {dot(p['mac'])} was added to exclusion list "
                     f"associated with AP Name:{p['ap']}, BSSID:MAC: {bssid(p['ap'])} reason:802.1X Authentication failed 3 times.")
                wait = BACKOFF[min(p["retry_k"], len(BACKOFF) - 1)] + rng.uniform(0, 20)
                p["retry_k"] += 1
            else:
                wait = rng.uniform(4, 12)
            push(t_done + dt.timedelta(seconds=wait), "retry", serial=p["serial"])
            return False
        ise_line(t_done, psn, "CISE_Passed_Authentications", "5200", "NOTICE",
                 f"Passed-Authentication: Authentication succeeded, {common}, RequestLatency={rng.randint(30, 140)}, AuthenticationMethod=x509_PKI, "
                 "AuthenticationIdentityStore=Aldana-Device-CAP, SelectedAuthorizationProfiles=MedDev-Pumps, IdentityGroup=Endpoint Identity Groups:Profiled:Aldana-Veris, "
                 f"Step=11001, Step=11017, Step=12500, Step=12800, Step=12805, Step=12806, Step=12807, Step=12810, Step=12505, Step=15036, Step=15048, Step=22072, Step=24209, Step=11002, "
                 f"EapAuthentication=EAP-TLS, TLSVersion=TLSv1.2, Subject=CN=VERIS-{p['serial']}\\,O=Aldana Medical, Issuer=CN=Aldana Device CA 2\\,O=Aldana Medical, "
                 f"Called-Station-SSID=AGH-MedDev, EndPointMACAddress={dash(p['mac'])}, ")
        chan = rng.choice([36, 40, 44, 48, 149, 153, 157, 161]) if p["model"] == "Veris LVP" else rng.choice([1, 6, 11])
        wlog(t_done + dt.timedelta(milliseconds=rng.randint(20, 120)), p["ctrl"],
             f"%CLIENT_ORCH_LOG-6-CLIENT_ADDED_TO_RUN_STATE: Chassis 1 R0/0: wncd: Username entry ({user}) joined with ssid (AGH-MedDev) for device with MAC: {dot(p['mac'])} on channel ({chan})")
        stats["pass_auth"].append((t_done, p["serial"], why))
        p["assoc"] = True
        p["fails"] = 0
        p["retry_k"] = 0
        push(t_done + dt.timedelta(seconds=28800), "reauth", serial=p["serial"])
        if not p["session"]:
            push(t_done + dt.timedelta(seconds=rng.uniform(4, 14)), "session_up", serial=p["serial"])
        return True

    # ---- pumphub's connection monitor: polls Veris Connect every 30 s
    def offline_detect(t, p, lost):
        """Veris Connect closed the session; pumphub reports after 3 (2.21.0) or 5 (2.20.2) missed polls"""
        polls = 3 if version(t) == "2.21.0" else 5
        t_rep = lost + dt.timedelta(seconds=30 * polls + rng.uniform(0, 30))
        push(t_rep, "report_offline", serial=p["serial"], lost=lost)

    def report_offline(t, p, lost):
        if p["session"] or not p["on"] or p["reported"] is not None:
            return
        if down(t):
            return
        polls = 3 if version(t) == "2.21.0" else 5
        if (t - lost).total_seconds() < 30 * polls - 1:
            push(lost + dt.timedelta(seconds=30 * polls + rng.uniform(0, 1.5)), "report_offline", serial=p["serial"], lost=lost)
            return
        p["reported"] = t
        stats["offline"].append((t, p["serial"]))
        if version(t) == "2.21.0":
            plog(t, "WARN", "scheduling-1", "c.a.pumphub.connection.ConnectionMonitor",
                 f"Pump {p['serial']} ({p['area']}) offline: no heartbeat from Veris Connect for {30 * polls} s, last AP {p['ap']}")
        else:
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.connection.ConnectionMonitor",
                 f"Pump {p['serial']} disconnected from Veris Connect ({polls} missed heartbeats)")

    # ---- auto-programming orders
    order_no = [rng.randint(8810000, 8819000)]
    msg_no = [rng.randint(520000, 580000)]

    def order_rate(t):
        h = local(t).hour + local(t).minute / 60
        pts = [(7, 2.4), (8, 3.2), (10, 3.4), (11, 2.0), (13, 1.8), (14, 2.6), (15, 2.2)]
        for (h0, r0), (h1, r1) in zip(pts, pts[1:]):
            if h0 <= h <= h1:
                return r0 + (r1 - r0) * (h - h0) / (h1 - h0)
        return 2.2

    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(3.4 / 60))
        if t >= END:
            break
        if rng.random() < order_rate(t) / 3.4:
            push(t, "autoprog")

    def autoprog(t):
        if down(t):
            elog(t, "WARN", "PIV_OUT", "pumphub.clinical.svc:8080 connection refused; RGV^O15 held for retry in 5 s")
            t = next(b for a, b in blackout if a <= t < b) + dt.timedelta(seconds=rng.uniform(1, 5))
        cands = [p for p in pumps if p["on"]]
        weights = [3 if p["area"] in ("ICU", "ED") else (2 if p["area"] in ("ONC", "PACU") else 1) for p in cands]
        p = rng.choices(cands, weights)[0]
        order_no[0] += rng.randint(1, 9)
        msg_no[0] += 1
        mid = f"PIV{msg_no[0]:08d}"
        ch = rng.choice("AB") if p["model"] == "Veris LVP" else "A"
        drug = rng.choice(DRUGS)
        elog(t, "INFO", "PIV_OUT", f"RGV^O15 {mid} order {order_no[0]} {drug} -> pump {p['serial']} ch {ch} ({p['unit']} bed {rng.randint(1, 32)}) sent to pumphub")
        t1 = t + dt.timedelta(milliseconds=rng.randint(20, 90))
        if not p["session"]:
            if version(t1) == "2.21.0" and p["reported"] is not None:
                tr = t1 + dt.timedelta(milliseconds=rng.randint(5, 30))
                plog(tr, "WARN", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
                     f"Auto-program {mid} to {p['serial']}: pump not connected to Veris Connect")
                elog(tr + dt.timedelta(milliseconds=rng.randint(30, 120)), "WARN", "PIV_OUT", f"ACK AE {mid} from pumphub: pump not connected to Veris Connect; order returned to nurse for manual programming")
            else:
                jid = rng.randint(7100000, 7599999)
                vlog(t1 + dt.timedelta(milliseconds=rng.randint(30, 100)), f"REST-{rng.randint(1, 16):02d}", "INFO", "Veris.Connect.Jobs.JobQueue",
                     f"Remote program job {jid} for {p['serial']} channel {ch} queued: device has no session")
                tr = t1 + dt.timedelta(seconds=30, milliseconds=rng.randint(2, 40))
                plog(tr, "WARN", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
                     f"Auto-program {mid} order {order_no[0]} to {p['serial']} channel {ch} ({p['unit']}): timed out after 30000 ms (Veris Connect job {jid} QUEUED)")
                vlog(tr + dt.timedelta(milliseconds=rng.randint(5, 40)), f"REST-{rng.randint(1, 16):02d}", "WARN", "Veris.Connect.Jobs.JobQueue",
                     f"Remote program job {jid} for {p['serial']} channel {ch} cancelled by client after 30000 ms; device has no session")
                elog(tr + dt.timedelta(milliseconds=rng.randint(60, 200)), "WARN", "PIV_OUT", f"ACK AE {mid} from pumphub: timed out after 30000 ms; order returned to nurse for manual programming")
            stats["autoprog_fail"].append(tr)
            return
        lat = rng.uniform(1.6, 5.2)
        jid = rng.randint(7100000, 7599999)
        tr = t1 + dt.timedelta(seconds=lat)
        vlog(tr, f"JOB-{rng.randint(1, 8):02d}", "INFO", "Veris.Connect.Jobs.RemoteProgramJob",
             f"Remote program job {jid} for {p['serial']} channel {ch}: confirmed by device in {int(lat * 1000)} ms")
        plog(tr + dt.timedelta(milliseconds=rng.randint(10, 60)), "INFO", f"http-nio-8080-exec-{rng.randint(1, 10)}", "c.a.pumphub.autoprog.AutoProgramService",
             f"Auto-program {mid} order {order_no[0]} to {p['serial']} channel {ch} ({p['unit']}): confirmed by pump in {int(lat * 1000)} ms")
        elog(tr + dt.timedelta(milliseconds=rng.randint(60, 200)), "INFO", "PIV_OUT", f"ACK AA {mid} from pumphub in {lat + 0.1:.1f} s")
        stats["autoprog_ok"].append(tr)

    # ---- schedule the rest
    push(START + dt.timedelta(seconds=rng.uniform(20, 110)), "reconcile")
    t_pull = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t_pull < END:
        push(t_pull, "pull")
        t_pull += dt.timedelta(seconds=30, milliseconds=rng.randint(40, 400))
    t_tick = START
    while t_tick < END:
        push(t_tick, "tick")
        t_tick += dt.timedelta(seconds=30)
    t_vs = START + dt.timedelta(seconds=rng.uniform(0, 300))
    while t_vs < END:
        push(t_vs, "veris_stats")
        t_vs += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 300))
    for when, ver, sha in ((DEPLOY_2210, "2.21.0", shas["rel2210"]), (ROLLBACK, "2.20.2", shas["base"]), (REDEPLOY, "2.21.0", shas["rel2210"])):
        push(when, "restart", ver=ver, sha=sha)
    cursor = [rng.randint(180000000, 181000000)]

    while q:
        t, _, kind, data = heapq.heappop(q)
        if t >= END:
            break
        p = by_serial.get(data.get("serial")) if "serial" in data else None
        if kind == "reauth":
            if p["on"] and p["assoc"]:
                authenticate(t, p, "reauth")
        elif kind == "roam":
            if p["on"] and p["assoc"]:
                p["ap"] = f"{p['ap_prefix']}-AP{rng.randint(1, p['n_ap']):02d}"
                # some transports cross a dead spot (elevators) and lose the network for a minute or two
                if p["area"] in ("ED", "PACU") and rng.random() < 0.25:
                    p["session"] = False
                    p["assoc"] = False
                    lost = t
                    push(t + dt.timedelta(seconds=rng.uniform(60, 95)), "hb_timeout", serial=p["serial"], lost=lost)
                    push(t + dt.timedelta(seconds=rng.uniform(100, 260)), "retry", serial=p["serial"])
                else:
                    authenticate(t, p, "roam")
        elif kind == "retry":
            if p["on"] and not p["assoc"]:
                authenticate(t, p, "retry")
        elif kind == "power_on":
            if p["on"]:
                continue
            p["on"] = True
            p["hist"].append((t, True))
            p["ap"] = f"{p['ap_prefix']}-AP{rng.randint(1, p['n_ap']):02d}"
            p["fails"] = 0
            p["retry_k"] = 0
            authenticate(t + dt.timedelta(seconds=rng.uniform(25, 45)), p, "power-up")
        elif kind == "power_off":
            if not p["on"]:
                continue
            p["on"] = False
            p["hist"].append((t, False))
            p["assoc"] = False
            if p["session"]:
                p["session"] = False
                vlog(t + dt.timedelta(seconds=rng.uniform(0.5, 3)), f"SESS-{rng.randint(1, 40):02d}", "INFO", "Veris.Connect.Sessions.DeviceSessionManager",
                     f"Device {p['serial']} disconnected: powered off")
                plog(t + dt.timedelta(seconds=rng.uniform(5, 30)), "INFO", "scheduling-1", "c.a.pumphub.connection.ConnectionMonitor", f"Pump {p['serial']} powered off")
            p["reported"] = None
        elif kind == "hb_timeout":
            if p["session"] or not p["on"]:
                continue
            vlog(t, f"SESS-{rng.randint(1, 40):02d}", "WARN", "Veris.Connect.Sessions.DeviceSessionManager",
                 f"Device {p['serial']} session closed: no heartbeat for 90 s (last AP {p['ap']}, {p['ip']})")
            offline_detect(t, p, data["lost"])
        elif kind == "report_offline":
            report_offline(t, p, data["lost"])
        elif kind == "session_up":
            if not p["on"] or not p["assoc"] or p["session"]:
                continue
            p["session"] = True
            stats["connected"].append((t, p["serial"]))
            vlog(t, f"SESS-{rng.randint(1, 40):02d}", "INFO", "Veris.Connect.Sessions.DeviceSessionManager",
                 f"Device {p['serial']} connected ({p['model']} fw {p['fw']}, {p['ip']}, AP {p['ap']}); library {LIB}")
            if p["reported"] is not None:
                mins = int((t - p["reported"]).total_seconds() // 60) + 2
                plog(t + dt.timedelta(seconds=rng.uniform(2, 30)), "INFO", "scheduling-1", "c.a.pumphub.connection.ConnectionMonitor",
                     f"Pump {p['serial']} back online after {mins} min (AP {p['ap']})")
                p["reported"] = None
        elif kind == "autoprog":
            autoprog(t)
        elif kind == "reconcile":
            if down(t):
                push(t + dt.timedelta(seconds=40), "reconcile")
                continue
            on = [x for x in pumps if x["on"]]
            conn = [x for x in on if x["session"]]
            tt = t + dt.timedelta(milliseconds=rng.randint(300, 900))
            plog(tt, "INFO", "scheduling-1", "c.a.pumphub.library.LibraryReconciler",
                 f"Library reconcile: {len(pumps)} pumps, {len(conn)} current, 0 delivered, 0 transferring, 0 not current, {len(pumps) - len(conn)} offline; 0 transfers queued, 0 open")
            push(t + dt.timedelta(seconds=120, milliseconds=rng.randint(800, 2600)), "reconcile")
        elif kind == "pull":
            if down(t):
                continue
            conn = len([x for x in pumps if x["session"]])
            n = max(0, int(rng.gauss(conn / 12, 3)))
            cursor[0] += n
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.events.PumpEventCollector", f"Pulled {n} pump events from Veris Connect (cursor {cursor[0]})")
        elif kind == "tick":
            # what the "Pumps offline" alert counts: reported offline by pumphub, still powered on
            stats.setdefault("nosess", []).append((t, len([x for x in pumps if x["on"] and not x["session"] and x["reported"] is not None])))
        elif kind == "veris_stats":
            conn = len([x for x in pumps if x["session"]])
            stats.setdefault("sessions", []).append((t, conn))
            vlog(t, "MON-01", "INFO", "Veris.Connect.Diagnostics.WorkerPoolMonitor",
                 f"Sessions: {conn} devices connected; workers {rng.randint(2, 7)}/40 busy (0 dataset transfers); 0 dataset transfers queued; 0 completed in the last 5 min")
        elif kind == "restart":
            ver, sha = data["ver"], data["sha"]
            t0 = t
            plog(t0, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
            plog(t0 + dt.timedelta(milliseconds=rng.randint(200, 800)), "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete")
            up = t0 + dt.timedelta(seconds=rng.uniform(14, 22))
            plog(up, "INFO", "main", "c.a.pumphub.PumphubApplicationKt", f"Starting PumphubApplicationKt v{ver} using Java 21.0.9 with PID 1 (/workspace/BOOT-INF/classes started by 1000720000 in /workspace)")
            plog(up + dt.timedelta(milliseconds=rng.randint(30, 60)), "INFO", "main", "c.a.pumphub.PumphubApplicationKt", 'The following 1 profile is active: "prod"')
            plog(up + dt.timedelta(seconds=rng.uniform(3, 4)), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
            ready = up + dt.timedelta(seconds=rng.uniform(6, 8))
            plog(ready, "INFO", "main", "c.a.pumphub.PumphubApplicationKt", f"Started PumphubApplicationKt in {(ready - up).total_seconds() + 1.2:.3f} seconds (process running for {(ready - up).total_seconds() + 1.9:.3f})")
            plog(ready + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "main", "c.a.pumphub.StartupInfo",
                 f"pumphub {ver} (git {sha[:7]}) ready: Veris Connect https://veris-connect.ashgrove.local:8443 API v3, connection poll every 30 s, offline after {3 if ver == '2.21.0' else 5} missed heartbeats")
            blackout.append((t0, ready))
            # the new process learns the state from its first polls: pumps already gone are offline at once
            on = [x for x in pumps if x["on"]]
            gone = [x for x in on if not x["session"]]
            first = ready + dt.timedelta(seconds=rng.uniform(1, 3))
            plog(first, "INFO", "scheduling-1", "c.a.pumphub.connection.ConnectionMonitor",
                 f"Connection monitor started: {len(on) - len(gone)} pumps connected, {len(gone)} powered on without a session, {len(pumps) - len(on)} powered off")
            for x in gone:
                # its missed-heartbeat counts start again from zero
                x["reported"] = None
                push(first, "report_offline", serial=x["serial"], lost=first)

    # ---- ISE: the rest of the hospital's wireless (staff laptops, phones, badges), and the admin change
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.6 / 60))
        if t >= END:
            break
        psn = rng.choice(["ise-psn01", "ise-psn02"])
        ctrl = "wlc-c9800-01" if psn == "ise-psn01" else "wlc-c9800-02"
        kind = rng.choices(["laptop", "badge", "phone", "byod"], [5, 4, 3, 1])[0]
        mac = ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))
        ise_sess[psn] += rng.randint(1, 40)
        sess = f"{psn}/{ise_sess[psn]}/{rng.randint(1000000, 9999999)}"
        if kind == "laptop":
            user, ssid, method, eap = f"host/AGH-LT-{rng.randint(1000, 4999)}.ashgrove.local", "AGH-Staff", "x509_PKI", "EAP-TLS"
        elif kind == "badge":
            user, ssid, method, eap = f"vocera-{rng.randint(100, 899)}", "AGH-Voice", "MSCHAPV2", "EAP-MSCHAPv2"
        elif kind == "phone":
            user, ssid, method, eap = f"ASHGROVE\\{rng.choice('abcdefghjklmnprstw')}{rng.choice(['nguyen', 'patel', 'smith', 'li', 'roy', 'martin', 'wilson', 'brown', 'khan', 'singh'])}", "AGH-Staff", "MSCHAPV2", "EAP-MSCHAPv2"
        else:
            user, ssid, method, eap = f"ASHGROVE\\{rng.choice('abcdefghjklmnprstw')}{rng.choice(['gagnon', 'cote', 'ali', 'chen', 'wong'])}", "AGH-Staff", "MSCHAPV2", "EAP-MSCHAPv2"
        common = (f"ConfigVersionId={cfgv(t)}, Device IP Address={WLC_IP[ctrl]}, DestinationIPAddress={PSN_IP[psn]}, DestinationPort=1812, "
                  f"UserName={user}, Protocol=Radius, NetworkDeviceName={ctrl}, User-Name={user}, NAS-IP-Address={WLC_IP[ctrl]}, "
                  f"Calling-Station-ID={mac.replace(':', '-').upper()}, NAS-Port-Type=Wireless - IEEE 802.11, AcsSessionID={sess}")
        t_done = t + dt.timedelta(milliseconds=rng.randint(150, 700))
        if kind == "byod" and rng.random() < (0.5 if cert_new(psn, t) else 0.15):
            ise_line(t_done, psn, "CISE_Failed_Attempts", "5400", "NOTICE",
                     f"Failed-Attempt: Authentication failed, {common}, SelectedAccessService=Staff PEAP, RequestLatency={rng.randint(40, 9000)}, "
                     "FailureReason=12321 PEAP failed SSL/TLS handshake because the client rejected the ISE local-certificate, "
                     f"Step=11001, Step=11017, Step=12300, Step=12625, Step=12302, Step=12319, Step=12321, EapTunnel=PEAP, Called-Station-SSID={ssid}, ")
            continue
        if rng.random() < 0.025:
            ise_line(t_done, psn, "CISE_Failed_Attempts", "5400", "NOTICE",
                     f"Failed-Attempt: Authentication failed, {common}, SelectedAccessService=Staff PEAP, RequestLatency={rng.randint(40, 90000)}, "
                     "FailureReason=5411 Supplicant stopped responding to ISE, Step=11001, Step=11017, Step=12300, Step=12625, Step=5411, "
                     f"Called-Station-SSID={ssid}, ")
            continue
        ise_line(t_done, psn, "CISE_Passed_Authentications", "5200", "NOTICE",
                 f"Passed-Authentication: Authentication succeeded, {common}, RequestLatency={rng.randint(20, 160)}, AuthenticationMethod={method}, "
                 f"SelectedAccessService={'Staff EAP-TLS' if eap == 'EAP-TLS' else 'Staff PEAP'}, SelectedAuthorizationProfiles={'Staff-Corp' if kind == 'laptop' else ('Voice-Badges' if kind == 'badge' else 'Staff-BYOD')}, "
                 f"EapAuthentication={eap}, {'EapTunnel=PEAP, ' if eap != 'EAP-TLS' else ''}TLSVersion=TLSv1.2, Called-Station-SSID={ssid}, ")
        wlog(t_done + dt.timedelta(milliseconds=rng.randint(20, 120)), ctrl,
             f"%CLIENT_ORCH_LOG-6-CLIENT_ADDED_TO_RUN_STATE: Chassis 1 R0/0: wncd: Username entry ({user}) joined with ssid ({ssid}) for device with MAC: {dot(mac)} on channel ({rng.choice([1, 6, 11, 36, 44, 149, 157])})")

    def admin(t, psn, text, code="51001"):
        ise_line(t, psn, "CISE_Administrative_and_Operational_Audit", code, "NOTICE", text)

    for psn in ("ise-psn01", "ise-psn02"):
        tn = CERT_NEW[psn]
        admin(imports[psn], psn,
              f"Configuration-Changes: Added configuration, ConfigVersionId={cfgv(imports[psn])}, AdminInterface=GUI, AdminIPAddress=10.20.30.44, AdminName=fhaddad, "
              f"OperationMessageText=System certificate ise-eap.ashgrove.ca imported on {psn} (issuer Ashgrove Issuing CA G2, valid to 2028-12-30), "
              "ObjectType=System Certificate, ObjectName=ise-eap.ashgrove.ca-2026, ")
        admin(tn, psn,
              f"Configuration-Changes: Changed configuration, ConfigVersionId={cfgv(tn)}, AdminInterface=GUI, AdminIPAddress=10.20.30.44, AdminName=fhaddad, "
              f"OperationMessageText=System certificate ise-eap.ashgrove.ca-2026 (issuer Ashgrove Issuing CA G2) assigned to EAP Authentication on {psn}, replacing ise-eap.ashgrove.ca-2025 "
              "(issuer Ashgrove Issuing CA 1, valid to 2027-01-03), ObjectType=System Certificate, ObjectName=ise-eap.ashgrove.ca-2026, ")
        to = CERT_OLD[psn]
        admin(to, psn,
              f"Configuration-Changes: Changed configuration, ConfigVersionId={cfgv(to)}, AdminInterface=GUI, AdminIPAddress=10.20.30.44, AdminName=fhaddad, "
              f"OperationMessageText=System certificate ise-eap.ashgrove.ca-2025 (issuer Ashgrove Issuing CA 1) assigned to EAP Authentication on {psn}, replacing ise-eap.ashgrove.ca-2026 "
              "(issuer Ashgrove Issuing CA G2, valid to 2028-12-30), ObjectType=System Certificate, ObjectName=ise-eap.ashgrove.ca-2025, ")
    admin(CERT_NEW["ise-psn01"] - dt.timedelta(minutes=3), "ise-psn01",
          f"Administrator-Login: Administrator authentication succeeded, ConfigVersionId={cfgv(CERT_NEW['ise-psn01'] - dt.timedelta(minutes=3))}, AdminInterface=GUI, AdminIPAddress=10.20.30.44, AdminName=fhaddad, "
          "OperationMessageText=Administrator authentication successful, ", code="52001")
    admin(CERT_OLD["ise-psn01"] - dt.timedelta(minutes=2), "ise-psn01",
          f"Administrator-Login: Administrator authentication succeeded, ConfigVersionId={cfgv(CERT_OLD['ise-psn01'] - dt.timedelta(minutes=2))}, AdminInterface=GUI, AdminIPAddress=10.20.30.44, AdminName=fhaddad, "
          "OperationMessageText=Administrator authentication successful, ", code="52001")
    # the WLC's own routine
    for ctrl in ("wlc-c9800-01", "wlc-c9800-02"):
        t = START + dt.timedelta(minutes=rng.uniform(0, 20))
        while t < END:
            wlog(t, ctrl, rng.choice([
                f"%RRM-6-CHANNEL_CHANGE: Chassis 1 R0/0: rrmmgrd: DCA changed channel of AP {rng.choice(['4W', '4E', '5N', '5S', '6N', '2ED', '3P'])}-AP{rng.randint(1, 6):02d} slot 1 from {rng.choice([36, 44, 149])} to {rng.choice([40, 48, 153, 161])}",
                f"%SSH-5-SSH2_SESSION: Chassis 1 R0/0: ssh: SSH2 Session request from 10.20.30.{rng.randint(40, 60)} (tty = 0) using crypto cipher 'aes256-gcm', hmac 'hmac-sha2-256' Succeeded",
                f"%SYS-6-LOGOUT: Chassis 1 R0/0: User netops has exited tty session 2(10.20.30.{rng.randint(40, 60)})",
            ]))
            t += dt.timedelta(minutes=rng.uniform(18, 45))

    flush()

    # ---- integration engine noise
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.0 / 60))
        if t >= END:
            break
        ev = rng.choices(["A01", "A02", "A03", "A08"], [2, 3, 2, 6])[0]
        elog(t, "INFO", "ADT_OUT_PUMPHUB", f"ADT^{ev} {rng.randint(10**8, 10**9 - 1)} MRN {rng.randint(1000000, 1999999)} -> pumphub ACK AA")
    t = START + dt.timedelta(seconds=rng.uniform(0, 600))
    while t < END:
        if not down(t):
            plog(t, "INFO", "scheduling-1", "c.a.pumphub.pce.PceHealth", f"Veris Connect health: UP (version 5.6.0.1312, {len([x for x in pumps if x['session']])} sessions)")
        t += dt.timedelta(minutes=15, milliseconds=rng.randint(0, 900))
    tf = at("13:30:00") + dt.timedelta(milliseconds=rng.randint(5, 90))
    plog(tf, "INFO", "scheduling-1", "c.a.pumphub.formulary.PisExportReader", "Reading PIS export /mnt/pis/iv-formulary.csv (written 2026-12-31T06:02:40-05:00, 2,377 rows)")
    plog(tf + dt.timedelta(seconds=2), "INFO", "scheduling-1", "c.a.pumphub.formulary.FormularySync", "Formulary sync: 2,377 PIS IV products, 1,436 library entries; 1 products without a library entry")
    plog(tf + dt.timedelta(seconds=3), "INFO", "scheduling-1", "c.a.pumphub.formulary.DiscrepancyReport", "Year-end discrepancy report written to /mnt/library-exports/reports/discrepancies-2026.csv for P&T")

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
    sync(DEPLOY_2210, shas["rel2210"], "2.21.0", "mlindqvist")
    sync(ROLLBACK, shas["base"], "2.20.2", "asethi", rollback=True)
    sync(REDEPLOY, shas["rel2210"], "2.21.0", "mlindqvist")

    # ---- Teams and ServiceNow
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "pumphub-oncall",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    fails = sorted(stats["fail_auth"])
    onset = fails[0][0]
    stats["onset"] = onset
    # the alert: more than 20 pumps reported offline (and still on) for 10 minutes
    nosess = stats["nosess"]
    alert_at, alert_n = None, 0
    for i, (tt, n) in enumerate(nosess):
        window = [m for t_, m in nosess if tt - dt.timedelta(minutes=10) <= t_ <= tt]
        if tt > onset and len(window) >= 20 and min(window) > 20:
            alert_at, alert_n = tt + dt.timedelta(seconds=rng.uniform(5, 25)), n
            break
    stats["alert"] = alert_at
    pump_fail = sorted({s for t_, s, _ in fails if t_ < CERT_OLD["ise-psn02"]})
    stats["pumps_failed"] = len(pump_fail)
    lowest = min(((t_, n) for t_, n in stats["sessions"] if t_ < CERT_OLD["ise-psn01"] + dt.timedelta(minutes=2)), key=lambda x: x[1])
    stats["lowest"] = lowest
    before = next(n for t_, n in stats["sessions"] if t_ > at("14:00:00"))
    stats["before"] = before
    say(at("14:22:00"), "Maya Lindqvist", "Deploying pumphub 2.21.0 (PH-305 offline after 3 missed heartbeats, PH-307 AP in the offline warning, PH-308 immediate AE for offline pumps, CQI export, HAPI 2.6.0).")
    say(DEPLOY_2210 + dt.timedelta(minutes=3), "Maya Lindqvist", "2.21.0 up. A couple of 'offline ... last AP 2ED-AP0x' already, ED transports through the elevators as expected.")
    say(alert_at, "Grafana", f"[FIRING:1] Pumps offline (pumphub): {alert_n} powered-on pumps without a Veris Connect session for 10 min")
    say(alert_at + dt.timedelta(minutes=4), "Arjun Sethi", "On it. 'Pump ... offline: no heartbeat from Veris Connect for 90 s, last AP ...' on every floor, and more every few minutes. Veris Connect service is up, its dashboard just has fewer sessions. 2.21.0 changed exactly this (3 missed heartbeats instead of 5). Runbook: after a release, roll back.")
    say(alert_at + dt.timedelta(minutes=9), "Ben Okafor", "4W charge nurse: scanning a bag gives 'pump not connected' on several pumps, more than this morning. Wireless upgraded the 4W/4E APs last night (CHG0048790), could be that too.")
    say(ROLLBACK - dt.timedelta(minutes=2), "Arjun Sethi", "Rolling back to 2.20.2.")
    say(ROLLBACK + dt.timedelta(minutes=14), "Arjun Sethi", "2.20.2 back, no change: pumps still dropping, now as 'disconnected from Veris Connect (5 missed heartbeats)', 60 s later. Veris Connect itself shows them without a session, so it's not our counting.")
    say(at("16:41:30"), "Ben Okafor", "At 4W bed 9: pump 'Network: authentication failed', Wi-Fi icon crossed, signal full. Power-cycled one: same. Not just 4W, the ED says the same. @Daniel Mercier can you look?")
    say(at("16:52:10"), "Daniel Mercier", "Both controllers: the pumps' MACs (00:25:df) fail 802.1X with 'Cred Fail' and get excluded after 3 tries, on every floor, not only the APs we upgraded. Badges and laptops join fine.")
    first_local = local(onset).strftime("%H:%M")
    say(at("17:04:40"), "Daniel Mercier", f"ISE: every host/VERIS-... since {first_local} fails '12520 EAP-TLS failed SSL/TLS handshake because the client rejected the ISE local-certificate'. Before that they passed. And the change log has a cert bound to EAP at 10:04. @Farah Haddad was that the EAP cert renewal?")
    say(at("17:12:30"), "Farah Haddad", "Yes, CHG0048812: the EAP cert expires Sunday, I bound the renewal on psn01 and psn02 at 10:04 and 10:06. It's from the new Issuing CA G2 (root G2). Laptops, phones and badges have the G2 root since the 2025 rollout. The pumps don't?")
    say(at("17:19:50"), "Ben Okafor", "The Veris network profile was built in 2019 with the Veris config tool: it trusts 'Ashgrove Root CA' only. Pumps re-authenticate every 8 h and at every roam, so they fall off one by one.")
    say(at("17:27:00"), "Farah Haddad", "Putting the old cert back on EAP (valid until Sunday 12:00). psn01 then psn02.")
    say(CERT_OLD["ise-psn02"] + dt.timedelta(minutes=1), "Farah Haddad", "Done on both. ISE shows host/VERIS-... passing again.")
    back = max(t_ for t_, _ in stats["connected"] if t_ < CERT_OLD["ise-psn02"] + dt.timedelta(minutes=25))
    stats["back"] = back
    say(CERT_OLD["ise-psn02"] + dt.timedelta(minutes=14), "Arjun Sethi", f"Pumps coming back at their next retry: 'back online after ...'. Veris Connect sessions {next(n for t_, n in stats['sessions'] if t_ > CERT_OLD['ise-psn02'] + dt.timedelta(minutes=12))}.")
    say(at("18:09:00"), "Ben Okafor", "Plan: Saturday biomed adds Ashgrove Root CA G2 to the Veris network profile and pushes it through Veris Connect (the pumps are online again, so it reaches them); Farah binds the new cert again on Sunday morning after we check a test pump on each floor.")
    say(REDEPLOY - dt.timedelta(minutes=1), "Maya Lindqvist", "Redeploying 2.21.0; nothing in pumphub to change.")
    say(at("18:50:00"), "Farah Haddad", "Added to the EAP certificate checklist: pumps and other medical devices with their own trust lists (Veris, the bedside monitors, the glucometer docks).")

    def rec(t, body):
        snow.add(t, json.dumps(body, ensure_ascii=False))

    def ticket(t, number, state, short, desc, opened=None, group="Clinical Informatics - Pumps", caller="Service Desk", priority="3 - Moderate"):
        rec(t, {"number": number, "sys_class_name": "incident", "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                "assignment_group": group, "caller_id": caller, "priority": priority, "state": state, "short_description": short, "description": desc})

    def change(t, number, state, group, ci, short, start, end, note, ctype="Normal"):
        rec(t, {"number": number, "sys_class_name": "change_request", "type": ctype, "state": state, "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                "assignment_group": group, "cmdb_ci": ci, "short_description": short, "start_date": start, "end_date": end, "work_notes": note})

    change(at("12:40:00"), "CHG0048790", "Review", "Network Services - Wireless", "wlc-c9800-01",
           "AP image 17.15.3 on 4W and 4E access points", "2026-12-31 03:00:00", "2026-12-31 05:00:00",
           "Completed 04:12. 14 APs rejoined, clients re-associated. No issues reported.")
    change(at("14:50:00"), "CHG0048812", "Scheduled", "Network Access", "ise-psn01, ise-psn02",
           "Renew ISE EAP certificate (expires 2027-01-03)", "2026-12-31 15:00:00", "2026-12-31 16:00:00",
           "Standard change SC-017 (ISE certificate renewal). New certificate from Ashgrove Issuing CA G2. Clients with the G2 root: all managed laptops, phones, Vocera badges (Intune/GPO rollout 2025).", ctype="Standard")
    change(CERT_NEW["ise-psn02"] + dt.timedelta(minutes=2), "CHG0048812", "Implement", "Network Access", "ise-psn01, ise-psn02",
           "Renew ISE EAP certificate (expires 2027-01-03)", "2026-12-31 15:00:00", "2026-12-31 16:00:00",
           "Bound to EAP Authentication on psn01 10:04 and psn02 10:06. Test laptop and badge authenticate.", ctype="Standard")
    ticket(at("13:12:00"), "INC0518803", "New", "Pump keypad sticky 5S", "Keys sticky after cleaning, sent to biomed.", group="Clinical Engineering", caller="5S Surgery")
    ticket(alert_at - dt.timedelta(minutes=6), "INC0518841", "New", "Pumps not connecting 2 Emergency", "Pumps say 'not connected', bar-code programming fails.", caller="ED charge nurse")
    ticket(alert_at + dt.timedelta(minutes=11), "INC0518846", "New", "Bar-code pump programming failing on several units",
           "4W, 4E, PACU: 'pump not connected' when scanning the bag. Nurses programming manually.", caller="Nursing supervisor", priority="2 - High")
    ticket(at("17:03:00"), "INC0518852", "New", "Infusion pumps fail 802.1X on AGH-MedDev", "ISE 12520 for the Veris pumps since 10:04; see CHG0048812.", group="Network Access", caller="Daniel Mercier")
    change(at("17:39:30"), "CHG0048812", "Implement", "Network Access", "ise-psn01, ise-psn02",
           "Renew ISE EAP certificate (expires 2027-01-03)", "2026-12-31 15:00:00", "2026-12-31 16:00:00",
           "INC0518852: Veris pumps trust only Ashgrove Root CA. Old certificate bound to EAP again 12:37/12:38. New certificate after biomed updates the pumps' network profile.", ctype="Standard")
    ticket(at("18:20:00"), "INC0518846", "Resolved", "Bar-code pump programming failing on several units",
           "Cause: ISE EAP certificate change (CHG0048812); the pumps did not trust the new CA. Old certificate restored 12:38, pumps reconnected by 12:50.",
           opened=alert_at + dt.timedelta(minutes=11), caller="Nursing supervisor", priority="2 - High")
    return [pumphub, veris, ise, wlc, engine, argocd, teams, snow], stats


def build(out_dir):
    rng = random.Random(81200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert CERT_NEW["ise-psn01"] < stats["onset"] < CERT_NEW["ise-psn01"] + dt.timedelta(minutes=6), stats["onset"]
        assert stats["alert"] and stats["alert"] < ROLLBACK, stats["alert"]
        return write_scenario(
            out_dir, name="r81-eap-cert-renewal-none", service=SERVICE, onset=onset,
            description=f"""
Ashgrove Regional Health Centre's Veris infusion pumps drop off the network
one after another on Thursday 31 December: from {onset.strftime('%H:%M:%S')} UTC pumps that
roam, power up or re-authenticate fail 802.1X on AGH-MedDev and stay
disconnected; Veris Connect loses their sessions, pumphub reports them
offline and bar-code auto-programming for them fails. pumphub 2.21.0 had
been deployed at 14:31; the rollback to 2.20.2 at 16:21 did not help. The
pumps reconnected from 17:38; 2.21.0 was deployed again at 18:32.
""",
            logs=logs,
            line_formats={
                "pumphub.log": r'<Time> <Level>\s+\[<Thread>\] <Logger> - <Content>',
                "veris-connect.log": r'<Date> <Time> \[<Thread>\] <Level>\s+<Logger> - <Content>',
                "ise-psn.log": r'<Month>\s+<Day> <Time> <Host> <Category> <MsgId> <Total> <Part> <LocalStamp> <LocalClock> <Offset> <Seq> <Code> <Severity> <Content>',
                "integration-engine.log": r'<Date> <Time> <Level>\s+\[<Route>\] <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[r'EAP-TLS failed SSL/TLS handshake because the client rejected the ISE local-certificate',
                        r'assigned to EAP Authentication on'],
            fix_files=[],
            explanation=f"""
No commit caused this. Network Access renewed ISE's EAP certificate
(CHG0048812) two days before it expired and bound the new one, issued by
the new Ashgrove Issuing CA G2 under Ashgrove Root CA G2, to EAP
Authentication on ise-psn01 and ise-psn02 at 15:04 and 15:06 UTC. The Veris
pumps' network profile trusts only the old Ashgrove Root CA, so every pump
that did a full EAP-TLS handshake afterwards (a roam, a power-up, the
8-hour re-authentication) rejected the certificate ("12520 EAP-TLS failed
SSL/TLS handshake because the client rejected the ISE local-certificate",
{len(stats['fail_auth'])} failures from {stats['pumps_failed']} pumps), was dropped and excluded by the
controllers and lost its Veris Connect session; laptops, phones and badges
had the G2 root and joined. Binding the old certificate again at 17:38
ended it. Nothing in pumphub was changed.
Decoys: pumphub 2.21.0, deployed {round((onset - DEPLOY_2210).total_seconds() / 60)} minutes before the onset (PH-305,
offline after 3 missed heartbeats instead of 5 in application.yml; PH-307,
which adds the very "Pump ... offline: no heartbeat ... last AP" warning;
PH-308, an immediate "pump not connected" answer to the engine; a HAPI
bump); the rollback to 2.20.2 without effect (the warning changes wording
and comes later); Tuesday's runbook commit that reads pumps going offline
as a unit's Wi-Fi, an AP change or a release and says to roll back; the
wireless team's AP upgrade on 4W and 4E the night before; ED transports
losing the network in the elevators before the onset; BYOD phones that
reject the certificate on PEAP (12321), before and after the change.
""",
        )
    finally:
        repo.close()
