"""dispatch-engine (Kotlin 2.0, Spring Boot 3.3, Kafka; on EKS, Argo CD
syncing `deploy/prod`; dispatch team in Lisbon) of Marmita, a food-delivery
platform in Portugal. dispatch-engine decides which courier gets which
order; it knows a courier is online from the location fixes the courier app
sends every 4-5 s while a shift is running (through courier-api and the
`courier-locations` topic): a courier without a fix for `offline-after` is
offline and gets no offers. The courier app (Marmita Estafeta, Android and
iOS) belongs to the mobile team, who also own its Firebase Remote Config:
`courier_min_version_android` and `courier_min_version_ios` make the app
show a full-screen "Atualização obrigatória" (update required) and stop the
shift and its location service on any older version. The app listens for
Remote Config changes in real time.

Friday 8 May 2026. Courier app 7.4.0 (MOB-1187: proof-of-delivery photos
that failed to upload on 7.3.x) had gone out on Wednesday: a 20 % staged
rollout on Google Play, a phased release on the App Store. At 17:55 UTC Ana
(mobile) raised the Play rollout to 100 %, but managed publishing, switched
on for the 7.3 launch, was still on: the change sat in "Changes ready to
publish" and Play went on serving 7.4.0 to 20 % of devices. At 18:31:07, to
end the PoD disputes before the weekend, the mobile team's Remote Config
workflow published template 87 with both minimum versions at 7.4.0. Within
a minute every courier app older than 7.4.0 showed the update screen and
stopped sending fixes: on iPhones the App Store has 7.4.0 for everyone
(a phased release only throttles automatic updates) and couriers updated
and came back in minutes; on Android, Play's in-app update answered
UPDATE_NOT_AVAILABLE and the store showed "Abrir", so about 80 % of the
Android couriers stayed out, in the middle of the dinner peak. Orders
waited for couriers, food waited on the counters.

dispatch-engine 5.12.0 had been synced at 18:04: DSP-2290 (presence:
offline after 60 s without a fix, was 120 s), DSP-2293 (the very "went
offline: no location" warning, before only at debug), DSP-2288 (batch
offers only to couriers with a fresh fix), firebase-admin 9.4.1. The
runbook (Thursday) reads a supply drop as the location pipeline or a bad
dispatch-engine release and says to roll back. Hugo (SRE) rolls back to
5.11.3 at 18:58: the warnings stop, the couriers do not come back. Pedro
sees in courier-api that the fixes stopped, Android only; Joana (courier
support) has screenshots of the update screen and of Play's "Abrir"; the
app events show force_update_shown with min_version 7.4.0 and
UPDATE_NOT_AVAILABLE on Android from 18:31. Ana finds the unpublished
rollout, publishes Remote Config 88 (7.2.0 again) at 19:09 and the Play
change at 19:12; couriers are told to reopen the app and start their shift.
Supply is back by 19:40; 5.12.0 is synced again at 19:52. Nothing in
dispatch-engine caused it.

Sources: dispatch-engine (Spring Boot console, line format), courier-api
(slog JSON), the mobile team's Remote Config publish workflow (GitHub
Actions log), courier app events (BigQuery export, JSON lines),
merchant-gateway (Python logging, line format), Argo CD application
controller, #dispatch-ops and #mobile-releases (Slack export, JSON lines),
courier support chats (Intercom export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "dispatch-engine"
START, END = utc("2026-05-08 16:45:00"), utc("2026-05-08 20:15:00")
REL_512 = utc("2026-05-08 18:04:20")      # Argo sync of 5.12.0 succeeded
PLAY_CLICK = utc("2026-05-08 17:55:12")   # "increase rollout to 100 %" (held by managed publishing)
RC_PUBLISH = utc("2026-05-08 18:31:07")   # Remote Config template 87: min versions 7.4.0
ROLLBACK = utc("2026-05-08 18:58:30")     # Argo rollback to 5.11.3
RC_REVERT = utc("2026-05-08 19:09:41")    # Remote Config template 88: min versions 7.2.0
PLAY_PUBLISH = utc("2026-05-08 19:12:28") # the held rollout published
RESYNC = utc("2026-05-08 19:52:10")       # 5.12.0 again

# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    id("org.springframework.boot") version "3.3.5"
    id("io.spring.dependency-management") version "1.1.6"
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.spring") version "2.0.21"
}

group = "pt.marmita"
java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.springframework.kafka:spring-kafka")
    implementation("org.springframework.boot:spring-boot-starter-data-redis")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("com.google.firebase:firebase-admin:9.3.0")
    implementation("io.micrometer:micrometer-registry-prometheus")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.springframework.kafka:spring-kafka-test")
}
"""

APPLICATION_YML = """spring:
  application:
    name: dispatch-engine
  kafka:
    bootstrap-servers: b-1.marmita-prod.kafka.eu-west-1.amazonaws.com:9098
    consumer:
      group-id: dispatch-engine

marmita:
  presence:
    # a courier without a location fix for this long is offline (no offers)
    offline-after: 120s
    sweep-every: 10s
  offers:
    ttl: 45s
    batch-max-orders: 3
  batching:
    cross-restaurant-load: 1.3
    max-detour-m: 900
  zones: classpath:zones/lisboa.yaml
"""

PRESENCE_V1 = """package pt.marmita.dispatch.presence

import org.slf4j.LoggerFactory
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component
import java.time.Clock

/**
 * Which couriers are online: a courier is online from their first location
 * fix of a shift until they end the shift in the app or send no fix for
 * `marmita.presence.offline-after`. Offline couriers get no offers.
 */
@Component
class PresenceTracker(
    private val couriers: CourierRegistry,
    private val props: PresenceProperties,
    private val clock: Clock,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @KafkaListener(topics = ["courier-locations"])
    fun onFix(fix: LocationFix) {
        val wasOffline = couriers.recordFix(fix)
        if (wasOffline) {
            log.info("courier {} online ({} {}, zone {})", fix.courierId, fix.platform, fix.appVersion, couriers.zoneOf(fix))
        }
    }

    @Scheduled(fixedDelayString = "\\${marmita.presence.sweep-every}")
    fun sweep() {
        val cutoff = clock.instant().minus(props.offlineAfter)
        couriers.online().filter { it.lastFixAt.isBefore(cutoff) }.forEach {
            couriers.markOffline(it.id, OfflineReason.NO_LOCATION)
            log.debug("courier {} offline (no fix since {})", it.id, it.lastFixAt)
        }
    }
}
"""

OFFERS_V1 = """package pt.marmita.dispatch.offers

import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service
import pt.marmita.dispatch.presence.CourierRegistry

/** Picks the courier for an order or a batch and sends the offer (FCM data message). */
@Service
class OfferService(
    private val couriers: CourierRegistry,
    private val ranker: CourierRanker,
    private val pusher: FcmOfferPusher,
    private val offers: OfferRepository,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun offer(unit: DispatchUnit): Offer? {
        val candidates = couriers.idleNear(unit.pickup, unit.zone)
        val courier = ranker.best(unit, candidates) ?: run {
            log.warn("no idle courier for {} in {} or neighbours ({} orders waiting)", unit.label(), unit.zone, offers.waiting(unit.zone))
            return null
        }
        val offer = offers.create(unit, courier)
        pusher.push(courier, offer)
        log.info("offer {} to courier {}: {}", offer.id, courier.id, unit.label())
        return offer
    }
}
"""

RUNBOOK = """# dispatch-engine runbook

Owner: #team-dispatch. Dashboards: Grafana > Dispatch > Lisboa / Porto.

## Orders waiting for a courier

Normal at the start of a peak for a few minutes. Check the zone's load and
whether cross-restaurant batching switched on. If one zone only: courier
ops can raise the zone's boost in the ops console.

## Offers not delivered (FCM)

`FcmOfferPusher` logs FCM errors with their code. UNAVAILABLE / INTERNAL:
FCM is degraded, offers are retried. SENDER_ID_MISMATCH: wrong service
account in the secret.
"""

CI = """name: ci
on:
  push:
    branches: [main]
    tags: ['v*']
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: '21'
      - run: ./gradlew test
  image:
    if: startsWith(github.ref, 'refs/tags/v')
    needs: test
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: ./gradlew jib -Djib.to.tags=${GITHUB_REF_NAME#v}
"""


