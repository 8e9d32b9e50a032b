/*
 * hexdump.c - format ranges the way xxd does, in large blocks.
 *
 * Lines are formatted into a 1 MiB text buffer with a table lookup per
 * byte.  When it fills, the sink says so and the transfer flushes it,
 * naming the input offset up to which the bytes are known to be good: a
 * file that shrank while it was read may have handed us zero-filled bytes
 * past its new end, and those lines must never reach the output.
 */
#include "config.h"

#include "hexdump.h"

#include <errno.h>
#include <string.h>

#include "output.h"

#define TEXT_BUFFER_SIZE ((size_t)1 << 20)

static const char hex_digits[] = "0123456789abcdef";

/* Hex digits an address takes in xxd's "%08lx" layout. */
static size_t
address_digits(uint64_t address)
{
	size_t digits = 8;

	while (digits < 16 && (address >> (4 * digits)) != 0)
		digits++;
	return digits;
}

size_t
hexdump_format_line(char *out, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	size_t digits = address_digits(address), i, at;
	char *hex, *ascii;

	for (i = 0; i < digits; i++)
		out[i] = hex_digits[(address >> (4 * (digits - 1 - i))) & 0xf];
	out[digits] = ':';
	out[digits + 1] = ' ';
	hex = out + digits + 2;
	/* 8 groups of "xxxx " then one more space: 41 columns. */
	memset(hex, ' ', 41);
	ascii = hex + 41;
	for (i = 0; i < n; i++) {
		at = 5 * (i / 2) + 2 * (i % 2);
		hex[at] = hex_digits[bytes[i] >> 4];
		hex[at + 1] = hex_digits[bytes[i] & 0xf];
		ascii[i] = '.';
		if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
			ascii[i] = (char)bytes[i];
	}
	ascii[n] = '\n';
	return (size_t)(ascii + n + 1 - out);
}

struct hexdump {
	struct sink base;
	struct output *out;
	char *text;
	size_t text_len;
	uint64_t text_first;		/* input offset of the first buffered line */
	uint64_t text_end;		/* input offset after the last one */
	unsigned char carry[HEXDUMP_LINE_BYTES];
	size_t carry_len;
	uint64_t carry_address;
};

/* Text length of a full line at address, for cutting the buffer. */
static size_t
full_line_length(uint64_t address)
{
	return address_digits(address) + 2 + 41 + HEXDUMP_LINE_BYTES + 1;
}

/* Keep only the buffered lines (all whole) that end at or before end. */
static void
cut_text(struct hexdump *h, uint64_t end)
{
	uint64_t address = h->text_first;
	size_t keep = 0;

	if (end >= h->text_end)
		return;
	while (address + HEXDUMP_LINE_BYTES <= end) {
		keep += full_line_length(address);
		address += HEXDUMP_LINE_BYTES;
	}
	h->text_len = keep;
	h->text_end = address;
}

static bool
has_room(const struct hexdump *h)
{
	return TEXT_BUFFER_SIZE - h->text_len >= HEXDUMP_LINE_MAX;
}

static void
append_line(struct hexdump *h, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	if (h->text_len == 0)
		h->text_first = address;
	h->text_len += hexdump_format_line(h->text + h->text_len, address,
	    bytes, n);
	h->text_end = address + n;
}

/* Top up the partial line held from the last piece; false when full. */
static bool
fill_carry(struct hexdump *h, const unsigned char *bytes, size_t len,
    size_t *used)
{
	size_t fill = HEXDUMP_LINE_BYTES - h->carry_len;

	*used = 0;
	if (fill > len)
		fill = len;
	if (h->carry_len + fill == HEXDUMP_LINE_BYTES && !has_room(h))
		return false;
	memcpy(h->carry + h->carry_len, bytes, fill);
	h->carry_len += fill;
	*used = fill;
	if (h->carry_len == HEXDUMP_LINE_BYTES) {
		append_line(h, h->carry_address, h->carry, HEXDUMP_LINE_BYTES);
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
	size_t used = 0;

	(void)by_reference;
	*err = 0;
	*taken = 0;
	if (h->carry_len > 0 && !fill_carry(h, bytes, len, &used))
		return SINK_FULL;
	if (h->carry_len > 0) {
		*taken = used;
		return SINK_OK;
	}
	for (; len - used >= HEXDUMP_LINE_BYTES; used += HEXDUMP_LINE_BYTES) {
		if (!has_room(h)) {
			*taken = used;
			return SINK_FULL;
		}
		append_line(h, offset + used, bytes + used, HEXDUMP_LINE_BYTES);
	}
	if (used < len) {
		h->carry_address = offset + used;
		h->carry_len = len - used;
		memcpy(h->carry, bytes + used, h->carry_len);
	}
	*taken = len;
	return SINK_OK;
}

static enum sink_result
hex_flush(struct sink *self, uint64_t good_end, bool last, int *err)
{
	struct hexdump *h = (struct hexdump *)self;

	cut_text(h, good_end);
	if (last && h->carry_len > 0 &&
	    h->carry_address + h->carry_len <= good_end && has_room(h))
		append_line(h, h->carry_address, h->carry, h->carry_len);
	if (last)
		h->carry_len = 0;
	*err = output_write(h->out, h->text, h->text_len);
	h->text_len = 0;
	h->text_first = h->text_end;
	return *err != 0 ? SINK_OUTPUT_ERROR : SINK_OK;
}

struct sink *
hexdump_sink(struct output *out)
{
	static char text[TEXT_BUFFER_SIZE];
	static struct hexdump h;

	memset(&h, 0, sizeof h);
	h.base.put = hex_put;
	h.base.flush = hex_flush;
	h.base.transforms = true;
	h.out = out;
	h.text = text;
	return &h.base;
}
