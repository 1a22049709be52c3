"""storefront (Rails 7.1 on Puma, three pods behind ingress-nginx, deployed by
Argo CD with the Argo CD Image Updater; team in Lisbon, Porto and São Paulo):
Linho & Lã's web shop. Every product page keeps a "recently viewed" list in
a cookie that the page's carousel renders.

On Thursday 8 October a commit moves what the carousel renders (name, slug,
price, image path) into the cookie, encrypted, capped at 20 items, to save a
products query per page view. Rails encrypts and base64-encodes the cookie,
so each item costs about 280 bytes of Set-Cookie. ingress-nginx reads an
upstream's response headers into proxy-buffer-size (4 KiB by default); with
the session cookie, the CSP and the Link preload header already taking about
1.4 KiB, a shopper's product page stops fitting once the list holds eight
or nine products. nginx drops the response ("upstream sent too big header
while reading response header from upstream") and answers 502, while Rails
logs a 200. The Set-Cookie never reaches the browser, so the list stays just
under the limit and the next new product page fails again. The release goes
out at 10:31 UTC (Argo names a later lograge commit); the first shopper
reaches the limit at 10:37 and the 502s go on as more sessions do.

Decoys: an ingress annotation change (proxy-read-timeout 60 -> 30 s, retries
on error and timeout) synced 31 minutes before the onset and reverted by the
on-call with no effect; the lograge commit the release names (it changes the
app's log lines at the deploy); specs for the carousel; a Rails patch bump; a
delivery-estimate change to the products controller the day before; a docs
page about the cookies the shop sets; chores. Rails log (lograge key=value in
Ruby's Logger format), ingress-nginx access log (upstreaminfo) and controller
log (klog and nginx error lines), Argo CD (logfmt), a 5xx metric."""

import datetime as dt
import json
import math
import random
import uuid

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import klog
from skeletons import chores, k8s_service, readme, runbook

SERVICE = "storefront"
HOST = "www.linhoela.pt"
START, END = utc("2026-10-08 09:30:00"), utc("2026-10-08 11:32:00")
INGRESS_SYNC = utc("2026-10-08 10:06:40")
RELEASE = utc("2026-10-08 10:31:20")
REVERT_SYNC = utc("2026-10-08 11:08:30")
BUFFER = 4096

CONCERN_OLD = """# Keeps the ids of the last products a shopper looked at, newest first, for
# the "Vistos recentemente" carousel on product and cart pages.
module RecentlyViewed
  extend ActiveSupport::Concern

  COOKIE = :recently_viewed
  LIMIT = 20

  included do
    helper_method :recently_viewed_products
  end

  def remember_recently_viewed(product)
    ids = recently_viewed_ids
    ids.delete(product.id)
    ids.unshift(product.id)
    cookies[COOKIE] = { value: ids.first(LIMIT).join(","), expires: 30.days, httponly: true }
  end

  def recently_viewed_products
    ids = recently_viewed_ids
    Product.visible.where(id: ids).index_by(&:id).values_at(*ids).compact
  end

  private

  def recently_viewed_ids
    cookies[COOKIE].to_s.split(",").map(&:to_i).reject(&:zero?)
  end
end
"""

CONCERN_NEW = """# Keeps the last products a shopper looked at, newest first, for the
# "Vistos recentemente" carousel on product and cart pages. The cookie holds
# what the carousel renders, so the page needs no products query for it.
module RecentlyViewed
  extend ActiveSupport::Concern

  COOKIE = :recently_viewed
  LIMIT = 20

  included do
    helper_method :recently_viewed_products
  end

  def remember_recently_viewed(product)
    items = recently_viewed_products.reject { |item| item["id"] == product.id }
    items.unshift(
      "id" => product.id,
      "slug" => product.slug,
      "name" => product.name,
      "price" => helpers.number_to_currency(product.price, unit: "€", format: "%n %u"),
      "image" => product.card_image_path
    )
    cookies.encrypted[COOKIE] = { value: items.first(LIMIT).to_json, expires: 30.days, httponly: true }
  end

  def recently_viewed_products
    @recently_viewed_products ||= JSON.parse(cookies.encrypted[COOKIE] || "[]")
  rescue JSON::ParserError
    @recently_viewed_products = []
  end
end
"""

