/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * output.h - standard output, written in full.
 *
 * Bytes reach standard output in one of two ways.  Copies (write(2)) for
 * buffers the caller will reuse, and for pages of a file mapping when
 * standard output is not a pipe.  When it is a pipe, mapped pages may be
 * handed to it by reference with vmsplice(2) into a pipe grown to 1 MiB:
 * no copy at all, which is what makes mapping worth it.  (A regular file
 * as standard output is best served by the kernel's own file-to-file copy,
 * without a mapping: see kcopy.h.)
 *
 * Everything known about standard output lives in one struct output,
 * made once before the first byte and passed to whoever writes.
 */
#ifndef MMCAT_OUTPUT_H
#define MMCAT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * --sparse: whether runs of zeros in a regular output file become holes
 * (cp's rules).  Holes of the input by default; every run of zero blocks
 * with always; none with never.
 */
enum output_sparse {
	OUTPUT_SPARSE_AUTO,
	OUTPUT_SPARSE_ALWAYS,
	OUTPUT_SPARSE_NEVER
};

struct output {
	int fd;
	bool is_pipe;
	bool is_regular_file;
	bool append;		/* O_APPEND: every write lands at the end */
	dev_t dev;		/* identity of a regular file, for self-copy */
	ino_t ino;
	size_t pipe_size;	/* capacity of a pipe, 0 if unknown */
	bool splice_pages;	/* mapped pages go by vmsplice(2) */
	bool kernel_copy;	/* files may be copied by copy_file_range(2) */
	uint64_t spliced;	/* bytes sent by vmsplice(2) so far */
	uint64_t copied;	/* bytes sent by write(2) so far */
	bool pages_unsettled;	/* spliced pages may still be in the pipe */
	uint64_t copied_after_pages;	/* bytes written since the last page */
	enum output_sparse sparse;
	bool makes_holes;	/* holes by seeking: a regular file, no O_APPEND */
	size_t block_size;	/* st_blksize: the unit of --sparse=always */
	bool size_pending;	/* seeked past the end: set the size at the end */
};

/*
 * Look at fd once, before the first byte.  A pipe is grown; unless
 * allow_fast_paths is false (MMCAT_COPY=write) a pipe gets mapped pages by
 * vmsplice and a regular file gets the kernel's file-to-file copy.
 */
void output_open(struct output *out, int fd, bool allow_fast_paths);

/*
 * Set --sparse (before the first byte).  Holes are only ever made in a
 * regular file open without O_APPEND; everywhere else zeros are written.
 */
void output_set_sparse(struct output *out, enum output_sparse sparse);

/* How a send of bytes found in a file mapping ended. */
enum output_result {
	OUTPUT_OK,
	OUTPUT_SOURCE_FAULT,	/* the mapping's pages could not be read */
	OUTPUT_FAILED		/* the output failed: *err says why */
};

/*
 * Send all len bytes, riding out partial writes, EINTR, and EAGAIN on a
 * non-blocking descriptor; *sent tells how many got through.
 * by_reference: the bytes are pages of a read-only file mapping, and the
 * pipe may keep references to them (vmsplice) rather than a copy; pass it
 * only for bytes that may still change what a reader gets later.
 */
enum output_result output_send(struct output *out, const void *bytes,
    size_t len, bool by_reference, size_t *sent, int *err);

/*
 * len zero bytes that nobody had to read (a hole of the input): a hole
 * in the output where it can have one (a regular file, no O_APPEND, not
 * --sparse=never, and only past the file's end: where the file already
 * has bytes, zeros are written over them), else zeros written from
 * memory of mmcat's own, by vmsplice(2) into a pipe where it can.
 * *done tells how many were dealt with.
 */
enum output_result output_hole(struct output *out, uint64_t len,
    uint64_t *done, int *err);

/*
 * --sparse=always into a file that can have holes: send len bytes,
 * turning every whole block of the file (block_size, counted from the
 * file's start) that holds only zeros into a hole as output_hole does.
 */
enum output_result output_send_sparse(struct output *out,
    const unsigned char *bytes, size_t len, size_t *sent, int *err);

/*
 * A span is over: if its last bytes were a hole past the end, give the
 * file its size (ftruncate(2)); a file is never made shorter.  0, or
 * the errno of a failure.
 */
int output_end_holes(struct output *out);

/* output_send for a buffer of mmcat's own: 0, or the errno of the failure. */
int output_write(struct output *out, const void *bytes, size_t len);

/*
 * The bytes of a span of length bytes that must be copied, not spliced,
 * so that when the span is done no page of the input is still referenced
 * by the pipe: a pipe of N bytes cannot take the last N bytes while it
 * still holds one spliced page.  The pipe's size is read again for each
 * span longer than the pipe last seen, since its reader may have grown
 * it; a shorter span is copied whole, whatever the size now (copying more
 * than needed is always safe).  0 when nothing is spliced.
 */
size_t output_settle_length(struct output *out, uint64_t length);

/*
 * Make sure that no spliced page is left in the pipe, waiting for the
 * reader to take them if the copied bytes did not push them all out (the
 * reader grew the pipe after output_settle_length): call it once the last
 * byte of a span is out.  0, or the errno of a failure.
 */
int output_settle(struct output *out);

/*
 * True when out is the regular file st describes; *position is where the
 * next byte will land in it (its end, in append mode).
 */
bool output_is_file(const struct output *out, const struct stat *st,
    uint64_t *position);

/* Close standard output: 0, or what a deferred error (NFS) says. */
int output_close(struct output *out);

#endif
