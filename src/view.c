/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * view.c - mappings and pread buffers over a source.
 */
#include "config.h"

#include "view.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

size_t
view_page_size(void)
{
	static size_t page_size;
	long n;

	if (page_size == 0) {
		n = sysconf(_SC_PAGESIZE);
		page_size = n > 0 ? (size_t)n : 4096;
	}
	return page_size;
}

size_t
view_round_window(uint64_t requested)
{
	size_t page = view_page_size();
	uint64_t max_window = (uint64_t)SIZE_MAX / 2 - page;

	if (requested < page)
		return page;
	if (requested > max_window)
		requested = max_window;
	return (size_t)((requested + page - 1) / page * page);
}

int
view_map(const struct source *src, uint64_t pos, size_t len,
    struct view *view)
{
	uint64_t absolute = src->origin + pos;
	uint64_t aligned = absolute - absolute % view_page_size();
	size_t lead = (size_t)(absolute - aligned);

	view->bytes = NULL;
	view->heap = NULL;
	view->aligned = aligned;
	view->length = lead + len;
	view->base = mmap(NULL, view->length, PROT_READ, MAP_PRIVATE,
	    src->fd, (off_t)aligned);
	if (view->base == MAP_FAILED) {
		view->base = NULL;
		return errno != 0 ? errno : ENOMEM;
	}
	view->bytes = (const unsigned char *)view->base + lead;
	return 0;
}

/* Fill buf with len bytes from pos; *got tells how many (fewer at EOF). */
static int
read_fully(const struct source *src, uint64_t pos, unsigned char *buf,
    size_t len, size_t *got)
{
	ssize_t n;

	*got = 0;
	while (*got < len) {
		n = pread(src->fd, buf + *got, len - *got,
		    (off_t)(src->origin + pos + *got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

int
view_read(const struct source *src, uint64_t pos, size_t len,
    struct view *view, bool *ended_early)
{
	size_t got;
	int err;

	*ended_early = false;
	view->base = NULL;
	view->aligned = src->origin + pos;
	view->heap = malloc(len > 0 ? len : 1);
	if (view->heap == NULL)
		return ENOMEM;
	if ((err = read_fully(src, pos, view->heap, len, &got)) != 0 ||
	    got < len) {
		*ended_early = err == 0;
		view_close(view);
		return err;
	}
	view->bytes = view->heap;
	view->length = len;
	return 0;
}

void
view_close(struct view *view)
{
	if (view->base != NULL)
		munmap(view->base, view->length);
	free(view->heap);
	view->base = NULL;
	view->heap = NULL;
}
