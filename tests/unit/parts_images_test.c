/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parts_images_test.c - unit tests of the walkers of disk images (GPT,
 * MBR), ELF files and model files (safetensors, GGUF), printed as TAP.
 *
 * Each format's images are built here, byte by byte, from the published
 * layouts the manual page's NAMED RANGES section names (with a CRC-32
 * written bit by bit, apart from the walker's table), then walked: the
 * parts must be the ones put there, and each hostile header (truncated,
 * overflowing, looping, deep) must be refused with its reason.  Every
 * image is also walked cut at every length and with bytes changed, from
 * a heap copy of exactly its size, so that a sanitizer build sees any
 * read outside it; every part handed out must lie inside the span.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/part_disk.h"
#include "../../src/part_elf.h"
#include "../../src/part_gguf.h"
#include "../../src/part_safetensors.h"
#include "tap.h"

#define MAX_SEEN 200
#define NAME_COPY 64

struct seen {
	uint64_t offset, length;
	char kind[16];
	char name[NAME_COPY];
	size_t name_len;
};

struct walk {
	struct seen parts[MAX_SEEN];
	size_t count;
	size_t len;		/* of the span walked */
	bool outside;		/* a part reached past the span */
	enum parts_result result;
	char why[PARTS_WHY_MAX];
};

static bool
record(void *ctx, const struct part *part)
{
	struct walk *w = ctx;
	struct seen *s;

	if (part->offset > w->len || part->length > w->len - part->offset)
		w->outside = true;
	if (w->count == MAX_SEEN)
		return true;
	s = &w->parts[w->count++];
	s->offset = part->offset;
	s->length = part->length;
	snprintf(s->kind, sizeof s->kind, "%s", part->kind);
	s->name_len = part->name_len;
	memcpy(s->name, part->name,
	    part->name_len < NAME_COPY ? part->name_len : NAME_COPY);
	return true;
}

/* Walk a heap copy of exactly len bytes. */
static void
walk(const struct part_format *f, const unsigned char *bytes, size_t len,
    struct walk *w)
{
	unsigned char *copy = malloc(len ? len : 1);

	if (copy == NULL)
		abort();
	memcpy(copy, bytes, len);
	memset(w, 0, sizeof *w);
	w->len = len;
	w->result = f->walk(copy, len, record, w, w->why);
	free(copy);
}

static bool
part_is(const struct walk *w, size_t i, uint64_t offset, uint64_t length,
    const char *kind, const char *name)
{
	const struct seen *s = &w->parts[i];

	return i < w->count && s->offset == offset && s->length == length &&
	    strcmp(s->kind, kind) == 0 && s->name_len == strlen(name) &&
	    memcmp(s->name, name, s->name_len) == 0;
}

static bool
stop_at_first(void *ctx, const struct part *part)
{
	(void)part;
	*(int *)ctx += 1;
	return false;
}

/*
 * A walk whose visitor stops it at the first part says OK, whatever
 * comes after (here, a defect the whole walk reports).
 */
static void
expect_stop_ok(const struct part_format *f, const unsigned char *bytes,
    size_t len, const char *what)
{
	char why[PARTS_WHY_MAX] = "";
	int visits = 0;
	enum parts_result r = f->walk(bytes, len, stop_at_first, &visits, why);

	tap_check(r == PARTS_OK && visits == 1, "%s: %s, stopped at its first "
	    "part, is OK (%d, %d visits, %s)", f->name, what, (int)r, visits,
	    why);
}

static void
expect_invalid(const struct part_format *f, const unsigned char *bytes,
    size_t len, const char *why, const char *what)
{
	struct walk w;

	walk(f, bytes, len, &w);
	tap_check(w.result == PARTS_INVALID && strstr(w.why, why) != NULL &&
	    !w.outside, "%s: %s is invalid: \"%s\" (got %d \"%s\")", f->name,
	    what, why, (int)w.result, w.why);
}

/*
 * The next place to cut or change: every byte of the first 600 of each
 * of a GPT image's first three sectors (the MBR, the header, the first
 * entries), every byte of the first three sectors of the MBR image and
 * of the tables of its extended boot records (sectors 20 and 40), one
 * every step bytes elsewhere; every byte of other images (sector 1).
 */
static size_t
next_place(size_t i, size_t step, size_t sector)
{
	bool dense = sector == 1 || (i % sector < 600 && i < 3 * sector);

	if (sector == 512)
		dense = i < 3 * 512 || (i < 48 * 512 && i % 512 >= 440);

	return dense ? i + 1 : i + step;
}

/*
 * Cut at every length and with each byte changed to a few values: no
 * part outside the span, no read outside it (under a sanitizer).  In an
 * image of sectors (sector > 1), every byte of its tables and one every
 * step bytes elsewhere (next_place).
 */
