/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printer.c - one input operand: open it, resolve each range against it,
 * hand each span to a transfer, and turn what went wrong into one message.
 */
#include "config.h"

#include "printer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "diag.h"
#include "hexdump.h"
#include "keyfind.h"
#include "source.h"
#include "stream.h"
#include "streamkeys.h"
#include "streamlines.h"

/* Report how a span ended; returns the status it amounts to. */
static enum print_status
report_result(const struct source *src, enum flow_result result,
    int err)
{
	switch (result) {
	case FLOW_DONE:
		return PRINT_OK;
	case FLOW_SHRANK:
		diag(src->name, "file shrank while reading");
		return PRINT_FILE_FAILED;
	case FLOW_INPUT_ERROR:
		diag(src->name, "%s", strerror(err));
		return PRINT_FILE_FAILED;
	case FLOW_OUTPUT_ERROR:
		break;
	}
	diag_write_error(err);
	return PRINT_OUTPUT_FAILED;
}

/*
 * A fresh sink for one range: each hex dump starts its own lines, with
 * the addresses of src's own file.
 */
static struct sink *
sink_for_range(const struct source *src, const struct print_config *config)
{
	return config->hex != NULL ? hexdump_start(config->hex,
	    src->file_origin, src->is_stdin ? NULL : src->name) :
	    &config->raw->base;
}

/* Report a span refused for being past EOF or, under --strict, clamped. */
static bool
refuse_span(const struct source *src, const struct range_request *request,
    const struct range_span *span, uint64_t size, bool strict)
{
	char reason[256];

	if (!range_describe_problem(request, span, size, strict, reason,
	    sizeof reason))
		return false;
	diag(src->name, "%s", reason);
	return true;
}

/*
 * Refuse to print into the input itself where the output would land
 * before the end of what is still to be read (cat's rule): the copy would
 * overwrite its own input.  Appending lands past every range: allowed.
 */
static bool
refuse_self_copy(const struct source *src, const struct print_config *config,
    uint64_t end)
{
	uint64_t position;

	if (src->spooled || !S_ISREG(src->st.st_mode) ||
	    !output_is_file(config->out, &src->st, &position) ||
	    position >= src->origin + end)
		return false;
	diag(src->name, "input file is output file");
	return true;
}

/*
 * ", standard input starting at O", or nothing: every -v line gives the
 * offsets of the input's own file, and says where a standard input read
 * from already began.
 */
static const char *
describe_start(const struct source *src, char *buf, size_t buflen)
{
	buf[0] = '\0';
	/* A part (-m) is not where standard input began: -m says where. */
	if (src->file_origin > 0 && !src->bounded)
		(void)snprintf(buf, buflen, ", standard input starting at %"
		    PRIu64, src->file_origin);
	return buf;
}

/* "bytes B-E of S: page size ..., copy by ...", for --verbose. */
static void
describe_span(const struct source *src, const struct range_span *span,
    const struct print_config *config, const struct flow_report *report)
{
	uint64_t o = src->file_origin;
	char method[512], start[64];

	transfer_describe(report, &config->transfer, config->out,
	    span->end - span->begin, method, sizeof method);
	diag(src->name, "bytes %" PRIu64 "-%" PRIu64 " of %" PRIu64 "%s: %s%s",
	    o + span->begin, o + span->end, o + src->size,
	    describe_start(src, start, sizeof start), method,
	    src->spooled ? "; input copied from a stream to a temporary file" :
	    "");
}

static enum print_status
print_span(const struct source *src, const struct range_span *span,
    const struct print_config *config)
{
	struct flow_report report;
	enum flow_result result;
	int err;

	result = transfer_span(src, config->out, sink_for_range(src, config),
	    span, &config->transfer, &report, &err);
	if (config->verbose)
		describe_span(src, span, config, &report);
	if (result == FLOW_DONE)
		source_leave_at(src, span->end);
	return report_result(src, result, err);
}

/*
 * Resolve every range; under --strict, refuse the file unless all are
 * whole.  *end: the furthest byte any range reaches.
 */
