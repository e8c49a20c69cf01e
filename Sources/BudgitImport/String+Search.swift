extension String {
    /// Whether `other` occurs in the string, by UTF-8 byte search (both are NFC text here).
    ///
    /// Declared for `String` arguments so that it is chosen over Foundation's generic
    /// `StringProtocol.contains`, which goes through CFString and dominated import profiles.
    /// - Complexity: O(n·m) worst case; the needles here are short labels.
    @inline(__always)
    func contains(_ other: String) -> Bool {
        if other.isEmpty { return true }
        var a = self, b = other
        return a.withUTF8 { ha in
            b.withUTF8 { nb in
                let n = nb.count, h = ha.count
                guard n <= h else { return false }
                let first = nb[0]
                var i = 0
                while i <= h - n {
                    if ha[i] == first {
                        var k = 1
                        while k < n && ha[i + k] == nb[k] { k += 1 }
                        if k == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
