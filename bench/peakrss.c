/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * peakrss.c - run a command and report its peak resident set size, for
 * systems without GNU time (/usr/bin/time -f %M).
 *
 * usage: peakrss [-o FILE] COMMAND [ARG]...
 *
 * Runs COMMAND (searched in PATH), waits for it with wait4(2) and writes
 * its ru_maxrss in KiB as one line to FILE (default: standard error).
 * Exits with COMMAND's status, 128+N if it was killed by signal N,
 * 126/127 if it could not be run.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	const char *outname = NULL;
	struct rusage ru;
	FILE *out = stderr;
	int argi = 1, status;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		outname = argv[2];
		argi = 3;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: peakrss [-o FILE] COMMAND [ARG]...\n"
		    "run COMMAND and print its peak RSS in KiB\n");
		return 2;
	}

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "peakrss: fork: %s\n", strerror(errno));
		return 126;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "peakrss: %s: %s\n", argv[argi],
		    strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "peakrss: wait4: %s\n",
			    strerror(errno));
			return 126;
		}
	}

	if (outname != NULL && (out = fopen(outname, "w")) == NULL) {
		fprintf(stderr, "peakrss: %s: %s\n", outname, strerror(errno));
		return 126;
	}
	fprintf(out, "%ld\n", ru.ru_maxrss);
	if (out != stderr && fclose(out) != 0) {
		fprintf(stderr, "peakrss: %s: %s\n", outname, strerror(errno));
		return 126;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
