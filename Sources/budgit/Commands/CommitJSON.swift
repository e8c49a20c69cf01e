import BudgitStore

/// A commit in JSON: `id`, `parents`, `author` and `committer` (`name`, `email`, `date`, `time`,
/// `offset`), `summary`, `message`.
struct CommitJSON: Encodable {
    struct Person: Encodable {
        var name: String, email: String, date: String, time: Int64, offset: Int32
        init(_ s: Signature) { name = s.name; email = s.email; date = s.isoDate; time = s.time; offset = s.offsetMinutes }
    }
    var id: String
    var parents: [String]
    var author: Person
    var committer: Person
    var summary: String
    var message: String
    init(_ c: CommitInfo) {
        id = c.id.description; parents = c.parents.map(\.description)
        author = Person(c.author); committer = Person(c.committer)
        summary = c.summary; message = c.message
    }
}
