/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * busguard.h - survive SIGBUS while user space reads a file mapping.
 *
 * When a mapped file shrinks, touching a page past its new end raises
 * SIGBUS.  The kernel's own reads (write(2), vmsplice(2)) return EFAULT
 * instead, but the hex formatter and the line scanner read the mapping
 * themselves.  busguard_call runs such a read with a handler armed that
 * jumps back out, so the fault becomes a result, not a crash.
 */
#ifndef MMCAT_BUSGUARD_H
#define MMCAT_BUSGUARD_H

/* Install the SIGBUS handler; once, before any mapping is read. */
void busguard_install(void);

/* What busguard_call returns when a SIGBUS cut fn short. */
#define BUSGUARD_FAULTED (-1)

/*
 * Run fn(arg), which returns a value >= 0.  Returns that, or
 * BUSGUARD_FAULTED when a SIGBUS cut it short (the state fn was building
 * is then half-done).
 */
int busguard_call(int (*fn)(void *arg), void *arg);

#endif
