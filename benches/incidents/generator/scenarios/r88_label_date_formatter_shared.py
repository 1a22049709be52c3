"""rtsm (Java 21, Spring Boot 3.4; three pods on EKS in eu-west-1, released
through Octopus Deploy in the weekly validated maintenance window, Saturday
22:00 UTC, emergency changes only with QA's approval; team in Porto,
Cambridge, Boston and Pune) is Halden Clinical's randomisation and trial
supply management service (RTSM, "IRT"): thirty-odd sponsors' studies
randomise their subjects through it and it dispenses the blinded kits at
each dosing visit, keeps every site's kit inventory and orders resupply
shipments from the depots (Northbridge Clinical Supplies, Nuremberg,
Philadelphia and Pune). Halden EDC's forms call it: the RAND form of a
study randomises the subject, the dosing forms dispense; the site staff
use its web UI for their inventory and to confirm shipments on receipt.

A kit's expiry is the date printed on its lot's label ("31-MAR-2027",
dd-MMM-yyyy), which RTSM keeps as text (lots.label_expiry) and reads with
`LabelDates.parse` wherever it needs the date: a kit may be dispensed at a
visit only if its label expiry is on or after the visit date plus the
study's do-not-dispense (DND) days, and dispensing gives the first expiry
first (a sort that parses the dates again).

Wednesday 17 June 2026, 14:20 UTC: SUP-877 (Rui, Porto). The CVN-2204 load
profile showed SimpleDateFormat construction (one per parse, with its
Calendar, DecimalFormat and DateFormatSymbols) as 31 % of the allocations on
the dispensing path, so the formatter becomes one `private static final
SimpleDateFormat`. SimpleDateFormat is not thread-safe: parse() keeps its
state in the instance's Calendar and DecimalFormat, and two threads parsing
at once corrupt each other (NumberFormatException "multiple points", "For
input string", "empty String", ParseException for a valid date, or a wrong
date without an error). The unit tests parse on one thread; the nightly
resupply run is one thread; nothing else parses concurrently until enough
sites dispense at the same time.

Thursday: SUP-879 trims label dates in the same method (a depot feed with a
leading space); RAND-512 replaces the randomisation table lock with a
PostgreSQL advisory lock per stratum; a Spring Boot bump. Friday: SUP-884
logs "Dispensing failed for subject ... kit assignment rolled back" with the
stack trace (the very ERROR line on Monday) and makes the API
handler's RTSM-500 line one line; a runbook commit that reads 500s at the
morning peak as stratum lock contention; release 7.4.0. Octopus deploys
7.4.0 on Saturday 20 June at 22:05 in the window; Sunday and the
Asia-Pacific Monday morning are quiet.

Monday 22 June: as the European sites open and the sponsors' supply
dashboards (which parse every kit of a study, refreshed every five
minutes) come up, from 06:46 UTC a few percent of dispensations,
randomisations, inventory pages and dashboard refreshes fail with RTSM-500
and EDC leaves the forms pending; retries mostly work. Hannah (on call) sees SUP-884's new
line and advisory lock waits in PostgreSQL, follows the runbook and gets
QA's emergency approval to roll back to 7.3.2 (07:52): the errors stop.
Rui reads the stack traces (NumberFormatException "multiple points" and
"Unparseable label date" for valid dates, in SimpleDateFormat.parse under
LabelDates.parse) and the odd "label expiry 0020-..." exclusions: the
shared formatter. He checks that no kit was dispensed past its DND limit;
SUP-891 moves LabelDates to java.time's DateTimeFormatter, 7.4.1 is deployed
at 11:58 with the advisory locks again and no errors.

Sources: rtsm (logback pattern with the pod, line format, Java stack
traces), Halden EDC's edc-forms (pino JSON), ingress-nginx access,
PostgreSQL, Octopus Deploy task log (line format), the service desk's
tickets (JSON lines), #rtsm-incident (Teams export, JSON lines)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from formats import pino, postgres
from skeletons import chores

SERVICE = "rtsm"
START, END = utc("2026-06-22 04:30:00"), utc("2026-06-22 12:45:00")
DEPLOY_740 = utc("2026-06-20 22:05:12")
ROLLBACK = utc("2026-06-22 07:52:10")
HOTFIX = utc("2026-06-22 11:58:30")
CULPRIT_AT = utc("2026-06-17 14:20:00")

PKG = "src/main/java/com/halden/rtsm"
TPKG = "src/test/java/com/halden/rtsm"
LABEL_DATES = f"{PKG}/supply/LabelDates.java"
LABEL_DATES_TEST = f"{TPKG}/supply/LabelDatesTest.java"
KIT_INVENTORY = f"{PKG}/supply/KitInventory.java"
DISPENSING = f"{PKG}/dispensing/DispensingService.java"
RANDOMISATION = f"{PKG}/randomisation/RandomisationService.java"
API_HANDLER = f"{PKG}/api/ApiExceptionHandler.java"


def line_of(text, needle):
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    raise ValueError(f"not found: {needle!r}")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository (shared with r88_lot_dnd_extension_pending_none)

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.4.6</version>
    <relativePath/>
  </parent>
  <groupId>com.halden</groupId>
  <artifactId>rtsm</artifactId>
  <version>7.3.1</version>
  <name>rtsm</name>
  <description>Halden RTSM: randomisation and trial supply management</description>
  <properties>
    <java.version>21</java.version>
    <postgresql.version>42.7.5</postgresql.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-jdbc</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
    </dependency>
    <dependency>
      <groupId>net.javacrumbs.shedlock</groupId>
      <artifactId>shedlock-spring</artifactId>
      <version>6.3.1</version>
    </dependency>
    <dependency>
      <groupId>org.flywaydb</groupId>
      <artifactId>flyway-database-postgresql</artifactId>
    </dependency>
    <dependency>
      <groupId>org.postgresql</groupId>
      <artifactId>postgresql</artifactId>
      <version>${postgresql.version}</version>
    </dependency>
    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-registry-prometheus</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
      <plugin>
        <groupId>io.github.git-commit-id</groupId>
        <artifactId>git-commit-id-maven-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
"""

APPLICATION = """package com.halden.rtsm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class RtsmApplication {

    public static void main(String[] args) {
        SpringApplication.run(RtsmApplication.class, args);
    }
}
"""

LABEL_DATES_SRC = """package com.halden.rtsm.supply;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Dates as the depots print them on kit labels: "31-MAR-2027" (dd-MMM-yyyy,
 * English month abbreviations). The label is the regulatory record of a lot's
 * expiry (a shelf-life extension is a new label), so RTSM keeps the text the
 * depot sent in lots.label_expiry and reads it wherever it needs the date.
 */
public final class LabelDates {

    static final String PATTERN = "dd-MMM-yyyy";

    private LabelDates() {
    }

    public static LocalDate parse(String label) {
        SimpleDateFormat format = newFormat();
        try {
            Date date = format.parse(label);
            return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        } catch (ParseException e) {
            throw new IllegalArgumentException("Unparseable label date \\"" + label + "\\"", e);
        }
    }

    public static String format(LocalDate date) {
        Date instant = Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant());
        return newFormat().format(instant).toUpperCase(Locale.ROOT);
    }

    private static SimpleDateFormat newFormat() {
        SimpleDateFormat format = new SimpleDateFormat(PATTERN, Locale.ENGLISH);
        format.setLenient(false);
        format.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        return format;
    }
}
"""

LABEL_DATES_TEST_SRC = """package com.halden.rtsm.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LabelDatesTest {

    @Test
    void parsesDepotLabels() {
        assertThat(LabelDates.parse("31-MAR-2027")).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(LabelDates.parse("03-Sep-2026")).isEqualTo(LocalDate.of(2026, 9, 3));
    }

    @Test
    void formatsLikeTheLabel() {
        assertThat(LabelDates.format(LocalDate.of(2027, 11, 30))).isEqualTo("30-NOV-2027");
    }

    @Test
    void rejectsImpossibleDates() {
        assertThatThrownBy(() -> LabelDates.parse("31-JUN-2027")).isInstanceOf(IllegalArgumentException.class);
    }
}
"""

KIT_INVENTORY_SRC = """package com.halden.rtsm.supply;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A site's kits as dispensing and the site inventory page see them.
 */
@Component
public class KitInventory {

    private static final Logger log = LoggerFactory.getLogger(KitInventory.class);

    private final KitRepository kits;

    public KitInventory(KitRepository kits) {
        this.kits = kits;
    }

    /**
     * Kits of a type at a site that may be given at a visit on visitDate:
     * available (received, not quarantined, not dispensed) and with a label
     * expiry on or after the DND limit, visitDate plus the study's DND days
     * (the kit must last until the end of the next visit's window).
     * First expiry, first out.
     */
    public List<Kit> dispensable(String study, String site, String kitType, LocalDate visitDate, int dndDays) {
        LocalDate limit = visitDate.plusDays(dndDays);
        List<Kit> out = new ArrayList<>();
        for (Kit kit : kits.availableAtSite(study, site, kitType)) {
            LocalDate expiry = LabelDates.parse(kit.labelExpiry());
            if (expiry.isBefore(limit)) {
                log.warn("Kit {} of lot {} excluded: label expiry {} before DND limit {}", kit.number(), kit.lot(), expiry, limit);
                continue;
            }
            out.add(kit);
        }
        out.sort(Comparator.comparing((Kit k) -> LabelDates.parse(k.labelExpiry())).thenComparing(Kit::number));
        return out;
    }

    public List<KitView> siteInventory(String study, String site) {
        return kits.atSite(study, site).stream()
                .map(k -> new KitView(k.number(), k.lot(), k.status(), LabelDates.parse(k.labelExpiry())))
                .toList();
    }
}
"""

LABEL_DATES_FIXED = """package com.halden.rtsm.supply;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Dates as the depots print them on kit labels: "31-MAR-2027" (dd-MMM-yyyy,
 * English month abbreviations). The label is the regulatory record of a lot's
 * expiry (a shelf-life extension is a new label), so RTSM keeps the text the
 * depot sent in lots.label_expiry and reads it wherever it needs the date.
 *
 * <p>One formatter for every thread: DateTimeFormatter is immutable and
 * thread-safe (SUP-891; SimpleDateFormat is neither, SUP-877 shared one).
 */
public final class LabelDates {

    static final String PATTERN = "dd-MMM-uuuu";

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern(PATTERN)
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    private LabelDates() {
    }

    public static LocalDate parse(String label) {
        try {
            // SUP-879: NCS-PNQ's feed pads the text (" 31-MAR-2027")
            return LocalDate.parse(label.trim(), FORMAT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Unparseable label date \\"" + label + "\\"", e);
        }
    }

    public static String format(LocalDate date) {
        return FORMAT.format(date).toUpperCase(Locale.ROOT);
    }
}
"""

DISPENSING_SRC = """package com.halden.rtsm.dispensing;

import com.halden.rtsm.study.Study;
import com.halden.rtsm.study.StudyRegistry;
import com.halden.rtsm.study.Subject;
import com.halden.rtsm.study.VisitCode;
import com.halden.rtsm.supply.InsufficientSupplyException;
import com.halden.rtsm.supply.Kit;
import com.halden.rtsm.supply.KitInventory;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives a subject the kits of a dosing visit. The kit type follows from the
 * subject's treatment (unblinded, never logged); sites and logs see kit
 * numbers only.
 */
@Service
public class DispensingService {

    private static final Logger log = LoggerFactory.getLogger(DispensingService.class);

    private final StudyRegistry studies;
    private final TreatmentLookup treatments;
    private final KitInventory inventory;
    private final DispensationRepository dispensations;

    public DispensingService(StudyRegistry studies, TreatmentLookup treatments, KitInventory inventory,
                             DispensationRepository dispensations) {
        this.studies = studies;
        this.treatments = treatments;
        this.inventory = inventory;
        this.dispensations = dispensations;
    }

    @Transactional
    public Dispensation dispense(Subject subject, VisitCode visit, LocalDate visitDate) {
        Study study = studies.get(subject.study());
        String kitType = treatments.kitTypeFor(subject, visit);
        List<Kit> kits = inventory.dispensable(study.id(), subject.site(), kitType, visitDate, study.dndDays());
        int needed = study.kitsPerVisit(visit);
        if (kits.size() < needed) {
            throw new InsufficientSupplyException(study.id(), subject.site(), subject.number(), visit);
        }
        List<Kit> given = kits.subList(0, needed);
        Dispensation dispensation = dispensations.record(subject, visit, visitDate, given);
        log.info("Dispensed kit(s) {} to subject {} at visit {}", dispensation.kitNumbers(), subject.number(), visit);
        return dispensation;
    }
}
"""

