"""bed-board (Java 17, Spring Boot 3.2, Spring for Apache Kafka; three pods on
Kubernetes, synced by Argo CD; team in Leeds, Kraków and Pune): keeps the
live bed board of Northvale Hospitals NHS Trust's four sites from the EHR's
ADT events (admit, transfer, discharge, updates) on the Kafka topic
`ehr.adt.v2` (three partitions), and serves the board and transfer requests
to the patient-flow team and the wards.

BED-412: a patient with C. difficile was placed in a bay bed. On Monday
18 May at 14:05 UTC a commit makes the ADT listener ask the infection-control
service for each event's patient's isolation flags (a blocking REST call per
record, inside the poll loop) so that beds next to an isolated patient are
held. Spring Kafka's defaults stay: max.poll.records 500, max.poll.interval.ms
300000. Overnight the call takes ~90 ms and the topic carries one or two
events a second, so each poll returns a handful of records. On Tuesday the
morning ward rounds and discharges raise the ADT rate to ~5 a second from
07:20, and infection-control (busy with the morning's swab results) answers
in 500-900 ms. The lag grows, polls come back full, a batch of 500 takes
longer than five minutes, the consumer's heartbeat thread leaves the group
("consumer poll timeout has expired"), the batch's offset commit fails with
CommitFailedException, the rejoined consumer is handed the same records again
and the group rebalances every few minutes without making progress. The bed
board freezes; the patient-flow team books transfers into beds that are
already occupied (409 from the EHR).

The culprit reached production in the 06:40 Argo CD sync, which names the
later CI commit. At 07:31 a sync ships a change to the same application.yml
(session.timeout.ms 45 s -> 30 s, heartbeat 3 s), 28 minutes before the
first stale-board warning. The fix takes the infection-control lookup out of the
poll loop (or batches it, and bounds max.poll.records) in
AdtEventListener.java.

Decoys: the 07:31 Kafka session-timeout change (same file, same words); a
same-morning commit to the culprit's file that logs the HL7 event type and
ward on each applied event; a spring-kafka patch bump; a runbook page on a
stale bed board; a transfers change for beds under deep clean; the
routine rebalances of both rollouts. Sources: app (Spring Boot console,
Kafka client lines, stack trace), Kafka broker server.log (log4j),
ingress-nginx access, Argo CD (logfmt); consumer lag metric."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, spring
from skeletons import chores, java_service, k8s_deployment

SERVICE = "bed-board"
START, END = utc("2026-05-19 05:55:00"), utc("2026-05-19 08:50:00")
SYNC_1 = utc("2026-05-19 06:40:12")
SYNC_2 = utc("2026-05-19 07:31:40")
PKG = "org.northvale.bedboard"
PATH = "src/main/java/org/northvale/bedboard"
LISTENER = f"{PATH}/adt/AdtEventListener.java"
TOPIC = "ehr.adt.v2"
GROUP = "bed-board"

LISTENER_JAVA = """package org.northvale.bedboard.adt;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.northvale.bedboard.board.BedBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class AdtEventListener {
    private static final Logger log = LoggerFactory.getLogger(AdtEventListener.class);

    private final BedBoard board;
    private final AdtParser parser;

    public AdtEventListener(BedBoard board, AdtParser parser) {
        this.board = board;
        this.parser = parser;
    }

    @KafkaListener(topics = "${bedboard.adt.topic}", groupId = "bed-board")
    public void onEvent(ConsumerRecord<String, String> record) {
        AdtEvent event = parser.parse(record.value());
        if (!event.affectsBeds()) {
            return;
        }
        board.apply(event);
        log.info("Applied {} encounter={} bed={}", event.type(), event.encounterId(), event.bedCode());
    }
}
"""

APPLICATION_YML = """server:
  port: 8080
spring:
  application:
    name: bed-board
  kafka:
    bootstrap-servers: kafka-0.kafka.integration.svc:9092,kafka-1.kafka.integration.svc:9092,kafka-2.kafka.integration.svc:9092
    consumer:
      group-id: bed-board
      auto-offset-reset: latest
      enable-auto-commit: false
      properties:
        session.timeout.ms: 45000
    listener:
      ack-mode: batch
      concurrency: 1
bedboard:
  adt:
    topic: ehr.adt.v2
  stale-after: 120s
  ehr:
    base-url: https://ehr-api.northvale.nhs.internal/fhir/r4
    timeout: 4s
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""

