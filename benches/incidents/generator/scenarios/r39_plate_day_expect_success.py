"""quote-api (Kotlin, Ktor 2.3 on Netty, Logback; on EKS, released by a
GitHub Actions workflow that runs `helm upgrade`; team in Leeds, Kraków and
Pune) of Larkspur Insurance, a UK direct motor insurer. It prices car
insurance for the website's quote journey and for three price comparison
sites (PriceHound, MoneyNest, CoverMarket) through the partner API. Each
quote looks the car up at Motorlens (the vehicle data bureau: make, model,
ABI code by registration), runs a soft search at Cobalt Credit and asks
the pricing team's rating engine for a premium.

When Motorlens has no record of a registration (a typo, an import, a car
registered since its last DVLA load) it answers 404 VRM_NOT_FOUND;
MotorlensClient returned null, the journey offered manual selection of the
car ("We couldn't find your car - choose it from the list") and the
comparison sites' quotes were priced on the ABI code they declare, marked
unverified.

On Monday 31 August (the UK bank holiday; the Kraków team works) QA-1482
turns on Ktor's `expectSuccess` for the Motorlens client and adds
HttpRequestRetry for 5xx. With expectSuccess the client throws
ClientRequestException on every 4xx before the response reaches the
`if (response.status == NotFound) return null` line, which stays in the
code. VehicleService maps any failure to 503 "vehicle details temporarily
unavailable". The release at 09:24 names the test commit after it. From
then on the few unknown registrations (typos, a few an hour) fail instead
of offering manual selection; nobody notices.

Tuesday 1 September is new plate day: cars registered from today carry the
"76" age identifier, and Motorlens only receives them in DVLA's file that
night, so every 76 plate is VRM_NOT_FOUND (as on every plate change; in
March the journey offered manual selection). From 06:41 UTC, as buyers
quote the cars they collect that morning, the find-your-car step and the
partner quotes for 76 plates fail with 503, and the error ratio alert
fires at 06:49.

At 06:14 a plate-day release had gone out: OPS-977 (min replicas 6 -> 12,
Motorlens pool 64 -> 128, connect timeout 2 s -> 3 s) and a commit that
adds the status and the plate's age identifier to the "vehicle lookup
failed" line. The on-call raises a P1 with Motorlens and rolls that
release back at 07:23 (`helm rollback` to Monday's revision) without
effect. Motorlens answers that 404 for new registrations is expected; the
product owner asks why the journey no longer offers manual selection; at
07:44 the culprit's author reads the ClientRequestException 404 in the
trace. The fix (catch the 404 and return null) is released at 08:09.

Sources: quote-api (Logback, line format, with Ktor stack traces),
ingress-nginx access, Istio egress gateway access (Motorlens and Cobalt),
quote-web BFF (pino JSON), the deploy workflow's logs (GitHub Actions, with
helm output), #quote-oncall (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "quote-api"
START, END = utc("2026-09-01 04:30:00"), utc("2026-09-01 08:50:00")
DEPLOY_FRI = utc("2026-08-28 14:02:10")
DEPLOY_MON = utc("2026-08-31 09:24:40")
RELEASE = utc("2026-09-01 06:14:20")
ROLLBACK = utc("2026-09-01 07:23:50")
FIX = utc("2026-09-01 08:09:30")
PLATE_FROM = utc("2026-09-01 06:40:00")
READY = dt.timedelta(seconds=75)
MOTORLENS = "api.motorlens.co.uk"
COBALT = "api.cobaltcredit.co.uk"

# ---------------------------------------------------------------------------
# the repository

BUILD = '''plugins {
    kotlin("jvm") version "2.0.20"
    kotlin("plugin.serialization") version "2.0.20"
    id("io.ktor.plugin") version "2.3.12"
}

group = "com.larkspur"
application { mainClass.set("io.ktor.server.netty.EngineMain") }

repositories { mavenCentral() }

dependencies {
    implementation("io.ktor:ktor-server-netty-jvm")
    implementation("io.ktor:ktor-server-status-pages-jvm")
    implementation("io.ktor:ktor-client-cio-jvm")
    implementation("io.ktor:ktor-client-content-negotiation-jvm")
    implementation("io.ktor:ktor-serialization-kotlinx-json-jvm")
    implementation("ch.qos.logback:logback-classic:1.5.6")
    testImplementation("io.ktor:ktor-client-mock-jvm")
    testImplementation(kotlin("test"))
}
'''

MOTORLENS_KT = '''package com.larkspur.quote.vehicle

import io.ktor.client.HttpClient
import io.ktor.client.call.body
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.HttpTimeout
import io.ktor.client.plugins.contentnegotiation.ContentNegotiation
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.serialization.kotlinx.json.json

/** Motorlens vehicle data API: make, model, ABI code and first registration by VRM. */
class MotorlensClient(private val cfg: MotorlensConfig) {
    private val http = HttpClient(CIO) {
        install(ContentNegotiation) { json(lenientJson) }
        install(HttpTimeout) {
            connectTimeoutMillis = cfg.connectTimeout.inWholeMilliseconds
            requestTimeoutMillis = cfg.requestTimeout.inWholeMilliseconds
        }
        engine { maxConnectionsCount = cfg.maxConnections }
    }

    /**
     * The vehicle, or null when Motorlens has no record of the VRM (a typo, an
     * import, a car registered since Motorlens' last DVLA load): the journey then
     * offers manual selection and partner quotes use the declared ABI code.
     */
    suspend fun lookup(vrm: String): MotorlensVehicle? {
        val response = http.get("${cfg.baseUrl}/v2/vehicles/$vrm") {
            header("x-api-key", cfg.apiKey)
        }
        return when (response.status) {
            HttpStatusCode.OK -> response.body()
            HttpStatusCode.NotFound -> null
            else -> throw MotorlensException(response.status.value, response.bodyAsText())
        }
    }
}

class MotorlensException(val status: Int, body: String) : RuntimeException("Motorlens answered $status: $body")
'''

VEHICLE_SERVICE_KT = '''package com.larkspur.quote.vehicle

import org.slf4j.LoggerFactory

class VehicleLookupUnavailable(vrm: String, cause: Throwable) : RuntimeException("vehicle lookup unavailable for $vrm", cause)

/**
 * The find-your-car step and the partner quotes' verification. Null means
 * Motorlens does not know the car; any failure is a 503 (StatusPages), so we
 * never price a car we could not check while Motorlens is down.
 */
class VehicleService(private val motorlens: MotorlensClient) {
    private val log = LoggerFactory.getLogger(VehicleService::class.java)

    suspend fun find(vrm: String): Vehicle? =
        try {
            motorlens.lookup(vrm)?.toVehicle()
        } catch (e: Exception) {
            log.error("vehicle lookup failed vrm={}", vrm, e)
            throw VehicleLookupUnavailable(vrm, e)
        }
}
'''

QUOTE_SERVICE_KT = '''package com.larkspur.quote.quote

// Partner quotes: the site declares the ABI code and we check it against
// Motorlens (VehicleService.find). Null: priced on the declared vehicle,
// marked unverified. Then the Cobalt soft search, the rating engine and the
// quote store; logs "quote priced" or "quote declined" with the rule.
class QuoteService(private val vehicles: VehicleService, private val cobalt: CobaltClient, private val rating: RatingClient)
'''

APP_CONF = '''ktor {
    deployment { port = 8080 }
    application { modules = [ com.larkspur.quote.ApplicationKt.module ] }
}

motorlens {
    baseUrl = "https://api.motorlens.co.uk"
    apiKey = ${MOTORLENS_API_KEY}
    maxConnections = 64
    connectTimeout = 2s
    requestTimeout = 4s
}

cobalt {
    baseUrl = "https://api.cobaltcredit.co.uk"
    requestTimeout = 5s
}

rating {
    baseUrl = "http://rating-engine.pricing.svc.cluster.local:8080"
    requestTimeout = 3s
}
'''

LOGBACK = '''<configuration>
    <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
        <encoder>
            <pattern>%d{YYYY-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern>
        </encoder>
    </appender>
    <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
'''

VALUES = '''image:
  repository: 611208392217.dkr.ecr.eu-west-2.amazonaws.com/quote-api
  tag: main

autoscaling:
  minReplicas: 6
  maxReplicas: 24
  targetCPUUtilizationPercentage: 60

resources:
  requests: { cpu: "1", memory: 1536Mi }
  limits: { memory: 1536Mi }

env:
  JAVA_TOOL_OPTIONS: "-XX:MaxRAMPercentage=70"
'''

DEPLOY_WF = '''name: deploy-production
on:
  workflow_dispatch:
    inputs:
      ref: { description: "git ref to deploy", default: main }
jobs:
  deploy:
    runs-on: ubuntu-22.04
    environment: production
    permissions: { id-token: write, contents: read }
    steps:
      - uses: actions/checkout@v4
        with: { ref: "${{ inputs.ref }}" }
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: arn:aws:iam::611208392217:role/gha-quote-api-deploy, aws-region: eu-west-2 }
      - run: aws eks update-kubeconfig --name motor-prod
      - run: >
          helm upgrade --install quote-api chart/quote-api --namespace quotes
          -f chart/quote-api/values-production.yaml --set image.tag=$(git rev-parse HEAD)
          --wait --timeout 10m
'''

MOTORLENS_TEST = '''package com.larkspur.quote.vehicle

import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.http.HttpStatusCode
import kotlinx.coroutines.test.runTest
import kotlin.test.Test
import kotlin.test.assertEquals

class MotorlensClientTest {
    @Test
    fun `found vehicle is parsed`() = runTest {
        val client = testClient(MockEngine { respond(FIESTA_JSON, HttpStatusCode.OK, jsonHeaders) })
        assertEquals("32120102", client.lookup("MA19ABC")?.abiCode)
    }
}
'''


def build_repo():
    james = Person("James Whitaker", "james.whitaker@larkspur.co.uk", 60)
    marta = Person("Marta Zielińska", "marta.zielinska@larkspur.co.uk", 120)
    rohan = Person("Rohan Kulkarni", "rohan.kulkarni@larkspur.co.uk", 330)
    ellie = Person("Ellie Marsh", "ellie.marsh@larkspur.co.uk", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# quote-api\n\nPrices car insurance for the quote journey (quote-web) and the partner API\n(PriceHound, MoneyNest, CoverMarket). Each quote: Motorlens vehicle lookup,\nCobalt soft search, rating engine (pricing team), quote store.\n\n```\n./gradlew test\n./gradlew run\n```\n\nReleases: the `deploy-production` workflow (workflow_dispatch, ref `main`)\nruns `helm upgrade` on motor-prod. Roll back with `helm rollback quote-api <rev>`.\n",
        "docs/runbook.md": runbook("quote-api", [
            ("QuoteApiErrorRatio", "5xx over 5 % of quote-api requests for 5 minutes. Check which step fails\n(vehicle, credit, rating) in the quote-api log and the egress gateway."),
            ("QuoteApiLatency", "p95 of POST /partner/v2/quotes over 2.5 s. Usually the rating engine or Cobalt."),
        ]),
        "settings.gradle.kts": 'rootProject.name = "quote-api"\n',
        "build.gradle.kts": BUILD,
        "src/main/kotlin/com/larkspur/quote/Application.kt": "package com.larkspur.quote\n\nimport io.ktor.server.application.Application\n\n// Wires the clients and services, StatusPages (VehicleLookupUnavailable -> 503),\n// CallLogging and the routes: /v3/vehicles/{vrm}, /v3/quotes, /partner/v2/quotes.\nfun Application.module() {\n    configure()\n}\n",
        "src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt": MOTORLENS_KT,
        "src/main/kotlin/com/larkspur/quote/vehicle/VehicleService.kt": VEHICLE_SERVICE_KT,
        "src/main/kotlin/com/larkspur/quote/quote/QuoteService.kt": QUOTE_SERVICE_KT,
        "src/main/kotlin/com/larkspur/quote/credit/CobaltClient.kt": "package com.larkspur.quote.credit\n\n// Cobalt Credit soft search (no footprint visible to lenders). A no-hit\n// (thin file) is priced without a credit score.\nclass CobaltClient(private val cfg: CobaltConfig)\n",
        "src/main/kotlin/com/larkspur/quote/rating/RatingClient.kt": "package com.larkspur.quote.rating\n\n// The pricing team's rating engine: POST /rate with the risk, answers a\n// premium or a decline with the rule that declined.\nclass RatingClient(private val cfg: RatingConfig)\n",
        "src/main/resources/application.conf": APP_CONF,
        "src/main/resources/logback.xml": LOGBACK,
        "src/test/kotlin/com/larkspur/quote/vehicle/MotorlensClientTest.kt": MOTORLENS_TEST,
        "chart/quote-api/Chart.yaml": "apiVersion: v2\nname: quote-api\nversion: 1.4.0\n",
        "chart/quote-api/values-production.yaml": VALUES,
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with: { distribution: temurin, java-version: '21' }\n      - run: ./gradlew test buildImage\n      - run: ./gradlew publishImage\n        if: github.ref == 'refs/heads/main'\n",
        ".github/workflows/deploy.yml": DEPLOY_WF,
        ".github/workflows/rollback.yml": DEPLOY_WF.replace("deploy-production", "rollback-production").replace('ref: { description: "git ref to deploy", default: main }', "revision: { required: true }").replace("      - uses: actions/checkout@v4\n        with: { ref: \"${{ inputs.ref }}\" }\n", "").split("      - run: >")[0] + "      - run: helm rollback quote-api ${{ inputs.revision }} --namespace quotes --wait --timeout 10m\n",
    }
    repo.commit(utc("2026-08-26 08:40:00"), james, "quote-api: Ktor service, Motorlens/Cobalt/rating clients, partner API, chart", files)
    repo.schedule(chores(random.Random(39101), SERVICE, [ellie, rohan], utc("2026-08-26 09:30:00"), utc("2026-08-29 06:00:00"), 2))
    repo.commit(utc("2026-08-27 09:20:00"), rohan, "credit: send the consent timestamp with the Cobalt soft search (CR-311)", {
        "src/main/kotlin/com/larkspur/quote/credit/CobaltClient.kt": repo.files["src/main/kotlin/com/larkspur/quote/credit/CobaltClient.kt"] + "\n// consentGivenAt (the journey's credit consent tick) is sent with every\n// search; Cobalt's audit asks for it from 1 October (CR-311).\n",
    })
    repo.commit(utc("2026-08-27 12:05:00"), marta, "vehicle: normalise the VRM before the Motorlens lookup\n\nPartner requests send 'ma19 abc' and 'MA19ABC' alike; Motorlens wants\nupper case without spaces.", {
        "src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt": repo.edit("src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt",
            '        val response = http.get("${cfg.baseUrl}/v2/vehicles/$vrm") {',
            '        val key = vrm.uppercase().filterNot { it.isWhitespace() }\n        val response = http.get("${cfg.baseUrl}/v2/vehicles/$key") {'),
    })
    friday = repo.commit(utc("2026-08-28 13:10:00"), ellie, "quote: tell the rating engine whether the vehicle was verified (PR-640)\n\nPricing wants to load unverified partner vehicles from the next model.", {
        "src/main/kotlin/com/larkspur/quote/rating/RatingClient.kt": repo.files["src/main/kotlin/com/larkspur/quote/rating/RatingClient.kt"] + "\n// risk.vehicle.verified: false when Motorlens did not know the VRM and the\n// partner's declared ABI code was used (PR-640).\n",
    })
    repo.commit(utc("2026-08-31 04:12:00"), bot, "Update dependency ch.qos.logback:logback-classic to v1.5.7", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "logback-classic:1.5.6", "logback-classic:1.5.7"),
    })
    culprit = repo.commit(utc("2026-08-31 08:38:00"), marta, "vehicle: expectSuccess and retries for the Motorlens client (QA-1482)\n\nA Motorlens 502/503 failed the quote at once, and each caller handled\nthe status in its own way. With expectSuccess the client throws\nResponseException for a failed call, HttpRequestRetry retries 5xx twice\nwith exponential backoff, and VehicleService already maps any failure to\n503. MotorlensException goes.", {
        "src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt": repo.edit("src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt",
            "    private val http = HttpClient(CIO) {\n        install(ContentNegotiation)",
            "    private val http = HttpClient(CIO) {\n        expectSuccess = true\n        install(HttpRequestRetry) {\n            retryOnServerErrors(maxRetries = 2)\n            exponentialDelay()\n        }\n        install(ContentNegotiation)").replace(
            "        return when (response.status) {\n            HttpStatusCode.OK -> response.body()\n            HttpStatusCode.NotFound -> null\n            else -> throw MotorlensException(response.status.value, response.bodyAsText())\n        }\n    }\n}\n\nclass MotorlensException(val status: Int, body: String) : RuntimeException(\"Motorlens answered $status: $body\")\n",
            "        if (response.status == HttpStatusCode.NotFound) return null\n        return response.body()\n    }\n}\n").replace(
            "import io.ktor.client.plugins.HttpTimeout\n", "import io.ktor.client.plugins.HttpRequestRetry\nimport io.ktor.client.plugins.HttpTimeout\n").replace(
            "import io.ktor.client.statement.bodyAsText\n", ""),
    })
    monday = repo.commit(utc("2026-08-31 09:02:00"), marta, "test: a Motorlens 503 is retried twice, then VehicleLookupUnavailable (QA-1482)", {
        "src/test/kotlin/com/larkspur/quote/vehicle/MotorlensClientTest.kt": repo.edit("src/test/kotlin/com/larkspur/quote/vehicle/MotorlensClientTest.kt",
            "    }\n}\n",
            "    }\n\n    @Test\n    fun `503 is retried twice`() = runTest {\n        var calls = 0\n        val client = testClient(MockEngine { calls++; respond(\"busy\", HttpStatusCode.ServiceUnavailable) })\n        assertFailsWith<ServerResponseException> { client.lookup(\"MA19ABC\") }\n        assertEquals(3, calls)\n    }\n}\n").replace(
            "import kotlin.test.assertEquals\n", "import io.ktor.client.plugins.ServerResponseException\nimport kotlin.test.assertEquals\nimport kotlin.test.assertFailsWith\n"),
    })
    repo.commit(utc("2026-08-31 10:40:00"), rohan, "docs: Motorlens and Cobalt error codes in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Supplier error codes\n\nMotorlens: 404 VRM_NOT_FOUND (not in their data: typo, import, a registration\nnewer than their last DVLA load; the journey offers manual selection),\n401 KEY_INVALID, 429 RATE_LIMITED (contract: 400 req/s), 503 (their\nmaintenance, announced by email).\n\nCobalt: 200 with `noHit: true` (thin file, priced without a score),\n422 CONSENT_MISSING, 503.\n",
    })
    repo.commit(utc("2026-08-31 11:55:00"), rohan, "ci: cache the Gradle home and run ktlint", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: ./gradlew test buildImage\n",
                                              "      - uses: gradle/actions/setup-gradle@v4\n      - run: ./gradlew ktlintCheck test buildImage\n"),
    })
    repo.commit(utc("2026-09-01 05:41:00"), james, "plate day: min 12 replicas, Motorlens pool 128 and connect timeout 3 s (OPS-977)\n\nNew plate day: last March the partner API ran at twice the usual\nmorning rate and the Motorlens pool was the first thing to queue.", {
        "chart/quote-api/values-production.yaml": repo.edit("chart/quote-api/values-production.yaml", "  minReplicas: 6\n", "  minReplicas: 12\n"),
        "src/main/resources/application.conf": repo.edit("src/main/resources/application.conf", "    maxConnections = 64\n    connectTimeout = 2s\n", "    maxConnections = 128\n    connectTimeout = 3s\n"),
    })
    head = repo.commit(utc("2026-09-01 05:58:00"), james, "vehicle: log the Motorlens status and the plate's age identifier on lookup failures (OPS-977)\n\nSo we can see on the dashboard whether the 76 plates fail.", {
        "src/main/kotlin/com/larkspur/quote/vehicle/VehicleService.kt": repo.edit("src/main/kotlin/com/larkspur/quote/vehicle/VehicleService.kt",
            '            log.error("vehicle lookup failed vrm={}", vrm, e)\n',
            '            val status = (e as? ResponseException)?.response?.status?.value\n            log.error("vehicle lookup failed vrm={} ageIdentifier={} status={}", vrm, ageIdentifier(vrm), status ?: "-", e)\n').replace(
            "import org.slf4j.LoggerFactory\n", "import io.ktor.client.plugins.ResponseException\nimport org.slf4j.LoggerFactory\n")
        + "\n/** The two digits after the area code: 26 = March 2026, 76 = September 2026. */\nfun ageIdentifier(vrm: String): String = vrm.filterNot { it.isWhitespace() }.drop(2).take(2)\n",
    })
    fix = repo.commit(utc("2026-09-01 07:59:00"), marta, "vehicle: a 404 from Motorlens is an unknown vehicle again (QA-1490)\n\nWith expectSuccess (QA-1482) the client throws ClientRequestException\non 404 before the NotFound check, so VRM_NOT_FOUND became a 503 and the\njourney stopped offering manual selection. Every 76 plate on new plate\nday.", {
        "src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt": repo.edit("src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt",
            '        val response = http.get("${cfg.baseUrl}/v2/vehicles/$key") {\n            header("x-api-key", cfg.apiKey)\n        }\n        if (response.status == HttpStatusCode.NotFound) return null\n        return response.body()\n',
            '        return try {\n            http.get("${cfg.baseUrl}/v2/vehicles/$key") {\n                header("x-api-key", cfg.apiKey)\n            }.body()\n        } catch (e: ClientRequestException) {\n            if (e.response.status == HttpStatusCode.NotFound) null else throw e\n        }\n').replace(
            "import io.ktor.client.plugins.HttpRequestRetry\n", "import io.ktor.client.plugins.ClientRequestException\nimport io.ktor.client.plugins.HttpRequestRetry\n"),
        "src/test/kotlin/com/larkspur/quote/vehicle/MotorlensClientTest.kt": repo.edit("src/test/kotlin/com/larkspur/quote/vehicle/MotorlensClientTest.kt",
            "    @Test\n    fun `503 is retried twice`()",
            "    @Test\n    fun `VRM_NOT_FOUND is null`() = runTest {\n        val client = testClient(MockEngine { respond(NOT_FOUND_JSON, HttpStatusCode.NotFound, jsonHeaders) })\n        assertEquals(null, client.lookup(\"LS76XKD\"))\n    }\n\n    @Test\n    fun `503 is retried twice`()"),
    })
    return repo, culprit, friday, monday, head, fix


# ---------------------------------------------------------------------------
# traffic

AREAS = ["LS", "LN", "MA", "MX", "YA", "YK", "BD", "BN", "CA", "DA", "EA", "EF", "GF", "HK", "KN", "LB", "LC", "ND", "NX", "OU", "PE", "RV", "SA", "SF", "SN", "VK", "WA", "WR"]
LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
UA_WEB = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"]
PARTNERS = [("pricehound", 0.45, "PriceHound-QuoteEngine/7.2"), ("moneynest", 0.35, "MoneyNest-Broker/3.18"), ("covermarket", 0.20, "CoverMarket/2.9 (okhttp)")]
NOT_FOUND_BODY = '{"code":"VRM_NOT_FOUND","message":"No vehicle found for this registration"}'


def lerp(points, t):
    h = (t - utc("2026-09-01 00:00:00")).total_seconds() / 3600.0
    for (h0, v0), (h1, v1) in zip(points, points[1:]):
        if h0 <= h <= h1:
            return v0 + (v1 - v0) * (h - h0) / (h1 - h0)
    return points[-1][1] if h > points[-1][0] else points[0][1]


WEB_RATE = [(4.5, 0.9), (6.0, 2.6), (7.0, 4.4), (8.0, 6.2), (8.9, 6.8)]
PARTNER_RATE = [(4.5, 1.6), (6.0, 3.2), (7.0, 5.6), (8.0, 7.8), (8.9, 8.4)]
PLATE_RATE = [(6.66, 0.0), (6.75, 0.8), (7.25, 2.4), (7.75, 3.6), (8.5, 4.2), (8.9, 4.0)]


def code_at(t):
    """(release, sha key, fails on 404, new failure line) in force at t."""
    cur = ("2026.08.31-1", "monday", True, False)
    for when, v in ((RELEASE, ("2026.09.01-1", "head", True, True)), (ROLLBACK, ("2026.08.31-1", "monday", True, False)), (FIX, ("2026.09.01-2", "fix", False, True))):
        if t >= when + READY:
            cur = v
    return cur


def logback(t, thread, level, logger, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{thread}] {level:<5} {logger} - {msg}"


def build_logs(rng, shas):
    app, ingress, egress, web, deploy, chat = (Log("quote-api.log"), Log("ingress-nginx-access.log"), Log("istio-egressgateway.log"),
                                               Log("quote-web.log"), Log("deploy-production.log"), Log("slack-quote-oncall.log"))
    stats = {"req": {"priced": [], "declined": [], "error": []}, "ml": {"200": [], "404": [], "5xx": []}, "first_plate_fail": [], "plate_fail": []}
    pods = {}

    def pod_names(sha_key, n):
        if sha_key not in pods:
            rs = "".join(rng.choice("bcdfghjkmnpqrstvwxz2456789") for _ in range(10))
            pods[sha_key] = [f"quote-api-{rs}-{''.join(rng.choice('bcdfghjkmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(n)]
        return pods[sha_key]

    def thread():
        return f"eventLoopGroupProxy-4-{rng.randint(1, 4)}"

    def a(t, level, logger, msg):
        if START <= t < END:
            app.add(t, logback(t, thread(), level, logger, msg))

    def plate(age=None):
        if age is None:
            age = rng.choice([12, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 21, 22, 23, 24, 25, 62, 64, 65, 66, 67, 67, 68, 68, 69, 69, 70, 71, 72, 73, 74, 75, 75, 26])
        return f"{rng.choice(AREAS)}{age:02d}{''.join(rng.choice(LETTERS) for _ in range(3))}"

    def client_ip():
        return f"{rng.choice(['86.14', '81.98', '90.213', '92.40', '109.148', '151.224', '176.25', '82.132'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    partner_ips = {"pricehound": "52.56.114.201", "moneynest": "18.132.40.17", "covermarket": "35.177.9.88"}

    def nginx(t, ip_, method, path, status, size, rt, ua, referer="-", host_up=None):
        if not START <= t < END:
            return
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        up = host_up or f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}:8080"
        ingress.add(t, f'{ip_} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "{referer}" "{ua}" {rng.randint(380, 2400)} {rt:.3f} [quotes-quote-api-8080] [] {up} {size} {rt:.3f} {status} {hexid(rng, 32)}')

    def istio(t, method, path, status, authority, dur, sent, flags="-", details="via_upstream", up_host=None):
        if not START <= t < END:
            return
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        up = up_host or ("18.135.62.14:443" if authority == MOTORLENS else "3.11.160.72:443")
        src = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}"
        egress.add(t, f'[{t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond // 1000:03d}Z] "{method} {path} HTTP/1.1" {status} {flags} {details} - "-" 0 {sent} {dur} {dur - rng.randint(0, 2) if status != 0 else "-"} "{src}" "Ktor client" "{rid}" "{authority}" "{up}" outbound|443||{authority} 10.42.9.14:{rng.randint(32000, 60000)} 10.42.9.14:8443 {src}:{rng.randint(32000, 60000)} {authority} -')

    def pino(t, level, msg, **f):
        if START <= t < END:
            body = {"level": {"info": 30, "warn": 40, "error": 50}[level], "time": int(t.timestamp() * 1000), "pid": 1, "hostname": f"quote-web-7d9c5f{rng.choice(['b8fq2', 'b8kx7', 'b8mnw'])}"}
            body.update(f)
            body["msg"] = msg
            web.add(t, json.dumps(body, separators=(",", ":")))

    def trace_404(vrm):
        return "\n".join([
            f'io.ktor.client.plugins.ClientRequestException: Client request(GET https://{MOTORLENS}/v2/vehicles/{vrm}) invalid: 404 Not Found. Text: "{NOT_FOUND_BODY}"',
            "\tat io.ktor.client.plugins.DefaultResponseValidationKt$addDefaultResponseValidation$1$1.invokeSuspend(DefaultResponseValidation.kt:54)",
            "\tat io.ktor.client.plugins.HttpCallValidator.validateResponse(HttpCallValidator.kt:51)",
            "\tat io.ktor.client.plugins.HttpCallValidator$Companion$install$3.invokeSuspend(HttpCallValidator.kt:151)",
            "\tat io.ktor.client.plugins.HttpSend$Sender.execute(HttpSend.kt:138)",
            "\tat io.ktor.client.plugins.HttpRequestRetry$intercept$1.invokeSuspend(HttpRequestRetry.kt:301)",
            "\tat com.larkspur.quote.vehicle.MotorlensClient.lookup(MotorlensClient.kt:41)",
            "\tat com.larkspur.quote.vehicle.VehicleService.find(VehicleService.kt:20)",
            "\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)",
        ])

    def trace_timeout(vrm):
        return "\n".join([
            f"io.ktor.client.plugins.HttpRequestTimeoutException: Request timeout has expired [url=https://{MOTORLENS}/v2/vehicles/{vrm}, request_timeout=4000 ms]",
            "\tat io.ktor.client.plugins.HttpTimeoutKt$HttpTimeout$2$1$killer$1.invokeSuspend(HttpTimeout.kt:165)",
            "\tat kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)",
            "\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)",
        ])

    def fail_line(t, vrm, status, trace):
        ver = code_at(t)
        if ver[3]:
            msg = f"vehicle lookup failed vrm={vrm} ageIdentifier={vrm[2:4]} status={status}"
        else:
            msg = f"vehicle lookup failed vrm={vrm}"
        if START <= t < END:
            app.add(t, logback(t, thread(), "ERROR", "c.l.quote.vehicle.VehicleService", msg) + "\n" + trace)

    def motorlens(t, vrm, new_plate):
        """One lookup at t: (kind, duration ms, done time); logs the egress line."""
        r = rng.random()
        if new_plate or r < 0.016:
            dur = rng.randint(38, 95)
            done = t + dt.timedelta(milliseconds=dur)
            if START <= t < END:
                istio(t, "GET", f"/v2/vehicles/{vrm}", 404, MOTORLENS, dur, len(NOT_FOUND_BODY))
            stats["ml"]["404"].append(done)
            return "404", dur, done
        if r < 0.0175:
            dur = 4000
            done = t + dt.timedelta(milliseconds=dur)
            if START <= t < END:
                istio(t, "GET", f"/v2/vehicles/{vrm}", 0, MOTORLENS, dur, 0, flags="DC", details="downstream_remote_disconnect")
            stats["ml"]["5xx"].append(done)
            return "timeout", dur, done
        dur = int(rng.lognormvariate(4.7, 0.35))
        done = t + dt.timedelta(milliseconds=dur)
        if START <= t < END:
            istio(t, "GET", f"/v2/vehicles/{vrm}", 200, MOTORLENS, dur, rng.randint(1100, 1500))
        stats["ml"]["200"].append(done)
        return "200", dur, done

    def cobalt(t):
        dur = int(rng.lognormvariate(5.5, 0.3))
        if START <= t < END:
            istio(t, "POST", "/v1/soft-search", 200, COBALT, dur, rng.randint(2400, 5200))
        return dur, rng.random() < 0.06

    def price(t, channel, vehicle, quote_ref):
        credit_ms, nohit = cobalt(t)
        if nohit:
            a(t + dt.timedelta(milliseconds=credit_ms + 1), "WARN", "c.larkspur.quote.credit.CobaltClient", f"Cobalt soft search no-hit, pricing without a credit score quoteRef={quote_ref}")
        rating_ms = int(rng.lognormvariate(5.2, 0.3))
        done = t + dt.timedelta(milliseconds=credit_ms + rating_ms + rng.randint(8, 30))
        if rng.random() < 0.09:
            rule = rng.choice(["DRIVER_AGE_UNDER_MIN", "CONVICTION_CODE_DR10", "VEHICLE_GROUP_50_UNDER_25", "CLAIMS_3_IN_3Y", "POSTCODE_REFER_AREA"])
            a(done, "INFO", "c.larkspur.quote.quote.QuoteService", f"quote declined quoteRef={quote_ref} channel={channel} vehicle={vehicle} rule={rule}")
            stats["req"]["declined"].append(done)
            return done, "declined"
        premium = round(rng.lognormvariate(6.55, 0.45), 2)
        a(done, "INFO", "c.larkspur.quote.quote.QuoteService", f"quote priced quoteRef={quote_ref} channel={channel} vehicle={vehicle} premium={premium:.2f} credit_ms={credit_ms} rating_ms={rating_ms}")
        stats["req"]["priced"].append(done)
        return done, "priced"

    def qref():
        return f"LQ{rng.randint(10000000, 99999999)}"

    # --- web journeys: find your car, then (most of the time) the quote
    def web_journey(t, new_plate):
        vrm = plate(76 if new_plate else None)
        ip_ = client_ip()
        ua = rng.choice(UA_WEB)
        session = hexid(rng, 12)
        tries = 0
        while True:
            kind, dur, done = motorlens(t, vrm, new_plate)
            ver = code_at(t)
            if kind == "200":
                nginx(done, ip_, "GET", f"/v3/vehicles/{vrm}", 200, rng.randint(610, 780), dur / 1000 + 0.004, ua, "https://www.larkspur.co.uk/car-insurance/quote/your-car")
                vehicle = "verified"
                break
            if kind == "404" and not ver[2]:
                nginx(done, ip_, "GET", f"/v3/vehicles/{vrm}", 404, 96, dur / 1000 + 0.003, ua, "https://www.larkspur.co.uk/car-insurance/quote/your-car")
                pino(done + dt.timedelta(milliseconds=6), "info", "vehicle not found, offering manual selection", session=session, vrm=vrm, status=404)
                t = done + dt.timedelta(seconds=rng.uniform(35, 120))
                vehicle = "manual"
                if new_plate and rng.random() < 0.1:
                    return
                break
            # a failed lookup: 503 to the BFF
            if kind == "404":
                fail_line(done, vrm, 404, trace_404(vrm))
                if new_plate:
                    stats["plate_fail"].append(done)
            else:
                fail_line(done, vrm, "-", trace_timeout(vrm))
            stats["req"]["error"].append(done)
            nginx(done + dt.timedelta(milliseconds=3), ip_, "GET", f"/v3/vehicles/{vrm}", 503, 118, dur / 1000 + 0.006, ua, "https://www.larkspur.co.uk/car-insurance/quote/your-car")
            pino(done + dt.timedelta(milliseconds=9), "warn", "vehicle lookup unavailable", session=session, vrm=vrm, status=503, step="your-car", attempt=tries + 1)
            tries += 1
            if kind != "404" and rng.random() < 0.8:
                t = done + dt.timedelta(seconds=rng.uniform(4, 20))
                continue
            if tries >= 3 or rng.random() < 0.35:
                pino(done + dt.timedelta(seconds=rng.uniform(20, 90)), "info", "journey abandoned", session=session, step="your-car", reason="vehicle_lookup_unavailable")
                return
            t = done + dt.timedelta(seconds=rng.uniform(8, 45))
        if rng.random() > 0.72:
            return
        t2 = t + dt.timedelta(seconds=rng.uniform(90, 420))
        ref = qref()
        done, outcome = price(t2, "web", vehicle, ref)
        if START <= t2 < END:
            nginx(done, ip_, "POST", "/v3/quotes", 200 if outcome == "priced" else 422, rng.randint(1800, 2600) if outcome == "priced" else 140, (done - t2).total_seconds(), ua, "https://www.larkspur.co.uk/car-insurance/quote/review")

    # --- partner quotes: one call does the lookup, the search and the rating
    def partner_quote(t, new_plate):
        partner = rng.choices([p for p, _, _ in PARTNERS], [w for _, w, _ in PARTNERS])[0]
        ua = {p: u for p, _, u in PARTNERS}[partner]
        vrm = plate(76 if new_plate else None)
        kind, dur, done = motorlens(t, vrm, new_plate)
        ver = code_at(t)
        if kind == "200" or (kind == "404" and not ver[2]):
            vehicle = "verified" if kind == "200" else "declared"
            ref = qref()
            done2, outcome = price(done, partner, vehicle, ref)
            if START <= t < END:
                nginx(done2, partner_ips[partner], "POST", "/partner/v2/quotes", 200, rng.randint(1300, 2100), (done2 - t).total_seconds(), ua)
            return
        if kind == "404":
            fail_line(done, vrm, 404, trace_404(vrm))
            if new_plate:
                stats["plate_fail"].append(done)
        else:
            fail_line(done, vrm, "-", trace_timeout(vrm))
        stats["req"]["error"].append(done)
        if START <= t < END:
            nginx(done + dt.timedelta(milliseconds=3), partner_ips[partner], "POST", "/partner/v2/quotes", 503, 118, dur / 1000 + 0.007, ua)

    for t in poisson_times(rng, START - dt.timedelta(minutes=8), END, 8.0):
        if rng.random() < lerp(WEB_RATE, t) / 8.0:
            web_journey(t, False)
    for t in poisson_times(rng, START - dt.timedelta(minutes=2), END, 9.0):
        if rng.random() < lerp(PARTNER_RATE, t) / 9.0:
            partner_quote(t, False)
    for t in poisson_times(rng, PLATE_FROM, END, 4.5):
        if rng.random() < lerp(PLATE_RATE, t) / 4.5:
            if rng.random() < 0.42:
                web_journey(t, True)
            else:
                partner_quote(t, True)

    # --- routine app lines
    t = START + dt.timedelta(seconds=17)
    while t < END:
        a(t, "INFO", "c.larkspur.quote.metrics.PoolGauges", f"motorlens pool leased={rng.randint(2, 14)} pending=0 max={128 if code_at(t)[0] in ('2026.09.01-1', '2026.09.01-2') else 64}")
        t += dt.timedelta(minutes=5)
    for w in poisson_times(rng, START, END, 0.05):
        a(w, "WARN", "c.larkspur.quote.partner.PartnerAuth", f"partner request rejected: signature timestamp outside 300s window partner={rng.choice(['moneynest', 'covermarket'])}")

    # --- deploys: workflow logs and pod start lines
    def gha(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def start_pods(t, version, sha, key, n, pool, timeout):
        for k, pod in enumerate(pod_names(key, n)):
            ts = t + dt.timedelta(seconds=6 + 5 * k + rng.uniform(0, 3))
            if START <= ts < END:
                app.add(ts, logback(ts, "main", "INFO", "ktor.application", f"quote-api {version} ({sha[:12]}) starting on {pod}, motorlens.maxConnections={pool} motorlens.connectTimeout={timeout}"))
                ts2 = ts + dt.timedelta(milliseconds=rng.randint(2300, 3100))
                app.add(ts2, logback(ts2, "main", "INFO", "ktor.application", f"Application started in {rng.uniform(2.3, 3.1):.3f} seconds."))
                app.add(ts2 + dt.timedelta(milliseconds=40), logback(ts2 + dt.timedelta(milliseconds=40), "DefaultDispatcher-worker-1", "INFO", "ktor.application", "Responding at http://0.0.0.0:8080"))

    runs = [
        (DEPLOY_FRI, "ellie-marsh", shas["friday"], "quote: tell the rating engine whether the vehicle was verified (PR-640)", 56, "2026.08.28-1"),
        (DEPLOY_MON, "mzielinska", shas["monday"], "test: a Motorlens 503 is retried twice, then VehicleLookupUnavailable (QA-1482)", 57, "2026.08.31-1"),
        (RELEASE, "jwhitaker", shas["head"], "vehicle: log the Motorlens status and the plate's age identifier on lookup failures (OPS-977)", 58, "2026.09.01-1"),
        (FIX, "mzielinska", shas["fix"], "vehicle: a 404 from Motorlens is an unknown vehicle again (QA-1490)", 60, "2026.09.01-2"),
    ]
    run_id = 10688201344
    for when, actor, sha, subject, rev, version in runs:
        run_id += rng.randint(4000, 90000)
        t = when - dt.timedelta(seconds=38)
        gha(t, f"Requested labels: ubuntu-22.04")
        gha(t + dt.timedelta(seconds=1), f"Job defined at: larkspur/quote-api/.github/workflows/deploy.yml@refs/heads/main")
        gha(t + dt.timedelta(seconds=1, milliseconds=200), "Waiting for a runner to pick up this job...")
        gha(t + dt.timedelta(seconds=9), "##[group]Run actions/checkout@v4")
        gha(t + dt.timedelta(seconds=12), f"HEAD is now at {sha[:7]} {subject}")
        gha(t + dt.timedelta(seconds=12, milliseconds=300), "##[endgroup]")
        gha(t + dt.timedelta(seconds=13), f"Deploying {sha[:7]} (ref main) to motor-prod, run {run_id} requested by {actor}")
        gha(t + dt.timedelta(seconds=19), "Assuming role with OIDC: arn:aws:iam::611208392217:role/gha-quote-api-deploy")
        gha(t + dt.timedelta(seconds=24), "Added new context arn:aws:eks:eu-west-2:611208392217:cluster/motor-prod to /home/runner/.kube/config")
        gha(t + dt.timedelta(seconds=25), f"##[group]Run helm upgrade --install quote-api chart/quote-api --namespace quotes -f chart/quote-api/values-production.yaml --set image.tag=$(git rev-parse HEAD) --wait --timeout 10m")
        done = when + dt.timedelta(seconds=95 + rng.randint(0, 30))
        gha(done, 'Release "quote-api" has been upgraded. Happy Helming!')
        gha(done + dt.timedelta(milliseconds=2), "NAME: quote-api")
        gha(done + dt.timedelta(milliseconds=3), f"LAST DEPLOYED: {(when - dt.timedelta(seconds=12)).strftime('%a %b %e %H:%M:%S %Y')}")
        gha(done + dt.timedelta(milliseconds=4), "NAMESPACE: quotes")
        gha(done + dt.timedelta(milliseconds=5), "STATUS: deployed")
        gha(done + dt.timedelta(milliseconds=6), f"REVISION: {rev}")
        gha(done + dt.timedelta(milliseconds=900), "##[endgroup]")
        gha(done + dt.timedelta(seconds=1), "Cleaning up orphan processes")
        n = 12 if version in ("2026.09.01-1", "2026.09.01-2") else 6
        start_pods(when, version, sha, version, n, 128 if n == 12 else 64, "3s" if n == 12 else "2s")
    # the rollback: a helm rollback from the workflow's manual job
    run_id += 51877
    t = ROLLBACK - dt.timedelta(seconds=31)
    gha(t, "Requested labels: ubuntu-22.04")
    gha(t + dt.timedelta(seconds=1), "Job defined at: larkspur/quote-api/.github/workflows/rollback.yml@refs/heads/main")
    gha(t + dt.timedelta(seconds=1, milliseconds=200), "Waiting for a runner to pick up this job...")
    gha(t + dt.timedelta(seconds=14), f"Rolling back quote-api to revision 57, run {run_id} requested by jwhitaker")
    gha(t + dt.timedelta(seconds=22), "##[group]Run helm rollback quote-api 57 --namespace quotes --wait --timeout 10m")
    gha(ROLLBACK + dt.timedelta(seconds=88), "Rollback was a success! Happy Helming!")
    gha(ROLLBACK + dt.timedelta(seconds=88, milliseconds=700), "##[endgroup]")
    gha(ROLLBACK + dt.timedelta(seconds=89), "Cleaning up orphan processes")
    start_pods(ROLLBACK, "2026.08.31-1", shas["monday"], "rollback", 6, 64, "2s")

    # --- Slack
    users = {"james.whitaker": "U03JWH7K2", "marta.zielinska": "U04MZL91A", "priya.nair": "U02PNR4QX", "hannah.cole": "U05HCL2MM", "alertmanager": "B01ALRT9Z", "ellie.marsh": "U04EMS8PD"}

    def say(stamp, who, text):
        w = utc(stamp)
        chat.add(w, json.dumps({"type": "message", "ts": f"{int(w.timestamp())}.{rng.randint(100, 999999):06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    onset = min(stats["plate_fail"])
    say("2026-09-01 05:46:10", "james.whitaker", "plate day prep: PR #412 min replicas 12, Motorlens pool 128 + 3 s connect. and #413 puts the Motorlens status and the age identifier on the lookup failure line so we can watch the 76s. releasing ~07:15 BST")
    say("2026-09-01 06:17:40", "james.whitaker", f"2026.09.01-1 out ({shas['head'][:7]}), 12 pods, helm rev 58")
    say("2026-09-01 06:49:50", "alertmanager", "[FIRING:1] QuoteApiErrorRatio quote-api (severity=page) 5xx ratio 9.7% > 5% for 5m")
    say("2026-09-01 06:53:15", "james.whitaker", "looking. 503s on GET /v3/vehicles and POST /partner/v2/quotes. 'vehicle lookup failed vrm=..76.. ageIdentifier=76 status=404'. Motorlens doesn't know the new plates")
    say("2026-09-01 06:55:05", "priya.nair", "of course, plate day. people collecting their new cars this morning can't get past find-your-car")
    say("2026-09-01 07:01:30", "james.whitaker", "P1 raised with Motorlens (case 00418827). their status page is all green")
    say("2026-09-01 07:07:45", "hannah.cole", "sales line queue at 14 min, callers say the website tells them to try again later")
    say("2026-09-01 07:19:10", "james.whitaker", "the only thing that changed this morning is my release, pool 128 + connect timeout. can't see how that makes 404s but rolling back to rev 57 to rule it out")
    say("2026-09-01 07:25:55", "james.whitaker", "rolled back to 57 (2026.08.31-1)")
    say("2026-09-01 07:31:20", "james.whitaker", "no change, same 404 -> 503, just the old log line now")
    say("2026-09-01 07:33:40", "priya.nair", "PriceHound's account manager: we're missing from about 1 in 5 of their results since 07:40 BST, they get 503 from us")
    say("2026-09-01 07:38:05", "james.whitaker", "Motorlens support: 'Registrations from 1 September reach us in DVLA's overnight file and are available from 06:00 tomorrow. 404 VRM_NOT_FOUND is expected for them until then, as at every plate change.'")
    say("2026-09-01 07:40:30", "priya.nair", "so why do we error? in March the 26s just got 'choose your car from the list' and converted fine")
    say("2026-09-01 07:44:10", "marta.zielinska", "the trace is ClientRequestException 404 thrown in MotorlensClient.lookup. that's my QA-1482 from yesterday: expectSuccess = true throws on 4xx before the NotFound check, so VRM_NOT_FOUND never comes back as null any more. the tests only covered 503. sorry")
    say("2026-09-01 07:46:00", "james.whitaker", "that went out yesterday 10:24 BST with rev 57. so the odd lookup failures since then were typos failing instead of going to manual selection")
    say("2026-09-01 07:47:20", "marta.zielinska", "fix: catch ClientRequestException, 404 -> null, anything else rethrows. PR in 10 min")
    say("2026-09-01 08:01:50", "marta.zielinska", "PR #416 approved and merged, deploying main")
    say("2026-09-01 08:13:35", "marta.zielinska", "2026.09.01-2 out (main: the fix + this morning's plate day change). 76 plates get manual selection again")
    say("2026-09-01 08:18:40", "alertmanager", "[RESOLVED] QuoteApiErrorRatio quote-api (severity=page)")
    say("2026-09-01 08:24:15", "priya.nair", "PriceHound confirms we're back in their results. journeys with manual selection converting")
    say("2026-09-01 08:31:00", "james.whitaker", "writing it up. the 06:14 release was a red herring. follow-up: a contract test for VRM_NOT_FOUND and an alert on vehicle lookup failures by status")
    return [app, ingress, egress, web, deploy, chat], stats, onset


def build(out_dir):
    rng = random.Random(39100)
    repo, culprit, friday, monday, head, fix = build_repo()
    try:
        shas = {"friday": friday, "monday": monday, "head": head, "fix": fix}
        logs, stats, onset = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert utc("2026-09-01 06:40:00") <= onset <= utc("2026-09-01 06:46:00"), onset
        assert not [x for x in stats["plate_fail"] if x > FIX + READY + dt.timedelta(seconds=5)]

        def per_min(series, minutes=1):
            series = sorted(series)
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)

        mstart = START
        # two days of vehicle lookups by outcome, as the dashboard panel shows them
        drng = random.Random(39102)

        def diurnal(t):
            h = t.hour + t.minute / 60.0
            holiday = 0.8 if t.date() == dt.date(2026, 8, 31) else 1.0
            shape = 0.12 if h < 4.5 else 0.12 + (h - 4.5) * 0.22 if h < 8.5 else 1.0 if h < 17 else 1.15 if h < 20.5 else max(0.15, 1.15 - (h - 20.5) * 0.3)
            return 14.0 * shape * holiday

        lookups = {"found": {}, "not_found": {}, "error": {}}
        t = utc("2026-08-30 09:00:00")
        while t <= END:
            n = diurnal(t) * 5
            nf = max(0, round(drng.gauss(n * 0.012, (n * 0.012) ** 0.5 + 0.01)))
            to = 1 if drng.random() < n * 0.0015 else 0
            plates = 0
            if t >= PLATE_FROM:
                plates = round(lerp(PLATE_RATE, t) * 5 * drng.uniform(0.85, 1.15) * 1.5)
            bug = DEPLOY_MON + READY <= t < FIX + READY
            lookups["found"][t] = round(n * drng.uniform(0.95, 1.05))
            lookups["not_found"][t] = 0 if bug else nf + plates
            lookups["error"][t] = (nf + plates if bug else 0) + to
            t += dt.timedelta(minutes=5)

        def series_of(key):
            return lambda t: lookups[key].get(t)

        metrics = {
            "quote_vehicle_lookups_2d.json": query_range([({"result": k, "service": "quote-api"}, series_of(k)) for k in ("found", "not_found", "error")],
                                                         utc("2026-08-30 09:00:00"), utc("2026-09-01 08:50:00"), 300),
            "quote_requests_by_outcome.json": query_range([({"outcome": k, "service": "quote-api"}, per_min(v)) for k, v in stats["req"].items()], mstart, END, 60),
            "istio_requests_motorlens.json": query_range([({"destination_service": MOTORLENS, "response_code": k if k != "5xx" else "0", "reporter": "source"}, per_min(v)) for k, v in stats["ml"].items()], mstart, END, 60),
        }
        hours = (onset - utc("2026-08-31 08:38:00")).total_seconds() / 3600
        n_fail = len(stats["plate_fail"])
        return write_scenario(
            out_dir, name="r39-plate-day-expect-success", service=SERVICE, onset=onset,
            description=f"""
