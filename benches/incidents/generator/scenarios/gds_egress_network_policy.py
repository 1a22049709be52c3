"""fare-search (Scala 2.13, Pekko HTTP, logback; three pods in the `booking`
namespace of an EKS cluster whose CNI is Cilium 1.16; Argo CD auto-syncs
`k8s/` from main, and CI commits each new image tag to
`k8s/kustomization.yaml`; team in Madrid, Berlin and Bengaluru): Viajaro's
flight search. A search is answered from a five-minute Redis cache or from
Skylink GDS's shopping API at shop.skylinkgds.com (keep-alive connections
in a Pekko host pool); an offer is priced at api.skylinkgds.com before
booking. Traces go to the OpenTelemetry collector in `observability`.

On Wednesday 9 December at 08:56 UTC a commit adds a CiliumNetworkPolicy
for SEC-412 (PCI scoping: every service in `booking` may only reach what
it needs): default-deny egress, then kube-dns (with a DNS rule), the fare
cache's Redis and `toFQDNs: api.skylinkgds.com` on 443. The security
team's egress inventory listed Skylink's API host only; the shopping host
and the OTel collector are missing. A Scala Steward bump of pekko-http is
merged 90 seconds later, and Argo CD's next poll, at 08:59:41, syncs that
revision: the policy is created, the Deployment is unchanged. Cilium
enforces it at once for new connections; established keep-alive
connections to shop.skylinkgds.com still work until the pool recycles them,
so from 08:59:44 searches that miss the cache start failing after two
2-second connect timeouts, and within two minutes nearly all do (Hubble
exports the dropped SYNs as POLICY_DENIED to world, with
destination_names shop.skylinkgds.com). Pricing keeps working. The image
built from the pekko-http bump rolls out at 09:10 (the new pods' start-up
names it); the on-call suspects it, reverts it, and that image rolls out at
09:27 without effect (the new pods also fail to reach the OTel collector).
At 09:29 the platform team points at the drops; the policy commit is
reverted at 09:32 and searches recover at 09:34 when Argo prunes the
policy.

Decoys: the pekko-http 1.0.1 -> 1.1.0 bump (the revision the fatal sync
names, and the image rolled out mid-incident), the CI tag commits, a
memory-limit change to the same k8s/ directory synced at 07:51; a docs
commit listing the egress inventory; the previous afternoon's commit that
logs the host, phase and attempt of a failed Skylink call (every failure
line); an older connect-timeout change (2 s). Sources: app (logback via
Loki's logcli, with stream labels; line format), Hubble flow export of
drops (JSON), cilium-agent (logrus text via `kubectl logs --prefix`),
Argo CD application controller (logrus text), travel-bff (pino JSON),
#booking-incident (chat export)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, readme, runbook

SERVICE = "fare-search"
START, END = utc("2026-12-09 07:20:00"), utc("2026-12-09 10:00:00")
MEMORY_SYNC = utc("2026-12-09 07:51:12")
POLICY_ON = utc("2026-12-09 08:59:41")
IMAGE_SYNC = utc("2026-12-09 09:10:02")
REVERT_IMAGE_SYNC = utc("2026-12-09 09:27:10")
PLATFORM_POST = utc("2026-12-09 09:29:34")
POLICY_OFF = utc("2026-12-09 09:34:05")

SHOP_IPS = ["18.198.41.7", "3.121.30.164", "52.29.118.52"]
OTEL_IP = "10.60.14.88"
NODES = [("ip-10-60-11-42.eu-west-1.compute.internal", "cilium-4xk2p", "10.60.11."), ("ip-10-60-12-187.eu-west-1.compute.internal", "cilium-q8v7d", "10.60.12."),
         ("ip-10-60-13-9.eu-west-1.compute.internal", "cilium-9tzlm", "10.60.13.")]
ROUTES = ["MAD-LHR", "BCN-FCO", "MAD-CDG", "BCN-AMS", "MAD-JFK", "BCN-LIS", "MAD-MEX", "BCN-BER", "MAD-BOG", "BCN-MUC", "AGP-MAN", "PMI-DUS", "MAD-MIA", "BCN-ORY"]
CARRIERS = ["IB", "VY", "UX", "BA", "AF", "KL", "LH", "TP", "FR", "U2"]

APPLICATION_CONF = """fare-search {
  http.port = 8080
  cache.ttl = 5 minutes
}

skylink {
  shop {
    base-url = "https://shop.skylinkgds.com/v3"
    connect-timeout = 5s
    request-timeout = 8s
    attempts = 2
  }
  pricing {
    base-url = "https://api.skylinkgds.com/v2"
    request-timeout = 5s
  }
}

pekko.http.host-connection-pool {
  max-connections = 32
  idle-timeout = 30s
}
"""

SHOP_CLIENT = """package com.viajaro.faresearch.gds

import org.apache.pekko.actor.typed.ActorSystem
import org.apache.pekko.http.scaladsl.Http
import org.apache.pekko.http.scaladsl.model._
import org.slf4j.LoggerFactory

import scala.concurrent.{ExecutionContext, Future}

/** Skylink's shopping API: availability and fares for one route and date. */
final class SkylinkShopClient(cfg: ShopConfig)(implicit system: ActorSystem[_]) {
  private val log = LoggerFactory.getLogger(getClass)
  private implicit val ec: ExecutionContext = system.executionContext

  def search(q: SearchQuery): Future[Offers] = attempt(q, 1)

  private def attempt(q: SearchQuery, n: Int): Future[Offers] =
    Http().singleRequest(request(q), settings = cfg.poolSettings)
      .flatMap(Offers.decode)
      .recoverWith {
        case e if n < cfg.attempts =>
          log.warn(s"skylink call failed: ${e}")
          attempt(q, n + 1)
      }

