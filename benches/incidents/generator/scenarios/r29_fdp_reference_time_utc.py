"""crewlink (Kotlin, Spring Boot 3 on Kubernetes, Oracle 19c, Kafka) of
Skarvik Air, a Norwegian regional airline with bases at OSL, BGO, TRD, SVG
and TOS. Pilots and cabin crew check in for their duties through the crew
app (nginx gateway in front of crewlink-api); at check-in the API checks
the duty's planned flight duty period (FDP) against the EASA maximum daily
FDP (ORO.FTL.205 table 2), which depends on the reference time (the local
time at the home base when the FDP starts) and the number of sectors. A
second deployment of the same image, crewlink-movements, consumes the
flight movement messages (IATA MVT, from the operations message bus's
Kafka topic ops.mvt.v1) and keeps the sectors' estimated and actual times.

On Monday 9 February at 12:48 UTC a clean-up commit (CREW-1142) makes the
FTL code "UTC end to end": the reference time becomes the report time's
UTC time of day instead of the local time at the home base (one hour
later in winter). It deletes the DST test that would have noticed. The
evening release (Argo CD sync at 20:41, its start line names a later CI
commit) ships it. In the afternoon and evening bands the UTC reference
gives the same or a longer limit, and at night the 17:00-04:59 band is
the same either way, so nothing is refused. From 05:00 local (04:00 UTC)
the band of the morning's first reports is the night band in UTC: 11:00
instead of 12:00 for 1-2 sectors, less 30 minutes per sector over two.
The first crews of Tuesday's morning bank whose 3-5 sector duties are
planned close to the limit (legal in AIMS) are refused at check-in:
"planned FDP 10:20 exceeds max daily FDP 10:00 (reference time 04:05, 4
sectors)".

Crew control checks the refused crews in by hand in AIMS, a few
departures leave late (delay codes 63/66 in the MVTs). The on-call first
rolls back the 03:31 config sync (the FDP warning margin, 30m -> 45m),
which changes nothing, then sees that the reference time is in UTC and
rolls back to last Thursday's release at 04:49; check-ins go through
again.

Decoys: the config change synced 27 minutes before the onset that shares
"FDP" and "maximum" with the errors (and makes more "Planned FDP within
... of the maximum" warnings); Monday morning's commit that logs every
refusal with its reason, duty and FDP details (and the stack trace); a
harmless commit to FtlCalculator.kt after the culprit (FdpCheck.margin);
a test commit for the FDP table; an ojdbc bump; docs; a legitimate FDP
refusal at 21:0x for a delayed night charter, with the same text; an
ORA-01555 of a night report and an ORA-00060 between crew control's AIMS
imports and the check-ins, in the alert log. Sources: crewlink-api
(Spring Boot console, Java stack traces), crewlink-movements
(logstash-logback JSON), the Oracle alert log, the crew-app gateway
(nginx), and #ops-bridge / #crewlink (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, readme, runbook

SERVICE = "crewlink-api"
START, END = utc("2026-02-09 19:30:00"), utc("2026-02-10 06:30:00")
DEPLOY1 = utc("2026-02-09 20:41:12")
DECOY_SYNC = utc("2026-02-10 03:31:40")
ROLLBACK1 = utc("2026-02-10 04:27:10")
ROLLBACK2 = utc("2026-02-10 04:49:35")
CET = dt.timedelta(hours=1)
PKG = "no/skarvik/crewlink"

# ---------------------------------------------------------------------------
# the repository

FDP_LIMITS_KT = """package no.skarvik.crewlink.ftl

import java.time.Duration
import java.time.LocalTime

/** EASA ORO.FTL.205(b)(1), table 2: maximum daily FDP of acclimatised crew members. */
object FdpLimits {
    // start of each reference-time band -> the limit for 1-2 sectors, in minutes
    private val bands = listOf(
        LocalTime.of(5, 0) to 720, LocalTime.of(5, 15) to 735, LocalTime.of(5, 30) to 750,
        LocalTime.of(5, 45) to 765, LocalTime.of(6, 0) to 780, LocalTime.of(13, 30) to 765,
        LocalTime.of(14, 0) to 750, LocalTime.of(14, 30) to 735, LocalTime.of(15, 0) to 720,
        LocalTime.of(15, 30) to 705, LocalTime.of(16, 0) to 690, LocalTime.of(16, 30) to 675,
        LocalTime.of(17, 0) to 660,
    )

    fun maxDailyFdp(reference: LocalTime, sectors: Int): Duration {
        val base = bands.lastOrNull { !reference.isBefore(it.first) }?.second ?: 660 // 17:00-04:59
        val reduction = 30 * (minOf(sectors, 10) - 2).coerceAtLeast(0)
        return Duration.ofMinutes((base - reduction).coerceAtLeast(540).toLong())
    }
}
"""

FTL_CALCULATOR_KT = """package no.skarvik.crewlink.ftl

import no.skarvik.crewlink.duty.Duty
import org.springframework.stereotype.Component
import java.time.Duration
import java.time.Instant
import java.time.LocalTime
import java.time.ZoneId

data class FdpCheck(val planned: Duration, val max: Duration, val reference: LocalTime, val sectors: Int) {
    val exceeded: Boolean get() = planned > max
}

@Component
class FtlCalculator {
    /** The reference time: local time at the crew member's home base when the FDP starts. */
    fun referenceTime(report: Instant, homeBase: ZoneId): LocalTime =
        report.atZone(homeBase).toLocalTime()

    /** Report to on-blocks of the last sector, with the latest estimate from the MVTs. */
    fun plannedFdp(duty: Duty): Duration {
        val last = duty.sectors.last()
        return Duration.between(duty.reportTime, last.estimatedOnBlock ?: last.scheduledOnBlock)
    }

    fun check(duty: Duty, homeBase: ZoneId): FdpCheck {
        val reference = referenceTime(duty.reportTime, homeBase)
        return FdpCheck(plannedFdp(duty), FdpLimits.maxDailyFdp(reference, duty.sectors.size), reference, duty.sectors.size)
    }
}
"""

FTL_TEST_KT = """package no.skarvik.crewlink.ftl

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.Instant
import java.time.LocalTime
import java.time.ZoneId

class FtlCalculatorTest {
    private val oslo = ZoneId.of("Europe/Oslo")

    @Test
    fun `reference time is local at the home base across the DST change`() {
        val calc = FtlCalculator()
        assertEquals(LocalTime.of(5, 40), calc.referenceTime(Instant.parse("2026-03-28T04:40:00Z"), oslo))
        assertEquals(LocalTime.of(5, 40), calc.referenceTime(Instant.parse("2026-03-29T03:40:00Z"), oslo))
    }
}
"""

CHECKIN_SERVICE_KT = """package no.skarvik.crewlink.checkin

import no.skarvik.crewlink.crew.CrewRepository
import no.skarvik.crewlink.duty.DutyRepository
import no.skarvik.crewlink.ftl.FtlCalculator
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service
import org.springframework.transaction.annotation.Transactional
import java.time.Instant

@Service
class CheckInService(
    private val duties: DutyRepository,
    private val crews: CrewRepository,
    private val ftl: FtlCalculator,
    private val props: CheckInProperties,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Transactional
    fun checkIn(crewId: Long, dutyId: String, now: Instant): CheckIn {
        val duty = duties.findForCheckIn(crewId, dutyId) ?: throw DutyNotFoundException(crewId, dutyId)
        val opens = duty.reportTime.minus(props.openBeforeReport)
        if (now.isBefore(opens)) throw CheckInNotOpenException(opens)
        val member = crews.getById(crewId)
        val fdp = ftl.check(duty, member.homeBase.zone)
        if (fdp.exceeded) throw FdpLimitExceededException(fdp)
        if (fdp.max.minus(fdp.planned) < props.fdpWarningMargin) {
            log.warn(
                "Planned FDP within {} of the maximum crew={} duty={} planned={} max={}",
                props.fdpWarningMargin, crewId, dutyId, fdp.planned, fdp.max,
            )
        }
        val checkIn = duties.markCheckedIn(duty, crewId, now)
        log.info("Checked in crew={} duty={} role={} base={}", crewId, dutyId, checkIn.role, duty.base)
        return checkIn
    }
}
"""

EXCEPTIONS_KT = """package no.skarvik.crewlink.checkin