PRODUCTS_CONTROLLER = """class ProductsController < ApplicationController
  include RecentlyViewed

  def show
    @product = Product.visible.includes(:variants, :images).find_by!(slug: params[:slug])
    remember_recently_viewed(@product)
    fresh_when @product, public: false
  end
end
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
    nginx.ingress.kubernetes.io/proxy-body-size: "8m"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "60"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [www.linhoela.pt]
      secretName: storefront-tls
  rules:
    - host: www.linhoela.pt
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port:
                  number: 80
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
spec:
  replicas: 3
  selector:
    matchLabels:
      app: storefront
  template:
    metadata:
      labels:
        app: storefront
    spec:
      containers:
        - name: storefront
          image: ghcr.io/linhoela/storefront:latest
          ports:
            - containerPort: 3000
          env:
            - name: RAILS_ENV
              value: production
            - name: WEB_CONCURRENCY
              value: "2"
            - name: RAILS_MAX_THREADS
              value: "5"
          readinessProbe:
            httpGet:
              path: /up
              port: 3000
          resources:
            requests:
              cpu: 500m
              memory: 768Mi
            limits:
              memory: 768Mi
"""

LOGRAGE_OLD = """Rails.application.configure do
  config.lograge.enabled = true
  config.lograge.ignore_actions = ["Rails::HealthController#show"]
end
"""

LOGRAGE_NEW = """Rails.application.configure do
  config.lograge.enabled = true
  config.lograge.ignore_actions = ["Rails::HealthController#show"]
  config.lograge.custom_options = lambda do |event|
    { request_id: event.payload[:request_id], ua: event.payload[:ua_family] }
  end
end
"""


def repo_files():
    return {
        "Gemfile": 'source "https://rubygems.org"\n\nruby "3.3.5"\n\ngem "rails", "~> 7.1.3"\ngem "puma", "~> 6.4"\ngem "pg", "~> 1.5"\ngem "lograge", "~> 0.14"\ngem "image_processing", "~> 1.12"\n\ngroup :test do\n  gem "rspec-rails", "~> 6.1"\n  gem "capybara", "~> 3.40"\nend\n',
        "Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    lograge (0.14.0)\n    pg (1.5.8)\n    puma (6.4.3)\n    rails (7.1.3.4)\n    rspec-rails (6.1.4)\n\nPLATFORMS\n  x86_64-linux\n\nRUBY VERSION\n   ruby 3.3.5p100\n\nBUNDLED WITH\n   2.5.16\n",
        "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\n  before_action :set_locale\n\n  private\n\n  def set_locale\n    I18n.locale = :pt\n  end\nend\n",
        "app/controllers/concerns/recently_viewed.rb": CONCERN_OLD,
        "app/controllers/products_controller.rb": PRODUCTS_CONTROLLER,
        "app/controllers/categories_controller.rb": "class CategoriesController < ApplicationController\n  def show\n    @category = Category.find_by!(slug: params[:slug])\n    @products = @category.products.visible.page(params[:page]).per(24)\n  end\nend\n",
        "app/views/shared/_recently_viewed.html.erb": '<% ids = recently_viewed_products %>\n<% if ids.any? %>\n  <section class="recently-viewed">\n    <h2><%= t(".title") %></h2>\n    <%= render partial: "products/card", collection: ids, as: :product %>\n  </section>\n<% end %>\n',
        "config/initializers/lograge.rb": LOGRAGE_OLD,
        "config/initializers/content_security_policy.rb": 'Rails.application.configure do\n  config.content_security_policy do |policy|\n    policy.default_src :self\n    policy.img_src     :self, "https://cdn.linhoela.pt", :data\n    policy.script_src  :self, "https://js.stripe.com", "https://www.googletagmanager.com"\n    policy.frame_src   "https://js.stripe.com"\n    policy.connect_src :self, "https://api.stripe.com", "https://region1.google-analytics.com"\n  end\nend\n',
        "config/puma.rb": 'workers ENV.fetch("WEB_CONCURRENCY", 2)\nthreads_count = ENV.fetch("RAILS_MAX_THREADS", 5)\nthreads threads_count, threads_count\nport ENV.fetch("PORT", 3000)\npreload_app!\n',
        "k8s/deployment.yaml": DEPLOYMENT,
        "k8s/service.yaml": k8s_service(SERVICE, 3000),
        "k8s/ingress.yaml": INGRESS,
        "k8s/kustomization.yaml": "resources:\n  - deployment.yaml\n  - service.yaml\n  - ingress.yaml\nimages:\n  - name: ghcr.io/linhoela/storefront\n    newTag: latest\n",
        "Dockerfile": 'FROM ruby:3.3.5-slim\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --without development test\nCOPY . .\nRUN bin/rails assets:precompile\nCMD ["bin/rails", "server", "-b", "0.0.0.0"]\n',
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n      - run: bin/rspec\n  image:\n    needs: test\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - run: docker build -t ghcr.io/linhoela/storefront:${{ github.sha }} . && docker push ghcr.io/linhoela/storefront:${{ github.sha }}\n",
        "README.md": readme(SERVICE, "Linho & Lã's web shop: catalogue, product pages, cart and checkout.", "bin/setup\nbin/rspec\nbin/rails server").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Merges to `main` are built by CI; the Argo CD Image Updater rolls the new image out to `prod-eu-1`.\nChanges under `k8s/` are synced by Argo CD directly."),
    }


