"""pantrybox-web (Ruby on Rails 7.1 monolith on three VMs behind HAProxy,
Puma in cluster mode under systemd, MySQL 8.0 on RDS; deployed with
Capistrano from GitHub Actions; team in London, Lisbon and Buenos Aires):
Pantrybox's meal-kit shop. Coupon codes (about 2.6 million rows: campaign
codes and every customer's single-use referral codes) live in `coupons`,
whose `code` column is utf8mb4_bin with a unique index. A customer's applied
code stays in the cart and is looked up again on every cart and checkout
page to show the discount.

On Monday afternoon a commit makes the lookup case-insensitive for
customers who type `spring25`: `where("LOWER(code) = ?", code.downcase)`.
Wrapping the column in a function means MySQL can no longer use the unique
index, so every lookup reads the table (a second or more per lookup). It
passes CI and staging (two thousand coupons). Tuesday's release, deployed by
Capistrano at 09:41 UTC with a phased Puma restart, ships everything on
main: the deploy names HEAD, a later docs commit. That morning's SPRING25
email means many carts carry a code. Within two minutes the slow query log
fills with full scans of `coupons`, Threads_running climbs, scans pass the
3 s max_execution_time and cart and checkout pages fail with
ActiveRecord::StatementTimeout ("Query execution was interrupted, maximum
statement execution time exceeded"); every other page slows and HAProxy
starts queueing and answering 503. The on-call rolls back to Monday's
release at 10:17 and it stops.

Decoys: the Dependabot mysql2 0.5.5 -> 0.5.6 bump in the same release (the
errors say "Mysql2::Error"); a commit in the same release that logs why a
coupon code was rejected, to the culprit's own file (new "coupon rejected"
lines appear from the deploy on); a Puma threads and connection pool change
in the same release; the docs commit the deploy names; an earlier delivery
slot change; chores; the fix after the onset. Rails log (Logger format with
request tags, lograge JSON per request, Rails' FATAL backtraces), HAProxy
(syslog RFC 3164, HTTP log format), MySQL slow query log (multi-line),
systemd journal JSON export (puma.service, phased restarts),
GitHub Actions deploy log (Capistrano output)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, ci_workflow, readme, runbook

SERVICE = "pantrybox-web"
START, END = utc("2026-04-14 08:20:00"), utc("2026-04-14 10:50:00")
MONDAY_DEPLOY = utc("2026-04-13 15:40:22")
DEPLOY = utc("2026-04-14 09:40:51")
ROLLBACK = utc("2026-04-14 10:17:08")
CAMPAIGN_SENT = utc("2026-04-14 07:00:00")
HOSTS = ["web-1", "web-2", "web-3"]
COUPON_ROWS = 2_614_388
MAX_EXEC = 3.0

COUPON_RB = """class Coupon < ApplicationRecord
  # Campaign codes (SPRING25) and every customer's single-use referral code.
  # `code` is utf8mb4_bin with a unique index (index_coupons_on_code);
  # codes are generated and stored in upper case.
  belongs_to :campaign, optional: true

  scope :live, -> { where("starts_at <= :now AND (ends_at IS NULL OR ends_at > :now)", now: Time.current) }

  def self.lookup(code)
    return nil if code.blank?

    find_by(code: code.to_s.strip)
  end

  def applicable_to?(cart)
    return false if single_use? && redeemed_at.present?

    cart.subtotal_pence >= min_spend_pence
  end
end
"""

CART_RB = """class Cart < ApplicationRecord
  belongs_to :customer, optional: true
  has_many :items, class_name: "CartItem", dependent: :delete_all

  def subtotal_pence
    items.sum(&:total_pence)
  end

  # The applied code is kept on the cart and checked again on every render,
  # so a code that expired or was used elsewhere stops discounting at once.
  def applied_coupon
    @applied_coupon ||= Coupon.lookup(coupon_code)
  end

  def discount_pence
    coupon = applied_coupon
    return 0 unless coupon&.applicable_to?(self)

    coupon.discount_for(subtotal_pence)
  end
end
"""

CART_COUPONS_CONTROLLER = """class CartCouponsController < ApplicationController
  before_action :require_cart

  def create
    coupon = Coupon.lookup(params[:code])
    if coupon&.applicable_to?(current_cart)
      current_cart.update!(coupon_code: coupon.code)
      redirect_to cart_path, notice: t(".applied", code: coupon.code)
    else
      redirect_to cart_path, alert: t(".invalid")
    end
  end

  def destroy
    current_cart.update!(coupon_code: nil)
    redirect_to cart_path
  end
end
"""

SCHEMA = """ActiveRecord::Schema[7.1].define(version: 2026_03_30_101500) do
  create_table "campaigns", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.string "name", null: false
    t.datetime "starts_at", null: false
    t.datetime "ends_at"
  end

  create_table "cart_items", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.bigint "cart_id", null: false
    t.bigint "recipe_id", null: false
    t.integer "servings", null: false
    t.integer "total_pence", null: false
    t.index ["cart_id"], name: "index_cart_items_on_cart_id"
  end

  create_table "carts", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.bigint "customer_id"
    t.string "coupon_code", limit: 32, collation: "utf8mb4_bin"
    t.datetime "updated_at", null: false
    t.index ["customer_id"], name: "index_carts_on_customer_id"
  end

  create_table "coupons", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.string "code", limit: 32, null: false, collation: "utf8mb4_bin"
    t.bigint "campaign_id"
    t.bigint "referrer_id"
    t.boolean "single_use", default: false, null: false
    t.integer "percent_off"
    t.integer "amount_off_pence"
    t.integer "min_spend_pence", default: 0, null: false
    t.datetime "starts_at", null: false
    t.datetime "ends_at"
    t.datetime "redeemed_at"
    t.index ["code"], name: "index_coupons_on_code", unique: true
    t.index ["campaign_id"], name: "index_coupons_on_campaign_id"
  end

  create_table "deliveries", charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci", force: :cascade do |t|
    t.bigint "order_id", null: false
    t.date "delivery_on", null: false
    t.string "slot", null: false
    t.index ["delivery_on", "slot"], name: "index_deliveries_on_delivery_on_and_slot"
  end
