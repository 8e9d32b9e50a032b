/*
 * fuzz_args.c - libFuzzer target for args_reorder (src/args.c).
 *
 * Input: byte 0 holds flags (bit 0: POSIXLY_CORRECT, stop at the first
 * operand; bit 1: a syntax from the input instead of mmcat's own), then
 * words separated by newlines (an empty line is an empty word).  With
 * bit 1 the first word lists the short options taking an argument and
 * the second the long ones, comma-separated.  The rest are argv[1..].
 * (The seeds start with '0' to '3', which carry those two bits as text.)
 *
 * Oracles, each abort()ing when violated:
 *  - the result is NULL-terminated, its count is returned, argv[0] first;
 *  - when the last option still waits for its argument, the line is left
 *    exactly as it was;
 *  - otherwise every word of argv is in the result exactly once (the same
 *    pointer), save the first bare "--", which the one inserted "--"
 *    replaces; options keep their order and each keeps its argument right
 *    behind it; operands keep their order and all come after the "--";
 *  - what is an option, an option's argument or an operand agrees with a
 *    reference classifier written from args.h;
 *  - args_is_negative_number is exactly "-" then a digit;
 *  - reordering the result again changes nothing (as strings).
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
#define MAX_LONGS 16

enum word_class { W_OPTION, W_OPTARG, W_END, W_OPERAND };

static const char *const mmcat_longs[] = {
	"offset", "length", "end", "range", "lines", NULL
};

static bool
ref_takes_next(const struct arg_syntax *syntax, const char *word)
{
	const char *p;
	size_t i, len;

	if (word[1] == '-') {
		len = strlen(word + 2);
		if (memchr(word + 2, '=', len) != NULL)
			return false;
		for (i = 0; syntax->long_with_arg[i] != NULL; i++)
			if (strcmp(syntax->long_with_arg[i], word + 2) == 0)
				return true;
		return false;
	}
	/* In a bundle, the first letter taking an argument takes the rest. */
	for (p = word + 1; *p != '\0'; p++)
		if (strchr(syntax->short_with_arg, *p) != NULL)
			return p[1] == '\0';
	return false;
}

/* Classify argv[1..]; false when an option lacks its argument. */
static bool
ref_classify(int argc, const char *const *argv,
    const struct arg_syntax *syntax, enum word_class *cls)
{
	bool over = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!over && strcmp(w, "--") == 0) {
			cls[i] = W_END;
			over = true;
		} else if (over || w[0] != '-' || w[1] == '\0' ||
		    (w[1] >= '0' && w[1] <= '9')) {
			cls[i] = W_OPERAND;
			over = over || syntax->stop_at_first_operand;
		} else {
			cls[i] = W_OPTION;
			if (ref_takes_next(syntax, w)) {
				if (i + 1 == argc)
					return false;
				cls[++i] = W_OPTARG;
			}
		}
	}
	return true;
}

static void
check_reorder(int argc, const char *const *argv,
    const struct arg_syntax *syntax)
{
	const char *out[MAX_WORDS + 3], *again[MAX_WORDS + 3];
	const char *want[MAX_WORDS + 3];
	enum word_class cls[MAX_WORDS + 1];
	int n, m, k = 0, i, j, seen;
	bool complete;

	for (i = 0; i < MAX_WORDS + 3; i++)
		out[i] = again[i] = (const char *)&out;	/* poison */
	n = args_reorder(argc, argv, syntax, out);
	ORACLE(n >= 1 && n <= argc + 1, "count %d for argc %d", n, argc);
	ORACLE(out[n] == NULL, "not NULL-terminated at %d", n);
	ORACLE(out[0] == argv[0], "argv[0] moved");

	complete = ref_classify(argc, argv, syntax, cls);
	if (!complete) {
		ORACLE(n == argc, "missing argument: count %d, argc %d", n,
		    argc);
		for (i = 0; i < argc; i++)
			ORACLE(out[i] == argv[i], "missing argument: word %d "
			    "moved", i);
	} else {
		want[k++] = argv[0];
		for (i = 1; i < argc; i++)
			if (cls[i] == W_OPTION || cls[i] == W_OPTARG)
				want[k++] = argv[i];
		want[k++] = NULL;	/* the inserted "--" */
		for (i = 1; i < argc; i++)
			if (cls[i] == W_OPERAND)
				want[k++] = argv[i];
		ORACLE(n == k, "count %d, reference %d", n, k);
		for (i = 0; i < k; i++) {
			if (want[i] != NULL) {
				ORACLE(out[i] == want[i], "word %d is '%s', "
				    "reference '%s'", i, out[i], want[i]);
				continue;
			}
			ORACLE(strcmp(out[i], "--") == 0, "no \"--\" at %d", i);
			for (j = 0; j < argc; j++)
				ORACLE(out[i] != argv[j], "the inserted \"--\" "
				    "is argv[%d]", j);
		}
		/* Every word exactly once, but the "--" ending options. */
		for (j = 1; j < argc; j++) {
			for (seen = 0, i = 0; i < n; i++)
				seen += out[i] == argv[j];
			ORACLE(seen == (cls[j] == W_END ? 0 : 1),
			    "argv[%d] '%s' appears %d times", j, argv[j],
			    seen);
		}
	}
	for (j = 1; j < argc; j++)
		ORACLE(args_is_negative_number(argv[j]) ==
		    (argv[j][0] == '-' && argv[j][1] >= '0' &&
		    argv[j][1] <= '9'), "args_is_negative_number('%s')",
		    argv[j]);

	m = args_reorder(n, out, syntax, again);
	ORACLE(m == n, "reordering again: count %d, was %d", m, n);
	for (i = 0; i < n; i++)
		ORACLE(strcmp(again[i], out[i]) == 0, "reordering again: word"
		    " %d '%s', was '%s'", i, again[i], out[i]);
	ORACLE(again[m] == NULL, "reordering again: no NULL");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *p, *nl, *words[MAX_WORDS + 2];
	const char *argv[MAX_WORDS + 2], *longs[MAX_LONGS + 1];
	struct arg_syntax syntax;
	unsigned flags = size > 0 ? data[0] : 0;
	int nwords = 0, argc, i, first = 0, l = 0;

	text = fuzz_strndup(size > 0 ? data + 1 : data, size > 0 ? size - 1 :
	    0);
	/* Embedded NULs end the input, like a C string. */
	for (p = text; nwords < MAX_WORDS + 2; p = nl + 1) {
		words[nwords++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
	}
	syntax.stop_at_first_operand = flags & 1;
	if ((flags & 2) && nwords >= 2) {
		syntax.short_with_arg = words[0];
		for (p = words[1]; l < MAX_LONGS; p = nl + 1) {
			longs[l++] = p;
			if ((nl = strchr(p, ',')) == NULL)
				break;
			*nl = '\0';
		}
		longs[l] = NULL;
		syntax.long_with_arg = longs;
		first = 2;
	} else {
		syntax.short_with_arg = "olerL";
		syntax.long_with_arg = mmcat_longs;
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
