/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quote.c - GNU shell-escape quoting of names and arguments, for messages.
 *
 * The text is read as a run of units: one ASCII byte, one UTF-8 character
 * shown as it is, or the bytes of something to escape.  A first look over
 * the units decides the form (bare, "double", or 'single' with $'...'
 * escapes); a second writes it, a unit at a time, so that a buffer too
 * small is cut between units only.
 */
#include "config.h"

#include "quote.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum unit_kind {
	UNIT_PLAIN,		/* written as it is */
	UNIT_APOSTROPHE,	/* a single quote */
	UNIT_ESCAPED		/* bytes written as \n, \033 ... */
};

struct unit {
	enum unit_kind kind;
	size_t len;		/* bytes of the text it covers */
	bool needs_quotes;	/* the text cannot be shown bare */
	bool double_safe;	/* means the same inside "..." as in C */
};

/* Characters a shell would act on anywhere in a word. */
static const char shell_specials[] = "!\"$&()*;<=>?[\\^`|";

/*
 * The length of the well-formed UTF-8 sequence at s (shortest form, no
 * surrogates, at most U+10FFFF) and its code point; 0 if there is none.
 * A NUL ends the text and is never a continuation byte, so s is not read
 * past it.
 */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t shortest[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, k;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	*cp = s[0] & (0x7fu >> len);
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[k] & 0x3fu);
	}
	if (*cp < shortest[len] || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Whether a code point above U+007F is shown as a character.  Not the C1
 * controls (a terminal may act on them), not the line and paragraph
 * separators (they end a line), not the bidirectional controls (they
 * reorder what follows on the line, so a name could pass for another),
 * not the noncharacters.  Other code points are shown, assigned or not:
 * no Unicode tables, no locale.
 */
static bool
code_point_shown(uint32_t cp)
{
	if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029)
		return false;
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return false;
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return false;
	return true;
}

/* Bytes 0x80 and up: a character shown as it is, or bytes to escape. */
static void
classify_high(const unsigned char *s, struct unit *u)
{
	uint32_t cp;
	size_t len = utf8_decode(s, &cp);

	if (len > 0 && code_point_shown(cp)) {
		u->len = len;
		u->double_safe = true;
	} else {
		u->kind = UNIT_ESCAPED;
		u->len = len > 0 ? len : 1;
		u->needs_quotes = true;
	}
}

/*
 * The unit at text[i] (text_len bytes in all).  As in coreutils: '#' and
 * '~' matter only first in a word, '{' and '}' only alone.
 */
static void
classify(const unsigned char *text, size_t i, size_t text_len, struct unit *u)
{
	unsigned char c = text[i];

	u->kind = UNIT_PLAIN;
	u->len = 1;
	u->needs_quotes = false;
	u->double_safe = true;
	if (c >= 0x80) {
		classify_high(text + i, u);
	} else if (c < 0x20 || c == 0x7f) {
		u->kind = UNIT_ESCAPED;
		u->needs_quotes = true;
		u->double_safe = false;
	} else if (c == '\'') {
		u->kind = UNIT_APOSTROPHE;
		u->needs_quotes = true;
	} else if (c == ' ') {
		u->needs_quotes = true;
	} else if (strchr(shell_specials, c) != NULL) {
		u->needs_quotes = true;
		u->double_safe = false;
	} else if (c == '#' || c == '~') {
		u->needs_quotes = i == 0;
		u->double_safe = i == 0;
	} else if (c == '{' || c == '}') {
		u->needs_quotes = text_len == 1;
		u->double_safe = text_len == 1;
	}
}

/* Where the quoted text goes: whole pieces while they fit, and a count. */
struct sink {
	char *buf;
	size_t size, written, total;
	bool full;
};

static void
sink_put(struct sink *s, const char *piece, size_t n)
{
	if (!s->full && s->size > 0 && n < s->size - s->written) {
		memcpy(s->buf + s->written, piece, n);
		s->written += n;
	} else {
		s->full = true;
	}
	s->total = n > SIZE_MAX - s->total ? SIZE_MAX : s->total + n;
}

