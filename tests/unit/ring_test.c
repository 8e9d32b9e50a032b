/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ring_test.c - the stream tail ring (src/tailring.c) against a reference:
 * every byte pushed is also kept in a flat array, and after each push the
 * ring must hold exactly the last min(total, limit) of them, in order,
 * whatever the chunk sizes, the limit and the growth of the ring.
 * Printed as TAP.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/tailring.h"
#include "tap.h"

/* xorshift: the same sequence on every run, so failures repeat. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The ring's bytes [skip, skip + count) equal want[0, count). */
static int
ring_equals(const struct tailring *r, size_t skip, size_t count,
    const unsigned char *want)
{
	struct tailring_run run[2];
	size_t i, at = 0, runs = tailring_runs(r, skip, count, run);

	for (i = 0; i < runs; i++) {
		if (memcmp(run[i].bytes, want + at, run[i].len) != 0)
			return 0;
		at += run[i].len;
	}
	return at == count;
}

/*
 * Push `total` bytes in chunks of up to max_chunk, dropping what
 * overflows as the stream path does; check after every push.
 */
static int
run_case(uint64_t limit, size_t total, size_t max_chunk)
{
	unsigned char *all = malloc(total + 1);
	struct tailring r;
	size_t pushed = 0, n, over, from_ring, keep, skip;
	int ok = all != NULL;

	tailring_init(&r, limit);
	for (n = 0; ok && n < total; n++)
		all[n] = (unsigned char)rng();
	while (ok && pushed < total) {
		n = (size_t)(rng() % (max_chunk + 1));
		if (n > total - pushed)
			n = total - pushed;
		over = (size_t)tailring_overflow(&r, n);
		from_ring = over < r.len ? over : r.len;
		tailring_drop(&r, from_ring);
		ok = tailring_append(&r, all + pushed + (over - from_ring),
		    n - (over - from_ring));
		pushed += n;
		keep = pushed < limit ? pushed : (size_t)limit;
		ok = ok && r.len == keep && r.len <= limit &&
		    ring_equals(&r, 0, keep, all + pushed - keep);
		/* and any slice of it, as emit_ring asks for */
		skip = keep > 0 ? (size_t)(rng() % keep) : 0;
		ok = ok && ring_equals(&r, skip, keep - skip,
		    all + pushed - keep + skip);
	}
	tailring_free(&r);
	free(all);
	return ok;
}

int
main(void)
{
	static const struct {
		uint64_t limit;
		size_t total, max_chunk;
	} cases[] = {
		{ 0, 1000, 50 }, { 1, 1000, 3 }, { 7, 5000, 20 },
		{ 4096, 100000, 10000 }, { 4096, 100000, 1 },
		{ 300000, 2000000, 300000 },	/* grows past the first 256 KiB */
		{ 1u << 20, 3000000, 70000 }, { UINT64_MAX, 600000, 90000 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		tap_check(run_case(cases[i].limit, cases[i].total,
		    cases[i].max_chunk), "tail ring, limit %" PRIu64 ", %zu "
		    "bytes in chunks up to %zu, equals the reference",
		    cases[i].limit, cases[i].total, cases[i].max_chunk);
	return tap_done();
}
