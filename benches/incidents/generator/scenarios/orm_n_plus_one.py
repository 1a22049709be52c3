"""menu-api: a change to the menu serializer filters each item's option groups
and options with `.filter()`, which bypasses the `prefetch_related` cache the
view sets up: one menu page goes from 4 queries to several hundred. At
breakfast traffic nobody notices; when the lunch peak arrives the database's
CPU saturates, statements hit the 3 s statement timeout and menu pages fail.
Decoys: an earlier edit of the same serializer (allergen labels), the
Cache-Control commit the deploy names, and a database connection setting
(CONN_MAX_AGE) rolled out 25 minutes before the onset. Python logging with
Django tracebacks, PostgreSQL log, nginx access."""

import datetime as dt
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, postgres, python_logging
from skeletons import chores, k8s_deployment, python_service, runbook

SERVICE = "menu-api"
DEPLOY = utc("2026-12-03 09:58:00")
CONFIG_DEPLOY = utc("2026-12-03 10:41:00")
ONSET = utc("2026-12-03 11:06:24")
ROLLED_BACK = utc("2026-12-03 11:24:00")
START, END = utc("2026-12-03 08:30:00"), utc("2026-12-03 11:55:00")

VIEWS = '''"""Menu endpoints."""
from django.http import JsonResponse

from menus.models import MenuItem
from menus.serializers import serialize_item


def restaurant_menu(request, restaurant_id):
    items = (
        MenuItem.objects.filter(restaurant_id=restaurant_id, available=True)
        .select_related("category")
        .prefetch_related("option_groups__options")
    )
    return JsonResponse({"items": [serialize_item(item) for item in items]})
'''

SERIALIZERS = '''"""How menu items look on the wire."""


def serialize_option(option):
    return {"id": option.id, "name": option.name, "price": str(option.price)}


def serialize_group(group):
    return {
        "id": group.id,
        "name": group.name,
        "required": group.required,
        "options": [serialize_option(o) for o in group.options.all()],
    }


def serialize_item(item):
    return {
        "id": item.id,
        "name": item.name,
        "category": item.category.name,
        "price": str(item.price),
        "option_groups": [serialize_group(g) for g in item.option_groups.all()],
    }
'''

SETTINGS = '''"""Django settings for production."""
import os

DEBUG = False
ALLOWED_HOSTS = ["menu-api", "menu-api.food.svc.cluster.local"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["DB_HOST"],
        "NAME": "menus",
        "USER": "menu_api",
        "PASSWORD": os.environ["DB_PASSWORD"],
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"options": "-c statement_timeout=3000"},
    }
}
'''

OPTION_QUERY = ('SELECT "menus_option"."id", "menus_option"."group_id", "menus_option"."name", "menus_option"."price", '
                '"menus_option"."in_stock" FROM "menus_option" WHERE ("menus_option"."group_id" = {gid} AND "menus_option"."in_stock") '
                'ORDER BY "menus_option"."position" ASC')
GROUP_QUERY = ('SELECT "menus_optiongroup"."id", "menus_optiongroup"."item_id", "menus_optiongroup"."name", "menus_optiongroup"."required" '
               'FROM "menus_optiongroup" WHERE ("menus_optiongroup"."item_id" = {iid} AND "menus_optiongroup"."active") '
               'ORDER BY "menus_optiongroup"."position" ASC')

TRACE = """Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
psycopg2.errors.QueryCanceled: canceling statement due to statement timeout

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner
    response = get_response(request)
  File "/app/menus/views.py", line 14, in restaurant_menu
    return JsonResponse({"items": [serialize_item(item) for item in items]})
  File "/app/menus/serializers.py", line 27, in serialize_item
    "option_groups": [serialize_group(g) for g in item.option_groups.filter(active=True).order_by("position")],
  File "/app/menus/serializers.py", line 16, in serialize_group
    "options": [serialize_option(o) for o in group.options.filter(in_stock=True).order_by("position")],
  File "/usr/local/lib/python3.11/site-packages/django/db/models/query.py", line 400, in __iter__
    self._fetch_all()
  File "/usr/local/lib/python3.11/site-packages/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
django.db.utils.OperationalError: canceling statement due to statement timeout"""


