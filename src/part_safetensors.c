/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_safetensors.c - the tensors of a safetensors file.
 *
 * The file is an 8-byte little-endian length N, N bytes of JSON (an
 * object; spaces may pad its end), then the tensors' bytes.  Each member
 * of the object but "__metadata__" is a tensor: an object whose
 * "data_offsets" is [BEGIN, END], relative to the first byte after the
 * header, so the tensor is [8 + N + BEGIN, 8 + N + END).  Its "dtype"
 * and "shape" are read as JSON and not checked against the length.
 *
 * The JSON is scanned strictly and without recursion: strings with
 * their escapes checked (no raw control bytes), numbers, literals, and
 * arrays and objects nested at most JSON_DEPTH_MAX deep.  A tensor's
 * name is its key as stored between the quotes, escapes not decoded:
 * the bytes a user sees in the header.  Tensors come in the header's
 * order.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "part_bytes.h"
#include "part_safetensors.h"

#define JSON_DEPTH_MAX 64

struct json {
	const unsigned char *p, *end;
};

struct tensor {
	const unsigned char *name;
	size_t name_len;
	uint64_t begin, end;
	bool has_offsets;
};

/*
 * With no magic number, a file whose JSON would begin at its ninth byte
 * is taken as one; the walk then judges its length.
 */
static bool
st_detect(const unsigned char *bytes, size_t len)
{
	return len >= 9 && bytes[8] == '{';
}

static void
json_space(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Take c, after white space. */
static bool
json_take(struct json *j, unsigned char c)
{
	json_space(j);
	if (j->p == j->end || *j->p != c)
		return false;
	j->p++;
	return true;
}

static bool
json_hex4(const unsigned char *p, const unsigned char *end)
{
	if (end - p < 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

/* A string; *text and *text_len are its bytes between the quotes. */
static bool
json_string(struct json *j, const unsigned char **text, size_t *text_len)
{
	if (!json_take(j, '"'))
		return false;
	*text = j->p;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p < 0x20)
			return false;
		if (*j->p++ != '\\')
			continue;
		if (j->p == j->end)
			return false;
		if (*j->p == 'u') {
			if (!json_hex4(j->p + 1, j->end))
				return false;
			j->p += 5;
		} else if (strchr("\"\\/bfnrt", *j->p) != NULL && *j->p != 0) {
			j->p++;
		} else {
			return false;
		}
	}
	if (j->p == j->end)
		return false;
	*text_len = (size_t)(j->p - *text);
	j->p++;
	return true;
}

static bool
json_digits(struct json *j)
{
	const unsigned char *start = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start;
}

/* Any number, as JSON writes them. */
static bool
json_number(struct json *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!json_digits(j))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!json_digits(j))
			return false;
	}
	return true;
}

/* A whole number that fits 64 bits: an offset. */
static bool
json_offset(struct json *j, uint64_t *value)
{
	json_space(j);
	if (j->p == j->end || *j->p < '0' || *j->p > '9' ||
	    (*j->p == '0' && j->end - j->p > 1 && j->p[1] >= '0' &&
	    j->p[1] <= '9'))
		return false;
	*value = 0;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		unsigned digit = (unsigned)(*j->p++ - '0');

		if (*value > (UINT64_MAX - digit) / 10)
			return false;
		*value = *value * 10 + digit;
	}
	return j->p == j->end || (*j->p != '.' && *j->p != 'e' &&
	    *j->p != 'E');
}

static bool
json_literal(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return false;
	j->p += n;
	return true;
}

/* One scalar: a string, number or literal. */
static bool
json_scalar(struct json *j)
{
	const unsigned char *text;
	size_t text_len;

	json_space(j);
	if (j->p == j->end)
		return false;
	switch (*j->p) {
	case '"':
		return json_string(j, &text, &text_len);
	case 't':
		return json_literal(j, "true");
	case 'f':
		return json_literal(j, "false");
	case 'n':
		return json_literal(j, "null");
	default:
		return json_number(j);
	}
}

/*
 * Pass over one value of any kind.  The open arrays and objects are a
 * stack of their closing brackets; after an opening bracket or a comma
 * comes a value (after a key, in an object), after a value a comma or
 * the closer.
 */
