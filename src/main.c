/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mmcat - print a byte range of a file by memory-mapping it.
 *
 * main.c holds the command line: the popt table, the two invocation forms,
 * the loop over input operands, and the exit status.  It is the only file
 * that knows popt.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <popt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buffers.h"
#include "busguard.h"
#include "chunkspec.h"
#include "diag.h"
#include "follow.h"
#include "hexdump.h"
#include "keys.h"
#include "lines.h"
#include "members.h"
#include "number.h"
#include "output.h"
#include "printer.h"
#include "progress.h"
#include "quote.h"
#include "range.h"
#include "source.h"
#include "view.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_TROUBLE = 1,	/* a file, a range or the output failed */
	EXIT_USAGE = 2
};

enum option_key {
	OPT_OFFSET = 1,
	OPT_LENGTH,
	OPT_END,
	OPT_STRICT,
	OPT_VERBOSE,
	OPT_HEX,
	OPT_RANGE,
	OPT_LINES,
	OPT_ZERO,
	OPT_CHUNK,
	OPT_FROM,
	OPT_TO,
	OPT_PROGRESS,
	OPT_SPARSE,
	OPT_FOLLOW,
	OPT_FOLLOW_DESCRIPTOR,
	OPT_FOLLOW_NAME_RETRY,
	OPT_RETRY,
	OPT_PID,
	OPT_SLEEP_INTERVAL,
	OPT_COLS,
	OPT_GROUP,
	OPT_UPPER,
	OPT_PLAIN,
	OPT_INCLUDE,
	OPT_NAME,
	OPT_CAPITALIZE,
	OPT_BITS,
	OPT_DECIMAL,
	OPT_LITTLE_ENDIAN,
	OPT_AUTOSKIP,
	OPT_DISPLAY_OFFSET,
	OPT_SQUEEZE,
	OPT_COLOR,
	OPT_LIST,
	OPT_MEMBER,
	OPT_HELP,
	OPT_USAGE,
	OPT_VERSION
};

static struct poptOption help_options[] = {
	{ "help", 'h', POPT_ARG_NONE, NULL, OPT_HELP,
	  "show this help and exit", NULL },
	{ "usage", '\0', POPT_ARG_NONE, NULL, OPT_USAGE,
	  "show a short usage message and exit", NULL },
	{ "version", 'V', POPT_ARG_NONE, NULL, OPT_VERSION,
	  "show the version and exit", NULL },
	POPT_TABLEEND
};

static const struct poptOption option_table[] = {
	{ "offset", 'o', POPT_ARG_STRING, NULL, OPT_OFFSET,
	  "first byte to print (default 0); negative counts back from EOF",
	  "OFFSET" },
	{ "length", 'l', POPT_ARG_STRING, NULL, OPT_LENGTH,
	  "print LENGTH bytes (default: to EOF); negative stops that many "
	  "bytes before EOF", "LENGTH" },
	{ "end", 'e', POPT_ARG_STRING, NULL, OPT_END,
	  "stop before byte END instead of giving a length; negative counts "
	  "back from EOF", "END" },
	{ "range", 'r', POPT_ARG_STRING, NULL, OPT_RANGE,
	  "print START:END (half-open) or START+LENGTH; repeatable, printed "
	  "in the order given", "SPEC" },
	{ "lines", 'L', POPT_ARG_STRING, NULL, OPT_LINES,
	  "print lines N:M, N:, :M, N or N:+K (1-based, inclusive, as sed -n "
	  "'N,Mp'); negative N or M counts from the last line", "SPEC" },
	{ "zero-terminated", 'z', POPT_ARG_NONE, NULL, OPT_ZERO,
	  "for -L, --chunk, --from and --to, lines end with a NUL byte, not "
	  "a newline", NULL },
	{ "chunk", '\0', POPT_ARG_STRING, NULL, OPT_CHUNK,
	  "print piece K of N pieces of about equal size cut at line ends, "
	  "as split -n l/K/N does", "K/N" },
	{ "from", '\0', POPT_ARG_STRING, NULL, OPT_FROM,
	  "on input sorted by its lines' beginnings, print from the first "
	  "record whose first bytes are >= KEY (by bisection)", "KEY" },
	{ "to", '\0', POPT_ARG_STRING, NULL, OPT_TO,
	  "... up to the last record whose first bytes are <= KEY", "KEY" },
	{ "list", '\0', POPT_ARG_NONE, NULL, OPT_LIST,
	  "list the named parts of each FILE (partitions, archive members, "
	  "ELF sections, tensors): OFFSET, LENGTH, KIND, NAME", NULL },
	{ "member", 'm', POPT_ARG_STRING, NULL, OPT_MEMBER,
	  "print the part named NAME instead of the whole file; the range "
	  "options then apply inside it (repeatable)", "NAME" },
	{ "strict", '\0', POPT_ARG_NONE, NULL, OPT_STRICT,
	  "fail, printing nothing of the range, where it would be clamped to "
	  "the file", NULL },
	{ "hex", 'x', POPT_ARG_NONE, NULL, OPT_HEX,
	  "dump each range as xxd does (offsets, hex, ASCII); each option "
	  "below implies it", NULL },
	{ "cols", 'c', POPT_ARG_STRING, NULL, OPT_COLS,
	  "N bytes a line (xxd -c; default 16, -p 30, -i 12, -b 6)", "N" },
	{ "group", 'g', POPT_ARG_STRING, NULL, OPT_GROUP,
	  "N bytes a group (xxd -g; default 2; with -b 1, with "
	  "--little-endian 4; 0: one group)", "N" },
	{ "upper", 'u', POPT_ARG_NONE, NULL, OPT_UPPER,
	  "upper-case hex digits (xxd -u)", NULL },
	{ "plain", 'p', POPT_ARG_NONE, NULL, OPT_PLAIN,
	  "hex digits only (xxd -p)", NULL },
	{ "include", 'i', POPT_ARG_NONE, NULL, OPT_INCLUDE,
	  "a C array (xxd -i)", NULL },
	{ "name", '\0', POPT_ARG_STRING, NULL, OPT_NAME,
	  "with -i, the array's name (xxd -n)", "NAME" },
	{ "capitalize", '\0', POPT_ARG_NONE, NULL, OPT_CAPITALIZE,
	  "with -i, the name in capitals (xxd -C)", NULL },
	{ "bits", 'b', POPT_ARG_NONE, NULL, OPT_BITS,
	  "binary digits (xxd -b)", NULL },
	{ "decimal", 'd', POPT_ARG_NONE, NULL, OPT_DECIMAL,
	  "decimal addresses (xxd -d)", NULL },
	{ "little-endian", '\0', POPT_ARG_NONE, NULL, OPT_LITTLE_ENDIAN,
	  "groups as little-endian words (xxd -e)", NULL },
	{ "autoskip", 'a', POPT_ARG_NONE, NULL, OPT_AUTOSKIP,
	  "a '*' for runs of zero lines (xxd -a)", NULL },
	{ "display-offset", '\0', POPT_ARG_STRING, NULL, OPT_DISPLAY_OFFSET,
	  "add N to every address (xxd -o)", "N" },
	{ "squeeze", '\0', POPT_ARG_NONE, NULL, OPT_SQUEEZE,
	  "a '*' for each run of lines equal to the one before (hexdump -C); "
	  "the last line is always shown", NULL },
	{ "color", '\0', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL, NULL,
	  OPT_COLOR, "colour bytes by class; WHEN is 'always' (the option "
	  "alone), 'never' or 'auto' (the default: when stdout is a terminal "
	  "and NO_COLOR is unset or empty)", "WHEN" },
	{ "progress", 'P', POPT_ARG_NONE, NULL, OPT_PROGRESS,
	  "show progress on stderr when it is a terminal and stdout is not "
	  "that terminal", NULL },
	{ "sparse", '\0', POPT_ARG_STRING, NULL, OPT_SPARSE,
	  "holes in a file on stdout: WHEN is 'auto' (the default: where the "
	  "input has holes), 'always' (also for blocks of zeros) or 'never'",
	  "WHEN" },
	{ "follow", '\0', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL, NULL,
	  OPT_FOLLOW, "go on printing what is appended to each file; HOW is "
	  "'descriptor' (the default: the file opened) or 'name' (whatever "
	  "file the name comes to name)", "HOW" },
	{ NULL, 'f', POPT_ARG_NONE, NULL, OPT_FOLLOW_DESCRIPTOR,
	  "same as --follow=descriptor", NULL },
	{ NULL, 'F', POPT_ARG_NONE, NULL, OPT_FOLLOW_NAME_RETRY,
	  "same as --follow=name --retry", NULL },
	{ "retry", '\0', POPT_ARG_NONE, NULL, OPT_RETRY,
	  "keep trying to open a file that is missing or unreadable", NULL },
	{ "pid", '\0', POPT_ARG_STRING, NULL, OPT_PID,
	  "with -f, end once process PID has ended (repeatable: once all "
	  "have)", "PID" },
	{ "sleep-interval", 's', POPT_ARG_STRING, NULL, OPT_SLEEP_INTERVAL,
	  "with -f, check every N seconds where changes cannot be watched "
	  "(default 1)", "N" },
	{ "verbose", 'v', POPT_ARG_NONE, NULL, OPT_VERBOSE,
	  "describe on stderr how each range was printed", NULL },
	{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, help_options, 0,
	  "Help options:", NULL },
	POPT_TABLEEND
};

