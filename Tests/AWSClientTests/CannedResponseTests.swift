import AWSClient
import Foundation
import Testing

/// Behaviour the emulator does not exercise, against canned answers on loopback.
@Suite("Canned answers on loopback")
struct CannedResponseTests {
    static func profilesPage(_ names: [String], marker: String?) -> String {
        let members = names.map { name in
            """
            <member><Path>/</Path><InstanceProfileName>\(name)</InstanceProfileName>\
            <InstanceProfileId>AIPA\(name.uppercased())</InstanceProfileId>\
            <Arn>arn:aws:iam::111122223333:instance-profile/\(name)</Arn>\
            <Roles><member><RoleName>\(name)-role</RoleName><Arn>arn:aws:iam::111122223333:role/\(name)-role</Arn></member></Roles>\
            </member>
            """
        }.joined()
        let tail = marker.map { "<IsTruncated>true</IsTruncated><Marker>\($0)</Marker>" } ?? "<IsTruncated>false</IsTruncated>"
        return """
            <ListInstanceProfilesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\
            <ListInstanceProfilesResult><InstanceProfiles>\(members)</InstanceProfiles>\(tail)</ListInstanceProfilesResult>\
            <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListInstanceProfilesResponse>
            """
    }

    @Test("a pagination token handed back twice is an error, not an endless listing")
    func repeatedTokensStop() async throws {
        let associations = """
            <DescribeIamInstanceProfileAssociationsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\
            <requestId>r</requestId><iamInstanceProfileAssociationSet/><nextToken>again</nextToken>\
            </DescribeIamInstanceProfileAssociationsResponse>
            """
        let server = CannedQueryServer(answers: [
            (200, associations), (200, associations),
            (200, Self.profilesPage(["a"], marker: "same")), (200, Self.profilesPage(["b"], marker: "same")),
        ])
        try await server.start()
        let transport = QueryTransport()
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)"]
        let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s"))
        let ec2 = EC2Client(
            region: "us-east-1", endpoint: try EndpointResolver(environment: environment).endpoint(for: .ec2, region: "us-east-1"),
            credentials: credentials, policy: RequestPolicy(), account: "111122223333", transport: transport)
        let iam = IAMClient(
            endpoint: try EndpointResolver(environment: environment).endpoint(for: .iam, region: "us-east-1"),
            credentials: credentials, policy: RequestPolicy(), account: "111122223333", transport: transport)

        let ec2Error = await #expect(throws: AWSTransportError.self) { try await ec2.describeIamInstanceProfileAssociations() }
        let iamError = await #expect(throws: AWSTransportError.self) { try await iam.listInstanceProfiles() }
        try await transport.shutdown()
        await server.stop()

        #expect("\(ec2Error.map { "\($0)" } ?? "")".contains("DescribeIamInstanceProfileAssociations returned a pagination token it had returned before, after 1 page(s)"))
        #expect("\(iamError.map { "\($0)" } ?? "")".contains("ListInstanceProfiles returned a pagination token it had returned before"))
        #expect(server.requests.count == 4)  // two pages of each, then the repeat is caught
    }

    @Test("a launch template version that is gone leaves the others readable, one call each")
    func goneLaunchTemplateVersion() async throws {
        let gone = """
            <Response><Errors><Error><Code>InvalidLaunchTemplateId.VersionNotFound</Code>            <Message>Could not find launch template version 2</Message></Error></Errors><RequestID>r</RequestID></Response>
            """
        let first = """
            <DescribeLaunchTemplateVersionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><launchTemplateVersionSet>            <item><launchTemplateId>lt-0a</launchTemplateId><launchTemplateName>web</launchTemplateName>            <versionNumber>1</versionNumber><launchTemplateData/></item></launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>
            """
        let server = CannedQueryServer(answers: [(400, gone), (200, first), (400, gone)])
        try await server.start()
        let transport = QueryTransport()
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)"]
        let ec2 = EC2Client(
            region: "us-east-1", endpoint: try EndpointResolver(environment: environment).endpoint(for: .ec2, region: "us-east-1"),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            policy: RequestPolicy(), account: "111122223333", transport: transport)
        let versions = try await ec2.describeLaunchTemplateVersions(templateId: "lt-0a", versions: ["1", "2"])
        try await transport.shutdown()
        await server.stop()

        #expect(versions.map(\.versionNumber) == [1])
        #expect(server.requests.map(\.body).map { $0.contains("LaunchTemplateVersion.2=") } == [true, false, false])
        #expect(server.requests.count == 3)
    }

    @Test("ListInstanceProfiles follows Marker while IsTruncated, signing every page for IAM in us-east-1")
    func markerPagination() async throws {
        let server = CannedQueryServer(answers: [
            (200, Self.profilesPage(["a", "b"], marker: "page/2+")),
            (200, Self.profilesPage(["c"], marker: nil)),
        ])
        try await server.start()
        let metrics = RequestMetrics()
        let transport = QueryTransport(metrics: metrics)
        let endpoint = try EndpointResolver(environment: ["AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:\(server.port)"])
            .endpoint(for: .iam, region: "eu-west-1")
        let iam = IAMClient(
            endpoint: endpoint,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "tok")),
            policy: RequestPolicy(), account: "111122223333", transport: transport)

        let profiles = try await iam.listInstanceProfiles()
        try await transport.shutdown()
        await server.stop()

        #expect(profiles.map(\.name) == ["a", "b", "c"])
        #expect(profiles[2].roles == [IAMRole(name: "c-role", arn: "arn:aws:iam::111122223333:role/c-role")])
        #expect(await metrics.count(for: "ListInstanceProfiles") == 2)
        let requests = server.requests
        #expect(requests.map(\.body) == [
            "Action=ListInstanceProfiles&Version=2010-05-08&MaxItems=1000",
            "Action=ListInstanceProfiles&Version=2010-05-08&MaxItems=1000&Marker=page%2F2%2B",
        ])
        let first = try #require(requests.first)
        #expect(first.headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(first.headers["host"] == "127.0.0.1:\(server.port)")
        #expect(first.headers["x-amz-security-token"] == "tok")
        let authorization = try #require(first.headers["authorization"])
        #expect(authorization.contains("/us-east-1/iam/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"))
    }

    @Test("a success answer missing the result element is a malformed response")
    func missingResult() async throws {
        let server = CannedQueryServer(answers: [(200, "<GetCallerIdentityResponse/>")])
        try await server.start()
        let transport = QueryTransport()
        let sts = STSClient(
            endpoint: try EndpointResolver(explicitURL: "http://127.0.0.1:\(server.port)").endpoint(for: .sts, region: "us-east-1"),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            policy: RequestPolicy(), transport: transport)
        let error = await #expect(throws: AWSTransportError.self) { try await sts.getCallerIdentity() }
        try await transport.shutdown()
        await server.stop()
        guard case .malformedResponse(let detail)? = error else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("GetCallerIdentityResult"))
    }
}
