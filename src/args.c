/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * args.c - sort command-line words into options and operands, and tell
 * what the operands of the positional form are.
 */
#include "config.h"

#include "args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>

#include "number.h"

static const char end_of_options[] = "--";

/* What popt is to get for one option word. */
struct option_word {
	const char *words[2];	/* the word; or the whole name, its argument */
	int count;
	bool takes_next;	/* the next word is its argument */
};

bool
args_is_negative_number(const char *word)
{
	return word[0] == '-' && word[1] >= '0' && word[1] <= '9';
}

static bool
is_option(const char *word)
{
	return word[0] == '-' && word[1] != '\0' &&
	    !args_is_negative_number(word);
}

/* The bytes of a "--name=value" word's name. */
static size_t
long_name_len(const char *word)
{
	return strcspn(word + 2, "=");
}

bool
args_long_matches(const struct arg_option *option, const char *word)
{
	return option->long_name != NULL &&
	    strncmp(option->long_name + 2, word + 2, long_name_len(word)) == 0;
}

/*
 * The long option the word names: the one whose name it is, else the one
 * it is a prefix of.  *matches counts them: 1 for an exact name.
 */
static const struct arg_option *
find_long(const struct arg_syntax *syntax, const char *word, size_t *matches)
{
	const struct arg_option *found = NULL, *opt;
	size_t i, len = long_name_len(word);

	*matches = 0;
	for (i = 0; i < syntax->option_count; i++) {
		opt = &syntax->options[i];
		if (!args_long_matches(opt, word))
			continue;
		if (opt->long_name[2 + len] == '\0') {
			*matches = 1;
			return opt;
		}
		if ((*matches)++ == 0)
			found = opt;
	}
	return found;
}

static const struct arg_option *
find_short(const struct arg_syntax *syntax, char letter)
{
	size_t i;

	for (i = 0; i < syntax->option_count; i++)
		if (syntax->options[i].short_name == letter)
			return &syntax->options[i];
	return NULL;
}

static bool
refuse(struct args_problem *problem, enum args_problem_kind kind,
    const struct arg_option *option, char letter)
{
	problem->kind = kind;
	problem->option = option;
	problem->letter = letter;
	return false;
}

/* "NAME=VALUE" written into room; NULL when there is none left. */
static const char *
join(struct arg_room *room, const char *name, const char *value)
{
	size_t need = strlen(name) + 1 + strlen(value) + 1;
	char *word;

	if (room == NULL || room->size - room->used < need)
		return NULL;
	word = room->bytes + room->used;
	room->used += need;
	(void)snprintf(word, need, "%s=%s", name, value);
	return word;
}

/*
 * "--off=2" is "--offset" "2", "--fol=name" "--follow=name"; an exact
 * name goes as it is.
 */
static bool
read_long(const struct arg_syntax *syntax, const char *word, bool last,
    struct option_word *ow, struct args_problem *problem)
{
	size_t matches, len = long_name_len(word);
	const struct arg_option *opt = find_long(syntax, word, &matches);
	const char *value = word[2 + len] == '=' ? word + 3 + len : NULL;

	if (matches == 0)
		return refuse(problem, ARGS_UNRECOGNIZED, NULL, '\0');
	if (matches > 1)
		return refuse(problem, ARGS_AMBIGUOUS, NULL, '\0');
	if (value != NULL && !opt->takes_arg && !opt->optional_arg)
		return refuse(problem, ARGS_UNWANTED_ARG, opt, '\0');
	ow->takes_next = opt->takes_arg && value == NULL;
	if (ow->takes_next && last)
		return refuse(problem, ARGS_MISSING_ARG, opt, '\0');
	ow->count = 1;
	if (opt->long_name[2 + len] == '\0') {
		ow->words[0] = word;
	} else if (value != NULL && opt->optional_arg) {
		if ((ow->words[0] = join(syntax->room, opt->long_name,
		    value)) == NULL)
			return refuse(problem, ARGS_UNWANTED_ARG, opt, '\0');
	} else {
		ow->words[0] = opt->long_name;
		if (value != NULL)
			ow->words[ow->count++] = value;
	}
	return true;
}

