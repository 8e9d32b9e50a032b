/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chunk_test.c - unit tests of --chunk's parser and rule (chunkspec.c),
 * printed as TAP.
 *
 * The rule is checked against a model written from the man page
 * (RECORDS, KEYS AND CHUNKS, Chunks): every line goes, whole, to the
 * piece in which its first byte lies, the pieces being size / N bytes
 * (size taken as N when smaller), the last taking the remainder.  Every input of up to 12
 * bytes of 'a' and newline, and of up to 8 bytes with NULs among them,
 * is cut into every piece of up to 14; where the rule looks is checked
 * too: no byte before the one preceding the piece's nominal start, none
 * past the end of what it prints (or of its nominal bytes).
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../src/chunkspec.h"
#include "tap.h"

static void
expect_spec(const char *spec, enum chunk_spec_status status,
    enum number_status number_status, uint64_t k, uint64_t n)
{
	struct chunk_request r;
	enum number_status ns;
	enum chunk_spec_status got = chunk_parse_spec(spec, &r, &ns);

	if (status == CHUNK_SPEC_OK)
		tap_check(got == CHUNK_SPEC_OK && r.k == k && r.n == n,
		    "chunk '%s' is piece %" PRIu64 " of %" PRIu64, spec, k, n);
	else
		tap_check(got == status && ns == number_status,
		    "chunk '%s' is rejected (%d, number %d)", spec, (int)status,
		    (int)number_status);
}