def kustomization(tag):
    return f"""resources:
  - ../base
images:
  - name: 512804331920.dkr.ecr.eu-west-1.amazonaws.com/dispatch-engine
    newTag: "{tag}"
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    pedro = Person("Pedro Nunes", "pedro.nunes@marmita.pt", 60)
    sofia = Person("Sofia Marques", "sofia.marques@marmita.pt", 60)
    hugo = Person("Hugo Santos", "hugo.santos@marmita.pt", 60)
    daniel = Person("Daniel Costa", "daniel.costa@marmita.pt", 60)
    camila = Person("Camila Ribeiro", "camila.ribeiro@contractor.marmita.pt", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    base = "src/main/kotlin/pt/marmita/dispatch"
    files = {
        "settings.gradle.kts": 'rootProject.name = "dispatch-engine"\n',
        "build.gradle.kts": BUILD,
        f"{base}/DispatchApplication.kt": "package pt.marmita.dispatch\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.context.properties.ConfigurationPropertiesScan\nimport org.springframework.boot.runApplication\nimport org.springframework.scheduling.annotation.EnableScheduling\n\n@SpringBootApplication\n@EnableScheduling\n@ConfigurationPropertiesScan\nclass DispatchApplication\n\nfun main(args: Array<String>) {\n    runApplication<DispatchApplication>(*args)\n}\n",
        f"{base}/presence/PresenceTracker.kt": PRESENCE_V1,
        f"{base}/presence/PresenceProperties.kt": "package pt.marmita.dispatch.presence\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\nimport java.time.Duration\n\n@ConfigurationProperties(\"marmita.presence\")\ndata class PresenceProperties(val offlineAfter: Duration, val sweepEvery: Duration)\n",
        f"{base}/presence/CourierRegistry.kt": "package pt.marmita.dispatch.presence\n\n/** Couriers on shift in Redis: last fix, zone, platform and app version, state (ONLINE, OFFLINE, PAUSED, BUSY). */\ninterface CourierRegistry\n",
        f"{base}/offers/OfferService.kt": OFFERS_V1,
        f"{base}/offers/CourierRanker.kt": "package pt.marmita.dispatch.offers\n\n/** Nearest idle courier by road time to the pickup, then the longest idle. */\nclass CourierRanker\n",
        f"{base}/batching/Batcher.kt": "package pt.marmita.dispatch.batching\n\n/**\n * Groups orders: two or three of one restaurant ready within minutes of each\n * other, and across restaurants of a zone when its load is over\n * `marmita.batching.cross-restaurant-load`.\n */\nclass Batcher\n",
        f"{base}/zones/ZoneStats.kt": "package pt.marmita.dispatch.zones\n\n/** Every minute: couriers online per zone and platform, orders waiting, load. */\nclass ZoneStats\n",
        f"{base}/push/FcmOfferPusher.kt": "package pt.marmita.dispatch.push\n\nimport com.google.firebase.messaging.FirebaseMessaging\nimport com.google.firebase.messaging.Message\n\n/** Offers go to the courier app as FCM data messages (high priority, ttl 45 s). */\nclass FcmOfferPusher(private val fcm: FirebaseMessaging)\n",
        "src/main/resources/application.yml": APPLICATION_YML,
        "src/main/resources/zones/lisboa.yaml": "zones:\n  - {id: LIS-AVENIDAS, neighbours: [LIS-BAIXA, LIS-ALVALADE]}\n  - {id: LIS-BAIXA, neighbours: [LIS-AVENIDAS, LIS-CAMPO-OURIQUE]}\n  - {id: LIS-ALVALADE, neighbours: [LIS-AVENIDAS, LIS-ORIENTE]}\n  - {id: LIS-CAMPO-OURIQUE, neighbours: [LIS-BAIXA, LIS-BELEM]}\n  - {id: LIS-ORIENTE, neighbours: [LIS-ALVALADE, LIS-BAIXA]}\n  - {id: LIS-BELEM, neighbours: [LIS-CAMPO-OURIQUE]}\n",
        "src/test/kotlin/pt/marmita/dispatch/presence/PresenceTrackerTest.kt": "package pt.marmita.dispatch.presence\n\nimport org.junit.jupiter.api.Test\n\nclass PresenceTrackerTest {\n    @Test\n    fun `a courier without a fix for offline-after goes offline`() {\n        val (tracker, registry, clock) = fixture(offlineAfter = \"120s\")\n        registry.online(\"cr_1\", lastFix = clock.minusSeconds(121))\n        tracker.sweep()\n        assert(registry.state(\"cr_1\") == CourierState.OFFLINE)\n    }\n}\n",
        "deploy/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dispatch-engine\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: dispatch-engine\n          image: 512804331920.dkr.ecr.eu-west-1.amazonaws.com/dispatch-engine\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod\n",
        "deploy/base/kustomization.yaml": "resources:\n  - deployment.yaml\n",
        "deploy/prod/kustomization.yaml": kustomization("5.11.0"),
        "docs/runbook.md": RUNBOOK,
        ".github/workflows/ci.yml": CI,
        ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: gradle\n    directory: /\n    schedule:\n      interval: weekly\n      day: friday\n      time: \"07:00\"\n",
        "README.md": "# dispatch-engine\n\nWho delivers what: presence, batching, offers, zones (Lisboa, Porto).\n\nReleases: tag `vX.Y.Z`, bump `deploy/prod`; Argo CD (dispatch-prod)\nsyncs it. Roll back from Argo CD's history.\n",
    }
    repo.commit(utc("2026-05-04 08:50:00"), hugo, "dispatch-engine 5.11.0", files)
    crng = random.Random(73203)
    repo.schedule(chores(crng, SERVICE, [sofia, camila], utc("2026-05-04 10:00:00"), utc("2026-05-05 17:00:00"), 2)
                  + chores(crng, SERVICE, [daniel, pedro], utc("2026-05-06 08:00:00"), utc("2026-05-07 15:00:00"), 2))
    repo.commit(utc("2026-05-04 14:10:00"), pedro, "zones: Oriente neighbours Alvalade only (DSP-2279)\n\nCouriers lent from Baixa to Parque das Nações took 20+ min to get there.", {
        "src/main/resources/zones/lisboa.yaml": sub(repo.files["src/main/resources/zones/lisboa.yaml"], "{id: LIS-ORIENTE, neighbours: [LIS-ALVALADE, LIS-BAIXA]}", "{id: LIS-ORIENTE, neighbours: [LIS-ALVALADE]}"),
        "src/main/kotlin/pt/marmita/dispatch/batching/Batcher.kt": repo.files["src/main/kotlin/pt/marmita/dispatch/batching/Batcher.kt"] + "\n// DSP-2279: no lending across the river side of Oriente\n",
    })
    repo.commit(utc("2026-05-05 16:20:00"), camila, "offers: ttl from config, 45 s (DSP-2281)", {
        f"{base}/offers/OfferService.kt": sub(repo.files[f"{base}/offers/OfferService.kt"], "/** Picks the courier for an order or a batch and sends the offer (FCM data message). */",
                                              "/** Picks the courier for an order or a batch and sends the offer (FCM data message, ttl marmita.offers.ttl). */"),
    })
    rel5113 = repo.commit(utc("2026-05-06 08:45:00"), hugo, "release 5.11.3", {
        "deploy/prod/kustomization.yaml": kustomization("5.11.3"),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 5.11.3\n\n- DSP-2279 Oriente lends from Alvalade only\n- DSP-2281 offer ttl from config\n",
    })
    repo.commit(utc("2026-05-07 10:05:00"), hugo, "runbook: courier supply drop", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Courier supply drop (online couriers fall fast)\n\nCouriers are online while their location fixes arrive. A sudden drop is\nalmost always one of:\n\n- the location pipeline: consumer lag on `courier-locations` (Grafana >\n  Kafka > dispatch-engine), or courier-api's ingest erroring;\n- a dispatch-engine release that changed presence or the Kafka consumer:\n  roll back in Argo CD (dispatch-prod > History and rollback) first, then\n  look;\n- weather: heavy rain in Lisbon takes 20-30 % of the bikes off the road\n  within half an hour (courier ops knows).\n\nTell courier ops in #dispatch-ops; they can raise boosts.\n",
    })
    repo.commit(utc("2026-05-07 15:40:00"), sofia, "presence: offline after 60 s without a fix (DSP-2290)\n\nCouriers whose phone had lost GPS for up to two minutes still got offers\nthey could not see; the app sends a fix every 4-5 s.", {
        "src/main/resources/application.yml": sub(repo.files["src/main/resources/application.yml"], "    offline-after: 120s\n", "    offline-after: 60s\n"),
        "src/test/kotlin/pt/marmita/dispatch/presence/PresenceTrackerTest.kt": sub(repo.files["src/test/kotlin/pt/marmita/dispatch/presence/PresenceTrackerTest.kt"],
                                                                                  "offlineAfter = \"120s\")\n        registry.online(\"cr_1\", lastFix = clock.minusSeconds(121))",
                                                                                  "offlineAfter = \"60s\")\n        registry.online(\"cr_1\", lastFix = clock.minusSeconds(61))"),
    })
    repo.commit(utc("2026-05-07 16:25:00"), pedro, "offers: batch offers only to couriers with a fix under 30 s old (DSP-2288)", {
        f"{base}/offers/OfferService.kt": sub(repo.files[f"{base}/offers/OfferService.kt"],
                                              "        val candidates = couriers.idleNear(unit.pickup, unit.zone)\n",
                                              "        val candidates = couriers.idleNear(unit.pickup, unit.zone)\n            .filter { !unit.isBatch || it.fixAge < BATCH_MAX_FIX_AGE }\n",
                                              "    private val log = LoggerFactory.getLogger(javaClass)\n",
                                              "    private val log = LoggerFactory.getLogger(javaClass)\n\n    companion object {\n        val BATCH_MAX_FIX_AGE: java.time.Duration = java.time.Duration.ofSeconds(30)\n    }\n"),
    })
    repo.commit(utc("2026-05-08 07:02:00"), bot, "Bump com.google.firebase:firebase-admin from 9.3.0 to 9.4.1", {
        "build.gradle.kts": sub(repo.files["build.gradle.kts"], "firebase-admin:9.3.0", "firebase-admin:9.4.1"),
    })
    repo.commit(utc("2026-05-08 09:20:00"), daniel, "presence: log couriers going offline at warn, with last fix and app (DSP-2293)\n\nCourier ops asks why a courier disappeared from the map; the debug line\nwas not in production logs.", {
        f"{base}/presence/PresenceTracker.kt": sub(repo.files[f"{base}/presence/PresenceTracker.kt"],
                                                   "            log.debug(\"courier {} offline (no fix since {})\", it.id, it.lastFixAt)\n",
                                                   "            log.warn(\"courier {} went offline: no location for {} s (last fix {}, app {} {}, zone {})\",\n                it.id, props.offlineAfter.seconds, it.lastFixAt, it.appVersion, it.platform, it.zone)\n"),
    })
    rel5120 = repo.commit(utc("2026-05-08 16:50:00"), hugo, "release 5.12.0", {
        "deploy/prod/kustomization.yaml": kustomization("5.12.0"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 5.12.0\n\n- DSP-2290 presence: offline after 60 s\n- DSP-2288 batch offers only to couriers with a fresh fix\n- DSP-2293 offline couriers logged at warn\n- firebase-admin 9.4.1\n",
    })
    repo.commit(utc("2026-05-08 19:44:00"), hugo, "runbook: supply drop on one platform is the app, not us", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "- weather: heavy rain",
                               "- the courier app: if the fixes stop on one platform only, ask #team-mobile\n  about the app's minimum version (Remote Config) and the store rollout\n  (8 May: min version 7.4.0 while Play served 7.4.0 to 20 %; rolling\n  back dispatch-engine did nothing);\n- weather: heavy rain"),
    })
    repo._due(None)
    return repo, {"rel5113": rel5113, "rel5120": rel5120}


# ---------------------------------------------------------------------------
# Lisbon at dinner

ZONES = [("LIS-AVENIDAS", 0.26), ("LIS-BAIXA", 0.22), ("LIS-ALVALADE", 0.16), ("LIS-CAMPO-OURIQUE", 0.14), ("LIS-ORIENTE", 0.13), ("LIS-BELEM", 0.09)]
RESTAURANTS = {
    "LIS-AVENIDAS": ["Burger Gato Saldanha", "Sushi Yama Saldanha", "O Prego da Avenida", "Thai Lotus Avenidas", "Churrasqueira Estefânia", "Pizzaria Forno Velho Picoas", "Tandoor Arroios"],
    "LIS-BAIXA": ["Tasca da Sé", "Sushi Kaizen Chiado", "Pizzaria Bella Rua", "Casa do Frango Baixa", "Poke Lab Chiado", "Ramen Kiko Intendente"],
    "LIS-ALVALADE": ["Pizzaria Forno Velho", "Cantinho do Roma", "Ramen Oto", "Frango Piri Alvalade", "Burger Gato Roma"],
    "LIS-CAMPO-OURIQUE": ["Tasca do Mercado", "Sushi Kaizen Campo de Ourique", "Burger Gato Ferreira Borges", "Hamburgueria do Largo", "Pizzaria Amore"],
    "LIS-ORIENTE": ["Sushi Yama Oriente", "Burger Gato Parque", "Wok Tejo", "Salad Garden Oriente", "Churrasco do Rio"],
    "LIS-BELEM": ["Casa de Pasto Belém", "Pizzaria Restelo", "Poke Lab Belém", "Churrasqueira do Rio"],
}


def order_rate(t):
    h = t.hour + t.minute / 60
    if h < 17.5:
        return 2.6
    if h < 18.25:
        return 2.6 + (h - 17.5) / 0.75 * 5.4
    if h < 19.75:
        return 8.0
    return 6.2


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def build_world(rng):
    restaurants = []
    rid = 2150
    for zone, weight in ZONES:
        names = RESTAURANTS[zone]
        for name in names:
            rid += rng.randint(3, 41)
            restaurants.append({"id": f"rs_{rid}", "name": name, "zone": zone, "tablet": f"tb_{rid + 7000}", "w": weight / len(names) * rng.choice([1, 1, 1.4, 2.2])})
    couriers = []
    cid = 10400
    for k in range(250):
        cid += rng.randint(1, 37)
        android = rng.random() < 0.70
        if android:
            ver = rng.choices(["7.4.0", "7.3.2", "7.3.1", "7.2.4"], weights=[16, 70, 10, 4])[0]
            dev = rng.choice(["SM-A546B", "SM-A356B", "Redmi Note 13", "moto g54 5G", "SM-A155F", "Pixel 7a", "POCO X6 Pro", "SM-A256B"])
            osv = rng.choice(["13", "14", "14", "15"])
        else:
            ver = rng.choices(["7.4.0", "7.3.2", "7.3.1"], weights=[38, 55, 7])[0]
            dev = rng.choice(["iPhone13,2", "iPhone14,5", "iPhone12,1", "iPhone15,4", "iPhone14,7"])
            osv = rng.choice(["17.7", "18.4", "18.4.1"])
        if k < 95:
            start = utc("2026-05-08 15:40:00") + dt.timedelta(minutes=rng.uniform(0, 90))
            end = start + dt.timedelta(hours=rng.uniform(3.5, 6))
        else:
            start = utc("2026-05-08 17:35:00") + dt.timedelta(minutes=rng.uniform(0, 70))
            end = start + dt.timedelta(hours=rng.uniform(2.5, 4))
        couriers.append({"id": f"cr_{cid}", "platform": "android" if android else "ios", "ver": ver, "dev": dev, "os": osv,
                         "zone": rng.choices([z for z, _ in ZONES], weights=[w for _, w in ZONES])[0],
                         "start": start, "end": end, "busy_until": start, "idle_since": start,
                         "vehicle": rng.choice(["bike", "bike", "ebike", "scooter", "scooter", "motorbike"]),
                         "uid": hexid(rng, 32).upper()})
    return restaurants, couriers


def build_logs(rng, shas):
    disp, api, rcpub, events, merch, argo, slack, chats = (
        Log("dispatch-engine.log"), Log("courier-api.log"), Log("gha-remote-config-publish.log"), Log("courier-app-events.log"),
        Log("merchant-gateway.log"), Log("argocd-application-controller.log"), Log("slack.log"), Log("intercom-courier-chats.log"))
    restaurants, couriers = build_world(rng)
    stats = {"first_offline": None, "offline_gated": [], "online_series": [], "waiting_series": []}

    def de_version(t):
        if t < REL_512:
            return "5.11.3"
        if t < ROLLBACK:
            return "5.12.0"
        if t < RESYNC:
            return "5.11.3"
        return "5.12.0"

    def offline_after(t):
        return 60 if de_version(t) == "5.12.0" else 120

    def dlog(t, level, thread, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            disp.add(t, f"{stamp} {level:>5} 1 --- [dispatch-engine] [{thread[-15:]:>15}] {logger:<40} : {msg}")

    def alog(t, level, msg, **kv):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}{rng.randint(0, 999):03d}Z"
            body = {"time": stamp, "level": level, "msg": msg}
            body.update(kv)
            api.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    def mlog(t, level, thread, logger, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
            merch.add(t, f"{stamp} [{thread}] {level:<7} {logger}: {msg}")

    def ev(t, c, name, ver=None, **params):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond:06d} UTC"
            events.add(t, json.dumps({"event_time": stamp, "event_name": name, "platform": c["platform"].upper(), "app_version": ver or c["ver"],
                                      "user_id": c["id"], "device": c["dev"], "os_version": c["os"], "params": params}, separators=(",", ":")))

    # ---- each courier's app through the evening: when fixes flow
    # gaps: list of (from, to) with no fixes; 'gated' from RC_PUBLISH for old apps
    for c in couriers:
        c["gaps"] = []
        c["sessions"] = [(c["start"], c["ver"])]
        old = version_key(c["ver"]) < (7, 4, 0)
        # routine GPS gaps (indoor pickups, tunnels): 45-150 s
        t = c["start"] + dt.timedelta(minutes=rng.uniform(5, 60))
        while t < c["end"]:
            if rng.random() < 0.5:
                c["gaps"].append((t, t + dt.timedelta(seconds=rng.uniform(40, 150)), "gps"))
            t += dt.timedelta(minutes=rng.uniform(20, 70))
        c["gated"] = None
        if old and c["start"] < END and c["end"] > RC_PUBLISH:
            if c["start"] < RC_PUBLISH:
                delay = rng.lognormvariate(3.4, 0.6) if rng.random() < 0.85 else rng.uniform(120, 560)
                g = RC_PUBLISH + dt.timedelta(seconds=delay)
            else:
                g = c["start"] + dt.timedelta(seconds=rng.uniform(3, 12))   # opens the app to start the shift
            if g < c["end"]:
                c["gated"] = g
                if c["platform"] == "ios":
                    back = g + dt.timedelta(minutes=rng.uniform(2, 7) if rng.random() < 0.88 else rng.uniform(14, 26))
                    c["back"] = (back, "7.4.0")
                else:
                    if g > RC_REVERT:
                        c["gated"] = None
                    elif rng.random() < 0.78:
                        c["back"] = (RC_REVERT + dt.timedelta(seconds=rng.uniform(20, 60)) + dt.timedelta(minutes=rng.uniform(0.5, 14)), c["ver"])
                    else:
                        c["back"] = None   # went home
                        c["end"] = min(c["end"], RC_REVERT + dt.timedelta(minutes=rng.uniform(0, 20)))
                if c["gated"] and c.get("back"):
                    c["gaps"].append((g, c["back"][0], "gate"))
                    c["sessions"].append((c["back"][0], c["back"][1]))
                elif c["gated"]:
                    c["gaps"].append((g, c["end"], "gate"))
        c["gaps"].sort()

    def fixing(c, t):
        if not (c["start"] <= t < c["end"]):
            return False
        return not any(a <= t < b for a, b, _ in c["gaps"])

    def app_ver(c, t):
        v = c["ver"]
        for at, ver in c["sessions"]:
            if at <= t:
                v = ver
        return v

    # ---- presence as dispatch-engine sees it (10 s sweep)
    online = {c["id"]: False for c in couriers}
    last_fix = {}
    gone_home = set()
    t = START - dt.timedelta(minutes=30)
    presence_lines = []
    while t < END:
        for c in couriers:
            if fixing(c, t):
                last_fix[c["id"]] = t
                if not online[c["id"]]:
                    online[c["id"]] = True
                    back = t + dt.timedelta(milliseconds=rng.randint(100, 4000))
                    dlog(back, "INFO", "ntainer#0-0-C-1", "p.m.dispatch.presence.PresenceTracker",
                         f"courier {c['id']} online ({c['platform']} {app_ver(c, t)}, zone {c['zone']})")
            elif online[c["id"]]:
                if t >= c["end"] and not any(a <= t < b and k == "gate" for a, b, k in c["gaps"]):
                    online[c["id"]] = False
                    dlog(c["end"] + dt.timedelta(milliseconds=rng.randint(200, 900)), "INFO", "ntainer#0-0-C-1", "p.m.dispatch.presence.PresenceTracker",
                         f"courier {c['id']} ended shift")
                    alog(c["end"], "INFO", "shift ended", courier_id=c["id"], reason="courier", app_version=app_ver(c, c["end"]))
                    continue
                lf = last_fix.get(c["id"], t)
                if (t - lf).total_seconds() >= offline_after(t):
                    online[c["id"]] = False
                    gap_kind = next((k for a, b, k in c["gaps"] if a <= t < b), "gps")
                    if de_version(t) == "5.12.0":
                        dlog(t + dt.timedelta(milliseconds=rng.randint(5, 300)), "WARN", "scheduling-1", "p.m.dispatch.presence.PresenceTracker",
                             f"courier {c['id']} went offline: no location for {offline_after(t)} s (last fix {lf.strftime('%H:%M:%S')}Z, app {app_ver(c, lf)} {c['platform']}, zone {c['zone']})")
                    if gap_kind == "gate":
                        stats["offline_gated"].append(t)
                        if stats["first_offline"] is None and t > RC_PUBLISH:
                            stats["first_offline"] = t
                    stats.setdefault("offline_events", []).append((t, c))
        # per-minute presence summary
        if t.second == 0:
            on = [c for c in couriers if online[c["id"]]]
            andr = sum(1 for c in on if c["platform"] == "android")
            stats["online_series"].append((t, len(on), andr, len(on) - andr))
        t += dt.timedelta(seconds=10)

    # ---- orders and assignment (5 s ticks)
    rest_w = [r["w"] for r in restaurants]
    orders = []
    t = START - dt.timedelta(minutes=30)
    seq = 51733000
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(order_rate(t) / 60))
        if t >= END:
            break
        r = rng.choices(restaurants, weights=rest_w)[0]
        seq += rng.randint(1, 3)
        prep = rng.randint(9, 20)
        orders.append({"id": f"ord_{seq}", "r": r, "zone": r["zone"], "placed": t, "prep": prep, "ready": t + dt.timedelta(minutes=prep, seconds=rng.randint(10, 80)),
                       "dispatch_at": t + dt.timedelta(minutes=max(1, prep - 6), seconds=rng.randint(0, 50)), "items": rng.choice([1, 2, 2, 3, 3, 4, 5])})
    for o in orders:
        mlog(o["placed"] + dt.timedelta(milliseconds=rng.randint(80, 600)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders",
             f"order {o['id']} pushed to tablet {o['r']['tablet']} ({o['r']['name']}), {o['items']} items")
        mlog(o["placed"] + dt.timedelta(seconds=rng.uniform(20, 95)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders",
             f"order {o['id']} accepted on tablet {o['r']['tablet']}, prep {o['prep']} min")

    zone_names = [z for z, _ in ZONES]
    neighbours = {"LIS-AVENIDAS": ["LIS-BAIXA", "LIS-ALVALADE"], "LIS-BAIXA": ["LIS-AVENIDAS", "LIS-CAMPO-OURIQUE"], "LIS-ALVALADE": ["LIS-AVENIDAS", "LIS-ORIENTE"],
                  "LIS-CAMPO-OURIQUE": ["LIS-BAIXA", "LIS-BELEM"], "LIS-ORIENTE": ["LIS-ALVALADE"], "LIS-BELEM": ["LIS-CAMPO-OURIQUE"]}

    def is_online(c, t):
        # dispatch-engine's view: fixes flowing (a gap shorter than offline-after still counts as online)
        if not (c["start"] <= t < c["end"]):
            return False
        for a, b, _ in c["gaps"]:
            if a + dt.timedelta(seconds=offline_after(t)) <= t < b:
                return False
        return True

    idle_cache = {}

    def idle(zone, t):
        if idle_cache.get("t") != t:
            idle_cache.clear()
            idle_cache["t"] = t
            for c in couriers:
                if c["busy_until"] <= t and is_online(c, t) and fixing(c, t):
                    idle_cache.setdefault(c["zone"], []).append(c)
        return [c for c in idle_cache.get(zone, []) if c["busy_until"] <= t]

    waiting = []
    oi = 0
    orders.sort(key=lambda o: o["dispatch_at"])
    t = START - dt.timedelta(minutes=30)
    while t < END:
        while oi < len(orders) and orders[oi]["dispatch_at"] <= t:
            waiting.append(orders[oi])
            oi += 1
        still = []
        for o in waiting:
            cands = idle(o["zone"], t)
            if not cands:
                for z in neighbours[o["zone"]]:
                    cands = idle(z, t)
                    if cands:
                        break
            if not cands:
                still.append(o)
                w = (t - o["dispatch_at"]).total_seconds() / 60
                if w >= 4 and not o.get("warned"):
                    o["warned"] = True
                    dlog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "WARN", f"dispatch-{o['zone'][4:8].lower()}", "p.m.dispatch.offers.OfferService",
                         f"no idle courier for order {o['id']} in {o['zone']} or neighbours ({sum(1 for x in waiting if x['zone'] == o['zone'])} orders waiting)")
                continue
            cands.sort(key=lambda c: c["idle_since"])
            c = cands[0] if rng.random() < 0.7 else rng.choice(cands[:4])
            ot = t + dt.timedelta(milliseconds=rng.randint(50, 950))
            oid = "of_" + hexid(rng, 10)
            dlog(ot, "INFO", f"dispatch-{o['zone'][4:8].lower()}", "p.m.dispatch.offers.OfferService",
                 f"offer {oid} to courier {c['id']}: order {o['id']} ({o['r']['name']}, ready {o['ready'].strftime('%H:%M')})")
            acc = ot + dt.timedelta(seconds=rng.uniform(3, 20))
            far = (t - o["dispatch_at"]).total_seconds() > 180
            travel = dt.timedelta(minutes=rng.uniform(6, 13) if far or c["zone"] != o["zone"] else rng.uniform(3, 8))
            pickup = max(acc + travel, o["ready"]) + dt.timedelta(seconds=rng.randint(30, 150))
            deliver = pickup + dt.timedelta(minutes=rng.uniform(7, 15))
            dlog(acc + dt.timedelta(milliseconds=rng.randint(10, 90)), "INFO", "ntainer#1-0-C-1", "p.m.dispatch.offers.AssignmentService",
                 f"order {o['id']} assigned to courier {c['id']}, {(acc - o['dispatch_at']).total_seconds() / 60:.1f} min after dispatch")
            alog(acc + dt.timedelta(milliseconds=rng.randint(3, 30)), "INFO", "offer accepted", offer_id=oid, courier_id=c["id"], orders=1, kind="single", app_version=app_ver(c, acc))
            mlog(acc + dt.timedelta(milliseconds=rng.randint(150, 700)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.couriers",
                 f"order {o['id']}: courier {c['id']} assigned, eta {max(1, int(travel.total_seconds() // 60))} min")
            counter = max(0, int((pickup - o["ready"]).total_seconds() // 60))
            if counter >= 8:
                mlog(pickup - dt.timedelta(seconds=rng.uniform(5, 60)), "WARNING", f"ws-{rng.randint(1, 4)}", "merchant.orders",
                     f"order {o['id']} at {o['r']['name']} waiting on the counter for {counter} min (courier {c['id']} not arrived)")
            mlog(pickup + dt.timedelta(seconds=rng.uniform(0, 40)), "INFO", f"ws-{rng.randint(1, 4)}", "merchant.orders",
                 f"order {o['id']} handed to courier {c['id']} ({counter} min after ready)")
            stats.setdefault("counter", []).append((o["ready"], counter))
            # the delivered status comes from the app: late if the courier's app was gated meanwhile
            gate = next(((a, b) for a, b, k in c["gaps"] if k == "gate" and a < deliver), None)
            if gate and gate[1] > deliver:
                if gate[1] < END and c.get("back"):
                    alog(gate[1] + dt.timedelta(seconds=rng.uniform(20, 90)), "INFO", "task status", order_id=o["id"], courier_id=c["id"], status="delivered",
                         late_s=int((gate[1] - deliver).total_seconds()), app_version=app_ver(c, gate[1]))
                else:
                    alog(deliver + dt.timedelta(minutes=rng.uniform(12, 25)), "INFO", "task status set by ops", order_id=o["id"], courier_id=c["id"], status="delivered", by="ops:rita.matos")
            else:
                alog(deliver, "INFO", "task status", order_id=o["id"], courier_id=c["id"], status="delivered", minutes_from_pickup=round((deliver - pickup).total_seconds() / 60, 1),
                     app_version=app_ver(c, deliver))
            c["busy_until"] = deliver + dt.timedelta(minutes=rng.uniform(0.5, 3))
            c["idle_since"] = c["busy_until"]
            c.setdefault("tasks", []).append((acc, deliver, o["id"]))
        waiting = still
        if t.second == 0:
            stats["waiting_series"].append((t, len(waiting)))
            if t.minute % 5 == 0:
                for z in zone_names:
                    on = [c for c in couriers if c["zone"] == z and is_online(c, t)]
                    wz = sum(1 for o in waiting if o["zone"] == z)
                    dlog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), "INFO", "zone-stats", "p.m.dispatch.zones.ZoneStats",
                         f"zone {z}: {len(on)} couriers online (android {sum(1 for c in on if c['platform'] == 'android')}, ios {sum(1 for c in on if c['platform'] == 'ios')}), "
                         f"{len(idle(z, t))} idle, {wz} orders waiting")
        t += dt.timedelta(seconds=5)

    # couriers who go offline with an order in the bag
    for t, c in stats.get("offline_events", []):
        active = [oid for a, d, oid in c.get("tasks", []) if a < t < d]
        if active:
            stats["stranded"] = stats.get("stranded", 0) + 1
            dlog(t + dt.timedelta(milliseconds=rng.randint(300, 800)), "WARN", "scheduling-1", "p.m.dispatch.offers.AssignmentService",
                 f"courier {c['id']} offline with an active task (order {active[0]}); keeping the assignment, ops notified")

    # ---- dispatch-engine starts
    for at, ver, sha in ((REL_512, "5.12.0", shas["rel5120"]), (ROLLBACK, "5.11.3", shas["rel5113"]), (RESYNC, "5.12.0", shas["rel5120"])):
        for k in range(2):
            tt = at - dt.timedelta(seconds=62 - 21 * k, milliseconds=rng.randint(0, 900))
            dlog(tt, "INFO", "main", "p.m.dispatch.DispatchApplication", f"Starting DispatchApplication v{ver} (git {sha[:7]}) using Java 21.0.5 with PID 1")
            dlog(tt + dt.timedelta(seconds=9, milliseconds=rng.randint(0, 900)), "INFO", "main", "p.m.dispatch.DispatchApplication",
                 f"Started DispatchApplication in {rng.uniform(8.1, 10.9):.3f} seconds (process running for {rng.uniform(9.0, 11.8):.3f})")
            dlog(tt + dt.timedelta(seconds=10, milliseconds=rng.randint(0, 900)), "INFO", "main", "p.m.dispatch.presence.PresenceTracker",
                 f"presence: offline after {60 if ver == '5.12.0' else 120}s without a fix, sweep every 10s")

    # ---- courier-api: fixes per minute by platform, sessions, logins
    t = START + dt.timedelta(seconds=rng.uniform(0, 59))
    while t < END:
        fx = [c for c in couriers if fixing(c, t)]
        a = sum(1 for c in fx if c["platform"] == "android")
        alog(t, "INFO", "location fixes ingested", fixes=int(len(fx) * rng.uniform(12.2, 13.4)), couriers=len(fx), android=a, ios=len(fx) - a,
             dropped_low_accuracy=rng.randint(0, max(1, len(fx) // 14)), topic="courier-locations")
        t += dt.timedelta(seconds=60)
    for c in couriers:
        for at, ver in c["sessions"]:
            alog(at - dt.timedelta(seconds=rng.uniform(2, 6)), "INFO", "courier session started", courier_id=c["id"], platform=c["platform"], app_version=ver,
                 device=c["dev"])
    # Android couriers who reinstalled the app (Play still gives them 7.3.x) and log in again
    reinstalled = [c for c in couriers if c["platform"] == "android" and c["gated"] and c["gated"] < RC_REVERT - dt.timedelta(minutes=15)]
    rng.shuffle(reinstalled)
    for c in reinstalled[:9]:
        tt = c["gated"] + dt.timedelta(minutes=rng.uniform(4, 20))
        alog(tt, "INFO", "login code sent", courier_id=c["id"], channel="sms", app_version=c["ver"], platform="android")
        alog(tt + dt.timedelta(seconds=rng.uniform(25, 70)), "INFO", "login", courier_id=c["id"], app_version=c["ver"], platform="android", device=c["dev"])
        c["reinstalled"] = tt
    alog(utc("2026-05-08 17:12:44"), "WARN", "task status rejected: outside geofence", order_id="ord_51733071", status="arrived_customer", distance_m=196, accuracy_m=41)
    alog(utc("2026-05-08 19:38:02"), "WARN", "task status rejected: outside geofence", order_id="ord_51734012", status="arrived_customer", distance_m=151, accuracy_m=17)

    # ---- the courier app's events (mobile team's BigQuery export)
    for c in couriers:
        if START <= c["start"] < END:
            ev(c["start"] - dt.timedelta(seconds=rng.uniform(3, 9)), c, "app_open", source="launcher")
            if not (c["gated"] and c["gated"] - c["start"] < dt.timedelta(seconds=15)):
                ev(c["start"], c, "shift_started", zone=c["zone"], vehicle=c["vehicle"])
        if c["start"] < RC_PUBLISH < c["end"] or c["start"] > RC_PUBLISH:
            at = c["gated"] or (RC_PUBLISH + dt.timedelta(seconds=rng.lognormvariate(3.4, 0.6)))
            if c["start"] > RC_PUBLISH:
                at = c["start"] - dt.timedelta(seconds=1)
            if at < c["end"]:
                ev(at - dt.timedelta(milliseconds=rng.randint(200, 900)), c, "remote_config_activated", template_version="87", trigger="realtime" if c["start"] < RC_PUBLISH else "app_start")
        if c["gated"]:
            g = c["gated"]
            avail = "UPDATE_AVAILABLE" if c["platform"] == "ios" else "UPDATE_NOT_AVAILABLE"
            ev(g, c, "force_update_shown", min_version="7.4.0", installed_version=c["ver"], in_app_update=avail, shift_active=str(c["start"] < g).lower())
            if c["platform"] == "ios":
                ev(g + dt.timedelta(seconds=rng.uniform(4, 20)), c, "force_update_store_opened", store="app_store")
                if c.get("back"):
                    ev(c["back"][0] - dt.timedelta(seconds=rng.uniform(5, 15)), c, "app_updated", ver="7.4.0", previous_version=c["ver"])
                    ev(c["back"][0], c, "shift_started", ver="7.4.0", zone=c["zone"], vehicle=c["vehicle"])
            else:
                ev(g + dt.timedelta(seconds=rng.uniform(4, 25)), c, "force_update_store_opened", store="google_play")
                if rng.random() < 0.5:
                    ev(g + dt.timedelta(seconds=rng.uniform(40, 200)), c, "force_update_shown", min_version="7.4.0", installed_version=c["ver"],
                       in_app_update="UPDATE_NOT_AVAILABLE", shift_active="false")
                if c.get("reinstalled"):
                    ev(c["reinstalled"] - dt.timedelta(seconds=20), c, "first_open", source="reinstall")
                    ev(c["reinstalled"] + dt.timedelta(seconds=80), c, "force_update_shown", min_version="7.4.0", installed_version=c["ver"],
                       in_app_update="UPDATE_NOT_AVAILABLE", shift_active="false")
                if c.get("back"):
                    rv = RC_REVERT + dt.timedelta(seconds=rng.uniform(5, 40))
                    ev(rv, c, "remote_config_activated", template_version="88", trigger="realtime")
                    ev(rv + dt.timedelta(milliseconds=rng.randint(100, 600)), c, "force_update_dismissed", min_version="7.2.0")
                    ev(c["back"][0], c, "shift_started", zone=c["zone"], vehicle=c["vehicle"])
        elif c["start"] < RC_REVERT < c["end"]:
            ev(RC_REVERT + dt.timedelta(seconds=rng.uniform(5, 60)), c, "remote_config_activated", template_version="88", trigger="realtime")
    # routine: proof-of-delivery uploads failing on 7.3.x (MOB-1187), the reason for the change
    k = 0
    for c in couriers:
        if c["ver"] in ("7.3.1", "7.3.2") and rng.random() < 0.16:
            tt = c["start"] + dt.timedelta(minutes=rng.uniform(10, 100))
            if tt < RC_PUBLISH:
                ev(tt, c, "pod_photo_upload_failed", error="SocketTimeoutException", attempts="3")
                k += 1

    # ---- the mobile team's Remote Config publish workflow (GitHub Actions)
    def gh(tt, text):
        tt = tt + dt.timedelta(microseconds=rng.randint(0, 4999))
        if START <= tt < END:
            rcpub.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}0Z {text}")

    def run(at, run_id, version_from, version_to, prev, diff, who, title):
        t0 = at - dt.timedelta(seconds=25)
        gh(t0, "Requested labels: ubuntu-24.04")
        gh(t0 + dt.timedelta(seconds=1), "Job defined at: marmita/mobile-remote-config/.github/workflows/publish.yml@refs/heads/main")
        gh(t0 + dt.timedelta(seconds=1, milliseconds=200), "Waiting for a runner to pick up this job...")
        gh(t0 + dt.timedelta(seconds=4), f"Job is about to start running on the hosted runner: GitHub Actions {run_id % 1000 + 11} (hosted)")
        gh(t0 + dt.timedelta(seconds=6), "##[group]Run ./scripts/rc diff --project marmita-courier-prod")
        gh(t0 + dt.timedelta(seconds=12), f"Current template: version {version_from} (published {prev})")
        gh(t0 + dt.timedelta(seconds=12, milliseconds=300), f"Diff against template version {version_from}:")
        for k, line in enumerate(diff):
            gh(t0 + dt.timedelta(seconds=12, milliseconds=310 + 10 * k), f"  ~ {line}")
        gh(t0 + dt.timedelta(seconds=12, milliseconds=390), f"  ({len(diff)} parameter{'s' if len(diff) > 1 else ''} changed, 0 added, 0 removed; conditions unchanged)")
        gh(t0 + dt.timedelta(seconds=12, milliseconds=400), "##[endgroup]")
        gh(t0 + dt.timedelta(seconds=13), "##[group]Run firebase deploy --only remoteconfig --project marmita-courier-prod --non-interactive")
        gh(t0 + dt.timedelta(seconds=21), "=== Deploying to 'marmita-courier-prod'...")
        gh(t0 + dt.timedelta(seconds=21, milliseconds=100), "i  deploying remoteconfig")
        gh(t0 + dt.timedelta(seconds=24), f"+  remoteconfig: released version {version_to} (\"{title}\", by {who})")
        gh(t0 + dt.timedelta(seconds=24, milliseconds=200), "+  Deploy complete!")
        gh(t0 + dt.timedelta(seconds=24, milliseconds=300), "##[endgroup]")
        gh(t0 + dt.timedelta(seconds=25), f"Published Remote Config template version {version_to}; clients with real-time updates receive it within seconds")
        gh(t0 + dt.timedelta(seconds=26), "Cleaning up orphan processes")

    run(utc("2026-05-08 17:20:15"), 14488213, 85, 86, "2026-05-06T09:12:40Z", ["support_chat_enabled (condition city_porto): false -> true"],
        "joao.faria@marmita.pt", "support chat for Porto couriers")
    run(RC_PUBLISH, 14489907, 86, 87, "2026-05-08T17:20:09Z", ['courier_min_version_android: "7.2.0" -> "7.4.0"', 'courier_min_version_ios: "7.2.0" -> "7.4.0"'],
        "ana.rodrigues@marmita.pt", "MOB-1187 force 7.4.0 (PoD upload fix)")
    run(RC_REVERT, 14490652, 87, 88, "2026-05-08T18:31:07Z", ['courier_min_version_android: "7.4.0" -> "7.2.0"', 'courier_min_version_ios: "7.4.0" -> "7.2.0"'],
        "ana.rodrigues@marmita.pt", "revert v87: Play rollout of 7.4.0 is at 20%")

    # ---- merchant-gateway routine
    t = START + dt.timedelta(seconds=rng.uniform(0, 120))
    while t < END:
        mlog(t, "INFO", "heartbeat", "merchant.tablets", f"tablets connected: {39 - rng.randint(0, 2)} of 41 (Lisbon), {rng.randint(0, 2)} reconnects in the last 5 min")
        t += dt.timedelta(minutes=5)
    mlog(utc("2026-05-08 17:41:30"), "WARNING", "ws-3", "merchant.tablets", "tablet tb_9402 (Ramen Kiko Intendente): printer offline (ESC/POS: paper out)")
    mlog(utc("2026-05-08 19:27:12"), "WARNING", "ws-1", "merchant.tablets", "tablet tb_9519 (Tandoor Arroios): websocket closed 1006, reconnecting")

    # ---- Argo CD
    def argolog(tt, msg, **kv):
        if START <= tt < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(tt, f'time="{tt.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}" application=argocd/dispatch-prod {extra}'.rstrip())

    t = START + dt.timedelta(seconds=rng.uniform(0, 180))
    while t < END:
        argolog(t, "Reconciliation completed", **{"dest-namespace": "dispatch", "time_ms": rng.randint(40, 210)})
        t += dt.timedelta(minutes=3, seconds=rng.uniform(0, 1.5))

    def sync(tt, sha, hist, user=None, note=None):
        if note:
            argolog(tt - dt.timedelta(seconds=84), note, user=user)
        who = {"user": user} if user else {}
        argolog(tt - dt.timedelta(seconds=80), f"Initiated {'automated ' if not user else ''}sync to '{sha}'", **{"dest-namespace": "dispatch"}, **who)
        argolog(tt - dt.timedelta(seconds=78), "apps/Deployment dispatch/dispatch-engine configured", revision=sha)
        argolog(tt - dt.timedelta(seconds=1), "Updated health status: Progressing -> Healthy", revision=sha)
        argolog(tt, f"Sync operation to {sha} succeeded", revision=sha, historyID=hist)

    sync(REL_512, shas["rel5120"], 318)
    sync(ROLLBACK, shas["rel5113"], 319, user="hugo.santos@marmita.pt", note=f"Rollback to history ID 317 ({shas['rel5113']}); automated sync disabled")
    argolog(RESYNC - dt.timedelta(seconds=95), "automated sync enabled", user="hugo.santos@marmita.pt")
    sync(RESYNC, shas["rel5120"], 320)

    # ---- Slack
    def say(tt, channel, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(tt, json.dumps({"type": "message", "channel": channel, "ts": f"{tt.timestamp():.6f}", "user_name": who, "text": text}, ensure_ascii=False))

    def online_at(tt):
        row = stats["online_series"][0]
        for r in stats["online_series"]:
            if r[0] <= tt:
                row = r
        return row

    def waiting_at(tt):
        row = (tt, 0)
        for r in stats["waiting_series"]:
            if r[0] <= tt:
                row = r
        return row[1]

    first = stats["first_offline"]
    o_before = online_at(RC_PUBLISH - dt.timedelta(minutes=1))
    o_3 = online_at(first + dt.timedelta(minutes=2))
    o_roll = online_at(ROLLBACK + dt.timedelta(minutes=3))
    o_back = online_at(utc("2026-05-08 19:31:00"))
    say(utc("2026-05-08 16:58:00"), "dispatch-ops", "rita.matos", "Boa tarde. Friday dinner forecast Lisbon +11% on last Friday, 190 couriers booked 19:00-22:00. No rain.")
    say(PLAY_CLICK + dt.timedelta(seconds=50), "mobile-releases", "ana.rodrigues", "Courier app 7.4.0 Android: staged rollout 20% -> 100% (MOB-1187, PoD photo uploads). Crash-free 99.8% on the 20%. iOS phased release is on day 3.")
    say(REL_512 - dt.timedelta(minutes=4), "dispatch-ops", "hugo.santos", "syncing dispatch-engine 5.12.0: DSP-2290 presence 120 -> 60 s, DSP-2288 batch offers only to couriers with a fresh fix, DSP-2293 'went offline' at warn, firebase-admin 9.4.1")
    say(REL_512 + dt.timedelta(minutes=2), "dispatch-ops", "hugo.santos", "5.12.0 healthy")
    say(utc("2026-05-08 18:21:30"), "dispatch-ops", "rita.matos", "Since the release a few couriers flap offline/online around Colombo and Vasco da Gama (indoor pickups). Within what we expected with 60 s.")
    say(RC_PUBLISH + dt.timedelta(seconds=40), "mobile-releases", "ana.rodrigues", "Remote Config v87 is out: courier min version 7.4.0 on Android and iOS, so nobody stays on the 7.3 PoD bug over the weekend.")
    say(first + dt.timedelta(minutes=2, seconds=20), "dispatch-ops", "rita.matos", f"Online couriers in Lisbon {o_before[1]} -> {o_3[1]} in two minutes!! Orders waiting going up.")
    say(first + dt.timedelta(minutes=4), "dispatch-ops", "hugo.santos", "dispatch-engine is full of 'went offline: no location for 60 s'. 5.12.0 went out half an hour ago with the 60 s presence timeout. Checking Kafka lag on courier-locations.")
    say(first + dt.timedelta(minutes=6), "dispatch-ops", "pedro.nunes", "Lag is 0. But the fixes at courier-api fell too, so they really stopped sending; it's not only our timeout. Mostly Android, iOS dipped and is coming back.")
    say(first + dt.timedelta(minutes=9), "dispatch-ops", "joana.pires", "Intercom is exploding: couriers say the app shows 'Atualização obrigatória' and the Play Store only has 'Abrir', no update. iPhone couriers say they updated and it's ok.")
    say(first + dt.timedelta(minutes=13), "dispatch-ops", "hugo.santos", "Runbook says roll back first after a release. Rolling dispatch-engine back to 5.11.3 while we look.")
    say(ROLLBACK + dt.timedelta(minutes=3), "dispatch-ops", "rita.matos", f"No change: {o_roll[1]} online, {waiting_at(ROLLBACK + dt.timedelta(minutes=3))} orders waiting, restaurants with bags on the counter. Couriers are standing outside Saldanha with the update screen.")
    say(ROLLBACK + dt.timedelta(minutes=4), "dispatch-ops", "pedro.nunes", "App events export: force_update_shown with min_version 7.4.0 from 18:31, right after remote_config_activated template 87. The Android ones all say in_app_update UPDATE_NOT_AVAILABLE. @ana.rodrigues is 7.4.0 not at 100% on Play?")
    say(ROLLBACK + dt.timedelta(minutes=6), "dispatch-ops", "ana.rodrigues", "It should be, I raised it at 18:55 local... checking Play Console")
    say(RC_REVERT - dt.timedelta(minutes=2), "dispatch-ops", "ana.rodrigues", "Managed publishing is still on for the courier app (since the 7.3 launch). My 100% is sitting in 'Changes ready to publish'; Play serves 7.4.0 to 20% of devices. Reverting Remote Config to 7.2.0 now.")
    say(RC_REVERT + dt.timedelta(seconds=30), "mobile-releases", "ana.rodrigues", "Remote Config v88: min version back to 7.2.0 (revert of v87). Apps get it in real time; the update screen closes, couriers must tap 'Iniciar turno' again.")
    say(PLAY_PUBLISH + dt.timedelta(seconds=40), "mobile-releases", "ana.rodrigues", "Published the held Play changes: 7.4.0 at 100% on Android. Managed publishing off.")
    say(PLAY_PUBLISH + dt.timedelta(minutes=1), "dispatch-ops", "rita.matos", "Sending push + SMS to every courier on shift: 'Reabre a app e inicia o turno. Pedimos desculpa.'")
    say(utc("2026-05-08 19:31:00"), "dispatch-ops", "rita.matos", f"{o_back[1]} online and climbing, {waiting_at(utc('2026-05-08 19:31:00'))} orders waiting. Some Android couriers went home, we'll compensate the bookings.")
    say(RESYNC - dt.timedelta(minutes=3), "dispatch-ops", "hugo.santos", "Re-syncing dispatch-engine 5.12.0, it had nothing to do with this. Runbook gets a section on app version gates.")
    say(utc("2026-05-08 20:02:00"), "mobile-releases", "ana.rodrigues", "Postmortem MOB-1193: a min version change must check that the version is published at 100% in both stores; the publish workflow will refuse otherwise.")

    # ---- Intercom courier chats
    def chat(tt, cid, text):
        if START <= tt < END:
            chats.add(tt, json.dumps({"type": "conversation.user.created", "created_at": int(tt.timestamp()), "created": tt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                      "user": {"user_id": cid, "role": "courier"}, "body": text}, ensure_ascii=False))

    gated_android = sorted((c for c in couriers if c["gated"] and c["platform"] == "android"), key=lambda c: c["gated"])
    gated_ios = sorted((c for c in couriers if c["gated"] and c["platform"] == "ios"), key=lambda c: c["gated"])
    chat(utc("2026-05-08 17:06:40"), couriers[3]["id"], "Boa tarde, a foto da entrega não carrega, já tentei 3 vezes (pedido ord_51733022).")
    chat(utc("2026-05-08 17:48:12"), couriers[11]["id"], "O cliente não atende e o prédio não tem campainha. O que faço?")
    texts_a = ["A app diz 'Atualização obrigatória' mas na Play Store só aparece 'Abrir'. Não consigo trabalhar!",
               "Atualização obrigatória?? Não há atualização nenhuma na Play Store.",
               "Tenho um pedido na mochila e a app bloqueou com atualização obrigatória. Como marco entregue?",
               "Desinstalei e instalei de novo, continua a 7.3.2 e pede atualização.",
               "A app fechou o turno sozinha e pede para atualizar. Na loja não há nada.",
               "Estou no Saldanha com 4 colegas, todos Android, todos bloqueados.",
               "Limpei a cache da Play Store, nada. Continua 'Abrir'."]
    texts_i = ["Pediu para atualizar, atualizei na App Store e já está. Perdi 5 minutos.",
               "A app pediu atualização a meio de uma entrega, já atualizei."]
    for k, text in enumerate(texts_a):
        c = gated_android[min(len(gated_android) - 1, 3 + k * 9)]
        chat(c["gated"] + dt.timedelta(minutes=1.5 + k * 2.2), c["id"], text)
    for k, text in enumerate(texts_i):
        c = gated_ios[min(len(gated_ios) - 1, 2 + k * 7)]
        chat(c["gated"] + dt.timedelta(minutes=3 + k), c["id"], text)
    chat(RC_REVERT + dt.timedelta(minutes=4), gated_android[5]["id"], "Já abriu! Iniciei o turno.")
    chat(utc("2026-05-08 19:55:10"), couriers[40]["id"], "Vou receber compensação pela hora perdida?")

    stats["pod_fail"] = k
    stats["gated_android"] = len(gated_android)
    stats["gated_ios"] = len(gated_ios)
    return [disp, api, rcpub, events, merch, argo, slack, chats], stats


def build(out_dir):
    rng = random.Random(73200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_offline"].replace(microsecond=0)
        assert RC_PUBLISH < onset < RC_PUBLISH + dt.timedelta(minutes=3), onset
        series = stats["online_series"]

        def at(t, idx):
            best = series[0]
            for row in series:
                if row[0] <= t:
                    best = row
                else:
                    break
            return best[idx]

        def waiting(t):
            best = 0
            for row in stats["waiting_series"]:
                if row[0] <= t:
                    best = row[1]
                else:
                    break
            return best

        metrics = {
            "dispatch_couriers_online.json": query_range([({"job": "dispatch-engine", "city": "LIS", "platform": "android"}, lambda t: at(t, 2)),
                                                          ({"job": "dispatch-engine", "city": "LIS", "platform": "ios"}, lambda t: at(t, 3))], START, END, 60),
            "dispatch_orders_waiting.json": query_range([({"job": "dispatch-engine", "city": "LIS"}, waiting)], START, END, 60),
        }
        low = min(r[1] for r in series if r[0] > RC_PUBLISH)
        before = at(RC_PUBLISH - dt.timedelta(minutes=1), 1)
        return write_scenario(
            out_dir, name="r73-min-app-version-gate-none", service=SERVICE, onset=onset,
            description=f"""