Larkspur Insurance's quote-api fails the find-your-car step of the quote
journey and the comparison sites' quotes for brand-new cars on new plate
day, Tuesday 1 September: from {onset.strftime('%H:%M:%S')} UTC, as buyers quote the cars
with "76" registrations they collect that morning, every one of them gets
503 ("vehicle details temporarily unavailable"); {n_fail} lookups of new
plates failed in all, the error ratio alert at 06:49, the sales line queue
at 14 minutes, PriceHound missing Larkspur from one result in five. A
plate-day release (replicas, the Motorlens pool and timeout, a new
failure line) had gone out at 06:14; rolling it back at 07:23 did not
help. A fix released at 08:09 ends it.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "quote-api.log": r'<Date> <Time> \[<Thread>\] <Level>\s+<Logger> - <Content>',
            },
            root_cause=[
                r"vehicle lookup failed",
                r"ClientRequestException: Client request\(GET .*\) invalid: 404 Not Found",
            ],
            fix_files=["src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt"],
            explanation=f"""
The culprit is QA-1482 ("vehicle: expectSuccess and retries for the
Motorlens client"), committed on Monday 31 August at 08:38 UTC (the UK
bank holiday, from Kraków) and released at 09:24 in a run whose checkout
names the test commit after it, {hours:.1f} hours before the onset. With
`expectSuccess = true` Ktor throws ClientRequestException on a 404 before
the `if (response.status == HttpStatusCode.NotFound) return null` line is
reached, so Motorlens' VRM_NOT_FOUND no longer means "offer manual
selection" but a failed lookup, which VehicleService turns into 503.
Through Monday and the night that only hits the odd typo or import (a
few an hour, lone "vehicle lookup failed" lines before the onset). On new
plate day every "76" registration is unknown to Motorlens until DVLA's
overnight file, as at every plate change, and from the morning's first
buyers the find-your-car step and the partner quotes for new cars fail.
The fix catches ClientRequestException and returns null for 404 in
src/main/kotlin/com/larkspur/quote/vehicle/MotorlensClient.kt (QA-1490,
released at 08:09).
Decoys: the 06:14 plate-day release, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(OPS-977: min replicas 6 -> 12 in values-production.yaml, Motorlens pool
64 -> 128 and connect timeout 2 s -> 3 s in application.conf, and OPS-977's
second commit, which adds the Motorlens status and the age identifier to
the very "vehicle lookup failed" line), rolled back at 07:23 without effect
(the line loses its new fields, the failures go on); Motorlens' 404s
themselves, which are expected for new registrations; the VRM
normalisation commit to the culprit's file four days before; the
logback bump the morning of the culprit; the runbook commit that
documents VRM_NOT_FOUND; the CI, Cobalt consent and rating-engine
commits; routine lookup timeouts, Cobalt no-hits, rating declines and
rejected partner signatures.
""",
        )
    finally:
        repo.close()
