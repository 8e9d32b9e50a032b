/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newline.c - count and find newlines a block at a time.
 *
 * "Newline" here is whatever byte ends a record: '\n', or '\0' under -z.
 * The byte is an argument all the way down, set once into a register or
 * vector before each loop, so '\n' costs what it did when it was a
 * constant.
 *
 * Each implementation (a "kernel") supplies two primitives: count the
 * newlines of any buffer, and give the newline bitmap of 64 bytes.  The
 * searches are written once on top of them: count a chunk at a time
 * until the chunk that holds the k-th newline, then walk that chunk's
 * bitmaps, popcount per 64 bytes, to the exact byte.  One memchr call
 * per line costs more than the scan itself on ~100-byte lines; here the
 * per-call work is per chunk.
 *
 * Counting compares 16 or 32 bytes at once and subtracts the all-ones
 * result from byte-wide counters, which are folded into 64-bit sums
 * (psadbw) before they can wrap at 255: no popcount in the hot loop, so
 * the SSE2 kernel needs nothing beyond the x86-64 baseline.  AVX2 is
 * compiled with a target attribute, so the default build needs no
 * -mavx2, and is chosen only when the CPU (and OS) support it.  Other
 * CPUs get the word-at-a-time (SWAR) kernel, in plain C.
 */
#include "config.h"

#include "newline.h"

#include <string.h>

#include "simd.h"

/* Bytes counted in one go while the wanted newline may be near. */
#define CHUNK ((size_t)4096)

struct kernel {
	const char *name;
	bool (*usable)(void);
	uint64_t (*count)(const unsigned char *bytes, size_t len,
	    unsigned char nl);
	/* bit i: bytes[i] == nl */
	uint64_t (*mask64)(const unsigned char *bytes, unsigned char nl);
};

static uint64_t
count_bytes(const unsigned char *p, size_t n, unsigned char nl)
{
	uint64_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += p[i] == nl;
	return c;
}

/*
 * The portable kernel: a machine word at a time.  Words are read with
 * memcpy (no alignment needed, one load where the CPU allows it), and
 * the zero-byte test is exact, so it does not depend on byte order.
 */
typedef size_t swar_word;

#define SWAR_ONES ((swar_word)-1 / 0xff)		/* 0x0101...01 */
#define SWAR_LOW7 (SWAR_ONES * 0x7f)			/* 0x7f7f...7f */
#define SWAR_EVEN ((swar_word)-1 / 0xffff * 0xff)	/* 0x00ff...00ff */
#define SWAR_LANES ((swar_word)-1 / 0xffff)		/* 0x0001...0001 */

/* 0x01 in every byte of w equal to nl's byte, 0x00 elsewhere. */
static swar_word
swar_newlines(swar_word w, swar_word nls)
{
	swar_word x = w ^ nls;

	return ~(((x & SWAR_LOW7) + SWAR_LOW7) | x | SWAR_LOW7) >> 7;
}

/* The sum of the bytes of w (each at most 255). */
static uint64_t
swar_sum_bytes(swar_word w)
{
	swar_word pairs = (w & SWAR_EVEN) + ((w >> 8) & SWAR_EVEN);

	return (uint64_t)((pairs * SWAR_LANES) >> (8 * (sizeof pairs - 2)));
}

static bool
usable_always(void)
{
	return true;
}

static uint64_t
count_swar(const unsigned char *p, size_t n, unsigned char nl)
{
	const swar_word nls = SWAR_ONES * nl;
	uint64_t total = 0;
	size_t i = 0, words, w;
	swar_word acc, word;

	while (n - i >= sizeof word) {
		words = (n - i) / sizeof word;
		if (words > 255)
			words = 255;
		for (acc = 0, w = 0; w < words; w++, i += sizeof word) {
			memcpy(&word, p + i, sizeof word);
			acc += swar_newlines(word, nls);
		}
		total += swar_sum_bytes(acc);
	}
	return total + count_bytes(p + i, n - i, nl);
}

