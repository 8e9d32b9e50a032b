/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * follow.c - the follow loop: print each file's ranges, then wait, look
 * at each file again and print what arrived.
 *
 * A file's ranges are followed as one stream of bytes: a range under way
 * takes what is appended until it has all it asks for, and when the
 * file is cut shorter than what was read (or, by name, another file
 * takes the name) it goes on from the start of the file, as tail does.
 */
#include "config.h"

#include "follow.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffers.h"
#include "diag.h"
#include "hexdump.h"
#include "keyfind.h"
#include "keys.h"
#include "lines.h"
#include "linespec.h"
#include "newline.h"
#include "progress.h"
#include "range.h"
#include "source.h"
#include "transfer.h"
#include "watch.h"

/*
 * Between the spans of a follow a hex dump holds its partial last line:
 * a span's end writes whole lines only, until the follow of the file is
 * over.
 */
struct held_sink {
	struct sink base;
	struct sink *inner;
	bool releases;		/* the follow is over: a partial line goes too */
};

enum follower_state {
	FOLLOWER_WAITING,	/* its ranges lack bytes or lines */
	FOLLOWER_COMPLETE,	/* every range printed */
	FOLLOWER_ENDED		/* failed or gone, and reported */
};

/* One operand, and where its ranges stand. */
struct follower {
	const char *name;	/* the operand, as given */
	struct source src;
	bool is_open;
	bool was_open;		/* a file has been followed under the name */
	bool reads_on;		/* a FIFO: what later writers write follows */
	bool missing;		/* the name names nothing readable (reported) */
	dev_t dev;		/* the file followed, for --follow=name */
	ino_t ino;
	int watch_handle;
	enum follower_state state;
	size_t range;		/* the byte range under way */
	bool started;		/* its first byte is reached */
	uint64_t pos;		/* then: the next byte to print */
	uint64_t seen;		/* bytes read: a shorter file was truncated */
	uint64_t remaining;	/* bytes or lines it lacks; UINT64_MAX: no end */
	uint64_t skip;		/* -L: newlines to pass before its first line */
	uint64_t scanned;	/* -L: how far the search for it has read */
	uint64_t start_size;	/* the size at the start, for counts from EOF */
	bool by_keys;		/* --from/--to: judging whole lines as they come */
	enum key_state keys_state;	/* ... before the line at scanned */
	struct hexdump hex;
	bool has_hex;
	struct held_sink held;
};

struct follow {
	const struct print_config *config;
	const struct follow_options *options;
	struct watch watch;
	struct follower *followers;
	size_t count;
	struct follower *last_shown;	/* whose bytes went out last */
	bool headers;		/* several files: tail's "==> NAME <==" */
	bool shown_header;
	unsigned char *buf;	/* what the search for newlines reads into */
	struct key_request keys;	/* --from/--to, with the terminator */
	unsigned char *prefix;	/* a line's first bytes, as long as a key */
	enum print_status status;
};

static enum sink_result
held_put(struct sink *self, const unsigned char *bytes, size_t len,
    uint64_t offset, bool by_reference, size_t *taken, int *err)
{
	struct held_sink *h = (struct held_sink *)self;

	return h->inner->put(h->inner, bytes, len, offset, by_reference, taken,
	    err);
}

static enum sink_result
held_flush(struct sink *self, uint64_t good_end, bool last, int *err)
{
	struct held_sink *h = (struct held_sink *)self;

	return h->inner->flush(h->inner, good_end, last && h->releases, err);
}

static const char *
display_name(const struct follower *f)
{
	return strcmp(f->name, "-") == 0 ? source_stdin_name : f->name;
}

/* Standard output failed: reported, and the follow is over. */
static bool
output_failed(struct follow *fl, int err)
{
	diag_write_error(err);
	fl->status = PRINT_OUTPUT_FAILED;
	return false;
}

