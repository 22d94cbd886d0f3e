/// How much work rolesync spends on one instance's user-data, and on all of a run's.
///
/// User-data is written by whoever can launch an instance, so it is hostile input: a few
/// kilobytes of gzip expand to gigabytes, and MIME nests without end. EC2 caps user-data at
/// 16 KB before base64, and cloud-init documents at most a gzip layer around a multipart with
/// a handful of parts, so the defaults leave real user-data far inside them while any input
/// costs a few milliseconds and a few megabytes (RELIABILITY.md has the figures). Whatever
/// runs into a limit is reported as "could not inspect", never as clean.
public struct UserDataLimits: Sendable, Hashable, Codable {
    /// Bytes one instance's user-data may decode to, summed over every layer that produces
    /// bytes (the outer base64, each decompression, each base64-encoded MIME part).
    /// Default 1 MiB: 64 times EC2's own cap.
    public var decodedBytesPerInstance: Int
    /// Bytes all instances of one run may decode to together. Default 64 MiB, so a fleet of
    /// bombs costs one bounded burst, not one MiB per instance without end.
    public var decodedBytesPerRun: Int
    /// Compression and multipart layers one inside another. Default 4: cloud-init's deepest
    /// real case (gzip, multipart, a gzip part, a multipart in it) fits.
    public var nestingDepth: Int
    /// MIME parts in one instance's user-data, at every depth together. Default 64.
    public var mimeParts: Int

    public init(
        decodedBytesPerInstance: Int = 1 << 20, decodedBytesPerRun: Int = 64 << 20,
        nestingDepth: Int = 4, mimeParts: Int = 64
    ) {
        self.decodedBytesPerInstance = decodedBytesPerInstance
        self.decodedBytesPerRun = decodedBytesPerRun
        self.nestingDepth = nestingDepth
        self.mimeParts = mimeParts
    }

    /// `1 MiB`, `16 KiB` or `1000 bytes`: sizes the way the problem messages quote them.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
