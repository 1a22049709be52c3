"""seatres (Kotlin, Spring Boot 3 on JVM 21; three pods on the operator's
on-premises Kubernetes, deployed by a Jenkins job with Helm in the
overnight window when no trains run; team in Cardiff, one contractor in
Krakow) is the seat reservation and ticket inventory of Cambria Rail, a
train operator running Swansea-Cardiff, Bristol-Cardiff, Manchester-Cardiff
and Cardiff-Holyhead services with class 758 units: 758/5 five-car sets
and 758/4 four-car sets, run alone or coupled. seatres quotes fares (the
website, the app and the ticket offices), sells reservations per coach
and seat, and builds each train's consist for the day from the units
fleet control allocated to it in FleetHub: the vehicles in running order,
each with its coach letter and seat layout. At a lead time before
departure it compares the consist with the formation the train was
planned and sold with, moves the reservations of coaches or seats that
are not there ("re-accommodation", the passengers are told), publishes
the train's manifest to CrewLink, the gateway the train managers'
handhelds sync through, and sends the seat labels (the reservation
displays over the seats) to Kestrel PIS, the on-board information
system's ground server, which pushes them to the units.

Coach letters skip I and O on Cambria Rail's trains, as on most British
trains: the units' own coach displays, the labels printed on the
vehicles and the letters on every reservation sold for a nine- or
ten-car train run A-H, J, K. The consist builder had them as a table per
formation length ("ABCDE", "ABCDEFGH", "ABCDEFGHJ", "ABCDEFGHJK"), with no
comment saying why.

Wednesday 11 March 2026, 15:47 UTC: RES-512 "consist: coach letters by
position" (Tomasz, preparing for the seven-car 758/7s due in May and
their 7+5 and 7+7 formations) replaces the table with 'A' + position, for
any length up to 14. Its tests cover five, seven and eight vehicles, where
nothing changes. Shipped in 5.12.0 that night; 5.12.1 (a fares fix) the
night after. Cambria Rail's platforms take eight cars; the only nine- and
ten-car trains are the ones strengthened for events, planned and put on
sale weeks before, with coaches J and K.

Saturday 14 March: an international at the national stadium in Cardiff
(kick-off 16:40). Fleet control runs the xx:58 Swansea-Cardiff trains
from 09:58 as 5+5 and the xx:12 Bristol-Cardiff trains from 10:12 as 5+4.
Release 5.13.0 had gone out in the overnight window at 01:35 (RES-519,
unit and vehicle numbers in the consist line, in the culprit's file;
RES-520, re-accommodation keeps parties together and prefers the same
seat type; RES-523, which logs each reservation moved by a formation
change, the very line that fills the log; RES-525, manifests 90 minutes
before departure instead of 60; a Spring Boot patch bump). At 06:41 a
genuine stock swap (758509 failed its prep with a door fault, 758404
went out instead) short-forms the 07:28 Swansea-Cardiff to four cars and
re-accommodates its coach E, as designed.

At 08:28 seatres builds 1B22's consist (the 09:58 from Swansea,
758512+758507): coaches A-H, I, J. Coach K of the planned formation "has
no vehicle in today's consist", coach I "was not in the planned
formation", and coach J, now the last vehicle, "is a DMSO today (planned
TSO)", so its seats 57-72 are gone too. The reservations are moved to the
same seat numbers in the empty coach I (K23 -> I23), or in J where those
are free, and the passengers are told which coach to sit in.
Kestrel warns "coach letter mismatch" for the ninth and tenth vehicles
(the unit reports J and K) and displays the labels under the units' own
letters: coach J's seats show the passengers moved out of K, coach K
shows coach J's. 1F19 (5+4) follows at 08:42, 1B26 at 09:28.

The alert fires at 08:42, with 1F19. Rhys, on call, follows the runbook (Friday),
which reads re-accommodation as a stock swap by fleet control and says to
roll back after a release; Control says 1B22 runs as planned. He
suspects RES-520 and rolls back to 5.12.1 at 09:29 (the move lines
disappear, the lead time goes back to 60 minutes); 1F21 and 1B30 get a
coach I all the same. 1B22's train manager reports a coach I on his
handheld that the train does not have; the social media team forwards
customers asking where coach I is. Ceri reads the consist lines next to
Kestrel's mismatches, Tomasz recognises RES-512, RES-531 (5.13.1,
deployed at 11:01) takes the letters from "ABCDEFGHJKLMNP" again, and a
repair at 11:12 moves the reservations back to their booked coaches for
the trains not yet arrived and re-sends manifests and labels.

Sources: seatres (logback pattern with the pod name and the train, line
format), CrewLink gateway (Go, slog text), Kestrel PIS ground server
(vendor log, line format), ingress-nginx access, Jenkins deploy jobs
(timestamper), Control log export (JSON lines), #retail-oncall (Slack
export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores

SERVICE = "seatres"
DAY = "2026-03-14"
START, END = utc("2026-03-14 01:00:00"), utc("2026-03-14 13:30:00")
CULPRIT_AT = utc("2026-03-11 15:47:00")
DEPLOY_5130 = utc("2026-03-14 01:35:00")
SWAP_AT = utc("2026-03-14 06:41:20")
ROLLBACK = utc("2026-03-14 09:29:10")
DEPLOY_5131 = utc("2026-03-14 11:01:30")
REPAIR = utc("2026-03-14 11:12:05")
KESTREL_RO = (utc("2026-03-14 04:02:00"), utc("2026-03-14 04:06:10"))

PKG = "src/main/kotlin/uk/co/cambriarail/seatres"
TEST_PKG = "src/test/kotlin/uk/co/cambriarail/seatres"

# ---------------------------------------------------------------------------
# the repository

BUILD_GRADLE = """plugins {
    id("org.springframework.boot") version "3.3.9"
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
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("org.jetbrains.kotlin:kotlin-reflect")
    implementation("org.flywaydb:flyway-database-postgresql")
    implementation("net.javacrumbs.shedlock:shedlock-spring:5.16.0")
    implementation("net.javacrumbs.shedlock:shedlock-provider-jdbc-template:5.16.0")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("io.mockk:mockk:1.13.12")
}

tasks.withType<Test> { useJUnitPlatform() }
"""

CONSIST_MODEL = """package uk.co.cambriarail.seatres.consist

import java.time.LocalDate

data class TrainKey(val headcode: String, val date: LocalDate, val uid: String)

data class Vehicle(val number: String, val unit: String, val layout: SeatLayout)

data class Coach(val letter: Char, val vehicleNumber: String, val unit: String, val layout: SeatLayout)

data class Consist(val train: TrainKey, val units: List<String>, val coaches: List<Coach>) {
    fun coach(letter: Char): Coach? = coaches.firstOrNull { it.letter == letter }
}

class UnsupportedFormationException(train: TrainKey, units: List<String>, vehicles: Int) :
    RuntimeException("${train.headcode} ${train.date}: no coach letters for ${units.joinToString("+")} ($vehicles vehicles)")
"""

FLEET_REGISTER = """package uk.co.cambriarail.seatres.consist

import org.springframework.stereotype.Component

/** The vehicles of each unit in running order (vehicle 1 leading), from the fleet register. */
@Component
class FleetRegister {
    fun vehiclesOf(unit: String): List<Vehicle> {
        val tail = unit.takeLast(3)
        return when {
            unit.startsWith("7585") -> listOf(
                Vehicle("51$tail", unit, SeatLayout.DMCO),
                Vehicle("52$tail", unit, SeatLayout.TSO),
                Vehicle("53$tail", unit, SeatLayout.TSOW),
                Vehicle("54$tail", unit, SeatLayout.TSO),
                Vehicle("55$tail", unit, SeatLayout.DMSO),
            )
            unit.startsWith("7584") -> listOf(
                Vehicle("51$tail", unit, SeatLayout.DMCO),
                Vehicle("52$tail", unit, SeatLayout.TSO),
                Vehicle("53$tail", unit, SeatLayout.TSOW),
                Vehicle("55$tail", unit, SeatLayout.DMSO),
            )
            else -> throw IllegalArgumentException("unit $unit is not in the fleet register")
        }
    }
}
"""

SEAT_LAYOUT = """package uk.co.cambriarail.seatres.consist

/** Seat numbers per vehicle type of the class 758. First class only in the DMCO. */
enum class SeatLayout(val firstClass: IntRange?, val standard: IntRange, val tables: Set<Int>) {
    DMCO(firstClass = 1..16, standard = 21..56, tables = setOf(1, 2, 3, 4, 9, 10, 11, 12, 21, 22, 23, 24, 41, 42, 43, 44)),
    TSO(firstClass = null, standard = 1..72, tables = setOf(9, 10, 11, 12, 29, 30, 31, 32, 49, 50, 51, 52)),
    TSOW(firstClass = null, standard = 1..64, tables = setOf(17, 18, 19, 20, 37, 38, 39, 40)),
    DMSO(firstClass = null, standard = 1..56, tables = setOf(5, 6, 7, 8, 25, 26, 27, 28));

    val seats: Set<Int> get() = (firstClass?.toSet() ?: emptySet()) + standard.toSet()
}
"""

CONSIST_BUILDER = """package uk.co.cambriarail.seatres.consist

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

/**
 * Builds a train's consist for the day: its vehicles in running order from
 * the units fleet control allocated, each with its coach letter and seat
 * layout. Reservations, seat maps, the handheld manifest and the seat
 * labels on the units all refer to coaches by these letters.
 */
@Component
class ConsistBuilder(private val fleet: FleetRegister) {
    private val log = LoggerFactory.getLogger(ConsistBuilder::class.java)

    fun build(train: TrainKey, units: List<String>): Consist {
        val vehicles = units.flatMap { fleet.vehiclesOf(it) }
        val letters = COACH_LETTERS[vehicles.size]
            ?: throw UnsupportedFormationException(train, units, vehicles.size)
        val coaches = vehicles.mapIndexed { i, vehicle ->
            Coach(letter = letters[i], vehicleNumber = vehicle.number, unit = vehicle.unit, layout = vehicle.layout)
        }
        log.info("Consist for {} {}: {} ({} vehicles), coaches {}",
            train.headcode, train.date, units.joinToString("+"), coaches.size, letters)
        return Consist(train, units, coaches)
    }

    companion object {
        private val COACH_LETTERS = mapOf(
            4 to "ABCD",
            5 to "ABCDE",
            8 to "ABCDEFGH",
            9 to "ABCDEFGHJ",
            10 to "ABCDEFGHJK",
        )
    }
}
"""

CONSIST_BUILDER_TEST = """package uk.co.cambriarail.seatres.consist

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.LocalDate

class ConsistBuilderTest {
    private val builder = ConsistBuilder(FleetRegister())
    private val train = TrainKey("1B04", LocalDate.of(2026, 3, 2), "W40104")

    @Test
    fun `five-car unit is A to E`() {
        val consist = builder.build(train, listOf("758503"))
        assertEquals("ABCDE", consist.coaches.joinToString("") { it.letter.toString() })
        assertEquals(SeatLayout.DMCO, consist.coach('A')!!.layout)
    }

    @Test
    fun `two four-car units are A to H`() {
        val consist = builder.build(train, listOf("758401", "758407"))
        assertEquals("ABCDEFGH", consist.coaches.joinToString("") { it.letter.toString() })
        assertEquals("51407", consist.coach('E')!!.vehicleNumber)
    }
}
"""

FORMATION_CHANGE = """package uk.co.cambriarail.seatres.inventory

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import org.springframework.transaction.annotation.Transactional
import uk.co.cambriarail.seatres.consist.Consist
import uk.co.cambriarail.seatres.notify.PassengerNotifier

/**
 * Compares today's consist with the formation a train was planned and sold
 * with (by coach letter) and moves the reservations whose coach or seat is
 * not in today's consist to free seats. Passengers are told by the notifier.
 */
