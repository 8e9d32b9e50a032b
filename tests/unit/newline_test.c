/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newline_test.c - unit tests of src/newline.c, printed as TAP.
 *
 * Every implementation compiled in that this CPU can run is forced in
 * turn, for each terminator byte (the newline, the NUL of -z, and 0x80
 * and 0xff, whose top bit a signed comparison or a word trick could get
 * wrong), and compared with a plain byte loop: on every alignment 0..63 and
 * every length 0..MAX_SHORT, with newline densities from none to all;
 * then on large buffers, where the chunked search and the byte counters
 * (which must be folded before they wrap at 255) come into play.  Short
 * buffers are placed against inaccessible pages on both sides, so any
 * read outside bytes[0..len) kills the test.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/newline.h"
#include "tap.h"

#define MAX_SHORT 300
#define LARGE (((size_t)1 << 20) + 77)

/* Newline densities: one newline in every `period` bytes on average. */
static const struct density {
	const char *name;
	unsigned period;	/* 0: none, 1: all */
} densities[] = {
	{ "none", 0 }, { "all", 1 }, { "1/2", 2 }, { "1/7", 7 },
	{ "1/64", 64 }, { "1/100", 100 }, { "1/5000", 5000 },
};

#define DENSITY_COUNT (sizeof densities / sizeof densities[0])

static uint64_t rng_state = 42;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* The byte that ends a line in the cases under way. */
static unsigned char term = '\n';

/*
 * Random bytes with terminators at the density; the others are never
 * the terminator but often its neighbours and its value with the top bit
 * flipped, which a careless word-at-a-time test would take for it.
 */
static void
fill(unsigned char *p, size_t n, unsigned period)
{
	const unsigned char near[] = { term + 1, term - 1, term ^ 0x80,
	    0x00, 0xff, term ^ 0x01, term ^ 0x10, 0x80 };
	size_t i;
	uint64_t r;

	for (i = 0; i < n; i++) {
		r = rng();
		if (period == 1 || (period != 0 && r % period == 0)) {
			p[i] = term;
			continue;
		}
		p[i] = (r >> 32) % 3 == 0 ? near[(r >> 40) % sizeof near] :
		    (unsigned char)(r >> 48);
		if (p[i] == term)
			p[i] = term ^ 0x40;
	}
}

/*
 * The reference: every newline's index, found by a plain byte loop, from
 * which the k-th from either end is read off.
 */
struct ref {
	size_t *at;
	uint64_t total;
};

static void
ref_scan(struct ref *r, const unsigned char *p, size_t n)
{
	size_t i;

	r->total = 0;
	for (i = 0; i < n; i++)
		if (p[i] == term)
			r->at[r->total++] = i;
}

static bool
ref_find(const struct ref *r, size_t n, uint64_t k, size_t *pos,
    uint64_t *found)
{
	bool ok = k >= 1 && k <= r->total;

	*found = ok ? k : k == 0 ? 0 : r->total;
	*pos = ok ? r->at[k - 1] + 1 : n;
	return ok;
}

static bool
ref_rfind(const struct ref *r, uint64_t k, size_t *pos, uint64_t *found)
{
	bool ok = k >= 1 && k <= r->total;

	*found = ok ? k : k == 0 ? 0 : r->total;
	*pos = ok ? r->at[r->total - k] + 1 : 0;
	return ok;
}

/* The first disagreement seen in a group of cases, for the TAP line. */
struct group {
	unsigned long cases, failed;
	char first[200];
};

static void
group_fail(struct group *g, const char *what, size_t align, size_t n,
    uint64_t k)
{
	if (g->failed++ == 0)
		snprintf(g->first, sizeof g->first, "%s at alignment %zu, "
		    "length %zu, k %" PRIu64 ", terminator 0x%02x", what, align,
		    n, k, term);
}

/*
 * The searches for term, and for '\n' the functions without a byte
 * argument (the same, with '\n'), every ninth case.
 */
