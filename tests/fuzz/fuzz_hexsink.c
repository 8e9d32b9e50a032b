/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_hexsink.c - libFuzzer target for the hex dump sink (src/hexdump.c)
 * driven the way a flow drives it (src/flow.c), with its text buffer
 * tiny (tests/fuzz/run builds with MMCAT_TINY_BUFFERS: 250 bytes, three
 * lines), so that a few lines of input meet its boundary.
 *
 * Input: 4 header bytes, then the bytes to dump (the first 4000).
 *   byte 0: the address of the first byte: b0 % 4 picks 0, just below
 *           2^32, 2^36 or 2^40 (where addresses grow a digit), less
 *           back = ((b1 << 8) | b2) % (2 * n + 33) (0 plus back for the
 *           first), so that a dump often crosses the digit boundary;
 *   byte 3: the bytes are cut into (b3 % 3) + 1 ranges, dumped one after
 *           the other by the same sink, started afresh (hexdump_start)
 *           for each, as -x does for several ranges.
 * The rest comes from fuzz_mix seeded with the whole input: how the
 * address is split between the sink's address base (where the input
 * begins in its file) and the input offset of the first byte (all of it
 * in one or the other, or some in each: the sink is handed offsets and
 * good_ends in the input, and prints base + offset), where the ranges
 * are cut, where the bytes lie in a page (the sink formats no further
 * than a page at a time), the size of each piece put (1..300;
 * flow_deliver hands over no empty piece), and how each range ends.
 *
 * Each piece is put as flow_deliver does it: on SINK_FULL the sink is
 * drained, flush(UINT64_MAX, false), and the rest of the piece put
 * again.  A range then ends in one of these ways:
 *   - done: flush(UINT64_MAX, true), or flush(end of range, true) as
 *     flow_finish does for a file;
 *   - shrunk, found at the end: flush(g, false), g around the range
 *     (an input offset, as every offset and good_end the sink gets);
 *   - shrunk, found at a drain: that drain is flush(g1, false) as drain()
 *     does with the size it reads; when g1 lies before the end of what
 *     was put, the flow stops putting; the range ends with
 *     flush(g2, false), as flow_finish does;
 *   - flush(g, true) with g inside the range: no flow makes this call,
 *     but sink.h allows it.
 *
 * Oracle (abort() when violated), from what sink.h promises.  Let a range
 * be n bytes at input offset O, address A (the base plus O), and
 * L_0 .. L_m-1 the lines of its reference dump at A (hexfmt_ref.h): L_k
 * holds bytes 16k .. min(16k + 16, n) and ends at input offset
 * O + min(16k + 16, n).  put only formats: the output
 * does not change while it runs, and it takes something from every call
 * (a put that took nothing right after a drain would never end).  A
 * flush is handed the whole lines formatted since the flush before it:
 * those of the first T bytes put (T so far) that no earlier flush had.
 * flush(g, last) writes, in order, those of them that end at or before
 * g, and drops the rest for good (sink.h: what lies past good_end is
 * dropped); with last, the partial last line L_m-1 goes too when it
 * ends at or before g.  A line an earlier flush wrote is out and stays
 * out, whatever a later good_end says.  So after each flush the output
 * of the range is exactly L_0 .. L_K-1 for the K this gives, a prefix
 * of the reference dump made of whole lines; and a range that ends with
 * flush(UINT64_MAX, true) or flush(O + n, true) has its whole reference
 * dump out.  The output of the input is that of its ranges in turn.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hexdump.h"
#include "output.h"
#include "sink.h"
#include "fuzz_ref.h"
#include "hexfmt_ref.h"

#define MAX_BYTES 4000
#define MAX_PIECE 300
#define MAX_RANGES 3
#define PAGE 4096

/* The bytes start anywhere in the first of two pages. */
_Static_assert(PAGE - 1 + MAX_BYTES <= 2 * PAGE, "the bytes fit two pages");

