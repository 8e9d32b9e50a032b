/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * keys.h - the rules of --from=KEY and --to=KEY; pure.
 *
 * Lines are records of an input sorted in byte order by their first
 * bytes.  A line's prefix is its first len(KEY) bytes (fewer when it is
 * shorter), its terminator left out; prefixes compare as bytes, a
 * shorter one sorting before KEY when it is KEY's beginning.  A line is
 * a record start when its first byte is of the class of the first byte
 * of the key (an ASCII digit, an ASCII letter, or else that very byte);
 * other lines continue the record above them.  --from=K selects from the
 * first record whose prefix is >= K, --to=K up to the last whose prefix
 * is <= K.  The readers (keyfind.c for a file, streamkeys.c for a
 * stream) find lines; these functions decide about them.
 */
#ifndef MMCAT_KEYS_H
#define MMCAT_KEYS_H

#include <stdbool.h>
#include <stddef.h>

struct key_request {
	const unsigned char *from;	/* --from, or NULL */
	size_t from_len;
	const unsigned char *to;	/* --to, or NULL */
	size_t to_len;
	unsigned char terminator;	/* '\n', or '\0' under -z */
};

/* Which boundary a rule is about. */
enum key_side {
	KEY_FROM,		/* a record is past it when prefix >= --from */
	KEY_TO			/* a record is past it when prefix > --to */
};

/*
 * The class of a byte: one value for every ASCII digit, one for every
 * ASCII letter, and the byte itself for any other.
 */
int key_class(unsigned char byte);

/* The key that decides what a record start is: --from's, else --to's. */
unsigned char key_lead(const struct key_request *request);

/* The longer of the two keys: the most of a line any rule looks at. */
size_t key_longest(const struct key_request *request);

/* Whether a line whose first byte is first starts a record. */
bool key_starts_record(const struct key_request *request,
    unsigned char first);

/*
 * How a line's beginning (len bytes, its terminator not included;
 * fewer than key_len only when the line is shorter) compares with a
 * key on the key's length: <0, 0 or >0, as memcmp.
 */
int key_compare(const unsigned char *line, size_t len,
    const unsigned char *key, size_t key_len);

/*
 * Whether a record whose line begins with line[0..len) lies past the
 * boundary of side: its prefix >= --from, or > --to.  A side that was
 * not asked for is never passed.
 */
bool key_past(const struct key_request *request, enum key_side side,
    const unsigned char *line, size_t len);

/*
 * Whether two records, a above b, are in order for side's key: their
 * prefixes of that key's length, compared as bytes, a's not past b's.
 */
bool key_in_order(const struct key_request *request, enum key_side side,
    const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen);

/* Where a one-pass reader is, line by line. */
enum key_state {
	KEY_BEFORE,		/* before the selection: lines are skipped */
	KEY_INSIDE,		/* lines are printed */
	KEY_AFTER		/* past --to: nothing more is printed */
};

/* The state before line 1: inside unless --from is given. */
enum key_state key_first_state(const struct key_request *request);

/*
 * The state once a line is met whose beginning is line[0..len) (len 0:
 * an empty line): a record start may enter or leave the selection,
 * a continuation line stays with its record.  The line is printed when
 * the state returned is KEY_INSIDE.
 */
enum key_state key_next_state(const struct key_request *request,
    enum key_state state, const unsigned char *line, size_t len);

#endif
