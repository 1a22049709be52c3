"""vehicle-commands (Kotlin, Ktor 2.3, Logback; three pods on EKS in
eu-central-1, synced by Argo CD from `main`; team in Vienna, Porto and
Bangalore) of Karvo, a free-floating car-sharing operator in Vienna. It
sends the app's commands (unlock, lock, honk and flash) to the cars'
telematics boxes (Telvanta CB-4) through telematics-bridge, the fleet
team's MQTT bridge. A box in standby keeps its MQTT session and sends a
heartbeat every 5 minutes. A box in deep sleep has its modem off; it wakes
once an hour for about 45 s to send a wake ping (battery voltage,
position) and otherwise only on a wake-up SMS. The box firmware puts a
parked car into deep sleep after 24 h without a rental, or at once when
the 12 V battery stays below 12.2 V (battery protection).

Until Tuesday, every unlock asked telematics-bridge whether the box's
session was connected and sent a wake-up SMS when it was not. CMD-318
(Tuesday 27 October, 13:52 UTC, in 3.13.0 synced on Wednesday) drops the
presence call (380 ms at p99) and treats a box "seen" in the last 15
minutes as online: fleet-state's last_seen_at, which every message
updates, the hourly wake ping of a sleeping box included. In the mild
week few cars sleep, and an unlock of a sleeping car in the quarter hour
after its ping is rare. On Friday 30 October the first frost (-4 C)
drops hundreds of older cars' batteries below 12.2 V overnight and their
boxes into deep sleep; at the morning commute about a quarter of the
unlocks of those cars come within 15 minutes of their last ping: "box
online (last seen 412s ago, last_msg=wake_ping), skipping wake-up SMS",
the bridge queues the command for the offline session, no ack comes and
the unlock fails with 504; the customers' retries fail alike, and the box
rejects the queued command as expired at its next ping.

Thursday's 3.14.0 (16:05 UTC) holds CMD-329 (ack timeout 30 s -> 20 s),
CMD-331 (the very "unlock command timed out" warning, with firmware,
signal and the last message), CMD-325 (rental id in the MDC, the
culprit's file) and a Ktor bump; a runbook commit says failed unlocks
after a cold night are flat 12 V batteries and asks for a jump start.
Field service drives out; the on-call rolls back to 3.13.0 at 06:02
(the failures go on with 3.13's "unlock failed: no ack from box" line);
the field technicians report that every car they reach has 12.1 V and
unlocks at once from their tool (which always sends the SMS); the on-call
reads "last_msg=wake_ping" on every failed unlock, and CMD-336 asks the
bridge for the session again (3.14.1, 07:31).

Sources: vehicle-commands (Logback through `kubectl logs --prefix`, line
format), telematics-bridge (Go, logfmt), ingress-nginx access, the SMS
provider's delivery reports (JSON), Argo CD (logrus text), #fleet-ops-wien
(Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores

SERVICE = "vehicle-commands"
START, END = utc("2026-10-30 03:00:00"), utc("2026-10-30 08:10:00")
ARGO_START = utc("2026-10-29 15:50:00")
SYNC_313 = utc("2026-10-28 09:04:30")
SYNC_314 = utc("2026-10-29 16:05:10")
ROLLBACK = utc("2026-10-30 06:02:20")
SYNC_3141 = utc("2026-10-30 07:31:40")
FLEET = 1400

# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.serialization") version "2.0.21"
    id("io.ktor.plugin") version "2.3.12"
}

group = "com.karvo"
version = "3.12.0"

dependencies {
    implementation("io.ktor:ktor-server-netty:2.3.12")
    implementation("io.ktor:ktor-server-content-negotiation:2.3.12")
    implementation("io.ktor:ktor-client-cio:2.3.12")
    implementation("io.ktor:ktor-serialization-kotlinx-json:2.3.12")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")
    implementation("ch.qos.logback:logback-classic:1.5.11")
    implementation("com.sksamuel.hoplite:hoplite-yaml:2.8.2")
    testImplementation(kotlin("test"))
    testImplementation("io.mockk:mockk:1.13.13")
}
"""

UNLOCK_V1 = '''package com.karvo.commands.unlock

import com.karvo.commands.bridge.BridgeClient
import com.karvo.commands.fleet.Vehicle
import com.karvo.commands.sms.WakeupSms
import org.slf4j.LoggerFactory

/**
 * Unlock for a rental: the box must hold its MQTT session to take the
 * command. A box in deep sleep has its modem off; a wake-up SMS brings it
 * back within 8-15 s.
 */
class UnlockFlow(
    private val bridge: BridgeClient,
    private val sms: WakeupSms,
    private val commands: CommandClient,
    private val cfg: UnlockConfig,
) {
    private val log = LoggerFactory.getLogger(UnlockFlow::class.java)

    suspend fun unlock(rentalId: String, vehicle: Vehicle): CommandResult {
        val session = bridge.presence(vehicle.boxId)
        if (!session.connected) {
            log.info("box session offline, sending wake-up SMS box={} msisdn={}", vehicle.boxId, vehicle.msisdnMasked)
            sms.wake(vehicle)
            if (!bridge.awaitSession(vehicle.boxId, cfg.wakeupTimeout)) {
                log.warn("box did not connect after wake-up SMS box={} waited_ms={}", vehicle.boxId, cfg.wakeupTimeout.inWholeMilliseconds)
                return CommandResult.Unreachable
            }
        }
        return commands.send(vehicle, Command.Unlock(rentalId), cfg.ackTimeout)
    }
}
'''

COMMAND_CLIENT = '''package com.karvo.commands.unlock

import com.karvo.commands.bridge.BridgeClient
import com.karvo.commands.fleet.Vehicle
import kotlin.time.Duration
import org.slf4j.LoggerFactory

/** Publishes a command through telematics-bridge and waits for the box's ack. */
class CommandClient(private val bridge: BridgeClient) {
    private val log = LoggerFactory.getLogger(CommandClient::class.java)

    suspend fun send(vehicle: Vehicle, command: Command, ackTimeout: Duration): CommandResult {
        val id = bridge.publish(vehicle.boxId, command, expiresIn = ackTimeout)
        val ack = bridge.awaitAck(id, ackTimeout)
        if (ack == null) {
            log.warn("{} failed: no ack from box within {} ms box={}", command.name, ackTimeout.inWholeMilliseconds, vehicle.boxId)
            return CommandResult.Timeout
        }
        log.info("{} acked box={} latency_ms={} result={}", command.name, vehicle.boxId, ack.latencyMs, ack.result)
        return CommandResult.Acked(ack)
    }
}
'''

