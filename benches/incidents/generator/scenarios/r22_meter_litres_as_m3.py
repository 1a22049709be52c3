"""meter-ingest (Java 21, Spring Boot, Spring AMQP, MySQL; two pods; team in
Leeds, Kraków and Pune): the service of Rivermoor Water that takes the
smart-meter head-end's reads off RabbitMQ, stores each meter's register
index, works out consumption and raises leak alerts, which the
notifications service (.NET, Serilog) texts to customers.

The head-end publishes an hourly batch of reads at :05 to
`meter.reads.hourly`. Since the vendor's firmware rollout began, about 380
new ultrasonic meters send payload version 2, which meter-ingest did not
know and dead-lettered ("unsupported payload version 2"). On Monday 19
January at 13:40 UTC a commit maps version 2. Version 2's `volume` is the
register in litres (version 1's `index_m3` was cubic metres), and the
mapper puts it into the index unchanged. The release goes out at 16:12
(its start line names a later MDC logging commit) and a prefetch change
restarts the pods at 16:41. The 17:05 batch is the first with v2 reads
mapped: each such meter's index jumps a thousandfold, the consumption check
flags an implausible jump but still runs leak detection, and 380 customers
get a "possible leak" text within three minutes. The contact centre calls
the on-call at 17:19.

Decoys: the prefetch config change deployed 24 minutes before the onset;
the MDC logging commit the 16:12 start line names; Friday's commit to the
same file that logs payload version on dead-lettering; a leak-threshold docs
page; a Spring Boot bump; chores. App (Logback with MDC, line format),
RabbitMQ server log, notifications (Serilog text)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, k8s_service, readme, runbook

SERVICE = "meter-ingest"
START, END = utc("2026-01-19 14:30:00"), utc("2026-01-19 18:30:00")
DEPLOY1 = utc("2026-01-19 16:12:41")
DEPLOY2 = utc("2026-01-19 16:41:09")
CALL = utc("2026-01-19 17:19:30")
PODS_OLD = ["meter-ingest-7c9d5b8f64-k2qzx", "meter-ingest-7c9d5b8f64-w8hnp"]
PODS_MID = ["meter-ingest-5f6b8d7c9-2xrtm", "meter-ingest-5f6b8d7c9-q7lfd"]
PODS_NEW = ["meter-ingest-68d4b97f5c-9pvjn", "meter-ingest-68d4b97f5c-hc4ws"]

READ_MAPPER = """package uk.rivermoor.meter.reads;

import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Maps the head-end's read messages to MeterRead. */
@Component
public class ReadMapper {
    private static final Logger log = LoggerFactory.getLogger(ReadMapper.class);

    public MeterRead map(HeadEndMessage m) {
        return switch (m.payloadVersion()) {
            case 1 -> new MeterRead(m.serial(), m.readAt(), new BigDecimal(m.get("index_m3")), m.flags());
            default -> throw new UnsupportedPayloadException(m.payloadVersion());
        };
    }
}
"""

CONSUMPTION_CHECK = """package uk.rivermoor.meter.reads;

import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class ConsumptionCheck {
    private static final Logger log = LoggerFactory.getLogger(ConsumptionCheck.class);
    private static final BigDecimal MAX_HOURLY_M3 = new BigDecimal("5");
    private final LeakDetector leaks;

    public ConsumptionCheck(LeakDetector leaks) { this.leaks = leaks; }

    public void check(MeterRead previous, MeterRead read) {
        BigDecimal delta = read.indexM3().subtract(previous.indexM3());
        if (delta.compareTo(MAX_HOURLY_M3) > 0) {
            log.warn("index jumped by {} m3 since previous read on {}; read kept, flagged for review", delta, previous.readAt());
            read.flag("JUMP");
        }
        leaks.observe(read, delta);
    }
}
"""

APPLICATION_YML = """spring:
  application:
    name: meter-ingest
  datasource:
    url: jdbc:mysql://mysql-meters.rivermoor.internal:3306/meters
    hikari:
      maximum-pool-size: 12
  rabbitmq:
    host: rabbitmq.rivermoor.internal
    virtual-host: water
    listener:
      simple:
        prefetch: 50
        concurrency: 4
meter:
  queues:
    hourly: meter.reads.hourly
    alarms: meter.alarms
  leak:
    continuous-hours: 1
    min-hourly-m3: 0.25
