"""water-billing (Ruby 3.3, Rails 7.1 and Sidekiq on two VMs under systemd;
team in Bristol, Lisbon and Auckland): Kestrel Vale Water's billing
service. Every working morning at 05:30 UTC a Sidekiq job builds the day's
Bacs Direct Debit collection file and uploads it with Net::SFTP to the
bureau that submits it to Bacs (Paybridge, sftp.paybridge.co.uk); the
cut-off is 08:00.

Over the weekend Paybridge moved its SFTP service to new hosting: a new
address and a new host key. It announced the move by email to the finance
team in January; nobody told engineering. The bureau's fingerprint pinned in
/etc/ssh/ssh_known_hosts on the workers (managed by the infrastructure
team's Ansible, not in this repository) is the old one, and Net::SSH
refuses the new key with Net::SSH::HostKeyMismatch ("fingerprint ... does
not match"). The job retries every 10 minutes and fails each time; the
meter-read import from the contractor's SFTP, on another host, keeps
working. The infrastructure team updates the known_hosts entry at 07:18
after checking the fingerprint with Paybridge; the 07:20 retry uploads.

Nothing in water-billing caused it. Decoys: the 05:04 release (26 minutes
before) that changes how the collection file is named and adds a retry; a
commit the day before that logs the bureau's host and port on upload
failures; a net-sftp bump; docs; chores. App (Ruby Logger, Sidekiq), the
workers' systemd journal (journalctl short-iso: sidekiq, sshd, the deploy),
the contractor import (same logger) and Fluent Bit's own log."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "water-billing"
START, END = utc("2026-03-02 03:20:00"), utc("2026-03-02 07:50:00")
DEPLOY = utc("2026-03-02 05:04:40")
FIRST = utc("2026-03-02 05:30:00")
FIXED = utc("2026-03-02 07:18:20")
NEW_IP = "185.212.44.19"

UPLOADER = """require "net/sftp"

module DirectDebit
  # Uploads the day's Bacs collection file to the bureau.
  class Uploader
    HOST = ENV.fetch("PAYBRIDGE_SFTP_HOST", "sftp.paybridge.co.uk")

    def initialize(logger: Rails.logger)
      @logger = logger
    end

    def upload(path)
      Net::SFTP.start(HOST, ENV.fetch("PAYBRIDGE_SFTP_USER"),
                      keys: [ENV.fetch("PAYBRIDGE_SFTP_KEY")],
                      verify_host_key: :always,
                      timeout: 30) do |sftp|
        sftp.upload!(path, "/inbound/#{File.basename(path)}")
      end
      @logger.info("direct debit file #{File.basename(path)} uploaded to #{HOST}")
    end
  end
end
"""

JOB = """class DirectDebitSubmissionJob
  include Sidekiq::Job
  sidekiq_options queue: :billing, retry: false

  def perform(collection_date = Date.current.next_weekday.iso8601)
    file = DirectDebit::Bacs18File.new(Date.parse(collection_date)).write
    DirectDebit::Uploader.new.upload(file)
  end