def build_repo():
    chiara = Person("Chiara Romano", "chiara.romano@forkful.eu", 60)
    olu = Person("Olu Adeyemi", "olu.adeyemi@forkful.eu", 0)
    piotr = Person("Piotr Nowak", "piotr.nowak@forkful.eu", 60)
    repo = Repo()
    files = python_service(SERVICE, "menus", "Restaurant menus for the ordering apps.")
    files["menus/views.py"] = VIEWS
    files["menus/serializers.py"] = SERIALIZERS
    files["menus/settings/production.py"] = SETTINGS
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8000, replicas=6, memory="384Mi",
                                                  env={"DJANGO_SETTINGS_MODULE": "menus.settings.production"})
    files["docs/runbook.md"] = runbook(SERVICE, [("MenuErrors", "5xx on /v1/restaurants/*/menu: check menus-db CPU and slow statements.")])
    repo.commit(utc("2026-11-28 09:00:00"), olu, "menu-api: import", files)
    repo.schedule(chores(random.Random(4301), SERVICE, [chiara, olu, piotr], utc("2026-11-28 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-02 13:40:00"), piotr, "menus: allergen labels on menu items", {
        "menus/serializers.py": repo.edit("menus/serializers.py", '        "price": str(item.price),\n        "option_groups"',
                                          '        "price": str(item.price),\n        "allergens": item.allergens or [],\n        "option_groups"'),
    })
    culprit = repo.commit(utc("2026-12-03 08:52:00"), chiara, "menus: hide inactive option groups and sold-out options\n\nRestaurants switch groups off for the evening; the apps showed them anyway.", {
        "menus/serializers.py": repo.edit("menus/serializers.py", 'for o in group.options.all()', 'for o in group.options.filter(in_stock=True).order_by("position")')
        .replace('for g in item.option_groups.all()', 'for g in item.option_groups.filter(active=True).order_by("position")'),
    })
    head = repo.commit(utc("2026-12-03 09:31:00"), olu, "menus: Cache-Control max-age=30 on menu responses", {
        "menus/views.py": repo.edit("menus/views.py", '    return JsonResponse({"items": [serialize_item(item) for item in items]})\n',
                                    '    response = JsonResponse({"items": [serialize_item(item) for item in items]})\n    response["Cache-Control"] = "public, max-age=30"\n    return response\n'),
    })
    config = repo.commit(utc("2026-12-03 10:24:00"), piotr, "settings: keep database connections for 5 minutes", {
        "menus/settings/production.py": repo.edit("menus/settings/production.py", '"CONN_MAX_AGE": 60,', '"CONN_MAX_AGE": 300,'),
    })
    repo.commit(utc("2026-12-03 10:55:00"), olu, "tests: menu hides inactive groups", {
        "tests/test_menu.py": "def test_inactive_group_hidden(client, menu_with_inactive_group):\n    body = client.get('/v1/restaurants/1/menu').json()\n    assert all(g['name'] != 'Late night' for i in body['items'] for g in i['option_groups'])\n",
    })
    previous = repo.shas[repo.shas.index(culprit) - 1]
    return repo, culprit, head, config, previous


def lunch(t):
    """Requests per minute: breakfast, then the lunch ramp from 10:45."""
    minutes = (t - utc("2026-12-03 10:45:00")).total_seconds() / 60
    return 8 if minutes < 0 else min(30, 8 + minutes)


def build_logs(rng, head, config, previous):
    app = Log("menu-api.log")
    pg = Log("menus-db.log")
    nginx = Log("nginx-access.log")
    for since, version in ((DEPLOY, head), (CONFIG_DEPLOY, config)):
        for i in range(6):
            t = since + dt.timedelta(seconds=15 * i)
            app.add(t, python_logging(t, "INFO", "menus.main", f"starting menu-api version={version[:7]} pid={rng.randint(7, 9)}"))
    t = ROLLED_BACK
    for i in range(6):
        at = t + dt.timedelta(seconds=15 * i)
        app.add(at, python_logging(at, "INFO", "menus.main", f"starting menu-api version={previous[:7]} pid={rng.randint(7, 9)}"))
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(lunch(t) / 60))
        restaurant = rng.randint(1000, 9999)
        client = ip(rng, "10.70")
        path = f"/v1/restaurants/{restaurant}/menu"
        n_plus_one = DEPLOY <= t < ROLLED_BACK + dt.timedelta(seconds=60)
        saturated = n_plus_one and t >= ONSET and rng.random() < 0.35
        if saturated:
            app.add(t, python_logging(t, "ERROR", "django.request", f"Internal Server Error: {path}\n" + TRACE))
            nginx.add(t, nginx_access(t, client, "GET", path, 500, 145, 3.0 + rng.random() / 5, "forkful-ios/7.2", upstream_rt=3.0))
            backend, at = rng.randint(20000, 29999), t - dt.timedelta(milliseconds=5)
            pg.add(at, postgres(at, backend, "ERROR", "canceling statement due to statement timeout", "menu_api@menus"))
            pg.add(at, postgres(at, backend, "STATEMENT", OPTION_QUERY.format(gid=rng.randint(100000, 999999)), "menu_api@menus"))
            continue
        took = ms(rng, 1400 if n_plus_one and t >= ONSET else (110 if n_plus_one else 45))
        app.add(t, python_logging(t, "INFO", "menus.access", f"GET {path} 200 {took}ms"))
        nginx.add(t, nginx_access(t, client, "GET", path, 200, rng.randint(8000, 60000), took / 1000, "forkful-ios/7.2", upstream_rt=took / 1000))
    emit(rng, pg, START, END, 0.25, [(3, lambda t: postgres(t, rng.randint(100, 999), "LOG", f"checkpoint complete: wrote {rng.randint(100, 900)} buffers ({rng.uniform(0.5, 3):.1f}%); 0 WAL file(s) added, 0 removed, 1 recycled")),
                                     (1, lambda t: postgres(t, rng.randint(100, 999), "LOG", f'automatic vacuum of table "menus.public.menus_menuitem": index scans: 1'))])
    # log_min_duration_statement = 250ms: single-row lookups only show up once the CPU is saturated
    for t in poisson_times(rng, ONSET - dt.timedelta(minutes=4), ROLLED_BACK, 12):
        if rng.random() < 0.7:
            statement = OPTION_QUERY.format(gid=rng.randint(100000, 999999))
        else:
            statement = GROUP_QUERY.format(iid=rng.randint(100000, 999999))
        pg.add(t, postgres(t, rng.randint(20000, 29999), "LOG", f"duration: {rng.uniform(251, 2900):.3f} ms  statement: {statement}", "menu_api@menus"))
    return [app, pg, nginx]


