/*
 * output.h - the sink: standard output, written in full.
 */
#ifndef MMCAT_OUTPUT_H
#define MMCAT_OUTPUT_H

#include <stddef.h>

/*
 * Write all len bytes of buf to standard output, riding out partial
 * writes, EINTR, and EAGAIN on a non-blocking descriptor.  Returns 0, or
 * the errno that stopped it with *written telling how far it got.
 * EFAULT means buf (a mapping) lost its pages: the file shrank.
 */
int output_write(const void *buf, size_t len, size_t *written);

/* Close standard output, reporting what a deferred error (NFS) says. */
int output_close(void);

#endif
