/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_disk.c - the partitions of a disk image, named by their numbers
 * as Linux numbers them.
 *
 * GPT: the primary header at LBA 1 of 512- or 4096-byte sectors (where
 * its "EFI PART" is found), both its CRCs checked; every slot whose type
 * is not all zeros is partition slot + 1.  The backup header at the end
 * of the disk is not read: a damaged primary is an invalid table, not a
 * reason to guess.
 *
 * MBR (512-byte sectors): primaries 1-4, empty slots (type 0 or no
 * sectors) skipped; an extended primary (0x05, 0x0f, 0x85) is listed as
 * "extended" with the span its entry gives, then its chain of extended
 * boot records is walked, each logical numbered from 5 in the order of
 * the chain.  As in Linux, a record without the 0x55AA signature ends
 * the chain; a chain that comes back on itself or runs longer than
 * MBR_MAX_HOPS records is invalid.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "part_bytes.h"
#include "part_disk.h"

#define MBR_SECTOR 512
#define MBR_TABLE 446		/* four 16-byte entries */
#define MBR_MAX_HOPS 128

#define GPT_HEADER_MIN 92
#define GPT_ENTRY_MIN 128

/* Room for a partition number in decimal. */
#define DISK_NAME_MAX 24

static bool
visit_numbered(part_visitor visit, void *ctx, uint64_t number,
    uint64_t offset, uint64_t length, const char *kind)
{
	char name[DISK_NAME_MAX];
	int n = snprintf(name, sizeof name, "%" PRIu64, number);
	struct part part = {
		.offset = offset, .length = length, .kind = kind,
		.name = (const unsigned char *)name, .name_len = (size_t)n,
		.refusal = NULL
	};

	return visit(ctx, &part);
}

/*
 * Sectors [lba, lba + count) as bytes, if they lie inside the file:
 * *offset and *length.
 */
static bool
sectors_in_file(uint64_t lba, uint64_t count, uint64_t sector, size_t len,
    uint64_t *offset, uint64_t *length)
{
	if (part_mul_overflows(lba, sector, offset) ||
	    part_mul_overflows(count, sector, length))
		return false;
	return part_fits(*offset, *length, len);
}

/* --- GPT ----------------------------------------------------------- */

static const unsigned char gpt_signature[8] = "EFI PART";

static bool
gpt_header_at(const unsigned char *bytes, size_t len, size_t sector)
{
	return len >= 2 * (uint64_t)sector &&
	    memcmp(bytes + sector, gpt_signature, sizeof gpt_signature) == 0;
}

static bool
mbr_signed(const unsigned char *bytes, size_t len)
{
	return len >= MBR_SECTOR && bytes[510] == 0x55 && bytes[511] == 0xaa;
}

static bool
mbr_protective(const unsigned char *bytes, size_t len)
{
	if (!mbr_signed(bytes, len))
		return false;
	for (int i = 0; i < 4; i++)
		if (bytes[MBR_TABLE + 16 * i + 4] == 0xee)
			return true;
	return false;
}

static bool
gpt_detect(const unsigned char *bytes, size_t len)
{
	return gpt_header_at(bytes, len, 512) ||
	    gpt_header_at(bytes, len, 4096) || mbr_protective(bytes, len);
}

/* The CRC-32 of ISO-HDLC (zlib's, the one UEFI uses). */
static void
crc32_table(uint32_t table[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ c >> 1 : c >> 1;
		table[i] = c;
	}
}

static uint32_t
crc32_add(const uint32_t table[256], uint32_t crc, const unsigned char *p,
    uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ crc >> 8;
	return crc;
}

/* The header's CRC, taken with its own CRC field as zeros. */
static uint32_t
gpt_header_crc(const uint32_t table[256], const unsigned char *h,
    uint32_t size)
{
	static const unsigned char zeros[4];
	uint32_t crc = 0xffffffffu;

	crc = crc32_add(table, crc, h, 16);
	crc = crc32_add(table, crc, zeros, 4);
	crc = crc32_add(table, crc, h + 20, size - 20);
	return ~crc;
}

struct gpt {
	uint64_t sector;
	uint64_t entries;	/* byte offset of the entry array */
	uint32_t count, entry_size;
};

