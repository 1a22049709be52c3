"""stays-search (Java 21, Spring Boot, three pods of 6 GiB; team in Berlin,
Bengaluru and Montréal): Nidra Stays' search API for holiday rentals. It
keeps an availability cache (Caffeine, up to 400k entries, each written for
10 minutes) on the heap; the JVM's options are in JAVA_TOOL_OPTIONS in
k8s/deployment.yaml, and a gc-log sidecar tails the JVM's GC log.

On Thursday morning a commit switches the JVM from G1 (65 % of the pod's
memory, 200 ms pause goal) to ParallelGC with a fixed 4.5 GB heap and
AlwaysPreTouch: a 20-minute load test in the perf environment had shown 9 %
more searches per core. The cache's entries live ten minutes: long enough to
be promoted to the old generation, short enough to die there. G1 cleaned the
old generation concurrently, in small pauses; ParallelGC only cleans it with a
stop-the-world full collection of the whole old generation. With the
morning's traffic that happens once an hour and takes 2-3 s per pod, which
nobody notices. At the afternoon peak the cache is full, promotion is fast,
full collections come every one to three minutes and take 5-8 s; requests
that land in one wait past the ingress's 6 s read timeout (504), probes time
out, and a pod whose old generation stays nearly full after a collection
goes into back-to-back full collections, fails three liveness probes and is
restarted; its traffic moves to the other two, whose caches and promotion
grow, and they follow. At 15:34 the on-call engineer syncs Argo CD back to
Wednesday's revision (G1 again) and the pauses stop.

Decoys: the inventory client's read timeout cut from 2 s to 800 ms with a
warning for each timed-out call, rolled out at 14:12, 33 minutes before the
onset (the start-up lines name it, and after the onset its warning fires
whenever a GC pause outlasts a call); the caffeine bump the same morning;
the tests commit the morning rollout names; two earlier edits of
k8s/deployment.yaml (memory 4 -> 6 GiB with a larger cache, zone spread);
a search-code change; docs on the cache's sizing; chores; a runbook commit
after the onset. App (Spring Boot, line format, with the JVM's own
"Picked up JAVA_TOOL_OPTIONS" line), the GC log (JVM unified logging through
`kubectl logs --prefix`, line format), ingress-nginx access, kubelet (klog),
inventory-service (JSON), Argo CD (logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, logfmt, spring
from skeletons import chores, java_service, runbook

SERVICE = "stays-search"
PKG = "com.nidra.stays.search"
PKG_PATH = PKG.replace(".", "/")
START, END = utc("2026-11-12 12:50:00"), utc("2026-11-12 16:00:00")
ARGO_START = utc("2026-11-12 07:40:00")
MORNING_DEPLOY = utc("2026-11-12 08:06:00")
CONFIG_DEPLOY = utc("2026-11-12 14:12:00")
ROLLBACK = utc("2026-11-12 15:34:00")
READ_TIMEOUT = 6.0  # nginx.ingress.kubernetes.io/proxy-read-timeout

OPTS_G1 = "-XX:+UseG1GC -XX:MaxRAMPercentage=65 -XX:MaxGCPauseMillis=200 -Xlog:gc:file=/var/log/jvm/gc.log:time,level,tags:filecount=5,filesize=20m"
OPTS_PARALLEL = "-XX:+UseParallelGC -Xms4608m -Xmx4608m -XX:+AlwaysPreTouch -Xlog:gc:file=/var/log/jvm/gc.log:time,level,tags:filecount=5,filesize=20m"

DEPLOYMENT = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: stays-search
  labels:
    app: stays-search
spec:
  replicas: 3
  selector:
    matchLabels:
      app: stays-search
  template:
    metadata:
      labels:
        app: stays-search
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8080"
        prometheus.io/path: /actuator/prometheus
    spec:
      serviceAccountName: stays-search
      containers:
        - name: stays-search
          image: registry.internal/stays-search:latest
          ports:
            - containerPort: 8080
          env:
            - name: SPRING_PROFILES_ACTIVE
              value: "production"
            - name: JAVA_TOOL_OPTIONS
              value: "-XX:+UseG1GC -XX:MaxRAMPercentage=65 -XX:MaxGCPauseMillis=200 -Xlog:gc:file=/var/log/jvm/gc.log:time,level,tags:filecount=5,filesize=20m"
          resources:
            requests:
              cpu: "2"
              memory: 4Gi
            limits:
              memory: 4Gi
          volumeMounts:
            - name: jvm-logs
              mountPath: /var/log/jvm
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: 8080
            periodSeconds: 5
            timeoutSeconds: 1
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: 8080
            initialDelaySeconds: 40
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
        - name: gc-log
          image: busybox:1.36
          args: ["sh", "-c", "touch /var/log/jvm/gc.log; tail -n0 -F /var/log/jvm/gc.log"]
          volumeMounts:
            - name: jvm-logs
              mountPath: /var/log/jvm
      volumes:
        - name: jvm-logs
          emptyDir: {{}}
"""

APPLICATION_YML = """server:
  port: 8080
  shutdown: graceful
spring:
  application:
    name: stays-search
  datasource:
    url: jdbc:postgresql://listings-db.search.svc:5432/listings
    hikari:
      maximum-pool-size: 16
management:
  endpoint:
    health:
      probes:
        enabled: true
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
availability:
  cache:
    maximum-size: 250000
    expire-after-write: 10m
inventory:
  base-url: http://inventory.inventory.svc:8080
  connect-timeout: 300ms
  read-timeout: 2s
"""

INVENTORY_CLIENT = f"""package {PKG}.inventory;

import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** Nightly availability for listings the cache does not hold. */
@Component
public class InventoryClient {{
    private static final Logger log = LoggerFactory.getLogger(InventoryClient.class);
    private final RestClient http;

    public InventoryClient(RestClient inventoryRestClient) {{
        this.http = inventoryRestClient;
    }}

    public List<Night> availability(List<Long> listingIds, LocalDate from, LocalDate to) {{
        try {{
            return http.post().uri("/v2/availability:batchGet")
                .body(new BatchGet(listingIds, from, to))
                .retrieve().body(NightList.class).nights();
        }} catch (ResourceAccessException e) {{
            return List.of();
        }}
    }}
}}
"""

