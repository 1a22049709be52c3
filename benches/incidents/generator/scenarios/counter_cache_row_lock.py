"""coursework (Rails 8.0, Ruby 3.3, Puma, Solid Queue, PostgreSQL 16;
four web VMs and a jobs VM at Hetzner behind kamal-proxy, deployed with
Kamal 2 from a GitHub Actions job; team in Utrecht, Lisbon and Kyiv):
Studiq, the coursework platform of three Dutch universities. Students hand
in essays and lab reports; every upload is scanned by clamd before the
submission is accepted, inside the transaction that inserts it (since 9
December: a half-saved submission without a scan must not exist).

On Tuesday 15 December at 09:12 UTC a commit gives the teacher dashboard a
counter: `belongs_to :assignment, counter_cache: true` on Submission (with
a migration that adds and backfills `assignments.submissions_count`). Rails
runs the counter's `UPDATE "assignments" SET "submissions_count" = ...`
right after the INSERT, in the same transaction, so the assignment's row
stays locked until the scan (0.4-4 s) has finished and the transaction
commits: submissions to one assignment now run one at a time. The 10:14
Kamal deploy ships it (its version is a later logging commit's sha). During
the day nothing shows: an assignment gets a submission every few minutes.
At 21:00 UTC (22:00 in Amsterdam) a lab report deadline with 70 students
gives a handful of PostgreSQL lock waits over a second and no errors. The
first-year psychology essay (PSY1010, 900 students) is due at 23:59 CET
(22:59 UTC); from about 22:40 submissions arrive faster than one scan per
submission can clear them, waits pass the web connections' 5 s
lock_timeout, and submissions fail with 500 ("canceling statement due to
lock timeout"); students retry, which makes it worse. The course
coordinator extends the deadline at 22:56, arrivals fall, and the waits
clear. The fix the next morning drops the counter cache.

Decoys: the 15:20 statement_timeout change (database.yml, same timeout
words, deployed 15:41 and the version the app runs at the onset); the
morning's commit to the same model that rejects oversized files; a rails
8.0.0 -> 8.0.1 bump and the logging commit shipped with the culprit (the
deploy marker names the logging commit); an evening dashboard commit to the
culprit's feature (not deployed); the older clamd-scan and lock_timeout
commits that make the lock long and the error visible. App (rails_semantic_logger
JSON with exceptions), kamal-proxy (slog JSON request log), PostgreSQL
(log_lock_waits, continuation lines), Kamal deploys (GitHub Actions),
#coursework-ops (chat export)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import postgres
from skeletons import chores, readme, runbook

SERVICE = "coursework"
START, END = utc("2026-12-15 20:30:00"), utc("2026-12-15 23:40:00")
DEPLOY1, DEPLOY2 = utc("2026-12-15 10:14:30"), utc("2026-12-15 15:41:10")
BIO_DEADLINE = utc("2026-12-15 21:00:00")
PSY_DEADLINE = utc("2026-12-15 22:59:59")
ALERT = utc("2026-12-15 22:49:30")
EXTENDED = utc("2026-12-15 22:56:40")
LOCK_TIMEOUT = 5.0
LOG_LOCK_WAITS = 1.0

HOSTS = [("web-1", "10.0.1.11"), ("web-2", "10.0.1.12"), ("web-3", "10.0.1.13"), ("web-4", "10.0.1.14")]
PSY = {"id": 8812, "course": 412, "cohort": 900}
BIO = {"id": 8790, "course": 377, "cohort": 70}
OTHER_ASSIGNMENTS = [(8801, 405), (8777, 366), (8824, 418), (8769, 359), (8815, 412), (8806, 391)]
RELATION_OID, DATABASE_OID = 16590, 16401

SUBMISSION_RB = """class Submission < ApplicationRecord
  belongs_to :assignment
  belongs_to :student, class_name: "User"
  has_one_attached :file

  enum :status, { pending: 0, received: 1, graded: 2 }

  validates :file, presence: true
  validate :file_type_allowed

  private

  def file_type_allowed
    return unless file.attached?
    return if assignment.allowed_content_types.include?(file.content_type)

    errors.add(:file, "must be one of #{assignment.allowed_content_types.join(", ")}")
  end
end
"""

CONTROLLER_RB_V0 = """class SubmissionsController < ApplicationController
  before_action :require_student
  before_action :set_assignment

  def create
    @submission = @assignment.submissions.build(submission_params.merge(student: current_user, attempt: next_attempt, status: :received))
    @submission.save!
    redirect_to course_assignment_path(@assignment.course, @assignment), notice: "Handed in"
  end

  private

  def set_assignment
    @assignment = Assignment.find(params[:assignment_id])
  end

  def next_attempt
    @assignment.submissions.where(student: current_user).count + 1
  end

  def submission_params
    params.require(:submission).permit(:file, :comment)
  end
end
"""

CONTROLLER_RB = """class SubmissionsController < ApplicationController
  before_action :require_student
  before_action :set_assignment

  def create
    @submission = @assignment.submissions.build(submission_params.merge(student: current_user, attempt: next_attempt))
    Submission.transaction do
      @submission.save!
      # A submission that was not scanned must never be visible to a teacher.
      VirusScan.scan!(@submission.file)
      @submission.update!(status: :received, scanned_at: Time.current)
    end
    redirect_to course_assignment_path(@assignment.course, @assignment), notice: "Handed in"
  rescue VirusScan::Infected
    redirect_to course_assignment_path(@assignment.course, @assignment), alert: "Your file was rejected by the virus scanner"
  end

  private

  def set_assignment
    @assignment = Assignment.find(params[:assignment_id])
  end

  def next_attempt
    @assignment.submissions.where(student: current_user).count + 1
  end

  def submission_params
    params.require(:submission).permit(:file, :comment)
  end
end
"""

DASHBOARD_RB = """module Teacher
  class DashboardController < ApplicationController
    before_action :require_teacher

    def index
      @assignments = current_user.taught_assignments.open
        .select("assignments.*, (SELECT COUNT(*) FROM submissions s WHERE s.assignment_id = assignments.id) AS submitted")
        .order(:course_id, :due_at)
    end
  end
end
"""

DATABASE_YML = """default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS", 5) %>
  host: <%= ENV["DB_HOST"] %>
  username: coursework
  password: <%= ENV["DB_PASSWORD"] %>

development:
  <<: *default
  database: coursework_development

test:
  <<: *default
  database: coursework_test

production:
  <<: *default
  database: coursework
"""

VIRUS_SCAN_RB = """# Streams an upload to clamd (INSTREAM) and raises when it is infected.
class VirusScan
  class Infected < StandardError; end

  def self.scan!(attachment)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    attachment.open do |io|
      result = Clamby.safe?(io.path)
      raise Infected, attachment.filename.to_s unless result
    end
    ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - started) * 1000).round
  end
