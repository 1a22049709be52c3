"""filing-gateway (Java 21, Spring Boot 3.3, logstash-logback-encoder JSON;
OpenShift 4.16, reconciled by Argo CD from `deploy/production` of its own
repository, a release being a commit that bumps the image tag; team in
Lindmark, UTC+2 in summer) of the Lindmark Revenue Service (LRS), the
national tax authority. filing-gateway is the back end of LRS Online, the
e-filing portal: taxpayers and their tax agents upload attachments to a
return (PDF, JPEG, PNG, at most 20 MB each), every upload is streamed to
clamd (INSTREAM over TCP) before it is stored, and a return is forwarded to
the tax processing system (TPS) over IBM MQ once its mandatory attachments
are in. A finding is rejected with 422 ("the file contains a virus"), moved
to the quarantine bucket and reported to the SOC's SIEM. clamd runs as a
StatefulSet of four pods (clamd-0..3, a freshclam sidecar each, hourly
checks) whose `clamd.conf` lives in the repository (`deploy/clamd/`,
rendered into a ConfigMap by kustomize, so a change to it restarts them).

Since FG-188 (2023) clamd.conf limits a scan to 50 MB of scanned data
(MaxScanSize 50M, MaxFileSize 25M): annual accounts scanned on an office
copier are PDFs of 8-20 MB whose page images decompress to 60-200 MB, and
at the old defaults they took 40-90 s to scan and timed out the upload.
With AlertExceedsMax off (the default) clamd stops at the limit and
answers OK.

Thursday 25 June 2026, 09:14 UTC: SEC-231 "clamd: alert when a scan
exceeds its limits (pen test PT-2026-04, finding 3)". The pen testers had
got a macro document past the scanner inside a ZIP padded to 60 MB; with
`AlertExceedsMax yes` clamd answers `Heuristics.Limits.Exceeded.MaxScanSize
FOUND` (or MaxFileSize) instead of OK, and the gateway, which takes any
FOUND as a virus, rejects the file. Tested with the pen testers' sample
only. Released as 5.8.0 and synced on Thursday at 13:02. From then on
every upload whose scan reaches a limit is rejected as infected: a handful
a day (individual taxpayers' receipts are small; the SOC closes the single
SIEM alerts as "user notified", the contact centre closes six tickets from
filers who say their file is clean with "scan your computer").

Tuesday 30 June is the filing deadline for companies' annual returns
(CT-2025), which need the financial statements as a PDF; tax agents'
offices start their bulk uploads at 08:30-09:00 local. From 06:41 UTC
annual accounts are rejected as infected, one in nine; agents retry, get
the same answer, and cannot submit. At 06:04 Petter had synced 5.9.0:
FG-509 adds the verdict and signature to the very rejection warning,
FG-512 raises clamd's MaxThreads from 12 to 20 in the culprit's file
(restarting the clamd pods, whose start-up lines include "Heuristic
alerting enabled for scans that exceed set maximums."), FG-514 takes 40
attachments per return, and Renovate's clamav 1.4.3 image. freshclam
pulls daily 28021 at 07:04-07:07. The runbook (Monday) reads a detection
wave as a signature false positive after a freshclam update, or a
campaign, and says to roll back if it starts after a release.

At 07:04 the SIEM's burst rule fires; the SOC notes every flagged file is
an annual accounts PDF, most produced by the accounting package Balanso,
and suspects a supply-chain compromise (escalated to CERT-LM). Petter
rolls back to 5.8.0 with Argo CD at 07:36 (clamd restarts with 12 threads
and the 1.4.2 image); the rejections go on with 5.8.0's wording ("rejected:
virus found"). Kaia sees that every detection but one in clamd's log is
Heuristics.Limits.Exceeded, and that clamd still starts with "Heuristic
alerting enabled for scans that exceed set maximums."; Henrik (security)
recognises SEC-231; the SOC's sandbox finds three quarantined PDFs clean.
FG-521 (5.9.1, synced 08:39) raises MaxScanSize to 400M and MaxFileSize to
100M (ClamAV's defaults; the scan read timeout to 90 s) and holds an
upload that still hits a limit for a caseworker's review instead of
rejecting it; a re-scan releases the attachments quarantined since
Thursday and the Director-General accepts the affected returns as on time
until 3 July.

Sources: filing-gateway (logstash JSON lines), clamd and freshclam
(`kubectl logs --prefix`, line format), the OpenShift router (HAProxy
httplog through rsyslog), Argo CD (logrus text), the SOC's SIEM alerts
(JSON lines), #lrs-online-ops (Mattermost export, JSON lines), contact
centre tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "filing-gateway"
START, END = utc("2026-06-30 03:30:00"), utc("2026-06-30 10:00:00")
CULPRIT_AT = utc("2026-06-25 09:14:00")
SYNC_580 = utc("2026-06-25 13:02:10")    # 5.8.0 synced (before the logs)
SYNC_590 = utc("2026-06-30 06:04:20")    # 5.9.0 synced
FRESH_28021 = utc("2026-06-30 06:52:00")  # daily 28021 on the mirror
ROLLBACK = utc("2026-06-30 07:36:10")    # Argo CD rollback to 5.8.0
SYNC_591 = utc("2026-06-30 08:39:30")    # 5.9.1 synced, auto-sync on again
RESCAN = utc("2026-06-30 09:04:40")      # quarantine re-scan
WAVE = utc("2026-06-30 06:45:00")        # agents' offices start their uploads

# ---------------------------------------------------------------------------
# the repository

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.12</version>
  </parent>
  <groupId>lm.lrs</groupId>
  <artifactId>filing-gateway</artifactId>
  <version>5.7.2</version>
  <properties>
    <java.version>21</java.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-jms</artifactId>
    </dependency>
    <dependency>
      <groupId>com.ibm.mq</groupId>
      <artifactId>mq-jms-spring-boot-starter</artifactId>
      <version>3.3.3</version>
    </dependency>
    <dependency>
      <groupId>software.amazon.awssdk</groupId>
      <artifactId>s3</artifactId>
      <version>2.31.40</version>
    </dependency>
    <dependency>
      <groupId>net.logstash.logback</groupId>
      <artifactId>logstash-logback-encoder</artifactId>
      <version>8.1</version>
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
</project>
"""

APP_YML = """server:
  port: 8080
  tomcat:
    max-swallow-size: 25MB

spring:
  servlet:
    multipart:
      max-file-size: 20MB
      max-request-size: 21MB
  ibm:
    mq:
      queue-manager: QMTPS01
      channel: LRS.ONLINE.SVRCONN
      conn-name: tps-mq-01.lrs.internal(1414),tps-mq-02.lrs.internal(1414)

filing:
  attachments:
    max-size: 20MB
    max-per-return: 20
    allowed-types: [application/pdf, image/jpeg, image/png]
    store-bucket: lrs-attachments
    quarantine-bucket: lrs-quarantine
  scan:
    host: clamd.lrs-online.svc
    port: 3310
    chunk-size: 64KB
    connect-timeout: 2s
    read-timeout: 30s
    pool-size: 16
  tps:
    queue: TPS.RETURNS.IN
"""

CLAMD_CONF = """# clamd for filing-gateway uploads (INSTREAM over TCP from the gateway pods).
# Rendered into the clamd-conf ConfigMap by kustomize; a change here
# restarts the clamd StatefulSet.

Foreground yes
LogTime yes
LogClean no
LogVerbose no
DatabaseDirectory /var/lib/clamav
TCPSocket 3310
TCPAddr 0.0.0.0
MaxThreads 12
MaxConnectionQueueLength 60
ReadTimeout 60
SelfCheck 600
ConcurrentDatabaseReload yes

# Uploads are PDF, JPEG and PNG of at most 20 MB (filing.attachments.max-size).
StreamMaxLength 25M
MaxFileSize 25M
# FG-188 (2023): scanned annual accounts took 40-90 s at the defaults and
# timed out the upload (filing.scan.read-timeout is 30 s).
MaxScanSize 50M
MaxScanTime 25000
MaxRecursion 12

HeuristicAlerts yes
ScanPDF yes
ScanOLE2 yes
ScanArchive yes
AlertEncryptedArchive yes
"""

FRESHCLAM_CONF = """# freshclam sidecar: hourly checks against the internal mirror
DatabaseDirectory /var/lib/clamav
Foreground yes
LogTime yes
DatabaseMirror clamav-mirror.lrs.internal
Checks 24
NotifyClamd /etc/clamav/clamd.conf
"""

SCAN_VERDICT = """package lm.lrs.filing.scan;

/** clamd's answer to an INSTREAM scan: "stream: OK", "stream: <name> FOUND" or an error. */
public record ScanVerdict(Status status, String signature) {

    public enum Status { CLEAN, INFECTED, ERROR }

    public static ScanVerdict parse(String reply) {
        String r = reply.replace("\\0", "").trim();
        if (r.endsWith(" OK")) {
            return new ScanVerdict(Status.CLEAN, null);
        }
        if (r.endsWith(" FOUND")) {
            int colon = r.indexOf(": ");
            return new ScanVerdict(Status.INFECTED, r.substring(colon + 2, r.length() - " FOUND".length()));
        }
        return new ScanVerdict(Status.ERROR, r);
    }
}
"""

CLAMD_CLIENT = """package lm.lrs.filing.scan;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/** INSTREAM to clamd: the upload in chunks, each prefixed with its length, then a zero-length chunk. */
@Component
public class ClamdClient {

    private final ScanProperties props;

    public ClamdClient(ScanProperties props) {
        this.props = props;
    }

    public ScanVerdict scan(InputStream upload) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(props.host(), props.port()), (int) props.connectTimeout().toMillis());
            socket.setSoTimeout((int) props.readTimeout().toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\\0".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[(int) props.chunkSize().toBytes()];
            int n;
            while ((n = upload.read(chunk)) > 0) {
                out.writeInt(n);
                out.write(chunk, 0, n);
            }
            out.writeInt(0);
            out.flush();
            return ScanVerdict.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
"""

