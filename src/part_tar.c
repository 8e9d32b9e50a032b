/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_tar.c - the regular members of a tar archive (POSIX ustar and pax,
 * GNU), by their stored path.
 *
 * An archive is a run of 512-byte headers, each followed by its data
 * padded to 512 bytes.  The path is the GNU long name ('L' entry before
 * the header) if any, else the pax "path" record ('x' entry), else the
 * ustar prefix and name.  Sizes are octal, or base-256 for large ones, or
 * the pax "size" record.  Directories, links and devices are not listed;
 * GNU sparse members ('S', or pax GNU.sparse.* records) are listed with
 * KIND sparse: their stored bytes are not the file.  Two zero blocks (or
 * the end of the file at a header's place) end the archive.
 */
#include "config.h"

#include "part_bytes.h"
#include "part_tar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define BLOCK 512u

/* Fields of a header: offset and width. */
enum {
	NAME_AT = 0, NAME_LEN = 100,
	SIZE_AT = 124, SIZE_LEN = 12,
	CHKSUM_AT = 148, CHKSUM_LEN = 8,
	TYPE_AT = 156,
	MAGIC_AT = 257,
	PREFIX_AT = 345, PREFIX_LEN = 155,
	GNU_EXTENDED_AT = 482	/* 'S': more sparse map blocks follow */
};

/* POSIX: "ustar", NUL, "00"; GNU: "ustar  ", NUL (its own header). */
static const char posix_magic[] = "ustar";

static bool
tar_detect(const unsigned char *bytes, size_t len)
{
	return len >= BLOCK &&
	    memcmp(bytes + MAGIC_AT, posix_magic, sizeof posix_magic - 1) == 0;
}

/* What the headers before a member said about it. */
struct pending {
	const unsigned char *long_name;	/* GNU 'L', or NULL */
	size_t long_name_len;
	const unsigned char *pax_path;	/* pax path=, or NULL */
	size_t pax_path_len;
	const unsigned char *sparse_name;	/* pax GNU.sparse.name= */
	size_t sparse_name_len;
	bool has_pax_size;
	uint64_t pax_size;
	bool sparse;		/* pax GNU.sparse.* */
};

struct walk {
	const unsigned char *bytes;
	size_t len;
	char *why;
	uint64_t header_at;	/* of the header being read, for messages */
};

/* Why the walk gives up, at the header it was reading. */
static enum parts_result
invalid(const struct walk *w, const char *reason)
{
	return part_invalid(w->why, "header at byte %" PRIu64 ": %s",
	    w->header_at, reason);
}

/* Octal digits, after spaces or NULs, up to a space or NUL. */
static bool
parse_octal(const unsigned char *f, size_t n, uint64_t *value)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < n && (f[i] == ' ' || f[i] == '\0'))
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > UINT64_MAX >> 3)
			return false;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return false;
	*value = v;
	return true;
}

/*
 * A numeric field: octal, or GNU's base-256 (first byte 0x80, then a
 * big-endian number; 0xff is a negative one, no size).
 */
static bool
parse_number(const unsigned char *f, size_t n, uint64_t *value)
{
	uint64_t v;
	size_t i;

	if (f[0] == 0xff)
		return false;
	if (f[0] != 0x80)
		return parse_octal(f, n, value);
	v = 0;
	for (i = 1; i < n; i++) {
		if (v >> 56 != 0)
			return false;
		v = v << 8 | f[i];
	}
	*value = v;
	return true;
}