static uint64_t
mask64_swar(const unsigned char *p, unsigned char nl)
{
	const swar_word nls = SWAR_ONES * nl;
	uint64_t mask = 0;
	size_t i, j;
	swar_word word;

	for (i = 0; i < 64; i += sizeof word) {
		memcpy(&word, p + i, sizeof word);
		if (swar_newlines(word, nls) == 0)
			continue;
		for (j = i; j < i + sizeof word; j++)
			if (p[j] == nl)
				mask |= (uint64_t)1 << j;
	}
	return mask;
}

#ifdef SIMD_X86
static bool
usable_sse2(void)
{
	return simd_have_sse2();
}

static bool
usable_avx2(void)
{
	return simd_have_avx2();
}

/* The sum of the four byte-counter vectors. */
SIMD_TARGET_SSE2 static uint64_t
sse2_fold(__m128i a, __m128i b, __m128i c, __m128i d)
{
	const __m128i zero = _mm_setzero_si128();
	__m128i sum = _mm_add_epi64(
	    _mm_add_epi64(_mm_sad_epu8(a, zero), _mm_sad_epu8(b, zero)),
	    _mm_add_epi64(_mm_sad_epu8(c, zero), _mm_sad_epu8(d, zero)));
	uint64_t lanes[2];

	_mm_storeu_si128((__m128i *)lanes, sum);
	return lanes[0] + lanes[1];
}

#define SSE2_HITS(p, nl) \
	_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p)), \
	    (nl))

SIMD_TARGET_SSE2 static uint64_t
count_sse2(const unsigned char *p, size_t n, unsigned char byte)
{
	const __m128i nl = _mm_set1_epi8((char)byte);
	__m128i a, b, c, d;
	uint64_t total = 0;
	size_t i = 0, steps, s;

	/* 64 bytes a step, each counter vector takes one 16 at a time. */
	while (n - i >= 64) {
		steps = (n - i) / 64;
		if (steps > 255)
			steps = 255;
		a = b = c = d = _mm_setzero_si128();
		for (s = 0; s < steps; s++, i += 64) {
			a = _mm_sub_epi8(a, SSE2_HITS(p + i, nl));
			b = _mm_sub_epi8(b, SSE2_HITS(p + i + 16, nl));
			c = _mm_sub_epi8(c, SSE2_HITS(p + i + 32, nl));
			d = _mm_sub_epi8(d, SSE2_HITS(p + i + 48, nl));
		}
		total += sse2_fold(a, b, c, d);
	}
	for (a = _mm_setzero_si128(); n - i >= 16; i += 16)
		a = _mm_sub_epi8(a, SSE2_HITS(p + i, nl));
	b = _mm_setzero_si128();
	return total + sse2_fold(a, b, b, b) + count_bytes(p + i, n - i, byte);
}

SIMD_TARGET_SSE2 static uint64_t
mask64_sse2(const unsigned char *p, unsigned char byte)
{
	const __m128i nl = _mm_set1_epi8((char)byte);
	uint64_t m0 = (uint16_t)_mm_movemask_epi8(SSE2_HITS(p, nl));
	uint64_t m1 = (uint16_t)_mm_movemask_epi8(SSE2_HITS(p + 16, nl));
	uint64_t m2 = (uint16_t)_mm_movemask_epi8(SSE2_HITS(p + 32, nl));
	uint64_t m3 = (uint16_t)_mm_movemask_epi8(SSE2_HITS(p + 48, nl));

	return m0 | m1 << 16 | m2 << 32 | m3 << 48;
}

SIMD_TARGET_AVX2 static uint64_t
avx2_fold(__m256i a, __m256i b, __m256i c, __m256i d)
{
	const __m256i zero = _mm256_setzero_si256();
	__m256i sum = _mm256_add_epi64(
	    _mm256_add_epi64(_mm256_sad_epu8(a, zero),
	    _mm256_sad_epu8(b, zero)),
	    _mm256_add_epi64(_mm256_sad_epu8(c, zero),
	    _mm256_sad_epu8(d, zero)));
	uint64_t lanes[4];

	_mm256_storeu_si256((__m256i *)lanes, sum);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

#define AVX2_HITS(p, nl) _mm256_cmpeq_epi8( \
	_mm256_loadu_si256((const __m256i *)(const void *)(p)), (nl))

