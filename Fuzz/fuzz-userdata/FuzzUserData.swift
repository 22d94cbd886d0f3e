import Foundation
import RoleSyncCore

/// User-data is written by whoever launched the instance. The input is scanned twice: as the
/// raw bytes (base64-encoded here, so the gzip and MIME layers see them) and as the base64
/// text itself, which reaches the decoder's handling of malformed base64.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUserData(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    // Reading the reason exercises the problem texts, which quote positions in the input.
    _ = CredentialScanner.inspectUserData(base64: bytes.base64EncodedString()).reason
    _ = CredentialScanner.inspectUserData(base64: String(decoding: bytes, as: UTF8.self)).reason
    return 0
}