end
"""


def build_repo():
    hannah = Person("Hannah Pryce", "hannah.pryce@kestrelvale.co.uk", 0)
    joao = Person("João Sequeira", "joao.sequeira@kestrelvale.co.uk", 0)
    tama = Person("Tama Ngata", "tama.ngata@kestrelvale.co.uk", 780)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "Gemfile": "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.1.5\"\ngem \"pg\", \"~> 1.5\"\ngem \"sidekiq\", \"~> 7.3\"\ngem \"sidekiq-cron\", \"~> 2.0\"\ngem \"net-sftp\", \"~> 4.0.0\"\ngem \"ed25519\"\ngem \"bcrypt_pbkdf\"\n",
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    net-sftp (4.0.0)\n      net-ssh (>= 5.0.0, < 8.0.0)\n    net-ssh (7.3.0)\n    sidekiq (7.3.8)\n\nBUNDLED WITH\n   2.5.22\n",
        "app/lib/direct_debit/uploader.rb": UPLOADER,
        "app/lib/direct_debit/bacs18_file.rb": "module DirectDebit\n  # Bacs Standard 18 collection file for one processing day.\n  class Bacs18File\n    def initialize(date) = @date = date\n\n    def path = Rails.root.join(\"tmp/dd\", \"KVW#{@date.strftime('%y%m%d')}.txt\").to_s\n\n    def write\n      FileUtils.mkdir_p(File.dirname(path))\n      File.write(path, Mandate.collectable_on(@date).map { |m| record(m) }.join(\"\\r\\n\"))\n      path\n    end\n  end\nend\n",
        "app/jobs/direct_debit_submission_job.rb": JOB,
        "app/jobs/meter_read_import_job.rb": "class MeterReadImportJob\n  include Sidekiq::Job\n  sidekiq_options queue: :imports\n\n  def perform\n    MeterReads::ContractorFeed.new.fetch_new.each { |f| MeterReads::Import.new(f).run }\n  end\nend\n",
        "config/schedule.yml": "direct_debit_submission:\n  cron: \"30 5 * * 1-5\"\n  class: DirectDebitSubmissionJob\nmeter_read_import:\n  cron: \"*/15 * * * *\"\n  class: MeterReadImportJob\n",
        "config/sidekiq.yml": ":concurrency: 5\n:queues:\n  - billing\n  - imports\n  - default\n",
        "deploy/water-billing-sidekiq.service": "[Unit]\nDescription=water-billing sidekiq\nAfter=network.target\n\n[Service]\nType=notify\nUser=billing\nWorkingDirectory=/srv/water-billing/current\nExecStart=/usr/local/bin/bundle exec sidekiq -e production -C config/sidekiq.yml\nWatchdogSec=10\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        "README.md": readme(SERVICE, "Bills, payment plans and the daily Direct Debit collection file.", "bin/rails s; bundle exec sidekiq"),
        "docs/runbook.md": runbook(SERVICE, [
            ("DirectDebitNotSubmitted", "The collection file is not uploaded by 07:00: look at the job's log, retry it from Sidekiq's Cron tab. The bureau's cut-off is 08:00; call Paybridge if it is at risk."),
            ("MeterImportStale", "No contractor read file for an hour: check the contractor's SFTP."),
        ]),
    }
    repo.commit(utc("2026-02-24 10:00:00"), hannah, "water-billing: Bacs collection job and contractor read import", files)
    repo.schedule(chores(random.Random(22044), SERVICE, [hannah, joao, tama], utc("2026-02-24 10:00:00"), utc("2026-02-27 16:00:00"), 3))
    repo.commit(utc("2026-02-26 14:10:00"), joao, "meter reads: skip the contractor's empty files", {
        "app/jobs/meter_read_import_job.rb": repo.edit("app/jobs/meter_read_import_job.rb", ".each {", ".reject(&:empty?).each {"),
    })
    repo.commit(utc("2026-03-01 09:15:00"), bot, "Bump net-sftp from 4.0.0 to 4.0.1", {
        "Gemfile": repo.edit("Gemfile", "gem \"net-sftp\", \"~> 4.0.0\"", "gem \"net-sftp\", \"~> 4.0.1\""),
        "Gemfile.lock": repo.edit("Gemfile.lock", "    net-sftp (4.0.0)", "    net-sftp (4.0.1)"),
    })
    repo.commit(utc("2026-03-01 21:40:00"), tama, "direct debit: log the bureau's host and port when an upload fails\n\nLast month's timeout only said 'upload failed'.", {
        "app/lib/direct_debit/uploader.rb": repo.edit("app/lib/direct_debit/uploader.rb", "      @logger.info(\"direct debit file #{File.basename(path)} uploaded to #{HOST}\")\n",
                                                      "      @logger.info(\"direct debit file #{File.basename(path)} uploaded to #{HOST}\")\n    rescue StandardError => e\n      @logger.error(\"direct debit upload to #{HOST}:22 failed: #{e.class}: #{e.message}\")\n      raise\n"),
    })
    repo.commit(utc("2026-03-01 22:30:00"), tama, "docs: the Bacs processing calendar", {
        "docs/bacs.md": "# Bacs collections\n\nFiles go to Paybridge by SFTP at 05:30 on working days; cut-off 08:00. Day 1\nis the upload, day 3 the collection. Bank holidays come from the gov.uk feed.\n",
    })
    repo.commit(utc("2026-03-01 23:05:00"), tama, "test: Bacs18File pads the payer reference to 18 characters", {
        "spec/lib/direct_debit/bacs18_file_spec.rb": "require \"rails_helper\"\n\nRSpec.describe DirectDebit::Bacs18File do\n  it \"pads the payer reference to 18 characters\" do\n    expect(described_class.new(Date.new(2026, 3, 4)).path).to end_with(\".txt\")\n  end\nend\n",
    })
    head = repo.commit(utc("2026-03-02 04:52:00"), hannah, "direct debit: retry the upload every 10 minutes until 07:40\n\nAnd name the file with the submission serial Paybridge asked for\n(KVW + date + serial).", {
        "app/jobs/direct_debit_submission_job.rb": repo.edit("app/jobs/direct_debit_submission_job.rb", "    DirectDebit::Uploader.new.upload(file)\n",
                                                             "    DirectDebit::Uploader.new.upload(file)\n  rescue StandardError\n    raise if Time.current.utc.strftime(\"%H:%M\") >= \"07:40\"\n    self.class.perform_in(10.minutes, collection_date)\n    logger.warn(\"direct debit submission for #{collection_date} rescheduled in 10 minutes\")\n"),
        "app/lib/direct_debit/bacs18_file.rb": repo.edit("app/lib/direct_debit/bacs18_file.rb", "\"KVW#{@date.strftime('%y%m%d')}.txt\"", "\"KVW#{@date.strftime('%y%m%d')}#{format('%02d', Submission.serial_for(@date))}.txt\""),
    })
    return repo, head


def rlog(t, level, pid, msg):
    return f"{level[0]}, [{t.strftime('%Y-%m-%dT%H:%M:%S.%f')} #{pid}] {level:>5} -- : {msg}"


def journal(t, host, ident, pid, msg):
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 {host} {ident}[{pid}]: {msg}"


def fluentbit(t, level, msg):
    return f"[{t.strftime('%Y/%m/%d %H:%M:%S')}] [{level}] {msg}"


def build_logs(rng, head):
    app, jr, fb = Log("water-billing.log"), Log("journal.log"), Log("fluent-bit.log")
    stats = {"fail": []}
    pid_old, pid_new = 118204, 131077

    def pid(t):
        return pid_old if t < DEPLOY else pid_new

    def jid():
        return hexid(rng, 24)

    # deploy at 05:04
    t = DEPLOY - dt.timedelta(seconds=40)
    jr.add(t, journal(t, "billing-wk1", "sudo", 131001, "  deploy : TTY=unknown ; PWD=/srv/water-billing ; USER=root ; COMMAND=/usr/bin/systemctl restart water-billing-sidekiq.service"))
    t1 = t + dt.timedelta(seconds=1)
    jr.add(t1, journal(t1, "billing-wk1", "systemd", 1, "Stopping water-billing-sidekiq.service - water-billing sidekiq..."))
    jr.add(t1, journal(t1, "billing-wk1", "sidekiq", pid_old, "Shutting down"))
    jr.add(t1 + dt.timedelta(seconds=3), journal(t1 + dt.timedelta(seconds=3), "billing-wk1", "systemd", 1, "water-billing-sidekiq.service: Deactivated successfully."))
    jr.add(t1 + dt.timedelta(seconds=3), journal(t1 + dt.timedelta(seconds=3), "billing-wk1", "systemd", 1, "Started water-billing-sidekiq.service - water-billing sidekiq."))
    t2 = DEPLOY
    app.add(t2, rlog(t2, "INFO", pid_new, f"Booted Rails 7.1.5 application in production environment (release 20260302050140, revision {head[:7]})"))
    app.add(t2, rlog(t2, "INFO", pid_new, "Sidekiq 7.3.8 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://redis-billing:6379/2\"}"))
    app.add(t2, rlog(t2, "INFO", pid_new, "Starting processing, hit Ctrl-C to stop"))
    # meter read imports every 15 min (contractor SFTP on another host)
    t = utc("2026-03-02 03:30:00")
    while t < END:
        j = jid()
        ts = t + dt.timedelta(seconds=rng.uniform(0.2, 1.5))
        app.add(ts, rlog(ts, "INFO", pid(ts), f"MeterReadImportJob JID-{j} INFO: start"))
        n = rng.randint(0, 3)
        for k in range(n):
            tk = ts + dt.timedelta(seconds=2 + k * rng.uniform(3, 9))
            rows = rng.randint(1800, 6400)
            app.add(tk, rlog(tk, "INFO", pid(tk), f"meter reads: imported reads_{t.strftime('%Y%m%d_%H%M')}_{k + 1}.csv from sftp.readwell-metering.co.uk: {rows} rows, {rng.randint(0, 14)} rejected"))
        te = ts + dt.timedelta(seconds=2 + n * 9 + rng.uniform(0.5, 3))
        app.add(te, rlog(te, "INFO", pid(te), f"MeterReadImportJob JID-{j} INFO: done: {te.timestamp() - ts.timestamp():.3f} sec"))
        t += dt.timedelta(minutes=15)
    # other jobs
    for t in poisson_times(rng, START, END, 3.6):
        kind = rng.choice(["BillPdfJob", "PaymentPlanReminderJob", "BillPdfJob", "CardPaymentReconcileJob", "BillPdfJob"])
        j = jid()
        app.add(t, rlog(t, "INFO", pid(t), f"{kind} JID-{j} INFO: start"))
        te = t + dt.timedelta(milliseconds=ms(rng, 700))
        app.add(te, rlog(te, "INFO", pid(te), f"{kind} JID-{j} INFO: done: {(te - t).total_seconds():.3f} sec"))
    for t in poisson_times(rng, START, END, 0.05):
        app.add(t, rlog(t, "WARN", pid(t), f"CardPaymentReconcileJob JID-{jid()} WARN: payment {rng.randint(9000000, 9999999)} not found at the acquirer yet, retrying"))
    # the direct debit runs
    runs = [FIRST + dt.timedelta(minutes=10 * i) for i in range(0, 12)]
    for i, t in enumerate(runs):
        if t > END:
            break
        j = jid()
        ts = t + dt.timedelta(seconds=rng.uniform(0.1, 2.0))
        app.add(ts, rlog(ts, "INFO", pid(ts), f"DirectDebitSubmissionJob JID-{j} INFO: start"))
        tw = ts + dt.timedelta(seconds=rng.uniform(6, 11))
        app.add(tw, rlog(tw, "INFO", pid(tw), f"direct debit: wrote KVW26030401.txt ({rng.choice([41718, 41718])} records, collection date 2026-03-04)"))
        tc = tw + dt.timedelta(milliseconds=rng.randint(60, 140))
        if t < FIXED:
            app.add(tc, rlog(tc, "ERROR", pid(tc), f"direct debit upload to sftp.paybridge.co.uk:22 failed: Net::SSH::HostKeyMismatch: fingerprint SHA256:q8XK3vYw0n5cE2rZfT9mLbH4uJd7sA1gW6oPiN0yQeU does not match for \"sftp.paybridge.co.uk,{NEW_IP}\""))
            stats["fail"].append(tc)
            app.add(tc, rlog(tc, "WARN", pid(tc), "direct debit submission for 2026-03-04 rescheduled in 10 minutes"))
            app.add(tc, rlog(tc, "INFO", pid(tc), f"DirectDebitSubmissionJob JID-{j} INFO: done: {(tc - ts).total_seconds():.3f} sec"))
            fb.add(tc + dt.timedelta(seconds=1), fluentbit(tc + dt.timedelta(seconds=1), "info", f"[output:http:http.0] logs.kestrelvale.internal:443, HTTP status=200"))
        else:
            tu = tc + dt.timedelta(seconds=rng.uniform(3, 6))
            app.add(tu, rlog(tu, "INFO", pid(tu), "direct debit file KVW26030401.txt uploaded to sftp.paybridge.co.uk"))
            app.add(tu, rlog(tu, "INFO", pid(tu), f"DirectDebitSubmissionJob JID-{j} INFO: done: {(tu - ts).total_seconds():.3f} sec"))
            break
    # journal: sshd noise, cron, the infra team's fix
    for t in poisson_times(rng, START, END, 0.5):
        src = f"{rng.choice(['45.135', '103.77', '185.224', '218.92'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        port = rng.randint(30000, 65000)
        user = rng.choice(["admin", "ubuntu", "test", "oracle", "postgres", "git"])
        jr.add(t, journal(t, "billing-wk1", "sshd", rng.randint(140000, 199999), f"Invalid user {user} from {src} port {port}"))
        jr.add(t + dt.timedelta(milliseconds=rng.randint(200, 900)), journal(t + dt.timedelta(milliseconds=rng.randint(200, 900)), "billing-wk1", "sshd", rng.randint(140000, 199999), f"Connection closed by invalid user {user} {src} port {port} [preauth]"))
    for t in [START + dt.timedelta(minutes=m) for m in range(0, 270, 10)]:
        jr.add(t, journal(t, "billing-wk1", "CRON", rng.randint(100000, 199999), "(root) CMD (/usr/local/sbin/node_exporter_textfile.sh >/dev/null 2>&1)"))
    t = utc("2026-03-02 07:12:05")
    jr.add(t, journal(t, "billing-wk1", "sshd", 171203, "Accepted publickey for ops-kwatts from 10.60.1.14 port 52210 ssh2: ED25519 SHA256:Jk2m9Pq0aZ4sV7bXc1nR5tY8uH3eL6wD2fG0iK9oM1A"))
    t = utc("2026-03-02 07:14:41")
    jr.add(t, journal(t, "billing-wk1", "sudo", 171240, "ops-kwatts : TTY=pts/0 ; PWD=/home/ops-kwatts ; USER=root ; COMMAND=/usr/bin/ssh-keygen -F sftp.paybridge.co.uk -f /etc/ssh/ssh_known_hosts"))
    t = utc("2026-03-02 07:17:58")
    jr.add(t, journal(t, "billing-wk1", "sudo", 171288, "ops-kwatts : TTY=pts/0 ; PWD=/home/ops-kwatts ; USER=root ; COMMAND=/usr/bin/ansible-pull -U https://git.kestrelvale.internal/infra/hosts.git -t known_hosts"))
    t = utc("2026-03-02 07:18:16")
    jr.add(t, journal(t, "billing-wk1", "ansible-ansible.legacy.known_hosts", 171301, f"Invoked with name=sftp.paybridge.co.uk key=sftp.paybridge.co.uk,{NEW_IP} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM4pQ... path=/etc/ssh/ssh_known_hosts state=present hash_host=False"))
    # fluent bit's own log
    t = START + dt.timedelta(seconds=17)
    while t < END:
        fb.add(t, fluentbit(t, "info", "[input:tail:tail.0] inode=1837291 handle rotation(): /srv/water-billing/shared/log/sidekiq.log => /srv/water-billing/shared/log/sidekiq.log.1" if t.minute == 0 and t.hour == 4 else "[output:http:http.0] logs.kestrelvale.internal:443, HTTP status=200"))
        t += dt.timedelta(seconds=rng.randint(40, 80))
    for t in poisson_times(rng, START, END, 0.02):
        fb.add(t, fluentbit(t, "warn", "[engine] failed to flush chunk '4137-1772429102.118273917.flb', retry in 7 seconds: task_id=3, input=tail.0 > output=http.0 (out_id=0)"))
    return [app, jr, fb], stats


def build(out_dir):
    rng = random.Random(22040)
    repo, head = build_repo()
    try:
        logs, stats = build_logs(rng, head)
        onset = min(stats["fail"]).replace(microsecond=0)
        return write_scenario(
            out_dir, name="r22-bank-sftp-hostkey-none", service=SERVICE, onset=onset,
            description="""
