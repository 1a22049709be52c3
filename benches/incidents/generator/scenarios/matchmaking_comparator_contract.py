"""matchmaker (Java 21, Quarkus 3.15; six pods on GKE, tickets in Redis,
game servers allocated through Agones; released by a GitLab pipeline whose
manual `deploy:production` job sets the image to the pipeline's commit; team
in Kraków, Lisbon and Montréal): Ironvale Games' matchmaking for Shardfall,
a 5v5 online game. Every 10 s each pod sorts the tickets of the queue
partitions it owns (region x mode) and builds matches of ten from the
sorted list; a ranked partition is sorted by MMR so that neighbours in the
list are close in skill.

On Friday 11 December at 08:52 UTC a commit changes the ranked order: two
tickets within 100 MMR of each other count as the same skill and the longer
waiter goes first, otherwise by MMR. That comparator is not transitive (a~b
and b~c by wait time, a<c by MMR). Java's TimSort only checks the contract
when it merges runs, which it does for lists of 32 or more; below that it
uses a binary insertion sort that never complains. The 10:31 release ships
it (the pipeline's commit is a later docs commit; a Renovate Quarkus bump
rides along) and nothing happens all day: ranked queues hold 10-31 tickets.
At the European Friday evening peak the EU-West ranked queue passes 32 and
from 17:24 `ArrayList.sort` throws "Comparison method violates its general
contract!" on some ticks; a failed tick forms no match, the queue grows and
the next sort fails more surely, so within minutes EU-West ranked forms no
matches at all; EU-Central ranked follows eighteen minutes later. Casual
queues (ordered by wait time alone) are bigger and fine. Players cancel
after minutes in queue, the community channel fills up, the on-call reverts
the commit and the 17:58 deploy drains the backlog.

Decoys: a config change deployed at 16:35, 49 minutes before the onset, that
widens the ranked MMR search after 90 s instead of 120 s (same words: ranked,
MMR, spread; its rollout restarts every pod and its start lines name it);
the morning's commit that logs partition, queue size and duration of a
failed tick (the incident's lines) in the same QueueTick.java; the Renovate
Quarkus 3.15.1 -> 3.15.3 bump in the same release; a MatchBuilder refactor
and an allocator retry change earlier in the week; a queue-wait histogram
the evening before; docs; chores; the revert after. App (Quarkus console
format with Java stack traces, line format), edge gateway (Envoy JSON access
log), Agones fleet autoscaler (logrus JSON), GitLab job logs (runner
timestamps), #live-ops chat export (plain text)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "matchmaker"
NS = "matchmaking"
START, END = utc("2026-12-11 15:10:00"), utc("2026-12-11 18:30:00")
RELEASE = utc("2026-12-11 10:31:05")
CONFIG_DEPLOY = utc("2026-12-11 16:35:20")
REVERT_DEPLOY = utc("2026-12-11 17:58:40")
TICK_S = 10

PARTITIONS = ["euw-ranked-5v5", "euw-casual-5v5", "euc-ranked-5v5", "euc-casual-5v5", "nae-ranked-5v5", "nae-casual-5v5"]
PKG = "gg/ironvale/matchmaker"

TICKET_JAVA = """package gg.ironvale.matchmaker.queue;

/** A player's (or a party's) request for a match, as stored in Redis. */
public record Ticket(String id, String playerId, int mmr, int partySize, long enqueuedAtMillis) {

    public long waitMillis(long nowMillis) {
        return nowMillis - enqueuedAtMillis;
    }
}
"""

PRIORITY_JAVA = """package gg.ironvale.matchmaker.queue;

import java.util.Comparator;

/** Order in which a partition's tickets are considered for a match. */
public final class TicketPriority {

    private TicketPriority() {
    }

    /** Ranked: by MMR, then the longer waiter first, so that neighbours in the
     *  sorted list are close in skill and MatchBuilder can take windows of ten. */
    public static final Comparator<Ticket> RANKED =
            Comparator.comparingInt(Ticket::mmr).thenComparingLong(Ticket::enqueuedAtMillis);

    /** Casual: first come, first served. */
    public static final Comparator<Ticket> CASUAL = Comparator.comparingLong(Ticket::enqueuedAtMillis);

    public static Comparator<Ticket> forMode(String mode) {
        return "ranked".equals(mode) ? RANKED : CASUAL;
    }
}
"""

PRIORITY_TEST = """package gg.ironvale.matchmaker.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicketPriorityTest {

    @Test
    void rankedSortsByMmr() {
        List<Ticket> q = new ArrayList<>(List.of(
                new Ticket("t1", "p1", 1900, 1, 3_000),
                new Ticket("t2", "p2", 1200, 1, 1_000),
                new Ticket("t3", "p3", 1500, 1, 2_000)));
        q.sort(TicketPriority.RANKED);
        assertEquals(List.of("t2", "t3", "t1"), q.stream().map(Ticket::id).toList());
    }
}
"""

QUEUE_TICK_JAVA = """package gg.ironvale.matchmaker.queue;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

import gg.ironvale.matchmaker.allocator.AllocatorClient;

/** Every tick: for each partition this pod owns, sort its tickets and build matches. */
@ApplicationScoped
public class QueueTick {

    private static final Logger LOG = Logger.getLogger(QueueTick.class);

    @Inject
    PartitionLeases leases;

    @Inject
    TicketStore store;

    @Inject
    AllocatorClient allocator;

    @Inject
    MatchRules rules;

