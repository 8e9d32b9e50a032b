/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lines.c - find the bytes of a line-range spec in a mapping.
 *
 * Lines are found by counting newlines (newline.c; under -z, the NULs
 * that end records) over bounded blocks, small at first and growing,
 * forwards from the start for positive line numbers and backwards from
 * the end for "-K:" (what tail -n K prints), so neither reads more of
 * the file than it must.  Mixed negative specs count the lines once.
 * Every scan of the mapping runs under busguard: a file shrinking under
 * it is an error, not a SIGBUS.  Where a mapping is refused (a file
 * system that will not map, an address-space limit), blocks are read
 * with pread instead, of a bounded size.
 */
#include "config.h"

#include "lines.h"

#include <errno.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "newline.h"
#include "view.h"

/* A scan over the mapping, packaged for busguard_call. */
struct scan {
	const struct source *src;
	size_t window;		/* the most a block may map: the mapping window */
	uint64_t size;
	unsigned char terminator;	/* the byte that ends a line */
	bool backward;
	uint64_t from;		/* forward: first byte; backward: end (excl.) */
	uint64_t count;		/* newlines wanted */
	uint64_t found;		/* newlines found */
	uint64_t pos;		/* just past the count-th newline, or the edge */
	struct view map;	/* the block being scanned, for cleanup */
	bool by_pread;		/* a mapping was refused: read from then on */
	bool cut_short;		/* a fault or an early end stopped it */
	int err;		/* or reading failed */
};

/*
 * Count newlines in one block, a vector at a time (newline.c); true when
 * the count is reached, sc->pos then just past the newline that did it.
 */
static bool
scan_block(struct scan *sc, const unsigned char *bytes, size_t len,
    uint64_t at)
{
	uint64_t want = sc->count - sc->found, got;
	size_t pos;
	bool hit = sc->backward ?
	    newline_rfind_byte(bytes, len, sc->terminator, want, &pos, &got) :
	    newline_find_byte(bytes, len, sc->terminator, want, &pos, &got);

	sc->found += got;
	if (hit)
		sc->pos = at + pos;
	return hit;
}

/*
 * Map [pos, pos + len) into sc->map; false when it is to be read
 * instead: a page or less (one pread against an mmap, a page fault and
 * an munmap: 0.7 us against 8 us here), or once a mapping was refused.
 * (Not prefaulted: with the kernel's fault-around, MADV_POPULATE_READ
 * made a scan of a hot 128 MiB log slower here, 18.5 ms against 14.5 ms.)
 */
static bool
map_block(struct scan *sc, uint64_t pos, size_t len)
{
	if (sc->by_pread || len <= view_page_size())
		return false;
	if (view_map(sc->src, pos, len, &sc->map) == 0)
		return true;
	sc->by_pread = true;
	return false;
}

/*
 * Read [pos, pos + len) into sc->map: 0 or an errno.  A file that ends
 * early sets sc->cut_short, and the scan stops there.
 */
static int
read_block(struct scan *sc, uint64_t pos, size_t len)
{
	bool ended_early;
	int err = view_read(sc->src, pos, len, &sc->map, &ended_early);

	sc->cut_short |= ended_early;
	return err;
}

/*
 * The first block a scan views is small, since many scans stop within a
 * few lines (-L 1, -L -100:) and a block costs what it maps; each next
 * one is twice as large, up to the mapping window.  Blocks that are
 * read rather than mapped are at most MMCAT_READ_BYTES: a buffer of a
 * whole mapping window could be refused as the mapping was.
 */
