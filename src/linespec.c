/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linespec.c - parse "N", "N:", ":M", "N:M" and "N:+K", and the rules of
 * what they select.
 *
 * The numbers go through number_parse, so line numbers take the same
 * suffixes, hex and signs as offsets do.  Kept apart from lines.c and
 * streamlines.c, which read the input, so that the parser and the rules
 * are unit-tested and fuzzed on their own.
 */
#include "config.h"

#include "linespec.h"

#include <stdlib.h>
#include <string.h>

static enum lines_spec_status
parse_line_number(const char *text, struct number *out,
    enum number_status *number_status)
{
	if ((*number_status = number_parse(text, out)) != NUMBER_OK)
		return LINES_SPEC_BAD_NUMBER;
	return out->magnitude == 0 ? LINES_SPEC_ZERO : LINES_SPEC_OK;
}

static enum lines_spec_status
parse_last(const char *text, struct lines_request *out,
    enum number_status *number_status)
{
	if (*text == '\0') {
		out->last_kind = LINES_LAST_EOF;
		return LINES_SPEC_OK;
	}
	if (*text == '+') {
		out->last_kind = LINES_LAST_PLUS;
		if (text[1] < '0' || text[1] > '9')
			return LINES_SPEC_BAD_PLUS;
		*number_status = number_parse(text + 1, &out->last);
		return *number_status == NUMBER_OK ? LINES_SPEC_OK :
		    LINES_SPEC_BAD_NUMBER;
	}
	out->last_kind = LINES_LAST_LINE;
	return parse_line_number(text, &out->last, number_status);
}

enum lines_spec_status
lines_parse_spec(const char *spec, struct lines_request *out,
    enum number_status *number_status)
{
	const char *colon = strchr(spec, ':');
	enum lines_spec_status status;
	char *first;

	memset(out, 0, sizeof *out);
	out->first.magnitude = 1;
	*number_status = NUMBER_OK;
	if (colon == NULL) {
		out->last_kind = LINES_LAST_SAME;
		return parse_line_number(spec, &out->first, number_status);
	}
	if (colon != spec) {
		if ((first = strndup(spec, (size_t)(colon - spec))) == NULL) {
			*number_status = NUMBER_INVALID;
			return LINES_SPEC_BAD_NUMBER;
		}
		status = parse_line_number(first, &out->first, number_status);
		free(first);
		if (status != LINES_SPEC_OK)
			return status;
	}
	return parse_last(colon + 1, out, number_status);
}

/* A line number of a spec, resolved: a line, or before line 1. */
struct line_no {
	uint64_t n;		/* the line, when not below */
	bool below;		/* before line 1 (a negative count too large) */
};

static struct line_no
resolve_number(const struct number *x, uint64_t lines)
{
	struct line_no no = { x->magnitude, false };

	if (x->negative && x->magnitude > lines)
		no.below = true, no.n = 0;
	else if (x->negative)
		no.n = lines - x->magnitude + 1;
	return no;
}

/* from + k, where from (the spec's first line) may lie before line 1. */
static struct line_no
plus(const struct number *first, struct line_no from, uint64_t k,
    uint64_t lines)
{
	struct line_no no = { 0, false };
	uint64_t before;

	if (!from.below) {
		no.n = from.n > UINT64_MAX - k ? UINT64_MAX : from.n + k;
		return no;
	}
	/* from is line 1 - before, before >= 1 */
	before = first->magnitude - lines;
	if (k < before)
		no.below = true;
	else
		no.n = k - before + 1;
	return no;
}

struct lines_interval
lines_resolve(const struct lines_request *r, uint64_t lines)
{
	struct line_no first = resolve_number(&r->first, lines), last;
	struct lines_interval iv;

	switch (r->last_kind) {
	case LINES_LAST_SAME:
		last = first;
		break;
	case LINES_LAST_EOF:
		last = (struct line_no){ lines, false };
		break;
	case LINES_LAST_PLUS:
		last = plus(&r->first, first, r->last.magnitude, lines);
		break;
	case LINES_LAST_LINE:
	default:
		last = resolve_number(&r->last, lines);
		break;
	}
	if (!first.below && !last.below && last.n < first.n)
		last = first;		/* sed: M < N prints line N */
	iv.asks_beyond = first.below || last.below || first.n > lines ||
	    last.n > lines;
	iv.first = first.below ? 1 : first.n;
	iv.last = last.below ? 0 : last.n > lines ? lines : last.n;
	return iv;
}

bool
lines_counts_from_end(const struct lines_request *r)
{
	return r->first.negative ||
	    (r->last_kind == LINES_LAST_LINE && r->last.negative);
}

uint64_t
lines_forward_last(const struct lines_request *r)
{
	uint64_t first = r->first.magnitude, last = r->last.magnitude;

	switch (r->last_kind) {
	case LINES_LAST_SAME:
		return first;
	case LINES_LAST_EOF:
		return UINT64_MAX;
	case LINES_LAST_PLUS:
		return first > UINT64_MAX - last ? UINT64_MAX : first + last;
	case LINES_LAST_LINE:
	default:
		return last < first ? first : last;
	}
}

bool
lines_end_counts_from_end(const struct lines_request *r)
{
	return r->last_kind == LINES_LAST_LINE ? r->last.negative :
	    r->last_kind == LINES_LAST_SAME && r->first.negative;
}

uint64_t
lines_follow_take(const struct lines_request *r, uint64_t first)
{
	uint64_t last = r->last.magnitude;

	switch (r->last_kind) {
	case LINES_LAST_SAME:
		return 1;
	case LINES_LAST_PLUS:
		return last == UINT64_MAX ? UINT64_MAX : last + 1;
	case LINES_LAST_LINE:
		return last >= first ? last - first + 1 : 1;
	case LINES_LAST_EOF:
	default:
		return UINT64_MAX;
	}
}

uint64_t
lines_stream_hold(const struct lines_request *r, bool strict)
{
	uint64_t held = 0, last;

	if (r->first.negative)
		held = r->first.magnitude;
	if (r->last_kind == LINES_LAST_LINE && r->last.negative &&
	    r->last.magnitude - 1 > held)
		held = r->last.magnitude - 1;
	last = lines_forward_last(r);
	if (strict && !lines_counts_from_end(r) && last != UINT64_MAX)
		held = last - r->first.magnitude + 1;
	return held;
}
