/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stream.h - the read(2) path, with the same range semantics as the
 * mapping engine, for inputs whose size is unknown until end of input.
 */
#ifndef MMCAT_STREAM_H
#define MMCAT_STREAM_H

#include <stdbool.h>

#include "range.h"
#include "transfer.h"

/*
 * Read t's source to its end (or until the ranges are known to be
 * complete) and give the ranges' bytes to the transfer, in the order
 * given, each in its own sink (transfer_next_sink).  Several ranges must
 * be ones that range_plan_one_pass accepts.  Only the tail the ranges
 * need is held in memory: nothing for "OFFSET [+LENGTH]", N bytes for
 * "-N" offsets or lengths, and, for one range under --strict with a fixed
 * end, the range itself, since nothing may be printed before the range
 * is known to be whole.  outcomes[i].refused: range i is past EOF or
 * breaks --strict, and nothing of it was printed.  False when the
 * transfer stopped (t->result).
 */
bool stream_copy(struct transfer *t, const struct range_request *ranges,
    size_t count, bool strict, struct transfer_stream_outcome *outcomes);

#endif