/*
 * --usage: popt's summary of the options, ending in the operands of the
 * positional form; then the option form on a line of its own, as --help
 * has it.
 */
static const char usage_operands[] = "FILE [OFFSET [LENGTH]]";
static const char usage_option_form[] = "  or:  mmcat [OPTION]... [FILE]...\n";

/* --help: the same usage lines, then what mmcat does, GNU style. */
static const char help_head[] =
    "[OPTION]... FILE [OFFSET [LENGTH]]\n"
    "  or:  mmcat [OPTION]... [FILE]...\n"
    "Print a byte range of a file by memory-mapping it.\n"
    "\n"
    "Mandatory arguments to long options are mandatory for short options "
    "too.";

/* After the options; a literal, for printf to check against its arguments. */
#define HELP_EPILOGUE \
    "\n" \
    "Without -o, -l, -e, -r, -L, --chunk, -m or --list, the operands are\n" \
    "FILE, then OFFSET, then LENGTH.  With any of them, every operand is a\n" \
    "FILE.\n" \
    "With no FILE, or when FILE is -, read standard input.\n" \
    "Long options may be abbreviated to any prefix that is not ambiguous:\n" \
    "--off=4K.\n" \
    "\n" \
    "--chunk=K/N prints the lines whose first byte lies in the K-th of N\n" \
    "equal parts of the file (the last takes the remainder), as\n" \
    "split -n l/K/N does: parallel mmcat --chunk={}/4 big.log ::: 1 2 3 4\n" \
    "\n" \
    "Numbers: decimal, or 0x hex; decimal may end in K M G T P E (powers\n" \
    "of 1024, also KiB MiB ...) or kB MB GB ... (powers of 1000).\n" \
    "A leading - counts back from the end of the file: 'mmcat app.log -4K'\n" \
    "prints the last 4 KiB.\n" \
    "\n" \
    "--list and -m know GPT and MBR disk images, tar, zip and ar archives\n" \
    "(.deb too), ELF files, safetensors and GGUF models, found by their\n" \
    "magic numbers: 'mmcat -m usr/bin/foo pkg.tar | file -'; with\n" \
    "-m, offsets count from the part's first byte, -x addresses from the\n" \
    "file's.\n" \
    "\n" \
    "Environment:\n" \
    "  MMCAT_COPY=auto|write  auto (the default): let the kernel copy, with\n" \
    "                         vmsplice into a pipe, copy_file_range or\n" \
    "                         sendfile into a file; write: copy every byte\n" \
    "                         with write(2) from the mapping\n" \
    "  MMCAT_WINDOW=SIZE      the most bytes mapped at once (default %zu %s)\n" \
    "  TMPDIR                 where a stream is copied when several -r\n" \
    "                         ranges go back, or are given with --strict\n" \
    "                         (default /tmp)\n" \
    "  POSIXLY_CORRECT        options end at the first operand\n" \
    "  NO_COLOR               not empty: colour only with --color=always\n" \
    "\n" \
    "Exit status:\n" \
    " 0  if every range of every file was printed,\n" \
    " 1  if a file or range could not be printed in full,\n" \
    " 2  on a usage error; nothing then goes to standard output.\n" \
    "\n" \
    "Report bugs to: <%s>\n" \
    "%s home page: <%s>\n"

