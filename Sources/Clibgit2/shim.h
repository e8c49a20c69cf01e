#ifndef BUDGIT_CLIBGIT2_SHIM_H
#define BUDGIT_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/odb_backend.h>
/* For the packs budgit writes (PackWriter): zlib's adler32 and mbedTLS's SHA-1, the libraries
   libgit2 itself links on Debian (libgit2-dev depends on zlib1g-dev and libmbedtls-dev). */
#include <zlib.h>
#include <mbedtls/sha1.h>

/* Variadic git_libgit2_opts is unavailable in Swift: wrap the calls we need. */

/* With strict object creation (libgit2's default), writing a tree opens every object it names to
   check its type: 48,000 loose-object opens to commit one revision of a 57,000-file year. budgit's
   trees name the blobs it has just written or that the index already held. */
static inline int budgit_git_set_strict_object_creation(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}
/* libgit2 re-hashes every object it reads by default; git's own commands do not (git fsck
   does). Reads of thousands of blobs spent an eighth of their time in SHA-1. */
static inline int budgit_git_set_strict_hash_verification(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on);
}
/* Packs are read through mapped windows; libgit2's defaults (1 GiB windows, 8 GiB mapped in all)
   keep every page ever read of a 200 MB pack resident. Smaller windows and a limit unmap what was
   read, so a command's memory follows what it holds, not the size of the packs. */
static inline int budgit_git_set_mapped_windows(size_t window, size_t limit) {
    int rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    return rc ? rc : git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, limit);
}
#endif
