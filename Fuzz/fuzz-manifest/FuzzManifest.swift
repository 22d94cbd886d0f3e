import Foundation
import RoleSyncCore

/// Manifests come from any commit of the desired-state repository: the loader must turn any
/// bytes into a report (state or problems), never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = ManifestFile(path: "fuzz.yaml", contents: Data(bytes: data, count: size))
    let report = ManifestLoader.load([file], revision: "fuzz")
    // Printing the problems exercises their positions and messages, which point into the input.
    _ = report.problems.map(\.description)
    return 0
}
