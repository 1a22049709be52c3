"""waitroom (Kotlin 2.1, Spring Boot 3.4; six pods, eight for the on-sale,
on EKS in eu-central-1 behind Cloudflare, synced by Argo CD from `main`;
team in Hamburg, Leipzig and Porto) is the virtual waiting room of Auftakt
Tickets, a German concert ticketing platform: `warteraum.auftakt.de`. A fan
joins a queue from the event page after solving the bot challenge of
Provenly, an EU CAPTCHA vendor: the browser widget hands the fan a solution
token and waitroom checks it with Provenly's `siteverify` API (through the
platform's Istio egress gateway) before the fan gets a place. Cloudflare's
bot management refuses the obvious bots at the edge.

Since ADR 7 (after the November 2025 on-sale, when bots joined in bulk
while siteverify was slow) a queued on-sale fails closed: a join whose
challenge cannot be verified is refused, never let in unverified. The
kill switch for a vendor outage is the Unleash flag
`waitroom-challenge-bypass` (for one queue: joins skip the challenge and the
fan is flagged for the checkout's stricter bot checks).

Saturday 13 June 2026: the pre-queue of Kaltfront's 2027 arena tour opens
at 09:00 CEST (07:00 UTC) for a 10:00 CEST on-sale; the Elbstrand Festival's
fan resale queue runs all morning. waitroom 3.12.0 is synced at 07:12 UTC:
BOT-141 sends the fan's address to siteverify and logs Provenly's error
codes on every failed verification (the very "Challenge verification
failed" line that fills the log), BOT-143 cuts the siteverify timeout from
5 s to 3 s, QUEUE-203 lowers the per-address join limit for on-sales from 20
to 8 a minute, a Spring Boot bump; the day before, a runbook commit reads
join failures during an on-sale as a bot wave (raise the challenge
difficulty, never fail open); the bots are indeed warming up at Cloudflare.

07:41 UTC: Provenly's EU token store fails over badly; siteverify answers
`internal-error`, 503 or nothing (until waitroom's timeout) for every
customer in the EU. Nearly every join fails; fans retry and CGNAT'd mobile
fans hit the new join limit. The on-call (Jonas) follows the runbook, Lena
raises the challenge difficulty in Provenly's dashboard, Katrin moves the
on-sale to 10:30 CEST, Jonas rolls back to 3.11.2 at 08:03 (the failures go
on, now logged as "challenge not verified" and "unavailable"). Mehmet reads
the 3.12.0 lines from before the rollback: `internal-error` is Provenly's
own failure, not a bot's; the egress gateway shows 503s and hung calls from
api.provenly.eu; Provenly's status page, still green, posts "Investigating"
at 08:14 after Lena's support call. Jonas turns on the bypass for the
Kaltfront queue at 08:20; joins go through (flagged), the on-sale starts at
08:30; the resale queue keeps failing until Provenly recovers at 08:49-08:53;
3.12.0 is synced again at 08:40 and the bypass turned off at 09:05.
Nothing in waitroom is changed.

Sources: waitroom (Spring Boot console format, Loki export of the pods on
one node, line format), the Istio egress gateway's access log (Envoy text
format; only errors and calls over 2 s are logged), Cloudflare firewall
events (Logpush JSON), Unleash event log (JSON), Provenly's status page
(JSON), Argo CD (logfmt), #ticketing-incident (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "waitroom"
START, END = utc("2026-06-13 06:20:00"), utc("2026-06-13 09:30:00")
PREQUEUE = utc("2026-06-13 07:00:00")
SYNC_312 = utc("2026-06-13 07:12:04")
VENDOR_DOWN = utc("2026-06-13 07:41:02")
VENDOR_BETTER = utc("2026-06-13 08:10:30")
VENDOR_UP = utc("2026-06-13 08:49:10")
VENDOR_OK = utc("2026-06-13 08:53:20")
ONSALE_MOVED = utc("2026-06-13 07:58:12")
ROLLBACK = utc("2026-06-13 08:03:21")
BYPASS_ON = utc("2026-06-13 08:20:04")
ONSALE = utc("2026-06-13 08:30:00")
RESYNC = utc("2026-06-13 08:40:17")
BYPASS_OFF = utc("2026-06-13 09:05:09")
QUEUE = "kaltfront27-de"
RESALE = "elbstrand26-resale"


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

SETTINGS_GRADLE = 'rootProject.name = "waitroom"\n'

BUILD_GRADLE = """plugins {
    kotlin("jvm") version "2.1.20"
    kotlin("plugin.spring") version "2.1.20"
    id("org.springframework.boot") version "3.4.5"
    id("io.spring.dependency-management") version "1.1.7"
}

group = "de.auftakt"
version = "3.11.1"

java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }

repositories { mavenCentral() }

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.springframework.boot:spring-boot-starter-data-redis")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("io.getunleash:unleash-client-java:10.2.2")
    implementation("com.bucket4j:bucket4j_jdk17-core:8.14.0")
    implementation("io.micrometer:micrometer-registry-prometheus")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("com.squareup.okhttp3:mockwebserver:4.12.0")
}

tasks.withType<Test> { useJUnitPlatform() }
"""

APP_KT = """package de.auftakt.waitroom

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.context.properties.ConfigurationPropertiesScan
import org.springframework.boot.runApplication

@SpringBootApplication
@ConfigurationPropertiesScan
class WaitroomApplication

fun main(args: Array<String>) {
    runApplication<WaitroomApplication>(*args)
}
"""

PROPS_KT = """package de.auftakt.waitroom.challenge

import org.springframework.boot.context.properties.ConfigurationProperties
import java.time.Duration

/**
 * Provenly's server-side check of a challenge solution. During an on-sale a
 * join whose challenge cannot be verified is refused (ADR 7): bots must not
 * get in while the vendor is slow. Outside on-sales (resale queues) such a
 * join is let in and flagged.
 */
@ConfigurationProperties("waitroom.challenge")
data class ChallengeProperties(
    val siteverifyUrl: String = "http://api.provenly.eu/siteverify",
    val siteKey: String,
    val secret: String,
    val timeout: Duration = Duration.ofSeconds(5),
    val onsalePolicy: UnavailablePolicy = UnavailablePolicy.REJECT,
    val defaultPolicy: UnavailablePolicy = UnavailablePolicy.ADMIT_FLAGGED,
)

enum class UnavailablePolicy { REJECT, ADMIT_FLAGGED }
"""

VERIFIER_KT = """package de.auftakt.waitroom.challenge

import com.fasterxml.jackson.annotation.JsonProperty
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import java.io.IOException
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.net.http.HttpTimeoutException
import java.nio.charset.StandardCharsets.UTF_8

sealed interface Verdict {
    data class Verified(val score: Double) : Verdict
    data object Refused : Verdict
    data object Unavailable : Verdict
    data object Flagged : Verdict
}

data class SiteverifyResponse(
    val success: Boolean,
    val score: Double? = null,
    val hostname: String? = null,
    @JsonProperty("error-codes") val errorCodes: List<String> = emptyList(),
)

/**
 * Checks a Provenly solution token with siteverify. The call goes out through
 * the Istio egress gateway, which originates TLS to api.provenly.eu.
 */
@Component
class ProvenlyVerifier(private val props: ChallengeProperties, private val mapper: ObjectMapper) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun verify(token: String, queue: String, onsale: Boolean): Verdict {
        val client = HttpClient.newBuilder().connectTimeout(props.timeout).build()
        val form = "secret=${enc(props.secret)}&response=${enc(token)}&sitekey=${enc(props.siteKey)}"
        val request = HttpRequest.newBuilder(URI.create(props.siteverifyUrl))
            .timeout(props.timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build()
        val response = try {
            client.send(request, HttpResponse.BodyHandlers.ofString())
        } catch (e: HttpTimeoutException) {
            return unavailable(queue, onsale, "timeout after ${props.timeout.toMillis()} ms")
        } catch (e: IOException) {
            log.error("Provenly siteverify call failed for queue {}", queue, e)
            return unavailable(queue, onsale, e.javaClass.simpleName)
        }
        if (response.statusCode() != 200) {
            return unavailable(queue, onsale, "HTTP ${response.statusCode()}")
        }
        val body = mapper.readValue<SiteverifyResponse>(response.body())
        if (!body.success) {
            log.info("Join refused for queue {}: challenge not verified", queue)
            return Verdict.Refused
        }
        return Verdict.Verified(body.score ?: 0.0)
    }

