/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linespec.h - parse the line-range spec of -L, --lines.
 *
 * The syntax is bat's --line-range: "N:M" (1-based, inclusive), "N:",
 * ":M", "N", "N:+K", where a negative N or M counts from the last line
 * (-1 is the last line); numbers are those of number_parse.  Pure: no
 * I/O, no exit.  What the spec selects in a file is lines.c's business.
 */
#ifndef MMCAT_LINESPEC_H
#define MMCAT_LINESPEC_H

#include "number.h"

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

/*
 * Parse spec into *out.  An empty N (":M", ":") is line 1.  On
 * LINES_SPEC_BAD_NUMBER, *number_status tells why the number was
 * refused; on any other status it is NUMBER_OK.  *out is meaningful only
 * on LINES_SPEC_OK.
 */
enum lines_spec_status lines_parse_spec(const char *spec,
    struct lines_request *out, enum number_status *number_status);

#endif
