"""auth-service: the ExternalSecret is pointed at the rotated database
credentials (prod/auth/db-v2) before the rotation had set that password on the
database; Reloader rolls the pods and every new pod fails to authenticate to
Postgres. zerolog JSON, PostgreSQL log, External Secrets Operator (zap JSON,
epoch timestamps), Reloader (logrus text)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores, ci_bump, go_service, k8s_deployment, runbook

SERVICE = "auth-service"
MODULE = "github.com/tally/auth-service"
SYNC = utc("2026-11-30 12:52:14")
SECRET_UPDATED = utc("2026-11-30 12:52:29")
ONSET = utc("2026-11-30 12:52:47")

EXTERNAL_SECRET = """apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: auth-db
spec:
  refreshInterval: 1h
  secretStoreRef:
    name: aws-secrets-manager
    kind: ClusterSecretStore
  target:
    name: auth-db
  data:
    - secretKey: DATABASE_PASSWORD
      remoteRef:
        key: prod/auth/db
        property: password
    - secretKey: DATABASE_USER
      remoteRef:
        key: prod/auth/db
        property: username
"""


def build_repo():
    ali = Person("Ali Hassan", "ali.hassan@tally.so", 180)
    mei = Person("Mei Chen", "mei.chen@tally.so", 60)
    tomas = Person("Tomás Silva", "tomas.silva@tally.so", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Sign-in, sessions and tokens for every Tally app.")
    files["config/auth.yaml"] = "addr: \":8080\"\nsession_ttl: 12h\nrefresh_ttl: 720h\npassword_hash: argon2id\n"
    files["k8s/external-secret.yaml"] = EXTERNAL_SECRET
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=4, memory="256Mi").replace(
        "  labels:\n    app: auth-service\nspec:", "  labels:\n    app: auth-service\n  annotations:\n    reloader.stakater.com/auto: \"true\"\nspec:", 1).replace(
        "          resources:", "          envFrom:\n            - secretRef:\n                name: auth-db\n          resources:")
    files["docs/runbook.md"] = runbook(SERVICE, [("AuthLoginErrors", "5xx on /v1/sessions above 1 %: check auth-db connections first.")])
    repo.commit(utc("2026-11-25 10:00:00"), tomas, "auth-service: import", files)
    repo.schedule(chores(random.Random(2002), SERVICE, [ali, mei, tomas], utc("2026-11-25 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-27 15:40:00"), mei, "webauthn: registration endpoint", {
        "internal/webauthn/register.go": "package webauthn\n\n// Begin starts a passkey registration ceremony for the signed-in user.\nfunc Begin(userID string) (Options, error) {\n\treturn newOptions(userID)\n}\n",
    })
    repo.commit(utc("2026-11-28 11:15:00"), mei, "tests: refresh token rotation", {
        "internal/tokens/refresh_test.go": "package tokens\n\nimport \"testing\"\n\nfunc TestRefreshRotates(t *testing.T) {\n\told := Issue(\"u1\")\n\tnext, err := Refresh(old)\n\tif err != nil || next == old {\n\t\tt.Fatal(\"refresh must issue a new token\")\n\t}\n}\n",
    })
    repo.commit(utc("2026-11-29 18:02:00"), tomas, "ci: checkout v4", {".github/workflows/ci.yml": ci_bump(repo.files[".github/workflows/ci.yml"])})
    repo.commit(utc("2026-11-30 09:30:00"), ali, "external-secret: refresh every 15m", {
        "k8s/external-secret.yaml": repo.edit("k8s/external-secret.yaml", "refreshInterval: 1h", "refreshInterval: 15m"),
    })
    repo.commit(utc("2026-11-30 11:05:00"), tomas, "docs: credential rotation runbook", {
        "docs/rotation.md": "# Rotating the database password\n\n1. Run the rotation Lambda (it creates `prod/auth/db-v2` and sets the password on auth-db).\n2. Check `SELECT rolname, rolvaliduntil FROM pg_roles`.\n3. Point k8s/external-secret.yaml at the new key.\n",
    })
    culprit = repo.commit(utc("2026-11-30 12:40:00"), ali, "external-secret: use the rotated db credentials (prod/auth/db-v2)", {
        "k8s/external-secret.yaml": repo.files["k8s/external-secret.yaml"].replace("key: prod/auth/db\n", "key: prod/auth/db-v2\n"),
    })
    head = repo.commit(utc("2026-11-30 12:48:00"), mei, "config: 8h sessions (security review)", {
        "config/auth.yaml": repo.edit("config/auth.yaml", "session_ttl: 12h", "session_ttl: 8h"),
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("auth-service.log")
    pg = Log("auth-db.log")
    eso = Log("external-secrets.log")
    reloader = Log("reloader.log")
    start, end = utc("2026-11-30 11:20:00"), utc("2026-11-30 13:35:00")
    old = [f"auth-service-6b7f{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(4)]
    new = [f"auth-service-85d4{hexid(rng, 6)}-{hexid(rng, 5)}" for _ in range(2)]

    def zl(t, level, msg, **kw):
        body = {"level": level, "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"}
        body.update(kw)
        body["message"] = msg
        return json.dumps(body, separators=(",", ":"))

    # Rolling update with maxUnavailable 25 %: one old pod goes, two new pods never become ready.
    serving = lambda t: old if t < ONSET else old[1:]  # noqa: E731
    for t in poisson_times(rng, start, end, 8):
        pod = rng.choice(serving(t))
        route = rng.choices(["POST /v1/sessions", "POST /v1/tokens/refresh", "GET /v1/userinfo", "POST /v1/passwords/reset"], weights=[4, 5, 8, 1])[0]
        took = ms(rng, 35 if t < ONSET else 60)
        status = 200 if route != "POST /v1/sessions" or rng.random() > 0.06 else 401
        app.add(t, zl(t, "info", "request", pod=pod, method=route.split()[0], path=route.split()[1], status=status, duration_ms=took, request_id=hexid(rng, 16)))
        if status == 401:
            app.add(t, zl(t, "warn", "invalid credentials", pod=pod, attempts=rng.randint(1, 4)))
    emit(rng, app, start, end, 0.6, [
        (3, lambda t: zl(t, "info", "jwks rotated keys checked", pod=rng.choice(serving(t)), active_kid=f"k{rng.randint(40, 42)}")),
        (1, lambda t: zl(t, "debug", "db pool", pod=rng.choice(serving(t)), open=rng.randint(4, 10), in_use=rng.randint(0, 4))),
        (1, lambda t: zl(t, "info", "expired sessions purged", pod=rng.choice(serving(t)), count=rng.randint(100, 900))),
    ])
    for i, pod in enumerate(new):
        t = SECRET_UPDATED + dt.timedelta(seconds=14 + 3 * i)
        restarts = 0
        while t < end:
            app.add(t, zl(t, "info", "starting auth-service", pod=pod, version=head[:7]))
            pid = rng.randint(20000, 29999)
            src = f"10.42.{rng.randint(1, 9)}.{rng.randint(2, 250)}"
            pg.add(t, postgres(t, pid, "LOG", f"connection received: host={src} port={rng.randint(30000, 60000)}"))
            pg.add(t, postgres(t, pid, "FATAL", 'password authentication failed for user "auth_svc"', "auth_svc@auth")
                   + f"\n{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} UTC [{pid}] auth_svc@auth DETAIL:  Connection matched pg_hba.conf line 99: \"hostssl all all 0.0.0.0/0 scram-sha-256\"")
            app.add(t, zl(t, "fatal", 'failed to connect to database: failed to connect to `host=auth-db.auth.svc user=auth_svc database=auth`: failed SASL auth (FATAL: password authentication failed for user "auth_svc" (SQLSTATE 28P01))', pod=pod))
            restarts += 1
            t = t + dt.timedelta(seconds=min(300, 10 * 2 ** restarts) + rng.randint(1, 5))
    t = ONSET - dt.timedelta(seconds=1)
    app.add(t, zl(t, "info", "shutting down", pod=old[0], signal="terminated"))
    emit(rng, pg, start, end, 1.2, [
        (4, lambda t: (lambda pid: postgres(t, pid, "LOG", f"connection authorized: user=auth_svc database=auth application_name=auth-service SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", "auth_svc@auth"))(rng.randint(10000, 19999))),
        (3, lambda t: (lambda pid: postgres(t, pid, "LOG", f"disconnection: session time: 0:{rng.randint(10, 59)}:{rng.randint(10, 59)}.{rng.randint(100, 999)} user=auth_svc database=auth host={ip(rng)} port={rng.randint(30000, 60000)}", "auth_svc@auth"))(rng.randint(10000, 19999))),
        (1, lambda t: postgres(t, rng.randint(100, 200), "LOG", f"checkpoint starting: time")),
    ])

    def zap(t, level, logger, msg, **kw):
        body = {"level": level, "ts": round(t.timestamp(), 6), "logger": logger, "msg": msg}
        body.update(kw)
        return json.dumps(body, separators=(",", ":"))

    emit(rng, eso, start, end, 0.5, [
        (3, lambda t: zap(t, "info", "controllers.ExternalSecret", "reconciled secret", ExternalSecret={"name": rng.choice(["auth-db", "auth-jwks", "auth-smtp"]), "namespace": "auth"})),
        (1, lambda t: zap(t, "info", "controllers.ClusterSecretStore", "validated store", ClusterSecretStore={"name": "aws-secrets-manager"})),
    ])
    eso.add(SECRET_UPDATED, zap(SECRET_UPDATED, "info", "controllers.ExternalSecret", "secret updated", ExternalSecret={"name": "auth-db", "namespace": "auth"}, remoteRef="prod/auth/db-v2"))

    def rl(t, msg):
        return f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="{msg}"'

    t = SECRET_UPDATED + dt.timedelta(seconds=1)
    reloader.add(t, rl(t, "Changes detected in 'auth-db' of type 'SECRET' in namespace 'auth', Updated 'auth-service' of type 'Deployment' in namespace 'auth'"))
    emit(rng, reloader, start, end, 0.08, [(1, lambda t: rl(t, f"Changes detected in 'billing-{rng.choice(['stripe', 'smtp'])}' of type 'SECRET' in namespace 'billing', Updated 'billing-api' of type 'Deployment' in namespace 'billing'"))])
    return [app, pg, eso, reloader]


def build(out_dir):
    rng = random.Random(1130)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-11-30 11:20:00"), utc("2026-11-30 13:35:00")

        def auth_failures(t):
            return 0.0 if t < ONSET else 0.02 + 0.005 * (t.minute % 3)

        def ready(t):
            return 4 if t < ONSET else 3

        metrics = {
            "pg_auth_failures_per_second.json": query_range([({"datname": "auth", "usename": "auth_svc"}, auth_failures)], start, end, 60),
            "kube_deployment_status_replicas_available.json": query_range([({"deployment": SERVICE, "namespace": "auth"}, ready)], start, end, 60),
        }
        return write_scenario(
            out_dir, name="bad-secret-rotation", service=SERVICE, onset=ONSET,
            description="""
Bad secret rotation. The ExternalSecret is pointed at prod/auth/db-v2, but the
rotation had not set that password on auth-db yet. Argo CD syncs at 12:52, the
External Secrets Operator updates the auth-db Secret, Reloader rolls auth-service,
and every new pod fails SCRAM authentication and crash-loops; the rollout stalls
with one pod fewer serving.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"password authentication failed"],
            fix_files=["k8s/external-secret.yaml"],
            explanation="""
The culprit changes remoteRef.key in k8s/external-secret.yaml. Decoys: a same-file
refreshInterval change that morning, a session TTL change synced with it (the pods
log its version), a rotation runbook, webauthn code, tests, CI. The fix points the
ExternalSecret back at prod/auth/db (until the rotation is completed).
""",
        )
    finally:
        repo.close()
