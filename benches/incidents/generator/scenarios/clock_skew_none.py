"""identity-api: the internal NTP server ntp1 is taken down for maintenance and
the nodes of one worker pool fall back to ntp2, whose clock is 98 seconds
fast. chronyd on those nodes starts slewing their clocks forward. The
identity-api pods there issue access tokens whose `iat` lies in the future for
the pods on the other pool, which reject them at introspection ("The token is
not yet valid (iat)"); the gateway answers 401. Nothing in this repository
caused it, though the same morning brought a PyJWT bump, a commit that logs
why a token was rejected, and a token-lifetime change deployed 15 minutes
before the onset. Python logging with tracebacks, chronyd (syslog RFC 3164),
the API gateway's nginx access log."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, python_logging, syslog3164
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "identity-api"
EARLY_DEPLOY = utc("2026-12-02 06:41:00")
DEPLOY = utc("2026-12-02 07:42:00")
NTP1_DOWN = utc("2026-12-02 07:54:58")
STEP = utc("2026-12-02 07:56:31")
ONSET = utc("2026-12-02 07:57:02")
FIXED = utc("2026-12-02 08:38:40")
START, END = utc("2026-12-02 06:30:00"), utc("2026-12-02 09:10:00")
SKEW = 98.731224
SLEW_PER_S = 0.083  # chronyd's default maximum slew rate, 83 ms/s
POOL_B = ["worker-b-1", "worker-b-2"]
POOL_A = ["worker-a-1", "worker-a-2"]

TOKENS = '''"""Issues and checks access tokens."""
import datetime as dt

import jwt

from identity import settings


def issue(subject, scopes):
    now = dt.datetime.now(dt.timezone.utc)
    claims = {"sub": subject, "scope": " ".join(scopes), "iat": now, "exp": now + settings.ACCESS_TOKEN_TTL}
    return jwt.encode(claims, settings.SIGNING_KEY, algorithm="HS256")


def introspect(token):
    try:
        claims = jwt.decode(token, settings.SIGNING_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return {"active": False}
    return {"active": True, **claims}
'''


def skew_at(node, t):
    """How far node's clock is ahead: slews towards SKEW after the step, back after the fix."""
    if node not in POOL_B or t < STEP:
        return 0.0
    ahead = min(SKEW, (t - STEP).total_seconds() * SLEW_PER_S)
    if t >= FIXED:
        ahead = max(0.0, ahead - (t - FIXED).total_seconds() * SLEW_PER_S)
    return ahead