@Component
class FormationChangeHandler(
    private val inventory: InventoryRepository,
    private val allocator: SeatAllocator,
    private val notifier: PassengerNotifier,
) {
    private val log = LoggerFactory.getLogger(FormationChangeHandler::class.java)

    @Transactional
    fun apply(consist: Consist) {
        val train = consist.train
        val planned = inventory.formation(train)
        for (coach in consist.coaches) {
            if (planned.coach(coach.letter) == null) {
                log.info("Formation change on {} {}: today's coach {} was not in the planned formation ({} seats added)",
                    train.headcode, train.date, coach.letter, coach.layout.seats.size)
                inventory.addCoach(train, coach)
            }
        }
        val displaced = mutableListOf<Reservation>()
        for (coach in planned.coaches) {
            val today = consist.coach(coach.letter)
            val held = inventory.reservationsIn(train, coach.letter)
            if (today == null) {
                if (held.isNotEmpty()) {
                    log.warn("Formation change on {} {}: planned coach {} has no vehicle in today's consist; {} reservations to re-accommodate",
                        train.headcode, train.date, coach.letter, held.size)
                }
                displaced += held
            } else if (today.layout != coach.layout) {
                val lost = held.filter { r -> r.seats.any { it.number !in today.layout.seats } }
                if (lost.isNotEmpty()) {
                    log.warn("Formation change on {} {}: coach {} is a {} today (planned {}); {} reservations to re-accommodate",
                        train.headcode, train.date, coach.letter, today.layout, coach.layout, lost.size)
                }
                displaced += lost
            }
        }
        if (displaced.isEmpty()) return
        val result = allocator.reaccommodate(consist, displaced)
        result.moved.forEach { notifier.seatChanged(it) }
        result.unseated.forEach { notifier.seatLost(it) }
        log.warn("Formation change on {} {}: {} reservations re-accommodated, {} without a seat",
            train.headcode, train.date, result.moved.size, result.unseated.size)
    }
}
"""

SEAT_ALLOCATOR = """package uk.co.cambriarail.seatres.inventory

import org.springframework.stereotype.Component
import uk.co.cambriarail.seatres.consist.Consist

/** Finds free seats for reservations that lost theirs. */
@Component
class SeatAllocator(private val inventory: InventoryRepository) {

    fun reaccommodate(consist: Consist, displaced: List<Reservation>): ReaccommodationResult {
        val moved = mutableListOf<Move>()
        val unseated = mutableListOf<Reservation>()
        for (reservation in displaced.sortedBy { it.bookedAt }) {
            // The same seat numbers in another coach of the same class first: passengers
            // find "23" again, and the seat type (table, airline) is usually the same.
            val target = inventory.sameNumbersFree(consist, reservation)
                ?: inventory.adjacentFree(consist, reservation.seats.size, reservation.seatClass)
            if (target == null) {
                inventory.release(reservation)
                unseated += reservation
            } else {
                inventory.move(reservation, target)
                moved += Move(reservation, reservation.seats, target)
            }
        }
        return ReaccommodationResult(moved, unseated)
    }
}
"""

MANIFEST_PUBLISHER = """package uk.co.cambriarail.seatres.manifest

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import uk.co.cambriarail.seatres.consist.Consist
import uk.co.cambriarail.seatres.inventory.InventoryRepository

/**
 * Publishes a train's manifest (coaches, seats, reservations with their
 * journeys) to CrewLink for the train managers' handhelds, and the seat
 * labels per vehicle to Kestrel PIS, which displays them over the seats.
 */
