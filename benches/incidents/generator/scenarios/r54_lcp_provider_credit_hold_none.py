"""licence-broker (Kotlin 2.1, Spring Boot 3.4 with RestClient; three pods on
GKE in us-central1, deployed by a manual GitHub Actions workflow running
`kubectl apply -k`; team in Minneapolis, Halifax and Galway) of Northstar
Digital Library, the consortium of 43 public library systems whose
Northstar Reads apps lend ebooks and audiobooks. loans-api (Node) asks
licence-broker for the DRM side of every loan: for an ebook, an LCP
licence from the vendor Ravel Rights' licence server (`POST
/lcp/v2/providers/ndl/licenses`, mutual TLS and an API key, through the
consortium's egress proxy whose address Ravel allowlists); for an
audiobook, a fulfilment from Audira. Early returns give the licence back
(`PUT .../licenses/{id}/return`) and the next patron in the title's holds
queue gets the copy: loans-api's holds worker checks it out for them
automatically. An hourly job registers newly bought titles with Ravel.

Tuesday 28 April. At 14:36 UTC licence-broker 3.8.0 goes out: LIC-611 the
renewed Ravel client certificate (the old one expires 15 May), LIC-608 of
the day before, which logs Ravel's problem details ("Ravel refused licence
request: ... status=403 code=RR-4031 title=\"Provider not authorized\""),
LIC-613 Audira's fulfilment link TTL, a Spring Boot bump. Licences are
created normally on the new certificate for 24 minutes.

At 15:00:00 Ravel's billing system places the consortium's provider
account on credit hold: invoice RR-INV-2026-0131 (the annual platform
fee, due 28 February) is unpaid, and the reminders and the final notice
("the account will be placed on credit hold on 28 April at 15:00 UTC")
went to ap@northstardigital.org, the mailbox of a finance manager who left
in February. From the first request after 15:00 every licence creation,
return and publication registration answers 403 RR-4031 "Provider not
authorized"; every ebook checkout fails and holds that come available
cannot be checked out; audiobooks work. Ravel's automatic email about the
hold goes to the same unread mailbox; its status page stays green.

The on-call reads a 403 24 minutes after a certificate change as the
certificate and rolls back at 15:14 (3.7.2, old certificate): the 403s go
on (as "licence request to Ravel failed: ... 403 Forbidden" with the
body), the runbook's other suspect, the API key, has not changed since
January, and the proxy shows the TLS tunnels to Ravel working. A P1 to
Ravel at 15:24 is answered at 16:05: the account is on credit hold for
RR-INV-2026-0131. Finance finds the notices in ap@, pays by card, Ravel
lifts the hold at 16:36, the holds worker works off its backlog and 3.8.0
goes out again at 16:55. Nothing in licence-broker caused it.

Sources: licence-broker (Spring Boot console through `kubectl logs
--prefix`, line format), loans-api (pino JSON), the egress proxy's Squid
access log (native format, tunnel per connection), Ravel's status page as
the status relay polls it (JSON), GitHub Actions deploy runs,
#ndl-platform (Slack export, text), the day's mail from the shared
mailboxes ap@ and platform@ (JSON lines)."""

import datetime as dt
import heapq
import itertools
import json
import random
import uuid

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "licence-broker"
START, END = utc("2026-04-28 13:30:00"), utc("2026-04-28 17:15:00")
FRI_DEPLOY = utc("2026-04-24 16:02:00")
RELEASE = utc("2026-04-28 14:36:10")       # 3.8.0 pods start
HOLD = utc("2026-04-28 15:00:00")          # Ravel's billing run puts the provider on credit hold
ROLLBACK = utc("2026-04-28 15:14:30")      # kubectl rollout undo -> 3.7.2
TICKET = utc("2026-04-28 15:24:10")
SUPPORT_REPLY = utc("2026-04-28 16:05:12")
LIFTED = utc("2026-04-28 16:36:20")
REDEPLOY = utc("2026-04-28 16:55:20")      # 3.8.0 again
PROVIDER = "ndl"
RAVEL = "lcp.ravelrights.com"
RAVEL_IPS = ["18.192.44.210", "3.124.81.17"]
AUDIRA_IPS = ["104.18.22.71"]
PROBLEM = ('{"type":"https://docs.ravelrights.com/problems/provider-not-authorized","title":"Provider not authorized","status":403,'
           '"detail":"The provider is not authorized to perform this operation.","code":"RR-4031","instance":"/lcp/v2/providers/ndl/%s"}')


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    kotlin("jvm") version "2.1.10"
    kotlin("plugin.spring") version "2.1.10"
    id("org.springframework.boot") version "3.4.4"
    id("io.spring.dependency-management") version "1.1.7"
}

group = "org.northstardigital"
java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("org.apache.httpcomponents.client5:httpclient5")
    implementation("io.micrometer:micrometer-tracing-bridge-otel")
    implementation("io.micrometer:micrometer-registry-prometheus")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("com.squareup.okhttp3:mockwebserver:4.12.0")
}
"""

APP_YML = """spring:
  application:
    name: licence-broker
  threads:
    virtual:
      enabled: true
server:
  port: 8080
management:
  endpoints.web.exposure.include: health,prometheus
ravel:
  base-url: https://lcp.ravelrights.com
  provider-id: ndl
  api-key: ${RAVEL_API_KEY}
  keystore: /etc/ravel/client.p12
  keystore-password: ${RAVEL_KEYSTORE_PASSWORD}
  proxy: http://egress-proxy.platform.svc.cluster.local:3128
  connect-timeout: 2s
  read-timeout: 10s
  licence-rights:
    print: 20
    copy: 2000
audira:
  base-url: https://api.audira.com/v3
  library-id: ndl-consortium
  api-key: ${AUDIRA_API_KEY}
  fulfilment-link-ttl: 10m
ingest:
  cron: "0 10 * * * *"
"""

APP_KT = """package org.northstardigital.licence

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.context.properties.ConfigurationPropertiesScan
import org.springframework.boot.runApplication
import org.springframework.scheduling.annotation.EnableScheduling

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
class LicenceBrokerApplication

fun main(args: Array<String>) {
    runApplication<LicenceBrokerApplication>(*args)
}
"""

PROPS_KT = """package org.northstardigital.licence.ravel

import org.springframework.boot.context.properties.ConfigurationProperties
import java.time.Duration

@ConfigurationProperties("ravel")
data class RavelProperties(
    val baseUrl: String,
    val providerId: String,
    val apiKey: String,
    val keystore: String,
    val keystorePassword: String,
    val proxy: String,
    val connectTimeout: Duration,
    val readTimeout: Duration,
    val licenceRights: Rights,
) {
    data class Rights(val print: Int, val copy: Int)
}
"""

CLIENT_KT = """package org.northstardigital.licence.ravel

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClient
import org.springframework.web.client.RestClientResponseException
import org.springframework.web.client.body
import java.time.Instant

/** Ravel Rights' LCP licence server: one licence per ebook loan, given back on an early return. */
@Component
class RavelLcpClient(private val props: RavelProperties, factory: RavelHttp) {
    private val log = LoggerFactory.getLogger(javaClass)
    private val rest: RestClient = factory.client()

