/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chunks.h - find the bytes of --chunk=K/N in a mappable input.
 *
 * Piece K of N line-aligned pieces, byte for byte what `split -n l/K/N`
 * prints; the rule is chunkspec.h's, the looking for terminators near
 * the piece's two boundaries is here: small blocks of the mapping (or
 * pread where mapping is refused), never a scan of the input.
 */
#ifndef MMCAT_CHUNKS_H
#define MMCAT_CHUNKS_H

#include <stddef.h>

#include "chunkspec.h"
#include "range.h"
#include "source.h"

enum chunks_result {
	CHUNKS_FOUND,
	CHUNKS_SHRANK,		/* the file shrank while it was looked at */
	CHUNKS_INPUT_ERROR	/* reading failed: *err says why */
};

/*
 * Find piece r in src, lines ending with terminator, into *piece; window
 * is the most a block may map.
 */
enum chunks_result chunks_find(const struct source *src,
    const struct chunk_request *r, unsigned char terminator, size_t window,
    struct range_span *piece, int *err);

#endif