"""

LOGBACK = """<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} %-5level [%thread] [%X{batchId:-}] [%X{meter:-}] %logger{36} - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
"""


def build_repo():
    ewan = Person("Ewan Holroyd", "ewan.holroyd@rivermoor.co.uk", 0)
    kasia = Person("Katarzyna Wójcik", "katarzyna.wojcik@rivermoor.co.uk", 60)
    anand = Person("Anand Kulkarni", "anand.kulkarni@rivermoor.co.uk", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    base = "src/main/java/uk/rivermoor/meter"
    files = {
        "pom.xml": "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>uk.rivermoor</groupId>\n  <artifactId>meter-ingest</artifactId>\n  <version>3.8.0</version>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.4.1</version>\n  </parent>\n  <dependencies>\n    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-amqp</artifactId></dependency>\n    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-jdbc</artifactId></dependency>\n    <dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId></dependency>\n  </dependencies>\n</project>\n",
        f"{base}/reads/ReadMapper.java": READ_MAPPER,
        f"{base}/reads/ConsumptionCheck.java": CONSUMPTION_CHECK,
        f"{base}/reads/HourlyReadListener.java": "package uk.rivermoor.meter.reads;\n\nimport org.slf4j.MDC;\nimport org.springframework.amqp.rabbit.annotation.RabbitListener;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class HourlyReadListener {\n    private final ReadMapper mapper;\n    private final ReadStore store;\n    private final ConsumptionCheck check;\n\n    public HourlyReadListener(ReadMapper mapper, ReadStore store, ConsumptionCheck check) {\n        this.mapper = mapper; this.store = store; this.check = check;\n    }\n\n    @RabbitListener(queues = \"${meter.queues.hourly}\")\n    public void onRead(HeadEndMessage m) {\n        MDC.put(\"batchId\", m.batchId());\n        try {\n            MeterRead read = mapper.map(m);\n            store.previous(read.serial()).ifPresent(prev -> check.check(prev, read));\n            store.save(read);\n        } finally {\n            MDC.remove(\"batchId\");\n        }\n    }\n}\n",
        f"{base}/reads/LeakDetector.java": "package uk.rivermoor.meter.reads;\n\nimport java.math.BigDecimal;\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class LeakDetector {\n    private static final Logger log = LoggerFactory.getLogger(LeakDetector.class);\n    private final LeakAlertPublisher alerts;\n    private final LeakSettings settings;\n\n    public LeakDetector(LeakAlertPublisher alerts, LeakSettings settings) { this.alerts = alerts; this.settings = settings; }\n\n    public void observe(MeterRead read, BigDecimal hourly) {\n        if (hourly.compareTo(settings.minHourlyM3()) >= 0 && read.continuousFlow()) {\n            log.info(\"leak suspected: {} m3 in one hour, continuous flow; alert queued for account {}\", hourly, read.account());\n            alerts.publish(read, hourly);\n        }\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": LOGBACK,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: meter-ingest\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: meter-ingest\n          image: ghcr.io/rivermoor/meter-ingest:main\n          resources:\n            limits:\n              memory: 1Gi\n",
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        "README.md": readme(SERVICE, "Takes the head-end's meter reads off RabbitMQ, stores register indexes, computes consumption and raises leak alerts.", "./mvnw spring-boot:run"),
        "docs/runbook.md": runbook(SERVICE, [
            ("HourlyBatchLate", "No hourly batch from the head-end by :20. Check the vendor's head-end status and the meter.reads.hourly queue."),
            ("DeadLetterGrowing", "meter.reads.dlq growing: look at the app's warnings for the reason (unsupported payload, unknown meter)."),
        ]),
    }
    repo.commit(utc("2026-01-13 10:05:00"), ewan, "meter-ingest 3.8: hourly reads, consumption check and leak alerts", files)
    repo.schedule(chores(random.Random(22014), SERVICE, [ewan, kasia, anand], utc("2026-01-13 10:05:00"), utc("2026-01-18 12:00:00"), 4))
    repo.commit(utc("2026-01-14 14:22:00"), kasia, "alarms: store backflow and tamper alarms with the read", {
        f"{base}/reads/HourlyReadListener.java": repo.edit(f"{base}/reads/HourlyReadListener.java", "            store.save(read);\n", "            store.save(read);\n            read.alarms().forEach(store::saveAlarm);\n"),
    })
    repo.commit(utc("2026-01-16 11:48:00"), anand, "reads: log payload version and serial when dead-lettering\n\nThe DLQ grows by ~380 a batch since the vendor's ultrasonic rollout;\nsay which version and meter we refused.", {
        f"{base}/reads/ReadMapper.java": repo.edit(f"{base}/reads/ReadMapper.java", "            default -> throw new UnsupportedPayloadException(m.payloadVersion());\n",
                                                   "            default -> {\n                log.warn(\"dead-lettering read from {}: unsupported payload version {}\", m.serial(), m.payloadVersion());\n                throw new UnsupportedPayloadException(m.payloadVersion());\n            }\n"),
    })
    repo.commit(utc("2026-01-19 09:12:00"), bot, "Bump spring-boot-starter-parent from 3.4.1 to 3.4.2", {
        "pom.xml": repo.edit("pom.xml", "<version>3.4.1</version>", "<version>3.4.2</version>"),
    })
    culprit = repo.commit(utc("2026-01-19 13:40:00"), anand, "reads: map head-end payload version 2 (ultrasonic meters)\n\nVersion 2 renames index_m3 to volume and adds temperature and flow\nflags. Map it instead of dead-lettering ~380 reads an hour.\n\nRefs WTR-1184", {
        f"{base}/reads/ReadMapper.java": repo.edit(f"{base}/reads/ReadMapper.java", "            case 1 -> new MeterRead(m.serial(), m.readAt(), new BigDecimal(m.get(\"index_m3\")), m.flags());\n",
                                                   "            case 1 -> new MeterRead(m.serial(), m.readAt(), new BigDecimal(m.get(\"index_m3\")), m.flags());\n            case 2 -> new MeterRead(m.serial(), m.readAt(), new BigDecimal(m.get(\"volume\")), m.flagsV2());\n"),
    })
    head1 = repo.commit(utc("2026-01-19 14:55:00"), kasia, "logging: put the meter serial in the MDC\n\nSo a consumption or leak line says which meter without parsing the message.", {
        f"{base}/reads/HourlyReadListener.java": repo.edit(f"{base}/reads/HourlyReadListener.java", "        MDC.put(\"batchId\", m.batchId());\n", "        MDC.put(\"batchId\", m.batchId());\n        MDC.put(\"meter\", m.serial());\n"),
    })
    repo.commit(utc("2026-01-19 15:20:00"), ewan, "docs: leak alert thresholds and who is told", {
        "docs/leak-alerts.md": "# Leak alerts\n\nA meter whose hourly consumption stays above 0.25 m3 with the continuous-flow\nflag set raises a leak alert. notifications texts the account holder once per\n24 h; the customer can reply LEAK to book a visit. An index jump over 5 m3 in an\nhour is flagged for review (meter swap, register rollover).\n",
    })
    head2 = repo.commit(utc("2026-01-19 16:30:00"), ewan, "config: prefetch 100 for the hourly listener\n\nThe 16:05 batch took 4 minutes to drain; the head-end batch grows with\nthe ultrasonic meters.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "prefetch: 50", "prefetch: 100"),
    })
    repo.commit(utc("2026-01-19 18:52:00"), anand, "reads: payload v2 volume is litres (WTR-1191)\n\nConvert to m3; the 17:05 batch stored indexes 1000x too large and\ntexted 380 customers about a leak.", {
        f"{base}/reads/ReadMapper.java": repo.edit(f"{base}/reads/ReadMapper.java", "new BigDecimal(m.get(\"volume\"))", "new BigDecimal(m.get(\"volume\")).movePointLeft(3)"),
    })
    return repo, culprit, head1, head2


def logback(t, level, thread, batch, meter, logger, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {level:<5} [{thread}] [{batch}] [{meter}] {logger} - {msg}"


def rabbit(t, level, pid, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00 [{level}] <0.{pid}.0> {msg}"


def serilog(t, level, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] {msg}"


def build_logs(rng, head1, head2):
    app, mq, notify = Log("meter-ingest.log"), Log("rabbitmq.log"), Log("notifications.log")
    stats = {"leaks": [], "jumps": [], "sms": []}
    meters_v1 = [f"RW{rng.randint(10, 99)}{rng.randint(100000, 999999)}" for _ in range(60)]
    meters_v2 = [f"UX{rng.randint(20, 24)}{rng.randint(100000, 999999)}" for _ in range(380)]

    def pods_at(t):
        if t < DEPLOY1:
            return PODS_OLD
        if t < DEPLOY2:
            return PODS_MID
        return PODS_NEW

    # starts
    for when, pods, sha, prev in ((DEPLOY1, PODS_MID, head1, PODS_OLD), (DEPLOY2, PODS_NEW, head2, PODS_MID)):
        for i, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=i * 41)
            app.add(t, logback(t, "INFO", "main", "", "", "u.r.meter.MeterIngestApplication", f"Starting MeterIngestApplication v3.8.0 using Java 21.0.5 with PID 1 (/app/meter-ingest.jar started by app in /app)"))
            t1 = t + dt.timedelta(milliseconds=820)
            app.add(t1, logback(t1, "INFO", "main", "", "", "u.r.meter.MeterIngestApplication", f"git.commit.id={sha[:7]} git.branch=main build.time=2026-01-19T{'16:0' if sha == head1 else '16:3'}8:14Z"))
            t2 = t + dt.timedelta(seconds=6, milliseconds=rng.randint(0, 900))
            app.add(t2, logback(t2, "INFO", "main", "", "", "o.s.a.r.c.CachingConnectionFactory", "Created new connection: rabbitConnectionFactory#1b2c3d4e:0/SimpleConnection@5e6f7a8b [delegate=amqp://meter-ingest@10.20.5.9:5672/water, localPort=4" + str(rng.randint(1000, 9999)) + "]"))
            mq.add(t2, rabbit(t2, "info", rng.randint(20000, 60000), f"accepting AMQP connection 10.20.{rng.randint(1, 3)}.{rng.randint(10, 200)}:{rng.randint(40000, 60000)} -> 10.20.5.9:5672"))
            mq.add(t2, rabbit(t2 + dt.timedelta(milliseconds=7), "info", rng.randint(20000, 60000), "connection 10.20.3.41:48812 -> 10.20.5.9:5672: user 'meter-ingest' authenticated and granted access to vhost 'water'"))
            t3 = t + dt.timedelta(seconds=7, milliseconds=rng.randint(0, 900))
            app.add(t3, logback(t3, "INFO", "main", "", "", "u.r.meter.MeterIngestApplication", f"Started MeterIngestApplication in {rng.uniform(6.8, 8.9):.3f} seconds (process running for {rng.uniform(7.5, 9.6):.3f})"))
            old = prev[i]
            t4 = t + dt.timedelta(seconds=30)
            app.add(t4, logback(t4, "INFO", "SpringApplicationShutdownHook", "", "", "o.s.a.r.l.SimpleMessageListenerContainer", f"Waiting for workers to finish. ({old})"))
            mq.add(t4, rabbit(t4 + dt.timedelta(milliseconds=40), "info", rng.randint(20000, 60000), f"closing AMQP connection 10.20.{rng.randint(1, 3)}.{rng.randint(10, 200)}:{rng.randint(40000, 60000)} -> 10.20.5.9:5672, vhost: 'water', user: 'meter-ingest'"))

    # hourly batches
    hour = utc("2026-01-19 15:05:00")
    while hour < END:
        batch = f"hb-{hour.strftime('%Y%m%d-%H%M')}"
        t = hour + dt.timedelta(seconds=rng.uniform(1, 6))
        mq.add(t, rabbit(t, "info", rng.randint(20000, 60000), f"accepting AMQP connection 172.31.{rng.randint(10, 40)}.{rng.randint(2, 250)}:{rng.randint(40000, 60000)} -> 10.20.5.9:5672"))
        mq.add(t, rabbit(t + dt.timedelta(milliseconds=9), "info", rng.randint(20000, 60000), "connection 172.31.18.77:50214 -> 10.20.5.9:5672: user 'headend-bridge' authenticated and granted access to vhost 'water'"))
        pods = pods_at(t)
        n_total = rng.randint(11800, 12400)
        app.add(t, logback(t, "INFO", "ingest-1", batch, "", "u.r.meter.reads.BatchTracker", f"batch {batch} announced by head-end: {n_total} reads"))
        span = rng.uniform(170, 240)
        for k in range(1, 25):
            tk = t + dt.timedelta(seconds=span * k / 24)
            app.add(tk, logback(tk, "INFO", f"ingest-{rng.randint(1, 4)}", batch, "", "u.r.meter.reads.ReadStore", f"stored {500} reads ({k * 500 if k < 24 else n_total}/{n_total})"))
        mapped = hour > DEPLOY1
        for serial in meters_v2:
            tm = t + dt.timedelta(seconds=rng.uniform(0, span))
            thread = f"ingest-{rng.randint(1, 4)}"
            if not mapped:
                app.add(tm, logback(tm, "WARN", thread, batch, "", "u.r.meter.reads.ReadMapper", f"dead-lettering read from {serial}: unsupported payload version 2"))
                continue
            first = hour == utc("2026-01-19 17:05:00")
            if first:
                litres = rng.randint(18000, 640000)
                delta = litres - litres / 1000
            else:
                delta = float(rng.randint(0, 900))
            if delta > 5:
                prev_at = (hour - dt.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
                app.add(tm, logback(tm, "WARN", thread, batch, serial, "u.r.meter.reads.ConsumptionCheck", f"index jumped by {delta:.3f} m3 since previous read on {prev_at}; read kept, flagged for review"))
                stats["jumps"].append(tm)
            if delta > 0.25 and (first or rng.random() < 0.7):
                tl = tm + dt.timedelta(milliseconds=rng.randint(1, 9))
                acct = f"{rng.randint(40000000, 49999999)}"
                app.add(tl, logback(tl, "INFO", thread, batch, serial, "u.r.meter.reads.LeakDetector", f"leak suspected: {delta:.3f} m3 in one hour, continuous flow; alert queued for account {acct}"))
                stats["leaks"].append(tl)
                ts = tl + dt.timedelta(seconds=rng.uniform(0.4, 70))
                if first:
                    notify.add(ts, serilog(ts, "INF", f"Sending \"LeakAlert\" SMS for account {acct} to +44******{rng.randint(1000, 9999)}"))
                    ts2 = ts + dt.timedelta(milliseconds=rng.randint(180, 900))
                    notify.add(ts2, serilog(ts2, "INF", f"Twilio accepted message SM{hexid(rng, 32)} (status queued) in {rng.randint(180, 900)} ms"))
                    stats["sms"].append(ts2)
                else:
                    notify.add(ts, serilog(ts, "INF", f"Template \"LeakAlert\" is disabled; message for account {acct} dropped"))
        end_t = t + dt.timedelta(seconds=span + 2)
        app.add(end_t, logback(end_t, "INFO", "ingest-2", batch, "", "u.r.meter.reads.BatchTracker", f"batch {batch} done: {n_total - (0 if mapped else 380)} stored, {0 if mapped else 380} dead-lettered, {rng.randint(0, 4)} unknown meters"))
        mq.add(end_t, rabbit(end_t, "info", rng.randint(20000, 60000), "closing AMQP connection 172.31.18.77:50214 -> 10.20.5.9:5672, vhost: 'water', user: 'headend-bridge'"))
        hour += dt.timedelta(hours=1)

    # alarms (continuous)
    for t in poisson_times(rng, START, END, 1.3):
        serial = rng.choice(meters_v1 + meters_v2[:40])
        kind = rng.choice(["LOW_BATTERY", "LOW_BATTERY", "BACKFLOW", "TAMPER", "DRY_PIPE", "LOW_BATTERY"])
        app.add(t, logback(t, "INFO", f"alarm-{rng.randint(1, 2)}", "", serial, "u.r.meter.alarms.AlarmListener", f"alarm {kind} stored for {serial}"))
    # estimates refresh
    t = START + dt.timedelta(seconds=rng.randint(10, 200))
    while t < END:
        app.add(t, logback(t, "INFO", "scheduling-1", "", "", "u.r.meter.billing.EstimateRefresher", f"refreshed consumption estimates for {rng.randint(310, 420)} accounts in {ms(rng, 900)} ms"))
        t += dt.timedelta(minutes=5, seconds=rng.randint(0, 3))
    # the portal's short-lived connections to rabbit
    for t in poisson_times(rng, START, END, 0.9):
        ip = f"10.20.{rng.randint(6, 7)}.{rng.randint(10, 200)}"
        port = rng.randint(40000, 60000)
        mq.add(t, rabbit(t, "info", rng.randint(20000, 60000), f"accepting AMQP connection {ip}:{port} -> 10.20.5.9:5672"))
        mq.add(t + dt.timedelta(milliseconds=6), rabbit(t + dt.timedelta(milliseconds=6), "info", rng.randint(20000, 60000), f"connection {ip}:{port} -> 10.20.5.9:5672: user 'customer-portal' authenticated and granted access to vhost 'water'"))
        e = t + dt.timedelta(milliseconds=rng.randint(40, 400))
        mq.add(e, rabbit(e, "info", rng.randint(20000, 60000), f"closing AMQP connection {ip}:{port} -> 10.20.5.9:5672, vhost: 'water', user: 'customer-portal'"))
    for t in poisson_times(rng, START, END, 0.04):
        mq.add(t, rabbit(t, "warning", rng.randint(20000, 60000), f"closing AMQP connection <0.{rng.randint(20000, 60000)}.0> (10.20.7.{rng.randint(10, 200)}:{rng.randint(40000, 60000)} -> 10.20.5.9:5672, vhost: 'water', user: 'customer-portal'):\nclient unexpectedly closed TCP connection"))
    t = utc("2026-01-19 17:41:12")
    notify.add(t, serilog(t, "INF", "Template \"LeakAlert\" disabled by ewan.holroyd@rivermoor.co.uk via admin API"))
    # notifications background
    for t in poisson_times(rng, START, END, 0.7):
        kind = rng.choice(["PaymentReminder", "PaymentReceived", "PlannedWorks", "PaymentReminder", "BillReady"])
        acct = rng.randint(40000000, 49999999)
        notify.add(t, serilog(t, "INF", f"Sending \"{kind}\" {'SMS' if rng.random() < 0.6 else 'email'} for account {acct} to {'+44******' + str(rng.randint(1000, 9999)) if kind != 'BillReady' else '***@***'}"))
        t2 = t + dt.timedelta(milliseconds=rng.randint(150, 900))
        notify.add(t2, serilog(t2, "INF", f"Twilio accepted message SM{hexid(rng, 32)} (status queued) in {rng.randint(150, 900)} ms"))
    for t in poisson_times(rng, START, END, 0.03):
        notify.add(t, serilog(t, "WRN", f"Twilio rejected message for account {rng.randint(40000000, 49999999)}: 21614 'To' number is not a valid mobile number"))
    return [app, mq, notify], stats


def build(out_dir):
    rng = random.Random(22010)
    repo, culprit, head1, head2 = build_repo()
    try:
        logs, stats = build_logs(rng, head1, head2)
        onset = min(stats["jumps"]).replace(microsecond=0)

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)

        metrics = {
            "notifications_sms_sent_total_rate.json": query_range([
                ({"job": "notifications", "template": "LeakAlert"}, per_min(stats["sms"])),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r22-meter-litres-as-m3", service=SERVICE, onset=onset,
            description="""
