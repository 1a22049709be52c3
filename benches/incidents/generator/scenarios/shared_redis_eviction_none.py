"""cart-api (Rails, team in Madrid): a fashion shop's shopping carts, kept
in Redis with a TTL (guest carts expire, signed-in carts are refreshed).
The Redis is `shared-cache-prod`, an ElastiCache cluster the platform team
runs for several teams, with maxmemory-policy volatile-lru: when it is
full it evicts the least recently used keys that have a TTL. At 10:05 UTC
the recommendations team rolls out recs-api with a feature that caches
every signed-in user's outfit embeddings in the same Redis, without a TTL.
Memory climbs from 61 %; from about 10:48 the cluster is full and evicts
keys with a TTL, which are carts and sessions: shoppers' carts empty
themselves (cart-api sees only "no cart for this token" and starts a new
one). A few minutes later there is not enough volatile memory left to free
and Redis refuses writes: adding to the cart fails with "OOM command not
allowed" (500). The platform on-call engineer finds the recs:emb keys,
recs-api is rolled back at 11:34 and the keys are deleted at 11:36.
Nothing in cart-api's repository caused it. Decoys: a guest-cart TTL change
(7 days to 3) and the puma bump rolled out with it at 09:24, a cart-merge
change two days before, tests and routine chores. App (Rails logger, line
format), ingress-nginx access, CloudWatch alarm notifications (SNS JSON),
the company's #deploys feed (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, k8s_deployment, k8s_service, runbook

SERVICE = "cart-api"
START, END = utc("2026-12-15 09:00:00"), utc("2026-12-15 12:30:00")
DEPLOY = utc("2026-12-15 09:24:00")
RECS_DEPLOY = utc("2026-12-15 10:05:00")
FULL = utc("2026-12-15 10:48:30")
OOM_FROM = utc("2026-12-15 10:56:40")
RECS_ROLLBACK = utc("2026-12-15 11:34:00")
KEYS_DELETED = utc("2026-12-15 11:36:20")

CART_MODEL = """# A cart lives in Redis under cart:<token>, as JSON, with a TTL that is
# refreshed on every change. Nothing else keeps it: an expired cart is gone.
class Cart
  GUEST_TTL = 7.days
  MEMBER_TTL = 30.days

  def self.find(token)
    raw = REDIS.get("cart:#{token}")
    raw && new(token, JSON.parse(raw))
  end

  def initialize(token, data = { "items" => [] })
    @token = token
    @data = data
  end

  def add(sku, qty)
    line = items.find { |i| i["sku"] == sku }
    line ? line["qty"] += qty : items << { "sku" => sku, "qty" => qty }
    save
  end

  def items
    @data["items"]
  end

  def save
    REDIS.set("cart:#{@token}", @data.to_json, ex: (member? ? MEMBER_TTL : GUEST_TTL).to_i)
  end

  def member?
    @data["customer_id"].present?
  end
