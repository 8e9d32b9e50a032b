/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt.h - format bytes as xxd does, into memory, in any of the
 * layouts of hexlayout.h.
 *
 * The dump styles (xxd, -b, -e) make lines: the address of the line's
 * first byte (lowercase hex, at least 8 digits, as xxd's "%08lx"; with
 * -d decimal, as "%08ld"), ": ", each byte's digits at its column with
 * spaces between the groups, two spaces, the bytes as text ('.' for
 * bytes outside 0x20..0x7e) and '\n'.  A short last line keeps its text
 * column where the full lines have it.  With colour, each run of bytes
 * of one class (NUL, printable, whitespace, other ASCII, non-ASCII) in
 * either column is preceded by its SGR sequence and the column ends with
 * a reset; the escapes removed, the line is the uncoloured one.
 *
 * -p makes lines of 2 digits a byte; -i the elements of a C array.
 *
 * Pure: no I/O, no allocation; it writes only into the caller's buffer
 * and only within the lengths it returns, save that a line in colour
 * may use up to HEXFMT_SCRATCH bytes past its end as scratch (always
 * inside the buffer: hexfmt_line_max counts them).
 */
#ifndef MMCAT_HEXFMT_H
#define MMCAT_HEXFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hexlayout.h"

/* The bytes a line of xxd's default layout holds. */
#define HEXFMT_LINE_BYTES 16

/* Longest line of any layout: 256 bytes of bits, in colour. */
#define HEXFMT_LINE_MAX (21 + 2 + 2 + 9 * HEX_COLS_MAX + 1 + \
	HEX_COLS_MAX + 2 * HEX_COLS_MAX * HEXFMT_SGR_MAX + 2 * 4 + 1 + \
	HEXFMT_SCRATCH)
/* The longest SGR sequence a byte class starts with. */
#define HEXFMT_SGR_MAX 11
/* What a line in colour may write past its end: a padded sequence. */
#define HEXFMT_SCRATCH 16

/*
 * The room a line of layout (a dump style) needs: its longest, colours
 * and their scratch included.
 */
size_t hexfmt_line_max(const struct hex_layout *layout);

/*
 * Format one line of n (1..cols) bytes whose first is shown at address
 * (the display offset already added) into out, which has room for
 * hexfmt_line_max bytes; returns the length.
 */
size_t hexfmt_line(const struct hex_layout *layout, char *out,
    uint64_t address, const unsigned char *bytes, size_t n);

/*
 * Format as many whole lines of bytes[0..n) as fit in out[0..out_cap):
 * the first at address, the next cols bytes on, and so on.  Returns the
 * length of the text; *consumed is the number of bytes formatted, whole
 * lines (a partial line left, or too little room, stops it: the rest is
 * for the next call, or for hexfmt_line).  Addresses wrap at 2^64, as
 * xxd's do with a display offset.
 */
size_t hexfmt_lines(const struct hex_layout *layout, char *out,
    size_t out_cap, uint64_t address, const unsigned char *bytes, size_t n,
    size_t *consumed);

/*
 * -p: the digits of bytes[0..n), the first being byte `index` of its
 * dump (a line ends after every cols-th byte); as many as fit in out_cap.
 * Returns the length; *consumed the bytes formatted.
 */
size_t hexfmt_plain(const struct hex_layout *layout, char *out,
    size_t out_cap, uint64_t index, const unsigned char *bytes, size_t n,
    size_t *consumed);

/* What -p writes after the last byte of a dump of `count` bytes. */
size_t hexfmt_plain_end(const struct hex_layout *layout, char *out,
    uint64_t count);

/*
 * -i: the array elements of bytes[0..n), the first being byte `index`,
 * as hexfmt_plain.  Each element takes at most HEXFMT_ELEMENT_MAX.
 */
#define HEXFMT_ELEMENT_MAX 8
size_t hexfmt_include(const struct hex_layout *layout, char *out,
    size_t out_cap, uint64_t index, const unsigned char *bytes, size_t n,
    size_t *consumed);

/*
 * The text of the first `count` bytes of a -p or -i dump: for cutting
 * what was formatted back to the bytes known to be good.
 */
uint64_t hexfmt_stream_length(const struct hex_layout *layout,
    uint64_t count);

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