static enum parts_result
gpt_header(const unsigned char *bytes, size_t len, struct gpt *g,
    const uint32_t crc[256], char *why)
{
	const unsigned char *h;
	uint32_t size;
	uint64_t array;

	if (gpt_header_at(bytes, len, 512))
		g->sector = 512;
	else if (gpt_header_at(bytes, len, 4096))
		g->sector = 4096;
	else
		return part_invalid(why, "no GPT header at LBA 1");
	h = bytes + g->sector;
	size = part_le32(h + 12);
	if (size < GPT_HEADER_MIN || size > g->sector)
		return part_invalid(why, "header size %" PRIu32, size);
	if (gpt_header_crc(crc, h, size) != part_le32(h + 16))
		return part_invalid(why, "header CRC mismatch");
	if (part_le64(h + 24) != 1)
		return part_invalid(why, "header not at LBA 1");
	if (part_le64(h + 40) > part_le64(h + 48))
		return part_invalid(why, "first usable LBA past the last");
	g->count = part_le32(h + 80);
	g->entry_size = part_le32(h + 84);
	if (g->entry_size < GPT_ENTRY_MIN || g->entry_size % 8 != 0)
		return part_invalid(why, "partition entry size %" PRIu32,
		    g->entry_size);
	if (!sectors_in_file(part_le64(h + 72), 0, g->sector, len,
	    &g->entries, &array) ||
	    !part_fits(g->entries, (uint64_t)g->count * g->entry_size, len))
		return part_invalid(why,
		    "partition entries end past the end of the file");
	if (~crc32_add(crc, 0xffffffffu, bytes + g->entries,
	    (uint64_t)g->count * g->entry_size) != part_le32(h + 88))
		return part_invalid(why, "partition entries CRC mismatch");
	return PARTS_OK;
}

static bool
gpt_slot_used(const unsigned char *e)
{
	for (int i = 0; i < 16; i++)
		if (e[i] != 0)
			return true;
	return false;
}

static enum parts_result
gpt_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	uint32_t crc[256];
	struct gpt g = { 0 };
	enum parts_result r;

	crc32_table(crc);
	if ((r = gpt_header(bytes, len, &g, crc, why)) != PARTS_OK)
		return r;
	for (uint32_t i = 0; i < g.count; i++) {
		const unsigned char *e =
		    bytes + g.entries + (uint64_t)i * g.entry_size;
		uint64_t first = part_le64(e + 32), last = part_le64(e + 40);
		uint64_t offset, length;

		if (!gpt_slot_used(e))
			continue;
		if (last < first)
			return part_invalid(why, "partition %" PRIu64
			    " ends before it begins", (uint64_t)i + 1);
		if (last - first == UINT64_MAX ||
		    !sectors_in_file(first, last - first + 1, g.sector, len,
		    &offset, &length))
			return part_invalid(why, "partition %" PRIu64
			    " ends past the end of the file", (uint64_t)i + 1);
		if (!visit_numbered(visit, ctx, (uint64_t)i + 1, offset, length,
		    "partition"))
			return PARTS_OK;
	}
	return PARTS_OK;
}

const struct part_format part_format_gpt = {
	.name = "GPT", .detect = gpt_detect, .walk = gpt_walk
};

/* --- MBR ----------------------------------------------------------- */