/* A dump of f's file begins, with addresses from its start. */
static void
start_dump(struct follow *fl, struct follower *f)
{
	f->held.inner = f->has_hex ? hexdump_start(&f->hex,
	    f->src.file_origin, strcmp(f->name, "-") == 0 ? NULL : f->name) :
	    &fl->config->raw->base;
	f->held.base.put = held_put;
	f->held.base.flush = held_flush;
	f->held.base.put_hole = NULL;
	f->held.base.transforms = f->held.inner->transforms;
	f->held.releases = false;
}

/* The dump is over: its partial last line goes out. */
static bool
finish_dump(struct follow *fl, struct follower *f)
{
	int err;

	if (f->held.inner == NULL)
		return true;
	f->held.releases = true;
	if (f->held.base.flush(&f->held.base, UINT64_MAX, true, &err) !=
	    SINK_OK)
		return output_failed(fl, err);
	f->held.inner = NULL;
	return true;
}

/*
 * Before output switches files: the partial hex line of the file shown
 * last goes out under its own header (its dump goes on from a new line
 * when its turn comes again); then "==> NAME <==", after an empty line
 * unless it is the first, as tail writes it.
 */
static bool
show_header(struct follow *fl, struct follower *f)
{
	struct follower *before = fl->last_shown;
	const char *name = display_name(f);
	size_t room = strlen(name) + 16;
	char *text;
	int len, err;

	if (!fl->headers || before == f)
		return true;
	if (before != NULL && before->held.inner != NULL) {
		if (!finish_dump(fl, before))
			return false;
		start_dump(fl, before);
	}
	if ((text = malloc(room)) == NULL)
		return output_failed(fl, ENOMEM);
	len = snprintf(text, room, "%s==> %s <==\n",
	    fl->shown_header ? "\n" : "", name);
	fl->last_shown = f;
	fl->shown_header = true;
	err = output_write(fl->config->out, text, (size_t)len);
	free(text);
	return err == 0 || output_failed(fl, err);
}

/* f cannot go on: reported; false when standard output failed too. */
static bool
end_with_error(struct follow *fl, struct follower *f, int err)
{
	diag(display_name(f), "%s", strerror(err));
	f->state = FOLLOWER_ENDED;
	if (fl->status == PRINT_OK)
		fl->status = PRINT_FILE_FAILED;
	return finish_dump(fl, f);
}

static bool
complete(struct follow *fl, struct follower *f)
{
	f->state = FOLLOWER_COMPLETE;
	return finish_dump(fl, f);
}

/*
 * Look for the k-th newline of [from, to), a newline being the config's
 * terminator ('\0' under -z): *found newlines are seen (k at most), *at
 * is just past the k-th, or where reading stopped.  Returns 0 or an errno.
 */
static int
find_newlines(struct follow *fl, const struct follower *f, uint64_t from,
    uint64_t to, uint64_t k, uint64_t *at, uint64_t *found)
{
	uint64_t got;
	size_t len, pos;
	ssize_t n;

	*found = 0;
	*at = from;
	while (*found < k && *at < to) {
		len = to - *at < MMCAT_READ_BYTES ? (size_t)(to - *at) :
		    MMCAT_READ_BYTES;
		n = pread(f->src.fd, fl->buf, len, (off_t)(f->src.origin + *at));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)	/* cut shorter meanwhile: the next look sees */
			break;
		if (newline_find_byte(fl->buf, (size_t)n,
		    fl->config->terminator, k - *found, &pos, &got)) {
			*found += got;
			*at += pos;
			return 0;
		}
		*found += got;
		*at += (uint64_t)n;
	}
	return 0;
}

