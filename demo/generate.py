#!/usr/bin/env python3
"""Generates the embedded demo incident (deterministic: fixed seed).

Story, 2024-11-01 UTC, a small online shop:
  03:00:00  baseline traffic through edge-nginx -> checkout-api -> payments, postgres
  03:02:10  deploy-bot rolls out checkout-api v7.4.9; its config change shrinks
            DB_POOL_SIZE from 50 to 5
  03:04:30  onset: "db pool exhausted" (a new template), upstream timeouts at nginx,
            a 5xx burst, payments retries, postgres connection counts drop
  03:20:00  end of the recording (the incident is still open)

Run: python3 demo/generate.py   (rewrites demo/logs/*, demo/metrics.json, demo/deploys.json)
"""
import json, os, random

random.seed(20241101)
HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1730430000  # 2024-11-01T03:00:00Z
DEPLOY = T0 + 130
ONSET = T0 + 270
END = T0 + 1200

def iso(t, ms):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % ms

def nginx_time(t):
    import time
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(t))

def pg_time(t, ms):
    import time
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)) + ".%03d UTC" % ms

paths = ["/api/cart", "/api/checkout", "/api/products", "/api/products/%d", "/static/app.%s.js", "/api/session", "/healthz"]
ips = ["10.0.%d.%d" % (random.randint(0, 9), random.randint(2, 250)) for _ in range(60)]
users = ["u-%05d" % random.randint(0, 99999) for _ in range(300)]

nginx, checkout, payments, postgres, deploybot = [], [], [], [], []

def in_incident(t):
    return t >= ONSET

