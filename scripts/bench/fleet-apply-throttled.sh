#!/usr/bin/env bash
# Benchmark: a fleet-wide apply over two regions against EC2's request token buckets. Seeds
# PER_REGION tagged instances in each of us-east-1 and us-west-2 (100 per reservation), of which
# MISSING have no profile and WRONG carry another service's profile, STOPPED of those stopped
# (defaults 1,000, 250, 200, 20: 900 actions in all). Then `rolesync plan` straight against the
# emulator, `rolesync apply --auto-approve` through throttling_proxy.py (EC2's buckets per
# account, region and category; Replace refused on stopped instances) and a second plan, which
# must find nothing to do. Prints the apply's time after its inventory read against the floor
# EC2's mutation buckets set, the requests by action, the throttled answers, and the inventory
# read time against its pagination.
# Usage: scripts/bench/fleet-apply-throttled.sh [PER_REGION] [MISSING] [WRONG] [STOPPED] [release|debug]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
per_region=${1:-1000}
missing=${2:-250}
wrong=${3:-200}
stopped=${4:-20}
config=${5:-release}
regions="us-east-1 us-west-2"
export AWS_REGION=us-east-1

start_emulator
endpoint="http://127.0.0.1:$emulator_port"
echo "==> seeding $per_region instances in each of $regions: $missing without a profile, $wrong with the wrong one ($stopped of them stopped), in the background"
seed_start=$(date +%s.%N)
(
  for region in $regions; do
    "$python" "$bench_dir/seed_fleet.py" "$endpoint" "$region" "$per_region" "$((per_region - missing))" "$wrong" 100 "$stopped"
  done
) >"$work/seed.log" 2>&1 &
seed_pid=$!
echo "==> building rolesync ($config)"
build_rolesync "$config"
if ! wait "$seed_pid"; then
  cat "$work/seed.log" >&2
  exit 1
fi
echo "  seeded (and built) in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $seed_start }") s"
make_repo "$work/desired" "us-east-1, us-west-2" 10

throttle_port=$(free_port)
setsid "$python" "$bench_dir/throttling_proxy.py" "$throttle_port" "$emulator_port" "$work/counts.json" \
  "$work/timeline.txt" >"$work/throttle.out" 2>&1 &
throttle_pid=$!
pids+=("$throttle_pid")
wait_for_port "$throttle_port"

echo
echo "rolesync against a $((2 * per_region))-instance fleet in two regions ($config build):"
plan_start=$(date +%s.%N)
"$bin" plan --repo "$work/desired" --endpoint-url "$endpoint" --format json --out "$work/plan.json" >"$work/plan.out" 2>&1
echo "  plan (emulator direct): $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $plan_start }") s"
apply_start=$(date +%s.%N)
status=0
"$bin" apply --repo "$work/desired" --endpoint-url "http://127.0.0.1:$throttle_port" --auto-approve --format json \
  >"$work/apply.json" 2>"$work/apply.err" || status=$?
apply_end=$(date +%s.%N)
kill -TERM "$throttle_pid"
for _ in $(seq 1 50); do [ -s "$work/counts.json" ] && break; sleep 0.1; done
echo "  apply (through the throttling proxy): exit $status"
if [ "$status" -ne 0 ]; then tail -20 "$work/apply.err" | sed 's/^/    /'; fi
"$bin" plan --repo "$work/desired" --endpoint-url "$endpoint" --format json --out "$work/replan.json" >"$work/replan.out" 2>&1

"$python" - "$work" "$apply_start" "$apply_end" <<'PY'
import collections, json, sys
work, apply_start, apply_end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
LIMITS = {"non-mutating": (100, 20), "unfiltered": (50, 10), "mutating": (50, 5), "associate": (100, 5),
          "disassociate": (100, 5)}
MUTATIONS = {"AssociateIamInstanceProfile", "DisassociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation"}
rows = []
for line in open(f"{work}/timeline.txt"):
    arrival, done, service, action, category, narrowed, status = line.split()
    rows.append((float(arrival), float(done), service, action, category, narrowed == "1", int(status)))
# The inventory ends where the executor begins: its first batched read or mutation.
first_exec = min(r[0] for r in rows if r[3] in MUTATIONS or (r[3] == "DescribeIamInstanceProfileAssociations" and r[5]))
inventory = [r for r in rows if r[0] < first_exec]
inventory_end = max(r[1] for r in inventory)
# The floor: the mutation calls the plan needs per region and bucket, beyond the burst, at the
# refill rate (a stopped instance's swap is a Disassociate and an Associate).
plan = json.load(open(f"{work}/plan.json"))
calls = collections.Counter()
for action in plan["actions"]:
    if action["status"] != "planned":
        continue
    region = action["region"]
    if action["type"] == "associate":
        calls[(region, "associate")] += 1
    elif action["type"] == "disassociate":
        calls[(region, "disassociate")] += 1
    elif action.get("strategy") == "disassociate-associate":
        calls[(region, "disassociate")] += 1
        calls[(region, "associate")] += 1
    else:
        calls[(region, "mutating")] += 1
floors = {key: max(0.0, (n - LIMITS[key[1]][0]) / LIMITS[key[1]][1]) for key, n in calls.items()}
floor_key = max(floors, key=floors.get)
floor = floors[floor_key]
after_inventory = apply_end - inventory_end
print(f"  mutation calls by region and bucket: " + ", ".join(f"{r} {b} {n}" for (r, b), n in sorted(calls.items())))
print(f"  floor: max over region x bucket of (calls - burst) / refill = {floor:.1f} s ({floor_key[0]} {floor_key[1]})")
print(f"  apply wall {apply_end - apply_start:.2f} s: inventory {inventory_end - apply_start:.2f} s, "
      f"after inventory {after_inventory:.2f} s = {after_inventory / max(floor, 0.001):.3f} x floor")
# The inventory's pagination: pages of one listing follow each other; listings run side by side.
pages = collections.Counter(r[3] for r in inventory if r[2] == "ec2" or r[2] == "iam")
busy = collections.defaultdict(float)
for r in inventory:
    busy[r[3]] += r[1] - r[0]
print("  inventory requests: " + ", ".join(f"{a} {n} ({busy[a]:.2f} s answering)" for a, n in sorted(pages.items())))
counts = json.load(open(f"{work}/counts.json"))
print("  requests by action (apply): " + ", ".join(f"{k.split()[1]} {v}" for k, v in counts["requests"].items())
      + f"; total {counts['total']}")
print(f"  throttled answers: {sum(counts['throttled'].values())} {counts['throttled'] or ''}")
print(f"  refused by the proxy: {counts['refused'] or 'none'}")
outcome = json.load(open(f"{work}/apply.json"))
statuses = collections.Counter(f"{a['type']} {a['status']}" for a in outcome["actions"])
print("  apply outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
replan = json.load(open(f"{work}/replan.json"))
print(f"  plan after apply: {replan['summary']}")
failed = sum(v for k, v in statuses.items() if k.endswith(" failed"))
if failed or replan["summary"]["actions"]:
    sys.exit("FAILED: failed actions or a plan after apply with actions left")
print("  verified: no failed action, and the plan after apply has 0 planned actions")
PY