INFECTION_CLIENT = """package org.northvale.bedboard.infection;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

@Component
public class InfectionControlClient {
    private final RestTemplate rest;

    public InfectionControlClient(RestTemplateBuilder builder,
                                  @Value("${bedboard.infection-control.base-url}") String baseUrl) {
        this.rest = builder.rootUri(baseUrl)
                .setConnectTimeout(Duration.ofSeconds(2))
                .setReadTimeout(Duration.ofSeconds(5))
                .build();
    }

    public IsolationFlags flagsFor(String nhsNumber) {
        return rest.getForObject("/api/v1/patients/{nhs}/isolation", IsolationFlags.class, nhsNumber);
    }
}
"""

WARDS = ["AIRE", "WHARFE", "CALDER", "NIDD", "SWALE", "URE", "COLNE", "HOLME", "DON", "ROCHE", "AMU", "SAU"]
SITES = ["NVG", "NVG", "NVG", "STJ", "STJ", "HGT"]
EVENTS = [(6, "ADT^A02"), (4, "ADT^A03"), (3, "ADT^A01"), (1, "ADT^A11"), (1, "ADT^A12")]


def build_repo():
    hannah = Person("Hannah Whitaker", "hannah.whitaker@northvale.nhs.uk", 60)
    piotr = Person("Piotr Zielinski", "piotr.zielinski@northvale.nhs.uk", 120)
    ananya = Person("Ananya Rao", "ananya.rao@northvale.nhs.uk", 330)
    oliver = Person("Oliver Brennan", "oliver.brennan@northvale.nhs.uk", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Live bed board for Northvale's four sites, fed by the EHR's ADT events.")
    files["build.gradle"] = files["build.gradle"].replace(
        "    implementation 'org.springframework.boot:spring-boot-starter-actuator'\n",
        "    implementation 'org.springframework.boot:spring-boot-starter-actuator'\n    implementation 'org.springframework.kafka:spring-kafka:3.1.4'\n")
    files.update({
        LISTENER: LISTENER_JAVA,
        f"{PATH}/adt/AdtParser.java": "package org.northvale.bedboard.adt;\n\nimport ca.uhn.hl7v2.model.Message;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class AdtParser {\n    public AdtEvent parse(String hl7) {\n        return AdtEvent.from(Hl7.parse(hl7));\n    }\n}\n",
        f"{PATH}/board/BedBoard.java": "package org.northvale.bedboard.board;\n\nimport org.northvale.bedboard.adt.AdtEvent;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class BedBoard {\n    private final BedRepository beds;\n\n    public BedBoard(BedRepository beds) { this.beds = beds; }\n\n    public void apply(AdtEvent event) {\n        beds.applyEvent(event);\n    }\n}\n",
        f"{PATH}/transfers/TransferService.java": "package org.northvale.bedboard.transfers;\n\nimport org.springframework.stereotype.Service;\n\n@Service\npublic class TransferService {\n    private final BedQueries beds;\n    private final EhrClient ehr;\n\n    public TransferService(BedQueries beds, EhrClient ehr) { this.beds = beds; this.ehr = ehr; }\n\n    public TransferResult request(TransferRequest req) {\n        if (!beds.isFree(req.targetBed())) {\n            return TransferResult.rejected(\"bed_not_free\");\n        }\n        return ehr.bookTransfer(req);\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=3, memory="768Mi"),
        "docs/runbook.md": "# bed-board runbook\n\n## Alerts\n\n- BedBoardStale: no ADT event applied for 120 s. Check the EHR's interface\n  engine first (Rhapsody route `ADT_OUT_KAFKA`).\n- TransferConflicts: more than 5 transfers a minute refused by the EHR.\n",
    })
    repo.commit(utc("2026-05-14 10:05:00"), hannah, "bed-board: ADT listener and board projection on Spring Kafka", files)
    repo.schedule(chores(random.Random(24101), SERVICE, [hannah, piotr, ananya, oliver], utc("2026-05-14 10:05:00"), utc("2026-05-17 16:00:00"), 4))
    repo.commit(utc("2026-05-15 13:20:00"), piotr, "board: show side rooms separately on the ward view", {
        f"{PATH}/board/WardView.java": "package org.northvale.bedboard.board;\n\npublic record WardView(String ward, int bays, int sideRooms, int free) {}\n",
    })
    repo.commit(utc("2026-05-18 09:15:00"), oliver, "transfers: refuse a transfer into a bed under deep clean", {
        f"{PATH}/transfers/TransferService.java": repo.edit(f"{PATH}/transfers/TransferService.java",
            "        if (!beds.isFree(req.targetBed())) {\n            return TransferResult.rejected(\"bed_not_free\");\n        }\n",
            "        if (!beds.isFree(req.targetBed())) {\n            return TransferResult.rejected(\"bed_not_free\");\n        }\n        if (beds.underDeepClean(req.targetBed())) {\n            return TransferResult.rejected(\"bed_deep_clean\");\n        }\n"),
    })
    repo.commit(utc("2026-05-18 11:40:00"), ananya, "adt: log HL7 event type and ward on each applied event", {
        LISTENER: repo.edit(LISTENER, 'log.info("Applied {} encounter={} bed={}", event.type(), event.encounterId(), event.bedCode());',
                            'log.info("Applied {} encounter={} ward={} bed={} partition={} offset={}", event.type(), event.encounterId(),\n                event.ward(), event.bedCode(), record.partition(), record.offset());'),
    })
    listener = repo.files[LISTENER]
    listener = listener.replace("import org.northvale.bedboard.board.BedBoard;\n",
                                "import org.northvale.bedboard.board.BedBoard;\nimport org.northvale.bedboard.infection.InfectionControlClient;\nimport org.northvale.bedboard.infection.IsolationFlags;\n")
    listener = listener.replace("    private final AdtParser parser;\n\n    public AdtEventListener(BedBoard board, AdtParser parser) {\n        this.board = board;\n        this.parser = parser;\n    }\n",
                                "    private final AdtParser parser;\n    private final InfectionControlClient infection;\n\n    public AdtEventListener(BedBoard board, AdtParser parser, InfectionControlClient infection) {\n        this.board = board;\n        this.parser = parser;\n        this.infection = infection;\n    }\n")
    listener = listener.replace("        board.apply(event);\n",
                                "        // BED-412: hold the neighbouring beds of a patient who needs isolation\n        IsolationFlags flags = infection.flagsFor(event.nhsNumber());\n        board.apply(event.withIsolation(flags));\n")
    culprit = repo.commit(utc("2026-05-18 14:05:00"), piotr, "adt: hold beds around isolation patients using infection-control flags (BED-412)\n\nA patient with C. diff was placed in a bay last week because the board\ndid not know about the alert. Look up the patient's isolation flags from\ninfection-control for each ADT event and mark the neighbouring beds held.", {
        LISTENER: listener,
        f"{PATH}/infection/InfectionControlClient.java": INFECTION_CLIENT,
        f"{PATH}/infection/IsolationFlags.java": "package org.northvale.bedboard.infection;\n\nimport java.util.List;\n\npublic record IsolationFlags(boolean isolate, List<String> organisms) {}\n",
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  ehr:\n",
                                                          "  infection-control:\n    base-url: http://infection-control.clinical.svc:8080\n  ehr:\n"),
    })
    repo.commit(utc("2026-05-18 15:30:00"), oliver, "docs: runbook for a stale bed board (consumer lag, rebalances)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Stale board\n\n1. `kafka-consumer-groups --describe --group bed-board`: is the lag growing?\n2. Rebalances in a loop usually mean a consumer left the group; check the\n   pods' logs for `Revoke previously assigned partitions`.\n3. Restarting the pods resets nothing: offsets are committed per batch.\n",
    })
    repo.commit(utc("2026-05-18 16:12:00"), renovate, "fix(deps): update dependency org.springframework.kafka:spring-kafka to v3.1.5", {
        "build.gradle": repo.edit("build.gradle", "spring-kafka:3.1.4", "spring-kafka:3.1.5"),
    })
    deployed = repo.commit(utc("2026-05-19 06:25:00"), ananya, "ci: cache the Gradle wrapper and dependencies", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: ./gradlew test --no-daemon\n",
                                              "      - uses: gradle/actions/setup-gradle@v3\n      - run: ./gradlew test --no-daemon\n"),
    })
    config = repo.commit(utc("2026-05-19 07:20:00"), hannah, "kafka: session timeout 45s -> 30s, heartbeat every 3s\n\nThe platform team asks consumers to notice a dead pod within 30 s.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "        session.timeout.ms: 45000\n",
                                                          "        session.timeout.ms: 30000\n        heartbeat.interval.ms: 3000\n"),
    })
    return repo, culprit, deployed, config


