/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * watch.c - wait until a followed file may have changed: inotify, pidfds
 * and the output's reader in one poll(2), or a timeout where those are
 * missing.
 */
#include "config.h"

#include "watch.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_SYS_INOTIFY_H
# include <sys/inotify.h>
#endif
#if HAVE_DECL_SYS_PIDFD_OPEN
# include <sys/syscall.h>
#endif

/*
 * What changes a followed file: bytes written or cut (a truncation is a
 * modification too), its links or mode, its removal or renaming.  And, in
 * the directory of a name followed by name, a file arriving under a name
 * or leaving it; not modifications there, which would wake the follow for
 * every write to any file beside it (its own output, say).
 */
#ifdef HAVE_SYS_INOTIFY_H
# define FILE_EVENTS (IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
# define DIRECTORY_EVENTS (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | \
    IN_DELETE | IN_ONLYDIR)
#endif

/* Standard output whose reader can leave: a pipe, a FIFO or a socket. */
static int
reader_can_leave(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode)))
		return -1;
	return fd;
}

int
watch_init(struct watch *w, int output_fd, double interval)
{
	double ms = interval * 1000;

	memset(w, 0, sizeof *w);
	w->interval_ms = ms >= INT_MAX ? INT_MAX : (int)ms;
	w->output_fd = reader_can_leave(output_fd);
	w->fds = w->fixed_fds;
	w->inotify_fd = -1;
#ifdef HAVE_SYS_INOTIFY_H
	w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
#endif
	w->polls = w->inotify_fd < 0;
	return 0;
}

void
watch_poll(struct watch *w)
{
	w->polls = true;
}

#ifdef HAVE_SYS_INOTIFY_H
/* The directory path is in: "." for a bare name.  NULL: no memory. */
static char *
directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *dir;

	if (slash == NULL)
		return strdup(".");
	len = slash == path ? 1 : (size_t)(slash - path);
	if ((dir = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return dir;
}

static bool
watch_directory_of(struct watch *w, const char *path)
{
	char *dir = directory_of(path);
	int wd = dir != NULL ?
	    inotify_add_watch(w->inotify_fd, dir, DIRECTORY_EVENTS) : -1;

	free(dir);
	return wd >= 0;
}
#endif

int
watch_file(struct watch *w, const char *path, bool by_name)
{
	int wd = -1;

#ifdef HAVE_SYS_INOTIFY_H
	if (w->inotify_fd >= 0) {
		if (by_name && !watch_directory_of(w, path))
			watch_poll(w);
		wd = inotify_add_watch(w->inotify_fd, path, FILE_EVENTS);
	}
#else
	(void)path;
	(void)by_name;
#endif
	/* A name that is missing now is found by its directory's watch. */
	if (wd < 0 && !(by_name && errno == ENOENT && !w->polls))
		watch_poll(w);
	return wd;
}

void
watch_forget(struct watch *w, int handle)
{
#ifdef HAVE_SYS_INOTIFY_H
	if (handle >= 0 && w->inotify_fd >= 0)
		(void)inotify_rm_watch(w->inotify_fd, handle);
#else
	(void)w;
	(void)handle;
#endif
}

/* A descriptor that polls readable when pid ends; -1 where none. */
static int
open_pidfd(pid_t pid, bool *ended)
{
	int fd = -1;

	*ended = false;
#if HAVE_DECL_SYS_PIDFD_OPEN
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0 && errno == ESRCH)
		*ended = true;
#else
	(void)pid;
#endif
	return fd;
}

int
watch_pids(struct watch *w, const pid_t *pids, size_t count)
{
	size_t i;

	if (count == 0)
		return 0;
	if ((w->pids = calloc(count, sizeof *w->pids)) == NULL ||
	    (w->fds = calloc(2 + count, sizeof *w->fds)) == NULL) {
		free(w->pids);
		w->pids = NULL;
		w->fds = w->fixed_fds;
		return ENOMEM;
	}
	w->pid_count = count;
	for (i = 0; i < count; i++) {
		w->pids[i].pid = pids[i];
		w->pids[i].pidfd = open_pidfd(pids[i], &w->pids[i].ended);
		if (w->pids[i].pidfd < 0 && !w->pids[i].ended)
			watch_poll(w);
	}
	return 0;
}

static bool
has_ended(const struct watched_pid *p)
{
	struct pollfd pfd = { .fd = p->pidfd, .events = POLLIN };

	if (p->pidfd >= 0)
		return poll(&pfd, 1, 0) > 0;
	/* EPERM: it runs, as another user's. */
	return kill(p->pid, 0) != 0 && errno == ESRCH;
}

bool
watch_pids_ended(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->pid_count; i++)
		if (!w->pids[i].ended && !(w->pids[i].ended =
		    has_ended(&w->pids[i])))
			return false;
	return w->pid_count > 0;
}

/* Read the events that woke the watch: each wake re-checks everything. */
static void
drain_events(struct watch *w)
{
	char events[4096];

	while (read(w->inotify_fd, events, sizeof events) > 0)
		continue;
}

/* What a poll(2) waits on: inotify, the output, each pidfd. */
static size_t
gather(const struct watch *w, struct pollfd *fds)
{
	size_t n = 0, i;

	if (w->inotify_fd >= 0)
		fds[n++] = (struct pollfd){ .fd = w->inotify_fd,
		    .events = POLLIN };
	/* No events asked: poll reports POLLERR or POLLHUP regardless. */
	if (w->output_fd >= 0)
		fds[n++] = (struct pollfd){ .fd = w->output_fd };
	for (i = 0; i < w->pid_count; i++)
		if (w->pids[i].pidfd >= 0 && !w->pids[i].ended)
			fds[n++] = (struct pollfd){ .fd = w->pids[i].pidfd,
			    .events = POLLIN };
	return n;
}

enum watch_wake
watch_wait(struct watch *w)
{
	struct pollfd *fds = w->fds;
	size_t n = gather(w, fds), i;

	if (poll(fds, (nfds_t)n, w->polls ? w->interval_ms : -1) > 0)
		for (i = 0; i < n; i++)
			if (fds[i].fd == w->output_fd &&
			    (fds[i].revents & (POLLERR | POLLHUP)) != 0)
				return WATCH_OUTPUT_GONE;
	if (w->inotify_fd >= 0)
		drain_events(w);
	return WATCH_CHANGED;
}

void
watch_close(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->pid_count; i++)
		if (w->pids[i].pidfd >= 0)
			(void)close(w->pids[i].pidfd);
	free(w->pids);
	if (w->fds != w->fixed_fds)
		free(w->fds);
	if (w->inotify_fd >= 0)
		(void)close(w->inotify_fd);
}