RANDOMISATION_SRC = """package com.halden.rtsm.randomisation;

import com.halden.rtsm.dispensing.Dispensation;
import com.halden.rtsm.dispensing.DispensingService;
import com.halden.rtsm.study.Strata;
import com.halden.rtsm.study.Study;
import com.halden.rtsm.study.StudyRegistry;
import com.halden.rtsm.study.Subject;
import com.halden.rtsm.study.VisitCode;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stratified block randomisation from the statisticians' pre-generated
 * lists: the next free slot of the subject's stratum, then the Day 1 kits.
 */
@Service
public class RandomisationService {

    private static final Logger log = LoggerFactory.getLogger(RandomisationService.class);

    private final StudyRegistry studies;
    private final SlotRepository slots;
    private final DispensingService dispensing;
    private final JdbcTemplate jdbc;

    public RandomisationService(StudyRegistry studies, SlotRepository slots, DispensingService dispensing, JdbcTemplate jdbc) {
        this.studies = studies;
        this.slots = slots;
        this.dispensing = dispensing;
        this.jdbc = jdbc;
    }

    @Transactional
    public Randomisation randomise(Subject subject, Strata strata, LocalDate visitDate) {
        Study study = studies.get(subject.study());
        String stratum = study.stratumOf(strata);
        // Two subjects of a stratum must never get the same slot.
        jdbc.execute("LOCK TABLE randomisation_slots IN SHARE ROW EXCLUSIVE MODE");
        Slot slot = slots.nextFree(study.id(), stratum)
                .orElseThrow(() -> new ListExhaustedException(study.id(), stratum));
        slots.assign(slot, subject);
        Dispensation day1 = dispensing.dispense(subject.withSlot(slot), VisitCode.RAND, visitDate);
        log.info("Randomised subject {}: stratum {}, randomisation number {}, kit(s) {}",
                subject.number(), stratum, slot.number(), day1.kitNumbers());
        return new Randomisation(subject.number(), slot.number(), day1);
    }
}
"""

API_HANDLER_SRC = """package com.halden.rtsm.api;

import com.halden.rtsm.randomisation.ListExhaustedException;
import com.halden.rtsm.supply.InsufficientSupplyException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InsufficientSupplyException.class)
    ResponseEntity<ApiError> insufficientSupply(InsufficientSupplyException e, HttpServletRequest request) {
        log.warn("RTSM-409 on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return ResponseEntity.status(409).body(ApiError.of("RTSM-409", "Insufficient supply at site"));
    }

    @ExceptionHandler(ListExhaustedException.class)
    ResponseEntity<ApiError> listExhausted(ListExhaustedException e, HttpServletRequest request) {
        log.error("RTSM-410 on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return ResponseEntity.status(409).body(ApiError.of("RTSM-410", "Randomisation list exhausted"));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiError> unexpected(RuntimeException e, HttpServletRequest request) {
        log.error("RTSM-500 on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(500).body(ApiError.of("RTSM-500", "Internal error, please retry"));
    }
}
"""

RESUPPLY_SRC = """package com.halden.rtsm.supply;

import java.time.Clock;
import java.time.LocalDate;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly predictive resupply: for every active study and site, the kits
 * that will still be dispensable at the visits of the next supply horizon
 * against the study's trigger and resupply levels per kit type; below the
 * trigger, a depot order up to the resupply level. One pod runs it (ShedLock),
 * one study after another.
 */
@Component
public class ResupplyRun {

    private static final Logger log = LoggerFactory.getLogger(ResupplyRun.class);

    private final SupplyPlanner planner;
    private final DepotClient depots;
    private final Clock clock;

    public ResupplyRun(SupplyPlanner planner, DepotClient depots, Clock clock) {
        this.planner = planner;
        this.depots = depots;
        this.clock = clock;
    }

    @Scheduled(cron = "${rtsm.resupply.cron}", zone = "UTC")
    @SchedulerLock(name = "resupply-run", lockAtMostFor = "PT50M")
    public void run() {
        LocalDate today = LocalDate.now(clock);
        for (var study : planner.activeStudies()) {
            var plan = planner.plan(study, today);
            plan.orders().forEach(depots::send);
            log.info("Resupply {}: {} sites checked, {} below trigger, {} depot orders", study.id(),
                    plan.sitesChecked(), plan.belowTrigger(), plan.orders().size());
        }
    }
}
"""

CONTROLLER_SRC = """package com.halden.rtsm.api;

import com.halden.rtsm.dispensing.Dispensation;
import com.halden.rtsm.dispensing.DispensingService;
import com.halden.rtsm.randomisation.Randomisation;
import com.halden.rtsm.randomisation.RandomisationService;
import com.halden.rtsm.study.SubjectRegistry;
import com.halden.rtsm.study.VisitCode;
import com.halden.rtsm.supply.KitInventory;
import com.halden.rtsm.supply.KitView;
import java.util.List;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API Halden EDC's forms call (RAND form: randomise; dosing forms:
 * dispense) and the site web UI's inventory page.
 */
@RestController
@RequestMapping("/api/v2/studies/{study}")
public class SubjectController {

    private final SubjectRegistry subjects;
    private final RandomisationService randomisation;
    private final DispensingService dispensing;
    private final KitInventory inventory;

    public SubjectController(SubjectRegistry subjects, RandomisationService randomisation, DispensingService dispensing,
                             KitInventory inventory) {
        this.subjects = subjects;
        this.randomisation = randomisation;
        this.dispensing = dispensing;
        this.inventory = inventory;
    }

    @PostMapping("/subjects/{subject}/randomise")
    public Randomisation randomise(@PathVariable String study, @PathVariable String subject, @RequestBody RandomiseRequest body) {
        var s = subjects.get(study, subject);
        MDC.put("study", study);
        MDC.put("site", s.site());
        return randomisation.randomise(s, body.strata(), body.visitDate());
    }

    @PostMapping("/subjects/{subject}/visits/{visit}/dispense")
    public Dispensation dispense(@PathVariable String study, @PathVariable String subject, @PathVariable String visit,
                                 @RequestBody DispenseRequest body) {
        var s = subjects.get(study, subject);
        MDC.put("study", study);
        MDC.put("site", s.site());
        return dispensing.dispense(s, VisitCode.of(visit), body.visitDate());
    }

    @GetMapping("/sites/{site}/inventory")
    public List<KitView> inventory(@PathVariable String study, @PathVariable String site) {
        MDC.put("study", study);
        MDC.put("site", site);
        return inventory.siteInventory(study, site);
    }
}
"""

INSUFFICIENT_SRC = """package com.halden.rtsm.supply;

import com.halden.rtsm.study.VisitCode;

/** RTSM-409: no dispensable kit of the type a subject needs at the site. */
public class InsufficientSupplyException extends RuntimeException {

    public InsufficientSupplyException(String study, String site, String subject, VisitCode visit) {
        super("no dispensable kit for subject " + subject + " at visit " + visit + " (site " + site + ")");
    }
}
"""

KIT_SRC = """package com.halden.rtsm.supply;

/** A kit as RTSM keeps it; labelExpiry is the lot's label text, dd-MMM-yyyy. */
public record Kit(String number, String lot, String kitType, KitStatus status, String labelExpiry) {
}
"""

APPLICATION_YML = """server:
  port: 8080
  tomcat:
    threads:
      max: 64
spring:
  application:
    name: rtsm
  datasource:
    url: jdbc:postgresql://rtsm-db.halden.internal:5432/rtsm
    hikari:
      maximum-pool-size: 20
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
rtsm:
  resupply:
    cron: "0 0 5 * * *"
    order-batch-lines: 50
  depots:
    NCS-NUE: https://api.northbridge-cs.com/nue/v3
    NCS-PHL: https://api.northbridge-cs.com/phl/v3
    NCS-PNQ: https://api.northbridge-cs.com/pnq/v3
"""

LOGBACK = """<configuration>
  <springProperty name="app" source="spring.application.name"/>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} ${HOSTNAME} [%thread] %-5level %logger{36} [%X{study:--}/%X{site:--}] - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="CONSOLE"/>
  </root>
</configuration>
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: rtsm
  labels:
    app: rtsm
spec:
  replicas: 3
  selector:
    matchLabels:
      app: rtsm
  template:
    metadata:
      labels:
        app: rtsm
    spec:
      serviceAccountName: rtsm
      containers:
        - name: rtsm
          image: 611204.dkr.ecr.eu-west-1.amazonaws.com/halden/rtsm:7.3.1
          ports:
            - containerPort: 8080
          env:
            - name: JAVA_TOOL_OPTIONS
              value: "-XX:MaxRAMPercentage=75"
          resources:
            requests:
              cpu: "1"
              memory: 2Gi
            limits:
              memory: 2Gi
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: 8080
"""

DOCKERFILE = """FROM eclipse-temurin:21.0.7_6-jre
WORKDIR /app
COPY target/rtsm.jar /app/rtsm.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/app/rtsm.jar"]
"""

GITLAB_CI = """stages: [test, package]

test:
  stage: test
  image: maven:3.9-eclipse-temurin-21
  services:
    - postgres:16
  script:
    - mvn -B verify

package:
  stage: package
  image: maven:3.9-eclipse-temurin-21
  only: [tags]
  script:
    - mvn -B -DskipTests package
    - docker build -t $ECR/halden/rtsm:$CI_COMMIT_TAG .
    - docker push $ECR/halden/rtsm:$CI_COMMIT_TAG
"""

README = """# rtsm

Halden RTSM: randomisation and trial supply management for the studies on
the Halden platform.

- `randomisation`: stratified block randomisation from the pre-generated lists.
- `dispensing`: kits for each dosing visit (blinded: kit numbers only).
- `supply`: site inventories, the nightly predictive resupply, depot orders
  (Northbridge Clinical Supplies) and shipment receipts.
- `api`: the REST API Halden EDC's forms and the site web UI call.

## Building

```
mvn -B verify
```

## Releasing

rtsm is a validated system (GAMP 5 category 4 configuration, category 5
code). A release is a tagged commit that sets the version in `pom.xml` and
`k8s/deployment.yaml`; QA approves the change record and Octopus deploys it
in the Saturday maintenance window (22:00-02:00 UTC). Anything else is an
emergency change (QA approval first).
"""

RUNBOOK = """# rtsm runbook

Owner: #rtsm-incident. Dashboards: Grafana > Clinical > RTSM.

## RTSM-409 insufficient supply

A site has no dispensable kit of the type a subject needs. Check the
site's inventory and open shipments, and the last resupply run. Tell the
study's supply manager (sponsor); do not move kits between sites by hand.
"""

DISPENSING_DOC = """# Dispensing and label dates

A kit may be dispensed at a visit when it is available at the site and its
lot's label expiry is on or after the DND limit: the visit date plus the
study's `dnd_days` (the dosing interval plus the next visit's window, so
that the kit lasts until the subject is next seen). The label expiry is the
text on the label, `dd-MMM-yyyy`; a shelf-life extension is entered by the
sponsor's supply manager as a new label expiry of the lot (audit trailed).

Dispensing gives the kit with the earliest label expiry first (FEFO).
"""

CHANGELOG = "# Changelog\n\n## 7.3.1\n\n- Depot order lines carry the lot for temperature-controlled shipments (SUP-859).\n"


