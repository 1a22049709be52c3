#!/usr/bin/env bash
# Grouping accuracy of `lookout templates` on the shared Loghub-2k datasets.
#
# For every dataset folder it mines <Name>_2k.log with ONLY that dataset's
# `log_format` from settings.json (no regexes, no thresholds: the masks and the
# mining rules are built in and the same for every file), writes per-line
# assignments, and scores them with the shared loghub_ga.py (GA and PA, the
# template-text accuracy), adding FGA (F1 over groups: a predicted group counts
# when its lines are exactly a true group's, as Loghub-2.0 reports it).
#
# Then the honest figure, leave-one-out GA: the miner's thresholds (min_values,
# skew, unseen, open_values; see src/ingest/mine/vocabulary.rs) are chosen on
# 11 sets from a grid and the 12th is scored with that choice, for each of the
# 12. It is printed beside the plain mean of the built-in thresholds.
#
# Usage: bash benches/loghub_ga.sh [DATA_DIR]
#        (default: shared/data/loghub-2k in the nearest folder above the crate)
#        Another folder laid out alike (held-out sets) may be passed; LOO=0
#        skips the leave-one-out search.
# Env:   LOOKOUT=path/to/lookout (default: release build in $CARGO_TARGET_DIR or target/)
set -euo pipefail
cd "$(dirname "$0")/.."
# The shared folder sits beside the checkout (or beside its worktree folder).
shared=""
for dir in .. ../.. ../../..; do
    if [[ -d "$dir/shared/data/loghub-2k" ]]; then shared="$dir/shared"; break; fi
done
data="${1:-$shared/data/loghub-2k}"
scorer="${SCORER:-$shared/tools/loghub_ga.py}"
target="${CARGO_TARGET_DIR:-target}"
bin="${LOOKOUT:-$target/release/lookout}"
if [[ -z "${LOOKOUT:-}" ]]; then
    cargo build --release --quiet --bin lookout
fi
pred="$(mktemp -d)"
trap 'rm -rf "$pred"' EXIT
python3 - "$data/settings.json" > "$pred/formats.tsv" <<'PY'
import json, sys
for name, s in sorted(json.load(open(sys.argv[1])).items()):
    print(f"{name}\t{s['log_format']}")
PY

# mine RULES OUT_DIR: assignments of every dataset under RULES (empty: built in).
mine() {
    mkdir -p "$2"
    while IFS=$'\t' read -r name format; do
        log="$data/$name/${name}_2k.log"
        [[ -f "$log" ]] || continue
        LOOKOUT_MINER_RULES="$1" "$bin" templates "$log" --line-format "$format" \
            --assignments "$2/$name.csv" > /dev/null
    done < "$pred/formats.tsv"
}

mine "" "$pred/default"
python3 "$scorer" --all "$data" --pred-dir "$pred/default"

# GA and FGA of one prediction folder, per dataset, as JSON.
cat > "$pred/score.py" <<'PY'
import csv, json, os, sys
from collections import defaultdict
csv.field_size_limit(1 << 30)
data, folder = sys.argv[1], sys.argv[2]
out = {}
for name in sorted(os.listdir(folder)):
    if not name.endswith(".csv"):
        continue
    name = name[:-4]
    truth = {int(r["LineId"]): r["EventTemplate"] for r in
             csv.DictReader(open(f"{data}/{name}/{name}_2k.log_structured.csv", encoding="utf-8-sig"))}
    pred = {int(r["LineId"]): r["EventId"] for r in csv.DictReader(open(f"{folder}/{name}.csv"))}
    true_groups, pred_groups = defaultdict(set), defaultdict(set)
    for line, template in truth.items():
        true_groups[template].add(line)
        pred_groups[pred[line]].add(line)
    exact = {frozenset(g) for g in true_groups.values()}
    right = [g for g in pred_groups.values() if frozenset(g) in exact]
    ga = sum(len(g) for g in right) / len(truth)
    p, r = len(right) / len(pred_groups), len(right) / len(true_groups)
    out[name] = {"ga": ga, "fga": 2 * p * r / (p + r) if p + r else 0.0}
print(json.dumps(out))
PY
python3 "$pred/score.py" "$data" "$pred/default" > "$pred/default.json"
python3 - "$pred/default.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for name, v in s.items():
    print(f"{name:<12} FGA {v['fga']:.4f}")
print(f"{'mean':<12} FGA {sum(v['fga'] for v in s.values()) / len(s):.4f}")
PY

[[ "${LOO:-1}" == "1" ]] || exit 0
# The grid the leave-one-out search chooses from (the built-in rules are one point).
points=()
for min_values in 3 4 5; do
    for skew in 0.25 0.5; do
        for unseen in 0.5 0.75 1; do
            for open_values in 8 12; do
                points+=("min_values=$min_values,skew=$skew,unseen=$unseen,open_values=$open_values")
            done
        done
    done
done
for i in "${!points[@]}"; do
    mine "${points[$i]}" "$pred/grid$i"
    python3 "$pred/score.py" "$data" "$pred/grid$i" > "$pred/grid$i.json"
done
printf '%s\n' "${points[@]}" > "$pred/points.txt"
python3 - "$pred" "${#points[@]}" <<'PY'
import json, sys
folder, n = sys.argv[1], int(sys.argv[2])
points = open(f"{folder}/points.txt").read().split("\n")
grid = [json.load(open(f"{folder}/grid{i}.json")) for i in range(n)]
default = json.load(open(f"{folder}/default.json"))
names = sorted(default)
loo = []
print("leave-one-out: thresholds chosen on the other sets, GA on this one")
for held in names:
    rest = [x for x in names if x != held]
    best = max(range(n), key=lambda i: (sum(grid[i][x]["ga"] for x in rest), -i))
    loo.append(grid[best][held]["ga"])
    print(f"{held:<12} LOO GA {loo[-1]:.4f}  (chose {points[best]})")
plain = sum(default[x]["ga"] for x in names) / len(names)
print(f"mean         GA {plain:.4f} (built-in thresholds)   LOO GA {sum(loo) / len(loo):.4f}")
PY
