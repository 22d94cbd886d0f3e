import AsyncHTTPClient
import NIOCore

/// Maps what AsyncHTTPClient and NIO throw to `AWSTransportError`, so callers and the retry
/// policy see two cases (no connection, no answer in time) instead of library internals.
enum TransportErrorMapping {
    /// `context` (a proxy, a CA bundle) is added to connection failures.
    static func map(_ error: any Error, action: String, context: String = "") -> any Error {
        let suffix = context.isEmpty ? "" : " (\(context))"
        switch error {
        case is CancellationError, is AWSTransportError, is AWSServiceError:
            return error
        case let error as HTTPClientError:
            if error == .connectTimeout || error == .readTimeout || error == .deadlineExceeded {
                return AWSTransportError.timeout
            }
            if error == .cancelled { return CancellationError() }
            return AWSTransportError.connection("\(action): \(error)\(suffix)")
        case is NIOTooManyBytesError:
            return AWSTransportError.malformedResponse("\(action): answer larger than the configured limit")
        case let error as ChannelError:
            if case .connectTimeout = error { return AWSTransportError.timeout }
            return AWSTransportError.connection("\(action): \(error)\(suffix)")
        default:
            return AWSTransportError.connection("\(action): \(error)\(suffix)")
        }
    }
}
