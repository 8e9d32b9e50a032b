/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transfer.h - one range of a mappable input to standard output.
 *
 * A transfer picks the engine from one table and lets each pick up where
 * the one before stopped:
 *
 *	engine      takes the span when            declines when
 *	kcopy       stdout is a regular file and   the kernel will not copy
 *	            the bytes go out unchanged     (or fails: the next engine
 *	                                           tells which side it was)
 *	mapcopy     always first for the rest      mmap is refused (or the
 *	            (unless reads_only, or the     settings say reads only)
 *	            span lies inside one page)
 *	preadcopy   what is left                   never
 *
 * kcopy hands the kernel data only: the sink makes the holes of a sparse
 * input (sink.h, put_hole), as the other engines' flows do.
 *
 * The engines carry the span through a flow (flow.h), which re-checks
 * the size, splices only what can be settled and flushes the sink as the
 * outcome allows; the report records for -v what was really used.
 * Engines answer done, declined or stopped (engine.h).
 */
#ifndef MMCAT_TRANSFER_H
#define MMCAT_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"

struct transfer_settings {
	size_t window;		/* mapping window, whole pages */
	/*
	 * Never map: a followed file may be cut and written again at any
	 * moment, which a read(2) survives unharmed and a mapping only as
	 * a fault.
	 */
	bool reads_only;
};

/*
 * Carry bytes [span->begin, span->end) of a mappable src through sink to
 * out.  *err holds the errno of an input or output error.
 */
enum flow_result transfer_span(const struct source *src,
    struct output *out, struct sink *sink, const struct range_span *span,
    const struct transfer_settings *settings, struct flow_report *report,
    int *err);

/*
 * "copy by vmsplice(2) into a 1048576-byte pipe", ...: what really
 * happened, for -v, into buf.
 */
void transfer_describe(const struct flow_report *report,
    const struct transfer_settings *settings, const struct output *out,
    uint64_t length, char *buf, size_t buflen);

#endif
