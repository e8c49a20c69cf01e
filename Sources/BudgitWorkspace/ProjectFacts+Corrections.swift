import Foundation
import BudgitModel
import BudgitImport

/// Why a correction cannot be made.
public struct CorrectionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

extension ProjectFacts {
    /// The facts a correction can set (see ``Correction``), as prefixes or whole keys.
    public static let correctableKeys = ["name", "department", "start", "end", "goal-period", "goal.overall", "goal.annual",
                                         "fund.<kind>", "indicator.<level1>/<level2>/<level3>", "cost.<name>/<content>/<detail>"]

    /// The value of fact `key` of `p` as a correction states it (an indicator's target text, an
    /// amount in 元), or nil when the form has no such fact.
    public static func value(of key: String, in p: ProjectForm) -> String? {
        switch key {
        case "name": return p.name
        case "department": return p.department
        case "start": return p.startDate
        case "end": return p.endDate
        case "goal-period": return p.goalPeriod
        case "goal.overall": return p.overallGoal
        case "goal.annual": return p.annualGoal
        default:
            if key.hasPrefix("fund."), let kind = FundKind(rawValue: String(key.dropFirst(5))) {
                return p.fund(kind)?.description
            }
            if let i = indicatorIndex(key, in: p) { return p.indicators[i].target.text }
            if let i = costIndex(key, in: p) { return p.breakdown[i].amount?.description ?? "" }
            return nil
        }
    }

    /// `p` with fact `key` set to `value`.
    /// - Throws: ``CorrectionError`` when the form has no such fact or the value is not valid
    ///   for it (an amount that is not exact, a date that is not a date).
    public static func setting(_ key: String, to value: String, in p: ProjectForm) throws(CorrectionError) -> ProjectForm {
        var p = p
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        func amount() throws(CorrectionError) -> Money {
            do { return try Money.parse(v, unit: .yuan) } catch {
                throw CorrectionError("`\(value)` is not an amount in 元 (\(error)); write it like 1234.50")
            }
        }
        func date() throws(CorrectionError) -> String {
            guard let iso = DateParser.iso(v) else { throw CorrectionError("`\(value)` is not a date; write it like 2022-12-31") }
            return iso
        }
        if v.isEmpty && key != "department" { throw CorrectionError("the new value is empty") }
        switch key {
        case "name": p.name = v
        case "department": p.department = v.isEmpty ? nil : v
        case "start": p.startDate = try date()
        case "end": p.endDate = try date()
        case "goal-period": p.goalPeriod = v
        case "goal.overall": p.overallGoal = v
        case "goal.annual": p.annualGoal = v
        default:
            if key.hasPrefix("fund."), let kind = FundKind(rawValue: String(key.dropFirst(5))) {
                let m = try amount()
                if let i = p.funds.firstIndex(where: { $0.kind == kind }) { p.funds[i].amount = m; p.funds[i].sourceUnit = .yuan }
                else { throw CorrectionError("the form prints no \(kind.label) (\(key)); only printed amounts can be corrected") }
            } else if let i = indicatorIndex(key, in: p) {
                let (target, _) = TargetParser.parse(v)
                p.indicators[i].target = target
            } else if let i = costIndex(key, in: p) {
                p.breakdown[i].amount = try amount()
            } else {
                throw CorrectionError("the form has no fact `\(key)`; the facts are those `budgit blame` lists (\(correctableKeys.joined(separator: ", ")))")
            }
        }
        return p
    }

    /// The index of the indicator `indicator.L1/L2/L3[#n]`.
    static func indicatorIndex(_ key: String, in p: ProjectForm) -> Int? {
        guard key.hasPrefix("indicator.") else { return nil }
        let (path, n) = splitOccurrence(String(key.dropFirst(10)))
        return p.indicators.indices.filter { p.indicators[$0].path == path }.dropFirst(n - 1).first
    }

    /// The index of the cost line `cost.NAME/CONTENT/DETAIL[#n]`.
    static func costIndex(_ key: String, in p: ProjectForm) -> Int? {
        guard key.hasPrefix("cost.") else { return nil }
        let (path, n) = splitOccurrence(String(key.dropFirst(5)))
        return p.breakdown.indices.filter { "\(p.breakdown[$0].name)/\(p.breakdown[$0].content)/\(p.breakdown[$0].detail)" == path }.dropFirst(n - 1).first
    }

    /// `a/b/c#2` → (`a/b/c`, 2); `a/b/c` → (`a/b/c`, 1).
    static func splitOccurrence(_ s: String) -> (String, Int) {
        if let hash = s.lastIndex(of: "#"), let n = Int(s[s.index(after: hash)...]), n >= 1 { return (String(s[..<hash]), n) }
        return (s, 1)
    }

    /// The keys of the indicators of `p` whose own name (三级指标) is `name`, compared as
    /// printed and then without spaces.
    public static func indicatorKeys(named name: String, in p: ProjectForm) -> [String] {
        let all = facts(of: p).filter { $0.key.hasPrefix("indicator.") }
        let exact = all.filter { $0.label == name }
        if !exact.isEmpty { return exact.map(\.key) }
        let squeeze = { (s: String) in s.filter { !$0.isWhitespace } }
        return all.filter { squeeze($0.label) == squeeze(name) }.map(\.key)
    }
}
