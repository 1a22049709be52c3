"""accounts-api: a migration builds a unique index on users(lower(email))
without CONCURRENTLY; the 40M-row build holds a SHARE lock on users for 22
minutes, every write to users queues behind it, Puma's threads fill up and
sign-ins time out. Rails logger, PostgreSQL log (log_lock_waits), the Helm
pre-upgrade migration job."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "accounts-api"
RELEASE = utc("2026-11-24 09:40:05")
LOCK_START = utc("2026-11-24 09:40:21")
ONSET = utc("2026-11-24 09:40:22")
LOCK_END = utc("2026-11-24 10:02:48")
MIGRATION = "db/migrate/20261124085500_add_lower_email_index_to_users.rb"


def rails_files():
    return {
        "Gemfile": "source 'https://rubygems.org'\n\nruby '3.3.0'\ngem 'rails', '~> 7.1.3'\ngem 'pg', '~> 1.5'\ngem 'puma', '~> 6.4'\ngem 'rack', '3.0.9'\ngem 'devise', '~> 4.9'\n\ngroup :test do\n  gem 'rspec-rails', '~> 6.1'\nend\n",
        "config/database.yml": "production:\n  adapter: postgresql\n  url: <%= ENV['DATABASE_URL'] %>\n  pool: <%= ENV.fetch('RAILS_MAX_THREADS', 5) %>\n  variables:\n    statement_timeout: 15s\n",
        "config/puma.rb": "workers 2\nthreads_count = ENV.fetch('RAILS_MAX_THREADS', 5)\nthreads threads_count, threads_count\nport ENV.fetch('PORT', 3000)\npreload_app!\n",
        "app/models/user.rb": "class User < ApplicationRecord\n  devise :database_authenticatable, :trackable\n  has_many :sessions\n\n  def self.by_email(email)\n    find_by(email: email)\n  end\nend\n",
        "app/controllers/sessions_controller.rb": "class SessionsController < ApplicationController\n  def create\n    user = User.by_email(params[:email])\n    return head :unauthorized unless user&.valid_password?(params[:password])\n\n    user.update!(last_sign_in_at: Time.current)\n    render json: { token: Session.issue(user) }\n  end\nend\n",
        "db/schema.rb": "ActiveRecord::Schema[7.1].define(version: 2026_11_10_120000) do\n  create_table \"users\", force: :cascade do |t|\n    t.string \"email\", null: false\n    t.string \"encrypted_password\", null: false\n    t.datetime \"last_sign_in_at\"\n    t.datetime \"last_seen_at\"\n    t.index [\"email\"], name: \"index_users_on_email\", unique: true\n  end\nend\n",
        "spec/models/user_spec.rb": "require 'rails_helper'\n\nRSpec.describe User do\n  it 'finds by email' do\n    user = create(:user, email: 'a@example.com')\n    expect(User.by_email('a@example.com')).to eq(user)\n  end\nend\n",
        "Dockerfile": "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --without test\nCOPY . .\nCMD [\"bundle\", \"exec\", \"puma\", \"-C\", \"config/puma.rb\"]\n",
        "helm/accounts-api/templates/migrate-job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: accounts-api-migrate-{{ .Release.Revision }}\n  annotations:\n    helm.sh/hook: pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: registry.internal/accounts-api:{{ .Values.image.tag }}\n          command: [\"bin/rails\", \"db:migrate\"]\n",
        "helm/accounts-api/templates/deployment.yaml": k8s_deployment(SERVICE, 3000, replicas=6, memory="1Gi"),
        "helm/accounts-api/templates/service.yaml": k8s_service(SERVICE, 3000),
        ".github/workflows/ci.yml": ci_workflow("      - run: bundle exec rspec\n", "      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n"),
        "README.md": readme(SERVICE, "Accounts, sign-in and sessions.", "bundle install\nbin/rails db:setup\nbundle exec rspec"),
        "docs/runbook.md": runbook(SERVICE, [("SignInLatency", "p99 over 2 s: look for lock waits in the accounts-db log.")]),
    }


def build_repo():
    grace = Person("Grace Liu", "grace.liu@tally.so", 60)
    pablo = Person("Pablo Ortega", "pablo.ortega@tally.so", 60)
    noor = Person("Noor Al-Amin", "noor.alamin@tally.so", 240)
    repo = Repo()
    repo.commit(utc("2026-11-18 17:00:00"), pablo, "accounts-api: extract from the main Rails app", rails_files())
    repo.schedule(chores(random.Random(2011), SERVICE, [grace, pablo, noor], utc("2026-11-18 17:00:00"), ONSET, 4))
    repo.commit(utc("2026-11-20 10:30:00"), noor, "puma: 3 workers per pod", {"config/puma.rb": repo.edit("config/puma.rb", "workers 2", "workers 3")})
    repo.commit(utc("2026-11-21 14:12:00"), grace, "spec: sessions controller happy path and bad password", {
        "spec/requests/sessions_spec.rb": "require 'rails_helper'\n\nRSpec.describe 'sessions' do\n  it 'rejects a bad password' do\n    post '/sessions', params: { email: 'a@example.com', password: 'x' }\n    expect(response).to have_http_status(:unauthorized)\n  end\nend\n",
    })
    repo.commit(utc("2026-11-23 16:30:00"), pablo, "docs: how to write a safe migration", {
        "docs/migrations.md": "# Migrations\n\nMigrations run in a Helm pre-upgrade job before the new pods start.\nKeep them short: statement_timeout is 15 s for the app, not for the job.\n",
    })
    culprit = repo.commit(utc("2026-11-24 08:55:00"), grace,
                          "users: unique index on lower(email)\n\nSign-up accepted Foo@x.com next to foo@x.com; this enforces it in the database.", {
                              MIGRATION: "class AddLowerEmailIndexToUsers < ActiveRecord::Migration[7.1]\n  def change\n    add_index :users, \"lower(email)\", unique: true, name: \"index_users_on_lower_email\"\n  end\nend\n",
                              "db/schema.rb": repo.edit("db/schema.rb", "2026_11_10_120000", "2026_11_24_085500").replace(
                                  '    t.index ["email"], name: "index_users_on_email", unique: true\n',
                                  '    t.index ["email"], name: "index_users_on_email", unique: true\n    t.index "lower((email)::text)", name: "index_users_on_lower_email", unique: true\n'),
                          })
    repo.commit(utc("2026-11-24 09:10:00"), grace, "users: look up by lower(email)", {
        "app/models/user.rb": repo.edit("app/models/user.rb", "find_by(email: email)", "where('lower(email) = ?', email.to_s.downcase).first"),
    })
    head = repo.commit(utc("2026-11-24 09:31:00"), noor, "Bump rack to 3.0.10 (CVE-2024-26146)", {"Gemfile": repo.edit("Gemfile", "gem 'rack', '3.0.9'", "gem 'rack', '3.0.10'")})
    repo.commit(utc("2026-11-24 10:15:00"), pablo, "ci: run rspec in 2 parallel groups", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: bundle exec rspec\n", "      - run: bundle exec parallel_rspec -n 2\n"),
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("accounts-api.log")
    pg = Log("accounts-db.log")
    job = Log("migrate-job.log")
    start, end = utc("2026-11-24 08:20:00"), utc("2026-11-24 10:30:00")
    pids = [1, 9, 13, 17, 21, 25]

    def rails(t, level, req, msg):
        return f"{level[0]}, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #{rng.choice(pids)}] {level:>5} -- : [{req}] {msg}"

    locked = lambda t: LOCK_START <= t < LOCK_END  # noqa: E731
    pg_pid = iter(range(41000, 49000))
    for t in poisson_times(rng, start, end, 8):
        req = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        client = ip(rng, "10.0")
        kind = rng.choices(["signin", "profile", "show", "seen"], weights=[3, 1, 5, 3])[0]
        if kind == "show":
            app.add(t, rails(t, "INFO", req, f'Started GET "/api/v1/accounts/{rng.randint(1, 40_000_000)}" for {client} at {t.strftime("%Y-%m-%d %H:%M:%S")} +0000'))
            app.add(t, rails(t, "INFO", req, f"Completed 200 OK in {ms(rng, 18)}ms (Views: {rng.randint(1, 5)}.{rng.randint(0, 9)}ms | ActiveRecord: {rng.randint(1, 9)}.{rng.randint(0, 9)}ms | Allocations: {rng.randint(2000, 9000)})"))
            continue
        path = {"signin": 'POST "/sessions"', "profile": f'PATCH "/api/v1/accounts/{rng.randint(1, 40_000_000)}"', "seen": 'POST "/api/v1/presence"'}[kind]
        app.add(t, rails(t, "INFO", req, f"Started {path} for {client} at {t.strftime('%Y-%m-%d %H:%M:%S')} +0000"))
        if locked(t):
            done = t + dt.timedelta(seconds=15, milliseconds=rng.randint(0, 40))
            pid = next(pg_pid)
            w = t + dt.timedelta(seconds=1, milliseconds=rng.randint(0, 5))
            pg.add(w, postgres(w, pid, "LOG", f"process {pid} still waiting for RowExclusiveLock on relation 16421 of database 16385 after {rng.uniform(1000.0, 1000.3):.3f} ms", "accounts_app@accounts")
                   + f"\n{w.strftime('%Y-%m-%d %H:%M:%S')}.{w.microsecond // 1000:03d} UTC [{pid}] accounts_app@accounts DETAIL:  Process holding the lock: 39112. Wait queue: {pid}."
                   + f"\n{w.strftime('%Y-%m-%d %H:%M:%S')}.{w.microsecond // 1000:03d} UTC [{pid}] accounts_app@accounts STATEMENT:  UPDATE \"users\" SET \"last_sign_in_at\" = $1 WHERE \"users\".\"id\" = $2")
            pg.add(done, postgres(done, pid, "ERROR", "canceling statement due to statement timeout", "accounts_app@accounts"))
            app.add(done, rails(done, "FATAL", req, "ActiveRecord::QueryCanceled (PG::QueryCanceled: ERROR:  canceling statement due to statement timeout\n):"))
            app.add(done, rails(done, "INFO", req, "Completed 500 Internal Server Error in 15012ms (ActiveRecord: 15004.2ms | Allocations: 3121)"))
            continue
        took = ms(rng, 45)
        app.add(t, rails(t, "INFO", req, f"Completed {'201 Created' if kind == 'signin' else '200 OK'} in {took}ms (ActiveRecord: {took // 3}.{rng.randint(0, 9)}ms | Allocations: {rng.randint(3000, 12000)})"))
    for t in poisson_times(rng, LOCK_START + dt.timedelta(minutes=2), LOCK_END, 1.5):
        app.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z puma: thread pool exhausted (5/5 busy), {rng.randint(3, 40)} requests queued")
    emit(rng, pg, start, end, 0.8, [
        (3, lambda t: postgres(t, rng.randint(100, 200), "LOG", f"checkpoint complete: wrote {rng.randint(200, 4000)} buffers ({rng.uniform(0.1, 2.0):.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 3)} recycled; write={rng.uniform(20, 120):.3f} s, sync=0.0{rng.randint(10, 99)} s, total={rng.uniform(20, 120):.3f} s")),
        (2, lambda t: postgres(t, rng.randint(30000, 40000), "LOG", f"duration: {rng.uniform(500, 2500):.3f} ms  statement: SELECT count(*) FROM \"sessions\" WHERE \"sessions\".\"user_id\" = {rng.randint(1, 40_000_000)}", "accounts_app@accounts")),
        (1, lambda t: postgres(t, rng.randint(100, 200), "LOG", f"automatic vacuum of table \"accounts.public.sessions\": index scans: 1")),
        (1, lambda t: postgres(t, rng.randint(30000, 40000), "LOG", "connection authorized: user=accounts_app database=accounts application_name=puma SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")),
    ])
    pg.add(LOCK_START, postgres(LOCK_START, 39112, "LOG", "connection authorized: user=accounts_migrator database=accounts application_name=rails-db-migrate", "accounts_migrator@accounts"))
    pg.add(LOCK_END, postgres(LOCK_END, 39112, "LOG", 'duration: 1346812.442 ms  statement: CREATE UNIQUE INDEX "index_users_on_lower_email" ON "users" (lower(email))', "accounts_migrator@accounts"))

    def out(t, text):
        job.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z {text}")

    when = RELEASE
    out(when, f"Release \"accounts-api\" upgrade: running pre-upgrade hook accounts-api-migrate-57 for image tag {head[:7]}")
    out(when + dt.timedelta(seconds=15), "I, [{}] INFO -- : Migrating to AddLowerEmailIndexToUsers (20261124085500)".format(when.strftime("%Y-%m-%dT%H:%M:%S")))
    out(when + dt.timedelta(seconds=16), "== 20261124085500 AddLowerEmailIndexToUsers: migrating =========================")
    out(when + dt.timedelta(seconds=16), '-- add_index(:users, "lower(email)", {:unique=>true, :name=>"index_users_on_lower_email"})')
    out(LOCK_END, "   -> 1346.8134s")
    out(LOCK_END, "== 20261124085500 AddLowerEmailIndexToUsers: migrated (1346.8137s) ================")
    out(LOCK_END + dt.timedelta(seconds=2), "pre-upgrade hook accounts-api-migrate-57 succeeded; rolling out deployment accounts-api")
    return [app, pg, job]


def build(out_dir):
    rng = random.Random(1124)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-11-24 08:20:00"), utc("2026-11-24 10:30:00")

        def waiting(t):
            return (8 + (t.minute % 5)) if LOCK_START <= t < LOCK_END else 0

        def p99(t):
            return 15.0 if LOCK_START + dt.timedelta(seconds=30) <= t < LOCK_END else 0.18 + 0.02 * (t.minute % 3)

        metrics = {
            "pg_locks_waiting.json": query_range([({"datname": "accounts", "mode": "RowExclusiveLock"}, waiting)], start, end, 30),
            "http_request_duration_p99_seconds.json": query_range([({"service": SERVICE, "route": "sessions#create"}, p99)], start, end, 30),
        }
        return write_scenario(
            out_dir, name="migration-table-lock", service=SERVICE, onset=ONSET,
            description="""
Slow migration locking a table. A migration adds a unique index on
users(lower(email)) without algorithm: :concurrently. The Helm pre-upgrade job runs
it at 09:40; CREATE INDEX holds a SHARE lock on the 40M-row users table for 22
minutes. Every write to users (sign-ins, presence, profile edits) waits, hits the
15 s statement_timeout and returns 500; Puma's thread pool fills.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"accounts-api.log": r"<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : \[<RequestId>\] <Content>"},
            root_cause=[r"still waiting for RowExclusiveLock", r"canceling statement due to statement timeout"],
            fix_files=[MIGRATION],
            explanation="""
The culprit adds the migration (and db/schema.rb). Decoys: the lower(email) lookup
in app/models/user.rb right after it, the rack bump the release job names, puma
workers, docs, specs, CI after the onset. The fix makes the migration build the
index concurrently (disable_ddl_transaction! and algorithm: :concurrently).
""",
        )
    finally:
        repo.close()