static bool
json_skip(struct json *j)
{
	unsigned char closers[JSON_DEPTH_MAX];
	int depth = 0;

	for (;;) {
		const unsigned char *text;
		size_t text_len;

		json_space(j);
		if (j->p < j->end && (*j->p == '[' || *j->p == '{')) {
			if (depth == JSON_DEPTH_MAX)
				return false;
			closers[depth++] = *j->p == '[' ? ']' : '}';
			j->p++;
			json_space(j);
			if (j->p < j->end && *j->p == closers[depth - 1]) {
				j->p++;
				depth--;
			} else {
				if (closers[depth - 1] == '}' &&
				    (!json_string(j, &text, &text_len) ||
				    !json_take(j, ':')))
					return false;
				continue;
			}
		} else if (!json_scalar(j)) {
			return false;
		}
		/* A value has ended: close what it ends, or go on. */
		for (;;) {
			if (depth == 0)
				return true;
			if (json_take(j, closers[depth - 1])) {
				depth--;
				continue;
			}
			if (!json_take(j, ','))
				return false;
			if (closers[depth - 1] == '}' &&
			    (!json_string(j, &text, &text_len) ||
			    !json_take(j, ':')))
				return false;
			break;
		}
	}
}

static bool
key_is(const unsigned char *key, size_t key_len, const char *word)
{
	return key_len == strlen(word) && memcmp(key, word, key_len) == 0;
}

/* One tensor's object, of which data_offsets is all that matters. */
static bool
st_tensor(struct json *j, struct tensor *t)
{
	t->has_offsets = false;
	if (!json_take(j, '{'))
		return false;
	if (json_take(j, '}'))
		return true;
	do {
		const unsigned char *key;
		size_t key_len;

		if (!json_string(j, &key, &key_len) || !json_take(j, ':'))
			return false;
		if (!key_is(key, key_len, "data_offsets")) {
			if (!json_skip(j))
				return false;
			continue;
		}
		if (t->has_offsets || !json_take(j, '[') ||
		    !json_offset(j, &t->begin) || !json_take(j, ',') ||
		    !json_offset(j, &t->end) || !json_take(j, ']'))
			return false;
		t->has_offsets = true;
	} while (json_take(j, ','));
	return json_take(j, '}');
}

static enum parts_result
st_visit(const struct tensor *t, uint64_t data, size_t len,
    part_visitor visit, void *ctx, bool *go_on, char *why)
{
	struct part part = {
		.kind = "tensor", .name = t->name, .name_len = t->name_len,
		.refusal = NULL
	};

	if (!t->has_offsets)
		return part_invalid(why, "a tensor without data_offsets");
	if (t->begin > t->end)
		return part_invalid(why, "a tensor ends before it begins");
	if (!part_fits(data, t->end, len))
		return part_invalid(why, "a tensor ends past the end of the "
		    "file");
	part.offset = data + t->begin;
	part.length = t->end - t->begin;
	*go_on = visit(ctx, &part);
	return PARTS_OK;
}

static enum parts_result
st_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	uint64_t n;
	struct json j;
	bool go_on = true;

	if (len < 8)
		return part_invalid(why, "no header length");
	n = part_le64(bytes);
	if (n > len - 8)
		return part_invalid(why, "header length %" PRIu64 " past the "
		    "end of the file", n);
	j.p = bytes + 8;
	j.end = bytes + 8 + n;
	if (!json_take(&j, '{'))
		return part_invalid(why, "header is not a JSON object");
	if (!json_take(&j, '}')) {
		do {
			struct tensor t;
			enum parts_result r;

			if (!json_string(&j, &t.name, &t.name_len) ||
			    !json_take(&j, ':'))
				return part_invalid(why, "bad JSON in the "
				    "header at byte %td", j.p - bytes);
			if (key_is(t.name, t.name_len, "__metadata__")) {
				if (!json_skip(&j))
					return part_invalid(why, "bad JSON in "
					    "the header at byte %td",
					    j.p - bytes);
				continue;
			}
			if (!st_tensor(&j, &t))
				return part_invalid(why, "bad JSON in the "
				    "header at byte %td", j.p - bytes);
			if ((r = st_visit(&t, 8 + n, len, visit, ctx, &go_on,
			    why)) != PARTS_OK)
				return r;
			if (!go_on)
				return PARTS_OK;
		} while (json_take(&j, ','));
		if (!json_take(&j, '}'))
			return part_invalid(why, "bad JSON in the header at "
			    "byte %td", j.p - bytes);
	}
	json_space(&j);
	if (j.p != j.end)
		return part_invalid(why, "bytes after the header's JSON");
	return PARTS_OK;
}

const struct part_format part_format_safetensors = {
	.name = "safetensors", .detect = st_detect, .walk = st_walk
};
