#!/usr/bin/env bash
# Grouping accuracy of `lookout templates` on logs written by real software
# (benches/real-logs/README.md: sources, licences, and the rule per format
# that gives each line its true message type from the format's definition).
# Per file: GA, and the template count against the true count. Only a
# timestamp prefix is given as --line-format, where the format has one.
#
# Usage: bash benches/real_logs.sh
# Env:   LOOKOUT=path/to/lookout (default: release build in $CARGO_TARGET_DIR or target/)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${LOOKOUT:-$target/release/lookout}"
if [[ -z "${LOOKOUT:-}" ]]; then
    cargo build --release --quiet --bin lookout
fi
corpus=benches/real-logs
pred="$(mktemp -d)"
trap 'rm -rf "$pred"' EXIT
# file <TAB> line format ("-": the whole line is the message)
formats=$(cat <<'TSV'
dpkg.log	<Date> <Time> <Content>
alternatives.log	update-alternatives <Date> <Time>: <Content>
apt-history.log	-
apt-term.log	-
prometheus.log	-
moto-server.log	-
lnav-shop-access.log	-
git-verify-pack.txt	-
git-log-raw.txt	-
git-ls-tree.txt	-
TSV
)
printf '%-22s %7s  %-7s %s\n' file lines GA "templates/true"
total=0
while IFS=$'\t' read -r file format; do
    args=()
    [[ "$format" == "-" ]] || args=(--line-format "$format")
    "$bin" templates "$corpus/$file" "${args[@]}" --assignments "$pred/$file.csv" > /dev/null
    result=$(python3 "$corpus/truth.py" "$corpus/$file" --score "$pred/$file.csv")
    lines=$(($(wc -l < "$pred/$file.csv") - 1))
    total=$((total + lines))
    python3 - "$file" "$lines" "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[3])
ratio = r["templates"] / r["true"]
print(f"{sys.argv[1]:<22} {sys.argv[2]:>7}  {r['ga']:.4f}  {r['templates']}/{r['true']} ({ratio:.2f}x)")
PY
done <<< "$formats"
echo "$total lines"
