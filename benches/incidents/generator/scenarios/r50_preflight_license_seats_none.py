"""preflight-api (Java 21, Spring Boot 3.3; three pods on EKS in eu-west-1,
Argo CD syncing the `release` branch; team in Dublin and Edinburgh, a
developer in Kraków) of Quirewell, a print-on-demand and self-publishing
platform. It preflights every PDF authors upload (interior and cover) and
every print job's files before they go to the plants, with the Versograph
PDF Engine (VPE) SDK. Each preflight checks out one VPE_PREFLIGHT license
from the company's FlexNet license server (license01, lmgrd with the
`versograph` vendor daemon, run by IT) and checks it in when done. The
license file has 32 seats and no options file: the ebook team's
conversion farm (conv-01..04, VMs) and two cover designers' desktops use
the same feature. preflight-api runs up to six sessions per pod and
usually holds 2-8 seats.

Tuesday 17 November: at 13:36 UTC preflight-api's release goes out
(PRE-233 retries a denied license checkout three times in the very
license code; PRE-229 of the morning logs the FlexNet error; PRE-236, a
transparency check for PDF/X-4; an engine timeout change; a Spring Boot
bump). At 13:58 the ebook team starts a backlist re-certification (every
backlist title's print PDF preflighted and fixed up to PDF/X-4 for a
retailer's new requirement) on the conversion farm, seven workers per
host: from 14:02 they hold 28 seats, and from 14:03 preflight-api's
checkouts are DENIED ("Licensed number of users already reached"). Uploads
wait in "checking", print jobs wait for preflight, SQS redelivers every two
minutes. At 14:31 the ebook team raises the DAG to eight workers per host
(32 seats): nothing of preflight-api's gets a seat.

The on-call suspects the release and rolls it back at 14:40 (the denials
show as stack traces again, nothing else changes), restarts a pod as the
runbook says, and asks IT; IT's `lmstat -a` at 14:58 shows svc-backlist on
conv-01..04 holding the seats. The ebook team pauses the DAG at 15:06; the
seats come back by 15:09 and the backlog drains by about 15:30. IT adds a
RESERVE of 12 seats for preflight-api to the vendor daemon's options file
(not in this repo); the release goes out again at 15:40. Nothing in
preflight-api caused it.

Sources: preflight-api (Spring Boot console with the pod name, line
format, Java stack traces), license01's journal (lmgrd debug log through
journald), ingress-nginx access for the author portal's API, print-router
(logfmt), Argo CD (logfmt), #platform-incidents (Slack export, JSON
lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, nginx_access
from skeletons import chores, runbook

SERVICE = "preflight-api"
START, END = utc("2026-11-17 12:40:00"), utc("2026-11-17 15:45:00")
RELEASE = utc("2026-11-17 13:36:20")
BATCH_START = utc("2026-11-17 13:58:30")
BATCH_SCALE = utc("2026-11-17 14:31:10")
ROLLBACK = utc("2026-11-17 14:40:40")
RESTART_POD = utc("2026-11-17 14:47:15")
LMSTAT = utc("2026-11-17 14:58:20")
PAUSED = utc("2026-11-17 15:06:30")
REDEPLOY = utc("2026-11-17 15:40:30")
SEATS = 32
PODS_A = ["preflight-api-6d8f9c7b54-2xkqp", "preflight-api-6d8f9c7b54-h7mzc", "preflight-api-6d8f9c7b54-w4rtn"]
PODS_B = ["preflight-api-5b7c8d9f62-8lqvx", "preflight-api-5b7c8d9f62-cz2nd", "preflight-api-5b7c8d9f62-t9kfw"]
PODS_C = ["preflight-api-6d8f9c7b54-qm3js", "preflight-api-6d8f9c7b54-vx8pb", "preflight-api-6d8f9c7b54-zr5hd"]
PODS_D = ["preflight-api-5b7c8d9f62-k2wzm", "preflight-api-5b7c8d9f62-n6dtq", "preflight-api-5b7c8d9f62-s4hjx"]

# ---------------------------------------------------------------------------
# the repository

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.4</version>
  </parent>
  <groupId>com.quirewell</groupId>
  <artifactId>preflight-api</artifactId>
  <version>2.18.0</version>
  <properties>
    <java.version>21</java.version>
  </properties>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>io.awspring.cloud</groupId><artifactId>spring-cloud-aws-starter-sqs</artifactId><version>3.2.1</version></dependency>
    <dependency><groupId>com.versograph</groupId><artifactId>vpe-sdk</artifactId><version>12.2.1</version></dependency>
    <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId></dependency>
  </dependencies>
</project>
"""

