#!/usr/bin/env bash
# The rolesync demo: starts a local EC2/IAM/STS emulator, seeds a fleet of about fifty
# instances over two regions, makes a desired-state Git repository from examples/quickstart,
# then runs validate, plan, apply, drift and history against them, and stops the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh
echo "==> building rolesync"
swift build --product rolesync 2>&1 | tail -1
bin="$(swift build --show-bin-path)/rolesync"

work="$root/demo-work"
rm -rf "$work"
mkdir -p "$work"

python=$(python3 -c 'import sys; print(sys.executable)')
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "==> starting the EC2/IAM/STS emulator on 127.0.0.1:$port"
setsid "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill -- -"$emulator" 2>/dev/null || kill "$emulator" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

echo "==> seeding the fleet"
ids=$(python3 examples/seed_fleet.py "http://127.0.0.1:$port")
bastion=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["bastion"])' <<<"$ids")

echo "==> making the desired-state repository from examples/quickstart"
repo="$work/desired"
cp -R examples/quickstart "$repo"
# The quickstart pins the bastion by id; point it at the bastion the emulator just launched.
sed -i.bak "s/i-0b5a7100000000001/$bastion/" "$repo/teams/bastion.yaml" && rm "$repo/teams/bastion.yaml.bak"
git -C "$repo" -c init.defaultBranch=main init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=demo -c user.email=demo@example.com commit -qm "Desired instance roles"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true

run() {
  echo
  echo "\$ rolesync $*"
  "$bin" "$@" || echo "(exit $?)"
}
run validate --repo "$repo"
run plan --repo "$repo"
run apply --repo "$repo" --auto-approve
run drift --repo "$repo"
run apply --repo "$repo" --auto-approve
run history --repo "$repo"
echo
echo "==> decision commits:"
git -C "$repo" log --format='%h %s' rolesync/decisions
