/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfmt.c - xxd's layouts, a whole line at a time.
 *
 * xxd's default layout, the one most dumps use, has its own path.
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
 *
 * Every other layout goes through one formatter driven by the layout's
 * column table (hexlayout.c): the hex area is cleared to spaces and each
 * byte's digits stored at its column; decimal addresses, upper-case
 * digits, binary digits and colour are choices inside it, not copies of
 * it.
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

#define HEX_ROW_UPPER(h) \
	h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
	h "8" h "9" h "A" h "B" h "C" h "D" h "E" h "F"

static const char hex_pairs_upper[] =
    HEX_ROW_UPPER("0") HEX_ROW_UPPER("1") HEX_ROW_UPPER("2")
    HEX_ROW_UPPER("3") HEX_ROW_UPPER("4") HEX_ROW_UPPER("5")
    HEX_ROW_UPPER("6") HEX_ROW_UPPER("7") HEX_ROW_UPPER("8")
    HEX_ROW_UPPER("9") HEX_ROW_UPPER("A") HEX_ROW_UPPER("B")
    HEX_ROW_UPPER("C") HEX_ROW_UPPER("D") HEX_ROW_UPPER("E")
    HEX_ROW_UPPER("F");

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

/*
 * gcc 12's analyzer (tests/lint) reports the word memcpy fills as
 * uninitialized on the paths from hexfmt_line: a false positive.
 */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-use-of-uninitialized-value"
#endif
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
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic pop
#endif

/* Hex digits an address takes in xxd's "%08lx" layout. */
static size_t
address_digits(uint64_t address)
{
	size_t digits = 8;

	while (digits < 16 && (address >> (4 * digits)) != 0)
		digits++;
	return digits;
}

/* The first address that takes more digits than `digits` (0: 2^64). */
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

/* The digit pairs of every byte, in the case asked for. */
static inline const char *
pairs_of(bool upper)
{
	return upper ? hex_pairs_upper : hex_pairs;
}

/* The hex and text columns of a full line, and its '\n'. */
static inline char *
put_body(char *out, const unsigned char *b, const char *pairs)
{
	size_t g;

	for (g = 0; g < 8; g++, out += 5, b += 2) {
		memcpy(out, pairs + 2 * (size_t)b[0], 2);
		memcpy(out + 2, pairs + 2 * (size_t)b[1], 2);
		out[4] = ' ';
	}
	out[0] = ' ';
	put_text8(out + 1, b - 16);
	put_text8(out + 9, b - 8);
	out[17] = '\n';
	return out + 18;
}

/* A short line of the default layout. */
static size_t
default_line(char *out, uint64_t address, const unsigned char *bytes,
    size_t n, bool upper)
{
	char *hex = put_address(out, address, address_digits(address)), *text;
	const char *pairs = pairs_of(upper);
	size_t i;

	if (n == HEXFMT_LINE_BYTES)
		return (size_t)(put_body(hex, bytes, pairs) - out);
	memset(hex, ' ', HEX_COLUMNS);
	text = hex + HEX_COLUMNS;
	for (i = 0; i < n; i++) {
		memcpy(hex + 5 * (i / 2) + 2 * (i % 2),
		    pairs + 2 * (size_t)bytes[i], 2);
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
	    const unsigned char *bytes, size_t lines, bool upper);
	char *(*lines_wide)(char *out, uint64_t address,
	    const unsigned char *bytes, size_t lines, size_t digits,
	    bool upper);
};

static bool
usable_always(void)
{
	return true;
}

static char *
lines8_portable(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines, bool upper)
{
	const char *pairs = pairs_of(upper);
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = put_body(put_address8(out, (uint32_t)address), bytes,
		    pairs);
	return out;
}

static char *
lines_wide_portable(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines, size_t digits, bool upper)
{
	const char *pairs = pairs_of(upper);
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = put_body(put_address(out, address, digits), bytes,
		    pairs);
	return out;
}

#ifdef SIMD_X86
static bool
usable_sse2(void)
{
	return simd_have_sse2();
}