for t in range(T0, END):
    # request rate ~ 6/s sampled down to keep the file small
    n = 11 + random.randint(-1, 2)
    for i in range(n):
        ms = random.randint(0, 999)
        path = random.choice(paths)
        if "%d" in path:
            path = path % random.randint(1, 5000)
        if "%s" in path:
            path = path % random.choice(["3f9a1c", "77be02"])
        is_checkout = path.startswith("/api/checkout") or path.startswith("/api/cart")
        status = 200
        rt = random.uniform(0.005, 0.120)
        if in_incident(t) and is_checkout and random.random() < 0.55:
            status = random.choice([502, 504, 504, 500])
            rt = random.uniform(4.8, 5.2)
        elif random.random() < 0.004:
            status = 404
        ip = random.choice(ips)
        size = random.randint(200, 9000)
        nginx.append((t, ms, '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "Mozilla/5.0 (shop-web)" rt=%.3f' % (
            ip, nginx_time(t), "POST" if is_checkout else "GET", path, status, size, rt)))
        if status in (502, 504):
            nginx.append((t, ms + 1 if ms < 999 else ms, '%s [error] %d#0: *%d upstream timed out (110: Connection timed out) while reading response header from upstream, client: %s, server: shop.example.com, request: "POST %s HTTP/1.1", upstream: "http://10.0.3.%d:8080%s"' % (
                __import__("time").strftime("%Y/%m/%d %H:%M:%S", __import__("time").gmtime(t)), random.randint(20, 29), random.randint(100000, 999999), ip, path, random.randint(2, 9), path)))
        if is_checkout:
            user = random.choice(users)
            order = "ord_%08x" % random.getrandbits(32)
            req = "req-%012x" % random.getrandbits(48)
            if status >= 500:
                waited = 5000
                checkout.append((t, ms, json.dumps({"ts": iso(t, ms), "level": "error", "service": "checkout-api",
                    "msg": "db pool exhausted after %d ms (active=5 max=5)" % waited, "request_id": req, "user": user})))
                if random.random() < 0.08:
                    stack = ("org.postgresql.util.PSQLException: Connection pool exhausted, timed out after 5000 ms\n"
                             "\tat com.shop.db.Pool.acquire(Pool.java:212)\n"
                             "\tat com.shop.checkout.OrderRepository.save(OrderRepository.java:88)\n"
                             "\tat com.shop.checkout.CheckoutService.placeOrder(CheckoutService.java:141)\n"
                             "\tat com.shop.checkout.CheckoutController.post(CheckoutController.java:57)\n"
                             "Caused by: java.util.concurrent.TimeoutException: waited 5000 ms for a connection\n"
                             "\tat com.shop.db.Pool.await(Pool.java:301)\n"
                             "\t... 14 more")
                    checkout.append((t, ms, json.dumps({"ts": iso(t, ms), "level": "error", "service": "checkout-api",
                        "msg": "unhandled exception in POST /api/checkout", "request_id": req}) + "\n" + stack))
            else:
                checkout.append((t, ms, json.dumps({"ts": iso(t, ms), "level": "info", "service": "checkout-api",
                    "msg": "order %s placed for %s in %d ms" % (order, user, int(rt * 1000)), "request_id": req})))
                if random.random() < 0.5:
                    amount = random.randint(500, 25000)
                    attempt = 1
                    payments.append((t, ms, 'ts=%s level=info service=payments msg="charge authorized" order=%s amount_cents=%d attempt=%d latency_ms=%d' % (
                        iso(t, ms), order, amount, attempt, random.randint(40, 300))))
            if in_incident(t) and random.random() < 0.15:
                payments.append((t, ms, 'ts=%s level=warn service=payments msg="retrying charge: upstream checkout timeout" order=%s attempt=%d backoff_ms=%d' % (
                    iso(t, ms), order, random.randint(2, 4), random.choice([200, 400, 800]))))
    if t % 15 == 0:
        if t >= DEPLOY + 20:
            active, idle, cap = (5, 0, 5) if in_incident(t) else (random.randint(3, 5), random.randint(0, 2), 5)
        else:
            active, idle, cap = random.randint(8, 20), random.randint(20, 40), 50
        checkout.append((t, 0, json.dumps({"ts": iso(t, 0), "level": "debug", "service": "checkout-api",
            "msg": "pool stats active=%d idle=%d max=%d" % (active, idle, cap)})))
    if t % 10 == 0:
        conns = random.randint(38, 52) if t < DEPLOY + 20 else random.randint(4, 6)
        postgres.append((t, 5, "%s [%d] LOG:  checkpoint starting: time" % (pg_time(t, 5), 4100 + random.randint(0, 30)) if t % 300 == 0 else
                         "%s [%d] LOG:  connection stats: active=%d idle=%d database=shop user=checkout" % (pg_time(t, 5), 4100 + random.randint(0, 30), conns, random.randint(0, 3))))
    if random.random() < 0.05:
        postgres.append((t, 300, "%s [%d] LOG:  connection authorized: user=%s database=shop application_name=%s" % (
            pg_time(t, 300), random.randint(5000, 9000), random.choice(["checkout", "payments", "reporting"]), random.choice(["checkout-api", "payments", "metabase"]))))
    if in_incident(t) and random.random() < 0.02:
        postgres.append((t, 500, "%s [%d] FATAL:  remaining connection slots are reserved for non-replication superuser connections" % (pg_time(t, 500), random.randint(5000, 9000)) if random.random() < 0.1 else
                         "%s [%d] LOG:  could not receive data from client: Connection reset by peer" % (pg_time(t, 500), random.randint(5000, 9000))))
    if t % 60 == 30:
        payments.append((t, 0, 'ts=%s level=info service=payments msg="settlement batch flushed" batch=%d items=%d' % (iso(t, 0), (t - T0) // 60, random.randint(10, 60))))

deploybot.append((DEPLOY - 40, 0, "%s INFO  deploy-bot  starting rollout checkout-api v7.4.9 (commit 9c1e2f4) requested by release-train" % iso(DEPLOY - 40, 0)))
deploybot.append((DEPLOY - 20, 0, "%s INFO  deploy-bot  config diff for checkout-api: DB_POOL_SIZE 50 -> 5 (k8s/checkout-api.yaml, config/checkout-api.toml)" % iso(DEPLOY - 20, 0)))
deploybot.append((DEPLOY, 0, "%s INFO  deploy-bot  deployed checkout-api v7.4.9 to prod (4/4 pods ready)" % iso(DEPLOY, 0)))
deploybot.append((ONSET + 95, 0, "%s WARN  deploy-bot  post-deploy check failed for checkout-api v7.4.9: error rate 41%% > 2%%" % iso(ONSET + 95, 0)))
deploybot.append((ONSET + 400, 0, "%s WARN  deploy-bot  auto-rollback disabled for checkout-api (manual approval required)" % iso(ONSET + 400, 0)))
for t in range(T0 + 600, END, 300):
    deploybot.append((t, 0, "%s INFO  deploy-bot  heartbeat: 0 rollouts in progress, 1 paused" % iso(t, 0)))

os.makedirs(os.path.join(HERE, "logs"), exist_ok=True)
total = 0
for name, rows in [("edge-nginx.log", nginx), ("checkout-api.log", checkout), ("payments.log", payments),
                   ("postgres.log", postgres), ("deploy-bot.log", deploybot)]:
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(os.path.join(HERE, "logs", name), "w") as f:
        for t, ms, line in rows:
            f.write("%d\t%s\n" % ((t * 1000 + ms), line.replace("\n", "\n\t")))
            total += line.count("\n") + 1

# Metrics every 10 s.
series = {"request rate": ("req/s", []), "5xx rate": ("%", []), "p99 latency": ("ms", []), "db connections": ("conns", [])}
for t in range(T0, END, 10):
    inc = t >= ONSET
    rps = 62 + random.uniform(-5, 5)
    err = (random.uniform(30, 45) if inc else random.uniform(0.1, 0.6))
    p99 = (random.uniform(4800, 5200) if inc else random.uniform(90, 160))
    conns = random.randint(38, 52) if t < DEPLOY + 20 else random.randint(4, 5)
    for name, v in [("request rate", rps), ("5xx rate", err), ("p99 latency", p99), ("db connections", conns)]:
        series[name][1].append([t * 1000, round(v, 2)])
with open(os.path.join(HERE, "metrics.json"), "w") as f:
    json.dump([{"name": k, "unit": u, "points": p} for k, (u, p) in series.items()], f)
with open(os.path.join(HERE, "deploys.json"), "w") as f:
    json.dump([{"time_ms": DEPLOY * 1000, "service": "checkout-api", "version": "v7.4.9",
                "description": "deploy-bot: DB_POOL_SIZE 50 -> 5"}], f)
print("lines:", total)