  private def request(q: SearchQuery): HttpRequest =
    HttpRequest(uri = s"${cfg.baseUrl}/shop?od=${q.route}&date=${q.date}&pax=${q.pax}&cabin=${q.cabin}")
      .withHeaders(cfg.authHeaders)
}
"""

POLICY = """apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: fare-search-egress
spec:
  description: "SEC-412: fare-search may only reach what it needs"
  endpointSelector:
    matchLabels:
      app: fare-search
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports:
            - port: "53"
              protocol: ANY
          rules:
            dns:
              - matchPattern: "*"
    - toEndpoints:
        - matchLabels:
            app: fare-cache-redis
      toPorts:
        - ports:
            - port: "6379"
              protocol: TCP
    - toFQDNs:
        - matchName: api.skylinkgds.com
      toPorts:
        - ports:
            - port: "443"
              protocol: TCP
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: booking
resources:
  - deployment.yaml
  - service.yaml
  - hpa.yaml
images:
  - name: fare-search
    newName: 552871046203.dkr.ecr.eu-west-1.amazonaws.com/fare-search
    newTag: TAG
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: fare-search
  labels:
    app: fare-search
spec:
  replicas: 3
  selector:
    matchLabels:
      app: fare-search
  template:
    metadata:
      labels:
        app: fare-search
    spec:
      containers:
        - name: fare-search
          image: fare-search
          ports:
            - containerPort: 8080
          env:
            - name: JAVA_TOOL_OPTIONS
              value: "-XX:MaxRAMPercentage=60 -javaagent:/otel/opentelemetry-javaagent.jar"
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: "http://otel-collector.observability:4317"
            - name: OTEL_SERVICE_NAME
              value: fare-search
          resources:
            requests:
              cpu: "1"
              memory: 1Gi
            limits:
              memory: 1Gi
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
            periodSeconds: 5
