/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_hexfmt.c - libFuzzer target for the xxd formatter (src/hexfmt.c)
 * in every dump layout (src/hexlayout.c), and -p and -i.
 *
 * Input: 8 header bytes, then the bytes to dump.
 *   byte 0: the address family, b0 % 8: 0, just below 2^32, just below
 *           2^36, 2^40, 2^48, 2^60, 2^63 and 2^64 (where the digits
 *           grow), minus ((b1 << 8) | b2) * (b0 / 8 + 1) (0 and small
 *           offsets start at 0 plus that); near 2^64 the address is
 *           kept so that address + length does not pass 2^64;
 *   bytes 3, 4: the text buffer's size, ((b3 << 8) | b4) % 4096, and
 *           the implementation, b4 % (the number compiled in; one this
 *           CPU lacks falls back to the portable one);
 *   byte 5: the style, b5 % 5 (xxd, -b, --little-endian, -p, -i), -u
 *           (bit 3), -d (bit 4), colour (bit 5), xxd's default layout
 *           (bit 6: the other choices ignored);
 *   bytes 6, 7: -c (b6 + 1; -p: b6, 0 being one line) and -g (b7; with
 *           --little-endian a power of two that divides -c).
 * Oracle (abort() when violated): dumping the bytes as mmcat -x does
 * (hexfmt_lines into the buffer until it stops, then hexfmt_line for a
 * short last line) gives exactly the text of the reference formatter
 * (hexfmt_ref.h, one line at a time, xxd's arithmetic), with colour's
 * SGR sequences removed; hexfmt_lines consumes whole lines only, stops
 * only when the buffer cannot take the next line, and writes nothing
 * past the length it returns (colour: HEXFMT_SCRATCH bytes past it at
 * most); no line is longer than hexfmt_line_max.
 * -p and -i, fed in pieces of the buffer's size, give the reference's
 * text (written here a byte at a time).
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

/* The layout the header asks for; false when it is not one to test. */
static bool
pick_layout(const uint8_t *h, struct hex_layout *layout,
    struct ref_layout *ref)
{
	struct hex_request r = { .cols_given = true, .group_given = true };
	int style = h[5] % 5;

	if (h[5] & 0x40) {
		hexlayout_default(layout);
		*ref = (struct ref_layout){ 0, 16, 2, 0, 0 };
		return true;
	}
	r.bits = style == 1;
	r.little_endian = style == 2;
	r.plain = style == 3;
	r.include = style == 4;
	r.upper = (h[5] & 0x08) != 0;
	r.decimal = (h[5] & 0x10) != 0;
	r.color = (h[5] & 0x20) != 0;
	r.cols = style == 3 ? h[6] : (uint64_t)h[6] + 1;
	r.group = h[7];
	if (style == 2) {
		r.group = (uint64_t)1 << (h[7] % 6);
		r.cols = r.group * (1 + h[6] % (256 / r.group));
	}
	if (hexlayout_resolve(&r, layout) != NULL)
		abort();
	*ref = (struct ref_layout){ style, layout->cols, layout->group,
	    r.upper, r.decimal };
	return true;
}

/* text[0..len) with every ESC [ ... m taken out; returns the new length. */
static size_t
strip_sgr(char *text, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '\033' && i + 1 < len && text[i + 1] == '[') {
			while (i < len && text[i] != 'm')
				i++;
			continue;
		}
		text[o++] = text[i];
	}
	return o;
}

static void
check_lines(const struct hex_layout *layout, char *buf, size_t cap,
    uint64_t address, const uint8_t *bytes, size_t n, char *got,
    size_t *got_len, size_t *done)
{
	size_t used, took, i;

	*done = 0;
	for (;;) {
		memset(buf, 0x55, cap + 1);
		used = hexfmt_lines(layout, buf, cap, address + *done,
		    bytes + *done, n - *done, &took);
		ORACLE(took % layout->cols == 0 && took <= n - *done &&
		    used <= cap,
		    "hexfmt_lines: took %zu of %zu, %zu of %zu bytes of text",
		    took, n - *done, used, cap);
		/* Colour may use HEXFMT_SCRATCH bytes past the end. */
		for (i = used + (layout->color ? HEXFMT_SCRATCH : 0);
		    i <= cap; i++)
			ORACLE(buf[i] == 0x55, "hexfmt_lines wrote byte %zu "
			    "past the %zu it returned", i, used);
		memcpy(got + *got_len, buf, used);
		*got_len += used;
		*done += took;
		if (took == 0)
			break;
	}
	ORACLE(n - *done < layout->cols || cap - used <
	    hexfmt_line_max(layout),
	    "hexfmt_lines stopped at %zu of %zu bytes with room for a line",
	    *done, n);
}

