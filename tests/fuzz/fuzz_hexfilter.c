/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_hexfilter.c - libFuzzer target for the hex dump sink
 * (src/hexdump.c) in every layout, with -a and --squeeze, holes, -p and
 * -i, its buffers tiny (tests/fuzz/run builds with MMCAT_TINY_BUFFERS:
 * the text buffer a few lines, three marks).
 *
 * Input: 6 header bytes, then the bytes to dump (the first 3000).
 *   byte 0: the style, b0 % 5 (xxd, -b, --little-endian, -p, -i), -u
 *           (bit 3), -d (bit 4), colour (bit 5);
 *   byte 1: -c, b1 % 40 + 1 (-p: b1 % 40, 0 being one line);
 *   byte 2: -g, b2 % 10 (with --little-endian a power of two dividing
 *           -c);
 *   byte 3: the filter, b3 % 3 (none, -a, --squeeze; -p and -i take
 *           none), and (b3 / 3) % 3 + 1 ranges;
 *   byte 4: the display offset, b4 * 4099;
 *   byte 5: how often a run of zero bytes is handed over as a hole.
 * The bytes are made zero-heavy: each byte below 0x40 becomes a 0.  The
 * rest comes from fuzz_mix seeded with the whole input: where the ranges
 * are cut, the size of each piece (1..200), and whether a piece of
 * zeros goes to put_hole instead of put.
 *
 * Each piece is handed over as flow_deliver and flow_pass_hole do: on
 * SINK_FULL the sink is drained, flush(UINT64_MAX, false), and the rest
 * handed again.  A range ends with flush(UINT64_MAX, true).
 * Oracle (abort() when violated): nothing is written while pieces are
 * handed over (only flush writes); a put takes something after a drain;
 * and the output of each range is exactly the reference: its lines by
 * hexfmt_ref.h's formatter, left out as xxd -a does (its own algorithm,
 * transcribed: a line of zeros in a row, kept aside and printed or
 * replaced by '*' when the next one comes) or as hexdump -C does with
 * the last line of the range always shown; -p and -i as xxd writes them,
 * a byte at a time.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hexdump.h"
#include "output.h"
#include "sink.h"
#include "fuzz_ref.h"
#include "hexfmt_ref.h"

#define MAX_BYTES 3000
#define MAX_PIECE 200
#define MAX_RANGES 3

static int memfd = -1;

/* The text the reference writes, growing. */
struct text {
	char *bytes;
	size_t len, cap;
};

static void
append(struct text *t, const char *s, size_t len)
{
	if (t->len + len > t->cap) {
		t->cap = 2 * (t->len + len) + 64;
		if ((t->bytes = realloc(t->bytes, t->cap)) == NULL)
			abort();
	}
	memcpy(t->bytes + t->len, s, len);
	t->len += len;
}

/* xxd's xxdline(), transcribed: its state is one range's. */
struct xxd_lines {
	char z[REF_LAYOUT_LINE_MAX];
	size_t z_len;
	int zero_seen;
};

static void
xxd_line(struct xxd_lines *x, struct text *out, const char *l, size_t len,
    int nz)
{
	if (!nz && x->zero_seen == 1) {
		memcpy(x->z, l, len);
		x->z_len = len;
	}
	if (nz || !x->zero_seen++) {
		if (nz) {
			if (nz < 0)
				x->zero_seen--;
			if (x->zero_seen == 2)
				append(out, x->z, x->z_len);
			if (x->zero_seen > 2)
				append(out, "*\n", 2);
		}
		if (nz >= 0 || x->zero_seen > 0)
			append(out, l, len);
		if (nz)
			x->zero_seen = 0;
	}
}

static int
nonzero_bytes(const unsigned char *b, size_t n)
{
	int count = 0;
	size_t i;

	for (i = 0; i < n; i++)
		count += b[i] != 0;
	return count;
}

