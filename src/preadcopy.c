/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * preadcopy.c - positioned reads, block by block, with the size checked
 * before each block as the mapping engine checks it before each window.
 */
#include "config.h"

#include "preadcopy.h"

#include <errno.h>
#include <unistd.h>

#include "buffers.h"

enum engine_answer
preadcopy_run(struct transfer *t)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	uint64_t from;
	size_t want;
	ssize_t n;
	bool going;

	while (t->pos < t->end) {
		if (!transfer_clip(t))
			return ENGINE_STOPPED;
		if (t->pos >= t->end)
			break;
		want = t->end - t->pos < MMCAT_READ_BYTES ?
		    (size_t)(t->end - t->pos) : MMCAT_READ_BYTES;
		n = pread(t->src->fd, buffer, want,
		    (off_t)(t->src->origin + t->pos));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* n == 0: the file ends before the size it just had. */
			(void)transfer_stop(t, n < 0 ? TRANSFER_INPUT_ERROR :
			    TRANSFER_SHRANK, n < 0 ? errno : 0);
			return ENGINE_STOPPED;
		}
		from = t->pos;
		going = transfer_deliver(t, t->pos, buffer, (size_t)n, false);
		t->report->by_pread += t->pos - from;
		if (!going)
			return ENGINE_STOPPED;
	}
	return ENGINE_DONE;
}
