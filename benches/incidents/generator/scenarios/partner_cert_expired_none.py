"""shipping-labels (Java, Spring Boot, team in Gothenburg): the warehouse's
packing stations ask it for a carrier label per parcel, and it buys the label
from the carrier's API (Nordpak, https://labels.nordpak.se). Nordpak's
certificate for labels.nordpak.se expires at 2026-12-15 23:59:59 UTC; their
renewal had failed silently on their side. From midnight UTC every TLS
handshake to the label API fails certificate validation
(CertificateExpiredException), so the night shift (01:00 in Sweden) cannot
print Nordpak labels; other carriers and Nordpak's tracking API (another
host, another certificate) keep working. Nordpak's status page posts at
01:58; they install a renewed certificate at 02:47 and labels work again
with no change on Fjordfrakt's side. Nothing in shipping-labels' repository
caused it. Decoys: a commit four days before that drops the bundled
truststore for the JDK's default one, a retry-once commit in the Nordpak
client, a read-timeout change, and a Renovate base-image digest update
(the tag's rebuilt image, OS packages updated) automerged and rolled out at
23:31, 29 minutes before the onset. App (Spring Boot with Java stack traces, line format),
ingress-nginx access, the SRE team's synthetic probes (logfmt, Go x509
errors), Nordpak's status page updates (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, spring
from skeletons import chores, java_service, k8s_deployment, runbook

SERVICE = "shipping-labels"
PKG = "se.fjordfrakt.labels"
PATH = "src/main/java/se/fjordfrakt/labels"
NOT_AFTER = utc("2026-12-15 23:59:59")
DEPLOY = utc("2026-12-15 23:31:00")
RENEWED = utc("2026-12-16 02:47:30")
START, END = utc("2026-12-15 22:20:00"), utc("2026-12-16 03:20:00")
CARRIERS = [("nordpak", 4), ("postnord", 3), ("dhl", 2), ("bring", 1)]

CLIENT = """package se.fjordfrakt.labels.nordpak;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

import se.fjordfrakt.labels.Label;
import se.fjordfrakt.labels.Shipment;

@Component
public class NordpakClient {
    private static final Logger log = LoggerFactory.getLogger(NordpakClient.class);
    private final RestTemplate rest;
    private final NordpakProperties props;

    public NordpakClient(RestTemplate nordpakRestTemplate, NordpakProperties props) {
        this.rest = nordpakRestTemplate;
        this.props = props;
    }

    public Label createLabel(Shipment shipment) {
        LabelRequest request = LabelRequest.from(shipment, props.customerNumber());
        LabelResponse response = rest.postForObject(props.baseUrl() + "/v2/labels", request, LabelResponse.class);
        log.info("Nordpak label {} for shipment {}", response.trackingNumber(), shipment.id());
        return response.toLabel();
    }
}
"""

APP_YML = """server:
  port: 8080
spring:
  application:
    name: shipping-labels
nordpak:
  base-url: https://labels.nordpak.se
  customer-number: "7001843"
  connect-timeout: 2s
  read-timeout: 10s
  ssl:
    trust-store: classpath:nordpak-truststore.p12
    trust-store-password: ${NORDPAK_TRUSTSTORE_PASSWORD}
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""


