/*
 * tap.h - the little of TAP the unit tests need: one "ok N - what" or
 * "not ok N - what" line per check, and the plan at the end, so that
 * automake's TAP driver counts every check on its own.
 */
#ifndef MMCAT_TAP_H
#define MMCAT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failures;

static void check(int ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		tap_failures++;
}

/* Print the plan; the exit status of main. */
static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}

#endif
