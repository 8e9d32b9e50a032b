/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sink.h - where the bytes of a range go: straight to standard output, or
 * through a formatter (the hex dump).
 *
 * A sink is handed consecutive pieces of one range by the flow that
 * carries it (flow.h), and writes to the struct output it was made with;
 * it never looks at the input.  A formatter holds text back: the flow
 * tells it, through flush, up to which input offset the bytes are known
 * to be good, so that bytes a shrinking file zero-filled are never shown.
 */
#ifndef MMCAT_SINK_H
#define MMCAT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"

enum sink_result {
	SINK_OK,
	SINK_FULL,		/* holds all it can: flush, then put the rest */
	SINK_SOURCE_FAULT,	/* the kernel could not read the mapped bytes */
	SINK_OUTPUT_ERROR	/* writing failed: *err says why */
};

struct sink {
	/*
	 * Take len bytes found at offset of the input; *taken tells how many
	 * were dealt with.  by_reference: the bytes are pages of a file
	 * mapping that the output may keep references to (output_send).
	 */
	enum sink_result (*put)(struct sink *self, const unsigned char *bytes,
	    size_t len, uint64_t offset, bool by_reference, size_t *taken,
	    int *err);
	/*
	 * Write out what is held for input bytes before good_end; with last,
	 * the range is over and a partial last line goes too.  What lies
	 * past good_end is dropped.
	 */
	enum sink_result (*flush)(struct sink *self, uint64_t good_end,
	    bool last, int *err);
	/*
	 * Take len zero bytes at offset that the input holds as a hole and
	 * that nobody read; *taken tells how many were dealt with.  NULL for
	 * a sink that takes holes as bytes like any other.
	 */
	enum sink_result (*put_hole)(struct sink *self, uint64_t offset,
	    uint64_t len, uint64_t *taken, int *err);
	/*
	 * The sink reads the bytes itself and writes something else: a read
	 * of a mapping may raise SIGBUS, and the kernel cannot copy for it.
	 */
	bool transforms;
};

/* A fresh sink for each range of a stream (a hex dump starts its own lines). */
struct sink_maker {
	struct sink *(*make)(const void *ctx);
	const void *ctx;
};

/*
 * The plain sink: bytes to out as they are; holes as holes of a regular
 * output file, or zeros (output_hole); with --sparse=always, zero blocks
 * as holes too, which makes it read the bytes (transforms).
 */
struct raw_sink {
	struct sink base;
	struct output *out;
};

/* Make *raw a plain sink writing to out; returns it as a sink. */
struct sink *sink_raw_init(struct raw_sink *raw, struct output *out);

#endif
