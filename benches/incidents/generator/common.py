"""Shared machinery for the incident scenarios: git repos with fixed dates,
timelines of log lines, Prometheus query_range answers and the two TOML files.

Everything here is deterministic: callers pass a seeded random.Random and fixed
datetimes, git runs with no user or system config, and bundles are packed with
one thread so the same inputs give the same bytes.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile

UTC = dt.timezone.utc


def utc(text):
    """'2026-11-03 14:05:00' -> an aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def rfc3339(when):
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------
# git


class Person:
    def __init__(self, name, email, tz_minutes):
        self.name = name
        self.email = email
        self.tz_minutes = tz_minutes

    def git_date(self, when):
        sign = "+" if self.tz_minutes >= 0 else "-"
        minutes = abs(self.tz_minutes)
        return f"{int(when.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


class Repo:
    """A throwaway git repository whose commits carry the given authors and dates."""

    def __init__(self, default_branch="main"):
        self.dir = tempfile.mkdtemp(prefix="lookout-incident-")
        self.home = tempfile.mkdtemp(prefix="lookout-incident-home-")
        self.files = {}
        self.shas = []
        self.pending = []
        self._git("init", "-q", "-b", default_branch)

    def schedule(self, chores):
        """Routine commits, (when, author, message, files_fn) each, committed in
        date order between the scenario's own commits; files_fn(repo) gives the
        files from the tree as it is then."""
        self.pending = sorted(self.pending + list(chores), key=lambda chore: chore[0])

    def _due(self, before):
        while self.pending and (before is None or self.pending[0][0] < before):
            when, author, message, files_fn = self.pending.pop(0)
            self._commit_now(when, author, message, files_fn(self), None)

    def _env(self, extra=None):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "TZ": "UTC",
            "LC_ALL": "C",
        }
        env.update(extra or {})
        return env

    def _git(self, *args, extra_env=None):
        result = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "pack.threads=1", *args],
            cwd=self.dir,
            env=self._env(extra_env),
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def commit(self, when, author, message, files, committer=None):
        """Writes files (path -> text, or None to delete) and commits them.
        Returns the full sha. Scheduled routine commits dated earlier go first."""
        self._due(when)
        return self._commit_now(when, author, message, files, committer)

    def _commit_now(self, when, author, message, files, committer):
        committer = committer or author
        for path, text in files.items():
            full = os.path.join(self.dir, path)
            if text is None:
                os.remove(full)
                self.files.pop(path, None)
                continue
            os.makedirs(os.path.dirname(full) or self.dir, exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            self.files[path] = text
        self._git("add", "-A")
        self._git(
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
            extra_env={
                "GIT_AUTHOR_NAME": author.name,
                "GIT_AUTHOR_EMAIL": author.email,
                "GIT_AUTHOR_DATE": author.git_date(when),
                "GIT_COMMITTER_NAME": committer.name,
                "GIT_COMMITTER_EMAIL": committer.email,
                "GIT_COMMITTER_DATE": committer.git_date(when),
            },
        )
        sha = self._git("rev-parse", "HEAD")
        self.shas.append(sha)
        return sha

    def edit(self, path, old, new, count=1):
        """The current text of path with old replaced by new (old must be present)."""
        text = self.files[path]
        if old not in text:
            raise ValueError(f"{path}: {old!r} not found")
        return text.replace(old, new, count)

    def bundle(self, out_path):
        self._due(None)
        if os.path.exists(out_path):
            os.remove(out_path)
        self._git("bundle", "create", "-q", out_path, "--all")

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)


# ---------------------------------------------------------------------------
# logs


class Log:
    """One log file: (time, text) entries, written sorted by time. A text may
    hold several lines (a stack trace) that stay together."""

    def __init__(self, name):
        self.name = name
        self.entries = []

    def add(self, when, text):
        self.entries.append((when, len(self.entries), text))

    def write(self, logs_dir):
        path = os.path.join(logs_dir, self.name)
        self.entries.sort(key=lambda entry: (entry[0], entry[1]))
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            for _, _, text in self.entries:
                handle.write(text.rstrip("\n") + "\n")
        return sum(text.count("\n") + 1 for _, _, text in self.entries)


def poisson_times(rng, start, end, per_minute):
    """Event times of a Poisson process with the given rate (events/minute)."""
    times = []
    if per_minute <= 0:
        return times
    t = start
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(per_minute / 60.0))
        if t >= end:
            return times
        times.append(t)