/* Each byte's nibbles (0..15) as hex digits, letters from 'a' or 'A'. */
SIMD_TARGET_SSE2 static inline __m128i
sse2_digits(__m128i nibbles, __m128i letters)
{
	__m128i letter = _mm_cmpgt_epi8(nibbles, _mm_set1_epi8(9));

	return _mm_add_epi8(_mm_add_epi8(nibbles, _mm_set1_epi8('0')),
	    _mm_and_si128(letter, letters));
}

/* What takes a nibble of 10 to its letter. */
SIMD_TARGET_SSE2 static inline __m128i
sse2_letters(bool upper)
{
	return _mm_set1_epi8(upper ? 'A' - '0' - 10 : 'a' - '0' - 10);
}

/* Two groups "xxxx    xxxx    ", as 8-byte pieces, at out and out + 5. */
SIMD_TARGET_SSE2 static inline void
sse2_put_groups(char *out, __m128i two)
{
	_mm_storel_epi64((__m128i *)(void *)out, two);
	_mm_storel_epi64((__m128i *)(void *)(out + 5), _mm_srli_si128(two, 8));
}

SIMD_TARGET_SSE2 static inline char *
sse2_put_body(char *out, const unsigned char *b, __m128i letters)
{
	const __m128i low = _mm_set1_epi8(0x0f), spaces = _mm_set1_epi8(' ');
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
	__m128i hi = sse2_digits(_mm_and_si128(_mm_srli_epi16(v, 4), low),
	    letters);
	__m128i lo = sse2_digits(_mm_and_si128(v, low), letters);
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
    size_t lines, bool upper)
{
	__m128i letters = sse2_letters(upper);
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = sse2_put_body(put_address8(out, (uint32_t)address),
		    bytes, letters);
	return out;
}

SIMD_TARGET_SSE2 static char *
lines_wide_sse2(char *out, uint64_t address, const unsigned char *bytes,
    size_t lines, size_t digits, bool upper)
{
	__m128i letters = sse2_letters(upper);
	size_t i;

	for (i = 0; i < lines; i++, address += 16, bytes += 16)
		out = sse2_put_body(put_address(out, address, digits), bytes,
		    letters);
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

/* Whole lines of the default layout (see hexfmt_lines). */
static size_t
default_lines(char *out, size_t out_cap, uint64_t address,
    const unsigned char *bytes, size_t n, bool upper, size_t *consumed)
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
		/* Past 16 digits the limit is 2^64: addresses wrap there. */
		limit = address_limit(digits);
		if (lines > (limit - address + 15) / 16)
			lines = (size_t)((limit - address + 15) / 16);
		if (lines == 0)
			break;
		end = digits == 8 ? f->lines8(end, address, bytes + done,
		    lines, upper) : f->lines_wide(end, address, bytes + done,
		    lines, digits, upper);
		done += lines * HEXFMT_LINE_BYTES;
		address += (uint64_t)lines * HEXFMT_LINE_BYTES;
	}
	*consumed = done;
	return (size_t)(end - out);
}

/* Every other layout: one formatter, driven by the layout. */



/* The two digits of b in the layout's case. */
static inline const char *
digit_pair(const struct hex_layout *layout, unsigned b)
{
	return (layout->upper ? hex_pairs_upper : hex_pairs) + 2 * (size_t)b;
}

/* The binary digits of each nibble. */
static const char nibble_bits[16][4] = {
	"0000", "0001", "0010", "0011", "0100", "0101", "0110", "0111",
	"1000", "1001", "1010", "1011", "1100", "1101", "1110", "1111"
};

static inline void
put_digits(const struct hex_layout *layout, char *out, unsigned b)
{
	if (layout->digits == 2) {
		memcpy(out, digit_pair(layout, b), 2);
		return;
	}
	memcpy(out, nibble_bits[b >> 4], 4);
	memcpy(out + 4, nibble_bits[b & 0xf], 4);
}

static inline char
text_char(unsigned char b)
{
	return (char)(b >= 0x20 && b < 0x7f ? b : '.');
}

