import ArgumentParser

@main
struct Budgit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budgit",
        abstract: "A git-style versioned store for yearly government budgets.",
        discussion: """
        budgit imports published budget documents (unit budgets, project performance-target forms) into exact, typed, canonical text files in an ordinary git repository, and answers what changed between years and revisions.

        A first session:
          budgit init budgets && cd budgets
          budgit import ../Fixtures/000_b8de17d7b47ea05c.txt
          budgit status
          budgit commit -m "Import the 2022 target forms"
          budgit log
          budgit show --year 2022 --project NAME
          budgit check --year 2022

        The author of a commit comes from git's user.name and user.email, or from --author:
          budgit commit -m "Import" --author "Ana Li <ana@example.org>"

        Exit codes: 0 success; 1 error (the message says what to do); 2 the command ran but found problems or differences (check mismatches, import errors, --exit-code); 64 usage error.
        """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ImportCommand.self, StatusCommand.self, CommitCommand.self,
            LogCommand.self, ShowCommand.self, BlameCommand.self, SetCommand.self, CheckCommand.self, DiffCommand.self, CompareCommand.self, ExportCommand.self,
        ]
    )
}