def adt_rate(t):
    """ADT events a second on the whole topic."""
    h = t.hour + t.minute / 60
    if h < 7.0:
        return 1.4
    if h < 7.6:
        return 1.4 + (h - 7.0) / 0.6 * 4.2
    return 5.6


def lookup_ms(t):
    h = t.hour + t.minute / 60
    if h < 7.25:
        return 90
    if h < 7.75:
        return 90 + (h - 7.25) / 0.5 * 610
    return 700


def build_logs(rng, culprit, deployed, config):
    app, broker, ingress, argo = Log("bed-board.log"), Log("kafka-broker.log"), Log("ingress-nginx-access.log"), Log("argocd-application-controller.log")
    stats = {"lag": {}, "bad": [], "ok": [], "stale_from": None}

    def sp(t, level, thread, logger, msg, pid=1):
        return spring(t, level, thread, logger, msg, pid)

    def bk(t, level, msg, cls):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        return f"[{stamp}] {level} {msg} ({cls})"

    gens = [("6d9f7c8b54", START - dt.timedelta(hours=20), SYNC_1, "a4c1e07"), ("7f5b9d6c42", SYNC_1, SYNC_2, deployed[:7]),
            ("58c6d4b7f9", SYNC_2, END + dt.timedelta(hours=1), config[:7])]
    pods = []
    for gi, (rs, a, b, ver) in enumerate(gens):
        for i in range(3):
            name = f"bed-board-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            up = a + dt.timedelta(seconds=35 + 40 * i) if gi else a
            down = b + dt.timedelta(seconds=38 + 40 * i) if b < END else b
            pods.append({"name": name, "up": up, "down": down, "gen": gi, "i": i, "ver": ver, "member": f"consumer-bed-board-1-{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"})

    generation = [41]
    coord = "kafka-1.kafka.integration.svc:9092 (id: 2147483646 rack: null)"

    def rebalance(t, reason, members):
        broker.add(t, bk(t, "INFO", f"[GroupCoordinator 1]: Preparing to rebalance group {GROUP} in state PreparingRebalance with old generation {generation[0]} (__consumer_offsets-17) (reason: {reason})", "kafka.coordinator.group.GroupCoordinator"))
        generation[0] += 1
        s = t + dt.timedelta(seconds=rng.uniform(2.5, 4.5))
        broker.add(s, bk(s, "INFO", f"[GroupCoordinator 1]: Stabilized group {GROUP} generation {generation[0]} (__consumer_offsets-17) with {members} members", "kafka.coordinator.group.GroupCoordinator"))
        broker.add(s + dt.timedelta(milliseconds=30), bk(s + dt.timedelta(milliseconds=30), "INFO", f"[GroupCoordinator 1]: Assignment received from leader consumer-bed-board-1-{hexid(rng, 8)} for group {GROUP} for generation {generation[0]}. The group has {members} members, 0 of which are static.", "kafka.coordinator.group.GroupCoordinator"))
        return s

    def kc(p):
        return f"[Consumer clientId=consumer-bed-board-1, groupId={GROUP}]"

    def joined(p, t, part, offset):
        th = "ntainer#0-0-C-1"
        lg = "o.a.k.c.c.internals.ConsumerCoordinator"
        app.add(t, sp(t, "INFO", th, lg, f"{kc(p)} Successfully joined group with generation Generation{{generationId={generation[0]}, memberId='{p['member']}', protocol='range'}}"))
        w = t + dt.timedelta(milliseconds=40)
        app.add(w, sp(w, "INFO", th, lg, f"{kc(p)} Successfully synced group in generation Generation{{generationId={generation[0]}, memberId='{p['member']}', protocol='range'}}"))
        app.add(w, sp(w, "INFO", th, lg, f"{kc(p)} Notifying assignor about the new Assignment(partitions=[{TOPIC}-{part}])"))
        app.add(w, sp(w, "INFO", th, lg, f"{kc(p)} Adding newly assigned partitions: {TOPIC}-{part}"))
        w2 = w + dt.timedelta(milliseconds=25)
        app.add(w2, sp(w2, "INFO", th, lg, f"{kc(p)} Setting offset for partition {TOPIC}-{part} to the committed offset FetchPosition{{offset={offset}, offsetEpoch=Optional[7], currentLeader=LeaderAndEpoch{{leader=Optional[kafka-{part}.kafka.integration.svc:9092 (id: {part} rack: eu-west-2{'abc'[part]})], epoch=7}}}}"))
        w3 = w2 + dt.timedelta(milliseconds=5)
        app.add(w3, sp(w3, "INFO", th, "o.s.k.l.KafkaMessageListenerContainer", f"{GROUP}: partitions assigned: [{TOPIC}-{part}]"))

    def revoked(p, t, part):
        th = "ntainer#0-0-C-1"
        app.add(t, sp(t, "INFO", th, "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} Request joining group due to: group is already rebalancing"))
        app.add(t, sp(t, "INFO", th, "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} Revoke previously assigned partitions {TOPIC}-{part}"))
        app.add(t, sp(t, "INFO", th, "o.s.k.l.KafkaMessageListenerContainer", f"{GROUP}: partitions revoked: [{TOPIC}-{part}]"))
        app.add(t, sp(t, "INFO", th, "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} (Re-)joining group"))

    offsets = [8841207, 8839950, 8842618]

    # start-up and shutdown of rolled pods, with the rollout's rebalances
    for p in pods:
        if p["gen"] == 0:
            continue
        t = p["up"] - dt.timedelta(seconds=24)
        for off, lvl, th, lg, msg in [
            (0, "INFO", "main", "o.n.bedboard.BedBoardApplication", f"Starting BedBoardApplication v1.14.0 using Java 17.0.11 with PID 1 (/app.jar started by app in /)"),
            (0.01, "INFO", "main", "o.n.bedboard.BedBoardApplication", 'The following 1 profile is active: "production"'),
            (3.2, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
            (9.8, "INFO", "main", "o.a.k.clients.consumer.ConsumerConfig", f"ConsumerConfig values: auto.offset.reset = latest bootstrap.servers = [kafka-0.kafka.integration.svc:9092, kafka-1.kafka.integration.svc:9092, kafka-2.kafka.integration.svc:9092] enable.auto.commit = false group.id = {GROUP} heartbeat.interval.ms = {3000 if p['gen'] == 2 else 3000} max.poll.interval.ms = 300000 max.poll.records = 500 session.timeout.ms = {30000 if p['gen'] == 2 else 45000}"),
            (10.1, "INFO", "main", "o.a.kafka.common.utils.AppInfoParser", "Kafka version: 3.6.2"),
            (10.2, "INFO", "main", "o.a.kafka.common.utils.AppInfoParser", f"Kafka commitId: {hexid(rng, 16)}"),
            (10.6, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"),
            (10.7, "INFO", "main", "o.n.bedboard.BedBoardApplication", f"Started BedBoardApplication in 11.214 seconds (process running for 12.03) version={p['ver']}"),
        ]:
            w = t + dt.timedelta(seconds=off)
            app.add(w, sp(w, lvl, th, lg, msg))
    for sync in (SYNC_1, SYNC_2):
        gi = 1 if sync == SYNC_1 else 2
        for i in range(3):
            new = [p for p in pods if p["gen"] == gi][i]
            old = [p for p in pods if p["gen"] == gi - 1][i]
            t = new["up"] - dt.timedelta(seconds=12)
            s = rebalance(t, f"Adding new member {new['member']} with group instance id None; client reason: need to re-join with the given member-id: {new['member']}", 4)
            for q in (pods):
                if q["up"] <= t < q["down"] and q is not new:
                    revoked(q, t + dt.timedelta(milliseconds=rng.randint(200, 2500)), q["i"])
            d = old["down"]
            app.add(d, sp(d, "INFO", "ionShutdownHook", "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(old)} Member {old['member']} sending LeaveGroup request to coordinator {coord} due to the consumer is being closed"))
            app.add(d + dt.timedelta(milliseconds=300), sp(d + dt.timedelta(milliseconds=300), "INFO", "ionShutdownHook", "o.s.k.l.KafkaMessageListenerContainer", f"{GROUP}: Consumer stopped"))
            app.add(d + dt.timedelta(milliseconds=400), sp(d + dt.timedelta(milliseconds=400), "INFO", "ionShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete"))
            s2 = rebalance(d + dt.timedelta(milliseconds=80), f"removing member {old['member']} on LeaveGroup; client reason: the consumer is being closed", 3)
            for q in pods:
                if q["up"] <= d < q["down"] and q is not old:
                    joined(q, s2 + dt.timedelta(milliseconds=rng.randint(20, 200)), q["i"], offsets[q["i"]])

    # consumption: per partition, a poll loop (records, processing time)
    lag_series = {0: [], 1: [], 2: []}
    timeouts = []
    for part in range(3):
        t = START
        lag = rng.randint(0, 3)
        produced_at = START
        while t < END:
            p = next(q for q in pods if q["i"] == part and q["up"] <= t < q["down"])
            culprit_on = p["gen"] >= 1
            # arrivals since last poll
            dt_s = (t - produced_at).total_seconds()
            lag += sum(1 for _ in poisson_times(rng, produced_at, t, adt_rate(t) / 3 * 60)) if dt_s > 0 else 0
            produced_at = t
            lag_series[part].append((t, lag))
            n = min(lag, 500)
            per = (lookup_ms(t) if culprit_on else 0) + 9
            proc = sum(max(1, rng.gauss(per, per * 0.25)) for _ in range(n)) / 1000 if n else 0
            if proc > 300:
                # heartbeat thread leaves at 300 s; commit fails at the batch's end
                tout = t + dt.timedelta(seconds=300)
                timeouts.append((tout, p, part))
                hb = "-thread | bed-board"
                app.add(tout, sp(tout, "WARN", hb, "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records."))
                app.add(tout, sp(tout, "INFO", hb, "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} Member {p['member']} sending LeaveGroup request to coordinator {coord} due to consumer poll timeout has expired."))
                live = [q for q in pods if q["up"] <= tout < q["down"]]
                s = rebalance(tout + dt.timedelta(milliseconds=60), f"removing member {p['member']} on LeaveGroup; client reason: consumer poll timeout has expired.", len(live) - 1)
                # applied lines for the part of the batch done so far (re-done later)
                for k in range(min(n, int(n * 300 / proc))):
                    if rng.random() < 0.05:
                        w = t + dt.timedelta(seconds=proc * k / n)
                        typ = rng.choice(["ADT^A02", "ADT^A03", "ADT^A01"])
                        app.add(w, sp(w, "INFO", "ntainer#0-0-C-1", "o.n.bedboard.adt.AdtEventListener", f"Applied {typ} encounter=E{rng.randint(40000000, 49999999)} ward={rng.choice(SITES)}-{rng.choice(WARDS)} bed={rng.choice('ABCDEF')}{rng.randint(1, 8)}-{rng.randint(1, 6):02d} partition={part} offset={offsets[part] + k}"))
                end_batch = t + dt.timedelta(seconds=proc)
                app.add(end_batch, sp(end_batch, "ERROR", "ntainer#0-0-C-1", "o.s.k.l.KafkaMessageListenerContainer", f"Consumer exception\n"
                    "java.lang.IllegalStateException: This error handler cannot process 'org.apache.kafka.clients.consumer.CommitFailedException's; no record information is available\n"
                    "\tat org.springframework.kafka.listener.DefaultErrorHandler.handleOtherException(DefaultErrorHandler.java:198)\n"
                    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.handleConsumerException(KafkaMessageListenerContainer.java:1969)\n"
                    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1362)\n"
                    "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n"
                    "Caused by: org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.\n"
                    "\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.sendOffsetCommitRequest(ConsumerCoordinator.java:1252)\n"
                    "\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.commitOffsetsSync(ConsumerCoordinator.java:1096)\n"
                    "\tat org.apache.kafka.clients.consumer.KafkaConsumer.commitSync(KafkaConsumer.java:1563)\n"
                    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doCommitSync(KafkaMessageListenerContainer.java:3266)\n"
                    "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.commitIfNecessary(KafkaMessageListenerContainer.java:3214)\n"
                    "\t... 3 common frames omitted"))
                app.add(end_batch, sp(end_batch, "INFO", "ntainer#0-0-C-1", "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} Failing OffsetCommit request since the consumer is not part of an active group"))
                rj = end_batch + dt.timedelta(milliseconds=120)
                app.add(rj, sp(rj, "INFO", "ntainer#0-0-C-1", "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} Lost previously assigned partitions {TOPIC}-{part}"))
                app.add(rj, sp(rj, "INFO", "ntainer#0-0-C-1", "o.a.k.c.c.internals.ConsumerCoordinator", f"{kc(p)} (Re-)joining group"))
                s = rebalance(rj + dt.timedelta(milliseconds=50), f"Adding new member {p['member']} with group instance id None; client reason: rebalance failed due to 'The coordinator is not aware of this member.' (UnknownMemberIdException)", len(live))
                joined(p, s + dt.timedelta(milliseconds=90), part, offsets[part])
                t = s + dt.timedelta(seconds=0.5)
                continue
            # normal batch
            for k in range(n):
                if rng.random() < (0.12 if n < 20 else 0.05):
                    w = t + dt.timedelta(seconds=proc * k / max(n, 1) + 0.01)
                    typ = weighted_type(rng)
                    if p["gen"] == 0:
                        msg = f"Applied {typ} encounter=E{rng.randint(40000000, 49999999)} bed={rng.choice(SITES)}-{rng.choice(WARDS)}-{rng.choice('ABCDEF')}{rng.randint(1, 8)}-{rng.randint(1, 6):02d}"
                    else:
                        msg = f"Applied {typ} encounter=E{rng.randint(40000000, 49999999)} ward={rng.choice(SITES)}-{rng.choice(WARDS)} bed={rng.choice('ABCDEF')}{rng.randint(1, 8)}-{rng.randint(1, 6):02d} partition={part} offset={offsets[part] + k}"
                    app.add(w, sp(w, "INFO", "ntainer#0-0-C-1", "o.n.bedboard.adt.AdtEventListener", msg))
            offsets[part] += n
            lag -= n
            t = t + dt.timedelta(seconds=max(proc, 0.5) + rng.uniform(0.3, 1.5) if n else rng.uniform(4.0, 5.0))
    stats["lag"] = lag_series
    stats["timeouts"] = timeouts

    # staleness check (the board's own watchdog, once a minute per pod)
    first_to = min(t for t, _, _ in timeouts)
    stale_start = first_to - dt.timedelta(seconds=30)
    t = stale_start
    while t < END:
        for p in pods:
            if p["up"] <= t < p["down"]:
                w = t + dt.timedelta(milliseconds=rng.randint(0, 900))
                age = int((t - first_to).total_seconds()) + 300 + rng.randint(0, 50)
                app.add(w, sp(w, "WARN", "scheduling-1", "o.n.bedboard.board.StalenessWatchdog", f"Bed board is stale: newest applied ADT event is {age} s old (threshold 120 s), partitions lagging: {rng.randint(1, 3)}"))
        t += dt.timedelta(seconds=60)

    # ingress: the board and transfers
    stale_from = first_to
    for t in poisson_times(rng, START, END, 14.0):
        r = rng.random()
        client = f"10.{rng.choice([60, 61, 64])}.{rng.randint(0, 40)}.{rng.randint(2, 250)}"
        ua = rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
                         "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"])
        if r < 0.7:
            d = ms(rng, 35, 0.4) / 1000
            ingress.add(t, nginx_access(t, client, "GET", f"/api/v1/wards/{rng.choice(SITES)}-{rng.choice(WARDS)}/beds", 200, rng.randint(3000, 9000), d, ua, upstream_rt=d - 0.001))
        elif r < 0.9:
            d = ms(rng, 60, 0.4) / 1000
            ingress.add(t, nginx_access(t, client, "GET", "/api/v1/board/summary", 200, rng.randint(12000, 16000), d, ua, upstream_rt=d - 0.001))
        else:
            h = t.hour + t.minute / 60
            busy = 1.0 if h > 7.3 else 0.4
            if rng.random() > busy:
                continue
            late = t > stale_from
            conflict = late and rng.random() < min(0.65, (t - stale_from).total_seconds() / 1800)
            d = ms(rng, 420, 0.3) / 1000
            status = 409 if conflict else 201
            (stats["bad"] if conflict else stats["ok"]).append(t)
            ingress.add(t, nginx_access(t, client, "POST", "/api/v1/transfers", status, 188 if conflict else 412, d, ua, upstream_rt=d - 0.001))
            if conflict:
                app.add(t, sp(t, "WARN", f"http-nio-8080-exec-{rng.randint(1, 20)}", "o.n.bedboard.transfers.TransferService", f"EHR refused transfer TR-{rng.randint(200000, 299999)} to bed {rng.choice(SITES)}-{rng.choice(WARDS)}-{rng.choice('ABCDEF')}{rng.randint(1, 8)}-{rng.randint(1, 6):02d}: 409 bed occupied by encounter E{rng.randint(40000000, 49999999)}"))

    # broker background
    for t in poisson_times(rng, START, END, 0.5):
        part = rng.randint(0, 2)
        topic = rng.choice([TOPIC, "ehr.results.v1", "pharmacy.orders.v3", "__consumer_offsets"])
        if rng.random() < 0.5:
            broker.add(t, bk(t, "INFO", f"[ProducerStateManager partition={topic}-{part}] Wrote producer snapshot at offset {rng.randint(1000000, 9000000)} with 0 producer ids in {rng.randint(1, 9)} ms.", "kafka.log.ProducerStateManager"))
            broker.add(t, bk(t, "INFO", f"[LocalLog partition={topic}-{part}, dir=/var/lib/kafka/data] Rolled new log segment at offset {rng.randint(1000000, 9000000)} in {rng.randint(1, 6)} ms.", "kafka.log.LocalLog"))
        else:
            broker.add(t, bk(t, "INFO", f"[UnifiedLog partition={topic}-{part}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset={rng.randint(100000, 900000)}, size={rng.randint(100000, 1073741000)}, lastModifiedTime={int(t.timestamp() * 1000) - 604800000}, largestRecordTimestamp=Some({int(t.timestamp() * 1000) - 604800000})) due to retention time 604800000ms breach based on the largest record timestamp in the segment", "kafka.log.UnifiedLog"))
    for t in poisson_times(rng, START, END, 0.1):
        broker.add(t, bk(t, "INFO", f"[GroupMetadataManager brokerId=1] Removed 0 expired offsets in {rng.randint(0, 3)} milliseconds.", "kafka.coordinator.group.GroupMetadataManager"))

    # Argo CD
    def argo_line(t, msg, **fields):
        argo.add(t, logfmt(t, "info", msg, application="argocd/bed-board", **fields))
    for sync, sha, phase_id in ((SYNC_1, deployed, 212), (SYNC_2, config, 213)):
        argo_line(sync - dt.timedelta(seconds=8), "Refreshing app status (controller refresh requested), level (2)")
        argo_line(sync - dt.timedelta(seconds=6), "Comparing app state (cluster: https://kubernetes.default.svc, namespace: bed-board)")
        argo_line(sync - dt.timedelta(seconds=2), "Initiated automated sync to '" + sha + "'", dest_namespace="bed-board", revision=sha)
        argo_line(sync, f"sync/terminate complete", syncId=f"{phase_id:05d}-{hexid(rng, 5)}", revision=sha)
        argo_line(sync + dt.timedelta(seconds=1), "Updated sync status: OutOfSync -> Synced", dest_namespace="bed-board")
        argo_line(sync + dt.timedelta(seconds=2), "Updated health status: Healthy -> Progressing", dest_namespace="bed-board")
        argo_line(sync + dt.timedelta(seconds=150), "Updated health status: Progressing -> Healthy", dest_namespace="bed-board")
    t = START + dt.timedelta(seconds=rng.randint(0, 180))
    while t < END:
        argo_line(t, "Reconciliation completed", comparison_level=1, dedup_ms=0, dest_namespace="bed-board", diff_ms=rng.randint(2, 20), git_ms=rng.randint(10, 400), time_ms=rng.randint(60, 700))
        t += dt.timedelta(seconds=180)
    return [app, broker, ingress, argo], stats


