/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_ref.h - what the fuzz targets share: an oracle failure that aborts
 * with a message, a NUL-terminated copy of the fuzz input, and a reference
 * number parser written from the man page, NUMBERS, not from
 * src/number.c.
 *
 * The reference works in unsigned __int128 with saturation, so it needs no
 * overflow reasoning of its own: a digit string longer than 2^64 is held
 * at 2^64, which is above every limit, and 2^64 times the largest
 * multiplier (1024^6 = 2^60) still fits in 128 bits.
 */
#ifndef MMCAT_FUZZ_REF_H
#define MMCAT_FUZZ_REF_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

typedef unsigned __int128 u128;

/* Not every target uses every helper below. */
#define FUZZ_HELPER static __attribute__((unused))

/* The entry point libFuzzer calls, once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant does not hold: say which, then abort (libFuzzer saves it). */
FUZZ_HELPER void __attribute__((noreturn, format(printf, 1, 2)))
oracle_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("ORACLE FAILURE: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define ORACLE(cond, ...) do {						\
	if (!(cond))							\
		oracle_fail(__VA_ARGS__);				\
} while (0)

/* The first len bytes of data up to the first NUL, as a C string. */
FUZZ_HELPER char *
fuzz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* Printable rendering of a string for oracle messages. */
FUZZ_HELPER const char *
fuzz_show(const char *s, char *buf, size_t buflen)
{
	size_t n = 0;

	for (; *s != '\0' && n + 5 < buflen; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, buflen - n, "\\x%02x", c);
	}
	buf[n] = '\0';
	return buf;
}

FUZZ_HELPER const char *
ref_status_name(enum number_status s)
{
	return s == NUMBER_OK ? "OK" : s == NUMBER_INVALID ? "INVALID" :
	    s == NUMBER_TOO_LARGE ? "TOO_LARGE" : "?";
}

/*
 * The man page, NUMBERS: [+-] then either 0x/0X and one or more hex digits (no suffix),
 * or one or more decimal digits and at most one suffix: a letter of
 * KMGTPE in either case, then nothing or "iB" (1024^n) or "B" (1000^n).
 * Anything else is INVALID; a well-formed value above INT64_MAX (above
 * 2^63 when negative) is TOO_LARGE.
 */
FUZZ_HELPER enum number_status
ref_number_parse(const char *text, struct number *out)
{
	static const u128 cap = (u128)1 << 64;
	const char *p = text;
	bool negative = false;
	u128 value = 0, multiplier = 1, limit;
	unsigned digits = 0, exponent = 0, base = 0, i;

	if (*p == '+') {
		p++;
	} else if (*p == '-') {
		negative = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (p += 2;; p++, digits++) {
			unsigned d;

			if (*p >= '0' && *p <= '9')
				d = (unsigned)(*p - '0');
			else if (*p >= 'a' && *p <= 'f')
				d = (unsigned)(*p - 'a') + 10;
			else if (*p >= 'A' && *p <= 'F')
				d = (unsigned)(*p - 'A') + 10;
			else
				break;
			value = value * 16 + d;
			if (value > cap)
				value = cap;
		}
		if (digits == 0 || *p != '\0')
			return NUMBER_INVALID;
	} else {
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			value = value * 10 + (unsigned)(*p - '0');
			if (value > cap)
				value = cap;
		}
		if (digits == 0)
			return NUMBER_INVALID;
		if (*p != '\0') {
			switch (*p) {
			case 'K': case 'k': exponent = 1; break;
			case 'M': case 'm': exponent = 2; break;
			case 'G': case 'g': exponent = 3; break;
			case 'T': case 't': exponent = 4; break;
			case 'P': case 'p': exponent = 5; break;
			case 'E': case 'e': exponent = 6; break;
			default: return NUMBER_INVALID;
			}
			p++;
			if (strcmp(p, "") == 0 || strcmp(p, "iB") == 0)
				base = 1024;
			else if (strcmp(p, "B") == 0)
				base = 1000;
			else
				return NUMBER_INVALID;
			for (i = 0; i < exponent; i++)
				multiplier *= base;
		}
	}
	value *= multiplier;
	limit = negative ? (u128)1 << 63 : ((u128)1 << 63) - 1;
	if (value > limit)
		return NUMBER_TOO_LARGE;
	out->magnitude = (uint64_t)value;
	out->negative = negative;
	return NUMBER_OK;
}

/* The real parser and the reference agree on text; abort if not. */
FUZZ_HELPER enum number_status
ref_check_number(const char *text, struct number *out)
{
	struct number got = { 12345, true }, want = { 54321, false };
	enum number_status gs = number_parse(text, &got);
	enum number_status ws = ref_number_parse(text, &want);
	char show[512];

	ORACLE(gs == ws, "number_parse('%s') = %s, reference says %s",
	    fuzz_show(text, show, sizeof show), ref_status_name(gs),
	    ref_status_name(ws));
	if (gs == NUMBER_OK)
		ORACLE(got.magnitude == want.magnitude &&
		    got.negative == want.negative,
		    "number_parse('%s') = %s%" PRIu64 ", reference says %s%"
		    PRIu64, fuzz_show(text, show, sizeof show),
		    got.negative ? "-" : "+", got.magnitude,
		    want.negative ? "-" : "+", want.magnitude);
	if (out != NULL && gs == NUMBER_OK)
		*out = got;
	return gs;
}

/* splitmix64: cheap, well-mixed values derived from fuzz bytes. */
FUZZ_HELPER uint64_t
fuzz_mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#endif