end
"""

DATABASE_YML = """default: &default
  adapter: mysql2
  encoding: utf8mb4
  collation: utf8mb4_0900_ai_ci
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>
  connect_timeout: 2
  read_timeout: 10
  variables:
    # SELECTs from web requests give up after 3 s (reports run elsewhere)
    max_execution_time: 3000

development:
  <<: *default
  database: pantrybox_development

test:
  <<: *default
  database: pantrybox_test

production:
  <<: *default
  host: <%= ENV["DATABASE_HOST"] %>
  database: pantrybox
  username: pantrybox_web
  password: <%= ENV["DATABASE_PASSWORD"] %>
"""

PUMA_RB = """max_threads_count = ENV.fetch("RAILS_MAX_THREADS") { 5 }
threads max_threads_count, max_threads_count

workers ENV.fetch("WEB_CONCURRENCY") { 3 }
preload_app! false   # phased restarts need it off
port ENV.fetch("PORT") { 3000 }
environment ENV.fetch("RAILS_ENV") { "production" }
pidfile ENV.fetch("PIDFILE") { "tmp/pids/server.pid" }
"""

LOGRAGE_RB = """Rails.application.configure do
  config.lograge.enabled = true
  config.lograge.formatter = Lograge::Formatters::Json.new
  config.lograge.custom_options = lambda do |event|
    {
      host: Socket.gethostname,
      remote_ip: event.payload[:remote_ip],
      customer_id: event.payload[:customer_id],
    }
  end
end
"""

DEPLOY_RB = """lock "~> 3.19"

set :application, "pantrybox"
set :repo_url, "git@github.com:pantrybox/pantrybox-web.git"
set :branch, "main"
set :deploy_to, "/srv/pantrybox"
set :keep_releases, 5
set :puma_phased_restart, true
append :linked_files, "config/master.key", ".env"
append :linked_dirs, "log", "tmp/pids", "tmp/cache", "tmp/sockets", "public/system"

after "deploy:publishing", "puma:phased_restart"
"""


CHECKOUT_RB = """class Checkout
  class PaymentFailed < StandardError; end

  def initialize(cart, customer)
    @cart = cart
    @customer = customer
  end

  # Charges the card and turns the basket into an order with a delivery.
  def place!(delivery)
    Order.transaction do
      order = Order.create!(
        customer: @customer,
        delivery_on: delivery[:delivery_on],
        slot: delivery[:slot],
        subtotal_pence: @cart.subtotal_pence,
        discount_pence: @cart.discount_pence,
        coupon_code: @cart.coupon_code,
      )
      charge = Payments.charge!(@customer, order.total_pence, idempotency_key: "order-#{order.id}")
      order.update!(payment_ref: charge.id, state: "paid")
      @cart.destroy!
      order
    end
  end
