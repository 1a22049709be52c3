"""payouts-worker (Ruby, Sidekiq, team in Berlin): pays marketplace sellers in
batches. Its PostgreSQL credentials are dynamic: a vault-agent sidecar gets
them from the platform team's Vault (database secrets engine, 1 h leases,
renewed at two thirds of the TTL) and PostgreSQL's role has VALID UNTIL the
lease's expiry. At 13:34 the platform team's node-pool upgrade restarts the
Vault pods; a KMS key policy the security team tightened on Friday no longer
lets Vault decrypt its auto-unseal key, so every Vault pod comes back sealed.
Existing database connections keep working, and nothing fails until the
credentials renewed before the seal expire: from about 14:30 every new connection is
refused ("password authentication failed", DETAIL "has an expired password")
and payout jobs fail and retry. Vault is unsealed at 15:22 when the key policy
is restored; the agents fetch new credentials and jobs succeed again. Nothing
in payouts-worker's repository caused it. Decoys: a commit three days before
that changes where the agent renders the credentials, a commit that logs the
connection error class on job failure, and a connection pool change (10 ->
20) rolled out at 12:50. Sidekiq's log, vault-agent (hclog), PostgreSQL,
Vault's server log (hclog)."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, poisson_times, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores, k8s_deployment, readme, runbook

SERVICE = "payouts-worker"
DEPLOY = utc("2026-12-28 12:50:00")
SEALED = utc("2026-12-28 13:34:08")
UNSEALED = utc("2026-12-28 15:22:40")
START, END = utc("2026-12-28 11:45:00"), utc("2026-12-28 15:50:00")
LEASE_TTL = dt.timedelta(hours=1)

DATABASE_YML = """production:
  adapter: postgresql
  host: payouts-db.internal
  database: payouts
  username: <%= DbCredentials.current.username %>
  password: <%= DbCredentials.current.password %>
  pool: <%= ENV.fetch("SIDEKIQ_CONCURRENCY", 10) %>
  idle_timeout: 300
  reaping_frequency: 60
"""

CREDENTIALS = """# Reads the database credentials vault-agent renders into the pod and
# re-reads them when the file changes (the agent renews and rotates them).
class DbCredentials
  PATH = ENV.fetch("DB_CREDENTIALS_PATH", "/vault/secrets/db.env")

  def self.current
    mtime = File.mtime(PATH)
    @current = nil if @mtime != mtime
    @mtime = mtime
    @current ||= new(File.read(PATH))
  end

  attr_reader :username, :password

  def initialize(text)
    values = text.lines.to_h { |line| line.strip.split("=", 2) }
    @username = values.fetch("DB_USERNAME")
    @password = values.fetch("DB_PASSWORD")
  end
end
"""

JOB = """class PayoutBatchJob
  include Sidekiq::Job
  sidekiq_options queue: "payouts", retry: 12

  def perform(batch_id)
    batch = PayoutBatch.find(batch_id)
    batch.payouts.pending.find_each do |payout|
      PayoutSender.new(payout).call
    end
    batch.update!(state: "sent")
  end