"""


def repo_files(tag):
    return {
        "build.sbt": 'ThisBuild / scalaVersion := "2.13.15"\nThisBuild / organization := "com.viajaro"\n\nval pekkoVersion = "1.1.2"\nval pekkoHttpVersion = "1.0.1"\n\nlazy val root = (project in file("."))\n  .enablePlugins(JavaAppPackaging, DockerPlugin)\n  .settings(\n    name := "fare-search",\n    libraryDependencies ++= Seq(\n      "org.apache.pekko" %% "pekko-actor-typed" % pekkoVersion,\n      "org.apache.pekko" %% "pekko-stream" % pekkoVersion,\n      "org.apache.pekko" %% "pekko-http" % pekkoHttpVersion,\n      "org.apache.pekko" %% "pekko-http-spray-json" % pekkoHttpVersion,\n      "io.lettuce" % "lettuce-core" % "6.4.0.RELEASE",\n      "ch.qos.logback" % "logback-classic" % "1.5.12",\n      "org.scalatest" %% "scalatest" % "3.2.19" % Test\n    )\n  )\n',
        "project/build.properties": "sbt.version=1.10.5\n",
        "project/plugins.sbt": 'addSbtPlugin("com.github.sbt" % "sbt-native-packager" % "1.10.4")\n',
        "src/main/resources/application.conf": APPLICATION_CONF,
        "src/main/resources/logback.xml": '<configuration>\n  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">\n    <encoder>\n      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>\n    </encoder>\n  </appender>\n  <root level="INFO">\n    <appender-ref ref="STDOUT"/>\n  </root>\n</configuration>\n',
        "src/main/scala/com/viajaro/faresearch/Main.scala": 'package com.viajaro.faresearch\n\nimport org.apache.pekko.actor.typed.ActorSystem\nimport org.apache.pekko.actor.typed.scaladsl.Behaviors\nimport org.apache.pekko.http.scaladsl.Http\nimport org.slf4j.LoggerFactory\n\nobject Main extends App {\n  private val log = LoggerFactory.getLogger(getClass)\n  implicit val system: ActorSystem[Nothing] = ActorSystem(Behaviors.empty, "fare-search")\n  val settings = Settings.load()\n  log.info(s"fare-search ${BuildInfo.gitSha} starting, skylink.shop=${settings.shop.baseUrl} connect-timeout=${settings.shop.connectTimeout}")\n  Http().newServerAt("0.0.0.0", settings.port).bind(new SearchRoutes(settings).routes)\n  log.info(s"Server online at http://0.0.0.0:${settings.port}/")\n}\n',
        "src/main/scala/com/viajaro/faresearch/SearchRoutes.scala": 'package com.viajaro.faresearch\n\nimport com.viajaro.faresearch.gds.{SkylinkPricingClient, SkylinkShopClient}\nimport org.apache.pekko.http.scaladsl.server.Directives._\nimport org.slf4j.LoggerFactory\n\nfinal class SearchRoutes(settings: Settings) {\n  private val log = LoggerFactory.getLogger(getClass)\n  private val shop = new SkylinkShopClient(settings.shop)\n  private val pricing = new SkylinkPricingClient(settings.pricing)\n\n  val routes =\n    path("v2" / "search") {\n      get {\n        parameters("od", "date", "pax".as[Int], "cabin") { (od, date, pax, cabin) =>\n          complete(shop.search(SearchQuery(od, date, pax, cabin)))\n        }\n      }\n    } ~ path("v2" / "price") {\n      post { entity(as[OfferRef]) { ref => complete(pricing.confirm(ref)) } }\n    }\n}\n',
        "src/main/scala/com/viajaro/faresearch/gds/SkylinkShopClient.scala": SHOP_CLIENT,
        "src/main/scala/com/viajaro/faresearch/gds/SkylinkPricingClient.scala": 'package com.viajaro.faresearch.gds\n\nimport org.apache.pekko.actor.typed.ActorSystem\nimport org.apache.pekko.http.scaladsl.Http\nimport org.apache.pekko.http.scaladsl.model._\n\nimport scala.concurrent.Future\n\n/** Skylink\'s booking API: confirms the price of one offer before booking. */\nfinal class SkylinkPricingClient(cfg: PricingConfig)(implicit system: ActorSystem[_]) {\n  def confirm(ref: OfferRef): Future[PricedOffer] =\n    Http().singleRequest(HttpRequest(HttpMethods.POST, uri = s"${cfg.baseUrl}/offers/${ref.id}/price").withHeaders(cfg.authHeaders))\n      .flatMap(PricedOffer.decode)(system.executionContext)\n}\n',
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: fare-search\nspec:\n  selector:\n    app: fare-search\n  ports:\n    - port: 80\n      targetPort: 8080\n",
        "k8s/hpa.yaml": "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: fare-search\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: fare-search}\n  minReplicas: 3\n  maxReplicas: 8\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 65}}\n",
        "k8s/kustomization.yaml": KUSTOMIZATION.replace("TAG", tag),
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n    paths: ['src/**', 'build.sbt', 'project/**']\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v4\n        with: {distribution: temurin, java-version: '21'}\n      - uses: sbt/setup-sbt@v1\n      - run: sbt test Docker/publish\n      - name: bump the image tag for Argo CD\n        if: github.ref == 'refs/heads/main'\n        run: |\n          cd k8s && kustomize edit set image fare-search=552871046203.dkr.ecr.eu-west-1.amazonaws.com/fare-search:${GITHUB_SHA::7}\n          git commit -am \"ci: fare-search image ${GITHUB_SHA::7} [skip ci]\" && git push\n",
        "README.md": readme(SERVICE, "Viajaro's flight search: Skylink GDS shopping behind a five-minute Redis cache.", "sbt test\nsbt run").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "CI builds an image for each merge that touches the code and commits its tag to `k8s/kustomization.yaml`; Argo CD (`fare-search-prod`, auto-sync) applies `k8s/` from `main` to the `booking` namespace of `prod-euw1`."),
    }


def build_repo():
    marta = Person("Marta Ruiz", "marta.ruiz@viajaro.es", 60)
    jonas = Person("Jonas Weber", "jonas.weber@viajaro.es", 60)
    priya = Person("Priya Nair", "priya.nair@viajaro.es", 330)
    steward = Person("Scala Steward", "scala-steward@viajaro.es", 0)
    ci = Person("viajaro-ci[bot]", "ci-bot@viajaro.es", 0)
    repo = Repo()

    def tag_commit(when, sha):
        current = repo.files["k8s/kustomization.yaml"]
        old = current.split("newTag: ")[1].split("\n")[0]
        return repo.commit(when, ci, f"ci: fare-search image {sha[:7]} [skip ci]", {
            "k8s/kustomization.yaml": current.replace(f"newTag: {old}", f"newTag: {sha[:7]}"),
        })

    files = repo_files("0000000")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("SearchErrorRate", "More than 2 % of searches answer 503. `skylink call failed` lines say which host and phase; check Skylink's status page and our egress."),
        ("SkylinkLatency", "p95 GDS time over 3 s: Skylink is slow; the cache absorbs repeat searches."),
    ])
    first = repo.commit(utc("2026-12-02 10:00:00"), marta, "fare-search: import from the search monolith", files)
    tag_commit(utc("2026-12-02 10:09:00"), first)
    repo.schedule(chores(random.Random(19204), SERVICE, [marta, jonas, priya], utc("2026-12-02 10:10:00"), utc("2026-12-08 12:00:00"), 3))
    c = repo.commit(utc("2026-12-04 10:10:00"), priya, "search: answer repeat searches from Redis for five minutes", {
        "src/main/scala/com/viajaro/faresearch/SearchRoutes.scala": repo.edit("src/main/scala/com/viajaro/faresearch/SearchRoutes.scala", "complete(shop.search(SearchQuery(od, date, pax, cabin)))", "complete(cache.getOrLoad(SearchQuery(od, date, pax, cabin))(shop.search))"),
    })
    tag_commit(utc("2026-12-04 10:19:00"), c)
    c = repo.commit(utc("2026-12-07 14:10:00"), marta, "gds: shop connect timeout 2 s (was 5 s)\n\nA connect to Skylink takes 20-40 ms; when it hangs, the second attempt\nshould start before the BFF gives up at 6 s.", {
        "src/main/resources/application.conf": repo.edit("src/main/resources/application.conf", "    connect-timeout = 5s\n", "    connect-timeout = 2s\n"),
    })
    tag_commit(utc("2026-12-07 14:19:00"), c)
    logline = repo.commit(utc("2026-12-08 11:02:00"), priya, "gds: log host, phase and attempt when a Skylink call fails\n\n'skylink call failed' gave only the exception; we could not tell a\nconnect timeout from a slow answer or a 5xx without the trace.", {
        "src/main/scala/com/viajaro/faresearch/gds/SkylinkShopClient.scala": repo.edit("src/main/scala/com/viajaro/faresearch/gds/SkylinkShopClient.scala", '          log.warn(s"skylink call failed: ${e}")\n',
                                                                                        '          log.warn(s"skylink call failed host=${cfg.host} phase=${Phase.of(e)} attempt=$n error=\\"${e}\\"")\n'),
    })
    logline_tag = tag_commit(utc("2026-12-08 11:11:00"), logline)
    memory = repo.commit(utc("2026-12-09 07:48:00"), jonas, "k8s: memory 1536Mi, MaxRAMPercentage 70\n\nThe offer decoder's peak heap after the cache change is ~700 MB; GC\ntime was 6 % at the Monday peak.", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "-XX:MaxRAMPercentage=60", "-XX:MaxRAMPercentage=70").replace("              memory: 1Gi\n            limits:\n              memory: 1Gi\n", "              memory: 1536Mi\n            limits:\n              memory: 1536Mi\n"),
    })
    repo.commit(utc("2026-12-09 08:31:00"), jonas, "docs: fare-search egress inventory (SEC-412)", {
        "docs/egress.md": "# fare-search egress (SEC-412)\n\nFrom the security team's egress inventory for the `booking` namespace:\n\n| destination | port | why |\n|---|---|---|\n| kube-dns | 53 | name resolution |\n| fare-cache-redis | 6379 | search cache |\n| api.skylinkgds.com | 443 | Skylink GDS |\n\nAnything else is denied once the CiliumNetworkPolicy is in place.\n",
    })
    culprit = repo.commit(utc("2026-12-09 08:56:00"), jonas, "k8s: default-deny egress with an allowlist (SEC-412)\n\nThe PCI scoping review asks every service in booking to allow only the\ndestinations it needs. Destinations from the egress inventory (see\ndocs/egress.md): kube-dns, the fare cache, Skylink's API.", {
        "k8s/networkpolicy.yaml": POLICY,
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", "  - hpa.yaml\n", "  - hpa.yaml\n  - networkpolicy.yaml\n"),
    })
    bump = repo.commit(utc("2026-12-09 08:57:30"), steward, "Update pekko-http, pekko-http-spray-json to 1.1.0\n\nUpdates org.apache.pekko:pekko-http and org.apache.pekko:pekko-http-spray-json\nfrom 1.0.1 to 1.1.0.\n\nlabels: library-update, early-semver-minor, semver-spec-minor, commit-count:1", {
        "build.sbt": repo.edit("build.sbt", 'val pekkoHttpVersion = "1.0.1"', 'val pekkoHttpVersion = "1.1.0"'),
    }, committer=marta)
    bump_tag = tag_commit(utc("2026-12-09 09:08:20"), bump)
    revert_bump = repo.commit(utc("2026-12-09 09:17:00"), marta, f'Revert "Update pekko-http, pekko-http-spray-json to 1.1.0"\n\nThis reverts commit {bump}.\nSearches fail with connect timeouts since the sync that took it.', {
        "build.sbt": repo.edit("build.sbt", 'val pekkoHttpVersion = "1.1.0"', 'val pekkoHttpVersion = "1.0.1"'),
    })
    revert_tag = tag_commit(utc("2026-12-09 09:25:40"), revert_bump)
    revert_policy = repo.commit(utc("2026-12-09 09:32:20"), jonas, f'Revert "k8s: default-deny egress with an allowlist (SEC-412)"\n\nThis reverts commit {culprit}.\nHubble shows the SYNs to shop.skylinkgds.com dropped (POLICY_DENIED):\nthe inventory had only api.skylinkgds.com.', {
        "k8s/networkpolicy.yaml": None,
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", "  - networkpolicy.yaml\n", ""),
    })
    repo.commit(utc("2026-12-09 11:24:00"), jonas, "k8s: egress allowlist again (SEC-412), with the shopping host and the OTel collector\n\nfare-search calls shop.skylinkgds.com for searches and\napi.skylinkgds.com for pricing; the egress inventory had only the\nsecond. The collector in observability was missing too.", {
        "k8s/networkpolicy.yaml": POLICY.replace("        - matchName: api.skylinkgds.com\n", "        - matchName: api.skylinkgds.com\n        - matchName: shop.skylinkgds.com\n") + """    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: observability
            app.kubernetes.io/name: opentelemetry-collector
      toPorts:
        - ports:
            - port: "4317"
              protocol: TCP
