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

    /// A DescribeInstances page with `count` instances in the shape EC2 answers, each with
    /// tags, a profile and a network interface block to skip.
    static func describeInstancesXML(count: Int) -> String {
        var parts: [String] = ["<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><reservationSet>"]
        parts.reserveCapacity(count + 2)
        for index in 0..<count {
            parts.append("""
                <item><reservationId>r-\(index)</reservationId><instancesSet><item>\
                <instanceId>i-\(String(index, radix: 16))</instanceId><imageId>ami-1</imageId>\
                <instanceState><code>16</code><name>running</name></instanceState>\
                <networkInterfaceSet><item><privateIpAddress>10.0.0.1</privateIpAddress>\
                <groupSet><item><groupId>sg-1</groupId></item></groupSet></item></networkInterfaceSet>\
                <instanceType>m5.large</instanceType><launchTime>2026-11-29T00:28:27.000Z</launchTime>\
                <subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><privateIpAddress>10.0.\(index / 256).\(index % 256)</privateIpAddress>\
                <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/p\(index % 7)</arn><id>AIPA\(index)</id></iamInstanceProfile>\
                <tagSet><item><key>team</key><value>payments</value></item><item><key>Name</key><value>n\(index)</value></item></tagSet>\
                </item></instancesSet></item>
                """)
        }
        parts.append("</reservationSet><requestId>r</requestId></DescribeInstancesResponse>")
        return parts.joined()
    }

    @Test("a 10,000-instance DescribeInstances answer decodes completely and in linear time")
    func largeResponse() throws {
        let small = Data(Self.describeInstancesXML(count: 1_000).utf8)
        let large = Data(Self.describeInstancesXML(count: 10_000).utf8)
        let clock = ContinuousClock()
        var instances: [EC2Instance] = []
        let smallTime = try clock.measure { _ = EC2Decoding.instances(in: try XMLTreeParser.parse(small)) }
        let largeTime = try clock.measure { instances = EC2Decoding.instances(in: try XMLTreeParser.parse(large)) }
        #expect(instances.count == 10_000)
        #expect(instances[9_999].tags == ["team": "payments", "Name": "n9999"])
        #expect(instances[9_999].iamInstanceProfile?.arn == "arn:aws:iam::123456789012:instance-profile/p3")
        // Linear: ten times the instances may take ten times as long, plus slack; quadratic
        // growth would be a hundred times. The absolute bound is for an unoptimised build.
        #expect(largeTime < smallTime * 25, "1,000: \(smallTime), 10,000: \(largeTime)")
        #expect(largeTime < .seconds(20), "10,000 instances took \(largeTime)")
        print("decode 1,000 instances: \(smallTime); 10,000 instances: \(largeTime)")
    }
}
