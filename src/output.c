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
#include <sys/ioctl.h>
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
 * While output_settle waits for the reader: how long between two looks at
 * the pipe, doubling from the first to the longest.
 */
#define SETTLE_PAUSE_FIRST_MS 1
#define SETTLE_PAUSE_MAX_MS 100

/*
 * Zeros of mmcat's own, for holes that cannot be holes in the output:
 * never written to, so a pipe may keep references to its pages (one
 * vmsplice(2) of ZERO_IOVECS of them fills a 1 MiB pipe) and nothing is
 * read from the input for them.
 */
#define ZERO_BLOCK_BYTES ((size_t)64 << 10)
#define ZERO_IOVECS 16
static unsigned char zero_block[ZERO_BLOCK_BYTES];

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

/* The size of a pipe now (its reader may change it), 0 if unknown. */
static size_t
pipe_size_now(int fd)
{
	int size = fcntl(fd, F_GETPIPE_SZ);

	return size > 0 ? (size_t)size : 0;
}
#else
static size_t
grow_pipe(int fd)
{
	(void)fd;
	return 0;
}

static size_t
pipe_size_now(int fd)
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
	out->block_size = st.st_blksize > 0 ? (size_t)st.st_blksize : 4096;
	output_set_sparse(out, OUTPUT_SPARSE_AUTO);
	if (!out->is_pipe)
		return;
	out->pipe_size = grow_pipe(fd);
	out->splice_pages = can_splice(out, allow_fast_paths);
}

