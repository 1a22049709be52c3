#!/usr/bin/env bash
# Grouping accuracy of `lookout templates` on the shared Loghub-2k datasets.
#
# For every dataset folder it mines <Name>_2k.log with ONLY that dataset's
# `log_format` from settings.json (no regexes, no thresholds: the masks and the
# similarity rule are built in and the same for every file), writes per-line
# assignments, and scores them with the shared loghub_ga.py: a table per dataset,
# then the mean GA.
#
# Usage: bash benches/loghub_ga.sh [DATA_DIR]
#        (default: shared/data/loghub-2k in the nearest folder above the crate)
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
while IFS=$'\t' read -r name format; do
    log="$data/$name/${name}_2k.log"
    [[ -f "$log" ]] || continue
    "$bin" templates "$log" --line-format "$format" --assignments "$pred/$name.csv" > /dev/null
done < "$pred/formats.tsv"
rm "$pred/formats.tsv"
python3 "$scorer" --all "$data" --pred-dir "$pred"
