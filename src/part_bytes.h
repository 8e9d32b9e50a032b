/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_bytes.h - what the container walkers share: fixed-width integers
 * read in either byte order from an unaligned place, bounds tests that
 * cannot overflow, and the reason a walk gives up.
 *
 * Every reader takes a pointer the caller has already checked to have
 * the integer's width of bytes before the end of the file.
 */
#ifndef MMCAT_PART_BYTES_H
#define MMCAT_PART_BYTES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "parts.h"

static inline uint16_t
part_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
part_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
part_le64(const unsigned char *p)
{
	return (uint64_t)part_le32(p) | (uint64_t)part_le32(p + 4) << 32;
}

static inline uint16_t
part_be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
part_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t
part_be64(const unsigned char *p)
{
	return (uint64_t)part_be32(p) << 32 | (uint64_t)part_be32(p + 4);
}

/* Whether [offset, offset + length) lies inside a file of len bytes. */
static inline bool
part_fits(uint64_t offset, uint64_t length, uint64_t len)
{
	return offset <= len && length <= len - offset;
}

/* Whether a * b overflows; if not, *product is it. */
static inline bool
part_mul_overflows(uint64_t a, uint64_t b, uint64_t *product)
{
	if (a != 0 && b > UINT64_MAX / a)
		return true;
	*product = a * b;
	return false;
}

/* Write why a walk gave up (truncated to PARTS_WHY_MAX) and say so. */
static inline enum parts_result
part_invalid(char *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline enum parts_result
part_invalid(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, PARTS_WHY_MAX, fmt, ap);
	va_end(ap);
	return PARTS_INVALID;
}

#endif
