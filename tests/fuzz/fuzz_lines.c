/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_lines.c - libFuzzer target for lines_parse_spec and the selection
 * rules (src/linespec.c).
 *
 * Input: the spec (up to its first NUL); the bytes after the NUL, if any,
 * give a line count (0..299, or a large one).
 * Oracle (abort() when violated): lines_parse_spec agrees with a reference
 * written from the contract (bat's --line-range syntax):
 *   "N"     just line N                      (N a number, not 0 / -0)
 *   "N:"    N to the last line
 *   ":M"    1 to M                           (M a number, not 0 / -0)
 *   "N:M"
 *   "N:+K"  N to N+K, K a count: it starts with a digit (no sign)
 *   an empty N before ':' means line 1; numbers as everywhere (suffixes,
 *   hex, a sign; negative counts from the last line).
 * Status, number status and every field of the request must agree.
 *
 * For a spec that parses, the rules are checked against a brute-force
 * model in signed arithmetic, line by line: N and M resolved (negative
 * counts from the last line, so they may fall at or before line 0;
 * "N" is N..N, "N:" N..lines, "N:+K" N..N+K), M < N is N..N when both
 * lie at line 1 or later (sed), and line i is selected when N <= i <= M;
 * the spec asks beyond the input when N or M lies before line 1 or past
 * the last.  lines_resolve must give exactly the lines selected, and
 * lines_forward_last and lines_stream_hold what the contract says.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linespec.h"
#include "number.h"
#include "fuzz_ref.h"

/* One line number: a number, and not zero. */
static enum lines_spec_status
ref_line_number(const char *text, struct number *out, enum number_status *ns)
{
	*ns = ref_number_parse(text, out);
	if (*ns != NUMBER_OK)
		return LINES_SPEC_BAD_NUMBER;
	return out->magnitude == 0 ? LINES_SPEC_ZERO : LINES_SPEC_OK;
}

static enum lines_spec_status
ref_lines_parse(const char *spec, struct lines_request *out,
    enum number_status *ns)
{
	size_t n = strlen(spec), colon = strcspn(spec, ":");
	enum lines_spec_status st;
	const char *last;
	char *first;

	memset(out, 0, sizeof *out);
	*ns = NUMBER_OK;
	out->first = (struct number){ 1, false };
	if (colon == n) {
		out->last_kind = LINES_LAST_SAME;
		return ref_line_number(spec, &out->first, ns);
	}
	if (colon > 0) {
		first = fuzz_strndup((const uint8_t *)spec, colon);
		st = ref_line_number(first, &out->first, ns);
		free(first);
		if (st != LINES_SPEC_OK)
			return st;
	}
	last = spec + colon + 1;
	if (*last == '\0') {
		out->last_kind = LINES_LAST_EOF;
		return LINES_SPEC_OK;
	}
	if (*last == '+') {
		out->last_kind = LINES_LAST_PLUS;
		if (last[1] < '0' || last[1] > '9')
			return LINES_SPEC_BAD_PLUS;
		*ns = ref_number_parse(last + 1, &out->last);
		/* A count after a digit cannot be negative: 0 is allowed. */
		return *ns == NUMBER_OK ? LINES_SPEC_OK :
		    LINES_SPEC_BAD_NUMBER;
	}
	out->last_kind = LINES_LAST_LINE;
	return ref_line_number(last, &out->last, ns);
}

/* The line count from the bytes after the spec's NUL. */
static long long
line_count(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t rest = nul != NULL ? size - (size_t)(nul + 1 - data) : 0;

	if (rest == 0)
		return 5;
	if (rest >= 2 && nul[1] == 0xff)
		return (long long)1 << 39;	/* many lines: no loop */
	return (long long)(nul[1] % 200) + (rest >= 2 ? nul[2] % 100 : 0);
}

/* A resolved line number of the model: may be 0 or less. */
static long long
model_line(const struct number *n, long long lines)
{
	return n->negative ? lines - (long long)n->magnitude + 1 :
	    (long long)n->magnitude;
}

/* The rules, for specs whose numbers are small enough to model. */
static void
check_rules(const char *show, const struct lines_request *r,
    long long lines)
{
	long long n = model_line(&r->first, lines), m, i, lo = 0, hi = -1;
	struct lines_interval iv = lines_resolve(r, (uint64_t)lines);
	bool beyond;

	m = r->last_kind == LINES_LAST_SAME ? n :
	    r->last_kind == LINES_LAST_EOF ? lines :
	    r->last_kind == LINES_LAST_PLUS ? n + (long long)r->last.magnitude :
	    model_line(&r->last, lines);
	if (n >= 1 && m >= 1 && m < n)
		m = n;
	beyond = n < 1 || m < 1 || n > lines || m > lines;
	for (i = 1; i <= lines && i <= 1000; i++) {
		if (i < n || i > m)
			continue;
		if (hi < lo)
			lo = i;
		hi = i;
	}
	if (lines > 1000) {	/* too many to walk: the same by bounds */
		lo = n > 1 ? n : 1;
		hi = m < lines ? m : lines;
	}
	ORACLE(iv.asks_beyond == beyond, "'%s' on %lld lines: asks beyond %d, "
	    "model %d", show, lines, iv.asks_beyond, beyond);
	if (hi < lo)
		ORACLE(iv.first > iv.last, "'%s' on %lld lines: lines %" PRIu64
		    "-%" PRIu64 ", model none", show, lines, iv.first, iv.last);
	else
		ORACLE(iv.first == (uint64_t)lo && iv.last == (uint64_t)hi,
		    "'%s' on %lld lines: lines %" PRIu64 "-%" PRIu64
		    ", model %lld-%lld", show, lines, iv.first, iv.last, lo, hi);
	if (!lines_counts_from_end(r) && r->last_kind != LINES_LAST_EOF)
		ORACLE(lines_forward_last(r) == (uint64_t)m, "'%s': forward "
		    "last %" PRIu64 ", model %lld", show,
		    lines_forward_last(r), m);
}

/* The most lines a stream pass holds: what the man page promises. */
static void
check_hold(const char *show, const struct lines_request *r)
{
	uint64_t held = lines_stream_hold(r, false);
	uint64_t k = r->first.negative ? r->first.magnitude : 0;
	uint64_t l = r->last_kind == LINES_LAST_LINE && r->last.negative ?
	    r->last.magnitude - 1 : 0;

	ORACLE(held == (k > l ? k : l), "'%s': holds %" PRIu64 " lines, "
	    "expected max(K, L - 1) = %" PRIu64, show, held, k > l ? k : l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_strndup(data, size), show[512];
	struct lines_request got, want;
	enum number_status gns = NUMBER_OK, wns = NUMBER_OK;
	enum lines_spec_status gst, wst;

	memset(&got, 0x5a, sizeof got);
	gst = lines_parse_spec(spec, &got, &gns);
	wst = ref_lines_parse(spec, &want, &wns);
	fuzz_show(spec, show, sizeof show);
	ORACLE(gst == wst, "lines_parse_spec('%s') = %d, reference %d", show,
	    (int)gst, (int)wst);
	if (gst == LINES_SPEC_BAD_NUMBER)
		ORACLE(gns == wns && gns != NUMBER_OK,
		    "lines_parse_spec('%s'): number status %s, reference %s",
		    show, ref_status_name(gns), ref_status_name(wns));
	if (gst == LINES_SPEC_ZERO || gst == LINES_SPEC_OK)
		ORACLE(gns == NUMBER_OK, "lines_parse_spec('%s'): status %d "
		    "with number status %s", show, (int)gst,
		    ref_status_name(gns));
	if (gst == LINES_SPEC_OK) {
		ORACLE(got.first.magnitude == want.first.magnitude &&
		    got.first.negative == want.first.negative &&
		    got.last_kind == want.last_kind,
		    "lines_parse_spec('%s'): first %s%" PRIu64 " kind %d, "
		    "reference %s%" PRIu64 " kind %d", show,
		    got.first.negative ? "-" : "+", got.first.magnitude,
		    (int)got.last_kind, want.first.negative ? "-" : "+",
		    want.first.magnitude, (int)want.last_kind);
		ORACLE(got.first.magnitude >= 1, "first line 0 accepted");
		if (got.last_kind == LINES_LAST_LINE ||
		    got.last_kind == LINES_LAST_PLUS)
			ORACLE(got.last.magnitude == want.last.magnitude &&
			    got.last.negative == want.last.negative,
			    "lines_parse_spec('%s'): last %s%" PRIu64
			    ", reference %s%" PRIu64, show,
			    got.last.negative ? "-" : "+", got.last.magnitude,
			    want.last.negative ? "-" : "+",
			    want.last.magnitude);
		if (got.last_kind == LINES_LAST_LINE)
			ORACLE(got.last.magnitude >= 1, "last line 0 accepted");
		if (got.last_kind == LINES_LAST_PLUS)
			ORACLE(!got.last.negative, "negative +K accepted");
		check_hold(show, &got);
		if (got.first.magnitude < ((uint64_t)1 << 40) &&
		    got.last.magnitude < ((uint64_t)1 << 40))
			check_rules(show, &got, line_count(data, size));
	}
	free(spec);
	return 0;
}
