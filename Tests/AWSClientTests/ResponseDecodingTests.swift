@testable import AWSClient
import Foundation
import Testing

@Suite("Response and error decoding")
struct ResponseDecodingTests {
    func decode(_ status: Int, _ body: String, action: String = "Act") throws -> XMLElementNode {
        try ResponseDecoding.decode(status: status, body: Data(body.utf8), action: action)
    }

    @Test("EC2 error documents become AWSServiceError with code, message and request id")
    func ec2Error() throws {
        let sample = try QuerySample(file: "http_007_AssociateIamInstanceProfile.txt")
        let error = try #require(throws: AWSServiceError.self) {
            try decode(sample.status, sample.responseBody, action: "AssociateIamInstanceProfile")
        }
        #expect(error == AWSServiceError(
            code: "NoSuchEntity", message: "Instance profile nope not found", requestId: "request-id",
            httpStatus: 404, action: "AssociateIamInstanceProfile"))
    }

    @Test("IAM and STS error documents become AWSServiceError")
    func queryError() throws {
        let body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>\
            </Error><RequestId>abc-123</RequestId></ErrorResponse>
            """
        let error = try #require(throws: AWSServiceError.self) { try decode(403, body, action: "GetCallerIdentity") }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.requestId == "abc-123")
        #expect(error.httpStatus == 403)
        #expect(error.action == "GetCallerIdentity")
    }

    @Test("the emulator's auth failures nest Errors under ErrorResponse", arguments: [
        (401, "AuthFailure"), (403, "SignatureDoesNotMatch"),
    ])
    func nestedErrors(status: Int, code: String) throws {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <ErrorResponse><Errors><Error><Code>\(code)</Code><Message>no</Message><Type>Sender</Type>\
            </Error></Errors></ErrorResponse>
            """
        let error = try #require(throws: AWSServiceError.self) { try decode(status, body, action: "DescribeRegions") }
        #expect(error == AWSServiceError(
            code: code, message: "no", requestId: nil, httpStatus: status, action: "DescribeRegions"))
    }

    @Test("an error status with a non-AWS body keeps the status as its code (botocore's rule)")
    func htmlServerError() throws {
        let sample = try QuerySample(file: "http_008_DescribeInstances.txt")
        let error = try #require(throws: AWSServiceError.self) { try decode(sample.status, sample.responseBody) }
        #expect(error.code == "500")
        #expect(error.httpStatus == 500)
        #expect(error.message.contains("Internal Server Error"))
    }

    @Test("a success status with a body that is not XML is a malformed response", arguments: [
        "", "<DescribeInstancesResponse><reservationSet>", "{\"json\": true}",
    ])
    func malformedSuccess(body: String) throws {
        let error = try #require(throws: AWSTransportError.self) { try decode(200, body) }
        guard case .malformedResponse = error else {
            Issue.record("expected malformedResponse, got \(error)")
            return
        }
    }

    @Test("a success body is returned as its root element")
    func success() throws {
        let root = try decode(200, "<R xmlns=\"x\"><a>1</a><b/></R>")
        #expect(root.name == "R")
        #expect(root.string("a") == "1")
        #expect(root.string("b") == nil)
        #expect(root.child("b") != nil)
    }
}
