#!/usr/bin/env bash
# The full fault-injection figure: `apply` repeated through a proxy that faults RATE of all
# requests (on requests and on replies, seeded), over INSTANCES instances in two regions, until
# it converges; then the checks of FaultInjectionTests (no wrong mutation, lost answers
# recorded as what happened, every run that acted recorded). Prints the `fault-figures:` lines
# RELIABILITY.md quotes. CI runs 30 instances as part of scripts/test.sh.
# Usage: scripts/fault-test.sh [INSTANCES] [RATE] [HANGS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
ROLESYNC_FAULT_INSTANCES="${1:-300}" ROLESYNC_FAULT_RATE="${2:-0.2}" \
  ROLESYNC_FAULT_HANGS="${3:-2}" ROLESYNC_FAULT_SEED="${4:-2026}" \
  swift test --skip-build --filter 'FaultInjectionTests/applyConvergesUnderRandomFaults' >"$log" 2>&1 || status=$?
cat "$log"
echo
grep 'fault-figures:' "$log" || echo "no figures: the test stopped before the end"
exit "$status"
