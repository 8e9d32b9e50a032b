/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt.h - format bytes as xxd's default layout, into memory.
 *
 * Byte for byte what `xxd -s OFFSET -l LENGTH FILE` prints: each line
 * starts with the address of its first byte in lowercase hex, at least 8
 * digits and more once the address needs them (as xxd's "%08lx"), then
 * ": ", 16 bytes as 8 groups of 4 hex digits each followed by a space,
 * one more space, the bytes as text ('.' for bytes outside 0x20..0x7e)
 * and '\n'.  A last line of fewer than 16 bytes keeps its text column
 * where the full lines have it: its hex part is padded with spaces.
 *
 * Pure: no I/O, no allocation; it writes only into the caller's buffer
 * and only within the lengths it returns.
 */
#ifndef MMCAT_HEXFMT_H
#define MMCAT_HEXFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEXFMT_LINE_BYTES 16
/* Longest line: 16 address digits, ": ", 41 hex columns, 16, '\n'. */
#define HEXFMT_LINE_MAX (16 + 2 + 41 + HEXFMT_LINE_BYTES + 1)

/* The length of the text of a line of n (1..16) bytes at address. */
size_t hexfmt_line_length(uint64_t address, size_t n);

/*
 * Format one line of n (1..16) bytes found at address into out, which
 * has room for hexfmt_line_length(address, n) bytes (HEXFMT_LINE_MAX
 * always suffices); returns that length.
 */
size_t hexfmt_line(char *out, uint64_t address, const unsigned char *bytes,
    size_t n);

/*
 * Format as many whole 16-byte lines of bytes[0..n) as fit in
 * out[0..out_cap): the first at address, the next at address + 16, and
 * so on.  Returns the length of the text; *consumed is the number of
 * bytes formatted, a multiple of 16 (less than 16 bytes left, or too
 * little room, stops it: the rest is for the next call, or for
 * hexfmt_line).  address + n must not pass 2^64.
 */
size_t hexfmt_lines(char *out, size_t out_cap, uint64_t address,
    const unsigned char *bytes, size_t n, size_t *consumed);

/*
 * The implementations, for tests and benchmarks: the name of the i-th one
 * compiled in (best first), NULL past the last; the name of the one in
 * use; and a way to force one, which fails (false, nothing changed) for
 * a name not compiled in or one this CPU cannot run.
 */
const char *hexfmt_variant_name(size_t i);
const char *hexfmt_variant(void);
bool hexfmt_use_variant(const char *name);

#endif