/* "-vo" wants the next word as an argument; "-vo5" or "-v" do not. */
static bool
read_short(const struct arg_syntax *syntax, const char *word, bool last,
    struct option_word *ow, struct args_problem *problem)
{
	const struct arg_option *opt;
	const char *p;

	ow->takes_next = false;
	for (p = word + 1; *p != '\0'; p++) {
		if ((opt = find_short(syntax, *p)) == NULL)
			return refuse(problem, ARGS_BAD_LETTER, NULL, *p);
		if (opt->takes_arg) {
			/* The rest of the word, if any, is its argument. */
			ow->takes_next = p[1] == '\0';
			if (ow->takes_next && last)
				return refuse(problem, ARGS_MISSING_ARG, opt,
				    *p);
			break;
		}
	}
	ow->words[0] = word;
	ow->count = 1;
	return true;
}

/*
 * Walk the words once, copying either the options (with their arguments)
 * or the operands into out[] at *n.  Both passes classify alike.  Returns
 * false at a word at fault, having copied the options before it.
 */
static bool
copy_words(int argc, const char *const *argv, const struct arg_syntax *syntax,
    bool want_options, const char **out, int *n,
    struct args_problem *problem)
{
	bool options_over = false, ok, last;
	struct option_word ow;
	int i, k;

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
		last = i + 1 == argc;
		ok = word[1] == '-' ?
		    read_long(syntax, word, last, &ow, problem) :
		    read_short(syntax, word, last, &ow, problem);
		if (!ok) {
			problem->index = i;
			problem->word = word;
			return false;
		}
		for (k = 0; want_options && k < ow.count; k++)
			out[(*n)++] = ow.words[k];
		if (ow.takes_next && want_options)
			out[(*n)++] = argv[i + 1];
		if (ow.takes_next)
			i++;
	}
	return true;
}

int
args_reorder(int argc, const char *const *argv,
    const struct arg_syntax *syntax, const char **out,
    struct args_problem *problem)
{
	int n = 0;

	*problem = (struct args_problem){ .kind = ARGS_OK, .index = 0 };
	if (argc < 1) {
		out[0] = NULL;
		return 0;
	}
	out[n++] = argv[0];
	if (copy_words(argc, argv, syntax, true, out, &n, problem)) {
		out[n++] = end_of_options;
		(void)copy_words(argc, argv, syntax, false, out, &n, problem);
	}
	out[n] = NULL;
	return n;
}

enum args_form
args_positional_form(const char *second, bool names_file)
{
	struct number unused;

	/* Standard input: a file, whatever the directory holds. */
	if (strcmp(second, "-") == 0)
		return ARGS_FORM_FILES;
	if (number_parse(second, &unused) != NUMBER_INVALID)
		return names_file ? ARGS_FORM_AMBIGUOUS : ARGS_FORM_RANGE;
	return names_file ? ARGS_FORM_FILES : ARGS_FORM_NEITHER;
}

enum args_follow_how
args_follow_how(const char *text)
{
	size_t len = strlen(text);

	if (len > 0 && strncmp(text, "descriptor", len) == 0)
		return ARGS_FOLLOW_DESCRIPTOR;
	if (len > 0 && strncmp(text, "name", len) == 0)
		return ARGS_FOLLOW_NAME;
	return ARGS_FOLLOW_INVALID;
}

/* The largest pid_t: signed, of whatever size the system gives it. */
#define PID_MAX_VALUE ((long long)(((unsigned long long)1 << \
    (sizeof(pid_t) * CHAR_BIT - 1)) - 1))

bool
args_parse_pid(const char *text, long long *pid)
{
	long long value = 0;
	const char *p;

	if (*text == '\0')
		return false;
	for (p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		value = value * 10 + (*p - '0');
		if (value > PID_MAX_VALUE)
			return false;
	}
	*pid = value;
	return value > 0;
}

bool
args_parse_seconds(const char *text, double *seconds)
{
	const char *p;
	char *end;
	double value;

	/* Digits, a point, an exponent: strtod would take much more. */
	for (p = text; *p != '\0'; p++)
		if (strchr("0123456789.eE+-", *p) == NULL)
			return false;
	if (*text == '\0' || *text == '-' || *text == '+')
		return false;
	errno = 0;
	value = strtod(text, &end);
	if (*end != '\0' || errno == ERANGE || !(value >= 0))
		return false;
	*seconds = value;
	return true;
}
