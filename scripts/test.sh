#!/usr/bin/env bash
# Runs every rolesync test: pure core, SigV4 vectors, GitStore against real repositories, the
# AWS client and the built binary against a local EC2/IAM/STS emulator the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
# Tests run in parallel: waits on real processes (the binary, the emulator) hold no thread of
# the concurrency pool. The width is bounded because many end-to-end suites each start an
# emulator and run the binary, and more than a few at once overload a small machine and
# stretch the timing the lease and daemon tests measure. Set the variable to change it.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}"
swift test --skip-build "$@"
