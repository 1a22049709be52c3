"""payments-gateway: the acquirer retry policy goes from 3 attempts with
exponential backoff to 8 immediate attempts. A 40-second acquirer blip turns
into a retry storm: outbound calls multiply, the acquirer rate-limits with 429,
and the 429s are retried too, so it does not recover on its own. Spring Boot
log with Java stack traces, Envoy egress, logfmt from the calling checkout-api."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import envoy_access, logfmt, spring
from skeletons import chores, ci_bump, java_service, k8s_deployment, runbook

SERVICE = "payments-gateway"
PKG = "com.acme.payments"
DEPLOY = utc("2026-11-26 14:47:40")
BLIP = utc("2026-11-26 16:20:05")
ONSET = BLIP
BLIP_END = BLIP + dt.timedelta(seconds=40)

APP_YML = """server:
  port: 8080
acquirer:
  base-url: https://api.acquirer.example/v3
  connect-timeout: 1s
  read-timeout: 3s
resilience4j:
  retry:
    instances:
      acquirer:
        max-attempts: 3
        wait-duration: 500ms
        enable-exponential-backoff: true
        exponential-backoff-multiplier: 2
        retry-exceptions:
          - org.springframework.web.client.HttpServerErrorException
          - org.springframework.web.client.HttpClientErrorException$TooManyRequests
          - org.springframework.web.client.ResourceAccessException
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""

TRACE_429 = """org.springframework.web.client.HttpClientErrorException$TooManyRequests: 429 Too Many Requests: "{"error":"rate_limited","retry_after":2}"
\tat org.springframework.web.client.HttpClientErrorException.create(HttpClientErrorException.java:137)
\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:183)
\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:137)
\tat org.springframework.web.client.RestTemplate.handleResponse(RestTemplate.java:932)
\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:881)
\tat org.springframework.web.client.RestTemplate.postForObject(RestTemplate.java:498)
\tat com.acme.payments.acquirer.AcquirerClient.lambda$authorize$0(AcquirerClient.java:64)
\tat io.github.resilience4j.retry.Retry.lambda$decorateCheckedSupplier$3(Retry.java:137)
\tat com.acme.payments.acquirer.AcquirerClient.authorize(AcquirerClient.java:66)
\tat com.acme.payments.api.AuthorizationController.authorize(AuthorizationController.java:41)
\t... 54 common frames omitted"""

TRACE_503 = """org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: [no body]
\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)
\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:186)
\tat org.springframework.web.client.RestTemplate.handleResponse(RestTemplate.java:932)
\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:881)
\tat com.acme.payments.acquirer.AcquirerClient.lambda$authorize$0(AcquirerClient.java:64)
\tat io.github.resilience4j.retry.Retry.lambda$decorateCheckedSupplier$3(Retry.java:137)
\tat com.acme.payments.acquirer.AcquirerClient.authorize(AcquirerClient.java:66)
\t... 54 common frames omitted"""