AVAILABILITY_CACHE = f"""package {PKG}.availability;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Availability per (listing, month), read through from inventory-service.
 * Entries are written for expire-after-write (10 min): long enough to absorb
 * the repeated searches of a busy afternoon, short enough for fresh prices.
 */
@Component
public class AvailabilityCache {{
    private final Cache<ListingMonth, MonthAvailability> cache;

    public AvailabilityCache(@Value("${{availability.cache.maximum-size}}") long maximumSize,
                             @Value("${{availability.cache.expire-after-write}}") Duration ttl) {{
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).recordStats().build();
    }}

    public MonthAvailability get(ListingMonth key, java.util.function.Function<ListingMonth, MonthAvailability> load) {{
        return cache.get(key, load);
    }}

    public com.github.benmanes.caffeine.cache.stats.CacheStats stats() {{
        return cache.stats();
    }}

    public long size() {{
        return cache.estimatedSize();
    }}
}}
"""

SEARCH_SERVICE = f"""package {PKG}.search;

import java.util.List;

import {PKG}.availability.AvailabilityCache;
import org.springframework.stereotype.Service;

@Service
public class SearchService {{
    private final ListingRepository listings;
    private final AvailabilityCache availability;

    public SearchService(ListingRepository listings, AvailabilityCache availability) {{
        this.listings = listings;
        this.availability = availability;
    }}

    public SearchResult search(SearchQuery q) {{
        List<Listing> candidates = listings.within(q.area(), q.guests());
        List<Listing> free = candidates.stream().filter(l -> availability.isFree(l, q.checkIn(), q.checkOut())).toList();
        return SearchResult.of(free, q.sort(), q.page());
    }}
}}
"""


