/// A commit as a value: id, parents, author, committer, message.
public struct CommitInfo: Sendable, Hashable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    public var message: String

    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// A file whose object id differs between two trees.
public struct PathChange: Sendable, Hashable {
    /// `unchanged` is reported only for the companions a caller asks for.
    public enum Kind: String, Sendable { case added, deleted, modified, unchanged }
    public var path: String
    public var kind: Kind
    public var oldID: ObjectID?
    public var newID: ObjectID?
}

/// A working-tree file that differs from HEAD.
public struct StatusEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case new, modified, deleted, renamed, typeChange = "typechange", unmerged }
    public var path: String
    public var kind: Kind
}
