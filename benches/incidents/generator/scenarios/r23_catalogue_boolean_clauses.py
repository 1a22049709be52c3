"""catalogue-search (Java 21, Spring Boot 3.2, SolrJ; two VMs, cat-1 and
cat-2, behind HAProxy; SolrCloud 9 with three nodes; deployed by a Jenkins
job): the search API behind the University of Aldermoor Library's
discovery site and its reading-list tool. Team in Aldermoor (UK), Kraków,
Toronto and Pune.

On Tuesday 17 March at 14:40 UTC a commit makes subject searches include
narrower headings: a click on the subject "History" should also find books
catalogued under "History, Modern -- 20th century". SubjectQueryBuilder
expands the heading through the authority file, transitively, and writes
one `subject_exact:"…"` clause per heading into the filter query. For a
narrow heading that is a handful of clauses; for the broad ones ("History",
"Education", "Women", "Medicine"…) it is well over a thousand, past Solr's
maxBooleanClauses (1024): Solr answers 400 with
`IndexSearcher$TooManyNestedClauses`, the API answers 502 and the discovery
site shows "Search is unavailable" for those searches only. Keyword
searches and narrow subjects keep working.

The change ships with the Wednesday morning deploy at 08:41 UTC (the Jenkins
job names the later test commit it built); broad subject clicks fail from
the first restarted VM. The on-call redeploys the previous build at 09:26
and the errors stop; the fix uses the terms query parser
(`{!terms f=subject_exact}`), which has no clause limit, in the same file.

Decoys: a commit to the same file that boosts exact heading matches (after
the culprit); a SolrJ bump; a commit that logs Solr error responses (its
"Solr error response" lines come with the deploy and share every word of the
errors); a page-size config change (20 -> 25) committed 22 minutes before
the deploy; a docs page on subject search; a test; Solr's own hourly delta
commits from the ILS feed and its slow-query warnings. App (Logback with
MDC), Solr (solr.log), HAProxy (syslog RFC 3164, httplog), Jenkins console
(Timestamper)."""

import datetime as dt
import random
import urllib.parse

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "catalogue-search"
START, END = utc("2026-03-18 07:15:00"), utc("2026-03-18 10:10:00")
DEPLOY = utc("2026-03-18 08:41:05")
ROLLBACK = utc("2026-03-18 09:26:10")
PKG = "uk/ac/aldermoor/library/search"
BUILDER = f"src/main/java/{PKG}/query/SubjectQueryBuilder.java"
SERVICE_JAVA = f"src/main/java/{PKG}/solr/SolrSearchService.java"

BROAD = ["History", "Education", "Women", "Medicine", "Philosophy", "Economics", "Art", "Literature", "Law", "Engineering"]
NARROW = ["Brontë family", "Fens (England)", "Shipbuilding -- Scotland -- Clyde River", "Enclosures -- England", "Quakers -- England -- History",
          "Chartism", "Glaciology", "Corn laws (Great Britain)", "Textile industry -- Lancashire", "Cathedrals -- England -- Durham",
          "Post-colonialism in literature", "Climatic changes -- Arctic regions", "Lace and lace making", "Canals -- England -- Midlands"]
KEYWORDS = ["middlemarch", "organic chemistry clayden", "thermodynamics", "hume treatise", "the wealth of nations", "climate policy uk",
            "medieval manuscripts", "tort law casebook", "python data analysis", "wordsworth prelude", "protein folding", "game theory",
            "victorian poverty", "roman britain", "keynes general theory", "marine biology", "criminology", "dementia care",
            "renewable energy", "jane eyre", "french revolution", "linear algebra", "urban planning", "labour history"]

APP_JAVA = """package uk.ac.aldermoor.library.search;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CatalogueSearchApplication {
    public static void main(String[] args) {
        SpringApplication.run(CatalogueSearchApplication.class, args);
    }
}
"""

CONTROLLER_JAVA = """package uk.ac.aldermoor.library.search.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import uk.ac.aldermoor.library.search.solr.SearchResult;
import uk.ac.aldermoor.library.search.solr.SolrSearchService;

@RestController
@RequestMapping("/api/v2")
public class SearchController {
    private static final Logger log = LoggerFactory.getLogger(SearchController.class);
    private final SolrSearchService search;

    public SearchController(SolrSearchService search) {
        this.search = search;
    }

    @GetMapping("/search")
    public ResponseEntity<?> search(@RequestParam(defaultValue = "") String q,
                                    @RequestParam(required = false) String subject,
                                    @RequestParam(required = false) String format,
                                    @RequestParam(defaultValue = "1") int page) {
        try {
            SearchResult result = search.search(q, subject, format, page);
            return ResponseEntity.ok(result);
        } catch (Exception e) {
            log.error("search failed", e);
            return ResponseEntity.status(502).body(new ErrorBody("search_backend_error"));
        }
    }

    record ErrorBody(String error) {}
}
"""