static void
expect_robust(const struct part_format *f, const unsigned char *bytes,
    size_t len, size_t step, size_t sector, const char *what)
{
	static const unsigned char values[] = { 0x00, 0xff, 0x80, 0x7f, 0x01 };
	unsigned char *copy = malloc(len);
	bool inside = true;
	struct walk *w = malloc(sizeof *w);

	if (copy == NULL || w == NULL)
		abort();
	for (size_t cut = 0; cut <= len; cut = next_place(cut, step, sector)) {
		walk(f, bytes, cut, w);
		inside = inside && !w->outside;
	}
	for (size_t i = 0; i < len; i = next_place(i, step, sector))
		for (size_t v = 0; v < sizeof values; v++) {
			memcpy(copy, bytes, len);
			copy[i] = values[v];
			walk(f, copy, len, w);
			inside = inside && !w->outside;
		}
	tap_check(inside, "%s: %s cut and changed byte by byte stays inside",
	    f->name, what);
	free(w);
	free(copy);
}

static void
put_le(unsigned char *p, uint64_t v, int width)
{
	for (int i = 0; i < width; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static void
put_be(unsigned char *p, uint64_t v, int width)
{
	for (int i = 0; i < width; i++)
		p[width - 1 - i] = (unsigned char)(v >> 8 * i);
}

/* --- GPT and MBR ------------------------------------------------------ */

static uint32_t
crc32_bitwise(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

#define GPT_ENTRIES 128

/* The CRCs of a GPT whose header is at sector ss. */
static void
gpt_seal(unsigned char *img, size_t ss)
{
	unsigned char *h = img + ss;

	put_le(h + 88, crc32_bitwise(img + 2 * ss, GPT_ENTRIES * 128), 4);
	put_le(h + 16, 0, 4);
	put_le(h + 16, crc32_bitwise(h, 92), 4);
}

/* A disk of sectors of ss bytes, its GPT with partitions in slots 1, 3. */
static unsigned char *
gpt_image(size_t ss, size_t sectors)
{
	unsigned char *img = calloc(sectors, ss);
	unsigned char *h = img + ss, *e = img + 2 * ss;

	img[446 + 4] = 0xee;
	put_le(img + 446 + 8, 1, 4);
	put_le(img + 446 + 12, sectors - 1, 4);
	img[510] = 0x55;
	img[511] = 0xaa;
	memcpy(h, "EFI PART", 8);
	put_le(h + 8, 0x10000, 4);
	put_le(h + 12, 92, 4);
	put_le(h + 24, 1, 8);
	put_le(h + 32, sectors - 1, 8);
	put_le(h + 40, 34, 8);
	put_le(h + 48, sectors - 34, 8);
	put_le(h + 72, 2, 8);
	put_le(h + 80, GPT_ENTRIES, 4);
	put_le(h + 84, 128, 4);
	/* Slot 0: sectors 40-47; slot 2: sectors 48-63. */
	memset(e, 0xaf, 16);
	put_le(e + 32, 40, 8);
	put_le(e + 40, 47, 8);
	memset(e + 256, 0x0f, 16);
	put_le(e + 256 + 32, 48, 8);
	put_le(e + 256 + 40, 63, 8);
	gpt_seal(img, ss);
	return img;
}

static void
test_gpt_sector(size_t ss)
{
	const struct part_format *f = &part_format_gpt;
	size_t sectors = ss == 512 ? 100 : 70, len = sectors * ss;
	unsigned char *img = gpt_image(ss, sectors);
	unsigned char *e = img + 2 * ss, *h = img + ss;
	struct walk w;

	tap_check(f->detect(img, len), "GPT of %zu-byte sectors is detected",
	    ss);
	tap_check(part_format_mbr.detect(img, len),
	    "its protective MBR alone looks like an MBR (GPT comes first)");
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 2 &&
	    part_is(&w, 0, 40 * ss, 8 * ss, "partition", "1") &&
	    part_is(&w, 1, 48 * ss, 16 * ss, "partition", "3"),
	    "GPT %zu: slots 1 and 3 at their sectors (%d, %zu parts, %s)", ss,
	    (int)w.result, w.count, w.why);

	h[0x30] ^= 1;
	expect_invalid(f, img, len, "header CRC", "a changed header");
	h[0x30] ^= 1;
	e[40] ^= 1;
	expect_invalid(f, img, len, "entries CRC", "a changed entry");
	put_le(e + 40, sectors, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "partition 1 ends past", "a partition "
	    "one sector past the end");
	put_le(e + 40, UINT64_MAX, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "partition 1 ends past", "a last LBA of "
	    "2^64 - 1");
	put_le(e + 32, 41, 8);
	put_le(e + 40, 40, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "ends before it begins", "a partition "
	    "that ends before it begins");
	put_le(e + 32, 40, 8);
	put_le(e + 40, 47, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, 64 * ss - 1, "partition 3 ends past", "an "
	    "image cut a byte into the last partition");
	expect_stop_ok(f, img, 64 * ss - 1, "an image cut a byte into the "
	    "last partition");
	put_le(h + 84, 100, 4);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "entry size 100", "an entry size of 100");
	put_le(h + 84, 132, 4);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "entry size 132", "an entry size of 132");
	put_le(h + 84, 128, 4);
	put_le(h + 80, 0x7fffffff, 4);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "entries end past", "2^31 entries");
	put_le(h + 80, GPT_ENTRIES, 4);
	put_le(h + 72, UINT64_MAX / 2, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "entries end past", "entries at LBA 2^63");
	put_le(h + 72, 2, 8);
	put_le(h + 40, 90, 8);
	put_le(h + 48, 80, 8);
	gpt_seal(img, ss);
	expect_invalid(f, img, len, "first usable LBA past", "usable LBAs "
	    "the wrong way round");
	put_le(h + 40, 34, 8);
	put_le(h + 48, sectors - 34, 8);
	put_le(h + 12, (uint64_t)ss + 1, 4);
	expect_invalid(f, img, len, "header size", "a header larger than "
	    "its sector");
	put_le(h + 12, 92, 4);
	gpt_seal(img, ss);
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 2, "GPT %zu: restored "
	    "image is valid again", ss);
	expect_robust(f, img, len, 997, ss, ss == 512 ? "GPT 512" : "GPT 4096");
	free(img);
}