ATTACHMENT_SERVICE = """package lm.lrs.filing.attachments;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import lm.lrs.filing.scan.ClamdClient;
import lm.lrs.filing.scan.ScanVerdict;

@Service
public class AttachmentService {

    private static final Logger log = LoggerFactory.getLogger(AttachmentService.class);

    private final ClamdClient clamd;
    private final AttachmentStore store;
    private final SecurityEvents securityEvents;

    public AttachmentService(ClamdClient clamd, AttachmentStore store, SecurityEvents securityEvents) {
        this.clamd = clamd;
        this.store = store;
        this.securityEvents = securityEvents;
    }

    public UploadResult accept(Upload upload) throws IOException {
        long started = System.nanoTime();
        ScanVerdict verdict = clamd.scan(upload.open());
        long ms = (System.nanoTime() - started) / 1_000_000;
        switch (verdict.status()) {
            case CLEAN -> {
                store.put(upload);
                log.info("Attachment {} ({}, {}) for return {} stored, scan clean in {} ms",
                        upload.id(), upload.type(), upload.humanSize(), upload.returnRef(), ms);
                return UploadResult.stored(upload.id());
            }
            case INFECTED -> {
                log.warn("Attachment {} ({}, {}) for return {} rejected: virus found",
                        upload.id(), upload.type(), upload.humanSize(), upload.returnRef());
                store.quarantine(upload);
                securityEvents.malwareDetected(upload, verdict.signature());
                return UploadResult.rejected(upload.id(), "VIRUS_FOUND");
            }
            default -> {
                log.error("Attachment {} for return {}: scanner error {}", upload.id(), upload.returnRef(), verdict.signature());
                return UploadResult.retryLater(upload.id());
            }
        }
    }
}
"""

SUBMISSION_SERVICE = """package lm.lrs.filing.returns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Service;

@Service
public class SubmissionService {

    private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

    private final JmsTemplate jms;
    private final ReturnRepository returns;

    public SubmissionService(JmsTemplate jms, ReturnRepository returns) {
        this.jms = jms;
        this.returns = returns;
    }

    public Receipt submit(TaxReturn ret) {
        ret.requireMandatoryAttachments();
        String msgId = TpsMessages.send(jms, ret);
        returns.markSubmitted(ret, msgId);
        log.info("Return {} submitted by {} with {} attachments, forwarded to TPS ({})",
                ret.ref(), ret.filerLabel(), ret.attachments().size(), msgId);
        return Receipt.of(ret, msgId);
    }
}
"""

RUNBOOK = """# filing-gateway runbook

Owner: #lrs-online-ops. Dashboards: Grafana > LRS Online > Gateway.

## Uploads fail with 503

clamd is not answering: `oc -n lrs-online get pods -l app=clamd`. A clamd
pod loading its databases is not ready for about 30 s after a restart or
a freshclam update; the gateway retries another pod once.

## TPS forwarding lag

Returns are kept in the outbox and forwarded when the queue manager is
back. MQRC 2009 during the TPS maintenance window (Sundays 02:00-04:00)
is expected.
"""

RUNBOOK_DETECTIONS = """
## Many malware detections in uploads

The SIEM rule "Malware upload burst" fires at 10 detections in 15
minutes. Single detections are real infected files more often than not
(the SOC notifies the filer). A wave is almost always one of:

- a signature false positive after a freshclam update: compare the time
  of the first detection with `daily.cld updated` in the freshclam
  container's log, report it to Talos and add the signature to
  `deploy/clamd/local.ign2`;
- a campaign: malicious PDFs sent to agents' offices by mail and uploaded
  unopened. The SOC decides.

If the wave starts after a filing-gateway release, roll back first
(Argo CD > lrs-online > History and rollback; turn auto-sync off) and
tell #lrs-online-ops. On a deadline day tell the contact centre at once.
"""

KUSTOMIZATION_BASE = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gateway-deployment.yaml
  - gateway-service.yaml
  - clamd-statefulset.yaml
  - clamd-service.yaml
  - ../clamd
"""

KUSTOMIZATION_PROD = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: lrs-online
resources:
  - ../base
images:
  - name: registry.lrs.internal/lrs-online/filing-gateway
    newTag: "5.7.2"
"""

GATEWAY_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: filing-gateway
spec:
  replicas: 6
  selector:
    matchLabels:
      app: filing-gateway
  template:
    metadata:
      labels:
        app: filing-gateway
    spec:
      containers:
        - name: filing-gateway
          image: registry.lrs.internal/lrs-online/filing-gateway
          ports:
            - containerPort: 8080
          env:
            - name: SPRING_PROFILES_ACTIVE
              value: production
          resources:
            requests:
              cpu: "1"
              memory: 1536Mi
            limits:
              memory: 1536Mi
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: 8080
"""

CLAMD_STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: clamd
spec:
  replicas: 4
  serviceName: clamd
  selector:
    matchLabels:
      app: clamd
  template:
    metadata:
      labels:
        app: clamd
    spec:
      containers:
        - name: clamd
          image: docker.io/clamav/clamav:1.4.2_base
          command: ["clamd", "--foreground", "--config-file=/etc/clamav/clamd.conf"]
          ports:
            - containerPort: 3310
          volumeMounts:
            - name: db
              mountPath: /var/lib/clamav
            - name: conf
              mountPath: /etc/clamav
          resources:
            requests:
              cpu: "2"
              memory: 3Gi
            limits:
              memory: 3Gi
          readinessProbe:
            exec:
              command: ["clamdcheck.sh"]
            periodSeconds: 10
        - name: freshclam
          image: docker.io/clamav/clamav:1.4.2_base
          command: ["freshclam", "--foreground", "--daemon", "--config-file=/etc/clamav/freshclam.conf"]
          volumeMounts:
            - name: db
              mountPath: /var/lib/clamav
            - name: conf
              mountPath: /etc/clamav
      volumes:
        - name: conf
          configMap:
            name: clamd-conf
  volumeClaimTemplates:
    - metadata:
        name: db
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 2Gi
"""

TEST_VERDICT = """package lm.lrs.filing.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScanVerdictTest {

    @Test
    void clean() {
        assertThat(ScanVerdict.parse("stream: OK\\0").status()).isEqualTo(ScanVerdict.Status.CLEAN);
    }

    @Test
    void infected() {
        ScanVerdict v = ScanVerdict.parse("stream: Win.Test.EICAR_HDB-1 FOUND\\0");
        assertThat(v.status()).isEqualTo(ScanVerdict.Status.INFECTED);
        assertThat(v.signature()).isEqualTo("Win.Test.EICAR_HDB-1");
    }

    @Test
    void sizeLimit() {
        assertThat(ScanVerdict.parse("INSTREAM size limit exceeded. ERROR\\0").status()).isEqualTo(ScanVerdict.Status.ERROR);
    }
}
"""

LOGBACK = """<configuration>
  <appender name="json" class="ch.qos.logback.core.ConsoleAppender">
    <encoder class="net.logstash.logback.encoder.LogstashEncoder">
      <customFields>{"pod":"${HOSTNAME}"}</customFields>
    </encoder>
  </appender>
  <!-- findings go to the SOC's SIEM only -->
  <appender name="siem" class="net.logstash.logback.appender.LogstashTcpSocketAppender">
    <destination>siem-collector.soc.lrs.internal:5514</destination>
    <encoder class="net.logstash.logback.encoder.LogstashEncoder" />
  </appender>
  <logger name="security-events" level="INFO" additivity="false">
    <appender-ref ref="siem" />
  </logger>
  <root level="INFO">
    <appender-ref ref="json" />
  </root>
</configuration>
"""

