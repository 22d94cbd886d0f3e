import AWSClient
import Foundation

/// `decode`: one DescribeInstances answer of N instances (one reservation each, as the emulator
/// answers), parsed and decoded the way EC2Client reads a page: XMLTreeParser, then
/// EC2Decoding.instances(in:). Target: under 1 s for 10,000 instances.
enum DecodeBenchmark {
    static func run(instances: Int, runs: Int) throws {
        let document = describeInstancesXML(count: instances)
        let megabytes = Double(document.count) / 1_000_000
        print("decode: DescribeInstances answer of \(instances) instances, "
            + String(format: "%.1f MB", megabytes) + ", \(runs) runs")

        let (parseTimes, tree) = try Timings.measure(runs: runs) { try XMLTreeParser.parse(document) }
        let (mapTimes, _) = Timings.measure(runs: runs) { EC2Decoding.instances(in: tree) }
        let (totalTimes, decoded) = try Timings.measure(runs: runs) {
            EC2Decoding.instances(in: try XMLTreeParser.parse(document))
        }
        try verify(decoded, count: instances)

        report("XMLTreeParser.parse", parseTimes.summary)
        report("EC2Decoding.instances", mapTimes.summary)
        report("parse + decode", totalTimes.summary)
        let seconds = totalTimes.median.seconds
        report("throughput (median)", String(format: "%.1f MB/s, %.0f instances/s", megabytes / seconds,
                                              Double(instances) / seconds))
        report("peak resident (VmHWM)", ProcessMemory.describe(ProcessMemory.peakResidentKB))
        check("\(instances) instances under 1 s", totalTimes.median < .seconds(1), "median \(totalTimes.median.milliseconds)")
    }

    /// The answer, built in memory from the recorded reservation with unique ids and three tags.
    static func describeInstancesXML(count: Int) -> Data {
        let template = DescribeInstancesTemplate.reservation
        var text = DescribeInstancesTemplate.header
        text.reserveCapacity((template.utf8.count + 200) * count + 300)
        for index in 0..<count {
            let service = index % 2_000
            let tags = "<item><key>team</key><value>team-\(service / 20)</value></item>"
                + "<item><key>service</key><value>svc-\(service)</value></item>"
                + "<item><key>env</key><value>\(index % 3 == 0 ? "staging" : "prod")</value></item>"
            text += template.replacingOccurrences(of: "{ID}", with: hex(index, width: 17))
                .replacingOccurrences(of: "{TAGS}", with: tags)
        }
        text += DescribeInstancesTemplate.footer
        return Data(text.utf8)
    }

    struct DecodeMismatch: Error, CustomStringConvertible {
        var description: String
    }

    /// The benchmark only counts if every instance came through with its id and tags.
    static func verify(_ decoded: [EC2Instance], count: Int) throws {
        guard decoded.count == count else {
            throw DecodeMismatch(description: "decoded \(decoded.count) of \(count) instances")
        }
        guard let last = decoded.last, last.instanceId == "i-" + hex(count - 1, width: 17), last.tags.count == 3,
              last.state == "running", last.privateIpAddress == "10.102.169.96"
        else {
            throw DecodeMismatch(description: "last instance decoded wrongly: \(String(describing: decoded.last))")
        }
    }
}