def base_tree():
    return {
        "pom.xml": POM,
        f"{PKG}/RtsmApplication.java": APPLICATION,
        LABEL_DATES: LABEL_DATES_SRC,
        KIT_INVENTORY: KIT_INVENTORY_SRC,
        f"{PKG}/supply/ResupplyRun.java": RESUPPLY_SRC,
        DISPENSING: DISPENSING_SRC,
        RANDOMISATION: RANDOMISATION_SRC,
        API_HANDLER: API_HANDLER_SRC,
        f"{PKG}/api/SubjectController.java": CONTROLLER_SRC,
        f"{PKG}/supply/InsufficientSupplyException.java": INSUFFICIENT_SRC,
        f"{PKG}/supply/Kit.java": KIT_SRC,
        LABEL_DATES_TEST: LABEL_DATES_TEST_SRC,
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": LOGBACK,
        "k8s/deployment.yaml": DEPLOYMENT,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    }


def release_files(repo, old, new, notes):
    return {
        "pom.xml": repo.edit("pom.xml", f"<version>{old}</version>\n  <name>rtsm</name>", f"<version>{new}</version>\n  <name>rtsm</name>"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", f"halden/rtsm:{old}", f"halden/rtsm:{new}"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {new}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


def build_repo():
    repo = Repo()
    hannah = Person("Hannah Cole", "hannah.cole@haldenclinical.com", 60)
    rui = Person("Rui Almeida", "rui.almeida@haldenclinical.com", 60)
    priya = Person("Priya Nair", "priya.nair@haldenclinical.com", 330)
    daniel = Person("Daniel Brooks", "daniel.brooks@haldenclinical.com", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    repo.commit(utc("2026-06-09 08:12:00"), hannah, "rtsm: randomisation, dispensing and trial supply (moved out of the platform monorepo)", base_tree())
    rng = random.Random(88024)
    repo.schedule(chores(rng, SERVICE, [rui, priya], utc("2026-06-09 10:00:00"), utc("2026-06-16 17:00:00"), 3))
    repo.commit(utc("2026-06-11 13:34:00"), daniel, "supply: resupply run skips sites in close-out (SUP-861)\n\nA site in close-out was resupplied in May and the depot had to take\nthe kits back for destruction.", {
        f"{PKG}/supply/ResupplyRun.java": repo.edit(f"{PKG}/supply/ResupplyRun.java", "            var plan = planner.plan(study, today);\n",
                                                 "            // SUP-861: sites in close-out keep their stock for the last visits; no resupply.\n            var plan = planner.plan(study, today, site -> !site.inCloseOut());\n"),
    })
    rel_732 = repo.commit(utc("2026-06-12 09:58:00"), hannah, "release 7.3.2", release_files(repo, "7.3.1", "7.3.2", [
        "Resupply run skips sites in close-out (SUP-861).",
    ]))
    repo.commit(utc("2026-06-15 06:05:00"), bot, "fix(deps): update dependency org.postgresql:postgresql to v42.7.7", {
        "pom.xml": repo.edit("pom.xml", "<postgresql.version>42.7.5</postgresql.version>", "<postgresql.version>42.7.7</postgresql.version>"),
    })
    repo.commit(utc("2026-06-16 10:20:00"), priya, "docs: dispensing, DND limits and label dates", {
        "docs/dispensing.md": DISPENSING_DOC,
    })
    culprit = repo.commit(CULPRIT_AT, rui, "supply: build the label date formatter once, not per parse (SUP-877)\n\nThe CVN-2204 load profile (1,200 kits per site at the cohort 2 opening)\nhas SimpleDateFormat construction, with its Calendar, DecimalFormat and\nDateFormatSymbols, at 31% of the allocations on the dispensing path:\ndispensable() parses every kit's label expiry, then again in the FEFO\nsort. The pattern and locale never change, so keep one formatter.", {
        LABEL_DATES: sub(repo.files[LABEL_DATES],
                         "    private LabelDates() {\n    }\n\n    public static LocalDate parse(String label) {\n        SimpleDateFormat format = newFormat();\n        try {\n            Date date = format.parse(label);\n",
                         "    // Built once (SUP-877): a SimpleDateFormat per parse, with its Calendar,\n    // DecimalFormat and DateFormatSymbols, was 31 % of the allocations on the\n    // dispensing path in the CVN-2204 load profile.\n    private static final SimpleDateFormat FORMAT = newFormat();\n\n    private LabelDates() {\n    }\n\n    public static LocalDate parse(String label) {\n        try {\n            Date date = FORMAT.parse(label);\n",
                         "        return newFormat().format(instant).toUpperCase(Locale.ROOT);\n",
                         "        return FORMAT.format(instant).toUpperCase(Locale.ROOT);\n"),
        LABEL_DATES_TEST: sub(repo.files[LABEL_DATES_TEST],
                              "    @Test\n    void rejectsImpossibleDates() {",
                              "    @Test\n    void parsesTheSameDateTwice() {\n        // one formatter for every call (SUP-877): no state left from the last parse\n        assertThat(LabelDates.parse(\"28-FEB-2027\")).isEqualTo(LocalDate.of(2027, 2, 28));\n        assertThat(LabelDates.parse(\"28-FEB-2027\")).isEqualTo(LocalDate.of(2027, 2, 28));\n        assertThat(LabelDates.parse(\"01-JAN-2030\")).isEqualTo(LocalDate.of(2030, 1, 1));\n    }\n\n    @Test\n    void rejectsImpossibleDates() {"),
    })
    repo.commit(utc("2026-06-18 08:10:00"), priya, "supply: trim label dates before parsing them (SUP-879)\n\nThe Pune depot's lot feed has sent label expiries with a leading space\nsince its WMS upgrade (\" 31-MAR-2027\"); the lots failed to load.", {
        LABEL_DATES: sub(repo.files[LABEL_DATES],
                         "            Date date = FORMAT.parse(label);\n",
                         "            // SUP-879: NCS-PNQ's feed pads the text (\" 31-MAR-2027\")\n            Date date = FORMAT.parse(label.trim());\n"),
        LABEL_DATES_TEST: sub(repo.files[LABEL_DATES_TEST],
                              "        assertThat(LabelDates.parse(\"03-Sep-2026\")).isEqualTo(LocalDate.of(2026, 9, 3));\n",
                              "        assertThat(LabelDates.parse(\"03-Sep-2026\")).isEqualTo(LocalDate.of(2026, 9, 3));\n        assertThat(LabelDates.parse(\" 31-MAR-2027\")).isEqualTo(LocalDate.of(2027, 3, 31));\n"),
    })
    repo.commit(utc("2026-06-18 15:05:00"), hannah, "randomisation: lock the stratum, not the whole slot table (RAND-512)\n\nLOCK TABLE randomisation_slots serialises every study's randomisations on\nthe platform; the CVN-2204 cohort 2 opening queued PLM-118's behind it.\nA transaction-scoped advisory lock on (study, stratum) keeps two subjects\nof a stratum from taking one slot and lets the rest run.", {
        RANDOMISATION: sub(repo.files[RANDOMISATION],
                           "        // Two subjects of a stratum must never get the same slot.\n        jdbc.execute(\"LOCK TABLE randomisation_slots IN SHARE ROW EXCLUSIVE MODE\");\n",
                           "        // Two subjects of a stratum must never get the same slot (RAND-512: a\n        // lock per study and stratum, released at commit, not the whole table).\n        jdbc.queryForObject(\"SELECT pg_advisory_xact_lock(hashtext(? || '/' || ?)::bigint)\", Object.class,\n                study.id(), stratum);\n"),
    })
    repo.commit(utc("2026-06-18 17:40:00"), bot, "fix(deps): update spring boot to v3.4.7", {
        "pom.xml": repo.edit("pom.xml", "<version>3.4.6</version>", "<version>3.4.7</version>"),
    })
    repo.commit(utc("2026-06-19 13:55:00"), daniel, "dispensing: log the subject and visit when dispensing fails (SUP-884)\n\nIn May's RTSM-500s the service desk could not tell sites which subject's\nrandomisation had failed: the API handler logged the path and a stack\ntrace. Log subject, visit and site with the stack where it fails; the\nhandler's line becomes one line.", {
        DISPENSING: sub(repo.files[DISPENSING],
                        "        Study study = studies.get(subject.study());\n        String kitType = treatments.kitTypeFor(subject, visit);\n        List<Kit> kits = inventory.dispensable(study.id(), subject.site(), kitType, visitDate, study.dndDays());\n        int needed = study.kitsPerVisit(visit);\n        if (kits.size() < needed) {\n            throw new InsufficientSupplyException(study.id(), subject.site(), subject.number(), visit);\n        }\n        List<Kit> given = kits.subList(0, needed);\n        Dispensation dispensation = dispensations.record(subject, visit, visitDate, given);\n        log.info(\"Dispensed kit(s) {} to subject {} at visit {}\", dispensation.kitNumbers(), subject.number(), visit);\n        return dispensation;\n",
                        "        try {\n            Study study = studies.get(subject.study());\n            String kitType = treatments.kitTypeFor(subject, visit);\n            List<Kit> kits = inventory.dispensable(study.id(), subject.site(), kitType, visitDate, study.dndDays());\n            int needed = study.kitsPerVisit(visit);\n            if (kits.size() < needed) {\n                throw new InsufficientSupplyException(study.id(), subject.site(), subject.number(), visit);\n            }\n            List<Kit> given = kits.subList(0, needed);\n            Dispensation dispensation = dispensations.record(subject, visit, visitDate, given);\n            log.info(\"Dispensed kit(s) {} to subject {} at visit {}\", dispensation.kitNumbers(), subject.number(), visit);\n            return dispensation;\n        } catch (InsufficientSupplyException e) {\n            throw e;\n        } catch (RuntimeException e) {\n            log.error(\"Dispensing failed for subject {} at visit {} (site {}); kit assignment rolled back\",\n                    subject.number(), visit, subject.site(), e);\n            throw e;\n        }\n"),
        API_HANDLER: sub(repo.files[API_HANDLER],
                         "        log.error(\"RTSM-500 on {} {}\", request.getMethod(), request.getRequestURI(), e);\n",
                         "        // SUP-884: the stack trace is logged where it is thrown (dispensing); one line here\n        log.error(\"RTSM-500 on {} {}: {}\", request.getMethod(), request.getRequestURI(), e.toString());\n"),
    })
    repo.commit(utc("2026-06-19 14:30:00"), hannah, "runbook: RTSM-500 at the morning peak", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## RTSM-500 at the morning peak

Randomisations and dispensations that fail with RTSM-500 for a few percent
of calls when the European sites open, and work on a retry, are lock
contention: randomisations of one stratum wait for each other (PostgreSQL
logs `still waiting for ... lock`), and slow ones hit the EDC's 10 s call
timeout. Check the lock waits and long transactions on rtsm-db. If it
started after a release, ask QA for an emergency change and roll back to
the previous release in Octopus; sites can retry the form in the meantime.
""",
    })
    rel_740 = repo.commit(utc("2026-06-19 15:10:00"), hannah, "release 7.4.0", release_files(repo, "7.3.2", "7.4.0", [
        "Randomisation locks the stratum, not the slot table (RAND-512).",
        "Label date formatter built once (SUP-877); label dates trimmed (SUP-879).",
        "Failed dispensations logged with subject, visit and site (SUP-884).",
        "Spring Boot 3.4.7, PostgreSQL JDBC 42.7.7.",
    ]))
    lines = {
        "parse": line_of(repo.files[LABEL_DATES], "FORMAT.parse(label.trim())"),
        "throw": line_of(repo.files[LABEL_DATES], "throw new IllegalArgumentException"),
        "inv_parse": line_of(repo.files[KIT_INVENTORY], "LocalDate expiry = LabelDates.parse"),
        "inv_sort": line_of(repo.files[KIT_INVENTORY], "out.sort("),
        "disp": line_of(repo.files[DISPENSING], "inventory.dispensable("),
        "rand": line_of(repo.files[RANDOMISATION], "dispensing.dispense("),
        "ctl_rand": line_of(repo.files[f"{PKG}/api/SubjectController.java"], "return randomisation.randomise("),
        "ctl_disp": line_of(repo.files[f"{PKG}/api/SubjectController.java"], "return dispensing.dispense("),
    }
    repo.commit(utc("2026-06-22 04:17:00"), priya, "tests: shipment receipt with a TempTrace TT-5 logger file (SUP-887)", {
        f"{TPKG}/supply/ShipmentReceiptTest.java": """package com.halden.rtsm.supply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShipmentReceiptTest {

    @Test
    void tt5LoggerWithinRangeMakesKitsAvailable() {
        var receipt = TestShipments.receipt("SHP-CVN-24689", 20, "CVN-L2411", "tt5/within-2-8.csv");
        assertThat(receipt.excursion()).isFalse();
        assertThat(receipt.kitsAvailable()).isEqualTo(20);
    }

    @Test
    void tt5ExcursionQuarantinesTheShipment() {
        var receipt = TestShipments.receipt("SHP-CVN-24690", 20, "CVN-L2411", "tt5/excursion-11c-40min.csv");
        assertThat(receipt.excursion()).isTrue();
        assertThat(receipt.kitsAvailable()).isZero();
    }
}
""",
    })
    repo.commit(utc("2026-06-22 05:41:00"), priya, "supply: depot orders of up to 100 lines (SUP-889)\n\nNorthbridge raised the order API's limit from 50 to 100 lines; the\ncohort 2 initial supplies split into three orders a site.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    order-batch-lines: 50\n", "    order-batch-lines: 100\n"),
    })
    fix = repo.commit(utc("2026-06-22 09:38:00"), rui, "supply: parse label dates with java.time, SimpleDateFormat is not thread-safe (SUP-891)\n\nSince SUP-877 every thread shared one SimpleDateFormat, whose parse()\nkeeps its state in the instance's Calendar and DecimalFormat: parses on\ntwo request threads at once corrupt each other. On Monday's morning peak\ndispensations and inventory pages failed with NumberFormatException\n(\"multiple points\", \"For input string\") and \"Unparseable label date\" for\nvalid labels, and some kits were excluded for a wrong expiry (0031-...).\nDateTimeFormatter is immutable and thread-safe; the test parses from 16\nthreads at once.", {
        LABEL_DATES: LABEL_DATES_FIXED,
        LABEL_DATES_TEST: sub(repo.files[LABEL_DATES_TEST],
                              "import java.time.LocalDate;\nimport org.junit.jupiter.api.Test;\n",
                              "import java.time.LocalDate;\nimport java.util.List;\nimport java.util.concurrent.Callable;\nimport java.util.concurrent.Executors;\nimport java.util.stream.IntStream;\nimport org.junit.jupiter.api.Test;\n",
                              "    @Test\n    void rejectsImpossibleDates() {",
                              "    @Test\n    void parsesFromManyThreadsAtOnce() throws Exception {\n        List<Callable<LocalDate>> parses = IntStream.range(0, 20_000)\n                .mapToObj(i -> (Callable<LocalDate>) () -> LabelDates.parse(i % 2 == 0 ? \"31-MAR-2027\" : \"30-NOV-2027\"))\n                .toList();\n        try (var pool = Executors.newFixedThreadPool(16)) {\n            for (var result : pool.invokeAll(parses)) {\n                assertThat(result.get()).isIn(LocalDate.of(2027, 3, 31), LocalDate.of(2027, 11, 30));\n            }\n        }\n    }\n\n    @Test\n    void rejectsImpossibleDates() {"),
    })
    rel_741 = repo.commit(utc("2026-06-22 10:02:00"), rui, "release 7.4.1", release_files(repo, "7.4.0", "7.4.1", [
        "Label dates parsed with java.time's DateTimeFormatter, thread-safe (SUP-891).",
    ]))
    return repo, {"lines": lines, "culprit": culprit, "rel_732": rel_732, "rel_740": rel_740, "fix": fix, "rel_741": rel_741}


# ---------------------------------------------------------------------------
# the platform's studies and sites

COUNTRIES = {
    # country: (UTC offset in summer, hours), ingress client prefix
    "DE": 2, "FR": 2, "ES": 2, "IT": 2, "PL": 2, "NL": 2, "CZ": 2, "HU": 2, "BE": 2, "DK": 2,
    "UK": 1, "PT": 1, "AU": 10, "JP": 9, "KR": 9, "US": -4, "CA": -4,
}

CITIES = {
    "DE": ["Hamburg", "Munich", "Berlin", "Frankfurt", "Cologne", "Leipzig", "Dresden", "Freiburg", "Mainz", "Hannover", "Essen", "Kiel"],
    "FR": ["Lyon", "Lille", "Paris", "Toulouse", "Nantes", "Bordeaux", "Marseille", "Rennes", "Nice"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Malaga", "Zaragoza", "Murcia"],
    "IT": ["Milan", "Rome", "Bologna", "Naples", "Turin", "Florence", "Padua", "Verona"],
    "PL": ["Warsaw", "Krakow", "Gdansk", "Lodz", "Poznan", "Wroclaw"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht", "Leiden", "Groningen"],
    "CZ": ["Prague", "Brno", "Olomouc", "Ostrava"],
    "HU": ["Budapest", "Debrecen", "Szeged", "Pecs"],
    "BE": ["Brussels", "Leuven", "Ghent", "Liege"],
    "DK": ["Copenhagen", "Aarhus", "Odense"],
    "UK": ["Leeds", "Glasgow", "London", "Manchester", "Bristol", "Cardiff", "Oxford", "Newcastle"],
    "PT": ["Lisbon", "Porto", "Coimbra", "Braga"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth"],
    "JP": ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo"],
    "KR": ["Seoul", "Busan", "Daegu"],
    "US": ["Boston", "Houston", "Denver", "Chicago", "Atlanta", "Seattle", "Miami", "Phoenix", "Nashville", "Cleveland"],
    "CA": ["Toronto", "Montreal", "Vancouver", "Calgary"],
}

# study: sponsor, blinded, visits, dnd days, sites per country, lots (lot, label expiry, share)
STUDIES = {
    "CVN-2204": ("Corvane", True, ["W4", "W8", "W12", "W16", "W20", "W24", "W28", "W32"], 31,
                 {"DE": 16, "FR": 12, "ES": 10, "IT": 9, "PL": 8, "UK": 8},
                 [("CVN-L2403", "02-SEP-2026", 0.55), ("CVN-L2411", "30-NOV-2027", 0.45)]),
    "PLM-118": ("Polmera", True, ["V3", "V4", "V5", "V6", "V7"], 28,
                {"DE": 12, "NL": 8, "UK": 9, "CZ": 6, "HU": 6, "DK": 4},
                [("PLM-24-117", "31-MAR-2027", 0.7), ("PLM-23-088", "15-JUL-2026", 0.3)]),
    "ORX-330": ("Orexa", False, ["C2D1", "C3D1", "C4D1", "C5D1", "C6D1"], 21,
                {"DE": 8, "FR": 8, "ES": 6, "AU": 5, "JP": 7, "KR": 4},
                [("ORX-2502A", "31-JAN-2028", 0.6), ("ORX-2410B", "30-APR-2027", 0.4)]),
    "BRL-051": ("Berlane", True, ["V2", "V3", "V4", "V5"], 35,
                {"IT": 9, "ES": 8, "PT": 6},
                [("BRL-0925", "30-SEP-2027", 1.0)]),
    "AVR-207": ("Avera", True, ["D29", "D57", "D85", "D113"], 30,
                {"FR": 9, "BE": 6, "NL": 5, "DE": 8},
                [("AVR-L117", "31-DEC-2026", 0.5), ("AVR-L121", "31-AUG-2027", 0.5)]),
    "TNX-610": ("Tonexa", True, ["W2", "W6", "W10", "W14"], 28,
                {"US": 14, "CA": 5, "UK": 4},
                [("TNX-4471", "31-MAY-2027", 1.0)]),
}

STUDY_DIGIT = {"CVN-2204": 2, "PLM-118": 1, "ORX-330": 3, "BRL-051": 5, "AVR-207": 7, "TNX-610": 6}

FORMS = ["VS", "AE", "CM", "EX", "LB", "QS", "PE", "MH", "EG", "DV"]


def make_sites(rng, studies=None):
    sites = []
    for study, (sponsor, blinded, visits, dnd, countries, lots) in (studies or STUDIES).items():
        prefix = STUDY_DIGIT[study]
        for ci, (country, count) in enumerate(countries.items(), 1):
            cities = CITIES[country]
            for n in range(count):
                number = f"{prefix}{ci}{n + 1:02d}"
                sites.append({
                    "study": study, "site": number, "country": country, "city": cities[n % len(cities)],
                    "tz": COUNTRIES[country], "weight": rng.uniform(0.5, 1.6), "subjects": rng.randint(6, 42),
                })
    return sites


def activity(local_hour):
    """How busy a trial site is at a local hour (visits, data entry)."""
    h = local_hour % 24
    if h < 7.5 or h >= 18.5:
        return 0.0
    if h < 9.0:
        return (h - 7.5) / 1.5
    if h < 12.0:
        return 1.0
    if h < 13.0:
        return 0.65
    if h < 16.5:
        return 0.9
    return max(0.0, 0.9 * (18.5 - h) / 2.0)


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def local_hour(x, tz):
    t = at(x)
    return (t.hour + t.minute / 60 + t.second / 3600 + tz) % 24


K8S_ALNUM = "bcdfghjklmnpqrstvwxz2456789"


def pod_suffix(rng):
    return "".join(rng.choice(K8S_ALNUM) for _ in range(5))


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def label_date(text):
    return dt.datetime.strptime(text.title(), "%d-%b-%Y").date()


# Java stack frames -----------------------------------------------------------

SPRING_TAIL = [
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
    "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:258)",
    "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:191)",
    "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
    "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:986)",
    "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
    "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
    "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)",
    "org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
    "org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:397)",
    "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1769)",
    "org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1189)",
    "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)",
    "java.base/java.lang.Thread.run(Thread.java:1583)",
]

TX_FRAMES = [
    "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
    "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
    "org.springframework.aop.support.AopUtils.invokeJoinpointUsingReflection(AopUtils.java:359)",
    "org.springframework.aop.framework.ReflectiveMethodInvocation.invokeJoinpoint(ReflectiveMethodInvocation.java:196)",
    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:163)",
    "org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction(TransactionAspectSupport.java:380)",
    "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)",
    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:184)",
    "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept(CglibAopProxy.java:728)",
]

PARSE_FRAMES = {
    "points": ("java.lang.NumberFormatException: multiple points", [
        "java.base/jdk.internal.math.FloatingDecimal.readJavaFormatString(FloatingDecimal.java:1890)",
        "java.base/jdk.internal.math.FloatingDecimal.parseDouble(FloatingDecimal.java:110)",
        "java.base/java.lang.Double.parseDouble(Double.java:792)",
        "java.base/java.text.DigitList.getDouble(DigitList.java:169)",
        "java.base/java.text.DecimalFormat.parse(DecimalFormat.java:2202)",
        "java.base/java.text.SimpleDateFormat.subParse(SimpleDateFormat.java:1937)",
        "java.base/java.text.SimpleDateFormat.parse(SimpleDateFormat.java:1545)",
        "java.base/java.text.DateFormat.parse(DateFormat.java:397)",
    ]),
    "input": ('java.lang.NumberFormatException: For input string: ""', [
        "java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)",
        "java.base/java.lang.Long.parseLong(Long.java:721)",
        "java.base/java.lang.Long.parseLong(Long.java:836)",
        "java.base/java.text.DigitList.getLong(DigitList.java:195)",
        "java.base/java.text.DecimalFormat.parse(DecimalFormat.java:2197)",
        "java.base/java.text.SimpleDateFormat.subParse(SimpleDateFormat.java:1937)",
        "java.base/java.text.SimpleDateFormat.parse(SimpleDateFormat.java:1545)",
        "java.base/java.text.DateFormat.parse(DateFormat.java:397)",
    ]),
    "empty": ("java.lang.NumberFormatException: empty String", [
        "java.base/jdk.internal.math.FloatingDecimal.readJavaFormatString(FloatingDecimal.java:1842)",
        "java.base/jdk.internal.math.FloatingDecimal.parseDouble(FloatingDecimal.java:110)",
        "java.base/java.lang.Double.parseDouble(Double.java:792)",
        "java.base/java.text.DigitList.getDouble(DigitList.java:169)",
        "java.base/java.text.DecimalFormat.parse(DecimalFormat.java:2202)",
        "java.base/java.text.SimpleDateFormat.subParse(SimpleDateFormat.java:1937)",
        "java.base/java.text.SimpleDateFormat.parse(SimpleDateFormat.java:1545)",
        "java.base/java.text.DateFormat.parse(DateFormat.java:397)",
    ]),
}


def stack(kind, label, path_kind, sorting, ln):
    """The stack trace of a corrupted parse on a request thread (7.4.0)."""
    inv = [f"com.halden.rtsm.supply.KitInventory.dispensable(KitInventory.java:{ln['inv_parse']})"]
    if sorting:
        inv = [
            f"com.halden.rtsm.supply.KitInventory.lambda$dispensable$0(KitInventory.java:{ln['inv_sort']})",
            "java.base/java.util.Comparator.lambda$comparing$77a9974f$1(Comparator.java:473)",
            "java.base/java.util.Comparator.lambda$thenComparing$36697e65$1(Comparator.java:220)",
            "java.base/java.util.TimSort.countRunAndMakeAscending(TimSort.java:360)",
            "java.base/java.util.TimSort.sort(TimSort.java:234)",
            "java.base/java.util.Arrays.sort(Arrays.java:1307)",
            "java.base/java.util.ArrayList.sort(ArrayList.java:1721)",
            f"com.halden.rtsm.supply.KitInventory.dispensable(KitInventory.java:{ln['inv_sort']})",
        ]
    disp = [f"com.halden.rtsm.dispensing.DispensingService.dispense(DispensingService.java:{ln['disp']})"] + TX_FRAMES + [
        "com.halden.rtsm.dispensing.DispensingService$$SpringCGLIB$$0.dispense(<generated>)"]
    if path_kind == "randomise":
        caller = disp + [f"com.halden.rtsm.randomisation.RandomisationService.randomise(RandomisationService.java:{ln['rand']})"] + TX_FRAMES + [
            "com.halden.rtsm.randomisation.RandomisationService$$SpringCGLIB$$0.randomise(<generated>)",
            f"com.halden.rtsm.api.SubjectController.randomise(SubjectController.java:{ln['ctl_rand']})"]
    else:
        caller = disp + [f"com.halden.rtsm.api.SubjectController.dispense(SubjectController.java:{ln['ctl_disp']})"]
    if kind == "unparseable":
        head = f'java.lang.IllegalArgumentException: Unparseable label date "{label}"'
        frames = [f"com.halden.rtsm.supply.LabelDates.parse(LabelDates.java:{ln['throw']})"] + inv + caller + SPRING_TAIL
        lines = [head] + [f"\tat {f}" for f in frames]
        lines.append(f'Caused by: java.text.ParseException: Unparseable date: "{label}"')
        lines.append("\tat java.base/java.text.DateFormat.parse(DateFormat.java:399)")
        lines.append(f"\tat com.halden.rtsm.supply.LabelDates.parse(LabelDates.java:{ln['parse']})")
        lines.append(f"\t... {len(frames) - 1} common frames omitted")
        return "\n".join(lines)
    head, jdk = PARSE_FRAMES[kind]
    frames = jdk + [f"com.halden.rtsm.supply.LabelDates.parse(LabelDates.java:{ln['parse']})"] + inv + caller + SPRING_TAIL
    return "\n".join([head] + [f"\tat {f}" for f in frames])


def exc_head(kind, label):
    if kind == "unparseable":
        return f'java.lang.IllegalArgumentException: Unparseable label date "{label}"'
    return PARSE_FRAMES[kind][0]


def corrupt_date(rng, real):
    """A wrong date such as a corrupted SimpleDateFormat.parse returns."""
    choice = rng.random()
    if choice < 0.35:
        return dt.date(rng.choice([1, 20, 27, 31, 203, 2]), real.month, min(real.day, 28))
    if choice < 0.6:
        return dt.date(rng.choice([2002, 2011, 2020, 2026]), rng.randint(1, 12), rng.randint(1, 28))
    if choice < 0.8:
        return dt.date(real.year, rng.randint(1, 12), 1)
    return dt.date(real.year - rng.choice([1, 2]), real.month, min(real.day, 28))


def poisson(rng, lam):
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# ---------------------------------------------------------------------------
# the logs


PFAIL_FROM = 2.3   # date-parsing requests a minute on one pod before parses overlap
PFAIL_K = 0.06


def build_logs(rng, shas):
    app = Log("rtsm.log")
    edc = Log("edc-forms.log")
    ingress = Log("ingress-nginx-rtsm.log")
    pg = Log("postgresql-rtsm.log")
    octo = Log("octopus-rtsm-production.log")
    tickets = Log("servicedesk-tickets.log")
    teams = Log("teams-rtsm-incident.log")
    t0, t1 = secs(START), secs(END)
    stats = {"errors": [], "failed_calls": [], "silent": 0, "silent_examples": [], "retried_ok": 0, "dispensed": 0, "randomised": 0}

    sites = make_sites(rng)
    site_by_key = {(s["study"], s["site"]): s for s in sites}

    # pods and versions -----------------------------------------------------
    pods_740 = [f"rtsm-6c9f7d5b8-{pod_suffix(rng)}" for _ in range(3)]
    pods_732 = [f"rtsm-5d8b6f4c7-{pod_suffix(rng)}" for _ in range(3)]
    pods_741 = [f"rtsm-7b4d9c6f5-{pod_suffix(rng)}" for _ in range(3)]
    rb_ready = [secs(ROLLBACK) + 48 + 31 * i + rng.uniform(0, 6) for i in range(3)]
    hf_ready = [secs(HOTFIX) + 52 + 33 * i + rng.uniform(0, 6) for i in range(3)]

    def serving(x):
        """(pod, version) pairs that take requests at x."""
        out = []
        for i in range(3):
            if x < rb_ready[i]:
                out.append((pods_740[i], "7.4.0"))
            elif x < hf_ready[i]:
                out.append((pods_732[i], "7.3.2"))
            else:
                out.append((pods_741[i], "7.4.1"))
        return out

    def alog(x, pod, thread, level, logger, ctx, msg):
        t = at(x)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{stamp} {pod} [{thread}] {level:<5} {logger} [{ctx}] - {msg}")

    def thread(rng_):
        return f"http-nio-8080-exec-{rng_.randint(1, 64)}"

    # the load: requests that parse label dates, per minute, over all sites ---
    BASE = {"dispense": 0.6, "randomise": 0.06, "inventory": 0.55, "receipt": 0.035, "kits": 1.5, "form": 3.2}
    PARSING = ("dispense", "randomise", "inventory", "receipt", "kits")
    OVERVIEW_PER_H = 16.0  # supply dashboards (auto-refresh every 5 min) per study, European office hours

    def parse_rate(x):
        total = 0.0
        for s in sites:
            a = activity(local_hour(x, s["tz"]))
            total += s["weight"] * a * sum(BASE[k] for k in PARSING)
        total += len(STUDIES) * OVERVIEW_PER_H * activity(local_hour(x, 2))
        return total / 60.0

    rate_cache = {}

    def pfail(x):
        """Share of date-parsing requests on a 7.4.0 pod that hit a corrupted
        parse: grows with how many parse at once on the pod."""
        key = int(x // 60)
        if key not in rate_cache:
            rate_cache[key] = parse_rate(key * 60)
        per_pod = rate_cache[key] / 3
        if per_pod < PFAIL_FROM:
            return 0.0
        return min(0.2, PFAIL_K * (per_pod - PFAIL_FROM) ** 1.3)

    # events ------------------------------------------------------------------
    events = []
    seq = [0]

    def push(x, kind, payload):
        seq[0] += 1
        heapq.heappush(events, (x, seq[0], kind, payload))

    for s in sites:
        wmax = s["weight"]
        for kind, base in BASE.items():
            for x in sorted(rng.uniform(t0, t1) for _ in range(poisson(rng, base * wmax * (t1 - t0) / 3600))):
                if rng.random() < activity(local_hour(x, s["tz"])):
                    push(x, kind, {"site": s, "try": 1})
    for study in STUDIES:
        for x in sorted(rng.uniform(t0, t1) for _ in range(poisson(rng, OVERVIEW_PER_H * (t1 - t0) / 3600))):
            if rng.random() < activity(local_hour(x, 2)):
                push(x, "overview", {"study": study})
    # EDC's subject sync per study, every 60 s
    for study in STUDIES:
        x = t0 + rng.uniform(0, 60)
        while x < t1:
            push(x, "sync", {"study": study})
            x += 60 + rng.uniform(-0.4, 0.4)

    subj_next = {}

    def subject_of(s, new=False):
        key = (s["study"], s["site"])
        if new:
            subj_next[key] = subj_next.get(key, s["subjects"]) + 1
            return f"{s['site']}-{subj_next[key]:04d}"
        return f"{s['site']}-{rng.randint(1, s['subjects']):04d}"

    kit_serial = [104000]

    def kit_numbers(n):
        out = []
        for _ in range(n):
            kit_serial[0] += rng.randint(1, 40)
            out.append(str(kit_serial[0] if rng.random() < 0.5 else rng.randint(200000, 899999)))
        return out

    rand_numbers = {}

    def edc_ip():
        return f"10.40.{rng.randint(0, 3)}.{rng.randint(10, 250)}"

    browsers = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 Edg/137.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:139.0) Gecko/20100101 Firefox/139.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15",
    ]
    EDC_UA = "halden-edc/2026.6.2 (forms; undici/6.21.3)"
    SITE_IPS = {}

    def site_ip(s):
        key = (s["study"], s["site"])
        if key not in SITE_IPS:
            SITE_IPS[key] = f"{rng.choice([62, 77, 80, 81, 82, 85, 86, 88, 91, 93, 145, 185, 193, 212, 213])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return SITE_IPS[key]

    def ingress_line(x, ip_, method, path, status, ua, rt, up_pod_ip, size=None, req_len=None):
        t = at(x)
        size = size if size is not None else (rng.randint(120, 900) if status < 300 else rng.randint(90, 160))
        req_len = req_len if req_len is not None else rng.randint(380, 1400)
        ingress.add(t, f'{ip_} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {req_len} {rt:.3f} [clinical-rtsm-8080] [] {up_pod_ip}:8080 {size} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    pod_ips = {}

    def pod_ip(pod):
        if pod not in pod_ips:
            pod_ips[pod] = f"10.42.{rng.randint(16, 31)}.{rng.randint(2, 250)}"
        return pod_ips[pod]

    def edc_log(x, level, msg, **fields):
        edc.add(at(x), pino(at(x), level, msg, pid=1, hostname=rng.choice(["edc-forms-7c5d8f9b6-h2kqt", "edc-forms-7c5d8f9b6-w9zrm", "edc-forms-7c5d8f9b6-5fqxd"]), **fields))

    def lots_at(s):
        return STUDIES[s["study"]][5]

    def real_label(s):
        lots = lots_at(s)
        r = rng.random()
        acc = 0.0
        for lot, label, share in lots:
            acc += share
            if r <= acc:
                return lot, label
        return lots[-1][0], lots[-1][1]

    def maybe_routine_exclusion(x, pod, s, visit_date, ctx):
        """Genuine DND exclusions: PLM-23-088 (15-JUL-2026) at PLM-118 sites."""
        study = s["study"]
        dnd = STUDIES[study][3]
        for lot, label, _ in lots_at(s):
            exp = label_date(label)
            limit = visit_date + dt.timedelta(days=dnd)
            if exp < limit and rng.random() < 0.5:
                for _ in range(rng.randint(1, 2)):
                    alog(x - 0.004, pod, thread(rng), "WARN", "c.h.rtsm.supply.KitInventory", ctx,
                         f"Kit {rng.randint(200000, 899999)} of lot {lot} excluded: label expiry {exp.isoformat()} before DND limit {limit.isoformat()}")

    def silent_exclusion(x, pod, s, visit_date, ctx):
        study = s["study"]
        dnd = STUDIES[study][3]
        lot, label = real_label(s)
        wrong = corrupt_date(rng, label_date(label))
        limit = visit_date + dt.timedelta(days=dnd)
        if wrong < limit:
            alog(x - 0.003, pod, thread(rng), "WARN", "c.h.rtsm.supply.KitInventory", ctx,
                 f"Kit {rng.randint(200000, 899999)} of lot {lot} excluded: label expiry {wrong.year:04d}-{wrong.month:02d}-{wrong.day:02d} before DND limit {limit.isoformat()}")
            stats["silent"] += 1
            stats["silent_examples"].append(f"{wrong.year:04d}-{wrong.month:02d}-{wrong.day:02d}")

    visit_day = dt.date(2026, 6, 22)
    while events:
        x, _, kind, p = heapq.heappop(events)
        if x >= t1:
            continue
        if kind == "sync":
            study = p["study"]
            pod, ver = rng.choice(serving(x))
            since = at(x - 60).strftime("%Y-%m-%dT%H:%M:%SZ")
            ingress_line(x, edc_ip(), "GET", f"/api/v2/studies/{study}/subjects?updatedSince={since}", 200, EDC_UA, rng.uniform(0.012, 0.06), pod_ip(pod), size=rng.randint(90, 2400))
            continue
        if kind == "overview":
            study = p["study"]
            pod, ver = rng.choice(serving(x))
            path = f"/api/v2/studies/{study}/supply/overview"
            ua = rng.choice(browsers)
            ip_ = f"{rng.choice([31, 46, 84, 147, 194, 195])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            if ver == "7.4.0" and rng.random() < min(0.6, 4 * pfail(x)):
                lot, label = rng.choice([(l, lab) for l, lab, _ in STUDIES[study][5]])
                ekind = rng.choices(["points", "input", "empty", "unparseable"], [0.42, 0.18, 0.12, 0.28])[0]
                alog(x + 0.4, pod, thread(rng), "ERROR", "c.h.rtsm.api.ApiExceptionHandler", f"{study}/-",
                     f"RTSM-500 on GET {path}: {exc_head(ekind, label)}")
                ingress_line(x + 0.41, ip_, "GET", path, 500, ua, rng.uniform(0.3, 0.9), pod_ip(pod), size=rng.randint(100, 130))
                stats["errors"].append((x, "overview", study, "-", ekind))
            else:
                ingress_line(x + 0.6, ip_, "GET", path, 200, ua, rng.uniform(0.4, 1.4), pod_ip(pod), size=rng.randint(180000, 900000))
            continue
        s = p["site"]
        study, site = s["study"], s["site"]
        ctx = f"{study}/{site}"
        if kind == "kits":
            subject = subject_of(s)
            pod, ver = rng.choice(serving(x))
            path = f"/api/v2/studies/{study}/subjects/{subject}/kits"
            if ver == "7.4.0" and rng.random() < 0.5 * pfail(x):
                lot, label = real_label(s)
                ekind = rng.choices(["points", "input", "empty", "unparseable"], [0.42, 0.18, 0.12, 0.28])[0]
                alog(x + 0.01, pod, thread(rng), "ERROR", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                     f"RTSM-500 on GET {path}: {exc_head(ekind, label)}")
                ingress_line(x + 0.012, edc_ip(), "GET", path, 500, EDC_UA, rng.uniform(0.01, 0.05), pod_ip(pod), size=rng.randint(100, 130))
                edc_log(x + 0.06, "warn", "RTSM kit list unavailable (HTTP 500); EX form shows no kits", study=study, site=site, subject=subject)
                stats["errors"].append((x, "kits", study, site, ekind))
            else:
                ingress_line(x, edc_ip(), "GET", path, 200, EDC_UA, rng.uniform(0.01, 0.05), pod_ip(pod), size=rng.randint(300, 2600))
            continue
        if kind == "form":
            form = rng.choice(FORMS)
            edc_log(x, "info", "form saved", study=study, site=site, subject=subject_of(s), form=form,
                    visit=rng.choice(STUDIES[study][2]), user=f"crc.{site}.{rng.randint(1, 4)}", checks=rng.randint(0, 14), queries=rng.choice([0, 0, 0, 0, 1, 2]))
            continue
        pod, ver = rng.choice(serving(x))
        # dispensing parses a site's kits twice (the DND filter, then the FEFO sort)
        broken = ver == "7.4.0" and rng.random() < pfail(x) * (1.3 if kind in ("dispense", "randomise") else 1.0)
        if ver == "7.4.0" and not broken and kind in ("dispense", "randomise", "inventory") and rng.random() < pfail(x) * 0.7:
            silent_exclusion(x, pod, s, visit_day, ctx)
        if kind == "inventory":
            path = f"/api/v2/studies/{study}/sites/{site}/inventory"
            if broken:
                lot, label = real_label(s)
                ekind = rng.choices(["points", "input", "empty", "unparseable"], [0.42, 0.18, 0.12, 0.28])[0]
                alog(x + 0.03, pod, thread(rng), "ERROR", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                     f"RTSM-500 on GET {path}: {exc_head(ekind, label)}")
                ingress_line(x + 0.035, site_ip(s), "GET", path, 500, rng.choice(browsers), rng.uniform(0.02, 0.09), pod_ip(pod), size=rng.randint(100, 130))
                stats["errors"].append((x, "inventory", study, site, ekind))
            else:
                ingress_line(x, site_ip(s), "GET", path, 200, rng.choice(browsers), rng.uniform(0.03, 0.18), pod_ip(pod), size=rng.randint(4000, 61000))
            continue
        if kind == "receipt":
            ship = f"SHP-{study.split('-')[0]}-{rng.randint(10000, 99999)}"
            path = f"/api/v2/studies/{study}/shipments/{ship}/receipt"
            n = rng.choice([12, 16, 20, 24, 24, 30, 36, 48])
            lot, label = real_label(s)
            if broken:
                ekind = rng.choices(["points", "input", "empty", "unparseable"], [0.42, 0.18, 0.12, 0.28])[0]
                alog(x + 0.05, pod, thread(rng), "ERROR", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                     f"RTSM-500 on POST {path}: {exc_head(ekind, label)}")
                ingress_line(x + 0.06, site_ip(s), "POST", path, 500, rng.choice(browsers), rng.uniform(0.05, 0.2), pod_ip(pod))
                stats["errors"].append((x, "receipt", study, site, ekind))
            else:
                logger = f"TT-{rng.randint(1000000, 9999999)}"
                alog(x + 0.12, pod, thread(rng), "INFO", "c.h.rtsm.supply.ShipmentService", ctx,
                     f"Shipment {ship} received at site {site}: {n} kits of lot {lot} (label expiry {label}), logger {logger} within 2-8 C, kits available")
                ingress_line(x + 0.13, site_ip(s), "POST", path, 200, rng.choice(browsers), rng.uniform(0.1, 0.4), pod_ip(pod))
            continue
        # dispense / randomise through EDC
        visits = STUDIES[study][2]
        if kind == "randomise":
            subject = p.get("subject") or subject_of(s, new=True)
            visit = "RAND"
            path = f"/api/v2/studies/{study}/subjects/{subject}/randomise"
        else:
            subject = p.get("subject") or subject_of(s)
            visit = p.get("visit") or rng.choice(visits)
            path = f"/api/v2/studies/{study}/subjects/{subject}/visits/{visit}/dispense"
        if broken:
            lot, label = real_label(s)
            ekind = rng.choices(["points", "input", "empty", "unparseable"], [0.42, 0.18, 0.12, 0.28])[0]
            th = thread(rng)
            sorting = rng.random() < 0.6
            alog(x + 0.02, pod, th, "ERROR", "c.h.rtsm.dispensing.DispensingService", ctx,
                 f"Dispensing failed for subject {subject} at visit {visit} (site {site}); kit assignment rolled back\n{stack(ekind, label, kind, sorting, shas['lines'])}")
            alog(x + 0.024, pod, th, "ERROR", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                 f"RTSM-500 on POST {path}: {exc_head(ekind, label)}")
            rt = rng.uniform(0.06, 0.3)
            ingress_line(x + 0.025, edc_ip(), "POST", path, 500, EDC_UA, rt, pod_ip(pod), size=rng.randint(100, 130))
            rid = uuid4(rng)
            edc_log(x + rt + 0.01, "error", f"RTSM {'randomisation' if kind == 'randomise' else 'dispensing'} failed; form {'RAND' if kind == 'randomise' else 'EX'} left pending, site asked to retry",
                    study=study, site=site, subject=subject, visit=visit, rtsm={"status": 500, "code": "RTSM-500", "requestId": rid})
            stats["errors"].append((x, kind, study, site, ekind))
            stats["failed_calls"].append((x, kind, study, site, subject, visit, s["city"], s["country"]))
            if p["try"] < 4 and rng.random() < 0.9:
                push(x + rng.uniform(70, 540), kind, {"site": s, "try": p["try"] + 1, "subject": subject, "visit": visit})
            continue
        th = thread(rng)
        maybe_routine_exclusion(x, pod, s, visit_day, ctx)
        # a real shortage now and then: PLM-118 site with only the expiring lot
        if kind == "dispense" and study == "PLM-118" and site in ("1403", "1502") and rng.random() < 0.5:
            alog(x + 0.02, pod, th, "WARN", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                 f"RTSM-409 on POST {path}: no dispensable kit for subject {subject} at visit {visit} (site {site})")
            ingress_line(x + 0.022, edc_ip(), "POST", path, 409, EDC_UA, rng.uniform(0.04, 0.12), pod_ip(pod), size=rng.randint(100, 130))
            edc_log(x + 0.15, "warn", "RTSM dispensing refused: insufficient supply at site", study=study, site=site, subject=subject, visit=visit,
                    rtsm={"status": 409, "code": "RTSM-409"})
            continue
        kits = kit_numbers(1 if study != "PLM-118" else 2)
        rt = rng.uniform(0.08, 0.35)
        if kind == "randomise":
            stratum = rng.choice(["EU/EASI<21", "EU/EASI>=21", "ROW/EASI<21", "ROW/EASI>=21"]) if study == "CVN-2204" else rng.choice(["A", "B", "C", "D"])
            key = (study, stratum)
            rand_numbers[key] = rand_numbers.get(key, rng.randint(40, 260)) + 1
            rn = f"R{study.split('-')[1]}-{rand_numbers[key]:04d}"
            alog(x + rt - 0.03, pod, th, "INFO", "c.h.rtsm.dispensing.DispensingService", ctx, f"Dispensed kit(s) {','.join(kits)} to subject {subject} at visit RAND")
            alog(x + rt - 0.02, pod, th, "INFO", "c.h.r.randomisation.RandomisationService", ctx,
                 f"Randomised subject {subject}: stratum {stratum}, randomisation number {rn}, kit(s) {','.join(kits)}")
            ingress_line(x + rt, edc_ip(), "POST", path, 200, EDC_UA, rt, pod_ip(pod))
            edc_log(x + rt + 0.02, "info", "RTSM randomisation completed", study=study, site=site, subject=subject, randomisationNumber=rn,
                    kits=kits, attempt=p["try"])
            stats["randomised"] += 1
        else:
            alog(x + rt - 0.02, pod, th, "INFO", "c.h.rtsm.dispensing.DispensingService", ctx, f"Dispensed kit(s) {','.join(kits)} to subject {subject} at visit {visit}")
            ingress_line(x + rt, edc_ip(), "POST", path, 200, EDC_UA, rt, pod_ip(pod))
            edc_log(x + rt + 0.02, "info", "RTSM dispensing completed", study=study, site=site, subject=subject, visit=visit, kits=kits, attempt=p["try"])
            stats["dispensed"] += 1
        if p["try"] > 1:
            stats["retried_ok"] += 1

    # the nightly resupply run at 05:00 on one pod (one thread) -----------------
    leader = pods_740[1]
    x = secs(utc("2026-06-22 05:00:00")) + 0.011
    alog(x, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-", "Resupply run started: 6 studies, horizon 21 days")
    order_no = 884100
    for study, (sponsor, blinded, visits, dnd, countries, lots) in STUDIES.items():
        st_sites = [s for s in sites if s["study"] == study]
        below = sorted(rng.sample(st_sites, rng.randint(1, max(1, len(st_sites) // 6))), key=lambda s: s["site"])
        x += rng.uniform(6, 22)
        for s in below:
            order_no += rng.randint(1, 9)
            depot = "NCS-PHL" if s["country"] in ("US", "CA") else ("NCS-PNQ" if s["country"] in ("AU", "JP", "KR") else "NCS-NUE")
            lot = lots[-1][0] if len(lots) > 1 else lots[0][0]
            x += rng.uniform(0.4, 1.6)
            alog(x, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.DepotClient", f"{study}/{s['site']}",
                 f"Depot order DO-{order_no} accepted by {depot}: {rng.choice([6, 8, 10, 12, 16])} kits for site {s['site']} ({s['city']}), lot {lot}, ship {rng.choice(['2026-06-23', '2026-06-24'])}")
        alog(x + 0.2, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-",
             f"Resupply {study}: {len(st_sites)} sites checked, {len(below)} below trigger, {len(below)} depot orders")
    alog(x + 0.5, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-", f"Resupply run finished in {int(x + 0.5 - secs(utc('2026-06-22 05:00:00'))) // 60}m{int(x + 0.5 - secs(utc('2026-06-22 05:00:00'))) % 60:02d}s")

    # depot feed and housekeeping on every pod
    for i in range(3):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            pod = serving(x)[i][0]
            if rng.random() < 0.5:
                alog(x, pod, "scheduling-1", "INFO", "c.h.rtsm.supply.DepotFeedPoller", "-/-",
                     f"Depot feed NCS-NUE: {rng.randint(0, 14)} shipment events, {rng.randint(0, 3)} lot updates")
            x += 900 + rng.uniform(-3, 3)
    x = t0 + 61.183
    while x < t1:
        pod = rng.choice(serving(x))[0]
        alog(x, pod, "scheduling-2", "INFO", "c.h.rtsm.edc.EdcOutbox", "-/-", f"EDC outbox: {rng.randint(0, 40)} subject events delivered, 0 pending")
        x += 300 + rng.uniform(-2, 2)

    # pod start-up lines
    def startup(x, pod, version, sha):
        alog(x, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", f"Starting RtsmApplication v{version} using Java 21.0.7 with PID 1 (/app/rtsm.jar started by 10001 in /app)")
        alog(x + 0.02, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", "The following 1 profile is active: \"production\"")
        alog(x + 4.1, pod, "main", "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "-/-", "Tomcat initialized with port 8080 (http)")
        alog(x + 7.9, pod, "main", "INFO", "com.zaxxer.hikari.HikariDataSource", "-/-", "HikariPool-1 - Start completed.")
        alog(x + 9.3, pod, "main", "INFO", "o.f.core.internal.command.DbValidate", "-/-", "Successfully validated 87 migrations (execution time 00:00.112s)")
        alog(x + 14.6, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", f"Started RtsmApplication in 15.2 seconds (process running for 16.4)")
        alog(x + 14.7, pod, "main", "INFO", "c.h.rtsm.config.BuildInfoLogger", "-/-", f"rtsm {version} (git {sha[:7]}), 6 active studies on this platform partition")

    for i in range(3):
        startup(rb_ready[i] - 16, pods_732[i], "7.3.2", shas["rel_732"])
        startup(hf_ready[i] - 16, pods_741[i], "7.4.1", shas["rel_741"])
        alog(rb_ready[i] + 2, pods_740[i], "SpringApplicationShutdownHook", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Commencing graceful shutdown. Waiting for active requests to complete")
        alog(rb_ready[i] + 2.6, pods_740[i], "tomcat-shutdown", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Graceful shutdown complete")
        alog(hf_ready[i] + 2, pods_732[i], "SpringApplicationShutdownHook", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Commencing graceful shutdown. Waiting for active requests to complete")
        alog(hf_ready[i] + 2.6, pods_732[i], "tomcat-shutdown", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Graceful shutdown complete")

    # PostgreSQL -------------------------------------------------------------
    def pgl(x, pid, level, msg, who="rtsm@rtsm"):
        pg.add(at(x), postgres(at(x), pid, level, msg, who))

    x = t0 + 113
    while x < t1:
        busy = 0.5 + parse_rate(x)
        pgl(x, 412, "LOG", "checkpoint starting: time", who=None)
        bufs = int(rng.randint(300, 900) * busy)
        w = rng.uniform(20, 60)
        pgl(x + w, 412, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 16384 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={w - 0.4:.3f} s, sync={rng.uniform(0.002, 0.04):.3f} s, total={w:.3f} s; sync files={rng.randint(20, 140)}, longest=0.008 s, average=0.001 s; distance={bufs * 8} kB, estimate={bufs * 8 + rng.randint(0, 4000)} kB; lsn=4A/{hexid(rng, 8).upper()}, redo lsn=4A/{hexid(rng, 8).upper()}", who=None)
        x += 300 + rng.uniform(-0.5, 0.5)
    for x in sorted(rng.uniform(t0, t1) for _ in range(14)):
        table = rng.choice(["public.audit_trail", "public.kits", "public.dispensations", "public.edc_outbox", "public.shipment_events"])
        pgl(x, rng.randint(20000, 40000), "LOG", f"automatic vacuum of table \"rtsm.{table}\": index scans: {rng.randint(0, 1)}", who=None)
    # lock waits at the peak: advisory locks under 7.4.0/7.4.1, the table lock under 7.3.2
    peak = [x for x in (rng.uniform(secs(utc("2026-06-22 06:30:00")), t1) for _ in range(60)) if parse_rate(x) > 2.6]
    for x in sorted(peak)[:14]:
        ver = serving(x)[0][1]
        pid = rng.randint(20000, 40000)
        waited = rng.uniform(1000.05, 1003.0)
        if ver == "7.3.2":
            pgl(x, pid, "LOG", f"process {pid} still waiting for ShareRowExclusiveLock on relation 16519 of database 16402 after {waited:.3f} ms")
            pgl(x, pid, "DETAIL", f"Process holding the lock: {pid - rng.randint(5, 900)}. Wait queue: {pid}.")
            pgl(x, pid, "STATEMENT", "LOCK TABLE randomisation_slots IN SHARE ROW EXCLUSIVE MODE")
            pgl(x + rng.uniform(0.1, 0.9), pid, "LOG", f"process {pid} acquired ShareRowExclusiveLock on relation 16519 of database 16402 after {waited + rng.uniform(100, 900):.3f} ms")
        else:
            key = rng.randint(300000000, 2100000000)
            pgl(x, pid, "LOG", f"process {pid} still waiting for ExclusiveLock on advisory lock [16402,0,{key},1] after {waited:.3f} ms")
            pgl(x, pid, "DETAIL", f"Process holding the lock: {pid - rng.randint(5, 900)}. Wait queue: {pid}.")
            pgl(x, pid, "STATEMENT", "SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2)::bigint)")
            pgl(x + rng.uniform(0.1, 0.9), pid, "LOG", f"process {pid} acquired ExclusiveLock on advisory lock [16402,0,{key},1] after {waited + rng.uniform(50, 700):.3f} ms")
    for x in sorted(rng.uniform(t0, t1) for _ in range(6)):
        pgl(x, rng.randint(20000, 40000), "LOG", "could not receive data from client: Connection reset by peer", who="rtsm_report@rtsm")

    # Octopus Deploy ------------------------------------------------------------
    def olog(t, level, task, msg):
        octo.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} +00:00 {level:<7} [{task}] {msg}")

    def deployment(start, task, version, sha, who, kind, change):
        t = start
        olog(t, "Info", task, f"Deploying rtsm release {version} to Production ({kind}, change {change}, requested by {who})")
        olog(t + dt.timedelta(seconds=2), "Info", task, f"Step 1: Check change approval | {change} approved in the QMS")
        olog(t + dt.timedelta(seconds=5), "Info", task, f"Step 2: Helm upgrade | helm upgrade rtsm halden/rtsm --namespace clinical --set image.tag={version} --set gitCommit={sha} --atomic --timeout 10m")
        olog(t + dt.timedelta(seconds=9), "Info", task, "Step 2: Helm upgrade | Release \"rtsm\" has been upgraded. Happy Helming!")
        for i in range(3):
            olog(t + dt.timedelta(seconds=64 + 33 * i), "Verbose", task, f"Step 2: Helm upgrade | deployment \"rtsm\": {i + 1} of 3 updated replicas are available")
        olog(t + dt.timedelta(seconds=150), "Info", task, "Step 3: Smoke test | GET /actuator/health 200; randomise TRN-0001 in study TRAINING 200")
        olog(t + dt.timedelta(seconds=153), "Info", task, f"Deployment of rtsm {version} to Production succeeded")

    olog(utc("2026-06-13 22:04:41"), "Info", "ServerTasks-87761", "Deploying rtsm release 7.3.2 to Production (scheduled, change CHG-2026-0612, requested by Hannah Cole)")
    olog(utc("2026-06-13 22:07:19"), "Info", "ServerTasks-87761", "Deployment of rtsm 7.3.2 to Production succeeded")
    deployment(DEPLOY_740, "ServerTasks-88213", "7.4.0", shas["rel_740"], "Hannah Cole", "scheduled", "CHG-2026-0619")
    deployment(ROLLBACK, "ServerTasks-88402", "7.3.2", shas["rel_732"], "Hannah Cole", "emergency, redeploy of previous release", "ECR-2026-118")
    deployment(HOTFIX, "ServerTasks-88417", "7.4.1", shas["rel_741"], "Rui Almeida", "emergency", "ECR-2026-119")

    stats["rb_ready"] = rb_ready
    stats["hf_ready"] = hf_ready
    stats["silent_before_rb"] = stats["silent"]
    stats["pods_740"] = pods_740
    return [app, edc, ingress, pg, octo, tickets, teams], stats, sites


def add_people_logs(rng, logs, stats, shas, sites):
    site_names = {(s["study"], s["site"]): f"{s['city']}, {s['country']}" for s in sites}
    app, edc, ingress, pg, octo, tickets, teams = logs
    fails = sorted(stats["failed_calls"])
    onset = min(e[0] for e in stats["errors"])
    stats["onset"] = onset
    # service desk tickets: the first sites that call in
    seen = []
    for f in fails:
        if f[3] not in [s[3] for s in seen]:
            seen.append(f)
        if len(seen) == 6:
            break
    plan = sorted((x + rng.uniform(420, 900) + i * 60, (x, kind, study, site, subject, visit, city, country)) for i, (x, kind, study, site, subject, visit, city, country) in enumerate(seen))
    stats["tickets"] = []
    desk = []
    for when, (x, kind, study, site, subject, visit, city, country) in plan:
        stats["tickets"].append((when, country))
        what = "randomisation" if kind == "randomise" else f"dispensing at visit {visit}"
        shown = "Randomisation could not be completed (RTSM-500), please retry" if kind == "randomise" else "Kit dispensing could not be completed (RTSM-500), please retry"
        desk.append((when, {
            "priority": "2 - High" if kind == "randomise" else "3 - Moderate",
            "category": "RTSM", "study": study, "site": f"{site} ({city}, {country})", "caller": "Study coordinator",
            "short_description": f"RTSM error at {what} for subject {subject}",
            "description": f"EDC shows '{shown}' for subject {subject}. {'Patient is in the clinic waiting for the first dose.' if kind == 'randomise' else 'Retried once, same error.'}",
            "assignment_group": "Service Desk L1"}))
    later = [e for e in sorted(stats["errors"]) if e[0] > onset + 1500 and e[1] == "inventory"]
    if later:
        where = site_names[(later[0][2], later[0][3])]
        desk.append((later[0][0] + 600, {
            "priority": "3 - Moderate", "category": "RTSM",
            "study": later[0][2], "site": f"{later[0][3]} ({where})", "caller": "Pharmacist",
            "short_description": "Inventory page in RTSM shows 'Internal error' sometimes",
            "description": "Kit inventory page fails about one time in ten since this morning, reload works.", "assignment_group": "Service Desk L1"}))
    for n, (when, body) in enumerate(sorted(desk, key=lambda d: d[0])):
        opened = at(when)
        tickets.add(opened, json.dumps({"number": f"HSD{48812 + n:07d}", "opened_at": opened.strftime("%Y-%m-%dT%H:%M:%SZ"), **body}))

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "rtsm-incident",
                                 "from": who, "body": text}, ensure_ascii=False))

    n_err = len([e for e in stats["errors"] if e[0] < secs(ROLLBACK)])
    n_calls = len([e for e in stats["failed_calls"] if e[0] < secs(ROLLBACK)])
    say(secs(DEPLOY_740) + 260, "Hannah Cole", "rtsm 7.4.0 deployed in the window (CHG-2026-0619): RAND-512 advisory lock per stratum, SUP-877 label date formatter built once, SUP-879 label dates trimmed, SUP-884 failed dispensations logged with subject and visit, Spring Boot 3.4.7, pgjdbc 42.7.7. Smoke test OK (TRAINING randomisation).")
    say(secs(utc("2026-06-22 05:03:40")), "Priya Nair", "resupply run 05:00 fine, 6 studies, orders to NCS-NUE/PNQ/PHL accepted. I pushed SUP-889 (order lines 50 -> 100) to main, for Saturday's window")
    first_alert = onset + 780
    names = {"DE": "German", "FR": "French", "ES": "Spanish", "IT": "Italian", "PL": "Polish", "UK": "UK", "NL": "Dutch", "CZ": "Czech",
             "HU": "Hungarian", "BE": "Belgian", "DK": "Danish", "PT": "Portuguese", "AU": "Australian", "JP": "Japanese", "KR": "Korean"}
    first_edc = min(f[0] for f in fails)
    say(first_alert, "Alertmanager", "[FIRING:1] RtsmHttp5xxRatio clinical/rtsm 5xx ratio > 1% for 5m")
    x_sofia = max(first_alert + 240, first_edc + 300)
    countries = []
    for when, c in stats["tickets"]:
        if when < x_sofia and names[c] not in countries:
            countries.append(names[c])
    desk = f" Service desk has tickets from {' and '.join(countries)} sites." if countries else ""
    say(x_sofia, "Sofia Marques (EDC)", f"EDC sees HTTP 500 RTSM-500 from RTSM on dosing and RAND forms since {at(first_edc).strftime('%H:%M')}, forms left pending.{desk} Nothing deployed on EDC since Thursday.")
    studies_hit = []
    for e in sorted(stats["errors"]):
        if e[0] < x_sofia + 180 and e[2] not in studies_hit:
            studies_hit.append(e[2])
    say(x_sofia + 180, "Hannah Cole", f"on it. 500s across studies ({', '.join(studies_hit[:4])}), dispensing, inventory pages and the supply dashboards, a few percent, a retry mostly works. The ERROR lines are SUP-884's new 'Dispensing failed for subject ... kit assignment rolled back'. rtsm-db logs advisory lock waits on the stratum locks, RAND-512 from Saturday.")
    say(x_sofia + 660, "Hannah Cole", "runbook: RTSM-500 at the morning peak that goes away on retry = lock contention, after a release roll back. RAND-512 is the concurrency change in 7.4.0. Opening ECR for an emergency rollback to 7.3.2. The exceptions are NumberFormatExceptions from date parsing, which I don't get, but load-related fits.")
    say(x_sofia + 1020, "Rui Almeida", "here. 'NumberFormatException: multiple points' out of SimpleDateFormat.parse for '31-MAR-2027'? that label has no points at all. and 'Unparseable label date \"30-NOV-2027\"' is a perfectly good date. looking")
    say(secs(ROLLBACK) - 420, "Kofi Mensah (QA)", "ECR-2026-118 approved: emergency redeploy of rtsm 7.3.2. Please document affected subjects and any dispensing impact for the deviation record.")
    say(secs(ROLLBACK) + 30, "Hannah Cole", "Octopus task ServerTasks-88402 running, 7.3.2")
    say(max(stats["rb_ready"]) + 300, "Hannah Cole", f"7.3.2 on all three pods, no RTSM-500 since. {n_err} failed requests between {at(onset).strftime('%H:%M')} and the rollback, {n_calls} of them EDC dispense/randomise calls. pg shows the table lock waits again (7.3.2), as before Saturday.")
    odd = [e for e in stats["silent_examples"] if e[:2] == "00"][:1] + [e for e in stats["silent_examples"] if e[:2] != "00"][:1]
    say(secs(utc("2026-06-22 08:19:00")), "Rui Almeida", f"it isn't the lock. LabelDates.parse: since my SUP-877 on Wednesday the SimpleDateFormat is one static shared by every request thread. SimpleDateFormat keeps its Calendar and DecimalFormat in the instance; two threads parsing at once corrupt each other: 'multiple points', 'For input string: \"\"', 'empty String', ParseException for valid labels, or a wrong date without an error, see the 'Kit ... excluded: label expiry {odd[0]}' and '{odd[1]}' warnings this morning.")
    say(secs(utc("2026-06-22 08:23:00")), "Rui Almeida", "tests parse on one thread, the 05:00 resupply run is one thread and the weekend had nothing dispensing at the same moment. It needs the European morning: enough sites dispensing and opening inventory pages together.")
    say(secs(utc("2026-06-22 08:26:00")), "Hannah Cole", "ok, so RAND-512 is innocent, the lock waits were there with the table lock too. my bad for following the runbook blindly, I'll fix it")
    say(secs(utc("2026-06-22 08:41:00")), "Kofi Mensah (QA)", "for the deviation: could a wrong date have let an expired or too-short-dated kit be dispensed?")
    say(secs(utc("2026-06-22 09:16:00")), "Rui Almeida", f"checked every dispensation 7.4.0 made (Sat 22:07 to 07:55) against the lots' label expiries: all kits on or after their DND limit. A corrupted parse either threw or excluded a good kit ({stats['silent_before_rb']} exclusions this morning); the FEFO order may have given a later-expiring kit first. {n_calls} EDC calls failed, the sites retried.")
    say(secs(utc("2026-06-22 09:41:00")), "Rui Almeida", "SUP-891: LabelDates on java.time's DateTimeFormatter (immutable, thread-safe) and a test that parses from 16 threads. release 7.4.1 tagged after CI")
    say(secs(HOTFIX) - 600, "Kofi Mensah (QA)", "ECR-2026-119 approved: rtsm 7.4.1 (SUP-891) as an emergency change.")
    say(secs(HOTFIX) + 420, "Rui Almeida", "7.4.1 on all pods. advisory lock waits back (RAND-512), zero RTSM-500, no odd exclusions. Watching through the US morning")
    say(secs(HOTFIX) + 900, "Sofia Marques (EDC)", "EDC side clean too; 3 forms still pending from this morning, the sites have been told to re-submit")


def build(out_dir):
    rng = random.Random(88100)
    repo, shas = build_repo()
    try:
        logs, stats, sites = build_logs(rng, shas)
        add_people_logs(rng, logs, stats, shas, sites)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert utc("2026-06-22 06:25:00") < onset < utc("2026-06-22 07:05:00"), onset
        assert not [e for e in stats["errors"] if e[0] >= max(stats["rb_ready"])], "errors after the rollback"
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        n_err = len(stats["errors"])
        n_calls = len(stats["failed_calls"])
        odd = [e for e in stats["silent_examples"] if e[:2] == "00"][0]
        kinds = {k: len([e for e in stats["errors"] if e[4] == k]) for k in ("points", "input", "empty", "unparseable")}
        return write_scenario(
            out_dir, name="r88-label-date-formatter-shared", service=SERVICE, onset=onset,
            description=f"""
Halden RTSM, the randomisation and trial supply service behind Halden
EDC's forms, fails a few percent of randomisations, dispensations and site
inventory pages with RTSM-500 on Monday 22 June 2026 from {onset.strftime('%H:%M:%S')} UTC, as
the European sites open; EDC leaves the forms pending and the sites retry.
rtsm 7.4.0 had been deployed in the Saturday maintenance window (22:05 on
20 June). The on-call rolled back to 7.3.2 at 07:52 as an emergency change
and the errors stopped; 7.4.1 with a fix was deployed at 11:58.
""",
            logs=logs,
            line_formats={
                "rtsm.log": r'<Date> <Time> <Pod> \[<Thread>\] <Level>\s+<Logger> \[<Context>\] - <Content>',
                "octopus-rtsm-production.log": r'<Date> <Time> <Offset> <Level>\s+\[<Task>\] <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'NumberFormatException: multiple points',
                r'Unparseable label date',
            ],
            fix_files=[LABEL_DATES, LABEL_DATES_TEST],
            explanation=f"""
The culprit is SUP-877 ("supply: build the label date formatter once, not
per parse"), committed on Wednesday 17 June at 14:20 UTC, released in 7.4.0
and deployed in the Saturday window, {hours:.1f} hours before the onset. It
makes LabelDates' SimpleDateFormat one private static final instance shared
by every thread. SimpleDateFormat is not thread-safe: parse() keeps its
state in the instance's Calendar and DecimalFormat, so two request threads
parsing kit label expiries at once corrupt each other. Dispensing parses
every kit's label expiry at the site (and again in the first-expiry-first
sort), the inventory page, the EDC's kit lists and shipment receipts parse
them too, and the sponsors' supply dashboards (refreshed every five minutes
in European office hours) parse every kit of a study; the unit tests and
the nightly resupply run parse on one thread, and the weekend and the
Asia-Pacific morning had too little concurrent parsing. From
{onset.strftime('%H:%M')}, as the European sites open, {n_err} requests on the 7.4.0 pods
fail ({n_calls} of them EDC randomise/dispense calls) with
NumberFormatException "multiple points" ({kinds['points']}), "For input string" ({kinds['input']}),
"empty String" ({kinds['empty']}) or "Unparseable label date" for a valid label
({kinds['unparseable']}), all under SimpleDateFormat.parse and LabelDates.parse; other
parses return wrong dates without an error and exclude good kits ("label
expiry {odd}"). The rollback to 7.3.2 (which lacks SUP-877) stops it;
the fix (SUP-891, 7.4.1) parses with java.time's DateTimeFormatter in the
culprit's file and tests it from 16 threads.
Decoys: RAND-512 in the same release, an advisory lock per stratum instead
of the slot table lock, with advisory lock waits in PostgreSQL at the peak
(table lock waits under 7.3.2 after the rollback); SUP-884 in the same
release, which adds the very "Dispensing failed for subject ... kit
assignment rolled back" ERROR line that carries the stack traces; SUP-879, a harmless trim
in the culprit's method the next day; the runbook commit that reads
RTSM-500 at the morning peak as stratum lock contention and says to roll
back; the deploy marker naming 7.4.0's release commit; Spring Boot and
pgjdbc bumps; SUP-889, a depot order config change committed an hour
before the onset and not deployed; SUP-861 in 7.3.2; genuine RTSM-409s and
DND exclusions of PLM-118's short-dated lot.
""",
        )
    finally:
        repo.close()