""",
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", "  - hpa.yaml\n", "  - hpa.yaml\n  - networkpolicy.yaml\n"),
        "docs/egress.md": repo.edit("docs/egress.md", "| api.skylinkgds.com | 443 | Skylink GDS |\n", "| shop.skylinkgds.com | 443 | Skylink GDS shopping (searches) |\n| api.skylinkgds.com | 443 | Skylink GDS booking API (pricing) |\n| otel-collector.observability | 4317 | traces |\n"),
    })
    return repo, {"logline": logline, "logline_tag": logline_tag, "memory": memory, "culprit": culprit, "bump": bump, "bump_tag": bump_tag,
                  "revert_bump": revert_bump, "revert_tag": revert_tag, "revert_policy": revert_policy}


# ---------------------------------------------------------------------------

def rs_hash(rng):
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(10))


def pod_name(rng, rs):
    return f"fare-search-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"


def logback(t, level, thread, logger, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger} - {msg}"


def logcli(t, pod, line):
    return f'{t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond:06d}000Z {{app="fare-search", namespace="booking", pod="{pod}"}} {line}'


def argo(t, level, msg, **fields):
    parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}"]
    for k, v in fields.items():
        text = str(v)
        parts.append(f"{k}={json.dumps(text) if (' ' in text or '=' in text or text == '') else text}")
    return " ".join(parts)


def cilium(t, pod, msg, **fields):
    parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%S.")}{t.microsecond:06d}123Z"', "level=info", f"msg={json.dumps(msg)}"]
    for k, v in fields.items():
        text = str(v)
        parts.append(f"{k}={json.dumps(text) if (' ' in text or '=' in text) else text}")
    return f"[pod/{pod}/cilium-agent] " + " ".join(parts)


def build_logs(rng, c):
    app = Log("fare-search.log")
    hubble = Log("hubble-drops.log")
    agent = Log("cilium-agent.log")
    argocd = Log("argocd-application-controller.log")
    bff = Log("travel-bff.log")
    chat = Log("booking-incident.log")
    stats = {"ok": [], "fail": [], "cache": [], "drops": []}

    # ---- pods per rollout ------------------------------------------------------------------
    generations = []  # (ready_at, [(pod, node_index, ip)], version)
    for when, version in ((START - dt.timedelta(hours=15), c["logline"][:7]), (MEMORY_SYNC, c["logline"][:7]), (IMAGE_SYNC, c["bump"][:7]), (REVERT_IMAGE_SYNC, c["revert_bump"][:7])):
        rs = rs_hash(rng)
        pods = []
        for i in range(3):
            node = (i + len(generations)) % 3
            pods.append((pod_name(rng, rs), node, NODES[node][2] + str(rng.randint(10, 250))))
        generations.append((when, pods, version))

    def pods_at(t):
        cur = generations[0]
        for g in generations:
            if t >= g[0] + dt.timedelta(seconds=70):
                cur = g
        return cur

    def policy_active(t):
        return POLICY_ON <= t < POLICY_OFF

    # start-up lines for rollouts inside the window
    for gi, (when, pods, version) in enumerate(generations):
        if when < START:
            continue
        for i, (pod, node, ipaddr) in enumerate(pods):
            t = when + dt.timedelta(seconds=8 + 22 * i, milliseconds=rng.randint(0, 900))
            app.add(t, logcli(t, pod, logback(t, "INFO", "main", "c.v.faresearch.Main$", f"fare-search {version} starting, skylink.shop=https://shop.skylinkgds.com/v3 connect-timeout=2s")))
            t2 = t + dt.timedelta(milliseconds=rng.randint(2600, 4200))
            app.add(t2, logcli(t2, pod, logback(t2, "INFO", "fare-search-pekko.actor.default-dispatcher-5", "c.v.faresearch.Main$", "Server online at http://0.0.0.0:8080/")))
            nodename, cpod, _ = NODES[node]
            t3 = t - dt.timedelta(seconds=6, milliseconds=rng.randint(0, 500))
            ep = rng.randint(100, 3999)
            agent.add(t3, cilium(t3, cpod, "Create endpoint request", addressing=f"&{{{ipaddr} fe80::{hexid(rng, 4)}  }}", containerID=hexid(rng, 64), datapathConfiguration="&{false false false false false <nil>}", interface=f"lxc{hexid(rng, 12)}", k8sPodName=f"booking/{pod}", labels="[]", subsys="daemon", sync_build_endpoint="true"))
            agent.add(t3 + dt.timedelta(milliseconds=12), cilium(t3 + dt.timedelta(milliseconds=12), cpod, "New endpoint", ciliumEndpointName=f"booking/{pod}", containerID=hexid(rng, 12), datapathPolicyRevision=0, desiredPolicyRevision=0, endpointID=ep, ipv4=ipaddr, k8sPodName=f"booking/{pod}", subsys="endpoint"))
            agent.add(t3 + dt.timedelta(milliseconds=640), cilium(t3 + dt.timedelta(milliseconds=640), cpod, "Rewrote endpoint BPF program", ciliumEndpointName=f"booking/{pod}", endpointID=ep, identity=48213, ipv4=ipaddr, k8sPodName=f"booking/{pod}", subsys="endpoint"))

    # ---- searches ---------------------------------------------------------------------------
    for t in poisson_times(rng, START, END, 10.0):
        started, pods, version = pods_at(t)
        pod, node, ipaddr = rng.choice(pods)
        route = rng.choice(ROUTES)
        date = (t + dt.timedelta(days=rng.randint(3, 70))).strftime("%Y-%m-%d")
        pax = rng.choice([1, 1, 1, 2, 2, 3, 4])
        cabin = rng.choice(["Y", "Y", "Y", "Y", "W", "C"])
        thread = f"fare-search-pekko.actor.default-dispatcher-{rng.randint(4, 19)}"
        req_id = hexid(rng, 16)
        bff_pod = f"travel-bff-6c8f7d9b4-{rng.choice(['k2x9q', 'p7mzt', 'w4jrc'])}"
        if rng.random() < 0.34:
            total = ms(rng, 9, 0.4)
            end = t + dt.timedelta(milliseconds=total)
            app.add(end, logcli(end, pod, logback(end, "INFO", thread, "c.v.faresearch.SearchRoutes", f"search ok route={route} date={date} pax={pax} cabin={cabin} offers={rng.randint(12, 240)} source=cache total_ms={total}")))
            bff.add(end + dt.timedelta(milliseconds=6), pino(end + dt.timedelta(milliseconds=6), "info", "request completed", hostname=bff_pod, reqId=req_id, req={"method": "GET", "url": f"/api/flights/search?od={route}&date={date}&pax={pax}&cabin={cabin}"}, res={"statusCode": 200}, responseTime=total + 14))
            stats["cache"].append(end)
            continue
        # a GDS call; attempts until one works or two have failed
        at = t
        failed = 0
        ok = False
        while failed < 2:
            blocked = False
            if policy_active(at):
                # established keep-alive connections survive the policy until the pool closes them;
                # pods started under the policy have none
                fresh_pod = started > POLICY_ON
                pooled = 0.0 if fresh_pod else math.exp(-(at - POLICY_ON).total_seconds() / 40.0)
                blocked = rng.random() > pooled
            if blocked:
                ipd = rng.choice(SHOP_IPS)
                sport = rng.randint(32768, 60999)
                for k, off in enumerate((0.0, 1.0)):
                    tt = at + dt.timedelta(seconds=off, microseconds=rng.randint(50, 900))
                    hubble.add(tt, hubble_drop(rng, tt, NODES[node][0], pod, ipaddr, ipd, sport, 443, ["shop.skylinkgds.com"]))
                    stats["drops"].append(tt)
                at = at + dt.timedelta(seconds=2, milliseconds=rng.randint(1, 9))
                failed += 1
                err = f"org.apache.pekko.stream.StreamTcpException: Tcp command [Connect(shop.skylinkgds.com:443,None,List(),Some(2000 milliseconds),true)] failed because of org.apache.pekko.io.TcpOutgoingConnection$$anon$2: Connect timeout of Some(2000 milliseconds) expired"
                app.add(at, logcli(at, pod, logback(at, "WARN", thread, "c.v.f.gds.SkylinkShopClient", f'skylink call failed host=shop.skylinkgds.com phase=connect attempt={failed} error="{err}"')))
                at = at + dt.timedelta(milliseconds=rng.randint(150, 250))
            elif rng.random() < 0.006:
                at = at + dt.timedelta(milliseconds=ms(rng, 900, 0.4))
                failed += 1
                app.add(at, logcli(at, pod, logback(at, "WARN", thread, "c.v.f.gds.SkylinkShopClient", f'skylink call failed host=shop.skylinkgds.com phase=response attempt={failed} error="com.viajaro.faresearch.gds.SkylinkHttpError: 502 Bad Gateway from https://shop.skylinkgds.com/v3/shop"')))
            else:
                gds = ms(rng, 1150, 0.35)
                at = at + dt.timedelta(milliseconds=gds)
                ok = True
                total = int((at - t).total_seconds() * 1000) + rng.randint(20, 60)
                end = t + dt.timedelta(milliseconds=total)
                app.add(end, logcli(end, pod, logback(end, "INFO", thread, "c.v.faresearch.SearchRoutes", f"search ok route={route} date={date} pax={pax} cabin={cabin} offers={rng.randint(12, 240)} source=gds gds_ms={gds} total_ms={total}")))
                bff.add(end + dt.timedelta(milliseconds=6), pino(end + dt.timedelta(milliseconds=6), "info", "request completed", hostname=bff_pod, reqId=req_id, req={"method": "GET", "url": f"/api/flights/search?od={route}&date={date}&pax={pax}&cabin={cabin}"}, res={"statusCode": 200}, responseTime=total + 14))
                stats["ok"].append(end)
                break
        if not ok:
            total = int((at - t).total_seconds() * 1000)
            app.add(at, logcli(at, pod, logback(at, "ERROR", thread, "c.v.faresearch.SearchRoutes", f"search failed route={route} date={date} pax={pax} cabin={cabin} status=503 reason=gds_unavailable total_ms={total}")))
            b = at + dt.timedelta(milliseconds=5)
            bff.add(b, pino(b, "error", "fare-search answered 503", hostname=bff_pod, reqId=req_id, upstream="http://fare-search.booking.svc/v2/search", status=503, elapsed=total + 3))
            bff.add(b + dt.timedelta(milliseconds=2), pino(b + dt.timedelta(milliseconds=2), "info", "request completed", hostname=bff_pod, reqId=req_id, req={"method": "GET", "url": f"/api/flights/search?od={route}&date={date}&pax={pax}&cabin={cabin}"}, res={"statusCode": 502}, responseTime=total + 16))
            stats["fail"].append(at)

    # ---- pricing (api.skylinkgds.com, allowed by the policy) --------------------------------
    for t in poisson_times(rng, START, END, 1.6):
        _, pods, version = pods_at(t)
        pod, node, ipaddr = rng.choice(pods)
        gds = ms(rng, 420, 0.3)
        end = t + dt.timedelta(milliseconds=gds)
        app.add(end, logcli(end, pod, logback(end, "INFO", f"fare-search-pekko.actor.default-dispatcher-{rng.randint(4, 19)}", "c.v.f.gds.SkylinkPricingClient",
                                              f"price confirmed offer=SKL-{hexid(rng, 10).upper()} carrier={rng.choice(CARRIERS)} total={rng.uniform(39, 1450):.2f} EUR gds_ms={gds}")))

    # ---- OpenTelemetry exporter on pods started while the policy is in place ----------------
    for when, pods, version in generations:
        if not (POLICY_ON <= when < POLICY_OFF):
            continue
        for pod, node, ipaddr in pods:
            t = when + dt.timedelta(seconds=rng.randint(14, 30), microseconds=rng.randint(0, 999999))
            backoff = 1.0
            warned = 0
            last_warn = None
            while t < POLICY_OFF:
                sport = rng.randint(32768, 60999)
                for off in (0.0, 1.0, 3.0, 7.0):
                    tt = t + dt.timedelta(seconds=off, microseconds=rng.randint(50, 900))
                    if tt < POLICY_OFF:
                        hubble.add(tt, hubble_drop(rng, tt, NODES[node][0], pod, ipaddr, OTEL_IP, sport, 4317, [], dest_ns="observability", dest_labels=["k8s:app.kubernetes.io/name=opentelemetry-collector", "k8s:io.kubernetes.pod.namespace=observability"], dest_identity=31877))
                fail_at = t + dt.timedelta(seconds=10)
                if fail_at < POLICY_OFF and (warned < 3 or last_warn is None or (fail_at - last_warn).total_seconds() >= 60):
                    msg = "Failed to export spans. The request could not be executed. Full error message: timeout"
                    if warned == 3:
                        app.add(fail_at, logcli(fail_at, pod, logback(fail_at, "WARN", "OkHttp http://otel-collector.observability:4317/...", "i.o.e.internal.grpc.GrpcExporter", "Too many log messages detected. Will only log once per minute from now on.")))
                    app.add(fail_at, logcli(fail_at, pod, logback(fail_at, "WARN", "OkHttp http://otel-collector.observability:4317/...", "i.o.e.internal.grpc.GrpcExporter", msg)))
                    warned += 1
                    last_warn = fail_at
                t = fail_at + dt.timedelta(seconds=backoff * rng.uniform(0.8, 1.2))
                backoff = min(120.0, backoff * 1.6)

    # ---- background drops elsewhere in the cluster (exported all along) ----------------------
    for t in poisson_times(rng, START, END, 0.6):
        node = rng.randrange(3)
        if rng.random() < 0.75:
            pod = f"recon-export-29417{rng.randint(100, 999)}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            hubble.add(t, hubble_drop(rng, t, NODES[node][0], pod, NODES[node][2] + str(rng.randint(10, 250)), "169.254.169.254", rng.randint(32768, 60999), 80, [],
                                      src_ns="payments-recon", src_app="recon-export", dest_labels=["reserved:world"], dest_identity=2))
        else:
            pod = f"loyalty-api-7b6d8f5c9-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
            hubble.add(t, hubble_drop(rng, t, NODES[node][0], pod, NODES[node][2] + str(rng.randint(10, 250)), f"10.60.{rng.randint(11, 13)}.{rng.randint(10, 250)}", rng.randint(32768, 60999), 9090, [],
                                      src_ns="loyalty", src_app="loyalty-api", dest_ns="monitoring", dest_labels=["k8s:app.kubernetes.io/name=prometheus", "k8s:io.kubernetes.pod.namespace=monitoring"], dest_identity=9120, direction="INGRESS"))

    # ---- cilium-agent: policy import and delete ----------------------------------------------
    for node, (nodename, cpod, _) in enumerate(NODES):
        t = POLICY_ON + dt.timedelta(milliseconds=180 + 90 * node)
        agent.add(t, cilium(t, cpod, "Imported CiliumNetworkPolicy", ciliumNetworkPolicyName="fare-search-egress", k8sApiVersion="", k8sNamespace="booking", subsys="k8s-watcher"))
        agent.add(t + dt.timedelta(milliseconds=2), cilium(t + dt.timedelta(milliseconds=2), cpod, "Policy imported via API, recalculating...", policyAddRequest=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", policyRevision=2211 + node, subsys="daemon"))
        agent.add(t + dt.timedelta(milliseconds=40), cilium(t + dt.timedelta(milliseconds=40), cpod, "regenerating all endpoints", reason="one or more identities created or deleted", subsys="endpoint-manager"))
        t = POLICY_OFF + dt.timedelta(milliseconds=150 + 80 * node)
        agent.add(t, cilium(t, cpod, "Deleted CiliumNetworkPolicy", ciliumNetworkPolicyName="fare-search-egress", k8sApiVersion="", k8sNamespace="booking", subsys="k8s-watcher"))
        agent.add(t + dt.timedelta(milliseconds=2), cilium(t + dt.timedelta(milliseconds=2), cpod, "Policy deleted via API, recalculating...", policyRevision=2214 + node, subsys="daemon"))
        for tt in poisson_times(rng, START, END, 0.05):
            agent.add(tt, cilium(tt, cpod, "Conntrack garbage collector interval recalculated", deleteRatio=f"{rng.uniform(0.01, 0.2):.4f}", newInterval=f"{rng.choice(['5m0s', '6m30s', '7m30s'])}", subsys="map-ct"))

    # ---- Argo CD -----------------------------------------------------------------------------
    app_name = "argocd/fare-search-prod"
    syncs = [
        (MEMORY_SYNC, c["memory"], [("Deployment", "fare-search", "deployment.apps/fare-search configured")]),
        (POLICY_ON, c["bump"], [("CiliumNetworkPolicy", "fare-search-egress", "ciliumnetworkpolicy.cilium.io/fare-search-egress created"), ("Deployment", "fare-search", "deployment.apps/fare-search unchanged")]),
        (IMAGE_SYNC, c["bump_tag"], [("Deployment", "fare-search", "deployment.apps/fare-search configured"), ("CiliumNetworkPolicy", "fare-search-egress", "ciliumnetworkpolicy.cilium.io/fare-search-egress unchanged")]),
        (REVERT_IMAGE_SYNC, c["revert_tag"], [("Deployment", "fare-search", "deployment.apps/fare-search configured"), ("CiliumNetworkPolicy", "fare-search-egress", "ciliumnetworkpolicy.cilium.io/fare-search-egress unchanged")]),
        (POLICY_OFF, c["revert_policy"], [("Deployment", "fare-search", "deployment.apps/fare-search unchanged"), ("CiliumNetworkPolicy", "fare-search-egress", "ciliumnetworkpolicy.cilium.io/fare-search-egress deleted (pruned)")]),
    ]
    sync_times = [s[0] for s in syncs]
    t = START + dt.timedelta(seconds=rng.randint(5, 170))
    while t < END:
        if not any(abs((t - s).total_seconds()) < 30 for s in sync_times):
            argocd.add(t, argo(t, "info", "Reconciliation completed", application=app_name, comparison_level=1, dedup_ms=0, dest_name="", dest_namespace="booking", dest_server="https://kubernetes.default.svc", diff_ms=rng.randint(2, 9), fields_level=1, git_ms=rng.randint(40, 300), health_ms=rng.randint(0, 3), live_ms=rng.randint(0, 4), patch_ms=0, setop_ms=0, settings_ms=0, sync_ms=0, time_ms=rng.randint(60, 380)))
        t += dt.timedelta(seconds=180 + rng.randint(-4, 4))
    for n, (when, sha, results) in enumerate(syncs):
        sid = f"{41 + n:05d}-{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') for _ in range(5))}"
        ts = when - dt.timedelta(seconds=1)
        argocd.add(ts, argo(ts, "info", f"Initiated automated sync to '{sha}'", application=app_name, dest_namespace="booking", dest_server="https://kubernetes.default.svc", reason="OperationStarted", type="Normal"))
        argocd.add(ts, argo(ts, "info", "Syncing", application=app_name, syncId=sid, revision=sha))
        for kind, name, message in results:
            if "unchanged" not in message:
                verb = "Deleting" if "deleted" in message else "Applying"
                argocd.add(when, argo(when, "info", f"{verb} resource {kind}/{name} in cluster: https://172.20.0.1:443, namespace: booking"))
            argocd.add(when, argo(when, "info", f"Adding resource result, status: 'Synced', phase: 'Running', message: '{message}'", application=app_name, kind=kind, name=name, namespace="booking", phase="Sync", syncId=sid))
        te = when + dt.timedelta(seconds=1)
        argocd.add(te, argo(te, "info", "Updating operation state. phase: Running -> Succeeded, message: 'successfully synced (all tasks run)'", application=app_name, syncId=sid))
        argocd.add(te, argo(te, "info", f"Sync operation to {sha} succeeded", application=app_name, dest_namespace="booking", dest_server="https://kubernetes.default.svc", reason="OperationCompleted", type="Normal"))

    # ---- #booking-incident --------------------------------------------------------------------
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #booking-incident <{who}> {text}")
    say(utc("2026-12-09 09:03:40"), "PagerDuty", "Triggered: SearchErrorRate fare-search (prod-euw1) 38% 5xx over 3m")
    say(utc("2026-12-09 09:05:10"), "Marta Ruiz", "ack. searches failing with connect timeouts to shop.skylinkgds.com. pricing (api.skylinkgds.com) fine. Skylink status page green")
    say(utc("2026-12-09 09:07:55"), "Marta Ruiz", f"Argo synced {c['bump'][:7]} at 08:59 (pekko-http 1.1.0) right before it started. Its image is rolling out now")
    say(utc("2026-12-09 09:14:30"), "Marta Ruiz", "new pods fail the same. reverting the pekko-http bump")
    say(utc("2026-12-09 09:28:40"), "Marta Ruiz", "revert rolled out, no change. Still 'Connect timeout of Some(2000 milliseconds) expired'. From a debug pod in default ns `curl https://shop.skylinkgds.com` works")
    say(PLATFORM_POST, "Kasia Nowak (platform)", "Hubble: SYNs from booking/fare-search to shop.skylinkgds.com:443 dropped since 08:59:41, POLICY_DENIED. A CiliumNetworkPolicy fare-search-egress was created by Argo at 08:59:41; its toFQDNs has api.skylinkgds.com only")
    say(utc("2026-12-09 09:31:05"), "Jonas Weber", "that's SEC-412, mine. reverting now, will redo it with the shop host and the collector")
    say(utc("2026-12-09 09:36:20"), "Marta Ruiz", "searches back since 09:34. Resolving")
    return [app, hubble, agent, argocd, bff, chat], stats


def hubble_drop(rng, t, node, pod, src_ip, dst_ip, sport, dport, names, src_ns="booking", src_app="fare-search", dest_ns=None, dest_labels=None, dest_identity=2, direction="EGRESS"):
    src_identity = 48213 if src_app == "fare-search" else (52117 if src_app == "recon-export" else 20544)
    flow = {
        "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}512Z",
        "uuid": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
        "verdict": "DROPPED",
        "drop_reason": 133,
        "ethernet": {"source": f"{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}", "destination": f"{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}:{hexid(rng, 2)}"},
        "IP": {"source": src_ip, "destination": dst_ip, "ipVersion": "IPv4"},
        "l4": {"TCP": {"source_port": sport, "destination_port": dport, "flags": {"SYN": True}}},
        "source": {"ID": rng.randint(100, 3999), "identity": src_identity, "cluster_name": "prod-euw1", "namespace": src_ns,
                   "labels": [f"k8s:app={src_app}", f"k8s:io.kubernetes.pod.namespace={src_ns}"], "pod_name": pod,
                   "workloads": [{"name": src_app if src_app != "recon-export" else "recon-export", "kind": "Deployment" if src_app != "recon-export" else "CronJob"}]},
        "destination": {"identity": dest_identity, "labels": dest_labels or ["reserved:world"]},
        "Type": "L3_L4",
        "node_name": f"prod-euw1/{node}",
        "event_type": {"type": 1, "sub_type": 133},
        "traffic_direction": direction,
        "drop_reason_desc": "POLICY_DENIED",
        "Summary": "TCP Flags: SYN",
    }
    if dest_ns:
        flow["destination"]["namespace"] = dest_ns
        flow["destination"]["cluster_name"] = "prod-euw1"
    if names:
        flow["destination_names"] = names
    return json.dumps({"flow": flow, "node_name": f"prod-euw1/{node}", "time": flow["time"]}, separators=(",", ":"))


def build(out_dir):
    rng = random.Random(19200)
    repo, c = build_repo()
    try:
        logs, stats = build_logs(rng, c)
        onset = min(stats["fail"] + [t for t in stats["drops"]]).replace(microsecond=0)

        def rate(times, window=60):
            def fn(t):
                return round(sum(1 for x in times if t - dt.timedelta(seconds=window) < x <= t) / window, 4)
            return fn

        fare_drops = stats["drops"]
        metrics = {
            "fare_search_requests_per_second.json": query_range([
                ({"namespace": "booking", "service": SERVICE, "route": "/v2/search", "code": "200"}, rate(stats["ok"] + stats["cache"])),
                ({"namespace": "booking", "service": SERVICE, "route": "/v2/search", "code": "503"}, rate(stats["fail"])),
            ], START, END, 30),
            "hubble_drop_total_rate.json": query_range([
                ({"cluster": "prod-euw1", "namespace": "booking", "reason": "POLICY_DENIED", "protocol": "TCP"}, rate(fare_drops)),
            ], START, END, 30),
        }
        return write_scenario(
            out_dir, name="gds-egress-network-policy", service=SERVICE, onset=onset,
            description=f"""