    fun createLicence(loanId: String, publicationId: String, userId: String, passphraseHash: String, hint: String, end: Instant): Licence {
        val started = System.nanoTime()
        val body = LicenceRequest(publicationId, userId, passphraseHash, hint,
            Rights(props.licenceRights.print, props.licenceRights.copy, Instant.now(), end))
        val licence = try {
            rest.post().uri("/lcp/v2/providers/{p}/licenses", props.providerId)
                .header("Idempotency-Key", loanId)
                .body(body).retrieve().body<Licence>()!!
        } catch (e: RestClientResponseException) {
            log.error("licence request to Ravel failed: loan={} {}", loanId, e.toString())
            throw LicenceUnavailable(e)
        }
        log.info("licence created: loan={} licence={} publication={} rights.end={} took={}ms",
            loanId, licence.id, publicationId, end, (System.nanoTime() - started) / 1_000_000)
        return licence
    }

    fun returnLicence(loanId: String, licenceId: String) {
        try {
            rest.put().uri("/lcp/v2/providers/{p}/licenses/{id}/return", props.providerId, licenceId).retrieve().toBodilessEntity()
        } catch (e: RestClientResponseException) {
            log.error("licence return to Ravel failed: loan={} licence={} {}", loanId, licenceId, e.toString())
            throw LicenceUnavailable(e)
        }
        log.info("licence returned: loan={} licence={}", loanId, licenceId)
    }

    fun registerPublication(p: PublicationRequest): String =
        rest.post().uri("/lcp/v2/providers/{p}/publications", props.providerId).body(p).retrieve().body<Publication>()!!.id
}

data class Rights(val print: Int, val copy: Int, val start: Instant, val end: Instant)
data class LicenceRequest(val publicationId: String, val userId: String, val passphraseHash: String, val hint: String, val rights: Rights)
data class Licence(val id: String, val statusUrl: String)
data class PublicationRequest(val contentId: String, val title: String, val encryptedUrl: String, val contentKey: String)
data class Publication(val id: String)

class LicenceUnavailable(cause: Throwable) : RuntimeException(cause)
"""

HTTP_KT = """package org.northstardigital.licence.ravel

import org.apache.hc.client5.http.config.ConnectionConfig
import org.apache.hc.client5.http.config.RequestConfig
import org.apache.hc.client5.http.impl.classic.HttpClients
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder
import org.apache.hc.core5.http.HttpHost
import org.apache.hc.core5.ssl.SSLContexts
import org.apache.hc.core5.util.Timeout
import org.slf4j.LoggerFactory
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClient
import java.io.File
import java.net.URI
import java.security.KeyStore
import java.security.cert.X509Certificate

/** mTLS with the client certificate Ravel knows us by, through the egress proxy Ravel allowlists. */
@Component
class RavelHttp(private val props: RavelProperties) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun client(): RestClient {
        val keystore = KeyStore.getInstance("PKCS12").apply {
            File(props.keystore).inputStream().use { load(it, props.keystorePassword.toCharArray()) }
        }
        val cert = keystore.getCertificate(keystore.aliases().nextElement()) as X509Certificate
        log.info("Ravel client certificate: subject={} serial={} notAfter={}", cert.subjectX500Principal.name,
            cert.serialNumber.toString(16), cert.notAfter.toInstant())
        val ssl = SSLContexts.custom().loadKeyMaterial(keystore, props.keystorePassword.toCharArray()).build()
        val connections = PoolingHttpClientConnectionManagerBuilder.create()
            .setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create().setSslContext(ssl).build())
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(props.connectTimeout)).setSocketTimeout(Timeout.of(props.readTimeout)).build())
            .setMaxConnPerRoute(20).build()
        val proxy = URI(props.proxy)
        val http = HttpClients.custom().setConnectionManager(connections)
            .setProxy(HttpHost(proxy.scheme, proxy.host, proxy.port))
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(props.readTimeout)).build())
            .build()
        return RestClient.builder().baseUrl(props.baseUrl)
            .defaultHeader("X-Api-Key", props.apiKey)
            .requestFactory(HttpComponentsClientHttpRequestFactory(http)).build()
    }
}
"""

AUDIRA_KT = """package org.northstardigital.licence.audira

import org.slf4j.LoggerFactory
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClient
import org.springframework.web.client.body
import java.time.Duration

/** Audira: audiobook checkouts and the fulfilment link the app streams from. */
@Component
class AudiraClient(
    @Value("\\${audira.base-url}") baseUrl: String,
    @Value("\\${audira.library-id}") private val libraryId: String,
    @Value("\\${audira.api-key}") apiKey: String,
    @Value("\\${audira.fulfilment-link-ttl}") private val linkTtl: Duration,
) {
    private val log = LoggerFactory.getLogger(javaClass)
    private val rest = RestClient.builder().baseUrl(baseUrl).defaultHeader("Authorization", "Bearer $apiKey").build()

    fun checkout(loanId: String, titleId: String, patron: String): Fulfilment {
        val started = System.nanoTime()
        val f = rest.post().uri("/libraries/{l}/checkouts", libraryId)
            .body(mapOf("loan_id" to loanId, "title_id" to titleId, "patron" to patron, "link_ttl_seconds" to linkTtl.seconds))
            .retrieve().body<Fulfilment>()!!
        log.info("audira checkout: loan={} title={} fulfilment={} took={}ms", loanId, titleId, f.id, (System.nanoTime() - started) / 1_000_000)
        return f
    }
}

data class Fulfilment(val id: String, val url: String)
"""

CONTROLLER_KT = """package org.northstardigital.licence.api

import org.northstardigital.licence.audira.AudiraClient
import org.northstardigital.licence.ravel.LicenceUnavailable
import org.northstardigital.licence.ravel.RavelLcpClient
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.*
import java.time.Instant

/** Called by loans-api only (cluster-internal). */
@RestController
@RequestMapping("/internal/licences")
class LicenceController(private val ravel: RavelLcpClient, private val audira: AudiraClient) {

    @PostMapping
    fun create(@RequestBody r: CreateLicence): ResponseEntity<Any> = try {
        val body: Any = when (r.format) {
            "ebook" -> ravel.createLicence(r.loanId, r.publicationId!!, r.userId, r.passphraseHash!!, r.hint!!, r.end)
            else -> audira.checkout(r.loanId, r.titleId, r.userId)
        }
        ResponseEntity.status(HttpStatus.CREATED).body(body)
    } catch (e: LicenceUnavailable) {
        ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(mapOf("error" to "licence_unavailable"))
    }

    @PutMapping("/{licenceId}/return")
    fun giveBack(@PathVariable licenceId: String, @RequestParam loanId: String): ResponseEntity<Any> = try {
        ravel.returnLicence(loanId, licenceId)
        ResponseEntity.noContent().build()
    } catch (e: LicenceUnavailable) {
        ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(mapOf("error" to "licence_unavailable"))
    }
}

data class CreateLicence(val loanId: String, val titleId: String, val format: String, val userId: String,
                         val publicationId: String?, val passphraseHash: String?, val hint: String?, val end: Instant)
"""

INGEST_KT = """package org.northstardigital.licence.ingest

import org.northstardigital.licence.ravel.PublicationRequest
import org.northstardigital.licence.ravel.RavelLcpClient
import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import org.springframework.web.client.RestClientResponseException

