/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_zip.c - the members of a zip archive, from its central directory.
 *
 * The end of central directory record is found by searching back from
 * the end of the file (a comment of up to 64 KiB may follow it); a ZIP64
 * locator just before it points to the ZIP64 record, whose counts and
 * offsets replace the 16- and 32-bit ones.  Each central directory entry
 * gives the member's method and compressed size (ZIP64 extra field where
 * they overflow) and where its local header is: the data begins after
 * that local header's own name and extra field, which may differ from the
 * central directory's.  Sizes come from the central directory, so data
 * descriptors (sizes written after the data) need nothing more.
 */
#include "config.h"

#include "part_bytes.h"
#include "part_zip.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
	EOCD_LEN = 22,
	EOCD_MAX_COMMENT = 0xffff,
	LOCATOR_LEN = 20,
	ZIP64_EOCD_LEN = 56,
	CENTRAL_LEN = 46,
	LOCAL_LEN = 30,
	ZIP64_EXTRA_ID = 0x0001,
	FLAG_ENCRYPTED = 0x0001
};

static bool
has_signature(const unsigned char *p, unsigned char third,
    unsigned char fourth)
{
	return p[0] == 'P' && p[1] == 'K' && p[2] == third && p[3] == fourth;
}

/* A local header first, or the end record of an empty archive. */
static bool
zip_detect(const unsigned char *bytes, size_t len)
{
	return len >= 4 && (has_signature(bytes, 3, 4) ||
	    (len >= EOCD_LEN && has_signature(bytes, 5, 6)));
}

/* Where the central directory is, and how many entries it holds. */
struct directory {
	uint64_t offset, size, entries;
};

/* The last end record whose comment ends within the file. */
static bool
find_eocd(const unsigned char *bytes, size_t len, size_t *at)
{
	size_t pos, lowest;

	if (len < EOCD_LEN)
		return false;
	lowest = len - EOCD_LEN > EOCD_MAX_COMMENT ?
	    len - EOCD_LEN - EOCD_MAX_COMMENT : 0;
	for (pos = len - EOCD_LEN;; pos--) {
		if (has_signature(bytes + pos, 5, 6) &&
		    part_le16(bytes + pos + 20) <= len - EOCD_LEN - pos) {
			*at = pos;
			return true;
		}
		if (pos == lowest)
			return false;
	}
}

/* The ZIP64 end record, where a locator precedes the end record. */
static enum parts_result
read_zip64(const unsigned char *bytes, size_t len, size_t eocd,
    struct directory *d, char *why)
{
	const unsigned char *loc = bytes + eocd - LOCATOR_LEN, *rec;
	uint64_t at = part_le64(loc + 8);

	if (part_le32(loc + 4) != 0 || part_le32(loc + 16) > 1)
		return part_invalid(why, "split across several disks");
	if (at > len || len - at < ZIP64_EOCD_LEN)
		return part_invalid(why,
		    "ZIP64 end record past the end of the file");
	rec = bytes + at;
	if (!has_signature(rec, 6, 6))
		return part_invalid(why,
		    "no ZIP64 end record where its locator points");
	if (part_le32(rec + 16) != 0 || part_le32(rec + 20) != 0)
		return part_invalid(why, "split across several disks");
	d->entries = part_le64(rec + 32);
	d->size = part_le64(rec + 40);
	d->offset = part_le64(rec + 48);
	if (d->offset > at || d->size > at - d->offset)
		return part_invalid(why, "central directory past the ZIP64 end "
		    "record");
	return PARTS_OK;
}

static enum parts_result
find_directory(const unsigned char *bytes, size_t len, struct directory *d,
    char *why)
{
	const unsigned char *e;
	size_t eocd;

	if (!find_eocd(bytes, len, &eocd))
		return part_invalid(why, "no end of central directory record");
	if (eocd >= LOCATOR_LEN &&
	    has_signature(bytes + eocd - LOCATOR_LEN, 6, 7))
		return read_zip64(bytes, len, eocd, d, why);
	e = bytes + eocd;
	if (part_le16(e + 4) != 0 || part_le16(e + 6) != 0 ||
	    part_le16(e + 8) != part_le16(e + 10))
		return part_invalid(why, "split across several disks");
	d->entries = part_le16(e + 10);
	d->size = part_le32(e + 12);
	d->offset = part_le32(e + 16);
	if (d->offset > eocd || d->size > eocd - d->offset)
		return part_invalid(why,
		    "central directory past its end record");
	return PARTS_OK;
}

/* One member as its central directory entry gives it. */
struct entry {
	uint16_t flags, method;
	uint64_t compressed, local;
	const unsigned char *name;
	size_t name_len;
};

/*
 * The ZIP64 extra field: the 64-bit values of the fields saturated in
 * the entry, in the order uncompressed, compressed, local offset.
 */