/* The lines a spec counted from the end starts at, in a file of size. */
static int
start_from_end(struct follow *fl, struct follower *f, uint64_t size)
{
	const struct lines_request *r = fl->config->lines;
	struct lines_request from = { .first = r->first,
	    .last_kind = LINES_LAST_EOF };
	struct lines_span span;
	uint64_t first = 1, k = r->first.magnitude;
	int err = 0;

	f->pos = 0;
	if (size > 0 && lines_find(&f->src, &from, fl->config->terminator,
	    fl->config->transfer.window, &span, &err) != LINES_FOUND)
		return err != 0 ? err : EIO;
	if (size > 0)
		f->pos = span.past_last ? size : span.bytes.begin;
	/* "-K:M": M is a line number, so the first line's is needed. */
	if (size > 0 && r->last_kind == LINES_LAST_LINE) {
		if (lines_find(&f->src, r, fl->config->terminator,
		    fl->config->transfer.window, &span, &err) != LINES_FOUND)
			return err != 0 ? err : EIO;
		first = span.line_count >= k ? span.line_count - k + 1 : 1;
	}
	f->remaining = lines_follow_take(r, first);
	f->started = true;
	f->seen = f->pos;
	return 0;
}

/*
 * Where the line holding the byte before end starts: just past the last
 * terminator before end - 1, or 0.  Returns 0 or an errno.
 */
static int
last_line_start(struct follow *fl, const struct follower *f, uint64_t end,
    uint64_t *start)
{
	uint64_t got, from, to = end > 0 ? end - 1 : 0;
	size_t len, pos;
	ssize_t n;

	*start = 0;
	while (to > 0) {
		len = to < MMCAT_READ_BYTES ? (size_t)to : MMCAT_READ_BYTES;
		from = to - len;
		n = pread(f->src.fd, fl->buf, len, (off_t)(f->src.origin + from));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if ((size_t)n < len)	/* cut shorter meanwhile: from 0 */
			return 0;
		if (newline_rfind_byte(fl->buf, len, fl->config->terminator, 1,
		    &pos, &got)) {
			*start = from + pos;
			return 0;
		}
		to = from;
	}
	return 0;
}

/*
 * --from/--to: the selection's first line found by bisection, then
 * every line from there judged whole as it comes (keys.h's states), so
 * that a last line still being written is judged once it is complete.
 * Returns 0 or an errno.
 */
static int
plan_keys(struct follow *fl, struct follower *f, uint64_t size)
{
	struct key_span found = { .begin = 0 };
	int err = 0;

	f->by_keys = true;
	f->scanned = 0;
	if (size > 0) {
		switch (key_find_in_source(&f->src, &fl->keys, &found, &err)) {
		case KEY_FIND_OK:
			break;
		case KEY_FIND_SHRANK:
			found.begin = 0;	/* judged from the start */
			break;
		case KEY_FIND_ERROR:
		default:
			return err;
		}
		key_release_source(&f->src);
		if (found.unsorted) {	/* said once; the follow goes on */
			diag(display_name(f), "input is not sorted near byte "
			    "%" PRIu64, f->src.file_origin + found.unsorted_at);
			fl->status = PRINT_FILE_FAILED;
		}
		f->scanned = found.begin;
		if (found.begin >= size &&
		    (err = last_line_start(fl, f, size, &f->scanned)) != 0)
			return err;
	}
	f->keys_state = f->scanned == 0 ? key_first_state(&fl->keys) :
	    KEY_BEFORE;
	f->seen = f->scanned;
	return 0;
}

/*
 * Set f's ranges at their beginning, with starts counted from the end
 * resolved against size.  Returns 0 or an errno.
 */
static int
plan_ranges(struct follow *fl, struct follower *f, uint64_t size)
{
	const struct lines_request *r = fl->config->lines;

	f->start_size = size;
	f->range = 0;
	f->started = false;
	f->seen = 0;
	if (fl->config->keys != NULL)
		return plan_keys(fl, f, size);
	if (r == NULL)
		return 0;
	if (r->first.negative)
		return start_from_end(fl, f, size);
	f->skip = r->first.magnitude - 1;
	f->scanned = 0;
	f->remaining = lines_follow_take(r, r->first.magnitude);
	return 0;
}

/*
 * The range under way reaches its first byte: *reached, or false while
 * the file is too short.  Returns 0 or an errno.
 */