/* len bytes onto a piece being put together (not a C string). */
static void
piece_add(char *piece, size_t *n, const char *bytes, size_t len)
{
	memcpy(piece + *n, bytes, len);
	*n += len;
}

/* One escaped byte, "\n" or "\033", at out; returns its length. */
static size_t
escape_byte(unsigned char c, char *out)
{
	static const char controls[] = "\a\b\f\n\r\t\v";
	static const char letters[] = "abfnrtv";
	const char *p = c != '\0' ? strchr(controls, c) : NULL;

	out[0] = '\\';
	if (p != NULL) {
		out[1] = letters[p - controls];
		return 2;
	}
	out[1] = (char)('0' + (c >> 6));
	out[2] = (char)('0' + ((c >> 3) & 7));
	out[3] = (char)('0' + (c & 7));
	return 4;
}

/*
 * One unit inside '...'.  *in_dollar tells whether a $'...' segment is
 * open: escapes go into one, anything else closes it and reopens '...'.
 */
static void
put_single_quoted(struct sink *s, const unsigned char *p,
    const struct unit *u, bool *in_dollar)
{
	char piece[3 + 4 * 4];
	size_t n = 0, k;

	switch (u->kind) {
	case UNIT_ESCAPED:
		if (!*in_dollar)
			piece_add(piece, &n, "'$'", 3);
		*in_dollar = true;
		for (k = 0; k < u->len; k++)
			n += escape_byte(p[k], piece + n);
		break;
	case UNIT_APOSTROPHE:
		piece_add(piece, &n, "'\\''", 4);
		*in_dollar = false;
		break;
	case UNIT_PLAIN:
	default:
		if (*in_dollar)
			piece_add(piece, &n, "''", 2);
		*in_dollar = false;
		piece_add(piece, &n, (const char *)p, u->len);
		break;
	}
	sink_put(s, piece, n);
}

enum form { FORM_BARE, FORM_DOUBLE, FORM_SINGLE };

static enum form
choose_form(const unsigned char *text, size_t text_len,
    enum quote_style style)
{
	bool needs = style == QUOTE_ARG || text_len == 0;
	bool apostrophe = false, double_safe = true;
	struct unit u;
	size_t i;

	for (i = 0; i < text_len; i += u.len) {
		classify(text, i, text_len, &u);
		needs = needs || u.needs_quotes ||
		    (style == QUOTE_NAME && text[i] == ':');
		apostrophe = apostrophe || u.kind == UNIT_APOSTROPHE;
		double_safe = double_safe && u.double_safe;
	}
	if (!needs)
		return FORM_BARE;
	/* An apostrophe reads better as "it's" than as 'it'\''s'. */
	return apostrophe && double_safe ? FORM_DOUBLE : FORM_SINGLE;
}

size_t
quote_into(char *buf, size_t size, const char *text, enum quote_style style)
{
	return quote_bytes_into(buf, size, text, strlen(text), style);
}

size_t
quote_bytes_into(char *buf, size_t size, const void *bytes, size_t text_len,
    enum quote_style style)
{
	const unsigned char *t = bytes;
	const char *text = bytes;
	size_t i;
	struct sink s = { buf, size, 0, 0, false };
	enum form form = choose_form(t, text_len, style);
	bool in_dollar = false;
	struct unit u;

	if (form != FORM_BARE)
		sink_put(&s, form == FORM_DOUBLE ? "\"" : "'", 1);
	for (i = 0; i < text_len; i += u.len) {
		classify(t, i, text_len, &u);
		if (form == FORM_SINGLE)
			put_single_quoted(&s, t + i, &u, &in_dollar);
		else
			sink_put(&s, text + i, u.len);
	}
	if (form != FORM_BARE)
		sink_put(&s, form == FORM_DOUBLE ? "\"" : "'", 1);
	if (size > 0)
		buf[s.written] = '\0';
	return s.total;
}

char *
quote_dup(const char *text, enum quote_style style)
{
	size_t len = quote_into(NULL, 0, text, style);
	char *copy;

	if (len == SIZE_MAX || (copy = malloc(len + 1)) == NULL)
		return NULL;
	(void)quote_into(copy, len + 1, text, style);
	return copy;
}
