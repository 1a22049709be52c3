"""oru-fhir-bridge (Java 21, Spring Boot 3.3, HAPI HL7v2 and HAPI FHIR
client; two pods on the hospital's Kubernetes cluster; team in Cork,
Galway and Wrocław) of St Brendan's University Hospital: the laboratory's
results interface. Instrument Manager (chemistry, haematology, coagulation,
blood gases) and the WinPath LIS (microbiology) keep one MLLP connection
per link open to the bridge; for each ORU^R01 the bridge posts one
DiagnosticReport with its Observations contained to the EHR's FHIR API,
through the hospital's EHR API gateway (Envoy) in front of the vendor's
four application servers, and ACKs AA when the EHR answers 201, AE
otherwise. Instrument Manager resends a message that got AE twice, 30 s
apart, then holds it.

The EHR is vendor-managed (Meridian). On Tuesday 9 June the vendor rolls
release 2026.2.0 onto the four servers one at a time from 13:33 UTC, as a
"no downtime" update. Its release notes say the new national laboratory
profile would be validated in warning mode for 90 days; the servers come
up enforcing it. The profile requires DiagnosticReport.performer. The
bridge sets it only when OBR-32 (principal result interpreter) is present,
which is the case for microbiology reports a consultant authorises, never
for auto-verified analyser results. As each server returns, its share of
the posts is refused with 422 ("DiagnosticReport.performer: minimum
required = 1, but only found 0"); a few posts get 503 while a server
drains. From 13:49 every chemistry, haematology, coagulation and blood gas
result is refused; microbiology still files. The lab team rolls back the
13:10 release at 14:05 without effect. At 14:52 the vendor's on-call
switches the profile to warning mode; results flow again, and the lab
releases the held messages from 15:05. Nothing in the bridge's repository
changed the behaviour.

Decoys: the 13:10 release, about 28 minutes before the first AE, renames
the performing organisation on the Observations (LAB-518: "performer",
"organisation"), and carries a commit that logs the EHR's OperationOutcome
issues on a refused result; a commit the day before to the
DiagnosticReport mapper (corrected status for OBR-25 C); a HAPI FHIR bump;
a runbook page on held messages; a test commit. Sources: app (logstash
JSON with stack traces), MLLP trace (IN/OUT HL7 segments), EHR API gateway
(Envoy access log, default format), kubelet (klog)."""

import datetime as dt
import heapq
import json
import random
import uuid

from common import Log, Person, Repo, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores, java_service, k8s_deployment

SERVICE = "oru-fhir-bridge"
START, END = utc("2026-06-09 11:20:00"), utc("2026-06-09 15:40:00")
RELEASE = utc("2026-06-09 13:10:30")
ROLLBACK = utc("2026-06-09 14:05:20")
VENDOR_FROM = utc("2026-06-09 13:33:40")
WARN_MODE = utc("2026-06-09 14:52:10")
HELD_RELEASE = utc("2026-06-09 15:05:00")
LOCAL = dt.timedelta(hours=1)
PKG = "ie.stbrendans.orubridge"
PATH = "src/main/java/ie/stbrendans/orubridge"
REPORT_MAPPER = f"{PATH}/fhir/DiagnosticReportMapper.java"
EHR_CLIENT = f"{PATH}/fhir/EhrClient.java"
NODES = ["10.60.12.11:8443", "10.60.12.12:8443", "10.60.12.13:8443", "10.60.12.14:8443"]
PROFILE = "https://fhir.meridian-health.com/r4/StructureDefinition/lab-diagnosticreport|2026.2"

REPORT_MAPPER_JAVA = """package ie.stbrendans.orubridge.fhir;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
public class DiagnosticReportMapper {
    private final Practitioners practitioners;

    public DiagnosticReportMapper(Practitioners practitioners) {
        this.practitioners = practitioners;
    }

    public DiagnosticReport map(OBR obr, List<Observation> results, Reference patient) throws HL7Exception {
        DiagnosticReport report = new DiagnosticReport();
        report.addIdentifier().setSystem("https://lab.stbrendans.ie/id/report").setValue(obr.getObr3_FillerOrderNumber().getEi1_EntityIdentifier().getValue());
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.setCode(Codes.orderCode(obr.getObr4_UniversalServiceIdentifier()));
        report.setSubject(patient);
        report.setEffective(Hl7Time.toDateTime(obr.getObr7_ObservationDateTime()));
        // OBR-32: the consultant who authorised the report (microbiology, histology)
        if (!obr.getObr32_PrincipalResultInterpreter().isEmpty()) {
            report.addPerformer(practitioners.byCode(obr.getObr32_PrincipalResultInterpreter().getNdl1_Name().getCnn1_IDNumber().getValue()));
        }
        for (Observation o : results) {
            String id = "obs" + report.getContained().size();
            o.setId(id);
            report.addContained(o);
            report.addResult(new Reference("#" + id));
        }
        return report;
    }
}
"""

