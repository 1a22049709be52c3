"""ess-portal (Kotlin, Spring Boot 3.3 with Spring Security's SAML 2.0
service provider; three pods on EKS in eu-west-2, synced by Argo CD from
a GitOps repository that CI bumps on each release tag; team in Leeds,
Manchester and Lisbon) of Paysmith, a B2B payroll SaaS. It is the
employee self-service portal: employees see their payslips and P60s,
change their bank details and address. 31 employers sign their staff in
with their own identity provider (one SAML relying party registration per
tenant); the others use a password or an emailed link. After the IdP's
assertion validates, EmployeeAssertionMapper matches the NameID (an email
address) to the employee's work email, which comes from the employer's
HR feed through hr-import; no match sends the user to "We couldn't find
your payslip account" (`/sso/no-account`).

Friday 29 May is payday. The payslip-ready emails go out at 05:00 UTC
(06:00 BST) and staff sign in to read their May payslips. Harlow Foods
(6,400 employees, 2,300 of them with Entra ID accounts) is becoming
Harlow Group; its IT department renames every user's UPN and primary
address from @harlowfoods.co.uk to @harlowgroup.com today, in batches
(head office and finance at 07:45 BST, distribution at 08:35 BST,
factories at 14:00 BST), as its own project planned. Harlow's Entra
enterprise app for Paysmith sends the UPN as the NameID; nobody at
Harlow knew Paysmith matches it to the HR feed's work email, and the HR
feed still has the old addresses. From 06:46 UTC every renamed user who
signs in is sent to /sso/no-account, more after the second batch; users
retry and Harlow's HR rings support.

ess-portal 3.41.0 had gone out at 06:31 (ESS-733 matches the NameID
case-insensitively, falls back to the personal email and logs unmatched
NameIDs with their format and issuer, the very warning of the incident,
in the very matching code; ESS-736 allows 3 minutes of clock skew;
ESS-729 refreshes IdP metadata every 6 hours; ESS-735 streams payslip
PDFs; a Spring Boot bump). The runbook (Thursday) reads one tenant's SSO
failures as its IdP certificate rolling; the on-call rolls back to
3.40.2 at 07:24 without effect (the warning turns into 3.40.2's "SSO
login rejected: no employee with this work email", and another tenant's
clock-skew errors come back). Inês sees in 3.41.0's lines that every
unmatched Harlow NameID is @harlowgroup.com; support calls Harlow, whose
IT explains the migration. Harlow's HR sends a new HR file with the new
addresses, hr-import applies it at 08:47 and the renamed users sign in
again; 3.41.0 goes out again at 09:22. Nothing in ess-portal caused it.

Sources: ess-portal (Spring Boot console with the tenant from the MDC,
line format), ingress-nginx access, hr-import (Go, logfmt), notifier
(Python logging), Argo CD (logfmt), #ess-incidents (Slack export, JSON
lines), Zendesk tickets and comments (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, python_logging
from skeletons import chores

SERVICE = "ess-portal"
START, END = utc("2026-05-29 04:50:00"), utc("2026-05-29 10:10:00")
NOTIFY = utc("2026-05-29 05:00:00")
RELEASE = utc("2026-05-29 06:31:20")       # Argo syncs 3.41.0
BATCH1 = utc("2026-05-29 06:45:00")        # Harlow IT: head office and finance
BATCH2 = utc("2026-05-29 07:35:00")        # Harlow IT: distribution
ROLLBACK = utc("2026-05-29 07:24:30")      # Argo rollback to 3.40.2
HR_IMPORT = utc("2026-05-29 08:47:30")     # Harlow's HR file with the new addresses applied
RESYNC = utc("2026-05-29 09:22:10")        # auto-sync on again, 3.41.0
HARLOW_TENANT = "harlow-foods"
HARLOW_ISSUER = "https://sts.windows.net/7c2a5e1b-4f0d-4c8e-9a61-2b3d8f0e5c71/"

FIRST = ["james", "olivia", "mohammed", "amelia", "harry", "isla", "jack", "ava", "george", "mia", "noah", "emily", "leo", "grace",
         "oscar", "sophie", "arthur", "lily", "thomas", "freya", "joshua", "ella", "charlie", "chloe", "adam", "hannah", "ryan", "zara",
         "daniel", "megan", "kieran", "aisha", "liam", "holly", "samuel", "priya", "connor", "niamh", "ethan", "jade", "marcus", "paige"]
LAST = ["smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel", "robinson", "wright", "thompson",
        "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson", "clarke", "khan", "hughes", "shaw", "lee", "begum",
        "kaur", "mitchell", "morris", "ward", "turner", "hussain", "cooper", "hill", "moore", "baker", "carter", "ali", "walsh", "price"]

# SSO tenants other than Harlow: registration id, issuer, weight
TENANTS = [
    ("brightwell-academies", "https://sts.windows.net/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/", 1.4),
    ("northgate-logistics", "http://www.okta.com/exk7a1b2c3d4E5f6g697", 1.2),
    ("oakridge-care", "http://adfs.oakridgecare.co.uk/adfs/services/trust", 0.8),
    ("pennine-foods", "https://sts.windows.net/3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9/", 1.3),
    ("calder-housing", "https://accounts.google.com/o/saml2?idpid=C03x9k2mq", 0.5),
    ("thornbury-motors", "http://www.okta.com/exk9z8y7x6w5V4u3t2s1", 0.9),
    ("morland-hotels", "https://sts.windows.net/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b/", 0.8),
    ("kestrel-engineering", "https://sts.windows.net/5c6d7e8f-9a0b-41c2-b3d4-e5f6a7b8c9d0/", 0.6),
    ("saltaire-textiles", "https://idp.saltaire-textiles.co.uk/idp/shibboleth", 0.3),
    ("york-minster-schools", "https://sts.windows.net/2b3c4d5e-6f7a-48b9-9c0d-1e2f3a4b5c6d/", 0.9),
    ("aire-wharfe-ha", "http://www.okta.com/exk1q2w3e4r5T6y7u8i9", 0.6),
    ("castleford-plastics", "https://sts.windows.net/8f9a0b1c-2d3e-44f5-a6b7-c8d9e0f1a2b3/", 0.4),
]
EMAIL_DOMAINS = {"brightwell-academies": "brightwell.org.uk", "northgate-logistics": "northgatelogistics.com", "oakridge-care": "oakridgecare.co.uk",
                 "pennine-foods": "penninefoods.co.uk", "calder-housing": "calderhousing.org.uk", "thornbury-motors": "thornburymotors.co.uk",
                 "morland-hotels": "morlandhotels.com", "kestrel-engineering": "kestrel-eng.co.uk", "saltaire-textiles": "saltaire-textiles.co.uk",
                 "york-minster-schools": "yms.org.uk", "aire-wharfe-ha": "airewharfe.org.uk", "castleford-plastics": "castlefordplastics.co.uk"}
MAGIC_TENANTS = ["otley-dental", "ilkley-hair-studio", "rothwell-bakery", "wetherby-vets", "shipley-joinery", "baildon-nurseries",
                 "batley-motors", "mirfield-pharmacy", "haworth-brewery", "elland-print-works", "morley-lettings", "pudsey-roofing"]

# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.spring") version "2.0.21"
    id("org.springframework.boot") version "3.3.4"
    id("io.spring.dependency-management") version "1.1.6"
}

group = "com.paysmith"
version = "3.39.0"

java { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }

repositories {
    mavenCentral()
    maven("https://build.shibboleth.net/maven/releases/")
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-security")
    implementation("org.springframework.boot:spring-boot-starter-thymeleaf")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.springframework.security:spring-security-saml2-service-provider")
    implementation("org.opensaml:opensaml-saml-impl:4.3.2")
    implementation("org.jetbrains.kotlin:kotlin-reflect")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.springframework.security:spring-security-test")
}

tasks.withType<Test> { useJUnitPlatform() }
"""

