/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lines.c - find the bytes of a line-range spec in a mapping.
 *
 * Lines are found by counting newlines a block at a time (newline.c) over
 * bounded windows, small at first and growing, forwards from the start for positive line
 * numbers and backwards from the end for "-K:" (what tail -n K prints),
 * so neither reads more of the file than it must.  Mixed negative specs
 * count the lines once.  Every scan of the mapping runs under busguard: a
 * file shrinking under it is an error, not a SIGBUS.  Where a file system
 * will not map, windows are read with pread instead (view_open).
 */
#include "config.h"

#include "lines.h"

#include <errno.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "newline.h"

/* Internal: a fault or an early end stopped a scan. */
#define LINES_CUT_SHORT (-2)
#include "view.h"

/* A scan over the mapping, packaged for busguard_call. */
struct scan {
	const struct source *src;
	size_t window;
	uint64_t size;
	bool backward;
	uint64_t from;		/* forward: first byte; backward: end (excl.) */
	uint64_t count;		/* newlines wanted */
	uint64_t found;		/* newlines found */
	uint64_t pos;		/* just past the count-th newline, or the edge */
	struct view map;	/* the window being scanned, for cleanup */
	bool cut_short;		/* a fault or an early end stopped it */
};

/*
 * Count newlines in one window, a block at a time (newline.c); true when
 * the count is reached, sc->pos then just past the newline that did it.
 */
static bool
scan_window(struct scan *sc, const unsigned char *bytes, size_t len,
    uint64_t at)
{
	uint64_t want = sc->count - sc->found, got;
	size_t pos;
	bool hit = sc->backward ? newline_rfind(bytes, len, want, &pos, &got) :
	    newline_find(bytes, len, want, &pos, &got);

	sc->found += got;
	if (hit)
		sc->pos = at + pos;
	return hit;
}

/*
 * A view of [pos, pos + len): 0 or an errno.  A file that ends early
 * sets sc->cut_short, and the scan stops there.
 */
static int
open_window(struct scan *sc, uint64_t pos, size_t len)
{
	bool ended_early;
	int err = view_open(sc->src, pos, len, &sc->map, &ended_early);

	sc->cut_short |= ended_early;
	return err;
}

/*
 * The first window a scan views: small, since many scans stop within a
 * few lines (-L 1, -L -100:) and a window costs what it maps; each next
 * one twice as large, up to the mapping window.
 */

