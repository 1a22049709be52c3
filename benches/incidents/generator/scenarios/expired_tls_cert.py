"""ledger-api: the ingress is pointed at the legacy TLS secret, which holds last
year's certificate (expired on 2 Nov); after the sync every client outside the
mesh fails verification. nginx error log, Spring Boot app log, a Go caller
using the standard library logger."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, nginx_error, spring
from skeletons import chores, ci_bump, java_service, k8s_deployment, runbook

SERVICE = "ledger-api"
PKG = "com.northwind.ledger"
SYNC = utc("2026-11-10 10:01:31")
ONSET = utc("2026-11-10 10:01:44")

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ledger-api
  annotations:
    nginx.ingress.kubernetes.io/backend-protocol: "HTTP"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - ledger.fin.northwind.io
      secretName: ledger-tls-2026
  rules:
    - host: ledger.fin.northwind.io
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ledger-api
                port:
                  number: 80
"""

CERTIFICATE = """apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ledger-api
spec:
  secretName: ledger-tls-2026
  dnsNames:
    - ledger.fin.northwind.io
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
  renewBefore: 720h
"""

APP_YML = """server:
  port: 8080
spring:
  datasource:
    url: jdbc:postgresql://ledger-db.fin.svc:5432/ledger
    hikari:
      maximum-pool-size: 20
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
logging:
  level:
    root: INFO
    com.zaxxer.hikari: INFO
"""

CONTROLLER = f"""package {PKG}.api;

import {PKG}.journal.JournalService;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/v1/entries")
public class EntriesController {{
    private final JournalService journal;

    public EntriesController(JournalService journal) {{ this.journal = journal; }}

    @PostMapping
    public EntryResponse post(@RequestBody EntryRequest request) {{
        return journal.post(request);
    }}
}}
"""


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@northwind.io", 0)
    marek = Person("Marek Nowak", "marek.nowak@northwind.io", 60)
    dana = Person("Dana Whitfield", "dana.whitfield@northwind.io", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Double-entry ledger API for invoices and payouts.")
    path = PKG.replace(".", "/")
    files[f"src/main/java/{path}/api/EntriesController.java"] = CONTROLLER
    files["src/main/resources/application.yml"] = APP_YML
    files["k8s/ingress.yaml"] = INGRESS
    files["k8s/certificate.yaml"] = CERTIFICATE
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="1Gi")
    files["docs/runbook.md"] = runbook(SERVICE, [("LedgerLatencyHigh", "p99 over 800 ms: check ledger-db locks.")])
    repo.commit(utc("2026-11-06 13:00:00"), marek, "ledger-api: move to its own repository", files)
    repo.schedule(chores(random.Random(2008), SERVICE, [ines, marek, dana], utc("2026-11-06 13:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-07 06:02:00"), bot, "Update dependency org.springframework.boot to v3.2.5", {
        "build.gradle": repo.edit("build.gradle", "version '3.2.4'", "version '3.2.5'"),
    })
    repo.commit(utc("2026-11-07 15:31:00"), ines, "Validate Idempotency-Key header on POST /v1/entries", {
        f"src/main/java/{path}/api/EntriesController.java": CONTROLLER.replace(
            "public EntryResponse post(@RequestBody EntryRequest request) {",
            "public EntryResponse post(@RequestHeader(\"Idempotency-Key\") String key, @RequestBody EntryRequest request) {\n        IdempotencyKeys.requireValid(key);"),
    })
    repo.commit(utc("2026-11-09 10:20:00"), dana, "docs: API examples with curl", {
        "docs/api.md": "# API\n\n```\ncurl -X POST https://ledger.fin.northwind.io/v1/entries \\\n  -H 'Idempotency-Key: 7f1c…' -d @entry.json\n```\n",
    })
    repo.commit(utc("2026-11-09 17:05:00"), marek, "ci: cache Gradle and bump checkout", {
        ".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"]).replace(
            "      - run: ./gradlew", "      - uses: gradle/actions/setup-gradle@v3\n      - run: ./gradlew"),
    })
    culprit = repo.commit(utc("2026-11-10 08:41:00"), dana,
                          "k8s: use the standard secret name for the ledger TLS cert\n\n"
                          "Every other ingress uses <app>-tls; the year suffix was a leftover.",
                          {"k8s/ingress.yaml": repo.edit("k8s/ingress.yaml", "secretName: ledger-tls-2026", "secretName: ledger-tls")})
    repo.commit(utc("2026-11-10 09:12:00"), ines, "ingress: allow 2m bodies for batch entry uploads", {
        "k8s/ingress.yaml": repo.edit("k8s/ingress.yaml", '    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"\n',
                                      '    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"\n    nginx.ingress.kubernetes.io/proxy-body-size: "2m"\n'),
    })
    repo.commit(utc("2026-11-10 09:48:00"), marek, "logging: Hikari at WARN, the pool stats were noise", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "com.zaxxer.hikari: INFO", "com.zaxxer.hikari: WARN"),
    })
    return repo, culprit


