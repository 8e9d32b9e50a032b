/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * streamlines.c - select lines from a stream as it is read.
 *
 * Each line that comes in either is decided at once (printed or not), or
 * joins a hold of the last H lines; a line pushed out of the hold is
 * decided then, with what is known by that time; at end of input the
 * line count is known, the spec is resolved exactly, and the lines left
 * in the hold that it selects are printed.  H is 0 for forward specs,
 * whose lines go straight out.
 */
#include "config.h"

#include "streamlines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"
#include "newline.h"
#include "tailring.h"

struct line_state {
	struct flow *flow;
	const struct lines_request *request;
	unsigned char terminator;	/* the byte that ends a line */
	uint64_t held;		/* H */
	uint64_t stop_after;	/* stop reading after this line (forward) */
	uint64_t line;		/* number of the line being read */
	uint64_t offset;	/* stream offset of the next byte */
	uint64_t line_start;	/* stream offset where the line began */
	struct tailring bytes;	/* held lines' bytes, oldest first */
	uint64_t *ends;		/* ring of held complete lines' ends */
	size_t ends_cap, ends_head, ends_len;
	uint64_t held_from;	/* stream offset of the oldest held byte */
	uint64_t first_held;	/* number of the oldest held line */
	struct stream_lines_outcome *outcome;
	bool printed;		/* some byte went out: outcome->bytes is set */
	bool stopped;
	bool done;		/* the last line wanted has gone by */
};

/* Give bytes [from, from + len) of the stream out, noting the selection. */
static void
print_bytes(struct line_state *st, uint64_t from, const unsigned char *bytes,
    size_t len)
{
	struct range_span *sel = &st->outcome->bytes;

	if (st->stopped || len == 0)
		return;
	if (!st->printed)
		sel->begin = from;
	st->printed = true;
	sel->end = from + len;
	st->stopped = !flow_deliver(st->flow, from, bytes, len, false);
}

/* Before end of input: is line n certainly printed? */
static bool
printed_early(const struct line_state *st, uint64_t n)
{
	const struct lines_request *r = st->request;

	if (r->first.negative || n < r->first.magnitude)
		return false;
	return lines_counts_from_end(r) || n <= lines_forward_last(r);
}

/* Print held bytes [from, to) (stream offsets) out of the ring. */
static void
print_held(struct line_state *st, uint64_t from, uint64_t to)
{
	struct tailring_run run[2];
	size_t i, runs = tailring_runs(&st->bytes, (size_t)(from -
	    st->held_from), (size_t)(to - from), run);

	for (i = 0; i < runs; from += run[i].len, i++)
		print_bytes(st, from, run[i].bytes, run[i].len);
}

/* The oldest held line leaves the hold, decided with what is known now. */
static void
pop_line(struct line_state *st)
{
	uint64_t end = st->ends[st->ends_head];

	if (printed_early(st, st->first_held))
		print_held(st, st->held_from, end);
	tailring_drop(&st->bytes, (size_t)(end - st->held_from));
	st->held_from = end;
	st->ends_head = (st->ends_head + 1) % st->ends_cap;
	st->ends_len--;
	st->first_held++;
}

static bool
push_end(struct line_state *st, uint64_t end)
{
	uint64_t *grown;
	size_t i, cap;

	if (st->ends_len == st->ends_cap) {
		cap = st->ends_cap ? st->ends_cap * 2 : MMCAT_HELD_LINES_FIRST;
		if ((grown = malloc(cap * sizeof *grown)) == NULL)
			return false;
		for (i = 0; i < st->ends_len; i++)
			grown[i] = st->ends[(st->ends_head + i) % st->ends_cap];
		free(st->ends);
		st->ends = grown;
		st->ends_cap = cap;
		st->ends_head = 0;
	}
	st->ends[(st->ends_head + st->ends_len++) % st->ends_cap] = end;
	return true;
}

/* Part of line st->line, into the hold, ending it if complete. */
static void
take_piece(struct line_state *st, const unsigned char *bytes, size_t len,
    bool complete)
{
	if (!tailring_append(&st->bytes, bytes, len) ||
	    (complete && !push_end(st, st->offset + len))) {
		st->stopped = !flow_stop(st->flow, FLOW_INPUT_ERROR,
		    ENOMEM);
		return;
	}
	st->offset += len;
	if (!complete)
		return;
	if (st->ends_len > st->held)
		pop_line(st);
	st->done = st->line == st->stop_after;
	st->line++;
	st->line_start = st->offset;
}

