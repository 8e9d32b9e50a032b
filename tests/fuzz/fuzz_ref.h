/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_ref.h - what the fuzz targets share: an oracle failure that aborts
 * with a message, a NUL-terminated copy of the fuzz input, a reference
 * number parser written from the man page, NUMBERS, not from
 * src/number.c, and a brute-force model of the lines an -L spec prints,
 * written from the man page, LINE RANGES, not from src/linespec.c.
 *
 * The reference works in unsigned __int128 with saturation, so it needs no
 * overflow reasoning of its own: a digit string longer than 2^64 is held
 * at 2^64, which is above every limit, and 2^64 times the largest
 * multiplier (1024^6 = 2^60) still fits in 128 bits.
 */
#ifndef MMCAT_FUZZ_REF_H
#define MMCAT_FUZZ_REF_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linespec.h"
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

/*
 * *fd, a memfd named name made at the first call, emptied and rewound:
 * where a target's standard output goes, one input after another.
 */
static inline void
fuzz_empty_memfd(int *fd, const char *name)
{
	if (*fd < 0 && (*fd = memfd_create(name, 0)) < 0)
		oracle_fail("memfd_create: %s", strerror(errno));
	if (ftruncate(*fd, 0) != 0 || lseek(*fd, 0, SEEK_SET) != 0)
		oracle_fail("cannot empty the memfd: %s", strerror(errno));
}

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

/* ---- LINE RANGES ------------------------------------------------------ */

/*
 * Where every line of content[0..len) starts, a line ending with the
 * byte term ('\n', or '\0' under -z): line i (1-based) is
 * content[starts[i - 1], starts[i]).  A line ends just past its
 * terminator; a last line without one counts.  starts has room for
 * len + 2 entries.  Returns the number of lines.
 */
FUZZ_HELPER uint64_t
ref_record_starts(const unsigned char *content, size_t len,
    unsigned char term, uint64_t *starts)
{
	uint64_t lines = 0;
	size_t j;

	starts[0] = 0;
	for (j = 0; j < len; j++)
		if (content[j] == term)
			starts[++lines] = j + 1;
	if (len > 0 && content[len - 1] != term)
		starts[++lines] = len;
	return lines;
}

/* The same for lines that end with a newline. */
FUZZ_HELPER uint64_t
ref_line_starts(const unsigned char *content, size_t len, uint64_t *starts)
{
	return ref_record_starts(content, len, '\n', starts);
}

/* The bytes an -L spec selects, and whether --strict refuses it. */
struct ref_lines {
	bool empty;		/* no line of it exists: nothing printed */
	uint64_t begin, end;	/* the bytes of the lines printed */
	bool refused;		/* it names a line the input lacks */
};

/*
 * The man page, LINE RANGES.  The spec names lines first..last,
 * negatives resolved against the line count (so they may lie before
 * line 1); the lines of that interval that exist are printed, and under
 * --strict a spec naming a line the input lacks is refused.  sed's rule,
 * M < N prints line N, holds where N and M are lines (a negative M
 * before line 1 selects nothing); N:+K is N to N+K.  starts and lines as
 * ref_line_starts gives them.
 */
FUZZ_HELPER void
ref_lines_select(const struct lines_request *r, const uint64_t *starts,
    uint64_t lines, struct ref_lines *e)
{
	__int128 first, last, lo, hi, n = (__int128)lines;

	memset(e, 0, sizeof *e);
	e->empty = true;
	e->refused = true;
	first = r->first.negative ? n - (__int128)r->first.magnitude + 1 :
	    (__int128)r->first.magnitude;
	switch (r->last_kind) {
	case LINES_LAST_SAME:
		last = first;
		break;
	case LINES_LAST_EOF:
		last = n;
		break;
	case LINES_LAST_PLUS:
		last = first + (__int128)r->last.magnitude;
		break;
	case LINES_LAST_LINE:
	default:
		last = r->last.negative ? n - (__int128)r->last.magnitude + 1 :
		    (__int128)r->last.magnitude;
		break;
	}
	if (first >= 1 && last >= 1 && last < first)
		last = first;		/* sed prints line N alone */
	lo = first < 1 ? 1 : first;
	hi = last > n ? n : last;
	if (lo > hi)
		return;		/* no line of the interval exists */
	e->refused = first < 1 || last > n;
	e->empty = false;
	e->begin = starts[lo - 1];
	e->end = starts[hi];
}

/* A request for messages: "first -3 LINE +7". */
FUZZ_HELPER const char *
ref_lines_request_text(const struct lines_request *r, char *buf,
    size_t buflen)
{
	static const char *const kinds[] = { "SAME", "EOF", "LINE", "PLUS" };

	snprintf(buf, buflen, "first %s%" PRIu64 " %s %s%" PRIu64,
	    r->first.negative ? "-" : "+", r->first.magnitude,
	    (unsigned)r->last_kind < 4 ? kinds[r->last_kind] : "?",
	    r->last.negative ? "-" : "+", r->last.magnitude);
	return buf;
}

/* A line number near the input's edges: 1, 2, lines, lines +- 1, ... */
FUZZ_HELPER struct number
fuzz_pick_line(uint64_t *seed, uint64_t lines, bool may_be_negative)
{
	uint64_t x = fuzz_mix(seed);
	struct number n;

	switch (x % 6) {
	case 0: n.magnitude = 1; break;
	case 1: n.magnitude = lines > 0 ? lines : 1; break;
	case 2: n.magnitude = lines + 1; break;
	case 3: n.magnitude = lines > 1 ? lines - 1 : 1; break;
	case 4: n.magnitude = (uint64_t)INT64_MAX + (x >> 63); break;
	default: n.magnitude = 1 + (x >> 8) % (lines + 3); break;
	}
	n.negative = may_be_negative && ((x >> 4) & 1);
	/* What number_parse allows. */
	if (!n.negative && n.magnitude > (uint64_t)INT64_MAX)
		n.magnitude = (uint64_t)INT64_MAX;
	return n;
}

/* A request of any form (N, N:, N:M, :M, N:+K) with lines near the edges. */
FUZZ_HELPER void
fuzz_pick_lines_request(uint64_t *seed, uint64_t lines,
    struct lines_request *r)
{
	memset(r, 0, sizeof *r);
	r->first = fuzz_pick_line(seed, lines, true);
	r->last_kind = (enum lines_last)(fuzz_mix(seed) % 4);
	if (r->last_kind == LINES_LAST_PLUS)
		r->last.magnitude = fuzz_mix(seed) % 4 == 0 ?
		    UINT64_MAX >> 1 : fuzz_mix(seed) % (lines + 2);
	else if (r->last_kind == LINES_LAST_LINE)
		r->last = fuzz_pick_line(seed, lines, true);
}

#endif
