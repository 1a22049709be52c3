"""exam-runner (Java 21, Quarkus 3.16 with Hibernate ORM Panache, WebSockets
Next and the scheduler, PostgreSQL 16; two pods on the university's
OpenShift cluster behind the default router, released by a manual GitLab CI
job that runs `helm upgrade`; team in Trondheim, a consultant in Gdansk and
a developer in Reykjavik) of Nordvik University, Norway: the university's
own exam platform for on-campus digital exams. Candidates sign in with Feide,
take the exam on their own laptops in the exam halls through the locked-down
exam client, and the client saves answers over a WebSocket
(`/ws/attempts/{id}`); a final flush and the submission go over REST.
Registrations and accommodations (extra time, code UTV60: one more hour on a
four-hour exam) come from FS, the student information system, every night
and hourly on exam days; each attempt carries its own `deadline_at`: the
session's end plus the candidate's extra time plus any time an invigilator
added after a disruption. Accommodated candidates sit in a separate room
(Realfagbygget R-K23). A scheduled sweeper auto-submits attempts whose
deadline has passed by the 60 s grace; submitted attempts go to the
grading-worker (a RabbitMQ consumer that auto-marks the multiple-choice
items and queues the rest for examiners).

On Monday 14 December at 09:47 UTC EXM-412 rewrites the sweeper: on
Thursday the per-attempt loop took 70-95 s for a 900-candidate exam, the
next runs were skipped and stragglers stayed open three minutes past the
end. The new sweeper closes "a session's open attempts in one update when
it ends": every attempt IN_PROGRESS in a session whose ends_at passed, in
one UPDATE, without looking at the attempts' own deadlines. It ships in
Monday's 19:40 release (the job names a later docs commit), after the last
candidate of the day had finished.

Tuesday 15 December: KJ1000 (General Chemistry, 204 candidates) and MA0001
(Mathematics for non-majors, 131) run 09:00-13:00 local (08:00-12:00 UTC),
HMS0001 (lab safety, 46, no accommodations) 09:00-11:00. At 10:01 the new
sweeper closes HMS0001's two stragglers, as it should. At 12:01:03 it closes
KJ1000's and MA0001's open attempts: the stragglers, every UTV60 candidate
in R-K23 (one of them added by FS's hourly sync that morning) and three
candidates whose time an invigilator had extended after laptop and power
problems. Their screens say "Besvarelsen er levert" an hour early, their
unsynced answers are refused ("answer save refused: attempt ... is
AUTO_SUBMITTED (deadline 13:00 ...)"), and invigilators cannot extend them.

At 11:33 a hotfix had gone out (EXM-431: the invigilators' room status query
without its per-candidate subquery, which had timed out for KJ1000's hall
all morning; EXM-428, which logs refused answer saves with the attempt's
status and deadline; a Quarkus patch bump). The on-call rolls it back at
12:14 (the refusal lines vanish, the dashboard's 504s come back); the
attempts stay closed. She finds the sweeper's "auto-submitted 31 open
attempts" line and EXM-412, reopens the 23 attempts at 12:23 with the
remaining time plus ten minutes (the exams office's decision), and the
author's revert goes out at 12:50 with the hotfix, before the afternoon's
exams; the reopened candidates finish by 13:50.

Sources: exam-runner (Quarkus console format, both pods), the OpenShift
router (HAProxy httplog through syslog), grading-worker (Python logging),
PostgreSQL (stderr, slow statements), GitLab deploy jobs, #eksamen-drift
(Slack export, JSON lines)."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "exam-runner"
START, END = utc("2026-12-15 09:30:00"), utc("2026-12-15 14:00:00")
EXAM_START = utc("2026-12-15 08:00:00")
HMS_END = utc("2026-12-15 10:00:00")
MAIN_END = utc("2026-12-15 12:00:00")
DEPLOY_MON = utc("2026-12-14 19:40:30")
HOTFIX = utc("2026-12-15 11:33:10")      # new pods serving
ROLLBACK = utc("2026-12-15 12:14:20")
REOPEN = utc("2026-12-15 12:22:50")
FIX = utc("2026-12-15 12:50:05")
FS_LATE = utc("2026-12-15 10:05:12")     # FS's hourly sync adds a UTV60

ROOMS = {"KJ1000-2026H": "IDB-A", "MA0001-2026H": "IDB-B", "HMS0001-2026H": "IDB-B"}
EXAMS = [
    # code, title, end, candidates, utv60 count, first attempt id
    ("HMS0001-2026H", "HMS for laboratoriearbeid", HMS_END, 46, 0, 88201),
    ("KJ1000-2026H", "Generell kjemi", MAIN_END, 204, 13, 88301),
    ("MA0001-2026H", "Brukerkurs i matematikk", MAIN_END, 131, 9, 88601),
]

# ---------------------------------------------------------------------------
# the repository

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>no.nvu.exam</groupId>
  <artifactId>exam-runner</artifactId>
  <version>1.48.0</version>

  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <quarkus.platform.version>3.16.1</quarkus.platform.version>
  </properties>

  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.quarkus.platform</groupId>
        <artifactId>quarkus-bom</artifactId>
        <version>${quarkus.platform.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>

  <dependencies>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest-jackson</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-websockets-next</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-hibernate-orm-panache</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-jdbc-postgresql</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-scheduler</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-oidc</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-messaging-rabbitmq</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-smallrye-health</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-micrometer-registry-prometheus</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-junit5</artifactId><scope>test</scope></dependency>
  </dependencies>
</project>
"""

APP_PROPS = """quarkus.application.name=exam-runner
quarkus.datasource.db-kind=postgresql
quarkus.datasource.jdbc.max-size=30
quarkus.hibernate-orm.database.generation=none
quarkus.oidc.auth-server-url=https://auth.dataporten.no
quarkus.oidc.client-id=${FEIDE_CLIENT_ID}
quarkus.oidc.application-type=hybrid

# attempts
exam.sweep.grace=60s
exam.autosave.max-unsynced=50

# FS (student information system)
fs.base-url=https://fs.nvu.no/fsapi
fs.sync.cron=0 5 * * * ?

mp.messaging.outgoing.submitted.connector=smallrye-rabbitmq
mp.messaging.outgoing.submitted.exchange.name=exam.attempts
mp.messaging.outgoing.submitted.default-routing-key=attempt.submitted
"""

ATTEMPT = """package no.nvu.exam.attempt;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.*;
import java.time.Instant;

@Entity
@Table(name = "attempts")
public class Attempt extends PanacheEntity {
    @ManyToOne(fetch = FetchType.LAZY)
    public ExamSession session;

    public String candidateNo;

    @Enumerated(EnumType.STRING)
    public AttemptStatus status;

    /** The session's end plus the candidate's extra time (FS) plus any time an invigilator added. */
    public Instant deadlineAt;

    public int extraMinutes;

    public Instant submittedAt;

    @Enumerated(EnumType.STRING)
    public SubmittedBy submittedBy;
}
"""

ATTEMPT_SERVICE = """package no.nvu.exam.attempt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import no.nvu.exam.grading.SubmissionPublisher;
import no.nvu.exam.answer.AnswerSockets;
import org.jboss.logging.Logger;

@ApplicationScoped
public class AttemptService {
    private static final Logger LOG = Logger.getLogger(AttemptService.class);

    @Inject SubmissionPublisher publisher;
    @Inject AnswerSockets sockets;

    @Transactional
    public void submit(Attempt a, int answered, int items) {
        a.status = AttemptStatus.SUBMITTED;
        a.submittedAt = Instant.now();
        a.submittedBy = SubmittedBy.CANDIDATE;
        publisher.submitted(a.id);
        LOG.infof("attempt %d submitted by candidate %s (%d of %d answered)", a.id, a.candidateNo, answered, items);
    }

    @Transactional
    public void autoSubmit(Attempt a) {
        a.status = AttemptStatus.AUTO_SUBMITTED;
        a.submittedAt = Instant.now();
        a.submittedBy = SubmittedBy.SWEEPER;
        publisher.submitted(a.id);
        sockets.timeUp(a.id);
    }

    /** Invigilator: time lost to a disruption (laptop, power) is added to this attempt only. */
    @Transactional
    public void extend(Attempt a, int minutes, String invigilator, String reason) {
        if (a.status != AttemptStatus.IN_PROGRESS) {
            throw new AttemptClosedException(a.id, a.status);
        }
        a.deadlineAt = a.deadlineAt.plus(Duration.ofMinutes(minutes));
        LOG.infof("attempt %d extended by %d min by invigilator %s (%s): deadline %s", a.id, minutes, invigilator, reason, a.deadlineAt);
    }

    /** Exams office only: reopen a submitted attempt with a new deadline. */
    @Transactional
    public void reopen(Attempt a, Instant deadline, String by, String reference) {
        a.status = AttemptStatus.IN_PROGRESS;
        a.submittedAt = null;
        a.submittedBy = null;
        a.deadlineAt = deadline;
        publisher.reopened(a.id);
        LOG.infof("attempt %d reopened by %s: deadline %s (%s)", a.id, by, deadline, reference);
    }
}
"""

SWEEPER_V1 = """package no.nvu.exam.sweep;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.nvu.exam.attempt.Attempt;
import no.nvu.exam.attempt.AttemptRepository;
import no.nvu.exam.attempt.AttemptService;
import no.nvu.exam.attempt.AttemptStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Auto-submits every attempt whose own deadline (the session's end, plus the
 * candidate's extra time, plus any time an invigilator added) passed more
 * than the grace period ago. Runs on one pod at a time (advisory lock).
 */
@ApplicationScoped
public class AttemptSweeper {
    private static final Logger LOG = Logger.getLogger(AttemptSweeper.class);

    @Inject AttemptRepository attempts;
    @Inject AttemptService service;
    @Inject SweepLock lock;

    @ConfigProperty(name = "exam.sweep.grace")
    Duration grace;

    @Scheduled(every = "30s", concurrentExecution = ConcurrentExecution.SKIP)
    void sweep() {
        if (!lock.tryAcquire("attempt-sweeper")) {
            return;
        }
        Instant cutoff = Instant.now().minus(grace);
        List<Attempt> due = attempts.list("status = ?1 and deadlineAt < ?2", AttemptStatus.IN_PROGRESS, cutoff);
        for (Attempt a : due) {
            service.autoSubmit(a);
            LOG.infof("attempt %d auto-submitted: deadline %s passed", a.id, a.deadlineAt);
        }
    }
}
"""