/* An MBR entry: type, first sector and count. */
static void
mbr_put(unsigned char *sector, int slot, unsigned char type, uint32_t start,
    uint32_t count)
{
	unsigned char *e = sector + 446 + 16 * slot;

	e[4] = type;
	put_le(e + 8, start, 4);
	put_le(e + 12, count, 4);
	sector[510] = 0x55;
	sector[511] = 0xaa;
}

#define MBR_SECTORS 200

/*
 * Primaries 1 (sectors 10-19) and 2 (extended, 20-99), 3 empty, 4 a
 * partition 100-109; logicals 5 (EBR 20, data 22-29) and 6 (EBR 40,
 * data 41-49).
 */
static unsigned char *
mbr_image(void)
{
	unsigned char *img = calloc(MBR_SECTORS, 512);

	mbr_put(img, 0, 0x83, 10, 10);
	mbr_put(img, 1, 0x05, 20, 80);
	mbr_put(img, 3, 0x83, 100, 10);
	mbr_put(img + 20 * 512, 0, 0x83, 2, 8);
	mbr_put(img + 20 * 512, 1, 0x05, 20, 30);
	mbr_put(img + 40 * 512, 0, 0x83, 1, 9);
	return img;
}

static void
test_mbr(void)
{
	const struct part_format *f = &part_format_mbr;
	size_t len = MBR_SECTORS * 512;
	unsigned char *img = mbr_image();
	struct walk w;

	tap_check(f->detect(img, len) && !part_format_gpt.detect(img, len),
	    "MBR is detected, and not as GPT");
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 5 &&
	    part_is(&w, 0, 10 * 512, 10 * 512, "partition", "1") &&
	    part_is(&w, 1, 20 * 512, 80 * 512, "extended", "2") &&
	    part_is(&w, 2, 100 * 512, 10 * 512, "partition", "4") &&
	    part_is(&w, 3, 22 * 512, 8 * 512, "partition", "5") &&
	    part_is(&w, 4, 41 * 512, 9 * 512, "partition", "6"),
	    "MBR: primaries 1, 2 (extended), 4, logicals 5 and 6 (%d, %zu, %s)",
	    (int)w.result, w.count, w.why);
	expect_robust(f, img, len, 997, 512, "MBR with logicals");

	/* The second EBR links back to the first, then to itself. */
	mbr_put(img + 40 * 512, 1, 0x05, 0, 1);
	expect_invalid(f, img, len, "extended partitions loop", "an EBR "
	    "linking back to the first");
	mbr_put(img + 40 * 512, 1, 0x05, 20, 1);
	expect_invalid(f, img, len, "extended partitions loop", "an EBR "
	    "linking to itself");
	mbr_put(img, 1, 0x05, 0, 80);
	expect_invalid(f, img, len, "extended partitions loop", "an extended "
	    "partition at sector 0");
	free(img);

	/* A chain of 150 records, each linking to the next. */
	img = calloc(MBR_SECTORS, 512);
	mbr_put(img, 0, 0x0f, 10, 160);
	for (uint32_t i = 0; i < 150; i++)
		mbr_put(img + (10 + i) * 512, 1, 0x05, i + 1, 1);
	expect_invalid(f, img, len, "more than 128", "a chain of 150 EBRs");
	/* Cut at 100, with logicals: numbered on from 5. */
	memset(img + 110 * 512, 0, 512);
	for (uint32_t i = 0; i < 100; i++)
		mbr_put(img + (10 + i) * 512, 0, 0x83, 0, 0);
	mbr_put(img + 10 * 512, 0, 0x83, 1, 1);
	mbr_put(img + 109 * 512, 0, 0x07, 60, 2);
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 3 &&
	    part_is(&w, 0, 10 * 512, 160 * 512, "extended", "1") &&
	    part_is(&w, 1, 11 * 512, 512, "partition", "5") &&
	    part_is(&w, 2, 169 * 512, 1024, "partition", "6"),
	    "MBR: a chain of 100 EBRs ends at one without a signature "
	    "(%d, %zu, %s)", (int)w.result, w.count, w.why);
	mbr_put(img + 109 * 512, 0, 0x07, 90, 2);
	expect_invalid(f, img, len, "partition 6 ends past", "a logical "
	    "past the end");
	expect_stop_ok(f, img, len, "a logical past the end");
	mbr_put(img + 109 * 512, 0, 0x07, 60, 2);
	mbr_put(img + 109 * 512, 1, 0x05, 0xfffffff0u, 1);
	expect_invalid(f, img, len, "table past the end", "an EBR past the "
	    "end");
	free(img);

	img = calloc(MBR_SECTORS, 512);
	mbr_put(img, 2, 0x0c, 0xffffffffu, 0xffffffffu);
	expect_invalid(f, img, len, "partition 3 ends past", "a primary of "
	    "2^32 - 1 sectors at 2^32 - 1");
	mbr_put(img, 2, 0x00, 0, 0);
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 0, "MBR: an empty table "
	    "has no parts");
	img[446] = 0x12;
	tap_check(!f->detect(img, len), "MBR: a boot flag other than 0 or "
	    "0x80 is boot code, not a table");
	free(img);
}

