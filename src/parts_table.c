/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parts_table.c - the table of container formats, in the order they are tried.
 *
 * A format is found by its magic numbers alone; where two could both
 * take a file, the one listed first wins (a GPT disk has a protective
 * MBR; safetensors has no magic number at all, so it comes last).  One
 * row per line: a new format is one module and one row.  The functions
 * are parts.h's; the table is a module apart from that interface, since
 * every format's module includes it.
 */
#include "config.h"

#include "parts.h"

#include "part_ar.h"
#include "part_disk.h"
#include "part_elf.h"
#include "part_gguf.h"
#include "part_safetensors.h"
#include "part_tar.h"
#include "part_zip.h"

/*
 * GPT before MBR, and MBR, whose 0x55AA at byte 510 any file may hold
 * by chance, after every format with a magic number of its own (a tar
 * header's bytes 500-511 are padding: no tar takes it).  The seeds of
 * the fuzz corpus pick a format by its place here (their first byte):
 * moving a row changes what its seeds and those after it test.
 */
static const struct part_format *const formats[] = {
	&part_format_tar,
	&part_format_zip,
	&part_format_ar,
	&part_format_gpt,
	&part_format_elf,
	&part_format_gguf,
	&part_format_mbr,
	&part_format_safetensors,
};

/* The element's type spelled out: sizeof *formats reads as a slip. */
#define FORMAT_COUNT (sizeof formats / sizeof(const struct part_format *))

const struct part_format *
parts_detect(const unsigned char *bytes, size_t len)
{
	size_t i;

	for (i = 0; i < FORMAT_COUNT; i++)
		if (formats[i]->detect(bytes, len))
			return formats[i];
	return NULL;
}

const struct part_format *
parts_format(size_t i)
{
	return i < FORMAT_COUNT ? formats[i] : NULL;
}
