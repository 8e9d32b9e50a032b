/*
 * kcopy.c - copy_file_range or sendfile from the input to a regular-file
 * standard output.
 */
#include "config.h"

#include "kcopy.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "progress.h"

/* One call's worth: big enough to amortise, small enough for progress. */
#define KCOPY_CHUNK ((size_t)8 << 20)

/* Errors that mean "not between these two files", not "it broke". */
static int
is_unsupported(int err)
{
	return err == EXDEV || err == EINVAL || err == ENOSYS ||
	    err == EOPNOTSUPP || err == EBADF || err == ETXTBSY;
}

/*
 * copy_file_range within one file system, else sendfile, which the kernel
 * splices between any two files; both copy once, page cache to page cache.
 */
static ssize_t
copy_chunk(int in_fd, off_t in_off, size_t len, bool *use_sendfile)
{
	ssize_t n;

	if (!*use_sendfile) {
		n = copy_file_range(in_fd, &in_off, STDOUT_FILENO, NULL, len, 0);
		if (n >= 0 || (errno != EXDEV && errno != EINVAL &&
		    errno != ENOSYS && errno != EOPNOTSUPP))
			return n;
		*use_sendfile = true;
	}
	return sendfile(STDOUT_FILENO, in_fd, &in_off, len);
}

enum copy_result
kcopy_span(const struct source *src, uint64_t begin, uint64_t end,
    uint64_t *copied_to, const char **method, int *err)
{
	bool use_sendfile = false;
	uint64_t pos = begin;
	ssize_t n;

	*err = 0;
	*copied_to = begin;
	while (pos < end) {
		size_t chunk = end - pos < KCOPY_CHUNK ? (size_t)(end - pos) :
		    KCOPY_CHUNK;

		n = copy_chunk(src->fd, (off_t)(src->origin + pos), chunk,
		    &use_sendfile);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			if (pos == begin && is_unsupported(*err))
				return COPY_CANNOT_MAP;
			return COPY_OUTPUT_ERROR;
		}
		if (n == 0)
			return COPY_SHRANK;	/* the input ended early */
		pos += (uint64_t)n;
		*copied_to = pos;
		*method = use_sendfile ? "sendfile(2)" : "copy_file_range(2)";
		progress_advance((uint64_t)n);
	}
	return COPY_DONE;
}