/** Registers the encrypted EPUBs of newly bought titles with Ravel, hourly. */
@Component
class PublicationIngestJob(private val ravel: RavelLcpClient, private val pending: PendingPublications) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(cron = "\\${ingest.cron}")
    fun run() {
        if (!pending.tryLock()) return
        val batch = pending.next(200)
        var failed = 0
        for (p in batch) {
            try {
                pending.done(p.contentId, ravel.registerPublication(p))
            } catch (e: RestClientResponseException) {
                failed++
                log.warn("publication registration failed: content={} status={}", p.contentId, e.statusCode.value())
            }
        }
        log.info("publication ingest: registered={} failed={} pending={}", batch.size - failed, failed, pending.count())
    }
}

interface PendingPublications {
    fun tryLock(): Boolean
    fun next(n: Int): List<PublicationRequest>
    fun done(contentId: String, publicationId: String)
    fun count(): Int
}
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: licence-broker
spec:
  replicas: 3
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  selector:
    matchLabels: { app: licence-broker }
  template:
    metadata:
      labels: { app: licence-broker }
    spec:
      containers:
        - name: licence-broker
          image: us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker
          ports: [{ containerPort: 8080 }]
          env:
            - { name: SPRING_PROFILES_ACTIVE, value: production }
          envFrom:
            - secretRef: { name: ravel-api }
            - secretRef: { name: audira-api }
          volumeMounts:
            - { name: ravel-client, mountPath: /etc/ravel, readOnly: true }
          readinessProbe:
            httpGet: { path: /actuator/health/readiness, port: 8080 }
          resources:
            requests: { cpu: 500m, memory: 768Mi }
            limits: { memory: 1Gi }
      volumes:
        - name: ravel-client
          secret: { secretName: ravel-client-2025 }
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: loans
resources:
  - ../../base
images:
  - name: us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker
    newTag: set-by-deploy-workflow
"""

DEPLOY_WF = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version: { description: "release version, e.g. 3.8.0", required: true }
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    permissions: { id-token: write, contents: read }
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with: { distribution: temurin, java-version: '21' }
      - uses: google-github-actions/auth@v2
        with: { workload_identity_provider: projects/418803566201/locations/global/workloadIdentityPools/github/providers/github, service_account: deployer@ndl-prod.iam.gserviceaccount.com }
      - uses: google-github-actions/get-gke-credentials@v2
        with: { cluster_name: ndl-prod, location: us-central1 }
      - run: ./gradlew bootBuildImage --imageName=$IMAGE:${{ inputs.version }}-${GITHUB_SHA::7} --publishImage
        env: { IMAGE: us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker }
      - run: cd deploy/overlays/production && kustomize edit set image us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker:${{ inputs.version }}-${GITHUB_SHA::7} && kubectl apply -k . && kubectl -n loans rollout status deployment/licence-broker --timeout=5m
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
        with: { distribution: temurin, java-version: '21' }
      - run: ./gradlew test
"""

RUNBOOK_ALERTS = [
    ("LicenceCreateErrors", "More than 5 % of ebook licence requests fail for 5 minutes. Ebook checkouts and hold auto-checkouts fail with it; audiobooks (Audira) are separate."),
    ("AudiraErrors", "Audira answers 5xx or 429. 429 is their per-library rate limit (20/s); it clears by itself."),
]


