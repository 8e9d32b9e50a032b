/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tailring.h - the last bytes of a stream, for ranges counted from its
 * end: a ring that grows on demand up to a limit and never holds more.
 * Pure: no I/O.
 */
#ifndef MMCAT_TAILRING_H
#define MMCAT_TAILRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tailring {
	unsigned char *data;
	size_t cap;
	size_t head;		/* index of the oldest byte */
	size_t len;		/* bytes held */
	uint64_t limit;		/* never hold more than this */
};

/* A stretch of the ring's bytes, contiguous in memory. */
struct tailring_run {
	const unsigned char *bytes;
	size_t len;
};

void tailring_init(struct tailring *r, uint64_t limit);
void tailring_free(struct tailring *r);

/*
 * How many bytes must leave (oldest first, from the ring and then from
 * the front of the new bytes) for n new bytes to fit under the limit.
 */
uint64_t tailring_overflow(const struct tailring *r, size_t n);

/*
 * Held bytes [skip, skip + count), oldest first, as at most two runs;
 * returns how many runs (0 when count is 0).
 */
size_t tailring_runs(const struct tailring *r, size_t skip, size_t count,
    struct tailring_run run[2]);

/* Forget the n oldest bytes (n <= len). */
void tailring_drop(struct tailring *r, size_t n);

/* Keep n more bytes (len + n <= limit); false when memory runs out. */
bool tailring_append(struct tailring *r, const unsigned char *bytes,
    size_t n);

#endif
