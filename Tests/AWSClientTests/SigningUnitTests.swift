@testable import AWSClient
import Foundation
import Testing

@Suite("Signing helpers")
struct SigningUnitTests {
    @Test("percent-encoding keeps only RFC 3986 unreserved characters", arguments: [
        ("abcXYZ019-._~", "abcXYZ019-._~"),
        ("tag:Name", "tag%3AName"),
        ("a b+c/d=e&f", "a%20b%2Bc%2Fd%3De%26f"),
        ("ሴ", "%E1%88%B4"),
        ("IyEvYmluL2Jhc2gKZWNobyBoaQo=", "IyEvYmluL2Jhc2gKZWNobyBoaQo%3D"),
    ])
    func percentEncoding(input: String, expected: String) {
        #expect(PercentEncoding.encode(input) == expected)
        #expect(PercentEncoding.decode(expected) == input)
    }

    @Test("X-Amz-Date is UTC with no separators", arguments: [
        (0.0, "19700101T000000Z"),
        (1_440_938_160.0, "20150830T123600Z"),
        (1_795_912_107.9, "20261129T002827Z"),
        (951_782_400.0, "20000229T000000Z"),
    ])
    func amzDate(seconds: Double, expected: String) {
        #expect(AWSDateFormat.amzDate(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("ISO 8601 timestamps of AWS answers parse, others do not", arguments: [
        ("2015-08-30T12:36:00Z", 1_440_938_160.0 as Double?),
        ("2026-11-29T00:28:27.000Z", 1_795_912_107.0),
        ("2026-11-29T00:28:27.250Z", 1_795_912_107.25),
        ("2026-11-29T02:28:27+02:00", 1_795_912_107.0),
        ("2000-02-29T00:00:00Z", 951_782_400.0),
        ("2026-11-29", nil),
        ("2026-13-01T00:00:00Z", nil),
        ("not a date at all, no", nil),
    ])
    func iso8601(text: String, expected: Double?) {
        let parsed = AWSDateFormat.parseISO8601(text)?.timeIntervalSince1970
        if let expected, let parsed {
            #expect(abs(parsed - expected) < 0.0005)
        } else {
            #expect(parsed == expected)
        }
    }

    @Test("amzDate and the ISO parser agree over many days")
    func datesRoundTrip() throws {
        for day in stride(from: -800, to: 30_000, by: 37) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            let amz = AWSDateFormat.amzDate(date)
            let chars = Array(amz)
            let iso = "\(String(chars[0..<4]))-\(String(chars[4..<6]))-\(String(chars[6..<8]))T"
                + "\(String(chars[9..<11])):\(String(chars[11..<13])):\(String(chars[13..<15]))Z"
            #expect(AWSDateFormat.parseISO8601(iso) == date, "\(amz)")
        }
    }

    @Test("a session token is signed, and omitted tokens are added after signing")
    func sessionToken() {
        let request = SignableRequest(method: "POST", path: "/", headers: [.init("Host", "ec2.us-east-1.amazonaws.com")])
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token")
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2")
            .sign(request, date: Date(timeIntervalSince1970: 0))
        #expect(signed.canonicalRequest.contains("x-amz-security-token:token\n"))
        #expect(signed.authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
        let omitted = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2", omitSessionToken: true)
            .sign(request, date: Date(timeIntervalSince1970: 0))
        #expect(!omitted.canonicalRequest.contains("x-amz-security-token"))
        #expect(omitted.headers.contains(.init("X-Amz-Security-Token", "token")))
    }

    @Test("a different secret gives a different signature")
    func secretMatters() {
        let request = SignableRequest(method: "POST", path: "/", headers: [.init("Host", "h")], body: Array("x".utf8))
        func sign(_ secret: String) -> String {
            SigV4Signer(credentials: .init(accessKeyId: "A", secretAccessKey: secret), region: "r", service: "s")
                .sign(request, date: Date(timeIntervalSince1970: 0)).signature
        }
        #expect(sign("one") != sign("two"))
        #expect(sign("one") == sign("one"))
    }
}