SIMD_TARGET_AVX2 static uint64_t
count_avx2(const unsigned char *p, size_t n, unsigned char byte)
{
	const __m256i nl = _mm256_set1_epi8((char)byte);
	__m256i a, b, c, d;
	uint64_t total = 0;
	size_t i = 0, steps, s;

	/* 128 bytes a step, as four independent counter vectors. */
	while (n - i >= 128) {
		steps = (n - i) / 128;
		if (steps > 255)
			steps = 255;
		a = b = c = d = _mm256_setzero_si256();
		for (s = 0; s < steps; s++, i += 128) {
			a = _mm256_sub_epi8(a, AVX2_HITS(p + i, nl));
			b = _mm256_sub_epi8(b, AVX2_HITS(p + i + 32, nl));
			c = _mm256_sub_epi8(c, AVX2_HITS(p + i + 64, nl));
			d = _mm256_sub_epi8(d, AVX2_HITS(p + i + 96, nl));
		}
		total += avx2_fold(a, b, c, d);
	}
	for (a = _mm256_setzero_si256(); n - i >= 32; i += 32)
		a = _mm256_sub_epi8(a, AVX2_HITS(p + i, nl));
	b = _mm256_setzero_si256();
	return total + avx2_fold(a, b, b, b) + count_bytes(p + i, n - i, byte);
}

SIMD_TARGET_AVX2 static uint64_t
mask64_avx2(const unsigned char *p, unsigned char byte)
{
	const __m256i nl = _mm256_set1_epi8((char)byte);
	uint64_t lo = (uint32_t)_mm256_movemask_epi8(AVX2_HITS(p, nl));
	uint64_t hi = (uint32_t)_mm256_movemask_epi8(AVX2_HITS(p + 32, nl));

	return lo | hi << 32;
}
#endif /* SIMD_X86 */

/* Best first: the first usable one is the default. */
static const struct kernel kernels[] = {
#ifdef SIMD_X86
	{ "avx2", usable_avx2, count_avx2, mask64_avx2 },
	{ "sse2", usable_sse2, count_sse2, mask64_sse2 },
#endif
	{ "swar", usable_always, count_swar, mask64_swar },
};

#define KERNEL_COUNT (sizeof kernels / sizeof kernels[0])

static const struct kernel *active;

static const struct kernel *
kernel(void)
{
	size_t i;

	if (active != NULL)
		return active;
	/* The last one, plain C, is always usable. */
	for (i = 0; !kernels[i].usable(); i++)
		continue;
	active = &kernels[i];
	return active;
}

/* Index of the n-th (n >= 1) lowest set bit of m, which has n or more. */
static size_t
nth_low_bit(uint64_t m, uint64_t n)
{
	while (--n > 0)
		m &= m - 1;
	return (size_t)__builtin_ctzll(m);
}

/* Index of the n-th (n >= 1) highest set bit of m, which has n or more. */
static size_t
nth_high_bit(uint64_t m, uint64_t n)
{
	size_t top;

	for (;;) {
		top = 63 - (size_t)__builtin_clzll(m);
		if (--n == 0)
			return top;
		m &= ~((uint64_t)1 << top);
	}
}

static uint64_t
popcount64(uint64_t m)
{
	return (uint64_t)__builtin_popcountll(m);
}

/*
 * Index of the need-th nl byte of p[0..n), which has at least need:
 * bitmaps 64 bytes at a time, bytes for the rest.
 */
static size_t
locate_forward(const struct kernel *kn, const unsigned char *p, size_t n,
    unsigned char nl, uint64_t need)
{
	uint64_t mask, c;
	size_t i;

	for (i = 0; n - i >= 64; i += 64) {
		mask = kn->mask64(p + i, nl);
		if ((c = popcount64(mask)) >= need)
			return i + nth_low_bit(mask, need);
		need -= c;
	}
	for (; i < n; i++)
		if (p[i] == nl && --need == 0)
			return i;
	return n - 1;	/* not reached: the caller counted them */
}