SOLR_SERVICE_JAVA = """package uk.ac.aldermoor.library.search.solr;

import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import uk.ac.aldermoor.library.search.query.SubjectQueryBuilder;

@Service
public class SolrSearchService {
    private static final Logger log = LoggerFactory.getLogger(SolrSearchService.class);
    private final SolrClient solr;
    private final SubjectQueryBuilder subjects;
    private final int pageSize;
    private final long slowMillis;

    public SolrSearchService(SolrClient solr, SubjectQueryBuilder subjects,
                             @Value("${search.page-size}") int pageSize,
                             @Value("${search.slow-millis}") long slowMillis) {
        this.solr = solr;
        this.subjects = subjects;
        this.pageSize = pageSize;
        this.slowMillis = slowMillis;
    }

    public SearchResult search(String q, String subject, String format, int page) throws Exception {
        SolrQuery query = new SolrQuery(q.isBlank() ? "*:*" : q);
        query.set("defType", "edismax");
        query.set("qf", "title^8 author^4 subject^2 text");
        if (subject != null) {
            query.addFilterQuery(subjects.filterFor(subject));
        }
        if (format != null) {
            query.addFilterQuery("format:" + format);
        }
        query.setRows(pageSize);
        query.setStart((page - 1) * pageSize);
        long started = System.nanoTime();
        QueryResponse response = solr.query("catalogue", query);
        long took = (System.nanoTime() - started) / 1_000_000;
        if (took > slowMillis) {
            log.warn("slow search took={}ms qtime={}ms hits={}", took, response.getQTime(), response.getResults().getNumFound());
        }
        return SearchResult.from(response);
    }
}
"""

BUILDER_JAVA = """package uk.ac.aldermoor.library.search.query;

import org.apache.solr.client.solrj.util.ClientUtils;
import org.springframework.stereotype.Component;

/** The filter query for a click on a subject heading in the results. */
@Component
public class SubjectQueryBuilder {

    public String filterFor(String heading) {
        return "subject_exact:" + ClientUtils.escapeQueryChars(heading);
    }
}
"""

EXPANDER_JAVA = """package uk.ac.aldermoor.library.search.query;

import java.util.*;
import org.springframework.stereotype.Component;

/** Narrower headings from the LCSH authority extract loaded at start-up. */
@Component
public class HeadingExpander {
    private final AuthorityFile authorities;

    public HeadingExpander(AuthorityFile authorities) {
        this.authorities = authorities;
    }

    /** The heading and every heading below it, however deep. */
    public Set<String> withNarrower(String heading) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(heading));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(authorities.narrower(next));
            }
        }
        return seen;
    }
}
"""

APPLICATION_YML = """server:
  port: 8080
  shutdown: graceful
spring:
  application:
    name: catalogue-search
solr:
  zk-hosts: zk-1.lib.aldermoor.ac.uk:2181,zk-2.lib.aldermoor.ac.uk:2181,zk-3.lib.aldermoor.ac.uk:2181
  collection: catalogue
  connect-timeout-ms: 2000
  socket-timeout-ms: 10000
search:
  page-size: 20
  slow-millis: 800
authorities:
  path: /srv/catalogue-search/data/lcsh-extract.tsv
"""

LOGBACK_XML = """<configuration>
  <springProfile name="prod">
    <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
      <file>/var/log/catalogue-search/app.log</file>
      <rollingPolicy class="ch.qos.logback.core.rolling.TimeBasedRollingPolicy"><fileNamePattern>app.%d.log.gz</fileNamePattern></rollingPolicy>
      <encoder>
        <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} %-5level [%thread] %logger{36} [req=%X{requestId:-} client=%X{client:-}] - %msg%n</pattern>
      </encoder>
    </appender>
    <root level="INFO">
      <appender-ref ref="FILE"/>
    </root>
  </springProfile>
</configuration>
"""

JENKINSFILE = """pipeline {
  agent { label 'lib-build' }
  parameters {
    string(name: 'REF', defaultValue: 'main', description: 'git ref to build and deploy')
  }
  stages {
    stage('Build') { steps { sh './gradlew --no-daemon clean bootJar' } }
    stage('Deploy') {
      steps {
        sh 'ansible-playbook -i deploy/inventory.ini deploy/deploy.yml -e jar=build/libs/catalogue-search.jar --forks 1'
      }
    }
  }
}
"""


def build_gradle(solrj):
    return f"""plugins {{
    java
    id("org.springframework.boot") version "3.2.3"
    id("io.spring.dependency-management") version "1.1.4"
}}

group = "uk.ac.aldermoor.library"
version = "4.12.0"

java {{ toolchain {{ languageVersion = JavaLanguageVersion.of(21) }} }}

repositories {{ mavenCentral() }}

dependencies {{
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.apache.solr:solr-solrj:{solrj}")
    implementation("io.micrometer:micrometer-registry-prometheus")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
}}
"""