static int
run_scan(void *arg)
{
	struct scan *sc = arg;
	uint64_t lo, hi, cursor = sc->from;
	size_t len, step = MMCAT_FIRST_SCAN_BYTES < sc->window ?
	    MMCAT_FIRST_SCAN_BYTES : sc->window;
	int err;

	sc->found = 0;
	sc->pos = sc->backward ? 0 : sc->size;
	while (sc->count > 0 && (sc->backward ? cursor > 0 :
	    cursor < sc->size)) {
		if (sc->by_pread && step > MMCAT_READ_BYTES)
			step = MMCAT_READ_BYTES;
		lo = !sc->backward ? cursor : cursor > step ? cursor - step : 0;
		hi = sc->backward ? cursor : sc->size - cursor > step ?
		    cursor + step : sc->size;
		len = (size_t)(hi - lo);
		if (!map_block(sc, lo, len)) {
			if (sc->by_pread && len > MMCAT_READ_BYTES)
				continue;	/* refused: again, in blocks */
			if ((err = read_block(sc, lo, len)) != 0 ||
			    sc->cut_short)
				return err;
		}
		if (scan_block(sc, sc->map.bytes, len, lo)) {
			view_close(&sc->map);
			return 0;
		}
		view_close(&sc->map);
		cursor = sc->backward ? lo : hi;
		if (step <= sc->window / 2)
			step *= 2;
	}
	return 0;
}

/*
 * Run fn over sc under busguard; a fault leaves a block mapped, unmap it
 * here.  False when it stopped: sc->err, or sc->cut_short.
 */
static bool
guarded(struct scan *sc, int (*fn)(void *))
{
	int result;

	sc->map.base = NULL;
	sc->map.heap = NULL;
	result = busguard_call(fn, sc);
	view_close(&sc->map);
	if (result == BUSGUARD_FAULTED)
		sc->cut_short = true;
	else
		sc->err = result;
	return sc->err == 0 && !sc->cut_short;
}

/* Count sc->count newlines from from; false when the scan stopped. */
static bool
scan(struct scan *sc, bool backward, uint64_t from, uint64_t count)
{
	sc->backward = backward;
	sc->from = from;
	sc->count = count;
	return guarded(sc, run_scan);
}

static int
read_last_byte(void *arg)
{
	struct scan *sc = arg;
	int err;

	if ((err = read_block(sc, sc->size - 1, 1)) != 0 || sc->cut_short)
		return err;
	sc->found = sc->map.bytes[0] == sc->terminator;
	view_close(&sc->map);
	return 0;
}

/*
 * *unterminated: the file's last byte is not a newline, so its last line
 * has none.  False when the read stopped (sc->err, sc->cut_short).
 */
static bool
ends_unterminated(struct scan *sc, bool *unterminated)
{
	*unterminated = false;
	if (sc->size == 0)
		return true;
	if (!guarded(sc, read_last_byte))
		return false;
	*unterminated = sc->found == 0;
	return true;
}

/* Lines in the file: newlines, plus a last line without one. */
static bool
count_lines(struct scan *sc, uint64_t *lines)
{
	bool unterminated;

	if (!ends_unterminated(sc, &unterminated) ||
	    !scan(sc, false, 0, UINT64_MAX))
		return false;
	*lines = sc->found + (unterminated ? 1 : 0);
	return true;
}

/*
 * The byte where the k-th line from the end starts (k >= 1); *clamped
 * when the file has fewer than k lines (the start is then byte 0, and
 * the scan found one newline fewer than the file has lines).
 */
static bool
start_of_line_from_end(struct scan *sc, uint64_t k, uint64_t *start,
    bool *clamped)
{
	bool unterminated;
	uint64_t upto;

	if (!ends_unterminated(sc, &unterminated))
		return false;
	/* A final newline ends the last line; it does not start one. */
	upto = sc->size - (sc->size > 0 && !unterminated ? 1 : 0);
	if (!scan(sc, true, upto, k))
		return false;
	*start = sc->pos;
	*clamped = sc->found < k && sc->found + (sc->size > 0 ? 1 : 0) < k;
	return true;
}

/*
 * From byte begin, the end of the n-th line (n >= 1): just past its
 * newline, or EOF.  *short_by tells how many of the n lines were missing.
 */
static bool
end_after_lines(struct scan *sc, uint64_t begin, uint64_t n, uint64_t *end,
    uint64_t *short_by)
{
	bool unterminated;
	uint64_t seen;

	if (!scan(sc, false, begin, n))
		return false;
	*end = sc->pos;
	seen = sc->found;
	if (seen < n) {
		if (!ends_unterminated(sc, &unterminated))
			return false;
		if (unterminated && begin < sc->size)
			seen++;
	}
	*short_by = n - seen;
	return true;
}

