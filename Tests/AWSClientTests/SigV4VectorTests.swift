import AWSClient
import Foundation
import Testing

@Suite("SigV4 against the official signing test suite")
struct SigV4VectorTests {
    /// Every folder of the suite; a placeholder when the folder is missing so the test fails
    /// loudly instead of running zero cases.
    static let cases: [String] = {
        let names = SharedVectors.caseNames(in: "aws-sigv4")
        return names.isEmpty ? ["<aws-sigv4 vectors not found>"] : names
    }()

    @Test("the vectors directory is present and complete")
    func vectorsArePresent() throws {
        let directory = try SharedVectors.directory("aws-sigv4")
        let names = SharedVectors.caseNames(in: "aws-sigv4")
        #expect(names.count >= 38, "only \(names.count) cases in \(directory.path)")
    }

    @Test("canonical request, string to sign and signature match", arguments: cases)
    func matchesVector(name: String) throws {
        _ = try SharedVectors.directory("aws-sigv4")
        let vector = try SigV4Vector(name: name)
        let signature = vector.signer.sign(vector.request, date: try vector.date)
        #expect(signature.canonicalRequest == (try SharedVectors.read("aws-sigv4", "\(name)/header-canonical-request.txt")))
        #expect(signature.stringToSign == (try SharedVectors.read("aws-sigv4", "\(name)/header-string-to-sign.txt")))
        #expect(signature.signature == (try SharedVectors.read("aws-sigv4", "\(name)/header-signature.txt")))
    }

    @Test("the Authorization header matches the signed request of the vector", arguments: cases)
    func authorizationHeaderMatches(name: String) throws {
        let vector = try SigV4Vector(name: name)
        let signature = vector.signer.sign(vector.request, date: try vector.date)
        let signedRequest = try SharedVectors.read("aws-sigv4", "\(name)/header-signed-request.txt")
        #expect(signedRequest.contains("Authorization:\(signature.authorization)"))
    }
}