def build_repo():
    elin = Person("Elin Johansson", "elin.johansson@fjordfrakt.se", 60)
    oskar = Person("Oskar Lindberg", "oskar.lindberg@fjordfrakt.se", 60)
    amira = Person("Amira Haddad", "amira.haddad@fjordfrakt.se", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Carrier labels for the packing stations (Nordpak, PostNord, DHL, Bring).")
    files[f"{PATH}/nordpak/NordpakClient.java"] = CLIENT
    files["src/main/resources/application.yml"] = APP_YML
    files["src/main/resources/nordpak-truststore.p12.b64"] = "MIIKcgIBAzCCCiwGCSqGSIb3DQEHAaCCCh0EggoZMIIKFTCCBcwGCSqGSIb3DQEHAaCCBb0EggW5MIIF\ntTCCBbEGCyqGSIb3DQEMCgEDoIIFeDCCBXQGCiqGSIb3DQEJFgGgggVkBIIFYDCCBVwwggREoAMCAQIC\n"
    files["Dockerfile"] = files["Dockerfile"].replace("FROM eclipse-temurin:17-jre\n", "FROM eclipse-temurin:17-jre@sha256:9d2bd1c5f1a0a6a3e4b0f77c2e0a61f5e9f0c7e3a8f4b1d2c6e5a7b9c0d1e2f3\n")
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=2, memory="768Mi", cpu="500m")
    files["renovate.json"] = '{\n  "extends": ["config:recommended"],\n  "schedule": ["after 10pm"],\n  "packageRules": [{"matchUpdateTypes": ["digest", "patch"], "automerge": true}]\n}\n'
    files["docs/runbook.md"] = runbook(SERVICE, [("LabelFailures", "Label failures above 2 % for a carrier: check the carrier's status page and the app's errors; packing stations can switch carrier per parcel.")])
    repo.commit(utc("2026-12-09 08:40:00"), elin, "shipping-labels: import", files)
    repo.schedule(chores(random.Random(7803), SERVICE, [elin, oskar, amira], utc("2026-12-09 08:40:00"), utc("2026-12-15 16:00:00"), 3))
    repo.commit(utc("2026-12-11 13:15:00"), oskar, "nordpak: use the JDK's default truststore (Nordpak moved to a public CA in October)", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml",
            "  ssl:\n    trust-store: classpath:nordpak-truststore.p12\n    trust-store-password: ${NORDPAK_TRUSTSTORE_PASSWORD}\n", ""),
        "src/main/resources/nordpak-truststore.p12.b64": None,
    })
    repo.commit(utc("2026-12-14 10:05:00"), amira, "nordpak: retry a label request once on an I/O error", {
        f"{PATH}/nordpak/NordpakClient.java": repo.edit(f"{PATH}/nordpak/NordpakClient.java",
            "        LabelResponse response = rest.postForObject(props.baseUrl() + \"/v2/labels\", request, LabelResponse.class);\n",
            "        LabelResponse response;\n        try {\n            response = rest.postForObject(props.baseUrl() + \"/v2/labels\", request, LabelResponse.class);\n"
            "        } catch (ResourceAccessException e) {\n            log.warn(\"Nordpak label request failed for shipment {}, retrying once: {}\", shipment.id(), e.getMessage());\n"
            "            response = rest.postForObject(props.baseUrl() + \"/v2/labels\", request, LabelResponse.class);\n        }\n").replace(
            "import org.springframework.web.client.RestTemplate;\n", "import org.springframework.web.client.ResourceAccessException;\nimport org.springframework.web.client.RestTemplate;\n"),
    })
    repo.commit(utc("2026-12-15 09:50:00"), elin, "tests: label request fixtures for Nordpak's 2027 price list", {
        f"src/test/java/se/fjordfrakt/labels/nordpak/LabelRequestTest.java": "package se.fjordfrakt.labels.nordpak;\n\nimport org.junit.jupiter.api.Test;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nclass LabelRequestTest {\n    @Test\n    void heavyParcelUsesFreightProduct() {\n        assertThat(LabelRequest.productFor(31_000)).isEqualTo(\"NP-FREIGHT\");\n    }\n}\n",
    })
    repo.commit(utc("2026-12-15 13:40:00"), amira, "docs: how we call Nordpak and which errors we retry", {
        "docs/carriers/nordpak.md": "# Nordpak\n\nLabels: `POST https://labels.nordpak.se/v2/labels` (mTLS not required, API key\nin a header). Tracking: `tracking.nordpak.se`. We retry once on an I/O error;\nthe packing station falls back to another carrier after two failures.\n",
    })
    repo.commit(utc("2026-12-15 15:20:00"), oskar, "config: Nordpak read timeout 10s -> 6s (their p99 is 1.4 s)", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  read-timeout: 10s\n", "  read-timeout: 6s\n"),
    })
    head = repo.commit(utc("2026-12-15 23:24:00"), renovate, "chore(deps): update eclipse-temurin:17-jre docker digest to 4c1e8a7", {
        "Dockerfile": repo.edit("Dockerfile", "sha256:9d2bd1c5f1a0a6a3e4b0f77c2e0a61f5e9f0c7e3a8f4b1d2c6e5a7b9c0d1e2f3", "sha256:4c1e8a70b2d95f3e6a1c7b8d9e0f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b"),
    })
    repo.commit(utc("2026-12-16 08:42:00"), elin, "runbook: a carrier's expired certificate; probe labels.nordpak.se's expiry", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## PKIX path validation failed / CertificateExpiredException\n\nThe carrier's certificate, not ours: check `openssl s_client -connect labels.nordpak.se:443`\nand call Nordpak's integration desk (+46 31 700 18 00). Switch stations to another carrier meanwhile.\n",
    })
    return repo, head


