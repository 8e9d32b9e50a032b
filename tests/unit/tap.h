/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tap.h - the little TAP the unit-test programs print, one "ok N - ..."
 * line per case, so that automake's TAP driver counts every case.
 */
#ifndef MMCAT_TAP_H
#define MMCAT_TAP_H

#include <stdbool.h>

/* Print one result; the description is printf-formatted. */
void tap_check(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a "# ..." diagnostic line, which the driver shows but ignores. */
void tap_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the plan; returns the exit status main should return. */
int tap_done(void);

#endif
