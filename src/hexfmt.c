/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt.c - xxd's default layout, a whole line at a time.
 *
 * Whole lines are formatted in a tight loop, with no per-byte branch or
 * printf-like work.  Two implementations: with SSE2 (all of x86-64) a
 * line's 16 bytes are one vector, split into nibbles, turned into digits
 * by compare-and-add, interleaved, and stored as eight overlapping 8-byte
 * pieces "xxxx    " 5 bytes apart, so that each piece's spaces are
 * overwritten by the next group and the last one leaves the two spaces
 * before the text; the text column is a compare-and-select.  The
 * portable one takes hex digits from a 256-entry table of digit pairs
 * and computes the text column a machine word at a time.  The address
 * digits only grow at 0x100000000, 0x1000000000, ...: lines are
 * formatted in runs of one address width, and the common 8-digit run has
 * its own loop.  The best implementation this CPU runs is chosen on
 * first use.
 */
#include "config.h"

#include "hexfmt.h"

#include <stdbool.h>
#include <string.h>

#include "simd.h"

#define HEX_ROW(h) \
	h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
	h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"

/* The two digits of every byte value, in order: see hex_pair. */
static const char hex_pairs[] =
    HEX_ROW("0") HEX_ROW("1") HEX_ROW("2") HEX_ROW("3")
    HEX_ROW("4") HEX_ROW("5") HEX_ROW("6") HEX_ROW("7")
    HEX_ROW("8") HEX_ROW("9") HEX_ROW("a") HEX_ROW("b")
    HEX_ROW("c") HEX_ROW("d") HEX_ROW("e") HEX_ROW("f");

/* The two digits of the byte b. */
static inline const char *
hex_pair(unsigned b)
{
	return hex_pairs + 2 * (size_t)b;
}

/* Columns from the end of ": " to the text: 8 * "xxxx " and " ". */
#define HEX_COLUMNS 41

/* A full line of an address of `digits` digits. */
#define FULL_LINE(digits) ((digits) + 2 + HEX_COLUMNS + HEXFMT_LINE_BYTES + 1)

/* Text column, 8 bytes at a time: byte order does not matter here. */
#define TEXT_ONES UINT64_C(0x0101010101010101)
#define TEXT_HIGH (TEXT_ONES * 0x80)
#define TEXT_LOW7 (TEXT_ONES * 0x7f)

static inline void
put_text8(char *out, const unsigned char *bytes)
{
	uint64_t c, x, ge20, ge7f, printable, keep;

	memcpy(&c, bytes, sizeof c);
	/* On the low 7 bits no byte carries into the next. */
	x = c & TEXT_LOW7;
	ge20 = x + TEXT_ONES * (0x80 - 0x20);	/* high bit: x >= 0x20 */
	ge7f = x + TEXT_ONES * (0x80 - 0x7f);	/* high bit: x >= 0x7f */
	printable = ge20 & ~ge7f & ~c & TEXT_HIGH;
	keep = (printable >> 7) * 0xff;
	c = (c & keep) | (TEXT_ONES * '.' & ~keep);
	memcpy(out, &c, sizeof c);
}

/* Hex digits an address takes in xxd's "%08lx" layout. */
static size_t
address_digits(uint64_t address)
{
	size_t digits = 8;

	while (digits < 16 && (address >> (4 * digits)) != 0)
		digits++;
	return digits;
}

/* The first address that takes more digits than `digits` (0: none). */
static uint64_t
address_limit(size_t digits)
{
	return digits >= 16 ? 0 : (uint64_t)1 << (4 * digits);
}

static char *
put_address(char *out, uint64_t address, size_t digits)
{
	char *p = out + digits;

	for (; p - out >= 2; address >>= 8) {
		p -= 2;
		memcpy(p, hex_pair((unsigned)(address & 0xff)), 2);
	}
	if (p > out)
		*out = hex_pair((unsigned)(address & 0xf))[1];
	out[digits] = ':';
	out[digits + 1] = ' ';
	return out + digits + 2;
}