ROOT_TRACE = """java.security.cert.CertificateExpiredException: NotAfter: Tue Dec 15 23:59:59 UTC 2026
\tat java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:182)
\tat java.base/sun.security.x509.X509CertImpl.checkValidity(X509CertImpl.java:617)
\tat java.base/sun.security.provider.certpath.BasicChecker.verifyValidity(BasicChecker.java:190)
\tat java.base/sun.security.provider.certpath.BasicChecker.check(BasicChecker.java:144)
\tat java.base/sun.security.provider.certpath.PKIXMasterCertPathValidator.validate(PKIXMasterCertPathValidator.java:125)
\tat java.base/sun.security.provider.certpath.PKIXCertPathValidator.validate(PKIXCertPathValidator.java:224)
\tat java.base/sun.security.validator.PKIXValidator.doValidate(PKIXValidator.java:364)
\tat java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1310)
\tat java.base/sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:448)
\tat java.base/sun.net.www.protocol.https.HttpsClient.afterConnect(HttpsClient.java:580)
\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:880)
\tat se.fjordfrakt.labels.nordpak.NordpakClient.createLabel(NordpakClient.java:62)
\tat se.fjordfrakt.labels.web.LabelController.create(LabelController.java:31)"""

CAUSE = 'I/O error on POST request for "https://labels.nordpak.se/v2/labels": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed'


