import BudgitCanonical
import BudgitStore

/// Why stored documents could not be loaded.
public enum LoadError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case canonical(CanonicalError)
    case nothingStored(String)
    public var description: String {
        switch self {
        case .nothingStored(let m): return m
        case .store(let e): return e.description
        case .canonical(let e): return "\(e). The stored file is not valid canonical text; was it edited by hand? `budgit import` rewrites it."
        }
    }
}