def build(out_dir):
    rng = random.Random(4300)
    repo, culprit, head, config, previous = build_repo()
    try:
        def cpu(t):
            if DEPLOY <= t < ROLLED_BACK:
                return min(0.99, 0.22 * lunch(t) / 8 * 1.6)
            return 0.08 * lunch(t) / 8

        def calls(query):
            def fn(t):
                per_request = 3 if query == "menus_menuitem" else (1 if t < DEPLOY or t >= ROLLED_BACK else (28 if query == "menus_optiongroup" else 190))
                return round(lunch(t) / 60 * per_request, 2)
            return fn

        metrics = {
            "menus_db_cpu_utilisation.json": query_range([({"instance": "menus-db", "job": "rds-exporter"}, cpu)], START, END, 30),
            "pg_stat_statements_calls_rate.json": query_range(
                [({"datname": "menus", "relation": rel}, calls(rel)) for rel in ("menus_menuitem", "menus_optiongroup", "menus_option")], START, END, 30),
        }
        return write_scenario(
            out_dir, name="orm-n-plus-one", service=SERVICE, onset=ONSET,
            description="""
N+1 queries from an ORM change. The 09:58 rollout ships a serializer that filters
option groups and options with .filter(), bypassing the view's prefetch: each
menu page now runs a query per item and per option group. Breakfast traffic
hides it; from 10:45 the lunch ramp drives menus-db to full CPU, statements hit
the 3 s statement_timeout and menu pages fail from 11:06. Rolled back at 11:24.
""",
            logs=build_logs(rng, head, config, previous), metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r'FROM "menus_option" WHERE', r"canceling statement due to statement timeout"],
            fix_files=["menus/serializers.py"],
            explanation="""
The culprit replaces .all() with .filter(...).order_by(...) in
menus/serializers.py, so prefetch_related no longer serves the option groups
and options. Decoys: the allergen edit of the same file the day before, the
Cache-Control commit the 09:58 start-up lines name, the CONN_MAX_AGE change
rolled out at 10:41 (25 minutes before the onset, and about database
connections), a tests commit for the culprit's behaviour. The fix filters in
the prefetch (Prefetch objects with the same querysets) or reverts the change.
""",
        )
    finally:
        repo.close()
