/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_ar.c - the members of an ar archive (static libraries, .deb).
 *
 * "!<arch>\n", then members, each a 60-byte header (name, dates, ids,
 * mode, a decimal size, "`\n") and its data, padded to an even offset.
 * Names: GNU ends a name with '/' and keeps longer ones in the "//"
 * member, referred to as "/OFFSET"; BSD writes "#1/LEN" and puts the
 * name first in the data; others (dpkg) pad the name with spaces.  The
 * symbol tables ("/", "/SYM64/", "__.SYMDEF") are not members.
 */
#include "config.h"

#include "part_ar.h"
#include "part_bytes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char ar_magic[] = "!<arch>\n";

enum {
	MAGIC_LEN = sizeof ar_magic - 1,
	HEADER_LEN = 60,
	NAME_LEN = 16,
	SIZE_AT = 48, SIZE_LEN = 10,
	FMAG_AT = 58
};

static bool
ar_detect(const unsigned char *bytes, size_t len)
{
	return len >= MAGIC_LEN && memcmp(bytes, ar_magic, MAGIC_LEN) == 0;
}

/* Decimal digits then spaces; at least one digit. */
static bool
parse_decimal(const unsigned char *f, size_t n, uint64_t *value)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && f[i] >= '0' && f[i] <= '9'; i++)
		/* 10 digits at most: no overflow. */
		v = v * 10 + (uint64_t)(f[i] - '0');
	if (i == 0)
		return false;
	for (; i < n; i++)
		if (f[i] != ' ')
			return false;
	*value = v;
	return true;
}

struct walk {
	const unsigned char *bytes;
	size_t len;
	char *why;
	uint64_t header_at;
	const unsigned char *long_names;	/* the "//" member's data */
	uint64_t long_names_len;
};

/* Why the walk gives up, at the header it was reading. */
static enum parts_result
invalid(const struct walk *w, const char *reason)
{
	return part_invalid(w->why, "header at byte %" PRIu64 ": %s",
	    w->header_at, reason);
}

static bool
name_is(const unsigned char *h, const char *word)
{
	size_t n = strlen(word), i;

	if (memcmp(h, word, n) != 0)
		return false;
	for (i = n; i < NAME_LEN; i++)
		if (h[i] != ' ')
			return false;
	return true;
}

/* A GNU long name, "/OFFSET", from the "//" member; NULL or why not. */
static const char *
long_name(const struct walk *w, const unsigned char *h, struct part *part)
{
	const unsigned char *p, *end;
	uint64_t at;

	if (!parse_decimal(h + 1, NAME_LEN - 1, &at))
		return "bad long name reference";
	if (w->long_names == NULL || at >= w->long_names_len)
		return "long name past the long name table";
	p = w->long_names + at;
	end = memchr(p, '\n', (size_t)(w->long_names_len - at));
	if (end == NULL)
		return "long name runs past the long name table";
	if (end > p && end[-1] == '/')
		end--;
	part->name = p;
	part->name_len = (size_t)(end - p);
	return NULL;
}

/* The name of an ordinary member: up to '/' (GNU), else spaces trimmed. */
static void
short_name(const unsigned char *h, struct part *part)
{
	const unsigned char *slash = memchr(h, '/', NAME_LEN);
	size_t n = NAME_LEN;

	if (slash != NULL) {
		n = (size_t)(slash - h);
	} else {
		while (n > 0 && h[n - 1] == ' ')
			n--;
	}
	part->name = h;
	part->name_len = n;
}

/*
 * What the header at w->header_at says: a member to list (*listed), or a
 * table to take or skip.  NULL, or why the archive is bad.
 */
static const char *
read_member(struct walk *w, const unsigned char *h, uint64_t data,
    uint64_t size, struct part *part, bool *listed)
{
	uint64_t bsd_len;

	*listed = false;
	if (name_is(h, "/") || name_is(h, "/SYM64/") ||
	    name_is(h, "__.SYMDEF") ||
	    memcmp(h, "__.SYMDEF SORTED", NAME_LEN) == 0)
		return NULL;
	if (name_is(h, "//")) {
		w->long_names = w->bytes + data;
		w->long_names_len = size;
		return NULL;
	}
	memset(part, 0, sizeof *part);
	part->kind = "member";
	part->offset = data;
	part->length = size;
	if (h[0] == '/' && h[1] >= '0' && h[1] <= '9') {
		const char *reason = long_name(w, h, part);

		if (reason != NULL)
			return reason;
	} else if (memcmp(h, "#1/", 3) == 0) {
		if (!parse_decimal(h + 3, NAME_LEN - 3, &bsd_len) ||
		    bsd_len > size)
			return "bad BSD long name";
		part->name = w->bytes + data;
		part->name_len = (size_t)bsd_len;
		/* BSD pads the name with NULs to a multiple of 4 or 8. */
		while (part->name_len > 0 &&
		    part->name[part->name_len - 1] == '\0')
			part->name_len--;
		part->offset = data + bsd_len;
		part->length = size - bsd_len;
	} else {
		short_name(h, part);
	}
	*listed = true;
	return NULL;
}

static enum parts_result
ar_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	struct walk w = { .bytes = bytes, .len = len, .why = why };
	const unsigned char *h;
	uint64_t pos = MAGIC_LEN, data, size;
	const char *reason;
	struct part part;
	bool listed;

	if (len < MAGIC_LEN)
		return invalid(&w, "cut short");
	while (pos < len) {
		w.header_at = pos;
		if (len - pos < HEADER_LEN)
			return invalid(&w, "cut short");
		h = bytes + pos;
		if (h[FMAG_AT] != '`' || h[FMAG_AT + 1] != '\n')
			return invalid(&w, "bad header end");
		if (!parse_decimal(h + SIZE_AT, SIZE_LEN, &size))
			return invalid(&w, "bad size");
		data = pos + HEADER_LEN;
		if (size > len - data)
			return invalid(&w,
			    "data ends past the end of the file");
		if ((reason = read_member(&w, h, data, size, &part, &listed)) !=
		    NULL)
			return invalid(&w, reason);
		if (listed && !visit(ctx, &part))
			return PARTS_OK;
		/* Data ends at an even offset; the last pad may be missing. */
		pos = data + size;
		if (pos % 2 != 0 && pos < len)
			pos++;
	}
	return PARTS_OK;
}

const struct part_format part_format_ar = {
	"ar", ar_detect, ar_walk
};
