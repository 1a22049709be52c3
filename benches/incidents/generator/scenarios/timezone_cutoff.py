"""freshcart-orders (Rails): a refactor moves the same-day cutoff into a
DeliveryWindow class and writes `Date.today` where the old code had
`Time.zone.today`. The containers run in UTC and the shop in
America/Los_Angeles, so from 16:00 Pacific (00:00 UTC) the server's "today" is
tomorrow: every order for that evening's delivery windows is rejected as
"before cutoff date" (422). The deploy was five hours earlier and nothing
failed until midnight UTC. Decoys: an earlier edit of the same cutoff code
(show the cutoff in the customer's zone), the tests commit that shipped with
it, a Sidekiq concurrency change rolled out 25 minutes before the onset (which
restarted web and workers), and the nightly capacity rollup job that runs at
00:00 UTC. Rails logger (line format), Sidekiq log, nginx access."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "freshcart-orders"
CONFIG_DEPLOY = utc("2026-12-07 23:35:00")
ONSET = utc("2026-12-08 00:00:28")
REVERTED = utc("2026-12-08 00:44:00")
START, END = utc("2026-12-07 21:30:00"), utc("2026-12-08 01:05:00")
PIDS = [12, 17, 23, 31]

SLOT = """class DeliverySlot < ApplicationRecord
  belongs_to :zone

  # Same-day windows close 90 minutes before they start.
  CUTOFF = 90.minutes

  def open_for_orders?(now = Time.zone.now)
    return false if date < Time.zone.today

    starts_at - CUTOFF > now
  end
end
"""

ORDERS_CONTROLLER = """class OrdersController < ApplicationController
  def create
    slot = DeliverySlot.find(params[:slot_id])
    unless slot.open_for_orders?
      Rails.logger.warn("Rejected order: delivery slot #{slot.date} #{slot.label} is before cutoff date #{slot.cutoff_date}")
      return render json: { error: 'slot_closed' }, status: :unprocessable_entity
    end

    order = Order.place!(current_customer, slot, params.require(:items))
    render json: order, status: :created
  end