Rivermoor Water's contact centre is flooded with calls: customers got a
text saying a possible leak was detected at their property. The texts went
out from about 17:05 UTC on Monday 19 January, about 380 of them within a
few minutes; the portal shows those customers using hundreds of cubic
metres in an hour. meter-ingest was released at 16:12 and restarted with a
config change at 16:41. Logs: meter-ingest (Logback with MDC), RabbitMQ,
notifications (Serilog).
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"meter-ingest.log": r"<Date> <Time> <Level>\s+\[<Thread>\] \[<Batch>\] \[<Meter>\] <Logger> - <Content>"},
            root_cause=[r"index jumped by .* since previous read", r"leak suspected"],
            fix_files=["src/main/java/uk/rivermoor/meter/reads/ReadMapper.java"],
            explanation="""
The culprit is the 19 January 13:40 commit "reads: map head-end payload
version 2 (ultrasonic meters)". Version 2's volume is the register in
litres, and the mapper puts it into indexM3 unchanged. Until the release
the ~380 ultrasonic meters' reads were dead-lettered ("unsupported payload
version"); the 17:05 batch is the first after the release with them mapped,
and every one of those meters' index jumps a thousandfold: the consumption
check logs "index jumped by ... m3 since previous read", keeps the read and
still runs leak detection, which logs "leak suspected" and texts the
customer. The fix converts volume to m3 in ReadMapper.java (or reverts).
Decoys: the prefetch config change (16:30, deployed 16:41, 24 minutes
before the onset, named by the second start line); the MDC logging commit
(14:55) named by the 16:12 start line; Friday's commit to the same file
that logs the dead-lettered payload version; the leak-alert docs page
(15:20) that shares the alert's words; a Spring Boot bump; chores;
RabbitMQ's ordinary connection churn and "client unexpectedly closed TCP
connection" warnings; Twilio's rejections of invalid numbers.
""",
        )
    finally:
        repo.close()
