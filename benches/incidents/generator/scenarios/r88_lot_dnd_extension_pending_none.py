"""rtsm, Halden Clinical's randomisation and trial supply management service
(the same Java 21 / Spring Boot service as in r88-label-date-formatter-shared,
six weeks later; three pods on EKS, Octopus Deploy in the Saturday validated
maintenance window, emergency changes with QA's approval), dispenses the
blinded kits of Corvane Therapeutics' phase III study CVN-2204 (atopic
dermatitis, pre-filled syringes every four weeks, 63 sites in Germany,
France, Spain, Italy, Poland and the UK) among thirty-odd studies.

A kit may be dispensed at a visit only if its lot's label expiry is on or
after the visit date plus the study's do-not-dispense (DND) days: 31 for
CVN-2204, the four-week dosing interval plus the next visit's window, so a
kit given today lasts until the subject is next seen. CVN-2204 runs on two
lots: CVN-L2403, label expiry 02-SEP-2026, so not dispensable at any visit
from Monday 3 August, and CVN-L2411 (30-NOV-2027), of which Corvane had
fewer kits than planned; the next lot is late, and the depot (Northbridge,
Nuremberg) has no released CVN-L2411 left. Since 20 July RTSM's nightly
resupply run has sent Corvane's supply contact a daily supply alert that
CVN-L2403 reaches its DND date on 3 August with 41 sites holding no other
stock of at least one kit type. Corvane's supply manager got a shelf-life
extension of CVN-L2403 to 02-MAR-2027 approved by Corvane QA on Thursday 30
July (stability data to 36 months) and notified the authorities, then went
on leave; her handover told her deputy to enter the new label expiry in
RTSM "on the 3rd". Entering it is a sponsor's unblinded transaction in
RTSM's UI (audit trailed), not a change to RTSM.

rtsm 7.9.0 was deployed on Saturday 1 August at 22:05: SUP-940 takes the
DND days of a visit from the visit schedule (interval plus window; 31 for
CVN-2204 as before) in the very dispensing code; SUP-943 explains each
RTSM-409 refusal with the on-hand and DND-excluded counts and the earliest
lot (the very warning on every refusal); RAND-530; a Spring Boot bump. A
runbook commit reads RTSM-409 at many sites at once as a release or
resupply bug and says to roll back.

Monday 3 August: the 05:00 resupply run logs that CVN-L2403 is not
dispensable from today and that there is nothing to ship. From the first
CVN-2204 visits of the day (~05:40 UTC) every dispensation at a site that
holds only CVN-L2403 kits of the subject's type, and every randomisation at
such a site (a site must hold both kit types to randomise, for the blind),
is refused with RTSM-409, while the sites' fridges are full. Rui, on call,
reads SUP-943's new lines and SUP-940 in Saturday's release, follows the
runbook and rolls back to 7.8.3 at 07:40 with QA's approval: the refusals
go on. Priya reads the 05:00 run and the alerts Corvane has had since 20
July; Corvane's clinical operations find the deputy, who enters the
extension at 09:38; dispensing works again, and 7.9.0 is redeployed at
10:41. Nothing in rtsm is changed.

Sources: rtsm (logback pattern with the pod, line format), Halden EDC's
edc-forms (pino JSON), ingress-nginx access, RTSM's Part 11 audit trail
export (line format), Amazon SES delivery events for RTSM's e-mail (JSON),
Octopus Deploy task log (line format), the service desk's tickets (JSON
lines), #rtsm-incident (Teams export, JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from formats import pino
from skeletons import chores
from scenarios.r88_label_date_formatter_shared import (
    API_HANDLER,
    DISPENSING,
    KIT_INVENTORY,
    PKG,
    STUDIES,
    activity,
    at,
    build_repo as june_repo,
    label_date,
    local_hour,
    make_sites,
    pod_suffix,
    poisson,
    secs,
    sub,
    uuid4,
)

SERVICE = "rtsm"
START, END = utc("2026-08-03 04:00:00"), utc("2026-08-03 11:30:00")
DEPLOY_790 = utc("2026-08-01 22:05:09")
ROLLBACK = utc("2026-08-03 07:40:05")
EXTENSION = utc("2026-08-03 09:38:12")
REDEPLOY = utc("2026-08-03 10:41:30")
VISIT_DAY = dt.date(2026, 8, 3)
L2403, L2403_LABEL, L2403_NEW = "CVN-L2403", "02-SEP-2026", "02-MAR-2027"

AUGUST = dict(STUDIES)
AUGUST["PLM-118"] = AUGUST["PLM-118"][:5] + ([("PLM-24-117", "31-MAR-2027", 0.6), ("PLM-25-021", "31-JAN-2028", 0.4)],)
AUGUST["AVR-207"] = AUGUST["AVR-207"][:5] + ([("AVR-L121", "31-AUG-2027", 1.0)],)


# ---------------------------------------------------------------------------
# the repository


def august_tree():
    """rtsm's tree as it is after June's 7.4.1, moved on to 7.8.2."""
    repo, _ = june_repo()
    try:
        files = dict(repo.files)
    finally:
        repo.close()
    files["pom.xml"] = files["pom.xml"].replace("<version>7.4.1</version>\n  <name>rtsm</name>", "<version>7.8.2</version>\n  <name>rtsm</name>")
    files["k8s/deployment.yaml"] = files["k8s/deployment.yaml"].replace("halden/rtsm:7.4.1", "halden/rtsm:7.8.2")
    files["CHANGELOG.md"] = "# Changelog\n\n## 7.8.2\n\n- Shipment receipt accepts temperature logger files from TempTrace TT-5 (SUP-921).\n\n## 7.8.1\n\n- Unblinded supply reports by lot (SUP-915).\n"
    files["docs/runbook.md"] = """# rtsm runbook

Owner: #rtsm-incident. Dashboards: Grafana > Clinical > RTSM.

## RTSM-409 insufficient supply

A site has no dispensable kit of the type a subject needs. Check the
site's inventory and open shipments, and the last resupply run. Tell the
study's supply manager (sponsor); do not move kits between sites by hand.

## RTSM-500

