"""arlun-ticketing (Kotlin 2.0, Spring Boot 3.3 on Java 21, PostgreSQL; two
replicas on the resort's RKE2 cluster, released by a Jenkins job that runs
`helm upgrade`; team in Chur and a contractor in Lisbon) of Arlun
Bergbahnen, a Swiss ski resort with a gondola (Signalbahn), two chairlifts
(Alp Nova, Sass) and a T-bar (Plaun): 12 gate lanes, each a Tordis
turnstile controller that validates KeyCards offline against an
allow-list that arlun-ticketing's gatesync pushes to it (a delta every
30 s) and that uploads its passages. The KeyCards are MIFARE DESFire EV2
cards personalised by the card manufacturer Helvecard with the resort's
application (AID 5A2F01) and its AES keys; a controller authenticates with
key 1 to read the card's serial (ARL-nnnnnnnn), which is also printed on the
card as a barcode. The ticket windows (K1-K4 at the valley station, M1 at
the middle station) scan that barcode to sell a ticket on a new card or to
reload a guest's card; they never write to the card. Helvecard's card file
(serial, UID, batch) is imported into the card stock when a delivery comes.

Batch 2026-118 (5,000 cards, 25 boxes) arrived on Friday 18 December and
was imported that afternoon; in the holiday rush nobody ran the usual
sample test at the test gate. Helvecard had personalised it with the key
set of another customer's order. On Tuesday 22 December the windows start
their first boxes of it as their old boxes run out (K1 at 06:38 UTC, K2
07:02, K3 07:26, K4 07:51, M1 08:20). From the lifts' opening at 07:15 UTC
(08:15 local) every guest with one of those new cards is refused: the
controllers find the resort's application but cannot authenticate
("0xAE AUTHENTICATION_ERROR", reason CARD_AUTH); reloaded cards, season
passes and webshop reloads pass. Refused guests go back to the windows,
whose "replace card" takes the next card from the same box, and are
refused again.

At 06:48 a release had gone out: TIX-512 (a CHF 5 deposit on new KeyCards,
in the service that issues them), GATE-377 (gatesync deltas every 15 s
instead of 30 s for the holidays), GATE-374 of the evening before (gatesync
logs each rejected passage with the card's serial and stock batch, looked
up by UID), a runbook commit that calls CARD_AUTH a damaged card to be
replaced, and a Spring Boot bump. The on-call rolls it back at 08:02
because only new cards are refused (the GATE-374 lines go with it; the
controllers' syslog still shows every refusal). The lift electronics
technician tests cards at the test gate at 08:22: cards of 2026-118 fail,
the old stock passes; the ticket office stops selling 2026-118 at 08:40
and re-cards the refused guests from the three remaining boxes of 2026-052.
Helvecard confirms at 10:12. Nothing in arlun-ticketing caused it.

Sources: the Tordis controllers (syslog RFC 3164 through the resort's
rsyslog), arlun-ticketing (Spring Boot console format), ingress-nginx
access (the POS, the webshop and the controllers' uploads), Jenkins
(console with timestamps), #ticketing-ops (Teams export, JSON lines)."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "arlun-ticketing"
START, END = utc("2026-12-22 05:30:00"), utc("2026-12-22 10:45:00")
DEPLOY_MON = utc("2026-12-21 08:45:10")
WINDOWS_OPEN = utc("2026-12-22 06:30:00")
RELEASE = utc("2026-12-22 06:47:30")
OPEN = utc("2026-12-22 07:15:00")
ROLLBACK = utc("2026-12-22 08:01:40")
STOP = utc("2026-12-22 08:40:00")
HOLD_REPLACEMENTS = utc("2026-12-22 07:50:00")
CONFIRM = utc("2026-12-22 10:12:30")
BOX_SWITCH = {"K1": utc("2026-12-22 06:38:20"), "K2": utc("2026-12-22 07:02:45"), "K3": utc("2026-12-22 07:26:10"),
              "K4": utc("2026-12-22 07:51:30"), "M1": utc("2026-12-22 08:20:05")}
WINDOW_OPENS = {"K1": WINDOWS_OPEN, "K2": WINDOWS_OPEN, "K3": WINDOWS_OPEN, "K4": utc("2026-12-22 06:45:00"), "M1": utc("2026-12-22 07:10:00")}

LANES = {"SIG": ["SIG-L1", "SIG-L2", "SIG-L3", "SIG-L4"], "ANO": ["ANO-L1", "ANO-L2", "ANO-L3"], "SAS": ["SAS-L1", "SAS-L2", "SAS-L3"], "PLA": ["PLA-L1", "PLA-L2"]}
ALL_LANES = [lane for lanes in LANES.values() for lane in lanes]
GATED_PID = {lane: 600 + 7 * i for i, lane in enumerate(ALL_LANES)}

# ---------------------------------------------------------------------------
# the repository

BUILD = """plugins {
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.spring") version "2.0.21"
    id("org.springframework.boot") version "3.3.5"
    id("io.spring.dependency-management") version "1.1.6"
}

group = "ch.arlun"
version = "2026.12"

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-jdbc")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    runtimeOnly("org.postgresql:postgresql:42.7.4")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
}

kotlin { jvmToolchain(21) }
"""

APP_YML = """spring:
  application:
    name: arlun-ticketing
  datasource:
    url: ${DB_URL}
    hikari:
      maximum-pool-size: 12

pos:
  windows: [K1, K2, K3, K4, M1]

gatesync:
  delta-interval: 30s
  controller-timeout: 5s
"""

CARD_ISSUE = """package ch.arlun.ticketing.pos

import ch.arlun.ticketing.cardstock.CardStock
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Service

/**
 * Puts tickets on KeyCards. The windows scan the card's printed serial;
 * nothing is written to the card: the gates read the serial from the card
 * (AID 5A2F01, file 1) and look it up in the allow-list.
 */
@Service
class CardIssueService(private val stock: CardStock, private val sales: SaleRepository) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun issueNew(window: String, serial: String, saleId: String) {
        val card = stock.take(serial) ?: throw UnknownCardException(serial)
        sales.addCard(saleId, card.serial, isNew = true)
        log.info("card issued serial={} window={}", card.serial, window)
    }

    fun reload(window: String, serial: String, saleId: String) {
        val card = stock.find(serial) ?: throw UnknownCardException(serial)
        sales.addCard(saleId, card.serial, isNew = false)
    }

    /** "Replace card": the tickets move to a new card, the old one is blocked. */
    fun transfer(window: String, old: String, new: String, reason: String) {
        val card = stock.take(new) ?: throw UnknownCardException(new)
        sales.moveTickets(old, card.serial)
        stock.block(old, reason)
        log.info("tickets transferred old={} new={} window={} reason={}", old, card.serial, window, reason)
    }
}
"""

CARD_STOCK = """package ch.arlun.ticketing.cardstock

