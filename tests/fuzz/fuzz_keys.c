/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_keys.c - libFuzzer target for the rules of --from and --to
 * (src/keys.c) and the bisection over a file (key_find, src/keyfind.c).
 *
 * Input: 3 header bytes, then KEYS and CONTENT, every byte mapped onto
 * a small alphabet (digits, letters, '-', ':', ' ', the terminator), so
 * that records, continuation lines and equal prefixes are common.
 *   byte 0: bit 0 --from given, bit 1 --to given (neither: both),
 *           bit 2 NUL-terminated lines, bit 3 the input left unsorted,
 *           bit 4 the last line without its terminator;
 *   byte 1, 2: the lengths of --from and --to (1..8);
 *   then the keys' bytes (a terminator in a key is taken as 'x').
 * Unless bit 3 is set, the content's records are put in byte order
 * (keys_ref_sort_records).
 *
 * Oracle (abort() when violated), from the model in keys_ref.h, which
 * looks at every line: on a sorted input key_find gives exactly the
 * bytes the model selects (an empty selection anywhere), reports no
 * disorder, and key_next_state, line by line, prints the same lines;
 * on any input, begin <= end <= size and a disorder is placed inside
 * the input.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyfind.h"
#include "keys.h"
#include "keys_ref.h"

static unsigned char
letter(uint8_t b, unsigned char term)
{
	static const char alphabet[] = "0123abAB-: ";
	size_t n = sizeof alphabet - 1;

	return b % (n + 2) >= n ? term : (unsigned char)alphabet[b % (n + 2)];
}

/* What key_next_state prints, line by line, against the model. */
static void
check_stream_rule(const struct key_request *r, const unsigned char *buf,
    size_t len, const bool *sel)
{
	enum key_state st = key_first_state(r);
	size_t i = 0, j, n;

	while (i < len) {
		for (j = i; j < len && buf[j] != r->terminator; j++)
			;
		n = j - i;
		st = key_next_state(r, st, buf + i, n);
		for (; i <= j && i < len; i++)
			if (sel[i] != (st == KEY_INSIDE))
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char from[8], to[8], *raw, *buf;
	struct key_request r = { .from = NULL };
	struct key_span span;
	struct memory m;
	struct key_reader reader;
	size_t from_len, to_len, i, len, first, last;
	bool *sel, has_from, has_to, sorted, unended;
	int err;

	if (size < 3)
		return 0;
	unended = (data[0] & 16) != 0;
	has_from = (data[0] & 1) != 0;
	has_to = (data[0] & 2) != 0;
	if (!has_from && !has_to)
		has_from = has_to = true;
	r.terminator = (data[0] & 4) ? '\0' : '\n';
	sorted = (data[0] & 8) == 0;
	from_len = 1 + data[1] % 8;
	to_len = 1 + data[2] % 8;
	data += 3;
	size -= 3;
	if (size < from_len + to_len)
		return 0;
	for (i = 0; i < from_len; i++)
		from[i] = letter(data[i], r.terminator) == r.terminator ? 'x' :
		    letter(data[i], r.terminator);
	for (i = 0; i < to_len; i++)
		to[i] = letter(data[from_len + i], r.terminator) ==
		    r.terminator ? 'x' : letter(data[from_len + i],
		    r.terminator);
	if (has_from) {
		r.from = from;
		r.from_len = from_len;
	}
	if (has_to) {
		r.to = to;
		r.to_len = to_len;
	}
	data += from_len + to_len;
	size -= from_len + to_len;

	raw = malloc(size + 1);
	buf = malloc(size + 2);
	sel = calloc(size + 2, sizeof *sel);
	if (raw == NULL || buf == NULL || sel == NULL)
		abort();
	for (i = 0; i < size; i++)
		raw[i] = letter(data[i], r.terminator);
	if (sorted) {
		len = keys_ref_sort_records(raw, size, r.terminator,
		    key_lead(&r), buf);
	} else {
		memcpy(buf, raw, size);
		len = size;
	}
	if (unended && len > 0 &&
	    buf[len - 1] == r.terminator)
		len--;

	m = (struct memory){ buf, len };
	reader = (struct key_reader){ read_memory, &m, len };
	if (key_find(&reader, &r, &span, &err) != KEY_FIND_OK)
		abort();
	if (span.begin > span.end || span.end > len)
		abort();
	if (span.unsorted && span.unsorted_at >= len)
		abort();
	if (sorted) {
		keys_ref_select(buf, len, r.terminator, r.from, r.from_len,
		    r.to, r.to_len, sel);
		for (first = 0; first < len && !sel[first]; first++)
			;
		for (last = len; last > first && !sel[last - 1]; last--)
			;
		for (i = first; i < last; i++)
			if (!sel[i])
				abort();	/* the model: one stretch */
		if (span.unsorted)
			abort();
		if (first < last && (span.begin != first ||
		    span.end != last))
			abort();
		if (first == last && span.begin != span.end)
			abort();
		check_stream_rule(&r, buf, len, sel);
	}
	free(raw);
	free(buf);
	free(sel);
	return 0;
}
