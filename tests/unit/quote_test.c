/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quote_test.c - unit tests of src/quote.c, printed as TAP.
 *
 * The cases are those of tests/unit/quote_cases, the table that
 * tests/messages.bats checks against GNU cat and ls: here each must come
 * out of quote_into exactly, whole and cut short.  Then random texts
 * check the properties the manual page promises: one line, no control
 * byte, and the shell reading the quoted text back gives the text.
 *
 * usage: quote_test [CASES]  (default: $MMCAT_TESTS_DIR/unit/quote_cases)
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/quote.h"
#include "tap.h"

#define TEXT_MAX 512

/* "\x1b" and "\\" as the table writes bytes; returns false on bad input. */
static bool
decode_table_text(const char *in, char *out, size_t size)
{
	size_t n = 0;
	unsigned int byte;

	while (*in != '\0' && n + 1 < size) {
		if (in[0] == '\\' && in[1] == '\\') {
			out[n++] = '\\';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 'x' &&
		    sscanf(in + 2, "%2x", &byte) == 1) {
			out[n++] = (char)byte;
			in += 4;
		} else if (in[0] == '\\') {
			return false;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
	return *in == '\0';
}

/*
 * Read a quoted text back as a POSIX shell with $'...' would, for the
 * forms quote_into writes.  Returns false if it is not such a text.
 */
static bool
shell_read(const char *q, char *out, size_t size)
{
	static const char letters[] = "abfnrtv", controls[] = "\a\b\f\n\r\t\v";
	size_t n = 0;
	const char *p;

	while (*q != '\0' && n + 1 < size) {
		if (q[0] == '$' && q[1] == '\'') {
			for (q += 2; *q != '\'' && n + 1 < size; n++) {
				if (*q == '\0')
					return false;
				if (*q != '\\') {
					out[n] = *q++;
				} else if (q[1] >= '0' && q[1] <= '7') {
					out[n] = (char)((q[1] - '0') << 6 |
					    (q[2] - '0') << 3 | (q[3] - '0'));
					q += 4;
				} else if (q[1] != '\0' &&
				    (p = strchr(letters, q[1])) != NULL) {
					out[n] = controls[p - letters];
					q += 2;
				} else {
					return false;
				}
			}
			q++;
		} else if (q[0] == '\'' || q[0] == '"') {
			char close = *q++;

			while (*q != close && n + 1 < size) {
				if (*q == '\0')
					return false;
				out[n++] = *q++;
			}
			q++;
		} else if (q[0] == '\\' && q[1] != '\0') {
			out[n++] = q[1];
			q += 2;
		} else {
			out[n++] = *q++;
		}
	}
	out[n] = '\0';
	return *q == '\0';
}

/* No control byte, no DEL: the text cannot act on a terminal or a log. */
static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/*
 * A cut quoted text (s, NUL-terminated at len) ends between pieces: not
 * inside a UTF-8 character, not inside an escape of a $'...' segment.
 */
static bool
ends_whole(const char *s, size_t len)
{
	char open = '\0';	/* the quote we are in: ', " or $ for $'...' */
	size_t i = 0, need;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)s[i];
		need = 1;
		if (c >= 0xc0) {
			need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		} else if (open == '$' && c == '\\') {
			need = s[i + 1] >= '0' && s[i + 1] <= '7' ? 4 : 2;
		} else if (open == '\0' && c == '\\') {
			need = 2;
		} else if (open == '\0' && c == '$' && s[i + 1] == '\'') {
			open = '$';
			need = 2;
		} else if (open == '\0' && (c == '\'' || c == '"')) {
			open = (char)c;
		} else if (c == (open == '$' ? '\'' : (unsigned char)open)) {
			open = '\0';
		}
		if (need > len - i)
			return false;
		i += need;
	}
	return true;
}

/* Every size of buffer gets a prefix made of whole pieces. */
static bool
cuts_whole(const char *text, enum quote_style style, const char *full,
    size_t full_len)
{
	char buf[TEXT_MAX];
	size_t size, got, prev = 0;

	for (size = 0; size <= full_len + 1 && size < sizeof buf; size++) {
		memset(buf, '#', sizeof buf);
		got = quote_into(size == 0 ? NULL : buf, size, text, style);
		if (got != full_len)
			return false;
		if (size == 0)
			continue;
		if (strlen(buf) >= size || strncmp(buf, full, strlen(buf)) != 0 ||
		    strlen(buf) < prev || !ends_whole(buf, strlen(buf)) ||
		    (size == full_len + 1 && strcmp(buf, full) != 0))
			return false;
		prev = strlen(buf);
	}
	return true;
}