def build_repo():
    repo = Repo()
    ingrid = Person("Ingrid Solberg", "ingrid.solberg@northstardigital.org", -300)
    marcus = Person("Marcus Oyelaran", "marcus.oyelaran@northstardigital.org", -180)
    aoife = Person("Aoife Brennan", "aoife.brennan@northstardigital.org", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    pkg = "src/main/kotlin/org/northstardigital/licence"
    client = f"{pkg}/ravel/RavelLcpClient.kt"
    files = {
        "build.gradle.kts": BUILD,
        "settings.gradle.kts": 'rootProject.name = "licence-broker"\n',
        "src/main/resources/application.yml": APP_YML,
        f"{pkg}/LicenceBrokerApplication.kt": APP_KT,
        f"{pkg}/ravel/RavelProperties.kt": PROPS_KT,
        client: CLIENT_KT,
        f"{pkg}/ravel/RavelHttp.kt": HTTP_KT,
        f"{pkg}/audira/AudiraClient.kt": AUDIRA_KT,
        f"{pkg}/api/LicenceController.kt": CONTROLLER_KT,
        f"{pkg}/ingest/PublicationIngestJob.kt": INGEST_KT,
        "deploy/base/deployment.yaml": DEPLOYMENT,
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n",
        "deploy/base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: licence-broker\nspec:\n  selector: { app: licence-broker }\n  ports: [{ port: 80, targetPort: 8080 }]\n",
        "deploy/overlays/production/kustomization.yaml": KUSTOMIZATION,
        ".github/workflows/ci.yml": CI,
        ".github/workflows/deploy.yml": DEPLOY_WF,
        "README.md": "# licence-broker\n\nThe DRM side of Northstar Reads loans, for loans-api: LCP licences from\nRavel Rights for ebooks (created at checkout, given back on an early\nreturn), audiobook checkouts at Audira, and the hourly registration of\nnew titles' encrypted EPUBs with Ravel.\n\n## Running locally\n\n```\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-04-22 14:05:00"), ingrid, "licence-broker: LCP licences from Ravel and audiobook checkouts from Audira", files)
    crng = random.Random(54203)
    repo.schedule(chores(crng, SERVICE, [ingrid, marcus, aoife], utc("2026-04-22 16:00:00"), utc("2026-04-24 12:00:00"), 2)
                  + chores(crng, SERVICE, [marcus], utc("2026-04-27 12:00:00"), utc("2026-04-27 20:00:00"), 1))
    repo.commit(utc("2026-04-23 15:32:00"), marcus, "runbook: Ravel refusing our requests (LIC-602)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Ravel answers 401 or 403\n\nRavel refuses a request when it does not recognise us: either the mTLS\nclient certificate (renewed yearly in Ravel's partner portal, mounted from\nthe Secret `ravel-client-<year>`; the startup line \"Ravel client\ncertificate: ... notAfter=\" shows which one a pod uses) or the API key\n(Secret `ravel-api`). Check the certificate first, especially after a\nrenewal, and roll back to the previous certificate if in doubt. Outages\non Ravel's side show on status.ravelrights.com and answer 5xx, not 403.\n",
    })
    repo.commit(utc("2026-04-23 20:12:00"), aoife, "docs: how a loan gets its licence", {
        "docs/licences.md": "# How a loan gets its licence\n\n1. loans-api reserves a copy (our licence pool per title) and calls\n   `POST /internal/licences`.\n2. Ebook: licence-broker asks Ravel for an LCP licence for the patron\n   (user key hint: the library card's last four digits), valid for the\n   loan period. The app downloads the licence and the encrypted EPUB;\n   devices check the licence's status at Ravel's LSD server themselves.\n3. Audiobook: an Audira checkout; the app streams from the fulfilment\n   link.\n4. Early return: `PUT /internal/licences/{id}/return` gives the licence\n   back at Ravel and loans-api offers the copy to the next hold.\n\nRavel bills a yearly platform fee and per licence; finance handles the\ninvoices (ap@).\n",
    })
    repo.commit(utc("2026-04-24 13:41:00"), ingrid, "ravel: connect timeout 2s -> 5s, read timeout 10s -> 15s (LIC-606)\n\nRavel's p99 for licence creation was 6-8 s during their maintenance on\nTuesday night; checkouts failed that could have waited.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "  connect-timeout: 2s\n  read-timeout: 10s\n", "  connect-timeout: 5s\n  read-timeout: 15s\n"),
    })
    fri = repo.commit(utc("2026-04-24 14:28:00"), marcus, "ci: cache the Gradle home between runs", {
        ".github/workflows/ci.yml": sub(repo.files[".github/workflows/ci.yml"], "      - run: ./gradlew test\n", "      - uses: gradle/actions/setup-gradle@v4\n      - run: ./gradlew test\n"),
    })
    repo.commit(utc("2026-04-27 06:21:00"), bot, "Bump org.springframework.boot from 3.4.4 to 3.4.5\n\nBumps org.springframework.boot from 3.4.4 to 3.4.5.", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'id("org.springframework.boot") version "3.4.4"', 'id("org.springframework.boot") version "3.4.5"'),
    })
    repo.commit(utc("2026-04-27 15:11:00"), marcus, "ravel: log Ravel's problem details when it refuses a request (LIC-608)\n\nThe whole HttpClientErrorException with its JSON body on one line was\nhard to search; Ravel's support asks for the code and request id.", {
        client: sub(repo.files[client],
                    "import org.springframework.web.client.body\nimport java.time.Instant\n",
                    "import org.springframework.web.client.body\nimport java.time.Instant\n\ndata class RavelProblem(val title: String? = null, val status: Int? = null, val detail: String? = null, val code: String? = null)\n",
                    '''        } catch (e: RestClientResponseException) {
            log.error("licence request to Ravel failed: loan={} {}", loanId, e.toString())
            throw LicenceUnavailable(e)
        }''', '''        } catch (e: RestClientResponseException) {
            val p = problem(e)
            log.warn("Ravel refused licence request: loan={} status={} code={} title=\\"{}\\" detail=\\"{}\\" ravel_request_id={}",
                loanId, e.statusCode.value(), p.code, p.title, p.detail, e.responseHeaders?.getFirst("X-Request-Id"))
            throw LicenceUnavailable(e)
        }''',
                    '''        } catch (e: RestClientResponseException) {
            log.error("licence return to Ravel failed: loan={} licence={} {}", loanId, licenceId, e.toString())
            throw LicenceUnavailable(e)
        }''', '''        } catch (e: RestClientResponseException) {
            val p = problem(e)
            log.warn("Ravel refused licence return: loan={} licence={} status={} code={} title=\\"{}\\" ravel_request_id={}",
                loanId, licenceId, e.statusCode.value(), p.code, p.title, e.responseHeaders?.getFirst("X-Request-Id"))
            throw LicenceUnavailable(e)
        }''',
                    "    fun registerPublication(p: PublicationRequest): String =",
                    "    private fun problem(e: RestClientResponseException): RavelProblem =\n        runCatching { e.getResponseBodyAs(RavelProblem::class.java) }.getOrNull() ?: RavelProblem(title = e.statusText)\n\n    fun registerPublication(p: PublicationRequest): String ="),
    })
    repo.commit(utc("2026-04-27 19:42:00"), aoife, "ravel: the renewed client certificate (LIC-611)\n\nThe 2025 certificate expires on 15 May. The 2026 one was issued and\nregistered in Ravel's partner portal on Friday (serial 4f1c...), the\nSecret ravel-client-2026 is in place in both clusters.", {
        "deploy/base/deployment.yaml": sub(repo.files["deploy/base/deployment.yaml"], "secretName: ravel-client-2025", "secretName: ravel-client-2026"),
    })
    repo.commit(utc("2026-04-28 12:52:00"), ingrid, "audira: fulfilment links valid for 30 minutes (LIC-613)\n\nPatrons on slow connections lost the stream when the link expired\nbefore the first chapter had buffered.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "  fulfilment-link-ttl: 10m\n", "  fulfilment-link-ttl: 30m\n"),
    })
    tue = repo.commit(utc("2026-04-28 14:03:00"), marcus, "tests: Ravel problem details are logged and the loan fails with 502", {
        "src/test/kotlin/org/northstardigital/licence/ravel/RavelLcpClientTest.kt": """package org.northstardigital.licence.ravel

import okhttp3.mockwebserver.MockResponse
import okhttp3.mockwebserver.MockWebServer
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

class RavelLcpClientTest {
    private val server = MockWebServer()

    @Test
    fun `a refused licence request fails the loan`() {
        server.enqueue(MockResponse().setResponseCode(403).setHeader("Content-Type", "application/problem+json")
            .setBody(\"\"\"{"title":"Forbidden","status":403,"code":"RR-4030"}\"\"\"))
        val client = testClient(server)
        assertThrows<LicenceUnavailable> {
            client.createLicence("L-1", "pub-1", "u-1", "hash", "1234", Instant.parse("2026-05-12T00:00:00Z"))
        }
    }
}
""",
    })
    after = repo.commit(utc("2026-04-28 16:49:00"), marcus, "runbook: RR-4031 is the provider account, not our certificate", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "on Ravel's side show on status.ravelrights.com and answer 5xx, not 403.\n",
                               "on Ravel's side show on status.ravelrights.com and answer 5xx, not 403.\n\n"
                               "RR-4031 \"Provider not authorized\" on every request (licences, returns\nand publication registrations alike) is the provider account itself:\n"
                               "Ravel puts it on hold for overdue invoices. Open a P1 with Ravel support\nand ask finance (finance@, not ap@) whether an invoice is overdue.\n"),
    })
    return repo, {"fri": fri, "tue": tue, "after": after}


