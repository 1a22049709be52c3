#!/usr/bin/env python3
"""Checks that scenario folders are well formed, without lookout: the files a
scenario needs are there, the answer names a commit that is in the bundle and
that lies before the onset, fix_files exist in the repository (and, for a
culprit, include a file the culprit touched), and each root_cause regex matches
at least one raw log line. `python3 benches/incidents/check.py [DIR…]`.

Use it on your own scenarios before adding them; exit status 1 names every
problem found."""

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def git(repo_dir, *args):
    return subprocess.run(["git", *args], cwd=repo_dir, check=True, capture_output=True, text=True).stdout


def check(folder):
    problems = []
    name = os.path.basename(folder.rstrip("/"))
    try:
        with open(os.path.join(folder, "incident.toml"), "rb") as handle:
            incident = tomllib.load(handle)
        with open(os.path.join(folder, "answer.toml"), "rb") as handle:
            answer = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as err:
        return [f"{name}: {err}"]
    for key in ("name", "service"):
        if not isinstance(incident.get(key), str):
            problems.append(f"{name}: incident.toml needs a string `{key}`")
    onset = None
    if "onset" in incident:
        onset = dt.datetime.fromisoformat(incident["onset"].replace("Z", "+00:00"))
    for key in ("culprit", "root_cause", "fix_files"):
        if key not in answer:
            problems.append(f"{name}: answer.toml needs `{key}`")
    logs_dir = os.path.join(folder, "logs")
    logs = sorted(f for f in os.listdir(logs_dir) if f.endswith(".log")) if os.path.isdir(logs_dir) else []
    if not logs:
        problems.append(f"{name}: no logs/*.log")
    for file_name in incident.get("line_formats", {}):
        if file_name not in logs:
            problems.append(f"{name}: line_formats names {file_name}, which is not in logs/")
    lines = []
    for log in logs:
        with open(os.path.join(logs_dir, log), encoding="utf-8", errors="replace") as handle:
            lines.extend(handle.read().splitlines())
    for pattern in answer.get("root_cause", []):
        try:
            regex = re.compile(pattern)
        except re.error as err:
            problems.append(f"{name}: root_cause {pattern!r} is not a regex: {err}")
            continue
        if not any(regex.search(line) for line in lines):
            problems.append(f"{name}: root_cause {pattern!r} matches no log line")
    bundle = os.path.join(folder, "repo.bundle")
    culprit = answer.get("culprit")
    if not os.path.exists(bundle):
        if culprit not in (None, "none"):
            problems.append(f"{name}: culprit {culprit} but no repo.bundle")
        return problems
    with tempfile.TemporaryDirectory() as tmp:
        repo_dir = os.path.join(tmp, "repo")
        subprocess.run(["git", "clone", "-q", bundle, repo_dir], check=True, capture_output=True)
        tracked = set(git(repo_dir, "ls-files").split("\n"))
        for path in answer.get("fix_files", []):
            if path not in tracked:
                problems.append(f"{name}: fix_files names {path}, which is not in the repository")
        if culprit != "none":
            if not re.fullmatch(r"[0-9a-f]{40}", culprit or ""):
                problems.append(f"{name}: culprit must be a full sha or \"none\", not {culprit!r}")
                return problems
            try:
                touched = set(git(repo_dir, "show", "--name-only", "--format=", culprit).split())
                when = int(git(repo_dir, "show", "-s", "--format=%at", culprit))
            except subprocess.CalledProcessError:
                return problems + [f"{name}: culprit {culprit} is not in the bundle"]
            if onset and dt.datetime.fromtimestamp(when, dt.timezone.utc) >= onset:
                problems.append(f"{name}: the culprit is not before the onset")
            if not touched & set(answer.get("fix_files", [])):
                problems.append(f"{name}: fix_files share no file with the culprit commit")
        if onset:
            before = git(repo_dir, "log", "--all", f"--until={int(onset.timestamp())}", f"--since={int(onset.timestamp()) - 86400}", "--format=%H").split()
            if not before:
                problems.append(f"{name}: no commit in the 24 h before the onset")
    return problems


def main(argv):
    folders = argv or sorted(
        os.path.join(HERE, d) for d in os.listdir(HERE) if os.path.exists(os.path.join(HERE, d, "incident.toml"))
    )
    problems = []
    for folder in folders:
        found = check(folder)
        problems.extend(found)
        print(f"{os.path.basename(folder.rstrip('/')):<26} {'ok' if not found else 'PROBLEMS'}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