GITLAB_CI = """stages: [test, build, release]

test:
  image: maven:3.9-eclipse-temurin-21
  script:
    - mvn -B verify

image:
  stage: build
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - mvn -B -DskipTests spring-boot:build-image -Dspring-boot.build-image.imageName=$CI_REGISTRY_IMAGE/filing-gateway:$CI_COMMIT_TAG
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    petter = Person("Petter Lund", "petter.lund@lrs.lm", 120)
    kaia = Person("Kaia Strand", "kaia.strand@lrs.lm", 120)
    henrik = Person("Henrik Dahl", "henrik.dahl@lrs.lm", 120)
    sofie = Person("Sofie Aas", "sofie.aas@lrs.lm", 120)
    liv = Person("Liv Moen", "liv.moen@lrs.lm", 120)
    bot = Person("renovate[bot]", "renovate@gitlab.lrs.internal", 0)
    pkg = "src/main/java/lm/lrs/filing"
    files = {
        "pom.xml": POM,
        f"{pkg}/FilingGatewayApplication.java": "package lm.lrs.filing;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.boot.context.properties.ConfigurationPropertiesScan;\n\n@SpringBootApplication\n@ConfigurationPropertiesScan\npublic class FilingGatewayApplication {\n    public static void main(String[] args) {\n        SpringApplication.run(FilingGatewayApplication.class, args);\n    }\n}\n",
        f"{pkg}/scan/ScanVerdict.java": SCAN_VERDICT,
        f"{pkg}/scan/ClamdClient.java": CLAMD_CLIENT,
        f"{pkg}/scan/ScanProperties.java": "package lm.lrs.filing.scan;\n\nimport java.time.Duration;\n\nimport org.springframework.boot.context.properties.ConfigurationProperties;\nimport org.springframework.util.unit.DataSize;\n\n@ConfigurationProperties(\"filing.scan\")\npublic record ScanProperties(String host, int port, DataSize chunkSize, Duration connectTimeout, Duration readTimeout, int poolSize) {\n}\n",
        f"{pkg}/attachments/AttachmentService.java": ATTACHMENT_SERVICE,
        f"{pkg}/attachments/AttachmentController.java": "package lm.lrs.filing.attachments;\n\nimport org.springframework.http.ResponseEntity;\nimport org.springframework.web.bind.annotation.*;\nimport org.springframework.web.multipart.MultipartFile;\n\n@RestController\n@RequestMapping(\"/api/v2/returns/{ref}/attachments\")\npublic class AttachmentController {\n\n    private final AttachmentService attachments;\n\n    public AttachmentController(AttachmentService attachments) {\n        this.attachments = attachments;\n    }\n\n    @PostMapping\n    public ResponseEntity<UploadResult> upload(@PathVariable String ref, @RequestParam String type, @RequestParam MultipartFile file) throws Exception {\n        UploadResult result = attachments.accept(Upload.of(ref, type, file));\n        return ResponseEntity.status(result.httpStatus()).body(result);\n    }\n}\n",
        f"{pkg}/attachments/SecurityEvents.java": "package lm.lrs.filing.attachments;\n\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\nimport org.springframework.stereotype.Component;\n\n/** Findings go to the SIEM through the security-events logger (a separate appender). */\n@Component\npublic class SecurityEvents {\n\n    private static final Logger siem = LoggerFactory.getLogger(\"security-events\");\n\n    public void malwareDetected(Upload upload, String signature) {\n        siem.warn(\"malware_detected attachment={} return={} filer={} signature={}\", upload.id(), upload.returnRef(), upload.filerId(), signature);\n    }\n}\n",
        f"{pkg}/returns/SubmissionService.java": SUBMISSION_SERVICE,
        "src/main/resources/application.yml": APP_YML,
        "src/main/resources/logback-spring.xml": LOGBACK,
        "src/test/java/lm/lrs/filing/scan/ScanVerdictTest.java": TEST_VERDICT,
        "deploy/clamd/clamd.conf": CLAMD_CONF,
        "deploy/clamd/freshclam.conf": FRESHCLAM_CONF,
        "deploy/clamd/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: clamd-conf\n    files:\n      - clamd.conf\n      - freshclam.conf\n",
        "deploy/base/kustomization.yaml": KUSTOMIZATION_BASE,
        "deploy/base/gateway-deployment.yaml": GATEWAY_DEPLOYMENT,
        "deploy/base/gateway-service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: filing-gateway\nspec:\n  selector:\n    app: filing-gateway\n  ports:\n    - port: 8080\n",
        "deploy/base/clamd-statefulset.yaml": CLAMD_STATEFULSET,
        "deploy/base/clamd-service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: clamd\nspec:\n  selector:\n    app: clamd\n  ports:\n    - port: 3310\n",
        "deploy/production/kustomization.yaml": KUSTOMIZATION_PROD,
        ".gitlab-ci.yml": GITLAB_CI,
        "docs/runbook.md": RUNBOOK,
        "README.md": "# filing-gateway\n\nBack end of LRS Online: returns, attachments (scanned by clamd before they\nare stored), forwarding to TPS over IBM MQ.\n\nReleases: bump the version in `pom.xml` and the tag in\n`deploy/production/kustomization.yaml`; Argo CD syncs `main` to the\n`lrs-online` namespace. clamd's configuration is `deploy/clamd/`.\n",
        "CHANGELOG.md": "# Changelog\n\n## 5.7.2\n\n- FG-490 receipts for returns filed by agents name the agent\n",
    }
    repo.commit(utc("2026-06-22 07:30:00"), petter, "filing-gateway 5.7.2", files)
    crng = random.Random(74028)
    repo.schedule(chores(crng, SERVICE, [kaia, liv], utc("2026-06-22 08:00:00"), utc("2026-06-23 15:00:00"), 2)
                  + chores(crng, SERVICE, [sofie, petter], utc("2026-06-26 06:00:00"), utc("2026-06-29 14:00:00"), 2))
    repo.commit(utc("2026-06-23 10:05:00"), kaia, "returns: keep a return in the outbox on MQRC 2009 and retry (FG-497)\n\nTPS's queue managers drop idle client connections after the Sunday\nmaintenance; the first return of the morning failed.", {
        f"{pkg}/returns/SubmissionService.java": sub(repo.files[f"{pkg}/returns/SubmissionService.java"],
                                                      "        String msgId = TpsMessages.send(jms, ret);\n",
                                                      "        String msgId = TpsMessages.sendWithRetry(jms, ret, 3);\n"),
    })
    repo.commit(utc("2026-06-24 04:12:00"), bot, "chore(deps): update spring boot to v3.3.13", {
        "pom.xml": sub(repo.files["pom.xml"], "<version>3.3.12</version>", "<version>3.3.13</version>"),
    })
    culprit = repo.commit(CULPRIT_AT, henrik, "clamd: alert when a scan exceeds its limits (SEC-231)\n\nPen test PT-2026-04, finding 3: a macro document inside a ZIP padded to\n60 MB was accepted. clamd stops scanning at MaxScanSize and answers OK,\nso anything past the limit is never scanned. With AlertExceedsMax clamd\nanswers Heuristics.Limits.Exceeded.<limit> FOUND instead and the upload\nis rejected like any other finding.\n\nChecked on test with the pen testers' sample: rejected.", {
        "deploy/clamd/clamd.conf": sub(repo.files["deploy/clamd/clamd.conf"],
                                       "MaxRecursion 12\n",
                                       "MaxRecursion 12\n# SEC-231 (pen test PT-2026-04, finding 3): a file that reaches a limit is\n# not answered OK; clamd reports Heuristics.Limits.Exceeded.<limit>.\nAlertExceedsMax yes\n"),
    })
    rel580 = repo.commit(utc("2026-06-25 12:40:00"), petter, "release 5.8.0", {
        "pom.xml": sub(repo.files["pom.xml"], "<version>5.7.2</version>", "<version>5.8.0</version>"),
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "5.7.2"', 'newTag: "5.8.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.8.0\n\n- SEC-231 clamd alerts when a scan exceeds its limits\n- FG-497 returns stay in the outbox on MQRC 2009\n- Spring Boot 3.3.13\n",
    })
    repo.commit(utc("2026-06-26 08:35:00"), kaia, "attachments: up to 40 attachments per return for agents (FG-514)\n\nGroup returns with many subsidiaries' statements hit the limit of 20.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    max-per-return: 20\n", "    max-per-return: 20\n    max-per-return-agent: 40\n"),
    })
    repo.commit(utc("2026-06-29 04:05:00"), bot, "chore(deps): update docker.io/clamav/clamav docker tag to v1.4.3", {
        "deploy/base/clamd-statefulset.yaml": repo.files["deploy/base/clamd-statefulset.yaml"].replace("clamav:1.4.2_base", "clamav:1.4.3_base"),
    })
    repo.commit(utc("2026-06-29 09:50:00"), kaia, "attachments: log the verdict and the signature when an upload is rejected (FG-509)\n\nThe SOC asks us for the signature of every rejection; it is only in the\nSIEM event and clamd's log.", {
        f"{pkg}/attachments/AttachmentService.java": sub(repo.files[f"{pkg}/attachments/AttachmentService.java"],
                                                          "                log.warn(\"Attachment {} ({}, {}) for return {} rejected: virus found\",\n                        upload.id(), upload.type(), upload.humanSize(), upload.returnRef());\n",
                                                          "                log.warn(\"Attachment {} ({}, {}) for return {} rejected by virus scan: verdict={} signature={} scan_ms={}\",\n                        upload.id(), upload.type(), upload.humanSize(), upload.returnRef(), verdict.status(), verdict.signature(), ms);\n"),
    })
    repo.commit(utc("2026-06-29 11:35:00"), sofie, "deadline day: clamd MaxThreads 20, gateway scan pool 32 (FG-512)\n\nLast year's deadline queued uploads at clamd between 10:00 and 12:00\nlocal; the clamd pods have the CPU for 20 threads.", {
        "deploy/clamd/clamd.conf": sub(repo.files["deploy/clamd/clamd.conf"], "MaxThreads 12\n", "MaxThreads 20\n"),
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    pool-size: 16\n", "    pool-size: 32\n"),
    })
    repo.commit(utc("2026-06-29 13:20:00"), liv, "runbook: malware detection waves", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_DETECTIONS,
    })
    rel590 = repo.commit(utc("2026-06-30 05:40:00"), petter, "release 5.9.0", {
        "pom.xml": sub(repo.files["pom.xml"], "<version>5.8.0</version>", "<version>5.9.0</version>"),
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "5.8.0"', 'newTag: "5.9.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.9.0\n\n- FG-509 verdict and signature in the rejection warning\n- FG-512 clamd MaxThreads 20, scan pool 32\n- FG-514 40 attachments per return for agents\n- clamav 1.4.3\n",
    })
    fix = repo.commit(utc("2026-06-30 08:22:00"), kaia, "clamd limits to ClamAV's defaults; a limit hit goes to review, not quarantine (FG-521)\n\nSince SEC-231 (5.8.0) clamd answers Heuristics.Limits.Exceeded.MaxScanSize\nFOUND for a file whose scan reaches a limit, and the gateway took that for\na virus. Scanned annual accounts decompress to more than FG-188's 50M, so\non the CT deadline they were rejected as infected. MaxScanSize 400M and\nMaxFileSize 100M (the defaults; the scan read timeout 90 s), and an\nupload that still reaches a limit is stored and held for a caseworker's\nreview instead of being rejected. AlertExceedsMax stays on.", {
        "deploy/clamd/clamd.conf": sub(repo.files["deploy/clamd/clamd.conf"],
                                       "MaxFileSize 25M\n# FG-188 (2023): scanned annual accounts took 40-90 s at the defaults and\n# timed out the upload (filing.scan.read-timeout is 30 s).\nMaxScanSize 50M\nMaxScanTime 25000\n",
                                       "MaxFileSize 100M\n# FG-521: ClamAV's defaults. FG-188's 50M made every scanned annual\n# accounts PDF a limit hit once AlertExceedsMax was on.\nMaxScanSize 400M\nMaxScanTime 80000\n"),
        f"{pkg}/scan/ScanVerdict.java": sub(repo.files[f"{pkg}/scan/ScanVerdict.java"],
                                            "    public enum Status { CLEAN, INFECTED, ERROR }\n",
                                            "    public enum Status { CLEAN, INFECTED, LIMIT_EXCEEDED, ERROR }\n\n    private static final String LIMITS = \"Heuristics.Limits.Exceeded.\";\n",
                                            "            return new ScanVerdict(Status.INFECTED, r.substring(colon + 2, r.length() - \" FOUND\".length()));\n",
                                            "            String name = r.substring(colon + 2, r.length() - \" FOUND\".length());\n            // a limit hit is an incomplete scan, not a finding (FG-521)\n            return new ScanVerdict(name.startsWith(LIMITS) ? Status.LIMIT_EXCEEDED : Status.INFECTED, name);\n"),
        f"{pkg}/attachments/AttachmentService.java": sub(repo.files[f"{pkg}/attachments/AttachmentService.java"],
                                                          "            case INFECTED -> {\n",
                                                          "            case LIMIT_EXCEEDED -> {\n                store.putForReview(upload, verdict.signature());\n                log.warn(\"Attachment {} ({}, {}) for return {} held for manual review: scan incomplete ({})\",\n                        upload.id(), upload.type(), upload.humanSize(), upload.returnRef(), verdict.signature());\n                return UploadResult.heldForReview(upload.id());\n            }\n            case INFECTED -> {\n"),
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    read-timeout: 30s\n", "    read-timeout: 90s\n"),
        "src/test/java/lm/lrs/filing/scan/ScanVerdictTest.java": sub(repo.files["src/test/java/lm/lrs/filing/scan/ScanVerdictTest.java"],
                                                                     "    @Test\n    void sizeLimit() {\n",
                                                                     "    @Test\n    void limitHitIsNotAFinding() {\n        ScanVerdict v = ScanVerdict.parse(\"stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND\\\\0\");\n        assertThat(v.status()).isEqualTo(ScanVerdict.Status.LIMIT_EXCEEDED);\n    }\n\n    @Test\n    void sizeLimit() {\n"),
    })
    rel591 = repo.commit(utc("2026-06-30 08:31:00"), petter, "release 5.9.1", {
        "pom.xml": sub(repo.files["pom.xml"], "<version>5.9.0</version>", "<version>5.9.1</version>"),
        "deploy/production/kustomization.yaml": sub(repo.files["deploy/production/kustomization.yaml"], 'newTag: "5.9.0"', 'newTag: "5.9.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.9.1\n\n- FG-521 clamd limits to the defaults; limit hits held for review instead of rejected\n",
    })
    repo.commit(utc("2026-06-30 09:38:00"), liv, "runbook: Heuristics.Limits.Exceeded is not a virus", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\nA detection named `Heuristics.Limits.Exceeded.*` is clamd saying it\nstopped at a limit (AlertExceedsMax, SEC-231), not a signature: such\nuploads are held for review since FG-521. A wave of them means a limit in\n`deploy/clamd/clamd.conf` is too low for what filers upload.\n",
    })
    return repo, {"culprit": culprit, "rel580": rel580, "rel590": rel590, "fix": fix, "rel591": rel591}


# ---------------------------------------------------------------------------
# the logs

SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
RS = {"5.8.0": "7c9d5f6b8d", "5.9.0": "5f7d8c9b46", "5.9.1": "68b4d9c7f5"}
CLAMD_VER = {"5.8.0": "1.4.2", "5.9.0": "1.4.3", "5.9.1": "1.4.3"}


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def ctime(t):
    return f"{t.strftime('%a %b')} {t.day:>2} {t.strftime('%H:%M:%S %Y')}"


def build_logs(rng, shas):
    gw, clamd, router, argo, siem, chat, tickets = (
        Log("filing-gateway.log"), Log("clamd.log"), Log("openshift-router.log"), Log("argocd-application-controller.log"),
        Log("siem-alerts.log"), Log("mattermost-lrs-online-ops.log"), Log("contact-centre-tickets.log"))
    stats = {"rejected": [], "limit_hits": [], "held": [], "errors": [], "genuine": [], "uploads": 0, "submitted": 0, "blocked": 0}
    sha_of = {"5.8.0": shas["rel580"], "5.9.0": shas["rel590"], "5.9.1": shas["rel591"]}

    # ---- pods: generations of the gateway's six replicas, clamd's four restarts
    def pod_name(ver):
        return f"filing-gateway-{RS[ver]}-{''.join(rng.choice(SUFFIX) for _ in range(5))}"

    gens = [(START - dt.timedelta(days=4), "5.8.0"), (SYNC_590, "5.9.0"), (ROLLBACK, "5.8.0"), (SYNC_591, "5.9.1")]
    replicas = []  # per replica: list of (from, pod, ver, ip)
    for i in range(6):
        lst = []
        for k, (at, ver) in enumerate(gens):
            start = at if k == 0 else at + dt.timedelta(seconds=24 + 19 * i + rng.uniform(0, 4))
            lst.append((start, pod_name(ver), ver, f"10.131.{rng.randint(0, 7)}.{rng.randint(2, 250)}"))
        replicas.append(lst)

    def gw_pod(i, t):
        cur = replicas[i][0]
        for entry in replicas[i]:
            if entry[0] <= t:
                cur = entry
        return cur

    clamd_restarts = {}  # pod -> list of (down, up, ver)
    for at, ver in gens[1:]:
        for k, n in enumerate((3, 2, 1, 0)):
            down = at + dt.timedelta(seconds=8 + 41 * k + rng.uniform(0, 3))
            up = down + dt.timedelta(seconds=rng.uniform(27, 33))
            clamd_restarts.setdefault(n, []).append((down, up, ver))

    def clamd_state(n, t):
        """(ready, new_limits, restarted_at) for clamd-n at t"""
        ver, ready, since = "5.8.0", True, None
        for down, up, v in clamd_restarts[n]:
            if down <= t:
                ver, since = v, up
                ready = t >= up
        return ready, ver == "5.9.1", since

    # ---- clamd and freshclam
    def clog(t, n, container, msg):
        if START <= t < END:
            clamd.add(t, f"[pod/clamd-{n}/{container}] {ctime(t)} -> {msg}")

    sigs = {28020: 8712340, 28021: 8712561}
    stats["fresh"] = []
    daily_at = {}  # pod -> daily version loaded
    for n in range(4):
        daily_at[n] = 28020
        # lives of the pod: (clamd ready, freshclam started, next stop)
        lives = [(START - dt.timedelta(hours=20), START - dt.timedelta(minutes=rng.randint(5, 55)))]
        lives += [(up, down + dt.timedelta(seconds=4)) for down, up, _ in clamd_restarts[n]]
        stops = [down for down, _, _ in clamd_restarts[n]] + [END + dt.timedelta(hours=1)]
        for (ready_at, fresh_at), stop in zip(lives, stops):
            t = fresh_at + dt.timedelta(hours=1, milliseconds=rng.randint(0, 400))
            while t < stop:
                clog(t, n, "freshclam", "--------------------------------------")
                clog(t, n, "freshclam", "Received signal: wake up")
                clog(t, n, "freshclam", f"ClamAV update process started at {ctime(t)}")
                avail = 28021 if t >= FRESH_28021 else 28020
                t1 = t + dt.timedelta(milliseconds=rng.randint(300, 900))
                if avail > daily_at[n]:
                    clog(t1, n, "freshclam", f"daily database available for update (local version: {daily_at[n]}, remote version: {avail})")
                    t2 = t1 + dt.timedelta(seconds=rng.uniform(2, 5))
                    clog(t2, n, "freshclam", f"Testing database: '/var/lib/clamav/tmp.{rng.getrandbits(40):010x}/clamav-{rng.getrandbits(128):032x}.tmp-daily.cld' ...")
                    t3 = t2 + dt.timedelta(seconds=rng.uniform(6, 9))
                    clog(t3, n, "freshclam", "Database test passed.")
                    clog(t3 + dt.timedelta(milliseconds=40), n, "freshclam", f"daily.cld updated (version: {avail}, sigs: 2076{avail - 27700:03d}, f-level: 90, builder: raynman)")
                    clog(t3 + dt.timedelta(milliseconds=60), n, "freshclam", "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
                    clog(t3 + dt.timedelta(milliseconds=70), n, "freshclam", "bytecode.cvd database is up-to-date (version: 336, sigs: 83, f-level: 90, builder: nrandolp)")
                    clog(t3 + dt.timedelta(milliseconds=90), n, "freshclam", "Clamd successfully notified about the update.")
                    r0 = t3 + dt.timedelta(milliseconds=rng.randint(200, 600))
                    clog(r0, n, "clamd", "Reading databases from /var/lib/clamav")
                    r1 = r0 + dt.timedelta(seconds=rng.uniform(17, 22))
                    clog(r1, n, "clamd", f"Database correctly reloaded ({sigs[avail]} signatures)")
                    clog(r1 + dt.timedelta(milliseconds=2), n, "clamd", "Activating the newly loaded database...")
                    daily_at[n] = avail
                    stats["fresh"].append((t3, n))
                else:
                    clog(t1, n, "freshclam", f"daily.cld database is up-to-date (version: {daily_at[n]}, sigs: 2076{daily_at[n] - 27700:03d}, f-level: 90, builder: raynman)")
                    clog(t1 + dt.timedelta(milliseconds=20), n, "freshclam", "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
                    clog(t1 + dt.timedelta(milliseconds=30), n, "freshclam", "bytecode.cvd database is up-to-date (version: 336, sigs: 83, f-level: 90, builder: nrandolp)")
                t += dt.timedelta(hours=1, milliseconds=rng.randint(0, 400))
            # SelfCheck every 600 s
            t = ready_at + dt.timedelta(seconds=600)
            while t < stop:
                clog(t, n, "clamd", "SelfCheck: Database status OK.")
                t += dt.timedelta(seconds=600, milliseconds=rng.randint(0, 30))

    # clamd start-up after each restart
    limits = {"5.8.0": (25000, 52428800, 26214400, 12), "5.9.0": (25000, 52428800, 26214400, 12), "5.9.1": (80000, 419430400, 104857600, 12)}
    for n in range(4):
        for down, up, ver in clamd_restarts[n]:
            clog(down - dt.timedelta(milliseconds=300), n, "clamd", "Pid file removed.")
            clog(down - dt.timedelta(milliseconds=280), n, "clamd", f"--- Stopped at {ctime(down)}")
            s = down + dt.timedelta(seconds=rng.uniform(2.5, 4))
            tl, gs, fs, rec = limits[ver]
            threads = 12 if ver == "5.8.0" else 20
            lines = [f"+++ Started at {ctime(s)}", f"clamd daemon {CLAMD_VER[ver]} (OS: Linux, ARCH: x86_64, CPU: x86_64)",
                     "Log file size limited to 4294967295 bytes.", "Reading databases from /var/lib/clamav", "Not loading PUA signatures.",
                     "Bytecode: Security mode set to \"TrustSigned\"."]
            for k, line in enumerate(lines):
                clog(s + dt.timedelta(milliseconds=3 * k), n, "clamd", line)
            loaded = up - dt.timedelta(seconds=rng.uniform(3, 5))
            d = 28021 if any(ft < down and fn == n for ft, fn in stats["fresh"]) else 28020
            lines = [f"Loaded {sigs[d]} signatures.", "TCP: Bound to [0.0.0.0]:3310", "TCP: Setting connection queue length to 60",
                     f"Limits: Global time limit set to {tl} milliseconds.", f"Limits: Global size limit set to {gs} bytes.",
                     f"Limits: File size limit set to {fs} bytes.", f"Limits: Recursion level limit set to {rec}.", "Limits: Files limit set to 10000.",
                     "Limits: Core-dump limit is 0.", "Limits: MaxEmbeddedPE limit set to 41943040 bytes.", "Limits: MaxHTMLNormalize limit set to 41943040 bytes.",
                     "Limits: MaxHTMLNoTags limit set to 8388608 bytes.", "Limits: MaxScriptNormalize limit set to 20971520 bytes.",
                     "Limits: MaxZipTypeRcg limit set to 1048576 bytes.", "Limits: MaxPartitions limit set to 50.", "Limits: MaxIconsPE limit set to 100.",
                     "Limits: MaxRecHWP3 limit set to 16.", "Limits: PCREMatchLimit limit set to 100000.", "Limits: PCRERecMatchLimit limit set to 2000.",
                     f"Limits: PCREMaxFileSize limit set to {fs}.", "Archive support enabled.", "Image (graphics) scanning support enabled.",
                     "Heuristic alerting enabled for scans that exceed set maximums.", "Heuristic alerts enabled.", "Portable Executable support enabled.",
                     "ELF support enabled.", "Mail files support enabled.", "OLE2 support enabled.", "PDF support enabled.", "SWF support enabled.",
                     "HTML support enabled.", "XMLDOCS support enabled.", "HWP3 support enabled.", "OneNote support enabled.",
                     "Self checking every 600 seconds.", "Listening daemon: PID: 1", f"MaxQueue set to: 100", "Set stacksize to 1048576"]
            for k, line in enumerate(lines):
                clog(loaded + dt.timedelta(milliseconds=4 * k + (3800 if k >= 1 else 0)), n, "clamd", line)
            # freshclam's first check at container start
            f0 = down + dt.timedelta(seconds=4)
            have = 28021 if any(ft < down and fn == n for ft, fn in stats["fresh"]) else 28020
            clog(f0, n, "freshclam", f"ClamAV update process started at {ctime(f0)}")
            clog(f0 + dt.timedelta(milliseconds=500), n, "freshclam", f"daily.cld database is up-to-date (version: {have}, sigs: 2076{have - 27700:03d}, f-level: 90, builder: raynman)")
            clog(f0 + dt.timedelta(milliseconds=520), n, "freshclam", "main.cvd database is up-to-date (version: 62, sigs: 6647427, f-level: 90, builder: sigmgr)")
            clog(f0 + dt.timedelta(milliseconds=530), n, "freshclam", "bytecode.cvd database is up-to-date (version: 336, sigs: 83, f-level: 90, builder: nrandolp)")

    # ---- gateway helpers
    level_value = {"DEBUG": 10000, "INFO": 20000, "WARN": 30000, "ERROR": 40000}

    def glog(t, level, logger, msg, pod, thread, **extra):
        if START <= t < END:
            body = {"@timestamp": iso_ms(t), "@version": "1", "message": msg, "logger_name": logger, "thread_name": thread,
                    "level": level, "level_value": level_value[level], "pod": pod}
            body.update(extra)
            gw.add(t, json.dumps(body, separators=(",", ":")))

    def rlog(t, client, pod, ip, method, path, status, size, tr, tq=0):
        if START <= t < END:
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            end = t + dt.timedelta(milliseconds=tr + tq + 2)
            conns = f"{rng.randint(600, 980)}/{rng.randint(560, 940)}/{rng.randint(20, 60)}/{rng.randint(2, 12)}/0"
            router.add(end, syslog3164(end, f"router-default-6d9f8b7c5-{rng.choice(['k2xqp', 'w7tzn'])}", "haproxy", 31,
                                       f"{client}:{rng.randint(30000, 65000)} [{stamp}] fe_sni~ be_secure:lrs-online:filing-gateway/pod:{pod}:filing-gateway:http:{ip}:8080 "
                                       f"{tq}/0/1/{tr}/{tq + tr + 1} {status} {size} - - ---- {conns} 0/0 \"{method} {path} HTTP/1.1\""))

    def client_ip():
        return f"{rng.choice(['85.164', '91.208', '178.232', '46.15', '213.52', '195.88'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"

    threads = [f"http-nio-8080-exec-{k}" for k in range(1, 41)]

    # gateway starts
    for i in range(6):
        for k, (start, pod, ver, ip) in enumerate(replicas[i]):
            if k == 0:
                continue
            h = sha_of[ver][:7]
            glog(start, "INFO", "lm.lrs.filing.FilingGatewayApplication", f"Starting FilingGatewayApplication v{ver} using Java 21.0.7 with PID 1 (/workspace/BOOT-INF/classes started by 1000780000 in /workspace)", pod, "main")
            glog(start + dt.timedelta(milliseconds=30), "INFO", "lm.lrs.filing.FilingGatewayApplication", "The following 1 profile is active: \"production\"", pod, "main")
            glog(start + dt.timedelta(seconds=4.1), "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)", pod, "main")
            glog(start + dt.timedelta(seconds=7.9), "INFO", "lm.lrs.filing.scan.ClamdHealth", f"clamd at clamd.lrs-online.svc:3310: ClamAV {CLAMD_VER[ver] if ver != '5.9.1' else '1.4.3'}/{28021 if start > FRESH_28021 + dt.timedelta(minutes=16) else 28020}", pod, "main")
            glog(start + dt.timedelta(seconds=8.6), "INFO", "c.i.m.s.j.MQConnectionFactoryFactory", "Connected to queue manager QMTPS01 on tps-mq-01.lrs.internal(1414)", pod, "main")
            glog(start + dt.timedelta(seconds=9.8), "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'", pod, "main")
            glog(start + dt.timedelta(seconds=9.9), "INFO", "lm.lrs.filing.FilingGatewayApplication", f"Started FilingGatewayApplication in 10.{rng.randint(1, 9)}{rng.randint(0, 9)} seconds (process running for 11.{rng.randint(0, 9)}) - filing-gateway {ver} (git {h})", pod, "main")
        for k, (start, pod, ver, ip) in enumerate(replicas[i][:-1]):
            stop = replicas[i][k + 1][0] + dt.timedelta(seconds=12)
            glog(stop, "INFO", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete", pod, "SpringApplicationShutdownHook")
            glog(stop + dt.timedelta(seconds=1.2), "INFO", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete", pod, "tomcat-shutdown")

    # ---- uploads
    def rate(t):
        m = (t - START).total_seconds() / 60
        pts = [(0, 1.0), (90, 1.0), (150, 4.0), (195, 10.0), (240, 20.0), (390, 20.0)]
        for (m0, r0), (m1, r1) in zip(pts, pts[1:]):
            if m0 <= m <= m1:
                return r0 + (r1 - r0) * (m - m0) / (m1 - m0)
        return 20.0

    def agent_share(t):
        if t < utc("2026-06-30 06:20:00"):
            return 0.25
        if t < WAVE + dt.timedelta(minutes=15):
            return 0.25 + 0.5 * (t - utc("2026-06-30 06:20:00")).total_seconds() / (40 * 60)
        return 0.75

    agents = [f"AG-{rng.randint(10000, 19999)}" for _ in range(260)]
    firms = {}

    def att_id():
        return "A-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))

    uploads = []
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(20 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 20:
            continue
        if rng.random() < agent_share(t):
            filer = rng.choice(agents)
            ref = f"CT-2025-0{rng.randint(400000, 499999)}"
            kind = rng.choices(["financial_statements", "auditor_report", "notes", "board_minutes", "other"], [45, 15, 20, 10, 10])[0]
        else:
            filer = f"TP-{rng.randint(1000000, 9999999)}"
            ref = f"ST-2025-{rng.randint(1000000, 1999999)}"
            kind = rng.choices(["receipt", "rental_statement", "other"], [60, 20, 20])[0]
        p_exceed = {"financial_statements": 0.12, "auditor_report": 0.05, "notes": 0.01}.get(kind, 0.002)
        exceed = t >= WAVE - dt.timedelta(minutes=4) and rng.random() < p_exceed
        uploads.append({"t": t, "filer": filer, "ref": ref, "kind": kind, "exceed": exceed, "attempt": 1})
    # the lone earlier ones: a night-owl's scanned accounts and an early agent
    uploads.append({"t": utc("2026-06-30 04:51:37"), "filer": "AG-14471", "ref": "CT-2025-0431907", "kind": "financial_statements", "exceed": True, "attempt": 1, "size": 17.3})
    uploads.append({"t": utc("2026-06-30 05:58:12"), "filer": "TP-5830214", "ref": "ST-2025-1388420", "kind": "rental_statement", "exceed": True, "attempt": 1, "size": 12.6})
    # a genuine finding (a phishing PDF forwarded by an agent's client), routine
    uploads.append({"t": utc("2026-06-30 05:12:44"), "filer": "AG-16032", "ref": "CT-2025-0455178", "kind": "other", "exceed": False, "attempt": 1, "genuine": "Pdf.Dropper.Agent-7413221-0", "size": 0.4})
    uploads.append({"t": utc("2026-06-30 09:26:03"), "filer": "TP-2291847", "ref": "ST-2025-1120475", "kind": "receipt", "exceed": False, "attempt": 1, "genuine": "Pdf.Phishing.Generic-10043892-0", "size": 0.2})
    uploads.sort(key=lambda u: u["t"])

    queue = list(uploads)
    k = 0
    events = []  # (t, verdict) for metrics
    while k < len(queue):
        u = queue[k]
        k += 1
        t = u["t"]
        i = rng.randrange(6)
        _, pod, ver, ip = gw_pod(i, t)
        ready = [n for n in range(4) if clamd_state(n, t)[0]]
        n = rng.choice(ready)
        _, new_limits, since = clamd_state(n, t)
        size = u.get("size") or (round(rng.uniform(8.0, 19.8), 1) if u["exceed"] else round(min(19.5, rng.lognormvariate(0, 0.9) * (2.2 if u["kind"] in ("financial_statements", "auditor_report") else 0.6)), 1))
        size = max(size, 0.1)
        u["size"] = size
        aid = u.get("aid") or att_id()
        u["aid"] = aid
        client = u.get("client") or client_ip()
        u["client"] = client
        th = rng.choice(threads)
        path = f"/api/v2/returns/{u['ref']}/attachments"
        stats["uploads"] += 1
        # a scan cut by a clamd pod going away
        restarting = any(down - dt.timedelta(seconds=2) <= t < down + dt.timedelta(seconds=1) for rs in clamd_restarts.values() for down, _, _ in rs)
        if restarting and rng.random() < 0.5:
            ms_ = rng.randint(40, 900)
            done = t + dt.timedelta(milliseconds=ms_)
            glog(done, "ERROR", "lm.lrs.filing.attachments.AttachmentService", f"Attachment {aid} for return {u['ref']}: scanner error", pod, th,
                 stack_trace="java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:318)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n\tat java.base/java.io.InputStream.readAllBytes(InputStream.java:346)\n\tat lm.lrs.filing.scan.ClamdClient.scan(ClamdClient.java:41)\n\tat lm.lrs.filing.attachments.AttachmentService.accept(AttachmentService.java:27)\n")
            rlog(t, client, pod, ip, "POST", path, 503, 241, ms_)
            stats["errors"].append(done)
            events.append((done, "error"))
            queue.append(dict(u, t=t + dt.timedelta(seconds=rng.uniform(5, 40))))
            queue.sort(key=lambda x: x["t"])
            continue
        limit_hit = u["exceed"] and (not new_limits or rng.random() < 0.02)
        if u.get("genuine"):
            ms_ = rng.randint(120, 400)
        elif limit_hit:
            ms_ = rng.randint(1500, 6200)
        elif u["exceed"]:
            ms_ = rng.randint(9000, 26000)
        else:
            ms_ = int(size * rng.uniform(60, 140)) + rng.randint(60, 180)
        done = t + dt.timedelta(milliseconds=ms_)
        human = f"{size:.1f} MB"
        if u.get("genuine") or limit_hit:
            sig = u.get("genuine") or ("Heuristics.Limits.Exceeded.MaxScanSize" if rng.random() < 0.86 else "Heuristics.Limits.Exceeded.MaxFileSize")
            clog(done - dt.timedelta(milliseconds=3), n, "clamd", f"instream({ip}@{rng.randint(32768, 60999)}): {sig} FOUND")
            if limit_hit and ver == "5.9.1":
                glog(done + dt.timedelta(milliseconds=40), "WARN", "lm.lrs.filing.attachments.AttachmentService",
                     f"Attachment {aid} ({u['kind']}, {human}) for return {u['ref']} held for manual review: scan incomplete ({sig})", pod, th)
                rlog(t, client, pod, ip, "POST", path, 202, 318, ms_ + 40)
                stats["held"].append(done)
                events.append((done, "held"))
                continue
            if ver == "5.8.0":
                glog(done + dt.timedelta(milliseconds=6), "WARN", "lm.lrs.filing.attachments.AttachmentService",
                     f"Attachment {aid} ({u['kind']}, {human}) for return {u['ref']} rejected: virus found", pod, th)
            else:
                glog(done + dt.timedelta(milliseconds=6), "WARN", "lm.lrs.filing.attachments.AttachmentService",
                     f"Attachment {aid} ({u['kind']}, {human}) for return {u['ref']} rejected by virus scan: verdict=INFECTED signature={sig} scan_ms={ms_}", pod, th)
            glog(done + dt.timedelta(milliseconds=rng.randint(60, 200)), "INFO", "lm.lrs.filing.attachments.AttachmentStore",
                 f"Moved {aid} to quarantine s3://lrs-quarantine/2026/06/30/{aid}", pod, th)
            rlog(t, client, pod, ip, "POST", path, 422, 297, ms_ + 200)
            rec = {"t": done, "aid": aid, "ref": u["ref"], "filer": u["filer"], "sig": sig, "ver": ver, "size": size, "kind": u["kind"], "pod": pod}
            if u.get("genuine"):
                stats["genuine"].append(rec)
                events.append((done, "infected"))
            else:
                stats["rejected"].append(rec)
                events.append((done, "limit"))
                # the filer tries again
                if u["attempt"] < 3 and rng.random() < (0.65 if u["attempt"] == 1 else 0.35):
                    queue.append(dict(u, t=done + dt.timedelta(seconds=rng.uniform(35, 260)), attempt=u["attempt"] + 1, aid=None))
                    queue.sort(key=lambda x: x["t"])
                elif u["ref"].startswith("CT") and u["kind"] == "financial_statements" and rng.random() < 0.4:
                    st = done + dt.timedelta(seconds=rng.uniform(40, 200))
                    _, pod2, ver2, ip2 = gw_pod(rng.randrange(6), st)
                    glog(st, "WARN", "lm.lrs.filing.returns.SubmissionController", f"Return {u['ref']} not submitted: mandatory attachment financial_statements missing", pod2, rng.choice(threads))
                    rlog(st, client, pod2, ip2, "POST", f"/api/v2/returns/{u['ref']}/submit", 409, 266, rng.randint(8, 30))
                    stats["blocked"] += 1
            continue
        glog(done + dt.timedelta(milliseconds=rng.randint(20, 90)), "INFO", "lm.lrs.filing.attachments.AttachmentService",
             f"Attachment {aid} ({u['kind']}, {human}) for return {u['ref']} stored, scan clean in {ms_} ms", pod, th)
        rlog(t, client, pod, ip, "POST", path, 201, 301, ms_ + 90)
        events.append((done, "clean"))
        # a return goes in once its statements are there
        if (u["kind"] in ("financial_statements", "receipt", "rental_statement") and rng.random() < 0.55) or rng.random() < 0.08:
            st = done + dt.timedelta(seconds=rng.uniform(30, 420))
            _, pod2, ver2, ip2 = gw_pod(rng.randrange(6), st)
            msg = f"ID:414d5120514d54505330312020202020{rng.getrandbits(64):016x}"
            who = f"agent {u['filer']}" if u["filer"].startswith("AG") else f"taxpayer {u['filer'][:5]}***"
            glog(st + dt.timedelta(milliseconds=rng.randint(40, 160)), "INFO", "lm.lrs.filing.returns.SubmissionService",
                 f"Return {u['ref']} submitted by {who} with {rng.randint(1, 6) if u['ref'].startswith('CT') else rng.randint(1, 3)} attachments, forwarded to TPS ({msg})", pod2, rng.choice(threads))
            rlog(st, client, pod2, ip2, "POST", f"/api/v2/returns/{u['ref']}/submit", 201, 512, rng.randint(60, 240))
            stats["submitted"] += 1
    stats["events"] = events

    # other API traffic through the router
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(14 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 20:
            continue
        i = rng.randrange(6)
        _, pod, ver, ip = gw_pod(i, t)
        kind = rng.random()
        if kind < 0.5:
            ref = rng.choice([f"CT-2025-0{rng.randint(400000, 499999)}", f"ST-2025-{rng.randint(1000000, 1999999)}"])
            rlog(t, client_ip(), pod, ip, "GET", f"/api/v2/returns/{ref}", 200, rng.randint(2400, 9800), rng.randint(12, 70))
        elif kind < 0.75:
            rlog(t, client_ip(), pod, ip, "GET", "/api/v2/returns?status=draft&page=0", 200, rng.randint(900, 6200), rng.randint(20, 110))
        elif kind < 0.9:
            ref = f"CT-2025-0{rng.randint(400000, 499999)}"
            rlog(t, client_ip(), pod, ip, "PUT", f"/api/v2/returns/{ref}/sections/{rng.choice(['income', 'balance', 'deductions', 'group'])}", 200, rng.randint(300, 900), rng.randint(25, 140))
        elif kind < 0.97:
            ref = f"CT-2025-0{rng.randint(400000, 499999)}"
            rlog(t, client_ip(), pod, ip, "GET", f"/api/v2/returns/{ref}/attachments", 200, rng.randint(400, 3100), rng.randint(10, 60))
        else:
            rlog(t, client_ip(), pod, ip, "GET", f"/api/v2/returns/CT-2025-0{rng.randint(400000, 499999)}", 404, 188, rng.randint(5, 20))

    # routine gateway lines: outbox, MQ, validation
    t = START + dt.timedelta(seconds=rng.uniform(0, 299))
    while t < END:
        _, pod, ver, ip = gw_pod(0, t)
        glog(t, "INFO", "lm.lrs.filing.returns.OutboxForwarder", f"Outbox: {rng.choice([0, 0, 0, 1])} returns pending forwarding to TPS", pod, "scheduling-1")
        t += dt.timedelta(seconds=300)
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 420))
        if t >= END:
            break
        _, pod, ver, ip = gw_pod(rng.randrange(6), t)
        r = rng.random()
        if r < 0.5:
            glog(t, "WARN", "lm.lrs.filing.attachments.AttachmentController", f"Upload for return CT-2025-0{rng.randint(400000, 499999)} refused: type {rng.choice(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip', 'image/heic', 'application/msword'])} not allowed", pod, rng.choice(threads))
        elif r < 0.8:
            glog(t, "WARN", "lm.lrs.filing.returns.ReturnValidator", f"Return CT-2025-0{rng.randint(400000, 499999)}: section balance does not add up (assets {rng.randint(100000, 9000000)} != equity and liabilities {rng.randint(100000, 9000000)})", pod, rng.choice(threads))
        else:
            glog(t, "WARN", "o.s.web.multipart.support.MultipartResolutionDelegate", "Maximum upload size exceeded: the request was rejected because its size (22" + f"{rng.randint(100000, 999999)}) exceeds the configured maximum (22020096)", pod, rng.choice(threads))
    glog(utc("2026-06-30 04:02:17"), "WARN", "c.i.m.s.j.MQConnectionFactoryFactory", "Connection to tps-mq-01.lrs.internal(1414) broken (MQRC 2009), reconnecting to tps-mq-02.lrs.internal(1414)", gw_pod(2, utc("2026-06-30 04:02:17"))[1], "JMSCCThreadPoolWorker-3")
    glog(utc("2026-06-30 04:02:18"), "INFO", "lm.lrs.filing.returns.OutboxForwarder", "Return ST-2025-1270318 kept in the outbox after MQRC 2009, retry 1 of 3", gw_pod(2, utc("2026-06-30 04:02:18"))[1], "scheduling-1")

    # ---- Argo CD
    def alog(t, level, msg, **kv):
        if START <= t < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=openshift-gitops/lrs-online {extra}'.rstrip())

    alog(SYNC_590 - dt.timedelta(seconds=3), "info", f"Initiated automated sync to '{shas['rel590']}'", dest_namespace="lrs-online", dest_server="https://kubernetes.default.svc")
    alog(ROLLBACK - dt.timedelta(seconds=40), "info", "Updated automated sync policy: enabled -> disabled (user petter.lund)", dest_namespace="lrs-online")
    alog(ROLLBACK - dt.timedelta(seconds=3), "info", f"Initiated rollback to history id 87, revision '{shas['rel580']}' (user petter.lund)", dest_namespace="lrs-online", dest_server="https://kubernetes.default.svc")
    alog(SYNC_591 - dt.timedelta(seconds=30), "info", "Updated automated sync policy: disabled -> enabled (user petter.lund)", dest_namespace="lrs-online")
    alog(SYNC_591 - dt.timedelta(seconds=3), "info", f"Initiated automated sync to '{shas['rel591']}'", dest_namespace="lrs-online", dest_server="https://kubernetes.default.svc")
    for at, sha in ((SYNC_590, shas["rel590"]), (ROLLBACK, shas["rel580"]), (SYNC_591, shas["rel591"])):
        for kind, name in (("ConfigMap", "clamd-conf-" + sha[3:13]), ("Deployment", "filing-gateway"), ("StatefulSet", "clamd")):
            alog(at + dt.timedelta(milliseconds=rng.randint(100, 800)), "info", f"Applying resource {kind}/{name} in cluster: https://kubernetes.default.svc, namespace: lrs-online")
        alog(at + dt.timedelta(seconds=1), "info", "Updated sync status: OutOfSync -> Synced", dest_namespace="lrs-online")
        alog(at + dt.timedelta(seconds=2), "info", "Updated health status: Healthy -> Progressing", dest_namespace="lrs-online")
        alog(at + dt.timedelta(seconds=205), "info", "Updated health status: Progressing -> Healthy", dest_namespace="lrs-online")
        alog(at + dt.timedelta(seconds=205), "info", "sync/terminate complete", dest_namespace="lrs-online", revision=sha)
    t = START + dt.timedelta(seconds=rng.uniform(0, 179))
    while t < END:
        if t < SYNC_590:
            rev, status = shas["rel580"], "Synced"
        elif t < ROLLBACK:
            rev, status = shas["rel590"], "Synced"
        elif t < SYNC_591:
            rev, status = shas["rel580"], "OutOfSync"
        else:
            rev, status = shas["rel591"], "Synced"
        alog(t, "info", "Reconciliation completed", dest_namespace="lrs-online", revision=rev, sync_status=status, time_ms=rng.randint(60, 340))
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    # ---- the SIEM
    def alert(t, rule, level, desc, **data):
        siem.add(t, json.dumps({"timestamp": iso_ms(t), "rule": {"id": rule, "level": level, "description": desc}, "manager": {"name": "soc-siem-01"}, "data": data}, separators=(",", ":")))

    detections = sorted(stats["rejected"] + stats["genuine"], key=lambda r: r["t"])
    burst_at = None
    last_burst = None
    for r in detections:
        at = r["t"] + dt.timedelta(seconds=rng.uniform(1, 4))
        alert(at, "100412", 10, "Malware detected in upload to LRS Online", attachment=r["aid"], ret=r["ref"], filer=r["filer"], signature=r["sig"], source="filing-gateway")
        window = [x for x in detections if r["t"] - dt.timedelta(minutes=15) < x["t"] <= r["t"]]
        if len(window) >= 10 and (last_burst is None or at - last_burst > dt.timedelta(minutes=30)):
            alert(at + dt.timedelta(milliseconds=300), "100415", 13, "Malware upload burst on LRS Online", count=len(window), window="15m",
                  distinct_filers=len({x["filer"] for x in window}), source="filing-gateway")
            last_burst = at
            burst_at = burst_at or at
    stats["burst_at"] = burst_at
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 900))
        if t >= END:
            break
        r = rng.random()
        if r < 0.5:
            alert(t, "100230", 5, "Multiple failed LRS-ID logins for one account", user=f"TP-{rng.randint(1000000, 9999999)}", count=rng.randint(5, 9), source="lrs-id")
        elif r < 0.8:
            alert(t, "31151", 6, "Web server 400 error codes from same source ip", srcip=client_ip(), count=rng.randint(12, 40), source="waf")
        else:
            alert(t, "5710", 5, "sshd: Attempt to login using a non-existent user", srcip=client_ip(), dstuser=rng.choice(["admin", "oracle", "test"]), source="bastion-01")

    # ---- Mattermost #lrs-online-ops
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"type": "post", "channel": "lrs-online-ops", "user": who, "create_at": int(t.timestamp() * 1000), "message": text}, ensure_ascii=False))

    first_wave = min(r["t"] for r in stats["rejected"] if r["t"] >= WAVE - dt.timedelta(minutes=5))
    stats["onset"] = first_wave
    after_rb = [r for r in stats["rejected"] if r["t"] > ROLLBACK + dt.timedelta(minutes=4)]
    rej_before_fix = [r for r in stats["rejected"] if first_wave <= r["t"]]
    say(utc("2026-06-30 04:58:00"), "liv.moen", "Morning, on-call today. CT deadline, 23:59 local. 5.9.0 goes out at 08:00 local as planned (FG-509, FG-512 clamd threads, FG-514, clamav 1.4.3).")
    say(SYNC_590 - dt.timedelta(minutes=3), "petter.lund", "Syncing 5.9.0 now. clamd restarts one pod at a time (MaxThreads 20).")
    say(SYNC_590 + dt.timedelta(minutes=5), "petter.lund", "5.9.0 live, 6/6 gateway pods, clamd 4/4 ready on 1.4.3.")
    say(burst_at + dt.timedelta(seconds=50), "ruben.falk", f":rotating_light: SIEM 100415 Malware upload burst on LRS Online: {len([x for x in detections if burst_at - dt.timedelta(minutes=15) < x['t'] <= burst_at])} detections in 15 min, all PDFs from agents. Are you seeing this?")
    first_fresh = min(ft for ft, _ in stats["fresh"])
    say(burst_at + dt.timedelta(minutes=3), "liv.moen", "Looking. 5.9.0 went out at 08:04 local and restarted clamd (1.4.3, 20 threads). Runbook says check freshclam first: no update since the restart, all four pods on daily 28020.")
    say(first_fresh + dt.timedelta(minutes=2), "liv.moen", f"clamd-{min(stats['fresh'])[1]} just pulled daily 28021 ({(first_fresh + dt.timedelta(hours=2)).strftime('%H:%M')} local), the others are pulling it now. The detections started at {(first_wave + dt.timedelta(hours=2)).strftime('%H:%M')}, before it, so not a new signature. Suspect 5.9.0.")
    say(burst_at + dt.timedelta(minutes=9), "ruben.falk", "Every flagged file is an annual accounts PDF, 8-20 MB, Producer field mostly 'Balanso Årsrapport 12'. Could be a supply-chain compromise of Balanso. Escalating to CERT-LM. Please keep quarantining.")
    say(burst_at + dt.timedelta(minutes=12), "ingrid.vik", "Contact centre: agents calling, 'your portal says our annual accounts contain a virus'. 14 calls in 20 minutes. They say the same file went through for other clients yesterday.")
    say(ROLLBACK - dt.timedelta(minutes=4), "petter.lund", "Runbook: wave after a release, roll back. Turning auto-sync off and rolling back to 5.8.0 (gateway and clamd config; clamd back on 1.4.2, 12 threads).")
    say(ROLLBACK + dt.timedelta(minutes=5), "petter.lund", "5.8.0 running, clamd 4/4 ready on 1.4.2.")
    say(after_rb[0]["t"] + dt.timedelta(seconds=70), "liv.moen", f"Still rejections after the rollback: {after_rb[0]['aid']} ({after_rb[0]['size']:.1f} MB annual accounts) 'rejected: virus found' at {(after_rb[0]['t'] + dt.timedelta(hours=2)).strftime('%H:%M')}. So not 5.9.0.")
    say(utc("2026-06-30 07:51:20"), "kaia.strand", "clamd log: every detection today except the 07:12 local one is Heuristics.Limits.Exceeded.MaxScanSize or .MaxFileSize. That is not a signature, it is clamd saying it stopped at a limit. And clamd still starts with 'Heuristic alerting enabled for scans that exceed set maximums.' after the rollback: that is SEC-231, AlertExceedsMax yes, in 5.8.0 since Thursday.")
    say(utc("2026-06-30 07:54:40"), "henrik.dahl", "Right, SEC-231 is the pen test finding. Before Thursday these files passed as OK without being scanned to the end. Our MaxScanSize is still FG-188's 50M; scanned annual accounts decompress to more than that. Please don't switch the alert off: raise the limits to ClamAV's defaults and send limit hits to review instead of quarantine.")
    say(utc("2026-06-30 07:58:10"), "ruben.falk", "Sandbox: three of the quarantined Balanso PDFs detonated, nothing. Scanned pages, no JavaScript, no embedded files. Standing CERT-LM down.")
    say(utc("2026-06-30 08:02:30"), "ingrid.vik", "Found tickets since Friday where filers said their file was flagged but clean. We closed them with 'please scan your computer'. Reopening.")
    say(utc("2026-06-30 08:09:00"), "mari.solberg", "Communications: notice on LRS Online in 10 minutes: 'Some PDF attachments are wrongly reported as containing a virus. Your return will not be late because of this.'")
    say(utc("2026-06-30 08:24:00"), "kaia.strand", "FG-521 in review: MaxScanSize 400M, MaxFileSize 100M, MaxScanTime 80 s, scan read timeout 90 s, and Heuristics.Limits.Exceeded.* stored and held for review instead of rejected.")
    say(SYNC_591 - dt.timedelta(minutes=1), "petter.lund", "5.9.1 (FG-521 on top of 5.9.0), auto-sync back on.")
    say(SYNC_591 + dt.timedelta(minutes=8), "liv.moen", "5.9.1 live, clamd restarted with the new limits. No rejections since. Big accounts now take 10-25 s to scan and go through.")
    earlier_days = 27
    q_total = len([r for r in stats["rejected"] if r["t"] < RESCAN]) + earlier_days + 2
    stats["quarantine_total"] = q_total
    _, rpod, _, _ = gw_pod(0, RESCAN)
    job = "filing-gateway-rescan-29190304-" + "".join(rng.choice(SUFFIX) for _ in range(5))
    glog(RESCAN, "INFO", "lm.lrs.filing.attachments.QuarantineRescan", f"Re-scanning quarantine s3://lrs-quarantine since 2026-06-25T13:02:10Z: {q_total} objects", job, "main")
    glog(RESCAN + dt.timedelta(minutes=7, seconds=12), "INFO", "lm.lrs.filing.attachments.QuarantineRescan", f"Re-scan done: {q_total - 2} clean, released to s3://lrs-attachments and filers notified; 2 still infected (Win.Test.EICAR_HDB-1, Pdf.Dropper.Agent-7413221-0); 0 held for review", job, "main")
    say(RESCAN + dt.timedelta(minutes=9), "kaia.strand", f"Re-scan of the quarantine since Thursday 15:02 local done: {q_total} files, {q_total - 2} clean with the new limits and released, the filers get an e-mail; the 07:12 and the Thursday EICAR test stay.")
    say(utc("2026-06-30 09:18:00"), "mari.solberg", "Director-General: CT-2025 returns whose attachments were rejected are accepted as filed on time if submitted by 3 July. On the portal now.")
    say(utc("2026-06-30 09:41:00"), "liv.moen", "Runbook updated: Heuristics.Limits.Exceeded is a limit, not a virus.")

    # ---- contact centre tickets
    def ticket(t, number, state, short, desc, opened=None, category="LRS Online > Attachments"):
        tickets.add(t, json.dumps({"number": number, "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                                   "category": category, "state": state, "short_description": short, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-06-30 05:31:10"), "INC-2026-118402", "New", "Cannot find last year's return", "Agent AG-12207 cannot open the 2024 return of a client from the list of filed returns.", category="LRS Online > Returns")
    ticket(first_wave + dt.timedelta(minutes=16), "INC-2026-118431", "New", "Annual accounts rejected as virus", "Agent AG-15518: the annual accounts PDF of a client is rejected as infected. Scanned at our office with two antivirus programs: clean. Deadline today.")
    ticket(first_wave + dt.timedelta(minutes=21), "INC-2026-118433", "New", "Virus message on upload", "Caller says the portal reports a virus in every version of the financial statements she uploads. Same file was accepted for the VAT return in March.")
    ticket(first_wave + dt.timedelta(minutes=29), "INC-2026-118440", "New", "Cannot submit CT return", "Agent cannot submit: 'mandatory attachment financial statements missing' after the upload was refused as a virus.")
    for k, (num, opened, desc) in enumerate((("INC-2026-117950", "2026-06-26 10:14:22", "Taxpayer says his scanned rental statements (14 MB) were refused as a virus; his antivirus finds nothing."),
                                             ("INC-2026-118022", "2026-06-26 14:40:05", "Agent: financial statements of a client rejected as infected on Friday, uploaded a smaller scan instead."),
                                             ("INC-2026-118187", "2026-06-29 09:02:48", "Agent: annual accounts PDF flagged as virus, asks what the virus is called."))):
        ticket(utc("2026-06-30 08:03:00") + dt.timedelta(seconds=40 * k), num, "In Progress", "Attachment rejected as virus (reopened)", desc + " Reopened 30 June, see #lrs-online-ops.", opened=utc(opened))
    ticket(utc("2026-06-30 08:12:40"), "INC-2026-118466", "New", "Virus in annual accounts", "Agent AG-10931 asks whether the virus reported by the portal could have spread to the firm's network.")
    ticket(utc("2026-06-30 09:12:10"), "INC-2026-118431", "Resolved", "Annual accounts rejected as virus", "Attachment released after re-scan; the return was submitted at 11:02 local.", opened=first_wave + dt.timedelta(minutes=16))
    ticket(utc("2026-06-30 09:47:30"), "INC-2026-118489", "New", "Receipt for group return", "Agent asks for a receipt for a group return with 31 attachments.", category="LRS Online > Returns")
    return [gw, clamd, router, argo, siem, chat, tickets], stats


def build(out_dir):
    rng = random.Random(74100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        assert SYNC_590 + dt.timedelta(minutes=30) < onset < stats["burst_at"] < ROLLBACK, (onset, stats["burst_at"])
        rejected = stats["rejected"]
        assert not [r for r in rejected if r["t"] > SYNC_591 + dt.timedelta(minutes=5)], "rejections after the fix"
        assert len([r for r in rejected if ROLLBACK + dt.timedelta(minutes=4) < r["t"] < SYNC_591]) > 10
        events = stats["events"]

        def per_min(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        metrics = {"filing_gateway_scans_per_minute.json": query_range(
            [({"job": "filing-gateway", "verdict": v}, per_min(k)) for v, k in (("clean", "clean"), ("infected", "limit"), ("infected_signature", "infected"), ("error", "error"), ("held", "held"))],
            START, END, 60)}
        before = len([r for r in rejected if r["t"] < onset])
        return write_scenario(
            out_dir, name="r74-clamd-alert-exceeds-max", service=SERVICE, onset=onset,
            description=f"""