def build_logs(rng, head):
    app = Log("shipping-labels.log")
    nginx = Log("ingress-nginx-access.log")
    probes = Log("synthetic-probes.log")
    status = Log("nordpak-status.log")
    old_pods = [f"shipping-labels-5d8f7c9b6-{hexid(rng, 5)}" for _ in range(2)]
    new_pods = [f"shipping-labels-74c9d6b8f-{hexid(rng, 5)}" for _ in range(2)]
    threads = [f"http-nio-8080-exec-{n}" for n in range(1, 11)]

    def pod_at(t):
        return rng.choice(new_pods if t >= DEPLOY + dt.timedelta(seconds=60) else old_pods)

    for i, pod in enumerate(new_pods):
        t = DEPLOY + dt.timedelta(seconds=12 + 25 * i)
        app.add(t, spring(t, "INFO", "main", "s.f.labels.ShippingLabelsApplication", f"Starting ShippingLabelsApplication v1.0.0-{head[:7]} using Java 17.0.13 with PID 1 (/app.jar started by root in /)"))
        app.add(t + dt.timedelta(milliseconds=420), spring(t + dt.timedelta(milliseconds=420), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"))
        app.add(t + dt.timedelta(seconds=6), spring(t + dt.timedelta(seconds=6), "INFO", "main", "s.f.labels.ShippingLabelsApplication", f"Started ShippingLabelsApplication in {rng.uniform(5.5, 7.5):.3f} seconds (process running for {rng.uniform(6.5, 8.5):.3f})"))

    def expired(t):
        return NOT_AFTER + dt.timedelta(seconds=1) <= t < RENEWED

    # Packing stations: one label per parcel; the night shift starts at 00:00 UTC.
    def rate(t):
        return 4 if t.hour in (22, 23) else 10

    t = START
    while t < END:
        step_end = min(END, t + dt.timedelta(minutes=10))
        for when in poisson_times(rng, t, step_end, rate(t)):
            carrier = rng.choices([c for c, _ in CARRIERS], weights=[w for _, w in CARRIERS])[0]
            shipment = f"SH-{rng.randint(88_000_000, 88_999_999)}"
            station = f"pack-{rng.randint(1, 24):02d}"
            thread = rng.choice(threads)
            pod = pod_at(when)
            client = f"10.30.{rng.randint(8, 11)}.{rng.randint(10, 60)}"
            if carrier == "nordpak" and expired(when):
                a = when + dt.timedelta(milliseconds=40)
                app.add(a, spring(a, "WARN", thread, "s.f.labels.nordpak.NordpakClient", f"Nordpak label request failed for shipment {shipment}, retrying once: {CAUSE}"))
                a = when + dt.timedelta(milliseconds=100)
                app.add(a, spring(a, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]", f"Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.web.client.ResourceAccessException: {CAUSE}] with root cause") + "\n" + ROOT_TRACE)
                took = 0.14 + rng.uniform(0, 0.05)
                nginx.add(when + dt.timedelta(seconds=took), nginx_access(when + dt.timedelta(seconds=took), client, "POST", f"/v1/labels?carrier=nordpak&station={station}", 500, 142, took, "packstation/3.8.2 (Zebra ZT411)", upstream_rt=took))
                continue
            took = ms(rng, 650 if carrier == "nordpak" else 420, 0.45) / 1000
            done = when + dt.timedelta(seconds=took)
            tracking = {"nordpak": f"NP{rng.randint(10**11, 10**12 - 1)}SE", "postnord": f"00370{rng.randint(10**12, 10**13 - 1)}", "dhl": f"JJD{rng.randint(10**15, 10**16 - 1)}", "bring": f"70{rng.randint(10**14, 10**15 - 1)}"}[carrier]
            if carrier == "nordpak":
                app.add(done, spring(done, "INFO", thread, "s.f.labels.nordpak.NordpakClient", f"Nordpak label {tracking} for shipment {shipment}"))
            nginx.add(done, nginx_access(done, client, "POST", f"/v1/labels?carrier={carrier}&station={station}", 201, rng.randint(38000, 61000), took, "packstation/3.8.2 (Zebra ZT411)", upstream_rt=took))
        t = step_end
    emit(rng, app, START, END, 0.5, [
        (3, lambda t: spring(t, "WARN", rng.choice(threads), "s.f.labels.postnord.PostNordClient", f"PostNord rejected service point {rng.randint(10000, 99999)} for shipment SH-{rng.randint(88_000_000, 88_999_999)}; using the nearest open one")),
        (2, lambda t: spring(t, "INFO", "scheduling-1", "s.f.labels.manifest.ManifestJob", f"Manifest for {rng.choice(['postnord', 'dhl', 'bring', 'nordpak'])} closed with {rng.randint(3, 80)} parcels")),
        (1, lambda t: spring(t, "WARN", rng.choice(threads), "s.f.labels.LabelService", f"Address line too long for {rng.choice(['nordpak', 'dhl'])}, truncated to 35 characters (shipment SH-{rng.randint(88_000_000, 88_999_999)})")),
    ])
    emit(rng, nginx, START, END, 2, [
        (1, lambda t: nginx_access(t, f"10.30.{rng.randint(8, 11)}.{rng.randint(10, 60)}", "GET", f"/v1/labels/SH-{rng.randint(88_000_000, 88_999_999)}/pdf", 200, rng.randint(38000, 61000), ms(rng, 12) / 1000, "packstation/3.8.2 (Zebra ZT411)", upstream_rt=ms(rng, 10) / 1000)),
    ])

    # The SRE team's synthetic probes: every partner endpoint once a minute from two locations.
    targets = [("nordpak-labels", "https://labels.nordpak.se/v2/health"), ("nordpak-tracking", "https://tracking.nordpak.se/v1/health"),
               ("postnord-api", "https://api2.postnord.com/rest/shipment/v1/health"), ("dhl-parcel", "https://api-eu.dhl.com/parcel/de/health"),
               ("bring-api", "https://api.bring.com/shippingguide/api/health")]
    t = START
    while t < END:
        for location in ("gbg-1", "sto-2"):
            for name, url in targets:
                p = t + dt.timedelta(seconds=rng.uniform(0, 5) + (17 if location == "sto-2" else 0))
                if name == "nordpak-labels" and expired(p):
                    probes.add(p, logfmt(p, "error", "probe failed", check=name, location=location, url=url,
                                         err=f"Get \"{url}\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {p.strftime('%Y-%m-%dT%H:%M:%SZ')} is after 2026-12-15T23:59:59Z", duration_ms=rng.randint(30, 60)))
                    continue
                probes.add(p, logfmt(p, "info", "probe ok", check=name, location=location, status=200, duration_ms=ms(rng, 120)))
        t += dt.timedelta(seconds=60)

    updates = [
        (utc("2026-12-16 01:58:14"), "investigating", "Some customers cannot connect to the Label API (labels.nordpak.se). Tracking and the customer portal are not affected. We are investigating."),
        (utc("2026-12-16 02:31:40"), "identified", "The TLS certificate of labels.nordpak.se expired at 00:00 UTC. A renewed certificate is being deployed to the Label API's load balancers."),
        (utc("2026-12-16 02:52:03"), "monitoring", "The renewed certificate is in place and label requests succeed again. We are monitoring."),
        (utc("2026-12-16 03:14:30"), "resolved", "This incident has been resolved. Labels that failed between 00:00 and 02:47 UTC can be requested again."),
    ]
    for when, state, body in updates:
        status.add(when, json.dumps({"created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "incident": {"id": "np-2026-1216-01", "name": "Label API connection errors", "impact": "major",
                                                                                                      "components": ["Label API"]}, "status": state, "body": body}, separators=(",", ":")))
    return [app, nginx, probes, status]


def build(out_dir):
    rng = random.Random(7800)
    repo, head = build_repo()
    try:
        logs = build_logs(rng, head)
        onset = min(min(t for t, _, text in logs[1].entries if "carrier=nordpak" in text and '" 500 ' in text),
                    min(t for t, _, text in logs[2].entries if "probe failed" in text)).replace(microsecond=0)

        per_min = {}
        for t, _, text in logs[1].entries:
            if "/v1/labels?carrier=" in text:
                carrier = text.split("carrier=")[1].split("&")[0]
                ok = '" 201 ' in text
                key = (int(t.timestamp()) // 60 * 60, carrier, ok)
                per_min[key] = per_min.get(key, 0) + 1

        def labels(carrier, ok):
            return lambda t: per_min.get((int(t.timestamp()) // 60 * 60, carrier, ok), 0)

        def days_left(t):
            end = RENEWED if t < RENEWED else utc("2027-03-16 23:59:59")
            return round(((NOT_AFTER if t < RENEWED else end) - t).total_seconds() / 86400, 4)

        metrics = {
            "labels_created_per_minute.json": query_range(
                [({"service": SERVICE, "carrier": c, "outcome": "ok" if ok else "error"}, labels(c, ok)) for c, _ in CARRIERS for ok in (True, False)], START, END, 60),
            "probe_ssl_earliest_cert_expiry_days.json": query_range(
                [({"job": "blackbox-partners", "instance": "https://labels.nordpak.se/v2/health"}, days_left)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="partner-cert-expired-none", service=SERVICE, onset=onset,
            description=f"""
Nordpak labels fail. From {onset.strftime('%H:%M')} UTC (01:00 in Gothenburg, the night shift's
start) every Nordpak label request from the packing stations fails with 500;
PostNord, DHL and Bring labels work. shipping-labels was rolled out at 23:31
(a base image digest update automerged by Renovate). Nordpak's status page
posted at 01:58; labels work again from 02:47 with no change on Fjordfrakt's
side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"shipping-labels.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"PKIX path validation failed: .*validity check failed", r"CertificateExpiredException: NotAfter", r"certificate has expired or is not yet valid"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the carrier's own certificate for
labels.nordpak.se expired at 23:59:59 UTC, so every TLS handshake to the
label API failed PKIX validation (CertificateExpiredException: NotAfter),
and the SRE team's probe of the same host failed with Go's "certificate has
expired or is not yet valid"; probes of Nordpak's tracking host (another
certificate) and of the other carriers stayed green. It ended when Nordpak
installed a renewed certificate. Decoys: the switch to the JDK's default
truststore four days before (a trust change, not a validity one; it had
worked since), the retry-once commit (its warning is the first line of
each failure), the read-timeout change, the docs and tests commits, and the
Renovate base-image digest update (the same tag rebuilt with updated OS
packages) rolled out 29 minutes before the first failure; and a runbook
commit the next morning.
""",
        )
    finally:
        repo.close()
