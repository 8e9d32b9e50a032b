/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * progress.h - a progress line on standard error (-P, --progress).
 *
 * Drawn only when standard error is a terminal that standard output is
 * not, redrawn at most five times a second, never wider than the
 * terminal, and erased when the range is done or a signal ends mmcat, so
 * that the screen ends as the output alone would leave it and nothing of
 * the line ever reaches a file.
 */
#ifndef MMCAT_PROGRESS_H
#define MMCAT_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Draw progress lines from now on (-P), if stderr is a terminal and
 * stdout is not that terminal; returns whether they will be drawn.  The
 * first line drawn installs handlers for SIGHUP, SIGINT, SIGPIPE, SIGQUIT
 * and SIGTERM (those not ignored) that erase the line, then let the
 * signal kill mmcat, and for SIGWINCH.
 */
bool progress_turn_on(void);

/* Whether progress lines are being drawn. */
bool progress_is_on(void);

/* A range of total bytes (0: unknown, a stream) begins. */
void progress_begin(const char *name, uint64_t total);
/* bytes more of it are done. */
void progress_advance(uint64_t bytes);
/* The range is over: erase the line. */
void progress_end(void);

/*
 * A follow: one line for all the spans it prints, bytes and rate with no
 * total, kept up (progress_begin and progress_end do nothing meanwhile)
 * until progress_release erases it.
 */
void progress_hold(const char *name);
void progress_release(void);

#endif
