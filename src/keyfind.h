/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keyfind.h - find the bytes --from and --to select in a file of known
 * size, by bisection: O(log size) probes, each reading a block or two
 * around it, then a look at the records on either side of each
 * boundary found (the input is not checked whole).
 */
#ifndef MMCAT_KEYFIND_H
#define MMCAT_KEYFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "source.h"

/*
 * Where the bytes come from: read fills buf with up to len bytes at
 * pos, setting *got (fewer only at the end of the input); returns 0 or
 * an errno.
 */
struct key_reader {
	int (*read)(const void *ctx, uint64_t pos, unsigned char *buf,
	    size_t len, size_t *got);
	const void *ctx;
	uint64_t size;
};

struct key_span {
	uint64_t begin, end;	/* the selected bytes; empty: begin == end */
	bool unsorted;		/* records around a boundary out of order */
	uint64_t unsorted_at;	/* ... the first byte of the one out of place */
	uint64_t bytes_read;	/* what the search read, for --verbose */
};

enum key_find_result {
	KEY_FIND_OK,
	KEY_FIND_SHRANK,	/* the input ended before its size */
	KEY_FIND_ERROR		/* reading failed, or no memory: *err */
};

/* Search the bytes reader gives for what request selects. */
enum key_find_result key_find(const struct key_reader *reader,
    const struct key_request *request, struct key_span *span, int *err);

/*
 * The same over a mappable source, read with pread(2) in blocks, the
 * kernel's read-ahead turned off while it searches and, for a small
 * selection (read then in one request), until key_release_source.
 */
enum key_find_result key_find_in_source(const struct source *src,
    const struct key_request *request, struct key_span *span, int *err);

/* Read-ahead back to normal on src, once the selection is printed. */
void key_release_source(const struct source *src);

#endif
