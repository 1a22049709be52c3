"""seatres (Kotlin, Spring Boot 3 on JVM 21; three pods on Cambria Rail's
on-premises Kubernetes, deployed by Jenkins with Helm in the overnight
window; team in Cardiff) is Cambria Rail's seat reservation and ticket
inventory: fare quotes, seat maps per coach, reservations, the day's
consists and the manifests synced to the train managers' handhelds
(CrewLink). Its trains come from the infrastructure manager's timetable:
every night at about 02:00 UTC seatres takes the daily CIF update (the
extract of schedule changes the infrastructure manager publishes for each
operator) and applies it to its inventory. An STP cancellation (a BS
record with STP indicator C) for a train and date on which reservations
were sold displaces them: since 5.19.0 the reservations are kept in a
displacement batch from which they can be restored onto a replacement
schedule, and the passengers are told their train is cancelled (at once
for trains before 09:00 local, otherwise after the notices' quiet hours,
07:00 local). Same-day schedules the infrastructure manager's route
control creates later arrive as VSTP messages with their own UIDs.

Sunday 19 April 2026: the Severn Tunnel is closed for engineering work;
Cambria Rail's Bristol-Cardiff trains are replaced by buses, planned and
loaded weeks ago. On Friday afternoon the infrastructure manager's
engineering planners brought the possession forward to start at 23:50 on
Saturday, to take in the last trains of the evening. Their planning tool
regenerated the STP cancellations for the possession by its start date
instead of its start time: every Cambria Rail train through the tunnel
on Saturday 18 April (the 05:30 to 22:30 from Cardiff, the 06:12 to
22:12 from Bristol) got a C record, not only the 23:12 and 23:30 that the
possession does cover. The same data went to the signallers' systems.

Saturday 18 April: seatres 5.19.0 is deployed at 01:12 UTC (RES-640,
STP cancellations displace reservations into a restorable batch instead
of cancelling them, in the very STP handling; RES-643, which adds the
very "reservations displaced" warning; RES-641 in the CIF parser; RES-645,
quiet hours for passenger notices; a Jackson bump). At 02:05 the CIF
update PD260418 carries 37 C records for the day; seatres displaces over
a thousand reservations, texts the passengers of the morning trains at 03:06 local
that their train is cancelled and queues the rest. The alert pages Gwen,
on call; the runbook (Thursday) reads mass displacements after a CIF
update as our own overlay handling and says to roll back and reprocess.
She rolls back to 5.18.2 at 02:36 and reprocesses: no new displacements
(the batch is already displaced), the alert resolves.

At 03:15 UTC the train manager of the 05:30 (local) from Cardiff finds his train
"cancelled" on the handheld; Control finds every tunnel train cancelled
in the infrastructure manager's systems and asks Western route control,
which reinstates them one by one as VSTP schedules from 04:12; they run,
some late, with empty manifests. The queued notices go out at 06:00 UTC.
Ceri, on the day shift, reads the 02:05 C records next to the possession
notice (23:50 Saturday to 04:30 Monday); the infrastructure manager's
planning on-call confirms at 07:21. seatres 5.19.0 is deployed again at
07:05 for its restore, the displaced reservations of the trains not yet
departed are restored onto their VSTP schedules at 07:16 and the
passengers told; the infrastructure manager corrects the STP in the next
update. Nothing in seatres is changed.

Sources: seatres (logback pattern with the pod name and the train, line
format), the CIF records as received (seatres' ingest audit, line
format), CrewLink gateway (Go, slog text), ingress-nginx access, the SMS
provider's delivery receipts (JSON lines), Jenkins deploy jobs
(timestamper), Control log export (JSON lines), #retail-oncall (Slack
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores

SERVICE = "seatres"
DAY = "2026-04-18"
START, END = utc("2026-04-18 00:30:00"), utc("2026-04-18 09:45:00")
DEPLOY_5190 = utc("2026-04-18 01:12:00")
CIF_AT = utc("2026-04-18 02:05:06")
ROLLBACK = utc("2026-04-18 02:36:40")
REPROCESS = utc("2026-04-18 02:46:30")
VSTP_FROM = utc("2026-04-18 04:12:07")
QUEUE_RELEASE = utc("2026-04-18 06:00:00")
REDEPLOY = utc("2026-04-18 07:05:10")
RESTORE = utc("2026-04-18 07:16:20")
IM_CONFIRM = utc("2026-04-18 07:21:00")

PKG = "src/main/kotlin/uk/co/cambriarail/seatres"
TEST_PKG = "src/test/kotlin/uk/co/cambriarail/seatres"

# ---------------------------------------------------------------------------
# the repository

BUILD_GRADLE = """plugins {
    id("org.springframework.boot") version "3.3.10"
    id("io.spring.dependency-management") version "1.1.7"
    kotlin("jvm") version "1.9.25"
    kotlin("plugin.spring") version "1.9.25"
}

group = "uk.co.cambriarail"
version = providers.gradleProperty("seatresVersion").get()

java {
    toolchain { languageVersion = JavaLanguageVersion.of(21) }
}

repositories { mavenCentral() }

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin:2.17.2")
    implementation("org.jetbrains.kotlin:kotlin-reflect")
    implementation("org.flywaydb:flyway-database-postgresql")
    implementation("net.javacrumbs.shedlock:shedlock-spring:5.16.0")
    implementation("net.javacrumbs.shedlock:shedlock-provider-jdbc-template:5.16.0")
    implementation("org.springframework.kafka:spring-kafka")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("io.mockk:mockk:1.13.12")
}

tasks.withType<Test> { useJUnitPlatform() }
"""

CIF_PARSER = """package uk.co.cambriarail.seatres.timetable

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import java.io.BufferedReader
import java.time.LocalDate
import java.time.format.DateTimeFormatter

/**
 * Reads the infrastructure manager's CIF update for our TOC: HD header,
 * BS (basic schedule) with BX, LO/LI/LT locations, ZZ trailer. Only BS and
 * the locations matter to us; the STP indicator is column 80 of the BS.
 */
@Component
class CifParser {
    private val log = LoggerFactory.getLogger(CifParser::class.java)
    private val yymmdd = DateTimeFormatter.ofPattern("yyMMdd")

    fun parse(reader: BufferedReader): CifUpdate {
        val header = reader.readLine()
        require(header.startsWith("HD")) { "not a CIF file: ${header.take(20)}" }
        val fileRef = header.substring(2, 22).trim()
        val schedules = mutableListOf<BasicSchedule>()
        var current: BasicSchedule? = null
        reader.lineSequence().forEach { line ->
            when (line.take(2)) {
                "BS" -> {
                    current = BasicSchedule(
                        transaction = line[2],
                        uid = line.substring(3, 9),
                        from = LocalDate.parse(line.substring(9, 15), yymmdd),
                        to = LocalDate.parse(line.substring(15, 21), yymmdd),
                        daysRun = line.substring(21, 28),
                        headcode = line.substring(32, 36).trim(),
                        stp = line[79],
                    ).also { schedules += it }
                }
                "LO", "LI", "LT" -> current?.locations?.add(Location.parse(line))
            }
        }
        log.info("CIF update {} parsed: {} schedules", fileRef, schedules.size)
        return CifUpdate(fileRef, schedules)
    }
}
"""

STP_APPLIER = """package uk.co.cambriarail.seatres.timetable

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import org.springframework.transaction.annotation.Transactional
import uk.co.cambriarail.seatres.inventory.InventoryRepository
import uk.co.cambriarail.seatres.notify.PassengerNotifier

/**
 * Applies the STP records of a CIF update to the inventory: N and O create
 * or overlay a train for their dates, C cancels the base schedule on the
 * dates and days it names. Reservations on a cancelled train are cancelled
 * (refundable) and the passengers told.
 */
@Component
class StpApplier(
    private val inventory: InventoryRepository,
    private val notifier: PassengerNotifier,
) {
    private val log = LoggerFactory.getLogger(StpApplier::class.java)

    @Transactional
    fun apply(update: CifUpdate) {
        var cancellations = 0
        var overlays = 0
        var created = 0
        for (bs in update.schedules) {
            when (bs.stp) {
                'C' -> for (date in bs.dates()) {
                    val train = inventory.train(bs.uid, date) ?: continue
                    val reservations = inventory.cancelAll(train)
                    reservations.forEach { notifier.trainCancelled(it) }
                    log.info("STP cancellation for {} ({}) on {} applied: {} reservations cancelled",
                        bs.uid, train.describe(), date, reservations.size)
                    cancellations++
                }
                'O' -> { inventory.overlay(bs); overlays++ }
                'N' -> { inventory.create(bs); created++ }
            }
        }
        log.info("CIF update {} applied: {} STP cancellations, {} overlays, {} new schedules",
            update.fileRef, cancellations, overlays, created)
    }
}
"""

VSTP_LISTENER = """package uk.co.cambriarail.seatres.timetable

import org.slf4j.LoggerFactory
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component
import uk.co.cambriarail.seatres.inventory.InventoryRepository

/** Same-day schedules created by route control (VSTP), from the timetable topic. */
@Component
class VstpListener(private val inventory: InventoryRepository) {
    private val log = LoggerFactory.getLogger(VstpListener::class.java)

    @KafkaListener(topics = ["timetable.vstp.cr"], groupId = "seatres")
    fun onVstp(message: VstpMessage) {
        if (message.transaction != "Create") return
        val train = inventory.create(message.toSchedule())
        log.info("VSTP schedule {} for {} {} ({}) created: {} coaches, {} reservations",
            message.uid, message.headcode, message.date, train.describe(), train.coaches, 0)
    }
}
"""

NOTIFIER = """package uk.co.cambriarail.seatres.notify

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

@Component
class PassengerNotifier(private val outbox: NotificationOutbox) {
    private val log = LoggerFactory.getLogger(PassengerNotifier::class.java)

    fun trainCancelled(reservation: ReservationRef) {
        val channel = reservation.preferredChannel()
        outbox.queue(reservation, Template.TRAIN_CANCELLED, channel)
        log.info("Train cancelled notice for {} queued ({})", reservation.ref, channel)
    }

    fun seatChanged(reservation: ReservationRef) {
        outbox.queue(reservation, Template.SEAT_CHANGED, reservation.preferredChannel())
    }
}
"""

APPLICATION_YML = """spring:
  application:
    name: seatres
  datasource:
    url: jdbc:postgresql://seatres-db.prod.cambriarail.internal:5432/seatres
    hikari:
      maximum-pool-size: 20
  kafka:
    bootstrap-servers: kafka-1.prod.cambriarail.internal:9093,kafka-2.prod.cambriarail.internal:9093
    consumer:
      group-id: seatres

server:
  shutdown: graceful

