"""Writes a rolesync plan file of N findings (a quarter each missing, wrong, unexpected and
unmanaged, over two regions; the first two kinds with a planned action), for the report
rendering benchmarks. Usage: saved_plan.py N OUT.json"""
import json
import sys

count, out = int(sys.argv[1]), sys.argv[2]
kinds = ["missing", "wrong", "unexpected", "unmanaged"]
drift, actions = [], []
for index in range(count):
    kind = kinds[index % 4]
    region = "eu-west-1" if index % 3 == 0 else "us-east-1"
    instance = "i-%017x" % index
    drift.append({"instanceId": instance, "account": "123456789012", "region": region, "kind": kind,
                  "desired": "web-ec2", "actual": "db-ec2" if kind == "wrong" else None,
                  "source": "teams/web.yaml:%d" % (7 + index % 40), "reason": None})
    if kind in ("missing", "wrong"):
        actions.append({"type": "associate" if kind == "missing" else "replace", "instanceId": instance,
                        "account": "123456789012", "region": region, "profile": "web-ec2", "status": "planned"})
plan = {"schemaVersion": 1, "desiredRevision": "4f2a9c1d" + "0" * 32, "planHash": "sha256:00",
        "summary": {"instances": count, "inSync": 0, "drifted": count, "actions": len(actions), "blocked": 0},
        "drift": drift, "actions": actions}
with open(out, "w") as file:
    json.dump(plan, file)