static bool
check_ranges(const struct source *src, const struct print_config *config,
    uint64_t *end)
{
	struct range_span span;
	size_t i;

	*end = 0;
	for (i = 0; i < config->range_count; i++) {
		range_resolve(&config->ranges[i], src->size, &span);
		if (config->strict && refuse_span(src, &config->ranges[i],
		    &span, src->size, true))
			return false;
		if (!span.past_eof && span.end > *end)
			*end = span.end;
	}
	return !refuse_self_copy(src, config, *end);
}

static enum print_status
print_mapped(const struct source *src, const struct print_config *config)
{
	enum print_status status = PRINT_OK, one;
	struct range_span span;
	uint64_t end;
	size_t i;

	if (!check_ranges(src, config, &end))
		return PRINT_FILE_FAILED;
	for (i = 0; i < config->range_count; i++) {
		range_resolve(&config->ranges[i], src->size, &span);
		if (refuse_span(src, &config->ranges[i], &span, src->size,
		    config->strict)) {
			status = PRINT_FILE_FAILED;
			continue;
		}
		one = print_span(src, &span, config);
		if (one != PRINT_OK)
			return one;
	}
	return status;
}

/* What makes the sinks of a stream's ranges. */
struct sink_context {
	const struct source *src;
	const struct print_config *config;
};

static struct sink *
make_sink(const void *ctx)
{
	const struct sink_context *c = ctx;

	return sink_for_range(c->src, c->config);
}

/* "bytes B-E of S read: read(2) stream (why)", for --verbose. */
static void
describe_streamed(const struct source *src, const struct stream_outcome *o)
{
	uint64_t base = src->file_origin;
	char start[64];

	diag(src->name, "bytes %" PRIu64 "-%" PRIu64 " of %" PRIu64
	    " read%s: read(2) stream (%s)", base + o->span.begin,
	    base + o->span.end, base + o->size,
	    describe_start(src, start, sizeof start), src->stream_reason);
}

/*
 * What each range of a stream came to: a message for each refused one,
 * a -v line for each printed one, and standard input left past the last,
 * or where it was when none was printed.
 */
static enum print_status
report_streamed(const struct source *src, const struct print_config *config,
    const struct stream_outcome *outcomes)
{
	const struct stream_outcome *o;
	enum print_status status = PRINT_OK;
	const struct range_span *last = NULL;
	size_t i;

	for (i = 0; i < config->range_count; i++) {
		o = &outcomes[i];
		if (o->refused) {
			refuse_span(src, &config->ranges[i], &o->span, o->size,
			    config->strict);
			status = PRINT_FILE_FAILED;
			continue;
		}
		if (config->verbose)
			describe_streamed(src, o);
		last = &o->span;
	}
	/* A seekable stream was read past them: put it back. */
	source_leave_at(src, last != NULL ? last->end : 0);
	return status;
}

/* The ranges of a stream, in one pass. */
static enum print_status
print_streamed(const struct source *src, const struct print_config *config)
{
	const struct sink_context ctx = { src, config };
	const struct sink_maker sinks = { make_sink, &ctx };
	struct stream_outcome *outcomes;
	enum flow_result result;
	enum print_status status;
	int err;

	outcomes = calloc(config->range_count, sizeof *outcomes);
	if (outcomes == NULL) {
		diag(src->name, "%s", strerror(ENOMEM));
		return PRINT_FILE_FAILED;
	}
	result = stream_print_ranges(src, config->out, &sinks, config->ranges,
	    config->range_count, config->strict, outcomes, &err);
	status = result == FLOW_DONE ?
	    report_streamed(src, config, outcomes) :
	    report_result(src, result, err);
	free(outcomes);
	return status;
}

/*
 * Copy what the ranges need of src to a temporary file; false (reported)
 * when that fails.
 */
static bool
spool_or_report(struct source *src, const struct print_config *config)
{
	uint64_t from, to;
	bool read_failed;
	int err;

	range_needed_stretch(config->ranges, config->range_count, &from, &to);
	if ((err = source_spool(src, from, to, &read_failed)) == 0)
		return true;
	if (read_failed)
		diag(src->name, "%s", strerror(err));
	else
		diag(src->name, "cannot copy to a temporary file: %s",
		    strerror(err));
	return false;
}

static void
report_strict_lines(const struct source *src,
    const struct print_config *config)
{
	diag(src->name, "lines %s ask for lines the file does not have and "
	    "--strict is set", config->lines_text);
}