EHR_CLIENT_JAVA = """package ie.stbrendans.orubridge.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class EhrClient {
    private static final Logger log = LoggerFactory.getLogger(EhrClient.class);

    private final IGenericClient fhir;

    public EhrClient(IGenericClient fhir) {
        this.fhir = fhir;
    }

    /** Files the report; throws ResultRefused (the listener answers AE) if the EHR does not take it. */
    public String file(String messageType, DiagnosticReport report) {
        long start = System.nanoTime();
        try {
            MethodOutcome outcome = fhir.create().resource(report).execute();
            log.info("Result filed in EHR: {} ({} results) HTTP 201 in {} ms", outcome.getId().toUnqualifiedVersionless(),
                    report.getResult().size(), (System.nanoTime() - start) / 1_000_000);
            return outcome.getId().getIdPart();
        } catch (BaseServerResponseException e) {
            log.error("FHIR call failed for {}", messageType, e);
            throw new ResultRefused(e.getStatusCode(), e);
        }
    }
}
"""

APPLICATION_YML = """server:
  port: 8080
spring:
  application:
    name: oru-fhir-bridge
bridge:
  links:
    CHEM: {port: 6661, sender: IM}
    HEMA: {port: 6662, sender: IM}
    MICRO: {port: 6663, sender: WINPATH}
    BGAS: {port: 6664, sender: IM}
    COAG: {port: 6665, sender: IM}
  performing-organisation:
    reference: Organization/stbuh-lab-biochem
    display: Clinical Chemistry Laboratory
  ehr:
    base-url: https://ehr-fhir.stbrendans.ie/fhir/R4
    timeout: 15s
    capability-check: 5m
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
  endpoint:
    health:
      probes:
        enabled: true
"""


