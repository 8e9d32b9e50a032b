/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexdump.c - format ranges the way xxd does, in large blocks.
 *
 * Lines are formatted (hexfmt.c, whole lines at a time) into a text
 * buffer (1 MiB; buffers.h).  When it fills, the sink says so and the
 * transfer flushes it, naming the input offset up to which the bytes are
 * known to be good: a file that shrank while it was read may have handed
 * us zero-filled bytes past its new end, and those lines must never reach
 * the output.
 */
#include "config.h"

#include "hexdump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"
#include "output.h"

/* A buffer that cannot take one line could never be written. */
_Static_assert(MMCAT_HEX_TEXT_BYTES >= HEXFMT_LINE_MAX,
    "the hex text buffer must hold a line");


/* Keep only the buffered lines (all whole) that end at or before end. */
static void
cut_text(struct hexdump *h, uint64_t end)
{
	uint64_t address = h->text_first;
	size_t keep = 0;

	if (end >= h->text_end)
		return;
	while (address + HEXFMT_LINE_BYTES <= end) {
		keep += hexfmt_line_length(h->address_base + address,
		    HEXFMT_LINE_BYTES);
		address += HEXFMT_LINE_BYTES;
	}
	h->text_len = keep;
	h->text_end = address;
}

static bool
has_room(const struct hexdump *h)
{
	return MMCAT_HEX_TEXT_BYTES - h->text_len >= HEXFMT_LINE_MAX;
}

static void
append_line(struct hexdump *h, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	if (h->text_len == 0)
		h->text_first = address;
	h->text_len += hexfmt_line(h->text + h->text_len,
	    h->address_base + address, bytes, n);
	h->text_end = address + n;
}

/*
 * Bytes may be pages of a mapping, and a SIGBUS (the file shrank) ends a
 * put where it strikes, losing the lines of the call it cut short: so no
 * call formats past the end of the page it starts in (4096 divides every
 * page size), save for one line across it.
 */
static size_t
within_page(const unsigned char *bytes, size_t len)
{
	size_t to_end = 4096 - (size_t)((uintptr_t)bytes % 4096);

	if (to_end < HEXFMT_LINE_BYTES)
		to_end += 4096;
	return to_end < len ? to_end : len;
}

/* As many whole lines as the buffer takes; returns the bytes formatted. */
static size_t
format_lines(struct hexdump *h, uint64_t address, const unsigned char *bytes,
    size_t len)
{
	size_t consumed;

	if (h->text_len == 0)
		h->text_first = address;
	h->text_len += hexfmt_lines(h->text + h->text_len,
	    MMCAT_HEX_TEXT_BYTES - h->text_len, h->address_base + address,
	    bytes, len, &consumed);
	if (consumed > 0)
		h->text_end = address + consumed;
	return consumed;
}

/* Top up the partial line held from the last piece; false when full. */
static bool
fill_carry(struct hexdump *h, const unsigned char *bytes, size_t len,
    size_t *used)
{
	size_t fill = HEXFMT_LINE_BYTES - h->carry_len;

	*used = 0;
	if (fill > len)
		fill = len;
	if (h->carry_len + fill == HEXFMT_LINE_BYTES && !has_room(h))
		return false;
	memcpy(h->carry + h->carry_len, bytes, fill);
	h->carry_len += fill;
	*used = fill;
	if (h->carry_len == HEXFMT_LINE_BYTES) {
		append_line(h, h->carry_address, h->carry, HEXFMT_LINE_BYTES);
		h->carry_len = 0;
	}
	return true;
}

/* Format whole lines into the text buffer; writing is flush's job. */
static enum sink_result
hex_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool by_reference, size_t *taken, int *err)
{
	struct hexdump *h = (struct hexdump *)self;
	size_t used = 0, done;

	(void)by_reference;
	*err = 0;
	*taken = 0;
	if (h->carry_len > 0 && !fill_carry(h, bytes, len, &used))
		return SINK_FULL;
	if (h->carry_len > 0) {
		*taken = used;
		return SINK_OK;
	}
	while (len - used >= HEXFMT_LINE_BYTES) {
		if ((done = format_lines(h, offset + used, bytes + used,
		    within_page(bytes + used, len - used))) == 0) {
			*taken = used;
			return SINK_FULL;
		}
		used += done;
	}
	if (used < len) {
		h->carry_address = offset + used;
		h->carry_len = len - used;
		memcpy(h->carry, bytes + used, h->carry_len);
	}
	*taken = len;
	return SINK_OK;
}

/* Write the buffered lines out and empty the buffer; 0 or an errno. */
static int
write_text(struct hexdump *h)
{
	int err = output_write(h->out, h->text, h->text_len);

	h->text_len = 0;
	h->text_first = h->text_end;
	return err;
}

/*
 * With last, the partial line held back goes too, if the file still has
 * its bytes; a buffer too full to take it is written out first.
 */
static enum sink_result
hex_flush(struct sink *self, uint64_t good_end, bool last, int *err)
{
	struct hexdump *h = (struct hexdump *)self;
	bool ends_partial = last && h->carry_len > 0 &&
	    h->carry_address + h->carry_len <= good_end;

	cut_text(h, good_end);
	if (ends_partial && !has_room(h) && (*err = write_text(h)) != 0)
		return SINK_OUTPUT_ERROR;
	if (ends_partial)
		append_line(h, h->carry_address, h->carry, h->carry_len);
	if (last)
		h->carry_len = 0;
	*err = write_text(h);
	return *err != 0 ? SINK_OUTPUT_ERROR : SINK_OK;
}

int
hexdump_init(struct hexdump *h, struct output *out)
{
	memset(h, 0, sizeof *h);
	h->base.put = hex_put;
	h->base.flush = hex_flush;
	h->base.transforms = true;
	h->out = out;
	h->text = malloc(MMCAT_HEX_TEXT_BYTES);
	return h->text != NULL ? 0 : ENOMEM;
}

struct sink *
hexdump_start(struct hexdump *h, uint64_t address_base)
{
	h->address_base = address_base;
	h->text_len = 0;
	h->text_first = h->text_end = 0;
	h->carry_len = 0;
	h->carry_address = 0;
	return &h->base;
}

void
hexdump_free(struct hexdump *h)
{
	free(h->text);
	h->text = NULL;
}