/* The dump of one range in a dump style, filtered as the layout says. */
static void
reference_dump(const struct hex_layout *layout, const struct ref_layout *ref,
    const unsigned char *bytes, size_t n, uint64_t address, struct text *out)
{
	struct xxd_lines x = { .zero_seen = 0 };
	char line[REF_LAYOUT_LINE_MAX], last[REF_LAYOUT_LINE_MAX];
	size_t cols = layout->cols, done, len = 0, last_len = 0;
	const unsigned char *prev = NULL;
	bool repeating = false;

	for (done = 0; done + cols <= n; done += cols) {
		len = ref_layout_line(ref, line, address + done, bytes + done,
		    cols);
		if (layout->filter == HEX_FILTER_AUTOSKIP) {
			xxd_line(&x, out, line, len,
			    nonzero_bytes(bytes + done, cols));
		} else if (layout->filter == HEX_FILTER_SQUEEZE && prev != NULL &&
		    memcmp(prev, bytes + done, cols) == 0) {
			if (!repeating)
				append(out, "*\n", 2);
			repeating = true;
			memcpy(last, line, len);
			last_len = len;
		} else {
			append(out, line, len);
			prev = bytes + done;
			repeating = false;
		}
		if (layout->filter == HEX_FILTER_AUTOSKIP) {
			memcpy(last, line, len);
			last_len = len;
		}
	}
	if (done < n) {
		len = ref_layout_line(ref, line, address + done, bytes + done,
		    n - done);
		if (layout->filter == HEX_FILTER_AUTOSKIP)
			xxd_line(&x, out, line, len, 1);
		else
			append(out, line, len);
	} else if (layout->filter == HEX_FILTER_AUTOSKIP && n > 0) {
		xxd_line(&x, out, last, last_len, -1);
	} else if (repeating) {
		append(out, last, last_len);
	}
}

/* -p and -i of one range, a byte at a time, as xxd writes them. */
static void
reference_stream(const struct hex_layout *layout, const unsigned char *bytes,
    size_t n, const char *name, struct text *out)
{
	const char *digit = layout->upper ? "0123456789ABCDEF" :
	    "0123456789abcdef";
	char s[64];
	size_t i;

	if (layout->style == HEX_STYLE_INCLUDE && name != NULL)
		append(out, s, (size_t)snprintf(s, sizeof s,
		    "unsigned char %s[] = {\n", name));
	for (i = 0; i < n; i++) {
		if (layout->style == HEX_STYLE_INCLUDE)
			append(out, s, (size_t)snprintf(s, sizeof s,
			    "%s%s", i == 0 ? "  " : i % layout->cols == 0 ?
			    ",\n  " : ", ", layout->upper ? "0X" : "0x"));
		s[0] = digit[bytes[i] >> 4];
		s[1] = digit[bytes[i] & 0xf];
		append(out, s, 2);
		if (layout->style == HEX_STYLE_PLAIN && layout->cols > 0 &&
		    (i + 1) % layout->cols == 0)
			append(out, "\n", 1);
	}
	if (layout->style == HEX_STYLE_PLAIN &&
	    (layout->cols == 0 || n % layout->cols != 0))
		append(out, "\n", 1);
	if (layout->style != HEX_STYLE_INCLUDE)
		return;
	if (n > 0)
		append(out, "\n", 1);
	if (name != NULL)
		append(out, s, (size_t)snprintf(s, sizeof s,
		    "};\nunsigned int %s_%s = %zu;\n", name,
		    layout->capitalize ? "LEN" : "len", n));
}

static uint64_t
output_size(void)
{
	struct stat st;

	if (fstat(memfd, &st) != 0)
		oracle_fail("fstat: %s", strerror(errno));
	return (uint64_t)st.st_size;
}

/* Drain a full sink as the flow does. */
static void
drain(struct sink *sink)
{
	int err = -1;

	ORACLE(sink->flush(sink, UINT64_MAX, false, &err) == SINK_OK &&
	    err == 0, "drain: error %d", err);
}

/* Hand over [at, at + len) as put or as a hole; returns the new at. */
static size_t
hand_over(struct sink *sink, const unsigned char *bytes, size_t at,
    size_t len, uint64_t offset, bool as_hole, uint64_t written)
{
	size_t done = 0, taken;
	uint64_t hole_taken;
	enum sink_result r;
	bool after_drain = false;
	int err;

	while (done < len) {
		err = -1;
		if (as_hole) {
			hole_taken = UINT64_MAX;
			r = sink->put_hole(sink, offset + at + done, len - done,
			    &hole_taken, &err);
			ORACLE(hole_taken <= len - done, "put_hole of %zu took "
			    "%" PRIu64, len - done, hole_taken);
			taken = (size_t)hole_taken;
		} else {
			taken = SIZE_MAX;
			r = sink->put(sink, bytes + at + done, len - done,
			    offset + at + done, false, &taken, &err);
			ORACLE(taken <= len - done, "put of %zu took %zu",
			    len - done, taken);
		}
		ORACLE(output_size() == written, "a put wrote");
		ORACLE(r == SINK_OK || r == SINK_FULL, "result %d, error %d",
		    (int)r, err);
		ORACLE(!after_drain || taken > 0, "took nothing after a drain");
		done += taken;
		after_drain = false;
		if (r == SINK_FULL) {
			drain(sink);
			written = output_size();
			after_drain = true;
		}
	}
	return at + len;
}

static bool
all_zero(const unsigned char *b, size_t n)
{
	return nonzero_bytes(b, n) == 0;
}

