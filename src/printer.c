/*
 * printer.c - one input operand: open it, resolve each range against it,
 * hand each span to the mapping engine or the stream path, and turn
 * whatever went wrong into one message.
 */
#include "config.h"

#include "printer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "hexdump.h"
#include "kcopy.h"
#include "mapcopy.h"
#include "progress.h"
#include "source.h"
#include "stream.h"

/* Report a failed copy; returns the status it amounts to. */
static enum print_status
report_copy_result(const struct source *src, enum copy_result result,
    int err)
{
	switch (result) {
	case COPY_DONE:
		return PRINT_OK;
	case COPY_SHRANK:
		diag(src->name, "file shrank while reading");
		return PRINT_FILE_FAILED;
	case COPY_OUTPUT_ERROR:
		diag_write_error(err);
		return PRINT_OUTPUT_FAILED;
	case COPY_INPUT_ERROR:
	case COPY_CANNOT_MAP:
	case COPY_REFUSED:
		break;
	}
	diag(src->name, "%s", strerror(err));
	return PRINT_FILE_FAILED;
}

/* A fresh sink for one range: each hex dump starts its own lines. */
static struct sink *
sink_for_range(const struct source *src, const struct print_config *config)
{
	return config->hex ? hexdump_sink(src) : sink_raw();
}

