"""fix-gateway (Java 21, Spring Boot 3.3, QuickFIX/J; a StatefulSet of two
pods on the trading cluster, on-prem Kubernetes in the Secaucus colo,
reconciled by Argo CD from `deploy/production` with manual syncs only; team
in New York, Toronto and Lisbon) of Tidewell, a US retail brokerage app.
Customers' orders go from the OMS to order-router (Go: pre-trade risk
checks against buying power, pattern day trading, the price collar, the
restricted list; then the smart order router), which hands each order to
fix-gateway over gRPC; fix-gateway holds Tidewell's FIX 4.2 order entry
sessions (SenderCompID TDWL) with three wholesalers (Kestrel, Halvard,
Norrow) and four exchanges (Nasdaq, NYSE Arca, Cboe EDGX, IEX).
fix-gateway-0 owns KSTR, NSDQ and ARCX, fix-gateway-1 HLVD, NRRW, EDGX and
IEXG. The sessions run 06:30-20:10 New York time; at each StartTime both
sides begin at sequence number 1, and during the day the venues accept a
logon only with the next sequence number they expect (no intraday
resets). QuickFIX/J keeps the numbers in a FileStore, which was on each
pod's PersistentVolumeClaim: the runbook's answer to a venue session that
does not come back is to delete its pod, which reconnects with the
numbers from the store; the on-call did so on Thursday 23 April.

Monday 27 April 18:40 UTC, SEC-318 (platform security, after an audit
finding) runs the pods as uid 10001 with a read-only root filesystem. The
store files on the volumes are root-owned, so the pod crashed in staging
with "Permission denied"; the same commit moves FileStorePath to
/tmp/fix/store on a new emptyDir, "QuickFIX/J resets every session's
sequence numbers at its StartTime, so the store only has to hold one
trading day". An emptyDir lives as long as the pod. 2.14.0 goes out in
Monday's evening window (after the sessions' EndTime), 2.15.0 on Tuesday
evening (quickfixj 2.3.2; FG-412, which logs a venue's logout text as
"venue rejected logon" / "venue logged out"; FG-409, HeartBtInt 15 s for
the wholesalers in the culprit's sessions.cfg); each new pod starts with
an empty store, which is what the next morning's session start does
anyway, so nothing shows.

Wednesday 29 April: at the open Kestrel's 150 msg/s limit (TRD-88, our
client-side throttle) spills part of the burst of queued orders to
Halvard; Kestrel raises the limit to 300, Kenji's config commit is merged
at 13:58 and Dana syncs main at 14:37:40 (a tests commit on top), which
rolls the StatefulSet: fix-gateway-1, then fix-gateway-0. Each new pod
starts with an empty store and logs on with MsgSeqNum 1; every venue
answers with a Logout ("MsgSeqNum too low, expecting 6635 but received
1" and each venue's own wording) and keeps refusing every 30 s retry; from
14:37:58 no session is up and order-router rejects every order ("no venue
available"); resting orders fill at the venues without reports; cancels
fail. Yesterday's runbook says to revert the config change first: the
revert is synced at 14:53:10 and rolls the pods again (back to 1). Tomás
asks why the numbers start at 1 when Thursday's restart came back with
the day's numbers, Dana sees "Message store: FileStoreFactory path=/tmp/fix/store" in
the start-up lines, Priya recognises SEC-318; from 15:04 Tomás sets each
session's sequence numbers over JMX (the sender's to what the venue's
logout text expects, the target's to the last value in the session
stats before 14:37) and logs it on; the venues resend the fills they
could not deliver. FG-418 (store back on the volume with fsGroup 10001, a
start-up check that refuses a store under /tmp) is merged at 15:48 for the
evening window, with TRD-88 again.

Sources: fix-gateway (Spring Boot through `kubectl logs --prefix`, with
QuickFIX/J's event log; line format), its FIX admin message log (line
format), order-router (zap JSON), Kubernetes events (event exporter JSON),
Argo CD (logrus text), #trading-ops (Slack export, JSON lines), customer
support chats (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario

SERVICE = "fix-gateway"
SESSION_START = utc("2026-04-29 10:30:00")   # 06:30 New York: the sessions begin at 1
EXT_OPEN = utc("2026-04-29 11:00:00")        # 07:00: Tidewell's pre-market trading
START, END = utc("2026-04-29 12:40:00"), utc("2026-04-29 16:20:00")
OPEN = utc("2026-04-29 13:30:00")
SYNC1 = utc("2026-04-29 14:37:40")           # Argo CD: main (TRD-88 and a tests commit)
SYNC2 = utc("2026-04-29 14:53:10")           # Argo CD: the revert
JMX = {"KSTR": utc("2026-04-29 15:04:31"), "HLVD": utc("2026-04-29 15:05:47"), "NRRW": utc("2026-04-29 15:06:52"),
       "NSDQ": utc("2026-04-29 15:08:09"), "ARCX": utc("2026-04-29 15:09:02"), "EDGX": utc("2026-04-29 15:10:18"),
       "IEXG": utc("2026-04-29 15:11:26")}
CULPRIT_AT = utc("2026-04-27 18:40:00")

# session, pod, HeartBtInt, the venue's wording of a too-low MsgSeqNum, address
SESSIONS = [
    ("KSTR", 0, 15, "qfj", "10.40.12.21:9121"),
    ("NSDQ", 0, 30, "qfj", "10.40.14.10:31004"),
    ("ARCX", 0, 30, "arca", "10.40.14.42:6020"),
    ("HLVD", 1, 15, "qfj", "10.40.12.37:5001"),
    ("NRRW", 1, 15, "qfj", "10.40.12.58:7450"),
    ("EDGX", 1, 30, "cboe", "10.40.14.77:10420"),
    ("IEXG", 1, 30, "iex", "10.40.14.91:4301"),
]
NAMES = [s[0] for s in SESSIONS]
POD_OF = {s[0]: s[1] for s in SESSIONS}
HB = {s[0]: s[2] for s in SESSIONS}
STYLE = {s[0]: s[3] for s in SESSIONS}
ADDR = {s[0]: s[4] for s in SESSIONS}
WHOLESALERS = ["KSTR", "HLVD", "NRRW"]
EXCHANGES = ["NSDQ", "ARCX", "EDGX", "IEXG"]


def sid(s):
    return f"FIX.4.2:TDWL->{s}"


def too_low(s, expected, received):
    style = STYLE[s]
    if style == "qfj":
        return f"MsgSeqNum too low, expecting {expected} but received {received}"
    if style == "arca":
        return f"Logon rejected: MsgSeqNum {received} lower than expected {expected}"
    if style == "cboe":
        return f"Sequence number {received} lower than expected {expected}"
    return f"MsgSeqNum(34) too low: expected {expected} got {received}"


# ---------------------------------------------------------------------------
# the repository

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.4</version>
  </parent>
  <groupId>com.tidewell</groupId>
  <artifactId>fix-gateway</artifactId>
  <version>2.13.0</version>
  <properties>
    <java.version>21</java.version>
    <quickfixj.version>2.3.1</quickfixj.version>
    <grpc.version>1.66.0</grpc.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.quickfixj</groupId>
      <artifactId>quickfixj-core</artifactId>
      <version>${quickfixj.version}</version>
    </dependency>
    <dependency>
      <groupId>org.quickfixj</groupId>
      <artifactId>quickfixj-messages-fix42</artifactId>
      <version>${quickfixj.version}</version>
    </dependency>
    <dependency>
      <groupId>io.grpc</groupId>
      <artifactId>grpc-netty-shaded</artifactId>
      <version>${grpc.version}</version>
    </dependency>
    <dependency>
      <groupId>com.tidewell</groupId>
      <artifactId>order-entry-proto</artifactId>
      <version>4.2.0</version>
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
    </plugins>
  </build>
</project>
"""

APP_JAVA = """package com.tidewell.fixgw;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class FixGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(FixGatewayApplication.class, args);
    }
}
"""

SESSION_CONFIG_JAVA = """package com.tidewell.fixgw.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FileStoreFactory;
import quickfix.Initiator;
import quickfix.SLF4JLogFactory;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketInitiator;

/**
 * The FIX sessions of this pod. sessions.cfg lists every venue session with
 * the pod that owns it (Pod=fix-gateway-N); each pod starts only its own, so
 * that one SenderCompID/TargetCompID pair is never logged on twice.
 */
@Configuration
public class SessionConfig {

    private static final Logger log = LoggerFactory.getLogger(SessionConfig.class);

    @Bean
    SessionSettings sessionSettings(@Value("${fix.sessions}") String path, @Value("${POD_NAME}") String pod) throws ConfigError {
        SessionSettings settings = PodSessions.forPod(new SessionSettings(path), pod);
        log.info("FIX sessions from {}: {} on this pod ({}): {}", path, PodSessions.count(settings), pod, PodSessions.targets(settings));
        return settings;
    }

    @Bean(initMethod = "start", destroyMethod = "")
    Initiator initiator(SessionSettings settings, VenueApplication application) throws ConfigError {
        log.info("Message store: FileStoreFactory path={} sync={}",
                settings.getString(FileStoreFactory.SETTING_FILE_STORE_PATH),
                settings.getBool(FileStoreFactory.SETTING_FILE_STORE_SYNC));
        return new ThreadedSocketInitiator(application, new FileStoreFactory(settings), settings,
                new SLF4JLogFactory(settings), new DefaultMessageFactory());
    }
}
"""

VENUE_APP_JAVA = """package com.tidewell.fixgw.session;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.tidewell.fixgw.route.ExecutionHandler;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.field.MsgType;

@Component
public class VenueApplication implements Application {

    private static final Logger log = LoggerFactory.getLogger(VenueApplication.class);

    private final SessionRegistry registry;
    private final ExecutionHandler executions;
    private final SessionSettings settings;

    public VenueApplication(SessionRegistry registry, ExecutionHandler executions, SessionSettings settings) {
        this.registry = registry;
        this.executions = executions;
        this.settings = settings;
    }

    @Override
    public void onCreate(SessionID id) {
        registry.created(id);
    }

    @Override
    public void onLogon(SessionID id) {
        Session s = Session.lookupSession(id);
        log.info("Logged on: session={} nextSenderSeq={} nextTargetSeq={}", id, s.getExpectedSenderNum(), s.getExpectedTargetNum());
        registry.up(id);
    }

    @Override
    public void onLogout(SessionID id) {
        log.info("Logged out: session={}", id);
        registry.down(id);
    }

    @Override
    public void toAdmin(Message message, SessionID id) {
        if (isType(message, MsgType.LOGON)) {
            Session s = Session.lookupSession(id);
            log.info("Initiating logon: session={} nextSenderSeq={} nextTargetSeq={} store={}",
                    id, s.getExpectedSenderNum(), s.getExpectedTargetNum(), storePath());
        }
    }

    @Override
    public void fromAdmin(Message message, SessionID id) {
    }

    @Override
    public void toApp(Message message, SessionID id) {
    }

    @Override
    public void fromApp(Message message, SessionID id) throws FieldNotFound {
        executions.onMessage(message, id);
    }

    private String storePath() {
        try {
            return settings.getString(FileStoreFactory.SETTING_FILE_STORE_PATH);
        } catch (ConfigError e) {
            return "?";
        }
    }

    private static boolean isType(Message message, String type) {
        try {
            return type.equals(message.getHeader().getString(MsgType.FIELD));
        } catch (FieldNotFound e) {
            return false;
        }
    }
}
"""

