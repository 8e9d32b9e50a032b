/*
 * mapcopy.c - the windowed mmap engine.
 *
 * Each window is mapped from a page-aligned file offset, handed to the
 * sink, and unmapped before the next, so memory stays bounded whatever the
 * span's size.  Before each window the file's size is read again: bytes
 * past the size last seen are never printed, and a shrink is reported.
 * The raw sink lets the kernel read the mapping (write(2), vmsplice(2)),
 * which returns EFAULT when pages vanish; sinks that read it themselves run
 * under busguard, which turns the SIGBUS into the same EFAULT.
 */
#include "config.h"

#include "mapcopy.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "busguard.h"
#include "output.h"
#include "progress.h"

/* How much is given to the sink between progress updates. */
#define PROGRESS_PIECE ((size_t)1 << 20)

size_t
mapcopy_page_size(void)
{
	static size_t page_size;
	long n;

	if (page_size == 0) {
		n = sysconf(_SC_PAGESIZE);
		page_size = n > 0 ? (size_t)n : 4096;
	}
	return page_size;
}

size_t
mapcopy_round_window(uint64_t requested)
{
	size_t page = mapcopy_page_size();
	uint64_t max_window = (uint64_t)SIZE_MAX / 2 - page;

	if (requested < page)
		return page;
	if (requested > max_window)
		requested = max_window;
	return (size_t)((requested + page - 1) / page * page);
}

/*
 * Shorten *end to the file's current size.  Returns 0, or an errno;
 * *shrank is set when the span no longer fits.
 */
static int
clip_to_current_size(const struct source *src, uint64_t *end, bool *shrank)
{
	uint64_t size;
	int err;

	if ((err = source_current_size(src, &size)) != 0)
		return err;
	if (size < *end) {
		*end = size;
		*shrank = true;
	}
	return 0;
}

/*
 * Tell the kernel how this window will be used.  write(2) into a file
 * copies page by page, so prefaulting the whole window first saves a fault
 * per page; vmsplice takes its own references and gains nothing from it.
 * The next window is read ahead while this one is written out.
 */
static void
advise_window(const struct source *src, const struct mapping *map,
    uint64_t next_pos, uint64_t next_len)
{
#ifdef MADV_POPULATE_READ
	if (output_mapped_method() == OUTPUT_WRITE && output_is_regular_file())
		(void)madvise(map->base, map->length, MADV_POPULATE_READ);
#else
	(void)map;
#endif
	if (next_len > 0)
		(void)posix_fadvise(src->fd, (off_t)(src->origin + next_pos),
		    (off_t)next_len, POSIX_FADV_WILLNEED);
}

int
mapcopy_map(const struct source *src, uint64_t pos, size_t len,
    struct mapping *map)
{
	uint64_t absolute = src->origin + pos;
	uint64_t aligned = absolute - absolute % mapcopy_page_size();
	size_t lead = (size_t)(absolute - aligned);

	map->bytes = NULL;
	map->heap = NULL;
	map->aligned = aligned;
	map->length = lead + len;
	map->base = mmap(NULL, map->length, PROT_READ, MAP_PRIVATE, src->fd,
	    (off_t)aligned);
	if (map->base == MAP_FAILED) {
		map->base = NULL;
		return errno != 0 ? errno : ENOMEM;
	}
	map->bytes = (const unsigned char *)map->base + lead;
	return 0;
}

