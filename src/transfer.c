/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transfer.c - the owner of a span's way from the input to the output.
 */
#include "config.h"

#include "transfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buffers.h"
#include "busguard.h"
#include "diag.h"
#include "kcopy.h"
#include "mapcopy.h"
#include "preadcopy.h"
#include "progress.h"
#include "stream.h"
#include "streamlines.h"
#include "view.h"

static const struct engine {
	bool (*takes)(const struct transfer *t);
	enum engine_answer (*run)(struct transfer *t);
} engines[] = {
	{ kcopy_takes, kcopy_run },
	{ NULL, mapcopy_run },
	{ NULL, preadcopy_run },
};

bool
transfer_stop(struct transfer *t, enum transfer_result result, int err)
{
	t->result = result;
	t->err = err;
	return false;
}

/* The size now; false (stopped) when it cannot be read. */
static bool
current_size(struct transfer *t, uint64_t *size)
{
	int err;

	if ((err = source_current_size(t->src, size)) != 0)
		return transfer_stop(t, TRANSFER_INPUT_ERROR, err);
	return true;
}

bool
transfer_clip(struct transfer *t)
{
	uint64_t size;

	if (!t->checks_size)
		return true;
	if (!current_size(t, &size))
		return false;
	if (size < t->end) {
		t->end = size < t->pos ? t->pos : size;
		t->shrank = true;
	}
	return true;
}

/*
 * A read of mapped bytes failed.  If the file is now shorter, it shrank;
 * if not, the page could not be read: an I/O error.
 */
static bool
source_fault(struct transfer *t)
{
	uint64_t size;

	if (!current_size(t, &size))
		return false;
	if (size < t->end)
		return transfer_stop(t, TRANSFER_SHRANK, 0);
	return transfer_stop(t, TRANSFER_INPUT_ERROR, EIO);
}

/*
 * The sink is full with bytes up to held_end: write out what the file
 * still has.  Bytes past a new, shorter end are dropped: it shrank.
 */
