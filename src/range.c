/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * range.c - resolve OFFSET/LENGTH/END requests against a file size.
 *
 * The rules are those of the specification: negative offsets count back
 * from EOF and clamp at 0 (tail -c), lengths clamp at EOF (the mmap(2)
 * example), negative lengths stop before EOF (head -c -N), an end at or
 * before the start selects nothing.  Every clamp is recorded so --strict
 * can refuse it.
 */
#include "config.h"

#include "range.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range_request
range_request_whole(void)
{
	struct range_request whole = {
		.start = { .magnitude = 0, .negative = false },
		.stop_kind = RANGE_TO_EOF,
		.stop = { .magnitude = 0, .negative = false },
	};
	return whole;
}

/* SIZE - n, clamped at 0; *clamped tells whether the clamp was needed. */
static uint64_t
count_back(uint64_t size, uint64_t n, bool *clamped)
{
	*clamped = n > size;
	return *clamped ? 0 : size - n;
}

static uint64_t
resolve_stop(const struct range_request *request, uint64_t size,
    uint64_t begin, unsigned *clamped)
{
	const struct number *stop = &request->stop;
	bool reached_before_zero;
	uint64_t end;

	if (request->stop_kind == RANGE_TO_EOF)
		return size;
	if (stop->negative) {
		end = count_back(size, stop->magnitude, &reached_before_zero);
		if (reached_before_zero)
			*clamped |= RANGE_CLAMPED_STOP;
		return end < begin ? begin : end;
	}
	if (request->stop_kind == RANGE_BY_LENGTH) {
		if (stop->magnitude > size - begin) {
			*clamped |= RANGE_CLAMPED_STOP;
			return size;
		}
		return begin + stop->magnitude;
	}
	if (stop->magnitude > size) {
		*clamped |= RANGE_CLAMPED_STOP;
		return size;
	}
	return stop->magnitude < begin ? begin : stop->magnitude;
}

void
range_resolve(const struct range_request *request, uint64_t size,
    struct range_span *span)
{
	bool reached_before_zero;

	span->clamped = 0;
	span->past_eof = false;
	if (request->start.negative) {
		span->begin = count_back(size, request->start.magnitude,
		    &reached_before_zero);
		if (reached_before_zero)
			span->clamped |= RANGE_CLAMPED_START;
	} else if (request->start.magnitude > size) {
		span->past_eof = true;
		span->begin = span->end = size;
		return;
	} else {
		span->begin = request->start.magnitude;
	}
	span->end = resolve_stop(request, size, span->begin, &span->clamped);
}

bool
range_fixed_end(const struct range_request *request, uint64_t *end_out)
{
	uint64_t start = request->start.magnitude;
	uint64_t stop = request->stop.magnitude;

	if (request->start.negative || request->stop_kind == RANGE_TO_EOF ||
	    request->stop.negative)
		return false;
	if (request->stop_kind == RANGE_TO_OFFSET)
		*end_out = stop;
	else
		*end_out = stop > UINT64_MAX - start ? UINT64_MAX : start + stop;
	return true;
}

bool
range_end_counts_from_eof(const struct range_request *request)
{
	return request->stop_kind != RANGE_TO_EOF && request->stop.negative;
}

void
range_follow_start(const struct range_request *request, uint64_t size,
    uint64_t *begin, uint64_t *length)
{
	uint64_t start = request->start.magnitude;
	uint64_t stop = request->stop.magnitude;
	bool reached_before_zero;

	*begin = request->start.negative ?
	    count_back(size, start, &reached_before_zero) : start;
	switch (request->stop_kind) {
	case RANGE_BY_LENGTH:
		*length = stop;
		break;
	case RANGE_TO_OFFSET:
		*length = stop > *begin ? stop - *begin : 0;
		break;
	case RANGE_TO_EOF:
	default:
		*length = UINT64_MAX;
		break;
	}
}

static uint64_t
max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

uint64_t
range_tail_needed(const struct range_request *request, bool strict)
{
	uint64_t end;

	if (request->start.negative)
		return request->start.magnitude;
	if (request->stop_kind != RANGE_TO_EOF && request->stop.negative)
		return request->stop.magnitude;
	if (strict && range_fixed_end(request, &end))
		return end > request->start.magnitude ?
		    end - request->start.magnitude : 0;
	return 0;
}

