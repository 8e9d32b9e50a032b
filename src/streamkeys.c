/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * streamkeys.c - --from and --to on a stream, as it is read.
 *
 * At the start of each line its first bytes are held, up to the length
 * of the longer key or the line's end, which is all key_next_state
 * needs; once the line is decided, the held bytes and the rest of the
 * line go out or are dropped as they come.  Reading stops at the first
 * record past --to.  The local sortedness check that one pass allows:
 * the record after the first one selected must be past --from too and
 * not sort before it (the records before the boundary, and the last one
 * before --to, are in order by the way they were found).
 */
#include "config.h"

#include "streamkeys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"

struct key_stream {
	struct flow *flow;
	const struct key_request *request;
	struct stream_keys_outcome *outcome;
	enum key_state state;
	uint64_t offset;	/* stream offset of the next byte */
	unsigned char *head;	/* the line's first bytes, while deciding */
	size_t head_len, head_cap;
	uint64_t head_at;	/* stream offset of head[0] */
	unsigned char *first;	/* the first record selected's head */
	size_t first_len;
	bool deciding;		/* the line's fate is not known yet */
	bool printing;		/* the line being read goes out */
	bool check_next;	/* the next record is the one after the first */
	bool stopped;		/* the flow stopped */
	bool done;		/* past --to: read no more */
};

static void
print_bytes(struct key_stream *ks, uint64_t from, const unsigned char *bytes,
    size_t len)
{
	struct stream_keys_outcome *o = ks->outcome;

	if (ks->stopped || len == 0)
		return;
	if (!o->printed)
		o->bytes.begin = from;
	o->printed = true;
	o->bytes.end = from + len;
	ks->stopped = !flow_deliver(ks->flow, from, bytes, len, false);
}

/* The held beginning of the line decides it. */
static void
decide(struct key_stream *ks)
{
	const struct key_request *r = ks->request;
	enum key_state next = key_next_state(r, ks->state, ks->head,
	    ks->head_len);
	bool record = ks->head_len > 0 && key_starts_record(r, ks->head[0]);

	if (record && ks->check_next) {
		ks->check_next = false;
		if ((!key_past(r, KEY_FROM, ks->head, ks->head_len) ||
		    !key_in_order(r, KEY_FROM, ks->first, ks->first_len,
		    ks->head, ks->head_len)) && !ks->outcome->unsorted) {
			ks->outcome->unsorted = true;
			ks->outcome->unsorted_at = ks->head_at;
		}
	}
	if (ks->state == KEY_BEFORE && next == KEY_INSIDE) {
		ks->check_next = true;
		memcpy(ks->first, ks->head, ks->head_len);
		ks->first_len = ks->head_len;
	}
	ks->state = next;
	ks->deciding = false;
	ks->done = next == KEY_AFTER;
	ks->printing = next == KEY_INSIDE;
	if (ks->printing)
		print_bytes(ks, ks->head_at, ks->head, ks->head_len);
}

/* Hold bytes of a line's beginning; returns how many were taken. */
static size_t
take_head(struct key_stream *ks, const unsigned char *p, size_t len)
{
	size_t n = 0;

	while (n < len && ks->head_len < ks->head_cap &&
	    p[n] != ks->request->terminator)
		ks->head[ks->head_len++] = p[n++];
	ks->offset += n;
	if (ks->head_len == ks->head_cap || n < len)
		decide(ks);
	return n;
}

/* The rest of a decided line, up to and with its terminator. */
static size_t
take_rest(struct key_stream *ks, const unsigned char *p, size_t len)
{
	const unsigned char *t = memchr(p, ks->request->terminator, len);
	size_t n = t != NULL ? (size_t)(t + 1 - p) : len;

	if (ks->printing)
		print_bytes(ks, ks->offset, p, n);
	ks->offset += n;
	if (t != NULL) {
		ks->deciding = true;
		ks->head_len = 0;
		ks->head_at = ks->offset;
	}
	return n;
}

static void
take_block(struct key_stream *ks, const unsigned char *p, size_t len)
{
	size_t n;

	while (len > 0 && !ks->stopped && !ks->done) {
		n = ks->deciding ? take_head(ks, p, len) : take_rest(ks, p, len);
		p += n;
		len -= n;
	}
}

struct keys_job {
	const struct key_request *request;
	struct stream_keys_outcome *outcome;
};

static bool
read_keys(struct flow *f, const void *ctx)
{
	static unsigned char buffer[MMCAT_READ_BYTES];
	const struct keys_job *job = ctx;
	struct key_stream ks = {
		.flow = f, .request = job->request, .outcome = job->outcome,
		.deciding = true,
	};
	ssize_t n;

	memset(job->outcome, 0, sizeof *job->outcome);
	ks.state = key_first_state(job->request);
	ks.head_cap = key_longest(job->request);
	ks.head = malloc(ks.head_cap);
	ks.first = malloc(ks.head_cap);
	if (ks.head == NULL || ks.first == NULL) {
		free(ks.head);
		free(ks.first);
		return flow_stop(f, FLOW_INPUT_ERROR, ENOMEM);
	}
	while (!ks.stopped && !ks.done) {
		if ((n = flow_read(f, buffer, sizeof buffer)) < 0) {
			ks.stopped = !flow_stop(f, FLOW_INPUT_ERROR, errno);
			break;
		}
		if (n == 0) {
			/* A last line shorter than the key, without end. */
			if (ks.deciding && ks.head_len > 0)
				decide(&ks);
			break;
		}
		take_block(&ks, buffer, (size_t)n);
	}
	job->outcome->read = ks.offset;
	free(ks.head);
	free(ks.first);
	return !ks.stopped;
}

enum flow_result
stream_print_keys(const struct source *src, struct output *out,
    const struct sink_maker *sinks, const struct key_request *request,
    struct stream_keys_outcome *outcome, int *err)
{
	struct keys_job job = { request, outcome };

	return flow_stream(src, out, sinks, read_keys, &job, err);
}