/* Fill buf with len bytes from pos, as a window that could not be mapped. */
static int
read_window(const struct source *src, uint64_t pos, unsigned char *buf,
    size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(src->fd, buf + done, len - done,
		    (off_t)(src->origin + pos + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EFAULT;	/* the file ends early: it shrank */
		done += (size_t)n;
	}
	return 0;
}

int
mapcopy_view(const struct source *src, uint64_t pos, size_t len,
    struct mapping *map)
{
	int err;

	if (mapcopy_map(src, pos, len, map) == 0)
		return 0;
	map->heap = malloc(len > 0 ? len : 1);
	if (map->heap == NULL)
		return ENOMEM;
	if ((err = read_window(src, pos, map->heap, len)) != 0) {
		mapcopy_unmap(map);
		return err;
	}
	map->bytes = map->heap;
	map->length = len;
	return 0;
}

void
mapcopy_unmap(struct mapping *map)
{
	if (map->base != NULL)
		munmap(map->base, map->length);
	free(map->heap);
	map->base = NULL;
	map->heap = NULL;
}

/* One piece of a window for a sink, packaged for busguard_call. */
struct put_call {
	struct sink *sink;
	const unsigned char *bytes;
	size_t len;
	uint64_t offset;
	size_t taken;
};

static int
put_piece(void *arg)
{
	struct put_call *call = arg;

	return call->sink->put(call->sink, call->bytes, call->len,
	    call->offset, true, &call->taken);
}

/*
 * Give the sink a whole window, or with a progress line, the window in
 * pieces of PROGRESS_PIECE so that the line moves even on a slow pipe.
 */
static int
put_window(struct put_call *window)
{
	struct put_call piece = *window;
	size_t done = 0;
	int err = 0;

	window->taken = 0;
	while (err == 0 && done < window->len) {
		piece.bytes = window->bytes + done;
		piece.offset = window->offset + done;
		piece.len = window->len - done;
		if (progress_enabled() && piece.len > PROGRESS_PIECE)
			piece.len = PROGRESS_PIECE;
		piece.taken = 0;
		err = window->sink->reads_bytes ?
		    busguard_call(put_piece, &piece) : put_piece(&piece);
		done += piece.taken;
		window->taken = done;
		progress_advance(piece.taken);
		if (err == 0 && piece.taken < piece.len)
			err = EIO;	/* a sink that stops short says why */
	}
	return err;
}

/*
 * Map one window holding [pos, stop), give it to the sink, unmap it; the
 * span goes on to end, so the next window is read ahead meanwhile.
 */
static enum copy_result
copy_window(const struct source *src, uint64_t pos, uint64_t stop,
    uint64_t end, struct sink *sink, struct map_stats *stats,
    uint64_t *copied_to, int *err)
{
	struct put_call call = { sink, NULL, (size_t)(stop - pos), pos, 0 };
	struct mapping map;

	if ((*err = mapcopy_map(src, pos, call.len, &map)) != 0)
		return COPY_CANNOT_MAP;
	if (stats->windows++ == 0)
		stats->aligned_begin = map.aligned;
	stats->mapped += map.length;
	advise_window(src, &map, stop, end - stop < stats->window ?
	    end - stop : stats->window);

	call.bytes = map.bytes;
	*err = put_window(&call);
	mapcopy_unmap(&map);
	*copied_to = pos + call.taken;
	if (*err == EFAULT) {
		/* Pages vanished under us: keep what is known good. */
		*err = sink->salvage(sink);
		return *err != 0 && *err != EFAULT ? COPY_OUTPUT_ERROR :
		    COPY_SHRANK;
	}
	return *err != 0 ? COPY_OUTPUT_ERROR : COPY_DONE;
}

static enum copy_result
copy_windows(const struct source *src, uint64_t begin, uint64_t end,
    size_t window, struct sink *sink, struct map_stats *stats,
    uint64_t *copied_to, int *err)
{
	enum copy_result result;
	uint64_t pos = begin, stop, absolute;
	bool shrank = false;

	while (pos < end) {
		if ((*err = clip_to_current_size(src, &end, &shrank)) != 0)
			return COPY_INPUT_ERROR;
		if (pos >= end)
			break;
		/* End each window on a window boundary of the file. */
		absolute = src->origin + pos;
		stop = pos + (window - absolute % window);
		if (stop > end)
			stop = end;
		result = copy_window(src, pos, stop, end, sink, stats,
		    copied_to, err);
		if (result != COPY_DONE)
			return result;
		pos = stop;
	}
	return shrank ? COPY_SHRANK : COPY_DONE;
}

enum copy_result
mapcopy_span(const struct source *src, uint64_t begin, uint64_t end,
    size_t window, struct sink *sink, struct map_stats *stats,
    uint64_t *copied_to, int *err)
{
	enum copy_result result;

	stats->page_size = mapcopy_page_size();
	stats->window = window;
	*copied_to = begin;
	*err = 0;
	result = copy_windows(src, begin, end, window, sink, stats, copied_to,
	    err);
	/* Named afterwards: vmsplice may have fallen back to write(2). */
	stats->method = output_mapped_method();
	return result;
}