static bool
drain(struct transfer *t, uint64_t held_end)
{
	uint64_t good_end = UINT64_MAX;
	int err;

	if (t->checks_size && !current_size(t, &good_end))
		return false;
	if (t->sink->flush(t->sink, good_end, false, &err) != SINK_OK)
		return transfer_stop(t, TRANSFER_OUTPUT_ERROR, err);
	if (good_end < held_end)
		return transfer_stop(t, TRANSFER_SHRANK, 0);
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
call_sink(struct transfer *t, struct put_call *call, bool mapped)
{
	int result;

	if (!mapped || !t->sink->transforms)
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
piece_length(const struct transfer *t, uint64_t offset, size_t len,
    bool mapped, bool *by_reference)
{
	*by_reference = mapped && offset < t->settle_from;
	if (*by_reference && t->settle_from - offset < len)
		len = (size_t)(t->settle_from - offset);
	if (progress_enabled() && len > MMCAT_PROGRESS_PIECE_BYTES)
		len = MMCAT_PROGRESS_PIECE_BYTES;
	return len;
}

static bool
deliver_piece(struct transfer *t, struct put_call *call, bool mapped)
{
	switch (call_sink(t, call, mapped)) {
	case SINK_OK:
		return true;
	case SINK_FULL:
		return drain(t, call->offset + call->taken);
	case SINK_SOURCE_FAULT:
		return source_fault(t);
	case SINK_OUTPUT_ERROR:
		break;
	}
	return transfer_stop(t, TRANSFER_OUTPUT_ERROR, call->err);
}

bool
transfer_deliver(struct transfer *t, uint64_t offset,
    const unsigned char *bytes, size_t len, bool mapped)
{
	struct put_call call = { .sink = t->sink };
	size_t done = 0;
	bool going = true;

	while (going && done < len) {
		call.bytes = bytes + done;
		call.offset = offset + done;
		call.len = piece_length(t, call.offset, len - done, mapped,
		    &call.by_reference);
		call.taken = 0;
		going = deliver_piece(t, &call, mapped);
		done += call.taken;
		t->pos = offset + done;
		if (!t->counts_reads)
			progress_advance(call.taken);
	}
	return going;
}

void
transfer_copied(struct transfer *t, uint64_t n)
{
	t->pos += n;
	progress_advance(n);
}

ssize_t
transfer_read(struct transfer *t, void *buf, size_t len)
{
	ssize_t n = source_read(t->src, buf, len);

	if (n > 0)
		progress_advance((uint64_t)n);
	return n;
}

static enum transfer_result
run_engines(struct transfer *t)
{
	size_t i;

	for (i = 0; i < sizeof engines / sizeof *engines; i++) {
		if (engines[i].takes != NULL && !engines[i].takes(t))
			continue;
		switch (engines[i].run(t)) {
		case ENGINE_DONE:
			return t->shrank ? TRANSFER_SHRANK : TRANSFER_DONE;
		case ENGINE_STOPPED:
			return t->result;
		case ENGINE_DECLINED:
			break;
		}
	}
	/* The last engine, preadcopy, never declines. */
	(void)transfer_stop(t, TRANSFER_INPUT_ERROR, ENOTSUP);
	return t->result;
}

/*
 * The span is over: let the sink write what it holds.  Done, only if the
 * file still has every byte now that the output has them all (a spliced
 * page is gone from the pipe once the last, copied bytes went in); else
 * only what lies before the file's end now, and no partial last line.
 */
static enum transfer_result
finish(struct transfer *t, enum transfer_result result)
{
	uint64_t good_end = t->end, size;
	int err;

	if (result == TRANSFER_OUTPUT_ERROR)
		return result;
	if (t->checks_size) {
		if (source_current_size(t->src, &size) != 0)
			size = t->pos;
		if (size < good_end) {
			good_end = size;
			if (result == TRANSFER_DONE)
				result = TRANSFER_SHRANK;
		}
	}
	if (t->sink->flush(t->sink, good_end, result == TRANSFER_DONE,
	    &err) != SINK_OK) {
		t->err = err;
		return TRANSFER_OUTPUT_ERROR;
	}
	return result;
}

enum transfer_result
transfer_span(const struct source *src, struct output *out,
    struct sink *sink, const struct range_span *span,
    const struct transfer_settings *settings,
    struct transfer_report *report, int *err)
{
	uint64_t length = span->end - span->begin;
	size_t settle = output_settle_length(out);
	struct transfer t = {
		.src = src, .out = out, .sink = sink,
		.window = settings->window,
		.pos = span->begin, .end = span->end,
		.settle_from = span->end - (length < settle ? length : settle),
		.checks_size = !src->is_block_device,
		.report = report,
	};
	enum transfer_result result = TRANSFER_DONE;

	memset(report, 0, sizeof *report);
	progress_begin(src->name, length);
	if (length > 0)
		result = run_engines(&t);
	result = finish(&t, result);
	progress_end();
	*err = t.err;
	return result;
}

bool
transfer_next_sink(struct transfer *t)
{
	int err;

	if (t->sink->flush(t->sink, UINT64_MAX, true, &err) != SINK_OK)
		return transfer_stop(t, TRANSFER_OUTPUT_ERROR, err);
	t->sink = t->sinks->make(t->sinks->ctx);
	return true;
}

/* A reading loop over a stream: false when the transfer stopped. */
typedef bool (*stream_reader)(struct transfer *t, const void *ctx);

/* Run read over src's stream, then flush the sink as the outcome allows. */
static enum transfer_result
stream_through(const struct source *src, struct output *out,
    const struct sink_maker *sinks, stream_reader read, const void *ctx,
    int *err)
{
	struct transfer_report report;
	struct transfer t = {
		.src = src, .out = out, .sink = sinks->make(sinks->ctx),
		.sinks = sinks, .end = UINT64_MAX, .counts_reads = true,
		.report = &report,
	};
	enum transfer_result result = TRANSFER_DONE;

	memset(&report, 0, sizeof report);
	progress_begin(src->name, 0);
	if (!read(&t, ctx))
		result = t.result;
	result = finish(&t, result);
	progress_end();
	*err = t.err;
	return result;
}

struct range_job {
	const struct range_request *ranges;
	size_t count;
	bool strict;
	struct transfer_stream_outcome *outcomes;
};

static bool
read_ranges(struct transfer *t, const void *ctx)
{
	const struct range_job *job = ctx;

	return stream_copy(t, job->ranges, job->count, job->strict,
	    job->outcomes);
}

enum transfer_result
transfer_stream(const struct source *src, struct output *out,
    const struct sink_maker *sinks, const struct range_request *ranges,
    size_t count, bool strict, struct transfer_stream_outcome *outcomes,
    int *err)
{
	struct range_job job = { ranges, count, strict, outcomes };

	return stream_through(src, out, sinks, read_ranges, &job, err);
}

struct lines_job {
	const struct lines_request *request;
	bool strict;
	struct stream_lines_outcome *outcome;
};

static bool
read_lines(struct transfer *t, const void *ctx)
{
	const struct lines_job *job = ctx;

	return stream_lines(t, job->request, job->strict, job->outcome);
}

enum transfer_result
transfer_stream_lines(const struct source *src, struct output *out,
    const struct sink_maker *sinks, const struct lines_request *request,
    bool strict, struct stream_lines_outcome *outcome, int *err)
{
	struct lines_job job = { request, strict, outcome };

	return stream_through(src, out, sinks, read_lines, &job, err);
}

/* Append to a -v line, cut (never overrun) should it not fit. */
static void DIAG_PRINTF(3, 4)
append(char *buf, size_t buflen, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= buflen)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf + used, buflen - used, fmt, ap);
	va_end(ap);
}

