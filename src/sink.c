/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sink.c - the plain sink.
 */
#include "config.h"

#include "sink.h"

static enum sink_result
raw_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool by_reference, size_t *taken, int *err)
{
	struct raw_sink *raw = (struct raw_sink *)self;

	enum output_result result;

	(void)offset;
	if (raw->base.transforms)
		result = output_send_sparse(raw->out, bytes, len, taken, err);
	else
		result = output_send(raw->out, bytes, len, by_reference, taken,
		    err);
	switch (result) {
	case OUTPUT_OK:
		return SINK_OK;
	case OUTPUT_SOURCE_FAULT:
		return SINK_SOURCE_FAULT;
	case OUTPUT_FAILED:
		break;
	}
	return SINK_OUTPUT_ERROR;
}

/* A hole of the input: the output makes it a hole, or writes zeros. */
static enum sink_result
raw_put_hole(struct sink *self, uint64_t offset, uint64_t len,
    uint64_t *taken, int *err)
{
	struct raw_sink *raw = (struct raw_sink *)self;

	(void)offset;
	return output_hole(raw->out, len, taken, err) == OUTPUT_OK ? SINK_OK :
	    SINK_OUTPUT_ERROR;
}

/* Nothing is ever held back. */
static enum sink_result
raw_flush(struct sink *self, uint64_t good_end, bool last, int *err)
{
	(void)self;
	(void)good_end;
	(void)last;
	*err = 0;
	return SINK_OK;
}

struct sink *
sink_raw_init(struct raw_sink *raw, struct output *out)
{
	raw->base.put = raw_put;
	raw->base.flush = raw_flush;
	raw->base.put_hole = raw_put_hole;
	/*
	 * --sparse=always looks at every byte for zero blocks: the kernel
	 * cannot copy for it, and a read of a mapping may fault.
	 */
	raw->base.transforms = out->sparse == OUTPUT_SPARSE_ALWAYS &&
	    out->makes_holes;
	raw->out = out;
	return &raw->base;
}