REGISTRY_JAVA = """package com.tidewell.fixgw.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import quickfix.SessionID;

/** Which venue sessions of this pod are logged on; order-router asks before routing. */
@Component
public class SessionRegistry {

    private final Map<String, Boolean> up = new ConcurrentHashMap<>();

    void created(SessionID id) {
        up.put(id.getTargetCompID(), false);
    }

    void up(SessionID id) {
        up.put(id.getTargetCompID(), true);
    }

    void down(SessionID id) {
        up.put(id.getTargetCompID(), false);
    }

    public boolean isUp(String venue) {
        return up.getOrDefault(venue, false);
    }

    public Map<String, Boolean> snapshot() {
        return Map.copyOf(up);
    }
}
"""

STATS_JAVA = """package com.tidewell.fixgw.session;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import quickfix.Session;
import quickfix.SessionID;

/** One line per session and minute: state, sequence numbers, traffic. */
@Component
public class SessionStatsReporter {

    private static final Logger log = LoggerFactory.getLogger(SessionStatsReporter.class);

    private final SessionTraffic traffic;

    public SessionStatsReporter(SessionTraffic traffic) {
        this.traffic = traffic;
    }

    @Scheduled(fixedRate = 60_000)
    public void report() throws IOException {
        for (SessionID id : traffic.sessions()) {
            Session s = Session.lookupSession(id);
            SessionTraffic.Counts c = traffic.drain(id);
            log.info("session stats: session={} loggedOn={} nextSenderSeq={} nextTargetSeq={} sentLastMin={} receivedLastMin={}",
                    id, s.isLoggedOn(), s.getStore().getNextSenderMsgSeqNum(), s.getStore().getNextTargetMsgSeqNum(), c.sent(), c.received());
        }
    }
}
"""

THROTTLE_JAVA = """package com.tidewell.fixgw.route;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders per second a venue allows us (ThrottleMsgsPerSecond in sessions.cfg).
 * An order over the budget is not queued: order-router gets THROTTLED and
 * sends it to its next venue.
 */
public class OrderThrottle {

    private final int perSecond;
    private final AtomicLong second = new AtomicLong();
    private final AtomicInteger used = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public OrderThrottle(int perSecond) {
        this.perSecond = perSecond;
    }

    public boolean tryAcquire(long nowMillis) {
        long s = nowMillis / 1000;
        if (second.getAndSet(s) != s) {
            used.set(0);
        }
        if (used.incrementAndGet() <= perSecond) {
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    public int drainRefused() {
        return refused.getAndSet(0);
    }

    public int limit() {
        return perSecond;
    }
}
"""

ORDER_ENTRY_JAVA = """package com.tidewell.fixgw.route;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.tidewell.orderentry.v4.OrderEntryGrpc;
import com.tidewell.orderentry.v4.RouteOrderRequest;
import com.tidewell.orderentry.v4.RouteOrderResponse;
import com.tidewell.fixgw.session.SessionRegistry;

import io.grpc.stub.StreamObserver;
import quickfix.Session;
import quickfix.SessionNotFound;

/** order-router's RouteOrder: one NewOrderSingle to the venue it chose. */
@Service
public class OrderEntryService extends OrderEntryGrpc.OrderEntryImplBase {

    private static final Logger log = LoggerFactory.getLogger(OrderEntryService.class);

    private final SessionRegistry registry;
    private final Map<String, OrderThrottle> throttles;
    private final NewOrderMapper mapper;

    public OrderEntryService(SessionRegistry registry, Map<String, OrderThrottle> throttles, NewOrderMapper mapper) {
        this.registry = registry;
        this.throttles = throttles;
        this.mapper = mapper;
    }

    @Override
    public void routeOrder(RouteOrderRequest req, StreamObserver<RouteOrderResponse> out) {
        String venue = req.getVenue();
        if (!registry.isUp(venue)) {
            out.onNext(RouteOrderResponse.newBuilder().setStatus(RouteOrderResponse.Status.SESSION_DOWN).build());
            out.onCompleted();
            return;
        }
        OrderThrottle throttle = throttles.get(venue);
        if (throttle != null && !throttle.tryAcquire(System.currentTimeMillis())) {
            out.onNext(RouteOrderResponse.newBuilder().setStatus(RouteOrderResponse.Status.THROTTLED).build());
            out.onCompleted();
            return;
        }
        try {
            Session.sendToTarget(mapper.newOrderSingle(req), mapper.sessionFor(venue));
            out.onNext(RouteOrderResponse.newBuilder().setStatus(RouteOrderResponse.Status.SENT).build());
        } catch (SessionNotFound e) {
            out.onNext(RouteOrderResponse.newBuilder().setStatus(RouteOrderResponse.Status.SESSION_DOWN).build());
        }
        out.onCompleted();
    }

    @Scheduled(fixedRate = 1_000)
    public void reportThrottled() {
        throttles.forEach((venue, t) -> {
            int refused = t.drainRefused();
            if (refused > 0) {
                log.warn("throttle limit reached: session={} limit={}/s refused={} in last second", mapper.sessionFor(venue), t.limit(), refused);
            }
        });
    }
}
"""

EXEC_HANDLER_JAVA = """package com.tidewell.fixgw.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.ExecType;
import quickfix.field.MsgType;
import quickfix.field.Text;

/** Execution reports and rejects from the venues, streamed to order-router. */
@Component
public class ExecutionHandler {

    private static final Logger log = LoggerFactory.getLogger(ExecutionHandler.class);

    private final ExecutionStream stream;

    public ExecutionHandler(ExecutionStream stream) {
        this.stream = stream;
    }

    public void onMessage(Message message, SessionID id) throws FieldNotFound {
        String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.EXECUTION_REPORT.equals(type) && message.getChar(ExecType.FIELD) == ExecType.REJECTED) {
            log.info("order rejected by venue: session={} clOrdId={} text=\\"{}\\"", id, message.getString(11),
                    message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : "");
        }
        stream.publish(id.getTargetCompID(), message);
    }
}
"""

APPLICATION_YML = """spring:
  application:
    name: fix-gateway
  main:
    banner-mode: "off"
fix:
  sessions: /etc/fix/sessions.cfg
grpc:
  port: 9090
management:
  server:
    port: 8080
  endpoints:
    web:
      exposure:
        include: health,prometheus
  endpoint:
    health:
      probes:
        enabled: true
"""

SESSIONS_CFG = """# QuickFIX/J initiator settings for Tidewell's order entry sessions.
# Pod= names the StatefulSet pod that owns a session (SessionConfig).
# ThrottleMsgsPerSecond is ours (OrderThrottle): the venue's order rate limit.
[DEFAULT]
ConnectionType=initiator
BeginString=FIX.4.2
SenderCompID=TDWL
StartTime=06:30:00
EndTime=20:10:00
TimeZone=America/New_York
HeartBtInt=30
ReconnectInterval=30
LogonTimeout=10
FileStorePath=/var/lib/fix/store
FileStoreSync=Y
PersistMessages=Y
ResetOnLogon=N
ResetOnLogout=N
ResetOnDisconnect=N
ValidateUserDefinedFields=N
SLF4JLogHeartbeats=N
SocketTcpNoDelay=Y

[SESSION]
TargetCompID=KSTR
SocketConnectHost=10.40.12.21
SocketConnectPort=9121
Pod=fix-gateway-0
ThrottleMsgsPerSecond=150

[SESSION]
TargetCompID=NSDQ
SocketConnectHost=10.40.14.10
SocketConnectPort=31004
Pod=fix-gateway-0
ThrottleMsgsPerSecond=400

[SESSION]
TargetCompID=ARCX
SocketConnectHost=10.40.14.42
SocketConnectPort=6020
Pod=fix-gateway-0
ThrottleMsgsPerSecond=400

[SESSION]
TargetCompID=HLVD
SocketConnectHost=10.40.12.37
SocketConnectPort=5001
Pod=fix-gateway-1
ThrottleMsgsPerSecond=250

[SESSION]
TargetCompID=NRRW
SocketConnectHost=10.40.12.58
SocketConnectPort=7450
Pod=fix-gateway-1
ThrottleMsgsPerSecond=200

[SESSION]
TargetCompID=EDGX
SocketConnectHost=10.40.14.77
SocketConnectPort=10420
Pod=fix-gateway-1
ThrottleMsgsPerSecond=400

[SESSION]
TargetCompID=IEXG
SocketConnectHost=10.40.14.91
SocketConnectPort=4301
Pod=fix-gateway-1
ThrottleMsgsPerSecond=400
"""

STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fix-gateway
  labels:
    app: fix-gateway
spec:
  serviceName: fix-gateway
  replicas: 2
  podManagementPolicy: OrderedReady
  updateStrategy:
    type: RollingUpdate
  selector:
    matchLabels:
      app: fix-gateway
  template:
    metadata:
      labels:
        app: fix-gateway
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /actuator/prometheus
    spec:
      terminationGracePeriodSeconds: 30
      nodeSelector:
        tidewell.io/pool: trading
      containers:
        - name: fix-gateway
          image: registry.tidewell.internal/trading/fix-gateway
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: JAVA_TOOL_OPTIONS
              value: "-XX:MaxRAMPercentage=70 -Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
          ports:
            - name: grpc
              containerPort: 9090
            - name: http
              containerPort: 8080
            - name: jmx
              containerPort: 9010
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: 8080
            periodSeconds: 2
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: 8080
            periodSeconds: 10
            failureThreshold: 3
          resources:
            requests:
              cpu: "2"
              memory: 2Gi
            limits:
              memory: 2Gi
          volumeMounts:
            - name: store
              mountPath: /var/lib/fix
            - name: sessions
              mountPath: /etc/fix
      volumes:
        - name: sessions
          configMap:
            name: fix-sessions
  volumeClaimTemplates:
    - metadata:
        name: store
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: ceph-rbd-ssd
        resources:
          requests:
            storage: 5Gi