    @Scheduled(every = "${matchmaker.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        for (Partition p : leases.owned()) {
            tickOne(p);
        }
    }

    void tickOne(Partition p) {
        List<Ticket> tickets = new ArrayList<>(store.waiting(p));
        tickets.sort(TicketPriority.forMode(p.mode()));
        for (Match m : MatchBuilder.build(tickets, rules.forPartition(p), System.currentTimeMillis())) {
            allocator.allocate(p, m);
            store.remove(p, m.tickets());
        }
    }
}
"""

MATCH_BUILDER_JAVA = """package gg.ironvale.matchmaker.queue;

import java.util.ArrayList;
import java.util.List;

public final class MatchBuilder {

    private MatchBuilder() {
    }

    /** Takes the sorted tickets and cuts matches of rules.size() whose MMR spread the
     *  rules allow for the longest waiter in the window. */
    public static List<Match> build(List<Ticket> sorted, MatchRules.Rules rules, long now) {
        List<Match> out = new ArrayList<>();
        int i = 0;
        while (i + rules.size() <= sorted.size()) {
            List<Ticket> window = sorted.subList(i, i + rules.size());
            int spread = window.get(window.size() - 1).mmr() - window.get(0).mmr();
            long longest = window.stream().mapToLong(t -> t.waitMillis(now)).max().orElse(0);
            if (spread <= rules.allowedSpread(longest)) {
                out.add(new Match(List.copyOf(window)));
                i += rules.size();
            } else {
                i++;
            }
        }
        return out;
    }
}
"""

ALLOCATOR_JAVA = """package gg.ironvale.matchmaker.allocator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import gg.ironvale.matchmaker.queue.Match;
import gg.ironvale.matchmaker.queue.Partition;

/** Asks the Agones allocator for a Ready game server in the partition's fleet. */
@ApplicationScoped
public class AllocatorClient {

    @ConfigProperty(name = "matchmaker.allocator.url")
    String url;

    @ConfigProperty(name = "matchmaker.allocator.timeout")
    java.time.Duration timeout;

    public void allocate(Partition p, Match m) {
        GameServerAllocation req = GameServerAllocation.forFleet("shardfall-" + p.region(), m);
        send(req);
    }

    void send(GameServerAllocation req) {
        // POST {url}/gameserverallocation with mTLS; see AgonesHttp
        AgonesHttp.post(url, req, timeout);
    }
}
"""

PROPERTIES = """quarkus.application.name=matchmaker
quarkus.http.port=8080
quarkus.redis.hosts=redis://matchmaker-redis.matchmaking.svc:6379
quarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n

matchmaker.tick-interval=10s
matchmaker.match-size=10
matchmaker.partitions=euw-ranked-5v5,euw-casual-5v5,euc-ranked-5v5,euc-casual-5v5,nae-ranked-5v5,nae-casual-5v5

# Ranked: allowed MMR spread of a match, widened for long waiters.
matchmaker.ranked.initial-spread=150
matchmaker.ranked.widen-after=120s
matchmaker.ranked.widen-step=50
matchmaker.ranked.max-spread=600

matchmaker.allocator.url=https://agones-allocator.agones-system.svc:443
matchmaker.allocator.timeout=2s
"""

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>gg.ironvale</groupId>
  <artifactId>matchmaker</artifactId>
  <version>1.0.0-SNAPSHOT</version>
  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <quarkus.platform.version>{quarkus}</quarkus.platform.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.quarkus.platform</groupId>
        <artifactId>quarkus-bom</artifactId>
        <version>${{quarkus.platform.version}}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest-jackson</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-redis-client</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-scheduler</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-micrometer-registry-prometheus</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-junit5</artifactId><scope>test</scope></dependency>
  </dependencies>
</project>
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: matchmaker
  namespace: matchmaking
spec:
  replicas: 6
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app: matchmaker}
  template:
    metadata:
      labels: {app: matchmaker}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: matchmaker
          image: europe-docker.pkg.dev/ironvale-prod/backend/matchmaker:IMAGE_TAG
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: "1", memory: 1Gi}
            limits: {memory: 1Gi}
          readinessProbe:
            httpGet: {path: /q/health/ready, port: 8080}
"""

GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: maven:3.9-eclipse-temurin-21
  script: [mvn -B verify]

image:
  stage: build
  image: gcr.io/kaniko-project/executor:v1.23.2-debug
  script:
    - /kaniko/executor --context . --dockerfile src/main/docker/Dockerfile.jvm --destination europe-docker.pkg.dev/ironvale-prod/backend/matchmaker:$CI_COMMIT_SHA

deploy:production:
  stage: deploy
  when: manual
  only: [main]
  image: google/cloud-sdk:slim
  script:
    - sed "s/IMAGE_TAG/$CI_COMMIT_SHA/" k8s/deployment.yaml | kubectl apply -f -
    - kubectl -n matchmaking rollout status deployment/matchmaker --timeout=10m
"""

MATCHMAKING_DOC = """# How matchmaking works

Tickets wait in Redis per partition (region x mode). Each pod leases some
partitions; every `matchmaker.tick-interval` it sorts a partition's tickets
and `MatchBuilder` cuts windows of ten whose MMR spread is allowed.