import org.springframework.jdbc.core.simple.JdbcClient
import org.springframework.stereotype.Repository

data class Card(val serial: String, val uid: String, val batch: String, val status: String)

/** KeyCards we own, from the manufacturer's card files (see CardFileImport). */
@Repository
class CardStock(private val jdbc: JdbcClient) {
    fun find(serial: String): Card? =
        jdbc.sql("SELECT serial, uid, batch, status FROM cards WHERE serial = ?").param(serial).query(Card::class.java).optional().orElse(null)

    fun byUid(uid: String): Card? =
        jdbc.sql("SELECT serial, uid, batch, status FROM cards WHERE uid = ?").param(uid).query(Card::class.java).optional().orElse(null)

    fun take(serial: String): Card? =
        jdbc.sql("UPDATE cards SET status = 'ISSUED' WHERE serial = ? AND status = 'STOCK' RETURNING serial, uid, batch, status")
            .param(serial).query(Card::class.java).optional().orElse(null)

    fun block(serial: String, reason: String) {
        jdbc.sql("UPDATE cards SET status = 'BLOCKED', blocked_reason = ? WHERE serial = ?").params(reason, serial).update()
    }
}
"""

CARD_FILE_IMPORT = """package ch.arlun.ticketing.cardstock

import org.slf4j.LoggerFactory
import org.springframework.jdbc.core.simple.JdbcClient
import org.springframework.stereotype.Service

/**
 * Imports Helvecard's card file for a delivery: one line per card,
 * `serial;uid;batch`. The cards' keys never come to us; Helvecard
 * personalises them with our application and keys.
 */
@Service
class CardFileImport(private val jdbc: JdbcClient) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun import(lines: Sequence<String>): Int {
        var n = 0
        lines.filter { it.isNotBlank() }.forEach { line ->
            val (serial, uid, batch) = line.split(';')
            jdbc.sql("INSERT INTO cards (serial, uid, batch, status) VALUES (?, ?, ?, 'STOCK')").params(serial, uid, batch).update()
            n++
        }
        log.info("card file imported cards={}", n)
        return n
    }
}
"""

PASSAGE_INGEST = """package ch.arlun.ticketing.gates

import org.slf4j.LoggerFactory
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RestController

data class Passage(val lane: String, val at: String, val result: String, val reason: String?, val serial: String?, val uid: String)

/** The controllers upload their passages every minute. */
@RestController
class PassageIngest(private val passages: PassageRepository) {
    private val log = LoggerFactory.getLogger(javaClass)

    @PostMapping("/api/gates/v1/passages")
    fun upload(@RequestBody batch: List<Passage>) {
        passages.insertAll(batch)
        log.info("ingested {} passages (denied {}) from {}", batch.size, batch.count { it.result == "DENY" }, batch.firstOrNull()?.lane ?: "-")
    }
}
"""

GATE_SYNC = """package ch.arlun.ticketing.gates

import org.slf4j.LoggerFactory
import org.springframework.beans.factory.annotation.Value
import org.springframework.scheduling.annotation.Scheduled
import org.springframework.stereotype.Component

/** Pushes allow-list deltas (card serial -> tickets) to every controller. */
@Component
class GateSync(private val tickets: TicketRepository, private val controllers: ControllerClient) {
    private val log = LoggerFactory.getLogger(javaClass)
    private var version = tickets.allowListVersion()

    @Scheduled(fixedDelayString = "\\${gatesync.delta-interval}")
    fun pushDelta() {
        val changes = tickets.changedSince(version)
        if (changes.isEmpty()) return
        val started = System.nanoTime()
        val ok = controllers.pushAll(changes)
        version = changes.maxOf { it.version }
        log.info("allow-list delta v{} entries={} pushed to {}/{} controllers in {} ms", version, changes.size, ok, controllers.count, (System.nanoTime() - started) / 1_000_000)
    }
}
"""

PRICES = """package ch.arlun.ticketing.pricing

import java.math.BigDecimal
import java.time.LocalDate

/** Day ticket prices by date: the base price times the demand band. */
object DynamicPrices {
    private val bands = mapOf("LOW" to BigDecimal("0.85"), "MID" to BigDecimal("1.00"), "HIGH" to BigDecimal("1.15"))

    fun band(date: LocalDate): String = when {
        date.monthValue == 12 && date.dayOfMonth >= 27 -> "HIGH"
        date.dayOfWeek.value >= 6 -> "MID"
        else -> "LOW"
    }

    fun price(base: BigDecimal, date: LocalDate): BigDecimal = base * bands.getValue(band(date))
}
"""

VALUES = """image:
  repository: registry.arlun.ch/digital/arlun-ticketing
  tag: "2026.12.21-1"
replicas: 2
env:
  SPRING_PROFILES_ACTIVE: production
resources:
  requests: { cpu: "1", memory: 1Gi }
  limits: { memory: 1536Mi }
"""

JENKINSFILE = """pipeline {
  agent { label 'k8s-deploy' }
  parameters { string(name: 'VERSION', description: 'image tag, e.g. 2026.12.22-1') }
  stages {
    stage('Deploy') {
      steps {
        sh 'helm upgrade --install arlun-ticketing chart/ticketing -n ticketing -f chart/ticketing/values-production.yaml --set image.tag=${VERSION} --wait --timeout 10m'
      }
    }
  }
}
"""

CARD_STOCK_DOC = """# Card stock

KeyCards come from Helvecard in batches (e.g. 2026-052), 200 per box.
Helvecard personalises each card with our DESFire application (AID 5A2F01)
and our AES keys (key set KS-ARL-3, held by Helvecard and the lift
electronics team) and sends a card file (serial, UID, batch).

On delivery:

1. Import the card file (POS admin › Card stock › Import).
2. Test ten cards from different boxes at the test gate TG-1 (lift
   electronics). Only then do the boxes go to the windows.
