import Foundation
import TestSupport

/// The IAM policy shipped in `manifests/deploy/iam/rolesync-policy.json`, read from the
/// repository so the tests prove the very file operators deploy, and edited copies of it
/// with one action taken out.
struct ShippedPolicy {
    static let relativePath = "manifests/deploy/iam/rolesync-policy.json"

    /// The document as parsed JSON: `Statement` is a list of objects, each with a `Sid`.
    var document: [String: Any]

    static func load() throws -> ShippedPolicy {
        let url = RoleSyncBinary.packageRoot().appendingPathComponent(relativePath)
        let data = try Data(contentsOf: url)
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PolicyShapeError(detail: "\(relativePath) is not a JSON object")
        }
        return ShippedPolicy(document: document)
    }

    /// The shipped file, byte for byte.
    static func text() throws -> String {
        try String(contentsOf: RoleSyncBinary.packageRoot().appendingPathComponent(relativePath), encoding: .utf8)
    }

    var statements: [[String: Any]] { document["Statement"] as? [[String: Any]] ?? [] }

    /// Actions of a statement, whether written as one string or a list.
    static func actions(of statement: [String: Any]) -> [String] {
        if let one = statement["Action"] as? String { return [one] }
        return statement["Action"] as? [String] ?? []
    }

    var allActions: [String] { statements.flatMap(Self.actions(of:)) }

    /// The policy without `action`; a statement left with no action is dropped whole.
    func removing(action: String) throws -> ShippedPolicy {
        var edited: [[String: Any]] = []
        var found = false
        for var statement in statements {
            let actions = Self.actions(of: statement)
            guard actions.contains(action) else {
                edited.append(statement)
                continue
            }
            found = true
            let rest = actions.filter { $0 != action }
            if rest.isEmpty { continue }
            statement["Action"] = rest
            edited.append(statement)
        }
        guard found else { throw PolicyShapeError(detail: "\(action) is not in \(Self.relativePath)") }
        var document = self.document
        document["Statement"] = edited
        return ShippedPolicy(document: document)
    }

    /// The policy with statement `sid`'s `Resource` set to `*`: the emulator matches DynamoDB
    /// requests only against `*`, so a table-scoped statement would be denied there whatever
    /// it allows (manifests/deploy/README.md, what the emulator does not check).
    func widening(sid: String) throws -> ShippedPolicy {
        guard statements.contains(where: { $0["Sid"] as? String == sid }) else {
            throw PolicyShapeError(detail: "no statement \(sid) in \(Self.relativePath)")
        }
        var document = self.document
        document["Statement"] = statements.map { statement in
            guard statement["Sid"] as? String == sid else { return statement }
            var widened = statement
            widened["Resource"] = "*"
            return widened
        }
        return ShippedPolicy(document: document)
    }

    /// The document as JSON text, for `iam:CreatePolicy`.
    func json() throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }
}

struct PolicyShapeError: Error, CustomStringConvertible {
    var detail: String
    var description: String { detail }
}
