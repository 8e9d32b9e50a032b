/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printer.h - print the requested ranges of one input operand.
 */
#ifndef MMCAT_PRINTER_H
#define MMCAT_PRINTER_H

#include <stdbool.h>
#include <stddef.h>

#include "chunkspec.h"
#include "hexdump.h"
#include "keys.h"
#include "lines.h"
#include "output.h"
#include "range.h"
#include "sink.h"
#include "source.h"
#include "transfer.h"

/* --list across the operands: head's "==> FILE <==" headers. */
struct part_listing {
	bool headers;		/* several files: a header before each */
	bool shown_header;	/* one is out: the next follows an empty line */
};

struct print_config {
	const struct range_request *ranges;
	size_t range_count;
	const struct lines_request *lines; /* -L: lines instead of ranges */
	const char *lines_text;		/* the -L spec, for messages */
	const struct chunk_request *chunk; /* --chunk: one piece instead */
	const char *chunk_text;		/* the --chunk spec, for messages */
	const struct key_request *keys;	/* --from/--to: lines by key */
	const char *const *members;	/* -m: parts by name, in turn */
	size_t member_count;
	struct part_listing *listing;	/* --list, or NULL */
	unsigned char terminator;	/* -z: '\0'; else '\n' */
	bool strict;		/* refuse any clamped range, print nothing */
	bool verbose;		/* one line per range on how it was printed */
	struct transfer_settings transfer;
	struct output *out;	/* standard output, shared by every file */
	struct raw_sink *raw;	/* the sinks, the caller's: bytes as they are, */
	struct hexdump *hex;	/* or, when not NULL, dumped as xxd does */
};

enum print_status {
	PRINT_OK,
	PRINT_FILE_FAILED,	/* reported; go on with the next file */
	PRINT_OUTPUT_FAILED	/* reported; standard output is lost: stop */
};

/* What prints an input once it is open: print_source, or --list/-m's. */
typedef enum print_status (*print_source_fn)(struct source *src,
    const struct print_config *config);

/*
 * Open path ("-": standard input), print it with print, close it; a
 * file that cannot be opened is reported.
 */
enum print_status print_path(const char *path,
    const struct print_config *config, print_source_fn print);

enum print_status print_file(const char *path,
    const struct print_config *config);

/* The same, for an input already open. */
enum print_status print_source(struct source *src,
    const struct print_config *config);

#endif
