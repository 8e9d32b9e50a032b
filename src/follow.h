/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * follow.h - -f, -F: print the ranges of each file, then go on printing
 * what is appended, as tail -f does, until the ranges are whole, every
 * --pid has ended, or a signal or the reader's leaving ends mmcat.
 *
 * One loop owns the waiting (watch.c) and the re-checking of each file's
 * size and, by name, identity; each file's ranges advance over the bytes
 * that arrived, handed to the same transfer path as without -f.  Ranges
 * and line scans know nothing of time.
 */
#ifndef MMCAT_FOLLOW_H
#define MMCAT_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "printer.h"

struct follow_options {
	bool by_name;		/* --follow=name: whatever file the name names */
	bool retry;		/* wait for a name that is missing or unreadable */
	double interval;	/* seconds between polls, where they are needed */
	const pid_t *pids;	/* end once all of these have ended */
	size_t pid_count;
};

/*
 * Follow every file of files.  PRINT_OK when each was printed in full
 * (its bounded ranges complete, or the --pid processes ended).
 */
enum print_status follow_files(const char *const *files, size_t count,
    const struct print_config *config, const struct follow_options *options);

#endif