/* configure.ac's AC_INIT names no home page yet: the repository's. */
#define MMCAT_HOME_PAGE "https://github.com/mmcat/mmcat"

static const char version_text[] =
    PACKAGE_NAME " " PACKAGE_VERSION "\n"
    "Copyright (C) 2026 the mmcat authors.\n"
    "License BSD-2-Clause: <https://spdx.org/licenses/BSD-2-Clause.html>.\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n";

/* What the command line asked for. */
struct command {
	struct range_request range;	/* -o/-l/-e, or the operands */
	struct range_request *ranges;	/* -r, in the order given */
	size_t range_count;
	struct lines_request lines;
	const char *lines_text;		/* -L given: its spec */
	char *lines_copy;		/* owns lines_text */
	struct chunk_request chunk;
	const char *chunk_text;		/* --chunk given: its spec */
	char *chunk_copy;		/* owns chunk_text */
	char *from, *to;		/* --from, --to: the keys, owned */
	struct key_request keys;
	char **members;			/* -m, in the order given, owned */
	size_t member_count;
	bool list;			/* --list */
	bool range_options;	/* a range option given: option form */
	bool has_offset, has_length, has_end;
	bool strict, verbose, hex, progress;
	bool zero;			/* -z: lines end with NUL */
	bool allow_fast_paths;	/* MMCAT_COPY is not "write" */
	enum output_sparse sparse;	/* --sparse */
	bool follow, follow_by_name, retry;
	pid_t *pids;			/* --pid, in the order given */
	size_t pid_count;
	double interval;		/* -s */
	struct hex_request hex_request;	/* the layout options */
	char *hex_name;			/* owns hex_request.name */
	const char *color_when;		/* --color's WHEN; NULL: auto */
	char *color_copy;		/* owns color_when */
	struct hex_layout layout;	/* resolved from hex_request */
	size_t window;
	const char *const *files;
	size_t file_count;
};

/*
 * The one way out for a usage error: the message, then the line that
 * points to --help.  Returns the exit status for it.
 */
