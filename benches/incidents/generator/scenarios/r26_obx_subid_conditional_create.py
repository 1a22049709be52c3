"""lab-results-bridge (Java 17, Spring Boot 3.2, HAPI HL7v2 and HAPI FHIR
client; one RHEL VM, systemd, deployed by a GitLab CI job over ssh; team in
Eindhoven and Kochi) of Maasland Medisch Centrum: the laboratory's results
interface. The analysers' middleware (Data Innovations Instrument Manager
for chemistry, haematology and blood gases; bioMerieux MYLA for
microbiology) sends ORU^R01 messages over MLLP, one listener port per link;
the bridge maps each message to one FHIR transaction (a DiagnosticReport
and its Observations), posts it to the EHR's FHIR API through the EHR API
gateway (Kong), and only then answers the middleware with an HL7 ACK: AA
when the EHR took it, AE otherwise. MYLA resends a message that got AE
twice, 30 s apart, then holds it for the lab to release by hand.

LAB-233: when an ACK was late, Instrument Manager resent the message and
the EHR showed the results twice. On Monday 1 June at 10:05 UTC a commit
gives every Observation an identifier (filler order number OBR-3 + the
test code OBX-3) and creates it with a conditional create (If-None-Exist
on that identifier). It leaves out the observation sub-ID (OBX-4), which
is what tells repeated OBX-3 codes apart. Chemistry, haematology and blood
gases never repeat a code within a report, nor do the afternoon's and the
night's microbiology messages (Gram stains, "no growth at 24 h"). The
culprit shipped in the 15:46 release, whose deploy line names a later test
commit. On Tuesday at 08:00 local (06:00 UTC) the microbiologist starts
authorising the overnight cultures: a culture with two organisms repeats
the organism code (OBX-4 1 and 2) and every antibiotic's code. Its two
Observations carry the same identifier, and the EHR's FHIR server refuses
the whole transaction with HTTP 400 "HAPI-0542: Unable to process
Transaction - Request would cause multiple resources to match URL ...
Does transaction request contain duplicates?". The bridge answers AE,
MYLA resends twice and holds the report, so the mixed cultures (blood
cultures among them) never reach the wards.

Decoys: a release at 05:42 UTC, about 25 minutes before the first
rejection, that raises the EHR transaction timeout for large micro reports
(LAB-241), rolled back at 06:58 without effect; a commit the same morning
as the culprit to ObservationMapper.java (all OBX-8 abnormal flags as
interpretations); a commit that logs the EHR's OperationOutcome and the
report on a rejected transaction; a hapi-fhir-client bump; a runbook page
on NACKs and held messages; the test commit the deploy names. Sources:
app (Logback pattern with MDC, HAPI FHIR stack traces), MLLP listener
(logstash JSON with quoted MSH and MSA segments), EHR API gateway (Kong,
nginx combined), the VM's journal (short-iso); ACK rate metric."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, java_service

SERVICE = "lab-results-bridge"
START, END = utc("2026-06-01 14:30:00"), utc("2026-06-02 07:40:00")
DEPLOY = utc("2026-06-01 15:46:10")
RELEASE = utc("2026-06-02 05:42:30")
ROLLBACK = utc("2026-06-02 06:58:20")
FINALS_FROM = utc("2026-06-02 06:00:00")
LOCAL = dt.timedelta(hours=2)
PKG = "nl.maaslandmc.lrb"
PATH = "src/main/java/nl/maaslandmc/lrb"
MAPPER = f"{PATH}/fhir/ObservationMapper.java"
BUNDLE = f"{PATH}/fhir/ReportBundle.java"
POSTER = f"{PATH}/fhir/ResultPoster.java"
HOST = "lrbapp01"
OBS_SYSTEM = "https://lab.maaslandmc.nl/id/observation"

MAPPER_JAVA = """package nl.maaslandmc.lrb.fhir;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

@Component
public class ObservationMapper {
    private final CodeMaps codes;

    public ObservationMapper(CodeMaps codes) {
        this.codes = codes;
    }

    public Observation map(OBR obr, OBX obx, Reference patient) throws HL7Exception {
        Observation o = new Observation();
        o.setStatus(ResultStatus.from(obx.getObx11_ObservationResultStatus().getValue()));
        o.setCode(codes.concept(obx.getObx3_ObservationIdentifier()));
        o.setSubject(patient);
        o.setEffective(Hl7Time.toDateTime(obr.getObr7_ObservationDateTime()));
        o.setValue(Values.from(obx));
        o.addInterpretation(codes.interpretation(obx.getObx8_AbnormalFlags(0).getValue()));
        return o;
    }
}
"""

BUNDLE_JAVA = """package nl.maaslandmc.lrb.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

import java.util.List;
import java.util.UUID;

/** One ORU^R01 order group as one FHIR transaction: the report and its results. */
public final class ReportBundle {
    private ReportBundle() {
    }

