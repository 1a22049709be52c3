"""ts43-entitlement (Kotlin 2.0, Spring Boot 3.3 on Java 21, three VMs behind
a pair of HAProxy load balancers; released by a Jenkins job that runs
deploy/deploy.sh, which rsyncs the build to each VM and restarts the
systemd unit one VM at a time) of Calima Móvil, a Spanish mobile
operator: the GSMA TS.43 entitlement server that phones, watches and the
device vendor's entitlement server call to switch on VoWiFi (ap2004), to
add a watch's eSIM (ODSA companion, ap2006) and to move an eSIM to a new
phone (ODSA primary, ap2009). After EAP-AKA, every answer that hands out
a token or an eSIM download (the SM-DP+ address and activation code) is
signed (JWS, RS256) with a key in the operator's HSMs: two Luna Network
HSM 7 appliances (hsm-mad-1, hsm-mad-2) whose partitions form the HA
group ENT_HA in the Luna client on each VM, which load-balances
signatures across both members. The appliances belong to the Security
Engineering team.

On Thursday 19 November Security Engineering updates hsm-mad-2's firmware
to 7.8.4 (CHG-22817, announced in their channel, not to the entitlement
team). The appliance goes down at 14:33; the Luna clients drop it from
ENT_HA and sign on hsm-mad-1 alone, as designed. It comes back at 14:52
with its partition ts43_ent deactivated: the firmware update clears the
partition's activation, which needs the crypto officer's challenge to be
entered again. The Luna clients' HA auto-recovery reintroduces the member
at 14:53 (the NTLS link is up), and from then about half of the
signatures (the HA group's load balancing) go to a partition that
refuses them: the app logs "token signing failed ...
CKR_USER_NOT_LOGGED_IN" with a PKCS11Exception, and the request is
answered 500, so watches cannot be added, eSIM transfers fail and VoWiFi
activations fail half the time. Nothing in ts43-entitlement's repository
caused it.

ts43-entitlement 2026.11.19-1 was released at 14:27, 26 minutes before
the onset: it doubles the PKCS#11 session pool, signs through the
SunPKCS11 Signature directly (CAL-5131), and contains Wednesday's commit
that logs the PKCS#11 return value, slot and token label of a failed
signature (CAL-5140). The on-call rolls it back at 15:05 without effect
(the failures are then logged without the return value). At 15:27
Security Engineering, asked in their channel, find the partition
deactivated and activate it at 15:29; the errors stop. The release goes
out again at 15:46.

Decoys: the release 26 minutes before (HSM session pool and signing
code); the logging commit (the failure line with CKR_USER_NOT_LOGGED_IN
is new in that release); a Bouncy Castle bump; an ODSA ap2009 commit;
HA failover warnings at 14:33 (retried, harmless); routine re-logins
after CKR_SESSION_HANDLE_INVALID, AKA resync failures, UDM timeouts,
invalid tokens. Sources: the app (Logback with the host, line format,
Java stack traces), HAProxy (syslog RFC 3164, httplog), the VMs' and the
deploy host's syslog (RFC 3164: the deploy, sshd, systemd, the Luna
client's HA log, cron), the HSM appliances (syslog RFC 5424) and the
#ent-oncall and #sec-eng-hsm channels (chat export)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "ts43-entitlement"
START, END = utc("2026-11-19 12:20:00"), utc("2026-11-19 16:05:00")
RELEASE = utc("2026-11-19 14:27:05")
HSM_DOWN = utc("2026-11-19 14:33:12")
HSM_UP = utc("2026-11-19 14:52:47")
RECOVER = utc("2026-11-19 14:53:08")
ROLLBACK = utc("2026-11-19 15:05:30")
ACTIVATE = utc("2026-11-19 15:29:41")
RERELEASE = utc("2026-11-19 15:46:10")
VMS = [("ent-app-1", "10.41.8.21"), ("ent-app-2", "10.41.8.22"), ("ent-app-3", "10.41.8.23")]
SERIAL1, SERIAL2 = "1543871021", "1543871388"

SIGNER_OLD = '''package es.calima.ts43.token

import java.security.KeyStore
import java.security.PrivateKey
import java.security.Signature
import org.slf4j.LoggerFactory
import org.springframework.stereotype.Component

/** Signs tokens and ODSA answers (JWS RS256) with the entitlement key in the Luna HA group. */
@Component
class HsmTokenSigner(private val keyStore: KeyStore, private val props: HsmProperties) {
    private val log = LoggerFactory.getLogger(javaClass)

    fun sign(signingInput: ByteArray): ByteArray {
        val key = keyStore.getKey(props.keyAlias, null) as PrivateKey
        return try {
            Signature.getInstance("SHA256withRSA", props.provider).run {
                initSign(key)
                update(signingInput)
                sign()
            }
        } catch (e: Exception) {
            log.error("token signing failed", e)
            throw SigningException(e)
        }
    }
}
'''

CONTROLLER = '''package es.calima.ts43.odsa

import es.calima.ts43.token.HsmTokenSigner
import org.springframework.web.bind.annotation.*

@RestController
@RequestMapping("/ts43/v1/odsa")
class OdsaController(private val signer: HsmTokenSigner, private val smdp: SmdpClient) {

    @PostMapping(params = ["app=ap2006"])
    fun manageSubscription(@RequestBody req: ManageSubscriptionRequest): OdsaResponse {
        val download = smdp.downloadInfo(req.companionTerminalEid, req.companionTerminalIccid)
        return OdsaResponse.signed(signer, req, download)
    }
}
'''

APPLICATION_YML = '''server:
  port: 8443
  ssl:
    key-store: /etc/ts43-entitlement/tls.p12
ts43:
  udm-url: https://udm-aka.core.calima.es/nudm-ueau/v1
  smdp-address: rsp.calima.es
  token-ttl: 24h
hsm:
  provider: SunPKCS11-Luna
  pkcs11-config: /etc/ts43-entitlement/luna-pkcs11.cfg
  key-alias: ts43-jws-2026
  session-pool: 8
'''


def build_repo():
    lucia = Person("Lucía Ortega", "lucia.ortega@calima.es", 60)
    jordi = Person("Jordi Puig", "jordi.puig@calima.es", 60)
    ana = Person("Ana Ferreira", "ana.ferreira@calima.es", 0)
    vikram = Person("Vikram Iyer", "vikram.iyer@calima.es", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("ts43-entitlement", "Calima Móvil's GSMA TS.43 entitlement server: VoWiFi (ap2004), ODSA companion\n(ap2006) and ODSA primary (ap2009) for phones, watches and the device vendor's\nentitlement server. Tokens and ODSA answers are signed in the Luna HSMs.", "./gradlew bootRun --args='--spring.profiles.active=local'"),
        "docs/runbook.md": runbook("ts43-entitlement", [
            ("Ts43Errors", "Look at the app's ERROR lines by logger. AKA failures are the UDM's; signing\nfailures are the HSM group's (Luna client: /usr/safenet/lunaclient/bin/lunacm,\nhagroup listgroups)."),
            ("HsmLatency", "Signing above 200 ms: check both HSM members and the NTLS links."),
        ]),
        "settings.gradle.kts": 'rootProject.name = "ts43-entitlement"\n',
        "build.gradle.kts": 'plugins {\n    kotlin("jvm") version "2.0.21"\n    kotlin("plugin.spring") version "2.0.21"\n    id("org.springframework.boot") version "3.3.5"\n}\n\ndependencies {\n    implementation("org.springframework.boot:spring-boot-starter-web")\n    implementation("org.bouncycastle:bcpkix-jdk18on:1.78.1")\n    implementation("com.nimbusds:nimbus-jose-jwt:9.41.2")\n    testImplementation("org.springframework.boot:spring-boot-starter-test")\n}\n',
        "src/main/kotlin/es/calima/ts43/Application.kt": 'package es.calima.ts43\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\n\n@SpringBootApplication\nclass EntitlementApplication\n\nfun main(args: Array<String>) {\n    runApplication<EntitlementApplication>(*args)\n}\n',
        "src/main/kotlin/es/calima/ts43/token/HsmTokenSigner.kt": SIGNER_OLD,
        "src/main/kotlin/es/calima/ts43/token/HsmProperties.kt": 'package es.calima.ts43.token\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\n\n@ConfigurationProperties("hsm")\ndata class HsmProperties(val provider: String, val pkcs11Config: String, val keyAlias: String, val sessionPool: Int = 8)\n',
        "src/main/kotlin/es/calima/ts43/odsa/OdsaController.kt": CONTROLLER,
        "src/main/kotlin/es/calima/ts43/vowifi/VowifiController.kt": 'package es.calima.ts43.vowifi\n\nimport org.springframework.web.bind.annotation.*\n\n@RestController\n@RequestMapping("/ts43/v1")\nclass VowifiController(private val config: VowifiConfig) {\n    @GetMapping(params = ["app=ap2004"])\n    fun entitlement(@RequestParam("token") token: String?) = config.forToken(token)\n}\n',
        "src/main/resources/application.yml": APPLICATION_YML,
        "config/luna-pkcs11.cfg": "name = Luna\nlibrary = /usr/safenet/lunaclient/lib/libCryptoki2_64.so\nslot = 0\nattributes(*,CKO_PRIVATE_KEY,*) = {\n  CKA_TOKEN = true\n  CKA_SIGN = true\n}\n",
        "deploy/deploy.sh": "#!/bin/bash\n# deploy.sh RELEASE [rollback]: rsync build/RELEASE to each VM and restart, one at a time.\nset -euo pipefail\nREL=$1\nfor vm in ent-app-1 ent-app-2 ent-app-3; do\n  logger -t deploy-ts43 \"$vm: draining\"\n  echo \"disable server be_ts43/$vm\" | socat stdio /run/haproxy/admin.sock\n  rsync -a --delete \"build/$REL/\" \"deploy@$vm:/opt/ts43-entitlement/releases/$REL/\"\n  ssh \"deploy@$vm\" \"ln -sfn releases/$REL /opt/ts43-entitlement/current && sudo systemctl restart ts43-entitlement\"\n  ./deploy/wait-healthy.sh \"$vm\"\n  echo \"enable server be_ts43/$vm\" | socat stdio /run/haproxy/admin.sock\ndone\n",
        "deploy/ts43-entitlement.service": "[Unit]\nDescription=Calima TS.43 entitlement server\nAfter=network-online.target\n\n[Service]\nUser=ts43\nEnvironmentFile=/opt/ts43-entitlement/current/release.env\nExecStart=/usr/bin/java -Xmx1g -jar /opt/ts43-entitlement/current/ts43-entitlement.jar\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n",
        "Jenkinsfile": "pipeline {\n  agent { label 'ent-deploy' }\n  parameters { string(name: 'RELEASE') }\n  stages {\n    stage('build') { steps { sh './gradlew bootJar && ./deploy/package.sh $RELEASE' } }\n    stage('deploy') { steps { sh './deploy/deploy.sh $RELEASE' } }\n  }\n}\n",
    }
    repo.commit(utc("2026-11-13 09:10:00"), lucia, "ts43-entitlement: VoWiFi and ODSA companion behind EAP-AKA, JWS signing in the Luna HA group", files)
    repo.schedule(chores(random.Random(32201), SERVICE, [lucia, ana, jordi], utc("2026-11-13 09:10:00"), utc("2026-11-18 09:00:00"), 3))
    repo.commit(utc("2026-11-16 15:20:00"), vikram, "vowifi: return the emergency address URL in ap2004 answers (CAL-5088)", {
        "src/main/kotlin/es/calima/ts43/vowifi/VowifiController.kt": repo.edit("src/main/kotlin/es/calima/ts43/vowifi/VowifiController.kt", "fun entitlement(@RequestParam(\"token\") token: String?) = config.forToken(token)", "fun entitlement(@RequestParam(\"token\") token: String?) =\n        config.forToken(token).withAddressUrl(config.emergencyAddressUrl)"),
    })
    released_tue = repo.commit(utc("2026-11-17 10:05:00"), ana, "odsa: accept ap2009 primary-device transfer requests (CAL-5103)", {
        "src/main/kotlin/es/calima/ts43/odsa/OdsaController.kt": repo.edit("src/main/kotlin/es/calima/ts43/odsa/OdsaController.kt", "        return OdsaResponse.signed(signer, req, download)\n    }\n",
            "        return OdsaResponse.signed(signer, req, download)\n    }\n\n    @PostMapping(params = [\"app=ap2009\"])\n    fun transferSubscription(@RequestBody req: TransferRequest): OdsaResponse {\n        val download = smdp.transferInfo(req.oldIccid, req.newTerminalEid)\n        return OdsaResponse.signed(signer, req, download)\n    }\n"),
    })
    repo.commit(utc("2026-11-18 11:30:00"), jordi, "hsm: log the PKCS#11 return value, slot and token label when signing fails (CAL-5140)\n\nA bare 'token signing failed' with a wrapped exception told us nothing\nin last month's HSM maintenance.", {
        "src/main/kotlin/es/calima/ts43/token/HsmTokenSigner.kt": repo.edit("src/main/kotlin/es/calima/ts43/token/HsmTokenSigner.kt",
            '            log.error("token signing failed", e)\n',
            '            val rv = (e as? sun.security.pkcs11.wrapper.PKCS11Exception)?.errorCode?.let { PKCS11Codes.name(it) } ?: e.javaClass.simpleName\n            log.error("token signing failed rv={} slot={} label={} alias={}", rv, props.slot, props.tokenLabel, props.keyAlias, e)\n'),
        "src/main/kotlin/es/calima/ts43/token/HsmProperties.kt": repo.edit("src/main/kotlin/es/calima/ts43/token/HsmProperties.kt", "val sessionPool: Int = 8)", "val sessionPool: Int = 8, val slot: Int = 0, val tokenLabel: String = \"ENT_HA\")"),
    })
    repo.commit(utc("2026-11-18 16:02:00"), bot, "Bump org.bouncycastle:bcpkix-jdk18on from 1.78.1 to 1.79", {
        "build.gradle.kts": repo.edit("build.gradle.kts", "bcpkix-jdk18on:1.78.1", "bcpkix-jdk18on:1.79"),
    })
    repo.commit(utc("2026-11-19 08:40:00"), lucia, "hsm: session pool 8 -> 16; sign through the SunPKCS11 Signature without the keystore lookup per call (CAL-5131)\n\nBlack Friday week: p99 signing was 140 ms with 8 sessions at Monday's\npeak, most of it waiting for a session.", {
        "src/main/resources/application.yml": repo.edit("src/main/resources/application.yml", "  session-pool: 8\n", "  session-pool: 16\n"),
        "src/main/kotlin/es/calima/ts43/token/HsmTokenSigner.kt": repo.edit("src/main/kotlin/es/calima/ts43/token/HsmTokenSigner.kt",
            "    fun sign(signingInput: ByteArray): ByteArray {\n        val key = keyStore.getKey(props.keyAlias, null) as PrivateKey\n",
            "    private val key: PrivateKey by lazy { keyStore.getKey(props.keyAlias, null) as PrivateKey }\n\n    fun sign(signingInput: ByteArray): ByteArray {\n"),
        "config/luna-pkcs11.cfg": repo.files["config/luna-pkcs11.cfg"] + "# sessions are pooled by the provider; keep in step with hsm.session-pool\nhandleStartupException = false\n",
    })
    repo.commit(utc("2026-11-19 11:10:00"), ana, "docs: ODSA error codes we answer and what they mean", {
        "docs/odsa-errors.md": "# ODSA answers\n\n- 1000 ok\n- 6000 service not entitled\n- 6001 AKA failed (the UDM)\n- 6002 server error (signing, SM-DP+)\n",
    })
    head = repo.commit(utc("2026-11-19 12:55:00"), jordi, "test: token signer surfaces CKR_SESSION_HANDLE_INVALID as SigningException", {
        "src/test/kotlin/es/calima/ts43/token/HsmTokenSignerTest.kt": 'package es.calima.ts43.token\n\nimport org.junit.jupiter.api.Test\nimport org.junit.jupiter.api.assertThrows\n\nclass HsmTokenSignerTest {\n    @Test\n    fun `invalid session surfaces as SigningException`() {\n        val signer = HsmTokenSigner(FakeKeyStore.failing("CKR_SESSION_HANDLE_INVALID"), HsmProperties("Fake", "", "k"))\n        assertThrows<SigningException> { signer.sign(byteArrayOf(1)) }\n    }\n}\n',
    })
    return repo, released_tue, head


# ---------------------------------------------------------------------------
# logs


def logback(t, level, host, thread, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"{stamp} {level:<5} [{host}] [{thread}] {logger} - {msg}"


def sys3164(t, host, tag, pid, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}[{pid}]: {msg}" if pid is not None else f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}: {msg}"


def sys5424(t, pri, host, app, procid, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"<{pri}>1 {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {host} {app} {procid} - - {msg}"


def haproxy(t, client, vm, tt, status, size, req, term="----"):
    t = t.astimezone(dt.timezone.utc)
    accept = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return (f"{client}:{40000 + (sum(map(ord, client + accept)) * 7919) % 25000} [{accept}] fe_ts43~ be_ts43/{vm} 0/0/1/{max(tt - 2, 0)}/{tt} {status} {size} - - {term} "
            f"{180 + tt % 60}/{170 + tt % 50}/{9 + tt % 7}/{3 + tt % 3}/0 0/0 \"{req}\"")


def build_logs(rng, released_tue, head):
    app, lb, sysl, hsm, chat = (Log("ts43-entitlement.log"), Log("haproxy.log"), Log("syslog.log"),
                                Log("hsm-appliances.log"), Log("chat.log"))
    errors_at = []
    stats = {"ok": [], "err": []}

    # ---- releases (rolling)
    per_vm = {vm: [(START - dt.timedelta(days=2), "2026.11.17-1", released_tue, False)] for vm, _ in VMS}
    down = []  # (vm, from, to)

    def release(when, rel, sha, logging, kind):
        dpid = rng.randint(30000, 39999)
        sysl.add(when, sys3164(when, "ent-deploy-1", "deploy-ts43", dpid, f"{kind} {rel} (git {sha[:10]}) started by jenkins job ts43-entitlement-deploy #{rng.randint(300, 399)} user={'lucia.ortega' if kind == 'release' else 'jordi.puig'}"))
        t = when + dt.timedelta(seconds=1.5)
        for vm, vip in VMS:
            sysl.add(t, sys3164(t, "ent-deploy-1", "deploy-ts43", dpid, f"{vm}: draining"))
            lb.add(t + dt.timedelta(seconds=0.2), sys3164(t + dt.timedelta(seconds=0.2), "ent-lb-1", "haproxy", 2211, f"Server be_ts43/{vm} is going DOWN for maintenance. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
            t += dt.timedelta(seconds=3)
            sysl.add(t, sys3164(t, vm, "sshd", rng.randint(100000, 199999), f"Accepted publickey for deploy from 10.41.8.5 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q8Zt{hexid(rng, 12)}"))
            t += dt.timedelta(seconds=2.2)
            sysl.add(t, sys3164(t, "ent-deploy-1", "deploy-ts43", dpid, f"{vm}: rsync build/{rel}/ -> /opt/ts43-entitlement/releases/{rel}/ ({rng.randint(61, 63)}.{rng.randint(0, 9)} MB)"))
            t += dt.timedelta(seconds=1.1)
            sysl.add(t, sys3164(t, vm, "sudo", None, f"  deploy : PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart ts43-entitlement"))
            sysl.add(t, sys3164(t, vm, "systemd", 1, "Stopping ts43-entitlement.service - Calima TS.43 entitlement server..."))
            t += dt.timedelta(seconds=1.4)
            sysl.add(t, sys3164(t, vm, "systemd", 1, "ts43-entitlement.service: Deactivated successfully."))
            sysl.add(t, sys3164(t, vm, "systemd", 1, "Stopped ts43-entitlement.service - Calima TS.43 entitlement server."))
            sysl.add(t, sys3164(t, vm, "systemd", 1, "Started ts43-entitlement.service - Calima TS.43 entitlement server."))
            pid = rng.randint(200000, 299999)
            s = t + dt.timedelta(seconds=1.9)
            app.add(s, logback(s, "INFO", vm, "main", "es.calima.ts43.EntitlementApplicationKt", f"Starting EntitlementApplicationKt v{rel} using Java 21.0.5 with PID {pid} (/opt/ts43-entitlement/releases/{rel}/ts43-entitlement.jar started by ts43 in /opt/ts43-entitlement)"))
            s += dt.timedelta(seconds=0.1)
            app.add(s, logback(s, "INFO", vm, "main", "es.calima.ts43.BuildInfo", f"ts43-entitlement release={rel} git={sha} built=2026-11-{19 if rel.startswith('2026.11.19') else 17}"))
            s += dt.timedelta(seconds=2.6)
            pool = 16 if rel.startswith("2026.11.19") else 8
            app.add(s, logback(s, "INFO", vm, "main", "es.calima.ts43.token.HsmConfiguration", f"PKCS#11 provider SunPKCS11-Luna loaded: slot 0 label ENT_HA (HA group, 2 members), key ts43-jws-2026, session pool {pool}"))
            s += dt.timedelta(seconds=3.8)
            app.add(s, logback(s, "INFO", vm, "main", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8443 (https) with context path '/'"))
            app.add(s + dt.timedelta(milliseconds=20), logback(s + dt.timedelta(milliseconds=20), "INFO", vm, "main", "es.calima.ts43.EntitlementApplicationKt", f"Started EntitlementApplicationKt in {8.4 + rng.random():.3f} seconds (process running for {9.1 + rng.random():.3f})"))
            t = s + dt.timedelta(seconds=4)
            sysl.add(t, sys3164(t, "ent-deploy-1", "deploy-ts43", dpid, f"{vm}: healthy (GET /actuator/health 200), enabling"))
            lb.add(t + dt.timedelta(seconds=0.3), sys3164(t + dt.timedelta(seconds=0.3), "ent-lb-1", "haproxy", 2211, f"Server be_ts43/{vm} is UP (leaving forced maintenance)."))
            down.append((vm, t - dt.timedelta(seconds=11), t))
            per_vm[vm].append((s, rel, sha, logging))
            t += dt.timedelta(seconds=2)
        sysl.add(t, sys3164(t, "ent-deploy-1", "deploy-ts43", dpid, f"{kind} {rel} done on 3/3 VMs in {int((t - when).total_seconds())}s"))

    release(RELEASE, "2026.11.19-1", head, True, "release")
    release(ROLLBACK, "2026.11.17-1", released_tue, False, "rollback to")
    release(RERELEASE, "2026.11.19-1", head, True, "release")

    def running(vm, t):
        cur = per_vm[vm][0]
        for item in per_vm[vm]:
            if item[0] <= t:
                cur = item
        return cur

    def up_vms(t):
        return [vm for vm, _ in VMS if not any(v == vm and a <= t < b for v, a, b in down)]

    # ---- which HSM member a signature goes to
    def member_broken(t):
        return RECOVER <= t < ACTIVATE

    # ---- the HSM appliances
    def hsmlog(t, host, app_name, procid, msg, pri=134):
        hsm.add(t, sys5424(t, pri, host, app_name, procid, msg))

    for host in ("hsm-mad-1", "hsm-mad-2"):
        t = START + dt.timedelta(seconds=rng.uniform(20, 60))
        while t < END:
            if host == "hsm-mad-2" and HSM_DOWN - dt.timedelta(minutes=2) <= t < HSM_UP + dt.timedelta(minutes=1):
                t += dt.timedelta(minutes=5)
                continue
            hsmlog(t, host, "hsm_monitor", "1822", f"HSM status: ok; temperature {rng.randint(38, 44)}C; fans ok; PSU 1 ok, PSU 2 ok; partitions 3; objects {rng.randint(140, 146)}")
            t += dt.timedelta(minutes=5)
        for x in poisson_times(rng, START, END, 0.35):
            if host == "hsm-mad-2" and HSM_DOWN - dt.timedelta(minutes=2) <= x < HSM_UP:
                continue
            c = rng.choice(VMS + [("pay-tok-1", "10.41.9.31"), ("pay-tok-2", "10.41.9.32")])
            hsmlog(x, host, "NTLS", str(rng.randint(2000, 2999)), f"Info : 0 : Incoming connection request... : {c[1]}/{rng.randint(40000, 60000)}")
            hsmlog(x + dt.timedelta(milliseconds=30), host, "NTLS", str(rng.randint(2000, 2999)), f"Info : 0 : Client {c[0]}.calima.internal connected, NTLS link established (TLSv1.3)")
        for x in poisson_times(rng, START, END, 0.02):
            hsmlog(x, host, "sshd", str(rng.randint(9000, 9999)), f"Accepted password for monitor from 10.41.1.{rng.randint(10, 20)} port {rng.randint(40000, 60000)} ssh2")
    # the firmware update of hsm-mad-2 (CHG-22817)
    seq = [
        (utc("2026-11-19 14:29:02"), "lunash", "4417", "User admin logged in from 10.41.1.14 (session 8812)", 133),
        (utc("2026-11-19 14:30:15"), "lunash", "4417", "package verify: lunahsm_fw_7.8.4-21.spkg signature ok", 134),
        (utc("2026-11-19 14:31:40"), "lunash", "4417", "hsm update firmware: updating HSM firmware from 7.7.1 to 7.8.4, HSM will restart", 132),
        (utc("2026-11-19 14:33:05"), "kernel", "-", "reboot: Restarting system", 130),
        (utc("2026-11-19 14:51:58"), "kernel", "-", "Linux version 5.14.0-427.luna (builder@thales) #1 SMP", 134),
        (utc("2026-11-19 14:52:31"), "hsm_init", "1011", "HSM firmware 7.8.4 running, HSM serial 1543871388 in operational state", 134),
        (utc("2026-11-19 14:52:33"), "hsm_init", "1011", "Partition ts43_ent (1543871388) activation required after firmware update: partition is not activated", 131),
        (utc("2026-11-19 14:52:33"), "hsm_init", "1011", "Partition paytok (1543871390) activation required after firmware update: partition is not activated", 131),
        (utc("2026-11-19 14:52:41"), "NTLS", "2002", "Info : 0 : NTLS service started on 0.0.0.0:1792", 134),
        (utc("2026-11-19 14:55:40"), "lunash", "4417", "hsm update firmware: done, firmware 7.8.4", 134),
        (utc("2026-11-19 14:56:02"), "lunash", "4417", "User admin logged out (session 8812)", 134),
        (utc("2026-11-19 15:27:50"), "lunash", "5120", "User admin logged in from 10.41.1.14 (session 8830)", 133),
        (utc("2026-11-19 15:29:12"), "lunash", "5120", "partition activate -partition ts43_ent: crypto officer challenge accepted", 134),
        (ACTIVATE, "hsm_partition", "1011", "Partition ts43_ent (1543871388) activated", 134),
        (utc("2026-11-19 15:30:40"), "lunash", "5120", "partition activate -partition paytok: crypto officer challenge accepted", 134),
        (utc("2026-11-19 15:30:41"), "hsm_partition", "1011", "Partition paytok (1543871390) activated", 134),
    ]
    for x, a, p, m, pri in seq:
        hsmlog(x, "hsm-mad-2", a, p, m, pri)
    for vm, vip in VMS + [("pay-tok-1", "10.41.9.31")]:
        x = HSM_UP + dt.timedelta(seconds=rng.uniform(16, 22))
        hsmlog(x, "hsm-mad-2", "NTLS", str(rng.randint(2000, 2999)), f"Info : 0 : Client {vm}.calima.internal connected, NTLS link established (TLSv1.3)")

    # the Luna clients' HA log on the VMs
    for vm, vip in VMS:
        lpid = {"ent-app-1": 1180, "ent-app-2": 1177, "ent-app-3": 1191}[vm]
        x = HSM_DOWN + dt.timedelta(seconds=rng.uniform(1, 4))
        sysl.add(x, sys3164(x, vm, "LunaHA", lpid, f"HA group ENT_HA: member {SERIAL2} (hsm-mad-2) unreachable, removing from the active set; 1 of 2 members active"))
        t = x + dt.timedelta(seconds=60)
        while t < HSM_UP + dt.timedelta(seconds=18):
            sysl.add(t, sys3164(t, vm, "LunaHA", lpid, f"HA group ENT_HA: recovery attempt for member {SERIAL2} failed (connection refused)"))
            t += dt.timedelta(seconds=60)
        y = RECOVER + dt.timedelta(milliseconds=rng.randint(50, 900))
        sysl.add(y, sys3164(y, vm, "LunaHA", lpid, f"HA group ENT_HA: member {SERIAL2} (hsm-mad-2) recovered, reintroduced to the active set; 2 of 2 members active"))
    # HSM rejections logged by the appliance (rate-limited per client)
    rejects = {}

    # ---- traffic
    def client_ip():
        return rng.choice([f"83.{rng.randint(32, 63)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"88.{rng.randint(0, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"17.{rng.randint(120, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"10.200.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def thread():
        return f"https-jsse-nio-8443-exec-{rng.randint(1, 64)}"

    def trace(vm, rel_sha, logging, app_id, rv):
        rel_line = 58 if logging else 52
        frames = [
            f"sun.security.pkcs11.wrapper.PKCS11Exception: {rv}",
            "\tat jdk.crypto.cryptoki/sun.security.pkcs11.wrapper.PKCS11.C_SignFinal(Native Method)",
            "\tat jdk.crypto.cryptoki/sun.security.pkcs11.P11Signature.engineSign(P11Signature.java:645)",
            "\tat java.base/java.security.Signature$Delegate.engineSign(Signature.java:1418)",
            "\tat java.base/java.security.Signature.sign(Signature.java:713)",
            f"\tat es.calima.ts43.token.HsmTokenSigner.sign(HsmTokenSigner.kt:{rel_line - 32})",
            "\tat es.calima.ts43.odsa.OdsaResponse$Companion.signed(OdsaResponse.kt:41)" if app_id != "ap2004" else "\tat es.calima.ts43.token.TokenService.issue(TokenService.kt:37)",
            {"ap2006": "\tat es.calima.ts43.odsa.OdsaController.manageSubscription(OdsaController.kt:14)",
             "ap2009": "\tat es.calima.ts43.odsa.OdsaController.transferSubscription(OdsaController.kt:20)",
             "ap2004": "\tat es.calima.ts43.vowifi.VowifiController.entitlement(VowifiController.kt:10)"}[app_id],
            "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
            "\t... 48 common frames omitted",
        ]
        return "\n".join(frames)

    def rate(t):
        base = 24.0
        if utc("2026-11-19 13:00:00") <= t < utc("2026-11-19 15:00:00"):
            base = 27.0
        return base

    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        for x in poisson_times(rng, t, nxt, rate(t)):
            live = up_vms(x)
            vm = rng.choice(live)
            _, rel, sha, logging = running(vm, x)
            k = rng.random()
            if k < 0.62:
                app_id, req = "ap2004", f"GET /ts43/v1/?app=ap2004&vers=0&terminal_vendor={rng.choice(['APL', 'SAM', 'GOO', 'XIA'])}&entitlement_version=9.0 HTTP/1.1"
                signs = rng.random() < 0.45   # a new token; otherwise the token is still valid
            elif k < 0.9:
                app_id, req = "ap2006", "POST /ts43/v1/odsa?app=ap2006&operation=ManageSubscription HTTP/1.1"
                signs = True
            else:
                app_id, req = "ap2009", "POST /ts43/v1/odsa?app=ap2009&operation=TransferSubscription HTTP/1.1"
                signs = True
            th = thread()
            # AKA / UDM noise
            r = rng.random()
            if r < 0.006:
                y = x + dt.timedelta(milliseconds=ms(rng, 2000, 0.2))
                app.add(y, logback(y, "WARN", vm, th, "es.calima.ts43.aka.UdmClient", "UDM AKA vector request timed out after 2000 ms, answering 6001"))
                lb.add(y, sys3164(y, "ent-lb-1", "haproxy", 2211, haproxy(x, client_ip(), vm, int((y - x).total_seconds() * 1000), 200, 211, req)))
                continue
            if r < 0.02:
                y = x + dt.timedelta(milliseconds=ms(rng, 60))
                app.add(y, logback(y, "INFO", vm, th, "es.calima.ts43.aka.EapAkaAuthenticator", f"EAP-AKA synchronisation failure (AUTS) for IMSI 21427{rng.randint(1000000000, 9999999999)}, resyncing"))
            if r > 0.985:
                y = x + dt.timedelta(milliseconds=ms(rng, 15))
                app.add(y, logback(y, "WARN", vm, th, "es.calima.ts43.token.TokenService", "token rejected: expired or signed with an unknown key, asking for EAP-AKA"))
                lb.add(y, sys3164(y, "ent-lb-1", "haproxy", 2211, haproxy(x, client_ip(), vm, int((y - x).total_seconds() * 1000), 401, 148, req)))
                continue
            fail = False
            if signs:
                sign_ms = ms(rng, 14 if not logging else 11, 0.35)
                # the HA group sends this signature to a member: round robin with jitter
                if member_broken(x) and rng.random() < 0.5:
                    fail = True
                elif HSM_DOWN <= x < HSM_DOWN + dt.timedelta(seconds=6) and rng.random() < 0.5:
                    y = x + dt.timedelta(milliseconds=rng.randint(900, 2100))
                    app.add(y, logback(y, "WARN", vm, th, "es.calima.ts43.token.HsmTokenSigner", "signature retried once after CKR_DEVICE_ERROR (HA failover)"))
                elif rng.random() < 0.0015:
                    y = x + dt.timedelta(milliseconds=sign_ms)
                    app.add(y, logback(y, "WARN", vm, th, "es.calima.ts43.token.HsmSessionPool", "session handle invalid (CKR_SESSION_HANDLE_INVALID), opening a new session and retrying"))
            if fail:
                y = x + dt.timedelta(milliseconds=ms(rng, 40, 0.3))
                rv = "CKR_USER_NOT_LOGGED_IN"
                if logging:
                    msg = f"token signing failed rv={rv} slot=0 label=ENT_HA alias=ts43-jws-2026"
                else:
                    msg = "token signing failed"
                app.add(y, logback(y, "ERROR", vm, th, "es.calima.ts43.token.HsmTokenSigner", msg) + "\n" + trace(vm, sha, logging, app_id, rv))
                app.add(y + dt.timedelta(milliseconds=2), logback(y + dt.timedelta(milliseconds=2), "WARN", vm, th, "es.calima.ts43.web.ErrorAdvice", f"{app_id} answered 500 (6002 server error) after SigningException"))
                lb.add(y, sys3164(y + dt.timedelta(milliseconds=3), "ent-lb-1", "haproxy", 2211, haproxy(x, client_ip(), vm, int((y - x).total_seconds() * 1000) + 3, 500, 164, req)))
                errors_at.append(y)
                stats["err"].append(x)
                key = (vm, x.replace(second=0, microsecond=0))
                rejects[key] = rejects.get(key, 0) + 1
                if rejects[key] == 1:
                    hsmlog(y - dt.timedelta(milliseconds=3), "hsm-mad-2", "NTLS", str(rng.randint(2000, 2999)), f"Error : 0x{rng.choice(['00000101'])} : C_SignInit rejected for client {vm}.calima.internal on partition ts43_ent: partition not activated", 131)
                continue
            y = x + dt.timedelta(milliseconds=ms(rng, 70 if app_id == "ap2004" else 420, 0.4))
            if app_id != "ap2004":
                app.add(y, logback(y, "INFO", vm, th, "es.calima.ts43.odsa.OdsaController", f"{app_id} {'ManageSubscription' if app_id == 'ap2006' else 'TransferSubscription'} ok eid=8904903200{rng.randint(10**21, 10**22 - 1)} smdp=rsp.calima.es status=1000"))
            lb.add(y, sys3164(y, "ent-lb-1", "haproxy", 2211, haproxy(x, client_ip(), vm, int((y - x).total_seconds() * 1000), 200, rng.randint(600, 2400), req)))
            stats["ok"].append(x)
        t = nxt
    # "message repeated" summaries of the appliance's rejections
    for (vm, minute), n in sorted(rejects.items()):
        if n > 1:
            x = minute + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
            hsmlog(x, "hsm-mad-2", "NTLS", str(rng.randint(2000, 2999)), f"last message repeated {n - 1} times (client {vm}.calima.internal)", 131)

    # ---- routine syslog
    for vm, vip in VMS + [("ent-deploy-1", "10.41.8.5")]:
        t = START + dt.timedelta(seconds=rng.uniform(0, 59))
        t = t.replace(second=1, microsecond=0)
        while t < END:
            if t.minute % 15 == 0:
                sysl.add(t, sys3164(t, vm, "CRON", rng.randint(50000, 59999), "(root) CMD (/usr/local/bin/node_exporter_textfile.sh >/dev/null 2>&1)"))
            t += dt.timedelta(minutes=1)
        for x in poisson_times(rng, START, END, 0.05):
            sysl.add(x, sys3164(x, vm, "chronyd", 712, f"Selected source 10.41.1.{rng.choice([2, 3])} (ntp{rng.choice([1, 2])}.calima.internal)"))
        for x in poisson_times(rng, START, END, 0.03):
            sysl.add(x, sys3164(x, vm, "sshd", rng.randint(100000, 199999), f"Connection closed by authenticating user root 185.{rng.randint(1, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} port {rng.randint(30000, 60000)} [preauth]"))
    for vm, _ in VMS:
        for x in poisson_times(rng, START, END, 0.012):
            sysl.add(x, sys3164(x, vm, "kernel", None, f"[UFW BLOCK] IN=ens192 OUT= SRC=10.41.{rng.randint(0, 20)}.{rng.randint(1, 254)} DST={dict(VMS)[vm]} PROTO=TCP SPT={rng.randint(30000, 60000)} DPT=9100"))
    for x in poisson_times(rng, START, END, 0.04):
        lb.add(x, sys3164(x, "ent-lb-1", "haproxy", 2211, f"{client_ip()}:{rng.randint(30000, 60000)} [{x.strftime('%d/%b/%Y:%H:%M:%S.')}{x.microsecond // 1000:03d}] fe_ts43/1: SSL handshake failure"))
    t = START + dt.timedelta(seconds=17)
    while t < END:
        for vm, _ in VMS:
            x = t + dt.timedelta(milliseconds=rng.randint(0, 400))
            if member_broken(x) and rng.random() < 0.5:
                app.add(x, logback(x, "WARN", vm, "scheduling-1", "es.calima.ts43.token.HsmHealthIndicator", "HSM health: slot 0 label ENT_HA, test signature failed: CKR_USER_NOT_LOGGED_IN"))
            else:
                app.add(x, logback(x, "INFO", vm, "scheduling-1", "es.calima.ts43.token.HsmHealthIndicator", f"HSM health: slot 0 label ENT_HA, test signature {ms(rng, 9, 0.3)} ms"))
        t += dt.timedelta(minutes=10)

    # ---- chat
    def say(stamp, chan, who, text):
        x = utc(stamp)
        chat.add(x, f"{x.strftime('%Y-%m-%d %H:%M:%S')} UTC #{chan} {who}: {text}")

    say("2026-11-19 13:58:10", "sec-eng-hsm", "Nuno Alves", "CHG-22817 today 14:30-16:00: hsm-mad-2 firmware 7.7.1 -> 7.8.4. HA groups keep signing on hsm-mad-1 meanwhile")
    say("2026-11-19 14:25:40", "ent-oncall", "Lucía Ortega", f"releasing ts43-entitlement 2026.11.19-1 ({head[:10]}): HSM session pool 16 + signer change (CAL-5131), signing-failure logging (CAL-5140), bcpkix 1.79")
    say("2026-11-19 14:29:30", "ent-oncall", "Lucía Ortega", "3/3 up, signing p99 down to 60 ms")
    say("2026-11-19 14:34:50", "ent-oncall", "Lucía Ortega", "a couple of 'retried after CKR_DEVICE_ERROR' warnings at 14:33, requests fine. keeping an eye on it")
    say("2026-11-19 14:53:40", "sec-eng-hsm", "Nuno Alves", "hsm-mad-2 back on 7.8.4, HA members rejoined")
    say("2026-11-19 14:57:05", "ent-oncall", "alertmanager", "[FIRING:1] Ts43Errors (ts43-entitlement, 5xx ratio 0.31)")
    say("2026-11-19 14:59:30", "ent-oncall", "Marcos Gil (care)", "watch activations failing in store, 'no se pudo activar el servicio'. also eSIM transfers to new iPhones")
    say("2026-11-19 15:01:20", "ent-oncall", "Jordi Puig", "token signing failed rv=CKR_USER_NOT_LOGGED_IN on all 3 VMs, about half the signatures. the release changed the session pool and how the key is held, a pooled session that lost its login would look exactly like this")
    say("2026-11-19 15:03:00", "ent-oncall", "Lucía Ortega", "agreed, rolling back to 2026.11.17-1")
    say("2026-11-19 15:09:40", "ent-oncall", "Lucía Ortega", "rolled back, 8 sessions again. still 500s, now just 'token signing failed' with the same PKCS11Exception")
    say("2026-11-19 15:14:15", "ent-oncall", "Jordi Puig", "test signature in the health check passes sometimes and not others. is the HSM group healthy? asking sec-eng")
    say("2026-11-19 15:15:02", "sec-eng-hsm", "Jordi Puig", "are both members of ENT_HA ok? we get CKR_USER_NOT_LOGGED_IN on half of our signatures since ~14:53")
    say("2026-11-19 15:24:30", "sec-eng-hsm", "Nuno Alves", "looking. payments tokenisation sees the same on its HA group")
    say("2026-11-19 15:27:10", "sec-eng-hsm", "Nuno Alves", "found it: 7.8.4 came up with ts43_ent and paytok not activated (activation is cleared by the firmware update, the runbook step got skipped). activating now")
    say("2026-11-19 15:30:55", "sec-eng-hsm", "Nuno Alves", "both partitions activated on hsm-mad-2")
    say("2026-11-19 15:32:20", "ent-oncall", "Jordi Puig", "no signing failures since 15:29:41. so not our release")
    say("2026-11-19 15:44:50", "ent-oncall", "Lucía Ortega", "re-releasing 2026.11.19-1")
    say("2026-11-19 15:50:30", "ent-oncall", "Lucía Ortega", "2026.11.19-1 back on 3/3, clean")
    return [app, lb, sysl, hsm, chat], errors_at, stats


def build(out_dir):
    rng = random.Random(32200)
    repo, released_tue, head = build_repo()
    try:
        logs, errors_at, stats = build_logs(rng, released_tue, head)
        onset = min(errors_at).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset
        assert max(errors_at) < ACTIVATE + dt.timedelta(seconds=5)

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"ts43_responses.json": query_range([
            ({"job": "ts43-entitlement", "code": "500"}, per_min(stats["err"])),
            ({"job": "ts43-entitlement", "code": "200"}, per_min(stats["ok"])),
        ], START, END, 60)}
        return write_scenario(
            out_dir, name="r32-hsm-partition-deactivated-none", service=SERVICE, onset=onset,
            description=f"""