SWEEPER_TEST_V1 = """package no.nvu.exam.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import no.nvu.exam.attempt.AttemptStatus;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AttemptSweeperTest {
    @Inject AttemptSweeper sweeper;
    @Inject Fixtures fx;

    @Test
    void submitsAnAttemptPastItsDeadline() {
        var a = fx.attemptEndingMinutesAgo(2);
        sweeper.sweep();
        assertEquals(AttemptStatus.AUTO_SUBMITTED, fx.reload(a).status);
    }

    @Test
    void leavesExtraTimeAlone() {
        var a = fx.attemptEndingMinutesAgo(2, 60);
        sweeper.sweep();
        assertEquals(AttemptStatus.IN_PROGRESS, fx.reload(a).status);
    }
}
"""

ANSWER_SOCKET = """package no.nvu.exam.answer;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import no.nvu.exam.attempt.Attempt;
import no.nvu.exam.attempt.AttemptRepository;
import no.nvu.exam.attempt.AttemptStatus;
import org.jboss.logging.Logger;

/** The exam client saves answers here every few seconds while the candidate types. */
@WebSocket(path = "/ws/attempts/{attemptId}")
public class AnswerSocket {
    private static final Logger LOG = Logger.getLogger(AnswerSocket.class);

    @Inject AttemptRepository attempts;
    @Inject AnswerStore answers;

    @OnOpen
    public Hello onOpen(@PathParam String attemptId, WebSocketConnection conn) {
        Attempt a = attempts.findById(Long.valueOf(attemptId));
        LOG.infof("answer socket opened attempt=%s candidate=%s deadline=%s", attemptId, a.candidateNo, a.deadlineAt);
        return Hello.of(a);
    }

    @OnTextMessage
    public SaveResult onSave(SaveAnswers msg, @PathParam String attemptId) {
        Attempt a = attempts.findById(Long.valueOf(attemptId));
        if (a.status != AttemptStatus.IN_PROGRESS) {
            return SaveResult.refused(a.status);
        }
        return answers.save(a, msg);
    }

    @OnClose
    public void onClose(@PathParam String attemptId, WebSocketConnection conn) {
        LOG.infof("answer socket closed attempt=%s code=%s", attemptId, conn.closeReason().getCode());
    }
}
"""

ANSWER_RESOURCE = """package no.nvu.exam.answer;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import no.nvu.exam.attempt.Attempt;
import no.nvu.exam.attempt.AttemptRepository;
import no.nvu.exam.attempt.AttemptStatus;

/** REST fallback: the client's final flush when the socket is gone or time is up. */
@Path("/api/attempts/{id}/answers")
public class AnswerResource {
    @Inject AttemptRepository attempts;
    @Inject AnswerStore answers;

    @POST
    @Path("/final")
    public Response flush(@PathParam("id") long id, SaveAnswers msg) {
        Attempt a = attempts.findById(id);
        if (a.status != AttemptStatus.IN_PROGRESS) {
            return Response.status(409).entity(SaveResult.refused(a.status)).build();
        }
        return Response.ok(answers.save(a, msg)).build();
    }
}
"""

STATUS_QUERY_V1 = """package no.nvu.exam.invigilation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** What the invigilators' dashboard shows for a room: one row per candidate. */
@ApplicationScoped
public class RoomStatusQuery {
    @Inject EntityManager em;

    @SuppressWarnings("unchecked")
    public List<CandidateRow> forRoom(String room) {
        return em.createNativeQuery(\"\"\"
            SELECT a.id, a.candidate_no, a.status, a.deadline_at, s.code,
                   (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id AND x.value IS NOT NULL) AS answered,
                   (SELECT max(x.saved_at) FROM answers x WHERE x.attempt_id = a.id) AS last_save
              FROM attempts a JOIN exam_sessions s ON s.id = a.session_id
             WHERE a.room = :room AND s.starts_at::date = current_date
             ORDER BY a.candidate_no\"\"\", CandidateRow.class)
            .setParameter("room", room)
            .getResultList();
    }
}
"""

FS_IMPORT = """package no.nvu.exam.fs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Accommodations from FS (tilrettelegging). Only extra time matters here;
 * FS's codes map to minutes per four-hour exam.
 */
@ApplicationScoped
public class AccommodationImport {
    private static final Logger LOG = Logger.getLogger(AccommodationImport.class);

    static final Map<String, Integer> EXTRA_MINUTES = Map.of(
        "UTV30", 30,
        "UTV60", 60);

    @Inject FsClient fs;
    @Inject Registrations registrations;

    @Transactional
    public int sync(String examCode) {
        int changed = 0;
        for (FsAccommodation acc : fs.accommodations(examCode)) {
            Integer minutes = EXTRA_MINUTES.get(acc.code());
            if (minutes != null && registrations.setExtraTime(examCode, acc.candidateNo(), minutes)) {
                changed++;
            }
        }
        return changed;
    }
}
"""

VALUES = """image:
  repository: image-registry.openshift-image-registry.svc:5000/eksamen/exam-runner
replicas: 2
route:
  host: eksamen.nvu.no
  annotations:
    haproxy.router.openshift.io/timeout: 10s
    haproxy.router.openshift.io/timeout-tunnel: 5h
resources:
  requests: { cpu: "1", memory: 1Gi }
  limits: { memory: 1536Mi }
"""

GITLAB_CI = """stages: [build, deploy]

build:
  stage: build
  image: registry.nvu.no/ci/maven:3.9-temurin-21
  script:
    - mvn -B package -DskipTests=false
    - oc start-build exam-runner --from-dir=target/quarkus-app --wait

deploy:production:
  stage: deploy
  when: manual
  environment: production
  script:
    - helm upgrade --install exam-runner chart/exam-runner -n eksamen -f chart/exam-runner/values-production.yaml --set image.tag=$CI_COMMIT_SHORT_SHA --wait --timeout 10m

rollback:production:
  stage: deploy
  when: manual
  script:
    - helm rollback exam-runner "$HELM_REVISION" -n eksamen --wait --timeout 10m
"""

RUNBOOK_ALERTS = [
    ("SweeperLate", "Attempts past their deadline are still IN_PROGRESS more than 3 minutes after it. Check `exam_runner_sweep_seconds` and the sweeper's advisory lock (`select * from pg_locks where locktype = 'advisory'`)."),
    ("AnswerSocketsDropping", "Many `answer socket closed ... code=1006` at once: usually the hall's Wi-Fi. The client keeps answers locally and resends them; nothing to do unless it lasts over 5 minutes (call IT's network on-call)."),
]

INVIGILATOR_GUIDE = """# Invigilator dashboard

One row per candidate in the room, refreshed every 20 s.

- Green: saved in the last minute.
- Yellow: nothing saved for 1-5 minutes (the candidate may be thinking).
- Red: no connection for over 5 minutes; walk over.
- Grey: submitted.

"Extend" adds time lost to a disruption to one candidate's deadline. Only the
exams office can reopen a submitted attempt.
"""


