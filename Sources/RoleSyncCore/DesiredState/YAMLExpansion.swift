import CYaml

/// How many nodes a YAML text stands for once its aliases are expanded, counted from the
/// parser's events before any node is built.
///
/// An alias costs nothing to parse, but each use of it stands for the whole anchored node:
/// nine lines of "billion laughs" stand for 10⁹ nodes. Yams hashes every mapping key to find
/// duplicates, so one such alias used as a key keeps the parser busy for hours, and anything
/// that walks the nodes afterwards would too. Counting first, with every anchor's expanded
/// size remembered, costs one linear pass of libyaml (the library Yams itself runs on).
enum YAMLExpansion {
    /// More nodes than any file within the default 1 MiB read limit holds without aliases
    /// (the densest, `[a,a,…]`, has one node per two bytes), and cheap to walk.
    static let maxNodes = 1_000_000

    /// Where the expanded count first passed `limit`.
    struct Exceeded: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    /// Where the text's expanded node count passes `limit`, or nil when it stays within it.
    /// A syntax error ends the count (nil): Yams reports that error itself, with its position.
    static func firstExcess(in text: String, limit: Int = maxNodes) -> Exceeded? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var counter = Counter(limit: limit)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if !counter.count(event) {
                    return Exceeded(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
            }
        }
    }

    /// The running count. Anchors are kept for the whole stream, as Yams keeps them.
    private struct Counter {
        let limit: Int
        var total = 0
        /// Expanded size of each anchored node, by anchor name.
        var sizes: [String: Int] = [:]
        /// Open sequences and mappings: their anchor and their expanded size so far.
        var open: [(anchor: String?, size: Int)] = []

        init(limit: Int) {
            self.limit = limit
        }

        /// Counts one event; false once the total passed the limit.
        mutating func count(_ event: yaml_event_t) -> Bool {
            switch event.type {
            case YAML_SCALAR_EVENT:
                return add(1, anchor: Self.name(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                return add(Self.name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                open.append((Self.name(event.data.sequence_start.anchor), 1))
            case YAML_MAPPING_START_EVENT:
                open.append((Self.name(event.data.mapping_start.anchor), 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let node = open.popLast() else { return true }
                if let anchor = node.anchor { sizes[anchor] = node.size }
                if !open.isEmpty { open[open.count - 1].size += node.size }
                return true
            default:
                return true
            }
            total += 1
            return total <= limit
        }

        /// Adds a finished node of `size` expanded nodes to the total and to its parent.
        private mutating func add(_ size: Int, anchor: String?) -> Bool {
            if let anchor { sizes[anchor] = size }
            if !open.isEmpty { open[open.count - 1].size += size }
            total += size
            return total <= limit
        }

        private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }
    }
}
