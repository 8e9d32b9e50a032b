/*
 * pure_test.c - unit tests of the pure modules (number, range, args),
 * printed as TAP so that automake's driver counts every case.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../src/args.h"
#include "../../src/number.h"
#include "../../src/range.h"

static int test_count, failures;

/* A printf-like format, so that clang's -Wformat-nonliteral accepts the
 * vprintf below and every call's arguments are checked against it. */
static void check(int ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++test_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

static void
expect_number(const char *text, enum number_status status, int negative,
    uint64_t magnitude)
{
	struct number n = { 0, false };
	enum number_status got = number_parse(text, &n);

	if (status != NUMBER_OK)
		check(got == status, "number '%s' is rejected (%s)", text,
		    number_status_reason(status));
	else
		check(got == NUMBER_OK && n.negative == (negative != 0) &&
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
	check(s.begin == begin && s.end == end && s.clamped == clamped &&
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
	expect_span("10", RANGE_TO_END, "20", 100, 10, 20, 0, false);
	expect_span("10", RANGE_TO_END, "5", 100, 10, 10, 0, false);
	expect_span("10", RANGE_TO_END, "150", 100, 10, 100, E, false);
	expect_span("10", RANGE_TO_END, "-30", 100, 10, 70, 0, false);
	expect_span("-5", RANGE_TO_END, "-0", 100, 95, 100, 0, false);
	expect_span("-9223372036854775808", RANGE_TO_EOF, NULL, 100, 0, 100,
	    S, false);
	expect_span("0", RANGE_TO_EOF, NULL, 0, 0, 0, 0, false);
	expect_span("1", RANGE_TO_EOF, NULL, 0, 0, 0, 0, true);
	expect_span("0", RANGE_BY_LENGTH, "1", UINT64_MAX / 2, 0, 1, 0,
	    false);
}

static int
reorder(const char *expected, int argc, const char **argv)
{
	static const char *const longs[] = { "offset", "length", NULL };
	struct arg_syntax syntax = { "ol", longs, false };
	const char *out[16];
	char joined[256] = "";
	int i, n = args_reorder(argc, argv, &syntax, out);

	for (i = 0; i < n; i++) {
		strcat(joined, out[i]);
		strcat(joined, i + 1 < n ? " " : "");
	}
	check(strcmp(joined, expected) == 0 && out[n] == NULL,
	    "reorder gives '%s' (got '%s')", expected, joined);
	return 0;
}

static void
test_args(void)
{
	const char *a1[] = { "mmcat", "log", "-4K" };
	const char *a2[] = { "mmcat", "-o", "-4K", "f" };
	const char *a3[] = { "mmcat", "f", "--offset", "-4", "-v", "g" };
	const char *a4[] = { "mmcat", "-vo", "-1", "--", "-x", "-" };
	const char *a5[] = { "mmcat", "--length=-3", "-o-2", "f" };
	const char *a6[] = { "mmcat", "f", "-o" };
	const char *a7[] = { "mmcat", "-o", "-l" };

	reorder("mmcat -- log -4K", 3, a1);
	reorder("mmcat -o -4K -- f", 4, a2);
	reorder("mmcat --offset -4 -v -- f g", 6, a3);
	reorder("mmcat -vo -1 -- -x -", 6, a4);
	reorder("mmcat --length=-3 -o-2 -- f", 4, a5);
	reorder("mmcat f -o", 3, a6);
	reorder("mmcat -o -l --", 3, a7);
	check(args_is_negative_number("-0x10") &&
	    !args_is_negative_number("-x") && !args_is_negative_number("-"),
	    "negative numbers are told from options");
}

int
main(void)
{
	test_numbers();
	test_ranges();
	test_args();
	printf("1..%d\n", test_count);
	return failures != 0;
}
