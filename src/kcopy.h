/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kcopy.h - the file-to-file engine: copy_file_range(2), sendfile(2).
 *
 * When standard output is a regular file, mapping the input and writing
 * from the mapping costs a page fault per page on top of the copy (very
 * expensive on virtual machines); the kernel can copy page cache to page
 * cache itself, once.
 */
#ifndef MMCAT_KCOPY_H
#define MMCAT_KCOPY_H

#include <stdbool.h>

#include "engine.h"

/* Only raw bytes into a regular file, from a file (not a device). */
bool kcopy_takes(const struct flow *f);

/*
 * From f->pos to f->end in the kernel.  Declines on any failure, and
 * where the input ends early: the next engine reads the rest through a
 * mapping, which tells a shrink, a read fault and a write error apart.
 */
enum engine_answer kcopy_run(struct flow *f);

#endif
