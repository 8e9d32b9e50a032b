/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_lines.c - libFuzzer target for lines_parse_spec (src/linespec.c).
 *
 * Input: the spec (up to its first NUL).
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
	}
	free(spec);
	return 0;
}
