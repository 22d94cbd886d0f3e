#!/usr/bin/env bash
# Builds the libFuzzer harnesses under Fuzz/ and runs each for SECONDS (default 60). A crash, a
# hang (one input running over 2 s) or a memory blow-up (over 2 GB) fails the run and prints the
# reproducer's path; replay it with `.build/debug/fuzz-<name> <file>`.
#
# The harnesses build in the normal build folder with ROLESYNC_FUZZ=1: only the project's own
# modules (RoleSyncCore, AWSClient) are recompiled with the fuzzer's coverage instrumentation,
# and every dependency is reused as built, so the fuzz build takes a minute or two after a test
# build instead of a second cold build of everything under the sanitizers. A normal build
# afterwards recompiles those two modules without it.
#
#   scripts/fuzz.sh [SECONDS]        FUZZ_HARNESSES=xml scripts/fuzz.sh 300
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
read -r -a harnesses <<<"${FUZZ_HARNESSES:-manifest userdata xml}"

# Package.swift declares the harnesses, and instruments the project's modules, only when set.
export ROLESYNC_FUZZ=1
# libFuzzer reports crashes itself; the Swift backtracer would hold each crash up for seconds.
export SWIFT_BACKTRACE=enable=no
build=(swift build -c debug)
for name in "${harnesses[@]}"; do
  echo "==> building fuzz-$name"
  start=$SECONDS
  "${build[@]}" --product "fuzz-$name" 2>&1 | grep -v "Cannot export local symbol" | tail -1
  echo "    built in $((SECONDS - start)) s"
done
bin=$("${build[@]}" --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/rolesync-fuzz.XXXXXX")
# Seeds that need no committing: the example manifests and the recorded EC2 answers, cut
# out of the exchanges (everything after the blank line that follows `--- RESPONSE`).
mkdir -p "$work/seeds/manifest" "$work/seeds/xml" "$work/seeds/userdata"
find examples manifests -name '*.yaml' -exec cp {} "$work/seeds/manifest/" \;
for exchange in Tests/Vectors/ec2-query-samples/http_*.txt; do
  awk '/^--- RESPONSE/ { state = 1; next } state == 1 && /^\r?$/ { state = 2; next } state == 2' \
    "$exchange" >"$work/seeds/xml/$(basename "$exchange" .txt).xml"
done

failed=0
for name in "${harnesses[@]}"; do
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  log="$work/$name/fuzz.log"
  echo "==> fuzz-$name for $seconds s"
  status=0
  # The outer timeout only guards against libFuzzer itself wedging.
  timeout $((seconds + 120)) "$bin/fuzz-$name" \
    -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/$name/artifacts/" \
    "$work/$name/corpus" "$work/seeds/$name" "Fuzz/corpus/$name" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  units=$(sed -n 's/^stat::new_units_added: *//p' "$log")
  echo "    executions: ${runs:-?}, new corpus units: ${units:-?}, exit status: $status"
  # A harness built without coverage still "runs" but explores nothing: count it as a failure.
  if grep -q "Is the code instrumented for coverage" "$log"; then
    echo "    no coverage feedback: the harness was built without the fuzzer instrumentation"
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    failed=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|ALARM|Fatal error|.*Fatal error:)' "$log" | head -5 || true
    for artifact in "$work/$name/artifacts"/*; do
      [ -e "$artifact" ] && echo "    reproducer: $artifact"
    done
    echo "    log: $log"
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "fuzzing found a failure; inputs and logs kept in $work" >&2
  exit 1
fi
rm -rf "$work"
echo "==> no crash, hang or memory blow-up"