end
"""


def rails_files():
    return {
        "Gemfile": "source \"https://rubygems.org\"\n\nruby \"3.3.6\"\n\ngem \"rails\", \"~> 7.2.2\"\ngem \"puma\", \"6.4.3\"\ngem \"redis\", \"5.3.0\"\ngem \"connection_pool\", \"2.4.1\"\n\ngroup :test do\n  gem \"minitest\", \"5.25.1\"\nend\n",
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    connection_pool (2.4.1)\n    minitest (5.25.1)\n    puma (6.4.3)\n      nio4r (~> 2.0)\n    rails (7.2.2)\n    redis (5.3.0)\n      redis-client (>= 0.22.0)\n\nPLATFORMS\n  x86_64-linux\n\nBUNDLED WITH\n   2.5.22\n",
        "app/models/cart.rb": CART_MODEL,
        "app/controllers/carts_controller.rb": "class CartsController < ApplicationController\n  def show\n    cart = Cart.find(cart_token) || Cart.new(cart_token)\n    render json: { items: cart.items }\n  end\nend\n",
        "app/controllers/cart_items_controller.rb": "class CartItemsController < ApplicationController\n  def create\n    cart = Cart.find(cart_token) || begin\n      Rails.logger.info(\"no cart for token, starting a new one\")\n      Cart.new(cart_token)\n    end\n    cart.add(params.require(:sku), params.fetch(:qty, 1).to_i)\n    render json: { items: cart.items }, status: :created\n  end\nend\n",
        "config/initializers/redis.rb": "REDIS = Redis.new(url: ENV.fetch(\"REDIS_URL\"), timeout: 0.5, reconnect_attempts: 1)\n",
        "config/puma.rb": "workers Integer(ENV.fetch(\"WEB_CONCURRENCY\", 2))\nthreads 5, 5\nport ENV.fetch(\"PORT\", 3000)\npreload_app!\n",
        "Dockerfile": "FROM ruby:3.3.6-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --without development test\nCOPY . .\nCMD [\"bundle\", \"exec\", \"puma\", \"-C\", \"config/puma.rb\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n      - run: bin/rails test\n",
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 3000, replicas=4, memory="512Mi", cpu="500m", env={"REDIS_URL": "rediss://shared-cache-prod.x7k2pq.euw1.cache.amazonaws.com:6379/0"}),
        "k8s/service.yaml": k8s_service(SERVICE, 3000),
        "README.md": "# cart-api\n\nShopping carts for modaria.es and the apps. Carts are JSON in the shared\nRedis (`shared-cache-prod`, run by the platform team), one key per cart.\n\n```\nbundle install\nbin/rails test\n```\n",
        "docs/runbook.md": runbook(SERVICE, [
            ("CartApi5xx", "5xx over 1 %: check Redis errors in the app log, then shared-cache-prod's dashboard (the platform team owns it)."),
            ("CartsEmptied", "Support reports carts emptying: carts only disappear when their TTL runs out or Redis evicts them."),
        ]),
    }


def build_repo():
    lucia = Person("Lucía Fernández", "lucia@modaria.es", 60)
    pablo = Person("Pablo Gil", "pablo@modaria.es", 60)
    ana = Person("Ana Costa", "ana@modaria.es", 0)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    repo.commit(utc("2026-12-09 09:30:00"), lucia, "cart-api: carts in Redis, Rails 7.2", rails_files())
    repo.schedule(chores(random.Random(9401), SERVICE, [lucia, pablo, ana], utc("2026-12-09 09:30:00"), utc("2026-12-15 08:30:00"), 4))
    repo.commit(utc("2026-12-11 15:20:00"), pablo, "carts: merge the guest cart into the member cart at sign-in", {
        "app/models/cart.rb": repo.edit("app/models/cart.rb", "  def member?\n",
                                        "  def merge!(other)\n    other.items.each { |i| add(i[\"sku\"], i[\"qty\"]) }\n    REDIS.del(\"cart:#{other.token}\")\n  end\n\n  attr_reader :token\n\n  def member?\n"),
        "app/controllers/sessions_controller.rb": "class SessionsController < ApplicationController\n  def create\n    customer = Customer.authenticate!(params)\n    member = Cart.find(customer.cart_token) || Cart.new(customer.cart_token, { \"items\" => [], \"customer_id\" => customer.id })\n    guest = Cart.find(cart_token)\n    member.merge!(guest) if guest\n    head :no_content\n  end\nend\n",
    })
    repo.commit(utc("2026-12-12 07:12:00"), bot, "Bump connection_pool from 2.4.1 to 2.5.0", {
        "Gemfile": repo.edit("Gemfile", "gem \"connection_pool\", \"2.4.1\"", "gem \"connection_pool\", \"2.5.0\""),
        "Gemfile.lock": repo.edit("Gemfile.lock", "connection_pool (2.4.1)", "connection_pool (2.5.0)"),
    })
    repo.commit(utc("2026-12-14 11:02:00"), ana, "test: cart merge keeps quantities and deletes the guest cart", {
        "test/models/cart_test.rb": "require \"test_helper\"\n\nclass CartTest < ActiveSupport::TestCase\n  test \"merge adds quantities\" do\n    a = Cart.new(\"a\", { \"items\" => [{ \"sku\" => \"X1\", \"qty\" => 1 }], \"customer_id\" => 7 })\n    b = Cart.new(\"b\", { \"items\" => [{ \"sku\" => \"X1\", \"qty\" => 2 }] })\n    a.merge!(b)\n    assert_equal 3, a.items.first[\"qty\"]\n    assert_nil Cart.find(\"b\")\n  end\nend\n",
    })
    repo.commit(utc("2026-12-15 08:41:00"), pablo, "carts: guest carts expire after 3 days, not 7\n\nFewer than 2 % of guest carts are touched after day 3 (Looker, November);\nthe rest only take space in the shared Redis.", {
        "app/models/cart.rb": repo.edit("app/models/cart.rb", "GUEST_TTL = 7.days", "GUEST_TTL = 3.days"),
    })
    head = repo.commit(utc("2026-12-15 09:03:00"), bot, "Bump puma from 6.4.3 to 6.5.0", {
        "Gemfile": repo.edit("Gemfile", "gem \"puma\", \"6.4.3\"", "gem \"puma\", \"6.5.0\""),
        "Gemfile.lock": repo.edit("Gemfile.lock", "puma (6.4.3)", "puma (6.5.0)"),
    })
    repo.commit(utc("2026-12-15 12:21:00"), lucia, "runbook: carts vanish when shared-cache-prod is full and evicts", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Carts vanishing\n\nshared-cache-prod runs volatile-lru: when it is full it evicts keys that\nhave a TTL first, and every cart has one. Check the cluster's memory and\nevictions and ask #platform which keys grew.\n",
    })
    return repo, head


def rails(t, sev, rid, msg, pid=1):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}"
    level = {"D": "DEBUG", "I": "INFO", "W": "WARN", "E": "ERROR", "F": "FATAL"}[sev]
    return f"{sev}, [{stamp} #{pid}] {level:>5} -- : [{rid}] {msg}"


def memory_pct(t):
    if t < RECS_DEPLOY + dt.timedelta(minutes=2):
        return 61.0 + 0.4 * ((t - START).total_seconds() / 3600)
    if t < FULL:
        return min(100.0, 61.6 + (t - RECS_DEPLOY - dt.timedelta(minutes=2)).total_seconds() / 60 * 0.87)
    if t < KEYS_DELETED:
        return 100.0
    return max(54.0, 100.0 - (t - KEYS_DELETED).total_seconds() / 60 * 6)


def evictions_per_min(t):
    if FULL <= t < KEYS_DELETED:
        return 2400 if t < OOM_FROM else 900
    return 0


def build_logs(rng, head):
    app = Log("cart-api.log")
    ingress = Log("ingress-nginx-access.log")
    alarms = Log("cloudwatch-alarms.log")
    deploys = Log("deploys-channel.log")
    pods = {
        "old": [(f"cart-api-6b8d5c7f9-{hexid(rng, 5)}", rng.randint(8, 40)) for _ in range(4)],
        "new": [(f"cart-api-84c6f9d7b-{hexid(rng, 5)}", rng.randint(8, 40)) for _ in range(4)],
    }

    def deploy_msg(t, service, version, title, who, kind="deploy"):
        deploys.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "#deploys", "bot": "shipit",
                                   "event": kind, "service": service, "env": "prod", "version": version, "title": title, "by": who},
                                  separators=(",", ":"), ensure_ascii=False))

    deploy_msg(utc("2026-12-15 09:11:00"), "checkout-web", "e4a91c0", "Klarna button on the payment step", "marta.r")
    deploy_msg(DEPLOY, "cart-api", head[:7], "Bump puma from 6.4.3 to 6.5.0", "pablo.gil")
    deploy_msg(utc("2026-12-15 09:47:00"), "search-api", "71bd2e3", "synonyms: add 'sudadera' -> 'hoodie'", "javier.m")
    deploy_msg(RECS_DEPLOY, "recs-api", "4f1e2c9", "cache outfit embeddings per customer in Redis (no more recompute per page view)", "irene.s")
    deploy_msg(utc("2026-12-15 10:31:00"), "catalog-api", "9c0d7a1", "size guide for kids' shoes", "tomas.v")
    deploy_msg(RECS_ROLLBACK, "recs-api", "b27a5e8", "rollback to b27a5e8 (shared-cache-prod full: recs:emb keys without TTL)", "irene.s", kind="rollback")
    deploy_msg(utc("2026-12-15 12:05:00"), "checkout-web", "1f3c8b2", "fix Klarna button alignment on iOS", "marta.r")

    for i, (pod, pid) in enumerate(pods["new"]):
        t = DEPLOY + dt.timedelta(seconds=20 + 25 * i + rng.uniform(0, 4))
        rid = "-"
        app.add(t, rails(t, "I", rid, f"cart-api booted (puma 6.5.0, release {head[:7]}, pod {pod})", pid))

    def alarm(t, name, metric, state, old, reason, threshold, namespace="AWS/ElastiCache", dimension=("CacheClusterId", "shared-cache-prod-0001-001")):
        body = {"Type": "Notification", "MessageId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                "TopicArn": "arn:aws:sns:eu-west-1:381492077351:platform-alarms", "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                "Message": json.dumps({"AlarmName": name, "NewStateValue": state, "OldStateValue": old, "NewStateReason": reason,
                            "Trigger": {"MetricName": metric, "Namespace": namespace, "Dimensions": [{"name": dimension[0], "value": dimension[1]}],
                                        "Threshold": threshold, "ComparisonOperator": "GreaterThanThreshold"}}, separators=(",", ":"))}
        alarms.add(t, json.dumps(body, separators=(",", ":")))

    alarm(utc("2026-12-15 09:41:12"), "search-api-p99-latency", "Latency", "OK", "ALARM", "Threshold Crossed: 3 datapoints were not greater than the threshold (800.0).", 800.0,
          namespace="AWS/ApplicationELB", dimension=("LoadBalancer", "app/k8s-search-api/3c1f9a0b7e2d4c51"))
    t90 = RECS_DEPLOY + dt.timedelta(minutes=2) + dt.timedelta(minutes=(91.0 - 61.6) / 0.87, seconds=40)
    alarm(t90, "shared-cache-prod-memory-high", "DatabaseMemoryUsagePercentage", "ALARM", "OK",
          f"Threshold Crossed: 1 datapoint [{memory_pct(t90 - dt.timedelta(seconds=40)):.1f} ({(t90 - dt.timedelta(seconds=40)).strftime('%d/%m/%y %H:%M:00')})] was greater than the threshold (90.0).", 90.0)
    ev = FULL + dt.timedelta(minutes=1, seconds=50)
    alarm(ev, "shared-cache-prod-evictions", "Evictions", "ALARM", "OK",
          f"Threshold Crossed: 1 datapoint [2388.0 ({FULL.strftime('%d/%m/%y %H:%M:00')})] was greater than the threshold (100.0).", 100.0)
    alarm(KEYS_DELETED + dt.timedelta(minutes=3, seconds=10), "shared-cache-prod-evictions", "Evictions", "OK", "ALARM", "Threshold Crossed: 1 datapoint [0.0] was not greater than the threshold (100.0).", 100.0)
    alarm(KEYS_DELETED + dt.timedelta(minutes=6, seconds=5), "shared-cache-prod-memory-high", "DatabaseMemoryUsagePercentage", "OK", "ALARM", "Threshold Crossed: 1 datapoint [76.4] was not greater than the threshold (90.0).", 90.0)
    alarm(OOM_FROM + dt.timedelta(minutes=3, seconds=20), "cart-api-5xx-rate", "HTTPCode_Target_5XX_Count", "ALARM", "OK", "Threshold Crossed: 2 datapoints [41.0, 57.0] were greater than the threshold (20.0).", 20.0,
          namespace="AWS/ApplicationELB", dimension=("LoadBalancer", "app/k8s-cart-api/8e4b2d7c1a9f0e36"))

    def pod_at(t):
        return rng.choice(pods["new"] if t >= DEPLOY + dt.timedelta(seconds=130) else pods["old"])

    def evicting(t):
        return FULL <= t < KEYS_DELETED

    def oom(t):
        return OOM_FROM <= t < KEYS_DELETED + dt.timedelta(seconds=5)

    ua_pool = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", "Modaria/4.8.2 (Android 15)",
               "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", "Modaria/4.8.2 (iOS 18.1)"]
    for t in poisson_times(rng, START, END, 11):
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        pod, pid = pod_at(t)
        client = ip(rng, "10.30")
        ua = rng.choice(ua_pool)
        r = rng.random()
        took = ms(rng, 9)
        if r < 0.5:
            method, path, action = "GET", "/cart", "CartsController#show"
            status = 200
        else:
            method, path, action = "POST", "/cart/items", "CartItemsController#create"
            status = 201
        app.add(t, rails(t, "I", rid, f"Started {method} \"{path}\" for {client} at {t.strftime('%Y-%m-%d %H:%M:%S')} +0000", pid))
        app.add(t, rails(t, "I", rid, f"Processing by {action} as JSON", pid))
        missing = rng.random() < (0.42 if evicting(t) else 0.05)
        done = t + dt.timedelta(milliseconds=took)
        if method == "POST" and missing:
            app.add(t, rails(t, "I", rid, "no cart for token, starting a new one", pid))
        if method == "POST" and oom(t) and rng.random() < 0.55:
            status = 500
            app.add(done, rails(done, "I", rid, f"Completed 500 Internal Server Error in {took}ms (Allocations: {rng.randint(1800, 2600)})", pid))
            app.add(done, "\n".join([
                rails(done, "F", rid, "  ", pid),
                rails(done, "F", rid, "Redis::CommandError (OOM command not allowed when used memory > 'maxmemory'.):", pid),
                rails(done, "F", rid, "  ", pid),
                rails(done, "F", rid, "app/models/cart.rb:30:in `save'", pid),
                rails(done, "F", rid, "app/models/cart.rb:22:in `add'", pid),
                rails(done, "F", rid, "app/controllers/cart_items_controller.rb:7:in `create'", pid),
            ]))
        else:
            text = "OK" if status == 200 else "Created"
            app.add(done, rails(done, "I", rid, f"Completed {status} {text} in {took}ms (Allocations: {rng.randint(900, 2400)})", pid))
        size = 34 if status == 500 else rng.randint(60, 1900)
        ingress.add(t, nginx_access(t, ip(rng, "83.44"), method, path, status, size, took / 1000 + 0.001, ua, upstream_rt=took / 1000))
    emit(rng, ingress, START, END, 3, [
        (3, lambda t: nginx_access(t, ip(rng, "83.44"), "GET", "/cart/count", 200, 12, 0.004, rng.choice(ua_pool), upstream_rt=0.003)),
        (1, lambda t: nginx_access(t, ip(rng, "10.30"), "GET", "/healthz", 200, 2, 0.001, "kube-probe/1.30", upstream_rt=0.001)),
    ])
    return [app, ingress, alarms, deploys]


def build(out_dir):
    rng = random.Random(9400)
    repo, head = build_repo()
    try:
        logs = build_logs(rng, head)
        onset = min(t for t, _, text in logs[0].entries if "OOM command not allowed" in text).replace(microsecond=0)
        metrics = {
            "aws_elasticache_database_memory_usage_percentage.json": query_range([({"cache_cluster_id": "shared-cache-prod-0001-001"}, lambda t: round(memory_pct(t), 1))], START, END, 60),
            "aws_elasticache_evictions_sum.json": query_range([({"cache_cluster_id": "shared-cache-prod-0001-001"}, evictions_per_min)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="shared-redis-eviction-none", service=SERVICE, onset=onset,
            description=f"""
