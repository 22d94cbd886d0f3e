#!/usr/bin/env bash
# Secret scanning throughput and recall on one generated source tree: `rolesync scan` against
# detect-secrets (PyPI, installed if missing), the same tree for both, one run.
# Usage: scripts/bench/scan.sh [SIZE_MB=200] [KEYS=200]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=${1:-200}
keys=${2:-200}
build_rolesync release
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); release build"
mkdir -p "$work/tree"
"$python" "$bench_dir/scan_corpus.py" "$work/tree" "$size" "$keys"
bytes=$("$python" -c "import json; print(json.load(open('$work/planted.json'))['bytes'])")

recall() { # recall FOUND_IDS_FILE
  "$python" - "$work/planted.json" "$1" <<'PY'
import json, sys
planted = json.load(open(sys.argv[1]))["planted"]
found = set(open(sys.argv[2]).read().split())
hit = sum(1 for p in planted if f"{p['path']}:{p['line']}" in found)
print(f"{hit}/{len(planted)}")
PY
}

start=$(date +%s.%N)
"$bin" scan "$work/tree" --format json >"$work/rolesync.json" || [ $? = 2 ]
end=$(date +%s.%N)
"$python" -c "
import json,sys
d=json.load(open('$work/rolesync.json'))
print('\n'.join(f['location'].replace('$work/tree/','') for f in d['findings'] if f['kind']=='access-key-id'))" >"$work/rolesync.found"
seconds=$(echo "$end - $start" | bc)
echo "rolesync: $(printf %.2f "$seconds") s, $(echo "scale=2; $bytes / 1048576 / $seconds" | bc) MiB/s, recall $(recall "$work/rolesync.found") key ids"

if ! command -v detect-secrets >/dev/null; then
  "$python" -m pip install --quiet --disable-pip-version-check detect-secrets \
    || "$python" -m pip install --quiet --disable-pip-version-check --break-system-packages detect-secrets
fi
start=$(date +%s.%N)
(cd "$work/tree" && detect-secrets scan --all-files . >"$work/detect.json")
end=$(date +%s.%N)
"$python" -c "
import json
d=json.load(open('$work/detect.json'))
print('\n'.join(f'{path}:{s[\"line_number\"]}' for path, found in d['results'].items() for s in found if s['type']=='AWS Access Key'))" >"$work/detect.found"
seconds=$(echo "$end - $start" | bc)
echo "detect-secrets $(detect-secrets --version): $(printf %.2f "$seconds") s, $(echo "scale=2; $bytes / 1048576 / $seconds" | bc) MiB/s, recall $(recall "$work/detect.found") key ids"
