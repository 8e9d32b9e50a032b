/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transfer.c - a span of a mappable input to the output, by the first
 * engine in the table that takes it.
 */
#include "config.h"

#include "transfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "kcopy.h"
#include "mapcopy.h"
#include "preadcopy.h"
#include "progress.h"
#include "view.h"

static bool
may_map(const struct flow *f)
{
	return !f->reads_only;
}

static const struct engine {
	bool (*takes)(const struct flow *f);	/* NULL: takes any */
	enum engine_answer (*run)(struct flow *f);
} engines[] = {
	{ kcopy_takes, kcopy_run },
	{ may_map, mapcopy_run },
	{ NULL, preadcopy_run },
};

static enum flow_result
run_engines(struct flow *f)
{
	size_t i;

	for (i = 0; i < sizeof engines / sizeof *engines; i++) {
		if (engines[i].takes != NULL && !engines[i].takes(f))
			continue;
		switch (engines[i].run(f)) {
		case ENGINE_DONE:
			return f->shrank ? FLOW_SHRANK : FLOW_DONE;
		case ENGINE_STOPPED:
			return f->result;
		case ENGINE_DECLINED:
			break;
		}
	}
	/* The last engine, preadcopy, never declines. */
	(void)flow_stop(f, FLOW_INPUT_ERROR, ENOTSUP);
	return f->result;
}

/*
 * Whether the span lies inside one page of the file.  Such a span is read
 * with pread(2): mapping it costs an mmap, a page fault and an munmap for
 * less than a page, about three times the read (measured on 10,000 ranges
 * of 1 to 200 bytes of a hot file).  A read never returns bytes past the
 * end of the file, so the size need not be read before or after it: a
 * short read is the shrink.
 */
static bool
within_one_page(const struct source *src, const struct range_span *span)
{
	uint64_t page = view_page_size();

	return span->end > span->begin &&
	    (src->origin + span->begin) / page ==
	    (src->origin + span->end - 1) / page;
}

enum flow_result
transfer_span(const struct source *src, struct output *out,
    struct sink *sink, const struct range_span *span,
    const struct transfer_settings *settings,
    struct flow_report *report, int *err)
{
	uint64_t length = span->end - span->begin;
	size_t settle = output_settle_length(out, length);
	bool one_read = within_one_page(src, span);
	struct flow flow = {
		.src = src, .out = out, .sink = sink,
		.window = settings->window,
		.pos = span->begin, .end = span->end,
		.settle_from = span->end - (length < settle ? length : settle),
		.checks_size = !src->is_block_device && !one_read,
		.reads_only = settings->reads_only || one_read,
		.report = report,
	};
	enum flow_result result = FLOW_DONE;
	int size_err;

	memset(report, 0, sizeof *report);
	progress_begin(src->name, length);
	if (length > 0)
		result = run_engines(&flow);
	if (result == FLOW_DONE && (flow.err = output_settle(out)) != 0)
		result = FLOW_OUTPUT_ERROR;
	/* Whatever the span came to, a hole given out counts in the size. */
	if (result != FLOW_OUTPUT_ERROR &&
	    (size_err = output_end_holes(out)) != 0) {
		flow.err = size_err;
		result = FLOW_OUTPUT_ERROR;
	}
	result = flow_finish(&flow, result);
	report->reached = flow.pos;
	progress_end();
	*err = flow.err;
	return result;
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
describe_mapping(const struct flow_report *r, size_t window,
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
transfer_describe(const struct flow_report *r,
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