APP_YAML = """server:
  port: 8080
bridge:
  url: http://telematics-bridge.fleet.svc:8080
  presence-timeout: 2s
unlock:
  ack-timeout: 30s
  wakeup-timeout: 25s
sms:
  provider: linkwave
  sender: KARVO
  template: wakeup-cb4
damage:
  max-photos: 8
"""

RUNBOOK = """# vehicle-commands runbook

Owner: #team-vehicle. Dashboards: Grafana > Fleet > vehicle-commands.

## UnlockFailureRateHigh

More than 5 % of unlocks failed in 10 minutes. Check telematics-bridge
(#team-fleet) and the Telvanta status page. A single car failing again and
again is usually a car in an underground garage (rssi below -110): ask the
customer to try again in a minute, or move the rental to another car.

## WakeupSmsFailures

The SMS provider (Linkwave) did not deliver wake-up SMS. Their status page
is status.linkwave.eu; cars in standby still unlock.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    lena = Person("Lena Hofbauer", "lena.hofbauer@karvo.at", 60)
    rui = Person("Rui Carvalho", "rui.carvalho@karvo.at", 0)
    anil = Person("Anil Kumar", "anil.kumar@karvo.at", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    P = "src/main/kotlin/com/karvo/commands/"
    files = {
        "settings.gradle.kts": 'rootProject.name = "vehicle-commands"\n',
        "build.gradle.kts": BUILD,
        P + "Application.kt": 'package com.karvo.commands\n\nimport io.ktor.server.engine.embeddedServer\nimport io.ktor.server.netty.Netty\nimport org.slf4j.LoggerFactory\n\nfun main() {\n    val log = LoggerFactory.getLogger("com.karvo.commands.Application")\n    log.info("starting vehicle-commands version={} commit={}", System.getenv("VERSION"), System.getenv("COMMIT"))\n    embeddedServer(Netty, port = 8080, module = { module() }).start(wait = true)\n}\n',
        P + "Routes.kt": 'package com.karvo.commands\n\n// POST /v2/rentals/{id}/unlock, /lock, /honk; POST /v2/damage-reports (photos)\n',
        P + "unlock/UnlockFlow.kt": UNLOCK_V1,
        P + "unlock/CommandClient.kt": COMMAND_CLIENT,
        P + "unlock/Commands.kt": 'package com.karvo.commands.unlock\n\nsealed class Command(val name: String) {\n    class Unlock(val rentalId: String) : Command("unlock")\n    class Lock(val rentalId: String) : Command("lock")\n    object Honk : Command("honk")\n}\n\nsealed class CommandResult {\n    class Acked(val ack: com.karvo.commands.bridge.Ack) : CommandResult()\n    object Timeout : CommandResult()\n    object Unreachable : CommandResult()\n}\n\ndata class UnlockConfig(val ackTimeout: kotlin.time.Duration, val wakeupTimeout: kotlin.time.Duration)\n',
        P + "bridge/BridgeClient.kt": 'package com.karvo.commands.bridge\n\n/** telematics-bridge: GET /sessions/{box} (is the MQTT session connected),\n * POST /commands, GET /commands/{id}/ack (long poll). */\nclass BridgeClient\n',
        P + "fleet/Vehicle.kt": 'package com.karvo.commands.fleet\n\nimport java.time.Instant\n\n/** A row of fleet-state; telematics-bridge updates lastSeenAt and lastMessage\n * on every message from the box. */\ndata class Vehicle(val vin: String, val plate: String, val boxId: String, val msisdnMasked: String,\n                   val firmware: String, val lastSeenAt: Instant, val lastMessage: String)\n',
        P + "sms/WakeupSms.kt": 'package com.karvo.commands.sms\n\n/** Linkwave SMS API: a class-0 binary SMS the CB-4 wakes on. */\nclass WakeupSms\n',
        P + "damage/DamageReports.kt": 'package com.karvo.commands.damage\n\n/** Damage reports from the app before and after a trip: photos to S3, the\n * report to fleet-ops. */\nconst val MAX_PHOTOS = 8\n',
        "src/main/resources/application.yaml": APP_YAML,
        "src/main/resources/logback.xml": '<configuration>\n  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">\n    <encoder>\n      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} [%X{rental:-}] - %msg%n</pattern>\n    </encoder>\n  </appender>\n  <root level="INFO">\n    <appender-ref ref="STDOUT"/>\n  </root>\n</configuration>\n',
        "src/test/kotlin/com/karvo/commands/unlock/UnlockFlowTest.kt": 'package com.karvo.commands.unlock\n\nimport kotlin.test.Test\n\nclass UnlockFlowTest {\n    @Test fun `offline box gets a wake-up SMS`() { /* mockk bridge.presence -> offline */ }\n    @Test fun `connected box gets the command`() { }\n}\n',
        "deploy/production/values.yaml": "image:\n  repository: 604118220931.dkr.ecr.eu-central-1.amazonaws.com/vehicle-commands\nreplicas: 3\nresources:\n  requests: {cpu: 500m, memory: 768Mi}\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with: {distribution: temurin, java-version: '21'}\n      - run: ./gradlew test shadowJar\n",
        "README.md": "# vehicle-commands\n\nUnlock, lock, honk and flash for the Karvo app, through telematics-bridge\nto the cars' Telvanta CB-4 boxes; damage reports with photos.\n\n```\n./gradlew run\n```\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 3.12.0\n\n- CMD-301 honk and flash for the locate button\n",
    }
    repo.commit(utc("2026-10-22 08:40:00"), lena, "vehicle-commands: commands through telematics-bridge, damage reports", files)
    crng = random.Random(63103)
    repo.schedule(chores(crng, SERVICE, [lena, rui], utc("2026-10-22 10:00:00"), utc("2026-10-23 16:00:00"), 2)
                  + chores(crng, SERVICE, [anil, rui], utc("2026-10-26 05:00:00"), utc("2026-10-26 15:00:00"), 1))
    repo.commit(utc("2026-10-23 07:10:00"), bot, "chore(deps): update dependency org.jetbrains.kotlinx:kotlinx-coroutines-core to v1.9.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], "kotlinx-coroutines-core:1.9.0", "kotlinx-coroutines-core:1.9.1"),
    })
    repo.commit(utc("2026-10-26 09:20:00"), rui, "damage: up to 12 photos per report (CMD-312)\n\nFleet-ops want the four corners, the wheels and the interior.", {
        P + "damage/DamageReports.kt": sub(repo.files[P + "damage/DamageReports.kt"], "const val MAX_PHOTOS = 8", "const val MAX_PHOTOS = 12"),
        "src/main/resources/application.yaml": sub(repo.files["src/main/resources/application.yaml"], "  max-photos: 8\n", "  max-photos: 12\n"),
    })
    culprit = repo.commit(utc("2026-10-27 13:52:00"), anil,
                          "unlock: skip the presence call for boxes seen in the last 15 min (CMD-318)\n\n"
                          "The GET /sessions call to telematics-bridge is 380 ms at p99 on every\n"
                          "unlock. A box in standby sends a heartbeat every 5 minutes, so a box\n"
                          "fleet-state has seen in the last 15 minutes is connected; only older\n"
                          "ones need the presence check and the wake-up SMS. Also cuts the SMS bill.", {
        P + "unlock/UnlockFlow.kt": sub(UNLOCK_V1,
            "import org.slf4j.LoggerFactory\n",
            "import java.time.Clock\nimport java.time.Duration\nimport org.slf4j.LoggerFactory\n",
            "    private val cfg: UnlockConfig,\n) {",
            "    private val cfg: UnlockConfig,\n    private val clock: Clock = Clock.systemUTC(),\n) {",
            "        val session = bridge.presence(vehicle.boxId)\n        if (!session.connected) {\n            log.info(\"box session offline, sending wake-up SMS box={} msisdn={}\", vehicle.boxId, vehicle.msisdnMasked)\n",
            "        // CMD-318: standby boxes send a heartbeat every 5 min; seen within the\n        // online window means the MQTT session is up, no presence round trip.\n        val age = Duration.between(vehicle.lastSeenAt, clock.instant())\n        if (age <= cfg.onlineWindow) {\n            log.info(\"box online (last seen {}s ago, last_msg={}), skipping wake-up SMS box={}\", age.seconds, vehicle.lastMessage, vehicle.boxId)\n        } else {\n            log.info(\"box offline (last seen {}s ago), sending wake-up SMS box={} msisdn={}\", age.seconds, vehicle.boxId, vehicle.msisdnMasked)\n"),
        P + "unlock/Commands.kt": sub(repo.files[P + "unlock/Commands.kt"],
            "data class UnlockConfig(val ackTimeout: kotlin.time.Duration, val wakeupTimeout: kotlin.time.Duration)",
            "data class UnlockConfig(val ackTimeout: kotlin.time.Duration, val wakeupTimeout: kotlin.time.Duration,\n                        val onlineWindow: java.time.Duration = java.time.Duration.ofMinutes(15))"),
        "src/main/resources/application.yaml": sub(repo.files["src/main/resources/application.yaml"], "  wakeup-timeout: 25s\n", "  wakeup-timeout: 25s\n  online-window: 15m\n"),
        "src/test/kotlin/com/karvo/commands/unlock/UnlockFlowTest.kt": sub(repo.files["src/test/kotlin/com/karvo/commands/unlock/UnlockFlowTest.kt"],
            "    @Test fun `connected box gets the command`() { }\n",
            "    @Test fun `connected box gets the command`() { }\n    @Test fun `box seen 4 min ago gets no SMS`() { /* lastSeenAt = now - 4m */ }\n    @Test fun `box seen 40 min ago gets the SMS`() { }\n"),
    })
    repo.commit(utc("2026-10-28 08:31:00"), lena, "release 3.13.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "3.12.0"', 'version = "3.13.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.13.0\n\n- CMD-318 no presence call for boxes seen in the last 15 min\n- CMD-312 12 damage photos\n"),
    })
    sync313 = repo.commit(utc("2026-10-28 08:46:00"), rui, "docs: command flow diagram", {
        "docs/command-flow.md": "# Command flow\n\n```\napp -> ingress -> vehicle-commands -> telematics-bridge -> EMQX -> CB-4 box\n                         \\-> Linkwave SMS (wake-up) ---------------/\n```\n\nA command is published QoS 1 with an expiry; the box acks on\n`karvo/box/<id>/ack`. A box that is not connected gets the command from\nits persistent session when it next connects and drops it if expired.\n",
    })
    repo.commit(utc("2026-10-28 13:40:00"), rui, "unlock: rental id in the logging MDC (CMD-325)", {
        P + "unlock/UnlockFlow.kt": sub(repo.files[P + "unlock/UnlockFlow.kt"],
            "    suspend fun unlock(rentalId: String, vehicle: Vehicle): CommandResult {\n",
            "    suspend fun unlock(rentalId: String, vehicle: Vehicle): CommandResult = withContext(MDCContext(mapOf(\"rental\" to rentalId))) {\n",
            "import org.slf4j.LoggerFactory\n", "import kotlinx.coroutines.slf4j.MDCContext\nimport kotlinx.coroutines.withContext\nimport org.slf4j.LoggerFactory\n"),
    })
    repo.commit(utc("2026-10-29 08:35:00"), lena, "runbook: unlock failures after a cold night", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Unlock failures after a cold night\n\nFirst frost every year: older cars' 12 V batteries sag overnight and the\nbox cannot drive the locks (last November: 40 cars in a morning). When\nunlocks time out on many cars after a night below 0 C, it is the\nbatteries: open a field-service task (jump start) for each car, move the\ncustomers to other cars, and do not roll back.\n",
    })
    repo.commit(utc("2026-10-29 09:15:00"), rui, "unlock: ack timeout 30 s -> 20 s (CMD-329)\n\nCustomers stare at the spinner for half a minute before we tell them.", {
        "src/main/resources/application.yaml": sub(repo.files["src/main/resources/application.yaml"], "  ack-timeout: 30s\n", "  ack-timeout: 20s\n"),
    })
    repo.commit(utc("2026-10-29 10:42:00"), anil, "commands: log timed-out commands with firmware, signal and last message (CMD-331)", {
        P + "unlock/CommandClient.kt": sub(repo.files[P + "unlock/CommandClient.kt"],
            '            log.warn("{} failed: no ack from box within {} ms box={}", command.name, ackTimeout.inWholeMilliseconds, vehicle.boxId)\n',
            '            log.warn("{} command timed out after {} ms: no ack from box box={} fw={} rssi={} last_msg={}",\n                command.name, ackTimeout.inWholeMilliseconds, vehicle.boxId, vehicle.firmware, bridge.lastRssi(vehicle.boxId), vehicle.lastMessage)\n'),
    })
    repo.commit(utc("2026-10-29 12:05:00"), bot, "chore(deps): update ktor monorepo to v2.3.13", {
        "build.gradle.kts": repo.files["build.gradle.kts"].replace("2.3.12", "2.3.13"),
    })
    rel314 = repo.commit(utc("2026-10-29 15:41:00"), lena, "release 3.14.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "3.13.0"', 'version = "3.14.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.14.0\n\n- CMD-329 ack timeout 20 s\n- CMD-331 timed-out commands logged with fw, rssi, last message\n- CMD-325 rental id in the MDC\n- Ktor 2.3.13\n"),
    })
    fix = repo.commit(utc("2026-10-30 07:14:00"), anil, "unlock: ask the bridge for the session again; a wake ping is not a session (CMD-336)\n\n"
                      "A box in deep sleep wakes once an hour for ~45 s to send its wake ping,\n"
                      "which updates last_seen_at. After the frost night hundreds of boxes\n"
                      "slept on low voltage, and every unlock within 15 min of their ping got\n"
                      "no wake-up SMS. Reverts the online window of CMD-318.", {
        P + "unlock/UnlockFlow.kt": sub(repo.files[P + "unlock/UnlockFlow.kt"],
            "        // CMD-318: standby boxes send a heartbeat every 5 min; seen within the\n        // online window means the MQTT session is up, no presence round trip.\n        val age = Duration.between(vehicle.lastSeenAt, clock.instant())\n        if (age <= cfg.onlineWindow) {\n            log.info(\"box online (last seen {}s ago, last_msg={}), skipping wake-up SMS box={}\", age.seconds, vehicle.lastMessage, vehicle.boxId)\n        } else {\n            log.info(\"box offline (last seen {}s ago), sending wake-up SMS box={} msisdn={}\", age.seconds, vehicle.boxId, vehicle.msisdnMasked)\n",
            "        // CMD-336: last_seen_at is updated by deep-sleep wake pings too; only the\n        // bridge knows whether the session is up.\n        val session = bridge.presence(vehicle.boxId)\n        if (!session.connected) {\n            log.info(\"box session offline, sending wake-up SMS box={} msisdn={}\", vehicle.boxId, vehicle.msisdnMasked)\n"),
        "src/main/resources/application.yaml": sub(repo.files["src/main/resources/application.yaml"], "  online-window: 15m\n", ""),
    })
    rel3141 = repo.commit(utc("2026-10-30 07:22:00"), anil, "release 3.14.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "3.14.0"', 'version = "3.14.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.14.1\n\n- CMD-336 presence call again for every unlock\n"),
    })
    return repo, {"culprit": culprit, "sync313": sync313, "rel314": rel314, "rel3141": rel3141, "fix": fix}


# ---------------------------------------------------------------------------
# the morning

DISTRICTS = ["1020", "1030", "1050", "1060", "1070", "1090", "1100", "1120", "1140", "1150", "1160", "1170", "1180", "1190", "1200", "1210", "1220", "1230"]
MODELS = [("VW Polo", "W"), ("Seat Ibiza", "W"), ("Renault Zoe", "W"), ("Fiat 500e", "W"), ("VW ID.3", "W"), ("Skoda Fabia", "W")]


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def build_logs(rng, shas):
    app, bridge, ingress, smsl, argo_log, slack = (Log("vehicle-commands.log"), Log("telematics-bridge.log"), Log("ingress-nginx.log"),
                                                   Log("linkwave-delivery-reports.log"), Log("argocd.log"), Log("slack-fleet-ops-wien.log"))
    stats = {"first_fail": None, "fails": 0, "skipped_ok": 0, "sms_ok": 0}

    # boxes
    boxes = []
    for i in range(FLEET):
        model = MODELS[i % len(MODELS)][0]
        old = model in ("VW Polo", "Seat Ibiza", "Skoda Fabia") and rng.random() < 0.55
        boxes.append({
            "id": f"CB4-{41000 + i * 7 + rng.randint(0, 6):07d}", "plate": f"W-{rng.randint(100, 999)}{rng.choice('ABCDEFGHKLMNPRSTUVZ')}{rng.choice('ABCDEFGHKLMNPRSTUVZ')}",
            "model": model, "fw": rng.choice(["4.11.3", "4.11.3", "4.11.3", "4.10.8"]), "district": rng.choice(DISTRICTS),
            "msisdn": f"+43 676 ***{rng.randint(1000, 9999)}", "old": old, "sleep": None, "ping_phase": None, "reason": None,
            "rssi": rng.randint(-97, -71), "garage": rng.random() < 0.02,
        })
    # deep sleep: idle boxes (24 h without rental) and low voltage as the night cools
    for b in boxes:
        if rng.random() < 0.02:
            b["sleep"] = START - dt.timedelta(minutes=rng.uniform(30, 600))
            b["reason"] = "idle_24h"
        elif b["old"] and rng.random() < 0.62:
            # the frost: most between 01:30 and 05:20
            b["sleep"] = utc("2026-10-30 01:30:00") + dt.timedelta(minutes=min(235, max(0, rng.gauss(130, 60))))
            b["reason"] = "low_voltage"
        if b["sleep"]:
            b["vbat"] = round(rng.uniform(11.86, 12.18), 2) if b["reason"] == "low_voltage" else round(rng.uniform(12.3, 12.6), 2)
            b["ping_phase"] = rng.uniform(0, 3600)

    def blog(t, level, msg, **kv):
        if START <= t < END:
            bridge.add(t, logfmt(t, level, msg, **kv))

    pods_by_epoch = [
        (SYNC_314, "3.14.0", shas["rel314"], ["vehicle-commands-6f8b9d7c5-4kq2x", "vehicle-commands-6f8b9d7c5-9tmzw", "vehicle-commands-6f8b9d7c5-hx7ld"]),
        (ROLLBACK, "3.13.0", shas["sync313"], ["vehicle-commands-5c7d8f6b9-2wrnp", "vehicle-commands-5c7d8f6b9-m8zkt", "vehicle-commands-5c7d8f6b9-v4qjc"]),
        (SYNC_3141, "3.14.1", shas["rel3141"], ["vehicle-commands-7b9c5d8f4-8dlxq", "vehicle-commands-7b9c5d8f4-fj2vn", "vehicle-commands-7b9c5d8f4-t6hwr"]),
    ]

    def epoch(t):
        cur = pods_by_epoch[0]
        for e in pods_by_epoch:
            if t >= e[0] + dt.timedelta(seconds=40):
                cur = e
        return cur

    def alog(t, level, thread, logger, rental, msg, pod=None):
        if START <= t < END:
            if pod is None:
                pods = epoch(t)[3]
                pod = pods[int(rental[2:]) % 3] if rental.startswith("R-") else rng.choice(pods)
            app.add(t, f"[pod/{pod}/app] {stamp(t)} {level:<5} [{thread}] {logger} [{rental}] - {msg}")

    def worker():
        return f"eventLoopGroupProxy-4-{rng.randint(1, 8)}"

    # pod starts of the rollback and the fix
    for t0, ver, sha, pods in pods_by_epoch[1:]:
        for k, pod in enumerate(pods):
            t = t0 + dt.timedelta(seconds=14 + k * 11 + rng.uniform(0, 3))
            alog(t, "INFO", "main", "c.k.commands.Application", "", f"starting vehicle-commands version={ver} commit={sha[:7]}", pod)
            alog(t + dt.timedelta(seconds=2.3), "INFO", "main", "io.ktor.server.Application", "", "Application started in 2.318 seconds.", pod)
            alog(t + dt.timedelta(seconds=2.4), "INFO", "DefaultDispatcher-worker-1", "io.ktor.server.Application", "", "Responding at http://0.0.0.0:8080", pod)

    # sleeping boxes: entries, hourly wake pings
    def pings(b):
        if not b["sleep"]:
            return []
        out = []
        k = b["sleep"] + dt.timedelta(seconds=3600 - (b["sleep"].timestamp() - b["ping_phase"]) % 3600)
        while k < END:
            out.append(k)
            k += dt.timedelta(seconds=3600 + rng.uniform(-20, 20))
        return out

    for b in boxes:
        if b["sleep"]:
            b["pings"] = pings(b)
            blog(b["sleep"], "info", "box entered deep sleep", box=b["id"], reason=b["reason"], vbat=f"{b['vbat']:.2f}", parked_min=rng.randint(40, 700) if b["reason"] == "low_voltage" else rng.randint(1440, 2100), fw=b["fw"])
            blog(b["sleep"] + dt.timedelta(milliseconds=rng.randint(200, 900)), "info", "session closed", box=b["id"], reason="deep_sleep")
            b["awake_until"] = None
        else:
            b["pings"] = []

    def emit_ping(b, tp):
        blog(tp, "info", "session connected", box=b["id"], reason="wake_ping", fw=b["fw"], rssi=b["rssi"] + rng.randint(-3, 3))
        blog(tp + dt.timedelta(seconds=rng.uniform(0.8, 2.5)), "info", "wake ping", box=b["id"], vbat=f"{b['vbat'] + rng.uniform(-0.03, 0.02):.2f}",
             temp_c=f"{rng.uniform(-4.6, -1.2):.1f}", next_wake_s=3600)
        for q in b.pop("queued", []):
            blog(tp + dt.timedelta(seconds=rng.uniform(2.6, 3.4)), "warn", "command rejected by box", box=b["id"], cmd="unlock", id=q[0], reason="expired",
                 age_s=int((tp - q[1]).total_seconds()))
        blog(tp + dt.timedelta(seconds=rng.uniform(43, 48)), "info", "session closed", box=b["id"], reason="deep_sleep")

    # unlock demand per minute
    def rate(t):
        h = t.hour + t.minute / 60
        if h < 4.3:
            return 1.3
        if h < 5.0:
            return 1.3 + (h - 4.3) * 8
        if h < 6.0:
            return 6.9 + (h - 5.0) * 12
        if h < 7.5:
            return 19.0
        return 16.0

    def sleeping_at(b, t):
        return b["sleep"] is not None and b["sleep"] <= t

    def last_ping(b, t):
        past = [p for p in b["pings"] if p <= t]
        return past[-1] if past else None

    rentals = [8841200]
    fixed_code = lambda t: epoch(t)[1] == "3.14.1"

    def ack_timeout(t):
        return 30000 if epoch(t)[1] == "3.13.0" else 20000

    def timeout_line(t, b, rental, last_msg):
        to = ack_timeout(t)
        if epoch(t)[1] == "3.13.0":
            return "WARN", f"unlock failed: no ack from box within {to} ms box={b['id']}"
        return "WARN", f"unlock command timed out after {to} ms: no ack from box box={b['id']} fw={b['fw']} rssi={b['rssi']} last_msg={last_msg}"

    def nginx(t, path, status, rt):
        if START <= t < END:
            ingress.add(t, nginx_access(t, f"100.64.{rng.randint(0, 63)}.{rng.randint(2, 250)}", "POST", path, status, 0 if status >= 400 else rng.randint(90, 180), rt,
                                        rng.choice(["Karvo/5.22.1 (iOS 18.1; iPhone15,3)", "Karvo/5.22.1 (Android 15; Pixel 8)", "Karvo/5.21.4 (Android 14; SM-A546B)", "Karvo/5.22.1 (iOS 17.6.1; iPhone13,2)"]),
                                        upstream_rt=rt - 0.001))

    def unlock(t, b, rental, attempt):
        """One unlock attempt; returns True when the car opened."""
        cid = hexid(rng, 12)
        th = worker()
        lg = "c.k.c.unlock.UnlockFlow"
        alog(t, "INFO", th, "c.k.c.Routes", rental, f"unlock requested vehicle={b['plate']} box={b['id']} model=\"{b['model']}\" attempt={attempt}")
        asleep = sleeping_at(b, t)
        lp = last_ping(b, t) if asleep else None
        t1 = t + dt.timedelta(milliseconds=rng.randint(4, 14))
        if fixed_code(t):
            t1 += dt.timedelta(milliseconds=rng.randint(25, 380))
            if asleep and not (lp and (t1 - lp).total_seconds() < 45):
                alog(t1, "INFO", th, lg, rental, f"box session offline, sending wake-up SMS box={b['id']} msisdn={b['msisdn']}")
                return wake_and_send(t1, b, rental, cid, th)
            return send(t1, b, rental, cid, th, True)
        if asleep:
            age = (t1 - lp).total_seconds() if lp else (t1 - b["sleep"]).total_seconds()
            last_msg = "wake_ping" if lp else "sleep"
        else:
            age = rng.uniform(5, 290)
            last_msg = rng.choice(["heartbeat", "heartbeat", "heartbeat", "position", "trip_end"])
        if age <= 900:
            alog(t1, "INFO", th, lg, rental, f"box online (last seen {int(age)}s ago, last_msg={last_msg}), skipping wake-up SMS box={b['id']}")
            connected = (not asleep) or age < 45
            if not connected:
                return fail(t1, b, rental, cid, th, last_msg)
            return send(t1, b, rental, cid, th, True)
        alog(t1, "INFO", th, lg, rental, f"box offline (last seen {int(age)}s ago), sending wake-up SMS box={b['id']} msisdn={b['msisdn']}")
        return wake_and_send(t1, b, rental, cid, th)

    def wake_and_send(t1, b, rental, cid, th):
        mid = hexid(rng, 24)
        d = rng.uniform(2.1, 5.5)
        if START <= t1 < END:
            smsl.add(t1 + dt.timedelta(seconds=d), json.dumps({"event": "message.delivered", "received_at": (t1 + dt.timedelta(seconds=d)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
                                                               "message_id": mid, "to": b["msisdn"].replace(" ", ""), "sender": "KARVO", "template": "wakeup-cb4",
                                                               "status": "delivered", "network": rng.choice(["A1", "Magenta", "Drei"]), "latency_ms": int(d * 1000)}, separators=(",", ":")))
        tc = t1 + dt.timedelta(seconds=d + rng.uniform(4.5, 9.0))
        blog(tc, "info", "session connected", box=b["id"], reason="sms_wakeup", fw=b["fw"], rssi=b["rssi"] + rng.randint(-3, 3))
        for q in b.pop("queued", []):
            blog(tc + dt.timedelta(seconds=rng.uniform(0.4, 0.9)), "warn", "command rejected by box", box=b["id"], cmd="unlock", id=q[0], reason="expired",
                 age_s=int((tc - q[1]).total_seconds()))
        stats["sms_ok"] += 1
        return send(tc + dt.timedelta(milliseconds=rng.randint(30, 120)), b, rental, cid, th, True)

    def send(t, b, rental, cid, th, ok):
        blog(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "info", "command delivered", box=b["id"], cmd="unlock", id=cid, qos=1)
        lat = rng.randint(900, 2600)
        ta = t + dt.timedelta(milliseconds=lat)
        blog(ta, "info", "command ack", box=b["id"], cmd="unlock", id=cid, result="ok", latency_ms=lat)
        alog(ta + dt.timedelta(milliseconds=rng.randint(3, 20)), "INFO", th, "c.k.c.unlock.CommandClient", rental, f"unlock acked box={b['id']} latency_ms={lat} result=ok")
        if b["sleep"]:
            b["sleep"] = None
            b["pings"] = []
        return ta

    def fail(t, b, rental, cid, th, last_msg):
        blog(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "warn", "command queued, session offline", box=b["id"], cmd="unlock", id=cid, qos=1, expires_s=ack_timeout(t) // 1000)
        b.setdefault("queued", []).append((cid, t))
        tf = t + dt.timedelta(milliseconds=ack_timeout(t) + rng.randint(2, 40))
        level, msg = timeout_line(tf, b, rental, last_msg)
        alog(tf, level, th, "c.k.c.unlock.CommandClient", rental, msg)
        if stats["first_fail"] is None and b["sleep"]:
            stats["first_fail"] = t - dt.timedelta(milliseconds=20)
        stats["fails"] += 1
        return None

    # garage noise: an awake box in an underground garage, no ack now and then
    def garage_fail(t, b, rental):
        cid = hexid(rng, 12)
        th = worker()
        alog(t, "INFO", th, "c.k.c.Routes", rental, f"unlock requested vehicle={b['plate']} box={b['id']} model=\"{b['model']}\" attempt=1")
        age = rng.uniform(20, 280)
        t1 = t + dt.timedelta(milliseconds=9)
        alog(t1, "INFO", th, "c.k.c.unlock.UnlockFlow", rental, f"box online (last seen {int(age)}s ago, last_msg=heartbeat), skipping wake-up SMS box={b['id']}")
        blog(t1 + dt.timedelta(milliseconds=12), "info", "command delivered", box=b["id"], cmd="unlock", id=cid, qos=1)
        tf = t1 + dt.timedelta(milliseconds=ack_timeout(t1) + 11)
        blog(tf - dt.timedelta(seconds=6), "warn", "session keepalive timeout", box=b["id"], rssi=-114, last_packet_s=97)
        level, msg = timeout_line(tf, dict(b, rssi=-114), rental, "heartbeat")
        alog(tf, level, th, "c.k.c.unlock.CommandClient", rental, msg)
        nginx(tf, f"/v2/rentals/R-{rental[2:]}/unlock", 504, (tf - t).total_seconds() + 0.004)
        return tf

    # the morning's unlocks, with retries
    events = []
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(rate(t) / 60.0))
        events.append(t)
    pending = []
    for t in events:
        rentals[0] += rng.randint(1, 3)
        asleep_pool = [b for b in boxes if sleeping_at(b, t)]
        share = len(asleep_pool) / FLEET
        h = t.hour + t.minute / 60
        weight = 0.15 if h < 4.6 else (0.6 if h < 5.0 else 1.25)
        if asleep_pool and rng.random() < share * weight:
            b = rng.choice(asleep_pool)
        else:
            b = rng.choice([x for x in boxes if not x["sleep"] and not x["garage"]])
        pending.append((t, b, f"R-{rentals[0]}", 1))
    for g, rid in ((utc("2026-10-30 03:47:12"), "R-8841331"), (utc("2026-10-30 06:51:40"), "R-8845912")):
        b = next(x for x in boxes if x["garage"] and not x["sleep"])
        tf = garage_fail(g, b, rid)
        pending.append((tf + dt.timedelta(seconds=rng.uniform(25, 50)), b, rid, 2))
    pending.sort(key=lambda p: p[0])
    ping_events = sorted((p, i) for i, b in enumerate(boxes) for p in b["pings"])
    pi = 0
    while pending:
        t, b, rental, attempt = pending.pop(0)
        while pi < len(ping_events) and ping_events[pi][0] <= t:
            bx = boxes[ping_events[pi][1]]
            if bx["sleep"] and ping_events[pi][0] in bx["pings"]:
                emit_ping(bx, ping_events[pi][0])
            pi += 1
        if t >= END:
            continue
        res = unlock(t, b, rental, attempt)
        path = f"/v2/rentals/{rental}/unlock"
        if res is None:
            tf = t + dt.timedelta(milliseconds=ack_timeout(t) + 60)
            nginx(tf, path, 504, (tf - t).total_seconds())
            if attempt < 4 and rng.random() < 0.8:
                pending.append((tf + dt.timedelta(seconds=rng.uniform(15, 140) * attempt), b, rental, attempt + 1))
                pending.sort(key=lambda p: p[0])
            else:
                alog(tf + dt.timedelta(seconds=rng.uniform(20, 120)), "INFO", worker(), "c.k.c.Routes", rental, f"rental cancelled by customer reason=unlock_failed vehicle={b['plate']} attempts={attempt}")
        else:
            nginx(res, path, 200, (res - t).total_seconds() + 0.012)
    while pi < len(ping_events):
        bx = boxes[ping_events[pi][1]]
        if bx["sleep"] and ping_events[pi][0] in bx["pings"]:
            emit_ping(bx, ping_events[pi][0])
        pi += 1

    # routine: locks at trip end, honks, damage reports, heartbeat stats
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(900)):
        h = t.hour + t.minute / 60
        if h < 5 and rng.random() < 0.6:
            continue
        b = rng.choice(boxes)
        rental = f"R-{rng.randint(8830000, 8841100)}"
        kind = rng.random()
        th = worker()
        if kind < 0.7:
            cid = hexid(rng, 12)
            lat = rng.randint(800, 2200)
            alog(t, "INFO", th, "c.k.c.Routes", rental, f"lock requested vehicle={b['plate']} box={b['id']} reason=trip_end")
            blog(t + dt.timedelta(milliseconds=20), "info", "command delivered", box=b["id"], cmd="lock", id=cid, qos=1)
            blog(t + dt.timedelta(milliseconds=lat), "info", "command ack", box=b["id"], cmd="lock", id=cid, result="ok", latency_ms=lat)
            alog(t + dt.timedelta(milliseconds=lat + 6), "INFO", th, "c.k.c.unlock.CommandClient", rental, f"lock acked box={b['id']} latency_ms={lat} result=ok")
            nginx(t + dt.timedelta(milliseconds=lat + 9), f"/v2/rentals/{rental}/lock", 200, lat / 1000 + 0.011)
        elif kind < 0.85:
            n = rng.randint(2, 12)
            rid = f"D-{rng.randint(310000, 319999)}"
            alog(t, "INFO", th, "c.k.c.damage.DamageReports", rental, f"damage report created report={rid} vehicle={b['plate']} photos={n} stage={rng.choice(['before_trip', 'before_trip', 'after_trip'])}")
            nginx(t + dt.timedelta(milliseconds=40), "/v2/damage-reports", 201, rng.uniform(0.08, 0.3))
            for k in range(n):
                nginx(t + dt.timedelta(seconds=1 + k * rng.uniform(0.6, 1.8)), f"/v2/damage-reports/{rid}/photos", 201, rng.uniform(0.3, 1.6))
        else:
            cid = hexid(rng, 12)
            alog(t, "INFO", th, "c.k.c.Routes", rental, f"honk requested vehicle={b['plate']} box={b['id']}")
            blog(t + dt.timedelta(milliseconds=18), "info", "command delivered", box=b["id"], cmd="honk", id=cid, qos=1)
            blog(t + dt.timedelta(milliseconds=1300), "info", "command ack", box=b["id"], cmd="honk", id=cid, result="ok", latency_ms=1282)
            nginx(t + dt.timedelta(milliseconds=1310), f"/v2/rentals/{rental}/honk", 200, 1.31)
    t = START
    while t < END:
        asleep = sum(1 for b in boxes if b["sleep"] and b["sleep"] <= t)
        blog(t + dt.timedelta(seconds=0.4), "info", "mqtt stats", sessions_online=FLEET - asleep - rng.randint(8, 20), sessions_total=FLEET,
             msgs_in_1m=rng.randint(250, 300) * 1 + (FLEET - asleep) // 5)
        t += dt.timedelta(minutes=1)
    for t in sorted(START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds())) for _ in range(40)):
        b = rng.choice(boxes)
        blog(t, "info", "session connected", box=b["id"], reason="standby_reconnect", fw=b["fw"], rssi=b["rssi"])

    # Argo CD
    def argo(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"'] + [f"{k}={v}" for k, v in kv.items()]
        argo_log.add(t, " ".join(parts))
    t = ARGO_START
    while t < END:
        argo(t, "info", "Reconciliation completed", application="argocd/vehicle-commands", **{"dest-namespace": "vehicle", "time_ms": rng.randint(90, 240)})
        t += dt.timedelta(minutes=3)
    for when, sha, who, op in ((SYNC_314, shas["rel314"], "lena.hofbauer", "sync"), (ROLLBACK, shas["sync313"], "anil.kumar", "rollback"),
                               (SYNC_3141, shas["rel3141"], "anil.kumar", "sync")):
        argo(when, "info", f"Initiated manual {op} to {sha}", application="argocd/vehicle-commands", user=who)
        argo(when + dt.timedelta(seconds=3), "info", "Updated sync status: OutOfSync -> Synced", application="argocd/vehicle-commands")
        argo(when + dt.timedelta(seconds=58), "info", "Updated health status: Progressing -> Healthy", application="argocd/vehicle-commands")

    # #fleet-ops-wien
    def chat(t, user, text):
        slack.add(t, json.dumps({"type": "message", "channel": "fleet-ops-wien", "ts": f"{t.timestamp():.6f}", "user_name": user, "text": text}, ensure_ascii=False))
    first = stats["first_fail"]
    chat(SYNC_314 + dt.timedelta(minutes=2), "lena.hofbauer", "vehicle-commands 3.14.0 synced: CMD-329 ack timeout 20 s, CMD-331 better timeout logging, ktor 2.3.13")
    chat(utc("2026-10-29 17:30:00"), "markus.steiner (fleet ops)", "forecast says -4 tonight, first frost. field service on standby from 6:00 for jump starts")
    chat(utc("2026-10-30 03:48:40"), "night desk", "one unlock timeout in the Q19 garage (1190), worked on the 2nd try")
    chat(first + dt.timedelta(minutes=9), "sabine.gruber (customer care)", "customers calling: car does not open, app spins and says try again. 1100 and 1210 so far")
    chat(first + dt.timedelta(minutes=17), "markus.steiner (fleet ops)", "runbook says cold night = 12V batteries. opening jump-start tasks for the failing cars, customers moved to other cars")
    chat(ROLLBACK - dt.timedelta(minutes=3), "anil.kumar", "on it. timeouts are from 3.14.0 pods, CMD-329 cut the ack timeout to 20 s yesterday. rolling back to 3.13.0 to rule it out")
    chat(ROLLBACK + dt.timedelta(minutes=6), "anil.kumar", "3.13.0 is out, still failing: now 'unlock failed: no ack from box within 30000 ms'. so not the timeout")
    chat(ROLLBACK + dt.timedelta(minutes=19), "jakob.wimmer (field service)", "first 4 cars: batteries 12.05-12.14 V, cold but not flat. all unlocked immediately from the service tool")
    chat(ROLLBACK + dt.timedelta(minutes=24), "jakob.wimmer (field service)", "the tool does wake SMS + unlock every time, fwiw")
    chat(ROLLBACK + dt.timedelta(minutes=31), "anil.kumar", "every failed unlock says 'box online (last seen Ns ago, last_msg=wake_ping), skipping wake-up SMS'. bridge has those boxes in deep sleep reason=low_voltage and queues the command for an offline session")
    chat(ROLLBACK + dt.timedelta(minutes=34), "anil.kumar", "CMD-318 (Tuesday): a box seen in the last 15 min counts as online. the hourly wake ping of a sleeping box counts as seen. it was in 3.13.0 too, that's why the rollback did nothing")
    chat(ROLLBACK + dt.timedelta(minutes=36), "lena.hofbauer", "and the SMS bill went down 60% since Wednesday, we were happy about that 🙃")
    chat(SYNC_3141 + dt.timedelta(minutes=4), "anil.kumar", "3.14.1 synced (CMD-336: presence call again). sleeping boxes get the SMS, unlocks ok. field service tasks can be closed")
    chat(SYNC_3141 + dt.timedelta(minutes=9), "markus.steiner (fleet ops)", "closing the jump-start tasks. runbook section about batteries needs a rewrite")
    return [app, bridge, ingress, smsl, argo_log, slack], stats


def build(out_dir):
    rng = random.Random(63100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert utc("2026-10-30 04:30:00") <= onset <= utc("2026-10-30 05:40:00"), onset
        age = onset - utc("2026-10-27 13:52:00")
        return write_scenario(
            out_dir, name="r63-unlock-wakeup-last-seen", service=SERVICE, onset=onset,
            description=f"""
