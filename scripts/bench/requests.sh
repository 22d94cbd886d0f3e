#!/usr/bin/env bash
# Benchmark: how many API requests one full inventory of N instances costs. Seeds the emulator
# with N tagged instances in one region (PER_RESERVATION per reservation, default 100) and N/2
# associations, then runs
# `rolesync drift` and `rolesync plan` through a counting proxy and counts requests per action.
# The emulator's own log ("POST / HTTP/1.1" lines) is the cross-check for the totals.
# Usage: scripts/bench/requests.sh [N] [release|debug] [PER_RESERVATION]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count=${1:-2500}
config=${2:-release}
per_reservation=${3:-100}
associated=$((count / 2))
region=us-east-1
export AWS_REGION=$region

echo "==> building rolesync ($config)"
build_rolesync "$config"
start_emulator
start_proxy
echo "==> seeding $count instances ($per_reservation per reservation), $associated associations in $region"
"$python" "$bench_dir/seed_fleet.py" "http://127.0.0.1:$emulator_port" "$region" "$count" "$associated" 0 "$per_reservation"
make_repo "$work/desired" "$region" 10

ceil() { echo $((($1 + $2 - 1) / $2)); }
reservations=$(ceil "$count" "$per_reservation")
target=$(($(ceil "$count" 1000) + $(ceil "$associated" 1000) + 1 + 1))
emulator_pages=$(($(ceil "$reservations" 1000) + $(ceil "$associated" 100) + 1 + 1))

for command in drift plan; do
  : >"$proxy_log"
  before=$(grep -c '"POST / HTTP/1.1"' "$emulator_log" || true)
  start=$(date +%s.%N)
  "$bin" "$command" --repo "$work/desired" --endpoint-url "http://127.0.0.1:$proxy_port" \
    --format json --out "$work/$command.json"
  end=$(date +%s.%N)
  after=$(grep -c '"POST / HTTP/1.1"' "$emulator_log" || true)
  echo
  echo "rolesync $command, $count instances, $associated associations ($config build):"
  sort "$proxy_log" | uniq -c | sed 's/^/  /'
  echo "  requests: $(wc -l <"$proxy_log") counted by the proxy, $((after - before)) in the emulator log"
  echo "  wall time: $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
  "$python" -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("  summary:", s)' "$work/$command.json"
done
echo
echo "target with AWS page sizes: ceil($count/1000) + ceil($associated/1000) + 1 profile page + 1 GetCallerIdentity = $target"
echo "expected from the emulator's page sizes: ceil($reservations reservations/1000) + ceil($associated/100) + 1 + 1 = $emulator_pages"
