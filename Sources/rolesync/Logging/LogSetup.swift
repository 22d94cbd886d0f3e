import ArgumentParser
import Foundation
import Logging

/// How log lines are written to standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `2026-12-01T10:00:00+0000 info rolesync.reconcile: runId=… action applied`, for people.
    case text
    /// One JSON object per line, for log pipelines.
    case json
}

/// The logging set-up of one process, decided once before the command runs: flags of the
/// command when it has them, else `ROLESYNC_LOG_FORMAT` and `ROLESYNC_LOG_LEVEL`, else text at
/// the command's default level (`warning`, so reports stay clean; the daemon logs `info`).
struct LogSetup {
    var format: LogFormat
    var level: Logger.Level

    init(format: LogFormat?, level: Logger.Level?, defaultLevel: Logger.Level, environment: [String: String]) {
        self.format = format ?? environment["ROLESYNC_LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) ?? .text
        self.level = level ?? environment["ROLESYNC_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
    }

    func bootstrap() {
        let (format, level) = (self.format, self.level)
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// Commands whose flags choose the log format and level.
protocol LogConfiguring {
    var logFormatOption: LogFormat? { get }
    var logLevelOption: Logger.Level? { get }
    /// The level when neither a flag nor the environment names one.
    static var defaultLogLevel: Logger.Level { get }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
