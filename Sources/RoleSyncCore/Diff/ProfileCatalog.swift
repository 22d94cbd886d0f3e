/// The instance profiles of every account, looked up by name or ARN.
///
/// A desired profile is resolved in the *instance's* account: a profile of the same name in
/// another account is a different profile.
struct ProfileCatalog: Sendable {
    private var byName: [String: [String: LiveInstanceProfile]] = [:]
    private var byArn: [String: [String: LiveInstanceProfile]] = [:]

    init(_ profiles: [String: [LiveInstanceProfile]]) {
        for (account, list) in profiles {
            // Sorted so a duplicate (never seen from IAM) resolves the same way every time.
            for profile in list.sorted(by: { $0.arn > $1.arn }) {
                byName[account, default: [:]][profile.name] = profile
                byArn[account, default: [:]][profile.arn] = profile
            }
        }
    }

    /// The live profile a reference names in `account`; nil for `none` or when absent.
    func profile(_ reference: ProfileReference, inAccount account: String) -> LiveInstanceProfile? {
        switch reference {
        case .none: nil
        case .name(let name): byName[account]?[name]
        case .arn(let arn): byArn[account]?[arn]
        }
    }

    /// A key that is equal for two references to the same profile in `account`, so that two
    /// assignments naming one profile (once by name, once by ARN) do not conflict.
    func identity(of reference: ProfileReference, inAccount account: String) -> String {
        if case .none = reference { return "none" }
        if let profile = profile(reference, inAccount: account) { return profile.arn }
        return reference.description
    }
}

/// Whether an attached association is the profile a reference asks for: by ARN, or by name
/// when the manifest gave a name (path-insensitive, since names are unique per account).
func association(_ association: ProfileAssociation, satisfies reference: ProfileReference, resolvedArn: String?) -> Bool {
    if let resolvedArn { return association.profileArn == resolvedArn }
    switch reference {
    case .none: return false
    case .name(let name): return association.profileName == name
    case .arn(let arn): return association.profileArn == arn
    }
}