end
"""


def rails_files():
    return {
        "Gemfile": "source 'https://rubygems.org'\n\nruby '3.3.0'\ngem 'rails', '~> 7.1.3'\ngem 'pg', '~> 1.5'\ngem 'puma', '~> 6.4'\ngem 'sidekiq', '~> 7.2'\ngem 'sidekiq-cron', '~> 1.12'\n\ngroup :test do\n  gem 'rspec-rails', '~> 6.1'\nend\n",
        "config/application.rb": "require_relative 'boot'\nrequire 'rails/all'\n\nmodule FreshcartOrders\n  class Application < Rails::Application\n    config.load_defaults 7.1\n    config.time_zone = 'America/Los_Angeles'\n    config.active_job.queue_adapter = :sidekiq\n  end\nend\n",
        "config/sidekiq.yml": ":concurrency: 10\n:queues:\n  - default\n  - mailers\n",
        "config/schedule.yml": "slot_capacity_rollup:\n  cron: '0 0 * * *'\n  class: SlotCapacityRollupJob\nsame_day_reminders:\n  cron: '*/15 * * * *'\n  class: SameDayReminderJob\n",
        "app/models/delivery_slot.rb": SLOT,
        "app/controllers/orders_controller.rb": ORDERS_CONTROLLER,
        "spec/models/delivery_slot_spec.rb": "require 'rails_helper'\n\nRSpec.describe DeliverySlot do\n  it 'closes 90 minutes before the window' do\n    slot = build(:delivery_slot, starts_at: Time.zone.now + 80.minutes)\n    expect(slot.open_for_orders?).to be(false)\n  end\nend\n",
        "Dockerfile": "FROM ruby:3.3-slim\nENV TZ=UTC\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --without test\nCOPY . .\nCMD [\"bundle\", \"exec\", \"puma\", \"-C\", \"config/puma.rb\"]\n",
        "k8s/web.yaml": k8s_deployment(SERVICE, 3000, replicas=4, memory="1Gi"),
        "k8s/worker.yaml": k8s_deployment(SERVICE + "-worker", 7433, replicas=2, memory="1Gi"),
        "k8s/service.yaml": k8s_service(SERVICE, 3000),
        ".github/workflows/ci.yml": ci_workflow("      - run: bundle exec rspec\n", "      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n"),
        "README.md": readme(SERVICE, "Grocery orders and delivery windows for the Bay Area shop.", "bundle install\nbin/rails db:setup\nbundle exec rspec"),
        "docs/runbook.md": runbook(SERVICE, [("OrderRejectRate", "More than 5 % of orders rejected: look at the rejection reasons in the web log.")]),
    }


def build_repo():
    grace = Person("Grace Liu", "grace.liu@freshcart.com", -480)
    diego = Person("Diego Morales", "diego.morales@freshcart.com", -480)
    sam = Person("Sam Whitfield", "sam.whitfield@freshcart.com", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    repo.commit(utc("2026-12-02 17:00:00"), diego, "freshcart-orders: import", rails_files())
    repo.schedule(chores(random.Random(5401), SERVICE, [grace, diego, sam], utc("2026-12-02 17:00:00"), ONSET, 4))
    repo.commit(utc("2026-12-04 22:10:00"), grace, "slots: say when a window closes in the customer's zone", {
        "app/models/delivery_slot.rb": repo.edit("app/models/delivery_slot.rb", "  def open_for_orders?",
                                                 "  def closes_at_label\n    (starts_at - CUTOFF).in_time_zone(zone.time_zone).strftime('%-l:%M %p')\n  end\n\n  def open_for_orders?"),
    })
    repo.commit(utc("2026-12-07 15:20:00"), bot, "Bump sidekiq from 7.2.1 to 7.2.4", {
        "Gemfile": repo.edit("Gemfile", "gem 'sidekiq', '~> 7.2'", "gem 'sidekiq', '~> 7.2.4'"),
    })
    culprit = repo.commit(utc("2026-12-07 18:24:00"), diego, "slots: extract DeliveryWindow so the app and the reminders share the cutoff rule", {
        "app/models/delivery_window.rb": "# The ordering rule for one delivery window, shared by the web app and the\n# same-day reminder job.\nclass DeliveryWindow\n  CUTOFF = 90.minutes\n\n  def initialize(date, starts_at)\n    @date = date\n    @starts_at = starts_at\n  end\n\n  def cutoff_date\n    Date.today\n  end\n\n  def open?(now = Time.current)\n    return false if @date < cutoff_date\n\n    @starts_at - CUTOFF > now\n  end\nend\n",
        "app/models/delivery_slot.rb": repo.edit("app/models/delivery_slot.rb",
                                                "  def open_for_orders?(now = Time.zone.now)\n    return false if date < Time.zone.today\n\n    starts_at - CUTOFF > now\n  end\n",
                                                "  delegate :cutoff_date, to: :window\n\n  def window\n    DeliveryWindow.new(date, starts_at)\n  end\n\n  def open_for_orders?(now = Time.current)\n    window.open?(now)\n  end\n"),
    })
    repo.commit(utc("2026-12-07 18:41:00"), diego, "spec: DeliveryWindow closes 90 minutes before the start", {
        "spec/models/delivery_window_spec.rb": "require 'rails_helper'\n\nRSpec.describe DeliveryWindow do\n  it 'is closed 80 minutes before the start' do\n    window = DeliveryWindow.new(Date.current, Time.current + 80.minutes)\n    expect(window.open?).to be(false)\n  end\nend\n",
    })
    repo.commit(utc("2026-12-07 23:12:00"), sam, "sidekiq: 15 threads per worker, the reminder queue backs up at 17:00", {
        "config/sidekiq.yml": repo.edit("config/sidekiq.yml", ":concurrency: 10", ":concurrency: 15"),
    })
    repo.commit(utc("2026-12-08 00:52:00"), grace, "docs: how same-day windows are offered", {
        "docs/slots.md": "# Delivery windows\n\nSix two-hour windows a day per zone; same-day windows close 90 minutes before they start.\n",
    })
    return repo, culprit


def build_logs(rng):
    web = Log("freshcart-orders.log")
    sidekiq = Log("sidekiq.log")
    nginx = Log("nginx-access.log")
    pacific = dt.timezone(dt.timedelta(hours=-8))
    windows = [("10:00-12:00", 10), ("12:00-14:00", 12), ("14:00-16:00", 14), ("16:00-18:00", 16), ("18:00-20:00", 18), ("20:00-22:00", 20)]

    def rails(t, level, req, msg):
        return f"{level[0]}, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #{rng.choice(PIDS)}] {level:>5} -- : [{req}] {msg}"

    for t in poisson_times(rng, START, END, 9):
        req = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        client = ip(rng, "10.20")
        local = t.astimezone(pacific)
        if rng.random() < 0.45:
            took = ms(rng, 30)
            path = f"/api/slots?zone={rng.choice(['94110', '94103', '94607', '94117'])}"
            web.add(t, rails(t, "INFO", req, f'Started GET "{path}" for {client} at {t.strftime("%Y-%m-%d %H:%M:%S")} +0000'))
            web.add(t, rails(t, "INFO", req, f"Completed 200 OK in {took}ms (Views: {rng.randint(1, 6)}.{rng.randint(0, 9)}ms | ActiveRecord: {rng.randint(2, 12)}.{rng.randint(0, 9)}ms | Allocations: {rng.randint(4000, 12000)})"))
            nginx.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(800, 2400), took / 1000, "FreshcartiOS/5.12", upstream_rt=took / 1000))
            continue
        # Orders: same-day windows still open locally, or tomorrow's.
        open_today = [(label, hour) for label, hour in windows if hour * 60 - 90 > local.hour * 60 + local.minute]
        same_day = open_today and rng.random() < 0.7
        if same_day:
            label, _ = rng.choice(open_today)
            slot_date = local.date()
        else:
            label, _ = rng.choice(windows)
            slot_date = local.date() + dt.timedelta(days=1)
        server_today = t.date()
        web.add(t, rails(t, "INFO", req, f'Started POST "/api/orders" for {client} at {t.strftime("%Y-%m-%d %H:%M:%S")} +0000'))
        web.add(t, rails(t, "INFO", req, "Processing by OrdersController#create as JSON"))
        done = t + dt.timedelta(milliseconds=ms(rng, 60))
        if slot_date < server_today and t < REVERTED:
            web.add(done, rails(done, "WARN", req, f"Rejected order: delivery slot {slot_date} {label} is before cutoff date {server_today}"))
            web.add(done, rails(done, "INFO", req, f"Completed 422 Unprocessable Entity in {ms(rng, 14)}ms (Views: 0.{rng.randint(1, 9)}ms | ActiveRecord: {rng.randint(1, 4)}.{rng.randint(0, 9)}ms | Allocations: {rng.randint(1500, 3000)})"))
            nginx.add(done, nginx_access(done, client, "POST", "/api/orders", 422, 24, 0.02, "FreshcartiOS/5.12", upstream_rt=0.02))
            continue
        web.add(done, rails(done, "INFO", req, f"Order FC-{rng.randint(1000000, 9999999)} placed for slot {slot_date} {label}"))
        web.add(done, rails(done, "INFO", req, f"Completed 201 Created in {ms(rng, 90)}ms (Views: {rng.randint(1, 6)}.{rng.randint(0, 9)}ms | ActiveRecord: {rng.randint(20, 60)}.{rng.randint(0, 9)}ms | Allocations: {rng.randint(20000, 40000)})"))
        nginx.add(done, nginx_access(done, client, "POST", "/api/orders", 201, rng.randint(600, 900), 0.09, "FreshcartiOS/5.12", upstream_rt=0.09))

    def sk(t, level, cls, jid, msg, tid=None):
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        return f"{stamp} pid=1 tid={tid or hexid(rng, 5)} class={cls} jid={jid} {level}: {msg}"

    t = START.replace(minute=30)
    while t < END:
        jid = hexid(rng, 24)
        run = ms(rng, 900)
        sidekiq.add(t + dt.timedelta(seconds=1), sk(t + dt.timedelta(seconds=1), "INFO", "SameDayReminderJob", jid, "start"))
        sidekiq.add(t + dt.timedelta(milliseconds=1000 + run), sk(t + dt.timedelta(milliseconds=1000 + run), "INFO", "SameDayReminderJob", jid, f"done: {run / 1000:.3f} sec"))
        t += dt.timedelta(minutes=15)
    emit(rng, sidekiq, START, END, 3, [
        (4, lambda t: sk(t, "INFO", "OrderConfirmationMailer", hexid(rng, 24), f"done: {ms(rng, 300) / 1000:.3f} sec")),
        (1, lambda t: sk(t, "INFO", "ActiveStorage::AnalyzeJob", hexid(rng, 24), f"done: {ms(rng, 150) / 1000:.3f} sec")),
    ])
    t = utc("2026-12-08 00:00:00") + dt.timedelta(milliseconds=412)
    jid = hexid(rng, 24)
    sidekiq.add(t, sk(t, "INFO", "SlotCapacityRollupJob", jid, "start"))
    sidekiq.add(t + dt.timedelta(seconds=41), sk(t + dt.timedelta(seconds=41), "INFO", "SlotCapacityRollupJob", jid, "done: 41.207 sec"))
    for when in (CONFIG_DEPLOY, REVERTED + dt.timedelta(minutes=3)):
        for i in range(2):
            t = when + dt.timedelta(seconds=30 * i)
            sidekiq.add(t, sk(t, "INFO", "-", "-", "Shutting down", tid="main"))
            sidekiq.add(t + dt.timedelta(seconds=6), sk(t + dt.timedelta(seconds=6), "INFO", "-", "-", "Booted Rails 7.1.3 application in production environment", tid="main"))
            sidekiq.add(t + dt.timedelta(seconds=6), sk(t + dt.timedelta(seconds=6), "INFO", "-", "-", "Running in ruby 3.3.0 (2023-12-25 revision 5124f9ac84) [x86_64-linux]", tid="main"))
            sidekiq.add(t + dt.timedelta(seconds=6), sk(t + dt.timedelta(seconds=6), "INFO", "-", "-", "Sidekiq 7.2.4 connecting to Redis with options {:size=>17, :pool_name=>\"internal\", :url=>\"redis://redis-queue:6379/0\"}", tid="main"))
        for i in range(4):
            t = when + dt.timedelta(seconds=20 * i)
            web.add(t, f"I, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #1]  INFO -- : [-] Puma starting in cluster mode... Version 6.4.2 (ruby 3.3.0-p0) (\"The Eagle of Durango\")")
            web.add(t, f"I, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #1]  INFO -- : [-] Environment: production")
    return [web, sidekiq, nginx]


def build(out_dir):
    rng = random.Random(5400)
    repo, culprit = build_repo()
    try:
        def rejected_ratio(t):
            if ONSET <= t < REVERTED:
                return 0.62
            return 0.004

        metrics = {
            "orders_rejected_ratio.json": query_range([({"service": SERVICE, "reason": "slot_closed"}, rejected_ratio)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="timezone-cutoff", service=SERVICE, onset=ONSET,
            description="""
