#!/usr/bin/env bash
# Benchmark: peak memory of reading an AWS Organization whole versus one shard at a time. The
# management account and MEMBERS member accounts, each with PER_REGION instances in us-east-1
# and us-west-2, none associated and none wanted (the fleet is in sync, so what a run holds
# besides inventory is nothing), under `mode: observe` so nothing is changed. `rolesync plan`
# reads every shard before diffing (the whole organization in memory); `rolesync run --once`,
# the daemon's cycle, diffs and plans each shard as it is read (at most 16 read at once). Each
# is run RUNS times and its peak resident memory (GNU time's maximum RSS) reported.
# Usage: scripts/bench/shard-memory.sh [MEMBERS] [PER_REGION] [release|debug] [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
members=${1:-49}
per_region=${2:-100}
config=${3:-release}
runs=${4:-3}
regions=(us-east-1 us-west-2)
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true

echo "==> building rolesync ($config)"
build_rolesync "$config"
start_emulator
endpoint="http://127.0.0.1:$emulator_port"
echo "==> seeding an organization: the management account and $members members, $per_region instances per region"
"$python" "$bench_dir/org_fleet.py" "$endpoint" "$members" "$per_region" "${regions[@]}" >/dev/null
shards=$(((members + 1) * ${#regions[@]}))

repo="$work/desired"
make_org_repo "$repo" none observe "${regions[@]}"

# peak LABEL ARGS...: runs rolesync RUNS times, printing each run's seconds and peak memory.
peak() {
  local label=$1
  shift
  for i in $(seq 1 "$runs"); do
    local started=$(date +%s.%N)
    XDG_CACHE_HOME="$work/cache-$label" /usr/bin/time -f '%M' -o "$work/time.out" "$bin" "$@" \
      >"$work/$label.out" 2>"$work/$label.err" || true
    local seconds=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
    cat "$work/$label.out" "$work/$label.err" | grep -E "instances" | tail -1 | sed "s/^/      /"
    printf '    %-28s run %d: %6s s, peak %s kB\n' "$label" "$i" "$seconds" "$(tail -1 "$work/time.out")"
  done
}

echo "==> $((members + 1)) accounts x ${#regions[@]} regions = $shards shards, $((shards * per_region)) instances"
peak "plan (whole read)" plan --repo "$repo" --endpoint-url "$endpoint"
peak "run --once (by shard)" run --once --repo "$repo" --endpoint-url "$endpoint" --listen 127.0.0.1:0 --log-format text
