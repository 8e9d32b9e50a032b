/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_chunk.c - libFuzzer target for --chunk's parser and rule
 * (src/chunkspec.c).
 *
 * Input: byte 0 chooses what is fuzzed.
 *   - byte 0 odd: the rest, up to a NUL, is a spec "K/N", parsed by
 *     chunk_parse_spec and by a reference written from the man page
 *     (Chunks, NUMBERS): no '/' is not a spec; the text before the first
 *     '/' is K, all after it N, each a number (ref_number_parse), then
 *     above zero, then K <= N, checked in that order.  Status, number
 *     status, K and N must agree.
 *   - byte 0 even: byte 1 gives N (1 + b1 % 24, or from 200 up a large
 *     N: more pieces than bytes), byte 0's bit 1 the terminator ('\n',
 *     or NUL as under -z); the rest is the input.  Every piece (of
 *     more than 64, the first 64 and the last three) is located with a seek over
 *     the bytes and checked against a brute-force model written from
 *     the man page, Chunks: the input is split into lines (a line ends
 *     just past its terminator; a last one without it is a line), and a
 *     line starting at byte p belongs to piece min(p / S, N - 1) + 1,
 *     S = max(size, N) / N.  The piece must be exactly the bytes of its
 *     lines (an empty one anywhere within the input), the pieces must
 *     follow one another and end with the input, and the rule must look
 *     at most twice, at no byte before the one preceding the piece's
 *     nominal start and none past the end of the piece or of its nominal
 *     bytes, whichever is later.  A seek that fails must fail the
 *     locate with its own code.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunkspec.h"
#include "number.h"
#include "fuzz_ref.h"

/* K or N, by the reference: a number above zero. */
static enum chunk_spec_status
ref_count(const char *text, uint64_t *out, enum number_status *ns)
{
	struct number x;

	*ns = ref_number_parse(text, &x);
	if (*ns != NUMBER_OK)
		return CHUNK_SPEC_BAD_NUMBER;
	if (x.negative || x.magnitude == 0)
		return CHUNK_SPEC_NOT_POSITIVE;
	*out = x.magnitude;
	return CHUNK_SPEC_OK;
}

static enum chunk_spec_status
ref_parse(const char *spec, uint64_t *k, uint64_t *n, enum number_status *ns)
{
	const char *slash = strchr(spec, '/');
	enum chunk_spec_status st;
	char *first;

	*ns = NUMBER_OK;
	if (slash == NULL)
		return CHUNK_SPEC_NO_SLASH;
	first = fuzz_strndup((const uint8_t *)spec, (size_t)(slash - spec));
	st = ref_count(first, k, ns);
	free(first);
	if (st == CHUNK_SPEC_OK)
		st = ref_count(slash + 1, n, ns);
	if (st == CHUNK_SPEC_OK && *k > *n)
		st = CHUNK_SPEC_K_PAST_N;
	return st;
}

static void
check_spec(const uint8_t *data, size_t size)
{
	char *spec = fuzz_strndup(data, size), show[512];
	struct chunk_request got;
	uint64_t k = 0, n = 0;
	enum number_status gns, wns;
	enum chunk_spec_status gst, wst;

	gst = chunk_parse_spec(spec, &got, &gns);
	wst = ref_parse(spec, &k, &n, &wns);
	fuzz_show(spec, show, sizeof show);
	ORACLE(gst == wst, "chunk_parse_spec('%s') = %d, reference %d", show,
	    (int)gst, (int)wst);
	ORACLE(gns == wns, "chunk_parse_spec('%s'): number status %s, "
	    "reference %s", show, ref_status_name(gns), ref_status_name(wns));
	if (gst == CHUNK_SPEC_OK)
		ORACLE(got.k == k && got.n == n && k >= 1 && k <= n,
		    "chunk_parse_spec('%s') = %" PRIu64 "/%" PRIu64
		    ", reference %" PRIu64 "/%" PRIu64, show, got.k, got.n, k,
		    n);
	free(spec);
}

/* The input as the rule's seek sees it, and where it looked. */
struct input {
	const uint8_t *bytes;
	uint64_t size;
	uint8_t terminator;
	int seeks, fail_at;	/* fail_at: the seek that fails, or 0 */
	uint64_t lowest, highest;
};

#define SEEK_FAILED 77

static int
seek_in(void *ctx, uint64_t from, uint64_t limit, uint64_t *at)
{
	struct input *in = ctx;
	const uint8_t *hit = NULL;

	ORACLE(from <= limit && limit <= in->size, "seek [%" PRIu64 ", %"
	    PRIu64 ") in %" PRIu64 " bytes", from, limit, in->size);
	if (++in->seeks == in->fail_at)
		return SEEK_FAILED;
	if (from < in->lowest)
		in->lowest = from;
	if (limit > from)
		hit = memchr(in->bytes + from, in->terminator,
		    (size_t)(limit - from));
	*at = hit != NULL ? (uint64_t)(hit - in->bytes) : limit;
	if ((hit != NULL ? *at + 1 : limit) > in->highest)
		in->highest = hit != NULL ? *at + 1 : limit;
	return 0;
}

