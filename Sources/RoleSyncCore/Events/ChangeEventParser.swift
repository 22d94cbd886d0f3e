import Foundation

/// Why a queue message is not a change rolesync acts on. Neither kind is deleted from the
/// queue: the queue's redrive policy moves it to its dead-letter queue.
public enum ChangeEventError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an EventBridge event of a CloudTrail call: not JSON, fields missing or mistyped.
    case malformed(String)
    /// A well-formed event of another source or call than the ones watched.
    case foreign(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed event: \(reason)"
        case .foreign(let reason): "foreign event: \(reason)"
        }
    }
}

/// Reads the EventBridge envelope of a CloudTrail management event (`detail-type` "AWS API Call
/// via CloudTrail"), as an EventBridge rule delivers it to SQS. Bounded: a body over 256 KiB
/// (SQS's own limit) is refused, and the search for the instances it names stops at 32 levels
/// and 1,000 ids.
public enum ChangeEventParser {
    public static let maxBodyBytes = 256 * 1024
    static let maxDepth = 32
    static let maxIds = 1000

    public static func parse(_ body: String) throws -> ChangeEvent {
        guard body.utf8.count <= maxBodyBytes else {
            throw ChangeEventError.malformed("\(body.utf8.count) bytes, over the \(maxBodyBytes)-byte limit")
        }
        guard let envelope = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            throw ChangeEventError.malformed("not a JSON object")
        }
        guard let detailType = envelope["detail-type"] as? String, let source = envelope["source"] as? String else {
            throw ChangeEventError.malformed("no detail-type or source: not an EventBridge event")
        }
        guard detailType == "AWS API Call via CloudTrail" else {
            throw ChangeEventError.foreign("detail-type \"\(detailType)\"")
        }
        guard source == "aws.ec2" || source == "aws.autoscaling" else { throw ChangeEventError.foreign("source \(source)") }
        guard let detail = envelope["detail"] as? [String: Any] else { throw ChangeEventError.malformed("no detail object") }
        guard let eventName = detail["eventName"] as? String else { throw ChangeEventError.malformed("no detail.eventName") }
        guard ChangeEvent.watchedEvents.contains(eventName) else { throw ChangeEventError.foreign("event \(eventName)") }
        guard let identity = detail["userIdentity"] as? [String: Any] else {
            throw ChangeEventError.malformed("no detail.userIdentity")
        }
        let account = (envelope["account"] as? String) ?? (detail["recipientAccountId"] as? String)
        let region = (detail["awsRegion"] as? String) ?? (envelope["region"] as? String)
        guard let account, let region else { throw ChangeEventError.malformed("no account or region") }
        var found = Found()
        for key in ["requestParameters", "responseElements"] {
            if let part = detail[key] { collect(part, depth: 0, into: &found) }
        }
        return printable(ChangeEvent(
            eventName: eventName, eventTime: (detail["eventTime"] as? String) ?? (envelope["time"] as? String) ?? "unknown",
            account: account, region: region, principal: try principal(identity),
            sourceIPAddress: detail["sourceIPAddress"] as? String, userAgent: detail["userAgent"] as? String,
            instanceIds: found.instances.values, launchTemplates: found.templates.values, autoScalingGroups: found.groups.values))
    }

    /// Longest text kept of any one field: reports print these, and a message is untrusted input.
    static let maxFieldCharacters = 512

    /// The event with every text field safe to print on a terminal or in a commit message:
    /// control characters (escape sequences, newlines) dropped, each field cut at 512 characters.
    static func printable(_ event: ChangeEvent) -> ChangeEvent {
        func clean(_ text: String) -> String {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0.properties.generalCategory != .control }
                .prefix(maxFieldCharacters))
            return String(scalars)
        }
        var event = event
        event.eventTime = clean(event.eventTime)
        event.account = clean(event.account)
        event.region = clean(event.region)
        event.sourceIPAddress = event.sourceIPAddress.map(clean)
        event.userAgent = event.userAgent.map(clean)
        event.launchTemplates = event.launchTemplates.map(clean)
        event.autoScalingGroups = event.autoScalingGroups.map(clean)
        var principal = event.principal
        principal.arn = clean(principal.arn)
        principal.sessionName = principal.sessionName.map(clean)
        principal.role = principal.role.map(clean)
        principal.permissionSet = principal.permissionSet.map(clean)
        event.principal = principal
        return event
    }

    /// CloudTrail's `userIdentity`: IAM user, assumed role (an SSO session when its issuer is an
    /// `AWSReservedSSO_<permission set>_<suffix>` role), AWS service, root.
    static func principal(_ identity: [String: Any]) throws -> ChangePrincipal {
        let type = identity["type"] as? String ?? ""
        let arn = identity["arn"] as? String
        switch type {
        case "IAMUser":
            return ChangePrincipal(kind: .iamUser, arn: arn ?? (identity["userName"] as? String ?? "unknown user"))
        case "AssumedRole":
            guard let arn else { throw ChangeEventError.malformed("an assumed-role userIdentity without arn") }
            let session = arn.split(separator: "/").last.map(String.init)
            let issuer = (identity["sessionContext"] as? [String: Any])?["sessionIssuer"] as? [String: Any]
            let roleName = issuer?["userName"] as? String
            let role = (issuer?["arn"] as? String) ?? roleName
            if let roleName, roleName.hasPrefix("AWSReservedSSO_") {
                let rest = roleName.dropFirst("AWSReservedSSO_".count)
                let set = rest.lastIndex(of: "_").map { String(rest[..<$0]) } ?? String(rest)
                return ChangePrincipal(kind: .sso, arn: arn, sessionName: session, role: role, permissionSet: set)
            }
            return ChangePrincipal(kind: .assumedRole, arn: arn, sessionName: session, role: role)
        case "AWSService":
            return ChangePrincipal(kind: .awsService, arn: identity["invokedBy"] as? String ?? "unknown service")
        case "Root":
            return ChangePrincipal(kind: .root, arn: arn ?? "root")
        default:
            return ChangePrincipal(kind: .other, arn: arn ?? (identity["principalId"] as? String) ?? "unknown (\(type))")
        }
    }

    struct Found {
        var instances = Ordered()
        var templates = Ordered()
        var groups = Ordered()
    }

    /// Distinct values in first-seen order, at most `maxIds`.
    struct Ordered {
        private(set) var values: [String] = []
        private var seen: Set<String> = []
        mutating func add(_ value: String) {
            guard values.count < ChangeEventParser.maxIds, seen.insert(value).inserted else { return }
            values.append(value)
        }
    }

    private static func collect(_ value: Any, depth: Int, into found: inout Found) {
        guard depth < maxDepth else { return }
        if let list = value as? [Any] {
            for item in list { collect(item, depth: depth + 1, into: &found) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        for (key, child) in object {
            if let text = child as? String {
                switch key.lowercased() {
                case "instanceid" where isInstanceId(text): found.instances.add(text)
                case "launchtemplateid", "launchtemplatename": found.templates.add(text)
                case "autoscalinggroupname": found.groups.add(text)
                default: break
                }
            } else {
                collect(child, depth: depth + 1, into: &found)
            }
        }
    }

    static func isInstanceId(_ text: String) -> Bool {
        guard text.hasPrefix("i-") else { return false }
        let hex = text.dropFirst(2)
        return (8...17).contains(hex.count) && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
