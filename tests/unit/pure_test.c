/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pure_test.c - unit tests of the pure modules (number, range, args,
 * linespec), printed as TAP so that automake's driver counts every case.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../src/args.h"
#include "../../src/linespec.h"
#include "../../src/number.h"
#include "../../src/range.h"
#include "tap.h"

static void
expect_number(const char *text, enum number_status status, int negative,
    uint64_t magnitude)
{
	struct number n = { 0, false };
	enum number_status got = number_parse(text, &n);

	if (status != NUMBER_OK)
		tap_check(got == status, "number '%s' is rejected (%s)", text,
		    number_status_reason(status));
	else
		tap_check(got == NUMBER_OK && n.negative == (negative != 0) &&
		    n.magnitude == magnitude, "number '%s' = %s%" PRIu64,
		    text, negative ? "-" : "", magnitude);
}

static void
test_numbers(void)
{
	expect_number("0", NUMBER_OK, 0, 0);
	expect_number("-0", NUMBER_OK, 1, 0);
	expect_number("+7", NUMBER_OK, 0, 7);
	expect_number("010", NUMBER_OK, 0, 10);
	expect_number("0x1E", NUMBER_OK, 0, 30);
	expect_number("-0XfF", NUMBER_OK, 1, 255);
	expect_number("4k", NUMBER_OK, 0, 4096);
	expect_number("4KiB", NUMBER_OK, 0, 4096);
	expect_number("4kB", NUMBER_OK, 0, 4000);
	expect_number("3M", NUMBER_OK, 0, 3u << 20);
	expect_number("2GB", NUMBER_OK, 0, 2000000000u);
	expect_number("1E", NUMBER_OK, 0, (uint64_t)1 << 60);
	expect_number("7E", NUMBER_OK, 0, (uint64_t)7 << 60);
	expect_number("9EB", NUMBER_OK, 0, 9000000000000000000u);
	expect_number("9223372036854775807", NUMBER_OK, 0, INT64_MAX);
	expect_number("-9223372036854775808", NUMBER_OK, 1,
	    (uint64_t)INT64_MAX + 1);
	expect_number("9223372036854775808", NUMBER_TOO_LARGE, 0, 0);
	expect_number("-9223372036854775809", NUMBER_TOO_LARGE, 0, 0);
	expect_number("8E", NUMBER_TOO_LARGE, 0, 0);
	expect_number("10EB", NUMBER_TOO_LARGE, 0, 0);
	expect_number("0x8000000000000000", NUMBER_TOO_LARGE, 0, 0);
	expect_number("99999999999999999999999", NUMBER_TOO_LARGE, 0, 0);
	expect_number("", NUMBER_INVALID, 0, 0);
	expect_number(" 5", NUMBER_INVALID, 0, 0);
	expect_number("5 ", NUMBER_INVALID, 0, 0);
	expect_number("1.5K", NUMBER_INVALID, 0, 0);
	expect_number("12x", NUMBER_INVALID, 0, 0);
	expect_number("0x", NUMBER_INVALID, 0, 0);
	expect_number("--5", NUMBER_INVALID, 0, 0);
	expect_number("K", NUMBER_INVALID, 0, 0);
	expect_number("0x10K", NUMBER_INVALID, 0, 0);
	expect_number("5kb", NUMBER_INVALID, 0, 0);
	expect_number("5KIB", NUMBER_INVALID, 0, 0);
	expect_number("-", NUMBER_INVALID, 0, 0);
	expect_number("+-1", NUMBER_INVALID, 0, 0);
}

static struct range_request
request(const char *start, enum range_stop kind, const char *stop)
{
	struct range_request r = range_request_whole();

	(void)number_parse(start, &r.start);
	r.stop_kind = kind;
	if (stop != NULL)
		(void)number_parse(stop, &r.stop);
	return r;
}

