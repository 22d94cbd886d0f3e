/// The forms rolesync accepts for ids, names, ARNs, regions and dates. Written as plain
/// character checks (not regular expressions) because they run for every field of every
/// manifest; `manifests/schema/*.json` states the same rules as patterns for editors.
enum FieldRules {
    static let instanceIdExpectation = "expected i- followed by 8 or 17 hex digits"
    static let nameExpectation =
        "expected 1-253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit"
    static let profileExpectation =
        "expected none, a profile name (1-128 of letters, digits and +=,.@_-) or arn:aws:iam::<12 digits>:instance-profile/[path/]name"
    static let roleArnExpectation = "expected arn:aws:iam::<12 digits>:role/[path/]name"
    static let accountExpectation = "expected exactly 12 digits"
    static let organizationalUnitExpectation = "expected ou- followed by 4-32 lowercase letters or digits, '-', and 8-32 more"
    static let roleNameExpectation = "expected a role name: 1-64 of letters, digits and +=,.@_-"
    static let regionExpectation = "expected an AWS region such as us-east-1, eu-central-2 or us-gov-west-1"
    static let dateExpectation = "expected a calendar date YYYY-MM-DD"
    /// EC2's limits on a tag (Unicode characters).
    static let maximumTagKeyLength = 128
    static let maximumTagValueLength = 256

    /// `i-` and exactly 8 or 17 lowercase hex digits (EC2 ids, old and new form).
    static func isInstanceId(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 10 || bytes.count == 19, bytes[0] == UInt8(ascii: "i"), bytes[1] == UInt8(ascii: "-") else {
            return false
        }
        return bytes.dropFirst(2).allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A DNS-subdomain-like name, as Kubernetes uses for `metadata.name`.
    static func isManifestName(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...253).contains(bytes.count), let first = bytes.first, let last = bytes.last,
              isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// `none`, an IAM instance-profile name, or an instance-profile ARN.
    static func isProfileReference(_ value: String) -> Bool {
        if value == "none" { return true }
        if value.hasPrefix("arn:") { return isIAMArn(value, resourceType: "instance-profile", maxNameLength: 128) }
        return isIAMName(Substring(value), maxLength: 128)
    }

    static func isRoleArn(_ value: String) -> Bool {
        isIAMArn(value, resourceType: "role", maxNameLength: 64)
    }

    static func isAccountId(_ value: String) -> Bool {
        value.utf8.count == 12 && value.utf8.allSatisfy(isDigit)
    }

    /// `^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$`, the form AWS Organizations gives unit ids.
    static func isOrganizationalUnitId(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ou", (4...32).contains(parts[1].utf8.count),
              (8...32).contains(parts[2].utf8.count) else { return false }
        return parts.dropFirst().allSatisfy { $0.utf8.allSatisfy(isLowerAlphanumeric) }
    }

    /// An IAM role name without a path.
    static func isRoleName(_ value: String) -> Bool {
        isIAMName(Substring(value), maxLength: 64)
    }

    /// `^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`: us-east-1, us-gov-west-1, us-isob-east-1.
    static func isRegion(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (3...4).contains(parts.count), parts[0].utf8.count == 2, parts[0].utf8.allSatisfy(isLowerLetter),
              let number = parts.last, !number.isEmpty, number.utf8.allSatisfy(isDigit) else { return false }
        let area = parts[parts.count - 2]
        guard !area.isEmpty, area.utf8.allSatisfy(isLowerLetter) else { return false }
        guard parts.count == 4 else { return true }
        let partition = parts[1]
        return partition == "gov" || (partition.hasPrefix("iso") && partition.utf8.allSatisfy(isLowerLetter))
    }

    /// `YYYY-MM-DD` naming a day that exists (no 2027-02-30).
    static func isCalendarDate(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        let digits = bytes.enumerated().filter { $0.offset != 4 && $0.offset != 7 }.map(\.element)
        guard digits.allSatisfy(isDigit), let year = Int(value.prefix(4)),
              let month = Int(value.dropFirst(5).prefix(2)), let day = Int(value.suffix(2)) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `arn:aws[-a-z]*:iam::<12 digits>:<type>/<optional path/>name`.
    private static func isIAMArn(_ value: String, resourceType: String, maxNameLength: Int) -> Bool {
        let fields = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "iam", fields[3].isEmpty,
              fields[1].hasPrefix("aws"), fields[1].utf8.allSatisfy({ isLowerLetter($0) || $0 == UInt8(ascii: "-") }),
              isAccountId(String(fields[4])) else { return false }
        let resource = fields[5].split(separator: "/", omittingEmptySubsequences: false)
        guard resource.count >= 2, resource[0] == resourceType, let name = resource.last else { return false }
        let path = resource.dropFirst().dropLast()
        return isIAMName(name, maxLength: maxNameLength) && path.allSatisfy { isIAMName($0, maxLength: 512) }
    }

    /// 1 to `maxLength` characters of `[A-Za-z0-9_+=,.@-]`, the IAM name alphabet.
    private static func isIAMName(_ value: Substring, maxLength: Int) -> Bool {
        (1...maxLength).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            isDigit(byte) || isLowerLetter(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || "_+=,.@-".utf8.contains(byte)
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isLowerLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLowerLetter(byte) }
}
