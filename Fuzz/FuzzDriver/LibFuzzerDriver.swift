import Foundation

/// libFuzzer's entry for programs that keep their own `main`: SwiftPM gives every executable
/// one, so the harnesses call the driver from it instead of linking libFuzzer's `main`. This
/// lets them build in the normal build folder with only the project's own modules instrumented
/// (`ROLESYNC_FUZZ=1`), rather than a second build of every dependency under the sanitizers.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the process's arguments over `callback`; returns its exit status.
public func runLibFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
