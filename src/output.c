/*
 * output.c - full writes to standard output, and the vmsplice fast path.
 */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

/*
 * One write(2) is capped by Linux at 0x7ffff000 bytes anyway; asking for
 * less keeps the count well inside ssize_t everywhere.
 */
#define WRITE_CHUNK_MAX ((size_t)1 << 30)

/*
 * The pipe size asked for.  Measured here, the pipe size was the biggest
 * single lever: a 64 KiB pipe wakes the reader sixteen times as often.
 * 1 MiB is the default unprivileged maximum (/proc/sys/fs/pipe-max-size).
 */
#define PIPE_SIZE_WANTED (1 << 20)

static struct {
	enum output_method mapped_method;
	size_t pipe_size;
	bool regular_file;
	bool kernel_copy;
} sink = { OUTPUT_WRITE, 0, false, false };

static void
grow_pipe(void)
{
	int size = fcntl(STDOUT_FILENO, F_GETPIPE_SZ);

	/* Failure to grow is harmless: the pipe works at its old size. */
	if (size >= 0 && size < PIPE_SIZE_WANTED) {
		int grown = fcntl(STDOUT_FILENO, F_SETPIPE_SZ,
		    PIPE_SIZE_WANTED);
		if (grown > 0)
			size = grown;
	}
	sink.pipe_size = size > 0 ? (size_t)size : 0;
}

void
output_prepare(bool allow_fast_paths)
{
	struct stat st;

	if (fstat(STDOUT_FILENO, &st) != 0)
		return;		/* writes will report the problem */
	sink.regular_file = S_ISREG(st.st_mode);
	sink.kernel_copy = sink.regular_file && allow_fast_paths;
	if (!S_ISFIFO(st.st_mode))
		return;
	grow_pipe();
#ifdef HAVE_VMSPLICE
	if (allow_fast_paths)
		sink.mapped_method = OUTPUT_VMSPLICE;
#else
	(void)allow_fast_paths;
#endif
}

enum output_method
output_mapped_method(void)
{
	return sink.mapped_method;
}

const char *
output_method_name(enum output_method method)
{
	return method == OUTPUT_VMSPLICE ? "vmsplice(2)" : "write(2)";
}

size_t
output_pipe_size(void)
{
	return sink.pipe_size;
}

bool
output_is_regular_file(void)
{
	return sink.regular_file;
}

bool
output_takes_kernel_copy(void)
{
	return sink.kernel_copy;
}

/* Block until a non-blocking stdout can take more. */
static int
wait_until_writable(void)
{
	struct pollfd pfd = { .fd = STDOUT_FILENO, .events = POLLOUT };

	for (;;) {
		if (poll(&pfd, 1, -1) >= 0)
			return 0;
		if (errno != EINTR)
			return errno;
	}
}

typedef ssize_t (*send_fn)(const char *buf, size_t len);

static ssize_t
send_by_write(const char *buf, size_t len)
{
	return write(STDOUT_FILENO, buf, len);
}

#ifdef HAVE_VMSPLICE
static ssize_t
send_by_vmsplice(const char *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf,
	    .iov_len = len };

	return vmsplice(STDOUT_FILENO, &iov, 1, 0);
}
#endif

/* The loop both methods share: partial sends, EINTR, EAGAIN. */
static int
send_all(send_fn send, const char *buf, size_t len, size_t *written)
{
	size_t done = 0;
	ssize_t n;
	int err = 0;

	while (done < len) {
		size_t chunk = len - done;

		if (chunk > WRITE_CHUNK_MAX)
			chunk = WRITE_CHUNK_MAX;
		n = send(buf + done, chunk);
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
			if ((err = wait_until_writable()) != 0)
				break;
			continue;
		}
		err = errno;
		break;
	}
	if (written != NULL)
		*written = done;
	return err;
}

int
output_write(const void *buf, size_t len, size_t *written)
{
	return send_all(send_by_write, buf, len, written);
}

int
output_write_mapped(const void *buf, size_t len, size_t *written)
{
#ifdef HAVE_VMSPLICE
	size_t spliced = 0, rest = 0;
	int err;

	if (sink.mapped_method == OUTPUT_VMSPLICE) {
		err = send_all(send_by_vmsplice, buf, len, &spliced);
		if (err != EINVAL && err != ENOSYS) {
			if (written != NULL)
				*written = spliced;
			return err;
		}
		/* This pipe or kernel will not take pages: copy from now on. */
		sink.mapped_method = OUTPUT_WRITE;
		err = output_write((const char *)buf + spliced, len - spliced,
		    &rest);
		if (written != NULL)
			*written = spliced + rest;
		return err;
	}
#endif
	return output_write(buf, len, written);
}

int
output_close(void)
{
	if (close(STDOUT_FILENO) != 0 && errno != EBADF)
		return errno;
	return 0;
}
