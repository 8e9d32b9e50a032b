/*
 * stream.h - the read(2) path, with the same range semantics as the
 * mapping engine, for inputs whose size is unknown until end of input.
 */
#ifndef MMCAT_STREAM_H
#define MMCAT_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "copy.h"
#include "range.h"
#include "sink.h"
#include "source.h"

struct stream_outcome {
	uint64_t size;		/* bytes read (the size, if at EOF) */
	struct range_span span;	/* the request resolved against it */
};

/*
 * Read src to its end (or until the range is known to be complete) and
 * give the request's bytes to the sink (the caller finishes it).  Only the tail the request needs is held in
 * memory: nothing for "OFFSET [+LENGTH]", N bytes for "-N" offsets or
 * lengths, and the range itself under --strict with a fixed end, since
 * nothing may be printed before the range is known to be whole.
 * COPY_REFUSED means the resolved span is past EOF or breaks --strict;
 * nothing was printed.
 */
enum copy_result stream_copy(const struct source *src,
    const struct range_request *request, bool strict, struct sink *sink,
    struct stream_outcome *outcome, int *err);

/*
 * Print [begin, end) of a seekable source of known size with pread(2),
 * for files that cannot be mapped.  A short file reports COPY_SHRANK.
 */
enum copy_result stream_copy_known_span(const struct source *src,
    uint64_t begin, uint64_t end, struct sink *sink, int *err);

#endif