def weighted(rng, choices):
    """choices: list of (weight, value)."""
    total = sum(weight for weight, _ in choices)
    pick = rng.uniform(0, total)
    for weight, value in choices:
        pick -= weight
        if pick <= 0:
            return value
    return choices[-1][1]


def emit(rng, log, start, end, per_minute, makers):
    """Fills log with lines from weighted makers (each maker(t) -> text)."""
    for when in poisson_times(rng, start, end, per_minute):
        log.add(when, weighted(rng, makers)(when))


def hexid(rng, n=16):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def ip(rng, prefix="10.42"):
    return f"{prefix}.{rng.randint(0, 15)}.{rng.randint(2, 250)}"


def ms(rng, mean, spread=0.5):
    return max(1, int(rng.lognormvariate(0, spread) * mean))


# ---------------------------------------------------------------------------
# metrics


def query_range(series, start, end, step_s):
    """series: list of (labels dict, fn(t) -> float or None). Returns the JSON
    text of a Prometheus /api/v1/query_range success response."""
    result = []
    begin = int(start.timestamp())
    finish = int(end.timestamp())
    for labels, fn in series:
        values = []
        for ts in range(begin, finish + 1, step_s):
            value = fn(dt.datetime.fromtimestamp(ts, UTC))
            if value is not None:
                values.append([ts, _number(value)])
        result.append({"metric": labels, "values": values})
    body = {"status": "success", "data": {"resultType": "matrix", "result": result}}
    return json.dumps(body, indent=1) + "\n"


def _number(value):
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"


# ---------------------------------------------------------------------------
# the scenario folder


def toml_string(text):
    return json.dumps(text, ensure_ascii=False)


def toml_literal(text):
    """A literal string ('…', no escapes) when possible, so regexes and line
    formats read as written; a basic string otherwise."""
    if "'" in text or "\n" in text or any(ord(c) < 32 for c in text):
        return toml_string(text)
    return f"'{text}'"


def toml_list(items):
    if not items:
        return "[]"
    inner = ",\n".join(f"  {toml_literal(item)}" for item in items)
    return f"[\n{inner},\n]"


def write_scenario(
    out_dir,
    *,
    name,
    service,
    onset,
    description,
    logs,
    line_formats=None,
    metrics=None,
    repo=None,
    culprit,
    root_cause,
    fix_files,
    explanation,
):
    """Replaces out_dir's generated files with this scenario."""
    for sub in ("logs", "metrics"):
        shutil.rmtree(os.path.join(out_dir, sub), ignore_errors=True)
    os.makedirs(os.path.join(out_dir, "logs"), exist_ok=True)
    line_count = 0
    for log in logs:
        line_count += log.write(os.path.join(out_dir, "logs"))
    metric_files = []
    if metrics:
        os.makedirs(os.path.join(out_dir, "metrics"), exist_ok=True)
        for file_name, text in metrics.items():
            with open(os.path.join(out_dir, "metrics", file_name), "w", encoding="utf-8") as handle:
                handle.write(text)
            metric_files.append(file_name)
    bundle = os.path.join(out_dir, "repo.bundle")
    if repo is not None:
        repo.bundle(bundle)
    elif os.path.exists(bundle):
        os.remove(bundle)

    incident = [f"# {line}".rstrip() for line in description.strip().splitlines()]
    incident += [
        "",
        f"name = {toml_string(name)}",
        f"service = {toml_string(service)}",
        f"onset = {toml_string(rfc3339(onset))}",
    ]
    if line_formats:
        incident += ["", "[line_formats]"]
        for file_name, fmt in line_formats.items():
            incident.append(f"{toml_string(file_name)} = {toml_literal(fmt)}")
    with open(os.path.join(out_dir, "incident.toml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(incident) + "\n")

    answer = [f"# {line}".rstrip() for line in explanation.strip().splitlines()]
    answer += [
        "",
        f"culprit = {toml_string(culprit)}",
        f"root_cause = {toml_list(root_cause)}",
        f"fix_files = {toml_list(fix_files)}",
    ]
    with open(os.path.join(out_dir, "answer.toml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(answer) + "\n")
    return {"name": name, "lines": line_count, "metrics": metric_files}