    private fun unavailable(queue: String, onsale: Boolean, reason: String): Verdict {
        val policy = if (onsale) props.onsalePolicy else props.defaultPolicy
        return if (policy == UnavailablePolicy.REJECT) {
            log.warn("Provenly siteverify unavailable ({}), rejecting join for queue {} (policy {})", reason, queue, policy)
            Verdict.Unavailable
        } else {
            log.warn("Provenly siteverify unavailable ({}), admitting flagged join for queue {} (policy {})", reason, queue, policy)
            Verdict.Flagged
        }
    }

    private fun enc(s: String) = URLEncoder.encode(s, UTF_8)
}
"""

JOIN_KT = """package de.auftakt.waitroom.queue

import de.auftakt.waitroom.challenge.ProvenlyVerifier
import de.auftakt.waitroom.challenge.Verdict
import de.auftakt.waitroom.flags.Flags
import jakarta.servlet.http.HttpServletRequest
import org.slf4j.LoggerFactory
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.*

data class JoinRequest(val challenge: String)

@RestController
@RequestMapping("/api/queues")
class JoinController(
    private val queues: QueueService,
    private val verifier: ProvenlyVerifier,
    private val flags: Flags,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @PostMapping("/{queue}/join")
    fun join(@PathVariable queue: String, @RequestBody body: JoinRequest, http: HttpServletRequest): ResponseEntity<Any> {
        val q = queues.get(queue) ?: return ResponseEntity.notFound().build()
        if (flags.challengeBypassed(queue)) {
            val place = queues.enqueue(q, flagged = true)
            log.info("Fan joined queue {} at position {} (challenge bypassed, flagged)", queue, place.position)
            return ResponseEntity.ok(place)
        }
        return when (val verdict = verifier.verify(body.challenge, queue, q.onsale)) {
            is Verdict.Verified -> {
                val place = queues.enqueue(q, flagged = false)
                log.info("Fan joined queue {} at position {} (score {})", queue, place.position, verdict.score)
                ResponseEntity.ok(place)
            }
            Verdict.Flagged -> ResponseEntity.ok(queues.enqueue(q, flagged = true))
            Verdict.Refused -> ResponseEntity.status(HttpStatus.FORBIDDEN).body(mapOf("error" to "challenge_failed"))
            Verdict.Unavailable -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(mapOf("error" to "challenge_unavailable"))
        }
    }
}
"""

FLAGS_KT = """package de.auftakt.waitroom.flags

import io.getunleash.Unleash
import io.getunleash.UnleashContext
import org.springframework.stereotype.Component

/** Unleash flags (project `waitroom`), polled every 15 s. */
@Component
class Flags(private val unleash: Unleash) {
    /**
     * ADR 7's kill switch for a vendor outage: joins to the queue skip the
     * challenge and the fan is flagged for the checkout's bot checks.
     */
    fun challengeBypassed(queue: String): Boolean =
        unleash.isEnabled("waitroom-challenge-bypass", UnleashContext.builder().addProperty("queue", queue).build())
}
"""

APPLICATION_YML = """spring:
  application:
    name: waitroom
  data:
    redis:
      host: ${REDIS_HOST}
      port: 6379

server:
  tomcat:
    threads:
      max: 400

waitroom:
  challenge:
    siteverify-url: http://api.provenly.eu/siteverify
    site-key: ${PROVENLY_SITE_KEY}
    secret: ${PROVENLY_SECRET}
    timeout: 5s
    onsale-policy: REJECT
    default-policy: ADMIT_FLAGGED
  join-limit:
    per-address-per-minute: 20

unleash:
  url: https://unleash.auftakt.internal/api
  app-name: waitroom
  fetch-interval: 15s
"""

VERIFIER_TEST = """package de.auftakt.waitroom.challenge

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import okhttp3.mockwebserver.MockResponse
import okhttp3.mockwebserver.MockWebServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.Duration

class ProvenlyVerifierTest {
    private val server = MockWebServer().apply { start() }
    private val verifier = ProvenlyVerifier(
        ChallengeProperties(siteverifyUrl = server.url("/siteverify").toString(), siteKey = "sk", secret = "s", timeout = Duration.ofMillis(300)),
        jacksonObjectMapper(),
    )

    @Test
    fun `a solved challenge is verified`() {
        server.enqueue(MockResponse().setBody("{\\"success\\":true,\\"score\\":0.9}"))
        assertEquals(Verdict.Verified(0.9), verifier.verify("t", "q", onsale = true))
    }

    @Test
    fun `a bad solution is refused`() {
        server.enqueue(MockResponse().setBody("{\\"success\\":false,\\"error-codes\\":[\\"invalid-input-response\\"]}"))
        assertEquals(Verdict.Refused, verifier.verify("t", "q", onsale = true))
    }

    @Test
    fun `an outage rejects on-sale joins and flags the others`() {
        server.enqueue(MockResponse().setResponseCode(503))
        assertEquals(Verdict.Unavailable, verifier.verify("t", "q", onsale = true))
        server.enqueue(MockResponse().setResponseCode(503))
        assertEquals(Verdict.Flagged, verifier.verify("t", "q", onsale = false))
    }
}
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: waitroom
  labels:
    app: waitroom
spec:
  replicas: 6
  selector:
    matchLabels:
      app: waitroom
  template:
    metadata:
      labels:
        app: waitroom
      annotations:
        sidecar.istio.io/inject: "true"
    spec:
      serviceAccountName: waitroom
      containers:
        - name: waitroom
          image: 731820466519.dkr.ecr.eu-central-1.amazonaws.com/ticketing/waitroom
          args: ["--spring.profiles.active=prod"]
          ports:
            - containerPort: 8080
          envFrom:
            - secretRef:
                name: waitroom
          resources:
            requests:
              cpu: "1"
              memory: 1Gi
            limits:
              memory: 1Gi
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: 8080
            periodSeconds: 5
"""

EGRESS = """# api.provenly.eu leaves the mesh through the egress gateway, which
# originates TLS (the app calls http://api.provenly.eu/siteverify).
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: provenly
spec:
  hosts: ["api.provenly.eu"]
  ports:
    - number: 80
      name: http
      protocol: HTTP
    - number: 443
      name: https
      protocol: HTTPS
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: provenly-tls
spec:
  host: api.provenly.eu
  trafficPolicy:
    portLevelSettings:
      - port:
          number: 443
        tls:
          mode: SIMPLE
          sni: api.provenly.eu
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ticketing
resources:
  - deployment.yaml
  - service.yaml
  - egress-provenly.yaml
images:
  - name: 731820466519.dkr.ecr.eu-central-1.amazonaws.com/ticketing/waitroom
    newTag: "3.11.1"
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: waitroom
spec:
  selector:
    app: waitroom
  ports:
    - port: 80
      targetPort: 8080
"""

DOCKERFILE = """FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./gradlew bootJar --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /src/build/libs/waitroom.jar /app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app.jar"]
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: '21'
      - run: ./gradlew test --no-daemon
"""

README = """# waitroom

The virtual waiting room of Auftakt Tickets (`warteraum.auftakt.de`).

