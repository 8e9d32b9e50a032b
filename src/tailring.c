/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tailring.c - a ring of the last bytes read.
 */
#include "config.h"

#include "tailring.h"

#include <stdlib.h>
#include <string.h>

#include "buffers.h"

void
tailring_init(struct tailring *r, uint64_t limit)
{
	memset(r, 0, sizeof *r);
	r->limit = limit;
}

void
tailring_free(struct tailring *r)
{
	free(r->data);
	r->data = NULL;
	r->cap = r->head = r->len = 0;
}

uint64_t
tailring_overflow(const struct tailring *r, size_t n)
{
	uint64_t want = (uint64_t)r->len + n;

	return want > r->limit ? want - r->limit : 0;
}

size_t
tailring_runs(const struct tailring *r, size_t skip, size_t count,
    struct tailring_run run[2])
{
	size_t start, first;

	if (count == 0)
		return 0;
	start = (r->head + skip) % r->cap;
	first = count < r->cap - start ? count : r->cap - start;
	run[0].bytes = r->data + start;
	run[0].len = first;
	if (first == count)
		return 1;
	run[1].bytes = r->data;
	run[1].len = count - first;
	return 2;
}

void
tailring_drop(struct tailring *r, size_t n)
{
	r->head = r->cap ? (r->head + n) % r->cap : 0;
	r->len -= n;
}

/* Room for need bytes in all, the oldest moved to index 0 if it grows. */
static bool
reserve(struct tailring *r, size_t need)
{
	unsigned char *grown;
	size_t cap = r->cap ? r->cap : MMCAT_RING_FIRST_BYTES, tail;

	if (need <= r->cap)
		return true;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > r->limit)
		cap = (size_t)r->limit;
	if ((grown = malloc(cap)) == NULL)
		return false;
	tail = r->cap - r->head < r->len ? r->cap - r->head : r->len;
	if (r->len > 0) {
		memcpy(grown, r->data + r->head, tail);
		memcpy(grown + tail, r->data, r->len - tail);
	}
	free(r->data);
	r->data = grown;
	r->cap = cap;
	r->head = 0;
	return true;
}

bool
tailring_append(struct tailring *r, const unsigned char *bytes, size_t n)
{
	size_t at, first;

	if (n == 0)
		return true;
	if (!reserve(r, r->len + n))
		return false;
	at = (r->head + r->len) % r->cap;
	first = n < r->cap - at ? n : r->cap - at;
	memcpy(r->data + at, bytes, first);
	memcpy(r->data, bytes + first, n - first);
	r->len += n;
	return true;
}
