/// The state of decoding one instance's user-data: the budget spent, the parts counted, and
/// what was found so far. Each layer is a recursive step bounded by `nestingDepth`.
struct UserDataWalk {
    let limits: UserDataLimits
    /// The bytes this instance may decode to: its own budget, or less if the run's is nearly spent.
    let byteLimit: Int
    /// True when the run's remaining budget, not the instance's, is what limits this walk.
    let limitedByRun: Bool
    private(set) var decodedBytes = 0
    private(set) var partsSeen = 0
    private(set) var parts: [UserDataPart] = []
    private(set) var problems: [UserDataProblem] = []
    private var budgetReported = false

    init(limits: UserDataLimits, available: Int?) {
        self.limits = limits
        let available = max(available ?? .max, 0)
        byteLimit = min(limits.decodedBytesPerInstance, available)
        limitedByRun = available < limits.decodedBytesPerInstance
    }

    private var remaining: Int { max(byteLimit - decodedBytes, 0) }

    mutating func decodeRoot(_ base64: String) {
        let (bytes, complete) = decodeBase64(base64, at: "user-data")
        expand(bytes, label: "user-data", depth: 0, cut: !complete)
    }

    /// Unpacks one document: compression, then text, then multipart. `headers` are the
    /// document's own MIME headers when it is a part (they say whether it is a multipart).
    mutating func expand(_ bytes: [UInt8], label: String, depth: Int, headers: [String: String]? = nil, cut: Bool = false) {
        if let format = Decompression.format(of: bytes) {
            guard depth < limits.nestingDepth else { return tooDeep(at: label) }
            let (output, outcome) = Decompression.inflate(bytes, limit: remaining)
            decodedBytes += output.count
            switch outcome {
            case .complete: break
            case .truncated: problems.append(UserDataProblem(.truncatedCompression, at: label, "\(format) data ends early"))
            case .corrupt(let why): problems.append(UserDataProblem(.corruptCompression, at: label, "corrupt \(format) data: \(why)"))
            case .trailingData(let count):
                problems.append(UserDataProblem(.trailingData, at: label, "\(count) bytes follow the \(format) data"))
            case .overBudget: overBudget(at: label)
            }
            return expand(output, label: label, depth: depth + 1, cut: outcome != .complete)
        }
        guard let text = Self.text(bytes, cut: cut) else {
            problems.append(UserDataProblem(.binary, at: label, "\(bytes.count) bytes of binary data, not text"))
            // ASCII keys in it would still show; the problem keeps it from being called clean.
            return parts.append(UserDataPart(label: label, text: String(decoding: bytes, as: UTF8.self)))
        }
        let ownHeaders = headers.map { MIMEMessage(headers: $0, body: text) }.flatMap { $0.isMultipart ? $0 : nil }
        guard let message = ownHeaders ?? MIMEMessage(text: text), message.isMultipart else {
            return parts.append(UserDataPart(label: label, text: text))
        }
        guard depth < limits.nestingDepth else {
            tooDeep(at: label)
            return parts.append(UserDataPart(label: label, text: text))
        }
        expandMultipart(message, text: text, label: label, depth: depth + 1)
    }

    private mutating func expandMultipart(_ message: MIMEMessage, text: String, label: String, depth: Int) {
        guard let boundary = message.boundary else {
            problems.append(UserDataProblem(.brokenMIME, at: label, "multipart without a boundary parameter"))
            return parts.append(UserDataPart(label: label, text: text))
        }
        let multipart = MIMEMessage.split(message.body, boundary: boundary, maxParts: limits.mimeParts - partsSeen)
        let nested = label == "user-data" ? "user-data/" : label + "."
        addIfNotBlank(multipart.preamble, label: nested + "preamble")
        for (offset, part) in multipart.parts.enumerated() {
            partsSeen += 1
            let partLabel = label == "user-data" ? "user-data/part-\(offset + 1)" : "\(label).\(offset + 1)"
            if part.isBase64 {
                let (bytes, complete) = decodeBase64(part.body, at: partLabel)
                expand(bytes, label: partLabel, depth: depth, headers: part.headers, cut: !complete)
            } else {
                expand(Array(part.body.utf8), label: partLabel, depth: depth, headers: part.headers)
            }
        }
        addIfNotBlank(multipart.epilogue, label: nested + "epilogue")
        if multipart.parts.isEmpty && !multipart.hasMoreParts {
            // The whole body was the preamble, and is scanned as such.
            problems.append(UserDataProblem(.brokenMIME, at: label, "multipart holds no part delimited by its boundary"))
        } else if multipart.hasMoreParts {
            problems.append(UserDataProblem(
                .mimeParts, at: label, "user-data has more than the \(limits.mimeParts) MIME parts allowed per instance"))
        } else if !multipart.isClosed {
            problems.append(UserDataProblem(.brokenMIME, at: label, "multipart ends without its closing boundary"))
        }
    }

    /// The decoded bytes, and whether they are all there were.
    private mutating func decodeBase64(_ text: String, at label: String) -> ([UInt8], Bool) {
        let (bytes, outcome) = Base64Text.decode(text.utf8, limit: remaining)
        decodedBytes += bytes.count
        switch outcome {
        case .complete: break
        case .invalid(let why): problems.append(UserDataProblem(.invalidBase64, at: label, "invalid base64: \(why)"))
        case .overBudget: overBudget(at: label)
        }
        return (bytes, outcome == .complete)
    }

    private mutating func addIfNotBlank(_ text: String, label: String) {
        if text.contains(where: { !$0.isWhitespace }) { parts.append(UserDataPart(label: label, text: text)) }
    }

    private mutating func tooDeep(at label: String) {
        problems.append(UserDataProblem(
            .nestingDepth, at: label, "user-data nests more than \(limits.nestingDepth) layers of compression and MIME"))
    }

    /// Reported once: after the budget is spent every later layer would say the same.
    private mutating func overBudget(at label: String) {
        guard !budgetReported else { return }
        budgetReported = true
        if limitedByRun {
            let run = UserDataLimits.describe(bytes: limits.decodedBytesPerRun)
            problems.append(UserDataProblem(.runBudget, at: label, "the run's \(run) budget for decoded user-data is spent"))
        } else {
            let instance = UserDataLimits.describe(bytes: limits.decodedBytesPerInstance)
            problems.append(UserDataProblem(.instanceBudget, at: label, "decoded user-data exceeds the \(instance) budget per instance"))
        }
    }

    /// UTF-8 text without NUL bytes, or nil. Output cut short by a failure may end inside a
    /// character: that is the cut, not binary data, so up to three trailing bytes are dropped.
    static func text(_ bytes: [UInt8], cut: Bool) -> String? {
        guard !bytes.contains(0) else { return nil }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        guard cut else { return nil }
        for dropped in 1...min(3, bytes.count) {
            if let text = String(validating: bytes.dropLast(dropped), as: UTF8.self) { return text }
        }
        return nil
    }
}