end
"""


def rails_files():
    return {
        "Gemfile": 'source "https://rubygems.org"\n\nruby "3.3.1"\n\ngem "rails", "~> 7.1.3"\ngem "mysql2", "0.5.5"\ngem "puma", "~> 6.4"\ngem "lograge", "~> 0.14"\ngem "sidekiq", "~> 7.2"\ngem "bootsnap", require: false\n\ngroup :development do\n  gem "capistrano", "~> 3.19", require: false\n  gem "capistrano-rails", require: false\n  gem "capistrano3-puma", require: false\nend\n\ngroup :test do\n  gem "rspec-rails", "~> 6.1"\n  gem "factory_bot_rails"\nend\n',
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    lograge (0.14.0)\n    mysql2 (0.5.5)\n    puma (6.4.2)\n      nio4r (~> 2.0)\n    rails (7.1.3.2)\n    sidekiq (7.2.2)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  lograge (~> 0.14)\n  mysql2 (= 0.5.5)\n  puma (~> 6.4)\n  rails (~> 7.1.3)\n  sidekiq (~> 7.2)\n\nRUBY VERSION\n   ruby 3.3.1p55\n\nBUNDLED WITH\n   2.5.9\n",
        "Capfile": 'require "capistrano/setup"\nrequire "capistrano/deploy"\nrequire "capistrano/scm/git"\ninstall_plugin Capistrano::SCM::Git\nrequire "capistrano/rails/assets"\nrequire "capistrano/rails/migrations"\nrequire "capistrano/puma"\ninstall_plugin Capistrano::Puma\ninstall_plugin Capistrano::Puma::Systemd\n',
        "config/deploy.rb": DEPLOY_RB,
        "config/deploy/production.rb": 'server "web-1.internal.pantrybox.co.uk", user: "deploy", roles: %w[app web db]\nserver "web-2.internal.pantrybox.co.uk", user: "deploy", roles: %w[app web]\nserver "web-3.internal.pantrybox.co.uk", user: "deploy", roles: %w[app web]\n',
        "config/application.rb": 'require_relative "boot"\nrequire "rails/all"\n\nBundler.require(*Rails.groups)\n\nmodule Pantrybox\n  class Application < Rails::Application\n    config.load_defaults 7.1\n    config.time_zone = "London"\n    config.active_record.default_timezone = :utc\n  end\nend\n',
        "config/environments/production.rb": 'require "active_support/core_ext/integer/time"\n\nRails.application.configure do\n  config.enable_reloading = false\n  config.eager_load = true\n  config.consider_all_requests_local = false\n  config.force_ssl = true\n  config.log_level = :info\n  config.log_tags = [:request_id]\n  config.logger = ActiveSupport::TaggedLogging.new(ActiveSupport::Logger.new("log/production.log"))\n  config.cache_store = :redis_cache_store, { url: ENV["REDIS_URL"] }\n  config.active_record.dump_schema_after_migration = false\nend\n',
        "config/initializers/lograge.rb": LOGRAGE_RB,
        "config/database.yml": DATABASE_YML,
        "config/puma.rb": PUMA_RB,
        "config/locales/en.yml": 'en:\n  cart_coupons:\n    create:\n      applied: "%{code} applied"\n      invalid: "That code is not valid for this basket"\n',
        "app/models/application_record.rb": "class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n",
        "app/models/coupon.rb": COUPON_RB,
        "app/models/cart.rb": CART_RB,
        "app/controllers/cart_coupons_controller.rb": CART_COUPONS_CONTROLLER,
        "app/controllers/carts_controller.rb": "class CartsController < ApplicationController\n  before_action :require_cart\n\n  def show\n    @cart = current_cart\n    @discount = @cart.discount_pence\n    @slots = DeliverySlot.available_for(@cart)\n  end\nend\n",
        "app/controllers/checkouts_controller.rb": "class CheckoutsController < ApplicationController\n  before_action :require_cart, :require_customer\n\n  def show\n    @cart = current_cart\n    @discount = @cart.discount_pence\n  end\n\n  def create\n    order = Checkout.new(current_cart, current_customer).place!(params.require(:checkout).permit(:slot, :delivery_on))\n    redirect_to order_path(order)\n  end\nend\n",
        "app/models/checkout.rb": CHECKOUT_RB,
        "app/models/delivery_slot.rb": "class DeliverySlot\n  SLOTS = %w[07-10 10-13 13-16 17-20].freeze\n\n  def self.available_for(cart)\n    (1..6).flat_map { |d| SLOTS.map { |s| new(Date.current + d, s) } }.reject(&:full?)\n  end\nend\n",
        "db/schema.rb": SCHEMA,
        "spec/models/coupon_spec.rb": 'require "rails_helper"\n\nRSpec.describe Coupon do\n  describe ".lookup" do\n    it "finds a code" do\n      create(:coupon, code: "SPRING25")\n      expect(Coupon.lookup("SPRING25")).to be_present\n    end\n\n    it "returns nil for a blank code" do\n      expect(Coupon.lookup(" ")).to be_nil\n    end\n  end\nend\n',
        ".github/workflows/ci.yml": ci_workflow("      - run: bin/rails db:setup\n      - run: bundle exec rspec\n",
                                                "      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n"),
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n    inputs:\n      task:\n        default: deploy\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n      - uses: webfactory/ssh-agent@v0.9.0\n        with:\n          ssh-private-key: ${{ secrets.DEPLOY_KEY }}\n      - run: bundle exec cap production ${{ inputs.task }}\n",
        "README.md": readme(SERVICE, "Pantrybox's shop: menus, recipes, baskets, coupons, checkout and delivery slots (Rails).", "bin/setup\nbundle exec rspec\nbin/rails server").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Deploys are run by hand from the `deploy` workflow (Capistrano, phased Puma restart on web-1..3);\n`deploy:rollback` goes back to the previous release."),
    }


def build_repo():
    hannah = Person("Hannah Okafor", "hannah.okafor@pantrybox.co.uk", 60)
    rui = Person("Rui Almeida", "rui.almeida@pantrybox.co.uk", 60)
    valentina = Person("Valentina Ríos", "valentina.rios@pantrybox.co.uk", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = rails_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("Pantrybox5xx", "More than 1 % of requests answered 5xx at HAProxy: read log/production.log on web-1..3 (FATAL lines) and the RDS slow query log."),
        ("MySQLThreadsRunning", "Threads_running above 20 for 5 minutes: look for full scans in the slow query log; `SHOW PROCESSLIST` on the writer."),
    ])
    repo.commit(utc("2026-04-08 09:30:00"), hannah, "pantrybox-web: move to the pantrybox org", files)
    repo.schedule(chores(random.Random(14101), SERVICE, [hannah, rui, valentina], utc("2026-04-08 09:30:00"), utc("2026-04-13 12:00:00"), 4))
    repo.commit(utc("2026-04-09 13:10:00"), rui, "delivery slots: hide a slot once it is full", {
        "app/models/delivery_slot.rb": repo.edit("app/models/delivery_slot.rb", "    (1..6).flat_map", "    # full? counts deliveries booked into the slot (index_deliveries_on_delivery_on_and_slot)\n    (1..6).flat_map"),
    })
    repo.commit(utc("2026-04-10 15:45:00"), valentina, "checkout: Saturday slots from 07:00", {
        "app/models/delivery_slot.rb": repo.edit("app/models/delivery_slot.rb", 'SLOTS = %w[07-10 10-13 13-16 17-20].freeze', 'SLOTS = %w[07-10 10-13 13-16 17-20].freeze\n  SATURDAY_SLOTS = %w[07-10 10-13].freeze'),
    })
    monday = repo.commit(utc("2026-04-13 14:58:00"), hannah, "menu: show the allergens on the recipe card", {
        "app/views/recipes/_card.html.erb": '<article class="recipe-card">\n  <h3><%= recipe.title %></h3>\n  <p class="allergens"><%= recipe.allergens.to_sentence %></p>\n</article>\n',
    })
    culprit = repo.commit(utc("2026-04-13 16:05:00"), valentina, "coupons: accept codes in any case\n\nSupport gets a dozen tickets a week from customers who typed spring25\nor Spring25: codes are stored upper case and the column is utf8mb4_bin,\nso the lookup is case-sensitive. Compare in lower case.", {
        "app/models/coupon.rb": repo.edit("app/models/coupon.rb", "    find_by(code: code.to_s.strip)\n",
                                          "    where(\"LOWER(code) = ?\", code.to_s.strip.downcase).take\n"),
        "spec/models/coupon_spec.rb": repo.edit("spec/models/coupon_spec.rb", '    it "returns nil for a blank code" do',
                                                '    it "ignores case" do\n      create(:coupon, code: "SPRING25")\n      expect(Coupon.lookup("spring25")).to be_present\n    end\n\n    it "returns nil for a blank code" do'),
    })
    repo.commit(utc("2026-04-14 06:12:00"), bot, "Bump mysql2 from 0.5.5 to 0.5.6\n\nBumps [mysql2](https://github.com/brianmario/mysql2) from 0.5.5 to 0.5.6.\n- [Release notes](https://github.com/brianmario/mysql2/releases)\n- [Commits](https://github.com/brianmario/mysql2/compare/0.5.5...0.5.6)\n\n---\nupdated-dependencies:\n- dependency-name: mysql2\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "Gemfile": repo.edit("Gemfile", 'gem "mysql2", "0.5.5"', 'gem "mysql2", "0.5.6"'),
        "Gemfile.lock": repo.edit("Gemfile.lock", "    mysql2 (0.5.5)\n", "    mysql2 (0.5.6)\n").replace("  mysql2 (= 0.5.5)\n", "  mysql2 (= 0.5.6)\n"),
    })
    repo.commit(utc("2026-04-14 08:24:00"), hannah, "coupons: log why a code was rejected\n\nSupport cannot tell a customer whether their code expired, was used or\nneeds a bigger basket. Log the reason; the message to the customer stays\nthe same.", {
        "app/models/coupon.rb": repo.edit("app/models/coupon.rb", "  def applicable_to?(cart)\n    return false if single_use? && redeemed_at.present?\n\n    cart.subtotal_pence >= min_spend_pence\n  end\n",
                                          "  def applicable_to?(cart)\n    rejection_reason(cart).nil?\n  end\n\n  def rejection_reason(cart)\n    return :expired if ends_at&.past?\n    return :already_used if single_use? && redeemed_at.present?\n    return :min_spend if cart.subtotal_pence < min_spend_pence\n\n    nil\n  end\n"),
        "app/controllers/cart_coupons_controller.rb": repo.edit("app/controllers/cart_coupons_controller.rb", "    else\n      redirect_to cart_path, alert: t(\".invalid\")\n",
                                                                "    else\n      reason = coupon ? coupon.rejection_reason(current_cart) : :not_found\n      Rails.logger.info(\"coupon rejected code=#{params[:code].to_s.strip} reason=#{reason} cart=#{current_cart.id}\")\n      redirect_to cart_path, alert: t(\".invalid\")\n"),
    })
    repo.commit(utc("2026-04-14 08:50:00"), rui, "puma: six threads per worker, database pool follows\n\nWorkers sit at 40 % CPU waiting on Stripe and MySQL; one more thread\neach. The pool reads RAILS_MAX_THREADS already.", {
        "config/puma.rb": repo.edit("config/puma.rb", '{ 5 }\nthreads', '{ 6 }\nthreads'),
        "config/database.yml": repo.edit("config/database.yml", '  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>\n', '  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 6 } %>\n'),
    })
    head = repo.commit(utc("2026-04-14 09:22:00"), hannah, "docs: how coupon campaigns are set up", {
        "docs/coupons.md": "# Coupons\n\nCampaign codes (SPRING25) are created in the admin under Marketing >\nCampaigns; referral codes are generated per customer (NAME-XXXX).\nCodes are stored in upper case. A code applied to a basket is checked\nagain on every basket and checkout page, so an expired code stops\ndiscounting without the customer removing it.\n",
    })
    repo.commit(utc("2026-04-14 10:58:00"), valentina, "coupons: upcase the code and use the unique index again\n\nLOWER(code) made every lookup a full scan of coupons (2.6M rows); the\ncart checks the code on each render. Codes are stored upper case, so\nupcase the input instead.", {
        "app/models/coupon.rb": repo.edit("app/models/coupon.rb", "    where(\"LOWER(code) = ?\", code.to_s.strip.downcase).take\n",
                                          "    # codes are stored upper case; LOWER(code) cannot use index_coupons_on_code\n    find_by(code: code.to_s.strip.upcase)\n"),
    })
    return repo, culprit, monday, head


# ---------------------------------------------------------------------------


def rails_line(t, sev, pid, rid, msg):
    t = t.astimezone(dt.timezone.utc)
    level = {"I": "INFO", "W": "WARN", "E": "ERROR", "F": "FATAL"}[sev]
    return f"{sev}, [{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d} #{pid}] {level:>5} -- : [{rid}] {msg}"


def journal(t, host, unit, ident, pid, prio, msg, boot, transport="stdout"):
    body = {"__REALTIME_TIMESTAMP": str(int(t.timestamp() * 1_000_000)), "_BOOT_ID": boot, "_HOSTNAME": host, "PRIORITY": str(prio),
            "_TRANSPORT": transport, "SYSLOG_IDENTIFIER": ident, "_PID": str(pid), "_SYSTEMD_UNIT": unit, "MESSAGE": msg}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def gha(t, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond * 10 + 3:07d}Z {text}"


def haproxy_line(t, client, server, tr, tw, tc, trr, ta, status, size, flags, conns, queues, req):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    return f"{client} [{stamp}] fe_https~ be_web/{server} {tr}/{tw}/{tc}/{trr}/{ta} {status} {size} - - {flags} {conns} {queues} \"{req} HTTP/1.1\""


def slow_entry(t, ip_addr, conn, query_time, lock, sent, examined, sql):
    return (f"# Time: {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z\n"
            f"# User@Host: pantrybox_web[pantrybox_web] @  [{ip_addr}]  Id: {conn}\n"
            f"# Query_time: {query_time:.6f}  Lock_time: {lock:.6f} Rows_sent: {sent}  Rows_examined: {examined}\n"
            f"SET timestamp={int(t.timestamp())};\n"
            f"{sql}")


UAS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
       "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.80 Mobile Safari/537.36"]
RECIPES = ["harissa-chicken-traybake", "miso-glazed-aubergine", "lamb-kofta-flatbreads", "creamy-tuscan-gnocchi", "thai-green-prawn-curry",
           "smoky-bean-chilli", "crispy-sesame-tofu", "pork-katsu-curry", "sweet-potato-dhal", "lemon-herb-salmon"]
REFERRAL = ["HANNA", "JAMES", "PRIYA", "OLIVER", "AMIRA", "TOM", "GRACE", "LUCAS", "EMMA", "NOAH", "SOPHIE", "ZARA"]


def build_logs(rng, culprit, monday, head):
    app = Log("production.log")
    lb = Log("haproxy.log")
    slow = Log("mysql-slow.log")
    jr = Log("journal-web.log")
    deploy = Log("deploy.log")

    boots = {h: f"{hexid(rng, 32)}" for h in HOSTS}
    masters = {h: rng.randint(1100, 1900) for h in HOSTS}
    host_ip = {"web-1": "10.20.1.11", "web-2": "10.20.2.12", "web-3": "10.20.3.13"}
    workers = {h: [rng.randint(20000, 29000) for _ in range(3)] for h in HOSTS}
    new_workers = {h: [rng.randint(30000, 39000) for _ in range(3)] for h in HOSTS}
    back_workers = {h: [rng.randint(40000, 49000) for _ in range(3)] for h in HOSTS}
    conns = {h: [rng.randint(480000, 499000) + 10 * i for i in range(18)] for h in HOSTS}

    # --- the deploy workflow (Capistrano) -------------------------------------------------
    release = DEPLOY.strftime("%Y%m%d%H%M%S")
    monday_release = MONDAY_DEPLOY.strftime("%Y%m%d%H%M%S")

    def cap_run(t0, task, sha, kind):
        t = t0
        lines = [(0, f"##[group]Run bundle exec cap production {task}"), (0.01, f"bundle exec cap production {task}"), (0.01, "shell: /usr/bin/bash -e {0}"), (0.01, "##[endgroup]")]
        if kind == "deploy":
            steps = [("git:wrapper", ["mkdir -p /tmp", "Uploading /tmp/git-ssh-pantrybox-production-ci.sh 100.0%", "chmod 700 /tmp/git-ssh-pantrybox-production-ci.sh"]),
                     ("git:check", ["git ls-remote git@github.com:pantrybox/pantrybox-web.git HEAD"]),
                     ("git:update", ["git remote set-url origin git@github.com:pantrybox/pantrybox-web.git", "git remote update --prune"]),
                     ("git:create_release", [f"mkdir -p /srv/pantrybox/releases/{release}", f"git archive main | /usr/bin/env tar -x -f - -C /srv/pantrybox/releases/{release}"]),
                     ("deploy:set_current_revision", [f"echo \"{sha}\" > REVISION"]),
                     ("bundler:install", ["bundle install --path /srv/pantrybox/shared/bundle --jobs 4 --without development test --deployment --quiet"]),
                     ("deploy:assets:precompile", ["bundle exec rake assets:precompile"]),
                     ("deploy:migrate", ["[deploy:migrate] Checking changes in db", "[deploy:migrate] Skip `deploy:migrate` (nothing changed in db)"]),
                     ("deploy:symlink:release", [f"ln -s /srv/pantrybox/releases/{release} /srv/pantrybox/releases/current", "mv /srv/pantrybox/releases/current /srv/pantrybox"]),
                     ("puma:phased_restart", ["sudo /bin/systemctl reload puma_pantrybox_production"]),
                     ("deploy:cleanup", [f"rm -rf /srv/pantrybox/releases/{rng.choice(['20260408101502', '20260409141130'])}"]),
                     ("deploy:log_revision", [f"echo \"Branch main (at {sha}) deployed as release {release} by ci\" >> /srv/pantrybox/revisions.log"])]
            offsets = [0, 1, 2, 4, 6, 7, 29, 41, 43, 44, 46, 47]
        else:
            steps = [("deploy:rollback_release_path", []),
                     ("deploy:symlink:release", [f"ln -s /srv/pantrybox/releases/{monday_release} /srv/pantrybox/releases/current", "mv /srv/pantrybox/releases/current /srv/pantrybox"]),
                     ("puma:phased_restart", ["sudo /bin/systemctl reload puma_pantrybox_production"]),
                     ("deploy:rollback_cleanup", [f"tar -czf /srv/pantrybox/rolled-back-release-{release}.tar.gz {release}", f"rm -rf /srv/pantrybox/releases/{release}"]),
                     ("deploy:log_revision", [f"echo \"ci rolled back to release {monday_release}\" >> /srv/pantrybox/revisions.log"])]
            offsets = [0, 1, 2, 4, 5]
        for off, text in lines:
            deploy.add(t + dt.timedelta(seconds=off), gha(t + dt.timedelta(seconds=off), text))
        for (name, cmds), off in zip(steps, offsets):
            ts = t + dt.timedelta(seconds=off + rng.uniform(0.1, 0.6))
            deploy.add(ts, gha(ts, f"00:{off:02d} {name}"))
            for i, cmd in enumerate(cmds):
                targets = HOSTS if not cmd.startswith("[deploy:migrate]") else ["web-1"]
                tc = ts + dt.timedelta(milliseconds=40 + 30 * i)
                deploy.add(tc, gha(tc, f"      {i + 1:02d} {cmd}"))
                for h in targets:
                    took = rng.uniform(0.05, 0.4) if name not in ("bundler:install", "deploy:assets:precompile") else rng.uniform(9, 14)
                    td = tc + dt.timedelta(seconds=took)
                    deploy.add(td, gha(td, f"    \u2714 {i + 1:02d} deploy@{h}.internal.pantrybox.co.uk {took:.3f}s"))

    t0 = DEPLOY - dt.timedelta(seconds=48)
    deploy.add(t0 - dt.timedelta(seconds=20), gha(t0 - dt.timedelta(seconds=20), "Current runner version: '2.315.0'"))
    deploy.add(t0 - dt.timedelta(seconds=20), gha(t0 - dt.timedelta(seconds=20), "Triggered by: hannah-okafor (workflow_dispatch, task=deploy)"))
    deploy.add(t0 - dt.timedelta(seconds=12), gha(t0 - dt.timedelta(seconds=12), f"HEAD is now at {head[:7]} docs: how coupon campaigns are set up"))
    cap_run(t0, "deploy", head, "deploy")
    r0 = ROLLBACK - dt.timedelta(seconds=5)
    deploy.add(r0 - dt.timedelta(seconds=18), gha(r0 - dt.timedelta(seconds=18), "Current runner version: '2.315.0'"))
    deploy.add(r0 - dt.timedelta(seconds=18), gha(r0 - dt.timedelta(seconds=18), "Triggered by: rui-almeida (workflow_dispatch, task=deploy:rollback)"))
    cap_run(r0, "deploy:rollback", monday, "rollback")

    # --- phased restarts in the journal -----------------------------------------------------
    def phased(t, h, old, new, phase):
        m = masters[h]
        unit = "puma_pantrybox_production.service"
        jr.add(t, journal(t, h, "init.scope", "systemd", 1, 6, "Reloading puma_pantrybox_production.service - Puma HTTP Server for pantrybox (production)...", boots[h], "journal"))
        jr.add(t + dt.timedelta(milliseconds=30), journal(t + dt.timedelta(milliseconds=30), h, "init.scope", "systemd", 1, 6, "Reloaded puma_pantrybox_production.service - Puma HTTP Server for pantrybox (production).", boots[h], "journal"))
        tt = t + dt.timedelta(milliseconds=60)
        jr.add(tt, journal(tt, h, unit, "puma", m, 6, f"[{m}] - Starting phased worker restart, phase: {phase}", boots[h]))
        jr.add(tt, journal(tt, h, unit, "puma", m, 6, f"[{m}] + Changing to /srv/pantrybox/current", boots[h]))
        for i, (o, n) in enumerate(zip(old, new)):
            tt += dt.timedelta(seconds=rng.uniform(0.2, 0.6))
            jr.add(tt, journal(tt, h, unit, "puma", m, 6, f"[{m}] - Stopping {o} for phased upgrade...", boots[h]))
            jr.add(tt, journal(tt, h, unit, "puma", m, 6, f"[{m}] - TERM sent to {o}...", boots[h]))
            tt += dt.timedelta(seconds=rng.uniform(5.5, 7.5))
            jr.add(tt, journal(tt, h, unit, "puma", m, 6, f"[{m}] - Worker {i} (PID: {n}) booted in {rng.uniform(5.2, 7.2):.2f}s, phase: {phase}", boots[h]))
        return tt

    restart_done = {}
    rollback_done = {}
    for i, h in enumerate(HOSTS):
        restart_done[h] = phased(DEPLOY - dt.timedelta(seconds=4) + dt.timedelta(seconds=0.4 * i), h, workers[h], new_workers[h], 7)
        rollback_done[h] = phased(ROLLBACK - dt.timedelta(seconds=2) + dt.timedelta(seconds=0.4 * i), h, new_workers[h], back_workers[h], 8)
    # routine journal lines: sessions of the deploy user, cron, the puma workers' own stdout
    for t in poisson_times(rng, START, END, 0.12):
        h = rng.choice(HOSTS)
        jr.add(t, journal(t, h, "cron.service", "CRON", rng.randint(50000, 59999), 6, "(deploy) CMD (cd /srv/pantrybox/current && bin/rails runner -e production 'AbandonedCartReminder.enqueue_due' >> log/cron.log 2>&1)", boots[h], "syslog"))
    for when in (DEPLOY - dt.timedelta(seconds=46), ROLLBACK - dt.timedelta(seconds=3)):
        for h in HOSTS:
            t = when + dt.timedelta(milliseconds=rng.randint(50, 400))
            pid = rng.randint(60000, 69999)
            jr.add(t, journal(t, h, "ssh.service", "sshd", pid, 6, f"Accepted publickey for deploy from 4.208.{rng.randint(10, 200)}.{rng.randint(2, 250)} port {rng.randint(30000, 60000)} ssh2: ED25519 SHA256:q9Xv2mJ7oK1c0rW8yHnB4tLzE6aPfD3sGuVxIiNQe5M", boots[h], "syslog"))
            jr.add(t + dt.timedelta(milliseconds=20), journal(t + dt.timedelta(milliseconds=20), h, "systemd-logind.service", "systemd-logind", 811, 6, f"New session {rng.randint(3000, 3999)} of user deploy.", boots[h], "journal"))

    def workers_at(h, t):
        if t >= rollback_done[h] - dt.timedelta(seconds=14):
            return back_workers[h], "old"
        if t >= restart_done[h] - dt.timedelta(seconds=14):
            return new_workers[h], "new"
        return workers[h], "old"

    # --- the database -------------------------------------------------------------------
    def db_load(t):
        """How loaded the writer is (1 = normal): the full scans from every host's carts."""
        start = min(restart_done.values()) - dt.timedelta(seconds=10)
        if t < start:
            return 1.0
        up = min(1.0, (t - start).total_seconds() / 240)
        if t >= ROLLBACK:
            down = max(0.0, 1 - (t - max(rollback_done.values())).total_seconds() / 70)
            up = min(up, down)
        return 1.0 + 3.6 * up

    threads_running = {}

    def note_load(t, amount=1):
        key = t.replace(second=0, microsecond=0)
        threads_running[key] = threads_running.get(key, 0) + amount

    # --- traffic -----------------------------------------------------------------------------
    def rate(t):
        # the SPRING25 email went out at 08:00 BST; visits taper through the morning
        h = (t - START).total_seconds() / 3600
        return 15 - 2.2 * h

    customers = [rng.randint(100000, 189999) for _ in range(500)]
    carts = {}

    def cart_of(customer):
        if customer not in carts:
            r = rng.random()
            if r < 0.45:
                code = "SPRING25"
            elif r < 0.6:
                code = f"{rng.choice(REFERRAL)}-{hexid(rng, 4).upper()}"
            else:
                code = None
            carts[customer] = {"id": rng.randint(8800000, 8999999), "code": code}
        return carts[customer]

    arrivals = []
    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        arrivals += poisson_times(rng, t, nxt, rate(t))
        t = nxt

    def page():
        r = rng.random()
        if r < 0.13:
            return "GET", "/", "PagesController", "home", "html"
        if r < 0.31:
            return "GET", "/menu/this-week", "MenusController", "show", "html"
        if r < 0.45:
            return "GET", f"/recipes/{rng.choice(RECIPES)}", "RecipesController", "show", "html"
        if r < 0.62:
            return "GET", "/basket", "CartsController", "show", "html"
        if r < 0.71:
            return "POST", "/basket/items", "CartItemsController", "create", "turbo_stream"
        if r < 0.77:
            return "POST", "/basket/coupon", "CartCouponsController", "create", "html"
        if r < 0.86:
            return "GET", "/checkout", "CheckoutsController", "show", "html"
        if r < 0.91:
            return "POST", "/checkout", "CheckoutsController", "create", "html"
        return "GET", "/account/deliveries", "DeliveriesController", "index", "html"

    failed = {}
    total = {}

    for t in arrivals:
        h = rng.choice(HOSTS)
        procs, gen = workers_at(h, t)
        pid = rng.choice(procs)
        customer = rng.choice(customers)
        cart = cart_of(customer)
        method, path, controller, action, fmt = page()
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"
        client = f"{rng.choice([2, 5, 31, 51, 77, 78, 81, 86, 90, 92, 109, 146, 176, 178, 185, 212, 213])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"
        load = db_load(t)
        typed = None
        if controller == "CartCouponsController":
            typed = rng.choice(["SPRING25", "SPRING25", "spring25", "Spring25", "SPRING 25", f"{rng.choice(REFERRAL)}-{hexid(rng, 4).upper()}", f"{rng.choice(REFERRAL).lower()}-{hexid(rng, 4)}", "WELCOME10", "FREEDELIVERY"])
        lookups = []
        if controller in ("CartsController", "CheckoutsController") and cart["code"]:
            lookups.append(cart["code"])
        if typed:
            lookups.append(typed)
        # HAProxy: queueing when every Puma thread on the host is busy
        queue_ms = 0
        if load > 2.2 and rng.random() < (load - 2.2) / 3.5:
            queue_ms = int(rng.uniform(300, 12000))
        minute = t.replace(second=0, microsecond=0)
        total[minute] = total.get(minute, 0) + 1
        conns_field = f"{rng.randint(12, 30) + int(12 * (load - 1))}/{rng.randint(12, 30) + int(12 * (load - 1))}/{rng.randint(4, 14) + int(15 * (load - 1))}/{rng.randint(1, 5) + int(4 * (load - 1))}/0"
        if queue_ms > 10000:
            e = t + dt.timedelta(milliseconds=10001)
            lb.add(e, syslog3164(e, "lb-1", "haproxy", 1412, haproxy_line(t, f"{client}:{rng.randint(30000, 65000)}", "<NOSRV>", 0, 10001, -1, -1, 10001, 503, 217, "sQ--", conns_field,
                                                                         f"0/{rng.randint(8, 40)}", f"{method} {path}")))
            failed[minute] = failed.get(minute, 0) + 1
            continue
        t_app = t + dt.timedelta(milliseconds=queue_ms)
        db = ms(rng, 9 if controller not in ("CartsController", "CheckoutsController") else 22, 0.45) * load ** 0.8
        view = ms(rng, 38, 0.4) * (1 + 0.15 * (load - 1))
        timeout = None
        scanned_code = None
        for code in lookups:
            if gen == "new":
                exists = code.upper() == "SPRING25" or code == cart["code"] or (rng.random() < 0.5 and "-" in code)
                examined = rng.randint(60000, COUPON_ROWS) if exists else COUPON_ROWS
                scan = examined / 1_650_000 * load * rng.uniform(0.9, 1.15)
                conn = rng.choice(conns[h])
                ts = t_app + dt.timedelta(milliseconds=rng.randint(3, 30))
                note_load(ts, max(1, int(round(min(scan, MAX_EXEC)))))
                if scan >= MAX_EXEC:
                    qt = MAX_EXEC + rng.uniform(0.0002, 0.004)
                    slow.add(ts + dt.timedelta(seconds=qt), slow_entry(ts + dt.timedelta(seconds=qt), host_ip[h], conn, qt, rng.uniform(0.000001, 0.000004), 0, int(examined * MAX_EXEC / scan),
                                                                         f"SELECT `coupons`.* FROM `coupons` WHERE (LOWER(code) = '{code.strip().lower()}') LIMIT 1;"))
                    timeout = ts + dt.timedelta(seconds=qt)
                    scanned_code = code
                    db += qt * 1000
                    break
                if scan >= 1.0:
                    slow.add(ts + dt.timedelta(seconds=scan), slow_entry(ts + dt.timedelta(seconds=scan), host_ip[h], conn, scan, rng.uniform(0.000001, 0.000004), 1 if exists else 0, examined,
                                                                         f"SELECT `coupons`.* FROM `coupons` WHERE (LOWER(code) = '{code.strip().lower()}') LIMIT 1;"))
                db += scan * 1000
            else:
                db += ms(rng, 0.6, 0.3)
        duration = db + view + ms(rng, 6, 0.4)
        if controller == "CheckoutsController" and action == "create":
            duration += ms(rng, 420, 0.35)   # Stripe
        if gen == "new" and timeout is None:
            duration *= 1 + 0.1 * (load - 1)
        if timeout is not None:
            e = timeout + dt.timedelta(milliseconds=rng.randint(4, 20))
            status = 500
            body = {"method": method, "path": path, "format": fmt, "controller": controller, "action": action, "status": 500,
                    "error": "ActiveRecord::StatementTimeout: Mysql2::Error: Query execution was interrupted, maximum statement execution time exceeded",
                    "allocations": rng.randint(9000, 16000), "duration": round((e - t_app).total_seconds() * 1000, 2), "view": 0.0, "db": round(db, 2),
                    "host": h, "remote_ip": client, "customer_id": customer}
            app.add(e, rails_line(e, "I", pid, rid, json.dumps(body, separators=(",", ":"))))
            via_cart = ["app/models/cart.rb:12:in `applied_coupon'", "app/models/cart.rb:16:in `discount_pence'"]
            where = {("CartsController", "show"): via_cart + ["app/controllers/carts_controller.rb:6:in `show'"],
                     ("CheckoutsController", "show"): via_cart + ["app/controllers/checkouts_controller.rb:6:in `show'"],
                     ("CheckoutsController", "create"): via_cart + ["app/models/checkout.rb:17:in `block in place!'", "app/models/checkout.rb:11:in `place!'",
                                                                    "app/controllers/checkouts_controller.rb:10:in `create'"],
                     ("CartCouponsController", "create"): ["app/controllers/cart_coupons_controller.rb:5:in `create'"]}[(controller, action)]
            fatal = ["  ", "ActiveRecord::StatementTimeout (Mysql2::Error: Query execution was interrupted, maximum statement execution time exceeded):", "  ",
                     "app/models/coupon.rb:12:in `lookup'"] + where
            for i, text in enumerate(fatal):
                te = e + dt.timedelta(microseconds=150 * (i + 1))
                app.add(te, rails_line(te, "F", pid, rid, text))
            size = 1722
            failed[minute] = failed.get(minute, 0) + 1
        else:
            e = t_app + dt.timedelta(milliseconds=duration)
            status = 200
            if method == "POST":
                status = 302 if controller != "CartItemsController" else 200
            body = {"method": method, "path": path, "format": fmt, "controller": controller, "action": action, "status": status,
                    "allocations": rng.randint(12000, 60000), "duration": round(duration, 2), "view": round(view, 2) if status == 200 else 0.0, "db": round(db, 2),
                    "host": h, "remote_ip": client, "customer_id": customer}
            if controller == "CartCouponsController":
                code = typed.strip()
                if gen == "new":
                    # case-insensitive now: spring25 works, referral codes typed in lower case too
                    found = code.upper() == "SPRING25" or ("-" in code and rng.random() < 0.5) or code.upper() in ("WELCOME10", "FREEDELIVERY")
                    ok = found and code.upper() not in ("WELCOME10", "FREEDELIVERY")
                else:
                    found = code == "SPRING25" or (code.isupper() and "-" in code and rng.random() < 0.5) or code in ("WELCOME10", "FREEDELIVERY")
                    ok = found and code not in ("WELCOME10", "FREEDELIVERY")
                if ok:
                    cart["code"] = code.upper()
                elif gen == "new":
                    reason = "expired" if found else "not_found"
                    tl = e - dt.timedelta(milliseconds=rng.randint(2, 6))
                    app.add(tl, rails_line(tl, "I", pid, rid, f"coupon rejected code={code} reason={reason} cart={cart['id']}"))
                body["location"] = "https://www.pantrybox.co.uk/basket"
            elif status == 302:
                body["location"] = f"https://www.pantrybox.co.uk/orders/{rng.randint(4100000, 4199999)}"
            app.add(e, rails_line(e, "I", pid, rid, json.dumps(body, separators=(",", ":"))))
            size = rng.randint(18000, 64000) if status == 200 and fmt == "html" else rng.randint(300, 2400)
        ta = int((e - t).total_seconds() * 1000)
        lb.add(e, syslog3164(e, "lb-1", "haproxy", 1412, haproxy_line(t, f"{client}:{rng.randint(30000, 65000)}", h, 0, queue_ms, rng.randint(0, 2), ta - queue_ms - 1, ta,
                                                                     status, size, "----", conns_field, f"0/{rng.randint(0, 6) if queue_ms else 0}", f"{method} {path}")))

    # health checks and bots: the Rails health endpoint does not touch the database
    for t in poisson_times(rng, START, END, 1.2):
        h = rng.choice(HOSTS)
        lb.add(t, syslog3164(t, "lb-1", "haproxy", 1412, haproxy_line(t, f"10.20.0.{rng.choice([5, 6])}:{rng.randint(30000, 65000)}", h, 0, 0, 0, rng.randint(1, 4), rng.randint(2, 6), 200, 73, "----",
                                                                     "3/1/1/0/0", "0/0", "GET /up")))

    # the nightly slow report queries from the admin, on any day
    for t in poisson_times(rng, START, END, 0.05):
        qt = rng.uniform(1.1, 2.4)
        slow.add(t, "\n".join([
            f"# Time: {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z",
            f"# User@Host: pantrybox_admin[pantrybox_admin] @  [10.20.4.21]  Id: {rng.randint(480000, 499000)}",
            f"# Query_time: {qt:.6f}  Lock_time: 0.000003 Rows_sent: {rng.randint(200, 4000)}  Rows_examined: {rng.randint(300000, 900000)}",
            f"SET timestamp={int(t.timestamp())};",
            rng.choice(["SELECT deliveries.delivery_on, deliveries.slot, COUNT(*) FROM `deliveries` WHERE `deliveries`.`delivery_on` BETWEEN '2026-04-14' AND '2026-04-20' GROUP BY deliveries.delivery_on, deliveries.slot;",
                        "SELECT `orders`.* FROM `orders` WHERE `orders`.`created_at` >= '2026-04-13 00:00:00' AND `orders`.`state` = 'payment_failed' ORDER BY `orders`.`created_at` DESC;"]),
        ]))
        note_load(t)

    return [app, lb, slow, jr, deploy], threads_running, failed, total, db_load


