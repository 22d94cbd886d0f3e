import Testing
@testable import RoleSyncCore

/// The character-level rules, value by value.
@Suite struct ManifestFieldRulesTests {
    @Test(arguments: [
        ("i-1234abcd", true), ("i-0123456789abcdef0", true), ("i-12", false), ("i-1234ABCD", false),
        ("i-1234abcg", false), ("i-0123456789abcdef", false), ("x-1234abcd", false), ("i-1234abcd ", false), ("", false),
    ])
    func instanceIds(value: String, isValid: Bool) {
        #expect(FieldRules.isInstanceId(value) == isValid)
    }

    @Test(arguments: [
        ("web", true), ("payments-prod", true), ("a.b-c", true), ("0", true), (String(repeating: "a", count: 253), true),
        (String(repeating: "a", count: 254), false), ("", false), ("Web", false), ("-web", false), ("web.", false),
        ("we_b", false), ("we b", false),
    ])
    func manifestNames(value: String, isValid: Bool) {
        #expect(FieldRules.isManifestName(value) == isValid)
    }

    @Test(arguments: [
        ("none", true), ("web", true), ("Web_Profile+=,.@-1", true), (String(repeating: "p", count: 128), true),
        (String(repeating: "p", count: 129), false), ("my profile", false), ("role/web", false),
        ("arn:aws:iam::123456789012:instance-profile/web", true),
        ("arn:aws-us-gov:iam::123456789012:instance-profile/team/a/web", true),
        ("arn:aws-cn:iam::123456789012:instance-profile/web", true),
        ("arn:aws:iam::12345678901:instance-profile/web", false), ("arn:aws:iam::123456789012:role/web", false),
        ("arn:aws:iam::123456789012:instance-profile/", false), ("arn:aws:iam::123456789012:instance-profile//web", false),
        ("arn:aws:s3::123456789012:instance-profile/web", false), ("arn:gcp:iam::123456789012:instance-profile/web", false),
        ("arn:aws:iam:us-east-1:123456789012:instance-profile/web", false),
    ])
    func profileReferences(value: String, isValid: Bool) {
        #expect(FieldRules.isProfileReference(value) == isValid)
    }

    @Test(arguments: [
        ("arn:aws:iam::111122223333:role/rolesync", true), ("arn:aws:iam::111122223333:role/ops/rolesync", true),
        ("arn:aws:iam::111122223333:role/" + String(repeating: "r", count: 65), false),
        ("arn:aws:iam::111122223333:user/rolesync", false), ("arn:aws:iam::1111:role/x", false), ("rolesync", false),
    ])
    func roleArns(value: String, isValid: Bool) {
        #expect(FieldRules.isRoleArn(value) == isValid)
    }

    @Test(arguments: [
        ("us-east-1", true), ("eu-central-2", true), ("us-gov-west-1", true), ("us-isob-east-1", true),
        ("ap-southeast-12", true), ("us-east", false), ("US-EAST-1", false), ("useast-1", false),
        ("us-foo-west-1", false), ("u-east-1", false), ("us--1", false), ("us-east-1a", false),
    ])
    func regions(value: String, isValid: Bool) {
        #expect(FieldRules.isRegion(value) == isValid)
    }

    @Test(arguments: [
        ("2027-03-31", true), ("2028-02-29", true), ("2000-02-29", true), ("2100-02-29", false), ("2027-02-29", false),
        ("2027-04-31", false), ("2027-13-01", false), ("2027-00-10", false), ("2027-3-31", false), ("27-03-31", false),
        ("2027/03/31", false), ("2027-03-3a", false),
    ])
    func calendarDates(value: String, isValid: Bool) {
        #expect(FieldRules.isCalendarDate(value) == isValid)
    }

    @Test(arguments: [("111122223333", true), ("012345678901", true), ("11112222333", false), ("11112222333a", false)])
    func accountIds(value: String, isValid: Bool) {
        #expect(FieldRules.isAccountId(value) == isValid)
    }
}