static void
test_specs(void)
{
	expect_spec("1/1", CHUNK_SPEC_OK, NUMBER_OK, 1, 1);
	expect_spec("3/7", CHUNK_SPEC_OK, NUMBER_OK, 3, 7);
	expect_spec("7/7", CHUNK_SPEC_OK, NUMBER_OK, 7, 7);
	expect_spec("+2/0x10", CHUNK_SPEC_OK, NUMBER_OK, 2, 16);
	expect_spec("1/1K", CHUNK_SPEC_OK, NUMBER_OK, 1, 1024);
	expect_spec("9223372036854775807/9223372036854775807", CHUNK_SPEC_OK,
	    NUMBER_OK, INT64_MAX, INT64_MAX);
	expect_spec("", CHUNK_SPEC_NO_SLASH, NUMBER_OK, 0, 0);
	expect_spec("3", CHUNK_SPEC_NO_SLASH, NUMBER_OK, 0, 0);
	expect_spec("l/1/3", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("0/3", CHUNK_SPEC_NOT_POSITIVE, NUMBER_OK, 0, 0);
	expect_spec("3/0", CHUNK_SPEC_NOT_POSITIVE, NUMBER_OK, 0, 0);
	expect_spec("-1/3", CHUNK_SPEC_NOT_POSITIVE, NUMBER_OK, 0, 0);
	expect_spec("1/-3", CHUNK_SPEC_NOT_POSITIVE, NUMBER_OK, 0, 0);
	expect_spec("-0/3", CHUNK_SPEC_NOT_POSITIVE, NUMBER_OK, 0, 0);
	expect_spec("4/3", CHUNK_SPEC_K_PAST_N, NUMBER_OK, 0, 0);
	expect_spec("/3", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("1/", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("/", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("a/3", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("1/3/5", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("1 /3", CHUNK_SPEC_BAD_NUMBER, NUMBER_INVALID, 0, 0);
	expect_spec("1/9223372036854775808", CHUNK_SPEC_BAD_NUMBER,
	    NUMBER_TOO_LARGE, 0, 0);
	expect_spec("99999999999999999999/3", CHUNK_SPEC_BAD_NUMBER,
	    NUMBER_TOO_LARGE, 0, 0);
}

/* An input in memory, and a record of where the rule looked. */
struct input {
	const unsigned char *bytes;
	uint64_t size;
	unsigned char terminator;
	int seeks;
	uint64_t lowest, highest;	/* bytes looked at: [lowest, highest) */
};

static int
seek_in(void *ctx, uint64_t from, uint64_t limit, uint64_t *at)
{
	struct input *in = ctx;
	uint64_t i;

	in->seeks++;
	if (from < in->lowest)
		in->lowest = from;
	for (i = from; i < limit && i < in->size; i++)
		if (in->bytes[i] == in->terminator)
			break;
	*at = i < limit ? i : limit;
	if (i < limit && i + 1 > in->highest)
		in->highest = i + 1;
	else if (i >= limit && limit > in->highest)
		in->highest = limit;
	return 0;
}

/*
 * The model: piece k is the lines whose first byte lies in it, as a
 * span; an empty one is (1, 0).
 */
static void
model_piece(const struct input *in, uint64_t k, uint64_t n, uint64_t *begin,
    uint64_t *end)
{
	uint64_t size = in->size, piece = (size > n ? size : n) / n;
	uint64_t p = 0, e, which;

	*begin = 1, *end = 0;
	while (p < size) {
		for (e = p; e < size && in->bytes[e] != in->terminator; e++)
			continue;
		e = e < size ? e + 1 : size;
		which = p / piece < n - 1 ? p / piece + 1 : n;
		if (which == k) {
			if (*begin > *end)
				*begin = p;
			*end = e;
		}
		p = e;
	}
}

/* Failures worth a note each: the first few say enough. */
static int notes_left = 5;

/* One piece; false (and a note) when it differs from the model. */
static bool
check_piece(struct input *in, uint64_t k, uint64_t n, uint64_t *tiled)
{
	struct chunk_request r = { k, n };
	struct range_span got;
	uint64_t begin, end, lo;
	bool same, near;

	in->seeks = 0;
	in->lowest = UINT64_MAX;
	in->highest = 0;
	if (chunk_locate(&r, in->size, seek_in, in, &got) != 0)
		return false;
	model_piece(in, k, n, &begin, &end);
	same = begin > end ? got.begin == got.end : got.begin == begin &&
	    got.end == end;
	lo = chunk_nominal_start(&r, in->size, k - 1);
	near = in->seeks <= 2 && (in->seeks == 0 || (in->lowest + 1 >= lo &&
	    in->highest <= (got.end > chunk_nominal_start(&r, in->size, k) ?
	    got.end : chunk_nominal_start(&r, in->size, k))));
	if (got.begin == got.end)
		same = same && got.begin <= in->size;
	else
		same = same && got.begin == *tiled;
	if (got.end > got.begin)
		*tiled = got.end;
	if ((!same || !near) && notes_left > 0 && notes_left--)
		tap_note("%" PRIu64 "/%" PRIu64 " of %" PRIu64 " bytes: got "
		    "%" PRIu64 "-%" PRIu64 ", model %" PRIu64 "-%" PRIu64
		    ", %d seeks over %" PRIu64 "-%" PRIu64, k, n, in->size,
		    got.begin, got.end, begin, end, in->seeks, in->lowest,
		    in->highest);
	return same && near;
}

/* Every piece of every n <= max_n; the pieces must tile the input. */
static bool
check_all_pieces(struct input *in, uint64_t max_n)
{
	uint64_t n, k, tiled;

	for (n = 1; n <= max_n; n++) {
		tiled = 0;
		for (k = 1; k <= n; k++)
			if (!check_piece(in, k, n, &tiled))
				return false;
		if (tiled != in->size)
			return false;
	}
	return true;
}

/* Every input of up to max_len bytes over alphabet, every piece. */
static void
test_exhaustive(const char *alphabet, size_t letters, unsigned char term,
    size_t max_len, uint64_t max_n)
{
	unsigned char bytes[16];
	struct input in = { .bytes = bytes, .terminator = term };
	size_t len, i, digits[16];
	unsigned long inputs = 0, bad = 0;

	for (len = 0; len <= max_len; len++) {
		memset(digits, 0, sizeof digits);
		for (;;) {
			for (i = 0; i < len; i++)
				bytes[i] = (unsigned char)alphabet[digits[i]];
			in.size = len;
			inputs++;
			if (!check_all_pieces(&in, max_n))
				bad++;
			for (i = 0; i < len && ++digits[i] == letters; i++)
				digits[i] = 0;
			if (i == len)
				break;
		}
	}
	tap_check(bad == 0, "every piece of up to %" PRIu64 " of %lu inputs "
	    "of up to %zu bytes is split's (%lu differ)", max_n, inputs,
	    max_len, bad);
}

/* A literal and its length, NULs included. */
#define BYTES(literal) literal, sizeof literal - 1

/* The cases the man page names, each on its own. */
static void
expect_piece(const char *text, size_t len, unsigned char term, uint64_t k,
    uint64_t n, uint64_t begin, uint64_t end, const char *what)
{
	struct input in = { (const unsigned char *)text, len, term, 0, 0, 0 };
	struct chunk_request r = { k, n };
	struct range_span got;

	tap_check(chunk_locate(&r, in.size, seek_in, &in, &got) == 0 &&
	    got.begin == begin && got.end == end, "%" PRIu64 "/%" PRIu64
	    " is bytes %" PRIu64 "-%" PRIu64 ": %s", k, n, begin, end, what);
}

static void
test_named_cases(void)
{
	/* 12 bytes in 3 pieces of 4: lines start at 0, 3, 6, 10. */
	expect_piece(BYTES("ab\ncd\nefg\nh\n"), '\n', 1, 3, 0, 6,
	    "a line starting on the last nominal byte joins the piece");
	expect_piece(BYTES("ab\ncd\nefg\nh\n"), '\n', 2, 3, 6, 10,
	    "a line starting in the piece before stays there");
	expect_piece(BYTES("abc\ndef\nghi\n"), '\n', 2, 3, 4, 8,
	    "a newline on the byte before the piece starts it there");
	expect_piece(BYTES("ab\ncd\nefg\nh\n"), '\n', 3, 3, 10, 12,
	    "the last piece ends with the input");
	/* 13 bytes in 3: pieces of 4, 4 and 5 (the remainder goes last). */
	expect_piece(BYTES("abcdefgh\nijk\n"), '\n', 1, 3, 0, 9,
	    "a long line runs past its piece");
	expect_piece(BYTES("abcdefgh\nijk\n"), '\n', 2, 3, 4, 4,
	    "a piece a long line covers is empty");
	expect_piece(BYTES("abcdefgh\nijk\n"), '\n', 3, 3, 9, 13,
	    "the remainder goes to the last piece");
	expect_piece(BYTES("ab\ncd"), '\n', 2, 2, 3, 5,
	    "a last line without its newline");
	expect_piece(BYTES("a\nb"), '\n', 3, 5, 2, 3,
	    "an input smaller than N: a piece per byte");
	expect_piece(BYTES("a\nb"), '\n', 4, 5, 3, 3,
	    "an input smaller than N: pieces past it are empty");
	expect_piece(BYTES(""), '\n', 1, 1, 0, 0, "an empty input");
	expect_piece(BYTES("a\nb\0c\0"), '\0', 2, 2, 4, 6,
	    "NUL-terminated records");
}

/* Huge sizes: a terminator every 1000 bytes, by arithmetic. */
static int
seek_every_thousand(void *ctx, uint64_t from, uint64_t limit, uint64_t *at)
{
	uint64_t next = from / 1000 * 1000 + 999;

	(void)ctx;
	*at = next < limit ? next : limit;
	return 0;
}

static void
test_huge(void)
{
	uint64_t size = (uint64_t)INT64_MAX - 5, n, k, tiled;
	const uint64_t ns[] = { 1, 2, 3, 1000, (uint64_t)INT64_MAX / 7,
	    (uint64_t)INT64_MAX };
	struct chunk_request r;
	struct range_span got;
	size_t i;
	bool ok = true;

	for (i = 0; i < sizeof ns / sizeof *ns; i++) {
		n = ns[i];
		tiled = 0;
		for (k = 1; k <= n && k <= 3; k++) {
			r = (struct chunk_request){ k, n };
			ok &= chunk_locate(&r, size, seek_every_thousand, NULL,
			    &got) == 0 && got.begin <= got.end &&
			    got.end <= size && (got.begin == got.end ||
			    (got.begin == tiled && got.begin % 1000 == 0));
			if (got.end > got.begin)
				tiled = got.end;
		}
		r = (struct chunk_request){ n, n };
		ok &= chunk_locate(&r, size, seek_every_thousand, NULL,
		    &got) == 0 && got.end == size &&
		    (got.begin % 1000 == 0 || got.begin == got.end);
	}
	tap_check(ok, "pieces of an input of 2^63 - 6 bytes are in order and "
	    "end with it");
}

int
main(void)
{
	test_specs();
	test_named_cases();
	test_exhaustive("a\n", 2, '\n', 12, 14);
	test_exhaustive("a\n\0", 3, '\0', 8, 10);
	test_huge();
	return tap_done();
}
