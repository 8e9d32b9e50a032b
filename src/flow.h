/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * flow.h - one span on its way from an input to a sink, and the services
 * that carry it: what the copy engines (kcopy, mapcopy, preadcopy) and
 * the stream readers (stream.c, streamlines.c) call.
 *
 * Layers point one way: the printer asks transfer.c (the engine table)
 * or a stream reader to print; those drive a flow; a flow calls the sink,
 * the output, the source and the progress line, and nothing above it.
 * A flow re-checks the input's size, advances the progress line, splices
 * only what can be settled before the span ends, calls the sink's flush
 * exactly as the outcome allows, and ends in one result: done, shrank,
 * input error or output error, never an errno convention.
 */
#ifndef MMCAT_FLOW_H
#define MMCAT_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "output.h"
#include "sink.h"
#include "source.h"

enum flow_result {
	FLOW_DONE,
	FLOW_SHRANK,		/* the file lost bytes of the span under us */
	FLOW_INPUT_ERROR,	/* reading the input failed: err says why */
	FLOW_OUTPUT_ERROR	/* writing failed: err says why; fatal */
};

/* How a span went out, for -v: what each engine really did. */
struct flow_report {
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
	uint64_t reached;	/* bytes before this offset were given out */
};

/* One flow under way; its owner sets it up, the engines and readers use it. */
struct flow {
	const struct source *src;
	struct output *out;
	struct sink *sink;
	const struct sink_maker *sinks;	/* streams: where the next sink comes from */
	size_t window;		/* the most bytes mapped at once */
	uint64_t pos;		/* bytes before pos have been given out */
	uint64_t end;		/* the span's end, cut if the file shrinks */
	uint64_t settle_from;	/* bytes from here on are copied, not spliced */
	bool checks_size;	/* a file whose size can change under us */
	bool counts_reads;	/* progress counts bytes read (streams) */
	bool reads_only;	/* the file must not be mapped */
	bool shrank;		/* the size check cut end */
	enum flow_result result;	/* once stopped */
	int err;
	struct flow_report *report;
};

/*
 * Give len bytes found at offset to the sink; f->pos moves past what was
 * taken.  mapped: the bytes are pages of a mapping of the source.  False
 * when the flow has stopped (f->result).
 */
bool flow_deliver(struct flow *f, uint64_t offset, const unsigned char *bytes,
    size_t len, bool mapped);

/*
 * A stream's next range: the sink of the last one writes out all it
 * holds, and a fresh one takes over.  False when the flow stopped.
 */
bool flow_next_sink(struct flow *f);

/*
 * For a sink that takes holes as such (sink.h: put_hole): if f->pos lies
 * in a hole of the file, hand the sink the hole, up to the next data or
 * f->end, without reading it.  *data_end: where the data from f->pos on
 * ends (the next hole, at most f->end), for the engine to stop its
 * window there.  False when the flow has stopped.
 */
bool flow_pass_hole(struct flow *f, uint64_t *data_end);

/* The kernel moved n bytes from f->pos to the output itself. */
void flow_copied(struct flow *f, uint64_t n);

/*
 * Read the size again and cut f->end to it (a shrink is reported when
 * the span is over).  False when the flow has stopped.
 */
bool flow_clip(struct flow *f);

/* Stop with result and err; returns false, for callers to pass on. */
bool flow_stop(struct flow *f, enum flow_result result, int err);

/* A read from the input, counted for progress (streams). */
ssize_t flow_read(struct flow *f, void *buf, size_t len);

/* The same, of what the stream has now, without waiting (0: nothing). */
ssize_t flow_read_ready(struct flow *f, void *buf, size_t len);

/*
 * The span is over, as result says: let the sink write what it holds,
 * and say what the span came to.
 */
enum flow_result flow_finish(struct flow *f, enum flow_result result);

/* A reading loop over a stream: false when the flow stopped. */
typedef bool (*flow_reader)(struct flow *f, const void *ctx);

/*
 * Run read over src, a stream, with a fresh sink from sinks, then flush
 * as the outcome allows.  *err holds the errno of an error.
 */
enum flow_result flow_stream(const struct source *src, struct output *out,
    const struct sink_maker *sinks, flow_reader read, const void *ctx,
    int *err);

#endif
