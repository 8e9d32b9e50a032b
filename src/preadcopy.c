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
preadcopy_run(struct flow *f)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	uint64_t from, data_end;
	size_t want;
	ssize_t n;
	bool going;

	while (f->pos < f->end) {
		if (!flow_clip(f) || !flow_pass_hole(f, &data_end))
			return ENGINE_STOPPED;
		if (f->pos >= f->end)
			break;
		want = data_end - f->pos < MMCAT_READ_BYTES ?
		    (size_t)(data_end - f->pos) : MMCAT_READ_BYTES;
		n = pread(f->src->fd, buffer, want,
		    (off_t)(f->src->origin + f->pos));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* n == 0: the file ends before the size it just had. */
			(void)flow_stop(f, n < 0 ? FLOW_INPUT_ERROR :
			    FLOW_SHRANK, n < 0 ? errno : 0);
			return ENGINE_STOPPED;
		}
		from = f->pos;
		going = flow_deliver(f, f->pos, buffer, (size_t)n, false);
		f->report->by_pread += f->pos - from;
		if (!going)
			return ENGINE_STOPPED;
	}
	return ENGINE_DONE;
}