A fan joins a queue after solving Provenly's challenge; waitroom verifies
the solution with Provenly's siteverify API before it gives the fan a place.
Queues are created in the ticketing admin: an on-sale queue opens an hour
before the on-sale, is randomised at the on-sale time and admits fans at the
queue's rate; resale queues run continuously.

## Running locally

```
./gradlew test
./gradlew bootRun --args='--spring.profiles.active=local'
```

## Deploying

A release commit sets the version and the image tag in
`k8s/kustomization.yaml`; Argo CD (`waitroom-prod`) syncs `main`.
See `docs/runbook.md` and `docs/adr/`.
"""

ADR7 = """# 7. Fail closed on the challenge during on-sales

Status: accepted (2025-11-24)

## Context

At the November 2025 on-sale siteverify was slow for 20 minutes; joins
whose challenge could not be verified were let in, and 41% of the places
in that window went to bots (the checkout's bot checks found them later).

## Decision

During an on-sale (`onsale-policy`) a join whose challenge cannot be
verified is refused (503 `challenge_unavailable`; the widget asks the fan to
try again). Resale queues keep `ADMIT_FLAGGED`.

For a real outage of the vendor the on-call can turn on the Unleash flag
`waitroom-challenge-bypass` for one queue: joins skip the challenge and the
fans are flagged, so the checkout applies its stricter bot checks. This is a
decision for the on-sale lead; it lets bots into the queue.
"""

RUNBOOK = """# waitroom runbook

Owner: #ticketing. Dashboards: Grafana > Ticketing > Waitroom.

## QueueJoinLatencyHigh

p99 of POST join above 2 s: usually Redis or the egress gateway. Check the
`waitroom-redis` cluster and the istio-egressgateway pods.
"""


def build_repo():
    repo = Repo()
    jonas = Person("Jonas Becker", "jonas.becker@auftakt.de", 120)
    lena = Person("Lena Hoffmann", "lena.hoffmann@auftakt.de", 120)
    mehmet = Person("Mehmet Aydın", "mehmet.aydin@auftakt.de", 120)
    rita = Person("Rita Sousa", "rita.sousa@auftakt.de", 60)
    katrin = Person("Katrin Vogel", "katrin.vogel@auftakt.de", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    ver = "src/main/kotlin/de/auftakt/waitroom/challenge/ProvenlyVerifier.kt"
    yml = "src/main/resources/application.yml"
    repo.commit(utc("2026-06-04 08:30:00"), jonas, "waitroom: queues, Provenly challenge, Unleash kill switch", {
        "settings.gradle.kts": SETTINGS_GRADLE,
        "build.gradle.kts": BUILD_GRADLE,
        "src/main/kotlin/de/auftakt/waitroom/WaitroomApplication.kt": APP_KT,
        "src/main/kotlin/de/auftakt/waitroom/challenge/ChallengeProperties.kt": PROPS_KT,
        ver: VERIFIER_KT,
        "src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt": JOIN_KT,
        "src/main/kotlin/de/auftakt/waitroom/flags/Flags.kt": FLAGS_KT,
        yml: APPLICATION_YML,
        "src/test/kotlin/de/auftakt/waitroom/challenge/ProvenlyVerifierTest.kt": VERIFIER_TEST,
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/service.yaml": SERVICE_YAML,
        "k8s/egress-provenly.yaml": EGRESS,
        "k8s/kustomization.yaml": KUSTOMIZATION,
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "docs/adr/0007-fail-closed-challenge-during-onsales.md": ADR7,
        "CHANGELOG.md": "# Changelog\n\n## 3.11.1\n\n- Resale queues admit flagged joins when Provenly is unavailable.\n",
    })
    rng = random.Random(89021)
    repo.schedule(chores(rng, SERVICE, [rita, mehmet], utc("2026-06-04 10:00:00"), utc("2026-06-10 16:00:00"), 2))
    repo.commit(utc("2026-06-08 06:11:00"), bot, "chore(deps): update kotlin monorepo to v2.1.21", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'kotlin("jvm") version "2.1.20"\n    kotlin("plugin.spring") version "2.1.20"',
                                      'kotlin("jvm") version "2.1.21"\n    kotlin("plugin.spring") version "2.1.21"'),
    })
    repo.commit(utc("2026-06-08 12:40:00"), rita, "queue: estimated wait in minutes in the status (QUEUE-198)", {
        "src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt": sub(repo.files["src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt"],
                                                                          "data class JoinRequest(val challenge: String)\n",
                                                                          "data class JoinRequest(val challenge: String)\n\n/** Position and the estimated wait from the queue's admission rate (QUEUE-198). */\ndata class Place(val position: Long, val estimatedWaitMinutes: Int?)\n"),
    })
    repo.commit(utc("2026-06-09 09:25:00"), mehmet, "challenge: one HttpClient for all siteverify calls (BOT-138)\n\nA client per call opened a new connection to the egress gateway for\nevery join; the gateway's connection count doubled at the last on-sale.", {
        ver: sub(repo.files[ver],
                 "    private val log = LoggerFactory.getLogger(javaClass)\n\n    fun verify(token: String, queue: String, onsale: Boolean): Verdict {\n        val client = HttpClient.newBuilder().connectTimeout(props.timeout).build()\n",
                 "    private val log = LoggerFactory.getLogger(javaClass)\n    private val client = HttpClient.newBuilder().connectTimeout(props.timeout).build()\n\n    fun verify(token: String, queue: String, onsale: Boolean): Verdict {\n"),
    })
    rel_3112 = repo.commit(utc("2026-06-09 13:50:00"), jonas, "release 3.11.2", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'version = "3.11.1"', 'version = "3.11.2"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.11.1"', 'newTag: "3.11.2"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.11.2\n\n- Estimated wait in the status (QUEUE-198).\n- One HttpClient for siteverify (BOT-138).\n- Kotlin 2.1.21.\n", 1),
    })
    repo.commit(utc("2026-06-11 08:20:00"), katrin, "runbook: join failures during an on-sale", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## JoinFailureRateHigh (more than 30% of joins refused)

During an on-sale this is almost always a bot wave: scalpers' tools send
joins with stale or forged challenge solutions, and the widget makes real
fans solve again. Check Cloudflare's firewall events for the queue's join
path.

1. Raise the challenge difficulty for the site key in the Provenly dashboard
   (Sites > warteraum > Difficulty: high).
2. Ask the bot team to tighten the Cloudflare rule for the join path.
3. Do not turn on `waitroom-challenge-bypass` for a bot wave: it lets the
   bots in (ADR 7). It is for a confirmed Provenly outage only.
4. If the failures started with a release, roll back in Argo CD
   (`waitroom-prod`, History and rollback).
""",
    })
    repo.commit(utc("2026-06-12 07:45:00"), lena, "challenge: send remoteip to siteverify and log the error codes (BOT-141)\n\nProvenly scores a solution better with the fan's address, and our refused\njoins said only \"challenge not verified\": we could not tell forged\nsolutions (invalid-input-response) from replayed ones\n(timeout-or-duplicate) in the November review.", {
        ver: sub(repo.files[ver],
                 "    fun verify(token: String, queue: String, onsale: Boolean): Verdict {\n        val form = \"secret=${enc(props.secret)}&response=${enc(token)}&sitekey=${enc(props.siteKey)}\"\n",
                 "    fun verify(token: String, queue: String, onsale: Boolean, remoteIp: String): Verdict {\n        val form = \"secret=${enc(props.secret)}&response=${enc(token)}&sitekey=${enc(props.siteKey)}&remoteip=${enc(remoteIp)}\"\n",
                 "            log.info(\"Join refused for queue {}: challenge not verified\", queue)\n",
                 "            log.warn(\"Challenge verification failed for queue {}: errors={} hostname={}\", queue, body.errorCodes, body.hostname ?: \"-\")\n"),
        "src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt": sub(repo.files["src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt"],
                                                                          "verifier.verify(body.challenge, queue, q.onsale)",
                                                                          "verifier.verify(body.challenge, queue, q.onsale, http.getHeader(\"CF-Connecting-IP\") ?: http.remoteAddr)"),
        "src/test/kotlin/de/auftakt/waitroom/challenge/ProvenlyVerifierTest.kt": repo.files["src/test/kotlin/de/auftakt/waitroom/challenge/ProvenlyVerifierTest.kt"].replace(
            'verifier.verify("t", "q", onsale = true)', 'verifier.verify("t", "q", onsale = true, remoteIp = "192.0.2.1")').replace(
            'verifier.verify("t", "q", onsale = false)', 'verifier.verify("t", "q", onsale = false, remoteIp = "192.0.2.1")'),
    })
    repo.commit(utc("2026-06-12 09:05:00"), lena, "challenge: siteverify timeout 3 s (BOT-143)\n\nA siteverify answer takes 80-250 ms; at the last on-sale a slow one held\na Tomcat thread for the full 5 s while the widget had long since asked\nthe fan to try again.", {
        yml: repo.edit(yml, "    timeout: 5s\n", "    timeout: 3s\n"),
    })
    repo.commit(utc("2026-06-12 12:30:00"), rita, "queue: 8 joins a minute per address during on-sales (QUEUE-203)\n\nThe November bot wave came from a few hundred addresses at 15-20 joins\na minute each.", {
        yml: repo.edit(yml, "  join-limit:\n    per-address-per-minute: 20\n", "  join-limit:\n    per-address-per-minute: 20\n    onsale-per-address-per-minute: 8\n"),
        "src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt": sub(repo.files["src/main/kotlin/de/auftakt/waitroom/queue/JoinController.kt"],
                                                                          "        val q = queues.get(queue) ?: return ResponseEntity.notFound().build()\n",
                                                                          "        val q = queues.get(queue) ?: return ResponseEntity.notFound().build()\n        val address = http.getHeader(\"CF-Connecting-IP\") ?: http.remoteAddr\n        if (!limits.tryJoin(address, q.onsale)) {\n            log.warn(\"Join rate limit exceeded for {} ({} per minute)\", address, limits.perMinute(q.onsale))\n            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).build()\n        }\n",
                                                                          "    private val flags: Flags,\n) {\n",
                                                                          "    private val flags: Flags,\n    private val limits: JoinLimits,\n) {\n"),
    })
    repo.commit(utc("2026-06-12 14:10:00"), bot, "fix(deps): update spring boot to v3.4.6", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'id("org.springframework.boot") version "3.4.5"', 'id("org.springframework.boot") version "3.4.6"'),
    })
    repo.commit(utc("2026-06-13 05:52:00"), katrin, "k8s: eight replicas for the Kaltfront on-sale (OPS-231)", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "  replicas: 6\n", "  replicas: 8\n"),
    })
    rel_3120 = repo.commit(utc("2026-06-13 07:08:00"), jonas, "release 3.12.0", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'version = "3.11.2"', 'version = "3.12.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "3.11.2"', 'newTag: "3.12.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 3.12.0\n\n- remoteip sent to siteverify; Provenly's error codes logged (BOT-141).\n- siteverify timeout 3 s (BOT-143).\n- 8 joins a minute per address during on-sales (QUEUE-203).\n- Spring Boot 3.4.6.\n", 1),
    })
    return repo, {"rel_3112": rel_3112, "rel_3120": rel_3120}