def weighted_type(rng):
    total = sum(w for w, _ in EVENTS)
    x = rng.uniform(0, total)
    for w, v in EVENTS:
        x -= w
        if x <= 0:
            return v
    return EVENTS[-1][1]


def build(out_dir):
    rng = random.Random(24100)
    repo, culprit, deployed, config = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, deployed, config)
        first_to = min(t for t, _, _ in stats["timeouts"])
        onset = (first_to - dt.timedelta(seconds=30)).replace(microsecond=0)

        def lag_fn(part):
            series = stats["lag"][part]

            def fn(t):
                last = None
                for when, value in series:
                    if when > t:
                        break
                    last = value
                return last
            return fn

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
        metrics = {
            "kafka_consumergroup_lag.json": query_range(
                [({"consumergroup": GROUP, "topic": TOPIC, "partition": str(p), "job": "kafka-exporter"}, lag_fn(p)) for p in range(3)],
                START, END, 30),
            "nginx_ingress_controller_requests_transfers.json": query_range([
                ({"ingress": "bed-board", "method": "POST", "path": "/api/v1/transfers", "status": "201"}, per_min(stats["ok"])),
                ({"ingress": "bed-board", "method": "POST", "path": "/api/v1/transfers", "status": "409"}, per_min(stats["bad"])),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r24-adt-poll-interval-exceeded", service=SERVICE, onset=onset,
            description=f"""
The bed board stops moving on Tuesday morning (19 May). From about
{onset.strftime('%H:%M')} UTC the BedBoardStale alert fires, admissions and discharges no
longer show on the wards' screens, and the patient-flow team's transfers
are refused by the EHR because the beds they booked are occupied. Argo CD
synced bed-board at 06:40 and again at 07:31 (Kafka session timeout).
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"consumer poll timeout has expired\. This means the time between subsequent calls to poll",
                        r"CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group"],
            fix_files=[LISTENER],
            explanation=f"""
The culprit is the 18 May 14:05 commit "adt: hold beds around isolation
patients using infection-control flags (BED-412)". It puts a blocking REST
call to infection-control inside the Kafka listener, once per ADT record,
with Spring Kafka's defaults (max.poll.records 500, max.poll.interval.ms
300000). Overnight each poll holds a few records and the call takes 90 ms.
From 07:20 the morning rounds raise the ADT rate and infection-control
slows to ~700 ms; the lag grows until a poll's 500 records take more than
five minutes, the heartbeat thread leaves the group ("consumer poll timeout
has expired"), the batch's commit fails (CommitFailedException: "Offset
commit cannot be completed since the consumer is not part of an active
group"), and the rejoined consumer is given the same records again: the
group rebalances in a loop and the board freezes. It shipped in the 06:40
sync, which names the later CI commit. The fix moves the lookup out of the
poll loop (or batches and caches it, with a bounded max.poll.records) in
AdtEventListener.java.
Decoys: the 07:31 sync of "kafka: session timeout 45s -> 30s" (the change
closest to the onset, in the culprit's application.yml, about Kafka's group
membership); the same-morning commit to AdtEventListener.java that logs the
event type, ward, partition and offset; the spring-kafka 3.1.5 bump; the
stale-board runbook that names rebalances; the deep-clean transfer rule (the
409s are on transfers); the routine rebalances of both rollouts; the EHR's
409s themselves.
""",
        )
    finally:
        repo.close()