static void
expect_span(const char *start, enum range_stop kind, const char *stop,
    uint64_t size, uint64_t begin, uint64_t end, unsigned clamped,
    bool past_eof)
{
	struct range_request r = request(start, kind, stop);
	struct range_span s;

	range_resolve(&r, size, &s);
	tap_check(s.begin == begin && s.end == end && s.clamped == clamped &&
	    s.past_eof == past_eof && s.begin <= s.end && s.end <= size,
	    "start %s stop(%d) %s on size %" PRIu64 " -> [%" PRIu64 ",%"
	    PRIu64 ") clamp %u%s (got [%" PRIu64 ",%" PRIu64 ") clamp %u%s)",
	    start, (int)kind, stop ? stop : "-", size, begin, end, clamped,
	    past_eof ? " past EOF" : "", s.begin, s.end, s.clamped,
	    s.past_eof ? " past EOF" : "");
}

static void
test_ranges(void)
{
	const unsigned S = RANGE_CLAMPED_START, E = RANGE_CLAMPED_STOP;

	expect_span("0", RANGE_TO_EOF, NULL, 100, 0, 100, 0, false);
	expect_span("10", RANGE_TO_EOF, NULL, 100, 10, 100, 0, false);
	expect_span("100", RANGE_TO_EOF, NULL, 100, 100, 100, 0, false);
	expect_span("101", RANGE_TO_EOF, NULL, 100, 100, 100, 0, true);
	expect_span("-10", RANGE_TO_EOF, NULL, 100, 90, 100, 0, false);
	expect_span("-0", RANGE_TO_EOF, NULL, 100, 100, 100, 0, false);
	expect_span("-200", RANGE_TO_EOF, NULL, 100, 0, 100, S, false);
	expect_span("10", RANGE_BY_LENGTH, "20", 100, 10, 30, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "90", 100, 10, 100, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "91", 100, 10, 100, E, false);
	expect_span("10", RANGE_BY_LENGTH, "0", 100, 10, 10, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "-20", 100, 10, 80, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "-95", 100, 10, 10, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "-101", 100, 10, 10, E, false);
	expect_span("0", RANGE_BY_LENGTH, "-0", 100, 0, 100, 0, false);
	expect_span("10", RANGE_BY_LENGTH, "9223372036854775807", 100, 10,
	    100, E, false);
	expect_span("10", RANGE_TO_OFFSET, "20", 100, 10, 20, 0, false);
	expect_span("10", RANGE_TO_OFFSET, "5", 100, 10, 10, 0, false);
	expect_span("10", RANGE_TO_OFFSET, "150", 100, 10, 100, E, false);
	expect_span("10", RANGE_TO_OFFSET, "-30", 100, 10, 70, 0, false);
	expect_span("-5", RANGE_TO_OFFSET, "-0", 100, 95, 100, 0, false);
	expect_span("-9223372036854775808", RANGE_TO_EOF, NULL, 100, 0, 100,
	    S, false);
	expect_span("0", RANGE_TO_EOF, NULL, 0, 0, 0, 0, false);
	expect_span("1", RANGE_TO_EOF, NULL, 0, 0, 0, 0, true);
	expect_span("0", RANGE_BY_LENGTH, "1", UINT64_MAX / 2, 0, 1, 0,
	    false);
}

/* One pass over a stream, and the tail it holds, for specs "A:B" or "A+N". */
static void
expect_plan(const char *const *specs, size_t count, bool strict,
    bool one_pass, uint64_t tail)
{
	struct range_request r[4];
	enum number_status ns;
	uint64_t got_tail = 12345;
	char joined[128] = "";
	bool got;
	size_t i;

	for (i = 0; i < count; i++) {
		(void)range_parse_spec(specs[i], &r[i], &ns);
		strncat(joined, specs[i], sizeof joined - strlen(joined) - 2);
		strcat(joined, " ");
	}
	got = range_plan_one_pass(r, count, strict, &got_tail);
	tap_check(got == one_pass && (!got || got_tail == tail),
	    "ranges %s%s: %s one pass, tail %" PRIu64 " (got %s, %" PRIu64 ")",
	    joined, strict ? "under --strict" : "", one_pass ? "in" : "not in",
	    tail, got ? "yes" : "no", got_tail);
}