def build_repo():
    hannah = Person("Hannah Whitcombe", "h.whitcombe@aldermoor.ac.uk", 0)
    piotr = Person("Piotr Zieliński", "p.zielinski@aldermoor.ac.uk", 60)
    grace = Person("Grace Okafor", "grace.okafor@aldermoor.ac.uk", -240)
    aditya = Person("Aditya Kulkarni", "a.kulkarni@aldermoor.ac.uk", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "settings.gradle.kts": 'rootProject.name = "catalogue-search"\n',
        "build.gradle.kts": build_gradle("9.5.0"),
        f"src/main/java/{PKG}/CatalogueSearchApplication.java": APP_JAVA,
        f"src/main/java/{PKG}/web/SearchController.java": CONTROLLER_JAVA,
        SERVICE_JAVA: SOLR_SERVICE_JAVA,
        BUILDER: BUILDER_JAVA,
        f"src/main/java/{PKG}/query/AuthorityFile.java": "package uk.ac.aldermoor.library.search.query;\n\nimport java.util.*;\n\n/** LCSH broader/narrower pairs, loaded once from the nightly extract. */\npublic interface AuthorityFile {\n    List<String> narrower(String heading);\n}\n",
        f"src/main/java/{PKG}/solr/SearchResult.java": "package uk.ac.aldermoor.library.search.solr;\n\nimport org.apache.solr.client.solrj.response.QueryResponse;\n\npublic record SearchResult(long hits) {\n    public static SearchResult from(QueryResponse r) {\n        return new SearchResult(r.getResults().getNumFound());\n    }\n}\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/logback-spring.xml": LOGBACK_XML,
        f"src/test/java/{PKG}/query/SubjectQueryBuilderTest.java": "package uk.ac.aldermoor.library.search.query;\n\nimport static org.junit.jupiter.api.Assertions.*;\nimport org.junit.jupiter.api.Test;\n\nclass SubjectQueryBuilderTest {\n    @Test\n    void escapesTheHeading() {\n        assertEquals(\"subject_exact:Fens\\\\ \\\\(England\\\\)\", new SubjectQueryBuilder().filterFor(\"Fens (England)\"));\n    }\n}\n",
        "Jenkinsfile": JENKINSFILE,
        "deploy/inventory.ini": "[catalogue]\ncat-1.lib.aldermoor.ac.uk\ncat-2.lib.aldermoor.ac.uk\n",
        "deploy/deploy.yml": "- hosts: catalogue\n  serial: 1\n  become: true\n  roles: [catalogue-search]\n",
        "README.md": "# catalogue-search\n\nSearch API for Aldermoor Library Search (the discovery site) and the reading-list tool.\nSolrCloud collection `catalogue`, fed hourly from the ILS by `ils-feed`.\n\n## Running locally\n\n```\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n\n## Deploying\n\nJenkins job `catalogue-search-deploy` builds `main` and deploys to cat-1, then cat-2.\nTo roll back, run the job with REF set to the previous build's commit.\n",
    }
    repo.commit(utc("2026-03-12 10:05:00"), hannah, "catalogue-search: import from the library-apps monorepo", files)
    repo.schedule(chores(random.Random(23101), SERVICE, [hannah, piotr, grace, aditya], utc("2026-03-12 10:05:00"), utc("2026-03-16 17:00:00"), 2))
    repo.commit(utc("2026-03-13 13:30:00"), piotr, "search: filter by format (book, ebook, journal, thesis)", {
        SERVICE_JAVA: repo.edit(SERVICE_JAVA, "        query.setRows(pageSize);", "        query.setRows(pageSize);\n        query.setFacet(true);\n        query.addFacetField(\"format\");"),
    })
    repo.commit(utc("2026-03-16 15:20:00"), grace, "authorities: load the LCSH extract at start-up", {
        f"src/main/java/{PKG}/query/TsvAuthorityFile.java": "package uk.ac.aldermoor.library.search.query;\n\nimport java.nio.file.*;\nimport java.util.*;\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class TsvAuthorityFile implements AuthorityFile {\n    private final Map<String, List<String>> narrower = new HashMap<>();\n\n    public TsvAuthorityFile(@Value(\"${authorities.path}\") Path path) throws Exception {\n        for (String line : Files.readAllLines(path)) {\n            String[] f = line.split(\"\\t\");\n            narrower.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);\n        }\n    }\n\n    public List<String> narrower(String heading) {\n        return narrower.getOrDefault(heading, List.of());\n    }\n}\n",
    })
    previous = repo.commit(utc("2026-03-17 08:55:00"), hannah, "reading lists: allow 50 ids per availability lookup", {
        f"src/main/java/{PKG}/web/AvailabilityController.java": "package uk.ac.aldermoor.library.search.web;\n\nimport java.util.List;\nimport org.springframework.web.bind.annotation.*;\n\n@RestController\n@RequestMapping(\"/api/v2/availability\")\npublic class AvailabilityController {\n    static final int MAX_IDS = 50;\n\n    @PostMapping\n    public List<String> lookup(@RequestBody List<String> ids) {\n        if (ids.size() > MAX_IDS) throw new IllegalArgumentException(\"at most \" + MAX_IDS + \" ids\");\n        return ids;\n    }\n}\n",
    })
    repo.commit(utc("2026-03-17 10:20:00"), piotr, "search: log Solr error responses\n\nWhen Solr answers 4xx/5xx we only saw 'search failed' and a SolrJ stack\ntrace. Log the Solr status and the error message on one line.", {
        SERVICE_JAVA: repo.edit(SERVICE_JAVA, "        QueryResponse response = solr.query(\"catalogue\", query);\n",
                                "        QueryResponse response;\n        try {\n            response = solr.query(\"catalogue\", query);\n        } catch (BaseHttpSolrClient.RemoteSolrException e) {\n            log.warn(\"Solr error response status={} error={}\", e.code(), e.getMessage());\n            throw e;\n        }\n").replace(
            "import org.apache.solr.client.solrj.SolrQuery;\n", "import org.apache.solr.client.solrj.SolrQuery;\nimport org.apache.solr.client.solrj.impl.BaseHttpSolrClient;\n"),
    })
    repo.commit(utc("2026-03-17 11:05:00"), bot, "Bump org.apache.solr:solr-solrj from 9.5.0 to 9.6.1", {
        "build.gradle.kts": build_gradle("9.6.1"),
    })
    culprit = repo.commit(utc("2026-03-17 14:40:00"), hannah, "search: include narrower headings in subject searches\n\nLIBSYS-412: a click on \"History\" found only books catalogued under\nexactly \"History\", not \"History, Modern\" or \"History -- Study and\nteaching\". Expand the heading through the authority file and match any\nof them.", {
        BUILDER: """package uk.ac.aldermoor.library.search.query;

import java.util.stream.Collectors;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.springframework.stereotype.Component;

/** The filter query for a click on a subject heading in the results. */
@Component
public class SubjectQueryBuilder {
    private final HeadingExpander expander;

    public SubjectQueryBuilder(HeadingExpander expander) {
        this.expander = expander;
    }

    /** The heading or any narrower one (LIBSYS-412). */
    public String filterFor(String heading) {
        return expander.withNarrower(heading).stream()
                .map(h -> "subject_exact:\\"" + ClientUtils.escapeQueryChars(h) + "\\"")
                .collect(Collectors.joining(" OR ", "(", ")"));
    }
}
""",
        f"src/main/java/{PKG}/query/HeadingExpander.java": EXPANDER_JAVA,
        f"src/test/java/{PKG}/query/SubjectQueryBuilderTest.java": "package uk.ac.aldermoor.library.search.query;\n\nimport static org.junit.jupiter.api.Assertions.*;\nimport java.util.*;\nimport org.junit.jupiter.api.Test;\n\nclass SubjectQueryBuilderTest {\n    @Test\n    void includesNarrowerHeadings() {\n        AuthorityFile a = h -> h.equals(\"Fens (England)\") ? List.of(\"Fens (England) -- History\") : List.of();\n        String fq = new SubjectQueryBuilder(new HeadingExpander(a)).filterFor(\"Fens (England)\");\n        assertTrue(fq.contains(\"History\"));\n    }\n}\n",
    })
    repo.commit(utc("2026-03-17 16:30:00"), hannah, "docs: how subject search works", {
        "docs/subject-search.md": "# Subject search\n\nA click on a subject heading in the results filters on `subject_exact`.\nSince LIBSYS-412 the filter also matches narrower headings from the LCSH\nextract (`authorities.path`), so \"History\" finds \"History, Modern\".\n\nIf a subject search returns an error, check the Solr log on the node that\nanswered for the query's error, and the app log for \"Solr error response\".\n",
    })
    repo.commit(utc("2026-03-17 18:10:00"), grace, "SubjectQueryBuilder: boost the exact heading over narrower ones", {
        BUILDER: repo.edit(BUILDER, '.map(h -> "subject_exact:\\"" + ClientUtils.escapeQueryChars(h) + "\\"")',
                           '.map(h -> "subject_exact:\\"" + ClientUtils.escapeQueryChars(h) + "\\"" + (h.equals(heading) ? "^2" : ""))'),
    })
    repo.commit(utc("2026-03-18 08:19:00"), piotr, "config: 25 results per page for the new discovery layout", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  page-size: 20", "  page-size: 25"),
    })
    head = repo.commit(utc("2026-03-18 08:30:00"), hannah, "test: narrower headings of a heading with a subdivision", {
        f"src/test/java/{PKG}/query/SubjectQueryBuilderTest.java": repo.files[f"src/test/java/{PKG}/query/SubjectQueryBuilderTest.java"].replace("\n}\n", "\n\n    @Test\n    void keepsSubdivisions() {\n        AuthorityFile a = h -> List.of();\n        assertTrue(new SubjectQueryBuilder(new HeadingExpander(a)).filterFor(\"Quakers -- England\").contains(\"Quakers\"));\n    }\n}\n"),
    })
    repo.commit(utc("2026-03-18 11:35:00"), hannah, "search: filter subjects with the terms parser (INC-2026-031)\n\nA broad heading expands to more than 1024 narrower headings, past Solr's\nmaxBooleanClauses; {!terms} builds one TermInSetQuery instead.", {
        BUILDER: repo.edit(BUILDER, """        return expander.withNarrower(heading).stream()
                .map(h -> "subject_exact:\\"" + ClientUtils.escapeQueryChars(h) + "\\"" + (h.equals(heading) ? "^2" : ""))
                .collect(Collectors.joining(" OR ", "(", ")"));""", """        return expander.withNarrower(heading).stream()
                .map(h -> h.replace(",", "\\\\,"))
                .collect(Collectors.joining(",", "{!terms f=subject_exact}", ""));"""),
    })
    return repo, culprit, head, previous