enum ending {
	END_DONE,		/* flush(UINT64_MAX, true) */
	END_DONE_AT_END,	/* flush(O + n, true) */
	END_SHRUNK,		/* flush(g, false) */
	END_SHRUNK_AT_DRAIN,	/* drain j is flush(g1, false), then g2 */
	END_LAST_INSIDE		/* flush(g, true), g inside */
};

/* What is written so far, and what should be. */
struct dump_check {
	int fd;			/* a memfd: standard output */
	char *expect;		/* the output the oracle expects, so far */
	size_t expect_len;
	size_t checked;		/* bytes of it already compared */
};

/* One range under way, and the model's account of it. */
struct range_run {
	struct sink *sink;
	const unsigned char *bytes;
	size_t n;
	uint64_t offset;	/* O: input offset of its first byte */
	uint64_t address;	/* A: the address its dump starts at */
	char *ref;		/* the reference dump of the range */
	size_t *line_at;	/* line k is ref[line_at[k], line_at[k + 1]) */
	size_t lines;		/* m */
	size_t taken;		/* T */
	size_t written;		/* lines out */
	size_t handed;		/* whole lines a flush has had */
	enum ending ending;
	unsigned drains;
	unsigned shrink_drain;	/* END_SHRUNK_AT_DRAIN: which drain */
	uint64_t drain_good_end;	/* ... and its g1 */
};

static int memfd = -1;

static uint64_t
output_size(const struct dump_check *c)
{
	struct stat st;

	if (fstat(c->fd, &st) != 0)
		oracle_fail("fstat: %s", strerror(errno));
	return (uint64_t)st.st_size;
}

/* The output holds exactly what is expected so far. */
static void
check_output(struct dump_check *c, const char *when, uint64_t address)
{
	uint64_t size = output_size(c);
	char got[4096];
	size_t len;
	ssize_t n;

	ORACLE(size == c->expect_len, "after %s (range at 0x%" PRIx64 "): %"
	    PRIu64 " bytes of output, expected %zu", when, address, size,
	    c->expect_len);
	while (c->checked < c->expect_len) {
		len = c->expect_len - c->checked;
		if (len > sizeof got)
			len = sizeof got;
		n = pread(c->fd, got, len, (off_t)c->checked);
		if (n <= 0)
			oracle_fail("pread: %s", n < 0 ? strerror(errno) :
			    "end of file");
		ORACLE(memcmp(got, c->expect + c->checked, (size_t)n) == 0,
		    "after %s (range at 0x%" PRIx64 "): output differs from "
		    "the reference dump within bytes %zu-%zu", when, address,
		    c->checked, c->checked + (size_t)n);
		c->checked += (size_t)n;
	}
}

/* Lines [from, to) of the range's reference dump are due out. */
static void
expect_lines(struct dump_check *c, const struct range_run *run, size_t from,
    size_t to)
{
	size_t len = run->line_at[to] - run->line_at[from];

	memcpy(c->expect + c->expect_len, run->ref + run->line_at[from], len);
	c->expect_len += len;
}

/* Input offset where line k of the range ends. */
static uint64_t
line_end(const struct range_run *run, size_t k)
{
	size_t end = 16 * (k + 1);

	return run->offset + (end < run->n ? end : run->n);
}

/* flush(good_end, last), and the output the model says it leaves. */
static void
flush_and_check(struct dump_check *c, struct range_run *run,
    uint64_t good_end, bool last)
{
	size_t whole = run->taken / 16, k = run->handed;
	enum sink_result r;
	char when[96];
	int err = -1;

	r = run->sink->flush(run->sink, good_end, last, &err);
	snprintf(when, sizeof when, "flush(%" PRIu64 ", %s) with %zu of %zu "
	    "bytes put", good_end, last ? "last" : "not last", run->taken,
	    run->n);
	ORACLE(r == SINK_OK && err == 0, "%s: result %d, error %d", when,
	    (int)r, err);
	while (k < whole && line_end(run, k) <= good_end)
		k++;
	/* The driver puts nothing after a flush that dropped a line. */
	if (k > run->handed && run->written != run->handed)
		oracle_fail("fuzz_hexsink: lines put after a drop");
	expect_lines(c, run, run->handed, k);
	run->written += k - run->handed;
	run->handed = whole;
	if (last && run->taken == run->n && run->n % 16 != 0 &&
	    run->written == whole && run->offset + run->n <= good_end) {
		expect_lines(c, run, whole, whole + 1);
		run->written++;
		run->handed++;
	}
	check_output(c, when, run->address);
}

