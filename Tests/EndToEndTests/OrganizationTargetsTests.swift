import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `accounts: {organization: …, roleName: …}` against the emulator's AWS Organizations: a
/// management account (the caller) and six members in two units, each with a small fleet in two
/// regions, every member reached by assuming `role/rolesync` in it.
@Suite(.serialized) struct OrganizationTargetsTests {
    static let suite = "organization"
    static let regions = ["us-east-1", "us-west-2"]
    static let profiles = [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("legacy-ec2", role: "legacy-app")]

    /// The organization as the emulator made it: unit ids and member account ids by name.
    struct Organization: Decodable {
        var units: [String: String]
        var accounts: [String: String]

        var all: Set<String> { Set(accounts.values).union([World.account]) }
        func ids(_ names: String...) -> Set<String> { Set(names.map { accounts[$0]! }) }
    }

    /// Creates the organization (`apps`: a1-a3, `data`: d1-d3) and seeds every account with two
    /// instances that need a change, one per region. Returns the organization and the
    /// instance ids of each account.
    static func organization(_ world: World, closing closed: [String] = []) async throws
        -> (Organization, [String: [String: String]])
    {
        let server = try #require(world.server)
        let output = try await server.runPython("""
            import boto3, json
            org = boto3.client("organizations")
            org.create_organization(FeatureSet="ALL")
            root = org.list_roots()["Roots"][0]["Id"]
            units = {name: org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
                     for name in ("apps", "data")}
            accounts = {}
            for unit in ("apps", "data"):
                for index in (1, 2, 3):
                    name = unit[0] + str(index)
                    account = org.create_account(AccountName=name, Email=name + "@example.com")["CreateAccountStatus"]["AccountId"]
                    org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=units[unit])
                    accounts[name] = account
            for name in [\(closed.map { "\"\($0)\"" }.joined(separator: ", "))]:
                org.close_account(AccountId=accounts[name])
            print(json.dumps({"units": units, "accounts": accounts}))
            """)
        let organization = try JSONDecoder().decode(Organization.self, from: Data(output.utf8))
        let instances = [
            InstanceSeed("east", region: "us-east-1", tags: ["team": "web"]),
            InstanceSeed("west", region: "us-west-2", tags: ["team": "web"], profile: "legacy-ec2"),
        ]
        var ids: [String: [String: String]] = [:]
        for account in organization.all.sorted() {
            let fleet = account == World.account ? world.fleet : world.fleet(assuming: roleArn(account))
            ids[account] = try await fleet.seed(profiles: profiles, instances: instances)
        }
        return (organization, ids)
    }

    static func roleArn(_ account: String) -> String { "arn:aws:iam::\(account):role/rolesync" }