# ---------------------------------------------------------------------------
# the day


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def build_logs(rng, shas):
    lb, loans, squid, status, gha, slack, mail = (Log("licence-broker.log"), Log("loans-api.log"), Log("egress-proxy-access.log"),
                                                  Log("ravel-status-relay.log"), Log("github-actions-deploy.log"),
                                                  Log("slack-ndl-platform.log"), Log("mail-export.log"))
    t_start, t_end = secs(START), secs(END)
    stats = {"ok": {}, "err": {}, "first_403": None, "refused": 0, "audira": {}, "backlog_max": 0}

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    # --- pods (three slots, rolled one by one)
    def names(rs):
        return [f"licence-broker-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]

    epochs = [(secs(FRI_DEPLOY), "7c6d9f8b54", "3.7.2", shas["fri"], "2025"), (secs(RELEASE), "5f8b7c6d9c", "3.8.0", shas["tue"], "2026"),
              (secs(ROLLBACK), "7c6d9f8b54", "3.7.2", shas["fri"], "2025"), (secs(REDEPLOY), "84d9c7b6f5", "3.8.0", shas["after"], "2026")]
    slots = [[] for _ in range(3)]
    pods = []
    for ei, (x0, rs, ver, sha, cert) in enumerate(epochs):
        nm = names(rs)
        for k in range(3):
            t0 = x0 + k * rng.uniform(22, 28) + rng.uniform(0, 2)
            pod = {"name": nm[k], "ver": ver, "sha": sha, "cert": cert, "start": t0, "epoch": ei, "ip": f"10.28.{rng.randint(1, 3)}.{rng.randint(130, 200)}"}
            slots[k].append((t0 + 14.0, pod))
            pods.append(pod)
    for k in range(3):
        for i, (t0, pod) in enumerate(slots[k]):
            pod["end"] = slots[k][i + 1][0] if i + 1 < len(slots[k]) else t_end + 1

    def pod_at(x):
        k = rng.randrange(3)
        cur = slots[k][0][1]
        for t0, pod in slots[k]:
            if x >= t0:
                cur = pod
        return cur

    threads = [f"nio-8080-exec-{n}" for n in range(1, 11)]

    def sb(x, pod, level, logger, msg, thread=None, trace=True):
        if not t_start <= x < t_end:
            return
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        corr = f"[{hexid(rng, 32)}-{hexid(rng, 16)}]" if trace else "[                                                 ]"
        th = (thread or rng.choice(threads))[-15:]
        lb.add(t, f"[pod/{pod['name']}/licence-broker] {stamp} {level:>5} 1 --- [licence-broker] [{th:>15}] {corr} {logger:<40.40} : {msg}")

    RAVEL_LOG = "o.n.licence.ravel.RavelLcpClient"
    AUDIRA_LOG = "o.n.licence.audira.AudiraClient"

    def on_hold(x):
        return secs(HOLD) <= x < secs(LIFTED)

    # --- pod starts
    certs = {"2025": ("CN=licence-broker.ndl,O=Northstar Digital Library,C=US", "3a9e07d21c", "2026-05-15T23:59:59Z"),
             "2026": ("CN=licence-broker.ndl,O=Northstar Digital Library,C=US", "4f1c88b06e", "2027-05-20T23:59:59Z")}
    for pod in pods:
        if pod["epoch"] == 0:
            continue
        x = pod["start"]
        main = "main"
        sb(x, pod, "INFO", "o.n.licence.LicenceBrokerApplication", f"Starting LicenceBrokerApplication v{pod['ver']} using Java 21.0.6 with PID 1 (/workspace/BOOT-INF/classes started by cnb in /workspace)", main, False)
        sb(x + 0.01, pod, "INFO", "o.n.licence.LicenceBrokerApplication", 'The following 1 profile is active: "production"', main, False)
        sb(x + 2.9, pod, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)", main, False)
        subj, serial, na = certs[pod["cert"]]
        sb(x + 4.2, pod, "INFO", "o.n.licence.ravel.RavelHttp", f"Ravel client certificate: subject={subj} serial={serial} notAfter={na}", main, False)
        sb(x + 6.8, pod, "INFO", "o.s.b.a.e.web.EndpointLinksResolver", "Exposing 2 endpoints beneath base path '/actuator'", main, False)
        sb(x + 7.4, pod, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'", main, False)
        sb(x + 7.5, pod, "INFO", "o.n.licence.LicenceBrokerApplication", f"Started LicenceBrokerApplication in {7.5 + rng.uniform(-0.4, 0.4):.3f} seconds (process running for {8.1 + rng.uniform(-0.4, 0.4):.3f})", main, False)
    for pod in pods:
        if pod["end"] > t_end:
            continue
        sb(pod["end"] + 0.2, pod, "INFO", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", "ionShutdownHook", False)
        sb(pod["end"] + 0.6, pod, "INFO", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete", "tomcat-shutdown", False)

    loans_pods = ["loans-api-6b8c5d7f49-k2wrt", "loans-api-6b8c5d7f49-pq8zn", "loans-api-6b8c5d7f49-v5mxd"]

    def lapi(x, level, msg, **fields):
        if not t_start <= x < t_end:
            return
        loans.add(at(x), pino(at(x), level, msg, pid=1, hostname=rng.choice(loans_pods), **fields))

    def lib():
        return rng.choice(["MVLS"] * 10 + ["LCLC"] * 7 + ["PRLS"] * 6 + ["HCPL"] * 6 + ["IRPL"] * 4 + ["BWRL"] * 4 + ["CRLS"] * 4 + ["RRCL"] * 3
                          + ["TPPL", "SVPL", "BHRL", "NSLS", "WCCL", "GLRL", "MSPL", "SCPL", "KRLS", "DVPL", "ONRL", "BLPL", "PHPL"])

    def minute(table, x):
        m = int(x // 60) * 60
        table[m] = table.get(m, 0) + 1

    loan_seq = [8841000]

    def loan_id():
        loan_seq[0] += rng.randint(1, 3)
        return f"L-{loan_seq[0]}"

    # --- Ravel request outcomes
    def ravel_create(x, pod, loan, pub, kind):
        """Returns (ok, took). Writes licence-broker's lines."""
        if on_hold(x):
            took = rng.uniform(0.06, 0.14)
            reqid = hexid(rng, 26).upper()
            if stats["first_403"] is None:
                stats["first_403"] = x
            stats["refused"] += 1
            minute(stats["err"], x)
            if pod["ver"] == "3.8.0":
                sb(x + took, pod, "WARN", RAVEL_LOG, f'Ravel refused licence request: loan={loan} status=403 code=RR-4031 title="Provider not authorized" detail="The provider is not authorized to perform this operation." ravel_request_id={reqid}')
            else:
                body = PROBLEM % "licenses"
                sb(x + took, pod, "ERROR", RAVEL_LOG, f'licence request to Ravel failed: loan={loan} org.springframework.web.client.HttpClientErrorException$Forbidden: 403 Forbidden: "{body}"')
            return False, took
        if rng.random() < 0.0025:
            took = 15.0 if pod["ver"] == "3.7.2" else 15.0
            sb(x + took, pod, "ERROR", RAVEL_LOG, f"licence request to Ravel failed: loan={loan} org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://{RAVEL}/lcp/v2/providers/ndl/licenses\": Read timed out")
            minute(stats["err"], x)
            return False, took
        took = rng.lognormvariate(0, 0.3) * 0.38
        end = (at(x) + dt.timedelta(days=rng.choice([7, 14, 14, 21]))).strftime("%Y-%m-%dT%H:%M:%SZ")
        sb(x + took, pod, "INFO", RAVEL_LOG, f"licence created: loan={loan} licence={uid()} publication={pub} rights.end={end} took={int(took * 1000)}ms")
        minute(stats["ok"], x)
        return True, took

    # --- checkouts, holds and returns through loans-api
    counter = itertools.count()
    queue = []
    backlog = {}   # hold id -> (library, title, tries)

    def ramp(x):
        return min(1.0, max(0.0, (x - t_start) / (3 * 3600)))

    x = t_start
    while x < t_end:
        x += rng.expovariate(0.07 + 0.09 * ramp(x))
        queue.append((x, next(counter), "ebook", None))
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.028 + 0.02 * ramp(x))
        queue.append((x, next(counter), "audio", None))
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.013)
        queue.append((x, next(counter), "return", None))
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.018)
        queue.append((x, next(counter), "hold_ready", None))
    # the holds worker's retry sweep every five minutes
    x = t_start + 137.0
    while x < t_end:
        queue.append((x, next(counter), "sweep", None))
        x += 300.0
    heapq.heapify(queue)

    def ebook_checkout(x, library, patron, title, attempt, hold=None):
        pod = pod_at(x)
        loan = loan_id()
        pub = uid()
        ok, took = ravel_create(x + 0.03, pod, loan, pub, "checkout")
        if ok:
            if hold:
                lapi(x + took + 0.05, "info", "hold checked out", library=library, patron=patron, title_id=title, hold_id=hold, loan_id=loan,
                     format="ebook", tries=attempt)
            else:
                lapi(x + took + 0.05, "info", "checkout created", library=library, patron=patron, title_id=title, format="ebook",
                     vendor="ravel-lcp", loan_id=loan, loan_days=14, ms=int((took + 0.05) * 1000))
            return True
        if hold:
            lapi(x + took + 0.04, "warn", "hold auto-checkout failed, will retry", library=library, title_id=title, hold_id=hold,
                 status=502, error="licence_unavailable", tries=attempt, next_try_in_s=300)
        else:
            lapi(x + took + 0.04, "error", "checkout failed", library=library, patron=patron, title_id=title, format="ebook", loan_id=loan,
                 status=502, error="licence_unavailable", copy_released=True)
            if attempt < 3 and rng.random() < 0.55:
                heapq.heappush(queue, (x + took + rng.uniform(8, 90), next(counter), "retry", (library, patron, title, attempt + 1)))
        return False

    while queue:
        x, _, kind, data = heapq.heappop(queue)
        if x >= t_end:
            continue
        if kind == "ebook":
            r = rng.random()
            library, patron, title = lib(), "****" + f"{rng.randint(0, 9999):04d}", f"ndl-e-{rng.randint(10000, 99999)}"
            if r < 0.2:
                lapi(x + 0.02, "info", "no copy available, offering a hold", library=library, title_id=title, format="ebook", copies=rng.randint(1, 15))
                continue
            ebook_checkout(x, library, patron, title, 1)
        elif kind == "retry":
            library, patron, title, attempt = data
            ebook_checkout(x, library, patron, title, attempt)
        elif kind == "audio":
            pod = pod_at(x)
            loan = loan_id()
            title = f"ndl-a-{rng.randint(10000, 99999)}"
            library = lib()
            if rng.random() < 0.006:
                sb(x + 0.2, pod, "WARN", AUDIRA_LOG, f"audira checkout rate limited: loan={loan} title={title} status=429 retry_after=1")
                x += 1.3
            took = rng.lognormvariate(0, 0.3) * 0.29
            sb(x + took, pod, "INFO", AUDIRA_LOG, f"audira checkout: loan={loan} title={title} fulfilment=af_{hexid(rng, 20)} took={int(took * 1000)}ms")
            minute(stats["audira"], x)
            lapi(x + took + 0.04, "info", "checkout created", library=library, patron="****" + f"{rng.randint(0, 9999):04d}", title_id=title,
                 format="audiobook", vendor="audira", loan_id=loan, loan_days=14, ms=int((took + 0.04) * 1000))
        elif kind == "return":
            pod = pod_at(x)
            loan = f"L-{rng.randint(8790000, 8840000)}"
            lic = uid()
            library = lib()
            title = f"ndl-e-{rng.randint(10000, 99999)}"
            took = rng.uniform(0.08, 0.3)
            if on_hold(x):
                minute(stats["err"], x)
                if pod["ver"] == "3.8.0":
                    sb(x + took, pod, "WARN", RAVEL_LOG, f'Ravel refused licence return: loan={loan} licence={lic} status=403 code=RR-4031 title="Provider not authorized" ravel_request_id={hexid(rng, 26).upper()}')
                else:
                    body = PROBLEM % f"licenses/{lic}/return"
                    sb(x + took, pod, "ERROR", RAVEL_LOG, f'licence return to Ravel failed: loan={loan} licence={lic} org.springframework.web.client.HttpClientErrorException$Forbidden: 403 Forbidden: "{body}"')
                lapi(x + took + 0.03, "error", "early return failed", library=library, loan_id=loan, title_id=title, status=502, error="licence_unavailable")
                continue
            sb(x + took, pod, "INFO", RAVEL_LOG, f"licence returned: loan={loan} licence={lic}")
            lapi(x + took + 0.03, "info", "loan returned", library=library, loan_id=loan, title_id=title, reason="early_return")
            if rng.random() < 0.4:
                heapq.heappush(queue, (x + took + rng.uniform(0.2, 1.0), next(counter), "hold_ready", (library, title)))
        elif kind == "hold_ready":
            library, title = data if data else (lib(), f"ndl-e-{rng.randint(10000, 99999)}")
            hold = f"H-{rng.randint(3100000, 3299999)}"
            if rng.random() < 0.45:
                lapi(x, "info", "hold available, patron notified", library=library, title_id=title, hold_id=hold, channel=rng.choice(["push", "email", "push"]), hold_days=3)
                continue
            lapi(x, "info", "hold available, auto-checkout", library=library, title_id=title, hold_id=hold)
            if not ebook_checkout(x + 0.05, library, "****" + f"{rng.randint(0, 9999):04d}", title, 1, hold=hold):
                backlog[hold] = (library, title, 1)
        elif kind == "sweep":
            if not backlog:
                continue
            lapi(x, "info", "holds sweep: retrying auto-checkouts", pending=len(backlog))
            if x >= secs(LIFTED) and "sweep_after" not in stats:
                stats["sweep_after"] = x
            stats["backlog_max"] = max(stats["backlog_max"], len(backlog))
            y = x + 0.1
            for hold in list(backlog):
                library, title, tries = backlog[hold]
                if ebook_checkout(y, library, "****" + f"{rng.randint(0, 9999):04d}", title, tries + 1, hold=hold):
                    del backlog[hold]
                else:
                    backlog[hold] = (library, title, tries + 1)
                y += rng.uniform(0.15, 0.5)

    # loans-api routine
    x = t_start
    while x < t_end:
        x += rng.expovariate(0.03)
        lapi(x, "info", "loan returned", library=lib(), loan_id=f"L-{rng.randint(8700000, 8790000)}", title_id=f"ndl-{rng.choice('eea')}-{rng.randint(10000, 99999)}", reason="expired")
    for _ in range(4):
        x = rng.uniform(t_start, t_end)
        lapi(x, "warn", "notification failed", channel="email", error="mailbox unavailable (550 5.1.1)", library=lib())

    # --- publication ingest at xx:10
    for hh in (13, 14, 15, 16, 17):
        x = secs(utc(f"2026-04-28 {hh}:10:00")) + rng.uniform(0.0, 0.05)
        if not t_start <= x < t_end:
            continue
        pod = pod_at(x)
        n = rng.randint(18, 46)
        failed = 0
        y = x
        for _ in range(n):
            y += rng.uniform(0.25, 0.6)
            if on_hold(y):
                failed += 1
                sb(y, pod, "WARN", "o.n.licence.ingest.PublicationIngestJob", f"publication registration failed: content=ndl-e-{rng.randint(10000, 99999)} status=403", "scheduling-1", False)
        sb(y + 0.1, pod, "INFO", "o.n.licence.ingest.PublicationIngestJob", f"publication ingest: registered={n - failed} failed={failed} pending={failed + rng.randint(0, 3)}", "scheduling-1", False)

    # --- egress proxy (Squid native access log; one line per tunnel when it closes)
    def sq(x, dur, client, nbytes, host, ip):
        if not t_start <= x < t_end:
            return
        squid.add(at(x), f"{x:.3f} {int(dur * 1000):>6} {client} TCP_TUNNEL/200 {nbytes} CONNECT {host}:443 - HIER_DIRECT/{ip} -")

    for pod in pods:
        x = max(pod["start"] + 9, t_start - 600)
        while x < min(pod["end"], t_end):
            life = rng.uniform(240, 620)
            close = min(x + life, pod["end"] + 0.5)
            sq(close, close - x, pod["ip"], rng.randint(40000, 420000), RAVEL, rng.choice(RAVEL_IPS))
            if rng.random() < 0.6:
                sq(close + rng.uniform(1, 60), close - x, pod["ip"], rng.randint(20000, 180000), "api.audira.com", AUDIRA_IPS[0])
            x += rng.uniform(40, 140)
    x = t_start
    while x < t_end:
        x += rng.expovariate(1 / 45.0)
        host, ip = rng.choice([("api.sendgrid.com", "167.89.118.52"), ("fcm.googleapis.com", "142.250.191.42"),
                               ("api.push.apple.com", "17.188.166.22"), ("oauth2.googleapis.com", "142.250.190.10")])
        sq(x, rng.uniform(0.2, 90), f"10.28.{rng.randint(1, 3)}.{rng.randint(10, 120)}", rng.randint(3000, 60000), host, ip)

    # --- Ravel's status page as the relay polls it
    x = t_start + 41.0
    while x < t_end:
        body = {"polled_at": at(x).strftime("%Y-%m-%dT%H:%M:%SZ"), "page": "status.ravelrights.com",
                "status": {"indicator": "none", "description": "All Systems Operational"},
                "components": [{"name": "LCP License Server", "status": "operational"}, {"name": "License Status Document (LSD) Server", "status": "operational"},
                               {"name": "Partner Portal", "status": "operational"}, {"name": "Publication Encryption", "status": "operational"}],
                "scheduled_maintenances": [{"name": "LSD server database upgrade", "scheduled_for": "2026-04-30T20:00:00Z", "impact": "minor"}]}
        status.add(at(x), json.dumps(body))
        x += 300.0

    # --- GitHub Actions
    def gh(x, text):
        t = at(x)
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def deploy_run(x0, number, actor, version, sha):
        tag = f"{version}-{sha[:7]}"
        gh(x0, f"##[group]Run deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha} version={version}")
        gh(x0 + 1.3, "Current runner version: '2.323.0'")
        gh(x0 + 4.0, f"HEAD is now at {sha[:7]}")
        gh(x0 + 96.2, f"Successfully built image 'us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker:{tag}'")
        gh(x0 + 104.8, f"+ kustomize edit set image us-central1-docker.pkg.dev/ndl-prod/apps/licence-broker:{tag}")
        gh(x0 + 105.9, "deployment.apps/licence-broker configured")
        gh(x0 + 106.0, "service/licence-broker unchanged")
        gh(x0 + 106.8, "Waiting for deployment \"licence-broker\" rollout to finish: 1 out of 3 new replicas have been updated...")
        gh(x0 + 132.5, "Waiting for deployment \"licence-broker\" rollout to finish: 2 out of 3 new replicas have been updated...")
        gh(x0 + 158.1, "Waiting for deployment \"licence-broker\" rollout to finish: 1 old replicas are pending termination...")
        gh(x0 + 176.4, "deployment \"licence-broker\" successfully rolled out")
        gh(x0 + 176.7, "##[endgroup]")

    deploy_run(secs(RELEASE) - 108, 41, "moyelaran", "3.8.0", shas["tue"])
    deploy_run(secs(REDEPLOY) - 108, 42, "moyelaran", "3.8.0", shas["after"])

    # --- Slack #ndl-platform
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #ndl-platform {who}: {text}")

    before = sum(v for m, v in stats["ok"].items() if secs(RELEASE) <= m < secs(HOLD))
    say(RELEASE - dt.timedelta(minutes=3), "marcus.oyelaran", "deploying licence-broker 3.8.0: renewed Ravel client cert (LIC-611), Ravel problem details in the logs (LIC-608), Audira link TTL 30m (LIC-613), Spring Boot 3.4.5")
    say(RELEASE + dt.timedelta(minutes=2, seconds=50), "marcus.oyelaran", "3.8.0 out, pods show the 2026 cert (notAfter=2027-05-20), licences being created")
    say(HOLD + dt.timedelta(minutes=3, seconds=30), "alertmanager", "[FIRING:1] LicenceCreateErrors licence-broker (ebook licence errors > 5% for 3m)")
    say(HOLD + dt.timedelta(minutes=5), "marcus.oyelaran", 'every ebook licence request fails since 15:00: `Ravel refused licence request: ... status=403 code=RR-4031 title="Provider not authorized"`. audiobooks fine')
    say(HOLD + dt.timedelta(minutes=7), "aoife.brennan", "403 'not authorized' right after my cert change (LIC-611)? the 2026 cert was registered in their portal on Friday. runbook says roll back to the previous cert if in doubt. doing that")
    say(ROLLBACK - dt.timedelta(seconds=20), "aoife.brennan", "kubectl -n loans rollout undo deployment/licence-broker (3.7.2, 2025 cert)")
    say(ROLLBACK + dt.timedelta(minutes=2, seconds=30), "aoife.brennan", 'still 403 on 3.7.2 with the old cert: `licence request to Ravel failed: ... 403 Forbidden: {..."code":"RR-4031"...}`. so not the cert')
    say(ROLLBACK + dt.timedelta(minutes=4), "marcus.oyelaran", f"and 3.8.0 created {before} licences on the new cert between 14:38 and 15:00. the proxy shows the tunnels to lcp.ravelrights.com fine. API key (Secret ravel-api) unchanged since January")
    say(ROLLBACK + dt.timedelta(minutes=6), "ingrid.solberg", "status.ravelrights.com all green. returns get RR-4031 too, and the 15:10 publication ingest: 'registered=0'. that's the whole provider account, not one endpoint")
    say(TICKET, "marcus.oyelaran", "P1 opened with Ravel support (RR-SUP-88213), with request ids")
    say(TICKET + dt.timedelta(minutes=4), "jess.lindqvist (member support)", "libraries are calling: 'Unable to borrow this title right now' on every ebook. posting a banner in the app: ebook borrowing unavailable, audiobooks OK")
    say(TICKET + dt.timedelta(minutes=18), "ingrid.solberg", "holds that come available can't be auto-checked out; loans-api's holds worker retries them every 5 minutes, none expire today. leaving it")
    say(SUPPORT_REPLY + dt.timedelta(minutes=1), "marcus.oyelaran", "Ravel support: our provider account 'ndl' has been on credit hold since 15:00 UTC for overdue invoice RR-INV-2026-0131. reminders and a final notice went to ap@northstardigital.org. looping in finance")
    say(SUPPORT_REPLY + dt.timedelta(minutes=9), "karen.vossberg (finance)", "ap@ was Tom's mailbox, nobody has read it since he left in February. the invoice is there, and the final notice of 21 April, and Ravel's 15:00 email. paying by card now, PO 2026-114")
    say(LIFTED + dt.timedelta(minutes=1), "marcus.oyelaran", "licences being created again since 16:36. Ravel AR confirmed the hold is lifted")
    say(at(stats["sweep_after"]) + dt.timedelta(minutes=2, seconds=10), "ingrid.solberg", f"holds worker's {at(stats['sweep_after']).strftime('%H:%M')} sweep checked out the backlog ({stats['backlog_max']} holds)")
    say(REDEPLOY - dt.timedelta(minutes=2), "marcus.oyelaran", "re-deploying 3.8.0 (new cert) now that it's clear it wasn't the cert")
    say(REDEPLOY + dt.timedelta(minutes=4), "marcus.oyelaran", "3.8.0 out again, licences fine. runbook updated. finance will move vendor billing contacts to finance@")
    say(REDEPLOY + dt.timedelta(minutes=6), "jess.lindqvist (member support)", "banner removed")

    # --- the day's mail from the shared mailboxes
    def mail_msg(t, box, frm, to, subject, body):
        mail.add(t, json.dumps({"date": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "mailbox": box, "from": frm, "to": to, "subject": subject, "body": body}, ensure_ascii=False))

    mail_msg(utc("2026-04-28 13:41:09"), "platform@", "noreply@status.ravelrights.com", "platform@northstardigital.org",
             "[Ravel Rights] Scheduled maintenance: LSD server database upgrade",
             "Scheduled for 30 April 2026 20:00 UTC, 45 minutes. License Status Document requests may be slower. The LCP License Server is not affected.")
    mail_msg(HOLD + dt.timedelta(seconds=5), "ap@", "billing@ravelrights.com", "ap@northstardigital.org",
             "Your Ravel Rights provider account has been placed on credit hold",
             "Provider account: ndl (Northstar Digital Library). Your provider account has been placed on credit hold because invoice RR-INV-2026-0131 (USD 38,400.00, due 28 February 2026) is overdue. While on hold, license, return and publication requests are refused. Contact ar@ravelrights.com to restore service.")
    mail_msg(TICKET + dt.timedelta(seconds=40), "platform@", "support@ravelrights.com", "platform@northstardigital.org",
             "[RR-SUP-88213] P1: all license requests for provider ndl answered 403 RR-4031",
             "Thank you for contacting Ravel Rights support. A P1 request has been created; an engineer will respond within 1 hour.")
    mail_msg(SUPPORT_REPLY, "platform@", "support@ravelrights.com", "platform@northstardigital.org",
             "Re: [RR-SUP-88213] P1: all license requests for provider ndl answered 403 RR-4031",
             "Hello Marcus, the provider account ndl was placed on credit hold by our billing system at 15:00 UTC today for overdue invoice RR-INV-2026-0131. There is no technical issue on our side and your certificates are valid. Reminders were sent on 3 March, 17 March and 31 March and a final notice on 21 April to ap@northstardigital.org. Please contact ar@ravelrights.com; service is restored as soon as the hold is lifted.")
    mail_msg(SUPPORT_REPLY + dt.timedelta(minutes=8, seconds=30), "ap@", "karen.vossberg@northstardigital.org", "platform@northstardigital.org",
             "Fwd: FINAL NOTICE: invoice RR-INV-2026-0131 overdue",
             "Found in ap@. ---------- Forwarded message ---------- From: billing@ravelrights.com Date: 21 Apr 2026 09:00 UTC. Invoice RR-INV-2026-0131 (annual platform fee 2026, USD 38,400.00) is 52 days overdue. If payment is not received, provider account ndl will be placed on credit hold on 28 April 2026 at 15:00 UTC.")
    mail_msg(LIFTED - dt.timedelta(minutes=2), "ap@", "ar@ravelrights.com", "karen.vossberg@northstardigital.org",
             "Re: RR-INV-2026-0131 payment", "Payment of USD 38,400.00 received, thank you. The credit hold on provider account ndl has been lifted; requests are accepted again.")
    return [lb, loans, squid, status, gha, slack, mail], stats


def build(out_dir):
    rng = random.Random(54200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_403"]).replace(microsecond=0)
        assert HOLD <= onset <= HOLD + dt.timedelta(seconds=60), onset

        def per_minute(table):
            def fn(t):
                m = int(t.timestamp() // 60) * 60 - 60
                return table.get(m, 0)
            return fn

        metrics = {
            "licence_broker_ravel_requests_1m.json": query_range(
                [({"job": "licence-broker", "vendor": "ravel", "outcome": "created"}, per_minute(stats["ok"])),
                 ({"job": "licence-broker", "vendor": "ravel", "outcome": "error"}, per_minute(stats["err"])),
                 ({"job": "licence-broker", "vendor": "audira", "outcome": "created"}, per_minute(stats["audira"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r54-lcp-provider-credit-hold-none", service=SERVICE, onset=onset,
            description=f"""
Nobody can borrow an ebook from Northstar Reads on Tuesday 28 April: from
{onset.strftime('%H:%M:%S')} UTC every LCP licence request to the DRM vendor Ravel Rights
answers 403, so every ebook checkout fails, holds that come available
cannot be checked out and early returns fail; audiobooks work. A
licence-broker release with a renewed Ravel client certificate had gone
out at 14:36; it was rolled back at 15:14 without effect. Licences are
created again from 16:36 and the release went out again at 16:55.
""",
            logs=logs,
            line_formats={
                "licence-broker.log": r'\[pod/<Pod>/<Container>\] <Time>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] \[<Trace>\] <Logger>\s*: <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'placed on credit hold',
                r'Provider not authorized',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Ravel Rights' billing system placed the consortium's
provider account on credit hold at 15:00 UTC for an overdue invoice
(RR-INV-2026-0131, the annual platform fee due 28 February) whose
reminders and final notice had gone to ap@northstardigital.org, a mailbox
nobody had read since its owner left; Ravel's own email about the hold
("Your Ravel Rights provider account has been placed on credit hold") went
there too. From then on every licence creation, return and publication
registration answered 403 RR-4031 "Provider not authorized" (3.8.0 logs
"Ravel refused licence request: ... title=\\"Provider not authorized\\"",
3.7.2 the exception with the same JSON body), while Audira, the TLS
tunnels through the egress proxy and Ravel's status page were fine.
Ravel's support named the cause at 16:05; finance paid, the hold was
lifted at 16:36 and the holds worker's backlog (at most {stats['backlog_max']} holds)
was checked out. Nothing in this repository is changed for it.
Decoys: the 14:36 release 3.8.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
LIC-611 (the renewed Ravel client certificate, mounted for the very Ravel
client), LIC-608 of the day before (adds the very "Ravel refused licence
request" and "Ravel refused licence return" lines), LIC-613 (Audira's link
TTL) and a Spring Boot bump, rolled back at 15:14 without effect (only
the wording of the failure changes) and deployed again at 16:55; the
runbook commit that says a 403 is our certificate or API key; LIC-606
(Ravel timeouts), the docs and tests commits; Ravel's scheduled LSD
maintenance notice; a routine Ravel read timeout, Audira 429s and the
failed notification emails.
""",
        )
    finally:
        repo.close()