APPLICATION_YML = """spring:
  application:
    name: ess-portal
  datasource:
    url: jdbc:postgresql://ess-db.payroll.svc:5432/ess
    hikari:
      maximum-pool-size: 20
logging:
  pattern:
    correlation: "[tenant=%X{tenant:-}] "
server:
  forward-headers-strategy: native
ess:
  sso:
    entity-id: https://my.paysmith.co.uk/saml2/service-provider-metadata/{registrationId}
    acs: https://my.paysmith.co.uk/login/saml2/sso/{registrationId}
  payslips:
    bucket: paysmith-payslips-prod
"""

SSO_CONFIG_V1 = """package com.paysmith.ess.sso

import java.time.Duration
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.security.config.annotation.web.builders.HttpSecurity
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider
import org.springframework.security.web.SecurityFilterChain

/** One SAML relying party registration per tenant (TenantRegistrations), the
 * employee looked up from the assertion by EmployeeAssertionMapper. */
@Configuration
class SsoConfig(private val registrations: TenantRegistrations, private val mapper: EmployeeAssertionMapper) {

    @Bean
    fun filterChain(http: HttpSecurity): SecurityFilterChain {
        val provider = OpenSaml4AuthenticationProvider()
        provider.setAssertionValidator(OpenSaml4AuthenticationProvider.createDefaultAssertionValidatorWithParameters { params ->
            params[org.opensaml.saml.saml2.assertion.SAML2AssertionValidationParameters.CLOCK_SKEW] = CLOCK_SKEW
        })
        provider.setResponseAuthenticationConverter(mapper)
        http.authorizeHttpRequests { it.requestMatchers("/healthz", "/sso/**", "/login/**", "/magic/**").permitAll().anyRequest().authenticated() }
            .saml2Login { it.relyingPartyRegistrationRepository(registrations).authenticationManager { a -> provider.authenticate(a) }
                .failureHandler(SsoFailureHandler()) }
        return http.build()
    }

    companion object {
        val CLOCK_SKEW: Duration = Duration.ofMinutes(1)
    }
}
"""

MAPPER_V1 = """package com.paysmith.ess.sso

import com.paysmith.ess.employees.EmployeeRepository
import org.slf4j.LoggerFactory
import org.springframework.core.convert.converter.Converter
import org.springframework.security.authentication.AbstractAuthenticationToken
import org.springframework.security.saml2.core.Saml2Error
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider
import org.springframework.security.saml2.provider.service.authentication.OpenSaml4AuthenticationProvider.ResponseToken
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticatedPrincipal
import org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException
import org.springframework.stereotype.Component

/** Turns a validated SAML response into an employee session. The NameID is
 * the employee's work email as the tenant's HR feed has it (hr-import
 * keeps employees.work_email up to date); no match, no session. */
@Component
class EmployeeAssertionMapper(private val employees: EmployeeRepository) : Converter<ResponseToken, AbstractAuthenticationToken> {
    private val log = LoggerFactory.getLogger(javaClass)
    private val defaults = OpenSaml4AuthenticationProvider.createDefaultResponseAuthenticationConverter()

    override fun convert(token: ResponseToken): AbstractAuthenticationToken {
        val principal = defaults.convert(token)!!.principal as Saml2AuthenticatedPrincipal
        val tenant = token.token.relyingPartyRegistration.registrationId
        val employee = employees.findByWorkEmail(tenant, principal.name)
        if (employee == null) {
            log.warn("SSO login rejected: no employee with this work email")
            throw Saml2AuthenticationException(Saml2Error("no_employee", "no employee for this sign-in"))
        }
        log.info("SSO login ok employee={} nameid_format={}", employee.number, nameIdFormat(token))
        return EmployeeAuthentication(employee, principal)
    }

    private fun nameIdFormat(token: ResponseToken): String =
        token.response.assertions.firstOrNull()?.subject?.nameID?.format?.substringAfterLast(':') ?: "unspecified"
}
"""

REPO_V1 = """package com.paysmith.ess.employees

import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Repository

@Repository
class EmployeeRepository(private val jdbc: JdbcTemplate) {

    fun findByWorkEmail(tenant: String, email: String): Employee? =
        jdbc.query(
            "select id, number, tenant_id, work_email from employees where tenant_id = ? and work_email = ? and left_on is null",
            { rs, _ -> Employee(rs.getLong("id"), rs.getString("number"), rs.getString("tenant_id"), rs.getString("work_email")) },
            tenant, email,
        ).firstOrNull()
}

data class Employee(val id: Long, val number: String, val tenant: String, val workEmail: String)
"""

REFRESHER_V1 = """package com.paysmith.ess.sso

import org.slf4j.LoggerFactory
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/** Re-reads each tenant's IdP metadata URL so that signing certificate
 * rollovers announced in the metadata are picked up. */
@Component
class TenantMetadataRefresher(private val registrations: TenantRegistrations) {
    private val log = LoggerFactory.getLogger(javaClass)

    @Scheduled(cron = "0 0 0 * * *")
    fun refresh() {
        val changed = registrations.reloadAll()
        log.info("IdP metadata refreshed: {} registrations, {} changed", registrations.size(), changed.size)
    }
}
"""

PAYSLIPS_V1 = """package com.paysmith.ess.payslips

import org.slf4j.LoggerFactory
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController

@RestController
class PayslipController(private val store: PayslipStore) {
    private val log = LoggerFactory.getLogger(javaClass)

    @GetMapping("/payslips/{period}/pdf")
    fun pdf(@PathVariable period: String, employee: CurrentEmployee): ResponseEntity<ByteArray> {
        val bytes = store.read(employee.tenant, employee.number, period)
        log.info("payslip served employee={} period={} bytes={}", employee.number, period, bytes.size)
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(bytes)
    }
}
"""

RUNBOOK_V1 = """# ess-portal runbook

Owner: #team-ess. Dashboards: Grafana > ESS > Portal.

## EssErrorRate

5xx from the portal above 1 %. Check the pods, the database pool and S3
(payslip PDFs).

## Payday

Payslip-ready emails go out at 06:00 UK time on payday; sign-ins peak
between 07:00 and 09:30. Scale to 5 pods the evening before
(`k8s/overlays/production/hpa.yaml` does it from 4 % CPU).
"""

