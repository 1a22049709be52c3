"""prize-engine (Java 21, Spring Boot 3, logback with the team's own
pattern; a StatefulSet of three pods on Corrig Lotteries' EKS cluster in
eu-west-2, synced by Argo CD from `main`; the games systems team in London,
Dublin, Kraków and Pune) is the draw settlement service of the national
lottery that Corrig Lotteries runs under licence from the Lottery
Regulator. After each draw it takes the certified results from the draw
management system (DMS), matches every board of the draw's sealed wager
file against them, counts the winners of each prize tier, works out the
pari-mutuel prize amounts, and sends the winner counts to the Independent
Control System (ICS), which the regulator's contractor Aegis Gaming
Controls runs on its own copy of the sealed file and on results its own
observer keys. Prizes may not be declared while the ICS disagrees (licence
condition 7.4). prize-engine also answers the retailer terminals'
validations (through terminal-gateway): paid, not a winner, refer to the
claims centre, or "results pending" while a draw's prizes are not declared.

The games: Lotto (6 from 47 and a bonus ball drawn from the same machine
after the six; Wednesday and Saturday at 20:00, sales close 19:45; tiers
Match 6, 5+B, 5, 4+B, 4, 3+B, 3: a board matches the bonus ball with one of
its own six numbers), Starball (5 from 39 and a Starball from 1-14 drawn
from a second machine and picked separately; Tuesday and Friday) and Daily5
(5 from 30, RNG draws at 14:00 and 21:00).

Thursday 15 October 2026, 11:24 BST: GAME-412 replaces the three per-game
matchers with one BoardMatcher, table-driven for the new game due in
November; the bonus, Lotto's bonus ball and Starball's Starball alike, is
matched against the board's extra numbers, as wager v2 carries them. A
Starball board has its Starball there; a Lotto board has no extras at all,
so no Lotto board can match the bonus ball again. The old tests had no
bonus ball case; the moved ones cover Starball's Starball, Lotto's Match 6
and Match 3. Released in 7.4.0 that afternoon. Friday's Starball draw
STB-1487 reconciles with the ICS.

Friday 16 October: 7.5.0 (ICS-88, the ICS winners file in Aegis's v4
format, with a docs page; VAL-207, which logs every validation deferred
because a draw's prizes are not declared as a warning; PERF-12 in the
culprit's file; a Spring Boot bump), after Wednesday's runbook commit that
reads an ICS mismatch as a different sealed file or a results entry error
and says to roll back a release. Saturday 11:49 BST: prize calculation
workers 8 -> 12 for the £11.4M rollover (CALC-95), synced by Argo, the
pods restart on 7.5.0.

Saturday 17 October: Daily5 at 14:00 reconciles and is declared. Lotto
LOT-3127 closes at 19:45 with 5,184,220 boards; ball set 3 fails its weight
check on DM-B at 18:41 and set 5 is drawn; keyer 2 types the bonus as 42,
corrected, results certified at 20:06 (7 12 19 33 38 41, bonus 24). The
prize calculation counts no 5+B, 4+B or 3+B winner; each is counted one
tier down. At 20:18:21 the ICS compares: six of seven tiers differ, and the
declaration is held. Niamh (on call) checks the sealed file and the
results entry (the runbook; the ICS keyed bonus 24 as well), suspects
7.5.0's v4 winners file and the new worker count, and rolls back to 7.4.0
at 21:01, which holds the culprit: the rerun differs in the same way at
21:16. Tomasz reads every +B tier at 0 and each plain tier larger by the
ICS's +B count, and the bonus matched against the extras in BoardMatcher;
GAME-419 (7.5.1, 22:30) matches a main-pool bonus with the board's main
numbers; the rerun reconciles at 22:44 and prizes are declared at 22:58.

Sources: prize-engine (logback, line format), the ICS (Aegis Sentinel log,
line format), the Lotto draw machine DM-B (controller log, line format),
the draw management system (JSON lines), terminal-gateway (logfmt, one pod
of four), Argo CD application controller (logfmt), the retail helpdesk's
tickets (JSON lines), #draw-night bridge (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "prize-engine"
BST = dt.timezone(dt.timedelta(hours=1))
START, END = utc("2026-10-17 10:00:00"), utc("2026-10-17 22:30:00")


def local(text):
    """'2026-10-17 20:19:36' in London (BST, UTC+1) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BST).astimezone(dt.timezone.utc)


CONFIG_SYNC = local("2026-10-17 11:52:10")
ROLLBACK = local("2026-10-17 21:01:20")
FIX_SYNC = local("2026-10-17 22:30:40")


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.4</version>
  </parent>
  <groupId>com.corrig</groupId>
  <artifactId>prize-engine</artifactId>
  <version>7.3.2</version>
  <properties>
    <java.version>21</java.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-jdbc</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
    </dependency>
    <dependency>
      <groupId>org.postgresql</groupId>
      <artifactId>postgresql</artifactId>
    </dependency>
    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-registry-prometheus</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
"""

APP = """package com.corrig.prize;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
public class PrizeEngineApplication {
    public static void main(String[] args) {
        SpringApplication.run(PrizeEngineApplication.class, args);
    }
}
"""

GAME = """package com.corrig.prize.game;

import java.util.List;

/**
 * A draw game as the regulator approved it: how many main numbers a board
 * picks from which pool, the bonus, and the prize tiers from the top.
 */
public record Game(String code, String name, int pick, int pool, Bonus bonus, int extraPool, List<Tier> tiers) {

    public enum Bonus {
        /** No bonus number (Daily5). */
        NONE,
        /**
         * Drawn from the same machine after the main numbers (Lotto's bonus
         * ball). A board has no bonus pick: it matches the bonus ball with one
         * of its own main numbers.
         */
        MAIN_POOL,
        /** Drawn from a second machine (Starball); a board picks it separately. */
        SEPARATE_POOL
    }

    public boolean hasBonus() {
        return bonus != Bonus.NONE;
    }

    /** The tier for a match, or null for no prize. */
    public Tier tier(Match m) {
        for (Tier t : tiers) {
            if (t.main() == m.main() && t.bonus() == m.bonus()) {
                return t;
            }
        }
        if (m.bonus()) {
            return tier(new Match(m.main(), false));
        }
        return null;
    }
}
"""

TIER = """package com.corrig.prize.game;

/**
 * A prize tier: the main numbers matched, whether the bonus is matched too,
 * and either a fixed prize or a share of the prize fund (basis points).
 */
public record Tier(String code, int main, boolean bonus, long fixedPence, int fundShareBp) {

    public static Tier fixed(String code, int main, boolean bonus, long pence) {
        return new Tier(code, main, bonus, pence, 0);
    }

    public static Tier share(String code, int main, boolean bonus, int bp) {
        return new Tier(code, main, bonus, 0, bp);
    }

    public boolean isFixed() {
        return fixedPence > 0;
    }
}
"""

MATCH = """package com.corrig.prize.game;

/** How a board matched a draw: main numbers matched and the bonus. */
public record Match(int main, boolean bonus) {
}
"""

GAMES = """package com.corrig.prize.game;

import static com.corrig.prize.game.Tier.fixed;
import static com.corrig.prize.game.Tier.share;

import java.util.List;
import java.util.Map;

/** The games of the current licence (schedule 2, as amended March 2026). */
public final class Games {

    public static final Game LOTTO = new Game("LOT", "Lotto", 6, 47, Game.Bonus.MAIN_POOL, 0, List.of(
            share("6", 6, false, 5200),
            share("5+B", 5, true, 800),
            share("5", 5, false, 900),
            share("4+B", 4, true, 600),
            share("4", 4, false, 2500),
            fixed("3+B", 3, true, 2500),
            fixed("3", 3, false, 1000)));

    public static final Game STARBALL = new Game("STB", "Starball", 5, 39, Game.Bonus.SEPARATE_POOL, 14, List.of(
            share("5+S", 5, true, 6000),
            share("5", 5, false, 1200),
            share("4+S", 4, true, 800),
            fixed("4", 4, false, 5000),
            fixed("3+S", 3, true, 2000),
            fixed("3", 3, false, 700),
            fixed("2+S", 2, true, 500),
            fixed("1+S", 1, true, 200)));

    public static final Game DAILY5 = new Game("D5", "Daily5", 5, 30, Game.Bonus.NONE, 0, List.of(
            share("5", 5, false, 10000),
            fixed("4", 4, false, 2000),
            fixed("3", 3, false, 200)));

    private static final Map<String, Game> BY_CODE = Map.of("LOT", LOTTO, "STB", STARBALL, "D5", DAILY5);

    private Games() {
    }

    public static Game byCode(String code) {
        Game g = BY_CODE.get(code);
        if (g == null) {
            throw new IllegalArgumentException("unknown game " + code);
        }
        return g;
    }
}
"""

BOARD = """package com.corrig.prize.wager;

/**
 * One board of a ticket in the sealed wager file (wager v2): its main
 * numbers and, for games with a separate bonus pool, its extra numbers.
 */
public record Board(String ticketSerial, int boardNo, int[] main, int[] extras) {
}
"""

DRAW_RESULT = """package com.corrig.prize.results;

import com.corrig.prize.game.Game;

/** Certified results of a draw, as the DMS sends them after certification. */
public record DrawResult(Game game, int drawNo, int[] main, int bonus) {

    public boolean isMain(int n) {
        for (int m : main) {
            if (m == n) {
                return true;
            }
        }
        return false;
    }

    public String id() {
        return game.code() + "-" + drawNo;
    }
}
"""

MATCHER = """package com.corrig.prize.match;

import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;

/** Matches one board against a draw's certified results. */
public interface Matcher {
    Match match(Board board, DrawResult draw);
}
"""

MATCHERS = """package com.corrig.prize.match;

import com.corrig.prize.game.Game;

/** The matcher for a game. */
public final class Matchers {

    private Matchers() {
    }

    public static Matcher forGame(Game game) {
        return switch (game.code()) {
            case "LOT" -> new LottoMatcher();
            case "STB" -> new StarballMatcher();
            case "D5" -> new Daily5Matcher();
            default -> throw new IllegalArgumentException("no matcher for " + game.code());
        };
    }
}
"""

LOTTO_MATCHER = """package com.corrig.prize.match;