/*
 * The span of n lines from byte begin (n = 0: to the end), clamped when
 * the file has fewer.
 */
static bool
take_lines(struct scan *sc, uint64_t begin, uint64_t n,
    struct lines_span *span)
{
	uint64_t end = sc->size, short_by = 0;

	if (n > 0 && !end_after_lines(sc, begin, n, &end, &short_by))
		return false;
	span->clamped = short_by > 0;
	span->bytes.begin = begin;
	span->bytes.end = end;
	return true;
}

/*
 * Lines first..last, both counted from 1 (last may be UINT64_MAX: to
 * the end; last < first means first, as sed has it).
 */
static bool
find_absolute(struct scan *sc, uint64_t first, uint64_t last,
    struct lines_span *span)
{
	uint64_t begin = 0;

	if (last < first)
		last = first;
	if (first > 1) {
		if (!scan(sc, false, 0, first - 1))
			return false;
		if (sc->found < first - 1) {
			span->past_last = true;
			return true;
		}
		begin = sc->pos;
	}
	if (begin >= sc->size) {
		span->past_last = true;
		return true;
	}
	return take_lines(sc, begin, last == UINT64_MAX ? 0 :
	    last - first + 1, span);
}

/* With the lines counted: what lines_resolve says the spec selects. */
static bool
find_counted(struct scan *sc, const struct lines_request *request,
    uint64_t lines, struct lines_span *span)
{
	struct lines_interval iv = lines_resolve(request, lines);

	span->line_count = lines;
	if (iv.first > iv.last)
		span->past_last = true;	/* nothing selected */
	else if (!find_absolute(sc, iv.first, iv.last, span))
		return false;
	span->clamped |= iv.asks_beyond;
	return true;
}

/*
 * "-K", "-K:" and "-K:+J": found from the end, without counting lines,
 * unless the file has fewer than K (the scan back then counted them).
 */
static bool
find_from_end(struct scan *sc, const struct lines_request *request,
    struct lines_span *span)
{
	uint64_t begin;
	bool clamped;

	if (!start_of_line_from_end(sc, request->first.magnitude, &begin,
	    &clamped))
		return false;
	if (clamped)
		return find_counted(sc, request,
		    sc->size > 0 ? sc->found + 1 : 0, span);
	return take_lines(sc, begin, request->last_kind == LINES_LAST_EOF ? 0 :
	    request->last_kind == LINES_LAST_SAME ? 1 :
	    request->last.magnitude + 1, span);
}

static bool
find(struct scan *sc, const struct lines_request *request,
    struct lines_span *span)
{
	uint64_t lines;

	/* "-K", "-K:", "-K:+J" need no line count; "-K:M", "N:-M" do. */
	if (request->first.negative &&
	    request->last_kind != LINES_LAST_LINE)
		return find_from_end(sc, request, span);
	if (lines_counts_from_end(request))
		return count_lines(sc, &lines) &&
		    find_counted(sc, request, lines, span);
	return find_absolute(sc, request->first.magnitude,
	    lines_forward_last(request), span);
}

enum lines_result
lines_find(const struct source *src, const struct lines_request *request,
    unsigned char terminator, size_t window, struct lines_span *span,
    int *err)
{
	struct scan sc = { .src = src, .window = window,
	    .terminator = terminator };
	uint64_t size;

	memset(span, 0, sizeof *span);
	*err = 0;
	if ((*err = source_current_size(src, &sc.size)) != 0)
		return LINES_INPUT_ERROR;
	if (find(&sc, request, span))
		return LINES_FOUND;
	if (!sc.cut_short) {
		*err = sc.err;
		return LINES_INPUT_ERROR;
	}
	/* Cut short: did the file shrink, or fail to be read? */
	if ((*err = source_current_size(src, &size)) != 0)
		return LINES_INPUT_ERROR;
	if (size < sc.size)
		return LINES_SHRANK;
	*err = EIO;
	return LINES_INPUT_ERROR;
}
