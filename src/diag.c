/*
 * diag.c - format a message into one buffer and hand it to stderr whole.
 */
#include "config.h"

#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM_NAME "mmcat"

static void
diag_emit(const char *file, const char *fmt, va_list ap)
{
	char line[1024];
	size_t len;
	int n, saved_errno = errno;

	if (file != NULL)
		n = snprintf(line, sizeof line, "%s: %s: ", PROGRAM_NAME, file);
	else
		n = snprintf(line, sizeof line, "%s: ", PROGRAM_NAME);
	len = n < 0 ? 0 : (size_t)n;
	if (len < sizeof line) {
		n = vsnprintf(line + len, sizeof line - len, fmt, ap);
		len += n < 0 ? 0 : (size_t)n;
	}
	/* A long file name truncates the line; it still ends the line. */
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	/* Nothing sensible remains to be done if stderr itself fails. */
	if (write(STDERR_FILENO, line, len) < 0)
		errno = saved_errno;
	errno = saved_errno;
}

void
diag(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_emit(file, fmt, ap);
	va_end(ap);
}

void
diag_write_error(int errnum)
{
	diag(NULL, "write error: %s", strerror(errnum));
}
