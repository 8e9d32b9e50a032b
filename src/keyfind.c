/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keyfind.c - --from and --to in a file, by bisection.
 *
 * A probe at byte x looks for the first record that starts at or after
 * x (the first line start past x, then on over continuation lines) and
 * reads its prefix.  Since the records are sorted, whether a record is
 * past a boundary (prefix >= --from, or > --to) is false and then true
 * along the file, and the first record past it is found in O(log size)
 * probes.  Bytes are read in aligned blocks of KEY_BLOCK bytes through
 * a cache of one block, so that a probe costs a block or two, not a
 * window: on a cold 1 GiB log the search reads a few hundred KiB.
 */
#include "config.h"

#include "keyfind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffers.h"

/* Small, so that a probe reads little; tiny builds cross blocks often. */
#define KEY_BLOCK MMCAT_DEFAULT_SIZE((size_t)4096, 7)

/* A selection up to this size is printed with read-ahead still off. */
#define KEY_SMALL_SPAN ((uint64_t)8 << 20)

struct finder {
	const struct key_reader *reader;
	const struct key_request *request;
	uint64_t size;
	unsigned char block[KEY_BLOCK];
	uint64_t block_pos;	/* offset of block[0] */
	size_t block_len;	/* bytes held; 0: none */
	unsigned char *prefix;	/* a record's first key_longest bytes */
	size_t prefix_len;
	unsigned char *above;	/* ... and the record above it, to compare */
	size_t above_len;
	uint64_t bytes_read;
	enum key_find_result result;	/* KEY_FIND_OK until something fails */
	int err;
};

/* Make the block holding pos the one cached; false once anything failed. */
static bool
fetch(struct finder *f, uint64_t pos)
{
	uint64_t start = pos - pos % KEY_BLOCK;
	size_t want, got = 0;
	int err;

	if (f->result != KEY_FIND_OK)
		return false;
	if (f->block_len > 0 && start == f->block_pos)
		return true;
	want = f->size - start < KEY_BLOCK ? (size_t)(f->size - start) :
	    KEY_BLOCK;
	f->block_len = 0;
	if ((err = f->reader->read(f->reader->ctx, start, f->block, want,
	    &got)) != 0) {
		f->result = KEY_FIND_ERROR;
		f->err = err;
		return false;
	}
	f->bytes_read += got;
	if (got < want) {
		f->result = KEY_FIND_SHRANK;
		return false;
	}
	f->block_pos = start;
	f->block_len = got;
	return true;
}

/* The byte at pos < size; 0 once reading failed (f->result says). */
static unsigned char
byte_at(struct finder *f, uint64_t pos)
{
	if (!fetch(f, pos))
		return 0;
	return f->block[pos - f->block_pos];
}

/* The first terminator at or after pos, or the size when there is none. */
static uint64_t
terminator_from(struct finder *f, uint64_t pos)
{
	const unsigned char *hit;
	size_t at;

	while (pos < f->size && fetch(f, pos)) {
		at = (size_t)(pos - f->block_pos);
		hit = memchr(f->block + at, f->request->terminator,
		    f->block_len - at);
		if (hit != NULL)
			return f->block_pos + (uint64_t)(hit - f->block);
		pos = f->block_pos + f->block_len;
	}
	return f->size;
}

/* The start of the line holding byte pos (pos < size). */
static uint64_t
line_start_of(struct finder *f, uint64_t pos)
{
	while (pos > 0 && f->result == KEY_FIND_OK &&
	    byte_at(f, pos - 1) != f->request->terminator)
		pos--;
	return pos;
}

/* Whether the line starting at pos starts a record. */
static bool
starts_record(struct finder *f, uint64_t pos)
{
	unsigned char first;

	if (pos >= f->size)
		return false;
	first = byte_at(f, pos);
	return f->result == KEY_FIND_OK && first != f->request->terminator &&
	    key_starts_record(f->request, first);
}

/* The start of the line after the one holding byte pos, or the size. */
static uint64_t
next_line(struct finder *f, uint64_t pos)
{
	uint64_t end = terminator_from(f, pos);

	return end < f->size ? end + 1 : f->size;
}

/* The first record starting at or after pos, or the size. */
static uint64_t
record_from(struct finder *f, uint64_t pos)
{
	if (pos > 0)
		pos = next_line(f, pos - 1);
	while (pos < f->size && f->result == KEY_FIND_OK &&
	    !starts_record(f, pos))
		pos = next_line(f, pos);
	return f->result == KEY_FIND_OK ? pos : f->size;
}

/* The last record starting before pos (a line start); false: none. */
static bool
record_before(struct finder *f, uint64_t pos, uint64_t *record)
{
	while (pos > 0 && f->result == KEY_FIND_OK) {
		pos = line_start_of(f, pos - 1);
		if (starts_record(f, pos)) {
			*record = pos;
			return true;
		}
	}
	return false;
}

/* Read the prefix of the record at pos into f->prefix. */
static void
read_prefix(struct finder *f, uint64_t pos)
{
	size_t n = key_longest(f->request);
	unsigned char c;

	f->prefix_len = 0;
	while (f->prefix_len < n && pos < f->size) {
		c = byte_at(f, pos++);
		if (f->result != KEY_FIND_OK || c == f->request->terminator)
			break;
		f->prefix[f->prefix_len++] = c;
	}
}

static bool
record_past(struct finder *f, uint64_t record, enum key_side side)
{
	read_prefix(f, record);
	return key_past(f->request, side, f->prefix, f->prefix_len);
}

/*
 * The first record past side's boundary, or the size.  Invariant: every
 * record before lo is not past it, best is past it (or the size), and no
 * record starts in [hi, best).
 */