seatres:
  timetable:
    cif-update-url: https://timetable-feed.cambriarail.internal/cif/CR/update/latest
    cif-poll: "0 */10 1-4 * * *"
  manifest:
    lead-minutes: 90
  inventory:
    horizon-days: 84
  notify:
    channels: [push, sms, email]

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
"""

LOGBACK = """<configuration>
  <springProperty name="POD" source="HOSTNAME" defaultValue="local"/>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>${POD} %d{yyyy-MM-dd HH:mm:ss,SSS,UTC} %-5level [%thread] [%X{train:--}] %logger{0} - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="STDOUT"/>
  </root>
</configuration>
"""

STP_TEST = """package uk.co.cambriarail.seatres.timetable

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.LocalDate

class BasicScheduleTest {
    @Test
    fun `a C record cancels only the days it names`() {
        val bs = BasicSchedule('N', "W40213", LocalDate.of(2026, 4, 13), LocalDate.of(2026, 4, 19), "0000010", "1F13", 'C')
        assertEquals(listOf(LocalDate.of(2026, 4, 18)), bs.dates())
    }
}
"""

RUNBOOK = """# seatres runbook

Owner: Digital Retail, #retail-oncall. Dashboards: Grafana > Retail > seatres.
Control: 029 2040 4410 (24/7). Deploys: Jenkins > seatres-deploy (overnight
window 00:00-03:00 UTC; outside it only with the Control duty manager's
approval).

## CIF update not applied

The daily CIF update is fetched every 10 minutes from 01:00 to 04:59 UTC
until one is applied ("CIF update ... applied"). If none by 05:00, page
the timetable data team (#timetable-data).

## Manifest not on the handhelds

CrewLink (mobile team, #crewlink) syncs the handhelds every 5 minutes when
they have signal. Check "Manifest v... published to CrewLink" for the train
before paging them.
"""

RUNBOOK_STP = """
## Mass displacement after a CIF update

Alert "Reservations displaced by STP" fires at 200 displaced reservations
in 15 minutes. STP cancellations normally arrive weeks ahead, before
reservations are sold; hundreds in one night mean something is wrong.

- Our own STP handling has caused this before: INC-2025-117 applied
  overlays (O) as cancellations after a parser change. Check whether a
  seatres release went out before the update.
- If it did, roll back (Jenkins > seatres-deploy > Build with Parameters,
  the previous version) and reprocess the update
  (`POST /admin/timetable/cif/{fileRef}/reprocess`).
- Displaced reservations stay in their batch (Admin > Displacements) and
  can be restored onto a replacement schedule; do not delete the batch.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo(rng):
    repo = Repo()
    megan = Person("Megan Hughes", "megan.hughes@cambriarail.co.uk", 60)
    gwen = Person("Gwen Parry", "gwen.parry@cambriarail.co.uk", 60)
    ceri = Person("Ceri Pritchard", "ceri.pritchard@cambriarail.co.uk", 60)
    rhys = Person("Rhys Morgan", "rhys.morgan@cambriarail.co.uk", 60)
    anjali = Person("Anjali Rao", "anjali.rao@contractor.cambriarail.co.uk", 330)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    files = {
        "settings.gradle.kts": 'rootProject.name = "seatres"\n',
        "gradle.properties": "seatresVersion=5.18.1\norg.gradle.jvmargs=-Xmx2g\nkotlin.code.style=official\n",
        "build.gradle.kts": BUILD_GRADLE,
        f"{PKG}/SeatresApplication.kt": "package uk.co.cambriarail.seatres\n\nimport net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\n@EnableSchedulerLock(defaultLockAtMostFor = \"PT5M\")\nclass SeatresApplication\n\nfun main(args: Array<String>) {\n    runApplication<SeatresApplication>(*args)\n}\n",
        f"{PKG}/timetable/CifParser.kt": CIF_PARSER,
        f"{PKG}/timetable/StpApplier.kt": STP_APPLIER,
        f"{PKG}/timetable/VstpListener.kt": VSTP_LISTENER,
        f"{PKG}/timetable/BasicSchedule.kt": "package uk.co.cambriarail.seatres.timetable\n\nimport java.time.LocalDate\n\ndata class BasicSchedule(\n    val transaction: Char,\n    val uid: String,\n    val from: LocalDate,\n    val to: LocalDate,\n    val daysRun: String,\n    val headcode: String,\n    val stp: Char,\n    val locations: MutableList<Location> = mutableListOf(),\n) {\n    /** The dates between from and to on which daysRun (Monday first) has a 1. */\n    fun dates(): List<LocalDate> = generateSequence(from) { it.plusDays(1) }\n        .takeWhile { !it.isAfter(to) }\n        .filter { daysRun[it.dayOfWeek.value - 1] == '1' }\n        .toList()\n}\n",
        f"{PKG}/notify/PassengerNotifier.kt": NOTIFIER,
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": LOGBACK,
        f"{TEST_PKG}/timetable/BasicScheduleTest.kt": STP_TEST,
        "Jenkinsfile": "pipeline {\n  agent { label 'docker' }\n  stages {\n    stage('test') { steps { sh './gradlew test' } }\n    stage('image') { steps { sh './gradlew bootBuildImage --imageName=registry.cambriarail.internal/retail/seatres:${GIT_COMMIT}' } }\n    stage('push') { when { branch 'main' } steps { sh 'docker push registry.cambriarail.internal/retail/seatres:${GIT_COMMIT}' } }\n  }\n}\n",
        "deploy/helm/seatres/values-prod.yaml": "replicaCount: 3\nimage:\n  repository: registry.cambriarail.internal/retail/seatres\nresources:\n  requests: { cpu: 500m, memory: 1Gi }\n  limits: { memory: 1536Mi }\nenv:\n  SPRING_PROFILES_ACTIVE: prod\n  JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=70\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# seatres\n\nSeat reservations and ticket inventory for Cambria Rail: fare quotes, seat\nmaps per coach, reservations, the timetable from the infrastructure\nmanager's CIF updates and VSTP, the day's consists from FleetHub, manifests\nfor the train managers' handhelds (CrewLink) and the seat labels on the\nunits (Kestrel PIS).\n\nReleases are tagged `vX.Y.Z` on main and deployed by Jenkins\n(`seatres-deploy`) with Helm in the overnight window.\n",
        "CHANGELOG.md": "# Changelog\n\n## 5.18.1\n\n- RES-622 seat maps show the bike spaces\n",
    }
    repo.commit(utc("2026-04-13 08:05:00"), megan, "seatres 5.18.1", files)
    repo.schedule(chores(rng, SERVICE, [megan, gwen, ceri], utc("2026-04-13 09:00:00"), utc("2026-04-16 16:00:00"), 2))

    repo.commit(utc("2026-04-13 13:10:00"), anjali, "fares: Advance quota per leg for split journeys (FARE-317)", {
        f"{PKG}/fares/AdvanceQuota.kt": "package uk.co.cambriarail.seatres.fares\n\n/** Advance fares are limited per train and leg; a split journey takes one from each leg. */\nclass AdvanceQuota(private val remaining: Map<String, Int>) {\n    fun available(legs: List<String>): Boolean = legs.all { (remaining[it] ?: 0) > 0 }\n}\n",
    })
    repo.commit(utc("2026-04-14 09:30:00"), rhys, "CrewLink: gzip manifests over 64 KB (RES-633)", {
        f"{PKG}/manifest/CrewLinkClient.kt": "package uk.co.cambriarail.seatres.manifest\n\nimport org.springframework.stereotype.Component\nimport org.springframework.web.client.RestClient\n\n@Component\nclass CrewLinkClient(private val http: RestClient) {\n    fun put(manifest: Manifest): Int {\n        val body = manifest.toJson()\n        val request = http.put().uri(\"/v1/manifests/{train}/{date}\", manifest.headcode, manifest.date)\n        val gzip = body.size > 64 * 1024\n        return (if (gzip) request.header(\"Content-Encoding\", \"gzip\").body(body.gzip()) else request.body(body))\n            .retrieve().body(PutResult::class.java)!!.version\n    }\n}\n",
    })
    rel5182 = repo.commit(utc("2026-04-14 15:00:00"), megan, "release 5.18.2", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.18.1", "seatresVersion=5.18.2"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.18.2\n\n- FARE-317 Advance quota per leg\n- RES-633 gzip for big manifests\n",
    })
    repo.commit(utc("2026-04-15 10:20:00"), ceri, "STP cancellations displace reservations instead of cancelling them (RES-640)\n\nA cancelled train's reservations were cancelled outright; when route\ncontrol reinstated the train (VSTP) the passengers had lost their seats\nand the contact centre rebooked them by hand. Displaced reservations are\nnow kept in a displacement batch per update and can be restored onto a\nreplacement schedule (POST /admin/displacements/{batch}/restore).", {
        f"{PKG}/timetable/StpApplier.kt": sub(repo.files[f"{PKG}/timetable/StpApplier.kt"],
                                             " * dates and days it names. Reservations on a cancelled train are cancelled\n * (refundable) and the passengers told.\n",
                                             " * dates and days it names. Reservations on a cancelled train are displaced\n * into the update's displacement batch (restorable onto a replacement\n * schedule, refundable otherwise) and the passengers told.\n",
                                             "    private val notifier: PassengerNotifier,\n) {\n",
                                             "    private val notifier: PassengerNotifier,\n    private val displacements: DisplacementService,\n) {\n",
                                             "        var created = 0\n",
                                             "        var created = 0\n        val batch = displacements.openBatch(update.fileRef)\n",
                                             "                    val reservations = inventory.cancelAll(train)\n                    reservations.forEach { notifier.trainCancelled(it) }\n                    log.info(\"STP cancellation for {} ({}) on {} applied: {} reservations cancelled\",\n                        bs.uid, train.describe(), date, reservations.size)\n",
                                             "                    val reservations = batch.displace(train)\n                    reservations.forEach { notifier.trainCancelled(it) }\n                    log.info(\"STP cancellation for {} ({}) on {} applied: {} reservations displaced\",\n                        bs.uid, train.describe(), date, reservations.size)\n"),
        f"{PKG}/timetable/DisplacementService.kt": "package uk.co.cambriarail.seatres.timetable\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Service\nimport org.springframework.transaction.annotation.Transactional\nimport uk.co.cambriarail.seatres.inventory.InventoryRepository\nimport uk.co.cambriarail.seatres.notify.PassengerNotifier\n\n/** Reservations taken off cancelled trains, per CIF update, restorable onto a replacement schedule. */\n@Service\nclass DisplacementService(private val inventory: InventoryRepository, private val notifier: PassengerNotifier) {\n    private val log = LoggerFactory.getLogger(DisplacementService::class.java)\n\n    fun openBatch(fileRef: String): DisplacementBatch = inventory.openDisplacementBatch(fileRef)\n\n    /** Restores each displaced train's reservations onto the schedule running in its path today (same headcode, origin and time). */\n    @Transactional\n    fun restore(batchId: String) {\n        val batch = inventory.displacementBatch(batchId)\n        for (group in batch.byTrain()) {\n            val replacement = inventory.replacementFor(group.train)\n            when {\n                replacement == null -> log.info(\"Restore {}: {} has no replacement schedule, {} reservations stay displaced\", batchId, group.train.describe(), group.size)\n                replacement.departed -> log.info(\"Restore {}: {} already departed, {} reservations stay displaced\", batchId, replacement.describe(), group.size)\n                else -> {\n                    val result = inventory.restore(group, replacement)\n                    result.restored.forEach { notifier.seatChanged(it) }\n                    log.warn(\"Restore {}: {} displaced reservations of {} restored onto {} ({} without their seat)\",\n                        batchId, result.restored.size, group.train.uid, replacement.uid, result.reseated)\n                }\n            }\n        }\n    }\n}\n",
    })
    repo.commit(utc("2026-04-15 13:05:00"), gwen, "CIF: log the extract time and the TOC of each update (RES-641)\n\nTwice this month we applied an update twice after a feed retry and could\nnot tell from the log which extract it was.", {
        f"{PKG}/timetable/CifParser.kt": sub(repo.files[f"{PKG}/timetable/CifParser.kt"],
                                            "        val fileRef = header.substring(2, 22).trim()\n",
                                            "        val fileRef = header.substring(2, 22).trim()\n        val extractedAt = header.substring(22, 32)\n        log.info(\"CIF update {} received: extract {} for TOC {}\", fileRef, extractedAt, header.substring(46, 48))\n"),
    })
    repo.commit(utc("2026-04-16 09:12:00"), ceri, "warn with the count when an STP cancellation displaces reservations (RES-643)\n\nThe cancellation line was INFO and said nothing about passengers when\nthere were none; now a WARN when reservations are displaced.", {
        f"{PKG}/timetable/StpApplier.kt": sub(repo.files[f"{PKG}/timetable/StpApplier.kt"],
                                             "                    log.info(\"STP cancellation for {} ({}) on {} applied: {} reservations displaced\",\n                        bs.uid, train.describe(), date, reservations.size)\n",
                                             "                    if (reservations.isEmpty()) {\n                        log.info(\"STP cancellation for {} ({}) on {} applied: no reservations\", bs.uid, train.describe(), date)\n                    } else {\n                        log.warn(\"STP cancellation for {} ({}) on {} applied: {} reservations displaced\",\n                            bs.uid, train.describe(), date, reservations.size)\n                    }\n"),
    })
    repo.commit(utc("2026-04-16 15:30:00"), gwen, "runbook: mass displacement after a CIF update", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_STP,
    })
    repo.commit(utc("2026-04-17 09:40:00"), rhys, "notices: quiet hours 22:00-07:00 except trains before 09:00 (RES-645)\n\nPassengers complained about texts at 2 am for a seat change on an\nafternoon train.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"],
                                                 "  notify:\n    channels: [push, sms, email]\n",
                                                 "  notify:\n    channels: [push, sms, email]\n    quiet-hours: \"22:00-07:00\"\n    quiet-hours-zone: Europe/London\n    urgent-before-departure: \"09:00\"\n"),
        f"{PKG}/notify/PassengerNotifier.kt": sub(repo.files[f"{PKG}/notify/PassengerNotifier.kt"],
                                                 "class PassengerNotifier(private val outbox: NotificationOutbox) {\n",
                                                 "class PassengerNotifier(private val outbox: NotificationOutbox, private val settings: NotifySettings) {\n",
                                                 "        outbox.queue(reservation, Template.TRAIN_CANCELLED, channel)\n",
                                                 "        // Held until the end of the quiet hours unless the train leaves before settings.urgentBeforeDeparture.\n        outbox.queue(reservation, Template.TRAIN_CANCELLED, channel, urgent = reservation.departsBefore(settings.urgentBeforeDeparture))\n"),
    })
    repo.commit(utc("2026-04-17 10:15:00"), renovate, "fix(deps): update dependency com.fasterxml.jackson.module:jackson-module-kotlin to v2.17.3", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], "jackson-module-kotlin:2.17.2", "jackson-module-kotlin:2.17.3"),
    })
    rel5190 = repo.commit(utc("2026-04-17 13:20:00"), megan, "release 5.19.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.18.2", "seatresVersion=5.19.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.19.0\n\n- RES-640 STP cancellations displace reservations (restorable)\n- RES-641 CIF extract time and TOC logged\n- RES-643 warning with the count of displaced reservations\n- RES-645 quiet hours for passenger notices\n- jackson-module-kotlin 2.17.3\n",
    })
    repo.commit(utc("2026-04-18 08:52:00"), ceri, "runbook: STP cancellations that are the infrastructure manager's", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf the cancellations are for trains that run (route control reinstates\nthem as VSTP), the CIF data is wrong, not seatres: compare the C records'\ndates with the possession notice, call the infrastructure manager's\ntimetable planning on-call, keep the batch and restore it onto the VSTP\nschedules (5.19.0 or later). A rollback does not undo a displacement.\n",
    })
    return repo, {"rel5182": rel5182, "rel5190": rel5190}


