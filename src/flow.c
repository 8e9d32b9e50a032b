/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * flow.c - the services that carry a span from an input to its sink.
 */
#include "config.h"

#include "flow.h"

#include <errno.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "progress.h"

bool
flow_stop(struct flow *f, enum flow_result result, int err)
{
	f->result = result;
	f->err = err;
	return false;
}

/* The size now; false (stopped) when it cannot be read. */
static bool
current_size(struct flow *f, uint64_t *size)
{
	int err;

	if ((err = source_current_size(f->src, size)) != 0)
		return flow_stop(f, FLOW_INPUT_ERROR, err);
	return true;
}

bool
flow_clip(struct flow *f)
{
	uint64_t size;

	if (!f->checks_size)
		return true;
	if (!current_size(f, &size))
		return false;
	if (size < f->end) {
		f->end = size < f->pos ? f->pos : size;
		f->shrank = true;
	}
	return true;
}

/*
 * A read of mapped bytes failed.  If the file is now shorter, it shrank;
 * if not, the page could not be read: an I/O error.
 */
static bool
source_fault(struct flow *f)
{
	uint64_t size;

	if (!current_size(f, &size))
		return false;
	if (size < f->end)
		return flow_stop(f, FLOW_SHRANK, 0);
	return flow_stop(f, FLOW_INPUT_ERROR, EIO);
}

/*
 * The sink is full with bytes up to held_end: write out what the file
 * still has.  Bytes past a new, shorter end are dropped: it shrank.
 */
static bool
drain(struct flow *f, uint64_t held_end)
{
	uint64_t good_end = UINT64_MAX;
	int err;

	if (f->checks_size && !current_size(f, &good_end))
		return false;
	if (f->sink->flush(f->sink, good_end, false, &err) != SINK_OK)
		return flow_stop(f, FLOW_OUTPUT_ERROR, err);
	if (good_end < held_end)
		return flow_stop(f, FLOW_SHRANK, 0);
	return true;
}

/* One sink call, packaged for busguard_call. */
struct put_call {
	struct sink *sink;
	const unsigned char *bytes;
	size_t len;
	uint64_t offset;
	bool by_reference;
	size_t taken;
	int err;
};

static int
put_piece(void *arg)
{
	struct put_call *call = arg;

	return (int)call->sink->put(call->sink, call->bytes, call->len,
	    call->offset, call->by_reference, &call->taken, &call->err);
}

/* A user-space read of a mapping may raise SIGBUS: guard it. */
static enum sink_result
call_sink(struct flow *f, struct put_call *call, bool mapped)
{
	int result;

	if (!mapped || !f->sink->transforms)
		return (enum sink_result)put_piece(call);
	result = busguard_call(put_piece, call);
	return result == BUSGUARD_FAULTED ? SINK_SOURCE_FAULT :
	    (enum sink_result)result;
}

/*
 * How much of [offset, offset + len) the next sink call gets: pieces of
 * MMCAT_PROGRESS_PIECE_BYTES while a progress line is drawn, and never
 * across the point after which mapped bytes must be copied rather than
 * spliced.
 */
static size_t
piece_length(const struct flow *f, uint64_t offset, size_t len,
    bool mapped, bool *by_reference)
{
	*by_reference = mapped && offset < f->settle_from;
	if (*by_reference && f->settle_from - offset < len)
		len = (size_t)(f->settle_from - offset);
	if (progress_is_on() && len > MMCAT_PROGRESS_PIECE_BYTES)
		len = MMCAT_PROGRESS_PIECE_BYTES;
	return len;
}

static bool
deliver_piece(struct flow *f, struct put_call *call, bool mapped)
{
	switch (call_sink(f, call, mapped)) {
	case SINK_OK:
		return true;
	case SINK_FULL:
		return drain(f, call->offset + call->taken);
	case SINK_SOURCE_FAULT:
		return source_fault(f);
	case SINK_OUTPUT_ERROR:
		break;
	}
	return flow_stop(f, FLOW_OUTPUT_ERROR, call->err);
}

bool
flow_deliver(struct flow *f, uint64_t offset,
    const unsigned char *bytes, size_t len, bool mapped)
{
	struct put_call call = { .sink = f->sink };
	size_t done = 0;
	bool going = true;

	while (going && done < len) {
		call.bytes = bytes + done;
		call.offset = offset + done;
		call.len = piece_length(f, call.offset, len - done, mapped,
		    &call.by_reference);
		call.taken = 0;
		going = deliver_piece(f, &call, mapped);
		done += call.taken;
		f->pos = offset + done;
		if (!f->counts_reads)
			progress_advance(call.taken);
	}
	return going;
}