static uint64_t
bisect(struct finder *f, enum key_side side)
{
	uint64_t lo = 0, hi = f->size, best = hi, mid, record;

	while (lo < hi && f->result == KEY_FIND_OK) {
		mid = lo + (hi - lo) / 2;
		record = record_from(f, mid);
		if (record >= hi) {
			hi = mid;
		} else if (record_past(f, record, side)) {
			best = record;
			hi = mid;
		} else {
			lo = record + 1;
		}
	}
	return best;
}

static void
note_unsorted(struct key_span *span, uint64_t at)
{
	if (!span->unsorted) {
		span->unsorted = true;
		span->unsorted_at = at;
	}
}

/*
 * Whether the record at below is in order after the one at above (for
 * side's key), and past the boundary exactly when it should be.
 */
static bool
follows_in_order(struct finder *f, uint64_t above, uint64_t below,
    enum key_side side, bool past)
{
	unsigned char *swap;

	read_prefix(f, above);
	swap = f->above;
	f->above = f->prefix;
	f->prefix = swap;
	f->above_len = f->prefix_len;
	read_prefix(f, below);
	return key_in_order(f->request, side, f->above, f->above_len,
	    f->prefix, f->prefix_len) &&
	    key_past(f->request, side, f->prefix, f->prefix_len) == past;
}

/*
 * The local sortedness check at a boundary: the record above it must
 * not be past it nor sort after the first record past it, and (at
 * --from, where the selection goes on) the record after that one must
 * be past it too and in order.  Notes the first record out of place.
 */
static void
check_boundary(struct finder *f, uint64_t boundary, enum key_side side,
    struct key_span *span)
{
	uint64_t above, below;

	if (record_before(f, boundary, &above)) {
		if (record_past(f, above, side))
			note_unsorted(span, above);
		else if (boundary < f->size &&
		    !follows_in_order(f, above, boundary, side, true))
			note_unsorted(span, boundary);
	}
	if (side != KEY_FROM || boundary >= f->size)
		return;
	below = record_from(f, boundary + 1);
	if (below < f->size && !follows_in_order(f, boundary, below, side,
	    true))
		note_unsorted(span, below);
}

enum key_find_result
key_find(const struct key_reader *reader, const struct key_request *request,
    struct key_span *span, int *err)
{
	struct finder *f;
	enum key_find_result result;

	memset(span, 0, sizeof *span);
	f = calloc(1, sizeof *f);
	if (f == NULL || (f->prefix = malloc(key_longest(request))) == NULL ||
	    (f->above = malloc(key_longest(request))) == NULL) {
		if (f != NULL)
			free(f->prefix);
		free(f);
		*err = ENOMEM;
		return KEY_FIND_ERROR;
	}
	f->reader = reader;
	f->request = request;
	f->size = reader->size;
	f->result = KEY_FIND_OK;
	span->end = f->size;
	if (request->from != NULL) {
		span->begin = bisect(f, KEY_FROM);
		check_boundary(f, span->begin, KEY_FROM, span);
	}
	if (request->to != NULL) {
		span->end = bisect(f, KEY_TO);
		check_boundary(f, span->end, KEY_TO, span);
	}
	if (span->end < span->begin)
		span->end = span->begin;
	span->bytes_read = f->bytes_read;
	result = f->result;
	*err = f->err;
	free(f->prefix);
	free(f->above);
	free(f);
	return result;
}

/* pread(2) from a source, over EINTR and short reads. */
static int
read_source(const void *ctx, uint64_t pos, unsigned char *buf, size_t len,
    size_t *got)
{
	const struct source *src = ctx;
	ssize_t n;

	*got = 0;
	while (*got < len) {
		n = pread(src->fd, buf + *got, len - *got,
		    (off_t)(src->origin + pos + *got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

/*
 * Read-ahead off while probing (each probe wants a block, and the
 * kernel would read up to read_ahead_kb around it: 128 KiB by default,
 * 8 MiB on some machines), back on for the copy.  Only advice: where it
 * fails or is missing, only the cost changes.
 */
#ifndef HAVE_POSIX_FADVISE
# undef POSIX_FADV_NORMAL
# undef POSIX_FADV_RANDOM
# undef POSIX_FADV_WILLNEED
# define POSIX_FADV_NORMAL 0
# define POSIX_FADV_RANDOM 0
# define POSIX_FADV_WILLNEED 0
#endif

static void
advise(const struct source *src, uint64_t at, uint64_t len, int advice)
{
#ifdef HAVE_POSIX_FADVISE
	(void)posix_fadvise(src->fd, (off_t)(src->origin + at), (off_t)len,
	    advice);
#else
	(void)src;
	(void)at;
	(void)len;
	(void)advice;
#endif
}

enum key_find_result
key_find_in_source(const struct source *src,
    const struct key_request *request, struct key_span *span, int *err)
{
	const struct key_reader reader = { read_source, src, src->size };
	enum key_find_result result;

	advise(src, 0, 0, POSIX_FADV_RANDOM);
	result = key_find(&reader, request, span, err);
	if (result != KEY_FIND_OK || span->end - span->begin > KEY_SMALL_SPAN) {
		key_release_source(src);
		return result;
	}
	/*
	 * A small selection is read in one request, and read-ahead stays
	 * off while it is copied: a fault in a mapping of it would read
	 * read_ahead_kb around the page, many times the selection.
	 */
	advise(src, span->begin, span->end - span->begin, POSIX_FADV_WILLNEED);
	return result;
}

void
key_release_source(const struct source *src)
{
	advise(src, 0, 0, POSIX_FADV_NORMAL);
}
