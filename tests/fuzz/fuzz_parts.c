/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_parts.c - libFuzzer target for every format of the table of named
 * parts (src/parts_table.c and the part_*.c modules).
 *
 * Input: byte 0 picks the format (the table's i-th, i = byte 0 modulo
 * the number of formats); the rest is the file, copied into an
 * allocation of exactly its size, so that AddressSanitizer catches any
 * read past its end.  The walk must end, OK or INVALID; INVALID with a
 * reason that is a string of at most PARTS_WHY_MAX bytes.  Every part
 * must lie within the file (offset + length <= size, without overflow),
 * in file order is not required (zip lists in directory order), have a
 * kind, and a name inside the file or, when the walk put it together on
 * its stack (a ustar prefix and name), of at most 256 bytes, all of
 * them read here.  A refusal, when there is one, is a string.  A second
 * walk stopped at its first part must say OK, and parts_detect must
 * return a format of the table or NULL.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"

/* The longest name a walk may build outside the file. */
#define NAME_OUTSIDE_MAX 256

struct check {
	const unsigned char *bytes;
	size_t len;
	size_t parts;
	unsigned sum;		/* makes every name byte read */
};

static bool
check_part(void *ctx, const struct part *p)
{
	struct check *c = ctx;
	const unsigned char *name = p->name;
	size_t i;

	if (p->offset > c->len || p->length > c->len - p->offset)
		abort();
	if (p->kind == NULL || p->kind[0] == '\0')
		abort();
	if (p->name_len > 0 && name == NULL)
		abort();
	if (p->name_len > 0 && !(name >= c->bytes &&
	    name <= c->bytes + c->len &&
	    p->name_len <= (size_t)(c->bytes + c->len - name)) &&
	    p->name_len > NAME_OUTSIDE_MAX)
		abort();
	for (i = 0; i < p->name_len; i++)
		c->sum += name[i];
	if (p->refusal != NULL)
		c->sum += (unsigned)strlen(p->refusal);
	c->parts++;
	return true;
}

static bool
stop_at_first(void *ctx, const struct part *p)
{
	(void)p;
	*(size_t *)ctx += 1;
	return false;
}

static size_t
format_count(void)
{
	size_t n = 0;

	while (parts_format(n) != NULL)
		n++;
	return n;
}

/* Where the names' bytes end up, so that reading them is not elided. */
volatile unsigned name_bytes_sum;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t count;
	const struct part_format *f, *found;
	unsigned char *copy;
	char why[PARTS_WHY_MAX];
	struct check c;
	enum parts_result r;
	size_t len, i, stopped = 0;

	if (count == 0)
		count = format_count();
	if (size == 0 || count == 0)
		return 0;
	f = parts_format(data[0] % count);
	len = size - 1;
	copy = malloc(len > 0 ? len : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, len);
	c = (struct check){ .bytes = copy, .len = len };
	memset(why, 0x55, sizeof why);
	r = f->walk(copy, len, check_part, &c, why);
	if (r != PARTS_OK && r != PARTS_INVALID)
		abort();
	if (r == PARTS_INVALID && memchr(why, '\0', sizeof why) == NULL)
		abort();
	if (c.parts > 0 && (f->walk(copy, len, stop_at_first, &stopped,
	    why) != PARTS_OK || stopped != 1))
		abort();
	found = parts_detect(copy, len);
	if (found != NULL) {
		for (i = 0; i < count && parts_format(i) != found; i++)
			;
		if (i == count)
			abort();
	}
	free(copy);
	name_bytes_sum = c.sum;
	return 0;
}