Calima Móvil's TS.43 entitlement server answers about a third of its
requests with 500 from {onset.strftime('%H:%M:%S')} UTC on Thursday 19 November: watches
cannot be added (ODSA companion), eSIM transfers to new phones fail and
VoWiFi activations fail half the time. ts43-entitlement had been
released at 14:27 (HSM session pool and signing change); the on-call
rolled it back at 15:05, the errors stopped at 15:29, and the release
went out again at 15:46.

Story: Security Engineering's firmware update of the HSM appliance
hsm-mad-2 left its partition ts43_ent deactivated; when the Luna clients
reintroduced the member to the HA group at 14:53, about half of the
signatures went to it and were refused, until the partition was
activated at 15:29. Nothing in this repository caused it. Decoys: the
release 26 minutes before, the commit that logs the PKCS#11 return value.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "ts43-entitlement.log": r"<Date> <Time> <Level>\s+\[<Host>\] \[<Thread>\] <Logger> - <Content>",
            },
            root_cause=[
                r"activation required after firmware update",
                r"rejected for client .* partition not activated",
                r"recovered, reintroduced to the active set",
            ],
            fix_files=[],
            explanation=f"""
No commit in ts43-entitlement caused this. Security Engineering updated
the firmware of the HSM appliance hsm-mad-2 to 7.8.4 (CHG-22817): it
restarted at 14:33 (the Luna clients on the VMs dropped it from the HA
group ENT_HA and signed on hsm-mad-1 alone) and came back at 14:52 with
its partitions not activated ("Partition ts43_ent ... activation
required after firmware update: partition is not activated" in the
appliance's syslog); the runbook step that activates them was skipped.
At 14:53 the Luna clients' HA recovery reintroduced the member ("member
... (hsm-mad-2) recovered, reintroduced to the active set") and the HA
group's load balancing sent about half of the signatures to the
partition that refused them (the appliance logs "C_SignInit rejected for
client ... on partition ts43_ent: partition not activated"; the app
logs "token signing failed rv=CKR_USER_NOT_LOGGED_IN" with a
PKCS11Exception and answers 500). The errors stop at 15:29:41 when
Security Engineering activates the partition, with no change to
ts43-entitlement (which was running the rolled-back release then). The
right answer is that nothing in this repository did it (fix_files is
empty).
Decoys: the 2026.11.19-1 release at 14:27, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset,
which doubles the PKCS#11 session pool and changes how the signer holds
the key (CAL-5131: application.yml, HsmTokenSigner.kt,
luna-pkcs11.cfg), and CKR_USER_NOT_LOGGED_IN reads like a pooled
session that lost its login; the CAL-5140 commit of Wednesday that logs
the PKCS#11 return value, slot and token label of a failed signature
(the failure line with rv= is new in that release); the rollback at
15:05 that changes nothing but the failure line's wording; the
re-release at 15:46 that is clean; the Bouncy Castle bump; the ap2009
and VoWiFi commits; a docs and a test commit on Thursday; the
CKR_DEVICE_ERROR retries during the HA failover at 14:33 (harmless);
routine CKR_SESSION_HANDLE_INVALID re-opens, EAP-AKA resyncs, UDM
timeouts, rejected tokens, SSL handshake failures, UFW blocks and sshd
noise.
""",
        )
    finally:
        repo.close()
