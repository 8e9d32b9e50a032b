/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keys_test.c - unit tests of the rules of --from and --to (src/keys.c)
 * and of the bisection (key_find, src/keyfind.c) over bytes in memory:
 * named cases, then every small sorted input of a few records against
 * the line-by-line model of tests/fuzz/keys_ref.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/keyfind.h"
#include "../../src/keys.h"
#include "../fuzz/keys_ref.h"
#include "tap.h"

static struct key_request
request(const char *from, const char *to)
{
	struct key_request r = {
		.from = (const unsigned char *)from,
		.from_len = from != NULL ? strlen(from) : 0,
		.to = (const unsigned char *)to,
		.to_len = to != NULL ? strlen(to) : 0,
		.terminator = '\n',
	};

	return r;
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
expect_compare(const char *line, const char *key, int want)
{
	int got = key_compare((const unsigned char *)line, strlen(line),
	    (const unsigned char *)key, strlen(key));

	tap_check(sign(got) == want, "'%s' compares %d with key '%s'", line,
	    want, key);
}

static void
test_rules(void)
{
	struct key_request r = request("2026-12-03T10", NULL);

	tap_check(key_class('0') == key_class('9') && key_class('a') ==
	    key_class('Z') && key_class('0') != key_class('a') &&
	    key_class(' ') == ' ' && key_class(0xe9) == 0xe9,
	    "classes: digits, letters, any other byte alone");
	expect_compare("2026-12-03T10:00 x", "2026-12-03T10", 0);
	expect_compare("2026-12-03T09:59 x", "2026-12-03T10", -1);
	expect_compare("2026-12-03T11", "2026-12-03T10", 1);
	expect_compare("2026-12", "2026-12-03T10", -1);	/* shorter: first */
	expect_compare("", "a", -1);
	expect_compare("\xe9", "z", 1);		/* bytes, not a locale */
	expect_compare("B", "a", -1);
	tap_check(key_starts_record(&r, '1') && !key_starts_record(&r, ' ') &&
	    !key_starts_record(&r, 'T'), "a digit key: digit lines start "
	    "records, others continue them");
	r = request(NULL, "[x");
	tap_check(key_starts_record(&r, '[') && !key_starts_record(&r, '('),
	    "a key led by another byte: that byte alone starts records");
	r = request("b", "d");
	tap_check(key_first_state(&r) == KEY_BEFORE &&
	    key_next_state(&r, KEY_BEFORE, (const unsigned char *)"a", 1) ==
	    KEY_BEFORE &&
	    key_next_state(&r, KEY_BEFORE, (const unsigned char *)"c", 1) ==
	    KEY_INSIDE &&
	    key_next_state(&r, KEY_INSIDE, (const unsigned char *)" ", 1) ==
	    KEY_INSIDE &&
	    key_next_state(&r, KEY_INSIDE, (const unsigned char *)"", 0) ==
	    KEY_INSIDE &&
	    key_next_state(&r, KEY_INSIDE, (const unsigned char *)"d9", 2) ==
	    KEY_INSIDE &&
	    key_next_state(&r, KEY_INSIDE, (const unsigned char *)"e", 1) ==
	    KEY_AFTER &&
	    key_next_state(&r, KEY_BEFORE, (const unsigned char *)"e", 1) ==
	    KEY_AFTER, "the one-pass states");
	r = request(NULL, "b");
	tap_check(key_first_state(&r) == KEY_INSIDE, "--to alone starts at "
	    "line 1");
}

/* key_find on text against the model; true when they agree. */
static bool
agrees(const char *text, size_t len, const struct key_request *r,
    bool *unsorted)
{
	const struct memory m = { (const unsigned char *)text, len };
	const struct key_reader reader = { read_memory, &m, len };
	struct key_span span;
	bool *sel = calloc(len + 1, sizeof *sel);
	size_t first, last;
	int err;
	bool ok;

	if (sel == NULL || key_find(&reader, r, &span, &err) != KEY_FIND_OK) {
		free(sel);
		return false;
	}
	keys_ref_select((const unsigned char *)text, len, r->terminator,
	    r->from, r->from_len, r->to, r->to_len, sel);
	for (first = 0; first < len && !sel[first]; first++)
		;
	for (last = len; last > first && !sel[last - 1]; last--)
		;
	ok = first < last ? span.begin == first && span.end == last :
	    span.begin == span.end;
	*unsorted = span.unsorted;
	free(sel);
	return ok;
}

static void
expect_find(const char *text, const char *from, const char *to)
{
	struct key_request r = request(from, to);
	bool unsorted;

	tap_check(agrees(text, strlen(text), &r, &unsorted) && !unsorted,
	    "--from=%s --to=%s on a sorted log, as the model", from ? from :
	    "(none)", to ? to : "(none)");
}

/* key_find notices the disorder at the record starting at byte at. */
static void
expect_unsorted(const char *text, const char *from, const char *to,
    uint64_t at)
{
	const struct memory m = { (const unsigned char *)text, strlen(text) };
	const struct key_reader reader = { read_memory, &m, m.len };
	struct key_request r = request(from, to);
	struct key_span span;
	int err;

	tap_check(key_find(&reader, &r, &span, &err) == KEY_FIND_OK &&
	    span.unsorted && span.unsorted_at == at, "out of order near "
	    "--from=%s --to=%s: noticed at byte %u", from ? from : "(none)",
	    to ? to : "(none)", (unsigned)at);
}

static void
test_find(void)
{
	static const char log[] =
	    "# preamble\n"
	    "2026-12-03T09:59:58 a\n"
	    "  at frame 1\n"
	    "2026-12-03T10:00:00 b\n"
	    "Traceback (most recent call last):\n"
	    "\n"
	    "2026-12-03T10:30:00 c\n"
	    "2026-12-03T10:59:59 d\n"
	    "2026-12-03T11:00:00 e\n"
	    "2026-12-03T11:00:01 f";
	static const char *const keys[] = {
	    NULL, "1", "2026-12-03T09", "2026-12-03T10", "2026-12-03T10:30",
	    "2026-12-03T10:30:00 c and more", "2026-12-03T11:00:01 f",
	    "2026-12-03T12", "3",
	};
	size_t i, j, n = sizeof keys / sizeof keys[0];
	struct key_request r;
	bool unsorted;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (keys[i] != NULL || keys[j] != NULL)
				expect_find(log, keys[i], keys[j]);
	expect_unsorted("a\nc\nb\nd\n", "b", NULL, 4);
	expect_unsorted("1\n3\n2\n", "2", "9", 4);
	r = request("a", NULL);
	tap_check(agrees("", 0, &r, &unsorted) && !unsorted, "an empty input");
}

/*
 * Every input of up to 5 lines over the lines "", "a", "ab", "b", " x"
 * (records sorted), every key of "a", "ab", "b", "c", "": as the model.
 */
static void
test_exhaustive(void)
{
	static const char *const line[] = { "", "a", "ab", "b", " x" };
	static const char *const key[] = { NULL, "a", "ab", "aa", "b", "c" };
	unsigned char raw[64], sorted[70];
	size_t nl = 5, nk = 6, count, lines, len, n, i, f, t;
	unsigned long code, codes = 1, bad = 0, cases = 0;
	struct key_request r;
	bool unsorted;

	for (lines = 0; lines <= 5; lines++, codes *= nl) {
		for (code = 0; code < codes; code++) {
			len = 0;
			for (count = 0, n = code; count < lines; count++,
			    n /= nl) {
				memcpy(raw + len, line[n % nl],
				    strlen(line[n % nl]));
				len += strlen(line[n % nl]);
				raw[len++] = '\n';
			}
			for (f = 0; f < nk; f++)
				for (t = 0; t < nk; t++) {
					if (key[f] == NULL && key[t] == NULL)
						continue;
					r = request(key[f], key[t]);
					n = keys_ref_sort_records(raw, len,
					    '\n', key_lead(&r), sorted);
					for (i = 0; i < 2; i++, cases++)
						if (!agrees((char *)sorted,
						    n - i * (n > 0), &r,
						    &unsorted) || unsorted)
							bad++;
				}
		}
	}
	tap_check(bad == 0, "%lu small sorted inputs as the model (%lu "
	    "differ)", cases, bad);
}

int
main(void)
{
	test_rules();
	test_find();
	test_exhaustive();
	return tap_done();
}
