#!/usr/bin/env bash
# Benchmark: the daemon over time. Two measurements against the emulator:
#   converge  N CHANGES  — a fleet of N instances in one region, all in sync; one commit moves
#                          CHANGES of them to another profile; the time from the commit to a
#                          fleet that matches it, with the daemon polling every 2 s, and with
#                          the signed push webhook (interval 1h, so only the push can start it).
#   soak      N CYCLES   — resident memory of `rolesync run` after 10 and after CYCLES converge
#                          cycles (interval 100ms) on a small fleet.
# Usage: scripts/bench/daemon.sh converge [N] [CHANGES] [release|debug]
#        scripts/bench/daemon.sh soak [N] [CYCLES] [release|debug]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mode=${1:-converge}
count=${2:-200}
second=${3:-50}
config=${4:-release}
region=us-east-1
export AWS_REGION=$region

build_rolesync "$config"
start_emulator
endpoint="http://127.0.0.1:$emulator_port"
"$python" "$bench_dir/seed_fleet.py" "$endpoint" "$region" "$count" "$count" 0 50 >/dev/null
make_repo "$work/desired" "$region" 10

# metric PORT SERIES: a sample's value from /metrics (0 when absent).
metric() {
  curl -sf "http://127.0.0.1:$1/metrics" | awk -v s="$2" '$1 == s { print $2; found=1 } END { if (!found) print 0 }'
}

# start_daemon ARGS...: starts `rolesync run` in the background; sets $daemon_pid and $daemon_port.
start_daemon() {
  "$bin" run --repo "$work/desired" --endpoint-url "$endpoint" --listen 127.0.0.1:0 "$@" \
    >"$work/daemon.out" 2>"$work/daemon.err" &
  daemon_pid=$!
  pids+=("$daemon_pid")
  for _ in $(seq 1 200); do
    daemon_port=$(grep -oE 'on http://127\.0\.0\.1:[0-9]+' "$work/daemon.out" | grep -oE '[0-9]+$' || true)
    [ -n "$daemon_port" ] && return 0
    sleep 0.1
  done
  echo "the daemon did not start" >&2
  cat "$work/daemon.err" >&2
  return 1
}

stop_daemon() {
  kill -TERM "$daemon_pid" 2>/dev/null || true
  wait "$daemon_pid" 2>/dev/null || true
}

# wait_cycles N: until the daemon has finished N converge cycles.
wait_cycles() {
  while :; do
    local done
    done=$(metric "$daemon_port" 'rolesync_reconcile_total{result="success"}')
    [ "${done%.*}" -ge "$1" ] && return 0
    sleep 0.05
  done
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$daemon_pid/status"; }

# converge_after_commit PROFILE: commits CHANGES instances onto PROFILE by id, then polls the
# fleet until they all carry it; prints the seconds from the commit.
converge_after_commit() {
  local profile=$1 ids
  ids=$("$python" - "$endpoint" "$region" "$second" <<'PY'
import boto3, sys
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name=sys.argv[2])
ids = sorted(i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"])
print(",".join(ids[: int(sys.argv[3])]))
PY
)
  cat >"$work/desired/teams/moved.yaml" <<YAML
apiVersion: rolesync.dev/v1
kind: InstanceRoleAssignment
metadata:
  name: moved
spec:
  selector:
    instanceIds: [$ids]
  instanceProfile: $profile
YAML
  git -C "$work/desired" add -A
  git -C "$work/desired" -c user.name=bench -c user.email=bench@example.com commit -qm "Move $second instances to $profile"
  local start
  start=$(date +%s.%N)
  [ -n "${push_secret:-}" ] && push_hook
  "$python" - "$endpoint" "$region" "$ids" "$profile" <<'PY'
import boto3, sys, time
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name=sys.argv[2])
wanted, profile = set(sys.argv[3].split(",")), sys.argv[4]
pages = ec2.get_paginator("describe_iam_instance_profile_associations")
while True:
    done = {a["InstanceId"] for page in pages.paginate() for a in page["IamInstanceProfileAssociations"]
            if a["InstanceId"] in wanted and a["IamInstanceProfile"]["Arn"].endswith("/" + profile)}
    if done == wanted:
        break
    time.sleep(0.1)
PY
  awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }"
}

push_hook() {
  local body='{"ref":"refs/heads/main"}' signature
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$push_secret" | awk '{ print $NF }')
  curl -sf -X POST -H "X-Hub-Signature-256: sha256=$signature" -H 'Content-Type: application/json' \
    --data "$body" "http://127.0.0.1:$daemon_port/hooks/git" >/dev/null
}

case "$mode" in
converge)
  echo "daemon: $count instances, $second changes per commit ($config build)"
  start_daemon --interval 2s --drift-interval 1h
  wait_cycles 1
  echo "  polling every 2s: commit to converged fleet $(converge_after_commit svc-2-ec2) s"
  stop_daemon
  push_secret=bench-secret-$$
  printf '%s' "$push_secret" >"$work/secret"
  start_daemon --interval 1h --drift-interval 1h --webhook-secret-file "$work/secret"
  wait_cycles 1
  echo "  push webhook, interval 1h: commit to converged fleet $(converge_after_commit svc-3-ec2) s"
  stop_daemon
  ;;
soak)
  cycles=$second
  echo "daemon soak: $count instances, $cycles converge cycles at a 100ms interval ($config build)"
  start_daemon --interval 100ms --drift-interval 1h --log-level warning
  wait_cycles 10
  at10=$(rss_kb)
  echo "  after 10 cycles: VmRSS $at10 kB"
  wait_cycles "$cycles"
  at_end=$(rss_kb)
  echo "  after $cycles cycles: VmRSS $at_end kB ($(awk "BEGIN { printf \"%+.1f\", ($at_end - $at10) * 100 / $at10 }")%)"
  stop_daemon
  ;;
*)
  echo "usage: $0 converge|soak [N] [CHANGES|CYCLES] [release|debug]" >&2
  exit 2
  ;;
esac
