/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stream.h - the read(2) path, with the same range semantics as the
 * mapping engine, for inputs whose size is unknown until end of input.
 */
#ifndef MMCAT_STREAM_H
#define MMCAT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"

/* What one range of a stream came to. */
struct stream_outcome {
	uint64_t size;		/* bytes read (the size, if at EOF) */
	struct range_span span;	/* the request resolved against it */
	bool refused;		/* past EOF, or --strict: nothing printed */
};

/*
 * Read src, a stream, to its end (or until the ranges are known to be
 * complete) and print the count ranges in the order given, each through
 * a sink of its own from sinks, to out.  Several ranges must be ones that
 * range_plan_one_pass accepts.  Only the tail the ranges need is held in
 * memory (range_tail_needed).  Where the input can seek, the bytes before
 * and between ranges are skipped with lseek rather than read, unless a
 * range counts back from the end.  outcomes[i] says what range i came to;
 * refused ones printed nothing.  *err holds the errno of an error.
 */
enum flow_result stream_print_ranges(const struct source *src,
    struct output *out, const struct sink_maker *sinks,
    const struct range_request *ranges, size_t count, bool strict,
    struct stream_outcome *outcomes, int *err);

#endif