import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;

/**
 * Lotto: six main numbers; the bonus ball is drawn from the same machine,
 * so a board matches it with one of its own numbers that is not a main
 * number of the draw.
 */
final class LottoMatcher implements Matcher {

    @Override
    public Match match(Board board, DrawResult draw) {
        int main = 0;
        boolean bonus = false;
        for (int n : board.main()) {
            if (draw.isMain(n)) {
                main++;
            } else if (n == draw.bonus()) {
                bonus = true;
            }
        }
        return new Match(main, bonus);
    }
}
"""

STARBALL_MATCHER = """package com.corrig.prize.match;

import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;

/** Starball: five main numbers and the Starball, picked separately. */
final class StarballMatcher implements Matcher {

    @Override
    public Match match(Board board, DrawResult draw) {
        int main = 0;
        for (int n : board.main()) {
            if (draw.isMain(n)) {
                main++;
            }
        }
        boolean star = board.extras().length > 0 && board.extras()[0] == draw.bonus();
        return new Match(main, star);
    }
}
"""

DAILY5_MATCHER = """package com.corrig.prize.match;

import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;

/** Daily5: five main numbers, no bonus. */
final class Daily5Matcher implements Matcher {

    @Override
    public Match match(Board board, DrawResult draw) {
        int main = 0;
        for (int n : board.main()) {
            if (draw.isMain(n)) {
                main++;
            }
        }
        return new Match(main, false);
    }
}
"""

LOTTO_TEST = """package com.corrig.prize.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corrig.prize.game.Games;
import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;
import org.junit.jupiter.api.Test;

class LottoMatcherTest {

    private final DrawResult draw = new DrawResult(Games.LOTTO, 3101, new int[] {4, 9, 15, 22, 36, 44}, 31);
    private final Matcher matcher = Matchers.forGame(Games.LOTTO);

    @Test
    void matchSix() {
        Match m = matcher.match(new Board("T1", 1, new int[] {4, 9, 15, 22, 36, 44}, new int[0]), draw);
        assertEquals(new Match(6, false), m);
    }

    @Test
    void matchThree() {
        Match m = matcher.match(new Board("T1", 1, new int[] {4, 9, 15, 1, 2, 3}, new int[0]), draw);
        assertEquals(new Match(3, false), m);
    }
}
"""

STARBALL_TEST = """package com.corrig.prize.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corrig.prize.game.Games;
import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;
import org.junit.jupiter.api.Test;

class StarballMatcherTest {

    private final DrawResult draw = new DrawResult(Games.STARBALL, 1460, new int[] {3, 11, 20, 27, 38}, 9);
    private final Matcher matcher = Matchers.forGame(Games.STARBALL);

    @Test
    void fivePlusStarball() {
        Match m = matcher.match(new Board("T1", 1, new int[] {3, 11, 20, 27, 38}, new int[] {9}), draw);
        assertEquals(new Match(5, true), m);
    }

    @Test
    void twoPlusStarball() {
        Match m = matcher.match(new Board("T1", 1, new int[] {3, 11, 1, 2, 4}, new int[] {9}), draw);
        assertEquals(new Match(2, true), m);
    }
}
"""

CALC = """package com.corrig.prize.calc;

import com.corrig.prize.game.Game;
import com.corrig.prize.game.Match;
import com.corrig.prize.game.Tier;
import com.corrig.prize.match.Matcher;
import com.corrig.prize.match.Matchers;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.SealedWagerFile;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Counts the winners of each tier of a draw: every board of the sealed
 * wager file against the certified results, on `prize.calc.workers`
 * threads. The counts go to the ICS before any prize is declared.
 */
@Service
public class PrizeCalculation {

    private static final Logger log = LoggerFactory.getLogger(PrizeCalculation.class);

    private final int workers;

    public PrizeCalculation(@Value("${prize.calc.workers}") int workers) {
        this.workers = workers;
    }

    public Map<Tier, Long> winners(DrawResult draw, SealedWagerFile file) {
        Game game = draw.game();
        Matcher matcher = Matchers.forGame(game);
        Map<Tier, LongAdder> counts = new ConcurrentHashMap<>();
        Instant started = Instant.now();
        log.info("prize calculation started boards={} workers={}", file.boards(), workers);
        file.parallelBoards(workers, board -> {
            Match m = matcher.match(board, draw);
            Tier t = game.tier(m);
            if (t != null) {
                counts.computeIfAbsent(t, k -> new LongAdder()).increment();
            }
        }, pct -> log.info("prize calculation progress {}%", pct));
        Map<Tier, Long> out = new LinkedHashMap<>();
        for (Tier t : game.tiers()) {
            LongAdder c = counts.get(t);
            out.put(t, c == null ? 0L : c.sum());
            log.info("tier winners tier={} winners={}", t.code(), out.get(t));
        }
        log.info("prize calculation finished in {}", Duration.between(started, Instant.now()));
        return out;
    }
}
"""

ICS_FILE = """package com.corrig.prize.ics;

import com.corrig.prize.game.Tier;
import com.corrig.prize.results.DrawResult;
import java.util.Map;

/** The winners file for the ICS (Aegis Sentinel interface v3: CSV). */
final class IcsWinnersFile {

    private IcsWinnersFile() {
    }

    static String render(DrawResult draw, Map<Tier, Long> winners) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Tier, Long> e : winners.entrySet()) {
            sb.append(draw.id()).append(',').append(e.getKey().code()).append(',').append(e.getValue()).append('\\n');
        }
        return sb.toString();
    }
}
"""

ICS_RECON = """package com.corrig.prize.ics;

import com.corrig.prize.game.Tier;
import com.corrig.prize.results.DrawResult;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends the winner counts to the ICS and compares them with the ICS's own.
 * Prizes may not be declared while they differ (licence condition 7.4).
 */
@Service
public class IcsReconciler {

    private static final Logger log = LoggerFactory.getLogger(IcsReconciler.class);

    private final IcsClient ics;

    public IcsReconciler(IcsClient ics) {
        this.ics = ics;
    }

    public boolean reconcile(DrawResult draw, Map<Tier, Long> winners) {
        String file = IcsWinnersFile.render(draw, winners);
        log.info("winners file sent to ICS tiers={} bytes={}", winners.size(), file.length());
        Map<String, Long> theirs = ics.submitWinners(draw.id(), file);
        int differ = 0;
        for (Map.Entry<Tier, Long> e : winners.entrySet()) {
            long ours = e.getValue();
            long icsCount = theirs.getOrDefault(e.getKey().code(), -1L);
            if (ours != icsCount) {
                differ++;
                log.warn("winner count differs from ICS tier={} host={} ics={}", e.getKey().code(), ours, icsCount);
            }
        }
        if (differ > 0) {
            log.error("ICS reconciliation failed tiers_differing={} of {}", differ, winners.size());
            return false;
        }
        log.info("ICS reconciliation ok tiers={}", winners.size());
        return true;
    }
}
"""

VALIDATION = """package com.corrig.prize.validate;

import com.corrig.prize.declare.Declarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Validation for terminal-gateway: is this ticket a winner, and how much.
 * A draw whose prizes are not declared yet answers NOT_DECLARED, which the
 * terminal shows as "Results pending, try later".
 */
@RestController
public class ValidationController {

    private static final Logger log = LoggerFactory.getLogger(ValidationController.class);

    private final Declarations declarations;
    private final TicketChecker checker;

    public ValidationController(Declarations declarations, TicketChecker checker) {
        this.declarations = declarations;
        this.checker = checker;
    }

    @PostMapping("/v2/validations")
    public ValidationResult validate(@RequestBody ValidationRequest req) {
        if (!declarations.isDeclared(req.drawId())) {
            log.debug("validate {} draw {} not declared", req.serial(), req.drawId());
            return ValidationResult.notDeclared();
        }
        return checker.check(req);
    }
}
"""

LOGBACK = """<configuration>
  <!-- one line per event; the draw id from the MDC when there is one -->
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} %-5level [%thread] %logger{36} [%X{draw:-}] %msg%n</pattern>
    </encoder>
  </appender>
  <logger name="com.corrig.prize" level="INFO"/>
  <root level="INFO">
    <appender-ref ref="STDOUT"/>
  </root>
</configuration>
"""

APPLICATION_YML = """spring:
  application:
    name: prize-engine
  datasource:
    url: jdbc:postgresql://settlement-db.games.internal:5432/settlement
prize:
  calc:
    workers: ${PRIZE_CALC_WORKERS:8}
  ics:
    endpoint: https://sentinel.aegis-ics.net/corrig/v3
    timeout: 10m
management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
"""

VALUES = """# prize-engine on games-prod (Argo CD application prize-engine)
image:
  repository: 411922060317.dkr.ecr.eu-west-2.amazonaws.com/games/prize-engine
  tag: "7.3.2"
replicas: 3
env:
  PRIZE_CALC_WORKERS: "8"
  JAVA_TOOL_OPTIONS: "-XX:MaxRAMPercentage=75"
resources:
  requests:
    cpu: "2"
    memory: 6Gi
  limits:
    memory: 6Gi
"""

DOCKERFILE = """FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -DskipTests package

FROM eclipse-temurin:21-jre
ARG COMMIT=unknown
ENV BUILD_COMMIT=${COMMIT}
COPY --from=build /src/target/prize-engine.jar /app/prize-engine.jar
ENTRYPOINT ["java", "-jar", "/app/prize-engine.jar"]
"""

GITLAB_CI = """stages: [test, image]

test:
  stage: test
  image: eclipse-temurin:21-jdk
  script:
    - ./mvnw -q verify

image:
  stage: image
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - docker build --build-arg COMMIT=$CI_COMMIT_SHORT_SHA -t $ECR/games/prize-engine:$CI_COMMIT_TAG .
    - docker push $ECR/games/prize-engine:$CI_COMMIT_TAG
"""

README = """# prize-engine

