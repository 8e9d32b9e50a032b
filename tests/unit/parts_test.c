/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parts_test.c - unit tests of the archive formats of the table of
 * named parts (part_tar.c, part_zip.c, part_ar.c), printed as TAP.
 *
 * Each archive is written here, byte by byte, from the formats'
 * published layouts (POSIX pax and ustar, GNU tar's extensions, PKWARE's
 * APPNOTE, ar(5)), into a buffer of exactly its size, so that a read
 * past its end is a read past the allocation.  What a walk lists is
 * checked against what was written; every bad header must make the walk
 * say why, and a stopped walk must end well.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/part_ar.h"
#include "../../src/part_tar.h"
#include "../../src/part_zip.h"
#include "../../src/parts.h"
#include "tap.h"

/* An archive under construction. */
struct buf {
	unsigned char bytes[16384];
	size_t len;
};

static void
put(struct buf *b, const void *p, size_t n)
{
	if (n > sizeof b->bytes - b->len)
		abort();
	memcpy(b->bytes + b->len, p, n);
	b->len += n;
}

static void
put_zeros(struct buf *b, size_t n)
{
	if (n > sizeof b->bytes - b->len)
		abort();
	memset(b->bytes + b->len, 0, n);
	b->len += n;
}

static void
put_le16(struct buf *b, unsigned v)
{
	unsigned char p[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	put(b, p, 2);
}

static void
put_le32(struct buf *b, uint32_t v)
{
	put_le16(b, v & 0xffff);
	put_le16(b, v >> 16);
}

static void
put_le64(struct buf *b, uint64_t v)
{
	put_le32(b, (uint32_t)v);
	put_le32(b, (uint32_t)(v >> 32));
}

/* What a walk saw: the parts, one line each, and its result. */
struct seen {
	char text[4096];
	size_t len;
	size_t stop_after;	/* 0: never stop */
	size_t count;
};

static bool
record(void *ctx, const struct part *p)
{
	struct seen *s = ctx;
	int n;

	n = snprintf(s->text + s->len, sizeof s->text - s->len,
	    "%" PRIu64 " %" PRIu64 " %s %.*s%s%s\n", p->offset, p->length,
	    p->kind, (int)p->name_len, (const char *)p->name,
	    p->refusal != NULL ? " / " : "",
	    p->refusal != NULL ? p->refusal : "");
	if (n > 0 && (size_t)n < sizeof s->text - s->len)
		s->len += (size_t)n;
	s->count++;
	return s->stop_after == 0 || s->count < s->stop_after;
}

/*
 * Walk a copy of b of exactly its length with format f; expect the
 * listing (want_ok) or the reason (!want_ok).
 */
static void
expect_walk(const struct part_format *f, const struct buf *b,
    size_t stop_after, bool want_ok, const char *want, const char *what)
{
	unsigned char *copy = malloc(b->len > 0 ? b->len : 1);
	struct seen s = { .len = 0, .stop_after = stop_after };
	char why[PARTS_WHY_MAX] = "";
	enum parts_result r;

	if (copy == NULL)
		abort();
	memcpy(copy, b->bytes, b->len);
	s.text[0] = '\0';
	r = f->walk(copy, b->len, record, &s, why);
	if (want_ok) {
		tap_check(r == PARTS_OK && strcmp(s.text, want) == 0,
		    "%s %s: lists what was written", f->name, what);
		if (r != PARTS_OK || strcmp(s.text, want) != 0)
			tap_note("got %s (%s): %s; want: %s",
			    r == PARTS_OK ? "ok" : "invalid", why, s.text,
			    want);
	} else {
		tap_check(r == PARTS_INVALID && strcmp(why, want) == 0,
		    "%s %s: invalid, %s", f->name, what, want);
		if (r != PARTS_INVALID || strcmp(why, want) != 0)
			tap_note("got %s: '%s'", r == PARTS_OK ? "ok" : "invalid",
			    why);
	}
	free(copy);
}

/* --- tar --- */

struct tar_header {
	const char *name, *prefix;
	char type;
	uint64_t size;
	bool base256;		/* the size in GNU's base-256 */
	bool gnu;		/* GNU's magic, not POSIX's */
};

static void
tar_checksum(unsigned char *h)
{
	unsigned sum = 0;
	size_t i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	(void)snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

static void
tar_header(struct buf *b, const struct tar_header *t)
{
	unsigned char h[512];
	int i;

	memset(h, 0, sizeof h);
	memcpy(h, t->name, strlen(t->name));
	memcpy(h + 100, "0000644", 7);
	if (t->base256) {
		h[124] = 0x80;
		for (i = 0; i < 8; i++)
			h[135 - i] = (unsigned char)(t->size >> (8 * i));
	} else {
		(void)snprintf((char *)h + 124, 12, "%011" PRIo64, t->size);
	}
	h[156] = (unsigned char)t->type;
	memcpy(h + 257, t->gnu ? "ustar  " : "ustar\0" "00", 8);
	if (t->prefix != NULL)
		memcpy(h + 345, t->prefix, strlen(t->prefix));
	tar_checksum(h);
	put(b, h, sizeof h);
}

/* size bytes of data (the letter c), padded to a block. */
static void
tar_data(struct buf *b, size_t size, char c)
{
	unsigned char d[512];
	size_t n;

	memset(d, c, sizeof d);
	while (size > 0) {
		n = size < 512 ? size : 512;
		put(b, d, n);
		if (n < 512)
			put_zeros(b, 512 - n);
		size -= n;
	}
}

static void
tar_member(struct buf *b, const char *name, char type, size_t size)
{
	struct tar_header t = { .name = name, .type = type, .size = size };

	tar_header(b, &t);
	tar_data(b, size, 'x');
}

/* A pax extended header holding the records text. */
static void
tar_pax(struct buf *b, const char *records)
{
	struct tar_header t = { .name = "PaxHeader", .type = 'x',
	    .size = strlen(records) };

	tar_header(b, &t);
	put(b, records, strlen(records));
	put_zeros(b, 512 - strlen(records) % 512);
}

static void test_tar_extensions(void);

static void
test_tar(void)
{
	const struct part_format *f = &part_format_tar;
	struct tar_header t;
	struct buf b;

	b.len = 0;
	tar_member(&b, "a", '0', 5);
	tar_member(&b, "dir/", '5', 0);
	tar_member(&b, "link", '2', 0);
	tar_member(&b, "b", '\0', 600);
	put_zeros(&b, 1024);
	/* After the end: never read as a header. */
	put(&b, "garbage", 7);
	tap_check(f->detect(b.bytes, b.len), "tar: detected by its magic");
	expect_walk(f, &b, 0, true, "512 5 member a\n2560 600 member b\n",
	    "ustar, a directory and a link between");
	expect_walk(f, &b, 1, true, "512 5 member a\n", "stopped by its visitor");

	/* No end blocks, the last padding missing: as tar reads it. */
	b.len = 0;
	tar_member(&b, "a", '0', 5);
	b.len -= 507;
	expect_walk(f, &b, 0, true, "512 5 member a\n", "no end blocks, no padding");
	b.len -= 1;
	expect_walk(f, &b, 0, false, "header at byte 0: data ends past the end "
	    "of the file", "data cut short");

	b.len = 0;
	t = (struct tar_header){ .name = "name", .prefix = "pre/fix",
	    .type = '0', .size = 3 };
	tar_header(&b, &t);
	tar_data(&b, 3, 'y');
	expect_walk(f, &b, 0, true, "512 3 member pre/fix/name\n",
	    "ustar prefix and name");
	/* GNU's header keeps other fields where the prefix was. */
	b.len = 0;
	t.gnu = true;
	tar_header(&b, &t);
	tar_data(&b, 3, 'y');
	expect_walk(f, &b, 0, true, "512 3 member name\n",
	    "GNU: no prefix");

	b.len = 0;
	t = (struct tar_header){ .name = "big", .type = '0', .size = 700,
	    .base256 = true, .gnu = true };
	tar_header(&b, &t);
	tar_data(&b, 700, 'z');
	expect_walk(f, &b, 0, true, "512 700 member big\n", "base-256 size");
	b.bytes[124 + 1] = 0x01;	/* 2^88 and more: no uint64_t */
	tar_checksum(b.bytes);
	expect_walk(f, &b, 0, false, "header at byte 0: bad size",
	    "base-256 size past 64 bits");
	b.bytes[124] = 0xff;
	tar_checksum(b.bytes);
	expect_walk(f, &b, 0, false, "header at byte 0: bad size",
	    "negative base-256 size");

	b.len = 0;
	t = (struct tar_header){ .name = "a", .type = '0', .size = 0 };
	tar_header(&b, &t);
	memcpy(b.bytes + 124, "77777777777", 11);
	tar_checksum(b.bytes);
	expect_walk(f, &b, 0, false, "header at byte 0: data ends past the "
	    "end of the file", "octal size past the end");
	b.bytes[0] = 'b';
	expect_walk(f, &b, 0, false, "header at byte 0: bad checksum",
	    "checksum");
	/* Old tars summed signed chars: a byte of 0xe9 counts -23. */
	b.len = 0;
	tar_member(&b, "\xe9", '0', 1);
	memcpy(b.bytes + 148, "        ", 8);
	{
		int sum = 0, i;

		for (i = 0; i < 512; i++)
			sum += (signed char)b.bytes[i];
		(void)snprintf((char *)b.bytes + 148, 8, "%06o", sum);
	}
	expect_walk(f, &b, 0, true, "512 1 member \xe9\n",
	    "checksum of signed chars");
	b.len = 600;
	memset(b.bytes + 512, 0, 88);
	tar_checksum(b.bytes);
	memcpy(b.bytes + 124, "00000000000", 11);
	tar_checksum(b.bytes);
	expect_walk(f, &b, 0, false, "header at byte 512: cut short",
	    "a header cut short");

	test_tar_extensions();
}

/* GNU long names, pax records, sparse members. */
static void
test_tar_extensions(void)
{
	const struct part_format *f = &part_format_tar;
	char want[512];
	struct buf b;

	b.len = 0;
	tar_member(&b, "././@LongLink", 'L', 300);
	memset(b.bytes + 512, 'n', 299);
	b.bytes[512 + 299] = '\0';
	tar_member(&b, "nnnn", '0', 2);
	tar_member(&b, "after", '0', 1);
	(void)snprintf(want, sizeof want, "1536 2 member %.299s\n"
	    "2560 1 member after\n", b.bytes + 512);
	expect_walk(f, &b, 0, true, want, "GNU long name, for one member only");

	b.len = 0;
	tar_pax(&b, "18 path=some/path\n10 size=9\n");
	tar_member(&b, "short", '0', 9);
	expect_walk(f, &b, 0, true, "1536 9 member some/path\n",
	    "pax path and size");
	b.len = 0;
	/* The size record wins over the header's. */
	tar_pax(&b, "10 size=9\n");
	tar_member(&b, "s", '0', 9);
	memcpy(b.bytes + 1024 + 124, "00000000000", 11);
	tar_checksum(b.bytes + 1024);
	expect_walk(f, &b, 0, true, "1536 9 member s\n", "pax size record");
	b.len = 0;
	tar_pax(&b, "99 path=x\n");
	tar_member(&b, "s", '0', 1);
	expect_walk(f, &b, 0, false, "header at byte 0: bad pax record",
	    "pax record longer than its header");
	b.len = 0;
	tar_pax(&b, "29 size=99999999999999999999\n");
	tar_member(&b, "s", '0', 1);
	expect_walk(f, &b, 0, false, "header at byte 0: bad pax record",
	    "pax size past 64 bits");

	b.len = 0;
	tar_pax(&b, "22 GNU.sparse.major=1\n24 GNU.sparse.name=real\n");
	tar_member(&b, "GNUSparseFile.1/real", '0', 4);
	expect_walk(f, &b, 0, true, "1536 4 sparse real / a sparse member\n",
	    "pax sparse 1.0");
	b.len = 0;
	tar_member(&b, "old", 'S', 4);
	expect_walk(f, &b, 0, true, "512 4 sparse old / a sparse member\n",
	    "GNU sparse");
	/* More sparse map blocks follow while "isextended" is set. */
	b.bytes[482] = 1;
	tar_checksum(b.bytes);
	tar_data(&b, 4, 'd');
	expect_walk(f, &b, 0, true, "1024 4 sparse old / a sparse member\n",
	    "GNU sparse, one extension block");
	b.len = 512;
	expect_walk(f, &b, 0, false, "header at byte 0: sparse map cut short",
	    "GNU sparse, extension missing");
}

/* --- zip --- */

struct zip_member {
	const char *name;
	uint16_t method, flags;
	uint32_t size;
	uint16_t local_extra;	/* bytes of extra field in the local header */
	bool zip64;		/* sizes and offset in a ZIP64 extra field */
};

/* Local headers and data of n members; their offsets into at[]. */
static void
zip_locals(struct buf *b, const struct zip_member *m, size_t n,
    uint32_t *at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		at[i] = (uint32_t)b->len;
		put(b, "PK\3\4", 4);
		put_le16(b, 20);
		put_le16(b, m[i].flags);
		put_le16(b, m[i].method);
		put_le32(b, 0);
		put_le32(b, 0);		/* crc */
		put_le32(b, 0);		/* sizes: as with a data descriptor */
		put_le32(b, 0);
		put_le16(b, (unsigned)strlen(m[i].name));
		put_le16(b, m[i].local_extra);
		put(b, m[i].name, strlen(m[i].name));
		put_zeros(b, m[i].local_extra);
		put_zeros(b, m[i].size);
	}
}

static void
zip_central(struct buf *b, const struct zip_member *m, size_t n,
    const uint32_t *at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put(b, "PK\1\2", 4);
		put_le16(b, 20);
		put_le16(b, 20);
		put_le16(b, m[i].flags);
		put_le16(b, m[i].method);
		put_le32(b, 0);
		put_le32(b, 0);
		put_le32(b, m[i].zip64 ? UINT32_MAX : m[i].size);
		put_le32(b, m[i].zip64 ? UINT32_MAX : m[i].size);
		put_le16(b, (unsigned)strlen(m[i].name));
		put_le16(b, m[i].zip64 ? 28 : 0);
		put_le16(b, 0);
		put_le16(b, 0);
		put_le16(b, 0);
		put_le32(b, 0);
		put_le32(b, m[i].zip64 ? UINT32_MAX : at[i]);
		put(b, m[i].name, strlen(m[i].name));
		if (m[i].zip64) {
			put_le16(b, 1);
			put_le16(b, 24);
			put_le64(b, m[i].size);
			put_le64(b, m[i].size);
			put_le64(b, at[i]);
		}
	}
}

