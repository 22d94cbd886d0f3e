#!/usr/bin/env python3
"""Seeds the local EC2/IAM emulator with the quickstart fleet: about fifty instances over two
regions with missing, wrong, roleless and correct profiles, a stopped instance, an exempt one,
a protected one, unmanaged ones and one with AWS keys baked into its user-data.

Usage: seed_fleet.py ENDPOINT_URL  (prints a JSON object with the ids the demo pins)
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
SESSION = dict(endpoint_url=ENDPOINT, aws_access_key_id="testing",
               aws_secret_access_key="testing", region_name="us-east-1")

# Keys in this user-data are made up; they exist to show the embedded-credentials finding.
BAKED_USER_DATA = """#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIAQ3EGRCZXKJ7WNP4M
export AWS_SECRET_ACCESS_KEY=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
/opt/app/start.sh
"""


# An Amazon Linux image id the emulator knows in every region.
IMAGE_ID = "ami-12c6146b"


def make_profiles():
    iam = boto3.client("iam", **SESSION)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    arns = {}
    for name, role in [("payments-ec2", "payments-app"), ("web-ec2", "web-app"),
                       ("bastion-ec2", "bastion"), ("legacy-ec2", "legacy-app"),
                       ("roleless-ec2", None)]:
        profile = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
        arns[name] = profile["Arn"]
        if role:
            iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
            iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    return arns


def launch(ec2, tags, profile=None, user_data=None, stopped=False):
    args = dict(ImageId=IMAGE_ID, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                TagSpecifications=[{"ResourceType": "instance",
                                    "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}])
    if user_data:
        args["UserData"] = user_data
    instance_id = ec2.run_instances(**args)["Instances"][0]["InstanceId"]
    if profile:
        ec2.associate_iam_instance_profile(InstanceId=instance_id,
                                           IamInstanceProfile={"Name": profile})
    if stopped:
        ec2.stop_instances(InstanceIds=[instance_id])
    return instance_id


def seed_us_east_1():
    ec2 = boto3.client("ec2", **{**SESSION, "region_name": "us-east-1"})
    payments = {"team": "payments", "env": "prod"}
    for profile in ["payments-ec2"] * 3 + [None] * 3 + ["legacy-ec2"]:
        launch(ec2, payments, profile)
    launch(ec2, payments, "legacy-ec2", stopped=True)
    for _ in range(3):
        launch(ec2, {"team": "payments", "env": "batch"})
    for profile in ["web-ec2"] * 4 + [None] * 2 + ["roleless-ec2"] * 2:
        launch(ec2, {"team": "web"}, profile)
    for profile in [None, None, "legacy-ec2"]:
        launch(ec2, {"team": "sandbox"}, profile)
    bastion = launch(ec2, {"Name": "bastion", "team": "ops"})
    launch(ec2, {"team": "web", "vendor": "appliance"}, "legacy-ec2")
    launch(ec2, {"team": "web", "rolesync.dev/protect": "true"})
    for _ in range(3):
        launch(ec2, {"team": "data"})
    launch(ec2, {"team": "web"}, "web-ec2", user_data=BAKED_USER_DATA)
    return bastion


def seed_us_west_2():
    ec2 = boto3.client("ec2", **{**SESSION, "region_name": "us-west-2"})
    for profile in ["web-ec2"] * 7 + [None] * 5 + ["legacy-ec2"] * 3:
        launch(ec2, {"team": "web"}, profile)
    for _ in range(2):
        launch(ec2, {"team": "payments", "env": "prod"})
    for _ in range(2):
        launch(ec2, {"team": "sandbox"})


if __name__ == "__main__":
    make_profiles()
    bastion = seed_us_east_1()
    seed_us_west_2()
    print(json.dumps({"bastion": bastion}))