Marmita's Lisbon couriers disappear in the middle of the Friday dinner
peak (8 May 2026): from {onset.strftime('%H:%M:%S')} UTC dispatch-engine marks courier after
courier offline (no location fixes), online couriers fall from {before} to {low},
orders wait for couriers and food waits on the restaurants' counters.
dispatch-engine 5.12.0 (presence offline after 60 s instead of 120 s, the
offline warning) had been synced at 18:04; the rollback to 5.11.3 at 18:58
changed nothing. Couriers came back from 19:10; 5.12.0 was synced again at
19:52.
""",
            logs=logs,
            line_formats={"dispatch-engine.log": r'<Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s+: <Content>',
                          "merchant-gateway.log": r'<Date> <Time> \[<Thread>\] <Level>\s+<Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'courier_min_version_android',
                r'force_update_shown.*UPDATE_NOT_AVAILABLE',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The mobile team's Remote Config workflow published
template 87 at {RC_PUBLISH.strftime('%H:%M:%S')} with courier_min_version_android and
courier_min_version_ios raised from 7.2.0 to 7.4.0 (MOB-1187, the
proof-of-delivery upload bug of 7.3.x). The courier app applies Remote
Config in real time: every app older than 7.4.0 showed the update-required
screen and stopped its shift and its location fixes ("force_update_shown"
with min_version 7.4.0 right after remote_config_activated template 87).
The Android rollout of 7.4.0 had been raised to 100 % at 17:55, but managed
publishing held the change, so Google Play still served 7.4.0 to 20 % of
devices: on Android the in-app update answered UPDATE_NOT_AVAILABLE and the
store showed no update ({stats['gated_android']} Android couriers out until the revert), while
iPhone couriers ({stats['gated_ios']}) updated from the App Store within minutes.
dispatch-engine only saw the fixes stop and marked the couriers offline.
Remote Config 88 (7.2.0 again) at {RC_REVERT.strftime('%H:%M:%S')} and couriers restarting their
shifts ended it; the held Play change was published at 19:12.
Decoys: dispatch-engine 5.12.0, synced {round((onset - REL_512).total_seconds() / 60)} minutes before the onset
(DSP-2290, presence offline after 60 s instead of 120 s; DSP-2293, which
adds the very "went offline: no location" warning; DSP-2288, batch offers
only to couriers with a fresh fix; firebase-admin 9.4.1), rolled back to
5.11.3 at 18:58 without effect (the warnings stop, the couriers stay
away); Thursday's runbook commit that reads a supply drop as the location
pipeline or a dispatch-engine release and says to roll back first;
routine GPS flaps at indoor pickups made visible by the 60 s timeout; an
earlier Remote Config publish at 17:20 (a Porto chat flag); 7.3.x's
failed proof-of-delivery uploads; tablet printer and websocket noise.
""",
        )
    finally:
        repo.close()