static void
test_one_pass(void)
{
	static const char *const up[] = { "0:4", "10+2", "20:" };
	static const char *const back[] = { "10:12", "0:3" };
	static const char *const tails[] = { "5:10", "-100:", "-20:-10" };
	static const char *const after_eof[] = { "-10:", "0:3" };
	static const char *const neg_end[] = { "5:-7" };
	static const char *const fixed[] = { "5+10" };
	static const char *const from_end[] = { "-30+10" };

	expect_plan(up, 3, false, true, 0);
	expect_plan(up, 3, true, false, 0);
	expect_plan(back, 2, false, false, 0);
	expect_plan(tails, 3, false, true, 100);
	expect_plan(after_eof, 2, false, false, 0);
	expect_plan(neg_end, 1, false, true, 7);
	expect_plan(neg_end, 1, true, true, 7);
	expect_plan(fixed, 1, false, true, 0);
	/* Nothing of it may go out before it is known to be whole. */
	expect_plan(fixed, 1, true, true, 10);
	expect_plan(from_end, 1, true, true, 30);
}

/*
 * A syntax like mmcat's, plus "--endless", whose name "--end" begins: an
 * exact name must win over the longer one it is a prefix of.
 */
static const struct arg_option test_options[] = {
	{ "--offset", 'o', true, false }, { "--length", 'l', true, false },
	{ "--lines", 'L', true, false }, { "--end", 'e', true, false },
	{ "--endless", '\0', false, false }, { "--strict", '\0', false, false },
	{ "--verbose", 'v', false, false }, { "--version", 'V', false, false },
	{ "--follow", '\0', false, true },
};

/* argv as one string, words between '|' so that empty words show. */
static void
join(char *buf, size_t size, int n, const char *const *words)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(buf, words[i], size - strlen(buf) - 1);
		if (i + 1 < n)
			strncat(buf, "|", size - strlen(buf) - 1);
	}
}

/* Reorder the '|'-separated line; check the result and the problem. */
static void
expect_reorder(const char *line, bool posix, const char *expected,
    enum args_problem_kind kind, int index)
{
	static char room_bytes[4096];
	struct arg_room room = { room_bytes, sizeof room_bytes, 0 };
	struct arg_syntax syntax = { test_options,
	    sizeof test_options / sizeof *test_options, posix, &room };
	struct args_problem problem;
	char copy[256], joined[256], *p;
	const char *argv[16], *out[2 * 16 + 2];
	int argc = 0, n;

	(void)snprintf(copy, sizeof copy, "%s", line);
	for (p = copy; argc < 15; p++) {
		argv[argc++] = p;
		if ((p = strchr(p, '|')) == NULL)
			break;
		*p = '\0';
	}
	argv[argc] = NULL;
	n = args_reorder(argc, argv, &syntax, out, &problem);
	join(joined, sizeof joined, n, out);
	tap_check(strcmp(joined, expected) == 0 && out[n] == NULL &&
	    problem.kind == kind && (kind == ARGS_OK ||
	    (problem.index == index && problem.word == argv[index])),
	    "%s%s gives %s, problem %d at %d (got %s, problem %d at %d)",
	    posix ? "POSIXLY_CORRECT " : "", line, expected, (int)kind,
	    index, joined, (int)problem.kind, problem.index);
}

static void
test_reorder(void)
{
	expect_reorder("mmcat|log|-4K", false, "mmcat|--|log|-4K", ARGS_OK, 0);
	expect_reorder("mmcat|-o|-4K|f", false, "mmcat|-o|-4K|--|f", ARGS_OK,
	    0);
	expect_reorder("mmcat|f|--offset|-4|-v|g", false,
	    "mmcat|--offset|-4|-v|--|f|g", ARGS_OK, 0);
	expect_reorder("mmcat|-vo|-1|--|-x|-", false, "mmcat|-vo|-1|--|-x|-",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--length=-3|-o-2|f", false,
	    "mmcat|--length=-3|-o-2|--|f", ARGS_OK, 0);
	expect_reorder("mmcat|-o|-l", false, "mmcat|-o|-l|--", ARGS_OK, 0);
	expect_reorder("mmcat|f|-v|g", true, "mmcat|--|f|-v|g", ARGS_OK, 0);
	/* An optional argument is only ever joined: the next word is not it. */
	expect_reorder("mmcat|--follow|f", false, "mmcat|--follow|--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--follow=name|f", false,
	    "mmcat|--follow=name|--|f", ARGS_OK, 0);
	expect_reorder("mmcat|--fol=n|f", false, "mmcat|--follow=n|--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--fo=|-v|f", false, "mmcat|--follow=|-v|--|f",
	    ARGS_OK, 0);
}

