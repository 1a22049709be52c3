"""payslip-vault (Java 21, Spring Boot, three pods in eu-central-1; team in
Vienna, Porto and Kraków): Brightwage's store for payslips and employees'
bank details, encrypted per tenant with envelope encryption. Each record is
encrypted with a tenant data key from AWS KMS (GenerateDataKey, encryption
context tenant=<id>); reads decrypt the wrapped data key with KMS Decrypt.
Plaintext data keys are cached per pod (Caffeine). Employees download
payslips through the app; on payday the payroll-engine posts each tenant's
new payslips.

On Wednesday 25 March, payday for most tenants, AWS KMS in eu-central-1 has
elevated error rates and latencies from 10:41 to 11:37 UTC: Decrypt and
GenerateDataKey calls fail with KMSInternalException (500) or hang until
the SDK's attempt timeout. Cached data keys keep working; every cache miss
is a gamble, so payslip downloads fail with 503 ENCRYPTION_UNAVAILABLE and
the payroll-engine's uploads fail and are retried. CloudTrail shows the same
KMSInternalException for another team's API and for Secrets Manager
calling KMS on the account's behalf. AWS Health posts 28 minutes after the
first failure. Nothing in this repository caused it.

Decoys: a config change that caches data keys for 10 minutes and 5000
tenants (was 5 minutes, 1000), rolled out at 10:12, 29 minutes before the
onset (the start-up lines name it; the cold caches after the restart send
a burst of calls to KMS, which all succeed); the same morning's commit that
logs the key, encryption context and AWS request id when a KMS call fails
(the very lines of the incident); an AWS SDK bump that morning; the SDK
timeout settings from earlier in the week; the payroll run itself, which
starts at 10:00; docs, chores; a runbook commit after the onset. App
(Spring Boot with logstash-logback-encoder JSON, Java stack traces),
ingress-nginx access, payroll-engine (logfmt), CloudTrail KMS errors
(JSON), AWS Health events (JSON), Argo CD (logfmt)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "payslip-vault"
PKG = "com.brightwage.vault"
PKG_PATH = PKG.replace(".", "/")
START, END = utc("2026-03-25 09:05:00"), utc("2026-03-25 12:15:00")
ARGO_START = utc("2026-03-25 08:20:00")
MORNING_DEPLOY = utc("2026-03-25 08:31:10")
CACHE_DEPLOY = utc("2026-03-25 10:12:20")
OUTAGE, RECOVERED = utc("2026-03-25 10:41:18"), utc("2026-03-25 11:36:50")
PAYROLL_START = utc("2026-03-25 10:00:00")
ACCOUNT = "412907338514"
KEY_ID = "7c1e9a42-5d3b-4f08-9b6e-2a8d4c0f1e37"
SDK = "2.25.40"
OTHER_KEY = "0b6f3d21-8e4a-4c97-a1d5-93f27c6e8b40"
SECRETS_KEY = "e4a8c1f0-2b7d-4e36-8f95-5c0d1a9b7e62"

DATA_KEY_SERVICE = f"""package {PKG}.crypto;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Per-tenant data keys. A record's data key is wrapped by the KMS key and
 * stored with the record; reads unwrap it with Decrypt (encryption context
 * tenant=<id>) and keep the plaintext key in memory for a few minutes.
 */
@Service
public class DataKeyService {{
    private static final Logger log = LoggerFactory.getLogger(DataKeyService.class);
    private final KmsClient kms;
    private final KmsProperties props;
    private final Cache<WrappedKey, byte[]> plaintext;

    public DataKeyService(KmsClient kms, KmsProperties props) {{
        this.kms = kms;
        this.props = props;
        this.plaintext = Caffeine.newBuilder()
            .expireAfterWrite(props.getDataKeyCache().getTtl())
            .maximumSize(props.getDataKeyCache().getMaxSize())
            .recordStats()
            .build();
    }}

    public byte[] unwrap(String tenant, WrappedKey wrapped) {{
        return plaintext.get(wrapped, w -> {{
            try {{
                return kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(w.bytes()))
                        .encryptionContext(Map.of("tenant", tenant))).plaintext().asByteArray();
            }} catch (SdkException e) {{
                log.error("KMS Decrypt failed for tenant {{}}", tenant, e);
                throw new EncryptionUnavailableException(e);
            }}
        }});
    }}
}}
"""

APPLICATION_YML = """server:
  port: 8080
  shutdown: graceful
