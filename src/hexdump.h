/* SPDX-License-Identifier: BSD-2-Clause */
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

/* A sink for one range (each range starts a new dump), writing to out. */
struct sink *hexdump_sink(struct output *out);

#endif
