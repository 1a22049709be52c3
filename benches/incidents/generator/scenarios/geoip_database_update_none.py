"""stream-gate (Java 21, Quarkus 3.15, MaxMind GeoIP2 Java API; two VMs behind
HAProxy, run by systemd, released by a GitLab CI job that restarts them one
by one; team in Munich, Vienna and Porto): Tribuna's playback gate. Before a
live stream starts, the apps ask it for a playback token; it looks the
viewer's address up in the GeoIP2 Country database and refuses (451) when
the country is outside the event's licensed territory.

The database file is not in this repository: the platform team's Ansible
role installs geoipupdate with a cron job that fetches MaxMind's weekly
release every Tuesday at 04:17 UTC into /var/lib/GeoIP. stream-gate opens
the file once, at start-up (DatabaseReader, memory-mapped), so a new release
only takes effect at its next restart.

MaxMind's release of Tuesday 13 October places two /15s and a /18 of
Telefónica Germany's (O2, AS6805) mobile CGNAT pools in Spain, after an
internal transfer in the registry. geoipupdate installs it at 04:17. Nothing
changes until the 15:31 release restarts gate-1, then gate-2: from then on
O2 mobile viewers in Germany are refused as "country ES", for the DFB-Pokal
evening (kick-off 16:00 UTC). Support escalations pile up; the on-call rolls
the release back at 16:08, which restarts the gates again with the same
database and changes nothing. Nothing in this repository caused it.

Decoys: the release itself (gate-1 restarted at 15:31:40, first refusal
48 seconds later), which carries a territories change adding LI to the 2. Bundesliga
package (same file, same words: territory), a commit that logs the ASN and
network of a refused address (the incident's lines), a geoip2 library bump,
and is named after a CI cache commit; the rollback. stream-gate log of both
VMs (Quarkus console format), HAProxy (syslog RFC 3164), the VMs' syslog
(cron, geoipupdate, systemd, sshd, sudo), the GitLab CI job log, support
escalations (Slack, JSON), a denials metric."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, readme, runbook

SERVICE = "stream-gate"
START, END = utc("2026-10-13 14:15:00"), utc("2026-10-13 16:30:00")
SYSLOG_START = utc("2026-10-13 03:55:00")
GEOIPUPDATE = utc("2026-10-13 04:17:01")
RELEASE = utc("2026-10-13 15:31:40")
ROLLBACK = utc("2026-10-13 16:08:30")
KICKOFF = utc("2026-10-13 16:00:00")
HOSTS = [("gate-1", "10.20.1.11"), ("gate-2", "10.20.1.12")]
EVENTS = [("pokal-r2-fck-s04", "dfb-pokal", KICKOFF), ("pokal-r2-svw-h96", "dfb-pokal", KICKOFF), ("pokal-r2-kie-fcn", "dfb-pokal", utc("2026-10-13 18:45:00")),
          ("del-m12-ehm-kec", "del", utc("2026-10-13 17:30:00"))]
TERRITORY = {"dfb-pokal": ["DE", "LU"], "del": ["DE", "AT", "CH"]}

GEO_GATE = """package tv.tribuna.gate;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.net.InetAddress;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Looks the viewer's address up and checks it against the event's territory. */
@Startup
@ApplicationScoped
public class GeoGate {
    private static final Logger LOG = Logger.getLogger(GeoGate.class);
    private final DatabaseReader country;
    private final Territories territories;

    GeoGate(@ConfigProperty(name = "gate.geoip.country-db") String path, Territories territories) throws Exception {
        // opened once and memory-mapped; geoipupdate replaces the file weekly
        this.country = new DatabaseReader.Builder(new File(path)).build();
        this.territories = territories;
        LOG.infof("geo database loaded: %s", path);
    }

    public Decision check(InetAddress ip, Event event) throws Exception {
        String iso;
        try {
            iso = country.country(ip).getCountry().getIsoCode();
        } catch (AddressNotFoundException e) {
            iso = "--";
        }
        if (territories.allows(event.rights(), iso)) {
            return Decision.granted(iso);
        }
        LOG.warnf("playback denied: country %s not in territory of %s event=%s ip=%s", iso, event.rights(), event.id(), ip.getHostAddress());
        return Decision.denied(iso);
    }
}
"""

TERRITORIES = """# Licensed territories per rights package (ISO 3166-1 alpha-2).
# Source: rights team's contract sheet; change with a ticket from them.
dfb-pokal:
  - DE
  - LU
