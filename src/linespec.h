/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linespec.h - parse the line-range spec of -L, --lines.
 *
 * The syntax is bat's --line-range: "N:M" (1-based, inclusive), "N:",
 * ":M", "N", "N:+K", where a negative N or M counts from the last line
 * (-1 is the last line); numbers are those of number_parse.  And the
 * rules of what a spec selects, once the lines are counted or as they
 * go by, for the scan of a file (lines.c) and of a stream
 * (streamlines.c) alike.  Pure: no I/O, no exit.
 */
#ifndef MMCAT_LINESPEC_H
#define MMCAT_LINESPEC_H

#include <stdbool.h>
#include <stdint.h>

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

/* The lines a spec names in an input of a known number of lines. */
struct lines_interval {
	uint64_t first, last;	/* 1-based, inclusive; first > last: none */
	bool asks_beyond;	/* it names a line the input does not have */
};

/*
 * Resolve r against a count of lines: negative numbers count from the
 * last line, M < N means line N (as sed), and of the lines N..M so named
 * (which may begin before line 1) those that exist are the interval.
 */
struct lines_interval lines_resolve(const struct lines_request *r,
    uint64_t lines);

/* Whether the spec needs the count of lines (a number counts from the end). */
bool lines_counts_from_end(const struct lines_request *r);

/*
 * The last line a spec that does not count from the end names
 * (UINT64_MAX: to the end): M, N + K, or N itself, and N when M < N.
 */
uint64_t lines_forward_last(const struct lines_request *r);

/*
 * Whether the spec's last line is counted from the last line of the
 * input ("N:-K", or "-K" alone): it moves as the input grows, so a
 * follow cannot wait for it.
 */
bool lines_end_counts_from_end(const struct lines_request *r);

/*
 * How many lines a follow of the spec takes once its first line is
 * line first (1-based; only "-K:M" needs it): UINT64_MAX for no end.
 */
uint64_t lines_follow_take(const struct lines_request *r, uint64_t first);

/*
 * How many of the last lines a one-pass reader of a stream holds back
 * before it can tell whether the spec selects them: K for a first line
 * -K, L - 1 for a last line -L, and under strict all the lines of a
 * forward spec, none of which may go out before its last line exists.
 */
uint64_t lines_stream_hold(const struct lines_request *r, bool strict);

#endif
