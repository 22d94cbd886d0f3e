#!/usr/bin/env bash
# Runs every rolesync test: pure core, SigV4 vectors, GitStore against real repositories, the
# AWS client and the built binary against a local EC2/IAM/STS emulator the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
# Tests run in parallel: waits on real processes (the binary, the emulator) hold no thread of
# the concurrency pool. The width is bounded because many end-to-end suites each start an
# emulator and run the binary, and more than a few at once overload a small machine.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}"
if [ $# -gt 0 ]; then
  swift test --skip-build "$@"
  exit
fi
# The suites that time lease takeovers, repairs and event latency in seconds run afterwards,
# alone and one test at a time: beside the rest of the suite their daemons are starved of CPU
# and their figures (and limits) stop meaning anything.
timed='ReplicaShardTests|ReplicaLeaseTests|EventDrivenTests'
swift test --skip-build --skip "$timed"
swift test --skip-build --no-parallel --filter "$timed"