/* --- ELF ----------------------------------------------------------------- */

/*
 * An ELF file: header, .text (8 bytes), .bss (NOBITS), a section with
 * control bytes in its name, .shstrtab, then the section headers.
 */
static const char elf_names[] = "\0.text\0.bss\0\001a\nb\0.shstrtab";

struct elf_layout {
	bool wide, big;
	size_t len, shoff, entsize;
	unsigned char bytes[1024];
};

static void
elf_put(struct elf_layout *e, size_t at, uint64_t v, int width)
{
	if (e->big)
		put_be(e->bytes + at, v, width);
	else
		put_le(e->bytes + at, v, width);
}

/* Section i's header: name, type, offset, size, link. */
static void
elf_shdr(struct elf_layout *e, size_t i, uint32_t name, uint32_t type,
    uint64_t offset, uint64_t size, uint32_t link)
{
	size_t h = e->shoff + i * e->entsize;
	int aw = e->wide ? 8 : 4;

	elf_put(e, h, name, 4);
	elf_put(e, h + 4, type, 4);
	elf_put(e, h + (e->wide ? 24 : 16), offset, aw);
	elf_put(e, h + (e->wide ? 32 : 20), size, aw);
	elf_put(e, h + (e->wide ? 40 : 24), link, 4);
}

static void
elf_build(struct elf_layout *e, bool wide, bool big)
{
	memset(e, 0, sizeof *e);
	e->wide = wide;
	e->big = big;
	e->entsize = wide ? 64 : 40;
	e->shoff = 256;
	e->len = e->shoff + 5 * e->entsize;
	memcpy(e->bytes, "\177ELF", 4);
	e->bytes[4] = wide ? 2 : 1;
	e->bytes[5] = big ? 2 : 1;
	e->bytes[6] = 1;
	memcpy(e->bytes + 100, "TEXTTEXT", 8);
	memcpy(e->bytes + 120, elf_names, sizeof elf_names);
	elf_put(e, wide ? 0x28 : 0x20, e->shoff, wide ? 8 : 4);
	elf_put(e, wide ? 0x3a : 0x2e, e->entsize, 2);
	elf_put(e, wide ? 0x3c : 0x30, 5, 2);
	elf_put(e, wide ? 0x3e : 0x32, 4, 2);
	elf_shdr(e, 1, 1, 1, 100, 8, 0);
	elf_shdr(e, 2, 7, 8, 108, 4096, 0);
	elf_shdr(e, 3, 12, 1, 110, 2, 0);
	elf_shdr(e, 4, 17, 3, 120, sizeof elf_names, 0);
}