SSO_DOC = """# Tenant SSO

- One SAML relying party registration per tenant (`tenant_sso` table),
  registration id = tenant slug. Entity ID and ACS:
  `https://my.paysmith.co.uk/saml2/service-provider-metadata/<tenant>`,
  `https://my.paysmith.co.uk/login/saml2/sso/<tenant>`.
- We ask the customer's IdP to send the employee's work email as the
  NameID (emailAddress format). EmployeeAssertionMapper looks it up in
  `employees.work_email`, which hr-import fills from the tenant's HR feed.
  No match: `/sso/no-account` ("We couldn't find your payslip account").
- The IdP's metadata (signing certificate) is re-read on a schedule, see
  TenantMetadataRefresher.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    dan = Person("Dan Okafor", "dan.okafor@paysmith.co.uk", 60)
    ines = Person("Inês Carvalho", "ines.carvalho@paysmith.co.uk", 60)
    tom = Person("Tom Hartley", "tom.hartley@paysmith.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    base = "src/main/kotlin/com/paysmith/ess"
    files = {
        "settings.gradle.kts": 'rootProject.name = "ess-portal"\n',
        "build.gradle.kts": BUILD,
        f"{base}/EssPortalApplication.kt": "package com.paysmith.ess\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\nclass EssPortalApplication\n\nfun main(args: Array<String>) {\n    runApplication<EssPortalApplication>(*args)\n}\n",
        f"{base}/sso/SsoConfig.kt": SSO_CONFIG_V1,
        f"{base}/sso/EmployeeAssertionMapper.kt": MAPPER_V1,
        f"{base}/sso/TenantRegistrations.kt": "package com.paysmith.ess.sso\n\nimport org.springframework.jdbc.core.JdbcTemplate\nimport org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistration\nimport org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrationRepository\nimport org.springframework.security.saml2.provider.service.registration.RelyingPartyRegistrations\nimport org.springframework.stereotype.Component\nimport java.util.concurrent.ConcurrentHashMap\n\n/** The tenants' IdPs from tenant_sso (slug, metadata URL), loaded at start-up. */\n@Component\nclass TenantRegistrations(private val jdbc: JdbcTemplate) : RelyingPartyRegistrationRepository {\n    private val byId = ConcurrentHashMap<String, RelyingPartyRegistration>()\n\n    init { reloadAll() }\n\n    override fun findByRegistrationId(id: String): RelyingPartyRegistration? = byId[id]\n\n    fun size() = byId.size\n\n    fun reloadAll(): List<String> {\n        val changed = mutableListOf<String>()\n        jdbc.query(\"select slug, metadata_url from tenant_sso where enabled\") { rs ->\n            val reg = RelyingPartyRegistrations.fromMetadataLocation(rs.getString(\"metadata_url\")).registrationId(rs.getString(\"slug\"))\n                .entityId(\"https://my.paysmith.co.uk/saml2/service-provider-metadata/{registrationId}\").build()\n            if (byId.put(reg.registrationId, reg)?.assertingPartyDetails?.verificationX509Credentials != reg.assertingPartyDetails.verificationX509Credentials) changed += reg.registrationId\n        }\n        return changed\n    }\n}\n",
        f"{base}/sso/TenantMetadataRefresher.kt": REFRESHER_V1,
        f"{base}/sso/SsoFailureHandler.kt": "package com.paysmith.ess.sso\n\nimport jakarta.servlet.http.HttpServletRequest\nimport jakarta.servlet.http.HttpServletResponse\nimport org.slf4j.LoggerFactory\nimport org.springframework.security.core.AuthenticationException\nimport org.springframework.security.saml2.provider.service.authentication.Saml2AuthenticationException\nimport org.springframework.security.web.authentication.AuthenticationFailureHandler\n\nclass SsoFailureHandler : AuthenticationFailureHandler {\n    private val log = LoggerFactory.getLogger(javaClass)\n\n    override fun onAuthenticationFailure(request: HttpServletRequest, response: HttpServletResponse, exception: AuthenticationException) {\n        val code = (exception as? Saml2AuthenticationException)?.saml2Error?.errorCode ?: \"unknown\"\n        if (code == \"no_employee\") {\n            response.sendRedirect(\"/sso/no-account\")\n            return\n        }\n        log.warn(\"SAML authentication failed: [{}] {}\", code, exception.message)\n        response.sendRedirect(\"/sso/error\")\n    }\n}\n",
        f"{base}/sso/NoAccountController.kt": "package com.paysmith.ess.sso\n\nimport org.springframework.http.HttpStatus\nimport org.springframework.stereotype.Controller\nimport org.springframework.web.bind.annotation.GetMapping\nimport org.springframework.web.bind.annotation.ResponseStatus\n\n@Controller\nclass NoAccountController {\n    @GetMapping(\"/sso/no-account\")\n    @ResponseStatus(HttpStatus.FORBIDDEN)\n    fun noAccount() = \"sso/no-account\"\n}\n",
        f"{base}/employees/EmployeeRepository.kt": REPO_V1,
        f"{base}/payslips/PayslipController.kt": PAYSLIPS_V1,
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/templates/sso/no-account.html": "<!doctype html>\n<html xmlns:th=\"http://www.thymeleaf.org\">\n<body>\n<h1>We couldn't find your payslip account</h1>\n<p>Your employer's sign-in worked, but we have no employee with this email address. Please contact your HR or payroll team.</p>\n</body>\n</html>\n",
        "src/test/kotlin/com/paysmith/ess/sso/EmployeeAssertionMapperTest.kt": "package com.paysmith.ess.sso\n\nimport org.junit.jupiter.api.Test\n\nclass EmployeeAssertionMapperTest {\n    @Test\n    fun `unknown NameID is rejected`() {\n        // see SsoTestSupport: a signed response for jo.bloggs@example.com, no such employee\n    }\n}\n",
        "k8s/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ess-portal\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: ess-portal\n          image: 204118570293.dkr.ecr.eu-west-2.amazonaws.com/ess-portal\n          ports:\n            - containerPort: 8080\n          readinessProbe:\n            httpGet: {path: /actuator/health/readiness, port: 8080}\n",
        "k8s/overlays/production/hpa.yaml": "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ess-portal\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ess-portal}\n  minReplicas: 3\n  maxReplicas: 8\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n    tags: ['v*']\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with: {distribution: temurin, java-version: '21'}\n      - run: ./gradlew test bootJar\n      - if: startsWith(github.ref, 'refs/tags/v')\n        run: ./ci/publish-and-bump-gitops.sh ${GITHUB_REF_NAME#v}\n",
        "README.md": "# ess-portal\n\nPaysmith's employee self-service portal: payslips, P60s, bank details.\nSign-in by the employer's own IdP (SAML, see docs/sso.md) or by password\nor emailed link.\n\n## Running locally\n\n```\ndocker compose up -d postgres\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n\nRelease tags `vN.N.N` are built by CI, which bumps the image in the\nGitOps repository; Argo CD syncs `ess-portal-production` from it.\n",
        "docs/runbook.md": RUNBOOK_V1,
        "CHANGELOG.md": "# Changelog\n\n## 3.39.0\n\n- P60 downloads for 2025-26 (ESS-712).\n",
    }
    repo.commit(utc("2026-05-21 09:15:00"), dan, "ess-portal 3.39.0", files)
    crng = random.Random(58203)
    repo.schedule(chores(crng, SERVICE, [dan, ines, tom], utc("2026-05-21 10:00:00"), utc("2026-05-22 16:00:00"), 3)
                  + chores(crng, SERVICE, [tom], utc("2026-05-28 08:00:00"), utc("2026-05-28 12:00:00"), 1))
    base_m = f"{base}/sso/EmployeeAssertionMapper.kt"
    repo.commit(utc("2026-05-22 13:05:00"), tom, "payslips: P60 for leavers (ESS-722)", {
        f"{base}/payslips/PayslipController.kt": sub(repo.files[f"{base}/payslips/PayslipController.kt"],
                                                     '    @GetMapping("/payslips/{period}/pdf")',
                                                     '    @GetMapping("/p60/{taxYear}/pdf")\n    fun p60(@PathVariable taxYear: String, employee: CurrentEmployee): ResponseEntity<ByteArray> =\n        ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(store.readP60(employee.tenant, employee.number, taxYear))\n\n    @GetMapping("/payslips/{period}/pdf")'),
    })
    repo.commit(utc("2026-05-26 10:30:00"), ines, "sso: show the employer's name on the no-account page (ESS-725)", {
        "src/main/resources/templates/sso/no-account.html": sub(repo.files["src/main/resources/templates/sso/no-account.html"],
                                                                "Your employer's sign-in worked", "Your <span th:text=\"${tenantName}\">employer</span> sign-in worked"),
    })
    repo.commit(utc("2026-05-26 15:00:00"), dan, "docs: how tenant SSO works", {"docs/sso.md": SSO_DOC})
    rel3402 = repo.commit(utc("2026-05-27 13:10:00"), dan, "release 3.40.2", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "3.39.0"', 'version = "3.40.2"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.40.2\n\n- P60 for leavers (ESS-722).\n- Employer's name on the no-account page (ESS-725).\n"),
    })
    repo.commit(utc("2026-05-28 09:40:00"), ines, "sso: refresh tenants' IdP metadata every 6 hours (ESS-729)\n\nOakridge's ADFS rolled its token-signing certificate on a Tuesday\nmorning and their staff were locked out until the nightly refresh.", {
        f"{base}/sso/TenantMetadataRefresher.kt": sub(repo.files[f"{base}/sso/TenantMetadataRefresher.kt"], '@Scheduled(cron = "0 0 0 * * *")', '@Scheduled(cron = "0 0 */6 * * *")'),
    })
    repo.commit(utc("2026-05-28 11:15:00"), dan, "runbook: SSO failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## EssSsoNoAccountRate / EssSsoFailureRate\n\nSign-ins of one tenant failing: nearly always the tenant's IdP rolled\nits signing certificate (Oakridge, March). Trigger a metadata refresh\nfor the tenant (`POST /admin/sso/<tenant>/refresh`) and ask the\ncustomer for their new metadata if it does not help. All tenants failing\nright after a deploy: roll back in Argo CD.\n",
    })
    repo.commit(utc("2026-05-28 13:20:00"), bot, "Bump org.springframework.boot from 3.3.4 to 3.3.5", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'id("org.springframework.boot") version "3.3.4"', 'id("org.springframework.boot") version "3.3.5"'),
    })
    repo.commit(utc("2026-05-28 15:50:00"), ines, "sso: log the registration with each SSO login (ESS-731)", {
        base_m: sub(repo.files[base_m], 'log.info("SSO login ok employee={} nameid_format={}", employee.number, nameIdFormat(token))',
                    'log.info("SSO login ok employee={} registration={} nameid_format={}", employee.number, tenant, nameIdFormat(token))'),
    })
    repo.commit(utc("2026-05-28 16:30:00"), tom, "sso: allow 3 minutes of clock skew (ESS-736)\n\nOakridge's ADFS runs about 70 s ahead; their staff get 'not yet valid'\nuntil they retry a minute later.", {
        f"{base}/sso/SsoConfig.kt": sub(repo.files[f"{base}/sso/SsoConfig.kt"], "Duration.ofMinutes(1)", "Duration.ofMinutes(3)"),
    })
    repo.commit(utc("2026-05-28 17:10:00"), ines, "sso: match the NameID case-insensitively, fall back to personal email, log unmatched NameIDs (ESS-733)\n\nSupport cannot tell why a sign-in ends on /sso/no-account: the log line\nsays nothing. Some IdPs send Jo.Bloggs@... while HR feeds have\njo.bloggs@..., and a few tenants' staff have only a personal address in\nthe HR feed. Log the masked NameID, its format and the issuer.", {
        base_m: sub(repo.files[base_m],
                    "        val employee = employees.findByWorkEmail(tenant, principal.name)\n        if (employee == null) {\n            log.warn(\"SSO login rejected: no employee with this work email\")\n",
                    "        val employee = employees.findByWorkEmail(tenant, principal.name) ?: employees.findByPersonalEmail(tenant, principal.name)\n        if (employee == null) {\n            log.warn(\"no employee record matches SAML NameID {} (format={}, issuer={}, tried work_email, personal_email)\",\n                mask(principal.name), nameIdFormat(token), token.response.issuer?.value)\n",
                    "    private fun nameIdFormat(token: ResponseToken): String =",
                    "    private fun mask(email: String): String =\n        email.substringBefore('@').take(1) + \"***@\" + email.substringAfter('@', \"\")\n\n    private fun nameIdFormat(token: ResponseToken): String ="),
        f"{base}/employees/EmployeeRepository.kt": sub(repo.files[f"{base}/employees/EmployeeRepository.kt"],
                                                       "where tenant_id = ? and work_email = ? and left_on is null",
                                                       "where tenant_id = ? and lower(work_email) = lower(?) and left_on is null",
                                                       "            tenant, email,\n        ).firstOrNull()\n",
                                                       "            tenant, email,\n        ).firstOrNull()\n\n    fun findByPersonalEmail(tenant: String, email: String): Employee? =\n        jdbc.query(\n            \"select id, number, tenant_id, work_email from employees where tenant_id = ? and lower(personal_email) = lower(?) and left_on is null\",\n            { rs, _ -> Employee(rs.getLong(\"id\"), rs.getString(\"number\"), rs.getString(\"tenant_id\"), rs.getString(\"work_email\")) },\n            tenant, email,\n        ).firstOrNull()\n"),
    })
    repo.commit(utc("2026-05-29 05:35:00"), tom, "payslips: stream PDFs from S3 instead of buffering them (ESS-735)\n\nLast payday the pods sat at 80 % heap between 07:00 and 09:00 BST with\nwhole PDFs in memory.", {
        f"{base}/payslips/PayslipController.kt": sub(repo.files[f"{base}/payslips/PayslipController.kt"],
                                                     "    fun pdf(@PathVariable period: String, employee: CurrentEmployee): ResponseEntity<ByteArray> {\n        val bytes = store.read(employee.tenant, employee.number, period)\n        log.info(\"payslip served employee={} period={} bytes={}\", employee.number, period, bytes.size)\n        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(bytes)\n    }",
                                                     "    fun pdf(@PathVariable period: String, employee: CurrentEmployee): ResponseEntity<StreamingResponseBody> {\n        val obj = store.open(employee.tenant, employee.number, period)\n        val started = System.nanoTime()\n        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).contentLength(obj.length).body(StreamingResponseBody { out ->\n            obj.stream.use { it.transferTo(out) }\n            log.info(\"payslip streamed employee={} period={} bytes={} took={}ms\", employee.number, period, obj.length, (System.nanoTime() - started) / 1_000_000)\n        })\n    }",
                                                     "import org.springframework.web.bind.annotation.RestController\n",
                                                     "import org.springframework.web.bind.annotation.RestController\nimport org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody\n"),
    })
    rel341 = repo.commit(utc("2026-05-29 05:58:00"), dan, "release 3.41.0", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], 'version = "3.40.2"', 'version = "3.41.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 3.41.0\n\n- Payslip PDFs streamed (ESS-735).\n- NameID matched case-insensitively, personal email fallback, unmatched NameIDs logged (ESS-733).\n- 3 minutes of SAML clock skew (ESS-736).\n- IdP metadata every 6 hours (ESS-729); registration in the login line (ESS-731).\n- Spring Boot 3.3.5.\n"),
    })
    repo.commit(utc("2026-05-29 09:50:00"), dan, "runbook: a tenant's NameIDs no longer match (ESS-740)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "Sign-ins of one tenant failing: nearly always the tenant's IdP rolled\nits signing certificate (Oakridge, March).",
                               "Sign-ins of one tenant failing: if they end on /sso/no-account, the\nassertion was fine and the NameID matched no employee: compare the\ndomain in `no employee record matches SAML NameID` with the tenant's\nwork emails (29 May: Harlow renamed its users to @harlowgroup.com; the\nHR feed brought the new addresses). If they end on /sso/error, the\ntenant's IdP may have rolled its signing certificate (Oakridge, March)."),
    })
    return repo, {"rel3402": rel3402, "rel341": rel341}


# ---------------------------------------------------------------------------
# payday morning


def boot(t, level, thread, logger, msg, tenant=""):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return f"{stamp} {level:>5} 1 --- [ess-portal] [{thread[-15:]:>15}] [tenant={tenant}] {logger:<40} : {msg}"


def build_logs(rng, shas):
    app, ingress, hr, notifier, argo, slack, zd = (Log("ess-portal.log"), Log("ingress-nginx.log"), Log("hr-import.log"), Log("notifier.log"),
                                                  Log("argocd.log"), Log("slack-ess-incidents.log"), Log("zendesk.log"))
    stats = {"first_fail": None, "by_min": {}, "fails": [], "ok_after_import": None}

    def rs(n):
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))

    rs_old, rs_new = rs(10), rs(10)
    epochs = [(utc("2026-05-27 15:02:00"), "3.40.2", shas["rel3402"], rs_old), (RELEASE, "3.41.0", shas["rel341"], rs_new),
              (ROLLBACK, "3.40.2", shas["rel3402"], rs_old), (RESYNC, "3.41.0", shas["rel341"], rs_new)]
    pods_of = {}
    for i, (t0, ver, sha, h) in enumerate(epochs):
        pods_of[i] = [f"ess-portal-{h}-{rs(5)}" for _ in range(3)]

    def epoch_at(t):
        cur = 0
        for i, e in enumerate(epochs):
            if t >= e[0] + dt.timedelta(seconds=40):
                cur = i
        return cur

    def ver_at(t):
        return epochs[epoch_at(t)][1]

    def alog(t, level, logger, msg, tenant="", thread=None):
        if START <= t < END:
            app.add(t, boot(t, level, thread or f"http-nio-8080-exec-{rng.randint(1, 40)}", logger, msg, tenant))

    def ilog(t, client, method, path, status, size, rt, referer="-", ua=None):
        # ingress-nginx's default log format
        if START <= t < END:
            ua = ua or rng.choice(UAS)
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            up = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}:8080"
            reqlen = rng.randint(4200, 9800) if method == "POST" and "/sso/" in path else rng.randint(400, 1400)
            ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "{referer}" "{ua}" {reqlen} {rt:.3f} '
                           f'[payroll-ess-portal-8080] [] {up} {size} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36 Edg/136.0.0.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36"]

    def client_ip(tenant):
        if tenant == HARLOW_TENANT:
            return rng.choice([f"81.133.{rng.randint(10, 200)}.{rng.randint(2, 250)}", f"86.{rng.randint(128, 190)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}",
                               "195.171.34.18", "195.171.34.19"])
        return f"{rng.choice([81, 86, 90, 92, 109, 151, 176, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}"

    def bump(t, tenant, outcome):
        m = t.replace(second=0, microsecond=0)
        key = (m, "harlow" if tenant == HARLOW_TENANT else "other", outcome)
        stats["by_min"][key] = stats["by_min"].get(key, 0) + 1

    # --- pod starts
    for i, (t0, ver, sha, h) in enumerate(epochs):
        for k, pod in enumerate(pods_of[i]):
            t = t0 + dt.timedelta(seconds=k * 13 + rng.uniform(0, 2))
            th = "main"
            alog(t, "INFO", "c.paysmith.ess.EssPortalApplicationKt", f"Starting EssPortalApplicationKt v{ver} using Java 21.0.7 with PID 1 (/app/ess-portal.jar started by app in /app)", thread=th)
            alog(t + dt.timedelta(milliseconds=40), "INFO", "c.paysmith.ess.EssPortalApplicationKt", 'The following 1 profile is active: "production"', thread=th)
            alog(t + dt.timedelta(seconds=3.1), "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)", thread=th)
            alog(t + dt.timedelta(seconds=4.9), "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.", thread=th)
            alog(t + dt.timedelta(seconds=6.4), "INFO", "c.p.ess.sso.TenantRegistrations", "loaded 31 relying party registrations from tenant_sso", thread=th)
            alog(t + dt.timedelta(seconds=8.8), "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'", thread=th)
            alog(t + dt.timedelta(seconds=8.9), "INFO", "c.paysmith.ess.EssPortalApplicationKt", f"Started EssPortalApplicationKt in {rng.uniform(9.1, 10.4):.3f} seconds (process running for {rng.uniform(10.1, 11.5):.3f})", thread=th)
            alog(t + dt.timedelta(seconds=9.0), "INFO", "c.paysmith.ess.BuildInfo", f"ess-portal {ver} commit {sha[:7]}", thread=th)
        if i:
            for k, pod in enumerate(pods_of[i - 1]):
                t = t0 + dt.timedelta(seconds=k * 13 + 11)
                alog(t, "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", thread="SpringApplicationShutdownHook")
                alog(t + dt.timedelta(seconds=0.4), "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete", thread="tomcat-shutdown")
    # --- Harlow's users
    harlow = []
    for i in range(2300):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        group = "ho" if i < 880 else "dist" if i < 1700 else "fact"
        moved = None
        if group == "ho":
            moved = BATCH1 + dt.timedelta(seconds=rng.uniform(0, 780))
        elif group == "dist":
            moved = BATCH2 + dt.timedelta(seconds=rng.uniform(0, 720))
        harlow.append({"local": f"{first}.{last}{rng.choice(['', '', '', str(rng.randint(1, 9))])}", "number": f"HF{204000 + i * 3 + rng.randint(0, 2):06d}",
                       "moved": moved, "group": group})

    def harlow_rate(t):
        h = t.hour + t.minute / 60
        if t < NOTIFY:
            return 0.3
        if h < 6.0:
            return 2.2
        if h < 7.5:
            return 3.2
        if h < 9.0:
            return 3.8
        return 2.6

    def other_rate(t):
        h = t.hour + t.minute / 60
        return 0.8 if t < NOTIFY else 3.0 if h < 6.0 else 4.2 if h < 9.0 else 3.2

    def idp_referer(issuer):
        if "adfs" in issuer:
            return issuer.split("/adfs")[0].replace("http://", "https://") + "/"
        if "okta" in issuer:
            return "https://" + issuer.split("/")[-1][:8].lower() + ".okta.com/"
        if "google" in issuer:
            return "https://accounts.google.com/"
        if "shibboleth" in issuer:
            return issuer.split("/idp/")[0] + "/"
        return "https://login.microsoftonline.com/"

    def sso_login(t, tenant, issuer, email, number, outcome, detail=None):
        """One SSO round trip: AuthnRequest redirect, IdP, POST to the ACS, landing page."""
        ip = client_ip(tenant)
        ua = rng.choice(UAS)
        ilog(t, ip, "GET", f"/saml2/authenticate/{tenant}", 302, 0, rng.uniform(0.004, 0.02), referer="https://my.paysmith.co.uk/", ua=ua)
        ta = t + dt.timedelta(seconds=rng.uniform(1.5, 9))   # at the IdP (already signed in there, or MFA)
        v = ver_at(ta)
        rt = rng.uniform(0.03, 0.16)
        ilog(ta, ip, "POST", f"/login/saml2/sso/{tenant}", 302, 0, rt, referer=idp_referer(issuer), ua=ua)
        tl = ta + dt.timedelta(seconds=rt - 0.01)
        if outcome == "ok":
            if v == "3.41.0":
                alog(tl, "INFO", "c.p.ess.sso.EmployeeAssertionMapper", f"SSO login ok employee={number} registration={tenant} nameid_format=emailAddress", tenant)
            else:
                alog(tl, "INFO", "c.p.ess.sso.EmployeeAssertionMapper", f"SSO login ok employee={number} nameid_format=emailAddress", tenant)
            tp = ta + dt.timedelta(seconds=rng.uniform(0.3, 0.8))
            ilog(tp, ip, "GET", "/payslips", 200, rng.randint(9000, 14000), rng.uniform(0.05, 0.3), referer=idp_referer(issuer), ua=ua)
            if rng.random() < 0.7:
                td = tp + dt.timedelta(seconds=rng.uniform(2, 20))
                size = rng.randint(38000, 92000)
                took = rng.randint(60, 420)
                ilog(td, ip, "GET", "/payslips/2026-05/pdf", 200, size, took / 1000 + 0.004, referer="https://my.paysmith.co.uk/payslips", ua=ua)
                vd = ver_at(td)
                if vd == "3.41.0":
                    alog(td + dt.timedelta(milliseconds=took), "INFO", "c.p.ess.payslips.PayslipController", f"payslip streamed employee={number} period=2026-05 bytes={size} took={took}ms", tenant)
                else:
                    alog(td + dt.timedelta(milliseconds=took - 3), "INFO", "c.p.ess.payslips.PayslipController", f"payslip served employee={number} period=2026-05 bytes={size}", tenant)
            bump(ta, tenant, "ok")
        elif outcome == "no_account":
            if v == "3.41.0":
                masked = email.split("@")[0][:1] + "***@" + email.split("@")[1]
                alog(tl, "WARN", "c.p.ess.sso.EmployeeAssertionMapper",
                     f"no employee record matches SAML NameID {masked} (format=emailAddress, issuer={issuer}, tried work_email, personal_email)", tenant)
            else:
                alog(tl, "WARN", "c.p.ess.sso.EmployeeAssertionMapper", "SSO login rejected: no employee with this work email", tenant)
            ilog(ta + dt.timedelta(seconds=rng.uniform(0.2, 0.6)), ip, "GET", "/sso/no-account", 403, 2311, rng.uniform(0.005, 0.03), referer=idp_referer(issuer), ua=ua)
            bump(ta, tenant, "no_account")
            if tenant == HARLOW_TENANT:
                if stats["first_fail"] is None:
                    stats["first_fail"] = tl
                stats["fails"].append(tl)
        else:   # a SAML validation failure
            code, text = detail
            alog(tl, "WARN", "c.p.ess.sso.SsoFailureHandler", f"SAML authentication failed: [{code}] {text}", tenant)
            ilog(ta + dt.timedelta(seconds=rng.uniform(0.2, 0.6)), ip, "GET", "/sso/error", 400, 1980, rng.uniform(0.005, 0.03), referer=idp_referer(issuer), ua=ua)
            bump(ta, tenant, "error")
        return ta

    # Harlow sign-ins, with retries of those sent to no-account
    t = START
    queue = []
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(harlow_rate(t) / 60.0))
        if t >= END:
            break
        queue.append((t, rng.randrange(len(harlow)), 1))
    queue.sort()
    while queue:
        t, idx, attempt = queue.pop(0)
        if t >= END:
            continue
        u = harlow[idx]
        ta_est = t + dt.timedelta(seconds=4)
        moved = u["moved"] is not None and ta_est >= u["moved"]
        domain = "harlowgroup.com" if moved else "harlowfoods.co.uk"
        email = f"{u['local']}@{domain}"
        matched = (not moved) or ta_est >= HR_IMPORT
        outcome = "ok" if matched else "no_account"
        ta = sso_login(t, HARLOW_TENANT, HARLOW_ISSUER, email, u["number"], outcome)
        if outcome == "ok" and moved and stats["ok_after_import"] is None:
            stats["ok_after_import"] = ta
        if outcome == "no_account" and attempt < 4 and rng.random() < 0.62:
            nxt = ta + dt.timedelta(seconds=rng.uniform(15, 150))
            queue.append((nxt, idx, attempt + 1))
            queue.sort()
        elif outcome == "no_account" and rng.random() < 0.5:
            # comes back after HR says it is fixed
            back = HR_IMPORT + dt.timedelta(seconds=rng.uniform(60, 3600))
            queue.append((back, idx, attempt + 1))
            queue.sort()

    # other SSO tenants
    weights = [w for _, _, w in TENANTS]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(other_rate(t) / 60.0))
        if t >= END:
            break
        tenant, issuer, _ = rng.choices(TENANTS, weights)[0]
        email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}@{EMAIL_DOMAINS[tenant]}"
        number = f"{tenant[:2].upper()}{rng.randint(100000, 999999)}"
        v = ver_at(t + dt.timedelta(seconds=4))
        r = rng.random()
        if tenant == "oakridge-care" and v == "3.40.2" and r < 0.35:
            aid = "_" + hexid(rng, 32)
            nb = (t + dt.timedelta(seconds=rng.uniform(64, 78))).strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z"
            sso_login(t, tenant, issuer, email, number, "error",
                      ("invalid_assertion", f"Invalid assertion [{aid}] for SAML response [_{hexid(rng, 32)}]: Assertion '{aid}' with NotBefore condition of '{nb}' is not yet valid"))
        elif r < 0.012:
            sso_login(t, tenant, issuer, email, number, "error",
                      ("invalid_in_response_to", f"The InResponseTo attribute [ARQ{hexid(rng, 24)}] does not match the ID of the authentication request [ARQ{hexid(rng, 24)}]"))
        elif r < 0.02:
            sso_login(t, tenant, issuer, email, number, "no_account")   # leavers, new starters not yet in the HR feed
        else:
            sso_login(t, tenant, issuer, email, number, "ok")

    # magic-link and password sign-ins of tenants without SSO
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate((other_rate(t) * 0.45) / 60.0))
        if t >= END:
            break
        tenant = rng.choice(MAGIC_TENANTS)
        ip = client_ip(tenant)
        ua = rng.choice(UAS)
        number = f"{tenant[:2].upper()}{rng.randint(1000, 9999)}"
        if rng.random() < 0.6:
            ilog(t, ip, "POST", "/magic/request", 202, 0, rng.uniform(0.02, 0.09), referer="https://my.paysmith.co.uk/login", ua=ua)
            alog(t + dt.timedelta(milliseconds=40), "INFO", "c.p.ess.login.MagicLinkService", f"sign-in link sent employee={number}", tenant)
            tc = t + dt.timedelta(seconds=rng.uniform(25, 140))
            ilog(tc, ip, "GET", f"/magic/{hexid(rng, 22)}", 302, 0, rng.uniform(0.01, 0.05), ua=ua)
            alog(tc + dt.timedelta(milliseconds=12), "INFO", "c.p.ess.login.MagicLinkService", f"sign-in link used employee={number}", tenant)
        else:
            ok = rng.random() < 0.9
            ilog(t, ip, "POST", "/login", 302, 0, rng.uniform(0.12, 0.35), referer="https://my.paysmith.co.uk/login", ua=ua)
            alog(t + dt.timedelta(milliseconds=200), "INFO" if ok else "WARN", "c.p.ess.login.PasswordLogin",
                 f"password login ok employee={number}" if ok else f"password login failed employee={number} attempts=" + str(rng.randint(1, 4)), tenant)
            tc = t
        if rng.random() < 0.8:
            td = tc + dt.timedelta(seconds=rng.uniform(1, 15))
            size = rng.randint(38000, 92000)
            took = rng.randint(60, 420)
            ilog(td, ip, "GET", "/payslips/2026-05/pdf", 200, size, took / 1000 + 0.004, ua=ua)
            if ver_at(td) == "3.41.0":
                alog(td + dt.timedelta(milliseconds=took), "INFO", "c.p.ess.payslips.PayslipController", f"payslip streamed employee={number} period=2026-05 bytes={size} took={took}ms", tenant)
            else:
                alog(td + dt.timedelta(milliseconds=took - 3), "INFO", "c.p.ess.payslips.PayslipController", f"payslip served employee={number} period=2026-05 bytes={size}", tenant)

    # routine portal noise
    for _ in range(22):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        tenant = rng.choice(MAGIC_TENANTS + [x[0] for x in TENANTS])
        alog(tx, "INFO", "c.p.ess.bank.BankDetailsController", f"bank details change requested employee={tenant[:2].upper()}{rng.randint(1000, 999999)} verification=sms", tenant)
    for _ in range(6):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        alog(tx, "WARN", "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] threw exception: org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe")
    for _ in range(4):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ilog(tx, f"{rng.randint(20, 200)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}", "GET", rng.choice(["/wp-login.php", "/.env", "/admin/.git/config"]), 404, 548, 0.002)

    # --- notifier: payslip-ready emails at 05:00 UTC
    def nlog(t, level, msg):
        if START <= t < END:
            notifier.add(t, python_logging(t, level, "notifier.payday", msg))

    tt = NOTIFY + dt.timedelta(seconds=0.4)
    nlog(tt, "INFO", "payslip-ready run for payday 2026-05-29: 214 tenants, 61,288 recipients")
    sizes = {HARLOW_TENANT: 6102}
    all_tenants = [HARLOW_TENANT] + [x[0] for x in TENANTS] + MAGIC_TENANTS
    for tenant in all_tenants:
        n = sizes.get(tenant, rng.randint(40, 1900))
        tt += dt.timedelta(seconds=rng.uniform(3, 40))
        nlog(tt, "INFO", f"tenant={tenant} recipients={n} sent={n} provider=sendgrid batches={(n + 999) // 1000}")
    nlog(tt + dt.timedelta(seconds=rng.uniform(200, 400)), "INFO", "payslip-ready run done: 61,288 sent, 0 failed, took 34.2 min")
    t = NOTIFY + dt.timedelta(minutes=3)
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1.2 / 60.0))
        tenant = rng.choice(all_tenants)
        nlog(t, "WARN", f"bounce tenant={tenant} type={rng.choice(['hard', 'hard', 'soft'])} reason=\"{rng.choice(['550 5.1.1 user unknown', '552 mailbox full', '550 5.7.1 rejected by policy'])}\"")
    nlog(utc("2026-05-29 07:58:12"), "INFO", "webhook: sendgrid events batch processed=1000 delivered=986 bounce=9 deferred=5")

    # --- hr-import
    def hlog(t, level, msg, **kv):
        if START <= t < END:
            hr.add(t, logfmt(t, level, msg, **kv))

    t = START.replace(minute=0) + dt.timedelta(minutes=15)
    while t < END:
        hlog(t + dt.timedelta(seconds=rng.uniform(0.1, 1.5)), "info", "sftp poll", tenants=142, files=0 if rng.random() < 0.7 else rng.randint(1, 3))
        t += dt.timedelta(minutes=15)
    for _ in range(9):
        tx = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        tenant = rng.choice(MAGIC_TENANTS + [x[0] for x in TENANTS if x[0] != HARLOW_TENANT])
        n = rng.randint(40, 1800)
        hlog(tx, "info", "import done", tenant=tenant, source=rng.choice(["sftp", "api"]), employees=n, created=rng.randint(0, 4), updated=rng.randint(0, 12),
             left=rng.randint(0, 3), changed_fields=f"job_title={rng.randint(0, 3)},cost_centre={rng.randint(0, 5)}", took_ms=rng.randint(300, 4000))
    hlog(utc("2026-05-29 08:44:52"), "info", "file received", tenant=HARLOW_TENANT, source="sftp", file="harlow_hr_20260529_0944.csv", bytes=2318841)
    hlog(utc("2026-05-29 08:45:03"), "info", "manual import requested", tenant=HARLOW_TENANT, by="ruth.adeyemi", file="harlow_hr_20260529_0944.csv")
    hlog(utc("2026-05-29 08:47:18"), "warn", "import: work email changed for many employees, applying", tenant=HARLOW_TENANT, changed=1693, threshold=500, override="ruth.adeyemi")
    hlog(HR_IMPORT, "info", "import done", tenant=HARLOW_TENANT, source="sftp", employees=6418, created=0, updated=1702, left=0,
         changed_fields="work_email=1693,job_title=6,cost_centre=11", took_ms=134880)

    # --- Argo CD
    def arlog(t, msg, level="info", **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=argocd/ess-portal-production"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        arlog(t, "Reconciliation completed", **{"dest-namespace": "payroll", "time_ms": rng.randint(40, 180)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))
    gitops = {"3.40.2": hexid(rng, 40), "3.41.0": hexid(rng, 40)}

    def sync(t, ver, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        rev = gitops[ver]
        arlog(t, f"Initiated {'automated ' if auto else ''}sync to '{rev}'", **{"dest-namespace": "payroll"}, **extra)
        arlog(t + dt.timedelta(seconds=2), "apps/Deployment payroll/ess-portal configured", revision=rev, image=f"204118570293.dkr.ecr.eu-west-2.amazonaws.com/ess-portal:{ver}")
        arlog(t + dt.timedelta(seconds=52), "Updated health status: Progressing -> Healthy", revision=rev)
        arlog(t + dt.timedelta(seconds=53), f"Sync operation to {rev} succeeded", revision=rev, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=16), "3.41.0", 58)
    arlog(ROLLBACK - dt.timedelta(seconds=18), "Rollback to history ID 57 (3.40.2); automated sync disabled", user="dan.okafor@paysmith.co.uk")
    sync(ROLLBACK - dt.timedelta(seconds=16), "3.40.2", 59, auto=False, user="dan.okafor@paysmith.co.uk")
    arlog(RESYNC - dt.timedelta(seconds=18), "automated sync enabled", user="dan.okafor@paysmith.co.uk")
    sync(RESYNC - dt.timedelta(seconds=16), "3.41.0", 60)

    write_chat(rng, slack, zd, stats)
    return [app, ingress, hr, notifier, argo, slack, zd], stats


def write_chat(rng, slack, zd, stats):
    users = {"dan.okafor": "U05DO2K8P", "ines.carvalho": "U06IC4M1Q", "tom.hartley": "U04TH7N3R", "ruth.adeyemi (support)": "U03RA5B9S", "alertmanager": "B01ALRT7X"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "ess-incidents", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first = stats["first_fail"]
    m = dt.timedelta(minutes=1)
    n_first = sum(1 for x in stats["fails"] if x < first + 12 * m)
    say(RELEASE - 4 * m, "dan.okafor", "Argo is picking up ess-portal 3.41.0 for payday: ESS-735 payslip PDFs streamed, ESS-733 NameID matched case-insensitively with personal-email fallback and unmatched NameIDs logged, ESS-736 3 min SAML clock skew, ESS-729 metadata every 6 h, Spring Boot 3.3.5")
    say(RELEASE + 3 * m, "dan.okafor", "3.41.0 healthy on all three pods. oakridge-care's 'not yet valid' errors are gone with the 3 min skew")
    say(first + 12 * m, "alertmanager", f"[FIRING:1] EssSsoNoAccountRate tenant=harlow-foods sso no-account > 20% (10m)")
    say(first + 14 * m, "dan.okafor", f"ack. {n_first} harlow-foods sign-ins sent to /sso/no-account since {first.strftime('%H:%M')}. lines are 'no employee record matches SAML NameID ...', the new ESS-733 warning")
    say(first + 17 * m, "ruth.adeyemi (support)", "Harlow Foods HR on the phone: staff can't see their payslips on payday, 'We couldn't find your payslip account'. ZD 77120")
    say(first + 20 * m, "dan.okafor", "runbook says one tenant failing = their IdP rolled its signing certificate. but these assertions validate, the failure is after that, in the matching. and ESS-733 changed the matching 40 minutes ago")
    say(first + 24 * m, "ines.carvalho", "ESS-733 lowercases both sides and adds personal_email as a fallback, it can only match more. but fine, roll it back, payday")
    say(ROLLBACK - 2 * m, "dan.okafor", "rolling back to 3.40.2 in Argo (history 57), auto-sync off")
    say(ROLLBACK + 2 * m, "dan.okafor", "3.40.2 running")
    say(utc("2026-05-29 07:40:30"), "ruth.adeyemi (support)", "Harlow: still failing, and more people now, distribution centres as well")
    say(utc("2026-05-29 07:43:10"), "dan.okafor", "yes, 3.40.2 logs 'SSO login rejected: no employee with this work email' for harlow-foods, same thing, and rising since 07:36. oakridge's skew errors are back (1 min in 3.40.2). not the release")
    say(utc("2026-05-29 07:50:20"), "ines.carvalho", "in the 3.41.0 lines before the rollback every unmatched harlow-foods NameID is ***@harlowgroup.com. their employees' work emails are all @harlowfoods.co.uk. everyone who got in this morning came with @harlowfoods.co.uk")
    say(utc("2026-05-29 07:53:40"), "ruth.adeyemi (support)", "asking Harlow about harlowgroup.com")
    say(utc("2026-05-29 08:06:10"), "ruth.adeyemi (support)", "Harlow IT (Gareth Lowe) on ZD 77120: they're renaming every UPN and mailbox to @harlowgroup.com today in batches, head office 07:45 BST, distribution 08:35, factories 14:00. their Entra app sends the UPN as NameID. nobody told them we match on the HR feed's email")
    say(utc("2026-05-29 08:09:30"), "dan.okafor", "nothing to fix in the portal then. options: they send the old address as NameID (they'd rather not), or the HR feed brings the new addresses. Harlow HR can send a file now")
    say(utc("2026-05-29 08:45:40"), "ruth.adeyemi (support)", "Harlow's HR file with the new emails is on the SFTP, starting the import (it needs an override, 1,693 email changes)")
    say(utc("2026-05-29 08:50:10"), "dan.okafor", "hr-import done for harlow-foods at 08:47, harlowgroup.com sign-ins going through")
    say(RESYNC - 1 * m, "dan.okafor", "re-enabling auto-sync, 3.41.0 goes out again. it was never the release")
    say(utc("2026-05-29 09:31:00"), "ruth.adeyemi (support)", "Harlow confirms staff can see payslips. they'll send the factories' new addresses before their 14:00 BST batch")
    say(utc("2026-05-29 09:46:00"), "dan.okafor", "postmortem Tuesday. ideas: no-account alert with the NameID domain, warn the tenant admin when the NameIDs stop matching, runbook (ESS-740)")

    def zdev(t, tid, kind, author, org, subject, body, status="open", prio="urgent"):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        zd.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ticket_id": tid, "event": kind, "author": author, "organization": org,
                              "priority": prio, "status": status, "subject": subject, "body": body}, ensure_ascii=False))

    zdev(utc("2026-05-29 05:41:10"), 77102, "ticket_created", "m.begum@wetherbyvets.co.uk", "Wetherby Vets Ltd", "Payslip shows last month's overtime", "One of our nurses says her May payslip shows April's overtime hours.", prio="normal", status="new")
    zdev(first + 16 * m, 77120, "ticket_created", "karen.mistry@harlowgroup.com", None, "Staff cannot see payslips - 'couldn't find your payslip account'",
         "Since this morning our staff get 'We couldn't find your payslip account' after signing in with their Harlow login. It is payday. Worked yesterday.", status="new")
    zdev(utc("2026-05-29 07:15:30"), 77124, "ticket_created", "payroll@oakridgecare.co.uk", "Oakridge Care Ltd", "Some staff see an error page after login", "A few carers got an error page after signing in earlier today, second try works.", prio="normal", status="new")
    zdev(utc("2026-05-29 07:39:50"), 77120, "comment", "karen.mistry@harlowgroup.com", None, "Staff cannot see payslips - 'couldn't find your payslip account'",
         "Now the distribution centres are calling too. Is your system down?")
    zdev(utc("2026-05-29 07:55:00"), 77120, "comment", "ruth.adeyemi@paysmith.co.uk", "Harlow Foods Ltd", "Staff cannot see payslips - 'couldn't find your payslip account'",
         "Our portal receives sign-ins from your identity provider with addresses at harlowgroup.com, while the employee records from your HR feed have harlowfoods.co.uk. Has anything changed with your staff's email addresses today?")
    zdev(utc("2026-05-29 08:04:40"), 77120, "comment", "gareth.lowe@harlowgroup.com", "Harlow Foods Ltd", "Staff cannot see payslips - 'couldn't find your payslip account'",
         "Yes - as part of the rebrand we are changing every user's UPN and primary email address from @harlowfoods.co.uk to @harlowgroup.com today in batches: head office and finance from 07:45, distribution from 08:35, factories at 14:00 (BST). The Paysmith enterprise app sends user.userprincipalname as the NameID. We were not aware you match it against the email in the HR file. The old addresses still receive mail as aliases.")
    zdev(utc("2026-05-29 08:12:20"), 77120, "comment", "karen.mistry@harlowgroup.com", "Harlow Foods Ltd", "Staff cannot see payslips - 'couldn't find your payslip account'",
         "HR will export the new addresses from our HR system and upload the file to your SFTP now.")
    zdev(utc("2026-05-29 08:55:30"), 77120, "comment", "ruth.adeyemi@paysmith.co.uk", "Harlow Foods Ltd", "Staff cannot see payslips - 'couldn't find your payslip account'",
         "The file was imported at 09:47 BST with 1,693 new work email addresses. Staff renamed so far can sign in again. Please send the factories' new addresses before the 14:00 batch.", status="pending")
    zdev(utc("2026-05-29 09:40:00"), 77131, "ticket_created", "hr@pennine-foods.co.uk", "Pennine Foods Ltd", "Bank details change not showing", "An employee changed her bank details on Wednesday, the payslip still shows the old account.", prio="normal", status="new")


def build(out_dir):
    rng = random.Random(58200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_fail"].replace(microsecond=0)
        assert BATCH1 <= onset <= BATCH1 + dt.timedelta(minutes=8), onset
        by_min = stats["by_min"]

        def per_min(group, outcome):
            def fn(t):
                m = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return by_min.get((m, group, outcome), 0)
            return fn

        metrics = {
            "ess_sso_logins_1m.json": query_range(
                [({"job": "ess-portal", "tenant_group": g, "outcome": o}, per_min(g, o)) for g in ("harlow", "other") for o in ("ok", "no_account", "error")],
                START, END, 60),
        }
        n_fail = len(stats["fails"])
        return write_scenario(
            out_dir, name="r58-customer-upn-migration-none", service=SERVICE, onset=onset,
            description=f"""