import no.skarvik.crewlink.ftl.FdpCheck
import java.time.Duration
import java.time.Instant

sealed class CheckInRefusedException(val code: String, message: String) : RuntimeException(message)

class DutyNotFoundException(crewId: Long, dutyId: String) :
    CheckInRefusedException("DUTY_NOT_FOUND", "no duty $dutyId for crew $crewId")

class CheckInNotOpenException(opens: Instant) :
    CheckInRefusedException("CHECKIN_NOT_OPEN", "check-in opens at $opens")

class FdpLimitExceededException(fdp: FdpCheck) : CheckInRefusedException(
    "FDP_LIMIT_EXCEEDED",
    "planned FDP ${hhmm(fdp.planned)} exceeds max daily FDP ${hhmm(fdp.max)} (reference time ${fdp.reference}, ${fdp.sectors} sectors)",
)

private fun hhmm(d: Duration) = "%d:%02d".format(d.toHours(), d.toMinutesPart())
"""

CONTROLLER_KT = """package no.skarvik.crewlink.checkin

import no.skarvik.crewlink.security.CrewPrincipal
import org.springframework.http.HttpStatus
import org.springframework.security.core.annotation.AuthenticationPrincipal
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.ResponseStatus
import org.springframework.web.bind.annotation.RestController
import java.time.Clock

@RestController
@RequestMapping("/api/v2/duties")
class CheckInController(private val service: CheckInService, private val clock: Clock) {

    @PostMapping("/{dutyId}/check-in")
    @ResponseStatus(HttpStatus.CREATED)
    fun checkIn(@PathVariable dutyId: String, @AuthenticationPrincipal crew: CrewPrincipal): CheckIn =
        service.checkIn(crew.id, dutyId, clock.instant())
}
"""

ADVICE_KT = """package no.skarvik.crewlink.checkin

import org.slf4j.LoggerFactory
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.RestControllerAdvice

data class ApiError(val code: String, val message: String?)

@RestControllerAdvice
class CheckInAdvice {
    private val log = LoggerFactory.getLogger(javaClass)

    @ExceptionHandler(CheckInRefusedException::class)
    fun refused(ex: CheckInRefusedException): ResponseEntity<ApiError> {
        log.info("check-in refused: {}", ex.code)
        return ResponseEntity.unprocessableEntity().body(ApiError(ex.code, ex.message))
    }
}
"""

MVT_LISTENER_KT = """package no.skarvik.crewlink.movements

import org.slf4j.LoggerFactory
import org.springframework.context.annotation.Profile
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component

@Component
@Profile("movements")
class MovementListener(private val parser: MvtParser, private val legs: LegService) {
    private val log = LoggerFactory.getLogger(javaClass)

    @KafkaListener(topics = ["\\${crewlink.movements.topic}"], groupId = "crewlink-movements")
    fun onMessage(raw: String) {
        val mvt = parser.parse(raw) ?: return log.warn("MVT not parsed, skipped: {}", raw.replace('\\n', ' '))
        legs.apply(mvt)
    }
}
"""

APPLICATION_YML = """spring:
  application:
    name: crewlink-api
  datasource:
    url: jdbc:oracle:thin:@//crwp1-scan.ops.skarvik.no:1521/CRWP1_APP
    hikari:
      maximum-pool-size: 20
  kafka:
    bootstrap-servers: opsbus-kafka-0.opsbus:9093,opsbus-kafka-1.opsbus:9093,opsbus-kafka-2.opsbus:9093
    consumer:
      auto-offset-reset: latest
crewlink:
  checkin:
    open-before-report: 90m
    fdp-warning-margin: ${CREWLINK_FDP_WARNING_MARGIN:30m}
  movements:
    topic: ops.mvt.v1
  aims:
    sync-interval: 2m
"""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: crewlink-api
data:
  SPRING_PROFILES_ACTIVE: "prod"
  CREWLINK_FDP_WARNING_MARGIN: "30m"
  JAVA_TOOL_OPTIONS: "-XX:MaxRAMPercentage=75 -Duser.timezone=UTC"
"""


def deployment(name, profile, replicas):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
      annotations:
        checksum/config: "{{{{ configmap-hash }}}}"
    spec:
      containers:
        - name: {name}
          image: registry.skarvik.no/crew/crewlink:latest
          args: ["--spring.profiles.include={profile}"]
          envFrom:
            - configMapRef:
                name: crewlink-api
          resources:
            requests: {{cpu: 500m, memory: 1Gi}}
            limits: {{memory: 1Gi}}
