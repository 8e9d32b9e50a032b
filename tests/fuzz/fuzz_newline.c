/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_newline.c - libFuzzer target for the newline kernels
 * (src/newline.c), every implementation this CPU can run.
 *
 * Input: 4 header bytes, then a tile of bytes.
 *   byte 0: the implementation, b0 % (the number compiled in; one this
 *           CPU lacks falls back to the portable one); the tile is
 *           repeated 1, 1, 3 or 40 times by (b0 / 16) % 4 (to about
 *           40 KB at most), so that some buffers pass the search's 4 KiB
 *           chunks and the AVX2 counters' 32640-byte folds;
 *   byte 1: the terminator searched for, '\n', '\0' (-z), 0x80 or
 *           0xff by (b1 / 16) % 4; when odd, every tile byte that is
 *           0 mod (b1 / 2 % 8 + 2) becomes that terminator (dense inputs
 *           from few fuzz bytes);
 *   bytes 2, 3: k = (b2 << 8) | b3, also tried as total - k, total + 1,
 *           0, 1 and the total itself;
 *   the buffer starts at (b2 ^ b3) % 64 bytes into a fresh allocation
 *   of exactly its size plus that, so a read past its end is caught.
 * Oracle (abort() when violated): a byte-by-byte scan of the same
 * buffer gives the count, the k-th terminator from the start and from
 * the end, and how many there were when fewer than k.  With '\n' the
 * functions without a byte argument are checked too.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newline.h"
#include "fuzz_ref.h"

static size_t *positions;
static size_t positions_cap;
static unsigned char term;	/* the terminator of this input */

/* Every terminator's index, and their number. */
static uint64_t
brute_scan(const unsigned char *p, size_t n)
{
	uint64_t total = 0;
	size_t i;

	if (n > positions_cap) {
		free(positions);
		positions_cap = n;
		if ((positions = malloc(n * sizeof *positions)) == NULL)
			abort();
	}
	for (i = 0; i < n; i++)
		if (p[i] == term)
			positions[total++] = i;
	return total;
}

static void
check_k(const unsigned char *p, size_t n, uint64_t total, uint64_t k)
{
	bool in = k >= 1 && k <= total, ok;
	uint64_t found = 777;
	size_t pos = 777;

	ok = newline_find_byte(p, n, term, k, &pos, &found);
	ORACLE(ok == in && found == (in ? k : k == 0 ? 0 : total) &&
	    pos == (in ? positions[k - 1] + 1 : n),
	    "%s: find k=%" PRIu64 " in %zu bytes with %" PRIu64 " 0x%02x: "
	    "%d, pos %zu, found %" PRIu64, newline_variant(), k, n, total,
	    term, (int)ok, pos, found);
	found = pos = 777;
	ok = newline_rfind_byte(p, n, term, k, &pos, &found);
	ORACLE(ok == in && found == (in ? k : k == 0 ? 0 : total) &&
	    pos == (in ? positions[total - k] + 1 : 0),
	    "%s: rfind k=%" PRIu64 " in %zu bytes with %" PRIu64 " 0x%02x: "
	    "%d, pos %zu, found %" PRIu64, newline_variant(), k, n, total,
	    term, (int)ok, pos, found);
}

/* With '\n', the functions without a byte argument agree. */
static void
check_plain(const unsigned char *p, size_t n, uint64_t k)
{
	size_t pos, pos_byte;
	uint64_t found, found_byte;
	bool ok, ok_byte;

	ORACLE(newline_count(p, n) == newline_count_byte(p, n, '\n'),
	    "%s: newline_count of %zu bytes", newline_variant(), n);
	ok = newline_find(p, n, k, &pos, &found);
	ok_byte = newline_find_byte(p, n, '\n', k, &pos_byte, &found_byte);
	ORACLE(ok == ok_byte && pos == pos_byte && found == found_byte,
	    "%s: newline_find k=%" PRIu64 " in %zu bytes", newline_variant(),
	    k, n);
	ok = newline_rfind(p, n, k, &pos, &found);
	ok_byte = newline_rfind_byte(p, n, '\n', k, &pos_byte, &found_byte);
	ORACLE(ok == ok_byte && pos == pos_byte && found == found_byte,
	    "%s: newline_rfind k=%" PRIu64 " in %zu bytes", newline_variant(),
	    k, n);
}

static unsigned char *
build(const uint8_t *data, size_t size, size_t *len, size_t *lead)
{
	static const size_t reps[] = { 1, 1, 3, 40 };
	const uint8_t *tile = data + 4;
	size_t tile_len = size - 4, r = reps[(data[0] / 16) % 4], i;
	unsigned mod = data[1] / 2 % 8 + 2;
	unsigned char *buf;

	*lead = (size_t)(data[2] ^ data[3]) % 64;
	if (tile_len > 0 && r > 40000 / tile_len)
		r = 40000 / tile_len + 1;
	*len = tile_len * r;
	/* Not one byte more: ASan must see a read past the end. */
	if ((buf = malloc(*lead + *len > 0 ? *lead + *len : 1)) == NULL)
		abort();
	for (i = 0; i < *len; i++) {
		buf[*lead + i] = tile[i % tile_len];
		if ((data[1] & 1) && buf[*lead + i] % mod == 0)
			buf[*lead + i] = term;
	}
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char terms[] = { '\n', '\0', 0x80, 0xff };
	size_t variants = 0, len, lead;
	uint64_t total, k;
	unsigned char *buf, *p;

	if (size < 4)
		return 0;
	while (newline_variant_name(variants) != NULL)
		variants++;
	if (!newline_use_variant(newline_variant_name(data[0] % variants)))
		(void)newline_use_variant("swar");
	term = terms[data[1] / 16 % 4];
	buf = build(data, size, &len, &lead);
	p = buf + lead;
	total = brute_scan(p, len);
	ORACLE(newline_count_byte(p, len, term) == total, "%s: count of "
	    "0x%02x in %zu bytes: %" PRIu64 ", want %" PRIu64,
	    newline_variant(), term, len, newline_count_byte(p, len, term),
	    total);
	k = (uint64_t)(data[2] << 8 | data[3]);
	check_k(p, len, total, k);
	check_k(p, len, total, total - k);
	check_k(p, len, total, total + 1);
	check_k(p, len, total, total);
	check_k(p, len, total, 1);
	check_k(p, len, total, 0);
	if (term == '\n')
		check_plain(p, len, k);
	free(buf);
	return 0;
}
