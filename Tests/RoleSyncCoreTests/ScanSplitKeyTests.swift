import Foundation
import Testing
@testable import RoleSyncCore

/// Keys split the ways real user-data splits them. A multipart's parts are one document cut
/// by boundary lines and part headers, so a keyword at the end of one part still anchors a
/// secret at the start of the next; base64-encoded parts fold their text every 76 (or 64)
/// characters, which decoding undoes before the scan.

@Test func aSecretOnTheLineAfterItsKeywordIsFound() {
    let text = "export AWS_SECRET_ACCESS_KEY=\\\n  \(FakeKeys.secret)\n"
    #expect(CredentialScanner.scan(text: text, location: "user-data").map(\.location) == ["user-data:2"])
}

@Test func aKeyIdAtTheEndOfOnePartAnchorsTheSecretThatOpensTheNext() {
    // The script configures the key id; the secret rides along as a plain-text part (which
    // cloud-init skips but the metadata service serves to anyone on the instance).
    let document = MIME.multipart([
        MIME.part("#!/bin/bash\naws configure set aws_access_key_id \(FakeKeys.accessKeyId)\n\n"),
        MIME.part("\(FakeKeys.secret)\n", type: "text/plain"),
    ])
    let inspection = CredentialScanner.inspectUserData(base64: document.base64)
    #expect(inspection.isComplete)
    #expect(inspection.matches == [
        SecretMatch(kind: .accessKeyId, redacted: "AKIA…D6YZ", location: "user-data/part-1:2", line: 2),
        SecretMatch(kind: .secretAccessKey, redacted: SecretMatch.secretMask, location: "user-data/part-2:1", line: 1),
    ])
    // In the raw multipart the boundary and the part's headers sit between them: out of reach.
    #expect(CredentialScanner.scan(text: document, location: "raw").map(\.kind) == [.accessKeyId])
}

@Test func partsFarApartDoNotAnchorEachOther() {
    let document = MIME.multipart([
        MIME.part("AWS_SECRET_ACCESS_KEY=\necho one\necho two\necho three\n"),
        MIME.part("\(FakeKeys.secret)\n", type: "text/plain"),
    ])
    #expect(CredentialScanner.inspectUserData(base64: document.base64).matches.isEmpty)
}

@Test func aKeyIdFoldedByABase64LineBreakIsFoundAfterDecoding() throws {
    // 35 bytes ahead of the key put its 20 characters across the 48-byte (64-character) line.
    let script = "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=\(FakeKeys.accessKeyId)\n"
    let start = try #require(script.range(of: FakeKeys.accessKeyId)).lowerBound.utf16Offset(in: script)
    #expect(start < 48 && start + 20 > 48, "the key straddles the first line break")
    let document = MIME.multipart([MIME.part(script, base64: true)])
    #expect(!document.contains(FakeKeys.accessKeyId))
    let inspection = CredentialScanner.inspectUserData(base64: Compress.gzip(document).base64)
    #expect(inspection.isComplete)
    #expect(inspection.matches.map(\.location) == ["user-data/part-1:2"])
    #expect(inspection.matches.map(\.redacted) == ["AKIA…D6YZ"])
}

@Test func aKeyInAGzippedPartOfAGzippedMultipartIsFound() {
    let part = "Content-Type: text/x-shellscript\nContent-Encoding: gzip\nContent-Transfer-Encoding: base64\n\n"
        + Compress.gzip(FakeKeys.script).base64 + "\n"
    let inspection = CredentialScanner.inspectUserData(base64: Compress.gzip(MIME.multipart([part])).base64)
    #expect(inspection.isComplete)
    #expect(inspection.matches.map(\.kind) == [.accessKeyId, .secretAccessKey])
}
