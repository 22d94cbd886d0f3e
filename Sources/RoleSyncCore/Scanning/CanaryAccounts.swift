/// AWS accounts whose keys are canary tokens: decoys planted to raise an alarm when someone
/// uses them. A key of theirs in a repository was put there on purpose; reporting it as a
/// leak would be noise, and verifying it would set the alarm off. So their findings are
/// marked `canary`, do not fail the scan, and are never sent to STS.
///
/// The list is the accounts canarytokens.org issues its AWS key tokens from, and those of
/// look-alike canary services, as published by secret scanners that track them. Teams add
/// their own canary accounts with `--canary-account`.
public enum CanaryAccounts {
    /// canarytokens.org (Thinkst).
    public static let canarytokens: Set<String> = [
        "052310077262", "171436882533", "534261010715", "595918472158", "717712589309",
        "819147034852", "992382622183", "730335385048", "266735846894", "893192397702",
    ]

    /// Canary services modelled on canarytokens.org.
    public static let lookAlikes: Set<String> = [
        "044858866125", "251535659677", "344043088457", "351906852752", "390477818340",
        "426127672474", "427150556519", "439872796651", "445142720921", "465867158099",
        "637958123769", "693412236332", "732624840810", "735421457923", "959235150393",
        "982842642351",
    ]

    public static let known = canarytokens.union(lookAlikes)
}
