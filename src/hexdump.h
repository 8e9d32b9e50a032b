/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexdump.h - the xxd-compatible hex dump sink.
 *
 * Each range is its own dump, byte for byte what `xxd FLAGS -s OFFSET
 * -l LENGTH FILE` prints in the layout given (hexlayout.h): lines formatted
 * by hexfmt.c into a text buffer, written out when it fills; lines left
 * out by -a or --squeeze; holes of a sparse file taken as zero lines
 * without reading them.
 */
#ifndef MMCAT_HEXDUMP_H
#define MMCAT_HEXDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hexfmt.h"
#include "hexlayout.h"
#include "sink.h"

/* The longest -i array name: a path the kernel takes, and "__". */
#define HEXDUMP_NAME_MAX (4096 + 2)

/* A run of printed lines, or one '*' line, in the text buffer. */
struct hex_mark {
	uint64_t input;		/* offset of its first line (or repeat) */
	size_t text;		/* where its text begins */
	bool star;
};

/* What -a and --squeeze remember of the lines before. */
struct hex_filter_state {
	/* --squeeze: the last whole line, and whether repeats follow it. */
	unsigned char prev[HEX_COLS_MAX];
	bool have_prev;
	bool in_repeat;		/* a '*' stands for the lines since */
	uint64_t last_repeat;	/* the last line left out, while in_repeat */
	/* -a: zero lines in a row, the second and the last of them. */
	uint64_t zero_lines;
	uint64_t second_zero;
	uint64_t last_zero;
};

struct hexdump {
	struct sink base;
	struct output *out;
	const struct hex_layout *layout;
	size_t line_max;	/* the layout's longest line */
	uint64_t address_base;	/* what makes input offsets addresses */
	/* -i: the array's name, when it has one: a path's bytes, "__" first */
	bool has_name;
	char array_name[HEXDUMP_NAME_MAX + 1];
	char *text;		/* whole lines */
	size_t text_cap;
	size_t text_len;
	struct hex_mark *marks;	/* MMCAT_HEX_MARKS of them */
	size_t mark_count;
	uint64_t run_end;	/* input offset after the last printed line */
	uint64_t text_end;	/* input offset after the last byte taken */
	unsigned char carry[HEX_COLS_MAX];	/* a partial line held */
	size_t carry_len;
	uint64_t carry_offset;
	/* -p, -i: the first byte's offset, bytes formatted, and where the
	   buffer's first byte's text begins. */
	uint64_t first_offset;
	bool begun;
	uint64_t count;
	uint64_t buffer_first;	/* count when the buffer was last emptied */
	size_t header_len;	/* -i's first line, in the buffer */
	struct hex_filter_state filter;
};

/*
 * Make *h a hex dump sink in layout (which must outlive it) writing to
 * out, with a text buffer of its own.  Returns 0, or ENOMEM.
 */
int hexdump_init(struct hexdump *h, const struct hex_layout *layout,
    struct output *out);

/*
 * Begin the dump of a range (each range starts its own lines).  Each
 * line's address is the input offset of its first byte plus
 * address_base (where the input begins in its file, as xxd -s +N
 * prints) plus the layout's display offset.  operand: the file as given
 * on the command line, for -i's array name; NULL for standard input.
 */
struct sink *hexdump_start(struct hexdump *h, uint64_t address_base,
    const char *operand);

/* Let go of the buffers. */
void hexdump_free(struct hexdump *h);

#endif