static enum print_status
print_lines(const struct source *src, const struct print_config *config)
{
	struct lines_span found;
	int err;

	switch (lines_find(src, config->lines, config->terminator,
	    config->transfer.window, &found, &err)) {
	case LINES_FOUND:
		break;
	case LINES_SHRANK:
		diag(src->name, "file shrank while reading");
		return PRINT_FILE_FAILED;
	case LINES_INPUT_ERROR:
	default:
		diag(src->name, "%s", strerror(err));
		return PRINT_FILE_FAILED;
	}
	if (config->strict && (found.past_last || found.clamped)) {
		report_strict_lines(src, config);
		return PRINT_FILE_FAILED;
	}
	if (refuse_self_copy(src, config, found.bytes.end))
		return PRINT_FILE_FAILED;
	/* Nothing selected past the last line: the scan read to the end. */
	if (found.past_last)
		found.bytes.begin = found.bytes.end = src->size;
	if (config->verbose)
		diag(src->name, "-L %s selects bytes %" PRIu64 "-%" PRIu64,
		    config->lines_text, src->file_origin + found.bytes.begin,
		    src->file_origin + found.bytes.end);
	return print_span(src, &found.bytes, config);
}

/* -L on a stream: one pass, holding only what the spec needs. */
static enum print_status
print_streamed_lines(const struct source *src,
    const struct print_config *config)
{
	const struct sink_context ctx = { src, config };
	const struct sink_maker sinks = { make_sink, &ctx };
	struct stream_lines_outcome found = { .lines = 0 };
	uint64_t o = src->file_origin;
	char start[64];
	enum flow_result result;
	int err;

	result = stream_print_lines(src, config->out, &sinks,
	    config->lines, config->terminator, config->strict, &found, &err);
	if (result == FLOW_DONE && found.refused) {
		/* A seekable stream was read to its end: put it back. */
		source_leave_at(src, 0);
		report_strict_lines(src, config);
		return PRINT_FILE_FAILED;
	}
	if (config->verbose)
		diag(src->name, "-L %s selects bytes %" PRIu64 "-%" PRIu64
		    " of %" PRIu64 " line(s) read%s: read(2) stream (%s)",
		    config->lines_text, o + found.bytes.begin,
		    o + found.bytes.end, found.lines,
		    describe_start(src, start, sizeof start),
		    src->stream_reason);
	/*
	 * No line printed: the stream was read to its end, and stays there,
	 * as a file with no line selected is left.
	 */
	if (result == FLOW_DONE && found.bytes.end > found.bytes.begin)
		source_leave_at(src, found.bytes.end);
	return report_result(src, result, err);
}

/* The keys of config, with the terminator lines end with. */
static struct key_request
keys_of(const struct print_config *config)
{
	struct key_request r = *config->keys;

	r.terminator = config->terminator;
	return r;
}

static void
report_unsorted(const struct source *src, uint64_t at)
{
	diag(src->name, "input is not sorted near byte %" PRIu64,
	    src->file_origin + at);
}

/* --from/--to in a mappable file: bisection, then one span. */
static enum print_status
print_keys(const struct source *src, const struct print_config *config)
{
	const struct key_request request = keys_of(config);
	struct key_span found;
	struct range_span span;
	enum print_status status;
	int err;

	switch (key_find_in_source(src, &request, &found, &err)) {
	case KEY_FIND_OK:
		break;
	case KEY_FIND_SHRANK:
		diag(src->name, "file shrank while reading");
		return PRINT_FILE_FAILED;
	case KEY_FIND_ERROR:
	default:
		diag(src->name, "%s", strerror(err));
		return PRINT_FILE_FAILED;
	}
	if (refuse_self_copy(src, config, found.end)) {
		key_release_source(src);
		return PRINT_FILE_FAILED;
	}
	if (config->verbose)
		diag(src->name, "keys select bytes %" PRIu64 "-%" PRIu64
		    ", found reading %" PRIu64 " bytes",
		    src->file_origin + found.begin,
		    src->file_origin + found.end, found.bytes_read);
	span = (struct range_span){ .begin = found.begin, .end = found.end };
	status = print_span(src, &span, config);
	key_release_source(src);
	if (status == PRINT_OK && found.unsorted) {
		report_unsorted(src, found.unsorted_at);
		status = PRINT_FILE_FAILED;
	}
	return status;
}

