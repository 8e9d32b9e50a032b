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
 * Read t's source to its end (or until the range is known to be
 * complete) and give the request's bytes to the transfer.  Only the tail
 * the request needs is held in memory: nothing for "OFFSET [+LENGTH]",
 * N bytes for "-N" offsets or lengths, and the range itself under
 * --strict with a fixed end, since nothing may be printed before the
 * range is known to be whole.  outcome->refused: the resolved span is
 * past EOF or breaks --strict, and nothing was printed.  False when the
 * transfer stopped (t->result).
 */
bool stream_copy(struct transfer *t, const struct range_request *request,
    bool strict, struct transfer_stream_outcome *outcome);

#endif
