#!/usr/bin/env bash
# The full kill test: `apply` SIGKILLed at POINTS points spread over a CHANGES-change apply,
# each followed by a normal `apply` that must converge and account for every mutation sent.
# CI runs a reduced count as part of scripts/test.sh. Usage: scripts/kill-test.sh [POINTS] [CHANGES]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
ROLESYNC_KILL_POINTS="${1:-20}" ROLESYNC_KILL_CHANGES="${2:-100}" \
  swift test --skip-build --filter KillTests
