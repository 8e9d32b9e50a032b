/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_range.c - libFuzzer target for range_parse_spec, range_resolve,
 * range_fixed_end and range_describe_problem (src/range.c).
 *
 * Input: "SPEC" up to the first newline or NUL, then any bytes, which seed
 * the file sizes and a second, raw request (magnitudes anywhere in
 * uint64, outside what the parser can produce).
 *
 * Oracles, each abort()ing when violated:
 *  - range_parse_spec accepts exactly the specs that split, at one ':'
 *    or at one '+' after the first byte, into numbers the reference
 *    parser accepts (either side of ':' may be empty; neither side of
 *    '+'), and returns those numbers; no spec splits two ways; a refused
 *    spec names the side and the number status that are wrong;
 *  - range_resolve, against sizes at every boundary the request has
 *    (0, 1, start +-1, stop +-1, start+stop +-1, 2^63 +-1, 2^64 - 1, and
 *    random ones), equals a model computed in 128-bit arithmetic from
 *    the man page, RANGES: begin <= end <= size always; past_eof exactly
 *    when a non-negative start exceeds the size; RANGE_CLAMPED_START exactly when
 *    a negative start reaches before byte 0; RANGE_CLAMPED_STOP exactly
 *    when a length/end runs past EOF or a negative one counts back past 0;
 *  - range_fixed_end is true exactly for a non-negative start with a
 *    non-negative length/end, gives start + length (saturated) or the end,
 *    and a span resolved against any size never ends beyond it;
 *  - range_describe_problem reports exactly past EOF, or a clamp when
 *    strict, with the exact message of the contract, and never writes
 *    past a short buffer.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "range.h"
#include "fuzz_ref.h"

static const char *
kind_name(enum range_stop k)
{
	return k == RANGE_TO_EOF ? "TO_EOF" : k == RANGE_BY_LENGTH ?
	    "BY_LENGTH" : k == RANGE_TO_OFFSET ? "TO_END" : "?";
}

static const char *
request_text(const struct range_request *r, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "start %s%" PRIu64 " %s %s%" PRIu64,
	    r->start.negative ? "-" : "+", r->start.magnitude,
	    kind_name(r->stop_kind), r->stop.negative ? "-" : "+",
	    r->stop.magnitude);
	return buf;
}

/* ---- range_parse_spec ------------------------------------------------ */

/* Reference status of text[from, to) as a number. */
static enum number_status
ref_part(const char *spec, size_t from, size_t to, struct number *out)
{
	char *part = fuzz_strndup((const uint8_t *)spec + from, to - from);
	enum number_status s = ref_number_parse(part, out);

	free(part);
	return s;
}