Draw settlement for the national lottery:

- certified results from the DMS (`results/`),
- winners per prize tier from the sealed wager file (`calc/`, `match/`),
- reconciliation with the regulator's ICS (`ics/`): no prize is declared
  while the ICS disagrees (licence condition 7.4),
- prize amounts and declaration (`declare/`),
- ticket validation for terminal-gateway (`validate/`).

## Releasing

Tag `vX.Y.Z` on `main`; CI pushes the image. Set `image.tag` in
`deploy/values-production.yaml`; Argo CD (`prize-engine`) syncs it. No
releases on draw days without an emergency change (Ellen or the duty
manager). To roll back, set the previous tag there.
"""

RUNBOOK = """# prize-engine runbook

Owner: games systems (#games-oncall). Draw nights: #draw-night bridge.

## Results not received

The DMS sends certified results within 10 minutes of the draw. If nothing
arrived, ask draw operations; results can be re-sent from the DMS console.

## Validation latency

Check settlement-db connections and the `validations` dashboard.
"""

CHANGELOG = "# Changelog\n\n## 7.3.2\n\n- Claims centre referral threshold from config (VAL-199).\n"


def build_repo():
    repo = Repo()
    niamh = Person("Niamh Gallagher", "niamh.gallagher@corriglotteries.com", 60)
    tomasz = Person("Tomasz Wójcik", "tomasz.wojcik@corriglotteries.com", 120)
    rohan = Person("Rohan Mehta", "rohan.mehta@corriglotteries.com", 330)
    marta = Person("Marta Sousa", "marta.sousa@corriglotteries.com", 60)
    ellen = Person("Ellen Carter", "ellen.carter@corriglotteries.com", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    m = "src/main/java/com/corrig/prize/"
    t = "src/test/java/com/corrig/prize/"
    repo.commit(local("2026-10-09 10:12:00"), ellen, "prize-engine 7.3.2 (history before the move to GitLab is in the SVN archive)", {
        "pom.xml": POM,
        m + "PrizeEngineApplication.java": APP,
        m + "game/Game.java": GAME,
        m + "game/Tier.java": TIER,
        m + "game/Match.java": MATCH,
        m + "game/Games.java": GAMES,
        m + "wager/Board.java": BOARD,
        m + "results/DrawResult.java": DRAW_RESULT,
        m + "match/Matcher.java": MATCHER,
        m + "match/Matchers.java": MATCHERS,
        m + "match/LottoMatcher.java": LOTTO_MATCHER,
        m + "match/StarballMatcher.java": STARBALL_MATCHER,
        m + "match/Daily5Matcher.java": DAILY5_MATCHER,
        m + "calc/PrizeCalculation.java": CALC,
        m + "ics/IcsWinnersFile.java": ICS_FILE,
        m + "ics/IcsReconciler.java": ICS_RECON,
        m + "validate/ValidationController.java": VALIDATION,
        "src/main/resources/logback-spring.xml": LOGBACK,
        "src/main/resources/application.yml": APPLICATION_YML,
        t + "match/LottoMatcherTest.java": LOTTO_TEST,
        t + "match/StarballMatcherTest.java": STARBALL_TEST,
        "deploy/values-production.yaml": VALUES,
        "Dockerfile": DOCKERFILE,
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(92011)
    repo.schedule(chores(rng, SERVICE, [marta, rohan, niamh], local("2026-10-09 12:00:00"), local("2026-10-15 17:00:00"), 3))
    repo.commit(local("2026-10-12 08:31:00"), bot, "Bump com.fasterxml.jackson:jackson-bom from 2.17.2 to 2.18.0", {
        "pom.xml": sub(repo.files["pom.xml"], "  <properties>\n    <java.version>21</java.version>\n",
                       "  <properties>\n    <java.version>21</java.version>\n    <jackson-bom.version>2.18.0</jackson-bom.version>\n"),
    })
    repo.commit(local("2026-10-13 15:44:00"), marta, "validate: claims centre referral above £500 for every game (VAL-203)", {
        m + "validate/ValidationController.java": sub(repo.files[m + "validate/ValidationController.java"],
                                                      " * A draw whose prizes are not declared yet answers NOT_DECLARED, which the\n",
                                                      " * Prizes over £500 are referred to the claims centre (VAL-203). A draw\n * whose prizes are not declared yet answers NOT_DECLARED, which the\n"),
    })
    repo.commit(local("2026-10-14 16:30:00"), niamh, "runbook: ICS reconciliation mismatch", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## ICS reconciliation mismatch (prize declaration held)

The ICS (Aegis Sentinel, run for the regulator) counts the winners of each
tier from its own copy of the sealed wager file and the results its own
observer keys, and compares them with ours. While they differ, prizes
cannot be declared (licence condition 7.4): the TV and web show "prize
breakdown to follow" and terminals answer "Results pending".

Every mismatch so far was one of:

- the ICS holding a different sealed file: compare the sha256 in our
  "sealed wager file acknowledged" line with the ICS's "sealed file
  received" line; re-send the sealed file from the back office;
- a results entry difference: the DMS keyers disagreed and the ICS
  observer keyed the first entry. Ask the Aegis duty operator to re-key.

Then "Re-run reconciliation" in the back office. If the mismatch follows a
prize-engine release, roll back (`deploy/values-production.yaml`, previous
tag) and re-run the prize calculation. Call the draw manager and the
regulator's observer before 21:30 on a draw night.
""",
    })
    lm, sm, dm = m + "match/LottoMatcher.java", m + "match/StarballMatcher.java", m + "match/Daily5Matcher.java"
    bm = m + "match/BoardMatcher.java"
    culprit = repo.commit(local("2026-10-15 11:24:00"), tomasz, "match: one table-driven BoardMatcher for every game (GAME-412)\n\nThe three matchers differ only in how many main numbers they count and\nwhere the bonus comes from. SuperDraw (November) would need a fourth.\nReplace them with one matcher driven by the Game entry: the main numbers\nagainst the drawn ones, then the bonus (Lotto's bonus ball, Starball's\nStarball) against the board's extra numbers, as wager v2 carries them.\nTests moved to BoardMatcherTest.", {
        lm: None, sm: None, dm: None,
        m + "match/Matchers.java": None,
        t + "match/LottoMatcherTest.java": None,
        t + "match/StarballMatcherTest.java": None,
        m + "match/Matcher.java": None,
        bm: """package com.corrig.prize.match;

import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;

/**
 * Matches a board against a draw's certified results, for every game
 * (GAME-412): the main numbers against the drawn main numbers, then the
 * bonus. The bonus (Lotto's bonus ball, Starball's Starball) is matched
 * against the board's extra numbers, as wager v2 carries them, so a new
 * game needs a Game entry and no matcher of its own.
 */
public final class BoardMatcher {

    public Match match(Board board, DrawResult draw) {
        int main = 0;
        for (int n : board.main()) {
            if (draw.isMain(n)) {
                main++;
            }
        }
        boolean bonus = false;
        if (draw.game().hasBonus()) {
            for (int e : board.extras()) {
                if (e == draw.bonus()) {
                    bonus = true;
                }
            }
        }
        return new Match(main, bonus);
    }
}
""",
        t + "match/BoardMatcherTest.java": """package com.corrig.prize.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.corrig.prize.game.Games;
import com.corrig.prize.game.Match;
import com.corrig.prize.results.DrawResult;
import com.corrig.prize.wager.Board;
import org.junit.jupiter.api.Test;

class BoardMatcherTest {

    private final BoardMatcher matcher = new BoardMatcher();
    private final DrawResult lotto = new DrawResult(Games.LOTTO, 3101, new int[] {4, 9, 15, 22, 36, 44}, 31);
    private final DrawResult starball = new DrawResult(Games.STARBALL, 1460, new int[] {3, 11, 20, 27, 38}, 9);
    private final DrawResult daily5 = new DrawResult(Games.DAILY5, 4500, new int[] {2, 8, 13, 21, 30}, 0);

    @Test
    void lottoMatchSix() {
        assertEquals(new Match(6, false), matcher.match(new Board("T1", 1, new int[] {4, 9, 15, 22, 36, 44}, new int[0]), lotto));
    }

    @Test
    void lottoMatchThree() {
        assertEquals(new Match(3, false), matcher.match(new Board("T1", 1, new int[] {4, 9, 15, 1, 2, 3}, new int[0]), lotto));
    }

    @Test
    void starballFivePlusStarball() {
        assertEquals(new Match(5, true), matcher.match(new Board("T1", 1, new int[] {3, 11, 20, 27, 38}, new int[] {9}), starball));
    }

    @Test
    void starballTwoPlusStarball() {
        assertEquals(new Match(2, true), matcher.match(new Board("T1", 1, new int[] {3, 11, 1, 2, 4}, new int[] {9}), starball));
    }

    @Test
    void daily5MatchFive() {
        assertEquals(new Match(5, false), matcher.match(new Board("T1", 1, new int[] {2, 8, 13, 21, 30}, new int[0]), daily5));
    }
}
""",
        m + "calc/PrizeCalculation.java": sub(repo.files[m + "calc/PrizeCalculation.java"],
                                              "import com.corrig.prize.match.Matcher;\nimport com.corrig.prize.match.Matchers;\n",
                                              "import com.corrig.prize.match.BoardMatcher;\n",
                                              "    private final int workers;\n\n",
                                              "    private final int workers;\n    private final BoardMatcher matcher = new BoardMatcher();\n\n",
                                              "        Matcher matcher = Matchers.forGame(game);\n", ""),
    })
    rel_740 = repo.commit(local("2026-10-15 14:50:00"), ellen, "release 7.4.0", {
        "pom.xml": repo.edit("pom.xml", "<version>7.3.2</version>", "<version>7.4.0</version>"),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "7.3.2"', 'tag: "7.4.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 7.4.0\n\n- One table-driven BoardMatcher for every game (GAME-412).\n- Claims centre referral above £500 for every game (VAL-203).\n- jackson 2.18.0.\n", 1),
    })
    repo.commit(local("2026-10-16 09:05:00"), rohan, "ics: winners file in Aegis's interface v4 (ICS-88)\n\nAegis retires interface v3 on 2 November. v4 has a header line with the\ndraw and the sealed file's sha256, and the tier codes of the game's\nschedule in the licence (T1 is the top tier).", {
        m + "ics/IcsWinnersFile.java": """package com.corrig.prize.ics;

import com.corrig.prize.game.Tier;
import com.corrig.prize.results.DrawResult;
import java.util.Map;

/**
 * The winners file for the ICS (Aegis Sentinel interface v4, ICS-88): a
 * header with the draw and the sealed file's sha256, then one line per
 * tier, T1 the top tier of the game's schedule.
 */
final class IcsWinnersFile {

    private IcsWinnersFile() {
    }

    static String render(DrawResult draw, String sealedSha256, Map<Tier, Long> winners) {
        StringBuilder sb = new StringBuilder();
        sb.append("H,").append(draw.id()).append(',').append(sealedSha256).append(",v4\\n");
        int i = 1;
        for (Map.Entry<Tier, Long> e : winners.entrySet()) {
            sb.append("W,T").append(i++).append(',').append(e.getKey().code()).append(',').append(e.getValue()).append('\\n');
        }
        return sb.toString();
    }
}
""",
        m + "ics/IcsReconciler.java": sub(repo.files[m + "ics/IcsReconciler.java"],
                                          "    public boolean reconcile(DrawResult draw, Map<Tier, Long> winners) {\n        String file = IcsWinnersFile.render(draw, winners);\n        log.info(\"winners file sent to ICS tiers={} bytes={}\", winners.size(), file.length());\n",
                                          "    public boolean reconcile(DrawResult draw, String sealedSha256, Map<Tier, Long> winners) {\n        String file = IcsWinnersFile.render(draw, sealedSha256, winners);\n        log.info(\"winners file sent to ICS format=v4 tiers={} bytes={}\", winners.size(), file.length());\n"),
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "endpoint: https://sentinel.aegis-ics.net/corrig/v3", "endpoint: https://sentinel.aegis-ics.net/corrig/v4"),
        "docs/ics-v4.md": "# Aegis Sentinel interface v4\n\nv3 is retired on 2 November 2026. Changes for us:\n\n- winners file: header `H,<draw>,<sealed sha256>,v4`, then\n  `W,T<n>,<tier>,<winners>` per tier, T1 the top tier;\n- the ICS checks the header's sha256 against the sealed file it holds and\n  refuses the file if they differ;\n- endpoint `/corrig/v4`.\n",
    })
    repo.commit(local("2026-10-16 09:30:00"), marta, "validate: warn when a validation is deferred because the draw's prizes are not declared (VAL-207)\n\nOn draw nights retailers call the helpdesk about \"Results pending\" and we\ncannot see from our log which draws and terminals were told that.", {
        m + "validate/ValidationController.java": sub(repo.files[m + "validate/ValidationController.java"],
                                                      "            log.debug(\"validate {} draw {} not declared\", req.serial(), req.drawId());\n",
                                                      "            log.warn(\"validation deferred: prizes not declared draw={} terminal={} retailer={}\", req.drawId(), req.terminal(), req.retailer());\n"),
    })
    repo.commit(local("2026-10-16 09:41:00"), tomasz, "match: look the main numbers up in a table built once per draw (PERF-12)\n\nDrawResult.isMain scans the drawn numbers for every number of every\nboard; a boolean table indexed by number does it in one read. Saturday's\nrollover calculation is ~5.2M boards.", {
        bm: sub(repo.files[bm],
                "    public Match match(Board board, DrawResult draw) {\n        int main = 0;\n        for (int n : board.main()) {\n            if (draw.isMain(n)) {\n",
                "    public Match match(Board board, DrawResult draw) {\n        boolean[] drawn = draw.mainTable();\n        int main = 0;\n        for (int n : board.main()) {\n            if (drawn[n]) {\n"),
        m + "results/DrawResult.java": sub(repo.files[m + "results/DrawResult.java"],
                                           "    public String id() {\n",
                                           "    /** drawn[n] is true for a main number n; built once per draw. */\n    public boolean[] mainTable() {\n        if (table == null) {\n            boolean[] t = new boolean[game.pool() + 1];\n            for (int n : main) {\n                t[n] = true;\n            }\n            table = t;\n        }\n        return table;\n    }\n\n    public String id() {\n",
                                           "public record DrawResult(Game game, int drawNo, int[] main, int bonus) {\n",
                                           "public record DrawResult(Game game, int drawNo, int[] main, int bonus, boolean[] table) {\n\n    public DrawResult(Game game, int drawNo, int[] main, int bonus) {\n        this(game, drawNo, main, bonus, null);\n    }\n"),
    })
    repo.commit(local("2026-10-16 09:48:00"), bot, "Bump org.springframework.boot:spring-boot-starter-parent from 3.3.4 to 3.3.5", {
        "pom.xml": repo.edit("pom.xml", "<version>3.3.4</version>", "<version>3.3.5</version>"),
    })
    rel_750 = repo.commit(local("2026-10-16 10:00:00"), ellen, "release 7.5.0", {
        "pom.xml": repo.edit("pom.xml", "<version>7.4.0</version>", "<version>7.5.0</version>"),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "7.4.0"', 'tag: "7.5.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 7.5.0\n\n- ICS winners file in interface v4 (ICS-88).\n- Deferred validations logged as warnings (VAL-207).\n- Main numbers looked up in a per-draw table (PERF-12).\n- Spring Boot 3.3.5.\n", 1),
    })
    repo.commit(local("2026-10-16 15:20:00"), rohan, "docs: ICS v4 cut-over checklist (2 November)", {
        "docs/ics-v4.md": repo.files["docs/ics-v4.md"] + "\n## Cut-over checklist\n\n- [x] winners file v4 in 7.5.0 (ICS-88), first draws on it from 16 October\n- [ ] Aegis confirms v3 endpoint switched off (2 November, 06:00)\n- [ ] remove the v3 endpoint from the ICS client's fallback list\n",
    })
    repo.commit(local("2026-10-16 16:42:00"), marta, "validate: the claims centre's phone number in a REFER answer (VAL-209)", {
        m + "validate/ValidationController.java": sub(repo.files[m + "validate/ValidationController.java"],
                                                      " * Prizes over £500 are referred to the claims centre (VAL-203). A draw\n",
                                                      " * Prizes over £500 are referred to the claims centre (VAL-203), whose\n * number the terminal prints on the referral slip (VAL-209). A draw\n"),
    })
    repo.commit(local("2026-10-17 08:14:00"), bot, "Bump org.postgresql:postgresql from 42.7.3 to 42.7.4", {
        "pom.xml": sub(repo.files["pom.xml"], "    <jackson-bom.version>2.18.0</jackson-bom.version>\n",
                       "    <jackson-bom.version>2.18.0</jackson-bom.version>\n    <postgresql.version>42.7.4</postgresql.version>\n"),
    })
    workers = repo.commit(local("2026-10-17 11:49:00"), niamh, "deploy: 12 prize calculation workers for tonight's rollover (CALC-95)\n\n£11.4M rollover, forecast 5.2M boards; with 8 workers Wednesday's\n4.1M took 13 minutes. Approved in CHG-7781.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'PRIZE_CALC_WORKERS: "8"', 'PRIZE_CALC_WORKERS: "12"'),
    })
    rollback = repo.commit(local("2026-10-17 20:58:00"), niamh, "deploy: pin prize-engine 7.4.0 (rollback of 7.5.0, INC-5521)", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "7.5.0"', 'tag: "7.4.0"'),
    })
    fix = repo.commit(local("2026-10-17 21:56:00"), tomasz, "match: a main-pool bonus ball is matched with the board's main numbers (GAME-419)\n\nSince GAME-412 the bonus was matched against the board's extra numbers for\nevery game. Starball's Starball is an extra; Lotto's bonus ball is drawn\nfrom the same machine and a board matches it with one of its six, and a\nLotto board has no extras: no board matched the bonus ball, every 5+B,\n4+B and 3+B winner was counted one tier down and the ICS reconciliation\nof LOT-3127 failed (INC-5521). Match by the game's Bonus kind, with\ntests for the bonus tiers.", {
        bm: sub(repo.files[bm],
                " * bonus. The bonus (Lotto's bonus ball, Starball's Starball) is matched\n * against the board's extra numbers, as wager v2 carries them, so a new\n * game needs a Game entry and no matcher of its own.\n",
                " * bonus: Lotto's bonus ball (MAIN_POOL) with one of the board's own\n * numbers that is not a drawn main number, Starball's Starball\n * (SEPARATE_POOL) with the board's extra number (GAME-419).\n",
                "        boolean bonus = false;\n        if (draw.game().hasBonus()) {\n            for (int e : board.extras()) {\n                if (e == draw.bonus()) {\n                    bonus = true;\n                }\n            }\n        }\n        return new Match(main, bonus);\n    }\n",
                "        boolean bonus = switch (draw.game().bonus()) {\n            case NONE -> false;\n            case MAIN_POOL -> contains(board.main(), draw.bonus());\n            case SEPARATE_POOL -> contains(board.extras(), draw.bonus());\n        };\n        return new Match(main, bonus);\n    }\n\n    private static boolean contains(int[] numbers, int n) {\n        for (int x : numbers) {\n            if (x == n) {\n                return true;\n            }\n        }\n        return false;\n    }\n"),
        t + "match/BoardMatcherTest.java": sub(repo.files[t + "match/BoardMatcherTest.java"],
                                               "    @Test\n    void starballFivePlusStarball() {\n",
                                               "    @Test\n    void lottoFivePlusBonus() {\n        assertEquals(new Match(5, true), matcher.match(new Board(\"T1\", 1, new int[] {4, 9, 15, 22, 36, 31}, new int[0]), lotto));\n    }\n\n    @Test\n    void lottoThreePlusBonus() {\n        assertEquals(new Match(3, true), matcher.match(new Board(\"T1\", 1, new int[] {4, 9, 15, 31, 2, 3}, new int[0]), lotto));\n    }\n\n    @Test\n    void starballFivePlusStarball() {\n"),
    })
    rel_751 = repo.commit(local("2026-10-17 22:14:00"), ellen, "release 7.5.1 (emergency change CHG-7790, INC-5521)", {
        "pom.xml": repo.edit("pom.xml", "<version>7.5.0</version>", "<version>7.5.1</version>"),
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'tag: "7.4.0"', 'tag: "7.5.1"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 7.5.1\n\n- Lotto's bonus ball matched with the board's main numbers again (GAME-419).\n", 1),
    })
    return repo, {"culprit": culprit, "rel_740": rel_740, "rel_750": rel_750, "workers": workers,
                  "rollback": rollback, "fix": fix, "rel_751": rel_751}


