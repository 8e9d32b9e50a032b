/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kcopy.c - copy_file_range or sendfile from the input to a regular-file
 * standard output.
 */
#include "config.h"

#include "kcopy.h"

#include <errno.h>
#include <sys/sendfile.h>
#include <unistd.h>

/* One call's worth: big enough to amortise, small enough for progress. */
#define KCOPY_CHUNK ((size_t)8 << 20)

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

static ssize_t
copy_chunk(int in_fd, off_t in_off, int out_fd, size_t len,
    bool *use_sendfile)
{
	ssize_t n;

	if (!*use_sendfile) {
		n = copy_file_range(in_fd, &in_off, out_fd, NULL, len, 0);
		if (n >= 0 || !is_unsupported(errno))
			return n;
		*use_sendfile = true;
	}
	return sendfile(out_fd, in_fd, &in_off, len);
}

bool
kcopy_takes(const struct transfer *t)
{
	return t->out->kernel_copy && !t->sink->transforms &&
	    !t->src->is_block_device;
}

enum engine_answer
kcopy_run(struct transfer *t)
{
	bool use_sendfile = false;
	ssize_t n;

	while (t->pos < t->end) {
		size_t chunk = t->end - t->pos < KCOPY_CHUNK ?
		    (size_t)(t->end - t->pos) : KCOPY_CHUNK;

		n = copy_chunk(t->src->fd, (off_t)(t->src->origin + t->pos),
		    t->out->fd, chunk, &use_sendfile);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ENGINE_DECLINED;
		t->report->by_kernel += (uint64_t)n;
		t->report->kernel_call = use_sendfile ? "sendfile(2)" :
		    "copy_file_range(2)";
		transfer_copied(t, (uint64_t)n);
	}
	return ENGINE_DONE;
}
