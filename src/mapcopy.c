/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mapcopy.c - the windowed mmap engine.
 *
 * Each window is mapped from a page-aligned file offset, handed to the
 * flow, and unmapped before the next, so memory stays bounded
 * whatever the span's size.  Before each window the file's size is read
 * again: bytes past the size last seen are never given out.  Faults
 * while the mapping is read (EFAULT from the kernel, SIGBUS in a
 * formatter) are the flow's to tell apart.
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
prefault_window(const struct flow *f, const struct view *map)
{
#if defined(HAVE_MADVISE) && HAVE_DECL_MADV_POPULATE_READ
	if (!f->out->splice_pages && f->out->is_regular_file)
		(void)madvise(map->base, map->length, MADV_POPULATE_READ);
#else
	(void)f;
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
advise_window(const struct flow *f, const struct view *map,
    uint64_t next_pos, uint64_t next_len)
{
	prefault_window(f, map);
	read_ahead(f->src->fd, f->src->origin + next_pos, next_len);
}

/* Map [f->pos, stop), give it out, unmap it. */
static enum engine_answer
copy_window(struct flow *f, uint64_t stop)
{
	struct flow_report *r = f->report;
	size_t len = (size_t)(stop - f->pos);
	uint64_t from = f->pos, ahead = f->end - stop;
	struct view map;
	bool going;
	int err;

	if ((err = view_map(f->src, f->pos, len, &map)) != 0) {
		r->map_error = err;
		return ENGINE_DECLINED;
	}
	if (r->windows++ == 0) {
		r->first_offset = f->src->origin + f->pos;
		r->first_aligned = map.aligned;
	}
	r->mapped += map.length;
	advise_window(f, &map, stop, ahead < f->window ? ahead : f->window);
	going = flow_deliver(f, f->pos, map.bytes, len, true);
	view_close(&map);
	r->by_mapping += f->pos - from;
	return going ? ENGINE_DONE : ENGINE_STOPPED;
}

static enum engine_answer
copy_windows(struct flow *f)
{
	enum engine_answer answer;
	uint64_t stop, absolute, data_end;

	while (f->pos < f->end) {
		if (!flow_clip(f) || !flow_pass_hole(f, &data_end))
			return ENGINE_STOPPED;
		if (f->pos >= f->end)
			break;
		/* End each window on a window boundary of the file. */
		absolute = f->src->origin + f->pos;
		stop = f->pos + (f->window - absolute % f->window);
		if (stop > data_end)
			stop = data_end;
		if ((answer = copy_window(f, stop)) != ENGINE_DONE)
			return answer;
	}
	return ENGINE_DONE;
}

enum engine_answer
mapcopy_run(struct flow *f)
{
	uint64_t spliced = f->out->spliced, copied = f->out->copied;
	enum engine_answer answer = copy_windows(f);

	/* Counted afterwards: vmsplice may have fallen back to write(2). */
	f->report->spliced += f->out->spliced - spliced;
	f->report->copied += f->out->copied - copied;
	return answer;
}
