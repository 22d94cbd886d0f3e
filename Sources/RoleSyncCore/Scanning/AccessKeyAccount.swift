/// The AWS account an access key id belongs to, decoded from the id itself.
///
/// Key ids issued since about 2019 carry their account: after the four-character prefix, the
/// base32 body's first 6 bytes, masked with `0x7fffffffff80` and shifted right by 7, are the
/// 12-digit account id (documented by security researchers and used by `aws sts
/// get-access-key-info`, which answers the same without the caller's own credentials). Older
/// ids, whose fifth character is `I` or `J` (`AKIAI…`, `AKIAJ…`), predate that layout: for them
/// nothing is decoded rather than a wrong account shown — unless the layout names a known
/// canary-token account. Accounts from 549755813888 to 687194767359 also give an `I` or `J`
/// (one canarytokens.org account among them); a random old id landing on one of a few dozen
/// canary accounts out of 10^12 is not worth weighing against missing a canary.
public enum AccessKeyAccount {
    public static func decode(_ keyId: String) -> String? {
        guard let account = embedded(keyId) else { return nil }
        let fifth = keyId.utf8.dropFirst(4).first
        let oldLayout = fifth == UInt8(ascii: "I") || fifth == UInt8(ascii: "J")
        return oldLayout && !CanaryAccounts.known.contains(account) ? nil : account
    }

    /// The account the layout gives, whatever the id's age.
    static func embedded(_ keyId: String) -> String? {
        let characters = Array(keyId.utf8)
        guard characters.count == 20 else { return nil }
        let body = characters.dropFirst(4)
        // 10 base32 characters are 50 bits: enough for the first 6 bytes (48 bits).
        var bits: UInt64 = 0
        for character in body.prefix(10) {
            guard let value = base32Value(character) else { return nil }
            bits = bits << 5 | UInt64(value)
        }
        let firstSixBytes = bits >> 2
        let account = (firstSixBytes & 0x7fff_ffff_ff80) >> 7
        let digits = String(account)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// RFC 4648 base32: `A`–`Z` are 0–25, `2`–`7` are 26–31.
    private static func base32Value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