static void
test_abbreviations(void)
{
	expect_reorder("mmcat|--off=2|f", false, "mmcat|--offset|2|--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--off|2|f", false, "mmcat|--offset|2|--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|f|--o=-4K", false, "mmcat|--offset|-4K|--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--off=|f", false, "mmcat|--offset||--|f",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--le|3|--li=2", false,
	    "mmcat|--length|3|--lines|2|--", ARGS_OK, 0);
	expect_reorder("mmcat|--st|--verb|--vers", false,
	    "mmcat|--strict|--verbose|--version|--", ARGS_OK, 0);
	/* An exact name wins over a longer one it begins. */
	expect_reorder("mmcat|--end|3", false, "mmcat|--end|3|--", ARGS_OK, 0);
	expect_reorder("mmcat|--end=3", false, "mmcat|--end=3|--", ARGS_OK, 0);
	expect_reorder("mmcat|--endl", false, "mmcat|--endless|--", ARGS_OK,
	    0);
	/* Option arguments and words after "--" are never touched. */
	expect_reorder("mmcat|-o|--l|f", false, "mmcat|-o|--l|--|f", ARGS_OK,
	    0);
	expect_reorder("mmcat|--off|--l", false, "mmcat|--offset|--l|--",
	    ARGS_OK, 0);
	expect_reorder("mmcat|-vo|--bogus", false, "mmcat|-vo|--bogus|--",
	    ARGS_OK, 0);
	expect_reorder("mmcat|--|--l|--off", false, "mmcat|--|--l|--off",
	    ARGS_OK, 0);
	expect_reorder("mmcat|f|--off=2", true, "mmcat|--|f|--off=2", ARGS_OK,
	    0);
	expect_reorder("mmcat|--off=2|f|--le=1", true,
	    "mmcat|--offset|2|--|f|--le=1", ARGS_OK, 0);
}

static void
test_problems(void)
{
	struct arg_syntax syntax = { test_options,
	    sizeof test_options / sizeof *test_options, false, NULL };
	struct args_problem problem;
	const char *argv[] = { "mmcat", "--verb=1" }, *out[6];

	expect_reorder("mmcat|f|--l", false, "mmcat", ARGS_AMBIGUOUS, 2);
	expect_reorder("mmcat|--ver=1", false, "mmcat", ARGS_AMBIGUOUS, 1);
	expect_reorder("mmcat|--en|1", false, "mmcat", ARGS_AMBIGUOUS, 1);
	expect_reorder("mmcat|--=5", false, "mmcat", ARGS_AMBIGUOUS, 1);
	expect_reorder("mmcat|--bogus=3", false, "mmcat", ARGS_UNRECOGNIZED,
	    1);
	expect_reorder("mmcat|---o", false, "mmcat", ARGS_UNRECOGNIZED, 1);
	expect_reorder("mmcat|--offsets", false, "mmcat", ARGS_UNRECOGNIZED,
	    1);
	expect_reorder("mmcat|--strict=1", false, "mmcat", ARGS_UNWANTED_ARG,
	    1);
	expect_reorder("mmcat|-q", false, "mmcat", ARGS_BAD_LETTER, 1);
	expect_reorder("mmcat|-v-", false, "mmcat", ARGS_BAD_LETTER, 1);
	expect_reorder("mmcat|f|-o", false, "mmcat", ARGS_MISSING_ARG, 2);
	expect_reorder("mmcat|--off", false, "mmcat", ARGS_MISSING_ARG, 1);
	expect_reorder("mmcat|--length", false, "mmcat", ARGS_MISSING_ARG, 1);
	/* The options before the word at fault go to popt; operands do not. */
	expect_reorder("mmcat|-v|f|-o|1|--version|--bogus|g", false,
	    "mmcat|-v|-o|1|--version", ARGS_UNRECOGNIZED, 6);
	expect_reorder("mmcat|--off=2|-vq", false, "mmcat|--offset|2",
	    ARGS_BAD_LETTER, 2);
	/* What the messages need to know. */
	(void)args_reorder(2, argv, &syntax, out, &problem);
	tap_check(problem.option == &test_options[6] && problem.letter == '\0',
	    "--verb=1: the unwanted argument is --verbose's");
	argv[1] = "-vqo";
	(void)args_reorder(2, argv, &syntax, out, &problem);
	tap_check(problem.letter == 'q', "-vqo: the bad letter is q");
	argv[1] = "-vo";
	(void)args_reorder(2, argv, &syntax, out, &problem);
	tap_check(problem.option == &test_options[0] && problem.letter == 'o',
	    "-vo: -o misses its argument");
	argv[1] = "--le";
	(void)args_reorder(2, argv, &syntax, out, &problem);
	tap_check(problem.option == &test_options[1] && problem.letter == '\0',
	    "--le: --length misses its argument");
	tap_check(args_long_matches(&test_options[7], "--ver=1") &&
	    args_long_matches(&test_options[6], "--v") &&
	    !args_long_matches(&test_options[6], "--x") &&
	    !args_long_matches(&test_options[6], "--verbosely"),
	    "candidates of an ambiguous word");
	tap_check(args_is_negative_number("-0x10") &&
	    !args_is_negative_number("-x") && !args_is_negative_number("-"),
	    "negative numbers are told from options");
}

