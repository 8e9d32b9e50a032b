/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * streamlines.h - -L on a stream, in one pass.
 *
 * Forward specs (N, N:M, :M, N:+K) print the lines as they go by and stop
 * reading after the last one.  Specs counted from the end keep only what
 * they need (lines_stream_hold): the last K lines for a first line -K
 * (tail -n K), the last L - 1 lines for a last line -L (head -n -(L-1)),
 * and under --strict the lines of a forward spec until its last line is
 * known to exist.
 */
#ifndef MMCAT_STREAMLINES_H
#define MMCAT_STREAMLINES_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"
#include "linespec.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"

struct stream_lines_outcome {
	struct range_span bytes;	/* the bytes of the lines printed */
	uint64_t lines;		/* lines read (all of them unless it stopped early) */
	bool refused;		/* under --strict: a line the input lacks */
};

/*
 * Read src, a stream, and print the requested lines, each ending with the
 * byte terminator ('\n', or '\0' for -z), through a sink from sinks to
 * out.  *err holds the errno of an error.
 */
enum flow_result stream_print_lines(const struct source *src,
    struct output *out, const struct sink_maker *sinks,
    const struct lines_request *request, unsigned char terminator,
    bool strict, struct stream_lines_outcome *outcome, int *err);

#endif
