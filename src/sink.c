/*
 * sink.c - the plain sink.
 */
#include "config.h"

#include "sink.h"

#include "output.h"

static int
raw_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool mapped, size_t *taken)
{
	(void)self;
	(void)offset;
	if (mapped)
		return output_write_mapped(bytes, len, taken);
	return output_write(bytes, len, taken);
}

static int
raw_finish(struct sink *self)
{
	(void)self;
	return 0;
}

struct sink *
sink_raw(void)
{
	static struct sink raw = { raw_put, raw_finish, raw_finish, false };

	return &raw;
}
