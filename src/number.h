/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * number.h - the one checked parser for every number mmcat accepts.
 *
 * Pure: no I/O, no exit.  A number keeps its sign apart from its magnitude
 * because the sign means something even on zero: "-0" counts back zero
 * bytes from the end of the file.
 */
#ifndef MMCAT_NUMBER_H
#define MMCAT_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

struct number {
	uint64_t magnitude;
	bool negative;
};

enum number_status {
	NUMBER_OK = 0,
	NUMBER_INVALID,		/* not of the accepted syntax */
	NUMBER_TOO_LARGE	/* does not fit in a signed 64-bit integer */
};

/* What the syntax accepts, for error messages. */
extern const char number_syntax_hint[];

enum number_status number_parse(const char *text, struct number *out);

/* Human-readable reason for a non-OK status. */
const char *number_status_reason(enum number_status status);

#endif