def build_repo():
    anil = Person("Anil Kumar", "anil.kumar@northbank.co.uk", 330)
    beth = Person("Beth Carter", "beth.carter@northbank.co.uk", 0)
    jonas = Person("Jonas Weber", "jonas.weber@northbank.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "identity", "Issues and introspects access tokens for the mobile bank's APIs.")
    files["pyproject.toml"] = files["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "PyJWT==2.8.0"]')
    files["identity/tokens.py"] = TOKENS
    files["identity/settings.py"] = '"""Settings."""\nimport datetime as dt\nimport os\n\nSIGNING_KEY = os.environ["SIGNING_KEY"]\nACCESS_TOKEN_TTL = dt.timedelta(minutes=15)\n'
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=4, memory="256Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("Gateway401Spike", "401s above 2 %: look at introspection failures by reason.")])
    repo.commit(utc("2026-11-27 09:00:00"), beth, "identity-api: import", files)
    repo.schedule(chores(random.Random(4201), SERVICE, [anil, beth, jonas], utc("2026-11-27 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-01 14:25:00"), jonas, "tokens: refresh tokens rotate on every use", {
        "identity/refresh.py": '"""Refresh tokens."""\n\nROTATE_ON_USE = True\n',
    })
    repo.commit(utc("2026-12-02 05:12:00"), anil, "tokens: log why a token was rejected at introspection", {
        "identity/tokens.py": repo.edit("identity/tokens.py", "    except jwt.InvalidTokenError:\n        return {\"active\": False}\n",
                                        "    except jwt.InvalidTokenError as err:\n        log.warning(\"token rejected: %s: %s\", type(err).__name__, err, exc_info=True)\n        return {\"active\": False}\n")
        .replace("import jwt\n", "import logging\n\nimport jwt\n").replace("from identity import settings\n", "from identity import settings\n\nlog = logging.getLogger(\"identity.tokens\")\n"),
    })
    early = repo.commit(utc("2026-12-02 06:02:00"), bot, "Bump pyjwt from 2.8.0 to 2.9.0", {
        "pyproject.toml": repo.edit("pyproject.toml", "PyJWT==2.8.0", "PyJWT==2.9.0"),
    })
    head = repo.commit(utc("2026-12-02 07:28:00"), beth, "settings: access tokens live 10 minutes", {
        "identity/settings.py": repo.edit("identity/settings.py", "timedelta(minutes=15)", "timedelta(minutes=10)"),
    })
    repo.commit(utc("2026-12-02 08:20:00"), jonas, "docs: token lifetimes", {
        "docs/tokens.md": "# Tokens\n\nAccess tokens live 10 minutes, refresh tokens 30 days and rotate on use.\n",
    })
    return repo, early, head


TRACE = """Traceback (most recent call last):
  File "/app/identity/tokens.py", line 22, in introspect
    claims = jwt.decode(token, settings.SIGNING_KEY, algorithms=["HS256"])
  File "/usr/local/lib/python3.11/site-packages/jwt/api_jwt.py", line 222, in decode
    decoded = self.decode_complete(
  File "/usr/local/lib/python3.11/site-packages/jwt/api_jwt.py", line 167, in decode_complete
    self._validate_claims(
  File "/usr/local/lib/python3.11/site-packages/jwt/api_jwt.py", line 262, in _validate_claims
    self._validate_iat(payload, now, leeway)
  File "/usr/local/lib/python3.11/site-packages/jwt/api_jwt.py", line 291, in _validate_iat
    raise ImmatureSignatureError("The token is not yet valid (iat)")
jwt.exceptions.ImmatureSignatureError: The token is not yet valid (iat)"""


def build_logs(rng, early, head):
    app = Log("identity-api.log")
    chrony = Log("chronyd.log")
    gateway = Log("gateway-access.log")
    generations = [
        (START, [(f"identity-api-6f{hexid(rng, 7)}-{hexid(rng, 5)}", node) for node in POOL_A + POOL_B], None),
        (EARLY_DEPLOY, [(f"identity-api-84{hexid(rng, 7)}-{hexid(rng, 5)}", node) for node in POOL_A + POOL_B], early),
        (DEPLOY, [(f"identity-api-59{hexid(rng, 7)}-{hexid(rng, 5)}", node) for node in POOL_A + POOL_B], head),
    ]

    def pods_at(t):
        return [pods for since, pods, _ in generations if since <= t][-1]

    for since, pods, version in generations[1:]:
        for i, (pod, node) in enumerate(pods):
            t = since + dt.timedelta(seconds=12 * i)
            app.add(t, python_logging(t, "INFO", "identity.main", f"starting identity-api version={version[:7]} pod={pod}"))
    for t in poisson_times(rng, START, END, 14):
        issuer, issuer_node = rng.choice(pods_at(t))
        checker, checker_node = rng.choice(pods_at(t))
        client = ip(rng, "10.60")
        path = rng.choice(["/v1/accounts", "/v1/payments", "/v1/cards", "/v1/statements"])
        ahead = skew_at(issuer_node, t) - skew_at(checker_node, t)
        if ahead >= 1.0 and rng.random() < 0.9:
            app.add(t, python_logging(t, "WARNING", "identity.tokens", "token rejected: ImmatureSignatureError: The token is not yet valid (iat)\n" + TRACE))
            gateway.add(t, nginx_access(t, client, "GET", path, 401, 61, ms(rng, 9) / 1000, "NorthbankApp/12.4 (iOS 18.1)", upstream_rt=ms(rng, 6) / 1000))
            continue
        took = ms(rng, 35)
        gateway.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(400, 3000), took / 1000, "NorthbankApp/12.4 (iOS 18.1)", upstream_rt=took / 1000))
        if rng.random() < 0.2:
            # each pod stamps its lines with its own node's clock
            t = t + dt.timedelta(seconds=skew_at(checker_node, t))
            app.add(t, python_logging(t, "INFO", "uvicorn.access", f'{ip(rng, "10.61")}:0 - "POST /v1/introspect HTTP/1.1" 200'))
    for t in poisson_times(rng, START, END, 0.3):
        if rng.random() < 0.1 and t > EARLY_DEPLOY:
            app.add(t, python_logging(t, "WARNING", "identity.tokens", "token rejected: ExpiredSignatureError: Signature has expired\n" + TRACE.replace(
                "self._validate_iat(payload, now, leeway)", "self._validate_exp(payload, now, leeway)").replace(
                "line 291, in _validate_iat", "line 311, in _validate_exp").replace(
                'raise ImmatureSignatureError("The token is not yet valid (iat)")', 'raise ExpiredSignatureError("Signature has expired")').replace(
                "jwt.exceptions.ImmatureSignatureError: The token is not yet valid (iat)", "jwt.exceptions.ExpiredSignatureError: Signature has expired")))
    for node in POOL_A + POOL_B:
        pid = rng.randint(600, 900)
        for t in poisson_times(rng, START, END, 1 / 16):
            chrony.add(t, syslog3164(t, node, "systemd", 1, f"Started session-{rng.randint(100, 999)}.scope - Session {rng.randint(100, 999)} of User ops."))
        t = START + dt.timedelta(seconds=rng.randint(60, 600))
        chrony.add(t, syslog3164(t, node, "chronyd", pid, "Selected source 10.20.0.4 (ntp1.corp.northbank.internal)"))
        if node in POOL_B:
            t = STEP - dt.timedelta(seconds=1)
            chrony.add(t, syslog3164(t, node, "chronyd", pid, "Selected source 10.20.0.5 (ntp2.corp.northbank.internal)"))
            chrony.add(STEP, syslog3164(STEP, node, "chronyd", pid, f"System clock wrong by {SKEW + rng.uniform(-0.01, 0.01):.6f} seconds, adjustment started"))
            # journald stamps these with the node's own clock, by then far ahead
            t = FIXED - dt.timedelta(seconds=3) + dt.timedelta(seconds=skew_at(node, FIXED))
            chrony.add(t, syslog3164(t, node, "chronyd", pid, "Selected source 169.254.169.123"))
            t = FIXED + dt.timedelta(seconds=skew_at(node, FIXED))
            chrony.add(t, syslog3164(t, node, "chronyd", pid, f"System clock wrong by {-SKEW + rng.uniform(-0.01, 0.01):.6f} seconds, adjustment started"))
        else:
            t = NTP1_DOWN + dt.timedelta(seconds=rng.randint(30, 60))
            chrony.add(t, syslog3164(t, node, "chronyd", pid, "Selected source 169.254.169.123"))
    return [app, chrony, gateway]


def build(out_dir):
    rng = random.Random(4200)
    repo, early, head = build_repo()
    try:
        def offset(node):
            return lambda t: -skew_at(node, t)

        def unauthorized(t):
            if STEP + dt.timedelta(seconds=15) <= t < FIXED + dt.timedelta(seconds=60):
                return 0.45
            return 0.002

        metrics = {
            "node_timex_offset_seconds.json": query_range([({"instance": node, "job": "node-exporter"}, offset(node)) for node in POOL_A + POOL_B], START, END, 30),
            "gateway_401_ratio.json": query_range([({"service": "api-gateway"}, unauthorized)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="clock-skew-none", service=SERVICE, onset=ONSET,
            description="""
Clock skew from a bad NTP source. ntp1 goes down for maintenance at 07:55 and
the worker-b nodes fall back to ntp2, whose clock is 98 s fast; chronyd slews
their clocks forward. Tokens issued by the identity-api pods on worker-b carry
an iat in the future for the pods on worker-a, which reject them ("The token is
not yet valid (iat)"); the gateway answers 401 to about half of the mobile
app's calls. The infrastructure team points the nodes at the cloud time source
at 08:38 and the clocks slew back. Nothing in this repository caused it.
""",
            logs=build_logs(rng, early, head), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"System clock wrong by", r"token is not yet valid"],
            fix_files=[],
            explanation="""
No commit in this repository caused the skew: the rejections are iat checks
failing between pods on different node pools, and they follow chronyd's
adjustment on worker-b. Decoys: the token-lifetime change deployed at 07:42 (15
minutes before; a shorter lifetime gives "Signature has expired", not "not yet
valid"), the PyJWT 2.8.0 -> 2.9.0 bump that morning, the commit that logs why a
token was rejected (the incident's error lines come from it), refresh-token
rotation the day before, docs during the incident.
""",
        )
    finally:
        repo.close()