void
output_set_sparse(struct output *out, enum output_sparse sparse)
{
	out->sparse = sparse;
	out->makes_holes = out->is_regular_file && !out->append &&
	    sparse != OUTPUT_SPARSE_NEVER;
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

/* Count n bytes sent, by vmsplice (as_pages) or by write. */
static void
count_sent(struct output *out, bool as_pages, uint64_t n)
{
	if (!as_pages) {
		out->copied += n;
		out->copied_after_pages += n;
	} else if (n > 0) {
		out->spliced += n;
		out->pages_unsettled = true;
		out->copied_after_pages = 0;
	}
}

enum output_result
output_send(struct output *out, const void *bytes, size_t len,
    bool by_reference, size_t *sent, int *err)
{
	bool as_pages = by_reference && out->splice_pages;
	size_t rest = 0;

	*err = send_all(out, bytes, len, as_pages, sent);
	count_sent(out, as_pages, *sent);
	if (as_pages && (*err == EINVAL || *err == ENOSYS)) {
		/* This pipe or kernel will not take pages: copy from now on. */
		out->splice_pages = false;
		*err = send_all(out, (const char *)bytes + *sent, len - *sent,
		    false, &rest);
		count_sent(out, false, rest);
		*sent += rest;
	}
	/* Only the source buffer can fault: the output has no memory. */
	if (*err == EFAULT)
		return OUTPUT_SOURCE_FAULT;
	return *err != 0 ? OUTPUT_FAILED : OUTPUT_OK;
}

#ifdef HAVE_VMSPLICE
/* vmsplice(2) up to len zeros, ZERO_IOVECS blocks a call; 0 or an errno. */
static int
splice_zeros(const struct output *out, uint64_t len, uint64_t *sent)
{
	struct iovec iov[ZERO_IOVECS];
	uint64_t want;
	size_t n;
	ssize_t got;
	int err;

	*sent = 0;
	while (*sent < len) {
		want = len - *sent;
		for (n = 0; n < ZERO_IOVECS && want > 0; n++) {
			iov[n].iov_base = zero_block;
			iov[n].iov_len = want < ZERO_BLOCK_BYTES ?
			    (size_t)want : ZERO_BLOCK_BYTES;
			want -= iov[n].iov_len;
		}
		/* After a partial call any block will do: they are all zeros. */
		got = vmsplice(out->fd, iov, n, 0);
		if (got > 0) {
			*sent += (uint64_t)got;
			continue;
		}
		if (got == 0)
			return EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno;
		if ((err = wait_until_writable(out->fd)) != 0)
			return err;
	}
	return 0;
}
#endif

/*
 * len zeros from zero_block.  They are never input pages: the settle rule
 * counts them as copied bytes, which is what they are to it.
 */
static enum output_result
send_zeros(struct output *out, uint64_t len, uint64_t *done, int *err)
{
	size_t piece, sent;
	uint64_t spliced;

	*done = 0;
	*err = 0;
#ifdef HAVE_VMSPLICE
	if (out->splice_pages) {
		*err = splice_zeros(out, len, &spliced);
		count_sent(out, false, spliced);
		*done = spliced;
		if (*err == EINVAL || *err == ENOSYS)
			out->splice_pages = false;
		else
			return *err != 0 ? OUTPUT_FAILED : OUTPUT_OK;
	}
#else
	(void)spliced;
#endif
	while (*done < len) {
		piece = len - *done < ZERO_BLOCK_BYTES ?
		    (size_t)(len - *done) : ZERO_BLOCK_BYTES;
		*err = send_all(out, (const char *)zero_block, piece, false,
		    &sent);
		count_sent(out, false, sent);
		*done += sent;
		if (*err != 0)
			return OUTPUT_FAILED;
	}
	return OUTPUT_OK;
}

/* Where the next byte lands in a regular file, and the file's size. */
static bool
file_place(const struct output *out, uint64_t *pos, uint64_t *size)
{
	struct stat st;
	off_t here = lseek(out->fd, 0, SEEK_CUR);

	if (here < 0 || fstat(out->fd, &st) != 0)
		return false;
	*pos = (uint64_t)here;
	*size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	return true;
}

enum output_result
output_hole(struct output *out, uint64_t len, uint64_t *done, int *err)
{
	uint64_t pos, size, over, zeros = 0;
	enum output_result result;

	*done = 0;
	*err = 0;
	if (!out->makes_holes || !file_place(out, &pos, &size) ||
	    len > (uint64_t)INT64_MAX - pos)
		return send_zeros(out, len, done, err);
	/* What the file has already is overwritten, as cp does. */
	if (pos < size) {
		over = size - pos < len ? size - pos : len;
		result = send_zeros(out, over, &zeros, err);
		*done = zeros;
		if (result != OUTPUT_OK)
			return result;
	}
	if (*done < len) {
		if (lseek(out->fd, (off_t)(len - *done), SEEK_CUR) < 0) {
			result = send_zeros(out, len - *done, &zeros, err);
			*done += zeros;
			return result;
		}
		out->size_pending = true;
		*done = len;
	}
	return OUTPUT_OK;
}

/* Whether len bytes are all zero. */
static bool
all_zero(const unsigned char *bytes, size_t len)
{
	size_t piece;

	while (len > 0) {
		piece = len < ZERO_BLOCK_BYTES ? len : ZERO_BLOCK_BYTES;
		if (memcmp(bytes, zero_block, piece) != 0)
			return false;
		bytes += piece;
		len -= piece;
	}
	return true;
}

/*
 * The run of bytes from at that are all whole zero blocks (*zeros), or
 * all not: pieces end on the file's block boundaries, counted from at's
 * place in the file, here + at.
 */
static size_t
next_run(const struct output *out, const unsigned char *bytes, size_t len,
    size_t at, uint64_t here, bool *zeros)
{
	size_t block = out->block_size, start = at, step;
	bool kind;

	*zeros = false;
	while (at < len) {
		step = block - (size_t)((here + at) % block);
		if (step > len - at)
			step = len - at;
		kind = all_zero(bytes + at, step);
		if (at == start)
			*zeros = kind;
		else if (kind != *zeros)
			break;
		at += step;
	}
	return at - start;
}

enum output_result
output_send_sparse(struct output *out, const unsigned char *bytes,
    size_t len, size_t *sent, int *err)
{
	off_t here = lseek(out->fd, 0, SEEK_CUR);
	enum output_result result = OUTPUT_OK;
	size_t run, piece;
	uint64_t hole;
	bool zeros;

	*sent = 0;
	*err = 0;
	if (here < 0)
		return output_send(out, bytes, len, false, sent, err);
	while (*sent < len && result == OUTPUT_OK) {
		run = next_run(out, bytes, len, *sent, (uint64_t)here, &zeros);
		if (zeros) {
			result = output_hole(out, run, &hole, err);
			piece = (size_t)hole;
		} else {
			result = output_send(out, bytes + *sent, run, false,
			    &piece, err);
		}
		*sent += piece;
	}
	return result;
}

int
output_end_holes(struct output *out)
{
	uint64_t pos, size;

	if (!out->size_pending)
		return 0;
	out->size_pending = false;
	if (!file_place(out, &pos, &size))
		return errno;
	if (pos > size && ftruncate(out->fd, (off_t)pos) != 0)
		return errno;
	return 0;
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
output_settle_length(struct output *out, uint64_t length)
{
	size_t now;

	if (!out->splice_pages)
		return 0;
	if (length <= out->pipe_size)
		return out->pipe_size;
	if ((now = pipe_size_now(out->fd)) > 0)
		out->pipe_size = now;
	return out->pipe_size;
}

#ifdef HAVE_VMSPLICE
/*
 * Wait up to ms milliseconds; true if the pipe has lost its reader: no
 * one will take the pages then.
 */
static bool
reader_gone(int fd, int ms)
{
	/* No events asked for: only an error or a hang-up ends the wait. */
	struct pollfd pfd = { .fd = fd, .events = 0 };

	return poll(&pfd, 1, ms) > 0 && pfd.revents != 0;
}
#endif

/*
 * Why the count of bytes in the pipe settles it.  The pipe is a queue:
 * while any byte of a spliced page is still in it, so is every byte
 * written after that page, and the pipe holds more than the
 * copied_after_pages bytes written since the last page.  So a pipe that
 * holds no more than those (FIONREAD) holds no page of the input.  (What
 * another writer puts in the same pipe can only make the wait longer.  A
 * reader that splices the pages on to another pipe empties this one
 * without copying them: the man page, Output, says what that reader's
 * own reader can see.)
 *
 * The copied last pipe's worth of output_settle_length makes this true
 * as soon as its write returns: N copied bytes take at least N / PAGE_SIZE
 * of the pipe's slots, so a pipe of N bytes still holding a spliced page
 * cannot have taken them all.  But the reader may grow the pipe at any
 * moment, also after pages went in; the copied bytes then fit beside
 * them, and no margin chosen earlier (not even one read again just before
 * the copy) helps, since those pages are in the pipe already.  Only the
 * reader can take them out: wait for it, looking now and then (no event
 * says "the pipe is down to N bytes": POLLOUT only says "not full").
 */
int
output_settle(struct output *out)
{
#ifdef HAVE_VMSPLICE
	int pause_ms = SETTLE_PAUSE_FIRST_MS;
	int queued;

	while (out->pages_unsettled) {
		if (ioctl(out->fd, FIONREAD, &queued) != 0)
			return errno;
		if ((uint64_t)queued <= out->copied_after_pages ||
		    reader_gone(out->fd, pause_ms))
			out->pages_unsettled = false;
		pause_ms = pause_ms < SETTLE_PAUSE_MAX_MS / 2 ?
		    2 * pause_ms : SETTLE_PAUSE_MAX_MS;
	}
#else
	(void)out;
#endif
	return 0;
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