/* Hand the sink [f->pos, end), a hole, a piece at a time as it fills. */
static bool
deliver_hole(struct flow *f, uint64_t end)
{
	uint64_t taken, len;
	int err;

	while (f->pos < end) {
		taken = 0;
		/* Pieces, as for bytes, while a progress line is drawn. */
		len = end - f->pos;
		if (progress_is_on() && len > MMCAT_PROGRESS_PIECE_BYTES)
			len = MMCAT_PROGRESS_PIECE_BYTES;
		switch (f->sink->put_hole(f->sink, f->pos, len, &taken,
		    &err)) {
		case SINK_OK:
		case SINK_FULL:
			break;
		case SINK_SOURCE_FAULT:
		case SINK_OUTPUT_ERROR:
		default:
			return flow_stop(f, FLOW_OUTPUT_ERROR, err);
		}
		f->pos += taken;
		progress_advance(taken);
		if (f->pos < end && !drain(f, f->pos))
			return false;
	}
	return true;
}

bool
flow_pass_hole(struct flow *f, uint64_t *data_end)
{
	uint64_t extent_end;
	bool in_hole;

	*data_end = f->end;
	if (f->sink->put_hole == NULL || !source_may_have_holes(f->src))
		return true;
	source_extent(f->src, f->pos, &in_hole, &extent_end);
	if (extent_end > f->end)
		extent_end = f->end;
	if (in_hole) {
		if (!deliver_hole(f, extent_end))
			return false;
		if (f->pos >= f->end)
			return true;
		/* Data follows a hole. */
		source_extent(f->src, f->pos, &in_hole, &extent_end);
	}
	*data_end = extent_end < f->end ? extent_end : f->end;
	return true;
}

void
flow_copied(struct flow *f, uint64_t n)
{
	f->pos += n;
	progress_advance(n);
}

/* What a read of a stream returned, its bytes counted for progress. */
static ssize_t
counted(ssize_t n)
{
	if (n > 0)
		progress_advance((uint64_t)n);
	return n;
}

ssize_t
flow_read(struct flow *f, void *buf, size_t len)
{
	return counted(source_read(f->src, buf, len));
}

ssize_t
flow_read_ready(struct flow *f, void *buf, size_t len)
{
	return counted(source_read_ready(f->src, buf, len));
}

/*
 * The span is over: let the sink write what it holds.  Done, only if the
 * file still has every byte now that the output has them all (and no
 * spliced page is left in the pipe: transfer_span settled it); else
 * only what lies before the file's end now, and no partial last line.
 */
enum flow_result
flow_finish(struct flow *f, enum flow_result result)
{
	uint64_t good_end = f->end, size;
	int err;

	if (result == FLOW_OUTPUT_ERROR)
		return result;
	if (f->checks_size) {
		if (source_current_size(f->src, &size) != 0)
			size = f->pos;
		if (size < good_end) {
			good_end = size;
			if (result == FLOW_DONE)
				result = FLOW_SHRANK;
		}
	}
	if (f->sink->flush(f->sink, good_end, result == FLOW_DONE,
	    &err) != SINK_OK) {
		f->err = err;
		return FLOW_OUTPUT_ERROR;
	}
	return result;
}

bool
flow_next_sink(struct flow *f)
{
	int err;

	if (f->sink->flush(f->sink, UINT64_MAX, true, &err) != SINK_OK)
		return flow_stop(f, FLOW_OUTPUT_ERROR, err);
	f->sink = f->sinks->make(f->sinks->ctx);
	return true;
}

enum flow_result
flow_stream(const struct source *src, struct output *out,
    const struct sink_maker *sinks, flow_reader read, const void *ctx,
    int *err)
{
	struct flow_report report;
	struct flow flow = {
		.src = src, .out = out, .sink = sinks->make(sinks->ctx),
		.sinks = sinks, .end = UINT64_MAX, .counts_reads = true,
		.report = &report,
	};
	enum flow_result result = FLOW_DONE;

	memset(&report, 0, sizeof report);
	progress_begin(src->name, 0);
	if (!read(&flow, ctx))
		result = flow.result;
	result = flow_finish(&flow, result);
	progress_end();
	*err = flow.err;
	return result;
}

