#!/usr/bin/env bash
# Benchmark: the health server under N idle connections (default 5000). Starts
# `rolesync run --listen 127.0.0.1:0` on an empty repository (its cycles fail for want of
# AWS; the server does not care), opens N connections that never send a byte, and records
# whether /healthz still answers a new client and how many descriptors the daemon holds.
# Usage: scripts/bench/health-hostile.sh [N] [release|debug]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count=${1:-5000}
config=${2:-debug}
# The clients need a descriptor each; the daemon must not.
ulimit -n "$(ulimit -Hn)"

echo "==> building rolesync ($config)"
build_rolesync "$config"
git init --quiet "$work/desired"
AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 \
  AWS_ENDPOINT_URL=http://127.0.0.1:9 setsid "$bin" run --repo "$work/desired" --listen 127.0.0.1:0 --interval 1h \
  >"$work/run.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/run.log" | head -1 | cut -d: -f3 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/run.log" >&2; exit 1; }
echo "==> daemon pid ${pids[0]} on port $port, fd soft limit $(cat /proc/${pids[0]}/limits | awk '/open files/ {print $4}')"
"$python" "$bench_dir/hostile_clients.py" "$port" "${pids[0]}" "$count"