/* One range through the sink; its output must be the reference's. */
static void
dump_range(struct hexdump *h, const struct hex_layout *layout,
    const struct ref_layout *ref, const unsigned char *bytes, size_t n,
    uint64_t offset, unsigned hole_odds, uint64_t *seed)
{
	struct text want = { NULL, 0, 0 };
	struct sink *sink = hexdump_start(h, 0, NULL);
	uint64_t before = output_size(), x;
	size_t at = 0, piece;
	char *got;
	int err = -1;

	if (hexlayout_is_dump(layout))
		reference_dump(layout, ref, bytes, n,
		    offset + layout->display_offset, &want);
	else
		reference_stream(layout, bytes, n, NULL, &want);
	while (at < n) {
		x = fuzz_mix(seed);
		piece = 1 + (x >> 8) % MAX_PIECE;
		if (piece > n - at)
			piece = n - at;
		at = hand_over(sink, bytes, at, piece, offset,
		    sink->put_hole != NULL && all_zero(bytes + at, piece) &&
		    x % 8 < hole_odds, output_size());
	}
	ORACLE(sink->flush(sink, UINT64_MAX, true, &err) == SINK_OK &&
	    err == 0, "the last flush: error %d", err);
	ORACLE(output_size() == before + want.len, "range of %zu bytes: %"
	    PRIu64 " bytes of output, want %zu", n, output_size() - before,
	    want.len);
	if ((got = malloc(want.len + 1)) == NULL)
		abort();
	ORACLE(want.len == 0 || (pread(memfd, got, want.len, (off_t)before) ==
	    (ssize_t)want.len && memcmp(got, want.bytes, want.len) == 0),
	    "range of %zu bytes at %" PRIu64 ": output differs from the "
	    "reference", n, offset);
	free(got);
	free(want.bytes);
}

/* The layout the header asks for. */
static void
pick_layout(const uint8_t *h, struct hex_layout *layout,
    struct ref_layout *ref)
{
	struct hex_request r = { .cols_given = true, .group_given = true };
	int style = h[0] % 5;
	const char *why;

	r.bits = style == 1;
	r.little_endian = style == 2;
	r.plain = style == 3;
	r.include = style == 4;
	r.upper = (h[0] & 0x08) != 0;
	r.decimal = (h[0] & 0x10) != 0;
	r.color = (h[0] & 0x20) != 0;
	r.cols = style == 3 ? h[1] % 40 : (uint64_t)(h[1] % 40) + 1;
	r.group = h[2] % 10;
	if (style == 2) {
		r.group = (uint64_t)1 << (h[2] % 4);
		r.cols = r.group * (1 + h[1] % 8);
	}
	if (style < 3) {
		r.autoskip = h[3] % 3 == 1;
		r.squeeze = h[3] % 3 == 2;
	}
	r.display_offset = (uint64_t)h[4] * 4099;
	if ((why = hexlayout_resolve(&r, layout)) != NULL)
		oracle_fail("layout refused: %s", why);
	*ref = (struct ref_layout){ style, layout->cols, layout->group,
	    r.upper, r.decimal };
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Colour is not compared: the plain layout's text is (fuzz_hexfmt does). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t h[6] = { 0, 0, 0, 0, 0, 0 };
	size_t n = size > 6 ? size - 6 : 0, cuts[MAX_RANGES + 1], ranges, i;
	uint64_t seed = 0x66696c746572u;
	unsigned char bytes[MAX_BYTES];
	struct hex_layout layout;
	struct ref_layout ref;
	struct output out;
	struct hexdump hex;

	fuzz_empty_memfd(&memfd, "fuzz_hexfilter");
	if (size > 0)
		memcpy(h, data, size < 6 ? size : 6);
	h[0] &= (uint8_t)~0x20;
	if (n > MAX_BYTES)
		n = MAX_BYTES;
	for (i = 0; i < size; i++)
		seed = seed * 131 + data[i];
	for (i = 0; i < n; i++)
		bytes[i] = data[6 + i] < 0x40 ? 0 : data[6 + i];
	pick_layout(h, &layout, &ref);
	ranges = 1 + (h[3] / 3) % MAX_RANGES;
	cuts[0] = 0;
	for (i = 1; i < ranges; i++)
		cuts[i] = fuzz_mix(&seed) % (n + 1);
	cuts[ranges] = n;
	qsort(cuts + 1, ranges - 1, sizeof *cuts, cmp_size);
	output_open(&out, memfd, true);
	if (hexdump_init(&hex, &layout, &out) != 0)
		abort();
	for (i = 0; i < ranges; i++)
		dump_range(&hex, &layout, &ref, bytes + cuts[i],
		    cuts[i + 1] - cuts[i], cuts[i], h[5] % 9, &seed);
	hexdump_free(&hex);
	return 0;
}
