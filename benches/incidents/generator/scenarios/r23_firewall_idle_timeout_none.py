"""loans-api (Ruby 3.3, Sinatra, Sequel with mysql2, Puma with two workers
on each of two VMs, loans-1 and loans-2, behind the library's HAProxy;
deployed with Ansible): checkouts, returns, renewals and holds for the
University of Aldermoor Library's issue desks and self-service kiosks.
Its MySQL 8.0 database runs on central IT's database VM, across the
datacentre firewall (a FortiGate pair run by IT Network Services).

At 02:14 UTC on Tuesday 24 March, as part of a "baseline alignment"
change, Network Services lowers the firewall's default TCP session TTL
from 3600 s to 900 s. The firewall now forgets a session idle for 15
minutes and silently drops its next packets. Sequel keeps pooled MySQL
connections open for hours and only validates those idle for more than an
hour; the ILS sync's once-a-minute calls keep each worker's most recent
connection warm, but the deeper connections that a burst of kiosk calls
opens sit idle between bursts. The next burst takes one: the query's
packets vanish, libmysqlclient waits three times its 10 s read timeout,
and the request fails after 30 s with "Lost connection to MySQL server
during query" (HAProxy: 500 after 30 s). The retry works on a new
connection. Nothing in loans-api's repository changed the behaviour.

It looks like the 07:05 release: that deploy restarted Puma (new, empty
pools), raised the Sequel pool from 8 to 12 connections per worker, and
came with a commit that rewrites the error log line; the first failure
comes about 40 minutes later, as the desks open. After a ticket to IT,
Network Services restores the 3600 s TTL at 09:52.

Evidence: the app's Sequel::DatabaseDisconnectError lines after 30 s
waits, HAProxy's 30 s 500s, the firewall export (traffic logs whose MySQL
sessions now end with action="timeout" after 900 s, and the 02:14 and 09:52
config events), the MySQL error log (nothing: the server never sees the
dropped packets), Threads_connected growing on the database. Sources:
app on two VMs (Ruby Logger), HAProxy (syslog RFC 3164, httplog),
FortiGate (syslog export, key=value), MySQL error log, Ansible."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "loans-api"
START, END = utc("2026-03-24 05:30:00"), utc("2026-03-24 10:20:00")
FW_START = utc("2026-03-24 00:00:00")
TTL_CHANGE = utc("2026-03-24 02:14:31")
TTL_REVERT = utc("2026-03-24 09:52:08")
DEPLOY = utc("2026-03-24 07:05:12")
DB_IP = "10.60.2.40"
VMS = {"loans-1": "10.20.4.11", "loans-2": "10.20.4.12"}

DB_RB = '''require "sequel"
require "yaml"

module Loans
  CONFIG = YAML.load_file(File.expand_path("../config/database.yml", __dir__))[ENV.fetch("RACK_ENV", "production")]

  DB = Sequel.connect(
    adapter: "mysql2",
    host: CONFIG["host"],
    database: CONFIG["database"],
    user: CONFIG["user"],
    password: ENV.fetch("LOANS_DB_PASSWORD"),
    max_connections: CONFIG["max_connections"],
    pool_timeout: CONFIG["pool_timeout"],
    read_timeout: CONFIG["read_timeout"],
    connect_timeout: 5,
    encoding: "utf8mb4"
  )
  DB.extension :connection_validator
  DB.pool.connection_validation_timeout = CONFIG["validate_after"]
end
'''

DATABASE_YML = """production:
  host: mysql-lib-01.db.aldermoor.ac.uk
  database: loans
  user: loans_app
  max_connections: 8
  pool_timeout: 5
  read_timeout: 10
  validate_after: 3600
