/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * args.h - sort the command line before popt sees it.
 *
 * popt reads "-4K" as a bundle of short options, and it knows no
 * abbreviated long options.  Before popt sees the command line, this pure
 * pass sorts its words into options (with their arguments) and operands,
 * and rebuilds it as OPTIONS -- OPERANDS, so that every operand, "-4K"
 * included, is an operand to popt.  An option's own argument ("-o -4K",
 * "--offset -4K", "-o --l") stays beside its option, untouched, and so do
 * the words after "--".
 *
 * A long option may be abbreviated to any prefix of its name that no other
 * long option shares, as getopt_long(3) allows; an exact name always wins.
 * An abbreviation reaches popt as the whole name: "--off=2" and "--off 2"
 * become "--offset" "2".  The pass also finds what getopt_long would
 * refuse (an unknown or ambiguous option, an argument missing or not
 * wanted), so that the message can be worded as GNU tools word it.
 */
#ifndef MMCAT_ARGS_H
#define MMCAT_ARGS_H

#include <stdbool.h>
#include <stddef.h>

struct arg_option {
	const char *long_name;	/* "--offset", dashes included; or NULL */
	char short_name;	/* 'o', or '\0' */
	bool takes_arg;
	bool optional_arg;	/* only as "--name=value", never the next word */
};

/*
 * Where the reordering writes the words it makes: an abbreviated name
 * with an optional argument ("--fol=name") becomes one word,
 * "--follow=name", since popt takes an optional argument only joined.
 * Room for twice the length of all the words plus 32 bytes a word is
 * always enough.
 */
struct arg_room {
	char *bytes;
	size_t size, used;
};

struct arg_syntax {
	const struct arg_option *options;
	size_t option_count;
	bool stop_at_first_operand;	/* POSIXLY_CORRECT: later words are operands */
	struct arg_room *room;	/* NULL: such a word is refused, unwanted */
};

enum args_problem_kind {
	ARGS_OK,
	ARGS_UNRECOGNIZED,	/* "--name": no long option begins so */
	ARGS_AMBIGUOUS,		/* "--name": several begin so */
	ARGS_UNWANTED_ARG,	/* "--name=value" for an option taking none */
	ARGS_MISSING_ARG,	/* the last word wants an argument after it */
	ARGS_BAD_LETTER		/* "-x": no such short option */
};

struct args_problem {
	enum args_problem_kind kind;
	int index;		/* argv[index] is the word at fault */
	const char *word;	/* that word */
	const struct arg_option *option; /* UNWANTED_ARG, MISSING_ARG */
	char letter;		/* BAD_LETTER; MISSING_ARG of a short option */
};

/* True for words such as "-4K", "-0x10", "-0": a negative number. */
bool args_is_negative_number(const char *word);

/*
 * Fill out[] (room for 2 * argc + 2 pointers, an abbreviation with its
 * argument attached taking two) with argv reordered, NULL-terminated;
 * returns the count.  Pointers are argv's own strings (or parts of them),
 * the long names of syntax, and a static "--".
 *
 * When a word is at fault, *problem says which and how, and out[] holds
 * only the options before it: given to popt, any help option or bad
 * argument among them comes first, as it would with getopt_long.
 */
int args_reorder(int argc, const char *const *argv,
    const struct arg_syntax *syntax, const char **out,
    struct args_problem *problem);

/*
 * Whether a "--name" or "--name=value" word is a prefix of option's long
 * name: the candidates, to list for an ambiguous word.
 */
bool args_long_matches(const struct arg_option *option, const char *word);

/*
 * What the operands of the positional form (no range option) are, as the
 * second operand decides it.  Only the caller can look in the file system:
 * it says whether a file of that name exists.
 */
enum args_form {
	ARGS_FORM_RANGE,	/* FILE OFFSET [LENGTH]: a number */
	ARGS_FORM_FILES,	/* every operand a file: "-", or a file's name */
	ARGS_FORM_AMBIGUOUS,	/* a number that names a file too: refused */
	ARGS_FORM_NEITHER	/* no number, no file: an invalid offset */
};

/*
 * The form, from the second operand and whether a file of that name
 * exists.  A number here is anything of number syntax, too large or not:
 * "99999999999999999999" is an offset that does not fit, not a name.
 */
enum args_form args_positional_form(const char *second, bool names_file);

/* --follow's HOW: a word, or any prefix of it that names only one. */
enum args_follow_how {
	ARGS_FOLLOW_DESCRIPTOR,
	ARGS_FOLLOW_NAME,
	ARGS_FOLLOW_INVALID
};

enum args_follow_how args_follow_how(const char *text);

/*
 * --pid: a decimal process ID, 1 or more, that fits a pid_t (no sign, no
 * suffix, no space).  True when text is one.
 */
bool args_parse_pid(const char *text, long long *pid);

/*
 * -s: a number of seconds, 0 or more, decimal with an optional fraction
 * and exponent; false for anything else (a sign, inf, nan, hex, junk).
 */
bool args_parse_seconds(const char *text, double *seconds);

#endif
