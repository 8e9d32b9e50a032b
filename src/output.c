/*
 * output.c - full writes to standard output.
 */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

/*
 * One write(2) is capped by Linux at 0x7ffff000 bytes anyway; asking for
 * less keeps the count well inside ssize_t everywhere.
 */
#define WRITE_CHUNK_MAX ((size_t)1 << 30)

/* Block until a non-blocking stdout can take more; false on poll failure. */
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

int
output_write(const void *buf, size_t len, size_t *written)
{
	const char *p = buf;
	size_t done = 0;
	ssize_t n;
	int err = 0;

	while (done < len) {
		size_t chunk = len - done;

		if (chunk > WRITE_CHUNK_MAX)
			chunk = WRITE_CHUNK_MAX;
		n = write(STDOUT_FILENO, p + done, chunk);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == 0) {
			err = EIO;	/* a zero-byte write would loop forever */
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
output_close(void)
{
	if (close(STDOUT_FILENO) != 0 && errno != EBADF)
		return errno;
	return 0;
}