/* " for N bytes", when the span went out in more than one way. */
static void
append_share(char *buf, size_t buflen, bool shared, uint64_t bytes)
{
	if (shared)
		append(buf, buflen, " for %" PRIu64 " bytes", bytes);
}

static void
describe_mapping(const struct transfer_report *r, size_t window,
    const struct output *out, char *buf, size_t buflen)
{
	append(buf, buflen, "page size %zu, offset %" PRIu64 " aligned down "
	    "to %" PRIu64 ", mapped %" PRIu64 " bytes in %" PRIu64
	    " window(s) of at most %zu, copy by ", view_page_size(),
	    r->first_offset, r->first_aligned, r->mapped, r->windows, window);
	if (r->spliced == 0)
		append(buf, buflen, "write(2)");
	else if (r->copied == 0)
		append(buf, buflen, "vmsplice(2) into a %zu-byte pipe",
		    out->pipe_size);
	else
		append(buf, buflen, "vmsplice(2) into a %zu-byte pipe, the last "
		    "%" PRIu64 " bytes by write(2)", out->pipe_size, r->copied);
}

void
transfer_describe(const struct transfer_report *r,
    const struct transfer_settings *settings, const struct output *out,
    uint64_t length, char *buf, size_t buflen)
{
	bool shared = (r->by_kernel > 0) + (r->windows > 0) +
	    (r->by_pread > 0) > 1;
	const char *then = "";

	buf[0] = '\0';
	if (length == 0) {
		append(buf, buflen, "copy by nothing (empty range)");
		return;
	}
	if (r->by_kernel > 0) {
		append(buf, buflen, "copy by %s", r->kernel_call);
		append_share(buf, buflen, shared, r->by_kernel);
		then = ", then ";
	}
	if (r->windows > 0) {
		append(buf, buflen, "%s", then);
		describe_mapping(r, settings->window, out, buf, buflen);
		append_share(buf, buflen, shared, r->by_mapping);
		then = ", then ";
	}
	if (r->by_pread > 0 || r->map_error != 0) {
		append(buf, buflen, "%sread by pread(2)", then);
		if (r->map_error != 0)
			append(buf, buflen, " as mmap failed (%s)",
			    strerror(r->map_error));
		append_share(buf, buflen, shared, r->by_pread);
	}
}
