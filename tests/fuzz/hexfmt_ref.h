/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt_ref.h - the reference xxd line formatter: the per-byte
 * formatter mmcat -x used before src/hexfmt.c (hexdump_format_line of
 * src/hexdump.c), kept here as the oracle of fuzz_hexfmt, fuzz_hexsink
 * and fuzz_stream and the baseline of bench/kernels.  Slow on purpose:
 * one digit, one column and one branch at a time, nothing shared with
 * hexfmt.c.
 */
#ifndef MMCAT_HEXFMT_REF_H
#define MMCAT_HEXFMT_REF_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Longest line: 16 address digits, ": ", 40 hex, " ", 16 text, '\n'. */
#define REF_HEX_LINE_MAX (16 + 2 + 40 + 1 + 16 + 1)

/* Hex digits an address takes in xxd's "%08lx" layout. */
static inline size_t
ref_hex_address_digits(uint64_t address)
{
	size_t digits = 8;

	while (digits < 16 && (address >> (4 * digits)) != 0)
		digits++;
	return digits;
}

/* One line of n (1..16) bytes at address; returns its length. */
static inline size_t
ref_hex_line(char *out, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	static const char digit[] = "0123456789abcdef";
	size_t digits = ref_hex_address_digits(address), i, at;
	char *hex, *text;

	for (i = 0; i < digits; i++)
		out[i] = digit[(address >> (4 * (digits - 1 - i))) & 0xf];
	out[digits] = ':';
	out[digits + 1] = ' ';
	hex = out + digits + 2;
	/* 8 groups of "xxxx " then one more space: 41 columns. */
	memset(hex, ' ', 41);
	text = hex + 41;
	for (i = 0; i < n; i++) {
		at = 5 * (i / 2) + 2 * (i % 2);
		hex[at] = digit[bytes[i] >> 4];
		hex[at + 1] = digit[bytes[i] & 0xf];
		text[i] = '.';
		if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
			text[i] = (char)bytes[i];
	}
	text[n] = '\n';
	return (size_t)(text + n + 1 - out);
}

/* Room ref_hex_dump needs for n bytes. */
#define REF_HEX_DUMP_MAX(n) (((n) / 16 + 1) * REF_HEX_LINE_MAX)

/*
 * The dump of bytes[0..n) at address: a line for each 16 bytes, the
 * first at address, and a shorter last one; returns its length.
 */
static inline size_t
ref_hex_dump(char *out, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	size_t done, at, len = 0;

	for (done = 0; done < n; done += at) {
		at = n - done < 16 ? n - done : 16;
		len += ref_hex_line(out + len, address + done, bytes + done,
		    at);
	}
	return len;
}

/*
 * Any of xxd's dump layouts, the way xxd's own loop does it: a line of
 * spaces after the address, each byte's digits at column
 * (G * digits + 1) * x / G past ": " (x the byte's place, reversed within
 * its group for -e), the text column at 2 + ((G * digits + 1) * cols -
 * 1) / G, then '\n'.  style: 0 xxd, 1 -b, 2 -e.  Addresses as "%08lx",
 * or with decimal "%08ld" of the address as a signed long.
 */
struct ref_layout {
	int style;
	size_t cols, group;
	int upper, decimal;
};

/* Longest line: 256 bytes of bits. */
#define REF_LAYOUT_LINE_MAX (24 + 2 + 9 * 256 + 2 + 256 + 1)

static inline size_t
ref_layout_line(const struct ref_layout *l, char *out, uint64_t address,
    const unsigned char *bytes, size_t n)
{
	const char *digit = l->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t width = l->style == 1 ? 8 : 2, group_width, i, x, at, b;
	size_t text_at, len;
	int addr_len;
	char *hex;

	if (l->decimal)
		addr_len = snprintf(out, 24, "%08" PRId64, (int64_t)address);
	else
		addr_len = snprintf(out, 24, "%08" PRIx64, address);
	out[addr_len] = ':';
	out[addr_len + 1] = ' ';
	hex = out + addr_len + 2;
	group_width = width * l->group + 1;
	text_at = 2 + (group_width * l->cols - 1) / l->group;
	memset(hex, ' ', text_at);
	for (i = 0; i < n; i++) {
		x = l->style == 2 ? i ^ (l->group - 1) : i;
		at = group_width * x / l->group;
		if (l->style == 1) {
			for (b = 0; b < 8; b++)
				hex[at + b] = (char)('0' +
				    ((bytes[i] >> (7 - b)) & 1));
		} else {
			hex[at] = digit[bytes[i] >> 4];
			hex[at + 1] = digit[bytes[i] & 0xf];
		}
		hex[text_at + i] = bytes[i] >= 0x20 && bytes[i] < 0x7f ?
		    (char)bytes[i] : '.';
	}
	hex[text_at + n] = '\n';
	len = (size_t)(hex + text_at + n + 1 - out);
	return len;
}

/* Room ref_layout_dump needs for n bytes in lines of cols. */
#define REF_LAYOUT_DUMP_MAX(n, cols) (((n) / (cols) + 1) * REF_LAYOUT_LINE_MAX)

static inline size_t
ref_layout_dump(const struct ref_layout *l, char *out, uint64_t address,
    const unsigned char *bytes, size_t n)
{
	size_t done, at, len = 0;

	for (done = 0; done < n; done += at) {
		at = n - done < l->cols ? n - done : l->cols;
		len += ref_layout_line(l, out + len, address + done,
		    bytes + done, at);
	}
	return len;
}

#endif
