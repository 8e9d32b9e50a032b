/*
 * stream.c - print a range of an input that can only be read in order.
 *
 * Bytes flow through a tail ring that keeps the last `keep` bytes read.
 * A byte pushed out of the ring is "settled": its position relative to
 * EOF is no longer in doubt, so it is printed at once if the range takes
 * it.  At end of input the size is known, the request is resolved exactly
 * as for a mapped file, and what is left of the range comes out of the
 * ring.  With keep = 0 this is plain read-and-write.
 */
#include "config.h"

#include "stream.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tailring.h"

#define READ_BUFFER_SIZE ((size_t)256 << 10)

struct stream_state {
	struct transfer *t;
	uint64_t total;		/* bytes read so far */
	uint64_t settled_lo;	/* settled bytes at or past this are printed */
	uint64_t settled_hi;	/* ... and before this */
	uint64_t emitted_to;	/* output covers the range up to here */
	struct tailring ring;
	bool stopped;		/* the transfer has stopped (t->result) */
};

/* Print the part of bytes at [pos, pos + n) that lies in [lo, hi). */
static void
emit_slice(struct stream_state *st, uint64_t pos, const unsigned char *bytes,
    size_t n, uint64_t lo, uint64_t hi)
{
	uint64_t from, to;

	if (st->stopped)
		return;
	from = pos > lo ? pos : lo;
	if (from < st->emitted_to)
		from = st->emitted_to;
	to = pos + n < hi ? pos + n : hi;
	if (from >= to)
		return;
	st->stopped = !transfer_deliver(st->t, from, bytes + (from - pos),
	    (size_t)(to - from), false);
	st->emitted_to = to;
}

/* Emit count ring bytes starting at ring offset skip. */
static void
emit_ring(struct stream_state *st, size_t skip, size_t count, uint64_t lo,
    uint64_t hi)
{
	struct tailring_run run[2];
	uint64_t pos = st->total - st->ring.len + skip;
	size_t i, runs = tailring_runs(&st->ring, skip, count, run);

	for (i = 0; i < runs; pos += run[i].len, i++)
		emit_slice(st, pos, run[i].bytes, run[i].len, lo, hi);
}

/* Take in n freshly read bytes, settling whatever the ring cannot keep. */
static void
absorb(struct stream_state *st, const unsigned char *bytes, size_t n)
{
	struct tailring *r = &st->ring;
	uint64_t overflow = tailring_overflow(r, n);
	size_t from_ring = overflow < r->len ? (size_t)overflow : r->len;
	size_t from_input = (size_t)overflow - from_ring;

	emit_ring(st, 0, from_ring, st->settled_lo, st->settled_hi);
	tailring_drop(r, from_ring);

	emit_slice(st, st->total, bytes, from_input, st->settled_lo,
	    st->settled_hi);
	bytes += from_input;
	n -= from_input;
	st->total += from_input;
	if (!tailring_append(r, bytes, n)) {
		st->stopped = !transfer_stop(st->t, TRANSFER_INPUT_ERROR,
		    ENOMEM);
		return;
	}
	st->total += n;
}

/* How many trailing bytes the request needs held back. */
static uint64_t
tail_to_keep(const struct range_request *request, bool strict)
{
	uint64_t end;

	if (request->start.negative)
		return request->start.magnitude;
	if (request->stop_kind != RANGE_TO_EOF && request->stop.negative)
		return request->stop.magnitude;
	if (strict && range_fixed_end(request, &end))
		return end > request->start.magnitude ?
		    end - request->start.magnitude : 0;
	return 0;
}

static void
stream_init(struct stream_state *st, struct transfer *t,
    const struct range_request *request, bool strict)
{
	uint64_t end;

	memset(st, 0, sizeof *st);
	st->t = t;
	tailring_init(&st->ring, tail_to_keep(request, strict));
	/* Settled bytes lie before EOF-keep: printable unless the start
	 * counts back from EOF, which puts it inside the ring. */
	st->settled_lo = request->start.negative ? UINT64_MAX :
	    request->start.magnitude;
	st->settled_hi = range_fixed_end(request, &end) ? end : UINT64_MAX;
}

/*
 * Skip to a non-negative offset with lseek where the input can seek
 * (character devices, /proc files), as dd skip= does, instead of reading
 * through; true when it did.  As for dd, any success counts: /dev/zero
 * and /dev/urandom accept a seek and stay put, which for them is the same.
 */
static bool
seek_to_start(struct stream_state *st, const struct range_request *request)
{
	const struct source *src = st->t->src;
	uint64_t target = src->origin + request->start.magnitude;

	if (request->start.negative || request->start.magnitude == 0 ||
	    target < src->origin || target > (uint64_t)INT64_MAX ||
	    lseek(src->fd, (off_t)target, SEEK_SET) < 0)
		return false;
	st->total = request->start.magnitude;
	return true;
}

/*
 * The input ended right at the offset it was positioned to: it may be
 * shorter than the offset, so read it from where it started instead, to
 * learn its size.  False when it cannot go back.
 */
static bool
seek_back(struct stream_state *st)
{
	const struct source *src = st->t->src;

	if (lseek(src->fd, (off_t)src->origin, SEEK_SET) < 0)
		return false;
	st->total = 0;
	return true;
}

/*
 * Read until the input ends or the range is known to be complete, and
 * no further: a pipe or terminal keeps the rest for the next reader.
 */
static void
read_input(struct stream_state *st, const struct range_request *request)
{
	static unsigned char buffer[READ_BUFFER_SIZE];
	uint64_t fixed_end, enough = UINT64_MAX, seeked_to = 0;
	size_t want;
	ssize_t n;

	if (range_fixed_end(request, &fixed_end))
		enough = fixed_end > request->start.magnitude ? fixed_end :
		    request->start.magnitude;
	if (seek_to_start(st, request)) {
		seeked_to = st->total;
		/* One byte past the offset tells that the input reaches it. */
		if (enough <= seeked_to)
			enough = seeked_to + 1;
	}
	while (st->total < enough && !st->stopped) {
		want = enough - st->total < sizeof buffer ?
		    (size_t)(enough - st->total) : sizeof buffer;
		if ((n = transfer_read(st->t, buffer, want)) < 0) {
			st->stopped = !transfer_stop(st->t,
			    TRANSFER_INPUT_ERROR, errno);
			break;
		}
		if (n == 0 && seeked_to > 0 && st->total == seeked_to &&
		    seek_back(st)) {
			seeked_to = 0;
			continue;
		}
		if (n == 0)
			break;
		absorb(st, buffer, (size_t)n);
	}
}

bool
stream_copy(struct transfer *t, const struct range_request *request,
    bool strict, struct transfer_stream_outcome *outcome)
{
	struct stream_state st;

	stream_init(&st, t, request, strict);
	read_input(&st, request);
	outcome->size = st.total;
	range_resolve(request, st.total, &outcome->span);
	outcome->refused = !st.stopped && (outcome->span.past_eof ||
	    (strict && outcome->span.clamped != 0));
	if (!st.stopped && !outcome->refused)
		emit_ring(&st, 0, st.ring.len, outcome->span.begin,
		    outcome->span.end);
	tailring_free(&st.ring);
	return !st.stopped;
}
