#!/usr/bin/env python3
"""True message type of every line of the real-log corpus, one rule per format.

Each rule reads the format's own definition (cited beside it), never lookout's
output: the message type is what the format's documentation says varies and
what it says is fixed. Usage:

    truth.py FILE                 prints one key per line (the true group)
    truth.py FILE --score PRED    scores `lookout templates --assignments` output:
                                  prints {"ga", "templates", "true"} as JSON
"""
import csv
import json
import os
import re
import sys
from collections import defaultdict

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NUMBERS = re.compile(r"\d+")


def dpkg(line):
    # dpkg(1), "FILES/log": "YYYY-MM-DD HH:MM:SS startup type command",
    # "... status state pkg installed-version", "... action pkg installed-version
    # available-version" (install, upgrade, configure, trigproc, disappear,
    # remove, purge), "... conffile filename decision".
    words = line.split()
    action = words[2]
    if action == "status":
        return f"status {words[3]}"
    if action == "startup":
        return f"startup {words[3]} {words[4]}"
    return action


def alternatives(line):
    # update-alternatives(1) logs its run ("run with <args>") and each change it
    # makes to a link group ("link group <name> updated to point to <path>",
    # "auto mode"/"manual mode" changes): the phrase, with names and paths as values.
    message = line.split(": ", 1)[1]
    if message.startswith("run with"):
        return "run with"
    if message.startswith("link group "):
        return "link group " + " ".join(message.split()[3:6])
    return " ".join(message.split()[:3])


def apt_history(line):
    # apt's history.log: RFC 822-style "Field: value" records (Start-Date,
    # Commandline, Requested-By, Install, Upgrade, Remove, Purge, Error, End-Date).
    return line.split(":", 1)[0]


# dpkg's own messages in its terminal output (dpkg's po/dpkg.pot): the package,
# version and counts are the values.
DPKG_TERM = [
    (re.compile(r"^\(Reading database \.\.\."), "reading database"),
    (re.compile(r"^Selecting previously unselected package \S+\.$"), "selecting"),
    (re.compile(r"^Preparing to unpack \S+ \.\.\.$"), "preparing"),
    (re.compile(r"^Unpacking \S+ \(\S+\) over \(\S+\) \.\.\.$"), "unpacking over"),
    (re.compile(r"^Unpacking \S+ \(\S+\) \.\.\.$"), "unpacking"),
    (re.compile(r"^Setting up \S+ \(\S+\) \.\.\.$"), "setting up"),
    (re.compile(r"^Processing triggers for \S+ \(\S+\) \.\.\.$"), "triggers"),
    (re.compile(r"^Removing \S+ \(\S+\) \.\.\.$"), "removing"),
    (re.compile(r"^Purging configuration files for \S+ \(\S+\) \.\.\.$"), "purging"),
    (re.compile(r"^Log started: "), "log started"),
    (re.compile(r"^Log ended: "), "log ended"),
    # update-alternatives(1) in auto mode, and update-ca-certificates(8).
    (re.compile(r"^update-alternatives: using \S+ to provide \S+ \(\S+\) in auto mode$"), "alternatives using"),
    (re.compile(r"^Adding debian:\S+$"), "adding certificate"),
]


def apt_term(line):
    # apt's term.log: the terminal transcript of dpkg and the maintainer scripts
    # it runs. dpkg's and update-alternatives' messages are matched to their
    # catalog; any other script message is its own type, its numbers the values.
    for pattern, key in DPKG_TERM:
        if pattern.search(line):
            return key
    return "other: " + NUMBERS.sub("N", line.strip())


def prometheus(line):
    # Prometheus logs logfmt (go-kit log): `level` and `msg` name the event;
    # the other keys are its values. A line without msg is named by its keys.
    level = re.search(r"\blevel=(\S+)", line)
    msg = re.search(r'\bmsg=("(?:[^"\\]|\\.)*"|\S+)', line)
    if msg:
        return f"{level.group(1) if level else ''} {msg.group(1)}"
    keys = sorted(k for k in re.findall(r"(?:^| )([a-z_]+)=", line) if k not in ("ts", "caller"))
    return f"{level.group(1) if level else ''} " + ",".join(keys)


ACCESS = re.compile(r'"(?P<method>[A-Z]+) \S+ HTTP/[0-9.]+" (?P<status>\d{3}) ')


def access(line):
    # Common/Combined Log Format (Apache mod_log_config, werkzeug): the request
    # method and the status class name the event; host, time, path, size,
    # referer and agent are values. Other lines (server banners) are their own.
    clean = ANSI.sub("", line)
    m = ACCESS.search(clean + " ")
    if m:
        return f"{m.group('method')} {m.group('status')[0]}xx"
    return "other: " + NUMBERS.sub("N", clean.strip())


def verify_pack(line):
    # git-verify-pack(1) -v: "SHA-1 type size size-in-packfile offset-in-packfile"
    # for undeltified objects and "... depth base-SHA-1" for deltified ones,
    # then the "non delta: N objects" and "chain length = N: M objects" histogram.
    words = line.split()
    if line.startswith("non delta"):
        return "non delta"
    if line.startswith("chain length"):
        return "chain length"
    return f"{words[1]} {'delta' if len(words) == 7 else 'whole'}"


def log_raw(line):
    # git-log(1) --raw with --format=%H: a commit id line, then per changed path
    # ":mode mode sha sha STATUS\tpath" (git-diff(1) "RAW OUTPUT FORMAT"): the
    # status letter (A, C, D, M, R, T, U, X) names the change; R/C carry a score.
    if re.fullmatch(r"[0-9a-f]{40}", line.strip()):
        return "commit"
    return "raw " + line.split()[4][0]


def ls_tree(line):
    # git-ls-tree(1): "<mode> SP <type> SP <object> TAB <file>": one entry per
    # line, its kind the object type (blob, tree, commit); mode, object and
    # file are its values.
    return line.split(" ", 2)[1]


RULES = {
    "dpkg.log": dpkg,
    "alternatives.log": alternatives,
    "apt-history.log": apt_history,
    "apt-term.log": apt_term,
    "prometheus.log": prometheus,
    "moto-server.log": access,
    "lnav-shop-access.log": access,
    "git-verify-pack.txt": verify_pack,
    "git-log-raw.txt": log_raw,
    "git-ls-tree.txt": ls_tree,
}


def keys(path):
    rule = RULES[os.path.basename(path)]
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [rule(line.rstrip("\r")) if line.strip() else "(blank)" for line in lines]


def score(path, pred_path):
    truth = keys(path)
    with open(pred_path, newline="") as f:
        pred = {int(r["LineId"]): r["EventId"] for r in csv.DictReader(f)}
    if len(pred) != len(truth):
        raise SystemExit(f"{pred_path}: {len(pred)} rows for {len(truth)} lines of {path}")
    true_groups, pred_groups = defaultdict(set), defaultdict(set)
    for line, key in enumerate(truth, start=1):
        true_groups[key].add(line)
        pred_groups[pred[line]].add(line)
    exact = {frozenset(g) for g in true_groups.values()}
    right = sum(len(g) for g in pred_groups.values() if frozenset(g) in exact)
    return {"ga": right / len(truth), "templates": len(pred_groups), "true": len(true_groups)}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--score":
        print(json.dumps(score(sys.argv[1], sys.argv[3])))
    elif len(sys.argv) == 2:
        print("\n".join(keys(sys.argv[1])))
    else:
        raise SystemExit(__doc__)