LICENSE_POOL = """package com.quirewell.preflight.engine;

import com.versograph.vpe.License;
import com.versograph.vpe.LicenseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** One VPE_PREFLIGHT seat per running preflight, from the FlexNet server. */
@Component
public class LicensePool {
    private static final Logger log = LoggerFactory.getLogger(LicensePool.class);
    private final String server;

    public LicensePool(EngineProperties props) {
        this.server = props.licenseServer();
    }

    public License checkout() throws LicenseException {
        return License.checkout("VPE_PREFLIGHT", "12.2", server);
    }

    public void release(License license) {
        license.checkin();
    }
}
"""

RUNNER = """package com.quirewell.preflight.engine;

import com.versograph.vpe.Document;
import com.versograph.vpe.License;
import com.versograph.vpe.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

@Service
public class PreflightRunner {
    private static final Logger log = LoggerFactory.getLogger(PreflightRunner.class);
    private final LicensePool licenses;

    public PreflightRunner(LicensePool licenses) {
        this.licenses = licenses;
    }

    public Report run(PreflightRequest req) throws Exception {
        License license = licenses.checkout();
        try (Document doc = Document.open(req.path(), license)) {
            Report report = Report.of(doc.preflight(Profile.named(req.profile())));
            log.info("preflight {} {} {} pages={} errors={} warnings={} took={}ms", report.passed() ? "passed" : "failed",
                     req.fileId(), req.profile(), doc.pageCount(), report.errors(), report.warnings(), report.tookMillis());
            return report;
        } finally {
            licenses.release(license);
        }
    }
}
"""

APP_YML = """server:
  port: 8080
engine:
  license-server: 27000@license01.corp.quirewell.net
  sessions-per-pod: 6
  timeout: 120s
queue:
  name: preflight-requests
  visibility-timeout: 120s
  # a failed message comes back after 2, 4, 8, then every 15 minutes
  redelivery-backoff: { initial: 120s, multiplier: 2, max: 900s }
  max-receives: 20
"""

