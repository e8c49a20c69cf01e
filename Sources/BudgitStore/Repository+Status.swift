import Clibgit2

extension Repository {
    /// The working-tree files that differ from HEAD (staged or not), sorted by path, as
    /// `git status --porcelain -uall` lists them; a path the index holds unmerged (a conflict
    /// git left) is `.unmerged`.
    /// - Parameter workdirOnly: only the files that differ from the index (what staging needs:
    ///   what is already staged is in the index, so HEAD's trees need not be read).
    public func status(workdirOnly: Bool = false) throws(StoreError) -> [StatusEntry] {
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = workdirOnly ? GIT_STATUS_SHOW_WORKDIR_ONLY : GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle.raw, &opts), "git_status_list_new")
        let h = StatusListHandle(list!)
        var out: [StatusEntry] = []
        for i in 0..<git_status_list_entrycount(h.raw) {
            guard let e = git_status_byindex(h.raw, i)?.pointee else { continue }
            let s = e.status.rawValue
            let delta = e.index_to_workdir ?? e.head_to_index
            guard let d = delta?.pointee else { continue }
            let path = String(cString: d.new_file.path ?? d.old_file.path)
            let kind: StatusEntry.Kind
            if s & GIT_STATUS_CONFLICTED.rawValue != 0 { kind = .unmerged }
            else if s & (GIT_STATUS_WT_DELETED.rawValue | GIT_STATUS_INDEX_DELETED.rawValue) != 0 { kind = .deleted }
            else if s & (GIT_STATUS_WT_NEW.rawValue | GIT_STATUS_INDEX_NEW.rawValue) != 0 { kind = .new }
            else if s & (GIT_STATUS_WT_RENAMED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue) != 0 { kind = .renamed }
            else if s & (GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue) != 0 { kind = .typeChange }
            else if s & GIT_STATUS_IGNORED.rawValue != 0 { continue }
            else { kind = .modified }
            out.append(StatusEntry(path: path, kind: kind))
        }
        return out
    }

    /// The ignored files of the working tree that sit in folders git does not ignore (such as
    /// the `.budgit-tmp-*` files this process ignores, see ``Repository/temporaryFilePattern``).
    public func ignoredFiles() throws(StoreError) -> [String] {
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        opts.flags = GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle.raw, &opts), "git_status_list_new")
        guard let raw = list else { return [] }
        let h = StatusListHandle(raw)
        var out: [String] = []
        for i in 0..<git_status_list_entrycount(h.raw) {
            guard let e = git_status_byindex(h.raw, i)?.pointee, e.status.rawValue & GIT_STATUS_IGNORED.rawValue != 0,
                  let d = e.index_to_workdir?.pointee, let p = d.new_file.path ?? d.old_file.path else { continue }
            out.append(String(cString: p))
        }
        return out
    }
}
