/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * watch.h - wait until a followed file may have changed.
 *
 * The follow loop (follow.c) re-checks every file after each wake, so a
 * watch only decides when to wake: on Linux when inotify reports a change
 * to a watched file, or to a directory a name is followed in; when a
 * --pid process ends (seen through a pidfd); when the reader of standard
 * output goes away.  Where inotify is missing, or something could not be
 * watched so, it also wakes every interval.  An idle follow on Linux
 * makes no system call at all.
 */
#ifndef MMCAT_WATCH_H
#define MMCAT_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <poll.h>
#include <sys/types.h>

struct watched_pid {
	pid_t pid;
	int pidfd;		/* -1: checked with kill(2) every interval */
	bool ended;
};

struct watch {
	int inotify_fd;		/* -1: none, wake every interval */
	int output_fd;		/* a pipe or socket whose reader may leave; -1 */
	int interval_ms;
	bool polls;		/* wake every interval too */
	struct watched_pid *pids;
	size_t pid_count;
	struct pollfd *fds;	/* room for what one poll(2) waits on */
	struct pollfd fixed_fds[2];	/* enough without --pid */
};

enum watch_wake {
	WATCH_CHANGED,		/* something may have changed: re-check */
	WATCH_OUTPUT_GONE	/* the reader of standard output went away */
};

/*
 * Start a watch: output_fd is standard output, interval the seconds
 * between polls.  Returns 0 or an errno.
 */
int watch_init(struct watch *w, int output_fd, double interval);

/*
 * Wake when the file path names changes; by_name: when a file is created
 * or moved under that name, too (its directory is watched).  Returns a
 * handle for watch_forget, or -1 when it cannot be watched: the watch
 * then polls.
 */
int watch_file(struct watch *w, const char *path, bool by_name);

/* Stop watching a file watch_file returned handle for. */
void watch_forget(struct watch *w, int handle);

/* Wake every interval from now on: something cannot be watched. */
void watch_poll(struct watch *w);

/* End the follow once every process of pids has ended.  0 or an errno. */
int watch_pids(struct watch *w, const pid_t *pids, size_t count);

/* Whether processes were given to watch_pids and every one has ended. */
bool watch_pids_ended(struct watch *w);

/* Wait for the next wake. */
enum watch_wake watch_wait(struct watch *w);

void watch_close(struct watch *w);

#endif