"""


def build_repo():
    henrik = Person("Henrik Aasen", "henrik.aasen@skarvik.no", 60)
    ingrid = Person("Ingrid Lunde", "ingrid.lunde@skarvik.no", 60)
    jonas = Person("Jonas Berg", "jonas.berg@skarvik.no", 60)
    aditya = Person("Aditya Kulkarni", "aditya.kulkarni@skarvik.no", 330)
    sneha = Person("Sneha Patil", "sneha.patil@skarvik.no", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("crewlink", "Crew check-in and duty legality for the crew app, and the MVT consumer that keeps\nsectors' estimated and actual times (crewlink-movements).", "./gradlew bootRun --args='--spring.profiles.active=local'"),
        "docs/runbook.md": runbook("crewlink", [
            ("CheckInRefusalsHigh", "Look at the refusal reasons in crewlink-api's log. Crew control can check crews in\nin AIMS; the import shows up here within two minutes."),
            ("MovementsLag", "crewlink-movements is behind on ops.mvt.v1: check its pods, then the ops bus."),
        ]),
        "settings.gradle.kts": 'rootProject.name = "crewlink"\n',
        "build.gradle.kts": 'plugins {\n    kotlin("jvm") version "2.0.21"\n    kotlin("plugin.spring") version "2.0.21"\n    id("org.springframework.boot") version "3.3.5"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    implementation("org.springframework.boot:spring-boot-starter-data-jdbc")\n    implementation("org.springframework.kafka:spring-kafka:3.2.4")\n    implementation("net.logstash.logback:logstash-logback-encoder:8.0")\n    runtimeOnly("com.oracle.database.jdbc:ojdbc11:23.5.0.24.07")\n    testImplementation("org.springframework.boot:spring-boot-starter-test")\n}\n',
        f"src/main/kotlin/{PKG}/ftl/FdpLimits.kt": FDP_LIMITS_KT,
        f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt": FTL_CALCULATOR_KT,
        f"src/main/kotlin/{PKG}/checkin/CheckInService.kt": CHECKIN_SERVICE_KT,
        f"src/main/kotlin/{PKG}/checkin/CheckInExceptions.kt": EXCEPTIONS_KT,
        f"src/main/kotlin/{PKG}/checkin/CheckInController.kt": CONTROLLER_KT,
        f"src/main/kotlin/{PKG}/checkin/CheckInAdvice.kt": ADVICE_KT,
        f"src/main/kotlin/{PKG}/movements/MovementListener.kt": MVT_LISTENER_KT,
        f"src/test/kotlin/{PKG}/ftl/FtlCalculatorTest.kt": FTL_TEST_KT,
        "src/main/resources/application.yml": APPLICATION_YML,
        "k8s/configmap.yaml": CONFIGMAP,
        "k8s/deployments.yaml": deployment("crewlink-api", "api", 3) + "---\n" + deployment("crewlink-movements", "movements", 2),
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with: {distribution: temurin, java-version: '21'}\n      - run: ./gradlew build\n",
    }
    repo.commit(utc("2026-02-02 09:10:00"), henrik, "crewlink: check-in with FTL checks, and the MVT consumer", files)
    repo.schedule(chores(random.Random(29101), "crewlink", [henrik, ingrid, jonas, sneha], utc("2026-02-02 09:10:00"), utc("2026-02-06 12:00:00"), 3))
    repo.commit(utc("2026-02-04 13:20:00"), ingrid, "movements: MVT EA/ED estimates move the duty's planned on-block (CREW-1131)", {
        f"src/main/kotlin/{PKG}/movements/MovementListener.kt": repo.edit(f"src/main/kotlin/{PKG}/movements/MovementListener.kt", "        legs.apply(mvt)\n",
                                                                       "        legs.apply(mvt)\n        if (mvt.estimates.isNotEmpty()) legs.updateDutyEstimates(mvt)\n"),
    })
    old_release = repo.commit(utc("2026-02-05 10:45:00"), sneha, "checkin: CHECKIN_NOT_OPEN answer says when check-in opens", {
        f"src/main/kotlin/{PKG}/checkin/CheckInExceptions.kt": repo.edit(f"src/main/kotlin/{PKG}/checkin/CheckInExceptions.kt", '"check-in opens at $opens"', '"check-in opens at $opens (90 minutes before report)"'),
    })
    repo.commit(utc("2026-02-06 14:02:00"), bot, "Bump org.springframework.kafka:spring-kafka from 3.2.4 to 3.2.5", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "spring-kafka:3.2.4", "spring-kafka:3.2.5"),
    })
    repo.commit(utc("2026-02-09 08:25:00"), ingrid, "checkin: log refusals with reason, crew, duty and details (CREW-1150)\n\nCrew control asks us why a crew member was refused and the log only had\nthe code. Log the message (planned and max FDP, reference time, sectors)\nwith the exception at WARN.", {
        f"src/main/kotlin/{PKG}/checkin/CheckInAdvice.kt": repo.edit(f"src/main/kotlin/{PKG}/checkin/CheckInAdvice.kt",
            '    fun refused(ex: CheckInRefusedException): ResponseEntity<ApiError> {\n        log.info("check-in refused: {}", ex.code)\n',
            '    fun refused(ex: CheckInRefusedException, request: HttpServletRequest): ResponseEntity<ApiError> {\n        log.warn(\n            "Check-in refused [{}] crew={} duty={}: {}",\n            ex.code, request.getAttribute(CREW_ID), request.getAttribute(DUTY_ID), ex.message, ex,\n        )\n').replace(
            "import org.slf4j.LoggerFactory\n", "import jakarta.servlet.http.HttpServletRequest\nimport org.slf4j.LoggerFactory\n"),
        f"src/main/kotlin/{PKG}/checkin/CheckInController.kt": repo.edit(f"src/main/kotlin/{PKG}/checkin/CheckInController.kt",
            "    fun checkIn(@PathVariable dutyId: String, @AuthenticationPrincipal crew: CrewPrincipal): CheckIn =\n        service.checkIn(crew.id, dutyId, clock.instant())\n",
            "    fun checkIn(@PathVariable dutyId: String, @AuthenticationPrincipal crew: CrewPrincipal, request: HttpServletRequest): CheckIn {\n        request.setAttribute(CREW_ID, crew.id)\n        request.setAttribute(DUTY_ID, dutyId)\n        return service.checkIn(crew.id, dutyId, clock.instant())\n    }\n\n    companion object {\n        const val CREW_ID = \"crewlink.crewId\"\n        const val DUTY_ID = \"crewlink.dutyId\"\n    }\n").replace(
            "import no.skarvik.crewlink.security.CrewPrincipal\n", "import jakarta.servlet.http.HttpServletRequest\nimport no.skarvik.crewlink.security.CrewPrincipal\n"),
    })
    repo.commit(utc("2026-02-09 09:40:00"), jonas, "docs: the FTL checks at check-in", {
        "docs/ftl.md": "# FTL checks at check-in\n\nAt check-in crewlink compares the duty's planned FDP (report to on-blocks\nof the last sector, with the latest MVT estimate) with the maximum daily\nFDP of EASA ORO.FTL.205 table 2, by reference time and number of sectors.\nA refused check-in answers 422 FDP_LIMIT_EXCEEDED; crew control decides\n(extension, commander's discretion, standby) and checks the crew in from\nAIMS.\n\nWithin `crewlink.checkin.fdp-warning-margin` of the maximum we log a\nwarning so crew control can plan ahead.\n",
    })
    culprit = repo.commit(utc("2026-02-09 12:48:00"), henrik, "ftl: UTC end to end, drop the home-base ZoneId (CREW-1142)\n\nRoster times have been UTC Instants since the AIMS feed migration and\nthe ZoneId lookup per check-in was the last place that still converted\n(it cost a crew lookup per check-in and gave us the DST test that fails\non agents with another default zone). FdpCheck takes the report time\nas given.", {
        f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt": repo.edit(f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt",
            '    /** The reference time: local time at the crew member\'s home base when the FDP starts. */\n    fun referenceTime(report: Instant, homeBase: ZoneId): LocalTime =\n        report.atZone(homeBase).toLocalTime()\n',
            '    /** The reference time: time of day when the FDP starts (roster times are UTC). */\n    fun referenceTime(report: Instant): LocalTime =\n        report.atOffset(ZoneOffset.UTC).toLocalTime()\n').replace(
            "    fun check(duty: Duty, homeBase: ZoneId): FdpCheck {\n        val reference = referenceTime(duty.reportTime, homeBase)\n",
            "    fun check(duty: Duty): FdpCheck {\n        val reference = referenceTime(duty.reportTime)\n").replace(
            "import java.time.ZoneId\n", "import java.time.ZoneOffset\n"),
        f"src/main/kotlin/{PKG}/checkin/CheckInService.kt": repo.edit(f"src/main/kotlin/{PKG}/checkin/CheckInService.kt",
            "        val member = crews.getById(crewId)\n        val fdp = ftl.check(duty, member.homeBase.zone)\n", "        val fdp = ftl.check(duty)\n").replace(
            "    private val crews: CrewRepository,\n", "").replace("import no.skarvik.crewlink.crew.CrewRepository\n", ""),
        f"src/test/kotlin/{PKG}/ftl/FtlCalculatorTest.kt": None,
    })
    repo.commit(utc("2026-02-09 13:35:00"), bot, "Bump com.oracle.database.jdbc:ojdbc11 from 23.5.0.24.07 to 23.6.0.24.10", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "ojdbc11:23.5.0.24.07", "ojdbc11:23.6.0.24.10"),
    })
    repo.commit(utc("2026-02-09 14:12:00"), ingrid, "ftl: FdpCheck.margin(), used by the warning line", {
        f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt": repo.edit(f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt",
            "    val exceeded: Boolean get() = planned > max\n", "    val exceeded: Boolean get() = planned > max\n\n    fun margin(): Duration = max.minus(planned)\n"),
        f"src/main/kotlin/{PKG}/checkin/CheckInService.kt": repo.edit(f"src/main/kotlin/{PKG}/checkin/CheckInService.kt",
            "        if (fdp.max.minus(fdp.planned) < props.fdpWarningMargin) {\n", "        if (fdp.margin() < props.fdpWarningMargin) {\n"),
    })
    repo.commit(utc("2026-02-09 15:20:00"), sneha, "test: FdpLimits bands and sector reductions (CREW-1142)", {
        f"src/test/kotlin/{PKG}/ftl/FdpLimitsTest.kt": "package no.skarvik.crewlink.ftl\n\nimport org.junit.jupiter.api.Assertions.assertEquals\nimport org.junit.jupiter.api.Test\nimport java.time.Duration\nimport java.time.LocalTime\n\nclass FdpLimitsTest {\n    @Test\n    fun `table 2 bands`() {\n        assertEquals(Duration.ofHours(13), FdpLimits.maxDailyFdp(LocalTime.of(6, 0), 2))\n        assertEquals(Duration.ofMinutes(750), FdpLimits.maxDailyFdp(LocalTime.of(5, 40), 1))\n        assertEquals(Duration.ofHours(11), FdpLimits.maxDailyFdp(LocalTime.of(4, 59), 2))\n        assertEquals(Duration.ofHours(11), FdpLimits.maxDailyFdp(LocalTime.of(23, 0), 2))\n    }\n\n    @Test\n    fun `30 minutes less per sector over two, never under 9 hours`() {\n        assertEquals(Duration.ofHours(12), FdpLimits.maxDailyFdp(LocalTime.of(8, 0), 4))\n        assertEquals(Duration.ofHours(9), FdpLimits.maxDailyFdp(LocalTime.of(2, 0), 8))\n    }\n}\n",
    })
    head1 = repo.commit(utc("2026-02-09 16:30:00"), jonas, "ci: cache Gradle dependencies", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: ./gradlew build\n", "      - uses: gradle/actions/setup-gradle@v4\n      - run: ./gradlew build\n"),
    })
    deployed_files = dict(repo.files)
    head2 = repo.commit(utc("2026-02-10 03:29:00"), aditya, "config: FDP warning margin 45 minutes (CREW-1157)\n\nCrew control wants the heads-up earlier for long duties.", {
        "k8s/configmap.yaml": repo.edit("k8s/configmap.yaml", 'CREWLINK_FDP_WARNING_MARGIN: "30m"', 'CREWLINK_FDP_WARNING_MARGIN: "45m"'),
    })
    return repo, culprit, old_release, head1, head2, deployed_files


# ---------------------------------------------------------------------------
# the FTL rule, as the table says


def max_fdp(reference_minutes, sectors):
    bands = [(300, 720), (315, 735), (330, 750), (345, 765), (360, 780), (810, 765), (840, 750), (870, 735),
             (900, 720), (930, 705), (960, 690), (990, 675), (1020, 660)]
    base = 660
    for start, limit in bands:
        if reference_minutes >= start:
            base = limit
    return max(540, base - 30 * max(0, min(sectors, 10) - 2))


def hhmm(minutes):
    return f"{minutes // 60}:{minutes % 60:02d}"


def iso_duration(minutes):
    h, m = divmod(minutes, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m or not h else "")


BASES = [("OSL", 0.5), ("BGO", 0.2), ("TRD", 0.14), ("SVG", 0.1), ("TOS", 0.06)]
DESTS = {"OSL": ["BGO", "TRD", "SVG", "TOS", "BOO", "AES", "KRS", "EVE"], "BGO": ["OSL", "TRD", "SVG", "AES", "KRS"],
         "TRD": ["OSL", "BGO", "BOO", "TOS", "MOL"], "SVG": ["OSL", "BGO", "TRD", "KRS"], "TOS": ["OSL", "BOO", "ALF", "LYR", "TRD"]}


def version_at(t):
    """0: last Thursday's release (no culprit, old refusal line); 1: Monday evening's."""
    return 1 if DEPLOY1 + dt.timedelta(seconds=25) <= t < ROLLBACK2 + dt.timedelta(seconds=40) else 0


def margin_at(t):
    return 45 if DECOY_SYNC + dt.timedelta(seconds=30) <= t < ROLLBACK1 + dt.timedelta(seconds=30) else 30


def make_duties(rng):
    duties = []
    used = set()

    def new_duty(report, base, sectors, planned, fleet, flight=None, delay=0, legit_over=False, dest=None):
        while True:
            pairing = rng.randint(4100, 4899)
            if pairing not in used:
                used.add(pairing)
                break
        n_cabin = 3 if fleet == "738" else 1
        crew = [(rng.randint(30000, 49999), "CPT"), (rng.randint(30000, 49999), "FO"), (rng.randint(30000, 49999), "SCC" if fleet == "738" else "CC")]
        crew += [(rng.randint(30000, 49999), "CC") for _ in range(n_cabin - 1)]
        first_dep = report + dt.timedelta(minutes=60 if fleet == "738" else 45)
        if flight is None:
            flight = f"ZK{rng.randint(200, 899)}"
        reg = "LNZK" + rng.choice("ABCDEFGHJKLMNPRS") if fleet == "738" else "LNWD" + rng.choice("ABCDEFGHJKLMNP")
        duties.append({"id": f"P{pairing}-{(report + CET).strftime('%m%d')}", "report": report, "base": base, "sectors": sectors,
                       "planned": planned, "fleet": fleet, "crew": crew, "flight": flight, "reg": reg, "dep": first_dep, "delay": delay,
                       "dest": dest or rng.choice(DESTS[base]), "legit_over": legit_over})

    def random_duty(report):
        base = weighted_pick(rng, BASES)
        sectors = rng.choices([2, 3, 4, 5, 6], [30, 15, 38, 12, 5])[0]
        fleet = "Q400" if sectors >= 4 and rng.random() < 0.6 else "738"
        lo, hi = {2: (270, 450), 3: (420, 570), 4: (520, 670), 5: (570, 680), 6: (600, 690)}[sectors]
        planned = rng.randint(lo, hi)
        ref_local = ((report + CET).hour * 60 + (report + CET).minute)
        legal = max_fdp(ref_local, sectors)
        if planned > legal - 5:
            planned = legal - rng.randint(5, 40)
        new_duty(report, base, sectors, planned, fleet)

    # evening: reports 19:30-21:20 UTC, light night, then the morning bank
    for t in poisson_times(rng, START - dt.timedelta(minutes=10), utc("2026-02-09 21:20:00"), 0.09):
        random_duty(t.replace(second=0, microsecond=0) - dt.timedelta(minutes=t.minute % 5))
    # the LPA night charter: delayed inbound, over the limit with the estimate (a real refusal)
    new_duty(utc("2026-02-09 21:15:00"), "OSL", 2, 635, "738", flight="ZK7811", delay=50, legit_over=True, dest="LPA")
    new_duty(utc("2026-02-09 23:40:00"), "OSL", 2, 300, "738", flight="ZK7901")
    new_duty(utc("2026-02-10 02:50:00"), "TOS", 2, 320, "Q400", flight="ZK9401")
    new_duty(utc("2026-02-10 03:35:00"), "OSL", 3, 560, "738")
    new_duty(utc("2026-02-10 03:45:00"), "BGO", 4, 590, "Q400")
    # the first one the bug refuses: TRD, 05:05 local, four sectors, 10:20 planned (legal: 11:00)
    new_duty(utc("2026-02-10 04:05:00"), "TRD", 4, 620, "Q400", flight="ZK612")
    # BGO, 05:40 local, four sectors, 10:40 planned (legal: 11:30); its crew check in after the first rollback
    new_duty(utc("2026-02-10 04:40:00"), "BGO", 4, 640, "738", flight="ZK422")
    for t in poisson_times(rng, utc("2026-02-10 04:10:00"), utc("2026-02-10 06:25:00"), 0.36):
        random_duty(t.replace(second=0, microsecond=0) - dt.timedelta(minutes=t.minute % 5))
    return sorted(duties, key=lambda d: d["report"])


def weighted_pick(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


# ---------------------------------------------------------------------------
# logs


def spring(t, level, thread, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {level:>5} 1 --- [crewlink-api] [{thread[-15:]:>15}] {logger:<40} : {msg}"


def iso(t):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z"


def line_of(text, needle):
    return text.splitlines().index(needle) + 1


def build_logs(rng, repo, culprit, old_release, head1, head2, deployed):
    app, mov, ora, gw, chat = Log("crewlink-api.log"), Log("crewlink-movements.log"), Log("alert_CRWP1.log"), Log("crew-app-gateway.log"), Log("chat.log")
    svc_file = deployed[f"src/main/kotlin/{PKG}/checkin/CheckInService.kt"]
    ctl_file = deployed[f"src/main/kotlin/{PKG}/checkin/CheckInController.kt"]
    svc_line = line_of(svc_file, "        if (fdp.exceeded) throw FdpLimitExceededException(fdp)")
    svc_open_line = line_of(svc_file, "        if (now.isBefore(opens)) throw CheckInNotOpenException(opens)")
    ctl_line = line_of(ctl_file, "        return service.checkIn(crew.id, dutyId, clock.instant())")
    refused_at = []
    stats = {"refused": [], "ok": []}

    # --- pods and their start lines
    def start_pod(t, pod, sha, tag):
        thread = "main"
        app.add(t, spring(t, "INFO", thread, "n.s.crewlink.CrewlinkApplicationKt", f"Starting CrewlinkApplicationKt v{tag} using Java 21.0.5 with PID 1 (/app/crewlink.jar started by crewlink in /app)"))
        app.add(t + dt.timedelta(milliseconds=12), spring(t + dt.timedelta(milliseconds=12), "INFO", thread, "n.s.crewlink.CrewlinkApplicationKt", 'The following 2 profiles are active: "prod", "api"'))
        t2 = t + dt.timedelta(seconds=rng.uniform(6.5, 8.5))
        app.add(t2, spring(t2, "INFO", thread, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."))
        t3 = t2 + dt.timedelta(seconds=rng.uniform(2.0, 3.0))
        app.add(t3, spring(t3, "INFO", thread, "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'"))
        app.add(t3 + dt.timedelta(milliseconds=30), spring(t3 + dt.timedelta(milliseconds=30), "INFO", thread, "n.s.crewlink.CrewlinkApplicationKt", f"Started CrewlinkApplicationKt in {(t3 - t).total_seconds() + 1.2:.3f} seconds (process running for {(t3 - t).total_seconds() + 2.1:.3f})"))
        app.add(t3 + dt.timedelta(milliseconds=34), spring(t3 + dt.timedelta(milliseconds=34), "INFO", thread, "no.skarvik.crewlink.BuildInfoLogger", f"crewlink {tag} git={sha[:7]} pod={pod}"))

    def stop_pod(t):
        app.add(t, spring(t, "INFO", "ionShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"))
        app.add(t + dt.timedelta(milliseconds=140), spring(t + dt.timedelta(milliseconds=140), "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete"))
        app.add(t + dt.timedelta(milliseconds=190), spring(t + dt.timedelta(milliseconds=190), "INFO", "ionShutdownHook", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Shutdown completed."))

    def mjson(t, level, logger, thread, msg, **fields):
        body = {"@timestamp": iso(t), "@version": "1", "message": msg, "logger_name": logger, "thread_name": thread,
                "level": level, "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level]}
        body.update(fields)
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    def movements_start(t, sha, tag, pod, k):
        mov.add(t, mjson(t, "INFO", "no.skarvik.crewlink.CrewlinkApplicationKt", "main", f"Started CrewlinkApplicationKt in {rng.uniform(9, 12):.3f} seconds (process running for {rng.uniform(10, 13):.3f})", pod=pod))
        mov.add(t + dt.timedelta(milliseconds=5), mjson(t + dt.timedelta(milliseconds=5), "INFO", "no.skarvik.crewlink.BuildInfoLogger", "main", f"crewlink {tag} git={sha[:7]} pod={pod}", pod=pod))
        parts = ", ".join(f"ops.mvt.v1-{p}" for p in range(3 * k, 3 * k + 3))
        mov.add(t + dt.timedelta(seconds=3.2), mjson(t + dt.timedelta(seconds=3.2), "INFO", "org.springframework.kafka.listener.KafkaMessageListenerContainer", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
                                                   f"crewlink-movements: partitions assigned: [{parts}]", pod=pod))

    def pod_name(prefix, rs):
        return f"{prefix}-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"

    mov_pods = [pod_name("crewlink-movements", "7f6d5b8c49") for _ in range(2)]
    releases = [
        (DEPLOY1, head1, "2026.02.09.2", "7d4c8b6f95", "58c7d9f4b6"),
        (DECOY_SYNC, head2, "2026.02.09.2", "5f9b2d7c81", None),
        (ROLLBACK1, head1, "2026.02.09.2", "7d4c8b6f95", None),
        (ROLLBACK2, old_release, "2026.02.05.1", "6b8f7c9d54", "7f6d5b8c49"),
    ]
    for when, sha, tag, rs, mov_rs in releases:
        for k in range(3):
            tk = when + dt.timedelta(seconds=22 * k)
            stop_pod(tk + dt.timedelta(seconds=rng.uniform(14, 17)))
            start_pod(tk + dt.timedelta(seconds=rng.uniform(1, 3)), pod_name("crewlink-api", rs), sha, tag)
        if mov_rs:
            for k in range(2):
                tk = when + dt.timedelta(seconds=70 + 25 * k)
                mov.add(tk - dt.timedelta(seconds=1), mjson(tk - dt.timedelta(seconds=1), "INFO", "org.springframework.kafka.listener.KafkaMessageListenerContainer", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1", "crewlink-movements: Consumer stopped", pod=mov_pods[k]))
                mov_pods[k] = pod_name("crewlink-movements", mov_rs)
                movements_start(tk + dt.timedelta(seconds=11), sha, tag, mov_pods[k], k)

    # --- duties and check-ins
    duties = make_duties(rng)
    checked = {}
    overrides = []
    ckthreads = [f"http-nio-8080-exec-{n}" for n in range(1, 11)]

    def crew_ip():
        return rng.choice([ip(rng, "10.91"), f"77.16.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"46.9.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def ua():
        return rng.choice(["SkarvikCrew/4.12.1 (iOS 17.3; iPad13,18)", "SkarvikCrew/4.12.1 (iOS 17.2; iPhone15,2)", "SkarvikCrew/4.12.0 (Android 14; SM-X710)", "SkarvikCrew/4.12.1 (Android 13; Pixel 7)"])

    def attempt(t, duty, crew_id, role, client, agent):
        """One POST check-in; returns True when it went through or the crew gave up to crew control."""
        v = version_at(t)
        report = duty["report"]
        thread = rng.choice(ckthreads)
        path = f"/api/v2/duties/{duty['id']}/check-in"
        took = ms(rng, 45, 0.4) / 1000
        if t < report - dt.timedelta(minutes=90):
            code, msg = "CHECKIN_NOT_OPEN", f"check-in opens at {(report - dt.timedelta(minutes=90)).strftime('%Y-%m-%dT%H:%M:%SZ')} (90 minutes before report)"
            refuse(t, v, thread, code, msg, crew_id, duty, svc_open_line, "CheckInNotOpenException")
            gw.add(t + dt.timedelta(seconds=took), nginx_access(t + dt.timedelta(seconds=took), client, "POST", path, 422, 118, took, agent, upstream_rt=took - 0.001))
            return False
        planned = duty["planned"] + duty["delay"]
        local = report + CET
        ref = local if v == 0 else report
        ref_min = ref.hour * 60 + ref.minute
        limit = max_fdp(ref_min, duty["sectors"])
        if planned > limit:
            msg = f"planned FDP {hhmm(planned)} exceeds max daily FDP {hhmm(limit)} (reference time {ref.strftime('%H:%M')}, {duty['sectors']} sectors)"
            refuse(t, v, thread, "FDP_LIMIT_EXCEEDED", msg, crew_id, duty, svc_line, "FdpLimitExceededException")
            gw.add(t + dt.timedelta(seconds=took), nginx_access(t + dt.timedelta(seconds=took), client, "POST", path, 422, 164, took, agent, upstream_rt=took - 0.001))
            stats["refused"].append(t)
            if not duty["legit_over"]:
                refused_at.append(t)
            return False
        margin = margin_at(t)
        if limit - planned < margin:
            app.add(t, spring(t, "WARN", thread, "n.s.crewlink.checkin.CheckInService",
                              f"Planned FDP within {iso_duration(margin)} of the maximum crew={crew_id} duty={duty['id']} planned={iso_duration(planned)} max={iso_duration(limit)}"))
        app.add(t + dt.timedelta(milliseconds=8), spring(t + dt.timedelta(milliseconds=8), "INFO", thread, "n.s.crewlink.checkin.CheckInService",
                                                         f"Checked in crew={crew_id} duty={duty['id']} role={role} base={duty['base']}"))
        gw.add(t + dt.timedelta(seconds=took), nginx_access(t + dt.timedelta(seconds=took), client, "POST", path, 201, 212, took, agent, upstream_rt=took - 0.001))
        stats["ok"].append(t)
        return True

    def refuse(t, v, thread, code, msg, crew_id, duty, line, exc):
        if v == 1:
            head = spring(t, "WARN", thread, "n.s.crewlink.checkin.CheckInAdvice", f"Check-in refused [{code}] crew={crew_id} duty={duty['id']}: {msg}")
            trace = "\n".join([
                f"no.skarvik.crewlink.checkin.{exc}: {msg}",
                f"\tat no.skarvik.crewlink.checkin.CheckInService.checkIn(CheckInService.kt:{line})",
                "\tat no.skarvik.crewlink.checkin.CheckInService$$SpringCGLIB$$0.checkIn(<generated>)",
                f"\tat no.skarvik.crewlink.checkin.CheckInController.checkIn(CheckInController.kt:{ctl_line})",
                "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
                "\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)",
                "\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
                "\tat org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)",
                "\tat org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
                "\tat org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
                "\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
                "\tat org.springframework.web.servlet.FrameworkServlet.doPost(FrameworkServlet.java:914)",
                "\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)",
                "\tat org.springframework.security.web.FilterChainProxy.doFilterInternal(FilterChainProxy.java:233)",
                "\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
                "\tat org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:399)",
                "\tat org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1769)",
                "\tat org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1190)",
                "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
            ])
            app.add(t, head + "\n" + trace)
        else:
            app.add(t, spring(t, "INFO", thread, "n.s.crewlink.checkin.CheckInAdvice", f"check-in refused: {code}"))

    for duty in duties:
        for crew_id, role in duty["crew"]:
            r = rng.random()
            if r < 0.72:
                lead = rng.uniform(2, 25)
            elif r < 0.9:
                lead = rng.uniform(25, 55)
            elif r < 0.93:
                lead = rng.uniform(92, 110)  # taps too early
            else:
                lead = -rng.uniform(0, 6)
            t = duty["report"] - dt.timedelta(minutes=lead)
            if duty["report"] >= utc("2026-02-10 04:00:00") and lead < 90:
                # early duties: crew rooms fill from about an hour before the first reports
                t = max(t, utc("2026-02-10 03:58:41") + dt.timedelta(seconds=rng.uniform(5, 600)))
            if duty["flight"] == "ZK612" and role == "CPT":
                t = utc("2026-02-10 03:58:41") + dt.timedelta(microseconds=377412)
            if duty["flight"] == "ZK422":
                t = utc("2026-02-10 04:30:50") + dt.timedelta(seconds=rng.uniform(0, 300))
            if duty["legit_over"]:
                t = utc("2026-02-09 20:52:40") + dt.timedelta(seconds=rng.uniform(0, 660))
            if not START < t < END:
                continue
            client, agent = crew_ip(), ua()
            tg = t - dt.timedelta(seconds=rng.uniform(4, 20))
            gw.add(tg, nginx_access(tg, client, "GET", f"/api/v2/duties/{duty['id']}", 200, rng.randint(1800, 4200), 0.031, agent, upstream_rt=0.030))
            tries = 0
            while t < END:
                tries += 1
                if attempt(t, duty, crew_id, role, client, agent):
                    break
                if tries == 1 and t < duty["report"] - dt.timedelta(minutes=90):
                    t = duty["report"] - dt.timedelta(minutes=rng.uniform(10, 40))
                    continue
                if tries >= rng.choice([2, 2, 3]):
                    overrides.append((t + dt.timedelta(minutes=rng.uniform(3, 9)), duty, crew_id))
                    break
                t = t + dt.timedelta(seconds=rng.uniform(20, 140))

    # --- AIMS sync: roster import, crew control's manual check-ins
    t = START + dt.timedelta(seconds=41.3)
    overrides.sort(key=lambda o: o[0])
    oi = 0
    while t < END:
        took = rng.uniform(0.6, 2.4)
        done = t + dt.timedelta(seconds=took)
        batch = []
        while oi < len(overrides) and overrides[oi][0] <= t:
            batch.append(overrides[oi])
            oi += 1
        for _, duty, crew_id in batch:
            app.add(done, spring(done, "INFO", "scheduling-1", "no.skarvik.crewlink.aims.AimsRosterSync", f"Check-in imported from AIMS crew={crew_id} duty={duty['id']} source=CREW_CONTROL"))
        app.add(done + dt.timedelta(milliseconds=3), spring(done + dt.timedelta(milliseconds=3), "INFO", "scheduling-1", "no.skarvik.crewlink.aims.AimsRosterSync",
                                                            f"AIMS roster sync: {rng.randint(180, 260)} duties read, {rng.randint(0, 6) + len(batch)} changed in {took:.2f}s"))
        t += dt.timedelta(minutes=2)
    # the deadlock between an import and a crew member's retry
    deadlock = utc("2026-02-10 04:33:12") + dt.timedelta(microseconds=118204)
    app.add(deadlock + dt.timedelta(milliseconds=40), spring(deadlock + dt.timedelta(milliseconds=40), "ERROR", "scheduling-1", "no.skarvik.crewlink.aims.AimsRosterSync", "AIMS roster sync batch failed, retrying in 30s") + "\n" + "\n".join([
        "org.springframework.dao.CannotAcquireLockException: PreparedStatementCallback; SQL [UPDATE CREW_DUTY_MEMBER SET CHECKED_IN_AT = ?, CHECKIN_SOURCE = ? WHERE DUTY_ID = ? AND CREW_ID = ?]; ORA-00060: deadlock detected while waiting for resource",
        "\tat org.springframework.jdbc.support.SQLExceptionSubclassTranslator.doTranslate(SQLExceptionSubclassTranslator.java:78)",
        "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1549)",
        "\tat org.springframework.jdbc.core.JdbcTemplate.batchUpdate(JdbcTemplate.java:1083)",
        "\tat no.skarvik.crewlink.aims.AimsRosterSync.importCheckIns(AimsRosterSync.kt:88)",
        "\tat no.skarvik.crewlink.aims.AimsRosterSync.sync(AimsRosterSync.kt:41)",
        "Caused by: java.sql.SQLTransactionRollbackException: ORA-00060: deadlock detected while waiting for resource",
        "\tat oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:702)",
        "\tat oracle.jdbc.driver.OraclePreparedStatement.executeBatch(OraclePreparedStatement.java:9587)",
        "\t... 12 common frames omitted",
    ]))

    # --- everything else the crew app asks for
    def gw_rate(t):
        local_h = (t + CET).hour + (t + CET).minute / 60
        if 20.5 <= local_h < 23:
            return 7.0
        if local_h >= 23 or local_h < 3.5:
            return 1.3
        if local_h < 4.5:
            return 5.0
        return 19.0

    t = START
    while t < END:
        step_end = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, step_end, gw_rate(t)):
            client, agent = crew_ip(), ua()
            kind = rng.random()
            if kind < 0.45:
                path, size, lat = f"/api/v2/roster?from={(w + CET).strftime('%Y-%m-%d')}&days=7", rng.randint(9000, 26000), ms(rng, 70, 0.5)
            elif kind < 0.7:
                path, size, lat = "/api/v2/notifications?unread=true", rng.randint(90, 1400), ms(rng, 18, 0.4)
            elif kind < 0.85:
                path, size, lat = f"/api/v2/duties/P{rng.randint(4100, 4899)}-{(w + CET).strftime('%m%d')}", rng.randint(1800, 4200), ms(rng, 30, 0.4)
            elif kind < 0.95:
                path, size, lat = "/api/v2/devices/push-token", 0, ms(rng, 12, 0.3)
            else:
                path, size, lat = f"/api/v2/crew/{rng.randint(30000, 49999)}/documents", rng.randint(400, 3000), ms(rng, 40, 0.4)
            method = "PUT" if "push-token" in path else "GET"
            status = 204 if method == "PUT" else 200
            if rng.random() < 0.004:
                status, size = 401, 61
            gw.add(w, nginx_access(w, client, method, path, status, size, lat / 1000, agent, upstream_rt=max(0.001, lat / 1000 - 0.001)))
        t = step_end
    for w in poisson_times(rng, START, END, 0.5):
        gw.add(w, nginx_access(w, "10.91.0.12", "GET", "/actuator/health/readiness", 200, 20, 0.003, "kube-probe/1.29", upstream_rt=0.003))

    # --- app housekeeping
    for w in poisson_times(rng, START, END, 0.02):
        app.add(w, spring(w, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool", f"HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={rng.randint(61, 95)}s{rng.randint(100, 999)}ms{rng.randint(100, 999)}\u00b5s)."))
    for w in poisson_times(rng, START, END, 0.05):
        app.add(w, spring(w, "WARN", rng.choice(ckthreads), "o.s.w.s.m.s.DefaultHandlerExceptionResolver", "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method 'GET' is not supported]"))

    # --- movements: every sector of the duties, and the rest of the evening's network
    listener = "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1"
    flights = []
    for duty in duties:
        refused_crew = [o for o in overrides if o[1] is duty]
        extra, code = 0, None
        if refused_crew and not duty["legit_over"]:
            extra = rng.randint(6, 24)
            code = "63" if any(c in (duty["crew"][0][0], duty["crew"][1][0]) for _, _, c in refused_crew) else "66"
        elif duty["legit_over"]:
            extra, code = duty["delay"], "93"
        elif rng.random() < 0.25:
            extra = rng.randint(4, 18)
            code = rng.choice(["81", "87", "15", "33"])
        n = duty["sectors"]
        pre = 60 if duty["fleet"] == "738" else 45
        block = rng.randint(45, 95) if duty["fleet"] == "738" else rng.randint(35, 70)
        if n == 2 and duty["planned"] > 540:
            block = 270  # the Canaries
        turn = max(30, (duty["planned"] - pre - n * block) // max(1, n - 1))
        std, here, there = duty["dep"], duty["base"], duty["dest"]
        num = int(duty["flight"][2:])
        late = extra
        for i in range(n):
            flights.append((f"ZK{num + i}", duty["reg"], here, there, std, late, code if i == 0 else ("93" if late > 3 else None), block))
            std += dt.timedelta(minutes=block + turn)
            here, there = there, (duty["base"] if there != duty["base"] else duty["dest"])
            late = max(0, late - rng.randint(3, 12))
        if extra >= 10 and START < duty["dep"] < END:
            et = duty["dep"] - dt.timedelta(minutes=rng.uniform(3, 12)) if not duty["legit_over"] else utc("2026-02-09 20:52:30") + dt.timedelta(microseconds=617300)
            mov.add(et, mjson(et, "INFO", "no.skarvik.crewlink.movements.LegService", listener,
                              f"Duty estimates updated duty={duty['id']} sectors={n} on-block +{extra} min", flight=duty["flight"], station=duty["base"]))
    for w in poisson_times(rng, START - dt.timedelta(hours=2), utc("2026-02-09 22:10:00"), 0.25):
        base = weighted_pick(rng, BASES)
        flights.append((f"ZK{rng.randint(200, 899)}", "LNZK" + rng.choice("ABCDEFGHJKLMNPRS"), base, rng.choice(DESTS[base]), w, rng.choice([0, 0, 0, 3, 7, 12]), None, rng.randint(45, 100)))
    for flight, reg, frm, to, std, delay, code, block in flights:
        day = (std + CET).day
        off = std + dt.timedelta(minutes=delay + rng.uniform(-2, 2))
        air = off + dt.timedelta(minutes=rng.uniform(7, 14))
        ea = off + dt.timedelta(minutes=block - 4)
        if delay >= 15:
            edt = std - dt.timedelta(minutes=rng.uniform(5, 25))
            if START < edt < END:
                mov.add(edt, mjson(edt, "INFO", "no.skarvik.crewlink.movements.LegService", listener,
                                   f"Applied MVT ED {flight}/{day:02d} {reg} {frm} estimated off-block {(std + dt.timedelta(minutes=delay)).strftime('%H%M')}", flight=flight, station=frm))
        if START < off < END:
            dl = f" DL{code}/{delay // 60:02d}{delay % 60:02d}" if code and delay > 3 else ""
            recv = air + dt.timedelta(seconds=rng.uniform(20, 90))
            mov.add(recv, mjson(recv, "INFO", "no.skarvik.crewlink.movements.LegService", listener,
                                f"Applied MVT AD {flight}/{day:02d} {reg} {frm} off-block {off.strftime('%H%M')} airborne {air.strftime('%H%M')} EA {ea.strftime('%H%M')} {to}{dl}", flight=flight, station=frm))
        on = ea + dt.timedelta(minutes=rng.uniform(-4, 6))
        if START < on < END:
            recv = on + dt.timedelta(seconds=rng.uniform(30, 200))
            mov.add(recv, mjson(recv, "INFO", "no.skarvik.crewlink.movements.LegService", listener,
                                f"Applied MVT AA {flight}/{day:02d} {reg} {to} touchdown {(on - dt.timedelta(minutes=4)).strftime('%H%M')} on-block {on.strftime('%H%M')}", flight=flight, station=to))
    for w in poisson_times(rng, START, END, 0.025):
        mov.add(w, mjson(w, "WARN", "no.skarvik.crewlink.movements.MovementListener", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
                         f"MVT not parsed, skipped: MVT ZK{rng.randint(200, 899)}/{(w + CET).day:02d}.LNZK{rng.choice('ABCD')}.{rng.choice(['OSL', 'BGO', 'TRD'])} SI {rng.choice(['RTG PAX ON BOARD', 'TECH LOG ENTRY CLOSED', 'FUEL CHECK OK'])}"))
    for w in poisson_times(rng, START, END, 0.012):
        mov.add(w, mjson(w, "WARN", "no.skarvik.crewlink.movements.LegService", "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
                         f"No leg for MVT ZK{rng.randint(9200, 9299)}/{(w + CET).day:02d} (not in the crew roster), ignored"))

    # --- Oracle alert log
    def alert(t, body):
        t = t.astimezone(dt.timezone.utc)
        ora.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+00:00\n{body}")

    seq, scn = 48164, 91817264512
    t = START + dt.timedelta(minutes=7, microseconds=482211)
    while t < END:
        g = seq % 3 + 1
        scn += rng.randint(2_000_000, 9_000_000)
        alert(t, f"Thread 1 advanced to log sequence {seq} (LGWR switch),  current SCN: {scn}\n"
                 f"  Current log# {g} seq# {seq} mem# 0: +DATAC1/CRWP1/ONLINELOG/group_{g}.{260 + g}.1148212{300 + g}\n"
                 f"  Current log# {g} seq# {seq} mem# 1: +RECOC1/CRWP1/ONLINELOG/group_{g}.{256 + g}.1148212{310 + g}")
        alert(t + dt.timedelta(milliseconds=rng.randint(90, 400)), f"ARC{rng.randint(1, 3)} (PID:{rng.choice([28844, 28846, 28848])}): Archived Log entry {96431 + seq - 48164} added for T-1.S-{seq - 1} ID 0x7c1e2a44 LAD:1")
        seq += 1
        local_h = (t + CET).hour
        t += dt.timedelta(minutes=rng.uniform(12, 20) if 5 <= local_h < 22 else rng.uniform(35, 55))
    mw = utc("2026-02-09 21:00:00") + dt.timedelta(microseconds=4112)
    alert(mw, "Setting Resource Manager plan SCHEDULER[0x4D52]:DEFAULT_MAINTENANCE_PLAN via scheduler window\nSetting Resource Manager plan DEFAULT_MAINTENANCE_PLAN via parameter")
    alert(mw + dt.timedelta(seconds=312), "TABLE SYS.WRI$_OPTSTAT_HISTHEAD_HISTORY: ADDED INTERVAL PARTITION SYS_P21543 (46062) VALUES LESS THAN (TO_DATE(' 2026-02-11 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN'))")
    alert(mw + dt.timedelta(seconds=318), "TABLE SYS.WRI$_OPTSTAT_HISTGRM_HISTORY: ADDED INTERVAL PARTITION SYS_P21546 (46062) VALUES LESS THAN (TO_DATE(' 2026-02-11 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN'))")
    alert(utc("2026-02-10 01:00:00") + dt.timedelta(microseconds=3301), "Closing scheduler window\nRestoring Resource Manager plan DEFAULT_PLAN via scheduler window\nSetting Resource Manager plan DEFAULT_PLAN via parameter")
    rman = utc("2026-02-09 23:31:07") + dt.timedelta(microseconds=551022)
    alert(rman, "Control autobackup written to DISK device\n\nhandle '/zfssa/backup/CRWP1/c-3521984410-20260209-02'")
    alert(utc("2026-02-10 02:14:55") + dt.timedelta(microseconds=214311), "ORA-01555 caused by SQL statement below (SQL ID: 7xq2m1k9c3d0f, Query Duration=2710 sec, SCN: 0x0000001560a3b2c1):\nSELECT /*+ PARALLEL(4) */ H.CREW_ID, SUM(H.BLOCK_MINUTES), SUM(H.DUTY_MINUTES) FROM CREWLINK.DUTY_SECTOR_HIST H WHERE H.ON_BLOCK >= :B1 GROUP BY H.CREW_ID")
    alert(deadlock, "Errors in file /u01/app/oracle/diag/rdbms/crwp1/CRWP1/trace/CRWP1_ora_214477.trc:\nORA-00060: Deadlock detected. See Note 60.1 at My Oracle Support for Troubleshooting ORA-60 Errors. More info in file /u01/app/oracle/diag/rdbms/crwp1/CRWP1/trace/CRWP1_ora_214477.trc.")
    alert(utc("2026-02-10 05:21:40") + dt.timedelta(microseconds=77120), "Resize operation completed for file# 17, fname +DATAC1/CRWP1/DATAFILE/crewlink_data.281.1148212399, old size 31457280K, new size 31559680K")

    # --- chat
    def say(when, channel, who, text):
        t = utc(f"2026-02-{when}")
        chat.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} #{channel} <{who}> {text}")

    say("09 20:36:10", "crewlink", "Jonas Berg", f"evening release 2026.02.09.2 ({head1[:7]}) going out via Argo: refusal logging for crew control (CREW-1150), FTL clean-up (CREW-1142), ojdbc bump")
    say("09 20:44:55", "crewlink", "Jonas Berg", "2026.02.09.2 on all pods, check-ins fine, movements consuming")
    say("09 20:59:10", "ops-bridge", "Per Holm (Crew Control)", "ZK7811 LPA: crew refused at check-in, FDP over 11:00 with the ED after the late inbound. Commander agrees to discretion, checking them in from AIMS")
    say("09 21:09:02", "crewlink", "Jonas Berg", "nice, the new refusal line shows exactly why for ZK7811 (planned 11:25 vs 11:00)")
    say("10 03:28:40", "crewlink", "Aditya Kulkarni", "merging CREW-1157 (FDP warning margin 45m, configmap only), Argo will sync")
    say("10 03:33:15", "crewlink", "Aditya Kulkarni", "synced, api pods restarted with the new margin")
    say("10 04:09:30", "ops-bridge", "Marit Solberg (Crew Control)", "TRD crew for ZK612 refused at check-in: FDP limit exceeded. duty is 4 sectors 10:20, legal in AIMS. checking them in manually")
    say("10 04:16:05", "ops-bridge", "Marit Solberg (Crew Control)", "more of the same at OSL and BGO, all early 3-5 sector duties. phones are ringing. @crewlink on-call?")
    say("10 04:17:40", "crewlink", "alertmanager", "[FIRING:1] CrewlinkCheckInRefusalsHigh (reason=FDP_LIMIT_EXCEEDED)")
    say("10 04:20:25", "crewlink", "Jonas Berg", "on it. refusals started after the 03:31 sync of the FDP warning margin change (CREW-1157). rolling that back in Argo")
    say("10 04:28:50", "crewlink", "Jonas Berg", "rolled back to the 2026.02.09.2 revision, margin 30m again")
    say("10 04:36:20", "ops-bridge", "Marit Solberg (Crew Control)", "still refused. ZK422 BGO 05:40 report, 4 sectors, 10:40 planned")
    say("10 04:39:45", "crewlink", "Jonas Berg", "the exception says reference time 04:40 for a 05:40 report. that is UTC, not Oslo time. the limit is from the night band")
    say("10 04:43:10", "crewlink", "Henrik Aasen", "that's CREW-1142 from yesterday, it dropped the base zone. roll back to 2026.02.05.1, I'll fix it properly today")
    say("10 04:49:20", "crewlink", "Jonas Berg", "rolling back to 2026.02.05.1 (last Thursday)")
    say("10 04:55:30", "crewlink", "Jonas Berg", "2026.02.05.1 on all pods, check-ins going through")
    say("10 04:58:05", "ops-bridge", "Marit Solberg (Crew Control)", "confirmed, crews checking in normally. we did the refused ones by hand in AIMS")
    say("10 05:24:40", "ops-bridge", "Marit Solberg (Crew Control)", "summary: crews refused 04:00-04:50, manual check-ins in AIMS, a few departures 6-24 min late (DL63/66)")
    say("10 05:31:15", "crewlink", "Henrik Aasen", "fix: reference time back to the home base zone, with a test for a 05:40 Oslo report in winter and summer. CREW-1142 stays reverted until then")
    return [app, mov, ora, gw, chat], refused_at, stats


def build(out_dir):
    rng = random.Random(29100)
    repo, culprit, old_release, head1, head2, deployed = build_repo()
    try:
        logs, refused_at, stats = build_logs(rng, repo, culprit, old_release, head1, head2, deployed)
        onset = min(refused_at).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - DECOY_SYNC <= dt.timedelta(minutes=45), onset
        assert onset < utc("2026-02-10 04:09:30"), onset

        def rate(t):
            return sum(1 for x in stats["refused"] if t - dt.timedelta(minutes=5) < x <= t)

        def ok_rate(t):
            return sum(1 for x in stats["ok"] if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"crewlink_checkins_5m.json": query_range([
            ({"job": "crewlink-api", "outcome": "refused"}, rate),
            ({"job": "crewlink-api", "outcome": "checked_in"}, ok_rate),
        ], START, END, 60)}
        hours = (onset - utc("2026-02-09 12:48:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r29-fdp-reference-time-utc", service=SERVICE, onset=onset,
            description=f"""