Monday 2 March: Kestrel Vale Water's Direct Debit collection file has not
reached the bureau by 07:00 UTC (cut-off 08:00); finance asks why. The 05:30
submission job and every retry failed; the team released water-billing at
05:04 (file naming, upload retries). Logs: water-billing (Ruby Logger,
Sidekiq), the worker's systemd journal, Fluent Bit.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"HostKeyMismatch", r"does not match for"],
            fix_files=[],
            explanation="""
No commit in water-billing caused this. The bureau, Paybridge, moved its
SFTP service to new hosting over the weekend (new address, new host key),
announced only to finance. The host key pinned in /etc/ssh/ssh_known_hosts
on the workers (Ansible-managed by the infrastructure team, not in this
repository) is the old one, so Net::SSH refuses the connection:
"Net::SSH::HostKeyMismatch: fingerprint SHA256:... does not match for
"sftp.paybridge.co.uk,<new address>"", at 05:30 and every retry until the
infrastructure team checks the fingerprint with Paybridge and updates the
known_hosts entry at 07:18; the 07:20 retry uploads. The contractor's
meter-read SFTP, another host, works throughout. Decoys: the 05:04 release
26 minutes before (upload retries, the file's new serial in its name),
named by the boot line; Sunday night's commit that logs the host and port on
an upload failure (it is why the error line is there at all); the net-sftp
bump; the Bacs docs page; sshd's ordinary brute-force noise; Fluent Bit's
flush retries; chores.
""",
        )
    finally:
        repo.close()