# ---------------------------------------------------------------------------
# the morning


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def iso_ms(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


# German access networks of the fans: name, ASN, share, CGNAT (mobile), address maker
NETWORKS = [
    ("DTAG", 3320, 0.34, False, lambda r: f"{r.choice([79, 80, 84, 87, 91, 93])}.{r.randint(192, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    ("Vodafone DE", 3209, 0.22, False, lambda r: f"{r.choice([88, 94, 178])}.{r.randint(0, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    ("Telefonica DE", 6805, 0.17, True, lambda r: f"176.{r.randint(0, 7)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    ("1&1 Versatel", 8881, 0.10, False, lambda r: f"{r.choice([82, 85])}.{r.randint(112, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    ("Telekom Mobil", 3320, 0.09, True, lambda r: f"80.187.{r.randint(64, 127)}.{r.randint(1, 254)}"),
    ("NetCologne", 8422, 0.04, False, lambda r: f"{r.choice([78, 89])}.{r.randint(0, 63)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
    ("M-net", 8767, 0.04, False, lambda r: f"{r.choice([89, 94])}.{r.randint(64, 127)}.{r.randint(0, 255)}.{r.randint(1, 254)}"),
]
BOTNETS = [(24940, "HETZNER-AS", lambda r: f"{r.choice([65, 88, 95, 116, 135, 157, 167])}.{r.randint(21, 250)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "de"),
           (16276, "OVH", lambda r: f"{r.choice([51, 54, 57, 141, 146])}.{r.randint(68, 91)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "fr"),
           (14061, "DIGITALOCEAN-ASN", lambda r: f"{r.choice([134, 138, 159, 165, 167])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "nl"),
           (9009, "M247", lambda r: f"{r.choice([185, 193, 217])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "de"),
           (51167, "CONTABO", lambda r: f"{r.choice([5, 62, 173, 213])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "de")]
UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 19_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.5 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Linux; Android 16; SM-S936B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Mobile Safari/537.36",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.5 Safari/605.1.15"]
BOT_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
           "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/136.0.0.0 Safari/537.36",
           "python-httpx/0.28.1", "Go-http-client/2.0"]


def build_logs(rng, shas):
    app = Log("waitroom.log")
    egress = Log("istio-egressgateway.log")
    cf = Log("cloudflare-firewall-events.log")
    status = Log("provenly-status.log")
    unleash = Log("unleash-events.log")
    argo = Log("argocd-waitroom.log")
    slack = Log("slack-ticketing-incident.log")
    t0, t1 = secs(START), secs(END)
    stats = {"vendor_fail": [], "joined": 0, "refused": 0, "unavailable": 0, "limited": 0, "bypassed": 0, "bots_bypassed": 0,
             "per_min": {}, "codes": {}, "internal_logged": []}

    epochs = [(t0 - 86400 * 3, "waitroom-7f4c9b8d65-gq2vt", "3.11.2", shas["rel_3112"]),
              (secs(SYNC_312) + 27.6, "waitroom-5d8b7c6f49-lx7rm", "3.12.0", shas["rel_3120"]),
              (secs(ROLLBACK) + 31.2, "waitroom-7f4c9b8d65-t9wzk", "3.11.2", shas["rel_3112"]),
              (secs(RESYNC) + 29.4, "waitroom-5d8b7c6f49-hn4pc", "3.12.0", shas["rel_3120"])]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    threads = [f"nio-8080-exec-{n}" for n in range(1, 200)]

    def spr(x, level, logger, msg, thread=None, pod=None, trace=None):
        if not t0 <= x < t1:
            return
        t = at(x)
        th = thread or rng.choice(threads)
        line = f"{pod or epoch_at(x)[1]} {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {level:>5} 1 --- [waitroom] [{th[-15:]:>15}] {logger:<40} : {msg}"
        if trace:
            line += "\n" + trace
        app.add(t, line)

    VER = "d.a.w.challenge.ProvenlyVerifier"
    JOIN = "d.a.waitroom.queue.JoinController"
    SCHED = "d.a.waitroom.queue.QueueScheduler"

    for i, (x0, pod, ver, sha) in enumerate(epochs[1:], 1):
        old = epochs[i - 1][1]
        spr(x0 - 20.2, "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", thread="tomcat-shutdown", pod=old)
        spr(x0 - 19.6, "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete", thread="tomcat-shutdown", pod=old)
        boot = x0 - 10.4
        spr(boot, "INFO", "de.auftakt.waitroom.WaitroomApplicationKt", f"Starting WaitroomApplicationKt v{ver} using Java 21.0.7 with PID 1 (/app.jar started by root in /)", thread="main", pod=pod)
        spr(boot + 0.01, "INFO", "de.auftakt.waitroom.WaitroomApplicationKt", 'The following 1 profile is active: "prod"', thread="main", pod=pod)
        spr(boot + 3.2, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)", thread="main", pod=pod)
        spr(boot + 7.9, "INFO", "io.getunleash.DefaultUnleash", f"Unleash client started: appName=waitroom instanceId={pod} fetchTogglesInterval=15s", thread="main", pod=pod)
        spr(boot + 9.3, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'", thread="main", pod=pod)
        spr(boot + 9.35, "INFO", "de.auftakt.waitroom.WaitroomApplicationKt", f"Started WaitroomApplicationKt in {9.35 + rng.uniform(0, 0.4):.3f} seconds (process running for {10.1 + rng.uniform(0, 0.4):.2f})", thread="main", pod=pod)

    # --- the egress gateway: errors and calls over 2 s only
    gw_pod = "10.60.9.12"

    def envoy(x, code, flags, details, duration, upstream_ms, host, path, ua, sent, upstream):
        if not t0 <= x < t1:
            return
        client = f"10.60.{rng.randint(8, 15)}.{rng.randint(2, 250)}"
        egress.add(at(x), f'[{iso_ms(x)}] "POST {path} HTTP/1.1" {code} {flags} {details} - "-" {rng.randint(1100, 1240)} {sent} {duration} {upstream_ms} '
                          f'"{client}" "{ua}" "{uuid4(rng)}" "{host}" "{upstream}" outbound|443||{host} {gw_pod}:{rng.randint(33000, 60999)} {gw_pod}:8080 {client}:{rng.randint(33000, 60999)} - -')

    PROVENLY_IPS = ["104.21.48.113:443", "172.67.182.40:443"]

    def siteverify_call(x, outcome, timeout_ms, dur_ms):
        """One call through the gateway; the gateway pod in the file is one of four."""
        if rng.random() >= 0.25:
            return
        if outcome == "timeout":
            envoy(x, 0, "DC", "downstream_remote_disconnect", timeout_ms + rng.randint(0, 3), "-", "api.provenly.eu", "/siteverify", "Java-http-client/21.0.7", 0, rng.choice(PROVENLY_IPS))
        elif outcome == "503":
            envoy(x, 503, "-", "via_upstream", dur_ms, dur_ms - 1, "api.provenly.eu", "/siteverify", "Java-http-client/21.0.7", 19, rng.choice(PROVENLY_IPS))
        elif outcome == "reset":
            envoy(x, 503, "UC", "upstream_reset_before_response_started{connection_termination}", dur_ms, "-", "api.provenly.eu", "/siteverify", "Java-http-client/21.0.7", 95, rng.choice(PROVENLY_IPS))
        elif dur_ms > 2000:
            envoy(x, 200, "-", "via_upstream", dur_ms, dur_ms - 2, "api.provenly.eu", "/siteverify", "Java-http-client/21.0.7", 58 if outcome == "internal" else 96, rng.choice(PROVENLY_IPS))

    # other traffic through the gateway: a few slow or failed calls of other services
    x = t0
    while True:
        x += rng.expovariate(0.9 / 60.0)
        if x >= t1:
            break
        host, path, ua = rng.choice([("api.postmarkapp.com", "/email/batch", "ticketing-notify/2.8 (+okhttp)"),
                                     ("api.postmarkapp.com", "/email/withTemplate", "ticketing-notify/2.8 (+okhttp)"),
                                     ("hooks.slack.com", "/services/T02A81JQ4/B05K8P1Q2RZ/x", "Alertmanager/0.28.1"),
                                     ("fcm.googleapis.com", "/v1/projects/auftakt-app/messages:send", "push-relay/1.14")])
        if rng.random() < 0.6:
            d = rng.randint(2010, 3900)
            envoy(x, 200, "-", "via_upstream", d, d - 2, host, path, ua, rng.randint(80, 400), f"{rng.choice([3, 18, 35, 52])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:443")
        else:
            code = rng.choice([429, 429, 500, 502])
            d = rng.randint(20, 300)
            envoy(x, code, "-", "via_upstream", d, d - 1, host, path, ua, rng.randint(20, 120), f"{rng.choice([3, 18, 35, 52])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}:443")

    # --- Provenly's answer at time x
    def vendor_fail_p(x):
        if x < secs(VENDOR_DOWN):
            return 0.0
        if x < secs(VENDOR_BETTER):
            return 0.93
        if x < secs(VENDOR_UP):
            return 0.74
        if x < secs(VENDOR_OK):
            return 0.74 * (secs(VENDOR_OK) - x) / (secs(VENDOR_OK) - secs(VENDOR_UP))
        return 0.0

    def vendor(x, bot):
        if rng.random() < vendor_fail_p(x):
            kind = rng.choices(["internal", "503", "timeout", "reset"], weights=[55, 20, 24, 1])[0]
            return kind, {"internal": rng.randint(400, 2900), "503": rng.randint(18, 95), "timeout": 0, "reset": rng.randint(5, 40)}[kind]
        if bot:
            return rng.choice(["invalid-input-response", "invalid-input-response", "timeout-or-duplicate"]), rng.randint(60, 240)
        d = int(rng.lognormvariate(4.9, 0.35))
        if rng.random() < 0.004:
            d = rng.randint(2050, 2600)
        return "ok", d

    cgnat_addr = {}
    minute_counts = stats["per_min"]

    def count(x, key):
        m = int(x // 60) * 60
        c = minute_counts.setdefault(m, {})
        c[key] = c.get(key, 0) + 1

    positions = {QUEUE: 0, RESALE: 1880}

    def join(x, queue, fan, attempt):
        """One join request on this node's pod. Returns 'ok', 'retry' or 'stop'."""
        if not t0 <= x < t1:
            return "stop"
        ver = epoch_at(x)[2]
        onsale_q = queue == QUEUE
        bot = fan["bot"]
        if onsale_q and ver == "3.12.0" and (fan["cgnat"] or bot) and attempt >= 2 and rng.random() < (0.45 if bot else 0.3):
            spr(x, "WARN", JOIN, f"Join rate limit exceeded for {fan['addr']} (8 per minute)")
            count(x, "limited")
            stats["limited"] += 1
            return "retry"
        if onsale_q and secs(BYPASS_ON) <= x < secs(BYPASS_OFF):
            positions[queue] += 8 + rng.randint(-3, 3)
            spr(x + 0.004, "INFO", JOIN, f"Fan joined queue {queue} at position {positions[queue]} (challenge bypassed, flagged)")
            stats["bypassed"] += 1
            if bot:
                stats["bots_bypassed"] += 1
            count(x, "ok")
            return "ok"
        outcome, d = vendor(x, bot)
        timeout_ms = 3000 if ver == "3.12.0" else 5000
        siteverify_call(x, outcome, timeout_ms, d)
        if outcome == "timeout":
            d = timeout_ms + rng.randint(1, 9)
        y = x + d / 1000.0
        if outcome in ("internal", "503", "timeout", "reset"):
            stats["vendor_fail"].append(y)
        if outcome == "reset":
            trace = ("java.io.IOException: HTTP/1.1 header parser received no bytes\n"
                     "\tat java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:951)\n"
                     "\tat java.net.http/jdk.internal.net.http.HttpClientFacade.send(HttpClientFacade.java:133)\n"
                     "\tat de.auftakt.waitroom.challenge.ProvenlyVerifier.verify(ProvenlyVerifier.kt:52)\n"
                     "\tat de.auftakt.waitroom.queue.JoinController.join(JoinController.kt:41)\n"
                     "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n"
                     "\t... 48 common frames omitted\n"
                     "Caused by: java.io.IOException: HTTP/1.1 header parser received no bytes\n"
                     "\tat java.net.http/jdk.internal.net.http.common.Utils.wrapWithExtraDetail(Utils.java:390)\n"
                     "\tat java.net.http/jdk.internal.net.http.Http1Response$HeadersReader.onReadError(Http1Response.java:675)\n"
                     "\t... 10 common frames omitted")
            spr(y, "ERROR", VER, f"Provenly siteverify call failed for queue {queue}", trace=trace)
        if outcome in ("503", "timeout", "reset"):
            reason = {"503": "HTTP 503", "timeout": f"timeout after {timeout_ms} ms", "reset": "IOException"}[outcome]
            if onsale_q:
                spr(y + 0.0003, "WARN", VER, f"Provenly siteverify unavailable ({reason}), rejecting join for queue {queue} (policy REJECT)")
                count(x, "unavailable")
                stats["unavailable"] += 1
                return "retry"
            spr(y + 0.0003, "WARN", VER, f"Provenly siteverify unavailable ({reason}), admitting flagged join for queue {queue} (policy ADMIT_FLAGGED)")
            count(x, "ok")
            return "ok"
        if outcome != "ok":
            code = "internal-error" if outcome == "internal" else outcome
            if ver == "3.12.0":
                spr(y + 0.0002, "WARN", VER, f"Challenge verification failed for queue {queue}: errors=[{code}] hostname=-")
                if code == "internal-error" and t0 <= y < t1:
                    stats["internal_logged"].append(y)
            else:
                spr(y + 0.0002, "INFO", VER, f"Join refused for queue {queue}: challenge not verified")
            stats["codes"][code] = stats["codes"].get(code, 0) + 1
            count(x, "refused")
            stats["refused"] += 1
            return "retry"
        positions[queue] += 8 + rng.randint(-3, 3) if queue == QUEUE else 1 + rng.randint(0, 1)
        spr(y + 0.003, "INFO", JOIN, f"Fan joined queue {queue} at position {positions[queue]} (score {rng.uniform(0.62, 0.98):.2f})")
        count(x, "ok")
        stats["joined"] += 1
        return "ok"

    def make_fan(bot=False):
        if bot:
            asn, desc, mk, cc = rng.choice(BOTNETS)
            return {"bot": True, "cgnat": False, "addr": mk(rng), "asn": asn}
        name, asn, _, cgnat, mk = rng.choices(NETWORKS, weights=[n[2] for n in NETWORKS])[0]
        if cgnat:
            pool = cgnat_addr.setdefault(name, [mk(rng) for _ in range(40)])
            addr = rng.choice(pool)
        else:
            addr = mk(rng)
        return {"bot": False, "cgnat": cgnat, "addr": addr, "asn": asn}

    def fan_session(x, queue, fan, tries, comeback):
        for attempt in range(1, tries + 1):
            r = join(x, queue, fan, attempt)
            if r in ("ok", "stop"):
                return
            x += rng.lognormvariate(3.0, 0.5)
        if comeback and rng.random() < 0.35:
            fan_session(x + rng.uniform(180, 720), queue, fan, rng.choice([1, 2, 2, 3]), False)

    # fans on this node's pod (one of eight): the resale queue all morning, Kaltfront's pre-queue from 07:00
    def kaltfront_rate(x):      # new fans a minute, all pods
        m = (x - secs(PREQUEUE)) / 60.0
        if m < 0:
            return 0.0
        if x < secs(ONSALE):
            return 150.0 + 520.0 * (0.92 ** m) + 60.0 * max(0.0, min(1.0, (m - 40) / 40))
        return max(70.0, 220.0 - (x - secs(ONSALE)) / 60.0 * 2.5)

    x = t0 - 60
    while True:
        x += rng.expovariate(18.0 / 8 / 60.0)
        if x >= t1:
            break
        fan_session(x, RESALE, make_fan(), rng.choice([1, 2, 2, 3]), False)
    x = secs(PREQUEUE)
    while True:
        x += rng.expovariate(max(kaltfront_rate(x), 1.0) / 8 / 60.0)
        if x >= t1:
            break
        fan_session(x, QUEUE, make_fan(), rng.choices([1, 2, 3, 4, 5], weights=[10, 25, 30, 20, 15])[0], True)

    # bots that get past Cloudflare with stale or forged solutions
    def bot_rate(x):           # per minute, this pod
        if x < secs(utc("2026-06-13 07:25:00")):
            return 0.25
        if x < secs(utc("2026-06-13 07:55:00")):
            return 1.6
        if x < secs(utc("2026-06-13 08:40:00")):
            return 4.2
        return 1.5

    x = t0
    while True:
        x += rng.expovariate(bot_rate(x) / 60.0)
        if x >= t1:
            break
        queue = QUEUE if x >= secs(PREQUEUE) and rng.random() < 0.92 else RESALE
        fan_session(x, queue, make_fan(bot=True), rng.choice([1, 1, 2, 3]), False)

    # --- the queue's scheduler (this pod leads it) and the per-minute join counts
    waiting = 0.0
    m0 = int(secs(PREQUEUE))
    spr(m0 + 0.2, "INFO", SCHED, f"Queue {QUEUE} pre-queue open: on-sale at 2026-06-13T08:00:00Z, admitting 900 per minute", thread="scheduling-1")
    spr(secs(ONSALE_MOVED), "INFO", SCHED, f"On-sale start for queue {QUEUE} moved from 2026-06-13T08:00:00Z to 2026-06-13T08:30:00Z by katrin.vogel@auftakt.de", thread="nio-8080-exec-31")
    admitted = 0
    x = t0 + 60
    while x < t1:
        c = minute_counts.get(int((x - 60) // 60) * 60, {})
        spr(x + 0.15, "INFO", "d.a.waitroom.queue.JoinMetrics",
            f"Joins in the last minute: {c.get('ok', 0)} ok, {c.get('refused', 0)} refused, {c.get('unavailable', 0)} unavailable, {c.get('limited', 0)} rate-limited", thread="scheduling-2")
        if x >= secs(PREQUEUE):
            waiting += c.get("ok", 0) * 8 * 0.96
            if x >= secs(ONSALE):
                if x - 60 < secs(ONSALE):
                    spr(secs(ONSALE) + 0.08, "INFO", SCHED, f"Queue {QUEUE} randomised: {int(waiting):,} waiting, admitting 900 per minute", thread="scheduling-1")
                waiting = max(0.0, waiting - 900)
                admitted += 900
                phase = "ADMITTING"
            else:
                phase = "PRE_QUEUE"
            spr(x + 0.3, "INFO", SCHED, f"Queue {QUEUE}: {int(waiting):,} waiting, {admitted:,} admitted, phase {phase}", thread="scheduling-1")
        x += 60

    # --- Cloudflare firewall events on warteraum.auftakt.de
    def cf_rate(x):
        if x < secs(utc("2026-06-13 07:25:00")):
            return 2.0
        if x < secs(utc("2026-06-13 07:55:00")):
            return 14.0
        if x < secs(utc("2026-06-13 08:40:00")):
            return 38.0
        return 12.0

    x = t0
    while True:
        x += rng.expovariate(cf_rate(x) / 60.0)
        if x >= t1:
            break
        asn, desc, mk, cc = rng.choice(BOTNETS)
        path = f"/api/queues/{QUEUE}/join" if x >= secs(PREQUEUE) and rng.random() < 0.85 else (f"/api/queues/{RESALE}/join" if rng.random() < 0.5 else "/events/kaltfront-2027")
        if not path.endswith("/join"):
            action, source, desc2, rule = "block", "botManagement", "Bot Management: definitely automated", "bm_definitely_automated"
        else:
            action, source, desc2, rule = rng.choices([("block", "botManagement", "Bot Management: definitely automated", "bm_definitely_automated"),
                                                       ("managed_challenge", "firewallCustom", "Join path: likely automated (score < 30)", "7c3f1e92a04b4d5f8e61c2b7a9d0f318"),
                                                       ("block", "ratelimit", "Join path: more than 30 requests in 10 s", "3e8a5d17b6c94f20a1d7e5c8b2f64a09")],
                                                      weights=[60, 30, 10])[0]
        cf.add(at(x), json.dumps({"Action": action, "ClientASN": asn, "ClientASNDescription": desc, "ClientCountry": cc, "ClientIP": mk(rng),
                                  "ClientRequestHost": "warteraum.auftakt.de", "ClientRequestMethod": "POST" if "join" in path else "GET",
                                  "ClientRequestPath": path, "ClientRequestUserAgent": rng.choice(BOT_UAS), "Datetime": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "Description": desc2, "EdgeColoCode": rng.choice(["FRA", "FRA", "HAM", "DUS", "MUC", "AMS"]),
                                  "EdgeResponseStatus": 403, "Kind": "firewall", "RayID": hexid(rng, 16), "RuleID": rule, "Source": source},
                                 separators=(",", ":")))

    # --- Provenly's status page
    def post(x, incident, state, body, components):
        status.add(at(x), json.dumps({"page": "status.provenly.eu", "incident": incident, "status": state, "created_at": iso_ms(x),
                                      "body": body, "components": components}, ensure_ascii=False))

    dash = [{"name": "Dashboard", "status": "under_maintenance"}]
    post(secs(utc("2026-06-13 06:00:05")), "Scheduled maintenance: Dashboard and analytics", "in_progress",
         "The dashboard and analytics are read-only during maintenance. Verification APIs are not affected.", dash)
    post(secs(utc("2026-06-13 06:41:30")), "Scheduled maintenance: Dashboard and analytics", "completed", "The scheduled maintenance has been completed.",
         [{"name": "Dashboard", "status": "operational"}])
    eu = "EU Verification API (siteverify)"
    post(secs(utc("2026-06-13 08:14:12")), "Elevated error rates for the EU siteverify API", "investigating",
         "We are investigating elevated error rates and latency for siteverify requests in the EU region. Affected requests return internal-error, HTTP 503 or time out.",
         [{"name": eu, "status": "major_outage"}])
    post(secs(utc("2026-06-13 08:37:40")), "Elevated error rates for the EU siteverify API", "identified",
         "A failover of the solution token store in our eu-central region did not complete cleanly. siteverify requests that reach the affected nodes fail with internal-error or time out. We are moving traffic to the healthy nodes.",
         [{"name": eu, "status": "partial_outage"}])
    post(secs(utc("2026-06-13 08:53:30")), "Elevated error rates for the EU siteverify API", "monitoring",
         "Traffic has been moved; error rates are back to normal since 08:52 UTC. We are monitoring.", [{"name": eu, "status": "operational"}])
    post(secs(utc("2026-06-13 09:24:50")), "Elevated error rates for the EU siteverify API", "resolved",
         "Between 07:41 and 08:52 UTC siteverify requests in the EU region failed with internal-error or HTTP 503 or timed out. A post-incident report will follow.",
         [{"name": eu, "status": "operational"}])

    # --- Unleash event log
    def ev(x, n, kind, who, feature, data=None):
        unleash.add(at(x), json.dumps({"id": n, "type": kind, "createdBy": who, "createdAt": iso_ms(x), "featureName": feature,
                                       "project": "waitroom" if feature.startswith("waitroom") else "web", "environment": "production", "data": data},
                                      separators=(",", ":")))

    ev(secs(utc("2026-06-13 06:55:41")), 48207, "feature-environment-enabled", "nina.wolff@auftakt.de", "web-seatmap-v2")
    ev(secs(utc("2026-06-13 07:20:13")), 48208, "feature-strategy-update", "nina.wolff@auftakt.de", "web-seatmap-v2",
       {"name": "flexibleRollout", "parameters": {"rollout": "50", "stickiness": "sessionId"}})
    ev(secs(BYPASS_ON) - 41.2, 48209, "feature-strategy-add", "jonas.becker@auftakt.de", "waitroom-challenge-bypass",
       {"name": "default", "constraints": [{"contextName": "queue", "operator": "IN", "values": [QUEUE]}]})
    ev(secs(BYPASS_ON) - 15, 48210, "feature-environment-enabled", "jonas.becker@auftakt.de", "waitroom-challenge-bypass")
    ev(secs(BYPASS_OFF) - 15, 48214, "feature-environment-disabled", "lena.hoffmann@auftakt.de", "waitroom-challenge-bypass")

    # --- Argo CD
    def argo_line(x, msg, **kv):
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/waitroom-prod {extra}'.rstrip())

    x = t0 + 73
    while x < t1:
        argo_line(x, "Reconciliation completed", **{"dest-namespace": "ticketing", "time_ms": rng.randint(44, 170)})
        x += 180 + rng.uniform(0, 1)
    for kind, when, sha, hid, who in (("auto", secs(SYNC_312), shas["rel_3120"], 88, None), ("rollback", secs(ROLLBACK), shas["rel_3112"], 89, "jonas.becker@auftakt.de"),
                                      ("enable", secs(RESYNC), shas["rel_3120"], 90, "jonas.becker@auftakt.de")):
        if kind == "rollback":
            argo_line(when - 2.2, f"Rollback to history ID 86 ({sha}); automated sync disabled", user=who)
            argo_line(when, f"Initiated sync to '{sha}'", **{"dest-namespace": "ticketing", "user": who})
        elif kind == "enable":
            argo_line(when - 2.8, "automated sync enabled", user=who)
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "ticketing"})
        else:
            argo_line(when, f"Initiated automated sync to '{sha}'", **{"dest-namespace": "ticketing"})
        argo_line(when + 1.6, "apps/Deployment ticketing/waitroom configured", revision=sha)
        argo_line(when + 2.1, "Updated health status: Healthy -> Progressing", revision=sha)
        argo_line(when + 88 + rng.uniform(0, 12), "Updated health status: Progressing -> Healthy", revision=sha)
        argo_line(when + 101 + rng.uniform(0, 5), f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)

    stats["first_fail"] = min(stats["vendor_fail"])
    return [app, egress, cf, status, unleash, argo, slack], stats, say_factory(rng, slack)


def say_factory(rng, slack):
    users = {"katrin.vogel": "U03KV8L2D", "jonas.becker": "U02JB5R7M", "lena.hoffmann": "U04LH1S9Q", "mehmet.aydin": "U03MA6T4W",
             "rita.sousa": "U05RS2P8X", "alertmanager": "B01ALRT4N"}

    def say(x, who, text):
        if isinstance(x, dt.datetime):
            x = secs(x)
        x += rng.randint(0, 999) / 1000
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "ticketing-incident", "ts": f"{int(x)}.{t.microsecond:06d}", "user": users[who],
                                 "user_name": who, "text": text}, ensure_ascii=False))
    return say


def conversation(say, stats):
    per_min = stats["per_min"]

    def share(a, b):
        ok = bad = 0
        for m, c in per_min.items():
            if secs(a) <= m < secs(b):
                ok += c.get("ok", 0)
                bad += c.get("refused", 0) + c.get("unavailable", 0) + c.get("limited", 0)
        return round(100 * bad / max(1, ok + bad))

    say(utc("2026-06-13 06:58:00"), "katrin.vogel", "Guten Morgen. Kaltfront Hallentour 2027 today: pre-queue 09:00, on-sale 10:00, 11 dates, 58k tickets. waitroom on 8 replicas (OPS-231). Jonas ships 3.12.0 now (BOT-141 remoteip and error codes, BOT-143 3 s timeout, QUEUE-203 8 joins/min per address)")
    say(secs(SYNC_312) + 140, "jonas.becker", "3.12.0 synced, pods healthy")
    say(utc("2026-06-13 07:02:30"), "katrin.vogel", "pre-queue is open, joins flowing")
    say(utc("2026-06-13 07:27:10"), "lena.hoffmann", "Cloudflare: bot traffic on the Kaltfront join path rising (Hetzner, OVH, M247). bot management blocks most of it")
    say(utc("2026-06-13 07:44:20"), "alertmanager", f"[FIRING:1] JoinFailureRateHigh waitroom: {share(VENDOR_DOWN, utc('2026-06-13 07:44:00'))}% of joins refused (5m)")
    say(utc("2026-06-13 07:46:10"), "jonas.becker", "on it. the log is full of 'Challenge verification failed' plus some 'siteverify unavailable ... rejecting join'. runbook: bot wave, raise the difficulty. @lena.hoffmann can you?")
    say(utc("2026-06-13 07:49:50"), "lena.hoffmann", "difficulty set to high for the warteraum site key in the Provenly dashboard. Cloudflare has 5x the bot events of 09:20")
    say(utc("2026-06-13 07:53:40"), "katrin.vogel", "Instagram and X: fans stuck in 'Verifizierung fehlgeschlagen, bitte erneut versuchen' loops. promoter asks whether we start at 10")
    say(utc("2026-06-13 07:56:30"), "jonas.becker", "no better after the difficulty change. 3.12.0 went out 45 min ago and changed the verifier (3 s timeout, remoteip). runbook says roll back if it started with a release: rolling back to 3.11.2")
    say(utc("2026-06-13 07:58:40"), "katrin.vogel", "promoter agrees: on-sale moved to 10:30. changed in the admin")
    say(secs(ROLLBACK) + 25, "jonas.becker", "rollback to history 86 (3.11.2) started, auto-sync off")
    say(utc("2026-06-13 08:07:10"), "jonas.becker", f"3.11.2 everywhere: no change ({share(utc('2026-06-13 08:05:00'), utc('2026-06-13 08:07:00'))}% refused). now it's 'Join refused: challenge not verified' and 'unavailable (timeout after 5000 ms)'")
    say(utc("2026-06-13 08:09:30"), "mehmet.aydin", f"before the rollback the lines said errors=[internal-error] ({len([y for y in stats['internal_logged'] if y < secs(ROLLBACK)])} of them on the pod I looked at). that's Provenly saying it failed, not a bad solution: bots get invalid-input-response or timeout-or-duplicate. egress gateway: 503s from api.provenly.eu and calls hanging until our timeout since 09:41. and the resale queue fails too, no bots there")
    say(utc("2026-06-13 08:11:00"), "lena.hoffmann", "Provenly status page all green. calling their support line")
    say(utc("2026-06-13 08:15:20"), "lena.hoffmann", "Provenly confirms an incident on EU siteverify since 09:41, status page updated now")
    say(utc("2026-06-13 08:17:00"), "jonas.becker", "ADR 7: the bypass is the on-sale lead's call. @katrin.vogel bypass for kaltfront27-de? fans are flagged, checkout applies the stricter bot checks")
    say(utc("2026-06-13 08:18:30"), "katrin.vogel", "yes, do it")
    say(secs(BYPASS_ON) + 40, "jonas.becker", "waitroom-challenge-bypass on for kaltfront27-de. joins going through, flagged. resale queue stays as it is")
    say(utc("2026-06-13 08:31:10"), "katrin.vogel", "randomised at 10:30, admitting 900/min")
    say(utc("2026-06-13 08:38:50"), "jonas.becker", "it wasn't 3.12.0: re-enabling auto-sync")
    say(secs(RESYNC) + 130, "jonas.becker", "3.12.0 back on all pods")
    say(utc("2026-06-13 08:55:40"), "mehmet.aydin", "resale queue verifies again since 10:49-10:52, egress errors gone. Provenly status: monitoring")
    say(utc("2026-06-13 09:03:00"), "lena.hoffmann", "turning the bypass off for Kaltfront")
    say(secs(BYPASS_OFF) + 50, "lena.hoffmann", f"bypass off, joins verified again. {stats['bypassed'] * 8:,} or so flagged joins during the bypass; checkout's bot checks will catch the bots among them")
    say(utc("2026-06-13 09:21:00"), "katrin.vogel", "postmortem Monday with Provenly's report. nothing to change in waitroom itself; the runbook needs a Provenly outage section (internal-error and 5xx are theirs, not bots)")


def build(out_dir):
    rng = random.Random(89200)
    repo, shas = build_repo()
    try:
        logs, stats, say = build_logs(rng, shas)
        conversation(say, stats)
        onset = at(stats["first_fail"]).replace(microsecond=0)
        assert VENDOR_DOWN <= onset < VENDOR_DOWN + dt.timedelta(seconds=60), onset
        return write_scenario(
            out_dir, name="r89-challenge-siteverify-outage-none", service=SERVICE, onset=onset,
            description=f"""
Auftakt Tickets' waiting room refuses almost every join on Saturday 13 June
2026: from {onset.strftime('%H:%M:%S')} UTC (09:41 CEST), in the pre-queue of Kaltfront's 2027 arena
tour, fans' challenge verifications fail and joins are refused with 403 or
503; the resale queue fails too. waitroom 3.12.0 had been synced at 07:12;
the challenge difficulty was raised at 07:50, the on-sale moved from 10:00
to 10:30 CEST, 3.12.0 rolled back to 3.11.2 at 08:03 without effect. The
challenge was bypassed for the Kaltfront queue from 08:20; verifications
succeeded again from 08:49-08:53, 3.12.0 was synced again at 08:40 and the
bypass was turned off at 09:05.
""",
            logs=logs,
            line_formats={"waitroom.log": r'<Pod> <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s*: <Content>'},
            repo=repo, culprit="none",
            root_cause=[
                r'Challenge verification failed for queue .*errors=\[internal-error\]',
                r'Provenly siteverify unavailable',
                r'Elevated error rates for the EU siteverify API',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. At 07:41 UTC a failover of the solution token store
of Provenly, the CAPTCHA vendor, did not complete cleanly in its
eu-central region, and its siteverify API answered internal-error, HTTP
503 or nothing at all for every EU customer until 08:52. waitroom checks
every join's challenge with siteverify, and during an on-sale it refuses a
join it cannot verify (ADR 7, from November 2025): "Challenge verification
failed for queue ...: errors=[internal-error]" ({len(stats['internal_logged'])} lines on this node's pods, logged by 3.12.0) and "Provenly
siteverify unavailable (HTTP 503 / timeout ...), rejecting join"
({stats['unavailable']}), the egress gateway's 503s and hung calls from api.provenly.eu; the
resale queue, which has no bots, failed as well. Provenly's status page
stayed green until 08:14. The on-call turned on the documented kill switch
(Unleash `waitroom-challenge-bypass`) for the Kaltfront queue at 08:20;
nothing in waitroom was changed.
Decoys: release 3.12.0, synced {round((onset - SYNC_312).total_seconds() / 60)} minutes before the onset (BOT-141, which
sends remoteip to siteverify and adds the very "Challenge verification
failed ... errors=" line that fills the log; BOT-143, the siteverify
timeout cut from 5 s to 3 s, with timeouts among the failures; QUEUE-203, 8
joins a minute per address, whose 429s hit CGNAT'd mobile fans retrying;
a Spring Boot bump), rolled back at 08:03 without effect (the failures are
then logged as "challenge not verified" and "timeout after 5000 ms") and
synced again at 08:40; the runbook commit that reads join failures during
an on-sale as a bot wave and says to raise the difficulty and never to
bypass; a real bot wave at Cloudflare from 07:25; the difficulty raised in
Provenly's dashboard; Provenly's scheduled dashboard maintenance that
morning; the replicas change (OPS-231) that morning and a verifier
refactor (BOT-138) earlier in the week.
""",
        )
    finally:
        repo.close()
