/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * source.h - open an input and decide how it can be read.
 *
 * A regular file or block device whose size can be trusted is mapped; all
 * else (pipes, sockets, terminals, character devices, and /proc or /sys
 * files whose st_size lies) is a stream, read with read(2).
 */
#ifndef MMCAT_SOURCE_H
#define MMCAT_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

enum source_kind {
	SOURCE_MAPPABLE,
	SOURCE_STREAM
};

struct source {
	const char *name;	/* for messages: the operand, or "standard input" */
	int fd;
	bool owns_fd;		/* false for standard input */
	bool is_stdin;		/* standard input, even once spooled */
	enum source_kind kind;
	bool is_block_device;
	struct stat st;		/* as opened: what it is, for self-copy */
	uint64_t origin;	/* offset in fd where the input begins */
	/*
	 * Where the input begins in its own file: origin, kept when a
	 * stream is spooled (the copy's origin is 0).  Messages and hex
	 * addresses count from it, and so does the position standard input
	 * is left at.
	 */
	uint64_t file_origin;
	uint64_t size;		/* bytes from origin to EOF (mappable only) */
	const char *stream_reason; /* why it is a stream, for --verbose */
	bool spooled;		/* a stream copied to a temporary file */
	/*
	 * A part of its file (-m): size is where it ends, whatever the
	 * file's own size beyond it.
	 */
	bool bounded;
};

/*
 * Make sure descriptors 0, 1 and 2 are open, so that no file mmcat opens
 * can take one: a closed one gets /dev/null, opened so that using it
 * fails as the closed descriptor would (EBADF).  Call first thing.
 * Returns 0, or the errno of opening /dev/null.
 */
int source_reserve_standard_fds(void);

/* The display name of standard input. */
extern const char source_stdin_name[];

/* Open path ("-" is standard input).  Returns 0 or an errno. */
int source_open(const char *path, struct source *src);

/*
 * A file to follow (-f) is read by its size as it grows, from empty: an
 * empty regular file, a stream for its first look (it may be a /proc
 * file), becomes mappable unless its file system is known to make sizes
 * up.  Returns whether src is mappable.
 */
bool source_follow_by_size(struct source *src);

/*
 * The size as it is now, for a mappable source: files can shrink while
 * they are printed (a bounded source never grows past its size).
 * Returns 0 or an errno.
 */
int source_current_size(const struct source *src, uint64_t *size);

/*
 * The extent of a mappable regular file that pos (relative to origin)
 * lies in: *in_hole says whether it is a hole (bytes the file system
 * does not store: zeros), *extent_end where it ends (relative to
 * origin).  Where holes cannot be found (no SEEK_DATA, a file system
 * that does not say) the whole file is data.  The descriptor's offset
 * is left as it was: standard input is shared.
 */
void source_extent(const struct source *src, uint64_t pos, bool *in_hole,
    uint64_t *extent_end);

/*
 * Whether a mappable regular file may have holes: it takes fewer blocks
 * than its size needs (cp's test).  One that does not is taken as all
 * data, and nobody asks where its holes are.
 */
bool source_may_have_holes(const struct source *src);

/* read(2) that rides out EINTR and a non-blocking descriptor. */
ssize_t source_read(const struct source *src, void *buf, size_t len);

/*
 * Whether the file lives on a network file system, where other machines
 * change it out of this kernel's sight (Linux; elsewhere false).
 */
bool source_on_network_fs(const struct source *src);

/* Whether a stream has bytes to read now (poll(2), no waiting). */
bool source_has_bytes(const struct source *src);

/*
 * read(2) of what a stream has now, without waiting: 0 when it has
 * nothing (no writer, or none has written yet), -1 on an error.
 */
ssize_t source_read_ready(const struct source *src, void *buf, size_t len);

/*
 * Copy bytes [from, to) of the input (to: UINT64_MAX for all of it) into
 * an unlinked temporary file (in $TMPDIR, else /tmp), at their own
 * offsets, and make that the source, mappable: for ranges of a stream
 * that one pass cannot print in order.  Bytes before from are read and
 * dropped, and take no space (a hole).  A standard input that can seek
 * is put back where it was: nothing of it has been printed yet.  Returns
 * 0 or an errno; *read_failed tells whether reading the input (not the
 * copy) failed.
 */
int source_spool(struct source *src, uint64_t from, uint64_t to,
    bool *read_failed);

/*
 * Standard input is shared with the next command: where it can seek (a
 * regular file, a device, a /proc file), leave it just past the last
 * byte printed, pos (relative to where it began), as dd and head do;
 * pos 0 puts it back where it was.  Files mmcat opened itself are left
 * alone.
 */
void source_leave_at(const struct source *src, uint64_t pos);

void source_close(struct source *src);

#endif