# ---------------------------------------------------------------------------
# the railway

STATIONS = {"SWA": "Swansea", "NTH": "Neath", "PTA": "Port Talbot Parkway", "BGN": "Bridgend", "CDF": "Cardiff Central",
            "NWP": "Newport", "STJ": "Severn Tunnel Junction", "BPW": "Bristol Parkway", "FIT": "Filton Abbey Wood",
            "BRI": "Bristol Temple Meads", "AGV": "Abergavenny", "HFD": "Hereford", "SHR": "Shrewsbury", "CRE": "Crewe",
            "SPT": "Stockport", "MAN": "Manchester Piccadilly", "WRX": "Wrexham General", "CTR": "Chester", "BNG": "Bangor",
            "HHD": "Holyhead"}
DEPOT = {"SWA": "Landore TMD", "CDF": "Canton TMD", "BRI": "Bristol TM", "MAN": "Manchester", "HHD": "Holyhead"}
ROUTES = {
    "SWA-CDF": [("SWA", 0), ("NTH", 10), ("PTA", 19), ("BGN", 33), ("CDF", 55)],
    "CDF-SWA": [("CDF", 0), ("BGN", 21), ("PTA", 36), ("NTH", 45), ("SWA", 57)],
    "BRI-CDF": [("BRI", 0), ("FIT", 8), ("BPW", 14), ("STJ", 29), ("NWP", 40), ("CDF", 54)],
    "CDF-BRI": [("CDF", 0), ("NWP", 13), ("STJ", 24), ("BPW", 39), ("FIT", 45), ("BRI", 55)],
    "MAN-CDF": [("MAN", 0), ("SPT", 9), ("CRE", 36), ("SHR", 80), ("HFD", 135), ("AGV", 160), ("NWP", 184), ("CDF", 200)],
    "CDF-MAN": [("CDF", 0), ("NWP", 15), ("AGV", 40), ("HFD", 64), ("SHR", 118), ("CRE", 162), ("SPT", 189), ("MAN", 201)],
    "CDF-HHD": [("CDF", 0), ("NWP", 14), ("AGV", 39), ("HFD", 63), ("SHR", 117), ("WRX", 150), ("CTR", 167), ("BNG", 225), ("HHD", 262)],
    "HHD-CDF": [("HHD", 0), ("BNG", 34), ("CTR", 95), ("WRX", 113), ("SHR", 146), ("HFD", 198), ("AGV", 222), ("NWP", 247), ("CDF", 263)],
}
TUNNEL = ("BRI-CDF", "CDF-BRI")
POSSESSION_START = utc("2026-04-18 22:50:00")   # 23:50 BST
UNITS5 = [f"7585{n:02d}" for n in range(1, 13)]
UNITS4 = [f"7584{n:02d}" for n in range(1, 19)]
LETTERS = {4: "ABCD", 5: "ABCDE", 8: "ABCDEFGH"}


def local(t):
    """BST: UTC+1 in April."""
    return t + dt.timedelta(hours=1)


def make_trains(rng):
    day = utc(f"{DAY} 00:00:00") - dt.timedelta(hours=1)   # local midnight in UTC
    trains = []
    uids = []

    def add(hc, route, dep_local_min, kinds):
        dep = day + dt.timedelta(minutes=dep_local_min)
        calls = [(crs, dep + dt.timedelta(minutes=off)) for crs, off in ROUTES[route]]
        while True:
            uid = f"W4{rng.randint(0, 9999):04d}"
            if uid not in uids:
                uids.append(uid)
                break
        trains.append({"hc": hc, "route": route, "origin": calls[0][0], "dest": calls[-1][0], "dep": dep, "arr": calls[-1][1],
                       "calls": calls, "kinds": kinds, "uid": uid, "tunnel": route in TUNNEL})

    for i in range(34):
        add(f"1B{4 + 2 * i:02d}", "SWA-CDF", 5 * 60 + 28 + 30 * i, ["5"])
        add(f"1B{5 + 2 * i:02d}", "CDF-SWA", 5 * 60 + 45 + 30 * i, ["5"])
    for i in range(19):
        add(f"1F{10 + 2 * i:02d}", "CDF-BRI", 5 * 60 + 30 + 60 * i, ["4"])
    for i in range(18):
        add(f"1F{11 + 2 * i:02d}", "BRI-CDF", 6 * 60 + 12 + 60 * i, ["4"])
    for i in range(15):
        add(f"1V{31 + 2 * i:02d}", "MAN-CDF", 5 * 60 + 30 + 60 * i, ["4", "4"] if i % 2 else ["4"])
        add(f"1M{50 + 2 * i:02d}", "CDF-MAN", 5 * 60 + 21 + 60 * i, ["4", "4"] if i % 2 == 0 else ["4"])
    for i in range(7):
        add(f"1W{1 + 2 * i:02d}", "CDF-HHD", 5 * 60 + 50 + 120 * i, ["5"])
        add(f"1W{2 + 2 * i:02d}", "HHD-CDF", 5 * 60 + 33 + 120 * i, ["5"])
    trains.sort(key=lambda tr: (tr["dep"], tr["hc"]))
    state = {u: [utc(f"{DAY} 03:00:00"), ["SWA", "CDF", "CDF", "HHD"][k % 4]] for k, u in enumerate(UNITS5)}
    state.update({u: [utc(f"{DAY} 03:00:00"), ["CDF", "BRI", "MAN", "CDF"][k % 4]] for k, u in enumerate(UNITS4)})
    for tr in trains:
        units = []
        for kind in tr["kinds"]:
            pool = [u for u in (UNITS5 if kind == "5" else UNITS4) if u not in units]
            here = [u for u in pool if state[u][1] == tr["origin"] and state[u][0] <= tr["dep"] - dt.timedelta(minutes=12)]
            pick = min(here or pool, key=lambda u: (state[u][0], u))
            units.append(pick)
        for u in units:
            state[u] = [tr["arr"] + dt.timedelta(minutes=rng.randint(18, 40)), tr["dest"]]
        tr["units"] = units
        tr["coaches"] = sum(5 if u.startswith("7585") else 4 for u in units)
    return trains