static int
reach_start(struct follow *fl, struct follower *f, uint64_t size,
    bool *reached)
{
	uint64_t begin, found, at;
	int err;

	*reached = f->started;
	if (f->started)
		return 0;
	if (fl->config->lines == NULL) {
		range_follow_start(&fl->config->ranges[f->range],
		    f->start_size, &begin, &f->remaining);
		if (begin > size && f->remaining > 0)
			return 0;
		if (begin <= size && begin > f->seen)
			f->seen = begin;
		f->pos = begin;
	} else {
		if ((err = find_newlines(fl, f, f->scanned, size, f->skip, &at,
		    &found)) != 0)
			return err;
		f->skip -= found;
		f->scanned = f->seen = at;
		if (f->skip > 0)
			return 0;
		f->pos = at;
	}
	f->started = *reached = true;
	return 0;
}

/*
 * Where what the range under way can print now ends, its lack counted
 * down by what it takes.  Returns 0 or an errno.
 */
static int
span_end(struct follow *fl, struct follower *f, uint64_t size, uint64_t *end)
{
	uint64_t n, found;
	int err;

	if (f->remaining == UINT64_MAX) {
		*end = size;
		return 0;
	}
	if (fl->config->lines != NULL) {
		err = find_newlines(fl, f, f->pos, size, f->remaining, end,
		    &found);
		f->remaining -= found;
		return err;
	}
	n = size - f->pos < f->remaining ? size - f->pos : f->remaining;
	f->remaining -= n;
	*end = f->pos + n;
	return 0;
}

/* Print [f->pos, end) of f's file; false when standard output failed. */
static bool
print_span(struct follow *fl, struct follower *f, uint64_t end)
{
	struct range_span span = { .begin = f->pos, .end = end };
	struct transfer_settings settings = fl->config->transfer;
	struct flow_report report;
	int err;

	if (!show_header(fl, f))
		return false;
	settings.reads_only = true;
	switch (transfer_span(&f->src, fl->config->out, &f->held.base, &span,
	    &settings, &report, &err)) {
	case FLOW_DONE:
		f->pos = end;
		break;
	case FLOW_SHRANK:	/* the next look finds it truncated */
		f->pos = report.reached;
		break;
	case FLOW_INPUT_ERROR:
		return end_with_error(fl, f, err);
	case FLOW_OUTPUT_ERROR:
	default:
		return output_failed(fl, err);
	}
	if (f->pos > f->seen)
		f->seen = f->pos;
	return true;
}

/* Lines [begin, end) of the selection out; false when output failed. */
static bool
print_keyed(struct follow *fl, struct follower *f, uint64_t begin,
    uint64_t end)
{
	f->pos = begin;
	return print_span(fl, f, end);
}

/* The range under way is whole: on to the next, if any. */
static bool
next_range(struct follow *fl, struct follower *f)
{
	if (fl->config->lines != NULL ||
	    ++f->range == fl->config->range_count)
		return complete(fl, f);
	f->started = false;
	/* Each range's dump starts its own lines, as without -f. */
	if (!finish_dump(fl, f))
		return false;
	start_dump(fl, f);
	return true;
}

/*
 * The file is shorter than what was read, or another one took the name:
 * the range under way goes on from its start (one still looking for its
 * first line looks again), and a hex dump starts again.
 */
static bool
start_over(struct follow *fl, struct follower *f)
{
	if (!finish_dump(fl, f))
		return false;
	start_dump(fl, f);
	f->seen = 0;
	if (f->by_keys) {
		f->scanned = 0;
		f->keys_state = key_first_state(&fl->keys);
	} else if (f->started)
		f->pos = 0;
	else if (fl->config->lines != NULL) {
		f->skip = fl->config->lines->first.magnitude - 1;
		f->scanned = 0;
	}
	return true;
}

/* A FIFO read on after its first end: the stream and where it stands. */
struct read_on {
	struct follow *fl;
	struct follower *f;
};