static int
run_scan(void *arg)
{
	struct scan *sc = arg;
	uint64_t lo, hi, cursor = sc->from;
	size_t step = MMCAT_FIRST_SCAN_BYTES < sc->window ?
	    MMCAT_FIRST_SCAN_BYTES : sc->window;
	int err;

	sc->found = 0;
	sc->pos = sc->backward ? 0 : sc->size;
	while (sc->count > 0 && (sc->backward ? cursor > 0 :
	    cursor < sc->size)) {
		lo = !sc->backward ? cursor : cursor > step ? cursor - step : 0;
		hi = sc->backward ? cursor : sc->size - cursor > step ?
		    cursor + step : sc->size;
		if ((err = open_window(sc, lo, (size_t)(hi - lo))) != 0 ||
		    sc->cut_short)
			return err;
		if (scan_window(sc, sc->map.bytes, (size_t)(hi - lo), lo)) {
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

/* Scan under busguard; a fault leaves a window mapped, unmap it here. */
static int
scan(struct scan *sc, bool backward, uint64_t from, uint64_t count)
{
	int err;

	sc->backward = backward;
	sc->from = from;
	sc->count = count;
	sc->map.base = NULL;
	sc->map.heap = NULL;
	err = busguard_call(run_scan, sc);
	view_close(&sc->map);
	if (err == BUSGUARD_FAULTED || sc->cut_short)
		return LINES_CUT_SHORT;
	return err;
}

static int
read_last_byte(void *arg)
{
	struct scan *sc = arg;
	int err;

	if ((err = open_window(sc, sc->size - 1, 1)) != 0 || sc->cut_short)
		return err;
	sc->found = sc->map.bytes[0] == '\n';
	view_close(&sc->map);
	return 0;
}

/* True when the file's last byte is not a newline: a last partial line. */
static int
ends_unterminated(struct scan *sc, bool *unterminated)
{
	int err;

	*unterminated = false;
	if (sc->size == 0)
		return 0;
	sc->map.base = NULL;
	sc->map.heap = NULL;
	err = busguard_call(read_last_byte, sc);
	view_close(&sc->map);
	if (err == BUSGUARD_FAULTED || sc->cut_short)
		err = LINES_CUT_SHORT;
	*unterminated = err == 0 && sc->found == 0;
	return err;
}

/* Lines in the file: newlines, plus a last line without one. */
static int
count_lines(struct scan *sc, uint64_t *lines)
{
	bool unterminated;
	int err;

	if ((err = ends_unterminated(sc, &unterminated)) != 0 ||
	    (err = scan(sc, false, 0, UINT64_MAX)) != 0)
		return err;
	*lines = sc->found + (unterminated ? 1 : 0);
	return 0;
}

/*
 * The byte where the k-th line from the end starts (k >= 1); *clamped
 * when the file has fewer than k lines (the start is then byte 0).
 */
static int
start_of_line_from_end(struct scan *sc, uint64_t k, uint64_t *start,
    bool *clamped)
{
	bool unterminated;
	uint64_t upto;
	int err;

	if ((err = ends_unterminated(sc, &unterminated)) != 0)
		return err;
	/* A final newline ends the last line; it does not start one. */
	upto = sc->size - (sc->size > 0 && !unterminated ? 1 : 0);
	if ((err = scan(sc, true, upto, k)) != 0)
		return err;
	*start = sc->pos;
	*clamped = sc->found < k && sc->found + (sc->size > 0 ? 1 : 0) < k;
	return 0;
}

/*
 * From byte begin, the end of the n-th line (n >= 1): just past its
 * newline, or EOF.  *short_by tells how many of the n lines were missing.
 */
static int
end_after_lines(struct scan *sc, uint64_t begin, uint64_t n, uint64_t *end,
    uint64_t *short_by)
{
	bool unterminated;
	uint64_t seen;
	int err;

	if ((err = scan(sc, false, begin, n)) != 0)
		return err;
	*end = sc->pos;
	seen = sc->found;
	if (seen < n) {
		if ((err = ends_unterminated(sc, &unterminated)) != 0)
			return err;
		if (unterminated && begin < sc->size)
			seen++;
	}
	*short_by = n - seen;
	return 0;
}

static uint64_t
saturating_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Lines N..M, both counted from 1 (M may be UINT64_MAX: to the end). */
static int
find_absolute(struct scan *sc, uint64_t first, uint64_t last,
    struct lines_span *span)
{
	uint64_t begin = 0, end, short_by;
	int err;

	/* As sed does, a last line before the first prints the first. */
	if (last < first)
		last = first;
	if (first > 1) {
		if ((err = scan(sc, false, 0, first - 1)) != 0)
			return err;
		if (sc->found < first - 1) {
			span->past_last = true;
			return 0;
		}
		begin = sc->pos;
	}
	if (begin >= sc->size) {
		span->past_last = true;
		return 0;
	}
	if (last == UINT64_MAX) {
		end = sc->size;
	} else {
		if ((err = end_after_lines(sc, begin, last - first + 1, &end,
		    &short_by)) != 0)
			return err;
		span->clamped = short_by > 0;
	}
	span->bytes.begin = begin;
	span->bytes.end = end;
	return 0;
}

/*
 * "-K", "-K:" and "-K:+J": found from the end, without counting lines.
 * The spec names lines -K to -K+J (-K alone: J = 0); when the file has
 * fewer than K lines, only those of them that exist are printed.
 */
static int
find_from_end(struct scan *sc, const struct lines_request *request,
    struct lines_span *span)
{
	uint64_t begin, end = sc->size, short_by = 0, missing, wanted;
	bool clamped, to_eof = request->last_kind == LINES_LAST_EOF;
	int err;

	if ((err = start_of_line_from_end(sc, request->first.magnitude,
	    &begin, &clamped)) != 0)
		return err;
	wanted = request->last_kind == LINES_LAST_SAME ? 1 :
	    saturating_add(request->last.magnitude, 1);
	/* The scan reached line 1: the file has found + 1 lines. */
	missing = clamped ? request->first.magnitude - (sc->found + 1) : 0;
	if (sc->size == 0 || (!to_eof && wanted <= missing)) {
		span->past_last = true;
		return 0;
	}
	if (!to_eof && (err = end_after_lines(sc, begin, wanted - missing,
	    &end, &short_by)) != 0)
		return err;
	span->clamped = clamped || short_by > 0;
	span->bytes.begin = begin;
	span->bytes.end = end;
	return 0;
}

/* Resolve a line number that may count back from the last line. */
static uint64_t
absolute_line(const struct number *n, uint64_t lines, bool *before_first)
{
	*before_first = n->negative && n->magnitude > lines;
	if (!n->negative)
		return n->magnitude;
	return *before_first ? 1 : lines - n->magnitude + 1;
}

/*
 * "N:M" with N or M negative: count the lines once, make both absolute,
 * and go on as for positive numbers.
 */
static int
find_with_count(struct scan *sc, const struct lines_request *request,
    struct lines_span *span)
{
	uint64_t first, last, lines;
	bool first_clamped, last_before_first;
	int err;

	if ((err = count_lines(sc, &lines)) != 0)
		return err;
	span->line_count = lines;
	first = absolute_line(&request->first, lines, &first_clamped);
	last = absolute_line(&request->last, lines, &last_before_first);
	if (last_before_first) {
		/* The last line asked for lies before line 1: nothing. */
		span->clamped = true;
		return 0;
	}
	if ((err = find_absolute(sc, first, last, span)) != 0)
		return err;
	span->clamped |= first_clamped;
	return 0;
}

static int
find(struct scan *sc, const struct lines_request *request,
    struct lines_span *span)
{
	bool last_is_line = request->last_kind == LINES_LAST_LINE;

	/* "-K", "-K:", "-K:+J" need no line count; "-K:M" does. */
	if (request->first.negative && !last_is_line)
		return find_from_end(sc, request, span);
	if (request->first.negative ||
	    (last_is_line && request->last.negative))
		return find_with_count(sc, request, span);
	return find_absolute(sc, request->first.magnitude,
	    request->last_kind == LINES_LAST_EOF ? UINT64_MAX :
	    request->last_kind == LINES_LAST_PLUS ?
	    saturating_add(request->first.magnitude, request->last.magnitude) :
	    request->last_kind == LINES_LAST_SAME ? request->first.magnitude :
	    request->last.magnitude, span);
}

/* The scan was cut short: did the file shrink, or fail to be read? */
static int
explain_cut(const struct scan *sc)
{
	uint64_t size;
	int err;

	if ((err = source_current_size(sc->src, &size)) != 0)
		return err;
	return size < sc->size ? LINES_SHRANK : EIO;
}

int
lines_find(const struct source *src, const struct lines_request *request,
    size_t window, struct lines_span *span)
{
	struct scan sc = { .src = src, .window = window };
	int err;

	memset(span, 0, sizeof *span);
	if ((err = source_current_size(src, &sc.size)) != 0)
		return err;
	err = find(&sc, request, span);
	return err == LINES_CUT_SHORT ? explain_cut(&sc) : err;
}