static bool
mbr_extended_type(unsigned char type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* A table entry is boot flag 0x00 or 0x80; anything else is boot code. */
static bool
mbr_detect(const unsigned char *bytes, size_t len)
{
	if (!mbr_signed(bytes, len))
		return false;
	for (int i = 0; i < 4; i++) {
		unsigned char flag = bytes[MBR_TABLE + 16 * i];

		if (flag != 0x00 && flag != 0x80)
			return false;
	}
	return true;
}

/* One slot of a table: its type and sectors, or false when empty. */
static bool
mbr_entry(const unsigned char *table, int slot, unsigned char *type,
    uint64_t *start, uint64_t *count)
{
	const unsigned char *e = table + (size_t)16 * (size_t)slot;

	*type = e[4];
	*start = part_le32(e + 8);
	*count = part_le32(e + 12);
	return *type != 0 && *count != 0;
}

struct chain {
	uint64_t next_number;	/* of the next logical partition */
	uint64_t seen[MBR_MAX_HOPS];	/* sectors of the records walked */
	int hops;
	bool stop;		/* the visitor said stop */
};

static bool
chain_seen(const struct chain *c, uint64_t lba)
{
	for (int i = 0; i < c->hops; i++)
		if (c->seen[i] == lba)
			return true;
	return false;
}

/*
 * The logicals of the extended boot record at sector lba (byte offset
 * at); *linked says whether it links to another, at *next.  Data
 * entries start at this record, the link at the extended partition's
 * start (base).
 */
static enum parts_result
mbr_record(const unsigned char *bytes, size_t len, uint64_t base,
    uint64_t lba, uint64_t at, struct chain *c, part_visitor visit,
    void *ctx, bool *linked, uint64_t *next, char *why)
{
	const unsigned char *table = bytes + at + MBR_TABLE;

	*linked = false;
	for (int slot = 0; slot < 4; slot++) {
		unsigned char type;
		uint64_t start, count, offset, length;

		if (!mbr_entry(table, slot, &type, &start, &count))
			continue;
		if (mbr_extended_type(type)) {
			if (!*linked && start > UINT64_MAX - base)
				return part_invalid(why, "extended partition "
				    "table past the end of the file");
			if (!*linked)
				*next = base + start;
			*linked = true;
			continue;
		}
		if (!sectors_in_file(lba + start, count, MBR_SECTOR, len,
		    &offset, &length))
			return part_invalid(why, "partition %" PRIu64
			    " ends past the end of the file", c->next_number);
		if (!c->stop && !visit_numbered(visit, ctx, c->next_number,
		    offset, length, "partition"))
			c->stop = true;
		c->next_number++;
	}
	return PARTS_OK;
}

static enum parts_result
mbr_chain(const unsigned char *bytes, size_t len, uint64_t base,
    struct chain *c, part_visitor visit, void *ctx, char *why)
{
	uint64_t lba = base, offset, length;
	bool linked = true;

	while (linked && !c->stop) {
		enum parts_result r;

		/* Sector 0 is the MBR itself. */
		if (lba == 0 || chain_seen(c, lba))
			return part_invalid(why, "extended partitions loop");
		if (c->hops == MBR_MAX_HOPS)
			return part_invalid(why, "more than %d extended "
			    "partition tables", MBR_MAX_HOPS);
		if (!sectors_in_file(lba, 1, MBR_SECTOR, len, &offset,
		    &length))
			return part_invalid(why, "extended partition table "
			    "past the end of the file");
		if (!mbr_signed(bytes + offset, MBR_SECTOR))
			return PARTS_OK;
		c->seen[c->hops++] = lba;
		r = mbr_record(bytes, len, base, lba, offset, c, visit, ctx,
		    &linked, &lba, why);
		if (r != PARTS_OK)
			return r;
	}
	return PARTS_OK;
}

static enum parts_result
mbr_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	struct chain c = { .next_number = 5, .hops = 0, .stop = false };
	unsigned char type;
	uint64_t start, count, offset, length;
	enum parts_result r;

	if (!mbr_signed(bytes, len))
		return part_invalid(why, "no 0x55AA signature");
	for (int slot = 0; slot < 4; slot++) {
		if (!mbr_entry(bytes + MBR_TABLE, slot, &type, &start, &count))
			continue;
		if (!sectors_in_file(start, count, MBR_SECTOR, len, &offset,
		    &length))
			return part_invalid(why, "partition %d ends past the "
			    "end of the file", slot + 1);
		if (!visit_numbered(visit, ctx, (uint64_t)slot + 1, offset,
		    length, mbr_extended_type(type) ? "extended" :
		    "partition"))
			return PARTS_OK;
	}
	for (int slot = 0; slot < 4 && !c.stop; slot++) {
		if (!mbr_entry(bytes + MBR_TABLE, slot, &type, &start, &count) ||
		    !mbr_extended_type(type))
			continue;
		if ((r = mbr_chain(bytes, len, start, &c, visit, ctx, why)) !=
		    PARTS_OK)
			return r;
	}
	return PARTS_OK;
}

const struct part_format part_format_mbr = {
	.name = "MBR", .detect = mbr_detect, .walk = mbr_walk
};