    public static Bundle of(DiagnosticReport report, List<Observation> results) {
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Observation o : results) {
            String fullUrl = "urn:uuid:" + UUID.randomUUID();
            tx.addEntry().setFullUrl(fullUrl).setResource(o)
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
            report.addResult(new Reference(fullUrl));
        }
        tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(report)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DiagnosticReport");
        return tx;
    }
}
"""

POSTER_JAVA = """package nl.maaslandmc.lrb.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class ResultPoster {
    private static final Logger log = LoggerFactory.getLogger(ResultPoster.class);

    private final IGenericClient ehr;

    public ResultPoster(IGenericClient ehr) {
        this.ehr = ehr;
    }

    /** Posts the transaction; the caller ACKs AA only if this returns. */
    public void post(String messageType, String report, Bundle tx) {
        long start = System.nanoTime();
        int observations = tx.getEntry().size() - 1;
        try {
            ehr.transaction().withBundle(tx).execute();
            log.info("Posted {} to EHR: DiagnosticReport {} + {} Observation, HTTP 200 in {} ms",
                    messageType, report, observations, (System.nanoTime() - start) / 1_000_000);
        } catch (BaseServerResponseException e) {
            log.error("FHIR transaction failed", e);
            throw new ResultRejected(e.getStatusCode(), e);
        }
    }
}
"""

APPLICATION_YML = """server:
  port: 8080
spring:
  application:
    name: lab-results-bridge
lrb:
  links:
    - name: CHEM
      port: 6661
      sender: IM
    - name: HEMA
      port: 6662
      sender: IM
    - name: MICRO
      port: 6663
      sender: MYLA
    - name: BGAS
      port: 6664
      sender: IM
  ehr:
    base-url: https://fhir.ehr.maaslandmc.local/fhir/r4
    client-id: lab-results-bridge
    connect-timeout: 5s
    transaction-timeout: 20s
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""

UNIT = """[Unit]
Description=Lab results bridge (HL7 v2 MLLP to EHR FHIR)
After=network-online.target
Wants=network-online.target

[Service]
User=lrb
WorkingDirectory=/opt/lab-results-bridge
ExecStart=/usr/bin/java -Xms512m -Xmx1g -jar /opt/lab-results-bridge/current/lab-results-bridge.jar --spring.config.additional-location=/etc/lab-results-bridge/
SuccessExitStatus=143
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""

RUNBOOK = """# lab-results-bridge runbook

## Links

| Link  | Port | Sender | Results |
|-------|------|--------|---------|
| CHEM  | 6661 | Instrument Manager | clinical chemistry, immunoassay |
| HEMA  | 6662 | Instrument Manager | haematology (Sysmex XN) |
| MICRO | 6663 | MYLA | microbiology (VITEK 2, MALDI) |
| BGAS  | 6664 | Instrument Manager | blood gases (ICU, ED) |

## Alerts

