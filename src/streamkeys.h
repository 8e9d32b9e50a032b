/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * streamkeys.h - --from and --to on a stream, in one pass that stops at
 * the first record past --to.  Only the first bytes of the line being
 * read are held, until its fate is known (key_longest of them).
 */
#ifndef MMCAT_STREAMKEYS_H
#define MMCAT_STREAMKEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"
#include "keys.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"

struct stream_keys_outcome {
	struct range_span bytes;	/* the bytes printed (stream offsets) */
	bool printed;		/* some byte was */
	uint64_t read;		/* bytes read */
	bool unsorted;		/* a record out of place near the --from boundary */
	uint64_t unsorted_at;	/* ... its first byte */
};

/*
 * Read src, a stream, and print the lines request selects through a
 * sink from sinks to out.  *err holds the errno of an error.
 */
enum flow_result stream_print_keys(const struct source *src,
    struct output *out, const struct sink_maker *sinks,
    const struct key_request *request, struct stream_keys_outcome *outcome,
    int *err);

#endif