/* The 8-digit address of every file under 4 GiB, without a loop. */
static inline char *
put_address8(char *out, uint32_t address)
{
	memcpy(out, hex_pair(address >> 24), 2);
	memcpy(out + 2, hex_pair(address >> 16 & 0xff), 2);
	memcpy(out + 4, hex_pair(address >> 8 & 0xff), 2);
	memcpy(out + 6, hex_pair((unsigned)(address & 0xff)), 2);
	out[8] = ':';
	out[9] = ' ';
	return out + 10;
}

/* The hex and text columns of a full line, and its '\n'. */
static inline char *
put_body(char *out, const unsigned char *b)
{
	size_t g;

	for (g = 0; g < 8; g++, out += 5, b += 2) {
		memcpy(out, hex_pair(b[0]), 2);
		memcpy(out + 2, hex_pair(b[1]), 2);
		out[4] = ' ';
	}
	out[0] = ' ';
	put_text8(out + 1, b - 16);
	put_text8(out + 9, b - 8);
	out[17] = '\n';
	return out + 18;
}

size_t
hexfmt_line_length(uint64_t address, size_t n)
{
	return address_digits(address) + 2 + HEX_COLUMNS + n + 1;
}

size_t
hexfmt_line(char *out, uint64_t address, const unsigned char *bytes,
    size_t n)
{
	char *hex = put_address(out, address, address_digits(address)), *text;
	size_t i;

	if (n == HEXFMT_LINE_BYTES)
		return (size_t)(put_body(hex, bytes) - out);
	memset(hex, ' ', HEX_COLUMNS);
	text = hex + HEX_COLUMNS;
	for (i = 0; i < n; i++) {
		memcpy(hex + 5 * (i / 2) + 2 * (i % 2), hex_pair(bytes[i]), 2);
		text[i] = (char)(bytes[i] >= 0x20 && bytes[i] < 0x7f ?
		    bytes[i] : '.');
	}
	text[n] = '\n';
	return (size_t)(text + n + 1 - out);
}

/*
 * An implementation: whole lines, `lines` of them, of 8-digit addresses
 * (lines8) or of `digits` digits; each returns the end of its text.
 */
struct formatter {
	const char *name;
	bool (*usable)(void);
	char *(*lines8)(char *out, uint64_t address,
	    const unsigned char *bytes, size_t lines);
	char *(*lines_wide)(char *out, uint64_t address,
	    const unsigned char *bytes, size_t lines, size_t digits);
};

static bool
usable_always(void)
{
	return true;
}

static char *
lines8_portable(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines)
{
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = put_body(put_address8(out, (uint32_t)address), bytes);
	return out;
}

static char *
lines_wide_portable(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines, size_t digits)
{
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = put_body(put_address(out, address, digits), bytes);
	return out;
}

#ifdef SIMD_X86
static bool
usable_sse2(void)
{
	return simd_have_sse2();
}

/* Each byte's nibbles (0..15) as lowercase hex digits. */
SIMD_TARGET_SSE2 static inline __m128i
sse2_digits(__m128i nibbles)
{
	__m128i letter = _mm_cmpgt_epi8(nibbles, _mm_set1_epi8(9));

	return _mm_add_epi8(_mm_add_epi8(nibbles, _mm_set1_epi8('0')),
	    _mm_and_si128(letter, _mm_set1_epi8('a' - '0' - 10)));
}

/* Two groups "xxxx    xxxx    ", as 8-byte pieces, at out and out + 5. */
SIMD_TARGET_SSE2 static inline void
sse2_put_groups(char *out, __m128i two)
{
	_mm_storel_epi64((__m128i *)(void *)out, two);
	_mm_storel_epi64((__m128i *)(void *)(out + 5), _mm_srli_si128(two, 8));
}

