/*
 * lines.h - select lines instead of bytes (-L, --lines).
 *
 * The syntax is bat's --line-range: "N:M" (1-based, inclusive), "N:",
 * ":M", "N", "N:+K", where a negative N or M counts from the last line
 * (-1 is the last line).  The selection is what `sed -n 'N,Mp'` prints,
 * byte for byte.  Parsing is pure; finding the lines scans the mapping.
 */
#ifndef MMCAT_LINES_H
#define MMCAT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "number.h"
#include "range.h"
#include "source.h"

enum lines_last {
	LINES_LAST_SAME,	/* "N": just line N */
	LINES_LAST_EOF,		/* "N:": to the last line */
	LINES_LAST_LINE,	/* "N:M" or ":M" */
	LINES_LAST_PLUS		/* "N:+K": K more lines after N */
};

struct lines_request {
	struct number first;	/* magnitude >= 1 */
	enum lines_last last_kind;
	struct number last;	/* magnitude >= 1 for LINES_LAST_LINE */
};

enum lines_spec_status {
	LINES_SPEC_OK = 0,
	LINES_SPEC_BAD_NUMBER,	/* *number_status says why */
	LINES_SPEC_ZERO,	/* lines count from 1 */
	LINES_SPEC_BAD_PLUS	/* "+K" must be a non-negative count */
};

enum lines_spec_status lines_parse_spec(const char *spec,
    struct lines_request *out, enum number_status *number_status);

/* What a lines request came to in a file. */
struct lines_span {
	struct range_span bytes;	/* the bytes of the selected lines */
	bool past_last;		/* selection starts beyond the last line */
	bool clamped;		/* it asked for lines the file does not have */
	uint64_t line_count;	/* known when a scan counted them, else 0 */
};

/*
 * Find the bytes of the requested lines in a mappable source.  Returns 0,
 * LINES_SHRANK (the file shrank during the scan), or an errno.
 */
#define LINES_SHRANK (-1)

int lines_find(const struct source *src, const struct lines_request *request,
    size_t window, struct lines_span *span);

#endif