def build_repo():
    lena = Person("Lena Vogt", "lena.vogt@nidrastays.com", 60)
    arjun = Person("Arjun Mehta", "arjun.mehta@nidrastays.com", 330)
    camille = Person("Camille Tremblay", "camille.tremblay@nidrastays.com", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = java_service(SERVICE, PKG, "Search API for Nidra Stays' holiday rentals: listings in an area with their availability and prices.")
    files["build.gradle"] = files["build.gradle"].replace(
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n",
        "    implementation 'io.micrometer:micrometer-registry-prometheus'\n"
        "    implementation 'org.springframework.boot:spring-boot-starter-data-jdbc'\n"
        "    implementation 'com.github.ben-manes.caffeine:caffeine:3.1.8'\n"
        "    runtimeOnly 'org.postgresql:postgresql'\n")
    files["Dockerfile"] = files["Dockerfile"].replace('ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app.jar"]',
                                                      '# JVM options come from JAVA_TOOL_OPTIONS in k8s/deployment.yaml\nENTRYPOINT ["java", "-jar", "/app.jar"]')
    files["src/main/resources/application.yml"] = APPLICATION_YML
    files[f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java"] = INVENTORY_CLIENT
    files[f"src/main/java/{PKG_PATH}/availability/AvailabilityCache.java"] = AVAILABILITY_CACHE
    files[f"src/main/java/{PKG_PATH}/search/SearchService.java"] = SEARCH_SERVICE
    files["k8s/deployment.yaml"] = DEPLOYMENT
    files["k8s/ingress.yaml"] = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: stays-search
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "6"
spec:
  ingressClassName: nginx
  rules:
    - host: api.nidrastays.com
      http:
        paths:
          - path: /v1/search
            pathType: Prefix
            backend:
              service:
                name: stays-search
                port:
                  number: 80
"""
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("StaysSearch5xx", "More than 1 % of searches fail: check the ingress dashboard, then inventory-service and listings-db."),
        ("StaysSearchLatencyHigh", "p99 over 2 s: look at the availability cache's hit rate; a cold cache after a rollout sends every search to inventory-service."),
    ])
    repo.commit(utc("2026-11-05 09:10:00"), lena, "stays-search: import", files)
    repo.schedule(chores(random.Random(11301), SERVICE, [lena, arjun, camille], utc("2026-11-05 09:10:00"), utc("2026-11-12 12:00:00"), 4))
    repo.commit(utc("2026-11-09 14:10:00"), camille, "availability cache: 400k entries, pods 4 -> 6 GiB\n\nHit rate at Sunday's peak was 71 %; the cache was evicting by size\nbefore entries expired. 400k entries are about 2.2 GB on the heap.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "maximum-size: 250000", "maximum-size: 400000"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "              memory: 4Gi\n            limits:\n              memory: 4Gi\n",
                                         "              memory: 6Gi\n            limits:\n              memory: 6Gi\n"),
    })
    repo.commit(utc("2026-11-10 06:20:00"), arjun, "search: skip listings whose minimum stay is longer than the request", {
        f"src/main/java/{PKG_PATH}/search/SearchService.java": repo.edit(f"src/main/java/{PKG_PATH}/search/SearchService.java",
            "        List<Listing> free = candidates.stream().filter(l -> availability.isFree(l, q.checkIn(), q.checkOut())).toList();\n",
            "        List<Listing> free = candidates.stream()\n            .filter(l -> l.minimumNights() <= q.nights())\n            .filter(l -> availability.isFree(l, q.checkIn(), q.checkOut()))\n            .toList();\n"),
    })
    repo.commit(utc("2026-11-10 15:05:00"), camille, "docs: availability cache sizing", {
        "docs/availability-cache.md": "# Availability cache\n\nOne Caffeine cache per pod, keyed by (listing, month). Entries are written\nfor 10 minutes (`availability.cache.expire-after-write`) and the cache holds\nup to `maximum-size` entries, about 5.5 KB each on the heap.\n\nA cold pod sends every search to inventory-service; a rollout of all three\npods at the peak roughly triples inventory's load for ten minutes.\n",
    })
    repo.commit(utc("2026-11-11 09:40:00"), lena, "k8s: spread stays-search pods across zones", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "      serviceAccountName: stays-search\n",
                                         "      serviceAccountName: stays-search\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: stays-search\n"),
    })
    prev_head = repo.commit(utc("2026-11-11 16:55:00"), camille, "tests: search with an empty neighbourhood filter", {
        f"src/test/java/{PKG_PATH}/search/SearchServiceTests.java": f"package {PKG}.search;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nimport org.junit.jupiter.api.Test;\n\nclass SearchServiceTests {{\n    @Test\n    void emptyNeighbourhoodFilterMatchesTheWholeArea() {{\n        var q = SearchQueries.lisbon().neighbourhoods(java.util.List.of());\n        assertThat(Fixtures.searchService().search(q).total()).isEqualTo(42);\n    }}\n}}\n",
    })
    repo.commit(utc("2026-11-12 04:05:00"), bot, "Bump com.github.ben-manes.caffeine:caffeine from 3.1.8 to 3.2.0\n\nBumps [com.github.ben-manes.caffeine:caffeine](https://github.com/ben-manes/caffeine) from 3.1.8 to 3.2.0.\n- [Release notes](https://github.com/ben-manes/caffeine/releases)\n- [Commits](https://github.com/ben-manes/caffeine/compare/v3.1.8...v3.2.0)\n\n---\nupdated-dependencies:\n- dependency-name: com.github.ben-manes.caffeine:caffeine\n  dependency-type: direct:production\n  update-type: version-update:semver-minor\n", {
        "build.gradle": repo.edit("build.gradle", "caffeine:3.1.8", "caffeine:3.2.0"),
    })
    culprit = repo.commit(utc("2026-11-12 07:24:00"), arjun, "jvm: ParallelGC with a fixed 4.5 GB heap\n\nThe perf-env load test (20 min at 1.5x Tuesday's peak) gave 9 % more\nsearches per core and an 11 ms lower p50 with ParallelGC: search mostly\nallocates short-lived garbage. A fixed heap with AlwaysPreTouch stops the\nheap resizing and claims the memory at start; 4.5 GB leaves 1.5 GB of\nthe pod's 6 GiB for metaspace, threads and direct buffers.", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", OPTS_G1, OPTS_PARALLEL),
    })
    morning_head = repo.commit(utc("2026-11-12 07:51:00"), lena, "tests: availability cache entries expire after ten minutes", {
        f"src/test/java/{PKG_PATH}/availability/AvailabilityCacheTests.java": f"package {PKG}.availability;\n\nimport static org.assertj.core.api.Assertions.assertThat;\n\nimport java.time.Duration;\n\nimport org.junit.jupiter.api.Test;\n\nclass AvailabilityCacheTests {{\n    @Test\n    void entriesExpireAfterTheTtl() {{\n        var ticker = new FakeTicker();\n        var cache = AvailabilityCache.forTests(100, Duration.ofMinutes(10), ticker);\n        cache.get(ListingMonth.of(7, \"2026-12\"), k -> MonthAvailability.allFree());\n        ticker.advance(Duration.ofMinutes(11));\n        assertThat(cache.size()).isZero();\n    }}\n}}\n",
    })
    config_head = repo.commit(utc("2026-11-12 13:49:00"), camille, "inventory: read timeout 2 s -> 800 ms, log calls that time out\n\ninventory-service's p99 is 140 ms. When it hangs, a search waited 2 s\nbefore falling back to the listings without live availability. Log each\ntimed-out call so we can see how often the fallback is used.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  read-timeout: 2s\n", "  read-timeout: 800ms\n"),
        f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java": repo.edit(f"src/main/java/{PKG_PATH}/inventory/InventoryClient.java",
            "        } catch (ResourceAccessException e) {\n            return List.of();\n",
            "        } catch (ResourceAccessException e) {\n            log.warn(\"inventory availability call timed out for {} listings ({}), searching without live availability\", listingIds.size(), e.getMessage());\n            return List.of();\n"),
    })
    repo.commit(utc("2026-11-12 16:20:00"), lena, "runbook: long GC pauses, probes failing on every pod", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Every pod slow, liveness restarts, nothing in the app's errors\n\nRead the gc-log container (`kubectl logs deploy/stays-search -c gc-log`).\nFull collections (`Pause Full`) of several seconds stop every thread:\nrequests time out at the ingress, probes fail and the kubelet restarts the\npod. Check which collector the JVM runs (\"Using …\" at the top of the GC\nlog, \"Picked up JAVA_TOOL_OPTIONS\" in the app log) before anything else.\n",
    })
    return repo, culprit, prev_head, morning_head, config_head


def load(t):
    """Searches per minute at the ingress: the afternoon ramp (Europe after work, America's morning)."""
    h = (t - START).total_seconds() / 3600
    return 20 + 58 * min(1.0, max(0.0, (h - 0.15) / 1.55)) - 6 * max(0.0, h - 2.9)


def gc_prefix(pod, t):
    t = t.astimezone(dt.timezone.utc)
    return f"[pod/{pod}/gc-log] [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}+0000]"


AREAS = ["lisbon", "porto", "algarve", "madeira", "seville", "valencia", "mallorca", "provence", "tuscany", "crete"]
UAS = ["NidraStays/7.3.1 (iPhone; iOS 18.1)", "NidraStays/7.3.1 (Android 14; Pixel 7)", "NidraStays/7.2.9 (Android 13; SM-S911B)",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"]

HEAP, OLD_CAP, EDEN = 4608, 3072, 1152
G1_HEAP = 3994


class Jvm:
    def __init__(self, started, parallel, gc_id, old, cache):
        self.started = started
        self.parallel = parallel
        self.gc_id = gc_id
        self.old = old
        self.eden = 0.0
        self.promos = []      # (time, MB) promoted cache entries, for the cache's live size
        self.cache0 = cache   # live cache carried from before the logs begin
        self.pauses = []      # (start, end)
        self.up_at = started + dt.timedelta(seconds=21)

    def cache_live(self, t):
        recent = sum(mb for when, mb in self.promos if (t - when).total_seconds() < 600)
        carried = self.cache0 * max(0.0, 1 - (t - START).total_seconds() / 600) if self.cache0 else 0.0
        return min(2200.0, 0.92 * recent + carried)


def build_logs(rng, culprit, prev_head, morning_head, config_head):
    app = Log("stays-search.log")
    gclog = Log("stays-search-gc.log")
    ingress = Log("ingress-nginx-access.log")
    kubelet = Log("kubelet.log")
    inv = Log("inventory-service.log")
    argo = Log("argocd-application-controller.log")

    gens = [
        (MORNING_DEPLOY, [f"stays-search-6f7d9c8b45-{hexid(rng, 5)}" for _ in range(3)], morning_head, True),
        (CONFIG_DEPLOY, [f"stays-search-84c6b7d59f-{hexid(rng, 5)}" for _ in range(3)], config_head, True),
        (ROLLBACK, [f"stays-search-5b9f8d6c77-{hexid(rng, 5)}" for _ in range(3)], prev_head, False),
    ]
    pod_ip = {pod: f"10.52.{rng.randint(1, 3)}.{rng.randint(10, 250)}" for _, pods, _, _ in gens for pod in pods}

    def gen_at(slot, t):
        g = 0
        for i, (when, _, _, _) in enumerate(gens):
            if t >= when + dt.timedelta(seconds=5 + 35 * slot):
                g = i
        return g

    # --- Argo CD ---------------------------------------------------------------
    for when, sha, who in ((MORNING_DEPLOY, morning_head, None), (CONFIG_DEPLOY, config_head, None), (ROLLBACK, prev_head, "lena.vogt@nidrastays.com")):
        t0 = when - dt.timedelta(seconds=38)
        if who:
            argo.add(t0, logfmt(t0, "info", f"Initiated sync to '{sha}'", application="stays-search", dest_namespace="search", user=who))
        else:
            argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="stays-search", dest_namespace="search"))
        argo.add(when, logfmt(when, "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="stays-search", dest_namespace="search"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="stays-search", dest_namespace="search",
                                                              comparison_level=1, time_ms=rng.randint(40, 180)))])

    def jvm_start(slot, pod, t, g, restart=False):
        """The JVM's and Spring's start-up lines; returns the new Jvm."""
        parallel = gens[g][3]
        sha = gens[g][2]
        opts = OPTS_PARALLEL if parallel else OPTS_G1
        app.add(t, f"Picked up JAVA_TOOL_OPTIONS: {opts}")
        gclog.add(t + dt.timedelta(milliseconds=6), f"{gc_prefix(pod, t + dt.timedelta(milliseconds=6))}[info][gc] Using {'Parallel' if parallel else 'G1'}")
        lines = [
            (0.9, "main", f"{PKG}.StaysSearchApplication", "Starting StaysSearchApplication v2.31.0 using Java 21.0.5 with PID 1 (/app.jar started by app in /)"),
            (0.95, "main", f"{PKG}.StaysSearchApplication", 'The following 1 profile is active: "production"'),
            (4.2, "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
            (7.8, "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."),
            (8.3, "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."),
            (17.6, "main", f"{PKG}.BuildInfoLogger", f"stays-search 2.31.0 git.commit.id.abbrev={sha[:7]} pod={pod}"),
            (18.9, "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'"),
            (19.1, "main", f"{PKG}.StaysSearchApplication", f"Started StaysSearchApplication in 18.{rng.randint(100, 999)} seconds (process running for 19.{rng.randint(100, 999)})"),
        ]
        for off, thread, logger, msg in lines:
            tt = t + dt.timedelta(seconds=off + rng.uniform(0, 0.3))
            app.add(tt, spring(tt, "INFO", thread, logger, msg))
        return Jvm(t, parallel, 0, 30.0, 0.0)

    # rollouts inside the window (the morning one is before it)
    jvms = [None, None, None]
    for slot in range(3):
        g0_pod = gens[0][1][slot]
        uptime_gcs = rng.randint(560, 640)
        jvms[slot] = Jvm(MORNING_DEPLOY + dt.timedelta(seconds=20 * slot), True, uptime_gcs, rng.uniform(900, 2500), rng.uniform(200, 320))
        jvms[slot].up_at = START - dt.timedelta(hours=4)
    current_pod = [gens[0][1][s] for s in range(3)]
    down = [None, None, None]        # container down until (restart) or None
    restarts = [[] for _ in range(3)]
    rollover = {}                    # slot -> list of (time, gen) for rollouts
    for g in (1, 2):
        when = gens[g][0]
        for slot in range(3):
            rollover.setdefault(slot, []).append((when + dt.timedelta(seconds=5 + 35 * slot), g))

    def current_pod_at(slot, t):
        return gens[gen_at(slot, t)][1][slot]

    # --- GC and probe simulation, 100 ms steps ----------------------------------
    step = dt.timedelta(milliseconds=100)
    t = START
    live_fail = [0, 0, 0]
    ready_fail = [0, 0, 0]
    next_live = [START + dt.timedelta(seconds=rng.uniform(0, 10)) for _ in range(3)]
    next_ready = [START + dt.timedelta(seconds=rng.uniform(0, 5)) for _ in range(3)]
    paused_until = [START, START, START]
    not_ready = [False, False, False]
    major = {s: [] for s in range(3)}   # (time, pause s) of full collections, for metrics
    pauses = {s: [] for s in range(3)}  # (start, end) of every stop-the-world pause
    serving = {s: [] for s in range(3)}  # per second: in the service's endpoints
    old_samples = {s: [] for s in range(3)}
    hk_last = [START + dt.timedelta(seconds=rng.uniform(0, 30)) for _ in range(3)]
    cache_log = [START + dt.timedelta(seconds=rng.uniform(0, 60)) for _ in range(3)]
    ticks = 0
    while t < END:
        ticks += 1
        for slot in range(3):
            # rollouts: the new pod starts, the old one is terminated
            for when, g in rollover.get(slot, []):
                if when <= t < when + step:
                    old_pod = current_pod[slot]
                    new_pod = gens[g][1][slot]
                    jvms[slot] = jvm_start(slot, new_pod, t, g)
                    tt = t + dt.timedelta(seconds=24)
                    kubelet.add(tt, klog(tt, "I", 2611, "kuberuntime_container.go:779", f'"Killing container with a grace period" pod="search/{old_pod}" podUID="{hexid(rng, 8)}" containerName="stays-search" containerID="containerd://{hexid(rng, 64)}" gracePeriod=30'))
                    app.add(tt + dt.timedelta(milliseconds=40), spring(tt + dt.timedelta(milliseconds=40), "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"))
                    app.add(tt + dt.timedelta(milliseconds=310), spring(tt + dt.timedelta(milliseconds=310), "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete"))
                    current_pod[slot] = new_pod
                    down[slot] = None
                    paused_until[slot] = t
                    live_fail[slot] = ready_fail[slot] = 0
                    not_ready[slot] = True
                    next_live[slot] = t + dt.timedelta(seconds=40 + rng.uniform(0, 10))
            jvm = jvms[slot]
            pod = current_pod[slot]
            if down[slot] is not None:
                if t >= down[slot]:
                    g = gen_at(slot, t)
                    jvms[slot] = jvm = jvm_start(slot, pod, t, g, restart=True)
                    down[slot] = None
                    next_live[slot] = t + dt.timedelta(seconds=40 + rng.uniform(0, 10))
                    live_fail[slot] = ready_fail[slot] = 0
                    not_ready[slot] = True
                else:
                    continue
            if t < jvm.up_at:
                continue
            tj = t + dt.timedelta(microseconds=rng.randint(0, 99999))
            n_up = sum(1 for s in range(3) if down[s] is None and not not_ready[s] and t >= jvms[s].up_at) or 1
            share = load(t) / n_up
            if t >= paused_until[slot]:
                jvm.eden += (share / 60 * 34 + 4.5) * 0.1 * rng.uniform(0.8, 1.2)
                if jvm.eden >= (EDEN if jvm.parallel else max(300.0, min(1400.0, (G1_HEAP - 640 - jvm.cache_live(t)) * 0.55))):
                    jvm.gc_id += 1
                    eden = jvm.eden
                    surv = rng.uniform(60, 170)
                    if jvm.parallel:
                        promoted = eden * min(0.3, 0.035 + 0.00021 * share * share) * rng.uniform(0.8, 1.2)
                        before = jvm.old + eden + surv
                        jvm.old += promoted
                        jvm.promos.append((t, promoted))
                        pause = 0.09 + 0.00011 * eden + rng.uniform(0, 0.06)
                        after = jvm.old + surv
                        gclog.add(tj, f"{gc_prefix(pod, tj)}[info][gc] GC({jvm.gc_id}) Pause Young (Allocation Failure) {int(before)}M->{int(after)}M({HEAP}M) {pause * 1000:.3f}ms")
                        paused_until[slot] = tj + dt.timedelta(seconds=pause)
                        pauses[slot].append((tj, paused_until[slot]))
                        jvm.eden = 0.0
                        if jvm.old + promoted * 0.9 > OLD_CAP:
                            jvm.gc_id += 1
                            live = 640 + jvm.cache_live(t) + rng.uniform(-40, 60) + min(280, share * 7.5)
                            before = jvm.old + surv
                            after = min(live, OLD_CAP + surv - 10)
                            fpause = 0.3 + after / 1000 * 1.95 + max(0.0, after - 2750) / 1000 * 7 + rng.uniform(0, 0.5)
                            ts = paused_until[slot]
                            cause = "Ergonomics" if after < OLD_CAP - 150 else rng.choice(["Ergonomics", "Allocation Failure"])
                            gclog.add(ts, f"{gc_prefix(pod, ts)}[info][gc] GC({jvm.gc_id}) Pause Full ({cause}) {int(min(before, HEAP - 30))}M->{int(after)}M({HEAP}M) {fpause * 1000:.3f}ms")
                            jvm.old = after
                            paused_until[slot] = ts + dt.timedelta(seconds=fpause)
                            pauses[slot].append((ts, paused_until[slot]))
                            major[slot].append((ts, fpause))
                            if after > OLD_CAP - 240:
                                # the old generation is still nearly full: the next young collection cannot promote
                                jvm.eden = EDEN * rng.uniform(0.8, 0.97)
                    else:
                        promoted = eden * (0.03 + 0.004 * share) * rng.uniform(0.8, 1.2)
                        jvm.promos.append((t, promoted))
                        occupancy = 640 + jvm.cache_live(t) + rng.uniform(0, 300)
                        pause = 0.012 + 0.000012 * eden + rng.uniform(0, 0.02)
                        kind = weighted_kind(rng, occupancy)
                        gclog.add(tj, f"{gc_prefix(pod, tj)}[info][gc] GC({jvm.gc_id}) Pause Young ({kind}) (G1 Evacuation Pause) {int(occupancy + eden)}M->{int(occupancy)}M({G1_HEAP}M) {pause * 1000:.3f}ms")
                        if kind == "Concurrent Start":
                            jvm.gc_id += 1
                            tt = tj + dt.timedelta(milliseconds=int(pause * 1000) + 2)
                            gclog.add(tt, f"{gc_prefix(pod, tt)}[info][gc] GC({jvm.gc_id}) Concurrent Mark Cycle")
                            tt2 = tt + dt.timedelta(milliseconds=rng.randint(380, 900))
                            gclog.add(tt2, f"{gc_prefix(pod, tt2)}[info][gc] GC({jvm.gc_id}) Pause Remark {int(occupancy + 40)}M->{int(occupancy + 10)}M({G1_HEAP}M) {rng.uniform(6, 18):.3f}ms")
                            tt3 = tt2 + dt.timedelta(milliseconds=rng.randint(60, 200))
                            gclog.add(tt3, f"{gc_prefix(pod, tt3)}[info][gc] GC({jvm.gc_id}) Pause Cleanup {int(occupancy + 12)}M->{int(occupancy + 12)}M({G1_HEAP}M) {rng.uniform(0.3, 0.9):.3f}ms")
                            gclog.add(tt3, f"{gc_prefix(pod, tt3)}[info][gc] GC({jvm.gc_id}) Concurrent Mark Cycle {(tt3 - tt).total_seconds() * 1000:.3f}ms")
                        paused_until[slot] = tj + dt.timedelta(seconds=pause)
                        pauses[slot].append((tj, paused_until[slot]))
                        jvm.eden = 0.0
            # HikariCP's housekeeper runs every 30 s; a run delayed past 45 s is logged
            if t >= hk_last[slot] + dt.timedelta(seconds=30) and t >= paused_until[slot]:
                delta = (t - hk_last[slot]).total_seconds()
                if delta > 45:
                    app.add(tj, spring(tj, "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
                                      f"HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta={int(delta)}s{int((delta % 1) * 1000)}ms)."))
                hk_last[slot] = t
            if t >= cache_log[slot] and t >= paused_until[slot]:
                size = int(jvm.cache_live(t) / 5.5 * 1000)
                app.add(tj, spring(tj, "INFO", "scheduling-1", f"{PKG}.availability.CacheStatsLogger",
                                  f"availability cache size={min(size, 400000)} hitRate={min(0.93, 0.45 + size / 800000) if size else 0.0:.2f} evictions={int(max(0, size - 380000) / 10)} pod={pod}"))
                cache_log[slot] = t + dt.timedelta(seconds=60)
            if ticks % 300 == 0:
                old_samples[slot].append((t, jvm.old if jvm.parallel else 640 + jvm.cache_live(t)))
            # probes
            if t >= next_ready[slot]:
                failed = (paused_until[slot] - t).total_seconds() > 1.0
                if failed:
                    tt = tj + dt.timedelta(seconds=1)
                    kubelet.add(tt, klog(tt, "I", 2611, "prober.go:107", f'"Probe failed" probeType="Readiness" pod="search/{pod}" podUID="{hexid(rng, 8)}" containerName="stays-search" probeResult="failure" output="Get \\"http://{pod_ip[pod]}:8080/actuator/health/readiness\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"'))
                    ready_fail[slot] += 1
                    if ready_fail[slot] >= 3:
                        not_ready[slot] = True
                else:
                    ready_fail[slot] = 0
                    not_ready[slot] = False
                next_ready[slot] = t + dt.timedelta(seconds=5)
            if t >= next_live[slot]:
                failed = (paused_until[slot] - t).total_seconds() > 2.0
                if failed:
                    tt = tj + dt.timedelta(seconds=2)
                    kubelet.add(tt, klog(tt, "I", 2611, "prober.go:107", f'"Probe failed" probeType="Liveness" pod="search/{pod}" podUID="{hexid(rng, 8)}" containerName="stays-search" probeResult="failure" output="Get \\"http://{pod_ip[pod]}:8080/actuator/health/liveness\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"'))
                    live_fail[slot] += 1
                    if live_fail[slot] >= 3:
                        tt2 = tt + dt.timedelta(milliseconds=15)
                        kubelet.add(tt2, klog(tt2, "I", 2611, "kuberuntime_manager.go:1050", f'"Message for Container of pod" containerName="stays-search" containerStatusID={{"Type":"containerd","ID":"{hexid(rng, 64)}"}} pod="search/{pod}" containerMessage="Container stays-search failed liveness probe, will be restarted"'))
                        kubelet.add(tt2, klog(tt2, "I", 2611, "kuberuntime_container.go:779", f'"Killing container with a grace period" pod="search/{pod}" podUID="{hexid(rng, 8)}" containerName="stays-search" containerID="containerd://{hexid(rng, 64)}" gracePeriod=30'))
                        # SIGTERM waits for the collections; graceful shutdown then gives up after the grace period
                        tt3 = tt2 + dt.timedelta(seconds=rng.uniform(3, 9))
                        app.add(tt3, spring(tt3, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"))
                        dead = tt2 + dt.timedelta(seconds=30)
                        kubelet.add(dead, klog(dead, "I", 2611, "kubelet.go:2430", f'"SyncLoop (PLEG): event for pod" pod="search/{pod}" event={{"ID":"{hexid(rng, 8)}","Type":"ContainerDied","Data":"{hexid(rng, 64)}"}}'))
                        restarts[slot].append(tt2)
                        down[slot] = dead + dt.timedelta(seconds=rng.uniform(1.5, 3))
                        back = down[slot]
                        kubelet.add(back, klog(back, "I", 2611, "kubelet.go:2430", f'"SyncLoop (PLEG): event for pod" pod="search/{pod}" event={{"ID":"{hexid(rng, 8)}","Type":"ContainerStarted","Data":"{hexid(rng, 64)}"}}'))
                        paused_until[slot] = tt2
                        not_ready[slot] = True
                else:
                    live_fail[slot] = 0
                next_live[slot] = t + dt.timedelta(seconds=10)
        if ticks % 10 == 0:
            for slot in range(3):
                serving[slot].append(down[slot] is None and not not_ready[slot] and t >= jvms[slot].up_at)
        t += step
    return (app, gclog, ingress, kubelet, inv, argo), (gens, gen_at, current_pod_at, pod_ip, pauses, serving, restarts, major, old_samples)


def weighted_kind(rng, occupancy):
    if occupancy / G1_HEAP > 0.45 and rng.random() < 0.12:
        return "Concurrent Start"
    if rng.random() < 0.18:
        return "Mixed"
    return "Normal"


def ingress_line(rng, end, client, method, path, status, size, took, ua, upstream, up_len, up_rt, up_status):
    stamp = end.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(220, 640)} {took:.3f} '
            f'[search-stays-search-80] [] {upstream} {up_len} {up_rt} {up_status} {hexid(rng, 32)}')


def finish(pause_list, starts, t, service):
    """When a request that needs `service` seconds of running time, started at t, is done,
    given the pod's stop-the-world pauses."""
    import bisect
    cur, left = t, service
    i = max(0, bisect.bisect_right(starts, cur) - 1)
    while left > 0:
        while i < len(pause_list) and pause_list[i][1] <= cur:
            i += 1
        if i < len(pause_list) and pause_list[i][0] <= cur:
            cur = pause_list[i][1]
            continue
        nxt = pause_list[i][0] if i < len(pause_list) else None
        if nxt is None or cur + dt.timedelta(seconds=left) <= nxt:
            return cur + dt.timedelta(seconds=left)
        left -= (nxt - cur).total_seconds()
        cur = nxt
    return cur


def requests_pass(rng, logs, state):
    app, gclog, ingress, kubelet, inv, argo = logs
    gens, gen_at, current_pod_at, pod_ip, pauses, serving, restarts, major, old_samples = state
    starts = {s: [p[0] for p in pauses[s]] for s in range(3)}
    inv_calls = {}
    fives = {}
    t = START
    reqs = []
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        reqs += poisson_times(rng, t, nxt, load(t))
        t = nxt
    for t in reqs:
        sec = int((t - START).total_seconds())
        up = [s for s in range(3) if sec < len(serving[s]) and serving[s][sec]]
        client = f"10.20.{rng.randint(0, 7)}.{rng.randint(2, 250)}"
        ua = rng.choice(UAS)
        area = rng.choice(AREAS)
        month = rng.choice(["12", "12", "01", "02", "04", "05", "06", "07", "08"])
        day = rng.randint(1, 27)
        year = 2026 if month == "12" else 2027
        path = f"/v1/search?area={area}&checkin={year}-{month}-{day:02d}&nights={rng.randint(2, 14)}&guests={rng.randint(1, 6)}&page={rng.choice([1, 1, 1, 2, 3])}"
        if not up:
            end = t + dt.timedelta(milliseconds=rng.randint(0, 2))
            ingress.add(end, ingress_line(rng, end, client, "GET", path, 503, 190, 0.0, ua, "-", "-", "-", "-"))
            minute = end.replace(second=0, microsecond=0)
            fives[minute] = fives.get(minute, 0) + 1
            continue
        slot = rng.choice(up)
        pod = current_pod_at(slot, t)
        g = gen_at(slot, t)
        upstream = f"{pod_ip[pod]}:8080"
        service = ms(rng, 140, 0.45) / 1000
        miss = rng.random() < 0.35
        if miss:
            service += ms(rng, 55, 0.4) / 1000
            minute = t.replace(second=0, microsecond=0)
            inv_calls[minute] = inv_calls.get(minute, 0) + 1
        done = finish(pauses[slot], starts[slot], t, service)
        took = (done - t).total_seconds()
        killed = [r for r in restarts[slot] if t <= r < done]
        if miss and g == 1 and took - service > 0.8:
            # a pause outlasted the inventory call's 800 ms read timeout
            warn_at = finish(pauses[slot], starts[slot], t + dt.timedelta(seconds=0.02), 0.03)
            app.add(warn_at, spring(warn_at, "WARN", f"http-nio-8080-exec-{rng.randint(1, 200)}", f"{PKG}.inventory.InventoryClient",
                                    f"inventory availability call timed out for {rng.randint(8, 60)} listings (I/O error on POST request for \"http://inventory.inventory.svc:8080/v2/availability:batchGet\": Read timed out), searching without live availability"))
        if killed and (killed[0] - t).total_seconds() < READ_TIMEOUT:
            end = killed[0] + dt.timedelta(seconds=30)
            end = min(end, t + dt.timedelta(seconds=READ_TIMEOUT))
            ingress.add(end, ingress_line(rng, end, client, "GET", path, 504, 160, (end - t).total_seconds(), ua, upstream, 0, f"{(end - t).total_seconds():.3f}", 504))
            minute = end.replace(second=0, microsecond=0)
            fives[minute] = fives.get(minute, 0) + 1
            continue
        if took > READ_TIMEOUT:
            end = t + dt.timedelta(seconds=READ_TIMEOUT, milliseconds=rng.randint(0, 3))
            ingress.add(end, ingress_line(rng, end, client, "GET", path, 504, 160, READ_TIMEOUT + 0.001, ua, upstream, 0, f"{READ_TIMEOUT:.3f}", 504))
            minute = end.replace(second=0, microsecond=0)
            fives[minute] = fives.get(minute, 0) + 1
        else:
            size = rng.randint(4000, 38000)
            ingress.add(done, ingress_line(rng, done, client, "GET", path, 200, size, took + 0.001, ua, upstream, size, f"{took:.3f}", 200))
        if took > 2.0:
            app.add(done, spring(done, "WARN", f"http-nio-8080-exec-{rng.randint(1, 200)}", f"{PKG}.web.SlowRequestFilter",
                                 f"slow request GET /v1/search took {int(took * 1000)} ms (area={area})"))
    return inv_calls, fives


def inventory_log(rng, inv, inv_calls):
    """inventory-service: per-minute stats (its own latency stays normal) and routine lines."""
    t = START.replace(second=0)
    while t < END:
        n = inv_calls.get(t, 0) * 3 + rng.randint(90, 130)   # stays-search and the booking flow
        when = t + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
        inv.add(when, json.dumps({"time": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z", "level": "info", "logger": "stats",
                                  "msg": "http stats", "window": "60s", "requests": n, "errors_5xx": 0, "client_disconnects": 0,
                                  "p50_ms": rng.randint(28, 41), "p99_ms": rng.randint(96, 150)}, separators=(",", ":")))
        t += dt.timedelta(minutes=1)
    emit(rng, inv, START, END, 0.5, [
        (3, lambda t: json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": "info", "logger": "calendar.sync",
                                  "msg": "ical calendar synced", "listing": rng.randint(100000, 999999), "nights_changed": rng.randint(0, 9)}, separators=(",", ":"))),
        (1, lambda t: json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "level": "info", "logger": "pricing",
                                  "msg": "seasonal prices published", "host": f"H-{rng.randint(10000, 99999)}", "listings": rng.randint(1, 12)}, separators=(",", ":"))),
    ])


