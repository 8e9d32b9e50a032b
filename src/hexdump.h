/*
 * hexdump.h - the xxd-compatible hex dump sink.
 *
 * Output is byte for byte what `xxd -s OFFSET -l LENGTH FILE` prints in
 * its default layout: absolute offsets of at least 8 hex digits, 16 bytes
 * a line in 2-byte groups, an ASCII column with '.' for the unprintable.
 */
#ifndef MMCAT_HEXDUMP_H
#define MMCAT_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "sink.h"

#define HEXDUMP_LINE_BYTES 16
/* Longest line: 16 address digits, ": ", 40 hex, " ", 16 ASCII, '\n'. */
#define HEXDUMP_LINE_MAX (16 + 2 + 40 + 1 + 16 + 1)

/*
 * Format one line of n (1..16) bytes found at address into out (room for
 * HEXDUMP_LINE_MAX); returns its length, newline included.  Pure.
 */
size_t hexdump_format_line(char *out, uint64_t address,
    const unsigned char *bytes, size_t n);

/* A sink for one range (each range starts a new dump), writing to out. */
struct sink *hexdump_sink(struct output *out);

#endif