Skarvik Air's crew cannot check in through the crew app for the first
departures of Tuesday 10 February: from {onset.strftime('%H:%M')} UTC ({(onset + CET).strftime('%H:%M')} in Norway)
crewlink-api refuses crews of early 3-5 sector duties with
FDP_LIMIT_EXCEEDED, although AIMS rostered them legally. Crew control
checks them in by hand; some departures leave late. crewlink was
released on Monday evening (20:41) and its config synced at 03:31; the
on-call rolled the config back at 04:27, then the release at 04:49.

Story: the 12:48 commit on Monday (CREW-1142) takes the FDP reference time
as the report time's UTC time of day instead of the local time at the
home base; from 05:00 local the morning reports fall in the night band
(17:00-04:59) of the FTL table and get a limit one hour shorter. Decoys:
the 03:31 FDP warning margin sync, the refusal-logging commit, a harmless
FtlCalculator.kt commit, an FDP table test, an ojdbc bump, docs, a
genuine FDP refusal on Monday evening.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[
                r"planned FDP .* exceeds max daily FDP",
            ],
            fix_files=[f"src/main/kotlin/{PKG}/ftl/FtlCalculator.kt", f"src/main/kotlin/{PKG}/checkin/CheckInService.kt"],
            explanation=f"""
The culprit is "ftl: UTC end to end, drop the home-base ZoneId (CREW-1142)"
(Monday 12:48 UTC, about {hours:.0f} hours before the onset), shipped by the
20:41 evening release whose start lines name the later CI commit
("ci: cache Gradle dependencies"). EASA's maximum daily FDP depends on
the reference time, the local time at the home base when the FDP starts;
the commit uses the report time's UTC time of day, an hour earlier in a
Norwegian winter. In the afternoon that only lengthens limits and at
night both fall in the 17:00-04:59 band, so nothing shows. From 05:00
Oslo time (04:00 UTC) the UTC reference is still in the night band: 11:00
instead of 12:00-13:00 (less 30 minutes a sector over two), and the first
crews of 3-5 sector duties planned close to their legal limit are refused
("planned FDP 10:20 exceeds max daily FDP 10:00 (reference time 04:05, 4
sectors)"; the reference time shown is UTC). The rollback to last
Thursday's release at 04:49 ends it. Fix: the reference time at the home
base's zone again (FtlCalculator.kt, and CheckInService.kt that passes
the zone).
Decoys: the FDP warning margin change (30m -> 45m) synced at 03:31, {(onset - DECOY_SYNC).total_seconds() // 60:.0f}
minutes before the onset, which shares FDP and maximum with the errors
and brings more "Planned FDP within ... of the maximum" warnings; its
rollback at 04:27 changes nothing; Monday morning's commit that logs every
refusal with its reason, crew, duty and the stack trace (the refusal
lines are new in that release); the harmless FdpCheck.margin() commit to
FtlCalculator.kt; the FDP table test; an ojdbc bump; the docs page; the
genuine refusal of the delayed LPA night charter on Monday evening with
the same words; the ORA-01555 of a night report and the ORA-00060 between
crew control's AIMS imports and a crew member's retry in the alert log.
""",
        )
    finally:
        repo.close()
