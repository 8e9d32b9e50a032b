/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evict.c - drop a file's pages from the page cache, for cold-cache runs.
 *
 * usage: evict [-c] FILE [OFFSET [LENGTH]]
 *
 * Flushes the file (fdatasync: dirty pages cannot be dropped), then calls
 * posix_fadvise(POSIX_FADV_DONTNEED), which needs no privilege, over every
 * page holding a byte of [OFFSET, OFFSET+LENGTH) (the kernel itself would
 * keep the partial pages at both ends).  LENGTH 0 or absent means "to end
 * of file".  Then prints how much of the range is still resident, measured
 * with mincore(2):
 *
 *     resident R of N pages: FILE
 *
 * With -c nothing is evicted: only the residency line is printed (to check
 * that a "hot" range really is in memory).  Pages mapped by a running
 * process are not dropped.
 *
 * exit: 0 ok, 1 error, 2 usage
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void
evict_usage(void)
{
	fprintf(stderr, "usage: evict [-c] FILE [OFFSET [LENGTH]]\n"
	    "drop FILE's pages in [OFFSET, OFFSET+LENGTH) from the page cache "
	    "(LENGTH 0: to EOF)\nand print how many are still resident; "
	    "-c: only print that\n");
}

/* Drop a span's clean pages; ENOSYS where posix_fadvise is missing. */
static int
drop_pages(int fd, off_t start, off_t span)
{
#ifdef HAVE_POSIX_FADVISE
	return posix_fadvise(fd, start, span, POSIX_FADV_DONTNEED);
#else
	(void)fd;
	(void)start;
	(void)span;
	return ENOSYS;
#endif
}

/* A non-negative decimal off_t, or -1. */
static off_t
evict_number(const char *s)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return (off_t)v;
}

/* Count resident pages of [off, off+len) with mincore(2). */
static int
evict_resident(int fd, off_t off, off_t len, uint64_t *resident,
    uint64_t *pages)
{
	long pagesize = sysconf(_SC_PAGESIZE);
	off_t start = off - off % pagesize;
	size_t maplen = (size_t)(off + len - start), npages, i;
	unsigned char *vec;
	void *map;

	*resident = 0;
	*pages = 0;
	if (len == 0)
		return 0;
	npages = (maplen + (size_t)pagesize - 1) / (size_t)pagesize;
	map = mmap(NULL, maplen, PROT_READ, MAP_SHARED, fd, start);
	if (map == MAP_FAILED)
		return errno;
	vec = malloc(npages);
	if (vec == NULL) {
		munmap(map, maplen);
		return ENOMEM;
	}
	if (mincore(map, maplen, vec) != 0) {
		int err = errno;

		free(vec);
		munmap(map, maplen);
		return err;
	}
	for (i = 0; i < npages; i++)
		*resident += vec[i] & 1;
	*pages = npages;
	free(vec);
	munmap(map, maplen);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *file;
	off_t off = 0, len = 0;
	uint64_t resident, pages;
	struct stat st;
	int check_only = 0, fd, err, argi = 1;

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		check_only = 1;
		argi++;
	}
	if (argc - argi < 1 || argc - argi > 3) {
		evict_usage();
		return 2;
	}
	file = argv[argi];
	if (argc - argi >= 2 && (off = evict_number(argv[argi + 1])) < 0) {
		fprintf(stderr, "evict: invalid offset '%s'\n", argv[argi + 1]);
		return 2;
	}
	if (argc - argi == 3 && (len = evict_number(argv[argi + 2])) < 0) {
		fprintf(stderr, "evict: invalid length '%s'\n", argv[argi + 2]);
		return 2;
	}

	if ((fd = open(file, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "evict: %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (off > st.st_size)
		off = st.st_size;
	if (len == 0 || len > st.st_size - off)
		len = st.st_size - off;

	if (!check_only) {
		if (fdatasync(fd) != 0 && errno != EINVAL) {
			fprintf(stderr, "evict: %s: fdatasync: %s\n", file,
			    strerror(errno));
			return 1;
		}
		long pagesize = sysconf(_SC_PAGESIZE);
		off_t start = off - off % pagesize;
		off_t span = off + len - start;

		span += (pagesize - span % pagesize) % pagesize;
		err = drop_pages(fd, start, span);
		if (err != 0) {
			fprintf(stderr, "evict: %s: posix_fadvise: %s\n", file,
			    strerror(err));
			return 1;
		}
	}
	if ((err = evict_resident(fd, off, len, &resident, &pages)) != 0) {
		fprintf(stderr, "evict: %s: mincore: %s\n", file,
		    strerror(err));
		return 1;
	}
	printf("resident %" PRIu64 " of %" PRIu64 " pages: %s\n", resident,
	    pages, file);
	close(fd);
	return fflush(stdout) == 0 ? 0 : 1;
}
