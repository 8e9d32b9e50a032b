/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * buffers.h - the size of every fixed buffer, chunk and first allocation,
 * in one place.
 *
 * Each can be set at build time (CPPFLAGS=-DMMCAT_READ_BYTES=300), and
 * `configure --enable-tiny-buffers` sets them all a few lines or a few
 * hundred bytes large, so that the suite meets every boundary on small
 * inputs: a buffer whose boundary no test reaches hides its bugs (a hex
 * dump of 15,420 lines and a few bytes once lost its last line).
 * tests/buffer_sizes prints the values a build has, for the tests.
 */
#ifndef MMCAT_BUFFERS_H
#define MMCAT_BUFFERS_H

#include <stddef.h>

#ifdef MMCAT_TINY_BUFFERS
# define MMCAT_DEFAULT_SIZE(normal, tiny) (tiny)
#else
# define MMCAT_DEFAULT_SIZE(normal, tiny) (normal)
#endif

/*
 * The hex dump's text, written out when full (hexdump.c); a layout whose
 * two longest lines take more gets that much.
 */
#ifndef MMCAT_HEX_TEXT_BYTES
# define MMCAT_HEX_TEXT_BYTES MMCAT_DEFAULT_SIZE((size_t)1 << 20, 250)
#endif

/*
 * The runs of lines and '*' lines a squeezed dump's text buffer keeps
 * account of (hexdump.c): the text is written out when they are used up.
 */
#ifndef MMCAT_HEX_MARKS
# define MMCAT_HEX_MARKS MMCAT_DEFAULT_SIZE((size_t)4096, 3)
#endif

/* --list's lines, gathered before they are written (members.c). */
#ifndef MMCAT_LIST_BYTES
# define MMCAT_LIST_BYTES MMCAT_DEFAULT_SIZE((size_t)64 << 10, 100)
#endif

/* One read(2) or pread(2) of a stream, a spool or an unmappable file. */
#ifndef MMCAT_READ_BYTES
# define MMCAT_READ_BYTES MMCAT_DEFAULT_SIZE((size_t)256 << 10, 509)
#endif

/* The first allocation of a stream's tail ring; it grows to its limit. */
#ifndef MMCAT_RING_FIRST_BYTES
# define MMCAT_RING_FIRST_BYTES MMCAT_DEFAULT_SIZE((size_t)256 << 10, 61)
#endif

/* The first count of line ends a stream's line hold keeps; it doubles. */
#ifndef MMCAT_HELD_LINES_FIRST
# define MMCAT_HELD_LINES_FIRST MMCAT_DEFAULT_SIZE((size_t)64, 2)
#endif

/* The most bytes mapped at once, unless MMCAT_WINDOW says otherwise. */
#ifndef MMCAT_WINDOW_BYTES
# define MMCAT_WINDOW_BYTES MMCAT_DEFAULT_SIZE((size_t)8 << 20, 3 * 4096)
#endif

/* The first block a line scan views; each next one twice as large. */
#ifndef MMCAT_FIRST_SCAN_BYTES
# define MMCAT_FIRST_SCAN_BYTES MMCAT_DEFAULT_SIZE((size_t)64 << 10, 100)
#endif

/* One copy_file_range(2) or sendfile(2) call. */
#ifndef MMCAT_KCOPY_CHUNK_BYTES
# define MMCAT_KCOPY_CHUNK_BYTES MMCAT_DEFAULT_SIZE((size_t)8 << 20, 4099)
#endif

/* One write(2) or vmsplice(2) call, at the most. */
#ifndef MMCAT_WRITE_CHUNK_BYTES
# define MMCAT_WRITE_CHUNK_BYTES MMCAT_DEFAULT_SIZE((size_t)1 << 30, 4093)
#endif

/* What is handed to a sink between two updates of the progress line. */
#ifndef MMCAT_PROGRESS_PIECE_BYTES
# define MMCAT_PROGRESS_PIECE_BYTES MMCAT_DEFAULT_SIZE((size_t)1 << 20, 1000)
#endif

#endif
