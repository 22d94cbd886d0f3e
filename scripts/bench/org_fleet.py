"""Seeds the emulator with an AWS Organization of small fleets and prints its shape as JSON.

Usage: python3 org_fleet.py ENDPOINT_URL MEMBERS INSTANCES_PER_REGION REGION...
        python3 org_fleet.py ENDPOINT_URL --detach REGION...   (every association in every account)
The caller's account is the management account; MEMBERS accounts are created in it, each with
the `rolesync` role (reached by assuming it), the `app-ec2` profile and INSTANCES_PER_REGION
instances tagged team=app in each REGION, none associated.
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def session_in(account):
    """A session in `account`: the caller's own, or the `rolesync` role assumed there."""
    base = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    if account is None:
        return base
    creds = base.client("sts", endpoint_url=endpoint).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/rolesync", RoleSessionName="seed")["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"], region_name="us-east-1")


def accounts():
    org = session_in(None).client("organizations", endpoint_url=endpoint)
    return [a["Id"] for a in org.list_accounts()["Accounts"] if a["Id"] != "123456789012"]


if sys.argv[2] == "--detach":
    regions = sys.argv[3:]
    detached = 0
    for account in [None] + accounts():
        session = session_in(account)
        for region in regions:
            ec2 = session.client("ec2", endpoint_url=endpoint, region_name=region)
            for a in ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]:
                if a["State"] == "associated":
                    ec2.disassociate_iam_instance_profile(AssociationId=a["AssociationId"])
                    detached += 1
    print(json.dumps({"detached": detached}))
    sys.exit(0)

members, per_region, regions = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
org = session_in(None).client("organizations", endpoint_url=endpoint)
org.create_organization(FeatureSet="ALL")
for index in range(members):
    org.create_account(AccountName=f"member-{index}", Email=f"member-{index}@example.com")
instances = 0
for account in [None] + accounts():
    session = session_in(account)
    iam = session.client("iam", endpoint_url=endpoint)
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="app-ec2")
    iam.add_role_to_instance_profile(InstanceProfileName="app-ec2", RoleName="app-role")
    for region in regions:
        ec2 = session.client("ec2", endpoint_url=endpoint, region_name=region)
        ec2.run_instances(ImageId="ami-12c6146b", MinCount=per_region, MaxCount=per_region, TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "app"}]}])
        instances += per_region
print(json.dumps({"accounts": members + 1, "regions": regions, "instances": instances}))
