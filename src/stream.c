/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stream.c - print ranges of an input that can only be read in order.
 *
 * Bytes flow through a tail ring that keeps the last `keep` bytes read.
 * A byte pushed out of the ring is "settled": its position relative to
 * EOF is no longer in doubt, so it is printed at once if the range being
 * printed takes it.  Ranges are printed in the order given, each once the
 * one before is done; at end of input the size is known, what is left is
 * resolved exactly as for a mapped file, and comes out of the ring.  With
 * keep = 0 and one range this is plain read-and-write.
 */
#include "config.h"

#include "stream.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buffers.h"
#include "tailring.h"

struct stream_state {
	struct flow *flow;
	const struct range_request *ranges;
	size_t count;
	size_t current;		/* the range being printed */
	uint64_t total;		/* bytes read so far */
	uint64_t settled_lo;	/* settled bytes at or past this are printed */
	uint64_t settled_hi;	/* ... and before this */
	uint64_t emitted_to;	/* output covers the range up to here */
	struct tailring ring;
	bool may_seek;		/* gaps before ranges may be skipped by lseek */
	bool skipped;		/* the input was positioned to total by lseek,
				   and no byte has been read there yet */
	uint64_t known;		/* the input is known to reach this far */
	bool stopped;		/* the flow has stopped (flow->result) */
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
	st->stopped = !flow_deliver(st->flow, from, bytes + (from - pos),
	    (size_t)(to - from), false);
	st->emitted_to = to;
}

/*
 * The settled span of the current range: its bytes can go out as soon
 * as they are settled, unless its start counts back from EOF.
 */
static void
open_settled_span(struct stream_state *st)
{
	const struct range_request *r = &st->ranges[st->current];
	uint64_t end;

	st->emitted_to = 0;
	st->settled_lo = st->current >= st->count || r->start.negative ?
	    UINT64_MAX : r->start.magnitude;
	st->settled_hi = st->current < st->count && range_fixed_end(r, &end) ?
	    end : UINT64_MAX;
}

/* Go on to the next range, in a sink of its own. */
static bool
next_range(struct stream_state *st)
{
	if (st->current + 1 >= st->count)
		return false;
	st->current++;
	if (!flow_next_sink(st->flow)) {
		st->stopped = true;
		return false;
	}
	open_settled_span(st);
	return true;
}

/*
 * Settled bytes: to the current range, and past its known end, to the
 * next ranges in turn (one pass serves them in ascending order).
 */
static void
emit_settled(struct stream_state *st, uint64_t pos, const unsigned char *bytes,
    size_t n)
{
	if (n == 0)
		return;
	for (;;) {
		emit_slice(st, pos, bytes, n, st->settled_lo, st->settled_hi);
		if (st->stopped || st->settled_hi > pos + n ||
		    st->current + 1 >= st->count || !next_range(st))
			return;
	}
}

/* Emit count ring bytes starting at ring offset skip, in [lo, hi). */
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

/* Settled bytes leaving the ring, [skip, skip + count) of it. */
static void
settle_ring(struct stream_state *st, size_t count)
{
	struct tailring_run run[2];
	uint64_t pos = st->total - st->ring.len;
	size_t i, runs = tailring_runs(&st->ring, 0, count, run);

	for (i = 0; i < runs; pos += run[i].len, i++)
		emit_settled(st, pos, run[i].bytes, run[i].len);
}

/* Take in n freshly read bytes, settling whatever the ring cannot keep. */
static void
absorb(struct stream_state *st, const unsigned char *bytes, size_t n)
{
	struct tailring *r = &st->ring;
	uint64_t overflow = tailring_overflow(r, n);
	size_t from_ring = overflow < r->len ? (size_t)overflow : r->len;
	size_t from_input = (size_t)overflow - from_ring;

	settle_ring(st, from_ring);
	tailring_drop(r, from_ring);

	emit_settled(st, st->total, bytes, from_input);
	bytes += from_input;
	n -= from_input;
	st->total += from_input;
	if (!tailring_append(r, bytes, n)) {
		st->stopped = !flow_stop(st->flow, FLOW_INPUT_ERROR,
		    ENOMEM);
		return;
	}
	st->total += n;
}

/*
 * Where reading may stop: past the last byte any range needs, when every
 * range ends at a known offset; else at end of input.
 */
static uint64_t
enough_read(const struct stream_state *st)
{
	uint64_t enough = 0, end;
	size_t i;

	for (i = 0; i < st->count; i++) {
		if (!range_fixed_end(&st->ranges[i], &end))
			return UINT64_MAX;
		if (end < st->ranges[i].start.magnitude)
			end = st->ranges[i].start.magnitude;
		if (end > enough)
			enough = end;
	}
	return enough;
}

/*
 * Whether gaps may be skipped with lseek: the input can seek (character
 * devices, /proc files), and no range counts its start back from the
 * end, for which the bytes of a gap might be the last ones.
 */
static bool
can_skip_gaps(const struct stream_state *st)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (st->ranges[i].start.negative)
			return false;
	return lseek(st->flow->src->fd, 0, SEEK_CUR) >= 0;
}

/*
 * Skip to the start of the range being printed with lseek, as dd skip=
 * does, instead of reading through the bytes before it, and on past
 * ranges that are then whole (empty ones).  As for dd, any success
 * counts: /dev/zero and /dev/urandom accept a seek and stay put, which
 * for them is the same.  Only while nothing is held back: bytes in the
 * ring are positioned by the bytes read after them.
 */
