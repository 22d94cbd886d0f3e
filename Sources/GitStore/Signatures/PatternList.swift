/// An OpenSSH pattern list (`ssh_config(5)`, PATTERNS): comma-separated patterns where `*`
/// matches any run of characters and `?` exactly one, and a pattern prefixed with `!` is a
/// negation. A string matches when some pattern matches it and no negated pattern does,
/// as in OpenSSH's `match_pattern_list`. Used for principals and `namespaces=`.
struct PatternList {
    private let patterns: [(negated: Bool, pattern: [Unicode.Scalar])]

    init(_ list: String) {
        patterns = list.split(separator: ",", omittingEmptySubsequences: true).map { item in
            item.hasPrefix("!")
                ? (true, Array(item.dropFirst().unicodeScalars))
                : (false, Array(item.unicodeScalars))
        }
    }

    func matches(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        var positive = false
        for (negated, pattern) in patterns where Self.wildcardMatch(scalars, pattern) {
            if negated { return false }
            positive = true
        }
        return positive
    }

    /// Glob matching with one backtrack point, so time is linear in the product of the lengths
    /// (OpenSSH recurses; a hostile `*a*a*a…` pattern must not explode here).
    static func wildcardMatch(_ string: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var s = 0, p = 0
        var star: Int?, resume = 0
        while s < string.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = s
                p += 1
            } else if p < pattern.count, pattern[p] == "?" || pattern[p] == string[s] {
                s += 1
                p += 1
            } else if let starAt = star {
                p = starAt + 1
                resume += 1
                s = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
