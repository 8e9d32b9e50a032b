/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * busguard.c - a SIGBUS handler that unwinds to the guarded call.
 */
#include "config.h"

#include "busguard.h"

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

static sigjmp_buf *volatile armed_jump;

static void
on_sigbus(int signo)
{
	sigjmp_buf *jump = armed_jump;

	if (jump != NULL)
		siglongjmp(*jump, 1);
	/* A SIGBUS outside a guarded read is a real bug: die by it. */
	(void)signal(signo, SIG_DFL);
	(void)raise(signo);
}

void
busguard_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGBUS, &sa, NULL);
}

int
busguard_call(int (*fn)(void *arg), void *arg)
{
	sigjmp_buf jump;
	int result;

	if (sigsetjmp(jump, 1) != 0) {
		armed_jump = NULL;
		return BUSGUARD_FAULTED;
	}
	armed_jump = &jump;
	result = fn(arg);
	armed_jump = NULL;
	return result;
}
