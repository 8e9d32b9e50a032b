/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A stand-in for <sys/platform/x86.h> in the portable build
 * (see HACKING.md): a C library that does not share what it
 * knows of the CPU.  Any include that configure did not guard fails.
 */
#error "<sys/platform/x86.h> is glibc's: include it only where configure found it"
