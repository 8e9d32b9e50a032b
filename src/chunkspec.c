/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chunkspec.c - parse --chunk's "K/N", and find piece K of N from the
 * terminators near its two boundaries.
 *
 * Kept apart from chunks.c, which reads the input, so that the parser
 * and the rule are unit-tested and fuzzed against a model on their own.
 */
#include "config.h"

#include "chunkspec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One of K and N: a number, above zero. */
static enum chunk_spec_status
parse_count(const char *text, uint64_t *out,
    enum number_status *number_status)
{
	struct number x;

	if ((*number_status = number_parse(text, &x)) != NUMBER_OK)
		return CHUNK_SPEC_BAD_NUMBER;
	if (x.negative || x.magnitude == 0)
		return CHUNK_SPEC_NOT_POSITIVE;
	*out = x.magnitude;
	return CHUNK_SPEC_OK;
}

enum chunk_spec_status
chunk_parse_spec(const char *spec, struct chunk_request *out,
    enum number_status *number_status)
{
	const char *slash = strchr(spec, '/');
	enum chunk_spec_status status;
	char *k;

	memset(out, 0, sizeof *out);
	*number_status = NUMBER_OK;
	if (slash == NULL)
		return CHUNK_SPEC_NO_SLASH;
	if ((k = strndup(spec, (size_t)(slash - spec))) == NULL) {
		*number_status = NUMBER_INVALID;
		return CHUNK_SPEC_BAD_NUMBER;
	}
	status = parse_count(k, &out->k, number_status);
	free(k);
	if (status == CHUNK_SPEC_OK)
		status = parse_count(slash + 1, &out->n, number_status);
	if (status == CHUNK_SPEC_OK && out->k > out->n)
		status = CHUNK_SPEC_K_PAST_N;
	return status;
}

uint64_t
chunk_nominal_start(const struct chunk_request *r, uint64_t size,
    uint64_t j)
{
	/* split's rule: an input smaller than n is taken as n bytes long. */
	uint64_t piece = (size > r->n ? size : r->n) / r->n;

	/* j * piece <= max(size, n): no overflow. */
	return j >= r->n ? size : j * piece;
}

/*
 * Where the first line starting at or after nominal boundary b begins,
 * b in (0, size): just past the first terminator at or after b - 1 (a
 * terminator at b - 1 ends the line before b), looked for in
 * [b - 1, limit).  *found: there is one there.
 */
static int
line_start_from(uint64_t b, uint64_t limit, chunk_seek_fn seek, void *ctx,
    uint64_t *start, bool *found)
{
	uint64_t at;
	int err;

	if ((err = seek(ctx, b - 1, limit, &at)) != 0)
		return err;
	*found = at < limit;
	*start = *found ? at + 1 : limit;
	return 0;
}

int
chunk_locate(const struct chunk_request *r, uint64_t size,
    chunk_seek_fn seek, void *ctx, struct range_span *piece)
{
	uint64_t lo = chunk_nominal_start(r, size, r->k - 1);
	uint64_t hi = chunk_nominal_start(r, size, r->k);
	uint64_t stop = hi < size ? hi : size;
	bool found;
	int err;

	memset(piece, 0, sizeof *piece);
	piece->begin = piece->end = lo < size ? lo : size;
	if (lo >= size)
		return 0;	/* an input smaller than n: past its end */
	/*
	 * The first line starts past the terminator at or after lo - 1;
	 * with none before stop - 1, a line from an earlier piece covers
	 * this one (a terminator at stop - 1 starts a line at stop, in the
	 * next piece).  lo < stop: every piece has a byte.
	 */
	if (lo > 0) {
		if ((err = line_start_from(lo, stop - 1, seek, ctx,
		    &piece->begin, &found)) != 0)
			return err;
		if (!found) {
			piece->begin = lo;
			return 0;
		}
	}
	if (stop == size) {	/* the last piece, or the input ends in it */
		piece->end = size;
		return 0;
	}
	return line_start_from(stop, size, seek, ctx, &piece->end, &found);
}