RUNBOOK_ALERTS = [
    ("PreflightBacklog", "Preflight requests are older than 10 minutes. Check the pods are consuming (`kubectl -n publishing logs deploy/preflight-api`); a stuck engine session is freed by restarting the pod."),
    ("VpeLicenseErrors", "The engine cannot check out a license. Usually a stale license handle after a network blip: restart the pod. If every pod fails, ask IT (#it-helpdesk) whether license01 is up."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    aoife = Person("Aoife Brennan", "aoife.brennan@quirewell.com", 0)
    callum = Person("Callum Reid", "callum.reid@quirewell.com", 0)
    kasia = Person("Katarzyna Wójcik", "katarzyna.wojcik@quirewell.com", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    pool = "src/main/java/com/quirewell/preflight/engine/LicensePool.java"
    base = "src/main/java/com/quirewell/preflight/"
    files = {
        "pom.xml": POM,
        pool: LICENSE_POOL,
        base + "engine/PreflightRunner.java": RUNNER,
        base + "checks/BleedCheck.java": "package com.quirewell.preflight.checks;\n\n/** Covers need bleed on every outside edge. */\npublic final class BleedCheck {\n    public static final double MIN_BLEED_IN = 0.1;\n}\n",
        "src/main/resources/application.yml": APP_YML,
        "deploy/values-production.yaml": "replicaCount: 3\nimage:\n  repository: 604718263390.dkr.ecr.eu-west-1.amazonaws.com/preflight-api\nresources:\n  requests: { cpu: \"2\", memory: 3Gi }\n  limits: { memory: 4Gi }\n",
        "README.md": "# preflight-api\n\nPreflights authors' uploads and print jobs' PDFs with the Versograph PDF\nEngine (VPE). Requests come from the author portal and print-router over\nSQS (`preflight-requests`).\n\n## Running locally\n\nNeeds a VPE developer license: `export VPE_LICENSE_FILE=~/vpe-dev.lic`.\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-11 10:05:00"), aoife, "preflight-api: VPE preflight for uploads and print jobs over SQS", files)
    repo.schedule(chores(random.Random(50201), SERVICE, [aoife, callum], utc("2026-11-11 11:00:00"), utc("2026-11-16 12:00:00"), 3))
    repo.commit(utc("2026-11-12 14:20:00"), kasia, "checks: covers need 0.125in bleed, as both plants ask (PRE-221)", {
        base + "checks/BleedCheck.java": repo.edit(base + "checks/BleedCheck.java", "MIN_BLEED_IN = 0.1;", "MIN_BLEED_IN = 0.125;"),
    })
    repo.commit(utc("2026-11-13 11:40:00"), callum, "pool: name the engine threads vpe-worker-N", {
        base + "engine/PreflightRunner.java": repo.edit(base + "engine/PreflightRunner.java", "@Service\n", "/** Runs on the vpe-worker-N threads (sessions-per-pod). */\n@Service\n"),
    })
    repo.commit(utc("2026-11-16 09:30:00"), bot, "fix(deps): update spring boot to v3.3.5", {
        "pom.xml": repo.edit("pom.xml", "<version>3.3.4</version>", "<version>3.3.5</version>"),
    })
    monday = repo.commit(utc("2026-11-16 15:10:00"), aoife, "docs: how preflight uses the VPE license server", {
        "docs/licensing.md": "# VPE licensing\n\nEach preflight checks out one `VPE_PREFLIGHT` seat from IT's FlexNet\nserver (`27000@license01.corp.quirewell.net`) and checks it in when the\nreport is done; nothing is held between requests. The license has 32\nseats company-wide. `lmutil lmstat -a -c 27000@license01` shows who holds\nthem (IT has read access for us on license01).\n",
    })
    repo.commit(utc("2026-11-17 09:40:00"), callum, "engine: log the FlexNet error when a license checkout fails (PRE-229)\n\nThe SDK's LicenseException was only visible as a stack trace in the\nSQS listener's error handler.", {
        pool: sub(LICENSE_POOL,
                  "    public License checkout() throws LicenseException {\n        return License.checkout(\"VPE_PREFLIGHT\", \"12.2\", server);\n    }\n",
                  "    public License checkout() throws LicenseException {\n        try {\n            return License.checkout(\"VPE_PREFLIGHT\", \"12.2\", server);\n        } catch (LicenseException e) {\n            log.warn(\"license checkout failed for VPE_PREFLIGHT on {}: {}\", server, e.getMessage());\n            throw e;\n        }\n    }\n"),
    })
    repo.commit(utc("2026-11-17 10:20:00"), callum, "engine: retry a denied license checkout 3 times, 2s apart (PRE-233)\n\nA denial is usually a seat that is being checked in; waiting two seconds\nis cheaper than the SQS round trip of two minutes.", {
        pool: sub(repo.files[pool],
                  "        try {\n            return License.checkout(\"VPE_PREFLIGHT\", \"12.2\", server);\n        } catch (LicenseException e) {\n            log.warn(\"license checkout failed for VPE_PREFLIGHT on {}: {}\", server, e.getMessage());\n            throw e;\n        }\n",
                  "        LicenseException last = null;\n        for (int attempt = 1; attempt <= 3; attempt++) {\n            try {\n                return License.checkout(\"VPE_PREFLIGHT\", \"12.2\", server);\n            } catch (LicenseException e) {\n                last = e;\n                log.warn(\"license checkout failed for VPE_PREFLIGHT on {} (attempt {}/3): {}\", server, attempt, e.getMessage());\n                sleep(2000);\n            }\n        }\n        throw last;\n",
                  "    public void release(License license) {",
                  "    private static void sleep(long ms) {\n        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }\n    }\n\n    public void release(License license) {"),
    })
    repo.commit(utc("2026-11-17 11:05:00"), kasia, "checks: blend colour spaces of transparency groups for PDF/X-4 uploads (PRE-236)", {
        base + "checks/TransparencyCheck.java": "package com.quirewell.preflight.checks;\n\n/** PDF/X-4 allows live transparency; the plants need a CMYK blend space. */\npublic final class TransparencyCheck {\n    public static final String REQUIRED_BLEND_SPACE = \"DeviceCMYK\";\n}\n",
    })
    head = repo.commit(utc("2026-11-17 12:50:00"), aoife, "config: engine timeout 120s -> 180s (PRE-238)\n\n600-page colour interiors time out on the transparency check.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  timeout: 120s\n", "  timeout: 180s\n"),
    })
    return repo, {"monday": monday, "head": head}