end
"""

DEPLOY_YML = """service: coursework
image: studiq/coursework

servers:
  web:
    - 10.0.1.11
    - 10.0.1.12
    - 10.0.1.13
    - 10.0.1.14
  jobs:
    hosts:
      - 10.0.1.21
    cmd: bin/jobs

proxy:
  host: coursework.studiq.nl
  ssl: true
  buffering:
    requests: true
    max_request_body: 104857600

registry:
  server: ghcr.io
  username: studiq-deploy
  password:
    - KAMAL_REGISTRY_PASSWORD

env:
  clear:
    WEB_CONCURRENCY: 3
    RAILS_MAX_THREADS: 5
    DB_HOST: 10.0.2.5
  secret:
    - RAILS_MASTER_KEY
    - DB_PASSWORD
"""


def repo_files():
    return {
        "Gemfile": 'source "https://rubygems.org"\n\ngem "rails", "~> 8.0.0"\ngem "pg", "~> 1.5"\ngem "puma", ">= 6.4"\ngem "solid_queue", "~> 1.0"\ngem "rails_semantic_logger", "~> 4.17"\ngem "clamby", "~> 1.6"\ngem "aws-sdk-s3", require: false\n\ngroup :development, :test do\n  gem "debug"\n  gem "minitest-reporters"\nend\n',
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    actionpack (8.0.0)\n    activerecord (8.0.0)\n    activesupport (8.0.0)\n    clamby (1.6.11)\n    pg (1.5.9)\n    puma (6.5.0)\n    rails (8.0.0)\n    rails_semantic_logger (4.17.0)\n    semantic_logger (4.16.1)\n    solid_queue (1.0.2)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  clamby (~> 1.6)\n  pg (~> 1.5)\n  puma (>= 6.4)\n  rails (~> 8.0.0)\n  rails_semantic_logger (~> 4.17)\n  solid_queue (~> 1.0)\n\nBUNDLED WITH\n   2.5.23\n",
        "app/models/application_record.rb": "class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n",
        "app/models/assignment.rb": 'class Assignment < ApplicationRecord\n  belongs_to :course\n  has_many :submissions, dependent: :restrict_with_error\n\n  scope :open, -> { where("due_at > ?", 2.weeks.ago) }\n\n  def allowed_content_types\n    super.presence || %w[application/pdf application/vnd.openxmlformats-officedocument.wordprocessingml.document]\n  end\nend\n',
        "app/models/submission.rb": SUBMISSION_RB,
        "app/controllers/submissions_controller.rb": CONTROLLER_RB_V0,
        "config/database.yml": DATABASE_YML,
        "config/deploy.yml": DEPLOY_YML,
        ".kamal/hooks/pre-deploy": "#!/bin/sh\n# Migrations run once, before the new containers start.\nbin/kamal app exec --primary --reuse \"bin/rails db:migrate\"\n",
        "config/initializers/semantic_logger.rb": 'Rails.application.configure do\n  config.rails_semantic_logger.format = :json\n  config.rails_semantic_logger.add_file_appender = false\n  config.semantic_logger.add_appender(io: $stdout, formatter: :json)\n  config.log_tags = { request_id: :request_id }\nend\n',
        "db/schema.rb": 'ActiveRecord::Schema[8.0].define(version: 2026_12_01_101500) do\n  create_table "assignments", force: :cascade do |t|\n    t.bigint "course_id", null: false\n    t.string "title", null: false\n    t.datetime "due_at", null: false\n    t.string "allowed_content_types", array: true, default: []\n    t.timestamps\n  end\n\n  create_table "submissions", force: :cascade do |t|\n    t.bigint "assignment_id", null: false\n    t.bigint "student_id", null: false\n    t.integer "attempt", default: 1, null: false\n    t.integer "status", default: 0, null: false\n    t.datetime "scanned_at"\n    t.text "comment"\n    t.timestamps\n    t.index ["assignment_id", "student_id"]\n  end\n\n  add_foreign_key "submissions", "assignments"\nend\n',
        "test/models/submission_test.rb": 'require "test_helper"\n\nclass SubmissionTest < ActiveSupport::TestCase\n  test "rejects a file type the assignment does not allow" do\n    submission = submissions(:essay)\n    submission.file.attach(io: StringIO.new("x"), filename: "essay.exe", content_type: "application/x-msdownload")\n    assert_not submission.valid?\n  end\nend\n',
        "Dockerfile": 'FROM ruby:3.3.6-slim\nWORKDIR /rails\nENV RAILS_ENV=production BUNDLE_WITHOUT="development:test"\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nRUN bin/rails assets:precompile\nEXPOSE 80\nCMD ["./bin/thrust", "./bin/rails", "server"]\n',
        ".github/workflows/ci.yml": "name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    services:\n      postgres:\n        image: postgres:16\n        env: {POSTGRES_PASSWORD: postgres}\n        ports: ['5432:5432']\n    steps:\n      - uses: actions/checkout@v3\n      - uses: ruby/setup-ruby@v1\n        with: {bundler-cache: true}\n      - run: bin/rails db:setup test\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n        with: {bundler-cache: true}\n      - run: bin/kamal deploy\n        env:\n          KAMAL_REGISTRY_PASSWORD: ${{ secrets.KAMAL_REGISTRY_PASSWORD }}\n          RAILS_MASTER_KEY: ${{ secrets.RAILS_MASTER_KEY }}\n          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n",
        "README.md": readme(SERVICE, "Studiq's coursework: assignments, hand-ins, feedback and grades for the universities' courses.", "bin/setup\nbin/rails test\nbin/dev").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Deploys are started by hand from the `deploy` workflow (`bin/kamal deploy`), which ships the head of `main` to the web and jobs VMs. No deploys after 17:00 CET in exam weeks."),
    }


def build_repo():
    anouk = Person("Anouk de Vries", "anouk@studiq.nl", 60)
    tiago = Person("Tiago Martins", "tiago@studiq.nl", 0)
    olena = Person("Olena Kovalenko", "olena@studiq.nl", 120)
    sem = Person("Sem Jansen", "sem@studiq.nl", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("SubmissionErrors", "More than 1 % of hand-ins fail. Check the app log for the exception and PostgreSQL for lock waits and timeouts; check clamd on the web VMs."),
        ("ClamdDown", "clamd not answering on a web VM: `systemctl restart clamav-daemon`; hand-ins on that VM fail until it is back."),
    ])
    repo.commit(utc("2026-12-08 09:10:00"), anouk, "coursework: import from the old monorepo", files)
    repo.schedule(chores(random.Random(19104), SERVICE, [anouk, tiago, olena, sem], utc("2026-12-08 09:10:00"), utc("2026-12-14 17:00:00"), 4))
    repo.commit(utc("2026-12-09 13:40:00"), tiago, "submissions: scan uploads with clamd before accepting them\n\nThe scan runs inside the transaction that saves the submission, so a\nsubmission a teacher can see has always been scanned.", {
        "app/services/virus_scan.rb": VIRUS_SCAN_RB,
        "app/controllers/submissions_controller.rb": CONTROLLER_RB,
        "config/clamd.yml": "host: 127.0.0.1\nport: 3310\nstream_max_length: 104857600\n",
    })
    repo.commit(utc("2026-12-10 10:25:00"), olena, "teacher dashboard: open assignments with their submission counts", {
        "app/controllers/teacher/dashboard_controller.rb": DASHBOARD_RB,
        "app/views/teacher/dashboard/index.html.erb": '<h1>Open assignments</h1>\n<table>\n  <% @assignments.each do |a| %>\n    <tr><td><%= a.course.code %></td><td><%= a.title %></td><td><%= l a.due_at %></td><td><%= a.submitted %></td></tr>\n  <% end %>\n</table>\n',
    })
    repo.commit(utc("2026-12-11 15:02:00"), sem, "database: lock_timeout 5 s, statement_timeout 15 s for production\n\nTuesday's stuck gradebook export held a lock for 40 minutes and web\nrequests queued behind it; web requests should fail fast instead.", {
        "config/database.yml": repo.edit("config/database.yml", "  database: coursework\n", "  database: coursework\n  variables:\n    lock_timeout: 5s\n    statement_timeout: 15s\n"),
    })
    repo.commit(utc("2026-12-14 14:30:00"), tiago, "assignments: deadlines in the student's time zone in the API", {
        "app/models/assignment.rb": repo.edit("app/models/assignment.rb", "  def allowed_content_types", "  def due_at_for(user)\n    due_at.in_time_zone(user.time_zone.presence || \"Europe/Amsterdam\")\n  end\n\n  def allowed_content_types"),
    })
    repo.commit(utc("2026-12-15 07:55:00"), tiago, "submissions: reject files over the assignment's size limit before scanning", {
        "app/models/submission.rb": repo.edit("app/models/submission.rb", "  validate :file_type_allowed\n", "  validate :file_type_allowed\n  validate :file_size_within_limit\n").replace(
            "    errors.add(:file, \"must be one of #{assignment.allowed_content_types.join(\", \")}\")\n  end\n",
            "    errors.add(:file, \"must be one of #{assignment.allowed_content_types.join(\", \")}\")\n  end\n\n  def file_size_within_limit\n    return unless file.attached?\n    return if file.byte_size <= (assignment.max_file_mb || 50).megabytes\n\n    errors.add(:file, \"is larger than #{assignment.max_file_mb || 50} MB\")\n  end\n"),
    })
    culprit = repo.commit(utc("2026-12-15 09:12:00"), olena, "dashboard: keep submissions_count on assignments (counter cache)\n\nThe open-assignments overview ran COUNT(*) over submissions for every\nrow and took 3-4 s for teachers of the large first-year courses. Rails\nkeeps the count in assignments.submissions_count now; the migration\nadds the column and backfills it.", {
        "app/models/submission.rb": repo.edit("app/models/submission.rb", "  belongs_to :assignment\n", "  belongs_to :assignment, counter_cache: true\n"),
        "db/migrate/20261215090500_add_submissions_count_to_assignments.rb": 'class AddSubmissionsCountToAssignments < ActiveRecord::Migration[8.0]\n  def up\n    add_column :assignments, :submissions_count, :integer, default: 0, null: false\n    execute <<~SQL\n      UPDATE assignments SET submissions_count = (SELECT COUNT(*) FROM submissions s WHERE s.assignment_id = assignments.id)\n    SQL\n  end\n\n  def down\n    remove_column :assignments, :submissions_count\n  end\nend\n',
        "db/schema.rb": repo.edit("db/schema.rb", 'version: 2026_12_01_101500', 'version: 2026_12_15_090500').replace('    t.string "allowed_content_types", array: true, default: []\n', '    t.string "allowed_content_types", array: true, default: []\n    t.integer "submissions_count", default: 0, null: false\n'),
        "app/controllers/teacher/dashboard_controller.rb": DASHBOARD_RB.replace('      @assignments = current_user.taught_assignments.open\n        .select("assignments.*, (SELECT COUNT(*) FROM submissions s WHERE s.assignment_id = assignments.id) AS submitted")\n', '      @assignments = current_user.taught_assignments.open\n'),
        "app/views/teacher/dashboard/index.html.erb": repo.edit("app/views/teacher/dashboard/index.html.erb", "<%= a.submitted %>", "<%= a.submissions_count %>"),
    })
    repo.commit(utc("2026-12-15 09:40:00"), bot, "Bump rails from 8.0.0 to 8.0.1\n\nBumps [rails](https://github.com/rails/rails) from 8.0.0 to 8.0.1.\n- [Release notes](https://github.com/rails/rails/releases)\n- [Commits](https://github.com/rails/rails/compare/v8.0.0...v8.0.1)", {
        "Gemfile.lock": repo.edit("Gemfile.lock", "    actionpack (8.0.0)\n    activerecord (8.0.0)\n    activesupport (8.0.0)\n", "    actionpack (8.0.1)\n    activerecord (8.0.1)\n    activesupport (8.0.1)\n").replace("    rails (8.0.0)\n", "    rails (8.0.1)\n"),
    })
    logline = repo.commit(utc("2026-12-15 09:58:00"), anouk, "submissions: log assignment, attempt, size and scan time\n\nDeadline nights: we want to see hand-ins per assignment and how long\nclamd takes, without going through the access log.", {
        "app/controllers/submissions_controller.rb": repo.edit("app/controllers/submissions_controller.rb", "    Submission.transaction do\n      @submission.save!\n      # A submission that was not scanned must never be visible to a teacher.\n      VirusScan.scan!(@submission.file)\n      @submission.update!(status: :received, scanned_at: Time.current)\n    end\n",
                                                               "    scan_ms = nil\n    Submission.transaction do\n      @submission.save!\n      # A submission that was not scanned must never be visible to a teacher.\n      scan_ms = VirusScan.scan!(@submission.file)\n      @submission.update!(status: :received, scanned_at: Time.current)\n    end\n    logger.info(\"Submission received\", assignment_id: @assignment.id, course_id: @assignment.course_id,\n                attempt: @submission.attempt, bytes: @submission.file.byte_size, scan_ms: scan_ms)\n"),
    })
    repo.commit(utc("2026-12-15 13:05:00"), sem, "docs: deadline-night checklist", {
        "docs/deadlines.md": "# Deadline nights\n\nThe large first-year courses close at 23:59 CET; most hand-ins arrive in\nthe last 30 minutes.\n\n- No deploys after 17:00 CET on a deadline day.\n- Watch: hand-in errors (Grafana > coursework > Submissions), clamd\n  latency, PostgreSQL connections.\n- A course coordinator can extend a deadline from the course settings;\n  tell #coursework-support if you ask them to.\n",
    })
    timeout = repo.commit(utc("2026-12-15 15:20:00"), tiago, "database: statement_timeout 30 s\n\nThe gradebook CSV export of the large first-year courses runs 16-20 s\nand was cancelled at 15 s.", {
        "config/database.yml": repo.edit("config/database.yml", "    statement_timeout: 15s\n", "    statement_timeout: 30s\n"),
    })
    repo.commit(utc("2026-12-15 20:10:00"), olena, "dashboard: sort open assignments by deadline, then course", {
        "app/controllers/teacher/dashboard_controller.rb": repo.edit("app/controllers/teacher/dashboard_controller.rb", ".order(:course_id, :due_at)", ".order(:due_at, :course_id)"),
    })
    repo.commit(utc("2026-12-16 08:40:00"), anouk, "submissions: drop the counter cache; count in the dashboard query again\n\nThe counter's UPDATE locked the assignment's row until the transaction\ncommitted, after the clamd scan, so hand-ins to one assignment ran one\nat a time. At the PSY1010 deadline they queued past lock_timeout and\nfailed (INC-231).", {
        "app/models/submission.rb": repo.edit("app/models/submission.rb", "  belongs_to :assignment, counter_cache: true\n", "  belongs_to :assignment\n"),
        "app/controllers/teacher/dashboard_controller.rb": repo.edit("app/controllers/teacher/dashboard_controller.rb", "      @assignments = current_user.taught_assignments.open\n", '      @assignments = current_user.taught_assignments.open\n        .select("assignments.*, (SELECT COUNT(*) FROM submissions s WHERE s.assignment_id = assignments.id) AS submissions_count")\n'),
    })
    return repo, culprit, logline, timeout


# ---------------------------------------------------------------------------
# formats

def _iso_us(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"


def semantic(t, host, pid, thread, level, name, message, request_id=None, payload=None, duration_ms=None, exception=None):
    body = {"host": host, "application": "coursework", "environment": "production", "timestamp": _iso_us(t),
            "level": level, "level_index": {"info": 2, "warn": 3, "error": 4}[level], "pid": pid, "thread": thread}
    if request_id:
        body["named_tags"] = {"request_id": request_id}
    if duration_ms is not None:
        body["duration_ms"] = round(duration_ms, 2)
        body["duration"] = f"{duration_ms / 1000:.3f}s" if duration_ms >= 1000 else f"{duration_ms:.1f}ms"
    body["name"] = name
    body["message"] = message
    if payload:
        body["payload"] = payload
    if exception:
        body["exception"] = exception
    return json.dumps(body, separators=(",", ":"))


def proxy_line(t, host, path, method, status, duration_s, client, ua, req_len, resp_len, request_id, target):
    body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}" + "417Z", "level": "INFO", "msg": "Request",
            "host": "coursework.studiq.nl", "port": 443, "path": path, "request_id": request_id, "status": status,
            "service": "coursework-web", "target": target, "duration": int(duration_s * 1e9), "method": method,
            "req_content_length": req_len, "req_content_type": "multipart/form-data" if method == "POST" else "",
            "resp_content_length": resp_len, "resp_content_type": "text/html; charset=utf-8", "client_addr": client,
            "client_port": str(40000 + (hash_int(request_id) % 25000)), "remote_addr": client, "user_agent": ua,
            "proto": "HTTP/2.0", "scheme": "https", "query": ""}
    return json.dumps(body, separators=(",", ":"))


def hash_int(text):
    return int(text[:8], 16)


UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
]

STACK = [
    "activerecord (8.0.1) lib/active_record/connection_adapters/postgresql/database_statements.rb:160:in `exec_no_cache'",
    "activerecord (8.0.1) lib/active_record/connection_adapters/abstract_adapter.rb:1004:in `block in with_raw_connection'",
    "activerecord (8.0.1) lib/active_record/connection_adapters/postgresql/database_statements.rb:59:in `internal_exec_query'",
    "activerecord (8.0.1) lib/active_record/relation.rb:563:in `update_counters'",
    "activerecord (8.0.1) lib/active_record/counter_cache.rb:144:in `update_counters'",
    "activerecord (8.0.1) lib/active_record/associations/belongs_to_association.rb:57:in `increment_counters'",
    "activerecord (8.0.1) lib/active_record/counter_cache.rb:188:in `_create_record'",
    "activerecord (8.0.1) lib/active_record/transactions.rb:361:in `save!'",
    "app/controllers/submissions_controller.rb:9:in `block in create'",
    "activerecord (8.0.1) lib/active_record/connection_adapters/abstract/database_statements.rb:359:in `transaction'",
    "app/controllers/submissions_controller.rb:8:in `create'",
    "actionpack (8.0.1) lib/action_controller/metal/basic_implicit_render.rb:8:in `send_action'",
]


# ---------------------------------------------------------------------------
# the deadline night

def psy_rate(t):
    """Hand-ins per second to the PSY1010 essay, before the extension."""
    minutes_left = (PSY_DEADLINE - min(t, EXTENDED)).total_seconds() / 60
    rate = 1.5 * math.exp(-minutes_left / 13.0) + 0.008
    if t >= EXTENDED:
        # the announcement reaches the students over a few minutes
        return 0.03 + (rate - 0.03) * math.exp(-(t - EXTENDED).total_seconds() / 150)
    return rate


def bio_rate(t):
    if t > BIO_DEADLINE:
        return 0.002
    minutes_left = (BIO_DEADLINE - t).total_seconds() / 60
    return 0.07 * math.exp(-minutes_left / 12.0) + 0.001


def arrivals(rng, rate_fn, start, end, peak):
    """Thinned Poisson arrivals with the time-varying rate (per second)."""
    out = []
    t = start
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(peak))
        if t >= end:
            return out
        if rng.random() < rate_fn(t) / peak:
            out.append(t)


def simulate_assignment(rng, assignment, first_tries, pids):
    """One row lock per assignment, granted in order of request. Each hand-in
    inserts (30-60 ms), updates the counter (takes the row lock), scans
    (0.4-4 s), commits. A wait past lock_timeout fails the hand-in; most
    students try again after a while."""
    heap = [(t, i, {"student": 10_000 + rng.randint(0, 89_999), "attempt": 1}) for i, t in enumerate(first_tries)]
    heapq.heapify(heap)
    seq = len(heap)
    done = []
    free_at = None  # when the current holder commits
    holders = []  # (grant, release, pid)
    waiting = []  # (queued_at, leaves_at, pid)
    busy = {}
    while heap:
        t, _, who = heapq.heappop(heap)
        if t >= END - dt.timedelta(seconds=20):
            continue
        pre = dt.timedelta(milliseconds=rng.randint(30, 60))
        queued = t + pre
        size = int(rng.lognormvariate(math.log(1_400_000), 0.7))
        scan = dt.timedelta(milliseconds=int(250 + 900 * rng.lognormvariate(0, 0.55) * (size / 1_400_000) ** 0.35))
        pid = rng.choice(pids)
        for _ in range(30):
            if busy.get(pid, t) <= t:
                break
            pid = rng.choice(pids)
        wait = max(dt.timedelta(0), (free_at - queued) if free_at else dt.timedelta(0))
        ahead = [w for w in waiting if w[0] <= queued < w[1]]
        rec = {"t": t, "queued": queued, "who": who, "size": size, "scan": scan, "pid": pid, "wait": wait, "ahead": len(ahead),
               "assignment": assignment}
        if wait.total_seconds() > LOCK_TIMEOUT:
            rec["failed_at"] = queued + dt.timedelta(seconds=LOCK_TIMEOUT)
            waiting.append((queued, rec["failed_at"], pid))
            busy[pid] = rec["failed_at"] + dt.timedelta(milliseconds=80)
            rec["holder"] = holder_at(holders, queued + dt.timedelta(seconds=LOCK_TIMEOUT))
            if rng.random() < 0.85 and who["attempt"] < 6:
                back = dt.timedelta(seconds=rng.uniform(12, 90))
                seq += 1
                heapq.heappush(heap, (rec["failed_at"] + back, seq, {"student": who["student"], "attempt": who["attempt"] + 1}))
        else:
            grant = queued + wait
            release = grant + scan + dt.timedelta(milliseconds=rng.randint(4, 12))
            rec["grant"], rec["release"] = grant, release
            if wait > dt.timedelta(0):
                waiting.append((queued, grant, pid))
                rec["holder"] = holder_at(holders, queued + dt.timedelta(seconds=min(LOG_LOCK_WAITS, wait.total_seconds())))
            holders.append((grant, release, pid))
            busy[pid] = release + dt.timedelta(milliseconds=40)
            free_at = release
        done.append(rec)
    done.sort(key=lambda r: r["t"])
    # the queue of waiters at the moment each wait is logged
    for rec in done:
        if rec["wait"].total_seconds() > LOG_LOCK_WAITS:
            at = rec["queued"] + dt.timedelta(seconds=LOG_LOCK_WAITS)
            rec["queue"] = [w[2] for w in sorted(waiting) if w[0] <= at < w[1]]
    return done


def holder_at(holders, at):
    for grant, release, pid in reversed(holders):
        if grant <= at < release:
            return pid
    return holders[-1][2] if holders else 0


def build_logs(rng, culprit, logline, timeout):
    app = Log("coursework.log")
    proxy = Log("kamal-proxy.log")
    pg = Log("postgresql.log")
    deploy = Log("deploy.log")
    chat = Log("coursework-ops.log")

    # Puma: 3 workers x 5 threads per VM, each thread with its own connection (backend pid)
    threads = []
    for host, _ in HOSTS:
        for w in range(3):
            wpid = rng.randint(2000, 9000)
            for th in range(5):
                threads.append((host, wpid, f"puma srv tp {th + 1:03d}", 31000 + rng.randint(0, 9999)))
    pid_to_thread = {th[3]: th for th in threads}
    pids = [th[3] for th in threads]
    containers = {host: hexid(rng, 12) for host, _ in HOSTS}

    def who_ip():
        return f"{rng.choice(['145.94', '131.211', '84.105', '77.161', '86.88', '92.109', '143.177'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"

    stats = {"ok": [], "fail": [], "waits": []}

    # ---- hand-ins -----------------------------------------------------------------------
    psy = simulate_assignment(rng, PSY, arrivals(rng, psy_rate, START, END, 1.6), pids)
    bio = simulate_assignment(rng, BIO, arrivals(rng, bio_rate, START, END, 0.08), pids)
    others = []
    for aid, course in OTHER_ASSIGNMENTS:
        others += simulate_assignment(rng, {"id": aid, "course": course, "cohort": 200}, poisson_times(rng, START, END, 0.1), pids)
    ctid = {PSY["id"]: [1844, 7], BIO["id"]: [1790, 33]}
    for aid, _ in OTHER_ASSIGNMENTS:
        ctid[aid] = [1700 + aid % 97, rng.randint(2, 40)]
    xid = [91_382_000]

    events = sorted(psy + bio + others, key=lambda r: r["t"])
    for rec in events:
        host, wpid, thread, _ = pid_to_thread[rec["pid"]]
        a = rec["assignment"]
        path = f"/courses/{a['course']}/assignments/{a['id']}/submissions"
        req_id = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        client = who_ip()
        ua = rng.choice(UAS)
        upload = dt.timedelta(milliseconds=int(rec["size"] / rng.uniform(900, 6000)))
        start_app = rec["t"]
        proxy_start = start_app - upload
        xid[0] += rng.randint(3, 40)
        tup = ctid[a["id"]]
        tuple_text = f"({tup[0]},{tup[1]})"
        stmt = 'UPDATE "assignments" SET "submissions_count" = COALESCE("submissions_count", 0) + $1 WHERE "assignments"."id" = $2'
        queue = rec.get("queue") or [rec["pid"]]
        first = queue[0] == rec["pid"]
        if rec["wait"].total_seconds() > LOG_LOCK_WAITS:
            at = rec["queued"] + dt.timedelta(seconds=LOG_LOCK_WAITS, microseconds=rng.randint(10, 90))
            waited = 1000 + rng.uniform(0.01, 0.09)
            if first:
                msg = f"process {rec['pid']} still waiting for ShareLock on transaction {xid[0] - rng.randint(1, 30)} after {waited:.3f} ms"
                detail = f"Process holding the lock: {rec['holder']}. Wait queue: {rec['pid']}."
            else:
                msg = f"process {rec['pid']} still waiting for ExclusiveLock on tuple {tuple_text} of relation {RELATION_OID} of database {DATABASE_OID} after {waited:.3f} ms"
                detail = f"Process holding the lock: {queue[0]}. Wait queue: {', '.join(str(p) for p in queue[1:])}."
            ud = "coursework@coursework"
            pg.add(at, postgres(at, rec["pid"], "LOG", msg, ud))
            pg.add(at, postgres(at, rec["pid"], "DETAIL", detail, ud))
            if first:
                pg.add(at, postgres(at, rec["pid"], "CONTEXT", f'while updating tuple {tuple_text} in relation "assignments"', ud))
            pg.add(at, postgres(at, rec["pid"], "STATEMENT", stmt, ud))
            stats["waits"].append((rec["queued"], rec.get("grant") or rec["failed_at"]))
            if "grant" in rec:
                g = rec["grant"]
                if first:
                    pg.add(g, postgres(g, rec["pid"], "LOG", f"process {rec['pid']} acquired ShareLock on transaction {xid[0] - rng.randint(1, 30)} after {rec['wait'].total_seconds() * 1000:.3f} ms", ud))
                else:
                    pg.add(g, postgres(g, rec["pid"], "LOG", f"process {rec['pid']} acquired ExclusiveLock on tuple {tuple_text} of relation {RELATION_OID} of database {DATABASE_OID} after {rec['wait'].total_seconds() * 1000:.3f} ms", ud))
                if first:
                    pg.add(g, postgres(g, rec["pid"], "CONTEXT", f'while updating tuple {tuple_text} in relation "assignments"', ud))
                pg.add(g, postgres(g, rec["pid"], "STATEMENT", stmt, ud))
        if "failed_at" in rec:
            f = rec["failed_at"]
            ud = "coursework@coursework"
            pg.add(f, postgres(f, rec["pid"], "ERROR", "canceling statement due to lock timeout", ud))
            if first:
                pg.add(f, postgres(f, rec["pid"], "CONTEXT", f'while updating tuple {tuple_text} in relation "assignments"', ud))
            pg.add(f, postgres(f, rec["pid"], "STATEMENT", stmt, ud))
            end = f + dt.timedelta(milliseconds=rng.randint(20, 60))
            duration = (end - start_app).total_seconds() * 1000
            context = f'CONTEXT:  while updating tuple {tuple_text} in relation "assignments"\n' if first else ""
            exc = {"name": "ActiveRecord::LockWaitTimeout", "message": f"PG::LockNotAvailable: ERROR:  canceling statement due to lock timeout\n{context}", "stack_trace": STACK}
            app.add(end, semantic(end, host, wpid, thread, "error", "SubmissionsController", "Completed #create", req_id,
                                  {"controller": "SubmissionsController", "action": "create", "format": "html", "method": "POST", "path": path,
                                   "status": 500, "status_message": "Internal Server Error", "view_runtime": 0.0, "db_runtime": round(duration - rng.uniform(8, 20), 2)},
                                  duration, exc))
            proxy.add(end, proxy_line(end, host, path, "POST", 500, (end - proxy_start).total_seconds(), client, ua, rec["size"], 1635, req_id, f"{containers[host]}:80"))
            stats["fail"].append(end)
        else:
            tup[1] += 1
            if tup[1] > 61:
                tup[1] = 1
            done_at = rec["release"] + dt.timedelta(milliseconds=rng.randint(8, 25))
            duration = (done_at - start_app).total_seconds() * 1000
            app.add(rec["release"], semantic(rec["release"], host, wpid, thread, "info", "SubmissionsController", "Submission received", req_id,
                                             {"assignment_id": a["id"], "course_id": a["course"], "attempt": rec["who"]["attempt"], "bytes": rec["size"], "scan_ms": int(rec["scan"].total_seconds() * 1000)}))
            app.add(done_at, semantic(done_at, host, wpid, thread, "info", "SubmissionsController", "Completed #create", req_id,
                                      {"controller": "SubmissionsController", "action": "create", "format": "html", "method": "POST", "path": path,
                                       "status": 302, "status_message": "Found", "db_runtime": round((rec["wait"].total_seconds() * 1000) + rng.uniform(9, 30), 2)}, duration))
            proxy.add(done_at, proxy_line(done_at, host, path, "POST", 302, (done_at - proxy_start).total_seconds(), client, ua, rec["size"], 0, req_id, f"{containers[host]}:80"))
            job_at = done_at + dt.timedelta(milliseconds=rng.randint(200, 2500)) + dt.timedelta(milliseconds=ms(rng, 900, 0.4))
            app.add(job_at, semantic(job_at, "jobs-1", 3121, f"worker-{rng.randint(1, 5)}", "info", "ActiveJob", f"Performed PlagiarismCheckJob (Job ID: {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}) from SolidQueue(default) in {ms(rng, 900, 0.4):.2f}ms",
                                     payload={"job_class": "PlagiarismCheckJob", "queue": "default", "assignment_id": a["id"]}))
            stats["ok"].append(done_at)

    # ---- everything else students and teachers do -----------------------------------------
    routes = [
        (6, "GET", "AssignmentsController", "show", lambda: f"/courses/{PSY['course']}/assignments/{PSY['id']}", 38, 14_200),
        (3, "GET", "AssignmentsController", "show", lambda: f"/courses/{rng.choice(OTHER_ASSIGNMENTS)[1]}/assignments/{rng.choice(OTHER_ASSIGNMENTS)[0]}", 35, 12_900),
        (4, "GET", "DashboardController", "index", lambda: "/dashboard", 52, 22_400),
        (2, "GET", "CoursesController", "show", lambda: f"/courses/{rng.choice([412, 377, 405, 366, 418, 359, 391])}", 44, 18_700),
        (1, "GET", "GradesController", "index", lambda: f"/courses/{rng.choice([405, 366, 359])}/grades", 71, 31_000),
        (1, "GET", "Teacher::DashboardController", "index", lambda: "/teacher/dashboard", 61, 27_300),
        (1, "POST", "FeedbackController", "create", lambda: f"/submissions/{rng.randint(600_000, 690_000)}/feedback", 48, 0),
    ]

    def page_rate(t):
        return 3.0 + 40 * psy_rate(t)

    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(page_rate(t) / 60))
        if t >= END:
            break
        _, method, controller, action, path_fn, mean, size = weighted_route(rng, routes)
        host, wpid, thread, _ = rng.choice(threads)
        req_id = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        path = path_fn()
        dur = ms(rng, mean, 0.45)
        end = t + dt.timedelta(milliseconds=dur)
        status = 302 if method == "POST" else 200
        app.add(end, semantic(end, host, wpid, thread, "info", controller, f"Completed #{action}", req_id,
                              {"controller": controller, "action": action, "format": "html", "method": method, "path": path, "status": status,
                               "status_message": "OK" if status == 200 else "Found", "view_runtime": round(dur * 0.55, 2), "db_runtime": round(dur * 0.3, 2)}, float(dur)))
        proxy.add(end, proxy_line(end, host, path, method, status, dur / 1000 + 0.002, who_ip(), rng.choice(UAS), 0 if method == "GET" else 412, size if status == 200 else 0, req_id, f"{containers[host]}:80"))

    # deadline extension by the coordinator
    host, wpid, thread, _ = threads[7]
    rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
    app.add(EXTENDED, semantic(EXTENDED, host, wpid, thread, "info", "Teacher::AssignmentsController", "Deadline changed", rid,
                               {"assignment_id": PSY["id"], "course_id": PSY["course"], "from": "2026-12-15T22:59:59Z", "to": "2026-12-16T11:00:00Z", "by": "coordinator"}))
    e2 = EXTENDED + dt.timedelta(milliseconds=84)
    app.add(e2, semantic(e2, host, wpid, thread, "info", "Teacher::AssignmentsController", "Completed #update", rid,
                         {"controller": "Teacher::AssignmentsController", "action": "update", "format": "html", "method": "PATCH", "path": f"/teacher/assignments/{PSY['id']}", "status": 302, "status_message": "Found"}, 84.0))

    # ---- PostgreSQL background ------------------------------------------------------------
    t = START + dt.timedelta(seconds=rng.randint(30, 200))
    while t < END:
        pg.add(t, postgres(t, 58, "LOG", "checkpoint starting: time"))
        c = t + dt.timedelta(seconds=rng.uniform(178, 182))
        bufs = rng.randint(900, 4200)
        pg.add(c, postgres(c, 58, "LOG", f"checkpoint complete: wrote {bufs} buffers ({bufs / 1310.72:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={rng.uniform(176, 180):.3f} s, sync=0.0{rng.randint(1, 9)}4 s, total={rng.uniform(179, 181):.3f} s; sync files={rng.randint(40, 110)}, longest=0.00{rng.randint(1, 9)} s, average=0.001 s; distance={rng.randint(8000, 30000)} kB, estimate={rng.randint(15000, 32000)} kB; lsn=2A/{rng.randint(0x10000000, 0xFFFFFFFF):08X}, redo lsn=2A/{rng.randint(0x10000000, 0xFFFFFFFF):08X}"))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.09):
        d = rng.uniform(2050, 9800)
        course = rng.choice([405, 366, 359, 391])
        pid = rng.randint(41000, 48999)
        pg.add(t, postgres(t, pid, "LOG", f'duration: {d:.3f} ms  execute <unnamed>: SELECT "grades".* FROM "grades" INNER JOIN "submissions" ON "submissions"."id" = "grades"."submission_id" INNER JOIN "assignments" ON "assignments"."id" = "submissions"."assignment_id" WHERE "assignments"."course_id" = $1 ORDER BY "submissions"."student_id"', "coursework@coursework"))
        pg.add(t, postgres(t, pid, "DETAIL", f"parameters: $1 = '{course}'", "coursework@coursework"))
    for t in poisson_times(rng, START, END, 0.04):
        table = rng.choice(["submissions", "active_storage_blobs", "solid_queue_jobs", "assignments"])
        pid = rng.randint(60000, 69999)
        pg.add(t, postgres(t, pid, "LOG", f'automatic analyze of table "coursework.public.{table}"'))
        pg.add(t, postgres(t, pid, "DETAIL", f"avg read rate: {rng.uniform(0, 4):.3f} MB/s, avg write rate: {rng.uniform(0, 1):.3f} MB/s\n\tbuffer usage: {rng.randint(200, 9000)} hits, {rng.randint(0, 90)} misses, {rng.randint(0, 20)} dirtied\n\tsystem usage: CPU: user: 0.0{rng.randint(1, 9)} s, system: 0.00 s, elapsed: 0.{rng.randint(10, 99)} s"))

    # ---- deploys (GitHub Actions running kamal) ------------------------------------------
    for when, sha in ((DEPLOY1, logline), (DEPLOY2, timeout)):
        t0 = when - dt.timedelta(seconds=205)
        seq = [0]

        def g(off, text):
            seq[0] += 1
            tt = t0 + dt.timedelta(seconds=off, milliseconds=31 * seq[0] + rng.randint(0, 20))
            deploy.add(tt, f"{tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond:06d}{rng.randint(0, 9)}Z {text}")
        g(0, "##[group]Run bin/kamal deploy")
        g(0, "bin/kamal deploy")
        g(1, "Log into image registry...")
        tag = hexid(rng, 8)
        g(1, f"  INFO [{tag}] Running docker login ghcr.io -u [REDACTED] -p [REDACTED] as runner@localhost")
        g(2, f"  INFO [{tag}] Finished in 0.{rng.randint(600, 999)} seconds with exit status 0 (successful).")
        g(2, "Build and push app image...")
        tag = hexid(rng, 8)
        g(3, f"  INFO [{tag}] Running docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t ghcr.io/studiq/coursework:{sha} -t ghcr.io/studiq/coursework:latest --label service=\"coursework\" --file Dockerfile . as runner@localhost")
        g(148, f"  INFO [{tag}] Finished in 145.{rng.randint(100, 999)} seconds with exit status 0 (successful).")
        g(148, "Ensure kamal-proxy is running...")
        g(149, "Acquiring the deploy lock...")
        g(150, "Running the pre-deploy hook...")
        g(150, f"  INFO [{hexid(rng, 8)}] Running /usr/bin/env .kamal/hooks/pre-deploy as runner@localhost")
        if sha == logline:
            g(151, "== 20261215090500 AddSubmissionsCountToAssignments: migrating ===============")
            g(151, "-- add_column(:assignments, :submissions_count, :integer, {:default=>0, :null=>false})")
            g(151, "   -> 0.0112s")
            g(151, "-- execute(\"UPDATE assignments SET submissions_count = (SELECT COUNT(*) FROM submissions s WHERE s.assignment_id = assignments.id)\\n\")")
            g(153, "   -> 1.8590s")
            g(153, "== 20261215090500 AddSubmissionsCountToAssignments: migrated (1.8731s) ======")
        g(153, f"  INFO [{hexid(rng, 8)}] Finished in {rng.uniform(2.9, 3.4):.3f} seconds with exit status 0 (successful).")
        g(154, "Detect stale containers...")
        g(155, f"Start container with version {sha} using a 7s readiness delay (or reboot if already running)...")
        for i, (host, addr) in enumerate(HOSTS):
            tag = hexid(rng, 8)
            g(156 + 9 * i, f"  INFO [{tag}] Running docker run --detach --restart unless-stopped --name coursework-web-{sha} --network kamal --hostname {host}-{hexid(rng, 12)} -e KAMAL_CONTAINER_NAME=\"coursework-web-{sha}\" -e KAMAL_VERSION=\"{sha}\" --env-file .kamal/apps/coursework/env/roles/web.env --label service=\"coursework\" --label role=\"web\" --label destination ghcr.io/studiq/coursework:{sha} on {addr}")
            g(162 + 9 * i, f"  INFO [{hexid(rng, 8)}] Running docker exec kamal-proxy kamal-proxy deploy coursework-web --target=\"{hexid(rng, 12)}:80\" --host=\"coursework.studiq.nl\" --tls --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --buffer-requests --max-request-body=\"104857600\" on {addr}")
            g(164 + 9 * i, f"  INFO [{hexid(rng, 8)}] Finished in {rng.uniform(4, 8):.3f} seconds with exit status 0 (successful).")
        g(196, f"  INFO [{hexid(rng, 8)}] Running docker run --detach --restart unless-stopped --name coursework-jobs-{sha} --network kamal -e KAMAL_VERSION=\"{sha}\" --label role=\"jobs\" ghcr.io/studiq/coursework:{sha} bin/jobs on 10.0.1.21")
        g(199, "Prune old containers and images...")
        g(201, "Releasing the deploy lock...")
        g(201, f"  Finished all in {rng.uniform(199, 206):.1f} seconds")
        g(201, "##[endgroup]")

    # ---- chat ----------------------------------------------------------------------------
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #coursework-ops <{who}> {text}")
    say(utc("2026-12-15 10:19:40"), "Anouk de Vries", f"deployed {logline[:7]} (counter cache for the teacher dashboard, rails 8.0.1, hand-in logging)")
    say(utc("2026-12-15 15:45:05"), "Tiago Martins", f"deployed {timeout[:7]} (statement_timeout 30 s for the gradebook export). Last deploy today, PSY1010 and BIO2040 close tonight")
    say(utc("2026-12-15 21:04:12"), "Sem Jansen", "BIO2040 lab report closed, 68 hand-ins, no errors")
    say(ALERT, "alertmanager", "[FIRING:1] SubmissionErrors coursework (error ratio 0.21 over 5m, POST /courses/:course_id/assignments/:assignment_id/submissions)")
    say(ALERT + dt.timedelta(seconds=95), "support-bot", "3 new tickets in 'Hand-in problems' (PSY1010): \"We're sorry, but something went wrong\" when handing in")
    say(ALERT + dt.timedelta(seconds=260), "Anouk de Vries", "looking. 500s on hand-ins, only PSY1010 as far as I see. clamd on web-1..4 answers fine")
    say(utc("2026-12-15 22:54:31"), "Anouk de Vries", "asking the PSY1010 coordinator to extend the deadline, hand-ins keep failing")
    say(EXTENDED + dt.timedelta(seconds=40), "Marloes Bakker (PSY1010)", "deadline extended to tomorrow 12:00, announcement sent to the students")
    say(utc("2026-12-15 23:14:50"), "Anouk de Vries", "no more errors since ~23:05. Postmortem tomorrow (INC-231)")
    return [app, proxy, pg, deploy, chat], stats


def weighted_route(rng, routes):
    total = sum(r[0] for r in routes)
    pick = rng.uniform(0, total)
    for r in routes:
        pick -= r[0]
        if pick <= 0:
            return r
    return routes[-1]


def build(out_dir):
    rng = random.Random(19100)
    repo, culprit, logline, timeout = build_repo()
    try:
        logs, stats = build_logs(rng, culprit, logline, timeout)
        onset = min(stats["fail"]).replace(microsecond=0)

        def waiting(t):
            return sum(1 for a, b in stats["waits"] if a <= t < b)

        def per_minute(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
            return fn

        metrics = {
            "pg_locks_waiting.json": query_range([({"datname": "coursework", "instance": "db-1:9187", "mode": "ExclusiveLock"}, waiting)], START, END, 15),
            "submissions_per_minute.json": query_range([
                ({"service": "coursework", "action": "submissions#create", "status": "302"}, per_minute(stats["ok"])),
                ({"service": "coursework", "action": "submissions#create", "status": "500"}, per_minute(stats["fail"])),
            ], START, END, 30),
        }
        return write_scenario(
            out_dir, name="counter-cache-row-lock", service=SERVICE, onset=onset,
            description=f"""
