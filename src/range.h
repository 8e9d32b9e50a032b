/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * range.h - what the user asked for, and where it lands in a file.
 *
 * Pure: resolving a request against a size does no I/O, so the same rules
 * serve the mapping engine (size known up front) and the stream path (size
 * known only at end of input).
 */
#ifndef MMCAT_RANGE_H
#define MMCAT_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "number.h"

enum range_stop {
	RANGE_TO_EOF,		/* no length or end given */
	RANGE_BY_LENGTH,	/* stop.magnitude bytes (negative: before EOF) */
	RANGE_TO_OFFSET		/* exclusive end offset (negative: from EOF) */
};

struct range_request {
	struct number start;	/* first byte; negative counts back from EOF */
	enum range_stop stop_kind;
	struct number stop;
};

/* Bits of range_span.clamped: what a --strict run refuses. */
#define RANGE_CLAMPED_START 0x1u  /* negative start reached before byte 0 */
#define RANGE_CLAMPED_STOP  0x2u  /* end ran past EOF, or counted back before 0 */

struct range_span {
	uint64_t begin;		/* first byte printed */
	uint64_t end;		/* one past the last byte printed; >= begin */
	unsigned clamped;	/* RANGE_CLAMPED_* bits */
	bool past_eof;		/* a non-negative start lies beyond the size */
};

enum range_spec_status {
	RANGE_SPEC_OK = 0,
	RANGE_SPEC_NO_SEPARATOR,	/* neither ':' nor '+' between two parts */
	RANGE_SPEC_BAD_START,
	RANGE_SPEC_BAD_STOP,
	RANGE_SPEC_NO_MEMORY
};

/*
 * Parse a --range SPEC: "START:END" (half-open, either side may be empty)
 * or "START+LENGTH".  On a bad number, *number_status says why.
 */
enum range_spec_status range_parse_spec(const char *spec,
    struct range_request *out, enum number_status *number_status);

/* The whole input: start +0, to EOF. */
struct range_request range_request_whole(void);

void range_resolve(const struct range_request *request, uint64_t size,
    struct range_span *span);

/*
 * The trailing bytes a reader of a stream must hold back for request
 * until it knows which of them the range takes: as many as a start or an
 * end counted back from EOF names; under strict, a range with a fixed
 * end holds itself, since none of it may go out before it is whole.
 */
uint64_t range_tail_needed(const struct range_request *request, bool strict);

/*
 * Whether one pass over a stream prints ranges in the order given: each
 * starts at a known offset no earlier than where the one before it ends,
 * until one needs the end of input (to EOF, or a negative end); from
 * then on each counts its start back from the end.  Under strict, only a
 * lone range: every range is checked before any byte is printed.
 * *tail: the trailing bytes the pass must hold for them.
 */
bool range_plan_one_pass(const struct range_request *ranges, size_t count,
    bool strict, uint64_t *tail);

/*
 * The stretch [*from, *to) of a stream that holds every byte the ranges
 * can need (*to is UINT64_MAX where one needs the end of input): what a
 * copy of the stream must keep when one pass cannot serve them.
 */
void range_needed_stretch(const struct range_request *ranges, size_t count,
    uint64_t *from, uint64_t *to);

/*
 * True when the request's end does not depend on the size: a non-negative
 * start with a non-negative length or end.  *end_out gets that end (the
 * length is added with saturation).  A stream can stop reading there.
 */
bool range_fixed_end(const struct range_request *request, uint64_t *end_out);

/*
 * Whether the request's end is counted back from the end of the input
 * (a negative length or end): it moves as the input grows, so a follow
 * cannot wait for it.
 */
bool range_end_counts_from_eof(const struct range_request *request);

/*
 * What a follow of the request waits for, in an input of size bytes now:
 * *begin, its first byte (a start counted back from EOF is resolved
 * against size, once; a start past size is waited for), and *length, the
 * bytes it takes (UINT64_MAX: no end).  Only for a request whose end
 * does not count from EOF.
 */
void range_follow_start(const struct range_request *request, uint64_t size,
    uint64_t *begin, uint64_t *length);

/*
 * Describe why a span is refused: offset past EOF, or (when strict) a
 * clamp.  Writes a message without the file name; returns false when the
 * span is acceptable.
 */
bool range_describe_problem(const struct range_request *request,
    const struct range_span *span, uint64_t size, bool strict,
    char *buf, size_t buflen);

#endif
