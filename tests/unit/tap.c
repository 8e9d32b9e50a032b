/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tap.c - TAP output for the unit-test programs.
 */
#include "config.h"

#include "tap.h"

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failures;

void
tap_check(bool ok, const char *fmt, ...)
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

void
tap_note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures != 0;
}
