/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A stand-in for <sys/inotify.h> in the portable build (see HACKING.md):
 * a system without it.  Any include that configure did not guard fails.
 */
#error "<sys/inotify.h> is Linux-only: include it only where configure found it"
