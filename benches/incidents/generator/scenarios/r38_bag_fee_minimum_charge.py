"""order-api (Ruby on Rails 7.2, Puma and Sidekiq on EC2, deployed with Kamal 2
from GitHub Actions) of Lumbre Taqueria, a fast-casual chain of 112 stores in
California, Washington, Oregon, Nevada and Arizona. It serves the web and app
ordering: carts priced per store (menu prices, sales tax, a carry-out bag fee
where the city or state charges one: 10 c in California, 8 c in the Seattle
area), loyalty rewards from loyalty-service, pickup slots throttled per store
and 15 minutes, card payments authorised with Stripe PaymentIntents at
checkout (captured at handover), tickets to each store's kitchen display
system and third-party marketplace orders (Dashdrop, GrubGo) injected into
the same kitchens.

Checkout::PlaceOrder settled an order without touching the card when its
total (food, tax and bag fee, after the reward) was under 50 cents: an
unexplained `if due < 50`, in fact Stripe's minimum charge in USD. On Monday
5 October at 21:20 UTC ORD-1418 ("charge the tip on reward orders instead of
writing it off") authorises total + tip whenever it is not zero, so that
crews get the tip on free-entree orders. An order of only a free item with
a bag and no tip in a bag-fee store now sends Stripe 10 (or 8) cents, which
Stripe refuses ("Amount must be at least $0.50 usd", amount_too_small) and
checkout answers 402. Such orders are rare (a reward that covers the whole
order, a bag, no tip, a bag-fee store): two the evening before, one at
09:47 PDT (tried twice) and one at 10:41 PDT. The change shipped in Monday's 22:05 deploy,
whose Kamal version is the test commit after it.

On Tuesday 6 October the loyalty team's "Taco Tuesday" campaign grants every
member a free taco and sends the push at 11:00 PDT (18:00 UTC): hundreds of
members order only the free taco, and in California and Seattle every one of
them fails at checkout (in Nevada, Arizona and Oregon the total is 0 and the
card is skipped). At 10:32 PDT a deploy had shipped the stripe gem 15.5.0,
ORD-1424 (lunch slots 14 -> 18 orders for the campaign) and ORD-1421, which
logs Stripe's code, param, request id and the amount of failed
authorisations. The on-call rolls that deploy back at 11:19 PDT without
effect (the failures go on in the old wording, and more pickup slots are
full); the amount in the new line (10 and 8 cents) and a crew's remark that
customers who remove the bag get through lead to ORD-1418, and the rollback
to Friday's release at 11:40 PDT ends it.

Sources: order-api web-2 (Rails logger with request ids, line format),
Sidekiq on job-1 (Sidekiq 7 pretty format), kamal-proxy on web-2 (slog
JSON), loyalty-service (pino JSON), GitHub Actions deploy runs (Kamal
output, timestamped), #ordering-incidents (Slack export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import pino
from skeletons import chores, runbook

SERVICE = "order-api"
START, END = utc("2026-10-06 15:30:00"), utc("2026-10-06 19:30:00")
DEPLOY_MON = utc("2026-10-05 22:05:40")
DEPLOY_TUE = utc("2026-10-06 17:32:20")
CAMPAIGN = utc("2026-10-06 18:00:00")
ROLLBACK1 = utc("2026-10-06 18:19:10")
ROLLBACK2 = utc("2026-10-06 18:40:05")
STRIPE_MIN = 50

# ---------------------------------------------------------------------------
# the repository

PLACE_ORDER = '''module Checkout
  # Places a priced cart as an order: holds the pickup slot, reserves the
  # loyalty reward, authorises the card (captured at handover) and sends the
  # ticket to the store's kitchen display.
  class PlaceOrder
    def initialize(cart, customer:, payment_method_id:, idempotency_key:)
      @cart = cart
      @customer = customer
      @payment_method_id = payment_method_id
      @idempotency_key = idempotency_key
    end

    def call
      order = Order.create_from_cart!(@cart, customer: @customer)
      Throttling::SlotHold.new(order).hold!
      Loyalty::Client.new.reserve!(order) if order.reward_code
      due = order.total_cents
      if due < 50
        order.settle_without_card!(written_off_cents: due)
      else
        Payments::StripeAuthorizer.new(order, payment_method_id: @payment_method_id,
                                       idempotency_key: @idempotency_key).authorize!(due + order.tip_cents)
      end
      Loyalty::Client.new.redeem!(order) if order.reward_code
      KitchenTicketJob.perform_later(order.id)
      order
    rescue Payments::AuthorizationFailed, Throttling::SlotFull
      Loyalty::Client.new.release!(order) if order&.reward_code
      Throttling::SlotHold.new(order).release! if order
      raise
    end
  end
end
'''

AUTHORIZER = '''module Payments
  class AuthorizationFailed < StandardError; end

  # A PaymentIntent with manual capture: authorised at checkout, captured by
  # CapturePaymentJob when the crew hands the order over.
  class StripeAuthorizer
    def initialize(order, payment_method_id:, idempotency_key:)
      @order = order
      @payment_method_id = payment_method_id
      @idempotency_key = idempotency_key
    end

    def authorize!(amount_cents)
      intent = Stripe::PaymentIntent.create(
        { amount: amount_cents, currency: "usd", payment_method: @payment_method_id,
          customer: @order.customer.stripe_customer_id, capture_method: "manual", confirm: true,
          metadata: { order_id: @order.id, store: @order.store_number } },
        { idempotency_key: @idempotency_key, stripe_account: @order.store.stripe_account }
      )
      @order.update!(payment_intent_id: intent.id, authorized_cents: amount_cents)
    rescue Stripe::StripeError => e
      Rails.logger.error("Payment authorization failed for order #{@order.id}: #{e.class}: #{e.message}")
      raise AuthorizationFailed, e.message
    end
  end
end
'''

ORDER_PRICING = '''module Pricing
  # Prices a cart for one store: menu prices, modifiers, the loyalty reward
  # (a free item comes off at its menu price), sales tax on what is left and
  # the carry-out bag fee where the store's city or state charges one.
  class OrderPricing
    def initialize(cart, store)
      @cart = cart
      @store = store
    end

    def call
      subtotal = @cart.lines.sum { |l| l.unit_cents * l.quantity }
      discount = @cart.reward ? [@cart.reward.value_cents, subtotal].min : 0
      tax = ((subtotal - discount) * @store.tax_rate).round
      bag = @cart.bag? ? @store.bag_fee_cents : 0
      Result.new(subtotal_cents: subtotal, discount_cents: discount, tax_cents: tax, bag_fee_cents: bag,
                 total_cents: subtotal - discount + tax + bag, tip_cents: @cart.tip_cents)
    end
  end
end
'''

ORDER_MODEL = '''class Order < ApplicationRecord
  belongs_to :customer
  belongs_to :store

  def settle_without_card!(written_off_cents:)
    update!(payment_state: "settled", written_off_cents: written_off_cents)
    Rails.logger.info("Order #{id} settled without card (written off #{written_off_cents}c)")
  end
end
'''

KITCHEN_JOB = '''class KitchenTicketJob < ApplicationJob
  queue_as :kitchen

  # Sends the order to the store's KDS through the store gateway.
  def perform(order_id)
    order = Order.find(order_id)
    ticket = Kds::Gateway.new(order.store).send_ticket(Kds::Ticket.from(order))
    logger.info("Ticket sent to KDS store=#{order.store_number} order=#{order.id} ticket=#{ticket.id} station_count=#{ticket.stations.size}")
  end
end
'''

MENU_JOB = '''class MenuAvailabilitySyncJob < ApplicationJob
  queue_as :menu

  # Items a store marks sold out ("86") on its POS are pushed to the web menu
  # cache and to the marketplaces.
  def perform(store_number)
    store = Store.find_by!(number: store_number)
    changes = Menu::Availability.pending_for(store)
    Marketplaces.each { |m| m.push_availability(store, changes) }
    logger.info("Menu availability pushed store=#{store.number} items=#{changes.size}")
  end
end
'''

THROTTLING = '''# Orders per 15-minute pickup slot per store: what one kitchen line makes
# without the quoted times slipping. Marketplace orders count too.
default_per_slot: 10
dayparts:
  lunch:  { from: "10:30", to: "14:00", per_slot: 14 }
  dinner: { from: "17:00", to: "20:30", per_slot: 14 }
high_volume_stores: [CA-0112, CA-0158, CA-0207, CA-0331, WA-0604, AZ-0903]
high_volume_per_slot: 16
'''

DEPLOY_YML = '''service: order-api
image: lumbre/order-api
servers:
  web:
    hosts: [10.20.1.11, 10.20.1.12, 10.20.1.13]
  job:
    hosts: [10.20.2.21, 10.20.2.22]
    cmd: bundle exec sidekiq -C config/sidekiq.yml
proxy:
  host: api.lumbretaqueria.com
  app_port: 3000
  healthcheck:
    path: /up
    interval: 2
registry:
  server: ghcr.io
  username: lumbre-deploy
  password: [KAMAL_REGISTRY_PASSWORD]
env:
  clear:
    RAILS_ENV: production
    WEB_CONCURRENCY: 4
  secret: [RAILS_MASTER_KEY, DATABASE_URL, REDIS_URL, STRIPE_SECRET_KEY, LOYALTY_API_TOKEN]
builder:
  arch: amd64
retain_containers: 5
'''

GEMFILE = '''source "https://rubygems.org"
ruby "3.3.5"

gem "rails", "~> 7.2.1"
gem "pg", "~> 1.5"
gem "puma", "~> 6.4"
gem "sidekiq", "~> 7.3"
gem "redis", "~> 5.3"
gem "stripe", "~> 15.3"
gem "faraday", "~> 2.12"
gem "kamal", "~> 2.2", require: false

group :development, :test do
  gem "rspec-rails", "~> 7.0"
  gem "webmock", "~> 3.24"
end
'''

GEMFILE_LOCK = '''GEM
  remote: https://rubygems.org/
  specs:
    connection_pool (2.4.1)
    faraday (2.12.0)
    kamal (2.2.2)
    pg (1.5.8)
    puma (6.4.3)
    rack (3.1.7)
    rails (7.2.1)
    redis (5.3.0)
    redis-client (0.22.2)
    rspec-rails (7.0.1)
    sidekiq (7.3.2)
      connection_pool (>= 2.3.0)
      rack (>= 2.2.4)
      redis-client (>= 0.22.2)
    stripe (15.3.0)
    webmock (3.24.0)

PLATFORMS
  x86_64-linux

RUBY VERSION
   ruby 3.3.5p100

BUNDLED WITH
   2.5.18
'''

DEPLOY_WORKFLOW = '''name: deploy
on:
  workflow_dispatch:
    inputs:
      rollback_to:
        description: "version (git sha) to roll back to; empty deploys main"
        required: false
concurrency: production
jobs:
  deploy:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: ruby/setup-ruby@v1
        with: { bundler-cache: true }
      - uses: docker/setup-buildx-action@v3
      - run: bundle exec kamal deploy
        if: ${{ inputs.rollback_to == '' }}
      - run: bundle exec kamal rollback ${{ inputs.rollback_to }}
        if: ${{ inputs.rollback_to != '' }}
'''

SPEC = '''require "rails_helper"

RSpec.describe Checkout::PlaceOrder do
  let(:store) { create(:store, number: "NV-0804", bag_fee_cents: 0) }

  it "settles an order the reward covers without touching the card" do
    cart = create(:cart, store: store, lines: [taco], reward: free_taco)
    order = described_class.new(cart, customer: member, payment_method_id: "pm_card_visa", idempotency_key: "k1").call
    expect(order.payment_state).to eq("settled")
  end
end
'''


def build_repo():
    jordan = Person("Jordan Reyes", "jordan.reyes@lumbretaqueria.com", -420)
    priya = Person("Priya Natarajan", "priya.natarajan@lumbretaqueria.com", -420)
    dana = Person("Dana Whitfield", "dana.whitfield@lumbretaqueria.com", -420)
    luis = Person("Luis Ortega", "luis.ortega@lumbretaqueria.com", -360)
    kofi = Person("Kofi Mensah", "kofi.mensah@lumbretaqueria.com", -240)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": "# order-api\n\nLumbre Taqueria's ordering API for the web and the app: menus and carts per\nstore, checkout (pickup slots, loyalty rewards, Stripe), kitchen tickets to the\nstores' KDS and orders from the marketplaces (Dashdrop, GrubGo).\n\n```\nbin/setup\nbundle exec rspec\nbin/rails s\n```\n\nDeployed with Kamal (`config/deploy.yml`) by the `deploy` workflow; the\nKamal version is the git sha of `main` at the time.\n",
        "docs/runbook.md": runbook("order-api", [
            ("CheckoutPaymentFailureRate", "Over 5 % of checkouts answered 402 for 3 minutes. Look at the Stripe error\ncodes in the order-api log and at status.stripe.com."),
            ("SlotFullRate", "Many 409s at checkout: pickup slots full. Capacity per slot is in\nconfig/throttling.yml; stores can pause online ordering from the POS."),
        ]),
        "Gemfile": GEMFILE,
        "Gemfile.lock": GEMFILE_LOCK,
        "app/services/checkout/place_order.rb": PLACE_ORDER,
        "app/services/payments/stripe_authorizer.rb": AUTHORIZER,
        "app/services/pricing/order_pricing.rb": ORDER_PRICING,
        "app/models/order.rb": ORDER_MODEL,
        "app/jobs/kitchen_ticket_job.rb": KITCHEN_JOB,
        "app/jobs/menu_availability_sync_job.rb": MENU_JOB,
        "config/throttling.yml": THROTTLING,
        "config/deploy.yml": DEPLOY_YML,
        "config/initializers/boot_log.rb": 'Rails.application.config.after_initialize do\n  Rails.logger.info("order-api booted version=#{ENV.fetch("KAMAL_VERSION", "dev")} rails=#{Rails.version} ruby=#{RUBY_VERSION}")\nend\n',
        "spec/services/checkout/place_order_spec.rb": SPEC,
        ".github/workflows/deploy.yml": DEPLOY_WORKFLOW,
        "Dockerfile": "FROM ruby:3.3.5-slim\nWORKDIR /rails\nENV RAILS_ENV=production BUNDLE_WITHOUT=development:test\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nEXPOSE 3000\nCMD [\"bin/rails\", \"server\", \"-b\", \"0.0.0.0\"]\n",
    }
    repo.commit(utc("2026-09-30 16:10:00"), jordan, "order-api: Rails 7.2 ordering API, Stripe checkout, KDS tickets, Kamal deploy", files)
    repo.schedule(chores(random.Random(38101), SERVICE, [kofi, luis, priya], utc("2026-09-30 17:00:00"), utc("2026-10-05 20:00:00"), 4))
    repo.commit(utc("2026-10-01 18:40:00"), luis, "menu: push 86'd items to the marketplaces within 60 s (ORD-1391)", {
        "app/jobs/menu_availability_sync_job.rb": repo.edit("app/jobs/menu_availability_sync_job.rb", "  queue_as :menu\n",
                                                           "  queue_as :menu\n  # Enqueued by the POS webhook, debounced per store for 60 s (ORD-1391):\n  # Dashdrop kept selling carnitas an hour after stores ran out.\n"),
    })
    repo.commit(utc("2026-10-02 17:05:00"), priya, "kitchen: print the reward's name on the KDS ticket (ORD-1398)", {
        "app/jobs/kitchen_ticket_job.rb": repo.edit("app/jobs/kitchen_ticket_job.rb", "Kds::Ticket.from(order)", "Kds::Ticket.from(order, reward_label: order.reward&.kitchen_label)"),
    })
    old_release = repo.commit(utc("2026-10-02 22:30:00"), jordan, "checkout: record the channel and app version on the order (ORD-1400)", {
        "app/services/checkout/place_order.rb": repo.edit("app/services/checkout/place_order.rb",
            "      order = Order.create_from_cart!(@cart, customer: @customer)\n",
            "      order = Order.create_from_cart!(@cart, customer: @customer)\n      order.update!(channel: @cart.channel, app_version: @cart.app_version)\n"),
    })
    repo.commit(utc("2026-10-05 16:40:00"), bot, "Bump sidekiq from 7.3.2 to 7.3.4", {
        "Gemfile.lock": repo.edit("Gemfile.lock", "    sidekiq (7.3.2)", "    sidekiq (7.3.4)"),
    })
    culprit = repo.commit(utc("2026-10-05 21:20:00"), jordan, "checkout: charge the tip on reward orders instead of writing it off (ORD-1418)\n\nWhen a reward covered the food, total_cents came out under 50 and the\norder was settled without the card, tip included: crews lost the tips on\nfree-entree orders ($1,940 in September). Authorise total + tip whenever\nanything at all is due; only a zero order skips the card.", {
        "app/services/checkout/place_order.rb": repo.edit("app/services/checkout/place_order.rb",
            "      due = order.total_cents\n      if due < 50\n        order.settle_without_card!(written_off_cents: due)\n      else\n        Payments::StripeAuthorizer.new(order, payment_method_id: @payment_method_id,\n                                       idempotency_key: @idempotency_key).authorize!(due + order.tip_cents)\n      end\n",
            "      amount = order.total_cents + order.tip_cents\n      if amount.zero?\n        order.settle_without_card!(written_off_cents: 0)\n      else\n        Payments::StripeAuthorizer.new(order, payment_method_id: @payment_method_id,\n                                       idempotency_key: @idempotency_key).authorize!(amount)\n      end\n"),
    })
    head1 = repo.commit(utc("2026-10-05 21:48:00"), jordan, "spec: a reward order with a tip authorises the tip", {
        "spec/services/checkout/place_order_spec.rb": repo.edit("spec/services/checkout/place_order_spec.rb", "    expect(order.payment_state).to eq(\"settled\")\n  end\n",
            "    expect(order.payment_state).to eq(\"settled\")\n  end\n\n  it \"authorises the tip when the reward covers the food\" do\n    cart = create(:cart, store: store, lines: [taco], reward: free_taco, tip_cents: 200)\n    expect(Stripe::PaymentIntent).to receive(:create).with(hash_including(amount: 200), anything).and_return(intent)\n    described_class.new(cart, customer: member, payment_method_id: \"pm_card_visa\", idempotency_key: \"k2\").call\n  end\n"),
    })
    repo.commit(utc("2026-10-06 15:10:00"), priya, "payments: log Stripe's code, param, decline code and request id on failed authorisations (ORD-1421)\n\nTwo 'Payment could not be processed' tickets last night (CA-0207,\nCA-0445); the log only said InvalidRequestError and Stripe support asks\nfor a request id.", {
        "app/services/payments/stripe_authorizer.rb": repo.edit("app/services/payments/stripe_authorizer.rb",
            '      Rails.logger.error("Payment authorization failed for order #{@order.id}: #{e.class}: #{e.message}")\n',
            '      Rails.logger.error("Stripe authorization failed order=#{@order.id} store=#{@order.store_number} amount_cents=#{amount_cents} " \\\n'
            '                         "code=#{e.code} param=#{e.error&.param} decline_code=#{e.error&.decline_code} request_id=#{e.request_id} message=#{e.message.inspect}")\n'),
    })
    repo.commit(utc("2026-10-06 16:05:00"), bot, "Bump stripe from 15.3.0 to 15.5.0", {
        "Gemfile.lock": repo.edit("Gemfile.lock", "    stripe (15.3.0)", "    stripe (15.5.0)"),
        "Gemfile": repo.edit("Gemfile", 'gem "stripe", "~> 15.3"', 'gem "stripe", "~> 15.5"'),
    })
    head2 = repo.commit(utc("2026-10-06 16:40:00"), dana, "throttling: 18 orders per lunch slot for Taco Tuesday, 20 in high-volume stores (ORD-1424)\n\nStores add a second line on the make table today; marketing expects\ntwice the usual lunch.", {
        "config/throttling.yml": repo.edit("config/throttling.yml", 'lunch:  { from: "10:30", to: "14:00", per_slot: 14 }', 'lunch:  { from: "10:30", to: "14:00", per_slot: 18 }').replace(
            "high_volume_per_slot: 16", "high_volume_per_slot: 20"),
    })
    repo.commit(utc("2026-10-06 17:50:00"), kofi, "docs: Kamal rollback steps in the runbook", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Rolling back\n\nRun the `deploy` workflow with `rollback_to` set to a version (git sha) that\n`kamal app containers` still lists (the last five are kept).\n",
    })
    return repo, culprit, old_release, head1, head2


# ---------------------------------------------------------------------------
# the chain

def make_stores():
    srng = random.Random(38111)
    stores = []
    for state, count, lo, tax, bag in (("CA", 58, 101, 0.0875, 10), ("WA", 14, 601, 0.1025, 8), ("OR", 8, 701, 0.0, 0), ("NV", 14, 801, 0.0838, 0), ("AZ", 18, 901, 0.086, 0)):
        numbers = sorted(srng.sample(range(lo, lo + 98 if state == "CA" else lo + 40), count))
        for k, n in enumerate(numbers):
            fee = bag if state != "WA" or k < 9 else 0
            stores.append({"id": f"{state}-{n:04d}", "state": state, "tax": tax, "bag": fee})
    for s in stores:
        if s["id"] not in ("CA-0112", "CA-0158", "CA-0207", "CA-0331", "WA-0604", "AZ-0903"):
            continue
        s["hv"] = True
    return stores


STORES = make_stores()
for _must in ("CA-0112", "CA-0158", "CA-0207", "CA-0331", "CA-0445", "WA-0604", "AZ-0903"):
    if not any(s["id"] == _must for s in STORES):
        STORES.append({"id": _must, "state": _must[:2], "tax": {"CA": 0.0875, "WA": 0.1025, "AZ": 0.086}[_must[:2]], "bag": {"CA": 10, "WA": 8, "AZ": 0}[_must[:2]]})
for _s in STORES:
    _s["hv"] = _s["id"] in ("CA-0112", "CA-0158", "CA-0207", "CA-0331", "WA-0604", "AZ-0903")

WEB_PIDS = {"fri": [44, 47, 50, 53], "mon": [41, 44, 47, 50], "tue": [45, 48, 51, 54]}
CONTAINER = {"fri": "3f9a1c0e7b2d", "mon": "b81e4d2a9c07", "tue": "6c2f0a9e1d54", "mon2": "b81e4d2a9c07", "fri2": "3f9a1c0e7b2d"}


def release_at(t):
    """(key, culprit active, new log wording, lunch per slot)"""
    if t >= ROLLBACK2:
        return ("fri", False, False, 14)
    if t >= ROLLBACK1:
        return ("mon", True, False, 14)
    if t >= DEPLOY_TUE:
        return ("tue", True, True, 18)
    return ("mon", True, False, 14)


def rails(t, level, msg, tag=None, pid=44):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}"
    tagged = f"[{tag}] " if tag else ""
    return f"{level[0]}, [{stamp} #{pid}] {level:>5} -- : {tagged}{msg}"


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"


def alnum(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def build_logs(rng, culprit, old_release, head1, head2):
    web, sidekiq, proxy, loyalty, gha, chat = (Log("order-api-web-2.log"), Log("sidekiq-job-1.log"), Log("kamal-proxy-web-2.log"),
                                               Log("loyalty-service.log"), Log("github-actions-deploy.log"), Log("slack-ordering-incidents.log"))
    versions = {"fri": old_release, "mon": head1, "tue": head2}
    stats = {"created": [], "payment_failed": [], "slot_full": [], "settled": [], "too_small": [], "declined": [],
             "reserved": [], "redeemed": [], "released": []}
    too_small_times = []
    order_id = [48213007]
    sq_tids = [alnum(rng, 4).lower() for _ in range(10)]

    used_ids = set()

    def next_order(t):
        """Order ids come from one sequence for the whole chain, so they grow with time."""
        oid = 48213007 + int((t - START).total_seconds() * 0.62)
        while oid in used_ids:
            oid += 1
        used_ids.add(oid)
        order_id[0] = max(order_id[0], oid)
        return oid

    # --- requests on web-2: Rails + kamal-proxy
    def request(t, method, path, ctrl, status, text, ms, lines=(), ua=None, client=None, req_len=0, resp_len=0, query=""):
        rel = release_at(t)
        pid = rng.choice(WEB_PIDS[rel[0]])
        rid = uuid(rng)
        client = client or f"{rng.choice(['73.15', '98.207', '172.58', '24.6', '67.188', '76.91', '71.202'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        web.add(t, rails(t, "INFO", f'Started {method} "{path}{("?" + query) if query else ""}" for {client} at {t.strftime("%Y-%m-%d %H:%M:%S")} +0000', rid, pid))
        web.add(t + dt.timedelta(milliseconds=2), rails(t + dt.timedelta(milliseconds=2), "INFO", f"Processing by {ctrl} as JSON", rid, pid))
        for off, level, msg in lines:
            w = t + dt.timedelta(milliseconds=off)
            web.add(w, rails(w, level, msg, rid, pid))
        end = t + dt.timedelta(milliseconds=ms)
        ar = rng.uniform(0.12, 0.35) * ms
        web.add(end, rails(end, "INFO", f"Completed {status} {text} in {ms}ms (Views: {rng.uniform(0.2, 2.5):.1f}ms | ActiveRecord: {ar:.1f}ms ({rng.randint(4, 26)} queries, {rng.randint(0, 4)} cached) | GC: {rng.uniform(0.1, 4.0):.1f}ms)", rid, pid))
        body = {"time": end.strftime("%Y-%m-%dT%H:%M:%S.") + f"{end.microsecond:06d}{rng.randint(100, 999)}Z", "level": "INFO", "msg": "Request",
                "host": "api.lumbretaqueria.com", "port": 80, "path": path, "request_id": rid, "status": status, "service": "order-api-web",
                "target": f"{CONTAINER[rel[0]]}:3000", "duration": ms * 1000000 + rng.randint(0, 999999), "method": method,
                "req_content_length": req_len, "req_content_type": "application/json" if req_len else "", "resp_content_length": resp_len,
                "resp_content_type": "application/json; charset=utf-8", "client_addr": client, "client_port": str(rng.randint(20000, 65000)),
                "remote_addr": f"10.20.0.{rng.randint(10, 80)}", "user_agent": ua or "Mozilla/5.0", "proto": "HTTP/1.1", "scheme": "http", "query": query}
        proxy.add(end, json.dumps(body, separators=(",", ":")))
        return end

    def ua_for(channel):
        if channel == "app":
            return rng.choice(["LumbreApp/6.12.0 (iOS 18.0; iPhone15,3)", "LumbreApp/6.12.0 (iOS 17.6.1; iPhone14,5)", "LumbreApp/6.11.2 (Android 14; SM-S918U)", "LumbreApp/6.12.0 (Android 15; Pixel 8)"])
        return rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
                           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
                           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"])

    # --- Sidekiq on job-1 (about half the jobs)
    def sq(t, cls, jid, level, msg, elapsed=None, tid=None):
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        ctx = f" class={cls} jid={jid}" if cls else ""
        el = f" elapsed={elapsed:.3f}" if elapsed is not None else ""
        sidekiq.add(t, f"{stamp} pid={sq_pid(t)} tid={tid or rng.choice(sq_tids)}{ctx}{el} {level}: {msg}")

    def sq_pid(t):
        rel = release_at(t)[0]
        return {"fri": 18, "mon": 9, "tue": 12}[rel]

    def job(t, cls, msg=None, level="INFO", dur=None):
        if rng.random() < 0.5:
            return
        jid = hexid(rng, 24)
        tid = rng.choice(sq_tids)
        sq(t, cls, jid, "INFO", "start", tid=tid)
        d = dur or rng.uniform(0.04, 0.4)
        if msg:
            sq(t + dt.timedelta(seconds=d * 0.8), cls, jid, level, msg, tid=tid)
        sq(t + dt.timedelta(seconds=d), cls, jid, "INFO", "done", elapsed=d, tid=tid)

    # --- loyalty-service (all hosts' calls)
    def loy(t, level, msg, **f):
        loyalty.add(t, pino(t, level, msg, pid=1, hostname=rng.choice(["loyalty-service-5b7d9c-2kq8p", "loyalty-service-5b7d9c-x9v4m"]), **f))

    # --- one checkout attempt; returns ("ok"|"too_small"|"declined"|"slot_full", end time)
    def attempt(t, store, channel, cart, member, on_web2, forced_fail=False):
        rel = release_at(t)
        _, culprit_on, new_wording, lunch_slot = rel
        oid = next_order(t)
        reward = cart["reward"]
        total = cart["total"]
        tip = cart["tip"]
        # slot throttling at the lunch peak, before anything else
        h = t.hour + t.minute / 60
        if 17.9 <= h < 19.6:
            full_p = 0.012 if lunch_slot == 18 else 0.045
            if store["hv"]:
                full_p *= 2.5
            if rng.random() < full_p and not forced_fail:
                stats["slot_full"].append(t)
                if on_web2:
                    slot = (t - dt.timedelta(hours=7) + dt.timedelta(minutes=rng.choice([15, 20, 30]))).strftime("%H:%M")
                    slot = slot[:3] + f"{int(slot[3:]) // 15 * 15:02d}"
                    cap = (20 if lunch_slot == 18 else 16) if store["hv"] else lunch_slot
                    request(t, "POST", "/api/v2/checkouts", "Api::V2::CheckoutsController#create", 409, "Conflict", rng.randint(24, 70),
                            lines=[(14, "INFO", f"Pickup slot full store={store['id']} slot={slot} capacity={cap}")], ua=ua_for(channel), req_len=rng.randint(480, 900), resp_len=118)
                return "slot_full", t + dt.timedelta(milliseconds=60)
        lines = []
        off = 20
        if reward and member:
            stats["reserved"].append(t)
            loy(t + dt.timedelta(milliseconds=off), "info", "reward reserved", member=member, reward=reward, order=str(oid), store=store["id"])
            off += rng.randint(18, 45)
        if culprit_on:
            amount = total + tip
            skip = amount == 0
            written = 0
        else:
            amount = total + tip
            skip = total < STRIPE_MIN
            written = total
        outcome = "ok"
        if skip:
            lines.append((off + 5, "INFO", f"Order {oid} settled without card (written off {written}c)"))
            stats["settled"].append(t)
            off += 20
        else:
            off += rng.randint(280, 700)
            if amount < STRIPE_MIN:
                outcome = "too_small"
                req = f"req_{alnum(rng, 14)}"
                if new_wording:
                    lines.append((off, "ERROR", f"Stripe authorization failed order={oid} store={store['id']} amount_cents={amount} code=amount_too_small param=amount decline_code= request_id={req} message=\"Amount must be at least $0.50 usd\""))
                else:
                    lines.append((off, "ERROR", f"Payment authorization failed for order {oid}: Stripe::InvalidRequestError: Amount must be at least $0.50 usd"))
                stats["too_small"].append(t)
                too_small_times.append(t)
            elif rng.random() < 0.022 and not forced_fail:
                outcome = "declined"
                code, decline, message = rng.choice([("card_declined", "generic_decline", "Your card was declined."), ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
                                                     ("incorrect_cvc", "", "Your card's security code is incorrect."), ("expired_card", "", "Your card has expired."),
                                                     ("card_declined", "do_not_honor", "Your card was declined.")])
                req = f"req_{alnum(rng, 14)}"
                if new_wording:
                    dc = decline if code == "card_declined" else ""
                    lines.append((off, "ERROR", f"Stripe authorization failed order={oid} store={store['id']} amount_cents={amount} code={code} param= decline_code={dc} request_id={req} message={json.dumps(message)}"))
                else:
                    lines.append((off, "ERROR", f"Payment authorization failed for order {oid}: Stripe::CardError: {message}"))
                stats["declined"].append(t)
        if outcome == "ok":
            stats["created"].append(t)
            if reward and member:
                stats["redeemed"].append(t)
                loy(t + dt.timedelta(milliseconds=off + 30), "info", "reward redeemed", member=member, reward=reward, order=str(oid))
            tk = t + dt.timedelta(milliseconds=off + rng.randint(200, 900))
            job(tk, "KitchenTicketJob", f"Ticket sent to KDS store={store['id']} order={oid} ticket=T{rng.randint(100000, 999999)} station_count={rng.choice([1, 2, 2, 3])}")
            status, text, resp = 201, "Created", rng.randint(700, 1400)
        else:
            stats["payment_failed"].append(t)
            if reward and member:
                stats["released"].append(t)
                loy(t + dt.timedelta(milliseconds=off + 30), "info", "reward released", member=member, reward=reward, order=str(oid), reason="checkout_failed")
            status, text, resp = 402, "Payment Required", 164
        ms = off + rng.randint(60, 240)
        if on_web2:
            request(t, "POST", "/api/v2/checkouts", "Api::V2::CheckoutsController#create", status, text, ms, lines=lines, ua=ua_for(channel), req_len=rng.randint(480, 900), resp_len=resp)
            if status == 201 and rng.random() < 0.35:
                p = t + dt.timedelta(seconds=rng.uniform(20, 240))
                if p < END:
                    request(p, "GET", f"/api/v2/orders/{oid}", "Api::V2::OrdersController#show", 200, "OK", rng.randint(18, 60), ua=ua_for(channel), resp_len=rng.randint(900, 2400))
        return outcome, t + dt.timedelta(milliseconds=ms)

    def cart_for(t, store, campaign):
        member = f"m_{alnum(rng, 10)}" if rng.random() < (0.92 if campaign else 0.6) else None
        tip = 0 if rng.random() < 0.78 else rng.choice([100, 150, 200, 250, 300])
        bag = rng.random() < 0.85
        bag_c = store["bag"] if bag else 0
        reward = None
        only_reward = False
        if member and campaign and rng.random() < 0.62:
            reward, only_reward = "RWD-TACO-TUE", rng.random() < 0.58
        elif member and rng.random() < 0.05:
            reward, only_reward = rng.choice(["RWD-FREE-ENTREE", "RWD-FREE-CHIPS", "RWD-BDAY-BURRITO"]), rng.random() < 0.3
        if only_reward:
            total = bag_c
        else:
            food = rng.randint(950, 3800) - (rng.randint(350, 550) if reward else 0)
            total = food + round(food * store["tax"]) + bag_c
        return {"reward": reward, "total": total, "tip": tip, "bag": bag, "only": only_reward}, member

    def rate(t):
        """chain-wide checkout sessions per minute"""
        h = t.hour + t.minute / 60 + t.second / 3600
        if h < 16.5:
            base = 3.0 + 2.5 * (h - 15.5)
        elif h < 17.5:
            base = 5.5 + 7.0 * (h - 16.5)
        elif h < 18.0:
            base = 12.5 + 8.0 * (h - 17.5)
        else:
            base = 16.5 + 5.0 * min(1.0, (h - 18.0) / 0.7) - 3.0 * max(0.0, h - 18.9)
        extra = 0.0
        if t >= CAMPAIGN + dt.timedelta(seconds=25):
            m = (t - CAMPAIGN).total_seconds() / 60
            extra = 22.0 * min(1.0, m / 3.0) * (0.55 ** (max(0.0, m - 4) / 30.0))
        return base + extra

    onset_failures = []
    for t in poisson_times(rng, START, END, 45.0):
        if rng.random() > rate(t) / 45.0:
            continue
        store = rng.choice(STORES)
        channel = "app" if rng.random() < 0.7 else "web"
        campaign = t >= CAMPAIGN + dt.timedelta(seconds=25)
        cart, member = cart_for(t, store, campaign)
        if not campaign:
            # before the push, a reward that covers a whole bag-fee order with no tip does not come up by chance
            if cart["only"] and 0 < cart["total"] + cart["tip"] < STRIPE_MIN:
                cart["tip"] = rng.choice([100, 150, 200])
        on_web2 = rng.random() < 1 / 3
        # the pricing call the checkout screen makes first
        if on_web2 and rng.random() < 0.55:
            pt = t - dt.timedelta(seconds=rng.uniform(15, 120))
            if pt >= START:
                request(pt, "POST", f"/api/v2/carts/{alnum(rng, 12)}/price", "Api::V2::CartsController#price", 200, "OK", rng.randint(45, 140),
                        ua=ua_for(channel), req_len=rng.randint(300, 800), resp_len=rng.randint(700, 1500))
        outcome, end = attempt(t, store, channel, cart, member, on_web2)
        if outcome == "too_small":
            onset_failures.append(t)
            tries = 1
            tt = end
            while tries < 4:
                k = rng.random()
                tt = tt + dt.timedelta(seconds=rng.uniform(12, 70))
                if tt >= END:
                    break
                if k < 0.15:
                    cart = dict(cart, total=cart["total"] - store["bag"], bag=False)
                elif k < 0.32:
                    food = rng.randint(250, 420)
                    cart = dict(cart, total=cart["total"] + food + round(food * store["tax"]), only=False)
                elif k < 0.45:
                    cart = dict(cart, tip=rng.choice([100, 200]))
                elif k > 0.82:
                    break
                o2, tt = attempt(tt, store, channel, cart, member, on_web2 if rng.random() < 0.8 else rng.random() < 1 / 3)
                tries += 1
                if o2 != "too_small":
                    break

    # --- the lone failures before the push (reward-only orders with a bag and no tip)
    lone = [(utc("2026-10-06 16:47:13") + dt.timedelta(microseconds=412877), "CA-0331", "RWD-FREE-ENTREE", 10, [utc("2026-10-06 16:48:02") + dt.timedelta(microseconds=90415)]),
            (utc("2026-10-06 17:41:52") + dt.timedelta(microseconds=733160), "CA-0158", "RWD-BDAY-BURRITO", 10, [])]
    for when, sid, reward, total, retries in lone:
        store = next(s for s in STORES if s["id"] == sid)
        member = f"m_{alnum(rng, 10)}"
        cart = {"reward": reward, "total": total, "tip": 0, "bag": True, "only": True}
        for w in [when] + retries:
            attempt(w, store, "app", cart, member, True, forced_fail=True)

    # --- marketplace orders (prepaid by the marketplace; no Stripe)
    for t in poisson_times(rng, START, END, 2.2):
        h = t.hour + t.minute / 60
        if rng.random() > (0.35 if h < 17 else 0.7 if h < 18 else 1.0):
            continue
        store = rng.choice(STORES)
        provider = rng.choice(["dashdrop", "dashdrop", "grubgo"])
        oid = next_order(t)
        if rng.random() < 1 / 3:
            request(t, "POST", f"/webhooks/marketplaces/{provider}", "Webhooks::MarketplacesController#create", 202, "Accepted", rng.randint(40, 130),
                    lines=[(25, "INFO", f"Marketplace order injected provider={provider} store={store['id']} order={oid} external_id={hexid(rng, 8).upper()}")],
                    ua="Dashdrop-Webhooks/2.0" if provider == "dashdrop" else "GrubGo-Partner-API", client=f"54.{rng.randint(64, 95)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                    req_len=rng.randint(1500, 4000), resp_len=32)
        job(t + dt.timedelta(milliseconds=rng.randint(150, 700)), "KitchenTicketJob", f"Ticket sent to KDS store={store['id']} order={oid} ticket=T{rng.randint(100000, 999999)} station_count={rng.choice([1, 2, 3])}")

    # --- 86s from the POS
    for t in poisson_times(rng, START, END, 0.5):
        store = rng.choice(STORES)
        job(t, "MenuAvailabilitySyncJob", f"Menu availability pushed store={store['id']} items={rng.choice([1, 1, 2, 3])}")

    # --- other Sidekiq work: captures, the nightly-ish housekeeping
    for t in poisson_times(rng, START, END, 1.2):
        h = t.hour + t.minute / 60
        if rng.random() > (0.3 if h < 17.5 else 1.0):
            continue
        job(t, "CapturePaymentJob", f"Captured pi_{alnum(rng, 24)} order={48213007 + int((t - START).total_seconds() * 0.62) - rng.randint(900, 4000)}", dur=rng.uniform(0.3, 0.9))
    for t in poisson_times(rng, START, END, 0.06):
        job(t, "LoyaltyAccrualJob", "Loyalty accrual retried after 503 from loyalty-service", level="WARN", dur=rng.uniform(1.0, 2.5))
    for t in poisson_times(rng, START, END, 0.04):
        job(t, "KitchenTicketJob", f"KDS gateway timeout store={rng.choice(STORES)['id']}, retrying in 30s", level="WARN", dur=rng.uniform(5.0, 5.2))

    # --- loyalty-service: the campaign grant and the usual traffic
    t = utc("2026-10-06 17:30:04")
    granted = 0
    batch = 0
    while granted < 388412:
        batch += 1
        n = min(5000, 388412 - granted)
        granted += n
        loy(t, "info", "campaign grant batch", campaign="taco-tuesday-2026-10-06", reward="RWD-TACO-TUE", batch=batch, granted=n, total=granted, elapsed_ms=rng.randint(900, 2600))
        t += dt.timedelta(seconds=rng.uniform(17, 24))
    loy(t, "info", "campaign grant finished", campaign="taco-tuesday-2026-10-06", members=granted, expires_at="2026-10-07T06:59:59Z")
    loy(utc("2026-10-06 17:59:58"), "info", "campaign push handed to Braze", campaign="taco-tuesday-2026-10-06", segment="all_members_push_opt_in", audience=301220)
    for w in poisson_times(rng, START, END, 1.5):
        loy(w, "info", "member points fetched", member=f"m_{alnum(rng, 10)}", ms=rng.randint(3, 30))
    for w in poisson_times(rng, START, END, 0.8):
        loy(w, "info", "points accrued", member=f"m_{alnum(rng, 10)}", points=rng.randint(9, 60), order=str(48213007 + int((w - START).total_seconds() * 0.62) - rng.randint(30, 600)))
    for w in poisson_times(rng, START, END, 0.03):
        loy(w, "warn", "reward reserve conflict: already reserved", member=f"m_{alnum(rng, 10)}", reward=rng.choice(["RWD-FREE-CHIPS", "RWD-FREE-ENTREE"]))

    # --- deploys: GitHub Actions running Kamal, boot lines
    def gha_line(t, text):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    def kamal_hosts(t, verb_version, key, start_off):
        s = start_off
        for host in ("10.20.1.11", "10.20.1.12", "10.20.1.13"):
            tag = hexid(rng, 8)
            gha_line(t + dt.timedelta(seconds=s), f"  INFO [{tag}] Running docker container start order-api-web-{verb_version} || docker run --detach --restart unless-stopped --name order-api-web-{verb_version} --network kamal --hostname {host}-{hexid(rng, 12)} --env KAMAL_CONTAINER_NAME=\"order-api-web-{verb_version}\" --env KAMAL_VERSION=\"{verb_version}\" --env-file .kamal/apps/order-api/env/roles/web.env --log-opt max-size=\"10m\" --label service=\"order-api\" --label role=\"web\" ghcr.io/lumbre/order-api:{verb_version} on {host}")
            gha_line(t + dt.timedelta(seconds=s + 2), f"  INFO [{tag}] Finished in 1.8{rng.randint(10, 99)} seconds with exit status 0 (successful).")
            tag = hexid(rng, 8)
            gha_line(t + dt.timedelta(seconds=s + 3), f"  INFO [{tag}] Running docker exec kamal-proxy kamal-proxy deploy order-api-web --target=\"{CONTAINER[key]}:3000\" --host=\"api.lumbretaqueria.com\" --deploy-timeout=\"30s\" --drain-timeout=\"30s\" --health-check-interval=\"2s\" --health-check-path=\"/up\" --buffer-requests --buffer-responses on {host}")
            gha_line(t + dt.timedelta(seconds=s + 9), f"  INFO [{tag}] Finished in 6.{rng.randint(100, 999)} seconds with exit status 0 (successful).")
            if host == "10.20.1.11":
                gha_line(t + dt.timedelta(seconds=s + 9.5), "  INFO First web container is healthy on 10.20.1.11, booting any other roles")
            s += 10
        for host in ("10.20.2.21", "10.20.2.22"):
            tag = hexid(rng, 8)
            gha_line(t + dt.timedelta(seconds=s), f"  INFO [{tag}] Running docker container start order-api-job-{verb_version} || docker run --detach --restart unless-stopped --name order-api-job-{verb_version} --network kamal --env KAMAL_VERSION=\"{verb_version}\" --label role=\"job\" ghcr.io/lumbre/order-api:{verb_version} bundle exec sidekiq -C config/sidekiq.yml on {host}")
            gha_line(t + dt.timedelta(seconds=s + 2), f"  INFO [{tag}] Finished in 1.6{rng.randint(10, 99)} seconds with exit status 0 (successful).")
            s += 3
        return s

    def boot(t, key, sha):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        for k, pid in enumerate(WEB_PIDS[key]):
            w = t + dt.timedelta(milliseconds=300 * k + rng.randint(0, 200))
            web.add(w, rails(w, "INFO", f"order-api booted version={sha} rails=7.2.1 ruby=3.3.5", None, pid))
        w = t + dt.timedelta(seconds=rng.uniform(20, 30))
        pid = {"fri": 18, "mon": 9, "tue": 12}[key]
        for text in ("Booted Rails 7.2.1 application in production environment", "Running in ruby 3.3.5 (2024-09-03 revision ef084cc8f4) +YJIT [x86_64-linux]",
                     "Sidekiq 7.3.4 connecting to Redis with options {:size=>10, :pool_name=>\"internal\", :url=>\"redis://orders-redis.internal:6379/0\"}",
                     "Starting processing, hit Ctrl-C to stop"):
            sidekiq.add(w, f"{w.strftime('%Y-%m-%dT%H:%M:%S.')}{w.microsecond // 1000:03d}Z pid={pid} tid={rng.choice(sq_tids)} INFO: {text}")
            w += dt.timedelta(milliseconds=rng.randint(40, 400))

    run_no = 311
    for when, sha, key, who, msg in ((DEPLOY_MON, head1, "mon", "jordan-reyes", "spec: a reward order with a tip authorises the tip"),
                                     (DEPLOY_TUE, head2, "tue", "dana-whitfield", "throttling: 18 orders per lunch slot for Taco Tuesday, 20 in high-volume stores (ORD-1424)")):
        run_no += 1 if key == "mon" else 3
        t0 = when - dt.timedelta(seconds=118)
        gha_line(t0, f"##[group]Run deploy #{run_no} (workflow_dispatch by {who}, ref main)")
        gha_line(t0 + dt.timedelta(seconds=3), "Syncing repository: lumbre/order-api")
        gha_line(t0 + dt.timedelta(seconds=5), f"HEAD is now at {sha[:7]} {msg}")
        gha_line(t0 + dt.timedelta(seconds=21), "##[group]Run bundle exec kamal deploy")
        gha_line(t0 + dt.timedelta(seconds=22), "Log into image registry...")
        gha_line(t0 + dt.timedelta(seconds=24), "Build and push app image...")
        gha_line(t0 + dt.timedelta(seconds=25), f"  INFO [{hexid(rng, 8)}] Running docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t ghcr.io/lumbre/order-api:{sha} -t ghcr.io/lumbre/order-api:latest --label service=\"order-api\" --file Dockerfile . as runner@localhost")
        gha_line(t0 + dt.timedelta(seconds=88), f"#19 pushing manifest for ghcr.io/lumbre/order-api:{sha}@sha256:{hexid(rng, 64)} 1.1s done")
        gha_line(t0 + dt.timedelta(seconds=90), "Acquiring the deploy lock...")
        gha_line(t0 + dt.timedelta(seconds=91), "Ensure kamal-proxy is running...")
        gha_line(t0 + dt.timedelta(seconds=95), f"  INFO [{hexid(rng, 8)}] Running docker pull ghcr.io/lumbre/order-api:{sha} on 10.20.1.11,10.20.1.12,10.20.1.13,10.20.2.21,10.20.2.22")
        s = kamal_hosts(t0, sha, key, 110)
        gha_line(t0 + dt.timedelta(seconds=s + 1), "Prune old containers and images...")
        gha_line(t0 + dt.timedelta(seconds=s + 4), "Releasing the deploy lock...")
        gha_line(t0 + dt.timedelta(seconds=s + 4.5), f"  Finished all in {s + 4 - 21:.1f} seconds")
        gha_line(t0 + dt.timedelta(seconds=s + 5), f"##[endgroup]")
        if when >= START:
            boot(t0 + dt.timedelta(seconds=122), key, sha)
    for when, sha, key, who, n in ((ROLLBACK1, head1, "mon", "marco-bellini", 316), (ROLLBACK2, old_release, "fri", "marco-bellini", 317)):
        t0 = when - dt.timedelta(seconds=30)
        gha_line(t0, f"##[group]Run deploy #{n} (workflow_dispatch by {who}, ref main, rollback_to={sha})")
        gha_line(t0 + dt.timedelta(seconds=14), f"##[group]Run bundle exec kamal rollback {sha}")
        gha_line(t0 + dt.timedelta(seconds=15), "Acquiring the deploy lock...")
        gha_line(t0 + dt.timedelta(seconds=16), f"  INFO [{hexid(rng, 8)}] Running docker container ls --all --filter name=^order-api-web-{sha}$ --quiet on 10.20.1.11")
        s = kamal_hosts(t0, sha, key, 18)
        gha_line(t0 + dt.timedelta(seconds=s + 1), "Releasing the deploy lock...")
        gha_line(t0 + dt.timedelta(seconds=s + 1.5), f"  Finished all in {s - 14:.1f} seconds")
        gha_line(t0 + dt.timedelta(seconds=s + 2), "##[endgroup]")
        boot(t0 + dt.timedelta(seconds=22), key, sha)
    for when, key in ((DEPLOY_TUE, "tue"), (ROLLBACK1, "mon"), (ROLLBACK2, "fri")):
        w = when - dt.timedelta(seconds=0 if key == "tue" else 8) + dt.timedelta(seconds=rng.uniform(0.5, 2))
        proxy.add(w, json.dumps({"time": w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{w.microsecond:06d}000Z", "level": "INFO", "msg": "Deploying", "service": "order-api-web", "hosts": ["api.lumbretaqueria.com"], "target": f"{CONTAINER[key]}:3000", "tls": False}, separators=(",", ":")))
        w += dt.timedelta(seconds=rng.uniform(3, 6))
        proxy.add(w, json.dumps({"time": w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{w.microsecond:06d}000Z", "level": "INFO", "msg": "Healthcheck succeeded", "service": "order-api-web", "target": f"{CONTAINER[key]}:3000"}, separators=(",", ":")))
        proxy.add(w, json.dumps({"time": w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{w.microsecond:06d}500Z", "level": "INFO", "msg": "Deployed", "service": "order-api-web", "hosts": ["api.lumbretaqueria.com"], "target": f"{CONTAINER[key]}:3000"}, separators=(",", ":")))
    for when, text in ((utc("2026-10-06 15:52:10"), "Run ci #2204 (push by kofi-mensah, ref docs-typo) - rspec: 412 examples, 0 failures"),
                       (utc("2026-10-06 16:12:40"), "Run ci #2205 (pull_request by dependabot[bot], ref dependabot/bundler/stripe-15.5.0) - rspec: 412 examples, 0 failures"),
                       (utc("2026-10-06 16:44:05"), "Run ci #2206 (push by dana-whitfield, ref main) - rspec: 412 examples, 0 failures"),
                       (utc("2026-10-06 17:54:30"), "Run ci #2207 (push by kofi-mensah, ref main) - rspec: 412 examples, 0 failures")):
        gha_line(when, text)

    # --- Slack
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #ordering-incidents {who}: {text}")

    first = min(x for x in too_small_times if x >= CAMPAIGN)
    say("2026-10-06 15:14:30", "priya.natarajan", "ORD-1421 merged: failed authorisations now log Stripe's code, param, decline_code and request id. last night's two 'Payment could not be processed' tickets (CA-0207, CA-0445) only have InvalidRequestError in our log. goes out with the next deploy")
    say("2026-10-06 17:29:50", "dana.whitfield", f"deploying main ({head2[:8]}) for Taco Tuesday: ORD-1424 lunch 18/slot (20 in high-volume stores), stripe 15.5.0, ORD-1421")
    say("2026-10-06 17:34:15", "dana.whitfield", "deploy done, web and job roles on it")
    say("2026-10-06 17:52:10", "hannah.cho", "Taco Tuesday: reward granted to 388k members (expires midnight PT), push goes out at 11:00 PT")
    say("2026-10-06 18:03:40", "alertmanager", "[FIRING:1] CheckoutPaymentFailureRate order-api (402 on POST /api/v2/checkouts > 5% for 3m)")
    say("2026-10-06 18:05:10", "ana.store-ops", "SoCal stores: customers at the counter showing 'Payment could not be processed' on the free taco")
    say("2026-10-06 18:07:30", "marco.bellini", f"402s on checkout since {first.strftime('%H:%M')} UTC. Stripe InvalidRequestError, code=amount_too_small. stripe gem went 15.3.0 -> 15.5.0 with Dana's 10:32 deploy, and the first amount_too_small line is 10:41")
    say("2026-10-06 18:09:20", "hannah.cho", "loyalty: reserve then release on the failed ones, the reserves themselves are fine")
    say("2026-10-06 18:10:45", "marco.bellini", "status.stripe.com all green")
    say("2026-10-06 18:13:30", "marco.bellini", f"rolling back to yesterday's release ({head1[:8]}), it's the only thing today that touched payments")
    say("2026-10-06 18:20:50", "marco.bellini", "rollback done")
    say("2026-10-06 18:24:05", "marco.bellini", "still failing, logged as 'Payment authorization failed for order ...: Stripe::InvalidRequestError: Amount must be at least $0.50 usd' now. and 14 per slot again, slot-full 409s are back")
    say("2026-10-06 18:26:30", "priya.natarajan", "the ORD-1421 lines all had amount_cents=10 or 8. we were sending Stripe 10 cents")
    say("2026-10-06 18:28:10", "ana.store-ops", "crew at CA-0158 says the ones who take the bag off get through")
    say("2026-10-06 18:29:40", "priya.natarajan", "bag fee: 10c in CA, 8c around Seattle. free taco + bag, no tip = 10c. in NV, AZ and OR the total is 0 and we skip the card")
    say("2026-10-06 18:33:20", "jordan.reyes", "that's ORD-1418, mine, yesterday afternoon. the `if due < 50` write-off looked like a leftover; 50c is Stripe's minimum charge. it went out with yesterday's 15:05 PT deploy")
    say("2026-10-06 18:35:00", "marco.bellini", f"rolling back to Friday's release ({old_release[:8]}), before ORD-1418")
    say("2026-10-06 18:42:30", "marco.bellini", "on Friday's release. free taco orders settle without the card again ('written off 10c')")
    say("2026-10-06 18:47:10", "hannah.cho", "failed customers kept their reward (released). marketing sends a 'try again' push at 12:00 PT")
    say("2026-10-06 19:05:40", "jordan.reyes", "fix PR: authorise total + tip when it is at least Stripe's minimum, write off below it, spec for a bag-fee-only order")
    say("2026-10-06 19:12:00", "marco.bellini", "stripe 15.5.0, ORD-1424 and ORD-1421 go out again with Jordan's fix after review")
    return [web, sidekiq, proxy, loyalty, gha, chat], too_small_times, stats


def build(out_dir):
    rng = random.Random(38100)
    repo, culprit, old_release, head1, head2 = build_repo()
    try:
        logs, too_small, stats = build_logs(rng, culprit, old_release, head1, head2)
        onset = min(x for x in too_small if x >= CAMPAIGN).replace(microsecond=0)
        assert CAMPAIGN < onset < CAMPAIGN + dt.timedelta(minutes=2), onset
        assert not [x for x in too_small if x >= ROLLBACK2 + dt.timedelta(seconds=5)], "failures after the last rollback"
        lone = [x for x in too_small if x < CAMPAIGN]
        assert len(lone) == 3, lone

        def per5(series):
            ordered = sorted(series)
            return lambda t: sum(1 for x in ordered if t - dt.timedelta(minutes=5) < x <= t)

        mstart = utc("2026-10-06 16:00:00")
        metrics = {
            "order_api_checkouts.json": query_range([
                ({"__name__": "order_api_checkouts", "result": "created"}, per5(stats["created"])),
                ({"__name__": "order_api_checkouts", "result": "payment_failed"}, per5(stats["payment_failed"])),
                ({"__name__": "order_api_checkouts", "result": "slot_full"}, per5(stats["slot_full"])),
                ({"__name__": "order_api_checkouts", "result": "settled_without_card"}, per5(stats["settled"])),
            ], mstart, END, 60),
            "stripe_payment_intent_errors.json": query_range([
                ({"__name__": "stripe_payment_intent_errors", "type": "invalid_request_error", "code": "amount_too_small"}, per5(stats["too_small"])),
                ({"__name__": "stripe_payment_intent_errors", "type": "card_error", "code": "card_declined"}, per5(stats["declined"])),
            ], mstart, END, 60),
            "loyalty_rewards.json": query_range([
                ({"__name__": "loyalty_rewards", "event": "reserved"}, per5(stats["reserved"])),
                ({"__name__": "loyalty_rewards", "event": "redeemed"}, per5(stats["redeemed"])),
                ({"__name__": "loyalty_rewards", "event": "released"}, per5(stats["released"])),
            ], mstart, END, 60),
        }
        hours = (onset - utc("2026-10-05 21:20:00")).total_seconds() / 3600
        n_fail = len([x for x in too_small if x >= CAMPAIGN])
        return write_scenario(
            out_dir, name="r38-bag-fee-minimum-charge", service=SERVICE, onset=onset,
            description=f"""
