import Foundation

/// Names one run: its UTC start second and a short random suffix, e.g. `2026-11-29T01:02:03Z-7k2q`.
/// Sorts by time as text, and stays readable in paths and commit trailers.
public enum RunId {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    public static func make(date: Date, suffix: String) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        return "\(stamp)-\(suffix)"
    }

    /// Four base-36 characters from `generator` (inject a seeded one in tests).
    public static func make<Generator: RandomNumberGenerator>(date: Date, using generator: inout Generator) -> String {
        let suffix = String((0..<4).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
        return make(date: date, suffix: suffix)
    }
}
