/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_args.c - libFuzzer target for args_reorder (src/args.c).
 *
 * Input: byte 0 holds flags (bit 0: POSIXLY_CORRECT, stop at the first
 * operand; bit 1: a syntax from the input instead of mmcat's own), then
 * words separated by newlines (an empty line is an empty word).  With
 * bit 1 the first four words give the syntax: the short options taking
 * an argument, the long ones taking one (comma-separated, without their
 * dashes), the short options taking none, the long ones taking none.
 * The rest are argv[1..].  Empty names and names with a '=' are left out:
 * no option is called so.  (The seeds start with '0' to '3', which carry
 * those two bits as text.)
 *
 * Oracles, each abort()ing when violated:
 *  - the result is NULL-terminated, its count is returned, argv[0] first;
 *  - it is exactly what a reference written from args.h gives, pointer
 *    for pointer: options in order, each with its argument right behind
 *    it, an abbreviated long option as its option's whole name (and the
 *    argument after its '=' as a word of its own), an exact name as it
 *    was, then one inserted "--", then the operands in order; or, at a
 *    word at fault, the options before it and nothing else;
 *  - the problem (kind, word, index, option, letter) is the reference's;
 *  - args_long_matches counts the candidates the problem implies: none
 *    for an unrecognized word, two or more for an ambiguous one;
 *  - args_is_negative_number is exactly "-" then a digit;
 *  - reordering the result again changes nothing (as strings), and finds
 *    no fault in it.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fuzz_ref.h"

#define MAX_WORDS 64
#define MAX_OPTIONS 48
#define OUT_ROOM (2 * (MAX_WORDS + 1) + 2)

static const struct arg_option mmcat_options[] = {
	{ "--offset", 'o', true, false }, { "--length", 'l', true, false },
	{ "--end", 'e', true, false }, { "--range", 'r', true, false },
	{ "--lines", 'L', true, false }, { "--strict", '\0', false, false },
	{ "--hex", 'x', false, false }, { "--progress", 'P', false, false },
	{ "--follow", '\0', false, true }, { NULL, 'f', false, false },
	{ NULL, 'F', false, false }, { "--retry", '\0', false, false },
	{ "--pid", '\0', true, false },
	{ "--sleep-interval", 's', true, false },
	{ "--verbose", 'v', false, false }, { "--help", 'h', false, false },
	{ "--usage", '\0', false, false }, { "--version", 'V', false, false },
};

/* The reference's verdict on the line. */
struct ref {
	const char *out[OUT_ROOM];
	bool made[OUT_ROOM];	/* a word made, not taken: compare the text */
	char joined[MAX_WORDS + 1][8192];	/* the words made (max_len 4096) */
	int n;
	int dashes_at;		/* where "--" goes in, or -1 */
	struct args_problem problem;
};

/* Whether name (len bytes) begins option's long name, byte by byte. */
static bool
ref_begins(const struct arg_option *opt, const char *name, size_t len)
{
	size_t k;

	if (opt->long_name == NULL)
		return false;
	for (k = 0; k < len; k++)
		if (opt->long_name[2 + k] != name[k])
			return false;
	return true;
}

/* The option "--name..." picks: an exact name first, else the one prefix. */
static const struct arg_option *
ref_long(const struct arg_syntax *s, const char *name, size_t len,
    size_t *count)
{
	const struct arg_option *first = NULL;
	size_t i;

	for (i = 0; i < s->option_count; i++)
		if (ref_begins(&s->options[i], name, len) &&
		    strlen(s->options[i].long_name) == len + 2) {
			*count = 1;
			return &s->options[i];
		}
	*count = 0;
	for (i = 0; i < s->option_count; i++)
		if (ref_begins(&s->options[i], name, len) && (*count)++ == 0)
			first = &s->options[i];
	return first;
}

static bool
ref_fault(struct ref *r, enum args_problem_kind kind, int index,
    const char *word, const struct arg_option *opt, char letter)
{
	r->problem.kind = kind;
	r->problem.index = index;
	r->problem.word = word;
	r->problem.option = opt;
	r->problem.letter = letter;
	return false;
}

