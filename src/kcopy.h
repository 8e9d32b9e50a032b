/*
 * kcopy.h - the file-to-file fast path: copy_file_range(2), sendfile(2).
 *
 * When standard output is a regular file, mapping the input and writing
 * from the mapping costs a page fault per page on top of the copy (very
 * expensive on virtual machines); the kernel can copy page cache to page
 * cache itself, once.  Anything it refuses falls back to the mapping.
 */
#ifndef MMCAT_KCOPY_H
#define MMCAT_KCOPY_H

#include <stdint.h>

#include "copy.h"
#include "source.h"

/*
 * Copy bytes [begin, end) of src to standard output in the kernel;
 * *method names the call that did it.
 * COPY_CANNOT_MAP means this pair of files will not do it: use the mapping
 * from *copied_to on.  A source ending early is COPY_SHRANK.
 */
enum copy_result kcopy_span(const struct source *src, uint64_t begin,
    uint64_t end, uint64_t *copied_to, const char **method, int *err);

#endif
