import Foundation

/// One account of an AWS Organization, as `ListAccounts` and `ListAccountsForParent` give it.
public struct OrganizationAccount: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String?
    /// `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, …) where the answer has it, else
    /// the older `Status` (ACTIVE, SUSPENDED, PENDING_CLOSURE), which AWS is retiring.
    public var state: String

    public init(id: String, name: String? = nil, state: String) {
        self.id = id
        self.name = name
        self.state = state
    }

    /// Only ACTIVE accounts can be worked in; a suspended or closing one refuses every call.
    public var isActive: Bool { state == "ACTIVE" }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", state = "State", status = "Status"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        guard let state = try container.decodeIfPresent(String.self, forKey: .state)
            ?? container.decodeIfPresent(String.self, forKey: .status)
        else {
            throw DecodingError.keyNotFound(
                CodingKeys.state, .init(codingPath: container.codingPath, debugDescription: "account \(id) has neither State nor Status"))
        }
        self.state = state
    }
}

/// AWS Organizations calls, made with the caller's own credentials from the management account
/// or a delegated administrator. Every listing follows `NextToken` to the end.
public struct OrganizationsClient: Sendable {
    static let targetPrefix = "AWSOrganizationsV20161128"
    let caller: JSONServiceCaller
    /// `MaxResults` per page; nil leaves the service's default (20) for tests to shrink.
    public var pageSize: Int?

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy, account: String,
        transport: QueryTransport, pageSize: Int? = nil
    ) {
        caller = JSONServiceCaller(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy, account: account)
        self.pageSize = pageSize
    }

    /// Every account of the organization, whatever its state.
    public func listAccounts() async throws -> [OrganizationAccount] {
        try await listAll("ListAccounts", fields: [:], key: AccountPage.self).flatMap(\.accounts)
    }

    /// The accounts directly under `parentId` (a root or an organizational unit).
    public func listAccounts(forParent parentId: String) async throws -> [OrganizationAccount] {
        try await listAll("ListAccountsForParent", fields: ["ParentId": .string(parentId)], key: AccountPage.self)
            .flatMap(\.accounts)
    }

    /// The ids of the organizational units directly under `parentId`.
    public func listOrganizationalUnits(forParent parentId: String) async throws -> [String] {
        try await listAll("ListOrganizationalUnitsForParent", fields: ["ParentId": .string(parentId)], key: UnitPage.self)
            .flatMap { $0.units.map(\.id) }
    }

    /// The accounts of `units` and of every unit below them, each once, walking the tree
    /// breadth first (Organizations has no call that lists a subtree).
    public func listAccounts(inOrganizationalUnits units: [String]) async throws -> [OrganizationAccount] {
        var pending = units
        var visited: Set<String> = []
        var accounts: [String: OrganizationAccount] = [:]
        while let unit = pending.first {
            pending.removeFirst()
            guard visited.insert(unit).inserted else { continue }
            for account in try await listAccounts(forParent: unit) { accounts[account.id] = account }
            pending += try await listOrganizationalUnits(forParent: unit)
        }
        return accounts.values.sorted { $0.id < $1.id }
    }

    /// Sends `operation`, then again with each `NextToken`, decoding every page.
    private func listAll<Page: PagedAnswer>(_ operation: String, fields: [String: JSONValue], key: Page.Type) async throws
        -> [Page]
    {
        var pages: [Page] = []
        var tokens = PageTokens(action: operation)
        var token: String?
        repeat {
            var request = JSONRequest(targetPrefix: Self.targetPrefix, operation: operation, fields: fields)
            if let pageSize { request.fields["MaxResults"] = .integer(pageSize) }
            if let token { request.fields["NextToken"] = .string(token) }
            let page = try Self.decode(Page.self, from: try await call(request), operation: operation)
            pages.append(page)
            token = try tokens.follow(page.nextToken)
        } while token != nil
        return pages
    }

    private func call(_ request: JSONRequest) async throws -> Data {
        try await caller.call(request)
    }

    static func decode<Page: Decodable>(_ type: Page.Type, from data: Data, operation: String) throws -> Page {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw AWSTransportError.malformedResponse("\(operation): unreadable answer: \(error)")
        }
    }
}

/// A page of a listing, with the token of the next one.
protocol PagedAnswer: Decodable, Sendable {
    var nextToken: String? { get }
}

struct AccountPage: PagedAnswer {
    var accounts: [OrganizationAccount]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case accounts = "Accounts", nextToken = "NextToken" }
}

struct UnitPage: PagedAnswer {
    struct Unit: Decodable, Sendable {
        var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }

    var units: [Unit]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case units = "OrganizationalUnits", nextToken = "NextToken" }
}