static struct sink *
read_on_sink(const void *ctx)
{
	const struct read_on *r = ctx;

	return &r->f->held.base;
}

/* What the FIFO has now, as it comes. */
static bool
read_ready(struct flow *flow, const void *ctx)
{
	const struct read_on *r = ctx;
	ssize_t n;

	while ((n = flow_read_ready(flow, r->fl->buf, MMCAT_READ_BYTES)) > 0) {
		if (!flow_deliver(flow, r->f->pos, r->fl->buf, (size_t)n,
		    false))
			return false;
		r->f->pos += (uint64_t)n;
	}
	if (n < 0)
		return flow_stop(flow, FLOW_INPUT_ERROR, errno);
	return true;
}

static bool
read_on(struct follow *fl, struct follower *f)
{
	const struct read_on ctx = { fl, f };
	const struct sink_maker sinks = { read_on_sink, &ctx };
	int err;

	/* Woken for another file, or by a writer that wrote nothing. */
	if (!source_has_bytes(&f->src))
		return true;
	if (!show_header(fl, f))
		return false;
	switch (flow_stream(&f->src, fl->config->out, &sinks, read_ready, &ctx,
	    &err)) {
	case FLOW_DONE:
		return true;
	case FLOW_OUTPUT_ERROR:
		return output_failed(fl, err);
	default:
		return end_with_error(fl, f, err);
	}
}

/*
 * A line's first bytes (as many as the longer key; fewer when the line,
 * its terminator left out, is shorter) into fl->prefix.  0 or an errno.
 */
static int
read_prefix(struct follow *fl, const struct follower *f, uint64_t begin,
    uint64_t end, size_t *len)
{
	uint64_t line = end - begin - 1;	/* the terminator left out */
	size_t want = key_longest(&fl->keys);
	ssize_t n;

	if (line < want)
		want = (size_t)line;
	do
		n = pread(f->src.fd, fl->prefix, want,
		    (off_t)(f->src.origin + begin));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno;
	*len = (size_t)n;
	return 0;
}

/*
 * The lines that arrived whole, judged one by one from f->scanned: those
 * inside the selection go out, a record past --to completes it.  Once
 * the selection has begun and no --to can end it, what follows goes out
 * as bytes (*open).  Returns false when standard output failed.
 */
static bool
advance_keys(struct follow *fl, struct follower *f, uint64_t size,
    bool *open)
{
	uint64_t at, found, run = f->scanned;
	size_t len = 0;
	int err;

	*open = false;
	while (f->scanned < size) {
		if ((err = find_newlines(fl, f, f->scanned, size, 1, &at,
		    &found)) != 0 || (found == 1 &&
		    (err = read_prefix(fl, f, f->scanned, at, &len)) != 0))
			return end_with_error(fl, f, err);
		if (found == 0)
			break;		/* a line still being written */
		if (f->keys_state != KEY_INSIDE)
			run = f->scanned;
		f->keys_state = key_next_state(&fl->keys, f->keys_state,
		    fl->prefix, len);
		if (f->keys_state != KEY_INSIDE && run < f->scanned &&
		    !print_keyed(fl, f, run, f->scanned))
			return false;
		if (f->keys_state == KEY_AFTER)
			return complete(fl, f);
		f->scanned = f->seen = at;
		if (f->keys_state == KEY_INSIDE && fl->keys.to == NULL) {
			*open = true;
			break;
		}
	}
	if (f->keys_state == KEY_INSIDE && run < f->scanned &&
	    !print_keyed(fl, f, run, f->scanned))
		return false;
	if (*open) {		/* to the end, as bytes arrive */
		f->by_keys = false;
		f->started = true;
		f->pos = f->scanned;
		f->remaining = UINT64_MAX;
	}
	return true;
}

/*
 * Print what arrived for f's ranges.  False when standard output failed
 * (reported): the follow is over.
 */
