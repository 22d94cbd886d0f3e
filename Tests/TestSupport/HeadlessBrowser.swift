import Foundation

/// A real headless Chromium for tests of the HTML report: it loads a page, runs its script and
/// gives back the DOM as rendered, or a screenshot. Missing Chromium is a failure that says
/// how to install it, never a skip.
public struct HeadlessBrowser: Sendable {
    public let executable: String
    let profile: TemporaryDirectory

    /// `ROLESYNC_CHROMIUM` when set, else the first of Debian's and Google's names on PATH.
    public static func find() async throws -> HeadlessBrowser {
        let names = [ProcessInfo.processInfo.environment["ROLESYNC_CHROMIUM"]].compactMap { $0 }
            + ["chromium", "chromium-browser", "google-chrome"]
        for name in names {
            let found = try await ProcessRunner.run(["sh", "-c", "command -v \"$0\"", name])
            if found.exitCode == 0 {
                return HeadlessBrowser(
                    executable: found.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                    profile: try TemporaryDirectory(prefix: "rolesync-browser"))
            }
        }
        throw BrowserMissing()
    }

    /// The page's DOM after its scripts ran (`--dump-dom`).
    public func renderedDOM(of url: URL) async throws -> String {
        try await run(["--dump-dom", url.absoluteString]).stdout
    }

    /// A PNG of the page at `width` × `height` CSS pixels.
    public func screenshot(of url: URL, width: Int, height: Int, to file: URL) async throws {
        try await run(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(file.path)", url.absoluteString])
    }

    public func remove() { profile.remove() }

    /// Runs the browser headless, bounded in time; the sandbox is off because tests may run
    /// as root in containers, where Chromium's sandbox cannot start.
    @discardableResult
    private func run(_ arguments: [String]) async throws -> ProcessResult {
        let command = ["timeout", "120", executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--disable-dev-shm-usage", "--disable-crash-reporter", "--user-data-dir=\(profile.path)"] + arguments
        let result = try await ProcessRunner.run(command)
        guard result.exitCode == 0 else { throw ProcessFailure(command: command, result: result) }
        return result
    }
}

public struct BrowserMissing: Error, CustomStringConvertible {
    public var description: String {
        "no headless browser: install Debian's chromium (scripts/install-deps.sh does), or set ROLESYNC_CHROMIUM to one"
    }
}
