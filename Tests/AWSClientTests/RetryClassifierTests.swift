import AWSClient
import AsyncHTTPClient
import Testing

@Suite("Retry classification")
struct RetryClassifierTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var code: String
        var status: Int
        var message: String = "m"
        var action: String = "DescribeInstances"
        var expected: RetryClass
        var testDescription: String { "\(code) \(status) \(action) → \(expected)" }
    }

    static let serviceCases: [Case] = [
        Case(code: "RequestLimitExceeded", status: 503, expected: .throttling),
        Case(code: "Throttling", status: 400, expected: .throttling),
        Case(code: "ThrottlingException", status: 400, expected: .throttling),
        Case(code: "ThrottledException", status: 400, expected: .throttling),
        Case(code: "EC2ThrottledException", status: 400, expected: .throttling),
        Case(code: "RequestThrottled", status: 400, expected: .throttling),
        Case(code: "RequestThrottledException", status: 400, expected: .throttling),
        Case(code: "TooManyRequestsException", status: 400, expected: .throttling),
        Case(code: "SlowDown", status: 503, expected: .throttling),
        Case(code: "PriorRequestNotComplete", status: 400, expected: .throttling),
        Case(code: "Anything", status: 429, expected: .throttling),
        Case(code: "InternalError", status: 500, expected: .transient),
        Case(code: "InternalFailure", status: 500, expected: .transient),
        Case(code: "ServiceUnavailable", status: 503, expected: .transient),
        Case(code: "Unavailable", status: 503, expected: .transient),
        Case(code: "RequestTimeout", status: 400, expected: .transient),
        Case(code: "RequestTimeoutException", status: 400, expected: .transient),
        Case(code: "UnknownCode", status: 500, expected: .transient),
        Case(code: "UnknownCode", status: 502, expected: .transient),
        Case(code: "UnknownCode", status: 503, expected: .transient),
        Case(code: "UnknownCode", status: 504, expected: .transient),
        Case(code: "InvalidParameterValue", status: 400, message: "Value (x) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
             action: "AssociateIamInstanceProfile", expected: .iamPropagation),
        Case(code: "InvalidParameterValue", status: 400, message: "Invalid IAM Instance Profile name",
             action: "ReplaceIamInstanceProfileAssociation", expected: .iamPropagation),
        Case(code: "InvalidParameterValue", status: 400,
             message: "Value (arn:aws:iam::123456789012:instance-profile/new) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN",
             action: "AssociateIamInstanceProfile", expected: .iamPropagation),
        Case(code: "InvalidParameterValue", status: 400, message: "Invalid IAM Instance Profile ARN",
             action: "ReplaceIamInstanceProfileAssociation", expected: .iamPropagation),
        Case(code: "InvalidParameterValue", status: 400, message: "invalid iam instance profile arn",
             action: "AssociateIamInstanceProfile", expected: .iamPropagation),
        Case(code: "InvalidParameterValue", status: 400, message: "Invalid IAM Instance Profile ARN",
             action: "DisassociateIamInstanceProfile", expected: .terminal),
        Case(code: "InvalidParameter", status: 400, message: "Invalid IAM Instance Profile ARN",
             action: "AssociateIamInstanceProfile", expected: .terminal),
        Case(code: "InvalidParameterValue", status: 400, message: "Invalid IAM Instance Profile name",
             action: "DescribeInstances", expected: .terminal),
        Case(code: "InvalidParameterValue", status: 400, message: "Invalid value for MaxResults",
             action: "AssociateIamInstanceProfile", expected: .terminal),
        Case(code: "IDPCommunicationError", status: 400, action: "AssumeRoleWithWebIdentity", expected: .transient),
        Case(code: "IDPCommunicationError", status: 400, action: "DescribeInstances", expected: .terminal),
        Case(code: "InvalidIdentityToken", status: 400, action: "AssumeRoleWithWebIdentity", expected: .terminal),
        Case(code: "AuthFailure", status: 401, expected: .terminal),
        Case(code: "SignatureDoesNotMatch", status: 403, expected: .terminal),
        Case(code: "ExpiredToken", status: 400, expected: .terminal),
        Case(code: "UnauthorizedOperation", status: 403, expected: .terminal),
        Case(code: "NoSuchEntity", status: 404, expected: .terminal),
        Case(code: "IncorrectState", status: 400, expected: .terminal),
    ]

    @Test("AWS error codes and statuses", arguments: serviceCases)
    func serviceErrors(_ testCase: Case) {
        let error = AWSServiceError(
            code: testCase.code, message: testCase.message, requestId: nil, httpStatus: testCase.status,
            action: testCase.action)
        #expect(RetryClassifier.classify(error, action: testCase.action) == testCase.expected)
    }

    @Test("transport failures are transient", arguments: [
        AWSTransportError.connection("reset by peer"), .timeout, .malformedResponse("cut short"),
    ])
    func transportErrors(_ error: AWSTransportError) {
        #expect(RetryClassifier.classify(error, action: "DescribeInstances") == .transient)
    }

    @Test("timeouts and lost connections cost more quota, malformed answers do not")
    func timeoutCosts() {
        #expect(RetryClassifier.isTimeoutOrConnectionFailure(AWSTransportError.timeout))
        #expect(RetryClassifier.isTimeoutOrConnectionFailure(AWSTransportError.connection("refused")))
        #expect(!RetryClassifier.isTimeoutOrConnectionFailure(AWSTransportError.malformedResponse("x")))
        #expect(!RetryClassifier.isTimeoutOrConnectionFailure(SampleErrors.unavailable))
        #expect(RetryClassifier.isTimeoutOrConnectionFailure(HTTPClientError.readTimeout))
    }

    @Test("cancellation and unknown errors are terminal")
    func otherErrors() {
        struct Unrelated: Error {}
        #expect(RetryClassifier.classify(CancellationError(), action: "DescribeInstances") == .terminal)
        #expect(RetryClassifier.classify(Unrelated(), action: "DescribeInstances") == .terminal)
        #expect(RetryClassifier.classify(HTTPClientError.deadlineExceeded, action: "DescribeInstances") == .transient)
        #expect(RetryClassifier.classify(HTTPClientError.invalidURL, action: "DescribeInstances") == .terminal)
    }
}