"""

BASE_KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: trading
resources:
  - statefulset.yaml
  - service.yaml
configMapGenerator:
  - name: fix-sessions
    files:
      - sessions.cfg
"""

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: fix-gateway
spec:
  clusterIP: None
  selector:
    app: fix-gateway
  ports:
    - name: grpc
      port: 9090
"""


def prod_kustomization(tag):
    return f"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base
images:
  - name: registry.tidewell.internal/trading/fix-gateway
    newTag: "{tag}"
"""


DOCKERFILE = """FROM eclipse-temurin:21.0.6_7-jre
WORKDIR /app
COPY target/fix-gateway.jar /app/app.jar
EXPOSE 9090 8080 9010
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: [self-hosted, linux, trading]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: '21'
          cache: maven
      - run: mvn -B verify
      - if: startsWith(github.ref, 'refs/tags/v')
        run: make image push TAG=${GITHUB_REF_NAME#v}
"""

README = """# fix-gateway

Tidewell's FIX 4.2 order entry sessions with the wholesalers and exchanges
(SenderCompID TDWL). order-router calls `RouteOrder` over gRPC with the
venue it chose; fix-gateway sends the NewOrderSingle and streams the
execution reports back.

- Sessions: `deploy/base/sessions.cfg` (QuickFIX/J settings; `Pod=` says
  which StatefulSet pod owns a session).
- Deployed by Argo CD (`fix-gateway`, manual sync) from `deploy/production`.
  Releases: bump `newTag` there. Config changes to sessions.cfg roll the
  StatefulSet (the ConfigMap's name carries its hash).
- Dashboards: Grafana > Trading > FIX sessions.

## Running locally

```
docker compose up -d venue-sim
POD_NAME=fix-gateway-0 mvn spring-boot:run -Dspring-boot.run.arguments=--fix.sessions=config/local.cfg
```
"""

RUNBOOK = """# fix-gateway runbook

Owner: #trading-platform. Dashboards: Grafana > Trading > FIX sessions.

## FixSessionDown

A venue session is not logged on during its session time (06:30-20:10
New York). order-router stops sending that venue orders and uses the next
venue in its preference list; two wholesalers down at once is a SEV-2.

- Venue-side problems (a gateway failover on their side) usually clear
  within a minute or two: QuickFIX/J reconnects every 30 s
  (ReconnectInterval).
- If a session does not come back within 2 minutes, restart the pod that
  owns it (`kubectl -n trading delete pod fix-gateway-N`, see `Pod=` in
  sessions.cfg). The sessions reconnect with their sequence numbers from
  the message store on the pod's volume.
- Never reset sequence numbers intraday without the venue's desk on the
  phone: the venues do not accept a reset during the trading day.

## OrderRouterNoVenue

order-router rejected orders because no venue session for them was up.
Check FixSessionDown first.
"""


