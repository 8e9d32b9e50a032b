/*
 * hexdump.c - format ranges the way xxd does, in large blocks.
 *
 * Lines are formatted into a 1 MiB text buffer with a table lookup per
 * byte and written out when it fills.  Before text is written, the size of
 * a mapped source is checked again: a file that shrank while it was read
 * may have handed us zero-filled bytes past its new end, and those lines
 * must never reach the output.
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
	const struct source *src;	/* NULL for a stream: nothing to recheck */
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

/*
 * Keep only the buffered lines that end at or before size.  Returns true
 * when lines had to go.
 */
static bool
cut_to_size(struct hexdump *h, uint64_t size)
{
	uint64_t address = h->text_first;
	size_t keep = 0;

	if (size >= h->text_end)
		return false;
	while (address + HEXDUMP_LINE_BYTES <= size) {
		keep += full_line_length(address);
		address += HEXDUMP_LINE_BYTES;
	}
	h->text_len = keep;
	h->text_end = address;
	return true;
}

/* Write the buffer out, after making sure its lines are still in the file. */
static int
flush_text(struct hexdump *h)
{
	uint64_t size;
	bool shrank = false;
	int err;

	if (h->src != NULL && h->text_len > 0) {
		if ((err = source_current_size(h->src, &size)) != 0)
			return err;
		shrank = cut_to_size(h, size);
	}
	err = output_write(h->text, h->text_len, NULL);
	h->text_len = 0;
	h->text_first = h->text_end;
	if (err == 0 && shrank)
		err = EFAULT;
	return err;
}

static int
append_line(struct hexdump *h, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	int err;

	if (TEXT_BUFFER_SIZE - h->text_len < HEXDUMP_LINE_MAX &&
	    (err = flush_text(h)) != 0)
		return err;
	if (h->text_len == 0)
		h->text_first = address;
	h->text_len += hexdump_format_line(h->text + h->text_len, address,
	    bytes, n);
	h->text_end = address + n;
	return 0;
}

static int
hex_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool mapped, size_t *taken)
{
	struct hexdump *h = (struct hexdump *)self;
	size_t used = 0, fill;
	int err = 0;

	(void)mapped;
	*taken = 0;
	if (h->carry_len > 0) {
		fill = HEXDUMP_LINE_BYTES - h->carry_len;
		if (fill > len)
			fill = len;
		memcpy(h->carry + h->carry_len, bytes, fill);
		h->carry_len += fill;
		used = fill;
		if (h->carry_len < HEXDUMP_LINE_BYTES) {
			*taken = used;
			return 0;
		}
		if ((err = append_line(h, h->carry_address, h->carry,
		    HEXDUMP_LINE_BYTES)) != 0)
			return err;
		h->carry_len = 0;
	}
	for (; len - used >= HEXDUMP_LINE_BYTES; used += HEXDUMP_LINE_BYTES)
		if ((err = append_line(h, offset + used, bytes + used,
		    HEXDUMP_LINE_BYTES)) != 0)
			return err;
	if (used < len) {
		h->carry_address = offset + used;
		h->carry_len = len - used;
		memcpy(h->carry, bytes + used, h->carry_len);
	}
	*taken = len;
	return 0;
}

static int
hex_finish(struct sink *self)
{
	struct hexdump *h = (struct hexdump *)self;
	int err = 0;

	if (h->carry_len > 0)
		err = append_line(h, h->carry_address, h->carry, h->carry_len);
	h->carry_len = 0;
	if (err == 0)
		err = flush_text(h);
	return err;
}

static int
hex_salvage(struct sink *self)
{
	struct hexdump *h = (struct hexdump *)self;

	h->carry_len = 0;
	return flush_text(h);
}

struct sink *
hexdump_sink(const struct source *src)
{
	static char text[TEXT_BUFFER_SIZE];
	static struct hexdump h;

	memset(&h, 0, sizeof h);
	h.base.put = hex_put;
	h.base.finish = hex_finish;
	h.base.salvage = hex_salvage;
	h.base.reads_bytes = true;
	h.src = src != NULL && src->kind == SOURCE_MAPPABLE ? src : NULL;
	h.text = text;
	return &h.base;
}