@Component
class ManifestPublisher(
    private val inventory: InventoryRepository,
    private val crewLink: CrewLinkClient,
    private val kestrel: KestrelClient,
) {
    private val log = LoggerFactory.getLogger(ManifestPublisher::class.java)

    fun publish(consist: Consist) {
        val manifest = Manifest.of(consist, inventory.reservations(consist.train))
        val version = crewLink.put(manifest)
        log.info("Manifest v{} for {} {} published to CrewLink: {} coaches, {} reserved seats",
            version, consist.train.headcode, consist.train.date, consist.coaches.size, manifest.reservedSeats)
        val labels = SeatLabels.of(consist, manifest)
        kestrel.send(labels)
        log.info("Seat labels for {} {} sent to Kestrel: {}, {} labels",
            consist.train.headcode, consist.train.date, consist.units.joinToString("+"), labels.count)
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
  lifecycle:
    timeout-per-shutdown-phase: 20s

server:
  shutdown: graceful

seatres:
  fleethub:
    base-url: https://fleethub.cambriarail.internal/api/v1
    poll-interval: 120s
  manifest:
    lead-minutes: 60
    crewlink-url: https://crewlink-gw.cambriarail.internal/v1/manifests
    kestrel-url: https://ground.kestrel-pis.net/api/v2/operators/CR/labels
  inventory:
    horizon-days: 84
  holds:
    ttl: 15m
  notify:
    seat-change-channels: [push, sms, email]

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

FARE_QUOTE = """package uk.co.cambriarail.seatres.fares

import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.RestController
import java.time.LocalDate
import java.time.LocalTime

@RestController
class FareQuoteController(private val fares: FareService) {
    @GetMapping("/v3/fares")
    fun quote(
        @RequestParam from: String,
        @RequestParam to: String,
        @RequestParam date: LocalDate,
        @RequestParam time: LocalTime,
        @RequestParam(defaultValue = "1") adults: Int,
        @RequestParam(defaultValue = "0") children: Int,
        @RequestParam(required = false) railcard: String?,
    ): FareQuote = fares.quote(from, to, date, time, adults, children, railcard)
}
"""

FARE_SERVICE = """package uk.co.cambriarail.seatres.fares

import org.springframework.stereotype.Service
import java.math.BigDecimal
import java.math.RoundingMode
import java.time.LocalDate
import java.time.LocalTime

@Service
class FareService(private val flows: FlowCache, private val railcards: RailcardRules) {
    fun quote(from: String, to: String, date: LocalDate, time: LocalTime, adults: Int, children: Int, railcard: String?): FareQuote {
        val candidates = flows.faresFor(from, to, date)
        val priced = candidates.map { fare ->
            val adult = railcards.discount(fare, railcard, child = false)
            val child = railcards.discount(fare, railcard, child = true)
            fare to adult.multiply(BigDecimal(adults)).add(child.multiply(BigDecimal(children))).setScale(2, RoundingMode.HALF_UP)
        }
        return FareQuote(from, to, date, time, priced.sortedBy { it.second }.map { (fare, total) -> QuotedFare(fare.code, fare.route, total) })
    }
}
"""

RUNBOOK = """# seatres runbook

Owner: Digital Retail, #retail-oncall. Dashboards: Grafana > Retail > seatres.
Control: 029 2040 4410 (24/7). Deploys: Jenkins > seatres-deploy (overnight
window 01:00-04:00; outside it only with the duty manager's approval).

## Fare quotes slow or failing

The flow cache is rebuilt from the fares feed at 03:00. A quote for a flow
that is not in the cache falls back to the database (slow, not failing).

## Manifest not on the handhelds

CrewLink (mobile team, #crewlink) syncs the handhelds every 5 minutes when
they have signal. Check "Manifest v... published to CrewLink" for the train
in seatres and the manifest version in CrewLink's log before paging them.

## Kestrel label pushes failing

Kestrel's ground server is run by the vendor (support@kestrel-pis.net,
+44 1633 555 210). seatres retries a push every 30 s until departure.
"""

RUNBOOK_FORMATION = """
## Re-accommodation after a formation change

When fleet control swaps a unit (a failure, a late exam, a short-formed
train) the consist no longer matches the formation the train was sold
with. seatres moves the reservations of a coach that is not there, or of
seats the new vehicle does not have, to free seats and tells the
passengers. The alert "Formation change re-accommodations" fires at 50
moved reservations in 30 minutes.

- Check the FleetHub allocation of the trains named in the log and ask
  Control which swaps they made. A short-formed train (four cars for
  five) is the usual cause and needs nothing from us.
- Passengers left without a seat: tell Control, the train manager will
  announce it and the passengers can claim Delay Repay.
- If the re-accommodations start after a seatres release, roll back first
  (Jenkins > seatres-deploy > Build with Parameters, the previous version)
  and tell #retail-oncall.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo(rng):
    repo = Repo()
    megan = Person("Megan Hughes", "megan.hughes@cambriarail.co.uk", 0)
    rhys = Person("Rhys Morgan", "rhys.morgan@cambriarail.co.uk", 0)
    ceri = Person("Ceri Pritchard", "ceri.pritchard@cambriarail.co.uk", 0)
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@contractor.cambriarail.co.uk", 60)
    anjali = Person("Anjali Rao", "anjali.rao@contractor.cambriarail.co.uk", 330)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    files = {
        "settings.gradle.kts": 'rootProject.name = "seatres"\n',
        "gradle.properties": "seatresVersion=5.11.2\norg.gradle.jvmargs=-Xmx2g\nkotlin.code.style=official\n",
        "build.gradle.kts": BUILD_GRADLE,
        f"{PKG}/SeatresApplication.kt": "package uk.co.cambriarail.seatres\n\nimport net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\n@EnableSchedulerLock(defaultLockAtMostFor = \"PT5M\")\nclass SeatresApplication\n\nfun main(args: Array<String>) {\n    runApplication<SeatresApplication>(*args)\n}\n",
        f"{PKG}/consist/Model.kt": CONSIST_MODEL,
        f"{PKG}/consist/FleetRegister.kt": FLEET_REGISTER,
        f"{PKG}/consist/SeatLayout.kt": SEAT_LAYOUT,
        f"{PKG}/consist/ConsistBuilder.kt": CONSIST_BUILDER,
        f"{PKG}/inventory/FormationChangeHandler.kt": FORMATION_CHANGE,
        f"{PKG}/inventory/SeatAllocator.kt": SEAT_ALLOCATOR,
        f"{PKG}/manifest/ManifestPublisher.kt": MANIFEST_PUBLISHER,
        f"{PKG}/fares/FareQuoteController.kt": FARE_QUOTE,
        f"{PKG}/fares/FareService.kt": FARE_SERVICE,
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": LOGBACK,
        f"{TEST_PKG}/consist/ConsistBuilderTest.kt": CONSIST_BUILDER_TEST,
        "Jenkinsfile": "pipeline {\n  agent { label 'docker' }\n  stages {\n    stage('test') { steps { sh './gradlew test' } }\n    stage('image') { steps { sh './gradlew bootBuildImage --imageName=registry.cambriarail.internal/retail/seatres:${GIT_COMMIT}' } }\n    stage('push') { when { branch 'main' } steps { sh 'docker push registry.cambriarail.internal/retail/seatres:${GIT_COMMIT}' } }\n  }\n}\n",
        "deploy/helm/seatres/values-prod.yaml": "replicaCount: 3\nimage:\n  repository: registry.cambriarail.internal/retail/seatres\nresources:\n  requests: { cpu: 500m, memory: 1Gi }\n  limits: { memory: 1536Mi }\nenv:\n  SPRING_PROFILES_ACTIVE: prod\n  JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=70\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": "# seatres\n\nSeat reservations and ticket inventory for Cambria Rail: fare quotes, seat\nmaps per coach, reservations, the day's consists from FleetHub, manifests\nfor the train managers' handhelds (CrewLink) and the seat labels on the\nunits (Kestrel PIS).\n\n```\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n\nReleases are tagged `vX.Y.Z` on main and deployed by Jenkins\n(`seatres-deploy`) with Helm in the overnight window.\n",
        "CHANGELOG.md": "# Changelog\n\n## 5.11.2\n\n- FARE-284 Two Together railcard on Advance fares\n",
    }
    repo.commit(utc("2026-03-09 09:12:00"), megan, "seatres 5.11.2", files)
    repo.schedule(chores(rng, SERVICE, [megan, rhys, ceri], utc("2026-03-09 10:00:00"), utc("2026-03-13 17:00:00"), 2))

    repo.commit(utc("2026-03-09 14:20:00"), anjali, "fares: round railcard discounts per passenger before summing (FARE-288)\n\nA 2-adult Advance quote with a 16-25 railcard came out a penny below the\nticket office's price.", {
        f"{PKG}/fares/FareService.kt": sub(repo.files[f"{PKG}/fares/FareService.kt"],
                                          "            fare to adult.multiply(BigDecimal(adults)).add(child.multiply(BigDecimal(children))).setScale(2, RoundingMode.HALF_UP)\n",
                                          "            val a = adult.setScale(2, RoundingMode.HALF_UP)\n            val c = child.setScale(2, RoundingMode.HALF_UP)\n            fare to a.multiply(BigDecimal(adults)).add(c.multiply(BigDecimal(children)))\n"),
    })
    repo.commit(utc("2026-03-10 11:05:00"), ceri, "seat map: table and airline seats in the response (RES-505)", {
        f"{PKG}/consist/SeatLayout.kt": sub(repo.files[f"{PKG}/consist/SeatLayout.kt"],
                                           "    val seats: Set<Int> get() = (firstClass?.toSet() ?: emptySet()) + standard.toSet()\n",
                                           "    val seats: Set<Int> get() = (firstClass?.toSet() ?: emptySet()) + standard.toSet()\n\n    fun seatType(number: Int): String = if (number in tables) \"table\" else \"airline\"\n"),
    })
    culprit = repo.commit(CULPRIT_AT, tomasz, "consist: coach letters by position (RES-512)\n\nThe 758/7 seven-car units arrive in May, and with them 7+4, 7+5 and 7+7\nformations; one table entry per formation length does not scale.\nLetters are now assigned A, B, C ... in running order for any consist of\nup to 14 vehicles (7+7 is the longest our platforms take).", {
        f"{PKG}/consist/ConsistBuilder.kt": sub(repo.files[f"{PKG}/consist/ConsistBuilder.kt"],
                                               "        val vehicles = units.flatMap { fleet.vehiclesOf(it) }\n        val letters = COACH_LETTERS[vehicles.size]\n            ?: throw UnsupportedFormationException(train, units, vehicles.size)\n        val coaches = vehicles.mapIndexed { i, vehicle ->\n            Coach(letter = letters[i], vehicleNumber = vehicle.number, unit = vehicle.unit, layout = vehicle.layout)\n        }\n        log.info(\"Consist for {} {}: {} ({} vehicles), coaches {}\",\n            train.headcode, train.date, units.joinToString(\"+\"), coaches.size, letters)\n",
                                               "        val vehicles = units.flatMap { fleet.vehiclesOf(it) }\n        if (vehicles.isEmpty() || vehicles.size > MAX_VEHICLES) {\n            throw UnsupportedFormationException(train, units, vehicles.size)\n        }\n        val coaches = vehicles.mapIndexed { position, vehicle ->\n            Coach(letter = coachLetter(position), vehicleNumber = vehicle.number, unit = vehicle.unit, layout = vehicle.layout)\n        }\n        log.info(\"Consist for {} {}: {} ({} vehicles), coaches {}\",\n            train.headcode, train.date, units.joinToString(\"+\"), coaches.size, coaches.joinToString(\"\") { it.letter.toString() })\n",
                                               "    companion object {\n        private val COACH_LETTERS = mapOf(\n            4 to \"ABCD\",\n            5 to \"ABCDE\",\n            8 to \"ABCDEFGH\",\n            9 to \"ABCDEFGHJ\",\n            10 to \"ABCDEFGHJK\",\n        )\n    }\n",
                                               "    companion object {\n        /** 7+7 of the 758/7s is the longest formation our platforms take. */\n        const val MAX_VEHICLES = 14\n\n        /** Coach letters run A, B, C ... from the front of the train, whatever its length. */\n        fun coachLetter(position: Int): Char = 'A' + position\n    }\n"),
        f"{PKG}/consist/FleetRegister.kt": sub(repo.files[f"{PKG}/consist/FleetRegister.kt"],
                                              "            else -> throw IllegalArgumentException(",
                                              "            unit.startsWith(\"7587\") -> listOf(\n                Vehicle(\"51$tail\", unit, SeatLayout.DMCO),\n                Vehicle(\"52$tail\", unit, SeatLayout.TSO),\n                Vehicle(\"53$tail\", unit, SeatLayout.TSOW),\n                Vehicle(\"54$tail\", unit, SeatLayout.TSO),\n                Vehicle(\"56$tail\", unit, SeatLayout.TSO),\n                Vehicle(\"57$tail\", unit, SeatLayout.TSO),\n                Vehicle(\"55$tail\", unit, SeatLayout.DMSO),\n            )\n            else -> throw IllegalArgumentException("),
        f"{TEST_PKG}/consist/ConsistBuilderTest.kt": sub(repo.files[f"{TEST_PKG}/consist/ConsistBuilderTest.kt"],
                                                        "        assertEquals(\"51407\", consist.coach('E')!!.vehicleNumber)\n    }\n",
                                                        "        assertEquals(\"51407\", consist.coach('E')!!.vehicleNumber)\n    }\n\n    @Test\n    fun `seven-car 758-7 is A to G`() {\n        val consist = builder.build(train, listOf(\"758701\"))\n        assertEquals(\"ABCDEFG\", consist.coaches.joinToString(\"\") { it.letter.toString() })\n        assertEquals(SeatLayout.DMSO, consist.coach('G')!!.layout)\n    }\n"),
    })
    rel5120 = repo.commit(utc("2026-03-11 16:32:00"), megan, "release 5.12.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.11.2", "seatresVersion=5.12.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.12.0\n\n- FARE-288 railcard discounts rounded per passenger\n- RES-505 seat types in the seat map\n- RES-512 coach letters by position (ready for the 758/7)\n",
    })
    repo.commit(utc("2026-03-12 10:05:00"), anjali, "fares: off-peak return outward validity text for Saturdays (FARE-291)", {
        f"{PKG}/fares/FareQuoteController.kt": sub(repo.files[f"{PKG}/fares/FareQuoteController.kt"],
                                                  "    ): FareQuote = fares.quote(from, to, date, time, adults, children, railcard)\n",
                                                  "    ): FareQuote = fares.quote(from, to, date, time, adults, children, railcard)\n        .withValidityNotes(date.dayOfWeek)\n"),
    })
    rel5121 = repo.commit(utc("2026-03-12 11:40:00"), megan, "release 5.12.1", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.12.0", "seatresVersion=5.12.1"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.12.1\n\n- FARE-291 off-peak return validity on Saturdays\n",
    })
    repo.commit(utc("2026-03-13 09:41:00"), ceri, "consist: log unit and vehicle numbers per coach (RES-519)\n\nControl asks \"which vehicle is coach C on 1B14\" a few times a week;\nthe consist line now answers it.", {
        f"{PKG}/consist/ConsistBuilder.kt": sub(repo.files[f"{PKG}/consist/ConsistBuilder.kt"],
                                               "        log.info(\"Consist for {} {}: {} ({} vehicles), coaches {}\",\n            train.headcode, train.date, units.joinToString(\"+\"), coaches.size, coaches.joinToString(\"\") { it.letter.toString() })\n",
                                               "        log.info(\"Consist for {} {}: {} ({} vehicles): {}\",\n            train.headcode, train.date, units.joinToString(\"+\"), coaches.size,\n            coaches.joinToString(\" \") { \"${it.letter}=${it.vehicleNumber}\" })\n"),
    })
    repo.commit(utc("2026-03-13 11:16:00"), rhys, "re-accommodation: keep parties together, prefer the same seat type (RES-520)\n\nAfter Tuesday's short-formed 1B30 a family of four was spread over\nthree coaches. Parties are now moved as a block when any block of that\nsize is free, and a table seat goes to a table seat where one is free.", {
        f"{PKG}/inventory/SeatAllocator.kt": sub(repo.files[f"{PKG}/inventory/SeatAllocator.kt"],
                                                "        for (reservation in displaced.sortedBy { it.bookedAt }) {\n",
                                                "        // Biggest parties first, so that a block of seats is still free for them.\n        for (reservation in displaced.sortedWith(compareByDescending<Reservation> { it.seats.size }.thenBy { it.bookedAt })) {\n",
                                                "                ?: inventory.adjacentFree(consist, reservation.seats.size, reservation.seatClass)\n",
                                                "                ?: inventory.adjacentFree(consist, reservation.seats.size, reservation.seatClass, sameType = reservation.seatType)\n                ?: inventory.adjacentFree(consist, reservation.seats.size, reservation.seatClass)\n"),
    })
    repo.commit(utc("2026-03-13 12:03:00"), rhys, "log each reservation moved by a formation change (RES-523)\n\nThe contact centre could not tell a passenger where they had been moved\nto without a database query.", {
        f"{PKG}/inventory/FormationChangeHandler.kt": sub(repo.files[f"{PKG}/inventory/FormationChangeHandler.kt"],
                                                         "        result.moved.forEach { notifier.seatChanged(it) }\n",
                                                         "        result.moved.forEach { move ->\n            log.info(\"Reservation {} moved from {} to {} (formation change on {} {})\",\n                move.reservation.ref, move.fromLabel, move.toLabel, train.headcode, train.date)\n            notifier.seatChanged(move)\n        }\n"),
    })
    repo.commit(utc("2026-03-13 13:22:00"), megan, "manifests 90 minutes before departure (RES-525)\n\nTrain managers book on 75 minutes before departure at Swansea and\nCanton; with 60 the manifest was not on the handheld when they did\ntheir checks.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    lead-minutes: 60\n", "    lead-minutes: 90\n"),
    })
    repo.commit(utc("2026-03-13 14:07:00"), renovate, "fix(deps): update spring boot to v3.3.10", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'id("org.springframework.boot") version "3.3.9"', 'id("org.springframework.boot") version "3.3.10"'),
    })
    repo.commit(utc("2026-03-13 15:31:00"), rhys, "runbook: re-accommodation after a formation change", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_FORMATION,
    })
    rel5130 = repo.commit(utc("2026-03-13 16:12:00"), megan, "release 5.13.0", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.12.1", "seatresVersion=5.13.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.13.0\n\n- RES-519 unit and vehicle numbers in the consist log line\n- RES-520 re-accommodation keeps parties together, prefers the same seat type\n- RES-523 each moved reservation logged\n- RES-525 manifests 90 minutes before departure\n- Spring Boot 3.3.10\n",
    })
    fix = repo.commit(utc("2026-03-14 10:48:00"), tomasz, "consist: coach letters skip I and O again (RES-531)\n\nRES-512 gave the ninth and tenth vehicles the letters I and J. Our\ntrains, their coach displays and every reservation sold for a nine- or\nten-car train use A-H, J, K: there is no coach I. Today's strengthened\n5+5 and 5+4 trains got a coach I, the reservations of coach K (J on\n5+4) were moved into it and Kestrel put the labels on the wrong\nvehicles. The letters come from a fixed sequence again, and a repair\nendpoint moves today's reservations back.", {
        f"{PKG}/consist/ConsistBuilder.kt": sub(repo.files[f"{PKG}/consist/ConsistBuilder.kt"],
                                               "        /** Coach letters run A, B, C ... from the front of the train, whatever its length. */\n        fun coachLetter(position: Int): Char = 'A' + position\n",
                                               "        /**\n         * Coach letters from the front of the train. I and O are never used (they\n         * read as 1 and 0 on the coach displays and on tickets): the ninth coach\n         * is J, the tenth K, as on the units' own displays and on every\n         * reservation sold for a nine- or ten-car train.\n         */\n        private const val LETTERS = \"ABCDEFGHJKLMNP\"\n\n        fun coachLetter(position: Int): Char = LETTERS[position]\n"),
        f"{TEST_PKG}/consist/ConsistBuilderTest.kt": sub(repo.files[f"{TEST_PKG}/consist/ConsistBuilderTest.kt"],
                                                        "        assertEquals(SeatLayout.DMSO, consist.coach('G')!!.layout)\n    }\n",
                                                        "        assertEquals(SeatLayout.DMSO, consist.coach('G')!!.layout)\n    }\n\n    @Test\n    fun `five plus five has no coach I`() {\n        val consist = builder.build(train, listOf(\"758512\", \"758507\"))\n        assertEquals(\"ABCDEFGHJK\", consist.coaches.joinToString(\"\") { it.letter.toString() })\n        assertEquals(\"55507\", consist.coach('K')!!.vehicleNumber)\n    }\n\n    @Test\n    fun `five plus four ends at J`() {\n        val consist = builder.build(train, listOf(\"758503\", \"758411\"))\n        assertEquals(\"ABCDEFGHJ\", consist.coaches.joinToString(\"\") { it.letter.toString() })\n    }\n"),
        f"{PKG}/inventory/ConsistRepair.kt": "package uk.co.cambriarail.seatres.inventory\n\nimport org.slf4j.LoggerFactory\nimport org.springframework.stereotype.Component\nimport org.springframework.transaction.annotation.Transactional\nimport uk.co.cambriarail.seatres.consist.ConsistBuilder\nimport java.time.LocalDate\n\n/** RES-531: one-off repair of the consists built with a coach I. POST /admin/consists/{date}/repair */\n@Component\nclass ConsistRepair(private val inventory: InventoryRepository, private val builder: ConsistBuilder) {\n    private val log = LoggerFactory.getLogger(ConsistRepair::class.java)\n\n    @Transactional\n    fun repair(date: LocalDate) {\n        for (train in inventory.trainsWithCoach(date, 'I')) {\n            if (inventory.arrived(train)) {\n                log.info(\"Repair {} {}: train has arrived, skipped\", train.headcode, date)\n                continue\n            }\n            val result = inventory.undoFormationMoves(train, builder.build(train, inventory.units(train)))\n            log.warn(\"Repair {} {}: coach I removed, {} reservations restored to their booked seats, {} re-accommodated\",\n                train.headcode, date, result.restored, result.moved)\n        }\n    }\n}\n",
    })
    rel5131 = repo.commit(utc("2026-03-14 10:55:00"), megan, "release 5.13.1", {
        "gradle.properties": sub(repo.files["gradle.properties"], "seatresVersion=5.13.0", "seatresVersion=5.13.1"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.13.1\n\n- RES-531 coach letters skip I and O again; repair of today's consists\n",
    })
    repo.commit(utc("2026-03-14 12:41:00"), rhys, "runbook: a coach the train does not have", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nIf a consist has a coach letter the train's own displays do not show\n(Kestrel: \"coach letter mismatch\"), the letters are ours: the ninth coach\nis J, not I (RES-531). Do not roll back; page the developer on call.\n",
    })
    return repo, {"culprit": culprit, "rel5120": rel5120, "rel5121": rel5121, "rel5130": rel5130, "fix": fix, "rel5131": rel5131}


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
OLD_LETTERS = {4: "ABCD", 5: "ABCDE", 8: "ABCDEFGH", 9: "ABCDEFGHJ", 10: "ABCDEFGHJK"}
LAYOUT_SEATS = {"DMCO": (list(range(1, 17)), list(range(21, 57))), "TSO": ([], list(range(1, 73))),
                "TSOW": ([], list(range(1, 65))), "DMSO": ([], list(range(1, 57)))}
UNITS5 = [f"7585{n:02d}" for n in range(1, 13)]
UNITS4 = [f"7584{n:02d}" for n in range(1, 19)]
FORCED = {"1B12": ["758509"], "1B22": ["758512", "758507"], "1F19": ["758503", "758411"]}
STRENGTHENED = {"1B22", "1B26", "1B30", "1B34", "1B38", "1F19", "1F21", "1F23", "1F25"}


def vehicles_of(unit):
    tail = unit[-3:]
    if unit.startswith("7585"):
        return [(f"51{tail}", "DMCO"), (f"52{tail}", "TSO"), (f"53{tail}", "TSOW"), (f"54{tail}", "TSO"), (f"55{tail}", "DMSO")]
    return [(f"51{tail}", "DMCO"), (f"52{tail}", "TSO"), (f"53{tail}", "TSOW"), (f"55{tail}", "DMSO")]


def seats_of(layout, cls):
    first, std = LAYOUT_SEATS[layout]
    return first if cls == "first" else std


def hm(t):
    return t.strftime("%H:%M")


def make_trains():
    day = utc(f"{DAY} 00:00:00")
    trains = []

    def add(hc, route, dep, kinds):
        calls = [(crs, dep + dt.timedelta(minutes=off)) for crs, off in ROUTES[route]]
        trains.append({"hc": hc, "route": route, "origin": calls[0][0], "dest": calls[-1][0], "dep": dep, "arr": calls[-1][1],
                       "calls": calls, "kinds": kinds, "strong": hc in STRENGTHENED})

    for i in range(19):
        dep = day + dt.timedelta(hours=5, minutes=28 + 30 * i)
        hc = f"1B{4 + 2 * i:02d}"
        add(hc, "SWA-CDF", dep, ["5", "5"] if hc in STRENGTHENED else ["5"])
    for i in range(18):
        add(f"1B{5 + 2 * i:02d}", "CDF-SWA", day + dt.timedelta(hours=5, minutes=45 + 30 * i), ["5"])
    for i in range(9):
        hc = f"1F{11 + 2 * i:02d}"
        add(hc, "BRI-CDF", day + dt.timedelta(hours=6 + i, minutes=12), ["5", "4"] if hc in STRENGTHENED else ["4"])
        add(f"1F{10 + 2 * i:02d}", "CDF-BRI", day + dt.timedelta(hours=5 + i, minutes=30), ["4"])
        add(f"1V{31 + 2 * i:02d}", "MAN-CDF", day + dt.timedelta(hours=5 + i, minutes=30), ["4", "4"] if i % 2 else ["4"])
        add(f"1M{50 + 2 * i:02d}", "CDF-MAN", day + dt.timedelta(hours=5 + i, minutes=21), ["4", "4"] if i % 2 == 0 else ["4"])
    for i in range(5):
        add(f"1W{1 + 2 * i:02d}", "CDF-HHD", day + dt.timedelta(hours=5 + 2 * i, minutes=50), ["5"])
        add(f"1W{2 + 2 * i:02d}", "HHD-CDF", day + dt.timedelta(hours=5 + 2 * i, minutes=33), ["5"])
    trains.sort(key=lambda tr: (tr["dep"], tr["hc"]))
    return trains


def allocate(rng, trains):
    """A light diagram: each train takes free units of its type at its origin, else the one free soonest."""
    state = {}
    homes = ["SWA", "CDF", "CDF", "SWA", "HHD", "CDF"]
    for k, u in enumerate(UNITS5):
        state[u] = [utc(f"{DAY} 04:00:00"), homes[k % len(homes)]]
    homes4 = ["CDF", "BRI", "MAN", "CDF", "BRI", "MAN"]
    for k, u in enumerate(UNITS4):
        state[u] = [utc(f"{DAY} 04:00:00"), homes4[k % len(homes4)]]
    forced_units = [u for us in FORCED.values() for u in us] + ["758404"]  # 758404: the spare at Landore
    for tr in trains:
        if tr["hc"] in FORCED:
            units = list(FORCED[tr["hc"]])
        else:
            units = []
            for kind in tr["kinds"]:
                pool = [u for u in (UNITS5 if kind == "5" else UNITS4) if u not in units and u not in forced_units]
                here = [u for u in pool if state[u][1] == tr["origin"] and state[u][0] <= tr["dep"] - dt.timedelta(minutes=12)]
                pick = min(here or pool, key=lambda u: (state[u][0], u))
                units.append(pick)
        for u in units:
            state[u] = [tr["arr"] + dt.timedelta(minutes=rng.randint(18, 40)), tr["dest"]]
        tr["planned_units"] = list(units)
        tr["units"] = list(units)


def planned_coaches(units):
    vehicles = [v for u in units for v in vehicles_of(u)]
    letters = OLD_LETTERS[len(vehicles)]
    return [(letters[i], num, layout) for i, (num, layout) in enumerate(vehicles)]


# ---------------------------------------------------------------------------
# the logs

def build_logs(rng, shas):
    seatres, crewlink, kestrel, ingress, jenkins, control, slack = (
        Log("seatres.log"), Log("crewlink-gateway.log"), Log("kestrel-ground.log"), Log("ingress-nginx-access.log"),
        Log("jenkins-seatres-deploy.log"), Log("control-log.log"), Log("slack-retail-oncall.log"))
    stats = {"moves": [], "mismatch": [], "bad_consists": [], "consists": {}}
    trains = make_trains()
    allocate(rng, trains)
    by_hc = {tr["hc"]: tr for tr in trains}

    def pod_name(hash_):
        return f"seatres-{hash_}-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))

    # ---- releases and pods: (ready_at, version, pods)
    versions = [(START - dt.timedelta(days=1), "5.12.1", [pod_name("5f7d9b8c6d") for _ in range(3)])]
    rollouts = []
    for at, ver, hash_ in ((DEPLOY_5130, "5.13.0", "7c4b8f9d57"), (ROLLBACK, "5.12.1", "5f7d9b8c6d"), (DEPLOY_5131, "5.13.1", "6b9f4d7c8f")):
        pods = [pod_name(hash_) for _ in range(3)]
        starts = [at + dt.timedelta(seconds=38 + 41 * k + rng.uniform(0, 4)) for k in range(3)]
        rollouts.append((at, ver, pods, starts, versions[-1][2]))
        versions.append((starts[-1] + dt.timedelta(seconds=14), ver, pods))
    ver_sha = {"5.12.1": shas["rel5121"], "5.13.0": shas["rel5130"], "5.13.1": shas["rel5131"]}

    def version_at(t):
        cur = versions[0]
        for v in versions:
            if v[0] <= t:
                cur = v
        return cur[1]

    def pods_at(t):
        """The pods serving at t (during a rollout, a mix)."""
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

    def lead(t):
        return 60 if version_at(t) == "5.12.1" else 90

    def buggy(t):
        return version_at(t) in ("5.12.1", "5.13.0")

    def verbose(t):
        return version_at(t) != "5.12.1"

    # ---- writers
    def slog(t, level, thread, train, logger, msg, pod=None):
        if START <= t < END:
            pod = pod or rng.choice(pods_at(t))
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            seatres.add(t, f"{pod} {stamp} {level:<5} [{thread}] [{train}] {logger} - {msg}")

    def clog(t, level, msg, **kv):
        if START <= t < END:
            parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"']
            for k, v in kv.items():
                v = str(v)
                parts.append(f'{k}="{v}"' if (" " in v or "=" in v or v == "") else f"{k}={v}")
            crewlink.add(t, " ".join(parts))

    def klog(t, level, module, unit, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            kestrel.add(t, f"{stamp} [{level:<5}] {module:<12} {unit:<7} {msg}")

    def jlog(t, msg):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 9))
        if START <= t < END:
            jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {msg}")

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        if START <= t < END:
            slack.add(t, json.dumps({"type": "message", "channel": "retail-oncall", "ts": f"{t.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    control_no = [30]

    def ctl(t, hc, location, category, text):
        control_no[0] += 1
        if START <= t < END:
            control.add(t, json.dumps({"logged_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "entry": f"CL-0314-{control_no[0]:04d}", "headcode": hc,
                                       "location": location, "category": category, "controller": "S. Evans" if t.hour >= 6 else "G. Price", "text": text},
                                      ensure_ascii=False))

    def ingress_line(t, method, path, status, size, rt, ua, client=None):
        if START <= t < END:
            client = client or f"{rng.choice(['86.', '81.', '92.', '31.', '176.', '2.'])}{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
            ingress.add(t, nginx_access(t, client, method, path, status, size, rt, ua, upstream_rt=max(0.001, rt - 0.002)))

    # ---- reservations
    refs_seen = []

    def new_ref():
        while True:
            ref = "CR" + "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
            if ref not in refs_seen:
                refs_seen.append(ref)
                return ref

    def load_for(tr):
        if tr["strong"]:
            return rng.uniform(0.78, 0.93) if tr["dest"] == "CDF" else rng.uniform(0.2, 0.35)
        if tr["hc"] == "1B12":
            return 0.82
        if tr["dest"] == "CDF" and tr["dep"].hour >= 7:
            return rng.uniform(0.45, 0.7)
        return rng.uniform(0.12, 0.4)

    def fill(tr):
        """Reservations sold before the day, per planned coach."""
        tr["inv"] = [(letter, layout) for letter, _, layout in planned_coaches(tr["planned_units"])]
        tr["res"] = []
        load = load_for(tr)
        for letter, layout in tr["inv"]:
            for cls in ("first", "standard"):
                seats = seats_of(layout, cls)
                if not seats:
                    continue
                want = int(len(seats) * (load * (0.55 if cls == "first" else 1.0)) * rng.uniform(0.85, 1.1))
                free = list(seats)
                taken = 0
                while taken < want and free:
                    party = rng.choices([1, 2, 3, 4], [52, 32, 8, 8])[0]
                    start = rng.choice(free)
                    block = [s for s in range(start, start + party) if s in free]
                    for s in block:
                        free.remove(s)
                    taken += len(block)
                    tr["res"].append({"ref": new_ref(), "coach": letter, "seats": sorted(block), "cls": cls,
                                      "booked": START - dt.timedelta(days=rng.uniform(0.2, 40)), "moved_from": None})

    for tr in trains:
        fill(tr)

    def free_seats(tr, coach_letter, layout, cls):
        used = [s for r in tr["res"] if r["coach"] == coach_letter and r["cls"] == cls for s in r["seats"]]
        return [s for s in seats_of(layout, cls) if s not in used]

    def label(coach, seats):
        return ",".join(f"{coach}{s}" for s in seats)

    # ---- a consist build, the formation change and the manifest
    manifest_v = {}
    channels = ["push", "push", "sms", "email", "email"]
    notices = []  # (t, ref, kind)

    def physical(units):
        """The coach letters the units themselves display."""
        return planned_coaches(units)

    def build_consist(t, tr, reason="lead"):
        hc = tr["hc"]
        key = f"{hc}/{DAY}"
        pod = leader(t)
        units = tr["units"]
        phys = physical(units)
        n = len(phys)
        letters = "ABCDEFGHIJKLMN"[:n] if buggy(t) else OLD_LETTERS[n]
        today = [(letters[i], num, layout) for i, (_, num, layout) in enumerate(phys)]
        tt = t + dt.timedelta(milliseconds=rng.randint(40, 300))
        if verbose(t):
            slog(tt, "INFO", "manifest-1", key, "ConsistBuilder",
                 f"Consist for {hc} {DAY}: {'+'.join(units)} ({n} vehicles): " + " ".join(f"{c}={num}" for c, num, _ in today), pod)
        else:
            slog(tt, "INFO", "manifest-1", key, "ConsistBuilder", f"Consist for {hc} {DAY}: {'+'.join(units)} ({n} vehicles), coaches {letters}", pod)
        stats["consists"][hc] = (tt, letters)
        if "I" in letters:
            stats["bad_consists"].append((tt, hc))
        inv_letters = [c for c, _ in tr["inv"]]
        inv_layout = dict(tr["inv"])
        today_layout = {c: layout for c, _, layout in today}
        for c, num, layout in today:
            if c not in inv_letters:
                tt += dt.timedelta(milliseconds=rng.randint(3, 12))
                size = len(LAYOUT_SEATS[layout][0]) + len(LAYOUT_SEATS[layout][1])
                slog(tt, "INFO", "manifest-1", key, "FormationChangeHandler",
                     f"Formation change on {hc} {DAY}: today's coach {c} was not in the planned formation ({size} seats added)", pod)
                tr["inv"].append((c, layout))
        displaced = []
        for c in inv_letters:
            held = [r for r in tr["res"] if r["coach"] == c]
            if c not in today_layout:
                if held:
                    tt += dt.timedelta(milliseconds=rng.randint(3, 12))
                    slog(tt, "WARN", "manifest-1", key, "FormationChangeHandler",
                         f"Formation change on {hc} {DAY}: planned coach {c} has no vehicle in today's consist; {len(held)} reservations to re-accommodate", pod)
                displaced += held
            elif today_layout[c] != inv_layout[c]:
                lost = [r for r in held if any(s not in seats_of(today_layout[c], r["cls"]) for s in r["seats"])]
                if lost:
                    tt += dt.timedelta(milliseconds=rng.randint(3, 12))
                    slog(tt, "WARN", "manifest-1", key, "FormationChangeHandler",
                         f"Formation change on {hc} {DAY}: coach {c} is a {today_layout[c]} today (planned {inv_layout[c]}); {len(lost)} reservations to re-accommodate", pod)
                displaced += lost
        tr["inv"] = [(c, l) for c, l in tr["inv"] if c in today_layout]
        tr["inv"] = [(c, today_layout[c]) for c, _ in tr["inv"]]
        if displaced:
            if verbose(t):
                displaced.sort(key=lambda r: (-len(r["seats"]), r["booked"]))
            else:
                displaced.sort(key=lambda r: r["booked"])
            for r in displaced:
                r["coach_old"] = r["coach"]
                r["coach"] = None
            moved, unseated = 0, 0
            order = [c for c, _, _ in today]
            for r in displaced:
                old_pos = "ABCDEFGHJK".find(r["coach_old"]) if r["coach_old"] in "ABCDEFGHJK" else order.index(r["coach_old"]) if r["coach_old"] in order else 0
                near = sorted(order, key=lambda c: (abs(order.index(c) - old_pos), order.index(c)))
                target = None
                for c in near:
                    if all(s in free_seats(tr, c, today_layout[c], r["cls"]) for s in r["seats"]):
                        target = (c, list(r["seats"]))
                        break
                if target is None:
                    for c in near:
                        free = free_seats(tr, c, today_layout[c], r["cls"])
                        if len(free) >= len(r["seats"]):
                            target = (c, free[:len(r["seats"])])
                            break
                old_label = label(r["coach_old"], r["seats"])
                if target is None:
                    tr["res"].remove(r)
                    unseated += 1
                    notices.append((tt + dt.timedelta(seconds=rng.uniform(1, 6)), r["ref"], "lost", hc, old_label, None))
                    continue
                if r["moved_from"] is None:
                    r["moved_from"] = (r["coach_old"], list(r["seats"]))
                r["coach"], r["seats"] = target
                moved += 1
                new_label = label(r["coach"], r["seats"])
                stats["moves"].append((tt, hc, old_label, new_label))
                if verbose(t):
                    tt += dt.timedelta(milliseconds=rng.randint(2, 9))
                    slog(tt, "INFO", "manifest-1", key, "FormationChangeHandler",
                         f"Reservation {r['ref']} moved from {old_label} to {new_label} (formation change on {hc} {DAY})", pod)
                notices.append((tt + dt.timedelta(seconds=rng.uniform(1, 6)), r["ref"], "changed", hc, old_label, new_label))
            tt += dt.timedelta(milliseconds=rng.randint(20, 80))
            slog(tt, "WARN", "manifest-1", key, "FormationChangeHandler",
                 f"Formation change on {hc} {DAY}: {moved} reservations re-accommodated, {unseated} without a seat", pod)
        tt = publish(tt + dt.timedelta(milliseconds=rng.randint(30, 120)), tr, pod, today)
        tr["today"] = today
        return tt

    def publish(t, tr, pod, today):
        hc = tr["hc"]
        key = f"{hc}/{DAY}"
        manifest_v[hc] = manifest_v.get(hc, 0) + 1
        v = manifest_v[hc]
        seats = sum(len(r["seats"]) for r in tr["res"])
        tt = t + dt.timedelta(milliseconds=rng.randint(60, 260))
        slog(tt, "INFO", "manifest-1", key, "ManifestPublisher", f"Manifest v{v} for {hc} {DAY} published to CrewLink: {len(today)} coaches, {seats} reserved seats", pod)
        pubs.setdefault(hc, []).append((tt, v, len(today), seats))
        clog(tt + dt.timedelta(milliseconds=rng.randint(5, 40)), "INFO", "manifest received", train=hc, date=DAY, version=v, coaches=len(today), reserved_seats=seats,
             source="seatres")
        tt += dt.timedelta(milliseconds=rng.randint(80, 400))
        n_labels = seats
        slog(tt, "INFO", "manifest-1", key, "ManifestPublisher", f"Seat labels for {hc} {DAY} sent to Kestrel: {'+'.join(tr['units'])}, {n_labels} labels", pod)
        while KESTREL_RO[0] <= tt < KESTREL_RO[1]:
            slog(tt + dt.timedelta(milliseconds=rng.randint(80, 200)), "WARN", "manifest-1", key, "KestrelClient",
                 f"Kestrel label push for {hc} {DAY} failed: HTTP 503 Service Unavailable (label API read-only); retrying in 30 s", pod)
            tt += dt.timedelta(seconds=30)
        kestrel_import(tt + dt.timedelta(milliseconds=rng.randint(100, 500)), tr, today, v)
        return tt

    unit_online = {}

    def kestrel_import(t, tr, today, v):
        phys = physical(tr["units"])
        pos = 0
        for u in tr["units"]:
            vs = vehicles_of(u)
            ours = today[pos:pos + len(vs)]
            labels = sum(len(r["seats"]) for r in tr["res"] if r["coach"] in [c for c, _, _ in ours])
            klog(t, "INFO", "LabelImport", u, f"labels received for {tr['hc']} {tr['dep'].strftime('%d/%m')} (v{v}): vehicles {' '.join(n for n, _ in vs)}, {labels} labels")
            for k, (c, num, _) in enumerate(ours):
                unit_letter = phys[pos + k][0]
                if c != unit_letter:
                    t = t + dt.timedelta(milliseconds=rng.randint(1, 4))
                    klog(t, "WARN", "LabelImport", u,
                         f"coach letter mismatch: labels for vehicle {num} say {c}, unit formation reports {unit_letter} ({'+'.join(tr['units'])} position {pos + k + 1}); displaying under {unit_letter}")
                    stats["mismatch"].append((t, tr["hc"], num))
            dt_ = t + dt.timedelta(seconds=rng.uniform(1.5, 6))
            klog(dt_, "INFO", "Delivery", u, f"labels v{v} for {tr['hc']} delivered to {len(vs)} vehicles in {rng.uniform(1.2, 4.8):.1f} s")
            pos += len(vs)


    # ---- the day, minute by minute: bookings, consists at the lead time, FleetHub polls, the repair
    pubs = {}
    built = {}
    poll_times = []
    t = START + dt.timedelta(seconds=rng.uniform(5, 40))
    while t < END:
        poll_times.append(t)
        t += dt.timedelta(seconds=120, milliseconds=rng.randint(0, 300))
    swap_poll = next(p for p in poll_times if p > SWAP_AT)
    same_poll = next(p for p in poll_times if p > utc(f"{DAY} 07:55:30"))
    holds = []

    def repair():
        rows = [tr for tr in trains if any(c == "I" for c, _ in tr["inv"])]
        stats["repair_rows"] = [tr["hc"] for tr in rows]
        slog(REPAIR, "INFO", "http-nio-8080-exec-4", "-", "AdminController", f"Consist repair for {DAY} requested by cpritchard: {len(rows)} trains with a coach I", leader(REPAIR))
        tt = REPAIR
        total = 0
        for tr in rows:
            key = f"{tr['hc']}/{DAY}"
            tt += dt.timedelta(milliseconds=rng.randint(200, 900))
            if tr["arr"] <= REPAIR:
                slog(tt, "INFO", "http-nio-8080-exec-4", key, "ConsistRepair", f"Repair {tr['hc']} {DAY}: train has arrived, skipped", leader(tt))
                continue
            today = physical(tr["units"])
            slog(tt, "INFO", "http-nio-8080-exec-4", key, "ConsistBuilder",
                 f"Consist for {tr['hc']} {DAY}: {'+'.join(tr['units'])} ({len(today)} vehicles): " + " ".join(f"{c}={num}" for c, num, _ in today), leader(tt))
            today_layout = {c: layout for c, _, layout in today}
            restored, moved = 0, 0
            for r in tr["res"]:
                if r["moved_from"] is not None:
                    r["coach"], r["seats"] = r["moved_from"]
                    r["moved_from"] = None
                    restored += 1
                    notices.append((tt + dt.timedelta(seconds=rng.uniform(1, 8)), r["ref"], "restored", tr["hc"], None, label(r["coach"], r["seats"])))
            for r in tr["res"]:
                if r["coach"] == "I":
                    target = None
                    for c in ("K", "J", "H", "G"):
                        if c in today_layout:
                            block = pick_block(free_seats(tr, c, today_layout[c], r["cls"]), len(r["seats"]))
                            if block:
                                target = (c, block)
                                break
                    old = label("I", r["seats"])
                    r["coach"], r["seats"] = target
                    moved += 1
                    tt += dt.timedelta(milliseconds=rng.randint(2, 9))
                    slog(tt, "INFO", "http-nio-8080-exec-4", key, "FormationChangeHandler",
                         f"Reservation {r['ref']} moved from {old} to {label(r['coach'], r['seats'])} (formation change on {tr['hc']} {DAY})", leader(tt))
                    notices.append((tt + dt.timedelta(seconds=rng.uniform(1, 8)), r["ref"], "changed", tr["hc"], old, label(r["coach"], r["seats"])))
            total += restored
            tr["inv"] = [(c, layout) for c, _, layout in today]
            tt += dt.timedelta(milliseconds=rng.randint(20, 60))
            slog(tt, "WARN", "http-nio-8080-exec-4", key, "ConsistRepair",
                 f"Repair {tr['hc']} {DAY}: coach I removed, {restored} reservations restored to their booked seats, {moved} re-accommodated", leader(tt))
            tr["today"] = today
            tt = publish(tt + dt.timedelta(milliseconds=50), tr, leader(tt), today)
        stats["restored"] = total

    def booking_rate(t):
        h = t.hour + t.minute / 60
        if h < 5:
            return 0.35
        if h < 6.5:
            return 0.35 + (h - 5) * 1.0
        if h < 8:
            return 1.85 + (h - 6.5) * 1.5
        return 4.1

    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.119 Mobile Safari/537.36",
           "CambriaRail/7.4.1 (iPhone; iOS 17.3.1; Scale/3.00)", "CambriaRail/7.4.1 (Android 14; Pixel 8)",
           "CambriaRail/7.3.0 (Android 13; SM-A536B)", "okhttp/4.12.0 RetailerGateway/2.8 (trainpal)"]
    crs_all = list(STATIONS)

    def fare_request(t):
        o, d = rng.sample(["SWA", "CDF", "CDF", "CDF", "BRI", "NWP", "BGN", "MAN", "HFD", "SHR", "HHD", "PTA", "NTH", "AGV", "CRE"], 2)
        when = (t + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 5, 7, 14, 30]))).strftime("%Y-%m-%d")
        rc = rng.choice(["", "", "", "&railcard=YNG", "&railcard=SRN", "&railcard=TST", "&railcard=2TR", "&railcard=FAM"])
        path = f"/v3/fares?from={o}&to={d}&date={when}&time={rng.randint(5, 21):02d}{rng.choice(['00', '15', '30', '45'])}&adults={rng.choice([1, 1, 1, 2, 2, 3])}{rc}"
        ingress_line(t, "GET", path, 200, rng.randint(3800, 14000), rng.lognormvariate(-3.3, 0.5), rng.choice(uas))

    def pick_block(free, party):
        if len(free) < party:
            return None
        for _ in range(8):
            s0 = rng.choice(free)
            block = [s for s in range(s0, s0 + party)]
            if all(s in free for s in block):
                return block
        return sorted(rng.sample(free, party))

    def book(te):
        channel = rng.choices(["web", "app", "ticket-office", "tvm", "retailer"], [38, 36, 8, 5, 13])[0]
        ua = rng.choice(uas)
        party = rng.choices([1, 2, 3, 4], [50, 33, 9, 8])[0]
        cls = "first" if rng.random() < 0.07 else "standard"
        pod = rng.choice(pods_at(te))
        fare_request(te - dt.timedelta(seconds=rng.uniform(40, 180)))
        cands = [tr for tr in trains if te + dt.timedelta(minutes=15) < tr["dep"] < te + dt.timedelta(hours=9)]
        if rng.random() < 0.32 and cands:
            weights = [(5 if tr["strong"] and tr["dest"] == "CDF" else 1) * (2 if tr["dest"] == "CDF" else 1) for tr in cands]
            tr = rng.choices(cands, weights)[0]
            hc, date = tr["hc"], DAY
            i = 0 if rng.random() < 0.7 else rng.randint(0, len(tr["calls"]) - 2)
            j = len(tr["calls"]) - 1 if rng.random() < 0.7 else rng.randint(i + 1, len(tr["calls"]) - 1)
            o, d = tr["calls"][i][0], tr["calls"][j][0]
            coaches = [(c, layout) for c, _, layout in tr["today"]] if hc in built else list(tr["inv"])
            rng.shuffle(coaches)
            block = None
            for c, layout in coaches:
                block = pick_block(free_seats(tr, c, layout, cls), party)
                if block:
                    break
            ingress_line(te - dt.timedelta(seconds=rng.uniform(8, 30)), "GET", f"/v3/trains/{hc}/{date}/seatmap?coach={coaches[0][0]}", 200,
                         rng.randint(2200, 5200), rng.lognormvariate(-3.6, 0.4), ua)
            if block is None:
                slog(te, "INFO", f"http-nio-8080-exec-{rng.randint(1, 24)}", f"{hc}/{date}", "ReservationService",
                     f"No {cls} seats left on {hc} {date} for a party of {party}", pod)
                ingress_line(te, "POST", "/v3/holds", 409, 162, rng.lognormvariate(-3.2, 0.4), ua)
                return
            res = {"ref": new_ref(), "coach": c, "seats": block, "cls": cls, "booked": te, "moved_from": None}
            ref = res["ref"]
        else:
            tmpl = rng.choice(trains)
            hc = tmpl["hc"]
            date = (te + dt.timedelta(days=rng.randint(1, 60))).strftime("%Y-%m-%d")
            i, j = 0, len(tmpl["calls"]) - 1
            o, d = tmpl["calls"][i][0], tmpl["calls"][j][0]
            # strengthening is for match day only: other days run the normal formation
            letters = OLD_LETTERS[len(vehicles_of(tmpl["planned_units"][0])) * (2 if tmpl["route"] in ("MAN-CDF", "CDF-MAN") and rng.random() < 0.5 else 1)]
            c = rng.choice(letters if cls == "standard" else letters[0])
            s0 = rng.randint(21 if cls == "standard" and c == "A" else 1, 50)
            block = list(range(s0, s0 + party))
            ref = new_ref()
            res = None
            ingress_line(te - dt.timedelta(seconds=rng.uniform(8, 30)), "GET", f"/v3/trains/{hc}/{date}/seatmap?coach={c}", 200,
                         rng.randint(2200, 5200), rng.lognormvariate(-3.6, 0.4), ua)
        hold = f"H{rng.randint(10**7, 10**8 - 1)}"
        ingress_line(te - dt.timedelta(seconds=rng.uniform(2, 6)), "POST", "/v3/holds", 201, 412, rng.lognormvariate(-3.0, 0.4), ua)
        if rng.random() < 0.12:
            holds.append((te + dt.timedelta(minutes=15, seconds=rng.uniform(0, 50)), hold, hc, date, party))
            return
        if res is not None:
            tr["res"].append(res)
        thread = f"http-nio-8080-exec-{rng.randint(1, 24)}"
        slog(te, "INFO", thread, f"{hc}/{date}", "ReservationService",
             f"Reservation {ref} confirmed: {hc} {date} {o}-{d}, {party} seat(s) {label(c, block)} ({cls}, {channel})", pod)
        ingress_line(te + dt.timedelta(milliseconds=rng.randint(60, 200)), "POST", "/v3/reservations", 201, rng.randint(900, 1600),
                     rng.lognormvariate(-2.6, 0.4), ua)
        if res is not None and hc in built:
            publish(te + dt.timedelta(milliseconds=rng.randint(200, 600)), tr, pod, tr["today"])

    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for te in poisson_times(rng, t, nxt, booking_rate(t)):
            book(te)
        for tr in trains:
            if tr["hc"] in built:
                continue
            if tr["dep"] - t <= dt.timedelta(minutes=lead(t)):
                at = t + dt.timedelta(seconds=rng.uniform(0.5, 3))
                built[tr["hc"]] = at
                build_consist(at, tr)
        for p in [p for p in poll_times if t <= p < nxt]:
            changed = 1 if p in (swap_poll, same_poll) else 0
            slog(p, "INFO", "fleethub-poll", "-", "FleetHubClient", f"FleetHub allocations for {DAY}: {len(trains)} trains, {changed} changed", leader(p))
            if p == swap_poll:
                tr = by_hc["1B12"]
                slog(p + dt.timedelta(milliseconds=30), "WARN", "fleethub-poll", f"1B12/{DAY}", "FleetHubClient",
                     f"Allocation changed for 1B12 {DAY}: 758509 -> 758404 (FleetHub reason: unit failure)", leader(p))
                tr["units"] = ["758404"]
                build_consist(p + dt.timedelta(milliseconds=200), tr)
            if p == same_poll:
                tr = by_hc["1V37"]
                old = tr["units"][0]
                slog(p + dt.timedelta(milliseconds=30), "WARN", "fleethub-poll", f"1V37/{DAY}", "FleetHubClient",
                     f"Allocation changed for 1V37 {DAY}: {old} -> 758415 (FleetHub reason: stock swap)", leader(p))
                tr["units"] = ["758415"] + tr["units"][1:]
                if tr["hc"] in built:
                    build_consist(p + dt.timedelta(milliseconds=200), tr)
        if t <= REPAIR < nxt:
            repair()
        t = nxt

    for at, hold, hc, date, party in holds:
        slog(at, "INFO", "hold-sweeper", f"{hc}/{date}", "HoldSweeper", f"Hold {hold} on {hc} {date} expired after 15 min, {party} seat(s) released")

    # ---- passenger notices
    sent = {}
    for at, ref, kind, hc, old, new in sorted(notices, key=lambda n: (n[0], n[1])):
        ch = rng.choice(channels)
        if kind == "changed":
            msg = f"Seat change notice for {ref} queued ({ch}): {hc} {old} -> {new}"
        elif kind == "lost":
            msg = f"Seat lost notice for {ref} queued ({ch}): {hc} {old}, no seat in today's consist"
        else:
            msg = f"Seat restored notice for {ref} queued ({ch}): {hc} back to {new}"
        slog(at, "INFO", f"notify-{rng.randint(1, 4)}", f"{hc}/{DAY}", "PassengerNotifier", msg)
        minute = at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        sent.setdefault(minute, {"push": 0, "sms": 0, "email": 0})[ch] += 1
        if kind == "changed" and new.startswith("I") and rng.random() < 0.5:
            lt = at + dt.timedelta(minutes=rng.uniform(1, 30))
            ua = rng.choice(uas[:6])
            ingress_line(lt, "GET", f"/v3/reservations/{ref}", 200, rng.randint(1400, 2100), rng.lognormvariate(-3.4, 0.4), ua)
            ingress_line(lt + dt.timedelta(seconds=rng.uniform(3, 20)), "GET", f"/v3/trains/{hc}/{DAY}/seatmap?coach=I", 200,
                         rng.randint(2400, 5200), rng.lognormvariate(-3.6, 0.4), ua)
    for minute in sorted(sent):
        c = sent[minute]
        slog(minute + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "notify-sender", "-", "NotificationSender",
             f"Notifications sent in the last minute: push {c['push']}, sms {c['sms']}, email {c['email']}")

    # ---- TRUST movements
    for tr in trains:
        delay = 0
        key = f"{tr['hc']}/{DAY}"
        for k, (crs, at) in enumerate(tr["calls"]):
            delay = max(0, delay + rng.choice([0, 0, 0, 0, 1, 1, -1, 2]) if k else rng.choice([0, 0, 0, 1]))
            actual = at + dt.timedelta(minutes=delay, seconds=rng.uniform(5, 55))
            late = "on time" if delay == 0 else f"{delay} min late"
            what = "terminated at" if k == len(tr["calls"]) - 1 else "departed"
            slog(actual + dt.timedelta(seconds=rng.uniform(2, 9)), "INFO", "trust-listener-1", key, "TrustMovementListener",
                 f"TRUST: {tr['hc']} {what} {STATIONS[crs]} {actual.strftime('%H:%M:%S')} ({late})")

    # ---- CrewLink: the train managers' handhelds
    def version_at_t(hc, t):
        v = (0, 0, 0)
        for pt, pv, coaches, seats in pubs.get(hc, []):
            if pt <= t:
                v = (pv, coaches, seats)
        return v

    reports = {
        "1B22": (utc(f"{DAY} 09:36:40"), "Handheld shows a coach I full of reservations and no coach K. Unit displays show J and K. Pax with J tickets finding seats labelled for others, pax with texts looking for coach I."),
        "1F19": (utc(f"{DAY} 10:21:15"), "Coach I on the manifest again, train is 758503+758411 A-J. Reservations for J shown in I. Seat labels in J not matching tickets."),
        "1B26": (utc(f"{DAY} 10:44:30"), "Same as 1B22: coach I on handheld, no K. Passengers arriving with texts for coach I."),
        "1F21": (utc(f"{DAY} 10:58:05"), "Manifest has coach I, train has no coach I (5+4, ends at J)."),
    }
    after = {"1B26": (utc(f"{DAY} 11:31:50"), "Manifest updated at 11:10, shows J and K now with the right names. Labels changed over on the move.")}
    devices = []
    reported = []
    for tr in trains:
        hc = tr["hc"]
        n_dev = 2 if tr["strong"] else 1
        for k in range(n_dev):
            dev = f"HH-{rng.randint(3000, 3999)}"
            staff = f"{rng.randint(100000, 199999)}"
            role = "TM" if k == 0 else "RPI"
            login = tr["dep"] - dt.timedelta(minutes=75 - 6 * k + rng.uniform(-4, 4))
            logout = tr["arr"] + dt.timedelta(minutes=rng.uniform(4, 12))
            devices.append((login, logout))
            clog(login, "INFO", "device login", device=dev, staff=staff, role=role, depot=DEPOT.get(tr["origin"], STATIONS[tr["origin"]]), train=hc,
                 app="crewlink-android/3.14.2")
            st = login + dt.timedelta(seconds=rng.uniform(10, 40))
            last_v = 0
            stj = [at for crs, at in tr["calls"] if crs == "STJ"]
            while st < logout:
                v, coaches, seats = version_at_t(hc, st)
                in_tunnel = bool(stj) and stj[0] - dt.timedelta(minutes=4) <= st <= stj[0] + dt.timedelta(minutes=2)
                if v == 0:
                    clog(st, "INFO", "device sync", device=dev, train=hc, manifest_version=0, note="manifest not published yet", duration_ms=rng.randint(90, 400))
                elif in_tunnel or rng.random() < 0.015:
                    err = "dial tcp 10.88.4.12:443: i/o timeout" if in_tunnel else "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                    clog(st, "WARN", "device sync failed", device=dev, train=hc, manifest_version=last_v, err=err)
                else:
                    clog(st, "INFO", "device sync", device=dev, train=hc, manifest_version=v, changed=str(v != last_v).lower(), coaches=coaches,
                         reserved_seats=seats, duration_ms=rng.randint(120, 1400) if v != last_v else rng.randint(60, 300))
                    last_v = v
                for which, level in ((reports, "WARN"), (after, "INFO")):
                    if k == 0 and hc in which and which[hc][0] <= st and (hc, level) not in reported:
                        reported.append((hc, level))
                        clog(which[hc][0] + dt.timedelta(milliseconds=rng.randint(0, 999)), level, "staff report", device=dev, staff=staff, train=hc, category="reservations", text=which[hc][1])
                st += dt.timedelta(minutes=5, seconds=rng.uniform(-20, 20))
            clog(logout, "INFO", "device logout", device=dev, staff=staff, train=hc)
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        n = sum(1 for a, b in devices if a <= t < b)
        clog(t, "INFO", "active devices", count=n, gateway="crewlink-gw-1")
        t += dt.timedelta(minutes=10)

    # ---- Kestrel: the units' links and formations
    for unit in UNITS5 + UNITS4:
        t = START + dt.timedelta(seconds=rng.uniform(0, 900))
        op = rng.choice(["4G EE", "4G Vodafone", "4G O2"])
        while t < END:
            klog(t, "INFO", "Link", unit, f"heartbeat: {op} RSRP -{rng.randint(76, 111)} dBm, disk {rng.randint(38, 46)}%")
            t += dt.timedelta(minutes=15, seconds=rng.uniform(-20, 20))
    for tr in trains:
        stj = [at for crs, at in tr["calls"] if crs == "STJ"]
        for u in tr["units"]:
            if stj:
                lost = stj[0] - dt.timedelta(minutes=1, seconds=rng.uniform(0, 40))
                klog(lost, "WARN", "Link", u, f"link lost (last RSRP -{rng.randint(114, 121)} dBm)")
                klog(lost + dt.timedelta(minutes=4, seconds=rng.uniform(0, 50)), "INFO", "Link", u, f"link restored after {rng.randint(3, 5)}m{rng.randint(0, 59):02d}s, 0 label updates queued")
        if len(tr["units"]) > 1:
            at = tr["dep"] - dt.timedelta(minutes=rng.uniform(98, 106))
            letters = " ".join(c for c, _, _ in physical(tr["units"]))
            klog(at, "INFO", "Formation", tr["units"][0], f"coupled with {tr['units'][1]}: {len(physical(tr['units']))} vehicles, coach letters {letters}")
    klog(SWAP_AT + dt.timedelta(minutes=6, seconds=12), "INFO", "Formation", "758404", "single unit: 4 vehicles, coach letters A B C D")
    klog(KESTREL_RO[0], "WARN", "Api", "-", "label API read-only for scheduled maintenance (CHG-2291), label pushes answered 503")
    klog(KESTREL_RO[1], "INFO", "Api", "-", "label API read-write again, 0 pushes queued")

    # ---- seatres: starts, stops, housekeeping
    for at, ver, pods, starts, old in rollouts:
        for k, st in enumerate(starts):
            boot = st - dt.timedelta(seconds=rng.uniform(15, 19))
            p = pods[k]
            slog(boot, "INFO", "main", "-", "SeatresApplication", f"Starting SeatresApplication v{ver} using Java 21.0.6 with PID 1 (/workspace/BOOT-INF/classes started by cnb in /workspace)", p)
            slog(boot + dt.timedelta(milliseconds=90), "INFO", "main", "-", "SeatresApplication", 'The following 1 profile is active: "prod"', p)
            slog(boot + dt.timedelta(seconds=6.2), "INFO", "main", "-", "TomcatWebServer", "Tomcat initialized with port 8080 (http)", p)
            slog(boot + dt.timedelta(seconds=9.1), "INFO", "main", "-", "DbMigrate", "Current version of schema \"seatres\": 41", p)
            slog(boot + dt.timedelta(seconds=9.2), "INFO", "main", "-", "DbMigrate", "Schema \"seatres\" is up to date. No migration necessary.", p)
            slog(st, "INFO", "main", "-", "SeatresApplication", f"Started SeatresApplication in {(st - boot).total_seconds():.3f} seconds (process running for {(st - boot).total_seconds() + 1.1:.3f})", p)
            slog(st + dt.timedelta(milliseconds=200), "INFO", "main", "-", "SeatresInfo",
                 f"seatres {ver} ({ver_sha[ver][:7]}) ready: manifest lead {60 if ver == '5.12.1' else 90} min, FleetHub poll 120 s, labels to Kestrel", p)
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
    slog(utc(f"{DAY} 02:30:02"), "INFO", "scheduling-1", "-", "InventoryHorizon", "Inventory horizon: archived 2026-03-13: 214 trains, 10,386 reservations", leader(utc(f"{DAY} 02:30:02")))
    slog(utc(f"{DAY} 02:30:41"), "INFO", "scheduling-1", "-", "InventoryHorizon", "Inventory horizon: created 2026-06-06 from the long-term plan: 183 trains, 49,212 seats (38.6 s)", leader(utc(f"{DAY} 02:30:41")))
    slog(utc(f"{DAY} 03:04:12"), "INFO", "http-nio-8080-exec-2", "-", "FaresFeedImporter", "Fares feed RJFAF614 loaded: 41,882 flows, 312,570 fares, 18 railcards; flow cache rebuilt in 11.4 s", leader(utc(f"{DAY} 03:04:12")))

    # ---- ingress: fare quotes and the rest
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for te in poisson_times(rng, t, nxt, booking_rate(t) * 3.2):
            fare_request(te)
        for te in poisson_times(rng, t, nxt, booking_rate(t) * 1.1):
            ua = rng.choice(uas)
            kind = rng.random()
            if kind < 0.4:
                ingress_line(te, "GET", f"/v3/live/departures?crs={rng.choice(['CDF', 'SWA', 'BRI', 'NWP', 'MAN', 'HFD'])}", 200, rng.randint(5000, 9000), rng.lognormvariate(-3.8, 0.4), ua)
            elif kind < 0.65:
                ingress_line(te, "GET", f"/v3/stations?q={rng.choice(['car', 'swa', 'brist', 'new', 'man', 'here', 'shr', 'abe', 'bri'])}", 200, rng.randint(400, 1500), rng.lognormvariate(-4.4, 0.3), ua)
            elif kind < 0.9:
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

    deploy_job(DEPLOY_5130, 412, "Megan Hughes", "5.13.0", shas["rel5130"], 58)
    deploy_job(ROLLBACK, 413, "Rhys Morgan", "5.12.1", shas["rel5121"], 59, " (rollback, emergency change EC-0314-02)")
    deploy_job(DEPLOY_5131, 414, "Megan Hughes", "5.13.1", shas["rel5131"], 60, " (emergency change EC-0314-03)")
    for at, job, lines in ((utc(f"{DAY} 02:00:00"), "seatres-db-backup #688", ["+ pg_dump -Fc seatres > /backup/seatres-20260314.dump", "dump size 4.1 GB", "uploaded to s3://cr-backups/seatres/20260314.dump"]),
                           (utc(f"{DAY} 03:00:00"), "fares-feed-import #214", ["fetched RJFAF614.ZIP (38.2 MB) from the fares data feed", "+ curl -X POST https://seatres.prod.cambriarail.internal/admin/fares/import?feed=RJFAF614", "HTTP 202"])):
        jlog(at, "Started by timer")
        jlog(at + dt.timedelta(milliseconds=300), f"Running {job}")
        for k, line in enumerate(lines):
            jlog(at + dt.timedelta(seconds=20 + 60 * k), line)
        jlog(at + dt.timedelta(seconds=20 + 60 * len(lines)), "Finished: SUCCESS")

    # ---- the people
    moves = sorted(stats["moves"])
    alert_at = None
    for k, (mt, _, _, _) in enumerate(moves):
        window = [m for m in moves if mt - dt.timedelta(minutes=30) < m[0] <= mt]
        if len(window) >= 50:
            alert_at = mt + dt.timedelta(seconds=50)
            break
    stats["alert"] = alert_at
    first_bad = stats["bad_consists"][0][0]
    n1b22 = len([m for m in moves if m[1] == "1B22"])
    n1f19 = len([m for m in moves if m[1] == "1F19"])
    n1b12 = len([m for m in moves if m[1] == "1B12"])
    say(utc(f"{DAY} 01:31:00"), "megan.hughes", "Deploying seatres 5.13.0 in the window: RES-519 (vehicle numbers in the consist line), RES-520 (re-accommodation keeps parties together), RES-523 (moved reservations logged), RES-525 (manifests at T-90), Spring Boot 3.3.10. Event-day freeze from 04:00, after that emergency changes only, via the Control duty manager.")
    say(utc(f"{DAY} 01:41:30"), "megan.hughes", "5.13.0 on all three pods.")
    say(utc(f"{DAY} 04:12:00"), "rhys.morgan", "On call today. Kestrel's label API was read-only 04:02-04:06 (their maintenance), one push for 1W02 retried fine.")
    say(SWAP_AT + dt.timedelta(minutes=9), "rhys.morgan", f"1B12 short-formed: 758509 door fault at Landore, 758404 instead. {n1b12} reservations moved out of E and the back of D, a few without seats. Control knows.")
    say(alert_at, "grafana", f"[FIRING:1] Formation change re-accommodations (seatres, prod): {len([m for m in moves if alert_at - dt.timedelta(minutes=30) < m[0] <= alert_at])} moved reservations in 30 min")
    say(alert_at + dt.timedelta(minutes=2), "rhys.morgan", f"Looking. 1B22 (09:58 Swansea, {n1b22} moved) and 1F19 (10:12 Bristol, {n1f19} moved): 'planned coach K has no vehicle in today's consist' / coach J on 1F19. Runbook says check the allocation and ask Control about swaps.")
    say(alert_at + dt.timedelta(minutes=8), "rhys.morgan", "Control: no swaps on 1B22 (758512+758507) or 1F19 (758503+758411), both as planned for the match. Only 1B12 this morning.")
    say(alert_at + dt.timedelta(minutes=14), "lowri.davies", "Social: people on the 09:58 from Swansea got a text moving them from coach K to coach I and are asking where coach I is. Is that right?")
    say(ROLLBACK - dt.timedelta(minutes=21), "rhys.morgan", "The moves started with the first strengthened trains after last night's 5.13.0, which changed re-accommodation (RES-520). Runbook: roll back after a release. @sian.evans OK to roll seatres back to 5.12.1 during the freeze?")
    say(ROLLBACK - dt.timedelta(minutes=16), "sian.evans", "Approved, emergency change EC-0314-02. Keep Control posted.")
    say(ROLLBACK - dt.timedelta(seconds=40), "rhys.morgan", "Rolling back to 5.12.1 (Jenkins #413).")
    say(ROLLBACK + dt.timedelta(minutes=4), "rhys.morgan", "5.12.1 on all pods. Manifests back to 60 minutes before departure.")
    say(utc(f"{DAY} 09:47:20"), "sian.evans", "1B22's TM (Dafydd Jenkins) says his handheld shows a coach I full of reservations and no coach K; the unit's displays say J and K. Passengers with coach J tickets find their seats labelled for others, people with texts are looking for coach I. He is seating them as they come.")
    f21 = stats["consists"].get("1F21", (None, ""))
    say(f21[0] + dt.timedelta(minutes=2), "rhys.morgan", f"1F21 (11:12 Bristol) just built on 5.12.1: 'planned coach J has no vehicle in today's consist' again, coaches {f21[1]}, no swap. The rollback did not help.")
    say(utc(f"{DAY} 10:19:30"), "ceri.pritchard", f"Look at the consist lines. 1B22 at {first_bad.strftime('%H:%M')}: 'A=51512 ... H=53507 I=54507 J=55507'. Kestrel's ground log has 'coach letter mismatch: labels for vehicle 54507 say I, unit formation reports J' for every strengthened train since then, and the units reported 'coach letters A B C D E F G H J K' when they coupled. Our trains have no coach I. 1F21 on 5.12.1 says 'coaches ABCDEFGHI'.")
    say(utc(f"{DAY} 10:24:10"), "tomasz.nowak", "That is mine, RES-512 on Wednesday (in 5.12.0): I replaced the letter table with 'A' + position for the 758/7s. I took the J after H in the table for a typo. Sorry. Fixing: fixed sequence ABCDEFGHJKLMNP, and a repair that moves today's reservations back.")
    say(utc(f"{DAY} 10:27:40"), "megan.hughes", "No nine- or ten-car train ran between Wednesday night and this morning, the strengthening was planned and sold in February. That is why it waited for today.")
    say(DEPLOY_5131 - dt.timedelta(minutes=3), "megan.hughes", "5.13.1 (5.13.0 + RES-531) is built. @sian.evans emergency change for it?")
    say(DEPLOY_5131 - dt.timedelta(minutes=1), "sian.evans", "Approved, EC-0314-03.")
    say(DEPLOY_5131 + dt.timedelta(minutes=5), "megan.hughes", "5.13.1 live on all pods.")
    say(REPAIR + dt.timedelta(minutes=2), "ceri.pritchard", f"Repair for today done: {', '.join(h for h in stats['repair_rows'])}; {stats['restored']} reservations back in their booked coaches on the trains not yet arrived, manifests and labels re-sent, no mismatches from Kestrel. 1B22 and 1F19 had arrived.")
    say(utc(f"{DAY} 11:20:00"), "lowri.davies", "Posting an apology for the coach I texts. People on 1B26 are getting 'back to your original seat' now.")
    say(utc(f"{DAY} 11:41:00"), "sian.evans", "1B26's TM confirms the handheld shows J and K with the right names, labels changed over on the move.")
    say(utc(f"{DAY} 12:08:00"), "megan.hughes", "Future inventory: 2 trains on 28 March (strengthened for the concert) were loaded on Thursday with a coach I, 14 reservations sold in it. Repair run for 28/03 done, passengers told.")

    ctl(utc(f"{DAY} 05:02:00"), "-", "Control", "General", "Day shift on. Match day: strengthening plan SP-0314 (xx:58 SWA-CDF 5+5 from 09:58, xx:12 BRI-CDF 5+4 from 10:12), BTP and stewards at Cardiff Central from 12:00, queueing system from 14:00.")
    ctl(utc(f"{DAY} 06:38:40"), "1B12", "Landore TMD", "Fleet", "758509 failed prep (door fault, coach C door 2 will not close). 758404 substituted, 1B12 07:28 SWA-CDF short-formed 4 cars. Retail informed.")
    ctl(utc(f"{DAY} 07:31:10"), "1B12", "Swansea", "Fleet", "1B12 departed 4 cars, busy, TM reports standing from Port Talbot.")
    ctl(utc(f"{DAY} 07:54:50"), "1V37", "Manchester Piccadilly", "Fleet", "758406 swapped with 758415 (same type), CCTV fault.")
    ctl(alert_at + dt.timedelta(minutes=6), "1B22", "Control", "Retail", "Retail on-call asks if 1B22/1F19 formations changed. Confirmed as planned: 758512+758507 and 758503+758411.")
    ctl(utc(f"{DAY} 09:41:30"), "1B22", "Swansea", "Customer", "TM D. Jenkins: handheld manifest shows a coach I full of reservations and no coach K; unit coach displays show J and K. Passengers holding coach J tickets finding their seats labelled for others. TM seating passengers where possible.")
    ctl(utc(f"{DAY} 10:04:20"), "1B22", "Neath", "Customer", "TM: passengers with texts directing them to coach I. Directing them to coach K.")
    ctl(utc(f"{DAY} 10:25:00"), "1F19", "Newport", "Customer", "TM reports same as 1B22: coach I on handheld, no J on manifest.")
    ctl(utc(f"{DAY} 10:41:00"), "1W05", "Shrewsbury", "Operations", "1W05 held 6 min at Shrewsbury for a signalling fault at Sutton Bridge Jn.")
    ctl(utc(f"{DAY} 11:14:30"), "-", "Control", "Retail", "Retail: seatres fixed (5.13.1), reservations restored on 1B26, 1F21, 1B30; manifests re-sent. TMs to sync handhelds.")
    ctl(utc(f"{DAY} 11:40:10"), "1B26", "Cardiff Central", "Customer", "TM confirms handheld shows J/K correctly after sync.")
    ctl(utc(f"{DAY} 12:30:00"), "-", "Cardiff Central", "Operations", "Queueing system in place early, station busy, 1B34 due 5+5.")

    return [seatres, crewlink, kestrel, ingress, jenkins, control, slack], stats


def build(out_dir):
    rng = random.Random(85100)
    repo, shas = build_repo(random.Random(85101))
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["bad_consists"][0][0].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        assert stats["bad_consists"][0][1] == "1B22", stats["bad_consists"][:3]
        assert stats["alert"] is not None and stats["alert"] < ROLLBACK, stats["alert"]
        assert [h for t, h in stats["bad_consists"] if t > ROLLBACK + dt.timedelta(minutes=5)], "no coach I after the rollback"
        assert not [h for t, h in stats["bad_consists"] if t > DEPLOY_5131 + dt.timedelta(minutes=4)], "coach I after the fix"
        moves = stats["moves"]

        def per_min(fn_filter):
            def fn(t):
                return sum(1 for m in moves if t - dt.timedelta(minutes=5) < m[0] <= t and fn_filter(m))
            return fn

        def mism(t):
            return sum(1 for m in stats["mismatch"] if t - dt.timedelta(minutes=5) < m[0] <= t)

        metrics = {
            "seatres_reservations_reaccommodated_5m.json": query_range(
                [({"job": "seatres", "reason": "formation_change"}, per_min(lambda m: True))], START, END, 60),
            "kestrel_label_letter_mismatch_5m.json": query_range(
                [({"job": "kestrel-ground-exporter", "operator": "CR"}, mism)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r85-consist-coach-letter-i", service=SERVICE, onset=onset,
            description=f"""
Cambria Rail's seat reservations go wrong on the strengthened trains of an
international match day, Saturday 14 March: from {onset.strftime('%H:%M:%S')} UTC seatres
moves the reservations of coach K of the 09:58 Swansea-Cardiff (1B22, 5+5)
into a coach I and tells the passengers so, the train managers' handhelds
show a coach I the train does not have, and the seat labels over the seats
of coaches J and K name the wrong passengers; the 5+4 Bristol trains lose
coach J the same way. seatres 5.13.0 had been deployed at 01:35; the
rollback to 5.12.1 at 09:29 did not help; 5.13.1 went out at 11:01 and
today's reservations were restored at 11:12.
""",
            logs=logs,
            line_formats={
                "seatres.log": r'<Pod> <Date> <Time> <Level>\s+\[<Thread>\] \[<Train>\] <Logger> - <Content>',
                "kestrel-ground.log": r'<Date> <Time> \[<Level>\s*\] <Module>\s+<Unit>\s+<Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r"was not in the planned formation", r"coach letter mismatch"],
            fix_files=[f"{PKG}/consist/ConsistBuilder.kt", f"{TEST_PKG}/consist/ConsistBuilderTest.kt"],
            explanation=f"""
The culprit is RES-512 "consist: coach letters by position"
({shas['culprit'][:7]}, Wednesday 11 March 15:47 UTC, {hours:.1f} h before the
onset), shipped in 5.12.0 that night. It replaces the consist builder's
table of coach letters per formation length ("ABCDEFGHJ", "ABCDEFGHJK")
with 'A' + position. Cambria Rail's coach letters skip I, as the units'
own displays and every reservation sold for a nine- or ten-car train do,
so a 5+5 consist now ends in I, J instead of J, K, and a 5+4 in I instead
of J. Nothing runs longer than eight cars on a normal day; the first
strengthened train whose consist was built after the release was 1B22 on
match day. The formation change handler finds the planned coach K (J on
5+4) with no vehicle, a coach I "not in the planned formation" and a
coach J of another layout, and moves the K reservations (and J's seats
57-72) to the same seats in I, or in J; Kestrel reports "coach letter
mismatch" for the ninth and tenth vehicles, whose units say J and K. The
fix (RES-531, 5.13.1) takes the letters from "ABCDEFGHJKLMNP" again
(ConsistBuilder.kt, with tests).
Decoys: release 5.13.0, deployed {(onset - DEPLOY_5130).total_seconds() / 3600:.1f} h before the onset in the
overnight window (RES-519 in the culprit's file, vehicle numbers in the
consist line; RES-520, re-accommodation keeps parties together, in the
very re-accommodation; RES-523, which adds the very "Reservation ...
moved from ... to ..." line that fills the log; RES-525, manifests 90
minutes before departure; a Spring Boot bump); the rollback to 5.12.1,
which holds the culprit, without effect (the move lines and the longer
lead go); Friday's runbook commit that reads re-accommodation as a stock
swap by fleet control and says to roll back after a release; a genuine
stock swap at 06:41 (758509's door fault, 1B12 short-formed to four cars,
its coach E re-accommodated) and a like-for-like swap on 1V37; Kestrel's
label API maintenance at 04:02; sync failures in the Severn Tunnel.
""",
        )
    finally:
        repo.close()