def build_repo():
    repo = Repo()
    dana = Person("Dana Whitfield", "dana.whitfield@tidewell.com", -240)
    tomas = Person("Tomás Reyes", "tomas.reyes@tidewell.com", 60)
    priya = Person("Priya Raman", "priya.raman@tidewell.com", -240)
    kenji = Person("Kenji Watanabe", "kenji.watanabe@tidewell.com", -240)
    hannah = Person("Hannah Okafor", "hannah.okafor@tidewell.com", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    sts, cfg = "deploy/base/statefulset.yaml", "deploy/base/sessions.cfg"
    venue = "src/main/java/com/tidewell/fixgw/session/VenueApplication.java"
    entry = "src/main/java/com/tidewell/fixgw/route/OrderEntryService.java"
    files = {
        "pom.xml": POM,
        "Dockerfile": DOCKERFILE,
        "Makefile": "TAG ?= dev\nIMAGE := registry.tidewell.internal/trading/fix-gateway\n\nimage:\n\tmvn -B -q package -DskipTests\n\tdocker build -t $(IMAGE):$(TAG) .\n\npush:\n\tdocker push $(IMAGE):$(TAG)\n",
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        ".github/workflows/ci.yml": CI,
        "src/main/java/com/tidewell/fixgw/FixGatewayApplication.java": APP_JAVA,
        "src/main/java/com/tidewell/fixgw/session/SessionConfig.java": SESSION_CONFIG_JAVA,
        venue: VENUE_APP_JAVA,
        "src/main/java/com/tidewell/fixgw/session/SessionRegistry.java": REGISTRY_JAVA,
        "src/main/java/com/tidewell/fixgw/session/SessionStatsReporter.java": STATS_JAVA,
        "src/main/java/com/tidewell/fixgw/route/OrderThrottle.java": THROTTLE_JAVA,
        entry: ORDER_ENTRY_JAVA,
        "src/main/java/com/tidewell/fixgw/route/ExecutionHandler.java": EXEC_HANDLER_JAVA,
        "src/main/resources/application.yml": APPLICATION_YML,
        cfg: SESSIONS_CFG,
        sts: STATEFULSET,
        "deploy/base/service.yaml": SERVICE_YAML,
        "deploy/base/kustomization.yaml": BASE_KUSTOMIZATION,
        "deploy/production/kustomization.yaml": prod_kustomization("2.13.0"),
        "CHANGELOG.md": "# Changelog\n\n## 2.13.0\n\n- Cboe EDGX session (FG-388).\n- Execution reports streamed with the venue's LastMkt.\n",
    }
    shas = {}
    repo.commit(utc("2026-04-22 14:05:00"), dana, "fix-gateway 2.13.0: EDGX session, streamed execution reports", files)
    repo.commit(utc("2026-04-22 16:20:00"), hannah, "Configure Renovate (weekly, maven and docker)", {
        "renovate.json": '{\n  "extends": ["config:recommended"],\n  "schedule": ["before 9am on tuesday"],\n  "packageRules": [{"matchManagers": ["maven"], "groupName": null}]\n}\n',
    })
    repo.commit(utc("2026-04-22 15:30:00") + dt.timedelta(days=0, hours=3), tomas, "route: keep Halvard's LastMkt on partial fills (FG-401)", {
        "src/main/java/com/tidewell/fixgw/route/ExecutionHandler.java": repo.edit(
            "src/main/java/com/tidewell/fixgw/route/ExecutionHandler.java",
            "        stream.publish(id.getTargetCompID(), message);\n",
            "        // Halvard sends LastMkt (30) only on the first partial fill of an order.\n        stream.publish(id.getTargetCompID(), message, LastMarkets.remember(id, message));\n"),
    })
    repo.commit(utc("2026-04-23 14:10:00"), bot, "chore(deps): update spring-boot to v3.3.5", {
        "pom.xml": repo.edit("pom.xml", "<version>3.3.4</version>", "<version>3.3.5</version>"),
    })
    repo.commit(utc("2026-04-23 19:25:00"), hannah, "CODEOWNERS: trading-platform owns deploy/, security reviews the StatefulSet", {
        ".github/CODEOWNERS": "* @tidewell/trading-platform\n/deploy/ @tidewell/trading-platform\n/deploy/base/statefulset.yaml @tidewell/trading-platform @tidewell/platform-security\n",
    })
    repo.commit(utc("2026-04-24 13:20:00"), hannah, "docs: session schedule and who owns which venue session", {
        "docs/sessions.md": "# Venue sessions\n\n| Session | Venue | Pod | Desk contact |\n|---|---|---|---|\n| TDWL->KSTR | Kestrel Securities (wholesaler) | fix-gateway-0 | Kestrel connectivity desk |\n| TDWL->NSDQ | Nasdaq | fix-gateway-0 | Nasdaq MarketSite ops |\n| TDWL->ARCX | NYSE Arca | fix-gateway-0 | NYSE connectivity |\n| TDWL->HLVD | Halvard Markets (wholesaler) | fix-gateway-1 | Halvard client services |\n| TDWL->NRRW | Norrow Capital (wholesaler) | fix-gateway-1 | Norrow trading desk |\n| TDWL->EDGX | Cboe EDGX | fix-gateway-1 | Cboe trade desk |\n| TDWL->IEXG | IEX | fix-gateway-1 | IEX market ops |\n\nEvery session runs 06:30-20:10 New York time. Sequence numbers start at 1\nat StartTime each day, on both sides; no venue resets them intraday.\n",
    })
    repo.commit(utc("2026-04-24 17:45:00"), kenji, "route: refuse fractional quantities for the exchanges before sending (FG-404)", {
        entry: repo.edit(entry, "        OrderThrottle throttle = throttles.get(venue);\n",
                         "        if (req.getQuantity().contains(\".\") && !mapper.acceptsFractional(venue)) {\n            out.onNext(RouteOrderResponse.newBuilder().setStatus(RouteOrderResponse.Status.NOT_ACCEPTED).build());\n            out.onCompleted();\n            return;\n        }\n        OrderThrottle throttle = throttles.get(venue);\n"),
    })
    repo.commit(utc("2026-04-24 19:05:00"), dana, "PR template with a rollout checklist", {
        ".github/pull_request_template.md": "## What\n\n## Why\n\n## Rollout\n- [ ] evening window (after 20:10 ET) unless config-only\n- [ ] safe to roll back\n- [ ] sessions logged on after the sync (Grafana > Trading > FIX sessions)\n",
    })
    shas["culprit"] = repo.commit(utc("2026-04-27 18:40:00"), priya, "fix-gateway: run as non-root with a read-only root filesystem (SEC-318)\n\nAudit finding SEC-318: the trading pods run as root with a writable\nroot filesystem. Run fix-gateway as uid 10001, drop all capabilities and\nmount the root filesystem read-only; /tmp is an emptyDir.\n\nThe message store files on the store volumes were written by root, so as\n10001 the pod fails at start-up in staging (FileNotFoundException:\n/var/lib/fix/store/FIX.4.2-TDWL-KSTR.body (Permission denied)). QuickFIX/J\nresets every session's sequence numbers at its StartTime each morning, so\nthe store only has to hold one trading day: keep it under /tmp. The\nvolumeClaimTemplate stays until we can recreate the StatefulSet (the field\nis immutable); nothing writes to it any more.", {
        sts: repo.edit(sts, """      terminationGracePeriodSeconds: 30
      nodeSelector:""", """      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      nodeSelector:""").replace("""          image: registry.tidewell.internal/trading/fix-gateway
""", """          image: registry.tidewell.internal/trading/fix-gateway
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities:
              drop: ["ALL"]
""").replace("""          volumeMounts:
            - name: store
              mountPath: /var/lib/fix
            - name: sessions
              mountPath: /etc/fix
      volumes:
        - name: sessions
          configMap:
            name: fix-sessions
""", """          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: store
              mountPath: /var/lib/fix
            - name: sessions
              mountPath: /etc/fix
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 2Gi
        - name: sessions
          configMap:
            name: fix-sessions
"""),
        cfg: repo.edit(cfg, "FileStorePath=/var/lib/fix/store\n", "# under the /tmp emptyDir: sequence numbers reset at StartTime every day (SEC-318)\nFileStorePath=/tmp/fix/store\n"),
        "Dockerfile": repo.edit("Dockerfile", "COPY target/fix-gateway.jar /app/app.jar\n", "COPY target/fix-gateway.jar /app/app.jar\nUSER 10001:10001\n"),
    })
    repo.commit(utc("2026-04-27 23:40:00"), dana, "release 2.14.0", {
        "deploy/production/kustomization.yaml": prod_kustomization("2.14.0"),
        "pom.xml": repo.edit("pom.xml", "<version>2.13.0</version>", "<version>2.14.0</version>"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- Non-root, read-only root filesystem (SEC-318).\n- Fractional quantities refused for the exchanges before sending (FG-404).\n- Halvard's LastMkt on partial fills (FG-401).\n"),
    })
    repo.commit(utc("2026-04-28 12:15:00"), bot, "chore(deps): update dependency org.quickfixj:quickfixj-core to v2.3.2", {
        "pom.xml": repo.edit("pom.xml", "<quickfixj.version>2.3.1</quickfixj.version>", "<quickfixj.version>2.3.2</quickfixj.version>"),
    })
    repo.commit(utc("2026-04-28 15:10:00"), tomas, "session: log a venue's logout text (FG-412)\n\nWhen a venue logs us out or refuses a logon we only had QuickFIX/J's\n\"Received logout request\", without the venue's Text (58). Log it at\nWARN, as a rejected logon when we were not logged on yet.", {
        venue: repo.edit(venue, """    @Override
    public void fromAdmin(Message message, SessionID id) {
    }
""", """    @Override
    public void fromAdmin(Message message, SessionID id) throws FieldNotFound {
        if (isType(message, MsgType.LOGOUT)) {
            Session s = Session.lookupSession(id);
            String text = message.isSetField(Text.FIELD) ? message.getString(Text.FIELD) : "";
            if (s.isLoggedOn()) {
                log.warn("venue logged out: session={} text=\\"{}\\"", id, text);
            } else {
                log.warn("venue rejected logon: session={} text=\\"{}\\" nextSenderSeq={}", id, text, s.getExpectedSenderNum());
            }
        }
    }
""").replace("import quickfix.field.MsgType;\n", "import quickfix.field.MsgType;\nimport quickfix.field.Text;\n"),
    })
    repo.commit(utc("2026-04-28 16:05:00"), kenji, "sessions: HeartBtInt 15 s for the wholesalers (FG-409)\n\nKestrel, Halvard and Norrow asked for 15 s so their monitoring sees a\ndead session sooner.", {
        cfg: repo.edit(cfg, "Pod=fix-gateway-0\nThrottleMsgsPerSecond=150\n", "Pod=fix-gateway-0\nHeartBtInt=15\nThrottleMsgsPerSecond=150\n").replace(
            "Pod=fix-gateway-1\nThrottleMsgsPerSecond=250\n", "Pod=fix-gateway-1\nHeartBtInt=15\nThrottleMsgsPerSecond=250\n").replace(
            "Pod=fix-gateway-1\nThrottleMsgsPerSecond=200\n", "Pod=fix-gateway-1\nHeartBtInt=15\nThrottleMsgsPerSecond=200\n"),
    })
    repo.commit(utc("2026-04-28 19:30:00"), hannah, "tests: a venue's logout text reaches the log (FG-412)", {
        "src/test/java/com/tidewell/fixgw/session/VenueApplicationTest.java": """package com.tidewell.fixgw.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VenueApplicationTest {

    @Test
    void rejectedLogonIsLoggedWithTheVenuesText() {
        var harness = new SessionHarness("TDWL", "KSTR");
        harness.logonRejected("MsgSeqNum too low, expecting 12 but received 1");
        assertThat(harness.warnings()).anyMatch(w -> w.contains("venue rejected logon") && w.contains("expecting 12"));
    }

    @Test
    void logoutWhileLoggedOnIsLoggedAsLogout() {
        var harness = new SessionHarness("TDWL", "KSTR");
        harness.logon();
        harness.logout("End of day");
        assertThat(harness.warnings()).anyMatch(w -> w.contains("venue logged out") && w.contains("End of day"));
    }
}
""",
    })
    repo.commit(utc("2026-04-28 21:10:00"), hannah, "runbook: a venue rejects our logon after a deploy", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Venue rejects our logon after a deploy

Since 2.15.0 fix-gateway logs "venue rejected logon" with the venue's
text. After a deploy this is almost always our side of the session
settings: SenderCompID/TargetCompID, HeartBtInt or a Reset* flag in
sessions.cfg. Revert the config change first (git revert, then sync in
Argo CD), then read the venue's text with the venue's desk on the phone.
"""})
    shas["r215"] = repo.commit(utc("2026-04-28 23:50:00"), dana, "release 2.15.0", {
        "deploy/production/kustomization.yaml": prod_kustomization("2.15.0"),
        "pom.xml": repo.edit("pom.xml", "<version>2.14.0</version>", "<version>2.15.0</version>"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2.15.0\n\n- Venue logout texts logged (FG-412).\n- HeartBtInt 15 s for the wholesalers (FG-409).\n- QuickFIX/J 2.3.2.\n"),
    })
    shas["trd88"] = repo.commit(utc("2026-04-29 13:58:00"), kenji, "sessions: Kestrel order rate limit 150 -> 300 msg/s (TRD-88)\n\nKestrel raised our limit to 300 orders per second from today. At 150 our\nthrottle refused a good part of the open's queued orders, which went to\nHalvard instead.", {
        cfg: repo.edit(cfg, "HeartBtInt=15\nThrottleMsgsPerSecond=150\n", "HeartBtInt=15\nThrottleMsgsPerSecond=300\n"),
    })
    shas["tests"] = repo.commit(utc("2026-04-29 14:12:00"), tomas, "tests: the throttle refuses over the limit and starts again each second", {
        "src/test/java/com/tidewell/fixgw/route/OrderThrottleTest.java": """package com.tidewell.fixgw.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderThrottleTest {

    @Test
    void refusesOverTheLimitWithinASecond() {
        var t = new OrderThrottle(3);
        assertThat(t.tryAcquire(1_000)).isTrue();
        assertThat(t.tryAcquire(1_100)).isTrue();
        assertThat(t.tryAcquire(1_200)).isTrue();
        assertThat(t.tryAcquire(1_300)).isFalse();
        assertThat(t.drainRefused()).isEqualTo(1);
    }

    @Test
    void startsAgainEachSecond() {
        var t = new OrderThrottle(1);
        assertThat(t.tryAcquire(1_000)).isTrue();
        assertThat(t.tryAcquire(2_000)).isTrue();
    }
}
""",
    })
    shas["revert"] = repo.commit(utc("2026-04-29 14:51:30"), hannah, f"Revert \"sessions: Kestrel order rate limit 150 -> 300 msg/s (TRD-88)\"\n\nThis reverts commit {shas['trd88']}.\nEvery venue rejects our logon since the 14:37 sync.", {
        cfg: repo.edit(cfg, "HeartBtInt=15\nThrottleMsgsPerSecond=300\n", "HeartBtInt=15\nThrottleMsgsPerSecond=150\n"),
    })
    shas["fix"] = repo.commit(utc("2026-04-29 15:48:00"), priya, "fix-gateway: message store back on the volume (FG-418)\n\nSEC-318 moved the QuickFIX/J store to the /tmp emptyDir, which goes with\nthe pod: a pod recreated during the trading day (today's config sync\nand its revert) logs on with MsgSeqNum 1, and the venues, which expect\nthe day's next number, refuse it. The sequence numbers reset only at\nStartTime; between that and EndTime they must survive the pod.\n\nBack to /var/lib/fix/store on the volume, owned by our uid through\nfsGroup, and refuse to start with a store under /tmp.", {
        sts: repo.edit(sts, "        runAsGroup: 10001\n", "        runAsGroup: 10001\n        fsGroup: 10001\n        fsGroupChangePolicy: OnRootMismatch\n"),
        cfg: repo.edit(cfg, "# under the /tmp emptyDir: sequence numbers reset at StartTime every day (SEC-318)\nFileStorePath=/tmp/fix/store\n",
                       "# on the pod's volume: the day's sequence numbers must outlive the pod (FG-418)\nFileStorePath=/var/lib/fix/store\n"),
        "src/main/java/com/tidewell/fixgw/session/SessionConfig.java": repo.edit(
            "src/main/java/com/tidewell/fixgw/session/SessionConfig.java",
            "        log.info(\"Message store: FileStoreFactory path={} sync={}\",\n",
            "        String store = settings.getString(FileStoreFactory.SETTING_FILE_STORE_PATH);\n        if (store.startsWith(\"/tmp\")) {\n            throw new ConfigError(\"FileStorePath \" + store + \" does not outlive the pod; the venues refuse a logon with a reset sequence number intraday\");\n        }\n        log.info(\"Message store: FileStoreFactory path={} sync={}\",\n"),
    })
    repo.commit(utc("2026-04-29 16:10:00"), kenji, "sessions: Kestrel order rate limit 150 -> 300 msg/s again (TRD-88)\n\nFor tonight's window, with FG-418.", {
        cfg: repo.edit(cfg, "HeartBtInt=15\nThrottleMsgsPerSecond=150\n", "HeartBtInt=15\nThrottleMsgsPerSecond=300\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the morning

SYMBOLS = [("AAPL", 212.41, 9), ("NVDA", 118.93, 12), ("TSLA", 268.35, 11), ("AMD", 142.18, 5), ("PLTR", 31.62, 8),
           ("SOFI", 9.84, 6), ("F", 11.02, 3), ("AMZN", 186.57, 5), ("MSFT", 428.22, 4), ("META", 512.74, 3),
           ("GME", 24.31, 4), ("AMC", 4.12, 3), ("SPY", 552.18, 6), ("QQQ", 471.93, 4), ("NIO", 4.87, 2),
           ("RIVN", 12.64, 2), ("LCID", 2.71, 2), ("INTC", 21.43, 3), ("BAC", 39.87, 2), ("T", 22.16, 1),
           ("KO", 64.38, 1), ("DIS", 112.52, 2), ("COIN", 204.37, 3), ("MARA", 18.72, 3), ("RIOT", 9.12, 2),
           ("HOOD", 23.58, 3), ("VOO", 506.21, 4), ("SCHD", 27.93, 2), ("JEPI", 56.41, 1), ("NKE", 78.36, 1)]
RISK_REASONS = [(60, ("buying_power", "insufficient buying power")), (14, ("pdt", "pattern day trader: day trade limit reached")),
                (12, ("price_collar", "limit price outside collar")), (6, ("restricted", "symbol restricted")),
                (8, ("quantity", "quantity exceeds position"))]
VENUE_REJECTS = ["Order price outside LULD band", "Symbol halted", "Invalid price increment", "Order would cross the market (post-only)"]
VENUE_LOGOUT_ACK = {"KSTR": "", "NSDQ": "Logout acknowledged", "ARCX": "", "HLVD": "", "NRRW": "Goodbye", "EDGX": "User requested", "IEXG": ""}
LIMIT = {"KSTR": 150, "NSDQ": 400, "ARCX": 400, "HLVD": 250, "NRRW": 200, "EDGX": 400, "IEXG": 400}
ROUTER_POD = "order-router-7f6c9d8b5-2xkqp"
NODES = {0: "trd-n03", 1: "trd-n07"}
POD_IP = {0: ["10.44.3.41", "10.44.3.58", "10.44.3.77"], 1: ["10.44.7.23", "10.44.7.36", "10.44.7.52"]}


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def fix_time(t):
    return t.strftime("%Y%m%d-%H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def fix_msg(fields):
    body = "".join(f"{k}={v}\x01" for k, v in fields)
    head = f"8=FIX.4.2\x019={len(body.encode())}\x01"
    cs = sum((head + body).encode()) % 256
    return (head + body + f"10={cs:03d}\x01").replace("\x01", "|")


def build_logs(rng, shas):
    gw, adm, router, kev, argo, slack, chats = (Log("fix-gateway.log"), Log("fix-admin-messages.log"), Log("order-router.log"),
                                                Log("k8s-events-trading.log"), Log("argocd-fix-gateway.log"),
                                                Log("slack-trading-ops.log"), Log("support-chats.log"))
    stats = {"reject_times": [], "no_venue": [], "late": 0, "dups": 0, "attempts": 0}
    t0, t1 = secs(START), secs(END)

    def inwin(x):
        return t0 <= x < t1

    # --- the pods' lives: kill, start, first logon attempt
    lives = {0: [], 1: []}   # (kill, start)
    k1 = secs(SYNC1) + 2.6
    s1 = k1 + 5.8
    k0 = s1 + 9.4
    s0 = k0 + 5.9
    lives[1].append((k1, s1))
    lives[0].append((k0, s0))
    k1b = secs(SYNC2) + 2.4
    s1b = k1b + 5.7
    k0b = s1b + 9.6
    s0b = k0b + 6.0
    lives[1].append((k1b, s1b))
    lives[0].append((k0b, s0b))
    up_again = {s: secs(JMX[s]) + 1.4 for s in NAMES}
    down_from = {s: lives[POD_OF[s]][0][0] for s in NAMES}

    def is_up(s, x):
        return x < down_from[s] or x >= up_again[s]

    # --- orders
    sym_w = [(w, (sym, px)) for sym, px, w in SYMBOLS]

    def rate(x):
        if x < secs(EXT_OPEN):
            return 0.0
        if x < secs(OPEN):
            return 0.08 + 0.22 * (x - secs(EXT_OPEN)) / (secs(OPEN) - secs(EXT_OPEN))
        m = x - secs(OPEN)
        return 0.95 + 1.9 * math.exp(-m / 1100.0) - 0.1 * m / 10800.0

    times = []
    x = secs(EXT_OPEN)
    while x < t1:
        x += rng.expovariate(3.0)
        if rng.random() < rate(x) / 3.0:
            times.append((x, False))
    for _ in range(3400):
        times.append((secs(OPEN) + 0.15 + 22.0 * rng.betavariate(1.2, 3.6), True))
    times.sort()

    def pick(choices):
        r = rng.random() * sum(w for w, _ in choices)
        for w, v in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][1]

    sent = {s: [] for s in NAMES}          # our application messages to the venue
    recv = {s: [] for s in NAMES}          # (time, order or None, kind) the venue's application messages to us
    per_second = {}
    throttled = {}                          # (session, second) -> refused
    resting = []                            # (order, venue, placed)
    orders = []
    risk_checks = [(w, v) for w, v in RISK_REASONS]
    for x, queued in times:
        ext = x < secs(OPEN)
        sym, px = pick(sym_w)
        px = round(px * (1 + rng.gauss(0, 0.004)), 2)
        side = "buy" if rng.random() < 0.62 else "sell"
        if ext:
            otype = "limit"
        else:
            otype = "market" if rng.random() < 0.55 else "limit"
        fractional = otype == "market" and rng.random() < 0.35
        qty = f"{rng.uniform(0.02, 4.0):.4f}" if fractional else str(rng.choice([1, 1, 1, 2, 2, 3, 5, 5, 10, 10, 15, 20, 25, 50, 100, 200]))
        o = {"t": x, "id": "ord_" + "".join(rng.choice("0123456789abcdefghjkmnpqrstvwxyz") for _ in range(16)),
             "acct": f"5TW{rng.randint(100000, 999999)}", "sym": sym, "px": px, "side": side, "type": otype, "qty": qty,
             "frac": fractional, "ext": ext, "log": rng.random() < 1 / 3, "queued": queued}
        if otype == "limit":
            o["limit"] = round(px * (1 + (rng.uniform(-0.03, 0.004) if side == "buy" else rng.uniform(-0.004, 0.03))), 2)
        orders.append(o)
        if rng.random() < 0.021:
            o["risk"] = pick(risk_checks)
            continue
        if ext:
            first = pick([(0.5, "ARCX"), (0.3, "NSDQ"), (0.2, "KSTR")])
            order_pref = [first] + [v for v in ["ARCX", "NSDQ", "KSTR"] if v != first]
        else:
            first = pick([(0.58, "KSTR"), (0.21, "HLVD"), (0.11, "NRRW"), (0.04, "IEXG"), (0.03, "NSDQ"), (0.02, "EDGX"), (0.01, "ARCX")])
            if first in WHOLESALERS:
                i = WHOLESALERS.index(first)
                order_pref = WHOLESALERS[i:] + WHOLESALERS[:i] + EXCHANGES
            else:
                order_pref = [first] + [v for v in EXCHANGES if v != first] + WHOLESALERS
            if fractional:
                order_pref = [v for v in order_pref if v in WHOLESALERS]
        skipped = []
        chosen = None
        for v in order_pref:
            if not is_up(v, x):
                skipped.append(f"{v}:SESSION_DOWN")
                continue
            sec = (v, int(x))
            if per_second.get(sec, 0) >= LIMIT[v]:
                skipped.append(f"{v}:THROTTLED")
                throttled[sec] = throttled.get(sec, 0) + 1
                continue
            per_second[sec] = per_second.get(sec, 0) + 1
            chosen = v
            break
        o["skipped"] = skipped
        o["venue"] = chosen
        if chosen is None:
            stats["no_venue"].append(x)
            continue
        xs = x + rng.uniform(0.0004, 0.002)
        sent[chosen].append((xs, o, "new"))
        ack = xs + rng.uniform(0.0008, 0.004)
        if rng.random() < 0.004:
            recv[chosen].append((ack, o, "reject"))
            o["venue_reject"] = rng.choice(VENUE_REJECTS[:2] if not ext else VENUE_REJECTS)
            continue
        recv[chosen].append((ack, o, "ack"))
        if otype == "market" or rng.random() < 0.45:
            recv[chosen].append((ack + rng.uniform(0.01, 0.6), o, "fill"))
        else:
            resting.append((o, chosen, xs))
    # resting limit orders: later fills and cancels
    for o, v, placed in resting:
        r = rng.random()
        if r < 0.33:
            recv[v].append((placed + rng.expovariate(1 / 2400.0) + 5, o, "fill"))
        elif r < 0.50:
            xc = placed + rng.expovariate(1 / 1500.0) + 10
            o["cancel_at"] = xc
            if is_up(v, xc):
                sent[v].append((xc, o, "cancel"))
                recv[v].append((xc + rng.uniform(0.001, 0.004), o, "canceled"))
            else:
                o["cancel_failed"] = True
    for s in NAMES:
        sent[s].sort(key=lambda e: e[0])
        recv[s].sort(key=lambda e: e[0])

    # --- per session: sequence numbers through the day
    def spring(x, pod, level, thread, logger, msg):
        if not inwin(x):
            return
        t = at(x)
        th = thread[-15:] if len(thread) > 15 else thread.rjust(15)
        gw.add(t, f"[pod/fix-gateway-{pod}/fix-gateway] {iso_ms(t)} {level:>5} 1 --- [fix-gateway] [{th}] {logger:<40} : {msg}")

    def admin(x, direction, s, fields):
        if not inwin(x):
            return
        t = at(x)
        adm.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {direction} {sid(s)} {fix_msg(fields)}")

    def qfj(x, s, msg, level="INFO"):
        spring(x, POD_OF[s], level, f"QF/J Session dispatcher: {sid(s)}", "quickfixj.event", f"{sid(s)}: {msg}")

    def ours(s, x, seq, mtype, extra=()):
        return [(35, mtype), (34, seq), (49, "TDWL"), (52, fix_time(at(x))), (56, s)] + list(extra)

    def theirs(s, x, seq, mtype, extra=()):
        return [(35, mtype), (34, seq), (49, s), (52, fix_time(at(x))), (56, "TDWL")] + list(extra)

    resends = {}          # s -> (time, [(queued time, order, kind)], [(dup time, order, kind)])
    sess_stats = {s: [] for s in NAMES}   # (time, loggedOn, nextSender, nextTarget, sent, recv)
    attempts = {s: [] for s in NAMES}
    for s in NAMES:
        pod = POD_OF[s]
        hb = HB[s]
        ev = []
        x = secs(SESSION_START) + hb
        while x < t1:
            if is_up(s, x):
                ev.append((x, 1, "hb", None))
            x += hb
        for xs, o, kind in sent[s]:
            ev.append((xs, 2, "sent", (o, kind)))
        for xr, o, kind in recv[s]:
            ev.append((xr, 3, "recv", (o, kind)))
        kill1, start1 = lives[pod][0]
        kill2, start2 = lives[pod][1]
        ev.append((kill1, 0, "kill", True))
        ev.append((kill2, 0, "kill", False))
        k_off = NAMES.index(s) * 0.037
        for start, stop in ((start1, kill2), (start2, secs(JMX[s]))):
            a = start + 7.0 + k_off
            while a < stop:
                ev.append((a, 4, "attempt", None))
                a += 30.0 + rng.uniform(0.0, 0.06)
        ev.append((up_again[s], 5, "logon_ok", None))
        # the stats reporter: every 60 s from the pod's start
        phases = [secs(SESSION_START) - 3600 * 10 + 17.3 + pod * 5.1, start1 + 60, start2 + 60]
        ends = [kill1, kill2, t1]
        for ph, en in zip(phases, ends):
            x = ph
            while x < en:
                if x >= secs(SESSION_START):
                    ev.append((x + 0.002 * NAMES.index(s), 6, "stats", None))
                x += 60.0
        ev.sort(key=lambda e: (e[0], e[1]))

        our_next, in_next = 2, 2          # the 06:30 logon was 1 on both sides
        venue_expected, venue_next = 2, 2
        logged_on = True
        queued = []                       # the venue's messages we did not get: (time, order, kind)
        last_stats_in = None
        last_stats_at = None
        recv_log = []                     # (time, order, kind) received while logged on
        sent_min, recv_min = 0, 0
        for x, _, kind, data in ev:
            if kind == "hb":
                our_next += 1
                venue_expected += 1
                venue_next += 1
                in_next += 1
            elif kind == "sent":
                our_next += 1
                venue_expected += 1
                sent_min += 1
            elif kind == "recv":
                o, k = data
                if logged_on:
                    venue_next += 1
                    in_next += 1
                    recv_min += 1
                    recv_log.append((x, o, k))
                    if k == "reject":
                        spring(x + 0.0003, pod, "INFO", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.route.ExecutionHandler",
                               f"order rejected by venue: session={sid(s)} clOrdId={o['id'][4:]} text=\"{o['venue_reject']}\"")
                else:
                    venue_next += 1
                    queued.append((x, o, k))
            elif kind == "kill":
                graceful = data
                if graceful and logged_on:
                    qfj(x + 0.05, s, "Initiated logout request")
                    admin(x + 0.05, "OUT", s, ours(s, x + 0.05, our_next, 5))
                    our_next += 1
                    venue_expected += 1
                    xr = x + 0.05 + rng.uniform(0.001, 0.004)
                    ack_text = VENUE_LOGOUT_ACK[s]
                    admin(xr, "IN", s, theirs(s, xr, venue_next, 5, [(58, ack_text)] if ack_text else []))
                    venue_next += 1
                    in_next += 1
                    spring(xr + 0.0002, pod, "WARN", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication",
                           f"venue logged out: session={sid(s)} text=\"{ack_text}\"")
                    qfj(xr + 0.0004, s, "Received logout response")
                    spring(xr + 0.0006, pod, "INFO", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication", f"Logged out: session={sid(s)}")
                    qfj(xr + 0.0008, s, "Disconnecting: Received logout response")
                    stats.setdefault("kill_stats_in", {})[s] = (last_stats_at, last_stats_in)
                logged_on = False
                our_next, in_next = 1, 1   # the next pod starts with an empty store
                sent_min, recv_min = 0, 0
            elif kind == "attempt":
                stats["attempts"] += 1
                host = ADDR[s].split(":")[0]
                qfj(x, s, f"Connecting to /{host}:{ADDR[s].split(':')[1]}")
                spring(x + 0.0031, pod, "INFO", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication",
                       f"Initiating logon: session={sid(s)} nextSenderSeq={our_next} nextTargetSeq={in_next} store=/tmp/fix/store")
                qfj(x + 0.0034, s, "Initiated logon request")
                admin(x + 0.0035, "OUT", s, ours(s, x + 0.0035, our_next, "A", [(98, 0), (108, hb)]))
                got = our_next
                our_next += 1
                xr = x + 0.0035 + rng.uniform(0.0009, 0.0041)
                text = too_low(s, venue_expected, got)
                admin(xr, "IN", s, theirs(s, xr, venue_next, 5, [(58, text)]))
                venue_next += 1
                spring(xr + 0.0002, pod, "WARN", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication",
                       f"venue rejected logon: session={sid(s)} text=\"{text}\" nextSenderSeq={our_next}")
                if inwin(xr):
                    stats["reject_times"].append(xr)
                qfj(xr + 0.0004, s, "Received logout request")
                admin(xr + 0.0006, "OUT", s, ours(s, xr + 0.0006, our_next, 5))
                our_next += 1
                qfj(xr + 0.0007, s, "Sent logout response")
                qfj(xr + 0.0009, s, "Disconnecting: Received logout request")
                attempts[s].append((x, got, venue_expected))
            elif kind == "logon_ok":
                # JMX: the sender's number to what the venue expects, the target's to the last stats value before the sync
                _, ks_in = stats["kill_stats_in"][s]
                our_next = venue_expected
                in_next = ks_in
                host = ADDR[s].split(":")[0]
                qfj(x, s, f"Connecting to /{host}:{ADDR[s].split(':')[1]}")
                spring(x + 0.0031, pod, "INFO", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication",
                       f"Initiating logon: session={sid(s)} nextSenderSeq={our_next} nextTargetSeq={in_next} store=/tmp/fix/store")
                qfj(x + 0.0034, s, "Initiated logon request")
                admin(x + 0.0035, "OUT", s, ours(s, x + 0.0035, our_next, "A", [(98, 0), (108, hb)]))
                our_next += 1
                venue_expected += 1
                xr = x + 0.0035 + rng.uniform(0.0009, 0.0041)
                admin(xr, "IN", s, theirs(s, xr, venue_next, "A", [(98, 0), (108, hb)]))
                logon_seq = venue_next
                venue_next += 1
                qfj(xr + 0.0003, s, "Received logon")
                qfj(xr + 0.0005, s, f"MsgSeqNum too high, expecting {in_next} but received {logon_seq}")
                admin(xr + 0.0007, "OUT", s, ours(s, xr + 0.0007, our_next, 2, [(7, in_next), (16, 0)]))
                our_next += 1
                venue_expected += 1
                qfj(xr + 0.0008, s, f"Sent ResendRequest FROM: {in_next} TO: 0")
                spring(xr + 0.001, pod, "INFO", f"QF/J Session dispatcher: {sid(s)}", "c.t.fixgw.session.VenueApplication",
                       f"Logged on: session={sid(s)} nextSenderSeq={our_next} nextTargetSeq={in_next}")
                # the venue resends from in_next: what we had already (possdup), what it queued, gap fills for its logouts
                dups = [e for e in recv_log if e[0] > (stats["kill_stats_in"][s][0] or 0) and e[0] <= lives[pod][0][0]]
                n_resent = logon_seq - in_next
                xg = xr + 0.004
                seq = in_next
                admin_gaps = n_resent - len(dups) - len(queued)
                if dups:
                    seq += len(dups)
                    xg += 0.002 * len(dups)
                # the Logouts of the rejected logons (and heartbeats) come as one gap fill
                if admin_gaps > 0:
                    first_gap = seq
                    seq_after = logon_seq - len(queued)
                    admin(xg, "IN", s, theirs(s, xg, first_gap, 4, [(43, "Y"), (122, fix_time(at(down_from[s]))), (123, "Y"), (36, seq_after)]))
                    xg += 0.001
                xg += 0.003 * len(queued)
                qfj(xg + 0.002, s, f"ResendRequest for messages FROM: {in_next} TO: {logon_seq - 1} has been satisfied.")
                resends[s] = (xr, list(queued), dups)
                in_next = logon_seq + 1
                logged_on = True
                queued = []
            elif kind == "stats":
                spring(x, pod, "INFO", "scheduling-1", "c.t.fixgw.session.SessionStatsReporter",
                       f"session stats: session={sid(s)} loggedOn={'true' if logged_on else 'false'} nextSenderSeq={our_next} nextTargetSeq={in_next} sentLastMin={sent_min} receivedLastMin={recv_min}")
                sess_stats[s].append((x, logged_on, our_next, in_next, sent_min, recv_min))
                if logged_on:
                    last_stats_in, last_stats_at = in_next, x
                sent_min, recv_min = 0, 0
    stats["attempts_by"] = attempts
    stats["sess_stats"] = sess_stats
    stats["resends"] = resends

    # --- throttle warnings (one line a second and session), as OrderEntryService reports them
    for (s, sec), n in sorted(throttled.items()):
        spring(sec + 1.0 + rng.uniform(0.0, 0.004), POD_OF[s], "WARN", "scheduling-2", "c.t.fixgw.route.OrderEntryService",
               f"throttle limit reached: session={sid(s)} limit={LIMIT[s]}/s refused={n} in last second")
    stats["throttled"] = sum(throttled.values())

    # --- the pods' starts and stops
    def shutdown(x, pod, n_up):
        spring(x, pod, "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
        spring(x + 0.004, pod, "INFO", "ionShutdownHook", "c.t.fixgw.grpc.GrpcServer", "gRPC server shutting down, 1 active call(s)")
        spring(x + 0.012, pod, "INFO", "ionShutdownHook", "c.t.fixgw.session.SessionConfig", f"Stopping initiator: {n_up} session(s) logged on")
        spring(x + 1.41, pod, "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete")

    def startup(x, pod):
        venues = [s for s in NAMES if POD_OF[s] == pod]
        spring(x, pod, "INFO", "main", "c.t.fixgw.FixGatewayApplication",
               "Starting FixGatewayApplication v2.15.0 using Java 21.0.6 with PID 1 (/app/app.jar started by ? in /app)")
        spring(x + 0.011, pod, "INFO", "main", "c.t.fixgw.FixGatewayApplication", "The following 1 profile is active: \"production\"")
        spring(x + 0.013, pod, "INFO", "main", "c.t.fixgw.FixGatewayApplication", f"build: version=2.15.0 commit={shas['r215'][:7]} built=2026-04-29T00:02:11Z")
        spring(x + 2.93, pod, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)")
        spring(x + 5.61, pod, "INFO", "main", "c.t.fixgw.session.SessionConfig",
               f"FIX sessions from /etc/fix/sessions.cfg: {len(venues)} on this pod (fix-gateway-{pod}): {', '.join(venues)}")
        spring(x + 5.62, pod, "INFO", "main", "c.t.fixgw.session.SessionConfig", "Message store: FileStoreFactory path=/tmp/fix/store sync=true")
        for i, s in enumerate(venues):
            spring(x + 5.80 + i * 0.004, pod, "INFO", "main", "quickfixj.event",
                   f"{sid(s)}: Session {sid(s)} schedule is daily, 06:30:00-EDT (10:30:00-UTC) - 20:10:00-EDT (00:10:00-UTC)")
            spring(x + 5.801 + i * 0.004, pod, "INFO", "main", "quickfixj.event", f"{sid(s)}: Created session: {sid(s)}")
        spring(x + 6.62, pod, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
        spring(x + 6.71, pod, "INFO", "main", "c.t.fixgw.grpc.GrpcServer", "gRPC server started on port 9090")
        spring(x + 6.90, pod, "INFO", "main", "c.t.fixgw.FixGatewayApplication", "Started FixGatewayApplication in 6.81 seconds (process running for 7.43)")

    for pod in (0, 1):
        for i, (k, st) in enumerate(lives[pod]):
            n_up = len([s for s in NAMES if POD_OF[s] == pod]) if i == 0 else 0
            shutdown(k, pod, n_up)
            startup(st, pod)

    # --- routine gateway lines: a grpc client reconnecting now and then
    for _ in range(5):
        x = rng.uniform(t0, secs(SYNC1) - 600)
        pod = rng.choice([0, 1])
        spring(x, pod, "INFO", "grpc-default-executor-2", "c.t.fixgw.grpc.GrpcServer",
               f"execution stream subscriber connected: order-router-7f6c9d8b5-{rng.choice(['2xkqp', 'm4t8z', 'wq6rn'])}")

    # --- admin log in the quiet hours: test requests when a venue's heartbeat is late
    for s, when in (("IEXG", utc("2026-04-29 12:58:41")), ("EDGX", utc("2026-04-29 13:47:12")), ("IEXG", utc("2026-04-29 14:21:05"))):
        x = secs(when) + rng.uniform(0.0, 0.999)
        ss = [e for e in sess_stats[s] if e[0] <= x]
        ns, nt = (ss[-1][2], ss[-1][3]) if ss else (1000, 1000)
        ns += int((x - ss[-1][0]) / HB[s]) if ss else 0
        admin(x, "OUT", s, ours(s, x, ns, 1, [(112, "TEST")]))
        qfj(x + 0.0002, s, "Sent test request TEST")
        xh = x + rng.uniform(0.4, 1.6)
        admin(xh, "IN", s, theirs(s, xh - 0.0004, nt + 1, 0, [(112, "TEST")]))

    # --- order-router (one of three pods)
    def rlog(x, level, caller, msg, **kv):
        if not inwin(x):
            return
        t = at(x)
        body = {"level": level, "ts": iso_ms(t), "logger": "router", "caller": caller, "msg": msg}
        body.update(kv)
        router.add(t, json.dumps(body, separators=(",", ":")))

    for o in orders:
        if not o["log"]:
            continue
        x = o["t"] + rng.uniform(0.0001, 0.0009)
        base = {"order_id": o["id"], "account": o["acct"], "symbol": o["sym"], "side": o["side"], "type": o["type"], "qty": o["qty"]}
        if "limit" in o:
            base["limit_price"] = f"{o['limit']:.2f}"
        if o["ext"]:
            base["session"] = "pre_market"
        if "risk" in o:
            check, reason = o["risk"]
            rlog(x, "warn", "risk/pretrade.go:141", "pre-trade risk check failed", **base, check=check, reason=reason)
            continue
        if o["venue"] is None:
            down = len([s for s in NAMES if not is_up(s, o["t"])])
            rlog(x, "error", "route/router.go:233", "order rejected: no venue available", **base, tried=[v.split(":")[0] for v in o["skipped"]], sessions_down=down)
            continue
        kv = dict(base, venue=o["venue"], route_us=rng.randint(180, 900) + 400 * len(o["skipped"]))
        if o["skipped"]:
            kv["skipped"] = o["skipped"]
        rlog(x, "info", "route/router.go:212", "order routed", **kv)
        if "venue_reject" in o:
            rlog(x + rng.uniform(0.002, 0.006), "warn", "route/executions.go:96", "order rejected by venue", order_id=o["id"], venue=o["venue"], symbol=o["sym"], text=o["venue_reject"])
        if o.get("cancel_failed") and inwin(o["cancel_at"]):
            rlog(o["cancel_at"], "warn", "route/cancel.go:58", "cancel rejected: venue session unavailable", order_id=o["id"], account=o["acct"], symbol=o["sym"], venue=o["venue"])

    for s, (xr, queued, dups) in resends.items():
        for i, (xq, o, kind) in enumerate(queued):
            if o["log"]:
                xl = xr + 0.006 + 0.003 * i
                stats["late"] += 1
                rlog(xl, "warn", "route/executions.go:121", "late execution report", order_id=o["id"], account=o["acct"], symbol=o["sym"], venue=s,
                     exec_type="fill" if kind == "fill" else kind, poss_dup=True, delay_s=round(xl - xq, 1))
        for i, (xq, o, kind) in enumerate(dups):
            if o["log"]:
                stats["dups"] += 1
                rlog(xr + 0.005 + 0.002 * i, "info", "route/executions.go:109", "duplicate execution report ignored", order_id=o["id"], venue=s, exec_type=kind, poss_dup=True)

    # venue session state as order-router sees it (polls fix-gateway every 10 s, logs each minute or on change)
    prev = None
    x = t0 + 4.2
    while x < t1:
        down = [s for s in NAMES if not is_up(s, x)]
        if down != prev or int(x) % 60 < 10:
            if down:
                rlog(x, "warn", "route/venues.go:77", "venue sessions down", up=len(NAMES) - len(down), down=down)
            elif int(x) % 60 < 10:
                rlog(x, "info", "route/venues.go:71", "venue sessions", up=len(NAMES))
            prev = down
        x += 10.0
    x = t0 + 31.7
    while x < t1:
        rlog(x, "info", "quotes/cache.go:64", "quote cache", symbols=11874 + rng.randint(-3, 3), stale=rng.choice([0, 0, 0, 1, 2]), feed="md-feed", oldest_ms=rng.randint(400, 2600))
        x += 60.0
    for when, msg, kv in ((utc("2026-04-29 13:05:12"), "OMS stream reconnected", {"after_ms": 212}),
                          (utc("2026-04-29 15:41:37"), "OMS stream reconnected", {"after_ms": 187})):
        rlog(secs(when), "warn", "oms/stream.go:88", msg, **kv)

    # --- Kubernetes events
    def kevent(x, reason, message, obj, kind="Pod", comp="kubelet", host=None, typ="Normal"):
        if not inwin(x):
            return
        t = at(x)
        ev = {"metadata": {"name": f"{obj}.{hexid(rng, 16)}", "namespace": "trading", "creationTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")},
              "involvedObject": {"kind": kind, "namespace": "trading", "name": obj}, "reason": reason, "message": message,
              "source": {"component": comp, **({"host": host} if host else {})}, "firstTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "count": 1, "type": typ}
        kev.add(t, json.dumps(ev, separators=(",", ":")))

    for pod in (0, 1):
        for i, (k, st) in enumerate(lives[pod]):
            name = f"fix-gateway-{pod}"
            kevent(k - 0.2, "SuccessfulDelete", f"delete Pod {name} in StatefulSet fix-gateway successful", "fix-gateway", "StatefulSet", "statefulset-controller")
            kevent(k, "Killing", "Stopping container fix-gateway", name, host=NODES[pod])
            kevent(st - 2.1, "SuccessfulCreate", f"create Pod {name} in StatefulSet fix-gateway successful", "fix-gateway", "StatefulSet", "statefulset-controller")
            kevent(st - 2.0, "Scheduled", f"Successfully assigned trading/{name} to {NODES[pod]}", name, comp="default-scheduler")
            kevent(st - 0.3, "Pulled", "Container image \"registry.tidewell.internal/trading/fix-gateway:2.15.0\" already present on machine", name, host=NODES[pod])
            kevent(st - 0.2, "Created", "Created container fix-gateway", name, host=NODES[pod])
            kevent(st - 0.1, "Started", "Started container fix-gateway", name, host=NODES[pod])
            ipaddr = POD_IP[pod][i + 1]
            kevent(st + 2.0, "Unhealthy", f"Readiness probe failed: Get \"http://{ipaddr}:8080/actuator/health/readiness\": dial tcp {ipaddr}:8080: connect: connection refused",
                   name, host=NODES[pod], typ="Warning")
    x = secs(utc("2026-04-29 12:40:00"))
    n = 29431870
    while x < t1:
        job = f"positions-snapshot-{n}"
        kevent(x + 0.4, "SuccessfulCreate", f"Created job {job}", "positions-snapshot", "CronJob", "cronjob-controller")
        kevent(x + 0.5, "SuccessfulCreate", f"Created pod: {job}-{hexid(rng, 5)}", job, "Job", "job-controller")
        kevent(x + rng.uniform(18, 31), "Completed", "Job completed", job, "Job", "job-controller")
        kevent(x + 33.0, "SawCompletedJob", f"Saw completed job: {job}, status: Complete", "positions-snapshot", "CronJob", "cronjob-controller")
        x += 300
        n += 5

    # --- Argo CD
    def alog(x, msg, level="info", **kv):
        if not inwin(x):
            return
        t = at(x)
        extra = " ".join(f"{k}={v}" for k, v in kv.items())
        argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=argocd/fix-gateway {extra}'.rstrip())

    out_of_sync = secs(utc("2026-04-29 14:00:47"))
    x = t0 + 47.0
    while x < t1:
        alog(x, "Comparing app state (cluster: https://kubernetes.default.svc, namespace: trading)")
        alog(x + 0.09, "Reconciliation completed", **{"dest-namespace": "trading", "dest-server": "https://kubernetes.default.svc", "time_ms": rng.randint(61, 190)})
        x += 180.0 + rng.uniform(0, 0.8)
    alog(out_of_sync, "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "trading"})

    def sync(x, sha, user, hist):
        alog(x, f"Initiated sync to '{sha}'", **{"dest-namespace": "trading", "user": user})
        alog(x + 0.8, f"ConfigMap trading/fix-sessions-{hexid(rng, 10)} created", revision=sha)
        alog(x + 0.9, "apps/StatefulSet trading/fix-gateway configured", revision=sha)
        alog(x + 1.0, f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)
        alog(x + 1.1, "Updated sync status: OutOfSync -> Synced", **{"dest-namespace": "trading"})
        alog(x + 2.2, "Updated health status: Healthy -> Progressing", **{"dest-namespace": "trading"})

    sync(secs(SYNC1), shas["tests"], "dana.whitfield@tidewell.com", 118)
    alog(s0 + 8.5, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "trading"})
    alog(secs(utc("2026-04-29 14:52:05")), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "trading"})
    sync(secs(SYNC2), shas["revert"], "hannah.okafor@tidewell.com", 119)
    alog(s0b + 8.6, "Updated health status: Progressing -> Healthy", **{"dest-namespace": "trading"})
    alog(secs(utc("2026-04-29 15:49:52")), "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "trading"})

    # --- Slack #trading-ops
    users = {"alertmanager": "B01ALRT9X", "Dana Whitfield": "U02DW4K7M", "Tomás Reyes": "U03TR8P2L", "Priya Raman": "U04PR1N6Q",
             "Kenji Watanabe": "U02KW5J3H", "Hannah Okafor": "U05HO7C2V", "Aisha Bello (support)": "U06AB3F9T"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "trading-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first_rej = min(stats["reject_times"])
    kst = attempts["KSTR"][0]
    throttled_open = stats["throttled"]
    say(utc("2026-04-29 12:45:10"), "Dana Whitfield", "morning. 7/7 sessions logged on since 06:30, 2.15.0 (FG-412 logout texts, FG-409 15 s heartbeats, quickfixj 2.3.2) went out last night")
    say(utc("2026-04-29 13:33:40"), "Kenji Watanabe", f"Kestrel's 150/s throttle again at the open: {throttled_open} orders refused in the first seconds and spilled to Halvard/Norrow. Kestrel confirmed 300/s for us from today (TRD-88), PR is up")
    say(utc("2026-04-29 13:59:05"), "Kenji Watanabe", "TRD-88 merged. @Dana Whitfield can we roll fix-gateway for it before lunch? config only")
    say(utc("2026-04-29 14:03:30"), "Dana Whitfield", "after the 10:30 lull. config-only sync, the StatefulSet rolls 1 then 0, each pod's sessions are back in ~10 s")
    say(SYNC1 - dt.timedelta(seconds=25), "Dana Whitfield", f"syncing fix-gateway to main ({shas['tests'][:7]}: TRD-88 + Tomás's throttle tests). rolling fix-gateway-1 then fix-gateway-0")
    say(utc("2026-04-29 14:40:06"), "alertmanager", "[FIRING:7] FixSessionDown fix-gateway session=FIX.4.2:TDWL->ARCX|EDGX|HLVD|IEXG|KSTR|NRRW|NSDQ (2m)")
    say(utc("2026-04-29 14:40:51"), "Dana Whitfield", f"every venue refuses our logon. venue rejected logon: session=FIX.4.2:TDWL->KSTR text=\"{too_low('KSTR', kst[2], kst[1])}\". TRD-88 only changes Kestrel's throttle?!")
    say(utc("2026-04-29 14:41:40"), "alertmanager", "[FIRING:1] OrderRouterNoVenue order-router rejected orders with 'no venue available' > 10/min")
    say(utc("2026-04-29 14:42:35"), "Aisha Bello (support)", "chats piling up: 'Order rejected - unable to route order'. also people who can't cancel open orders")
    say(utc("2026-04-29 14:43:20"), "Hannah Okafor", "runbook (last night's section): venue rejects our logon after a deploy -> revert the config change first. reverting TRD-88")
    say(utc("2026-04-29 14:46:10"), "Kenji Watanabe", "Kestrel's desk on the phone: they see our logons coming in with 34=1, 3, 5... they won't reset us intraday, they never do")
    say(utc("2026-04-29 14:51:55"), "Hannah Okafor", "revert merged, syncing")
    say(utc("2026-04-29 14:55:40"), "Dana Whitfield", "revert rolled. same thing on both pods, 'but received 1' again")
    say(utc("2026-04-29 14:57:20"), "Tomás Reyes", "our sender seq starts at 1 after every start. that is the store's job: Thursday Dana deleted fix-gateway-0 for the ARCA heartbeat problem and its sessions came back with the day's numbers (KSTR at 5 thousand something) and logged on fine. 2.15.0 is quickfixj 2.3.2 and my logging, nothing about the store")
    say(utc("2026-04-29 14:59:02"), "Dana Whitfield", "start-up says 'Message store: FileStoreFactory path=/tmp/fix/store'. /tmp??")
    say(utc("2026-04-29 15:00:48"), "Priya Raman", "that's SEC-318, Monday (2.14.0): non-root + read-only root fs. the store files on the PVCs are root-owned and failed in staging, so I put the store on the /tmp emptyDir: the sessions reset every morning anyway, I thought. an emptyDir goes with the pod. sorry")
    say(utc("2026-04-29 15:02:15"), "Tomás Reyes", "plan: jmxterm into each pod, setNextSenderMsgSeqNum to what the venue's logout text expects, setNextTargetMsgSeqNum to the last nextTargetSeq in 'session stats' before 14:37, logon. the venues resend what we missed. KSTR first. nobody restarts a pod until tonight")
    say(JMX["KSTR"] + dt.timedelta(seconds=40), "Tomás Reyes", "KSTR logged on, resend came in")
    say(JMX["IEXG"] + dt.timedelta(seconds=50), "Tomás Reyes", "all 7 logged on")
    say(utc("2026-04-29 15:14:30"), "Kenji Watanabe", "order-router routing normally. late fills from the resends went to the OMS, ops is reconciling them against the clearing firm's drop copy")
    say(utc("2026-04-29 15:21:10"), "Aisha Bello (support)", "in-app banner is up; 1,1xx chats so far")
    say(utc("2026-04-29 15:49:30"), "Priya Raman", "FG-418 merged: store back on the PVC, owned by 10001 through fsGroup, and start-up refuses a store under /tmp. for tonight's window, Kenji re-adds TRD-88 on top")
    say(utc("2026-04-29 16:06:00"), "Dana Whitfield", "postmortem tomorrow 10:00. the runbook's 'restart the pod' and 'revert the config change first' both need a look")

    # --- support chats
    def chat(t, cid, topic, text, status="open"):
        chats.add(t, json.dumps({"id": cid, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "in_app_chat", "status": status,
                                 "topic": topic, "message": text}, ensure_ascii=False))

    chat(utc("2026-04-29 12:51:02"), "CH-8812901", "deposits", "My ACH deposit from Monday still shows pending")
    chat(utc("2026-04-29 13:37:44"), "CH-8813307", "orders", "Bought at the open and the price was higher than when I placed the order last night?")
    chat(utc("2026-04-29 14:05:19"), "CH-8813822", "account", "How do I turn on options trading")
    chat(utc("2026-04-29 14:39:31"), "CH-8814106", "orders", "Order rejected: unable to route order. Tried three times for NVDA")
    chat(utc("2026-04-29 14:41:02"), "CH-8814131", "orders", "I can't cancel my limit order for TSLA, says cancel request failed")
    chat(utc("2026-04-29 14:44:57"), "CH-8814250", "orders", "Is trading down?? every order gets rejected")
    chat(utc("2026-04-29 14:58:13"), "CH-8814712", "orders", "My AMD limit order shows open but the price went way below my limit")
    chat(utc("2026-04-29 15:17:40"), "CH-8815029", "orders", "Just got a notification that my AMD order filled 40 minutes ago??")
    chat(utc("2026-04-29 15:52:26"), "CH-8815388", "orders", "Orders working again, but I missed the dip. Will you compensate?")
    stats["first_rej"] = first_rej
    stats["orders"] = orders
    stats["is_up"] = is_up
    return [gw, adm, router, kev, argo, slack, chats], stats


def build(out_dir):
    rng = random.Random(76100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_rej"]).replace(microsecond=0)
        assert SYNC1 < onset < SYNC1 + dt.timedelta(minutes=1), onset
        assert stats["throttled"] > 0
        is_up = stats["is_up"]
        orders = stats["orders"]

        def session_up(s):
            return lambda t: 1 if is_up(s, t.timestamp()) else 0

        def no_venue_rate(t):
            x = t.timestamp()
            return round(sum(1 for y in stats["no_venue"] if x - 60 < y <= x) / 60.0, 3)

        def routed_rate(t):
            x = t.timestamp()
            return round(sum(1 for o in orders if o.get("venue") and x - 60 < o["t"] <= x) / 60.0, 3)

        metrics = {
            "fix_gateway_session_logged_on.json": query_range(
                [({"job": "fix-gateway", "session": sid(s), "pod": f"fix-gateway-{POD_OF[s]}"}, session_up(s)) for s in NAMES], START, END, 30),
            "order_router_orders_rate1m.json": query_range(
                [({"job": "order-router", "outcome": "routed"}, routed_rate), ({"job": "order-router", "outcome": "no_venue"}, no_venue_rate)],
                START, END, 60),
        }
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        late = sum(len(q) for _, q, _ in stats["resends"].values())
        return write_scenario(
            out_dir, name="r76-fix-store-emptydir", service=SERVICE, onset=onset,
            description=f"""
Tidewell's customers cannot trade on Wednesday 29 April: from
{onset.strftime('%H:%M:%S')} UTC every venue refuses fix-gateway's FIX logons, first
fix-gateway-1's four sessions, then fix-gateway-0's three; order-router
rejects every order ("no venue available"), cancels fail and fills at the
venues are not reported. A config change (Kestrel's throttle, TRD-88) had
been synced at 14:37:40 and rolled the StatefulSet; its revert, synced at
14:53:10, rolled it again without effect. The sessions were logged on
again one by one from 15:04 after their sequence numbers were set over
JMX.
""",
            logs=logs,
            line_formats={
                "fix-gateway.log": r'\[pod/<Pod>/<Container>\] <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s+: <Content>',
                "fix-admin-messages.log": r'<Date> <Time> <Direction> <Session> <Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'MsgSeqNum too low, expecting .* but received',
                r'Message store: FileStoreFactory path=/tmp/fix/store',
            ],
            fix_files=["deploy/base/statefulset.yaml", "deploy/base/sessions.cfg"],
            explanation=f"""
The culprit is SEC-318 (Monday 18:40 UTC, {hours:.0f} hours before the onset):
to run fix-gateway as uid 10001 with a read-only root filesystem it moved
QuickFIX/J's message store from the pods' volume (root-owned files) to
/tmp/fix/store on an emptyDir, reasoning that the sequence numbers reset
at every session's StartTime. They do, but during the trading day the
venues accept a logon only with the next number they expect, and an
emptyDir goes with the pod. Pods created outside session time (the
evening releases 2.14.0 and 2.15.0) showed nothing. The 14:37:40 sync of
a config change rolled the StatefulSet; each new pod logged on with
MsgSeqNum 1 ("Initiating logon: ... nextSenderSeq=1 ... store=/tmp/fix/store",
"Message store: FileStoreFactory path=/tmp/fix/store") and every venue
answered with a Logout ("MsgSeqNum too low, expecting ... but received
1", and in the exchanges' own words), every 30 s, while "session stats"
had shown the day's numbers (thousands) until 14:37. From
{JMX['KSTR'].strftime('%H:%M')} the on-call set each session's numbers over JMX; the venues
resent {late} queued execution reports. The fix (FG-418) puts the store back
on the volume with fsGroup 10001 and refuses a store under /tmp.
Decoys: the config commit TRD-88 (Kestrel's throttle, in the culprit's
sessions.cfg) and a tests commit, synced {round((onset - SYNC1).total_seconds())} s before the onset
(the Argo CD sync names the tests commit; the start-up lines name the
2.15.0 release commit) and its revert, synced at 14:53, without effect;
release 2.15.0 of the evening before with FG-412, which adds the very
"venue rejected logon" warning that fills the log, FG-409 (HeartBtInt in
sessions.cfg) and Renovate's QuickFIX/J 2.3.2 bump; the runbook commit of
that evening that says a rejected logon after a deploy is our session
settings and to revert the config change first; the open's throttle
warnings; routine venue rejects (LULD, halts), test requests, risk check
failures and a CronJob.
""",
        )
    finally:
        repo.close()