static int usage_error(const char *fmt, ...) DIAG_PRINTF(1, 2);

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_usage(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/*
 * An argument echoed in a message, quoted ('12x').  A message quotes a
 * few at most and a usage error ends the program, so each copy lives
 * until main() frees them all.
 */
static char *quoted_copies[4];
static size_t quoted_next;

static const char *
quoted(const char *text)
{
	size_t slots = sizeof quoted_copies / sizeof *quoted_copies;
	char **slot = &quoted_copies[quoted_next++ % slots];

	free(*slot);
	*slot = quote_dup(text, QUOTE_ARG);
	return *slot != NULL ? *slot : "(not shown: out of memory)";
}

static void
free_quoted(void)
{
	size_t i;

	for (i = 0; i < sizeof quoted_copies / sizeof *quoted_copies; i++)
		free(quoted_copies[i]);
}

/* Parse a number argument or report it; true when it parsed. */
static bool
parse_number_arg(const char *what, const char *text, struct number *out)
{
	enum number_status status = number_parse(text, out);

	if (status == NUMBER_OK)
		return true;
	(void)usage_error("invalid %s %s: %s", what, quoted(text),
	    number_status_reason(status));
	return false;
}

/* Parse one --range SPEC and add it to the list; -1, or an exit status. */
static int
add_range(struct command *cmd, const char *spec)
{
	struct range_request *grown, request;
	enum number_status number_status;

	switch (range_parse_spec(spec, &request, &number_status)) {
	case RANGE_SPEC_OK:
		break;
	case RANGE_SPEC_NO_SEPARATOR:
		return usage_error("invalid range %s: expected START:END or "
		    "START+LENGTH", quoted(spec));
	case RANGE_SPEC_BAD_START:
	case RANGE_SPEC_BAD_STOP:
		return usage_error("invalid range %s: %s", quoted(spec),
		    number_status_reason(number_status));
	case RANGE_SPEC_NO_MEMORY:
	default:
		diag(NULL, "%s", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	grown = realloc(cmd->ranges, (cmd->range_count + 1) * sizeof *grown);
	if (grown == NULL) {
		diag(NULL, "%s", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	cmd->ranges = grown;
	cmd->ranges[cmd->range_count++] = request;
	return -1;
}

static bool
parse_lines_arg(const char *spec, struct lines_request *lines)
{
	enum number_status number_status;

	switch (lines_parse_spec(spec, lines, &number_status)) {
	case LINES_SPEC_OK:
		return true;
	case LINES_SPEC_ZERO:
		(void)usage_error("invalid line range %s: lines are numbered "
		    "from 1", quoted(spec));
		return false;
	case LINES_SPEC_BAD_PLUS:
		(void)usage_error("invalid line range %s: expected N:+K with K "
		    "a count of lines", quoted(spec));
		return false;
	case LINES_SPEC_BAD_NUMBER:
	default:
		(void)usage_error("invalid line range %s: expected N, N:M, N:, "
		    ":M or N:+K; %s", quoted(spec),
		    number_status_reason(number_status));
		return false;
	}
}

static bool
parse_chunk_arg(const char *spec, struct chunk_request *chunk)
{
	enum number_status number_status;

	switch (chunk_parse_spec(spec, chunk, &number_status)) {
	case CHUNK_SPEC_OK:
		return true;
	case CHUNK_SPEC_NOT_POSITIVE:
		(void)usage_error("invalid chunk %s: K and N count from 1",
		    quoted(spec));
		return false;
	case CHUNK_SPEC_K_PAST_N:
		(void)usage_error("invalid chunk %s: K is greater than N",
		    quoted(spec));
		return false;
	case CHUNK_SPEC_BAD_NUMBER:
		(void)usage_error("invalid chunk %s: expected K/N; %s",
		    quoted(spec), number_status_reason(number_status));
		return false;
	case CHUNK_SPEC_NO_SLASH:
	default:
		(void)usage_error("invalid chunk %s: expected K/N, piece K of "
		    "N", quoted(spec));
		return false;
	}
}

/* --follow[=HOW]; without HOW, the descriptor. */
static bool
take_follow_how(struct command *cmd, const char *how)
{
	cmd->follow = true;
	switch (how != NULL ? args_follow_how(how) : ARGS_FOLLOW_DESCRIPTOR) {
	case ARGS_FOLLOW_DESCRIPTOR:
		cmd->follow_by_name = false;
		return true;
	case ARGS_FOLLOW_NAME:
		cmd->follow_by_name = true;
		return true;
	case ARGS_FOLLOW_INVALID:
	default:
		(void)usage_error("invalid --follow %s: expected 'descriptor' or "
		    "'name'", quoted(how));
		return false;
	}
}

/* One more --pid; -1 to go on, or an exit status. */
static int
add_pid(struct command *cmd, const char *text)
{
	long long pid;
	pid_t *grown;

	if (!args_parse_pid(text, &pid))
		return usage_error("invalid PID %s", quoted(text));
	grown = realloc(cmd->pids, (cmd->pid_count + 1) * sizeof *grown);
	if (grown == NULL) {
		diag(NULL, "%s", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	cmd->pids = grown;
	cmd->pids[cmd->pid_count++] = (pid_t)pid;
	return -1;
}

/* -c, -g, --display-offset: a count that is not negative. */
static bool
take_count(const char *what, const char *text, uint64_t *out)
{
	struct number n;

	if (!parse_number_arg(what, text, &n))
		return false;
	if (n.negative && n.magnitude > 0) {
		(void)usage_error("invalid %s %s: it cannot be negative", what,
		    quoted(text));
		return false;
	}
	*out = n.magnitude;
	return true;
}

/* A layout option; each implies -x.  False on a bad argument. */
static bool
take_hex_option(struct command *cmd, int key, char **arg)
{
	struct hex_request *r = &cmd->hex_request;

	cmd->hex = true;
	switch (key) {
	case OPT_COLS:
		r->cols_given = true;
		return take_count("number of columns", *arg, &r->cols);
	case OPT_GROUP:
		r->group_given = true;
		return take_count("group size", *arg, &r->group);
	case OPT_DISPLAY_OFFSET:
		return take_count("display offset", *arg,
		    &r->display_offset);
	case OPT_NAME:
		free(cmd->hex_name);
		r->name = cmd->hex_name = *arg;
		*arg = NULL;
		return true;
	case OPT_COLOR:
		/* A bare --color is "always", as in ls and grep. */
		free(cmd->color_copy);
		cmd->color_copy = *arg;
		cmd->color_when = *arg != NULL ? *arg : "always";
		*arg = NULL;
		return true;
	default:
		break;
	}
	r->upper |= key == OPT_UPPER;
	r->plain |= key == OPT_PLAIN;
	r->include |= key == OPT_INCLUDE;
	r->capitalize |= key == OPT_CAPITALIZE;
	r->bits |= key == OPT_BITS;
	r->decimal |= key == OPT_DECIMAL;
	r->little_endian |= key == OPT_LITTLE_ENDIAN;
	r->autoskip |= key == OPT_AUTOSKIP;
	r->squeeze |= key == OPT_SQUEEZE;
	return true;
}

/* One more -m NAME (taken, owned by cmd); -1 to go on, or a status. */
static int
add_member(struct command *cmd, char *name)
{
	char **grown;

	grown = realloc(cmd->members, (cmd->member_count + 1) *
	    sizeof *grown);
	if (grown == NULL) {
		free(name);
		diag(NULL, "%s", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	cmd->members = grown;
	cmd->members[cmd->member_count++] = name;
	return -1;
}

/* --sparse=WHEN, as cp takes it.  False on a bad WHEN. */
static bool
take_sparse(struct command *cmd, const char *when)
{
	static const char *const names[] = { "auto", "always", "never" };
	static const enum output_sparse modes[] = { OUTPUT_SPARSE_AUTO,
	    OUTPUT_SPARSE_ALWAYS, OUTPUT_SPARSE_NEVER };
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(when, names[i]) == 0) {
			cmd->sparse = modes[i];
			return true;
		}
	(void)usage_error("invalid --sparse %s: expected 'auto', 'always' or "
	    "'never'", quoted(when));
	return false;
}

static bool
take_interval(struct command *cmd, const char *text)
{
	if (args_parse_seconds(text, &cmd->interval))
		return true;
	(void)usage_error("invalid number of seconds: %s", quoted(text));
	return false;
}

/* MMCAT_WINDOW overrides the mapping window, mainly for tests. */
static bool
read_window_setting(size_t *window)
{
	const char *text = getenv("MMCAT_WINDOW");
	struct number n;

	*window = view_round_window(MMCAT_WINDOW_BYTES);
	if (text == NULL)
		return true;
	if (!parse_number_arg("MMCAT_WINDOW", text, &n))
		return false;
	if (n.negative || n.magnitude == 0) {
		(void)usage_error("invalid MMCAT_WINDOW %s: expected a "
		    "positive number of bytes", quoted(text));
		return false;
	}
	*window = view_round_window(n.magnitude);
	return true;
}

/*
 * MMCAT_COPY=write turns the fast paths off (vmsplice into a pipe,
 * copy_file_range into a file): every byte goes by write(2) from the
 * mapping.  To compare the methods, or to keep a concurrent writer's later
 * changes out of a pipe.
 */
static bool
read_copy_setting(bool *allow_fast_paths)
{
	const char *text = getenv("MMCAT_COPY");

	*allow_fast_paths = true;
	if (text == NULL || strcmp(text, "auto") == 0)
		return true;
	if (strcmp(text, "write") == 0) {
		*allow_fast_paths = false;
		return true;
	}
	(void)usage_error("invalid MMCAT_COPY %s: expected 'auto' or 'write'",
	    quoted(text));
	return false;
}

/* Flush what help or version printed, and check that it arrived. */
static int
finish_stdout_text(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		diag_write_error(errno != 0 ? errno : EIO);
		return EXIT_TROUBLE;
	}
	return EXIT_OK;
}

static int
print_help(poptContext con)
{
	size_t window = MMCAT_WINDOW_BYTES;
	bool in_mib = window % ((size_t)1 << 20) == 0;

	poptSetOtherOptionHelp(con, help_head);
	poptPrintHelp(con, stdout, 0);
	(void)printf(HELP_EPILOGUE, in_mib ? window >> 20 : window >> 10,
	    in_mib ? "MiB" : "KiB",
	    PACKAGE_BUGREPORT, PACKAGE_NAME,
	    PACKAGE_URL[0] != '\0' ? PACKAGE_URL : MMCAT_HOME_PAGE);
	return finish_stdout_text();
}

static int
print_usage(poptContext con)
{
	poptSetOtherOptionHelp(con, usage_operands);
	poptPrintUsage(con, stdout, 0);
	(void)fputs(usage_option_form, stdout);
	return finish_stdout_text();
}

static int
print_version(void)
{
	(void)fputs(version_text, stdout);
	return finish_stdout_text();
}

/* --from=KEY or --to=KEY (the last given counts); takes arg. */
static bool
take_key(char **key, char *arg)
{
	free(*key);
	*key = arg;
	if (arg[0] != '\0')
		return true;
	(void)usage_error("invalid key '': a key is at least one byte");
	return false;
}

/*
 * Handle one option popt returned.  Returns -1 to go on, or an exit
 * status to end with (help, version, a bad argument).
 */
static int
take_option(poptContext con, int key, struct command *cmd)
{
	char *arg = poptGetOptArg(con);
	int verdict = -1;

	switch (key) {
	case OPT_OFFSET:
		cmd->range_options = cmd->has_offset = true;
		if (!parse_number_arg("offset", arg, &cmd->range.start))
			verdict = EXIT_USAGE;
		break;
	case OPT_LENGTH:
	case OPT_END:
		cmd->range_options = true;
		*(key == OPT_LENGTH ? &cmd->has_length : &cmd->has_end) = true;
		cmd->range.stop_kind = key == OPT_LENGTH ? RANGE_BY_LENGTH :
		    RANGE_TO_OFFSET;
		if (!parse_number_arg(key == OPT_LENGTH ? "length" : "end",
		    arg, &cmd->range.stop))
			verdict = EXIT_USAGE;
		break;
	case OPT_RANGE:
		cmd->range_options = true;
		verdict = add_range(cmd, arg);
		break;
	case OPT_LINES:
		cmd->range_options = true;
		if (!parse_lines_arg(arg, &cmd->lines))
			verdict = EXIT_USAGE;
		free(cmd->lines_copy);
		cmd->lines_copy = arg;
		cmd->lines_text = arg;
		arg = NULL;
		break;
	case OPT_CHUNK:
		cmd->range_options = true;
		if (!parse_chunk_arg(arg, &cmd->chunk))
			verdict = EXIT_USAGE;
		free(cmd->chunk_copy);
		cmd->chunk_copy = arg;
		cmd->chunk_text = arg;
		arg = NULL;
		break;
	case OPT_FROM:
	case OPT_TO:
		if (!take_key(key == OPT_FROM ? &cmd->from : &cmd->to, arg))
			verdict = EXIT_USAGE;
		arg = NULL;
		break;
	case OPT_ZERO:
		cmd->zero = true;
		break;
	case OPT_STRICT:
		cmd->strict = true;
		break;
	case OPT_VERBOSE:
		cmd->verbose = true;
		break;
	case OPT_HEX:
		cmd->hex = true;
		break;
	case OPT_COLS:
	case OPT_GROUP:
	case OPT_UPPER:
	case OPT_PLAIN:
	case OPT_INCLUDE:
	case OPT_NAME:
	case OPT_CAPITALIZE:
	case OPT_BITS:
	case OPT_DECIMAL:
	case OPT_LITTLE_ENDIAN:
	case OPT_AUTOSKIP:
	case OPT_DISPLAY_OFFSET:
	case OPT_SQUEEZE:
	case OPT_COLOR:
		if (!take_hex_option(cmd, key, &arg))
			verdict = EXIT_USAGE;
		break;
	case OPT_PROGRESS:
		cmd->progress = true;
		break;
	case OPT_SPARSE:
		if (!take_sparse(cmd, arg))
			verdict = EXIT_USAGE;
		break;
	case OPT_FOLLOW:
	case OPT_FOLLOW_DESCRIPTOR:
		if (!take_follow_how(cmd, arg))
			verdict = EXIT_USAGE;
		break;
	case OPT_FOLLOW_NAME_RETRY:
		cmd->follow = cmd->follow_by_name = cmd->retry = true;
		break;
	case OPT_RETRY:
		cmd->retry = true;
		break;
	case OPT_PID:
		verdict = add_pid(cmd, arg);
		break;
	case OPT_SLEEP_INTERVAL:
		if (!take_interval(cmd, arg))
			verdict = EXIT_USAGE;
		break;
	case OPT_LIST:
		cmd->list = true;
		break;
	case OPT_MEMBER:
		verdict = add_member(cmd, arg);
		arg = NULL;
		break;
	case OPT_HELP:
		verdict = print_help(con);
		break;
	case OPT_USAGE:
		verdict = print_usage(con);
		break;
	case OPT_VERSION:
		verdict = print_version();
		break;
	default:
		break;
	}
	free(arg);
	return verdict;
}

/*
 * Whether a name is in the file system: lstat(2) finds it, whatever it is
 * and whether or not it can be read.  A link that points nowhere counts:
 * the user named something, and opening it will say what is wrong.
 */
static bool
names_existing_file(const char *name)
{
	struct stat st;

	return lstat(name, &st) == 0;
}

/*
 * Positional form: FILE [OFFSET [LENGTH]], or FILE FILE... when the second
 * operand names a file and is no number.  A number that names a file too
 * is refused rather than guessed at.  Returns -1 to go on, or the exit
 * status of a usage error.
 */
static int
take_positional_operands(struct command *cmd)
{
	const char *second;

	if (cmd->file_count < 2)
		return -1;
	second = cmd->files[1];
	switch (args_positional_form(second, names_existing_file(second))) {
	case ARGS_FORM_FILES:
		return -1;
	case ARGS_FORM_AMBIGUOUS:
		/* Number syntax: nothing in it needs quoting after -o or ./ */
		return usage_error("%s is both a number and a file: write -o %s "
		    "for offset %s; to print the files whole, -o 0 or ./%s",
		    quoted(second), second, second, second);
	case ARGS_FORM_NEITHER:
		return usage_error("invalid offset %s: %s; nor is there a file "
		    "of that name", quoted(second),
		    number_status_reason(NUMBER_INVALID));
	case ARGS_FORM_RANGE:
	default:
		break;
	}
	if (cmd->file_count > 3)
		return usage_error("too many operands: %s (usage: mmcat FILE "
		    "[OFFSET [LENGTH]]; several files take -o/-l/-e)",
		    quoted(cmd->files[3]));
	if (!parse_number_arg("offset", second, &cmd->range.start))
		return EXIT_USAGE;
	if (cmd->file_count == 3) {
		cmd->range.stop_kind = RANGE_BY_LENGTH;
		if (!parse_number_arg("length", cmd->files[2],
		    &cmd->range.stop))
			return EXIT_USAGE;
	}
	cmd->file_count = 1;
	return -1;
}

static const char *const standard_input_operand[] = { "-" };

/* Whether a range or line spec ends where the file ends, as it is then. */
static bool
end_counts_from_eof(const struct command *cmd)
{
	size_t i;

	if (cmd->lines_text != NULL)
		return lines_end_counts_from_end(&cmd->lines);
	for (i = 0; i < cmd->range_count; i++)
		if (range_end_counts_from_eof(&cmd->ranges[i]))
			return true;
	return range_end_counts_from_eof(&cmd->range);
}

/*
 * -f waits for ranges to fill: one that ends counting back from the end
 * never would.  --retry and --pid without -f are ignored, with tail's
 * warnings.  Returns -1 to go on, or the exit status of a usage error.
 */
static int
check_follow(const struct command *cmd)
{
	if (cmd->follow && end_counts_from_eof(cmd))
		return usage_error("--follow cannot wait for an end counted back "
		    "from the end of the file");
	if (!cmd->follow && cmd->retry)
		diag(NULL, "warning: --retry ignored; --retry is useful only "
		    "when following");
	if (!cmd->follow && cmd->pid_count > 0)
		diag(NULL, "warning: PID ignored; --pid=PID is useful only when "
		    "following");
	return -1;
}

/*
 * --chunk cuts the whole file by its size: no other selection, and no
 * follow, whose file has no final size.  -1 to go on, or the exit status
 * of a usage error.
 */
static int
check_chunk(const struct command *cmd)
{
	if (cmd->chunk_text == NULL)
		return -1;
	if (cmd->lines_text != NULL)
		return usage_error("--chunk cannot be combined with --lines");
	if (cmd->range_count > 0 || cmd->has_offset || cmd->has_length ||
	    cmd->has_end)
		return usage_error("--chunk cannot be combined with byte ranges "
		    "(--offset, --length, --end, --range)");
	if (cmd->follow)
		return usage_error("--chunk cannot be combined with --follow");
	return -1;
}

/*
 * --list prints a table, not bytes: no range and no hex dump, and one
 * or the other of --list and -m.  Neither follows: a container has a
 * table, which appending to it does not extend.  -1 to go on, or the
 * exit status of a usage error.
 */
static int
check_parts(const struct command *cmd)
{
	if (!cmd->list && cmd->member_count == 0)
		return -1;
	if (cmd->list && cmd->member_count > 0)
		return usage_error("--list cannot be combined with --member");
	if (cmd->list && (cmd->range_options || cmd->from != NULL ||
	    cmd->to != NULL || cmd->hex))
		return usage_error("--list cannot be combined with --hex or "
		    "range options (--offset, --length, --end, --range, "
		    "--lines, --chunk, --from, --to)");
	if (cmd->follow)
		return usage_error("%s cannot be combined with --follow",
		    cmd->list ? "--list" : "--member");
	return -1;
}

/*
 * --from/--to select lines by key: no other range; every operand is a
 * file, and a number for an offset is refused.
 */
static int
take_key_operands(struct command *cmd)
{
	if (cmd->chunk_text != NULL)
		return usage_error("--from and --to cannot be combined with "
		    "--chunk");
	if (cmd->range_options || (cmd->file_count >= 2 &&
	    args_positional_form(cmd->files[1],
	    names_existing_file(cmd->files[1])) == ARGS_FORM_RANGE))
		return usage_error("--from and --to cannot be combined with "
		    "--lines or byte ranges (--offset, --length, --end, "
		    "--range, an OFFSET operand)");
	cmd->keys = (struct key_request){
		.from = (const unsigned char *)cmd->from,
		.from_len = cmd->from != NULL ? strlen(cmd->from) : 0,
		.to = (const unsigned char *)cmd->to,
		.to_len = cmd->to != NULL ? strlen(cmd->to) : 0,
		.terminator = '\n',
	};
	if (cmd->file_count == 0) {
		cmd->files = standard_input_operand;
		cmd->file_count = 1;
	}
	return check_follow(cmd);
}

/*
 * Whether to colour: --color's WHEN, else (auto) when standard output is
 * a terminal and NO_COLOR is unset or empty, as ls and grep decide.
 * Returns -1 to go on, or the exit status of a usage error.
 */
static int
decide_color(const char *when, bool *color)
{
	const char *no_color = getenv("NO_COLOR");

	if (when == NULL || strcmp(when, "auto") == 0) {
		*color = isatty(STDOUT_FILENO) &&
		    (no_color == NULL || no_color[0] == '\0');
		return -1;
	}
	if (strcmp(when, "always") == 0 || strcmp(when, "never") == 0) {
		*color = when[0] == 'a';
		return -1;
	}
	return usage_error("invalid --color %s: expected 'always', 'never' "
	    "or 'auto'", quoted(when));
}

/* The hex options, checked as xxd would and resolved into the layout. */
static int
resolve_layout(struct command *cmd)
{
	const char *why;
	int verdict;

	if ((verdict = decide_color(cmd->color_when,
	    &cmd->hex_request.color)) >= 0)
		return verdict;
	if ((why = hexlayout_resolve(&cmd->hex_request, &cmd->layout)) !=
	    NULL)
		return usage_error("%s", why);
	return -1;
}

/* After the options: the operands, the form they take, the defaults. */
static int
take_operands(poptContext con, struct command *cmd)
{
	const char **rest = poptGetArgs(con);
	int verdict;

	cmd->files = rest;
	for (cmd->file_count = 0; rest != NULL && rest[cmd->file_count];)
		cmd->file_count++;
	if ((verdict = resolve_layout(cmd)) >= 0)
		return verdict;
	if (cmd->has_length && cmd->has_end)
		return usage_error("--length and --end cannot be used "
		    "together");
	if (cmd->range_count > 0 &&
	    (cmd->has_offset || cmd->has_length || cmd->has_end))
		return usage_error("--range cannot be combined with --offset, "
		    "--length or --end");
	if (cmd->lines_text != NULL && (cmd->range_count > 0 ||
	    cmd->has_offset || cmd->has_length || cmd->has_end))
		return usage_error("--lines cannot be combined with byte ranges "
		    "(--offset, --length, --end, --range)");
	if ((verdict = check_chunk(cmd)) >= 0 ||
	    (verdict = check_parts(cmd)) >= 0)
		return verdict;
	if (cmd->from != NULL || cmd->to != NULL)
		return take_key_operands(cmd);
	/* With --list or -m, every operand is a file. */
	if (!cmd->range_options && !cmd->list && cmd->member_count == 0 &&
	    (verdict = take_positional_operands(cmd)) >= 0)
		return verdict;
	if (cmd->file_count == 0) {
		cmd->files = standard_input_operand;
		cmd->file_count = 1;
	}
	return check_follow(cmd);
}

static void
free_members(struct command *cmd)
{
	size_t i;

	for (i = 0; i < cmd->member_count; i++)
		free(cmd->members[i]);
	free(cmd->members);
}

/*
 * Every option of the popt tables, for args_reorder: room for each entry
 * of both tables, so that none is ever left out.
 */
#define MAX_OPTIONS (sizeof option_table / sizeof option_table[0] + \
	sizeof help_options / sizeof help_options[0])

struct option_list {
	struct arg_option options[MAX_OPTIONS];
	char long_words[MAX_OPTIONS][32];	/* "--offset" */
	struct arg_syntax syntax;
};

static void
list_options(struct option_list *list, const struct poptOption *table)
{
	struct arg_syntax *syntax = &list->syntax;
	struct arg_option *opt;

	for (; table->longName != NULL || table->shortName != '\0' ||
	    table->argInfo != 0; table++) {
		if ((table->argInfo & POPT_ARG_MASK) == POPT_ARG_INCLUDE_TABLE) {
			list_options(list, table->arg);
			continue;
		}
		if (syntax->option_count == MAX_OPTIONS)
			break;
		opt = &list->options[syntax->option_count];
		opt->long_name = NULL;
		if (table->longName != NULL) {
			(void)snprintf(list->long_words[syntax->option_count],
			    sizeof *list->long_words, "--%s", table->longName);
			opt->long_name = list->long_words[syntax->option_count];
		}
		opt->short_name = table->shortName;
		opt->optional_arg = (table->argInfo &
		    POPT_ARGFLAG_OPTIONAL) != 0;
		opt->takes_arg = (table->argInfo & POPT_ARG_MASK) !=
		    POPT_ARG_NONE && !opt->optional_arg;
		syntax->option_count++;
	}
}

static void
describe_syntax(struct option_list *list)
{
	list->syntax.options = list->options;
	list->syntax.option_count = 0;
	list_options(list, option_table);
	list->syntax.stop_at_first_operand = getenv("POSIXLY_CORRECT") != NULL;
}

/* Room for the words args_reorder makes: see struct arg_room. */
static bool
make_room(struct arg_room *room, int argc, char **argv)
{
	size_t size = 0;
	int i;

	for (i = 0; i < argc; i++)
		size += strlen(argv[i]) + 32;
	room->bytes = malloc(2 * size);
	room->size = 2 * size;
	room->used = 0;
	return room->bytes != NULL;
}

/* "option '--l' is ambiguous; possibilities: '--length' '--lines'" */
static int
report_ambiguous(const struct arg_syntax *syntax, const char *word)
{
	char names[MAX_OPTIONS * 28] = "";
	size_t i, len = 0;
	const char *name;

	for (i = 0; i < syntax->option_count; i++) {
		if (!args_long_matches(&syntax->options[i], word))
			continue;
		/* mmcat's own names: nothing in them needs escaping. */
		name = syntax->options[i].long_name;
		if (len + strlen(name) + 4 >= sizeof names)
			break;
		len += (size_t)snprintf(names + len, sizeof names - len,
		    " '%s'", name);
	}
	return usage_error("option %s is ambiguous; possibilities:%s",
	    quoted(word), names);
}

/* What args_reorder found wrong, worded as getopt_long words it. */
static int
report_args_problem(const struct arg_syntax *syntax,
    const struct args_problem *problem)
{
	char letter[2] = { problem->letter, '\0' };

	switch (problem->kind) {
	case ARGS_UNRECOGNIZED:
		return usage_error("unrecognized option %s",
		    quoted(problem->word));
	case ARGS_AMBIGUOUS:
		return report_ambiguous(syntax, problem->word);
	case ARGS_UNWANTED_ARG:
		return usage_error("option %s doesn't allow an argument",
		    quoted(problem->option->long_name));
	case ARGS_MISSING_ARG:
		if (problem->letter != '\0')
			return usage_error("option requires an argument -- %s",
			    quoted(letter));
		return usage_error("option %s requires an argument",
		    quoted(problem->option->long_name));
	case ARGS_BAD_LETTER:
		return usage_error("invalid option -- %s", quoted(letter));
	case ARGS_OK:
	default:
		return -1;
	}
}

/*
 * Parse the whole command line into cmd.  Returns -1 to go on and print,
 * or the exit status to end with.  popt has the options before any word
 * at fault: what they say comes first, as getopt_long would have it.
 */
static int
parse_command_line(poptContext con, const struct option_list *list,
    const struct args_problem *problem, struct command *cmd)
{
	int key, verdict;

	while ((key = poptGetNextOpt(con)) > 0)
		if ((verdict = take_option(con, key, cmd)) >= 0)
			return verdict;
	if (key < -1)
		return usage_error("%s: %s", quoted(poptBadOption(con,
		    POPT_BADOPTION_NOALIAS)), poptStrerror(key));
	if (problem->kind != ARGS_OK)
		return report_args_problem(&list->syntax, problem);
	if (!read_window_setting(&cmd->window) ||
	    !read_copy_setting(&cmd->allow_fast_paths))
		return EXIT_USAGE;
	return take_operands(con, cmd);
}

/* -f: every operand followed together. */
static enum print_status
follow_all(const struct command *cmd, const struct print_config *config)
{
	const struct follow_options options = {
		.by_name = cmd->follow_by_name,
		.retry = cmd->retry,
		.interval = cmd->interval,
		.pids = cmd->pids,
		.pid_count = cmd->pid_count,
	};

	return follow_files(cmd->files, cmd->file_count, config, &options);
}

/* Every operand in turn; the worst that happened to one. */
static enum print_status
print_each(const struct command *cmd, const struct print_config *config)
{
	enum print_status worst = PRINT_OK, one;
	size_t i;

	for (i = 0; i < cmd->file_count; i++) {
		one = config->listing != NULL || config->member_count > 0 ?
		    members_print_file(cmd->files[i], config) :
		    print_file(cmd->files[i], config);
		if (one == PRINT_OUTPUT_FAILED)
			return one;
		if (one != PRINT_OK)
			worst = one;
	}
	return worst;
}

/* Print every operand with config; the exit status it comes to. */
static int
print_files(const struct command *cmd, const struct print_config *config)
{
	enum print_status result = cmd->follow ? follow_all(cmd, config) :
	    print_each(cmd, config);
	int status = result == PRINT_OK ? EXIT_OK : EXIT_TROUBLE, err;

	if (result == PRINT_OUTPUT_FAILED)
		return EXIT_TROUBLE;
	if ((err = output_close(config->out)) != 0) {
		diag_write_error(err);
		status = EXIT_TROUBLE;
	}
	return status;
}

static int
print_all(const struct command *cmd)
{
	struct output out;
	struct raw_sink raw;
	struct hexdump hex = { .text = NULL };
	struct part_listing listing = { .headers = cmd->file_count > 1 };
	struct print_config config = {
		.ranges = cmd->range_count > 0 ? cmd->ranges : &cmd->range,
		.range_count = cmd->range_count > 0 ? cmd->range_count : 1,
		.lines = cmd->lines_text != NULL ? &cmd->lines : NULL,
		.lines_text = cmd->lines_text,
		.chunk = cmd->chunk_text != NULL ? &cmd->chunk : NULL,
		.chunk_text = cmd->chunk_text,
		.keys = cmd->from != NULL || cmd->to != NULL ? &cmd->keys :
		    NULL,
		.members = (const char *const *)cmd->members,
		.member_count = cmd->member_count,
		.listing = cmd->list ? &listing : NULL,
		.terminator = cmd->zero ? '\0' : '\n',
		.strict = cmd->strict,
		.verbose = cmd->verbose,
		.transfer = { .window = cmd->window },
		.out = &out,
		.raw = &raw,
		.hex = cmd->hex ? &hex : NULL,
	};
	int status;

	output_open(&out, STDOUT_FILENO, cmd->allow_fast_paths);
	output_set_sparse(&out, cmd->sparse);
	(void)sink_raw_init(&raw, &out);
	if (cmd->hex && (status = hexdump_init(&hex, &cmd->layout, &out)) !=
	    0) {
		diag(NULL, "%s", strerror(status));
		return EXIT_TROUBLE;
	}
	if (cmd->progress)
		(void)progress_turn_on();
	busguard_install();
	status = print_files(cmd, &config);
	if (cmd->hex)
		hexdump_free(&hex);
	return status;
}

int
main(int argc, char **argv)
{
	struct command cmd = { .range = range_request_whole(),
	    .interval = 1.0 };
	static struct option_list list;
	struct args_problem problem;
	struct arg_room room = { NULL, 0, 0 };
	const char **reordered;
	poptContext con;
	int verdict, err;

	if ((err = source_reserve_standard_fds()) != 0) {
		diag("/dev/null", "%s", strerror(err));
		return EXIT_TROUBLE;
	}
	describe_syntax(&list);
	list.syntax.room = &room;
	reordered = calloc(2 * (size_t)argc + 2, sizeof *reordered);
	if (reordered == NULL || !make_room(&room, argc, argv)) {
		diag(NULL, "%s", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	argc = args_reorder(argc, (const char *const *)argv, &list.syntax,
	    reordered, &problem);
	con = poptGetContext(PACKAGE_NAME, argc, reordered, option_table, 0);

	verdict = parse_command_line(con, &list, &problem, &cmd);
	if (verdict < 0)
		verdict = print_all(&cmd);

	poptFreeContext(con);
	free(reordered);
	free(room.bytes);
	free(cmd.ranges);
	free(cmd.pids);
	free_members(&cmd);
	free(cmd.lines_copy);
	free(cmd.chunk_copy);
	free(cmd.hex_name);
	free(cmd.color_copy);
	free(cmd.from);
	free(cmd.to);
	free_quoted();
	return verdict;
}
