/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * simd.h - what the vector kernels (newline.c, hexfmt.c) need to know
 * about the CPU: whether x86 vector code can be compiled here, and
 * whether this CPU runs it.
 *
 * Vector functions carry a target attribute, so the default build needs
 * no -msse2 or -mavx2 and stays runnable on any CPU of its architecture;
 * each is called only after a run-time check.  SSE2 is part of x86-64,
 * so there the check is free; 32-bit x86 asks the CPU.  gcc and clang
 * both take target attributes and __builtin_cpu_supports (which also
 * checks that the OS saves the AVX registers); other compilers and other
 * CPUs get the portable code only.
 */
#ifndef MMCAT_SIMD_H
#define MMCAT_SIMD_H

#include <stdbool.h>

#if (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
#define SIMD_X86 1
#include <immintrin.h>
#define SIMD_TARGET_SSE2 __attribute__((target("sse2")))
#define SIMD_TARGET_AVX2 __attribute__((target("avx2")))

static inline bool
simd_have_sse2(void)
{
#ifdef __SSE2__
	return true;
#else
	__builtin_cpu_init();
	return __builtin_cpu_supports("sse2") != 0;
#endif
}

static inline bool
simd_have_avx2(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") != 0;
}
#endif

#endif
