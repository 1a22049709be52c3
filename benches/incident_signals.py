#!/usr/bin/env python3
"""Per incident scenario: rank of the first root-cause template (answer.toml
regexes) among `lookout signals` (time order, as the CLI prints), time coverage
and records per log file (`lookout tail --json`), and metric change points
(`lookout metrics` against a local server answering with metrics/*.json).
Usage: python3 benches/incident_signals.py PATH/TO/lookout [benches/incidents] [SCENARIO…]"""
import glob, http.server, json, os, re, socketserver, subprocess, sys, tempfile, threading, tomllib

BIN = os.path.abspath(sys.argv[1])
# Incident folders and an empty config go to a scratch directory, not the repo.
WORK = tempfile.mkdtemp(prefix='incident-signals-')
EMPTY_CONFIG = os.path.join(WORK, 'empty.toml')
open(EMPTY_CONFIG, 'w').close()
ROOT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else 'benches/incidents')
only = sys.argv[3:]

def run(args):
    r = subprocess.run([BIN] + args, capture_output=True, text=True, env={**os.environ, 'LOOKOUT_CONFIG': EMPTY_CONFIG}, cwd=WORK)
    if r.returncode != 0:
        print('ERR', args, r.stderr[:300]); return None
    return r.stdout

def title_text(title):
    m = re.match(r'^[A-Z]+ "(.*)" ×\d+$', title, re.S)
    return m.group(1) if m else None

def serve_metric(path):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = open(path, 'rb').read()
            self.send_response(200); self.send_header('content-type','application/json'); self.end_headers(); self.wfile.write(body)
        def log_message(self, *a): pass
    srv = socketserver.TCPServer(('127.0.0.1', 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

summary = []
for d in sorted(glob.glob(ROOT + '/*/incident.toml')):
    d = os.path.dirname(d); name = os.path.basename(d)
    if only and name not in only: continue
    ans = tomllib.load(open(d + '/answer.toml', 'rb'))
    inc = tomllib.load(open(d + '/incident.toml', 'rb'))
    logs = sorted(glob.glob(d + '/logs/*.log'))
    out = run(['signals', '--json'] + logs)
    if out is None: continue
    j = json.loads(out)
    sigs = sorted(j['signals'], key=lambda s: (s['time_ms'], int(s['id'][1:])))
    ranks = {}
    for rx in ans['root_cause']:
        for i, s in enumerate(sigs):
            t = title_text(s['title'])
            if t is not None and re.search(rx, t):
                ranks[rx] = i + 1; break
    best = min(ranks.values()) if ranks else None
    print(f'== {name}: {len(sigs)} signals, {j["templates"]} templates, best rank {best}, per-regex {ranks}')
    for s in sigs[:8]:
        print('   ', s['id'], s['kind'], s['time_ms'], round(s['score'],1), s['title'][:110])
    cov = []
    for f in logs:
        o = run(['tail', '--no-tui', '--no-follow', '--json', f])
        recs = [json.loads(l) for l in o.splitlines() if l.strip()]
        lines = sum(1 for _ in open(f, errors='replace'))
        timed = sum(1 for r in recs if r.get('time_ms') is not None)
        cov.append(f'{os.path.basename(f)} {lines}L/{len(recs)}R time {100*timed//max(1,len(recs))}%')
    print('   files:', '; '.join(cov))
    cps = []
    for m in sorted(glob.glob(d + '/metrics/*.json')):
        srv = serve_metric(m)
        o = run(['metrics', '--prometheus', f'http://127.0.0.1:{srv.server_address[1]}', '--query', 'x', '--name', os.path.basename(m)[:-5], '--json', '--to', '0'])
        srv.shutdown()
        if o:
            cj = json.loads(o)
            cps.append(f'{os.path.basename(m)[:-5]}: ' + (', '.join(c['title'] for c in cj['change_points']) or 'none'))
    print('   metrics:', ' | '.join(cps))
    summary.append((name, best, len(sigs)))
print('\nSUMMARY rank/signals:', ' '.join(f'{n}={b}/{c}' for n, b, c in summary))