Ranked widens the allowed spread for long waiters: `initial-spread`, plus
`widen-step` every `widen-after`, up to `max-spread`.
"""


def repo_files():
    java = f"src/main/java/{PKG}"
    return {
        "pom.xml": POM.format(quarkus="3.15.1"),
        f"{java}/queue/Ticket.java": TICKET_JAVA,
        f"{java}/queue/TicketPriority.java": PRIORITY_JAVA,
        f"{java}/queue/QueueTick.java": QUEUE_TICK_JAVA,
        f"{java}/queue/MatchBuilder.java": MATCH_BUILDER_JAVA.replace(" whose MMR spread the\n     *  rules allow for the longest waiter in the window.", " whose MMR spread the\n     *  rules allow for the first ticket's wait.").replace("            long longest = window.stream().mapToLong(t -> t.waitMillis(now)).max().orElse(0);\n", "            long longest = window.get(0).waitMillis(now);\n"),
        f"{java}/allocator/AllocatorClient.java": ALLOCATOR_JAVA,
        f"src/test/java/{PKG}/queue/TicketPriorityTest.java": PRIORITY_TEST,
        "src/main/resources/application.properties": PROPERTIES,
        "src/main/docker/Dockerfile.jvm": "FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.20\nCOPY --chown=185 target/quarkus-app/lib/ /deployments/lib/\nCOPY --chown=185 target/quarkus-app/*.jar /deployments/\nCOPY --chown=185 target/quarkus-app/app/ /deployments/app/\nCOPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/\nENV JAVA_APP_JAR=/deployments/quarkus-run.jar\n",
        "k8s/deployment.yaml": DEPLOYMENT,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/matchmaking.md": MATCHMAKING_DOC,
        "README.md": readme(SERVICE, "Shardfall's matchmaking: queues tickets per region and mode, builds 5v5 matches and allocates game servers through Agones.", "mvn quarkus:dev\nmvn verify"),
    }


def build_repo():
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@ironvale.gg", 60)
    ana = Person("Ana Ribeiro", "ana.ribeiro@ironvale.gg", 0)
    emilie = Person("Émilie Gagnon", "emilie.gagnon@ironvale.gg", -300)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    java = f"src/main/java/{PKG}"
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("MatchesFormedLow", "Matches formed per minute in a partition fell by more than half against last week: check `tick failed` lines and the partition's queue size."),
        ("QueueWaitHigh", "p95 queue wait over 120 s: is the fleet out of Ready servers (Agones), or are ticks failing?"),
    ])
    repo.commit(utc("2026-12-07 08:40:00"), tomasz, "matchmaker: import from the backend monorepo", files)
    repo.schedule(chores(random.Random(18101), SERVICE, [tomasz, ana, emilie], utc("2026-12-07 08:40:00"), utc("2026-12-10 15:00:00"), 4))
    repo.commit(utc("2026-12-08 14:31:00"), ana, "queue: MatchBuilder takes the window's longest waiter for the allowed spread\n\nNo behaviour change for windows of equal waits; a party that waited\nlong no longer needs every member of the window to have waited as long.", {
        f"{java}/queue/MatchBuilder.java": MATCH_BUILDER_JAVA,
    })
    repo.commit(utc("2026-12-09 16:05:00"), emilie, "allocator: retry an allocation once when Agones answers 429", {
        f"{java}/allocator/AllocatorClient.java": repo.edit(f"{java}/allocator/AllocatorClient.java", "        send(req);\n",
                                                           "        try {\n            send(req);\n        } catch (AgonesHttp.TooManyRequests e) {\n            // the allocator sheds load for a moment while the fleet scales up\n            send(req);\n        }\n"),
    })
    tick_metrics = repo.edit(f"{java}/queue/QueueTick.java", "    @Inject\n    MatchRules rules;\n",
                             "    @Inject\n    MatchRules rules;\n\n    @Inject\n    QueueMetrics metrics;\n")
    tick_metrics = tick_metrics.replace("            allocator.allocate(p, m);\n",
                                        "            allocator.allocate(p, m);\n            metrics.recordWaits(p, m, System.currentTimeMillis());\n")
    repo.commit(utc("2026-12-10 16:42:00"), emilie, "metrics: queue_wait_seconds histogram per partition", {
        f"{java}/queue/QueueTick.java": tick_metrics,
        f"{java}/queue/QueueMetrics.java": "package gg.ironvale.matchmaker.queue;\n\nimport io.micrometer.core.instrument.MeterRegistry;\nimport jakarta.enterprise.context.ApplicationScoped;\nimport jakarta.inject.Inject;\n\n@ApplicationScoped\npublic class QueueMetrics {\n\n    @Inject\n    MeterRegistry registry;\n\n    void recordWaits(Partition p, Match m, long now) {\n        for (Ticket t : m.tickets()) {\n            registry.timer(\"queue_wait_seconds\", \"partition\", p.id()).record(java.time.Duration.ofMillis(t.waitMillis(now)));\n        }\n    }\n}\n",
    })
    repo.commit(utc("2026-12-11 06:12:00"), bot, "fix(deps): update quarkus platform to v3.15.3 [security]", {
        "pom.xml": POM.format(quarkus="3.15.3"),
    })
    priority = repo.edit(f"{java}/queue/TicketPriority.java",
                         "    /** Ranked: by MMR, then the longer waiter first, so that neighbours in the\n     *  sorted list are close in skill and MatchBuilder can take windows of ten. */\n    public static final Comparator<Ticket> RANKED =\n            Comparator.comparingInt(Ticket::mmr).thenComparingLong(Ticket::enqueuedAtMillis);\n",
                         "    /** Two tickets within this many MMR points count as the same skill. */\n    static final int MMR_BAND = 100;\n\n"
                         "    /** Ranked: within an MMR band the longer waiter goes first, so that people who\n     *  waited long are not overtaken by newcomers of nearly the same skill;\n     *  otherwise by MMR, so that neighbours in the sorted list are close in skill. */\n"
                         "    public static final Comparator<Ticket> RANKED = (a, b) -> {\n"
                         "        if (Math.abs(a.mmr() - b.mmr()) <= MMR_BAND) {\n"
                         "            return Long.compare(a.enqueuedAtMillis(), b.enqueuedAtMillis());\n"
                         "        }\n"
                         "        return Integer.compare(a.mmr(), b.mmr());\n"
                         "    };\n")
    test = PRIORITY_TEST.replace("    }\n}\n", "    }\n\n    @Test\n    void longerWaiterFirstWithinTheBand() {\n        List<Ticket> q = new ArrayList<>(List.of(\n                new Ticket(\"t1\", \"p1\", 1530, 1, 9_000),\n                new Ticket(\"t2\", \"p2\", 1480, 1, 1_000),\n                new Ticket(\"t3\", \"p3\", 2100, 1, 2_000),\n                new Ticket(\"t4\", \"p4\", 1190, 1, 5_000)));\n        q.sort(TicketPriority.RANKED);\n        assertEquals(List.of(\"t4\", \"t2\", \"t1\", \"t3\"), q.stream().map(Ticket::id).toList());\n    }\n}\n")
    culprit = repo.commit(utc("2026-12-11 08:52:00"), tomasz, "queue: ranked - longer waiter first within an MMR band\n\nPlayers at 1480 who queued two minutes ago were overtaken by a 1481\nwho queued just now and got the next match. Within 100 MMR the wait\nnow decides; outside it, MMR as before.", {
        f"{java}/queue/TicketPriority.java": priority,
        f"src/test/java/{PKG}/queue/TicketPriorityTest.java": test,
    })
    tick = repo.edit(f"{java}/queue/QueueTick.java", "        for (Partition p : leases.owned()) {\n            tickOne(p);\n        }\n",
                     "        for (Partition p : leases.owned()) {\n            long start = System.nanoTime();\n            try {\n                tickOne(p);\n            } catch (RuntimeException e) {\n"
                     "                // one bad partition must not stop the others this pod owns\n"
                     "                LOG.errorf(e, \"tick failed partition=%s size=%d took_ms=%d\", p.id(), store.size(p), (System.nanoTime() - start) / 1_000_000);\n"
                     "                metrics.tickFailed(p);\n            }\n        }\n")
    repo.commit(utc("2026-12-11 09:31:00"), ana, "tick: log partition, queue size and duration when a tick fails\n\nA failing partition used to abort the whole tick for the pod with a\nbare scheduler error; now each partition is tried on its own.", {
        f"{java}/queue/QueueTick.java": tick,
        f"{java}/queue/QueueMetrics.java": repo.edit(f"{java}/queue/QueueMetrics.java", "    void recordWaits", "    void tickFailed(Partition p) {\n        registry.counter(\"matchmaker_tick_failures_total\", \"partition\", p.id()).increment();\n    }\n\n    void recordWaits"),
    })
    docs = repo.commit(utc("2026-12-11 10:06:00"), tomasz, "docs: how ranked tickets are ordered", {
        "docs/matchmaking.md": MATCHMAKING_DOC + "\n## Order of a ranked queue\n\nBy MMR; two tickets within 100 MMR of each other are the same skill and\nthe longer waiter goes first (`TicketPriority.RANKED`). Casual is first\ncome, first served.\n",
    })
    config = repo.commit(utc("2026-12-11 16:28:00"), emilie, "config: ranked widens the MMR spread after 90 s (was 120 s)\n\nFriday evening EUW ranked waits were 70-90 s at p95 last week; widen a\nlittle earlier so the tail gets matched before the 5-minute cancel.", {
        "src/main/resources/application.properties": repo.edit("src/main/resources/application.properties", "matchmaker.ranked.widen-after=120s\n", "matchmaker.ranked.widen-after=90s\n"),
    })
    revert = repo.commit(utc("2026-12-11 17:49:00"), tomasz, f"Revert \"queue: ranked - longer waiter first within an MMR band\"\n\nThis reverts commit {culprit}.\n\nThe comparator is not transitive: TimSort throws \"Comparison method\nviolates its general contract!\" once a ranked queue holds 32 tickets\nor more. EUW ranked stopped forming matches from 17:25, EUC from\n17:42.", {
        f"{java}/queue/TicketPriority.java": PRIORITY_JAVA,
        f"src/test/java/{PKG}/queue/TicketPriorityTest.java": PRIORITY_TEST,
    })
    return repo, culprit, docs, config, revert


# ---------------------------------------------------------------------------
# logs


def quarkus(t, level, logger, thread, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level:<5} [{logger}] ({thread}) {msg}"


def stack(rng, n):
    merge = rng.choice([("mergeHi", 903), ("mergeLo", 781)])
    collapse = ("mergeForceCollapse", 461) if n < 64 else rng.choice([("mergeCollapse", 448), ("mergeForceCollapse", 461)])
    frames = [
        f"java.base/java.util.TimSort.{merge[0]}(TimSort.java:{merge[1]})",
        "java.base/java.util.TimSort.mergeAt(TimSort.java:520)",
        f"java.base/java.util.TimSort.{collapse[0]}(TimSort.java:{collapse[1]})",
        "java.base/java.util.TimSort.sort(TimSort.java:254)",
        "java.base/java.util.Arrays.sort(Arrays.java:1307)",
        "java.base/java.util.ArrayList.sort(ArrayList.java:1721)",
        "gg.ironvale.matchmaker.queue.QueueTick.tickOne(QueueTick.java:49)",
        "gg.ironvale.matchmaker.queue.QueueTick.run(QueueTick.java:38)",
        "gg.ironvale.matchmaker.queue.QueueTick_ClientProxy.run(Unknown Source)",
        "io.quarkus.scheduler.common.runtime.DefaultInvoker.invokeBean(DefaultInvoker.java:24)",
    ]
    return "\n".join("\tat " + f for f in frames)


def pod_names(rng, n=6):
    chars = "bcdfghjklmnpqrstvwxz2456789"
    rs = "".join(rng.choice(chars) for _ in range(10))
    return [f"matchmaker-{rs}-{''.join(rng.choice(chars) for _ in range(5))}" for _ in range(n)]


CURVES = {
    # (hours after 15:00 UTC, tickets a healthy partition's sort sees)
    "euw-ranked-5v5": [(0, 15), (1, 19), (2, 24), (2.5, 27.5), (3, 30.5), (3.5, 32), (4, 33)],
    "euc-ranked-5v5": [(0, 11), (1, 15), (2, 21), (2.5, 25.5), (3, 29.5), (3.5, 31), (4, 32)],
    "nae-ranked-5v5": [(0, 8), (2, 10), (4, 12)],
    "euw-casual-5v5": [(0, 34), (2, 52), (4, 70)],
    "euc-casual-5v5": [(0, 27), (2, 41), (4, 55)],
    "nae-casual-5v5": [(0, 19), (2, 23), (4, 27)],
}


def equilibrium(name, t):
    """The ticket count a healthy partition's sort sees at time t."""
    h = (t - utc("2026-12-11 15:00:00")).total_seconds() / 3600
    points = CURVES[name]
    for (h0, v0), (h1, v1) in zip(points, points[1:]):
        if h <= h1:
            return v0 + (v1 - v0) * max(0.0, h - h0) / (h1 - h0)
    return points[-1][1]