static bool
advance(struct follow *fl, struct follower *f)
{
	uint64_t size, end;
	bool reached, open;
	int err;

	if (f->state != FOLLOWER_WAITING || !f->is_open)
		return true;
	if (f->reads_on)
		return read_on(fl, f);
	if ((err = source_current_size(&f->src, &size)) != 0)
		return end_with_error(fl, f, err);
	if (size < f->seen) {
		diag(display_name(f), "file truncated");
		if (!start_over(fl, f))
			return false;
	}
	if (f->by_keys) {
		if (!advance_keys(fl, f, size, &open))
			return false;
		if (!open)
			return true;
	}
	while (f->state == FOLLOWER_WAITING) {
		if ((err = reach_start(fl, f, size, &reached)) != 0)
			return end_with_error(fl, f, err);
		if (!reached)
			return true;
		if ((err = span_end(fl, f, size, &end)) != 0)
			return end_with_error(fl, f, err);
		if (end > f->pos && !print_span(fl, f, end))
			return false;
		if (f->state != FOLLOWER_WAITING || f->remaining > 0)
			return true;
		if (!next_range(fl, f))
			return false;
	}
	return true;
}

/* Standard input, or the name of the operand, for inotify. */
static const char *
watch_path(const struct follower *f)
{
	return f->src.is_stdin ? "/proc/self/fd/0" : f->name;
}

static void
close_file(struct follow *fl, struct follower *f)
{
	if (!f->is_open)
		return;
	watch_forget(&fl->watch, f->watch_handle);
	source_close(&f->src);
	f->is_open = false;
}

/*
 * Following by name, a standard input is followed by its descriptor, as
 * is what cannot be followed by name (a FIFO).
 */
static bool
follows_name(const struct follow *fl, const struct follower *f)
{
	return fl->options->by_name && !f->src.is_stdin && !f->reads_on;
}

/*
 * Wake when f's file changes; a file other machines write is polled too,
 * as inotify would not hear of their writes.
 */
static void
watch_source(struct follow *fl, struct follower *f)
{
	f->watch_handle = watch_file(&fl->watch, watch_path(f),
	    follows_name(fl, f));
	if (source_on_network_fs(&f->src))
		watch_poll(&fl->watch);
}

/*
 * Whether the last range has no end: what a FIFO's later writers write
 * is printed only then.
 */
static bool
ends_open(const struct print_config *config)
{
	if (config->keys != NULL)
		return config->keys->to == NULL;
	if (config->lines != NULL)
		return config->lines->last_kind == LINES_LAST_EOF;
	return config->ranges[config->range_count - 1].stop_kind ==
	    RANGE_TO_EOF;
}

/* Whether output is the file itself: following would feed on itself. */
static bool
feeds_itself(const struct follow *fl, const struct follower *f)
{
	uint64_t position;

	return S_ISREG(f->src.st.st_mode) &&
	    output_is_file(fl->config->out, &f->src.st, &position);
}

/*
 * The first look at an opened file: what it is decides how it is
 * followed.  A regular file or device is followed by its size; a named
 * FIFO is printed to its end, then, if the range has no end, read on;
 * anything else (a pipe on standard input, a terminal, a /proc file) is
 * printed as without -f.  A file that was missing at the start has its
 * ranges planned as for the empty file it was then.
 */
static bool
take_file(struct follow *fl, struct follower *f, bool at_start)
{
	enum print_status status;
	uint64_t size;
	int err;

	f->is_open = f->was_open = true;
	f->dev = f->src.st.st_dev;
	f->ino = f->src.st.st_ino;
	if (feeds_itself(fl, f)) {
		diag(display_name(f), "input file is output file");
		f->state = FOLLOWER_ENDED;
		fl->status = PRINT_FILE_FAILED;
		return true;
	}
	f->reads_on = !source_follow_by_size(&f->src) && !f->src.is_stdin &&
	    S_ISFIFO(f->src.st.st_mode) && ends_open(fl->config);
	if (f->src.kind == SOURCE_MAPPABLE || f->reads_on)
		watch_source(fl, f);
	if (!show_header(fl, f))
		return false;
	if (f->src.kind == SOURCE_STREAM) {
		status = print_source(&f->src, fl->config);
		if (status == PRINT_OUTPUT_FAILED) {
			fl->status = status;
			return false;
		}
		if (status != PRINT_OK)
			fl->status = status;
		start_dump(fl, f);
		f->pos = 0;
		return f->reads_on || complete(fl, f);
	}
	if ((err = source_current_size(&f->src, &size)) != 0 ||
	    (err = plan_ranges(fl, f, at_start ? size : 0)) != 0)
		return end_with_error(fl, f, err);
	start_dump(fl, f);
	return advance(fl, f);
}