"""

APP_RB = '''require "sinatra/base"
require "json"
require_relative "../lib/db"
require_relative "../lib/logging"

class LoansApp < Sinatra::Base
  set :show_exceptions, false

  before { Loans::Log.request_id = env["HTTP_X_REQUEST_ID"] || SecureRandom.hex(6) }

  get("/healthz") { "ok" }

  get "/api/patrons/:barcode/loans" do
    json Loans::DB[:loans].where(patron_barcode: params[:barcode], returned_at: nil).all
  end

  post "/api/loans" do
    body = JSON.parse(request.body.read)
    loan = Loans::Checkout.call(body["patron"], body["item"], desk: body["desk"])
    Loans::Log.info("checkout item=#{loan[:item_barcode]} desk=#{body["desk"]} due=#{loan[:due_at].iso8601}")
    status 201
    json loan
  end

  post "/api/loans/:id/return" do
    Loans::Return.call(params[:id])
    Loans::Log.info("return loan=#{params[:id]}")
    json ok: true
  end

  post "/api/loans/:id/renew" do
    json Loans::Renewal.call(params[:id])
  end

  error Sequel::Error do
    e = env["sinatra.error"]
    Loans::Log.error("#{e.class}: #{e.message}")
    status 500
    json error: "database_error"
  end

  def json(obj) = (content_type(:json); obj.to_json)
end
'''

LOGGING_RB = '''require "logger"

module Loans
  module Log
    LOGGER = Logger.new($stdout, progname: "loans-api")

    class << self
      attr_accessor :request_id
      def info(msg) = LOGGER.info(msg)
      def error(msg) = LOGGER.error(msg)
    end
  end
end
'''


def build_repo():
    rhiannon = Person("Rhiannon Pryce", "r.pryce@aldermoor.ac.uk", 0)
    tom = Person("Tom Ashworth", "t.ashworth@aldermoor.ac.uk", 0)
    weiling = Person("Wei Ling Tan", "w.tan@aldermoor.ac.uk", 480)
    joao = Person("João Figueiredo", "j.figueiredo@aldermoor.ac.uk", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()

    def gemfile(mysql2):
        return f'source "https://rubygems.org"\n\nruby "3.3.0"\n\ngem "sinatra", "~> 4.0"\ngem "puma", "~> 6.4"\ngem "sequel", "~> 5.78"\ngem "mysql2", "{mysql2}"\n\ngroup :test do\n  gem "rack-test"\n  gem "minitest"\nend\n'

    files = {
        "Gemfile": gemfile("0.5.5"),
        "config.ru": 'require_relative "app/loans_app"\nrun LoansApp\n',
        "app/loans_app.rb": APP_RB,
        "lib/db.rb": DB_RB,
        "lib/logging.rb": LOGGING_RB,
        "lib/renewal.rb": 'module Loans\n  module Renewal\n    def self.call(id)\n      DB.transaction do\n        loan = DB[:loans].where(id: id).for_update.first\n        rule = LoanRules.for(loan[:item_type])\n        raise Sequel::ValidationFailed, "renewal limit" if loan[:renewals] >= rule["max_renewals"]\n        DB[:loans].where(id: id).update(due_at: loan[:due_at] + rule["days"] * 86400, renewals: loan[:renewals] + 1)\n      end\n    end\n  end\nend\n',
        "config/database.yml": DATABASE_YML,
        "config/loan_rules.yml": "standard:\n  days: 28\n  max_renewals: 5\nshort_loan:\n  days: 7\n  max_renewals: 2\nreference:\n  days: 0\n  max_renewals: 0\n",
        "config/puma.rb": 'workers 2\nthreads 5, 5\npreload_app!\nbind "tcp://0.0.0.0:9292"\nbefore_fork { Loans::DB.disconnect }\n',
        "deploy/site.yml": "- hosts: loans\n  serial: 1\n  become: true\n  roles:\n    - loans-api\n",
        "deploy/roles/loans-api/tasks/main.yml": "- name: check out release\n  git: repo=git@git.lib.aldermoor.ac.uk:systems/loans-api.git dest=/srv/loans-api version={{ loans_ref | default('main') }}\n- name: bundle install\n  command: bundle install --deployment --without test\n  args: { chdir: /srv/loans-api }\n- name: restart puma\n  systemd: name=loans-api state=restarted\n- name: wait for health\n  uri: url=http://localhost:9292/healthz\n  register: r\n  until: r.status == 200\n  retries: 20\n  delay: 1\n",
        "test/renewal_test.rb": 'require "minitest/autorun"\n\nclass RenewalTest < Minitest::Test\n  def test_reference_items_never_renew\n    assert_equal 0, YAML.load_file("config/loan_rules.yml")["reference"]["max_renewals"]\n  end\nend\n',
        "README.md": "# loans-api\n\nCheckouts, returns, renewals and holds for the issue desks and the\nself-service kiosks. MySQL database `loans` on central IT's\nmysql-lib-01.\n\n## Running locally\n\n```\nbundle install\nLOANS_DB_PASSWORD=... bundle exec puma -C config/puma.rb\n```\n\n## Deploying\n\n`ansible-playbook -i inventory/production deploy/site.yml` deploys `main`\nto loans-1, then loans-2.\n",
    }
    repo.commit(utc("2026-03-17 10:30:00"), rhiannon, "loans-api: move to the systems GitLab group", files)
    repo.schedule(chores(random.Random(23301), SERVICE, [rhiannon, tom, weiling, joao], utc("2026-03-17 10:30:00"), utc("2026-03-22 17:00:00"), 4))
    repo.commit(utc("2026-03-19 13:10:00"), tom, "holds: expire uncollected holds after 5 days (was 7)", {
        "lib/holds.rb": "module Loans\n  module Holds\n    PICKUP_DAYS = 5\n\n    def self.expire!\n      DB[:holds].where(status: \"ready\").where { ready_at < Time.now - PICKUP_DAYS * 86400 }.update(status: \"expired\")\n    end\n  end\nend\n",
    })
    repo.commit(utc("2026-03-23 10:15:00"), rhiannon, "renewals: refuse a renewal when another patron has a hold on the item", {
        "lib/renewal.rb": repo.edit("lib/renewal.rb", '        rule = LoanRules.for(loan[:item_type])\n',
                                    '        rule = LoanRules.for(loan[:item_type])\n        raise Sequel::ValidationFailed, "item on hold" if DB[:holds].where(item_barcode: loan[:item_barcode], status: %w[waiting ready]).count > 0\n'),
    })
    repo.commit(utc("2026-03-23 11:40:00"), bot, "Bump mysql2 from 0.5.5 to 0.5.6", {"Gemfile": gemfile("0.5.6")})
    repo.commit(utc("2026-03-23 14:05:00"), joao, "docs: kiosk troubleshooting for desk staff", {
        "docs/kiosk-troubleshooting.md": "# Kiosk troubleshooting\n\n- \"Please ask at the desk\": the patron is blocked (fines over GBP 10 or an\n  expired card). Not a fault.\n- The kiosk spins for half a minute and then says \"Something went wrong\":\n  try again once. If it keeps happening, tell #lib-systems with the\n  kiosk's number and the time.\n- The kiosk cannot reach loans-api at all: check the kiosk's network cable,\n  then #lib-systems.\n",
    })
    repo.commit(utc("2026-03-23 15:30:00"), tom, "log: request id on every line; errors name the SQL state\n\nDesk staff report problems with a time and a kiosk number; with the\nrequest id on each line we can follow one request across workers.", {
        "lib/logging.rb": LOGGING_RB.replace("      def info(msg) = LOGGER.info(msg)\n      def error(msg) = LOGGER.error(msg)\n",
                                             '      def info(msg) = LOGGER.info("[#{request_id}] #{msg}")\n      def error(msg) = LOGGER.error("[#{request_id}] #{msg}")\n'),
        "app/loans_app.rb": repo.edit("app/loans_app.rb", '    Loans::Log.error("#{e.class}: #{e.message}")\n',
                                      '    Loans::Log.error("#{e.class}: #{e.message} (#{request.request_method} #{request.path_info})")\n    Loans::Log.error(e.backtrace.first(4).join("\\n"))\n'),
    })
    repo.commit(utc("2026-03-23 16:50:00"), rhiannon, "loan rules: 4-hour loans for the exam-season reserve collection", {
        "config/loan_rules.yml": repo.files["config/loan_rules.yml"] + "exam_reserve:\n  hours: 4\n  max_renewals: 1\n",
    })
    repo.commit(utc("2026-03-23 18:20:00"), joao, "test: a renewal is refused while another patron waits", {
        "test/renewal_test.rb": repo.files["test/renewal_test.rb"].replace("  end\nend\n", "  end\n\n  def test_exam_reserve_is_four_hours\n    assert_equal 4, YAML.load_file(\"config/loan_rules.yml\")[\"exam_reserve\"][\"hours\"]\n  end\nend\n"),
    })
    head = repo.commit(utc("2026-03-24 06:40:00"), weiling, "db: 12 pooled connections per Puma worker\n\nThe exam-season kiosks (six more from today) make bursts of four to five\ncalls per patron; yesterday a few requests waited on the pool\n(Sequel::PoolTimeout twice). The database allows 300 connections.", {
        "config/database.yml": repo.edit("config/database.yml", "  max_connections: 8", "  max_connections: 12"),
    })
    return repo, head


def ruby_logger(t, sev, pid, msg):
    return f"{sev[0]}, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #{pid}] {sev:>5} -- loans-api: {msg}"


def haproxy(t, client, port, srv, tq, tw, tc, tr, status, size, conns, method, path):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    hdr = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} lb-lib haproxy[1204]:"
    return (f'{hdr} {client}:{port} [{stamp}] fe_loans~ be_loans/{srv} {tq}/{tw}/{tc}/{tr}/{tq + tw + tc + tr} '
            f'{status} {size} - - ---- {conns} 0/0 "{method} {path} HTTP/1.1"')


def forti(t, rng, **kv):
    ns = int(t.timestamp()) * 1_000_000_000 + t.microsecond * 1000 + rng.randint(0, 999)
    head = f'date={t.strftime("%Y-%m-%d")} time={t.strftime("%H:%M:%S")} devname="dc-fw-01" devid="FG1K0F3I19000412" eventtime={ns} tz="+0000"'
    body = " ".join(f'{k}={v}' if isinstance(v, int) or k in ("srcip", "dstip") else f'{k}="{v}"' for k, v in kv.items())
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} 10.60.0.2 {head} {body}"


def mysql_err(t, thread, prio, code, msg):
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z {thread} [{prio}] [{code}] [Server] {msg}"


def load(t):
    """Requests per minute from desks and kiosks (the ILS sync comes on top)."""
    h = t.hour + t.minute / 60
    if h < 7.4:
        return 0.15
    if h < 8.0:
        return 0.15 + (h - 7.4) * 14
    base = 8.5 + (h - 8.0) * 10 if h < 9.0 else 18.5
    # students come between lectures: quiet from five past, busy before the hour
    if 5 <= t.minute < 27:
        return base * 0.12
    if t.minute >= 48:
        return min(18.5, base * 1.6)
    return base


def build_logs(rng, head):
    app = {vm: Log(f"{vm}-loans-api.log") for vm in VMS}
    lb, fw, my, ans = Log("haproxy.log"), Log("fortigate-export.log"), Log("mysql-error.log"), Log("ansible-deploy.log")
    stats = {"bad": [], "threads": []}
    restart = {"loans-1": DEPLOY + dt.timedelta(seconds=21), "loans-2": DEPLOY + dt.timedelta(seconds=49)}
    pids = {"loans-1": ([2817, 2821], [31877, 31882]), "loans-2": ([3102, 3107], [29440, 29446])}

    # worker pools: stack of connections {created, last, port}
    pools = {}
    zombies = []  # (time) a dead connection whose server thread lingers

    def pool(vm, w, t):
        gen = 1 if t >= restart[vm] else 0
        key = (vm, w, gen)
        if key not in pools:
            pools[key] = []
            if gen == 0:
                # yesterday's connections, opened during the day: the top one stays warm through the night
                for i in range(rng.randint(4, 6)):
                    c0 = utc("2026-03-23 08:00:00") + dt.timedelta(minutes=rng.randint(0, 540))
                    pools[key].append({"created": c0, "last": c0 + dt.timedelta(minutes=rng.randint(0, 30)), "port": rng.randint(33000, 60999), "vm": vm})
                pools[key].sort(key=lambda c: c["last"])
                pools[key][-1]["last"] = START - dt.timedelta(seconds=rng.randint(10, 200))
        return key, pools[key]

    def expiry(c):
        """When the firewall forgets the session: idle longer than the TTL in force."""
        last = c["last"]
        if last + dt.timedelta(seconds=3600) < TTL_CHANGE:
            return last + dt.timedelta(seconds=3600)
        s900 = max(last + dt.timedelta(seconds=900), TTL_CHANGE)
        if s900 < TTL_REVERT:
            return s900
        return max(last + dt.timedelta(seconds=3600), TTL_REVERT)

    def dead(c, t):
        return t > expiry(c)

    rid = lambda: hexid(rng, 12)
    times = sorted([(t, "sync") for t in poisson_times(rng, START, END, 2.0)] +
                   [(t, "desk") for t in poisson_times(rng, START, END, 1.0) if rng.random() < load(t) / 18.5 * 1.0] +
                   [(t, "desk") for t in poisson_times(rng, utc("2026-03-24 07:24:00"), END, 17.5) if rng.random() < load(t) / 18.5])
    for t, kind in times:
        vm = rng.choice(list(VMS))
        gen = 1 if t >= restart[vm] else 0
        if restart[vm] - dt.timedelta(seconds=6) <= t < restart[vm]:
            vm = "loans-2" if vm == "loans-1" else "loans-1"
            gen = 1 if t >= restart[vm] else 0
        w = rng.randint(0, 1)
        pid = pids[vm][gen][w]
        key, stack = pool(vm, w, t)
        if kind == "sync":
            depth = 0
            method, path = "GET", f"/api/loans/changes?since={(t - dt.timedelta(minutes=1)).strftime('%Y-%m-%dT%H:%M:00Z')}"
            client = "10.20.6.30"
        else:
            busy = load(t) / 18.5
            depth = 0 if load(t) < 1 else 0 if rng.random() > 0.5 * (0.3 + busy) else rng.choice([1, 1, 2, 2, 3, 4]) if busy > 0.3 else 1
            r = rng.random()
            if r < 0.35:
                barcode = f"2{rng.randint(10 ** 12, 10 ** 13 - 1)}"
                method, path = "GET", f"/api/patrons/{barcode}/loans"
            elif r < 0.65:
                method, path = "POST", "/api/loans"
            elif r < 0.85:
                method, path = "POST", f"/api/loans/{rng.randint(1800000, 1899999)}/return"
            else:
                method, path = "POST", f"/api/loans/{rng.randint(1700000, 1899999)}/renew"
            client = rng.choice(["10.20.7.21", "10.20.7.22", "10.20.7.23", "10.20.7.41", "10.20.7.42", "10.20.7.43", "10.20.7.44", "10.20.7.45", "10.20.7.46"])
        while len(stack) <= depth:
            stack.insert(0, {"created": t, "last": t, "port": rng.randint(33000, 60999), "vm": vm})
        conn = stack[-1 - depth]
        fe = rng.randint(1, 12)
        conns = f"{fe + rng.randint(0, 3)}/{fe}/{rng.randint(1, fe)}/{rng.randint(0, 1)}/0"
        port = rng.randint(40000, 64999)
        req = rid()
        srv = vm
        if dead(conn, t):
            stack.remove(conn)
            e = t + dt.timedelta(seconds=30, milliseconds=rng.randint(4, 40))
            stats["bad"].append(t)
            zombies.append(conn)
            msg = "Sequel::DatabaseDisconnectError: Mysql2::Error::ConnectionError: Lost connection to MySQL server during query"
            if gen == 1:
                app[vm].add(e, ruby_logger(e, "ERROR", pid, f"[{req}] {msg} ({method} {path.split('?')[0]})"))
                app[vm].add(e, ruby_logger(e, "ERROR", pid, f"[{req}] /srv/loans-api/vendor/bundle/ruby/3.3.0/gems/mysql2-0.5.6/lib/mysql2/client.rb:151:in `_query'\n"
                                           "/srv/loans-api/vendor/bundle/ruby/3.3.0/gems/mysql2-0.5.6/lib/mysql2/client.rb:151:in `block in query'\n"
                                           "/srv/loans-api/vendor/bundle/ruby/3.3.0/gems/mysql2-0.5.6/lib/mysql2/client.rb:150:in `handle_interrupt'\n"
                                           "/srv/loans-api/vendor/bundle/ruby/3.3.0/gems/sequel-5.78.0/lib/sequel/adapters/mysql2.rb:144:in `block in _execute'"))
            else:
                app[vm].add(e, ruby_logger(e, "ERROR", pid, msg))
            lb.add(e, haproxy(e, client, port, srv, 0, 0, 1, int((e - t).total_seconds() * 1000), 500, 212, conns, method, path))
            # the retry by the kiosk, on a fresh connection
            if kind == "desk":
                t2 = e + dt.timedelta(seconds=rng.uniform(3, 20))
                stack.append({"created": t2, "last": t2, "port": rng.randint(33000, 60999), "vm": vm})
                d = ms(rng, 45, 0.4)
                e2 = t2 + dt.timedelta(milliseconds=d)
                lb.add(e2, haproxy(e2, client, port + 1, srv, 0, 0, 1, d, 201 if path == "/api/loans" else 200, rng.randint(120, 1900), conns, method, path))
                if path == "/api/loans":
                    app[vm].add(e2, ruby_logger(e2, "INFO", pid, f"{'[' + rid() + '] ' if gen else ''}checkout item=3{rng.randint(10 ** 12, 10 ** 13 - 1)} desk=kiosk-{rng.randint(1, 9):02d} due={(e2 + dt.timedelta(days=28)).strftime('%Y-%m-%dT23:59:00Z')}"))
            continue
        conn["last"] = t
        # keep LIFO order: the used connection goes back on top
        stack.remove(conn)
        stack.append(conn)
        d = ms(rng, 40 if method == "POST" else 18, 0.45)
        e = t + dt.timedelta(milliseconds=d)
        status = 201 if path == "/api/loans" else 200
        if method == "POST" and path.endswith("/renew") and rng.random() < 0.12:
            status = 500
            app[vm].add(e, ruby_logger(e, "ERROR", pid, f"{'[' + req + '] ' if gen else ''}Sequel::ValidationFailed: {'item on hold' if gen else 'renewal limit'}" + (f" ({method} {path})" if gen else "")))
        lb.add(e, haproxy(e, client, port, srv, 0, 0, rng.randint(0, 1), d, status, rng.randint(120, 2400) if status < 300 else 64, conns, method, path))
        if path == "/api/loans":
            app[vm].add(e, ruby_logger(e, "INFO", pid, f"{'[' + req + '] ' if gen else ''}checkout item=3{rng.randint(10 ** 12, 10 ** 13 - 1)} desk={rng.choice(['issue-desk-1', 'issue-desk-2', 'kiosk-0' + str(rng.randint(1, 9))])} due={(e + dt.timedelta(days=28)).strftime('%Y-%m-%dT23:59:00Z')}"))
        elif path.endswith("/return"):
            app[vm].add(e, ruby_logger(e, "INFO", pid, f"{'[' + req + '] ' if gen else ''}return loan={path.split('/')[3]}"))

    # Puma restarts during the deploy
    for vm, r in restart.items():
        for pid in pids[vm][0]:
            s = r - dt.timedelta(seconds=4)
            app[vm].add(s, f"[{pid}] - Gracefully shutting down workers...")
        s = r - dt.timedelta(seconds=3)
        mpid = pids[vm][1][0] - 4
        for off, text in [(0, f"[{mpid}] Puma starting in cluster mode..."), (0.01, f"[{mpid}] * Puma version: 6.4.2 (ruby 3.3.0-p0) (\"The Eagle of Durango\")"),
                          (0.02, f"[{mpid}] *  Min threads: 5\n[{mpid}] *  Max threads: 5\n[{mpid}] *  Environment: production\n[{mpid}] *   Master PID: {mpid}\n[{mpid}] *      Workers: 2\n[{mpid}] *     Restarts: (\u2714) hot (\u2716) phased"),
                          (0.9, f"[{mpid}] * Preloading application"), (2.1, f"[{mpid}] * Listening on http://0.0.0.0:9292"),
                          (2.2, f"[{mpid}] Use Ctrl-C to stop"), (2.4, f"[{mpid}] - Worker 0 (PID: {pids[vm][1][0]}) booted in 0.21s, phase: 0"),
                          (2.5, f"[{mpid}] - Worker 1 (PID: {pids[vm][1][1]}) booted in 0.24s, phase: 0")]:
            w = s + dt.timedelta(seconds=off)
            app[vm].add(w, text)
        # closing old pools: live sessions close normally on the firewall
        for w_ in (0, 1):
            key = (vm, w_, 0)
            for c in pools.get(key, []):
                if not dead(c, r):
                    c["closed"] = True
                    ct = r - dt.timedelta(seconds=3)
                    fw.add(ct, forti(ct, rng, logid="0000000013", type="traffic", subtype="forward", level="notice", vd="root", srcip=VMS[vm], srcport=c["port"], srcintf="lib-app", srcintfrole="lan",
                                     dstip=DB_IP, dstport=3306, dstintf="dc-db", dstintfrole="lan", sessionid=rng.randint(1800000, 1999999), proto=6, action="close", policyid=212,
                                     policytype="policy", policyname="lib-app-to-dc-mysql", service="MYSQL", trandisp="noop", duration=int((ct - c["created"]).total_seconds()),
                                     sentbyte=rng.randint(40000, 900000), rcvdbyte=rng.randint(200000, 9000000), sentpkt=rng.randint(300, 9000), rcvdpkt=rng.randint(300, 9000), appcat="unscanned"))
                else:
                    zombies.append(c)

    # firewall: sessions that the TTL ends (logged at expiry)
    ended = list(zombies)
    for key, stack in pools.items():
        ended += stack
    seen = set()
    for c in ended:
        if id(c) in seen or c.get("closed"):
            continue
        seen.add(id(c))
        tx = expiry(c)
        if FW_START <= tx < END:
            vm = next((k[0] for k, st in pools.items() if c in st), None)
            src = VMS[vm] if vm else VMS[c.get("vm", "loans-1")]
            ttl = 900 if TTL_CHANGE <= tx < TTL_REVERT else 3600
            fw.add(tx, forti(tx, rng, logid="0000000013", type="traffic", subtype="forward", level="notice", vd="root", srcip=src, srcport=c["port"], srcintf="lib-app", srcintfrole="lan",
                             dstip=DB_IP, dstport=3306, dstintf="dc-db", dstintfrole="lan", sessionid=rng.randint(1800000, 1999999), proto=6, action="timeout", policyid=212,
                             policytype="policy", policyname="lib-app-to-dc-mysql", service="MYSQL", trandisp="noop", duration=int((tx - c["created"]).total_seconds()),
                             sentbyte=rng.randint(4000, 90000), rcvdbyte=rng.randint(20000, 900000), sentpkt=rng.randint(30, 900), rcvdpkt=rng.randint(30, 900), appcat="unscanned"))
    # other library traffic through the firewall: reporting tool's MySQL sessions, LDAP, the ILS vendor
    for t in poisson_times(rng, FW_START, END, 0.9):
        r = rng.random()
        if r < 0.15:
            ttl = 3600 if (t < TTL_CHANGE or t > TTL_REVERT + dt.timedelta(hours=1)) else 900
            fw.add(t, forti(t, rng, logid="0000000013", type="traffic", subtype="forward", level="notice", vd="root", srcip="10.20.9.14", srcport=rng.randint(33000, 60999), srcintf="lib-app", srcintfrole="lan",
                            dstip=DB_IP, dstport=3306, dstintf="dc-db", dstintfrole="lan", sessionid=rng.randint(1800000, 1999999), proto=6, action="timeout", policyid=212,
                            policytype="policy", policyname="lib-app-to-dc-mysql", service="MYSQL", trandisp="noop", duration=ttl + rng.randint(0, 1),
                            sentbyte=rng.randint(4000, 90000), rcvdbyte=rng.randint(20000, 900000), sentpkt=rng.randint(30, 900), rcvdpkt=rng.randint(30, 900), appcat="unscanned"))
        elif r < 0.55:
            fw.add(t, forti(t, rng, logid="0000000013", type="traffic", subtype="forward", level="notice", vd="root", srcip=rng.choice(list(VMS.values())), srcport=rng.randint(33000, 60999), srcintf="lib-app", srcintfrole="lan",
                            dstip="10.60.1.10", dstport=636, dstintf="dc-core", dstintfrole="lan", sessionid=rng.randint(1800000, 1999999), proto=6, action="close", policyid=208,
                            policytype="policy", policyname="lib-app-to-dc-ldaps", service="LDAPS", trandisp="noop", duration=rng.randint(1, 40),
                            sentbyte=rng.randint(900, 9000), rcvdbyte=rng.randint(2000, 20000), sentpkt=rng.randint(8, 40), rcvdpkt=rng.randint(8, 40), appcat="unscanned"))
        else:
            fw.add(t, forti(t, rng, logid="0000000013", type="traffic", subtype="forward", level="notice", vd="root", srcip="10.20.6.30", srcport=rng.randint(33000, 60999), srcintf="lib-app", srcintfrole="lan",
                            dstip=rng.choice(["52.30.171.9", "52.48.12.210"]), dstport=443, dstintf="wan1", dstintfrole="wan", sessionid=rng.randint(1800000, 1999999), proto=6, action="close", policyid=31,
                            policytype="policy", policyname="lib-app-to-internet-https", service="HTTPS", trandisp="snat", duration=rng.randint(1, 120),
                            sentbyte=rng.randint(2000, 40000), rcvdbyte=rng.randint(5000, 400000), sentpkt=rng.randint(10, 200), rcvdpkt=rng.randint(10, 400), appcat="unscanned"))
    for when, user, ip_, attr in ((TTL_CHANGE, "n.osei", "10.1.1.23", "default[3600->900]"), (TTL_REVERT, "n.osei", "10.1.1.23", "default[900->3600]")):
        lg = when - dt.timedelta(minutes=4, seconds=12)
        fw.add(lg, forti(lg, rng, logid="0100032001", type="event", subtype="system", level="information", vd="root", logdesc="Admin login successful", sn=str(rng.randint(1774000000, 1775000000)),
                         user=user, ui=f"https({ip_})", method="https", srcip=ip_, dstip="10.60.0.2", action="login", status="success", reason="none", profile="super_admin",
                         msg=f"Administrator {user} logged in successfully from https({ip_})"))
        fw.add(when, forti(when, rng, logid="0100044547", type="event", subtype="system", level="information", vd="root", logdesc="Object attribute configured", user=user, ui=f"GUI({ip_})",
                           action="Edit", cfgtid=rng.randint(1200000, 1300000), cfgpath="system.session-ttl", cfgattr=attr, msg="Edit system.session-ttl "))
        lo = when + dt.timedelta(minutes=9, seconds=40)
        fw.add(lo, forti(lo, rng, logid="0100032003", type="event", subtype="system", level="information", vd="root", logdesc="Admin logout successful", sn=str(rng.randint(1774000000, 1775000000)),
                         user=user, ui=f"https({ip_})", method="https", srcip=ip_, dstip="10.60.0.2", action="logout", status="success", state="Logout",
                         msg=f"Administrator {user} logged out from https({ip_})"))
    cm = TTL_CHANGE + dt.timedelta(minutes=2, seconds=5)
    fw.add(cm, forti(cm, rng, logid="0100044546", type="event", subtype="system", level="information", vd="root", logdesc="Attribute configured", user="n.osei", ui="GUI(10.1.1.23)",
                     action="Edit", cfgtid=rng.randint(1200000, 1300000), cfgpath="system.global", cfgattr="admintimeout[5->15]", msg="Edit system.global "))

    # MySQL error log: the server never sees the dropped packets; its own lines
    for t in poisson_times(rng, START, END, 0.06):
        my.add(t, mysql_err(t, rng.randint(880000, 899999), "Note", "MY-010914", f"Aborted connection {rng.randint(880000, 899999)} to db: 'library_reports' user: 'metabase' host: '10.20.9.14' (Got timeout reading communication packets)."))
    for t in poisson_times(rng, START, END, 0.02):
        my.add(t, mysql_err(t, 0, "Warning", "MY-010055", "IP address '10.20.9.31' could not be resolved: Name or service not known"))
    b = utc("2026-03-24 06:00:03")
    my.add(b, mysql_err(b, rng.randint(880000, 899999), "Note", "MY-010914", "Aborted connection 871234 to db: 'loans' user: 'backup' host: 'localhost' (Got an error reading communication packets)."))

    # Ansible
    def a(t, text):
        ans.add(t, "\n".join(f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} p=48211 u=deploy n=ansible | {line}" for line in text.split("\n")))
    steps = [(0, f"PLAY [loans] *******************************************************************"),
             (1.2, "TASK [Gathering Facts] *********************************************************"), (3.0, "ok: [loans-1]"),
             (3.2, "TASK [loans-api : check out release] *******************************************"), (5.1, f"changed: [loans-1] => {{\"after\": \"{head}\", \"before\": \"a4c19e07d2b35f8e16c0b9d7e3f2a18c5d6e9b04\", \"changed\": true}}"),
             (5.3, "TASK [loans-api : bundle install] **********************************************"), (13.4, "changed: [loans-1]"),
             (13.6, "TASK [loans-api : restart puma] ***********************************************"), (16.0, "changed: [loans-1]"),
             (16.2, "TASK [loans-api : wait for health] ********************************************"), (21.8, "ok: [loans-1]"),
             (22.0, "TASK [Gathering Facts] *********************************************************"), (23.8, "ok: [loans-2]"),
             (24.0, "TASK [loans-api : check out release] *******************************************"), (25.9, f"changed: [loans-2] => {{\"after\": \"{head}\", \"before\": \"a4c19e07d2b35f8e16c0b9d7e3f2a18c5d6e9b04\", \"changed\": true}}"),
             (26.1, "TASK [loans-api : bundle install] **********************************************"), (41.0, "changed: [loans-2]"),
             (41.2, "TASK [loans-api : restart puma] ***********************************************"), (44.0, "changed: [loans-2]"),
             (44.2, "TASK [loans-api : wait for health] ********************************************"), (50.1, "ok: [loans-2]"),
             (50.3, "PLAY RECAP *********************************************************************\nloans-1                    : ok=5    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0\nloans-2                    : ok=5    changed=3    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")]
    for off, text in steps:
        a(DEPLOY + dt.timedelta(seconds=off), text)
    return list(app.values()) + [lb, fw, my, ans], stats, zombies


def build(out_dir):
    rng = random.Random(23300)
    repo, head = build_repo()
    try:
        logs, stats, zombies = build_logs(rng, head)
        onset = min(stats["bad"]).replace(microsecond=0)
        bad = sorted(stats["bad"])

        def threads(t):
            dead_before = sum(1 for x in bad if x <= t)
            base = 31 + (6 if t < DEPLOY else 0) + min(20, int(max(0, (t - utc("2026-03-24 07:30:00")).total_seconds()) // 400))
            return base + dead_before + (9 if t >= DEPLOY else 0)
        metrics = {
            "mysql_global_status_threads_connected.json": query_range([
                ({"instance": "mysql-lib-01.db.aldermoor.ac.uk:9104", "job": "mysqld"}, threads),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r23-firewall-idle-timeout-none", service=SERVICE, onset=onset,
            description=f"""