def arrivals_per_tick(name, t):
    return equilibrium(name, t) * (0.34 if "ranked" in name else 0.42)


def simulate(rng, fixed_from):
    """Per partition, per tick: (time, size at sort, failed, matches formed)."""
    out = {p: [] for p in PARTITIONS}
    for p in PARTITIONS:
        sim = random.Random(f"{p}-18100")
        size = equilibrium(p, START)
        t = START + dt.timedelta(seconds=sim.uniform(0, TICK_S))
        healthy = True
        while t < END:
            eq = equilibrium(p, t)
            if healthy:
                size = max(4, round(eq + sim.uniform(-4.5, 5.5)))
            buggy = "ranked" in p and RELEASE <= t < fixed_from(p)
            failed = buggy and size >= 32 and sim.random() < 1 - math.exp(-(size - 31) / 5.5)
            if failed:
                out[p].append((t, size, True, 0))
                arrivals = sim.gauss(arrivals_per_tick(p, t), 1.5)
                cancels = size * 0.028
                size = max(size, round(size + arrivals - cancels))
                healthy = False
            else:
                if healthy:
                    matches = max(0, round(arrivals_per_tick(p, t) / 10 + sim.gauss(0, 0.55)))
                else:
                    matches = max(1, round((size - eq) / 10))
                out[p].append((t, size, False, matches))
                healthy = True
            t += dt.timedelta(seconds=TICK_S, milliseconds=sim.randint(-40, 40))
    return out


