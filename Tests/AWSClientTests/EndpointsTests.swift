import AWSClient
import Foundation
import Testing

@Suite("Endpoint resolution")
struct EndpointsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var service: AWSService
        var region: String
        var explicit: String?
        var environment: [String: String]
        var url: String
        var signingRegion: String
        var testDescription: String { "\(service) \(region) \(explicit ?? "-") \(environment) → \(url)" }
    }

    @Test("public endpoints and overrides in SDK order", arguments: [
        Case(service: .ec2, region: "eu-west-1", environment: [:],
             url: "https://ec2.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
        Case(service: .iam, region: "eu-west-1", environment: [:],
             url: "https://iam.amazonaws.com", signingRegion: "us-east-1"),
        Case(service: .sts, region: "ap-south-1", environment: [:],
             url: "https://sts.ap-south-1.amazonaws.com", signingRegion: "ap-south-1"),
        Case(service: .ec2, region: "cn-north-1", environment: [:],
             url: "https://ec2.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        Case(service: .iam, region: "cn-northwest-1", environment: [:],
             url: "https://iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        Case(service: .sts, region: "cn-north-1", environment: [:],
             url: "https://sts.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        Case(service: .iam, region: "us-gov-east-1", environment: [:],
             url: "https://iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
        Case(service: .ec2, region: "us-east-2", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"],
             url: "http://127.0.0.1:5000", signingRegion: "us-east-2"),
        Case(service: .iam, region: "us-east-2",
             environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_IAM": "http://iam.local:2"],
             url: "http://iam.local:2", signingRegion: "us-east-1"),
        Case(service: .ec2, region: "us-east-2",
             environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_IAM": "http://iam.local:2"],
             url: "http://a:1", signingRegion: "us-east-2"),
        Case(service: .sts, region: "us-west-2", explicit: "https://sts.example.test",
             environment: ["AWS_ENDPOINT_URL_STS": "http://ignored:1", "AWS_ENDPOINT_URL": "http://ignored:2"],
             url: "https://sts.example.test", signingRegion: "us-west-2"),
        Case(service: .sts, region: "us-west-2", explicit: "  ",
             environment: ["AWS_ENDPOINT_URL_STS": "http://sts.local:3"],
             url: "http://sts.local:3", signingRegion: "us-west-2"),
        Case(service: .autoscaling, region: "eu-central-1", environment: [:],
             url: "https://autoscaling.eu-central-1.amazonaws.com", signingRegion: "eu-central-1"),
        // The SDKs name the variable after the service id, `Auto Scaling`.
        Case(service: .autoscaling, region: "eu-central-1",
             environment: ["AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_AUTO_SCALING": "http://asg.local:4"],
             url: "http://asg.local:4", signingRegion: "eu-central-1"),
    ])
    func resolves(_ testCase: Case) throws {
        let endpoint = try EndpointResolver(explicitURL: testCase.explicit, environment: testCase.environment)
            .endpoint(for: testCase.service, region: testCase.region)
        #expect(endpoint.url.absoluteString == testCase.url)
        #expect(endpoint.signingRegion == testCase.signingRegion)
        #expect(endpoint.service == testCase.service)
    }

    @Test("bad override URLs are refused with the reason", arguments: [
        "ftp://example.com", "not a url", "http://", "http://host/?a=b",
    ])
    func rejectsBadURL(text: String) {
        #expect(throws: EndpointError.self) {
            try EndpointResolver(explicitURL: text).endpoint(for: .ec2, region: "us-east-1")
        }
    }

    @Test("the Host header omits default ports", arguments: [
        ("https://ec2.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com", "/"),
        ("https://ec2.us-east-1.amazonaws.com:443/", "ec2.us-east-1.amazonaws.com", "/"),
        ("http://127.0.0.1:5056", "127.0.0.1:5056", "/"),
        ("http://localhost:80/prefix", "localhost", "/prefix"),
    ])
    func hostHeader(url: String, host: String, path: String) throws {
        let endpoint = try EndpointResolver(explicitURL: url).endpoint(for: .ec2, region: "us-east-1")
        #expect(endpoint.hostHeader == host)
        #expect(endpoint.path == path)
    }
}