def build(out_dir):
    rng = random.Random(11300)
    repo, culprit, prev_head, morning_head, config_head = build_repo()
    try:
        logs, state = build_logs(rng, culprit, prev_head, morning_head, config_head)
        inv_calls, fives = requests_pass(rng, logs, state)
        inventory_log(rng, logs[4], inv_calls)
        app, gclog, ingress, kubelet, inv, argo = logs
        gens, gen_at, current_pod_at, pod_ip, pauses, serving, restarts, major, old_samples = state
        emit(rng, kubelet, START, END, 0.4, [
            (3, lambda t: klog(t, "I", 2611, "kubelet_node_status.go:72", '"Node status is up to date" node="ip-10-52-2-144.eu-central-1.compute.internal"')),
            (1, lambda t: klog(t, "I", 2611, "kubelet_volumes.go:160", f'"Cleaned up orphaned pod volumes dir" podUID="{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" path="/var/lib/kubelet/pods/{hexid(rng, 8)}/volumes"')),
        ])
        onset = min(t for t, _, text in ingress.entries if 'HTTP/1.1" 504 ' in text).replace(microsecond=0)

        def pause_max(slot):
            def fn(t):
                # Micrometer's max decays over two minutes
                worst = [p for w, p in major[slot] if dt.timedelta(0) <= t - w < dt.timedelta(minutes=2)]
                return round(max(worst), 3) if worst else 0
            return fn

        def old_used(slot):
            samples = old_samples[slot]

            def fn(t):
                best = None
                for w, v in samples:
                    if w <= t:
                        best = v
                    else:
                        break
                return None if best is None else int(best * 1048576)
            return fn

        series_pause, series_old = [], []
        bounds = [START] + [gens[g][0] + dt.timedelta(seconds=5) for g in (1, 2)] + [END + dt.timedelta(minutes=1)]
        for slot in range(3):
            for a, b, g in zip(bounds, bounds[1:], range(3)):
                a2 = a if a == START else a + dt.timedelta(seconds=35 * slot)
                b2 = b + dt.timedelta(seconds=35 * slot)
                pod = gens[g][1][slot]
                gc_name = "PS MarkSweep" if g < 2 else "G1 Old Generation"
                area_id = "PS Old Gen" if g < 2 else "G1 Old Gen"
                pf, of = pause_max(slot), old_used(slot)
                series_pause.append(({"namespace": "search", "pod": pod, "action": "end of major GC", "gc": gc_name},
                                     (lambda t, a2=a2, b2=b2, pf=pf: pf(t) if a2 <= t < b2 else None)))
                series_old.append(({"namespace": "search", "pod": pod, "area": "heap", "id": area_id},
                                   (lambda t, a2=a2, b2=b2, of=of: of(t) if a2 <= t < b2 else None)))
        metrics = {
            "jvm_gc_pause_seconds_max.json": query_range(series_pause, START, END, 30),
            "jvm_memory_used_bytes.json": query_range(series_old, START, END, 30),
        }
        n_restarts = sum(len(r) for r in restarts)
        return write_scenario(
            out_dir, name="gc-pause-heap-setting", service=SERVICE, onset=onset,
            description=f"""
Searches time out on every stays-search pod at the afternoon peak. From
{onset.strftime('%H:%M')} UTC the ingress answers 504 after 6 s on all pods, probes
time out, and from {min(r for rs in restarts for r in rs).strftime('%H:%M') if n_restarts else '-'} the kubelet restarts pods for failed
liveness probes ({n_restarts} restarts). The app logs no errors of its own
beyond slow requests, inventory timeouts and HikariCP housekeeper warnings. stays-search was rolled out at
08:06 (morning release) and at 14:12 (inventory read timeout 2 s -> 800 ms).
At 15:34 Argo CD was synced back to Wednesday's revision and the timeouts
stopped.
""",
            logs=list(logs), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "stays-search.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>",
                "stays-search-gc.log": r"\[pod/<Pod>/<Container>\] \[<Time>\]\[<Level>\]\[<Tags>\] <Content>",
            },
            root_cause=[r"Pause Full \(Ergonomics\)", r"Using Parallel"],
            fix_files=["k8s/deployment.yaml"],
            explanation="""
The culprit (Thursday 07:24, rolled out at 08:06 under the tests commit the
Argo CD sync names) changes JAVA_TOOL_OPTIONS in k8s/deployment.yaml from
G1 (65 % of the pod, 200 ms pause goal) to ParallelGC with a fixed 4.5 GB
heap. The availability cache's entries live ten minutes, are promoted to the
old generation and die there; ParallelGC only reclaims them with
stop-the-world full collections of the whole old generation. The GC log
shows it ("Using Parallel" at each start, "Pause Full (Ergonomics)" of 2-3 s
once an hour in the morning, then 5-8 s every minute or two at the
afternoon peak, back to back when the old generation stays full): requests
caught in a pause wait past the ingress's 6 s timeout, probes time out, the
kubelet restarts pods and the others take their load. After the sync back to
Wednesday's revision the GC log says "Using G1" and pauses are tens of
milliseconds. The fix restores the G1 options (or sizes ParallelGC for this
heap), in k8s/deployment.yaml.
Decoys: the inventory read timeout change (application.yml and
InventoryClient.java) rolled out 33 minutes before the onset, which the
start-up lines name and whose new "inventory availability call timed out"
warning fires once GC pauses outlast calls; the caffeine bump the same
morning; the tests commit the morning sync names; the earlier edits of
k8s/deployment.yaml (memory 4 -> 6 GiB with a 400k-entry cache, zone
spread); the search change; the cache docs; chores; the runbook commit
written afterwards. inventory-service's own latency stays normal.
""",
        )
    finally:
        repo.close()
