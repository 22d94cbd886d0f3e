import AWSClient
import Foundation
import Testing

/// AWS Organizations over the JSON protocol against the emulator, signatures checked: listings
/// follow `NextToken`, units are walked to the leaves, states come back as the service gives them.
@Suite("Organizations against the emulator", .serialized)
struct OrganizationsMotoTests {
    /// The organization these tests share: created once in the emulator's default account,
    /// the management account. Accounts are `CreateAccount`ed, moved into two units (one
    /// nested) and one is closed, which the emulator records as SUSPENDED.
    struct Tree: Decodable, Sendable {
        var management: String
        var units: [String: String]
        var accounts: [String: String]
    }

    actor Setup {
        static let shared = Setup()
        private var tree: Task<Tree, any Error>?

        func tree(_ moto: MotoFixture) async throws -> Tree {
            if let tree { return try await tree.value }
            let task = Task {
                let output = try await moto.python("""
                    org = boto3.client("organizations")
                    management = org.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"]
                    root = org.list_roots()["Roots"][0]["Id"]
                    apps = org.create_organizational_unit(ParentId=root, Name="apps")["OrganizationalUnit"]["Id"]
                    nested = org.create_organizational_unit(ParentId=apps, Name="apps-prod")["OrganizationalUnit"]["Id"]
                    data = org.create_organizational_unit(ParentId=root, Name="data")["OrganizationalUnit"]["Id"]
                    accounts = {}
                    for name, parent in [("a1", apps), ("a2", apps), ("n1", nested), ("n2", nested), ("n3", nested),
                                         ("d1", data), ("r1", root)]:
                        status = org.create_account(AccountName=name, Email=name + "@example.com")["CreateAccountStatus"]
                        account = status["AccountId"]
                        if parent != root:
                            org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=parent)
                        accounts[name] = account
                    org.close_account(AccountId=accounts["n3"])
                    print(json.dumps({"management": management, "units": {"apps": apps, "nested": nested, "data": data},
                                      "accounts": accounts}))
                    """)
                return try JSONDecoder().decode(Tree.self, from: Data(output.utf8))
            }
            tree = task
            return try await task.value
        }
    }

    /// A client of the shared organization, with pages of `pageSize`, and the tree it holds.
    static func organization(pageSize: Int? = nil) async throws -> (OrganizationsClient, AWSTestClients, Tree) {
        let moto = try await SharedMoto.shared.fixture()
        let tree = try await Setup.shared.tree(moto)
        let clients = try moto.clients(region: "us-east-1")
        let client = OrganizationsClient(
            endpoint: try clients.endpoints.endpoint(for: .organizations, region: "us-east-1"),
            credentials: StaticCredentialProvider(moto.admin), policy: RequestPolicy(), account: MotoFixture.account,
            transport: clients.transport, pageSize: pageSize)
        return (client, clients, tree)
    }

    @Test("ListAccounts in pages of 2 lists the management account and every member with its state")
    func accountsInPages() async throws {
        let (client, clients, tree) = try await Self.organization(pageSize: 2)
        defer { Task { await clients.shutdown() } }

        let accounts = try await client.listAccounts()

        #expect(Set(accounts.map(\.id)) == Set(tree.accounts.values).union([tree.management]))
        #expect(accounts.count == 8)
        #expect(accounts.filter { !$0.isActive }.map(\.id) == [tree.accounts["n3"]!])
        #expect(accounts.first { $0.id == tree.accounts["n3"] }?.state == "SUSPENDED")
        // 8 accounts in pages of 2: 4 requests, each signed and checked by the emulator.
        #expect(await clients.metrics.count(for: "ListAccounts") == 4)
    }

    @Test("a unit's accounts include those of its child units, walked page by page")
    func unitSubtree() async throws {
        let (client, clients, tree) = try await Self.organization(pageSize: 1)
        defer { Task { await clients.shutdown() } }

        let apps = try await client.listAccounts(inOrganizationalUnits: [tree.units["apps"]!])
        let nestedOnly = try await client.listAccounts(forParent: tree.units["nested"]!)
        let children = try await client.listOrganizationalUnits(forParent: tree.units["apps"]!)

        let names = ["a1", "a2", "n1", "n2", "n3"].map { tree.accounts[$0]! }
        #expect(apps.map(\.id) == names.sorted())
        #expect(Set(nestedOnly.map(\.id)) == Set(["n1", "n2", "n3"].map { tree.accounts[$0]! }))
        #expect(children == [tree.units["nested"]!])
        #expect(await clients.metrics.count(for: "ListAccountsForParent") >= 5, "pages of one account each")
    }

    @Test("an error answer maps to the service's code and message")
    func unknownParent() async throws {
        let (client, clients, _) = try await Self.organization()
        defer { Task { await clients.shutdown() } }

        let error = try await #require(throws: AWSServiceError.self) {
            try await client.listAccounts(forParent: "ou-zzzz-zzzzzzzz")
        }
        #expect(error.code == "ParentNotFoundException")
        #expect(error.action == "ListAccountsForParent")
        #expect(error.httpStatus == 400)
    }

    @Test("DescribeRegions keeps regions that need no opt-in or were opted in to")
    func enabledRegions() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let clients = try moto.clients(region: "us-east-1")
        defer { Task { await clients.shutdown() } }

        let enabled = try await clients.ec2.describeEnabledRegions()

        #expect(enabled.contains("us-east-1") && enabled.contains("eu-west-1"))
        // ap-east-1 needs an opt-in the emulator's accounts have not made.
        #expect(!enabled.contains("ap-east-1"))
        #expect(enabled == enabled.sorted())
        #expect(enabled.count < (try await clients.ec2.describeRegions()).count)
    }
}
