/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_number.c - libFuzzer target for number_parse (src/number.c).
 *
 * Input: the text to parse (up to its first NUL).
 * Oracles, each abort()ing when violated:
 *  - number_parse agrees with an independent reference parser written
 *    from the man page, NUMBERS (status, sign, magnitude);
 *  - a parsed value stays within int64: magnitude <= 2^63 - 1, or 2^63
 *    when negative;
 *  - round trip: the value written back in decimal with its sign (and
 *    with a '+', leading zeros, in hex, and with every suffix that divides
 *    it exactly) parses to the same sign and magnitude;
 *  - number_status_reason gives a non-empty text for every status.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "fuzz_ref.h"

static void
expect_same(const char *text, const struct number *want, const char *from)
{
	struct number again = { 0, false };
	enum number_status s = number_parse(text, &again);

	ORACLE(s == NUMBER_OK, "'%s' (written back from '%s') does not "
	    "parse: %s", text, from, ref_status_name(s));
	ORACLE(again.magnitude == want->magnitude &&
	    again.negative == want->negative,
	    "'%s' (written back from '%s') parses to %s%" PRIu64
	    ", not %s%" PRIu64, text, from, again.negative ? "-" : "+",
	    again.magnitude, want->negative ? "-" : "+", want->magnitude);
	/* The reference must agree on the written-back form too. */
	(void)ref_check_number(text, NULL);
}

static void
round_trip(const struct number *n, const char *from)
{
	static const char letters[] = "KMGTPE";
	const char *sign = n->negative ? "-" : "";
	char text[128];
	uint64_t pow1024 = 1, pow1000 = 1;
	unsigned e;

	snprintf(text, sizeof text, "%s%" PRIu64, sign, n->magnitude);
	expect_same(text, n, from);
	snprintf(text, sizeof text, "%s000%" PRIu64, sign, n->magnitude);
	expect_same(text, n, from);
	snprintf(text, sizeof text, "%s0x%" PRIx64, sign, n->magnitude);
	expect_same(text, n, from);
	snprintf(text, sizeof text, "%s0X%" PRIX64, sign, n->magnitude);
	expect_same(text, n, from);
	if (!n->negative) {
		snprintf(text, sizeof text, "+%" PRIu64, n->magnitude);
		expect_same(text, n, from);
	}
	for (e = 1; e <= 6; e++) {
		pow1024 *= 1024;
		pow1000 *= 1000;
		if (n->magnitude % pow1024 == 0) {
			snprintf(text, sizeof text, "%s%" PRIu64 "%c", sign,
			    n->magnitude / pow1024, letters[e - 1]);
			expect_same(text, n, from);
			snprintf(text, sizeof text, "%s%" PRIu64 "%ciB", sign,
			    n->magnitude / pow1024, letters[e - 1] + 32);
			expect_same(text, n, from);
		}
		if (n->magnitude % pow1000 == 0) {
			snprintf(text, sizeof text, "%s%" PRIu64 "%cB", sign,
			    n->magnitude / pow1000, letters[e - 1]);
			expect_same(text, n, from);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	char show[512];
	struct number n = { 0, false };
	enum number_status s;
	const char *reason;

	s = ref_check_number(text, &n);
	reason = number_status_reason(s);
	ORACLE(reason != NULL && *reason != '\0', "empty reason for %s",
	    ref_status_name(s));
	if (s == NUMBER_OK) {
		ORACLE(n.magnitude <= (uint64_t)INT64_MAX ||
		    (n.negative && n.magnitude == (uint64_t)INT64_MAX + 1),
		    "'%s' parses to %s%" PRIu64 ", outside int64",
		    fuzz_show(text, show, sizeof show),
		    n.negative ? "-" : "+", n.magnitude);
		round_trip(&n, fuzz_show(text, show, sizeof show));
	}
	free(text);
	return 0;
}