static void
check_parse(const char *spec, struct range_request *parsed, bool *ok)
{
	struct range_request want, got;
	struct number left, right;
	enum number_status ns = NUMBER_OK, ls, rs;
	enum range_spec_status st;
	size_t n = strlen(spec), i, sep = n;
	unsigned splits = 0;
	bool has_separator = false;
	char show[512], a[128], b[128];

	memset(&want, 0, sizeof want);
	for (i = 0; i < n; i++) {
		bool colon = spec[i] == ':';

		if (!colon && !(spec[i] == '+' && i > 0))
			continue;
		has_separator = true;
		left = (struct number){ 0, false };
		right = (struct number){ 0, false };
		if (colon) {
			if (i > 0 && ref_part(spec, 0, i, &left) != NUMBER_OK)
				continue;
			if (i + 1 < n &&
			    ref_part(spec, i + 1, n, &right) != NUMBER_OK)
				continue;
		} else if (ref_part(spec, 0, i, &left) != NUMBER_OK ||
		    ref_part(spec, i + 1, n, &right) != NUMBER_OK) {
			continue;
		}
		splits++;
		want.start = left;
		want.stop = right;
		want.stop_kind = !colon ? RANGE_BY_LENGTH :
		    i + 1 < n ? RANGE_TO_OFFSET : RANGE_TO_EOF;
	}
	ORACLE(splits <= 1, "spec '%s' splits %u ways",
	    fuzz_show(spec, show, sizeof show), splits);

	memset(&got, 0xa5, sizeof got);
	st = range_parse_spec(spec, &got, &ns);
	ORACLE(st != RANGE_SPEC_NO_MEMORY, "out of memory");
	ORACLE((st == RANGE_SPEC_OK) == (splits == 1),
	    "range_parse_spec('%s') = %d, but it splits %u ways into numbers",
	    fuzz_show(spec, show, sizeof show), (int)st, splits);
	*ok = st == RANGE_SPEC_OK;
	if (st == RANGE_SPEC_OK) {
		ORACLE(ns == NUMBER_OK, "OK spec with number status %d",
		    (int)ns);
		ORACLE(got.stop_kind == want.stop_kind &&
		    got.start.negative == want.start.negative &&
		    got.start.magnitude == want.start.magnitude &&
		    (got.stop_kind == RANGE_TO_EOF ||
		    (got.stop.negative == want.stop.negative &&
		    got.stop.magnitude == want.stop.magnitude)),
		    "range_parse_spec('%s') = %s, reference %s",
		    fuzz_show(spec, show, sizeof show),
		    request_text(&got, a, sizeof a),
		    request_text(&want, b, sizeof b));
		*parsed = got;
		return;
	}
	ORACLE((st == RANGE_SPEC_NO_SEPARATOR) == !has_separator,
	    "spec '%s': status %d, separator %s",
	    fuzz_show(spec, show, sizeof show), (int)st,
	    has_separator ? "present" : "absent");
	if (!has_separator)
		return;
	/* The separator mmcat splits at: the first ':', else the first '+'. */
	sep = strcspn(spec, ":");
	if (sep == n)
		sep = 1 + strcspn(spec + 1, "+");
	ls = sep == 0 && spec[sep] == ':' ? NUMBER_OK :
	    ref_part(spec, 0, sep, &left);
	rs = spec[sep] == ':' && sep + 1 == n ? NUMBER_OK :
	    ref_part(spec, sep + 1, n, &right);
	ORACLE(st == RANGE_SPEC_BAD_START || st == RANGE_SPEC_BAD_STOP,
	    "spec '%s': status %d", fuzz_show(spec, show, sizeof show),
	    (int)st);
	if (st == RANGE_SPEC_BAD_START)
		ORACLE(ls != NUMBER_OK && ns == ls,
		    "spec '%s': BAD_START with %s, reference start is %s",
		    fuzz_show(spec, show, sizeof show), ref_status_name(ns),
		    ref_status_name(ls));
	else
		ORACLE(ls == NUMBER_OK && rs != NUMBER_OK && ns == rs,
		    "spec '%s': BAD_STOP with %s, reference %s / %s",
		    fuzz_show(spec, show, sizeof show), ref_status_name(ns),
		    ref_status_name(ls), ref_status_name(rs));
}

/* ---- range_resolve ---------------------------------------------------- */

/* The man page's RANGES, in 128-bit signed arithmetic. */
static void
model_resolve(const struct range_request *r, uint64_t size_u,
    struct range_span *want)
{
	__int128 size = size_u, begin, end, m;

	memset(want, 0, sizeof *want);
	if (r->start.negative) {
		begin = size - (__int128)r->start.magnitude;
		if (begin < 0) {
			begin = 0;
			want->clamped |= RANGE_CLAMPED_START;
		}
	} else if ((__int128)r->start.magnitude > size) {
		want->past_eof = true;
		want->begin = want->end = size_u;
		return;
	} else {
		begin = r->start.magnitude;
	}
	m = r->stop.magnitude;
	if (r->stop_kind == RANGE_TO_EOF) {
		end = size;
	} else if (r->stop.negative) {
		/* -N: N bytes before EOF, for a length as for an end. */
		end = size - m;
		if (end < 0) {
			end = 0;
			want->clamped |= RANGE_CLAMPED_STOP;
		}
	} else {
		end = r->stop_kind == RANGE_BY_LENGTH ? begin + m : m;
		if (end > size) {
			end = size;
			want->clamped |= RANGE_CLAMPED_STOP;
		}
	}
	if (end < begin)
		end = begin;	/* END <= OFFSET prints nothing */
	want->begin = (uint64_t)begin;
	want->end = (uint64_t)end;
}