/* The name names nothing that can be opened: say so, once. */
static void
lose_name(struct follow *fl, struct follower *f, int err)
{
	if (!f->missing) {
		if (f->was_open)
			diag(display_name(f), "file has become inaccessible: "
			    "%s", strerror(err));
		else
			diag(display_name(f), "%s", strerror(err));
		if (fl->status == PRINT_OK && !fl->options->retry)
			fl->status = PRINT_FILE_FAILED;
	}
	f->missing = true;
	if (!fl->options->retry)
		f->state = FOLLOWER_ENDED;
}

/* Begin an operand: open it, print its ranges as far as they go. */
static bool
begin_follower(struct follow *fl, struct follower *f)
{
	int err;

	if ((err = source_open(f->name, &f->src)) != 0) {
		lose_name(fl, f, err);
		if (f->state == FOLLOWER_WAITING &&
		    watch_file(&fl->watch, f->name, true) < 0)
			watch_poll(&fl->watch);
		return true;
	}
	return take_file(fl, f, true);
}

/*
 * Another file under the name, or the name back: print the new file
 * from its start.  A name missing from the start has its ranges planned
 * as for an empty file.
 */
static bool
take_new_file(struct follow *fl, struct follower *f)
{
	const char *what = f->missing ? "appeared" : "been replaced";
	bool followed_before = f->was_open;
	int err;

	if ((err = source_open(f->name, &f->src)) != 0) {
		lose_name(fl, f, err);
		return true;
	}
	diag(display_name(f), "file has %s; following new file", what);
	f->missing = false;
	if (!followed_before || !source_follow_by_size(&f->src))
		return take_file(fl, f, false);
	f->is_open = true;
	f->dev = f->src.st.st_dev;
	f->ino = f->src.st.st_ino;
	watch_source(fl, f);
	return start_over(fl, f) && advance(fl, f);
}

/*
 * By name (or a name not yet opened, with --retry): whether the name
 * still names the file followed.  The old file's last bytes are printed
 * before a new one is taken.
 */
static bool
recheck_name(struct follow *fl, struct follower *f)
{
	struct stat st;

	if (f->state != FOLLOWER_WAITING ||
	    (f->is_open && !follows_name(fl, f)))
		return true;
	if (stat(f->name, &st) != 0) {
		if (f->is_open && !advance(fl, f))
			return false;
		close_file(fl, f);
		lose_name(fl, f, errno);
		return true;
	}
	if (f->is_open && st.st_dev == f->dev && st.st_ino == f->ino)
		return true;
	if (f->is_open && !advance(fl, f))
		return false;
	close_file(fl, f);
	return f->state != FOLLOWER_WAITING || take_new_file(fl, f);
}

/* One look at every file; false when standard output failed. */
static bool
look_again(struct follow *fl)
{
	size_t i;

	for (i = 0; i < fl->count; i++)
		if (!recheck_name(fl, &fl->followers[i]) ||
		    !advance(fl, &fl->followers[i]))
			return false;
	return true;
}

/* Whether a file still waits for bytes, and which are over and why. */
static bool
any_waiting(const struct follow *fl, bool *any_complete)
{
	bool waiting = false;
	size_t i;

	*any_complete = false;
	for (i = 0; i < fl->count; i++) {
		waiting |= fl->followers[i].state == FOLLOWER_WAITING;
		*any_complete |= fl->followers[i].state == FOLLOWER_COMPLETE;
	}
	return waiting;
}

