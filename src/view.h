/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * view.h - read-only views of part of a source: PROT_READ, MAP_PRIVATE
 * mappings from a page boundary, or (where mmap is refused) a buffer
 * read with pread(2).  The copy engine maps; the line scan does both.
 */
#ifndef MMCAT_VIEW_H
#define MMCAT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"

/* The page size; rounded window sizes are multiples of it. */
size_t view_page_size(void);

/* Round a requested window up to whole pages (at least one). */
size_t view_round_window(uint64_t requested);

struct view {
	void *base;		/* what mmap returned, or NULL */
	unsigned char *heap;	/* or a buffer read with pread */
	uint64_t aligned;	/* the file offset it was mapped from */
	size_t length;		/* what was mapped (or read) */
	const unsigned char *bytes; /* the first byte asked for */
};

/*
 * Map len bytes of src from pos (relative to src->origin).  Returns 0 or
 * the errno of mmap.
 */
int view_map(const struct source *src, uint64_t pos, size_t len,
    struct view *view);

/*
 * Read len bytes of src from pos (relative to src->origin) with pread
 * into a buffer instead, for where mmap refuses or a mapping costs more
 * than the read.  The buffer is allocated: the caller keeps len small.
 * Returns 0 or an errno; *ended_early: the file ended before pos + len
 * (it shrank); the result is then 0 and nothing is held.
 */
int view_read(const struct source *src, uint64_t pos, size_t len,
    struct view *view, bool *ended_early);

/* Let go of a view; harmless on one that holds nothing. */
void view_close(struct view *view);

#endif
