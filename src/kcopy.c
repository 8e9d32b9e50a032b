/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kcopy.c - copy_file_range or sendfile from the input to a regular-file
 * standard output.
 *
 * Both are Linux's (copy_file_range also FreeBSD's since 13).  Where
 * neither is built this engine never takes a span, and the mapping
 * engine, which works everywhere, writes the file instead.
 */
#include "config.h"

#include "kcopy.h"

#include <errno.h>
#ifdef HAVE_LINUX_SENDFILE
# include <sys/sendfile.h>
#endif
#include <unistd.h>

#include "buffers.h"

#if defined(HAVE_COPY_FILE_RANGE) || defined(HAVE_LINUX_SENDFILE)
# define KCOPY_BUILT true
#else
# define KCOPY_BUILT false
#endif

/*
 * Errors that mean "copy_file_range will not do it between these two
 * files", so that sendfile, which the kernel splices between any two
 * files, may.
 */
static bool
is_unsupported(int err)
{
	return err == EXDEV || err == EINVAL || err == ENOSYS ||
	    err == EOPNOTSUPP || err == EBADF || err == ETXTBSY ||
	    err == EPERM || err == EFBIG;
}

#if !defined(HAVE_COPY_FILE_RANGE) || !defined(HAVE_LINUX_SENDFILE)
/* A call this build lacks fails with ENOSYS: the next method takes over. */
static ssize_t
not_built(int in_fd, off_t *in_off, int out_fd, size_t len)
{
	(void)in_fd;
	(void)in_off;
	(void)out_fd;
	(void)len;
	errno = ENOSYS;
	return -1;
}
#endif

static ssize_t
range_copy(int in_fd, off_t *in_off, int out_fd, size_t len)
{
#ifdef HAVE_COPY_FILE_RANGE
	return copy_file_range(in_fd, in_off, out_fd, NULL, len, 0);
#else
	return not_built(in_fd, in_off, out_fd, len);
#endif
}

static ssize_t
file_send(int in_fd, off_t *in_off, int out_fd, size_t len)
{
#ifdef HAVE_LINUX_SENDFILE
	return sendfile(out_fd, in_fd, in_off, len);
#else
	return not_built(in_fd, in_off, out_fd, len);
#endif
}

static ssize_t
copy_chunk(int in_fd, off_t in_off, int out_fd, size_t len,
    bool *use_sendfile)
{
	ssize_t n;

	if (!*use_sendfile) {
		n = range_copy(in_fd, &in_off, out_fd, len);
		if (n >= 0 || !is_unsupported(errno))
			return n;
		*use_sendfile = true;
	}
	return file_send(in_fd, &in_off, out_fd, len);
}

bool
kcopy_takes(const struct flow *f)
{
	return KCOPY_BUILT && f->out->kernel_copy && !f->sink->transforms &&
	    !f->src->is_block_device;
}

enum engine_answer
kcopy_run(struct flow *f)
{
	bool use_sendfile = false;
	uint64_t data_end;
	size_t chunk;
	ssize_t n;

	while (f->pos < f->end) {
		/*
		 * The kernel would read a hole and write its zeros: only data
		 * goes to it; the sink makes the holes.
		 */
		if (!flow_pass_hole(f, &data_end))
			return ENGINE_STOPPED;
		if (f->pos >= f->end)
			break;
		chunk = data_end - f->pos < MMCAT_KCOPY_CHUNK_BYTES ?
		    (size_t)(data_end - f->pos) : MMCAT_KCOPY_CHUNK_BYTES;

		n = copy_chunk(f->src->fd, (off_t)(f->src->origin + f->pos),
		    f->out->fd, chunk, &use_sendfile);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ENGINE_DECLINED;
		f->report->by_kernel += (uint64_t)n;
		f->report->kernel_call = use_sendfile ? "sendfile(2)" :
		    "copy_file_range(2)";
		flow_copied(f, (uint64_t)n);
	}
	return ENGINE_DONE;
}