Read the stack trace first. Since June's incident (SimpleDateFormat shared
between threads), do not assume lock contention; PostgreSQL lock waits at
the morning peak are normal.
"""
    return files


def release_files(repo, old, new, notes):
    return {
        "pom.xml": repo.edit("pom.xml", f"<version>{old}</version>\n  <name>rtsm</name>", f"<version>{new}</version>\n  <name>rtsm</name>"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", f"halden/rtsm:{old}", f"halden/rtsm:{new}"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", f"# Changelog\n\n## {new}\n\n" + "".join(f"- {n}\n" for n in notes), 1),
    }


def build_repo():
    tree = august_tree()
    repo = Repo()
    hannah = Person("Hannah Cole", "hannah.cole@haldenclinical.com", 60)
    rui = Person("Rui Almeida", "rui.almeida@haldenclinical.com", 60)
    priya = Person("Priya Nair", "priya.nair@haldenclinical.com", 330)
    daniel = Person("Daniel Brooks", "daniel.brooks@haldenclinical.com", -240)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)

    repo.commit(utc("2026-07-21 08:40:00"), hannah, "rtsm 7.8.2 (history squashed for the move to the clinical group's GitLab)", tree)
    rng = random.Random(88217)
    repo.schedule(chores(rng, SERVICE, [rui, priya], utc("2026-07-21 10:00:00"), utc("2026-07-30 17:00:00"), 2))
    planner = f"{PKG}/supply/ResupplyRun.java"
    repo.commit(utc("2026-07-22 11:05:00"), priya, "supply: order the later-expiring lot when the depot holds two (SUP-936)\n\nThe depot picked by its own FEFO and sent a lot that reached the site's\nDND limit weeks later.", {
        planner: sub(repo.files[planner], "            plan.orders().forEach(depots::send);\n",
                     "            // SUP-936: name the lot (the latest label expiry the depot holds) on every order line\n            plan.orders().stream().map(o -> o.withLot(planner.latestReleasedLot(o))).forEach(depots::send);\n"),
    })
    repo.commit(utc("2026-07-23 09:30:00"), hannah, "release 7.8.3", release_files(repo, "7.8.2", "7.8.3", [
        "Depot orders name the later-expiring lot (SUP-936).",
    ]))
    repo.commit(utc("2026-07-27 06:02:00"), bot, "fix(deps): update dependency org.postgresql:postgresql to v42.7.8", {
        "pom.xml": repo.edit("pom.xml", "<postgresql.version>42.7.7</postgresql.version>", "<postgresql.version>42.7.8</postgresql.version>"),
    })
    disp_before = repo.files[DISPENSING]
    repo.commit(utc("2026-07-28 14:30:00"), daniel, "dispensing: DND days from the visit schedule, not one number per study (SUP-940)\n\nStudies with a loading phase (AVR-207: weekly, then every four weeks)\nhad to set dnd_days for the longest interval and excluded good kits at\nthe weekly visits. Take the interval to the next dosing visit plus its\nupper window; the study-wide dnd_days stays the fallback. CVN-2204,\nPLM-118 and ORX-330 come out as before (31, 28, 21).", {
        DISPENSING: sub(disp_before,
                        "            List<Kit> kits = inventory.dispensable(study.id(), subject.site(), kitType, visitDate, study.dndDays());\n",
                        "            List<Kit> kits = inventory.dispensable(study.id(), subject.site(), kitType, visitDate, dndDays(study, visit));\n",
                        "            throw e;\n        }\n    }\n}\n",
                        "            throw e;\n        }\n    }\n\n    /**\n     * SUP-940: the DND days of a visit: the schedule's interval to the next\n     * dosing visit plus that visit's upper window (the kit must last until the\n     * subject is next seen); the study-wide dnd_days where the schedule has none.\n     */\n    int dndDays(Study study, VisitCode visit) {\n        return study.schedule().nextDosingVisit(visit)\n                .map(next -> next.intervalDays() + next.windowAfterDays())\n                .orElse(study.dndDays());\n    }\n}\n"),
        f"src/test/java/com/halden/rtsm/dispensing/DndDaysTest.java": """package com.halden.rtsm.dispensing;

import static org.assertj.core.api.Assertions.assertThat;

import com.halden.rtsm.study.TestStudies;
import com.halden.rtsm.study.VisitCode;
import org.junit.jupiter.api.Test;

class DndDaysTest {

    private final DispensingService service = TestStudies.dispensingService();

    @Test
    void fourWeeklyStudiesKeepTheirDndDays() {
        assertThat(service.dndDays(TestStudies.cvn2204(), VisitCode.of("W12"))).isEqualTo(31);
        assertThat(service.dndDays(TestStudies.cvn2204(), VisitCode.RAND)).isEqualTo(31);
    }

    @Test
    void loadingPhaseVisitsUseTheirOwnInterval() {
        assertThat(service.dndDays(TestStudies.avr207(), VisitCode.of("D8"))).isEqualTo(9);
        assertThat(service.dndDays(TestStudies.avr207(), VisitCode.of("D29"))).isEqualTo(30);
    }
}
""",
    })
    repo.commit(utc("2026-07-29 09:20:00"), priya, "dispensing: explain RTSM-409 with what the site holds (SUP-943)\n\nThe service desk cannot tell a site with an empty fridge from one whose\nkits are all too short-dated: log the on-hand and DND-excluded counts and\nthe earliest excluded lot with every refusal.", {
        DISPENSING: sub(repo.files[DISPENSING],
                        "            if (kits.size() < needed) {\n                throw new InsufficientSupplyException(study.id(), subject.site(), subject.number(), visit);\n",
                        "            if (kits.size() < needed) {\n                var held = inventory.held(study.id(), subject.site(), kitType, visitDate, dndDays(study, visit));\n                log.warn(\"Insufficient supply for subject {} at visit {} (site {}): {} on hand, {} dispensable, {} needed; {} excluded by DND ({})\",\n                        subject.number(), visit, subject.site(), held.onHand(), kits.size(), needed, held.excludedByDnd(), held.earliestExcluded());\n                throw new InsufficientSupplyException(study.id(), subject.site(), subject.number(), visit);\n"),
        KIT_INVENTORY: sub(repo.files[KIT_INVENTORY],
                           "    public List<KitView> siteInventory(String study, String site) {",
                           "    /** What a site holds of a kit type, for the RTSM-409 warning (SUP-943). */\n    public Held held(String study, String site, String kitType, LocalDate visitDate, int dndDays) {\n        LocalDate limit = visitDate.plusDays(dndDays);\n        List<Kit> all = kits.availableAtSite(study, site, kitType);\n        List<Kit> excluded = all.stream().filter(k -> LabelDates.parse(k.labelExpiry()).isBefore(limit)).toList();\n        String earliest = excluded.stream().min(Comparator.comparing((Kit k) -> LabelDates.parse(k.labelExpiry())))\n                .map(k -> \"lot \" + k.lot() + \", label expiry \" + LabelDates.parse(k.labelExpiry()) + \", DND limit \" + limit)\n                .orElse(\"none\");\n        return new Held(all.size(), excluded.size(), earliest);\n    }\n\n    public record Held(int onHand, int excludedByDnd, String earliestExcluded) {\n    }\n\n    public List<KitView> siteInventory(String study, String site) {"),
    })
    repo.commit(utc("2026-07-29 15:10:00"), hannah, "randomisation: return the stratum with the randomisation number (RAND-530)\n\nEDC's RAND form shows it to the unblinded pharmacist role.", {
        f"{PKG}/randomisation/RandomisationService.java": repo.edit(f"{PKG}/randomisation/RandomisationService.java",
                                                                     "        return new Randomisation(subject.number(), slot.number(), day1);\n",
                                                                     "        return new Randomisation(subject.number(), slot.number(), stratum, day1);\n"),
    })
    repo.commit(utc("2026-07-30 13:05:00"), hannah, "runbook: RTSM-409 at many sites at once", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## RTSM-409 at many sites at once

One site out of stock is a supply matter; many sites of a study refusing
at once is not. Almost always it is our own change: a release that touched
dispensing, DND or the inventory, or a resupply run that did not order.
If it started after a release, ask QA for an emergency change and roll back
in Octopus, then check the last resupply run's orders.
""",
    })
    repo.commit(utc("2026-07-30 16:20:00"), bot, "fix(deps): update spring boot to v3.5.5", {
        "pom.xml": repo.edit("pom.xml", "<version>3.4.7</version>", "<version>3.5.5</version>"),
    })
    rel_790 = repo.commit(utc("2026-07-31 10:02:00"), hannah, "release 7.9.0", release_files(repo, "7.8.3", "7.9.0", [
        "DND days from the visit schedule (SUP-940).",
        "RTSM-409 refusals logged with on-hand and DND-excluded counts (SUP-943).",
        "Randomisation returns the stratum (RAND-530).",
        "Spring Boot 3.5.5, PostgreSQL JDBC 42.7.8.",
    ]))
    repo.commit(utc("2026-08-03 04:02:00"), priya, "tests: DND days for ORX-330's 21-day cycles (SUP-940)", {
        "src/test/java/com/halden/rtsm/dispensing/DndDaysTest.java": repo.edit("src/test/java/com/halden/rtsm/dispensing/DndDaysTest.java",
                                                                               "    @Test\n    void loadingPhaseVisitsUseTheirOwnInterval() {",
                                                                               "    @Test\n    void cycleStudiesUseTheCycleLength() {\n        assertThat(service.dndDays(TestStudies.orx330(), VisitCode.of(\"C3D1\"))).isEqualTo(21);\n    }\n\n    @Test\n    void loadingPhaseVisitsUseTheirOwnInterval() {"),
    })
    repo.commit(utc("2026-08-03 05:08:00"), priya, "supply: NCS-PNQ order cutoff 14:00 IST (SUP-948)\n\nNorthbridge Pune moved its same-day pick cutoff from 15:00 to 14:00.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "    NCS-PNQ: https://api.northbridge-cs.com/pnq/v3\n",
                                                        "    NCS-PNQ: https://api.northbridge-cs.com/pnq/v3\n  depot-cutoffs:\n    NCS-PNQ: \"14:00 Asia/Kolkata\"\n"),
    })
    repo.commit(utc("2026-08-03 10:58:00"), rui, "runbook: RTSM-409 when a lot reaches its DND date", {
        "docs/runbook.md": repo.edit("docs/runbook.md", "If it started after a release, ask QA for an emergency change and roll back\nin Octopus, then check the last resupply run's orders.\n",
                                     "If it started after a release, ask QA for an emergency change and roll back\nin Octopus, then check the last resupply run's orders.\n\nFirst read the resupply run's `not dispensable from` lines and the supply\nalerts: on 3 August a lot reached its DND date (label expiry minus the\nstudy's DND days) while its approved shelf-life extension had not been\nentered by the sponsor; the rollback did nothing. Only the sponsor's\nunblinded supply manager can enter a new label expiry.\n"),
    })
    rel_783 = repo._git("log", "--format=%H", "-1", "--grep=^release 7.8.3$")
    return repo, {"rel_783": rel_783, "rel_790": rel_790}


