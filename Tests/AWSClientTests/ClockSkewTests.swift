import AWSClient
import Foundation
import Testing
import TestSupport

/// Requests signed by a clock AWS disagrees with: corrected once from the `Date` header.
@Suite("Clock skew")
struct ClockSkewTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLEKEY01", secretAccessKey: "secret-never-logged")

    static func sts(_ server: LoopbackHTTPServer, _ transport: QueryTransport) throws -> STSClient {
        STSClient(
            endpoint: try EndpointResolver(explicitURL: server.baseURL).endpoint(for: .sts, region: "us-east-1"),
            credentials: StaticCredentialProvider(credentials), policy: RequestPolicy(), transport: transport)
    }

    @Test("a server 15 minutes ahead: one re-signed retry, then every request signed with the offset",
          arguments: ["SignatureDoesNotMatch", "RequestTimeTooSkewed"])
    func correctsAndKeepsOffset(code: String) async throws {
        let server = try await SkewedClockServer.start(skew: 900, code: code)
        let log = CapturedLog()
        let transport = QueryTransport(logger: log.logger)
        let sts = try Self.sts(server, transport)

        let first = try await sts.getCallerIdentity()
        let afterFirst = server.requests.count
        let second = try await sts.getCallerIdentity()
        let offset = transport.clockOffset
        try await transport.shutdown()
        try await server.stop()

        #expect(first.account == "111122223333" && second.account == "111122223333")
        #expect(afterFirst == 2, "the refused request and its re-signed retry")
        #expect(server.requests.count == 3, "the second call is signed with the offset at once")
        #expect(abs(offset - 900) <= 5)
        let notices = log.records.filter { $0.level == .notice }
        #expect(notices.count == 1)
        let notice = try #require(notices.first)
        #expect(abs((Int(notice.metadata["offset_seconds"] ?? "") ?? 0) - 900) <= 5)
        let logged = log.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logged.contains("secret-never-logged"))
        #expect(!logged.contains("Signature="))
    }

    @Test("no Date header: the error surfaces after one request, without a retry loop")
    func missingDate() async throws {
        let server = try await SkewedClockServer.start(skew: 900, code: "RequestTimeTooSkewed", sendsDate: false)
        let transport = QueryTransport()
        let sts = try Self.sts(server, transport)

        let error = await #expect(throws: AWSServiceError.self) { try await sts.getCallerIdentity() }
        let offset = transport.clockOffset
        try await transport.shutdown()
        try await server.stop()

        #expect(error?.code == "RequestTimeTooSkewed")
        #expect(server.requests.count == 1)
        #expect(offset == 0)
    }

    @Test("a wrong key with a good clock is not retried: SignatureDoesNotMatch without a time message")
    func wrongKeyIsNotSkew() {
        let error = AWSServiceError(
            code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided.",
            requestId: nil, httpStatus: 403, action: "GetCallerIdentity")
        let now = Date()
        #expect(!ClockSkew.isTimeRejection(error))
        #expect(ClockSkew.correctedOffset(after: error, serverDate: now.addingTimeInterval(900), receivedAt: now, signedOffset: 0) == nil)
    }

    @Test("time codes are corrected only when the Date header moves the offset by a minute or more")
    func thresholds() {
        let error = AWSServiceError(code: "RequestExpired", message: "Request has expired.", requestId: nil, httpStatus: 400, action: "DescribeInstances")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ClockSkew.correctedOffset(after: error, serverDate: now.addingTimeInterval(-600), receivedAt: now, signedOffset: 0) == -600)
        #expect(ClockSkew.correctedOffset(after: error, serverDate: now.addingTimeInterval(630), receivedAt: now, signedOffset: 600) == nil)
        #expect(ClockSkew.correctedOffset(after: error, serverDate: nil, receivedAt: now, signedOffset: 0) == nil)
    }

    @Test("HTTP Date headers parse as IMF-fixdate only", arguments: [
        ("Tue, 01 Dec 2026 12:26:48 GMT", 1_796_128_008.0 as Double?),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
        ("Sunday, 06-Nov-94 08:49:37 GMT", nil),
        ("Sun Nov  6 08:49:37 1994", nil),
        ("", nil),
    ])
    func httpDate(text: String, seconds: Double?) {
        #expect(ClockSkew.parseHTTPDate(text)?.timeIntervalSince1970 == seconds)
    }
}
