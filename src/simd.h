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
 * both take target attributes; other compilers and other CPUs get the
 * portable code only.
 *
 * The check asks glibc, which read the CPU's features when it started
 * the process, or else runs CPUID itself, once and only for the leaves
 * it needs.  Not __builtin_cpu_supports: that links in a constructor
 * which runs CPUID for every leaf it knows at every start, and in a
 * virtual machine each CPUID traps to the hypervisor (0.1 ms a start
 * measured here, for a tool whose whole run can take 1.5 ms).
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

#ifdef HAVE_SYS_PLATFORM_X86_H
#include <sys/platform/x86.h>

/* "Active": the CPU has it, and the OS saves the registers it uses. */
#define SIMD_CPU_SSE2() CPU_FEATURE_ACTIVE(SSE2)
#define SIMD_CPU_AVX2() CPU_FEATURE_ACTIVE(AVX2)
#else
#include <cpuid.h>

static inline bool
simd_cpuid_sse2(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) != 0 && (d & bit_SSE2) != 0;
}

/* AVX2, and the OS saving the SSE and AVX registers (XCR0 bits 1, 2). */
static inline bool
simd_cpuid_avx2(void)
{
	unsigned int a, b, c, d, xcr0_low, xcr0_high;

	if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_OSXSAVE) == 0 ||
	    (c & bit_AVX) == 0)
		return false;
	__asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
	if ((xcr0_low & 6) != 6)
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 &&
	    (b & bit_AVX2) != 0;
}

#define SIMD_CPU_SSE2() simd_cpuid_sse2()
#define SIMD_CPU_AVX2() simd_cpuid_avx2()
#endif

static inline bool
simd_have_sse2(void)
{
#ifdef __SSE2__
	return true;
#else
	return SIMD_CPU_SSE2();
#endif
}

static inline bool
simd_have_avx2(void)
{
	return SIMD_CPU_AVX2();
}
#endif

#endif
