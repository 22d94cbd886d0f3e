import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of an XML document: its local name, its own text (whitespace-only text
/// dropped) and its child elements in order. Attributes are not kept: AWS Query responses
/// carry everything in elements.
public struct XMLElementNode: Sendable, Equatable {
    public var name: String
    public var text: String
    public var children: [XMLElementNode]

    public init(name: String, text: String = "", children: [XMLElementNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child called `name`.
    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// The descendant reached by following `path`, one child name per step.
    public func descendant(_ path: String...) -> XMLElementNode? {
        var node: XMLElementNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The text of the first child called `name`, or nil if there is no such child or it is
    /// empty (EC2 writes absent values as empty elements such as `<reason/>`).
    public func string(_ name: String) -> String? {
        guard let text = child(name)?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The members of a list child: EC2's `<tagSet><item>…` or IAM's `<Roles><member>…`.
    public func list(_ name: String, member: String = "item") -> [XMLElementNode] {
        child(name)?.children.filter { $0.name == member } ?? []
    }
}

/// Parses a whole document into an `XMLElementNode` tree with FoundationXML's `XMLParser`.
/// Linear in the document: each element is built once on a stack and moved into its parent.
public enum XMLTreeParser {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "XML parse error: \(reason)" }
    }

    public static func parse(_ data: Data) throws -> XMLElementNode {
        // FoundationXML traps on an element name that is not valid UTF-8 (its namespace-aware
        // start-element callback force-unwraps the name), and libxml2 hands such names on when
        // fed in chunks. AWS answers are UTF-8, so anything else is refused before parsing.
        guard String(data: data, encoding: .utf8) != nil else {
            throw ParseError(reason: "the document is not valid UTF-8")
        }
        // FoundationXML also crashes on a processing instruction without data (`<?target?>`:
        // it calls strlen on the null data pointer). AWS answers carry none but the leading
        // XML declaration, so any other `<?` is refused before parsing.
        if let reason = Self.processingInstructionProblem(in: data) { throw ParseError(reason: reason) }
        // The stream initialiser feeds libxml2 in chunks; given the whole buffer at once it
        // refuses documents over 10 MB, which a 1000-instance page can exceed.
        let parser = XMLParser(stream: InputStream(data: data))
        let builder = TreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = builder.root else {
            let reason = builder.failure ?? parser.parserError.map { "\($0)" } ?? "no root element"
            throw ParseError(reason: reason)
        }
        return root
    }

    /// Why the document holds a processing instruction other than the XML declaration, or nil.
    static func processingInstructionProblem(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains(bytes[start]) { start += 1 }
        let declaration = Array("<?xml".utf8)
        var searchFrom = start
        if bytes.count > start + declaration.count, Array(bytes[start..<start + declaration.count]) == declaration,
           [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start + declaration.count]) {
            searchFrom = start + declaration.count
        }
        var index = searchFrom
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "?") {
                return "a processing instruction at byte \(index): AWS answers carry none"
            }
            index += 1
        }
        return nil
    }

    public static func parse(_ text: String) throws -> XMLElementNode {
        try parse(Data(text.utf8))
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = []
    var root: XMLElementNode?
    var failure: String?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        stack.append(XMLElementNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text.append(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text.append(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard var node = stack.popLast() else { return }
        if !node.children.isEmpty, node.text.allSatisfy(\.isWhitespace) { node.text = "" }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = failure ?? "\(parseError) at line \(parser.lineNumber)"
    }
}