static void
check_case(int line, const char *style_name, const char *text,
    const char *want)
{
	enum quote_style style = strncmp(style_name, "arg", 3) == 0 ?
	    QUOTE_ARG : QUOTE_NAME;
	char got[TEXT_MAX], back[TEXT_MAX];
	char *dup = quote_dup(text, style);
	size_t len = quote_into(got, sizeof got, text, style);

	tap_check(len == strlen(want) && strcmp(got, want) == 0 && dup != NULL &&
	    strcmp(dup, want) == 0, "line %d: %s quoted is %s (got %s)", line,
	    style_name, want, got);
	tap_check(cuts_whole(text, style, want, strlen(want)),
	    "line %d: %s cut short at any size is a whole prefix", line, want);
	tap_check(shell_read(got, back, sizeof back) && strcmp(back, text) == 0 &&
	    printable(got), "line %d: %s reads back as the text", line, want);
	free(dup);
}

/* Each line: STYLE TAB TEXT TAB QUOTED. */
static int
run_table(const char *path)
{
	char line[TEXT_MAX], text[TEXT_MAX];
	char *style, *coded, *want, *end;
	int number = 0, cases = 0;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		tap_check(0, "open %s", path);
		return 0;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		number++;
		if ((end = strchr(line, '\n')) != NULL)
			*end = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		style = line;
		coded = strchr(style, '\t');
		want = coded != NULL ? strchr(coded + 1, '\t') : NULL;
		if (want == NULL) {
			tap_check(0, "line %d: three tab-separated fields", number);
			continue;
		}
		*coded++ = '\0';
		*want++ = '\0';
		if (!decode_table_text(coded, text, sizeof text)) {
			tap_check(0, "line %d: bad escape in %s", number, coded);
			continue;
		}
		check_case(number, style, text, want);
		cases++;
	}
	fclose(fp);
	return cases;
}

static uint32_t
next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Texts built from pieces that stress the quoting, checked by property. */
static void
run_random(void)
{
	static const char *const pieces[] = {
		"a", "Z", "0", "-", ":", "'", "\"", " ", "$", "\\", "#", "~",
		"{", "}", "?", "\n", "\t", "\x1b", "\x7f", "\x01", "\xc3\xa9",
		"\xc3", "\x80", "\xff", "\xe2\x80\xae", "\xe2\x80\xa8",
		"\xef\xbf\xbe", "\xf0\x9f\x98\x80", "\xc2\x85", "\xe2\x82",
		"\xed\xa0\x80", "=", "@", "!",
	};
	const size_t npieces = sizeof pieces / sizeof *pieces;
	char text[64], got[TEXT_MAX], back[TEXT_MAX];
	uint32_t state = 2463534242u;
	int round, bad_name = 0, bad_arg = 0, k, count;

	for (round = 0; round < 20000; round++) {
		text[0] = '\0';
		count = (int)(next_random(&state) % 8);
		for (k = 0; k < count; k++)
			strcat(text, pieces[next_random(&state) % npieces]);
		(void)quote_into(got, sizeof got, text, QUOTE_NAME);
		if (!printable(got) || !shell_read(got, back, sizeof back) ||
		    strcmp(back, text) != 0)
			bad_name++;
		(void)quote_into(got, sizeof got, text, QUOTE_ARG);
		if (!printable(got) || !shell_read(got, back, sizeof back) ||
		    strcmp(back, text) != 0 || (got[0] != '\'' && got[0] != '"'))
			bad_arg++;
	}
	tap_check(bad_name == 0, "20000 random names: printable, read back as "
	    "given (%d failed)", bad_name);
	tap_check(bad_arg == 0, "20000 random arguments: quoted, printable, read "
	    "back as given (%d failed)", bad_arg);
}

int
main(int argc, char **argv)
{
	char path[4096];
	const char *dir = getenv("MMCAT_TESTS_DIR");

	if (argc > 1)
		(void)snprintf(path, sizeof path, "%s", argv[1]);
	else
		(void)snprintf(path, sizeof path, "%s/unit/quote_cases",
		    dir != NULL ? dir : "tests");
	tap_check(run_table(path) >= 100, "the table %s has its cases", path);
	run_random();
	return tap_done();
}