/* Index of the need-th nl byte of p[0..n) counted back from its end. */
static size_t
locate_backward(const struct kernel *kn, const unsigned char *p, size_t n,
    unsigned char nl, uint64_t need)
{
	uint64_t mask, c;
	size_t end;

	for (end = n; end >= 64; end -= 64) {
		mask = kn->mask64(p + end - 64, nl);
		if ((c = popcount64(mask)) >= need)
			return end - 64 + nth_high_bit(mask, need);
		need -= c;
	}
	while (end-- > 0)
		if (p[end] == nl && --need == 0)
			return end;
	return 0;	/* not reached: the caller counted them */
}

/*
 * How many of the left bytes to count next when need more newlines are
 * wanted: a chunk, or more while need - 1 bytes cannot hold them all.
 */
static size_t
step_span(size_t left, uint64_t need)
{
	uint64_t span = need - 1 > CHUNK ? need - 1 : CHUNK;

	return span < left ? (size_t)span : left;
}

static bool
find_forward(const struct kernel *kn, const unsigned char *bytes,
    size_t len, unsigned char nl, uint64_t k, size_t *pos, uint64_t *found)
{
	uint64_t seen = 0, c;
	size_t at = 0, span;

	while (k > 0 && at < len) {
		span = step_span(len - at, k - seen);
		c = kn->count(bytes + at, span, nl);
		if (seen + c >= k) {
			*pos = at + locate_forward(kn, bytes + at, span, nl,
			    k - seen) + 1;
			*found = k;
			return true;
		}
		seen += c;
		at += span;
	}
	*pos = len;
	*found = seen;
	return false;
}

static bool
find_backward(const struct kernel *kn, const unsigned char *bytes,
    size_t len, unsigned char nl, uint64_t k, size_t *pos, uint64_t *found)
{
	uint64_t seen = 0, c;
	size_t end = len, span;

	while (k > 0 && end > 0) {
		span = step_span(end, k - seen);
		c = kn->count(bytes + (end - span), span, nl);
		if (seen + c >= k) {
			*pos = end - span + locate_backward(kn,
			    bytes + (end - span), span, nl, k - seen) + 1;
			*found = k;
			return true;
		}
		seen += c;
		end -= span;
	}
	*pos = 0;
	*found = seen;
	return false;
}

uint64_t
newline_count_byte(const unsigned char *bytes, size_t len,
    unsigned char nl)
{
	return len == 0 ? 0 : kernel()->count(bytes, len, nl);
}

bool
newline_find_byte(const unsigned char *bytes, size_t len, unsigned char nl,
    uint64_t k, size_t *pos, uint64_t *found)
{
	return find_forward(kernel(), bytes, len, nl, k, pos, found);
}

bool
newline_rfind_byte(const unsigned char *bytes, size_t len, unsigned char nl,
    uint64_t k, size_t *pos, uint64_t *found)
{
	return find_backward(kernel(), bytes, len, nl, k, pos, found);
}

uint64_t
newline_count(const unsigned char *bytes, size_t len)
{
	return newline_count_byte(bytes, len, '\n');
}

bool
newline_find(const unsigned char *bytes, size_t len, uint64_t k,
    size_t *pos, uint64_t *found)
{
	return newline_find_byte(bytes, len, '\n', k, pos, found);
}

bool
newline_rfind(const unsigned char *bytes, size_t len, uint64_t k,
    size_t *pos, uint64_t *found)
{
	return newline_rfind_byte(bytes, len, '\n', k, pos, found);
}

const char *
newline_variant_name(size_t i)
{
	return i < KERNEL_COUNT ? kernels[i].name : NULL;
}

const char *
newline_variant(void)
{
	return kernel()->name;
}

bool
newline_use_variant(const char *name)
{
	size_t i;

	for (i = 0; i < KERNEL_COUNT; i++) {
		if (strcmp(kernels[i].name, name) != 0)
			continue;
		if (!kernels[i].usable())
			return false;
		active = &kernels[i];
		return true;
	}
	return false;
}
