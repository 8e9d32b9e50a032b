/*
 * progress.h - a progress line on standard error (-P, --progress).
 *
 * Drawn only when standard error is a terminal, redrawn at most five
 * times a second, and erased when the range is done, so that nothing of
 * it is left in the terminal or ever reaches a file.
 */
#ifndef MMCAT_PROGRESS_H
#define MMCAT_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* Ask for progress lines; they appear only if stderr is a terminal. */
void progress_enable(void);
bool progress_enabled(void);

/* A range of total bytes (0: unknown, a stream) begins. */
void progress_begin(const char *name, uint64_t total);
/* bytes more of it are done. */
void progress_advance(uint64_t bytes);
/* The range is over: erase the line. */
void progress_end(void);

#endif