def build_repo():
    aoife = Person("Aoife Byrne", "aoife.byrne@stbrendans.ie", 60)
    ciaran = Person("Ciarán Walsh", "ciaran.walsh@stbrendans.ie", 60)
    marta = Person("Marta Kowalczyk", "marta.kowalczyk@stbrendans.ie", 120)
    rahul = Person("Rahul Menon", "rahul.menon@stbrendans.ie", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "HL7 v2 ORU^R01 from the lab (MLLP) to the EHR's FHIR API as DiagnosticReports.")
    files["build.gradle"] = files["build.gradle"].replace("version '3.2.4'", "version '3.3.1'").replace(
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n"
        "    implementation 'net.logstash.logback:logstash-logback-encoder:7.4'\n"
        "    implementation 'ca.uhn.hapi:hapi-structures-v251:2.5.1'\n"
        "    implementation 'ca.uhn.hapi.fhir:hapi-fhir-client:7.2.0'\n")
    files.update({
        REPORT_MAPPER: REPORT_MAPPER_JAVA,
        EHR_CLIENT: EHR_CLIENT_JAVA,
        f"{PATH}/fhir/ObservationMapper.java": "package ie.stbrendans.orubridge.fhir;\n\nimport ca.uhn.hl7v2.HL7Exception;\nimport ca.uhn.hl7v2.model.v251.segment.OBX;\nimport org.hl7.fhir.r4.model.Observation;\nimport org.hl7.fhir.r4.model.Reference;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class ObservationMapper {\n    private final BridgeProperties props;\n\n    public ObservationMapper(BridgeProperties props) {\n        this.props = props;\n    }\n\n    public Observation map(OBX obx) throws HL7Exception {\n        Observation o = new Observation();\n        o.setStatus(Statuses.of(obx.getObx11_ObservationResultStatus().getValue()));\n        o.setCode(Codes.loinc(obx.getObx3_ObservationIdentifier()));\n        o.setValue(Values.of(obx));\n        o.addPerformer(new Reference(props.performingOrganisation().reference()).setDisplay(props.performingOrganisation().display()));\n        return o;\n    }\n}\n",
        f"{PATH}/health/EhrCapabilityCheck.java": "package ie.stbrendans.orubridge.health;\n\nimport ca.uhn.fhir.rest.client.api.IGenericClient;\nimport org.hl7.fhir.r4.model.CapabilityStatement;\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\nimport org.springframework.scheduling.annotation.Scheduled;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class EhrCapabilityCheck {\n    private static final Logger log = LoggerFactory.getLogger(EhrCapabilityCheck.class);\n    private final IGenericClient fhir;\n\n    public EhrCapabilityCheck(IGenericClient fhir) {\n        this.fhir = fhir;\n    }\n\n    @Scheduled(fixedDelayString = \"${bridge.ehr.capability-check}\")\n    public void check() {\n        long start = System.nanoTime();\n        CapabilityStatement cs = fhir.capabilities().ofType(CapabilityStatement.class).execute();\n        log.info(\"EHR endpoint check ok: {} {}, FHIR {}, {} ms\", cs.getSoftware().getName(), cs.getSoftware().getVersion(),\n                cs.getFhirVersion().toCode(), (System.nanoTime() - start) / 1_000_000);\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=2, memory="1Gi"),
        "docs/runbook.md": "# oru-fhir-bridge runbook\n\nOne MLLP connection per link from Instrument Manager (IM) and WinPath;\neach lands on one pod. A rollout moves the connections; IM reconnects\nwithin seconds.\n\n## Alerts\n\n- OruBridgeAckErrors: more than 5 AE in 10 minutes on any link.\n- OruBridgeNoResults: no AA on CHEM for 10 minutes between 07:00 and 20:00.\n",
    })
    repo.commit(utc("2026-06-04 09:30:00"), aoife, "oru-fhir-bridge: ORU^R01 to DiagnosticReport with contained Observations", files)
    repo.schedule(chores(random.Random(26201), SERVICE, [aoife, ciaran, marta, rahul], utc("2026-06-04 09:30:00"), utc("2026-06-07 16:00:00"), 4))
    repo.commit(utc("2026-06-05 14:00:00"), ciaran, "observations: reference range text from OBX-7", {
        f"{PATH}/fhir/ObservationMapper.java": repo.edit(f"{PATH}/fhir/ObservationMapper.java", "        o.setValue(Values.of(obx));\n",
                                                         "        o.setValue(Values.of(obx));\n        o.addReferenceRange().setText(obx.getObx7_ReferencesRange().getValue());\n"),
    })
    repo.commit(utc("2026-06-08 14:20:00"), ciaran, "reports: status corrected when OBR-25 is C (LAB-507)\n\nCorrections from Instrument Manager were filed as final; the EHR then\nshowed no 'corrected' banner.", {
        REPORT_MAPPER: repo.edit(REPORT_MAPPER, "        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);\n",
                                 "        report.setStatus(\"C\".equals(obr.getObr25_ResultStatus().getValue())\n"
                                 "                ? DiagnosticReport.DiagnosticReportStatus.CORRECTED\n"
                                 "                : DiagnosticReport.DiagnosticReportStatus.FINAL);\n"),
    })
    previous = repo.commit(utc("2026-06-08 15:10:00"), bot, "Bump ca.uhn.hapi.fhir:hapi-fhir-client from 7.2.0 to 7.2.1", {
        "build.gradle": repo.edit("build.gradle", "hapi-fhir-client:7.2.0", "hapi-fhir-client:7.2.1"),
    })
    repo.commit(utc("2026-06-09 08:40:00"), marta, "log the EHR's OperationOutcome issues when it refuses a result\n\n\"FHIR call failed\" needs a trip to the vendor's portal to find out why.\nLog each issue's severity, code, location and diagnostics.", {
        EHR_CLIENT: repo.edit(EHR_CLIENT, "            log.error(\"FHIR call failed for {}\", messageType, e);\n",
                              "            log.error(\"EHR refused DiagnosticReport for {}: HTTP {} {}; {}\", messageType, e.getStatusCode(),\n"
                              "                    e.getStatusText(), Outcomes.describe(e.getOperationOutcome()), e);\n"),
        f"{PATH}/fhir/Outcomes.java": "package ie.stbrendans.orubridge.fhir;\n\nimport org.hl7.fhir.instance.model.api.IBaseOperationOutcome;\nimport org.hl7.fhir.r4.model.OperationOutcome;\n\nimport java.util.stream.Collectors;\n\nfinal class Outcomes {\n    private Outcomes() {\n    }\n\n    /** \"issue error/required at X: diagnostics; ...\" or \"no OperationOutcome\". */\n    static String describe(IBaseOperationOutcome base) {\n        if (!(base instanceof OperationOutcome oo) || oo.getIssue().isEmpty()) {\n            return \"no OperationOutcome\";\n        }\n        return oo.getIssue().stream()\n                .map(i -> \"issue \" + i.getSeverity().toCode() + \"/\" + i.getCode().toCode() + \" at \"\n                        + (i.getExpression().isEmpty() ? \"-\" : i.getExpression().get(0).getValue()) + \": \" + i.getDiagnostics())\n                .collect(Collectors.joining(\"; \"));\n    }\n}\n",
    })
    repo.commit(utc("2026-06-09 09:55:00"), rahul, "docs: runbook for held messages in Instrument Manager", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Held messages\n\nIM holds a message after three AE (Outbound > Held). Once the cause is\nfixed, select the link's held messages and Resend; they go in order.\nCheck the app log's ERROR for the EHR's answer before resending.\n",
    })
    repo.commit(utc("2026-06-09 11:05:00"), aoife, "test: corrected and final report status", {
        f"src/test/java/ie/stbrendans/orubridge/fhir/DiagnosticReportMapperTest.java": "package ie.stbrendans.orubridge.fhir;\n\nimport org.junit.jupiter.api.Test;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nclass DiagnosticReportMapperTest {\n    @Test\n    void correctedWhenObr25IsC() {\n        var report = Fixtures.mapper().map(Fixtures.obr(\"C\"), Fixtures.results(3), Fixtures.patient());\n        assertThat(report.getStatus().toCode()).isEqualTo(\"corrected\");\n    }\n}\n",
    })
    head = repo.commit(utc("2026-06-09 12:50:00"), aoife, "config: performing organisation is the Department of Clinical Biochemistry (LAB-518)\n\nThe lab was renamed on 1 June; the EHR shows the performer's display\ntext on every result.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    display: Clinical Chemistry Laboratory\n",
                                                          "    display: Department of Clinical Biochemistry\n"),
    })
    return repo, previous, head