def haproxy(t, pid, client, fe, be, srv, tq, tw, tc, tr, status, size, conns, path):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    hdr = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} lb-1 haproxy[{pid}]:"
    return (f'{hdr} {client}:{random.Random(t.microsecond).randint(32768, 60999)} [{stamp}] {fe} {be}/{srv} {tq}/{tw}/{tc}/{tr}/{tq + tw + tc + tr} '
            f'{status} {size} - - ---- {conns} 0/0 "GET {path} HTTP/1.1"')


def logback(t, level, thread, logger, msg, req="", client=""):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level:<5} [{thread}] {logger} [req={req} client={client}] - {msg}"


def solr(t, level, thread, core, logger, msg):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    ctx = f"[c:catalogue s:{core[0]} r:{core[1]} x:catalogue_{core[0]}_{core[2]} t:{core[3]}]" if core else "[   ]"
    return f"{stamp} {level:<5} ({thread}) {ctx} {logger} {msg}"


def jenkins(t, text):
    return f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}"


def rate(t):
    """Searches per minute: term-time morning."""
    h = (t - START).total_seconds() / 3600
    return 4.0 + 4.5 * min(h, 2.2)


def build_logs(rng, culprit, head, previous):
    app, solr_log, lb, jk = Log("catalogue-search.log"), Log("solr.log"), Log("haproxy.log"), Log("jenkins-deploy.log")
    stats = {"req": [], "bad": []}
    nodes = {"cat-1": {"ip": "10.30.4.21"}, "cat-2": {"ip": "10.30.4.22"}}
    solr_nodes = [("solr-1", ("shard1", "core_node3", "replica_n1")), ("solr-2", ("shard1", "core_node5", "replica_n4")), ("solr-3", ("shard1", "core_node7", "replica_n6"))]
    clients = [("10.30.8.11", "discovery-ui"), ("10.30.8.12", "discovery-ui"), ("10.30.8.31", "reading-lists")]
    # cat-1 restarts first, then cat-2; the rollback the same way
    down = {"cat-1": [(DEPLOY + dt.timedelta(seconds=31), DEPLOY + dt.timedelta(seconds=47)), (ROLLBACK + dt.timedelta(seconds=29), ROLLBACK + dt.timedelta(seconds=45))],
            "cat-2": [(DEPLOY + dt.timedelta(seconds=78), DEPLOY + dt.timedelta(seconds=95)), (ROLLBACK + dt.timedelta(seconds=76), ROLLBACK + dt.timedelta(seconds=92))]}

    def new_code(node, t):
        return down[node][0][1] <= t < down[node][1][0]

    def up(node, t):
        return not any(a <= t < b for a, b in down[node])

    thread_no = {"cat-1": 1, "cat-2": 1}
    solr_thread = {"solr-1": 231, "solr-2": 188, "solr-3": 207}
    times = []
    t = START
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        times.append(t)
    for t in times[:-1]:
        live = [n for n in nodes if up(n, t)]
        node = rng.choice(live)
        cip, cname = rng.choice(clients)
        kind = rng.random()
        subject = None
        if kind < 0.16:
            subject = rng.choice(BROAD) if rng.random() < 0.45 else rng.choice(NARROW)
        q = rng.choice(KEYWORDS) if (subject is None or rng.random() < 0.5) else ""
        params = {"q": q}
        if subject:
            params["subject"] = subject
        if rng.random() < 0.2:
            params["format"] = rng.choice(["book", "ebook", "journal", "thesis"])
        params["page"] = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        path = "/api/v2/search?" + urllib.parse.urlencode(params)
        req = hexid(rng, 12)
        thread_no[node] = thread_no[node] % 40 + 1
        thread = f"http-nio-8080-exec-{thread_no[node]}"
        sname, core = rng.choice(solr_nodes)
        solr_thread[sname] += rng.randint(0, 2)
        sthread = f"qtp1209411469-{solr_thread[sname]}"
        fail = subject in BROAD and new_code(node, t)
        stats["req"].append(t)
        fe_c = rng.randint(6, 24)
        be_c = rng.randint(1, min(6, fe_c))
        conns = f"{fe_c + rng.randint(0, 6)}/{fe_c}/{be_c}/{rng.randint(0, be_c)}/0"
        st = t + dt.timedelta(milliseconds=rng.randint(2, 6))
        if fail:
            stats["bad"].append(t)
            qt = rng.randint(3, 9)
            err = "org.apache.lucene.search.IndexSearcher$TooManyNestedClauses: Query contains too many nested clauses; maxClauseCount is set to 1024"
            solr_log.add(st, solr(st, "ERROR", sthread, (*core, f"{sname}-{solr_thread[sname]}"), "o.a.s.h.RequestHandlerBase",
                                  f"Client exception => org.apache.solr.common.SolrException: {err}\n"
                                  f"\tat org.apache.solr.search.QParser.getQuery(QParser.java:192)\n"
                                  f"\tat org.apache.solr.handler.component.QueryComponent.prepare(QueryComponent.java:197)\n"
                                  f"\tat org.apache.solr.handler.component.SearchHandler.handleRequestBody(SearchHandler.java:431)\n"
                                  f"\tat org.apache.solr.handler.RequestHandlerBase.handleRequest(RequestHandlerBase.java:226)\n"
                                  f"Caused by: {err}\n"
                                  f"\tat org.apache.lucene.search.IndexSearcher$3.visitLeaf(IndexSearcher.java:873)\n"
                                  f"\tat org.apache.lucene.search.BooleanQuery.visit(BooleanQuery.java:613)\n"
                                  f"\tat org.apache.solr.search.QueryUtils.build(QueryUtils.java:219)\n"
                                  f"\t... 48 more"))
            e = st + dt.timedelta(milliseconds=qt + rng.randint(20, 60))
            url = f"http://{sname}.lib.aldermoor.ac.uk:8983/solr/catalogue_{core[0]}_{core[2]}"
            app.add(e, logback(e, "WARN", thread, "u.a.l.s.solr.SolrSearchService", f"Solr error response status=400 error=Error from server at {url}: {err}", req, cname))
            app.add(e, logback(e, "ERROR", thread, "u.a.l.s.web.SearchController", "search failed", req, cname) + "\n"
                    f"org.apache.solr.client.solrj.impl.BaseHttpSolrClient$RemoteSolrException: Error from server at {url}: {err}\n"
                    "\tat org.apache.solr.client.solrj.impl.HttpSolrClient.executeMethod(HttpSolrClient.java:747)\n"
                    "\tat org.apache.solr.client.solrj.impl.HttpSolrClient.request(HttpSolrClient.java:263)\n"
                    "\tat org.apache.solr.client.solrj.impl.LBSolrClient.doRequest(LBSolrClient.java:386)\n"
                    "\tat org.apache.solr.client.solrj.impl.CloudSolrClient.sendRequest(CloudSolrClient.java:1178)\n"
                    "\tat org.apache.solr.client.solrj.SolrClient.query(SolrClient.java:1003)\n"
                    "\tat uk.ac.aldermoor.library.search.solr.SolrSearchService.search(SolrSearchService.java:47)\n"
                    "\tat uk.ac.aldermoor.library.search.web.SearchController.search(SearchController.java:29)\n"
                    "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n"
                    "\t... 52 common frames omitted")
            tr = int((e - t).total_seconds() * 1000) + 1
            lb.add(e, haproxy(e, 1873, cip, "fe_search", "be_catalogue", node, 0, 0, 0, tr, 502, 241, conns, path))
            continue
        qtime = ms(rng, 14 if subject is None else 22, 0.6)
        if rng.random() < 0.004:
            qtime = rng.randint(1200, 3400)
        hits = rng.randint(3, 40000)
        e = st + dt.timedelta(milliseconds=qtime + rng.randint(8, 30))
        if qtime > 1000:
            solr_log.add(st + dt.timedelta(milliseconds=qtime), solr(st + dt.timedelta(milliseconds=qtime), "WARN", sthread, (*core, f"{sname}-{solr_thread[sname]}"), "o.a.s.c.S.SlowRequest",
                                                                     f"slow: webapp=/solr path=/select params={{q={urllib.parse.quote_plus(q or '*:*')}&defType=edismax&rows=20&wt=javabin&version=2}} hits={hits} status=0 QTime={qtime}"))
        took = int((e - t).total_seconds() * 1000)
        if took > 800:
            app.add(e, logback(e, "WARN", thread, "u.a.l.s.solr.SolrSearchService", f"slow search took={took}ms qtime={qtime}ms hits={hits}", req, cname))
        lb.add(e, haproxy(e, 1873, cip, "fe_search", "be_catalogue", node, 0, 0, 0, took + 1, 200, rng.randint(2200, 14800), conns, path))

    # availability lookups from reading lists, steady
    for t in poisson_times(rng, START, END, 2.2):
        node = rng.choice([n for n in nodes if up(n, t)])
        d = ms(rng, 9, 0.4)
        lb.add(t, haproxy(t, 1873, "10.30.8.31", "fe_search", "be_catalogue", node, 0, 0, 0, d, 200, rng.randint(300, 2400), f"{(c := rng.randint(5, 20)) + rng.randint(0, 4)}/{c}/1/0/0", "/api/v2/availability").replace('"GET /api/v2/availability', '"POST /api/v2/availability'))
    # HAProxy health checks flip during restarts
    for node, spans in down.items():
        for a, b in spans:
            lb.add(a, f"{a.strftime('%b')} {a.day:>2} {a.strftime('%H:%M:%S')} lb-1 haproxy[1873]: Server be_catalogue/{node} is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.")
            lb.add(b, f"{b.strftime('%b')} {b.day:>2} {b.strftime('%H:%M:%S')} lb-1 haproxy[1873]: Server be_catalogue/{node} is UP/READY (leaving forced maintenance).")
            # application start
            s = a + dt.timedelta(seconds=3)
            ver = "4.12.0" if a < ROLLBACK else "4.11.3"
            pid = rng.randint(40000, 48000)
            app.add(s, logback(s, "INFO", "main", "u.a.l.s.CatalogueSearchApplication", f"Starting CatalogueSearchApplication v{ver} using Java 21.0.2 with PID {pid} (/srv/catalogue-search/catalogue-search.jar started by catsearch in /srv/catalogue-search)"))
            s += dt.timedelta(milliseconds=rng.randint(40, 90))
            app.add(s, logback(s, "INFO", "main", "u.a.l.s.CatalogueSearchApplication", 'The following 1 profile is active: "prod"'))
            s += dt.timedelta(seconds=2, milliseconds=rng.randint(100, 600))
            app.add(s, logback(s, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"))
            s += dt.timedelta(seconds=1, milliseconds=rng.randint(100, 900))
            app.add(s, logback(s, "INFO", "main", "u.a.l.s.query.TsvAuthorityFile", f"loaded {rng.randint(418000, 418900)} narrower-heading pairs from /srv/catalogue-search/data/lcsh-extract.tsv"))
            s += dt.timedelta(seconds=2, milliseconds=rng.randint(100, 900))
            app.add(s, logback(s, "INFO", "main", "o.a.s.c.solrj.impl.ZkClientClusterStateProvider", "Cluster at zk-1.lib.aldermoor.ac.uk:2181,zk-2.lib.aldermoor.ac.uk:2181,zk-3.lib.aldermoor.ac.uk:2181 ready"))
            s += dt.timedelta(seconds=1, milliseconds=rng.randint(100, 900))
            app.add(s, logback(s, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"))
            app.add(s, logback(s, "INFO", "main", "u.a.l.s.CatalogueSearchApplication", f"Started CatalogueSearchApplication in {(s - a).total_seconds() - 2.6:.3f} seconds (process running for {(s - a).total_seconds() - 2.1:.3f})"))
            pre = a - dt.timedelta(seconds=1)
            app.add(pre, logback(pre, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"))
            app.add(pre + dt.timedelta(milliseconds=300), logback(pre + dt.timedelta(milliseconds=300), "INFO", "tomcat-shutdown", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete"))

    # Solr background: hourly delta commits from the ILS feed, searcher warm-up
    for hour_t in [utc("2026-03-18 07:30:12"), utc("2026-03-18 08:30:09"), utc("2026-03-18 09:30:15")]:
        for sname, core in solr_nodes:
            t = hour_t + dt.timedelta(milliseconds=rng.randint(0, 900))
            n = rng.randint(300, 2100)
            th = f"qtp1209411469-{solr_thread[sname] + rng.randint(1, 9)}"
            solr_log.add(t, solr(t, "INFO", th, (*core, ""), "o.a.s.u.p.LogUpdateProcessorFactory", f"webapp=/solr path=/update params={{update.distrib=FROMLEADER&wt=javabin&version=2}}{{add=[{n} docs]}} 0 {rng.randint(400, 1900)}"))
            t += dt.timedelta(seconds=rng.randint(2, 6))
            solr_log.add(t, solr(t, "INFO", th, (*core, ""), "o.a.s.u.DirectUpdateHandler2", "start commit{_version_=" + str(rng.randint(1790000000000000000, 1799999999999999999)) + ",optimize=false,openSearcher=true,waitSearcher=true,expungeDeletes=false,softCommit=false,prepareCommit=false}"))
            t += dt.timedelta(milliseconds=rng.randint(300, 1400))
            solr_log.add(t, solr(t, "INFO", th, (*core, ""), "o.a.s.s.SolrIndexSearcher", f"Opening [Searcher@{hexid(rng, 7)}[catalogue_{core[0]}_{core[2]}] main]"))
            solr_log.add(t, solr(t, "INFO", th, (*core, ""), "o.a.s.u.DirectUpdateHandler2", "end_commit_flush"))
            t += dt.timedelta(milliseconds=rng.randint(800, 3000))
            solr_log.add(t, solr(t, "INFO", "searcherExecutor-12-thread-1", (*core, ""), "o.a.s.c.SolrCore", f"Registered new searcher autowarm time: {rng.randint(300, 2200)} ms"))
    for t in poisson_times(rng, START, END, 0.25):
        sname, core = rng.choice(solr_nodes)
        solr_log.add(t, solr(t, "INFO", f"qtp1209411469-{solr_thread[sname]}", None, "o.a.s.s.HttpSolrCall",
                             "[admin] webapp=null path=/admin/metrics params={wt=javabin&version=2&group=solr.jvm,solr.node} status=0 QTime=" + str(rng.randint(1, 9))))

    # Jenkins: the deploy and the rollback
    def deploy(t, rev, build, label):
        lines = [
            (0, f"Started by user Hannah Whitcombe" if label == "deploy" else "Started by user Piotr Zieliński"),
            (0.4, "Running as SYSTEM"),
            (0.9, "[Pipeline] Start of Pipeline"),
            (1.2, f"[Pipeline] node\nRunning on lib-build-2 in /var/lib/jenkins/workspace/catalogue-search-deploy"),
            (2.1, f" > git rev-parse {'refs/remotes/origin/main^{commit}' if label == 'deploy' else rev + '^{commit}'} # timeout=10"),
            (2.3, f"Checking out Revision {rev} ({'refs/remotes/origin/main' if label == 'deploy' else 'detached'})"),
            (2.5, f" > git checkout -f {rev} # timeout=10"),
            (3.0, "[Pipeline] stage\n[Pipeline] { (Build)"),
            (3.4, "+ ./gradlew --no-daemon clean bootJar"),
            (18.9, "BUILD SUCCESSFUL in 15s"),
            (19.4, "[Pipeline] stage\n[Pipeline] { (Deploy)"),
            (19.8, "+ ansible-playbook -i deploy/inventory.ini deploy/deploy.yml -e jar=build/libs/catalogue-search.jar --forks 1"),
            (20.5, "PLAY [catalogue] ***************************************************************"),
            (21.0, "TASK [drain in HAProxy] ********************************************************"),
            (26.0, "changed: [cat-1.lib.aldermoor.ac.uk -> lb-1.lib.aldermoor.ac.uk]"),
            (28.0, "TASK [restart] *****************************************************************"),
            (31.0, "changed: [cat-1.lib.aldermoor.ac.uk]"),
            (31.2, "TASK [wait for health] *********************************************************"),
            (44.8, "ok: [cat-1.lib.aldermoor.ac.uk]"),
            (47.0, "changed: [cat-1.lib.aldermoor.ac.uk -> lb-1.lib.aldermoor.ac.uk]"),
            (72.0, "changed: [cat-2.lib.aldermoor.ac.uk -> lb-1.lib.aldermoor.ac.uk]"),
            (78.0, "changed: [cat-2.lib.aldermoor.ac.uk]"),
            (92.4, "ok: [cat-2.lib.aldermoor.ac.uk]"),
            (95.0, "changed: [cat-2.lib.aldermoor.ac.uk -> lb-1.lib.aldermoor.ac.uk]"),
            (95.6, "PLAY RECAP *********************************************************************"),
            (95.6, "cat-1.lib.aldermoor.ac.uk  : ok=6    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0"),
            (95.6, "cat-2.lib.aldermoor.ac.uk  : ok=6    changed=4    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0"),
            (96.1, f"[Pipeline] End of Pipeline\nFinished: SUCCESS"),
        ]
        jk.add(t - dt.timedelta(seconds=20), jenkins(t - dt.timedelta(seconds=20), f"catalogue-search-deploy #{build} ({label})"))
        for off, text in lines:
            w = t - dt.timedelta(seconds=20) + dt.timedelta(seconds=off)
            jk.add(w, "\n".join(jenkins(w, line) for line in text.split("\n")))
    deploy(DEPLOY, head, 212, "deploy")
    deploy(ROLLBACK, previous, 213, "rollback to 4.11.3")
    return [app, solr_log, lb, jk], stats


def build(out_dir):
    rng = random.Random(23100)
    repo, culprit, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, head, previous)
        onset = min(stats["bad"]).replace(microsecond=0)

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
        ok_fn, bad_fn = per_min(stats["req"]), per_min(stats["bad"])
        metrics = {
            "haproxy_backend_http_responses_total.json": query_range([
                ({"backend": "be_catalogue", "code": "2xx", "instance": "lb-1:8405"}, lambda t: max(0, ok_fn(t) - bad_fn(t))),
                ({"backend": "be_catalogue", "code": "5xx", "instance": "lb-1:8405"}, bad_fn),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r23-catalogue-boolean-clauses", service=SERVICE, onset=onset,
            description=f"""
Library Search shows "Search is unavailable" for some searches on the
morning of Wednesday 18 March. From {onset.strftime('%H:%M')} UTC HAProxy answers 502 to a few
per cent of /api/v2/search requests; users on the library's chat say it
happens when they click a subject such as "History". Keyword searches work.
catalogue-search was deployed by Jenkins at 08:41 UTC; the on-call
redeployed the previous build (4.11.3) at 09:26.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"TooManyNestedClauses: Query contains too many nested clauses; maxClauseCount is set to"],
            fix_files=[BUILDER],
            explanation=f"""
The culprit is the 17 March 14:40 commit "search: include narrower headings
in subject searches" (LIBSYS-412). SubjectQueryBuilder now expands a subject
heading through the LCSH authority file, transitively, and ORs one
subject_exact clause per heading into the filter query. A broad heading
("History", "Education", "Women"...) expands to more than 1024 headings,
past Solr's maxBooleanClauses: Solr answers 400 with "IndexSearcher
$TooManyNestedClauses: Query contains too many nested clauses;
maxClauseCount is set to 1024", the API 502. Only broad subject clicks fail,
from the first VM restarted by the 08:41 deploy (whose Jenkins checkout
names the later test commit) until the 09:26 rollback to 4.11.3. The fix, in
SubjectQueryBuilder.java, filters with {{!terms f=subject_exact}}, which has
no clause limit (or a revert).
Decoys: the later commit to the same file that boosts the exact heading;
the SolrJ 9.5.0 -> 9.6.1 bump; the commit that logs "Solr error response"
(new WARN lines that carry the same error and come with the deploy); the
page-size change (20 -> 25) in application.yml, committed 22 minutes before
the deploy; the subject-search docs page; the availability-lookup limit;
Solr's slow-request warnings and hourly delta commits; HAProxy's maintenance DOWN/UP lines during both restarts.
""",
        )
    finally:
        repo.close()