static void
test_elf_layout(bool wide, bool big)
{
	const struct part_format *f = &part_format_elf;
	struct elf_layout e;
	struct walk w;
	char what[32];

	snprintf(what, sizeof what, "ELF%d%s", wide ? 64 : 32,
	    big ? "MSB" : "LSB");
	elf_build(&e, wide, big);
	tap_check(f->detect(e.bytes, e.len), "%s is detected", what);
	walk(f, e.bytes, e.len, &w);
	tap_check(w.result == PARTS_OK && w.count == 4 &&
	    part_is(&w, 0, 100, 8, "section", ".text") &&
	    part_is(&w, 1, 108, 0, "section", ".bss") &&
	    part_is(&w, 2, 110, 2, "section", "\001a\nb") &&
	    part_is(&w, 3, 120, sizeof elf_names, "section", ".shstrtab"),
	    "%s: sections by name, NOBITS empty, control bytes kept (%d, %zu, "
	    "%s)", what, (int)w.result, w.count, w.why);
	expect_robust(f, e.bytes, e.len, 1, 1, what);

	/* Extended numbering: count and string table from section 0. */
	elf_put(&e, wide ? 0x3c : 0x30, 0, 2);
	elf_put(&e, wide ? 0x3e : 0x32, 0xffff, 2);
	elf_shdr(&e, 0, 0, 0, 0, 5, 4);
	walk(f, e.bytes, e.len, &w);
	tap_check(w.result == PARTS_OK && w.count == 4 &&
	    part_is(&w, 3, 120, sizeof elf_names, "section", ".shstrtab"),
	    "%s: e_shnum 0 and SHN_XINDEX read from section 0 (%d, %zu, %s)",
	    what, (int)w.result, w.count, w.why);
	elf_shdr(&e, 0, 0, 0, 0, UINT32_MAX, 4);
	expect_invalid(f, e.bytes, e.len, "section headers end past",
	    "a section count of 2^32 - 1 in section 0");

	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x3c : 0x30, 0xffff, 2);
	expect_invalid(f, e.bytes, e.len, "section headers end past",
	    "65535 sections");
	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x28 : 0x20, wide ? UINT64_MAX - 8 : UINT32_MAX - 8,
	    wide ? 8 : 4);
	expect_invalid(f, e.bytes, e.len, "section headers end past",
	    "section headers at the top of the address space");
	elf_build(&e, wide, big);
	elf_shdr(&e, 1, 1, 1, 100, wide ? UINT64_MAX : UINT32_MAX, 0);
	expect_invalid(f, e.bytes, e.len, "section 1 ends past",
	    "a section of the largest size");
	elf_build(&e, wide, big);
	elf_shdr(&e, 3, sizeof elf_names, 1, 110, 2, 0);
	expect_invalid(f, e.bytes, e.len, "past the end of its table",
	    "a name past its table");
	elf_build(&e, wide, big);
	elf_shdr(&e, 4, 17, 3, 120, sizeof elf_names - 1, 0);
	expect_invalid(f, e.bytes, e.len, "is not ended",
	    "a name table whose last name has no NUL");
	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x3e : 0x32, 9, 2);
	expect_invalid(f, e.bytes, e.len, "past the last section",
	    "a name table index past the last section");
	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x3a : 0x2e, wide ? 56 : 32, 2);
	expect_invalid(f, e.bytes, e.len, "section header size",
	    "section headers smaller than the format's");
	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x3e : 0x32, 0, 2);
	walk(f, e.bytes, e.len, &w);
	tap_check(w.result == PARTS_OK && w.count == 4 &&
	    part_is(&w, 0, 100, 8, "section", ""), "%s: without a name table "
	    "the names are empty", what);
	elf_build(&e, wide, big);
	elf_put(&e, wide ? 0x28 : 0x20, 0, wide ? 8 : 4);
	walk(f, e.bytes, e.len, &w);
	tap_check(w.result == PARTS_OK && w.count == 0, "%s: no section "
	    "header table, no sections", what);
}

static void
test_elf(void)
{
	test_elf_layout(true, false);
	test_elf_layout(true, true);
	test_elf_layout(false, false);
	test_elf_layout(false, true);
	tap_check(!part_format_elf.detect((const unsigned char *)"\177ELF\003"
	    "\001\001\0\0\0\0\0\0\0\0\0", 16), "ELF: a class of 3 is not ELF");
}

/* --- safetensors ------------------------------------------------------- */

/* A safetensors file of header json and data bytes of data_len. */
static size_t
st_build(unsigned char *out, size_t room, const char *json, size_t data_len)
{
	size_t n = strlen(json);

	if (8 + n + data_len > room)
		abort();
	put_le(out, n, 8);
	memcpy(out + 8, json, n);
	for (size_t i = 0; i < data_len; i++)
		out[8 + n + i] = (unsigned char)i;
	return 8 + n + data_len;
}

static void
st_invalid(const char *json, size_t data_len, const char *why,
    const char *what)
{
	unsigned char img[4096];
	size_t len = st_build(img, sizeof img, json, data_len);

	expect_invalid(&part_format_safetensors, img, len, why, what);
}

