/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * output.c - full writes to standard output, and the vmsplice fast path.
 */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "buffers.h"

/*
 * The pipe size asked for.  Measured here, the pipe size was the biggest
 * single lever: a 64 KiB pipe wakes the reader sixteen times as often.
 * 1 MiB is the default unprivileged maximum (/proc/sys/fs/pipe-max-size).
 */
#define PIPE_SIZE_WANTED (1 << 20)

/*
 * Grow a pipe and return its size; failure is harmless: it works at its
 * old size.  0 where the size cannot be known (no F_GETPIPE_SZ: Linux
 * only), and then nothing is spliced, since the settle rule needs it.
 */
#if HAVE_DECL_F_GETPIPE_SZ && HAVE_DECL_F_SETPIPE_SZ
static size_t
grow_pipe(int fd)
{
	int size = fcntl(fd, F_GETPIPE_SZ);

	if (size >= 0 && size < PIPE_SIZE_WANTED) {
		int grown = fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE_WANTED);
		if (grown > 0)
			size = grown;
	}
	return size > 0 ? (size_t)size : 0;
}
#else
static size_t
grow_pipe(int fd)
{
	(void)fd;
	return 0;
}
#endif

/* Whether mapped pages may go by reference: vmsplice, a known capacity. */
static bool
can_splice(const struct output *out, bool allow_fast_paths)
{
#ifdef HAVE_VMSPLICE
	/* Without a known capacity nothing could be settled: copy instead. */
	return allow_fast_paths && out->pipe_size > 0;
#else
	(void)out;
	(void)allow_fast_paths;
	return false;
#endif
}

void
output_open(struct output *out, int fd, bool allow_fast_paths)
{
	struct stat st;
	int flags;

	memset(out, 0, sizeof *out);
	out->fd = fd;
	if (fstat(fd, &st) != 0)
		return;		/* writes will report the problem */
	out->is_regular_file = S_ISREG(st.st_mode);
	out->is_pipe = S_ISFIFO(st.st_mode);
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	flags = fcntl(fd, F_GETFL);
	out->append = flags >= 0 && (flags & O_APPEND) != 0;
	out->kernel_copy = out->is_regular_file && allow_fast_paths;
	if (!out->is_pipe)
		return;
	out->pipe_size = grow_pipe(fd);
	out->splice_pages = can_splice(out, allow_fast_paths);
}

/* Block until a non-blocking output can take more. */
static int
wait_until_writable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };

	for (;;) {
		if (poll(&pfd, 1, -1) >= 0)
			return 0;
		if (errno != EINTR)
			return errno;
	}
}

/* One write(2) or vmsplice(2) of up to len bytes. */
static ssize_t
send_once(const struct output *out, const char *buf, size_t len,
    bool as_pages)
{
#ifdef HAVE_VMSPLICE
	if (as_pages) {
		struct iovec iov = { .iov_base = (void *)(uintptr_t)buf,
		    .iov_len = len };

		return vmsplice(out->fd, &iov, 1, 0);
	}
#else
	(void)as_pages;
#endif
	return write(out->fd, buf, len);
}

/* The loop both methods share: partial sends, EINTR, EAGAIN. */
static int
send_all(const struct output *out, const char *buf, size_t len,
    bool as_pages, size_t *sent)
{
	size_t done = 0;
	ssize_t n;
	int err = 0;

	while (done < len) {
		size_t chunk = len - done;

		if (chunk > MMCAT_WRITE_CHUNK_BYTES)
			chunk = MMCAT_WRITE_CHUNK_BYTES;
		n = send_once(out, buf + done, chunk, as_pages);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == 0) {
			err = EIO;	/* a zero-byte send would loop forever */
			break;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if ((err = wait_until_writable(out->fd)) != 0)
				break;
			continue;
		}
		err = errno;
		break;
	}
	*sent = done;
	return err;
}

enum output_result
output_send(struct output *out, const void *bytes, size_t len,
    bool by_reference, size_t *sent, int *err)
{
	bool as_pages = by_reference && out->splice_pages;
	size_t rest = 0;

	*err = send_all(out, bytes, len, as_pages, sent);
	if (as_pages && (*err == EINVAL || *err == ENOSYS)) {
		/* This pipe or kernel will not take pages: copy from now on. */
		out->splice_pages = false;
		out->spliced += *sent;
		*err = send_all(out, (const char *)bytes + *sent, len - *sent,
		    false, &rest);
		*sent += rest;
		out->copied += rest;
	} else if (as_pages) {
		out->spliced += *sent;
	} else {
		out->copied += *sent;
	}
	/* Only the source buffer can fault: the output has no memory. */
	if (*err == EFAULT)
		return OUTPUT_SOURCE_FAULT;
	return *err != 0 ? OUTPUT_FAILED : OUTPUT_OK;
}

int
output_write(struct output *out, const void *bytes, size_t len)
{
	size_t sent;
	int err;

	(void)output_send(out, bytes, len, false, &sent, &err);
	return err;
}

size_t
output_settle_length(const struct output *out)
{
	return out->splice_pages ? out->pipe_size : 0;
}

bool
output_is_file(const struct output *out, const struct stat *st,
    uint64_t *position)
{
	struct stat now;
	off_t here;

	if (!out->is_regular_file || out->dev != st->st_dev ||
	    out->ino != st->st_ino)
		return false;
	if (out->append) {
		*position = fstat(out->fd, &now) == 0 && now.st_size > 0 ?
		    (uint64_t)now.st_size : 0;
		return true;
	}
	here = lseek(out->fd, 0, SEEK_CUR);
	*position = here > 0 ? (uint64_t)here : 0;
	return true;
}

int
output_close(struct output *out)
{
	if (close(out->fd) != 0 && errno != EBADF)
		return errno;
	out->fd = -1;
	return 0;
}