/* The decimal digits of every value below 100, in pairs. */
static const char decimal_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/*
 * xxd -d's "%08ld" of the address as a signed long: at least 8 digits,
 * and addresses from 2^63 up negative, as xxd prints them.
 */
static char *
put_decimal_address(char *out, uint64_t address)
{
	char digits[24], *p = digits + sizeof digits;
	bool negative = address >= (UINT64_C(1) << 63);
	uint64_t v = negative ? 0 - address : address;
	size_t len, width = negative ? 7 : 8;

	while (v >= 100) {
		p -= 2;
		memcpy(p, decimal_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	p -= 2;
	memcpy(p, decimal_pairs + 2 * v, 2);
	if (*p == '0' && v < 10 && address != 0)
		p++;
	while ((size_t)(digits + sizeof digits - p) < width)
		*--p = '0';
	if (negative)
		*--p = '-';
	len = (size_t)(digits + sizeof digits - p);
	memcpy(out, p, len);
	out[len] = ':';
	out[len + 1] = ' ';
	return out + len + 2;
}

static char *
put_line_address(const struct hex_layout *layout, char *out,
    uint64_t address)
{
	if (layout->decimal)
		return put_decimal_address(out, address);
	return put_address(out, address, address_digits(address));
}

/* The byte classes colour tells apart, as hexyl does. */
enum byte_class {
	CLASS_NONE,
	CLASS_NUL,
	CLASS_PRINTABLE,
	CLASS_WHITESPACE,
	CLASS_OTHER_ASCII,
	CLASS_NON_ASCII
};

/* Each class's SGR sequence, padded so that it is copied in one piece. */
struct sgr {
	char text[16];
	size_t len;
};

static const struct sgr class_sgr[] = {
	[CLASS_NONE] = { "\033[0m", 4 },
	[CLASS_NUL] = { "\033[38;5;242m", 11 },
	[CLASS_PRINTABLE] = { "\033[36m", 5 },
	[CLASS_WHITESPACE] = { "\033[32m", 5 },
	[CLASS_OTHER_ASCII] = { "\033[35m", 5 },
	[CLASS_NON_ASCII] = { "\033[33m", 5 },
};

static enum byte_class
class_of(unsigned char b)
{
	if (b == 0)
		return CLASS_NUL;
	if (b >= 0x80)
		return CLASS_NON_ASCII;
	if (b == ' ' || (b >= '\t' && b <= '\r'))
		return CLASS_WHITESPACE;
	if (b > 0x20 && b < 0x7f)
		return CLASS_PRINTABLE;
	return CLASS_OTHER_ASCII;
}

/* Switch to class c unless it is already on; returns the new end. */
static inline char *
put_class(char *out, enum byte_class c, enum byte_class *on)
{
	if (c == *on)
		return out;
	memcpy(out, class_sgr[c].text, class_sgr[c].len);
	*on = c;
	return out + class_sgr[c].len;
}

/*
 * The same without a branch to mispredict: the whole padded sequence is
 * stored and the end moved past it only on a change.  What is stored past
 * the new end is overwritten by the digits that follow.
 */
static inline char *
switch_class(char *out, unsigned c, unsigned *on)
{
	memcpy(out, class_sgr[c].text, sizeof class_sgr[c].text);
	out += c != *on ? class_sgr[c].len : 0;
	*on = c;
	return out;
}

/* The reset at a column's end, stored exactly: a line may end after it. */
static inline char *
end_class(char *out, unsigned *on)
{
	if (*on == CLASS_NONE)
		return out;
	*on = CLASS_NONE;
	memcpy(out, class_sgr[CLASS_NONE].text, class_sgr[CLASS_NONE].len);
	return out + class_sgr[CLASS_NONE].len;
}

/*
 * Tables made on first use: each byte's class and text character, and
 * its "unit": its digits followed by two spaces, stored whole at the
 * byte's column, the next byte's unit overwriting the spaces; the last
 * byte's leaves exactly the two spaces before the text column.
 */
struct tables {
	unsigned char classes[256];
	char text[256];
	char hex_units[2][256][4];	/* lower, upper case */
	char bit_units[256][10];
};

static const struct tables *
tables(void)
{
	static struct tables t;
	static bool made;
	unsigned b, i;

	if (made)
		return &t;
	for (b = 0; b < 256; b++) {
		t.classes[b] = (unsigned char)class_of((unsigned char)b);
		t.text[b] = text_char((unsigned char)b);
		memcpy(t.hex_units[0][b], hex_pair(b), 2);
		memcpy(t.hex_units[1][b], hex_pairs_upper + 2 * (size_t)b, 2);
		memset(t.hex_units[0][b] + 2, ' ', 2);
		memset(t.hex_units[1][b] + 2, ' ', 2);
		for (i = 0; i < 8; i++)
			t.bit_units[b][i] = (char)('0' + ((b >> (7 - i)) & 1));
		memset(t.bit_units[b] + 8, ' ', 2);
	}
	made = true;
	return &t;
}

/*
 * Store byte b's unit (see struct tables) at out: a copy of constant
 * size, which the compiler makes one or two moves.
 */
static inline void
put_unit(const struct hex_layout *layout, const struct tables *t, char *out,
    unsigned b)
{
	if (layout->digits == 8)
		memcpy(out, t->bit_units[b], sizeof t->bit_units[b]);
	else
		memcpy(out, t->hex_units[layout->upper][b],
		    sizeof t->hex_units[0][b]);
}

/*
 * The hex column in byte order: a group's units 2 apart, then a space.
 * Inlined with g a constant for the usual groups, where the compiler
 * unrolls the inner loop; a group cut short by cols ends the line.
 */
static inline void
hex_groups(const char (*units)[4], char *out, const unsigned char *bytes,
    size_t cols, size_t g, size_t flip)
{
	size_t p = 0, i;

	for (; cols - p >= g; p += g, out += 2 * g + 1)
		for (i = 0; i < g; i++)
			memcpy(out + 2 * i, units[bytes[p + (i ^ flip)]], 4);
	/* Only without --little-endian, whose lines are whole groups. */
	for (i = 0; p + i < cols; i++)
		memcpy(out + 2 * i, units[bytes[p + i]], 4);
}

static void
hex_column(const struct hex_layout *layout, const struct tables *t,
    char *out, const unsigned char *bytes)
{
	const char (*units)[4] = t->hex_units[layout->upper];
	size_t cols = layout->cols, g = layout->group, p;
	size_t flip = layout->style == HEX_STYLE_LITTLE ? g - 1 : 0;

	switch (g) {
	case 1:
		for (p = 0; p < cols; p++)
			memcpy(out + 3 * p, units[bytes[p]], 4);
		break;
	case 2:
		hex_groups(units, out, bytes, cols, 2, flip);
		break;
	case 4:
		hex_groups(units, out, bytes, cols, 4, flip);
		break;
	case 8:
		hex_groups(units, out, bytes, cols, 8, flip);
		break;
	default:
		hex_groups(units, out, bytes, cols, g, flip);
		break;
	}
}

/*
 * -b's column: each byte's 8 digits, a space after each group, and the
 * two spaces before the text.
 */
static void
bit_column(const struct hex_layout *layout, const struct tables *t,
    char *out, const unsigned char *bytes)
{
	size_t cols = layout->cols, g = layout->group, p, in_group = 0;

	for (p = 0; p < cols; p++) {
		memcpy(out, t->bit_units[bytes[p]], 8);
		out += 8;
		*out = ' ';
		if (++in_group == g) {
			out++;
			in_group = 0;
		}
	}
	out -= in_group == 0;
	out[0] = out[1] = ' ';
}

/* A whole line without colour: each byte's unit at its column. */
static char *
full_line(const struct hex_layout *layout, const struct tables *t,
    char *hex, const unsigned char *bytes)
{
	size_t cols = layout->cols, p;
	char *text = hex + layout->text_column;

	if (layout->digits == 2)
		hex_column(layout, t, hex, bytes);
	else
		bit_column(layout, t, hex, bytes);
	for (p = 0; p + 8 <= cols; p += 8)
		put_text8(text + p, bytes + p);
	for (; p < cols; p++)
		text[p] = t->text[bytes[p]];
	text[cols] = '\n';
	return text + cols + 1;
}

#define CLASS_COUNT (CLASS_NON_ASCII + 1)

/*
 * Colour's tokens: what byte b adds to a column after a byte of class
 * `on`: b's SGR sequence if its class is another, then its two digits
 * (hex) or its character (text), padded for a copy of constant size.
 * With them a line's length grows by loads that do not wait on each
 * other, where a test and a branch per byte would.
 */
struct tokens {
	char hex[2][CLASS_COUNT][256][16];	/* lower, upper case */
	unsigned char hex_len[CLASS_COUNT][256];
	char text[CLASS_COUNT][256][16];
	unsigned char text_len[CLASS_COUNT][256];
};

static size_t
make_token(char *token, unsigned on, unsigned b, const char *what,
    size_t what_len)
{
	size_t len = 0;
	unsigned c = (unsigned)class_of((unsigned char)b);

	if (c != on) {
		memcpy(token, class_sgr[c].text, class_sgr[c].len);
		len = class_sgr[c].len;
	}
	memcpy(token + len, what, what_len);
	return len + what_len;
}

static const struct tokens *
tokens(void)
{
	static struct tokens k;
	static bool made;
	unsigned on, b;
	char c;

	if (made)
		return &k;
	for (on = 0; on < CLASS_COUNT; on++) {
		for (b = 0; b < 256; b++) {
			k.hex_len[on][b] = (unsigned char)make_token(
			    k.hex[0][on][b], on, b, hex_pair(b), 2);
			(void)make_token(k.hex[1][on][b], on, b,
			    hex_pairs_upper + 2 * (size_t)b, 2);
			c = text_char((unsigned char)b);
			k.text_len[on][b] = (unsigned char)make_token(
			    k.text[on][b], on, b, &c, 1);
		}
	}
	made = true;
	return &k;
}

/* The hex column of a whole line in colour: tokens, or for -b units. */
static char *
colour_hex_column(const struct hex_layout *layout, const struct tables *t,
    char *end, const unsigned char *bytes, unsigned *on)
{
	size_t flip = layout->style == HEX_STYLE_LITTLE ? layout->group - 1 : 0;
	size_t cols = layout->cols, s, p, in_group = 0, last = cols - 1;
	const struct tokens *k = tokens();
	unsigned b;

	for (s = 0; s < cols; s++) {
		p = s ^ flip;
		b = bytes[p];
		if (layout->digits == 2) {
			memcpy(end, k->hex[layout->upper][*on][b], 16);
			end += k->hex_len[*on][b];
			*on = t->classes[b];
		} else {
			end = switch_class(end, t->classes[b], on);
			put_unit(layout, t, end, b);
			end += 8;
		}
		/* The group's space, but not after the last byte. */
		*end = ' ';
		if (++in_group == layout->group && s != last) {
			end++;
			in_group = 0;
		}
	}
	return end;
}

/*
 * A whole line in colour (see colour_line).  Each token's padding is
 * overwritten by what follows, or lies in the HEXFMT_SCRATCH bytes past
 * the line's end.
 */
static char *
full_colour_line(const struct hex_layout *layout, const struct tables *t,
    char *end, const unsigned char *bytes)
{
	size_t cols = layout->cols, p;
	const struct tokens *k = tokens();
	unsigned on = CLASS_NONE, b;

	end = colour_hex_column(layout, t, end, bytes, &on);
	end = end_class(end, &on);
	end[0] = end[1] = ' ';
	end += 2;
	for (p = 0; p < cols; p++) {
		b = bytes[p];
		memcpy(end, k->text[on][b], 16);
		end += k->text_len[on][b];
		on = t->classes[b];
	}
	end = end_class(end, &on);
	*end++ = '\n';
	return end;
}

/*
 * A decimal address kept as text and counted up a line at a time: xxd
 * -d's "%08ld" without a division per line.  Only below 2^63, where the
 * value prints without a sign.
 */
struct decimal {
	char digits[24];
	size_t first;		/* digits[first..24) is the text */
};

static void
decimal_set(struct decimal *d, uint64_t value)
{
	char text[32];
	size_t len = (size_t)(put_decimal_address(text, value) - text) - 2;

	d->first = sizeof d->digits - len;
	memcpy(d->digits + d->first, text, len);
}

static void
decimal_add(struct decimal *d, size_t n)
{
	size_t i = sizeof d->digits, carry = n, sum;

	while (carry > 0) {
		if (--i < d->first) {
			d->first = i;
			d->digits[i] = '0';
		}
		sum = (size_t)(d->digits[i] - '0') + carry % 10;
		carry /= 10;
		if (sum >= 10) {
			sum -= 10;
			carry++;
		}
		d->digits[i] = (char)('0' + sum);
	}
}

static char *
put_decimal(char *out, const struct decimal *d)
{
	size_t len = sizeof d->digits - d->first;

	memcpy(out, d->digits + d->first, len);
	out[len] = ':';
	out[len + 1] = ' ';
	return out + len + 2;
}

/*
 * A line in colour: written in column order (with --little-endian that
 * is not byte order), each run of a class behind its SGR, each column
 * ending in a reset.
 */
static size_t
colour_line(const struct hex_layout *layout, char *out, uint64_t address,
    const unsigned char *bytes, size_t n)
{
	size_t flip = layout->style == HEX_STYLE_LITTLE ? layout->group - 1 : 0;
	size_t slot, p, at = 0, column;
	enum byte_class on = CLASS_NONE;
	char *end = put_line_address(layout, out, address);
	const struct tables *t = tables();

	for (slot = 0; slot < layout->cols; slot++) {
		p = slot ^ flip;
		if (p >= n)
			continue;
		column = layout->byte_column[p];
		memset(end, ' ', column - at);
		end += column - at;
		end = put_class(end, (enum byte_class)t->classes[bytes[p]],
		    &on);
		put_digits(layout, end, bytes[p]);
		end += layout->digits;
		at = column + layout->digits;
	}
	end = put_class(end, CLASS_NONE, &on);
	memset(end, ' ', layout->text_column - at);
	end += layout->text_column - at;
	for (p = 0; p < n; p++) {
		end = put_class(end, (enum byte_class)t->classes[bytes[p]],
		    &on);
		*end++ = t->text[bytes[p]];
	}
	end = put_class(end, CLASS_NONE, &on);
	*end++ = '\n';
	return (size_t)(end - out);
}

/* A line without colour: digits stored at their columns. */
static size_t
plain_line(const struct hex_layout *layout, char *out, uint64_t address,
    const unsigned char *bytes, size_t n)
{
	char *hex = put_line_address(layout, out, address), *text;
	size_t p;

	memset(hex, ' ', layout->text_column);
	for (p = 0; p < n; p++)
		put_digits(layout, hex + layout->byte_column[p], bytes[p]);
	text = hex + layout->text_column;
	p = 0;
	for (; p + 8 <= n; p += 8)
		put_text8(text + p, bytes + p);
	for (; p < n; p++)
		text[p] = text_char(bytes[p]);
	text[n] = '\n';
	return (size_t)(text + n + 1 - out);
}

size_t
hexfmt_line_max(const struct hex_layout *layout)
{
	/* A sequence before each byte of both columns, two resets of 4. */
	size_t colour = layout->color ? 2 * layout->cols * HEXFMT_SGR_MAX +
	    (size_t)8 + HEXFMT_SCRATCH : 0;

	/* A decimal address takes up to 20 digits and a sign. */
	return 21 + 2 + layout->text_column + layout->cols + 1 + colour;
}

size_t
hexfmt_line(const struct hex_layout *layout, char *out, uint64_t address,
    const unsigned char *bytes, size_t n)
{
	if (layout->is_default)
		return default_line(out, address, bytes, n, layout->upper);
	if (layout->color)
		return colour_line(layout, out, address, bytes, n);
	return plain_line(layout, out, address, bytes, n);
}

size_t
hexfmt_lines(const struct hex_layout *layout, char *out, size_t out_cap,
    uint64_t address, const unsigned char *bytes, size_t n,
    size_t *consumed)
{
	size_t done = 0, max = hexfmt_line_max(layout), len = 0;
	const struct tables *t = tables();
	struct decimal d;
	char *end = out, *hex;
	/* From 2^63, xxd -d prints a sign: no counting up there. */
	bool counts = layout->decimal && address + n < (UINT64_C(1) << 63) &&
	    address + n >= address;

	if (layout->is_default)
		return default_lines(out, out_cap, address, bytes, n,
		    layout->upper, consumed);
	if (counts)
		decimal_set(&d, address);
	while (n - done >= layout->cols && out_cap - len >= max) {
		hex = counts ? put_decimal(end, &d) :
		    put_line_address(layout, end, address);
		end = layout->color ? full_colour_line(layout, t, hex,
		    bytes + done) : full_line(layout, t, hex, bytes + done);
		len = (size_t)(end - out);
		done += layout->cols;
		address += layout->cols;
		if (counts)
			decimal_add(&d, layout->cols);
	}
	*consumed = done;
	return len;
}

size_t
hexfmt_plain(const struct hex_layout *layout, char *out, size_t out_cap,
    uint64_t index, const unsigned char *bytes, size_t n, size_t *consumed)
{
	const char *pairs = pairs_of(layout->upper);
	size_t done = 0, len = 0, cols = layout->cols, run, i;
	size_t column = cols > 0 ? (size_t)(index % cols) : 0;

	/* A line's run of pairs with no test inside, then its newline. */
	while (done < n && out_cap - len >= 3) {
		run = (out_cap - len - 1) / 2;
		if (run > n - done)
			run = n - done;
		if (cols > 0 && run > cols - column)
			run = cols - column;
		for (i = 0; i < run; i++)
			memcpy(out + len + 2 * i,
			    pairs + 2 * (size_t)bytes[done + i], 2);
		len += 2 * run;
		done += run;
		column += run;
		if (cols > 0 && column == cols) {
			out[len++] = '\n';
			column = 0;
		}
	}
	*consumed = done;
	return len;
}

size_t
hexfmt_plain_end(const struct hex_layout *layout, char *out, uint64_t count)
{
	if (layout->cols > 0 && count % layout->cols == 0)
		return 0;
	out[0] = '\n';
	return 1;
}

size_t
hexfmt_include(const struct hex_layout *layout, char *out, size_t out_cap,
    uint64_t index, const unsigned char *bytes, size_t n, size_t *consumed)
{
	const char *pairs = pairs_of(layout->upper);
	const char *lead = layout->upper ? ",\n  0X" : ",\n  0x";
	size_t done = 0, len = 0, column = (size_t)(index % layout->cols);

	/* ", 0x68" inside a line, ",\n  0x68" first on one, "  0x68" first. */
	while (done < n && out_cap - len >= HEXFMT_ELEMENT_MAX) {
		if (index++ == 0) {
			memcpy(out + len, lead + 2, 4);
			len += 4;
		} else if (column == 0) {
			memcpy(out + len, lead, 6);
			len += 6;
		} else {
			out[len] = ',';
			out[len + 1] = ' ';
			out[len + 2] = '0';
			out[len + 3] = lead[5];
			len += 4;
		}
		memcpy(out + len, pairs + 2 * (size_t)bytes[done++], 2);
		len += 2;
		if (++column == layout->cols)
			column = 0;
	}
	*consumed = done;
	return len;
}

uint64_t
hexfmt_stream_length(const struct hex_layout *layout, uint64_t count)
{
	if (layout->style == HEX_STYLE_PLAIN)
		return 2 * count +
		    (layout->cols > 0 ? count / layout->cols : 0);
	if (count == 0)
		return 0;
	/* "  0x68", then ", 0x65" or, starting a line, ",\n  0x6c". */
	return 6 * count + 2 * ((count - 1) / layout->cols);
}