Lumbre Taqueria's checkouts start failing on Tuesday 6 October at
{onset.strftime('%H:%M:%S')} UTC (11:00 PDT), seconds after the "Taco Tuesday" push
that tells every loyalty member about a free taco: in California and
around Seattle most members who order only the free taco get "Payment
could not be processed" (402), {n_fail} failed attempts in all; in Nevada,
Arizona and Oregon the same orders go through. A deploy at 17:32 UTC had
shipped the stripe gem 15.5.0, more orders per lunch slot and new logging
of failed authorisations; rolling it back at 18:19 did not help. The
rollback to the previous Friday's release at 18:40 ends it.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={
                "order-api-web-2.log": r'<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : <Content>',
            },
            root_cause=[
                r"Amount must be at least .* usd",
                r"code=amount_too_small",
            ],
            fix_files=["app/services/checkout/place_order.rb"],
            explanation=f"""
The culprit is ORD-1418 ("checkout: charge the tip on reward orders
instead of writing it off"), committed on Monday at 21:20 UTC and
deployed at 22:05 in a Kamal release whose version is the spec commit
after it, {hours:.1f} hours before the onset. Checkout::PlaceOrder used to
settle an order without the card when its total was under 50 cents (the
undocumented `if due < 50` was Stripe's minimum charge in USD); ORD-1418
authorises total + tip whenever it is not zero. An order of only a free
item, with a carry-out bag and no tip, in a store with a bag fee (10 c in
California, 8 c around Seattle) now asks Stripe for 10 or 8 cents, which
Stripe refuses with "Amount must be at least $0.50 usd"
(amount_too_small), and checkout answers 402. Such orders are rare until
the loyalty team's Taco Tuesday push at 11:00 PDT, when hundreds of
members order only the free taco (before it, two customers' lone failures
that morning and two the evening before); in Nevada, Arizona and Oregon
the total is 0 and the card is skipped. The fix restores the write-off below Stripe's minimum
in app/services/checkout/place_order.rb (the rollback to Friday's
release ends it; "written off 10c" lines come back).
Decoys: the 17:32 deploy, {round((onset - DEPLOY_TUE).total_seconds() / 60)} minutes before the onset, which bumps
the stripe gem (15.3.0 -> 15.5.0), raises the lunch slots in
config/throttling.yml and ships ORD-1421, which adds the very "Stripe
authorization failed ... code=amount_too_small" line (the first such
line comes 9 minutes after it), rolled back at 18:19 without effect (the
old wording comes back, and more slot-full 409s); the loyalty campaign
itself, whose reserve/release lines burst at the onset; the sidekiq bump
and the spec commit Monday's deploy names; the harmless ORD-1400 commit
to the culprit's file; the menu and KDS ticket commits; routine card
declines, slot-full 409s, KDS gateway timeouts and loyalty retries.
""",
        )
    finally:
        repo.close()