/*
 * Put len bytes as flow_deliver does; false when a drain found the file
 * shorter than what was put, and the flow stopped.
 */
static bool
deliver(struct dump_check *c, struct range_run *run, size_t len)
{
	size_t done = 0, taken;
	bool after_drain = false;
	enum sink_result r;
	uint64_t good_end;
	int err;

	while (done < len) {
		taken = SIZE_MAX;
		err = -1;
		r = run->sink->put(run->sink, run->bytes + run->taken,
		    len - done, run->offset + run->taken, false, &taken,
		    &err);
		ORACLE(taken <= len - done, "put of %zu bytes took %zu",
		    len - done, taken);
		run->taken += taken;
		done += taken;
		ORACLE(output_size(c) == c->expect_len, "put wrote (%zu of %zu"
		    " bytes put)", run->taken, run->n);
		if (r == SINK_OK) {
			ORACLE(taken > 0, "put of %zu bytes took none and "
			    "said OK", len - done);
			after_drain = false;
			continue;
		}
		ORACLE(r == SINK_FULL, "put: result %d, error %d", (int)r, err);
		ORACLE(!after_drain || taken > 0, "put took nothing right "
		    "after a drain (%zu of %zu bytes put)", run->taken,
		    run->n);
		good_end = UINT64_MAX;
		if (run->ending == END_SHRUNK_AT_DRAIN &&
		    run->drains == run->shrink_drain)
			good_end = run->drain_good_end;
		run->drains++;
		flush_and_check(c, run, good_end, false);
		if (good_end < run->offset + run->taken)
			return false;
		after_drain = true;
	}
	return true;
}

/* A good_end around the range: on, next to and between line ends. */
static uint64_t
pick_good_end(uint64_t *seed, uint64_t offset, size_t n)
{
	uint64_t x = fuzz_mix(seed), lines = n / 16 + 2;
	uint64_t at = offset + 16 * ((x >> 8) % lines);

	switch (x % 6) {
	case 0: return at;
	case 1: return at + 1;
	case 2: return at > 0 ? at - 1 : 0;
	case 3: return offset + n - (n > 0 && (x & 0x100));
	case 4: return offset > 2 ? offset - 1 - (x >> 8) % 2 : 0;
	default: return offset + (x >> 8) % (n + 1);
	}
}

/* The reference dump of the range, and where each line starts in it. */
static void
reference(struct range_run *run)
{
	size_t k, len = 0, at;

	run->lines = (run->n + 15) / 16;
	run->ref = malloc(REF_HEX_DUMP_MAX(run->n));
	run->line_at = malloc((run->lines + 1) * sizeof *run->line_at);
	if (run->ref == NULL || run->line_at == NULL)
		abort();
	for (k = 0; k < run->lines; k++) {
		at = run->n - 16 * k < 16 ? run->n - 16 * k : 16;
		run->line_at[k] = len;
		len += ref_hex_line(run->ref + len, run->address + 16 * k,
		    run->bytes + 16 * k, at);
	}
	run->line_at[run->lines] = len;
}

