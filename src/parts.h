/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parts.h - named parts inside a container file (partitions, archive
 * members, ELF sections, tensors): the table of formats.
 *
 * Each format is one module (part_FORMAT.c) with a magic test and a walk
 * over the whole file as a byte span, and one row of the table in
 * parts_table.c (a module of its own: the formats include this header,
 * the table includes theirs, and layers point one way).  Both are pure:
 * no I/O, no allocation, no reads outside bytes[0..len); a walk
 * validates as it goes and says why it gave up.
 * members.c maps the file, walks it once to validate (nothing is
 * printed for an invalid container), then again to list or to find the
 * named part, whose bytes become the input of the usual range options.
 */
#ifndef MMCAT_PARTS_H
#define MMCAT_PARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One part, as a walk hands it to its visitor. */
struct part {
	uint64_t offset;	/* of its first byte in the file */
	uint64_t length;	/* offset + length <= the file's length */
	const char *kind;	/* "partition", "extended", "member", "sparse",
				   "stored", "compressed", "section", "tensor" */
	const unsigned char *name;	/* raw bytes, valid during the visit */
	size_t name_len;
	/*
	 * Why -m refuses to print it ("a sparse member", "compressed with
	 * deflate"), or NULL: it prints.
	 */
	const char *refusal;
};

/* Called for each part in file order; false stops the walk (PARTS_OK). */
typedef bool (*part_visitor)(void *ctx, const struct part *part);

enum parts_result {
	PARTS_OK,
	PARTS_INVALID		/* *why says what is wrong */
};

/* Room for a reason; a walk truncates longer ones. */
#define PARTS_WHY_MAX 160

struct part_format {
	const char *name;	/* "GPT", "tar": "not a valid NAME: why" */
	/* Whether bytes look like this format (magic numbers only). */
	bool (*detect)(const unsigned char *bytes, size_t len);
	/* Every part in order; why has room for PARTS_WHY_MAX bytes. */
	enum parts_result (*walk)(const unsigned char *bytes, size_t len,
	    part_visitor visit, void *ctx, char *why);
};

/* The first format whose detect takes bytes, or NULL. */
const struct part_format *parts_detect(const unsigned char *bytes,
    size_t len);

/* The i-th format of the table, NULL past the last (tests, fuzzing). */
const struct part_format *parts_format(size_t i);

#endif