def build_repo():
    kofi = Person("Kofi Mensah", "kofi.mensah@acme-pay.com", 0)
    sofia = Person("Sofia Rossi", "sofia.rossi@acme-pay.com", 60)
    dev = Person("Devika Iyer", "devika.iyer@acme-pay.com", 330)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    path = PKG.replace(".", "/")
    files = java_service(SERVICE, PKG, "Authorizes and captures card payments through the acquirer.")
    files["src/main/resources/application.yml"] = APP_YML
    files[f"src/main/java/{path}/acquirer/AcquirerClient.java"] = f"""package {PKG}.acquirer;

import io.github.resilience4j.retry.Retry;
import org.springframework.web.client.RestTemplate;

public class AcquirerClient {{
    private final RestTemplate rest;
    private final Retry retry;

    public AcquirerClient(RestTemplate rest, Retry retry) {{
        this.rest = rest;
        this.retry = retry;
    }}

    public AuthorizationResult authorize(AuthorizationRequest request) {{
        return Retry.decorateCheckedSupplier(retry,
                () -> rest.postForObject("/authorizations", request, AuthorizationResult.class)).unchecked().get();
    }}
}}
"""
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=6, memory="1536Mi", cpu="1")
    files["k8s/hpa.yaml"] = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: payments-gateway\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: payments-gateway\n  minReplicas: 6\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 60\n"
    files["docs/runbook.md"] = runbook(SERVICE, [("AcquirerErrors", "acquirer 5xx above 2 %: check the acquirer status page; we retry 3 times with backoff.")])
    repo.commit(utc("2026-11-20 11:00:00"), sofia, "payments-gateway: import", files)
    repo.schedule(chores(random.Random(2013), SERVICE, [kofi, sofia, dev], utc("2026-11-20 11:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-23 09:40:00"), dev, "capture: send the SEPA mandate reference", {
        f"src/main/java/{path}/capture/CaptureRequest.java": f"package {PKG}.capture;\n\npublic record CaptureRequest(String paymentId, long amountMinor, String currency, String mandateReference) {{}}\n",
    })
    repo.commit(utc("2026-11-24 06:10:00"), bot, "Update dependency com.fasterxml.jackson:jackson-bom to v2.17.1", {
        "build.gradle": repo.edit("build.gradle", "    implementation 'org.springframework.boot:spring-boot-starter-web'\n",
                                  "    implementation 'org.springframework.boot:spring-boot-starter-web'\n    implementation platform('com.fasterxml.jackson:jackson-bom:2.17.1')\n"),
    })
    repo.commit(utc("2026-11-25 15:20:00"), kofi, "management: expose the info endpoint", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "include: health,prometheus", "include: health,info,prometheus"),
    })
    repo.commit(utc("2026-11-26 10:05:00"), dev, "docs: PSD2 SCA flow with sequence diagram", {
        "docs/sca.md": "# Strong customer authentication\n\n```mermaid\nsequenceDiagram\n  checkout->>gateway: authorize\n  gateway->>acquirer: authorization (3DS2)\n```\n",
    })
    culprit = repo.commit(utc("2026-11-26 13:58:00"), kofi,
                          "acquirer: retry harder, without waiting\n\nMost acquirer errors are single dropped connections; waiting 500ms+1s\nadds latency for nothing. 8 quick attempts recover them faster.", {
                              "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml",
                                                                              "        max-attempts: 3\n        wait-duration: 500ms\n        enable-exponential-backoff: true\n        exponential-backoff-multiplier: 2\n",
                                                                              "        max-attempts: 8\n        wait-duration: 0ms\n"),
                          })
    head = repo.commit(utc("2026-11-26 14:30:00"), sofia, "ci: bump checkout, run tests with --scan", {
        ".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"]).replace("./gradlew test --no-daemon", "./gradlew test --no-daemon --scan"),
    })
    repo.commit(utc("2026-11-26 16:04:00"), sofia, "k8s: HPA max 12 for Black Friday", {"k8s/hpa.yaml": repo.edit("k8s/hpa.yaml", "maxReplicas: 10", "maxReplicas: 12")})
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("payments-gateway.log")
    envoy = Log("envoy-egress.log")
    checkout = Log("checkout-api.log")
    start, end = utc("2026-11-26 14:20:00"), utc("2026-11-26 16:45:00")
    threads = [f"http-nio-8080-exec-{i}" for i in range(1, 40)]
    log_name = "c.a.p.acquirer.AcquirerClient"

    for t in poisson_times(rng, start, end, 3):
        pay = f"pay_{hexid(rng, 14)}"
        thread = rng.choice(threads)
        amount = rng.randint(500, 40000)
        if t < BLIP:
            took = ms(rng, 220)
            envoy.add(t, envoy_access(t, "POST", "/v3/authorizations", 201, "-", "34.120.8.19:443", took, hexid(rng, 16), "api.acquirer.example"))
            app.add(t, spring(t, "INFO", thread, "c.a.p.api.AuthorizationController", f"Authorized {pay} amount={amount} EUR in {took + 9} ms"))
            checkout.add(t, logfmt(t, "info", "payment authorized", payment=pay, duration=f"{took + 15}ms"))
            continue
        # During and after the blip: 8 immediate attempts each.
        u = t
        for attempt in range(1, 9):
            status = 503 if u < BLIP_END else 429
            envoy.add(u, envoy_access(u, "POST", "/v3/authorizations", status, "-", "34.120.8.19:443", ms(rng, 30), hexid(rng, 16), "api.acquirer.example"))
            if attempt < 8:
                exc = "HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable" if status == 503 else "HttpClientErrorException$TooManyRequests: 429 Too Many Requests"
                app.add(u, spring(u, "WARN", thread, "i.g.r.retry.internal.RetryImpl", f"Retry 'acquirer' attempt {attempt}/8 after exception: org.springframework.web.client.{exc}"))
            u = u + dt.timedelta(milliseconds=rng.randint(20, 60))
        trace = TRACE_503 if status == 503 else TRACE_429
        app.add(u, spring(u, "ERROR", thread, log_name, f"Authorization failed for {pay} after 8 attempts") + "\n" + trace)
        app.add(u, spring(u, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] threw exception") if rng.random() < 0.1 else
                spring(u, "INFO", thread, "c.a.p.api.AuthorizationController", f"Declined {pay}: acquirer unavailable"))
        checkout.add(u, logfmt(u, "error", "payment authorization failed", payment=pay, status=502, duration=f"{int((u - t).total_seconds() * 1000) + 12}ms"))
    # Captures, webhooks, refunds: unaffected background traffic.
    emit(rng, app, start, end, 1.2, [
        (3, lambda t: spring(t, "INFO", rng.choice(threads), "c.a.p.capture.CaptureService", f"Captured pay_{hexid(rng, 14)} ({rng.randint(500, 40000)} EUR)")),
        (2, lambda t: spring(t, "INFO", rng.choice(threads), "c.a.p.webhooks.WebhookController", f"Acquirer webhook {rng.choice(['authorization.settled', 'chargeback.opened', 'payout.paid'])} evt_{hexid(rng, 12)}")),
        (1, lambda t: spring(t, "WARN", rng.choice(threads), "c.a.p.api.AuthorizationController", f"3DS challenge timed out for pay_{hexid(rng, 14)}")),
        (1, lambda t: spring(t, "INFO", "scheduling-1", "c.a.p.payouts.ReconciliationJob", f"Reconciled {rng.randint(200, 900)} settlements, {rng.randint(0, 3)} mismatches")),
    ])
    for i in range(6):
        t = DEPLOY + dt.timedelta(seconds=30 * i)
        app.add(t, spring(t, "INFO", "main", "c.a.p.PaymentsGatewayApplication", f"Starting PaymentsGatewayApplication v1.42.0-{head[:7]} using Java 17.0.11 with PID 1"))
        app.add(t + dt.timedelta(seconds=11), spring(t + dt.timedelta(seconds=11), "INFO", "main", "c.a.p.PaymentsGatewayApplication", f"Started PaymentsGatewayApplication in {rng.uniform(9, 12):.3f} seconds (process running for {rng.uniform(10, 13):.3f})"))
    emit(rng, checkout, start, end, 2, [
        (3, lambda t: logfmt(t, "info", "cart priced", cart=f"c_{hexid(rng, 10)}", duration=f"{ms(rng, 60)}ms")),
        (1, lambda t: logfmt(t, "info", "order created", order=f"o_{hexid(rng, 12)}")),
    ])
    return [app, envoy, checkout]


