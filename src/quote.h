/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quote.h - quote a file name or an argument for a message.
 *
 * The quoting is that of GNU coreutils' shell-escape style: the text is
 * put in single quotes, a single quote inside is written '\'', and a
 * byte that would be invisible or act on the terminal (a control byte,
 * DEL, a byte that is not part of valid UTF-8) goes into a $'...'
 * segment as a C escape: \n, \t, \033, \377.  A name with an apostrophe
 * and nothing else in need of escaping is put in double quotes instead
 * ("it's").  The result is always one line of printable text, and pasted
 * into a POSIX shell with $'...' (bash, zsh, ksh) it gives back the text.
 *
 * UTF-8 is decided without the locale: a valid sequence is printed as it
 * is, except the code points that act on the line rather than show as a
 * character (C1 controls, the line and paragraph separators, the
 * bidirectional controls) and the noncharacters, whose bytes are escaped.
 *
 * Pure: no I/O, no global state.  The manual page, DIAGNOSTICS, says what
 * users see.
 */
#ifndef MMCAT_QUOTE_H
#define MMCAT_QUOTE_H

#include <stddef.h>

enum quote_style {
	/*
	 * A file name: left as it is unless it needs quotes, as coreutils
	 * quotes names in its messages (quotef).  ':' counts as needing them,
	 * so that "mmcat: a: b: reason" cannot be misread.
	 */
	QUOTE_NAME,
	/* An argument echoed in a message: always quoted, 'like this'. */
	QUOTE_ARG
};

/*
 * Quote text into buf, like snprintf: at most size - 1 bytes and a NUL
 * when size > 0.  A buffer too small gets whole pieces only (never half an
 * escape or half a character).  Returns the length of the whole quoted
 * text, so a return >= size means it was cut.
 */
size_t quote_into(char *buf, size_t size, const char *text,
    enum quote_style style);

/*
 * The same for text_len bytes that may hold NUL bytes (a name inside a
 * container): a NUL is escaped as \000.
 */
size_t quote_bytes_into(char *buf, size_t size, const void *bytes,
    size_t text_len, enum quote_style style);

/* The quoted text in memory from malloc(3), or NULL when there is none. */
char *quote_dup(const char *text, enum quote_style style);

#endif