static void
expect_form(const char *second, bool names_file, enum args_form form)
{
	static const char *const names[] = { "FILE OFFSET [LENGTH]",
	    "files", "ambiguous", "an invalid offset" };

	tap_check(args_positional_form(second, names_file) == form,
	    "second operand '%s'%s: %s", second,
	    names_file ? ", a file of that name" : "", names[form]);
}

/* The man page, DESCRIPTION: the positional form, by its second operand. */
static void
test_positional_form(void)
{
	expect_form("4096", false, ARGS_FORM_RANGE);
	expect_form("-4K", false, ARGS_FORM_RANGE);
	expect_form("0x10", false, ARGS_FORM_RANGE);
	/* too large is still a number: refused as such, not taken for a name */
	expect_form("99999999999999999999", false, ARGS_FORM_RANGE);
	expect_form("5", true, ARGS_FORM_AMBIGUOUS);
	expect_form("+5", true, ARGS_FORM_AMBIGUOUS);
	expect_form("99999999999999999999", true, ARGS_FORM_AMBIGUOUS);
	expect_form("b.log", true, ARGS_FORM_FILES);
	expect_form("./5", true, ARGS_FORM_FILES);
	expect_form("-", false, ARGS_FORM_FILES);
	expect_form("-", true, ARGS_FORM_FILES);
	expect_form("1O24", false, ARGS_FORM_NEITHER);
	expect_form("./5", false, ARGS_FORM_NEITHER);
	expect_form("", false, ARGS_FORM_NEITHER);
	expect_form("1.5K", false, ARGS_FORM_NEITHER);
}

/* One line number as the tests write it: "-5", "+5" or "5". */
static struct number
line(int64_t value)
{
	struct number n;

	n.negative = value < 0;
	n.magnitude = value < 0 ? (uint64_t)-(value + 1) + 1 :
	    (uint64_t)value;
	return n;
}

static const char *
last_kind_name(enum lines_last kind)
{
	switch (kind) {
	case LINES_LAST_SAME: return "same";
	case LINES_LAST_EOF: return "eof";
	case LINES_LAST_LINE: return "line";
	case LINES_LAST_PLUS: return "plus";
	}
	return "?";
}

/* A spec the man page's LINE RANGES section accepts, and what it means. */
static void
expect_spec(const char *spec, struct number first, enum lines_last kind,
    struct number last)
{
	struct lines_request r;
	enum number_status ns = NUMBER_TOO_LARGE;
	enum lines_spec_status st = lines_parse_spec(spec, &r, &ns);
	bool has_last = kind == LINES_LAST_LINE || kind == LINES_LAST_PLUS;

	tap_check(st == LINES_SPEC_OK && ns == NUMBER_OK &&
	    r.first.magnitude == first.magnitude &&
	    r.first.negative == first.negative && r.last_kind == kind &&
	    (!has_last || (r.last.magnitude == last.magnitude &&
	    r.last.negative == last.negative)),
	    "line spec '%s' = first %s%" PRIu64 ", last %s %s%" PRIu64
	    " (got status %d, first %s%" PRIu64 ", last %s %s%" PRIu64 ")",
	    spec, first.negative ? "-" : "", first.magnitude,
	    last_kind_name(kind), last.negative ? "-" : "", last.magnitude,
	    (int)st, r.first.negative ? "-" : "", r.first.magnitude,
	    last_kind_name(r.last_kind), r.last.negative ? "-" : "",
	    r.last.magnitude);
}