spring:
  application:
    name: payslip-vault
  datasource:
    url: jdbc:postgresql://payslip-vault.cluster-c8r2x0qj4h1z.eu-central-1.rds.amazonaws.com:5432/vault
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
vault:
  kms:
    key-id: alias/payslip-vault-prod
    region: eu-central-1
    data-key-cache:
      ttl: 5m
      max-size: 1000
  storage:
    bucket: brightwage-payslips-prod
"""

LOGBACK = """<configuration>
  <appender name="json" class="ch.qos.logback.core.ConsoleAppender">
    <encoder class="net.logstash.logback.encoder.LogstashEncoder">
      <includeMdcKeyName>tenant</includeMdcKeyName>
      <includeMdcKeyName>requestId</includeMdcKeyName>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="json"/>
  </root>
</configuration>
"""


def build_repo():
    lukas = Person("Lukas Steiner", "lukas.steiner@brightwage.com", 60)
    beatriz = Person("Beatriz Costa", "beatriz.costa@brightwage.com", 0)
    tomasz = Person("Tomasz Kowalczyk", "tomasz.kowalczyk@brightwage.com", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Stores payslips and employees' bank details, encrypted per tenant with AWS KMS data keys.")
    files["build.gradle"] = files["build.gradle"].replace(
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n"
        f"    implementation platform('software.amazon.awssdk:bom:2.25.31')\n"
        "    implementation 'software.amazon.awssdk:kms'\n"
        "    implementation 'software.amazon.awssdk:s3'\n"
        "    implementation 'com.github.ben-manes.caffeine:caffeine:3.1.8'\n"
        "    implementation 'net.logstash.logback:logstash-logback-encoder:7.4'\n")
    files["src/main/resources/application.yml"] = APPLICATION_YML
    files["src/main/resources/logback-spring.xml"] = LOGBACK
    files[f"src/main/java/{PKG_PATH}/crypto/DataKeyService.java"] = DATA_KEY_SERVICE
    files[f"src/main/java/{PKG_PATH}/crypto/KmsConfig.java"] = (f"package {PKG}.crypto;\n\nimport org.springframework.context.annotation.Bean;\nimport org.springframework.context.annotation.Configuration;\n"
                                                                 "import software.amazon.awssdk.regions.Region;\nimport software.amazon.awssdk.services.kms.KmsClient;\n\n@Configuration\npublic class KmsConfig {\n"
                                                                 "    @Bean\n    KmsClient kmsClient(KmsProperties props) {\n        return KmsClient.builder().region(Region.of(props.getRegion())).build();\n    }\n}\n")
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="1Gi", cpu="500m", env={"SPRING_PROFILES_ACTIVE": "production"})
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PayslipVault5xx", "More than 1 % of requests fail: the error's class says which dependency (KMS, S3, PostgreSQL)."),
        ("PayslipVaultLatency", "p99 over 1 s: usually data-key cache misses after a deploy; they settle within minutes."),
    ])
    repo.commit(utc("2026-03-19 09:00:00"), lukas, "payslip-vault: import", files)
    repo.schedule(chores(random.Random(13401), SERVICE, [lukas, beatriz, tomasz], utc("2026-03-19 09:00:00"), utc("2026-03-25 07:00:00"), 4))
    repo.commit(utc("2026-03-20 13:30:00"), tomasz, "kms: 800 ms attempt timeout, 2 s per call\n\nThe SDK's defaults let a hung KMS call hold a request thread for the\nApache client's 50 s socket timeout.", {
        f"src/main/java/{PKG_PATH}/crypto/KmsConfig.java": repo.edit(f"src/main/java/{PKG_PATH}/crypto/KmsConfig.java",
            "        return KmsClient.builder().region(Region.of(props.getRegion())).build();\n",
            "        return KmsClient.builder().region(Region.of(props.getRegion()))\n            .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofMillis(800)).apiCallTimeout(Duration.ofSeconds(2)))\n            .build();\n").replace(
            "import software.amazon.awssdk.regions.Region;\n", "import java.time.Duration;\n\nimport software.amazon.awssdk.regions.Region;\n"),
    })
    repo.commit(utc("2026-03-23 10:15:00"), beatriz, "docs: how payslips are encrypted", {
        "docs/encryption.md": "# Encryption\n\nEnvelope encryption per tenant: each payslip and bank record is encrypted\nwith AES-256-GCM under a data key from `GenerateDataKey` on\n`alias/payslip-vault-prod`, with the encryption context `tenant=<id>`.\nThe wrapped data key is stored with the record; reads call `Decrypt` with\nthe same context. Plaintext data keys are cached in memory per pod\n(`vault.kms.data-key-cache`), never written anywhere.\n\nWithout KMS nothing can be read or written: requests fail with 503\nENCRYPTION_UNAVAILABLE rather than fall back.\n",
    })
    repo.commit(utc("2026-03-24 15:40:00"), lukas, "payslips: PDF rendering in a virtual thread per batch", {
        f"src/main/java/{PKG_PATH}/payslips/BatchRenderer.java": f"package {PKG}.payslips;\n\nimport java.util.concurrent.ExecutorService;\nimport java.util.concurrent.Executors;\n\n/** Renders a tenant's payslip PDFs concurrently, one virtual thread each. */\nclass BatchRenderer {{\n    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();\n}}\n",
    })
    repo.commit(utc("2026-03-25 06:05:00"), bot, "Bump software.amazon.awssdk:bom from 2.25.31 to 2.25.40\n\nBumps software.amazon.awssdk:bom from 2.25.31 to 2.25.40.\n\n---\nupdated-dependencies:\n- dependency-name: software.amazon.awssdk:bom\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "build.gradle": repo.edit("build.gradle", "bom:2.25.31", f"bom:{SDK}"),
    })
    morning = repo.commit(utc("2026-03-25 07:55:00"), beatriz, "kms: log the key, encryption context and AWS request id when a call fails\n\nLast month's AccessDeniedException took an hour to trace to a key\npolicy because the log only said which tenant.", {
        f"src/main/java/{PKG_PATH}/crypto/DataKeyService.java": repo.edit(f"src/main/java/{PKG_PATH}/crypto/DataKeyService.java",
            "                log.error(\"KMS Decrypt failed for tenant {}\", tenant, e);\n",
            "                log.error(\"KMS Decrypt failed for tenant {} key {} context {tenant={}} requestId {}\", tenant, props.getKeyId(), tenant, KmsErrors.requestId(e), e);\n"),
        f"src/main/java/{PKG_PATH}/crypto/KmsErrors.java": f"package {PKG}.crypto;\n\nimport software.amazon.awssdk.awscore.exception.AwsServiceException;\nimport software.amazon.awssdk.core.exception.SdkException;\n\nfinal class KmsErrors {{\n    static String requestId(SdkException e) {{\n        return e instanceof AwsServiceException ase ? ase.requestId() : \"-\";\n    }}\n}}\n",
    })
    cache = repo.commit(utc("2026-03-25 10:03:00"), tomasz, "data keys: cache for 10 minutes and up to 5000 tenants\n\nOn payday the cache holds more tenants than 1000 and evicts keys it\nneeds a minute later; 10 minutes halves the Decrypt calls at the\nmorning peak (KMS bills per request).", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "      ttl: 5m\n      max-size: 1000\n", "      ttl: 10m\n      max-size: 5000\n"),
    })
    repo.commit(utc("2026-03-25 12:40:00"), lukas, "runbook: KMS errors", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## KMS Decrypt failed: KmsInternalException, ApiCallAttemptTimeoutException\n\nCheck CloudTrail for KMS errors from other principals and the AWS Health\ndashboard for eu-central-1 before touching anything: if other callers fail\ntoo, it is KMS. Cached data keys keep working; restarting pods empties the\ncaches and makes it worse.\n",
    })
    return repo, morning, cache


def stamp_ms(t):
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def logstash(t, level, logger, thread, msg, stack=None, **mdc):
    body = {"@timestamp": stamp_ms(t), "@version": "1", "message": msg, "logger_name": logger, "thread_name": thread, "level": level,
            "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level]}
    body.update(mdc)
    if stack:
        body["stack_trace"] = stack
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def kms_failure_rate(t):
    if t < OUTAGE or t >= RECOVERED:
        return 0.0
    into = (t - OUTAGE).total_seconds()
    left = (RECOVERED - t).total_seconds()
    return min(0.8, 0.35 + into / 600 * 0.45, 0.1 + left / 400 * 0.7)


TOMCAT = ("\tat org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1190)\n"
          "\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)\n"
          "\tat java.base/java.lang.Thread.run(Thread.java:1583)")


def stack_internal(op, req_id):
    return (f"software.amazon.awssdk.services.kms.model.KmsInternalException: Service returned HTTP status code 500 (Service: Kms, Status Code: 500, Request ID: {req_id})\n"
            "\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)\n"
            "\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleResponse(CombinedResponseHandler.java:82)\n"
            "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.RetryableStage.execute(RetryableStage.java:61)\n"
            "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.ApiCallTimeoutTrackingStage.execute(ApiCallTimeoutTrackingStage.java:50)\n"
            "\tat software.amazon.awssdk.core.internal.http.AmazonSyncHttpClient$RequestExecutionBuilderImpl.execute(AmazonSyncHttpClient.java:224)\n"
            f"\tat software.amazon.awssdk.services.kms.DefaultKmsClient.{op}(DefaultKmsClient.java:{2461 if op == 'decrypt' else 3890})\n"
            + (f"\tat {PKG}.crypto.DataKeyService.lambda$unwrap$1(DataKeyService.java:44)\n"
               "\tat com.github.benmanes.caffeine.cache.BoundedLocalCache.lambda$doComputeIfAbsent$14(BoundedLocalCache.java:2688)\n"
               f"\tat {PKG}.crypto.DataKeyService.unwrap(DataKeyService.java:41)\n"
               f"\tat {PKG}.payslips.PayslipService.read(PayslipService.java:58)\n"
               if op == "decrypt" else
               f"\tat {PKG}.crypto.DataKeyService.newDataKey(DataKeyService.java:63)\n"
               f"\tat {PKG}.payslips.PayslipService.storeBatch(PayslipService.java:91)\n")
            + TOMCAT)


def stack_timeout(op, call):
    if call:
        head = "software.amazon.awssdk.core.exception.ApiCallTimeoutException: Client execution did not complete before the specified timeout configuration: 2000 millis"
    else:
        head = "software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException: HTTP request execution did not complete before the specified timeout configuration: 800 millis"
    return (head + "\n"
            "\tat software.amazon.awssdk.core.exception.SdkClientException$BuilderImpl.build(SdkClientException.java:111)\n"
            "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.ApiCallTimeoutTrackingStage.handleInterruptedException(ApiCallTimeoutTrackingStage.java:139)\n"
            "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.ApiCallTimeoutTrackingStage.execute(ApiCallTimeoutTrackingStage.java:56)\n"
            f"\tat software.amazon.awssdk.services.kms.DefaultKmsClient.{op}(DefaultKmsClient.java:{2461 if op == 'decrypt' else 3890})\n"
            + (f"\tat {PKG}.crypto.DataKeyService.lambda$unwrap$1(DataKeyService.java:44)\n\tat {PKG}.crypto.DataKeyService.unwrap(DataKeyService.java:41)\n"
               if op == "decrypt" else f"\tat {PKG}.crypto.DataKeyService.newDataKey(DataKeyService.java:63)\n")
            + TOMCAT)


def build_logs(rng, morning, cache):
    app = Log("payslip-vault.log")
    ingress = Log("ingress-nginx-access.log")
    engine = Log("payroll-engine.log")
    trail = Log("cloudtrail-kms-errors.log")
    health = Log("aws-health-events.log")
    argo = Log("argocd-application-controller.log")

    gens = [(MORNING_DEPLOY, [f"payslip-vault-7b9c6d8f54-{hexid(rng, 5)}" for _ in range(3)], morning, 300),
            (CACHE_DEPLOY, [f"payslip-vault-64f8b7c9d5-{hexid(rng, 5)}" for _ in range(3)], cache, 600)]
    pod_ip = {pod: f"10.30.{rng.randint(0, 7)}.{rng.randint(10, 250)}" for _, pods, _, _ in gens for pod in pods}

    def gen_at(slot, t):
        g = 0
        if t >= CACHE_DEPLOY + dt.timedelta(seconds=30 + 25 * slot):
            g = 1
        return g

    for when, sha in ((MORNING_DEPLOY, morning), (CACHE_DEPLOY, cache)):
        t0 = when - dt.timedelta(seconds=31)
        argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="payslip-vault", dest_namespace="payroll"))
        argo.add(when + dt.timedelta(seconds=80), logfmt(when + dt.timedelta(seconds=80), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded",
                                                         application="payslip-vault", dest_namespace="payroll"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="payslip-vault", dest_namespace="payroll",
                                                              comparison_level=1, time_ms=rng.randint(30, 160)))])
    # start-up of the 10:12 pods
    for slot, pod in enumerate(gens[1][1]):
        t = CACHE_DEPLOY + dt.timedelta(seconds=25 * slot + rng.uniform(0, 1))
        lines = [(0.0, "main", f"{PKG}.PayslipVaultApplication", "Starting PayslipVaultApplication v1.42.0 using Java 21.0.2 with PID 1 (/app.jar started by app in /)"),
                 (0.05, "main", f"{PKG}.PayslipVaultApplication", 'The following 1 profile is active: "production"'),
                 (3.9, "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
                 (9.1, "main", f"{PKG}.crypto.DataKeyService", "data key cache: ttl=PT10M maxSize=5000 key=alias/payslip-vault-prod"),
                 (14.2, "main", f"{PKG}.BuildInfoLogger", f"payslip-vault 1.42.0 git.commit.id.abbrev={cache[:7]}"),
                 (15.4, "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"),
                 (15.6, "main", f"{PKG}.PayslipVaultApplication", f"Started PayslipVaultApplication in 15.{rng.randint(100, 999)} seconds (process running for 16.{rng.randint(100, 999)})")]
        for off, thread, logger, msg in lines:
            tt = t + dt.timedelta(seconds=off)
            app.add(tt, logstash(tt, "INFO", logger, thread, msg))
        old = gens[0][1][slot]
        tt = t + dt.timedelta(seconds=28)
        app.add(tt, logstash(tt, "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "SpringApplicationShutdownHook", "Commencing graceful shutdown. Waiting for active requests to complete"))
        app.add(tt + dt.timedelta(milliseconds=200), logstash(tt + dt.timedelta(milliseconds=200), "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "tomcat-shutdown", "Graceful shutdown complete"))

    # --- KMS and the per-pod caches ------------------------------------------------------------
    tenants = [f"t-{rng.randint(1000, 9999)}" for _ in range(640)]
    weights = [rng.paretovariate(1.3) for _ in tenants]
    caches = {}          # (pod, tenant) -> expiry
    kms_calls = {}       # (minute, outcome) -> count

    def tally(t, outcome):
        key = (t.replace(second=0, microsecond=0), outcome)
        kms_calls[key] = kms_calls.get(key, 0) + 1

    def trail_error(t, op, principal, tenant=None, invoked_by=None):
        ident = ({"type": "AWSService", "invokedBy": invoked_by} if invoked_by else
                 {"type": "AssumedRole", "principalId": f"AROA{hexid(rng, 17).upper()}:{principal}-{rng.randint(10**12, 10**13 - 1)}",
                  "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{principal}/{principal}-{rng.randint(10**12, 10**13 - 1)}", "accountId": ACCOUNT})
        req = {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"} if op == "Decrypt" else {"keyId": "alias/payslip-vault-prod", "keySpec": "AES_256"}
        if tenant:
            req["encryptionContext"] = {"tenant": tenant}
        elif invoked_by:
            req["encryptionContext"] = {"SecretARN": f"arn:aws:secretsmanager:eu-central-1:{ACCOUNT}:secret:{rng.choice(['timesheets/db', 'billing/stripe', 'payroll-engine/sftp'])}-{hexid(rng, 6)}"}
        rec = {"eventVersion": "1.09", "userIdentity": ident, "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": "kms.amazonaws.com", "eventName": op,
               "awsRegion": "eu-central-1", "sourceIPAddress": invoked_by or "AWS Internal",
               "userAgent": invoked_by or f"aws-sdk-java/{SDK} Linux/6.1.84 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS Java/21.0.2 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/standard",
               "errorCode": "KMSInternalException", "errorMessage": "The service was unable to process the request due to an internal error.",
               "requestParameters": req, "responseElements": None, "requestID": uuid(rng), "eventID": uuid(rng), "readOnly": op == "Decrypt",
               "resources": [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": f"arn:aws:kms:eu-central-1:{ACCOUNT}:key/{KEY_ID if tenant else (OTHER_KEY if not invoked_by else SECRETS_KEY)}"}],
               "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
        trail.add(t, json.dumps(rec, separators=(",", ":")))

    def kms_call(t, op, tenant):
        """One SDK call with standard retries (3 attempts, 800 ms each, 2 s in all).
        Returns (ok, seconds, stack or None, request id)."""
        p = kms_failure_rate(t)
        elapsed = 0.0
        last = None
        for attempt in range(3):
            if elapsed >= 2.0:
                break
            if rng.random() >= p:
                took = ms(rng, 14 if p == 0 else 160, 0.5) / 1000
                elapsed += took
                tally(t, "ok")
                return True, elapsed, None, None
            if rng.random() < 0.55:
                took = rng.uniform(0.02, 0.4)
                rid = uuid(rng)
                if rng.random() < 0.35:
                    trail_error(t + dt.timedelta(seconds=elapsed + took), "Decrypt" if op == "decrypt" else "GenerateDataKey", "payslip-vault-prod", tenant)
                last = ("internal", rid)
            else:
                took = 0.8
                last = ("attempt", None)
            elapsed += took
            if elapsed < 2.0:
                elapsed += min(2.0 - elapsed, rng.uniform(0.05, 0.2) * (2 ** attempt))
        if last[0] == "attempt" and elapsed >= 2.0:
            stack = stack_timeout(op, call=True)
            elapsed = 2.0
        elif last[0] == "attempt":
            stack = stack_timeout(op, call=False)
        else:
            stack = stack_internal(op, last[1])
        tally(t, "error")
        return False, min(elapsed, 2.0), stack, last[1]

    # --- employees downloading payslips ----------------------------------------------------------
    UAS = ["Brightwage/5.2.0 (iPhone; iOS 17.4)", "Brightwage/5.2.0 (Android 14; SM-S918B)", "Brightwage/5.1.3 (Android 13; Pixel 7)",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15"]
    failures = {}

    def rate(t):
        return 9 + 8 * min(1.0, max(0.0, (t - PAYROLL_START).total_seconds() / 2400))

    def serve(t, tenant, kind, client, ua):
        slot = rng.randrange(3)
        g = gen_at(slot, t)
        pod = gens[g][1][slot]
        ttl = gens[g][3]
        thread = f"http-nio-8080-exec-{rng.randint(1, 60)}"
        rid = hexid(rng, 16)
        base = ms(rng, 35, 0.4) / 1000
        exp = caches.get((pod, tenant)) if kind == "read" else None   # a new data key for every batch written
        if exp is not None and exp > t:
            return pod, True, base, None
        ok, took, stack, req_id = kms_call(t, "decrypt" if kind == "read" else "generateDataKey", tenant)
        if ok:
            if kind == "read":
                caches[(pod, tenant)] = t + dt.timedelta(seconds=ttl)
            return pod, True, base + took, None
        e = t + dt.timedelta(seconds=took)
        if kind == "read":
            app.add(e, logstash(e, "ERROR", f"{PKG}.crypto.DataKeyService", thread,
                                f"KMS Decrypt failed for tenant {tenant} key alias/payslip-vault-prod context {{tenant={tenant}}} requestId {req_id or '-'}", stack, tenant=tenant, requestId=rid))
        else:
            app.add(e, logstash(e, "ERROR", f"{PKG}.crypto.DataKeyService", thread,
                                f"KMS GenerateDataKey failed for tenant {tenant} key alias/payslip-vault-prod context {{tenant={tenant}}} requestId {req_id or '-'}", stack, tenant=tenant, requestId=rid))
        app.add(e + dt.timedelta(milliseconds=2), logstash(e + dt.timedelta(milliseconds=2), "WARN", f"{PKG}.web.ApiExceptionHandler", thread,
                                                           "503 ENCRYPTION_UNAVAILABLE: data key for tenant " + tenant + " could not be unwrapped", tenant=tenant, requestId=rid))
        minute = e.replace(second=0, microsecond=0)
        failures[minute] = failures.get(minute, 0) + 1
        return pod, False, base + took, None

    arrivals = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt
    for t in arrivals:
        tenant = rng.choices(tenants, weights=weights)[0]
        client = f"{rng.choice([62, 77, 78, 80, 84, 85, 91, 93, 178, 188, 212, 213])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"
        ua = rng.choice(UAS)
        r = rng.random()
        if r < 0.55:
            path, kind = f"/v1/me/payslips/{rng.randint(2400000, 2899999)}.pdf", "read"
        elif r < 0.8:
            path, kind = "/v1/me/payslips?year=2026", "list"
        else:
            path, kind = "/v1/me/bank-details", "read"
        if kind == "list":
            took = ms(rng, 28, 0.4) / 1000
            slot = rng.randrange(3)
            pod = gens[gen_at(slot, t)][1][slot]
            e = t + dt.timedelta(seconds=took)
            ingress.add(e, nginx_access(e, client, "GET", path, 200, rng.randint(600, 4200), took + 0.002, ua, upstream_rt=took))
            continue
        pod, ok, took, _ = serve(t, tenant, kind, client, ua)
        e = t + dt.timedelta(seconds=took)
        if ok:
            size = rng.randint(38000, 160000) if path.endswith(".pdf") else rng.randint(300, 700)
            ingress.add(e, nginx_access(e, client, "GET", path, 200, size, took + 0.002, ua, upstream_rt=took))
        else:
            ingress.add(e, nginx_access(e, client, "GET", path, 503, 96, took + 0.002, ua, upstream_rt=took))

    # --- payday: the payroll-engine posts each tenant's payslips --------------------------------
    batch_tenants = sorted(rng.sample(tenants, 420), key=lambda x: rng.random())
    t = PAYROLL_START + dt.timedelta(seconds=rng.uniform(2, 6))
    engine.add(PAYROLL_START, logfmt(PAYROLL_START, "info", "payroll run started", run="2026-03", tenants=len(batch_tenants), scheduled="10:00"))
    retry_q = []
    done = 0
    i = 0
    while (i < len(batch_tenants) or retry_q) and t < END:
        retry_q.sort(key=lambda r: r[0])
        if retry_q and retry_q[0][0] <= t:
            _, tenant, attempt = retry_q.pop(0)
        elif i < len(batch_tenants):
            tenant, attempt = batch_tenants[i], 1
            i += 1
        else:
            t = retry_q[0][0]
            continue
        n = rng.randint(3, 60)
        pod, ok, took, _ = serve(t, tenant, "write", None, None)
        e = t + dt.timedelta(seconds=took + n * 0.012)
        if ok:
            app.add(e, logstash(e, "INFO", f"{PKG}.payslips.PayslipService", f"http-nio-8080-exec-{rng.randint(1, 60)}", f"stored {n} payslips for tenant {tenant} run 2026-03", tenant=tenant))
            engine.add(e + dt.timedelta(milliseconds=5), logfmt(e + dt.timedelta(milliseconds=5), "info", "payslips uploaded", tenant=tenant, count=n, attempt=attempt,
                                                                took_ms=int((e - t).total_seconds() * 1000)))
            done += 1
        else:
            wait = 30 * 2 ** (attempt - 1)
            engine.add(e + dt.timedelta(milliseconds=5), logfmt(e + dt.timedelta(milliseconds=5), "warn", "payslip upload failed, will retry", tenant=tenant, count=n, attempt=attempt,
                                                                status=503, error="ENCRYPTION_UNAVAILABLE", retry_in=f"{wait}s"))
            if attempt < 6:
                retry_q.append((e + dt.timedelta(seconds=wait), tenant, attempt + 1))
            else:
                engine.add(e + dt.timedelta(milliseconds=6), logfmt(e + dt.timedelta(milliseconds=6), "error", "giving up on tenant, needs a manual re-run", tenant=tenant, attempts=attempt))
        t = e + dt.timedelta(seconds=rng.uniform(4, 9))
    engine.add(t, logfmt(t, "info", "payroll run finished", run="2026-03", tenants_done=done, tenants_failed=len(batch_tenants) - done))
    emit(rng, engine, START, END, 0.3, [(1, lambda t: logfmt(t, "info", "sftp poll", partner=rng.choice(["datev", "bmd", "sage-at"]), files=0))])

    # --- the app's routine lines --------------------------------------------------------------
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        for slot in range(3):
            g = gen_at(slot, t)
            pod = gens[g][1][slot]
            size = sum(1 for (p, _), exp in caches.items() if p == pod and exp > t)
            tt = t + dt.timedelta(milliseconds=rng.randint(0, 3000))
            app.add(tt, logstash(tt, "INFO", f"{PKG}.crypto.DataKeyCacheMetrics", "scheduling-1", f"data key cache size={size} hitRate={min(0.97, 0.55 + size / 300):.2f}"))
        t += dt.timedelta(minutes=5)
    emit(rng, app, START, END, 0.2, [
        (3, lambda t: logstash(t, "WARN", f"{PKG}.web.ApiExceptionHandler", f"http-nio-8080-exec-{rng.randint(1, 60)}", f"404 PAYSLIP_NOT_FOUND: payslip {rng.randint(2400000, 2899999)} not visible to employee", requestId=hexid(rng, 16))),
        (1, lambda t: logstash(t, "INFO", f"{PKG}.bank.BankDetailsService", f"http-nio-8080-exec-{rng.randint(1, 60)}", "bank details changed, confirmation e-mail queued", tenant=rng.choice(tenants), requestId=hexid(rng, 16))),
    ])

    # --- CloudTrail: KMS errors from other callers in the account ---------------------------------
    for t in poisson_times(rng, OUTAGE, RECOVERED, 2.2):
        if rng.random() < kms_failure_rate(t) / 0.8:
            if rng.random() < 0.6:
                trail_error(t, "Decrypt", "timesheets-api-prod")
            else:
                trail_error(t, "Decrypt", None, invoked_by="secretsmanager.amazonaws.com")
    for t in poisson_times(rng, START, END, 0.02):
        rec = {"eventVersion": "1.09", "userIdentity": {"type": "AssumedRole", "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Developer_3f1c2b/beatriz.costa@brightwage.com", "accountId": ACCOUNT},
               "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": "kms.amazonaws.com", "eventName": "Decrypt", "awsRegion": "eu-central-1",
               "sourceIPAddress": f"85.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}", "userAgent": "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 command/kms.decrypt",
               "errorCode": "AccessDeniedException", "errorMessage": f"User: arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Developer_3f1c2b/beatriz.costa@brightwage.com is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access",
               "requestParameters": {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}, "responseElements": None, "requestID": uuid(rng), "eventID": uuid(rng), "readOnly": True,
               "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
        trail.add(t, json.dumps(rec, separators=(",", ":")))

    # --- AWS Health -----------------------------------------------------------------------------
    arn = "arn:aws:health:eu-central-1::event/KMS/AWS_KMS_OPERATIONAL_ISSUE/AWS_KMS_OPERATIONAL_ISSUE_3E9D1_5A7C20B8F41"
    for when, code, text in ((utc("2026-03-25 11:09:48"), "open", "We are investigating increased error rates and latencies for AWS Key Management Service (KMS) API requests in the EU-CENTRAL-1 Region."),
                             (utc("2026-03-25 11:31:02"), "open", "We have identified the cause of the increased error rates and latencies for KMS API requests in the EU-CENTRAL-1 Region and are seeing recovery."),
                             (utc("2026-03-25 11:58:15"), "closed", "Between 10:41 AM and 11:37 AM UTC we experienced increased error rates and latencies for KMS API requests in the EU-CENTRAL-1 Region. Services that call KMS on your behalf, such as Secrets Manager, were also affected. The issue has been resolved and the service is operating normally.")):
        health.add(when, json.dumps({"time": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "aws.health", "detail-type": "AWS Health Event", "region": "eu-central-1",
                                     "detail": {"eventArn": arn, "service": "KMS", "eventTypeCode": "AWS_KMS_OPERATIONAL_ISSUE", "eventTypeCategory": "issue", "statusCode": code,
                                                "eventDescription": [{"language": "en_US", "latestDescription": text}]}}, separators=(",", ":")))
    return [app, ingress, engine, trail, health, argo], (kms_calls, failures)


def build(out_dir):
    rng = random.Random(13400)
    repo, morning, cache = build_repo()
    try:
        logs, (kms_calls, failures) = build_logs(rng, morning, cache)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "KMS Decrypt failed" in text or "KMS GenerateDataKey failed" in text).replace(microsecond=0)

        def per_sec(outcome):
            def fn(t):
                key = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return round(sum(kms_calls.get((key - dt.timedelta(minutes=k), outcome), 0) for k in range(2)) / 120, 4)
            return fn

        metrics = {
            "aws_sdk_kms_calls.json": query_range([({"service": SERVICE, "outcome": o}, per_sec(o)) for o in ("ok", "error")], START, END, 60),
        }
        return write_scenario(
            out_dir, name="kms-outage-none", service=SERVICE, onset=onset,
            description=f"""