static void
dump_range(struct dump_check *c, struct hexdump *h, const unsigned char *bytes,
    size_t n, uint64_t base, uint64_t offset, uint64_t *seed)
{
	static const enum ending endings[8] = {
		END_DONE, END_DONE, END_DONE, END_DONE_AT_END, END_SHRUNK,
		END_SHRUNK_AT_DRAIN, END_SHRUNK_AT_DRAIN, END_LAST_INSIDE,
	};
	struct range_run run = {
		.bytes = bytes, .n = n, .offset = offset,
		.address = base + offset,
	};
	uint64_t x;
	size_t piece;
	bool going = true;

	reference(&run);
	run.ending = endings[fuzz_mix(seed) % 8];
	run.shrink_drain = (unsigned)(fuzz_mix(seed) % 4);
	run.drain_good_end = pick_good_end(seed, offset, n);
	run.sink = hexdump_start(h, base, NULL);
	while (going && run.taken < n) {
		x = fuzz_mix(seed);
		piece = 1 + (x % 4 == 0 ? (x >> 8) % 16 : (x >> 8) % MAX_PIECE);
		if (piece > n - run.taken)
			piece = n - run.taken;
		going = deliver(c, &run, piece);
	}
	switch (run.ending) {
	case END_DONE:
		flush_and_check(c, &run, UINT64_MAX, true);
		break;
	case END_DONE_AT_END:
		flush_and_check(c, &run, offset + n, true);
		break;
	case END_LAST_INSIDE:
		flush_and_check(c, &run, pick_good_end(seed, offset, n), true);
		break;
	case END_SHRUNK:
	case END_SHRUNK_AT_DRAIN:
		flush_and_check(c, &run, pick_good_end(seed, offset, n),
		    false);
		break;
	}
	if (run.ending == END_DONE || run.ending == END_DONE_AT_END)
		ORACLE(run.written == run.lines, "range of %zu bytes at 0x%"
		    PRIx64 ": %zu of %zu lines out", n, run.address,
		    run.written, run.lines);
	free(run.line_at);
	free(run.ref);
}

static uint64_t
pick_address(const uint8_t *h, size_t n)
{
	static const uint64_t tops[] = { 0, UINT64_C(1) << 32,
	    UINT64_C(1) << 36, UINT64_C(1) << 40 };
	uint64_t back = (uint64_t)(h[1] << 8 | h[2]) % (2 * n + 33);

	return h[0] % 4 == 0 ? back : tops[h[0] % 4] - back;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t h[4] = { 0, 0, 0, 0 };
	size_t n = size > 4 ? size - 4 : 0, cuts[MAX_RANGES + 1], ranges, i;
	uint64_t seed = 0x68657873696e6bu, address, base;
	struct dump_check check = { .fd = -1 };
	struct output out;
	struct hexdump hex;
	struct hex_layout layout;
	unsigned char *page, *bytes;

	fuzz_empty_memfd(&memfd, "fuzz_hexsink");
	if (size > 0)
		memcpy(h, data, size < 4 ? size : 4);
	if (n > MAX_BYTES)
		n = MAX_BYTES;
	for (i = 0; i < size; i++)
		seed = seed * 131 + data[i];
	address = pick_address(h, n);
	switch (fuzz_mix(&seed) % 3) {
	case 0: base = 0; break;
	case 1: base = address; break;
	default: base = fuzz_mix(&seed) % (address + 1); break;
	}

	/* The bytes at a chosen place in a page. */
	if ((page = aligned_alloc(PAGE, 2 * PAGE)) == NULL)
		abort();
	bytes = page + fuzz_mix(&seed) % PAGE;
	if (n > 0)
		memcpy(bytes, data + 4, n);

	ranges = 1 + h[3] % MAX_RANGES;
	cuts[0] = 0;
	for (i = 1; i < ranges; i++)
		cuts[i] = fuzz_mix(&seed) % (n + 1);
	cuts[ranges] = n;
	qsort(cuts + 1, ranges - 1, sizeof *cuts, cmp_size);

	check.fd = memfd;
	check.expect = malloc(REF_HEX_DUMP_MAX(n) + MAX_RANGES *
	    REF_HEX_LINE_MAX);
	if (check.expect == NULL)
		abort();
	output_open(&out, memfd, true);
	hexlayout_default(&layout);
	if (hexdump_init(&hex, &layout, &out) != 0)
		abort();
	for (i = 0; i < ranges; i++)
		dump_range(&check, &hex, bytes + cuts[i], cuts[i + 1] - cuts[i],
		    base, address - base + cuts[i], &seed);
	hexdump_free(&hex);
	free(check.expect);
	free(page);
	return 0;
}
