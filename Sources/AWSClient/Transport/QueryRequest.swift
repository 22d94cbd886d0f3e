/// One Query-protocol call: the action, the API version and its parameters in the order
/// they are sent (`Filter.1.Name=…`). The form body is `Action=…&Version=…&…`.
public struct QueryRequest: Sendable, Equatable {
    public var action: String
    public var version: String
    public var parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(action: String, version: String, parameters: [Parameter] = []) {
        self.action = action
        self.version = version
        self.parameters = parameters
    }

    /// The `application/x-www-form-urlencoded` body, RFC 3986 percent-encoded.
    public var formBody: String {
        PercentEncoding.formBody(
            [("Action", action), ("Version", version)] + parameters.map { ($0.name, $0.value) })
    }

    public func value(of name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    public mutating func add(_ name: String, _ value: String) {
        parameters.append(Parameter(name, value))
    }

    /// Adds a list as `prefix.1=…&prefix.2=…` (EC2's `InstanceId.N`, `AssociationId.N`).
    public mutating func addList(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(prefix).\(index + 1)", value) }
    }
}