/* The model's piece k of n: [*begin, *end), or *begin > *end: none. */
static void
model_piece(const struct input *in, uint64_t k, uint64_t n, uint64_t *begin,
    uint64_t *end)
{
	uint64_t size = in->size, s = (size > n ? size : n) / n, p = 0, e;
	const uint8_t *t;

	*begin = 1, *end = 0;
	while (p < size) {
		t = memchr(in->bytes + p, in->terminator, (size_t)(size - p));
		e = t != NULL ? (uint64_t)(t - in->bytes) + 1 : size;
		if ((p / s < n - 1 ? p / s + 1 : n) == k) {
			if (*begin > *end)
				*begin = p;
			*end = e;
		}
		p = e;
	}
}

static void
check_piece(struct input *in, uint64_t k, uint64_t n, uint64_t *follows)
{
	struct chunk_request r = { k, n };
	struct range_span got;
	uint64_t begin, end, lo, hi;
	int rc;

	in->seeks = 0;
	in->lowest = UINT64_MAX;
	in->highest = 0;
	rc = chunk_locate(&r, in->size, seek_in, in, &got);
	if (in->fail_at > 0) {
		ORACLE(rc == (in->seeks >= in->fail_at ? SEEK_FAILED : 0),
		    "%" PRIu64 "/%" PRIu64 ": seek %d failed, locate gave %d",
		    k, n, in->fail_at, rc);
		return;
	}
	ORACLE(rc == 0, "%" PRIu64 "/%" PRIu64 ": locate gave %d", k, n, rc);
	ORACLE(got.begin <= got.end && got.end <= in->size, "%" PRIu64 "/%"
	    PRIu64 ": %" PRIu64 "-%" PRIu64 " of %" PRIu64 " bytes", k, n,
	    got.begin, got.end, in->size);
	model_piece(in, k, n, &begin, &end);
	if (begin > end)
		ORACLE(got.begin == got.end && got.end <= in->size,
		    "%" PRIu64 "/%" PRIu64 " of %" PRIu64 " bytes: %" PRIu64
		    "-%" PRIu64 ", model none", k, n, in->size, got.begin,
		    got.end);
	else
		ORACLE(got.begin == begin && got.end == end, "%" PRIu64 "/%"
		    PRIu64 " of %" PRIu64 " bytes: %" PRIu64 "-%" PRIu64
		    ", model %" PRIu64 "-%" PRIu64, k, n, in->size, got.begin,
		    got.end, begin, end);
	if (got.end > got.begin) {
		ORACLE(*follows == UINT64_MAX || got.begin == *follows,
		    "%" PRIu64 "/%" PRIu64 " starts "
		    "at %" PRIu64 ", the piece before ended at %" PRIu64, k, n,
		    got.begin, *follows);
		*follows = got.end;
	}
	lo = chunk_nominal_start(&r, in->size, k - 1);
	hi = chunk_nominal_start(&r, in->size, k);
	ORACLE(in->seeks <= 2 && (in->seeks == 0 || (in->lowest + 1 >= lo &&
	    in->highest <= (got.end > hi ? got.end : hi))), "%" PRIu64 "/%"
	    PRIu64 " (nominal %" PRIu64 "-%" PRIu64 ", piece %" PRIu64 "-%"
	    PRIu64 "): %d seeks over %" PRIu64 "-%" PRIu64, k, n, lo, hi,
	    got.begin, got.end, in->seeks, in->lowest, in->highest);
}

static void
check_rule(const uint8_t *data, size_t size)
{
	struct input in = { .terminator = (data[0] & 2) ? '\0' : '\n' };
	uint64_t n, k, follows = 0, walked;

	if (size < 2)
		return;
	in.bytes = data + 2;
	in.size = size - 2;
	n = data[1] < 200 ? 1 + data[1] % 24 :
	    in.size + 1 + (uint64_t)(data[1] - 200) * 1000003;
	/*
	 * Every piece of up to 64; of more, the first 64 and the last
	 * three.  With more pieces than bytes, those from size + 1 on
	 * start past the input: empty, so walking to size covers it all.
	 */
	walked = n <= 64 ? n : 64;
	for (k = 1; k <= walked; k++)
		check_piece(&in, k, n, &follows);
	if (walked == n || (n > in.size && walked >= in.size))
		ORACLE(follows == in.size, "the %" PRIu64 " pieces end at %"
		    PRIu64 ", not with the %" PRIu64 " bytes", n, follows,
		    in.size);
	follows = UINT64_MAX;	/* unknown from here */
	for (k = n - 2 > walked ? n - 2 : walked + 1; k <= n; k++)
		check_piece(&in, k, n, &follows);
	/* A failing look fails the locate, whichever it is. */
	in.fail_at = 1 + (data[0] >> 2) % 2;
	check_piece(&in, 1 + (data[0] >> 3) % n, n, &follows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		check_spec(data + 1, size - 1);
	else
		check_rule(data, size);
	return 0;
}