"""

RUNBOOK_ALERTS = [
    ("GateControllerOffline", "A controller has not uploaded for 2 minutes. It keeps validating offline; check the lane's network switch in the station."),
    ("GatesyncDeltaFailing", "`allow-list delta ... pushed to n/12` with n < 12 for 5 minutes. The controller catches up on the next delta once it answers."),
]


def build_repo():
    repo = Repo()
    flurin = Person("Flurin Cavegn", "flurin.cavegn@arlun.ch", 60)
    seraina = Person("Seraina Casutt", "seraina.casutt@arlun.ch", 60)
    nuno = Person("Nuno Pereira", "nuno.pereira@arlun.ch", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    base = "src/main/kotlin/ch/arlun/ticketing"
    files = {
        "build.gradle.kts": BUILD,
        "settings.gradle.kts": 'rootProject.name = "arlun-ticketing"\n',
        f"{base}/pos/CardIssueService.kt": CARD_ISSUE,
        f"{base}/cardstock/CardStock.kt": CARD_STOCK,
        f"{base}/gates/PassageIngest.kt": PASSAGE_INGEST,
        f"{base}/gates/GateSync.kt": GATE_SYNC,
        f"{base}/pricing/DynamicPrices.kt": PRICES,
        "src/main/resources/application.yml": APP_YML,
        "chart/ticketing/values-production.yaml": VALUES,
        "Jenkinsfile": JENKINSFILE,
        "README.md": "# arlun-ticketing\n\nPOS for the ticket windows, the webshop's API, card stock, and the\nallow-list the Tordis gate controllers validate against.\n\n## Running locally\n\n```\n./gradlew bootRun --args='--spring.profiles.active=local'\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-12-15 09:20:00"), flurin, "arlun-ticketing: POS, card stock, gatesync and passages", files)
    repo.schedule(chores(random.Random(43201), SERVICE, [seraina, nuno], utc("2026-12-15 11:00:00"), utc("2026-12-18 16:00:00"), 2))
    repo.commit(utc("2026-12-16 10:05:00"), seraina, "pos: reject a reload when the scanned serial is blocked (TIX-498)", {
        f"{base}/pos/CardIssueService.kt": repo.edit(f"{base}/pos/CardIssueService.kt",
            "        val card = stock.find(serial) ?: throw UnknownCardException(serial)\n        sales.addCard(saleId, card.serial, isNew = false)\n",
            "        val card = stock.find(serial) ?: throw UnknownCardException(serial)\n        if (card.status == \"BLOCKED\") throw BlockedCardException(serial)\n        sales.addCard(saleId, card.serial, isNew = false)\n"),
    })
    repo.commit(utc("2026-12-17 13:40:00"), flurin, "cardstock: import Helvecard's card files (serial, UID, batch) (TIX-503)", {
        f"{base}/cardstock/CardFileImport.kt": CARD_FILE_IMPORT,
        "docs/card-stock.md": CARD_STOCK_DOC,
    })
    repo.commit(utc("2026-12-18 07:05:00"), bot, "Bump org.postgresql:postgresql from 42.7.4 to 42.7.5", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "org.postgresql:postgresql:42.7.4", "org.postgresql:postgresql:42.7.5"),
    })
    repo.commit(utc("2026-12-18 14:15:00"), nuno, "gates: log which lane a passage upload came from (GATE-369)", {
        f"{base}/gates/PassageIngest.kt": repo.edit(f"{base}/gates/PassageIngest.kt", "/** The controllers upload their passages every minute. */", "/** The controllers upload their passages every minute, one lane per upload. */"),
    })
    monday = repo.commit(utc("2026-12-21 08:20:00"), seraina, "pricing: HIGH band from 27 December, MID at weekends (TIX-509)", {
        f"{base}/pricing/DynamicPrices.kt": repo.edit(f"{base}/pricing/DynamicPrices.kt", "        date.monthValue == 12 && date.dayOfMonth >= 27 -> \"HIGH\"\n", "        date.monthValue == 12 && date.dayOfMonth >= 27 -> \"HIGH\"\n        date.monthValue == 1 && date.dayOfMonth <= 3 -> \"HIGH\"\n"),
    })
    repo.commit(utc("2026-12-21 09:10:00"), seraina, "pos: CHF 5 deposit on new KeyCards, refunded at the card return machines (TIX-512)", {
        f"{base}/pos/CardIssueService.kt": repo.edit(f"{base}/pos/CardIssueService.kt",
            "class CardIssueService(private val stock: CardStock, private val sales: SaleRepository) {\n",
            "class CardIssueService(\n    private val stock: CardStock,\n    private val sales: SaleRepository,\n    @Value(\"\\${pos.card-deposit}\") private val deposit: BigDecimal,\n) {\n").replace(
            "        sales.addCard(saleId, card.serial, isNew = true)\n        log.info(\"card issued serial={} window={}\", card.serial, window)\n",
            "        sales.addCard(saleId, card.serial, isNew = true)\n        sales.addDeposit(saleId, card.serial, deposit)\n        log.info(\"card issued serial={} window={} deposit=CHF {}\", card.serial, window, deposit)\n").replace(
            "import org.slf4j.LoggerFactory\n", "import java.math.BigDecimal\nimport org.slf4j.LoggerFactory\nimport org.springframework.beans.factory.annotation.Value\n"),
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  windows: [K1, K2, K3, K4, M1]\n", "  windows: [K1, K2, K3, K4, M1]\n  card-deposit: 5.00\n"),
    })
    repo.commit(utc("2026-12-21 13:30:00"), seraina, "test: a deposit on new cards, none on reloads (TIX-512)", {
        "src/test/kotlin/ch/arlun/ticketing/pos/CardIssueServiceTest.kt": "package ch.arlun.ticketing.pos\n\nimport org.junit.jupiter.api.Test\n\nclass CardIssueServiceTest {\n    @Test\n    fun `new card carries the deposit`() = withSale { sale ->\n        service.issueNew(\"K1\", \"ARL-16210001\", sale.id)\n        assert(sale.deposits() == listOf(\"ARL-16210001\" to \"5.00\"))\n    }\n\n    @Test\n    fun `reload carries no deposit`() = withSale { sale ->\n        service.reload(\"K1\", \"ARL-16140007\", sale.id)\n        assert(sale.deposits().isEmpty())\n    }\n}\n",
    })
    repo.commit(utc("2026-12-21 16:40:00"), nuno, "gates: log rejected passages with the card's serial and stock batch (GATE-374)\n\nA controller that cannot read a card only uploads its UID; the card\nstock knows which card (and batch) that is.", {
        f"{base}/gates/PassageIngest.kt": repo.edit(f"{base}/gates/PassageIngest.kt",
            "class PassageIngest(private val passages: PassageRepository) {\n",
            "class PassageIngest(private val passages: PassageRepository, private val stock: CardStock) {\n").replace(
            "        passages.insertAll(batch)\n",
            "        passages.insertAll(batch)\n        batch.filter { it.result == \"DENY\" }.forEach { p ->\n            val card = p.serial?.let(stock::find) ?: stock.byUid(p.uid)\n            log.warn(\"gate rejected passage lane={} reason={} uid={} card={} stock={}\", p.lane, p.reason, p.uid, card?.serial ?: \"unknown\", card?.batch ?: \"-\")\n        }\n").replace(
            "import org.slf4j.LoggerFactory\n", "import ch.arlun.ticketing.cardstock.CardStock\nimport org.slf4j.LoggerFactory\n"),
    })
    repo.commit(utc("2026-12-21 17:20:00"), nuno, "runbook: rejected passages by reason (GATE-374)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Rejected passages\n\n`gate rejected passage` lines (warn) by reason:\n\n- NO_TICKET: no valid ticket on the card. Guest to the window.\n- FOREIGN_MEDIA: not our card (another resort's, a hotel key).\n- CARD_AUTH: our card, but the controller could not authenticate it:\n  usually a damaged card. Replace it at the window (POS › Replace card).\n- READ_ERROR: card moved away too early; the guest tries again.\n",
    })
    repo.commit(utc("2026-12-22 05:50:00"), bot, "Bump org.springframework.boot from 3.3.5 to 3.3.6", {
        "build.gradle.kts": repo.edit("build.gradle.kts", 'id("org.springframework.boot") version "3.3.5"', 'id("org.springframework.boot") version "3.3.6"'),
    })
    head = repo.commit(utc("2026-12-22 06:20:00"), flurin, "gatesync: deltas every 15 s during the holidays (GATE-377)\n\nA ticket bought at the window should open the gate by the time the\nguest has walked to it.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  delta-interval: 30s\n", "  delta-interval: 15s\n"),
        "chart/ticketing/values-production.yaml": repo.edit("chart/ticketing/values-production.yaml", 'tag: "2026.12.21-1"', 'tag: "2026.12.22-1"'),
    })
    return repo, {"monday": monday, "head": head}


# ---------------------------------------------------------------------------
# the morning at the windows and the gates


def lerp(points, h):
    for (a, x), (b, y) in zip(points, points[1:]):
        if a <= h < b:
            return x + (y - x) * (h - a) / (b - a)
    return points[-1][1]


def sale_rate(win, t):
    """Sales per minute at one window."""
    if t < WINDOW_OPENS[win]:
        return 0.0
    h = t.hour + t.minute / 60
    r = lerp([(6.5, 0.8), (7.25, 0.8), (8.0, 0.7), (8.75, 0.55), (9.5, 0.45), (11, 0.35)], h)
    return r * (0.7 if win == "M1" else 1.0)


PRODUCTS = [(52, "DAY1-AD", 79), (16, "DAY1-JU", 59), (14, "DAY1-KI", 40), (8, "DAY1-SE", 71), (6, "HALF-PM-AD", 62), (4, "DAY3-AD", 222)]


def pick(rng, choices):
    total = sum(c[0] for c in choices)
    x = rng.uniform(0, total)
    for c in choices:
        x -= c[0]
        if x <= 0:
            return c
    return choices[-1]


def uid(rng):
    return "04" + "".join(rng.choice("0123456789ABCDEF") for _ in range(12))


def build_logs(rng, shas):
    gates, app, ingress, jenkins, teams = (Log("tordis-controllers.log"), Log("arlun-ticketing.log"), Log("ingress-nginx.log"), Log("jenkins-deploy.log"),
                                           Log("teams-ticketing-ops.log"))
    stats = {"auth": [], "denials": [], "accepts": [], "victims": 0, "bad_sold": 0, "new_cards": [], "refused_cards": set(), "returns": 0}

    def inwin(t):
        return START <= t < END

    def sysl(t, lane, msg):
        if not inwin(t):
            return
        host = f"gc-{lane.lower()}"
        gates.add(t, f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} tordis-gated[{GATED_PID[lane]}]: {msg}")

    pods_by_epoch = [("arlun-ticketing-6d9f7c5b8-", ["q7x2k", "v4m9t"]), ("arlun-ticketing-7b4c8d9f6-", ["h2w8n", "z6r3p"]),
                     ("arlun-ticketing-6d9f7c5b8-", ["c9k4s", "m3t7w"])]

    def pod_at(t):
        i = 0 if t < RELEASE + dt.timedelta(seconds=50) else 1 if t < ROLLBACK + dt.timedelta(seconds=55) else 2
        prefix, names = pods_by_epoch[i]
        return prefix + rng.choice(names)

    def abbreviate(name, width=40):
        parts = name.split(".")
        for i in range(len(parts) - 1):
            if len(".".join(parts)) <= width:
                break
            parts[i] = parts[i][0]
        return ".".join(parts)

    def spring(t, level, thread, logger, msg):
        if not inwin(t):
            return
        logger = abbreviate(logger.replace("c.a.ticketing.", "ch.arlun.ticketing."))
        app.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {level:>5} 1 --- [arlun-ticketing] [{thread:>15}] {logger:<40} : {msg}")

    def nginx(t, client, method, path, status, size, rt, ua, req_len=400):
        if not inwin(t):
            return
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        ip = "10.42.1.17" if t < RELEASE + dt.timedelta(seconds=50) else "10.42.1.63" if t < ROLLBACK + dt.timedelta(seconds=55) else "10.42.1.88"
        ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {req_len} {rt:.3f} [ticketing-arlun-ticketing-8080] [] {ip}:8080 {size} {max(0.001, rt - 0.001):.3f} {status} {hexid(rng, 32)}')

    def exec_thread():
        return f"nio-8080-exec-{rng.randint(1, 12)}"

    released = lambda t: RELEASE + dt.timedelta(seconds=50) <= t < ROLLBACK + dt.timedelta(seconds=55)

    # --- card serials
    stock_ptr = {"2026-052": 16214300, "2026-118": 16320001}
    uid_of = {}
    batch_of = {}

    sold_at = {}

    def new_card(batch, win=None):
        stock_ptr[batch] += 1
        serial = f"ARL-{stock_ptr[batch]}"
        sold_at[serial] = win
        uid_of[serial] = uid(rng)
        batch_of[serial] = batch
        return serial

    def box_batch(win, t):
        if t >= STOP:
            return "2026-052"
        return "2026-118" if t >= BOX_SWITCH[win] else "2026-052"

    # --- sales at the windows
    windows = ["K1", "K2", "K3", "K4", "M1"]
    window_ip = {"K1": "10.30.2.11", "K2": "10.30.2.12", "K3": "10.30.2.13", "K4": "10.30.2.14", "M1": "10.30.5.21"}
    guests = []          # (ready_at, station, serial, kind)
    sale_no = [4100]
    returns = []         # (time, window, serial)

    def sell(t, win):
        sale_no[0] += 1
        sid = f"S-2612-{sale_no[0]:06d}"
        persons = rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 16, 18, 6])[0]
        new_p = 0.45 if t < utc("2026-12-22 09:00:00") else 0.3
        total = 0
        cards = []
        thread = exec_thread()
        tt = t
        nginx(tt, window_ip[win], "POST", "/api/pos/v1/sales", 201, 212, rng.uniform(0.02, 0.06), "ArlunPOS/6.2 (Windows 10)")
        for _ in range(persons):
            prod = pick(rng, PRODUCTS)
            total += prod[2]
            tt = tt + dt.timedelta(seconds=rng.uniform(4, 14))
            if rng.random() < new_p:
                b = box_batch(win, tt)
                serial = new_card(b, win)
                if b == "2026-118":
                    stats["bad_sold"] += 1
                stats["new_cards"].append((tt, win))
                if released(tt):
                    spring(tt, "INFO", thread, "c.a.ticketing.pos.CardIssueService", f"card issued serial={serial} window={win} deposit=CHF 5.00")
                    total += 5
                else:
                    spring(tt, "INFO", thread, "c.a.ticketing.pos.CardIssueService", f"card issued serial={serial} window={win}")
                cards.append((serial, prod[1]))
            else:
                serial = f"ARL-{rng.choice([1614, 1621, 1608, 1599])}{rng.randint(0, 9999):04d}"
                cards.append((serial, prod[1]))
        tt = tt + dt.timedelta(seconds=rng.uniform(15, 40))
        nginx(tt, window_ip[win], "POST", f"/api/pos/v1/sales/{sid}/complete", 200, 388, rng.uniform(0.05, 0.2), "ArlunPOS/6.2 (Windows 10)")
        pay = rng.choice(["card", "card", "card", "twint", "cash"])
        spring(tt, "INFO", thread, "c.a.ticketing.pos.SaleController", f"sale completed sale={sid} window={win} persons={persons} total=CHF {total}.00 payment={pay}")
        station = "ANO" if win == "M1" else "SIG"
        for serial, prod in cards:
            guests.append({"ready": tt, "station": station, "serial": serial, "window": win, "product": prod, "sale": sid})
        return tt

    for win in windows:
        t = WINDOW_OPENS[win]
        while True:
            r = sale_rate(win, t)
            t = t + dt.timedelta(seconds=rng.expovariate(max(r, 0.05) / 60))
            if t >= END:
                break
            sell(t, win)

    # --- refused guests: back to the window, replaced, and maybe refused again
    def passage_outcome(serial):
        return "auth" if batch_of.get(serial) == "2026-118" else "ok"

    gate_events = []   # (t, lane, kind, serial)
    queue_load = []
    for g in sorted(guests, key=lambda g: g["ready"]):
        t = max(g["ready"] + dt.timedelta(minutes=rng.uniform(3, 14)), OPEN + dt.timedelta(seconds=rng.expovariate(1 / 300.0)))
        serial = g["serial"]
        station = g["station"]
        for attempt in range(4):
            if t >= END:
                break
            lane = rng.choice(LANES[station])
            if passage_outcome(serial) == "ok":
                gate_events.append((t, lane, "ok_day", serial, g["product"]))
                break
            if serial not in stats["refused_cards"]:
                stats["refused_cards"].add(serial)
                if attempt == 0:
                    stats["victims"] += 1
            gate_events.append((t, lane, "auth", serial, None))
            if rng.random() < 0.8:
                t2 = t + dt.timedelta(seconds=rng.uniform(8, 40))
                gate_events.append((t2, rng.choice(LANES[station]), "auth", serial, None))
                t = t2
            # back to the window: the queue grows with the refused guests
            recent = sum(1 for x in queue_load if t - dt.timedelta(minutes=15) < x <= t)
            queue_load.append(t)
            back = t + dt.timedelta(minutes=min(30.0, 3 + 0.22 * recent + rng.uniform(0, 4)))
            if back >= END:
                break
            stats["returns"] += 1
            if HOLD_REPLACEMENTS <= back < STOP:
                # from 07:50 the windows stop replacing refused cards and ask
                # the guests to wait while the gates are checked
                back = STOP + dt.timedelta(minutes=rng.uniform(0.5, 25))
            new_serial = new_card(box_batch(g["window"], back), g["window"])
            returns.append((back, g["window"], serial, new_serial))
            serial = new_serial
            t = back + dt.timedelta(minutes=rng.uniform(3, 8))

    for back, win, old, new in returns:
        thread = exec_thread()
        nginx(back, window_ip[win], "POST", f"/api/pos/v1/cards/{old}/transfer", 200, 141, rng.uniform(0.03, 0.09), "ArlunPOS/6.2 (Windows 10)")
        spring(back + dt.timedelta(milliseconds=rng.randint(20, 60)), "INFO", thread, "c.a.ticketing.pos.CardIssueService", f"tickets transferred old={old} new={new} window={win} reason=DEFECTIVE")

    # --- everyone else at the gates: season passes, reloads, webshop Direct-to-Lift
    def crowd_rate(t):
        if t < OPEN:
            return 0.0
        return lerp([(7.25, 22), (7.75, 31), (8.5, 33), (9.25, 28), (10, 24), (11, 22)], t.hour + t.minute / 60)

    t = OPEN
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(crowd_rate(t) / 60))
        if t >= END:
            break
        h = t.hour + t.minute / 60
        st = rng.choices(["SIG", "ANO", "SAS", "PLA"], weights=[6 if h < 8.3 else 2.5, 2.4, 2.0, 1.0])[0]
        lane = rng.choice(LANES[st])
        x = rng.random()
        serial = f"ARL-{rng.choice([1614, 1621, 1608, 1599, 1587])}{rng.randint(0, 9999):04d}"
        if x < 0.010:
            gate_events.append((t, lane, "no_ticket", serial, None))
        elif x < 0.014:
            gate_events.append((t, lane, "foreign", None, None))
        elif x < 0.016:
            gate_events.append((t, lane, "read_error", serial, None))
        elif x < 0.33:
            gate_events.append((t, lane, "ok_season", serial, None))
        else:
            gate_events.append((t, lane, "ok_day", serial, pick(rng, PRODUCTS)[1]))
    # a worn season card that fails authentication, twice, and goes to the window
    worn = f"ARL-1587{rng.randint(0, 9999):04d}"
    gate_events.append((utc("2026-12-22 09:52:41"), "SAS-L2", "damaged", worn, None))
    gate_events.append((utc("2026-12-22 09:53:05"), "SAS-L1", "damaged", worn, None))
    # lift staff's test passages before the opening
    for lane in ALL_LANES:
        t = utc("2026-12-22 06:52:00") + dt.timedelta(seconds=rng.randint(0, 1200))
        gate_events.append((t, lane, "staff", f"ARL-0000{rng.randint(1000, 1099)}", None))
        gate_events.append((t + dt.timedelta(seconds=rng.randint(3, 20)), lane, "staff", f"ARL-0000{rng.randint(1000, 1099)}", None))
    # the technician's test gate at the valley station
    gate_events.sort(key=lambda e: e[0])

    uploads = {}
    for t, lane, kind, serial, prod in gate_events:
        if not inwin(t):
            continue
        u = uid_of.get(serial) if serial else None
        u = u or uid(rng)
        if kind == "auth":
            sysl(t, lane, f"nfc: AID 5A2F01 authenticate (AES, key 1) failed: 0xAE AUTHENTICATION_ERROR uid={u}")
            sysl(t + dt.timedelta(milliseconds=12), lane, f"DENY lane={lane} media=? uid={u} reason=CARD_AUTH")
            stats["auth"].append(t)
            reason = "CARD_AUTH"
        elif kind == "damaged":
            u = uid_of.setdefault(serial, u)
            sysl(t, lane, f"nfc: AID 5A2F01 authenticate (AES, key 1) failed: 0xAE AUTHENTICATION_ERROR uid={u}")
            sysl(t + dt.timedelta(milliseconds=12), lane, f"DENY lane={lane} media=? uid={u} reason=CARD_AUTH")
            uid_of[serial] = u
            batch_of[serial] = "2025-031"
            stats["auth"].append(t)
            reason = "CARD_AUTH"
        elif kind == "foreign":
            sysl(t, lane, f"nfc: select AID 5A2F01 failed: 0xA0 APPLICATION_NOT_FOUND uid={u}")
            sysl(t + dt.timedelta(milliseconds=9), lane, f"DENY lane={lane} media=? uid={u} reason=FOREIGN_MEDIA")
            reason = "FOREIGN_MEDIA"
        elif kind == "read_error":
            sysl(t, lane, f"nfc: read file 1 failed: timeout after 120 ms (card removed?) uid={u}")
            sysl(t + dt.timedelta(milliseconds=5), lane, f"DENY lane={lane} media=? uid={u} reason=READ_ERROR")
            reason = "READ_ERROR"
        elif kind == "no_ticket":
            sysl(t, lane, f"DENY lane={lane} media={serial} reason=NO_TICKET")
            reason = "NO_TICKET"
        else:
            reason = None
            if kind == "ok_season":
                sysl(t, lane, f"ACCEPT lane={lane} media={serial} ticket=SP-{rng.randint(20000, 26999)} product=SEASON-{rng.choice(['AD', 'AD', 'JU', 'SE'])}")
            elif kind == "staff":
                sysl(t, lane, f"ACCEPT lane={lane} media={serial} ticket=STAFF product=STAFF")
            else:
                sysl(t, lane, f"ACCEPT lane={lane} media={serial} ticket=T-{rng.randint(880000, 899999)} product={prod}")
            stats["accepts"].append(t)
        if reason:
            stats["denials"].append((t, reason))
        slot = t.replace(second=0, microsecond=0) + dt.timedelta(seconds=60)
        uploads.setdefault((lane, slot), []).append((t, kind, serial, u, reason))

    # uploads: one per lane and minute
    lane_ip = {lane: f"10.30.{7 + i // 4}.{40 + i}" for i, lane in enumerate(ALL_LANES)}
    for (lane, slot) in sorted(uploads):
        batch = uploads[(lane, slot)]
        up = slot + dt.timedelta(milliseconds=rng.randint(50, 2500))
        denied = [b for b in batch if b[4]]
        nginx(up, lane_ip[lane], "POST", "/api/gates/v1/passages", 200, 0, rng.uniform(0.008, 0.05), "tordis-gated/4.8.2", req_len=160 + 210 * len(batch))
        thread = exec_thread()
        if released(up):
            for bt, kind, serial, u, reason in denied:
                if reason == "FOREIGN_MEDIA":
                    card, batch_no = "unknown", "-"
                elif reason in ("CARD_AUTH", "READ_ERROR"):
                    card, batch_no = (serial, batch_of.get(serial, "2025-097")) if serial else ("unknown", "-")
                else:
                    card, batch_no = serial, {"1614": "2025-097", "1621": "2026-052", "1608": "2025-031", "1599": "2024-110", "1587": "2024-066"}.get(serial[4:8], "2025-097")
                spring(up + dt.timedelta(milliseconds=4), "WARN", thread, "c.a.ticketing.gates.PassageIngest", f"gate rejected passage lane={lane} reason={reason} uid={u} card={card} stock={batch_no}")
        spring(up + dt.timedelta(milliseconds=rng.randint(6, 20)), "INFO", thread, "c.a.ticketing.gates.PassageIngest", f"ingested {len(batch)} passages (denied {len(denied)}) from {lane}")

    # --- gatesync deltas
    version = 318204
    delta_versions = []
    timed_out = False
    t = START + dt.timedelta(seconds=11)
    while t < END:
        interval = 15 if released(t) else 30
        n_changes = sum(1 for g in guests if t - dt.timedelta(seconds=interval) < g["ready"] <= t) + sum(1 for r in returns if t - dt.timedelta(seconds=interval) < r[0] <= t)
        n_changes += rng.choice([0, 0, 0, 1, 1, 2])  # webshop reloads, season pass changes
        if n_changes:
            version += 1
            delta_versions.append((t, version))
            ms = rng.randint(380, 900) + (rng.randint(600, 1800) if rng.random() < 0.04 else 0)
            if t < utc("2026-12-22 09:17:00") or timed_out:
                spring(t, "INFO", "scheduling-1", "c.a.ticketing.gates.GateSync", f"allow-list delta v{version} entries={n_changes} pushed to 12/12 controllers in {ms} ms")
            else:
                spring(t, "WARN", "scheduling-1", "c.a.ticketing.gates.GateSync", f"allow-list delta v{version} entries={n_changes} pushed to 11/12 controllers in 5004 ms (PLA-L2: connect timed out)")
                timed_out = True
        t += dt.timedelta(seconds=interval, milliseconds=rng.randint(0, 300))

    # --- the controllers' own status lines (every 5 min) and the morning self-test
    def versions_at(t):
        i = bisect.bisect_right([x for x, _ in delta_versions], t)
        return delta_versions[i - 1][1] if i else 318204

    for i, lane in enumerate(ALL_LANES):
        temp = -9.5 + (2.5 if lane.startswith("SIG") else 0) - (3 if lane.startswith("SAS") else 0) + rng.uniform(-0.5, 0.5)
        t = START + dt.timedelta(seconds=17 * i + rng.uniform(0, 5))
        while t < END:
            h = t.hour + t.minute / 60
            temp_now = temp + max(0.0, h - 7.0) * 1.1
            sysl(t, lane, f"status: online, allow-list v{versions_at(t)}, reader ok, heater {'on' if temp_now < -4 else 'off'}, housing {temp_now:.1f}C")
            t += dt.timedelta(seconds=300 + rng.uniform(-1, 1))
        st = utc("2026-12-22 06:45:00") + dt.timedelta(seconds=21 * i + rng.uniform(0, 9))
        sysl(st, lane, "nfc: self-test ok (PN5180 fw 4.1, field on, AES engine ok)")
        sysl(st + dt.timedelta(seconds=2), lane, "turnstile: drive test ok, mode NORMAL")

    # --- the webshop's API: Direct-to-Lift reloads and prices
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(2.2 / 60))
        if t >= END:
            break
        x = rng.random()
        if x < 0.55:
            nginx(t, f"10.30.9.{rng.randint(2, 5)}", "GET", f"/api/shop/v1/prices?date=2026-12-{rng.choice([22, 22, 23, 26, 27, 28, 30])}", 200, 812, rng.uniform(0.01, 0.04), "arlun-shop/3.4")
        else:
            order = f"W-{rng.randint(77000, 79999)}"
            serial = f"ARL-{rng.choice([1614, 1621, 1608])}{rng.randint(0, 9999):04d}"
            nginx(t, f"10.30.9.{rng.randint(2, 5)}", "POST", "/api/shop/v1/orders", 201, 318, rng.uniform(0.05, 0.3), "arlun-shop/3.4")
            spring(t + dt.timedelta(milliseconds=40), "INFO", exec_thread(), "c.a.ticketing.shop.OrderController", f"order paid order={order} direct_to_lift=true card={serial} items={rng.choice([1, 1, 2, 2, 3, 4])}")

    # --- pod starts (rolling, two replicas)
    def starts(t, version, sha):
        for i in range(2):
            tt = t + dt.timedelta(seconds=i * 24)
            spring(tt, "INFO", "main", "c.a.ticketing.TicketingApplicationKt", f"Starting TicketingApplicationKt v{version} using Java 21.0.5 with PID 1")
            spring(tt + dt.timedelta(milliseconds=30), "INFO", "main", "c.a.ticketing.TicketingApplicationKt", 'The following 1 profile is active: "production"')
            spring(tt + dt.timedelta(seconds=9.8), "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
            spring(tt + dt.timedelta(seconds=10.1), "INFO", "main", "c.a.ticketing.TicketingApplicationKt", f"Started TicketingApplicationKt in {rng.uniform(10.8, 12.4):.1f} seconds (process running for {rng.uniform(12.5, 13.6):.1f})")
            spring(tt + dt.timedelta(seconds=10.2), "INFO", "main", "c.a.ticketing.BuildInfoLogger", f"build version={version} commit={sha[:8]} time=2026-12-{'22T06:31' if version.endswith('22-1') else '21T08:29'}Z")

    starts(RELEASE + dt.timedelta(seconds=8), "2026.12.22-1", shas["head"])
    starts(ROLLBACK + dt.timedelta(seconds=10), "2026.12.21-1", shas["monday"])

    # --- Jenkins
    def jk(t, text):
        if t.microsecond == 0:
            t = t + dt.timedelta(milliseconds=rng.randint(1, 999))
        jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")

    def job(t, number, who, lines):
        jk(t, f"Started by user {who}")
        jk(t + dt.timedelta(milliseconds=310), "Obtained Jenkinsfile from git https://git.arlun.ch/digital/arlun-ticketing.git")
        jk(t + dt.timedelta(milliseconds=420), "[Pipeline] Start of Pipeline")
        jk(t + dt.timedelta(seconds=1.2), "[Pipeline] node")
        jk(t + dt.timedelta(seconds=1.3), f"Running on k8s-deploy-7xq2m in /home/jenkins/agent/workspace/arlun-ticketing-deploy")
        jk(t + dt.timedelta(seconds=2.0), f" > git checkout -f {shas['head']} # timeout=10")
        jk(t + dt.timedelta(seconds=2.1), f"Commit message: \"gatesync: deltas every 15 s during the holidays (GATE-377)\"")
        jk(t + dt.timedelta(seconds=2.3), "[Pipeline] stage")
        jk(t + dt.timedelta(seconds=2.4), "[Pipeline] { (Deploy)")
        tt = t + dt.timedelta(seconds=2.6)
        for dtt, text in lines:
            jk(tt + dt.timedelta(seconds=dtt), text)
        end = tt + dt.timedelta(seconds=lines[-1][0] + 0.4)
        jk(end, "[Pipeline] }")
        jk(end + dt.timedelta(milliseconds=100), "[Pipeline] End of Pipeline")
        jk(end + dt.timedelta(milliseconds=300), "Finished: SUCCESS")

    job(RELEASE - dt.timedelta(seconds=3), 212, "Nuno Pereira", [
        (0, "[Pipeline] sh"),
        (0.2, "+ helm upgrade --install arlun-ticketing chart/ticketing -n ticketing -f chart/ticketing/values-production.yaml --set image.tag=2026.12.22-1 --wait --timeout 10m"),
        (61.5, 'Release "arlun-ticketing" has been upgraded. Happy Helming!'),
        (61.6, "NAME: arlun-ticketing"),
        (61.6, f"LAST DEPLOYED: Tue Dec 22 {(RELEASE + dt.timedelta(seconds=1)).strftime('%H:%M:%S')} 2026"),
        (61.7, "NAMESPACE: ticketing"),
        (61.7, "STATUS: deployed"),
        (61.8, "REVISION: 58"),
    ])
    job(ROLLBACK - dt.timedelta(seconds=3), 213, "Nuno Pereira", [
        (0, "[Pipeline] sh"),
        (0.2, "+ helm rollback arlun-ticketing 57 -n ticketing --wait --timeout 10m"),
        (63.0, "Rollback was a success! Happy Helming!"),
    ])

    # --- Teams
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    onset = min(x for x in stats["auth"] if x >= OPEN)
    early = sorted({s for (t, lane, kind, s, p) in gate_events if kind == "auth" and t < utc("2026-12-22 07:34:00")})
    by_0734 = len(early)
    early_windows = "/".join(sorted({sold_at[s] for s in early}))
    later_windows = " and ".join(sorted({sold_at[s] for (t, lane, kind, s, p) in gate_events if kind == "auth" and utc("2026-12-22 07:34:00") <= t < utc("2026-12-22 08:09:00")} - set(early_windows.split("/"))))
    say("2026-12-22 06:44:30", "Nuno Pereira", "deploying 2026.12.22-1 now: card deposit (TIX-512), gatesync every 15 s, rejected-passage logging, Spring Boot 3.3.6")
    say("2026-12-22 06:49:40", "Nuno Pereira", "2026.12.22-1 is out, both pods up")
    say("2026-12-22 07:34:10", "Corina Caduff", f"Signalbahn: guests with NEW cards bought this morning refused at the turnstiles, display says 'Karte ungültig'. At least {by_0734} cards so far, all sold at {early_windows}. Reloaded cards are fine")
    say("2026-12-22 07:38:55", "Nuno Pereira", "looking. gatesync's rejected-passage lines show reason=CARD_AUTH, all on cards sold this morning")
    say("2026-12-22 07:44:20", "Corina Caduff", "we replace the cards as the runbook says (Replace card) but the new ones are refused too")
    say("2026-12-22 07:49:50", "Corina Caduff", "we stop replacing for now, refused guests wait at the info desk")
    say("2026-12-22 07:51:30", "Nuno Pereira", "only new cards, and this morning's release changed how new cards are issued (the deposit). Rolling back to 2026.12.21-1")
    say("2026-12-22 08:05:15", "Nuno Pereira", "rolled back (helm rev 57). The rejected-passage lines are gone with it, the controllers' syslog still has them")
    say("2026-12-22 08:09:40", "Corina Caduff", f"no change, cards from {later_windows} now too. About 60 people waiting at the info desk and the windows")
    say("2026-12-22 08:13:05", "Flurin Cavegn", "the POS doesn't write anything to the card, it only scans the barcode, so the deposit can't change what the gate reads. The controllers say 0xAE AUTHENTICATION_ERROR on AID 5A2F01: our application is on the card but key 1 doesn't match. Foreign cards give 0xA0. Before the rollback the lines said stock=2026-118 for all of them. Gian, can you test cards at TG-1?")
    say("2026-12-22 08:22:30", "Gian Luregn", "TG-1: five cards from an unopened 2026-118 box all fail authentication, three cards from the 2026-052 box in the safe pass. 2026-118 came on Friday, we didn't do the sample test (holiday rush)")
    say("2026-12-22 08:31:50", "Corina Caduff", "ok: all windows stop selling 2026-118 now, taking the three 2026-052 boxes from the safe. Re-carding refused guests with those")
    say("2026-12-22 08:41:10", "Corina Caduff", "all windows on 2026-052. M1 had just opened its first 2026-118 box too")
    bad_taken = stock_ptr["2026-118"] - 16320001
    stats["bad_taken"] = bad_taken
    say("2026-12-22 08:44:00", "Flurin Cavegn", f"card stock says {bad_taken} cards of 2026-118 went out this morning, replacements included. I'm writing to Helvecard")
    say("2026-12-22 09:12:30", "Nuno Pereira", "redeploying 2026.12.22-1? it wasn't the release. Leaving it until the afternoon, no rush")
    say("2026-12-22 09:40:20", "Corina Caduff", "queues back to normal, the refused ones trickle in for new cards")
    say("2026-12-22 10:12:30", "Flurin Cavegn", "Helvecard (forwarded): \"Batch 2026-118 for Arlun Bergbahnen was personalised with the key set of another customer's order (2026-117) after a wrong profile was selected on our personalisation line on 15 December. The application ID is yours, the keys are not. We will deliver a replacement batch by Thursday and collect the remaining boxes.\"")
    say("2026-12-22 10:25:45", "Corina Caduff", "the 2026-118 boxes are in the safe, labelled DO NOT USE. We need the deposit and refund question for today's guests sorted too")
    return [gates, app, ingress, jenkins, teams], stats, onset


def build(out_dir):
    rng = random.Random(43200)
    repo, shas = build_repo()
    try:
        logs, stats, onset, = build_logs(rng, shas)
        onset = onset.replace(microsecond=0)
        assert OPEN <= onset <= OPEN + dt.timedelta(minutes=3), onset
        late = [t for t in stats["auth"] if t > utc("2026-12-22 10:15:00")]
        assert len(late) <= 6, late

        def per_min(events, reason=None):
            events = sorted(t for t, r in events if reason is None or r == reason)

            def f(t):
                return bisect.bisect_right(events, t) - bisect.bisect_right(events, t - dt.timedelta(minutes=1))
            return f

        new_cards = stats["new_cards"]

        def cards_per_5m(win):
            times = sorted(t for t, w in new_cards if w == win)
            return lambda t: bisect.bisect_right(times, t) - bisect.bisect_right(times, t - dt.timedelta(minutes=5))

        metrics = {
            "tordis_passages_denied_per_min.json": query_range(
                [({"job": "tordis-exporter", "reason": r}, per_min(stats["denials"], r)) for r in ("CARD_AUTH", "NO_TICKET", "FOREIGN_MEDIA", "READ_ERROR")], START, END, 60),
            "tordis_passages_accepted_per_min.json": query_range([({"job": "tordis-exporter"}, per_min([(t, "ok") for t in stats["accepts"]]))], START, END, 60),
            "pos_new_cards_issued_5m.json": query_range([({"job": "arlun-ticketing", "window": w}, cards_per_5m(w)) for w in ("K1", "K2", "K3", "K4", "M1")], START, END, 300),
        }
        return write_scenario(
            out_dir, name="r43-keycard-batch-keys-none", service=SERVICE, onset=onset,
            description=f"""
