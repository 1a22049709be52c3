"""pms-core (Java 21, Spring Boot 3.3, Spring Batch 5, PostgreSQL, Flyway;
Kubernetes, deployed by a manual GitLab CI job running `helm upgrade`) of
Halden Hotels, a chain of thirteen city hotels in Europe and one in Dubai:
the property-management system's core (reservations from the channel
manager, front desk check-in/check-out, folios and postings, housekeeping
status) and the night audit, a Spring Batch job that runs for each
property at 03:00 local time: it marks no-shows, posts the night's room
charge, packages and taxes to every in-house folio (postRoomAndTax),
closes the cashier shifts, rolls the property's business date and stores
the audit reports. While a property's audit runs, the property is locked:
postings, check-ins and reservation deliveries answer 423; a failed audit
keeps the lock until a rerun completes.

On Tuesday 15 December at 13:58 UTC NA-77 ("audit: idempotent room-and-tax
posting on reruns") is committed: after a rerun posted room and tax twice
at Lisbon on 8 December, the posting step skips charges already posted for
the reservation, business date and transaction code, and migration V87
adds a partial unique index on (reservation_id, business_date,
transaction_code) for audit postings from business date 2026-12-15 on. It
ships in the 16:20 deploy, whose GitLab job and start lines name the
Spring Boot bump after it. But city tax (transaction code 9010) is posted
one line per taxable guest where the tax is per person and night (Paris,
Rome, Barcelona, Lisbon), so a room with two adults has two 9010 lines.
The first audit with the index, Dubai's at 23:00 UTC (a per-room tax),
completes. At 02:00 UTC the CET properties' audits start: Amsterdam,
Berlin and Madrid complete, Barcelona, both Paris hotels and Rome fail at
postRoomAndTax with a duplicate key on folio_postings_audit_uniq and stay
locked; reservation deliveries from the channel manager are deferred
(423) and, after 30 minutes, fall back to email at Siteline.

At 01:20 a release had shipped NA-79 (the failed-audit line now names the
step, the SQLSTATE and the error) and NA-81 (step timeout and report
threads). The on-call reruns Paris, then rolls that release back at 02:18
without effect. The KL engineer traces the constraint to NA-77; Lisbon's
audit fails at 03:00 as expected; the DBA drops the index at 03:06 and the
five audits are rerun and complete by 03:11.

Sources: pms-core (Spring Boot 3 console, line format, Java stack traces),
PostgreSQL, Envoy sidecar access log, channel-connector (logfmt), GitLab
CI job traces (timestamped), #pms-oncall (chat export)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, postgres
from skeletons import chores, runbook

SERVICE = "pms-core"
START, END = utc("2026-12-15 15:30:00"), utc("2026-12-16 04:00:00")
DEPLOY_PM = utc("2026-12-15 16:17:40")       # helm upgrade starts (NA-77 + Spring Boot bump)
DEPLOY_NIGHT = utc("2026-12-16 01:19:10")    # NA-79 + NA-81
ROLLBACK = utc("2026-12-16 02:18:05")
DROP_INDEX = utc("2026-12-16 03:06:12")

# property: (UTC offset in December, city tax basis, in-house reservations tonight)
PROPS = {
    "DXB01": (4, "PER_ROOM_NIGHT", 262),
    "AMS01": (1, "PERCENT_OF_ROOM", 221),
    "BCN01": (1, "PER_PERSON_NIGHT", 171),
    "BER01": (1, "PERCENT_OF_ROOM", 238),
    "MAD01": (1, None, 149),
    "PAR01": (1, "PER_PERSON_NIGHT", 193),
    "PAR02": (1, "PER_PERSON_NIGHT", 118),
    "ROM01": (1, "PER_PERSON_NIGHT", 144),
    "DUB01": (0, None, 176),
    "EDI01": (0, "PERCENT_OF_ROOM", 131),
    "LIS01": (0, "PER_PERSON_NIGHT", 162),
    "LON01": (0, None, 371),
    "LON02": (0, None, 204),
}
WEIGHT = {"DXB01": 1.0, "AMS01": 1.2, "BCN01": 1.0, "BER01": 1.1, "MAD01": 0.8, "PAR01": 1.2, "PAR02": 0.7,
          "ROM01": 0.9, "DUB01": 0.9, "EDI01": 0.7, "LIS01": 0.9, "LON01": 1.6, "LON02": 1.0}

# ---------------------------------------------------------------------------
# the repository

POSTING_SERVICE = '''package com.haldenhotels.pms.audit;

import com.haldenhotels.pms.folio.FolioPostingRepository;
import com.haldenhotels.pms.rates.ChargeLine;
import com.haldenhotels.pms.rates.NightlyChargeCalculator;
import com.haldenhotels.pms.stay.InHouseStay;
import com.haldenhotels.pms.stay.StayRepository;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The night audit's postRoomAndTax step: the night's room charge, package
 * elements and taxes (VAT, city tax) for every in-house reservation, one
 * folio posting per charge line that NightlyChargeCalculator returns.
 */
@Service
public class NightAuditPostingService {
    private static final Logger log = LoggerFactory.getLogger(NightAuditPostingService.class);

    private final StayRepository stays;
    private final NightlyChargeCalculator charges;
    private final FolioPostingRepository postings;

    public NightAuditPostingService(StayRepository stays, NightlyChargeCalculator charges, FolioPostingRepository postings) {
        this.stays = stays;
        this.charges = charges;
        this.postings = postings;
    }

    public int postRoomAndTax(String property, LocalDate businessDate) {
        List<InHouseStay> inHouse = stays.inHouse(property, businessDate);
        int posted = 0;
        for (InHouseStay stay : inHouse) {
            for (ChargeLine line : charges.nightlyCharges(stay, businessDate)) {
                postings.insertAuditPosting(stay, businessDate, line);
                posted++;
            }
        }
        log.info("Posted {} room and tax lines for {} in-house reservations at {}", posted, inHouse.size(), property);
        return posted;
    }
}
'''

POSTING_REPO = '''package com.haldenhotels.pms.folio;

import com.haldenhotels.pms.rates.ChargeLine;
import com.haldenhotels.pms.stay.InHouseStay;
import java.time.LocalDate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class FolioPostingRepository {
    private final JdbcTemplate jdbc;

    public FolioPostingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insertAuditPosting(InHouseStay stay, LocalDate businessDate, ChargeLine line) {
        jdbc.update("INSERT INTO folio_postings (folio_id, reservation_id, business_date, transaction_code, amount, currency, description, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'NIGHT_AUDIT')",
            stay.folioId(), stay.reservationId(), businessDate, line.transactionCode(), line.amount(), line.currency(), line.description());
    }
}
'''

NIGHTLY_CHARGES = '''package com.haldenhotels.pms.rates;

import com.haldenhotels.pms.stay.InHouseStay;
import com.haldenhotels.pms.tax.CityTaxRules;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The charge lines of one night: room (1000), package elements (1010), city tax (9010). */
@Component
public class NightlyChargeCalculator {
    private final CityTaxRules cityTax;

    public NightlyChargeCalculator(CityTaxRules cityTax) {
        this.cityTax = cityTax;
    }

    public List<ChargeLine> nightlyCharges(InHouseStay stay, LocalDate businessDate) {
        List<ChargeLine> lines = new ArrayList<>();
        lines.add(ChargeLine.room(stay.nightlyRate(businessDate)));
        stay.packageElements().forEach(p -> lines.add(ChargeLine.packageElement(p)));
        // PER_PERSON_NIGHT: one line per taxable guest, for the city's tax register.
        lines.addAll(cityTax.linesFor(stay, businessDate));
        return lines;
    }
}
'''

CITY_TAXES = '''# City and tourist taxes per property (TAX-12), posted by the night audit
# with transaction code 9010.
#   PERCENT_OF_ROOM   one line per night, a share of the net room charge
#   PER_ROOM_NIGHT    one line per room and night
#   PER_PERSON_NIGHT  one line per taxable guest and night: Paris, Rome,
#                     Barcelona and Lisbon keep their tax registers per guest
transaction_code: 9010
properties:
  AMS01: { basis: PERCENT_OF_ROOM, rate: 12.5 }
  BER01: { basis: PERCENT_OF_ROOM, rate: 7.5 }
  EDI01: { basis: PERCENT_OF_ROOM, rate: 5.0, max_nights: 5 }
  DXB01: { basis: PER_ROOM_NIGHT, amount: 20.00, currency: AED }
  PAR01: { basis: PER_PERSON_NIGHT, amount: 8.13, exempt_under: 18 }
  PAR02: { basis: PER_PERSON_NIGHT, amount: 5.63, exempt_under: 18 }
  ROM01: { basis: PER_PERSON_NIGHT, amount: 7.50, exempt_under: 10, max_nights: 10 }
  BCN01: { basis: PER_PERSON_NIGHT, amount: 7.50, exempt_under: 17, max_nights: 7 }
  LIS01: { basis: PER_PERSON_NIGHT, amount: 4.00, exempt_under: 13 }
  # DUB01, LON01, LON02, MAD01: no city tax
'''

LISTENER = '''package com.haldenhotels.pms.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.stereotype.Component;

@Component
public class NightAuditListener implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(NightAuditListener.class);
    private final AuditLockService locks;

    public NightAuditListener(AuditLockService locks) {
        this.locks = locks;
    }

    @Override
    public void afterJob(JobExecution execution) {
        String property = execution.getJobParameters().getString("property");
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            locks.release(property);
            return;
        }
        // A failed audit keeps the property locked: nobody posts into a half-closed day.
        log.warn("Night audit job for {} ended with status {}; property stays locked for audit", property, execution.getStatus());
    }
}
'''

APP_YML = '''spring:
  application:
    name: pms-core
  datasource:
    url: jdbc:postgresql://pms-db.pms.svc:5432/pms
    hikari:
      maximum-pool-size: 30
  batch:
    job:
      enabled: false
  flyway:
    locations: classpath:db/migration
pms:
  audit:
    local-start: "03:00"          # property local time
    deploy-freeze-utc: "01:30-04:30"
    step-timeout: 10m
    report-threads: 2
    lock-on-failure: true
  channel:
    siteline-ack-timeout: 30m
'''

APP_PROD_YML = '''pms:
  audit:
    step-timeout: 10m
    report-threads: 2
  housekeeping:
    inspection-required: [LON01, PAR01, DXB01]
logging:
  level:
    org.springframework.batch: INFO
'''

MIGRATION_V86 = '''-- NA-61: who closed a cashier shift, for the audit's cashier report.
ALTER TABLE cashier_shifts ADD COLUMN closed_by text;
'''

MIGRATION_V87 = '''-- NA-77: a night audit rerun after a partial run posted room and tax twice
-- at LIS01 on 8 December (212 folios, corrected by finance with reversal
-- postings). One audit posting per reservation, business date and
-- transaction code from now on; the rerun skips what is already posted.
-- Business dates before 2026-12-15 are left out because of those
-- corrected duplicates.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS folio_postings_audit_uniq
    ON folio_postings (reservation_id, business_date, transaction_code)
    WHERE source = 'NIGHT_AUDIT' AND business_date >= DATE '2026-12-15';
'''

GITLAB_CI = '''stages: [test, build, deploy]

variables:
  IMAGE: registry.haldenhotels.internal/pms/pms-core

test:
  stage: test
  image: maven:3.9-eclipse-temurin-21
  services: [postgres:16]
  script: mvn -B verify

build:
  stage: build
  image: maven:3.9-eclipse-temurin-21
  script: mvn -B -DskipTests jib:build -Dimage=$IMAGE:$VERSION
  rules:
    - if: $CI_COMMIT_BRANCH == "main"

deploy-prod:
  stage: deploy
  image: alpine/helm:3.16.3
  environment: production
  when: manual
  script:
    - echo "Deploying pms-core $CI_COMMIT_SHORT_SHA ($CI_COMMIT_TITLE) as $VERSION"
    - helm upgrade --install pms-core deploy/helm/pms-core -n pms -f deploy/helm/pms-core/values-prod.yaml --set image.tag=$VERSION --wait --timeout 10m

rollback-prod:
  stage: deploy
  image: alpine/helm:3.16.3
  environment: production
  when: manual
  script:
    - helm rollback pms-core $REVISION -n pms --wait --timeout 10m
'''

POM = '''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.6</version>
  </parent>
  <groupId>com.haldenhotels</groupId>
  <artifactId>pms-core</artifactId>
  <version>1.0.0</version>
  <properties>
    <java.version>21</java.version>
    <postgresql.version>42.7.4</postgresql.version>
  </properties>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-batch</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-jdbc</artifactId></dependency>
    <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-database-postgresql</artifactId></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
    <dependency><groupId>net.javacrumbs.shedlock</groupId><artifactId>shedlock-spring</artifactId><version>5.16.0</version></dependency>
  </dependencies>
</project>
'''

NIGHT_AUDIT_DOC = '''# Night audit

Runs per property at 03:00 local time (`NightAuditScheduler`, one job at a
time on the ShedLock leader). Steps:

1. `checkPendingArrivals`: no-shows, no-show fees for guaranteed bookings
2. `postRoomAndTax`: the night's room charge, package elements and taxes
3. `closeCashierShifts`
4. `rollBusinessDate`
5. `auditReports`: trial balance, manager flash, in-house and no-show lists

The property is locked from the start of the audit until it completes;
postings, check-ins and reservation deliveries answer 423 meanwhile. A
failed audit keeps the lock. Restart it from the ops console (Spring Batch
restarts the failed step); never release the lock by hand.

No deploys between 01:30 and 04:30 UTC (the European audits).
'''


def swap(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def build_repo():
    anna = Person("Anna Kowalczyk", "anna.kowalczyk@haldenhotels.com", 60)
    miguel = Person("Miguel Santos", "miguel.santos@haldenhotels.com", 0)
    weiling = Person("Wei Ling Tan", "weiling.tan@haldenhotels.com", 480)
    clara = Person("Clara Dubois", "clara.dubois@haldenhotels.com", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    base = "src/main/java/com/haldenhotels/pms"
    files = {
        "README.md": "# pms-core\n\nHalden Hotels' property-management core: reservations (from the Siteline\nchannel manager via channel-connector), front desk, folios and postings,\nhousekeeping status and the night audit.\n\n```\nmvn spring-boot:run -Dspring-boot.run.profiles=local\n```\n\nDeployed by the manual `deploy-prod` job in GitLab CI (helm, namespace `pms`).\n",
        "docs/runbook.md": runbook("pms-core", [
            ("NightAuditFailed", "A property's night audit job FAILED and the property stays locked.\nRead the failed step's error, fix the cause, restart the audit from the\nops console. See docs/night-audit.md."),
            ("ChannelDeliveriesDeferred", "channel-connector cannot deliver reservations (423 or 5xx). After\n30 minutes Siteline falls back to emailing the hotel."),
        ]),
        "docs/night-audit.md": NIGHT_AUDIT_DOC,
        "pom.xml": POM,
        ".gitlab-ci.yml": GITLAB_CI,
        "config/city-taxes.yaml": CITY_TAXES,
        f"{base}/audit/NightAuditPostingService.java": POSTING_SERVICE,
        f"{base}/audit/NightAuditListener.java": LISTENER,
        f"{base}/audit/NightAuditJobConfig.java": 'package com.haldenhotels.pms.audit;\n\n// nightAuditJob: checkPendingArrivals -> postRoomAndTax -> closeCashierShifts\n// -> rollBusinessDate -> auditReports; each a tasklet in its own transaction.\n@org.springframework.context.annotation.Configuration\npublic class NightAuditJobConfig {\n}\n',
        f"{base}/folio/FolioPostingRepository.java": POSTING_REPO,
        f"{base}/rates/NightlyChargeCalculator.java": NIGHTLY_CHARGES,
        f"{base}/tax/CityTaxRules.java": 'package com.haldenhotels.pms.tax;\n\n// Reads config/city-taxes.yaml; linesFor() returns the 9010 lines of one night.\n@org.springframework.stereotype.Component\npublic class CityTaxRules {\n}\n',
        "src/main/resources/application.yml": APP_YML,
        "src/main/resources/application-prod.yml": APP_PROD_YML,
        "src/main/resources/db/migration/V86__cashier_shift_closed_by.sql": MIGRATION_V86,
        "deploy/helm/pms-core/values-prod.yaml": "replicaCount: 3\nimage:\n  repository: registry.haldenhotels.internal/pms/pms-core\nresources:\n  requests: { cpu: \"1\", memory: 2Gi }\n  limits: { memory: 3Gi }\n",
    }
    repo.commit(utc("2026-12-09 08:40:00"), anna, "pms-core: reservations, front desk, folios, night audit (Spring Batch), GitLab deploy", files)
    repo.schedule(chores(random.Random(36101), SERVICE, [clara, anna, miguel], utc("2026-12-09 09:00:00"), utc("2026-12-14 17:00:00"), 4))
    repo.commit(utc("2026-12-10 14:22:00"), miguel, "tax: Lisbon city tax for at most 7 nights per stay (TAX-58)", {
        "config/city-taxes.yaml": repo.edit("config/city-taxes.yaml", "LIS01: { basis: PER_PERSON_NIGHT, amount: 4.00, exempt_under: 13 }", "LIS01: { basis: PER_PERSON_NIGHT, amount: 4.00, exempt_under: 13, max_nights: 7 }"),
    })
    repo.commit(utc("2026-12-14 10:35:00"), clara, "audit: post room and tax in room-number order so the trial balance lists folios like the folio report (NA-74)", {
        f"{base}/audit/NightAuditPostingService.java": repo.edit(f"{base}/audit/NightAuditPostingService.java",
            "        List<InHouseStay> inHouse = stays.inHouse(property, businessDate);\n",
            "        // In room-number order, like the folio report (NA-74).\n        List<InHouseStay> inHouse = stays.inHouseByRoomNumber(property, businessDate);\n"),
    })
    repo.commit(utc("2026-12-14 16:05:00"), bot, "fix(deps): update dependency org.postgresql:postgresql to v42.7.5", {
        "pom.xml": repo.edit("pom.xml", "<postgresql.version>42.7.4</postgresql.version>", "<postgresql.version>42.7.5</postgresql.version>"),
    })
    svc = repo.files[f"{base}/audit/NightAuditPostingService.java"]
    svc = swap(svc, "import java.util.List;\n", "import java.util.List;\nimport java.util.Set;\n")
    svc = swap(svc, "import com.haldenhotels.pms.folio.FolioPostingRepository;\n",
        "import com.haldenhotels.pms.folio.AuditPostingKey;\nimport com.haldenhotels.pms.folio.FolioPostingRepository;\n")
    svc = swap(svc,
        "        int posted = 0;\n        for (InHouseStay stay : inHouse) {\n            for (ChargeLine line : charges.nightlyCharges(stay, businessDate)) {\n                postings.insertAuditPosting(stay, businessDate, line);\n                posted++;\n            }\n        }\n        log.info(\"Posted {} room and tax lines for {} in-house reservations at {}\", posted, inHouse.size(), property);\n",
        "        // A rerun after a partial audit must not post the night twice (NA-77):\n        // skip what this business date already has; folio_postings_audit_uniq\n        // (V87) guards against anything that slips through.\n        Set<AuditPostingKey> alreadyPosted = postings.auditPostingKeys(property, businessDate);\n        int posted = 0;\n        int skipped = 0;\n        for (InHouseStay stay : inHouse) {\n            for (ChargeLine line : charges.nightlyCharges(stay, businessDate)) {\n                if (alreadyPosted.contains(new AuditPostingKey(stay.reservationId(), businessDate, line.transactionCode()))) {\n                    skipped++;\n                    continue;\n                }\n                postings.insertAuditPosting(stay, businessDate, line);\n                posted++;\n            }\n        }\n        log.info(\"Posted {} room and tax lines for {} in-house reservations at {} ({} already posted, skipped)\", posted, inHouse.size(), property, skipped);\n")
    repo_java = swap(repo.files[f"{base}/folio/FolioPostingRepository.java"],
        "import java.time.LocalDate;\n", "import java.time.LocalDate;\nimport java.util.HashSet;\nimport java.util.Set;\n")
    repo_java = swap(repo_java,
        "    public void insertAuditPosting(",
        "    /** (reservation, business date, transaction code) of the audit postings a property already has for the date. */\n"
        "    public Set<AuditPostingKey> auditPostingKeys(String property, LocalDate businessDate) {\n"
        "        return new HashSet<>(jdbc.query(\"SELECT p.reservation_id, p.business_date, p.transaction_code FROM folio_postings p \"\n"
        "                + \"JOIN reservations r ON r.id = p.reservation_id WHERE r.property_code = ? AND p.business_date = ? AND p.source = 'NIGHT_AUDIT'\",\n"
        "            (rs, i) -> new AuditPostingKey(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getInt(3)), property, businessDate));\n"
        "    }\n\n    public void insertAuditPosting(")
    culprit = repo.commit(utc("2026-12-15 13:58:00"), miguel, "audit: idempotent room-and-tax posting on reruns (NA-77)\n\nRestarting LIS01's audit after the 8 December timeout posted room and\ntax a second time for 212 reservations. The step now skips charges the\nbusiness date already has, and V87 adds a unique index on audit postings\n(reservation, business date, transaction code) so that a double posting\nfails instead of reaching the guest's folio.", {
        f"{base}/audit/NightAuditPostingService.java": svc,
        f"{base}/folio/FolioPostingRepository.java": repo_java,
        f"{base}/folio/AuditPostingKey.java": "package com.haldenhotels.pms.folio;\n\nimport java.time.LocalDate;\n\npublic record AuditPostingKey(long reservationId, LocalDate businessDate, int transactionCode) {\n}\n",
        "src/main/resources/db/migration/V87__folio_postings_audit_unique.sql": MIGRATION_V87,
    })
    repo.commit(utc("2026-12-15 14:41:00"), miguel, "test: a restarted audit does not post room and tax twice", {
        "src/test/java/com/haldenhotels/pms/audit/NightAuditRerunTest.java": "package com.haldenhotels.pms.audit;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nimport org.junit.jupiter.api.Test;\n\nclass NightAuditRerunTest extends AuditTestBase {\n    @Test\n    void restartAfterPartialPostingPostsEachChargeOnce() {\n        givenInHouse(\"AMS01\", 3);\n        failAfterPostings(2);\n        restartAudit(\"AMS01\");\n        assertThat(auditPostingsPerReservation(\"AMS01\")).allMatch(n -> n == 2);\n    }\n}\n",
    })
    pm_head = repo.commit(utc("2026-12-15 15:24:00"), bot, "fix(deps): update spring boot to v3.3.7", {
        "pom.xml": repo.edit("pom.xml", "<version>3.3.6</version>", "<version>3.3.7</version>"),
    })
    repo.commit(utc("2026-12-15 17:12:00"), miguel, "docs: restarting a night audit after NA-77", {
        "docs/night-audit.md": repo.edit("docs/night-audit.md", "restarts the failed step); never release the lock by hand.\n",
            "restarts the failed step); never release the lock by hand. Since NA-77 the\nrestarted postRoomAndTax skips charges the business date already has.\n"),
    })
    lst = swap(repo.files[f"{base}/audit/NightAuditListener.java"],
        "        log.warn(\"Night audit job for {} ended with status {}; property stays locked for audit\", property, execution.getStatus());\n",
        "        execution.getStepExecutions().stream().filter(s -> !s.getFailureExceptions().isEmpty()).findFirst().ifPresentOrElse(\n"
        "            step -> {\n"
        "                Throwable root = rootCause(step.getFailureExceptions().get(0));\n"
        "                String state = root instanceof java.sql.SQLException sql ? \"SQLSTATE \" + sql.getSQLState() + \" \" : \"\";\n"
        "                log.error(\"Night audit FAILED for {} (business date {}) at step {}: {}{}; property stays locked for audit\",\n"
        "                    property, execution.getJobParameters().getLocalDate(\"businessDate\"), step.getStepName(), state, firstLine(root.getMessage()));\n"
        "            },\n"
        "            () -> log.error(\"Night audit FAILED for {} with status {}; property stays locked for audit\", property, execution.getStatus()));\n")
    lst = swap(lst, "    }\n}\n", "    }\n\n"
        "    private static Throwable rootCause(Throwable t) {\n"
        "        while (t.getCause() != null && t.getCause() != t) {\n"
        "            t = t.getCause();\n"
        "        }\n"
        "        return t;\n"
        "    }\n\n"
        "    private static String firstLine(String message) {\n"
        "        return message == null ? \"\" : message.lines().findFirst().orElse(\"\");\n"
        "    }\n}\n")
    repo.commit(utc("2026-12-16 00:38:00"), weiling, "audit: log the failed step, SQLSTATE and error of a failed audit (NA-79)\n\nThe night auditors' tickets only said 'ended with status FAILED'; the\nKL support desk had to search the logs for the step and the error.", {
        f"{base}/audit/NightAuditListener.java": lst,
    })
    night_head = repo.commit(utc("2026-12-16 00:57:00"), weiling, "audit: 15 min step timeout and four report threads for the December occupancy (NA-81)", {
        "src/main/resources/application-prod.yml": repo.edit("src/main/resources/application-prod.yml", "    step-timeout: 10m\n    report-threads: 2\n", "    step-timeout: 15m\n    report-threads: 4\n"),
    })
    def line_of(path, needle):
        return next(i + 1 for i, line in enumerate(repo.files[path].splitlines()) if needle in line)
    frames = {
        "service": line_of(f"{base}/audit/NightAuditPostingService.java", "postings.insertAuditPosting("),
        "repo": line_of(f"{base}/folio/FolioPostingRepository.java", "jdbc.update("),
    }
    return repo, culprit, pm_head, night_head, frames


# ---------------------------------------------------------------------------
# logs

PODS_PM = ["pms-core-6b8d9f7c5-4kqzt", "pms-core-6b8d9f7c5-h2xvn", "pms-core-6b8d9f7c5-rt7wm"]
PODS_NIGHT = ["pms-core-7c4f8b9d6-9lmxd", "pms-core-7c4f8b9d6-cw3pk", "pms-core-7c4f8b9d6-v5nbr"]
PODS_RB = ["pms-core-6b8d9f7c5-6zjfd", "pms-core-6b8d9f7c5-pn8qs", "pms-core-6b8d9f7c5-xd4hl"]
FRAMES = {}
CHANNELS = [(5, "BOOKING"), (3, "EXPEDIA"), (2, "BRAND_WEB"), (1, "HRS"), (1, "AGODA"), (1, "GDS")]


def iso(t, digits=3):
    t = t.astimezone(dt.timezone.utc)
    frac = f"{t.microsecond:06d}"[:digits]
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z"


def boot(t, level, thread, logger, msg):
    """Spring Boot 3.3 console pattern with spring.application.name."""
    return f"{iso(t)} {level:>5} 1 --- [pms-core] [{thread[-15:]:>15}] {logger:<40.40} : {msg}"


def activity(t):
    """Front desk and POS activity across the European hotels by UTC hour (1 = afternoon peak)."""
    h = t.hour + t.minute / 60
    table = {15: 1.0, 16: 1.0, 17: 0.9, 18: 0.75, 19: 0.6, 20: 0.5, 21: 0.4, 22: 0.3, 23: 0.18, 0: 0.1, 1: 0.06, 2: 0.04, 3: 0.05}
    return table[int(h) % 24]


def booking_rate(t):
    """OTA reservations per minute, all properties (the world books at night too)."""
    return {15: 2.2, 16: 2.2, 17: 2.3, 18: 2.4, 19: 2.4, 20: 2.2, 21: 1.9, 22: 1.6, 23: 1.4, 0: 1.2, 1: 1.1, 2: 1.0, 3: 1.0}[t.hour]


def sliced(rng, start, end, rate_fn, minutes=10):
    """Poisson times with a rate that changes every few minutes."""
    out = []
    t = start
    while t < end:
        nxt = min(t + dt.timedelta(minutes=minutes), end)
        out += poisson_times(rng, t, nxt, rate_fn(t))
        t = nxt
    return out


def build_logs(rng, culprit, pm_head, night_head):
    app, pg, envoy, conn, gitlab, chat = (Log("pms-core.log"), Log("postgresql.log"), Log("envoy-pms-core.log"),
                                         Log("channel-connector.log"), Log("gitlab-deploy.log"), Log("chat.log"))
    stats = {"2xx": [], "423": [], "5xx": [], "delivered": [], "deferred": [], "failures": []}
    locks = {p: [] for p in PROPS}  # (start, end)
    versions = [(START - dt.timedelta(hours=1), "2026.12.15-2", PODS_PM), (DEPLOY_NIGHT + dt.timedelta(seconds=95), "2026.12.16-1", PODS_NIGHT),
                (ROLLBACK + dt.timedelta(seconds=80), "2026.12.15-2", PODS_RB)]

    def release(t):
        cur = versions[0]
        for v in versions:
            if v[0] <= t:
                cur = v
        return cur

    pg_pids = {}

    def pg_pid(key):
        if key not in pg_pids:
            pg_pids[key] = rng.randint(30000, 59000)
        return pg_pids[key]

    # --- deploys: GitLab job traces, pod start lines, Flyway
    def gl(t, text, stream="00O"):
        gitlab.add(t, f"{iso(t, 6)} {stream} {text}")

    def deploy_job(t0, sha, title, version, revision):
        seq = [(0.0, "Running with gitlab-runner 17.6.0 (374d34fd)"), (0.1, "  on k8s-runner-pms-2 t3_xKz9aQ, system ID: r_Q2n8mTz1kLpa"),
               (0.3, 'Preparing the "kubernetes" executor'), (6.8, "Getting source from Git repository"),
               (7.2, "Fetching changes with git depth set to 20..."), (8.9, f"Checking out {sha[:8]} as detached HEAD (ref is main)..."),
               (9.1, "Skipping Git submodules setup"), (9.6, 'Executing "step_script" stage of the job script'),
               (9.8, f'$ echo "Deploying pms-core $CI_COMMIT_SHORT_SHA ($CI_COMMIT_TITLE) as $VERSION"'),
               (9.9, f"Deploying pms-core {sha[:8]} ({title}) as {version}"),
               (10.1, f"$ helm upgrade --install pms-core deploy/helm/pms-core -n pms -f deploy/helm/pms-core/values-prod.yaml --set image.tag={version} --wait --timeout 10m"),
               (142.0, 'Release "pms-core" has been upgraded. Happy Helming!'), (142.1, "NAME: pms-core"),
               (142.2, f"LAST DEPLOYED: {(t0 + dt.timedelta(seconds=10)).strftime('%a %b %d %H:%M:%S %Y')}"), (142.3, "NAMESPACE: pms"),
               (142.4, "STATUS: deployed"), (142.5, f"REVISION: {revision}"), (143.0, "Cleaning up project directory and file based variables"),
               (143.4, "Job succeeded")]
        for s, text in seq:
            gl(t0 + dt.timedelta(seconds=s), text)

    deploy_job(DEPLOY_PM - dt.timedelta(seconds=10), pm_head, "fix(deps): update spring boot to v3.3.7", "2026.12.15-2", 212)
    deploy_job(DEPLOY_NIGHT - dt.timedelta(seconds=10), night_head, "audit: 15 min step timeout and four report threads for the December occupancy (NA-81)", "2026.12.16-1", 213)
    t0 = ROLLBACK - dt.timedelta(seconds=9)
    for s, text in [(0.0, "Running with gitlab-runner 17.6.0 (374d34fd)"), (0.1, "  on k8s-runner-pms-2 t3_xKz9aQ, system ID: r_Q2n8mTz1kLpa"),
                    (0.3, 'Preparing the "kubernetes" executor'), (8.7, f"Checking out {night_head[:8]} as detached HEAD (ref is main)..."),
                    (9.4, 'Executing "step_script" stage of the job script'), (9.6, "$ helm rollback pms-core $REVISION -n pms --wait --timeout 10m"),
                    (138.0, "Rollback was a success! Happy Helming!"), (138.6, "Cleaning up project directory and file based variables"), (139.0, "Job succeeded")]:
        gl(t0 + dt.timedelta(seconds=s), text)
    # the nightly dependency scan and a feature-branch pipeline
    for stamp, lines in (("2026-12-15 19:02:11", ["Running with gitlab-runner 17.6.0 (374d34fd)", "Checking out 5b1e93d0 as detached HEAD (ref is na-83-index-on-charge-line)...", "$ mvn -B verify", "[INFO] Tests run: 412, Failures: 0, Errors: 0, Skipped: 3", "Job succeeded"]),
                         ("2026-12-16 00:00:07", ["Running with gitlab-runner 17.6.0 (374d34fd)", f"Checking out {pm_head[:8]} as detached HEAD (ref is main)...", "$ mvn -B org.owasp:dependency-check-maven:check", "[WARNING] One or more dependencies were identified with known vulnerabilities in pms-core: logback-core-1.5.12.jar (CVE-2024-12798) suppressed until 2027-01-31", "Job succeeded"])):
        t = utc(stamp)
        for i, text in enumerate(lines):
            gl(t + dt.timedelta(seconds=i * 17.3), text)

    def start_pods(when, version, sha, pods, migrate):
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=i * 31 + rng.random())
            app.add(t, boot(t, "INFO", "main", "c.h.pms.PmsCoreApplication", f"Starting PmsCoreApplication v{version} using Java 21.0.5 with PID 1 (/app/classes started by pms in /app) [pod {pod}, git {sha[:8]}]"))
            t1 = t + dt.timedelta(seconds=3.1)
            app.add(t1, boot(t1, "INFO", "main", "o.f.core.internal.command.DbValidate", "Successfully validated 87 migrations (execution time 00:00.091s)"))
            if migrate and i == 0:
                t2 = t1 + dt.timedelta(seconds=0.2)
                app.add(t2, boot(t2, "INFO", "main", "o.f.core.internal.command.DbMigrate", 'Current version of schema "public": 86'))
                app.add(t2, boot(t2, "INFO", "main", "o.f.core.internal.command.DbMigrate", 'Migrating schema "public" to version "87 - folio postings audit unique" [non-transactional]'))
                pg.add(t2 + dt.timedelta(milliseconds=40), postgres(t2 + dt.timedelta(milliseconds=40), pg_pid("flyway"), "LOG", "statement: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS folio_postings_audit_uniq\n    ON folio_postings (reservation_id, business_date, transaction_code)\n    WHERE source = 'NIGHT_AUDIT' AND business_date >= DATE '2026-12-15'", "pms_app@pms"))
                t3 = t2 + dt.timedelta(seconds=1.25)
                app.add(t3, boot(t3, "INFO", "main", "o.f.core.internal.command.DbMigrate", 'Successfully applied 1 migration to schema "public", now at version v87 (execution time 00:01.204s)'))
            elif i == 0:
                t2 = t1 + dt.timedelta(seconds=0.2)
                app.add(t2, boot(t2, "INFO", "main", "o.f.core.internal.command.DbMigrate", 'Schema "public" is up to date. No migration necessary.'))
            t4 = t + dt.timedelta(seconds=9.8)
            app.add(t4, boot(t4, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'"))
            app.add(t4, boot(t4, "INFO", "main", "c.h.pms.PmsCoreApplication", f"Started PmsCoreApplication in 10.412 seconds (process running for 11.2)"))

    start_pods(DEPLOY_PM + dt.timedelta(seconds=20), "2026.12.15-2", pm_head, PODS_PM, True)
    start_pods(DEPLOY_NIGHT + dt.timedelta(seconds=22), "2026.12.16-1", night_head, PODS_NIGHT, False)
    start_pods(ROLLBACK + dt.timedelta(seconds=18), "2026.12.15-2", pm_head, PODS_RB, False)

    # --- the night audits
    def sched_line(t, msg, level="INFO"):
        app.add(t, boot(t, level, "scheduling-1", "c.h.pms.audit.NightAuditScheduler", msg))

    def params(prop, bdate):
        return (f"[{{'property':'{{value={prop}, type=class java.lang.String, identifying=true}}',"
                f"'businessDate':'{{value={bdate}, type=class java.time.LocalDate, identifying=true}}'}}]")

    def fail_trace(res_id, bdate):
        detail = f"  Detail: Key (reservation_id, business_date, transaction_code)=({res_id}, {bdate}, 9010) already exists."
        return ("org.springframework.dao.DuplicateKeyException: PreparedStatementCallback; SQL [INSERT INTO folio_postings (folio_id, reservation_id, business_date, transaction_code, amount, currency, description, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'NIGHT_AUDIT')]; ERROR: duplicate key value violates unique constraint \"folio_postings_audit_uniq\"\n"
                f"{detail}\n"
                "\tat org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator.doTranslate(SQLErrorCodeSQLExceptionTranslator.java:243)\n"
                "\tat org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator.translate(AbstractFallbackSQLExceptionTranslator.java:107)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.translateException(JdbcTemplate.java:1548)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:677)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:970)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:1025)\n"
                f"\tat com.haldenhotels.pms.folio.FolioPostingRepository.insertAuditPosting(FolioPostingRepository.java:{FRAMES['repo']})\n"
                f"\tat com.haldenhotels.pms.audit.NightAuditPostingService.postRoomAndTax(NightAuditPostingService.java:{FRAMES['service']})\n"
                "\tat com.haldenhotels.pms.audit.PostRoomAndTaxTasklet.execute(PostRoomAndTaxTasklet.java:27)\n"
                "\tat org.springframework.batch.core.step.tasklet.TaskletStep$ChunkTransactionCallback.doInTransaction(TaskletStep.java:388)\n"
                "\tat org.springframework.batch.core.step.tasklet.TaskletStep$ChunkTransactionCallback.doInTransaction(TaskletStep.java:312)\n"
                "\tat org.springframework.transaction.support.TransactionTemplate.execute(TransactionTemplate.java:140)\n"
                "\tat org.springframework.batch.core.step.tasklet.TaskletStep$2.doInChunkContext(TaskletStep.java:255)\n"
                "\tat org.springframework.batch.core.scope.context.StepContextRepeatCallback.doInIteration(StepContextRepeatCallback.java:82)\n"
                "\tat org.springframework.batch.repeat.support.RepeatTemplate.getNextResult(RepeatTemplate.java:369)\n"
                "\tat org.springframework.batch.core.step.tasklet.TaskletStep.doExecute(TaskletStep.java:240)\n"
                "\tat org.springframework.batch.core.step.AbstractStep.execute(AbstractStep.java:229)\n"
                "\tat org.springframework.batch.core.job.SimpleStepHandler.handleStep(SimpleStepHandler.java:153)\n"
                "\tat org.springframework.batch.core.job.AbstractJob.handleStep(AbstractJob.java:418)\n"
                "\tat org.springframework.batch.core.job.SimpleJob.doExecute(SimpleJob.java:132)\n"
                "\tat org.springframework.batch.core.job.AbstractJob.execute(AbstractJob.java:317)\n"
                "\tat org.springframework.batch.core.launch.support.TaskExecutorJobLauncher$1.run(TaskExecutorJobLauncher.java:157)\n"
                "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n"
                "Caused by: org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint \"folio_postings_audit_uniq\"\n"
                f"{detail}\n"
                "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n"
                "\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)\n"
                "\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)\n"
                "\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)\n"
                "\tat org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)\n"
                "\tat com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.lambda$update$2(JdbcTemplate.java:973)\n"
                "\tat org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:658)\n"
                "\t... 21 common frames omitted")

    def run_audit(t, prop, thread, fails, restart=False, who=None):
        """One nightAuditJob execution; returns its end time."""
        bdate = "2026-12-15"
        nxt = "2026-12-16"
        _, version, _ = release(t)
        new_listener = version == "2026.12.16-1"
        lg = "o.s.b.c.l.s.TaskExecutorJobLauncher"
        if restart:
            app.add(t, boot(t, "INFO", thread, "c.h.pms.audit.AuditAdminController", f"Restart of night audit for {prop} (business date {bdate}) requested by {who}"))
        else:
            sched_line(t, f"Starting night audit for {prop} (business date {bdate}, 03:00 local)")
            locks[prop].append([t, None])
        t += dt.timedelta(milliseconds=rng.randint(30, 90))
        app.add(t, boot(t, "INFO", thread, lg, f"Job: [SimpleJob: [name=nightAuditJob]] launched with the following parameters: {params(prop, bdate)}"))
        job_start = t
        if restart:
            t += dt.timedelta(milliseconds=rng.randint(20, 60))
            app.add(t, boot(t, "INFO", thread, "o.s.batch.core.job.SimpleStepHandler", f"Step already complete or not restartable, so no action to execute: StepExecution: id={rng.randint(880000, 890000)}, version=3, name=checkPendingArrivals, status=COMPLETED, exitStatus=COMPLETED, readCount=0, filterCount=0, writeCount=0 readSkipCount=0, writeSkipCount=0, processSkipCount=0, commitCount=1, rollbackCount=0, exitDescription="))
        else:
            t += dt.timedelta(milliseconds=rng.randint(20, 60))
            app.add(t, boot(t, "INFO", thread, "o.s.batch.core.job.SimpleStepHandler", "Executing step: [checkPendingArrivals]"))
            took = rng.randint(280, 1400)
            n = rng.randint(0, 6)
            t += dt.timedelta(milliseconds=took - 10)
            app.add(t, boot(t, "INFO", thread, "c.h.pms.audit.NoShowProcessor", f"Marked {n} no-shows at {prop} ({max(0, n - rng.randint(0, 2))} guaranteed, no-show fee posted)"))
            t += dt.timedelta(milliseconds=10)
            app.add(t, boot(t, "INFO", thread, "o.s.batch.core.step.AbstractStep", f"Step: [checkPendingArrivals] executed in {took}ms"))
        t += dt.timedelta(milliseconds=rng.randint(5, 20))
        app.add(t, boot(t, "INFO", thread, "o.s.batch.core.job.SimpleStepHandler", "Executing step: [postRoomAndTax]"))
        in_house = PROPS[prop][2]
        if fails:
            t += dt.timedelta(milliseconds=rng.randint(300, 2600))
            res_id = rng.randint(4400000, 4499999)
            pid = pg_pid(("audit", thread, version))
            pg.add(t, postgres(t, pid, "ERROR", 'duplicate key value violates unique constraint "folio_postings_audit_uniq"', "pms_app@pms"))
            pg.add(t, postgres(t, pid, "DETAIL", f"Key (reservation_id, business_date, transaction_code)=({res_id}, {bdate}, 9010) already exists.", "pms_app@pms"))
            pg.add(t, postgres(t, pid, "STATEMENT", "INSERT INTO folio_postings (folio_id, reservation_id, business_date, transaction_code, amount, currency, description, source) VALUES ($1, $2, $3, $4, $5, $6, $7, 'NIGHT_AUDIT')", "pms_app@pms"))
            stats["failures"].append(t)
            t += dt.timedelta(milliseconds=rng.randint(20, 60))
            app.add(t, boot(t, "ERROR", thread, "o.s.batch.core.step.AbstractStep", "Encountered an error executing step postRoomAndTax in job nightAuditJob") + "\n" + fail_trace(res_id, bdate))
            t += dt.timedelta(milliseconds=rng.randint(10, 30))
            took = (t - job_start).total_seconds()
            app.add(t, boot(t, "INFO", thread, lg, f"Job: [SimpleJob: [name=nightAuditJob]] completed with the following parameters: {params(prop, bdate)} and the following status: [FAILED] in {int(took)}s{int(took * 1000) % 1000}ms"))
            if new_listener:
                app.add(t, boot(t, "ERROR", thread, "c.h.pms.audit.NightAuditListener", f'Night audit FAILED for {prop} (business date {bdate}) at step postRoomAndTax: SQLSTATE 23505 ERROR: duplicate key value violates unique constraint "folio_postings_audit_uniq"; property stays locked for audit'))
            else:
                app.add(t, boot(t, "WARN", thread, "c.h.pms.audit.NightAuditListener", f"Night audit job for {prop} ended with status FAILED; property stays locked for audit"))
            return t
        lines = in_house * 2 + rng.randint(0, in_house) if PROPS[prop][1] else in_house + rng.randint(0, in_house // 2)
        took = int(lines * rng.uniform(5.5, 8.0))
        t += dt.timedelta(milliseconds=took)
        app.add(t, boot(t, "INFO", thread, "c.h.pms.audit.NightAuditPostingService", f"Posted {lines} room and tax lines for {in_house} in-house reservations at {prop} (0 already posted, skipped)"))
        app.add(t, boot(t, "INFO", thread, "o.s.batch.core.step.AbstractStep", f"Step: [postRoomAndTax] executed in {took // 1000}s{took % 1000}ms"))
        for step, logger, msg, lo, hi in (("closeCashierShifts", "c.h.pms.audit.CashierShiftCloser", f"Closed {rng.randint(2, 5)} cashier shifts at {prop}", 120, 600),
                                          ("rollBusinessDate", "c.h.pms.audit.BusinessDateService", f"Business date of {prop} rolled from {bdate} to {nxt}", 40, 220),
                                          ("auditReports", "c.h.pms.audit.AuditReportWriter", f"Stored audit reports for {prop} {bdate}: trial-balance, manager-flash, in-house, no-show, city-tax-register", 3500, 9000)):
            t += dt.timedelta(milliseconds=rng.randint(5, 20))
            app.add(t, boot(t, "INFO", thread, "o.s.batch.core.job.SimpleStepHandler", f"Executing step: [{step}]"))
            took = rng.randint(lo, hi)
            t += dt.timedelta(milliseconds=took)
            app.add(t, boot(t, "INFO", thread, logger, msg))
            app.add(t, boot(t, "INFO", thread, "o.s.batch.core.step.AbstractStep", f"Step: [{step}] executed in {took // 1000}s{took % 1000}ms" if took >= 1000 else f"Step: [{step}] executed in {took}ms"))
            if step == "auditReports" and rng.random() < 0.6:
                pg.add(t, postgres(t, pg_pid(("report", prop)), "LOG", f"duration: {took * 0.6:.3f} ms  execute S_14: SELECT f.id, f.room_number, sum(p.amount) FROM folios f JOIN folio_postings p ON p.folio_id = f.id WHERE f.property_code = $1 AND p.business_date = $2 GROUP BY f.id, f.room_number ORDER BY f.room_number", "pms_app@pms"))
        t += dt.timedelta(milliseconds=rng.randint(10, 30))
        took = (t - job_start).total_seconds()
        app.add(t, boot(t, "INFO", thread, lg, f"Job: [SimpleJob: [name=nightAuditJob]] completed with the following parameters: {params(prop, bdate)} and the following status: [COMPLETED] in {int(took)}s{int(took * 1000) % 1000}ms"))
        app.add(t, boot(t, "INFO", thread, "c.h.pms.audit.AuditLockService", f"Released audit lock on {prop} (business date {nxt})"))
        locks[prop][-1][1] = t
        return t

    failing = {"BCN01", "PAR01", "PAR02", "ROM01", "LIS01"}
    for group_start, props in ((utc("2026-12-15 23:00:00"), ["DXB01"]),
                               (utc("2026-12-16 02:00:00"), ["AMS01", "BCN01", "BER01", "MAD01", "PAR01", "PAR02", "ROM01"]),
                               (utc("2026-12-16 03:00:00"), ["DUB01", "EDI01", "LIS01", "LON01", "LON02"])):
        t = group_start + dt.timedelta(milliseconds=rng.randint(4, 40))
        sched_line(t, f"Night audit window: {len(props)} properties at 03:00 local ({', '.join(props)})")
        for prop in props:
            t = run_audit(t + dt.timedelta(milliseconds=rng.randint(50, 400)), prop, "scheduling-1", prop in failing) + dt.timedelta(milliseconds=rng.randint(100, 500))
    # reruns from the ops console
    run_audit(utc("2026-12-16 02:12:41"), "PAR01", "http-nio-8080-exec-4", True, restart=True, who="clara.dubois")
    run_audit(utc("2026-12-16 02:22:52"), "PAR01", "http-nio-8080-exec-2", True, restart=True, who="clara.dubois")
    run_audit(utc("2026-12-16 02:23:37"), "ROM01", "http-nio-8080-exec-7", True, restart=True, who="clara.dubois")
    pg.add(DROP_INDEX, postgres(DROP_INDEX, 61877, "LOG", "statement: DROP INDEX CONCURRENTLY IF EXISTS folio_postings_audit_uniq;", "henrik.aalto@pms"))
    pg.add(DROP_INDEX + dt.timedelta(seconds=1.4), postgres(DROP_INDEX + dt.timedelta(seconds=1.4), 61877, "LOG", "duration: 1391.022 ms", "henrik.aalto@pms"))
    t = utc("2026-12-16 03:08:14")
    for prop in ["PAR01", "PAR02", "ROM01", "BCN01", "LIS01"]:
        t = run_audit(t, prop, f"http-nio-8080-exec-{rng.randint(1, 9)}", False, restart=True, who="clara.dubois") + dt.timedelta(seconds=rng.uniform(6, 20))
    for p, spans in locks.items():
        for span in spans:
            if span[1] is None:
                span[1] = END

    def locked(prop, t):
        return any(a <= t < b for a, b in locks[prop])

    # --- traffic: reservations from Siteline, front desk, POS, housekeeping, the booking engine
    prop_list = list(PROPS)
    weights = [(WEIGHT[p], p) for p in prop_list]

    def pick_prop():
        total = sum(w for w, _ in weights)
        x = rng.uniform(0, total)
        for w, p in weights:
            x -= w
            if x <= 0:
                return p
        return weights[-1][1]

    def pick_channel():
        total = sum(w for w, _ in CHANNELS)
        x = rng.uniform(0, total)
        for w, c in CHANNELS:
            x -= w
            if x <= 0:
                return c
        return CHANNELS[-1][1]

    def env_line(t, method, path, status, took_ms, ua, size=None):
        req = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        size = size if size is not None else (96 if status == 423 else rng.randint(180, 2400))
        flags = "-"
        envoy.add(t, f'[{iso(t)}] "{method} {path} HTTP/1.1" {status} {flags} via_upstream - "-" {rng.randint(0, 2200) if method != "GET" else 0} {size} {took_ms} {max(0, took_ms - 1)} "-" "{ua}" "{req}" "pms-core.pms.svc.cluster.local:8080" "127.0.0.1:8080" inbound|8080|| 127.0.0.6:{rng.randint(33000, 60999)} 10.42.{rng.randint(0, 7)}.{rng.randint(2, 250)}:8080 10.42.{rng.randint(0, 7)}.{rng.randint(2, 250)}:{rng.randint(33000, 60999)} outbound_.8080_._.pms-core.pms.svc.cluster.local default')
        if status == 423:
            stats["423"].append(t)
        elif status >= 500:
            stats["5xx"].append(t)
        else:
            stats["2xx"].append(t)

    def locked_reject(t, prop, method, path, ua):
        app.add(t, boot(t, "WARN", f"http-nio-8080-exec-{rng.randint(1, 20)}", "c.h.pms.web.ApiExceptionHandler", f"423 LOCKED {method} {path}: property {prop} is in night audit (business date 2026-12-15)"))
        env_line(t, method, path, 423, rng.randint(3, 12), ua)

    # reservations: channel-connector delivers each to pms-core; deferred ones retry every 5 min for 30 min
    CONN_UA = "channel-connector/1.14.2"
    deliveries = [(w, pick_prop(), pick_channel(), f"SL-{rng.randint(10**8, 10**9 - 1)}", 1) for w in sliced(rng, START, END, booking_rate)]
    queue = sorted(deliveries)
    while queue:
        w, prop, channel, slid, attempt = queue.pop(0)
        if w >= END:
            continue
        kind = weighted_kind(rng)
        path = f"/api/v1/properties/{prop}/reservations" + ("" if kind == "new" else f"/HR-{rng.randint(8800000, 8899999)}" + ("/cancel" if kind == "cancel" else ""))
        method = "POST" if kind != "modify" else "PUT"
        if locked(prop, w):
            locked_reject(w, prop, method, path, CONN_UA)
            stats["deferred"].append(w)
            if attempt >= 7:
                conn.add(w, logfmt(w, "error", "Siteline delivery timed out: reservation not acknowledged within 30m, Siteline falls back to email to the hotel", property=prop, channel=channel, siteline_id=slid, attempts=attempt, last_status=423))
                continue
            conn.add(w, logfmt(w, "warn", "reservation delivery deferred", property=prop, channel=channel, siteline_id=slid, kind=kind, status=423, reason="night audit in progress", attempt=attempt, retry_in="5m"))
            nxt = w + dt.timedelta(minutes=5, seconds=rng.uniform(0, 3))
            queue.append((nxt, prop, channel, slid, attempt + 1))
            queue.sort()
            continue
        took = rng.randint(35, 180)
        res = f"HR-{rng.randint(8800000, 8899999)}"
        status = 201 if kind == "new" else 200
        t = w + dt.timedelta(milliseconds=took)
        thread = f"http-nio-8080-exec-{rng.randint(1, 20)}"
        if kind == "new":
            arr = (w + dt.timedelta(days=rng.choice([0, 1, 2, 5, 9, 14, 21, 30, 45, 60, 90]))).date()
            app.add(t, boot(t, "INFO", thread, "c.h.pms.reservation.ReservationService", f"Reservation {res} created for {prop} from {channel} (arrival {arr}, {rng.choice([1, 1, 2, 2, 2, 3, 4, 7])} nights, {rng.choice([1, 2, 2, 2, 3])} adults)"))
            if channel == "EXPEDIA" and prop in ("BER01", "MAD01") and rng.random() < 0.3:
                app.add(t, boot(t, "WARN", thread, "c.h.pms.channel.RatePlanMapper", f"No rate plan mapping for EXPEDIA NRF-EARLY at {prop}; reservation {res} booked on BAR"))
        elif kind == "modify":
            app.add(t, boot(t, "INFO", thread, "c.h.pms.reservation.ReservationService", f"Reservation {res} at {prop} modified from {channel} (dates)"))
        else:
            app.add(t, boot(t, "INFO", thread, "c.h.pms.reservation.ReservationService", f"Reservation {res} at {prop} cancelled from {channel}"))
        env_line(t, method, path, status, took, CONN_UA)
        conn.add(t + dt.timedelta(milliseconds=3), logfmt(t + dt.timedelta(milliseconds=3), "info", "reservation delivered", property=prop, channel=channel, siteline_id=slid, kind=kind, pms_reservation=res, attempt=attempt, took_ms=took))
        stats["delivered"].append(t)
        # the odd redelivery of a message pms-core already processed
        if rng.random() < 0.012:
            t2 = t + dt.timedelta(seconds=rng.uniform(20, 90))
            msg_id = f"SLM-{hexid(rng, 12)}"
            pid = pg_pid(("inbox", rng.randint(0, 5)))
            pg.add(t2, postgres(t2, pid, "ERROR", 'duplicate key value violates unique constraint "ota_messages_pkey"', "pms_app@pms"))
            pg.add(t2, postgres(t2, pid, "DETAIL", f"Key (siteline_message_id)=({msg_id}) already exists.", "pms_app@pms"))
            pg.add(t2, postgres(t2, pid, "STATEMENT", "INSERT INTO ota_messages (siteline_message_id, property_code, received_at, body) VALUES ($1, $2, now(), $3)", "pms_app@pms"))
            app.add(t2, boot(t2, "INFO", thread, "c.h.pms.channel.OtaInboxService", f"Siteline message {msg_id} for {prop} already processed, acknowledged again"))
            env_line(t2, "POST", f"/api/v1/properties/{prop}/reservations", 200, rng.randint(8, 20), CONN_UA)

    # ARI pushes from channel-connector (reads availability from pms-core, pushes to Siteline)
    for w in sliced(rng, START, END, lambda t: 1.6):
        prop = pick_prop()
        took = rng.randint(60, 420)
        env_line(w, "GET", f"/api/v1/properties/{prop}/availability?from={w.date()}&days=365", 200, rng.randint(40, 260), CONN_UA, size=rng.randint(20000, 90000))
        if rng.random() < 0.01:
            conn.add(w, logfmt(w, "warn", "ARI push retried", property=prop, status=503, siteline_error="Service busy, retry later", retry_in="30s"))
        else:
            conn.add(w + dt.timedelta(milliseconds=took), logfmt(w + dt.timedelta(milliseconds=took), "info", "ARI push", property=prop, room_types=rng.randint(3, 9), dates=rng.choice([1, 2, 7, 14, 30, 365]), status=200, took_ms=took))

    # front desk, POS and housekeeping
    FD_UA = "halden-frontdesk/5.3.0 (Electron)"
    for w in sliced(rng, START, END, lambda t: 7.0 * activity(t)):
        prop = pick_prop()
        k = rng.random()
        thread = f"http-nio-8080-exec-{rng.randint(1, 20)}"
        res = f"HR-{rng.randint(8800000, 8899999)}"
        if k < 0.3:
            path, method, ua = f"/api/v1/properties/{prop}/reservations/{res}/check-in", "POST", FD_UA
            msg = f"Checked in {res} to room {rng.randint(1, 9)}{rng.randint(0, 3)}{rng.randint(1, 9)} at {prop}" + (" (mobile key requested)" if rng.random() < 0.45 else "")
        elif k < 0.42:
            path, method, ua = f"/api/v1/properties/{prop}/reservations/{res}/check-out", "POST", FD_UA
            amt = rng.uniform(120, 1900)
            msg = f"Checked out {res} at {prop}, folio settled {amt:.2f} {'AED' if prop == 'DXB01' else 'GBP' if prop.startswith(('LON', 'EDI')) else 'EUR'}"
        elif k < 0.72:
            path, method, ua = f"/api/v1/properties/{prop}/folios/F-{rng.randint(3100000, 3199999)}/postings", "POST", rng.choice(["micros-simphony-bridge/2.1", "micros-simphony-bridge/2.1", "halden-minibar/1.4"])
            msg = f"Posted {rng.uniform(4, 180):.2f} to folio at {prop} ({rng.choice(['BAR', 'RESTAURANT', 'ROOM_SERVICE', 'MINIBAR', 'SPA'])})"
        else:
            path, method, ua = f"/api/v1/properties/{prop}/rooms/{rng.randint(1, 9)}{rng.randint(0, 3)}{rng.randint(1, 9)}/status", "PUT", "halden-housekeeping/3.8.1 (Android)"
            msg = None
        if locked(prop, w):
            locked_reject(w, prop, method, path, ua)
            continue
        took = rng.randint(15, 160)
        t = w + dt.timedelta(milliseconds=took)
        if msg:
            app.add(t, boot(t, "INFO", thread, "c.h.pms.frontdesk.FrontDeskService" if "Checked" in msg else "c.h.pms.folio.PostingService", msg))
        env_line(t, method, path, 201 if method == "POST" else 200, took, ua)
    # the booking engine's availability lookups
    BE_UA = "halden-booking-engine/2026.12.3"
    for w in sliced(rng, START, END, lambda t: 4.0 + 6.0 * activity(t)):
        prop = pick_prop()
        took = rng.randint(25, 240)
        env_line(w, "GET", f"/api/v1/properties/{prop}/rates?arrival={(w + dt.timedelta(days=rng.randint(1, 90))).date()}&nights={rng.randint(1, 5)}&adults={rng.choice([1, 2, 2])}", 200, took, BE_UA, size=rng.randint(3000, 14000))
    # routine payment declines and a few 5xx from the PSP bridge
    for w in sliced(rng, START, END, lambda t: 0.05 * activity(t) + 0.005):
        prop = pick_prop()
        app.add(w, boot(w, "WARN", f"http-nio-8080-exec-{rng.randint(1, 20)}", "c.h.pms.folio.PaymentCaptureService", f"Capture declined for folio F-{rng.randint(3100000, 3199999)} at {prop}: {rng.choice(['05 Do not honour', '51 Insufficient funds', '54 Expired card'])} (psp ref {hexid(rng, 16).upper()})"))
    for w in poisson_times(rng, START, END, 0.01):
        app.add(w, boot(w, "ERROR", f"http-nio-8080-exec-{rng.randint(1, 20)}", "c.h.pms.folio.PaymentCaptureService", "PSP call failed, capture queued for retry: java.net.SocketTimeoutException: Read timed out"))
    # Hikari and scheduler housekeeping
    t = START + dt.timedelta(minutes=3)
    while t < END:
        app.add(t, boot(t, "INFO", "scheduling-1", "c.h.pms.housekeeping.RoomStatusSync", f"Room status sync: {rng.randint(3000, 3300)} rooms, {rng.randint(0, 40)} changed since last run"))
        t += dt.timedelta(minutes=15)

    # --- PostgreSQL routine
    t = START + dt.timedelta(minutes=7, seconds=11)
    while t < END:
        pg.add(t, postgres(t, 62, "LOG", "checkpoint starting: time"))
        t2 = t + dt.timedelta(seconds=rng.uniform(60, 270))
        bufs = rng.randint(900, 9000)
        pg.add(t2, postgres(t2, 62, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 6)} recycled; write={(t2 - t).total_seconds() - 0.2:.3f} s, sync=0.{rng.randint(10, 99)} s, total={(t2 - t).total_seconds():.3f} s; sync files={rng.randint(40, 200)}, longest=0.0{rng.randint(10, 99)} s, average=0.00{rng.randint(1, 9)} s; distance={rng.randint(40000, 220000)} kB, estimate={rng.randint(90000, 240000)} kB; lsn=2A/{hexid(rng, 8).upper()}, redo lsn=2A/{hexid(rng, 8).upper()}"))
        t += dt.timedelta(minutes=15)
    for w in poisson_times(rng, START, END, 0.03):
        table = rng.choice(["room_status_events", "ota_messages", "folio_postings", "availability_deltas"])
        pg.add(w, postgres(w, rng.randint(30000, 59000), "LOG", f'automatic vacuum of table "pms.public.{table}": index scans: 1\n\tpages: 0 removed, {rng.randint(2000, 90000)} remain, {rng.randint(100, 2000)} scanned ({rng.uniform(0.5, 9):.2f}% of total)\n\ttuples: {rng.randint(200, 9000)} removed, {rng.randint(100000, 4000000)} remain, 0 are dead but not yet removable'))
    for w in poisson_times(rng, START, END, 0.02):
        pg.add(w, postgres(w, rng.randint(30000, 59000), "LOG", f"duration: {rng.uniform(1000, 2600):.3f} ms  execute S_3: SELECT room_type_code, stay_date, sum(available) FROM availability WHERE property_code = $1 AND stay_date BETWEEN $2 AND $3 GROUP BY 1, 2", "pms_app@pms"))

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} #pms-oncall {who}: {text}")

    say("2026-12-15 16:15:20", "Miguel Santos", f"deploying pms-core main ({pm_head[:8]}) as 2026.12.15-2: NA-77 idempotent room-and-tax on audit reruns (V87 adds a unique index), spring boot 3.3.7")
    say("2026-12-15 16:24:05", "Miguel Santos", "2026.12.15-2 out, V87 applied in 1.2s. DXB tonight is the first audit with it")
    say("2026-12-15 16:51:40", "Anna Kowalczyk", "thanks. LIS finance closed the 8 Dec corrections today, so we're clean from the 15th")
    say("2026-12-15 23:02:30", "Miguel Santos", "DXB01 audit completed with NA-77, '0 already posted, skipped' as expected. night")
    say("2026-12-16 01:13:50", "Wei Ling Tan", f"deploying pms-core main ({night_head[:8]}) as 2026.12.16-1: NA-79 failed-audit logging with step + SQLSTATE, NA-81 audit step timeout 15m / 4 report threads. in before the 01:30 freeze")
    say("2026-12-16 01:23:15", "Wei Ling Tan", "2026.12.16-1 out, pods healthy")
    fail_times = sorted(stats["failures"])
    first_fail = fail_times[0]
    say((first_fail + dt.timedelta(seconds=47)).strftime("%Y-%m-%d %H:%M:%S"), "PagerDuty", "Triggered #48213 NightAuditFailed BCN01 (business date 2026-12-15) pms-core")
    say((first_fail + dt.timedelta(seconds=71)).strftime("%Y-%m-%d %H:%M:%S"), "PagerDuty", "Triggered #48214 NightAuditFailed PAR01, #48215 NightAuditFailed PAR02, #48216 NightAuditFailed ROM01 (grouped)")
    say("2026-12-16 02:06:40", "Clara Dubois", "ack, looking")
    say("2026-12-16 02:08:20", "Karim Haddad (PAR01 night audit)", "night audit stopped with an error and the PMS says the hotel is locked, I cannot post the late bar bill or check in a late arrival")
    say("2026-12-16 02:11:05", "Clara Dubois", "BCN01, PAR01, PAR02, ROM01 all FAILED at postRoomAndTax: 'Night audit FAILED ... SQLSTATE 23505 ERROR: duplicate key value violates unique constraint'. AMS, BER, MAD completed. restarting PAR01 from the ops console")
    say("2026-12-16 02:13:40", "Clara Dubois", "restart failed the same way. that FAILED line is new from NA-79 in the 01:20 release, and NA-81 changed the audit step timeout in the same release. rolling back to 2026.12.15-2 (helm revision 212)")
    say("2026-12-16 02:21:30", "Clara Dubois", "rolled back, restarting PAR01 and ROM01")
    say("2026-12-16 02:24:45", "Clara Dubois", "still failing on 2026.12.15-2, same DuplicateKeyException, listener just says 'ended with status FAILED' now. so not the 01:20 release. @Wei Ling Tan still around?")
    say("2026-12-16 02:27:50", "Wei Ling Tan", "yes. folio_postings_audit_uniq is NA-77's index (V87), shipped yesterday at 16:20. the key is reservation + business date + transaction code and the DETAIL says 9010 = city tax")
    say("2026-12-16 02:31:20", "Wei Ling Tan", "config/city-taxes.yaml: PAR01, PAR02, ROM01, BCN01 and LIS01 are PER_PERSON_NIGHT, one 9010 line per adult. so every room with two adults collides on its second line. AMS/BER/EDI are a percentage, DXB per room: one line, which is why DXB passed")
    say("2026-12-16 02:33:10", "Clara Dubois", "LIS01 runs at 03:00 and will fail too. the skip in NA-77 works without the index; dropping the index is the quickest way. calling Miguel and Henrik")
    say("2026-12-16 02:36:00", "Karim Haddad (PAR01 night audit)", "Siteline is emailing us reservations now, the PMS did not take them")
    say("2026-12-16 02:44:30", "Clara Dubois", "Miguel on the phone: ok to drop folio_postings_audit_uniq tonight, NA-83 (key on the charge line) in the morning. Henrik not answering yet")
    lis_fail = [f for f in fail_times if f >= utc("2026-12-16 03:00:00")][0]
    say((lis_fail + dt.timedelta(seconds=52)).strftime("%Y-%m-%d %H:%M:%S"), "PagerDuty", "Triggered #48219 NightAuditFailed LIS01 (business date 2026-12-15) pms-core")
    say("2026-12-16 03:04:10", "Henrik Aalto", "here, sorry. dropping folio_postings_audit_uniq concurrently")
    say("2026-12-16 03:07:00", "Henrik Aalto", "dropped")
    say("2026-12-16 03:08:05", "Clara Dubois", "restarting PAR01, PAR02, ROM01, BCN01, LIS01")
    say("2026-12-16 03:12:20", "Clara Dubois", "all five COMPLETED, business dates rolled to 2026-12-16, locks released. connector retries going through")
    say("2026-12-16 03:16:40", "Clara Dubois", "Siteline fell back to email for the reservations that waited more than 30 min at BCN/PAR/ROM; front offices asked to key them in from the emails")
    say("2026-12-16 03:31:00", "Clara Dubois", "resolving. follow-ups: NA-83 (key on the charge line), a rerun test with a per-person city tax hotel, and 2026.12.16-1 can go out again (it was never the cause)")
    return [app, pg, envoy, conn, gitlab, chat], stats, locks


def weighted_kind(rng):
    x = rng.random()
    return "new" if x < 0.72 else "modify" if x < 0.88 else "cancel"


def build(out_dir):
    rng = random.Random(36100)
    repo, culprit, pm_head, night_head, frames = build_repo()
    FRAMES.update(frames)
    try:
        logs, stats, locks = build_logs(rng, culprit, pm_head, night_head)
        onset = min(stats["failures"]).replace(microsecond=0)
        assert utc("2026-12-16 02:00:00") <= onset <= utc("2026-12-16 02:02:00"), onset

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)

        def lock_fn(prop):
            return lambda t: 1 if any(a <= t < b for a, b in locks[prop]) else 0
        m_start = utc("2026-12-16 01:00:00")
        metrics = {
            "pms_audit_locked.json": query_range([({"__name__": "pms_property_audit_locked", "property": p}, lock_fn(p)) for p in PROPS], m_start, END, 60),
            "pms_core_responses.json": query_range([({"service": "pms-core", "code": c}, per_min(stats[c])) for c in ("2xx", "423", "5xx")], m_start, END, 60),
            "channel_connector_deliveries.json": query_range([({"job": "channel-connector", "result": r}, per_min(stats[r])) for r in ("delivered", "deferred")], m_start, END, 60),
        }
        hours = (onset - utc("2026-12-15 13:58:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r36-night-audit-posting-key", service=SERVICE, onset=onset,
            description=f"""