static void
zip_end(struct buf *b, size_t n, uint32_t cd, uint32_t cd_size,
    const char *comment)
{
	put(b, "PK\5\6", 4);
	put_le16(b, 0);
	put_le16(b, 0);
	put_le16(b, (unsigned)n);
	put_le16(b, (unsigned)n);
	put_le32(b, cd_size);
	put_le32(b, cd);
	put_le16(b, (unsigned)strlen(comment));
	put(b, comment, strlen(comment));
}

static void
zip_make(struct buf *b, const struct zip_member *m, size_t n,
    const char *comment)
{
	uint32_t at[8], cd;

	b->len = 0;
	zip_locals(b, m, n, at);
	cd = (uint32_t)b->len;
	zip_central(b, m, n, at);
	zip_end(b, n, cd, (uint32_t)b->len - cd, comment);
}

static void
test_zip(void)
{
	const struct part_format *f = &part_format_zip;
	const struct zip_member members[] = {
		{ .name = "stored", .size = 10, .local_extra = 9 },
		{ .name = "dir/", .size = 0 },
		{ .name = "deflated", .method = 8, .size = 7 },
		{ .name = "odd", .method = 77, .size = 1 },
		{ .name = "secret", .flags = 1, .size = 2 },
	};
	const struct zip_member big[] = {
		{ .name = "z64", .size = 5, .zip64 = true },
	};
	struct buf b;
	size_t end;

	zip_make(&b, members, 5, "a comment");
	tap_check(f->detect(b.bytes, b.len), "zip: detected by its magic");
	expect_walk(f, &b, 0, true,
	    "45 10 stored stored\n"
	    "127 7 compressed deflated / compressed with deflate\n"
	    "167 1 compressed odd / compressed with method 77\n"
	    "204 2 stored secret / encrypted\n",
	    "local extra fields, a directory, methods");
	/* A comment: the end record is found back from the end. */
	zip_make(&b, big, 1, "PK\5\6 inside the comment");
	expect_walk(f, &b, 0, true, "33 5 stored z64\n", "ZIP64 extra field");
	/*
	 * 64-bit values that overflow any sum: the extra field's data
	 * begins at 91 (central entry at 38, 46 bytes, a name of 3, an
	 * extra header of 4): sizes at 91 and 99, the local offset at 107.
	 */
	memset(b.bytes + 107, 0xff, 8);
	expect_walk(f, &b, 0, false, "member 1: local header past the end of "
	    "the file", "ZIP64 local offset of 2^64 - 1");
	zip_make(&b, big, 1, "");
	memset(b.bytes + 99, 0xff, 8);
	expect_walk(f, &b, 0, false, "member 1: data ends past the end of the "
	    "file", "ZIP64 size of 2^64 - 1");
	zip_make(&b, big, 1, "");
	b.bytes[38 + 30] = 27;	/* the extra field, shorter than its values */
	expect_walk(f, &b, 0, false, "member 1: bad ZIP64 extra field",
	    "ZIP64 extra field cut short");

	zip_make(&b, members, 1, "");
	b.len -= 1;
	expect_walk(f, &b, 0, false, "no end of central directory record",
	    "end record cut short");
	zip_make(&b, members, 1, "");
	b.bytes[b.len - 22 + 10] = 2;	/* two entries, room for one */
	b.bytes[b.len - 22 + 8] = 2;
	expect_walk(f, &b, 0, false, "member 2: central directory entry cut "
	    "short or missing", "more entries than the directory holds");
	zip_make(&b, members, 1, "");
	b.bytes[b.len - 22 + 16] = 0xff;
	b.bytes[b.len - 22 + 19] = 0xff;
	expect_walk(f, &b, 0, false, "central directory past its end record",
	    "directory offset past the end");
	zip_make(&b, members, 1, "");
	end = b.len - 22;
	/* The member's local offset, in its central entry at 55. */
	b.bytes[55 + 42] = 3;
	expect_walk(f, &b, 0, false, "member 1: no local header where the "
	    "directory points", "local offset to the wrong place");
	b.bytes[55 + 42 + 3] = 0x7f;
	expect_walk(f, &b, 0, false, "member 1: local header past the end of "
	    "the file", "local offset past the end");
	zip_make(&b, members, 1, "");
	b.bytes[55 + 20 + 3] = 0x7f;	/* compressed size */
	expect_walk(f, &b, 0, false, "member 1: data ends past the end of the "
	    "file", "size past the end");
	(void)end;

	/* A ZIP64 locator pointing past the end. */
	zip_make(&b, members, 1, "");
	end = b.len - 22;
	b.len = end;
	put(&b, "PK\6\7", 4);
	put_le32(&b, 0);
	put_le64(&b, 1u << 30);
	put_le32(&b, 1);
	zip_end(&b, 1, 55, (uint32_t)end - 55, "");
	expect_walk(f, &b, 0, false, "ZIP64 end record past the end of the "
	    "file", "ZIP64 locator past the end");
}

