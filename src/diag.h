/*
 * diag.h - the one path every message takes to standard error.
 *
 * Format: "mmcat: FILE: reason" (or "mmcat: reason" when no file is
 * involved), one line, written with a single write(2) so that messages of
 * concurrent processes never interleave mid-line.
 */
#ifndef MMCAT_DIAG_H
#define MMCAT_DIAG_H

#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* file may be NULL for messages that concern no file. */
void diag(const char *file, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* The one message for a failed write to standard output. */
void diag_write_error(int errnum);

#endif
