#!/usr/bin/env bash
# Secret scanning throughput and recall, every scanner on the same inputs in one run:
#  1. a generated source tree of SIZE_MB with KEYS planted key pairs: `rolesync scan` (three
#     runs) against detect-secrets (PyPI);
#  2. a generated Git history of COMMITS commits with HISTORY_KEYS planted keys (some moved or
#     deleted later): `rolesync scan --git` against truffleHog 2 (PyPI, the version that walks
#     history itself), recall counted per key with the commit that first brought it.
# Usage: scripts/bench/scan.sh [SIZE_MB=200] [KEYS=200] [COMMITS=2000] [HISTORY_KEYS=100]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=${1:-200}
keys=${2:-200}
commits=${3:-2000}
history_keys=${4:-100}
build_rolesync release
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); release build"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check detect-secrets==1.5.0 truffleHog==2.2.1

seconds_since() { echo "$(date +%s.%N) - $1" | bc; }
rate() { echo "scale=3; $1 / 1048576 / $2" | bc; }

# --- 1. the source tree
mkdir -p "$work/tree"
"$python" "$bench_dir/scan_corpus.py" "$work/tree" "$size" "$keys"
bytes=$("$python" -c "import json; print(json.load(open('$work/planted.json'))['bytes'])")
tree_recall() { # tree_recall FOUND_FILE: planted key ids reported at their file and line
  "$python" - "$work/planted.json" "$1" <<'PY'
import json, sys
planted = json.load(open(sys.argv[1]))["planted"]
found = set(open(sys.argv[2]).read().split())
print(f"{sum(1 for p in planted if p['path'] + ':' + str(p['line']) in found)}/{len(planted)}")
PY
}
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" scan "$work/tree" --format json >"$work/rolesync.json" || [ $? = 2 ]
  seconds=$(seconds_since "$start")
  "$python" -c "
import json
d = json.load(open('$work/rolesync.json'))
print('\n'.join(f['location'].replace('$work/tree/', '') for f in d['findings'] if f['kind'] == 'access-key-id'))" >"$work/rolesync.found"
  echo "tree, rolesync run $run: $(printf %.2f "$seconds") s, $(rate "$bytes" "$seconds") MiB/s, recall $(tree_recall "$work/rolesync.found") key ids"
done
peak=$( { /usr/bin/time -f %M "$bin" scan "$work/tree" --format json >/dev/null || true; } 2>&1 | tail -1)
echo "tree, rolesync peak RSS: $((peak / 1024)) MiB"

# --- 2. the Git history
"$python" "$bench_dir/history_corpus.py" "$work/history" "$commits" "$history_keys"
history_recall() { # history_recall FOUND_FILE: lines "KEYID_OR_REDACTED COMMIT"
  "$python" - "$work/history-planted.json" "$1" <<'PY'
import json, sys
planted = json.load(open(sys.argv[1]))["planted"]
found = [line.split() for line in open(sys.argv[2]) if line.strip()]
redact = lambda k: f"{k[:4]}…{k[-4:]}"
keys = sum(1 for p in planted if any(f[0] in (p["keyId"], redact(p["keyId"])) for f in found))
first = sum(1 for p in planted if [redact(p["keyId"]), p["commit"]] in found)
print(f"{keys}/{len(planted)} keys" + (f", {first}/{len(planted)} with their first commit" if first else ""))
PY
}
history_bytes=$(git -C "$work/history" rev-list --all --objects | cut -d' ' -f1 | git -C "$work/history" cat-file --batch-check='%(objecttype) %(objectsize)' | awk '$1=="blob"{s+=$2} END{print s}')
echo "history: $commits commits, $(rate "$history_bytes" 1) MiB in distinct blobs"
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" scan --git "$work/history" --format json >"$work/history.json" || [ $? = 2 ]
  seconds=$(seconds_since "$start")
  "$python" -c "
import json
d = json.load(open('$work/history.json'))
print('\n'.join(f['redacted'] + ' ' + f['commit'] for f in d['findings'] if f['kind'] == 'access-key-id'))" >"$work/history.found"
  echo "history, rolesync run $run: $(printf %.2f "$seconds") s, $(rate "$history_bytes" "$seconds") MiB/s of blobs, recall $(history_recall "$work/history.found")"
done
start=$(date +%s.%N)
"$work/venv/bin/trufflehog" --json --regex --entropy=False "file://$work/history" >"$work/trufflehog.json" || true
seconds=$(seconds_since "$start")
"$python" -c "
import json
for line in open('$work/trufflehog.json'):
    if line.strip():
        r = json.loads(line)
        for s in r['stringsFound']: print(s, r['commitHash'])" >"$work/trufflehog.found"
echo "history, truffleHog 2.2.1 (regex rules): $(printf %.2f "$seconds") s, $(rate "$history_bytes" "$seconds") MiB/s of blobs, recall $(history_recall "$work/trufflehog.found")"

# --- 1b. detect-secrets last: the slowest by far
start=$(date +%s.%N)
(cd "$work/tree" && "$work/venv/bin/detect-secrets" scan --all-files . >"$work/detect.json")
seconds=$(seconds_since "$start")
"$python" -c "
import json
d = json.load(open('$work/detect.json'))
print('\n'.join(f'{path}:{s[\"line_number\"]}' for path, found in d['results'].items() for s in found if s['type'] == 'AWS Access Key'))" >"$work/detect.found"
echo "tree, detect-secrets 1.5.0: $(printf %.2f "$seconds") s, $(rate "$bytes" "$seconds") MiB/s, recall $(tree_recall "$work/detect.found") key ids"
