import Yams

/// Reads the `spec` of `kind: Exemption`. An exemption without a reason or an end date would
/// silently exempt forever, so both are required.
enum ExemptionDecoder {
    static let fields = ["selector", "reason", "expires"]

    static func decode(spec: FieldMap, name: String, source: SourceLocation, collector: inout ProblemCollector) -> Exemption? {
        let selector = spec.required("selector", collector: &collector).flatMap {
            SelectorDecoder.decode($0, field: spec.fieldPath("selector"), collector: &collector)
        }
        let reason = spec.required("reason", collector: &collector).flatMap {
            collector.nonEmptyString($0.value, field: spec.fieldPath("reason"))
        }
        let expires = spec.required("expires", collector: &collector).flatMap {
            collector.checkedString(
                $0.value, field: spec.fieldPath("expires"), what: "date", expectation: FieldRules.dateExpectation,
                rule: FieldRules.isCalendarDate)
        }
        guard let selector, let reason, let expires else { return nil }
        return Exemption(name: name, selector: selector.selector, reason: reason, expires: expires, source: source)
    }
}
