/*
 * args.h - let negative numbers through popt as operands.
 *
 * popt reads "-4K" as a bundle of short options.  Before popt sees the
 * command line, this pure pass sorts its words into options (with their
 * arguments) and operands, and rebuilds it as OPTIONS -- OPERANDS, so that
 * every operand, "-4K" included, is an operand to popt.  An option's own
 * argument ("-o -4K", "--offset -4K") stays beside its option.
 */
#ifndef MMCAT_ARGS_H
#define MMCAT_ARGS_H

#include <stdbool.h>

struct arg_syntax {
	const char *short_with_arg;	/* letters of short options taking one */
	const char *const *long_with_arg; /* long names taking one, NULL-ended */
	bool stop_at_first_operand;	/* POSIXLY_CORRECT: later words are operands */
};

/* True for words such as "-4K", "-0x10", "-0": a negative number. */
bool args_is_negative_number(const char *word);

/*
 * Fill out[] (room for argc + 1 pointers plus a terminating NULL, so
 * argc + 2) with argv reordered; returns the new count.  Pointers are
 * argv's own strings, plus a static "--".
 */
int args_reorder(int argc, const char *const *argv,
    const struct arg_syntax *syntax, const char **out);

#endif
