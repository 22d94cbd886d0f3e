import Foundation

/// The DynamoDB calls the lease table needs (JSON 1.0 protocol), through the shared transport,
/// retries and rate limits. Items are flat maps of string and number attributes.
public struct DynamoDBClient: Sendable {
    static let targetPrefix = "DynamoDB_20120810"
    let caller: JSONServiceCaller

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy, account: String,
        transport: QueryTransport
    ) {
        caller = JSONServiceCaller(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy, account: account)
    }

    /// An attribute value: DynamoDB's `{"S": …}` or `{"N": …}`.
    public enum Attribute: Sendable, Hashable {
        case string(String)
        case number(Int)

        var json: JSONValue {
            switch self {
            case .string(let text): .object(["S": .string(text)])
            case .number(let value): .object(["N": .string(String(value))])
            }
        }

        init?(_ json: Any) {
            guard let object = json as? [String: Any] else { return nil }
            if let text = object["S"] as? String {
                self = .string(text)
            } else if let text = object["N"] as? String, let value = Int(text) {
                self = .number(value)
            } else {
                return nil
            }
        }
    }

    public typealias Item = [String: Attribute]

    /// The table's status (`ACTIVE`, `CREATING`, …), or nil when it does not exist.
    public func tableStatus(_ table: String) async throws -> String? {
        do {
            let answer = try await call("DescribeTable", ["TableName": .string(table)])
            return (answer["Table"] as? [String: Any])?["TableStatus"] as? String
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// Creates `table` keyed by the string attribute `hashKey`, billed per request.
    public func createTable(_ table: String, hashKey: String) async throws {
        _ = try await call("CreateTable", [
            "TableName": .string(table),
            "AttributeDefinitions": .array([.object(["AttributeName": .string(hashKey), "AttributeType": .string("S")])]),
            "KeySchema": .array([.object(["AttributeName": .string(hashKey), "KeyType": .string("HASH")])]),
            "BillingMode": .string("PAY_PER_REQUEST"),
        ])
    }

    /// Every item, read consistently, following `LastEvaluatedKey` to the end.
    public func scan(_ table: String) async throws -> [Item] {
        var items: [Item] = []
        var start: [String: Any]?
        var pages = 0
        repeat {
            var fields: [String: JSONValue] = ["TableName": .string(table), "ConsistentRead": .bool(true)]
            if let start { fields["ExclusiveStartKey"] = .object(Self.attributes(start).mapValues(\.json)) }
            let answer = try await call("Scan", fields)
            for raw in answer["Items"] as? [[String: Any]] ?? [] { items.append(Self.attributes(raw)) }
            start = answer["LastEvaluatedKey"] as? [String: Any]
            pages += 1
            // A table of one item per shard: a scan that does not end is a broken answer.
            guard pages < 10_000 else { throw AWSTransportError.malformedResponse("Scan of \(table) did not end") }
        } while start != nil
        return items
    }

    /// PutItem under a condition (`attribute_not_exists(k)`); a failed condition is the
    /// service's `ConditionalCheckFailedException`.
    public func put(_ table: String, item: Item, condition: String) async throws {
        _ = try await call("PutItem", [
            "TableName": .string(table), "Item": .object(item.mapValues(\.json)), "ConditionExpression": .string(condition),
        ])
    }

    /// UpdateItem under a condition, returning the item as written.
    public func update(
        _ table: String, key: Item, update: String, condition: String, values: [String: Attribute]
    ) async throws -> Item {
        let answer = try await call("UpdateItem", [
            "TableName": .string(table), "Key": .object(key.mapValues(\.json)), "UpdateExpression": .string(update),
            "ConditionExpression": .string(condition),
            "ExpressionAttributeValues": .object(values.mapValues(\.json)), "ReturnValues": .string("ALL_NEW"),
        ])
        return Self.attributes(answer["Attributes"] as? [String: Any] ?? [:])
    }

    static func attributes(_ raw: [String: Any]) -> Item {
        raw.compactMapValues(Attribute.init)
    }

    private func call(_ operation: String, _ fields: [String: JSONValue]) async throws -> [String: Any] {
        try await caller.object(Self.targetPrefix, operation, fields)
    }
}
