#!/usr/bin/env bash
# Benchmarks of the pure core and the XML decoder: builds rolesync-bench in release (into
# .build-release) and runs each subcommand under /usr/bin/time -v, which reports the peak
# resident memory of the whole process as the kernel saw it.
# Usage: scripts/bench/core.sh [diff-plan|decode|validate|user-data|all] [extra rolesync-bench flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}
shift || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build -c release --scratch-path .build-release --product rolesync-bench >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/rolesync-bench"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); release build"
subcommands=(diff-plan decode validate user-data)
[ "$which" = all ] || subcommands=("$which")
for subcommand in "${subcommands[@]}"; do
  /usr/bin/time -v "$bin" "$subcommand" "$@" 2>"$log"
  grep -E "Elapsed|Maximum resident" "$log" | sed 's/^\s*/  time -v: /'
done
