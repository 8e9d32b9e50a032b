/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diag.c - format a message into one buffer and hand it to stderr whole.
 *
 * The buffer is on the stack for the usual short message and from malloc
 * for a longer one, so that a long file name never cuts the reason off.
 * Only when memory runs out is a line cut, and then it says so with
 * "..." before its newline.
 */
#include "config.h"

#include "diag.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quote.h"
#include "source.h"

#define PROGRAM_NAME "mmcat"

static const char prefix[] = PROGRAM_NAME ": ";
static const char try_help[] =
    "Try '" PROGRAM_NAME " --help' for more information.\n";
static const char cut_mark[] = "...";

/* A message being put together; keep bytes stay free for its end. */
struct line {
	char *buf;
	size_t size, len, keep;
	bool cut;
};

static size_t
line_room(const struct line *l)
{
	return l->size - l->keep - l->len;
}

static void
line_add(struct line *l, const char *s, size_t n)
{
	if (l->cut)
		return;
	if (n > line_room(l)) {
		n = line_room(l);
		l->cut = true;
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

/*
 * The quoted name, in at most budget bytes: cut short, it ends in the cut
 * mark, and the line goes on, so that the reason still follows it.
 */
static void
line_add_name(struct line *l, const char *name, size_t budget)
{
	size_t n;

	if (l->cut)
		return;
	if (budget > line_room(l))
		budget = line_room(l);
	/* Its NUL lands at most on the first kept byte, overwritten later. */
	n = diag_name(l->buf + l->len, budget + 1, name);
	if (n <= budget) {
		l->len += n;
		return;
	}
	l->len += strlen(l->buf + l->len);
	line_add(l, cut_mark, sizeof cut_mark - 1);
}

static void DIAG_PRINTF(2, 0)
line_add_reason(struct line *l, const char *fmt, va_list ap)
{
	size_t room = line_room(l);
	int n;

	if (l->cut)
		return;
	n = vsnprintf(l->buf + l->len, room + 1, fmt, ap);
	if (n < 0)
		return;		/* nothing sensible to add */
	if ((size_t)n > room) {
		l->cut = true;
		n = (int)room;
	}
	l->len += (size_t)n;
}

/* a + b, or SIZE_MAX when that does not fit. */
static size_t
add_sizes(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* The bytes the whole message takes, with keep bytes for its end. */
static size_t DIAG_PRINTF(2, 0)
measure(const char *file, const char *fmt, va_list ap, size_t keep)
{
	size_t need = add_sizes(sizeof prefix - 1, keep);
	int n = vsnprintf(NULL, 0, fmt, ap);

	if (file != NULL)
		need = add_sizes(need, add_sizes(diag_name(NULL, 0, file), 2));
	return add_sizes(need, n < 0 ? 0 : (size_t)n);
}

static void DIAG_PRINTF(3, 0)
diag_emit(const char *file, const char *trailer, const char *fmt,
    va_list ap)
{
	char small[512], *big = NULL;
	struct line l = { small, sizeof small, 0, 0, false };
	int saved_errno = errno;
	size_t need;
	va_list again;

	l.keep = sizeof cut_mark - 1 + 1 + strlen(trailer);
	va_copy(again, ap);
	need = measure(file, fmt, again, l.keep);
	va_end(again);
	if (need > sizeof small && need <= (size_t)PTRDIFF_MAX &&
	    (big = malloc(need)) != NULL) {
		l.buf = big;
		l.size = need;
	}
	line_add(&l, prefix, sizeof prefix - 1);
	if (file != NULL) {
		/* All of it, or, out of memory, half the line at most. */
		line_add_name(&l, file, big != NULL || need <= sizeof small ?
		    SIZE_MAX : line_room(&l) / 2 - (sizeof cut_mark - 1));
		line_add(&l, ": ", 2);
	}
	line_add_reason(&l, fmt, ap);
	/* The kept bytes: the cut mark if need be, the newline, the trailer. */
	l.keep = 0;
	if (l.cut) {
		l.cut = false;
		line_add(&l, cut_mark, sizeof cut_mark - 1);
	}
	line_add(&l, "\n", 1);
	line_add(&l, trailer, strlen(trailer));
	/* Nothing sensible remains to be done if stderr itself fails. */
	(void)!write(STDERR_FILENO, l.buf, l.len);
	free(big);
	errno = saved_errno;
}

void
diag(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_emit(file, "", fmt, ap);
	va_end(ap);
}

void
diag_usage(const char *fmt, va_list ap)
{
	diag_emit(NULL, try_help, fmt, ap);
}

void
diag_write_error(int errnum)
{
	diag(NULL, "write error: %s", strerror(errnum));
}

size_t
diag_name(char *buf, size_t size, const char *name)
{
	size_t len, n;

	if (name != source_stdin_name)
		return quote_into(buf, size, name, QUOTE_NAME);
	len = strlen(name);
	if (size > 0) {
		n = len < size ? len : size - 1;
		memcpy(buf, name, n);
		buf[n] = '\0';
	}
	return len;
}
