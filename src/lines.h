/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lines.h - select lines instead of bytes (-L, --lines).
 *
 * The syntax is bat's --line-range: "N:M" (1-based, inclusive), "N:",
 * ":M", "N", "N:+K", where a negative N or M counts from the last line
 * (-1 is the last line).  The selection is what `sed -n 'N,Mp'` prints,
 * byte for byte.  Parsing is pure (linespec.h); finding the lines scans
 * the mapping.
 */
#ifndef MMCAT_LINES_H
#define MMCAT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linespec.h"
#include "number.h"
#include "range.h"
#include "source.h"

/* What a lines request came to in a file. */
struct lines_span {
	struct range_span bytes;	/* the bytes of the selected lines */
	bool past_last;		/* nothing selected: the scan read to the end */
	bool clamped;		/* it asked for lines the file does not have */
	uint64_t line_count;	/* known when a scan counted them, else 0 */
};

enum lines_result {
	LINES_FOUND,
	LINES_SHRANK,		/* the file shrank during the scan */
	LINES_INPUT_ERROR	/* reading failed: *err says why */
};

/*
 * Find the bytes of the requested lines in a mappable source, lines
 * ending with the byte terminator ('\n', or '\0' for -z).
 */
enum lines_result lines_find(const struct source *src,
    const struct lines_request *request, unsigned char terminator,
    size_t window, struct lines_span *span, int *err);

#endif