bool
range_plan_one_pass(const struct range_request *ranges, size_t count,
    bool strict, uint64_t *tail)
{
	uint64_t pos = 0, end;
	bool at_eof = false;
	size_t i;

	*tail = 0;
	if (strict && count > 1)
		return false;
	for (i = 0; i < count; i++) {
		const struct range_request *r = &ranges[i];

		*tail = max_u64(*tail, range_tail_needed(r, strict));
		if (r->start.negative) {
			/* All of it lies in the last start.magnitude bytes. */
			at_eof = true;
			continue;
		}
		if (at_eof || r->start.magnitude < pos)
			return false;	/* it needs bytes gone by */
		if (range_fixed_end(r, &end))
			pos = max_u64(r->start.magnitude, end);
		else
			at_eof = true;	/* to EOF, or a negative end */
	}
	return true;
}

void
range_needed_stretch(const struct range_request *ranges, size_t count,
    uint64_t *from, uint64_t *to)
{
	uint64_t end;
	size_t i;

	*from = UINT64_MAX;
	*to = 0;
	for (i = 0; i < count; i++) {
		if (ranges[i].start.negative)
			*from = 0;	/* the end may lie anywhere */
		else if (ranges[i].start.magnitude < *from)
			*from = ranges[i].start.magnitude;
		if (*to != UINT64_MAX)
			*to = range_fixed_end(&ranges[i], &end) ?
			    max_u64(*to, max_u64(end,
			    ranges[i].start.magnitude)) : UINT64_MAX;
	}
	if (*from > *to)
		*from = *to;
}

/* "-N" or "N" for a message, keeping the sign the user wrote. */
static const char *
signed_text(const struct number *n, char *buf, size_t buflen)
{
	(void)snprintf(buf, buflen, "%s%" PRIu64, n->negative ? "-" : "",
	    n->magnitude);
	return buf;
}

bool
range_describe_problem(const struct range_request *request,
    const struct range_span *span, uint64_t size, bool strict,
    char *buf, size_t buflen)
{
	char start[32], stop[32];
	const char *stop_name =
	    request->stop_kind == RANGE_TO_OFFSET ? "end" : "length";

	signed_text(&request->start, start, sizeof start);
	signed_text(&request->stop, stop, sizeof stop);
	if (span->past_eof)
		(void)snprintf(buf, buflen,
		    "offset %s is past end of file (size %" PRIu64 ")",
		    start, size);
	else if (strict && (span->clamped & RANGE_CLAMPED_START))
		(void)snprintf(buf, buflen, "offset %s reaches before start of file "
		    "(size %" PRIu64 ") and --strict is set", start, size);
	else if (strict && (span->clamped & RANGE_CLAMPED_STOP) &&
	    request->stop.negative)
		(void)snprintf(buf, buflen, "%s %s reaches before start of file "
		    "(size %" PRIu64 ") and --strict is set", stop_name, stop,
		    size);
	else if (strict && (span->clamped & RANGE_CLAMPED_STOP))
		(void)snprintf(buf, buflen, "%s %s at offset %s runs past end of "
		    "file (size %" PRIu64 ") and --strict is set", stop_name,
		    stop, start, size);
	else
		return false;
	return true;
}

/*
 * The separator of a range spec: the first ':', else the first '+' that
 * is not the sign of START.  NULL when there is none.
 */
static char *
find_separator(char *spec)
{
	char *colon = strchr(spec, ':');

	if (colon != NULL)
		return colon;
	return strchr(spec[0] == '+' || spec[0] == '-' ? spec + 1 : spec,
	    '+');
}

enum range_spec_status
range_parse_spec(const char *spec, struct range_request *out,
    enum number_status *number_status)
{
	char *copy = strdup(spec), *sep, *start, *stop;
	enum range_spec_status status = RANGE_SPEC_OK;

	if (copy == NULL)
		return RANGE_SPEC_NO_MEMORY;
	*out = range_request_whole();
	*number_status = NUMBER_OK;
	if ((sep = find_separator(copy)) == NULL) {
		free(copy);
		return RANGE_SPEC_NO_SEPARATOR;
	}
	out->stop_kind = *sep == ':' ? RANGE_TO_OFFSET : RANGE_BY_LENGTH;
	*sep = '\0';
	start = copy;
	stop = sep + 1;
	/* Either side of "START:END" may be left out; "START+" may not. */
	if (*start != '\0' || out->stop_kind == RANGE_BY_LENGTH)
		if ((*number_status = number_parse(start, &out->start)) !=
		    NUMBER_OK)
			status = RANGE_SPEC_BAD_START;
	if (status == RANGE_SPEC_OK && out->stop_kind == RANGE_TO_OFFSET &&
	    *stop == '\0')
		out->stop_kind = RANGE_TO_EOF;
	else if (status == RANGE_SPEC_OK &&
	    (*number_status = number_parse(stop, &out->stop)) != NUMBER_OK)
		status = RANGE_SPEC_BAD_STOP;
	free(copy);
	return status;
}
