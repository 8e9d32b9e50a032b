/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newline.h - count and find newlines in a buffer, a block at a time.
 * A "newline" may be any byte: '\n', or '\0' for NUL-terminated records.
 *
 * What -L needs to find line N without a call per line: the number of
 * newlines in a buffer, and the k-th newline counted from its start or
 * from its end.  Pure: no I/O, and nothing is read outside
 * bytes[0..len), so a buffer may end where a mapping ends.
 *
 * Several implementations may be compiled in (vector code for the CPU
 * families that have it, a portable word-at-a-time loop for the others);
 * the best one this CPU can run is chosen on first use.
 */
#ifndef MMCAT_NEWLINE_H
#define MMCAT_NEWLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The number of '\n' bytes in bytes[0..len). */
uint64_t newline_count(const unsigned char *bytes, size_t len);

/*
 * Look for the k-th newline of bytes[0..len), k >= 1, the first newline
 * being k = 1.  When there is one: returns true, *pos is the index just
 * past it (where the next line starts) and *found is k.  When there are
 * fewer: returns false, *pos is len and *found is how many there are,
 * so that a caller scanning a file window by window looks for the
 * k - *found-th newline in the next window.  k = 0 finds nothing: false,
 * *pos len, *found 0.
 */
bool newline_find(const unsigned char *bytes, size_t len, uint64_t k,
    size_t *pos, uint64_t *found);

/*
 * The same, counting back from the end: k = 1 is the last newline of the
 * buffer.  Found: true, *pos just past that newline, *found k.  Fewer:
 * false, *pos 0 (the edge the search reached) and *found how many there
 * are.  k = 0: false, *pos 0, *found 0.
 */
bool newline_rfind(const unsigned char *bytes, size_t len, uint64_t k,
    size_t *pos, uint64_t *found);

/*
 * The same three for any terminator byte nl: '\n', or '\0' for
 * NUL-terminated records (-z).  The functions above are these with '\n'.
 */
uint64_t newline_count_byte(const unsigned char *bytes, size_t len,
    unsigned char nl);
bool newline_find_byte(const unsigned char *bytes, size_t len,
    unsigned char nl, uint64_t k, size_t *pos, uint64_t *found);
bool newline_rfind_byte(const unsigned char *bytes, size_t len,
    unsigned char nl, uint64_t k, size_t *pos, uint64_t *found);

/*
 * The implementations, for tests and benchmarks: the name of the i-th one
 * compiled in (best first), NULL past the last; the name of the one in
 * use; and a way to force one, which fails (false, nothing changed) for
 * a name not compiled in or one this CPU cannot run.
 */
const char *newline_variant_name(size_t i);
const char *newline_variant(void);
bool newline_use_variant(const char *name);

#endif