Shoppers report carts emptying themselves; from {onset.strftime('%H:%M')} UTC adding to the
cart fails with 500. cart-api keeps carts in shared-cache-prod, a Redis the
platform team runs for several teams. cart-api was rolled out at 09:24
(a puma bump, with a guest-cart TTL change). Errors stop at about 11:36
with no change on cart-api's side.
""",
            logs=logs, line_formats={"cart-api.log": r"<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : \[<RequestId>\] <Content>"},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"OOM command not allowed when used memory", r"cache outfit embeddings per customer in Redis", r"DatabaseMemoryUsagePercentage"],
            fix_files=[],
            explanation="""
No commit in this repository caused it. Another team's recs-api, rolled out
at 10:05, cached outfit embeddings in the shared Redis without a TTL. The
cluster (maxmemory-policy volatile-lru) filled up at about 10:48 and
evicted keys that have a TTL, cart-api's carts among them, so carts
emptied; a few minutes later it could not free enough memory and refused
writes ("OOM command not allowed when used memory > 'maxmemory'"). It ended
when recs-api was rolled back and its keys deleted. Decoys: the guest-cart
TTL change (7 days to 3, which only frees memory) and the puma bump the
09:24 rollout names, the cart-merge change and its test, and routine
chores.
""",
        )
    finally:
        repo.close()
