#!/usr/bin/env bash
# Benchmark: `rolesync validate` on a repository of N valid manifest files (default 5,000).
# Usage: scripts/bench/validate.sh [N] [debug|release]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-5000}
config=${2:-release}
# Release builds go to their own scratch folder so they never invalidate the debug build.
scratch=.build
[ "$config" = release ] && scratch=.build-release
swift build -c "$config" --scratch-path "$scratch" --product rolesync >/dev/null
bin="$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/rolesync"

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
python3 - "$repo" "$count" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    folder = os.path.join(root, "teams", f"team-{n // 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"service-{n:05d}.yaml"), "w") as f:
        f.write(f"""apiVersion: rolesync.dev/v1
kind: InstanceRoleAssignment
metadata:
  name: service-{n:05d}
spec:
  selector:
    tags: {{team: team-{n // 100:03d}, service: service-{n:05d}}}
  regions: [us-east-1, eu-west-1]
  instanceProfile: service-{n:05d}-ec2
""")
PY
git -C "$repo" -c init.defaultBranch=main init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm manifests

echo "rolesync validate, $count manifest files, $config build:"
"$bin" validate --repo "$repo" | tail -1
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak RSS" "$bin" validate --repo "$repo" >/dev/null
done
