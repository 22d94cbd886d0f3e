import AWSClient
import Foundation
import Testing

/// IAM and STS calls, signature checking and role assumption against the emulator.
@Suite("IAM, STS and authentication against the emulator")
struct IdentityMotoTests {
    @Test("instance profiles are listed with their roles, and fetched by name")
    func instanceProfiles() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let created = try await moto.createInstanceProfile(name: "iam-listed", roleName: "iam-listed-role")
        let clients = try moto.clients(region: "us-east-1")
        defer { Task { await clients.shutdown() } }

        let profiles = try await clients.iam.listInstanceProfiles()
        let listed = try #require(profiles.first { $0.name == "iam-listed" })
        #expect(listed.arn == created.profileArn)
        #expect(listed.path == "/")
        #expect(!listed.id.isEmpty)
        #expect(listed.roles == [IAMRole(name: "iam-listed-role", arn: created.roleArn)])

        #expect(try await clients.iam.getInstanceProfile(name: "iam-listed") == listed)
        let missing = try await #require(throws: AWSServiceError.self) {
            try await clients.iam.getInstanceProfile(name: "iam-never-created")
        }
        #expect(missing.code == "NoSuchEntity")
    }

    @Test("GetCallerIdentity names the user, and whoAmI adds the credential source")
    func callerIdentity() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let user = try await moto.createUser(name: "whoami-user")
        let clients = try moto.clients(region: "us-west-1", credentials: user)
        defer { Task { await clients.shutdown() } }

        let identity = try await clients.sts.getCallerIdentity()
        #expect(identity.account == MotoFixture.account)
        #expect(identity.arn == "arn:aws:iam::\(MotoFixture.account):user/whoami-user")

        let whoami = try await whoAmI(
            credentials: StaticCredentialProvider(user), region: "us-west-1", endpoints: clients.endpoints,
            transport: clients.transport, policy: RequestPolicy())
        #expect(whoami.credentialSource == "static")
        #expect(whoami.arn == identity.arn)
    }

    enum Service: String, CaseIterable, Sendable { case ec2, iam, sts }

    @Test("a wrong secret is refused with the service's error code", arguments: [
        (Service.ec2, "AuthFailure"), (.iam, "SignatureDoesNotMatch"), (.sts, "SignatureDoesNotMatch"),
    ])
    func wrongSecret(service: Service, code: String) async throws {
        let moto = try await SharedMoto.shared.fixture()
        let wrong = AWSCredentials(accessKeyId: moto.admin.accessKeyId, secretAccessKey: "not-the-secret-at-all")
        let clients = try moto.clients(region: "us-east-2", credentials: wrong)
        defer { Task { await clients.shutdown() } }
        let error = try await #require(throws: AWSServiceError.self) {
            switch service {
            case .ec2: _ = try await clients.ec2.describeRegions()
            case .iam: _ = try await clients.iam.listInstanceProfiles()
            case .sts: _ = try await clients.sts.getCallerIdentity()
            }
        }
        #expect(error.code == code, "\(error)")
        #expect(error.httpStatus == (service == .ec2 ? 401 : 403))
    }

    @Test("AssumeRole's session credentials sign a following EC2 call")
    func assumedRoleCredentials() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "ca-central-1"
        let role = try await moto.createInstanceProfile(name: "assume-profile", roleName: "assume-target")
        let ids = try await moto.launchInstances(region: region, count: 1)
        let clients = try moto.clients(region: region)
        defer { Task { await clients.shutdown() } }

        let session = try await clients.sts.assumeRole(roleArn: role.roleArn, sessionName: "rolesync-test")
        #expect(session.accessKeyId.hasPrefix("ASIA"))
        #expect(session.sessionToken?.isEmpty == false)
        #expect(session.expiration.map { $0 > Date() } == true)

        let assumed = try moto.clients(region: region, credentials: session)
        defer { Task { await assumed.shutdown() } }
        #expect(try await assumed.ec2.describeInstances().map(\.instanceId) == ids)
        let identity = try await assumed.sts.getCallerIdentity()
        #expect(identity.arn.contains(":assumed-role/assume-target/rolesync-test"))

        // The credential chain's adapter signs with the credentials it is handed.
        let viaAdapter = try await clients.sts.roleAssumer.assumeRole(
            roleArn: role.roleArn, sessionName: "chain", externalId: nil, using: moto.admin)
        #expect(viaAdapter.sessionToken != nil)
        let tampered = AWSCredentials(
            accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: "wrong-token")
        let refused = try moto.clients(region: region, credentials: tampered)
        defer { Task { await refused.shutdown() } }
        await #expect(throws: AWSServiceError.self) { try await refused.ec2.describeInstances() }
    }
}