Flight searches fail. From {onset.strftime('%H:%M:%S')} UTC on 9 December searches that miss
the cache fail after two connect timeouts to Skylink's shopping API and
travel-bff answers 502; price confirmations keep working. Argo CD synced
fare-search at 08:59:41 and rolled out new images at 09:10 and 09:27.
Searches recover at 09:34.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=c["culprit"],
            line_formats={"fare-search.log": r'<Ts> \{<Labels>\} <Date> <Time> <Level>\s+\[<Thread>\] <Logger> - <Content>',
                          "cilium-agent.log": r'\[pod/<Pod>/<Container>\] time="<Time>" level=<Level> <Content>'},
            root_cause=[r"POLICY_DENIED", r"Imported CiliumNetworkPolicy"],
            fix_files=["k8s/networkpolicy.yaml"],
            explanation=f"""
The culprit is the 08:56 commit that adds the CiliumNetworkPolicy
fare-search-egress (SEC-412): default-deny egress with kube-dns, the fare
cache and `toFQDNs: api.skylinkgds.com` allowed. fare-search's searches go
to shop.skylinkgds.com (application.conf), which the policy does not
allow. Argo CD's automated sync at 08:59:41 (to the later pekko-http bump's
revision) creates the policy, every cilium-agent imports it ("Imported
CiliumNetworkPolicy"), and from then on Hubble exports the pods' SYNs to
shop.skylinkgds.com:443 as DROPPED / POLICY_DENIED; searches fail with
pekko's "Connect timeout ... expired" as the keep-alive pool's old
connections close, {int((onset - utc('2026-12-09 08:56:00')).total_seconds() // 60)} minutes after the commit. Reverting the
commit (Argo prunes the policy at 09:34) ends it.
Decoys: the pekko-http 1.0.1 -> 1.1.0 bump merged 90 s after the culprit
(the sync that applied the policy names its revision; its image rolled out
at 09:10 and its revert at 09:27, changing nothing), the CI tag commits,
the memory-limit change to k8s/deployment.yaml synced at 07:51, the docs
commit with the egress inventory, the previous afternoon's commit that
logs the host, phase and attempt of a failed Skylink call, the older 2 s
connect timeout; the OTel exporter's timeouts on the new pods (the same
policy, not the cause of the searches' failures); other namespaces'
routine policy drops in the same Hubble export.
""",
        )
    finally:
        repo.close()
