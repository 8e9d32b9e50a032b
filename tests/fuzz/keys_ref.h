/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keys_ref.h - a brute-force model of --from=KEY and --to=KEY, written
 * from the manual page (RECORDS, KEYS AND CHUNKS), not from src/keys.c:
 * every line is looked at in turn.
 *   - a line is a record start when it is not empty and its first byte
 *     is of the class of the first byte of --from's key (else --to's):
 *     an ASCII digit, an ASCII letter, or else that very byte;
 *   - a record's prefix is the first len(KEY) bytes of its line (fewer
 *     when the line is shorter), the terminator left out, compared as
 *     bytes, a shorter one that is the key's beginning sorting first;
 *   - a record is selected when its prefix is >= --from and <= --to
 *     (a key not given does not limit); the lines after it that are not
 *     record starts go with it; the lines before the first record are
 *     selected only when --from is not given.
 * keys_ref_select marks each byte selected or not; keys_ref_sort_records
 * makes an input sorted by putting its records in byte order.
 */
#ifndef MMCAT_KEYS_REF_H
#define MMCAT_KEYS_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An input in memory, read as key_find's reader reads (keyfind.h). */
struct memory {
	const unsigned char *bytes;
	size_t len;
};

static int
read_memory(const void *ctx, uint64_t pos, unsigned char *buf, size_t len,
    size_t *got)
{
	const struct memory *m = ctx;
	size_t n = pos >= m->len ? 0 : m->len - (size_t)pos;

	*got = n < len ? n : len;
	memcpy(buf, m->bytes + pos, *got);
	return 0;
}

static int
keys_ref_class(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return 'D' + 1000;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 'L' + 1000;
	return c;
}

/* Byte order of a line's prefix (its bytes up to term, at most klen). */
static int
keys_ref_order(const unsigned char *line, size_t avail, unsigned char term,
    const unsigned char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < klen; i++) {
		if (i == avail || line[i] == term)
			return -1;	/* shorter, equal so far */
		if (line[i] != key[i])
			return line[i] < key[i] ? -1 : 1;
	}
	return 0;
}

/*
 * sel[i]: whether byte i of buf[0..len) is printed.  from and to may be
 * NULL; one of them is not, and is not empty.
 */
static void
keys_ref_select(const unsigned char *buf, size_t len, unsigned char term,
    const unsigned char *from, size_t from_len, const unsigned char *to,
    size_t to_len, bool *sel)
{
	unsigned char lead = from != NULL ? from[0] : to[0];
	bool selected = from == NULL;	/* the lines before any record */
	size_t i = 0, j;

	while (i < len) {
		if (buf[i] != term &&
		    keys_ref_class(buf[i]) == keys_ref_class(lead))
			selected = (from == NULL || keys_ref_order(buf + i,
			    len - i, term, from, from_len) >= 0) &&
			    (to == NULL || keys_ref_order(buf + i, len - i,
			    term, to, to_len) <= 0);
		for (j = i; j < len; j++) {
			sel[j] = selected;
			if (buf[j] == term)
				break;
		}
		i = j + 1;
	}
}

/* Whole lines compared as bytes, a line that is another's beginning first. */
static int
keys_ref_line_order(const unsigned char *a, size_t alen,
    const unsigned char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

struct keys_ref_record {
	const unsigned char *bytes;	/* the record: its lines, each ended */
	size_t len;
	size_t head;			/* the length of its first line */
};

static int
keys_ref_record_cmp(const void *x, const void *y)
{
	const struct keys_ref_record *a = x, *b = y;
	int c = keys_ref_line_order(a->bytes, a->head, b->bytes, b->head);

	/* Ties keep the input's order: a stable sort by address. */
	return c != 0 ? c : (a->bytes > b->bytes) - (a->bytes < b->bytes);
}

/*
 * Write into out (len + 1 bytes) the lines of in, each with its
 * terminator, the lines before the first record first, then the records
 * in byte order of their first lines; returns the length written.
 */
static size_t
keys_ref_sort_records(const unsigned char *in, size_t len,
    unsigned char term, unsigned char lead, unsigned char *out)
{
	struct keys_ref_record *r = calloc(len + 1, sizeof *r);
	size_t i = 0, j, n = 0, o = 0, k;
	bool start;

	if (r == NULL)
		abort();
	while (i < len) {
		for (j = i; j < len && in[j] != term; j++)
			;
		start = j > i && keys_ref_class(in[i]) ==
		    keys_ref_class(lead);
		if (start || n == 0) {
			r[n].bytes = in + i;
			r[n].head = j - i;
			r[n].len = 0;
			n++;
		}
		r[n - 1].len = (size_t)(in + j - r[n - 1].bytes);
		i = j + 1;
	}
	/* The first is the preamble unless it starts a record. */
	k = n > 0 && !(r[0].head > 0 &&
	    keys_ref_class(r[0].bytes[0]) == keys_ref_class(lead)) ? 1 : 0;
	qsort(r + k, n - k, sizeof *r, keys_ref_record_cmp);
	for (i = 0; i < n; i++) {
		/* Each line keeps its terminator, the last one's added. */
		for (j = 0; j < r[i].len; j++)
			out[o++] = r[i].bytes[j];
		out[o++] = term;
	}
	free(r);
	return o;
}

#endif