On Friday 30 October, after the first frost night in Vienna, unlocks of
Karvo cars time out from {onset.strftime('%H:%M:%S')} UTC (the morning commute):
the app spins and answers 504, retries fail alike, customers cancel and
move to other cars. vehicle-commands 3.14.0 had been synced the evening
before (16:05); fleet ops sent field service out for jump starts, a
rollback to 3.13.0 at 06:02 did not help, 3.14.1 at 07:31 did.
""",
            logs=logs,
            line_formats={"vehicle-commands.log": r'\[pod/<Pod>/<Container>\] <Date> <Time> <Level>\s+\[<Thread>\] <Logger> \[<Rental>\] - <Content>'},
            repo=repo, culprit=shas["culprit"],
            root_cause=[r'skipping wake-up SMS', r'command queued, session offline'],
            fix_files=["src/main/kotlin/com/karvo/commands/unlock/UnlockFlow.kt", "src/main/resources/application.yaml"],
            explanation=f"""
The culprit is CMD-318 (Tuesday 27 October 13:52 UTC, {age.days} d {age.seconds // 3600} h before
the onset, shipped in Wednesday's 3.13.0 whose sync names the docs commit
after it): unlock skips the presence call and the wake-up SMS for any box
fleet-state saw in the last 15 minutes, and a box in deep sleep is "seen"
at its hourly wake ping. After the frost night hundreds of older cars'
boxes sleep on low voltage ("box entered deep sleep reason=low_voltage");
an unlock in the quarter hour after such a box's ping logs "box online
(last seen ...s ago, last_msg=wake_ping), skipping wake-up SMS", the
bridge queues the command for the offline session ("command queued,
session offline") and no ack comes; the box rejects it as expired at its
next ping. The fix (CMD-336) asks the bridge for the session again.

Decoys: Thursday's 3.14.0 synced 13 h before (CMD-329 ack timeout
30 s -> 20 s in application.yaml, CMD-331 adding the very "unlock command
timed out" warning, CMD-325 in the culprit's file, a Ktor bump), rolled
back to 3.13.0 without effect (the failure line changes back to 3.13's
wording); a runbook commit that reads unlock timeouts after a cold night
as flat 12 V batteries; the cold itself; an underground-garage timeout
before the onset; CMD-312's damage photo limit; bot bumps.
""",
        )
    finally:
        repo.close()