static void
skip_gap(struct stream_state *st)
{
	const struct source *src = st->flow->src;
	uint64_t target;

	while (st->may_seek && st->ring.len == 0 && !st->stopped &&
	    st->settled_lo != UINT64_MAX) {
		if (st->settled_lo > st->total) {
			target = src->origin + st->settled_lo;
			if (target < src->origin ||
			    target > (uint64_t)INT64_MAX ||
			    lseek(src->fd, (off_t)target, SEEK_SET) < 0) {
				st->may_seek = false;
				return;
			}
			st->total = st->settled_lo;
			st->skipped = true;
		}
		if (st->settled_hi > st->total || !next_range(st))
			return;
	}
}

/*
 * The input ended right at the offset it was positioned to: it may be
 * shorter than the offset, so read it on from the last byte known to be
 * there instead, to learn its size.  False when it cannot go back.
 */
static bool
seek_back(struct stream_state *st)
{
	const struct source *src = st->flow->src;

	if (lseek(src->fd, (off_t)(src->origin + st->known), SEEK_SET) < 0)
		return false;
	st->total = st->known;
	st->skipped = false;
	st->may_seek = false;
	return true;
}

/*
 * How much to read next (at most max): up to enough; where gaps are
 * skipped, no further than the end of the range being printed, so that
 * the gap after it is skipped too (and a /proc/PID/mem read never runs
 * into an unmapped hole); and, right after a skip that reached enough,
 * one byte, which tells that the input reaches that far.
 */
static size_t
read_length(const struct stream_state *st, uint64_t enough, size_t max)
{
	uint64_t goal = enough;

	if (st->may_seek && st->current + 1 < st->count &&
	    st->settled_hi > st->total && st->settled_hi < goal)
		goal = st->settled_hi;
	if (st->skipped && goal <= st->total)
		goal = st->total + 1;
	if (goal <= st->total)
		return 0;
	return goal - st->total < max ? (size_t)(goal - st->total) : max;
}

/*
 * read(2) of up to want bytes at st->total, but none at or past the
 * largest offset a file can have, 2^63 - 1: that is its end (the kernel
 * refuses such a read with EINVAL, where the input ended long before).
 */
static ssize_t
read_below_limit(struct stream_state *st, void *buf, size_t want)
{
	uint64_t at = st->flow->src->origin + st->total;

	if (at >= (uint64_t)INT64_MAX)
		return 0;
	if (want > (uint64_t)INT64_MAX - at)
		want = (size_t)((uint64_t)INT64_MAX - at);
	return flow_read(st->flow, buf, want);
}

/*
 * Read until the input ends or the ranges are known to be complete, and
 * no further: a pipe or terminal keeps the rest for the next reader.
 */
static void
read_input(struct stream_state *st)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	uint64_t enough = enough_read(st);
	size_t want;
	ssize_t n;

	st->may_seek = can_skip_gaps(st);
	while (!st->stopped) {
		skip_gap(st);
		if (st->stopped ||
		    (want = read_length(st, enough, sizeof buffer)) == 0)
			break;
		if ((n = read_below_limit(st, buffer, want)) < 0) {
			st->stopped = !flow_stop(st->flow,
			    FLOW_INPUT_ERROR, errno);
			break;
		}
		if (n == 0 && st->skipped && seek_back(st))
			continue;
		if (n == 0)
			break;
		st->skipped = false;
		absorb(st, buffer, (size_t)n);
		st->known = st->total;
	}
}

/* End of input: resolve the ranges not yet done, print them from the ring. */
static void
finish_ranges(struct stream_state *st, bool strict,
    struct stream_outcome *outcomes)
{
	struct stream_outcome *o;
	size_t i, first = st->current;

	for (i = 0; i < st->count; i++) {
		o = &outcomes[i];
		o->size = st->total;
		range_resolve(&st->ranges[i], st->total, &o->span);
		o->refused = o->span.past_eof ||
		    (strict && o->span.clamped != 0);
	}
	for (i = first; i < st->count && !st->stopped; i++) {
		if (i > first && !next_range(st))
			break;
		o = &outcomes[i];
		if (!o->refused)
			emit_ring(st, 0, st->ring.len, o->span.begin,
			    o->span.end);
	}
}

struct range_job {
	const struct range_request *ranges;
	size_t count;
	bool strict;
	struct stream_outcome *outcomes;
};

/* The reading loop of a range job: false when the flow stopped. */
static bool
read_ranges(struct flow *f, const void *ctx)
{
	const struct range_job *job = ctx;
	struct stream_state st;
	uint64_t tail = 0;

	memset(&st, 0, sizeof st);
	st.flow = f;
	st.ranges = job->ranges;
	st.count = job->count;
	(void)range_plan_one_pass(job->ranges, job->count, job->strict, &tail);
	tailring_init(&st.ring, tail);
	open_settled_span(&st);
	read_input(&st);
	if (!st.stopped)
		finish_ranges(&st, job->strict, job->outcomes);
	tailring_free(&st.ring);
	return !st.stopped;
}

enum flow_result
stream_print_ranges(const struct source *src, struct output *out,
    const struct sink_maker *sinks, const struct range_request *ranges,
    size_t count, bool strict, struct stream_outcome *outcomes, int *err)
{
	struct range_job job = { ranges, count, strict, outcomes };

	return flow_stream(src, out, sinks, read_ranges, &job, err);
}
