/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_elf.c - the sections of an ELF file (32- or 64-bit, either byte
 * order), from its section header table.
 *
 * Each section but the null one at index 0 is a part named by its entry
 * in the section name string table, with the bytes its header gives
 * (sh_offset, sh_size); a SHT_NOBITS section (.bss) has no bytes in the
 * file, so its length is 0.  The extended numbering of files with many
 * sections is followed: a count of 0 and a string table index of
 * SHN_XINDEX are read from section 0.  A file without a section name
 * string table has sections with empty names.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "part_bytes.h"
#include "part_elf.h"

#define SHN_UNDEF 0
#define SHN_XINDEX 0xffff
#define SHT_NOBITS 8

/* The layout of one class and byte order. */
struct elf {
	bool wide;		/* ELFCLASS64 */
	bool big;		/* ELFDATA2MSB */
	uint64_t shoff, count, entsize, strndx;
	const unsigned char *bytes;
	size_t len;
};

struct section {
	uint32_t name, type, link;
	uint64_t offset, size;
};

static bool
elf_detect(const unsigned char *bytes, size_t len)
{
	return len >= 16 && memcmp(bytes, "\177ELF", 4) == 0 &&
	    (bytes[4] == 1 || bytes[4] == 2) && (bytes[5] == 1 || bytes[5] == 2);
}

static uint64_t
elf_half(const struct elf *e, const unsigned char *p)
{
	return e->big ? part_be16(p) : part_le16(p);
}

static uint32_t
elf_word(const struct elf *e, const unsigned char *p)
{
	return e->big ? part_be32(p) : part_le32(p);
}

/* An address or offset: a word in ELF32, a doubleword in ELF64. */
static uint64_t
elf_addr(const struct elf *e, const unsigned char *p)
{
	if (e->wide)
		return e->big ? part_be64(p) : part_le64(p);
	return elf_word(e, p);
}

/* Section i's header; the table is known to lie inside the file. */
static void
elf_section(const struct elf *e, uint64_t i, struct section *s)
{
	const unsigned char *h = e->bytes + e->shoff + i * e->entsize;

	s->name = elf_word(e, h);
	s->type = elf_word(e, h + 4);
	s->offset = elf_addr(e, h + (e->wide ? 24 : 16));
	s->size = elf_addr(e, h + (e->wide ? 32 : 20));
	s->link = elf_word(e, h + (e->wide ? 40 : 24));
}

/* The ELF header's fields of the section header table. */
static enum parts_result
elf_header(struct elf *e, char *why)
{
	const unsigned char *b = e->bytes;
	uint64_t ehsize = e->wide ? 64 : 52, table;

	if (e->len < ehsize)
		return part_invalid(why, "header ends past the end of the file");
	e->shoff = elf_addr(e, b + (e->wide ? 0x28 : 0x20));
	e->entsize = elf_half(e, b + (e->wide ? 0x3a : 0x2e));
	e->count = elf_half(e, b + (e->wide ? 0x3c : 0x30));
	e->strndx = elf_half(e, b + (e->wide ? 0x3e : 0x32));
	if (e->shoff == 0) {
		e->count = 0;
		return PARTS_OK;
	}
	if (e->entsize < (e->wide ? 64u : 40u))
		return part_invalid(why, "section header size %" PRIu64,
		    e->entsize);
	if (!part_fits(e->shoff, e->entsize, e->len))
		return part_invalid(why, "section headers end past the end "
		    "of the file");
	if (e->count == 0 || e->strndx == SHN_XINDEX) {
		struct section zero;

		elf_section(e, 0, &zero);
		if (e->count == 0)
			e->count = zero.size;
		if (e->strndx == SHN_XINDEX)
			e->strndx = zero.link;
	}
	if (part_mul_overflows(e->count, e->entsize, &table) ||
	    !part_fits(e->shoff, table, e->len))
		return part_invalid(why, "section headers end past the end "
		    "of the file");
	if (e->strndx != SHN_UNDEF && e->strndx >= e->count)
		return part_invalid(why, "section name table %" PRIu64
		    " past the last section", e->strndx);
	return PARTS_OK;
}

/* The string table's bytes, or none (*size 0) without one. */
static enum parts_result
elf_names(const struct elf *e, const unsigned char **names, uint64_t *size,
    char *why)
{
	struct section s;

	*names = NULL;
	*size = 0;
	if (e->strndx == SHN_UNDEF || e->count == 0)
		return PARTS_OK;
	elf_section(e, e->strndx, &s);
	if (s.type == SHT_NOBITS || !part_fits(s.offset, s.size, e->len))
		return part_invalid(why, "section name table ends past the "
		    "end of the file");
	*names = e->bytes + s.offset;
	*size = s.size;
	return PARTS_OK;
}

static enum parts_result
elf_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	struct elf e = { .bytes = bytes, .len = len };
	const unsigned char *names;
	uint64_t names_size;
	enum parts_result r;

	if (!elf_detect(bytes, len))
		return part_invalid(why, "no ELF magic number");
	e.wide = bytes[4] == 2;
	e.big = bytes[5] == 2;
	if ((r = elf_header(&e, why)) != PARTS_OK ||
	    (r = elf_names(&e, &names, &names_size, why)) != PARTS_OK)
		return r;
	for (uint64_t i = 1; i < e.count; i++) {
		struct section s;
		struct part part = { .kind = "section", .refusal = NULL };
		const unsigned char *end;

		elf_section(&e, i, &s);
		if (names_size != 0 && s.name >= names_size)
			return part_invalid(why, "section %" PRIu64 "'s name "
			    "past the end of its table", i);
		part.name = names_size != 0 ? names + s.name : names;
		end = part.name == NULL ? NULL :
		    memchr(part.name, '\0', (size_t)(names_size - s.name));
		if (part.name != NULL && end == NULL)
			return part_invalid(why, "section %" PRIu64 "'s name "
			    "is not ended", i);
		part.name_len = end == NULL ? 0 : (size_t)(end - part.name);
		part.offset = s.offset;
		part.length = s.type == SHT_NOBITS ? 0 : s.size;
		if (!part_fits(part.offset, part.length, len))
			return part_invalid(why, "section %" PRIu64 " ends past "
			    "the end of the file", i);
		if (part.name == NULL)
			part.name = (const unsigned char *)"";
		if (!visit(ctx, &part))
			break;
	}
	return PARTS_OK;
}

const struct part_format part_format_elf = {
	.name = "ELF", .detect = elf_detect, .walk = elf_walk
};