static void
test_safetensors(void)
{
	const struct part_format *f = &part_format_safetensors;
	static const char json[] = "{\"__metadata__\":{\"format\":\"pt\","
	    "\"n\":[1,{\"x\":[]}]},"
	    "\"b.w\":{\"dtype\":\"F32\",\"shape\":[2,2],"
	    "\"data_offsets\":[16,32]},"
	    " \"a\\\"q\\u00e9\" : { \"data_offsets\" : [ 0 , 16 ] ,"
	    " \"dtype\" : \"F16\", \"shape\" : [ 8 ] , \"x\": -1.5e+3 },"
	    "\"empty\":{\"dtype\":\"F32\",\"shape\":[0],"
	    "\"data_offsets\":[32,32]}}   ";
	unsigned char img[4096], deep[512];
	size_t len = st_build(img, sizeof img, json, 32), n;
	uint64_t data = 8 + sizeof json - 1;
	struct walk w;

	tap_check(f->detect(img, len), "safetensors is detected");
	walk(f, img, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 3 &&
	    part_is(&w, 0, data + 16, 16, "tensor", "b.w") &&
	    part_is(&w, 1, data, 16, "tensor", "a\\\"q\\u00e9") &&
	    part_is(&w, 2, data + 32, 0, "tensor", "empty"),
	    "safetensors: tensors in header order, keys as stored, metadata "
	    "passed over (%d, %zu, %s)", (int)w.result, w.count, w.why);
	expect_robust(f, img, len, 1, 1, "safetensors");

	put_le(img, UINT64_C(1) << 63, 8);
	expect_invalid(f, img, len, "header length 9223372036854775808 past",
	    "a header length of 2^63");
	put_le(img, UINT64_MAX, 8);
	expect_invalid(f, img, len, "past the end", "a header length of "
	    "2^64 - 1");
	st_invalid("{\"t\":{\"data_offsets\":[0,33]}}", 32, "ends past",
	    "a tensor one byte past the end");
	n = st_build(deep, sizeof deep, "{\"t\":{\"data_offsets\":[0,8]},"
	    "\"u\":{\"data_offsets\":[0,-1]}}", 32);
	expect_invalid(f, deep, n, "bad JSON", "a second tensor of bad JSON");
	expect_stop_ok(f, deep, n, "a second tensor of bad JSON");
	st_invalid("{\"t\":{\"data_offsets\":[0,18446744073709551615]}}", 32,
	    "ends past", "a tensor ending at 2^64 - 1");
	st_invalid("{\"t\":{\"data_offsets\":[0,18446744073709551616]}}", 32,
	    "bad JSON", "an offset of 2^64");
	st_invalid("{\"t\":{\"data_offsets\":[9,8]}}", 32,
	    "ends before it begins", "a tensor ending before it begins");
	st_invalid("{\"t\":{\"data_offsets\":[0,-8]}}", 32, "bad JSON",
	    "a negative offset");
	st_invalid("{\"t\":{\"data_offsets\":[0,8.0]}}", 32, "bad JSON",
	    "a fractional offset");
	st_invalid("{\"t\":{\"data_offsets\":[0,08]}}", 32, "bad JSON",
	    "an offset with a leading zero");
	st_invalid("{\"t\":{\"dtype\":\"F32\"}}", 32, "without data_offsets",
	    "a tensor without offsets");
	st_invalid("{\"t\":{\"data_offsets\":[0,8],\"data_offsets\":[0,8]}}",
	    32, "bad JSON", "offsets given twice");
	st_invalid("{\"t\":[0,8]}", 32, "bad JSON", "a tensor that is not an "
	    "object");
	st_invalid("{\"t\":{\"data_offsets\":[0,8]},}", 32, "bad JSON",
	    "a trailing comma");
	st_invalid("{\"t\":{\"data_offsets\":[0,8]}} x", 32, "after the "
	    "header", "bytes after the object");
	st_invalid("{\"a\nb\":{\"data_offsets\":[0,8]}}", 32, "bad JSON",
	    "a raw newline in a name");
	st_invalid("{\"a\\xb\":{\"data_offsets\":[0,8]}}", 32, "bad JSON",
	    "an unknown escape");
	st_invalid("{\"a\\u12\":{\"data_offsets\":[0,8]}}", 32, "bad JSON",
	    "a short \\u escape");
	st_invalid("{\"__metadata__\":{\"a\":tru}}", 32, "bad JSON",
	    "a misspelt literal");
	st_invalid("{\"t\":{\"data_offsets\":[0,8]}", 32, "bad JSON",
	    "an unclosed object");
	st_invalid("", 32, "not a JSON object", "an empty header");

	/* Nesting: 64 arrays inside a tensor's object pass, 65 do not. */
	for (int depth = 64; depth <= 65; depth++) {
		char text[400];

		n = (size_t)snprintf(text, sizeof text, "{\"t\":{\"x\":");
		for (int i = 0; i < depth; i++)
			text[n++] = '[';
		for (int i = 0; i < depth; i++)
			text[n++] = ']';
		snprintf(text + n, sizeof text - n, ",\"data_offsets\":[0,8]}}");
		len = st_build(deep, sizeof deep, text, 8);
		walk(f, deep, len, &w);
		tap_check(depth == 64 ? w.result == PARTS_OK && w.count == 1 :
		    w.result == PARTS_INVALID, "safetensors: %d nested arrays "
		    "are %s", depth, depth == 64 ? "read" : "refused");
	}
	n = st_build(deep, sizeof deep, "{}", 0);
	walk(f, deep, n, &w);
	tap_check(w.result == PARTS_OK && w.count == 0, "safetensors: {} "
	    "has no tensors");
	tap_check(!f->detect((const unsigned char *)"\2\0\0\0\0\0\0\0[]", 10),
	    "safetensors: a header that does not begin with { is not one");
}

