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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>



#define READ_BUFFER_SIZE ((size_t)256 << 10)

/* The last bytes read, oldest first from head, growing on demand. */
struct tail_ring {
	unsigned char *data;
	size_t cap;
	size_t head;
	size_t len;
	uint64_t limit;		/* never hold more than this */
};

struct stream_state {
	struct transfer *t;
	uint64_t total;		/* bytes read so far */
	uint64_t settled_lo;	/* settled bytes at or past this are printed */
	uint64_t settled_hi;	/* ... and before this */
	uint64_t emitted_to;	/* output covers the range up to here */
	struct tail_ring ring;
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

/* Emit count ring bytes starting at ring offset skip, in at most 2 runs. */
static void
emit_ring(struct stream_state *st, size_t skip, size_t count, uint64_t lo,
    uint64_t hi)
{
	struct tail_ring *r = &st->ring;
	uint64_t pos = st->total - r->len + skip;
	size_t start = (r->head + skip) % (r->cap ? r->cap : 1);
	size_t first = count < r->cap - start ? count : r->cap - start;

	if (count == 0)
		return;
	emit_slice(st, pos, r->data + start, first, lo, hi);
	emit_slice(st, pos + first, r->data, count - first, lo, hi);
}

/* Make room for `need` bytes in all; false on memory exhaustion. */
static bool
ring_reserve(struct tail_ring *r, size_t need)
{
	unsigned char *grown;
	size_t cap = r->cap ? r->cap : READ_BUFFER_SIZE, tail;

	if (need <= r->cap)
		return true;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > r->limit)
		cap = (size_t)r->limit;
	if ((grown = malloc(cap)) == NULL)
		return false;
	/* Linearise: the oldest byte moves to index 0. */
	tail = r->cap - r->head < r->len ? r->cap - r->head : r->len;
	if (r->len > 0) {
		memcpy(grown, r->data + r->head, tail);
		memcpy(grown + tail, r->data, r->len - tail);
	}
	free(r->data);
	r->data = grown;
	r->cap = cap;
	r->head = 0;
	return true;
}

static void
ring_append(struct tail_ring *r, const unsigned char *bytes, size_t n)
{
	size_t at = (r->head + r->len) % r->cap;
	size_t first = n < r->cap - at ? n : r->cap - at;

	memcpy(r->data + at, bytes, first);
	memcpy(r->data, bytes + first, n - first);
	r->len += n;
}

/* Take in n freshly read bytes, settling whatever the ring cannot keep. */
static void
absorb(struct stream_state *st, const unsigned char *bytes, size_t n)
{
	struct tail_ring *r = &st->ring;
	uint64_t overflow = r->len + n > r->limit ? r->len + n - r->limit : 0;
	size_t from_ring = overflow < r->len ? (size_t)overflow : r->len;
	size_t from_input = (size_t)overflow - from_ring;

	emit_ring(st, 0, from_ring, st->settled_lo, st->settled_hi);
	r->head = r->cap ? (r->head + from_ring) % r->cap : 0;
	r->len -= from_ring;

	emit_slice(st, st->total, bytes, from_input, st->settled_lo,
	    st->settled_hi);
	bytes += from_input;
	n -= from_input;
	st->total += from_input;
	if (n == 0)
		return;
	if (!ring_reserve(r, r->len + n)) {
		st->stopped = !transfer_stop(st->t, TRANSFER_INPUT_ERROR,
		    ENOMEM);
		return;
	}
	ring_append(r, bytes, n);
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
	st->ring.limit = tail_to_keep(request, strict);
	/* Settled bytes lie before EOF-keep: printable unless the start
	 * counts back from EOF, which puts it inside the ring. */
	st->settled_lo = request->start.negative ? UINT64_MAX :
	    request->start.magnitude;
	st->settled_hi = range_fixed_end(request, &end) ? end : UINT64_MAX;
}

/* Read until the input ends or the range is known to be complete. */
static void
read_input(struct stream_state *st, const struct range_request *request)
{
	static unsigned char buffer[READ_BUFFER_SIZE];
	uint64_t fixed_end, enough = UINT64_MAX;
	ssize_t n;

	if (range_fixed_end(request, &fixed_end))
		enough = fixed_end > request->start.magnitude ? fixed_end :
		    request->start.magnitude;
	while (st->total < enough && !st->stopped) {
		if ((n = transfer_read(st->t, buffer, sizeof buffer)) < 0) {
			st->stopped = !transfer_stop(st->t,
			    TRANSFER_INPUT_ERROR, errno);
			break;
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
	free(st.ring.data);
	return !st.stopped;
}