static bool
find(const unsigned char *p, size_t n, bool backward, uint64_t k,
    size_t *pos, uint64_t *found)
{
	static unsigned turn;

	if (term == '\n' && ++turn % 9 == 0)
		return backward ? newline_rfind(p, n, k, pos, found) :
		    newline_find(p, n, k, pos, found);
	return backward ? newline_rfind_byte(p, n, term, k, pos, found) :
	    newline_find_byte(p, n, term, k, pos, found);
}

static uint64_t
count(const unsigned char *p, size_t n)
{
	static unsigned turn;

	if (term == '\n' && ++turn % 9 == 0)
		return newline_count(p, n);
	return newline_count_byte(p, n, term);
}

/* The forward and backward searches against the reference for one k. */
static void
check_k(struct group *g, const struct ref *r, const unsigned char *p,
    size_t n, uint64_t k, size_t align)
{
	size_t pos = 12345, want_pos;
	uint64_t found = 54321, want_found;
	bool ok, want;

	g->cases += 2;
	ok = find(p, n, false, k, &pos, &found);
	want = ref_find(r, n, k, &want_pos, &want_found);
	if (ok != want || pos != want_pos || found != want_found)
		group_fail(g, "find", align, n, k);
	pos = 12345;
	found = 54321;
	ok = find(p, n, true, k, &pos, &found);
	want = ref_rfind(r, k, &want_pos, &want_found);
	if (ok != want || pos != want_pos || found != want_found)
		group_fail(g, "rfind", align, n, k);
}

/*
 * Count, and find for k = 0, 1, 2, the middle, the last, one too many
 * and more (or every k up to one too many).  Leaves the reference in r.
 */
static void
check_buffer(struct group *g, struct ref *r, const unsigned char *p,
    size_t n, size_t align, bool every_k)
{
	uint64_t total, k, ks[9];
	size_t i;

	ref_scan(r, p, n);
	total = r->total;
	g->cases++;
	if (count(p, n) != total)
		group_fail(g, "count", align, n, 0);
	if (every_k) {
		for (k = 0; k <= total + 1; k++)
			check_k(g, r, p, n, k, align);
		return;
	}
	ks[0] = 0;
	ks[1] = 1;
	ks[2] = 2;
	ks[3] = total / 2;
	ks[4] = total - 1;	/* UINT64_MAX when there are none: fine */
	ks[5] = total;
	ks[6] = total + 1;
	ks[7] = total + 1000;
	ks[8] = UINT64_MAX;
	for (i = 0; i < sizeof ks / sizeof ks[0]; i++)
		check_k(g, r, p, n, ks[i], align);
}

/*
 * Pages with no access on either side of an area of `pages` pages, so
 * that a buffer can be put flush against either edge.
 */
static unsigned char *
guarded_area(size_t pages, size_t *area_len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *base;

	base = mmap(NULL, (pages + 2) * page, PROT_NONE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mprotect(base + page, pages * page,
	    PROT_READ | PROT_WRITE) != 0) {
		perror("newline_test: mmap");
		exit(99);
	}
	*area_len = pages * page;
	return base + page;
}

/* Every alignment and every short length, against both guard pages. */
static void
test_short(const char *variant, const struct density *d)
{
	static unsigned char *area;
	static size_t area_len;
	static size_t at[MAX_SHORT + 64];
	struct ref r = { at, 0 };
	struct group g = { 0, 0, "" };
	unsigned char *p;
	size_t align, n;

	if (area == NULL)
		area = guarded_area(1, &area_len);
	/* From the front edge, at each alignment ... */
	for (align = 0; align < 64; align++) {
		for (n = 0; n <= MAX_SHORT; n++) {
			p = area + align;
			fill(p, n, d->period);
			check_buffer(&g, &r, p, n, align,
			    align == 3 || align == 60);
		}
	}
	/* ... and ending at the back edge, which takes every alignment. */
	for (n = 0; n <= MAX_SHORT + 63; n++) {
		p = area + area_len - n;
		fill(p, n, d->period);
		check_buffer(&g, &r, p, n, (area_len - n) % 64, n % 7 == 0);
	}
	tap_check(g.failed == 0, "%s, 0x%02x, density %s: alignments 0..63, "
	    "lengths 0..%d: %lu cases, %lu wrong%s%s", variant, term, d->name,
	    MAX_SHORT, g.cases, g.failed, g.failed ? "; first: " : "", g.first);
}