# ---------------------------------------------------------------------------
# logs

LINKS = {
    "CHEM": {"port": 6661, "sender": "IM", "peer": "10.40.8.21", "prefix": "C", "pod": 0, "rate": 3.0, "obs": (4, 22)},
    "HEMA": {"port": 6662, "sender": "IM", "peer": "10.40.8.21", "prefix": "H", "pod": 1, "rate": 1.6, "obs": (18, 26)},
    "MICRO": {"port": 6663, "sender": "WINPATH", "peer": "10.40.8.60", "prefix": "M", "pod": 1, "rate": 0.45, "obs": (1, 16)},
    "BGAS": {"port": 6664, "sender": "IM", "peer": "10.40.8.21", "prefix": "G", "pod": 1, "rate": 0.4, "obs": (8, 14)},
    "COAG": {"port": 6665, "sender": "IM", "peer": "10.40.8.21", "prefix": "K", "pod": 0, "rate": 0.6, "obs": (2, 6)},
}
SENDERS = {"IM": ("IM", "STBLAB"), "WINPATH": ("WINPATH", "STBPATH")}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def node_state(node, t):
    """'old', 'drain' (503), 'down' (not routed), 'enforce' (422 without performer) or 'new'."""
    i = NODES.index(node)
    a = VENDOR_FROM + dt.timedelta(minutes=4 * i)
    if t < a:
        return "old"
    if t < a + dt.timedelta(seconds=30):
        return "drain"
    if t < a + dt.timedelta(minutes=3, seconds=10):
        return "down"
    return "enforce" if t < WARN_MODE else "new"


def version(node, t):
    return "2026.1.7" if node_state(node, t) in ("old", "drain") else "2026.2.0"


