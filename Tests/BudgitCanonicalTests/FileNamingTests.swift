import Testing
@testable import BudgitCanonical

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST example vectors, plus lengths around the 55/56/64-byte padding edges.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
        ("中文", "72726d8818f693066ceb69afa364218b692e62ea92b385782363780f47529c21"),
    ])
    func knownVectors(input: String, hex: String) {
        #expect(SHA256.hex(input.utf8) == hex)
    }

    @Test func millionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct FileNamingTests {
    @Test func shortNamesKeepTheirFormat1Names() {
        #expect(RepositoryLayout.component("重复~2") == "重复~2")
        #expect(RepositoryLayout.component(".hidden") == "%2Ehidden")
        #expect(RepositoryLayout.component("a%~b") == "a%25~b")
        let exactly150 = String(repeating: "a", count: 150)
        #expect(RepositoryLayout.component(exactly150) == exactly150)
    }

    @Test func duplicatesCannotCollideWithRealNames() {
        let p = RepositoryLayout.projectPath(year: 2022, unit: "u", name: "重复")
        let dup = RepositoryLayout.duplicate(p, number: 2)
        #expect(dup == "2022/u/projects/重复%~2.jsonl")
        for real in ["重复~2", "重复%~2", "重复%7E2", "重复%~2.jsonl"] {
            #expect(RepositoryLayout.projectPath(year: 2022, unit: "u", name: real) != dup, "\(real)")
        }
    }

    @Test func longNamesUseSHA256AndNeverMatchShortNames() {
        let long = String(repeating: "教育", count: 100)
        let c = RepositoryLayout.component(long)
        #expect(c.utf8.count <= 158)
        #expect(c.hasSuffix("%~" + SHA256.hex(long.utf8).prefix(16)))
        #expect(RepositoryLayout.isCanonicalComponent(c[...]))
        // The FNV-1a-32 collision class: same 140-byte prefix, different tails.
        #expect(c != RepositoryLayout.component(long + "x"))
        #expect(c != RepositoryLayout.component(String(repeating: "教育", count: 99) + "教学"))
        // A cut never splits an escape.
        let escapes = String(repeating: "/", count: 60)
        let e = RepositoryLayout.component(escapes)
        #expect(RepositoryLayout.isCanonicalComponent(e[...]), "\(e)")
        #expect(e.hasPrefix(String(repeating: "%2F", count: 46) + "%~"))
    }

    /// Two long names with the same FNV-1a-32 hash (found by search): format 1 gave both the
    /// same file (their escaped forms share the first 140 bytes).
    @Test func fnvCollisionsNoLongerCollapse() {
        let prefix = String(repeating: "项", count: 50)
        let a = prefix + "下佊丱", b = prefix + "丌些丂"
        #expect(RepositoryLayout.fnv1a(a) == RepositoryLayout.fnv1a(b))
        #expect(RepositoryLayout.component(a) != RepositoryLayout.component(b))
    }

    @Test(arguments: [
        (".git/HEAD", "inside `.git`"),
        ("../x", "`..`"),
        ("/etc/passwd", "absolute"),
        ("2022/../../x.jsonl", "`..`"),
        ("2022/u/projects/.git", "`.git`"),
        ("2022/u/projects/.x.jsonl", "not a canonical"),
        ("2022/u/projects/a.txt", "not a canonical"),
        ("2022/u/other/a.jsonl", "not a canonical"),
        ("2022/u/projects/sub/a.jsonl", "outside the document folders"),
        ("README.md", "outside the document folders"),
        ("0222/u/projects/a.jsonl", "outside the document folders"),
        ("2022/.u/projects/a.jsonl", "unit folder"),
        ("2022/u/projects/a%zz.jsonl", "not a canonical"),
        ("sources/2022/other.txt", "not this source"),
        ("sources/2022/x.txt.files", "not this source"),
        ("2022//projects/a.jsonl", "empty"),
    ])
    func manifestEntriesBudgitCouldNotHaveWrittenAreRefused(entry: String, problem: String) {
        let p = RepositoryLayout.manifestEntryProblem(entry, year: 2022, file: "x.txt")
        #expect(p?.contains(problem) == true, "\(entry): \(p ?? "accepted")")
    }

    @Test func manifestEntriesBudgitWritesAreAccepted() {
        let long = String(repeating: "教育", count: 100)
        for e in ["sources/2022/x.txt", "sources/2022/x.txt.diagnostics.jsonl",
                  RepositoryLayout.projectPath(year: 2021, unit: "单位/一", name: "a:b"),
                  RepositoryLayout.duplicate(RepositoryLayout.projectPath(year: 2022, unit: "u", name: long), number: 3),
                  RepositoryLayout.unitBudgetPath(year: 2022, unit: "u") + "/table-01.jsonl"] {
            #expect(RepositoryLayout.manifestEntryProblem(e, year: 2022, file: "x.txt") == nil, "\(e)")
        }
    }
}
