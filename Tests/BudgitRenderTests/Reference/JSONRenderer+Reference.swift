#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BudgitCompare
@testable import BudgitRender

extension JSONRenderer {
    /// The reference implementation: `JSONEncoder`, then ``indent(_:)``. Slow and three copies of
    /// the text; the tests check ``render(_:)`` against it.
    static func renderWithEncoder(_ report: ComparisonReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings, integers and arrays: encoding cannot fail.
        let data = try! encoder.encode(report)
        return indent(String(decoding: data, as: UTF8.self)) + "\n"
    }
}