Time zone bug. At 16:00 Pacific (00:00 UTC) most new orders start failing with
422: the web log says the evening's delivery slots are "before cutoff date"
with the next day's date. The shop runs in America/Los_Angeles; the containers
in UTC. Neither the web nor the worker logs name a version; a deploy at 18:57
UTC carried a DeliveryWindow refactor and its spec; a Sidekiq concurrency
change rolled out at 23:35 (web and workers restarted). The nightly capacity
rollup ran at 00:00 UTC as every night. The on-call rolled web back to the
previous day's image at 00:44.
""",
            logs=build_logs(rng), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"freshcart-orders.log": r"<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : \[<RequestId>\] <Content>"},
            root_cause=[r"is before cutoff date"],
            fix_files=["app/models/delivery_window.rb"],
            explanation="""
The culprit's DeliveryWindow#cutoff_date is Date.today, the container's (UTC)
date, where the old code used Time.zone.today (Pacific). From 00:00 UTC every
same-day slot is before the cutoff date. Decoys: the earlier edit of the
cutoff code in delivery_slot.rb, the spec that shipped with the refactor, the
sidekiq bump, the Sidekiq concurrency change rolled out 25 minutes before the
onset, and the nightly rollup job at 00:00 UTC. The fix uses Time.zone.today
(Date.current) in delivery_window.rb.
""",
        )
    finally:
        repo.close()