def build_logs(rng, docs, config, revert):
    app = Log("matchmaker.log")
    gateway = Log("edge-gateway.log")
    fleet = Log("agones-fleet-autoscaler.log")
    gitlab = Log("gitlab-deploy.log")
    chat = Log("live-ops-channel.log")

    def fixed_from(p):
        return REVERT_DEPLOY + dt.timedelta(seconds={"euw-ranked-5v5": 48, "euc-ranked-5v5": 75}.get(p, 0))

    ticks = simulate(rng, fixed_from)

    # pods and partition ownership: three generations (release, config deploy, revert deploy)
    generations = [(START - dt.timedelta(hours=5), pod_names(rng)), (CONFIG_DEPLOY + dt.timedelta(seconds=40), pod_names(rng)), (REVERT_DEPLOY + dt.timedelta(seconds=40), pod_names(rng))]

    def owner(p, t):
        pods = generations[0][1]
        for start, gen in generations:
            if t >= start + dt.timedelta(seconds=60):
                pods = gen
        return pods[PARTITIONS.index(p) % len(pods)]

    def thread(rng_):
        return f"executor-thread-{rng_.randint(1, 4)}"

    for gi, (start, pods) in enumerate(generations[1:], start=1):
        sha = config if gi == 1 else revert
        for i, pod in enumerate(pods):
            t = start + dt.timedelta(seconds=14 * i, milliseconds=rng.randint(0, 900))
            app.add(t, quarkus(t, "INFO", "io.quarkus", "main", f"matchmaker 1.0.0-SNAPSHOT on JVM (powered by Quarkus 3.15.3) started in {rng.uniform(1.6, 2.6):.3f}s. Listening on: http://0.0.0.0:8080"))
            app.add(t, quarkus(t, "INFO", "io.quarkus", "main", "Profile prod activated."))
            app.add(t, quarkus(t, "INFO", "io.quarkus", "main", "Installed features: [cdi, micrometer, redis-client, rest, rest-jackson, scheduler, smallrye-context-propagation, smallrye-health, vertx]"))
            t2 = t + dt.timedelta(milliseconds=rng.randint(20, 90))
            app.add(t2, quarkus(t2, "INFO", "gg.iro.mat.Startup", "main", f"matchmaker build {sha[:8]} pod={pod} tick-interval=10s ranked.widen-after=90s"))
        # old pods hand over their leases on SIGTERM
        old = generations[gi - 1][1]
        for i, pod in enumerate(old):
            t = start + dt.timedelta(seconds=14 * i + 12, milliseconds=rng.randint(0, 900))
            owned = [p for p in PARTITIONS if PARTITIONS.index(p) % len(old) == i]
            app.add(t, quarkus(t, "INFO", "gg.iro.mat.que.PartitionLeases", "Shutdown thread", f"released partition leases {owned} pod={pod}"))
            app.add(t, quarkus(t, "INFO", "io.quarkus", "Shutdown thread", "matchmaker stopped in 0.212s"))
        for i, pod in enumerate(pods):
            owned = [p for p in PARTITIONS if PARTITIONS.index(p) % len(pods) == i]
            if owned:
                t = start + dt.timedelta(seconds=14 * i + 13, milliseconds=rng.randint(0, 900))
                app.add(t, quarkus(t, "INFO", "gg.iro.mat.que.PartitionLeases", thread(rng), f"acquired partition leases {owned} pod={pod}"))

    errors = []
    matches_by_min = {p: {} for p in PARTITIONS}
    fails_by_min = {p: {} for p in PARTITIONS}
    size_by_min = {p: {} for p in PARTITIONS}
    for p, rows in ticks.items():
        per_min = {}
        for t, size, failed, matches in rows:
            minute = t.replace(second=0, microsecond=0)
            per_min.setdefault(minute, []).append((t, size, failed, matches))
            matches_by_min[p][minute] = matches_by_min[p].get(minute, 0) + matches
            fails_by_min[p][minute] = fails_by_min[p].get(minute, 0) + (1 if failed else 0)
            size_by_min[p][minute] = size
            if failed:
                took = rng.randint(1, 4)
                e = t + dt.timedelta(milliseconds=took + rng.randint(0, 3))
                errors.append(e)
                app.add(e, quarkus(e, "ERROR", "gg.iro.mat.que.QueueTick", thread(rng),
                                   f"tick failed partition={p} size={size} took_ms={took}: java.lang.IllegalArgumentException: Comparison method violates its general contract!\n{stack(rng, size)}"))
        last_ok = START
        for minute, rows_m in sorted(per_min.items()):
            t = minute + dt.timedelta(seconds=59, milliseconds=rng.randint(100, 900))
            if t >= END:
                continue
            n_fail = sum(1 for r in rows_m if r[2])
            n_match = sum(r[3] for r in rows_m)
            size = rows_m[-1][1]
            for r in rows_m:
                if not r[2]:
                    last_ok = r[0]
            healthy_wait = (45 if "ranked" in p else 30) * (1.0 + 0.3 * rng.random())
            wait = int(min(300, healthy_wait + (t - last_ok).total_seconds()) if n_fail else healthy_wait)
            level = "INFO" if n_fail == 0 else "WARN"
            app.add(t, quarkus(t, level, "gg.iro.mat.que.QueueStats", thread(rng),
                               f"partition={p} ticks={len(rows_m)} failed={n_fail} matches={n_match} queue={size} oldest_wait_s={wait} pod={owner(p, t)}"))

    # allocator and Redis background
    def alloc_warn(t):
        p = rng.choice(PARTITIONS)
        return quarkus(t, "WARN", "gg.iro.mat.all.AllocatorClient", thread(rng), f"allocation for {p} got 429 from agones-allocator, retrying once (fleet shardfall-{p[:3]} scaling up)")
    emit(rng, app, START, END, 0.07, [
        (3, alloc_warn),
        (1, lambda t: quarkus(t, "WARN", "io.qua.red.run.cli.ObservableRedis", "vert.x-eventloop-thread-1", "Redis connection to matchmaker-redis.matchmaking.svc:6379 closed by peer, reconnecting")),
        (1, lambda t: quarkus(t, "INFO", "gg.iro.mat.par.PartyService", thread(rng), f"party {hexid(rng, 10)} disbanded while queued; removed {rng.randint(2, 5)} tickets")),
    ])

    # edge gateway (Envoy JSON access log, sampled 1%)
    agents = ["Shardfall/4.2.1 (Windows; Steam)", "Shardfall/4.2.1 (Windows; Epic)", "Shardfall/4.2.1 (PS5)", "Shardfall/4.2.1 (XboxSeries)"]

    def envoy_json(t, method, path, code, duration, flags="-"):
        body = {"start_time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "method": method, "path": path, "protocol": "HTTP/2",
                "response_code": code, "response_flags": flags, "bytes_received": 0 if method != "POST" else rng.randint(180, 320), "bytes_sent": rng.randint(60, 420),
                "duration": duration, "upstream_host": f"10.84.{rng.randint(0, 7)}.{rng.randint(2, 250)}:8080", "x_forwarded_for": f"{rng.randint(2, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                "user_agent": rng.choice(agents), "request_id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "authority": "mm.shardfall.ironvale.gg"}
        return json.dumps(body, separators=(",", ":"))

    def eu_stuck(t):
        return any(fails_by_min[p].get(t.replace(second=0, microsecond=0), 0) for p in ("euw-ranked-5v5", "euc-ranked-5v5"))

    for t in poisson_times(rng, START, END, 5):
        stuck = eu_stuck(t)
        r = rng.random()
        tid = hexid(rng, 12)
        if r < 0.3:
            gateway.add(t, envoy_json(t, "POST", "/v1/tickets", 201, ms(rng, 14)))
        elif r < 0.85:
            gateway.add(t, envoy_json(t, "GET", f"/v1/tickets/{tid}", 200, ms(rng, 6)))
        elif r < (0.99 if stuck else 0.93):
            gateway.add(t, envoy_json(t, "DELETE", f"/v1/tickets/{tid}", 204, ms(rng, 9)))
        else:
            gateway.add(t, envoy_json(t, "GET", f"/v1/tickets/{tid}", 404, ms(rng, 5)))
    # extra cancels while EU ranked is stuck
    for t in poisson_times(rng, START, END, 5):
        if eu_stuck(t):
            gateway.add(t, envoy_json(t, "DELETE", f"/v1/tickets/{hexid(rng, 12)}", 204, ms(rng, 9)))

    # Agones fleet autoscaler: buffer policy per EU fleet, each minute
    for fleet_name, parts in (("shardfall-euw", ("euw-ranked-5v5", "euw-casual-5v5")), ("shardfall-euc", ("euc-ranked-5v5", "euc-casual-5v5"))):
        allocated = 180 if fleet_name.endswith("euw") else 130
        tick = START + dt.timedelta(seconds=rng.randint(0, 50))
        while tick < END:
            minute = tick.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
            started = sum(matches_by_min[p].get(minute, 0) for p in parts)
            allocated = max(40, int(allocated + started - allocated / 24))
            replicas = allocated + 60
            msg = "Fleet autoscaler buffer satisfied" if rng.random() < 0.7 else "Fleet autoscaler scaled fleet"
            fleet.add(tick, json.dumps({"fleetName": fleet_name, "fleetAutoscaler": f"{fleet_name}-buffer", "allocated": allocated, "ready": 60 + rng.randint(-4, 4),
                                        "desiredReplicas": replicas, "message": msg, "severity": "info", "source": "*fleetautoscalers.Controller",
                                        "time": tick.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tick.microsecond // 1000:03d}Z"}, separators=(",", ":")))
            tick += dt.timedelta(seconds=60, milliseconds=rng.randint(-200, 200))

    # GitLab deploy jobs
    def job(when, sha, title, pipeline, job_id, who, pods):
        lines = [
            (-40, "Running with gitlab-runner 17.5.2 (c6d3f5a1)"),
            (-40, "  on gke-runner-prod-2 xY9kPq2s, system ID: r_Hk2pW8qTz4Lm"),
            (-38, "Preparing the \"kubernetes\" executor"),
            (-31, "Getting source from Git repository"),
            (-30, f"Fetching changes with git depth set to 20..."),
            (-29, f"Checking out {sha[:8]} as detached HEAD (ref is main)..."),
            (-27, "Executing \"step_script\" stage of the job script"),
            (-26, "$ echo \"deploying $CI_COMMIT_SHA ($CI_COMMIT_TITLE), job $CI_JOB_ID of pipeline $CI_PIPELINE_ID, by $GITLAB_USER_NAME\""),
            (-26, f"deploying {sha} ({title}), job {job_id} of pipeline {pipeline}, by {who}"),
            (-25, "$ sed \"s/IMAGE_TAG/$CI_COMMIT_SHA/\" k8s/deployment.yaml | kubectl apply -f -"),
            (-24, "deployment.apps/matchmaker configured"),
            (-24, "$ kubectl -n matchmaking rollout status deployment/matchmaker --timeout=10m"),
        ]
        for i in range(1, 7):
            lines.append((14 * i + 10, f"Waiting for deployment \"matchmaker\" rollout to finish: {i} of 6 updated replicas are available..."))
        lines += [(96, "deployment \"matchmaker\" successfully rolled out"), (97, "Cleaning up project directory and file based variables"), (98, "Job succeeded")]
        for i, (off, text) in enumerate(lines):
            t = when + dt.timedelta(seconds=off, milliseconds=3 * i, microseconds=rng.randint(0, 2999))
            gitlab.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z 00O {text}")

    job(RELEASE, docs, "docs: how ranked tickets are ordered", 88412, 2291704, "Tomasz Nowak", None)
    job(CONFIG_DEPLOY, config, "config: ranked widens the MMR spread after 90 s (was 120 s)", 88467, 2293318, "Émilie Gagnon", None)
    job(REVERT_DEPLOY, revert, "Revert \"queue: ranked - longer waiter first within an MMR band\"", 88503, 2294907, "Tomasz Nowak", None)

    # #live-ops chat (community and on-call)
    first_err = min(errors)

    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #live-ops {who}: {text}")

    say(utc("2026-12-11 15:32:10"), "Kasia Wrona (community)", "Friday reminder: double XP weekend starts tomorrow 10:00 UTC, not tonight. Banner goes live at 09:45.")
    say(utc("2026-12-11 16:12:44"), "Jordan Pike (live-ops)", "EU prime time ahead, fleets are on the Friday buffer (60 Ready per EU fleet).")
    say(utc("2026-12-11 16:36:30"), "Émilie Gagnon (backend)", "deploying matchmaker config: ranked widens the MMR spread after 90 s instead of 120 s. Watching p95 wait.")
    say(utc("2026-12-11 16:58:02"), "Émilie Gagnon (backend)", "ranked p95 wait EUW 61 s, looks fine. Logging off, have a good weekend.")
    say(first_err + dt.timedelta(minutes=9, seconds=12), "Kasia Wrona (community)", "Discord #bug-reports: a dozen 'ranked EUW stuck in queue 5+ min' in the last few minutes. Casual seems fine. Anyone?")
    say(first_err + dt.timedelta(minutes=10, seconds=40), "Jordan Pike (live-ops)", "Fleets have plenty of Ready servers, allocations just dropped for EUW. Paging backend on-call.")
    say(first_err + dt.timedelta(minutes=11, seconds=5), "PagerDuty", "TRIGGERED: MatchesFormedLow euw-ranked-5v5 (matchmaker) - assigned to Tomasz Nowak")
    say(first_err + dt.timedelta(minutes=13, seconds=55), "Tomasz Nowak (backend)", "ack. Ticks for EUW ranked are failing, looking.")
    say(first_err + dt.timedelta(minutes=15, seconds=30), "Kasia Wrona (community)", "Posting 'investigating ranked queue issues in EU' on the status page and X.")
    say(REVERT_DEPLOY - dt.timedelta(minutes=10, seconds=20), "Tomasz Nowak (backend)", "found it, reverting my ranked ordering change from this morning. Pipeline running, deploy in ~10 min.")
    say(REVERT_DEPLOY + dt.timedelta(minutes=4, seconds=10), "Tomasz Nowak (backend)", "revert is out, EUW and EUC ranked forming matches again, backlog draining.")
    say(REVERT_DEPLOY + dt.timedelta(minutes=9, seconds=40), "Kasia Wrona (community)", "Status page: resolved. Giving ranked players the 'queue dodge' penalty waiver for tonight.")
    return [app, gateway, fleet, gitlab, chat], ticks, errors


def build(out_dir):
    rng = random.Random(18100)
    repo, culprit, docs, config, revert = build_repo()
    try:
        logs, ticks, errors = build_logs(rng, docs, config, revert)
        onset = min(errors).replace(microsecond=0)

        def last_size(p):
            rows = ticks[p]

            def fn(t):
                size = None
                for r in rows:
                    if r[0] > t:
                        break
                    size = r[1]
                return size
            return fn

        def rate(p, key):
            rows = ticks[p]

            def fn(t):
                window = [r for r in rows if t - dt.timedelta(seconds=60) < r[0] <= t]
                if key == "matches":
                    return round(sum(r[3] for r in window) / 60, 4)
                return round(sum(1 for r in window if r[2]) / 60, 4)
            return fn

        metrics = {
            "matchmaker_queue_tickets.json": query_range([({"namespace": NS, "partition": p}, last_size(p)) for p in PARTITIONS], START, END, 30),
            "matchmaker_matches_formed_rate.json": query_range([({"namespace": NS, "partition": p}, rate(p, "matches")) for p in PARTITIONS], START, END, 30),
            "matchmaker_tick_failures_rate.json": query_range([({"namespace": NS, "partition": p}, rate(p, "failures")) for p in PARTITIONS if "ranked" in p], START, END, 30),
        }
        return write_scenario(
            out_dir, name="matchmaking-comparator-contract", service=SERVICE, onset=onset,
            description=f"""
Ranked matchmaking stops in Europe on a Friday evening. From {onset.strftime('%H:%M')} UTC on
11 December EU-West ranked forms fewer and then no matches, its queue grows
and players cancel; EU-Central ranked follows. Casual queues and North
America are fine. matchmaker was released at 10:31 (GitLab) and a config
change was deployed at 16:35.
""",
            logs=logs,
            line_formats={"matchmaker.log": r"<Date> <Time> <Level>\s+\[<Logger>\] \(<Thread>\) <Content>"},
            metrics=metrics,
            repo=repo,
            culprit=culprit,
            root_cause=[r"Comparison method violates its general contract"],
            fix_files=[f"src/main/java/{PKG}/queue/TicketPriority.java"],
            explanation=f"""
The culprit is "queue: ranked - longer waiter first within an MMR band"
(TicketPriority.java), committed at 08:52 and released at 10:31 by the
GitLab job whose commit is the later docs commit. Its comparator orders two
tickets within 100 MMR by wait time and others by MMR, which is not
transitive. Java's TimSort only notices when it merges runs, i.e. for lists
of 32 or more; the ranked queues held fewer all day, so nothing happened
for seven hours. At the Friday evening peak the EU-West ranked
queue passes 32 and `ArrayList.sort` throws "IllegalArgumentException:
Comparison method violates its general contract!" ("tick failed ... size=3x");
a failed tick forms no match, the queue grows, and every later sort fails.
EU-Central ranked follows as its queue grows; casual queues, sorted by wait
time alone, are larger and never fail. The revert (17:49, deployed 17:58)
fixes it.
Decoys: the config change deployed at 16:35, {int((onset - CONFIG_DEPLOY).total_seconds() // 60)} minutes before the onset,
that widens the ranked MMR spread after 90 s (same words; its rollout
restarted every pod and the start lines name it); the morning commit in
QueueTick.java that logs partition, size and duration of a failed tick (the
incident's own lines); the Renovate Quarkus 3.15.1 -> 3.15.3 bump in the
same release; the MatchBuilder refactor and the allocator's retry on 429
(its routine 429 warnings are in the log before and after); the queue-wait
histogram the evening before; the docs commit the release names; chores;
the revert after the onset.
""",
        )
    finally:
        repo.close()