Issue desks and self-service kiosks hang for half a minute and then fail
("Something went wrong") on the morning of Tuesday 24 March; a second try
works. First reported failure {onset.strftime('%H:%M')} UTC, in bursts after quiet spells all
morning. loans-api was deployed at 07:05 (Sequel pool 8 -> 12 per worker).
The library's database is on central IT's mysql-lib-01; IT Network
Services sent their firewall export for the library subnets at 09:40.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Lost connection to MySQL server during query",
                        r'logdesc="Object attribute configured".*cfgpath="system\.session-ttl"'],
            fix_files=[],
            explanation=f"""
Nothing in loans-api's repository caused this. At 02:14 IT Network
Services lowered the datacentre firewall's default session TTL from 3600 s
to 900 s (the FortiGate event "Object attribute configured" on
system.session-ttl). Pooled MySQL connections idle for more than 15
minutes lose their firewall session; the next query on one is dropped
silently and fails after libmysqlclient's three read timeouts (30 s) with
"Lost connection to MySQL server during query" (Sequel::DatabaseDisconnectError,
HAProxy 500 after 30 s). The ILS sync keeps each worker's top connection
warm, so only the deeper connections that kiosk bursts use fail, in bursts
after quiet spells, from {onset.strftime('%H:%M')}. The firewall's MySQL sessions end with
action="timeout" after 900 s instead of 3600 s; the server logs nothing
(it never sees the dropped packets) and its Threads_connected grows with
orphaned sessions. Restoring the TTL at 09:52 ends it for new connections.
(Validating pooled connections idle for more than a few minutes would make
loans-api tolerate it, but the cause is the firewall change.)
Decoys: the 07:05 release 42 minutes before (Sequel max_connections 8 ->
12, about the database pool) and its Puma restart; the same release's
logging commit that adds request ids and the error's request line; the
mysql2 0.5.5 -> 0.5.6 bump; the kiosk troubleshooting docs that describe
the half-minute spin; renewal-rule and loan-rule changes; "Sequel::
ValidationFailed" refusals of renewals; the MySQL error log's routine
aborted reporting-tool connections and name-resolution warnings; the
firewall admin's unrelated admintimeout change.
""",
        )
    finally:
        repo.close()
