/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexdump.h - the xxd-compatible hex dump sink.
 *
 * Output is byte for byte what `xxd -s OFFSET -l LENGTH FILE` prints in
 * its default layout: absolute offsets of at least 8 hex digits, 16 bytes
 * a line in 2-byte groups, an ASCII column with '.' for the unprintable.
 */
#ifndef MMCAT_HEXDUMP_H
#define MMCAT_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "hexfmt.h"
#include "sink.h"

struct hexdump {
	struct sink base;
	struct output *out;
	uint64_t address_base;	/* what makes input offsets addresses */
	char *text;		/* whole lines, MMCAT_HEX_TEXT_BYTES of room */
	size_t text_len;
	uint64_t text_first;	/* input offset of the first buffered line */
	uint64_t text_end;	/* input offset after the last one */
	unsigned char carry[HEXFMT_LINE_BYTES];	/* a partial line held */
	size_t carry_len;
	uint64_t carry_address;
};

/*
 * Make *h a hex dump sink writing to out, with a text buffer of its own.
 * Returns 0, or ENOMEM.
 */
int hexdump_init(struct hexdump *h, struct output *out);

/*
 * Begin the dump of a range (each range starts its own lines).  Each
 * line's address is the input offset of its first byte plus
 * address_base: the offset in its file where the input begins (a
 * standard input read from already), so that the addresses are the
 * file's, as xxd -s +N prints them.
 */
struct sink *hexdump_start(struct hexdump *h, uint64_t address_base);

/* Let go of the text buffer. */
void hexdump_free(struct hexdump *h);

#endif
