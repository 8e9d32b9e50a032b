/*
 * args.c - sort command-line words into options and operands.
 */
#include "config.h"

#include "args.h"

#include <stddef.h>
#include <string.h>

static const char end_of_options[] = "--";

bool
args_is_negative_number(const char *word)
{
	return word[0] == '-' && word[1] >= '0' && word[1] <= '9';
}

static bool
long_takes_arg(const struct arg_syntax *syntax, const char *word)
{
	const char *name = word + 2;
	size_t len = strcspn(name, "=");
	const char *const *p;

	if (name[len] == '=')
		return false;	/* the argument is inside the word */
	for (p = syntax->long_with_arg; *p != NULL; p++)
		if (strlen(*p) == len && strncmp(*p, name, len) == 0)
			return true;
	return false;
}

/* "-vo" wants the next word as an argument; "-vo5" or "-v" do not. */
static bool
short_bundle_takes_next(const struct arg_syntax *syntax, const char *word)
{
	const char *p;

	for (p = word + 1; *p != '\0'; p++)
		if (strchr(syntax->short_with_arg, *p) != NULL)
			return p[1] == '\0';
	return false;
}

static bool
is_option(const char *word)
{
	return word[0] == '-' && word[1] != '\0' &&
	    !args_is_negative_number(word);
}

/*
 * Walk the words once, copying either the options (with their arguments)
 * or the operands into out[] at *n.  Both passes classify alike.  Returns
 * false when the last word is an option still waiting for its argument.
 */
static bool
copy_words(int argc, const char *const *argv, const struct arg_syntax *syntax,
    bool want_options, const char **out, int *n)
{
	bool options_over = false, takes_next;
	int i;

	for (i = 1; i < argc; i++) {
		const char *word = argv[i];

		if (!options_over && strcmp(word, end_of_options) == 0) {
			options_over = true;
			continue;
		}
		if (options_over || !is_option(word)) {
			if (!want_options)
				out[(*n)++] = word;
			if (syntax->stop_at_first_operand)
				options_over = true;
			continue;
		}
		takes_next = word[1] == '-' ? long_takes_arg(syntax, word) :
		    short_bundle_takes_next(syntax, word);
		if (want_options)
			out[(*n)++] = word;
		if (takes_next && i + 1 == argc)
			return false;
		if (takes_next) {
			i++;
			if (want_options)
				out[(*n)++] = argv[i];
		}
	}
	return true;
}

int
args_reorder(int argc, const char *const *argv,
    const struct arg_syntax *syntax, const char **out)
{
	int n = 0;

	if (argc < 1)
		return 0;
	out[n++] = argv[0];
	if (!copy_words(argc, argv, syntax, true, out, &n)) {
		/*
		 * Reordered, popt would take the inserted "--" as the missing
		 * argument: leave the line as it is, and popt says it is missing.
		 */
		for (n = 0; n < argc; n++)
			out[n] = argv[n];
		out[n] = NULL;
		return n;
	}
	out[n++] = end_of_options;
	copy_words(argc, argv, syntax, false, out, &n);
	out[n] = NULL;
	return n;
}