static bool
take_zip64_extra(const unsigned char *x, size_t len, uint32_t usize,
    uint32_t csize, uint32_t local, struct entry *e)
{
	size_t at = 0, id_len, v;

	while (len - at >= 4) {
		id_len = part_le16(x + at + 2);
		if (id_len > len - at - 4)
			return false;
		if (part_le16(x + at) == ZIP64_EXTRA_ID) {
			v = at + 4;
			if (usize == UINT32_MAX) {
				if (id_len < v - at - 4 + 8)
					return false;
				v += 8;
			}
			if (csize == UINT32_MAX) {
				if (id_len < v - at - 4 + 8)
					return false;
				e->compressed = part_le64(x + v);
				v += 8;
			}
			if (local == UINT32_MAX) {
				if (id_len < v - at - 4 + 8)
					return false;
				e->local = part_le64(x + v);
			}
			return true;
		}
		at += 4 + id_len;
	}
	return csize != UINT32_MAX && local != UINT32_MAX;
}

/* The entry at *pos of the directory, which ends at end; moves *pos. */
static const char *
read_entry(const unsigned char *bytes, uint64_t *pos, uint64_t end,
    struct entry *e)
{
	const unsigned char *c = bytes + *pos;
	size_t name_len, extra_len, comment_len;
	uint32_t csize, usize, local;

	if (end - *pos < CENTRAL_LEN || !has_signature(c, 1, 2))
		return "central directory entry cut short or missing";
	name_len = part_le16(c + 28);
	extra_len = part_le16(c + 30);
	comment_len = part_le16(c + 32);
	if (end - *pos - CENTRAL_LEN < name_len + extra_len + comment_len)
		return "central directory entry runs past the directory";
	e->flags = part_le16(c + 8);
	e->method = part_le16(c + 10);
	csize = part_le32(c + 20);
	usize = part_le32(c + 24);
	local = part_le32(c + 42);
	e->compressed = csize;
	e->local = local;
	e->name = c + CENTRAL_LEN;
	e->name_len = name_len;
	if (!take_zip64_extra(c + CENTRAL_LEN + name_len, extra_len, usize,
	    csize, local, e))
		return "bad ZIP64 extra field";
	*pos += CENTRAL_LEN + name_len + extra_len + comment_len;
	return NULL;
}

/* Where the data of e begins, after its local header; NULL or why not. */
static const char *
locate_data(const unsigned char *bytes, size_t len, const struct entry *e,
    uint64_t *data)
{
	const unsigned char *l;
	uint64_t after;

	if (e->local > len || len - e->local < LOCAL_LEN)
		return "local header past the end of the file";
	l = bytes + e->local;
	if (!has_signature(l, 3, 4))
		return "no local header where the directory points";
	after = e->local + LOCAL_LEN + part_le16(l + 26) + part_le16(l + 28);
	if (after > len || e->compressed > len - after)
		return "data ends past the end of the file";
	*data = after;
	return NULL;
}

static const char *
method_refusal(uint16_t method)
{
	switch (method) {
	case 8:
		return "compressed with deflate";
	case 9:
		return "compressed with deflate64";
	case 12:
		return "compressed with bzip2";
	case 14:
		return "compressed with lzma";
	case 93:
		return "compressed with zstd";
	case 95:
		return "compressed with xz";
	case 98:
		return "compressed with ppmd";
	default:
		return NULL;
	}
}

static enum parts_result
report_entry(char *why, uint64_t index, const char *reason)
{
	(void)snprintf(why, PARTS_WHY_MAX, "member %" PRIu64 ": %s", index,
	    reason);
	return PARTS_INVALID;
}

static enum parts_result
zip_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	char method_text[40];
	struct directory d = { 0, 0, 0 };
	struct entry e;
	struct part part;
	uint64_t pos, end, i, data;
	const char *reason;

	if (find_directory(bytes, len, &d, why) != PARTS_OK)
		return PARTS_INVALID;
	pos = d.offset;
	end = d.offset + d.size;
	for (i = 1; i <= d.entries; i++) {
		if ((reason = read_entry(bytes, &pos, end, &e)) != NULL ||
		    (reason = locate_data(bytes, len, &e, &data)) != NULL)
			return report_entry(why, i, reason);
		/* A directory: a name ending in '/', nothing stored. */
		if (e.name_len > 0 && e.name[e.name_len - 1] == '/' &&
		    e.compressed == 0)
			continue;
		memset(&part, 0, sizeof part);
		part.offset = data;
		part.length = e.compressed;
		part.name = e.name;
		part.name_len = e.name_len;
		part.kind = e.method == 0 ? "stored" : "compressed";
		if (e.flags & FLAG_ENCRYPTED) {
			part.refusal = "encrypted";
		} else if (e.method != 0) {
			part.refusal = method_refusal(e.method);
			if (part.refusal == NULL) {
				(void)snprintf(method_text, sizeof method_text,
				    "compressed with method %u",
				    (unsigned)e.method);
				part.refusal = method_text;
			}
		}
		if (!visit(ctx, &part))
			return PARTS_OK;
	}
	return PARTS_OK;
}

const struct part_format part_format_zip = {
	"zip", zip_detect, zip_walk
};