SIMD_TARGET_SSE2 static inline char *
sse2_put_body(char *out, const unsigned char *b)
{
	const __m128i low = _mm_set1_epi8(0x0f), spaces = _mm_set1_epi8(' ');
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
	__m128i hi = sse2_digits(_mm_and_si128(_mm_srli_epi16(v, 4), low));
	__m128i lo = sse2_digits(_mm_and_si128(v, low));
	__m128i first = _mm_unpacklo_epi8(hi, lo);
	__m128i last = _mm_unpackhi_epi8(hi, lo);
	/* Signed compares: bytes from 0x80 up are negative, not text. */
	__m128i text = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));

	sse2_put_groups(out, _mm_unpacklo_epi32(first, spaces));
	sse2_put_groups(out + 10, _mm_unpackhi_epi32(first, spaces));
	sse2_put_groups(out + 20, _mm_unpacklo_epi32(last, spaces));
	sse2_put_groups(out + 30, _mm_unpackhi_epi32(last, spaces));
	/* The last piece left spaces at out[39] and out[40]. */
	text = _mm_or_si128(_mm_and_si128(text, v),
	    _mm_andnot_si128(text, _mm_set1_epi8('.')));
	_mm_storeu_si128((__m128i *)(void *)(out + HEX_COLUMNS), text);
	out[HEX_COLUMNS + HEXFMT_LINE_BYTES] = '\n';
	return out + HEX_COLUMNS + HEXFMT_LINE_BYTES + 1;
}

SIMD_TARGET_SSE2 static char *
lines8_sse2(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines)
{
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = sse2_put_body(put_address8(out, (uint32_t)address),
		    bytes);
	return out;
}

SIMD_TARGET_SSE2 static char *
lines_wide_sse2(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines, size_t digits)
{
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = sse2_put_body(put_address(out, address, digits), bytes);
	return out;
}
#endif /* SIMD_X86 */

/* Best first: the first usable one is the default. */
static const struct formatter formatters[] = {
#ifdef SIMD_X86
	{ "sse2", usable_sse2, lines8_sse2, lines_wide_sse2 },
#endif
	{ "portable", usable_always, lines8_portable, lines_wide_portable },
};

#define FORMATTER_COUNT (sizeof formatters / sizeof formatters[0])

static const struct formatter *active;

static const struct formatter *
formatter(void)
{
	size_t i;

	if (active != NULL)
		return active;
	/* The last one, plain C, is always usable. */
	for (i = 0; !formatters[i].usable(); i++)
		continue;
	active = &formatters[i];
	return active;
}

const char *
hexfmt_variant_name(size_t i)
{
	return i < FORMATTER_COUNT ? formatters[i].name : NULL;
}

const char *
hexfmt_variant(void)
{
	return formatter()->name;
}

bool
hexfmt_use_variant(const char *name)
{
	size_t i;

	for (i = 0; i < FORMATTER_COUNT; i++) {
		if (strcmp(formatters[i].name, name) != 0)
			continue;
		if (!formatters[i].usable())
			return false;
		active = &formatters[i];
		return true;
	}
	return false;
}

size_t
hexfmt_lines(char *out, size_t out_cap, uint64_t address,
    const unsigned char *bytes, size_t n, size_t *consumed)
{
	size_t done = 0, lines, digits, room;
	const struct formatter *f = formatter();
	uint64_t limit;
	char *end = out;

	while (n - done >= HEXFMT_LINE_BYTES) {
		digits = address_digits(address);
		room = out_cap - (size_t)(end - out);
		lines = (n - done) / HEXFMT_LINE_BYTES;
		if (lines > room / FULL_LINE(digits))
			lines = room / FULL_LINE(digits);
		/* Lines that start below the next width all take `digits`. */
		limit = address_limit(digits);
		if (limit != 0 && lines > (limit - address + 15) / 16)
			lines = (size_t)((limit - address + 15) / 16);
		if (lines == 0)
			break;
		end = digits == 8 ? f->lines8(end, address, bytes + done,
		    lines) : f->lines_wide(end, address, bytes + done, lines,
		    digits);
		done += lines * HEXFMT_LINE_BYTES;
		address += (uint64_t)lines * HEXFMT_LINE_BYTES;
	}
	*consumed = done;
	return (size_t)(end - out);
}