# ---------------------------------------------------------------------------
# the logs


def build_logs(rng, shas):
    app = Log("rtsm.log")
    edc = Log("edc-forms.log")
    ingress = Log("ingress-nginx-rtsm.log")
    audit = Log("rtsm-audit-trail.log")
    ses = Log("ses-events-rtsm.log")
    octo = Log("octopus-rtsm-production.log")
    tickets = Log("servicedesk-tickets.log")
    teams = Log("teams-rtsm-incident.log")
    t0, t1 = secs(START), secs(END)
    stats = {"refusals": [], "dnd_refusals": [], "exclusion_lines": 0, "dispensed": 0, "randomised": 0}

    sites = make_sites(rng, AUGUST)
    cvn = [s for s in sites if s["study"] == "CVN-2204"]
    # which CVN-2204 sites hold only CVN-L2403 of a kit type: 41 of 63
    order = sorted(cvn, key=lambda s: (rng.random(), s["site"]))
    both_short = order[:28]
    one_short = order[28:41]
    state = {}
    for s in cvn:
        if s in both_short:
            state[s["site"]] = ("both", rng.randint(4, 11), 0)
        elif s in one_short:
            state[s["site"]] = ("one", rng.randint(3, 8), rng.randint(3, 9))
        else:
            state[s["site"]] = ("ok", rng.randint(0, 5), rng.randint(8, 20))
    stats["short_sites"] = len(both_short) + len(one_short)
    holding = {site: (v[1] * 2 if v[0] == "both" else v[1]) for site, v in state.items()}
    stats["l2403_kits"] = sum(holding.values())
    stats["l2403_sites"] = len([n for n in holding.values() if n])

    pods_790 = [f"rtsm-84c7b9d6f-{pod_suffix(rng)}" for _ in range(3)]
    pods_783 = [f"rtsm-6f5d8c7b9-{pod_suffix(rng)}" for _ in range(3)]
    pods_790b = [f"rtsm-84c7b9d6f-{pod_suffix(rng)}" for _ in range(3)]
    rb_ready = [secs(ROLLBACK) + 50 + 32 * i + rng.uniform(0, 6) for i in range(3)]
    rd_ready = [secs(REDEPLOY) + 51 + 31 * i + rng.uniform(0, 6) for i in range(3)]

    def serving(x):
        out = []
        for i in range(3):
            if x < rb_ready[i]:
                out.append((pods_790[i], "7.9.0"))
            elif x < rd_ready[i]:
                out.append((pods_783[i], "7.8.3"))
            else:
                out.append((pods_790b[i], "7.9.0"))
        return out

    def alog(x, pod, thread, level, logger, ctx, msg):
        t = at(x)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        app.add(t, f"{stamp} {pod} [{thread}] {level:<5} {logger} [{ctx}] - {msg}")

    def thread():
        return f"http-nio-8080-exec-{rng.randint(1, 64)}"

    BASE = {"dispense": 0.6, "randomise": 0.06, "inventory": 0.55, "receipt": 0.035, "kits": 1.5, "form": 3.2}
    events = []
    seq = [0]

    def push(x, kind, payload):
        seq[0] += 1
        heapq.heappush(events, (x, seq[0], kind, payload))

    for s in sites:
        for kind, base in BASE.items():
            rate = base * s["weight"]
            if kind == "inventory" and s["site"] in state and state[s["site"]][0] != "ok":
                rate *= 1.0
            for x in sorted(rng.uniform(t0, t1) for _ in range(poisson(rng, rate * (t1 - t0) / 3600))):
                if rng.random() < activity(local_hour(x, s["tz"])):
                    push(x, kind, {"site": s, "try": 1})
    for study in AUGUST:
        x = t0 + rng.uniform(0, 60)
        while x < t1:
            push(x, "sync", {"study": study})
            x += 60 + rng.uniform(-0.4, 0.4)
        for x in sorted(rng.uniform(t0, t1) for _ in range(poisson(rng, 16 * (t1 - t0) / 3600))):
            if rng.random() < activity(local_hour(x, 2)):
                push(x, "overview", {"study": study})

    subj_next = {}

    def subject_of(s, new=False):
        key = (s["study"], s["site"])
        if new:
            subj_next[key] = subj_next.get(key, s["subjects"]) + 1
            return f"{s['site']}-{subj_next[key]:04d}"
        return f"{s['site']}-{rng.randint(1, s['subjects']):04d}"

    kit_serial = [118000]

    def kit_numbers(n):
        out = []
        for _ in range(n):
            kit_serial[0] += rng.randint(1, 40)
            out.append(str(kit_serial[0] if rng.random() < 0.5 else rng.randint(200000, 899999)))
        return out

    browsers = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:141.0) Gecko/20100101 Firefox/141.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
    ]
    EDC_UA = "halden-edc/2026.7.4 (forms; undici/6.21.3)"
    site_ips = {}

    def site_ip(s):
        key = (s["study"], s["site"])
        if key not in site_ips:
            site_ips[key] = f"{rng.choice([62, 77, 80, 81, 82, 85, 86, 88, 91, 93, 145, 185, 193, 212, 213])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return site_ips[key]

    pod_ips = {}

    def pod_ip(pod):
        if pod not in pod_ips:
            pod_ips[pod] = f"10.42.{rng.randint(16, 31)}.{rng.randint(2, 250)}"
        return pod_ips[pod]

    def edc_ip():
        return f"10.40.{rng.randint(0, 3)}.{rng.randint(10, 250)}"

    def ingress_line(x, ip_, method, path, status, ua, rt, pod, size=None):
        t = at(x)
        size = size if size is not None else (rng.randint(120, 900) if status < 300 else rng.randint(90, 160))
        ingress.add(t, f'{ip_} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(380, 1400)} {rt:.3f} [clinical-rtsm-8080] [] {pod_ip(pod)}:8080 {size} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    def edc_log(x, level, msg, **fields):
        edc.add(at(x), pino(at(x), level, msg, pid=1, hostname=rng.choice(["edc-forms-5b8d7c6f4-k7xqp", "edc-forms-5b8d7c6f4-2mzrt", "edc-forms-5b8d7c6f4-q9wdb"]), **fields))

    def real_label(s):
        lots = AUGUST[s["study"]][5]
        r = rng.random()
        acc = 0.0
        for lot, label, share in lots:
            acc += share
            if r <= acc:
                return lot, label
        return lots[-1][0], lots[-1][1]

    def extended(x):
        return x >= secs(EXTENSION)

    def l2403_label(x):
        return L2403_NEW if extended(x) else L2403_LABEL

    def exclusions(x, pod, th, s, n, ctx):
        """KitInventory's per-kit warning for CVN-L2403 kits past the DND limit."""
        limit = VISIT_DAY + dt.timedelta(days=31)
        base = 100000 + int(s["site"]) * 37
        for k in range(n):
            alog(x - 0.006 + k * 0.0004, pod, th, "WARN", "c.h.rtsm.supply.KitInventory", ctx,
                 f"Kit {base + k * 3} of lot {L2403} excluded: label expiry {label_date(L2403_LABEL).isoformat()} before DND limit {limit.isoformat()}")
            stats["exclusion_lines"] += 1

    rand_numbers = {}
    while events:
        x, _, kind, p = heapq.heappop(events)
        if x >= t1:
            continue
        if kind == "sync":
            pod, _ = rng.choice(serving(x))
            since = at(x - 60).strftime("%Y-%m-%dT%H:%M:%SZ")
            ingress_line(x, edc_ip(), "GET", f"/api/v2/studies/{p['study']}/subjects?updatedSince={since}", 200, EDC_UA, rng.uniform(0.012, 0.06), pod, size=rng.randint(90, 2400))
            continue
        if kind == "overview":
            pod, _ = rng.choice(serving(x))
            ip_ = f"{rng.choice([31, 46, 84, 147, 194, 195])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            ingress_line(x + 0.6, ip_, "GET", f"/api/v2/studies/{p['study']}/supply/overview", 200, rng.choice(browsers), rng.uniform(0.4, 1.4), pod, size=rng.randint(180000, 900000))
            continue
        s = p["site"]
        study, site = s["study"], s["site"]
        ctx = f"{study}/{site}"
        if kind == "form":
            edc_log(x, "info", "form saved", study=study, site=site, subject=subject_of(s), form=rng.choice(["VS", "AE", "CM", "EX", "LB", "QS", "PE", "MH", "EG", "DV"]),
                    visit=rng.choice(AUGUST[study][2]), user=f"crc.{site}.{rng.randint(1, 4)}", checks=rng.randint(0, 14), queries=rng.choice([0, 0, 0, 0, 1, 2]))
            continue
        pod, ver = rng.choice(serving(x))
        if kind == "kits":
            ingress_line(x, edc_ip(), "GET", f"/api/v2/studies/{study}/subjects/{subject_of(s)}/kits", 200, EDC_UA, rng.uniform(0.01, 0.05), pod, size=rng.randint(300, 2600))
            continue
        if kind == "inventory":
            ingress_line(x, site_ip(s), "GET", f"/api/v2/studies/{study}/sites/{site}/inventory", 200, rng.choice(browsers), rng.uniform(0.03, 0.18), pod, size=rng.randint(4000, 61000))
            continue
        if kind == "receipt":
            ship = f"SHP-{study.split('-')[0]}-{rng.randint(10000, 99999)}"
            if study == "CVN-2204":
                continue  # nothing shipped to CVN-2204 sites since the depot ran out of CVN-L2411
            lot, label = real_label(s)
            n = rng.choice([12, 16, 20, 24, 24, 30, 36, 48])
            alog(x + 0.12, pod, thread(), "INFO", "c.h.rtsm.supply.ShipmentService", ctx,
                 f"Shipment {ship} received at site {site}: {n} kits of lot {lot} (label expiry {label}), logger TT-{rng.randint(1000000, 9999999)} within 2-8 C, kits available")
            ingress_line(x + 0.13, site_ip(s), "POST", f"/api/v2/studies/{study}/shipments/{ship}/receipt", 200, rng.choice(browsers), rng.uniform(0.1, 0.4), pod)
            continue
        # dispense / randomise through EDC
        if kind == "randomise":
            subject = p.get("subject") or subject_of(s, new=True)
            visit = "RAND"
            path = f"/api/v2/studies/{study}/subjects/{subject}/randomise"
        else:
            subject = p.get("subject") or subject_of(s)
            visit = p.get("visit") or rng.choice(AUGUST[study][2])
            path = f"/api/v2/studies/{study}/subjects/{subject}/visits/{visit}/dispense"
        th = thread()
        refused = False
        held_short = 0
        if study == "CVN-2204" and not extended(x):
            kind_site, short_n, other_n = state[site]
            if kind_site == "both":
                refused, held_short = True, short_n
            elif kind_site == "one":
                # the subject's kit type is the one held only as CVN-L2403 about half the time;
                # randomisation needs both kit types (the blind)
                refused = kind == "randomise" or rng.random() < 0.5
                held_short = short_n
            if refused or (short_n and rng.random() < 0.5):
                exclusions(x, pod, th, s, short_n, ctx)
        elif study == "ORX-330" and site == "3402" and rng.random() < 0.7:
            # a genuine stock-out: shipment SHP-ORX-41877 due Tuesday
            refused, held_short = True, -1
        if refused:
            on_hand = 0 if held_short < 0 else held_short
            excl = 0 if held_short < 0 else held_short
            if ver == "7.9.0":
                earliest = "none" if excl == 0 else f"lot {L2403}, label expiry {label_date(L2403_LABEL).isoformat()}, DND limit {(VISIT_DAY + dt.timedelta(days=31)).isoformat()}"
                line = f"{on_hand} on hand, 0 dispensable, {2 if study == 'PLM-118' else 1} needed; {excl} excluded by DND"
                alog(x + 0.01, pod, th, "WARN", "c.h.rtsm.dispensing.DispensingService", ctx,
                     f"Insufficient supply for subject {subject} at visit {visit} (site {site}): {line} ({earliest})")
                if excl:
                    stats.setdefault("examples", []).append((x, line))
            alog(x + 0.012, pod, th, "WARN", "c.h.rtsm.api.ApiExceptionHandler", ctx,
                 f"RTSM-409 on POST {path}: no dispensable kit for subject {subject} at visit {visit} (site {site})")
            ingress_line(x + 0.013, edc_ip(), "POST", path, 409, EDC_UA, rng.uniform(0.04, 0.12), pod, size=rng.randint(100, 130))
            what = "randomisation" if kind == "randomise" else "dispensing"
            edc_log(x + 0.14, "warn", f"RTSM {what} refused: insufficient supply at site; form {'RAND' if kind == 'randomise' else 'EX'} left pending",
                    study=study, site=site, subject=subject, visit=visit, rtsm={"status": 409, "code": "RTSM-409"})
            stats["refusals"].append((x, kind, study, site, subject, visit, s["city"], s["country"]))
            if study == "CVN-2204":
                stats["dnd_refusals"].append((x, kind, site, subject, visit, s["city"], s["country"]))
                if p["try"] < 4 and rng.random() < 0.8:
                    push(x + rng.uniform(900, 3600), kind, {"site": s, "try": p["try"] + 1, "subject": subject, "visit": visit})
            continue
        kits = kit_numbers(2 if study == "PLM-118" else 1)
        rt = rng.uniform(0.08, 0.35)
        if kind == "randomise":
            stratum = rng.choice(["EU/EASI<21", "EU/EASI>=21"]) if study == "CVN-2204" else rng.choice(["A", "B", "C", "D"])
            key = (study, stratum)
            rand_numbers[key] = rand_numbers.get(key, rng.randint(120, 330)) + 1
            rn = f"R{study.split('-')[1]}-{rand_numbers[key]:04d}"
            alog(x + rt - 0.03, pod, th, "INFO", "c.h.rtsm.dispensing.DispensingService", ctx, f"Dispensed kit(s) {','.join(kits)} to subject {subject} at visit RAND")
            alog(x + rt - 0.02, pod, th, "INFO", "c.h.r.randomisation.RandomisationService", ctx,
                 f"Randomised subject {subject}: stratum {stratum}, randomisation number {rn}, kit(s) {','.join(kits)}")
            ingress_line(x + rt, edc_ip(), "POST", path, 200, EDC_UA, rt, pod)
            edc_log(x + rt + 0.02, "info", "RTSM randomisation completed", study=study, site=site, subject=subject, randomisationNumber=rn, kits=kits, attempt=p["try"])
            stats["randomised"] += 1
        else:
            alog(x + rt - 0.02, pod, th, "INFO", "c.h.rtsm.dispensing.DispensingService", ctx, f"Dispensed kit(s) {','.join(kits)} to subject {subject} at visit {visit}")
            ingress_line(x + rt, edc_ip(), "POST", path, 200, EDC_UA, rt, pod)
            edc_log(x + rt + 0.02, "info", "RTSM dispensing completed", study=study, site=site, subject=subject, visit=visit, kits=kits, attempt=p["try"])
            stats["dispensed"] += 1
            if study == "CVN-2204" and extended(x) and p["try"] > 1:
                stats.setdefault("after_ext", []).append(x)

    # the nightly resupply run at 05:00 -------------------------------------------
    leader = pods_790[0]
    t_run = secs(utc("2026-08-03 05:00:00"))
    x = t_run + 0.009
    alog(x, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-", "Resupply run started: 6 studies, horizon 21 days")
    order_no = 902310
    for study, (sponsor, blinded, visits, dnd, countries, lots) in AUGUST.items():
        st_sites = [s for s in sites if s["study"] == study]
        x += rng.uniform(6, 22)
        if study == "CVN-2204":
            alog(x, leader, "scheduling-1", "WARN", "c.h.rtsm.supply.SupplyPlanner", "CVN-2204/-",
                 f"Lot {L2403} (label expiry {L2403_LABEL}) not dispensable from {VISIT_DAY.isoformat()} (DND 31 days): {stats['l2403_kits']} kits at {stats['l2403_sites']} sites")
            alog(x + 0.4, leader, "scheduling-1", "WARN", "c.h.rtsm.supply.SupplyPlanner", "CVN-2204/-",
                 "No released stock at NCS-NUE beyond the DND limit for kit types of CVN-2204 (CVN-L2411: 0 available, CVN-L2508: not released)")
            alog(x + 0.9, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-",
                 f"Resupply CVN-2204: {len(st_sites)} sites checked, {stats['short_sites']} below trigger, 0 depot orders")
            alog(x + 1.0, leader, "scheduling-1", "WARN", "c.h.rtsm.supply.SupplyAlerts", "CVN-2204/-",
                 f"Supply alert SA-20260803-01 sent to supply-cvn2204@corvane.com: {stats['short_sites']} sites below trigger with no stock to ship")
            continue
        below = sorted(rng.sample(st_sites, rng.randint(1, max(1, len(st_sites) // 6))), key=lambda s: s["site"])
        for s in below:
            order_no += rng.randint(1, 9)
            depot = "NCS-PHL" if s["country"] in ("US", "CA") else ("NCS-PNQ" if s["country"] in ("AU", "JP", "KR") else "NCS-NUE")
            x += rng.uniform(0.4, 1.6)
            alog(x, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.DepotClient", f"{study}/{s['site']}",
                 f"Depot order DO-{order_no} accepted by {depot}: {rng.choice([6, 8, 10, 12, 16])} kits for site {s['site']} ({s['city']}), lot {lots[-1][0]}, ship {rng.choice(['2026-08-04', '2026-08-05'])}")
        alog(x + 0.2, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-",
             f"Resupply {study}: {len(st_sites)} sites checked, {len(below)} below trigger, {len(below)} depot orders")
    alog(x + 0.5, leader, "scheduling-1", "INFO", "c.h.rtsm.supply.ResupplyRun", "-/-", f"Resupply run finished in {int(x + 0.5 - t_run) // 60}m{int(x + 0.5 - t_run) % 60:02d}s")

    # after the extension: the planner's lot update
    ext_pod = serving(secs(EXTENSION))[1][0]
    alog(secs(EXTENSION) + 0.3, ext_pod, "http-nio-8080-exec-12", "INFO", "c.h.rtsm.supply.LotService", "CVN-2204/-",
         f"Lot {L2403} label expiry updated {L2403_LABEL} -> {L2403_NEW} by marco.ferri@corvane.com (reason: shelf-life extension QA-EXT-2026-031); {stats['l2403_kits']} kits at {stats['l2403_sites']} sites")

    # housekeeping on every pod
    for i in range(3):
        x = t0 + rng.uniform(0, 300)
        while x < t1:
            if rng.random() < 0.5:
                alog(x, serving(x)[i][0], "scheduling-1", "INFO", "c.h.rtsm.supply.DepotFeedPoller", "-/-",
                     f"Depot feed NCS-NUE: {rng.randint(0, 14)} shipment events, {rng.randint(0, 3)} lot updates")
            x += 900 + rng.uniform(-3, 3)
    x = t0 + 61.427
    while x < t1:
        alog(x, rng.choice(serving(x))[0], "scheduling-2", "INFO", "c.h.rtsm.edc.EdcOutbox", "-/-", f"EDC outbox: {rng.randint(0, 40)} subject events delivered, 0 pending")
        x += 300 + rng.uniform(-2, 2)

    def startup(x, pod, version, sha):
        alog(x, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", f"Starting RtsmApplication v{version} using Java 21.0.8 with PID 1 (/app/rtsm.jar started by 10001 in /app)")
        alog(x + 0.02, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", "The following 1 profile is active: \"production\"")
        alog(x + 4.3, pod, "main", "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "-/-", "Tomcat initialized with port 8080 (http)")
        alog(x + 8.1, pod, "main", "INFO", "com.zaxxer.hikari.HikariDataSource", "-/-", "HikariPool-1 - Start completed.")
        alog(x + 9.4, pod, "main", "INFO", "o.f.core.internal.command.DbValidate", "-/-", "Successfully validated 93 migrations (execution time 00:00.121s)")
        alog(x + 14.8, pod, "main", "INFO", "com.halden.rtsm.RtsmApplication", "-/-", "Started RtsmApplication in 15.4 seconds (process running for 16.6)")
        alog(x + 14.9, pod, "main", "INFO", "c.h.rtsm.config.BuildInfoLogger", "-/-", f"rtsm {version} (git {sha[:7]}), 6 active studies on this platform partition")

    for i in range(3):
        startup(rb_ready[i] - 16, pods_783[i], "7.8.3", shas["rel_783"])
        startup(rd_ready[i] - 16, pods_790b[i], "7.9.0", shas["rel_790"])
        for old, when in ((pods_790[i], rb_ready[i]), (pods_783[i], rd_ready[i])):
            alog(when + 2, old, "SpringApplicationShutdownHook", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Commencing graceful shutdown. Waiting for active requests to complete")
            alog(when + 2.6, old, "tomcat-shutdown", "INFO", "o.s.b.w.e.tomcat.GracefulShutdown", "-/-", "Graceful shutdown complete")

    # the Part 11 audit trail (unblinded actions included; export for Halden support)
    def aud(x, user, role, action, study, text):
        t = at(x)
        audit.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z | {user} | {role} | {action} | {study} | {text}")

    for x in sorted(rng.uniform(t0, t1) for _ in range(70)):
        s = rng.choice(sites)
        if activity(local_hour(x, s["tz"])) < 0.3:
            continue
        action = rng.choice(["KIT_STATUS_CHANGE", "SUBJECT_UPDATE", "VISIT_REGISTERED", "USER_LOGIN", "USER_LOGIN", "USER_LOGIN", "SHIPMENT_RECEIPT"])
        user = f"crc.{s['site']}.{rng.randint(1, 4)}@sites.halden-edc.net"
        if action == "KIT_STATUS_CHANGE":
            text = f"kit {rng.randint(200000, 899999)} at site {s['site']}: AVAILABLE -> DAMAGED (reason: syringe cracked on receipt)" if rng.random() < 0.5 else f"kit {rng.randint(200000, 899999)} at site {s['site']}: DISPENSED -> RETURNED (reason: subject returned unused kit)"
        elif action == "SUBJECT_UPDATE":
            text = f"subject {s['site']}-{rng.randint(1, 40):04d}: status ON_TREATMENT -> DISCONTINUED (reason: withdrew consent)" if rng.random() < 0.3 else f"subject {s['site']}-{rng.randint(1, 40):04d}: date of birth corrected (reason: transcription error)"
        elif action == "VISIT_REGISTERED":
            text = f"subject {s['site']}-{rng.randint(1, 40):04d}: unscheduled visit registered (reason: adverse event follow-up)"
        elif action == "SHIPMENT_RECEIPT":
            if s["study"] == "CVN-2204":
                continue
            text = f"shipment SHP-{s['study'].split('-')[0]}-{rng.randint(10000, 99999)} received at site {s['site']}: all kits available"
        else:
            text = f"login from {site_ip(s)} (SSO)"
        aud(x, user, "Site user", action, s["study"], text)
    aud(secs(EXTENSION) - 95, "marco.ferri@corvane.com", "Sponsor supply manager (unblinded)", "USER_LOGIN", "CVN-2204", "login from 194.209.43.18 (SSO, MFA)")
    aud(secs(EXTENSION), "marco.ferri@corvane.com", "Sponsor supply manager (unblinded)", "LOT_EXPIRY_UPDATE", "CVN-2204",
        f"lot {L2403} label expiry {L2403_LABEL} -> {L2403_NEW} (reason: shelf-life extension QA-EXT-2026-031, approved 2026-07-30; relabelling instruction RL-CVN-007)")
    aud(secs(EXTENSION) + 0.4, "system", "RTSM", "SUPPLY_RECALCULATED", "CVN-2204", f"{stats['l2403_kits']} kits of lot {L2403} dispensable again at {stats['l2403_sites']} sites")
    aud(secs(ROLLBACK) - 40, "hannah.cole@haldenclinical.com", "Halden support (blinded)", "USER_LOGIN", "CVN-2204", "login from 10.20.4.31 (SSO, MFA)")
    aud(secs(ROLLBACK) - 12, "hannah.cole@haldenclinical.com", "Halden support (blinded)", "REPORT_VIEW", "CVN-2204", "site inventory summary (blinded) viewed")

    # SES delivery events: RTSM's e-mail since the first DND alert ----------------
    def ses_event(t, to, subject, kind="Delivery"):
        mid = f"0102019{hexid(rng, 9)}-{uuid4(rng)}-000000"
        body = {"eventType": kind, "mail": {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "source": "Halden RTSM <rtsm-alerts@haldenclinical.com>",
                                            "sendingAccountId": "611204771032", "messageId": mid, "destination": [to],
                                            "commonHeaders": {"from": ["Halden RTSM <rtsm-alerts@haldenclinical.com>"], "to": [to], "subject": subject}}}
        d = t + dt.timedelta(seconds=rng.uniform(0.8, 3.5))
        body["delivery"] = {"timestamp": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z", "processingTimeMillis": rng.randint(700, 3400),
                            "recipients": [to], "smtpResponse": "250 2.6.0 Message received", "reportingMTA": "b224-12.smtp-out.eu-west-1.amazonses.com"}
        ses.add(t, json.dumps(body, separators=(",", ":")))

    day = dt.date(2026, 7, 20)
    while day <= VISIT_DAY:
        t = dt.datetime(day.year, day.month, day.day, 5, 0, 30, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.uniform(0, 40))
        left = (VISIT_DAY - day).days
        if left:
            subject = f"[Halden RTSM] Supply alert CVN-2204: lot {L2403} reaches its DND date on {VISIT_DAY.isoformat()} (in {left} days); {stats['short_sites']} sites hold no other stock of a kit type"
        else:
            subject = f"[Halden RTSM] Supply alert CVN-2204: lot {L2403} reached its DND date today; {stats['short_sites']} sites below trigger with no stock to ship"
        ses_event(t, "supply-cvn2204@corvane.com", subject)
        for study in ("PLM-118", "ORX-330", "BRL-051", "AVR-207", "TNX-610"):
            if rng.random() < 0.5:
                continue
            t2 = t + dt.timedelta(seconds=rng.uniform(20, 200))
            ses_event(t2, f"supply-{study.lower().replace('-', '')}@{AUGUST[study][0].lower()}.com", f"[Halden RTSM] Resupply {study}: {rng.randint(1, 9)} depot orders placed")
        day += dt.timedelta(days=1)
    for x in sorted(rng.uniform(t0, t1) for _ in range(26)):
        s = rng.choice([s for s in sites if s["study"] != "CVN-2204"])
        if activity(local_hour(x, s["tz"])) < 0.2:
            continue
        ses_event(at(x), f"site{s['site']}.{s['study'].lower().replace('-', '')}@sites.halden-edc.net", f"[Halden RTSM] Shipment SHP-{s['study'].split('-')[0]}-{rng.randint(10000, 99999)} dispatched to site {s['site']}")

    # Octopus Deploy ------------------------------------------------------------
    def olog(t, level, task, msg):
        octo.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} +00:00 {level:<7} [{task}] {msg}")

    def deployment(start, task, version, sha, who, kind, change):
        t = start
        olog(t, "Info", task, f"Deploying rtsm release {version} to Production ({kind}, change {change}, requested by {who})")
        olog(t + dt.timedelta(seconds=2), "Info", task, f"Step 1: Check change approval | {change} approved in the QMS")
        olog(t + dt.timedelta(seconds=5), "Info", task, f"Step 2: Helm upgrade | helm upgrade rtsm halden/rtsm --namespace clinical --set image.tag={version} --set gitCommit={sha} --atomic --timeout 10m")
        olog(t + dt.timedelta(seconds=9), "Info", task, "Step 2: Helm upgrade | Release \"rtsm\" has been upgraded. Happy Helming!")
        for i in range(3):
            olog(t + dt.timedelta(seconds=66 + 32 * i), "Verbose", task, f"Step 2: Helm upgrade | deployment \"rtsm\": {i + 1} of 3 updated replicas are available")
        olog(t + dt.timedelta(seconds=151), "Info", task, "Step 3: Smoke test | GET /actuator/health 200; randomise TRN-0001 in study TRAINING 200")
        olog(t + dt.timedelta(seconds=154), "Info", task, f"Deployment of rtsm {version} to Production succeeded")

    deployment(utc("2026-07-25 22:04:37"), "ServerTasks-90114", "7.8.3", shas["rel_783"], "Hannah Cole", "scheduled", "CHG-2026-0724")
    deployment(DEPLOY_790, "ServerTasks-90561", "7.9.0", shas["rel_790"], "Hannah Cole", "scheduled", "CHG-2026-0731")
    deployment(ROLLBACK, "ServerTasks-90688", "7.8.3", shas["rel_783"], "Rui Almeida", "emergency, redeploy of previous release", "ECR-2026-141")
    deployment(REDEPLOY, "ServerTasks-90702", "7.9.0", shas["rel_790"], "Rui Almeida", "emergency, reinstate release", "ECR-2026-142")

    stats["rb_ready"] = rb_ready
    stats["rd_ready"] = rd_ready
    stats["state"] = state
    return [app, edc, ingress, audit, ses, octo, tickets, teams], stats, sites


def add_people_logs(rng, logs, stats):
    app, edc, ingress, audit, ses, octo, tickets, teams = logs
    dnd = sorted(stats["dnd_refusals"])
    onset = dnd[0][0]
    stats["onset"] = onset
    seen = []
    for r in dnd:
        if r[2] not in [s[2] for s in seen]:
            seen.append(r)
        if len(seen) == 7:
            break
    desk = []
    for i, (x, kind, site, subject, visit, city, country) in enumerate(seen):
        held = stats["state"][site][1]
        what = "randomisation" if kind == "randomise" else f"dispensing at visit {visit}"
        desk.append((x + rng.uniform(600, 1500) + 90 * i, {
            "priority": "2 - High" if kind == "randomise" else "3 - Moderate", "category": "RTSM", "study": "CVN-2204",
            "site": f"{site} ({city}, {country})", "caller": rng.choice(["Study coordinator", "Pharmacist", "Study coordinator"]),
            "short_description": f"RTSM refuses {what} for subject {subject}: insufficient supply",
            "description": f"EDC says 'No kit available at site (RTSM-409)'. We have {held} CVN-2204 kits in the fridge, the RTSM inventory page shows them as available, label expiry 02-SEP-2026. {'Patient is waiting for randomisation.' if kind == 'randomise' else 'Patient dosed late or sent home?'}",
            "assignment_group": "Service Desk L1"}))
    for n, (when, body) in enumerate(sorted(desk, key=lambda d: d[0])):
        tickets.add(at(when), json.dumps({"number": f"HSD{51307 + n:07d}", "opened_at": at(when).strftime("%Y-%m-%dT%H:%M:%SZ"), **body}))
    stats["desk_times"] = sorted(d[0] for d in desk)

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "rtsm-incident",
                                 "from": who, "body": text}, ensure_ascii=False))

    before_rb = [r for r in dnd if r[0] < secs(ROLLBACK)]
    after_rb = [r for r in dnd if secs(ROLLBACK) + 200 < r[0] < secs(EXTENSION)]
    sites_hit = len({r[2] for r in dnd})
    n_rand = len([r for r in dnd if r[1] == "randomise"])
    first_ticket = stats["desk_times"][0]
    alert = max(onset + 900, secs(utc("2026-08-03 06:10:00")))
    say(secs(DEPLOY_790) + 290, "Hannah Cole", "rtsm 7.9.0 deployed in the window (CHG-2026-0731): SUP-940 DND days from the visit schedule, SUP-943 RTSM-409 logged with on-hand and DND-excluded counts, RAND-530 stratum in the randomisation response, Spring Boot 3.5.5, pgjdbc 42.7.8. Smoke test OK.")
    say(alert, "Alertmanager", "[FIRING:1] RtsmInsufficientSupplyBurst clinical/rtsm RTSM-409 > 10 in 15m (study CVN-2204)")
    names = {"DE": "Germany", "FR": "France", "ES": "Spain", "IT": "Italy", "PL": "Poland", "UK": "the UK"}
    t_desk = max(alert, first_ticket) + 240
    called = []
    for when, body in sorted(desk, key=lambda d: d[0]):
        c = body["site"].rsplit(", ", 1)[1].rstrip(")")
        if when < t_desk and names[c] not in called:
            called.append(names[c])
    waiting = any(body["priority"].startswith("2") for when, body in desk if when < t_desk)
    say(t_desk, "Aoife Byrne (Service Desk)", f"CVN-2204 sites calling: EDC says 'No kit available at site (RTSM-409)' but they have kits in the fridge and RTSM's inventory page lists them as available. {', '.join(called)} so far.{' A randomisation patient is waiting.' if waiting else ''}")
    t_rui = max(alert, first_ticket) + 560
    example = [line for x, line in stats["examples"] if x < t_rui][-1]
    say(t_rui, "Rui Almeida", f"on call, looking. RTSM-409 only in CVN-2204, {len({r[2] for r in before_rb if r[0] < t_rui})} sites so far, other studies dispense fine. SUP-943's new lines: '{example}'. SUP-940 changed how the DND days are computed, in Saturday's 7.9.0.")
    say(max(alert, first_ticket) + 900, "Rui Almeida", "runbook: many sites refusing at once after a release = our change, roll back first. opening ECR-2026-141 to redeploy 7.8.3. @Kofi")
    say(secs(ROLLBACK) - 600, "Kofi Mensah (QA)", "ECR-2026-141 approved: emergency redeploy of rtsm 7.8.3. Keep a list of subjects not dosed today for the deviation.")
    say(max(stats["rb_ready"]) + 320, "Rui Almeida", f"7.8.3 on all pods since {at(max(stats['rb_ready'])).strftime('%H:%M')}. no change: {len([r for r in after_rb if r[0] < max(stats['rb_ready']) + 320])} more RTSM-409 at the same CVN-2204 sites, the KitInventory lines read 'Kit ... of lot CVN-L2403 excluded: label expiry 2026-09-02 before DND limit 2026-09-03', same as with 7.9.0. so not SUP-940")
    say(secs(utc("2026-08-03 08:04:00")), "Priya Nair", f"the 05:00 resupply run says it: 'Lot CVN-L2403 (label expiry 02-SEP-2026) not dispensable from 2026-08-03 (DND 31 days)', and 0 depot orders for CVN-2204 because NCS-NUE has no released CVN-L2411 left and CVN-L2508 isn't released. RTSM has sent Corvane's supply DL a supply alert about it every morning since 20 July (SES shows them delivered). 02-SEP minus 31 days: today is the first day those kits can't be given. Nothing of ours.")
    say(secs(utc("2026-08-03 08:09:00")), "Rui Almeida", "agreed, the rule is the protocol's: the kit has to last to the end of the next visit window. 7.9.0 is fine. the sites need an extension or other stock, that's Corvane's. who do we call?")
    say(secs(utc("2026-08-03 08:16:00")), "Hannah Cole", "Katrin Vogel (Corvane supply) has an out-of-office until 10 August. calling Corvane's clinical operations lead for CVN-2204")
    say(secs(utc("2026-08-03 08:55:00")), "Hannah Cole", "Corvane: their QA approved a shelf-life extension of CVN-L2403 to 02-MAR-2027 on 30 July (QA-EXT-2026-031, stability to 36 months), authorities notified; Katrin's handover says to enter it in RTSM 'on the 3rd'. Her deputy Marco Ferri is being reached, he has the unblinded supply role")
    say(secs(EXTENSION) + 140, "Rui Almeida", f"audit trail 09:38: marco.ferri LOT_EXPIRY_UPDATE CVN-L2403 02-SEP-2026 -> 02-MAR-2027. first CVN-2204 dispensations going through. {len(dnd)} refusals today at {sites_hit} sites ({n_rand} randomisations), EDC forms pending, service desk is telling the sites to re-submit")
    say(secs(utc("2026-08-03 10:12:00")), "Kofi Mensah (QA)", "ECR-2026-142 approved: reinstate rtsm 7.9.0 (rollback did not address the cause, no change in behaviour). Deviation DEV-2026-088 raised with Corvane: missed doses, late entry of an approved extension.")
    say(max(stats["rd_ready"]) + 240, "Rui Almeida", "7.9.0 back on all pods, CVN-2204 dispensing normally. runbook updated: read the resupply run's 'not dispensable from' lines and the supply alerts before rolling back")


def build(out_dir):
    rng = random.Random(88200)
    repo, shas = build_repo()
    try:
        logs, stats, sites = build_logs(rng, shas)
        add_people_logs(rng, logs, stats)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert utc("2026-08-03 05:30:00") < onset < utc("2026-08-03 06:15:00"), onset
        assert not [r for r in stats["dnd_refusals"] if r[0] >= secs(EXTENSION)]
        dnd = stats["dnd_refusals"]
        return write_scenario(
            out_dir, name="r88-lot-dnd-extension-pending-none", service=SERVICE, onset=onset,
            description=f"""
From {onset.strftime('%H:%M:%S')} UTC on Monday 3 August 2026 Halden RTSM refuses dispensations
and randomisations of Corvane's study CVN-2204 with RTSM-409 (insufficient
supply) at {len({r[2] for r in dnd})} sites whose fridges hold kits; the other studies dispense
normally. rtsm 7.9.0, which changed how DND days are computed, had been
deployed on Saturday 1 August at 22:05. The on-call rolled back to 7.8.3
at 07:40 without effect; Corvane's deputy supply manager entered the
approved shelf-life extension of lot CVN-L2403 at 09:38, after which
dispensing worked, and 7.9.0 was redeployed at 10:41.
""",
            logs=logs,
            line_formats={
                "rtsm.log": r'<Date> <Time> <Pod> \[<Thread>\] <Level>\s+<Logger> \[<Context>\] - <Content>',
                "rtsm-audit-trail.log": r'<Timestamp> \| <User> \| <Role> \| <Action> \| <Study> \| <Content>',
                "octopus-rtsm-production.log": r'<Date> <Time> <Offset> <Level>\s+\[<Task>\] <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'not dispensable from .*DND',
                r'excluded by DND',
                r'reaches its DND date',
            ],
            fix_files=[],
            explanation=f"""
Nothing in rtsm caused this. CVN-2204's older lot CVN-L2403 has the label
expiry 02-SEP-2026 and the study's DND is 31 days (the dosing interval and
the next visit's window), so from Monday 3 August no kit of it may be
dispensed; the depot has no released stock of the newer lot left. RTSM had
said so in a supply alert to Corvane every morning since 20 July ("reaches
its DND date on 2026-08-03", SES delivery events) and the 05:00 resupply
run logs "Lot CVN-L2403 (label expiry 02-SEP-2026) not dispensable from
2026-08-03 (DND 31 days)" with no stock to ship. Corvane's QA had approved
a shelf-life extension to 02-MAR-2027 on 30 July, but its supply manager
was on leave and the handover said to enter it "on the 3rd"; at the {len({r[2] for r in dnd})}
sites holding only CVN-L2403 of a kit type every randomisation and most
dispensations are refused ({len(dnd)} refusals, "... excluded by DND (lot
CVN-L2403, label expiry 2026-09-02, DND limit 2026-09-03)", with
KitInventory's per-kit exclusions). The deputy's lot expiry update in the
audit trail at 09:38 ends it; no code or configuration of rtsm changes.
Decoys: 7.9.0, deployed on Saturday night, with SUP-940 (DND days from the
visit schedule; 31 for CVN-2204 as before) in the very dispensing code and
SUP-943, which adds the very "Insufficient supply ... excluded by DND"
warning on every refusal; the runbook commit that reads RTSM-409 at many
sites at once as our own release and says to roll back; the rollback to
7.8.3, without effect (the warning goes, the refusals stay); SUP-936 in
7.8.3's resupply code; bot bumps of Spring Boot and pgjdbc; SUP-948, a
depot cutoff config commit an hour before the onset, not deployed; a
genuine stock-out at an ORX-330 site awaiting a shipment.
""",
        )
    finally:
        repo.close()