def build_repo():
    ana = Person("Ana Ferreira", "ana.ferreira@linhoela.pt", 60)
    joao = Person("João Carvalho", "joao.carvalho@linhoela.pt", 60)
    bia = Person("Beatriz Souza", "beatriz.souza@linhoela.pt", -180)
    rui = Person("Rui Matos", "rui.matos@linhoela.pt", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("Storefront5xx", "More than 1 % of page views answer 5xx: compare the ingress access log with the Rails log for the same request id; a 502 with no Rails error is the ingress refusing or losing the response."),
        ("CheckoutErrors", "Stripe errors: see the Stripe dashboard before anything else."),
    ])
    repo.commit(utc("2026-10-02 08:20:00"), ana, "storefront: import", files)
    repo.schedule(chores(random.Random(16101), SERVICE, [ana, joao, bia], utc("2026-10-02 08:20:00"), utc("2026-10-07 12:00:00"), 3))
    repo.commit(utc("2026-10-05 15:05:00"), bia, "docs: the cookies the shop sets", {
        "docs/cookies.md": "# Cookies\n\n| name | what | lifetime |\n|---|---|---|\n| `_storefront_session` | session (encrypted): cart id, locale | browser session |\n| `recently_viewed` | ids of the last 20 products viewed | 30 days |\n| `consent` | the cookie banner's answer | 1 year |\n\nThe consent banner lists these; keep it in sync when adding one.\n",
    })
    previous = repo.commit(utc("2026-10-07 13:40:00"), joao, "products: show the delivery estimate on the product page", {
        "app/controllers/products_controller.rb": repo.edit("app/controllers/products_controller.rb",
            "    remember_recently_viewed(@product)\n",
            "    @delivery = DeliveryEstimate.for(@product, postcode: session[:postcode])\n    remember_recently_viewed(@product)\n"),
    })
    repo.commit(utc("2026-10-08 05:12:00"), bot, "Bump rails from 7.1.3.4 to 7.1.4", {
        "Gemfile.lock": repo.edit("Gemfile.lock", "    rails (7.1.3.4)\n", "    rails (7.1.4)\n"),
    })
    culprit = repo.commit(utc("2026-10-08 08:52:00"), ana, "recently viewed: keep what the carousel renders in the cookie\n\nThe carousel ran a products query on every product and cart page (about\n6 % of database time on PDPs). Keep id, slug, name, price and the card\nimage path in the cookie, encrypted so nobody edits prices in it, and\nrender from there.", {
        "app/controllers/concerns/recently_viewed.rb": CONCERN_NEW,
        "app/views/shared/_recently_viewed.html.erb": '<% items = recently_viewed_products %>\n<% if items.any? %>\n  <section class="recently-viewed">\n    <h2><%= t(".title") %></h2>\n    <% items.each do |item| %>\n      <%= link_to product_path(item["slug"]), class: "card" do %>\n        <%= image_tag item["image"], alt: item["name"], loading: "lazy" %>\n        <span class="card-name"><%= item["name"] %></span>\n        <span class="card-price"><%= item["price"] %></span>\n      <% end %>\n    <% end %>\n  </section>\n<% end %>\n',
    })
    repo.commit(utc("2026-10-08 09:40:00"), joao, "specs: recently viewed carousel", {
        "spec/requests/recently_viewed_spec.rb": 'require "rails_helper"\n\nRSpec.describe "recently viewed", type: :request do\n  it "lists the last products viewed, newest first" do\n    a, b = create_list(:product, 2)\n    get product_path(a.slug)\n    get product_path(b.slug)\n    expect(response.body).to include(b.name)\n  end\n\n  it "keeps at most 20" do\n    create_list(:product, 25).each { |p| get product_path(p.slug) }\n    expect(JSON.parse(cookies_jar.encrypted[:recently_viewed]).size).to eq(20)\n  end\nend\n',
    })
    ingress = repo.commit(utc("2026-10-08 10:02:00"), rui, "ingress: 30 s read timeout, retry the next pod on error or timeout\n\nA pod stuck in a long GC kept requests for the full 60 s last week; fail\nover to another pod instead.", {
        "k8s/ingress.yaml": repo.edit("k8s/ingress.yaml", '    nginx.ingress.kubernetes.io/proxy-read-timeout: "60"\n',
                                      '    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"\n    nginx.ingress.kubernetes.io/proxy-next-upstream: "error timeout"\n    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "2"\n'),
    })
    head = repo.commit(utc("2026-10-08 10:09:00"), bia, "lograge: log the request id and the browser family", {
        "config/initializers/lograge.rb": LOGRAGE_NEW,
    })
    revert = repo.commit(utc("2026-10-08 11:06:00"), rui, f'Revert "ingress: 30 s read timeout, retry the next pod on error or timeout"\n\nThis reverts commit {ingress}.\n502s on product pages since 10:38; ruling the ingress change out.', {
        "k8s/ingress.yaml": INGRESS,
    })
    repo.commit(utc("2026-10-08 11:58:00"), ana, "recently viewed: back to ids in a plain cookie\n\nThe items made the Set-Cookie header grow by ~280 bytes per product;\npast eight or nine products the response headers no longer fit\ningress-nginx's 4 KiB proxy buffer and shoppers got 502s.", {
        "app/controllers/concerns/recently_viewed.rb": CONCERN_OLD,
    })
    return repo, culprit, ingress, head, revert, previous


