#!/usr/bin/env bash
# Benchmark: a whole AWS Organization on the emulator, with one and with three replicas sharing
# the shards (account x region) through the DynamoDB lease table. The management account and
# MEMBERS member accounts, each with PER_REGION unassociated instances in us-east-1 and
# us-west-2 and the `rolesync` role, all reached through `accounts: {organization: {}}`.
# For each replica count: the time from start to a converged organization (every instance
# associated), then over STEADY in-sync seconds the mean cycle time per replica, the requests
# per organization cycle (every shard read once) by action, and each replica's peak memory
# (VmHWM). Requests go through a counting proxy.
# Usage: scripts/bench/org.sh [MEMBERS] [PER_REGION] [release|debug] [STEADY]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
members=${1:-49}
per_region=${2:-2}
config=${3:-release}
steady=${4:-30}
regions=(us-east-1 us-west-2)
export AWS_REGION=us-east-1

echo "==> building rolesync ($config)"
build_rolesync "$config"
start_emulator
start_proxy
endpoint="http://127.0.0.1:$emulator_port"
echo "==> seeding an organization: the management account and $members members, $per_region instances per region"
"$python" "$bench_dir/org_fleet.py" "$endpoint" "$members" "$per_region" "${regions[@]}"
accounts=$((members + 1))
shards=$((accounts * ${#regions[@]}))
instances=$((shards * per_region))

repo="$work/desired"
make_org_repo "$repo" app-ec2 enforce "${regions[@]}"

# metric PORT SERIES: the sum of a series' samples from /metrics (0 when absent).
metric() {
  curl -sf "http://127.0.0.1:$1/metrics" | awk -v s="$2" 'index($1, s) == 1 { total += $2 } END { print total + 0 }'
}

# associated PORT: how many associate actions a replica has carried out.
associated() {
  curl -sf "http://127.0.0.1:$1/metrics" |
    awk '/^rolesync_actions_total/ && /type="associate"/ && /status="succeeded"/ { total += $2 } END { printf "%d\n", total }'
}

# run_replicas K: K daemons from a drifted organization to a converged one, then in sync.
run_replicas() {
  local k=$1 ports=() daemons=()
  for i in $(seq 1 "$k"); do
    XDG_CACHE_HOME="$work/cache-$k-$i" "$bin" run --repo "$repo" --endpoint-url "http://127.0.0.1:$proxy_port" \
      --listen 127.0.0.1:0 --interval 2s --drift-interval 1h --lease-table rolesync-leases --failover 10s \
      --replica-id "replica-$i" >"$work/run-$k-$i.out" 2>"$work/run-$k-$i.err" &
    daemons+=($!)
    pids+=($!)
  done
  local started=$(date +%s.%N)
  for i in $(seq 1 "$k"); do
    local port=""
    for _ in $(seq 1 300); do
      port=$(grep -oE 'on http://127\.0\.0\.1:[0-9]+' "$work/run-$k-$i.out" | grep -oE '[0-9]+$' || true)
      [ -n "$port" ] && break
      sleep 0.1
    done
    [ -n "$port" ] || { echo "replica $i did not start" >&2; cat "$work/run-$k-$i.err" >&2; return 1; }
    ports+=("$port")
  done
  while :; do
    local done=0
    for port in "${ports[@]}"; do
      done=$((done + $(associated "$port")))
    done
    [ "$done" -ge "$instances" ] && break
    sleep 0.2
  done
  local converged=$(date +%s.%N)
  sleep 6 # let the last cycles and any lease steals settle
  local lines_before=$(wc -l <"$proxy_log") sums_before=() counts_before=()
  for port in "${ports[@]}"; do
    sums_before+=("$(metric "$port" rolesync_reconcile_duration_seconds_sum)")
    counts_before+=("$(metric "$port" rolesync_reconcile_duration_seconds_count)")
  done
  sleep "$steady"
  local lines_after=$(wc -l <"$proxy_log")
  local cycles_total=0 report=""
  for i in $(seq 0 $((k - 1))); do
    local port=${ports[$i]}
    local sum=$(metric "$port" rolesync_reconcile_duration_seconds_sum)
    local count=$(metric "$port" rolesync_reconcile_duration_seconds_count)
    local cycles=$(awk -v a="$count" -v b="${counts_before[$i]}" 'BEGIN { print a - b }')
    local mean=$(awk -v s="$sum" -v sb="${sums_before[$i]}" -v c="$cycles" 'BEGIN { printf "%.2f", (c > 0 ? (s - sb) / c : 0) }')
    local owned=$(metric "$port" rolesync_lease_shards_owned)
    local hwm=$(awk '/VmHWM/ { print $2 }' "/proc/${daemons[$i]}/status")
    cycles_total=$(awk -v t="$cycles_total" -v c="$cycles" 'BEGIN { print t + c }')
    report+="    replica-$((i + 1)): $owned shards, $cycles cycles, mean cycle ${mean} s, peak memory ${hwm} kB"$'\n'
  done
  local org_cycles=$(awk -v t="$cycles_total" -v k="$k" 'BEGIN { print t / k }')
  echo "==> $k replica(s), $accounts accounts x ${#regions[@]} regions = $shards shards, $instances instances"
  printf '    converged %.1f s after start\n' "$(awk -v a="$converged" -v b="$started" 'BEGIN { print a - b }')"
  printf '%s' "$report"
  printf '    in sync for %s s: %s requests, %.1f organization cycles, %.0f requests per organization cycle\n' \
    "$steady" "$((lines_after - lines_before))" "$org_cycles" \
    "$(awk -v r="$((lines_after - lines_before))" -v c="$org_cycles" 'BEGIN { print (c > 0 ? r / c : 0) }')"
  echo "    per action per organization cycle:"
  sed -n "$((lines_before + 1)),${lines_after}p" "$proxy_log" | awk -v c="$org_cycles" '
    { n[$1 " " $2]++ } END { for (a in n) printf "      %-48s %7.1f\n", a, n[a] / c }' | sort
  for pid in "${daemons[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${daemons[@]}"; do wait "$pid" 2>/dev/null || true; done
}

run_replicas 1
echo "==> detaching every profile again"
"$python" "$bench_dir/org_fleet.py" "$endpoint" --detach "${regions[@]}"
run_replicas 3
