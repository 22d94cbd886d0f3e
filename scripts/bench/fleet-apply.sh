#!/usr/bin/env bash
# Benchmark: plan and apply a fleet-wide change. Seeds the emulator with N instances in one
# region (default 1,000, 100 per reservation) of which MISSING have no profile and WRONG carry
# another service's profile (defaults 300 and 200: 500 changes), makes a desired-state
# repository (10 tag assignments, policy maxChanges 1000), then times `rolesync plan`,
# `rolesync apply --auto-approve` and a second `rolesync plan`, which must plan 0 actions.
# Usage: scripts/bench/fleet-apply.sh [N] [MISSING] [WRONG] [release|debug]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count=${1:-1000}
missing=${2:-300}
wrong=${3:-200}
config=${4:-release}
region=us-east-1
export AWS_REGION=$region

echo "==> building rolesync ($config)"
build_rolesync "$config"
start_emulator
echo "==> seeding $count instances: $missing without a profile, $wrong with the wrong one"
seed_start=$(date +%s.%N)
"$python" "$bench_dir/seed_fleet.py" "http://127.0.0.1:$emulator_port" "$region" "$count" \
  "$((count - missing))" "$wrong"
echo "  seeded in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $seed_start }") s"
make_repo "$work/desired" "$region" 10
endpoint="http://127.0.0.1:$emulator_port"

# timed NAME COMMAND...: runs a rolesync command, prints its wall time and its request count.
timed() {
  local name=$1
  shift
  local before after start end status=0
  before=$(grep -c '"POST / HTTP/1.1"' "$emulator_log" || true)
  start=$(date +%s.%N)
  "$bin" "$@" >"$work/$name.out" 2>&1 || status=$?
  end=$(date +%s.%N)
  after=$(grep -c '"POST / HTTP/1.1"' "$emulator_log" || true)
  echo "  $name: $(awk "BEGIN { printf \"%.2f\", $end - $start }") s wall, $((after - before)) requests, exit $status"
  if [ "$status" -ne 0 ]; then
    tail -20 "$work/$name.out" | sed 's/^/    /'
    return "$status"
  fi
}

summary() {
  "$python" -c 'import json,sys; print("  " + sys.argv[2] + ":", json.load(open(sys.argv[1]))["summary"])' "$1" "$2"
}

echo
echo "rolesync against a $count-instance emulator fleet, $((missing + wrong)) changes ($config build):"
timed plan plan --repo "$work/desired" --endpoint-url "$endpoint" --format json --out "$work/plan.json"
summary "$work/plan.json" "plan summary"
timed apply apply --repo "$work/desired" --endpoint-url "$endpoint" --auto-approve
echo "  apply outcomes: $(grep -E '^ *(associate|replace|disassociate) +(succeeded|failed|skipped) ' "$work/apply.out" \
  | awk '{ print $1, $2 }' \
  | sort | uniq -c | awk '{ printf "%s%s %s %d", (NR > 1 ? ", " : ""), $2, $3, $1 }')"
timed replan plan --repo "$work/desired" --endpoint-url "$endpoint" --format json --out "$work/replan.json"
summary "$work/replan.json" "plan after apply"
actions=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["actions"])' "$work/replan.json")
echo "  decision commits: $(git -C "$work/desired" rev-list --count rolesync/decisions 2>/dev/null || echo 0)"

# The client-side token buckets (EC2's documented limits) set a floor for the apply: each
# bucket's calls beyond its burst at its refill rate. The association reads before and after
# each mutation are batched (one filtered listing for many actions), so the mutation buckets
# set it.
awk -v a="$missing" -v r="$wrong" 'BEGIN {
  fa = (a > 100 ? (a - 100) / 5 : 0); fr = (r > 50 ? (r - 50) / 5 : 0)
  floor = fa; if (fr > floor) floor = fr
  printf "  rate-limit floor: associate (%d-100)/5 = %.0f s, replace (%d-50)/5 = %.0f s; ", a, fa, r, fr
  printf "buckets drain in parallel: %.0f s\n", floor
}'
if [ "$actions" -ne 0 ]; then
  echo "FAILED: the plan after apply still has $actions planned actions" >&2
  exit 1
fi
echo "  verified: the plan after apply has 0 planned actions"