def build_logs(rng, previous, head):
    app, trace, envoy, kubelet = Log("oru-fhir-bridge.log"), Log("mllp-trace.log"), Log("ehr-api-gateway.log"), Log("kubelet.log")
    errors = []
    gens = [("5c7d8b9f6", START - dt.timedelta(hours=21), previous, "3.4.0"), ("6b8f7c9d5", RELEASE, head, "3.4.1"),
            ("5c7d8b9f6", ROLLBACK, previous, "3.4.0")]
    pods = []
    for gi, (rs, up, sha, ver) in enumerate(gens):
        for k in range(2):
            name = f"{SERVICE}-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            start = up if gi == 0 else up + dt.timedelta(seconds=16 + 22 * k)
            pods.append({"name": name, "ip": f"10.44.{3 + k}.{rng.randint(10, 250)}", "up": start, "gen": gi, "k": k, "sha": sha, "ver": ver,
                         "uid": str(uuid.UUID(int=rng.getrandbits(128)))})
    for p in pods:
        nxt = [q for q in pods if q["gen"] == p["gen"] + 1 and q["k"] == p["k"]]
        p["down"] = nxt[0]["up"] + dt.timedelta(seconds=3) if nxt else END + dt.timedelta(hours=1)

    def pod_at(k, t):
        live = [p for p in pods if p["k"] == k and p["up"] + dt.timedelta(seconds=12) <= t < p["down"]]
        return live[-1] if live else None

    def js(t, p, level, logger, thread, msg, **fields):
        body = {"@timestamp": iso(t), "@version": "1", "message": msg, "logger_name": logger, "thread_name": thread,
                "level": level, "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level]}
        body.update(fields)
        body["k8s_pod"] = p["name"]
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    def env(t, method, path, status, flags, rx, tx, dur, xff, ua, node):
        ups = "-" if status == 503 and flags == "UH" else str(max(1, dur - 2))
        return (f'[{iso(t)}] "{method} {path} HTTP/1.1" {status} {flags} {rx} {tx} {dur} {ups} "{xff}" "{ua}" '
                f'"{uuid.UUID(int=rng.getrandbits(128))}" "ehr-fhir.stbrendans.ie" "{node}"')

    rr = [0]

    def pick_node(t):
        """Envoy's round robin over the hosts its health checks have not ejected."""
        live = [n for n in NODES if node_state(n, t) != "down"]
        rr[0] += 1
        return live[rr[0] % len(live)]

    ua = "HAPI-FHIR/7.2.1 (FHIR Client; FHIR 4.0.1/R4; apache)"
    stack_head = {
        422: "ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException: HTTP 422 Unprocessable Entity: ",
        503: "ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException: HTTP 503 Service Unavailable: ",
    }
    frames = ("\n\tat ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.newInstance(BaseServerResponseException.java:307)"
              "\n\tat ca.uhn.fhir.rest.client.impl.BaseClient.invokeClient(BaseClient.java:427)"
              "\n\tat ca.uhn.fhir.rest.client.impl.GenericClient$BaseClientExecutable.invoke(GenericClient.java:522)"
              "\n\tat ca.uhn.fhir.rest.client.impl.GenericClient$CreateInternal.execute(GenericClient.java:608)"
              "\n\tat ie.stbrendans.orubridge.fhir.EhrClient.file(EhrClient.java:27)"
              "\n\tat ie.stbrendans.orubridge.results.ResultHandler.handle(ResultHandler.java:52)"
              "\n\tat ie.stbrendans.orubridge.mllp.OruApplication.processMessage(OruApplication.java:31)"
              "\n\tat ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl.processMessage(ApplicationRouterImpl.java:150)"
              "\n\tat ca.uhn.hl7v2.app.Responder.processMessage(Responder.java:128)"
              "\n\tat ca.uhn.hl7v2.app.Receiver$Grunt.run(Receiver.java:114)"
              "\n\tat java.base/java.lang.Thread.run(Thread.java:1583)")

    # arrivals per link, processed in order on the link's connection
    queue = []
    for link, cfg in LINKS.items():
        for t in poisson_times(rng, START, END, cfg["rate"]):
            queue.append((t, link, None))
    queue.sort()
    seq = [2000]
    pending = {link: sorted(t for t, l, _ in queue if l == link) for link in LINKS}

    def process(link, t, arr, cid, nobs, report, interp):
        """One message on the link from t: up to three attempts. Returns (end time, held?)."""
        cfg = LINKS[link]
        sa, sf = SENDERS[cfg["sender"]]
        msh = f"MSH|^~\\&|{sa}|{sf}|OFB|STBUH|{(arr + LOCAL).strftime('%Y%m%d%H%M%S')}||ORU^R01^ORU_R01|{cid}|P|2.5.1"
        conn = f"mllp-{cfg['port']}"
        for attempt in range(3):
            p = pod_at(cfg["pod"], t)
            while p is None:
                t += dt.timedelta(seconds=2)
                p = pod_at(cfg["pod"], t)
            trace.add(t, f"{iso(t)} {p['name']} {conn} IN  {msh}\\rPID|1||{rng.randint(1000000, 9999999)}^^^STBUH^MR||||||\\rOBR|1|{report[:-2]}|{report}|{'MCS^Culture and sensitivity^L' if link == 'MICRO' else link + '^' + link.title() + ' panel^L'}||||(segments {nobs + 4})")
            node = pick_node(t)
            state = node_state(node, t)
            if state == "drain":
                status = 503
            elif state == "enforce" and not interp:
                status = 422
            else:
                status = 201
            d = ms(rng, 120 + nobs * 5, 0.3) if status != 503 else rng.randint(1, 4)
            e = t + dt.timedelta(milliseconds=d)
            size_rx = 900 + nobs * 520
            thread = f"mllp-{cfg['port']}-worker-{rng.randint(1, 3)}"
            if status == 201:
                rid = rng.randint(8000000, 8999999)
                envoy.add(e, env(e, "POST", "/fhir/R4/DiagnosticReport", 201, "-", size_rx, 0, d, p["ip"], ua, node))
                app.add(e, js(e, p, "INFO", "ie.stbrendans.orubridge.fhir.EhrClient", thread,
                              f"Result filed in EHR: DiagnosticReport/{rid} ({nobs} results) HTTP 201 in {d} ms", link=link, control_id=cid))
                a = e + dt.timedelta(milliseconds=rng.randint(2, 8))
                trace.add(a, f"{iso(a)} {p['name']} {conn} OUT MSH|^~\\&|OFB|STBUH|{sa}|{sf}|{(a + LOCAL).strftime('%Y%m%d%H%M%S')}||ACK^R01^ACK|A{cid}|P|2.5.1\\rMSA|AA|{cid}")
                return a, False
            errors.append(e)
            if status == 422:
                diag = f"DiagnosticReport.performer: minimum required = 1, but only found 0 (from {PROFILE})"
                envoy.add(e, env(e, "POST", "/fhir/R4/DiagnosticReport", 422, "-", size_rx, 614, d, p["ip"], ua, node))
                exc = stack_head[422] + diag + frames
                new_msg = f"EHR refused DiagnosticReport for ORU^R01: HTTP 422 Unprocessable Entity; issue error/required at DiagnosticReport.performer: {diag}"
            else:
                diag = "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
                envoy.add(e, env(e, "POST", "/fhir/R4/DiagnosticReport", 503, "UF", size_rx, 91, d, p["ip"], ua, node))
                exc = stack_head[503] + diag + frames
                new_msg = "EHR refused DiagnosticReport for ORU^R01: HTTP 503 Service Unavailable; no OperationOutcome"
            msg = new_msg if p["gen"] == 1 else "FHIR call failed for ORU^R01"
            app.add(e, js(e, p, "ERROR", "ie.stbrendans.orubridge.fhir.EhrClient", thread, msg, link=link, control_id=cid, stack_trace=exc))
            a = e + dt.timedelta(milliseconds=rng.randint(2, 8))
            trace.add(a, f"{iso(a)} {p['name']} {conn} OUT MSH|^~\\&|OFB|STBUH|{sa}|{sf}|{(a + LOCAL).strftime('%Y%m%d%H%M%S')}||ACK^R01^ACK|A{cid}|P|2.5.1\\rMSA|AE|{cid}|EHR refused result (HTTP {status})")
            t = a + dt.timedelta(seconds=30, milliseconds=rng.randint(5, 250))
        return a + dt.timedelta(milliseconds=rng.randint(300, 900)), True

    # each link works through its queue in order; IM resends the held
    # messages once the vendor has switched the profile to warning mode
    for link, times in pending.items():
        cfg = LINKS[link]
        heap = []
        for arr in times:
            seq[0] += 1
            cid = f"{cfg['prefix']}{(arr + LOCAL).strftime('%y%m%d%H%M%S')}{seq[0] % 10000:04d}"
            heapq.heappush(heap, (arr, cid, arr, rng.randint(*cfg["obs"]), f"{cfg['prefix']}26{rng.randint(100000, 999999)}",
                                  link == "MICRO" and rng.random() < 0.9))
        t = START
        released = HELD_RELEASE + dt.timedelta(seconds=rng.randint(0, 240))
        while heap:
            due, cid, arr, nobs, report, interp = heapq.heappop(heap)
            t = max(t, due)
            if t >= END:
                break
            t, was_held = process(link, t, arr, cid, nobs, report, interp)
            if was_held:
                heapq.heappush(heap, (released, cid, arr, nobs, report, True))
                released += dt.timedelta(milliseconds=rng.randint(300, 900))

    # capability check, every 5 minutes per pod
    for p in pods:
        t = max(p["up"] + dt.timedelta(seconds=20), START) + dt.timedelta(seconds=rng.randint(0, 290))
        while t < min(p["down"] - dt.timedelta(seconds=3), END):
            node = pick_node(t)
            d = ms(rng, 35, 0.3)
            e = t + dt.timedelta(milliseconds=d)
            envoy.add(e, env(e, "GET", "/fhir/R4/metadata", 200, "-", 0, 48213 if version(node, e) == "2026.1.7" else 51877, d, p["ip"], ua, node))
            app.add(e, js(e, p, "INFO", "ie.stbrendans.orubridge.health.EhrCapabilityCheck", "scheduling-1",
                          f"EHR endpoint check ok: Meridian FHIR Server {version(node, e)}, FHIR 4.0.1, {d} ms"))
            t += dt.timedelta(minutes=5, milliseconds=d)

    # other clients of the EHR API gateway
    for t in poisson_times(rng, START, END, 1.3):
        node = pick_node(t)
        r = rng.random()
        d = ms(rng, 70, 0.5)
        status, flags = (503, "UF") if node_state(node, t) == "drain" else (200, "-")
        if r < 0.45:
            req = ("GET", f"/fhir/R4/Observation?patient=Patient/{rng.randint(100000, 999999)}&category=laboratory&_count=50", "10.44.9.31", "patient-portal/5.2.0")
        elif r < 0.75:
            req = ("GET", f"/fhir/R4/MedicationRequest?patient=Patient/{rng.randint(100000, 999999)}&status=active", "10.44.9.77", "eprescribing-sync/2.8.3")
        else:
            req = ("POST", "/fhir/R4/ImagingStudy", "10.44.9.52", "ris-bridge/4.1.2 (HAPI-FHIR 6.10.5)")
            status = 201 if status == 200 else status
        envoy.add(t, env(t, req[0], req[1], status, flags, 0 if req[0] == "GET" else rng.randint(2000, 6000), rng.randint(900, 40000) if status < 300 else 91, d, req[2], req[3], node))

    # pod start-up and shutdown, and the kubelet's view of the rollouts
    def kl(t, sev, src, msg, pid=1873):
        kubelet.add(t, f"{sev}{t.strftime('%m%d %H:%M:%S.')}{t.microsecond:06d} {pid:>7} {src}] {msg}")

    for p in pods:
        if p["gen"] == 0:
            continue
        s = p["up"]
        ns_pod = f"lab-integration/{p['name']}"
        kl(s - dt.timedelta(seconds=14), "I", "kubelet.go:2430", f'"SyncLoop ADD" source="api" pods=["{ns_pod}"]')
        kl(s - dt.timedelta(seconds=13.9), "I", "topology_manager.go:215", f'"Topology Admit Handler" podUID="{p["uid"]}" podNamespace="lab-integration" podName="{p["name"]}"')
        kl(s - dt.timedelta(seconds=13.8), "I", "reconciler_common.go:258", f'"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-{hexid(rng, 5)}\\" (UniqueName: \\"kubernetes.io/projected/{p["uid"]}-kube-api-access\\") pod \\"{p["name"]}\\" (UID: \\"{p["uid"]}\\") " pod="{ns_pod}"')
        kl(s - dt.timedelta(seconds=13.5), "I", "util.go:30", f'"No sandbox for pod can be found. Need to start a new one" pod="{ns_pod}"')
        kl(s - dt.timedelta(seconds=12.2), "I", "kubelet.go:2462", f'"SyncLoop (PLEG): event for pod" pod="{ns_pod}" event={{"ID":"{p["uid"]}","Type":"ContainerStarted","Data":"{hexid(rng, 64)}"}}')
        kl(s - dt.timedelta(seconds=6), "I", "prober.go:107", f'"Probe failed" probeType="Readiness" pod="{ns_pod}" podUID="{p["uid"]}" containerName="{SERVICE}" probeResult="failure" output="Get \\"http://{p["ip"]}:8080/actuator/health/readiness\\": dial tcp {p["ip"]}:8080: connect: connection refused"')
        kl(s + dt.timedelta(seconds=4), "I", "kubelet.go:2540", f'"SyncLoop (probe)" probe="readiness" status="ready" pod="{ns_pod}"')
        kl(s + dt.timedelta(seconds=4.1), "I", "pod_startup_latency_tracker.go:102", f'"Observed pod startup duration" pod="{ns_pod}" podStartSLOduration={rng.uniform(17, 21):.6f} podStartE2EDuration="{rng.uniform(17, 21):.6f}s"')
        boot = [
            (-12.0, f"Starting OruFhirBridgeApplication v{p['ver']} using Java 21.0.3 with PID 1 (/app.jar started by app in /)"),
            (-11.9, 'The following 1 profile is active: "production"'),
            (-4.2, f"Performing organisation: {'Department of Clinical Biochemistry' if p['gen'] == 1 else 'Clinical Chemistry Laboratory'} (Organization/stbuh-lab-biochem)"),
            (-3.0, "MLLP listeners on ports 6661, 6662, 6663, 6664, 6665"),
            (-2.1, f"Started OruFhirBridgeApplication in 10.42 seconds (process running for 11.3) version={p['sha'][:7]}"),
        ]
        for off, msg in boot:
            w = s + dt.timedelta(seconds=off)
            app.add(w, js(w, p, "INFO", "ie.stbrendans.orubridge.OruFhirBridgeApplication", "main", msg))
    for p in pods:
        if p["down"] > END:
            continue
        w = p["down"] - dt.timedelta(seconds=2)
        ns_pod = f"lab-integration/{p['name']}"
        kl(w - dt.timedelta(seconds=0.1), "I", "kubelet.go:2446", f'"SyncLoop DELETE" source="api" pods=["{ns_pod}"]')
        kl(w, "I", "kuberuntime_container.go:779", f'"Killing container with a grace period" pod="{ns_pod}" podUID="{p["uid"]}" containerName="{SERVICE}" containerID="containerd://{hexid(rng, 64)}" gracePeriod=30')
        app.add(w + dt.timedelta(seconds=0.05), js(w + dt.timedelta(seconds=0.05), p, "INFO", "ie.stbrendans.orubridge.mllp.MllpServer", "SpringApplicationShutdownHook", "Closing MLLP listeners; open connections: 2" if p["k"] == 0 else "Closing MLLP listeners; open connections: 3"))
        kl(w + dt.timedelta(seconds=1.6), "I", "kubelet.go:2462", f'"SyncLoop (PLEG): event for pod" pod="{ns_pod}" event={{"ID":"{p["uid"]}","Type":"ContainerDied","Data":"{hexid(rng, 64)}"}}')
        kl(w + dt.timedelta(seconds=2.4), "I", "kubelet.go:2452", f'"SyncLoop REMOVE" source="api" pods=["{ns_pod}"]')
    # kubelet background: other pods on the node, image GC, a cron job
    others = ["lab-integration/hl7-archiver-7f9c8d6b5-wq2lz", "lab-integration/winpath-adt-feed-84b6d7c9f-4nmxr", "monitoring/node-exporter-h7k2p", "kube-system/calico-node-x9q4w"]
    for t in poisson_times(rng, START, END, 0.5):
        pod = rng.choice(others)
        r = rng.random()
        if r < 0.04 and pod.startswith("lab-integration/hl7"):
            kl(t, "I", "prober.go:107", f'"Probe failed" probeType="Liveness" pod="{pod}" podUID="{uuid.UUID(int=rng.getrandbits(128))}" containerName="hl7-archiver" probeResult="failure" output="Get \\"http://10.44.4.{rng.randint(10, 250)}:8080/healthz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"')
        elif r < 0.08:
            kl(t, "I", "image_gc_manager.go:380", f'"Attempting to delete unused images" imageList=["sha256:{hexid(rng, 64)}"]')
        elif r < 0.55:
            kl(t, "I", "kubelet.go:2437", f'"SyncLoop UPDATE" source="api" pods=["{pod}"]')
        else:
            kl(t, "I", "operation_generator.go:721", f'"MountVolume.SetUp succeeded for volume \\"config\\" (UniqueName: \\"kubernetes.io/configmap/{uuid.UUID(int=rng.getrandbits(128))}-config\\") pod \\"{pod.split("/")[1]}\\"" pod="{pod}"')
    t = START.replace(minute=0)
    while t < END:
        if t >= START:
            t = t + dt.timedelta(milliseconds=rng.randint(100, 900))
            job = f"lab-integration/hl7-archive-prune-{int(t.timestamp()) // 60}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            kl(t + dt.timedelta(seconds=1), "I", "kubelet.go:2430", f'"SyncLoop ADD" source="api" pods=["{job}"]')
            kl(t + dt.timedelta(seconds=9), "I", "pod_startup_latency_tracker.go:102", f'"Observed pod startup duration" pod="{job}" podStartSLOduration={rng.uniform(6, 9):.6f} podStartE2EDuration="{rng.uniform(6, 9):.6f}s"')
            kl(t + dt.timedelta(seconds=41), "I", "kubelet.go:2462", f'"SyncLoop (PLEG): event for pod" pod="{job}" event={{"ID":"{uuid.UUID(int=rng.getrandbits(128))}","Type":"ContainerDied","Data":"{hexid(rng, 64)}"}}')
        t = t.replace(microsecond=0) + dt.timedelta(minutes=30)
    return [app, trace, envoy, kubelet], errors


def build(out_dir):
    rng = random.Random(26200)
    repo, previous, head = build_repo()
    try:
        logs, errors = build_logs(rng, previous, head)
        onset = min(errors).replace(microsecond=0)
        gap = (onset - RELEASE).total_seconds() / 60
        assert 15 <= gap <= 45, gap
        return write_scenario(
            out_dir, name="r26-ehr-profile-enforced-none", service=SERVICE, onset=onset,
            description=f"""
Tuesday 9 June: from mid-afternoon (Irish time) lab results stop reaching
the EHR. Instrument Manager shows AE acknowledgements from oru-fhir-bridge
on the chemistry, haematology, coagulation and blood gas links and holds
message after message; microbiology is mostly filing. First AE {onset.strftime('%H:%M')} UTC.
oru-fhir-bridge was released at 13:10 UTC (performing organisation
renamed); the lab team rolled it back at 14:05. The EHR is vendor-managed.
""",
            line_formats={"mllp-trace.log": r"<Time> <Pod> <Conn> <Dir>\s+<Content>"},
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"DiagnosticReport\.performer: minimum required"],
            fix_files=[],
            explanation=f"""
Nothing in oru-fhir-bridge's repository caused this. The EHR vendor rolled
Meridian FHIR Server 2026.2.0 onto its four application servers one at a
time from 13:33 UTC; they came up enforcing the new laboratory profile
({PROFILE.split('|')[0]}), which the release
notes said would only warn for 90 days. The profile requires
DiagnosticReport.performer, which the bridge sets only for reports with an
authorising consultant (OBR-32, microbiology). As each server came back its
share of the posts got HTTP 422 "DiagnosticReport.performer: minimum
required = 1, but only found 0", so the AE rate grew in steps of a quarter
until 13:49; a few posts got 503 while a server drained. The EHR endpoint
check shows the version changing server by server, and the gateway's
upstream hosts show the rolling drain. The vendor switched the profile to
warning mode at 14:52 and results flowed again with no change on our side;
the held messages were resent from 15:05.
Decoys: the 13:10 release, {gap:.0f} minutes before the first AE, which renames
the performing organisation on the Observations (LAB-518, "performer") and
carries the commit that logs the OperationOutcome issues (the detailed
error line is new because of it); the 14:05 rollback, which only changes
the error line back to "FHIR call failed"; the previous day's commit to
DiagnosticReportMapper.java (corrected status); the hapi-fhir-client bump;
the held-messages runbook page; the test commit.
""",
        )
    finally:
        repo.close()