/* The range went through: let the sink write what it held back. */
static enum copy_result
finish_sink(struct sink *sink, enum copy_result result, int *err)
{
	if (result != COPY_DONE)
		return result;
	*err = sink->finish(sink);
	if (*err == EFAULT)
		return COPY_SHRANK;
	return *err != 0 ? COPY_OUTPUT_ERROR : COPY_DONE;
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

/* How a span went out: for --verbose, named once the copy is over. */
struct span_report {
	struct map_stats map;	/* what the mapping engine did, if anything */
	const char *kernel_copy;	/* copy_file_range or sendfile did (part of) it */
	bool pread_fallback;	/* mmap failed: the rest was read */
};

/* "vmsplice(2) into a 1048576-byte pipe", "write(2)", ... */
static const char *
describe_method(const struct span_report *report, char *buf, size_t buflen)
{
	const char *mapped = output_method_name(report->map.method);

	if (report->map.method == OUTPUT_VMSPLICE)
		(void)snprintf(buf, buflen, "%s into a %zu-byte pipe", mapped,
		    output_pipe_size());
	else if (report->kernel_copy != NULL)
		(void)snprintf(buf, buflen, "%s%s%s", report->kernel_copy,
		    report->map.windows > 0 ? " then " : "",
		    report->map.windows > 0 ? mapped : "");
	else
		(void)snprintf(buf, buflen, "%s", mapped);
	if (report->pread_fallback)
		(void)snprintf(buf + strlen(buf), buflen - strlen(buf),
		    ", then pread(2) as mmap failed");
	return buf;
}

/*
 * One line, one shape, whatever the engine: page size, the offset aligned
 * down, bytes mapped (0 when the kernel copied file to file), the window,
 * the copy method.
 */
static void
describe_span(const struct source *src, const struct range_span *span,
    const struct print_config *config, const struct span_report *report)
{
	uint64_t first = src->origin + span->begin;
	size_t page = mapcopy_page_size();
	char method[128];

	diag(src->name, "bytes %" PRIu64 "-%" PRIu64 " of %" PRIu64
	    ": page size %zu, offset %" PRIu64 " aligned down to %" PRIu64
	    ", mapped %" PRIu64 " bytes in %" PRIu64 " window(s) of at most "
	    "%zu, copy by %s%s", span->begin, span->end, src->size, page,
	    first, first - first % page, report->map.mapped,
	    report->map.windows, config->window,
	    span->begin == span->end ? "nothing (empty range)" :
	    describe_method(report, method, sizeof method),
	    src->spooled ? "; input copied from a stream to a temporary file" :
	    "");
}

/*
 * Send a span through the best engine that will take it: the kernel's
 * file-to-file copy for raw bytes into a regular file, else the mapping,
 * else (a file system that cannot map) pread.  Each picks up where the one
 * before stopped.
 */
static enum copy_result
copy_span(const struct source *src, const struct range_span *span,
    const struct print_config *config, struct sink *sink,
    struct span_report *report, int *err)
{
	enum copy_result result = COPY_CANNOT_MAP;
	uint64_t copied_to = span->begin;

	if (!config->hex && output_takes_kernel_copy() &&
	    !src->is_block_device && span->begin < span->end) {
		result = kcopy_span(src, span->begin, span->end, &copied_to,
		    &report->kernel_copy, err);
	}
	if (result == COPY_CANNOT_MAP)
		result = mapcopy_span(src, copied_to, span->end, config->window,
		    sink, &report->map, &copied_to, err);
	if (result == COPY_CANNOT_MAP) {
		report->pread_fallback = true;
		result = stream_copy_known_span(src, copied_to, span->end,
		    sink, err);
	}
	return finish_sink(sink, result, err);
}

static enum print_status
print_mapped_span(const struct source *src, const struct range_span *span,
    const struct print_config *config)
{
	struct span_report report = { .map = { .method = OUTPUT_WRITE } };
	enum copy_result result;
	int err = 0;

	progress_begin(src->name, span->end - span->begin);
	result = copy_span(src, span, config, sink_for_range(src, config),
	    &report, &err);
	progress_end();
	if (config->verbose)
		describe_span(src, span, config, &report);
	return report_copy_result(src, result, err);
}

static enum print_status
print_mapped(const struct source *src, const struct print_config *config)
{
	enum print_status status = PRINT_OK, one;
	struct range_span span;
	size_t i;

	/* Under --strict nothing is printed unless every range is whole. */
	for (i = 0; config->strict && i < config->range_count; i++) {
		range_resolve(&config->ranges[i], src->size, &span);
		if (refuse_span(src, &config->ranges[i], &span, src->size,
		    true))
			return PRINT_FILE_FAILED;
	}
	for (i = 0; i < config->range_count; i++) {
		range_resolve(&config->ranges[i], src->size, &span);
		if (refuse_span(src, &config->ranges[i], &span, src->size,
		    config->strict)) {
			status = PRINT_FILE_FAILED;
			continue;
		}
		one = print_mapped_span(src, &span, config);
		if (one != PRINT_OK)
			return one;
	}
	return status;
}

static enum print_status
print_streamed(const struct source *src, const struct print_config *config)
{
	const struct range_request *request = &config->ranges[0];
	struct sink *sink = sink_for_range(src, config);
	struct stream_outcome outcome;
	enum copy_result result;
	int err;

	progress_begin(src->name, 0);
	result = stream_copy(src, request, config->strict, sink, &outcome,
	    &err);
	result = finish_sink(sink, result, &err);
	progress_end();
	if (result == COPY_REFUSED) {
		refuse_span(src, request, &outcome.span, outcome.size,
		    config->strict);
		return PRINT_FILE_FAILED;
	}
	if (config->verbose)
		diag(src->name, "bytes %" PRIu64 "-%" PRIu64 " of %" PRIu64
		    " read: read(2) stream (%s)", outcome.span.begin,
		    outcome.span.end, outcome.size, src->stream_reason);
	return report_copy_result(src, result, err);
}

/* Copy src to a temporary file; false (reported) when that fails. */
static bool
spool_or_report(struct source *src)
{
	bool read_failed;
	int err;

	if ((err = source_spool(src, &read_failed)) == 0)
		return true;
	if (read_failed)
		diag(src->name, "%s", strerror(err));
	else
		diag(src->name, "cannot copy to a temporary file: %s",
		    strerror(err));
	return false;
}

static enum print_status
print_lines(const struct source *src, const struct print_config *config)
{
	struct lines_span found;
	int err;

	if ((err = lines_find(src, config->lines, config->window,
	    &found)) != 0) {
		if (err == EFAULT)
			diag(src->name, "file shrank while reading");
		else
			diag(src->name, "%s", strerror(err));
		return PRINT_FILE_FAILED;
	}
	if (config->strict && (found.past_last || found.clamped)) {
		diag(src->name, "lines %s ask for lines the file does not have "
		    "and --strict is set", config->lines_text);
		return PRINT_FILE_FAILED;
	}
	if (config->verbose)
		diag(src->name, "lines %s are bytes %" PRIu64 "-%" PRIu64,
		    config->lines_text, found.bytes.begin, found.bytes.end);
	return print_mapped_span(src, &found.bytes, config);
}

/*
 * A stream is read once; what needs more than one pass over it is done on
 * a copy in a temporary file.
 */
static bool
needs_spool(const struct source *src, const struct print_config *config)
{
	return src->kind == SOURCE_STREAM &&
	    (config->lines != NULL || config->range_count > 1);
}

enum print_status
print_file(const char *path, const struct print_config *config)
{
	struct source src;
	enum print_status status;
	int err;

	if ((err = source_open(path, &src)) != 0) {
		diag(strcmp(path, "-") == 0 ? source_stdin_name : path, "%s",
		    strerror(err));
		return PRINT_FILE_FAILED;
	}
	if (needs_spool(&src, config) && !spool_or_report(&src)) {
		source_close(&src);
		return PRINT_FILE_FAILED;
	}
	if (config->lines != NULL)
		status = print_lines(&src, config);
	else if (src.kind == SOURCE_MAPPABLE)
		status = print_mapped(&src, config);
	else
		status = print_streamed(&src, config);
	source_close(&src);
	return status;
}