/* --- GGUF ---------------------------------------------------------------- */

struct gguf_out {
	unsigned char bytes[8192];
	size_t len;
};

static void
g_u32(struct gguf_out *g, uint64_t v)
{
	put_le(g->bytes + g->len, v, 4);
	g->len += 4;
}

static void
g_u64(struct gguf_out *g, uint64_t v)
{
	put_le(g->bytes + g->len, v, 8);
	g->len += 8;
}

static void
g_str(struct gguf_out *g, const char *s, size_t n)
{
	g_u64(g, n);
	memcpy(g->bytes + g->len, s, n);
	g->len += n;
}

static void
g_tensor(struct gguf_out *g, const char *name, size_t name_len,
    uint32_t n_dims, const uint64_t *dims, uint32_t type, uint64_t offset)
{
	g_str(g, name, name_len);
	g_u32(g, n_dims);
	for (uint32_t i = 0; i < n_dims; i++)
		g_u64(g, dims[i]);
	g_u32(g, type);
	g_u64(g, offset);
}

/*
 * A GGUF v3 file with key/values of every kind (alignment as given, or
 * none when 0) and three tensors: F32 [4, 2] at 0, Q4_0 [64] at
 * align_up(32), "\001x" Q6_K [256] after it, then data_pad bytes.
 */
static size_t
gguf_build(struct gguf_out *g, uint32_t version, uint32_t alignment,
    uint64_t *data)
{
	static const uint64_t f32_dims[] = { 4, 2 }, q4_dims[] = { 64 },
	    q6_dims[] = { 256 };
	uint64_t a = alignment ? alignment : 32, q4_at = (32 + a - 1) / a * a;
	uint64_t q6_at = (q4_at + 36 + a - 1) / a * a;

	memset(g, 0, sizeof *g);
	memcpy(g->bytes, "GGUF", 4);
	g->len = 4;
	g_u32(g, version);
	g_u64(g, 3);
	g_u64(g, alignment ? 5 : 4);
	g_str(g, "general.name", 12);
	g_u32(g, 8);
	g_str(g, "tiny", 4);
	g_str(g, "a.u8", 4);
	g_u32(g, 0);
	g->bytes[g->len++] = 7;
	g_str(g, "a.strings", 9);
	g_u32(g, 9);
	g_u32(g, 8);
	g_u64(g, 2);
	g_str(g, "x", 1);
	g_str(g, "yz", 2);
	g_str(g, "a.nested", 8);
	g_u32(g, 9);
	g_u32(g, 9);
	g_u64(g, 2);
	g_u32(g, 12);
	g_u64(g, 1);
	g_u64(g, 0x3ff0000000000000);
	g_u32(g, 6);
	g_u64(g, 0);
	if (alignment) {
		g_str(g, "general.alignment", 17);
		g_u32(g, 4);
		g_u32(g, alignment);
	}
	g_tensor(g, "w.f32", 5, 2, f32_dims, 0, 0);
	g_tensor(g, "w.q4", 4, 1, q4_dims, 2, q4_at);
	g_tensor(g, "\001x", 2, 1, q6_dims, 14, q6_at);
	*data = (g->len + a - 1) / a * a;
	g->len = (size_t)(*data + q6_at + 210);
	return g->len;
}

