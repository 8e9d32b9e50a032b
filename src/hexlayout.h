/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexlayout.h - what a hex dump looks like: xxd's layouts, from the
 * options that ask for them.
 *
 * The command line's choices (a hex_request) are checked against what
 * xxd accepts and resolved into one hex_layout, which the one formatter
 * (hexfmt.c) and the dump sink (hexdump.c) read: every column position
 * is computed here, once.  Pure: no I/O.
 */
#ifndef MMCAT_HEXLAYOUT_H
#define MMCAT_HEXLAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes a line of the dump layouts takes (xxd's limit). */
#define HEX_COLS_MAX 256

enum hex_style {
	HEX_STYLE_DUMP,		/* xxd: address, hex groups, text */
	HEX_STYLE_BITS,		/* xxd -b: binary digits */
	HEX_STYLE_LITTLE,	/* xxd -e: groups as little-endian words */
	HEX_STYLE_PLAIN,	/* xxd -p: hex digits only */
	HEX_STYLE_INCLUDE	/* xxd -i: a C array */
};

/* Which lines are left out. */
enum hex_filter {
	HEX_FILTER_NONE,
	HEX_FILTER_AUTOSKIP,	/* xxd -a: runs of zero lines become '*' */
	HEX_FILTER_SQUEEZE	/* hexdump -C: repeated lines become '*' */
};

/* What the command line asked for. */
struct hex_request {
	bool bits, plain, include, little_endian;
	bool cols_given, group_given;
	uint64_t cols, group;
	bool upper, decimal, autoskip, squeeze, capitalize;
	const char *name;	/* --name, or NULL */
	uint64_t display_offset;
	bool color;		/* colour is wanted (decided by the caller) */
};

struct hex_layout {
	enum hex_style style;
	size_t cols;		/* bytes a line; 0 with -p: all on one line */
	size_t group;		/* bytes a group, 1..cols (dump styles) */
	bool upper;
	bool decimal;		/* addresses in decimal */
	uint64_t display_offset; /* added to every address */
	enum hex_filter filter;
	bool color;		/* SGR colours by byte class (dump styles) */
	const char *name;	/* -i: --name, or NULL for the file's */
	bool capitalize;
	/* Derived, for the dump styles: */
	/* xxd's default layout, in either case: the vector path */
	bool is_default;
	size_t digits;		/* characters a byte takes: 2, or 8 (-b) */
	/*
	 * Columns counted from just after the address's ": ": where byte p
	 * of a line begins, and where the text column begins.
	 */
	uint16_t byte_column[HEX_COLS_MAX];
	size_t text_column;
};

/*
 * Check req against what xxd accepts and resolve it into *layout.
 * Returns NULL, or why it is a usage error (a constant string).
 */
const char *hexlayout_resolve(const struct hex_request *req,
    struct hex_layout *layout);

/* The layout of plain -x: xxd's default. */
void hexlayout_default(struct hex_layout *layout);

/* Whether the style has addresses, groups and a text column. */
bool hexlayout_is_dump(const struct hex_layout *layout);

/*
 * xxd -i's array name for a file operand: each byte that is not a
 * letter or digit becomes '_', upper-cased with capitalize, and "__"
 * goes first when it starts with a digit.  Writes at most cap - 1
 * bytes and a NUL; returns the length the whole name takes.
 */
size_t hexlayout_array_name(const char *operand, bool capitalize, char *out,
    size_t cap);

#endif
