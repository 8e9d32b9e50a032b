/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diag.h - the one path every message takes to standard error.
 *
 * Format: "mmcat: FILE: reason" (or "mmcat: reason" when no file is
 * involved), one line, written with a single write(2) so that messages of
 * concurrent processes never interleave mid-line.  The file name is quoted
 * here (see quote.h), so callers pass names as they are; whatever the name
 * and however long, the line is one line of printable text and the reason
 * is never cut off.
 */
#ifndef MMCAT_DIAG_H
#define MMCAT_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* file may be NULL for messages that concern no file. */
void diag(const char *file, const char *fmt, ...) DIAG_PRINTF(2, 3);

/*
 * A usage error: the message, then "Try 'mmcat --help' for more
 * information.", both in one write(2).
 */
void diag_usage(const char *fmt, va_list ap) DIAG_PRINTF(1, 0);

/* The one message for a failed write to standard output. */
void diag_write_error(int errnum);

/*
 * name as messages show it, into buf, like snprintf (whole pieces only
 * when buf is too small); returns the length of all of it.  Standard
 * input's label stays as it is: it is mmcat's wording, not a name.
 */
size_t diag_name(char *buf, size_t size, const char *name);

#endif