static void
test_gguf(void)
{
	const struct part_format *f = &part_format_gguf;
	static struct gguf_out g;
	static const uint64_t big_dims[] = { UINT64_C(1) << 32,
	    UINT64_C(1) << 32 }, odd[] = { 33 }, five[5] = { 1, 1, 1, 1, 1 };
	uint64_t data;
	size_t len, end;
	struct walk w;

	for (uint32_t a = 0; a <= 64; a += 64) {
		len = gguf_build(&g, 3, a, &data);
		tap_check(f->detect(g.bytes, len), "GGUF is detected");
		walk(f, g.bytes, len, &w);
		tap_check(w.result == PARTS_OK && w.count == 3 &&
		    data % (a ? a : 32) == 0 &&
		    part_is(&w, 0, data, 32, "tensor", "w.f32") &&
		    part_is(&w, 1, data + (a ? 64 : 32), 36, "tensor", "w.q4") &&
		    part_is(&w, 2, data + (a ? 128 : 96), 210, "tensor", "\001x"),
		    "GGUF: alignment %u: three tensors at the aligned data "
		    "(%d, %zu, %s)", a ? a : 32, (int)w.result, w.count, w.why);
	}
	expect_robust(f, g.bytes, len, 1, 1, "GGUF v3");
	len = gguf_build(&g, 2, 0, &data);
	walk(f, g.bytes, len, &w);
	tap_check(w.result == PARTS_OK && w.count == 3, "GGUF: version 2 reads "
	    "as 3 does");
	len = gguf_build(&g, 1, 0, &data);
	expect_invalid(f, g.bytes, len, "version 1", "version 1");
	len = gguf_build(&g, 3, 0, &data);
	expect_invalid(f, g.bytes, len - 1, "ends past", "a file one byte "
	    "short");
	expect_stop_ok(f, g.bytes, len - 1, "a file one byte short");
	for (uint32_t bad = 0; bad <= 48; bad += 48) {
		len = gguf_build(&g, 3, 64, &data);
		/* The alignment's value is the 4 bytes before the first tensor. */
		end = 24;
		for (size_t i = 0; i + 17 < len; i++)
			if (memcmp(g.bytes + i, "general.alignment", 17) == 0)
				end = i + 17 + 4;
		put_le(g.bytes + end, bad, 4);
		expect_invalid(f, g.bytes, len, "not a power of two",
		    bad ? "an alignment of 48" : "an alignment of 0");
	}
	len = gguf_build(&g, 3, 64, &data);
	g.bytes[end - 4] = 5;
	expect_invalid(f, g.bytes, len, "not a uint32", "an int32 alignment");

	/* One tensor after the key/values of the fixture, each bad its way. */
	struct {
		uint32_t n_dims, type;
		const uint64_t *dims;
		uint64_t offset;
		const char *why, *what;
	} bad[] = {
		{ 2, 0, big_dims, 0, "overflows", "2^64 values" },
		{ 1, 2, odd, 0, "not whole blocks of 32", "a Q4_0 row of 33" },
		{ 1, 4, odd, 0, "ggml type 4 unknown", "a retired type" },
		{ 1, 1000, odd, 0, "ggml type 1000 unknown", "type 1000" },
		{ 5, 0, five, 0, "5 dimensions", "five dimensions" },
		{ 1, 0, odd, 8, "not a multiple", "an offset of 8" },
		{ 1, 0, odd, UINT64_MAX - 31, "past the end", "an offset of "
		    "2^64 - 32" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		len = gguf_build(&g, 3, 0, &data);
		put_le(g.bytes + 8, 1, 8);
		g.len = 16;
		g_u64(&g, 0);
		g_tensor(&g, "t", 1, bad[i].n_dims, bad[i].dims, bad[i].type,
		    bad[i].offset);
		memset(g.bytes + g.len, 0, 512);
		expect_invalid(f, g.bytes, g.len + 512, bad[i].why, bad[i].what);
	}

	/* Key/values that claim more than the file holds. */
	memset(&g, 0, sizeof g);
	memcpy(g.bytes, "GGUF", 4);
	g.len = 4;
	g_u32(&g, 3);
	g_u64(&g, 0);
	g_u64(&g, UINT64_MAX);
	g_str(&g, "k", 1);
	g_u32(&g, 9);
	g_u32(&g, 12);
	g_u64(&g, UINT64_C(1) << 61);
	expect_invalid(f, g.bytes, g.len + 64, "ends past", "an array of "
	    "2^61 doubles");
	g.len -= 12;
	g_u32(&g, 8);
	g_u64(&g, UINT64_MAX);
	expect_invalid(f, g.bytes, g.len + 64, "ends past", "an array of "
	    "2^64 - 1 strings");
	g.len -= 12;
	g_u32(&g, 13);
	g_u64(&g, 1);
	expect_invalid(f, g.bytes, g.len + 64, "value type 13", "an array of "
	    "type 13");
	g.len -= 12;
	for (int levels = 8; levels <= 9; levels++) {
		struct gguf_out nest = g;

		for (int i = 1; i < levels; i++) {
			g_u32(&nest, 9);
			g_u64(&nest, 1);
		}
		g_u32(&nest, 0);
		g_u64(&nest, 0);
		walk(f, nest.bytes, nest.len, &w);
		tap_check(levels == 8 ? w.result == PARTS_INVALID &&
		    strstr(w.why, "ends past") != NULL :
		    w.result == PARTS_INVALID && strstr(w.why, "nested more "
		    "than 8") != NULL, "GGUF: %d levels of arrays are %s (%s)",
		    levels, levels == 8 ? "read" : "refused", w.why);
	}
	g.len = 16;
	g_u64(&g, 1);
	g_str(&g, "k", 1);
	g_u32(&g, 8);
	g_u64(&g, UINT64_C(1) << 63);
	expect_invalid(f, g.bytes, g.len + 64, "ends past", "a string of "
	    "2^63 bytes");
}

int
main(void)
{
	test_gpt_sector(512);
	test_gpt_sector(4096);
	test_mbr();
	test_elf();
	test_safetensors();
	test_gguf();
	return tap_done();
}
