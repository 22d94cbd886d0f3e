#!/usr/bin/env bash
# Runs every rolesync test: pure core, SigV4 vectors, GitStore against real repositories, the
# AWS client and the built binary against a local EC2/IAM/STS emulator the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
# One test at a time: the end-to-end tests wait on real processes (the binary, the emulator),
# and on a two-core machine parallel waits starve the concurrency pool the other tests need.
swift test --skip-build --no-parallel "$@"