2-bundesliga:
  - DE
  - AT
del:
  - DE
  - AT
  - CH
"""


def repo_files():
    return {
        "pom.xml": """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tv.tribuna</groupId>
  <artifactId>stream-gate</artifactId>
  <version>2.31.0</version>
  <properties>
    <maven.compiler.release>21</maven.compiler.release>
    <quarkus.platform.version>3.15.1</quarkus.platform.version>
  </properties>
  <dependencies>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest-jackson</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-smallrye-health</artifactId></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-micrometer-registry-prometheus</artifactId></dependency>
    <dependency><groupId>com.maxmind.geoip2</groupId><artifactId>geoip2</artifactId><version>4.2.0</version></dependency>
  </dependencies>
</project>
""",
        "src/main/java/tv/tribuna/gate/GeoGate.java": GEO_GATE,
        "src/main/java/tv/tribuna/gate/PlaybackResource.java": "package tv.tribuna.gate;\n\n/** POST /v1/playback/{event}/token: entitlement, then GeoGate; 451 with the territory when denied. */\npublic class PlaybackResource {}\n",
        "src/main/java/tv/tribuna/gate/Territories.java": "package tv.tribuna.gate;\n\n/** Reads config/territories.yaml (shipped in the jar). */\npublic class Territories {}\n",
        "src/main/resources/application.properties": "quarkus.http.port=8080\ngate.geoip.country-db=/var/lib/GeoIP/GeoIP2-Country.mmdb\ngate.geoip.asn-db=/var/lib/GeoIP/GeoLite2-ASN.mmdb\ngate.entitlements.url=http://entitlements.internal:8080\nquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n\n",
        "config/territories.yaml": TERRITORIES,
        "deploy/stream-gate.service": "[Unit]\nDescription=Tribuna stream gate\nAfter=network-online.target\n\n[Service]\nUser=gate\nExecStart=/usr/bin/java -Xmx1g -jar /opt/stream-gate/current/stream-gate-runner.jar\nRestart=on-failure\nStandardOutput=append:/var/log/stream-gate/stream-gate.log\n\n[Install]\nWantedBy=multi-user.target\n",
        "deploy/rollout.sh": "#!/bin/sh\n# rollout.sh VERSION SHA: one VM at a time; wait for readiness before the next.\nset -eu\nfor host in gate-1 gate-2; do\n  echo \"[$host] uploading stream-gate-$1-runner.jar ($2)\"\n  rsync -q target/stream-gate-runner.jar deploy@$host:/opt/stream-gate/releases/$2/\n  ssh deploy@$host \"ln -sfn /opt/stream-gate/releases/$2 /opt/stream-gate/current && sudo systemctl restart stream-gate\"\n  until curl -fs http://$host:8080/q/health/ready >/dev/null; do sleep 1; done\n  echo \"[$host] ready\"\ndone\n",
        ".gitlab-ci.yml": "stages: [test, package, deploy]\n\ntest:\n  stage: test\n  image: maven:3.9-eclipse-temurin-21\n  script: mvn -B verify\n\npackage:\n  stage: package\n  image: maven:3.9-eclipse-temurin-21\n  script: mvn -B package -DskipTests\n  artifacts:\n    paths: [target/stream-gate-runner.jar]\n\ndeploy:\n  stage: deploy\n  when: manual\n  script: ./deploy/rollout.sh 2.31.0 $CI_COMMIT_SHA\n",
        "README.md": readme(SERVICE, "Tribuna's playback gate: entitlement and licensed-territory checks before a live stream.", "mvn quarkus:dev").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Releases are the manual `deploy` job in GitLab CI: gate-1, then gate-2, behind HAProxy."),
    }


def build_repo():
    julia = Person("Julia Kraus", "julia.kraus@tribuna.tv", 120)
    lukas = Person("Lukas Huber", "lukas.huber@tribuna.tv", 120)
    rita = Person("Rita Lopes", "rita.lopes@tribuna.tv", 60)
    bot = Person("renovate-bot", "renovate-bot@tribuna.tv", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("GeoDenialsHigh", "Refusals (451) above 5 % of token requests: check `playback denied` lines by country; a rights change (config/territories.yaml) is the usual suspect."),
        ("GateDown", "HAProxy marks a gate DOWN: `journalctl -u stream-gate` on the VM."),
    ])
    repo.commit(utc("2026-10-06 07:45:00"), julia, "stream-gate: import", files)
    repo.schedule(chores(random.Random(16401), SERVICE, [julia, lukas, rita], utc("2026-10-06 07:45:00"), utc("2026-10-12 10:00:00"), 3))
    repo.commit(utc("2026-10-08 12:20:00"), rita, "docs: how the gate decides", {
        "docs/geo.md": "# How the gate decides\n\n1. Entitlement: the viewer's subscription covers the event.\n2. Territory: GeoIP2 Country lookup of the viewer's address against the\n   event's rights package (config/territories.yaml). Unknown addresses are\n   refused.\n\nThe GeoIP databases under /var/lib/GeoIP belong to the platform team's\n`geoip` Ansible role (geoipupdate, weekly).\n",
    })
    previous = repo.commit(utc("2026-10-12 13:05:00"), lukas, "playback: answer 451 with the rights package and territory", {
        "src/main/java/tv/tribuna/gate/PlaybackResource.java": repo.files["src/main/java/tv/tribuna/gate/PlaybackResource.java"] + "// 451 body: {\"error\":\"territory\",\"rights\":\"dfb-pokal\",\"allowed\":[\"DE\",\"LU\"]}\n",
    })
    repo.commit(utc("2026-10-13 05:50:00"), bot, "Update dependency com.maxmind.geoip2:geoip2 to v4.2.1", {
        "pom.xml": repo.edit("pom.xml", "<artifactId>geoip2</artifactId><version>4.2.0</version>", "<artifactId>geoip2</artifactId><version>4.2.1</version>"),
    })
    repo.commit(utc("2026-10-13 07:40:00"), lukas, "gate: log the ASN and network of a refused address\n\nSupport asks which provider a refused viewer is on; read the ASN from\nGeoLite2-ASN and log it with the matched network.", {
        "src/main/java/tv/tribuna/gate/GeoGate.java": repo.edit("src/main/java/tv/tribuna/gate/GeoGate.java",
            '        LOG.warnf("playback denied: country %s not in territory of %s event=%s ip=%s", iso, event.rights(), event.id(), ip.getHostAddress());\n',
            '        var asn = asns.tryAsn(ip);\n        LOG.warnf("playback denied: country %s not in territory of %s event=%s ip=%s asn=%s network=%s", iso, event.rights(), event.id(), ip.getHostAddress(),\n                asn.map(a -> a.getAutonomousSystemNumber()).orElse(null), asn.map(a -> a.getNetwork()).orElse(null));\n').replace(
            "    private final DatabaseReader country;\n", "    private final DatabaseReader country;\n    private final DatabaseReader asns;\n").replace(
            "        this.country = new DatabaseReader.Builder(new File(path)).build();\n",
            "        this.country = new DatabaseReader.Builder(new File(path)).build();\n        this.asns = new DatabaseReader.Builder(new File(path.replace(\"GeoIP2-Country\", \"GeoLite2-ASN\"))).build();\n"),
    })
    repo.commit(utc("2026-10-13 10:55:00"), rita, "territories: add LI to the 2. Bundesliga package\n\nRights team ticket RIGHTS-212: Liechtenstein from matchday 10.", {
        "config/territories.yaml": repo.edit("config/territories.yaml", "2-bundesliga:\n  - DE\n  - AT\n", "2-bundesliga:\n  - DE\n  - AT\n  - LI\n"),
    })
    head = repo.commit(utc("2026-10-13 12:40:00"), julia, "ci: cache ~/.m2 between jobs", {
        ".gitlab-ci.yml": repo.edit(".gitlab-ci.yml", "stages: [test, package, deploy]\n", "stages: [test, package, deploy]\n\ncache:\n  key: m2\n  paths: [.m2/repository]\n\nvariables:\n  MAVEN_OPTS: -Dmaven.repo.local=.m2/repository\n"),
    })
    repo.commit(utc("2026-10-14 07:20:00"), lukas, "gate: log the GeoIP databases' build dates at start-up\n\nOn 13 October MaxMind's weekly release placed O2 mobile ranges in Spain;\nthe gate picked it up at the 15:31 restart and nobody could see which\ndatabase it was reading.", {
        "src/main/java/tv/tribuna/gate/GeoGate.java": repo.edit("src/main/java/tv/tribuna/gate/GeoGate.java",
            '        LOG.infof("geo database loaded: %s", path);\n',
            '        LOG.infof("geo database loaded: %s type=%s build=%s", path, country.getMetadata().getDatabaseType(), country.getMetadata().getBuildDate().toInstant());\n'),
    })
    return repo, previous, head


# ---------------------------------------------------------------------------

O2_MOVED = ["176.0", "176.1", "176.2", "176.3", "89.204"]   # now "ES" in the new release
O2_KEPT = ["82.113", "78.52", "31.16"]
DE_OTHER = ["80.187", "91.14", "84.160", "88.64", "94.134", "2.200", "93.229", "87.123", "46.114", "79.246"]
FOREIGN = [("NL", "145.53"), ("US", "73.12"), ("GB", "86.13"), ("PL", "83.4"), ("ES", "88.26"), ("TR", "88.230"), ("FR", "90.12")]


def build_logs(rng, previous, head):
    gate_logs = {h: Log(f"{h}-stream-gate.log") for h, _ in HOSTS}
    haproxy = Log("haproxy.log")
    syslog = Log("gates-syslog.log")
    ci = Log("gitlab-deploy.log")
    support = Log("support-escalations.log")
    denials = []
    onset_marks = []

    def quarkus(host, t, level, category, thread, msg):
        t = t.astimezone(dt.timezone.utc)
        gate_logs[host].add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S,')}{t.microsecond // 1000:03d} {level:<5} [{category}] ({thread}) {msg}")

    def sys(host, t, tag, pid, msg):
        syslog.add(t, syslog3164(t, host, tag, pid, msg))

    # --- the VMs' syslog: cron, geoipupdate, routine ------------------------------------------------------
    for host, _ in HOSTS:
        hour = SYSLOG_START.replace(minute=17, second=1)
        while hour < END:
            sys(host, hour, "CRON", rng.randint(20000, 60000), "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
            hour += dt.timedelta(hours=1)
        for t in poisson_times(rng, SYSLOG_START, END, 1 / 30):
            sys(host, t, "systemd", 1, rng.choice(["Starting sysstat-collect.service - system activity accounting tool...", "sysstat-collect.service: Deactivated successfully.",
                                                   "Finished sysstat-collect.service - system activity accounting tool."]))
        t = utc("2026-10-13 06:25:03") + dt.timedelta(seconds=rng.randint(0, 300))
        sys(host, t, "systemd", 1, "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...")
        sys(host, t + dt.timedelta(seconds=41), "systemd", 1, "apt-daily-upgrade.service: Deactivated successfully.")
        sys(host, t + dt.timedelta(seconds=41), "systemd", 1, "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities.")
        t = GEOIPUPDATE + dt.timedelta(seconds=rng.randint(0, 3) if host == "gate-2" else 0)
        pid = rng.randint(20000, 60000)
        sys(host, t, "CRON", pid, "(root) CMD (/usr/bin/geoipupdate -v 2>&1 | /usr/bin/logger -t geoipupdate)")
        md5_old, md5_new, asn_old, asn_new = hexid(rng, 32), "9c2e41b07f6a5d83e1c4b2a90f17d6e3", hexid(rng, 32), hexid(rng, 32)
        for k, text in enumerate(["geoipupdate version 7.0.1 (9e7b4e1c, 2024-06-18T16:03:48Z, linux-amd64)", "Using config file /etc/GeoIP.conf",
                                  "Using database directory /var/lib/GeoIP", "Initializing file lock at /var/lib/GeoIP/.geoipupdate.lock",
                                  "Acquired lock file at /var/lib/GeoIP/.geoipupdate.lock", f"Calculated MD5 sum for /var/lib/GeoIP/GeoIP2-Country.mmdb: {md5_old}",
                                  f"Requesting updates for GeoIP2-Country: https://updates.maxmind.com/geoip/databases/GeoIP2-Country/update?db_md5={md5_old}",
                                  f"Database GeoIP2-Country successfully updated: {md5_new}", f"Calculated MD5 sum for /var/lib/GeoIP/GeoLite2-ASN.mmdb: {asn_old}",
                                  f"Requesting updates for GeoLite2-ASN: https://updates.maxmind.com/geoip/databases/GeoLite2-ASN/update?db_md5={asn_old}",
                                  f"Database GeoLite2-ASN successfully updated: {asn_new}"]):
            sys(host, t + dt.timedelta(milliseconds=300 + 420 * k), "geoipupdate", None, text)
        # CI connects to restart the service
        for when in (RELEASE, ROLLBACK):
            offset = dt.timedelta(seconds=0 if host == "gate-1" else 92)
            ts = when + offset
            spid = rng.randint(100000, 200000)
            sys(host, ts - dt.timedelta(seconds=6), "sshd", spid, f"Accepted publickey for deploy from 10.20.0.40 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:Xq3v1Q8cRzJ5mJ2Ow0G7l9uKpT4aYbHfNwE6sVdC1iM")
            sys(host, ts - dt.timedelta(seconds=6), "sshd", spid, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)")
            sys(host, ts - dt.timedelta(seconds=1), "sudo", None, "  deploy : PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart stream-gate")
            sys(host, ts, "systemd", 1, "Stopping stream-gate.service - Tribuna stream gate...")
            sys(host, ts + dt.timedelta(seconds=1), "systemd", 1, "stream-gate.service: Deactivated successfully.")
            sys(host, ts + dt.timedelta(seconds=1), "systemd", 1, "Stopped stream-gate.service - Tribuna stream gate.")
            sys(host, ts + dt.timedelta(seconds=1), "systemd", 1, f"stream-gate.service: Consumed {rng.randint(1, 30)}h {rng.randint(1, 59)}min {rng.uniform(1, 59):.3f}s CPU time.")
            sys(host, ts + dt.timedelta(seconds=1), "systemd", 1, "Started stream-gate.service - Tribuna stream gate.")
            sys(host, ts + dt.timedelta(seconds=9), "sshd", spid, "pam_unix(sshd:session): session closed for user deploy")

    # --- releases: CI job and restarts --------------------------------------------------------------
    def job(when, sha, title, job_id, rollback=False):
        t = when - dt.timedelta(seconds=25)

        def out(tt, text, stream="01O"):
            ci.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}Z {stream} {text}")

        out(t, f"Running with gitlab-runner 17.4.0 (b92ee590)")
        out(t + dt.timedelta(seconds=1), f"  on tribuna-shell-runner-2 t3_Hq9Xv, system ID: s_5c1e0d2a7b44")
        out(t + dt.timedelta(seconds=2), f"Fetching changes with git depth set to 20...")
        out(t + dt.timedelta(seconds=4), f"Checking out {sha[:8]} as detached HEAD (ref is main)...")
        out(t + dt.timedelta(seconds=5), f'Job {job_id}: {"rollback to" if rollback else "deploy"} {sha[:8]} "{title}"')
        out(t + dt.timedelta(seconds=6), f"$ ./deploy/rollout.sh 2.31.0 {sha}")
        for i, (host, _) in enumerate(HOSTS):
            base = when + dt.timedelta(seconds=92 * i)
            out(base - dt.timedelta(seconds=14), f"[{host}] uploading stream-gate-2.31.0-runner.jar ({sha})")
            out(base + dt.timedelta(seconds=8), f"[{host}] ready")
        out(when + dt.timedelta(seconds=101), "Cleaning up project directory and file based variables")
        out(when + dt.timedelta(seconds=102), "Job succeeded")

    job(RELEASE, head, "ci: cache ~/.m2 between jobs", 88213)
    job(ROLLBACK, previous, "playback: answer 451 with the rights package and territory", 88241, rollback=True)

    def new_db(host, t):
        start = RELEASE + dt.timedelta(seconds=0 if host == "gate-1" else 92)
        return t >= start + dt.timedelta(seconds=7)

    def logs_asn(host, t):
        start = RELEASE + dt.timedelta(seconds=0 if host == "gate-1" else 92)
        back = ROLLBACK + dt.timedelta(seconds=0 if host == "gate-1" else 92)
        return start + dt.timedelta(seconds=7) <= t < back + dt.timedelta(seconds=7)

    for host, _ in HOSTS:
        for when, sha in ((RELEASE, head), (ROLLBACK, previous)):
            ts = when + dt.timedelta(seconds=0 if host == "gate-1" else 92)
            quarkus(host, ts, "INFO", "io.quarkus", "Shutdown thread", f"stream-gate stopped in 0.0{rng.randint(21, 68)}s")
            tb = ts + dt.timedelta(seconds=3, milliseconds=rng.randint(0, 900))
            quarkus(host, tb, "INFO", "tv.tri.gat.GeoGate", "main", "geo database loaded: /var/lib/GeoIP/GeoIP2-Country.mmdb")
            quarkus(host, tb + dt.timedelta(milliseconds=140), "INFO", "tv.tri.gat.Territories", "main", f"territories loaded: 3 rights packages (commit {sha[:8]})")
            quarkus(host, tb + dt.timedelta(milliseconds=610), "INFO", "io.quarkus", "main", f"stream-gate 2.31.0 on JVM (powered by Quarkus 3.15.1) started in {rng.uniform(1.6, 2.4):.3f}s. Listening on: http://0.0.0.0:8080")
            quarkus(host, tb + dt.timedelta(milliseconds=611), "INFO", "io.quarkus", "main", "Profile prod activated. ")
            quarkus(host, tb + dt.timedelta(milliseconds=612), "INFO", "io.quarkus", "main", "Installed features: [cdi, micrometer, rest, rest-jackson, smallrye-context-propagation, smallrye-health, vertx]")
        for t in poisson_times(rng, START, END, 0.2):
            quarkus(host, t, "INFO", "tv.tri.gat.EntitlementClient", f"vert.x-eventloop-thread-{rng.randint(0, 3)}", f"entitlement cache refreshed: {rng.randint(181000, 186000)} active subscriptions")

    # --- HAProxy: server state at restarts ------------------------------------------------------------
    def hap(t, msg):
        haproxy.add(t, syslog3164(t, "lb-1", "haproxy", 1123, msg))

    for when in (RELEASE, ROLLBACK):
        for i, (host, _) in enumerate(HOSTS):
            ts = when + dt.timedelta(seconds=92 * i)
            left = 1
            hap(ts + dt.timedelta(seconds=1), f"Server be_gate/{host} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. {left} active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.")
            hap(ts + dt.timedelta(seconds=6), f"Server be_gate/{host} is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.")

    # --- playback token requests --------------------------------------------------------------------------
    def rate(t):
        minutes_to = (KICKOFF - t).total_seconds() / 60
        if minutes_to > 60:
            return 9.0
        if minutes_to > 0:
            return 9.0 + 30.0 * (60 - minutes_to) / 60
        return max(14.0, 39.0 - 0.8 * (-minutes_to))

    def down(host, t):
        for when in (RELEASE, ROLLBACK):
            ts = when + dt.timedelta(seconds=0 if host == "gate-1" else 92)
            if ts <= t < ts + dt.timedelta(seconds=6):
                return True
        return False

    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for when in poisson_times(rng, t, nxt, rate(t)):
            host = rng.choice(HOSTS)[0]
            if down(host, when):
                host = "gate-2" if host == "gate-1" else "gate-1"
            event = rng.choices(EVENTS, [5, 4, 1, 1])[0]
            roll = rng.random()
            if roll < 0.035:
                country, pre = rng.choice(FOREIGN)
                network = "foreign"
            elif roll < 0.20:
                country, pre, network = "DE", rng.choice(O2_MOVED), "o2-moved"
            elif roll < 0.29:
                country, pre, network = "DE", rng.choice(O2_KEPT), "o2"
            else:
                country, pre, network = "DE", rng.choice(DE_OTHER), "other"
            if event[1] == "del" and rng.random() < 0.3:
                country, pre, network = rng.choice([("AT", "83.64"), ("CH", "85.1")]) + ("other",)
            ip_addr = f"{pre}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            seen = "ES" if network == "o2-moved" and new_db(host, when) else country
            allowed = seen in TERRITORY[event[1]]
            thread = f"executor-thread-{rng.randint(1, 48)}"
            took = rng.randint(6, 30)
            e = when + dt.timedelta(milliseconds=took)
            user = f"u{rng.randint(1000000, 9999999)}"
            if allowed:
                if rng.random() < 0.5:
                    quarkus(host, e, "INFO", "tv.tri.gat.PlaybackResource", thread, f"playback token issued event={event[0]} user={user} country={seen}")
                status, size = 200, 642
            else:
                if logs_asn(host, e):
                    asn = 6805 if network.startswith("o2") else rng.choice([1136, 7922, 5089, 12479, 9121, 3215])
                    net = {"176.0": "176.0.0.0/15", "176.1": "176.0.0.0/15", "176.2": "176.2.0.0/15", "176.3": "176.2.0.0/15", "89.204": "89.204.128.0/18"}.get(pre, f"{pre}.0.0/16")
                    quarkus(host, e, "WARN", "tv.tri.gat.GeoGate", thread, f"playback denied: country {seen} not in territory of {event[1]} event={event[0]} ip={ip_addr} asn={asn} network={net}")
                else:
                    quarkus(host, e, "WARN", "tv.tri.gat.GeoGate", thread, f"playback denied: country {seen} not in territory of {event[1]} event={event[0]} ip={ip_addr}")
                status, size = 451, 118
                if seen == "ES" and country == "DE":
                    denials.append(e)
            stamp = when.strftime("%d/%b/%Y:%H:%M:%S.") + f"{when.microsecond // 1000:03d}"
            conns = int(rate(t) * 3) + rng.randint(0, 20)
            hap(e, f'{ip_addr}:{rng.randint(1024, 65535)} [{stamp}] fe_https~ be_gate/{host} 0/0/1/{took}/{took + 1} {status} {size} - - ---- {conns}/{conns - 2}/{rng.randint(1, 9)}/{rng.randint(0, 5)}/0 0/0 "POST /v1/playback/{event[0]}/token HTTP/1.1"')
            if status == 451 and rng.random() < 0.5:
                # the app retries once, same answer
                r = e + dt.timedelta(seconds=rng.uniform(2, 6))
                stamp = r.strftime("%d/%b/%Y:%H:%M:%S.") + f"{r.microsecond // 1000:03d}"
                hap(r, f'{ip_addr}:{rng.randint(1024, 65535)} [{stamp}] fe_https~ be_gate/{host} 0/0/1/{took}/{took + 1} 451 118 - - ---- {conns}/{conns - 2}/{rng.randint(1, 9)}/{rng.randint(0, 5)}/0 0/0 "POST /v1/playback/{event[0]}/token HTTP/1.1"')
        t = nxt

    # --- support escalations ------------------------------------------------------------------------------
    def slack(when, user, text):
        support.add(when, json.dumps({"channel": "#support-escalations", "ts": f"{int(when.timestamp())}.{rng.randint(0, 999999):06d}", "user": user, "text": text}, ensure_ascii=False, separators=(",", ":")))

    slack(utc("2026-10-13 14:41:12"), "zendesk", "Ticket #884102 (normal): Rechnung doppelt abgebucht, Kunde u4481023 - an Billing")
    slack(utc("2026-10-13 15:06:40"), "zendesk", "Ticket #884131 (low): Untertitel beim DEL-Replay asynchron")
    slack(utc("2026-10-13 15:49:55"), "zendesk", "Ticket #884213 (high): \"Dieses Spiel ist in deinem Land nicht verfügbar\" - Kunde in München, O2 mobil, kein VPN")
    slack(utc("2026-10-13 15:54:21"), "zendesk", "Ticket #884219 (high): Pokal-Stream gesperrt \"nicht in deinem Land\", Kunde in Nürnberg (O2)")
    slack(utc("2026-10-13 15:57:02"), "miriam.scholz", "we have 9 tickets in 10 min, all \"not available in your country\" from people in Germany, all on mobile. anything changed?")
    slack(utc("2026-10-13 16:03:48"), "zendesk", "Ticket #884260 (urgent): Sammelticket - 41 Tickets seit 15:45 \"nicht in deinem Land verfügbar\", überwiegend O2/Telefónica mobil, WLAN geht")
    slack(utc("2026-10-13 16:06:15"), "julia.kraus", "gate-on-call here: denials jumped at 15:32 when we released. rolling back now")
    slack(utc("2026-10-13 16:14:30"), "miriam.scholz", "still coming in after the rollback, 80+ now. Social team says @o2de is getting tagged too")
    slack(utc("2026-10-13 16:21:05"), "julia.kraus", "rollback didn't help. the refused addresses look up as ES now, AS6805 (Telefónica Germany). checking where the country comes from")
    return [*gate_logs.values(), haproxy, syslog, ci, support], denials


def build(out_dir):
    rng = random.Random(16400)
    repo, previous, head = build_repo()
    try:
        logs, denials = build_logs(rng, previous, head)
        onset = min(denials).replace(microsecond=0)

        def denied(country):
            def fn(t):
                base = 0.25 if country == "other" else 0.0
                if country == "ES" and t >= RELEASE + dt.timedelta(seconds=7):
                    share = 0.5 if t < RELEASE + dt.timedelta(seconds=99) else 1.0
                    minutes_to = (KICKOFF - t).total_seconds() / 60
                    r = 9.0 if minutes_to > 60 else (9.0 + 30.0 * (60 - minutes_to) / 60 if minutes_to > 0 else max(14.0, 39.0 - 0.8 * -minutes_to))
                    return round(r * 0.15 * share / 60 * 1.5, 4)
                return round(base / 60 + (0.002 if country == "ES" else 0.0), 4)
            return fn

        metrics = {
            "stream_gate_denied_total_rate.json": query_range(
                [({"job": "stream-gate", "country": c}, denied(c)) for c in ("ES", "other")], START, END, 30),
        }
        return write_scenario(
            out_dir, name="geoip-database-update-none", service=SERVICE, onset=onset, metrics=metrics,
            description=f"""
