/// Why one file of an import could not be planned: its message is shown as it is.
struct ImportFailure: Error, Sendable { var message: String }