# ---------------------------------------------------------------------------
# Saturday


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def B(clock):
    """'20:19:36' on Saturday 17 October, BST -> epoch seconds."""
    return secs(local(f"2026-10-17 {clock}"))


def iso_bst(x, digits=3):
    t = at(x).astimezone(BST)
    frac = f".{t.microsecond:06d}"[:digits + 1] if digits else ""
    return t.strftime("%Y-%m-%dT%H:%M:%S") + frac + "+01:00"


def iso_z(x):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid4(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


LOTTO_MAIN = [7, 12, 19, 33, 38, 41]
LOTTO_BONUS = 24
BOARDS = 5184220
TIERS = ["6", "5+B", "5", "4+B", "4", "3+B", "3"]


def tier_counts(rng):
    """Winners per tier of LOT-3127 (6 from 47 + bonus) as the ICS counts
    them, and as a matcher that never matches the bonus ball counts them."""
    from math import comb
    total = comb(47, 6)
    p = {"6": 1, "5+B": 6, "5": 6 * 40, "4+B": 15 * 40, "4": 15 * comb(40, 2), "3+B": 20 * comb(40, 2), "3": 20 * comb(40, 3)}
    truth = {}
    for k in TIERS:
        mean = BOARDS * p[k] / total
        truth[k] = max(0, int(round(rng.gauss(mean, mean ** 0.5)))) if k != "6" else 0
    truth["5+B"] = 3
    buggy = dict(truth)
    for plus, plain in (("5+B", "5"), ("4+B", "4"), ("3+B", "3")):
        buggy[plain] += buggy[plus]
        buggy[plus] = 0
    return truth, buggy


def build_logs(rng, shas):
    pe = Log("prize-engine.log")
    ics = Log("ics-sentinel.log")
    dm = Log("draw-machine-dm-b.log")
    dms = Log("draw-management.log")
    gw = Log("terminal-gateway.log")
    argo = Log("argocd-application-controller.log")
    desk = Log("retail-helpdesk.log")
    slack = Log("slack-draw-night.log")
    t0, t1 = secs(START), secs(END)
    truth, buggy = tier_counts(rng)
    stats = {"truth": truth, "buggy": buggy}

    def version_at(x):
        if x < secs(ROLLBACK) + 30:
            return "7.5.0"
        if x < secs(FIX_SYNC) + 30:
            return "7.4.0"
        return "7.5.1"

    def p(x, level, thread, logger, msg, draw=""):
        t = at(x)
        stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        pe.add(t, f"{stamp} {level:<5} [{thread}] {logger} [{draw}] {msg}")

    CALC = "c.c.prize.calc.PrizeCalculation"
    RECON = "c.c.prize.ics.IcsReconciler"
    ICSC = "c.c.prize.ics.IcsClient"
    DECL = "c.c.prize.declare.PrizeDeclaration"
    VAL = "c.c.prize.validate.ValidationController"
    RES = "c.c.prize.results.ResultsListener"
    SEAL = "c.c.prize.wager.SealedFileListener"
    STATS = "c.c.prize.validate.ValidationStats"

    def ics_line(x, module, level, msg):
        ics.add(at(x), f"{iso_bst(x)} ICS-PRD-01 {module} {level} {msg}")

    def machine(x, kind, msg, ballset=5):
        t = at(x).astimezone(BST)
        dm.add(at(x), f"{t.strftime('%d.%m.%Y %H:%M:%S')}.{t.microsecond // 100000} DM-B SET{ballset} {kind} {msg}")

    def dms_ev(x, draw, event, **kv):
        body = {"ts": iso_bst(x), "system": "DMS", "draw": draw, "event": event}
        body.update(kv)
        dms.add(at(x), json.dumps(body, ensure_ascii=False))

    def gwl(x, level, msg, **kv):
        parts = [f"ts={iso_z(x)}", f"level={level}", f'msg="{msg}"' if " " in msg else f"msg={msg}"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f'{k}="{v}"' if (" " in v or v == "") else f"{k}={v}")
        gw.add(at(x), " ".join(parts))

    # --- declaration state ----------------------------------------------------
    d5_mid_declared = B("14:08:12")
    d5_eve_declared = B("21:08:40")
    lot_declared = B("22:58:05")

    def declared(draw, x):
        if draw == "D5-4581":
            return x >= d5_mid_declared
        if draw == "D5-4582":
            return x >= d5_eve_declared
        if draw == "LOT-3127":
            return x >= lot_declared
        return True

    # --- terminal-gateway: sells and validations (one pod of four) ----------
    terminals = [f"T0{rng.randint(10000, 99999)}" for _ in range(900)]
    retailer_of = {term: f"R{rng.randint(20000, 59999)}" for term in terminals}

    def serial():
        return f"{rng.randint(1000, 9999)}-{hexid(rng, 8).upper()}-{rng.randint(100, 999)}"

    def open_draws(x):
        """The draws a ticket presented at x could be for, with weights."""
        out = [(10, "LOT-3126"), (8, "STB-1487"), (4, "D5-4580"), (3, "LOT-3125"), (2, "STB-1486")]
        if x > B("14:01:00"):
            out.append((8, "D5-4581"))
        if x > B("20:02:30"):
            out.append((60, "LOT-3127"))
        if x > B("21:01:00"):
            out.append((6, "D5-4582"))
        return out

    def validation(x):
        draw = weighted_pick(open_draws(x))
        term = rng.choice(terminals)
        s = serial()
        if not declared(draw, x):
            result, pence = "NOT_DECLARED", 0
        else:
            r = rng.random()
            if r < 0.62:
                result, pence = "NOT_WINNER", 0
            elif r < 0.955:
                result, pence = "PAID", rng.choice([300, 500, 700, 1000, 1000, 1000, 2000, 2500, 2500, 3200, 16100])
            elif r < 0.975:
                result, pence = "ALREADY_PAID", 0
            elif r < 0.99:
                result, pence = "REFER_CLAIMS_CENTRE", rng.choice([111200, 61250, 100000, 250000])
            else:
                result, pence = "UNKNOWN_TICKET", 0
        gwl(x, "info", "validate", term=term, ret=retailer_of[term], serial=s, draw=draw, result=result,
            prize_pence=pence, host_ms=rng.randint(9, 60))
        return draw, result, term

    def weighted_pick(choices):
        total = sum(w for w, _ in choices)
        r = rng.uniform(0, total)
        for w, v in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][1]

    # validations: the rate rises through the evening and jumps after the draw
    val_log = []
    x = t0
    while x < t1:
        if x < B("17:00:00"):
            rate = 3.0
        elif x < B("20:02:30"):
            rate = 4.0
        elif x < B("22:00:00"):
            rate = 14.0
        else:
            rate = 9.0
        x += rng.expovariate(rate / 60)
        if x >= t1:
            break
        val_log.append((x,) + validation(x))

    # sells
    x = t0
    while x < t1:
        if x < B("17:00:00"):
            rate = 5.0
        elif x < B("19:45:00"):
            rate = 10.0
        elif x < B("20:55:00"):
            rate = 4.0
        else:
            rate = 1.5
        x += rng.expovariate(rate / 60)
        if x >= t1:
            break
        choices = [(2, "STB-1488"), (1, "LOT-3128")]
        if x < B("19:45:00"):
            choices.append((8, "LOT-3127"))
        if x < B("13:55:00"):
            choices.append((2, "D5-4581"))
        elif x < B("20:55:00"):
            choices.append((2, "D5-4582"))
        else:
            choices.append((2, "D5-4583"))
        draw = weighted_pick(choices)
        boards = rng.choice([1, 1, 2, 2, 2, 4, 4, 6, 7, 10])
        price = {"LOT": 200, "STB": 250, "D5": 100}[draw.split("-")[0]]
        term = rng.choice(terminals)
        gwl(x, "info", "sell", term=term, ret=retailer_of[term], draw=draw, boards=boards, stake_pence=boards * price,
            host_ms=rng.randint(14, 90))
    # sales closing for LOT-3127: terminals refused after 19:45
    for _ in range(7):
        x = B("19:45:00") + rng.uniform(0.5, 40)
        term = rng.choice(terminals)
        gwl(x, "warn", "sell refused", term=term, ret=retailer_of[term], draw="LOT-3127", reason="SALES_CLOSED")
    # sign-ons and routine
    for _ in range(70):
        x = rng.uniform(t0, t1)
        term = rng.choice(terminals)
        gwl(x, "info", "terminal signed on", term=term, ret=retailer_of[term], app="12.3.7", session=hexid(rng, 12))
    for _ in range(14):
        x = rng.uniform(t0, t1)
        term = rng.choice(terminals)
        gwl(x, "warn", "terminal session lost", term=term, ret=retailer_of[term], idle_s=rng.randint(95, 400))
    x = t0 + 37
    while x < t1:
        gwl(x, "info", "host pool", wager_engine_ok=3, prize_engine_ok=3, terminals_online=rng.randint(4080, 4190))
        x += 300 + rng.uniform(-1, 1)

    # --- prize-engine: routine lines -----------------------------------------
    # per-minute validation summary from this pod (a third of the gateway's traffic, all pods)
    buckets = {}
    for x, draw, result, term in val_log:
        buckets.setdefault(int((x - t0) // 60), []).append((x, draw, result, term))
    minute = 0
    while t0 + (minute + 1) * 60 < t1:
        xs = buckets.get(minute, [])
        served = {"PAID": 0, "NOT_WINNER": 0, "NOT_DECLARED": 0, "OTHER": 0}
        for _, draw, result, _ in xs:
            k = result if result in served else "OTHER"
            served[k] += 1
        p(t0 + (minute + 1) * 60 + 0.004, "INFO", "scheduling-1", STATS,
          f"validations last 60s paid={served['PAID'] + rng.randint(0, 2)} not_winner={served['NOT_WINNER'] + rng.randint(0, 3)} "
          f"not_declared={served['NOT_DECLARED']} other={served['OTHER']} p99_ms={rng.randint(18, 64)}")
        minute += 1
    # VAL-207: a warning per deferred validation while 7.5.0 or 7.5.1 runs (this pod's share)
    for x, draw, result, term in val_log:
        if result == "NOT_DECLARED" and version_at(x) != "7.4.0" and rng.random() < 0.75:
            p(x + 0.004, "WARN", f"http-nio-8080-exec-{rng.randint(1, 40)}", VAL,
              f"validation deferred: prizes not declared draw={draw} terminal={term} retailer={retailer_of[term]}")
    x = t0 + 120.3
    while x < t1:
        p(x, "INFO", "ics-heartbeat", ICSC, f"ICS heartbeat ok rtt_ms={rng.randint(11, 38)}")
        ics_line(x + 0.02, "LINK", "INFO", f"heartbeat from CORRIG-PE seq={int((x - t0) // 300) + 40211}")
        x += 300 + rng.uniform(-0.5, 0.5)
    x = t0 + 410
    while x < min(t1, B("19:45:00")):
        p(x, "INFO", "wager-feed-1", "c.c.prize.wager.WagerFeed", f"wager feed checkpoint draw=LOT-3127 boards={int(BOARDS * min(1, 0.42 + 0.58 * ((x - t0) / (B('19:45:00') - t0)) ** 1.6))}")
        x += 600 + rng.uniform(0, 2)

    # pod starts
    def start_pod(x, version, sha, workers):
        p(x, "INFO", "main", "c.c.prize.PrizeEngineApplication", f"Starting PrizeEngineApplication v{version} using Java 21.0.4 with PID 1 (/app/prize-engine.jar started by app in /app)")
        p(x + 0.02, "INFO", "main", "c.c.prize.PrizeEngineApplication", f"build commit={sha[:8]} profile=production")
        p(x + 3.4, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)")
        p(x + 6.1, "INFO", "main", "c.c.prize.calc.PrizeCalculation", f"prize calculation workers={workers}")
        p(x + 6.6, "INFO", "main", ICSC, f"ICS client ready endpoint=https://sentinel.aegis-ics.net/corrig/{'v4' if version != '7.4.0' else 'v3'}")
        p(x + 8.9, "INFO", "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")
        p(x + 9.0, "INFO", "main", "c.c.prize.PrizeEngineApplication", f"Started PrizeEngineApplication in {rng.uniform(8.6, 9.9):.3f} seconds (process running for {rng.uniform(9.8, 11.2):.3f})")
        p(x + 9.3, "INFO", "main", DECL, "declarations loaded open=[LOT-3127, D5-4582, STB-1488, LOT-3128, D5-4583] declared_today=[D5-4581]" if x > d5_mid_declared else "declarations loaded open=[D5-4581, LOT-3127, D5-4582, STB-1488, LOT-3128] declared_today=[]")

    start_pod(secs(CONFIG_SYNC) + 41, "7.5.0", shas["rel_750"], 12)
    start_pod(secs(ROLLBACK) + 44, "7.4.0", shas["rel_740"], 12)
    start_pod(secs(FIX_SYNC) + 43, "7.5.1", shas["rel_751"], 12)

    # --- Daily5 draws (RNG), both reconciled -----------------------------------
    def daily5(draw, drawn_at, cert_after, numbers, boards, winners, declared_at):
        dms_ev(drawn_at, draw, "RNG_DRAW", rng_id="RNG-2", numbers=numbers, observer="LR observer (remote)")
        ics_line(drawn_at + 40, "RESULTS", "INFO", f"{draw} observer entry 1 main={'-'.join(f'{n:02d}' for n in numbers)}")
        ics_line(drawn_at + 58, "RESULTS", "INFO", f"{draw} RNG-2 result received main={'-'.join(f'{n:02d}' for n in numbers)} agree=yes")
        x = drawn_at + cert_after - 95
        dms_ev(x + 95, draw, "RESULTS_CERTIFIED", main=numbers, bonus=None, adjudicator="p.okafor")
        dms_ev(x + 96, draw, "RESULTS_SENT", to=["prize-engine", "ICS", "web", "broadcast"])
        p(x + 96.4, "INFO", "results-1", RES, f"certified results received main={numbers} bonus=-", draw=draw)
        p(x + 96.6, "INFO", "calc-main", CALC, f"prize calculation started boards={boards} workers={8 if x < secs(CONFIG_SYNC) else 12}", draw=draw)
        p(x + 109.1, "INFO", "calc-main", CALC, "prize calculation progress 100%", draw=draw)
        for tier, n in zip(["5", "4", "3"], winners):
            p(x + 109.2, "INFO", "calc-main", CALC, f"tier winners tier={tier} winners={n}", draw=draw)
        p(x + 109.3, "INFO", "calc-main", CALC, f"prize calculation finished in PT{12.6 + rng.random():.3f}S", draw=draw)
        fmt = "format=v4 " if version_at(x) != "7.4.0" else ""
        p(x + 109.5, "INFO", "ics-recon-1", RECON, f"winners file sent to ICS {fmt}tiers=3 bytes={rng.randint(110, 140)}", draw=draw)
        ics_line(x + 101, "WINDET", "INFO", f"{draw} winner determination finished boards={boards} elapsed={rng.uniform(9, 12):.1f}s")
        ics_line(x + 110.0, "RECON", "INFO", f"{draw} host winners file received format={'v4' if fmt else 'v3'} tiers=3")
        for tier, n in zip(["5", "4", "3"], winners):
            ics_line(x + 110.1, "RECON", "INFO", f"{draw} tier {tier} winners host={n} ics={n} OK")
        ics_line(x + 110.2, "RECON", "INFO", f"{draw} reconciliation AGREED tiers=3")
        p(x + 110.4, "INFO", "ics-recon-1", RECON, "ICS reconciliation ok tiers=3", draw=draw)
        p(declared_at, "INFO", "http-nio-8080-exec-3", DECL, "prizes declared by=backoffice:d.roche observer=LR-0412", draw=draw)
        dms_ev(declared_at + 1, draw, "PRIZES_DECLARED")

    daily5("D5-4581", B("14:00:00"), 95, [3, 11, 17, 22, 29], 211480, [1, 118, 3206], d5_mid_declared)
    daily5("D5-4582", B("21:00:00"), 312, [6, 9, 14, 25, 28], 264119, [0, 151, 3870], d5_eve_declared)

    # --- Lotto LOT-3127 ------------------------------------------------------
    D = "LOT-3127"
    sealed = hexid(rng, 64)
    p(B("19:45:00") + 0.3, "INFO", "wager-feed-1", SEAL, f"sales closed boards={BOARDS} stake_pence={BOARDS * 200}", draw=D)
    p(B("19:45:41"), "INFO", "wager-feed-1", SEAL, f"sealed wager file received sha256={sealed} boards={BOARDS}", draw=D)
    ics_line(B("19:45:52"), "SEAL", "INFO", f"{D} sealed file received sha256={sealed} boards={BOARDS} stake=10368440.00")
    p(B("19:46:03"), "INFO", "wager-feed-1", SEAL, f"sealed wager file acknowledged by ICS sha256={sealed}", draw=D)
    dms_ev(B("19:45:05"), D, "SALES_CLOSED", boards=BOARDS, jackpot_estimate_gbp=11400000)

    # draw machine DM-B: pre-draw checks, test draws, the live draw
    x = B("18:30:00")
    while x < B("20:15:00"):
        machine(x, "ENV", f"air={rng.uniform(0.61, 0.64):.2f}bar temp={rng.uniform(20.4, 21.2):.1f}C rh={rng.randint(41, 46)}% door=closed",
                ballset=3 if x < B("18:44:10") else 5)
        x += 60
    machine(B("18:31:10"), "SESSION", "pre-draw session opened operator=k.byrne adjudicator=p.okafor", ballset=3)
    for ball in range(1, 48):
        mass = rng.uniform(3.582, 3.618)
        if ball == 29:
            mass = 3.671
        machine(B("18:33:00") + ball * 9.4, "WEIGH", f"ball={ball:02d} mass={mass:.3f}g tol=3.600+-0.050 {'FAIL' if ball == 29 else 'ok'}", ballset=3)
    machine(B("18:41:02"), "SESSION", "ball set 3 rejected: ball 29 mass outside tolerance", ballset=3)
    dms_ev(B("18:41:30"), D, "BALLSET_REJECTED", machine="DM-B", ballset=3, reason="ball 29 mass 3.671 g outside 3.600 +/- 0.050", adjudicator="p.okafor")
    dms_ev(B("18:44:10"), D, "BALLSET_SELECTED", machine="DM-B", ballset=5, by="adjudicator draw from vault")
    for ball in range(1, 48):
        machine(B("18:46:00") + ball * 9.4, "WEIGH", f"ball={ball:02d} mass={rng.uniform(3.583, 3.617):.3f}g tol=3.600+-0.050 ok")
    machine(B("18:53:40"), "SESSION", "ball set 5 accepted")

    def machine_draw(x0, label, balls, bonus):
        machine(x0, "DRAW", f"{label} started mix_s=30")
        y = x0 + 31
        for i, b in enumerate(balls, 1):
            y += rng.uniform(9.5, 13.5)
            machine(y, "BALL", f"{label} seq={i} ball={b:02d} rfid={b:02d} cam={b:02d} match")
        y += rng.uniform(22, 28)
        machine(y, "BALL", f"{label} seq=B ball={bonus:02d} rfid={bonus:02d} cam={bonus:02d} match")
        machine(y + 3, "DRAW", f"{label} complete")
        return y

    tests = [sorted(rng.sample(range(1, 48), 7)) for _ in range(2)]
    machine_draw(B("19:08:00"), "TEST1", tests[0][:6], tests[0][6])
    machine_draw(B("19:31:00"), "TEST2", tests[1][:6], tests[1][6])
    dms_ev(B("19:35:20"), D, "PREDRAW_TESTS_OK", machine="DM-B", ballset=5, test_draws=2)
    order = [33, 7, 41, 19, 12, 38]
    bonus_at = machine_draw(B("20:00:06"), "LIVE", order, LOTTO_BONUS)
    dms_ev(B("20:00:04"), D, "LIVE_DRAW_STARTED", machine="DM-B", ballset=5, broadcast="on air")
    dms_ev(bonus_at + 5, D, "LIVE_DRAW_COMPLETE", drawn_order=order + [LOTTO_BONUS])
    dms_ev(B("20:03:41"), D, "RESULT_ENTRY", keyer="k1:k.byrne", main=LOTTO_MAIN, bonus=LOTTO_BONUS)
    dms_ev(B("20:04:02"), D, "RESULT_ENTRY", keyer="k2:s.nolan", main=LOTTO_MAIN, bonus=42)
    dms_ev(B("20:04:02") + 0.2, D, "ENTRY_MISMATCH", field="bonus", k1=LOTTO_BONUS, k2=42, action="re-key by k2")
    dms_ev(B("20:05:18"), D, "RESULT_ENTRY", keyer="k2:s.nolan", main=LOTTO_MAIN, bonus=LOTTO_BONUS, note="re-key after mismatch")
    dms_ev(B("20:06:02"), D, "RESULTS_CERTIFIED", main=LOTTO_MAIN, bonus=LOTTO_BONUS, adjudicator="p.okafor", observer="LR-0412")
    dms_ev(B("20:06:03"), D, "RESULTS_SENT", to=["prize-engine", "ICS", "web", "broadcast"])
    machine(B("20:14:30"), "SESSION", "ball set 5 sealed and returned to vault seal=CL-88412")
    ics_line(B("20:04:30"), "RESULTS", "INFO", f"{D} observer entry 1 main=07-12-19-33-38-41 bonus=24")
    ics_line(B("20:06:10"), "RESULTS", "INFO", f"{D} DMS certified results received main=07-12-19-33-38-41 bonus=24 agree=yes")
    ics_line(B("20:06:11"), "WINDET", "INFO", f"{D} winner determination started boards={BOARDS}")
    ics_line(B("20:16:02"), "WINDET", "INFO", f"{D} winner determination finished boards={BOARDS} elapsed=591.4s")

    def lotto_run(x_start, counts, workers, version, ok, rerun_by=None):
        """A prize calculation of LOT-3127 and its reconciliation; returns the
        time of the ICS verdict."""
        if rerun_by:
            p(x_start, "INFO", "http-nio-8080-exec-2", CALC, f"prize calculation re-run requested by=backoffice:{rerun_by} reason=INC-5521", draw=D)
        else:
            p(x_start, "INFO", "results-1", RES, f"certified results received main={LOTTO_MAIN} bonus={LOTTO_BONUS}", draw=D)
        p(x_start + 0.3, "INFO", "calc-main", CALC, f"prize calculation started boards={BOARDS} workers={workers}", draw=D)
        dur = 741.0 + rng.uniform(-12, 12)
        for pct in range(10, 100, 10):
            p(x_start + 0.3 + dur * pct / 100 + rng.uniform(-2, 2), "INFO", "calc-main", CALC, f"prize calculation progress {pct}%", draw=D)
        y = x_start + 0.3 + dur
        p(y, "INFO", "calc-main", CALC, "prize calculation progress 100%", draw=D)
        for tier in TIERS:
            p(y + 0.01, "INFO", "calc-main", CALC, f"tier winners tier={tier} winners={counts[tier]}", draw=D)
        mins, s = divmod(dur, 60)
        p(y + 0.02, "INFO", "calc-main", CALC, f"prize calculation finished in PT{int(mins)}M{s:.3f}S", draw=D)
        fmt = "format=v4 " if version != "7.4.0" else ""
        p(y + 0.3, "INFO", "ics-recon-1", RECON, f"winners file sent to ICS {fmt}tiers=7 bytes={rng.randint(240, 300)}", draw=D)
        v = y + 5.6
        ics_line(v - 0.3, "RECON", "INFO", f"{D} host winners file received format={'v4' if version != '7.4.0' else 'v3'} tiers=7" + (f" sealed_sha256={sealed} match=yes" if version != "7.4.0" else ""))
        differ = [k for k in TIERS if counts[k] != truth[k]]
        for k in TIERS:
            if counts[k] == truth[k]:
                ics_line(v, "RECON", "INFO", f"{D} tier {k} winners host={counts[k]} ics={truth[k]} OK")
            else:
                ics_line(v, "RECON", "WARN", f"{D} tier {k} winners MISMATCH host={counts[k]} ics={truth[k]}")
        if ok:
            ics_line(v + 0.05, "RECON", "INFO", f"{D} reconciliation AGREED tiers=7")
            p(v + 0.4, "INFO", "ics-recon-1", RECON, "ICS reconciliation ok tiers=7", draw=D)
            p(v + 0.5, "INFO", "ics-recon-1", DECL, "prize amounts ready; awaiting declaration in back office", draw=D)
        else:
            ics_line(v + 0.05, "RECON", "ERROR", f"{D} reconciliation FAILED tiers_mismatched={len(differ)} of 7; declaration not permitted (LC 7.4)")
            for k in TIERS:
                if counts[k] != truth[k]:
                    p(v + 0.4, "WARN", "ics-recon-1", RECON, f"winner count differs from ICS tier={k} host={counts[k]} ics={truth[k]}", draw=D)
            p(v + 0.41, "ERROR", "ics-recon-1", RECON, f"ICS reconciliation failed tiers_differing={len(differ)} of 7", draw=D)
            p(v + 0.5, "WARN", "ics-recon-1", DECL, "prize declaration held reason=ICS_RECONCILIATION", draw=D)
        return v

    v1 = lotto_run(B("20:06:03") + 0.5, buggy, 12, "7.5.0", ok=False)
    stats["first_mismatch"] = v1
    dms_ev(v1 + 30, D, "PRIZES_HELD", reason="ICS reconciliation failed", notified=["draw manager", "LR observer", "broadcast"])
    dms_ev(B("20:21:40"), D, "BROADCAST_NOTE", text="Prize breakdown to follow")
    # the ICS duty operator re-checks on request
    ics_line(B("20:39:12"), "OPS", "INFO", f"{D} duty operator check: sealed file sha256 {sealed[:12]}... as received 19:45:52; observer entry bonus=24 equals DMS certified")
    v2 = lotto_run(secs(ROLLBACK) + 180, buggy, 12, "7.4.0", ok=False, rerun_by="n.gallagher")
    stats["second_mismatch"] = v2
    v3 = lotto_run(secs(FIX_SYNC) + 80, truth, 12, "7.5.1", ok=True, rerun_by="n.gallagher")
    stats["reconciled"] = v3
    p(lot_declared, "INFO", "http-nio-8080-exec-7", DECL, "prizes declared by=backoffice:d.roche observer=LR-0412", draw=D)
    dms_ev(lot_declared + 1, D, "PRIZES_DECLARED")
    ics_line(lot_declared + 20, "DECL", "INFO", f"{D} declaration notified by host; reconciliation AGREED at {iso_bst(v3, 0)[11:19]}")

    # --- Argo CD --------------------------------------------------------------
    def argo_line(x, msg, **kv):
        parts = [f"ts={iso_z(x)}", "level=info", f'msg="{msg}"']
        parts += [f"{k}={v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    for app, ns in (("prize-engine", "games"), ("terminal-gateway", "retail"), ("wager-engine", "games")):
        x = t0 + rng.uniform(0, 180)
        while x < t1:
            argo_line(x, "Reconciliation completed", application=f"argocd/{app}", comparison_level=1, dest_namespace=ns,
                      diff_ms=rng.randint(2, 9), git_ms=rng.randint(90, 300), time_ms=rng.randint(150, 420))
            x += 180 + rng.uniform(0, 12)
    for when, sha in ((CONFIG_SYNC, shas["workers"]), (ROLLBACK, shas["rollback"]), (FIX_SYNC, shas["rel_751"])):
        x = secs(when)
        argo_line(x, f"Initiated automated sync to '{sha}'", application="prize-engine", dest_namespace="games")
        argo_line(x + 2, "Applying resource StatefulSet/prize-engine in cluster: https://172.20.0.1:443, namespace: games", application="prize-engine")
        argo_line(x + 3, f"sync/1 resources done, sync to {sha[:7]} succeeded", application="prize-engine", dest_namespace="games")

    # --- retail helpdesk --------------------------------------------------------
    def ticket(x, ret, text, cat="Validation"):
        desk.add(at(x), json.dumps({"created": iso_bst(x, 0), "ticket": f"RH-{int(x) % 100000 + 300000}", "retailer": ret,
                                    "category": cat, "summary": text}, ensure_ascii=False))

    tk = [
        (B("12:14:00"), "Printer paper low warning will not clear after new roll", "Terminal"),
        (B("15:37:00"), "Scratchcard pack 1142-0088213 activation refused, pack not delivered to us", "Instants"),
        (B("17:52:00"), "Terminal slow to print Lotto tickets, queue of customers", "Terminal"),
        (B("20:31:00"), "Tonight's Lotto tickets show 'Results pending, try later' on validation", "Validation"),
        (B("20:38:00"), "Customer has 3 numbers + bonus on tonight's Lotto per the TV, terminal says Results pending", "Validation"),
        (B("20:44:00"), "All Lotto tickets from tonight: Results pending. Starball and Daily5 tickets validate fine", "Validation"),
        (B("20:52:00"), "Results pending on tonight's Lotto for 30 min now, customers leaving", "Validation"),
        (B("21:12:00"), "When will tonight's Lotto prizes be available? Shop closes 22:00", "Validation"),
        (B("21:27:00"), "Customer says 5 numbers and the bonus ball on LOT-3127, asks where to claim. Terminal: Results pending", "Validation"),
        (B("21:48:00"), "Results pending still on Lotto", "Validation"),
        (B("22:21:00"), "Lotto tickets still pending, closing shop", "Validation"),
        (B("23:04:00"), "Lotto now validating, thanks", "Validation"),
    ]
    for x, text, cat in tk:
        ticket(x, f"R{rng.randint(20000, 59999)}", text, cat)

    # --- #draw-night ------------------------------------------------------------
    users = {"niamh.gallagher": "U03NG4K7P", "declan.roche (draw ops)": "U02DR8M1Q", "aegis.duty (ICS)": "U05AD2X9T",
             "tomasz.wojcik": "U04TW6B3L", "ellen.carter": "U02EC1R5N", "pagerduty": "U01PD0000", "retail.helpdesk": "U06RH3S8D"}

    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "draw-night", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    dt_ = {k: buggy[k] - truth[k] for k in TIERS}
    say(B("11:47:30"), "niamh.gallagher", "CALC-95 (CHG-7781): prize calc workers 8 -> 12 for tonight's rollover, syncing prize-engine now")
    say(B("11:54:10"), "niamh.gallagher", "prize-engine restarted on 7.5.0 with 12 workers, all three pods ready")
    say(B("14:09:00"), "declan.roche (draw ops)", "D5-4581 declared 14:08, ICS agreed")
    say(B("18:43:00"), "declan.roche (draw ops)", "DM-B: ball set 3 failed the weight check (ball 29, 3.671 g), Patrick drew set 5 from the vault")
    say(B("19:47:30"), "declan.roche (draw ops)", f"LOT-3127 sales closed 19:45, {BOARDS:,} boards, sealed file acked by ICS. £11.4M rollover")
    say(B("20:06:40"), "declan.roche (draw ops)", "LOT-3127 certified 20:06: 07 12 19 33 38 41 bonus 24. Sinéad keyed the bonus as 42 first, re-keyed, certified with Patrick and the observer")
    say(v1 + 70, "pagerduty", f"[P1] prize-engine: ICS reconciliation failed {D} (INC-5521) - assigned to niamh.gallagher")
    say(v1 + 160, "niamh.gallagher", f"on it. ICS says 6 of 7 tiers differ for {D}, declaration held")
    say(B("20:26:30"), "declan.roche (draw ops)", "broadcast went with 'prize breakdown to follow'. regulator's observer informed. we need prizes declared tonight")
    say(B("20:31:00"), "niamh.gallagher", "runbook: sealed file or results entry. our sealed sha256 matches the ICS's. the bonus was mis-keyed as 42 by keyer 2 - @aegis.duty (ICS) which bonus did your observer key?")
    say(B("20:39:40"), "aegis.duty (ICS)", "observer keyed 07-12-19-33-38-41 bonus 24 at 20:04, same as DMS certified. sealed file is the one received 19:45:52. our determination finished 20:16 and is what we compare against")
    say(B("20:44:00"), "retail.helpdesk", "lots of calls: tonight's Lotto tickets say 'Results pending'. Starball and Daily5 validate")
    say(B("20:47:20"), "niamh.gallagher", f"so it's our counts. 7.5.0 went out Friday: ICS-88 (the winners file in Aegis v4) - tonight is the first Lotto on it. and the workers went to 12 at noon. our tiers: {', '.join(f'{k} {buggy[k]}' for k in TIERS)}")
    say(B("20:52:10"), "ellen.carter", "emergency change approved: roll back to 7.4.0 (v3 file) and re-run the calculation")
    say(B("20:58:40"), "niamh.gallagher", "pinning 7.4.0 in deploy/, Argo will sync")
    say(secs(ROLLBACK) + 75, "niamh.gallagher", f"7.4.0 running, re-running {D}, ~12 min")
    say(B("21:09:20"), "declan.roche (draw ops)", "D5-4582 declared 21:08, ICS agreed")
    say(v2 + 40, "niamh.gallagher", "ICS mismatch again on 7.4.0 with the v3 file, exactly the same counts. not the file format. paging @tomasz.wojcik")
    say(v2 + 500, "tomasz.wojcik", "here")
    say(v2 + 900, "tomasz.wojcik", f"ours vs ICS: 5+B {buggy['5+B']} vs {truth['5+B']}, 4+B {buggy['4+B']} vs {truth['4+B']}, 3+B {buggy['3+B']} vs {truth['3+B']}. and 5, 4, 3 are up by exactly those ({dt_['5']:+d}, {dt_['4']:+d}, {dt_['3']:+d}). we never match the bonus ball")
    say(v2 + 1320, "tomasz.wojcik", "found it. GAME-412 (Thursday, 7.4.0): BoardMatcher matches the bonus against the board's extras for every game. Starball's Starball is an extra, that's why Friday reconciled. a Lotto board has no extras: its bonus ball is matched with one of its six. mine, sorry")
    say(v2 + 1420, "niamh.gallagher", "so every 5+B, 4+B and 3+B winner would have been paid a tier down. nothing paid, the declaration was held")
    say(B("21:58:30"), "tomasz.wojcik", "GAME-419: MAIN_POOL bonus matched against the board's main numbers, tests for 5+B and 3+B. @ellen.carter 7.5.1?")
    say(B("22:15:00"), "ellen.carter", "7.5.1 tagged, CHG-7790 approved")
    say(secs(FIX_SYNC) + 70, "niamh.gallagher", f"7.5.1 synced 22:30, re-running {D}")
    say(v3 + 50, "niamh.gallagher", "ICS reconciliation OK, all 7 tiers")
    say(lot_declared + 40, "declan.roche (draw ops)", "LOT-3127 prizes declared 22:58 with the observer. web and terminals updated")
    say(lot_declared + 600, "niamh.gallagher", "validations paying. closing INC-5521, postmortem Monday")
    return [pe, ics, dm, dms, gw, argo, desk, slack], stats


def build(out_dir):
    rng = random.Random(92100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_mismatch"]).replace(microsecond=0)
        assert local("2026-10-17 20:18:00") < onset < local("2026-10-17 20:19:30"), onset
        culprit_at = local("2026-10-15 11:24:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        truth, buggy = stats["truth"], stats["buggy"]
        return write_scenario(
            out_dir, name="r92-bonus-ball-board-extras", service=SERVICE, onset=onset,
            description=f"""
Corrig Lotteries cannot declare the prizes of Saturday's Lotto draw
LOT-3127 on 17 October 2026: at 20:18 BST ({onset.strftime('%H:%M:%S')} UTC) the regulator's
Independent Control System (ICS) reports that prize-engine's winner counts
differ from its own in six of the seven prize tiers, the declaration is
held, the broadcast says "prize breakdown to follow" and every retailer
terminal answers "Results pending" for the night's Lotto tickets.
prize-engine 7.5.0 (released on Friday) was rolled back to 7.4.0 at 21:01
without effect; 7.5.1 was synced at 22:30, the rerun reconciled at 22:44
and prizes were declared at 22:58. Times in the ICS, draw machine and draw
management logs are BST (+01:00).
""",
            logs=logs,
            line_formats={
                "prize-engine.log": r'<Date> <Time>\s+<Level>\s+\[<Thread>\] <Logger> \[<Draw>\] <Content>',
                "ics-sentinel.log": r'<Time> <Node> <Module> <Level> <Content>',
                "draw-machine-dm-b.log": r'<Date> <Time> <Machine> <BallSet> <Kind> <Content>',
            },
            repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'winner count differs from ICS',
                r'tier .* winners MISMATCH',
            ],
            fix_files=["src/main/java/com/corrig/prize/match/BoardMatcher.java"],
            explanation=f"""
The culprit is GAME-412 ("match: one table-driven BoardMatcher for every
game"), committed on Thursday 15 October at 11:24 BST and released in 7.4.0
that afternoon, {hours:.1f} hours before the onset. It replaces the per-game
matchers with one BoardMatcher that matches the bonus against the board's
extra numbers for every game. Starball's Starball is picked separately and
is an extra, so Friday's Starball draw reconciled; Lotto's bonus ball is
drawn from the same machine and a board matches it with one of its own six
numbers, and a Lotto board has no extras, so no board matches the bonus
ball any more. The first Lotto draw after it, Saturday's LOT-3127, counts
no 5+B, 4+B or 3+B winner and each of them one tier down (5+B
{buggy['5+B']} / ICS {truth['5+B']}, 5 {buggy['5']} / {truth['5']}, 4+B {buggy['4+B']} / {truth['4+B']}, 4 {buggy['4']} / {truth['4']}, 3+B {buggy['3+B']} / {truth['3+B']},
3 {buggy['3']} / {truth['3']}): "winner count differs from ICS" in prize-engine's log and
"winners MISMATCH" in the ICS's, and the declaration is held (licence
condition 7.4). The rollback to 7.4.0 keeps the culprit and the rerun
differs in the same way. The fix (GAME-419) matches a main-pool bonus with
the board's main numbers, in the culprit's file.
Decoys: 7.5.0, released on Friday and running since (ICS-88, the winners
file in Aegis's interface v4, with the ICS as the failing party; VAL-207,
which adds the very "validation deferred: prizes not declared" warning that
fills the log after the draw; PERF-12 in the culprit's file; a Spring Boot
bump), rolled back to 7.4.0 without effect (the warnings go, the mismatch
stays); the workers change (CALC-95) synced by Argo 8 hours before, whose
restart lines name 7.5.0's commit; Wednesday's runbook commit that reads a
mismatch as a different sealed file or a results entry error and says to
roll back a release; the keyer's mis-keyed bonus (42 for 24), corrected
before certification; ball set 3 rejected on the weight check; two Daily5
draws and Friday's Starball that reconcile; the retail helpdesk's "Results
pending" tickets.
""",
        )
    finally:
        repo.close()
