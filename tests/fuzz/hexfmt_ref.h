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

#include <stddef.h>
#include <stdint.h>
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

#endif