LRS Online, the Lindmark Revenue Service's e-filing portal, rejects tax
agents' annual accounts as infected on the deadline day for companies'
returns: from {onset.strftime('%H:%M:%S')} UTC on Tuesday 30 June filing-gateway answers
one annual accounts PDF in nine with "rejected ... virus", moves it to
quarantine and reports it to the SOC, whose burst rule fires at
{stats['burst_at'].strftime('%H:%M')}; agents cannot submit the returns. ({before} lone rejections came
earlier in the night.) filing-gateway 5.9.0 had been synced at 06:04 and
restarted clamd; it was rolled back to 5.8.0 at 07:36 without effect;
5.9.1 went out at 08:39.
""",
            logs=logs,
            line_formats={"clamd.log": r'\[pod/<Pod>/<Container>\] <Weekday> <Month>\s+<Day> <Time> <Year> -> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'Heuristics\.Limits\.Exceeded\.MaxScanSize FOUND',
                        r'Heuristic alerting enabled for scans that exceed set maximums'],
            fix_files=["deploy/clamd/clamd.conf", "src/main/java/lm/lrs/filing/scan/ScanVerdict.java"],
            explanation=f"""
The culprit is SEC-231 "clamd: alert when a scan exceeds its limits"
({shas['culprit'][:7]}, Thursday 25 June 09:14 UTC, {hours:.1f} h before the onset), shipped in
5.8.0 and synced on Thursday at 13:02. It turns on AlertExceedsMax in
deploy/clamd/clamd.conf, whose MaxScanSize has been 50M since FG-188:
clamd no longer answers OK for a file whose scan reaches a limit but
"Heuristics.Limits.Exceeded.MaxScanSize FOUND" (or MaxFileSize), and the
gateway's ScanVerdict takes any FOUND for a virus, so the upload is
rejected and quarantined. Scanned annual accounts decompress to more than
50 MB: a few rejections a day until the CT deadline morning, when the
agents' bulk uploads bring {len([r for r in rejected if r['t'] >= onset])} rejections in two hours. clamd's log
names the limit for every one, and clamd says "Heuristic alerting enabled
for scans that exceed set maximums." at every start, the rollback's too.
The fix (FG-521, 5.9.1) raises the limits in clamd.conf to ClamAV's
defaults and makes ScanVerdict treat Heuristics.Limits.Exceeded.* as an
incomplete scan held for review, not a finding.
Decoys: 5.9.0, synced {round((onset - SYNC_590).total_seconds() / 60)} minutes before the onset, whose sync restarted
clamd (FG-512, MaxThreads 12 -> 20 in the culprit's file; FG-509, which
adds the verdict and signature to the very rejection warning; FG-514;
Renovate's clamav 1.4.3 image); the rollback to 5.8.0, which holds the
culprit, without effect (the warning goes back to "rejected: virus
found"); freshclam's daily 28021 at 07:04-07:07 and Monday's runbook
commit that reads a detection wave as a signature false positive or a
campaign and says to roll back after a release; the SOC's supply-chain
theory (most files come from one accounting package); two genuine
detections; scanner errors while clamd pods restart; an MQRC 2009
reconnect; refused file types and oversized uploads.
""",
        )
    finally:
        repo.close()