/* -p or -i through a buffer of cap bytes, against a byte-at-a-time text. */
static void
check_stream(const struct hex_layout *layout, size_t cap,
    const uint8_t *bytes, size_t n)
{
	const char *digit = layout->upper ? "0123456789ABCDEF" :
	    "0123456789abcdef";
	char *want = malloc(8 * n + 2), *got = malloc(8 * n + 2 + cap);
	size_t want_len = 0, got_len = 0, i, took, done = 0, room;

	if (want == NULL || got == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (layout->style == HEX_STYLE_INCLUDE) {
			const char *lead = i == 0 ? "  " :
			    i % layout->cols == 0 ? ",\n  " : ", ";

			memcpy(want + want_len, lead, strlen(lead));
			want_len += strlen(lead);
			want[want_len++] = '0';
			want[want_len++] = layout->upper ? 'X' : 'x';
		}
		want[want_len++] = digit[bytes[i] >> 4];
		want[want_len++] = digit[bytes[i] & 0xf];
		if (layout->style == HEX_STYLE_PLAIN && layout->cols > 0 &&
		    (i + 1) % layout->cols == 0)
			want[want_len++] = '\n';
	}
	room = cap < HEXFMT_ELEMENT_MAX ? HEXFMT_ELEMENT_MAX : cap;
	while (done < n) {
		got_len += (layout->style == HEX_STYLE_PLAIN ? hexfmt_plain :
		    hexfmt_include)(layout, got + got_len, room, done,
		    bytes + done, n - done, &took);
		ORACLE(took > 0, "-p/-i took nothing with %zu bytes of room",
		    room);
		done += took;
	}
	ORACLE(got_len == want_len && memcmp(got, want, want_len) == 0 &&
	    hexfmt_stream_length(layout, n) == want_len,
	    "-p/-i text of %zu bytes differs (%zu, want %zu)", n, got_len,
	    want_len);
	free(want);
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, cap, got_len = 0, want_len, done, len, one, cols;
	char *want, *got, *buf, line[HEXFMT_LINE_MAX + 1];
	const uint8_t *bytes;
	uint64_t address;
	struct hex_layout layout;
	struct ref_layout ref;

	if (size < 8)
		return 0;
	for (len = 0; hexfmt_variant_name(len) != NULL; len++)
		continue;
	if (!hexfmt_use_variant(hexfmt_variant_name(data[4] % len)))
		(void)hexfmt_use_variant("portable");
	bytes = data + 8;
	n = size - 8;
	address = pick_address(data, n);
	cap = (size_t)(data[3] << 8 | data[4]) % 4096;
	(void)pick_layout(data, &layout, &ref);
	if (!hexlayout_is_dump(&layout)) {
		check_stream(&layout, cap, bytes, n);
		return 0;
	}
	cols = layout.cols;
	want = malloc(REF_LAYOUT_DUMP_MAX(n, cols));
	got = malloc(REF_LAYOUT_DUMP_MAX(n, cols) * (layout.color ? 24 : 1));
	buf = malloc(cap + 1);
	if (want == NULL || got == NULL || buf == NULL)
		abort();
	want_len = ref_layout_dump(&ref, want, address, bytes, n);
	check_lines(&layout, buf, cap, address, bytes, n, got, &got_len,
	    &done);
	/* What is left, line by line: whole ones the buffer had no room for. */
	for (; done < n; done += one) {
		one = n - done < cols ? n - done : cols;
		memset(line, 0x55, sizeof line);
		len = hexfmt_line(&layout, line, address + done, bytes + done,
		    one);
		ORACLE(len <= hexfmt_line_max(&layout) &&
		    (layout.color || line[len] == 0x55),
		    "hexfmt_line at 0x%" PRIx64 ", %zu bytes: length %zu",
		    address + done, one, len);
		memcpy(got + got_len, line, len);
		got_len += len;
	}
	if (layout.color)
		got_len = strip_sgr(got, got_len);
	ORACLE(got_len == want_len && memcmp(got, want, want_len) == 0,
	    "%s: %zu bytes at 0x%" PRIx64 " through a %zu-byte buffer: text "
	    "differs from the reference (%zu bytes, want %zu)",
	    hexfmt_variant(), n, address, cap, got_len, want_len);
	free(buf);
	free(got);
	free(want);
	return 0;
}
