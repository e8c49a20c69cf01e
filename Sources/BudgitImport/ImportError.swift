/// Why a file could not be imported at all.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case empty(file: String)
    case binary(file: String)
    case undecodable(file: String, detail: String)
    case notABudgetDocument(file: String, firstLine: String)
    case nothingFound(file: String, layout: String)

    public var description: String {
        switch self {
        case .empty(let f): return "\(f): the file is empty. Point budgit at a budget document (.txt from OCR)."
        case .binary(let f): return "\(f): this is a binary file, not OCR'd text. Convert the PDF to text first."
        case .undecodable(let f, let d): return "\(f): the text is neither UTF-8 nor GB18030 (\(d)). Re-save it as UTF-8."
        case .notABudgetDocument(let f, let l):
            return "\(f): not a budget document: no unit-budget table or performance-target form title found (first line: `\(l)`)."
        case .nothingFound(let f, let layout):
            return "\(f): looks like a \(layout) document but no form could be read from it; see the diagnostics."
        }
    }
}