Harlow Foods' staff cannot reach their payslips on payday, Friday 29 May:
from {onset.strftime('%H:%M:%S')} UTC their SSO sign-ins to the employee
self-service portal end on "We couldn't find your payslip account"
(/sso/no-account), more and more through the morning ({n_fail} times
until 08:47), while other tenants sign in. An ess-portal release had
gone out at 06:31; it was rolled back at 07:24 without effect. Harlow's
renamed users sign in again from 08:47; the release went out again at
09:22.
""",
            logs=logs,
            line_formats={
                "ess-portal.log": r'<Time>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] \[tenant=<Tenant>\] <Logger>\s*: <Content>',
            },
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'no employee record matches SAML NameID',
                r'SSO login rejected: no employee with this work email',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Harlow's IT department renamed its users' UPNs
and primary addresses from @harlowfoods.co.uk to @harlowgroup.com on
29 May as part of a rebrand, in batches (head office and finance at
06:45 UTC, distribution at 07:35); its Entra enterprise app for Paysmith
sends the UPN as the SAML NameID, and ess-portal matches the NameID to
the employee's work email from Harlow's HR feed, which still had the old
addresses. Every renamed user's sign-in validated and then matched no
employee: "no employee record matches SAML NameID k***@harlowgroup.com
(format=emailAddress, issuer=https://sts.windows.net/..., tried
work_email, personal_email)" in 3.41.0, "SSO login rejected: no employee
with this work email" in 3.40.2, and /sso/no-account (403). Harlow IT
confirmed it on the ticket; Harlow's HR sent a file with the new
addresses and hr-import applied it at 08:47 ("work_email=1693"), after
which the renamed users signed in. Nothing in ess-portal was changed.
Decoys: the 06:31 release 3.41.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
ESS-733 (the NameID matching itself, and the very "no employee record
matches SAML NameID" warning), ESS-736 (SAML clock skew, which really
does change another tenant's errors), ESS-729 (IdP metadata refresh),
ESS-735 (payslip PDFs) and a Spring Boot bump, rolled back at 07:24
without effect and synced again at 09:22; ESS-731 of the day before to
the mapper's login line; the runbook commit that reads one tenant's SSO
failures as its IdP certificate rolling; the docs commit on tenant SSO;
the payslip-ready emails at 05:00, which bring the sign-ins; Oakridge's
clock-skew errors, stale InResponseTo, a few no-accounts of other
tenants' leavers and starters, bounces and broken pipes.
""",
        )
    finally:
        repo.close()