def sub(text, *pairs):
    """text with each (old, new) replaced once; old must be there."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    ingrid = Person("Ingrid Solberg", "ingrid.solberg@nvu.no", 60)
    piotr = Person("Piotr Zielinski", "piotr.zielinski@nvu.no", 60)
    magnus = Person("Magnus Eide", "magnus.eide@nvu.no", 60)
    sigrun = Person("Sigrun Jonsdottir", "sigrun.jonsdottir@nvu.no", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    j = "src/main/java/no/nvu/exam"
    sweeper = f"{j}/sweep/AttemptSweeper.java"
    files = {
        "pom.xml": POM,
        "src/main/resources/application.properties": APP_PROPS,
        f"{j}/attempt/Attempt.java": ATTEMPT,
        f"{j}/attempt/AttemptService.java": ATTEMPT_SERVICE,
        sweeper: SWEEPER_V1,
        f"{j}/answer/AnswerSocket.java": ANSWER_SOCKET,
        f"{j}/answer/AnswerResource.java": ANSWER_RESOURCE,
        f"{j}/invigilation/RoomStatusQuery.java": STATUS_QUERY_V1,
        f"{j}/fs/AccommodationImport.java": FS_IMPORT,
        "src/test/java/no/nvu/exam/sweep/AttemptSweeperTest.java": SWEEPER_TEST_V1,
        "chart/exam-runner/values-production.yaml": VALUES,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": "# exam-runner\n\nNordvik University's platform for on-campus digital exams: attempts,\nthe answer socket, the sweeper, the invigilators' dashboard and the FS\nimport. Marking lives in grading-worker.\n\n## Running locally\n\n```\n./mvnw quarkus:dev\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-12-08 09:15:00"), ingrid, "exam-runner: attempts, answer socket, sweeper, invigilation and FS import", files)
    repo.schedule(chores(random.Random(45101), SERVICE, [magnus, sigrun], utc("2026-12-08 11:00:00"), utc("2026-12-11 15:00:00"), 3))
    repo.commit(utc("2026-12-09 13:40:00"), magnus, "invigilation: show each candidate's deadline and last save on the dashboard (EXM-405)", {
        f"{j}/invigilation/RoomStatusQuery.java": repo.edit(f"{j}/invigilation/RoomStatusQuery.java", "/** What the invigilators' dashboard shows for a room: one row per candidate. */", "/** What the invigilators' dashboard shows for a room: one row per candidate, with its deadline and last save. */"),
        "docs/invigilator-guide.md": INVIGILATOR_GUIDE,
    })
    repo.commit(utc("2026-12-10 10:05:00"), sigrun, "fs: sync accommodations hourly on exam days, not only at night (EXM-407)\n\nLate decisions from the accommodation office reached us the day after.", {
        "src/main/resources/application.properties": repo.edit("src/main/resources/application.properties", "fs.sync.cron=0 5 * * * ?\n", "fs.sync.cron=0 5 * * * ?\nfs.sync.exam-days-only=true\n"),
    })
    repo.commit(utc("2026-12-10 15:20:00"), piotr, "answers: resend unsynced answers in one batch after a reconnect (EXM-403)", {
        f"{j}/answer/AnswerSocket.java": repo.edit(f"{j}/answer/AnswerSocket.java", "/** The exam client saves answers here every few seconds while the candidate types. */", "/**\n * The exam client saves answers here every few seconds while the candidate\n * types; after a reconnect it sends what it holds locally in one batch.\n */"),
        "src/main/resources/application.properties": repo.edit("src/main/resources/application.properties", "exam.autosave.max-unsynced=50\n", "exam.autosave.max-unsynced=200\n"),
    })
    repo.commit(utc("2026-12-11 09:30:00"), sigrun, "fs: treat UTVT60 (extra time incl. breaks) like UTV60 (EXM-419)", {
        f"{j}/fs/AccommodationImport.java": repo.edit(f"{j}/fs/AccommodationImport.java", '        "UTV30", 30,\n        "UTV60", 60);', '        "UTV30", 30,\n        "UTV60", 60,\n        "UTVT60", 60);'),
    })
    repo.commit(utc("2026-12-11 12:10:00"), ingrid, "runbook: reopening an attempt after a disruption (EXM-421)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Reopening an attempt\n\nOnly with the exams office's decision (they log it in the incident).\n\n```\ncurl -X POST https://eksamen.nvu.no/api/admin/attempts/$ID/reopen \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -d '{\"deadline\": \"...\", \"reference\": \"INC-...\"}'\n```\n\nThe candidate reloads the exam client; unsynced answers are resent.\n",
    })
    repo.commit(utc("2026-12-14 07:20:00"), bot, "Update dependency io.quarkus.platform:quarkus-bom to v3.16.2", {
        "pom.xml": repo.edit("pom.xml", "<quarkus.platform.version>3.16.1</quarkus.platform.version>", "<quarkus.platform.version>3.16.2</quarkus.platform.version>"),
    })
    culprit = repo.commit(utc("2026-12-14 09:47:00"), piotr, "sweeper: close a session's open attempts in one update when it ends (EXM-412)\n\nOn Thursday (BI1001, 912 candidates) the per-attempt loop ran for 70-95 s:\none transaction, one message and one socket push per attempt. The next\nruns were skipped (SKIP) and stragglers stayed open three minutes past\nthe end.\n\nNow: for every session that ended in the last ten minutes, close its\nopen attempts in one UPDATE and publish them as one batch. 900 attempts\ntake ~300 ms locally.", {
        sweeper: sub(SWEEPER_V1,
            "import no.nvu.exam.attempt.Attempt;\nimport no.nvu.exam.attempt.AttemptRepository;\nimport no.nvu.exam.attempt.AttemptService;\nimport no.nvu.exam.attempt.AttemptStatus;\n",
            "import jakarta.transaction.Transactional;\nimport no.nvu.exam.answer.AnswerSockets;\nimport no.nvu.exam.attempt.AttemptRepository;\nimport no.nvu.exam.attempt.AttemptStatus;\nimport no.nvu.exam.attempt.ExamSession;\nimport no.nvu.exam.attempt.ExamSessionRepository;\nimport no.nvu.exam.attempt.SubmittedBy;\nimport no.nvu.exam.grading.SubmissionPublisher;\n",
            "/**\n * Auto-submits every attempt whose own deadline (the session's end, plus the\n * candidate's extra time, plus any time an invigilator added) passed more\n * than the grace period ago. Runs on one pod at a time (advisory lock).\n */",
            "/**\n * Auto-submits the open attempts of sessions that have ended, one UPDATE per\n * session (EXM-412). Runs on one pod at a time (advisory lock).\n */",
            "    @Inject AttemptRepository attempts;\n    @Inject AttemptService service;\n    @Inject SweepLock lock;\n",
            "    private static final Duration WINDOW = Duration.ofMinutes(10);\n\n    @Inject ExamSessionRepository sessions;\n    @Inject AttemptRepository attempts;\n    @Inject SubmissionPublisher publisher;\n    @Inject AnswerSockets sockets;\n    @Inject SweepLock lock;\n",
            "    @Scheduled(every = \"30s\", concurrentExecution = ConcurrentExecution.SKIP)\n    void sweep() {",
            "    @Scheduled(every = \"30s\", concurrentExecution = ConcurrentExecution.SKIP)\n    @Transactional\n    void sweep() {",
            "        List<Attempt> due = attempts.list(\"status = ?1 and deadlineAt < ?2\", AttemptStatus.IN_PROGRESS, cutoff);\n        for (Attempt a : due) {\n            service.autoSubmit(a);\n            LOG.infof(\"attempt %d auto-submitted: deadline %s passed\", a.id, a.deadlineAt);\n        }\n",
            "        List<ExamSession> ended = sessions.list(\"endsAt < ?1 and endsAt >= ?2\", cutoff, cutoff.minus(WINDOW));\n        for (ExamSession s : ended) {\n            List<Long> ids = attempts.openIds(s);\n            if (ids.isEmpty()) {\n                continue;\n            }\n            attempts.update(\"status = ?1, submittedAt = ?2, submittedBy = ?3 where id in ?4\",\n                AttemptStatus.AUTO_SUBMITTED, Instant.now(), SubmittedBy.SWEEPER, ids);\n            publisher.submittedBatch(ids);\n            sockets.timeUp(ids);\n            LOG.infof(\"session %s ended at %s: auto-submitted %d open attempts\", s.code, s.endsAt, ids.size());\n        }\n"),
    })
    repo.commit(utc("2026-12-14 10:30:00"), piotr, "test: the sweeper closes an ended session's stragglers in one go (EXM-412)", {
        "src/test/java/no/nvu/exam/sweep/AttemptSweeperTest.java": sub(SWEEPER_TEST_V1,
            "    @Test\n    void leavesExtraTimeAlone() {\n        var a = fx.attemptEndingMinutesAgo(2, 60);\n        sweeper.sweep();\n        assertEquals(AttemptStatus.IN_PROGRESS, fx.reload(a).status);\n    }\n",
            "    @Test\n    void closesAllStragglersOfAnEndedSession() {\n        var s = fx.sessionEndingMinutesAgo(2, 900);\n        sweeper.sweep();\n        assertEquals(0, fx.openAttempts(s));\n    }\n"),
    })
    repo.commit(utc("2026-12-14 13:15:00"), magnus, "sweeper: interval from config, 30s by default (EXM-426)", {
        sweeper: repo.edit(sweeper, '@Scheduled(every = "30s", concurrentExecution', '@Scheduled(every = "${exam.sweep.interval:30s}", concurrentExecution'),
        "src/main/resources/application.properties": repo.edit("src/main/resources/application.properties", "exam.sweep.grace=60s\n", "exam.sweep.grace=60s\nexam.sweep.interval=30s\n"),
    })
    monday = repo.commit(utc("2026-12-14 17:05:00"), sigrun, "docs: invigilator guide: what the dashboard's colours mean (EXM-430)", {
        "docs/invigilator-guide.md": repo.files["docs/invigilator-guide.md"].replace("- Grey: submitted.\n", "- Grey: submitted (by the candidate or when time ran out).\n- Blue: extra time (accommodation or extended by an invigilator).\n"),
    })
    repo.commit(utc("2026-12-15 08:40:00"), ingrid, "answers: log refused saves with the attempt's status and deadline (EXM-428)\n\nYesterday two HIST1100 candidates said their last answers were lost; the\nlog only had the 409 at the router.", {
        f"{j}/answer/AnswerSocket.java": repo.edit(f"{j}/answer/AnswerSocket.java",
            "        if (a.status != AttemptStatus.IN_PROGRESS) {\n            return SaveResult.refused(a.status);\n        }\n",
            "        if (a.status != AttemptStatus.IN_PROGRESS) {\n            LOG.warnf(\"answer save refused: attempt %d is %s (deadline %s, closed %s by %s)\", a.id, a.status, a.deadlineAt, a.submittedAt, a.submittedBy);\n            return SaveResult.refused(a.status);\n        }\n"),
        f"{j}/answer/AnswerResource.java": repo.edit(f"{j}/answer/AnswerResource.java",
            "        if (a.status != AttemptStatus.IN_PROGRESS) {\n            return Response.status(409)",
            "        if (a.status != AttemptStatus.IN_PROGRESS) {\n            LOG.warnf(\"answer save refused: attempt %d is %s (deadline %s, closed %s by %s)\", a.id, a.status, a.deadlineAt, a.submittedAt, a.submittedBy);\n            return Response.status(409)").replace(
            "import no.nvu.exam.attempt.AttemptStatus;\n", "import no.nvu.exam.attempt.AttemptStatus;\nimport org.jboss.logging.Logger;\n").replace(
            "public class AnswerResource {\n", "public class AnswerResource {\n    private static final Logger LOG = Logger.getLogger(AnswerResource.class);\n\n"),
    })
    repo.commit(utc("2026-12-15 10:52:00"), magnus, "invigilation: room status without the per-candidate answer subqueries (EXM-431)\n\nKJ1000's hall (IDB-A) gets 504s on the dashboard this morning: the two\ncorrelated subqueries over answers take 8-12 s for 190 candidates. The\nanswered count and last save come from attempt_progress now.", {
        f"{j}/invigilation/RoomStatusQuery.java": repo.edit(f"{j}/invigilation/RoomStatusQuery.java",
            "                   (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id AND x.value IS NOT NULL) AS answered,\n                   (SELECT max(x.saved_at) FROM answers x WHERE x.attempt_id = a.id) AS last_save\n              FROM attempts a JOIN exam_sessions s ON s.id = a.session_id\n",
            "                   p.answered, p.last_save\n              FROM attempts a JOIN exam_sessions s ON s.id = a.session_id\n              LEFT JOIN attempt_progress p ON p.attempt_id = a.id\n"),
    })
    head = repo.commit(utc("2026-12-15 11:05:00"), bot, "Update dependency io.quarkus.platform:quarkus-bom to v3.16.3", {
        "pom.xml": repo.edit("pom.xml", "<quarkus.platform.version>3.16.2</quarkus.platform.version>", "<quarkus.platform.version>3.16.3</quarkus.platform.version>"),
    })
    fix_sweeper = sub(SWEEPER_V1, '@Scheduled(every = "30s", concurrentExecution', '@Scheduled(every = "${exam.sweep.interval:30s}", concurrentExecution')
    fix = repo.commit(utc("2026-12-15 12:41:00"), piotr, 'Revert "sweeper: close a session\'s open attempts in one update when it ends (EXM-412)"\n\nThis reverts commit ' + culprit + '.\n\nThe bulk update closed every open attempt of an ended session, also\nthose with extra time (UTV60) or time added by an invigilator: their\ndeadline_at is later than the session\'s end. Back to the per-attempt\ndeadline; keeps EXM-426\'s configurable interval. The slow loop comes\nback; EXM-433 will batch it by deadline.', {
        sweeper: fix_sweeper,
        "src/test/java/no/nvu/exam/sweep/AttemptSweeperTest.java": SWEEPER_TEST_V1,
    })
    return repo, {"culprit": culprit, "monday": monday, "head": head, "fix": fix}


# ---------------------------------------------------------------------------
# the exam day

FIRST = ["Ingrid", "Ola", "Kari", "Jonas", "Emma", "Nora", "Sander", "Sofie", "Henrik", "Maja", "Elias", "Ida", "Mathias", "Thea", "Aksel", "Sara", "Jakob", "Leah", "Filip", "Hedda", "Tobias", "Vilde", "Magnus", "Ingeborg", "Amir", "Linnea"]
LAST = ["hansen", "johansen", "olsen", "larsen", "andersen", "pedersen", "nilsen", "kristiansen", "jensen", "karlsen", "berg", "haugen", "hagen", "eriksen", "bakke", "dahl", "lie", "moen", "solberg", "ahmadi"]


def iso_z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_candidates(rng):
    cands = []
    used_no = set()
    for code, title, end, n, utv, first_id in EXAMS:
        utv_idx = set(rng.sample(range(n), utv))
        for i in range(n):
            while True:
                no = str(rng.randint(10001, 19999))
                if no not in used_no:
                    used_no.add(no)
                    break
            extra = 60 if i in utv_idx else 0
            c = {"id": first_id + i, "no": no, "exam": code, "end": end, "extra": extra, "inv_ext": 0,
                 "room": "R-K23" if extra else ROOMS[code], "items": {"HMS0001-2026H": 24, "KJ1000-2026H": 40, "MA0001-2026H": 32}[code],
                 "user": f"{rng.choice(FIRST).lower()}{rng.choice(LAST)[:3]}{rng.randint(1, 9)}"}
            c["deadline"] = end + dt.timedelta(minutes=extra)
            cands.append(c)
    return cands


def build_logs(rng, shas):
    app, router, grading, pg, gitlab, slack = (Log("exam-runner.log"), Log("openshift-router.log"), Log("grading-worker.log"),
                                              Log("postgresql.log"), Log("gitlab-deploy.log"), Log("slack-eksamen-drift.log"))
    stats = {"refusals": [], "refusal_victims": [], "closed": {}, "victims": [], "in_progress": {}, "saves": [], "status_ms": [], "submitted": []}

    def inwin(t):
        return START <= t < END

    # --- pods by release epoch
    epochs = [
        (utc("2026-12-14 19:41:00"), "exam-runner-6c9f7d8b54-", ["k2x9p", "w7m4q"], shas["monday"], "3.16.2"),
        (HOTFIX, "exam-runner-84d6b9c7f-", ["h5r2t", "z8n3v"], shas["head"], "3.16.3"),
        (ROLLBACK, "exam-runner-6c9f7d8b54-", ["b4q7s", "j9t2m"], shas["monday"], "3.16.2"),
        (FIX, "exam-runner-5f7b8c9d6-", ["c3w8x", "p6k1r"], shas["fix"], "3.16.3"),
    ]
    pod_ips = {}

    def epoch_at(t):
        i = bisect.bisect_right([e[0] for e in epochs], t) - 1
        return max(i, 0)

    def pod_at(t):
        e = epochs[epoch_at(t)]
        return e[1] + rng.choice(e[2])

    def ip_of(pod):
        if pod not in pod_ips:
            pod_ips[pod] = f"10.129.{rng.randint(2, 6)}.{rng.randint(10, 250)}"
        return pod_ips[pod]

    def hotfix_live(t):
        return HOTFIX <= t < ROLLBACK or t >= FIX

    def culprit_live(t):
        return t < FIX

    def qlog(t, level, logger, thread, msg, exc=None):
        if not inwin(t):
            return
        parts = logger.split(".")
        short = ".".join([p[:3] for p in parts[:-1]] + [parts[-1]])
        line = f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level:<5} [{short}] ({thread}) {msg}"
        if exc:
            line += "\n" + exc
        app.add(t, line)

    def worker_thread():
        return f"executor-thread-{rng.randint(1, 24)}"

    def loop_thread():
        return f"vert.x-eventloop-thread-{rng.randint(0, 3)}"

    def route(t, client, method, path, status, size, tr, flags="----", tw=0, tc=1, tt=None, pod=None, accepted=None):
        """One router line; HAProxy writes it when the exchange ends (t) and
        stamps it with the accept date (accepted, for tunnels and timeouts)."""
        if not inwin(t):
            return
        pod = pod or pod_at(accepted or t)
        tt = tt if tt is not None else tr + tc + tw + rng.randint(0, 2)
        a = accepted or t
        stamp = a.strftime("%d/%b/%Y:%H:%M:%S.") + f"{a.microsecond // 1000:03d}"
        act = rng.randint(180, 460)
        rp, rpid = rng.choice([("r4k2t", 318), ("x9p6m", 322)])
        router.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} router-default-7d8c9b6f5d-{rp} haproxy[{rpid}]: "
                      f"{client}:{rng.randint(30000, 65000)} [{stamp}] fe_sni~ be_secure:eksamen:exam-runner/pod:{pod}:exam-runner:https:{ip_of(pod)}:8443 "
                      f"0/{tw}/{tc}/{tr}/{tt} {status} {size} - - {flags} {act}/{act - rng.randint(2, 9)}/{rng.randint(1, 40)}/{rng.randint(0, 20)}/0 0/0 \"{method} {path} HTTP/1.1\"")

    def grade(t, level, msg):
        if inwin(t):
            grading.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level} grading.consumer: {msg}")

    def pglog(t, pid, level, msg, who=None):
        if inwin(t):
            w = f"{who} " if who else ""
            pg.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} UTC [{pid}] {w}{level}:  {msg}")

    cands = build_candidates(rng)
    by_id = {c["id"]: c for c in cands}
    hall_net = {"IDB-A": "10.64.20", "IDB-B": "10.64.21", "R-K23": "10.64.31"}
    for c in cands:
        c["ip"] = f"{hall_net[c['room']]}.{rng.randint(10, 250)}"

    # --- FS's hourly sync at 10:05 brings one late UTV60 (KJ1000)
    kj = [c for c in cands if c["exam"] == "KJ1000-2026H" and not c["extra"]]
    late = rng.choice(kj)
    late["extra"] = 60
    late["late_utv"] = True
    late["deadline_after_sync"] = late["end"] + dt.timedelta(minutes=60)
    # --- invigilator extensions after disruptions (laptop crash, a dead socket at a desk)
    ext_plan = []
    kj_pool = [c for c in kj if c is not late]
    for c, when, minutes, reason in [(rng.choice(kj_pool), utc("2026-12-15 10:21:40"), 15, "laptop crashed, restarted on a spare"),
                                      (rng.choice([c for c in cands if c["exam"] == "MA0001-2026H" and not c["extra"]]), utc("2026-12-15 10:48:15"), 12, "power socket at desk B-14 dead, laptop battery flat"),
                                      (rng.choice(kj_pool), utc("2026-12-15 11:12:30"), 10, "fire door alarm in row F, candidates paused")]:
        if c.get("inv_ext"):
            continue
        c["inv_ext"] = minutes
        c["inv_at"] = when
        c["inv_reason"] = reason
        c["room_before"] = c["room"]
        ext_plan.append(c)

    # --- submission plan
    hms_stragglers = {c["id"] for c in rng.sample([c for c in cands if c["exam"] == "HMS0001-2026H"], 2)}
    for c in cands:
        dl_final = c["end"] + dt.timedelta(minutes=c["extra"] + c["inv_ext"])
        c["deadline_final"] = dl_final
        total = (dl_final - EXAM_START).total_seconds() / 60
        x = rng.random()
        straggler = c["id"] in hms_stragglers if c["exam"] == "HMS0001-2026H" else x < 0.07
        c["straggler"] = straggler and not c["extra"] and not c["inv_ext"]
        if c["exam"] == "HMS0001-2026H":
            lo, hi = 45, 119
        elif c["extra"] or c["inv_ext"]:
            lo, hi = total - 35, total - 1
        else:
            lo, hi = 75, 239
        # candidates tend to use the time: a triangular distribution leaning to the end
        m = rng.triangular(lo, hi, hi - 6)
        c["submit_plan"] = EXAM_START + dt.timedelta(minutes=m, seconds=rng.uniform(0, 59))
    # the candidates extended at 10:21 and 10:48 are still writing at noon; the
    # one extended at 11:12 (+10 min, deadline 12:10) is done at 11:57
    for c in ext_plan[:-1]:
        c["submit_plan"] = c["deadline_final"] - dt.timedelta(minutes=rng.uniform(1, 6))
    ext_plan[-1]["submit_plan"] = utc("2026-12-15 11:57:41")

    # --- the sweeper's runs: every 30 s on one pod; which closes what
    sweeps = []
    t = START.replace(second=3)
    while t < END:
        sweeps.append(t + dt.timedelta(milliseconds=rng.randint(5, 80)))
        t += dt.timedelta(seconds=30)

    status = {}
    for c in cands:
        status[c["id"]] = "IN_PROGRESS"
    events = []   # (t, kind, cand)
    for c in cands:
        if not c["straggler"]:
            events.append((c["submit_plan"], "submit", c))
    events.sort(key=lambda e: e[0])

    closed_at = {}
    reopened = {}
    # decide closures: walk the sweeps in time; submissions before a sweep are done
    sub_times = {c["id"]: c["submit_plan"] for c in cands if not c["straggler"]}

    def open_at(c, t):
        st = sub_times.get(c["id"])
        if st is not None and st <= t:
            return False
        if c["id"] in closed_at and closed_at[c["id"]] <= t:
            if c["id"] not in reopened or reopened[c["id"]][0] > t:
                return False
            if (c.get("resubmit") and c["resubmit"] <= t) or (c.get("closed2") and c["closed2"] <= t):
                return False
        return True

    sweep_log = []
    for s in sweeps:
        cutoff = s - dt.timedelta(seconds=60)
        if culprit_live(s):
            for code, title, end, n, utv, first_id in EXAMS:
                if cutoff - dt.timedelta(minutes=10) <= end < cutoff:
                    ids = [c for c in cands if c["exam"] == code and c["id"] not in closed_at and (sub_times.get(c["id"]) is None or sub_times[c["id"]] > s)]
                    if ids:
                        for c in ids:
                            closed_at[c["id"]] = s
                        sweep_log.append((s, "bulk", code, end, ids))
        else:
            due = []
            for c in cands:
                dl = c.get("reopen_deadline") or c["deadline_final"]
                if dl < cutoff and c["id"] not in closed_at and (sub_times.get(c["id"]) is None or sub_times[c["id"]] > s):
                    due.append(c)
                elif c.get("reopen_deadline") and c["reopen_deadline"] < cutoff and c.get("closed2") is None and (c.get("resubmit") is None or c["resubmit"] > s):
                    due.append(c)
            for c in due:
                if c.get("reopen_deadline"):
                    c["closed2"] = s
                else:
                    closed_at[c["id"]] = s
                sweep_log.append((s, "one", c["exam"], c.get("reopen_deadline") or c["deadline_final"], [c]))
        # the reopen happens at REOPEN: plan it when we pass it
        if s >= REOPEN and not reopened:
            victims = [c for c in cands if c["id"] in closed_at and closed_at[c["id"]] < REOPEN and closed_at[c["id"]] > utc("2026-12-15 12:00:00")
                       and closed_at[c["id"]] < c["deadline_final"] - dt.timedelta(seconds=60)]
            victims.sort(key=lambda c: (c["room"] != "R-K23", c["id"]))
            tt = REOPEN
            for c in victims:
                remaining = c["deadline_final"] - closed_at[c["id"]]
                tt = tt + dt.timedelta(seconds=rng.uniform(3.5, 6.5))
                new_dl = (tt + remaining + dt.timedelta(minutes=10)).replace(microsecond=0)
                new_dl = new_dl.replace(second=0) + dt.timedelta(minutes=1)
                reopened[c["id"]] = (tt, new_dl)
                c["reopen_deadline"] = new_dl
                c["reopen_at"] = tt
                # most finish and submit by hand before their new deadline
                if rng.random() < 0.85:
                    span = (new_dl - tt).total_seconds() / 60
                    c["resubmit"] = tt + dt.timedelta(minutes=rng.uniform(span * 0.55, span - 1.5), seconds=rng.uniform(0, 59))
                stats["victims"].append(c)
    for c in cands:
        if c["id"] in sub_times and c["id"] in closed_at and closed_at[c["id"]] < sub_times[c["id"]]:
            del sub_times[c["id"]]
    stats["closed"] = closed_at

    # ---------------------------------------------------------------- app lines
    SWEEPER_LOGGER = "no.nvu.exam.sweep.AttemptSweeper"
    SOCKET = "no.nvu.exam.answer.AnswerSocket"
    ANSWERS = "no.nvu.exam.answer.AnswerResource"
    ATTEMPTS = "no.nvu.exam.attempt.AttemptService"
    INVIG = "no.nvu.exam.invigilation.InvigilationResource"
    FS = "no.nvu.exam.fs.FsSync"

    # submissions by hand
    def submit_lines(c, t, again=False):
        answered = c["items"] - rng.choice([0, 0, 0, 0, 1, 1, 2, 3])
        route(t, c["ip"], "POST", f"/api/attempts/{c['id']}/submit", 200, 188, rng.randint(18, 70))
        qlog(t + dt.timedelta(milliseconds=rng.randint(20, 60)), "INFO", ATTEMPTS, worker_thread(), f"attempt {c['id']} submitted by candidate {c['no']} ({answered} of {c['items']} answered)")
        close_socket(c, t + dt.timedelta(milliseconds=rng.randint(90, 300)), 1000)
        route(t + dt.timedelta(seconds=rng.uniform(0.6, 1.4)), c["ip"], "GET", f"/levert/{c['id']}", 200, 4312, rng.randint(8, 25))
        grading_received(c, t + dt.timedelta(seconds=rng.uniform(0.5, 2.5)), "CANDIDATE", answered)
        stats["submitted"].append(t)
        if rng.random() < 0.04:
            # a save still in flight when the submit landed: refused, as always
            tr = t + dt.timedelta(milliseconds=rng.randint(300, 1400))
            route(tr, c["ip"], "POST", f"/api/attempts/{c['id']}/answers/final", 409, 96, rng.randint(6, 20))
            stats["refusals"].append(tr)
            if hotfix_live(tr):
                qlog(tr + dt.timedelta(milliseconds=5), "WARN", ANSWERS, worker_thread(), f"answer save refused: attempt {c['id']} is SUBMITTED (deadline {iso_z(current_deadline(c, tr))}, closed {iso_ms(t)} by CANDIDATE)")

    ws_open = {}   # id -> opened at
    ws_pod = {}

    def current_deadline(c, t):
        if c.get("reopen_at") and t >= c["reopen_at"]:
            return c["reopen_deadline"]
        dl = c["end"] + dt.timedelta(minutes=c["extra"] if (not c.get("late_utv") or t >= FS_LATE) else 0)
        if c.get("inv_at") and t >= c["inv_at"]:
            dl += dt.timedelta(minutes=c["inv_ext"])
        return dl

    def open_socket(c, t):
        ws_open[c["id"]] = t
        ws_pod[c["id"]] = pod_at(t)
        qlog(t, "INFO", SOCKET, loop_thread(), f"answer socket opened attempt={c['id']} candidate={c['no']} deadline={iso_z(current_deadline(c, t))}")

    def close_socket(c, t, code):
        opened = ws_open.pop(c["id"], None)
        if opened is None:
            return
        dur = int((t - opened).total_seconds() * 1000)
        flags = "----" if code in (1000, 1001) else "cD--"
        route(t, c["ip"], "GET", f"/ws/attempts/{c['id']}", 101, 217, 3, flags=flags, tt=dur, pod=ws_pod.get(c["id"]), accepted=opened)
        qlog(t + dt.timedelta(milliseconds=2), "INFO", SOCKET, loop_thread(), f"answer socket closed attempt={c['id']} code={code}")

    def grading_received(c, t, by, answered):
        points = round(rng.uniform(0.35, 0.95) * (c["items"] * 0.75) * 2) / 2
        manual = c["items"] - int(c["items"] * 0.75)
        grade(t, "INFO", f"attempt {c['id']} received: exam={c['exam']} submitted_by={by} answered={answered}/{c['items']}")
        grade(t + dt.timedelta(milliseconds=rng.randint(150, 900)), "INFO", f"auto-marked attempt {c['id']}: {points} of {c['items'] * 0.75:.1f} points ({int(c['items'] * 0.75)} items), {manual} items queued for examiners")
        c["points"] = points

    # sockets open at the start of the window for every attempt still in progress
    for c in cands:
        ws_open[c["id"]] = EXAM_START + dt.timedelta(minutes=rng.uniform(0.2, 4))
        ws_pod[c["id"]] = epochs[0][1] + rng.choice(epochs[0][2])

    # Wi-Fi drops: reconnects while in progress
    recon = []
    for c in cands:
        stop = min(sub_times.get(c["id"], END), closed_at.get(c["id"], END))
        t = START
        rate = 0.5 if c["room"] != "R-K23" else 0.3
        while True:
            t += dt.timedelta(minutes=rng.expovariate(rate / 60))
            if t >= stop - dt.timedelta(minutes=1):
                break
            recon.append((t, c))
    # a Wi-Fi access point in IDB-A restarts at 10:42: 23 candidates drop at once
    ap_victims = rng.sample([c for c in cands if c["room"] == "IDB-A" and sub_times.get(c["id"], END) > utc("2026-12-15 10:45:00") and c["id"] not in closed_at], 23)
    for c in ap_victims:
        recon.append((utc("2026-12-15 10:42:07") + dt.timedelta(milliseconds=rng.randint(0, 900)), c))

    timeline = []
    for t, c in recon:
        timeline.append((t, "recon", c))
    for c in cands:
        if c["id"] in sub_times:
            timeline.append((sub_times[c["id"]], "submit", c))
    for s, kind, code, end, ids in sweep_log:
        timeline.append((s, "sweep", (kind, code, end, ids)))
    for c in ext_plan:
        timeline.append((c["inv_at"], "extend", c))
    for c in stats["victims"]:
        timeline.append((c["reopen_at"], "reopen", c))
        if c.get("resubmit"):
            timeline.append((c["resubmit"], "resubmit", c))
    timeline.append((FS_LATE, "fs_late", late))
    for e in epochs[1:]:
        timeline.append((e[0] + dt.timedelta(seconds=5), "migrate", e))
    timeline = [(t, i, kind, obj) for i, (t, kind, obj) in enumerate(timeline)]
    timeline.sort(key=lambda e: (e[0], e[1]))

    for t, _, kind, obj in timeline:
        if kind == "recon":
            c = obj
            if c["id"] not in ws_open:
                continue
            close_socket(c, t, 1006)
            back = t + dt.timedelta(seconds=rng.uniform(2, 25))
            open_socket(c, back)
            if rng.random() < 0.3:
                route(back + dt.timedelta(milliseconds=rng.randint(100, 900)), c["ip"], "GET", f"/api/attempts/{c['id']}", 200, rng.randint(2100, 2600), rng.randint(9, 30))
        elif kind == "submit":
            submit_lines(obj, t)
        elif kind == "extend":
            c = obj
            inv_ip = f"{hall_net[c['room']]}.{rng.randint(2, 9)}"
            route(t, inv_ip, "POST", f"/api/invigilation/attempts/{c['id']}/extend", 200, 142, rng.randint(12, 40))
            dl = current_deadline(c, t + dt.timedelta(seconds=1))
            qlog(t + dt.timedelta(milliseconds=25), "INFO", ATTEMPTS, worker_thread(), f"attempt {c['id']} extended by {c['inv_ext']} min by invigilator {rng.choice(['tove.hauge', 'arne.lund', 'bjorg.nes'])} ({c['inv_reason']}): deadline {iso_z(dl)}")
        elif kind == "fs_late":
            c = obj
            qlog(t, "INFO", FS, worker_thread(), "FS sync started: 3 exams today")
            qlog(t + dt.timedelta(seconds=2.4), "INFO", "no.nvu.exam.fs.AccommodationImport", worker_thread(), f"accommodation UTV60 for candidate {c['no']} in KJ1000-2026H (registered in FS 2026-12-15T09:41)")
            qlog(t + dt.timedelta(seconds=2.5), "INFO", ATTEMPTS, worker_thread(), f"attempt {c['id']} deadline set to {iso_z(c['end'] + dt.timedelta(minutes=60))} (extra time 60 min from FS)")
            qlog(t + dt.timedelta(seconds=2.9), "INFO", FS, worker_thread(), "FS sync done: 381 registrations, 23 accommodations, 1 changed in 2871 ms")
        elif kind == "sweep":
            skind, code, end, ids = obj
            pod = pod_at(t)
            if skind == "bulk":
                qlog(t + dt.timedelta(milliseconds=rng.randint(140, 260)), "INFO", SWEEPER_LOGGER, "executor-thread-1", f"session {code} ended at {iso_z(end)}: auto-submitted {len(ids)} open attempts")
                t_push = t + dt.timedelta(milliseconds=rng.randint(280, 420))
                for c in ids:
                    tc = t_push + dt.timedelta(milliseconds=rng.randint(0, 700))
                    close_socket(c, tc, 1000)
                    grading_received(c, t + dt.timedelta(seconds=rng.uniform(0.8, 3.5)), "SWEEPER", c["items"] - rng.randint(0, 8))
                    # the client's final flush of what it had not synced yet
                    if rng.random() < (0.75 if (c["extra"] or c["inv_ext"]) else 0.45):
                        tf = tc + dt.timedelta(milliseconds=rng.randint(180, 1500))
                        route(tf, c["ip"], "POST", f"/api/attempts/{c['id']}/answers/final", 409, 96, rng.randint(6, 22))
                        if hotfix_live(tf):
                            qlog(tf + dt.timedelta(milliseconds=4), "WARN", ANSWERS, worker_thread(), f"answer save refused: attempt {c['id']} is AUTO_SUBMITTED (deadline {iso_z(current_deadline(c, tf))}, closed {iso_ms(t + dt.timedelta(milliseconds=120))} by SWEEPER)")
                        stats["refusals"].append(tf)
                        if current_deadline(c, tf) > t:
                            stats["refusal_victims"].append(tf)
                    route(tc + dt.timedelta(seconds=rng.uniform(1.5, 4)), c["ip"], "GET", f"/levert/{c['id']}", 200, 4312, rng.randint(8, 25))
            else:
                c = ids[0]
                qlog(t + dt.timedelta(milliseconds=rng.randint(30, 90)), "INFO", SWEEPER_LOGGER, "executor-thread-1", f"attempt {c['id']} auto-submitted: deadline {iso_z(end)} passed")
                close_socket(c, t + dt.timedelta(milliseconds=rng.randint(100, 300)), 1000)
                grading_received(c, t + dt.timedelta(seconds=rng.uniform(0.5, 2)), "SWEEPER", c["items"] - rng.randint(0, 5))
                route(t + dt.timedelta(seconds=rng.uniform(1.5, 4)), c["ip"], "GET", f"/levert/{c['id']}", 200, 4312, rng.randint(8, 25))
        elif kind == "reopen":
            c = obj
            route(t, "10.70.4.23", "POST", f"/api/admin/attempts/{c['id']}/reopen", 200, 203, rng.randint(20, 60))
            qlog(t + dt.timedelta(milliseconds=30), "INFO", ATTEMPTS, worker_thread(), f"attempt {c['id']} reopened by ingrid.solberg: deadline {iso_z(c['reopen_deadline'])} (INC-8841 closed by the sweeper before its deadline)")
            grade(t + dt.timedelta(seconds=rng.uniform(0.4, 1.5)), "INFO", f"attempt {c['id']} reopened in exam-runner: withdrew {c.get('points', 0)} points and {c['items'] - int(c['items'] * 0.75)} examiner tasks")
            back = t + dt.timedelta(seconds=rng.uniform(60, 420))
            route(back, c["ip"], "GET", f"/eksamen/{c['id']}", 200, 18211, rng.randint(20, 60))
            open_socket(c, back + dt.timedelta(seconds=rng.uniform(0.8, 2.5)))
        elif kind == "resubmit":
            submit_lines(obj, t, again=True)
        elif kind == "migrate":
            # the old pods stop: every open socket is closed (1001) and the clients reconnect to the new ones
            for c in cands:
                if c["id"] in ws_open:
                    tc = t + dt.timedelta(milliseconds=rng.randint(0, 20000))
                    close_socket(c, tc, 1001)
                    open_socket(c, tc + dt.timedelta(seconds=rng.uniform(1, 6)))

    # victims trying to get back in, and invigilators trying to extend them (12:02-12:20)
    for c in stats["victims"]:
        for _ in range(rng.choice([0, 1, 1, 2])):
            tr = utc("2026-12-15 12:02:00") + dt.timedelta(seconds=rng.uniform(0, 900))
            route(tr, c["ip"], "GET", f"/eksamen/{c['id']}", 302, 0, rng.randint(6, 15))
            route(tr + dt.timedelta(milliseconds=rng.randint(80, 300)), c["ip"], "GET", f"/levert/{c['id']}", 200, 4312, rng.randint(8, 25))
        if rng.random() < 0.45:
            ti = utc("2026-12-15 12:03:10") + dt.timedelta(seconds=rng.uniform(0, 780))
            inv_ip = f"{hall_net[c['room']]}.{rng.randint(2, 9)}"
            route(ti, inv_ip, "POST", f"/api/invigilation/attempts/{c['id']}/extend", 409, 131, rng.randint(8, 25))
            qlog(ti + dt.timedelta(milliseconds=12), "WARN", INVIG, worker_thread(), f"cannot extend attempt {c['id']}: status AUTO_SUBMITTED")

    # --- the invigilators' dashboards: every 20 s per screen; IDB-A is slow until the hotfix
    room_size = {r: sum(1 for c in cands if c["room"] == r) for r in ("IDB-A", "IDB-B", "R-K23")}
    screens = [("IDB-A", "10.64.20.5"), ("IDB-A", "10.64.20.6"), ("IDB-B", "10.64.21.5"), ("R-K23", "10.64.31.4")]
    pg_pid = [41120]
    for room, inv_ip in screens:
        t = START + dt.timedelta(seconds=rng.uniform(0, 20))
        while t < END:
            n_room = room_size[room]
            if not hotfix_live(t) and room == "IDB-A":
                ms_ = int(rng.lognormvariate(0, 0.22) * (3900 + 27 * n_room))
            else:
                ms_ = int(rng.lognormvariate(0, 0.3) * (35 + 0.5 * n_room))
            stats["status_ms"].append((t, room, ms_))
            if ms_ >= 10000:
                route(t + dt.timedelta(seconds=10, milliseconds=1), inv_ip, "GET", f"/api/invigilation/rooms/{room}/status", 504, 0, -1, flags="sH--", tt=10001, accepted=t)
                qlog(t + dt.timedelta(milliseconds=ms_), "WARN", INVIG, worker_thread(), f"room status {room}: {ms_} ms for {n_room} candidates (client gone)")
            else:
                route(t, inv_ip, "GET", f"/api/invigilation/rooms/{room}/status", 200, 900 + 61 * n_room, ms_)
                if ms_ > 3000:
                    qlog(t + dt.timedelta(milliseconds=ms_), "WARN", INVIG, worker_thread(), f"room status {room}: {ms_} ms for {n_room} candidates")
            if ms_ > 2000:
                pg_pid[0] += rng.randint(1, 40)
                pglog(t + dt.timedelta(milliseconds=ms_), pg_pid[0], "LOG", f"duration: {ms_ - rng.randint(5, 40)}.{rng.randint(100, 999)} ms  execute <unnamed>: SELECT a.id, a.candidate_no, a.status, a.deadline_at, s.code, (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id AND x.value IS NOT NULL) AS answered, (SELECT max(x.saved_at) FROM answers x WHERE x.attempt_id = a.id) AS last_save FROM attempts a JOIN exam_sessions s ON s.id = a.session_id WHERE a.room = $1 AND s.starts_at::date = current_date ORDER BY a.candidate_no", who="exam_runner@exams")
                pglog(t + dt.timedelta(milliseconds=ms_ + 1), pg_pid[0], "DETAIL", f"parameters: $1 = '{room}'", who="exam_runner@exams")
            t += dt.timedelta(seconds=20 + rng.uniform(-0.3, 0.3))

    # --- examiners marking last week's exams, the exams office, an uptime probe
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1.6 / 60))
        if t >= END:
            break
        ex_ip = f"{rng.choice(['129.241', '158.38'])}.{rng.randint(1, 250)}.{rng.randint(1, 250)}"
        x = rng.random()
        ex = rng.choice(["BI1001-2026H", "HIST1100-2026H", "TMA4100-2026H", "EXPH0300-2026H"])
        if x < 0.55:
            route(t, ex_ip, "GET", f"/sensur/{ex}/candidates/{rng.randint(10001, 19999)}", 200, rng.randint(9000, 40000), rng.randint(30, 180))
        elif x < 0.85:
            route(t, ex_ip, "POST", f"/api/sensur/{ex}/scores", 204, 0, rng.randint(15, 60))
            qlog(t + dt.timedelta(milliseconds=30), "INFO", "no.nvu.exam.grading.ScoreResource", worker_thread(), f"score saved exam={ex} candidate={rng.randint(10001, 19999)} item={rng.randint(1, 12)} by examiner {rng.choice(['e.moe', 'k.vik', 'h.strand', 'r.aas', 'j.lind'])}")
        elif x < 0.95:
            route(t, ex_ip, "GET", f"/sensur/{ex}/candidates?page={rng.randint(0, 9)}", 200, rng.randint(20000, 60000), rng.randint(60, 400))
            if rng.random() < 0.3:
                qlog(t + dt.timedelta(milliseconds=40), "WARN", "org.hibernate.orm.query", worker_thread(), "HHH90003004: firstResult/maxResults specified with collection fetch; applying in memory")
        else:
            route(t, ex_ip, "GET", "/login", 302, 0, rng.randint(3, 9))
            if rng.random() < 0.35:
                qlog(t + dt.timedelta(milliseconds=20), "WARN", "io.quarkus.oidc.runtime.CodeAuthenticationMechanism", loop_thread(), "State cookie is present but no 'state' query parameter is provided")
    t = START + dt.timedelta(seconds=7)
    while t < END:
        route(t, "158.39.200.14", "GET", "/q/health/ready", 200, 86, rng.randint(2, 6))
        t += dt.timedelta(seconds=60)
    for _ in range(14):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        route(t, "10.70.4.31", "GET", f"/admin/exams/{rng.choice(['KJ1000-2026H', 'MA0001-2026H', 'HMS0001-2026H', 'TDT4100-2026H'])}", 200, rng.randint(12000, 30000), rng.randint(40, 200))

    # --- FS sync every hour at :05 (10:05 is the one with the late accommodation)
    for h in (11, 12, 13):
        t = utc(f"2026-12-15 {h:02d}:05:00") + dt.timedelta(milliseconds=rng.randint(100, 900))
        qlog(t, "INFO", FS, worker_thread(), "FS sync started: 3 exams today")
        qlog(t + dt.timedelta(seconds=2.7), "INFO", FS, worker_thread(), f"FS sync done: 381 registrations, 23 accommodations, 0 changed in {rng.randint(2500, 3400)} ms")

    # --- pod starts
    def pod_start(t, e):
        _, prefix, names, sha, qver = e
        for i, name in enumerate(names):
            tt = t - dt.timedelta(seconds=30 - 14 * i)
            th = "main"
            qlog(tt, "INFO", "io.quarkus.hibernate.orm.deployment", th, "Hibernate ORM: using PostgreSQLDialect, no schema generation")
            qlog(tt + dt.timedelta(milliseconds=420), "WARN", "io.quarkus.config", th, 'Unrecognized configuration key "quarkus.datasource.jdbc.max-lifetime-seconds" was provided; it will be ignored; verify that the dependency extension for this configuration is set or that you did not make a typo')
            qlog(tt + dt.timedelta(milliseconds=2900), "INFO", "io.quarkus", th, f"exam-runner 1.48.0 on JVM (powered by Quarkus {qver}) started in {rng.uniform(2.6, 3.4):.3f}s. Listening on: http://0.0.0.0:8080")
            qlog(tt + dt.timedelta(milliseconds=2901), "INFO", "io.quarkus", th, "Profile prod activated. ")
            qlog(tt + dt.timedelta(milliseconds=2902), "INFO", "io.quarkus", th, "Installed features: [agroal, cdi, hibernate-orm, hibernate-orm-panache, jdbc-postgresql, messaging, messaging-rabbitmq, micrometer, narayana-jta, oidc, rest, rest-jackson, scheduler, security, smallrye-context-propagation, smallrye-health, vertx, websockets-next]")
            qlog(tt + dt.timedelta(milliseconds=2950), "INFO", "no.nvu.exam.BuildInfo", th, f"build commit={sha[:10]} image={sha[:8]}")

    for e in epochs[1:]:
        pod_start(e[0], e)
    # grading-worker's own heartbeat
    t = START + dt.timedelta(seconds=31)
    while t < END:
        grade(t, "INFO", f"queue grading.attempts: {rng.choice([0, 0, 0, 1])} ready, 2 consumers, examiner tasks open: {rng.randint(3100, 3400)}")
        t += dt.timedelta(minutes=5)

    # postgres checkpoints and autovacuum
    t = START + dt.timedelta(seconds=44)
    while t < END:
        pglog(t, 61, "LOG", "checkpoint starting: time")
        w = rng.randint(800, 4200)
        pglog(t + dt.timedelta(seconds=rng.uniform(100, 150)), 61, "LOG", f"checkpoint complete: wrote {w} buffers ({w / 16384 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={rng.uniform(90, 140):.3f} s, sync=0.0{rng.randint(10, 99)} s, total={rng.uniform(100, 150):.3f} s; sync files={rng.randint(30, 90)}, longest=0.0{rng.randint(10, 40)} s, average=0.00{rng.randint(1, 9)} s; distance={rng.randint(9000, 40000)} kB, estimate={rng.randint(30000, 42000)} kB; lsn=4A/{hexid(rng, 8).upper()}, redo lsn=4A/{hexid(rng, 8).upper()}")
        t += dt.timedelta(minutes=5)
    for _ in range(9):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pglog(t, rng.randint(50000, 60000), "LOG", f"automatic vacuum of table \"exams.public.answers\": index scans: 1\n\tpages: 0 removed, {rng.randint(80000, 90000)} remain, {rng.randint(2000, 9000)} scanned\n\ttuples: {rng.randint(20000, 90000)} removed, {rng.randint(2900000, 3100000)} remain, 0 are dead but not yet removable")

    # --- GitLab jobs
    job = [2214300]

    def gl(t, text, stream="00O"):
        gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z {stream} {text}")

    def head(t, name, sha, pipeline):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        job[0] += rng.randint(30, 300)
        gl(t, "Running with gitlab-runner 17.6.0 (0b6d6c84)")
        gl(t + dt.timedelta(milliseconds=60), "  on nvu-okd-deploy-2 Gx7Qz2Lm, system ID: r_Yq1c7P0sWn2D")
        gl(t + dt.timedelta(seconds=1), 'Preparing the "kubernetes" executor')
        gl(t + dt.timedelta(seconds=5), f"Job {job[0]}: {name} (pipeline {pipeline}), triggered by {'Sigrun Jonsdottir' if t < START else 'Ingrid Solberg' if t < FIX - dt.timedelta(minutes=5) else 'Piotr Zielinski'}")
        gl(t + dt.timedelta(seconds=6), "Fetching changes with git depth set to 20...")
        gl(t + dt.timedelta(seconds=8), f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        return t + dt.timedelta(seconds=9)

    def deploy(t, sha, pipeline, rev, dur):
        t = head(t, "deploy:production", sha, pipeline)
        gl(t, f"$ helm upgrade --install exam-runner chart/exam-runner -n eksamen -f chart/exam-runner/values-production.yaml --set image.tag=$CI_COMMIT_SHORT_SHA --wait --timeout 10m")
        done = t + dt.timedelta(seconds=dur, microseconds=rng.randint(0, 999999))
        gl(done, 'Release "exam-runner" has been upgraded. Happy Helming!')
        gl(done + dt.timedelta(milliseconds=2), "NAME: exam-runner")
        gl(done + dt.timedelta(milliseconds=3), f"LAST DEPLOYED: {(t + dt.timedelta(seconds=1)).strftime('%a %b %e %H:%M:%S %Y')}")
        gl(done + dt.timedelta(milliseconds=4), "NAMESPACE: eksamen")
        gl(done + dt.timedelta(milliseconds=5), "STATUS: deployed")
        gl(done + dt.timedelta(milliseconds=6), f"REVISION: {rev}")
        gl(done + dt.timedelta(seconds=1), "Cleaning up project directory and file based variables")
        gl(done + dt.timedelta(seconds=2), "Job succeeded")

    deploy(DEPLOY_MON - dt.timedelta(seconds=60), shas["monday"], 77418, 86, 52)
    deploy(HOTFIX - dt.timedelta(seconds=62), shas["head"], 77502, 87, 55)
    t = head(ROLLBACK - dt.timedelta(seconds=64), "rollback:production", shas["head"], 77502)
    gl(t, '$ helm rollback exam-runner "$HELM_REVISION" -n eksamen --wait --timeout 10m')
    gl(t + dt.timedelta(seconds=53), "Rollback was a success! Happy Helming!")
    gl(t + dt.timedelta(seconds=54), "Cleaning up project directory and file based variables")
    gl(t + dt.timedelta(seconds=55), "Job succeeded")
    deploy(FIX - dt.timedelta(seconds=62), shas["fix"], 77519, 89, 54)
    # the build jobs before the Tuesday deploys (tests)
    for t0, sha, pl in [(HOTFIX - dt.timedelta(minutes=9), shas["head"], 77502), (FIX - dt.timedelta(minutes=8, seconds=30), shas["fix"], 77519)]:
        t = head(t0, "build", sha, pl)
        gl(t, "$ mvn -B package -DskipTests=false")
        gl(t + dt.timedelta(seconds=171), f"[INFO] Tests run: {212 if pl == 77502 else 211}, Failures: 0, Errors: 0, Skipped: 2")
        gl(t + dt.timedelta(seconds=190), "[INFO] BUILD SUCCESS")
        gl(t + dt.timedelta(seconds=191), "$ oc start-build exam-runner --from-dir=target/quarkus-app --wait")
        gl(t + dt.timedelta(seconds=262), f"build.build.openshift.io/exam-runner-{pl - 76900} started")
        gl(t + dt.timedelta(seconds=318), "Job succeeded")

    # --- Slack
    users = {"Ingrid Solberg": "U04QK7J2M1", "Piotr Zielinski": "U05B9XH3R2", "Magnus Eide": "U03LR8D6V4", "Sigrun Jonsdottir": "U06E1TN8K7",
             "Tove Hauge (eksamenskontoret)": "U02HD4S9W3", "Arne Lund (R-K23)": "U07KD2P5X8", "Bjorg Nes (IDB-A)": "U07KD2Q1Y9"}

    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "eksamen-drift", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    n_bulk = {code: len(ids) for s, kind, code, end, ids in sweep_log if kind == "bulk" and code != "HMS0001-2026H"}
    n_victims = len(stats["victims"])
    n_rk = len([c for c in stats["victims"] if c["room"] == "R-K23"])
    say("2026-12-15 09:41:20", "Bjorg Nes (IDB-A)", "dashboard for IDB-A keeps spinning and then 'Gateway Timeout'. IDB-B's is fine")
    say("2026-12-15 09:46:05", "Magnus Eide", "seen, it's the room status query for 190+ candidates (answers subqueries). Fix ready in an hour; can we deploy during the exam? no candidate-facing change")
    say("2026-12-15 09:52:40", "Tove Hauge (eksamenskontoret)", "ok from us if it's before 12:00 and not in the last 30 minutes")
    say("2026-12-15 10:43:10", "Bjorg Nes (IDB-A)", "wifi blip in IDB-A rows C-F, clients reconnected by themselves, nothing lost as far as we can see")
    say("2026-12-15 11:30:55", "Ingrid Solberg", "deploying the dashboard fix (EXM-431) with EXM-428 (refused saves get a log line) and the Quarkus 3.16.3 bump")
    say("2026-12-15 11:34:30", "Ingrid Solberg", "out, both pods up, sockets moved over")
    say("2026-12-15 11:36:10", "Bjorg Nes (IDB-A)", "dashboard loads in a second now, thanks")
    say("2026-12-15 12:04:25", "Arne Lund (R-K23)", f"R-K23: ALL candidates got 'Besvarelsen er levert' at 13:01 (local). They have extra time until 14:00! KJ1000 and MA0001, {n_rk} candidates. We cannot extend them, the button says the attempt is submitted")
    say("2026-12-15 12:05:10", "Bjorg Nes (IDB-A)", "IDB-A too: the candidate we gave 15 min after his laptop crash was kicked out at 13:01, and one whose extra time only came through this morning. IDB-B says the same for the one with the dead power socket")
    say("2026-12-15 12:06:00", "Tove Hauge (eksamenskontoret)", "@Ingrid Solberg urgent. Candidates are to stay seated, invigilators please note the time")
    say("2026-12-15 12:08:45", "Ingrid Solberg", "looking. The refused-save lines (new since 12:33 local) say AUTO_SUBMITTED with deadline 13:00Z for these. The hotfix touched the answer path, rolling it back to rule it out")
    say("2026-12-15 12:15:50", "Ingrid Solberg", "rolled back to Monday's release (helm rev 86). Attempts are still AUTO_SUBMITTED, closed by the sweeper at 12:01:03Z, so it's not the hotfix")
    say("2026-12-15 12:17:20", "Bjorg Nes (IDB-A)", "dashboard is back to Gateway Timeout in IDB-A")
    say("2026-12-15 12:18:05", "Ingrid Solberg", f"found it: the sweeper logged 'session KJ1000-2026H ended at 12:00:00Z: auto-submitted {n_bulk.get('KJ1000-2026H', 0)} open attempts' and the same for MA0001 ({n_bulk.get('MA0001-2026H', 0)}). Since Monday's release (EXM-412) it closes every open attempt of an ended session in one update and ignores the attempts' own deadlines: UTV60 and invigilator extensions")
    say("2026-12-15 12:19:30", "Tove Hauge (eksamenskontoret)", "decision: reopen everyone who was closed before their own deadline, with the time they had left plus 10 minutes. Invigilators: candidates reload the exam client when told")
    say("2026-12-15 12:21:40", "Piotr Zielinski", "my change, sorry, I tested with stragglers only. Reverting EXM-412 now, the 15:00 exams have UTV candidates too")
    say("2026-12-15 12:25:35", "Ingrid Solberg", f"reopened {n_victims} attempts (INC-8841): {n_rk} in R-K23, the rest extended by invigilators or accommodation added today. Answers were saved up to 13:01 local; unsynced ones come back from the clients")
    say("2026-12-15 12:29:10", "Arne Lund (R-K23)", "R-K23: candidates are back in and writing")
    say("2026-12-15 12:44:20", "Magnus Eide", "revert reviewed, pipeline running. It also brings the dashboard fix back")
    say("2026-12-15 12:51:30", "Piotr Zielinski", "revert is out (per-attempt deadlines again). The sweep gets slow on big sessions again, EXM-433 will batch it by deadline")
    say("2026-12-15 13:48:05", "Arne Lund (R-K23)", "last reopened candidate has submitted. R-K23 done")
    say("2026-12-15 13:55:40", "Tove Hauge (eksamenskontoret)", "thanks all. We write to the candidates affected and note it on the exam protocols")
    return [app, router, grading, pg, gitlab, slack], stats, sweep_log


def build(out_dir):
    rng = random.Random(45100)
    repo, shas = build_repo()
    try:
        logs, stats, sweep_log = build_logs(rng, shas)
        bulk = [s for s in sweep_log if s[1] == "bulk" and s[2] != "HMS0001-2026H"]
        hms = [s for s in sweep_log if s[1] == "bulk" and s[2] == "HMS0001-2026H"]
        assert len(bulk) == 2 and len(hms) == 1, [(s[0], s[2]) for s in sweep_log if s[1] == "bulk"]
        onset = bulk[0][0].replace(microsecond=0)
        assert utc("2026-12-15 12:01:00") <= onset <= utc("2026-12-15 12:01:10"), onset
        n_victims = len(stats["victims"])
        assert 20 <= n_victims <= 30, n_victims
        assert stats["refusal_victims"], "no refused saves from victims"

        # metrics
        cands_closed = stats["closed"]

        def refused_rate(t):
            ev = stats["refusals"]
            return sum(1 for x in ev if t - dt.timedelta(minutes=1) < x <= t)

        subs = sorted(stats["submitted"])

        def submitted_rate(t):
            return bisect.bisect_right(subs, t) - bisect.bisect_right(subs, t - dt.timedelta(minutes=1))

        st = sorted((t, ms_) for t, room, ms_ in stats["status_ms"] if room == "IDB-A")
        keys = [x[0] for x in st]

        def p95(t):
            lo = bisect.bisect_right(keys, t - dt.timedelta(minutes=2))
            hi = bisect.bisect_right(keys, t)
            vals = sorted(v for _, v in st[lo:hi])
            if not vals:
                return None
            return round(min(vals[int(len(vals) * 0.95) if len(vals) > 1 else 0], 10000) / 1000.0, 3)

        metrics = {
            "exam_runner_answer_saves_refused_per_min.json": query_range([({"job": "exam-runner", "namespace": "eksamen"}, refused_rate)], START, END, 60),
            "exam_runner_attempts_submitted_per_min.json": query_range([({"job": "exam-runner", "namespace": "eksamen", "submitted_by": "CANDIDATE"}, submitted_rate)], START, END, 60),
            "exam_runner_room_status_p95_seconds.json": query_range([({"job": "exam-runner", "namespace": "eksamen", "room": "IDB-A"}, p95)], START, END, 60),
        }
        hours = (onset - utc("2026-12-14 09:47:00")).total_seconds() / 3600
        n_kj = len(bulk[0][4]) if bulk[0][2] == "KJ1000-2026H" else len(bulk[1][4])
        n_ma = len(bulk[1][4]) if bulk[1][2] == "MA0001-2026H" else len(bulk[0][4])
        return write_scenario(
            out_dir, name="r45-extra-time-autosubmit", service=SERVICE, onset=onset,
            description=f"""
