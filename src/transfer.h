/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transfer.h - one owner for carrying one range of an input to standard
 * output.
 *
 * A transfer picks the engine from one table and lets each pick up where
 * the one before stopped:
 *
 *	engine      takes the span when            declines when
 *	kcopy       stdout is a regular file and   the kernel will not copy
 *	            the bytes go out unchanged     (or fails: the next engine
 *	                                           tells which side it was)
 *	mapcopy     always first for the rest      mmap is refused
 *	preadcopy   what is left                   never
 *
 * It re-checks the size, advances the progress line, splices only what
 * can be settled before the span ends, calls the sink's flush exactly as
 * the outcome allows, and records for -v what was really used.  Engines
 * answer done, declined or stopped; the outcome says what happened
 * (done, shrank, input error, output error), never an errno convention.
 */
#ifndef MMCAT_TRANSFER_H
#define MMCAT_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"

enum transfer_result {
	TRANSFER_DONE,
	TRANSFER_SHRANK,	/* the file lost bytes of the span under us */
	TRANSFER_INPUT_ERROR,	/* reading the input failed: err says why */
	TRANSFER_OUTPUT_ERROR	/* writing failed: err says why; fatal */
};

/* How a span went out, for -v: what each engine really did. */
struct transfer_report {
	uint64_t by_kernel;	/* bytes copied file to file by the kernel */
	const char *kernel_call;	/* ... by copy_file_range(2) or sendfile(2) */
	uint64_t by_mapping;	/* bytes given out from mappings */
	uint64_t first_offset;	/* absolute offset of the first mapped byte */
	uint64_t first_aligned;	/* ... aligned down to a page */
	uint64_t mapped;	/* bytes mapped in all */
	uint64_t windows;	/* mappings made */
	uint64_t spliced;	/* bytes that left by vmsplice(2) */
	uint64_t copied;	/* bytes that left by write(2) */
	uint64_t by_pread;	/* bytes read with pread(2) */
	int map_error;		/* why mmap was refused, if it was */
};

struct transfer_settings {
	size_t window;		/* mapping window, whole pages */
};

/*
 * Carry bytes [span->begin, span->end) of a mappable src through sink to
 * out.  *err holds the errno of an input or output error.
 */
enum transfer_result transfer_span(const struct source *src,
    struct output *out, struct sink *sink, const struct range_span *span,
    const struct transfer_settings *settings,
    struct transfer_report *report, int *err);

/* What a stream came to (stream.h does the reading). */
struct transfer_stream_outcome {
	uint64_t size;		/* bytes read (the size, if at EOF) */
	struct range_span span;	/* the request resolved against it */
	bool refused;		/* past EOF, or --strict: nothing printed */
};

/* A fresh sink for each range (a hex dump starts its own lines). */
struct sink_maker {
	struct sink *(*make)(const void *ctx);
	const void *ctx;
};

/*
 * Carry count ranges of a stream src to out, in one pass, each through a
 * sink of its own; outcomes[i] says what range i came to.
 */
enum transfer_result transfer_stream(const struct source *src,
    struct output *out, const struct sink_maker *sinks,
    const struct range_request *ranges, size_t count, bool strict,
    struct transfer_stream_outcome *outcomes, int *err);

struct lines_request;
struct stream_lines_outcome;

/* Carry the requested lines of a stream src through sink to out. */
enum transfer_result transfer_stream_lines(const struct source *src,
    struct output *out, const struct sink_maker *sinks,
    const struct lines_request *request, bool strict,
    struct stream_lines_outcome *outcome, int *err);

/*
 * "copy by vmsplice(2) into a 1048576-byte pipe", ...: what really
 * happened, for -v, into buf.
 */
void transfer_describe(const struct transfer_report *report,
    const struct transfer_settings *settings, const struct output *out,
    uint64_t length, char *buf, size_t buflen);

/* --- for the engines -------------------------------------------------- */

/* One transfer under way; owned by transfer.c, lent to the engines. */
struct transfer {
	const struct source *src;
	struct output *out;
	struct sink *sink;
	const struct sink_maker *sinks;	/* streams: where the next sink comes from */
	size_t window;
	uint64_t pos;		/* bytes before pos have been given out */
	uint64_t end;		/* the span's end, cut if the file shrinks */
	uint64_t settle_from;	/* bytes from here on are copied, not spliced */
	bool checks_size;	/* a file whose size can change under us */
	bool counts_reads;	/* progress counts bytes read (streams) */
	bool shrank;		/* the size check cut end */
	enum transfer_result result;	/* once an engine has stopped */
	int err;
	struct transfer_report *report;
};

enum engine_answer {
	ENGINE_DONE,		/* the span went out, up to t->end */
	ENGINE_DECLINED,	/* cannot go on from t->pos: try the next */
	ENGINE_STOPPED		/* t->result says why */
};

/*
 * Give len bytes found at offset to the sink; t->pos moves past what was
 * taken.  mapped: the bytes are pages of a mapping of the source.  False
 * when the transfer has stopped (t->result).
 */
bool transfer_deliver(struct transfer *t, uint64_t offset,
    const unsigned char *bytes, size_t len, bool mapped);

/*
 * A stream's next range: the sink of the last one writes out all it
 * holds, and a fresh one takes over.  False when the transfer stopped.
 */
bool transfer_next_sink(struct transfer *t);

/* The kernel moved n bytes from t->pos to the output itself. */
void transfer_copied(struct transfer *t, uint64_t n);

/*
 * Read the size again and cut t->end to it (a shrink is reported when
 * the span is over).  False when the transfer has stopped.
 */
bool transfer_clip(struct transfer *t);

/* Stop with result and err; returns false, for engines to pass on. */
bool transfer_stop(struct transfer *t, enum transfer_result result, int err);

/* A read from the input, counted for progress (streams). */
ssize_t transfer_read(struct transfer *t, void *buf, size_t len);

#endif
