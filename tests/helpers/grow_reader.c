/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * grow_reader.c - a pipe reader that grows its pipe under the writer.
 *
 * usage: grow_reader SIZE
 *
 * Reads standard input, a pipe, to standard output.  It waits until the
 * writer has put a first byte in the pipe (so the writer has already
 * looked at the pipe's size), grows the pipe to SIZE bytes with
 * F_SETPIPE_SZ, then reads it slowly, 64 KiB every 10 ms, so that the
 * writer can finish, and whatever runs after it can change the input,
 * while bytes it handed over are still in the pipe.
 *
 * exit: 0 ok; 1 a read or write error; 2 usage; 77 the pipe could not be
 * grown to SIZE (the reason on standard error; the pipe is still read to
 * its end, so that the writer is not left blocked).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define STEP_BYTES (64 * 1024)
#define STEP_PAUSE_NS (10 * 1000 * 1000L)

static char step_buf[STEP_BYTES];

static void
pause_ns(long ns)
{
	struct timespec ts = { 0, ns };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

/* Wait until the pipe holds a byte: its writer has begun. */
static int
wait_for_writer(void)
{
	int queued = 0;

	for (;;) {
		if (ioctl(0, FIONREAD, &queued) != 0) {
			perror("grow_reader: FIONREAD");
			return -1;
		}
		if (queued > 0)
			return 0;
		pause_ns(1000 * 1000L);
	}
}

/* Grow the pipe on standard input to size bytes: 0, or -1 and errno. */
static int
grow_pipe(long size)
{
#ifdef F_SETPIPE_SZ
	if (size > INT_MAX) {
		errno = EINVAL;
		return -1;
	}
	return fcntl(0, F_SETPIPE_SZ, (int)size) < 0 ? -1 : 0;
#else
	(void)size;
	errno = ENOSYS;		/* not Linux: pipes keep their size */
	return -1;
#endif
}

/* Copy standard input to standard output, pausing after every step. */
static int
read_slowly(void)
{
	ssize_t n;

	while ((n = read(0, step_buf, sizeof step_buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("grow_reader: read");
			return 1;
		}
		if (fwrite(step_buf, 1, (size_t)n, stdout) != (size_t)n) {
			perror("grow_reader: write");
			return 1;
		}
		pause_ns(STEP_PAUSE_NS);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	char *end;
	long size;
	int status = 0;

	if (argc != 2 || (size = strtol(argv[1], &end, 10)) <= 0 ||
	    *end != '\0') {
		fprintf(stderr, "usage: grow_reader SIZE\n");
		return 2;
	}
	if (wait_for_writer() != 0)
		return 1;
	if (grow_pipe(size) != 0) {
		fprintf(stderr, "grow_reader: cannot grow the pipe to %ld "
		    "bytes: %s\n", size, strerror(errno));
		status = 77;
	}
	if (read_slowly() != 0)
		return 1;
	return status;
}