Nordvik University's exam platform submits candidates' exams an hour early
on Tuesday 15 December: at {onset.strftime('%H:%M:%S')} UTC (13:01 local), a minute after
KJ1000 and MA0001 end for most candidates, every candidate with extra
time (UTV60, in room R-K23) and those whose time an invigilator had
extended see "Besvarelsen er levert"; their last unsynced answers are
refused and invigilators cannot extend them ({n_victims} candidates). A hotfix
(the invigilators' dashboard, a logging change, a Quarkus bump) had gone
out at 11:33; rolling it back at 12:14 did not help. The exams office has
the attempts reopened at 12:23 and a fix goes out at 12:50.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            line_formats={
                "exam-runner.log": r"<Date> <Time> <Level>\s+\[<Logger>\] \(<Thread>\) <Content>",
            },
            root_cause=[
                r"ended at .*: auto-submitted .* open attempts",
                r"answer save refused: attempt .* is AUTO_SUBMITTED",
            ],
            fix_files=["src/main/java/no/nvu/exam/sweep/AttemptSweeper.java"],
            explanation=f"""
The culprit is EXM-412 ("sweeper: close a session's open attempts in one
update when it ends"), committed on Monday 14 December at 09:47 UTC and
released at 19:40 with the docs commit after it, {hours:.0f} hours before the
onset. It replaces the sweeper's per-attempt check of deadline_at (the
session's end plus the candidate's extra time plus invigilators'
extensions) with one UPDATE of every IN_PROGRESS attempt of a session
whose ends_at has passed. Harmless when nobody in a session has more time
(HMS0001 at 10:01: "session HMS0001-2026H ended at ...: auto-submitted 2
open attempts"), but at 12:01:03 it closes KJ1000's {n_kj} and MA0001's {n_ma} open
attempts, the stragglers and also every UTV60 candidate (one of them
added by FS at 10:05), and those extended by invigilators: "session
... ended at 2026-12-15T12:00:00Z: auto-submitted ... open attempts", then
"answer save refused: attempt ... is AUTO_SUBMITTED (deadline
2026-12-15T13:00:00Z, closed ... by SWEEPER)" for their final flushes and
"cannot extend attempt ...: status AUTO_SUBMITTED" for the invigilators.
The fix reverts EXM-412 in AttemptSweeper.java (and its test), keeping
EXM-426's interval; the attempts are reopened by hand at 12:23.
Decoys: the 11:33 hotfix {round((onset - HOTFIX).total_seconds() / 60)} minutes before the onset (its job names
the Quarkus 3.16.3 bump; EXM-431 rewrites the invigilators' room status
query, whose 504s had run all morning; EXM-428 adds the very "answer save
refused" warning, so those lines are new), rolled back at 12:14 without
effect (the warnings vanish, the dashboard's 504s return); EXM-426, a
harmless change to the culprit's file (the interval from config); EXM-419
(FS code UTVT60 mapped to extra time) and EXM-407 (hourly FS sync), which
touch accommodations; the runbook commit on reopening attempts; the
answer socket's batch resend (EXM-403); the Quarkus 3.16.2 bump; FS's
late accommodation at 10:05 ("deadline set to ..."); a Wi-Fi access point
restart in IDB-A at 10:42 (23 sockets drop at once); routine refused
saves after a candidate's own submit; examiners' Hibernate warnings and
OIDC state-cookie warnings.
""",
        )
    finally:
        repo.close()