Halden Hotels' night audit fails at four of its hotels on Wednesday 16
December from {onset.strftime('%H:%M:%S')} UTC (03:00 in Barcelona, Paris and Rome), at
the step that posts the night's room charges and taxes, and at Lisbon an
hour later; the failed properties stay locked for the audit, so their
business date does not roll, the front desks cannot post or check in and
reservations from the channel manager are deferred and, after 30 minutes,
emailed to the hotels instead. A release with new failed-audit logging
and audit tuning had gone out at 01:20; rolling it back at 02:18 changed
nothing. The audits complete after 03:08.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "pms-core.log": r'<Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s*: <Content>',
            },
            root_cause=[
                r'duplicate key value violates unique constraint "folio_postings_audit_uniq"',
                r'Key \(reservation_id, business_date,',
            ],
            fix_files=[
                "src/main/java/com/haldenhotels/pms/audit/NightAuditPostingService.java",
                "src/main/resources/db/migration/V87__folio_postings_audit_unique.sql",
            ],
            explanation=f"""
The culprit is NA-77 ("audit: idempotent room-and-tax posting on
reruns"), committed at 13:58 UTC on 15 December, {hours:.1f} hours before the
onset, and deployed at 16:20 in a release whose GitLab job and start
lines name the Spring Boot 3.3.7 bump after it. Its migration V87 adds
folio_postings_audit_uniq, a unique index on audit postings'
(reservation_id, business_date, transaction_code) from business date
2026-12-15 on, and the posting step skips keys already posted. City tax
(9010) is posted one line per taxable guest where it is per person and
night (config/city-taxes.yaml: PAR01, PAR02, ROM01, BCN01, LIS01), so a
room with two adults has two 9010 lines: the second violates the index
('duplicate key value violates unique constraint
"folio_postings_audit_uniq"', DETAIL 'Key (reservation_id,
business_date, transaction_code)=(..., 2026-12-15, 9010) already
exists'), postRoomAndTax fails and the property stays locked. Dubai (a
per-room tax, 23:00 UTC) and the percentage-tax and no-tax hotels pass.
The partial index skipped every earlier business date, so the migration
itself succeeded. Dropping the index let the reruns complete; the fix
keys audit postings on the charge line (NightAuditPostingService and a
migration replacing V87's index).
Decoys: the 01:20 release 41 minutes before the onset (NA-79, which
adds the very 'Night audit FAILED ... SQLSTATE 23505' line, and NA-81,
the audit step timeout and report threads in application-prod.yml),
rolled back at 02:18 without effect (the line goes back to 'ended with
status FAILED'); the Spring Boot bump the 16:20 deploy names and the
pgjdbc bump; NA-74, a harmless commit to NightAuditPostingService; the
test and docs commits for NA-77; routine duplicate keys on
ota_messages_pkey from Siteline redeliveries; 423s during every hotel's
normal audit; payment declines, a PSP timeout, unmapped Expedia rate
plans and Siteline 503s on ARI pushes.
""",
        )
    finally:
        repo.close()