/*
 * With nothing held, a run of lines decided alike (before the first line
 * wanted, or wanted) is found with one newline search; returns the bytes
 * taken.
 */
static size_t
take_run(struct line_state *st, const unsigned char *bytes, size_t len)
{
	bool printing = printed_early(st, st->line), hit;
	uint64_t k, found, first = st->request->first.magnitude;
	size_t pos, last;

	if (printing)
		k = st->stop_after == 0 || st->stop_after == UINT64_MAX ?
		    UINT64_MAX : st->stop_after - st->line + 1;
	else if (st->line < first)
		k = first - st->line;
	else {
		st->done = true;	/* past the last line wanted */
		return 0;
	}
	hit = newline_find_byte(bytes, len, st->terminator, k, &pos, &found);
	if (printing)
		print_bytes(st, st->offset, bytes, pos);
	if (found > 0) {
		/* Where the line now being read began. */
		if (hit)
			last = pos;
		else
			(void)newline_rfind_byte(bytes, len, st->terminator, 1,
			    &last, &k);
		st->line_start = st->offset + last;
	}
	st->offset += pos;
	st->line += found;
	st->done = printing && hit && st->line - 1 == st->stop_after;
	return pos;
}

/* Split a block into line pieces. */
static void
take_block(struct line_state *st, const unsigned char *bytes, size_t len)
{
	const unsigned char *p = bytes, *end = bytes + len, *nl;

	while (p < end && !st->stopped && !st->done) {
		if (st->held == 0) {
			p += take_run(st, p, (size_t)(end - p));
			continue;
		}
		nl = memchr(p, st->terminator, (size_t)(end - p));
		take_piece(st, p, nl ? (size_t)(nl + 1 - p) : (size_t)(end - p),
		    nl != NULL);
		p = nl ? nl + 1 : end;
	}
}

/* End of input: the line count is known; print what the hold selects. */
static void
finish_lines(struct line_state *st, bool strict)
{
	struct lines_interval iv;
	uint64_t lines = st->line - (st->offset > st->line_start ? 0 : 1);
	uint64_t n, from = st->held_from, to;
	size_t i;

	st->outcome->lines = lines;
	iv = lines_resolve(st->request, lines);
	st->outcome->refused = strict && iv.asks_beyond;
	if (st->outcome->refused || st->held == 0)
		return;
	/* The held lines are first_held..lines; the last may be partial. */
	for (i = 0, n = st->first_held; n <= lines && !st->stopped; i++, n++) {
		to = i < st->ends_len ?
		    st->ends[(st->ends_head + i) % st->ends_cap] : st->offset;
		if (n >= iv.first && n <= iv.last)
			print_held(st, from, to);
		from = to;
	}
}

struct lines_job {
	const struct lines_request *request;
	unsigned char terminator;
	bool strict;
	struct stream_lines_outcome *outcome;
};

/* The reading loop of a lines job: false when the flow stopped. */
static bool
read_lines(struct flow *f, const void *ctx)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	const struct lines_job *job = ctx;
	const struct lines_request *request = job->request;
	bool strict = job->strict;
	struct line_state st = {
		.flow = f, .request = request, .terminator = job->terminator,
		.line = 1, .first_held = 1, .outcome = job->outcome,
	};
	ssize_t n;

	memset(job->outcome, 0, sizeof *job->outcome);
	st.held = lines_stream_hold(request, strict);
	st.stop_after = lines_counts_from_end(request) ? 0 :
	    lines_forward_last(request);
	tailring_init(&st.bytes, UINT64_MAX);
	while (!st.stopped && !st.done) {
		if ((n = flow_read(f, buffer, sizeof buffer)) < 0) {
			st.stopped = !flow_stop(f, FLOW_INPUT_ERROR,
			    errno);
			break;
		}
		if (n == 0)
			break;
		take_block(&st, buffer, (size_t)n);
	}
	if (!st.stopped)
		finish_lines(&st, strict);
	tailring_free(&st.bytes);
	free(st.ends);
	return !st.stopped;
}

enum flow_result
stream_print_lines(const struct source *src, struct output *out,
    const struct sink_maker *sinks, const struct lines_request *request,
    unsigned char terminator, bool strict,
    struct stream_lines_outcome *outcome, int *err)
{
	struct lines_job job = { request, terminator, strict, outcome };

	return flow_stream(src, out, sinks, read_lines, &job, err);
}