static bool
check_describe(const struct range_request *r, const struct range_span *sp,
    uint64_t size, bool strict, uint64_t salt)
{
	char buf[512], want[512], start[32], stop[32], *small;
	const char *stop_name =
	    r->stop_kind == RANGE_TO_OFFSET ? "end" : "length";
	size_t small_len = (size_t)(salt % 48);
	bool expect = sp->past_eof || (strict && sp->clamped != 0), got;

	buf[0] = '\0';
	got = range_describe_problem(r, sp, size, strict, buf, sizeof buf);
	ORACLE(got == expect, "describe_problem(size %" PRIu64 ", strict %d)"
	    " = %d, expected %d", size, strict, got, expect);
	if (!got)
		return false;

	snprintf(start, sizeof start, "%s%" PRIu64,
	    r->start.negative ? "-" : "", r->start.magnitude);
	snprintf(stop, sizeof stop, "%s%" PRIu64,
	    r->stop.negative ? "-" : "", r->stop.magnitude);
	if (sp->past_eof)
		snprintf(want, sizeof want, "offset %s is past end of file "
		    "(size %" PRIu64 ")", start, size);
	else if (sp->clamped & RANGE_CLAMPED_START)
		snprintf(want, sizeof want, "offset %s reaches before start "
		    "of file (size %" PRIu64 ") and --strict is set", start,
		    size);
	else if (r->stop.negative)
		snprintf(want, sizeof want, "%s %s reaches before start of "
		    "file (size %" PRIu64 ") and --strict is set", stop_name,
		    stop, size);
	else
		snprintf(want, sizeof want, "%s %s at offset %s runs past end "
		    "of file (size %" PRIu64 ") and --strict is set",
		    stop_name, stop, start, size);

	ORACLE(strcmp(buf, want) == 0, "message '%s', expected '%s'", buf,
	    want);

	/* A short buffer: exactly small_len bytes, so ASan sees overruns. */
	small = malloc(small_len > 0 ? small_len : 1);
	if (small == NULL)
		abort();
	got = range_describe_problem(r, sp, size, strict, small, small_len);
	ORACLE(got == expect, "describe_problem with a short buffer differs");
	if (got && small_len > 0)
		ORACLE(strlen(small) < small_len &&
		    strncmp(small, want, small_len - 1) == 0,
		    "short-buffer message is not a prefix");
	free(small);
	return true;
}

