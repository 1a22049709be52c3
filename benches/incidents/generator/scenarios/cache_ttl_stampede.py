"""catalog-api: a settings clean-up turns the product cache TTL from an hour
into 36 seconds (a unit mix-up: the new key is in seconds, the old in minutes ×
60). Every product is reloaded from PostgreSQL over and over; the database's
connection slots run out. Python logging app log with SQLAlchemy tracebacks,
PostgreSQL log, nginx access log. The app's start line names a later commit."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "catalog-api"
DEPLOY = utc("2026-12-03 14:06:40")
ONSET = utc("2026-12-03 14:09:15")

SETTINGS = '''"""Settings from the environment, with production defaults."""
import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://catalog@catalog-db:5432/catalog")
REDIS_URL = os.environ.get("REDIS_URL", "redis://catalog-cache:6379/0")
PRODUCT_CACHE_MINUTES = int(os.environ.get("PRODUCT_CACHE_MINUTES", "60"))
DB_POOL_SIZE = 10
DB_MAX_OVERFLOW = 20
'''

CACHE = '''"""Read-through product cache in Redis."""
import json

import redis

from catalog import db, settings

_redis = redis.Redis.from_url(settings.REDIS_URL)


def product(product_id):
    cached = _redis.get(f"product:{product_id}")
    if cached is not None:
        return json.loads(cached)
    row = db.load_product(product_id)
    _redis.setex(f"product:{product_id}", settings.PRODUCT_CACHE_MINUTES * 60, json.dumps(row))
    return row
'''


def build_repo():
    eva = Person("Eva Lindqvist", "eva.lindqvist@kettle.shop", 60)
    tom = Person("Tom Becker", "tom.becker@kettle.shop", 60)
    ana = Person("Ana Souza", "ana.souza@kettle.shop", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "catalog", "Product catalog API: products, prices and stock for the shop.")
    files["catalog/settings.py"] = SETTINGS
    files["catalog/cache.py"] = CACHE
    files["requirements.txt"] = "fastapi==0.110.0\nuvicorn==0.29.0\nredis==5.0.3\nSQLAlchemy==2.0.29\npsycopg2-binary==2.9.9\n"
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=8, memory="512Mi")
    files["docs/runbook.md"] = runbook(SERVICE, [("CatalogErrors", "5xx above 1 %: check catalog-db connections and the Redis hit ratio.")])
    repo.commit(utc("2026-11-28 10:00:00"), tom, "catalog-api: import", files)
    repo.schedule(chores(random.Random(3201), SERVICE, [eva, tom, ana], utc("2026-11-28 10:00:00"), ONSET, 4))
    repo.commit(utc("2026-12-02 11:30:00"), eva, "cache: one key helper", {
        "catalog/cache.py": CACHE.replace('    cached = _redis.get(f"product:{product_id}")', '    cached = _redis.get(_key(product_id))')
                                 .replace("def product(product_id):", 'def _key(product_id):\n    return f"product:{product_id}"\n\n\ndef product(product_id):'),
    })
    repo.commit(utc("2026-12-03 09:10:00"), ana, "tests: cache miss loads from the database", {
        "tests/test_cache.py": "from catalog import cache\n\n\ndef test_miss_loads_from_db(monkeypatch, fake_redis):\n    monkeypatch.setattr(cache.db, 'load_product', lambda pid: {'id': pid})\n    assert cache.product(7) == {'id': 7}\n",
    })
    culprit = repo.commit(utc("2026-12-03 12:48:00"), tom,
                          "settings: every duration in seconds\n\nPRODUCT_CACHE_MINUTES becomes PRODUCT_CACHE_TTL (seconds) like the other timeouts.", {
                              "catalog/settings.py": repo.edit("catalog/settings.py", 'PRODUCT_CACHE_MINUTES = int(os.environ.get("PRODUCT_CACHE_MINUTES", "60"))',
                                                               'PRODUCT_CACHE_TTL = int(os.environ.get("PRODUCT_CACHE_TTL", "36"))'),
                              "catalog/cache.py": repo.edit("catalog/cache.py", "settings.PRODUCT_CACHE_MINUTES * 60", "settings.PRODUCT_CACHE_TTL"),
                          })
    repo.commit(utc("2026-12-03 13:20:00"), bot, "Bump redis from 5.0.3 to 5.0.4", {
        "requirements.txt": repo.edit("requirements.txt", "redis==5.0.3", "redis==5.0.4"),
    })
    head = repo.commit(utc("2026-12-03 13:55:00"), eva, "docs: cache keys and TTLs", {
        "docs/caching.md": "# Caching\n\nProducts are cached in Redis under product:<id>. When the cache is cold every\nrequest loads from catalog-db, which has 100 connection slots.\n",
    })
    return repo, culprit, head


def build_logs(rng, head):
    app = Log("catalog-api.log")
    pg = Log("catalog-db.log")
    nginx = Log("nginx-access.log")
    start, end = utc("2026-12-03 12:40:00"), utc("2026-12-03 14:50:00")
    ua = "shop-web/4.12 (+https://kettle.shop)"
    for t in poisson_times(rng, start, end, 20):
        pid = rng.randint(1000, 9999)
        client = ip(rng, "10.9")
        if t >= ONSET and rng.random() < 0.3:
            app.add(t, python_logging(t, "ERROR", "catalog.api", f"GET /v1/products/{pid} failed: TimeoutError: QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00\n"
                                      "Traceback (most recent call last):\n"
                                      '  File "/app/catalog/cache.py", line 17, in product\n'
                                      "    row = db.load_product(product_id)\n"
                                      '  File "/app/catalog/db.py", line 22, in load_product\n'
                                      "    with engine.connect() as conn:\n"
                                      "sqlalchemy.exc.TimeoutError: QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00"))
            nginx.add(t, nginx_access(t, client, "GET", f"/v1/products/{pid}", 503, 61, 30.01, ua, upstream_rt=30.0))
            continue
        took = ms(rng, 6 if t < DEPLOY + dt.timedelta(seconds=40) else 180)
        app.add(t, python_logging(t, "INFO", "uvicorn.access", f'{client}:0 - "GET /v1/products/{pid} HTTP/1.1" 200'))
        nginx.add(t, nginx_access(t, client, "GET", f"/v1/products/{pid}", 200, rng.randint(700, 3000), took / 1000, ua, upstream_rt=took / 1000))
    for t in poisson_times(rng, start, end, 1):
        ratio = rng.uniform(0.96, 0.99) if t < DEPLOY + dt.timedelta(seconds=40) else rng.uniform(0.05, 0.2)
        app.add(t, python_logging(t, "INFO", "catalog.cache", f"product cache hit ratio {ratio:.2f} over the last 60 s"))
    emit(rng, pg, start, end, 0.4, [
        (1, lambda t: postgres(t, rng.randint(100, 999), "LOG", f"checkpoint complete: wrote {rng.randint(100, 900)} buffers ({rng.uniform(0.1, 2):.1f}%); 0 WAL file(s) added")),
    ])
    for t in poisson_times(rng, ONSET + dt.timedelta(seconds=20), end, 6):
        pg.add(t, postgres(t, rng.randint(1000, 9999), "FATAL", "remaining connection slots are reserved for non-replication superuser connections", "catalog@catalog"))
    for i in range(8):
        t = DEPLOY + dt.timedelta(seconds=6 * i)
        app.add(t, python_logging(t, "INFO", "catalog.main", f"starting catalog-api version={head[:7]}"))
    return [app, pg, nginx]


def build(out_dir):
    rng = random.Random(3200)
    repo, culprit, head = build_repo()
    try:
        start, end = utc("2026-12-03 12:40:00"), utc("2026-12-03 14:50:00")

        def conns(t):
            return 38.0 + (t.minute % 5) if t < ONSET else 97.0

        metrics = {"pg_stat_activity_count.json": query_range([({"datname": "catalog", "instance": "catalog-db:9187"}, conns)], start, end, 30)}
        return write_scenario(
            out_dir, name="cache-ttl-stampede", service=SERVICE, onset=ONSET,
            description="""
Bad cache TTL. A settings clean-up renames PRODUCT_CACHE_MINUTES (60, in minutes)
to PRODUCT_CACHE_TTL with a default of 36 (seconds). After the 14:06 rollout the hit
ratio falls from 0.97 to about 0.1; every product loads from catalog-db, whose
connection slots run out; the pool times out and requests fail with 503.
""",
            logs=build_logs(rng, head), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"product cache hit ratio", r"QueuePool limit of size .* reached"],
            fix_files=["catalog/settings.py"],
            explanation="""
The culprit changes the cache TTL from 3600 s to 36 s in catalog/settings.py (and
its use in catalog/cache.py). Decoys: a refactor of catalog/cache.py the day before,
a Redis client bump 50 minutes before the rollout, tests, and the docs commit the
start-up line names. The fix sets the TTL back to 3600 seconds.
""",
        )
    finally:
        repo.close()
