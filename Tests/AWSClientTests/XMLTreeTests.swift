@testable import AWSClient
import Foundation
import Testing

@Suite("XML tree parsing")
struct XMLTreeTests {
    @Test("text, entities, CDATA and nesting are kept; whitespace between elements is not")
    func structure() throws {
        let root = try XMLTreeParser.parse("""
            <?xml version="1.0"?>
            <Root xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <a>x &amp; y &lt;z&gt;</a>
              <list><item><k>1</k></item><item><k>2</k></item><other/></list>
              <c><![CDATA[raw <text>]]></c>
            </Root>
            """)
        #expect(root.name == "Root")
        #expect(root.text == "")
        #expect(root.string("a") == "x & y <z>")
        #expect(root.list("list").map { $0.string("k") } == ["1", "2"])
        #expect(root.string("c") == "raw <text>")
        #expect(root.descendant("list", "item", "k")?.text == "1")
    }

    @Test("broken documents throw", arguments: ["<a><b></a>", "", "plain text", "<a>"])
    func broken(text: String) {
        #expect(throws: XMLTreeParser.ParseError.self) { try XMLTreeParser.parse(text) }
    }

    /// Found by `fuzz-xml`: FoundationXML trapped on this answer (one byte of a DescribeInstances
    /// page turned into 0xE1 inside an element name) instead of reporting a parse error.
    @Test("an element name that is not UTF-8 is a parse error, not a crash")
    func invalidUTF8ElementName() {
        let body = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><a".utf8) + [0xE1] + Data("b>x</a".utf8)
            + [0xE1] + Data("b>".utf8)
        #expect(throws: XMLTreeParser.ParseError.self) { try XMLTreeParser.parse(body) }
        #expect(throws: AWSTransportError.self) {
            try ResponseDecoding.decode(status: 200, body: body, action: "DescribeInstances")
        }
    }

    /// Found by fuzzing: a processing instruction without data crashed FoundationXML.
    @Test(arguments: [
        "<?xCharackngtf?>\n<De'scriet><itemese>\n",
        "<?xml version=\"1.0\"?><a><?target?></a>",
        "<?xml-stylesheet?><a/>",
    ])
    func aProcessingInstructionIsAParseErrorNotACrash(_ text: String) {
        #expect(throws: XMLTreeParser.ParseError.self) { try XMLTreeParser.parse(text) }
    }

    @Test func theXMLDeclarationIsStillAccepted() throws {
        let root = try XMLTreeParser.parse("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b>x</b></a>")
        #expect(root.string("b") == "x")
    }

    /// A DescribeInstances page of `count` reservations, each holding the full instance of
    /// the recorded sample (about 3.5 kB: network interfaces, block devices, tags) with its
    /// own id and tags.
    static func describeInstancesXML(count: Int) throws -> Data {
        let sample = try QuerySample(file: "http_002_DescribeInstances.txt").responseBody
        let open = try #require(sample.range(of: "<reservationSet>"))
        let close = try #require(sample.range(of: "</reservationSet>"))
        let reservation = String(sample[open.upperBound..<close.lowerBound])
        var parts: [String] = [String(sample[..<open.upperBound])]
        parts.reserveCapacity(count + 2)
        for index in 0..<count {
            parts.append(reservation
                .replacingOccurrences(of: "i-8e61448d6e33b8b45", with: "i-\(String(index, radix: 16))")
                .replacingOccurrences(of: "<value>sample</value>", with: "<value>n\(index)</value>"))
        }
        parts.append(String(sample[close.lowerBound...]))
        return Data(parts.joined().utf8)
    }

    // How fast it decodes is measured by the decode benchmark (BENCHMARKS.md), not here.
    @Test("a 10,000-instance DescribeInstances answer over 10 MB decodes completely")
    func largeResponse() throws {
        let large = try Self.describeInstancesXML(count: 10_000)
        let instances = EC2Decoding.instances(in: try XMLTreeParser.parse(large))
        #expect(large.count > 10_000_000, "must exceed libxml2's one-buffer limit")
        #expect(instances.count == 10_000)
        #expect(instances[9_999].instanceId == "i-\(String(9_999, radix: 16))")
        #expect(instances[9_999].tags == ["Name": "n9999"])
        #expect(instances[9_999].privateIpAddress == "10.102.169.96")
    }
}