static void
check_resolve(const struct range_request *r, uint64_t size, uint64_t salt)
{
	struct range_span got, want;
	uint64_t fixed = 0;
	bool is_fixed, want_fixed;
	char a[128];

	memset(&got, 0x5a, sizeof got);
	range_resolve(r, size, &got);
	model_resolve(r, size, &want);
	ORACLE(got.begin <= got.end && got.end <= size,
	    "%s, size %" PRIu64 ": span %" PRIu64 "-%" PRIu64 " not within "
	    "the file", request_text(r, a, sizeof a), size, got.begin,
	    got.end);
	ORACLE(got.past_eof == want.past_eof,
	    "%s, size %" PRIu64 ": past_eof %d, expected %d",
	    request_text(r, a, sizeof a), size, got.past_eof, want.past_eof);
	ORACLE(got.clamped == want.clamped,
	    "%s, size %" PRIu64 ": clamped %#x, expected %#x",
	    request_text(r, a, sizeof a), size, got.clamped, want.clamped);
	ORACLE(got.begin == want.begin && got.end == want.end,
	    "%s, size %" PRIu64 ": span %" PRIu64 "-%" PRIu64 ", expected %"
	    PRIu64 "-%" PRIu64, request_text(r, a, sizeof a), size,
	    got.begin, got.end, want.begin, want.end);

	is_fixed = range_fixed_end(r, &fixed);
	want_fixed = !r->start.negative && r->stop_kind != RANGE_TO_EOF &&
	    !r->stop.negative;
	ORACLE(is_fixed == want_fixed, "%s: fixed_end %d, expected %d",
	    request_text(r, a, sizeof a), is_fixed, want_fixed);
	if (is_fixed) {
		u128 e = r->stop_kind == RANGE_TO_OFFSET ? r->stop.magnitude :
		    (u128)r->start.magnitude + r->stop.magnitude;

		if (e > UINT64_MAX)
			e = UINT64_MAX;
		ORACLE(fixed == (uint64_t)e, "%s: fixed end %" PRIu64,
		    request_text(r, a, sizeof a), fixed);
		/* A stream may stop reading at the fixed end. */
		ORACLE(got.past_eof || got.begin == got.end ||
		    got.end <= fixed, "%s, size %" PRIu64 ": span ends at %"
		    PRIu64 ", past the fixed end %" PRIu64,
		    request_text(r, a, sizeof a), size, got.end, fixed);
	}
	/*
	 * Strict refuses whatever non-strict does, and more: without a
	 * problem under --strict there is none without it either.
	 */
	if (check_describe(r, &got, size, true, salt))
		(void)check_describe(r, &got, size, false, salt >> 8);
}

static void
resolve_everywhere(const struct range_request *r, uint64_t *seed)
{
	const uint64_t s = r->start.magnitude, t = r->stop.magnitude;
	const uint64_t sizes[] = {
		0, 1, 2, 4096, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1,
		UINT64_MAX - 1, UINT64_MAX,
		s - 1, s, s + 1, t - 1, t, t + 1, s + t - 1, s + t, s + t + 1,
		t - s, t - s + 1, s - t,
	};
	size_t i;
	uint64_t x;

	for (i = 0; i < sizeof sizes / sizeof *sizes; i++)
		check_resolve(r, sizes[i], fuzz_mix(seed));
	for (i = 0; i < 6; i++) {
		x = fuzz_mix(seed);
		check_resolve(r, i < 2 ? x : i < 4 ? x >> 1 : x & 0xffff,
		    fuzz_mix(seed));
	}
}

/* A request straight from bits: magnitudes the parser never produces. */
static uint64_t
pick_magnitude(uint64_t *seed)
{
	uint64_t x = fuzz_mix(seed);

	switch (x % 8) {
	case 0: return 0;
	case 1: return UINT64_MAX - (x >> 60);
	case 2: return (uint64_t)INT64_MAX + (x >> 62) - 1;
	case 3: return (x >> 8) % 8192;
	default: return fuzz_mix(seed);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t spec_len = 0;
	uint64_t seed = 0x6d6d636174u;
	struct range_request parsed, raw;
	bool ok = false;
	char *spec;
	size_t i;

	while (spec_len < size && data[spec_len] != '\n' &&
	    data[spec_len] != '\0')
		spec_len++;
	for (i = spec_len; i < size; i++)
		seed = seed * 131 + data[i];
	spec = fuzz_strndup(data, spec_len);
	for (i = 0; i < spec_len; i++)
		seed ^= (uint64_t)(unsigned char)spec[i] << (8 * (i % 8));

	check_parse(spec, &parsed, &ok);
	if (ok)
		resolve_everywhere(&parsed, &seed);

	raw.start.magnitude = pick_magnitude(&seed);
	raw.start.negative = fuzz_mix(&seed) & 1;
	raw.stop_kind = (enum range_stop)(fuzz_mix(&seed) % 3);
	raw.stop.magnitude = raw.stop_kind == RANGE_TO_EOF ? 0 :
	    pick_magnitude(&seed);
	raw.stop.negative = raw.stop_kind != RANGE_TO_EOF &&
	    (fuzz_mix(&seed) & 1);
	resolve_everywhere(&raw, &seed);

	free(spec);
	return 0;
}
