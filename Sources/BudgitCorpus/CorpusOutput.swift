import Foundation

/// JSON for the manifest: pretty-printed, keys sorted, `/` not escaped, a final newline.
enum ManifestJSON {
    static func encode(_ manifest: CorpusManifest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(manifest)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func decode(_ text: String) throws -> CorpusManifest {
        try JSONDecoder().decode(CorpusManifest.self, from: Data(text.utf8))
    }
}

extension CorpusManifest {
    /// Reads a `manifest.json`.
    public static func decode(_ text: String) throws -> CorpusManifest { try ManifestJSON.decode(text) }
}

/// Writes generated files under a directory, creating subdirectories as needed, and counts them.
public final class DirectoryWriter {
    public let root: URL
    public private(set) var files = 0
    public private(set) var bytes = 0
    private var made: Set<String> = []

    /// - Throws: when `root` exists and is not an empty directory (so a corpus never mixes with
    ///   old files), or cannot be created.
    public init(root: URL) throws {
        self.root = root
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: root.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw WriterError.notADirectory(root.path) }
            let contents = try fm.contentsOfDirectory(atPath: root.path)
            guard contents.isEmpty else { throw WriterError.notEmpty(root.path) }
        } else {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
        }
    }

    /// Writes `text` as UTF-8 to `relativePath`.
    public func write(_ relativePath: String, _ text: String) throws {
        let url = root.appendingPathComponent(relativePath)
        let dir = url.deletingLastPathComponent().path
        if !made.contains(dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            made.insert(dir)
        }
        let data = Data(text.utf8)
        try data.write(to: url)
        files += 1
        bytes += data.count
    }

    public enum WriterError: Error, CustomStringConvertible {
        case notADirectory(String)
        case notEmpty(String)

        public var description: String {
            switch self {
            case .notADirectory(let p): return "\(p) exists and is not a directory. Choose another --out."
            case .notEmpty(let p): return "\(p) is not empty. Choose a new --out directory or remove the old corpus first."
            }
        }
    }
}