Students cannot hand in the first-year psychology essay on deadline night.
From {onset.strftime('%H:%M')} UTC on 15 December (the deadline is 22:59 UTC, 23:59 in Amsterdam)
hand-ins to PSY1010 fail with "We're sorry, but something went wrong"
(500); students retry. coursework was deployed at 10:14 and 15:41 that day
(no deploys after 17:00 CET on deadline days). The coordinator extends
the deadline at 22:56 and the errors stop a few minutes later.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"still waiting for ShareLock on transaction", r'while updating tuple .* in relation "assignments"', r"still waiting for ExclusiveLock on tuple"],
            fix_files=["app/models/submission.rb"],
            explanation=f"""
The culprit is the 09:12 commit that adds `counter_cache: true` to
Submission's `belongs_to :assignment` (with the migration that adds and
backfills assignments.submissions_count). Rails updates the counter right
after the INSERT, in the transaction that also runs the clamd scan, so the
assignment's row stays locked for the whole scan and hand-ins to one
assignment run one at a time. It shipped at 10:14 (the Kamal version is the
later logging commit) and did no harm while assignments got a hand-in every
few minutes; the 21:00 lab-report deadline gives a few waits over a second.
At the PSY1010 deadline hand-ins arrive faster than one scan each can clear:
PostgreSQL logs backends "still waiting for ShareLock on transaction" /
"ExclusiveLock on tuple" while updating the assignment's tuple, then
"canceling statement due to lock timeout" (lock_timeout 5 s), and Rails
answers 500 (ActiveRecord::LockWaitTimeout from update_counters), about
{int((onset - utc('2026-12-15 09:12:00')).total_seconds() // 3600)} h after the commit. The fix drops the counter cache (or moves the scan
out of the transaction).
Decoys: the statement_timeout change deployed at 15:41 (the version running
at the onset, same config file as the lock_timeout); the 11 December commit
that set lock_timeout 5 s (it only makes the waits fail fast); the clamd
scan inside the transaction (9 December, harmless without a shared row
lock); the same morning's size-limit validation in the culprit's model;
the rails bump and the hand-in logging commit shipped with the culprit
(the deploy marker names the logging commit); the evening dashboard
sorting commit (never deployed); docs; chores.
""",
        )
    finally:
        repo.close()
