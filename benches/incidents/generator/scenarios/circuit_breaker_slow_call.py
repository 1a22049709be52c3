"""basket-service: a commit configures the inventory circuit breaker to count
calls slower than 250 ms as failures and to open when half the calls in a
window of 20 are "slow". Inventory's median is about 120 ms in the morning;
at the lunch peak it is a normal 250-300 ms, the breaker opens, half-open
probes are slow too, and adding to the basket fails with 503 for most users
while inventory itself answers every call with 200. Decoys: an earlier edit
of the inventory client (latency at debug), the Dockerfile commit the start-up
lines name, and an inventory read-timeout change in the same application.yml
rolled out 10 minutes before the onset. Spring Boot log (line format) with Java
stack traces, ingress-nginx access, inventory's JSON log."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import json_line, nginx_access, spring
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "basket-service"
PKG = "com.northwind.basket"
PKG_PATH = PKG.replace(".", "/")
DEPLOY = utc("2026-12-07 10:52:00")
CONFIG_DEPLOY = utc("2026-12-07 11:44:00")
ONSET = utc("2026-12-07 11:54:39")
ROLLED_BACK = utc("2026-12-07 12:41:00")
START, END = utc("2026-12-07 09:40:00"), utc("2026-12-07 13:05:00")

APPLICATION_YML = """server:
  port: 8080
spring:
  application:
    name: basket-service
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
inventory:
  base-url: http://inventory.stock.svc:8080
  connect-timeout: 500ms
  read-timeout: 2s
resilience4j:
  circuitbreaker:
    instances:
      inventory:
        sliding-window-type: COUNT_BASED
        sliding-window-size: 100
        minimum-number-of-calls: 50
        failure-rate-threshold: 50
        wait-duration-in-open-state: 30s
        permitted-number-of-calls-in-half-open-state: 10
"""

CLIENT = f"""package {PKG}.inventory;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

@Component
public class InventoryClient {{
    private final RestClient http;

    public InventoryClient(RestClient inventoryRestClient) {{
        this.http = inventoryRestClient;
    }}