/* A plain loop over whole bytes, which the compiler vectorizes. */
static uint32_t
sum_bytes(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/*
 * The header's checksum: its bytes summed with the field as spaces.  A
 * listing reads every header: the common sum is one pass over the block.
 */
static bool
checksum_matches(const unsigned char *h)
{
	uint64_t stored;
	int64_t signed_sum = 0;
	size_t i;

	if (!parse_octal(h + CHKSUM_AT, CHKSUM_LEN, &stored))
		return false;
	if (stored == (uint64_t)sum_bytes(h, BLOCK) -
	    sum_bytes(h + CHKSUM_AT, CHKSUM_LEN) + (uint64_t)CHKSUM_LEN * ' ')
		return true;
	/* Some old tars summed signed chars. */
	for (i = 0; i < BLOCK; i++)
		signed_sum += i >= CHKSUM_AT && i < CHKSUM_AT + CHKSUM_LEN ?
		    ' ' : (signed char)h[i];
	return (int64_t)stored == signed_sum;
}

static bool
all_zero(const unsigned char *h)
{
	size_t i;

	for (i = 0; i < BLOCK; i++)
		if (h[i] != 0)
			return false;
	return true;
}

static size_t
field_len(const unsigned char *f, size_t n)
{
	const unsigned char *nul = memchr(f, '\0', n);

	return nul != NULL ? (size_t)(nul - f) : n;
}

/* Decimal digits, all of n (a pax number); false on overflow. */
static bool
parse_decimal(const unsigned char *p, size_t n, uint64_t *value)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*value = v;
	return true;
}

static bool
starts_with(const unsigned char *p, size_t n, const char *word)
{
	size_t len = strlen(word);

	return n >= len && memcmp(p, word, len) == 0;
}

/* One pax record's key and value (value without its newline). */
static bool
take_pax_record(struct pending *p, const unsigned char *key, size_t key_len,
    const unsigned char *value, size_t value_len)
{

	if (key_len == 4 && memcmp(key, "path", 4) == 0) {
		p->pax_path = value;
		p->pax_path_len = value_len;
	} else if (key_len == 4 && memcmp(key, "size", 4) == 0) {
		if (!parse_decimal(value, value_len, &p->pax_size))
			return false;
		p->has_pax_size = true;
	} else if (starts_with(key, key_len, "GNU.sparse.")) {
		p->sparse = true;
		if (key_len == 15 && memcmp(key, "GNU.sparse.name", 15) == 0) {
			p->sparse_name = value;
			p->sparse_name_len = value_len;
		}
	}
	return true;
}

/*
 * The records of a pax extended header: "LEN KEY=VALUE\n", LEN counting
 * the whole record.  False when one is malformed or runs past the data.
 */
static bool
take_pax(struct pending *p, const unsigned char *data, uint64_t size)
{
	const unsigned char *r, *space, *eq;
	uint64_t at = 0, record;

	while (at < size) {
		r = data + at;
		space = memchr(r, ' ', (size_t)(size - at));
		if (space == NULL) {
			/* Trailing NUL padding is tolerated, as tar does. */
			return r[0] == '\0';
		}
		if (!parse_decimal(r, (size_t)(space - r), &record) ||
		    record <= (uint64_t)(space - r) + 1 ||
		    record > size - at || r[record - 1] != '\n')
			return false;
		eq = memchr(space + 1, '=', (size_t)(record - 1 -
		    (uint64_t)(space + 1 - r)));
		if (eq == NULL)
			return false;
		if (!take_pax_record(p, space + 1, (size_t)(eq - space - 1),
		    eq + 1, (size_t)(r + record - 1 - (eq + 1))))
			return false;
		at += record;
	}
	return true;
}

/* Bytes needed for size bytes of data padded to whole blocks. */
static bool
padded(uint64_t size, uint64_t *out)
{
	if (size > UINT64_MAX - (BLOCK - 1))
		return false;
	*out = (size + BLOCK - 1) / BLOCK * BLOCK;
	return true;
}

/* GNU 'S': map blocks that follow the header while "isextended" is set. */
static bool
skip_sparse_map(struct walk *w, uint64_t *pos)
{
	const unsigned char *h = w->bytes + w->header_at;
	bool more = h[GNU_EXTENDED_AT] != 0;

	while (more) {
		if (*pos > w->len || w->len - *pos < BLOCK)
			return false;
		more = w->bytes[*pos + 504] != 0;
		*pos += BLOCK;
	}
	return true;
}