/* A megabyte and more: chunk boundaries, skips, wide counters. */
static void
test_large(const char *variant, const struct density *d,
    unsigned char *buf, struct ref *r)
{
	struct group g = { 0, 0, "" };
	uint64_t k;
	size_t off, n, i;

	for (i = 0; i < 6; i++) {
		off = i * 13 % 64;
		n = LARGE - off - i * 4099;
		fill(buf + off, n, d->period);
		check_buffer(&g, r, buf + off, n, off, false);
		for (k = 1; k <= r->total + 1;
		    k += 1 + rng() % (r->total / 40 + 1))
			check_k(&g, r, buf + off, n, k, off);
	}
	tap_check(g.failed == 0, "%s, 0x%02x, density %s: buffers of about "
	    "1 MiB: %lu cases, %lu wrong%s%s", variant, term, d->name, g.cases,
	    g.failed, g.failed ? "; first: " : "", g.first);
}

/* The lengths where the kernels' loops change gear, all terminators. */
static void
test_gears(const char *variant, unsigned char *buf, struct ref *r)
{
	static const size_t edges[] = { 4096, 16 * 255, 64 * 255,
	    128 * 255, 2 * 128 * 255, 8 * 255, 4 * 255 };
	struct group g = { 0, 0, "" };
	size_t i, n;
	int delta;

	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		for (delta = -130; delta <= 130; delta++) {
			n = (size_t)((long)edges[i] + delta);
			memset(buf, term, n);
			check_buffer(&g, r, buf, n, 0, false);
			check_k(&g, r, buf, n, n - 4096 / 2, 0);
			check_k(&g, r, buf, n, n - 4096 - 1, 0);
		}
	}
	tap_check(g.failed == 0, "%s, 0x%02x: all terminators around the "
	    "kernels' block sizes: %lu cases, %lu wrong%s%s", variant, term,
	    g.cases, g.failed, g.failed ? "; first: " : "", g.first);
}

static void
test_variant(const char *variant, unsigned char *buf, struct ref *r)
{
	static const unsigned char terms[] = { '\n', '\0', 0x80, 0xff };
	size_t i, t;

	tap_check(newline_use_variant(variant) &&
	    strcmp(newline_variant(), variant) == 0, "%s can be forced",
	    variant);
	for (t = 0; t < sizeof terms; t++) {
		term = terms[t];
		for (i = 0; i < DENSITY_COUNT; i++)
			test_short(variant, &densities[i]);
		/* The large buffers add nothing byte-specific: two suffice. */
		for (i = 0; t < 2 && i < DENSITY_COUNT; i++)
			test_large(variant, &densities[i], buf, r);
		test_gears(variant, buf, r);
	}
}

int
main(void)
{
	const char *name, *first = newline_variant();
	unsigned char *buf = malloc(LARGE);
	struct ref r = { malloc(LARGE * sizeof *r.at), 0 };
	size_t i;

	if (buf == NULL || r.at == NULL)
		return 99;
	tap_note("default variant: %s", first);
	for (i = 0; (name = newline_variant_name(i)) != NULL; i++) {
		if (!newline_use_variant(name)) {
			tap_note("%s: compiled in, not supported by this CPU",
			    name);
			continue;
		}
		test_variant(name, buf, &r);
	}
	tap_check(!newline_use_variant("no-such-kernel") &&
	    newline_use_variant(first), "an unknown variant is refused");
	tap_check(newline_variant_name(0) != NULL &&
	    strcmp(newline_variant_name(i - 1), "swar") == 0,
	    "the portable variant is always compiled in, last");
	free(r.at);
	free(buf);
	return tap_done();
}