/* --from/--to on a stream: one pass, stopping past --to. */
static enum print_status
print_streamed_keys(const struct source *src,
    const struct print_config *config)
{
	const struct key_request request = keys_of(config);
	const struct sink_context ctx = { src, config };
	const struct sink_maker sinks = { make_sink, &ctx };
	struct stream_keys_outcome found = { .printed = false };
	uint64_t o = src->file_origin;
	char start[64];
	enum flow_result result;
	int err;

	result = stream_print_keys(src, config->out, &sinks, &request, &found,
	    &err);
	if (config->verbose)
		diag(src->name, "keys select bytes %" PRIu64 "-%" PRIu64
		    " of %" PRIu64 " read%s: read(2) stream (%s)",
		    o + found.bytes.begin, o + found.bytes.end, o + found.read,
		    describe_start(src, start, sizeof start),
		    src->stream_reason);
	if (result == FLOW_DONE && found.printed)
		source_leave_at(src, found.bytes.end);
	if (result == FLOW_DONE && found.unsorted) {
		report_unsorted(src, found.unsorted_at);
		return PRINT_FILE_FAILED;
	}
	return report_result(src, result, err);
}

/*
 * --chunk=K/N: piece K of N, from the size and the terminators near the
 * piece's two boundaries.  A stream has no size to cut.
 */
static enum print_status
print_chunk(const struct source *src, const struct print_config *config)
{
	struct range_span piece;
	int err;

	if (src->kind == SOURCE_STREAM) {
		diag(src->name, "cannot cut a stream into chunks: its size is "
		    "unknown");
		return PRINT_FILE_FAILED;
	}
	switch (chunks_find(src, config->chunk, config->terminator,
	    config->transfer.window, &piece, &err)) {
	case CHUNKS_FOUND:
		break;
	case CHUNKS_SHRANK:
		diag(src->name, "file shrank while reading");
		return PRINT_FILE_FAILED;
	case CHUNKS_INPUT_ERROR:
	default:
		diag(src->name, "%s", strerror(err));
		return PRINT_FILE_FAILED;
	}
	if (refuse_self_copy(src, config, piece.end))
		return PRINT_FILE_FAILED;
	if (config->verbose)
		diag(src->name, "--chunk %s selects bytes %" PRIu64 "-%" PRIu64,
		    config->chunk_text, src->file_origin + piece.begin,
		    src->file_origin + piece.end);
	return print_span(src, &piece, config);
}

/*
 * A stream is read once; what needs more than one pass over it is done on
 * a copy in a temporary file.
 */
static bool
needs_spool(const struct source *src, const struct print_config *config)
{
	uint64_t tail;

	return src->kind == SOURCE_STREAM && config->lines == NULL &&
	    config->keys == NULL &&
	    !range_plan_one_pass(config->ranges, config->range_count,
	    config->strict, &tail);
}

enum print_status
print_source(struct source *src, const struct print_config *config)
{
	/*
	 * An empty regular file is empty, unless its file system makes
	 * sizes up (/proc): as for -f, it can be cut.
	 */
	if (config->chunk != NULL) {
		(void)source_follow_by_size(src);
		return print_chunk(src, config);
	}
	if (needs_spool(src, config) && !spool_or_report(src, config))
		return PRINT_FILE_FAILED;
	if (config->keys != NULL)
		return src->kind == SOURCE_STREAM ?
		    print_streamed_keys(src, config) : print_keys(src, config);
	if (config->lines != NULL && src->kind == SOURCE_STREAM)
		return print_streamed_lines(src, config);
	if (config->lines != NULL)
		return print_lines(src, config);
	if (src->kind == SOURCE_MAPPABLE)
		return print_mapped(src, config);
	return print_streamed(src, config);
}

enum print_status
print_path(const char *path, const struct print_config *config,
    print_source_fn print)
{
	struct source src;
	enum print_status status;
	int err;

	if ((err = source_open(path, &src)) != 0) {
		diag(strcmp(path, "-") == 0 ? source_stdin_name : path, "%s",
		    strerror(err));
		return PRINT_FILE_FAILED;
	}
	status = print(&src, config);
	source_close(&src);
	return status;
}

enum print_status
print_file(const char *path, const struct print_config *config)
{
	return print_path(path, config, print_source);
}