def build_logs(rng):
    app = Log("ledger-api.log")
    nginx = Log("ingress-nginx-error.log")
    controller = Log("ingress-nginx-controller.log")
    caller = Log("billing-worker.log")
    start, end = utc("2026-11-10 08:15:00"), utc("2026-11-10 10:50:00")
    threads = [f"http-nio-8080-exec-{i}" for i in range(1, 11)]

    def entry(t, source):
        acct = f"{rng.choice(['AR', 'AP', 'CASH', 'REV'])}-{rng.randint(1000, 9999)}"
        app.add(t, spring(t, "INFO", rng.choice(threads), "c.n.ledger.journal.JournalService",
                          f"Posted journal entry je_{hexid(rng, 12)} ({rng.randint(2, 6)} lines) for {acct} from {source}"))

    for t in poisson_times(rng, start, end, 9):
        external = rng.random() < 0.8
        if external and t >= ONSET:
            conn = rng.randint(100000, 999999)
            client = ip(rng, "10.30")
            if rng.random() < 0.7:
                nginx.add(t, nginx_error(t, "info", 31, conn, f"SSL_do_handshake() failed (SSL: error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42) while SSL handshaking, client: {client}, server: 0.0.0.0:443"))
            else:
                nginx.add(t, nginx_error(t, "info", 31, conn, f"SSL_do_handshake() failed (SSL: error:0A000416:SSL routines::sslv3 alert certificate unknown:SSL alert number 46) while SSL handshaking, client: {client}, server: 0.0.0.0:443"))
            continue
        entry(t, "billing-worker" if external else "payouts (mesh)")
    emit(rng, app, start, end, 1.0, [
        (3, lambda t: spring(t, "INFO", rng.choice(threads), "c.n.ledger.api.BalancesController", f"Balance query for {rng.randint(3, 40)} accounts took {ms(rng, 25)} ms")),
        (1, lambda t: spring(t, "WARN", rng.choice(threads), "c.n.ledger.journal.JournalService", f"Rejected unbalanced entry: debits {rng.randint(100, 9000)} != credits {rng.randint(100, 9000)}")),
        (1, lambda t: spring(t, "INFO", "scheduling-1", "c.n.ledger.close.PeriodCloser", "Period 2026-11 still open; next close check in 15m")),
        (1, lambda t: spring(t, "INFO", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool", f"HikariPool-1 - Pool stats (total={20}, active={rng.randint(0, 6)}, idle={rng.randint(12, 20)}, waiting=0)") if t < SYNC else spring(t, "INFO", "scheduling-1", "c.n.ledger.close.PeriodCloser", "Period 2026-11 still open; next close check in 15m")),
    ])
    emit(rng, nginx, start, end, 0.5, [
        (3, lambda t: nginx_error(t, "info", 31, rng.randint(100000, 999999), f"client {ip(rng, '10.30')} closed keepalive connection")),
        (1, lambda t: nginx_error(t, "warn", 31, rng.randint(100000, 999999), f"a client request body is buffered to a temporary file /tmp/client-body/00000{rng.randint(10000, 99999)}, client: {ip(rng, '10.30')}, server: ledger.fin.northwind.io, request: \"POST /v1/entries/batch HTTP/1.1\", host: \"ledger.fin.northwind.io\"")),
        (1, lambda t: nginx_error(t, "error", 31, rng.randint(100000, 999999), f"upstream prematurely closed connection while reading response header from upstream, client: {ip(rng, '10.30')}, server: ledger.fin.northwind.io, request: \"GET /v1/balances HTTP/1.1\", upstream: \"http://10.42.3.{rng.randint(2, 250)}:8080/v1/balances\"")),
    ])
    emit(rng, controller, start, end, 0.3, [
        (1, lambda t: klog(t, "I", 7, "status.go:304", '"updating Ingress status" namespace="ledger" ingress="ledger-api" currentValue=[{"ip":"10.0.3.17"}] newValue=[{"ip":"10.0.3.17"}]')),
        (1, lambda t: klog(t, "I", 7, "store.go:440", f'"Found valid IngressClass" ingress="ledger/ledger-api" ingressclass="nginx"')),
    ])
    for i in range(3):
        t = SYNC + dt.timedelta(seconds=20 + 35 * i)
        app.add(t, spring(t, "INFO", "main", "c.n.ledger.LedgerApiApplication", f"Starting LedgerApiApplication v0.1.0 using Java 17.0.11 with PID 1"))
        t = t + dt.timedelta(seconds=9)
        app.add(t, spring(t, "INFO", "main", "c.n.ledger.LedgerApiApplication", f"Started LedgerApiApplication in {rng.uniform(7, 10):.3f} seconds (process running for {rng.uniform(8, 11):.3f})"))
    for t in (SYNC, utc("2026-11-10 09:14:05")):
        controller.add(t, klog(t, "I", 7, "event.go:364", 'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"ledger", Name:"ledger-api", APIVersion:"networking.k8s.io/v1"}): type: \'Normal\' reason: \'Sync\' Scheduled for sync'))
        t2 = t + dt.timedelta(seconds=1)
        controller.add(t2, klog(t2, "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"'))
        t3 = t + dt.timedelta(seconds=13)
        controller.add(t3, klog(t3, "I", 7, "controller.go:210", '"Backend successfully reloaded"'))

    def stdlog(t, text):
        return t.strftime("%Y/%m/%d %H:%M:%S ") + text

    for t in poisson_times(rng, start, end, 3):
        batch = rng.randint(20, 400)
        if t >= ONSET:
            caller.add(t, stdlog(t, f"ledger client: POST https://ledger.fin.northwind.io/v1/entries/batch failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {t.strftime('%Y-%m-%dT%H:%M:%SZ')} is after 2026-11-02T23:59:59Z"))
            caller.add(t, stdlog(t, f"invoice run {hexid(rng, 8)}: {batch} invoices not posted, will retry in 60s"))
        else:
            caller.add(t, stdlog(t, f"invoice run {hexid(rng, 8)}: posted {batch} invoices to ledger in {ms(rng, 600)}ms"))
    emit(rng, caller, start, end, 0.4, [
        (2, lambda t: stdlog(t, f"stripe webhook: {rng.choice(['invoice.paid', 'invoice.finalized', 'charge.refunded'])} for cus_{hexid(rng, 14)}")),
        (1, lambda t: stdlog(t, f"dunning: {rng.randint(0, 30)} overdue invoices, {rng.randint(0, 5)} reminders sent")),
    ])
    return [app, nginx, controller, caller]


def build(out_dir):
    rng = random.Random(1110)
    repo, culprit = build_repo()
    try:
        start, end = utc("2026-11-10 08:15:00"), utc("2026-11-10 10:50:00")

        def rps(t):
            base = 0.15 + 0.02 * ((t.minute * 5) % 3)
            return base * (0.2 if t >= ONSET else 1.0)

        def handshake_errors(t):
            return 0.0 if t < ONSET else 0.11 + 0.01 * (t.minute % 3)

        metrics = {
            "nginx_ingress_requests_per_second.json": query_range([({"ingress": "ledger-api", "namespace": "ledger"}, rps)], start, end, 30),
            "ssl_handshake_errors_per_second.json": query_range([({"ingress": "ledger-api", "controller_class": "k8s.io/ingress-nginx"}, handshake_errors)], start, end, 30),
        }
        return write_scenario(
            out_dir, name="expired-tls-cert", service=SERVICE, onset=ONSET,
            description="""
Expired TLS certificate. A tidy-up commit points the ledger ingress at the legacy
`ledger-tls` secret, which still holds last year's certificate (not after
2026-11-02); cert-manager renews into `ledger-tls-2026`. After the 10:01 sync,
external clients reject the certificate; only in-mesh traffic still arrives.
""",
            logs=build_logs(rng), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"ledger-api.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"certificate has expired", r"SSL_do_handshake\(\) failed"],
            fix_files=["k8s/ingress.yaml"],
            explanation="""
The culprit changes tls.secretName in k8s/ingress.yaml. Decoys: a later harmless
edit to the same file (proxy-body-size), a logging change 13 minutes before the
sync, a Spring Boot bump, CI and docs. The fix points secretName back at
ledger-tls-2026 (the secret cert-manager renews).
""",
        )
    finally:
        repo.close()