    @CircuitBreaker(name = "inventory")
    public Reservation reserve(String sku, int quantity) {{
        return http.post().uri("/v1/reservations")
            .body(new ReservationRequest(sku, quantity))
            .retrieve().body(Reservation.class);
    }}
}}
"""


def build_repo():
    maja = Person("Maja Lindqvist", "maja.lindqvist@northwind.shop", 60)
    tom = Person("Tom Okafor", "tom.okafor@northwind.shop", 0)
    ana = Person("Ana Ribeiro", "ana.ribeiro@northwind.shop", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Baskets: add, remove, reserve stock, hand over to checkout.")
    files["src/main/resources/application.yml"] = APPLICATION_YML
    files[f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java"] = CLIENT
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="768Mi", cpu="500m")
    files["docs/runbook.md"] = runbook(SERVICE, [("BasketAdd5xx", "Add-to-basket errors above 1 %: check inventory and the breaker state on the dashboard.")])
    repo.commit(utc("2026-12-01 09:30:00"), tom, "basket-service: import", files)
    repo.schedule(chores(random.Random(5301), SERVICE, [maja, tom, ana], utc("2026-12-01 09:30:00"), ONSET, 5))
    repo.commit(utc("2026-12-04 15:05:00"), maja, "inventory: log each reservation call's latency at debug", {
        f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java": repo.edit(
            f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java",
            "        return http.post()",
            "        log.debug(\"reserving {} x{}\", sku, quantity);\n        return http.post()"),
    })
    repo.commit(utc("2026-12-07 07:02:00"), bot, "Bump io.github.resilience4j:resilience4j-spring-boot3 from 2.1.0 to 2.2.0", {
        "build.gradle": repo.edit("build.gradle", "    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
                                  "    implementation 'io.micrometer:micrometer-registry-prometheus'\n    implementation 'io.github.resilience4j:resilience4j-spring-boot3:2.2.0'\n"),
    })
    culprit = repo.commit(utc("2026-12-07 10:08:00"), tom, "resilience: fail fast when inventory is slow instead of waiting for errors", {
        "src/main/resources/application.yml": repo.edit(
            "src/main/resources/application.yml",
            "        sliding-window-size: 100\n        minimum-number-of-calls: 50\n        failure-rate-threshold: 50\n",
            "        sliding-window-size: 20\n        minimum-number-of-calls: 10\n        failure-rate-threshold: 50\n"
            "        slow-call-duration-threshold: 250ms\n        slow-call-rate-threshold: 50\n"),
    })
    head = repo.commit(utc("2026-12-07 10:31:00"), ana, "Dockerfile: run as a non-root user", {
        "Dockerfile": repo.edit("Dockerfile", "FROM eclipse-temurin:17-jre\n", "FROM eclipse-temurin:17-jre\nRUN useradd --uid 10001 app\nUSER 10001\n"),
    })
    config_head = repo.commit(utc("2026-12-07 11:29:00"), maja, "inventory: read timeout 2s -> 1s, nothing legitimate takes longer", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  read-timeout: 2s", "  read-timeout: 1s"),
    })
    repo.commit(utc("2026-12-07 12:58:00"), ana, "tests: reservation fallback message", {
        f"src/test/java/{PKG_PATH}/inventory/InventoryClientTests.java": f"package {PKG}.inventory;\n\nimport org.junit.jupiter.api.Test;\n\nclass InventoryClientTests {{\n    @Test\n    void fallbackSaysTryAgain() {{\n    }}\n}}\n",
    })
    return repo, culprit, head, config_head


STACK = """io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'inventory' is OPEN and does not permit further calls
\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)
\tat io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState.acquirePermission(CircuitBreakerStateMachine.java:696)
\tat io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine.acquirePermission(CircuitBreakerStateMachine.java:206)
\tat io.github.resilience4j.circuitbreaker.CircuitBreaker.lambda$decorateCheckedSupplier$0(CircuitBreaker.java:70)
\tat io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerAspect.proceed(CircuitBreakerAspect.java:164)
\tat com.northwind.basket.inventory.InventoryClient$$SpringCGLIB$$0.reserve(<generated>)
\tat com.northwind.basket.api.BasketController.addItem(BasketController.java:57)
\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"""


def build_logs(rng, head, config_head):
    app = Log("basket-service.log")
    ingress = Log("ingress-nginx-access.log")
    inv = Log("inventory.log")
    threads = [f"http-nio-8080-exec-{i}" for i in range(1, 50)]

    def inv_latency(t):
        # Inventory's median climbs with traffic: ~120 ms mid-morning, ~280 ms at lunch.
        minutes = (t - utc("2026-12-07 11:30:00")).total_seconds() / 60
        return 120 + max(0.0, min(160.0, minutes * 4.5))

    for when, version in [(DEPLOY, head[:7]), (CONFIG_DEPLOY, config_head[:7])]:
        for i in range(4):
            t = when + dt.timedelta(seconds=25 * i)
            app.add(t, spring(t, "INFO", "main", f"{PKG}.BasketServiceApplication", "Starting BasketServiceApplication using Java 17.0.9 with PID 1 (/app.jar started by app in /)"))
            t = t + dt.timedelta(seconds=9)
            app.add(t, spring(t, "INFO", "main", f"{PKG}.BuildInfoLogger", f"basket-service build 1.{84 if when == DEPLOY else 85}.0 git.commit.id.abbrev={version}"))
            app.add(t, spring(t, "INFO", "main", f"{PKG}.BasketServiceApplication", f"Started BasketServiceApplication in 8.{rng.randint(100, 999)} seconds (process running for 9.{rng.randint(100, 999)})"))
    breaker_open_until = None
    window = []
    in_window_state = "CLOSED"
    for t in poisson_times(rng, START, END, 30):
        rid = hexid(rng, 32)
        path = rng.choice(["/api/basket", "/api/basket/items", "/api/basket/items"])
        client = ip(rng, "10.60")
        if path == "/api/basket":
            took = ms(rng, 15)
            ingress.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(400, 3000), took / 1000, "Mozilla/5.0", upstream_rt=took / 1000))
            continue
        strict = DEPLOY <= t < ROLLED_BACK
        if strict and breaker_open_until is not None and t < breaker_open_until:
            app.add(t, spring(t, "WARN", rng.choice(threads), f"{PKG}.api.BasketController", f"Reservation failed for sku {rng.randint(100000, 999999)}; answering 503\n{STACK}"))
            ingress.add(t, nginx_access(t, client, "POST", path, 503, 96, 0.004, "Mozilla/5.0", upstream_rt=0.004))
            continue
        if strict and breaker_open_until is not None and t >= breaker_open_until and in_window_state == "OPEN":
            app.add(t, spring(t, "INFO", "inventory-breaker", f"{PKG}.inventory.BreakerEvents", "CircuitBreaker 'inventory' changed state from OPEN to HALF_OPEN"))
            in_window_state = "HALF_OPEN"
            window = []
        took = ms(rng, inv_latency(t), 0.35)
        sku = rng.randint(100000, 999999)
        inv.add(t - dt.timedelta(milliseconds=took), json_line(t - dt.timedelta(milliseconds=took), "info", "reservation created", caller="reserve/handler.go:88", sku=str(sku), qty=rng.randint(1, 4), took_ms=took - 3, status=200))
        ingress.add(t, nginx_access(t, client, "POST", path, 201, 214, (took + 12) / 1000, "Mozilla/5.0", upstream_rt=(took + 11) / 1000))
        if not strict:
            continue
        window.append(took > 250)
        limit = 10 if in_window_state == "HALF_OPEN" else 20
        window = window[-limit:]
        if len(window) >= (10 if in_window_state == "CLOSED" else limit) and sum(window) * 2 >= len(window):
            rate = 100 * sum(window) / len(window)
            app.add(t, spring(t, "WARN", "inventory-breaker", f"{PKG}.inventory.BreakerEvents", f"CircuitBreaker 'inventory' exceeded slow call rate threshold. Current slow call rate: {rate:.1f}"))
            app.add(t, spring(t, "WARN", "inventory-breaker", f"{PKG}.inventory.BreakerEvents", f"CircuitBreaker 'inventory' changed state from {in_window_state} to OPEN"))
            in_window_state = "OPEN"
            breaker_open_until = t + dt.timedelta(seconds=30)
            window = []
        elif in_window_state == "HALF_OPEN" and len(window) >= 10:
            app.add(t, spring(t, "INFO", "inventory-breaker", f"{PKG}.inventory.BreakerEvents", "CircuitBreaker 'inventory' changed state from HALF_OPEN to CLOSED"))
            in_window_state = "CLOSED"
            breaker_open_until = None
            window = []
    emit(rng, inv, START, END, 0.5, [
        (3, lambda t: json_line(t, "info", "stock sync done", caller="sync/warehouse.go:141", warehouse=rng.choice(["DUB1", "AMS2", "LHR4"]), skus=rng.randint(9000, 12000))),
        (1, lambda t: json_line(t, "warn", "reservation released after expiry", caller="reserve/expiry.go:53", sku=str(rng.randint(100000, 999999)))),
    ])
    emit(rng, app, START, END, 0.8, [
        (3, lambda t: spring(t, "INFO", "scheduling-1", f"{PKG}.cleanup.AbandonedBaskets", f"Expired {rng.randint(5, 80)} abandoned baskets")),
        (1, lambda t: spring(t, "WARN", rng.choice(threads), f"{PKG}.api.BasketController", f"Rejected add to basket: sku {rng.randint(100000, 999999)} is not sold in market IE")),
    ])
    return [app, ingress, inv]


def build(out_dir):
    rng = random.Random(5300)
    repo, culprit, head, config_head = build_repo()
    try:
        def p50(t):
            minutes = (t - utc("2026-12-07 11:30:00")).total_seconds() / 60
            return round((120 + max(0.0, min(160.0, minutes * 4.5))) / 1000, 3)

        metrics = {
            "inventory_http_server_requests_p50_seconds.json": query_range([({"service": "inventory", "uri": "/v1/reservations"}, p50)], START, END, 30),
            "inventory_http_server_requests_5xx_ratio.json": query_range([({"service": "inventory", "uri": "/v1/reservations"}, lambda t: 0.0004)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="circuit-breaker-slow-call", service=SERVICE, onset=ONSET,
            description="""
