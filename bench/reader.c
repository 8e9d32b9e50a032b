/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reader.c - the benchmark's pipe sink: read standard input to EOF with
 * read(2) into a 128 KiB buffer and print the byte count.
 *
 * read(2) copies every byte into the buffer, so whatever wrote the pipe
 * had its data really touched (unlike /dev/null, which never reads an
 * mmap-backed buffer).  With -s it also folds every byte into a cheap
 * Fletcher-style checksum and prints it after the count.
 *
 * usage: reader [-s]
 * exit:  0 ok, 1 read error, 2 usage
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define READER_BUF_SIZE (128 * 1024)

static unsigned char reader_buf[READER_BUF_SIZE];

/* Position-dependent, so a reordered or shifted stream changes it. */
static void
reader_sum(const unsigned char *p, size_t n, uint64_t *s1, uint64_t *s2)
{
	uint64_t a = *s1, b = *s2;
	size_t i;

	for (i = 0; i < n; i++) {
		a += p[i];
		b += a;
	}
	*s1 = a;
	*s2 = b;
}

int
main(int argc, char **argv)
{
	uint64_t total = 0, s1 = 0, s2 = 0;
	int with_sum = 0;
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "-s") == 0)
		with_sum = 1;
	else if (argc != 1) {
		fprintf(stderr, "usage: reader [-s]\n"
		    "read standard input to EOF through a 128 KiB buffer and "
		    "print the byte count\n(-s: and a checksum)\n");
		return 2;
	}

	for (;;) {
		n = read(STDIN_FILENO, reader_buf, sizeof reader_buf);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "reader: read error: %s\n",
			    strerror(errno));
			return 1;
		}
		total += (uint64_t)n;
		if (with_sum)
			reader_sum(reader_buf, (size_t)n, &s1, &s2);
	}

	if (with_sum)
		printf("%" PRIu64 " %016" PRIx64 "%016" PRIx64 "\n", total,
		    s2, s1);
	else
		printf("%" PRIu64 "\n", total);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "reader: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