end
"""


def build_repo():
    jonas = Person("Jonas Becker", "jonas.becker@stallwerk.de", 60)
    elif_ = Person("Elif Yıldız", "elif.yildiz@stallwerk.de", 60)
    ravi = Person("Ravi Menon", "ravi.menon@stallwerk.de", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    annotations = ("      annotations:\n        vault.hashicorp.com/agent-inject: \"true\"\n        vault.hashicorp.com/role: \"payouts-worker\"\n"
                   "        vault.hashicorp.com/agent-inject-secret-db.env: \"database/creds/payouts-worker\"\n"
                   "        vault.hashicorp.com/agent-inject-template-db.env: |\n          {{- with secret \"database/creds/payouts-worker\" -}}\n"
                   "          DB_USERNAME={{ .Data.username }}\n          DB_PASSWORD={{ .Data.password }}\n          {{- end }}\n")
    deployment = k8s_deployment(SERVICE, 7433, replicas=3, memory="768Mi", cpu="500m", env={"RAILS_ENV": "production", "SIDEKIQ_CONCURRENCY": "10"})
    deployment = deployment.replace("      annotations:\n", annotations, 1)
    files = {
        "Gemfile": "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.2.2\"\ngem \"pg\", \"~> 1.5\"\ngem \"sidekiq\", \"~> 7.3\"\ngem \"faraday\", \"~> 2.12\"\n",
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    pg (1.5.8)\n    rails (7.2.2)\n    sidekiq (7.3.6)\n    faraday (2.12.1)\n",
        "config/database.yml": DATABASE_YML,
        "config/sidekiq.yml": ":concurrency: <%= ENV.fetch(\"SIDEKIQ_CONCURRENCY\", 10) %>\n:queues:\n  - payouts\n  - default\n",
        "lib/db_credentials.rb": CREDENTIALS,
        "app/jobs/payout_batch_job.rb": JOB,
        "k8s/deployment.yaml": deployment,
        "README.md": readme(SERVICE, "Sends sellers' payouts in batches (Sidekiq); database credentials come from Vault through vault-agent.", "bundle install\nbundle exec sidekiq"),
        "docs/runbook.md": runbook(SERVICE, [("PayoutJobsFailing", "Failed payout jobs above 20 a minute: check the job errors and the vault-agent sidecar; Vault is the platform team's (#platform-vault).")]),
    }
    repo.commit(utc("2026-12-21 09:00:00"), jonas, "payouts-worker: import", files)
    repo.schedule(chores(random.Random(7401), SERVICE, [jonas, elif_, ravi], utc("2026-12-21 09:00:00"), DEPLOY, 5))
    repo.commit(utc("2026-12-25 10:20:00"), ravi, "vault: render credentials as db.json and read them with JSON.parse", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "agent-inject-secret-db.env", "agent-inject-secret-db.json").replace(
            "agent-inject-template-db.env", "agent-inject-template-db.json").replace(
            "          DB_USERNAME={{ .Data.username }}\n          DB_PASSWORD={{ .Data.password }}\n",
            "          {\"username\": \"{{ .Data.username }}\", \"password\": \"{{ .Data.password }}\"}\n"),
        "lib/db_credentials.rb": repo.edit("lib/db_credentials.rb", '"/vault/secrets/db.env"', '"/vault/secrets/db.json"').replace(
            "    values = text.lines.to_h { |line| line.strip.split(\"=\", 2) }\n    @username = values.fetch(\"DB_USERNAME\")\n    @password = values.fetch(\"DB_PASSWORD\")\n",
            "    values = JSON.parse(text)\n    @username = values.fetch(\"username\")\n    @password = values.fetch(\"password\")\n"),
    })
    repo.commit(utc("2026-12-28 07:55:00"), bot, "Bump faraday from 2.12.1 to 2.12.2", {
        "Gemfile.lock": repo.edit("Gemfile.lock", "faraday (2.12.1)", "faraday (2.12.2)"),
    })
    repo.commit(utc("2026-12-28 09:40:00"), elif_, "jobs: log the error class and the batch when a payout job fails", {
        "app/jobs/payout_batch_job.rb": repo.edit("app/jobs/payout_batch_job.rb", "    batch.update!(state: \"sent\")\n  end\n",
            "    batch.update!(state: \"sent\")\n  rescue => e\n    Sidekiq.logger.warn(\"payout batch #{batch_id} failed: #{e.class}: #{e.message}\")\n    raise\n  end\n"),
    })
    pool = repo.commit(utc("2026-12-28 12:31:00"), jonas, "sidekiq: 20 threads per pod for the year-end payout volume (pool follows)", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", 'value: "10"', 'value: "20"'),
    })
    repo.commit(utc("2026-12-28 15:41:00"), elif_, "runbook: expired database credentials when Vault is sealed", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## password authentication failed / expired password\n\nThe agent could not renew the lease; check Vault's seal status with #platform-vault before restarting pods.\n",
    })
    return repo, pool


def build_logs(rng, pool):
    sidekiq = Log("payouts-worker.log")
    agent = Log("vault-agent.log")
    pg = Log("payouts-db.log")
    vault = Log("vault-server.log")
    pods = [f"payouts-worker-6c8d{hexid(rng, 4)}-{hexid(rng, 5)}" for _ in range(3)]
    users = {}

    def stamp(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def sk(t, pod, level, msg, tid=None, cls=None, jid=None):
        ctx = f" class={cls} jid={jid}" if cls else ""
        sidekiq.add(t, f"{stamp(t)} pid=1 tid={tid or hexid(rng, 4)}{ctx} {level}: {msg}")

    def hclog(log, t, level, module, msg, prefix=""):
        log.add(t, f"{prefix}{stamp(t)} {('[' + level + ']').ljust(7)} {module}: {msg}")

    # Credentials: issued at pod start, renewed every 40 min while Vault is unsealed.
    sealed_expiry = {}   # when each pod's last credentials renewed before the seal expire
    restored = {}        # when each pod's agent rendered new credentials after the unseal
    for i, pod in enumerate(pods):
        t = DEPLOY + dt.timedelta(seconds=30 * i)
        sk(t + dt.timedelta(seconds=9), pod, "INFO", f"Booted Rails 7.2.2 application in production environment (release {pool[:7]})")
        sk(t + dt.timedelta(seconds=9, milliseconds=300), pod, "INFO", "Running in ruby 3.3.6 (2024-11-05 revision 75015d4c1f) [x86_64-linux]")
        sk(t + dt.timedelta(seconds=9, milliseconds=310), pod, "INFO", "Sidekiq 7.3.6 connecting to Redis with options {:size=>25, :pool_name=>\"internal\", :url=>\"redis://payouts-redis.internal:6379/0\"}")
        sk(t + dt.timedelta(seconds=9, milliseconds=900), pod, "INFO", "Starting processing, hit Ctrl-C to stop")
        hclog(agent, t + dt.timedelta(seconds=1), "INFO", "agent.auth.handler", "authentication successful, sending token to sinks")
        user = f"v-kubernetes-payouts--{hexid(rng, 20)}-{int((t + dt.timedelta(seconds=2)).timestamp())}"
        users[pod] = user
        hclog(agent, t + dt.timedelta(seconds=2), "INFO", "agent", f"(runner) rendered \"(dynamic)\" => \"/vault/secrets/db.json\"")
        renew = t + dt.timedelta(seconds=2)
        while renew < END:
            if renew < SEALED or renew >= UNSEALED + dt.timedelta(seconds=20):
                if renew < SEALED:
                    sealed_expiry[pod] = renew + LEASE_TTL
                if renew > t + dt.timedelta(seconds=2):
                    hclog(agent, renew, "INFO", "agent.sink.file", "lease renewed: lease_id=database/creds/payouts-worker/" + hexid(rng, 24))
                renew += LEASE_TTL * 2 / 3
                continue
            # Sealed: the renewal and the re-login fail; the agent backs off and retries.
            r = renew
            while r < UNSEALED + dt.timedelta(seconds=20):
                hclog(agent, r, "ERROR", "agent.auth.handler", "error authenticating: error=\"Error making API request. URL: PUT https://vault.platform.internal:8200/v1/auth/kubernetes/login Code: 503. Errors: * Vault is sealed\" backoff=" + f"{min(300, 2 ** rng.randint(1, 8)) + rng.random():.1f}s")
                hclog(agent, r + dt.timedelta(milliseconds=15), "WARN", "agent", "(view) vault.read(database/creds/payouts-worker): vault.read(database/creds/payouts-worker): Error making API request. Code: 503. Errors: * Vault is sealed (retry attempt " + str(rng.randint(1, 12)) + " after \"" + rng.choice(["250ms", "1s", "4s", "16s", "1m0s"]) + "\")")
                r += dt.timedelta(seconds=rng.uniform(60, 180))
            renew = UNSEALED + dt.timedelta(seconds=20 + 7 * i)
            hclog(agent, renew, "INFO", "agent.auth.handler", "authentication successful, sending token to sinks")
            hclog(agent, renew + dt.timedelta(seconds=1), "INFO", "agent", "(runner) rendered \"(dynamic)\" => \"/vault/secrets/db.json\"")
            restored[pod] = renew + dt.timedelta(seconds=1)
            renew += LEASE_TTL * 2 / 3
    hclog(agent, START + dt.timedelta(minutes=3), "INFO", "agent.sink.file", "lease renewed: lease_id=database/creds/payouts-worker/" + hexid(rng, 24))

    def creds_ok(t, pod):
        """Whether a new connection from pod logs in: its password expired unless renewed or replaced."""
        if t < DEPLOY:
            return True
        return t < sealed_expiry[pod] or t >= restored[pod]

    # Payout jobs: each takes a connection; the pool opens new ones as idle ones are reaped.
    for t in poisson_times(rng, START, END, 24):
        pod = rng.choice(pods)
        jid = hexid(rng, 24)
        tid = hexid(rng, 4)
        batch = rng.randint(880000, 889999)
        cls = rng.choice(["PayoutBatchJob", "PayoutBatchJob", "PayoutStatusPollJob", "LedgerExportJob"])
        sk(t, pod, "INFO", "start", tid, cls, jid)
        needs_new_connection = rng.random() < 0.35
        if needs_new_connection and not creds_ok(t, pod):
            user = users[pod]
            pid = rng.randint(40000, 49999)
            pg.add(t, postgres(t, pid, "FATAL", f"password authentication failed for user \"{user}\"", f"{user}@payouts"))
            pg.add(t, postgres(t, pid, "DETAIL", f"User \"{user}\" has an expired password.\n\tConnection matched file \"/etc/postgresql/16/main/pg_hba.conf\" line 12: \"hostssl payouts all 10.0.0.0/8 scram-sha-256\"", f"{user}@payouts"))
            err = f"connection to server at \"10.31.4.17\", port 5432 failed: FATAL:  password authentication failed for user \"{user}\""
            if cls == "PayoutBatchJob":
                sk(t + dt.timedelta(milliseconds=40), pod, "WARN", f"payout batch {batch} failed: PG::ConnectionBad: {err}", tid, cls, jid)
            sk(t + dt.timedelta(milliseconds=45), pod, "INFO", f"fail: {rng.uniform(0.04, 0.2):.3f} sec", tid, cls, jid)
            sk(t + dt.timedelta(milliseconds=46), pod, "WARN", "{\"context\":\"Job raised exception\",\"job\":{\"class\":\"" + cls + "\",\"queue\":\"" + ("payouts" if cls == "PayoutBatchJob" else "default") + "\",\"retry_count\":" + str(rng.randint(0, 5)) + "}}", tid, cls, jid)
            sk(t + dt.timedelta(milliseconds=47), pod, "WARN", f"ActiveRecord::ConnectionNotEstablished: {err}", tid, cls, jid)
            sk(t + dt.timedelta(milliseconds=48), pod, "WARN", "/usr/local/bundle/gems/activerecord-7.2.2/lib/active_record/connection_adapters/postgresql_adapter.rb:63:in `rescue in new_client'", tid, cls, jid)
            continue
        took = rng.lognormvariate(0, 0.6) * (2.4 if cls == "PayoutBatchJob" else 0.3)
        sk(t + dt.timedelta(seconds=took), pod, "INFO", f"done: {took:.3f} sec", tid, cls, jid)
    emit(rng, sidekiq, START, END, 0.4, [
        (2, lambda t: f"{stamp(t)} pid=1 tid={hexid(rng, 4)} INFO: Scheduled PayoutBatchJob for {rng.randint(20, 400)} sellers (cutoff {t.strftime('%H:00')})"),
        (1, lambda t: f"{stamp(t)} pid=1 tid={hexid(rng, 4)} WARN: Bank API answered 409 for payout {rng.randint(10**7, 10**8 - 1)} (already submitted); marking sent"),
    ])
    emit(rng, pg, START, END, 0.1, [
        (1, lambda t: postgres(t, rng.randint(100, 199), "LOG", f"checkpoint complete: wrote {rng.randint(500, 6000)} buffers ({rng.randint(1, 9)}.{rng.randint(0, 9)}%); 0 WAL file(s) added, 0 removed, 3 recycled")),
    ])

    # Vault's own log (the platform team's; shared in the incident channel).
    for i, node in enumerate(["vault-0", "vault-1", "vault-2"]):
        t = SEALED + dt.timedelta(seconds=95 * i)
        pfx = f"[pod/{node}/vault] "
        hclog(vault, t - dt.timedelta(seconds=6), "INFO", "core", "pre-seal teardown starting", pfx)
        hclog(vault, t - dt.timedelta(seconds=5), "INFO", "core", "vault is sealed", pfx)
        hclog(vault, t, "INFO", "core", "stored unseal keys are supported, attempting fetch", pfx)
        hclog(vault, t + dt.timedelta(seconds=1), "WARN", "failed to unseal core", f"error=\"fetching stored unseal keys failed: failed to decrypt encrypted stored keys: error decrypting data encryption key: operation error KMS: Decrypt, https response error StatusCode: 400, RequestID: {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}, api error AccessDeniedException: User: arn:aws:sts::418272790011:assumed-role/vault-unseal/{node} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-central-1:418272790011:key/5f1c2a9e-7b4d-4e8a-9c3f-0d6e1b2a4c8f because no identity-based policy allows the kms:Decrypt action\"", pfx)
        r = t + dt.timedelta(seconds=5)
        while r < UNSEALED + dt.timedelta(seconds=5 * i):
            r += dt.timedelta(seconds=rng.uniform(240, 360))
            if r < UNSEALED:
                hclog(vault, r, "WARN", "failed to unseal core", "error=\"fetching stored unseal keys failed: failed to decrypt encrypted stored keys: error decrypting data encryption key: operation error KMS: Decrypt, api error AccessDeniedException\"", pfx)
        u = UNSEALED + dt.timedelta(seconds=5 * i)
        hclog(vault, u, "INFO", "core", "vault is unsealed", pfx)
        hclog(vault, u + dt.timedelta(milliseconds=300), "INFO", "core", 'entering standby mode' if i else 'acquired lock, enabling active operation', pfx)
    emit(rng, vault, START, SEALED - dt.timedelta(seconds=10), 0.3, [
        (1, lambda t: f"[pod/vault-0/vault] {stamp(t)} [INFO]  expiration: revoked lease: lease_id=database/creds/{rng.choice(['orders-api', 'catalog-api', 'payouts-worker'])}/{hexid(rng, 24)}"),
    ])
    return [sidekiq, agent, pg, vault]


def build(out_dir):
    rng = random.Random(7400)
    repo, pool = build_repo()
    try:
        logs = build_logs(rng, pool)
        onset = min(t for t, _, text in logs[2].entries if "password authentication failed" in text).replace(microsecond=0)

        fails = {}
        for t, _, text in logs[0].entries:
            if " fail: " in text:
                key = int(t.timestamp()) // 60 * 60
                fails[key] = fails.get(key, 0) + 1

        def job_failures(t):
            return fails.get(int(t.timestamp()) // 60 * 60, 0)

        def unsealed(t):
            return 0 if SEALED - dt.timedelta(seconds=5) <= t < UNSEALED else 1

        metrics = {
            "sidekiq_jobs_failed_per_minute.json": query_range([({"service": SERVICE}, job_failures)], START, END, 60),
            "vault_core_unsealed.json": query_range([({"cluster": "platform-vault", "instance": "vault-0"}, unsealed)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="vault-sealed-none", service=SERVICE, onset=onset,
            description=f"""