# ---------------------------------------------------------------------------
# the shop

NAMES = [
    ("Camisa de linho", ["oversize", "de manga curta", "com gola mandarim", "relaxed fit", "às riscas"], ["azul-índigo lavado", "cru natural", "verde-salva", "terracota", "branco"]),
    ("Calças de linho", ["de cintura elástica", "wide leg", "com pregas", "cropped"], ["areia", "preto", "oliva", "cru natural"]),
    ("Vestido midi", ["de linho lavado", "com alças cruzadas", "de algodão orgânico"], ["ferrugem", "azul-noite", "mostarda", "branco"]),
    ("Camisola de lã merino", ["de gola alta", "canelada", "com decote em V"], ["cinza mescla", "camel", "verde-garrafa"]),
    ("Casaco de lã", ["de corte reto", "oversize com cinto", "curto"], ["antracite", "castanho", "cru natural"]),
    ("Lenço de linho", ["com franjas", "tingido à mão"], ["azul-índigo lavado", "terracota", "cinza"]),
    ("Sobrecamisa de algodão orgânico", ["em sarja", "acolchoada"], ["azul-índigo lavado", "oliva", "preto"]),
]
CATEGORIES = ["camisas", "calcas", "vestidos", "malhas", "casacos", "acessorios", "novidades", "saldos"]
SEARCHES = ["linho", "vestido+branco", "camisola+merino", "calcas+largas", "casaco+la", "lenco"]
UAS = [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1", "mobile_safari"),
    ("Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36", "chrome_mobile"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36", "chrome"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", "safari"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0", "firefox"),
]


def slugify(text):
    table = str.maketrans("áàâãéêíóôõúçÁÉÍÓÚ", "aaaaeeiooouçAEIOU")
    out = text.lower().translate(table).replace("ç", "c")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in out).split())


def catalogue(rng):
    products = []
    for base, cuts, colours in NAMES:
        for cut in cuts:
            for colour in colours:
                name = f"{base} {cut} {colour}"
                pid = rng.randint(41000, 49999)
                price = rng.choice([29.9, 39.9, 49.9, 59.9, 69.9, 89.9, 119.0, 149.0])
                products.append({"id": pid, "slug": f"{slugify(name)}-{pid}", "name": name,
                                 "price": f"{price:.2f}".replace(".", ",") + " €",
                                 "image": f"/p/{pid}/{hexid(rng, 8)}-360x480.webp"})
    return products


def cookie_bytes(items):
    """The Set-Cookie header Rails 7.1 writes for cookies.encrypted[:recently_viewed]:
    the JSON wrapped in the message envelope, AES-GCM, base64 of ciphertext, iv and
    tag joined by '--', then URL-escaped."""
    if not items:
        return 0
    data = json.dumps(json.dumps(items, ensure_ascii=False, separators=(",", ":")), ensure_ascii=False)
    envelope = len(('{"_rails":{"data":' + data + ',"exp":"2026-11-07T10:45:12.123Z","pur":"cookie.recently_viewed"}}').encode())
    b64 = 4 * math.ceil(envelope / 3) + 2 + 16 + 2 + 24
    escaped = int(b64 * 1.06)
    return len("Set-Cookie: recently_viewed=") + escaped + len("; path=/; expires=Sat, 07 Nov 2026 10:45:12 GMT; secure; httponly; samesite=lax\r\n")


