#!/usr/bin/env bash
# Soak: `lookout demo --speed max --loop` under tmux for DURATION seconds
# (default 600), pressing keys now and then (summary drafts, search, help);
# prints RSS every 30 s, then quits, checks for a clean exit (no panic) and
# verifies the audit log. Usage: benches/soak.sh [SECONDS] [LOOKOUT_BINARY]
set -euo pipefail
DURATION=${1:-600}
BIN=$(realpath "${2:-target/release/lookout}")
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
WORK=$(mktemp -d)
SOCKET=lookout-soak-$$
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
tmux -L "$SOCKET" -f /dev/null new-session -d -x 160 -y 50 -c "$WORK" \
  "env HOME=$WORK $BIN demo --speed max --loop; echo EXIT=\$? > $WORK/exit.txt; sleep 5"
pid=""
for _ in $(seq 1 50); do
  pid=$(pgrep -f "^$BIN demo --speed max --loop" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.2
done
[ -n "$pid" ] || { echo "lookout did not start"; exit 1; }
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
echo "soak: pid $pid, ${DURATION}s"
start=$(date +%s)
first=""
keys=(s / u p s t r e a m Enter Escape "?" "?" m)
i=0
while :; do
  now=$(( $(date +%s) - start ))
  [ -d "/proc/$pid" ] || { echo "lookout exited early"; cat "$WORK/exit.txt" 2>/dev/null; exit 1; }
  if (( now % 30 == 0 )); then
    r=$(rss); first=${first:-$r}
    echo "t=${now}s rss=${r} MB"
    sleep 1
  fi
  (( now >= DURATION )) && break
  tmux -L "$SOCKET" send-keys "${keys[$((i % ${#keys[@]}))]}"
  i=$((i + 1))
  sleep 1
done
last=$(rss)
tmux -L "$SOCKET" send-keys Escape Escape q
for _ in $(seq 1 50); do [ -f "$WORK/exit.txt" ] && break; sleep 0.2; done
echo "RSS start ${first} MB, end ${last} MB"
cat "$WORK/exit.txt"
grep -q "EXIT=0" "$WORK/exit.txt"
for log in "$WORK"/.lookout/incidents/*/audit.jsonl; do
  "$BIN" audit verify "$log"
done