Payout jobs fail. From {onset.strftime('%H:%M')} payouts-worker's jobs fail with "password
authentication failed" for its Vault-issued database user, and PostgreSQL
says the password has expired. The vault-agent sidecars have logged "Vault is
sealed" since 13:34. payouts-worker's deploy that day: 12:50 (Sidekiq threads
10 -> 20, with the commit that logs failed payout batches). Vault is the
platform team's; jobs succeed again from 15:23 with no change on
payouts-worker's side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"payouts-worker.log": r"<Time> pid=<Pid> tid=<Tid>(?: class=<Class> jid=<Jid>)? <Level>: <Content>"},
            root_cause=[r"Vault is sealed", r"has an expired password", r"failed to unseal core"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the platform team's node-pool upgrade
restarted Vault, and a KMS key policy tightened by the security team no
longer let Vault decrypt its unseal key, so Vault stayed sealed. The agents
could not renew the database leases, and when the last renewed credentials
expired (PostgreSQL's VALID UNTIL) new connections were refused. Jobs worked
again once the key policy was restored and Vault unsealed, with no rollback.
Decoys: the commit that moved the rendered credentials to db.json three days
before (it had worked since), the faraday bump, the commit that logs failed
payout batches with the error class (its lines are new), the Sidekiq
threads change rolled out 44 minutes before the seal (more connections, same
credentials), and a runbook commit after the recovery.
""",
        )
    finally:
        repo.close()