/* The path a member goes by, in buf when ustar splits it in two. */
static void
member_name(const unsigned char *h, const struct pending *p, bool posix,
    unsigned char *buf, struct part *part)
{
	size_t prefix_len, name_len;

	if (p->sparse_name != NULL) {
		part->name = p->sparse_name;
		part->name_len = p->sparse_name_len;
	} else if (p->long_name != NULL) {
		part->name = p->long_name;
		part->name_len = p->long_name_len;
	} else if (p->pax_path != NULL) {
		part->name = p->pax_path;
		part->name_len = p->pax_path_len;
	} else {
		name_len = field_len(h + NAME_AT, NAME_LEN);
		/* GNU's header keeps other things where ustar's prefix is. */
		prefix_len = posix ? field_len(h + PREFIX_AT, PREFIX_LEN) : 0;
		if (prefix_len == 0) {
			part->name = h + NAME_AT;
			part->name_len = name_len;
			return;
		}
		memcpy(buf, h + PREFIX_AT, prefix_len);
		buf[prefix_len] = '/';
		memcpy(buf + prefix_len + 1, h + NAME_AT, name_len);
		part->name = buf;
		part->name_len = prefix_len + 1 + name_len;
	}
}

/* Type flags whose entries have no data, whatever their size says. */
static bool
has_no_data(unsigned char type)
{
	return type == '1' || type == '2' || type == '3' || type == '4' ||
	    type == '5' || type == '6';
}

static enum parts_result
tar_walk(const unsigned char *bytes, size_t len, part_visitor visit,
    void *ctx, char *why)
{
	struct walk w = { bytes, len, why, 0 };
	struct pending p;
	unsigned char joined[PREFIX_LEN + 1 + NAME_LEN];
	const unsigned char *h;
	unsigned char type;
	uint64_t pos = 0, size, data, room;
	struct part part;
	bool posix;

	memset(&p, 0, sizeof p);
	while (pos < len) {
		w.header_at = pos;
		if (len - pos < BLOCK)
			return invalid(&w, "cut short");
		h = bytes + pos;
		if (all_zero(h))
			return PARTS_OK;
		if (!checksum_matches(h))
			return invalid(&w, "bad checksum");
		if (!parse_number(h + SIZE_AT, SIZE_LEN, &size))
			return invalid(&w, "bad size");
		type = h[TYPE_AT];
		if (p.has_pax_size && type != 'x' && type != 'L' &&
		    type != 'K' && type != 'g')
			size = p.pax_size;
		if (has_no_data(type))
			size = 0;
		posix = memcmp(h + MAGIC_AT, posix_magic,
		    sizeof posix_magic) == 0;
		pos += BLOCK;
		if (type == 'S' && !skip_sparse_map(&w, &pos))
			return invalid(&w, "sparse map cut short");
		data = pos;
		if (size > len - data)
			return invalid(&w,
			    "data ends past the end of the file");
		if (!padded(size, &room))
			return invalid(&w, "bad size");
		/* The last member's padding may be missing: tar reads it so. */
		pos = room > len - data ? len : data + room;
		switch (type) {
		case 'L':
			p.long_name = bytes + data;
			p.long_name_len = field_len(bytes + data, (size_t)size);
			continue;
		case 'x':
			if (!take_pax(&p, bytes + data, size))
				return invalid(&w, "bad pax record");
			continue;
		case 'K':
		case 'g':
			continue;
		case '0':
		case '\0':
		case '7':
		case 'S':
			memset(&part, 0, sizeof part);
			part.offset = data;
			part.length = size;
			member_name(h, &p, posix, joined, &part);
			if (type == 'S' || p.sparse) {
				part.kind = "sparse";
				part.refusal = "a sparse member";
			} else {
				part.kind = "member";
			}
			if (!visit(ctx, &part))
				return PARTS_OK;
			break;
		default:
			break;
		}
		memset(&p, 0, sizeof p);
	}
	return PARTS_OK;
}

const struct part_format part_format_tar = {
	"tar", tar_detect, tar_walk
};