def build(out_dir):
    rng = random.Random(1126)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-11-26 14:20:00"), utc("2026-11-26 16:45:00")

        def outbound(t):
            return 0.1 + 0.01 * (t.minute % 4) if t < BLIP else 0.8 + 0.05 * (t.minute % 4)

        def rate_limited(t):
            return 0.0 if t < BLIP_END else 0.68 + 0.04 * (t.minute % 3)

        metrics = {
            "envoy_acquirer_requests_per_second.json": query_range([({"envoy_cluster_name": "api_acquirer_example"}, outbound)], start, end, 30),
            "envoy_acquirer_429_per_second.json": query_range([({"envoy_cluster_name": "api_acquirer_example", "response_code": "429"}, rate_limited)], start, end, 30),
        }
        return write_scenario(
            out_dir, name="retry-storm", service=SERVICE, onset=ONSET,
            description="""
Retry storm. The acquirer retry policy changes from 3 attempts with exponential
backoff to 8 immediate attempts (deployed 14:47; the release names the later CI
commit). At 16:20 the acquirer has a 40-second blip of 503s; every authorization
now makes 8 calls at once, the acquirer rate-limits the account with 429, and the
429s are retried too: the storm keeps itself going after the blip.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Retry 'acquirer' attempt", r"Authorization failed for .* after .* attempts"],
            fix_files=["src/main/resources/application.yml"],
            explanation="""
The culprit edits resilience4j.retry.instances.acquirer in
src/main/resources/application.yml. Decoys: a harmless change to the same file the
day before, a CI commit that the release names, an HPA change 16 minutes before the
onset, a Jackson bump, docs, SEPA code. The fix restores backoff and a small attempt
count (and stops retrying 429) in application.yml.
""",
        )
    finally:
        repo.close()
