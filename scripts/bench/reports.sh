#!/usr/bin/env bash
# Report rendering: `rolesync show` of a saved plan as markdown (the pull-request comment) and as
# HTML, and the HTML report's load in headless Chromium (the script has run when the page's
# `data-ready` attribute is set; its value is the page's own performance.now() at that moment).
# Usage: scripts/bench/reports.sh [RENDER_FINDINGS=40000] [BROWSER_FINDINGS=1000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
render_count=${1:-40000}
browser_count=${2:-1000}
build_rolesync release
chromium=$(command -v chromium || command -v chromium-browser)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); release build"

"$python" "$bench_dir/saved_plan.py" "$render_count" "$work/big.json" review
actions=$("$python" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['actions']))" "$work/big.json")
echo "render: $render_count findings, $actions actions, review of $render_count instances (markdown is the comment, cut at 65,000 characters)"
for format in markdown html; do
  times=()
  for _ in 1 2 3 4 5; do
    times+=("$( { /usr/bin/time -f %e "$bin" show "$work/big.json" --format "$format" --out "$work/out.$format" >/dev/null; } 2>&1 )")
  done
  echo "  $format: ${times[*]} s wall; $(wc -c <"$work/out.$format") bytes"
done

"$python" "$bench_dir/saved_plan.py" "$browser_count" "$work/small.json"
"$bin" show "$work/small.json" --format html --out "$work/report.html"
echo '<!DOCTYPE html><html><body></body></html>' >"$work/blank.html"
browse() {
  "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-crash-reporter \
    --user-data-dir="$work/profile" --dump-dom "file://$1" 2>/dev/null
}
browse "$work/blank.html" >/dev/null # the first launch sets up the profile
echo "browser: $browser_count findings, $(wc -c <"$work/report.html") bytes of HTML"
for _ in 1 2 3 4 5; do
  start=$(date +%s.%N)
  ready=$(browse "$work/report.html" | grep -o 'data-ready="[0-9]*"' | head -1)
  middle=$(date +%s.%N)
  browse "$work/blank.html" >/dev/null
  end=$(date +%s.%N)
  echo "  page ready at ${ready#data-ready=} ms; browser wall $(echo "$middle - $start" | bc) s (blank page $(echo "$end - $middle" | bc) s)"
done