/* One long option word at argv[i]; false at a fault.  *skip: its argument. */
static bool
ref_take_long(const struct arg_syntax *s, int argc, const char *const *argv,
    int i, struct ref *r, bool *skip)
{
	const char *w = argv[i], *eq = strchr(w + 2, '=');
	size_t len = eq != NULL ? (size_t)(eq - (w + 2)) : strlen(w + 2);
	size_t count;
	const struct arg_option *opt = ref_long(s, w + 2, len, &count);

	if (count == 0)
		return ref_fault(r, ARGS_UNRECOGNIZED, i, w, NULL, '\0');
	if (count > 1)
		return ref_fault(r, ARGS_AMBIGUOUS, i, w, NULL, '\0');
	if (eq != NULL && !opt->takes_arg && !opt->optional_arg)
		return ref_fault(r, ARGS_UNWANTED_ARG, i, w, opt, '\0');
	*skip = opt->takes_arg && eq == NULL;
	if (*skip && i + 1 == argc)
		return ref_fault(r, ARGS_MISSING_ARG, i, w, opt, '\0');
	if (strlen(opt->long_name) == len + 2) {
		r->out[r->n++] = w;
	} else if (eq != NULL && opt->optional_arg) {
		/* One word: popt takes an optional argument only joined. */
		(void)snprintf(r->joined[i], sizeof r->joined[i], "%s=%s",
		    opt->long_name, eq + 1);
		r->made[r->n] = true;
		r->out[r->n++] = r->joined[i];
	} else {
		r->out[r->n++] = opt->long_name;
		if (eq != NULL)
			r->out[r->n++] = eq + 1;
	}
	return true;
}

static const struct arg_option *
ref_short(const struct arg_syntax *s, char c)
{
	size_t i;

	for (i = 0; i < s->option_count; i++)
		if (s->options[i].short_name == c)
			return &s->options[i];
	return NULL;
}

static bool
ref_take_short(const struct arg_syntax *s, int argc, const char *const *argv,
    int i, struct ref *r, bool *skip)
{
	const char *w = argv[i];
	const struct arg_option *opt;
	size_t k;

	*skip = false;
	for (k = 1; w[k] != '\0'; k++) {
		if ((opt = ref_short(s, w[k])) == NULL)
			return ref_fault(r, ARGS_BAD_LETTER, i, w, NULL, w[k]);
		if (!opt->takes_arg)
			continue;
		*skip = w[k + 1] == '\0';
		if (*skip && i + 1 == argc)
			return ref_fault(r, ARGS_MISSING_ARG, i, w, opt, w[k]);
		break;
	}
	r->out[r->n++] = w;
	return true;
}

static void
ref_reorder(int argc, const char *const *argv, const struct arg_syntax *s,
    struct ref *r)
{
	const char *operands[MAX_WORDS + 1];
	int nops = 0, i, k;
	bool over = false, skip, ok;

	memset(r, 0, sizeof *r);
	r->dashes_at = -1;
	r->out[r->n++] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!over && strcmp(w, "--") == 0) {
			over = true;
		} else if (over || w[0] != '-' || w[1] == '\0' ||
		    (w[1] >= '0' && w[1] <= '9')) {
			operands[nops++] = w;
			over = over || s->stop_at_first_operand;
		} else {
			ok = w[1] == '-' ?
			    ref_take_long(s, argc, argv, i, r, &skip) :
			    ref_take_short(s, argc, argv, i, r, &skip);
			if (!ok) {
				r->out[r->n] = NULL;
				return;
			}
			if (skip)
				r->out[r->n++] = argv[++i];
		}
	}
	r->dashes_at = r->n;
	r->out[r->n++] = "--";
	for (k = 0; k < nops; k++)
		r->out[r->n++] = operands[k];
	r->out[r->n] = NULL;
}

static size_t
count_candidates(const struct arg_syntax *s, const char *word)
{
	size_t i, n = 0;

	for (i = 0; i < s->option_count; i++)
		n += args_long_matches(&s->options[i], word);
	return n;
}

static void
check_problem(const struct arg_syntax *s, const struct args_problem *got,
    const struct args_problem *want)
{
	ORACLE(got->kind == want->kind, "problem %d, reference %d",
	    (int)got->kind, (int)want->kind);
	if (want->kind == ARGS_OK)
		return;
	ORACLE(got->index == want->index && got->word == want->word,
	    "fault at %d, reference %d", got->index, want->index);
	if (want->kind == ARGS_UNWANTED_ARG || want->kind == ARGS_MISSING_ARG)
		ORACLE(got->option == want->option, "the wrong option");
	if (want->kind == ARGS_BAD_LETTER || want->kind == ARGS_MISSING_ARG)
		ORACLE(got->letter == want->letter, "letter '%c', reference "
		    "'%c'", got->letter, want->letter);
	if (want->kind == ARGS_UNRECOGNIZED)
		ORACLE(count_candidates(s, got->word) == 0,
		    "candidates for an unrecognized word");
	if (want->kind == ARGS_AMBIGUOUS)
		ORACLE(count_candidates(s, got->word) >= 2,
		    "fewer than two candidates for an ambiguous word");
}

