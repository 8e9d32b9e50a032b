/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keys.c - the rules of --from=KEY and --to=KEY (see keys.h).
 */
#include "config.h"

#include "keys.h"

#include <string.h>

enum {
	CLASS_DIGIT = 256,	/* past every byte value */
	CLASS_LETTER
};

int
key_class(unsigned char byte)
{
	/* ASCII only, whatever the locale says a digit or letter is. */
	if (byte >= '0' && byte <= '9')
		return CLASS_DIGIT;
	if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z'))
		return CLASS_LETTER;
	return byte;
}

unsigned char
key_lead(const struct key_request *request)
{
	return request->from != NULL ? request->from[0] : request->to[0];
}

size_t
key_longest(const struct key_request *request)
{
	size_t from = request->from != NULL ? request->from_len : 0;
	size_t to = request->to != NULL ? request->to_len : 0;

	return from > to ? from : to;
}

bool
key_starts_record(const struct key_request *request, unsigned char first)
{
	return key_class(first) == key_class(key_lead(request));
}

int
key_compare(const unsigned char *line, size_t len, const unsigned char *key,
    size_t key_len)
{
	size_t n = len < key_len ? len : key_len;
	int c = n > 0 ? memcmp(line, key, n) : 0;

	if (c != 0)
		return c;
	/* A line shorter than the key, equal as far as it goes, is less. */
	return len < key_len ? -1 : 0;
}

bool
key_past(const struct key_request *request, enum key_side side,
    const unsigned char *line, size_t len)
{
	if (side == KEY_FROM)
		return request->from != NULL && key_compare(line, len,
		    request->from, request->from_len) >= 0;
	return request->to != NULL && key_compare(line, len, request->to,
	    request->to_len) > 0;
}

bool
key_in_order(const struct key_request *request, enum key_side side,
    const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	size_t n = side == KEY_FROM ? request->from_len : request->to_len;
	size_t an = alen < n ? alen : n, bn = blen < n ? blen : n;
	int c = memcmp(a, b, an < bn ? an : bn);

	return c != 0 ? c < 0 : an <= bn;
}

enum key_state
key_first_state(const struct key_request *request)
{
	return request->from != NULL ? KEY_BEFORE : KEY_INSIDE;
}

enum key_state
key_next_state(const struct key_request *request, enum key_state state,
    const unsigned char *line, size_t len)
{
	if (len == 0 || !key_starts_record(request, line[0]))
		return state;
	if (state == KEY_BEFORE && key_past(request, KEY_FROM, line, len))
		state = KEY_INSIDE;
	if (state == KEY_INSIDE && key_past(request, KEY_TO, line, len))
		state = KEY_AFTER;
	return state;
}
