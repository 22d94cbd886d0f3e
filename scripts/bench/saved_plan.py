"""Writes a rolesync plan file of N findings (a quarter each missing, wrong, unexpected and
unmanaged, over two regions; the first two kinds with a planned action), for the report
rendering benchmarks; with `review`, the plan of `plan --base` whose change moves every one
of those instances (the pull-request comment's input). Usage: saved_plan.py N OUT.json [review]"""
import json
import sys

count, out = int(sys.argv[1]), sys.argv[2]
review = len(sys.argv) > 3 and sys.argv[3] == "review"
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
if review:
    plan["review"] = {
        "base": "main", "mergeBase": "0123456789abcdef" * 2 + "01234567", "head": plan["desiredRevision"],
        "manifests": [{"kind": "InstanceRoleAssignment", "name": "web", "change": "changed", "source": {"file": "teams/web.yaml", "line": 1, "column": 1},
                       "fields": [{"field": "instanceProfile", "from": "db-ec2", "to": "web-ec2", "source": {"file": "teams/web.yaml", "line": 7, "column": 1}}]}],
        "instances": [{"instanceId": item["instanceId"], "account": item["account"], "region": item["region"],
                       "from": "db-ec2", "to": "web-ec2", "toSource": {"file": "teams/web.yaml", "line": 7, "column": 1},
                       "causes": ["InstanceRoleAssignment/web"]} for item in drift],
        "risks": [{"kind": "over-max-changes", "message": "the change makes %d mutations, over maxChanges 50" % len(actions)}],
        "mutations": len(actions), "maxChanges": 50, "problems": []}
with open(out, "w") as file:
    json.dump(plan, file)