Arlun Bergbahnen's turnstiles refuse guests on the first morning of the
Christmas holidays, Tuesday 22 December: from {onset.strftime('%H:%M:%S')} UTC, the minute the
lifts open, KeyCards sold new at the ticket windows that morning are
refused ("Karte ungültig"), first from K1 and K2, then K3, K4 and the
middle station; replacement cards are refused too, and the windows'
queues grow ({stats['victims']} new cards refused at their first passage by 10:45). A
release of arlun-ticketing (a deposit on new cards, gatesync every 15 s,
logging) had gone out at 06:47; rolling it back at 08:01 did not help.
The windows stop selling one card batch at 08:40 and re-card the refused
guests; the refusals stop.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "arlun-ticketing.log": r'<Timestamp>\s+<Level> <Pid> --- \[<App>\] \[\s*<Thread>\] <Logger>\s+: <Content>',
            },
            root_cause=[
                r"AUTHENTICATION_ERROR",
                r"reason=CARD_AUTH",
                r"personalised with the key set of another customer",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. The card manufacturer Helvecard personalised
KeyCard batch 2026-118 with the key set of another customer's order: the
cards carry Arlun's application (AID 5A2F01) but not its AES keys. The
batch arrived on Friday and was imported without the usual sample test at
the test gate. The windows open its boxes as their old ones run out (K1
at 06:38, K2 07:02, K3 07:26, K4 07:51, M1 08:20); the POS only scans the
printed serial, so every sale goes through, and at the turnstiles every
one of those cards fails authentication ("AID 5A2F01 authenticate (AES,
key 1) failed: 0xAE AUTHENTICATION_ERROR", "DENY ... reason=CARD_AUTH")
from the lifts' opening. Replacements from the same boxes fail alike;
reloaded cards and season passes pass. The technician's test at 08:22
(2026-118 fails, 2026-052 passes), the stop at 08:40 ({stats['bad_sold']} cards of
2026-118 sold by then) and re-carding end it; Helvecard confirms at 10:12.
Decoys: the 06:47 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (Jenkins' checkout
names GATE-377, gatesync deltas every 15 s): TIX-512 puts a CHF 5 deposit
on new KeyCards in CardIssueService.kt, the very code that issues the
refused cards; GATE-374 logs "gate rejected passage" with the card's
serial and stock batch (new lines, gone after the rollback); the runbook
commit that tells the windows to replace a CARD_AUTH card; the Spring
Boot bump. The rollback at 08:01 changes nothing. Also the card-file
import commit (TIX-503) of the week before, the pricing and reload
commits, routine refusals (no ticket, foreign cards with 0xA0
APPLICATION_NOT_FOUND, read timeouts, a damaged old card) and a T-bar
controller's lone delta timeout.
""",
        )
    finally:
        repo.close()
