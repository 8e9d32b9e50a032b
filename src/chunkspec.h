/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chunkspec.h - parse the K/N of --chunk, and the rule of which bytes
 * piece K of N is.
 *
 * The rule is what `split -n l/K/N` prints: the input is cut into N
 * nominal pieces of size / N bytes (size is taken as N when the input is
 * smaller, so that a piece is never of zero bytes), the last piece taking
 * what the division leaves; a line belongs to the piece in which its
 * first byte lies.  Where a piece's lines start and end is found by
 * looking for the first terminator at or after two places, the byte
 * before the piece's nominal start and the byte before its nominal end:
 * a few small reads near each boundary, never a scan of the input.
 * Pure: the looking is the caller's (a seek function), no I/O, no exit.
 */
#ifndef MMCAT_CHUNKSPEC_H
#define MMCAT_CHUNKSPEC_H

#include <stdint.h>

#include "number.h"
#include "range.h"

struct chunk_request {
	uint64_t k;		/* the piece: 1 <= k <= n */
	uint64_t n;		/* of how many */
};

enum chunk_spec_status {
	CHUNK_SPEC_OK = 0,
	CHUNK_SPEC_NO_SLASH,	/* not of the form K/N */
	CHUNK_SPEC_BAD_NUMBER,	/* *number_status says why */
	CHUNK_SPEC_NOT_POSITIVE, /* K or N is zero or negative */
	CHUNK_SPEC_K_PAST_N	/* K > N */
};

/*
 * Parse "K/N" into *out; K and N are numbers of number_parse.  On
 * CHUNK_SPEC_BAD_NUMBER, *number_status tells why; on any other status
 * it is NUMBER_OK.  *out is meaningful only on CHUNK_SPEC_OK.
 */
enum chunk_spec_status chunk_parse_spec(const char *spec,
    struct chunk_request *out, enum number_status *number_status);

/*
 * Where nominal piece j + 1 begins (0 <= j <= n): j times
 * max(size, n) / n, and size itself for j = n.  It may lie past size
 * when the input is smaller than n bytes.
 */
uint64_t chunk_nominal_start(const struct chunk_request *r, uint64_t size,
    uint64_t j);

/*
 * What the caller looks with: the first terminator in [from, limit) of
 * the input, *at its position, or limit when there is none.  Returns 0,
 * or a nonzero code of the caller's (a read failed) that chunk_locate
 * hands back.
 */
typedef int (*chunk_seek_fn)(void *ctx, uint64_t from, uint64_t limit,
    uint64_t *at);

/*
 * The bytes of piece r->k in an input of size bytes, as piece->begin
 * and piece->end (the other fields are zero).  An empty piece (a line
 * that starts before it runs past its end, or an input smaller than n)
 * is given at its nominal start, or at size when that lies past it.
 * seek is called at most twice: once over the piece's nominal bytes,
 * from the one before them, to find where its first line starts, once
 * from the byte before its nominal end to find where its last line
 * ends.  Returns 0, or what seek returned when it failed.
 */
int chunk_locate(const struct chunk_request *r, uint64_t size,
    chunk_seek_fn seek, void *ctx, struct range_span *piece);

#endif
