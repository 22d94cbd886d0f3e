/// What a drift item or action is about when it is not an instance: a launch template version
/// that Auto Scaling groups launch from, or a group itself.
///
/// Items about instances have no subject, so their JSON is as it always was; an item with a
/// subject has `instanceId: null` and says what it is about in `subject`.
public struct DriftSubject: Sendable, Hashable, Codable, Comparable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case launchTemplate = "launch-template"
        case autoScalingGroup = "auto-scaling-group"
    }

    public var type: Kind
    /// The launch template id (`lt-…`), or the group's name.
    public var id: String
    /// The launch template's name.
    public var name: String?
    /// The template version the groups launch from.
    public var version: Int?
    /// Every Auto Scaling group that launches from it, sorted; for a group, itself.
    public var groups: [String]

    public init(type: Kind, id: String, name: String? = nil, version: Int? = nil, groups: [String] = []) {
        self.type = type
        self.id = id
        self.name = name
        self.version = version
        self.groups = groups.sorted()
    }

    /// A launch template version and the groups that launch from it.
    public static func launchTemplate(id: String, name: String, version: Int, groups: [String]) -> DriftSubject {
        DriftSubject(type: .launchTemplate, id: id, name: name.isEmpty ? nil : name, version: version, groups: groups)
    }

    public static func autoScalingGroup(_ name: String) -> DriftSubject {
        DriftSubject(type: .autoScalingGroup, id: name, groups: [name])
    }

    /// How reports name it where an instance id would stand: `launch-template lt-0abc (web) version 3`,
    /// `auto-scaling-group legacy-web`.
    public var label: String {
        var text = "\(type.rawValue) \(id)"
        if let name { text += " (\(name))" }
        if let version { text += " version \(version)" }
        return text
    }

    /// `used by groups a, b`, or nothing for a group.
    public var usage: String? {
        guard type == .launchTemplate, !groups.isEmpty else { return nil }
        return "used by \(groups.count == 1 ? "group" : "groups") \(groups.joined(separator: ", "))"
    }

    public static func < (lhs: DriftSubject, rhs: DriftSubject) -> Bool { lhs.label < rhs.label }
}