- LrbNoAckAA: a link has sent no AA for 15 minutes in the daytime.
- LrbAckErrors: more than 3 AE in 10 minutes.
"""


def build_repo():
    femke = Person("Femke de Vries", "femke.devries@maaslandmc.nl", 120)
    sander = Person("Sander Bakker", "sander.bakker@maaslandmc.nl", 120)
    priya = Person("Priya Nair", "priya.nair@maaslandmc.nl", 330)
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@maaslandmc.nl", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "HL7 v2 results from the lab's middleware (MLLP) to the EHR's FHIR API.")
    files.pop("k8s/service.yaml")
    files["build.gradle"] = files["build.gradle"].replace(
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n"
        "    implementation 'ca.uhn.hapi:hapi-structures-v251:2.5.1'\n"
        "    implementation 'ca.uhn.hapi.fhir:hapi-fhir-client:7.0.0'\n"
        "    implementation 'ca.uhn.hapi.fhir:hapi-fhir-structures-r4:7.0.0'\n")
    files.update({
        MAPPER: MAPPER_JAVA,
        BUNDLE: BUNDLE_JAVA,
        POSTER: POSTER_JAVA,
        f"{PATH}/fhir/CodeMaps.java": "package nl.maaslandmc.lrb.fhir;\n\nimport ca.uhn.hl7v2.model.v251.datatype.CE;\nimport org.hl7.fhir.r4.model.CodeableConcept;\nimport org.springframework.stereotype.Component;\n\n/** Local lab codes to LOINC, abnormal flags to v3 ObservationInterpretation. */\n@Component\npublic class CodeMaps {\n    private final LoincTable loinc;\n\n    public CodeMaps(LoincTable loinc) {\n        this.loinc = loinc;\n    }\n\n    public CodeableConcept concept(CE code) {\n        return loinc.lookup(code.getIdentifier().getValue(), code.getNameOfCodingSystem().getValue());\n    }\n\n    public CodeableConcept interpretation(String flag) {\n        return Interpretations.of(flag);\n    }\n}\n",
        f"{PATH}/mllp/ResultApplication.java": "package nl.maaslandmc.lrb.mllp;\n\nimport ca.uhn.hl7v2.model.Message;\nimport ca.uhn.hl7v2.protocol.ReceivingApplication;\nimport nl.maaslandmc.lrb.results.ResultService;\n\nimport java.util.Map;\n\n/** ACK AA after the EHR took the results, AE (with the reason in MSA-3) otherwise. */\npublic class ResultApplication implements ReceivingApplication<Message> {\n    private final ResultService results;\n\n    public ResultApplication(ResultService results) {\n        this.results = results;\n    }\n\n    @Override\n    public Message processMessage(Message oru, Map<String, Object> meta) throws Exception {\n        try {\n            results.handle(oru);\n            return oru.generateACK();\n        } catch (ResultRejected e) {\n            return Acks.applicationError(oru, \"EHR rejected transaction (HTTP \" + e.status() + \")\");\n        }\n    }\n\n    @Override\n    public boolean canProcess(Message message) {\n        return true;\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "deploy/lab-results-bridge.service": UNIT,
        "deploy/release.sh": "#!/bin/sh\n# Called by the GitLab deploy job over ssh: release.sh <jar> <version> <sha>\nset -eu\ndir=/opt/lab-results-bridge/releases/$(date -u +%Y%m%d-%H%M%S)-$3\nmkdir -p \"$dir\" && cp \"$1\" \"$dir/lab-results-bridge.jar\"\nlogger -t lrb-deploy \"deploying lab-results-bridge $2 commit $3\"\nln -sfn \"$dir\" /opt/lab-results-bridge/current\nsudo /usr/bin/systemctl restart lab-results-bridge.service\n",
        "docs/runbook.md": RUNBOOK,
    })
    repo.commit(utc("2026-05-27 08:10:00"), femke, "lab-results-bridge: ORU^R01 over MLLP to the EHR's FHIR API", files)
    repo.schedule(chores(random.Random(26101), SERVICE, [femke, sander, priya, tomasz], utc("2026-05-27 08:10:00"), utc("2026-05-30 15:00:00"), 4))
    repo.commit(utc("2026-05-28 13:30:00"), tomasz, "micro: map MYLA organism names to SNOMED CT (LAB-218)", {
        f"{PATH}/fhir/CodeMaps.java": repo.edit(f"{PATH}/fhir/CodeMaps.java", "    public CodeableConcept interpretation(String flag) {\n",
                                                 "    public CodeableConcept organism(CE name) {\n        return Organisms.snomed(name.getText().getValue());\n    }\n\n    public CodeableConcept interpretation(String flag) {\n"),
    })
    repo.commit(utc("2026-05-29 10:40:00"), priya, "docs: how the MYLA micro link is set up", {
        "docs/links/micro.md": "# MICRO link (MYLA)\n\nMYLA sends one ORU^R01 per culture report: the organisms (OBX-3\n6463-4, one per isolate, OBX-4 the isolate number) and each\nantibiotic's susceptibility under its own code, per isolate.\nPreliminary reports (Gram stain, no growth at 24 h) carry one OBX.\n\nMYLA resends a message that gets AE twice, 30 s apart, then holds it\n(Interfaces > Outbound > Held) until released by hand.\n",
    })
    repo.commit(utc("2026-06-01 08:30:00"), sander, "hema: every OBX-8 abnormal flag as an interpretation (LAB-229)\n\nSysmex sends both H and the critical flag HH for a few results; we kept\nonly the first repetition.", {
        MAPPER: repo.edit(MAPPER, "        o.addInterpretation(codes.interpretation(obx.getObx8_AbnormalFlags(0).getValue()));\n",
                          "        for (var flag : obx.getObx8_AbnormalFlags()) {\n            o.addInterpretation(codes.interpretation(flag.getValue()));\n        }\n"),
    })
    mapper = repo.edit(MAPPER, "public class ObservationMapper {\n",
                       f"public class ObservationMapper {{\n    public static final String ID_SYSTEM = \"{OBS_SYSTEM}\";\n\n")
    mapper = mapper.replace("        Observation o = new Observation();\n",
                            "        Observation o = new Observation();\n        o.addIdentifier().setSystem(ID_SYSTEM).setValue(identifierOf(obr, obx));\n")
    mapper = mapper.replace("        return o;\n    }\n}\n",
                            "        return o;\n    }\n\n    /** The result's business identifier: filler order number and test code (LAB-233). */\n"
                            "    static String identifierOf(OBR obr, OBX obx) {\n"
                            "        return obr.getObr3_FillerOrderNumber().getEi1_EntityIdentifier().getValue()\n"
                            "                + \"-\" + obx.getObx3_ObservationIdentifier().getCe1_Identifier().getValue();\n    }\n}\n")
    bundle = repo.edit(BUNDLE, "                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(\"Observation\");\n",
                       "                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(\"Observation\")\n"
                       "                    .setIfNoneExist(\"identifier=\" + ObservationMapper.ID_SYSTEM + \"|\" + o.getIdentifierFirstRep().getValue());\n")
    culprit = repo.commit(utc("2026-06-01 10:05:00"), femke, "results: conditional create on the Observation identifier (LAB-233)\n\nWhen our ACK is late, Instrument Manager resends the message and the EHR\nshows every result twice. Give each Observation a business identifier\n(filler order number + test code) and create it with If-None-Exist, so a\nresent message creates nothing new.", {
        MAPPER: mapper,
        BUNDLE: bundle,
    })
    repo.commit(utc("2026-06-01 11:30:00"), priya, "log the EHR's OperationOutcome and the report when a transaction is rejected\n\n\"FHIR transaction failed\" alone sends us to the EHR team's logs for\nevery AE.", {
        POSTER: repo.edit(POSTER, "            log.error(\"FHIR transaction failed\", e);\n",
                          "            log.error(\"EHR rejected transaction for {} (report {}, {} Observation): HTTP {} {}; OperationOutcome {}\",\n"
                          "                    messageType, report, observations, e.getStatusCode(), e.getStatusText(),\n"
                          "                    Outcomes.summary(e.getOperationOutcome()), e);\n"),
    })
    repo.commit(utc("2026-06-01 13:15:00"), bot, "Bump ca.uhn.hapi.fhir:hapi-fhir-client from 7.0.0 to 7.0.2", {
        "build.gradle": repo.edit("build.gradle", "hapi-fhir-client:7.0.0", "hapi-fhir-client:7.0.2").replace("hapi-fhir-structures-r4:7.0.0", "hapi-fhir-structures-r4:7.0.2"),
    })
    repo.commit(utc("2026-06-01 14:40:00"), tomasz, "docs: runbook for a link stuck on NACKs (AE) and held messages", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## A link answers AE\n\n1. The app log's ERROR names the EHR's HTTP status and OperationOutcome.\n2. 5xx or timeouts: the EHR or the gateway; ask the EHR team.\n3. 4xx: the EHR refused the content; the message will not go through on a\n   resend. Hold it in the middleware and open a LAB ticket.\n4. Release held messages in MYLA / Instrument Manager once fixed.\n",
    })
    deployed = repo.commit(utc("2026-06-01 15:20:00"), sander, "test: ObservationMapper interpretation flags and units", {
        f"src/test/java/nl/maaslandmc/lrb/fhir/ObservationMapperTest.java": "package nl.maaslandmc.lrb.fhir;\n\nimport org.junit.jupiter.api.Test;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nclass ObservationMapperTest {\n    @Test\n    void keepsEveryAbnormalFlag() {\n        var o = Fixtures.mapper().map(Fixtures.obr(\"26C0400001\"), Fixtures.obx(\"2823-3\", \"6.1\", \"mmol/L\", \"H\", \"HH\"), Fixtures.patient());\n        assertThat(o.getInterpretation()).hasSize(2);\n    }\n\n    @Test\n    void mapsUcumUnits() {\n        var o = Fixtures.mapper().map(Fixtures.obr(\"26C0400002\"), Fixtures.obx(\"2160-0\", \"88\", \"umol/L\", \"N\"), Fixtures.patient());\n        assertThat(o.getValueQuantity().getCode()).isEqualTo(\"umol/L\");\n    }\n}\n",
    })
    config = repo.commit(utc("2026-06-02 05:20:00"), femke, "ehr: transaction timeout 20s -> 40s for large micro reports (LAB-241)\n\nThree blood culture reports with 40+ susceptibilities timed out at 20 s\nlast week; the EHR team says big transactions take up to 30 s.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    transaction-timeout: 20s\n",
                                                          "    transaction-timeout: 40s  # LAB-241: large micro transactions\n"),
    })
    return repo, culprit, deployed, config


# ---------------------------------------------------------------------------
# logs

LINKS = {
    "CHEM": {"port": 6661, "sender": "IM", "peer": "10.31.2.17", "prefix": "C", "thread": "mllp-chem"},
    "HEMA": {"port": 6662, "sender": "IM", "peer": "10.31.2.17", "prefix": "H", "thread": "mllp-hema"},
    "MICRO": {"port": 6663, "sender": "MYLA", "peer": "10.31.2.45", "prefix": "M", "thread": "mllp-micro"},
    "BGAS": {"port": 6664, "sender": "IM", "peer": "10.31.2.17", "prefix": "G", "thread": "mllp-bgas"},
}
SENDING_APP = {"IM": ("IM", "MMCLAB"), "MYLA": ("MYLA", "MMCMICRO")}
UNMAPPED = ["GLUC-POC", "LACT-ART", "COHB-V", "BILI-NEO", "HB-POC"]


def local_hour(t):
    tl = t + LOCAL
    return tl.hour + tl.minute / 60


def rate(link, t):
    h = local_hour(t)
    if link in ("CHEM", "HEMA"):
        base = 3.0 if 8 <= h < 18 else 1.6 if 7 <= h < 8 else 1.2 if 18 <= h < 23 else 0.55
        return base * (0.6 if link == "HEMA" else 1.0)
    if link == "BGAS":
        return 0.35
    return 0.35 if 8 <= h < 17 else 0.05


def arrivals(rng, start, end, fn, step=600):
    times, t = [], start
    while t < end:
        e = min(t + dt.timedelta(seconds=step), end)
        times += poisson_times(rng, t, e, fn(t))
        t = e
    return times


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def app_line(t, level, thread, link, cid, logger, msg):
    return f"{stamp(t)} {level:<5} [{thread}] [{link}] [{cid}] {logger} - {msg}"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def mllp_json(t, level, thread, msg, **fields):
    body = {"@timestamp": iso(t), "@version": "1", "message": msg, "logger_name": "n.m.lrb.mllp.MllpServer",
            "thread_name": thread, "level": level, "level_value": {"INFO": 20000, "WARN": 30000, "ERROR": 40000}[level]}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def journal(t, ident, pid, msg):
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+00:00 {HOST} {ident}{f'[{pid}]' if pid is not None else ''}: {msg}"


def kong(t, client, method, path, status, size, rt, ua):
    return (f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" '
            f'{rt:.3f} {max(0.001, rt - 0.002):.3f}')


ANTIBIOTICS = [("18864-9", "Ampicillin"), ("18865-6", "Ampicillin+Sulbactam"), ("18993-6", "Piperacillin+Tazobactam"),
               ("18893-8", "Cefuroxime"), ("18895-3", "Ceftriaxone"), ("18903-5", "Ciprofloxacin"),
               ("18928-2", "Gentamicin"), ("18932-4", "Imipenem"), ("18943-1", "Meropenem"),
               ("18998-5", "Trimethoprim+Sulfamethoxazole"), ("18955-5", "Nitrofurantoin"), ("18868-0", "Aztreonam"),
               ("18878-9", "Cefazolin"), ("18900-1", "Cefoxitin")]
ORGANISMS = ["Escherichia coli", "Klebsiella pneumoniae", "Enterococcus faecalis", "Pseudomonas aeruginosa",
             "Proteus mirabilis", "Staphylococcus aureus", "Enterobacter cloacae complex"]


def build_logs(rng, culprit, deployed, config):
    app, mllp, gw, jl = Log("lab-results-bridge.log"), Log("mllp-listener.log"), Log("ehr-gateway-access.log"), Log("journal.log")
    acks = {}
    rejected = []
    seq = [1000]
    restarts = [(DEPLOY, deployed, "2.9.0", "20s"), (RELEASE, config, "2.9.1", "40s"), (ROLLBACK, deployed, "2.9.0", "20s")]
    down = [(w + dt.timedelta(seconds=3), w + dt.timedelta(seconds=16)) for w, _, _, _ in restarts]
    conn_port = {name: rng.randint(40000, 60000) for name in LINKS}

    def shift(t):
        for a, b in down:
            if a <= t < b:
                return b + dt.timedelta(milliseconds=rng.randint(200, 4000))
        return t

    def ua(t):
        return "HAPI-FHIR/7.0.0 (FHIR Client; FHIR 4.0.1/R4; apache)" if t < DEPLOY else "HAPI-FHIR/7.0.2 (FHIR Client; FHIR 4.0.1/R4; apache)"

    # messages per link: (arrival, kind)
    msgs = []
    for link in LINKS:
        for t in arrivals(rng, START, END, lambda t, l=link: rate(l, t)):
            msgs.append((t, link, "prelim" if link == "MICRO" else "std"))
    for t in arrivals(rng, FINALS_FROM, END, lambda t: 0.9):
        msgs.append((t, "MICRO", "final"))
    msgs.sort()
    first_multi = [None]
    free = {name: START for name in LINKS}
    for t0, link, kind in msgs:
        cfg = LINKS[link]
        t = shift(max(t0, free[link]))
        seq[0] += 1
        cid = f"{cfg['prefix']}{(t + LOCAL).strftime('%y%m%d%H%M%S')}{seq[0] % 10000:04d}"
        thread = f"{cfg['thread']}-{rng.randint(1, 4)}"
        if link == "MICRO":
            report = f"26M{rng.randint(400000, 499999):07d}"
        else:
            report = f"26{cfg['prefix']}{rng.randint(400000, 499999):07d}"
        multi = False
        if kind == "final":
            organisms = 2 if (rng.random() < 0.2 and t > FINALS_FROM + dt.timedelta(minutes=4)) else 1
            abx = rng.randint(6, 13)
            nobs = organisms * (1 + abx)
            multi = organisms == 2
        elif kind == "prelim":
            nobs = rng.choice([1, 1, 1, 2])
        elif link == "HEMA":
            nobs = rng.randint(18, 26)
        elif link == "BGAS":
            nobs = rng.randint(8, 14)
        else:
            nobs = rng.randint(3, 20)
        failing = multi and t >= DEPLOY
        if failing and first_multi[0] is None:
            first_multi[0] = t
        sa, sf = SENDING_APP[cfg["sender"]]
        attempts = 3 if failing else 1
        msh = f"MSH|^~\\&|{sa}|{sf}|LRB|MMC|{(t + LOCAL).strftime('%Y%m%d%H%M%S')}+0200||ORU^R01^ORU_R01|{cid}|P|2.5.1"
        for attempt in range(attempts):
            mllp.add(t, mllp_json(t, "INFO", thread, f"Received ORU^R01 from {cfg['sender']}", link=link,
                                  peer=f"{cfg['peer']}:{conn_port[link]}", control_id=cid, bytes=420 + nobs * 96, msh=msh))
            d = ms(rng, 110 + nobs * 6, 0.3)
            if failing:
                d = ms(rng, 160 + nobs * 4, 0.3)
            e = t + dt.timedelta(milliseconds=d)
            if failing:
                gw.add(e, kong(e, "10.31.4.21", "POST", "/fhir/r4", 400, rng.randint(690, 720), d / 1000, ua(e)))
                org_code = "6463-4"
                url = f"Observation?identifier={OBS_SYSTEM.replace(':', '%3A').replace('/', '%2F')}%7C{report}-{org_code}"
                diag = (f"HAPI-0542: Unable to process Transaction - Request would cause multiple resources to match URL: \"{url}\". "
                        "Does transaction request contain duplicates?")
                text = app_line(e, "ERROR", thread, link, cid, "n.m.lrb.fhir.ResultPoster",
                                f"EHR rejected transaction for ORU^R01 (report {report}, {nobs} Observation): HTTP 400 Bad Request; "
                                f"OperationOutcome error processing: {diag}")
                text += ("\nca.uhn.fhir.rest.server.exceptions.InvalidRequestException: HTTP 400 Bad Request: " + diag + "\n"
                         "\tat ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.newInstance(BaseServerResponseException.java:307)\n"
                         "\tat ca.uhn.fhir.rest.client.impl.BaseClient.invokeClient(BaseClient.java:427)\n"
                         "\tat ca.uhn.fhir.rest.client.impl.GenericClient$BaseClientExecutable.invoke(GenericClient.java:522)\n"
                         "\tat ca.uhn.fhir.rest.client.impl.GenericClient$TransactionExecutable.execute(GenericClient.java:2330)\n"
                         "\tat nl.maaslandmc.lrb.fhir.ResultPoster.post(ResultPoster.java:27)\n"
                         "\tat nl.maaslandmc.lrb.results.ResultService.handle(ResultService.java:44)\n"
                         "\tat nl.maaslandmc.lrb.mllp.ResultApplication.processMessage(ResultApplication.java:19)\n"
                         "\tat ca.uhn.hl7v2.protocol.impl.AppRoutingDataImpl$1.processMessage(AppRoutingDataImpl.java:82)\n"
                         "\tat ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl.processMessage(ApplicationRouterImpl.java:150)\n"
                         "\tat ca.uhn.hl7v2.app.Responder.processMessage(Responder.java:128)\n"
                         "\tat ca.uhn.hl7v2.app.Receiver$Grunt.run(Receiver.java:114)\n"
                         "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)\n"
                         "\tat java.base/java.lang.Thread.run(Thread.java:1583)")
                app.add(e, text)
                a = e + dt.timedelta(milliseconds=rng.randint(2, 9))
                msa = f"MSA|AE|{cid}|EHR rejected transaction (HTTP 400)"
                mllp.add(a, mllp_json(a, "WARN", thread, "Sent ACK AE", link=link, control_id=cid, ack_code="AE",
                                      elapsed_ms=int((a - t).total_seconds() * 1000), msa=msa))
                acks.setdefault((link, "AE"), []).append(a)
                rejected.append(a)
                t = a + dt.timedelta(seconds=30, milliseconds=rng.randint(5, 300))
            else:
                gw.add(e, kong(e, "10.31.4.21", "POST", "/fhir/r4", 200, 380 + nobs * 178, d / 1000, ua(e)))
                app.add(e, app_line(e, "INFO", thread, link, cid, "n.m.lrb.fhir.ResultPoster",
                                    f"Posted ORU^R01 to EHR: DiagnosticReport {report} + {nobs} Observation, HTTP 200 in {d} ms"))
                a = e + dt.timedelta(milliseconds=rng.randint(2, 9))
                mllp.add(a, mllp_json(a, "INFO", thread, "Sent ACK AA", link=link, control_id=cid, ack_code="AA",
                                      elapsed_ms=int((a - t).total_seconds() * 1000), msa=f"MSA|AA|{cid}"))
                acks.setdefault((link, "AA"), []).append(a)
                t = a
        free[link] = t
        if rng.random() < 0.012 and link in ("BGAS", "CHEM"):
            w = e - dt.timedelta(milliseconds=5)
            app.add(w, app_line(w, "WARN", thread, link, cid, "n.m.lrb.fhir.CodeMaps",
                                f"No LOINC mapping for local code {rng.choice(UNMAPPED)}; sending local coding only"))

    # other clients of the EHR gateway
    others = [("10.31.4.35", "radiology-bridge/3.4 (Java 17)", lambda: ("POST", "/fhir/r4/ImagingStudy", 201, rng.randint(900, 1400))),
              ("10.31.6.12", "portal-api/2026.5.2", lambda: ("GET", f"/fhir/r4/Observation?patient=Patient/{rng.randint(1000000, 9999999)}&category=laboratory&_count=50", 200, rng.randint(4000, 60000))),
              ("10.31.6.12", "portal-api/2026.5.2", lambda: ("GET", f"/fhir/r4/DiagnosticReport?patient=Patient/{rng.randint(1000000, 9999999)}&_sort=-issued", 200, rng.randint(2000, 30000))),
              ("10.31.5.8", "pharmacy-sync/1.12.0", lambda: ("GET", f"/fhir/r4/MedicationRequest?patient=Patient/{rng.randint(1000000, 9999999)}&status=active", 200, rng.randint(1500, 9000)))]
    for t in arrivals(rng, START, END, lambda t: 1.4 if 7 <= local_hour(t) < 21 else 0.35):
        client, agent, make = rng.choice(others)
        method, path, status, size = make()
        gw.add(t, kong(t, client, method, path, status, size, ms(rng, 60, 0.5) / 1000, agent))

    # deploys: journal, app start-up and shutdown, MLLP reconnects
    for i, (w, sha, version, timeout) in enumerate(restarts):
        pid0 = 48211 + i * 6113
        ci_ip = "10.31.0.40"
        lines = [
            (-8.0, "sshd", pid0, f"Accepted publickey for deploy from {ci_ip} port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q8Vt3cZkN0yq1Fh7YxR2p0oWm5eLrJd9sTgHbU4aXiE"),
            (-8.0, "systemd-logind", 812, f"New session {4113 + i} of user deploy."),
            (-7.9, "systemd", 1, f"Started session-{4113 + i}.scope - Session {4113 + i} of User deploy."),
            (-1.2, "lrb-deploy", pid0 + 19, f"deploying lab-results-bridge {version} commit {sha[:8]}" + (" (rollback)" if i == 2 else "")),
            (-1.1, "sudo", pid0 + 30, "  deploy : PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart lab-results-bridge.service"),
            (-1.1, "sudo", pid0 + 30, "pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1002)"),
            (0.0, "systemd", 1, "Stopping lab-results-bridge.service - Lab results bridge (HL7 v2 MLLP to EHR FHIR)..."),
            (2.6, "systemd", 1, "lab-results-bridge.service: Deactivated successfully."),
            (2.6, "systemd", 1, "Stopped lab-results-bridge.service - Lab results bridge (HL7 v2 MLLP to EHR FHIR)."),
            (2.6, "systemd", 1, f"lab-results-bridge.service: Consumed {rng.randint(900, 4000)}.{rng.randint(100, 999)}s CPU time."),
            (2.7, "systemd", 1, "Started lab-results-bridge.service - Lab results bridge (HL7 v2 MLLP to EHR FHIR)."),
            (2.8, "sudo", pid0 + 30, "pam_unix(sudo:session): session closed for user root"),
            (17.5, "lrb-deploy", pid0 + 19, f"health check http://127.0.0.1:8080/actuator/health UP; lab-results-bridge {version} ({sha[:8]}) live"),
            (17.7, "sshd", pid0, "Disconnected from user deploy 10.31.0.40 port 52211"),
            (17.7, "systemd-logind", 812, f"Session {4113 + i} logged out. Waiting for processes to exit."),
            (17.8, "systemd-logind", 812, f"Removed session {4113 + i}."),
        ]
        for off, ident, pid, msg in lines:
            x = w + dt.timedelta(seconds=off)
            jl.add(x, journal(x, ident, pid, msg))
        x = w + dt.timedelta(seconds=0.2)
        app.add(x, app_line(x, "INFO", "SpringApplicationShutdownHook", "-", "-", "n.m.lrb.mllp.MllpServer", "Closing MLLP listeners (4)"))
        for name, cfg in LINKS.items():
            mllp.add(x, mllp_json(x, "INFO", "SpringApplicationShutdownHook", "Listener stopped", link=name, port=cfg["port"]))
        x = w + dt.timedelta(seconds=2.4)
        app.add(x, app_line(x, "INFO", "SpringApplicationShutdownHook", "-", "-", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete"))
        s = w + dt.timedelta(seconds=4.9)
        boot = [
            (0.0, f"n.m.lrb.LabResultsBridgeApplication", f"Starting LabResultsBridgeApplication v{version} using Java 17.0.11 with PID {pid0 + 52} (/opt/lab-results-bridge/current/lab-results-bridge.jar started by lrb in /opt/lab-results-bridge)"),
            (0.01, "n.m.lrb.LabResultsBridgeApplication", 'The following 1 profile is active: "production"'),
            (2.9, "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
            (6.1, "n.m.lrb.fhir.EhrClientConfig", f"EHR FHIR client: base=https://fhir.ehr.maaslandmc.local/fhir/r4 connect-timeout=5s transaction-timeout={timeout}"),
        ]
        boot += [(6.5 + k * 0.01, "n.m.lrb.mllp.MllpServer", f"MLLP listener {name} on port {cfg['port']} (sender {cfg['sender']})") for k, (name, cfg) in enumerate(LINKS.items())]
        boot += [(7.9, "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"),
                 (8.0, "n.m.lrb.LabResultsBridgeApplication", f"Started LabResultsBridgeApplication in 8.93 seconds (process running for 9.71) version={sha[:7]}")]
        for off, logger, msg in boot:
            x = s + dt.timedelta(seconds=off)
            app.add(x, app_line(x, "INFO", "main", "-", "-", logger, msg))
        for name, cfg in LINKS.items():
            x = s + dt.timedelta(seconds=6.5)
            mllp.add(x, mllp_json(x, "INFO", "main", "Listener started", link=name, port=cfg["port"]))
            conn_port[name] = rng.randint(40000, 60000)
            x = w + dt.timedelta(seconds=15.5 + rng.uniform(0, 2))
            mllp.add(x, mllp_json(x, "INFO", f"{cfg['thread']}-acceptor", "Connection accepted", link=name, peer=f"{cfg['peer']}:{conn_port[name]}"))

    # background of the VM's journal
    t = START.replace(minute=0) + dt.timedelta(minutes=10)
    while t < END:
        if t >= START:
            jl.add(t, journal(t, "systemd", 1, "Starting sysstat-collect.service - system activity accounting tool..."))
            jl.add(t + dt.timedelta(seconds=0.3), journal(t + dt.timedelta(seconds=0.3), "systemd", 1, "sysstat-collect.service: Deactivated successfully."))
            jl.add(t + dt.timedelta(seconds=0.3), journal(t + dt.timedelta(seconds=0.3), "systemd", 1, "Finished sysstat-collect.service - system activity accounting tool."))
        t += dt.timedelta(minutes=10)
    for t in arrivals(rng, START, END, lambda t: 1 / 45):
        jl.add(t, journal(t, "chronyd", 902, f"Selected source 10.31.0.{rng.choice([5, 6])} (ntp{rng.choice([1, 2])}.maaslandmc.local)"))
    for t in arrivals(rng, START, END, lambda t: 1 / 60):
        jl.add(t, journal(t, "systemd", 1, "Starting dnf-makecache.service - dnf makecache..."))
        jl.add(t + dt.timedelta(seconds=4), journal(t + dt.timedelta(seconds=4), "dnf", rng.randint(50000, 90000), "Metadata cache created."))
        jl.add(t + dt.timedelta(seconds=4), journal(t + dt.timedelta(seconds=4), "systemd", 1, "Finished dnf-makecache.service - dnf makecache."))
    x = utc("2026-06-02 00:00:00")
    jl.add(x, journal(x, "systemd", 1, "Starting logrotate.service - Rotate log files..."))
    jl.add(x + dt.timedelta(seconds=1), journal(x + dt.timedelta(seconds=1), "systemd", 1, "Finished logrotate.service - Rotate log files."))
    for t in arrivals(rng, START, END, lambda t: 1 / 25):
        p = rng.randint(60000, 99999)
        jl.add(t, journal(t, "sshd", p, f"Accepted publickey for nagios from 10.31.0.22 port {rng.randint(40000, 60000)} ssh2: RSA SHA256:Zt0sPq3uHc8mVf1LxN5eKj2bYwA9rDg7oTi4UyRs6Qk"))
        jl.add(t + dt.timedelta(seconds=1), journal(t + dt.timedelta(seconds=1), "sshd", p, "Disconnected from user nagios 10.31.0.22"))
    return [app, mllp, gw, jl], acks, rejected


def build(out_dir):
    rng = random.Random(26100)
    repo, culprit, deployed, config = build_repo()
    try:
        logs, acks, rejected = build_logs(rng, culprit, deployed, config)
        onset = min(rejected).replace(microsecond=0)
        gap = (onset - RELEASE).total_seconds() / 60
        assert 15 <= gap <= 45, gap
        series = []
        for (link, code), times in sorted(acks.items()):
            times = sorted(times)

            def fn(t, times=times):
                return round((bisect.bisect_right(times, t) - bisect.bisect_right(times, t - dt.timedelta(minutes=5))) / 300, 4)
            series.append(({"__name__": "lrb_mllp_acks:rate5m", "link": link, "code": code, "instance": f"{HOST}:8080"}, fn))
        metrics = {"lrb_mllp_acks_rate5m.json": query_range(series, START, END, 120)}
        hours = (onset - utc("2026-06-01 10:05:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r26-obx-subid-conditional-create", service=SERVICE, onset=onset,
            description=f"""