def describe(tr):
    return f"{tr['hc']} {local(tr['dep']).strftime('%H:%M')} {STATIONS[tr['origin']]}-{STATIONS[tr['dest']]}"


def bs_c(uid, date, days):
    """A CIF BS record with STP indicator C: only UID, dates and days run are set."""
    yymmdd = date.replace("-", "")[2:]
    return (f"BSN{uid}{yymmdd}{yymmdd}{days}").ljust(79) + "C"


def bs_full(uid, dfrom, dto, days, headcode, stp, status, power="DMU", speed="100"):
    a, b = dfrom.replace("-", "")[2:], dto.replace("-", "")[2:]
    rec = f"BSN{uid}{a}{b}{days} {status}XX{headcode}    1254700{rng_tsc(uid)} {power}E   {speed}      S  R   T   "
    return rec[:79].ljust(79) + stp


def rng_tsc(uid):
    return str(sum(ord(c) for c in uid) % 10)


# ---------------------------------------------------------------------------
# the logs

def build_logs(rng, shas):
    seatres, audit, crewlink, ingress, sms, jenkins, control, slack = (
        Log("seatres.log"), Log("cif-audit.log"), Log("crewlink-gateway.log"), Log("ingress-nginx-access.log"),
        Log("textwell-delivery-receipts.log"), Log("jenkins-seatres-deploy.log"), Log("control-log.log"), Log("slack-retail-oncall.log"))
    stats = {"displaced": [], "sent": []}
    trains = make_trains(rng)
    by_hc = {tr["hc"]: tr for tr in trains}

    def pod_name(hash_):
        return f"seatres-{hash_}-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))

    versions = [(START - dt.timedelta(days=3), "5.18.2", [pod_name("58d9c7b6f4") for _ in range(3)])]
    rollouts = []
    for at, ver, hash_ in ((DEPLOY_5190, "5.19.0", "7f6c5d9b8a"), (ROLLBACK, "5.18.2", "58d9c7b6f4"), (REDEPLOY, "5.19.0", "7f6c5d9b8a")):
        pods = [pod_name(hash_) for _ in range(3)]
        starts = [at + dt.timedelta(seconds=38 + 41 * k + rng.uniform(0, 4)) for k in range(3)]
        rollouts.append((at, ver, pods, starts, versions[-1][2]))
        versions.append((starts[-1] + dt.timedelta(seconds=14), ver, pods))
    ver_sha = {"5.18.2": shas["rel5182"], "5.19.0": shas["rel5190"]}

    def version_at(t):
        cur = versions[0]
        for v in versions:
            if v[0] <= t:
                cur = v
        return cur[1]

    def pods_at(t):
        live = list(versions[0][2])
        for at, ver, pods, starts, old in rollouts:
            for k, st in enumerate(starts):
                if st + dt.timedelta(seconds=14) <= t:
                    if old[k] in live:
                        live.remove(old[k])
                    if pods[k] not in live:
                        live.append(pods[k])
        return live

    def leader(t):
        return pods_at(t)[0]

    # ---- writers
    def slog(t, level, thread, train, logger, msg, pod=None):
        if START <= t < END:
            pod = pod or rng.choice(pods_at(t))
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            seatres.add(t, f"{pod} {stamp} {level:<5} [{thread}] [{train}] {logger} - {msg}")

    def alog(t, ref, rec, line):
        if START <= t < END:
            audit.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {ref} rec={rec:05d} {line}")

    def clog(t, level, msg, **kv):
        if START <= t < END:
            parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"']
            for k, v in kv.items():
                v = str(v)
                parts.append(f'{k}="{v}"' if (" " in v or "=" in v or v == "") else f"{k}={v}")
            crewlink.add(t, " ".join(parts))

    def jlog(t, msg):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 9))
        if START <= t < END:
            jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {msg}")

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        if START <= t < END:
            slack.add(t, json.dumps({"type": "message", "channel": "retail-oncall", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    control_no = [40]

    def ctl(t, hc, location, category, text, who):
        control_no[0] += 1
        if START <= t < END:
            control.add(t, json.dumps({"logged_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "entry": f"CL-0418-{control_no[0]:04d}", "headcode": hc,
                                       "location": location, "category": category, "controller": who, "text": text}, ensure_ascii=False))

    def ingress_line(t, method, path, status, size, rt, ua):
        if START <= t < END:
            client = f"{rng.choice(['86.', '81.', '92.', '31.', '176.', '2.'])}{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
            ingress.add(t, nginx_access(t, client, method, path, status, size, rt, ua, upstream_rt=max(0.001, rt - 0.002)))

    refs_seen = []

    def new_ref():
        while True:
            ref = "CR" + "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
            if ref not in refs_seen:
                refs_seen.append(ref)
                return ref

    # ---- reservations sold before the night
    for tr in trains:
        seats = tr["coaches"] * 60
        hour = local(tr["dep"]).hour
        load = rng.uniform(0.05, 0.16) if hour < 8 else rng.uniform(0.14, 0.34)
        n = max(2, int(seats * load / 1.6))
        tr["res"] = [(new_ref(), rng.choices([1, 2, 3, 4], [52, 32, 8, 8])[0]) for _ in range(n)]
        tr["state"] = "planned"     # planned -> cancelled -> vstp
        tr["vstp_uid"] = None
        tr["vstp_at"] = None

    wrong = [tr for tr in trains if tr["tunnel"] and tr["dep"] < POSSESSION_START - dt.timedelta(minutes=50)]
    # the two trains the possession really covers: 23:12 from Bristol and 23:30 from Cardiff (local)
    legit = []
    for hc, route, dep_local in (("1F47", "BRI-CDF", 23 * 60 + 12), ("1F48", "CDF-BRI", 23 * 60 + 30)):
        dep = utc(f"{DAY} 00:00:00") - dt.timedelta(hours=1) + dt.timedelta(minutes=dep_local)
        calls = [(crs, dep + dt.timedelta(minutes=off)) for crs, off in ROUTES[route]]
        tr = {"hc": hc, "route": route, "origin": calls[0][0], "dest": calls[-1][0], "dep": dep, "arr": calls[-1][1], "calls": calls,
              "kinds": ["4"], "uid": f"W4{rng.randint(0, 9999):04d}", "tunnel": True, "units": ["758416"], "coaches": 4,
              "res": [(new_ref(), rng.choice([1, 1, 2])) for _ in range(rng.randint(6, 14))], "state": "planned", "vstp_uid": None, "vstp_at": None}
        legit.append(tr)
    cancelled = wrong + legit
    stats["wrong"] = len(wrong)

    # ---- the clocks: bookings, consists, the CIF update, the rollback, VSTP, the restore
    channels = ["push", "push", "sms", "email", "email"]
    held = []        # notices held for the quiet hours: (ref, channel)
    sent_now = []    # (t, channel, template)
    manifest_v = {}
    pubs = {}
    built = {}

    def seats_of(tr):
        return sum(n for _, n in tr["res"])

    def publish(t, tr, pod):
        hc = tr["hc"]
        manifest_v[hc] = manifest_v.get(hc, 0) + 1
        v = manifest_v[hc]
        key = f"{hc}/{DAY}"
        tt = t + dt.timedelta(milliseconds=rng.randint(60, 260))
        slog(tt, "INFO", "manifest-1", key, "ManifestPublisher", f"Manifest v{v} for {hc} {DAY} published to CrewLink: {tr['coaches']} coaches, {seats_of(tr)} reserved seats", pod)
        pubs.setdefault(hc, []).append((tt, v, tr["coaches"], seats_of(tr)))
        clog(tt + dt.timedelta(milliseconds=rng.randint(5, 40)), "INFO", "manifest received", train=hc, date=DAY, version=v, coaches=tr["coaches"],
             reserved_seats=seats_of(tr), source="seatres")
        tt += dt.timedelta(milliseconds=rng.randint(80, 400))
        slog(tt, "INFO", "manifest-1", key, "ManifestPublisher", f"Seat labels for {hc} {DAY} sent to Kestrel: {'+'.join(tr['units'])}, {seats_of(tr)} labels", pod)
        return tt

    def build_consist(t, tr):
        hc = tr["hc"]
        key = f"{hc}/{DAY}"
        pod = leader(t)
        vehicles = []
        for u in tr["units"]:
            tail = u[-3:]
            vehicles += [f"51{tail}", f"52{tail}", f"53{tail}"] + ([f"54{tail}"] if u.startswith("7585") else []) + [f"55{tail}"]
        letters = LETTERS[len(vehicles)]
        tt = t + dt.timedelta(milliseconds=rng.randint(40, 300))
        uid = tr["vstp_uid"] or tr["uid"]
        slog(tt, "INFO", "manifest-1", key, "ConsistBuilder",
             f"Consist for {hc} {DAY} ({uid}): {'+'.join(tr['units'])} ({len(vehicles)} vehicles): " + " ".join(f"{c}={v}" for c, v in zip(letters, vehicles)), pod)
        publish(tt + dt.timedelta(milliseconds=rng.randint(30, 120)), tr, pod)
        return True

    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.54 Mobile Safari/537.36",
           "CambriaRail/7.5.0 (iPhone; iOS 17.4.1; Scale/3.00)", "CambriaRail/7.5.0 (Android 14; Pixel 8)",
           "CambriaRail/7.4.1 (Android 13; SM-A536B)", "okhttp/4.12.0 RetailerGateway/2.8 (trainpal)"]
    no_service = {}

    def booking_rate(t):
        h = local(t).hour + t.minute / 60
        if h < 6:
            return 0.3
        if h < 8:
            return 0.3 + (h - 6) * 0.9
        return 2.6

    def fare_request(t, o=None, d=None):
        if o is None:
            o, d = rng.sample(["SWA", "CDF", "CDF", "CDF", "BRI", "BRI", "NWP", "BGN", "MAN", "HFD", "SHR", "HHD", "PTA", "BPW", "CRE"], 2)
        days = rng.choice([0, 0, 0, 0, 1, 2, 5, 7, 14, 30])
        when = (local(t) + dt.timedelta(days=days)).strftime("%Y-%m-%d")
        tunnel_pair = {o, d} in ({"BRI", "CDF"}, {"BRI", "NWP"}, {"BPW", "CDF"}, {"BPW", "NWP"})
        path = f"/v3/fares?from={o}&to={d}&date={when}&time={rng.randint(6, 21):02d}{rng.choice(['00', '15', '30', '45'])}&adults={rng.choice([1, 1, 1, 2, 2, 3])}"
        size = rng.randint(3800, 14000)
        if days == 0 and tunnel_pair and any(tr["state"] == "cancelled" for tr in wrong):
            size = rng.randint(900, 1400)
            minute = t.replace(second=0, microsecond=0)
            bucket = minute - dt.timedelta(minutes=minute.minute % 5)
            no_service.setdefault(bucket, []).append(f"{o}-{d}")
        ingress_line(t, "GET", path, 200, size, rng.lognormvariate(-3.3, 0.5), rng.choice(uas))

    def book(te):
        ua = rng.choice(uas)
        party = rng.choices([1, 2, 3, 4], [50, 33, 9, 8])[0]
        pod = rng.choice(pods_at(te))
        cands = [tr for tr in trains if te + dt.timedelta(minutes=15) < tr["dep"] < te + dt.timedelta(hours=9)]
        if rng.random() < 0.3 and cands:
            tr = rng.choices(cands, [3 if tr["tunnel"] else 1 for tr in cands])[0]
            fare_request(te - dt.timedelta(seconds=rng.uniform(40, 180)), tr["origin"], tr["dest"])
            if tr["state"] == "cancelled":
                slog(te, "INFO", f"http-nio-8080-exec-{rng.randint(1, 24)}", f"{tr['hc']}/{DAY}", "ReservationService",
                     f"Reservation refused: {tr['hc']} {DAY} is cancelled (STP C {tr['uid']})", pod)
                ingress_line(te, "POST", "/v3/holds", 409, 188, rng.lognormvariate(-3.2, 0.4), ua)
                return
            hc, date = tr["hc"], DAY
            o, d = tr["origin"], tr["dest"]
            c = rng.choice(LETTERS[tr["coaches"]])
        else:
            tr = None
            tmpl = rng.choice(trains)
            hc = tmpl["hc"]
            date = (local(te) + dt.timedelta(days=rng.randint(1, 60))).strftime("%Y-%m-%d")
            o, d = tmpl["origin"], tmpl["dest"]
            c = rng.choice(LETTERS[tmpl["coaches"]])
            fare_request(te - dt.timedelta(seconds=rng.uniform(40, 180)), o, d)
        ingress_line(te - dt.timedelta(seconds=rng.uniform(8, 30)), "GET", f"/v3/trains/{hc}/{date}/seatmap?coach={c}", 200,
                     rng.randint(2200, 5200), rng.lognormvariate(-3.6, 0.4), ua)
        ingress_line(te - dt.timedelta(seconds=rng.uniform(2, 6)), "POST", "/v3/holds", 201, 412, rng.lognormvariate(-3.0, 0.4), ua)
        if rng.random() < 0.12:
            slog(te + dt.timedelta(minutes=15, seconds=rng.uniform(0, 50)), "INFO", "hold-sweeper", f"{hc}/{date}", "HoldSweeper",
                 f"Hold H{rng.randint(10**7, 10**8 - 1)} on {hc} {date} expired after 15 min, {party} seat(s) released")
            return
        ref = new_ref()
        s0 = rng.randint(1, 50)
        seats = ",".join(f"{c}{s}" for s in range(s0, s0 + party))
        slog(te, "INFO", f"http-nio-8080-exec-{rng.randint(1, 24)}", f"{hc}/{date}", "ReservationService",
             f"Reservation {ref} confirmed: {hc} {date} {o}-{d}, {party} seat(s) {seats} (standard, {rng.choice(['web', 'app', 'app', 'retailer', 'ticket-office'])})", pod)
        ingress_line(te + dt.timedelta(milliseconds=rng.randint(60, 200)), "POST", "/v3/reservations", 201, rng.randint(900, 1600), rng.lognormvariate(-2.6, 0.4), ua)
        if tr is not None:
            tr["res"].append((ref, party))
            if tr["hc"] in built:
                publish(te + dt.timedelta(milliseconds=rng.randint(200, 600)), tr, pod)

    # the CIF update: the records as received, then applied
    ref = "PD260418"
    other_recs = []
    for tmpl in rng.sample([tr for tr in trains if tr["route"] in ("SWA-CDF", "CDF-SWA")], 9):
        other_recs.append(("O", tmpl, "2026-05-02", "0000010"))
    for tmpl in rng.sample([tr for tr in trains if tr["route"] in ("MAN-CDF", "CDF-MAN")], 4):
        other_recs.append(("C", tmpl, "2026-05-09", "0000010"))
    for tmpl in rng.sample([tr for tr in trains if tr["route"] in ("CDF-HHD", "HHD-CDF")], 3):
        other_recs.append(("N", tmpl, "2026-05-03", "0000001"))
    future_displaced = [rng.choice([0, 0, 2, 3, 5]) for _ in range(4)]

    def cif_update(t0, ver, requested_by=None):
        pod = leader(t0)
        tt = t0
        if requested_by:
            slog(tt, "INFO", "http-nio-8080-exec-7", "-", "AdminController", f"CIF update {ref} reprocess requested by {requested_by}", pod)
            tt += dt.timedelta(milliseconds=300)
        if ver == "5.19.0":
            slog(tt, "INFO", "cif-import", "-", "CifParser", f"CIF update {ref} received: extract 2026-04-18 01:47 for TOC CR", pod)
        alog(tt, ref, 1, f"HDTPS.UCR.{ref}     1804260147DFROC1BDFROC1AUA180426170427")
        rec = 2
        records = []
        for tr in cancelled:
            records.append(("C", tr, DAY, "0000010"))
        for kind, tmpl, date, days in other_recs:
            records.append((kind, tmpl, date, days))
        order = list(range(len(records)))
        order.sort(key=lambda k: (records[k][1]["uid"], records[k][0]))
        for k in order:
            kind, tr, date, days = records[k]
            tt += dt.timedelta(milliseconds=rng.randint(1, 6))
            if kind == "C":
                alog(tt, ref, rec, bs_c(tr["uid"], date, days))
                rec += 1
            else:
                stp = "O" if kind == "O" else "N"
                uid = tr["uid"] if kind == "O" else f"C{rng.randint(10000, 99999)}"
                alog(tt, ref, rec, bs_full(uid, date, date, days, tr["hc"], stp, "P" if kind == "O" else "1"))
                alog(tt, ref, rec + 1, f"BX         CRY                                                                  ")
                rec += 2 + len(tr["calls"])
        tt += dt.timedelta(milliseconds=rng.randint(5, 20))
        alog(tt, ref, rec, "ZZ" + " " * 78)
        n_sched = 1146
        tt += dt.timedelta(seconds=rng.uniform(1.5, 3))
        slog(tt, "INFO", "cif-import", "-", "CifParser", f"CIF update {ref} parsed: {n_sched} schedules", pod)
        total = 0
        n_c = 0
        for k in order:
            kind, tr, date, days = records[k]
            if kind != "C":
                continue
            tt += dt.timedelta(milliseconds=rng.randint(40, 400))
            key = f"{tr['hc']}/{date}"
            if date != DAY:
                n = future_displaced.pop(0) if ver == "5.19.0" and future_displaced else 0
                desc = f"{tr['hc']} {local(tr['dep']).strftime('%H:%M')} {STATIONS[tr['origin']]}-{STATIONS[tr['dest']]}"
                if ver == "5.19.0" and n:
                    slog(tt, "WARN", "cif-import", key, "StpApplier", f"STP cancellation for {tr['uid']} ({desc}) on {date} applied: {n} reservations displaced", pod)
                elif ver == "5.19.0":
                    slog(tt, "INFO", "cif-import", key, "StpApplier", f"STP cancellation for {tr['uid']} ({desc}) on {date} applied: no reservations", pod)
                else:
                    slog(tt, "INFO", "cif-import", key, "StpApplier", f"STP cancellation for {tr['uid']} ({desc}) on {date} applied: {n} reservations cancelled", pod)
                n_c += 1
                total += n
                continue
            n_c += 1
            if ver == "5.19.0" and tr["state"] == "planned":
                res = tr["res"]
                tr["res"] = []
                tr["state"] = "cancelled"
                tr["displaced"] = res
                slog(tt, "WARN", "cif-import", key, "StpApplier", f"STP cancellation for {tr['uid']} ({describe(tr)}) on {date} applied: {len(res)} reservations displaced", pod)
                stats["displaced"].append((tt, len(res), tr["hc"]))
                total += len(res)
                urgent = local(tr["dep"]).hour < 9
                for r, _ in res:
                    ch = rng.choice(channels)
                    nt = tt + dt.timedelta(milliseconds=rng.randint(20, 900))
                    slog(nt, "INFO", f"notify-{rng.randint(1, 4)}", key, "PassengerNotifier", f"Train cancelled notice for {r} queued ({ch})")
                    if urgent:
                        sent_now.append((nt + dt.timedelta(seconds=rng.uniform(2, 50)), ch, "cr_train_cancelled"))
                    else:
                        held.append((r, ch))
            else:
                slog(tt, "INFO", "cif-import", key, "StpApplier", f"STP cancellation for {tr['uid']} ({describe(tr)}) on {date} applied: 0 reservations cancelled", pod)
        tt += dt.timedelta(seconds=rng.uniform(0.5, 2))
        o = sum(1 for r in records if r[0] == "O")
        nn = sum(1 for r in records if r[0] == "N")
        took = (tt - t0).total_seconds() + rng.uniform(20, 30)
        tt = t0 + dt.timedelta(seconds=took)
        if ver == "5.19.0":
            slog(tt, "INFO", "cif-import", "-", "StpApplier", f"CIF update {ref} applied in {took:.1f} s: {n_c} STP cancellations, {o} overlays, {nn} new schedules; {total} reservations displaced (batch D-{ref})", pod)
        else:
            slog(tt, "INFO", "cif-import", "-", "StpApplier", f"CIF update {ref} applied: {n_c} STP cancellations, {o} overlays, {nn} new schedules", pod)
        return tt

    # VSTP reinstatements: route control does the early trains one by one, then the rest
    vstp_times = []
    t = VSTP_FROM
    for k, tr in enumerate(sorted(wrong, key=lambda x: x["dep"])):
        vstp_times.append((t, tr))
        t += dt.timedelta(seconds=rng.uniform(90, 200) if k < 8 else rng.uniform(25, 70))
    vstp_uids = []

    def vstp(t, tr):
        while True:
            uid = f"Y{rng.randint(10000, 99999)}"
            if uid not in vstp_uids:
                vstp_uids.append(uid)
                break
        tr["vstp_uid"] = uid
        tr["state"] = "vstp"
        tr["vstp_at"] = t
        slog(t, "INFO", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1", f"{tr['hc']}/{DAY}", "VstpListener",
             f"VSTP schedule {uid} for {tr['hc']} {DAY} ({describe(tr)}) created: {tr['coaches']} coaches, 0 reservations", leader(t))

    def restore():
        pod = leader(RESTORE)
        slog(RESTORE, "INFO", "http-nio-8080-exec-3", "-", "AdminController", f"Restore of displacement batch D-{ref} requested by cpritchard", pod)
        tt = RESTORE
        restored_total, stayed = 0, 0
        for tr in sorted(cancelled, key=lambda x: x["dep"]):
            tt += dt.timedelta(milliseconds=rng.randint(80, 400))
            key = f"{tr['hc']}/{DAY}"
            n = len(tr.get("displaced", []))
            if tr["vstp_uid"] is None:
                slog(tt, "INFO", "http-nio-8080-exec-3", key, "DisplacementService", f"Restore D-{ref}: {describe(tr)} has no replacement schedule, {n} reservations stay displaced", pod)
                stayed += n
            elif tr["dep"] <= tt:
                slog(tt, "INFO", "http-nio-8080-exec-3", key, "DisplacementService", f"Restore D-{ref}: {tr['hc']} {DAY} ({tr['vstp_uid']}) already departed, {n} reservations stay displaced", pod)
                stayed += n
            else:
                reseated = rng.choice([0, 0, 0, 1, 2])
                tr["res"] = tr["res"] + tr["displaced"]
                slog(tt, "WARN", "http-nio-8080-exec-3", key, "DisplacementService",
                     f"Restore D-{ref}: {n} displaced reservations of {tr['uid']} restored onto {tr['vstp_uid']} ({reseated} without their seat)", pod)
                restored_total += n
                for _ in range(n):
                    sent_now.append((tt + dt.timedelta(seconds=rng.uniform(2, 90)), rng.choice(channels), "cr_train_running"))
                if tr["hc"] in built:
                    tt = publish(tt + dt.timedelta(milliseconds=50), tr, pod)
        stats["restored"] = restored_total
        stats["stayed"] = stayed

    lead = dt.timedelta(minutes=90)
    skipped = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for te in poisson_times(rng, t, nxt, booking_rate(t)):
            book(te)
        for te in poisson_times(rng, t, nxt, booking_rate(t) * 3.0):
            fare_request(te)
        if t <= CIF_AT < nxt:
            cif_update(CIF_AT, version_at(CIF_AT))
        if t <= REPROCESS < nxt:
            cif_update(REPROCESS, version_at(REPROCESS), requested_by="gparry")
        for at, tr in vstp_times:
            if t <= at < nxt:
                vstp(at, tr)
        for tr in trains:
            if tr["hc"] in built:
                continue
            if tr["dep"] - t <= lead:
                at = t + dt.timedelta(seconds=rng.uniform(0.5, 3))
                if tr["state"] == "cancelled":
                    if tr["hc"] not in skipped:
                        skipped.append(tr["hc"])
                        slog(at, "INFO", "manifest-1", f"{tr['hc']}/{DAY}", "ConsistScheduler", f"Consist skipped for {tr['hc']} {DAY}: train cancelled (STP C {tr['uid']})", leader(at))
                    continue
                built[tr["hc"]] = at
                build_consist(at, tr)
        if t <= RESTORE < nxt:
            restore()
        t = nxt

    # ---- notices: the urgent ones at once, the rest at the end of the quiet hours
    slog(QUEUE_RELEASE + dt.timedelta(milliseconds=120), "INFO", "notify-sender", "-", "NotificationSender", f"Quiet hours over: releasing {len(held)} held notices")
    t = QUEUE_RELEASE + dt.timedelta(seconds=2)
    for k, (r, ch) in enumerate(held):
        sent_now.append((t + dt.timedelta(seconds=(k // 8) + rng.uniform(0, 1)), ch, "cr_train_cancelled"))
    per_min = {}
    for at, ch, tmpl in sent_now:
        minute = at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        per_min.setdefault(minute, {"push": 0, "sms": 0, "email": 0})[ch] += 1
        stats["sent"].append((at, ch))
        if ch == "sms":
            rt = at + dt.timedelta(seconds=rng.uniform(2, 40))
            failed = rng.random() < 0.03
            if START <= rt < END:
                sms.add(rt, json.dumps({"received_at": rt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rt.microsecond // 1000:03d}Z",
                                        "event": "message.failed" if failed else "message.delivered",
                                        "message_id": "tw_" + "".join(rng.choice("0123456789abcdef") for _ in range(24)),
                                        "to": f"+447700900{rng.randint(0, 999):03d}", "sender": "CambriaRail", "template": tmpl,
                                        "network": rng.choice(["EE", "Vodafone UK", "O2 UK", "Three UK"]),
                                        "status": "failed" if failed else "delivered", "error": "absent subscriber" if failed else None}))
    for minute in sorted(per_min):
        c = per_min[minute]
        slog(minute + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "notify-sender", "-", "NotificationSender",
             f"Notifications sent in the last minute: push {c['push']}, sms {c['sms']}, email {c['email']}")
    # the SMS provider's other traffic: one-time codes and e-ticket links
    for te in poisson_times(rng, START, END, 0.6):
        if rng.random() < (0.3 if local(te).hour < 7 else 1.0):
            sms.add(te, json.dumps({"received_at": te.strftime("%Y-%m-%dT%H:%M:%S.") + f"{te.microsecond // 1000:03d}Z", "event": "message.delivered",
                                    "message_id": "tw_" + "".join(rng.choice("0123456789abcdef") for _ in range(24)), "to": f"+447700900{rng.randint(0, 999):03d}",
                                    "sender": "CambriaRail", "template": rng.choice(["cr_login_code", "cr_eticket_link", "cr_eticket_link"]),
                                    "network": rng.choice(["EE", "Vodafone UK", "O2 UK", "Three UK"]), "status": "delivered", "error": None}))

    # ---- TRUST movements
    for tr in trains:
        if tr["state"] == "cancelled":
            continue
        key = f"{tr['hc']}/{DAY}"
        delay = 0
        if tr["vstp_at"] is not None and tr["dep"] - tr["vstp_at"] < dt.timedelta(minutes=26):
            delay = int((dt.timedelta(minutes=26) - (tr["dep"] - tr["vstp_at"])).total_seconds() // 60) + rng.randint(0, 3)
        for k, (crs, at) in enumerate(tr["calls"]):
            if k:
                delay = max(0, delay + rng.choice([0, 0, 0, 0, 1, -1, -1, 2]))
            actual = at + dt.timedelta(minutes=delay, seconds=rng.uniform(5, 55))
            late = "on time" if delay == 0 else f"{delay} min late"
            what = "terminated at" if k == len(tr["calls"]) - 1 else "departed"
            slog(actual + dt.timedelta(seconds=rng.uniform(2, 9)), "INFO", "trust-listener-1", key, "TrustMovementListener",
                 f"TRUST: {tr['hc']} {what} {STATIONS[crs]} {actual.strftime('%H:%M:%S')} ({late})")

    # ---- CrewLink
    def version_at_t(hc, t):
        v = (0, 0, 0)
        for pt, pv, coaches, seats in pubs.get(hc, []):
            if pt <= t:
                v = (pv, coaches, seats)
        return v

    early = sorted(wrong, key=lambda x: x["dep"])
    reports = {
        early[0]["hc"]: (early[0]["dep"] - dt.timedelta(minutes=63), "WARN", f"Handheld says {early[0]['hc']} is cancelled. I am diagrammed on it and the unit is prepped at Canton. Calling Control."),
        early[1]["hc"]: (early[1]["dep"] + dt.timedelta(minutes=8), "WARN", "Manifest empty but passengers have reservations, some say they got a text at 3am saying this train is cancelled."),
        early[3]["hc"]: (early[3]["dep"] + dt.timedelta(minutes=6), "WARN", "No reservations on the manifest, passengers showing seat reservations and cancellation texts. Seating them where free."),
    }
    after = [tr for tr in early if tr["dep"] > RESTORE + dt.timedelta(minutes=10)][0]
    reports[after["hc"]] = (RESTORE + dt.timedelta(minutes=21), "INFO", "Manifest updated, reservations showing now. Thanks.")
    devices = []
    reported = []
    for tr in trains + legit:
        hc = tr["hc"]
        if tr["dep"] - dt.timedelta(minutes=80) > END:
            continue
        dev = f"HH-{rng.randint(3000, 3999)}"
        staff = f"{rng.randint(100000, 199999)}"
        login = tr["dep"] - dt.timedelta(minutes=75 + rng.uniform(-4, 4))
        logout = tr["arr"] + dt.timedelta(minutes=rng.uniform(4, 12))
        devices.append((login, logout))
        clog(login, "INFO", "device login", device=dev, staff=staff, role="TM", depot=DEPOT.get(tr["origin"], STATIONS[tr["origin"]]), train=hc,
             app="crewlink-android/3.15.0")
        st = login + dt.timedelta(seconds=rng.uniform(10, 40))
        last_v = 0
        stj = [at for crs, at in tr["calls"] if crs == "STJ"]
        while st < logout:
            v, coaches, seats = version_at_t(hc, st)
            in_tunnel = bool(stj) and stj[0] - dt.timedelta(minutes=4) <= st <= stj[0] + dt.timedelta(minutes=2)
            cancelled_now = tr["tunnel"] and (tr["vstp_at"] is None or st < tr["vstp_at"]) and st >= CIF_AT and tr in cancelled
            if cancelled_now:
                clog(st, "INFO", "device sync", device=dev, train=hc, manifest_version=0, note="train cancelled in seatres", duration_ms=rng.randint(80, 300))
            elif v == 0:
                clog(st, "INFO", "device sync", device=dev, train=hc, manifest_version=0, note="manifest not published yet", duration_ms=rng.randint(90, 400))
            elif in_tunnel or rng.random() < 0.015:
                err = "dial tcp 10.88.4.12:443: i/o timeout" if in_tunnel else "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                clog(st, "WARN", "device sync failed", device=dev, train=hc, manifest_version=last_v, err=err)
            else:
                clog(st, "INFO", "device sync", device=dev, train=hc, manifest_version=v, changed=str(v != last_v).lower(), coaches=coaches,
                     reserved_seats=seats, duration_ms=rng.randint(120, 1400) if v != last_v else rng.randint(60, 300))
                last_v = v
            if hc in reports and reports[hc][0] <= st and hc not in reported:
                reported.append(hc)
                rt = reports[hc][0] + dt.timedelta(milliseconds=rng.randint(0, 999))
                clog(rt, reports[hc][1], "staff report", device=dev, staff=staff, train=hc, category="reservations", text=reports[hc][2])
            st += dt.timedelta(minutes=5, seconds=rng.uniform(-20, 20))
        if logout < END:
            clog(logout, "INFO", "device logout", device=dev, staff=staff, train=hc)
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        clog(t, "INFO", "active devices", count=sum(1 for a, b in devices if a <= t < b), gateway="crewlink-gw-1")
        t += dt.timedelta(minutes=10)

    # ---- seatres: starts, stops, housekeeping
    for at, ver, pods, starts, old in rollouts:
        for k, st in enumerate(starts):
            boot = st - dt.timedelta(seconds=rng.uniform(15, 19))
            p = pods[k]
            slog(boot, "INFO", "main", "-", "SeatresApplication", f"Starting SeatresApplication v{ver} using Java 21.0.6 with PID 1 (/workspace/BOOT-INF/classes started by cnb in /workspace)", p)
            slog(boot + dt.timedelta(milliseconds=90), "INFO", "main", "-", "SeatresApplication", 'The following 1 profile is active: "prod"', p)
            slog(boot + dt.timedelta(seconds=6.2), "INFO", "main", "-", "TomcatWebServer", "Tomcat initialized with port 8080 (http)", p)
            slog(boot + dt.timedelta(seconds=9.1), "INFO", "main", "-", "DbMigrate", "Current version of schema \"seatres\": 44" if ver == "5.19.0" else "Current version of schema \"seatres\": 44", p)
            slog(boot + dt.timedelta(seconds=9.2), "INFO", "main", "-", "DbMigrate", "Schema \"seatres\" is up to date. No migration necessary.", p)
            slog(st, "INFO", "main", "-", "SeatresApplication", f"Started SeatresApplication in {(st - boot).total_seconds():.3f} seconds (process running for {(st - boot).total_seconds() + 1.1:.3f})", p)
            slog(st + dt.timedelta(milliseconds=200), "INFO", "main", "-", "SeatresInfo",
                 f"seatres {ver} ({ver_sha[ver][:7]}) ready: manifest lead 90 min, CIF updates from timetable-feed, VSTP from timetable.vstp.cr", p)
            down = st + dt.timedelta(seconds=13)
            slog(down, "INFO", "SpringApplicationShutdownHook", "-", "GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", old[k])
            slog(down + dt.timedelta(milliseconds=rng.randint(300, 1500)), "INFO", "tomcat-shutdown", "-", "GracefulShutdown", "Graceful shutdown complete", old[k])
    t = START + dt.timedelta(seconds=rng.uniform(0, 300))
    while t < END:
        for p in pods_at(t):
            n = int(booking_rate(t) * 5 * rng.uniform(5, 8) / 3)
            slog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "fares-stats", "-", "FareService",
                 f"Fare quotes last 5 min: {n} (flow cache hit {rng.uniform(0.86, 0.95):.2f}, p95 {rng.randint(28, 75)} ms)", p)
        t += dt.timedelta(minutes=5)
    for bucket in sorted(no_service):
        pairs = no_service[bucket]
        top = []
        for pr in pairs:
            if pr not in top:
                top.append(pr)
        top.sort(key=lambda pr: (-pairs.count(pr), pr))
        at = bucket + dt.timedelta(minutes=5, milliseconds=rng.randint(0, 900))
        slog(at, "INFO", "fares-stats", "-", "JourneyPlanner", f"Journey searches for today with no direct service: {len(pairs)} in 5 min (top {', '.join(top[:3])})", leader(at))
    slog(utc(f"{DAY} 01:30:02"), "INFO", "scheduling-1", "-", "InventoryHorizon", "Inventory horizon: archived 2026-04-17: 232 trains, 11,904 reservations", leader(utc(f"{DAY} 01:30:02")))
    slog(utc(f"{DAY} 01:30:44"), "INFO", "scheduling-1", "-", "InventoryHorizon", "Inventory horizon: created 2026-07-11 from the long-term plan: 214 trains, 55,680 seats (41.9 s)", leader(utc(f"{DAY} 01:30:44")))
    for k, at in enumerate([utc(f"{DAY} 01:20:00"), utc(f"{DAY} 01:30:00"), utc(f"{DAY} 01:40:00"), utc(f"{DAY} 01:50:00"), utc(f"{DAY} 02:00:00")]):
        at = at + dt.timedelta(milliseconds=rng.randint(20, 400))
        slog(at, "INFO", "scheduling-1", "-", "CifPoller", "CIF update: none newer than PD260417 yet", leader(at))
    slog(CIF_AT - dt.timedelta(milliseconds=800), "INFO", "scheduling-1", "-", "CifPoller", "CIF update PD260418 available (1.9 MB), importing", leader(CIF_AT))
    slog(utc(f"{DAY} 03:04:12"), "INFO", "http-nio-8080-exec-2", "-", "FaresFeedImporter", "Fares feed RJFAF649 loaded: 41,913 flows, 312,844 fares, 18 railcards; flow cache rebuilt in 11.9 s", leader(utc(f"{DAY} 03:04:12")))

    # ---- ingress: the rest
    cancelled_refs = [r for tr in wrong for r, _ in tr.get("displaced", [])]
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        rate = booking_rate(t) * 1.1
        if QUEUE_RELEASE <= t < QUEUE_RELEASE + dt.timedelta(minutes=90):
            rate += 6.0 * max(0.15, 1 - (t - QUEUE_RELEASE).total_seconds() / 5400)
        for te in poisson_times(rng, t, nxt, rate):
            ua = rng.choice(uas)
            kind = rng.random()
            if QUEUE_RELEASE <= t and kind < 0.35 and cancelled_refs:
                ingress_line(te, "GET", f"/v3/reservations/{rng.choice(cancelled_refs)}", 200, rng.randint(1500, 2300), rng.lognormvariate(-3.4, 0.4), ua)
            elif kind < 0.55:
                ingress_line(te, "GET", f"/v3/live/departures?crs={rng.choice(['CDF', 'SWA', 'BRI', 'BRI', 'NWP', 'MAN', 'HFD'])}", 200, rng.randint(5000, 9000), rng.lognormvariate(-3.8, 0.4), ua)
            elif kind < 0.75:
                ingress_line(te, "GET", f"/v3/stations?q={rng.choice(['car', 'swa', 'brist', 'new', 'man', 'here', 'shr', 'abe', 'bri'])}", 200, rng.randint(400, 1500), rng.lognormvariate(-4.4, 0.3), ua)
            elif kind < 0.93:
                ingress_line(te, "GET", f"/v3/reservations/{new_ref()}", rng.choice([200, 200, 200, 404]), rng.randint(1300, 2100), rng.lognormvariate(-3.4, 0.4), ua)
            else:
                ingress_line(te, "POST", "/v3/auth/token", 200, 890, rng.lognormvariate(-2.9, 0.3), ua)
        t = nxt

    # ---- Jenkins
    def deploy_job(at, number, who, ver, sha, revision, reason=""):
        jlog(at, f"Started by user {who}")
        jlog(at + dt.timedelta(milliseconds=300), f"Running on agent-k8s-7 in /home/jenkins/workspace/seatres-deploy (#{number})")
        jlog(at + dt.timedelta(seconds=1), f"Parameters: VERSION={ver}{reason}")
        jlog(at + dt.timedelta(seconds=4), f"Deploying seatres {ver} (v{ver}, commit {sha}) to prod-cdf")
        jlog(at + dt.timedelta(seconds=5), f"+ helm upgrade seatres deploy/helm/seatres -n retail -f deploy/helm/seatres/values-prod.yaml --set image.tag={sha} --wait --timeout 10m")
        done = at + dt.timedelta(seconds=175 + rng.uniform(0, 8))
        jlog(done, 'Release "seatres" has been upgraded. Happy Helming!')
        jlog(done + dt.timedelta(milliseconds=20), "NAME: seatres")
        jlog(done + dt.timedelta(milliseconds=30), f"LAST DEPLOYED: {done.strftime('%a %b %d %H:%M:%S %Y')}")
        jlog(done + dt.timedelta(milliseconds=40), f"REVISION: {revision}")
        jlog(done + dt.timedelta(seconds=1.5), 'deployment "seatres" successfully rolled out')
        jlog(done + dt.timedelta(seconds=2), "Finished: SUCCESS")

    deploy_job(DEPLOY_5190, 447, "Megan Hughes", "5.19.0", shas["rel5190"], 71)
    deploy_job(ROLLBACK, 448, "Gwen Parry", "5.18.2", shas["rel5182"], 72, " (rollback)")
    deploy_job(REDEPLOY, 449, "Megan Hughes", "5.19.0", shas["rel5190"], 73, " (emergency change EC-0418-01)")
    for at, job, lines in ((utc(f"{DAY} 01:00:00"), "seatres-db-backup #723", ["+ pg_dump -Fc seatres > /backup/seatres-20260418.dump", "dump size 4.3 GB", "uploaded to s3://cr-backups/seatres/20260418.dump"]),
                           (utc(f"{DAY} 03:00:00"), "fares-feed-import #249", ["fetched RJFAF649.ZIP (38.4 MB) from the fares data feed", "+ curl -X POST https://seatres.prod.cambriarail.internal/admin/fares/import?feed=RJFAF649", "HTTP 202"])):
        jlog(at, "Started by timer")
        jlog(at + dt.timedelta(milliseconds=300), f"Running {job}")
        for k, line in enumerate(lines):
            jlog(at + dt.timedelta(seconds=20 + 60 * k), line)
        jlog(at + dt.timedelta(seconds=20 + 60 * len(lines)), "Finished: SUCCESS")

    # ---- the people
    disp = stats["displaced"]
    total = sum(n for _, n, _ in disp)
    stats["total"] = total
    alert_at = None
    for k, (dtm, n, _) in enumerate(disp):
        if sum(m for t2, m, _ in disp if dtm - dt.timedelta(minutes=15) < t2 <= dtm) >= 200:
            alert_at = dtm + dt.timedelta(seconds=45)
            break
    stats["alert"] = alert_at
    urgent_n = len([1 for a, c, tm in sent_now if tm == "cr_train_cancelled" and a < QUEUE_RELEASE])
    first_vstp = vstp_times[0]
    last_vstp = vstp_times[-1][0]
    stats["last_vstp"] = last_vstp
    say(utc(f"{DAY} 01:09:00"), "megan.hughes", "Deploying seatres 5.19.0 in the window: RES-640 (STP cancellations go to a displacement batch that can be restored onto a VSTP), RES-641 (CIF extract time logged), RES-643 (warning with the displaced count), RES-645 (quiet hours for notices), jackson 2.17.3.")
    say(utc(f"{DAY} 01:17:30"), "megan.hughes", "5.19.0 on all three pods. Gwen is on call.")
    say(alert_at, "grafana", f"[FIRING:1] Reservations displaced by STP (seatres, prod): {total} in 15 min")
    say(alert_at + dt.timedelta(minutes=5), "gwen.parry", f"On it. CIF update PD260418 at 02:05 had {len(cancelled)} STP cancellations for today, every Bristol-Cardiff train both ways, {total} reservations displaced. 5.19.0 went out an hour ago with RES-640 in exactly this code.")
    say(ROLLBACK - dt.timedelta(minutes=6), "gwen.parry", "Runbook: INC-2025-117 was our parser turning overlays into cancellations after a release. Rolling back to 5.18.2 and reprocessing the update.")
    say(ROLLBACK + dt.timedelta(minutes=3, seconds=20), "gwen.parry", "5.18.2 on all pods. Reprocessing PD260418.")
    say(REPROCESS + dt.timedelta(minutes=2), "gwen.parry", f"Reprocess on 5.18.2 done: it lists the same {len(cancelled)} cancellations, 0 reservations each (already displaced), nothing new, alert resolved. Not sure whether that is the data or our batch; leaving batch D-PD260418 for the day shift. The passengers of the trains before 09:00 were texted at 03:06 ({urgent_n} notices), sorry.")
    say(utc(f"{DAY} 03:02:00"), "grafana", "[RESOLVED] Reservations displaced by STP (seatres, prod)")
    say(first_vstp[0] - dt.timedelta(minutes=16), "sian.evans", f"@retail-oncall Control here: every Bristol-Cardiff train today shows STP cancelled in the infrastructure manager's plan since the overnight update, and the TM of the {local(early[0]['dep']).strftime('%H:%M')} from {STATIONS[early[0]['origin']]} sees it cancelled on his handheld. Are you cancelling trains?")
    say(first_vstp[0] - dt.timedelta(minutes=10), "gwen.parry", f"No, we take cancellations from the CIF update: {len(cancelled)} C records for 18/04, the tunnel trains. Is that the IM?")
    say(first_vstp[0] + dt.timedelta(minutes=2), "sian.evans", "Western route control: the Severn Tunnel possession starts 23:50 tonight, not this morning. They say the C records are wrong and are reinstating our trains by VSTP, first 1F10 now.")
    say(last_vstp + dt.timedelta(minutes=4), "gwen.parry", "All tunnel trains are back as VSTP schedules (Y uids), with empty inventory: the TMs see no reservations. The displaced ones are in the batch; the restore is in 5.19.0, which I rolled back. Handing over to the day shift at 07:00.")
    say(QUEUE_RELEASE + dt.timedelta(minutes=3), "lowri.davies", "Social: texts and emails going out right now telling people their Bristol-Cardiff train is cancelled. Is it?")
    say(QUEUE_RELEASE + dt.timedelta(minutes=6), "gwen.parry", f"It is not, they run as VSTP. Those are the {len(held)} notices held for the quiet hours, released at 06:00. @ceri.pritchard")
    say(utc(f"{DAY} 06:24:00"), "ceri.pritchard", "Read the 02:05 update in the CIF audit: C records for every tunnel train with dates 260418-260418 and days 0000010, Saturday only. Sunday's cancellations and buses came in the update of 27 March. The possession notice P2026/41877 is 23:50 Sat to 04:30 Mon: only 1F47 and 1F48 are in it. 5.18.2 applied the same records on the reprocess, so it is the data, not RES-640.")
    say(utc(f"{DAY} 06:41:00"), "megan.hughes", "Agreed. The restore needs 5.19.0 back. @sian.evans emergency change to redeploy 5.19.0?")
    say(utc(f"{DAY} 06:44:00"), "sian.evans", "Approved, EC-0418-01.")
    say(REDEPLOY + dt.timedelta(minutes=4), "megan.hughes", "5.19.0 live again.")
    say(RESTORE + dt.timedelta(minutes=2), "ceri.pritchard", f"Restore of D-PD260418 done: {stats['restored']} reservations back on their trains (VSTP), passengers told the train runs; {stats['stayed']} stay displaced (trains already gone, and 1F47/1F48 which really are cancelled). Contact centre has the list for refunds.")
    say(IM_CONFIRM + dt.timedelta(minutes=2), "ceri.pritchard", "IM timetable planning on-call: the possession was brought forward to 23:50 Sat on Friday afternoon and their tool regenerated the cancellations by start date, so all of Saturday's tunnel trains got a C. Corrected STP in tonight's update; today's VSTPs stand. Nothing to change on our side.")
    say(utc(f"{DAY} 08:10:00"), "lowri.davies", "Posted an explanation and the refund link.")
    say(utc(f"{DAY} 08:53:00"), "ceri.pritchard", "Runbook updated: cancellations for trains that run are the CIF data, a rollback does not undo a displacement.")

    ctl(utc(f"{DAY} 03:00:00"), "-", "Control", "General", "Night shift. Possession P2026/41877 Severn Tunnel Jn-Patchway 23:50 Sat 18/04 to 04:30 Mon 20/04: 1F47/1F48 tonight and Sunday BRI-CDF replaced by buses as per plan.", "G. Price")
    ctl(early[0]["dep"] - dt.timedelta(minutes=61), early[0]["hc"], "Canton TMD", "Crew", f"TM for {early[0]['hc']} {local(early[0]['dep']).strftime('%H:%M')} CDF-BRI reports handheld shows train cancelled; unit prepped at Canton. Train not in the IM's train plan. Checking.", "G. Price")
    ctl(first_vstp[0] - dt.timedelta(minutes=18), "-", "Control", "Operations", "All CR BRI-CDF/CDF-BRI trains for today show STP cancelled in the IM's plan since the overnight update. Western route control contacted (ref WR-0418-07). Possession notice says 23:50 Sat.", "S. Evans")
    ctl(first_vstp[0] - dt.timedelta(minutes=2), "-", "Control", "Operations", "Western route control: cancellations for today are an error from the possession replan, reinstating CR trains by VSTP from 04:12, first 1F10.", "S. Evans")
    f10 = by_hc["1F10"]
    ctl(f10["dep"] + dt.timedelta(minutes=14), "1F10", "Cardiff Central", "Operations", "1F10 away late as VSTP, unit and crew waiting for the schedule.", "S. Evans")
    ctl(last_vstp + dt.timedelta(minutes=2), "-", "Control", "Operations", f"All {len(wrong)} tunnel trains for today reinstated by VSTP. Retail: handheld manifests for them show no reservations until restored.", "S. Evans")
    ctl(QUEUE_RELEASE + dt.timedelta(minutes=25), "-", "Bristol Temple Meads", "Customer", "Passengers asking about texts saying their Cardiff train is cancelled. Station staff briefed: trains running, reservations being restored.", "S. Evans")
    ctl(IM_CONFIRM + dt.timedelta(minutes=4), "-", "Control", "Operations", "IM planning confirms the possession replan cancelled Saturday's trains by date; corrected STP tonight. Retail restored reservations at 08:16 local.", "S. Evans")
    ctl(reports[after["hc"]][0] + dt.timedelta(minutes=3), after["hc"], STATIONS[after["origin"]], "Customer", f"{after['hc']} TM confirms reservations on handheld after the restore.", "S. Evans")
    ctl(utc(f"{DAY} 08:30:00"), "1W07", "Shrewsbury", "Operations", "1W07 held 5 min at Shrewsbury, late crew.", "S. Evans")

    return [seatres, audit, crewlink, ingress, sms, jenkins, control, slack], stats


def build(out_dir):
    rng = random.Random(85200)
    repo, shas = build_repo(random.Random(85201))
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["displaced"][0][0].replace(microsecond=0)
        assert CIF_AT <= onset < CIF_AT + dt.timedelta(minutes=2), onset
        assert stats["alert"] is not None and stats["alert"] < ROLLBACK, stats["alert"]
        assert stats["restored"] > 0 and stats["last_vstp"] < REDEPLOY
        disp = stats["displaced"]
        sent = stats["sent"]

        def displaced(t):
            return sum(n for at, n, _ in disp if t - dt.timedelta(minutes=5) < at <= t)

        def sent_by(ch):
            def fn(t):
                return sum(1 for at, c in sent if c == ch and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        metrics = {
            "seatres_reservations_displaced_5m.json": query_range([({"job": "seatres", "reason": "stp_cancellation"}, displaced)], START, END, 60),
            "seatres_notifications_sent_per_minute.json": query_range(
                [({"job": "seatres", "channel": ch}, sent_by(ch)) for ch in ("push", "sms", "email")], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r85-stp-cancellations-by-date-none", service=SERVICE, onset=onset,
            description=f"""
Cambria Rail's Bristol-Cardiff trains are cancelled in seatres on Saturday
18 April although they run: from {onset.strftime('%H:%M:%S')} UTC the overnight CIF update
displaces the reservations of every train through the Severn Tunnel,
passengers are texted that their train is cancelled (the morning ones at
03:06 local, the rest at 07:00), the trains are reinstated as VSTP from
04:12 with empty manifests on the train managers' handhelds. seatres 5.19.0
had been deployed at 01:12; it was rolled back to 5.18.2 at 02:36 and the
update reprocessed; 5.19.0 was deployed again at 07:05 and the displaced
reservations restored onto the VSTP trains at 07:16.
""",
            logs=logs,
            line_formats={
                "seatres.log": r'<Pod> <Date> <Time> <Level>\s+\[<Thread>\] \[<Train>\] <Logger> - <Content>',
                "cif-audit.log": r'<Time> <FileRef> rec=<Rec> <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"STP cancellation for .* applied", r"CIF update .* applied in"],
            fix_files=[],
            explanation=f"""
No commit caused this. On Friday afternoon the infrastructure manager's
engineering planners brought the Severn Tunnel possession of Sunday 19
April forward to start at 23:50 on Saturday; their planning tool
regenerated the STP cancellations by the possession's start date, so the
daily CIF update PD260418 cancelled every Cambria Rail train through the
tunnel on Saturday 18 April (C records 260418-260418, days 0000010), {stats['wrong']}
trains that should have run besides the two inside the possession (1F47,
1F48). seatres applied them as designed at 02:05 ("STP cancellation for
... applied: ... reservations displaced", {stats['total']} reservations) and the passengers
were told; the signallers' systems had the same cancellations until
Western route control reinstated the trains as VSTP from 04:12. The
infrastructure manager corrected the STP in the next update; seatres
restored the reservations onto the VSTP schedules with 5.19.0's restore.
Decoys: release 5.19.0, deployed 53 minutes before the onset (RES-640,
displacement instead of cancellation, in the very STP handling; RES-643,
which adds the very "reservations displaced" warning; RES-641 in the CIF
parser; RES-645, quiet hours for notices; a Jackson bump); the rollback to
5.18.2 and the reprocess, which seemed to help (no new displacements, the
alert resolved) because the batch was already displaced, and the redeploy
of 5.19.0 the restore needed; Thursday's runbook commit that reads mass
displacements after a CIF update as our own STP handling (INC-2025-117)
and says to roll back and reprocess; routine STP cancellations for other
dates in the same update; sync failures in the Severn Tunnel.
""",
        )
    finally:
        repo.close()