/* --- ar --- */

static void
ar_header(struct buf *b, const char *name, size_t size)
{
	char h[61];

	(void)snprintf(h, sizeof h, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name,
	    "0", "0", "0", "644", size);
	put(b, h, 60);
}

static void
ar_member(struct buf *b, const char *name, const char *data, size_t size)
{
	ar_header(b, name, size);
	put(b, data, size);
	if (size % 2 != 0)
		put(b, "\n", 1);
}

static void
test_ar(void)
{
	const struct part_format *f = &part_format_ar;
	struct buf b;

	b.len = 0;
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "/", "\0\0\0\0", 4);
	ar_member(&b, "//", "a-long-member-name.o/\nnext/\n", 28);
	ar_member(&b, "short.o/", "abc", 3);
	ar_member(&b, "/0", "12", 2);
	ar_member(&b, "/22", "1", 1);
	ar_member(&b, "#1/12", "bsd-name\0\0\0\0data", 16);
	ar_member(&b, "debian-binary", "2.0\n", 4);
	tap_check(f->detect(b.bytes, b.len), "ar: detected by its magic");
	expect_walk(f, &b, 0, true,
	    "220 3 member short.o\n"
	    "284 2 member a-long-member-name.o\n"
	    "346 1 member next\n"
	    "420 4 member bsd-name\n"
	    "484 4 member debian-binary\n",
	    "symbol table, GNU, BSD and space-padded names");
	b.len -= 1;	/* the last member's data cut short */
	expect_walk(f, &b, 0, false, "header at byte 424: data ends past the "
	    "end of the file", "data cut short");
	b.len = 8 + 30;
	expect_walk(f, &b, 0, false, "header at byte 8: cut short",
	    "header cut short");

	b.len = 0;
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "/99", "x", 1);
	expect_walk(f, &b, 0, false, "header at byte 8: long name past the "
	    "long name table", "long name without a table");
	b.len = 0;
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "//", "unterminated", 12);
	ar_member(&b, "/0", "x", 1);
	expect_walk(f, &b, 0, false, "header at byte 80: long name runs past "
	    "the long name table", "long name without its end");
	b.len = 0;
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "#1/99", "x", 1);
	expect_walk(f, &b, 0, false, "header at byte 8: bad BSD long name",
	    "BSD name longer than the data");
	b.len = 0;
	put(&b, "!<arch>\n", 8);
	ar_member(&b, "a", "x", 1);
	b.bytes[8 + 58] = '!';
	expect_walk(f, &b, 0, false, "header at byte 8: bad header end",
	    "header without its end mark");
	b.bytes[8 + 58] = '`';
	memcpy(b.bytes + 8 + 48, "12x       ", 10);
	expect_walk(f, &b, 0, false, "header at byte 8: bad size",
	    "size not a number");
}

/* The table: each format finds its own magic, and nothing else does. */
static void
test_table(void)
{
	static const unsigned char text[] = "just some text, no container";
	struct buf b;
	size_t i;

	for (i = 0; parts_format(i) != NULL; i++)
		;
	tap_check(i >= 3, "the table holds tar, zip and ar at least");
	tap_check(parts_detect(text, sizeof text - 1) == NULL,
	    "text is no container");
	tap_check(parts_detect(text, 0) == NULL, "nothing is no container");
	b.len = 0;
	tar_member(&b, "a", '0', 1);
	tap_check(parts_detect(b.bytes, b.len) == &part_format_tar,
	    "a tar is found as tar");
	b.len = 0;
	put(&b, "!<arch>\n", 8);
	tap_check(parts_detect(b.bytes, b.len) == &part_format_ar,
	    "an empty ar is found as ar");
	b.len = 0;
	zip_end(&b, 0, 0, 0, "");
	tap_check(parts_detect(b.bytes, b.len) == &part_format_zip,
	    "an empty zip is found as zip");
	expect_walk(&part_format_zip, &b, 0, true, "", "empty archive");
}

int
main(void)
{
	test_tar();
	test_zip();
	test_ar();
	test_table();
	return tap_done();
}