    static func policy(regions: String = "[us-east-1, us-west-2]", organization: String = "{}") -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata: {name: default}
        spec:
          regions: \(regions)
          accounts:
            organization: \(organization)
            roleName: rolesync
        """
    }

    static let assignment = ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2")

    @Test func onePlanAndApplyReachEveryAccountOfTheOrganization() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (organization, ids) = try await Self.organization(world)
        try await world.commit(["policy.yaml": Self.policy(), "web.yaml": Self.assignment])

        let validated = try await world.rolesync("validate")
        let plan = try await world.plan()
        let applied = try await world.rolesync("apply", "--auto-approve")

        #expect(validated.exitCode == 0, "\(validated.output)")
        #expect(Set(plan.mutations.map(\.account)) == organization.all, "\(plan.actions)")
        #expect(plan.mutations.count == 2 * 7)
        #expect(Set(plan.mutations.map(\.region)) == Set(Self.regions))
        #expect(plan.failedTargets == nil)
        #expect(applied.exitCode == 0, "\(applied.output)")
        for account in organization.all.sorted() {
            let fleet = account == World.account ? world.fleet : world.fleet(assuming: Self.roleArn(account))
            let seeded = try #require(ids[account])
            await #expect(try fleet.associations(region: "us-east-1") == [seeded["east"]!: "web-ec2"], "\(account)")
            await #expect(try fleet.associations(region: "us-west-2") == [seeded["west"]!: "web-ec2"], "\(account)")
        }
        await #expect(try world.plan().mutations.isEmpty)
    }

    /// Units with their child units, exclusions, and a suspended account, in one organization.
    /// The emulator's CloseAccount marks the account SUSPENDED at once (AWS passes through
    /// PENDING_CLOSURE first): it is left out, not reported as failed.
    @Test func unitsExclusionsAndSuspensionSelectExactlyTheirAccounts() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (organization, _) = try await Self.organization(world, closing: ["d2"])
        let apps = organization.units["apps"]!
        let a2 = organization.accounts["a2"]!
        let d3 = organization.accounts["d3"]!

        try await world.commit(["policy.yaml": Self.policy(organization: "{ous: [\(apps)], exclude: [\"\(a2)\"]}"), "web.yaml": Self.assignment])
        let unitPlan = try await world.plan()
        try await world.commit(["policy.yaml": Self.policy(organization: "{exclude: [\"\(World.account)\", \"\(d3)\"]}")])
        let excludedPlan = try await world.plan()

        #expect(Set(unitPlan.mutations.map(\.account)) == organization.ids("a1", "a3"), "\(unitPlan.actions)")
        #expect(Set(excludedPlan.mutations.map(\.account)) == organization.ids("a1", "a2", "a3", "d1"), "\(excludedPlan.actions)")
        #expect(unitPlan.failedTargets == nil && excludedPlan.failedTargets == nil)
    }

    /// `regions: enabled` reads every region DescribeRegions lists as enabled in the account:
    /// an instance in eu-west-1 (no opt-in needed) is planned, one in ap-east-1 (opt-in, not
    /// opted in) is not.
    @Test func enabledRegionsAreListedPerAccount() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (organization, ids) = try await Self.organization(world)
        let d1 = organization.accounts["d1"]!
        let extra = try await world.fleet(assuming: Self.roleArn(d1)).seed(instances: [
            InstanceSeed("ireland", region: "eu-west-1", tags: ["team": "web"]),
            InstanceSeed("hong-kong", region: "ap-east-1", tags: ["team": "web"]),
        ])
        let others = organization.all.subtracting([d1]).map { "\"\($0)\"" }.joined(separator: ", ")
        try await world.commit([
            "policy.yaml": Self.policy(regions: "enabled", organization: "{exclude: [\(others)]}"), "web.yaml": Self.assignment,
        ])

        let plan = try await world.plan()

        let seeded = try #require(ids[d1])
        #expect(Set(plan.mutations.map(\.instanceId)) == [seeded["east"]!, seeded["west"]!, extra["ireland"]!], "\(plan.actions)")
        #expect(Set(plan.mutations.map(\.account)) == [d1])
        #expect(plan.failedTargets == nil)
    }

    /// AccessDenied on one account's AssumeRole fails that account's targets with the reason;
    /// the other accounts are planned as usual.
    @Test func anAccountThatCannotBeAssumedIsAFailedTarget() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (organization, _) = try await Self.organization(world)
        try await world.commit(["policy.yaml": Self.policy(), "web.yaml": Self.assignment])
        let proxy = try await FaultProxy.start(upstream: try #require(world.server).endpoint)
        proxy.schedule.force([.awsError(status: 403, code: "AccessDenied")], onNext: "AssumeRole")

        let command = world.invocation(["plan", "--format", "json"], endpoint: proxy.endpoint)
        let result = try await RoleSyncBinary.run(command.arguments, environment: command.environment)
        await proxy.stop()

        #expect(result.exitCode == 1, "a plan that could not see part of the fleet is an error")
        let plan = try Plan.decode(from: Data(result.stdout.utf8))
        let failed = try #require(plan.failedTargets)
        let denied = try #require(failed.first?.target.account)
        #expect(Set(failed.map(\.target)) == Set(Self.regions.map { Target(account: denied, region: $0) }))
        #expect(failed.allSatisfy { $0.reason.hasPrefix("AccessDenied: ") }, "\(failed)")
        #expect(denied != World.account, "the caller's own account is read without assuming")
        #expect(Set(plan.mutations.map(\.account)) == organization.all.subtracting([denied]))
        #expect(result.stderr.contains("\(denied)/us-east-1 (AccessDenied"), "\(result.stderr)")
    }
}