static void
check_reorder(int argc, const char *const *argv, const struct arg_syntax *s)
{
	const char *out[OUT_ROOM], *again[OUT_ROOM];
	struct args_problem problem, problem2;
	static struct ref ref;
	int n, m, i, j;

	for (i = 0; i < OUT_ROOM; i++)
		out[i] = again[i] = (const char *)&out;	/* poison */
	n = args_reorder(argc, argv, s, out, &problem);
	ORACLE(n >= 1 && n <= 2 * argc + 1, "count %d for argc %d", n, argc);
	ORACLE(out[n] == NULL, "not NULL-terminated at %d", n);
	ORACLE(out[0] == argv[0], "argv[0] moved");

	ref_reorder(argc, argv, s, &ref);
	check_problem(s, &problem, &ref.problem);
	ORACLE(n == ref.n, "count %d, reference %d", n, ref.n);
	for (i = 0; i < n; i++) {
		if (i != ref.dashes_at) {
			ORACLE(ref.made[i] ? strcmp(out[i], ref.out[i]) == 0 :
			    out[i] == ref.out[i], "word %d is '%s', "
			    "reference '%s'", i, out[i], ref.out[i]);
			continue;
		}
		ORACLE(strcmp(out[i], "--") == 0, "no \"--\" at %d", i);
		for (j = 0; j < argc; j++)
			ORACLE(out[i] != argv[j], "the inserted \"--\" is "
			    "argv[%d]", j);
	}
	for (j = 1; j < argc; j++)
		ORACLE(args_is_negative_number(argv[j]) ==
		    (argv[j][0] == '-' && argv[j][1] >= '0' &&
		    argv[j][1] <= '9'), "args_is_negative_number('%s')",
		    argv[j]);

	m = args_reorder(n, out, s, again, &problem2);
	ORACLE(problem2.kind == ARGS_OK, "reordering again finds fault %d",
	    (int)problem2.kind);
	ORACLE(m == n + (problem.kind != ARGS_OK), "reordering again: count "
	    "%d, was %d", m, n);
	for (i = 0; i < n; i++)
		ORACLE(strcmp(again[i], out[i]) == 0, "reordering again: word"
		    " %d '%s', was '%s'", i, again[i], out[i]);
	ORACLE(again[m] == NULL, "reordering again: no NULL");
}

/* Options from the input: letters and comma-separated names. */
static size_t
add_options(struct arg_option *opts, size_t n, char *shorts, char *longs,
    bool takes_arg, char names[][64])
{
	char *p, *comma;

	for (p = shorts; *p != '\0' && n < MAX_OPTIONS; p++)
		opts[n++] = (struct arg_option){ NULL, *p, takes_arg, false };
	for (p = longs; n < MAX_OPTIONS; p = comma + 1) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		/* No long option is called "" or has a '=' in its name. */
		if (*p != '\0' && strchr(p, '=') == NULL) {
			(void)snprintf(names[n], sizeof names[n], "--%s", p);
			opts[n] = (struct arg_option){ names[n], '\0',
			    takes_arg, false };
			n++;
		}
		if (comma == NULL)
			break;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char names[MAX_OPTIONS][64];
	static struct arg_option opts[MAX_OPTIONS];
	static char room_bytes[1 << 20];
	struct arg_room room = { room_bytes, sizeof room_bytes, 0 };
	char *text, *p, *nl, *words[MAX_WORDS + 4];
	const char *argv[MAX_WORDS + 2];
	struct arg_syntax syntax;
	unsigned flags = size > 0 ? data[0] : 0;
	int nwords = 0, argc, i, first = 0;
	size_t n = 0;

	text = fuzz_strndup(size > 0 ? data + 1 : data, size > 0 ? size - 1 :
	    0);
	/* Embedded NULs end the input, like a C string. */
	for (p = text; nwords < MAX_WORDS + 4; p = nl + 1) {
		words[nwords++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
	}
	syntax.room = &room;
	syntax.stop_at_first_operand = flags & 1;
	if ((flags & 2) && nwords >= 4) {
		n = add_options(opts, n, words[0], words[1], true, names);
		n = add_options(opts, n, words[2], words[3], false, names);
		syntax.options = opts;
		syntax.option_count = n;
		first = 4;
	} else {
		syntax.options = mmcat_options;
		syntax.option_count = sizeof mmcat_options /
		    sizeof *mmcat_options;
	}
	argv[0] = "mmcat";
	argc = 1;
	for (i = first; i < nwords && argc <= MAX_WORDS; i++)
		argv[argc++] = words[i];
	argv[argc] = NULL;
	check_reorder(argc, argv, &syntax);
	free(text);
	return 0;
}
