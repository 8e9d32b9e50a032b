/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_hexfmt.c - libFuzzer target for the xxd formatter (src/hexfmt.c).
 *
 * Input: 5 header bytes, then the bytes to dump.
 *   byte 0: the address family, b0 % 8: 0, just below 2^32, just below
 *           2^36, 2^40, 2^48, 2^60, 2^63 and 2^64 (where the digits
 *           grow), minus ((b1 << 8) | b2) * (b0 / 8 + 1) (0 and small
 *           offsets start at 0 plus that); near 2^64 the address is
 *           kept so that address + length does not pass 2^64;
 *   bytes 3, 4: the text buffer's size, ((b3 << 8) | b4) % 4096, and
 *           the implementation, b4 % (the number compiled in; one this
 *           CPU lacks falls back to the portable one).
 * Oracle (abort() when violated): dumping the bytes as mmcat -x does
 * (hexfmt_lines into the buffer until it stops, then hexfmt_line for a
 * short last line) gives exactly the text of the reference formatter
 * (hexfmt_ref.h, one line at a time); hexfmt_lines consumes whole lines
 * only, stops only when the buffer cannot take the next line, and writes
 * nothing past the length it returns; hexfmt_line and
 * hexfmt_line_length agree with the reference on every line.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexfmt.h"
#include "fuzz_ref.h"
#include "hexfmt_ref.h"

static uint64_t
pick_address(const uint8_t *h, size_t n)
{
	static const uint64_t tops[] = { 0, UINT64_C(1) << 32,
	    UINT64_C(1) << 36, UINT64_C(1) << 40, UINT64_C(1) << 48,
	    UINT64_C(1) << 60, UINT64_C(1) << 63, 0 };
	uint64_t back = (uint64_t)(h[1] << 8 | h[2]) * (h[0] / 8 + 1u);
	unsigned family = h[0] % 8;

	if (family == 0)
		return back;
	if (family == 7)	/* the top: address + n stays <= 2^64 */
		return UINT64_MAX - back - n + 1;
	return tops[family] - back;
}

static void
check_lines(char *buf, size_t cap, uint64_t address, const uint8_t *bytes,
    size_t n, char *got, size_t *got_len, size_t *done)
{
	size_t used, took, i;

	*done = 0;
	for (;;) {
		memset(buf, 0x55, cap + 1);
		used = hexfmt_lines(buf, cap, address + *done, bytes + *done,
		    n - *done, &took);
		ORACLE(took % 16 == 0 && took <= n - *done && used <= cap,
		    "hexfmt_lines: took %zu of %zu, %zu of %zu bytes of text",
		    took, n - *done, used, cap);
		for (i = used; i <= cap; i++)
			ORACLE(buf[i] == 0x55, "hexfmt_lines wrote byte %zu "
			    "past the %zu it returned", i, used);
		memcpy(got + *got_len, buf, used);
		*got_len += used;
		*done += took;
		if (took == 0)
			break;
	}
	ORACLE(n - *done < 16 || cap - used <
	    hexfmt_line_length(address + *done, 16),
	    "hexfmt_lines stopped at %zu of %zu bytes with room for a line",
	    *done, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, cap, got_len = 0, want_len, done, len, one;
	char *want, *got, *buf, line[HEXFMT_LINE_MAX + 1];
	const uint8_t *bytes;
	uint64_t address;

	if (size < 5)
		return 0;
	for (len = 0; hexfmt_variant_name(len) != NULL; len++)
		continue;
	if (!hexfmt_use_variant(hexfmt_variant_name(data[4] % len)))
		(void)hexfmt_use_variant("portable");
	bytes = data + 5;
	n = size - 5;
	address = pick_address(data, n);
	cap = (size_t)(data[3] << 8 | data[4]) % 4096;
	want = malloc(REF_HEX_DUMP_MAX(n));
	got = malloc(REF_HEX_DUMP_MAX(n));
	buf = malloc(cap + 1);
	if (want == NULL || got == NULL || buf == NULL)
		abort();
	want_len = ref_hex_dump(want, address, bytes, n);
	check_lines(buf, cap, address, bytes, n, got, &got_len, &done);
	/* What is left, line by line: whole ones the buffer had no room for. */
	for (; done < n; done += one) {
		one = n - done < 16 ? n - done : 16;
		memset(line, 0x55, sizeof line);
		len = hexfmt_line(line, address + done, bytes + done, one);
		ORACLE(len == hexfmt_line_length(address + done, one) &&
		    len <= HEXFMT_LINE_MAX && line[len] == 0x55,
		    "hexfmt_line at 0x%" PRIx64 ", %zu bytes: length %zu",
		    address + done, one, len);
		memcpy(got + got_len, line, len);
		got_len += len;
	}
	ORACLE(got_len == want_len && memcmp(got, want, want_len) == 0,
	    "%s: %zu bytes at 0x%" PRIx64 " through a %zu-byte buffer: text "
	    "differs from the reference (%zu bytes, want %zu)",
	    hexfmt_variant(), n, address, cap, got_len, want_len);
	free(buf);
	free(got);
	free(want);
	return 0;
}
