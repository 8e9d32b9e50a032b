/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * buffer_sizes.c - print the buffer sizes this build of mmcat has, as
 * shell assignments (MMCAT_HEX_TEXT_BYTES=1048576 ...), so that the tests
 * place their inputs across each boundary, whatever configure chose.
 */
#include "config.h"

#include <stdio.h>

#include "../src/buffers.h"

#define SHOW(name) (void)printf("%s=%zu\n", #name, (size_t)(name))

int
main(void)
{
	SHOW(MMCAT_HEX_TEXT_BYTES);
	SHOW(MMCAT_HEX_MARKS);
	SHOW(MMCAT_LIST_BYTES);
	SHOW(MMCAT_READ_BYTES);
	SHOW(MMCAT_RING_FIRST_BYTES);
	SHOW(MMCAT_HELD_LINES_FIRST);
	SHOW(MMCAT_WINDOW_BYTES);
	SHOW(MMCAT_FIRST_SCAN_BYTES);
	SHOW(MMCAT_KCOPY_CHUNK_BYTES);
	SHOW(MMCAT_WRITE_CHUNK_BYTES);
	SHOW(MMCAT_PROGRESS_PIECE_BYTES);
	return ferror(stdout) || fflush(stdout) != 0;
}