Viewers in Germany are refused as out of territory. From {onset.strftime('%H:%M')} UTC stream-gate
refuses playback tokens (451 "country ES not in territory") to viewers on
O2 mobile in Germany, for the DFB-Pokal evening (kick-off 16:00 UTC);
support escalations pile up. stream-gate was released at 15:31 (GitLab
names a CI cache commit; the release carries a territories change) and
rolled back at 16:08 without effect.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"Database .* successfully updated", r"playback denied: country .* not in territory"],
            fix_files=[],
            explanation="""
Nothing in this repository caused it. MaxMind's weekly GeoIP2 Country
release, installed on both VMs by the platform team's geoipupdate cron at
04:17 ("Database GeoIP2-Country successfully updated"), places ranges of
Telefónica Germany's mobile CGNAT pools (AS6805) in Spain. stream-gate
opens the database only at start-up, so nothing changes until the 15:31
release restarts the gates: from then on O2 mobile viewers in Germany are
refused ("playback denied: country ES not in territory of dfb-pokal ...
asn=6805"). The rollback at 16:08 restarts them on the same file and
changes nothing. The fix is outside the repository: pin the previous
database and report the ranges to MaxMind.

Decoys: the 15:31 release itself, with gate-1's restart 48 seconds before
the first refusal, named after the CI cache commit and carrying the
territories change (LI added to the 2. Bundesliga package, same file and
words as the refusals), the commit that adds asn and network to the
refusal line, and the geoip2 library bump; the rollback; the docs page on
how the gate decides; chores; the start-up logging commit after.
""",
        )
    finally:
        repo.close()
