/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapcopy.c - the windowed mmap engine.
 *
 * Each window is mapped from a page-aligned file offset, handed to the
 * transfer, and unmapped before the next, so memory stays bounded
 * whatever the span's size.  Before each window the file's size is read
 * again: bytes past the size last seen are never given out.  Faults
 * while the mapping is read (EFAULT from the kernel, SIGBUS in a
 * formatter) are the transfer's to tell apart.
 */
#include "config.h"

#include "mapcopy.h"

#include <fcntl.h>
#include <sys/mman.h>

#include "view.h"

/*
 * Fault the whole window in with one call (Linux 5.14's
 * MADV_POPULATE_READ): write(2) into a file copies page by page, so this
 * saves a fault per page; vmsplice takes its own references and gains
 * nothing from it.  Elsewhere the pages fault in one by one as they are
 * written: slower, the same bytes.
 */
static void
prefault_window(const struct transfer *t, const struct view *map)
{
#if defined(HAVE_MADVISE) && HAVE_DECL_MADV_POPULATE_READ
	if (!t->out->splice_pages && t->out->is_regular_file)
		(void)madvise(map->base, map->length, MADV_POPULATE_READ);
#else
	(void)t;
	(void)map;
#endif
}

/* Have the next window read ahead; advice only, so none where absent. */
static void
read_ahead(int fd, uint64_t at, uint64_t len)
{
#ifdef HAVE_POSIX_FADVISE
	if (len > 0)
		(void)posix_fadvise(fd, (off_t)at, (off_t)len,
		    POSIX_FADV_WILLNEED);
#else
	(void)fd;
	(void)at;
	(void)len;
#endif
}

/* Tell the kernel how this window, and the one after it, will be used. */
static void
advise_window(const struct transfer *t, const struct view *map,
    uint64_t next_pos, uint64_t next_len)
{
	prefault_window(t, map);
	read_ahead(t->src->fd, t->src->origin + next_pos, next_len);
}

/* Map [t->pos, stop), give it out, unmap it. */
static enum engine_answer
copy_window(struct transfer *t, uint64_t stop)
{
	struct transfer_report *r = t->report;
	size_t len = (size_t)(stop - t->pos);
	uint64_t from = t->pos, ahead = t->end - stop;
	struct view map;
	bool going;
	int err;

	if ((err = view_map(t->src, t->pos, len, &map)) != 0) {
		r->map_error = err;
		return ENGINE_DECLINED;
	}
	if (r->windows++ == 0) {
		r->first_offset = t->src->origin + t->pos;
		r->first_aligned = map.aligned;
	}
	r->mapped += map.length;
	advise_window(t, &map, stop, ahead < t->window ? ahead : t->window);
	going = transfer_deliver(t, t->pos, map.bytes, len, true);
	view_close(&map);
	r->by_mapping += t->pos - from;
	return going ? ENGINE_DONE : ENGINE_STOPPED;
}

static enum engine_answer
copy_windows(struct transfer *t)
{
	enum engine_answer answer;
	uint64_t stop, absolute;

	while (t->pos < t->end) {
		if (!transfer_clip(t))
			return ENGINE_STOPPED;
		if (t->pos >= t->end)
			break;
		/* End each window on a window boundary of the file. */
		absolute = t->src->origin + t->pos;
		stop = t->pos + (t->window - absolute % t->window);
		if (stop > t->end)
			stop = t->end;
		if ((answer = copy_window(t, stop)) != ENGINE_DONE)
			return answer;
	}
	return ENGINE_DONE;
}

enum engine_answer
mapcopy_run(struct transfer *t)
{
	uint64_t spliced = t->out->spliced, copied = t->out->copied;
	enum engine_answer answer = copy_windows(t);

	/* Counted afterwards: vmsplice may have fallen back to write(2). */
	t->report->spliced += t->out->spliced - spliced;
	t->report->copied += t->out->copied - copied;
	return answer;
}
