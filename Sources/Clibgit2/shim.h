#ifndef BUDGIT_CLIBGIT2_SHIM_H
#define BUDGIT_CLIBGIT2_SHIM_H
#include <git2.h>

/* Variadic git_libgit2_opts is unavailable in Swift: wrap the calls we need. */
static inline int budgit_git_disable_strict_object_creation(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
}
static inline int budgit_git_enable_fsync(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
}
/* libgit2 re-hashes every object it reads by default; git's own commands do not (git fsck
   does). Reads of thousands of blobs spent an eighth of their time in SHA-1. */
static inline int budgit_git_set_strict_hash_verification(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on);
}
#endif
