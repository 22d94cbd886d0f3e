import Foundation

/// The options of an allowed-signers line (`cert-authority`, `namespaces=`, `valid-after=`,
/// `valid-before=`), parsed as OpenSSH's `sshsigopt_parse` does: keywords in any letter case,
/// each at most once, and a `valid-before` that is after `valid-after`. Unknown options are
/// errors, not skipped: an option rolesync ignored could be one meant to restrict the key.
///
/// Values may be double-quoted (OpenSSH requires the quotes; a value without them, ending at
/// the next comma, is accepted here too).
struct SignerOptions: Sendable, Hashable {
    var certificateAuthority = false
    var namespaces: String?
    var validAfter: Date?
    var validBefore: Date?

    init() {}

    init(parsing text: String, timeZone: TimeZone) throws(LineFailure) {
        var rest = Substring(text)
        while !rest.isEmpty {
            let name = rest.prefix(while: { $0 != "=" && $0 != "," })
            rest = rest.dropFirst(name.count)
            var value: String?
            if rest.first == "=" {
                rest = rest.dropFirst()
                value = try Self.value(of: name, from: &rest)
            }
            try apply(name.lowercased(), value, timeZone: timeZone)
            guard !rest.isEmpty else { break }
            guard rest.first == "," else { throw .badOption("unexpected '\(quoted(String(rest)))' after \(name)") }
            rest = rest.dropFirst()
            guard !rest.isEmpty else { throw .badOption("options end with a comma") }
        }
        if let after = validAfter, let before = validBefore, before <= after {
            throw .badOption("valid-before is not after valid-after")
        }
    }

    /// A quoted value (`\"` stands for a quote inside it) or, unquoted, up to the next comma.
    private static func value(of name: Substring, from rest: inout Substring) throws(LineFailure) -> String {
        guard rest.first == "\"" else {
            let value = rest.prefix(while: { $0 != "," })
            rest = rest.dropFirst(value.count)
            return String(value)
        }
        rest = rest.dropFirst()
        var value = ""
        while let character = rest.first, character != "\"" {
            if character == "\\", rest.dropFirst().first == "\"" { rest = rest.dropFirst() }
            value.append(rest.removeFirst())
        }
        guard rest.first == "\"" else { throw .badOption("\(name) value has no closing quote") }
        rest = rest.dropFirst()
        return value
    }

    private mutating func apply(_ name: String, _ value: String?, timeZone: TimeZone) throws(LineFailure) {
        switch name {
        case "cert-authority":
            guard value == nil else { throw .badOption("cert-authority takes no value") }
            certificateAuthority = true
        case "namespaces":
            guard namespaces == nil else { throw .badOption("namespaces given twice") }
            guard let value, !value.isEmpty else { throw .badOption("namespaces needs a value") }
            namespaces = value
        case "valid-after":
            guard validAfter == nil else { throw .badOption("valid-after given twice") }
            validAfter = try Self.time(value, name, timeZone)
        case "valid-before":
            guard validBefore == nil else { throw .badOption("valid-before given twice") }
            validBefore = try Self.time(value, name, timeZone)
        case "":
            throw .badOption("empty option")
        default:
            throw .badOption("unsupported option '\(quoted(name))'")
        }
    }

    private static func time(_ value: String?, _ name: String, _ zone: TimeZone) throws(LineFailure) -> Date {
        guard let value, let date = SignerTimestamp.parse(value, timeZone: zone) else {
            throw .badOption("\(name) '\(quoted(value ?? ""))' is not YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]")
        }
        return date
    }
}

/// The timestamps of `valid-after`/`valid-before` (`ssh-keygen(1)`): `YYYYMMDD`, `YYYYMMDDHHMM`
/// or `YYYYMMDDHHMMSS`, in `timeZone` unless suffixed with `Z` (UTC). A date alone is its
/// midnight, as OpenSSH's `parse_absolute_time` reads it.
enum SignerTimestamp {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        var digits = Array(text.utf8)
        var zone = timeZone
        if let last = digits.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            digits.removeLast()
            zone = TimeZone(identifier: "UTC")!
        }
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        func number(at offset: Int, width: Int) -> Int {
            guard offset + width <= digits.count else { return 0 }
            return digits[offset..<offset + width].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            calendar: calendar, timeZone: zone, year: number(at: 0, width: 4), month: number(at: 4, width: 2),
            day: number(at: 6, width: 2), hour: number(at: 8, width: 2), minute: number(at: 10, width: 2),
            second: number(at: 12, width: 2))
        guard components.isValidDate, let date = components.date else { return nil }
        return date
    }
}
