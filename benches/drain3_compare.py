#!/usr/bin/env python3
"""lookout vs Drain3 on the same 1,000,000-line file, in the same run.

Builds the engine bench's input (the shared Loghub-2k raw logs, interleaved line
by line: line i is raw[(i * 2011) % len(raw)]), writes it under the target dir,
then times:
  * Drain3 (PyPI `drain3`, installed in a venv under the target dir if missing):
    TemplateMiner() with its default config and no masking, add_log_message on
    every line (reading the file included);
  * `lookout templates FILE` (release build): parse + redact + mine of every line,
    as a whole process (start-up and reading included), three runs, the fastest
    counting; a reader thread parses and redacts while the main thread mines,
    so CPU time is printed too.
Prints lines/s of each and the ratio. Usage: python3 benches/drain3_compare.py
Env: CARGO_TARGET_DIR (default target), LINES (default 1000000), LOOKOUT (binary),
REALTIME=1 (run lookout under `chrt -f 10`, SCHED_FIFO: on a machine shared with
other jobs its two threads then get both cores, as on an idle machine; needs the
privilege to set it, and the output says it was used).
"""
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The shared folder sits beside the checkout (or beside its worktree folder).
DATA = next((d for d in (os.path.join(ROOT, *[".."] * up, "shared", "data", "loghub-2k") for up in (1, 2, 3))
             if os.path.isdir(d)), os.path.join(ROOT, "..", "shared", "data", "loghub-2k"))
TARGET = os.path.abspath(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
LINES = int(os.environ.get("LINES", "1000000"))
VENV = os.path.join(TARGET, "drain3-venv")

DRAIN3_RUN = r'''
import sys, time
from drain3 import TemplateMiner
miner = TemplateMiner()
started = time.perf_counter()
n = 0
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        miner.add_log_message(line.rstrip("\n"))
        n += 1
elapsed = time.perf_counter() - started
print(n, elapsed, len(miner.drain.clusters))
'''


def build_input(path):
    raw = []
    for name in sorted(os.listdir(DATA)):
        log = os.path.join(DATA, name, f"{name}_2k.log")
        if os.path.isfile(log):
            with open(log, "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            # Rust's str::lines: split on \n, drop one trailing \r, no final empty line.
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            raw.extend(l[:-1] if l.endswith("\r") else l for l in lines)
    if not raw:
        sys.exit(f"no Loghub data at {DATA}")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(LINES):
            out.write(raw[(i * 2011) % len(raw)])
            out.write("\n")
    return len(raw)


def venv_python():
    python = os.path.join(VENV, "bin", "python")
    ok = os.path.exists(python) and subprocess.run(
        [python, "-c", "import drain3"], capture_output=True).returncode == 0
    if not ok:
        print(f"installing drain3 into {VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "drain3"], check=True)
    return python


def main():
    os.makedirs(TARGET, exist_ok=True)
    path = os.path.join(TARGET, "engine-1m.log")
    distinct = build_input(path)
    size = os.path.getsize(path)
    print(f"input: {LINES} lines, {size / 1e6:.1f} MB, from {distinct} distinct Loghub lines ({path})")

    lookout = os.environ.get("LOOKOUT") or os.path.join(TARGET, "release", "lookout")
    if not os.environ.get("LOOKOUT"):
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "lookout"], cwd=ROOT, check=True)
    # Three runs, the fastest counting (the others mostly measure what else the
    # machine was doing); all are printed.
    realtime = os.environ.get("REALTIME") == "1"
    prefix = ["chrt", "-f", "10"] if realtime else []
    if realtime:
        print("lookout runs under SCHED_FIFO (chrt -f 10): other jobs do not share its cores")
    runs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        out = subprocess.run(prefix + [lookout, "templates", path, "--top", "1"],
                             capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # `templates` reads, parses and redacts on one thread while it mines on
        # another; CPU time shows what that costs in core-seconds.
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu))
    print("lookout runs (wall s, CPU s): " + ", ".join(f"({w:.2f}, {c:.2f})" for w, c in runs))
    lookout_s, lookout_cpu = min(runs)
    summary = out.stdout.strip().splitlines()[-1]

    python = venv_python()
    done = subprocess.run([python, "-c", DRAIN3_RUN, path], capture_output=True, text=True, check=True)
    n, drain_s, clusters = done.stdout.split()
    drain_s = float(drain_s)
    version = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('drain3'))"],
                             capture_output=True, text=True).stdout.strip()

    lookout_rate = LINES / lookout_s
    drain_rate = int(n) / drain_s
    print(f"lookout templates (parse+redact+mine, whole process): {lookout_s:7.2f} s  {lookout_rate:12,.0f} lines/s  ({summary})")
    print(f"Drain3 {version} TemplateMiner (default config):      {drain_s:7.2f} s  {drain_rate:12,.0f} lines/s  ({clusters} clusters)")
    print(f"lookout CPU time (user+sys, both threads): {lookout_cpu:.2f} s = {LINES / lookout_cpu:,.0f} lines per CPU-second")
    if realtime:
        # Drain3 shared its core with the other jobs: only CPU time compares.
        print(f"ratio: lookout is {LINES / lookout_cpu / drain_rate:.1f}x Drain3 per CPU-second "
              "(no wall-clock ratio: Drain3 did not run under SCHED_FIFO)")
    else:
        print(f"ratio: lookout is {lookout_rate / drain_rate:.1f}x Drain3 (wall clock); "
              f"{LINES / lookout_cpu / drain_rate:.1f}x per CPU-second (Drain3 runs on one core)")


if __name__ == "__main__":
    main()
