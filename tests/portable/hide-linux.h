/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hide-linux.h - forced into every compile of the portable build
 * (-include, see .ci/run): glibc on Linux made to look like a system
 * without Linux's extensions, so that every fallback is built and tested.
 *
 * The headers that declare the extensions are read first, with the
 * features config.h asks for, so that their include guards keep them from
 * being read again; then the macros are taken away and the functions
 * poisoned: any use that configure did not guard fails to compile.
 * Together with the #error headers in include/, which stand in for the
 * Linux-only headers.
 */
#ifndef MMCAT_HIDE_LINUX_H
#define MMCAT_HIDE_LINUX_H

/* What config.h asks for, since these headers are read before it. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#ifndef _FILE_OFFSET_BITS
# define _FILE_OFFSET_BITS 64
#endif

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#undef F_GETPIPE_SZ
#undef F_SETPIPE_SZ
#undef O_TMPFILE
#undef MADV_POPULATE_READ
#undef MAP_POPULATE
#undef SYS_pidfd_open
#undef SEEK_DATA
#undef SEEK_HOLE

#pragma GCC poison vmsplice splice tee copy_file_range memrchr posix_fadvise

#endif