def build(out_dir):
    rng = random.Random(14100)
    repo, culprit, monday, head = build_repo()
    try:
        logs, threads_running, failed, total, db_load = build_logs(rng, culprit, monday, head)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "StatementTimeout" in text).replace(microsecond=0)
        slow_first = min(t for t, _, text in logs[2].entries if "LOWER(code)" in text)
        onset = min(onset, slow_first.replace(microsecond=0))

        noise = random.Random(14102)
        jitter = {}

        def running(t):
            key = t.replace(second=0, microsecond=0)
            if t not in jitter:
                jitter[t] = noise.choice([2, 3, 3, 4, 4, 5, 6])
            return jitter[t] + int(round(6 * (db_load(t) - 1) ** 1.3 * noise.uniform(0.8, 1.2))) + threads_running.get(key, 0) // 6

        metrics = {
            "mysql_global_status_threads_running.json": query_range(
                [({"instance": "pantrybox-prod.c4xq2z8rn1kd.eu-west-2.rds.amazonaws.com:3306", "job": "mysqld"}, running)], START, END, 15),
        }
        return write_scenario(
            out_dir, name="coupon-lookup-full-scan", service=SERVICE, onset=onset,
            description=f"""
The shop's basket and checkout pages fail. From {onset.strftime('%H:%M')} UTC ({(onset + dt.timedelta(hours=1)).strftime('%H:%M')} in the
UK) basket and checkout pages take seconds and then many answer 500;
other pages slow down and HAProxy starts answering 503. The writer's
Threads_running climbs. pantrybox-web's Tuesday release was deployed with
Capistrano at 09:41 (the revision log names a docs commit); the SPRING25
email went out at 07:00 UTC. The on-call rolled back to Monday's release at
10:17 and the errors stopped.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"production.log": r'<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : \[<RequestId>\] <Content>'},
            root_cause=[r"WHERE \(LOWER\(code\) =", r"maximum statement execution time exceeded"],
            fix_files=["app/models/coupon.rb"],
            explanation="""
The culprit is Monday's "coupons: accept codes in any case"
(app/models/coupon.rb): Coupon.lookup becomes where("LOWER(code) = ?",
...).take. With the column inside a function MySQL cannot use the unique
index on coupons.code, so every lookup reads the 2.6-million-row table,
and the cart checks its applied code on every basket and checkout render.
It shipped with Tuesday's 09:41 Capistrano release, whose revision log
names the later docs commit. Within two minutes the slow query log is full
of "SELECT `coupons`.* FROM `coupons` WHERE (LOWER(code) = '...') LIMIT 1"
with Rows_examined in the millions, Threads_running climbs, scans pass the
3 s max_execution_time and basket and checkout pages fail with
"ActiveRecord::StatementTimeout (Mysql2::Error: Query execution was
interrupted, maximum statement execution time exceeded)"; HAProxy queues
and answers 503 (sQ--). The rollback to Monday's release at 10:17 ends
it; the fix upcases the input and looks the code up by the index again.
Decoys: the mysql2 0.5.6 bump in the same release (the error names
Mysql2::Error), the commit that logs why a coupon was rejected (same file,
same release; its "coupon rejected" lines are new from the deploy on), the
Puma threads and pool change in the same release, the docs commit the
deploy names, the delivery slot changes earlier, chores, and the admin's
routine slow report queries.
""",
        )
    finally:
        repo.close()
