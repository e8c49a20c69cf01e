import Foundation
import Testing
@testable import BudgitStore
import BudgitTestSupport

let ana = Signature(name: "Ana Li", email: "ana@example.org", time: 1_700_000_000, offsetMinutes: 480)
let bo = Signature(name: "Bo Wang", email: "bo@example.org", time: 1_700_003_600, offsetMinutes: 480)
