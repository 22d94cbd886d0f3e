/// A compact DEFLATE (RFC 1951) decompressor.
///
/// User-data is often gzip-compressed, and Foundation on Linux has no gunzip; zlib is not a
/// declared dependency of the pure core. User-data is at most 16 KB, so a bit-at-a-time
/// canonical Huffman decoder is plenty.
public enum Inflate {
    public enum Failure: Error, Sendable, Hashable {
        case truncated
        case invalidBlockType
        case invalidStoredLength
        case invalidCode
        case invalidDistance
    }

    /// Decompresses one raw DEFLATE stream; returns the output and how many input bytes it used.
    public static func inflate(_ input: [UInt8], from start: Int = 0) throws -> (output: [UInt8], consumed: Int) {
        var reader = BitReader(bytes: input, position: start)
        var output: [UInt8] = []
        var isFinal = false
        while !isFinal {
            isFinal = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0: try copyStored(&reader, into: &output)
            case 1: try inflateBlock(&reader, literals: fixedLiterals, distances: fixedDistances, into: &output)
            case 2:
                let (literals, distances) = try readDynamicTables(&reader)
                try inflateBlock(&reader, literals: literals, distances: distances, into: &output)
            default: throw Failure.invalidBlockType
            }
        }
        return (output, reader.position - start)
    }

    private static func copyStored(_ reader: inout BitReader, into output: inout [UInt8]) throws {
        reader.alignToByte()
        let length = try reader.bits(16)
        let complement = try reader.bits(16)
        guard length == ~complement & 0xFFFF else { throw Failure.invalidStoredLength }
        for _ in 0..<length { output.append(UInt8(try reader.byte())) }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                     67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                          4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                       513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
                                            9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Decodes literal/length and distance symbols until the end-of-block symbol (256).
    private static func inflateBlock(
        _ reader: inout BitReader, literals: HuffmanTable, distances: HuffmanTable, into output: inout [UInt8]
    ) throws {
        while true {
            let symbol = try literals.decode(&reader)
            if symbol < 256 {
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < lengthBase.count else { throw Failure.invalidCode }
            let length = try lengthBase[lengthIndex] + reader.bits(lengthExtraBits[lengthIndex])
            let distanceSymbol = try distances.decode(&reader)
            guard distanceSymbol < distanceBase.count else { throw Failure.invalidCode }
            let distance = try distanceBase[distanceSymbol] + reader.bits(distanceExtraBits[distanceSymbol])
            guard distance <= output.count else { throw Failure.invalidDistance }
            let from = output.count - distance
            for offset in 0..<length { output.append(output[from + offset]) }
        }
    }

    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads the code-length code, then the literal/length and distance code lengths it encodes.
    private static func readDynamicTables(_ reader: inout BitReader) throws -> (HuffmanTable, HuffmanTable) {
        let literalCount = try reader.bits(5) + 257
        let distanceCount = try reader.bits(5) + 1
        let codeLengthCount = try reader.bits(4) + 4
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[codeLengthOrder[index]] = try reader.bits(3) }
        let codeLengths = try HuffmanTable(lengths: codeLengthLengths)

        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try codeLengths.decode(&reader)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Failure.invalidCode }
                lengths += try Array(repeating: previous, count: 3 + reader.bits(2))
            case 17: lengths += try Array(repeating: 0, count: 3 + reader.bits(3))
            default: lengths += try Array(repeating: 0, count: 11 + reader.bits(7))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Failure.invalidCode }
        return (try HuffmanTable(lengths: Array(lengths[..<literalCount])),
                try HuffmanTable(lengths: Array(lengths[literalCount...])))
    }

    private static let fixedLiterals = try! HuffmanTable(
        lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
            + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
    private static let fixedDistances = try! HuffmanTable(lengths: Array(repeating: 5, count: 30))
}

/// Reads DEFLATE's bit stream: bits are taken from each byte least-significant first.
struct BitReader {
    let bytes: [UInt8]
    var position: Int
    private var buffer = 0
    private var bufferedBits = 0

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func bits(_ count: Int) throws -> Int {
        while bufferedBits < count {
            guard position < bytes.count else { throw Inflate.Failure.truncated }
            buffer |= Int(bytes[position]) << bufferedBits
            position += 1
            bufferedBits += 8
        }
        let value = buffer & ((1 << count) - 1)
        buffer >>= count
        bufferedBits -= count
        return value
    }

    /// Drops the rest of the current byte (stored blocks start on a byte boundary).
    mutating func alignToByte() {
        buffer = 0
        bufferedBits = 0
    }

    mutating func byte() throws -> Int { try bits(8) }
}

/// A canonical Huffman code given by its code lengths, decoded one bit at a time.
struct HuffmanTable: Sendable {
    /// How many codes have each length (index 0 unused).
    private var counts = [Int](repeating: 0, count: 16)
    /// Symbols ordered by code length, then by symbol: canonical code order.
    private var symbols: [Int] = []

    init(lengths: [Int]) throws {
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        for length in 1..<16 {
            for (symbol, symbolLength) in lengths.enumerated() where symbolLength == length {
                symbols.append(symbol)
            }
        }
    }

    func decode(_ reader: inout BitReader) throws -> Int {
        var code = 0
        var first = 0
        var index = 0
        for length in 1..<16 {
            code |= try reader.bits(1)
            let count = counts[length]
            if code - first < count { return symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw Inflate.Failure.invalidCode
    }
}