/*
 * The reader of standard output went away while mmcat waited: end as a
 * write would have, by SIGPIPE, or where that is ignored, by its error.
 */
static bool
reader_gone(struct follow *fl)
{
	progress_release();
	(void)raise(SIGPIPE);
	return output_failed(fl, EPIPE);
}

/* Wait and look again until no file waits, or the --pid processes end. */
static bool
follow_on(struct follow *fl)
{
	bool any_complete;

	for (;;) {
		if (watch_pids_ended(&fl->watch))
			return look_again(fl);	/* a last look, as tail */
		if (!any_waiting(fl, &any_complete))
			break;
		if (watch_wait(&fl->watch) == WATCH_OUTPUT_GONE)
			return reader_gone(fl);
		if (!look_again(fl))
			return false;
	}
	if (!any_complete && fl->status != PRINT_OK) {
		diag(NULL, "no files remaining");
		fl->status = PRINT_FILE_FAILED;
	}
	return true;
}

/* Each file's dump is over: its held partial line goes out. */
static bool
finish_all(struct follow *fl)
{
	size_t i;

	for (i = 0; i < fl->count; i++)
		if (!finish_dump(fl, &fl->followers[i]))
			return false;
	return true;
}

static int
set_up(struct follow *fl, const char *const *files)
{
	size_t i;
	int err;

	if ((err = watch_init(&fl->watch, fl->config->out->fd,
	    fl->options->interval)) != 0)
		return err;
	if ((err = watch_pids(&fl->watch, fl->options->pids,
	    fl->options->pid_count)) != 0)
		return err;
	if (fl->config->keys != NULL) {
		fl->keys = *fl->config->keys;
		fl->keys.terminator = fl->config->terminator;
		if ((fl->prefix = malloc(key_longest(&fl->keys) + 1)) == NULL)
			return ENOMEM;
	}
	fl->buf = malloc(MMCAT_READ_BYTES);
	fl->followers = calloc(fl->count, sizeof *fl->followers);
	if (fl->buf == NULL || fl->followers == NULL)
		return ENOMEM;
	for (i = 0; i < fl->count; i++) {
		fl->followers[i].name = files[i];
		fl->followers[i].watch_handle = -1;
		if (fl->config->hex != NULL) {
			if ((err = hexdump_init(&fl->followers[i].hex,
			    fl->config->hex->layout, fl->config->out)) != 0)
				return err;
			fl->followers[i].has_hex = true;
		}
	}
	return 0;
}

static void
tear_down(struct follow *fl)
{
	struct follower *f;
	size_t i;

	for (i = 0; fl->followers != NULL && i < fl->count; i++) {
		f = &fl->followers[i];
		if (f->is_open && f->started && !f->reads_on)
			source_leave_at(&f->src, f->pos);
		if (f->is_open)
			source_close(&f->src);
		if (f->has_hex)
			hexdump_free(&f->hex);
	}
	free(fl->followers);
	free(fl->buf);
	free(fl->prefix);
	watch_close(&fl->watch);
}

enum print_status
follow_files(const char *const *files, size_t count,
    const struct print_config *config, const struct follow_options *options)
{
	struct follow fl = {
		.config = config, .options = options, .count = count,
		.headers = count > 1, .status = PRINT_OK,
	};
	size_t i;
	int err;

	if ((err = set_up(&fl, files)) != 0) {
		diag(NULL, "%s", strerror(err));
		tear_down(&fl);
		return PRINT_FILE_FAILED;
	}
	progress_hold(display_name(&fl.followers[0]));
	for (i = 0; i < count; i++)
		if (!begin_follower(&fl, &fl.followers[i]))
			break;
	if (i == count && follow_on(&fl))
		(void)finish_all(&fl);
	progress_release();
	tear_down(&fl);
	return fl.status;
}