# ---------------------------------------------------------------------------
# the afternoon


def build_logs(rng, shas):
    app, lm, ingress, router, argo, slack = (Log("preflight-api.log"), Log("license01-journal.log"), Log("ingress-nginx.log"),
                                             Log("print-router.log"), Log("argocd.log"), Log("slack-platform-incidents.log"))
    stats = {"denied": [], "ours": [], "theirs": [], "done": [], "backlog": []}

    def pods_at(t):
        if t < RELEASE:
            return PODS_A
        if t < ROLLBACK:
            return PODS_B
        if t < REDEPLOY:
            return PODS_C
        return PODS_D

    def release_code(t):
        return RELEASE <= t < ROLLBACK or t >= REDEPLOY

    def spring(t, pod, level, thread, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            app.add(t, f"{pod} {stamp} {level:>5} 1 --- [preflight-api] [{thread:>15}] {logger:<40} : {msg}")

    def lmlog(t, msg, who="lmgrd"):
        if START <= t < END:
            lm.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 license01 lmgrd[1187]: {t.strftime('%H:%M:%S')} ({who}) {msg}")

    # --- other holders of seats: designers, the backlist batch
    holders = []  # (start, end, user@host)
    for _ in range(14):
        s = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        holders.append((s, s + dt.timedelta(minutes=rng.uniform(3, 25)), rng.choice(["jmarsh@QW-MAC-114", "ewalsh@QW-MAC-121"])))
    hosts = ["conv-01", "conv-02", "conv-03", "conv-04"]
    for h in hosts:
        for w in range(8):
            t = BATCH_START + dt.timedelta(seconds=rng.uniform(20, 200)) if w < 7 else BATCH_SCALE + dt.timedelta(seconds=rng.uniform(10, 60))
            while t < PAUSED:
                d = dt.timedelta(seconds=rng.uniform(100, 260))
                holders.append((t, t + d, f"svc-backlist@{h}"))
                t = t + d + dt.timedelta(seconds=rng.uniform(0.5, 2.5))
    holders.sort()

    def others(t):
        return sum(1 for s, e, _ in holders if s <= t < e)

    for s, e, who in holders:
        lmlog(s, f'OUT: "VPE_PREFLIGHT" {who}  ', "versograph")
        lmlog(e, f'IN: "VPE_PREFLIGHT" {who}  ', "versograph")

    # --- our preflight requests, simulated with seats
    ours = []  # (start, end)
    events = []
    seqn = [0]

    def push(t, kind, req):
        seqn[0] += 1
        heapq.heappush(events, (t, seqn[0], kind, req))

    t = START - dt.timedelta(minutes=5)
    rid = 7310000
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(4.5 / 60.0))
        rid += rng.randint(1, 4)
        src = "portal" if rng.random() < 0.62 else "print-router"
        kind = rng.choice(["interior", "interior", "cover"])
        pages = rng.randrange(80, 640, 2) if kind == "interior" else 1
        req = {"id": f"pf-{rid}", "file": f"f_{hexid(rng, 12)}", "src": src, "kind": kind, "pages": pages, "created": t, "tries": 0,
               "profile": "QW_PRINT_INTERIOR_X1A" if kind == "interior" else "QW_PRINT_COVER", "title": rng.randint(200000, 289999)}
        push(t, "try", req)
    in_use = []
    while events:
        t, _, kind, req = heapq.heappop(events)
        if t >= END:
            break
        in_use = [(s, e) for s, e in in_use if e > t]
        pod = rng.choice(pods_at(t))
        thread = f"vpe-worker-{rng.randint(1, 6)}"
        free = SEATS - others(t) - len(in_use)
        req["tries"] += 1
        if free > 0:
            dur = dt.timedelta(seconds=max(3.0, rng.lognormvariate(0, 0.5) * (6 + req["pages"] / 18)))
            in_use.append((t, t + dur))
            ours.append((t, t + dur))
            lmlog(t, f'OUT: "VPE_PREFLIGHT" svc-preflight@{pod}  ', "versograph")
            lmlog(t + dur, f'IN: "VPE_PREFLIGHT" svc-preflight@{pod}  ', "versograph")
            failed = rng.random() < 0.07
            errs = rng.randint(1, 4) if failed else 0
            spring(t + dur, pod, "INFO", thread, "c.q.preflight.engine.PreflightRunner",
                   f"preflight {'failed' if failed else 'passed'} {req['file']} {req['profile']} pages={req['pages']} errors={errs} warnings={rng.randint(0, 6)} took={int(dur.total_seconds() * 1000)}ms")
            stats["done"].append((t + dur, t + dur - req["created"]))
            req["done"] = t + dur
            continue
        # denied
        stats["denied"].append(t)
        lmlog(t, f'DENIED: "VPE_PREFLIGHT" svc-preflight@{pod}  (Licensed number of users already reached. (-4,342))', "versograph")
        if release_code(t):
            tries = 1
            tt = t
            spring(tt, pod, "WARN", thread, "c.q.preflight.engine.LicensePool",
                   f"license checkout failed for VPE_PREFLIGHT on 27000@license01.corp.quirewell.net (attempt 1/3): FlexNet Licensing error:-4,342. Licensed number of users already reached.")
            got = False
            while tries < 3:
                tt = tt + dt.timedelta(seconds=2, milliseconds=rng.randint(5, 40))
                tries += 1
                in_use = [(s, e) for s, e in in_use if e > tt]
                if SEATS - others(tt) - len(in_use) > 0:
                    push(tt, "try", req)
                    req["tries"] -= 1
                    got = True
                    break
                lmlog(tt, f'DENIED: "VPE_PREFLIGHT" svc-preflight@{pod}  (Licensed number of users already reached. (-4,342))', "versograph")
                stats["denied"].append(tt)
                spring(tt, pod, "WARN", thread, "c.q.preflight.engine.LicensePool",
                       f"license checkout failed for VPE_PREFLIGHT on 27000@license01.corp.quirewell.net (attempt {tries}/3): FlexNet Licensing error:-4,342. Licensed number of users already reached.")
            if got:
                continue
            spring(tt + dt.timedelta(seconds=2, milliseconds=12), pod, "ERROR", thread, "o.s.c.a.s.l.a.AbstractMessageProcessingPipelineSink",
                   f"Error processing message {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)} from preflight-requests: com.versograph.vpe.LicenseException: FlexNet Licensing error:-4,342. Licensed number of users already reached.")
        else:
            spring(t + dt.timedelta(milliseconds=8), pod, "ERROR", thread, "o.s.c.a.s.l.a.AbstractMessageProcessingPipelineSink",
                   f"Error processing message {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)} from preflight-requests\n"
                   "com.versograph.vpe.LicenseException: FlexNet Licensing error:-4,342. Licensed number of users already reached.\n"
                   "Feature:       VPE_PREFLIGHT\n"
                   "License path:  27000@license01.corp.quirewell.net:\n"
                   "\tat com.versograph.vpe.License.checkout(License.java:212)\n"
                   "\tat com.quirewell.preflight.engine.LicensePool.checkout(LicensePool.java:21)\n"
                   "\tat com.quirewell.preflight.engine.PreflightRunner.run(PreflightRunner.java:20)\n"
                   "\tat com.quirewell.preflight.queue.PreflightListener.onMessage(PreflightListener.java:38)\n"
                   "\tat io.awspring.cloud.sqs.listener.adapter.MessagingMessageListenerAdapter.onMessage(MessagingMessageListenerAdapter.java:51)\n"
                   "\t... 14 common frames omitted")
        push(t + dt.timedelta(seconds=min(900, 120 * 2 ** (req["tries"] - 1)) + rng.uniform(0, 3)), "try", req)
    stats["ours"] = ours
    first_denied = min(d for d in stats["denied"] if d >= START)
    stats["first_denied"] = first_denied

    # --- lmgrd housekeeping and IT's lmstat, the options file reread
    lmlog(utc("2026-11-17 12:00:00"), "TIMESTAMP 11/17/2026")
    lmlog(utc("2026-11-17 12:00:00"), "TIMESTAMP 11/17/2026", "versograph")
    lmlog(utc("2026-11-17 18:00:00"), "TIMESTAMP 11/17/2026", "versograph")
    lmlog(LMSTAT, "lmstat -a request from it-lic-admin@license01 (32 of 32 VPE_PREFLIGHT in use)", "versograph")
    lmlog(utc("2026-11-17 15:21:05"), "REStarted versograph (internet tcp_port 27011 pid 1193) Reread of options file /opt/flexlm/versograph.opt requested by it-lic-admin", "lmgrd")
    lmlog(utc("2026-11-17 15:21:06"), "RESERVING 12 VPE_PREFLIGHT/12.2 licenses for GROUP preflight_svc", "versograph")

    # --- engine / app noise and starts
    for epoch_t, pods, ver, sha in ((RELEASE, PODS_B, "2.19.0", shas["head"]), (ROLLBACK, PODS_C, "2.18.3", shas["monday"]), (REDEPLOY, PODS_D, "2.19.0", shas["head"])):
        for k, pod in enumerate(pods):
            tt = epoch_t - dt.timedelta(seconds=40 - k * 12)
            spring(tt, pod, "INFO", "main", "c.q.preflight.PreflightApiApplication", f"Starting PreflightApiApplication v{ver} ({sha[:7]}) using Java 21.0.5 with PID 1")
            spring(tt + dt.timedelta(seconds=1, milliseconds=402), pod, "INFO", "main", "c.v.vpe.Engine", "Versograph PDF Engine 12.2.1 initialised, license path 27000@license01.corp.quirewell.net")
            spring(tt + dt.timedelta(seconds=6, milliseconds=118), pod, "INFO", "main", "c.q.preflight.PreflightApiApplication", "Started PreflightApiApplication in 7.52 seconds (process running for 8.31)")
    rp = "preflight-api-6d8f9c7b54-qm3js"
    spring(RESTART_POD, rp, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
    for _ in range(10):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        pod = rng.choice(pods_at(t))
        spring(t, pod, "WARN", f"vpe-worker-{rng.randint(1, 6)}", "c.q.preflight.checks.FontCheck", f"font subset without ToUnicode map in {('f_' + hexid(rng, 12))}: {rng.choice(['MinionPro-It', 'Baskerville-Bold', 'ArialMT'])}")

    # --- ingress-nginx: the author portal's API
    uas = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(24 / 60.0))
        x = rng.random()
        client = f"{rng.randint(31, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        waiting = sum(1 for s, e in stats["done"] if s - e <= t < s and e > dt.timedelta(minutes=3))
        if x < 0.18:
            ingress.add(t, nginx_access(t, client, "POST", f"/api/v1/titles/{rng.randint(200000, 289999)}/files", 202, 164, rng.uniform(0.4, 3.5), rng.choice(uas), upstream_rt=None))
        elif x < 0.55 + min(0.3, waiting / 200):
            ingress.add(t, nginx_access(t, client, "GET", f"/api/v1/titles/{rng.randint(200000, 289999)}/files/f_{hexid(rng, 12)}/preflight", 200, rng.choice([88, 88, 1240, 2210]), rng.uniform(0.01, 0.05), rng.choice(uas)))
        else:
            ingress.add(t, nginx_access(t, client, "GET", rng.choice(["/api/v1/titles?page=1", "/api/v1/me", "/api/v1/royalties/summary", "/api/v1/orders?limit=20"]), 200, rng.randint(400, 9000), rng.uniform(0.02, 0.2), rng.choice(uas)))

    # --- print-router (logfmt): jobs waiting for preflight every minute
    t = START
    while t < END:
        t += dt.timedelta(seconds=60)
        waiting = [s - e for s, e in stats["done"] if s - e <= t < s]
        oldest = max([(t - c).total_seconds() for c in waiting], default=0)
        n = int(len(waiting) * 0.38)
        stats["backlog"].append((t, len(waiting), oldest))
        router.add(t, logfmt(t + dt.timedelta(milliseconds=rng.randint(0, 400)), "info", "preflight wait", jobs_waiting=n, oldest_s=int(oldest)))
        if oldest > 600 and n:
            router.add(t, logfmt(t + dt.timedelta(milliseconds=500), "warn", "print jobs held for preflight past plant wave", jobs=n, oldest_s=int(oldest), next_wave=(t + dt.timedelta(minutes=15 - t.minute % 15)).strftime("%H:%M")))
    for t0 in [START + dt.timedelta(minutes=m) for m in range(5, 185, 15)]:
        router.add(t0, logfmt(t0, "info", "wave submitted", plant=rng.choice(["ashgrove-tn", "medway-uk"]), jobs=rng.randint(12, 40)))

    # --- Argo CD
    def alog(t, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', "level=info", f'msg="{msg}"', "application=argocd/preflight-api"]
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=rng.randint(0, 170))
    while t < END:
        alog(t, "Reconciliation completed", **{"dest-namespace": "publishing", "time_ms": rng.randint(40, 140)})
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    def sync(t, sha, hist, auto=True, user=None):
        extra = {"user": user} if user else {}
        alog(t, f"Initiated {'automated ' if auto else ''}sync to '{sha}'", **{"dest-namespace": "publishing"}, **extra)
        alog(t + dt.timedelta(seconds=2), "apps/Deployment publishing/preflight-api configured", revision=sha)
        alog(t + dt.timedelta(seconds=48), "Updated health status: Progressing -> Healthy", revision=sha)
        alog(t + dt.timedelta(seconds=49), f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(RELEASE - dt.timedelta(seconds=50), shas["head"], 58)
    alog(ROLLBACK - dt.timedelta(seconds=52), f"Rollback to history ID 57 ({shas['monday']}); automated sync disabled", user="niamh.doyle@quirewell.com")
    sync(ROLLBACK - dt.timedelta(seconds=50), shas["monday"], 59, auto=False, user="niamh.doyle@quirewell.com")
    alog(REDEPLOY - dt.timedelta(seconds=53), "automated sync enabled", user="niamh.doyle@quirewell.com")
    sync(REDEPLOY - dt.timedelta(seconds=50), shas["head"], 60)

    # --- Slack
    users = {"alertmanager": "B01ALRT9K", "niamh.doyle": "U03ND2K7P", "callum.reid": "U02CR8M1Q", "aoife.brennan": "U02AB4T6R",
             "sean.kavanagh (IT)": "U04SK3L9S", "lena.fischer (ebooks)": "U05LF6W2T", "orla.byrne (author support)": "U06OB1X5V"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "platform-incidents", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fd = first_denied
    say(RELEASE - dt.timedelta(minutes=2), "callum.reid", "releasing preflight-api 2.19.0: license checkout retries (PRE-233) + FlexNet error logging (PRE-229), PDF/X-4 transparency check (PRE-236), engine timeout 180s, Spring Boot 3.3.5")
    say(RELEASE + dt.timedelta(minutes=3), "callum.reid", "2.19.0 healthy")
    say(fd + dt.timedelta(minutes=9), "alertmanager", "[FIRING:1] VpeLicenseErrors publishing/preflight-api license checkout failures > 10/5m")
    say(fd + dt.timedelta(minutes=12), "niamh.doyle", "ack. preflight-api can't get VPE licenses: 'Licensed number of users already reached'. on all three pods")
    say(fd + dt.timedelta(minutes=15), "orla.byrne (author support)", "authors say their uploads are stuck on 'Checking your file' for 10+ minutes")
    say(fd + dt.timedelta(minutes=19), "alertmanager", "[FIRING:1] PreflightBacklog publishing/preflight-api oldest request > 10m")
    say(fd + dt.timedelta(minutes=24), "niamh.doyle", "the 13:36 release touched exactly the license checkout (retries). rolling back to 2.18.3 in Argo")
    say(ROLLBACK + dt.timedelta(minutes=3), "niamh.doyle", "2.18.3 back. still denied, now as stack traces. runbook says stale license handle -> restarting a pod")
    say(RESTART_POD + dt.timedelta(minutes=2), "niamh.doyle", "restarted pod denied on its first checkout too. @sean.kavanagh is license01 ok?")
    say(LMSTAT - dt.timedelta(minutes=1), "sean.kavanagh (IT)", "lmgrd is up. running lmstat")
    say(LMSTAT + dt.timedelta(seconds=50), "sean.kavanagh (IT)", "VPE_PREFLIGHT: 32 of 32 in use. 32 by svc-backlist on conv-01..04, since ~14:00. none by preflight-api. who is svc-backlist?")
    say(LMSTAT + dt.timedelta(minutes=4), "aoife.brennan", "ebooks' conversion farm. @lena.fischer is something running on conv-*?")
    say(LMSTAT + dt.timedelta(minutes=6), "lena.fischer (ebooks)", "yes, the backlist PDF/X-4 recert for Kobo started at 13:58, 28 workers, went to 32 at 14:31 since it was going well. we didn't know print shares the seats. pausing the DAG now")
    say(PAUSED + dt.timedelta(minutes=3), "niamh.doyle", "seats freeing up as their current files finish, preflight-api checking out again")
    say(PAUSED + dt.timedelta(minutes=8), "sean.kavanagh (IT)", "I'll add an options file with RESERVE 12 VPE_PREFLIGHT for the preflight service account; ebooks can run with the rest tonight")
    say(utc("2026-11-17 15:22:00"), "sean.kavanagh (IT)", "options file in, versograph reread it: 12 reserved for preflight_svc")
    say(utc("2026-11-17 15:27:00"), "niamh.doyle", "backlog drained. re-enabling auto-sync, 2.19.0 goes out again; it wasn't the release")
    say(REDEPLOY + dt.timedelta(minutes=2), "lena.fischer (ebooks)", "restarting the recert at 16 workers after 18:00, within the unreserved seats")
    return [app, lm, ingress, router, argo, slack], stats


def build(out_dir):
    rng = random.Random(50200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_denied"].replace(microsecond=0)
        assert utc("2026-11-17 14:00:00") <= onset <= utc("2026-11-17 14:08:00"), onset
        ours, denied, backlog = stats["ours"], stats["denied"], stats["backlog"]

        def nearest(t):
            return min(backlog, key=lambda b: abs((b[0] - t).total_seconds()))

        metrics = {
            "vpe_license_denied_per_min.json": query_range(
                [({"job": "preflight-api", "feature": "VPE_PREFLIGHT"}, lambda t: sum(1 for d in denied if t - dt.timedelta(minutes=1) < d <= t))],
                START, END, 60),
            "preflight_completed_per_min.json": query_range(
                [({"job": "preflight-api"}, lambda t: sum(1 for s, e in ours if t - dt.timedelta(minutes=1) < e <= t))],
                START, END, 60),
            "sqs_preflight_requests_oldest_age_seconds.json": query_range(
                [({"queue_name": "preflight-requests"}, lambda t: int(nearest(t)[2]))],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="r50-preflight-license-seats-none", service=SERVICE, onset=onset,
            description=f"""
Quirewell's preflight stops on Tuesday 17 November: from {onset.strftime('%H:%M:%S')} UTC
preflight-api's checkouts of the VPE_PREFLIGHT license are denied
("Licensed number of users already reached"); authors' uploads hang in
"checking", print jobs wait for preflight and miss plant waves. A
preflight-api release had gone out at 13:36; a rollback at 14:40 and a pod
restart did not help. The seats come back at about 15:09; the backlog
drains by about 15:30.
""",
            logs=logs, line_formats={"preflight-api.log": r'<Pod> <Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\]\s*<Logger>\s*: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'DENIED: .*Licensed number of users already reached',
                r'OUT: "VPE_PREFLIGHT" svc-backlist',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The ebook team started a backlist re-certification
(every backlist title's PDF preflighted and fixed up to PDF/X-4) on its
conversion farm at 13:58 with 28 workers, each holding a VPE_PREFLIGHT
seat ("OUT: \\"VPE_PREFLIGHT\\" svc-backlist@conv-0N"), and 32 from 14:31;
the FlexNet license server has 32 seats for the whole company and no
options file reserving any for preflight-api, so its checkouts are
refused ("DENIED: \\"VPE_PREFLIGHT\\" svc-preflight@... (Licensed number
of users already reached. (-4,342))", in the app
"LicenseException: FlexNet Licensing error:-4,342"). It ends when the
ebook team pauses the DAG at 15:06; IT's RESERVE in the vendor daemon's
options file keeps it from coming back. Nothing in this repository is
changed for it.
Decoys: the 13:36 release 2.19.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
PRE-233 (retries a denied checkout three times, in the very LicensePool
code) and PRE-229 (adds the very "license checkout failed for
VPE_PREFLIGHT" line), PRE-236 (a transparency check), the engine timeout
change in application.yml and the Spring Boot bump, rolled back at 14:40
without effect (the denials go on as stack traces) and released again at
15:40; the runbook that blames a stale license handle and the pod restart
it prompts; the docs commit about the license server; the bleed and
thread-name commits; routine font warnings, designers' seats and
print-router's waves.
""",
        )
    finally:
        repo.close()
