import Yams

/// An assignment and the places its instance ids were written.
struct DecodedAssignment: Sendable, Hashable {
    var assignment: InstanceRoleAssignment
    var writtenInstanceIds: [WrittenValue]
    /// Where `instanceProfile` was written.
    var profileLocation: SourceLocation
}

/// Reads the `spec` of `kind: InstanceRoleAssignment`.
enum AssignmentDecoder {
    static let fields = ["selector", "regions", "accounts", "instanceProfile"]

    /// Nil when a required field is unusable; optional fields that are wrong are reported and
    /// left out, so later cross-manifest checks still see the assignment.
    static func decode(
        spec: FieldMap, name: String, source: SourceLocation, collector: inout ProblemCollector
    ) -> DecodedAssignment? {
        let selector = spec.required("selector", collector: &collector).flatMap {
            SelectorDecoder.decode($0, field: spec.fieldPath("selector"), collector: &collector)
        }
        let regions = spec.optional("regions").flatMap {
            collector.regions($0, field: spec.fieldPath("regions"), refuseEmptyBecause: "leave the field out to use the policy's regions")
        }
        let accounts = spec.optional("accounts").flatMap {
            collector.accountIds($0, field: spec.fieldPath("accounts"), refuseEmptyBecause: "leave the field out to use the policy's accounts")
        }
        let profileEntry = spec.required("instanceProfile", collector: &collector)
        let profile = profileEntry.flatMap {
            collector.checkedString(
                $0.value, field: spec.fieldPath("instanceProfile"), what: "instance profile",
                expectation: FieldRules.profileExpectation, rule: FieldRules.isProfileReference)
        }
        guard let selector, let profile, let profileEntry else { return nil }
        let assignment = InstanceRoleAssignment(
            name: name, selector: selector.selector, regions: regions, accounts: accounts,
            instanceProfile: ProfileReference(manifestValue: profile), source: source)
        return DecodedAssignment(
            assignment: assignment, writtenInstanceIds: selector.writtenInstanceIds,
            profileLocation: collector.location(of: profileEntry.value))
    }
}
