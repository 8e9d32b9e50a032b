/*
 * sink.h - where the bytes of a range go: straight to standard output, or
 * through a formatter (the hex dump).
 *
 * The engines (mapcopy, stream) hand a sink consecutive pieces of one
 * range; the sink may keep a partial line between pieces and writes it out
 * at finish.
 */
#ifndef MMCAT_SINK_H
#define MMCAT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sink {
	/*
	 * Take len bytes found at offset (of the input).  mapped says the
	 * bytes are pages of a file mapping that stay put until the call
	 * returns, rather than a buffer about to be reused.  Returns 0 or an
	 * errno; EFAULT means the mapping lost pages (the file shrank), with
	 * *taken telling how many bytes were fully dealt with.
	 */
	int (*put)(struct sink *self, const unsigned char *bytes, size_t len,
	    uint64_t offset, bool mapped, size_t *taken);
	/* The range is over: write out whatever is held back. */
	int (*finish)(struct sink *self);
	/*
	 * A read of the mapping faulted: the file shrank.  Write out what is
	 * known to be good (whole lines before the new end of file), drop the
	 * rest.  Returns 0 or an errno.
	 */
	int (*salvage)(struct sink *self);
	/* put reads the bytes itself (a mapping read may raise SIGBUS). */
	bool reads_bytes;
};

/* The plain sink: bytes to standard output as they are. */
struct sink *sink_raw(void);

#endif
