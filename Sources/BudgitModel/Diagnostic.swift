/// Where a fact came from: a source file and an inclusive 1-based line range.
public struct SourceSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var firstLine: Int
    public var lastLine: Int

    public init(file: String, firstLine: Int, lastLine: Int) {
        self.file = file; self.firstLine = firstLine; self.lastLine = lastLine
    }

    /// `000_b8de.txt:32-41`
    public var description: String {
        firstLine == lastLine ? "\(file):\(firstLine)" : "\(file):\(firstLine)-\(lastLine)"
    }
}

/// A repair, guess or problem found while importing, with the place and the raw text.
///
/// Import never silently guesses: every repair (a shifted column, fused rows, an inferred level,
/// `》` read as `≥`) becomes a diagnostic that is printed and stored beside the data.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// A repair that is certain (joined fragments, a known OCR misreading).
        case note
        /// A guess a reviewer should confirm (an inferred level, a shifted column).
        case warning
        /// Something that could not be read; the fact is missing or kept as raw text.
        case error

        private var rank: Int { self == .note ? 0 : (self == .warning ? 1 : 2) }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var file: String
    public var line: Int
    public var severity: Severity
    /// A stable machine-readable code, e.g. `ocr.geq`, `layout.shifted-left`.
    public var code: String
    /// What was done, in words.
    public var message: String
    /// The raw source text concerned (usually the whole line).
    public var raw: String

    public init(file: String, line: Int, severity: Severity, code: String, message: String, raw: String) {
        self.file = file; self.line = line; self.severity = severity
        self.code = code; self.message = message; self.raw = raw
    }

    /// The longest ``raw`` text kept, in characters; longer text is cut and ends in `…`.
    ///
    /// Bounded so that the work on a line stays linear in its length: a line with thousands of
    /// cells may give a diagnostic per cell, and each quotes the line.
    public static let excerptLimit = 80

    /// `text` cut to ``excerptLimit`` characters, with `…` when cut.
    /// - Complexity: O(``excerptLimit``), whatever the length of `text`.
    public static func excerpt<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        var n = 0
        for ch in text {
            if n == excerptLimit { return out + "…" }
            out.append(ch); n += 1
        }
        return out
    }

    /// `000.txt:214: warning [ocr.geq] read 》 as ≥: 》95%`
    public var description: String {
        "\(file):\(line): \(severity.rawValue) [\(code)] \(message)" + (raw.isEmpty ? "" : ": \(raw)")
    }
}
