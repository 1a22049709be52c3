#!/usr/bin/env python3
"""Writes the two small scenarios the eval tests read (tests/eval.rs):

  cache-ttl/        a config change (cache TTL 300 -> 0) starves Redis; decoys around it
  upstream-outage/  the payment gateway is down; the repo's night of commits is innocent

Run from this directory: python3 generate.py (needs git; lookout itself never runs git).
The answer.toml culprit shas are filled in from the repos it builds.
"""
import json, os, shutil, subprocess, datetime

def stamp(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)

def git(repo, *args, env=None):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, env=env).stdout.strip()

def commit(repo, files, t, subject):
    for path, text in files.items():
        full = os.path.join(repo, path)
        os.makedirs(os.path.dirname(full) or repo, exist_ok=True)
        open(full, "w").write(text)
        git(repo, "add", path)
    date = stamp(t).strftime("%Y-%m-%dT%H:%M:%S+0000")
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_AUTHOR_NAME="dev", GIT_AUTHOR_EMAIL="dev@example.com",
               GIT_COMMITTER_NAME="dev", GIT_COMMITTER_EMAIL="dev@example.com")
    git(repo, "commit", "-q", "-m", subject, env=env)
    return git(repo, "rev-parse", "HEAD")

def bundle(repo, out):
    git(repo, "bundle", "create", os.path.abspath(out), "--all")

def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)

def base_repo(tmp, start):
    fresh(tmp)
    git(tmp, "init", "-q", "-b", "main")
    week = start - 7 * 86400
    commit(tmp, {"src/catalog.py": "def product(pid):\n    return cache.get_or_load(pid, ttl=CONFIG.ttl_seconds)\n",
                 "config/catalog.yaml": "redis:\n  ttl_seconds: 300\n  maxmemory_mb: 512\nhttp:\n  timeout_ms: 2000\n",
                 "README.md": "# catalog\n"}, week, "catalog service")
    for day in range(1, 7):
        commit(tmp, {"src/catalog.py": f"def product(pid):\n    metrics.count({day})\n    return cache.get_or_load(pid, ttl=CONFIG.ttl_seconds)\n"},
               week + day * 86400, f"catalog: count lookups ({day})")

def night(tmp, onset, culprit_files=None, culprit_subject=None):
    commit(tmp, {"README.md": "# catalog\n\nOn-call: #catalog.\n"}, onset - 6 * 3600, "docs: on-call channel")
    commit(tmp, {".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"}, onset - 4 * 3600, "ci: run tests on push")
    commit(tmp, {"src/search.py": "def search(q):\n    return index.query(q, limit=20)\n"}, onset - 2 * 3600, "search: limit results to 20")
    sha = None
    if culprit_files:
        sha = commit(tmp, culprit_files, onset - 30 * 60, culprit_subject)
    commit(tmp, {"tests/test_search.py": "def test_limit():\n    assert len(search('a')) <= 20\n"}, onset - 10 * 60, "test: search limit")
    return sha

def metrics(path, start, onset, name, before, after):
    values = [[start + i * 15, str(before + (i % 3) * 0.1 if start + i * 15 < onset else after + (i % 2))] for i in range(40)]
    json.dump({"status": "success", "data": {"resultType": "matrix",
               "result": [{"metric": {"__name__": name, "service": "catalog"}, "values": values}]}}, open(path, "w"))

def cache_ttl():
    d = "cache-ttl"; fresh(d); os.makedirs(f"{d}/logs"); os.makedirs(f"{d}/metrics")
    start = 1718028000; onset = start + 300  # 2024-06-10T14:00:00Z
    with open(f"{d}/logs/api.log", "w") as api, open(f"{d}/logs/worker.log", "w") as worker:
        for s in range(600):
            t = stamp(start + s)
            iso = t.strftime("%Y-%m-%dT%H:%M:%SZ")
            api.write(f'ts={iso} level=info msg="served product" path=/products/{s % 50} status=200 duration_ms=12\n')
            worker.write(f"{t.strftime('%Y-%m-%d %H:%M:%S')} INFO refresher: refreshed 40 prices\n")
            if start + s >= onset:
                for _ in range(3):
                    api.write(f'ts={iso} level=error msg="redis error: OOM command not allowed when used memory > maxmemory" key=product:{s % 50}\n')
                worker.write(f"{t.strftime('%Y-%m-%d %H:%M:%S')} ERROR refresher: cache write rejected, ttl_seconds=0 keeps every key\n")
    metrics(f"{d}/metrics/redis_memory_mb.json", start, onset, "redis_memory_mb", 300, 512)
    tmp = "/tmp/lookout-scenario-cache-ttl"; base_repo(tmp, start)
    sha = night(tmp, onset, {"config/catalog.yaml": "redis:\n  ttl_seconds: 0\n  maxmemory_mb: 512\nhttp:\n  timeout_ms: 2000\n"},
                "config: keep prices fresh (no cache expiry)")
    bundle(tmp, f"{d}/repo.bundle")
    open(f"{d}/incident.toml", "w").write(
        'name = "cache-ttl"\nservice = "catalog"\nkind = "bad config deploy"\n'
        '[line_formats]\n"worker.log" = "<Date> <Time> <Level> <Component>: <Content>"\n')
    open(f"{d}/answer.toml", "w").write(
        f'culprit = "{sha}"\nroot_cause = ["OOM command not allowed", "ttl_seconds"]\nfix_files = ["config/catalog.yaml"]\n')

def upstream_outage():
    d = "upstream-outage"; fresh(d); os.makedirs(f"{d}/logs")
    start = 1718028000; onset = start + 300
    with open(f"{d}/logs/edge.log", "w") as edge:
        for s in range(600):
            t = stamp(start + s).strftime("%d/%b/%Y:%H:%M:%S +0000")
            if start + s < onset:
                edge.write(f'10.0.0.{s % 200} - - [{t}] "POST /checkout HTTP/1.1" 200 512 "-" "shop" rt=0.080\n')
            else:
                for _ in range(3):
                    edge.write(f'10.0.0.{s % 200} - - [{t}] "POST /checkout HTTP/1.1" 502 150 "-" "shop" rt=5.001 upstream: payments-gateway connect() failed (111: Connection refused)\n')
    tmp = "/tmp/lookout-scenario-upstream"; base_repo(tmp, start)
    night(tmp, onset)
    bundle(tmp, f"{d}/repo.bundle")
    open(f"{d}/incident.toml", "w").write(
        'name = "upstream-outage"\nservice = "catalog"\nkind = "downstream dependency outage"\nonset = "2024-06-10T14:05:00Z"\n')
    open(f"{d}/answer.toml", "w").write(
        'culprit = "none"\nroot_cause = ["payments-gateway"]\nfix_files = []\n')

os.chdir(os.path.dirname(os.path.abspath(__file__)))
cache_ttl()
upstream_outage()