/* A spec refused with status st (and number status ns, when it says). */
static void
expect_bad_spec(const char *spec, enum lines_spec_status st,
    enum number_status ns)
{
	struct lines_request r;
	enum number_status got_ns = NUMBER_TOO_LARGE;
	enum lines_spec_status got = lines_parse_spec(spec, &r, &got_ns);

	tap_check(got == st && got_ns == ns,
	    "line spec '%s' is refused with status %d, number status %d "
	    "(got %d, %d)", spec, (int)st, (int)ns, (int)got, (int)got_ns);
}

static void
test_line_specs(void)
{
	const struct number none = { 0, false };

	expect_spec("5", line(5), LINES_LAST_SAME, none);
	expect_spec("+5", line(5), LINES_LAST_SAME, none);
	expect_spec("-3", line(-3), LINES_LAST_SAME, none);
	expect_spec("0x10", line(16), LINES_LAST_SAME, none);
	expect_spec("2K", line(2048), LINES_LAST_SAME, none);
	expect_spec("5:", line(5), LINES_LAST_EOF, none);
	expect_spec("-100:", line(-100), LINES_LAST_EOF, none);
	expect_spec(":", line(1), LINES_LAST_EOF, none);
	expect_spec(":7", line(1), LINES_LAST_LINE, line(7));
	expect_spec(":-2", line(1), LINES_LAST_LINE, line(-2));
	expect_spec("3:9", line(3), LINES_LAST_LINE, line(9));
	expect_spec("9:3", line(9), LINES_LAST_LINE, line(3));
	expect_spec("-5:-2", line(-5), LINES_LAST_LINE, line(-2));
	expect_spec("3:-1", line(3), LINES_LAST_LINE, line(-1));
	expect_spec("+3:9", line(3), LINES_LAST_LINE, line(9));
	expect_spec("+3:+9", line(3), LINES_LAST_PLUS, line(9));
	expect_spec("0x10:0x20", line(16), LINES_LAST_LINE, line(32));
	expect_spec("1kB:2K", line(1000), LINES_LAST_LINE, line(2048));
	expect_spec("5:+0", line(5), LINES_LAST_PLUS, line(0));
	expect_spec("5:+10", line(5), LINES_LAST_PLUS, line(10));
	expect_spec("-5:+2", line(-5), LINES_LAST_PLUS, line(2));
	expect_spec("5:+0x10", line(5), LINES_LAST_PLUS, line(16));
	expect_spec("5:+1K", line(5), LINES_LAST_PLUS, line(1024));
	expect_spec("-9223372036854775808", line(INT64_MIN),
	    LINES_LAST_SAME, none);
	expect_spec("1:9223372036854775807", line(1), LINES_LAST_LINE,
	    line(INT64_MAX));
	expect_spec("007:010", line(7), LINES_LAST_LINE, line(10));

	expect_bad_spec("0", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("-0", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("0:5", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("5:0", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("5:-0", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec(":0", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("0x0:", LINES_SPEC_ZERO, NUMBER_OK);
	expect_bad_spec("5:+", LINES_SPEC_BAD_PLUS, NUMBER_OK);
	expect_bad_spec("5:+-1", LINES_SPEC_BAD_PLUS, NUMBER_OK);
	expect_bad_spec("5:++1", LINES_SPEC_BAD_PLUS, NUMBER_OK);
	expect_bad_spec("5:+x", LINES_SPEC_BAD_PLUS, NUMBER_OK);
	expect_bad_spec("5:+ 1", LINES_SPEC_BAD_PLUS, NUMBER_OK);
	expect_bad_spec("", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("a", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5:x", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5::6", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("1:2:3", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec(" 5", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5 :", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5: 6", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("--5:", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5:+1.5", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5:+0x", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("5-7", LINES_SPEC_BAD_NUMBER, NUMBER_INVALID);
	expect_bad_spec("9223372036854775808", LINES_SPEC_BAD_NUMBER,
	    NUMBER_TOO_LARGE);
	expect_bad_spec("1:99999999999999999999", LINES_SPEC_BAD_NUMBER,
	    NUMBER_TOO_LARGE);
	expect_bad_spec("5:+9223372036854775808", LINES_SPEC_BAD_NUMBER,
	    NUMBER_TOO_LARGE);
	expect_bad_spec("8E:", LINES_SPEC_BAD_NUMBER, NUMBER_TOO_LARGE);
}

/* What spec selects in an input of lines lines: first..last, or none. */
static void
expect_lines(const char *spec, uint64_t lines, uint64_t first, uint64_t last,
    bool asks_beyond)
{
	struct lines_request r;
	enum number_status ns;
	struct lines_interval iv;
	bool none = first > last, got_none;

	(void)lines_parse_spec(spec, &r, &ns);
	iv = lines_resolve(&r, lines);
	got_none = iv.first > iv.last;
	tap_check(got_none == none && (none || (iv.first == first &&
	    iv.last == last)) && iv.asks_beyond == asks_beyond,
	    "-L %s on %" PRIu64 " lines selects %s%" PRIu64 "-%" PRIu64 "%s "
	    "(got %" PRIu64 "-%" PRIu64 "%s)", spec, lines, none ? "none " :
	    "", first, last, asks_beyond ? ", asking beyond" : "", iv.first,
	    iv.last, iv.asks_beyond ? ", asking beyond" : "");
}

/* The man page's LINE RANGES examples, and the edges of each form. */
static void
test_line_rules(void)
{
	expect_lines("-5", 3, 1, 0, true);
	expect_lines("-5:+0", 3, 1, 0, true);
	expect_lines("-5:-5", 3, 1, 0, true);
	expect_lines("-5:+2", 3, 1, 1, true);
	expect_lines("-5:", 3, 1, 3, true);
	expect_lines("-3:", 3, 1, 3, false);
	expect_lines("2:4", 3, 2, 3, true);
	expect_lines("3:1", 3, 3, 3, false);
	expect_lines("4", 3, 4, 3, true);
	expect_lines("3:-10", 5, 3, 0, true);
	expect_lines("-10:-8", 5, 1, 0, true);
	expect_lines("2:-2", 5, 2, 4, false);
	expect_lines("-2:4", 5, 4, 4, false);
	expect_lines("1:", 0, 1, 0, true);
	expect_lines("-1", 0, 1, 0, true);
	tap_check(lines_forward_last(&(struct lines_request){ { 9, false },
	    LINES_LAST_LINE, { 3, false } }) == 9, "-L 9:3 ends at line 9");
	tap_check(lines_stream_hold(&(struct lines_request){ { 100, true },
	    LINES_LAST_EOF, { 0, false } }, false) == 100 &&
	    lines_stream_hold(&(struct lines_request){ { 1, false },
	    LINES_LAST_LINE, { 3, true } }, false) == 2 &&
	    lines_stream_hold(&(struct lines_request){ { 5, false },
	    LINES_LAST_PLUS, { 3, false } }, true) == 4 &&
	    lines_stream_hold(&(struct lines_request){ { 5, false },
	    LINES_LAST_PLUS, { 3, false } }, false) == 0,
	    "a stream holds K lines for -K:, 2 for :-3, all of 5:+3 under "
	    "--strict, none without");
}

static void
expect_follow_start(const char *start, enum range_stop kind, const char *stop,
    uint64_t size, uint64_t begin, uint64_t length)
{
	struct range_request r = request(start, kind, stop);
	uint64_t got_begin = 0, got_length = 0;

	range_follow_start(&r, size, &got_begin, &got_length);
	tap_check(got_begin == begin && got_length == length &&
	    !range_end_counts_from_eof(&r), "follow %s..%s of %" PRIu64
	    ": from %" PRIu64 ", %" PRIu64 " bytes", start, stop, size, begin,
	    length);
}

/* What -f waits for, and the ends it refuses; its option arguments. */
static void
test_follow_rules(void)
{
	long long pid = 0;
	double seconds = -1;

	expect_follow_start("100", RANGE_TO_EOF, "0", 10, 100, UINT64_MAX);
	expect_follow_start("-4", RANGE_TO_EOF, "0", 10, 6, UINT64_MAX);
	expect_follow_start("-40", RANGE_BY_LENGTH, "5", 10, 0, 5);
	expect_follow_start("2", RANGE_TO_OFFSET, "50", 10, 2, 48);
	expect_follow_start("60", RANGE_TO_OFFSET, "50", 10, 60, 0);
	tap_check(range_end_counts_from_eof(&(struct range_request){
	    { 0, false }, RANGE_BY_LENGTH, { 1, true } }) &&
	    range_end_counts_from_eof(&(struct range_request){
	    { 0, false }, RANGE_TO_OFFSET, { 0, true } }),
	    "-l -1 and -e -0 end counting from EOF");
	tap_check(lines_end_counts_from_end(&(struct lines_request){
	    { 1, true }, LINES_LAST_SAME, { 0, false } }) &&
	    lines_end_counts_from_end(&(struct lines_request){
	    { 1, false }, LINES_LAST_LINE, { 2, true } }) &&
	    !lines_end_counts_from_end(&(struct lines_request){
	    { 5, true }, LINES_LAST_EOF, { 0, false } }) &&
	    !lines_end_counts_from_end(&(struct lines_request){
	    { 5, true }, LINES_LAST_PLUS, { 2, false } }),
	    "-L -1 and 1:-2 end from the last line; -5: and -5:+2 do not");
	tap_check(lines_follow_take(&(struct lines_request){ { 5, false },
	    LINES_LAST_LINE, { 9, false } }, 5) == 5 &&
	    lines_follow_take(&(struct lines_request){ { 5, false },
	    LINES_LAST_LINE, { 3, false } }, 5) == 1 &&
	    lines_follow_take(&(struct lines_request){ { 5, true },
	    LINES_LAST_PLUS, { 2, false } }, 1) == 3 &&
	    lines_follow_take(&(struct lines_request){ { 5, false },
	    LINES_LAST_SAME, { 0, false } }, 5) == 1 &&
	    lines_follow_take(&(struct lines_request){ { 5, false },
	    LINES_LAST_EOF, { 0, false } }, 5) == UINT64_MAX,
	    "-f takes 5 lines for 5:9, 1 for 5:3, 3 for -5:+2, 1 for 5, "
	    "all for 5:");
	tap_check(args_follow_how("name") == ARGS_FOLLOW_NAME &&
	    args_follow_how("n") == ARGS_FOLLOW_NAME &&
	    args_follow_how("desc") == ARGS_FOLLOW_DESCRIPTOR &&
	    args_follow_how("") == ARGS_FOLLOW_INVALID &&
	    args_follow_how("names") == ARGS_FOLLOW_INVALID,
	    "--follow takes name, descriptor and their prefixes");
	tap_check(args_parse_pid("1", &pid) && pid == 1 &&
	    args_parse_pid("2147483647", &pid) && pid == 2147483647 &&
	    !args_parse_pid("0", &pid) && !args_parse_pid("-1", &pid) &&
	    !args_parse_pid("+1", &pid) && !args_parse_pid(" 1", &pid) &&
	    !args_parse_pid("1k", &pid) && !args_parse_pid("", &pid) &&
	    !args_parse_pid("2147483648", &pid),
	    "--pid takes 1 to the largest pid_t, digits only");
	tap_check(args_parse_seconds("0.1", &seconds) && seconds == 0.1 &&
	    args_parse_seconds("2", &seconds) && seconds == 2 &&
	    args_parse_seconds("1e-1", &seconds) && seconds == 0.1 &&
	    !args_parse_seconds("-1", &seconds) &&
	    !args_parse_seconds("inf", &seconds) &&
	    !args_parse_seconds("nan", &seconds) &&
	    !args_parse_seconds("0x10", &seconds) &&
	    !args_parse_seconds("1s", &seconds) &&
	    !args_parse_seconds("", &seconds),
	    "-s takes decimal seconds, no sign, inf, nan or hex");
}

int
main(void)
{
	test_numbers();
	test_ranges();
	test_one_pass();
	test_reorder();
	test_abbreviations();
	test_problems();
	test_positional_form();
	test_line_specs();
	test_line_rules();
	test_follow_rules();
	return tap_done();
}