Payslips cannot be downloaded and the payday run stalls. From {onset.strftime('%H:%M')} UTC a
growing share of payslip and bank-detail reads fail with 503
ENCRYPTION_UNAVAILABLE and the payroll-engine's uploads fail and are
retried. payslip-vault was rolled out at 08:31 (a change to the KMS error
line) and at 10:12 (data-key cache 10 minutes, 5000 tenants); the payroll
run started at 10:00. The errors stop at about 11:37 without a change on
our side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"KmsInternalException", r"increased error rates and latencies for AWS Key Management Service"],
            fix_files=[],
            explanation=f"""
Nothing in payslip-vault's repository caused it. AWS KMS in eu-central-1
had elevated error rates and latencies from 10:41 to 11:37: Decrypt and
GenerateDataKey fail with KmsInternalException (Status Code: 500) or run
into the SDK's attempt and call timeouts (ApiCallAttemptTimeoutException,
ApiCallTimeoutException), on data-key cache misses and for every batch
written. CloudTrail shows
KMSInternalException for the same calls and for other callers in the
account (timesheets-api's role, Secrets Manager on the account's behalf);
AWS Health posts {int((utc('2026-03-25 11:09:48') - onset).total_seconds() // 60)} minutes after the first failure, and
the errors stop when KMS recovers. Decoys: the data-key cache change
(10 minutes, 5000 tenants) rolled out at 10:12, {int((onset - CACHE_DEPLOY).total_seconds() // 60)} minutes before the onset,
whose cold caches sent a burst of calls to KMS that all succeeded; the
morning commit that adds the key, encryption context and request id to
the KMS error line; the AWS SDK bump; the timeout settings earlier in the
week; the payroll run starting at 10:00; docs, a rendering change, chores;
the runbook commit after the onset.
""",
        )
    finally:
        repo.close()