Ward C4 calls the lab at 09:10 local on Tuesday 2 June: blood culture
results the microbiologist authorised this morning are not in the EHR.
MYLA shows several culture reports held after repeated AE acknowledgements
from lab-results-bridge; the first AE was at {onset.strftime('%H:%M')} UTC. Chemistry,
haematology and blood gases are flowing. lab-results-bridge was released
on Monday at 15:46 UTC and this morning at 05:42 UTC (EHR transaction
timeout), rolled back at 06:58.
""",
            line_formats={"lab-results-bridge.log": r"<Date> <Time> <Level>\s+\[<Thread>\] \[<Link>\] \[<ControlId>\] <Logger> - <Content>"},
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Unable to process Transaction - Request would cause multiple resources to match URL"],
            fix_files=[MAPPER],
            explanation=f"""
The culprit is "results: conditional create on the Observation identifier
(LAB-233)" (Monday 10:05 UTC, {hours:.0f} hours before the onset), shipped by the
15:46 release whose deploy line names the later test commit. It gives each
Observation the identifier filler order number + OBX-3 and creates it with
If-None-Exist on it, leaving out OBX-4 (the observation sub-ID). A culture
with two organisms repeats the organism code 6463-4 and every antibiotic's
code with sub-IDs 1 and 2, so two entries of one transaction share a
conditional URL and the EHR's FHIR server refuses the whole transaction
(HTTP 400, HAPI-0542 "Unable to process Transaction - Request would cause
multiple resources to match URL ... Does transaction request contain
duplicates?"). Nothing else repeats a code within a report, and final
culture reports are only authorised from 08:00 local, so it stayed latent
overnight. The bridge answers AE, MYLA resends twice and holds the report.
Fix: include OBX-4 in the identifier (or revert) in ObservationMapper.java.
Decoys: the 05:42 release of "ehr: transaction timeout 20s -> 40s for large
micro reports" (about {gap:.0f} minutes before the onset, in the error's words
"transaction" and "micro"), rolled back at 06:58 without effect; the same
morning's commit to ObservationMapper.java (all OBX-8 flags); the commit
that logs the EHR's OperationOutcome on a rejected transaction; the
hapi-fhir-client bump; the runbook page on AE and held messages; the test
commit the 15:46 deploy names.
""",
        )
    finally:
        repo.close()