def build_logs(rng, culprit, ingress_sha, head, revert, previous):
    rails = Log("storefront.log")
    access = Log("ingress-nginx-access.log")
    controller = Log("ingress-nginx-controller.log")
    argo = Log("argocd.log")
    products = catalogue(rng)
    by_cat = {}
    for i, p in enumerate(products):
        by_cat.setdefault(CATEGORIES[i % 6], []).append(p)

    old_pods = [(f"storefront-6d9f7c8b94-{hexid(rng, 5)}", f"10.42.{rng.randint(1, 9)}.{rng.randint(10, 250)}") for _ in range(3)]
    new_pods = [(f"storefront-58c4b9f6d7-{hexid(rng, 5)}", f"10.42.{rng.randint(1, 9)}.{rng.randint(10, 250)}") for _ in range(3)]
    pids = {pod: rng.choice([7, 8, 9]) for pod, _ in old_pods + new_pods}

    def pod_for(t):
        if t < RELEASE + dt.timedelta(seconds=25):
            return rng.choice(old_pods)
        if t < RELEASE + dt.timedelta(seconds=70):
            return rng.choice(old_pods[1:] + new_pods[:2])
        return rng.choice(new_pods)

    def new_code(t):
        return t >= RELEASE + dt.timedelta(seconds=25)

    def stamp_rails(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}"

    def rails_line(t, pod, ctrl, action, path, status, dur, view, db, method="GET", rid=None, ua=None, fmt="html", location=None):
        text = f"method={method} path={path} format={fmt} controller={ctrl} action={action} status={status}"
        if location:
            text += f" location={location}"
        text += f" allocations={rng.randint(9000, 60000)} duration={dur:.2f} view={view:.2f} db={db:.2f}"
        if new_code(t):
            text += f" request_id={rid} ua={ua}"
        rails.add(t, f"I, [{stamp_rails(t)} #{pids[pod[0]]}]  INFO -- : {text}")

    conn_rng = random.Random(16102)

    def conn_id(t):
        return 211000 + int((t - START).total_seconds() * 3.4) + conn_rng.randint(0, 60)
    nginx_pid = rng.choice([31, 32, 33, 34])
    errors_5xx = []
    served = []

    def access_line(t, client, method, path, status, size, rt, ua, upstream, up_len, up_rt, up_status, rid, referer, req_len):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        access.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "{referer}" "{ua}" {req_len} {rt:.3f} '
                      f'[storefront-storefront-80] [] {upstream}:3000 {up_len} {up_rt:.3f} {up_status} {rid}')
        served.append((t, status))

    def request(t, sess, method, path, kind, product=None, category=None):
        pod = pod_for(t)
        rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        referer = sess["referer"]
        req_len = 420 + len(path) + sess["cookie_len"] // 1 + rng.randint(0, 60)
        header = 1290 + rng.randint(0, 140) + (180 if sess["cart"] else 0) + len(path) // 2
        if kind == "product":
            dur = rng.lognormvariate(math.log(85), 0.35)
            view = dur * rng.uniform(0.55, 0.75)
            db = dur * rng.uniform(0.08, 0.16)
            if not new_code(t):
                db += rng.uniform(3.0, 7.0)
            set_cookie = 0
            items = sess["items"]
            if new_code(t):
                if not sess["new_format"]:
                    items = []
                entry = {"id": product["id"], "slug": product["slug"], "name": product["name"], "price": product["price"], "image": product["image"]}
                items = [entry] + [i for i in items if i["id"] != product["id"]]
                items = items[:20]
                set_cookie = cookie_bytes(items)
            else:
                set_cookie = 110 + 6 * min(20, len(sess["ids"]) + 1)
            header += set_cookie
            rails_line(t, pod, "ProductsController", "show", path, 200, dur, view, db, rid=rid, ua=sess["family"])
            e = t + dt.timedelta(milliseconds=dur + rng.uniform(1.5, 4.0))
            if header > BUFFER:
                stamp = e.strftime("%Y/%m/%d %H:%M:%S")
                controller.add(e, f'{stamp} [error] {nginx_pid}#{nginx_pid}: *{conn_id(e)} upstream sent too big header while reading response header from upstream, '
                                  f'client: {sess["ip"]}, server: {HOST}, request: "{method} {path} HTTP/2.0", upstream: "http://{pod[1]}:3000{path}", host: "{HOST}", referrer: "https://{HOST}{referer}"')
                access_line(e, sess["ip"], method, path, 502, 150, (e - t).total_seconds(), sess["ua"], pod[1], 0, (e - t).total_seconds(), 502, rid, f"https://{HOST}{referer}", req_len)
                errors_5xx.append(e)
                sess["failed"] += 1
                return False
            if new_code(t):
                sess["items"] = items
                sess["new_format"] = True
                sess["cookie_len"] = set_cookie - 100
            else:
                sess["ids"] = [product["id"]] + [i for i in sess["ids"] if i != product["id"]]
                sess["cookie_len"] = 16 + 6 * len(sess["ids"])
            size = rng.randint(38000, 52000)
        else:
            ctrl, action, base = {
                "category": ("CategoriesController", "show", 140),
                "home": ("HomeController", "index", 70),
                "search": ("SearchController", "index", 190),
                "cart": ("CartsController", "show", 95),
                "add": ("CartItemsController", "create", 45),
                "checkout": ("CheckoutsController", "show", 160),
            }[kind]
            dur = rng.lognormvariate(math.log(base), 0.4)
            view = 0.0 if kind == "add" else dur * rng.uniform(0.5, 0.7)
            db = dur * rng.uniform(0.1, 0.3)
            status = 302 if kind == "add" else 200
            rails_line(t, pod, ctrl, action, path, status, dur, view, db, method=method, rid=rid, ua=sess["family"],
                       location=f"https://{HOST}/carrinho" if kind == "add" else None)
            e = t + dt.timedelta(milliseconds=dur + rng.uniform(1.5, 4.0))
            size = 0 if kind == "add" else rng.randint(24000, 61000)
            if kind == "add":
                sess["cart"] = True
            if kind == "category" and rng.random() < 0.03:
                stamp = e.strftime("%Y/%m/%d %H:%M:%S")
                controller.add(e, f'{stamp} [warn] {nginx_pid}#{nginx_pid}: *{conn_id(e)} an upstream response is buffered to a temporary file /tmp/nginx/proxy-temp/{rng.randint(1, 9)}/{rng.randint(10, 99)}/00000{rng.randint(10000, 99999)} while reading upstream, '
                                  f'client: {sess["ip"]}, server: {HOST}, request: "{method} {path} HTTP/2.0", upstream: "http://{pod[1]}:3000{path}", host: "{HOST}"')
        access_line(e, sess["ip"], method, path, 302 if kind == "add" else 200, size, (e - t).total_seconds(), sess["ua"], pod[1], size,
                    (e - t).total_seconds() - 0.001, 302 if kind == "add" else 200, rid, f"https://{HOST}{referer}", req_len)
        sess["referer"] = path
        return True

    # --- shopper sessions -------------------------------------------------------------------------
    def arrivals_per_minute(t):
        local_hour = (t.hour + 1) + t.minute / 60
        return 2.2 + 0.9 * (local_hour - 10.5)

    t = START - dt.timedelta(minutes=40)
    starts = []
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        cur = t
        while True:
            cur = cur + dt.timedelta(seconds=rng.expovariate(max(0.5, arrivals_per_minute(t)) / 60.0))
            if cur >= nxt:
                break
            starts.append(cur)
        t = nxt

    for s0 in starts:
        ua, family = rng.choice(UAS)
        sess = {"ip": f"{rng.choice(['85.240', '94.63', '188.81', '2.80', '89.152', '148.63', '213.22'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                "ua": ua, "family": family, "referer": rng.choice(["/", "/c/novidades", "/c/saldos"]), "items": [], "ids": [rng.randint(41000, 49999) for _ in range(rng.randint(0, 6))],
                "new_format": False, "cart": False, "cookie_len": 60, "failed": 0}
        pages = max(1, int(rng.lognormvariate(math.log(9), 0.75)))
        cat = rng.choice(CATEGORIES[:6])
        t = s0
        for n in range(pages):
            if t >= END:
                break
            if t >= START:
                roll = rng.random()
                if n == 0:
                    kind = rng.choice(["home", "category", "product", "product"])
                elif roll < 0.62:
                    kind = "product"
                elif roll < 0.84:
                    kind = "category"
                elif roll < 0.9:
                    kind = "search"
                elif roll < 0.96:
                    kind = "add"
                else:
                    kind = "cart"
                if kind == "product":
                    product = rng.choice(by_cat[cat]) if rng.random() < 0.8 else rng.choice(products)
                    ok = request(t, sess, "GET", f"/p/{product['slug']}", "product", product=product)
                    if not ok:
                        if rng.random() < 0.45:
                            t2 = t + dt.timedelta(seconds=rng.uniform(2, 8))
                            request(t2, sess, "GET", f"/p/{product['slug']}", "product", product=product)
                        if rng.random() < 0.35:
                            break
                elif kind == "category":
                    if rng.random() < 0.3:
                        cat = rng.choice(CATEGORIES[:6])
                    request(t, sess, "GET", f"/c/{cat}" + (f"?page={rng.randint(2, 4)}" if rng.random() < 0.25 else ""), "category")
                elif kind == "search":
                    request(t, sess, "GET", f"/pesquisa?q={rng.choice(SEARCHES)}", "search")
                elif kind == "home":
                    request(t, sess, "GET", "/", "home")
                elif kind == "add":
                    request(t, sess, "POST", "/carrinho/itens", "add")
                else:
                    request(t, sess, "GET", "/carrinho", "cart")
                    if sess["cart"] and rng.random() < 0.4:
                        request(t + dt.timedelta(seconds=rng.uniform(20, 90)), sess, "GET", "/checkout", "checkout")
            t = t + dt.timedelta(seconds=rng.lognormvariate(math.log(32), 0.6))

    # --- Argo CD and the image updater ---------------------------------------------------------------
    def argo_line(t, level, msg, **fields):
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        tail = "".join(f" {k}={json.dumps(v) if ' ' in str(v) else v}" for k, v in fields.items())
        argo.add(t, f'time="{ts}" level={level} msg="{msg}"{tail}')

    revision = [None]
    t = START + dt.timedelta(seconds=rng.randint(5, 170))
    while t < END:
        argo_line(t, "info", "Reconciliation completed", application="argocd/storefront", dest_namespace="storefront", dedup_ms=0, fields_level=1, time_ms=rng.randint(60, 190))
        t += dt.timedelta(seconds=180 + rng.randint(-20, 20))

    def sync(t, sha, what):
        argo_line(t, "info", f"Initiated automated sync to '{sha}'", application="argocd/storefront", dest_namespace="storefront")
        for i, (res, res_status) in enumerate(what):
            tt = t + dt.timedelta(seconds=1 + i)
            argo_line(tt, "info", f"Adding resource result, status: 'Synced', phase: 'Running', message: '{res} {res_status}'", application="argocd/storefront", kind=res.split("/")[0].split(".")[0].capitalize(), name=SERVICE, namespace="storefront", phase="Sync", syncId=f"{rng.randint(10000, 99999):05d}-{hexid(rng, 5)}")
        tt = t + dt.timedelta(seconds=len(what) + 2)
        argo_line(tt, "info", "sync/terminate complete", application="argocd/storefront", duration=f"{rng.uniform(2, 4):.3f}s")
        argo_line(tt + dt.timedelta(seconds=1), "info", "Updated sync status: OutOfSync -> Synced", application="argocd/storefront", dest_namespace="storefront")

    sync(INGRESS_SYNC, ingress_sha, [("deployment.apps/storefront", "unchanged"), ("service/storefront", "unchanged"), ("ingress.networking.k8s.io/storefront", "configured")])
    t = RELEASE - dt.timedelta(seconds=50)
    argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Setting new image to ghcr.io/linhoela/storefront:{head}" alias=storefront application=storefront image_name=linhoela/storefront image_tag={previous} registry=ghcr.io')
    argo.add(t + dt.timedelta(seconds=1), f'time="{(t + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Successfully updated image \'ghcr.io/linhoela/storefront:{previous}\' to \'ghcr.io/linhoela/storefront:{head}\', but pending spec update (dry run=false)" alias=storefront application=storefront image_name=linhoela/storefront image_tag={previous} registry=ghcr.io')
    argo.add(t + dt.timedelta(seconds=2), f'time="{(t + dt.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="Committing 1 parameter update(s) for application storefront" application=storefront')
    sync(RELEASE - dt.timedelta(seconds=30), head, [("deployment.apps/storefront", "configured"), ("service/storefront", "unchanged"), ("ingress.networking.k8s.io/storefront", "unchanged")])
    sync(REVERT_SYNC, revert, [("deployment.apps/storefront", "unchanged"), ("service/storefront", "unchanged"), ("ingress.networking.k8s.io/storefront", "configured")])

    # --- rails boot lines on the new pods -------------------------------------------------------------
    for i, (pod, _) in enumerate(new_pods):
        tb = RELEASE - dt.timedelta(seconds=12) + dt.timedelta(seconds=22 * i)
        pid = pids[pod]
        for k, text in enumerate(["Puma starting in cluster mode...", "* Puma version: 6.4.3 (ruby 3.3.5-p100) (\"The Eagle of Durango\")", "*  Min threads: 5", "*  Max threads: 5",
                                  "*  Environment: production", "*   Master PID: 1", "*      Workers: 2", "*     Restarts: (✔) hot (✖) phased", "* Preloading application",
                                  f"storefront booted release={head[:12]} rails=7.1.4", "* Listening on http://0.0.0.0:3000", "Use Ctrl-C to stop"]):
            tk = tb + dt.timedelta(milliseconds=300 * k)
            if text.startswith("storefront booted"):
                rails.add(tk, f"I, [{stamp_rails(tk)} #1]  INFO -- : {text}")
            else:
                rails.add(tk, f"[1] {text}")
        for w in range(2):
            tk = tb + dt.timedelta(seconds=4, milliseconds=200 * w)
            rails.add(tk, f"[1] - Worker {w} (PID: {pid + w}) booted in 0.0{rng.randint(2, 9)}s, phase: 0")

    # --- ingress-nginx controller: reloads ---------------------------------------------------------------
    for when in (INGRESS_SYNC + dt.timedelta(seconds=3), REVERT_SYNC + dt.timedelta(seconds=3)):
        controller.add(when, klog(when, "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"storefront", Name:"storefront", UID:"' + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + '", APIVersion:"networking.k8s.io/v1", ResourceVersion:"' + str(rng.randint(80000000, 89999999)) + '", FieldPath:""}): type: \'Normal\' reason: \'Sync\' Scheduled for sync'))
        controller.add(when + dt.timedelta(milliseconds=40), klog(when + dt.timedelta(milliseconds=40), "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"'))
        controller.add(when + dt.timedelta(milliseconds=900), klog(when + dt.timedelta(milliseconds=900), "I", 7, "controller.go:213", '"Backend successfully reloaded"'))
        controller.add(when + dt.timedelta(milliseconds=905), klog(when + dt.timedelta(milliseconds=905), "I", 7, "event.go:377", 'Event(v1.ObjectReference{Kind:"Pod", Namespace:"ingress-nginx", Name:"ingress-nginx-controller-7b6d5c9f8-' + hexid(rng, 5) + '", UID:"' + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + '", APIVersion:"v1", ResourceVersion:"' + str(rng.randint(80000000, 89999999)) + '", FieldPath:""}): type: \'Normal\' reason: \'RELOAD\' NGINX reload triggered due to a change in configuration'))
    for when in (RELEASE + dt.timedelta(seconds=8), RELEASE + dt.timedelta(seconds=31), RELEASE + dt.timedelta(seconds=53)):
        controller.add(when, klog(when, "I", 7, "controller.go:210", '"Dynamic reconfiguration succeeded"'))
    return [rails, access, controller, argo], errors_5xx, served


def build(out_dir):
    rng = random.Random(16100)
    repo, culprit, ingress, head, revert, previous = build_repo()
    try:
        logs, errors_5xx, served = build_logs(rng, culprit, ingress, head, revert, previous)
        onset = min(errors_5xx).replace(microsecond=0)

        def rate(status_class):
            def fn(t):
                lo = t - dt.timedelta(seconds=60)
                n = sum(1 for when, status in served if lo <= when < t and str(status)[0] == status_class)
                return round(n / 60.0, 4)
            return fn

        metrics = {
            "nginx_ingress_controller_requests.json": query_range(
                [({"ingress": "storefront", "namespace": "storefront", "status": "2xx"}, rate("2")),
                 ({"ingress": "storefront", "namespace": "storefront", "status": "3xx"}, rate("3")),
                 ({"ingress": "storefront", "namespace": "storefront", "status": "5xx"}, rate("5"))],
                START + dt.timedelta(minutes=1), END, 30),
        }
        return write_scenario(
            out_dir, name="recently-viewed-cookie-header", service=SERVICE, onset=onset, metrics=metrics,
            description=f"""
Product pages answer 502 for some shoppers. From {onset.strftime('%H:%M')} UTC the ingress returns 502
on a growing share of product page views; the same shoppers keep getting
502 on new product pages while category pages, search and the cart work.
The Rails log shows those requests completing with 200. Argo CD synced an
ingress annotation change at 10:06 and rolled out a new image at 10:31 (the
image updater names a lograge commit); the on-call reverted the ingress
change at 11:08 without effect.
""",
            logs=logs, repo=repo, culprit=culprit,
            line_formats={"storefront.log": r"<Sev>, \[<Time> #<Pid>\]\s+<Level> -- : <Content>"},
            root_cause=[r"upstream sent too big header while reading response header from upstream"],
            fix_files=["app/controllers/concerns/recently_viewed.rb"],
            explanation="""
The culprit is "recently viewed: keep what the carousel renders in the
cookie" (app/controllers/concerns/recently_viewed.rb), committed at 08:52
and shipped in the 10:31 release, whose image the updater tags with the
later lograge commit. The recently_viewed cookie now carries id, slug,
name, price and image path per product, encrypted and base64-encoded by
Rails: about 280 bytes of Set-Cookie per product, up to 20. ingress-nginx
reads the upstream's response headers into proxy-buffer-size (4 KiB); once
a shopper's list holds eight or nine products, the product page's headers no
longer fit and nginx logs "upstream sent too big header while reading
response header from upstream" and answers 502, while Rails logged a 200.
The Set-Cookie is lost with the response, so the list stays at the limit
and each new product page fails again; the first shopper to view that
many products after the release gets there six minutes after it. The fix goes
back to a plain cookie of ids.

Decoys: the ingress annotation change (read timeout 60 -> 30 s, retry on
error and timeout) synced at 10:06, 31 minutes before the onset, and reverted
at 11:08 with no effect; the lograge commit the release names (the Rails
lines gain request_id and ua at the deploy); the carousel specs; the Rails
7.1.4 bump; the delivery-estimate change to ProductsController the day
before; the docs page listing the shop's cookies; nginx's routine
"upstream response is buffered to a temporary file" warnings on category
pages; chores; the fix after.
""",
        )
    finally:
        repo.close()
