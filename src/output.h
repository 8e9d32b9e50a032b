/*
 * output.h - the sink: standard output, written in full.
 *
 * Bytes reach standard output in one of two ways.  Copies (write(2)) for
 * buffers the caller will reuse, and for pages of a file mapping when
 * standard output is not a pipe.  When it is a pipe, mapped pages are
 * handed to it by reference with vmsplice(2) into a pipe grown to 1 MiB:
 * no copy at all, which is what makes mapping worth it.  (A regular file
 * as standard output is best served by kcopy, without a mapping.)
 */
#ifndef MMCAT_OUTPUT_H
#define MMCAT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

enum output_method {
	OUTPUT_WRITE,		/* write(2) */
	OUTPUT_VMSPLICE		/* vmsplice(2) of mapped pages into a pipe */
};

/*
 * Look at standard output once, before the first byte.  A pipe is grown;
 * unless allow_fast_paths is false (MMCAT_COPY=write) a pipe gets mapped
 * pages by vmsplice and a regular file gets copy_file_range.
 */
void output_prepare(bool allow_fast_paths);

/* How mapped pages are being sent, and the pipe size, for --verbose. */
enum output_method output_mapped_method(void);
const char *output_method_name(enum output_method method);
size_t output_pipe_size(void);

/* True when standard output is a regular file (prefaulting pays off). */
bool output_is_regular_file(void);

/* True when regular files should be copied in the kernel (kcopy). */
bool output_takes_kernel_copy(void);

/*
 * Write all len bytes of buf to standard output, riding out partial
 * writes, EINTR, and EAGAIN on a non-blocking descriptor.  Returns 0, or
 * the errno that stopped it with *written telling how far it got.
 */
int output_write(const void *buf, size_t len, size_t *written);

/*
 * The same for bytes inside a read-only file mapping that stays unchanged
 * until the call returns (the pipe may keep references to its pages).
 * EFAULT means the mapping lost its pages: the file shrank.
 */
int output_write_mapped(const void *buf, size_t len, size_t *written);

/* Close standard output, reporting what a deferred error (NFS) says. */
int output_close(void);

#endif
