/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * number.c - parse "[+-]DIGITS[SUFFIX]" and "[+-]0xHEX".
 *
 * Suffixes follow the usual Unix tools: K M G T P E (either case) and the
 * same letter followed by "iB" are powers of 1024; the letter followed by
 * "B" is a power of 1000 (kB, MB, ...).  Hex takes no suffix, since B and E
 * are hex digits and "0x1E" must stay thirty.
 */
#include "config.h"

#include "number.h"

#include <stddef.h>
#include <string.h>

const char number_syntax_hint[] =
    "expected an integer: decimal digits with an optional K/M/G/T/P/E "
    "suffix (KiB = 1024, kB = 1000), or 0x followed by hex digits";

/* The largest magnitude each sign may carry: INT64_MAX, or 2^63 negated. */
#define MAGNITUDE_MAX_POSITIVE ((uint64_t)INT64_MAX)
#define MAGNITUDE_MAX_NEGATIVE ((uint64_t)INT64_MAX + 1u)

static int
hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Accumulate digits of the given base from *p while they last.  Returns the
 * number of digits consumed; sets *overflow once the value passes limit.
 */
static size_t
accumulate_digits(const char **p, unsigned base, uint64_t limit,
    uint64_t *value, bool *overflow)
{
	size_t count = 0;
	int digit;

	while ((digit = hex_digit_value(**p)) >= 0 && (unsigned)digit < base) {
		if (*value > (limit - (unsigned)digit) / base)
			*overflow = true;
		else
			*value = *value * base + (unsigned)digit;
		(*p)++;
		count++;
	}
	return count;
}

/* Position of c in "KMGTPE" plus one (the exponent), or 0. */
static unsigned
suffix_exponent(char c)
{
	static const char letters[] = "KMGTPE";
	const char *hit;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == '\0' || (hit = strchr(letters, c)) == NULL)
		return 0;
	return (unsigned)(hit - letters) + 1;
}

/*
 * Parse an optional size suffix at p, which must end the text.  Sets
 * *multiplier_out; returns false when the suffix is malformed or the
 * multiplier itself cannot be represented (it always can: 1024^6 < 2^63).
 */
static bool
parse_suffix(const char *p, uint64_t *multiplier_out)
{
	unsigned exponent, i;
	uint64_t base, multiplier = 1;

	if (*p == '\0') {
		*multiplier_out = 1;
		return true;
	}
	exponent = suffix_exponent(*p);
	if (exponent == 0)
		return false;
	p++;
	if (*p == '\0' || strcmp(p, "iB") == 0)
		base = 1024;
	else if (strcmp(p, "B") == 0)
		base = 1000;
	else
		return false;
	for (i = 0; i < exponent; i++)
		multiplier *= base;
	*multiplier_out = multiplier;
	return true;
}

enum number_status
number_parse(const char *text, struct number *out)
{
	const char *p = text;
	bool negative = false, overflow = false;
	uint64_t value = 0, limit, multiplier = 1;

	if (*p == '-' || *p == '+')
		negative = (*p++ == '-');
	limit = negative ? MAGNITUDE_MAX_NEGATIVE : MAGNITUDE_MAX_POSITIVE;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		if (accumulate_digits(&p, 16, limit, &value, &overflow) == 0 ||
		    *p != '\0')
			return NUMBER_INVALID;
	} else {
		if (accumulate_digits(&p, 10, limit, &value, &overflow) == 0 ||
		    !parse_suffix(p, &multiplier))
			return NUMBER_INVALID;
	}
	if (overflow || (value != 0 && multiplier > limit / value))
		return NUMBER_TOO_LARGE;

	out->magnitude = value * multiplier;
	out->negative = negative;
	return NUMBER_OK;
}

const char *
number_status_reason(enum number_status status)
{
	switch (status) {
	case NUMBER_OK:
		return "no error";
	case NUMBER_TOO_LARGE:
		return "number too large";
	case NUMBER_INVALID:
		break;
	}
	return number_syntax_hint;
}
