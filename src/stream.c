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

#include "progress.h"


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
	const struct source *src;
	uint64_t total;		/* bytes read so far */
	uint64_t settled_lo;	/* settled bytes at or past this are printed */
	uint64_t settled_hi;	/* ... and before this */
	uint64_t emitted_to;	/* output covers the range up to here */
	struct tail_ring ring;
	struct sink *sink;
	int err;		/* output or memory error, sticky */
};

/* Print the part of bytes at [pos, pos + n) that lies in [lo, hi). */
static void
emit_slice(struct stream_state *st, uint64_t pos, const unsigned char *bytes,
    size_t n, uint64_t lo, uint64_t hi)
{
	uint64_t from, to;
	size_t taken;

	if (st->err != 0)
		return;
	from = pos > lo ? pos : lo;
	if (from < st->emitted_to)
		from = st->emitted_to;
	to = pos + n < hi ? pos + n : hi;
	if (from >= to)
		return;
	st->err = st->sink->put(st->sink, bytes + (from - pos),
	    (size_t)(to - from), from, false, &taken);
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
		st->err = ENOMEM;
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
stream_init(struct stream_state *st, const struct source *src,
    const struct range_request *request, bool strict, struct sink *sink)
{
	uint64_t end;

	memset(st, 0, sizeof *st);
	st->src = src;
	st->sink = sink;
	st->ring.limit = tail_to_keep(request, strict);
	/* Settled bytes lie before EOF-keep: printable unless the start
	 * counts back from EOF, which puts it inside the ring. */
	st->settled_lo = request->start.negative ? UINT64_MAX :
	    request->start.magnitude;
	st->settled_hi = range_fixed_end(request, &end) ? end : UINT64_MAX;
}

enum copy_result
stream_copy(const struct source *src, const struct range_request *request,
    bool strict, struct sink *sink, struct stream_outcome *outcome, int *err)
{
	static unsigned char buffer[READ_BUFFER_SIZE];
	struct stream_state st;
	uint64_t fixed_end, enough = UINT64_MAX;
	enum copy_result result = COPY_DONE;
	ssize_t n;

	stream_init(&st, src, request, strict, sink);
	if (range_fixed_end(request, &fixed_end))
		enough = fixed_end > request->start.magnitude ? fixed_end :
		    request->start.magnitude;
	*err = 0;
	while (st.total < enough && st.err == 0) {
		if ((n = source_read(src, buffer, sizeof buffer)) < 0) {
			*err = errno;
			result = COPY_INPUT_ERROR;
			break;
		}
		if (n == 0)
			break;
		absorb(&st, buffer, (size_t)n);
		progress_advance((uint64_t)n);
	}
	outcome->size = st.total;
	range_resolve(request, st.total, &outcome->span);
	if (result == COPY_DONE && st.err == 0) {
		if (outcome->span.past_eof ||
		    (strict && outcome->span.clamped != 0))
			result = COPY_REFUSED;
		else
			emit_ring(&st, 0, st.ring.len, outcome->span.begin,
			    outcome->span.end);
	}
	if (st.err != 0) {
		*err = st.err;
		result = st.err == ENOMEM ? COPY_INPUT_ERROR :
		    COPY_OUTPUT_ERROR;
	}
	free(st.ring.data);
	return result;
}

enum copy_result
stream_copy_known_span(const struct source *src, uint64_t begin,
    uint64_t end, struct sink *sink, int *err)
{
	static unsigned char buffer[READ_BUFFER_SIZE];
	uint64_t pos = begin;
	size_t want, taken;
	ssize_t n;

	*err = 0;
	while (pos < end) {
		want = end - pos < sizeof buffer ? (size_t)(end - pos) :
		    sizeof buffer;
		n = pread(src->fd, buffer, want, (off_t)(src->origin + pos));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			return COPY_INPUT_ERROR;
		}
		if (n == 0)
			return COPY_SHRANK;
		if ((*err = sink->put(sink, buffer, (size_t)n, pos, false,
		    &taken)) != 0)
			return COPY_OUTPUT_ERROR;
		pos += (uint64_t)n;
	}
	return COPY_DONE;
}
