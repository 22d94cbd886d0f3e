import Foundation
import NIOSSL

/// CA certificates trusted for AWS HTTPS requests instead of the system's, from the PEM file
/// `AWS_CA_BUNDLE` or the profile's `ca_bundle` names (as botocore, the file replaces the
/// system's roots: a proxy that re-signs TLS needs its CA here, and so does AWS's).
public struct CABundle: Sendable, Hashable {
    public var path: String
    public var certificates: [NIOSSLCertificate]

    /// Reads every certificate in the file now, so a missing, unreadable or empty file stops
    /// the run before any request; `source` names where the path came from.
    public static func load(path: String, source: String = "AWS_CA_BUNDLE") throws -> CABundle {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CABundleError(source: source, path: path, reason: reason)
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw CABundleError(source: source, path: path, reason: "is not a PEM file of certificates (\(error))")
        }
        guard !certificates.isEmpty else {
            throw CABundleError(source: source, path: path, reason: "holds no PEM certificate")
        }
        return CABundle(path: path, certificates: certificates)
    }
}

public struct CABundleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var path: String
    public var reason: String
    public var description: String { "\(source) \(path): \(reason)" }
}
