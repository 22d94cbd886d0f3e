"""Seeds the emulator with a benchmark fleet and prints its shape as JSON.

Usage: python3 seed_fleet.py ENDPOINT_URL REGION INSTANCES ASSOCIATED WRONG [PER_RESERVATION] [STOPPED]
Instances are launched PER_RESERVATION (default 100) per RunInstances call, which makes one
reservation per call, and tagged
team/service/env at launch; services svc-0..svc-9 each have an instance profile holding a role.
Instance n belongs to service (n // 100) % 10. The first ASSOCIATED instances get an
association: the first WRONG of them carry the next service's profile, the rest their own; the
first STOPPED (default 0) of those with the wrong profile are then stopped. Run once per region:
the profiles are global and made only by the first run.
"""
import json
import sys

import boto3

endpoint, region = sys.argv[1], sys.argv[2]
count, associated, wrong = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
per_reservation = int(sys.argv[6]) if len(sys.argv) > 6 else 100
stopped = int(sys.argv[7]) if len(sys.argv) > 7 else 0
services = 10
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
ec2 = session.client("ec2", endpoint_url=endpoint)
iam = session.client("iam", endpoint_url=endpoint)

trust = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
existing = {p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]}
for service in range(services):
    name = f"svc-{service}-ec2"
    if name in existing:
        continue
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    iam.create_instance_profile(InstanceProfileName=name)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name)

ids = []
while len(ids) < count:
    batch = min(per_reservation, count - len(ids))
    service = (len(ids) // 100) % services
    answer = ec2.run_instances(
        ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=batch, MaxCount=batch,
        TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": "team", "Value": "platform"}, {"Key": "service", "Value": f"svc-{service}"},
            {"Key": "env", "Value": "prod"}]}])
    ids += [instance["InstanceId"] for instance in answer["Instances"]]

for position, instance_id in enumerate(ids[:associated]):
    service = (position // 100) % services
    profile = (service + 1) % services if position < wrong else service
    ec2.associate_iam_instance_profile(InstanceId=instance_id, IamInstanceProfile={"Name": f"svc-{profile}-ec2"})

for start in range(0, stopped, 100):
    ec2.stop_instances(InstanceIds=ids[start:min(start + 100, stopped)])

print(json.dumps({"region": region, "instances": len(ids), "associated": associated, "wrong": wrong,
                  "stopped": stopped, "services": services, "per_reservation": per_reservation}))
