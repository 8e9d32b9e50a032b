/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chunks.c - look for the terminators that bound a --chunk piece.
 *
 * chunk_locate (chunkspec.c) asks for the first terminator after a
 * place, at most twice; each look walks the file from there in blocks,
 * small at first (the terminator is most often a line away) and twice
 * as large each time up to the mapping window, and stops at the first
 * terminator.  Blocks are mapped, or read with pread where that is
 * cheaper (a page or less) or a mapping is refused, and every read of
 * the mapping runs under busguard: a file shrinking under it is a
 * result, not a SIGBUS.
 */
#include "config.h"

#include "chunks.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "view.h"

/* One look, packaged for busguard_call. */
struct look {
	const struct source *src;
	size_t window;		/* the most a block may map */
	unsigned char terminator;
	uint64_t from, limit;	/* look in [from, limit) */
	uint64_t at;		/* the terminator found, or limit */
	struct view block;	/* the block being looked at, for cleanup */
	bool by_pread;		/* a mapping was refused: read from then on */
	bool cut_short;		/* a fault or an early end stopped it */
	int err;		/* or reading failed */
};

/*
 * View [pos, pos + *len): mapped, or read when it is a page or less or
 * once a mapping was refused, then at most MMCAT_READ_BYTES (*len says
 * how much).  0, or an errno; a file that ended before the end of the
 * block sets cut_short.
 */
static int
view_block(struct look *lk, uint64_t pos, size_t *len)
{
	bool ended_early;
	int err;

	if (!lk->by_pread && *len > view_page_size()) {
		if (view_map(lk->src, pos, *len, &lk->block) == 0)
			return 0;
		lk->by_pread = true;
	}
	if (*len > MMCAT_READ_BYTES)
		*len = MMCAT_READ_BYTES;
	err = view_read(lk->src, pos, *len, &lk->block, &ended_early);
	lk->cut_short |= ended_early;
	return err;
}

static int
run_look(void *arg)
{
	struct look *lk = arg;
	uint64_t cursor = lk->from;
	size_t len, step = MMCAT_FIRST_SCAN_BYTES < lk->window ?
	    MMCAT_FIRST_SCAN_BYTES : lk->window;
	const unsigned char *hit;
	int err;

	lk->at = lk->limit;
	while (cursor < lk->limit) {
		len = lk->limit - cursor > step ? step :
		    (size_t)(lk->limit - cursor);
		if ((err = view_block(lk, cursor, &len)) != 0 || lk->cut_short)
			return err;
		hit = memchr(lk->block.bytes, lk->terminator, len);
		if (hit != NULL)
			lk->at = cursor + (uint64_t)(hit - lk->block.bytes);
		view_close(&lk->block);
		if (hit != NULL)
			return 0;
		cursor += len;
		if (step <= lk->window / 2)
			step *= 2;
	}
	return 0;
}

/* chunk_seek_fn over the source: 0, or 1 with lk->err or cut_short. */
static int
seek_source(void *ctx, uint64_t from, uint64_t limit, uint64_t *at)
{
	struct look *lk = ctx;
	int result;

	lk->from = from;
	lk->limit = limit;
	lk->block.base = NULL;
	lk->block.heap = NULL;
	result = busguard_call(run_look, lk);
	view_close(&lk->block);
	if (result == BUSGUARD_FAULTED)
		lk->cut_short = true;
	else
		lk->err = result;
	if (lk->err != 0 || lk->cut_short)
		return 1;
	*at = lk->at;
	return 0;
}

enum chunks_result
chunks_find(const struct source *src, const struct chunk_request *r,
    unsigned char terminator, size_t window, struct range_span *piece,
    int *err)
{
	struct look lk = { .src = src, .window = window,
	    .terminator = terminator };
	uint64_t size, now;

	memset(piece, 0, sizeof *piece);
	if ((*err = source_current_size(src, &size)) != 0)
		return CHUNKS_INPUT_ERROR;
	if (chunk_locate(r, size, seek_source, &lk, piece) == 0)
		return CHUNKS_FOUND;
	if (!lk.cut_short) {
		*err = lk.err;
		return CHUNKS_INPUT_ERROR;
	}
	/* Cut short: did the file shrink, or fail to be read? */
	if ((*err = source_current_size(src, &now)) != 0)
		return CHUNKS_INPUT_ERROR;
	if (now < size)
		return CHUNKS_SHRANK;
	*err = EIO;
	return CHUNKS_INPUT_ERROR;
}