Circuit breaker mis-set. From 11:54 most add-to-basket requests fail fast with
503: basket-service's breaker around the inventory client is open, half-open
probes re-open it, and the stack traces say CallNotPermittedException.
Inventory answers every call it gets with 200, at its usual lunch latency
(250-300 ms median). The morning deploy (10:52, build lines name a Dockerfile
commit) carried slow-call settings for the breaker; an inventory read-timeout
change rolled out at 11:44. Rolled back at 12:41.
""",
            logs=build_logs(rng, head, config_head), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"basket-service.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"exceeded slow call rate threshold", r"changed state from CLOSED to OPEN"],
            fix_files=["src/main/resources/application.yml"],
            explanation="""
The culprit adds slow-call-duration-threshold: 250ms and slow-call-rate-threshold:
50 (and shrinks the window to 20 calls) for the inventory breaker in
application.yml; inventory's ordinary lunch latency is above 250 ms, so the
breaker counts half the calls as failures and opens. Decoys: the read-timeout
change to the same file rolled out 10 minutes before the onset, the earlier
InventoryClient edit, the resilience4j bump, the Dockerfile commit the build
lines name, and a tests commit after the onset. The fix removes the slow-call
settings (or sets the threshold well above inventory's p99).
""",
        )
    finally:
        repo.close()
