# Shared by the emulator benchmarks: build the release binary, start the emulator (and the
# counting proxy) in their own process groups, make a desired-state repository, clean up.
# Source it after `set -euo pipefail`; it sets a trap on EXIT.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_dir="$bench_root/scripts/bench"
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The real interpreter, not a shim: the emulator must be the process we kill.
python=$(python3 -c 'import sys; print(sys.executable)')

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# build_rolesync CONFIG: builds (release into .build-release, debug into .build), sets $bin to the rolesync binary of that configuration.
build_rolesync() {
  local config=$1 scratch=.build
  [ "$config" = release ] && scratch=.build-release
  if ! (cd "$bench_root" && swift build -c "$config" --scratch-path "$scratch" --product rolesync \
    >"$work/build.log" 2>&1); then
    cat "$work/build.log" >&2
    return 1
  fi
  bin="$(cd "$bench_root" && swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/rolesync"
}

# start_emulator: sets $emulator_port and $emulator_log.
start_emulator() {
  emulator_port=$(free_port)
  emulator_log="$work/emulator.log"
  setsid "$python" -m moto.server -H 127.0.0.1 -p "$emulator_port" >"$emulator_log" 2>&1 &
  pids+=($!)
  wait_for_port "$emulator_port"
}

# start_proxy: a counting proxy in front of the emulator; sets $proxy_port and $proxy_log.
start_proxy() {
  proxy_port=$(free_port)
  proxy_log="$work/requests.log"
  : >"$proxy_log"
  setsid "$python" "$bench_dir/counting_proxy.py" "$proxy_port" "$emulator_port" "$proxy_log" \
    >"$work/proxy.out" 2>&1 &
  pids+=($!)
  wait_for_port "$proxy_port"
}

# make_repo DIR REGION SERVICES: one assignment per service (tags team/service) and a policy.
make_repo() {
  local repo=$1 region=$2 services=$3
  mkdir -p "$repo/teams"
  cat >"$repo/policy.yaml" <<YAML
apiVersion: rolesync.dev/v1
kind: ReconcilePolicy
metadata:
  name: default
spec:
  regions: [$region]
  unmanaged: report
  maxChanges: 1000
YAML
  for service in $(seq 0 $((services - 1))); do
    cat >"$repo/teams/svc-$service.yaml" <<YAML
apiVersion: rolesync.dev/v1
kind: InstanceRoleAssignment
metadata:
  name: svc-$service
spec:
  selector:
    tags: {team: platform, service: svc-$service}
  instanceProfile: svc-$service-ec2
YAML
  done
  git -C "$repo" -c init.defaultBranch=main init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "Desired instance roles"
}

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL

# make_org_repo DIR PROFILE MODE REGION...: a desired-state repository over every account of the
# organization (assuming `rolesync` in each) in REGIONs, giving instances tagged team=app PROFILE
# (`none` for none), in MODE (`enforce` or `observe`).
make_org_repo() {
  local repo=$1 profile=$2 mode=$3
  shift 3
  local regions
  regions=$(IFS=,; echo "$*")
  mkdir -p "$repo"
  cat >"$repo/policy.yaml" <<YAML
apiVersion: rolesync.dev/v1
kind: ReconcilePolicy
metadata: {name: default}
spec:
  regions: [${regions//,/, }]
  accounts:
    organization: {}
    roleName: rolesync
  mode: $mode
  maxChanges: 100000
YAML
  cat >"$repo/app.yaml" <<YAML
apiVersion: rolesync.dev/v1
kind: InstanceRoleAssignment
metadata: {name: app}
spec:
  selector: {tags: {team: app}}
  instanceProfile: $profile
YAML
  git -C "$repo" -c init.defaultBranch=main init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "Desired instance roles"
}
